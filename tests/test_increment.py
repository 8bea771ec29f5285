"""Adding documents to a case file re-decides only their blocks, and gives the case file a
build of everything at once gives; when it could not, the build resolves in full."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leyenda import build
from leyenda.api import export_casefile
from leyenda.store import STATE_KEY, Store

from .conftest import as_schema

# every test after a build whose cross-document stage ran in memory, then streamed
pytestmark = [pytest.mark.model, pytest.mark.usefixtures("cross_route")]

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def exported(casefile: Path) -> Any:
    data = json.loads(export_casefile(casefile, "json"))
    for doc in data["documents"]:  # where each input came from is the only thing that may differ
        doc.pop("source", None)
        doc.pop("path", None)
    data.pop("leyenda", None)
    return data


def manifest(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def one_build(tmp_path: Path, rows: list[dict[str, str]], nlp: Any) -> Any:
    """The export of a case file built from `rows` at once: what increments must give."""
    whole = tmp_path / "whole.db"
    build([manifest(tmp_path / "all.jsonl", rows)], whole, nlp=nlp)
    return exported(whole)


def story_rows() -> list[dict[str, str]]:
    """Our example articles and the seed articles, as manifest rows with their text."""
    rows = []
    for folder in (EXAMPLES, SHARED / "seeds"):
        for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            text = (folder / item["path"]).read_text(encoding="utf-8")
            rows.append({"id": item.get("id") or item["path"], "title": item["title"], "text": text,
                         "published": item.get("published") or "2020-01-01"})  # fmt: skip
    return rows


def test_adding_articles_one_by_one_gives_the_case_file_of_one_build(
    tmp_path: Path, nlp: Any
) -> None:
    rows = story_rows()
    assert len(rows) >= 5
    whole = tmp_path / "whole.db"
    build([manifest(tmp_path / "all.jsonl", rows)], whole, nlp=nlp)
    grown = tmp_path / "grown.db"
    ways = []
    report = build([manifest(tmp_path / "first.jsonl", rows[:2])], grown, nlp=nlp)
    assert report.resolution == "full"
    for i, row in enumerate(rows[2:]):
        report = build([manifest(tmp_path / f"more{i}.jsonl", [row])], grown, nlp=nlp)
        assert report.added == [row["id"]]
        ways.append(report.resolution)
    assert exported(grown) == exported(whole)
    # the story's articles name the same people: most additions stay incremental
    assert ways.count("incremental") >= len(ways) // 2, ways


NEWS = [
    ("a", "Carmen Arriaga was arrested in Tijuana in 1990. Arriaga denied the charges."),
    ("b", "Arriaga was released in 1994, her lawyer said."),
    ("c", "Rodolfo Quiroga, an accountant, was born in 1950 in Durango."),
    ("d", "Quiroga died in 2001 in Durango."),
]


def rows_of(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"id": i, "title": f"Item {i}", "text": t, "published": "2020-05-01"} for i, t in items]


def test_a_document_that_only_adds_is_resolved_incrementally(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "base.jsonl", rows_of(NEWS[:3]))], casefile, nlp=nlp)

    def no_full_resolution(store: Store) -> None:
        raise AssertionError("resolved in full")

    monkeypatch.setattr("leyenda.pipeline.resolve_store", no_full_resolution)
    report = build([manifest(tmp_path / "d.jsonl", rows_of(NEWS[3:]))], casefile, nlp=nlp)
    assert report.resolution == "incremental"
    monkeypatch.undo()
    assert exported(casefile) == one_build(tmp_path, rows_of(NEWS), nlp)
    quiroga = [e for e in exported(casefile)["entities"] if e["name"] == "Rodolfo Quiroga"]
    assert {m["doc"] for m in quiroga[0]["mentions"]} == {"c", "d"}
    died = [f for f in exported(casefile)["facts"] if f["predicate"] == "died"]
    assert died and died[0]["subject"] == quiroga[0]["id"]


def test_a_document_that_makes_a_surname_ambiguous_resolves_everything_again(
    tmp_path: Path, nlp: Any
) -> None:
    """A lone "Arriaga" meant the only Arriaga; once a second one is named it means neither."""
    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "base.jsonl", rows_of(NEWS[:2]))], casefile, nlp=nlp)
    before = exported(casefile)
    carmen = next(e for e in before["entities"] if e["name"] == "Carmen Arriaga")
    assert "b" in {m["doc"] for m in carmen["mentions"]}
    more = [("e", "Jacinto Arriaga, a farmer, was born in Sonora in 1961.")]
    report = build([manifest(tmp_path / "e.jsonl", rows_of(more))], casefile, nlp=nlp)
    assert report.resolution == "full"
    assert exported(casefile) == one_build(tmp_path, rows_of(NEWS[:2] + more), nlp)
    carmen = next(e for e in exported(casefile)["entities"] if e["name"] == "Carmen Arriaga")
    assert "b" not in {m["doc"] for m in carmen["mentions"]}


def test_a_case_file_without_resolution_state_is_resolved_in_full_and_then_has_it(
    tmp_path: Path, nlp: Any
) -> None:
    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "base.jsonl", rows_of(NEWS[:2]))], casefile, nlp=nlp)
    with Store.open(casefile) as store:  # as a case file of an older leyenda would be
        store.set_meta(STATE_KEY, "")
    report = build([manifest(tmp_path / "c.jsonl", rows_of(NEWS[2:3]))], casefile, nlp=nlp)
    assert report.resolution == "full"
    report = build([manifest(tmp_path / "d.jsonl", rows_of(NEWS[3:]))], casefile, nlp=nlp)
    assert report.resolution == "incremental"


def test_a_user_merge_makes_every_later_build_a_full_one(tmp_path: Path, nlp: Any) -> None:
    from leyenda.overrides import merge_entities

    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "base.jsonl", rows_of(NEWS[:3]))], casefile, nlp=nlp)
    merge_entities(casefile, "Carmen Arriaga", "Rodolfo Quiroga")
    report = build([manifest(tmp_path / "d.jsonl", rows_of(NEWS[3:]))], casefile, nlp=nlp)
    assert report.resolution == "full"
    names = {e["name"] for e in exported(casefile)["entities"] if e["type"] == "person"}
    assert not ({"Carmen Arriaga", "Rodolfo Quiroga"} <= names)  # still one entity


def test_an_increment_reconciles_the_subjects_it_touches_and_keeps_the_others_disputes(
    tmp_path: Path, nlp: Any
) -> None:
    """A dispute that a new document starts is found, and one that it does not touch is
    kept, although only the new document's subjects are reconciled again."""
    items = [
        ("a", "Carmen Arriaga was born on March 5, 1950, in Tijuana."),
        ("b", "Rodolfo Quiroga, an accountant, was arrested in Durango in 1988."),
        ("c", "Carmen Arriaga was born on March 9, 1950, a court record shows."),
        ("d", "Rodolfo Quiroga died in 2001 in Durango."),
    ]
    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "ab.jsonl", rows_of(items[:2]))], casefile, nlp=nlp)
    ways = []
    for item in items[2:]:
        report = build(
            [manifest(tmp_path / f"{item[0]}.jsonl", rows_of([item]))], casefile, nlp=nlp
        )
        ways.append(report.resolution)
        disputes = [c for c in exported(casefile)["conflicts"] if c["kind"] == "date"]
        assert len(disputes) == 1 and "Carmen Arriaga" in disputes[0]["summary"]
    assert ways == ["incremental", "incremental"]
    assert exported(casefile) == one_build(tmp_path, rows_of(items), nlp)


