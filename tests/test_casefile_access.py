"""A case file one may only read can be read; two builds of one case file never corrupt it
(issue 17, items 13 and 14)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from leyenda.cli import main
from leyenda.pipeline import build
from leyenda.store import Store, build_lock

STORY = (
    "Marta Quiroga founded the Lumen Press in Valparaiso in 1998.\n"
    "Quiroga was arrested in Lima in 2004.\n"
)


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """The paths as no one, root included, may write them: immutable (chattr +i) where the
    file system allows it, else read-only permissions for a user who is not root."""
    if (
        shutil.which("chattr")
        and subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True).returncode == 0
    ):
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        return
    if os.geteuid() == 0:
        pytest.skip("root without chattr +i: no way to make a file unwritable here")
    modes = [p.stat().st_mode for p in paths]
    for p in paths:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield
    finally:
        for p, mode in zip(paths, modes, strict=True):
            p.chmod(mode)


@pytest.fixture
def casefile(tmp_path: Path, nlp: Any) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    out = folder / "case.db"
    build([tmp_path / "a.txt"], out, nlp=nlp)
    return out


def test_read_commands_read_a_case_file_no_one_may_write(
    casefile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with unwritable(casefile, casefile.parent):
        assert main(["info", str(casefile)]) == 0
        assert "documents" in capsys.readouterr().out
        assert main(["export", str(casefile), "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert any(e["name"] == "Marta Quiroga" for e in data["entities"])
        assert main(["ask", str(casefile), "Who is Marta Quiroga?"]) == 0
        assert "Quiroga" in capsys.readouterr().out


def test_writing_to_a_case_file_no_one_may_write_is_one_line_and_exit_2(
    casefile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "b.txt").write_text("Tomas Ibarra was born in Lima in 1950.\n", encoding="utf-8")
    with unwritable(casefile, casefile.parent):
        code = main(["build", str(tmp_path / "b.txt"), "-o", str(casefile), "--workers", "1"])
        err = capsys.readouterr().err
        assert code == 2
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert str(casefile) in err and "read-only" in err
        assert main(["merge", str(casefile), "Marta Quiroga", "Quiroga"]) == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_readonly_store_refuses_every_write(casefile: Path) -> None:
    with Store.open(casefile, readonly=True) as store:
        assert store.document_count() == 1
        with pytest.raises(sqlite3.OperationalError):
            store.set_meta("x", "y")


def test_a_second_build_waits_for_the_first_and_says_why(
    casefile: Path, tmp_path: Path, nlp: Any
) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(STORY, encoding="utf-8")  # the same bytes under another name
    told: list[str] = []
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with build_lock(casefile):
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    started = time.monotonic()
    report = build(
        [copy],
        casefile,
        nlp=nlp,
        progress=lambda event, item, *_: told.append(str(item)) if event == "waiting" else None,
    )
    holder.join()
    assert time.monotonic() - started >= 0.4  # it waited for the lock
    assert told and "another build" in told[0] and str(casefile) in told[0]
    assert report.unchanged == ["copy.txt"] and not report.failed


def test_two_builds_at_once_of_a_new_case_file_both_succeed(tmp_path: Path) -> None:
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "same.txt").write_text(STORY, encoding="utf-8")  # identical bytes
        (folder / f"{name}.txt").write_text(
            f"Person {name.title()}son was arrested in Lima in 2001.\n", encoding="utf-8"
        )
    out = tmp_path / "new.db"
    cmds = [
        [sys.executable, "-m", "leyenda.cli", "build", str(tmp_path / n), "-o", str(out),
         "--workers", "1", "-q"]
        for n in ("one", "two")
    ]  # fmt: skip
    procs = [subprocess.Popen(c, stderr=subprocess.PIPE, text=True) for c in cmds]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert not any("Traceback" in e for e in errs)
    with sqlite3.connect(out) as conn:
        texts = sorted(r[0] for r in conn.execute("SELECT text FROM documents"))
    assert len(texts) == 3 and texts.count(STORY) == 1


def test_a_build_that_fails_before_writing_leaves_no_empty_case_file(tmp_path: Path) -> None:
    out = tmp_path / "never.db"
    with pytest.raises(RuntimeError), build_lock(out):
        raise RuntimeError("stopped")
    assert not out.exists()
