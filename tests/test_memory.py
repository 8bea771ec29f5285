"""Past a cap of clusters, a full build's cross-document stage holds one block, one
entity and one chunk of subjects at a time, not the corpus: ten times the documents must
not take anywhere near ten times the memory.

Python's own allocations are traced (`tracemalloc`), so the figure is this code's, not
SQLite's page cache (bounded by SQLite) or the machine's noise. The documents are
`bench/resolve_scale.py`'s synthetic analyses: names that collide on purpose, an arrest
and an age per document. What may grow is the largest entity and the largest subject's
facts (a person named in a third of the documents is a third of the corpus's clusters).
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path
from typing import NamedTuple

import pytest

from leyenda import cross
from leyenda.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from resolve_scale import synthesize  # type: ignore[import-not-found]


class Stage(NamedTuple):
    working: int  # peak traced bytes less what stays allocated after the stage
    clusters: int
    counts: dict[str, int]


def case_file(tmp_path: Path, n_docs: int) -> Path:
    """A case file of n synthetic documents' analyses, not resolved yet."""
    db = tmp_path / f"case-{n_docs}.db"
    with Store.open(db, create=True) as store:
        for a in synthesize(n_docs, facts=True):
            store.save_analysis(a)
    return db


def cross_stage(db: Path) -> Stage:
    """What `cross.resolve_store` holds over a case file.

    What stays allocated after the stage is the name caches (`mentions.normalize_name`,
    `mentions.name_tokens`: bounded, filled by the corpus's distinct names); the rest of
    the peak is the stage's working memory.
    """
    with Store.open(db) as store:
        tracemalloc.start()
        try:
            cross.resolve_store(store)
            after, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return Stage(peak - after, store.max_cluster_id() + 1, store.counts())


def test_each_cluster_costs_the_stage_a_few_integers_not_its_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the documents: the working memory grows by the per-cluster arrays (the
    union-find and the entities after phases A and C: 8 bytes each, one byte of outcomes)
    and the largest entity's growth, far less than holding the clusters would cost
    (`resolve.Cluster` objects with their summaries: several hundred bytes each)."""
    # chunks small enough that both corpora need several of them, as 100k documents do;
    # both spill past the clusters held in memory, as a large corpus does
    monkeypatch.setattr(cross, "IN_MEMORY_CLUSTERS", 500)
    monkeypatch.setattr(cross, "CHUNK_FACTS", 300)
    monkeypatch.setattr(cross, "FLUSH", 300)
    small = cross_stage(case_file(tmp_path, 200))
    big = cross_stage(case_file(tmp_path, 2000))
    assert big.counts["facts"] > 5 * small.counts["facts"] > 0
    assert big.counts["entities"] > 5 * small.counts["entities"]
    per_cluster = (big.working - small.working) / (big.clusters - small.clusters)
    print(
        f"working memory: {small.working / 1e6:.2f} MB for {small.clusters} clusters, "
        f"{big.working / 1e6:.2f} MB for {big.clusters}: {per_cluster:.0f} B per cluster"
    )
    assert per_cluster < 100


def test_clusters_are_held_in_memory_only_up_to_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small corpus's stage runs in memory (faster); a corpus past the cap costs no more
    than streaming it would, plus the clusters held up to the cap."""
    monkeypatch.setattr(cross, "CHUNK_FACTS", 300)
    monkeypatch.setattr(cross, "FLUSH", 300)
    db = case_file(tmp_path, 1000)
    runs = {}
    for cap in (0, 1000, 10**9):
        monkeypatch.setattr(cross, "IN_MEMORY_CLUSTERS", cap)
        runs[cap] = cross_stage(db)
    streamed, capped, held = runs[0], runs[1000], runs[10**9]
    assert streamed.counts == capped.counts == held.counts
    print(
        f"working memory over {held.clusters} clusters: streamed {streamed.working / 1e6:.2f} "
        f"MB, capped at 1000 {capped.working / 1e6:.2f} MB, in memory {held.working / 1e6:.2f} MB"
    )
    assert capped.working < streamed.working + 1000 * 1500  # ≤ 1.5 kB a held cluster
    assert held.working > capped.working + 5e6  # without the cap, the corpus is held
