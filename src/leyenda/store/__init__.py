"""The case file: one SQLite database that outside tools can read with plain SQL.

Why SQLite and this shape: a case file is one file a user can copy, open in any SQLite
browser or query from another program, so every column is labelled, every reference is a
real foreign key (``PRAGMA foreign_keys=ON`` on every connection leyenda opens), and list
fields of the model are child tables with a ``position`` column instead of JSON blobs. WAL
mode lets ``serve``/``ask`` read while a ``build`` writes.

`Store` is one object over one connection; its methods are grouped by concern in the
modules of this package, each a part `Store` is made of:

* `schema`: the SQL of every schema version (`MIGRATIONS`), the tables described, and the
  meta keys;
* `connection`: opening, migrating, transactions (`atomic`), meta, `build_lock`;
* `documents`: documents and their analyses, the full-text index, source signatures;
* `casefile`: the resolved case file (entities, facts, conflicts), written whole, changed
  in part (`increment`) and read back;
* `overrides`: the user's merges and splits;
* `state`: resolution's working state (clusters, blocks, joins);
* `streamed`: the streamed cross-document stage's tables (`cross`).
"""

from __future__ import annotations

from .connection import build_lock
from .overrides import OverridesStore
from .schema import (
    APPLICATION_ID,
    CLUSTERED_KEY,
    DERIVED_TABLES,
    MIGRATIONS,
    RESOLVED_KEY,
    SCHEMA_VERSION,
    STATE_KEY,
)
from .streamed import StreamedStore


class Store(StreamedStore, OverridesStore):
    """An open case file. Use `Store.open`; close it (or use it as a context manager)."""


__all__ = [
    "APPLICATION_ID",
    "CLUSTERED_KEY",
    "DERIVED_TABLES",
    "MIGRATIONS",
    "RESOLVED_KEY",
    "SCHEMA_VERSION",
    "STATE_KEY",
    "Store",
    "build_lock",
]
