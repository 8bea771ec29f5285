"""Trigger words for events, relations and attributes: data, apart from the rules in `extract`.

A verb lemma or noun maps to a SPEC predicate. `PATIENT_EVENTS` are told of the one
they happen to ("Gallardo was arrested": Gallardo is the fact's subject; whoever arrested
him is its object); the others are told of the one who acts ("Mika founded ...").
"""

from __future__ import annotations

#: Verb lemma → predicate.
VERB_EVENTS: dict[str, str] = {
    "arrest": "arrested",
    "detain": "arrested",
    "capture": "arrested",
    "apprehend": "arrested",
    "kidnap": "kidnapped",
    "abduct": "kidnapped",
    "seize": "kidnapped",
    "kill": "killed",
    "murder": "killed",
    "assassinate": "killed",
    "slay": "killed",
    "execute": "killed",
    "shoot": "killed",
    "die": "died",
    "bear": "born",
    "charge": "charged",
    "indict": "charged",
    "convict": "convicted",
    "sentence": "sentenced",
    "re-sentence": "sentenced",
    "resentence": "sentenced",
    "imprison": "imprisoned",
    "jail": "imprisoned",
    "incarcerate": "imprisoned",
    "transfer": "transferred",
    "reassign": "transferred",
    "relocate": "moved",
    "station": "transferred",
    "post": "transferred",
    "release": "released",
    "free": "released",
    "parole": "released",
    "escape": "escaped",
    "flee": "escaped",
    "extradite": "extradited",
    "marry": "married",
    "wed": "married",
    "join": "joined",
    "enlist": "joined",
    "leave": "left",
    "quit": "left",
    "resign": "left",
    "retire": "left",
    "found": "founded",
    "establish": "founded",
    "launch": "founded",
    "co-found": "founded",
    "appoint": "appointed",
    "name": "appointed",
    "elect": "appointed",
    "promote": "appointed",
    "move": "moved",
    "meet": "met",
    "surrender": "imprisoned",
}

#: Predicates told of the one they happen to.
PATIENT_EVENTS = frozenset(
    {
        "arrested",
        "kidnapped",
        "killed",
        "charged",
        "convicted",
        "sentenced",
        "imprisoned",
        "transferred",
        "released",
        "extradited",
        "appointed",
        "born",
        "body_found",
    }
)

#: Verbs that only make an event when their subject is a person or organisation acting
#: alone in the way the predicate means ("move" of a story is not a move).
NEEDS_PERSON_SUBJECT = frozenset(
    {"moved", "left", "met", "joined", "founded", "died", "escaped", "married"}
)

#: Events that take no direct object: with one, the verb means something else
#: ("moved cocaine" is transport, not a move).
INTRANSITIVE_EVENTS = frozenset({"moved"})

#: Event nouns ("his arrest in 1989", "the murder of X") → predicate.
NOUN_EVENTS: dict[str, str] = {
    "arrest": "arrested",
    "capture": "arrested",
    "detention": "arrested",
    "kidnapping": "kidnapped",
    "abduction": "kidnapped",
    "murder": "killed",
    "killing": "killed",
    "assassination": "killed",
    "death": "died",
    "execution": "killed",
    "birth": "born",
    "conviction": "convicted",
    "sentencing": "sentenced",
    "re-sentencing": "sentenced",
    "imprisonment": "imprisoned",
    "incarceration": "imprisoned",
    "transfer": "transferred",
    "release": "released",
    "escape": "escaped",
    "extradition": "extradited",
    "marriage": "married",
    "wedding": "married",
    "surrender": "imprisoned",
}

#: "became a judge" → appointed; the noun must be a role.
BECOME_ROLES = frozenset(
    {
        "judge",
        "president",
        "governor",
        "senator",
        "agent",
        "director",
        "chief",
        "head",
        "leader",
        "boss",
        "minister",
        "secretary",
        "mayor",
        "commander",
        "sheriff",
        "officer",
        "prosecutor",
        "attorney",
        "member",
        "partner",
        "ceo",
        "chairman",
        "captain",
    }
)

#: Nouns in apposition that make a relation to the organisation after "of".
LEADER_NOUNS = frozenset(
    {
        "leader",
        "head",
        "boss",
        "chief",
        "founder",
        "kingpin",
        "godfather",
        "ringleader",
        "commander",
        "director",
    }
)
MEMBER_NOUNS = frozenset(
    {
        "member",
        "lieutenant",
        "associate",
        "enforcer",
        "hitman",
        "co-founder",
        "partner",
        "operative",
    }
)
EMPLOYEE_NOUNS = frozenset(
    {
        "agent",
        "officer",
        "employee",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "analyst",
        "investigator",
        "prosecutor",
        "pilot",
        "detective",
        "official",
        "reporter",
        "correspondent",
        "staffer",
        "commander",
        "deputy",
        "sheriff",
        "judge",
        "director",
    }
)

#: Family nouns: "his wife Mika" → spouse; "three sons" → children.
SPOUSE_NOUNS = frozenset(
    {"wife", "husband", "spouse", "widow", "widower", "sweetheart", "sweethearts"}
)
CHILD_NOUNS = frozenset({"son", "sons", "daughter", "daughters", "child", "children", "kids"})
PARENT_NOUNS = frozenset({"father", "mother", "dad", "mom", "parent", "parents"})
SIBLING_NOUNS = frozenset({"brother", "sister", "brothers", "sisters", "sibling", "siblings"})

#: The largest number read as a person's age.
MAX_AGE = 120

#: Particles that turn an event verb into another sense ("left behind", "found out").
OTHER_SENSE_PARTICLES = frozenset({"behind", "out", "up", "off", "over"})

#: Heads under which an event noun did not happen ("in case of his capture").
HYPOTHETICAL_HEADS = frozenset(
    {
        "case",
        "fear",
        "fears",
        "risk",
        "threat",
        "threats",
        "plan",
        "plans",
        "possibility",
        "prospect",
        "attempt",
        "attempts",
    }
)
