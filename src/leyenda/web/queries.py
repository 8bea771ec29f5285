"""Read queries behind the web UI, on a read-only connection to the case file.

Why not `Store.load_casefile`: a page shows one entity, one document or one list, and a
case file of thousands of documents should not be read whole for each click. Every
function here takes an open `sqlite3.Connection` and only reads; the app opens that
connection with ``mode=ro``, so no view can write by mistake (corrections go through
`leyenda.overrides`, which opens the case file the way the CLI does).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import phrasing, prominence
from ..model import (
    ATTRIBUTE_PREDICATES,
    RELATION_PREDICATES,
    TENTATIVE_BELOW,
    CaseFile,
    Conflict,
    Entity,
    Evidence,
    Fact,
    MentionRef,
    MergeReason,
    TimeSpan,
)
from ..sources import describe

#: Most rows a search returns per kind; enough to scan, few enough to render at once.
SEARCH_LIMIT = 50


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: views read, corrections go through `overrides`."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30.0)
    conn.execute("PRAGMA query_only = ON")
    return conn


@dataclass(frozen=True)
class EntityRef:
    """An entity as other pages link to it: id, name, type."""

    id: str
    name: str
    type: str


@dataclass(frozen=True)
class FactView:
    """A fact with its participants named, ready for a template."""

    id: str
    subject: EntityRef
    predicate: str
    modality: str
    object: EntityRef | None
    value: Any
    work: EntityRef | None
    place: EntityRef | None
    time: TimeSpan | None
    evidence: tuple[Evidence, ...]
    derived_from: tuple[str, ...]
    disputed: bool
    confidence: float = 1.0
    rule: str = ""
    #: how many independent sources its documents are (`sources`); 0 when not counted
    independent_sources: int = 0
    #: (document, start) of a quote on a paged document (a PDF) → its page
    pages: dict[tuple[str, int], int] = field(default_factory=dict)
    #: (document, start) of the quotes on pages OCR read from a scan (`build --ocr`)
    ocr: frozenset[tuple[str, int]] = frozenset()

    def page_of(self, ev: Evidence) -> int | None:
        """The page a quote is on, for a paged document; None otherwise."""
        return self.pages.get((ev.doc, ev.start))

    def ocr_of(self, ev: Evidence) -> bool:
        """Whether OCR read the page a quote is on."""
        return (ev.doc, ev.start) in self.ocr

    @property
    def sourcing(self) -> str:
        """ "single source", "2 documents, one source"... (`sources.describe`)."""
        return describe(len({e.doc for e in self.evidence}), self.independent_sources)

    @property
    def tentative(self) -> bool:
        """Shown apart as tentative (`model.TENTATIVE_BELOW`)."""
        return self.confidence < TENTATIVE_BELOW

    @property
    def words(self) -> str:
        """The predicate as a few words read from subject to object ("killed by")."""
        return phrasing.label(self.predicate)

    def parts(self, about: str | None = None) -> list[tuple[str, Any]]:
        """The fact's sentence (`phrasing`) for a template: ("text", words), ("value",
        text) and ("entity", `EntityRef`); `about`: the entity the page is about."""
        refs = {"subject": self.subject, "object": self.object, "work": self.work,
                "place": self.place}  # fmt: skip
        found = phrasing.parts(
            self.predicate,
            subject=self.subject.id,
            object=self.object.id if self.object else None,
            value=self.value,
            work=self.work.id if self.work and self.predicate in phrasing.WORK_SHOWN else None,
            place=self.place.id if self.place else None,
            about=about,
        )
        return [(kind, text) if kind in ("text", "value") else ("entity", refs[kind])
                for kind, text in found]  # fmt: skip

    @property
    def when(self) -> str:
        """The time as an interval a reader scans: "1992-07-21" or "1980–1983"."""
        if self.time is None:
            return ""
        if self.time.start == self.time.end:
            return self.time.start
        return f"{self.time.start}–{self.time.end}"

    @property
    def people(self) -> tuple[str, ...]:
        """Ids of the people this fact is about (subject and object), for filtering."""
        return tuple(
            e.id for e in (self.subject, self.object) if e is not None and e.type == "person"
        )


@dataclass(frozen=True)
class ConflictView:
    """A conflict with its facts, so a page can show every side with its source."""

    id: str
    kind: str
    summary: str
    facts: tuple[FactView, ...]


@dataclass(frozen=True)
class PersonRow:
    """One line of the people list: names, real or not, who plays them."""

    id: str
    name: str
    aliases: tuple[str, ...]
    real: bool | None
    played_by: tuple[tuple[EntityRef, EntityRef | None], ...]  # (actor, work)
    mentions: int


@dataclass(frozen=True)
class EntityPage:
    """Everything the page of one entity shows."""

    ref: EntityRef
    aliases: tuple[str, ...]
    real: bool | None
    mentions: tuple[MentionRef, ...]
    merged_because: tuple[MergeReason, ...]
    facts: tuple[FactView, ...]
    conflicts: tuple[ConflictView, ...]
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentView:
    """A source with the spans of text that some fact cites."""

    id: str
    title: str
    source: str
    published: str | None
    text: str
    evidence: tuple[tuple[int, int, str], ...]  # (start, end, what the fact says)


@dataclass(frozen=True)
class DocumentHit:
    """A document that matches a search, with a snippet split into plain and matched parts."""

    id: str
    title: str
    snippet: tuple[tuple[str, bool], ...]


# --- small helpers ------------------------------------------------------------------------


def _entity_refs(conn: sqlite3.Connection) -> dict[str, EntityRef]:
    return {
        r[0]: EntityRef(r[0], r[1], r[2])
        for r in conn.execute("SELECT id, name, type FROM entities")
    }


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    """Ids in slices, so an IN (...) list stays under SQLite's variable limit."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def titles(conn: sqlite3.Connection) -> dict[str, str]:
    """Document id → title (the id where the title is empty), for citation labels."""
    return {r[0]: (r[1] or r[0]) for r in conn.execute("SELECT id, title FROM documents")}


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How big the case file is, for the home page."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM documents), "
        "(SELECT count(*) FROM entities WHERE type = 'person'), "
        "(SELECT count(*) FROM entities), (SELECT count(*) FROM facts), "
        "(SELECT count(*) FROM conflicts)"
    ).fetchone()
    keys = ("documents", "people", "entities", "facts", "conflicts")
    return {k: int(v) for k, v in zip(keys, row, strict=True)}


