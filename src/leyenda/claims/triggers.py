"""Trigger words and dependency patterns: data files, apart from the rules in `extract`.

`triggers.json` holds the word lists (each with a line on why it exists); `patterns.json`
holds spaCy `DependencyMatcher` patterns for facts that keep a value (charges, sentences).
This module reads both once at import and gives the lists the names `extract` uses.
A verb lemma or noun maps to a SPEC predicate; `PATIENT_EVENTS` are told of the one they
happen to ("Gallardo was arrested": Gallardo is the fact's subject; whoever arrested him
is its object); the others are told of the one who acts ("Mika founded ...").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any


def _load(name: str) -> dict[str, Any]:
    raw = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


_DATA = _load("triggers.json")


def _words(key: str) -> frozenset[str]:
    return frozenset(_DATA[key]["words"])


def _map(key: str) -> dict[str, str]:
    return dict(_DATA[key]["words"])


VERB_EVENTS = _map("VERB_EVENTS")
PATIENT_EVENTS = _words("PATIENT_EVENTS")
NEEDS_PERSON_SUBJECT = _words("NEEDS_PERSON_SUBJECT")
NEEDS_TIME_OR_PLACE = _words("NEEDS_TIME_OR_PLACE")
INTRANSITIVE_EVENTS = _words("INTRANSITIVE_EVENTS")
NOUN_EVENTS = _map("NOUN_EVENTS")
BECOME_ROLES = _words("BECOME_ROLES")
LEADER_NOUNS = _words("LEADER_NOUNS")
MEMBER_NOUNS = _words("MEMBER_NOUNS")
EMPLOYEE_NOUNS = _words("EMPLOYEE_NOUNS")
WORKER_NOUNS = _words("WORKER_NOUNS") | EMPLOYEE_NOUNS
SPOUSE_NOUNS = _words("SPOUSE_NOUNS")
CHILD_NOUNS = _words("CHILD_NOUNS")
PARENT_NOUNS = _words("PARENT_NOUNS")
SIBLING_NOUNS = _words("SIBLING_NOUNS")
MAX_AGE: int = int(_DATA["MAX_AGE"]["words"])
OTHER_SENSE_PARTICLES = _words("OTHER_SENSE_PARTICLES")
HYPOTHETICAL_HEADS = _words("HYPOTHETICAL_HEADS")
BODY_NOUNS = _words("BODY_NOUNS")
PLACE_PREPOSITIONS = _words("PLACE_PREPOSITIONS")
WITH_PARTNER_EVENTS = _words("WITH_PARTNER_EVENTS")
COUPLE_WORDS = _words("COUPLE_WORDS")
PARENT_ROLES = _map("PARENT_ROLES")
CHARGE_NOUNS = _words("CHARGE_NOUNS")
PRISON_NOUNS = _words("PRISON_NOUNS")
SENTENCE_NOUNS = _words("SENTENCE_NOUNS")
EVENT_ANCHORS = _words("EVENT_ANCHORS")
AFTER_WORDS = _words("AFTER_WORDS")
ACTIVE_ONLY_EVENTS = _words("ACTIVE_ONLY_EVENTS")
RESULT_VERBS: dict[str, frozenset[str]] = {
    verb: frozenset(results) for verb, results in _DATA["RESULT_VERBS"]["words"].items()
}
ROLE_VERBS = _words("ROLE_VERBS")
NEGATIVE_CLAIM_VERBS = _words("NEGATIVE_CLAIM_VERBS")
ATTEMPT_HEADS = _words("ATTEMPT_HEADS")
CAST_WORDS = _words("CAST_WORDS")
CAST_LIST_OPENERS = _words("CAST_LIST_OPENERS")
UNREALISED_MODIFIERS = _words("UNREALISED_MODIFIERS")
FUTURE_AUXILIARIES = _words("FUTURE_AUXILIARIES")
KIN_SEX = _map("KIN_SEX")
SENTENCE_VERBS = _words("SENTENCE_VERBS")
PERPETRATOR_VERBS = _words("PERPETRATOR_VERBS")
CUSTODY_OBJECTS = _words("CUSTODY_OBJECTS")
IDIOM_OBJECTS: dict[str, list[str]] = _DATA["IDIOM_OBJECTS"]["words"]
COMPLEMENT_IDIOMS: frozenset[str] = frozenset(_DATA["COMPLEMENT_IDIOMS"]["words"])
BELIEF_HEADS = _words("BELIEF_HEADS")
LIFE_WORDS = _words("LIFE_WORDS")
#: The open events' words (`open_events`): verbs that are no event, modals and conditions
#: that keep a clause from having happened, event nouns, and causative verbs.
OPEN_EVENT_STOP_VERBS = _words("OPEN_EVENT_STOP_VERBS")
OPEN_EVENT_MODALS = _words("OPEN_EVENT_MODALS")
OPEN_EVENT_CONDITIONS = _words("OPEN_EVENT_CONDITIONS")
OPEN_EVENT_NOUNS = _words("OPEN_EVENT_NOUNS")
OPEN_EVENT_CAUSATIVES = _words("OPEN_EVENT_CAUSATIVES")
OPEN_EVENT_ASPECT_HEADS = _words("OPEN_EVENT_ASPECT_HEADS")
#: Verb lemma → the word after it that makes the event → predicate ("pass away" → died).
PHRASAL_EVENTS: dict[str, dict[str, str]] = _DATA["PHRASAL_EVENTS"]["words"]
#: Verb lemma → (predicate, where its organization stands: "dobj" or prepositions).
VERB_RELATIONS: dict[str, tuple[str, frozenset[str]]] = {
    verb: (spec["predicate"], frozenset(spec["via"]))
    for verb, spec in _DATA["VERB_RELATIONS"]["words"].items()
}


_CONFIDENCE = _load("confidence.json")
#: Rule name → how sure it is that its sentence states the fact (`confidence.json`).
RULE_CONFIDENCE: dict[str, float] = {
    k: float(v["confidence"]) for k, v in _CONFIDENCE["rules"].items()
}
#: Circumstance → factor applied to a rule's confidence.
CONFIDENCE_ADJUST: dict[str, float] = {
    k: float(v["factor"]) for k, v in _CONFIDENCE["adjust"].items()
}


@dataclass(frozen=True)
class ValuePattern:
    """A dependency pattern whose match gives a fact with a value ("on charges of X")."""

    id: str
    predicate: str
    subject: str  # "patient" (of the event verb) or "owner" (of the event noun)
    pattern: list[dict[str, Any]]


VALUE_PATTERNS: tuple[ValuePattern, ...] = tuple(
    ValuePattern(p["id"], p["predicate"], p["subject"], p["pattern"])
    for p in _load("patterns.json")["patterns"]
)
