"""Per-document analysis as a Ray Data map: `leyenda build --engine ray`.

What runs where:

* on the cluster: reading nothing, parsing everything — each Ray worker is an actor that
  loads the spaCy model once and turns batches of documents into `DocAnalysis` records
  (mentions, times, local facts), the part of a build that costs ~90% of its time;
* on the driver (this process): reading the inputs, skipping known bytes, writing each
  analysis into the case file (one writer, so SQLite never sees two), then cross-document
  resolution and reconciliation over the stored analyses, which read no article text.

Documents go to Ray in windows so the driver never holds the whole corpus; within a window
results are put back in input order, so a Ray build writes the same case file as a local one.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from typing import Any

from ..errors import LeyendaError
from ..model import DocAnalysis, Document
from ..nlp import BATCH_SIZE
from ..workers import batches, default_workers

log = logging.getLogger(__name__)

#: Documents handed to Ray per dataset: big enough to keep every actor busy, small enough
#: that the driver's memory does not grow with the corpus.
WINDOW = 2000


class _Analyser:
    """A Ray actor: the model is loaded once, when the actor starts."""

    def __init__(self) -> None:
        from ..nlp import load_nlp

        self.nlp = load_nlp()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from ..nlp import analyse_documents

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


def analyse_with_ray(
    documents: Iterator[Document],
    *,
    address: str | None = None,
    workers: int | None = None,
    window: int = WINDOW,
) -> Iterator[DocAnalysis]:
    """Analyses of `documents`, in their order, computed by Ray actors.

    With `address` the build joins that cluster (``ray://host:10001`` or ``auto``) and
    uses as many actors as `workers` (default: the cluster's CPUs); without it a local Ray
    is started with `workers` CPUs (default: all cores) and stopped afterwards.
    """
    ray = _ray()
    started_here = False
    if not ray.is_initialized():
        try:
            ray.init(
                address=address,
                num_cpus=None if address else (workers or default_workers()),
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        except Exception as err:  # Ray raises ConnectionError, RuntimeError, ValueError...
            where = address or "a local Ray"
            raise LeyendaError(f"cannot start or reach {where}: {err}") from None
        started_here = True
    try:
        actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        if not log.isEnabledFor(logging.INFO):  # Ray's own chatter only with --verbose
            for name in ("ray", "ray.data"):
                logging.getLogger(name).setLevel(logging.ERROR)
        for seq0, chunk in _windows(documents, window):
            rows = [
                {"seq": seq0 + i, "doc": json.dumps(d.to_dict(), ensure_ascii=False)}
                for i, d in enumerate(chunk)
            ]
            size = min(actors, max(1, -(-len(rows) // BATCH_SIZE)))
            with warnings.catch_warnings():  # Ray's own deprecated settings, not ours
                warnings.simplefilter("ignore", DeprecationWarning)
                out = _map(ray, rows, size)
            log.info("ray: analysed %d documents", len(out))
            for r in sorted(out, key=lambda r: int(r["seq"])):
                yield DocAnalysis.from_json(str(r["analysis"]))
    finally:
        if started_here:
            ray.shutdown()


def _windows(documents: Iterator[Document], size: int) -> Iterator[tuple[int, list[Document]]]:
    seq = 0
    for chunk in batches(documents, size):
        yield seq, chunk
        seq += len(chunk)


def _map(ray: Any, rows: list[dict[str, Any]], actors: int) -> list[dict[str, Any]]:
    """One window through a pool of `actors` model-holding actors."""
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ds = ray.data.from_items(rows).map_batches(
        _Analyser,
        batch_size=BATCH_SIZE,
        compute=ray.data.ActorPoolStrategy(size=actors),
        batch_format="numpy",
    )
    return list(ds.take_all())