def _disputed(conn: sqlite3.Connection) -> set[str]:
    """Facts that some conflict (not a mere depiction difference) names."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT cf.fact_id FROM conflict_facts AS cf "
            "JOIN conflicts AS c ON c.id = cf.conflict_id WHERE c.kind != 'depiction'"
        )
    }


def _facts(conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = ()) -> list[FactView]:
    """Facts matching `where` (SQL on table `f`), in case-file order, with evidence."""
    refs = _entity_refs(conn)
    disputed = _disputed(conn)
    rows = conn.execute(
        "SELECT f.id, f.subject, f.predicate, f.modality, f.object, f.value, f.work, f.place, "
        "f.time_start, f.time_end, f.time_text, f.confidence, f.rule "
        f"FROM facts AS f {where} ORDER BY f.position",
        tuple(params),
    ).fetchall()
    ids = [r[0] for r in rows]
    evidence: dict[str, list[Evidence]] = {}
    sources: dict[str, list[str]] = {}
    cited: set[str] = set()
    for chunk in _chunks(ids):
        marks = _placeholders(len(chunk))
        for fid, doc, start, end, quote in conn.execute(
            f'SELECT fact_id, doc_id, start, "end", quote FROM evidence '
            f"WHERE fact_id IN ({marks}) ORDER BY fact_id, position",
            tuple(chunk),
        ):
            evidence.setdefault(fid, []).append(Evidence(doc, start, end, quote))
            cited.add(doc)
        for fid, src in conn.execute(
            f"SELECT fact_id, source_fact_id FROM fact_derivations "
            f"WHERE fact_id IN ({marks}) ORDER BY fact_id, position",
            tuple(chunk),
        ):
            sources.setdefault(fid, []).append(src)

    groups, paged, scanned = _cited_documents(conn, cited)

    def ref(eid: str | None) -> EntityRef | None:
        if eid is None:
            return None
        return refs.get(eid, EntityRef(eid, eid, "other"))

    out = []
    for fid, subj, pred, modality, obj, value, work, place, t0, t1, ttext, conf, rule in rows:
        out.append(
            FactView(
                id=fid,
                subject=ref(subj) or EntityRef(subj, subj, "other"),
                predicate=pred,
                modality=modality,
                object=ref(obj),
                value=None if value is None else json.loads(value),
                work=ref(work),
                place=ref(place),
                time=None if t0 is None else TimeSpan(t0, t1, ttext),
                evidence=tuple(evidence.get(fid, ())),
                derived_from=tuple(sources.get(fid, ())),
                disputed=fid in disputed,
                confidence=conf,
                rule=rule,
                independent_sources=len({groups.get(e.doc, e.doc) for e in evidence.get(fid, ())}),
                pages={
                    (e.doc, e.start): _page(paged[e.doc], e.start)
                    for e in evidence.get(fid, ())
                    if e.doc in paged
                },
                ocr=frozenset(
                    (e.doc, e.start)
                    for e in evidence.get(fid, ())
                    if e.doc in scanned and _page(paged[e.doc], e.start) in scanned[e.doc]
                ),
            )
        )
    return out


def _cited_documents(
    conn: sqlite3.Connection, doc_ids: set[str]
) -> tuple[dict[str, str], dict[str, list[int]], dict[str, set[int]]]:
    """For the cited documents, in one pass: id → source group (`sources`), id → where
    its pages start, for the paged ones (PDFs), and id → the pages OCR read, for those
    that have any."""
    groups: dict[str, str] = {}
    pages: dict[str, list[int]] = {}
    scanned: dict[str, set[int]] = {}
    for chunk in _chunks(sorted(doc_ids)):
        marks = _placeholders(len(chunk))
        for doc, group, starts, ocr_pages in conn.execute(
            f"SELECT id, source_group, pages, ocr_pages FROM documents WHERE id IN ({marks})",
            tuple(chunk),
        ):
            if group:
                groups[doc] = group
            found = json.loads(starts) if starts else []
            if found:
                pages[doc] = [int(x) for x in found]
            read = json.loads(ocr_pages) if ocr_pages else []
            if read and found:
                scanned[doc] = {int(x) for x in read}
    return groups, pages, scanned


def _page(starts: list[int], offset: int) -> int:
    """The page (from 1) holding an offset, given where the pages start."""
    return max(1, bisect_right(starts, offset))


def _conflicts(conn: sqlite3.Connection, only_facts: set[str] | None = None) -> list[ConflictView]:
    """Conflicts with their facts; with `only_facts`, those naming at least one of them."""
    members: dict[str, list[str]] = {}
    for cid, fid in conn.execute(
        "SELECT conflict_id, fact_id FROM conflict_facts ORDER BY conflict_id, position"
    ):
        members.setdefault(cid, []).append(fid)
    rows = [
        r
        for r in conn.execute("SELECT id, kind, summary FROM conflicts ORDER BY position")
        if only_facts is None or only_facts.intersection(members.get(r[0], ()))
    ]
    wanted = sorted({f for r in rows for f in members.get(r[0], ())})
    by_id: dict[str, FactView] = {}
    for chunk in _chunks(wanted):
        for fact in _facts(conn, f"WHERE f.id IN ({_placeholders(len(chunk))})", chunk):
            by_id[fact.id] = fact
    return [
        ConflictView(
            cid, kind, summary, tuple(by_id[f] for f in members.get(cid, ()) if f in by_id)
        )
        for cid, kind, summary in rows
    ]


# --- pages --------------------------------------------------------------------------------


def people(conn: sqlite3.Connection) -> list[PersonRow]:
    """Every person, most prominent first (`prominence`), with aliases and who plays them."""
    refs = _entity_refs(conn)
    aliases: dict[str, list[str]] = {}
    for eid, alias in conn.execute(
        "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position"
    ):
        aliases.setdefault(eid, []).append(alias)
    played: dict[str, list[tuple[EntityRef, EntityRef | None]]] = {}
    for subj, obj, work in conn.execute(
        "SELECT subject, object, work FROM facts "
        "WHERE predicate = 'portrayed_by' AND object IS NOT NULL ORDER BY position"
    ):
        actor, shown_in = refs[obj], refs.get(work) if work else None
        pairs = played.setdefault(subj, [])
        known = next((i for i, (a, _w) in enumerate(pairs) if a == actor), None)
        if known is None:
            pairs.append((actor, shown_in))
        elif pairs[known][1] is None and shown_in is not None:  # one actor, once: with the show
            pairs[known] = (actor, shown_in)
    rows = conn.execute(
        "SELECT e.id, e.name, e.real, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id), "
        "(SELECT count(DISTINCT m.doc_id) FROM mentions m WHERE m.entity_id = e.id), "
        "(SELECT count(*) FROM facts f WHERE f.subject = e.id) + "
        "(SELECT count(*) FROM facts f WHERE f.object = e.id AND f.subject != e.id) "
        "FROM entities AS e WHERE e.type = 'person' ORDER BY e.position"
    ).fetchall()
    score = {r[0]: prominence.weighted(int(r[3]), int(r[4]), int(r[5])) for r in rows}
    out = [
        PersonRow(
            id=eid,
            name=name,
            aliases=tuple(a for a in aliases.get(eid, ()) if a != name),
            real=None if real is None else bool(real),
            played_by=tuple(played.get(eid, ())),
            mentions=int(n),
        )
        for eid, name, real, n, _docs, _facts in rows
    ]
    out.sort(key=lambda p: (-score[p.id], p.name.casefold(), p.id))
    return out


@dataclass(frozen=True)
class GlancePerson:
    """A central person as the case at a glance names them."""

    ref: EntityRef
    aliases: tuple[str, ...]
    played_by: tuple[EntityRef, ...]
    #: "fictional, a character of Narcos" (`prominence.fiction_note`), or ""
    fictional: str


@dataclass(frozen=True)
class GlanceDate:
    """A key date: its fact, and where the sources date it otherwise, what they say
    ("disputed: 1992-07-21 or 1992-07-22, see Conflicts") and the conflict's id."""

    fact: FactView
    dispute: str = ""
    conflict: str = ""


