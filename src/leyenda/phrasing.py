"""How a fact reads: one table (`phrasing.json`) for every view.

A `killed` fact's subject is the victim and its object the killer; an `arrested` fact's
object is who made the arrest. A view that wrote "subject, predicate word, object" read
those backwards ("Ortiz killed Ortega" for "Ortega killed Ortiz"). Here each predicate
has a sentence with its voice built in ("{s} was killed[ by {o}]"), and where it has one,
the same fact told object first ("{o} killed {s}") for a page about the object.

`parts` turns a fact into a list of (kind, text) pieces: literal words ("text"), a value
("value"), and entity slots ("subject", "object", "work", "place", whose text is the
entity id), so markdown, HTML, the web templates and plain text each render names their
own way (escaped, linked) from one reading. `sentence` is the plain-text rendering.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Fact

#: Slot letters of the templates and the part kinds they become.
_SLOTS = {"s": "subject", "o": "object", "v": "value", "w": "work", "p": "place"}
_TOKEN = re.compile(r"\{(\w)(?:\|([^}]*))?\}|\{predicate\}")

Part = tuple[str, str]


@dataclass(frozen=True)
class Reading:
    """A predicate's sentences: subject first, and object first where it has one."""

    subject_first: str
    object_first: str | None = None
    symmetric: bool = False
    label: str = ""


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Reading], Reading, dict[str, str], frozenset[str]]:
    raw = resources.files("leyenda").joinpath("phrasing.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    readings = {
        name: Reading(
            row["subject_first"],
            row.get("object_first"),
            bool(row.get("symmetric")),
            row.get("label", ""),
        )
        for name, row in data["predicates"].items()
    }
    fallback = Reading(data["fallback"]["subject_first"])
    words = {k: v for k, v in data.get("value_words", {}).items() if not k.startswith("_")}
    return readings, fallback, words, frozenset(data.get("value_predicates", ()))


def reading(predicate: str) -> Reading:
    """The table's row for a predicate; predicates it does not know read generically."""
    readings, fallback, _words, _vp = _table()
    return readings.get(predicate, fallback)


def label(predicate: str) -> str:
    """A few words read from subject to object ("killed by", "played by"): graph edges,
    headings; a predicate the table does not know reads as its name."""
    return reading(predicate).label or predicate.replace("_", " ")


def noun(predicate: str) -> str:
    """The event a predicate names, as a heading says it ("the arrest"); else its label."""
    return _table()[2].get(predicate) or label(predicate)


def known_predicates() -> frozenset[str]:
    """Every predicate the table has a sentence for."""
    return frozenset(_table()[0])


def parts(
    predicate: str,
    *,
    subject: str,
    object: str | None = None,
    value: Any = None,
    work: str | None = None,
    place: str | None = None,
    about: str | None = None,
) -> list[Part]:
    """The fact as (kind, text) parts; `about`: the entity the page is about, so a fact
    whose object it is reads object first where the predicate allows it."""
    row = reading(predicate)
    template = row.subject_first
    if about is not None and about == object and about != subject and row.object_first:
        template = row.object_first
    _readings, _fallback, words, value_predicates = _table()
    shown = None if value is None else str(value)
    if shown is not None and predicate in value_predicates:
        shown = words.get(shown, shown.replace("_", " "))
    slots = {"subject": subject, "object": object, "value": shown, "work": work, "place": place}
    out: list[Part] = []
    for optional, chunk in _chunks(template):
        piece = _fill(chunk, slots, predicate)
        if piece is None:
            if not optional:  # a required slot empty: say what there is, generically
                return _generic(predicate, slots)
            continue
        out.extend(piece)
    return _joined(out)


#: Predicates whose sentence names the work: who plays whom in which show. Any other
#: fact's work is the show that depicts it, which each view says in its modality tag.
WORK_SHOWN = frozenset({"portrayed_by", "cast_member"})


def fact_parts(fact: Fact, about: str | None = None) -> list[Part]:
    """`parts` of a case-file fact: its participants, value and (`WORK_SHOWN`) work."""
    return parts(
        fact.predicate,
        subject=fact.subject,
        object=fact.object,
        value=fact.value,
        work=fact.work if fact.predicate in WORK_SHOWN else None,
        place=fact.place,
        about=about,
    )


def fact_sentence(fact: Fact, name: Callable[[str], str], about: str | None = None) -> str:
    """A case-file fact as plain text, `name` giving each entity id its name."""
    return render(fact_parts(fact, about), name, lambda text: text)


def sentence(
    predicate: str,
    name: Callable[[str], str],
    *,
    subject: str,
    object: str | None = None,
    value: Any = None,
    work: str | None = None,
    place: str | None = None,
    about: str | None = None,
) -> str:
    """The fact as plain text, `name` giving each entity id its name."""
    found = parts(
        predicate,
        subject=subject,
        object=object,
        value=value,
        work=work,
        place=place,
        about=about,
    )
    return render(found, name, lambda text: text)


def render(found: list[Part], name: Callable[[str], str], value: Callable[[str], str]) -> str:
    """Parts as one string: entity slots through `name`, values (article text) through
    `value` (an escaping function for markdown or HTML); the table's own words as they are."""
    out = []
    for kind, text in found:
        if kind in _ENTITY_KINDS:
            out.append(name(text))
        elif kind == "value":
            out.append(value(text))
        else:
            out.append(text)
    return "".join(out)


_ENTITY_KINDS = frozenset({"subject", "object", "work", "place"})


def _chunks(template: str) -> list[tuple[bool, str]]:
    """The template cut into (optional, text): bracketed parts are optional."""
    out: list[tuple[bool, str]] = []
    for m in re.finditer(r"\[([^\]]*)\]|([^\[]+)", template):
        if m.group(1) is not None:
            out.append((True, m.group(1)))
        else:
            out.append((False, m.group(2)))
    return out


def _fill(chunk: str, slots: dict[str, str | None], predicate: str) -> list[Part] | None:
    """One chunk's parts, or None when a slot it needs is empty."""
    out: list[Part] = []
    at = 0
    for m in _TOKEN.finditer(chunk):
        if m.start() > at:
            out.append(("text", chunk[at : m.start()]))
        at = m.end()
        if m.group(0) == "{predicate}":
            out.append(("text", predicate.replace("_", " ")))
            continue
        kind = _SLOTS[m.group(1)]
        filled = slots.get(kind)
        if filled is None or filled == "":
            if m.group(2) is None:
                return None
            out.append(("text", m.group(2)))
        else:
            out.append((kind, filled))
    if at < len(chunk):
        out.append(("text", chunk[at:]))
    return out


def _generic(predicate: str, slots: dict[str, str | None]) -> list[Part]:
    """A fact missing a part its sentence needs (an odd stored fact) reads generically."""
    _readings, fallback, _words, _vp = _table()
    out: list[Part] = []
    for _optional, chunk in _chunks(fallback.subject_first):
        piece = _fill(chunk, slots, predicate)
        if piece is not None:
            out.extend(piece)
    return _joined(out)


def _joined(found: list[Part]) -> list[Part]:
    """Adjacent words merged, so renderers see few parts."""
    out: list[Part] = []
    for kind, text in found:
        if kind == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + text)
        else:
            out.append((kind, text))
    return out
