"""Adding documents to a resolved case file at about the cost of the documents themselves.

A full resolution (`cross.resolve_store`) leaves in the case file every local cluster
with where it ended (its entity after phase A, after phase C and at the end), every block
it fell in and every join each block's decision made (`store`, schema 3). `extend` then
resolves new documents by re-deciding only the blocks their clusters fall in:

1. each touched block is decided again with its stored members and the new ones;
2. the result must leave every stored entity as it was, but for new mentions joining it:
   no earlier join may be lost (a new "Maria Smith" makes a lone "Smith" that meant the
   only Smith ambiguous), no two stored entities may be joined (a new document bridging
   them), and no stored lookup may end otherwise;
3. the entities that gained mentions are rebuilt from their clusters, the new documents'
   facts are mapped to them, and derived facts and conflicts are reconciled again for the
   subjects whose stated facts changed (every subject when a fact saying a show departs
   from reality changed: other subjects' depiction differences read those).

When step 2 fails, or the stored state is missing or made by other rules, `extend` writes
nothing and returns False, and the caller resolves in full, so the case file is always the
one a full build would make. The per-document cost is a few indexed lookups per name.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .mentions import normalize_name
from .model import DocAnalysis, Entity, Fact, content_id, surer
from .reconcile import local_to_facts, reconcile_facts
from .resolve import (
    OUTCOME_FLAGS,
    PHASES,
    RULES_VERSION,
    Cluster,
    Context,
    Edge,
    block_keys,
    clusters_of,
    decide,
    disambiguated_id,
    entity_of,
    plain_id,
    with_flag,
)
from .store import STATE_KEY, Store

log = logging.getLogger(__name__)

#: The levels a phase's joins count at: after A (`comp_a`), after C (`comp_c`), final.
_LEVELS = {"A": "acf", "B1": "cf", "B2": "cf", "B3": "cf", "C1": "cf", "C2": "cf"}


class NeedsFullBuild(Exception):
    """The new documents change what stored documents resolved to."""


class _Groups:
    """Union-find over new clusters and stored groups, refusing to join two stored ones."""

    def __init__(self, level: str) -> None:
        self.level = level
        self.parent: dict[object, object] = {}
        self.stored: dict[object, int | None] = {}

    def node(self, c: Cluster, new: set[int]) -> object:
        if c.id in new:
            n: object = ("n", c.id)
            self.stored.setdefault(n, None)
        else:
            comp = {"a": c.comp_a, "c": c.comp_c, "f": c.final}[self.level]
            n = ("o", comp)
            self.stored.setdefault(n, comp)
        self.parent.setdefault(n, n)
        return n

    def find(self, n: object) -> object:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def union(self, a: object, b: object, why: Edge) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        sa, sb = self.stored[ra], self.stored[rb]
        if sa is not None and sb is not None and sa != sb:
            raise NeedsFullBuild(f"'{why.names[0]}' and '{why.names[1]}' ({why.rule}) would join "
                                 "two entities stored apart")  # fmt: skip
        self.parent[rb] = ra
        self.stored[ra] = sa if sa is not None else sb

    def token(self, c: Cluster, new: set[int]) -> object:
        root = self.find(self.node(c, new))
        stored = self.stored[root]
        return ("o", stored) if stored is not None else root


class _Plan:
    def __init__(self, store: Store, new: list[Cluster]) -> None:
        self.store = store
        self.new = new
        self.new_ids = {c.id for c in new}
        self.known: dict[int, Cluster] = {c.id: c for c in new}
        self.docs: dict[str, list[Cluster]] = defaultdict(list)
        for c in new:
            self.docs[c.doc].append(c)
        self.levels = {lv: _Groups(lv) for lv in "acf"}
        self.decided: list[tuple[str, str, list[Edge], list[Edge]]] = []  # phase, key, old, new
        self.ctx = Context(
            comp_a=lambda c: self.levels["a"].token(c, self.new_ids),
            comp_c=lambda c: self.levels["c"].token(c, self.new_ids),
            apart=self._apart,
        )

    def _cached(self, cs: Sequence[Cluster]) -> list[Cluster]:
        return [self.known.setdefault(c.id, c) for c in cs]

    def _apart(self, c: Cluster) -> set[object]:
        if c.doc not in self.docs:
            self.docs[c.doc] = self._cached(self.store.doc_clusters(c.doc))
        return {
            self.ctx.comp_a(o) for o in self.docs[c.doc] if o.id != c.id and o.label == "person"
        }

    def run(self) -> None:
        for phase in PHASES[:-1]:
            touched: dict[str, list[Cluster]] = defaultdict(list)
            for c in self.new:
                for k in block_keys(c, phase, c.flags):
                    touched[k].append(c)
            found: list[Edge] = []
            for key, news in touched.items():
                olds = self._cached(self.store.block_clusters(phase, key))
                members = sorted(olds + news, key=lambda c: c.order)
                edges, outcome = decide(phase, key, members, self.ctx)
                flag = OUTCOME_FLAGS.get(phase, "")
                for cid, ok in outcome.items() if flag else ():
                    c = self.known[cid]
                    if cid in self.new_ids:
                        c.flags = with_flag(c.flags, flag, ok)
                    elif c.flags.get(flag, False) != ok:
                        raise NeedsFullBuild(f"'{c.name}' ({c.doc}) would resolve otherwise")
                stored = self.store.block_edges(phase, key)
                _check_kept(stored, edges)
                self.decided.append((phase, key, stored, edges))
                found.extend(edges)
            for e in found:
                a, b = self.known[e.a], self.known[e.b]
                for lv in _LEVELS.get(phase, "f"):
                    g = self.levels[lv]
                    g.union(g.node(a, self.new_ids), g.node(b, self.new_ids), e)

    def settle(self) -> None:
        """Give each new cluster its groups: a stored one it joined, or its own."""
        for lv, attr in (("a", "comp_a"), ("c", "comp_c"), ("f", "final")):
            g = self.levels[lv]
            smallest: dict[object, int] = {}
            for c in self.new:
                root = g.find(g.node(c, self.new_ids))
                smallest[root] = min(smallest.get(root, c.id), c.id)
            for c in self.new:
                root = g.find(g.node(c, self.new_ids))
                stored = g.stored[root]
                setattr(c, attr, stored if stored is not None else smallest[root])


def _check_kept(stored: Sequence[Edge], edges: Sequence[Edge]) -> None:
    """Every join the block made before must still hold within the block."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in edges:
        parent[find(e.a)] = find(e.b)
    for e in stored:
        if find(e.a) != find(e.b):
            raise NeedsFullBuild(
                f"'{e.names[1]}' would no longer be joined to '{e.names[0]}' ({e.rule})"
            )


