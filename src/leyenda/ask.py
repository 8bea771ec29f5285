"""`leyenda ask`: who/what/when/where questions answered from the case file alone.

No model and no network: a question is read with patterns (rule data in `QUESTION_FORMS`)
over the case file's own names, aliases and predicates, then answered from its facts.
Every answer line carries its citations — the document's title and the quoted sentence,
for a derived fact those of the facts it came from — and a line whose fact is part of a
conflict says so, with the conflict's summary. When nothing in the case file answers, the
answer says so (`answered` False) rather than guess.

Steps:
1. find who the question is about: the longest run of its words that is an entity's name
   or alias, compared without accents, case or punctuation;
2. find what is asked: the first form in `QUESTION_FORMS` whose pattern matches;
3. answer from the facts of that entity (and the case file's conflicts), newest source
   first where the question is about now.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import phrasing
from .errors import LeyendaError
from .model import CaseFile, Conflict, Document, Entity, Evidence, Fact, chain_evidence
from .retrieve import NOTE as RETRIEVAL_NOTE
from .retrieve import best_sentences, facts_citing

__all__ = ["Answer", "AnswerLine", "Citation", "UnknownNameError", "ask", "ask_casefile"]


class UnknownNameError(LeyendaError):
    """A name that no entity of the case file carries; the message lists close matches."""


# -- names ---------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-free words: "Félix Gallardo's" → "felix gallardo"."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['’]s\b", "", s.casefold())
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


#: Control characters (ANSI escapes included) never reach a terminal from article text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """Article text made safe for one terminal line: no control characters, no newlines."""
    return " ".join(_CONTROL.sub(" ", text).split())


class NameIndex:
    """Every entity's name and aliases, normalised, for finding who a question is about."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        self.by_name: dict[str, list[Entity]] = {}
        for e in entities:
            for n in {e.name, *e.aliases}:
                key = normalise(n)
                if key:
                    self.by_name.setdefault(key, []).append(e)
        self.longest = max((len(k.split()) for k in self.by_name), default=0)

    def _best(self, candidates: list[Entity], key: str) -> Entity:
        # the entity whose own name this is, then people, then the most mentioned
        return max(
            candidates,
            key=lambda e: (normalise(e.name) == key, e.type == "person", len(e.mentions)),
        )

    def find_in(self, text: str) -> list[tuple[Entity, str, int]]:
        """Entities named in a text, longest names first: (entity, name as found, position)."""
        words = normalise(text).split()
        found: list[tuple[Entity, str, int]] = []
        taken: set[int] = set()
        for size in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if taken & set(range(i, i + size)):
                    continue
                key = " ".join(words[i : i + size])
                if key in self.by_name:
                    found.append((self._best(self.by_name[key], key), key, i))
                    taken.update(range(i, i + size))
        return found

    def lookup(self, name: str) -> Entity:
        """The entity a name means, or `UnknownNameError` naming the closest names."""
        key = normalise(name)
        if key in self.by_name:
            return self._best(self.by_name[key], key)
        found = self.find_in(name)
        if found and len(found[0][1].split()) >= max(1, len(key.split()) - 1):
            return found[0][0]
        close = difflib.get_close_matches(key, list(self.by_name), n=5, cutoff=0.6)
        shown = sorted({self._best(self.by_name[c], c).name for c in close})
        hint = f"; close matches: {', '.join(shown)}" if shown else ""
        raise UnknownNameError(f"no one in the case file is called {name!r}{hint}")


# -- answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One sentence a line rests on: the document, its title and the exact quote."""

    doc: str
    title: str
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
        }

    def render(self) -> str:
        return f"[{clean(self.title)}] “{clean(self.quote)}”"


