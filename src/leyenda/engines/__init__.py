"""Where a build's work runs: this process, its pool of worker processes, or a Ray cluster.

A build has two shapes of work, and an engine supplies both:

* a *map* over documents: each document's analysis needs nothing from any other
  (`leyenda.workers` on this machine, `ray_engine` on a cluster), results in input order;
* *keyed reduces* for the cross-document stages: resolution decides one block of clusters
  per key, reconciliation works on one subject's facts per key.

A build's keyed reduces are `MapGroups`: the case file (`cross`) hands over the groups
already formed, read in key order from SQLite's indexes, so no stage holds all its rows;
the engine applies the function to each group — in this process (`local_map_groups`), or
on a Ray cluster in chunks (`ray_engine.RayEngine.map_groups`) — and returns the results
in any order. The callers make the case file independent of that order.

`Reduce` / `local_reduce` are the same step over rows that are not grouped yet, held in
memory: the library's in-memory `resolve.resolve` and `reconcile.reconcile` use them.
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


class MapGroups(Protocol):
    """fn(key, values) for every group, read lazily; results in any order."""

    def __call__(
        self, groups: Iterable[tuple[str, list[V]]], fn: Callable[[str, list[V]], R]
    ) -> Iterator[R]: ...


def local_map_groups(
    groups: Iterable[tuple[str, list[V]]], fn: Callable[[str, list[V]], R]
) -> Iterator[R]:
    """The groups one at a time, in this process."""
    return (fn(key, values) for key, values in groups)


def chunk_groups(
    groups: Iterable[tuple[str, list[V]]], size: int
) -> Iterator[list[tuple[str, list[V]]]]:
    """Groups in lists of about `size` values (a group is never split): how a stream of
    groups is handed over a chunk at a time."""
    chunk: list[tuple[str, list[V]]] = []
    held = 0
    for key, values in groups:
        chunk.append((key, values))
        held += len(values)
        if held >= size:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


class Engine(Protocol):
    """What a build runs its work on; used as a context manager around the whole build."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def analyse(self, documents: Iterator[Document]) -> Iterator[DocAnalysis]:
        """Analyses of `documents`, in their order."""
        ...

    def map_groups(
        self, groups: Iterable[tuple[str, list[V]]], fn: Callable[[str, list[V]], R]
    ) -> Iterator[R]:
        """A keyed reduce over formed groups (`MapGroups`)."""
        ...
