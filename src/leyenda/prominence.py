"""What matters first: who the case file is about, ranked, and who is only named.

An alphabetical list puts the case's central person between two extras. Views list
people and organizations by *prominence* instead: how often and how widely they are
named and how much the sources state about them (`WEIGHTS`). A person named once who
takes part in no fact is listed apart, under "Also named" (`minor`), so the list opens
on the people the story is about. `glance` picks what a reader needs first: the central
people, the key dates, what the sources dispute and what the show changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import EVENT_PREDICATES, CaseFile, Conflict, Entity, Fact

#: Points per mention, per document naming the entity, and per fact it takes part in. A
#: document counts more than a mention (the story is told by several sources), a fact
#: more than a mention (something is said about the entity, not just its name).
WEIGHTS = {"mention": 1.0, "document": 3.0, "fact": 2.0}

#: How many people "the case at a glance" names, and how many dates and disputes it lists.
CENTRAL_PEOPLE = 5
KEY_DATES = 8
GLANCE_CONFLICTS = 3


#: Facts about the telling, not the story: an actor is prominent in a case file about a
#: show without being one of the people the story is about.
CAST_PREDICATES = frozenset({"portrayed_by", "cast_member"})


def fact_counts(cf: CaseFile, *, story_only: bool = False) -> Counter[str]:
    """Entity id → how many facts name it as subject or object (`story_only`: leaving
    out who plays whom, `CAST_PREDICATES`)."""
    counts: Counter[str] = Counter()
    for f in cf.facts:
        if story_only and f.predicate in CAST_PREDICATES:
            continue
        counts[f.subject] += 1
        if f.object and f.object != f.subject:
            counts[f.object] += 1
    return counts


def score(entity: Entity, facts: int) -> float:
    """The entity's prominence: mentions, documents and facts, weighted (`WEIGHTS`)."""
    return weighted(len(entity.mentions), len({m.doc for m in entity.mentions}), facts)


def weighted(mentions: int, documents: int, facts: int) -> float:
    """Prominence from the three counts (`WEIGHTS`), for views that count them in SQL."""
    return (
        WEIGHTS["mention"] * mentions + WEIGHTS["document"] * documents + WEIGHTS["fact"] * facts
    )


def ranked(cf: CaseFile, etype: str, counts: Counter[str] | None = None) -> list[Entity]:
    """The case file's entities of one type, most prominent first (ties by name, id)."""
    counts = fact_counts(cf) if counts is None else counts
    return sorted(
        (e for e in cf.entities if e.type == etype),
        key=lambda e: (-score(e, counts[e.id]), e.name.casefold(), e.id),
    )


def minor(entity: Entity, facts: int) -> bool:
    """Named once, under one name, in no fact: listed apart under "Also named"."""
    return len(entity.mentions) <= 1 and not entity.aliases and facts == 0


@dataclass(frozen=True)
class Glance:
    """What a reader needs first (`glance`)."""

    people: tuple[Entity, ...]
    key_dates: tuple[Fact, ...]
    disputes: tuple[Conflict, ...]
    show_changed: tuple[Conflict, ...]
    disputes_total: int
    show_changed_total: int


def glance(cf: CaseFile) -> Glance:
    """The central people (the most prominent with a fact of the story, not only of the
    cast), the earliest-first dated events
    of those people as the sources state them (reality, not tentative), and the first
    disputes and show-vs-reality differences that involve them."""
    counts = fact_counts(cf)
    story = fact_counts(cf, story_only=True)
    people = [e for e in ranked(cf, "person", counts) if story[e.id]][:CENTRAL_PEOPLE]
    ids = {e.id for e in people}
    dated = [
        f
        for f in cf.facts
        if f.time is not None
        and f.predicate in EVENT_PREDICATES
        and f.modality == "reality"
        and not f.tentative
        and not f.derived_from
        and (f.subject in ids or f.object in ids)
    ]
    dated.sort(key=lambda f: (f.time.start if f.time else "", f.predicate, f.id))
    facts_of = {f.id: f for f in cf.facts}

    def involving(conflicts: Sequence[Conflict]) -> list[Conflict]:
        def touches(c: Conflict) -> bool:
            return any(
                fid in facts_of and ids & {facts_of[fid].subject, facts_of[fid].object or ""}
                for fid in c.facts
            )

        return sorted((c for c in conflicts if touches(c)), key=lambda c: (c.summary, c.id))

    disputes = involving([c for c in cf.conflicts if c.kind != "depiction"])
    changed = involving([c for c in cf.conflicts if c.kind == "depiction"])
    return Glance(
        tuple(people),
        tuple(_one_per_event(dated)[:KEY_DATES]),
        tuple(disputes[:GLANCE_CONFLICTS]),
        tuple(changed[:GLANCE_CONFLICTS]),
        sum(1 for c in cf.conflicts if c.kind != "depiction"),
        sum(1 for c in cf.conflicts if c.kind == "depiction"),
    )


def _one_per_event(facts: list[Fact]) -> list[Fact]:
    """One line per (subject, predicate, object, date): several sentences saying the same
    thing need one key date."""
    seen: set[tuple[str, str, str | None, str]] = set()
    out = []
    for f in facts:
        key = (f.subject, f.predicate, f.object, f.time.start if f.time else "")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