@dataclass(frozen=True)
class GlanceView:
    """The case at a glance (`prominence.glance`), as the home page shows it."""

    people: tuple[GlancePerson, ...]
    key_dates: tuple[GlanceDate, ...]
    disputes: tuple[tuple[str, str], ...]  # (conflict id, summary)
    show_changed: tuple[tuple[str, str], ...]
    disputes_total: int
    show_changed_total: int


def glance(conn: sqlite3.Connection, ranked: Sequence[PersonRow]) -> GlanceView:
    """The case at a glance the dossier and the report open on, for the people ranked
    as `people` ranks them (counted in SQL, so no mention is read)."""
    outline = casefile_outline(conn)
    by_id = {e.id: e for e in outline.entities}
    g = prominence.glance(outline, [by_id[p.id] for p in ranked if p.id in by_id])
    refs = _entity_refs(conn)
    played = {p.id: tuple(actor for actor, _work in p.played_by) for p in ranked}
    people = tuple(
        GlancePerson(
            refs[e.id],
            tuple(a for a in e.aliases[:3] if a != e.name),
            played.get(e.id, ()),
            prominence.fiction_note(outline, e) or "",
        )
        for e in g.people
    )
    wanted = [f.id for f in g.key_dates]
    views = {
        f.id: f for f in _facts(conn, f"WHERE f.id IN ({_placeholders(len(wanted))})", wanted)
    }
    dates = []
    for f in g.key_dates:
        dispute = g.disputed.get(f.id)
        if dispute is None:
            dates.append(GlanceDate(views[f.id]))
        else:
            note = dispute.note(_when, see="Conflicts")
            dates.append(GlanceDate(views[f.id], note, dispute.conflict.id))
    return GlanceView(
        people,
        tuple(dates),
        tuple((c.id, c.summary) for c in g.disputes),
        tuple((c.id, c.summary) for c in g.show_changed),
        g.disputes_total,
        g.show_changed_total,
    )