def extend(store: Store, analyses: Sequence[DocAnalysis]) -> bool:
    """Resolve and reconcile `analyses` (stored already) into the resolved case file.

    Returns False, having written nothing, when only a full resolution gives the right
    case file (see the module's docstring).
    """
    if store.get_meta(STATE_KEY) != RULES_VERSION:
        return False
    overrides = store.overrides()
    if any(o[0] == "merge" for o in overrides):
        return False
    split = frozenset(normalize_name(o[1]) for o in overrides if o[0] == "split")
    new = sorted((c for a in analyses for c in clusters_of(a, split)), key=lambda c: c.order)
    first = store.max_cluster_id() + 1
    for i, c in enumerate(new):
        c.id = first + i
    plan = _Plan(store, new)
    try:
        plan.run()
        plan.settle()
        with store.atomic():
            _write(store, plan, analyses)
    except NeedsFullBuild as why:
        log.info("%s: resolving in full: %s", store.path, why)
        return False
    return True


def _write(store: Store, plan: _Plan, analyses: Sequence[DocAnalysis]) -> None:
    """Rebuild the entities that changed and reconcile; raises NeedsFullBuild before
    writing anything if the new entities' ids would clash with stored ones."""
    # edges that changed (a block's new decision) mark their groups as changed too
    replaced: dict[tuple[str, str], list[Edge]] = {}
    changed_finals: set[int] = {c.final for c in plan.new}
    for phase, key, old, edges in plan.decided:
        replaced[(phase, key)] = edges
        if set(old) != {e for e in edges if e.a not in plan.new_ids and e.b not in plan.new_ids}:
            changed_finals.update(plan.known[e.a].final for e in (*old, *edges))
    stored_members = store.final_clusters(f for f in changed_finals if f not in plan.new_ids)
    groups: dict[int, list[Cluster]] = defaultdict(list)
    old_ids: dict[int, str] = {}
    entity_id_of: dict[int, str] = {}
    for c in stored_members:
        groups[c.final].append(plan.known.setdefault(c.id, c))
    for r in store.cluster_entity_ids(groups):
        old_ids[r[0]] = r[1]
    for c in plan.new:
        groups[c.final].append(c)
    member_ids = {c.id for cs in groups.values() for c in cs}
    edges_by_final: dict[int, list[Edge]] = defaultdict(list)
    for e in store.edges_from(member_ids - plan.new_ids):
        if (e.phase, e.block) not in replaced:
            edges_by_final[plan.known[e.a].final].append(e)
    for edges in replaced.values():
        for e in edges:
            if e.a in member_ids:
                edges_by_final[plan.known[e.a].final].append(e)
    entities: list[Entity] = []
    for final, members in groups.items():
        members.sort(key=lambda c: c.order)
        ent = entity_of(members, edges_by_final[final])
        entities.append(ent)
        entity_id_of[final] = ent.id
    # ids: of entities sharing a type and name, the one mentioned first keeps the plain id
    mine = set(old_ids.values())
    entities = _settle_ids(store, entities, mine)
    entity_id_of = {f: ent.id for f, ent in zip(groups, entities, strict=True)}
    taken = {ent.id for ent in entities}
    renamed = {old_ids[f]: entity_id_of[f] for f in old_ids if old_ids[f] != entity_id_of[f]}

    # facts: the new documents', and stored ones about an entity whose id changed
    mention_entity = {(c.doc, mi): entity_id_of[c.final] for c in plan.new for mi in c.members}
    new_facts = local_to_facts(analyses, lambda doc, mi: mention_entity.get((doc, mi)))
    moved = store.stated_facts_naming(renamed) if renamed else []
    gone = {f.id for f in moved}
    rekeyed = [_rekey(f, renamed) for f in moved]
    # reconciliation is per subject (`reconcile.reconcile_subject`): only the subjects
    # whose stated facts change are reconciled again, unless a fact saying a show departs
    # from reality changes, which other subjects' depiction differences read
    subjects = {f.subject for f in (*moved, *rekeyed, *new_facts)}
    everything = any(f.predicate == "departs_from_reality" for f in (*moved, *new_facts))
    stored = store.facts() if everything else store.stated_facts_about(subjects)
    base = {f.id: f for f in stored if not f.derived_from}
    merged: dict[str, Fact] = {}
    for g in rekeyed:
        merged[g.id] = _merge(merged.get(g.id) or base.get(g.id), g)
    for f in new_facts:
        merged[f.id] = _merge(merged.get(f.id) or base.get(f.id), f)
    kept = [f for fid, f in base.items() if fid not in gone and fid not in merged]
    stated = kept + list(merged.values())
    if everything:
        named, titles = named_entities(store, store.entity_names()), store.titles()
        departures = None  # among the stated facts
    else:  # unchanged, but the reconciled subjects' depiction differences read them
        departures = store.departures()
        said = (*stated, *departures)
        docs = {e.doc for f in said for e in f.evidence}
        named = named_entities(store, store.entity_names_of(_entities_of(said)), docs)
        titles = store.titles_of(docs)
    facts, conflicts, real = reconcile_facts(
        stated, named | {ent.id: ent for ent in entities}, titles, departures=departures
    )
    fresh = [f for f in facts if f.derived_from or f.id in merged]

    # write: entities first (facts point at them), then facts, then the old entities go
    for ent in entities:
        store.put_entity(ent)
    if everything:
        derived_ids = {f.id for f in stored if f.derived_from}
        store.replace_facts(gone | derived_ids, fresh, conflicts)
    else:
        store.replace_facts_about(subjects, gone, fresh, conflicts)
    store.delete_entities(i for i in renamed if i not in taken)
    if everything:  # the text's word (`said_real`) first: entities not rebuilt keep theirs
        store.set_real(real)
    else:  # facts were only added: nobody stops being real; rebuilt entities are asked again
        store.mark_real(real | store.real_of(ent.id for ent in entities))
    for final, eid in entity_id_of.items():
        if final in old_ids and old_ids[final] != eid:
            store.set_cluster_entities(final, eid)
    store.add_clusters(plan.new, entity_id_of)
    for phase, key in replaced:
        store.delete_block_edges(phase, key)
    store.add_edges(e for edges in replaced.values() for e in edges)
    store.set_meta("resolved", "yes")
    store.mark_clustered()


