"""Neo4j: CSV files with the headers `neo4j-admin database import` reads, and a Cypher script.

The graph keeps everything the case file knows, so a Cypher query can always reach the
sentence behind a relationship:

    (:Document)  documents.csv   documentId:ID(Document), title, source, published, ...
    (:Entity:Person|:Organization|:Place|:Work|:Other)
                 entities.csv    entityId:ID(Entity), name, type, aliases:string[], real:boolean
    (:Fact)      facts.csv       factId:ID(Fact), predicate, modality, value, time..., quote,
                                 confidence, rule
    (:Conflict)  conflicts.csv   conflictId:ID(Conflict), kind, summary
    (Entity)-[:PORTRAYED_BY|:MEMBER_OF|...]->(Entity)   relations.csv  one per fact with an object
    (Fact)-[:SUBJECT|:OBJECT|:WORK|:PLACE]->(Entity)     fact_entities.csv
    (Fact)-[:CITES {start:int, end:int, quote}]->(Document)   evidence.csv
    (Fact)-[:DERIVED_FROM]->(Fact)                       derivations.csv
    (Conflict)-[:INVOLVES]->(Fact)                       conflict_facts.csv

ID spaces keep the kinds of ids apart. Array values use `;` (neo4j-admin's default array
delimiter), so a `;` inside an alias becomes `,`. Document texts hold newlines: import
with `--multiline-fields=true` (the command is in `load.cypher`'s header). `load.cypher`
does the same with `LOAD CSV` on a running server, from files in its import folder.
"""

from __future__ import annotations

import re
from functools import partial

from ..model import CaseFile
from .csv import Cell
from .csv import table as _table
from .json import to_dict

#: The node files then the relationship files, as `neo4j-admin` takes them.
NODE_FILES = ("documents.csv", "entities.csv", "facts.csv", "conflicts.csv")
RELATIONSHIP_FILES = (
    "relations.csv",
    "fact_entities.csv",
    "evidence.csv",
    "derivations.csv",
    "conflict_facts.csv",
)

#: neo4j-admin is no spreadsheet: text goes in as it is, without a formula guard.
table = partial(_table, guard_formulas=False)

_LABELS = {
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "work": "Work",
    "other": "Other",
}


