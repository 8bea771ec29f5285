"""Builds on several cores, on Ray, and interrupted builds: the case file must not change.

The corpus is made here from combinations of invented names, so every document has its own
bytes and more than one batch goes to the worker pool.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from leyenda import build
from leyenda.api import export_casefile
from leyenda.nlp import BATCH_SIZE

pytestmark = pytest.mark.model

FIRST = ["Marisol", "Teodoro", "Anselmo", "Rebeca", "Lucio", "Yolanda", "Octavio", "Irene"]
LAST = ["Ibarra", "Quezada", "Montalvo", "Cisneros", "Arredondo", "Villalobos"]
CITIES = ["Tijuana", "Culiacán", "Monterrey", "Hermosillo"]


def make_corpus(path: Path, n: int) -> Path:
    """A manifest of n short, distinct news items about invented people."""
    rows = []
    for i in range(n):
        a = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        b = f"{FIRST[(i + 3) % len(FIRST)]} {LAST[(i + 1) % len(LAST)]}"
        text = (
            f"{a} was arrested in {CITIES[i % len(CITIES)]} on March {i % 28 + 1}, "
            f"{1980 + i % 20}. {a.split()[1]}, {30 + i % 40}, had worked for {b} since 1979. "
            f"Item {i}.\n"
        )
        rows.append({"id": f"item{i:03d}", "title": f"Item {i}", "published": "2020-05-01"})
        rows[-1]["text"] = text
    manifest = path / "corpus.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return manifest


def exported(casefile: Path) -> Any:
    return json.loads(export_casefile(casefile, "json"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 3 * BATCH_SIZE + 5)


@pytest.fixture(scope="module")
def one_worker(corpus: Path, nlp: Any) -> Any:
    out = corpus.parent / "one.db"
    build([corpus], out, nlp=nlp)
    return exported(out)


def test_two_workers_write_the_case_file_one_worker_writes(
    corpus: Path, one_worker: Any, tmp_path: Path
) -> None:
    report = build([corpus], tmp_path / "two.db", workers=2)
    assert len(report.added) == 3 * BATCH_SIZE + 5
    assert exported(tmp_path / "two.db") == one_worker


def test_an_interrupted_build_keeps_what_it_saved_and_the_next_one_finishes(
    corpus: Path, one_worker: Any, tmp_path: Path
) -> None:
    out = tmp_path / "stopped.db"

    def stop_after_twenty(event: str, item: object, done: int, total: int) -> None:
        if event == "analysed" and done == 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, workers=2, progress=stop_after_twenty)
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 20
    again = build([corpus], out, workers=2)
    assert len(again.unchanged) == 20
    assert len(again.added) == 3 * BATCH_SIZE + 5 - 20
    assert exported(out) == one_worker


def test_ctrl_c_on_the_command_line_stops_cleanly_and_a_rerun_resumes(
    tmp_path: Path, one_worker: Any, corpus: Path
) -> None:
    big = make_corpus(tmp_path, 40 * BATCH_SIZE)
    out = tmp_path / "cli.db"
    cmd = [sys.executable, "-m", "leyenda.cli", "build", str(big), "-o", str(out), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    saved = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.3)
        if out.exists():
            try:
                with sqlite3.connect(out, timeout=1) as conn:
                    saved = conn.execute("SELECT count(*) FROM analyses").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if saved >= BATCH_SIZE:
                break
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted" in err and "run again to resume" in err
    assert "Traceback" not in err
    with sqlite3.connect(out) as conn:
        kept = conn.execute("SELECT count(*) FROM analyses").fetchone()[0]
    assert kept >= saved
    rerun = subprocess.run([*cmd, "-q"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 40 * BATCH_SIZE


def test_zero_workers_is_refused_by_the_command_line(tmp_path: Path, corpus: Path) -> None:
    from leyenda.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["build", str(corpus), "-o", str(tmp_path / "x.db"), "--workers", "0"])
    assert stop.value.code == 2


def test_an_unknown_engine_is_an_error(tmp_path: Path, corpus: Path) -> None:
    from leyenda.errors import LeyendaError

    with pytest.raises(LeyendaError, match="unknown engine 'spark'"):
        build([corpus], tmp_path / "x.db", engine="spark")


_HAS_RAY = importlib.util.find_spec("ray") is not None


@pytest.mark.skipif(
    not _HAS_RAY and os.environ.get("LEYENDA_REQUIRE_RAY") != "1",
    reason="Ray is not installed (pip install 'leyenda[ray]'); CI installs it",
)
def test_a_ray_build_writes_the_case_file_a_local_build_writes(
    corpus: Path, one_worker: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leyenda import cross

    # Ray decides the groups the streamed steps read from the case file, as for a corpus
    # past the in-memory cap (the local build ran in memory)
    monkeypatch.setattr(cross, "IN_MEMORY_CLUSTERS", 0)
    out = tmp_path / "ray.db"
    report = build([corpus], out, engine="ray", workers=2)
    assert len(report.added) == 3 * BATCH_SIZE + 5
    assert exported(out) == one_worker


def test_analyses_from_another_leyenda_are_redone_from_the_stored_text(
    tmp_path: Path, nlp: Any
) -> None:
    from tests.conftest import EXAMPLES

    out = tmp_path / "upgrade.db"
    manifest = EXAMPLES / "manifest.jsonl"
    build([manifest], out, nlp=nlp)
    before = exported(out)
    # what an older leyenda would have left: another fingerprint, and analyses without facts
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE analyses SET analyser = 'older'")
        rows = conn.execute("SELECT doc_id, json FROM analyses").fetchall()
        for doc_id, raw in rows:
            data = json.loads(raw)
            data["facts"] = []
            conn.execute(
                "UPDATE analyses SET json = ? WHERE doc_id = ?", (json.dumps(data), doc_id)
            )
    report = build([manifest], out, nlp=nlp)
    assert sorted(report.reanalysed) == sorted(r[0] for r in rows)
    assert report.added == []
    assert exported(out) == before
    again = build([manifest], out, nlp=nlp)
    assert again.reanalysed == [] and again.added == []