def _when(span: TimeSpan) -> str:
    """A time as `FactView.when` writes it."""
    return span.start if span.start == span.end else f"{span.start}–{span.end}"


def conflicts(conn: sqlite3.Connection) -> list[ConflictView]:
    """Every conflict and depiction difference, each with the facts on every side."""
    return _conflicts(conn)


def entity_page(conn: sqlite3.Connection, entity_id: str) -> EntityPage | None:
    """One entity: names, mentions, why its names were merged, facts, conflicts."""
    row = conn.execute(
        "SELECT id, name, type, real FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        return None
    aliases = tuple(
        r[0]
        for r in conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY position", (entity_id,)
        )
    )
    mentions = tuple(
        MentionRef(*r)
        for r in conn.execute(
            'SELECT doc_id, start, "end", text FROM mentions WHERE entity_id = ? '
            "ORDER BY doc_id, start",
            (entity_id,),
        )
    )
    reasons = tuple(
        MergeReason(rule, tuple(json.loads(ms)), detail)
        for rule, ms, detail in conn.execute(
            "SELECT rule, mentions, detail FROM merge_reasons WHERE entity_id = ? "
            "ORDER BY position",
            (entity_id,),
        )
    )
    facts = _facts(
        conn,
        "WHERE ? IN (f.subject, f.object, f.work, f.place)",
        (entity_id,),
    )
    return EntityPage(
        ref=EntityRef(row[0], row[1], row[2]),
        aliases=aliases,
        real=None if row[3] is None else bool(row[3]),
        mentions=mentions,
        merged_because=reasons,
        facts=tuple(facts),
        conflicts=tuple(_conflicts(conn, {f.id for f in facts})),
        titles=titles(conn),
    )


