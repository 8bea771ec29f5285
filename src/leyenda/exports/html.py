"""The one-file HTML report: people, timeline, relation graph, disputes, and every source.

Why one file: a reporter mails it to an editor, who opens it offline in any browser. So the
front-end libraries (vis-timeline, Cytoscape.js; vendored in `leyenda/assets/` with their
licenses) and the case file's data are inlined; nothing is fetched at view time.

Article text is untrusted. It reaches the page two ways, both inert:

* server-side, through Jinja2 autoescaping and `highlight_source`, which cuts the text at
  the evidence offsets *first* and escapes each piece *after*, so a mark never splits an
  entity such as ``&amp;`` and ``<script>`` in an article is shown as text;
* as JSON in ``<script type="application/json">``, with ``<``, ``>`` and ``&`` written as
  ``\\u003c``... so ``</script>`` in a quote cannot end the block; the page's script puts
  those strings into the DOM with ``textContent`` only.

The pieces are functions the web UI reuses: `render_timeline_data`, `render_graph_data`,
`highlight_source`, `json_script`, `asset_text`, and `report_context` for the template.

Hooks for browser tests and scripts (stable): ``#timeline`` (vis-timeline; items carry the
classes ``modality-<m>`` and ``disputed``), ``select#person-filter``, ``#graph``
(Cytoscape), ``.conflict`` items, ``a.citation[data-doc][data-start][data-end]`` links,
``details.source#source-<doc>`` holding ``mark.evidence[data-ev="<start>-<end>"]`` (the
first piece of each quote has the id the citation's ``href`` names; the marks of the
citation clicked last get the class ``active``), and ``window.leyendaReport``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from .. import phrasing, prominence, sources
from ..model import (
    ATTRIBUTE_PREDICATES,
    CaseFile,
    Conflict,
    Document,
    Entity,
    Evidence,
    Fact,
    TimeSpan,
    chain_evidence,
)
from .json import to_dict

if TYPE_CHECKING:  # Jinja2 is imported when a report is rendered, not when the CLI starts
    import jinja2

#: The vendored libraries, inlined into every report (versions in assets/README.md).
SCRIPT_ASSETS = ("vis-timeline-graph2d.min.js", "cytoscape.min.js")
STYLE_ASSETS = ("vis-timeline-graph2d.min.css",)
TEMPLATE = "report.html.j2"

#: Entity types listed beside the relation graph when no edge touches them (an entity
#: with no edge is never drawn: a cloud of unconnected dots says nothing).
GRAPH_TYPES = frozenset({"person", "organization", "work"})

#: Most people who get a timeline lane of their own; everyone else shares `OTHER_LANE`.
TIMELINE_LANES = 6
#: Fewest dated facts that earn a person a lane of their own.
LANE_MIN_EVENTS = 2
OTHER_LANE = "lane-others"

MODALITY_LABELS = {"reality": "Reality", "depiction": "Shown on screen", "claim": "Claimed"}
REAL_LABELS = {
    True: "real person",
    False: "fictional character",
    None: "real or fictional: unknown",
}

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


def anchor(raw_id: str) -> str:
    """An id usable in HTML ids and CSS selectors as is: the id itself when it is plain
    (letters, digits, `_`, `-`), else a short hash of it, so `#source-<doc>` always works."""
    if _SAFE_ID.fullmatch(raw_id):
        return raw_id
    return "h" + hashlib.sha1(raw_id.encode("utf-8")).hexdigest()[:12]


def evidence_target(ev: Evidence) -> str:
    """The HTML id of the mark a citation of `ev` scrolls to."""
    return f"ev-{anchor(ev.doc)}-{ev.start}-{ev.end}"


# -- assets and safe embedding ------------------------------------------------------------


@cache
def asset_text(name: str) -> str:
    """A vendored asset's text, with its source-map comment dropped (the map is not shipped)."""
    text = (resources.files("leyenda") / "assets" / name).read_text(encoding="utf-8")
    return re.sub(r"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$", "\n", text)


