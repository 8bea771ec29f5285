"""From per-document facts to the case file's facts: entity ids, derived facts, conflicts.

1. Local facts get entity ids; the same statement made in several places becomes one fact
   with several pieces of evidence.
2. Ages with a date derive a birth interval (`born`, `derived_from` the age).
3. Conflicts: reality facts about one subject that cannot all be true — a once-only event
   (born, died/killed, body found, kidnapped) placed in intervals that do not overlap.
   Differences of precision ("1985" vs "1985-03-07") overlap, so they are not conflicts;
   what a show depicts never conflicts with reality.
4. `real`: actors and anyone a reality fact is about are real people.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from .model import (
    EVENT_PREDICATES,
    Conflict,
    DocAnalysis,
    Entity,
    Fact,
    TimeSpan,
    content_id,
)
from .resolve import Resolution

#: Predicates that can only happen once to one person; facts of one group are one event.
ONCE_ONLY_GROUPS: dict[str, str] = {
    "born": "born",
    "died": "death",
    "killed": "death",
    "body_found": "body_found",
    "kidnapped": "kidnapped",
}

_PREDICATE_WORDS = {
    "body_found": "was found dead",
    "born": "was born",
    "died": "died",
    "killed": "was killed",
    "kidnapped": "was kidnapped",
}


def interval(span: TimeSpan) -> tuple[date, date]:
    """The first and last day a TimeSpan allows."""
    return _lo(span.start), _hi(span.end or span.start)


def _lo(d: str) -> date:
    parts = [int(p) for p in d.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _hi(d: str) -> date:
    parts = [int(p) for p in d.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _local_to_facts(analyses: Sequence[DocAnalysis], res: Resolution) -> list[Fact]:
    merged: dict[tuple[object, ...], Fact] = {}
    for a in analyses:
        doc = a.document.id

        def ent(mi: int | None, doc: str = doc) -> str | None:
            return None if mi is None else res.mention_entity.get((doc, mi))

        for lf in a.facts:
            subject = ent(lf.subject)
            if subject is None:
                continue
            obj, work, place = ent(lf.object), ent(lf.work), ent(lf.place)
            if obj == subject:
                continue
            time = lf.time
            key = (
                subject,
                lf.predicate,
                obj,
                lf.value,
                work,
                place,
                (time.start, time.end) if time else None,
                lf.modality,
            )
            if key in merged:
                old = merged[key]
                if lf.evidence not in old.evidence:
                    merged[key] = replace(old, evidence=(*old.evidence, lf.evidence))
                continue
            fid = content_id("fact", *key)
            merged[key] = Fact(
                fid,
                subject,
                lf.predicate,
                lf.modality,
                obj,
                lf.value,
                work,
                place,
                time,
                (),
                (lf.evidence,),
            )
    return list(merged.values())


def derive_births(facts: Sequence[Fact]) -> list[Fact]:
    """A birth interval from each dated age: 74 on 2020-02-13 → born 1945-02-14..1946-02-13."""
    out = []
    for f in facts:
        if f.predicate != "age" or f.time is None or f.modality == "depiction":
            continue
        if not isinstance(f.value, int):
            continue
        first, last = interval(f.time)
        lo = _years_before(first, f.value + 1) + timedelta(days=1)
        hi = _years_before(last, f.value)
        span = TimeSpan(
            lo.isoformat(), hi.isoformat(), f"age {f.value} as of {f.time.text or f.time.start}"
        )
        fid = content_id("fact", f.subject, "born", span.start, span.end, f.id)
        out.append(Fact(fid, f.subject, "born", f.modality, time=span, derived_from=(f.id,)))
    return out


def _disjoint(a: Fact, b: Fact) -> bool:
    if a.time is None or b.time is None:
        return False
    a0, a1 = interval(a.time)
    b0, b1 = interval(b.time)
    return a1 < b0 or b1 < a0


def find_conflicts(
    facts: Sequence[Fact], entities: dict[str, Entity], titles: dict[str, str]
) -> list[Conflict]:
    """Once-only events of one person told in intervals that cannot both hold."""
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        group = ONCE_ONLY_GROUPS.get(f.predicate)
        if group and f.modality == "reality" and f.time is not None:
            groups[(f.subject, group)].append(f)
    by_id = {f.id: f for f in facts}
    conflicts = []
    for (subject, group), fs in sorted(groups.items()):
        involved: list[Fact] = []
        for i, a in enumerate(fs):
            for b in fs[i + 1 :]:
                if _disjoint(a, b):
                    for f in (a, b):
                        if f not in involved:
                            involved.append(f)
        if not involved:
            continue
        involved.sort(key=lambda f: (f.time.start if f.time else "", f.id))
        ids = [f.id for f in involved]
        extra = [d for f in involved for d in f.derived_from if d in by_id]
        name = entities[subject].name if subject in entities else subject
        sides = _sides(involved, by_id, titles)
        what = (
            "birth dates implied by the ages given"
            if group == "born" and all(f.derived_from for f in involved)
            else group.replace("_", " ")
        )
        summary = f"The sources disagree on {name}'s {what}: {sides}."
        conflicts.append(
            Conflict(
                content_id("conflict", subject, group, ids),
                "date",
                tuple(ids + [e for e in extra if e not in ids]),
                summary,
            )
        )
    for involved in _same_event_on_other_days(facts):
        involved.sort(key=lambda f: (f.time.start if f.time else "", f.id))
        ids = [f.id for f in involved]
        subject, predicate = involved[0].subject, involved[0].predicate
        name = entities[subject].name if subject in entities else subject
        sides = _sides(involved, by_id, titles)
        summary = f"The sources disagree on the day {name} {predicate.replace('_', ' ')}: {sides}."
        conflicts.append(
            Conflict(content_id("conflict", subject, predicate, ids), "date", tuple(ids), summary)
        )
    return conflicts


#: Events that can happen more than once; two tellings on nearby but different days are
#: one event dated differently (two escapes of one man within a month are far rarer than
#: two reporters disagreeing on a day).
REPEATABLE_EVENTS = frozenset(EVENT_PREDICATES) - set(ONCE_ONLY_GROUPS)
#: How close two day-precise dates must be to count as one event told twice.
SAME_EVENT_WINDOW_DAYS = 31


def _day(f: Fact) -> date | None:
    if f.time is None or len(f.time.start) != 10 or f.time.start != f.time.end:
        return None
    return _lo(f.time.start)


def _same_event_on_other_days(facts: Sequence[Fact]) -> list[list[Fact]]:
    """Groups of reality facts telling one repeatable event on different nearby days."""
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.predicate in REPEATABLE_EVENTS and f.modality == "reality" and _day(f):
            groups[(f.subject, f.predicate)].append(f)
    out = []
    for _key, fs in sorted(groups.items()):
        involved: list[Fact] = []
        for i, a in enumerate(fs):
            for b in fs[i + 1 :]:
                da, db = _day(a), _day(b)
                assert da is not None and db is not None
                if da == db or abs((da - db).days) > SAME_EVENT_WINDOW_DAYS:
                    continue
                if a.place and b.place and a.place != b.place:
                    continue
                if a.object and b.object and a.object != b.object:
                    continue
                involved += [f for f in (a, b) if f not in involved]
        if involved:
            out.append(involved)
    return out


def _sides(facts: Sequence[Fact], by_id: dict[str, Fact], titles: dict[str, str]) -> str:
    """ "1992-07-21 according to “A” and “B”; 1992-07-22 according to “C”": one entry per
    value, so two sources that agree are read as agreeing."""
    docs_by_when: dict[str, list[str]] = {}
    for f in facts:
        when = (
            f.time.start
            if f.time and f.time.start == f.time.end
            else (f"{f.time.start}..{f.time.end}" if f.time else "?")
        )
        docs = docs_by_when.setdefault(when, [])
        for e in f.evidence:
            docs.append(e.doc)
        for d in f.derived_from:
            if d in by_id:
                docs += [e.doc for e in by_id[d].evidence]
    parts = []
    for when, docs in docs_by_when.items():
        named = [f"“{titles.get(d, d)}”" for d in dict.fromkeys(docs)]
        where = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        parts.append(f"{when} according to {where}")
    return "; ".join(parts)


def mark_real(entities: Sequence[Entity], facts: Sequence[Fact]) -> list[Entity]:
    """People the sources treat as real: actors, and anyone a reality fact is about."""
    real: set[str] = set()
    for f in facts:
        if f.predicate == "portrayed_by" and f.object:
            real.add(f.object)
        elif f.modality == "reality":
            real.add(f.subject)
            if f.object:
                real.add(f.object)
    return [replace(e, real=True) if e.type == "person" and e.id in real else e for e in entities]


def reconcile(
    analyses: Sequence[DocAnalysis], res: Resolution
) -> tuple[list[Entity], list[Fact], list[Conflict]]:
    """Entities with `real` set, all facts (stated and derived), and conflicts."""
    facts = _local_to_facts(analyses, res)
    facts += derive_births(facts)
    facts.sort(key=lambda f: f.id)
    entities = mark_real(res.entities, facts)
    titles = {a.document.id: a.document.title for a in analyses}
    conflicts = find_conflicts(facts, {e.id: e for e in entities}, titles)
    conflicts.sort(key=lambda c: c.id)
    return entities, facts, conflicts
