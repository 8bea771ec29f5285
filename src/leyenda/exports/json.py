"""The JSON export: the contract of SPEC.md that outside tools and checks read.

Field names and shapes follow the SPEC exactly; nothing here renames or reshapes them.
Two additions the contract's notation leaves room for, both ignorable by its readers:

* a top-level `unresolved_times` object, `{document id: [time as written, ...]}`, for the
  relative dates leyenda found but could not anchor (the SPEC says they are reported,
  never guessed); only documents that have some are listed;
* in JSONL, where there is no top level, each `document` record carries its own
  `unresolved_times` list instead.

Output is deterministic so that re-exporting an unchanged case file gives identical bytes:
top-level lists are sorted by id, mentions and evidence by position, and every other list
keeps the order the case file gives it (that order is content, such as alias ranking).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from ..errors import ExportError
from ..model import CaseFile, Conflict, Document, Entity, Evidence, Fact, MentionRef, TimeSpan
from ..sources import independent_sources
from ..version import __version__


def document_dict(doc: Document, groups: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A document as the contract lists it (no local `path`: it means nothing elsewhere);
    `source_group`: the group of documents that copy one another it is in (`sources`)."""
    return {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "published": doc.published,
        "sha256": doc.sha256,
        "source_group": (groups or {}).get(doc.id, doc.id),
        "text": doc.text,
    }


def _mention_dict(m: MentionRef) -> dict[str, Any]:
    return {"doc": m.doc, "start": m.start, "end": m.end, "text": m.text}


def entity_dict(entity: Entity) -> dict[str, Any]:
    """An entity with its mentions in reading order and the reasons its names were merged."""
    mentions = sorted(entity.mentions, key=lambda m: (m.doc, m.start, m.end, m.text))
    return {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "real": entity.real,
        "mentions": [_mention_dict(m) for m in mentions],
        "merged_because": [
            {"rule": r.rule, "mentions": list(r.mentions), "detail": r.detail}
            for r in entity.merged_because
        ],
    }


def _time_dict(span: TimeSpan | None) -> dict[str, str] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _evidence_dict(ev: Evidence, docs: Mapping[str, Document] | None = None) -> dict[str, Any]:
    """Evidence as the contract lists it; `page` (additive) where its document has pages,
    and `"ocr": true` (additive) where OCR read that page from a scan."""
    out: dict[str, Any] = {"doc": ev.doc, "start": ev.start, "end": ev.end, "quote": ev.quote}
    doc = (docs or {}).get(ev.doc)
    page = doc.page_at(ev.start) if doc is not None else None
    if page is not None:
        out["page"] = page
    if doc is not None and doc.ocr_at(ev.start):
        out["ocr"] = True
    return out


def _value(fact: Fact) -> str | int | float | None:
    """The fact's value; NaN or infinity would make invalid JSON, so they are refused by name."""
    value = fact.value
    if isinstance(value, float) and not math.isfinite(value):
        raise ExportError(f"fact {fact.id} has a value JSON cannot hold: {value!r}")
    return value


def fact_dict(
    fact: Fact,
    groups: Mapping[str, str] | None = None,
    facts: Mapping[str, Fact] | None = None,
    docs: Mapping[str, Document] | None = None,
) -> dict[str, Any]:
    """A fact with entity ids for its participants and the sentences (or facts) behind it;
    `independent_sources`: how many source groups state it (`sources`); `docs`: the
    documents by id, for the page of each quote of a paged one."""
    evidence = sorted(fact.evidence, key=lambda e: (e.doc, e.start, e.end, e.quote))
    return {
        "id": fact.id,
        "subject": fact.subject,
        "predicate": fact.predicate,
        "object": fact.object,
        "value": _value(fact),
        "work": fact.work,
        "place": fact.place,
        "time": _time_dict(fact.time),
        "modality": fact.modality,
        "derived_from": list(fact.derived_from),
        "confidence": fact.confidence,
        "rule": fact.rule,
        "independent_sources": independent_sources(fact, groups or {}, facts),
        "evidence": [_evidence_dict(e, docs) for e in evidence],
    }


def conflict_dict(conflict: Conflict) -> dict[str, Any]:
    """A conflict: its kind, the facts that cannot all hold, and a sentence saying so."""
    return {
        "id": conflict.id,
        "kind": conflict.kind,
        "facts": list(conflict.facts),
        "summary": conflict.summary,
    }


def _unresolved(casefile: CaseFile) -> dict[str, list[str]]:
    return {
        doc_id: list(times) for doc_id, times in sorted(casefile.unresolved_times.items()) if times
    }


def to_dict(casefile: CaseFile) -> dict[str, Any]:
    """The whole case file as the SPEC's JSON object, in a deterministic order."""
    groups = casefile.source_groups
    by_id = {f.id: f for f in casefile.facts}
    paged = {d.id: d for d in casefile.documents if d.pages}
    return {
        "leyenda": __version__,
        "documents": [
            document_dict(d, groups) for d in sorted(casefile.documents, key=lambda d: d.id)
        ],
        "entities": [entity_dict(e) for e in sorted(casefile.entities, key=lambda e: e.id)],
        "facts": [
            fact_dict(f, groups, by_id, paged) for f in sorted(casefile.facts, key=lambda f: f.id)
        ],
        "conflicts": [conflict_dict(c) for c in sorted(casefile.conflicts, key=lambda c: c.id)],
        "unresolved_times": _unresolved(casefile),
    }


def _dumps(obj: object, indent: int | None) -> str:
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except (TypeError, ValueError) as err:  # a value of a type JSON has no place for
        raise ExportError(f"the case file cannot be written as JSON: {err}") from err


def to_json(casefile: CaseFile) -> str:
    """The JSON export as text: UTF-8 as is (names keep their accents), indented, newline-ended."""
    return _dumps(to_dict(casefile), indent=2) + "\n"


#: Characters `str.splitlines` and some JSONL readers take for line ends; JSON leaves them raw
#: inside strings, so one record could look like two lines. Escaped, they read back the same.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def to_jsonl(casefile: CaseFile) -> str:
    """One record per line, each tagged with `record`, so a stream can be read line by line."""
    data = to_dict(casefile)
    unresolved: dict[str, list[str]] = data["unresolved_times"]
    lines: list[str] = []
    for doc in data["documents"]:
        record = {"record": "document", **doc, "unresolved_times": unresolved.get(doc["id"], [])}
        lines.append(_dumps(record, indent=None))
    for kind, key in (("entity", "entities"), ("fact", "facts"), ("conflict", "conflicts")):
        lines.extend(_dumps({"record": kind, **item}, indent=None) for item in data[key])
    return "".join(line.translate(_LINE_BREAKERS) + "\n" for line in lines)