def inline_script(code: str) -> Markup:
    """JavaScript safe inside ``<script>``: any ``</script`` is written ``<\\/script``."""
    return Markup(re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE))


def inline_style(css: str) -> Markup:
    """CSS safe inside ``<style>``: any ``</style`` is written ``<\\/style``."""
    return Markup(re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE))


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def json_script(data: object) -> Markup:
    """JSON for a ``<script type="application/json">`` block that no string can break out of."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=False)
    return Markup(_JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text))


# -- sources with their evidence highlighted ------------------------------------------------


def _valid_spans(document: Document, evidences: Iterable[Evidence]) -> list[tuple[int, int]]:
    """Distinct (start, end) of the evidence that really is this document's text there."""
    text = document.text
    spans: set[tuple[int, int]] = set()
    for e in evidences:
        inside = e.doc == document.id and 0 <= e.start < e.end <= len(text)
        # a quote that does not match is left unmarked rather than marking the wrong words
        if inside and text[e.start : e.end] == e.quote:
            spans.add((e.start, e.end))
    return sorted(spans)


def highlight_source(document: Document, evidences: Iterable[Evidence]) -> Markup:
    """The document's text, escaped, with each evidence span in ``<mark class="evidence">``.

    The text is cut at the offsets first and each piece escaped after, so offsets count
    characters of the text as analysed. Overlapping spans nest; where two overlap without
    nesting, the later one is continued in a second mark with the same ``data-ev``. The
    first piece of each span has the id `evidence_target` gives.
    """
    text = document.text
    spans = _valid_spans(document, evidences)
    key = anchor(document.id)
    starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        starts[span[0]].append(span)
    points = sorted({p for span in spans for p in span} | {0, len(text)})
    out: list[str] = []
    stack: list[tuple[int, int]] = []
    opened: set[tuple[int, int]] = set()

    def open_mark(span: tuple[int, int]) -> None:
        s, e = span
        ident = "" if span in opened else f' id="ev-{key}-{s}-{e}"'
        opened.add(span)
        out.append(f'<mark class="evidence"{ident} data-ev="{s}-{e}">')
        stack.append(span)

    for i, p in enumerate(points):
        reopen: list[tuple[int, int]] = []
        ending = [k for k, span in enumerate(stack) if span[1] == p]
        if ending:
            while len(stack) > ending[0]:
                span = stack.pop()
                out.append("</mark>")
                if span[1] != p:
                    reopen.append(span)
        # outer (later-ending) marks open first so that they can hold the inner ones
        for span in sorted(reopen + starts.get(p, []), key=lambda s: (-s[1], s[0])):
            open_mark(span)
        if i + 1 < len(points):
            out.append(str(escape(text[p : points[i + 1]])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


# -- what the template shows ----------------------------------------------------------------


def when(span: TimeSpan | None) -> str:
    """A time as a reader scans it: one date, or the two ends of the interval."""
    if span is None:
        return ""
    if not span.end or span.end == span.start:
        return span.start
    return f"{span.start} – {span.end}"


def _first_day(value: str) -> date | None:
    try:
        parts = [int(x) for x in value.split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1)
        if len(parts) == 2:
            return date(parts[0], parts[1], 1)
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None
    return None


def _day_after(value: str) -> date | None:
    """The first day after the period a DATE names (exclusive end of a timeline range)."""
    first = _first_day(value)
    if first is None:
        return None
    n = value.count("-")
    try:
        if n == 0:
            return date(first.year + 1, 1, 1)
        if n == 1:
            return date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


@dataclass
class _Index:
    """Lookups every part of the report shares."""

    casefile: CaseFile
    entities: dict[str, Entity] = field(init=False)
    documents: dict[str, Document] = field(init=False)
    facts: dict[str, Fact] = field(init=False)
    disputed: dict[str, list[Conflict]] = field(init=False)

    def __post_init__(self) -> None:
        cf = self.casefile
        self.entities = {e.id: e for e in cf.entities}
        self.documents = {d.id: d for d in cf.documents}
        self.facts = {f.id: f for f in cf.facts}
        self.disputed = defaultdict(list)
        for c in sorted(cf.conflicts, key=lambda c: c.id):
            if c.kind != "depiction":
                for fid in c.facts:
                    self.disputed[fid].append(c)

    def name(self, entity_id: str | None) -> str:
        entity = self.entities.get(entity_id or "")
        return entity.name if entity else (entity_id or "")

    def phrase(self, fact: Fact, about: str | None = None) -> str:
        """The fact as a sentence (`phrasing`), as plain text: the template escapes it."""
        text = phrasing.render(phrasing.fact_parts(fact, about), self.name, str)
        if fact.modality == "depiction" and fact.work and fact.predicate != "portrayed_by":
            text += f" (as {self.name(fact.work)} shows it)"
        return text

    def sources_of(self, fact: Fact) -> list[Evidence]:
        """The evidence behind a derived fact, following `derived_from` down to stated facts."""
        return chain_evidence(fact, self.facts)

    def citation(self, ev: Evidence) -> dict[str, Any]:
        doc = self.documents.get(ev.doc)
        title = doc.title if doc and doc.title.strip() else ev.doc
        return {
            "doc": ev.doc,
            "start": ev.start,
            "end": ev.end,
            "target": evidence_target(ev),
            "title": title,
            "page": doc.page_at(ev.start) if doc else None,
            "ocr": bool(doc and doc.ocr_at(ev.start)),
            "quote": " ".join(ev.quote.split()),
        }

    def fact_view(self, fact: Fact) -> dict[str, Any]:
        evidence = sorted(set(fact.evidence), key=lambda e: (e.doc, e.start, e.end))
        derived = [] if evidence else sorted(set(self.sources_of(fact)), key=lambda e: e.start)
        return {
            "id": fact.id,
            "anchor": "fact-" + anchor(fact.id),
            "phrase": self.phrase(fact),
            "predicate": fact.predicate,
            "when": when(fact.time),
            "as_written": fact.time.text if fact.time else "",
            "modality": fact.modality,
            "modality_label": MODALITY_LABELS.get(fact.modality, fact.modality),
            "disputed": fact.id in self.disputed,
            "tentative": fact.tentative,
            "confidence": f"{fact.confidence:.2f}",
            "rule": fact.rule,
            "sourcing": self.sourcing(fact),
            "single_source": self.sourcing(fact) == "single source",
            "citations": [self.citation(e) for e in evidence],
            "derived_citations": [self.citation(e) for e in derived],
        }

    def sourcing(self, fact: Fact) -> str:
        """How many documents and independent sources state it (`sources.sourcing`); said
        only where the case file holds more than one document."""
        if len(self.documents) < 2:
            return ""
        return sources.sourcing(fact, self.casefile.source_groups, self.facts)

    def sort_key(self, fact: Fact) -> tuple[str, str, str, str, str]:
        return (
            fact.time.start if fact.time else "~",
            self.name(fact.subject).casefold(),
            fact.predicate,
            self.name(fact.object).casefold(),
            fact.id,
        )


#: Left out of the report's and the UI's timelines: an age's time is when it was stated
#: (the birth range derived from it is an event); open events (`event`) are in each
#: person's dossier, not yet in the shared timeline, which they would crowd (issue 20).
OFF_TIMELINE = (*ATTRIBUTE_PREDICATES, "event")


def _is_timeline_fact(fact: Fact) -> bool:
    return fact.time is not None and fact.predicate not in OFF_TIMELINE


def render_timeline_data(casefile: CaseFile) -> dict[str, Any]:
    """vis-timeline items (plain text, never HTML), lanes by modality, and the people to filter.

    Each item: ``id`` (the fact id), ``content``, ``start`` and ``end`` (ISO days; ``end``
    exclusive, only for ranges), ``type`` (point or range), ``group`` (the modality),
    ``className``, ``people`` (person entity ids it concerns), ``disputed``, ``when``,
    and ``lane``: the timeline draws one lane per central person (``lanes``: the people in
    most dated facts, at most `TIMELINE_LANES`) and one for everything else; an item sits
    in the lane of the first central person it concerns. ``window`` is the period it opens
    on (`densest_window`). Dates vis-timeline cannot place (a month 13) are left out.
    """
    idx = _Index(casefile)
    items: list[dict[str, Any]] = []
    people: set[str] = set()
    for fact in sorted(casefile.facts, key=idx.sort_key):
        if fact.time is None or not _is_timeline_fact(fact):
            continue
        first, after = _first_day(fact.time.start), _day_after(fact.time.end or fact.time.start)
        if first is None or after is None or after <= first:
            continue
        point = after - first == timedelta(days=1)
        involved = [
            e
            for e in (fact.subject, fact.object)
            if e and e in idx.entities and idx.entities[e].type == "person"
        ]
        people.update(involved)
        disputed = fact.id in idx.disputed
        classes = [f"modality-{fact.modality}"]
        if disputed:
            classes.append("disputed")
        if fact.derived_from and not fact.evidence:
            classes.append("derived")
        if fact.tentative:
            classes.append("tentative")
        items.append(
            {
                "id": fact.id,
                "content": idx.phrase(fact),
                "start": first.isoformat(),
                "end": None if point else after.isoformat(),
                "type": "point" if point else "range",
                "group": fact.modality,
                "className": " ".join(classes),
                "people": involved,
                "disputed": disputed,
                "tentative": fact.tentative,
                "when": when(fact.time),
                "anchor": "fact-" + anchor(fact.id),
            }
        )
    used = sorted({it["group"] for it in items}, key=list(MODALITY_LABELS).index)
    lanes = _person_lanes(idx, items)
    return {
        "items": items,
        "groups": [
            {"id": g, "content": MODALITY_LABELS[g], "className": f"lane-{g}"} for g in used
        ],
        "lanes": lanes,
        "window": densest_window([it["start"] for it in items]),
        "people": sorted(
            ({"id": p, "name": idx.name(p)} for p in people),
            key=lambda x: (x["name"].casefold(), x["id"]),
        ),
    }


def _person_lanes(idx: _Index, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each item its ``lane`` and return the lanes, central people first."""
    counts: dict[str, int] = defaultdict(int)
    for it in items:
        for p in set(it["people"]):
            counts[p] += 1
    central = sorted(
        (p for p, n in counts.items() if n >= LANE_MIN_EVENTS),
        key=lambda p: (-counts[p], idx.name(p).casefold(), p),
    )[:TIMELINE_LANES]
    rank = {p: i for i, p in enumerate(central)}
    lane_of = {p: "lane-" + anchor(p) for p in central}
    used: set[str] = set()
    for it in items:
        mine = sorted((p for p in it["people"] if p in rank), key=rank.__getitem__)
        it["lane"] = lane_of[mine[0]] if mine else OTHER_LANE
        used.add(it["lane"])
    lanes = [
        {"id": lane_of[p], "content": idx.name(p), "person": p, "events": counts[p]}
        for p in central
        if lane_of[p] in used
    ]
    if OTHER_LANE in used:
        label = "Everyone else" if lanes else "Events"
        lanes.append({"id": OTHER_LANE, "content": label, "person": None, "events": 0})
    return lanes


def densest_window(starts: Sequence[str], share: float = 0.2) -> dict[str, str] | None:
    """The period the timeline opens on: of all windows a fifth of the whole span wide
    (one to ten years), the one holding most events (the earliest of equals), padded (more
    after it, where the last labels run). None without dates; the whole span when it is
    shorter than a year."""
    days = sorted(d for d in (_first_day(s) for s in starts) if d is not None)
    if not days:
        return None
    span = (days[-1] - days[0]).days
    width = min(max(int(span * share), 365), 3653)
    if span <= width:
        lo, hi = days[0], days[-1]
    else:
        best, best_at, j = 0, 0, 0
        for i in range(len(days)):
            while (days[i] - days[j]).days > width:
                j += 1
            if i - j + 1 > best:
                best, best_at = i - j + 1, j
        lo = days[best_at]
        hi = lo + timedelta(days=width)
    pad = timedelta(days=max((hi - lo).days // 12, 60))
    try:
        # more room on the right: a label is written rightwards from its date
        return {"start": (lo - pad).isoformat(), "end": (hi + 3 * pad).isoformat()}
    except OverflowError:
        return {"start": lo.isoformat(), "end": hi.isoformat()}


def render_graph_data(casefile: CaseFile) -> dict[str, Any]:
    """Cytoscape elements: the entities facts link, typed edges between them, and the rest.

    Only entities an edge touches are nodes (each with its connected ``component``, 0 the
    largest); the people, organizations and works no edge touches are ``isolated``, a
    list to show beside the graph rather than dots in it.

    An edge is a fact between two entities (subject → object); facts saying the same thing
    (same ends, predicate and modality) share one edge listing them all in ``facts``. A
    portrayal with a work also links the actor to the work (``cast_in``), so shows appear.
    """
    idx = _Index(casefile)
    edges: dict[tuple[str, str, str, str], dict[str, Any]] = {}

    def add(source: str, target: str, predicate: str, fact: Fact, label: str) -> None:
        key = (source, target, predicate, fact.modality)
        edge = edges.get(key)
        if edge is None:
            edges[key] = {
                "id": f"edge-{len(edges)}",
                "source": source,
                "target": target,
                "predicate": predicate,
                "label": label,
                "modality": fact.modality,
                "disputed": fact.id in idx.disputed,
                "tentative": fact.tentative,
                "facts": [fact.id],
                "anchor": "fact-" + anchor(fact.id),
            }
        else:
            edge["facts"].append(fact.id)
            edge["disputed"] = edge["disputed"] or fact.id in idx.disputed
            edge["tentative"] = edge["tentative"] and fact.tentative  # one sure fact settles it

    for fact in sorted(casefile.facts, key=lambda f: f.id):
        if fact.object is None or fact.subject not in idx.entities:
            continue
        if fact.object not in idx.entities or fact.object == fact.subject:
            continue
        add(fact.subject, fact.object, fact.predicate, fact, phrasing.label(fact.predicate))
        if fact.predicate == "portrayed_by" and fact.work in idx.entities:
            add(fact.object, fact.work or "", "cast_in", fact, "cast in")
    component = _components([key[:2] for key in edges])
    nodes = [
        {
            "id": e.id,
            "label": e.name,
            "type": e.type,
            "real": e.real,
            "reality": {True: "real", False: "fictional", None: "unknown"}[e.real],
            "aliases": list(e.aliases),
            "anchor": "entity-" + anchor(e.id),
            "component": component[e.id],
        }
        for e in sorted(casefile.entities, key=lambda e: e.id)
        if e.id in component
    ]
    isolated = [
        {"id": e.id, "name": e.name, "type": e.type, "anchor": "entity-" + anchor(e.id)}
        for e in sorted(casefile.entities, key=lambda e: (e.name.casefold(), e.id))
        if e.type in GRAPH_TYPES and e.id not in component
    ]
    return {
        "nodes": [{"data": n} for n in nodes],
        "edges": [{"data": e} for e in edges.values()],
        "isolated": isolated,
    }


def _components(pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Each linked entity's connected component: 0 the largest, then by size (ties by the
    smallest id, so the numbering is stable)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        members[root(x)].append(x)
    order = sorted(members.values(), key=lambda m: (-len(m), min(m)))
    return {x: i for i, m in enumerate(order) for x in m}


def _portrayals(idx: _Index, person: Entity) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    facts = sorted(
        (f for f in idx.casefile.facts if f.predicate == "portrayed_by"), key=idx.sort_key
    )
    played_by = [
        {
            "other": idx.name(f.object),
            "work": idx.name(f.work) if f.work else "",
            **idx.fact_view(f),
        }
        for f in facts
        if f.subject == person.id and f.object
    ]
    plays = [
        {
            "other": idx.name(f.subject),
            "work": idx.name(f.work) if f.work else "",
            **idx.fact_view(f),
        }
        for f in facts
        if f.object == person.id
    ]
    return played_by, plays


def _conflict_view(idx: _Index, conflict: Conflict) -> dict[str, Any]:
    sides = []
    for fid in conflict.facts:
        fact = idx.facts.get(fid)
        if fact is not None:
            sides.append(
                {"label": MODALITY_LABELS.get(fact.modality, fact.modality), **idx.fact_view(fact)}
            )
    return {
        "id": conflict.id,
        "anchor": "conflict-" + anchor(conflict.id),
        "kind": conflict.kind,
        "summary": conflict.summary,
        "independence": sources.conflict_sides(
            conflict.facts, idx.casefile.source_groups, idx.facts
        ),
        "sides": sides,
        "missing": [fid for fid in conflict.facts if fid not in idx.facts],
    }


def _unpaired_depictions(idx: _Index, covered: set[str]) -> list[dict[str, Any]]:
    """What a show tells that no depiction conflict covers, next to what sources call real."""
    shown: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in idx.casefile.facts:
        if f.modality == "depiction" and f.id not in covered and f.predicate != "portrayed_by":
            shown[(f.subject, f.predicate)].append(f)
    groups = []
    for subject, predicate in sorted(shown, key=lambda k: (idx.name(k[0]).casefold(), k[1])):
        real = [
            f
            for f in idx.casefile.facts
            if f.modality == "reality" and f.subject == subject and f.predicate == predicate
        ]
        groups.append(
            {
                "subject": idx.name(subject),
                "predicate": phrasing.noun(predicate),
                "shown": [
                    idx.fact_view(f) for f in sorted(shown[(subject, predicate)], key=idx.sort_key)
                ],
                "reality": [idx.fact_view(f) for f in sorted(real, key=idx.sort_key)],
            }
        )
    return groups


def _glance_view(idx: _Index) -> dict[str, Any]:
    """The case at a glance (`prominence.glance`) as plain data for the template."""
    g = prominence.glance(idx.casefile)
    portrayals = [f for f in idx.casefile.facts if f.predicate == "portrayed_by"]
    people = []
    for person in g.people:
        actors = sorted(
            {idx.name(f.object) for f in portrayals if f.subject == person.id and f.object}
        )
        people.append(
            {
                "anchor": "entity-" + anchor(person.id),
                "name": person.name,
                "aliases": list(person.aliases[:3]),
                "played_by": actors,
                "fictional": prominence.fiction_note(idx.casefile, person) or "",
            }
        )
    key_dates = []
    for f in g.key_dates:
        view = idx.fact_view(f)
        dispute = g.disputed.get(f.id)
        view["dispute"] = dispute.note(when) if dispute else ""
        view["dispute_anchor"] = "conflict-" + anchor(dispute.conflict.id) if dispute else ""
        key_dates.append(view)
    return {
        "people": people,
        "key_dates": key_dates,
        "disputes": [
            {"summary": c.summary, "anchor": "conflict-" + anchor(c.id)} for c in g.disputes
        ],
        "show_changed": [
            {"summary": c.summary, "anchor": "conflict-" + anchor(c.id)} for c in g.show_changed
        ],
        "disputes_total": g.disputes_total,
        "show_changed_total": g.show_changed_total,
    }


def report_context(casefile: CaseFile) -> dict[str, Any]:
    """Everything the report template shows, as plain data (the template escapes it)."""
    idx = _Index(casefile)
    by_name = sorted(casefile.entities, key=lambda e: (e.name.casefold(), e.id))
    counts = prominence.fact_counts(casefile)
    ranked_people = prominence.ranked(casefile, "person", counts)
    also_named = sorted(
        (e for e in ranked_people if prominence.minor(e, counts[e.id])),
        key=lambda e: (e.name.casefold(), e.id),
    )
    people = []
    for person in (e for e in ranked_people if not prominence.minor(e, counts[e.id])):
        played_by, plays = _portrayals(idx, person)
        people.append(
            {
                "id": person.id,
                "anchor": "entity-" + anchor(person.id),
                "name": person.name,
                "aliases": list(person.aliases),
                "real": {True: "real", False: "fictional", None: "unknown"}[person.real],
                "real_label": REAL_LABELS[person.real],
                "mentions": len(person.mentions),
                "documents": len({m.doc for m in person.mentions}),
                "played_by": played_by,
                "plays": plays,
            }
        )
    others: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in by_name:
        if e.type != "person":
            others[e.type].append(
                {
                    "id": e.id,
                    "anchor": "entity-" + anchor(e.id),
                    "name": e.name,
                    "aliases": e.aliases,
                }
            )
    conflicts = sorted(casefile.conflicts, key=lambda c: (c.summary.casefold(), c.id))
    depictions = [_conflict_view(idx, c) for c in conflicts if c.kind == "depiction"]
    covered = {fid for c in conflicts if c.kind == "depiction" for fid in c.facts}
    evidence_by_doc: dict[str, list[Evidence]] = defaultdict(list)
    for f in casefile.facts:
        for ev in f.evidence:
            evidence_by_doc[ev.doc].append(ev)
    documents = sorted(
        casefile.documents,
        key=lambda d: (d.published is None, d.published or "", d.title.casefold(), d.id),
    )
    sources = [
        {
            "id": d.id,
            "anchor": "source-" + anchor(d.id),
            "title": d.title if d.title.strip() else d.id,
            "source": d.source,
            "published": d.published,
            "evidence": len(_valid_spans(d, evidence_by_doc[d.id])),
            "body": highlight_source(d, evidence_by_doc[d.id]),
            "unresolved": list(casefile.unresolved_times.get(d.id, ())),
        }
        for d in documents
    ]
    version = str(to_dict(casefile)["leyenda"])
    return {
        "version": version,
        "counts": {
            "documents": len(casefile.documents),
            "people": len(people) + len(also_named),
            "facts": len(casefile.facts),
            "conflicts": sum(1 for c in conflicts if c.kind != "depiction"),
            "depictions": len(depictions),
        },
        "people": people,
        "also_named": [
            {"id": e.id, "anchor": "entity-" + anchor(e.id), "name": e.name} for e in also_named
        ],
        "glance": _glance_view(idx),
        "others": [
            (label, others[etype])
            for etype, label in (
                ("organization", "Organizations"),
                ("work", "Works"),
                ("place", "Places"),
                ("other", "Other"),
            )
            if others[etype]
        ],
        "disputes": [_conflict_view(idx, c) for c in conflicts if c.kind != "depiction"],
        "depictions": depictions,
        "unpaired_depictions": _unpaired_depictions(idx, covered),
        "facts": [idx.fact_view(f) for f in sorted(casefile.facts, key=idx.sort_key)],
        "sources": sources,
        "data": {
            "timeline": render_timeline_data(casefile),
            "graph": render_graph_data(casefile),
        },
    }


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _template() -> jinja2.Template:
    source = (resources.files("leyenda") / "assets" / TEMPLATE).read_text(encoding="utf-8")
    return _environment().from_string(source)


def _inline_assets(names: Sequence[str], inline: Any) -> list[Markup]:
    return [inline(asset_text(name)) for name in names]


def to_html(casefile: CaseFile) -> str:
    """The report as one HTML file: libraries, styles and data inline, nothing fetched."""
    context = report_context(casefile)
    data = context.pop("data")
    return _template().render(
        **context,
        data_json=json_script(data),
        scripts=_inline_assets(SCRIPT_ASSETS, inline_script),
        styles=_inline_assets(STYLE_ASSETS, inline_style),
    )