def _settle_ids(store: Store, entities: list[Entity], mine: set[str]) -> list[Entity]:
    """The ids a full resolution would give the rebuilt entities (`resolve.entity_ids`),
    or NeedsFullBuild when a stored entity's id would have to change too.

    `mine` are the stored ids of the entities rebuilt. Only stored entities that compete
    for one of the same plain ids are read (`entities.plain`), never all of them.
    """
    old_names = store.entity_names_of(mine)
    old_plain = {
        old: content_id("ent", etype, normalize_name(name))
        for old, (etype, name) in old_names.items()
    }
    stored_by_plain = store.entities_by_plain(
        {plain_id(e) for e in entities} | set(old_plain.values())
    )
    for old, plain in old_plain.items():  # an id a rebuilt entity gives up may be owed
        if (
            old == plain
            and any(o not in mine for o in stored_by_plain.get(plain, []))
            and not any(plain_id(e) == plain for e in entities)
        ):
            raise NeedsFullBuild(f"the id of '{old_names[old][1]}' passes to another entity")
    by_plain: dict[str, list[int]] = defaultdict(list)
    for i, ent in enumerate(entities):
        by_plain[plain_id(ent)].append(i)
    out = list(entities)
    for plain, idxs in by_plain.items():
        others = [o for o in stored_by_plain.get(plain, []) if o not in mine]
        if not others and len(idxs) == 1:
            continue
        ranked: list[tuple[tuple[str, int], int, str]] = []
        for i in idxs:
            m = entities[i].mentions[0]
            ranked.append(((m.doc, m.start), i, ""))
        for o in others:
            ranked.append((store.first_mention(o), -1, o))
        ranked.sort()
        holder = ranked[0]
        if holder[1] < 0 and holder[2] != plain:
            raise NeedsFullBuild(f"the id '{plain}' would pass to a stored entity")
        if holder[1] >= 0 and plain in others:
            raise NeedsFullBuild(f"the id '{plain}' would pass from a stored entity")
        for _key, i, _o in ranked[1:]:
            if i >= 0:
                out[i] = replace(entities[i], id=disambiguated_id(entities[i]))
    ids = [e.id for e in out]
    stored = store.entity_names_of(ids)
    if len(set(ids)) != len(ids) or any(i in stored and i not in mine for i in ids):
        raise NeedsFullBuild("two entities would have one id")
    return out


