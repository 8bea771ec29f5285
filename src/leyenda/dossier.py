"""`leyenda person`: one person's dossier, every line with its citations.

Names (every alias), who plays them and in which work (or whom they play), a timeline of
dated facts in order, relations, the latest known status, and the conflicts and show vs
reality differences that involve them. Built from the same `Reader` as `ask`, so a name
is found the same way (accent- and case-insensitive, aliases included) and an unknown
name fails the same way: `UnknownNameError`, listing close matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import phrasing
from .ask import AnswerLine, Reader, clean, status_lines
from .model import EVENT_PREDICATES, RELATION_PREDICATES, CaseFile, Entity, Fact

__all__ = ["Dossier", "dossier", "dossier_of"]

#: Attributes listed beside relations: they describe the person rather than date them.
_ATTRIBUTES = ("occupation", "net_worth", "children_count", "claims", "served", "missing")


@dataclass(frozen=True)
class Dossier:
    """Everything the case file says about one person, in sections a reader scans."""

    name: str
    entity_id: str
    aliases: tuple[str, ...]
    real: bool | None
    played_by: tuple[AnswerLine, ...]
    plays: tuple[AnswerLine, ...]
    timeline: tuple[AnswerLine, ...]
    relations: tuple[AnswerLine, ...]
    status: tuple[AnswerLine, ...]
    conflicts: tuple[str, ...]
    depiction_differences: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        def lines(items: tuple[AnswerLine, ...]) -> list[dict[str, Any]]:
            return [line.to_dict() for line in items]

        return {
            "name": self.name,
            "id": self.entity_id,
            "aliases": list(self.aliases),
            "real": self.real,
            "played_by": lines(self.played_by),
            "plays": lines(self.plays),
            "timeline": lines(self.timeline),
            "relations": lines(self.relations),
            "status": lines(self.status),
            "conflicts": list(self.conflicts),
            "depiction_differences": list(self.depiction_differences),
        }

    def render(self) -> str:
        """Plain text for a terminal: article text goes through `clean`, so no control
        character from a source reaches the screen."""
        out = [clean(self.name), "=" * len(clean(self.name))]
        if self.aliases:
            out.append("Also known as: " + ", ".join(clean(a) for a in self.aliases))
        out.append(
            {True: "Real person", False: "Fictional character", None: "Real or fictional: unknown"}[
                self.real
            ]
        )
        sections = (
            ("Played by", self.played_by),
            ("Plays", self.plays),
            ("Timeline", self.timeline),
            ("Relations and attributes", self.relations),
            ("Current status", self.status),
        )
        for title, items in sections:
            if items:
                out += ["", title + ":"] + [line.render() for line in items]
        if self.conflicts:
            out += ["", "Disputed:"] + [f"- {clean(s)}" for s in self.conflicts]
        if self.depiction_differences:
            out += ["", "Show vs reality:"] + [f"- {clean(s)}" for s in self.depiction_differences]
        return "\n".join(out)


def _tag(fact: Fact) -> str:
    return {"depiction": " [as the show depicts it]", "claim": " [a claim]"}.get(fact.modality, "")


def _when(fact: Fact) -> str:
    if fact.time is None:
        return ""
    if fact.time.start == fact.time.end:
        return fact.time.start
    return f"{fact.time.start}..{fact.time.end}"


def _phrase(r: Reader, who: Entity, fact: Fact) -> str:
    """The fact as a sentence (`phrasing`), told from `who`'s side where it can be."""
    text = phrasing.fact_sentence(fact, r.name, about=who.id)
    if fact.derived_from and fact.time:
        text += f" (computed from {fact.time.text})"
    return text + _tag(fact)


def dossier_of(casefile: CaseFile, name: str) -> Dossier:
    """The dossier of the person a name means, from a case file already loaded."""
    r = Reader(casefile)
    who = r.names.lookup(name)
    played_by = [
        r.line(f"{r.name(f.object)}" + (f" in {r.name(f.work)}" if f.work else ""), [f])
        for f in sorted(r.about(who, "portrayed_by"), key=lambda f: r.name(f.object))
    ]
    plays = [
        r.line(f"{r.name(f.subject)}" + (f" in {r.name(f.work)}" if f.work else ""), [f])
        for f in sorted(
            r.about(who, "portrayed_by", as_object=True), key=lambda f: r.name(f.subject)
        )
    ]
    mine = [f for f in casefile.facts if f.subject == who.id and f.predicate != "portrayed_by"]
    # events done to others ("X arrested Y") are in X's story too, told from X's side
    done = [f for f in casefile.facts if f.object == who.id and f.predicate in EVENT_PREDICATES]
    dated = sorted(
        (f for f in mine + done if f.time is not None and f.predicate not in _ATTRIBUTES),
        key=lambda f: (f.time.start if f.time else "", f.time.end if f.time else "", f.id),
    )
    timeline = [r.line(f"{_when(f)}: {_phrase(r, who, f)}", [f]) for f in dated]
    undated_events = [
        f
        for f in mine
        if f.time is None and f.predicate not in RELATION_PREDICATES + _ATTRIBUTES + ("age",)
    ]
    timeline += [r.line(f"undated: {_phrase(r, who, f)}", [f]) for f in undated_events]
    related = [
        f
        for f in casefile.facts
        if f.predicate in RELATION_PREDICATES
        and f.predicate != "portrayed_by"
        and who.id in (f.subject, f.object)
    ]
    relations = []
    for f in sorted(related, key=lambda f: (f.predicate, r.name(f.object), f.id)):
        relations.append(r.line(_phrase(r, who, f), [f]))
    attrs = sorted(
        (f for f in mine if f.predicate in _ATTRIBUTES or (f.predicate == "age" and not f.time)),
        key=lambda f: (f.predicate, str(f.value)),
    )
    relations += [r.line(_phrase(r, who, f), [f]) for f in attrs]
    status = status_lines(r, who)
    ids = {f.id for f in casefile.facts if who.id in (f.subject, f.object)}
    involved = [c for c in casefile.conflicts if ids & set(c.facts)]
    return Dossier(
        name=who.name,
        entity_id=who.id,
        aliases=who.aliases,
        real=who.real,
        played_by=tuple(played_by),
        plays=tuple(plays),
        timeline=tuple(timeline),
        relations=tuple(relations),
        status=tuple(status),
        conflicts=tuple(c.summary for c in involved if c.kind != "depiction"),
        depiction_differences=tuple(c.summary for c in involved if c.kind == "depiction"),
    )


def dossier(casefile: str | Path, name: str) -> Dossier:
    """One person's dossier from the case file at this path (`leyenda person`)."""
    from .api import open_casefile

    return dossier_of(open_casefile(casefile), name)
