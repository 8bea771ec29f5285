"""Steps 4–6 of a build over a whole case file, streamed through SQLite so that memory
does not grow with the corpus.

The rules are `resolve`'s and `reconcile`'s; this module only decides what is held. The
case file's own tables carry the work from one step to the next, and every step reads
them back in the order it needs, so SQLite's indexes do the grouping a keyed reduce needs:

1. clusters: the stored analyses stream past one at a time; their local clusters are
   written with ids in corpus order (`clusters`);
2. resolution, phase by phase: each cluster's block keys are written (`cluster_blocks`),
   then read back in key order, one block at a time, decided (`resolve.decide_block`) on
   the build's engine, and their joins written (`cluster_edges`). What stays in memory is
   the joins' union-find and, per cluster, its entity after phases A and C and its
   outcomes: a few integers in arrays, ~33 bytes a cluster;
3. entities: clusters read back by final group, each group's entity built and written
   (`resolve.entity_of`), one group at a time;
4. facts: the analyses stream past again; each document's facts take the entity ids of
   its clusters and are staged in a temporary table, read back subject by subject (the
   same statement from several documents becomes one fact with all its evidence) and
   reconciled in chunks of subjects (`reconcile.reconcile_subject`) with only the names,
   works and titles those subjects' facts need.

All of it runs in the caller's one transaction: a build that fails here leaves the case
file as it was. The biggest single thing held is one entity's clusters or one subject's
facts.

A small corpus does not need any of that: while its clusters number at most
`IN_MEMORY_CLUSTERS`, steps 2–4 run in memory by `resolve`'s and `reconcile`'s own
functions, which is faster; the first cluster past the cap spills them all to the case
file (the usual hash-aggregate-then-spill), so memory stays bounded either way.
"""

from __future__ import annotations

import json
import logging
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from itertools import chain, islice

from .engines import MapGroups, R, Reduce, V, chunk_groups, local_map_groups
from .increment import named_entities
from .mentions import normalize_name
from .model import Conflict, DocAnalysis, Entity, Fact, content_id
from .reconcile import Shared, departures_of, local_to_facts, reconcile, reconcile_subject
from .resolve import (
    NO_FLAGS,
    OUTCOME_FLAGS,
    PHASES,
    RULES_VERSION,
    Cluster,
    DocumentPeople,
    Edge,
    Override,
    Resolution,
    UnionFind,
    apart_of,
    apply_merges,
    block_keys,
    clusters_of,
    decide_block,
    entity_of,
    full_person,
    group_entities,
    join_clusters,
    joined_a_person,
    lone_looker,
    with_flag,
)
from .store import STATE_KEY, Store

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


def _said(step: str, t0: float) -> None:
    """Log a step's end: seconds since the stage began and the process's peak memory."""
    peak = ""
    if resource is not None:  # not on Windows
        peak = f", peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    log.info("cross-document: %s after %.1f s%s", step, time.perf_counter() - t0, peak)


#: Up to this many clusters the stage runs in memory (`_in_memory`), past it they spill to
#: the case file and the streamed steps run: the same case file either way
#: (tests/test_engines.py). In memory, 500 articles (20k clusters) take 2.5 s instead of
#: 3.3 s, at ~2.3 kB a cluster (traced, tests/test_memory.py): this cap bounds that to
#: ~60 MB.
IN_MEMORY_CLUSTERS = 25_000

#: Facts reconciled per chunk of subjects: what one chunk's names and titles are read for
#: (a subject's facts are never split).
CHUNK_FACTS = 20_000

#: Rows written at once (joins; entities' mentions and reasons).
FLUSH = 10_000


class _Outcomes:
    """Each cluster's lookup outcomes (`OUTCOME_FLAGS`) as one byte: an index into the
    few distinct flags dicts a corpus has (`resolve.with_flag` shares them)."""

    def __init__(self, n: int) -> None:
        self.code = bytearray(n)
        self.dicts: list[dict[str, bool]] = [NO_FLAGS]
        self._index: dict[int, int] = {id(NO_FLAGS): 0}

    def of(self, cid: int) -> dict[str, bool]:
        return self.dicts[self.code[cid]]

    def json_of(self) -> list[str]:
        """Each code's flags as the case file stores them."""
        return [json.dumps(d) for d in self.dicts]

    def set(self, cid: int, flag: str, ok: bool) -> None:
        new = with_flag(self.of(cid), flag, ok)
        code = self._index.get(id(new))
        if code is None:
            code = self._index[id(new)] = len(self.dicts)
            self.dicts.append(new)
        self.code[cid] = code