def _rekey(f: Fact, renamed: dict[str, str]) -> Fact:
    def ent(x: str | None) -> str | None:
        return None if x is None else renamed.get(x, x)

    g = replace(f, subject=renamed.get(f.subject, f.subject), object=ent(f.object),
                work=ent(f.work), place=ent(f.place))  # fmt: skip
    time = g.time
    key = (g.subject, g.predicate, g.object, g.value, g.work, g.place,
           (time.start, time.end) if time else None, g.modality)  # fmt: skip
    return replace(g, id=content_id("fact", *key))


def _merge(old: Fact | None, f: Fact) -> Fact:
    """One fact with the evidence of both (the same fact said in several documents)."""
    if old is None:
        return f
    evidence = old.evidence + tuple(e for e in f.evidence if e not in old.evidence)
    surest = f if surer(f, old) else old
    return replace(old, evidence=evidence, confidence=surest.confidence, rule=surest.rule)


def _entities_of(facts: Sequence[Fact]) -> set[str]:
    """Every entity id the facts name."""
    return {x for f in facts for x in (f.subject, f.object, f.work, f.place) if x}


def named_entities(
    store: Store, names: dict[str, tuple[str, str]], docs: Iterable[str] | None = None
) -> dict[str, Entity]:
    """Entities as reconciliation reads them: names for all, mentions for works (in
    `docs` only, when given: the documents the facts are said in, all `_main_work` counts)."""
    out = {eid: Entity(eid, t, n, (), None, (), ()) for eid, (t, n) in names.items()}  # type: ignore[arg-type]
    out.update({e.id: e for e in store.entities_of_type("work", docs)})
    return out