def document(conn: sqlite3.Connection, doc_id: str) -> DocumentView | None:
    """One source with every evidence span in it, labelled with the fact it supports."""
    row = conn.execute(
        "SELECT id, title, source, published, text FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        return None
    refs = _entity_refs(conn)
    spans = []
    for start, end, subj, pred, obj in conn.execute(
        'SELECT e.start, e."end", f.subject, f.predicate, f.object FROM evidence AS e '
        'JOIN facts AS f ON f.id = e.fact_id WHERE e.doc_id = ? ORDER BY e.start, e."end"',
        (doc_id,),
    ):
        said = phrasing.sentence(
            pred,
            lambda eid: refs[eid].name if eid in refs else eid,
            subject=subj,
            object=obj,
        )
        spans.append((int(start), int(end), said))
    return DocumentView(row[0], row[1], row[2], row[3], row[4], tuple(spans))


def timeline(conn: sqlite3.Connection) -> list[FactView]:
    """Every event with a time, earliest first (ties in case-file order).

    Attributes are left out as the HTML report leaves them out: an age's time is when it
    was stated, not something that happened then (the birth range derived from it is).
    """
    off = (*ATTRIBUTE_PREDICATES, "event")  # as the report (`exports.html.OFF_TIMELINE`)
    marks = _placeholders(len(off))
    facts = _facts(conn, f"WHERE f.time_start IS NOT NULL AND f.predicate NOT IN ({marks})", off)
    return sorted(facts, key=lambda f: (f.time.start if f.time else "", f.when))


def graph(conn: sqlite3.Connection) -> tuple[list[EntityRef], list[FactView]]:
    """Nodes and edges of the relation graph: facts between two entities, and their ends.

    Relations (`member_of`, `spouse`...) and portrayals link two entities directly; an
    event with a work or place links its subject to it too, but only relations are edges
    here, so the graph stays readable.
    """
    marks = _placeholders(len(RELATION_PREDICATES))
    edges = _facts(
        conn, f"WHERE f.object IS NOT NULL AND f.predicate IN ({marks})", RELATION_PREDICATES
    )
    edges += _facts(
        conn,
        f"WHERE f.work IS NOT NULL AND f.predicate NOT IN ({marks})",
        RELATION_PREDICATES,
    )
    seen: dict[str, EntityRef] = {}
    for f in edges:
        for e in (f.subject, f.object, f.work):
            if e is not None:
                seen.setdefault(e.id, e)
    return list(seen.values()), edges


def casefile_outline(conn: sqlite3.Connection) -> CaseFile:
    """The case file without document text or mentions: what the timeline and graph need.

    Lets the web UI hand the HTML report's own data builders (`exports.html`) the shape
    they take, so the UI and the report draw the same items, without reading every
    article's text for one widget.
    """
    aliases: dict[str, list[str]] = {}
    for eid, alias in conn.execute(
        "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position"
    ):
        aliases.setdefault(eid, []).append(alias)
    entities = tuple(
        Entity(
            id=eid,
            type=etype,
            name=name,
            aliases=tuple(aliases.get(eid, ())),
            real=None if real is None else bool(real),
            mentions=(),
        )
        for eid, etype, name, real in conn.execute(
            "SELECT id, type, name, real FROM entities ORDER BY position"
        )
    )
    facts = tuple(
        Fact(
            id=f.id,
            subject=f.subject.id,
            predicate=f.predicate,
            modality=f.modality,  # type: ignore[arg-type]  # CHECKed by the schema
            object=f.object.id if f.object else None,
            value=f.value,
            work=f.work.id if f.work else None,
            place=f.place.id if f.place else None,
            time=f.time,
            derived_from=f.derived_from,
            evidence=f.evidence,
            confidence=f.confidence,
            rule=f.rule,
        )
        for f in _facts(conn)
    )
    members: dict[str, list[str]] = {}
    for cid, fid in conn.execute(
        "SELECT conflict_id, fact_id FROM conflict_facts ORDER BY conflict_id, position"
    ):
        members.setdefault(cid, []).append(fid)
    conflicts = tuple(
        Conflict(cid, kind, tuple(members.get(cid, ())), summary)
        for cid, kind, summary in conn.execute(
            "SELECT id, kind, summary FROM conflicts ORDER BY position"
        )
    )
    return CaseFile(documents=(), entities=entities, facts=facts, conflicts=conflicts)


# --- search -------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, so "pena" finds "Peña" and "cesar" finds "César"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_entities(conn: sqlite3.Connection, query: str) -> list[tuple[EntityRef, str]]:
    """Entities one of whose names contains the query (accents and case ignored).

    Returns (entity, the name that matched). Names are few next to text, so folding them
    in Python is cheap and handles accents, which SQLite's LIKE does not.
    """
    needle = fold(query.strip())
    if not needle:
        return []
    refs = _entity_refs(conn)
    found: dict[str, tuple[EntityRef, str]] = {}
    names = conn.execute(
        "SELECT e.id, e.name, e.position FROM entities AS e UNION ALL "
        "SELECT a.entity_id, a.alias, e.position FROM entity_aliases AS a "
        "JOIN entities AS e ON e.id = a.entity_id ORDER BY 3"
    )
    for eid, name, _pos in names:
        if eid not in found and needle in fold(name):
            found[eid] = (refs[eid], name)
            if len(found) >= SEARCH_LIMIT:
                break
    return list(found.values())


_WORD = re.compile(r"\w+", re.UNICODE)
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query that cannot be a syntax error: every word quoted.

    The last word matches as a prefix, so a query typed halfway still finds something.
    """
    words = _WORD.findall(query)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    """FTS5 snippet text with hit markers → (text, is_match) parts a template escapes."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{_HIT_OPEN}{_HIT_CLOSE}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return tuple(parts)


def has_fts(conn: sqlite3.Connection) -> bool:
    """Whether the case file has its full-text index (SQLite built without FTS5 has none)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts'").fetchone()
    return row is not None


def search_documents(conn: sqlite3.Connection, query: str) -> list[DocumentHit]:
    """Documents whose title or text holds every word of the query, best match first.

    Uses the case file's FTS5 index; where there is none, a plain substring scan.
    """
    match = fts_query(query)
    if not match:
        return []
    if has_fts(conn):
        try:
            rows = conn.execute(
                "SELECT d.id, d.title, snippet(documents_fts, 1, ?, ?, '…', 16) "
                "FROM documents_fts JOIN documents AS d ON d.num = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
                (_HIT_OPEN, _HIT_CLOSE, match, SEARCH_LIMIT),
            ).fetchall()
        except sqlite3.OperationalError:  # an index this SQLite cannot read
            rows = None
        if rows is not None:
            return [DocumentHit(r[0], r[1] or r[0], _split_snippet(r[2])) for r in rows]
    needle = query.strip()
    rows = conn.execute(
        "SELECT id, title, text, instr(lower(text), lower(?)) AS at FROM documents "
        "WHERE at > 0 ORDER BY id LIMIT ?",
        (needle, SEARCH_LIMIT),
    ).fetchall()
    hits = []
    for doc_id, title, text, at in rows:
        i = int(at) - 1
        lo, hi = max(0, i - 60), min(len(text), i + len(needle) + 60)
        parts = (
            (text[lo:i], False),
            (text[i : i + len(needle)], True),
            (text[i + len(needle) : hi], False),
        )
        hits.append(DocumentHit(doc_id, title or doc_id, tuple(p for p in parts if p[0])))
    return hits
