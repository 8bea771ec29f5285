"""`leyenda build --engine ray`: the map and the keyed reduces of a build on a Ray cluster.

What runs where:

* on the cluster, as a Ray Data map: parsing everything — each Ray worker is an actor that
  loads the spaCy model once and turns batches of documents into `DocAnalysis` records
  (mentions, times, local facts), the part of a build that costs ~90% of its time;
* on the cluster, as Ray Data maps over groups: the keyed reduces of the cross-document
  stages — each phase of entity resolution decides its blocks of clusters
  (`resolve.decide_block`), and reconciliation derives facts and finds conflicts one
  subject at a time (`reconcile.reconcile_subject`);
* on the driver (this process): reading the inputs, skipping known bytes, writing each
  analysis into the case file (one writer, so SQLite never sees two), building the local
  clusters from the stored analyses, forming the groups of each keyed reduce (the case
  file's indexes read in key order: the shuffle, `cross`), joining the blocks' edges into
  entities between phases (union-find over cluster ids), building the entities, and
  writing the case file.

Documents go to Ray in windows so the driver never holds the whole corpus; within a window
results are put back in input order, and the callers do not depend on the order groups
come back in, so a Ray build writes the same case file as a local one.
"""

from __future__ import annotations

import json
import logging
import pickle
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import LeyendaError
from ..model import DocAnalysis, Document
from ..nlp import BATCH_SIZE
from ..workers import batches, default_workers
from . import chunk_groups

log = logging.getLogger(__name__)

V = TypeVar("V")
R = TypeVar("R")

#: Documents handed to Ray per dataset: big enough to keep every actor busy, small enough
#: that the driver's memory does not grow with the corpus.
WINDOW = 2000


class _Analyser:
    """A Ray actor: the model is loaded once, when the actor starts."""

    def __init__(self) -> None:
        from ..nlp import load_nlp

        self.nlp = load_nlp()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from ..analyse import analyse_documents

        docs = [Document.from_dict(json.loads(raw)) for raw in batch["doc"]]
        out = [a.to_json() for a in analyse_documents(docs, nlp=self.nlp)]
        return {"seq": list(batch["seq"]), "analysis": out}


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise LeyendaError(
            "the ray engine needs Ray: install leyenda with its extra, pip install 'leyenda[ray]'"
        ) from None
    return ray


class RayEngine:
    """A Ray session for one build: started (or joined) on enter, left on exit.

    With `address` the build joins that cluster (``ray://host:10001`` or ``auto``) and
    uses as many actors as `workers` (default: the cluster's CPUs); without it a local Ray
    is started with `workers` CPUs (default: all cores) and stopped afterwards.
    """

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.address = address
        self.workers = workers
        self._ray: Any = None
        self._started_here = False

    def __enter__(self) -> RayEngine:
        ray = self._ray = _ray()
        if not ray.is_initialized():
            try:
                ray.init(
                    address=self.address,
                    num_cpus=None if self.address else (self.workers or default_workers()),
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            except Exception as err:  # Ray raises ConnectionError, RuntimeError, ValueError...
                where = self.address or "a local Ray"
                raise LeyendaError(f"cannot start or reach {where}: {err}") from None
            self._started_here = True
        if not log.isEnabledFor(logging.INFO):  # Ray's own chatter only with --verbose
            for name in ("ray", "ray.data"):
                logging.getLogger(name).setLevel(logging.ERROR)
        with warnings.catch_warnings():  # Ray's own deprecated settings, not ours
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False
            ctx.print_on_execution_start = False
        return self

    def __exit__(self, *exc: object) -> None:
        if self._started_here:
            self._ray.shutdown()
            self._started_here = False

    def analyse(self, documents: Iterator[Document], window: int = WINDOW) -> Iterator[DocAnalysis]:
        """Analyses of `documents`, in their order, computed by Ray actors."""
        actors = self._actors()
        for seq0, chunk in _windows(documents, window):
            rows = [
                {"seq": seq0 + i, "doc": json.dumps(d.to_dict(), ensure_ascii=False)}
                for i, d in enumerate(chunk)
            ]
            size = min(actors, max(1, -(-len(rows) // BATCH_SIZE)))
            with warnings.catch_warnings():  # Ray's own deprecated settings, not ours
                warnings.simplefilter("ignore", DeprecationWarning)
                out = _map(self._ray, rows, size)
            log.info("ray: analysed %d documents", len(out))
            for r in sorted(out, key=lambda r: int(r["seq"])):
                yield DocAnalysis.from_json(str(r["analysis"]))

    def _actors(self) -> int:
        """`workers`, or as many as the cluster has CPUs."""
        return self.workers or max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def map_groups(
        self, groups: Iterable[tuple[str, list[V]]], fn: Callable[[str, list[V]], R]
    ) -> Iterator[R]:
        """A keyed reduce over groups the case file formed (`engines.MapGroups`): chunks
        of groups go to the cluster as Ray Data maps, `fn` is applied to each group
        there, and the results come back here, so the driver holds one chunk at a time."""
        parts = self._actors()
        for chunk in chunk_groups(groups, GROUP_CHUNK):
            items = [{"key": k, "values": pickle.dumps(vs, _PROTOCOL)} for k, vs in chunk]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                # as many blocks as actors: Ray's defaults (hundreds of blocks) cost
                # seconds of scheduling for the few groups a chunk has on one machine
                ds = self._ray.data.from_items(
                    items, override_num_blocks=min(parts, len(items))
                ).map_batches(_apply_groups, batch_format="numpy", fn_kwargs={"fn": fn})
                out = ds.take_all()
            log.info("ray: %d groups", len(items))
            for r in out:
                yield pickle.loads(r["result"])


#: Values sent to Ray per map (groups are never split): enough to keep every actor busy,
#: few enough that the driver's memory does not grow with the corpus.
GROUP_CHUNK = 50_000


#: Pickle protocol for rows and results (5: out-of-band buffers, Python 3.8+).
_PROTOCOL = 5


def _apply_groups(batch: dict[str, Any], fn: Callable[[str, list[Any]], Any]) -> dict[str, Any]:
    """What Ray applies to a batch of groups: unpickle each one's values, call `fn` on them."""
    results = [
        pickle.dumps(fn(str(key), pickle.loads(values)), _PROTOCOL)
        for key, values in zip(batch["key"], batch["values"], strict=True)
    ]
    return {"result": results}


def _windows(documents: Iterator[Document], size: int) -> Iterator[tuple[int, list[Document]]]:
    seq = 0
    for chunk in batches(documents, size):
        yield seq, chunk
        seq += len(chunk)


def _map(ray: Any, rows: list[dict[str, Any]], actors: int) -> list[dict[str, Any]]:
    """One window through a pool of `actors` model-holding actors."""
    ds = ray.data.from_items(rows).map_batches(
        _Analyser,
        batch_size=BATCH_SIZE,
        compute=ray.data.ActorPoolStrategy(size=actors),
        batch_format="numpy",
    )
    return list(ds.take_all())
