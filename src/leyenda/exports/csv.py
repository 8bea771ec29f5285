"""CSV tables: the case file for spreadsheets, pandas, R and anything else that reads CSV.

One file per kind of record, joined on ids the way the SQLite case file joins them:

    documents.csv        id, title, source, published, sha256, text
    entities.csv         id, type, name, aliases (joined by " | "), real, mention_count
    mentions.csv         entity_id, doc, start, end, text
    facts.csv            id, subject, subject_name, predicate, object, object_name, value,
                         work, work_name, place, place_name, time_start, time_end, time_text,
                         modality, derived_from (ids joined by a space), evidence_count,
                         confidence, rule
    evidence.csv         fact_id, doc, start, end, quote      (one row per evidence)
    conflicts.csv        id, kind, summary, facts (ids joined by a space)
    conflict_facts.csv   conflict_id, fact_id                 (one row per member)

UTF-8 without a byte-order mark, RFC 4180 quoting (CRLF row ends; newlines inside a
document's text stay inside its quoted cell). Offsets are in characters (code points) of
`documents.text`. A text cell that would start a spreadsheet formula (=, +, -, @, tab, CR)
gets a leading apostrophe, the usual guard against formula injection from article text;
numbers are written as numbers and never changed.

The exact-text cells (`documents.text`, `mentions.text`, `evidence.quote`) are the one
exception: they are what the offsets point into and at, so `text[start:end] == quote` must
hold when the tables are read back, and an apostrophe would shift every offset of its
document. They are written as they are (RFC 4180 quoting keeps them one cell); a spreadsheet
user opening them should import those columns as text. Every other cell (ids, names,
titles, summaries) is guarded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..model import CaseFile
from .json import to_dict

#: Characters that make Excel, LibreOffice or Sheets read a cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | None

#: Columns written verbatim: the offsets of mentions and evidence point into or at them.
EXACT_TEXT_COLUMNS = frozenset({"text", "quote"})


def _cell(value: Cell, guard: bool = True) -> str | int | float:
    """A value as CSV writes it: empty for None, true/false for booleans, guarded text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if guard and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def table(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, guard_formulas: bool = True
) -> str:
    """One CSV file as text: a header row, then the rows.

    `guard_formulas=False` is for readers that are not spreadsheets (neo4j-admin), where an
    apostrophe would only corrupt the text. `EXACT_TEXT_COLUMNS` are never guarded.
    """
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    guards = [guard_formulas and column not in EXACT_TEXT_COLUMNS for column in header]
    writer.writerows([_cell(v, g) for v, g in zip(row, guards, strict=True)] for row in rows)
    return buf.getvalue()


def _fact_value(fact: dict[str, object]) -> Cell:
    value = fact["value"]
    return value if isinstance(value, str | int | float) else None


def csv_tables(casefile: CaseFile) -> dict[str, str]:
    """Every table as {file name: CSV text}, rows in the JSON export's deterministic order."""
    data = to_dict(casefile)  # the same order and checks as the contract
    names = {e["id"]: e["name"] for e in data["entities"]}

    def name(entity_id: object) -> str | None:
        return names.get(entity_id) if isinstance(entity_id, str) else None

    files: dict[str, str] = {}
    files["documents.csv"] = table(
        ("id", "title", "source", "published", "sha256", "source_group", "text"),
        (
            (
                d["id"],
                d["title"],
                d["source"],
                d["published"],
                d["sha256"],
                d["source_group"],
                d["text"],
            )
            for d in data["documents"]
        ),
    )
    files["entities.csv"] = table(
        ("id", "type", "name", "aliases", "real", "mention_count"),
        (
            (e["id"], e["type"], e["name"], " | ".join(e["aliases"]), e["real"], len(e["mentions"]))
            for e in data["entities"]
        ),
    )
    files["mentions.csv"] = table(
        ("entity_id", "doc", "start", "end", "text"),
        (
            (e["id"], m["doc"], m["start"], m["end"], m["text"])
            for e in data["entities"]
            for m in e["mentions"]
        ),
    )
    files["facts.csv"] = table(
        (
            "id",
            "subject",
            "subject_name",
            "predicate",
            "object",
            "object_name",
            "value",
            "work",
            "work_name",
            "place",
            "place_name",
            "time_start",
            "time_end",
            "time_text",
            "modality",
            "derived_from",
            "evidence_count",
            "confidence",
            "rule",
            "independent_sources",
        ),
        (
            (
                f["id"],
                f["subject"],
                name(f["subject"]),
                f["predicate"],
                f["object"],
                name(f["object"]),
                _fact_value(f),
                f["work"],
                name(f["work"]),
                f["place"],
                name(f["place"]),
                f["time"]["start"] if f["time"] else None,
                f["time"]["end"] if f["time"] else None,
                f["time"]["text"] if f["time"] else None,
                f["modality"],
                " ".join(f["derived_from"]),
                len(f["evidence"]),
                f["confidence"],
                f["rule"],
                f["independent_sources"],
            )
            for f in data["facts"]
        ),
    )
    files["evidence.csv"] = table(
        ("fact_id", "doc", "start", "end", "quote"),
        (
            (f["id"], e["doc"], e["start"], e["end"], e["quote"])
            for f in data["facts"]
            for e in f["evidence"]
        ),
    )
    files["conflicts.csv"] = table(
        ("id", "kind", "summary", "facts"),
        ((c["id"], c["kind"], c["summary"], " ".join(c["facts"])) for c in data["conflicts"]),
    )
    files["conflict_facts.csv"] = table(
        ("conflict_id", "fact_id"),
        ((c["id"], fid) for c in data["conflicts"] for fid in c["facts"]),
    )
    return files
