"""What matters first: who the case file is about, ranked, and who is only named.

An alphabetical list puts the case's central person between two extras. Views list
people and organizations by *prominence* instead: how often and how widely they are
named and how much the sources state about them (`WEIGHTS`). A person named once who
takes part in no fact is listed apart, under "Also named" (`minor`), so the list opens
on the people the story is about. `glance` picks what a reader needs first: the central
people, the key dates, what the sources dispute and what the show changed. A key date
the sources give otherwise says so on its line (`DateDispute`), and a central person who
exists only in a dramatization is said to be one (`fiction_note`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import EVENT_PREDICATES, CaseFile, Conflict, Entity, Fact, TimeSpan

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
class DateDispute:
    """The dates the sources give for one key date's event (`Glance.disputed`): the
    conflict that holds them and each date once, earliest first."""

    conflict: Conflict
    dates: tuple[TimeSpan, ...]

    def note(self, when: Callable[[TimeSpan], str], see: str = "Disputed") -> str:
        """ "disputed: 1989 or 1990, see Disputed", each date written by `when`; `see`:
        the view's section that shows the conflict."""
        said = [when(t) for t in self.dates]
        if len(said) < 2:
            return f"disputed, see {see}"
        return f"disputed: {', '.join(said[:-1])} or {said[-1]}, see {see}"


@dataclass(frozen=True)
class Glance:
    """What a reader needs first (`glance`)."""

    people: tuple[Entity, ...]
    key_dates: tuple[Fact, ...]
    disputes: tuple[Conflict, ...]
    show_changed: tuple[Conflict, ...]
    disputes_total: int
    show_changed_total: int
    #: key date fact id → the dates the sources give for it, where they disagree
    disputed: Mapping[str, DateDispute] = field(default_factory=dict)


def glance(cf: CaseFile, ranked_people: Sequence[Entity] | None = None) -> Glance:
    """The central people (the most prominent with a fact of the story, not only of the
    cast), the earliest-first dated events of those people as the sources state them
    (reality, not tentative; an event the sources date otherwise once, with its dates in
    `Glance.disputed`), and the first disputes and show-vs-reality differences that
    involve them. `ranked_people`: the people already ranked (the web UI counts in SQL);
    by default `ranked`."""
    counts = fact_counts(cf)
    story = fact_counts(cf, story_only=True)
    if ranked_people is None:
        ranked_people = ranked(cf, "person", counts)
    people = [e for e in ranked_people if story[e.id]][:CENTRAL_PEOPLE]
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
    disputed, key_dates = _date_disputes(_one_per_event(dated), cf.conflicts, facts_of)

    def involving(conflicts: Sequence[Conflict]) -> list[Conflict]:
        def touches(c: Conflict) -> bool:
            return any(
                fid in facts_of and ids & {facts_of[fid].subject, facts_of[fid].object or ""}
                for fid in c.facts
            )

        return sorted((c for c in conflicts if touches(c)), key=lambda c: (c.summary, c.id))

    disputes = involving([c for c in cf.conflicts if c.kind != "depiction"])
    changed = involving([c for c in cf.conflicts if c.kind == "depiction"])
    key_dates = key_dates[:KEY_DATES]
    return Glance(
        tuple(people),
        tuple(key_dates),
        tuple(disputes[:GLANCE_CONFLICTS]),
        tuple(changed[:GLANCE_CONFLICTS]),
        sum(1 for c in cf.conflicts if c.kind != "depiction"),
        sum(1 for c in cf.conflicts if c.kind == "depiction"),
        {f.id: disputed[f.id] for f in key_dates if f.id in disputed},
    )


def _date_disputes(
    dated: list[Fact], conflicts: Sequence[Conflict], facts_of: Mapping[str, Fact]
) -> tuple[dict[str, DateDispute], list[Fact]]:
    """Which key dates a conflict disputes, with every date its sides give for the same
    event (same subject and predicate); of several key dates one conflict holds, the
    earliest stays, so the event is one line that names each date."""
    holding: dict[str, Conflict] = {}
    for c in sorted(conflicts, key=lambda c: c.id):
        if c.kind != "depiction":
            for fid in c.facts:
                holding.setdefault(fid, c)
    disputed: dict[str, DateDispute] = {}
    shown: set[str] = set()
    kept: list[Fact] = []
    for f in dated:
        held = holding.get(f.id)
        if held is None:
            kept.append(f)
            continue
        c = held
        if c.id in shown:
            continue  # another date of an event already listed, with its dates
        shown.add(c.id)
        sides = [facts_of[i] for i in c.facts if i in facts_of]
        times = {
            (g.time.start, g.time.end): g.time
            for g in sides
            if g.time is not None and g.subject == f.subject and g.predicate == f.predicate
        }
        disputed[f.id] = DateDispute(c, tuple(times[k] for k in sorted(times)))
        kept.append(f)
    return disputed, kept


def fiction_note(cf: CaseFile, person: Entity) -> str | None:
    """ "fictional, a character of Narcos" for a person the case file holds fictional
    (`real` false): the works that show them (who plays them in what, else what their
    depiction facts are shown in); None for a real or unknown one."""
    if person.real is not False:
        return None
    names = {e.id: e.name for e in cf.entities}
    portrayed = {
        f.work for f in cf.facts if f.predicate == "portrayed_by" and f.subject == person.id
    }
    shown = portrayed or {
        f.work for f in cf.facts if f.modality == "depiction" and person.id in (f.subject, f.object)
    }
    works = sorted({names[w] for w in shown if w and w in names}, key=str.casefold)
    if not works:
        return "fictional, a character of a dramatization"
    return f"fictional, a character of {' and '.join(works)}"


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
