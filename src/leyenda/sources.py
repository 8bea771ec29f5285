"""Independent sources: documents that copy one another count as one source.

Journalists corroborate a fact with sources that do not copy each other. A mirror site,
a syndicated wire story or a scrape of one article says nothing a second time, so the
case file groups documents into *source groups* and counts, for each fact, how many
groups state it (`independent_sources`).

How: each document's text becomes word shingles (`SHINGLE_WORDS` words in a row, case
and punctuation folded) and a MinHash signature of them (datasketch, `NUM_PERM`
permutations, fixed seed, so signatures are the same on every machine). At the end of a
build an LSH index over the signatures proposes pairs that may share much text
(estimated Jaccard ≥ `CANDIDATE_JACCARD`); each pair is then checked on its exact
shingles: when at least `SAME_SOURCE_CONTAINMENT` of the shorter document's shingles are
in the other (a copy with other boilerplate, an excerpt, an article quoting a wire story
whole), the two are one source. Groups are the connected pairs; a group is named by its
smallest document id, and a document that copies nothing is a group of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .model import Fact, chain_evidence

if TYPE_CHECKING:
    from .store import Store

#: Words per shingle: five words in a row are rarely shared by chance, often by copying.
SHINGLE_WORDS = 5
#: MinHash permutations: 128 estimate a Jaccard similarity to about ±0.09.
NUM_PERM = 128
#: The MinHash seed: fixed, so stored signatures compare across builds and machines.
SEED = 20261203
#: LSH threshold for a pair to be checked at all (a low bar: the check decides).
CANDIDATE_JACCARD = 0.3
#: Share of the shorter document's shingles the other must have for one source.
SAME_SOURCE_CONTAINMENT = 0.5

_WORD = re.compile(r"\w+")


def shingles(text: str) -> frozenset[bytes]:
    """The text's word shingles (a text shorter than one shingle is one of all its words)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return frozenset({" ".join(words).encode("utf-8")}) if words else frozenset()
    return frozenset(
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def signature(text: str) -> bytes:
    """The MinHash signature of a text's shingles, as bytes a case file stores."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(sorted(shingles(text)))
    return bytes(m.hashvalues.astype("<u8").tobytes())


def containment(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """The share of the smaller set that the other holds."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for s in small if s in big) / len(small)


def group_documents(signatures: Mapping[str, bytes], text_of: Any) -> dict[str, str]:
    """Document id → its source group's id, from stored signatures; `text_of(doc_id)`
    gives a document's text for the exact check of a candidate pair."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    hashes: dict[str, Any] = {}
    for doc_id in sorted(signatures):
        values = np.frombuffer(signatures[doc_id], dtype="<u8").astype(np.uint64)
        m = MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values)
        hashes[doc_id] = m
        lsh.insert(doc_id, m)

    @lru_cache(maxsize=256)
    def exact(doc_id: str) -> frozenset[bytes]:
        return shingles(text_of(doc_id))

    parent = {doc_id: doc_id for doc_id in hashes}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, m in hashes.items():
        for other in sorted(lsh.query(m)):
            if other <= doc_id or root(other) == root(doc_id):
                continue
            if containment(exact(doc_id), exact(other)) >= SAME_SOURCE_CONTAINMENT:
                a, b = sorted((root(doc_id), root(other)))
                parent[b] = a  # the smaller id names the group
    return {doc_id: root(doc_id) for doc_id in hashes}


def update_groups(store: Store) -> None:
    """Sign the documents not signed yet, then regroup the whole case file (`Store`)."""
    store.sign_documents(signature)
    groups = group_documents(store.signatures(), store.text_of)
    store.set_source_groups(groups)


def independent_sources(
    fact: Fact, groups: Mapping[str, str], facts: Mapping[str, Fact] | None = None
) -> int:
    """How many source groups state the fact (a derived fact: the facts it comes from);
    a document with no group is one of its own."""
    evidence = fact.evidence or (chain_evidence(fact, facts) if facts else ())
    return len({groups.get(e.doc, e.doc) for e in evidence})


def documents_per_group(groups: Mapping[str, str], doc_ids: Iterable[str]) -> dict[str, int]:
    """Group id → how many of the given documents it holds."""
    out: dict[str, int] = {}
    for doc_id in doc_ids:
        g = groups.get(doc_id, doc_id)
        out[g] = out.get(g, 0) + 1
    return out


def sourcing(fact: Fact, groups: Mapping[str, str], facts: Mapping[str, Fact]) -> str:
    """How a fact is sourced, as a reader is told: "single source", "2 documents, one
    source" (copies of one article), "3 independent sources"."""
    evidence = fact.evidence or chain_evidence(fact, facts)
    docs = {e.doc for e in evidence}
    return describe(len(docs), len({groups.get(d, d) for d in docs}))


def describe(documents: int, independent: int) -> str:
    """The words for a fact stated by `documents` documents from `independent` sources."""
    if not documents:
        return ""
    if independent == 1:
        return "single source" if documents == 1 else f"{documents} documents, one source"
    if independent == documents:
        return f"{independent} independent sources"
    return f"{documents} documents, {independent} independent sources"


def conflict_sides(
    fact_ids: Iterable[str], groups: Mapping[str, str], facts: Mapping[str, Fact]
) -> str:
    """Whether a conflict's sides come from independent sources: copies of one article
    that disagree are one source contradicting itself, not two sources disputing."""
    sides = []
    docs: set[str] = set()
    for fid in fact_ids:
        fact = facts.get(fid)
        if fact is None:
            continue
        evidence = fact.evidence or chain_evidence(fact, facts)
        sides.append({groups.get(e.doc, e.doc) for e in evidence})
        docs |= {e.doc for e in evidence}
    if len(sides) < 2 or not all(sides):
        return ""
    if len(docs) == 1:
        return "every side comes from one document"
    if len(set().union(*sides)) == 1:
        return "every side comes from one source (copies of one article)"
    if any(a & b for i, a in enumerate(sides) for b in sides[i + 1 :]):
        return "the sides share a source"
    return "the sides come from independent sources"