def resolve_store(store: Store, map_groups: MapGroups = local_map_groups) -> None:
    """Resolve and reconcile every stored analysis into the case file, in one transaction.

    Besides the case file it writes where resolution left every cluster, so that a later
    build can add documents by re-deciding only their blocks (`increment.extend`).
    """
    corrections = [Override(*o) for o in store.overrides()]
    split = frozenset(normalize_name(o.name) for o in corrections if o.action == "split")
    merges = [o for o in corrections if o.action == "merge" and o.other]
    with store.atomic():
        store.clear_derived()
        t0 = time.perf_counter()
        facts = _Facts()
        clusters = _clusters(store, split, facts)
        held = list(islice(clusters, IN_MEMORY_CLUSTERS + 1))
        if facts.held is not None and len(held) <= IN_MEMORY_CLUSTERS:  # all read
            _said(f"{len(held)} clusters, resolved in memory", t0)
            _in_memory(store, held, facts.held, merges, map_groups)
        else:  # too many to hold: spill them to the case file, and stream from there on
            facts.held = None
            store.insert_clusters(chain(held, clusters))
            del held
            n = store.max_cluster_id() + 1
            _said(f"{n} clusters", t0)
            _join(store, n, merges, map_groups)
            _said("resolved", t0)
            _write_entities(store)
            _said("entities written", t0)
            _reconcile(store, map_groups)
            store.add_staged()
        store.set_meta(STATE_KEY, "" if merges else RULES_VERSION)
        store.set_meta("resolved", "yes")
        store.mark_clustered()
        _said("facts written", t0)


def _in_memory(
    store: Store,
    clusters: list[Cluster],
    said: list[DocAnalysis],
    merges: Sequence[Override],
    map_groups: MapGroups,
) -> None:
    """Steps 2–4 with every cluster and every document's facts (`said`, documents
    without their text) held: `resolve`'s and `reconcile`'s own in-memory route, faster
    than the streamed steps for a corpus this small."""
    reduce = _reduce_on(map_groups)
    store.insert_clusters(clusters)  # first: the blocks written during the join point at them

    def keep_blocks(phase: str, rows: Iterable[tuple[str, int]]) -> None:
        store.add_blocks((phase, key, cid) for key, cid in rows)

    edges = join_clusters(clusters, merges, reduce, keep_blocks)
    flags: dict[int, str] = {}  # clusters with the same outcomes share one dict
    store.set_cluster_state(
        (
            flags.get(id(c.flags)) or flags.setdefault(id(c.flags), json.dumps(c.flags)),
            joined_a_person(c.flags),
            c.comp_a,
            c.comp_c,
            c.final,
            c.id,
        )
        for c in clusters
    )
    store.add_edges(edges)
    grouped = group_entities(clusters, edges)
    ids = {c.final: e.id for e, members in grouped for c in members}
    store.add_group_entities(ids.items())
    store.apply_group_entities()
    mention_entity = {(c.doc, mi): ids[c.final] for c in clusters for mi in c.members}
    resolution = Resolution(tuple(e for e, _ in grouped), mention_entity)
    entities, facts, conflicts = reconcile(said, resolution, reduce)
    # what the text says of each (`entity_of`), kept apart from what facts add (schema 9)
    text_says = {e.id: e.real for e in resolution.entities}
    store.save_casefile(entities, facts, conflicts, said_real=text_says)


def _reduce_on(map_groups: MapGroups) -> Reduce:
    """A keyed reduce over rows held in memory, grouped here, applied by `map_groups`."""

    def reduce(rows: Iterable[tuple[str, V]], fn: Callable[[str, list[V]], R]) -> list[R]:
        groups: dict[str, list[V]] = {}
        for key, value in rows:
            groups.setdefault(key, []).append(value)
        return list(map_groups(groups.items(), fn))

    return reduce