@dataclass(frozen=True)
class AnswerLine:
    """One statement of an answer, with the facts and sentences behind it."""

    text: str
    citations: tuple[Citation, ...]
    facts: tuple[str, ...] = ()
    disputed: tuple[str, ...] = ()  # summaries of the conflicts this line is part of
    tentative: bool = False  # it rests on a fact leyenda is unsure the text states

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "facts": list(self.facts),
            "citations": [c.to_dict() for c in self.citations],
            "disputed": list(self.disputed),
            "tentative": self.tentative,
        }

    def render(self) -> str:
        cites = "; ".join(c.render() for c in self.citations) or "no source sentence recorded"
        unsure = "(tentative: check the quote) " if self.tentative else ""
        return f"- {unsure}{clean(self.text)} — {cites}"


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: the lines that answer, or why nothing does."""

    question: str
    answered: bool
    kind: str
    subject: str | None = None
    lines: tuple[AnswerLine, ...] = ()
    note: str = ""
    disputes: tuple[str, ...] = field(default=())

    @property
    def disputed(self) -> bool:
        return bool(self.disputes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "kind": self.kind,
            "subject": self.subject,
            "disputed": self.disputed,
            "disputes": list(self.disputes),
            "note": self.note,
            "lines": [line.to_dict() for line in self.lines],
        }

    @property
    def retrieved(self) -> bool:
        """No form answered, but sentences that match the question were found (`retrieve`)."""
        return self.kind == "retrieval" and bool(self.lines)

    def render(self) -> str:
        out = [clean(self.question)]
        if self.retrieved:
            out.append(clean(self.note))
            out += [line.render() for line in self.lines]
            return "\n".join(out)
        if not self.answered:
            out.append(f"No answer in the case file: {clean(self.note)}")
            return "\n".join(out)
        if self.note:
            out.append(clean(self.note))
        if self.disputes:
            out += [f"DISPUTED: {clean(s)}" for s in self.disputes]
        out += [line.render() for line in self.lines]
        return "\n".join(out)


# -- reading the case file -----------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’)]*(?:\s|$))|\n")


class Reader:
    """The case file with the lookups answers need: facts by subject, citations, conflicts."""

    def __init__(self, casefile: CaseFile) -> None:
        self.cf = casefile
        self.names = NameIndex(casefile.entities)
        self.entities = self.names.entities
        self.documents: dict[str, Document] = {d.id: d for d in casefile.documents}
        self.facts: dict[str, Fact] = {f.id: f for f in casefile.facts}
        self.conflicts_of: dict[str, list[Conflict]] = {}
        for c in casefile.conflicts:
            for fid in c.facts:
                self.conflicts_of.setdefault(fid, []).append(c)
        self._ends: dict[str, list[int]] = {}

    def name(self, entity_id: str | None) -> str:
        e = self.entities.get(entity_id or "")
        return e.name if e else (entity_id or "")

    def title(self, doc_id: str) -> str:
        d = self.documents.get(doc_id)
        return d.title if d and d.title.strip() else doc_id

    def published(self, doc_id: str) -> str:
        d = self.documents.get(doc_id)
        return d.published or "" if d else ""

    def about(self, entity: Entity, *predicates: str, as_object: bool = False) -> list[Fact]:
        """Facts with this entity as subject (or object) and one of these predicates."""
        return [
            f
            for f in self.cf.facts
            if (f.object if as_object else f.subject) == entity.id
            and (not predicates or f.predicate in predicates)
        ]

    def evidence_of(self, fact: Fact) -> list[Evidence]:
        """The sentences behind a fact: its own, or those of the facts it was derived from."""
        return list(fact.evidence) if fact.evidence else chain_evidence(fact, self.facts)

    def cite(self, evidence: Iterable[Evidence]) -> tuple[Citation, ...]:
        seen: dict[tuple[str, int, int], Citation] = {}
        for e in evidence:
            seen.setdefault(
                (e.doc, e.start, e.end), Citation(e.doc, self.title(e.doc), e.start, e.end, e.quote)
            )
        return tuple(sorted(seen.values(), key=lambda c: (self.published(c.doc), c.doc, c.start)))

    def line(self, text: str, facts: Sequence[Fact]) -> AnswerLine:
        """An answer line resting on these facts, flagged with any conflict they are in."""
        evidence = [e for f in facts for e in self.evidence_of(f)]
        disputes = {
            c.summary: None for f in facts for c in self.conflicts_of.get(f.id, ()) if _real(c)
        }
        return AnswerLine(
            text,
            self.cite(evidence),
            tuple(f.id for f in facts),
            tuple(disputes),
            tentative=any(f.tentative for f in facts),
        )

    def sentence_at(self, doc_id: str, offset: int) -> Evidence | None:
        """The sentence of a document holding a character offset (for names, not facts)."""
        doc = self.documents.get(doc_id)
        if doc is None or not doc.text:
            return None
        if doc_id not in self._ends:
            self._ends[doc_id] = [m.end() for m in _SENTENCE_END.finditer(doc.text)]
        ends = self._ends[doc_id]
        i = bisect_right(ends, offset)
        start = ends[i - 1] if i > 0 else 0
        end = ends[i] if i < len(ends) else len(doc.text)
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        return Evidence.of(doc, start, end)


def _real(conflict: Conflict) -> bool:
    return conflict.kind != "depiction"


# -- the question forms --------------------------------------------------------------------

Handler = Callable[[Reader, Entity, "re.Match[str]"], Answer | None]


def _when(fact: Fact) -> str:
    if fact.time is None:
        return "undated"
    if fact.time.start == fact.time.end:
        return fact.time.start
    return f"between {fact.time.start} and {fact.time.end}"


def _by_time(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.time is None, f.time.start if f.time else "", f.id))


def _answer(
    q: str, kind: str, who: Entity, lines: Sequence[AnswerLine], missing: str = "", note: str = ""
) -> Answer:
    """An answer from its lines; `missing` says why there is none, `note` adds context."""
    disputes = tuple(dict.fromkeys(s for line in lines for s in line.disputed))
    shown = note if lines else missing
    return Answer(q, bool(lines), kind, who.name, tuple(lines), shown, disputes)


#: Event words in questions → predicates ("arrested", "arrest", "kidnapped", "abducted").
EVENT_WORDS: dict[str, str] = {
    "born": "born",
    "die": "died",
    "died": "died",
    "dead": "died",
    "killed": "killed",
    "murdered": "killed",
    "kill": "killed",
    "kidnapped": "kidnapped",
    "abducted": "kidnapped",
    "kidnap": "kidnapped",
    "arrested": "arrested",
    "arrest": "arrested",
    "captured": "arrested",
    "charged": "charged",
    "indicted": "charged",
    "convicted": "convicted",
    "sentenced": "sentenced",
    "resentenced": "sentenced",
    "imprisoned": "imprisoned",
    "jailed": "imprisoned",
    "transferred": "transferred",
    "reassigned": "transferred",
    "released": "released",
    "freed": "released",
    "escaped": "escaped",
    "escape": "escaped",
    "extradited": "extradited",
    "married": "married",
    "marry": "married",
    "joined": "joined",
    "join": "joined",
    "left": "left",
    "leave": "left",
    "founded": "founded",
    "found": "founded",
    "appointed": "appointed",
    "moved": "moved",
    "move": "moved",
    "met": "met",
    "meet": "met",
}
#: Predicates that belong together when asked about: a death is told as died or killed.
SAME_ASK: dict[str, tuple[str, ...]] = {
    "died": ("died", "killed"),
    "killed": ("killed", "died"),
}


def _event_phrase(r: Reader, f: Fact, about: str | None = None) -> str:
    """The fact as a sentence (`phrasing`); `about`: whose answer it is."""
    return phrasing.fact_sentence(f, r.name, about=about)


def _dated_lines(r: Reader, facts: Sequence[Fact], shown: bool = True) -> list[AnswerLine]:
    """One line per fact, stated facts before derived ones, each dated."""
    lines = []
    for f in sorted(_by_time(facts), key=lambda f: bool(f.derived_from)):
        if f.modality == "depiction" and not shown:
            continue
        how = " (computed from " + f.time.text + ")" if f.derived_from and f.time else ""
        tag = {"depiction": " [as the show depicts it]", "claim": " [a claim]"}.get(f.modality, "")
        lines.append(r.line(f"{_when(f)}: {_event_phrase(r, f)}{how}{tag}", [f]))
    return lines


def ask_when(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "When was X born / arrested / killed?", "When was X's body found?"."""
    words = normalise(m.group("rest")).split()
    if "body" in words or "remains" in words:
        predicates: tuple[str, ...] = ("body_found",)
    else:
        found = [EVENT_WORDS[w] for w in words if w in EVENT_WORDS]
        if not found:
            return None
        predicates = SAME_ASK.get(found[-1], (found[-1],))
    facts = [f for f in r.about(who, *predicates) if f.time is not None]
    # a reality answer when there is one; the show's version only when nothing else
    real = [f for f in facts if f.modality != "depiction"] or facts
    return _answer(m.string, "when", who, _dated_lines(r, real), _none(who, predicates))


