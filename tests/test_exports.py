"""Exports of a hand-made case file: the SPEC's JSON contract, JSONL, and the Markdown dossier.

No spaCy here: the case file is built by hand, so each test pins what the writers do with
known content (field names and shapes, the scorer reading our JSON, citations, escaping).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from leyenda.errors import ExportError
from leyenda.exports import FORMATS, TEXT_FORMATS, export, to_dict
from leyenda.exports.markdown import escape
from leyenda.model import (
    CaseFile,
    Conflict,
    Document,
    Entity,
    Evidence,
    Fact,
    MentionRef,
    MergeReason,
    TimeSpan,
)

from .conftest import SCORER

EVIL = "<script>alert(1)</script> *bold* [x](javascript:alert(1))"

TEXT_A = (
    'Enrique "Kiki" Camarena was a DEA agent. '
    "His body was found on March 7, 1985. "
    "In Narcos: Mexico, Camarena is played by Michael Peña. "
    "Félix Gallardo, 74, lives in prison. "
    f"On May 1, 1984, Camarena met a source who wrote {EVIL} in a note."
)
TEXT_B = (
    "Camarena's body was found on March 5, 1985.\n"
    "Today, the show depicts Camarena killed in Guadalajara.\u2028"
    "In reality Camarena was killed in Guadalajara in 1985."
)

DOC_A = Document(
    "doc_a", "Narcos: Mexico, explained", "Example News", "2020-02-13", "a" * 64, TEXT_A
)
DOC_B = Document("doc_b", "What the *show* got <b>wrong</b>", "", None, "b" * 64, TEXT_B)


def ev(doc: Document, sentence: str) -> Evidence:
    """Evidence for a sentence of a document, cut from its text so quote == text[start:end]."""
    start = doc.text.index(sentence)
    return Evidence.of(doc, start, start + len(sentence))


def mention(doc: Document, name: str, occurrence: int = 0) -> MentionRef:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(name, start + 1)
    return MentionRef(doc.id, start, start + len(name), name)


CAMARENA = Entity(
    "ent_camarena",
    "person",
    "Enrique Camarena",
    ("Kiki", "Camarena"),
    True,
    (
        mention(DOC_A, 'Enrique "Kiki" Camarena'),
        mention(DOC_A, "Camarena", 1),
        mention(DOC_B, "Camarena"),
    ),
    (MergeReason("surname", ("Enrique Camarena", "Camarena"), "Camarena is the surname."),),
)
PENA = Entity("ent_pena", "person", "Michael Peña", (), True, (mention(DOC_A, "Michael Peña"),))
GALLARDO = Entity(
    "ent_gallardo", "person", "Félix Gallardo", (), True, (mention(DOC_A, "Félix Gallardo"),)
)
NARCOS = Entity(
    "ent_narcos", "work", "Narcos: Mexico", (), None, (mention(DOC_A, "Narcos: Mexico"),)
)
DEA = Entity(
    "ent_dea",
    "organization",
    "DEA",
    ("Drug Enforcement Administration",),
    None,
    (mention(DOC_A, "DEA"),),
)
GDL = Entity("ent_gdl", "place", "Guadalajara", (), None, (mention(DOC_B, "Guadalajara"),))
EVIL_PERSON = Entity(
    "ent_evil",
    "person",
    "a source",
    ("[y](javascript:alert(2))",),
    None,
    (mention(DOC_A, "a source"),),
)

FACTS = (
    Fact(
        "f_found_a",
        "ent_camarena",
        "body_found",
        "reality",
        time=TimeSpan("1985-03-07", "1985-03-07", "March 7, 1985"),
        evidence=(ev(DOC_A, "His body was found on March 7, 1985."),),
    ),
    Fact(
        "f_found_b",
        "ent_camarena",
        "body_found",
        "reality",
        time=TimeSpan("1985-03-05", "1985-03-05", "March 5, 1985"),
        evidence=(ev(DOC_B, "Camarena's body was found on March 5, 1985."),),
    ),
    Fact(
        "f_portrayal",
        "ent_camarena",
        "portrayed_by",
        "reality",
        object="ent_pena",
        work="ent_narcos",
        evidence=(ev(DOC_A, "In Narcos: Mexico, Camarena is played by Michael Peña."),),
    ),
    Fact(
        "f_employee",
        "ent_camarena",
        "employee_of",
        "reality",
        object="ent_dea",
        evidence=(ev(DOC_A, 'Enrique "Kiki" Camarena was a DEA agent.'),),
    ),
    Fact(
        "f_age",
        "ent_gallardo",
        "age",
        "reality",
        value=74,
        time=TimeSpan("2020-02-13", "2020-02-13", "74"),
        evidence=(ev(DOC_A, "Félix Gallardo, 74, lives in prison."),),
    ),
    Fact(
        "f_born",
        "ent_gallardo",
        "born",
        "reality",
        time=TimeSpan("1945-02-14", "1946-02-13", "74"),
        derived_from=("f_age",),
    ),
    Fact(
        "f_met",
        "ent_camarena",
        "met",
        "reality",
        object="ent_evil",
        time=TimeSpan("1984-05-01", "1984-05-01", "May 1, 1984"),
        evidence=(ev(DOC_A, f"On May 1, 1984, Camarena met a source who wrote {EVIL} in a note."),),
    ),
    Fact(
        "f_killed_show",
        "ent_camarena",
        "killed",
        "depiction",
        work="ent_narcos",
        place="ent_gdl",
        evidence=(ev(DOC_B, "Today, the show depicts Camarena killed in Guadalajara."),),
    ),
    Fact(
        "f_killed_real",
        "ent_camarena",
        "killed",
        "reality",
        place="ent_gdl",
        time=TimeSpan("1985", "1985", "in 1985"),
        evidence=(ev(DOC_B, "In reality Camarena was killed in Guadalajara in 1985."),),
    ),
)

CONFLICTS = (
    Conflict(
        "c_found",
        "date",
        ("f_found_a", "f_found_b"),
        "The sources disagree on Enrique Camarena's body found: 1985-03-07 vs 1985-03-05.",
    ),
    Conflict(
        "c_show",
        "depiction",
        ("f_killed_show", "f_killed_real"),
        "The show departs from the record on Enrique Camarena's death.",
    ),
)


def make_casefile(**changes: Any) -> CaseFile:
    cf = CaseFile(
        documents=(DOC_A, DOC_B),
        entities=(CAMARENA, PENA, GALLARDO, NARCOS, DEA, GDL, EVIL_PERSON),
        facts=FACTS,
        conflicts=CONFLICTS,
        unresolved_times={"doc_b": ("Today",), "doc_a": ()},
    )
    return dataclasses.replace(cf, **changes)


@pytest.fixture()
def casefile() -> CaseFile:
    return make_casefile()


@pytest.fixture()
def exported(casefile: CaseFile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export(casefile, "json"))
    return data


# -- JSON: the SPEC contract -----------------------------------------------------------------


def test_json_top_level_and_document_shape(exported: dict[str, Any]) -> None:
    assert set(exported) == {
        "leyenda",
        "documents",
        "entities",
        "facts",
        "conflicts",
        "unresolved_times",
    }
    assert isinstance(exported["leyenda"], str) and exported["leyenda"]
    docs = {d["id"]: d for d in exported["documents"]}
    assert set(docs) == {"doc_a", "doc_b"}
    for d in docs.values():
        assert set(d) == {"id", "title", "source", "published", "sha256", "source_group", "text"}
        assert d["source_group"] == d["id"]  # two unrelated articles: a source each
    assert docs["doc_a"]["published"] == "2020-02-13"
    assert docs["doc_b"]["published"] is None
    assert docs["doc_b"]["text"] == TEXT_B
    assert docs["doc_a"]["sha256"] == "a" * 64
    # only documents with something unanchored are listed, as lists of the times as written
    assert exported["unresolved_times"] == {"doc_b": ["Today"]}


def test_json_entity_shape(exported: dict[str, Any]) -> None:
    ents = {e["id"]: e for e in exported["entities"]}
    for e in ents.values():
        assert set(e) == {"id", "type", "name", "aliases", "real", "mentions", "merged_because"}
        assert e["type"] in {"person", "organization", "place", "work", "other"}
        assert e["real"] in (True, False, None)
        for m in e["mentions"]:
            assert set(m) == {"doc", "start", "end", "text"}
    cam = ents["ent_camarena"]
    assert cam["name"] == "Enrique Camarena" and cam["aliases"] == ["Kiki", "Camarena"]
    assert cam["real"] is True and ents["ent_narcos"]["real"] is None
    assert cam["merged_because"] == [
        {
            "rule": "surname",
            "mentions": ["Enrique Camarena", "Camarena"],
            "detail": "Camarena is the surname.",
        }
    ]
    # mentions in reading order, whatever order the case file held them in
    keys = [(m["doc"], m["start"]) for m in cam["mentions"]]
    assert keys == sorted(keys)


def test_json_fact_and_conflict_shape(exported: dict[str, Any]) -> None:
    facts = {f["id"]: f for f in exported["facts"]}
    for f in facts.values():
        assert set(f) == {
            "id",
            "subject",
            "predicate",
            "object",
            "value",
            "work",
            "place",
            "time",
            "modality",
            "derived_from",
            "confidence",
            "rule",
            "independent_sources",
            "evidence",
        }
        assert 0 <= f["confidence"] <= 1 and isinstance(f["rule"], str)
        assert f["modality"] in {"reality", "depiction", "claim"}
        assert f["time"] is None or set(f["time"]) == {"start", "end", "text"}
        for e in f["evidence"]:
            assert set(e) == {"doc", "start", "end", "quote"}
    assert facts["f_found_a"]["time"] == {
        "start": "1985-03-07",
        "end": "1985-03-07",
        "text": "March 7, 1985",
    }
    assert facts["f_portrayal"]["object"] == "ent_pena"
    assert facts["f_portrayal"]["work"] == "ent_narcos"
    assert facts["f_portrayal"]["time"] is None and facts["f_portrayal"]["value"] is None
    assert facts["f_age"]["value"] == 74  # a number stays a number
    assert facts["f_born"]["derived_from"] == ["f_age"] and facts["f_born"]["evidence"] == []
    assert facts["f_killed_show"]["place"] == "ent_gdl"
    for c in exported["conflicts"]:
        assert set(c) == {"id", "kind", "facts", "summary"}
    assert {c["id"]: c["facts"] for c in exported["conflicts"]} == {
        "c_found": ["f_found_a", "f_found_b"],
        "c_show": ["f_killed_show", "f_killed_real"],
    }


def test_every_offset_points_at_its_quote(exported: dict[str, Any]) -> None:
    texts = {d["id"]: d["text"] for d in exported["documents"]}
    checked = 0
    for f in exported["facts"]:
        for e in f["evidence"]:
            assert texts[e["doc"]][e["start"] : e["end"]] == e["quote"]
            checked += 1
    for ent in exported["entities"]:
        for m in ent["mentions"]:
            assert texts[m["doc"]][m["start"] : m["end"]] == m["text"]
            checked += 1
    assert checked > 10


def test_json_round_trips_and_is_stable(casefile: CaseFile) -> None:
    text = export(casefile, "json")
    assert json.loads(text) == to_dict(casefile)
    assert "Félix Gallardo" in text and "Peña" in text  # not \u-escaped
    assert text.endswith("\n") and text.startswith('{\n  "leyenda"')
    shuffled = make_casefile(
        documents=(DOC_B, DOC_A),
        entities=tuple(reversed(casefile.entities)),
        facts=tuple(reversed(FACTS)),
        conflicts=tuple(reversed(CONFLICTS)),
        unresolved_times={"doc_a": (), "doc_b": ("Today",)},
    )
    assert export(shuffled, "json") == text
    assert [f["id"] for f in json.loads(text)["facts"]] == sorted(f.id for f in FACTS)


def test_empty_casefile_exports() -> None:
    empty = CaseFile((), (), (), ())
    data = json.loads(export(empty, "json"))
    assert data["documents"] == data["entities"] == data["facts"] == data["conflicts"] == []
    assert export(empty, "jsonl") == ""
    assert "# Case file" in export(empty, "markdown")


def test_a_value_json_cannot_hold_is_an_export_error() -> None:
    bad = make_casefile(
        facts=(Fact("f_nan", "ent_pena", "net_worth", "reality", value=float("nan")),)
    )
    with pytest.raises(ExportError, match="f_nan"):
        export(bad, "json")


# -- the project's scorer reads our JSON -----------------------------------------------------


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_casefile", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLD: dict[str, Any] = {
    "people": [
        {"name": "Enrique Camarena", "aliases": ["Kiki"], "real": True},
        {"name": "Michael Peña", "aliases": [], "real": True},
        {"name": "Miguel Ángel Félix Gallardo", "aliases": ["Félix Gallardo"]},
    ],
    "not_people": ["Narcos: Mexico", "DEA"],
    "portrayals": [{"character": "Enrique Camarena", "actor": "Michael Peña"}],
    "events": [
        {
            "who": "Enrique Camarena",
            "what": "body_found",
            "date": "1985-03-07",
            "quote": "His body was found on March 7, 1985.",
        },
        {"who": "Enrique Camarena", "what": "died", "date": "1985"},
    ],
    "relations": [{"subject": "Enrique Camarena", "relation": "employee_of", "object": "DEA"}],
    "ages": [
        {
            "who": "Félix Gallardo",
            "age": 74,
            "as_of": "publication",
            "quote": "Félix Gallardo, 74, lives in prison.",
        }
    ],
    "birth_truth": [{"who": "Félix Gallardo", "date": "1946-01-08"}],
    "conflicts": [
        {"who": "Enrique Camarena", "what": ["body_found"], "values": ["1985-03-07", "1985-03-05"]}
    ],
    "modality": [
        {
            "quote": "Today, the show depicts Camarena killed in Guadalajara.",
            "modality": "depiction",
        }
    ],
}


def test_scorer_reads_the_export(exported: dict[str, Any]) -> None:
    out, notes = load_scorer().score(exported, GOLD)
    assert out["evidence_bad"] == 0 and out["evidence_checked"] > 10
    assert out["people_found"] == "3/3"
    assert out["non_people_typed_person"] == 0 and out["over_merged_entities"] == 0
    assert out["portrayals"] == "1/1"
    assert out["events"] == "2/2"
    assert out["relations"] == "1/1"
    assert out["ages"] == "1/1"
    assert out["birth_ranges"] == "1/1"
    assert out["conflicts_found"] == "1/1" and out["conflicts_unmatched"] == 0
    assert out["modality_correct"] == "1/1"
    assert notes == []


def test_scorer_command_line_on_an_exported_file(casefile: CaseFile, tmp_path: Path) -> None:
    export_path, gold_path = tmp_path / "case.json", tmp_path / "gold.json"
    export_path.write_text(export(casefile, "json"), encoding="utf-8")
    gold_path.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(export_path), str(gold_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    line = [x for x in run.stdout.splitlines() if x.startswith("SCORE ")][-1]
    assert json.loads(line[len("SCORE ") :])["evidence_bad"] == 0


# -- JSONL -------------------------------------------------------------------------------------


def test_jsonl_records_parse_and_match_the_json(casefile: CaseFile) -> None:
    text = export(casefile, "jsonl")
    assert text.endswith("\n")
    # U+2028 inside a document's text must not look like a line end to any reader
    lines = text.splitlines()
    assert len(lines) == text.count("\n")
    records = [json.loads(line) for line in lines]
    kinds = [r["record"] for r in records]
    assert kinds.count("document") == 2 and kinds.count("entity") == 7
    assert kinds.count("fact") == len(FACTS) and kinds.count("conflict") == 2
    assert kinds == sorted(kinds, key=["document", "entity", "fact", "conflict"].index)
    data = to_dict(casefile)
    by_kind = {"entity": "entities", "fact": "facts", "conflict": "conflicts"}
    for r in records:
        body = {k: v for k, v in r.items() if k != "record"}
        if r["record"] == "document":
            unresolved = body.pop("unresolved_times")
            assert unresolved == data["unresolved_times"].get(body["id"], [])
            assert body in data["documents"]
        else:
            assert body in data[by_kind[r["record"]]]
    doc_b = next(r for r in records if r.get("id") == "doc_b")
    assert doc_b["text"] == TEXT_B and doc_b["unresolved_times"] == ["Today"]


# -- Markdown ----------------------------------------------------------------------------------

SECTIONS = [
    "# Case file",
    "## Sources",
    "## People",
    "## Timeline",
    "## Relations",
    "## Disputed",
    "## Show vs reality",
    "## Other entities",
    "## Unanchored dates",
]


def section(md: str, heading: str) -> str:
    """The body of one `## ` section (up to the next one)."""
    start = md.index(f"\n{heading}\n") + len(heading) + 2
    nxt = md.find("\n## ", start)
    return md[start : nxt if nxt >= 0 else len(md)]


def test_markdown_has_its_sections_in_order(casefile: CaseFile) -> None:
    md = export(casefile, "markdown")
    positions = [md.index(h + "\n") for h in SECTIONS]
    assert positions == sorted(positions)
    assert "2 documents · 4 people · 9 facts · 1 conflict" in md
    sources = section(md, "## Sources")
    assert "- **Narcos: Mexico, explained** — Example News — 2020-02-13" in sources
    assert "no date" in sources and "unknown source" in sources


def test_every_fact_line_is_cited(casefile: CaseFile) -> None:
    md = export(casefile, "markdown")
    timeline = section(md, "## Timeline")
    dated = [x for x in timeline.splitlines() if x.startswith("- **")]
    assert len(dated) == 5
    for line in dated:
        assert re.search(r" — (derived from )?\[[^\]]+\] “.+”", line), line
    dates = [re.match(r"- \*\*([0-9–-]+)\*\*", x).group(1) for x in dated]  # type: ignore[union-attr]
    assert dates == sorted(dates)
    assert (
        "- **1985-03-07** the body of Enrique Camarena was found — _single source_ — "
        "[Narcos: Mexico, explained] "
        "“His body was found on March 7, 1985.”"
    ) in dated
    # a derived fact cites the sentence it was computed from
    born = next(x for x in dated if "born" in x)
    assert born.startswith(
        "- **1945-02-14–1946-02-13** Félix Gallardo was born — _single source_ — derived from "
    )
    assert "“Félix Gallardo, 74, lives in prison.”" in born
    fact_lines = [x for x in section(md, "## Relations").splitlines() if x.startswith("- ")]
    for heading in ("## Disputed", "## Show vs reality"):  # top level: summaries and topics
        fact_lines += [x for x in section(md, heading).splitlines() if x.startswith("  - ")]
    assert len(fact_lines) == 7
    for line in fact_lines:
        assert re.search(r" — \[[^\]]+\] “.+”$", line), line


def test_markdown_people_relations_and_disputes(casefile: CaseFile) -> None:
    md = export(casefile, "markdown")
    people = section(md, "## People")
    assert "### Enrique Camarena" in people and "- Also known as: Kiki, Camarena" in people
    assert "- Real person" in people and "Real or fictional: not known" in people
    assert (
        "- Played by Michael Peña in Narcos: Mexico — [Narcos: Mexico, explained] "
        "“In Narcos: Mexico, Camarena is played by Michael Peña.”"
    ) in people
    assert "- Plays Enrique Camarena in Narcos: Mexico" in people
    assert "### Narcos: Mexico" not in people and "### DEA" not in people
    relations = section(md, "## Relations")
    assert "Enrique Camarena, employee at DEA" in relations
    assert "Enrique Camarena is played by Michael Peña in Narcos: Mexico" in relations
    assert "Félix Gallardo was 74 years old" in relations
    disputed = section(md, "## Disputed")
    assert "The sources disagree on Enrique Camarena" in disputed
    assert "“His body was found on March 7, 1985.”" in disputed
    assert "“Camarena's body was found on March 5, 1985.”" in disputed
    show = section(md, "## Show vs reality")
    assert (
        "Shown: Enrique Camarena was killed in Guadalajara — _depiction in Narcos: Mexico_ — "
        "_single source_ — [What the"
    ) in show
    assert "Reality: **1985** Enrique Camarena was killed in Guadalajara" in show
    other = section(md, "## Other entities")
    assert "### Organizations" in other and "- DEA (also: Drug Enforcement Administration)" in other
    assert "### Places" in other and "### Works" in other
    unanchored = section(md, "## Unanchored dates")
    assert "“Today”" in unanchored
    assert "What the \\*show\\* got &lt;b&gt;wrong&lt;/b&gt;" in unanchored


def test_depiction_facts_without_a_conflict_face_the_record(casefile: CaseFile) -> None:
    md = export(make_casefile(conflicts=CONFLICTS[:1]), "markdown")
    show = section(md, "## Show vs reality")
    assert "- **Enrique Camarena** — the killing" in show
    assert "Shown: Enrique Camarena was killed" in show and "Reality: **1985**" in show
    lone = make_casefile(facts=(FACTS[7],), conflicts=())
    assert "Reality: no source states this" in export(lone, "markdown")


def test_unanchored_section_only_when_there_is_something(casefile: CaseFile) -> None:
    assert "## Unanchored dates" not in export(make_casefile(unresolved_times={}), "markdown")


def test_article_text_cannot_inject_markup(casefile: CaseFile) -> None:
    md = export(casefile, "markdown")
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no link syntax left unescaped
    assert "\\[x\\](javascript:alert(1))" in md
    assert "*bold*" not in md and "\\*bold\\*" in md
    assert "<b>" not in md
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<script" not in html
    assert 'href="javascript' not in html and "<em>bold</em>" not in html
    assert "<b>wrong</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text


def test_escape_neutralises_markdown_and_html() -> None:
    assert escape("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert escape("# Title") == "\\# Title"
    assert escape("- item") == "\\- item" and escape("1. item") == "1\\. item"
    assert escape("`code` _x_ | y ~z~ \\") == "\\`code\\` \\_x\\_ \\| y \\~z\\~ \\\\"
    assert escape("two\nlines\u2028here") == "two lines here"
    assert escape("Félix “El Padrino”") == "Félix “El Padrino”"


def test_markdown_is_deterministic(casefile: CaseFile) -> None:
    shuffled = make_casefile(
        documents=(DOC_B, DOC_A),
        entities=tuple(reversed(casefile.entities)),
        facts=tuple(reversed(FACTS)),
        conflicts=tuple(reversed(CONFLICTS)),
    )
    assert export(shuffled, "markdown") == export(casefile, "markdown")


# -- the entry point ---------------------------------------------------------------------------


def test_formats_and_unknown_format_error(casefile: CaseFile) -> None:
    assert FORMATS == ("json", "jsonl", "csv", "graphml", "neo4j", "markdown", "html")
    for fmt in TEXT_FORMATS:
        assert export(casefile, fmt)
    with pytest.raises(ExportError) as err:
        export(casefile, "x")
    assert str(err.value) == (
        "unknown format 'x' (choose from json, jsonl, csv, graphml, neo4j, markdown, html)"
    )