class _Facts:
    """Each document's local facts, kept as its clusters are read until the clusters
    spill (`held` is then None): the in-memory route reads the analyses once."""

    def __init__(self) -> None:
        self.held: list[DocAnalysis] | None = []


def _clusters(store: Store, split: frozenset[str], facts: _Facts) -> Iterator[Cluster]:
    """Every document's local clusters in corpus order (documents by id, then reading
    order), numbered 0..n-1 as they go."""
    n = 0
    for a in store.analyses(with_text=False):
        if facts.held is not None:
            facts.held.append(DocAnalysis(a.document, (), a.facts))
        for c in sorted(clusters_of(a, split), key=lambda c: c.root):
            c.id = n
            n += 1
            yield c


def _join(store: Store, n: int, merges: Sequence[Override], map_groups: MapGroups) -> None:
    """Every phase of `resolve.join_clusters`, each block read from the case file."""
    forest = UnionFind(n)
    outcomes = _Outcomes(n)
    comp_a = comp_c = array("q")
    people: dict[str, DocumentPeople] = {}  # a few documents' people, for `apart`

    def prepared(
        phase: str, blocks: Iterable[tuple[str, list[Cluster]]]
    ) -> Iterator[tuple[str, list[Cluster]]]:
        """Blocks whose members carry what a decision reads (`resolve.CARRIED`)."""
        for key, members in blocks:
            lookup = phase in ("B1", "B2") and any(full_person(m) for m in members)
            for c in members:
                c.flags = outcomes.of(c.id)
                if comp_a:
                    c.comp_a = comp_a[c.id]
                if comp_c:
                    c.comp_c = comp_c[c.id]
                if lookup and lone_looker(c):  # the only readers, where a person is found
                    c.apart = apart_of(c, _people_of(c.doc))
            yield key, members

    def _people_of(doc: str) -> DocumentPeople:
        """The phase-A entities of the people a document names (comp_a is fixed from
        phase B1 on, so a document's are read once)."""
        if doc not in people:
            if len(people) > 1000:
                people.clear()
            people[doc] = DocumentPeople.of(comp_a[o] for o in store.person_clusters_of(doc))
        return people[doc]

    for phase in PHASES[:-1]:
        if phase == "B1":
            comp_a = forest.roots()
        if phase == "D1a":
            comp_c = forest.roots()
        if phase in KEYED_WITH:
            store.add_blocks(_block_rows(store, KEYED_WITH[phase], outcomes))
        flag = OUTCOME_FLAGS.get(phase, "")
        found: list[Edge] = []
        blocks = prepared(phase, store.iter_blocks(phase))
        for edges, outcome in map_groups(blocks, partial(decide_block, phase)):
            found += edges
            for cid, ok in outcome.items() if flag else ():
                outcomes.set(cid, flag, ok)
            if len(found) >= FLUSH:
                _add_joins(store, forest, found)
        _add_joins(store, forest, found)
    if merges:
        merged = apply_merges(merges, store.iter_clusters(summaries=True), forest)
        _add_joins(store, forest, merged)
    final = forest.roots()
    flags = outcomes.json_of()
    person = [joined_a_person(d) for d in outcomes.dicts]
    store.set_cluster_state(
        (flags[code], person[code], comp_a[i], comp_c[i], final[i], i)
        for i, code in enumerate(outcomes.code)
    )


#: Before these phases, the block keys of the phases listed are written, in one pass over
#: the clusters each: a phase's keys read the outcomes of the phases before it only (B2:
#: B1's; C and D: the type after B; D1b: D1a's).
KEYED_WITH: dict[str, tuple[str, ...]] = {
    "A": ("A", "B1", "B3"),
    "B2": ("B2",),
    "C1": ("C1", "C2", "D1a", "D2"),
    "D1b": ("D1b",),
}


def _block_rows(
    store: Store, phases: Sequence[str], outcomes: _Outcomes
) -> Iterator[tuple[str, str, int]]:
    for c in store.iter_clusters():
        c.flags = outcomes.of(c.id)
        for phase in phases:
            for k in block_keys(c, phase, c.flags):
                yield phase, k, c.id