def _none(who: Entity, predicates: Sequence[str]) -> str:
    what = " or ".join(p.replace("_", " ") for p in predicates)
    return f"no dated fact about {who.name} ({what})"


def ask_where_born(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Where was X born?": birth facts that name a place."""
    facts = [f for f in r.about(who, "born") if f.place]
    lines = [r.line(f"{who.name} was born in {r.name(f.place)}", [f]) for f in facts]
    return _answer(m.string, "where", who, lines, f"no birthplace of {who.name} is stated")


def ask_played(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Who played X?" — the actors, and in which work."""
    lines = []
    for f in sorted(r.about(who, "portrayed_by"), key=lambda f: r.name(f.object)):
        work = f" in {r.name(f.work)}" if f.work else ""
        lines.append(r.line(f"{r.name(f.object)} plays {who.name}{work}", [f]))
    return _answer(m.string, "who", who, lines, f"nobody is said to play {who.name}")


def ask_plays_whom(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Who does X play?" — the characters an actor plays."""
    lines = []
    for f in sorted(r.about(who, "portrayed_by", as_object=True), key=lambda f: r.name(f.subject)):
        work = f" in {r.name(f.work)}" if f.work else ""
        lines.append(r.line(f"{who.name} plays {r.name(f.subject)}{work}", [f]))
    return _answer(m.string, "who", who, lines, f"{who.name} is not said to play anyone")


_ROLE_PREDICATES = ("occupation", "employee_of", "leader_of", "member_of")
_ROLE_SAY = {
    "employee_of": "works for",
    "leader_of": "leader of",
    "member_of": "member of",
    "occupation": "occupation:",
}


def ask_who_is(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Who is El Padrino?" — the name behind an alias, other names, roles, who plays them."""
    asked = m.group("name_found")
    lines: list[AnswerLine] = []
    first = _first_mention(r, who, asked)
    names = ", ".join(a for a in who.aliases if normalise(a) != normalise(who.name))
    spelled = next((a for a in who.aliases if normalise(a) == normalise(asked)), asked)
    text = who.name if normalise(asked) == normalise(who.name) else f"{spelled} is {who.name}"
    if names:
        text += f" (also called {names})"
    lines.append(AnswerLine(text, r.cite([first] if first else [])))
    for f in r.about(who, *_ROLE_PREDICATES):
        if f.modality == "depiction":
            continue
        value = f" ({f.value})" if f.value is not None and f.object else ""
        target = r.name(f.object) if f.object else str(f.value)
        lines.append(r.line(f"{who.name}: {_ROLE_SAY[f.predicate]} {target}{value}", [f]))
    for f in r.about(who, "portrayed_by"):
        work = f" in {r.name(f.work)}" if f.work else ""
        lines.append(r.line(f"played by {r.name(f.object)}{work}", [f]))
    for f in r.about(who, "portrayed_by", as_object=True):
        work = f" in {r.name(f.work)}" if f.work else ""
        lines.append(r.line(f"{who.name} is an actor who plays {r.name(f.subject)}{work}", [f]))
    return _answer(m.string, "who", who, lines)


def _first_mention(r: Reader, who: Entity, asked: str) -> Evidence | None:
    """The sentence where the name asked about is first used, from the earliest source."""
    key = normalise(asked)
    mentions = sorted(
        who.mentions, key=lambda mt: (r.published(mt.doc) or "9999", mt.doc, mt.start)
    )
    chosen = next((mt for mt in mentions if normalise(mt.text) == key), None)
    chosen = chosen or (mentions[0] if mentions else None)
    return r.sentence_at(chosen.doc, chosen.start) if chosen else None


#: Words that say a sentence tells how things stand now.
_PRESENT = re.compile(
    r"\b(?:today|now|currently|remains|still|is serving|is being held|lives)\b", re.I
)
#: Events after which where a person is changes.
_STATUS_EVENTS = (
    "imprisoned",
    "transferred",
    "released",
    "escaped",
    "extradited",
    "moved",
    "arrested",
    "died",
    "killed",
)


def ask_where_now(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Where is X now?" — the latest known status, dated by its source's publication."""
    note = f"{who.name}'s latest known status, newest source first"
    missing = f"nothing says where {who.name} is"
    return _answer(m.string, "where", who, status_lines(r, who), missing, note)


def status_lines(r: Reader, who: Entity) -> list[AnswerLine]:
    """Sentences telling how things stand now (newest source), then the latest dated event."""
    told: dict[tuple[str, int], Evidence] = {}
    for f in r.about(who):
        for e in f.evidence:
            if f.modality == "reality" and _PRESENT.search(e.quote):
                told[(e.doc, e.start)] = e
    for mt in who.mentions:
        ev = r.sentence_at(mt.doc, mt.start)
        if ev is not None and _PRESENT.search(ev.quote) and not _about_show(ev.quote):
            told.setdefault((ev.doc, ev.start), ev)
    lines: list[AnswerLine] = []
    if told:
        latest = max(r.published(d) for d, _ in told)
        newest = sorted(
            (e for (d, _), e in told.items() if r.published(d) == latest), key=lambda e: e.start
        )
        when = f"as of {latest}" if latest else "undated source"
        for e in newest[:3]:
            lines.append(AnswerLine(f"{when} ({r.title(e.doc)}): {clean(e.quote)}", r.cite([e])))
    events = [f for f in r.about(who, *_STATUS_EVENTS) if f.time and f.modality == "reality"]
    if events:
        last = max(events, key=lambda f: (f.time.end if f.time else "", f.id))
        lines.append(r.line(f"latest dated event: {_when(last)}: {_event_phrase(r, last)}", [last]))
    return lines


def _about_show(sentence: str) -> bool:
    return bool(re.search(r"\b(?:season|episode|the show|series)\b", sentence, re.I))


_CHARGE_WORDS = re.compile(
    r"\b(?:charged with|on charges? of|accused of|convicted of|indicted (?:for|on))\s+"
    r"(?P<what>[^.;]+?)(?=,?\s+and\s+(?:was\s+)?(?:sentenced|convicted|jailed)|[.;]|$)",
    re.I,
)


def ask_charged(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "What was X charged with?" — charge facts, else the charges named beside X's name."""
    lines: list[AnswerLine] = []
    for f in r.about(who, "charged", "convicted"):
        what = str(f.value) if f.value is not None else r.name(f.object) if f.object else ""
        if what:
            say = "charged with" if f.predicate == "charged" else "convicted of"
            lines.append(r.line(f"{who.name} was {say} {what}", [f]))
    if not lines:
        seen: set[tuple[str, int]] = set()
        for mt in who.mentions:
            ev = r.sentence_at(mt.doc, mt.start)
            if ev is None or (ev.doc, ev.start) in seen:
                continue
            seen.add((ev.doc, ev.start))
            hit = _CHARGE_WORDS.search(ev.quote)
            if hit:
                lines.append(AnswerLine(f"{who.name}: {clean(hit.group(0))}", r.cite([ev])))
    return _answer(m.string, "what", who, lines, f"no charge against {who.name} is stated")


def ask_children(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Who were X's children?" — child and parent facts, and counts, reality first."""
    kids: dict[str, list[Fact]] = {}
    for f in r.about(who, "child", as_object=True):
        kids.setdefault(f.subject, []).append(f)
    for f in r.about(who, "parent"):
        if f.object:
            kids.setdefault(f.object, []).append(f)
    lines = [
        r.line(f"{r.name(k)} is a child of {who.name}", fs)
        for k, fs in sorted(kids.items(), key=lambda kv: r.name(kv[0]))
    ]
    counts = sorted(r.about(who, "children_count"), key=lambda f: (f.modality, str(f.value)))
    for f in counts:
        tag = " in the show" if f.modality == "depiction" else ""
        lines.append(r.line(f"{who.name} has {f.value} children{tag}", [f]))
    differences = {
        c.summary: None
        for f in counts
        for c in r.conflicts_of.get(f.id, ())
        if c.kind == "depiction"
    }
    missing = f"no children of {who.name} are named"
    return _answer(m.string, "who", who, lines, missing, " ".join(differences))


def ask_spouse(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Who is X married to?" — spouse relations and marriages, either way round."""
    lines = []
    for f in r.about(who, "spouse", "married"):
        if f.object:
            lines.append(r.line(f"{who.name} is married to {r.name(f.object)}", [f]))
    for f in r.about(who, "spouse", "married", as_object=True):
        lines.append(r.line(f"{who.name} is married to {r.name(f.subject)}", [f]))
    return _answer(m.string, "who", who, lines, f"no spouse of {who.name} is named")


def ask_killer(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "Who killed X?" — killings that name who did it; claims are marked as claims."""
    lines = []
    for f in r.about(who, "killed"):
        if f.object:
            tag = " (a claim)" if f.modality == "claim" else ""
            lines.append(r.line(f"{r.name(f.object)} killed {who.name}{tag}", [f]))
    return _answer(m.string, "who", who, lines, f"nothing says who killed {who.name}")


def ask_age(r: Reader, who: Entity, m: re.Match[str]) -> Answer | None:
    """ "How old was X in 1985?" — a stated age that year, else computed from birth dates."""
    year = int(m.group("year"))
    lines = []
    for f in r.about(who, "age"):
        if f.time and f.time.start[:4] <= str(year) <= f.time.end[:4] and f.modality != "depiction":
            lines.append(r.line(f"{who.name} was {f.value} in {year}", [f]))
    if not lines:
        for f in _by_time(r.about(who, "born")):
            if f.time is None or f.modality == "depiction":
                continue
            lo, hi = int(f.time.start[:4]), int(f.time.end[:4])
            young, old = year - hi - 1, year - lo
            if old < 0:
                continue
            young = max(young, 0)
            if young == old:
                ages = str(old)
            elif old - young == 1:
                ages = f"{young} or {old}"
            else:
                ages = f"between {young} and {old}"
            how = f"born {_when(f)}" + (f" ({f.time.text})" if f.derived_from else "")
            lines.append(r.line(f"{who.name} was {ages} in {year} ({how})", [f]))
    return _answer(m.string, "how old", who, lines, f"no age or birth date of {who.name} is known")


@dataclass(frozen=True)
class QuestionForm:
    """A way of asking: a pattern over the normalised question, with {NAME} where the name
    goes, and the handler that answers it."""

    pattern: str
    handler: Handler


#: Question forms, tried in order; {NAME} matches the words of a known name. Rule data:
#: add a form here, not a branch in the code.
QUESTION_FORMS: tuple[QuestionForm, ...] = (
    QuestionForm(r"^how old (?:was|is|were) {NAME} in (?P<year>\d{4})", ask_age),
    QuestionForm(r"^who (?:played|plays|portrays|portrayed|is playing) {NAME}", ask_played),
    QuestionForm(r"^who (?:does|did) {NAME} (?:play|portray)", ask_plays_whom),
    QuestionForm(r"^(?:who|whom) (?:is|was) {NAME} (?:married|wed) to", ask_spouse),
    QuestionForm(r"^who (?:is|was) {NAME} (?:wife|husband|spouse)", ask_spouse),
    QuestionForm(r"^who (?:is|was|were) (?:the )?(?:wife|husband|spouse) of {NAME}", ask_spouse),
    QuestionForm(r"^who (?:killed|murdered|shot) {NAME}", ask_killer),
    QuestionForm(
        r"^(?:who|what) (?:are|were|is) {NAME} (?:children|sons|daughters|kids)", ask_children
    ),
    QuestionForm(
        r"^(?:who|what) (?:are|were) (?:the )?(?:children|sons|daughters|kids) of {NAME}",
        ask_children,
    ),
    QuestionForm(r"^how many (?:children|sons|daughters|kids) (?:did|does) {NAME}", ask_children),
    QuestionForm(
        r"^what (?:was|is|were) {NAME} (?:charged|accused|convicted|indicted)", ask_charged
    ),
    QuestionForm(r"^where (?:was|is) {NAME} born", ask_where_born),
    QuestionForm(r"^where (?:is|does|was) {NAME}(?: \w+)? (?:now|today|currently)", ask_where_now),
    QuestionForm(r"^where (?:is|does) {NAME}(?: (?:live|living|held|imprisoned))?$", ask_where_now),
    QuestionForm(r"^what (?:happened|happens) to {NAME}(?: now| today)?$", ask_where_now),
    QuestionForm(r"^when (?:was|did|were|is) {NAME}(?P<rest>.*)$", ask_when),
    QuestionForm(r"^who (?:is|was) {NAME}$", ask_who_is),
    QuestionForm(r"^what (?:is|was) {NAME}$", ask_who_is),
)


def _match(question: str, r: Reader) -> tuple[QuestionForm, Entity, re.Match[str]] | None:
    """The first form whose {NAME} is a name of the case file."""
    text = normalise(question)
    named = r.names.find_in(question)
    for form in QUESTION_FORMS:
        for entity, found, _pos in named:
            name = f"(?:the )?(?P<name_found>{re.escape(found)})"
            pattern = form.pattern.replace("{NAME}", name)
            m = re.match(pattern, text)
            if m is not None:
                return form, entity, m
    return None


def ask_casefile(casefile: CaseFile, question: str) -> Answer:
    """Answer a question from a case file already loaded."""
    r = Reader(casefile)
    q = question.strip()
    if not q:
        return Answer(question, False, "unknown", note="the question is empty")
    found = _match(q, r)
    if found is None:
        named = r.names.find_in(q)
        if not named:
            note = "the question names no one the case file knows"
        else:
            note = (
                f"the question is about {named[0][0].name}, but it is not a kind of question "
                "leyenda can answer (who played, who is, when, where now, charged with, "
                "children, married to, who killed, how old in YEAR)"
            )
        return _retrieved(r, q, note, named[0][0].name if named else None)
    form, entity, m = found
    answer = form.handler(r, entity, m)
    if answer is None:
        return _retrieved(r, q, "the question asks about no known event", entity.name)
    return _with_question(answer, q)


def _retrieved(r: Reader, question: str, why: str, subject: str | None) -> Answer:
    """No form answers: the sentences that best match the question (`retrieve`), each
    with the facts that cite it; not an answer (`answered` stays False), and said so."""
    hits = best_sentences(r.documents, question)
    if not hits:
        return Answer(question, False, "unknown", subject, note=why)
    lines = []
    for sentence in hits:
        cited = facts_citing(r.cf.facts, sentence)
        said = "; ".join(_event_phrase(r, f) for f in cited)
        lines.append(
            AnswerLine(
                f"facts it states: {said}" if said else "no fact of the case file cites it",
                r.cite([sentence]),
                tuple(f.id for f in cited),
                tentative=any(f.tentative for f in cited),
            )
        )
    return Answer(question, False, "retrieval", subject, tuple(lines), f"{RETRIEVAL_NOTE} ({why})")


def _with_question(answer: Answer, question: str) -> Answer:
    return Answer(
        question,
        answer.answered,
        answer.kind,
        answer.subject,
        answer.lines,
        answer.note,
        answer.disputes,
    )


def ask(casefile: str | Path, question: str) -> Answer:
    """Answer a who/what/when/where question from the case file at this path."""
    from .api import open_casefile

    return ask_casefile(open_casefile(casefile), question)
