"""GraphML: the relation graph for networkx, Gephi, yEd and Cytoscape desktop.

Nodes are the case file's entities (`label`, `type`, `name`, `aliases` joined by " | ",
`real` as a boolean, left out when unknown, `mentions` as a count). Edges are the facts
that join two entities (subject → object), one edge per fact, its id the fact id, with
`label` and `predicate`, `modality`, the time (`time_start`, `time_end`, `time_text`),
`value`, the `work` and `place` (ids and names) and `evidence`: the quotes that state it,
one per line, with `evidence_docs` naming their documents in the same order. Facts about
one entity alone (events, ages) stay in the JSON and CSV exports; they are not edges.

Written with the standard library's XML writer, so names and quotes are escaped; the
characters XML 1.0 cannot hold at all (most C0 controls) become U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import CaseFile, Entity, Fact
from .json import to_dict

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

#: (id, for, attr.name, attr.type) of every GraphML key, nodes first.
NODE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("n_label", "label", "string"),
    ("n_type", "type", "string"),
    ("n_name", "name", "string"),
    ("n_aliases", "aliases", "string"),
    ("n_real", "real", "boolean"),
    ("n_mentions", "mentions", "int"),
)
EDGE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("e_label", "label", "string"),
    ("e_predicate", "predicate", "string"),
    ("e_modality", "modality", "string"),
    ("e_value", "value", "string"),
    ("e_time_start", "time_start", "string"),
    ("e_time_end", "time_end", "string"),
    ("e_time_text", "time_text", "string"),
    ("e_work", "work", "string"),
    ("e_work_name", "work_name", "string"),
    ("e_place", "place", "string"),
    ("e_place_name", "place_name", "string"),
    ("e_evidence", "evidence", "string"),
    ("e_evidence_docs", "evidence_docs", "string"),
)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids (NUL, most controls) become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _data(parent: ET.Element, key: str, value: object) -> None:
    if value is None or value == "":
        return
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    ET.SubElement(parent, "data", key=key).text = xml_text(text)


def _node(graph: ET.Element, entity: Entity) -> None:
    node = ET.SubElement(graph, "node", id=xml_text(entity.id))
    _data(node, "n_label", entity.name)
    _data(node, "n_type", entity.type)
    _data(node, "n_name", entity.name)
    _data(node, "n_aliases", " | ".join(entity.aliases))
    _data(node, "n_real", entity.real)
    _data(node, "n_mentions", len(entity.mentions))


def _edge(graph: ET.Element, fact: Fact, names: dict[str, str]) -> None:
    assert fact.object is not None
    edge = ET.SubElement(
        graph,
        "edge",
        id=xml_text(fact.id),
        source=xml_text(fact.subject),
        target=xml_text(fact.object),
    )
    evidence = sorted(fact.evidence, key=lambda e: (e.doc, e.start, e.end))
    _data(edge, "e_label", fact.predicate.replace("_", " "))
    _data(edge, "e_predicate", fact.predicate)
    _data(edge, "e_modality", fact.modality)
    _data(edge, "e_value", fact.value)
    if fact.time is not None:
        _data(edge, "e_time_start", fact.time.start)
        _data(edge, "e_time_end", fact.time.end)
        _data(edge, "e_time_text", fact.time.text)
    _data(edge, "e_work", fact.work)
    _data(edge, "e_work_name", names.get(fact.work or ""))
    _data(edge, "e_place", fact.place)
    _data(edge, "e_place_name", names.get(fact.place or ""))
    _data(edge, "e_evidence", "\n".join(" ".join(e.quote.split()) for e in evidence))
    _data(edge, "e_evidence_docs", "\n".join(e.doc for e in evidence))


def to_graphml(casefile: CaseFile) -> str:
    """The entities and the facts between them as a directed GraphML graph (deterministic)."""
    to_dict(casefile)  # the contract's checks (a value JSON cannot hold is refused here too)
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    for key, name, kind in NODE_KEYS:
        ET.SubElement(root, "key", {"id": key, "for": "node", "attr.name": name, "attr.type": kind})
    for key, name, kind in EDGE_KEYS:
        ET.SubElement(root, "key", {"id": key, "for": "edge", "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="leyenda", edgedefault="directed")
    entities = sorted(casefile.entities, key=lambda e: e.id)
    names = {e.id: e.name for e in entities}
    for entity in entities:
        _node(graph, entity)
    for fact in sorted(casefile.facts, key=lambda f: f.id):
        if fact.object is not None and fact.subject in names and fact.object in names:
            _edge(graph, fact, names)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