def test_a_case_file_from_before_plain_ids_resolves_in_full_once_then_adds(
    tmp_path: Path, nlp: Any
) -> None:
    """Schema 4 keeps each entity's plain id; a schema-3 case file gets the column on open
    and its next build resolves in full, after which documents are added incrementally."""
    import sqlite3

    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "base.jsonl", rows_of(NEWS[:2]))], casefile, nlp=nlp)
    with sqlite3.connect(casefile) as conn:  # as a schema-3 case file is
        as_schema(conn, 3)
    report = build([manifest(tmp_path / "c.jsonl", rows_of(NEWS[2:3]))], casefile, nlp=nlp)
    assert report.resolution == "full"
    report = build([manifest(tmp_path / "d.jsonl", rows_of(NEWS[3:]))], casefile, nlp=nlp)
    assert report.resolution == "incremental"
    assert exported(casefile) == one_build(tmp_path, rows_of(NEWS), nlp)


def test_an_increment_keeps_a_depiction_difference_a_stored_article_explains(
    tmp_path: Path, nlp: Any
) -> None:
    """A seed article says the show told an arrest otherwise (a fact about the show). A
    new article that only repeats the show's version touches the arrested man alone, yet
    his depiction difference still cites the stored article's fact about the show."""
    seed = next(r for r in story_rows() if "went far less dramatically" in r["text"])
    show = {"id": "q", "title": "Season 2", "published": "2020-03-01",
            "text": "Miguel Ángel Félix Gallardo is arrested in 1989 at the end of Season 2 "
                    "of Narcos: Mexico.\n"}  # fmt: skip
    grown = tmp_path / "grown.db"
    build([manifest(tmp_path / "seed.jsonl", [seed])], grown, nlp=nlp)
    report = build([manifest(tmp_path / "q.jsonl", [show])], grown, nlp=nlp)
    assert report.resolution == "incremental"
    told = [c for c in exported(grown)["conflicts"] if c["kind"] == "depiction"]
    assert any("arrest" in c["summary"] and "otherwise" in c["summary"] for c in told)
    assert exported(grown) == one_build(tmp_path, [seed, show], nlp)


def test_new_documents_are_found_after_the_last_resolution_s_newest(
    tmp_path: Path, nlp: Any
) -> None:
    """A build finds the documents it may add incrementally among those stored after the
    last resolution's newest one; a case file without that mark is searched in full, with
    the same answer."""
    from leyenda.analyse import analyse_documents, analyser_fingerprint
    from leyenda.ingest import iter_documents
    from leyenda.model import Document
    from leyenda.store import CLUSTERED_KEY

    casefile = tmp_path / "case.db"
    build([manifest(tmp_path / "ab.jsonl", rows_of(NEWS[:2]))], casefile, nlp=nlp)
    [doc] = [d for d in iter_documents([manifest(tmp_path / "c.jsonl", rows_of(NEWS[2:3]))])]
    assert isinstance(doc, Document)
    with Store.open(casefile) as store:
        assert store.get_meta(CLUSTERED_KEY) == "2"
        assert store.unclustered_documents() == []
        store.save_analysis(next(analyse_documents([doc], nlp=nlp)), analyser_fingerprint())
        assert store.unclustered_documents() == ["c"]
        with store.atomic():
            store._conn.execute("DELETE FROM meta WHERE key = ?", (CLUSTERED_KEY,))
        assert store.unclustered_documents() == ["c"]
    report = build([], casefile, nlp=nlp)  # finishes what the stored analysis started
    assert report.resolution == "incremental"
    with Store.open(casefile) as store:
        assert store.get_meta(CLUSTERED_KEY) == "3" and store.unclustered_documents() == []
    assert exported(casefile) == one_build(tmp_path, rows_of(NEWS[:3]), nlp)