def _add_joins(store: Store, forest: UnionFind, edges: list[Edge]) -> None:
    """Write joins and apply them (the order does not matter: a group's root is its
    smallest id); `edges` is emptied."""
    for e in edges:
        forest.union(e.a, e.b)
    store.add_edges(edges)
    edges.clear()


def _write_entities(store: Store) -> None:
    """Each final group's entity, written as it is built. Of entities sharing a type and
    name the one mentioned first keeps the plain id (`resolve.entity_ids`)."""
    position = 0
    pairs: list[tuple[int, str]] = []
    built: list[Entity] = []
    held = 0  # mentions and reasons of the entities built
    store.add_group_entities(())
    for members, edges in store.iter_final_groups():
        e = entity_of(members, edges)
        position += 1
        if not store.add_entity(e, position):
            _flush_entities(store, pairs, built)  # the stored one's mentions, to compare
            first = (e.mentions[0].doc, e.mentions[0].start)
            other = store.first_mention(e.id)
            if first < other:  # the stored one was mentioned later: it moves aside
                etype, name = store.entity_row(e.id)
                position += 1
                moved = content_id("ent", etype, normalize_name(name), *other)
                store.rename_entity(e.id, moved, position)
                store.add_entity(e, position - 1)
            else:
                e = replace(e, id=content_id("ent", e.type, normalize_name(e.name), *first))
                store.add_entity(e, position)
        pairs.append((members[0].final, e.id))
        built.append(e)
        held += len(e.mentions) + len(e.merged_because)
        if held >= FLUSH:
            _flush_entities(store, pairs, built)
            held = 0
    _flush_entities(store, pairs, built)
    store.apply_group_entities()


def _flush_entities(store: Store, pairs: list[tuple[int, str]], built: list[Entity]) -> None:
    store.add_group_entities(pairs)
    store.add_entity_rows(built)
    pairs.clear()
    built.clear()


def _reconcile(store: Store, map_groups: MapGroups) -> None:
    """Facts with entity ids, merged across documents, reconciled subject by subject."""
    for a in store.analyses(with_text=False):
        entity = store.mention_entities(a.document.id)
        store.stage_facts(local_to_facts([a], partial(_entity_of, entity)))
    departures = tuple(
        f
        for _, facts in store.staged_subjects("departs_from_reality")
        for f in departures_of(_tidy(facts))
    )
    position = 0
    store.prepare_lookups()
    tidy = ((subject, _tidy(facts)) for subject, facts in store.staged_subjects())
    for chunk in chunk_groups(tidy, CHUNK_FACTS):
        shared = _shared(store, chunk, departures)
        facts: list[Fact] = []
        conflicts: list[Conflict] = []
        real: set[str] = set()
        for fs, cs, rs in map_groups(chunk, partial(reconcile_subject, shared)):
            facts += fs
            conflicts += cs
            real |= rs
        store.add_facts(facts, position)
        position += len(facts)
        store.stage_conflicts(conflicts, real)


def _entity_of(entity: dict[int, str], _doc: str, mi: int) -> str | None:
    return entity.get(mi)


def _tidy(facts: list[Fact]) -> list[Fact]:
    """Facts with their evidence in reading order (documents by id, then offsets)."""
    return [
        replace(f, evidence=tuple(sorted(f.evidence, key=lambda e: (e.doc, e.start, e.end))))
        for f in facts
    ]


def _shared(
    store: Store, chunk: Sequence[tuple[str, list[Fact]]], departures: tuple[Fact, ...]
) -> Shared:
    """What reconciling these subjects reads besides their facts: the names of every
    entity their facts (and the departures) point at, the works their documents name
    (with those mentions), and the titles of those documents."""
    said = [f for _, facts in chunk for f in facts] + list(departures)
    ids = {x for f in said for x in (f.subject, f.object, f.work, f.place) if x}
    docs = {e.doc for f in said for e in f.evidence}
    names = named_entities(store, store.entity_names_of(ids), docs)
    return Shared(names, store.titles_of(docs), departures)
