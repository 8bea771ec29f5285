"""Per-document analysis on several cores, with the case file written by one process.

Analysis of one document needs nothing from any other, so it spreads over a pool of
worker processes, each loading the spaCy model once. The parent keeps at most a few
batches in flight and hands results back *in input order*, so a build with N workers
writes exactly the case file a one-worker build writes. Workers ignore Ctrl-C: the parent
alone stops, terminates the pool, and keeps every document it already saved.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any

from .analyse import analyse_documents
from .engines import R, V, local_map_groups
from .model import DocAnalysis, Document
from .nlp import BATCH_SIZE

log = logging.getLogger(__name__)

#: Batches queued per worker beyond the one it is parsing: enough to keep it busy,
#: few enough that memory does not grow with the corpus.
_AHEAD = 2

#: Documents per batch sent to a worker: smaller than `nlp.BATCH_SIZE`, so the last batch
#: leaves the other workers idle for less time (2 workers on 500 articles: 38.8 s with 4,
#: 40.6 s with 16; `make bench`, workers section).
PARALLEL_BATCH = 4


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker() -> None:
    """Load the model once per worker; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .nlp import load_nlp

    load_nlp()


def _analyse_batch(batch: list[Document]) -> list[DocAnalysis]:
    from .analyse import analyse_documents

    return list(analyse_documents(batch))


def batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of `size` items (the last one shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def analyse_parallel(
    documents: Iterable[Document], workers: int, *, batch_size: int = PARALLEL_BATCH
) -> Iterator[DocAnalysis]:
    """Analyses of `documents` in their order, computed by `workers` processes.

    Processes are started with "spawn": forking a parent that may hold threads (a progress
    bar, SQLite) is unsafe, and a fresh interpreter loads the model in about a second.
    """
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(workers, initializer=_init_worker)
    pending: deque[Any] = deque()
    chunks = batches(documents, batch_size)
    try:
        for chunk in islice(chunks, workers * _AHEAD):
            pending.append(pool.apply_async(_analyse_batch, (chunk,)))
        while pending:
            done = pending.popleft().get()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.apply_async(_analyse_batch, (nxt,)))
            yield from done
        pool.terminate()  # every result is in: the idle workers need not tear their model down
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


class LocalEngine:
    """This machine: one process, or a pool of `workers` processes for the analysis (with
    a given `nlp`, that model in this process); keyed reduces in memory."""

    def __init__(self, workers: int = 1, nlp: Any = None) -> None:
        self.workers = 1 if nlp is not None else max(1, workers)
        self.nlp = nlp

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def analyse(self, documents: Iterator[Document]) -> Iterator[DocAnalysis]:
        """Analyses in input order; a pool only when there is more than one batch of work,
        since a pool costs a model load per worker."""
        if self.workers <= 1:
            spare = default_workers() > 1  # a second core parses ahead (`nlp.pipe_batches`)
            yield from analyse_documents(documents, nlp=self.nlp, parse_ahead=spare)
            return
        first = list(islice(documents, BATCH_SIZE + 1))
        if len(first) <= BATCH_SIZE:
            yield from analyse_documents(first)
            return
        yield from analyse_parallel(chain(first, documents), self.workers)

    def map_groups(
        self, groups: Iterable[tuple[str, list[V]]], fn: Callable[[str, list[V]], R]
    ) -> Iterator[R]:
        """In this process, one group at a time (`engines.local_map_groups`)."""
        return local_map_groups(groups, fn)