def relationship_type(predicate: str) -> str:
    """A predicate as a Neo4j relationship type: portrayed_by → PORTRAYED_BY."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", predicate).strip("_").upper()
    return cleaned or "RELATED_TO"


def _number(value: object) -> Cell:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _array(items: list[str]) -> str:
    return ";".join(item.replace(";", ",") for item in items)


def _time(fact: dict[str, object], part: str) -> Cell:
    time = fact["time"]
    if isinstance(time, dict):
        value = time.get(part)
        return value if isinstance(value, str) else None
    return None


def neo4j_files(casefile: CaseFile) -> dict[str, str]:
    """Every node and relationship file, plus `load.cypher`, as {file name: text}."""
    data = to_dict(casefile)
    entity_ids = {e["id"] for e in data["entities"]}
    doc_ids = {d["id"] for d in data["documents"]}
    fact_ids = {f["id"] for f in data["facts"]}
    files: dict[str, str] = {}
    files["documents.csv"] = table(
        (
            "documentId:ID(Document)",
            "title",
            "source",
            "published",
            "sha256",
            "text",
            ":LABEL",
        ),
        (
            (d["id"], d["title"], d["source"], d["published"], d["sha256"], d["text"], "Document")
            for d in data["documents"]
        ),
    )
    files["entities.csv"] = table(
        ("entityId:ID(Entity)", "name", "type", "aliases:string[]", "real:boolean", ":LABEL"),
        (
            (
                e["id"],
                e["name"],
                e["type"],
                _array(e["aliases"]),
                e["real"],
                f"Entity;{_LABELS.get(e['type'], 'Other')}",
            )
            for e in data["entities"]
        ),
    )
    files["facts.csv"] = table(
        (
            "factId:ID(Fact)",
            "predicate",
            "modality",
            "value",
            "number:float",
            "timeStart",
            "timeEnd",
            "timeText",
            "quote",
            "confidence:float",
            "rule",
            ":LABEL",
        ),
        (
            (
                f["id"],
                f["predicate"],
                f["modality"],
                None if f["value"] is None else str(f["value"]),
                _number(f["value"]),
                _time(f, "start"),
                _time(f, "end"),
                _time(f, "text"),
                f["evidence"][0]["quote"] if f["evidence"] else None,
                f["confidence"],
                f["rule"],
                "Fact",
            )
            for f in data["facts"]
        ),
    )
    files["conflicts.csv"] = table(
        ("conflictId:ID(Conflict)", "kind", "summary", ":LABEL"),
        ((c["id"], c["kind"], c["summary"], "Conflict") for c in data["conflicts"]),
    )
    related = [f for f in data["facts"] if f["object"] in entity_ids and f["subject"] in entity_ids]
    files["relations.csv"] = table(
        (
            ":START_ID(Entity)",
            ":END_ID(Entity)",
            ":TYPE",
            "factId",
            "modality",
            "work",
            "timeStart",
            "timeEnd",
            "timeText",
            "quote",
        ),
        (
            (
                f["subject"],
                f["object"],
                relationship_type(f["predicate"]),
                f["id"],
                f["modality"],
                f["work"],
                _time(f, "start"),
                _time(f, "end"),
                _time(f, "text"),
                f["evidence"][0]["quote"] if f["evidence"] else None,
            )
            for f in related
        ),
    )
    files["fact_entities.csv"] = table(
        (":START_ID(Fact)", ":END_ID(Entity)", ":TYPE"),
        (
            (f["id"], f[role], role.upper())
            for f in data["facts"]
            for role in ("subject", "object", "work", "place")
            if f[role] in entity_ids
        ),
    )
    files["evidence.csv"] = table(
        (":START_ID(Fact)", ":END_ID(Document)", ":TYPE", "start:int", "end:int", "quote"),
        (
            (f["id"], e["doc"], "CITES", e["start"], e["end"], e["quote"])
            for f in data["facts"]
            for e in f["evidence"]
            if e["doc"] in doc_ids
        ),
    )
    files["derivations.csv"] = table(
        (":START_ID(Fact)", ":END_ID(Fact)", ":TYPE"),
        (
            (f["id"], src, "DERIVED_FROM")
            for f in data["facts"]
            for src in f["derived_from"]
            if src in fact_ids
        ),
    )
    files["conflict_facts.csv"] = table(
        (":START_ID(Conflict)", ":END_ID(Fact)", ":TYPE"),
        (
            (c["id"], fid, "INVOLVES")
            for c in data["conflicts"]
            for fid in c["facts"]
            if fid in fact_ids
        ),
    )
    files["load.cypher"] = load_cypher(sorted({relationship_type(f["predicate"]) for f in related}))
    return files


def import_command() -> str:
    """The `neo4j-admin database import` command line for these files (run in their folder)."""
    nodes = " ".join(f"--nodes={name}" for name in NODE_FILES)
    rels = " ".join(f"--relationships={name}" for name in RELATIONSHIP_FILES)
    return f"neo4j-admin database import full --multiline-fields=true {nodes} {rels} neo4j"


def _load(file: str, body: str) -> str:
    return f"LOAD CSV WITH HEADERS FROM 'file:///{file}' AS row\n{body};\n"


def load_cypher(relation_types: list[str]) -> str:
    """A Cypher script that loads the CSV files with LOAD CSV (no APOC needed).

    Relationship types cannot be parameters in plain Cypher, so the script has one
    statement per type the case file uses.
    """
    parts = [
        "// leyenda case file for Neo4j.\n"
        "// Either import into an empty database, in the folder holding these files:\n"
        f"//   {import_command()}\n"
        "// or copy the .csv files into the server's import folder and run this script\n"
        "// (cypher-shell -f load.cypher). Property names match what neo4j-admin creates.\n",
        "CREATE CONSTRAINT document_id IF NOT EXISTS "
        "FOR (n:Document) REQUIRE n.documentId IS UNIQUE;\n"
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.entityId IS UNIQUE;\n"
        "CREATE CONSTRAINT fact_id IF NOT EXISTS FOR (n:Fact) REQUIRE n.factId IS UNIQUE;\n"
        "CREATE CONSTRAINT conflict_id IF NOT EXISTS "
        "FOR (n:Conflict) REQUIRE n.conflictId IS UNIQUE;\n",
        _load(
            "documents.csv",
            "MERGE (d:Document {documentId: row.`documentId:ID(Document)`})\n"
            "SET d.title = row.title, d.source = row.source, d.published = row.published,\n"
            "    d.sha256 = row.sha256, d.text = row.text",
        ),
        _load(
            "entities.csv",
            "MERGE (e:Entity {entityId: row.`entityId:ID(Entity)`})\n"
            "SET e.name = row.name, e.type = row.type,\n"
            "    e.aliases = CASE WHEN row.`aliases:string[]` IS NULL THEN []\n"
            "                ELSE split(row.`aliases:string[]`, ';') END,\n"
            "    e.real = CASE row.`real:boolean` WHEN 'true' THEN true WHEN 'false' THEN false\n"
            "             ELSE null END",
        ),
    ]
    parts += [
        f"MATCH (e:Entity {{type: '{etype}'}}) SET e:{label};\n" for etype, label in _LABELS.items()
    ]
    parts += [
        _load(
            "facts.csv",
            "MERGE (f:Fact {factId: row.`factId:ID(Fact)`})\n"
            "SET f.predicate = row.predicate, f.modality = row.modality, f.value = row.value,\n"
            "    f.number = toFloat(row.`number:float`), f.timeStart = row.timeStart,\n"
            "    f.timeEnd = row.timeEnd, f.timeText = row.timeText, f.quote = row.quote,\n"
            "    f.confidence = toFloat(row.`confidence:float`), f.rule = row.rule",
        ),
        _load(
            "conflicts.csv",
            "MERGE (c:Conflict {conflictId: row.`conflictId:ID(Conflict)`})\n"
            "SET c.kind = row.kind, c.summary = row.summary",
        ),
    ]
    for rel_type in relation_types:
        parts.append(
            _load(
                "relations.csv",
                f"WITH row WHERE row.`:TYPE` = '{rel_type}'\n"
                "MATCH (a:Entity {entityId: row.`:START_ID(Entity)`}),\n"
                "      (b:Entity {entityId: row.`:END_ID(Entity)`})\n"
                f"MERGE (a)-[r:{rel_type} {{factId: row.factId}}]->(b)\n"
                "SET r.modality = row.modality, r.work = row.work, r.timeStart = row.timeStart,\n"
                "    r.timeEnd = row.timeEnd, r.timeText = row.timeText, r.quote = row.quote",
            )
        )
    for role in ("SUBJECT", "OBJECT", "WORK", "PLACE"):
        parts.append(
            _load(
                "fact_entities.csv",
                f"WITH row WHERE row.`:TYPE` = '{role}'\n"
                "MATCH (f:Fact {factId: row.`:START_ID(Fact)`}),\n"
                "      (e:Entity {entityId: row.`:END_ID(Entity)`})\n"
                f"MERGE (f)-[:{role}]->(e)",
            )
        )
    parts += [
        _load(
            "evidence.csv",
            "MATCH (f:Fact {factId: row.`:START_ID(Fact)`}),\n"
            "      (d:Document {documentId: row.`:END_ID(Document)`})\n"
            "MERGE (f)-[c:CITES {start: toInteger(row.`start:int`), "
            "end: toInteger(row.`end:int`)}]->(d)\n"
            "SET c.quote = row.quote",
        ),
        _load(
            "derivations.csv",
            "MATCH (f:Fact {factId: row.`:START_ID(Fact)`}),\n"
            "      (g:Fact {factId: row.`:END_ID(Fact)`})\n"
            "MERGE (f)-[:DERIVED_FROM]->(g)",
        ),
        _load(
            "conflict_facts.csv",
            "MATCH (c:Conflict {conflictId: row.`:START_ID(Conflict)`}),\n"
            "      (f:Fact {factId: row.`:END_ID(Fact)`})\n"
            "MERGE (c)-[:INVOLVES]->(f)",
        ),
    ]
    return "\n".join(parts)
