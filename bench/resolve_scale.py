"""Entity resolution alone, on synthetic mentions of N documents (no spaCy, no article text).

Why synthetic: resolution's cost depends on how names collide, not on prose. Names are
built from combinatorial lists of first names and surnames, with the collisions that make
a naive resolver quadratic on purpose: one surname carried by a large share of the people
("Garcia"), a few people named in a large share of the documents (the story's principals),
lone surnames and first names, nicknames, generational suffixes, organizations and places.
Each document's short forms are linked to their full name as `mentions.link_mentions` does.

    python bench/resolve_scale.py 1000 10000 100000    # prints one JSON line per size

`run(n_docs)` is what `bench/run.py --only resolve` calls; `bench/run.py --only cross`
stores the same documents (with facts) in a case file and times its cross-document stage.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from typing import Any

from leyenda.model import DocAnalysis, Document, EntityType, Evidence, LocalFact, Mention, TimeSpan
from leyenda.resolve import resolve

FIRST = [
    f"{a}{b}"
    for a in ("Al", "Be", "Ca", "Da", "El", "Fe", "Ga", "Hu", "Is", "Jo", "Ka", "Lu")
    for b in ("ma", "ren", "tor", "lia", "bert", "vin", "dra", "son")
]  # 96 first names
SURNAME = [
    f"{a}{b}"
    for a in ("Mor", "Sal", "Ver", "Cas", "Ben", "Ord", "Pal", "Rin", "Tor", "Zam", "Quin", "Lav")
    for b in ("ales", "ino", "dugo", "tillo", "avides", "oñez", "acios", "cón", "res", "ora")
]  # 120 surnames
COMMON_SURNAME = "Garcia"  # carried by a fifth of everyone: the block that must not go quadratic
NICK = [f"El {w}" for w in ("Güero", "Flaco", "Chapo", "Gordo", "Viejo", "Padrino", "Señor")]
ORGS = [f"{s} Cartel" for s in SURNAME[:20]] + [f"{s} Group" for s in SURNAME[20:40]]
PLACES = [f"{s} City" for s in SURNAME[40:70]]


def _population(n_people: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """Distinct full names (two or three words, some with Jr.), some with a nickname."""
    people: set[str] = set()
    while len(people) < n_people:
        first = rng.choice(FIRST)
        last = COMMON_SURNAME if rng.random() < 0.2 else rng.choice(SURNAME)
        name = f"{first} {rng.choice(SURNAME)} {last}" if rng.random() < 0.4 else f"{first} {last}"
        if rng.random() < 0.03:
            name += " Jr."
        people.add(name)
    return [(p, rng.choice(NICK) if rng.random() < 0.01 else None) for p in sorted(people)]


class _DocWriter:
    """One synthetic document: mentions written one after another, offsets into its text."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.parts: list[str] = []
        self.length = 0
        self.mentions: list[Mention] = []

    def add(
        self,
        text: str,
        label: EntityType,
        ante: int | None = None,
        rule: str | None = None,
        nickname: str | None = None,
    ) -> int:
        """Append a mention; `ante` is the index of the fuller mention it refers to."""
        start = self.length
        self.parts.append(text)
        self.length += len(text) + 1
        self.mentions.append(
            Mention(self.doc_id, start, start + len(text), text, label, text, nickname,
                    antecedent=ante, link_rule=rule)
        )  # fmt: skip
        return len(self.mentions) - 1

    def analysis(self, facts: tuple[LocalFact, ...] = ()) -> DocAnalysis:
        text = " ".join(self.parts)
        doc = Document(self.doc_id, self.doc_id, "synthetic", "2020-01-01", self.doc_id, text)
        return DocAnalysis(doc, tuple(self.mentions), facts)


def synthesize(
    n_docs: int, seed: int = 7, facts: bool = False, principals: float = 0.33
) -> list[DocAnalysis]:
    """N documents of about ten mentions each, as `DocAnalysis` objects.

    `facts`: each document also says when its first person was arrested and how old they
    were, so reconciliation has facts to merge, derive births from and compare (the
    random draws, and so the mentions, are the same either way). `principals`: the share
    of documents that name one of the story's five principals (0: every person is named
    in a handful of documents, however large the corpus).
    """
    rng = random.Random(seed)
    people = _population(min(300_000, max(50, n_docs * 2)), rng)
    stars = people[:5]  # the story's principals, named in a third of the documents
    out: list[DocAnalysis] = []
    for d in range(n_docs):
        doc = _DocWriter(f"d{d:07d}")
        add = doc.add
        cast = rng.sample(people, 3)
        if rng.random() < principals:
            cast[0] = rng.choice(stars)
        for full, nick in cast:
            first = add(full, "person", nickname=nick)
            words = full.replace(" Jr.", "").split()
            for _ in range(rng.randint(1, 2)):
                add(words[-1], "person", first, "surname")
            if rng.random() < 0.3:
                add(words[0], "person", first, "first-name")
            if nick and rng.random() < 0.5:
                add(nick, "person", first, "nickname")
        if rng.random() < 0.3:  # a lone surname or first name the document never explains
            add(rng.choice([COMMON_SURNAME, rng.choice(SURNAME), rng.choice(FIRST)]), "person")
        add(rng.choice(ORGS), "organization")
        add(rng.choice(PLACES), "place")
        out.append(doc.analysis(_facts(d, doc) if facts else ()))
    return out


def _facts(d: int, doc: _DocWriter) -> tuple[LocalFact, ...]:
    """An arrest (its year from the document's number) and an age, about mention 0."""
    m = doc.mentions[0]
    ev = Evidence(doc.doc_id, m.start, m.end, m.text)
    year = str(1980 + d % 40)
    return (
        LocalFact(0, "arrested", "reality", ev, time=TimeSpan(year, year, year)),
        LocalFact(0, "age", "reality", ev, value=30 + d % 40,
                  time=TimeSpan("2020-01-01", "2020-01-01", "2020")),
    )  # fmt: skip


def run(n_docs: int) -> dict[str, Any]:
    """Seconds `resolve()` takes on N synthetic documents, with mention and entity counts."""
    analyses = synthesize(n_docs)
    mentions = sum(len(a.mentions) for a in analyses)
    t0 = time.perf_counter()
    resolution = resolve(analyses)
    seconds = time.perf_counter() - t0
    return {
        "n": n_docs,
        "mentions": mentions,
        "entities": len(resolution.entities),
        "seconds": round(seconds, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000"]:
        print(json.dumps(run(int(arg))), flush=True)
