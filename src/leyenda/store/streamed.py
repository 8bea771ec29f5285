"""The streamed cross-document stage's tables (`cross`): what it writes and reads back in
key order so that SQLite's indexes do the grouping and memory does not grow with the
corpus.

The clusters it streams in, their blocks read back one block at a time, each final group
(entity) with its joins, and the temporary tables it stages facts, conflicts and real
people in until a subject's facts are reconciled. All of it runs in the caller's one
transaction.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from operator import itemgetter

from ..model import Conflict, Entity, Evidence, Fact, surer
from ..resolve import Cluster, Edge, plain_id
from .casefile import CaseFileStore
from .schema import DERIVED_TABLES
from .state import ResolutionStateStore

#: Pickle protocol of the rows a build stages in temporary tables.
_PICKLE = 5


class StreamedStore(ResolutionStateStore, CaseFileStore):
    """The part of `Store` the streamed stage writes through (on the resolution state and
    the case file's tables)."""

    def clear_derived(self) -> None:
        """Delete the derived case file and the resolution state (a full resolution is
        about to write both anew, in the caller's transaction)."""
        for table in DERIVED_TABLES:
            self._conn.execute(f"DELETE FROM {table}")
        self.clear_clusters()

    def insert_clusters(self, clusters: Iterable[Cluster]) -> None:
        """Clusters whose state (`comp_a`, ..., the entity) is not known yet."""
        self._conn.executemany(
            f"INSERT INTO clusters ({self._CLUSTER_COLS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', -1, -1, -1, '')",
            (
                (c.id, c.doc, c.root, c.label, " ".join(c.key), c.suffix, c.nickname, c.name,
                 int(c.typed), c.pinned, c.label, json.dumps(list(c.members)), c.summary)
                for c in clusters
            ),
        )  # fmt: skip

    def iter_clusters(self, *, summaries: bool = False) -> Iterator[Cluster]:
        """Every stored cluster in id (corpus) order, read row by row: lean, or with
        their members and summaries when asked for."""
        extra = ", members, summary" if summaries else ""
        cur = self._conn.execute(f"SELECT {self._LEAN_COLS}{extra} FROM clusters ORDER BY id")
        try:
            for r in cur:
                c = self._lean_cluster(r)
                if summaries:
                    c.members, c.summary = tuple(json.loads(r[10])), r[11]
                yield c
        finally:
            cur.close()

    def add_blocks(self, rows: Iterable[tuple[str, str, int]]) -> None:
        """(phase, block key, cluster id) rows."""
        self._conn.executemany(
            "INSERT OR IGNORE INTO cluster_blocks (phase, key, cluster) VALUES (?, ?, ?)", rows
        )

    def iter_blocks(self, phase: str) -> Iterator[tuple[str, list[Cluster]]]:
        """Every block of one phase with its members (in id order), blocks in key order:
        SQLite's index does the grouping, so no phase is ever held whole."""
        cols = ", ".join(f"c.{c}" for c in self._LEAN_COLS.split(", "))
        cur = self._conn.execute(
            f"SELECT b.key, {cols} FROM cluster_blocks AS b JOIN clusters AS c "
            "ON c.id = b.cluster WHERE b.phase = ? ORDER BY b.key, b.cluster",
            (phase,),
        )
        try:
            for key, rows in groupby(cur, key=itemgetter(0)):
                yield key, [self._lean_cluster(r[1:]) for r in rows]
        finally:
            cur.close()

    def person_clusters_of(self, doc_id: str) -> list[int]:
        """The ids of one document's clusters labelled person."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM clusters WHERE doc_id = ? AND label = 'person'", (doc_id,)
            )
        ]

    def set_cluster_state(self, rows: Iterable[tuple[str, bool, int, int, int, int]]) -> None:
        """(flags JSON, whether they make it a person (`Cluster.kind`), comp_a, comp_c,
        final, id) for every cluster."""
        self._conn.executemany(
            "UPDATE clusters SET flags = ?, label_b = CASE WHEN ? THEN 'person' ELSE label END, "
            "comp_a = ?, comp_c = ?, final = ? WHERE id = ?",
            rows,
        )

    def iter_final_groups(self) -> Iterator[tuple[list[Cluster], list[Edge]]]:
        """Each final group (entity) of clusters, in order of its first cluster, with its
        members (corpus order, summaries and state) and the joins among them: two
        cursors in the same order, merged, so one group at a time is held."""
        clusters = self._conn.execute(
            f"SELECT {self._CLUSTER_COLS} FROM clusters ORDER BY final, id"
        )
        edges = self._conn.execute(
            "SELECT c.final, e.a, e.b, e.phase, e.block, e.rule, e.names, e.detail "
            "FROM cluster_edges AS e JOIN clusters AS c ON c.id = e.a ORDER BY c.final"
        )
        after = edges.fetchone()

        def edges_of(final: int) -> list[Edge]:
            nonlocal after
            out: list[Edge] = []
            while after is not None and after[0] <= final:
                r = after
                if r[0] == final:
                    out.append(Edge(r[1], r[2], r[3], r[5], tuple(json.loads(r[6])), r[7], r[4]))
                after = edges.fetchone()
            return out

        try:
            group: list[Cluster] = []
            for r in clusters:
                c = self._stored_cluster(r)
                if group and group[0].final != c.final:
                    yield group, edges_of(group[0].final)
                    group = []
                group.append(c)
            if group:
                yield group, edges_of(group[0].final)
        finally:
            clusters.close()
            edges.close()

    def add_entity(self, e: Entity, position: int) -> bool:
        """Insert a new entity's row, not its child rows (`add_entity_rows`); False
        (nothing written) when its id is taken. `e` is as `resolve.entity_of` builds it:
        its `real` is what the text says (`said_real`); `add_staged` adds the facts' word."""
        real = None if e.real is None else int(e.real)
        try:
            self._conn.execute(
                "INSERT INTO entities (id, position, type, name, real, plain, said_real) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (e.id, position, e.type, e.name, real, plain_id(e), real),
            )  # fmt: skip
        except sqlite3.IntegrityError:
            return False
        return True

    def add_entity_rows(self, entities: Sequence[Entity]) -> None:
        """The aliases, mentions and merge reasons of entities whose rows are stored."""
        self._insert_entity_rows(entities)

    def entity_row(self, eid: str) -> tuple[str, str]:
        """(type, name) of a stored entity."""
        row = self._conn.execute("SELECT type, name FROM entities WHERE id = ?", (eid,)).fetchone()
        return row[0], row[1]

    def rename_entity(self, old: str, new: str, position: int) -> None:
        """Give a stored entity (with no facts yet) another id and position."""
        conn = self._conn
        conn.execute(
            "INSERT INTO entities (id, position, type, name, real, plain, said_real) "
            "SELECT ?, ?, type, name, real, plain, said_real FROM entities WHERE id = ?",
            (new, position, old),
        )
        for table in ("entity_aliases", "mentions", "merge_reasons"):
            conn.execute(f"UPDATE {table} SET entity_id = ? WHERE entity_id = ?", (new, old))
        conn.execute("DELETE FROM entities WHERE id = ?", (old,))
        conn.execute("UPDATE temp.group_entities SET entity_id = ? WHERE entity_id = ?", (new, old))

    def prepare_lookups(self) -> None:
        """Create the temporary tables `entity_names_of`, `titles_of` and
        `entities_of_type` fill, before a cursor that must stay open while they are used."""
        self.entity_names_of(())
        self.titles_of(())
        self.entities_of_type("work", ())

    def add_group_entities(self, rows: Iterable[tuple[int, str]]) -> None:
        """Remember (final group, entity id) rows until `apply_group_entities`."""
        conn = self._conn
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS group_entities "
            "(final INTEGER PRIMARY KEY, entity_id TEXT NOT NULL)"
        )
        conn.executemany("INSERT OR REPLACE INTO group_entities VALUES (?, ?)", rows)

    def apply_group_entities(self) -> None:
        """Give every cluster the entity id of its final group (`add_group_entities`)."""
        self._conn.execute(
            "UPDATE clusters SET entity_id = (SELECT g.entity_id FROM temp.group_entities AS g "
            "WHERE g.final = clusters.final)"
        )
        self._conn.execute("DROP TABLE temp.group_entities")

    def mention_entities(self, doc_id: str) -> dict[int, str]:
        """mention index → entity id for one document (from its clusters)."""
        out: dict[int, str] = {}
        for members, eid in self._conn.execute(
            "SELECT members, entity_id FROM clusters WHERE doc_id = ?", (doc_id,)
        ):
            for mi in json.loads(members):
                out[mi] = eid
        return out

    def stage_facts(self, facts: Iterable[Fact]) -> None:
        """Hold stated facts aside (one row per document that says each) until they are
        merged and reconciled by subject (`staged_subjects`)."""
        conn = self._conn
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staged_facts (subject TEXT NOT NULL, "
            "id TEXT NOT NULL, predicate TEXT NOT NULL, fact BLOB NOT NULL)"
        )
        conn.executemany(
            "INSERT INTO staged_facts VALUES (?, ?, ?, ?)",
            ((f.subject, f.id, f.predicate, pickle.dumps(f, _PICKLE)) for f in facts),
        )

    def staged_subjects(self, predicate: str | None = None) -> Iterator[tuple[str, list[Fact]]]:
        """The staged facts subject by subject (in id order), each fact once with the
        evidence of every document that says it (in document order); with `predicate`,
        only the facts of that predicate."""
        where, params = ("WHERE predicate = ?", (predicate,)) if predicate else ("", ())
        cur = self._conn.execute(
            f"SELECT subject, id, fact FROM staged_facts {where} ORDER BY subject, id, rowid",
            params,
        )
        try:
            for subject, rows in groupby(cur, key=itemgetter(0)):
                facts: list[Fact] = []
                for _, said in groupby(rows, key=itemgetter(1)):
                    # one fact, as each document that says it staged it: its evidence
                    # once each, in document order (a dict keeps that order)
                    first: Fact | None = None
                    surest: Fact | None = None  # whose confidence and rule it takes
                    evidence: dict[Evidence, None] = {}
                    for _, _, blob in said:
                        f: Fact = pickle.loads(blob)
                        first = first or f
                        if surest is None or surer(f, surest):
                            surest = f
                        evidence.update(dict.fromkeys(f.evidence))
                    assert first is not None and surest is not None
                    facts.append(
                        replace(
                            first,
                            evidence=tuple(evidence),
                            confidence=surest.confidence,
                            rule=surest.rule,
                        )
                    )
                yield subject, facts
        finally:
            cur.close()

    def add_facts(self, facts: Sequence[Fact], start: int) -> None:
        """Facts at positions from `start` (their derivations' sources already stored or
        among them)."""
        self._insert_facts(facts, start)

    def stage_conflicts(self, conflicts: Iterable[Conflict], real: Iterable[str]) -> None:
        """Conflicts and real ids found subject by subject, held until every fact they
        cite is stored (`add_staged`)."""
        conn = self._conn
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staged_conflicts (id TEXT PRIMARY KEY, c BLOB)"
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS staged_real (id TEXT PRIMARY KEY)")
        conn.executemany(
            "INSERT OR REPLACE INTO staged_conflicts VALUES (?, ?)",
            ((c.id, pickle.dumps(c, _PICKLE)) for c in conflicts),
        )
        conn.executemany("INSERT OR IGNORE INTO staged_real VALUES (?)", ((i,) for i in real))

    def add_staged(self) -> None:
        """Write the staged conflicts (in id order) and mark the staged real people; then
        number entities and facts in id order, as a build always has."""
        conn = self._conn
        self.stage_conflicts((), ())
        for i, sql in enumerate(
            (
                "INSERT INTO conflicts (id, position, kind, summary) VALUES (?, ?, ?, ?)",
                "INSERT INTO conflict_facts (conflict_id, position, fact_id) VALUES (?, ?, ?)",
            )
        ):
            rows = conn.execute("SELECT c FROM staged_conflicts ORDER BY id")
            staged: Iterator[Conflict] = (pickle.loads(r[0]) for r in rows)
            if i == 0:
                conn.executemany(sql, ((c.id, n, c.kind, c.summary) for n, c in enumerate(staged)))
            else:
                conn.executemany(
                    sql, ((c.id, n, fid) for c in staged for n, fid in enumerate(c.facts))
                )
        conn.execute(
            "UPDATE entities SET real = 1 WHERE type = 'person' AND said_real IS NOT 0 "
            "AND id IN (SELECT id FROM staged_real)"
        )
        # plain SQL any SQLite with JSON runs (no UPDATE ... FROM, no window functions)
        for table in ("entities", "facts"):
            conn.execute("CREATE TEMP TABLE ranked (p INTEGER PRIMARY KEY, id TEXT UNIQUE)")
            conn.execute(f"INSERT INTO ranked (id) SELECT id FROM {table} ORDER BY id")
            conn.execute(f"UPDATE {table} SET position = -1 - position")
            conn.execute(
                f"UPDATE {table} SET position = "
                f"(SELECT r.p - 1 FROM temp.ranked AS r WHERE r.id = {table}.id)"
            )
            conn.execute("DROP TABLE temp.ranked")
        for temp in ("staged_facts", "staged_conflicts", "staged_real"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{temp}")
