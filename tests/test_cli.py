"""The `leyenda` command as a user runs it: build, rebuild, export, info, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leyenda.cli import main

STORY_A = (
    "Prosecutor Helena Vasquez opened the case against Tomás Herrera in 1995.\n\n"
    "Police arrested Herrera in Cali on March 3, 1996. He was 41.\n"
)
STORY_B = (
    "Tomás Herrera was released in 2010, fourteen years after his arrest.\n\n"
    "Today, Herrera lives in Spain, his lawyer said.\n"
)


def write(tmp: Path, name: str, text: str | bytes) -> Path:
    p = tmp / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def export_json(casefile: Path, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    assert main(["export", str(casefile), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_build_export_and_rebuild_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path, "a.txt", STORY_A)
    db = tmp_path / "case.db"
    assert main(["build", str(a), "-o", str(db)]) == 0
    first = export_json(db, capsys)
    assert [d["id"] for d in first["documents"]] == ["a.txt"]
    assert any(e["name"] == "Tomás Herrera" and e["type"] == "person" for e in first["entities"])
    assert main(["build", str(a), "-o", str(db)]) == 0
    out = capsys.readouterr().out
    assert "0 document(s) added, 1 unchanged" in out
    assert export_json(db, capsys) == first


def test_adding_a_document_adds_what_it_brings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = write(tmp_path, "a.txt", STORY_A), write(tmp_path, "b.txt", STORY_B)
    db = tmp_path / "case.db"
    main(["build", str(a), "-o", str(db)])
    before = export_json(db, capsys)
    main(["build", str(a), str(b), "-o", str(db)])
    after = export_json(db, capsys)
    assert len(after["documents"]) == 2
    herrera = [e for e in after["entities"] if e["name"] == "Tomás Herrera"]
    assert len(herrera) == 1
    assert {m["doc"] for m in herrera[0]["mentions"]} == {"a.txt", "b.txt"}
    assert len(after["facts"]) > len(before["facts"])
    released = [f for f in after["facts"] if f["predicate"] == "released"]
    assert released and released[0]["subject"] == herrera[0]["id"]


def test_bad_inputs_are_named_and_the_rest_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.txt", STORY_A)
    empty = write(tmp_path, "empty.txt", "")
    binary = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin = write(tmp_path, "latin.txt", "Se\xf1or Herrera".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    db = tmp_path / "case.db"
    code = main(
        ["build", str(empty), str(binary), str(good), str(latin), str(missing), "-o", str(db)]
    )
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 4
    for path in (empty, binary, latin, missing):
        assert any(str(path) in line for line in lines), path
    assert "UTF-8" in err
    data = export_json(db, capsys)
    assert [d["id"] for d in data["documents"]] == ["good.txt"]


def test_a_failed_build_keeps_what_the_case_file_had(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = write(tmp_path, "a.txt", STORY_A), write(tmp_path, "b.txt", STORY_B)
    db = tmp_path / "case.db"
    main(["build", str(a), "-o", str(db)])
    before = export_json(db, capsys)

    import leyenda.cross
    import leyenda.store

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("resolver crashed")

    # a full resolution (its entities written, its facts not), and an incremental one
    # failing halfway through their writes
    monkeypatch.setattr(leyenda.cross, "_reconcile", broken)
    monkeypatch.setattr(leyenda.store.Store, "replace_facts", broken)
    monkeypatch.setattr(leyenda.store.Store, "replace_facts_about", broken)
    with pytest.raises(RuntimeError):
        main(["build", str(b), "-o", str(db)])
    monkeypatch.undo()
    assert export_json(db, capsys)["entities"] == before["entities"]
    assert export_json(db, capsys)["facts"] == before["facts"]
    # the next build finishes the job: b was analysed and kept, resolution re-runs
    assert main(["build", str(a), str(b), "-o", str(db)]) == 0
    assert len(export_json(db, capsys)["documents"]) == 2
    assert any(f["predicate"] == "released" for f in export_json(db, capsys)["facts"])


def test_missing_case_file_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", str(tmp_path / "nope.db"), "--format", "json"])
    assert code == 2
    err = capsys.readouterr().err
    assert "nope.db" in err and "no such case file" in err


def test_unknown_format_lists_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "case.db"
    main(["build", str(write(tmp_path, "a.txt", STORY_A)), "-o", str(db)])
    capsys.readouterr()
    assert main(["export", str(db), "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "pdf" in err and "json" in err and "markdown" in err


def test_markdown_export_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "case.db"
    main(["build", str(write(tmp_path, "a.txt", STORY_A)), "-o", str(db)])
    out = tmp_path / "dossier.md"
    assert main(["export", str(db), "--format", "markdown", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Tomás Herrera" in text and "A test" not in text
    assert "arrested" in text and "“" in text


def test_info_reports_undated_documents_and_their_unanchored_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = write(tmp_path, "b.txt", STORY_B)
    db = tmp_path / "case.db"
    main(["build", str(b), "-o", str(db)])
    capsys.readouterr()
    assert main(["info", str(db)]) == 0
    out = capsys.readouterr().out
    assert "documents" in out and "people" in out
    assert "b.txt" in out and "Today" in out


def test_file_names_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a newline in a name would forge a second error line, an escape sequence clear the screen
    forged = write(tmp_path, "x\nerror: all is well.txt", "")
    wiper = write(tmp_path, "\x1b[2Jwiped\u202e.txt", "")
    code = main(["build", str(forged), str(wiper), "-o", str(tmp_path / "case.db")])
    err = capsys.readouterr().err
    assert code == 1
    assert "\x1b" not in err and "\u202e" not in err
    lines = err.splitlines()
    assert [line.startswith("error:") for line in lines] == [True, True]
    assert "x\\nerror: all is well.txt: empty file" in lines[0]
    assert "\\x1b[2Jwiped\\u202e.txt: empty file" in lines[1]
    assert main(["info", str(tmp_path / "no\nsuch.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no\\nsuch.db" in err


def test_info_says_an_interrupted_case_file_needs_another_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # documents saved, entities not resolved yet (a build stopped before resolving)
    from leyenda.model import DocAnalysis, Document
    from leyenda.store import RESOLVED_KEY, Store

    db = tmp_path / "case.db"
    with Store.open(db, create=True) as store:
        store.save_analysis(
            DocAnalysis(Document("a.txt", "A", "", None, "a" * 64, STORY_A), (), ())
        )
    assert main(["info", str(db)]) == 0
    out = capsys.readouterr().out
    assert "not resolved" in out and "run build again" in out
    with Store.open(db) as store:
        store.set_meta(RESOLVED_KEY, "yes")
    assert main(["info", str(db)]) == 0
    assert "not resolved" not in capsys.readouterr().out


def test_build_passes_max_size_and_allow_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import leyenda.pipeline

    asked: list[dict[str, object]] = []

    def fake_build(inputs: object, casefile: object, **kwargs: object) -> object:
        asked.append(kwargs)
        return leyenda.pipeline.BuildReport(str(casefile))

    monkeypatch.setattr(leyenda.pipeline, "build", fake_build)
    db = str(tmp_path / "case.db")
    for size, expected in (("500k", 500 * 1024), ("64M", 64 * 1024**2), ("1G", 1024**3)):
        assert main(["build", "a.txt", "-o", db, "--max-size", size, "-q"]) == 0
        assert asked[-1]["max_bytes"] == expected and asked[-1]["allow_outside"] is False
    assert main(["build", "a.txt", "-o", db, "--max-size", "1234", "--allow-outside", "-q"]) == 0
    assert asked[-1]["max_bytes"] == 1234 and asked[-1]["allow_outside"] is True
    assert main(["build", "a.txt", "-o", db, "-q"]) == 0
    assert asked[-1]["max_bytes"] is None  # the library's default
    for bad in ("lots", "-5", "0", "1.5T"):
        with pytest.raises(SystemExit) as exit_:
            main(["build", "a.txt", "-o", db, "--max-size", bad])
        assert exit_.value.code == 2
        assert "--max-size" in capsys.readouterr().err


def test_build_refuses_what_a_manifest_points_outside_and_what_is_too_large(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "case").mkdir()
    write(tmp_path, "outside.txt", STORY_B)
    write(tmp_path / "case", "a.txt", STORY_A)
    m = write(tmp_path / "case", "m.jsonl", '{"path": "../outside.txt"}\n{"path": "a.txt"}\n')
    big = write(tmp_path / "case", "big.txt", STORY_A * 20)
    db = tmp_path / "case.db"
    assert main(["build", str(m), str(big), "-o", str(db), "--max-size", "1k"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {m}: manifest line 1: '../outside.txt' is outside")
    assert lines[1].startswith(f"error: {big}: ")
    assert lines[1].endswith("larger than the 1 kB limit (--max-size)")
    assert [d["id"] for d in export_json(db, capsys)["documents"]] == ["a.txt"]
    assert main(["build", str(m), "-o", str(db), "--allow-outside", "-q"]) == 0
    assert capsys.readouterr().err == ""
    documents = export_json(db, capsys)["documents"]
    assert sorted(d["id"] for d in documents) == ["a.txt", "outside.txt"]
