"""Which stored document an input is: nothing stored is lost to a namesake, an edited file
replaces its old version and says so, a changed title or date is taken, a stopped build
resumes with only the rest (issue 17, items 2–5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from leyenda.pipeline import build
from leyenda.store import Store

from .conftest import as_schema

STORY_A = "Marta Quiroga founded the Lumen Press in Valparaiso in 1998.\n"
STORY_B = "Tomas Ibarra was arrested in Lima in 2004.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stored(casefile: Path) -> dict[str, tuple[str, str | None, str]]:
    """id → (title, published, text) of every stored document."""
    with sqlite3.connect(casefile) as conn:
        rows = conn.execute("SELECT id, title, published, text FROM documents").fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_the_same_file_name_from_another_folder_is_another_document(
    tmp_path: Path, nlp: Any
) -> None:
    casefile = tmp_path / "case.db"
    first = build([write(tmp_path / "A" / "story.txt", STORY_A)], casefile, nlp=nlp)
    second = build([write(tmp_path / "B" / "story.txt", STORY_B)], casefile, nlp=nlp)
    assert first.added == ["story.txt"]
    assert len(second.added) == 1 and second.added[0].startswith("story.txt#")
    texts = {text for _title, _published, text in stored(casefile).values()}
    assert texts == {STORY_A, STORY_B}  # A's article is still there


def test_two_manifests_reusing_an_id_keep_both_documents(tmp_path: Path, nlp: Any) -> None:
    casefile = tmp_path / "case.db"
    one = write(tmp_path / "one" / "m.jsonl", json.dumps({"id": "x", "text": STORY_A}) + "\n")
    two = write(tmp_path / "two" / "m.jsonl", json.dumps({"id": "x", "text": STORY_B}) + "\n")
    build([one], casefile, nlp=nlp)
    report = build([two], casefile, nlp=nlp)
    assert report.added and report.added[0] != "x"
    assert {t for _a, _b, t in stored(casefile).values()} == {STORY_A, STORY_B}


def test_document_ids_do_not_depend_on_the_order_of_the_inputs(tmp_path: Path, nlp: Any) -> None:
    a = write(tmp_path / "A" / "story.txt", STORY_A)
    b = write(tmp_path / "B" / "story.txt", STORY_B)
    build([a, b], tmp_path / "ab.db", nlp=nlp)
    build([b, a], tmp_path / "ba.db", nlp=nlp)
    ab, ba = stored(tmp_path / "ab.db"), stored(tmp_path / "ba.db")
    assert ab.keys() == ba.keys() and len(ab) == 2
    assert {k: v[2] for k, v in ab.items()} == {k: v[2] for k, v in ba.items()}


def test_an_edited_file_at_the_same_path_replaces_its_old_version_and_says_so(
    tmp_path: Path, nlp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from leyenda.cli import main

    casefile = tmp_path / "case.db"
    path = write(tmp_path / "A" / "story.txt", STORY_A)
    build([path], casefile, nlp=nlp)
    write(path, STORY_A + "She sold it in 2011.\n")
    assert main(["build", str(path), "-o", str(casefile), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 replaced" in out and "0 document(s) added" in out
    assert list(stored(casefile)) == ["story.txt"]
    assert "sold it in 2011" in stored(casefile)["story.txt"][2]
    with Store.open(casefile) as store:
        assert store.get_meta("resolved") == "yes"


def test_a_changed_title_or_date_in_the_manifest_updates_and_re_anchors(
    tmp_path: Path, nlp: Any
) -> None:
    text = "Tomas Ibarra was arrested in Lima last year.\n"
    manifest = tmp_path / "m.jsonl"
    write(tmp_path / "a.txt", text)
    row = {"path": "a.txt", "title": "Old title", "published": "2010-05-01"}
    write(manifest, json.dumps(row) + "\n")
    casefile = tmp_path / "case.db"
    build([manifest], casefile, nlp=nlp)
    arrested = _arrest_years(casefile)
    assert arrested == ["2009"]
    write(manifest, json.dumps({**row, "title": "New title", "published": "2015-05-01"}) + "\n")
    report = build([manifest], casefile, nlp=nlp)
    assert report.updated == ["a.txt"] and not report.added and not report.unchanged
    assert stored(casefile)["a.txt"][:2] == ("New title", "2015-05-01")
    assert _arrest_years(casefile) == ["2014"]  # the relative date re-anchored
    again = build([manifest], casefile, nlp=nlp)
    assert again.unchanged == ["a.txt"] and not again.updated


def test_a_changed_source_alone_is_stored_without_a_new_analysis(tmp_path: Path, nlp: Any) -> None:
    manifest = tmp_path / "m.jsonl"
    write(tmp_path / "a.txt", STORY_B)
    write(manifest, json.dumps({"path": "a.txt", "source": "Daily One"}) + "\n")
    casefile = tmp_path / "case.db"
    build([manifest], casefile, nlp=nlp)
    write(manifest, json.dumps({"path": "a.txt", "source": "Daily Two"}) + "\n")
    report = build([manifest], casefile, nlp=nlp)
    assert report.updated == ["a.txt"] and report.resolution == ""
    with sqlite3.connect(casefile) as conn:
        assert conn.execute("SELECT source FROM documents").fetchone()[0] == "Daily Two"


def _arrest_years(casefile: Path) -> list[str]:
    from leyenda.api import export_casefile

    data = json.loads(export_casefile(casefile, "json"))
    return [f["time"]["start"][:4] for f in data["facts"] if f["predicate"] == "arrested"]


def test_a_build_stopped_halfway_resumes_with_only_the_rest(tmp_path: Path, nlp: Any) -> None:
    folder = tmp_path / "docs"
    for n in range(6):
        write(folder / f"{n}.txt", f"Person Number{n} Example was arrested in Lima in 200{n}.\n")
    casefile = tmp_path / "case.db"

    def stop_after_three(event: str, item: object, done: int, total: int) -> None:
        if event == "analysed" and done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([folder], casefile, nlp=nlp, progress=stop_after_three)
    again = build([folder], casefile, nlp=nlp)
    assert not again.reanalysed  # the three saved analyses are current: not redone
    assert len(again.unchanged) == 3 and len(again.added) == 3


def test_analyses_by_another_analyser_are_redone_and_only_those(tmp_path: Path, nlp: Any) -> None:
    folder = tmp_path / "docs"
    write(folder / "a.txt", STORY_A)
    write(folder / "b.txt", STORY_B)
    casefile = tmp_path / "case.db"
    build([folder], casefile, nlp=nlp)
    with sqlite3.connect(casefile) as conn:
        conn.execute("UPDATE analyses SET analyser = 'older' WHERE doc_id = 'a.txt'")
    again = build([folder], casefile, nlp=nlp)
    assert again.reanalysed == ["a.txt"] and again.unchanged == ["a.txt", "b.txt"]


def test_a_case_file_from_before_per_document_analysers_keeps_its_analyses(
    tmp_path: Path, nlp: Any
) -> None:
    """Schema 5 recorded one analyser for the whole case file (meta 'analyser'); on open
    each analysis takes it, so an up-to-date case file is not analysed again."""
    from leyenda.analyse import analyser_fingerprint

    write(tmp_path / "docs" / "a.txt", STORY_A)
    casefile = tmp_path / "case.db"
    build([tmp_path / "docs"], casefile, nlp=nlp)
    with sqlite3.connect(casefile) as conn:  # as a schema-5 case file is
        as_schema(conn, 5)
        conn.execute("INSERT INTO meta VALUES ('analyser', ?)", (analyser_fingerprint(),))
    again = build([tmp_path / "docs"], casefile, nlp=nlp)
    assert again.unchanged == ["a.txt"] and not again.reanalysed
