"""From per-document facts to the case file's facts: entity ids, derived facts, conflicts.

1. Local facts get entity ids; the same statement made in several places becomes one fact
   with several pieces of evidence.
2. Derived facts, each with its chain (`derived_from`) and no evidence of its own:
   ages with a date → a birth interval; "served 27 years" in 2017 → when the imprisonment
   began; "missing for about a month" after a dated kidnapping → the interval missing.
3. Conflicts: reality facts that cannot all be true —
   a. a once-only event (born, died/killed, body found, kidnapped) in intervals that do not
      overlap (two ages implying disjoint birth years land here, as derived births);
   b. one repeatable event told twice on different dates: nearby days, or close years with
      the same place or object ("posted to Guadalajara in 1980" vs "in 1981"); events the
      wording marks as a repeat ("re-sentenced", "again") stay apart;
   c. one event or attribute told with different values: a sentence of 40 vs 37 years,
      `children_count` 3 vs 2.
   Precision first: differences of precision ("1985" vs "1985-03-07") overlap and are not
   conflicts; a value that cannot be read as a number is never compared.
4. Depiction differences (`kind: "depiction"`): a show's fact against the record's about the
   same subject and predicate — other values, other dates, or a source saying outright that
   the show told it otherwise ("went far less dramatically in the show"). They are reported
   apart from the conflicts, which only ever hold reality facts.
5. `real`: actors and anyone a reality fact is about are real people.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from typing import Any

from .claims.durations import parse_duration
from .engines import Reduce, local_reduce
from .model import (
    EVENT_PREDICATES,
    Conflict,
    DocAnalysis,
    Entity,
    Evidence,
    Fact,
    LocalFact,
    TimeSpan,
    chain_evidence,
    content_id,
    surer,
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
#: How a summary asks about each group ("The sources disagree on {question}").
GROUP_QUESTIONS: dict[str, str] = {
    "born": "when {name} was born",
    "death": "when {name} died",
    "body_found": "when {possessive} body was found",
    "kidnapped": "when {name} was kidnapped",
}
#: Events that can happen more than once; two tellings on nearby but different days are
#: one event dated differently (two escapes of one man within a month are far rarer than
#: two reporters disagreeing on a day).
REPEATABLE_EVENTS = frozenset(EVENT_PREDICATES) - set(ONCE_ONLY_GROUPS)
#: How close two day-precise dates must be to count as one event told twice.
SAME_EVENT_WINDOW_DAYS = 31
#: How far apart two coarser dates (years, months) of one event may lie when both tellings
#: name the same place or object: "posted to Guadalajara in 1980" vs "in 1981" is one
#: posting misdated; "arrested in 1985" and "in 1989" are two arrests. Checked on the seeds
#: (no new conflict) and tests/test_reconcile.py.
SAME_EVENT_GAP_DAYS = 366
#: Predicates whose value says how much: two different values are two different claims
#: about one thing. Sentences are compared in years, counts as numbers.
VALUE_PREDICATES = frozenset({"sentenced", "children_count"})
#: Words that tell a second event of the same kind, not the first one again.
REPEAT_MARKERS = re.compile(
    r"\bre-?(?:sentenc|arrest|captur|impris|jail|convict|charg|marri|extradit|join|appoint)\w*"
    r"|\b(?:again|second|another|new sentence|once more|a further)\b",
    re.IGNORECASE,
)


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


#: Which entity mention `mi` of document `doc` belongs to (None: no entity).
MentionEntity = Callable[[str, int], "str | None"]


def local_to_facts(analyses: Iterable[DocAnalysis], entity_of: MentionEntity) -> list[Fact]:
    """Each document's facts with entity ids for mention indices; one fact said in
    several places is one fact with all its evidence. `analyses` are read once, one at a
    time, so they may stream from the case file."""
    first: dict[tuple[Any, ...], LocalFact] = {}
    surest: dict[tuple[Any, ...], LocalFact] = {}  # whose confidence and rule the fact takes
    evidence: dict[tuple[Any, ...], dict[Evidence, None]] = {}  # ordered, each once
    for a in analyses:
        doc = a.document.id

        def ent(mi: int | None, doc: str = doc) -> str | None:
            return None if mi is None else entity_of(doc, mi)

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
            said = evidence.get(key)
            if said is None:
                first[key] = surest[key] = lf
                evidence[key] = {lf.evidence: None}
            else:
                said[lf.evidence] = None
                if surer(lf, surest[key]):
                    surest[key] = lf
    return [
        Fact(
            content_id("fact", *key),
            key[0],
            lf.predicate,
            lf.modality,
            key[2],
            lf.value,
            key[4],
            key[5],
            lf.time,
            (),
            tuple(evidence[key]),
            surest[key].confidence,
            surest[key].rule,
        )
        for key, lf in first.items()
    ]


def derived(source: Fact, fact: Fact, how: str, *more: Fact) -> Fact:
    """`fact` as computed from `source` (and `more`): it cites them, and is no surer than
    the least sure of them."""
    sources = (source, *(m for m in more if m is not source))
    return replace(
        fact,
        derived_from=tuple(s.id for s in sources),
        confidence=min(s.confidence for s in sources),
        rule=f"derived:{how}",
    )


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
        out.append(derived(f, Fact(fid, f.subject, "born", f.modality, time=span), "age"))
    return out


def derive_served_starts(facts: Sequence[Fact]) -> list[Fact]:
    """When an imprisonment began, from time served: 27 years served in 2017 → 1989..1990."""
    out = []
    for f in facts:
        if f.predicate != "served" or f.time is None or not isinstance(f.value, str):
            continue
        days = parse_duration(f.value)
        if days is None:
            continue
        first, last = interval(f.time)
        lo = first - timedelta(days=round(days[1]))
        hi = last - timedelta(days=round(days[0]))
        span = TimeSpan(
            lo.isoformat(), hi.isoformat(), f"{f.value} served as of {f.time.text or f.time.start}"
        )
        fid = content_id("fact", f.subject, "imprisoned", span.start, span.end, f.id)
        out.append(derived(f, Fact(fid, f.subject, "imprisoned", f.modality, time=span), "served"))
    return out


#: Events after which a person is missing until found.
DISAPPEARANCES = ("kidnapped",)


def derive_missing_intervals(facts: Sequence[Fact]) -> list[Fact]:
    """ "Missing for about a month" after a dated kidnapping → the interval they were missing.

    The start is the disappearance's own date (the kidnapping of the same person, told as
    reality); with two disagreeing kidnapping dates nothing is derived, since the chain
    would hide the disagreement.
    """
    starts: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.predicate in DISAPPEARANCES and f.time is not None and f.modality == "reality":
            starts[f.subject].append(f)
    out = []
    for f in facts:
        if f.predicate != "missing" or f.derived_from or not isinstance(f.value, str):
            continue
        days = parse_duration(f.value)
        if days is None:
            continue
        begins = [f] if f.time is not None else starts.get(f.subject, [])
        if not begins or any(_disjoint(a, b) for a in begins for b in begins):
            continue
        # the most precise telling of when it began
        begin = min(begins, key=lambda b: _width(b.time) if b.time else 10**6)
        assert begin.time is not None
        first, last = interval(begin.time)
        end = last + timedelta(days=round(days[1]))
        span = TimeSpan(
            first.isoformat(),
            end.isoformat(),
            f"{f.value} from {begin.time.text or begin.time.start}",
        )
        chain = (f.id,) if begin is f else (f.id, begin.id)
        fid = content_id("fact", f.subject, "missing", span.start, span.end, *chain)
        missing = Fact(fid, f.subject, "missing", f.modality, value=f.value, time=span)
        out.append(derived(f, missing, "missing", begin))
    return out


def _width(span: TimeSpan) -> int:
    a, b = interval(span)
    return (b - a).days


def _disjoint(a: Fact, b: Fact) -> bool:
    if a.time is None or b.time is None:
        return False
    a0, a1 = interval(a.time)
    b0, b1 = interval(b.time)
    return a1 < b0 or b1 < a0


def _gap_days(a: Fact, b: Fact) -> int:
    """Days between two disjoint intervals (0 when they overlap or one is undated)."""
    if a.time is None or b.time is None:
        return 0
    a0, a1 = interval(a.time)
    b0, b1 = interval(b.time)
    return max(0, (b0 - a1).days, (a0 - b1).days)


# -- telling facts apart ---------------------------------------------------------------------


def _quotes(f: Fact) -> str:
    return " ".join(e.quote for e in f.evidence)


def _marked_repeat(f: Fact) -> bool:
    """The wording says this is another event of the kind: "re-sentenced", "arrested again"."""
    return bool(REPEAT_MARKERS.search(_quotes(f)))


def _same_sentence(a: Fact, b: Fact) -> bool:
    return bool({(e.doc, e.start) for e in a.evidence} & {(e.doc, e.start) for e in b.evidence})


def _context_clash(a: Fact, b: Fact) -> bool:
    """Different places or objects named: two different events."""
    return bool(
        (a.place and b.place and a.place != b.place)
        or (a.object and b.object and a.object != b.object)
    )


def _shared_context(a: Fact, b: Fact) -> bool:
    return bool((a.place and a.place == b.place) or (a.object and a.object == b.object))


def _day(f: Fact) -> date | None:
    if f.time is None or len(f.time.start) != 10 or f.time.start != f.time.end:
        return None
    return _lo(f.time.start)


def same_event_other_date(a: Fact, b: Fact) -> bool:
    """Two tellings of one repeatable event that put it on dates that cannot both hold.

    Nearby days (within `SAME_EVENT_WINDOW_DAYS`) need no more; coarser dates need the same
    place or object named and at most `SAME_EVENT_GAP_DAYS` between them. Either way,
    different places or objects, a repeat word, or one sentence saying both keep them apart.
    """
    if not _disjoint(a, b) or _context_clash(a, b) or _same_sentence(a, b):
        return False
    if _marked_repeat(a) or _marked_repeat(b):
        return False
    da, db = _day(a), _day(b)
    if da is not None and db is not None:
        return abs((da - db).days) <= SAME_EVENT_WINDOW_DAYS
    if _gap_days(a, b) > SAME_EVENT_GAP_DAYS:
        return False
    return _shared_context(a, b) or _same_telling(a, b)


#: Two sentences whose words (dates and numbers aside) overlap this much tell one event:
#: "X was transferred to a prison in Denver in 1979" / "... in 1978".
SAME_TELLING_OVERLAP = 0.75
_TELLING_WORD = re.compile(r"[^\W\d_]+")


def _telling_words(f: Fact) -> set[str]:
    words = {w.lower() for e in f.evidence for w in _TELLING_WORD.findall(e.quote)}
    return words - _MONTH_WORDS


def _same_telling(a: Fact, b: Fact) -> bool:
    """Sentences from different documents that say the same thing in nearly the same words,
    but for the date: one event told twice, not two events."""
    if {e.doc for e in a.evidence} == {e.doc for e in b.evidence}:
        return False
    wa, wb = _telling_words(a), _telling_words(b)
    if len(wa) < 4 or len(wb) < 4:
        return False
    return len(wa & wb) / len(wa | wb) >= SAME_TELLING_OVERLAP


_MONTH_WORDS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december", "in", "on", "of", "the"}
)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_LENGTH = re.compile(
    r"\b(?P<n>\d{1,4}(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)[- ](?P<unit>years?|months?)\b", re.I
)


def comparable_value(f: Fact) -> str | None:
    """A value as something two facts can be compared on, or None when it cannot be read.

    Sentences: "40 years in prison" and "a 40-year sentence" → "40 years"; "life" → "life";
    a sentence with parts ("life plus 135 years") is not compared. Counts: the number.
    """
    v = f.value
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return str(int(v)) if float(v).is_integer() else str(v)
    text = v.strip().lower()
    if f.predicate == "children_count":
        count = _NUMBER_WORDS.get(text)
        return str(count) if count is not None else (text if text.isdigit() else None)
    if " plus " in text or " and " in text:
        return None
    lives = _LIFE_COUNT.search(text)
    if lives is not None:  # "12 consecutive life sentences" → "12 life sentences"
        said = lives.group("n").lower()
        lifes = int(said) if said.isdigit() else _NUMBER_WORDS.get(said)
        if lifes is not None:
            return f"{lifes} life sentences"
    if re.search(r"\blife\b", text) and not _LENGTH.search(text):
        return "life"
    m = _LENGTH.search(text)
    if m is None:
        return None
    n_text = m.group("n").lower()
    n: float | None = float(n_text) if n_text[0].isdigit() else _NUMBER_WORDS.get(n_text)
    if n is None:
        return None
    unit = "years" if m.group("unit").lower().startswith("year") else "months"
    return f"{int(n) if float(n).is_integer() else n} {unit}"


_LIFE_COUNT = re.compile(
    r"\b(?P<n>\d{1,3}|[a-z]+)\s+(?:consecutive\s+|concurrent\s+)?life\s+(?:sentences|terms)\b"
)


def _compatible(va: str, vb: str) -> bool:
    """Values that can both hold: "life" and "12 life sentences" (a count says more)."""
    if va == vb:
        return True
    both_life = all(v == "life" or v.endswith("life sentences") for v in (va, vb))
    return both_life and "life" in (va, vb)


def same_thing_other_value(a: Fact, b: Fact) -> bool:
    """Two tellings of one event or attribute with values that cannot both hold."""
    va, vb = comparable_value(a), comparable_value(b)
    if va is None or vb is None or _compatible(va, vb):
        return False
    if _same_sentence(a, b) or _context_clash(a, b):
        return False
    if a.predicate == "children_count":
        # a family can grow: a smaller count dated before a larger one is not a conflict
        return not _disjoint(a, b)
    if _marked_repeat(a) or _marked_repeat(b):
        return False
    return not _disjoint(a, b)


# -- summaries -------------------------------------------------------------------------------


def _when_text(f: Fact) -> str:
    if f.time is None:
        return "?"
    if f.time.start == f.time.end:
        return f.time.start
    return f"{f.time.start}..{f.time.end}"


def _value_text(f: Fact) -> str:
    shown = comparable_value(f)
    return shown if shown is not None else str(f.value)


def _docs_of(f: Fact, by_id: dict[str, Fact]) -> list[str]:
    """Where a fact is said: its own evidence, or that of the facts it was derived from."""
    return [e.doc for e in (*f.evidence, *chain_evidence(f, by_id))]


def _sides(
    facts: Sequence[Fact],
    by_id: dict[str, Fact],
    titles: Mapping[str, str],
    label: Callable[[Fact], str] = _when_text,
) -> str:
    """ "1992-07-21 according to “A” and “B”; 1992-07-22 according to “C”": one entry per
    value, so two sources that agree are read as agreeing."""
    docs_by_value: dict[str, list[str]] = {}
    for f in facts:
        docs_by_value.setdefault(label(f), []).extend(_docs_of(f, by_id))
    parts = []
    for value, docs in docs_by_value.items():
        parts.append(f"{value} according to {_titles(docs, titles)}")
    return "; ".join(parts)


def _titles(docs: Iterable[str], titles: Mapping[str, str]) -> str:
    named = [f"“{titles.get(d, d)}”" for d in dict.fromkeys(docs)]
    if not named:
        return "no source"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


_VALUE_WORDS = {"sentenced": "sentence", "children_count": "number of children"}
_EVENT_NOUNS = {
    "arrested": "arrest",
    "kidnapped": "kidnapping",
    "killed": "killing",
    "died": "death",
    "escaped": "escape",
    "extradited": "extradition",
    "sentenced": "sentencing",
    "convicted": "conviction",
    "imprisoned": "imprisonment",
    "released": "release",
    "married": "marriage",
    "body_found": "finding of the body",
}
_EVENT_WORDS = {
    "born": "was born",
    "died": "died",
    "killed": "was killed",
    "kidnapped": "was kidnapped",
    "body_found": "was found dead",
}


# -- conflicts -------------------------------------------------------------------------------


def _clusters(facts: Sequence[Fact], linked: Callable[[Fact, Fact], bool]) -> list[list[Fact]]:
    """Facts joined by `linked` pairs, as groups (each fact in at most one group)."""
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined: set[int] = set()
    for i, a in enumerate(facts):
        for j in range(i + 1, len(facts)):
            if linked(a, facts[j]):
                parent[find(i)] = find(j)
                joined.update((i, j))
    groups: dict[int, list[Fact]] = defaultdict(list)
    for i in sorted(joined):
        groups[find(i)].append(facts[i])
    return list(groups.values())


def _conflict(kind: str, key: Sequence[object], facts: list[Fact], summary: str) -> Conflict:
    ids = [f.id for f in facts]
    return Conflict(content_id("conflict", *key, ids), kind, tuple(ids), summary)


def _by_time(fs: Iterable[Fact]) -> list[Fact]:
    return sorted(fs, key=lambda f: (f.time.start if f.time else "", f.id))


def find_conflicts(
    facts: Sequence[Fact], entities: Mapping[str, Entity], titles: Mapping[str, str]
) -> list[Conflict]:
    """Reality facts that cannot all be true, each with a summary naming sources and values."""
    by_id = {f.id: f for f in facts}

    def name(subject: str) -> str:
        return entities[subject].name if subject in entities else subject

    conflicts: list[Conflict] = []
    # a. once-only events in disjoint intervals
    once: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        group = ONCE_ONLY_GROUPS.get(f.predicate)
        if group and f.modality == "reality" and f.time is not None:
            once[(f.subject, group)].append(f)
    for (subject, group), fs in sorted(once.items()):
        involved = _by_time(
            {f.id: f for a in fs for b in fs if _disjoint(a, b) for f in (a, b)}.values()
        )
        if not involved:
            continue
        extra = [by_id[d] for f in involved for d in f.derived_from if d in by_id]
        who = name(subject)
        if group == "born" and all(f.derived_from for f in involved):
            question = f"{_possessive(who)} birth dates implied by the ages given"
        else:
            template = GROUP_QUESTIONS.get(group, "{possessive} " + group.replace("_", " "))
            question = template.format(name=who, possessive=_possessive(who))
        sides = _sides(involved, by_id, titles)
        summary = f"The sources disagree on {question}: {sides}."
        members = involved + [e for e in extra if e not in involved]
        conflicts.append(
            Conflict(
                content_id("conflict", subject, group, [f.id for f in involved]),
                "date",
                tuple(f.id for f in members),
                summary,
            )
        )
    # b. one repeatable event on two dates; c. one thing with two values
    repeatable: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    valued: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.modality != "reality" or f.derived_from:
            continue
        if f.predicate in REPEATABLE_EVENTS and f.time is not None:
            repeatable[(f.subject, f.predicate)].append(f)
        if f.predicate in VALUE_PREDICATES and comparable_value(f) is not None:
            valued[(f.subject, f.predicate)].append(f)
    for (subject, predicate), fs in sorted(repeatable.items()):
        for group_facts in _clusters(fs, same_event_other_date):
            involved = _by_time(group_facts)
            sides = _sides(involved, by_id, titles)
            verb = predicate.replace("_", " ")
            summary = f"The sources disagree on when {name(subject)} {verb}: {sides}."
            conflicts.append(_conflict("date", (subject, predicate), involved, summary))
    for (subject, predicate), fs in sorted(valued.items()):
        for group_facts in _clusters(fs, same_thing_other_value):
            involved = sorted(group_facts, key=lambda f: (_value_text(f), f.id))
            sides = _sides(involved, by_id, titles, _value_text)
            what = _VALUE_WORDS.get(predicate, predicate.replace("_", " "))
            summary = f"The sources disagree on {_possessive(name(subject))} {what}: {sides}."
            conflicts.append(_conflict("value", (subject, predicate), involved, summary))
    return conflicts


# -- depiction differences -------------------------------------------------------------------

#: Predicates a show's version is never compared on: who plays whom is the show's own
#: business; ages in a show are the actors' story time; claims are somebody's words.
_NOT_COMPARED = frozenset({"portrayed_by", "claims", "age", "occupation"})


def find_depiction_differences(
    facts: Sequence[Fact],
    entities: Mapping[str, Entity],
    titles: Mapping[str, str],
    departures: Sequence[Fact] | None = None,
) -> list[Conflict]:
    """Where a show departs from the record about one subject and predicate.

    Three ways to tell: the values differ (two children shown, three in reality); the dates
    of one once-only event cannot both hold; or a source says outright that the show told
    the event otherwise (a `departs_from_reality` fact about the show and that kind of
    event, in a document that gives the show's or the record's version). Those facts are
    about the show, not the subject: `departures` gives them when `facts` are one
    subject's only (default: the ones among `facts`).
    """
    by_id = {f.id: f for f in facts}

    def name(subject: str) -> str:
        return entities[subject].name if subject in entities else subject

    shown: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    real: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.predicate in _NOT_COMPARED:
            continue
        if f.modality == "depiction":
            shown[(f.subject, f.predicate)].append(f)
        elif f.modality == "reality" and not f.derived_from:
            real[(f.subject, f.predicate)].append(f)
    departed: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in departures_of(facts) if departures is None else departures:
        departed[(f.subject, str(f.value))].append(f)
    out: list[Conflict] = []
    for (subject, predicate), ds in sorted(shown.items()):
        rs = real.get((subject, predicate), [])
        if not rs:
            continue
        who = name(subject)
        what = _VALUE_WORDS.get(predicate, predicate.replace("_", " "))
        for d in sorted(ds, key=lambda f: f.id):
            work_id = d.work or _main_work(d, by_id, entities)
            work_name = entities[work_id].name if work_id and work_id in entities else None
            work = f"“{work_name}”" if work_name else "the show"
            shown_in = _titles(_docs_of(d, by_id), titles)
            dv = comparable_value(d)
            if dv is not None:
                differ = [r for r in rs if comparable_value(r) not in (None, dv)]
                if differ:
                    real_side = _sides(differ, by_id, titles, _value_text)
                    summary = (
                        f"In {work}, {_possessive(who)} {what} is {dv} (per {shown_in}), "
                        f"but in reality it is {real_side}."
                    )
                    out.append(_conflict("depiction", (subject, predicate), [d, *differ], summary))
                    continue
            if d.time is not None and predicate in ONCE_ONLY_GROUPS:
                differ = [r for r in rs if _disjoint(d, r)]
                if differ:
                    real_side = _sides(_by_time(differ), by_id, titles)
                    summary = (
                        f"In {work}, {who} {_EVENT_WORDS.get(predicate, what)} "
                        f"{_when_text(d)} (per {shown_in}), but in reality "
                        f"{_EVENT_WORDS.get(predicate, what)} {real_side}."
                    )
                    out.append(_conflict("depiction", (subject, predicate), [d, *differ], summary))
                    continue
            docs = set(_docs_of(d, by_id) + [doc for r in rs for doc in _docs_of(r, by_id)])
            said = [
                f
                for f in departed.get((work_id or "", predicate), [])
                if docs & {e.doc for e in f.evidence}
            ]
            told = [r for r in rs if not _disjoint(d, r) and not _context_clash(d, r)]
            if not said or not told:
                continue
            note = said[0].evidence[0]
            summary = (
                f"{_capital(work)} tells {_possessive(who)} {_EVENT_NOUNS.get(predicate, what)} "
                f"(per {shown_in}) otherwise than it happened, as "
                f"“{titles.get(note.doc, note.doc)}” says: “{note.quote}”"
            )
            members = [d, said[0], *_by_time(told)]
            out.append(_conflict("depiction", (subject, predicate), members, summary))
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _main_work(fact: Fact, by_id: dict[str, Fact], entities: Mapping[str, Entity]) -> str | None:
    """The work a document is about (the one it names most), for a depiction fact that
    does not name one itself."""
    docs = set(_docs_of(fact, by_id))
    counts = [
        (sum(1 for m in e.mentions if m.doc in docs), e.id)
        for e in entities.values()
        if e.type == "work"
    ]
    counts = [c for c in counts if c[0] > 0]
    return max(counts)[1] if counts else None


def departures_of(facts: Iterable[Fact]) -> list[Fact]:
    """Facts saying a show told a kind of event otherwise (subject: the show)."""
    return [f for f in facts if f.predicate == "departs_from_reality" and isinstance(f.value, str)]


@dataclass(frozen=True)
class Shared:
    """What reconciling one subject reads besides that subject's own facts: names of the
    entities facts point at (works with their mentions, for `_main_work`), document
    titles, and the facts saying a show departs from reality."""

    entities: Mapping[str, Entity]
    titles: Mapping[str, str]
    departures: tuple[Fact, ...]


def reconcile_subject(
    shared: Shared, subject: str, stated: list[Fact]
) -> tuple[list[Fact], list[Conflict], set[str]]:
    """Steps 2–5 for one subject's stated facts: every derivation, conflict and depiction
    difference is about one subject, so subjects are the keys of a reduce."""
    stated.sort(key=lambda f: f.id)
    facts = list(stated)
    facts += derive_births(stated)
    facts += derive_served_starts(stated)
    facts += derive_missing_intervals(stated)
    facts.sort(key=lambda f: f.id)
    conflicts = find_conflicts(facts, shared.entities, shared.titles)
    conflicts += find_depiction_differences(
        facts, shared.entities, shared.titles, shared.departures
    )
    return facts, conflicts, real_ids(facts)


def _slim(entities: Mapping[str, Entity]) -> dict[str, Entity]:
    """Entities as reconciliation reads them: names and types, mentions of works only."""
    return {
        i: e if e.type == "work" else Entity(e.id, e.type, e.name, (), e.real, ())
        for i, e in entities.items()
    }


def reconcile_facts(
    base: Sequence[Fact],
    entities: Mapping[str, Entity],
    titles: Mapping[str, str],
    reduce: Reduce = local_reduce,
    departures: Sequence[Fact] | None = None,
) -> tuple[list[Fact], list[Conflict], set[str]]:
    """From the stated facts: all facts (with derived ones), conflicts and depiction
    differences, and the ids of everything a reality fact is about.

    `entities` needs names for every id the facts use, and mentions for works (a
    depiction fact without a work is about the work its document names most). The work
    is one keyed reduce over subjects (`reconcile_subject`); results are sorted by id.
    `departures`: the case file's facts saying a show departs from reality, when `base`
    is only some subjects' facts (default: those among `base`).
    """
    stated = [
        replace(f, evidence=tuple(sorted(f.evidence, key=lambda e: (e.doc, e.start, e.end))))
        for f in base
    ]
    told = departures_of(stated) if departures is None else departures
    shared = Shared(_slim(entities), dict(titles), tuple(told))
    results = reduce(((f.subject, f) for f in stated), partial(reconcile_subject, shared))
    facts = sorted((f for fs, _, _ in results for f in fs), key=lambda f: f.id)
    conflicts = sorted((c for _, cs, _ in results for c in cs), key=lambda c: c.id)
    real: set[str] = set().union(*(r for _, _, r in results))
    # what the text says outright (`resolve.said_real`) outweighs what facts imply
    real |= {i for i, e in entities.items() if e.real}
    real -= {i for i, e in entities.items() if e.real is False}
    return facts, conflicts, real


#: The predicate of open events (`claims.open_events`).
OPEN_EVENT = "event"


def real_ids(facts: Sequence[Fact]) -> set[str]:
    """What the sources treat as real: actors, and anything a reality fact is about. An
    open event (`event`) is no such evidence: its subject and object are whoever a verb
    names, in a story that may be invented ("she hunts X" of a fictional detective)."""
    real: set[str] = set()
    for f in facts:
        if f.predicate == OPEN_EVENT:
            continue
        if f.predicate == "portrayed_by" and f.object:
            real.add(f.object)
        elif f.modality == "reality":
            real.add(f.subject)
            if f.object:
                real.add(f.object)
    return real


def reconcile(
    analyses: Sequence[DocAnalysis], res: Resolution, reduce: Reduce = local_reduce
) -> tuple[list[Entity], list[Fact], list[Conflict]]:
    """Entities with `real` set, all facts (stated and derived), conflicts and depiction
    differences (the latter with kind "depiction")."""
    titles = {a.document.id: a.document.title for a in analyses}
    by_entity = {e.id: e for e in res.entities}
    stated = local_to_facts(analyses, lambda doc, mi: res.mention_entity.get((doc, mi)))
    facts, conflicts, real = reconcile_facts(stated, by_entity, titles, reduce)
    return mark_real(res.entities, real), facts, conflicts


def mark_real(entities: Iterable[Entity], real: set[str]) -> list[Entity]:
    """Entities with `real` set for the people in `real` (`real_ids`)."""
    return [replace(e, real=True) if e.type == "person" and e.id in real else e for e in entities]
