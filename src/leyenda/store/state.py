"""Resolution's working state (schema 3): every local cluster with where resolution left
it, the blocks it falls in and the joins each block's decision made.

A full resolution writes it (`cross`); a build that adds documents starts from it and
re-decides only the new documents' blocks (`increment`). Not part of the case file's
contract: outside tools need none of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..resolve import PHASES, Cluster, Edge, block_keys
from .connection import BaseStore
from .schema import CLUSTERED_KEY


class ResolutionStateStore(BaseStore):
    """The part of `Store` that keeps resolution's working state."""

    _CLUSTER_COLS = (
        "id, doc_id, root, label, key, suffix, nickname, name, typed, pinned, label_b, "
        "members, summary, flags, comp_a, comp_c, final, entity_id"
    )

    def clear_clusters(self) -> None:
        """Forget the resolution state (a full resolution writes it anew)."""
        for table in ("cluster_edges", "cluster_blocks", "clusters"):
            self._conn.execute(f"DELETE FROM {table}")

    def add_clusters(self, clusters: Sequence[Cluster], entity_ids: dict[int, str]) -> None:
        """Store clusters with their state and every block they fall in, phase by phase.

        Rows are generated as SQLite takes them: the blocks of a large corpus are several
        rows per cluster, too many to hold as a list first."""
        self._conn.executemany(
            f"INSERT INTO clusters ({self._CLUSTER_COLS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (c.id, c.doc, c.root, c.label, " ".join(c.key), c.suffix, c.nickname, c.name,
                 int(c.typed), c.pinned, c.kind, json.dumps(list(c.members)), c.summary,
                 json.dumps(c.flags), c.comp_a, c.comp_c, c.final, entity_ids[c.final])
                for c in clusters
            ),
        )  # fmt: skip
        self._conn.executemany(
            "INSERT OR IGNORE INTO cluster_blocks (phase, key, cluster) VALUES (?, ?, ?)",
            (
                (phase, k, c.id)
                for c in clusters
                for phase in PHASES[:-1]
                for k in block_keys(c, phase, c.flags)
            ),
        )

    def add_edges(self, edges: Iterable[Edge]) -> None:
        self._conn.executemany(
            "INSERT INTO cluster_edges (a, b, phase, block, rule, names, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (e.a, e.b, e.phase, e.block, e.rule, json.dumps(list(e.names), ensure_ascii=False),
                 e.detail)
                for e in edges
            ),
        )  # fmt: skip

    def _clusters(self, where: str, params: Sequence[Any]) -> list[Cluster]:
        out = [
            self._stored_cluster(r)
            for r in self._conn.execute(
                f"SELECT {self._CLUSTER_COLS} FROM clusters WHERE {where}", params
            )
        ]
        out.sort(key=lambda c: c.order)
        return out

    def block_clusters(self, phase: str, key: str) -> list[Cluster]:
        """The stored clusters in one block of one phase, in corpus order."""
        return self._clusters(
            "id IN (SELECT cluster FROM cluster_blocks WHERE phase = ? AND key = ?)", (phase, key)
        )

    def doc_clusters(self, doc_id: str) -> list[Cluster]:
        return self._clusters("doc_id = ?", (doc_id,))

    def final_clusters(self, finals: Iterable[int]) -> list[Cluster]:
        """Every stored cluster of the given final groups (entities)."""
        out: list[Cluster] = []
        ids = sorted(set(finals))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out += self._clusters(f"final IN ({', '.join('?' * len(chunk))})", chunk)
        out.sort(key=lambda c: c.order)
        return out

    def block_edges(self, phase: str, key: str) -> list[Edge]:
        return self._edges("phase = ? AND block = ?", (phase, key))

    def edges_from(self, ids: Iterable[int]) -> list[Edge]:
        """Stored edges whose first end is one of `ids`."""
        out: list[Edge] = []
        chunked = sorted(set(ids))
        for i in range(0, len(chunked), 500):
            chunk = chunked[i : i + 500]
            out += self._edges(f"a IN ({', '.join('?' * len(chunk))})", chunk)
        return out

    def _edges(self, where: str, params: Sequence[Any]) -> list[Edge]:
        return [
            Edge(r[0], r[1], r[2], r[4], tuple(json.loads(r[5])), r[6], r[3])
            for r in self._conn.execute(
                f"SELECT a, b, phase, block, rule, names, detail FROM cluster_edges WHERE {where}",
                params,
            )
        ]

    def delete_block_edges(self, phase: str, key: str) -> None:
        self._conn.execute("DELETE FROM cluster_edges WHERE phase = ? AND block = ?", (phase, key))

    def max_cluster_id(self) -> int:
        return int(self._conn.execute("SELECT coalesce(max(id), -1) FROM clusters").fetchone()[0])

    def unclustered_documents(self) -> list[str]:
        """Documents stored since the last resolution (no cluster of theirs is stored);
        a document that names nobody has no clusters and is never one of them.

        Only documents stored after the last resolution's newest one are looked at
        (`mark_clustered`), so finding one new document does not read the whole case file.
        """
        since = self.get_meta(CLUSTERED_KEY)
        newer = "d.num > ?" if since is not None else "1"
        # CROSS JOIN keeps documents the outer loop, so the range on its rowid is used
        # (left to itself SQLite walks every analysis in id order, for the ORDER BY)
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT a.doc_id FROM documents AS d CROSS JOIN analyses AS a ON a.doc_id = d.id "
                f"WHERE {newer} AND a.doc_id NOT IN (SELECT doc_id FROM clusters) "
                "AND json_array_length(a.json, '$.mentions') > 0 ORDER BY a.doc_id",
                () if since is None else (int(since),),
            )
        ]

    def mark_clustered(self) -> None:
        """Remember that every document stored so far is resolved (`unclustered_documents`)."""
        row = self._conn.execute("SELECT coalesce(max(num), 0) FROM documents").fetchone()
        self.set_meta(CLUSTERED_KEY, str(row[0]))

    def cluster_entity_ids(self, finals: Iterable[int]) -> list[tuple[int, str]]:
        """(final group, entity id) for the given groups."""
        ids = sorted(set(finals))
        out: list[tuple[int, str]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            out += self._conn.execute(
                "SELECT DISTINCT final, entity_id FROM clusters "
                f"WHERE final IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        return out

    def set_cluster_entities(self, final: int, entity_id: str) -> None:
        self._conn.execute("UPDATE clusters SET entity_id = ? WHERE final = ?", (entity_id, final))

    #: The columns a block's decision reads: not the members or the summary, the bulk of
    #: a row (a lean cluster has neither).
    _LEAN_COLS = "id, doc_id, root, label, key, suffix, nickname, name, typed, pinned"

    @staticmethod
    def _lean_cluster(r: Sequence[Any]) -> Cluster:
        return Cluster(
            r[1], r[2], r[3], tuple(r[4].split()) if r[4] else (), r[5], r[6], r[7],
            bool(r[8]), r[9], (), "{}", r[0],
        )  # fmt: skip

    @classmethod
    def _stored_cluster(cls, r: Sequence[Any]) -> Cluster:
        """A `_CLUSTER_COLS` row (its first columns are `_LEAN_COLS`) as a cluster."""
        c = cls._lean_cluster(r)
        c.members, c.summary = tuple(json.loads(r[11])), r[12]
        c.flags = json.loads(r[13])
        c.comp_a, c.comp_c, c.final = r[14], r[15], r[16]
        return c
