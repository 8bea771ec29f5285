"""Exports other tools open: CSV tables, GraphML read back by networkx, Neo4j import files.

The case file is made by hand (no spaCy), with article text that tries to be markup, a
spreadsheet formula, a control character XML cannot hold, and a character outside the
BMP, so each writer is checked on what real articles can throw at it. The HTML report's
tests and the datasette test reuse it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from leyenda.cli import main
from leyenda.errors import ExportError
from leyenda.exports import FOLDER_FORMATS, export, export_files, export_to
from leyenda.model import (
    CaseFile,
    Conflict,
    DocAnalysis,
    Document,
    Entity,
    Evidence,
    Fact,
    MentionRef,
    MergeReason,
    TimeSpan,
)
from leyenda.store import Store

EVIL = (
    '<script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">'
    "a link</a> </textarea></script> & co"
)
TEXT_A = (
    'Enrique "Kiki" Camarena was a DEA agent. '
    "His body was found on March 7, 1985. "
    "In Narcos: Mexico, Camarena is played by Michael Peña. "
    f"In 1984 a reader wrote {EVIL} to Camarena."
)
TEXT_B = (
    "Camarena's body was found on March 5, 1985.\n"
    "The show depicts Camarena killed in Guadalajara. "
    "In reality Camarena was killed in Guadalajara in 1985.\n"
    "😀 Camarena met Félix Gallardo, 40, in 1984."
)

DOC_A = Document(
    "doc_a", "Narcos: Mexico, <i>explained</i>", "Example News", "2020-02-13", "a" * 64, TEXT_A
)
# an id as a file name gives it: characters HTML ids and CSS selectors do not take as they are
DOC_B = Document("notes/b 2.txt", "What the show got wrong", "", None, "b" * 64, TEXT_B)


def ev(doc: Document, words: str) -> Evidence:
    """Evidence for words of a document, cut from its text so quote == text[start:end]."""
    start = doc.text.index(words)
    return Evidence.of(doc, start, start + len(words))


def mention(doc: Document, name: str) -> MentionRef:
    start = doc.text.index(name)
    return MentionRef(doc.id, start, start + len(name), name)


CAMARENA = Entity(
    "ent_camarena",
    "person",
    "Enrique Camarena",
    ("Kiki", "Camarena"),
    True,
    (mention(DOC_A, 'Enrique "Kiki" Camarena'), mention(DOC_B, "Camarena")),
    (MergeReason("surname", ("Enrique Camarena", "Camarena"), "Camarena is the surname."),),
)
PENA = Entity("ent_pena", "person", "Michael Peña", (), True, (mention(DOC_A, "Michael Peña"),))
GALLARDO = Entity(
    "ent_gallardo", "person", "Félix Gallardo", (), None, (mention(DOC_B, "Félix Gallardo"),)
)
NARCOS = Entity(
    "ent_narcos", "work", "Narcos: Mexico", (), None, (mention(DOC_A, "Narcos: Mexico"),)
)
DEA = Entity("ent_dea", "organization", "DEA", (), None, (mention(DOC_A, "DEA"),))
GDL = Entity("ent_gdl", "place", "Guadalajara", (), None, (mention(DOC_B, "Guadalajara"),))
READER = Entity(
    "ent_reader",
    "person",
    "<img src=x onerror=alert(4)>",
    ("=cmd|' /C calc'!A0", "bell\x07 and tab\tin a name"),
    False,
    (mention(DOC_A, "a reader"),),
)
ENTITIES = (CAMARENA, PENA, GALLARDO, NARCOS, DEA, GDL, READER)

EVIL_SENTENCE = f"In 1984 a reader wrote {EVIL} to Camarena."
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
        "depiction",
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
        # two evidences: the sentence, and words that straddle two sentences
        evidence=(
            ev(DOC_A, 'Enrique "Kiki" Camarena was a DEA agent.'),
            ev(DOC_A, "a DEA agent. His body"),
        ),
    ),
    Fact(
        "f_date_words",  # evidence nested inside another fact's sentence
        "ent_camarena",
        "died",
        "reality",
        time=TimeSpan("1985-03", "1985-03", "March 1985"),
        evidence=(ev(DOC_A, "March 7, 1985"),),
    ),
    Fact(
        "f_wrote",
        "ent_reader",
        "met",
        "claim",
        object="ent_camarena",
        time=TimeSpan("1984", "1984", "In 1984"),
        evidence=(ev(DOC_A, EVIL_SENTENCE),),
    ),
    Fact(
        "f_killed_show",
        "ent_camarena",
        "killed",
        "depiction",
        work="ent_narcos",
        place="ent_gdl",
        evidence=(ev(DOC_B, "The show depicts Camarena killed in Guadalajara."),),
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
    Fact(
        "f_met",
        "ent_camarena",
        "met",
        "reality",
        object="ent_gallardo",
        time=TimeSpan("1984", "1984", "in 1984"),
        evidence=(ev(DOC_B, "Camarena met Félix Gallardo, 40, in 1984."),),
    ),
    Fact(
        "f_age",
        "ent_gallardo",
        "age",
        "reality",
        value=40,
        time=TimeSpan("1984", "1984", "in 1984"),
        evidence=(ev(DOC_B, "Félix Gallardo, 40,"),),
    ),
    Fact(
        "f_born",
        "ent_gallardo",
        "born",
        "reality",
        time=TimeSpan("1943", "1944", "40"),
        derived_from=("f_age",),
    ),
)
CONFLICTS = (
    Conflict(
        "c_found",
        "date",
        ("f_found_a", "f_found_b"),
        "The sources disagree on the day Enrique Camarena's body was found: <b>1985-03-07</b> "
        "vs 1985-03-05.",
    ),
    Conflict(
        "c_show",
        "depiction",
        ("f_killed_show", "f_killed_real"),
        "The show departs from the record on Enrique Camarena's death.",
    ),
)


def make_casefile(**changes: Any) -> CaseFile:
    """The hand-made case file, with any field replaced."""
    cf = CaseFile(
        documents=(DOC_A, DOC_B),
        entities=ENTITIES,
        facts=FACTS,
        conflicts=CONFLICTS,
        unresolved_times={"notes/b 2.txt": ("Today",)},
    )
    return dataclasses.replace(cf, **changes)


def write_casefile(casefile: CaseFile, path: Path) -> Path:
    """The hand-made case file as a real SQLite case file, the way `build` stores one."""
    with Store.open(path, create=True) as store:
        for doc in casefile.documents:
            store.save_analysis(DocAnalysis(doc, (), ()))
        store.save_casefile(casefile.entities, casefile.facts, casefile.conflicts)
    return path


@pytest.fixture()
def casefile() -> CaseFile:
    return make_casefile()


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_writes_one_table_per_kind_of_record(casefile: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "new" / "tables"  # created, parents too
    written = export_to(casefile, "csv", out)
    names = [p.name for p in written]
    assert names == [
        "documents.csv",
        "entities.csv",
        "mentions.csv",
        "facts.csv",
        "evidence.csv",
        "conflicts.csv",
        "conflict_facts.csv",
    ]
    tables = {p.stem: read_csv(p.read_text(encoding="utf-8")) for p in written}
    assert len(tables["entities"]) == len(ENTITIES)
    assert len(tables["mentions"]) == sum(len(e.mentions) for e in ENTITIES)
    assert len(tables["facts"]) == len(FACTS)
    assert len(tables["evidence"]) == sum(len(f.evidence) for f in FACTS)
    assert len(tables["conflict_facts"]) == 4
    docs = {d["id"]: d for d in tables["documents"]}
    assert docs["notes/b 2.txt"]["text"] == TEXT_B  # newlines survive inside a quoted cell
    # one row per evidence, keyed by fact id, and each quote is the text at its offsets
    for row in tables["evidence"]:
        text = docs[row["doc"]]["text"]
        assert text[int(row["start"]) : int(row["end"])] == row["quote"]
    assert [r["fact_id"] for r in tables["evidence"]].count("f_employee") == 2
    facts = {f["id"]: f for f in tables["facts"]}
    portrayal = facts["f_portrayal"]
    assert portrayal["subject_name"] == "Enrique Camarena"
    assert portrayal["object_name"] == "Michael Peña"
    assert portrayal["work_name"] == "Narcos: Mexico" and portrayal["modality"] == "depiction"
    assert facts["f_age"]["value"] == "40" and facts["f_born"]["derived_from"] == "f_age"
    assert facts["f_born"]["evidence_count"] == "0"
    assert 0 < float(facts["f_portrayal"]["confidence"]) <= 1 and "rule" in facts["f_portrayal"]
    assert facts["f_found_a"]["time_start"] == "1985-03-07"
    entities = {e["id"]: e for e in tables["entities"]}
    assert entities["ent_camarena"]["aliases"] == "Kiki | Camarena"
    assert entities["ent_camarena"]["real"] == "true" and entities["ent_gdl"]["real"] == ""
    assert entities["ent_reader"]["real"] == "false"
    conflicts = {c["id"]: c for c in tables["conflicts"]}
    assert conflicts["c_found"]["facts"] == "f_found_a f_found_b"


def test_csv_guards_cells_a_spreadsheet_would_run_as_formulas(casefile: CaseFile) -> None:
    entities = {e["id"]: e for e in read_csv(export_files(casefile, "csv")["entities.csv"])}
    assert entities["ent_reader"]["aliases"].startswith("'=cmd|")
    facts = read_csv(export_files(casefile, "csv")["facts.csv"])
    assert all(not v.startswith(("=", "+", "-", "@")) for f in facts for v in f.values() if v)


def test_csv_offsets_stay_exact_when_a_text_starts_like_a_formula() -> None:
    # a document text, a mention and a quote that each start with a formula character: the
    # exact-text cells are written as they are, so text[start:end] == quote read back
    docs = tuple(
        Document(f"doc{i}", "A title", "", None, f"{i}" * 64, f"{c}Camarena was a DEA agent.")
        for i, c in enumerate("=+-@")
    )
    people = tuple(
        Entity(f"ent_{i}", "person", f"{d.text[0]}Camarena", (), None, (mention(d, d.text[:9]),))
        for i, d in enumerate(docs)
    )
    facts = tuple(
        Fact(f"f_{i}", f"ent_{i}", "employee_of", "reality", evidence=(ev(d, d.text[:12]),))
        for i, d in enumerate(docs)
    )
    tables = {
        name: read_csv(text)
        for name, text in export_files(
            make_casefile(documents=docs, entities=people, facts=facts, conflicts=()), "csv"
        ).items()
    }
    texts = {d["id"]: d["text"] for d in tables["documents.csv"]}
    assert texts == {d.id: d.text for d in docs}
    for row in tables["mentions.csv"]:
        assert texts[row["doc"]][int(row["start"]) : int(row["end"])] == row["text"]
    for row in tables["evidence.csv"]:
        assert texts[row["doc"]][int(row["start"]) : int(row["end"])] == row["quote"]
    assert len(tables["evidence.csv"]) == 4 and len(tables["mentions.csv"]) == 4
    # a name is no offset's target: it keeps its guard
    assert all(e["name"].startswith("'") for e in tables["entities.csv"])


def test_folder_formats_refuse_a_file_and_single_formats_refuse_a_folder(
    casefile: CaseFile, tmp_path: Path
) -> None:
    a_file = tmp_path / "taken.txt"
    a_file.write_text("x", encoding="utf-8")
    for fmt in FOLDER_FORMATS:
        with pytest.raises(ExportError, match=r"taken\.txt: exists and is not a folder"):
            export_to(casefile, fmt, a_file)
        with pytest.raises(ExportError, match="writes several files"):
            export(casefile, fmt)
    with pytest.raises(ExportError, match="is a folder"):
        export_to(casefile, "html", tmp_path)
    assert a_file.read_text(encoding="utf-8") == "x"


# -- GraphML -----------------------------------------------------------------------------------


def test_graphml_reads_back_in_networkx_with_every_attribute(
    casefile: CaseFile, tmp_path: Path
) -> None:
    path = export_to(casefile, "graphml", tmp_path / "case.graphml")[0]
    graph = nx.read_graphml(path)
    assert graph.is_directed()
    assert set(graph.nodes) == {e.id for e in ENTITIES}
    cam = graph.nodes["ent_camarena"]
    assert cam["type"] == "person" and cam["name"] == cam["label"] == "Enrique Camarena"
    assert cam["aliases"] == "Kiki | Camarena" and cam["real"] is True
    assert cam["mentions"] == 2
    assert graph.nodes["ent_reader"]["real"] is False
    assert "real" not in graph.nodes["ent_gdl"]  # unknown stays unknown, not false
    assert graph.nodes["ent_reader"]["name"] == "<img src=x onerror=alert(4)>"
    # a control character XML cannot hold is replaced, the rest of the alias kept
    assert (
        graph.nodes["ent_reader"]["aliases"] == "=cmd|' /C calc'!A0 | bell\ufffd and tab\tin a name"
    )
    edges = {data["id"]: (u, v, data) for u, v, data in graph.edges(data=True)}
    assert set(edges) == {f.id for f in FACTS if f.object}
    u, v, portrayal = edges["f_portrayal"]
    assert (u, v) == ("ent_camarena", "ent_pena")
    assert portrayal["predicate"] == "portrayed_by" and portrayal["modality"] == "depiction"
    assert portrayal["work"] == "ent_narcos" and portrayal["work_name"] == "Narcos: Mexico"
    assert portrayal["evidence"] == "In Narcos: Mexico, Camarena is played by Michael Peña."
    assert portrayal["evidence_docs"] == "doc_a"
    _, _, wrote = edges["f_wrote"]
    assert wrote["time_start"] == wrote["time_end"] == "1984" and wrote["time_text"] == "In 1984"
    assert EVIL in wrote["evidence"]  # the article's markup is text in the graph, not XML
    _, _, employee = edges["f_employee"]
    assert employee["evidence"].splitlines() == [
        'Enrique "Kiki" Camarena was a DEA agent.',
        "a DEA agent. His body",
    ]


def test_graphml_is_deterministic(casefile: CaseFile) -> None:
    shuffled = make_casefile(
        entities=tuple(reversed(ENTITIES)), facts=tuple(reversed(FACTS)), documents=(DOC_B, DOC_A)
    )
    assert export(shuffled, "graphml") == export(casefile, "graphml")


# -- Neo4j -------------------------------------------------------------------------------------

NODE_FILES = ("documents.csv", "entities.csv", "facts.csv", "conflicts.csv")
TYPED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(:(int|long|float|double|boolean|string)(\[\])?)?$")
SPECIAL = re.compile(r"^(?:\w*):(ID|START_ID|END_ID)\((\w+)\)$|^:(LABEL|TYPE)$")


def neo4j_tables(casefile: CaseFile) -> dict[str, tuple[list[str], list[list[str]]]]:
    files = export_files(casefile, "neo4j")
    out = {}
    for name, text in files.items():
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(text, newline="")))
            out[name] = (rows[0], rows[1:])
    return out


def test_neo4j_headers_are_what_neo4j_admin_import_reads(casefile: CaseFile) -> None:
    tables = neo4j_tables(casefile)
    node_files = set(NODE_FILES)
    rel_files = set(tables) - node_files
    assert rel_files == {
        "relations.csv",
        "fact_entities.csv",
        "evidence.csv",
        "derivations.csv",
        "conflict_facts.csv",
    }
    for name, (header, rows) in tables.items():
        for column in header:
            assert TYPED.match(column) or SPECIAL.match(column), (name, column)
        kinds = [m.group(1) or m.group(3) for c in header if (m := SPECIAL.match(c))]
        if name in node_files:
            assert sorted(kinds) == ["ID", "LABEL"], name
        else:
            assert sorted(kinds) == ["END_ID", "START_ID", "TYPE"], name
        assert all(len(r) == len(header) for r in rows)
    header, rows = tables["entities.csv"]
    assert header == [
        "entityId:ID(Entity)",
        "name",
        "type",
        "aliases:string[]",
        "real:boolean",
        ":LABEL",
    ]
    cam = next(r for r in rows if r[0] == "ent_camarena")
    assert cam[3] == "Kiki;Camarena" and cam[4] == "true" and cam[5] == "Entity;Person"
    reader = next(r for r in rows if r[0] == "ent_reader")
    assert reader[3].startswith("=cmd|")  # no spreadsheet guard: Neo4j stores the text as is
    header, rows = tables["evidence.csv"]
    assert header == [
        ":START_ID(Fact)",
        ":END_ID(Document)",
        ":TYPE",
        "start:int",
        "end:int",
        "quote",
    ]
    assert len(rows) == sum(len(f.evidence) for f in FACTS)
    header, rows = tables["relations.csv"]
    types = {r[header.index(":TYPE")] for r in rows}
    assert types == {"PORTRAYED_BY", "EMPLOYEE_OF", "MET"}


def test_neo4j_every_relationship_joins_nodes_that_exist(casefile: CaseFile) -> None:
    tables = neo4j_tables(casefile)
    ids: dict[str, set[str]] = {}
    for header, rows in (t for name, t in tables.items() if name in NODE_FILES):
        col, space = next(
            (i, m.group(2))
            for i, c in enumerate(header)
            if (m := SPECIAL.match(c)) and m.group(1) == "ID"
        )
        ids.setdefault(space, set()).update(r[col] for r in rows)
    assert ids["Entity"] == {e.id for e in ENTITIES} and ids["Fact"] == {f.id for f in FACTS}
    checked = 0
    for name, (header, rows) in tables.items():
        ends = [
            (i, m.group(2))
            for i, c in enumerate(header)
            if (m := SPECIAL.match(c)) and m.group(1) in ("START_ID", "END_ID")
        ]
        for row in rows:
            for col, space in ends:
                assert row[col] in ids[space], (name, row)
                checked += 1
    assert checked > 40


def test_neo4j_cypher_script_loads_every_file_and_type(casefile: CaseFile, tmp_path: Path) -> None:
    written = {p.name: p for p in export_to(casefile, "neo4j", tmp_path / "neo")}
    script = written["load.cypher"].read_text(encoding="utf-8")
    assert "neo4j-admin database import full --multiline-fields=true" in script
    for name in written:
        if name.endswith(".csv"):
            assert f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row" in script
            flag = "nodes" if name in NODE_FILES else "relationships"
            assert f"--{flag}={name}" in script
    for rel_type in ("PORTRAYED_BY", "EMPLOYEE_OF", "MET"):
        assert f"MERGE (a)-[r:{rel_type} {{factId: row.factId}}]->(b)" in script
    for label in ("Person", "Organization", "Place", "Work"):
        assert f"SET e:{label};" in script


# -- the command line --------------------------------------------------------------------------


def test_cli_writes_folder_formats_and_refuses_without_a_folder(
    casefile: CaseFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = write_casefile(casefile, tmp_path / "case.db")
    for fmt in ("csv", "neo4j"):
        out = tmp_path / f"{fmt}-out"
        assert main(["export", str(db), "--format", fmt, "-o", str(out), "-q"]) == 0
        assert (out / "entities.csv").is_file()
        capsys.readouterr()
        assert main(["export", str(db), "--format", fmt]) == 2
        err = capsys.readouterr().err.strip()
        assert err == f"leyenda: {fmt} writes several files: name a folder with -o FOLDER"
    taken = tmp_path / "taken.csv"
    taken.write_text("", encoding="utf-8")
    assert main(["export", str(db), "--format", "csv", "-o", str(taken)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "taken.csv: exists and is not a folder" in err


def test_cli_writes_single_formats_to_a_file_or_stdout(
    casefile: CaseFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = write_casefile(casefile, tmp_path / "case.db")
    assert main(["export", str(db), "--format", "graphml"]) == 0
    assert nx.parse_graphml(capsys.readouterr().out).number_of_nodes() == len(ENTITIES)
    out = tmp_path / "report.html"
    assert main(["export", str(db), "--format", "html", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["export", str(db), "--format", "html", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
