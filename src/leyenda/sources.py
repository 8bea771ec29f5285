"""Independent sources: documents that copy one another count as one source.

Journalists corroborate a fact with sources that do not copy each other. A mirror site,
a syndicated wire story or a scrape of one article says nothing a second time, so the
case file groups documents into *source groups* and counts, for each fact, how many
groups state it (`independent_sources`).

How: each document's text becomes word shingles (`SHINGLE_WORDS` words in a row, case
and punctuation folded) and a MinHash signature of them (datasketch's MinHash, `NUM_PERM`
permutations, fixed seed, so signatures are the same on every machine; see `signature`).
At the end of a build the LSH bands of the new documents' signatures, stored in the
case file, propose the documents that may share much text with them (`BANDS`, `ROWS`);
each pair is then checked on its exact shingles: when at least `SAME_SOURCE_CONTAINMENT`
of the shorter document's shingles are in the other (a copy with other boilerplate, an
excerpt, an article quoting a wire story whole), the two are one source. Groups are the
connected pairs; a group is named by its smallest document id, and a document that
copies nothing is a group of its own.
"""

from __future__ import annotations

import hashlib
import re
import struct
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
    """The MinHash signature of a text's shingles, as bytes a case file stores.

    It is datasketch's `MinHash(num_perm=NUM_PERM, seed=SEED)` over the shingles, value
    for value (`tests/test_sources.py` checks it against the library): the same SHA-1
    32-bit hashes and the same universal permutations, computed here with numpy because
    importing datasketch imports scipy, which cost every build that adds a document
    about a second (adding one document to a case file otherwise takes 0.03 s).
    """
    import numpy as np

    a, b = _permutations()
    values = sorted(shingles(text))
    if not values:
        return bytes(np.full(NUM_PERM, _MAX_HASH, dtype="<u8").tobytes())
    hv = np.array(
        [struct.unpack("<I", hashlib.sha1(v).digest()[:4])[0] for v in values], dtype=np.uint64
    )[:, None]
    with np.errstate(over="ignore"):  # uint64 products wrap, as the library's do
        phv = (hv * a + b) % np.uint64(_MERSENNE) & np.uint64(_MAX_HASH)
    return bytes(phv.min(axis=0).astype("<u8").tobytes())


#: datasketch's constants: permutations are taken modulo the Mersenne prime 2^61 - 1 and
#: cut to 32 bits; an empty set's values are all the largest 32-bit hash.
_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    """The (a, b) of each universal permutation, drawn as datasketch draws them."""
    import numpy as np

    gen = np.random.RandomState(SEED)
    pairs = [
        (
            gen.randint(1, _MERSENNE, dtype=np.uint64),
            gen.randint(0, _MERSENNE, dtype=np.uint64),
        )
        for _ in range(NUM_PERM)
    ]
    a, b = np.array(pairs, dtype=np.uint64).T
    return a, b


def containment(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """The share of the smaller set that the other holds."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for s in small if s in big) / len(small)


#: LSH bands × rows per band over the signature (126 of its 128 values): a pair with
#: Jaccard similarity J shares a band with probability 1 - (1 - J^3)^42: 0.68 at 0.3,
#: 0.996 at 0.5, 0.02 at 0.1.
BANDS, ROWS = 42, 3
#: Candidates whose signatures agree on fewer values than this are not read to check.
ESTIMATE_FLOOR = 0.15
#: Candidates whose signatures agree on this many values are copies without reading them:
#: at 128 values the estimate is within about ±0.09, so their texts share well over half.
ESTIMATE_SURE = 0.85


def band_keys(sig: bytes) -> list[int]:
    """The LSH keys of a signature: one 63-bit number per band (band number included)."""
    keys = []
    width = ROWS * 8
    for band in range(BANDS):
        digest = hashlib.blake2b(
            bytes([band]) + sig[band * width : (band + 1) * width], digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return keys


def estimated_jaccard(a: bytes, b: bytes) -> float:
    """The share of signature values two documents agree on: MinHash's Jaccard estimate."""
    import numpy as np

    if not a or len(a) != len(b):
        return 0.0
    return float(np.mean(np.frombuffer(a, dtype="<u8") == np.frombuffer(b, dtype="<u8")))


def same_source(a: str, b: str) -> bool:
    """The exact check of a candidate pair: enough of the shorter text's shingles in the other."""
    return containment(shingles(a), shingles(b)) >= SAME_SOURCE_CONTAINMENT


def groups_of(doc_ids: Iterable[str], copies: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Document id → group id (the smallest id of the documents joined by `copies`)."""
    parent = {d: d for d in doc_ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in copies:
        if a in parent and b in parent:
            ra, rb = sorted((root(a), root(b)))
            parent[rb] = ra
    return {d: root(d) for d in parent}


def group_documents(signatures: Mapping[str, bytes], text_of: Any) -> dict[str, str]:
    """Document id → its source group's id, from signatures held in memory (the same
    bands and checks as a case file's `update_groups`); `text_of(doc_id)` gives a text."""
    by_band: dict[int, list[str]] = {}
    for doc_id in sorted(signatures):
        for key in band_keys(signatures[doc_id]):
            by_band.setdefault(key, []).append(doc_id)
    pairs = {
        (a, b)
        for members in by_band.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    }
    copies = []
    for a, b in sorted(pairs):
        estimate = estimated_jaccard(signatures[a], signatures[b])
        if estimate >= ESTIMATE_SURE or (
            estimate >= ESTIMATE_FLOOR and same_source(text_of(a), text_of(b))
        ):
            copies.append((a, b))
    return groups_of(signatures, copies)


def update_groups(store: Store) -> int:
    """Sign the documents a build added or changed, find their copies through the stored
    LSH bands (reading only the candidates), and regroup the case file. Returns how many
    documents were signed."""
    fresh: list[int] = []
    while batch := store.unsigned_documents():
        rows = []
        for num, text in batch:
            sig = signature(text)
            rows.append((num, sig, band_keys(sig)))
        store.add_signatures(rows)
        fresh += [num for num, _text in batch]
    found: list[tuple[int, int]] = []
    joined: dict[int, int] = {}  # a union-find over the documents met here

    def root(x: int) -> int:
        while joined.get(x, x) != x:
            x = joined[x]
        return x

    @lru_cache(maxsize=64)
    def exact(num: int) -> frozenset[bytes]:
        return shingles(store.text_at(num))

    for num in fresh:
        own = store.signature_of(num)
        for other, sig in store.band_mates(num):
            if root(other) == root(num):
                continue  # already one source through another copy
            estimate = estimated_jaccard(own, sig)
            if estimate < ESTIMATE_FLOOR:
                continue
            if (
                estimate >= ESTIMATE_SURE
                or containment(exact(num), exact(other)) >= SAME_SOURCE_CONTAINMENT
            ):
                found.append((num, other))
                joined[root(num)] = root(other)
    if found:
        store.add_copies(found)
    store.set_source_groups(groups_of(store.document_ids(), store.copies()))
    return len(fresh)


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
