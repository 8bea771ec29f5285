"""The cross-document stages as keyed reduces: where and in what order the keys are reduced
must not change the case file (a Ray shuffle hands groups back in any order)."""

from __future__ import annotations

import importlib.util
import json
import os
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from leyenda.engines import local_map_groups, local_reduce
from leyenda.ingest import iter_documents
from leyenda.model import DocAnalysis, Document
from leyenda.reconcile import reconcile
from leyenda.resolve import (
    Resolution,
    corpus_clusters,
    group_entities,
    join_clusters,
    plain_id,
    resolve,
)
from tests.conftest import EXAMPLES, SEEDS_MANIFEST

V = TypeVar("V")
R = TypeVar("R")


def scrambled_reduce(seed: int) -> Callable[..., list[Any]]:
    """A keyed reduce that hands keys, and the values within each key, over in a random
    order, as a shuffle on a cluster may."""

    def reduce(rows: Iterable[tuple[str, V]], fn: Callable[[str, list[V]], R]) -> list[R]:
        rng = random.Random(seed)
        groups: dict[str, list[V]] = {}
        for key, value in rows:
            groups.setdefault(key, []).append(value)
        keys = list(groups)
        rng.shuffle(keys)
        out = []
        for key in keys:
            values = groups[key]
            rng.shuffle(values)
            out.append(fn(key, values))
        return out

    return reduce


@pytest.fixture(scope="module")
def analyses(nlp: Any) -> list[DocAnalysis]:
    from leyenda.analyse import analyse_documents

    docs = [
        d
        for d in iter_documents([EXAMPLES / "manifest.jsonl", SEEDS_MANIFEST])
        if isinstance(d, Document)
    ]
    return list(analyse_documents(docs, nlp=nlp))


def case_file(analyses: list[DocAnalysis], reduce: Callable[..., list[Any]]) -> str:
    clusters = corpus_clusters(analyses)
    edges = join_clusters(clusters, (), reduce)
    grouped = group_entities(clusters, edges)
    mention_entity = {
        (c.doc, mi): e.id for e, members in grouped for c in members for mi in c.members
    }
    res = Resolution(tuple(e for e, _ in grouped), mention_entity)
    entities, facts, conflicts = reconcile(analyses, res, reduce)
    edge_rows = sorted((e.a, e.b, e.phase, e.rule, e.block) for e in edges)
    state = [(c.comp_a, c.comp_c, c.final, sorted(c.flags.items())) for c in clusters]
    return json.dumps(
        [repr(entities), repr(facts), repr(conflicts), edge_rows, state], ensure_ascii=False
    )


def test_the_order_blocks_and_subjects_are_reduced_in_changes_nothing(
    analyses: list[DocAnalysis],
) -> None:
    expected = case_file(analyses, local_reduce)
    for seed in (1, 2, 3):
        assert case_file(analyses, scrambled_reduce(seed)) == expected


def test_reconciling_subject_by_subject_still_finds_the_examples_disputes(
    analyses: list[DocAnalysis],
) -> None:
    """Conflicts and depiction differences are about one subject each, so splitting the
    facts by subject loses none (the examples' escape date and the seeds' body found)."""
    clusters = corpus_clusters(analyses)
    grouped = group_entities(clusters, join_clusters(clusters))
    mention_entity = {
        (c.doc, mi): e.id for e, members in grouped for c in members for mi in c.members
    }
    res = Resolution(tuple(e for e, _ in grouped), mention_entity)
    _, _, conflicts = reconcile(analyses, res, scrambled_reduce(7))
    summaries = " ".join(c.summary for c in conflicts)
    assert "when Pablo Escobar escaped" in summaries
    assert "body was found" in summaries


_HAS_RAY = importlib.util.find_spec("ray") is not None


@pytest.mark.skipif(
    not _HAS_RAY and os.environ.get("LEYENDA_REQUIRE_RAY") != "1",
    reason="Ray is not installed (pip install 'leyenda[ray]'); CI installs it",
)
def test_a_ray_map_applies_the_function_to_every_group_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from leyenda.engines import ray_engine

    monkeypatch.setattr(ray_engine, "GROUP_CHUNK", 10)  # several chunks
    groups = [(f"k{k}", list(range(k, 50, 7))) for k in range(7)]

    def fn(key: str, values: list[int]) -> tuple[str, list[int]]:
        return key, sorted(values)

    with ray_engine.RayEngine(workers=2) as engine:
        got = list(engine.map_groups(iter(groups), fn))
        assert list(engine.map_groups(iter([]), fn)) == []
    assert sorted(got) == sorted(local_map_groups(groups, fn))


