"""Where a build's work runs: this process, its pool of worker processes, or a Ray cluster.

A build has two shapes of work, and an engine supplies both:

* a *map* over documents: each document's analysis needs nothing from any other
  (`leyenda.workers` on this machine, `ray_engine` on a cluster), results in input order;
* *keyed reduces* for the cross-document stages: resolution decides one block of clusters
  per key (`resolve.join_clusters`), reconciliation works on one subject's facts per key
  (`reconcile.reconcile_facts`). A `Reduce` takes (key, value) rows and a function of one
  key's values, and returns that function's results, in any order.

`local_reduce` groups in memory; `ray_engine.RayEngine.reduce` groups with a Ray Data
shuffle (`groupby(...).map_groups`). The callers sort what they get back, so the case file
does not depend on where, or in what order, the keys were reduced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from ..model import DocAnalysis, Document

V = TypeVar("V")
R = TypeVar("R")


class Reduce(Protocol):
    """fn(key, values of that key) for every key of `rows`, results in any order."""

    def __call__(
        self, rows: Iterable[tuple[str, V]], fn: Callable[[str, list[V]], R]
    ) -> list[R]: ...


def local_reduce(rows: Iterable[tuple[str, V]], fn: Callable[[str, list[V]], R]) -> list[R]:
    """The in-memory keyed reduce: values grouped by key in arrival order."""
    groups: dict[str, list[V]] = {}
    for key, value in rows:
        groups.setdefault(key, []).append(value)
    return [fn(key, values) for key, values in groups.items()]


class Engine(Protocol):
    """What a build runs its work on; used as a context manager around the whole build."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def analyse(self, documents: Iterator[Document]) -> Iterator[DocAnalysis]:
        """Analyses of `documents`, in their order."""
        ...

    def reduce(self, rows: Iterable[tuple[str, V]], fn: Callable[[str, list[V]], R]) -> list[R]:
        """A keyed reduce (`Reduce`)."""
        ...