def scrambled_map_groups(seed: int) -> Callable[..., Any]:
    """A keyed reduce over formed groups that takes every group first, then applies the
    function in a random order, values shuffled, results handed back in a random order,
    as chunks on a cluster may."""

    def map_groups(groups: Iterable[tuple[str, list[V]]], fn: Callable[[str, list[V]], R]) -> Any:
        rng = random.Random(seed)
        taken = list(groups)
        rng.shuffle(taken)
        out = []
        for key, values in taken:
            rng.shuffle(values)
            out.append(fn(key, values))
        rng.shuffle(out)
        return iter(out)

    return map_groups


def test_a_case_file_resolved_in_streams_equals_the_in_memory_resolution(
    analyses: list[DocAnalysis], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cross.resolve_store` (a build's, streamed through SQLite past a cap of clusters)
    and `resolve` + `reconcile` (the library's, in memory) run the same rules by
    different routes: same entities, facts, conflicts, in the same order, whatever order
    the groups are decided in and however small the batches written and the chunks of
    subjects reconciled."""
    from leyenda import cross
    from leyenda.store import Store

    entities, facts, conflicts = reconcile(analyses, resolve(analyses))
    runs = [(cap, seed, False) for cap in (0, 10**9) for seed in (None, 5)] + [(0, None, True)]
    for cap, seed, small in runs:  # cap 0: every cluster spills, the streamed steps run
        monkeypatch.setattr(cross, "IN_MEMORY_CLUSTERS", cap)
        if small:
            monkeypatch.setattr(cross, "CHUNK_FACTS", 7)
            monkeypatch.setattr(cross, "FLUSH", 5)
        db = tmp_path / f"case-{cap}-{seed}-{small}.db"
        with Store.open(db, create=True) as store:
            for a in analyses:
                store.save_analysis(a)
            if seed is None:
                cross.resolve_store(store)
            else:
                cross.resolve_store(store, scrambled_map_groups(seed))
            case = store.load_casefile()
        assert case.entities == tuple(entities)
        assert case.facts == tuple(facts)
        assert case.conflicts == tuple(conflicts)
        assert any(e.real for e in case.entities) and case.conflicts


def test_of_two_entities_with_one_name_the_one_mentioned_first_keeps_the_plain_id(
    tmp_path: Path, cross_route: str
) -> None:
    """Two people only ever called "Smith" in one article (two full Smiths elsewhere keep
    the lone name from joining either). The one whose cluster is built second is
    mentioned first (an earlier "Smith" refers forward to it), so the streamed route must
    move the other aside: ids as the in-memory route gives them."""
    from leyenda.cross import resolve_store
    from leyenda.model import Mention
    from leyenda.store import Store

    def doc(doc_id: str, names: list[tuple[str, int | None]]) -> DocAnalysis:
        mentions, text = [], ""
        for name, ante in names:
            start = len(text)
            text += name + ". "
            mentions.append(
                Mention(doc_id, start, start + len(name), name, "person", name,
                        antecedent=ante, link_rule="same-name" if ante is not None else None)
            )  # fmt: skip
        document = Document(doc_id, doc_id, "test", "2020-01-01", doc_id, text)
        return DocAnalysis(document, tuple(mentions), ())

    analyses = [
        doc("a", [("Smith", 2), ("Smith", None), ("Smith", None)]),  # 0 refers forward to 2
        doc("b", [("John Smith", None)]),
        doc("c", [("Jane Smith", None)]),
    ]
    entities = reconcile(analyses, resolve(analyses))[0]
    smiths = [e for e in entities if e.name == "Smith"]
    assert len(smiths) == 2
    first = next(e for e in smiths if e.mentions[0].start == 0)
    assert len(first.mentions) == 2 and first.id == plain_id(first)
    with Store.open(tmp_path / "case.db", create=True) as store:
        for a in analyses:
            store.save_analysis(a)
        resolve_store(store)
        case = store.load_casefile()
    assert case.entities == tuple(entities)
