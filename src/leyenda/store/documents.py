"""Documents and their analyses: what a build stores per document, and reads back.

The documents (their text, origin and bytes' hash, `pipeline`'s arrival checks), their
analyses (`DocAnalysis`, with the analyser that made them), the full-text index kept in
step, and the signatures and source groups of documents that copy one another
(`sources`, schema 7).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from ..model import DocAnalysis, Document
from .connection import BaseStore, utc_now
from .schema import RESOLVED_KEY, STATE_KEY


class DocumentsStore(BaseStore):
    """The part of `Store` that holds the documents and their analyses."""

    def has_sha256(self, sha: str) -> bool:
        """Whether these exact input bytes were analysed already (so a rebuild skips them)."""
        return (
            self._conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            is not None
        )

    def document_at(self, origin: str) -> Document | None:
        """The stored document from this origin (`Document.path`), without its text or
        where its pages start (but with the pages OCR read)."""
        if not origin:
            return None
        row = self._conn.execute(
            "SELECT id, title, source, published, sha256, '', path, ocr_pages FROM documents "
            "WHERE path = ? ORDER BY num LIMIT 1",
            (origin,),
        ).fetchone()
        return None if row is None else _document(row, ocr_pages=row[7])

    def origin_of(self, doc_id: str) -> str | None:
        """Where the stored document with this id came from; None when no document has it."""
        row = self._conn.execute("SELECT path FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def id_of_sha256(self, sha: str) -> str | None:
        """The id of the stored document with these exact bytes, or None."""
        row = self._conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
        return None if row is None else str(row[0])

    def unsigned_documents(self, limit: int = 500) -> list[tuple[int, str]]:
        """(num, text) of up to `limit` documents without a MinHash signature yet."""
        return [
            (int(r[0]), str(r[1]))
            for r in self._conn.execute(
                "SELECT num, text FROM documents WHERE minhash IS NULL ORDER BY num LIMIT ?",
                (limit,),
            )
        ]

    def has_unsigned(self) -> bool:
        """Whether a document lacks its signature (new, edited, or from before version 7)."""
        return (
            self._conn.execute("SELECT 1 FROM documents WHERE minhash IS NULL LIMIT 1").fetchone()
            is not None
        )

    def add_signatures(self, rows: Sequence[tuple[int, bytes, Sequence[int]]]) -> None:
        """Store (document num, signature, LSH band keys) for each row, in one transaction."""
        with self.atomic():
            self._conn.executemany(
                "UPDATE documents SET minhash = ? WHERE num = ?", [(sig, n) for n, sig, _ in rows]
            )
            self._conn.executemany(
                "INSERT OR IGNORE INTO source_bands (band, doc) VALUES (?, ?)",
                [(band, n) for n, _sig, bands in rows for band in bands],
            )

    def band_mates(self, num: int) -> list[tuple[int, bytes]]:
        """(num, signature) of every other document sharing an LSH band with this one."""
        return [
            (int(r[0]), bytes(r[1]))
            for r in self._conn.execute(
                "SELECT DISTINCT d.num, d.minhash FROM source_bands AS b1 "
                "JOIN source_bands AS b2 ON b2.band = b1.band AND b2.doc != b1.doc "
                "JOIN documents AS d ON d.num = b2.doc WHERE b1.doc = ?",
                (num,),
            )
        ]

    def signature_of(self, num: int) -> bytes:
        row = self._conn.execute("SELECT minhash FROM documents WHERE num = ?", (num,)).fetchone()
        return b"" if row is None or row[0] is None else bytes(row[0])

    def text_at(self, num: int) -> str:
        """One stored document's text by its number ('' for an unknown one)."""
        row = self._conn.execute("SELECT text FROM documents WHERE num = ?", (num,)).fetchone()
        return "" if row is None else str(row[0])

    def add_copies(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Record pairs of documents (nums, smaller first) found to copy one another."""
        with self.atomic():
            self._conn.executemany(
                "INSERT OR IGNORE INTO source_copies (a, b) VALUES (?, ?)",
                [(min(a, b), max(a, b)) for a, b in pairs],
            )

    def copies(self) -> list[tuple[str, str]]:
        """Every recorded pair of documents that copy one another, as document ids."""
        return [
            (r[0], r[1])
            for r in self._conn.execute(
                "SELECT da.id, db.id FROM source_copies AS c "
                "JOIN documents AS da ON da.num = c.a JOIN documents AS db ON db.num = c.b"
            )
        ]

    def set_source_groups(self, groups: dict[str, str]) -> None:
        """Record each document's source group (`sources`), writing only what changed."""
        with self.atomic():
            self._conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS new_groups (id TEXT PRIMARY KEY, g TEXT) "
                "WITHOUT ROWID"
            )
            self._conn.execute("DELETE FROM new_groups")
            self._conn.executemany(
                "INSERT INTO new_groups (id, g) VALUES (?, ?)", sorted(groups.items())
            )
            self._conn.execute(
                "UPDATE documents SET source_group = (SELECT g FROM new_groups WHERE "
                "new_groups.id = documents.id) WHERE source_group IS NOT (SELECT g FROM "
                "new_groups WHERE new_groups.id = documents.id)"
            )
            self._conn.execute("DELETE FROM new_groups")

    def source_groups(self) -> dict[str, str]:
        """Document id → source group, for the documents grouped so far."""
        return {
            r[0]: r[1]
            for r in self._conn.execute(
                "SELECT id, source_group FROM documents WHERE source_group IS NOT NULL"
            )
        }

    def set_source(self, doc_id: str, source: str) -> None:
        """A stored document's new source (what a manifest says); its analysis stays."""
        with self.atomic():
            self._conn.execute("UPDATE documents SET source = ? WHERE id = ?", (source, doc_id))

    def stale_documents(self, analyser: str) -> list[str]:
        """Ids of the stored documents analysed by another analyser than `analyser`, in id
        order: a newer leyenda or model redoes them from their stored text."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT doc_id FROM analyses WHERE analyser != ? ORDER BY doc_id", (analyser,)
            )
        ]

    def save_analysis(self, a: DocAnalysis, analyser: str = "") -> None:
        """Store one document and its analysis in a transaction of their own.

        Same id again replaces the row in place (its new bytes, its new analysis), so the
        derived tables that cite the id stay valid until the next resolution. Saving marks
        the case file unresolved, so a build that stops before resolving is finished by
        the next one. A *different* id with bytes already stored violates ``sha256 UNIQUE``
        (`sqlite3.IntegrityError`): callers skip known bytes with `has_sha256`. `analyser`
        (`analyse.analyser_fingerprint`) is recorded with the analysis (`stale_documents`).
        """
        d = a.document
        stored = replace(a, document=replace(d, text="", pages=(), ocr_pages=())).to_json()
        with self.atomic():
            old = self._conn.execute(
                "SELECT num, title, text FROM documents WHERE id = ?", (d.id,)
            ).fetchone()
            if old is not None:
                self._fts_write("delete", old[0], old[1], old[2])
                # its text may have changed: signed and grouped again (`sources`)
                self._conn.execute("DELETE FROM source_bands WHERE doc = ?", (old[0],))
                self._conn.execute(
                    "DELETE FROM source_copies WHERE a = ? OR b = ?", (old[0], old[0])
                )
                # its clusters are stale: the next resolution must be a full one
                self._conn.execute("DELETE FROM meta WHERE key = ?", (STATE_KEY,))
            self._conn.execute(
                "INSERT INTO documents (id, title, source, published, sha256, path, text, "
                "added_at, pages, ocr_pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                "source = excluded.source, published = excluded.published, "
                "path = excluded.path, text = excluded.text, minhash = NULL, "
                "pages = excluded.pages, ocr_pages = excluded.ocr_pages, "
                "added_at = CASE WHEN sha256 = excluded.sha256 THEN added_at "
                "ELSE excluded.added_at END, sha256 = excluded.sha256",
                (
                    d.id,
                    d.title,
                    d.source,
                    d.published,
                    d.sha256,
                    d.path,
                    d.text,
                    utc_now(),
                    json.dumps(list(d.pages)) if d.pages else None,
                    json.dumps(list(d.ocr_pages)) if d.ocr_pages else None,
                ),
            )
            num = self._conn.execute("SELECT num FROM documents WHERE id = ?", (d.id,)).fetchone()[
                0
            ]
            self._fts_write(None, num, d.title, d.text)
            self._conn.execute(
                "INSERT INTO analyses (doc_id, json, analyser) VALUES (?, ?, ?) "
                "ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, "
                "analyser = excluded.analyser",
                (d.id, stored, analyser),
            )
            self._conn.execute("DELETE FROM meta WHERE key = ?", (RESOLVED_KEY,))

    def _fts_write(self, command: str | None, num: int, title: str, text: str) -> None:
        """Keep the external-content FTS index in step with `documents`."""
        if self._fts:
            if command is None:
                self._conn.execute(
                    "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                    (num, title, text),
                )
            else:
                self._conn.execute(
                    "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
                    "VALUES (?, ?, ?, ?)",
                    (command, num, title, text),
                )
        elif self._fts_orphan:  # an index this SQLite cannot update: the next one rebuilds it
            self._conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_stale', 'yes')"
            )

    def analyses(self, *, with_text: bool = True) -> Iterator[DocAnalysis]:
        """Every stored analysis, by document id, read row by row (a corpus can be large).

        `with_text=False` leaves `Document.text` empty: resolution and reconciliation never
        read it, and a large corpus's text would be most of their memory.
        """
        text = "d.text" if with_text else "''"
        cur = self._conn.execute(
            f"SELECT d.id, d.title, d.source, d.published, d.sha256, {text}, d.path, d.pages, "
            "d.ocr_pages, a.json "
            "FROM analyses AS a JOIN documents AS d ON d.id = a.doc_id ORDER BY d.id"
        )
        try:
            for row in cur:
                analysis = DocAnalysis.from_json(row[9])
                yield replace(analysis, document=_document(row, row[7], row[8]))
        finally:
            cur.close()

    def analyses_of(self, doc_ids: Iterable[str]) -> list[DocAnalysis]:
        """The stored analyses of some documents, without their text."""
        out = []
        for doc_id in doc_ids:
            row = self._conn.execute(
                "SELECT d.id, d.title, d.source, d.published, d.sha256, '', d.path, a.json "
                "FROM analyses AS a JOIN documents AS d ON d.id = a.doc_id WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
            if row is not None:
                out.append(replace(DocAnalysis.from_json(row[7]), document=_document(row)))
        return out

    def document_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[str]:
        """The ids of every stored document, in id order (small even for a large corpus)."""
        return [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY id")]

    def document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        row = self._conn.execute(
            "SELECT id, title, source, published, sha256, text, path, pages, ocr_pages "
            "FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return None if row is None else _document(row, row[7], row[8])

    def documents(self) -> list[Document]:
        """Every stored document, by id."""
        return [
            _document(r, r[7], r[8])
            for r in self._conn.execute(
                "SELECT id, title, source, published, sha256, text, path, pages, ocr_pages "
                "FROM documents ORDER BY id"
            )
        ]

    def titles(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._conn.execute("SELECT id, title FROM documents")}

    def titles_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """id → title of the documents `doc_ids`."""
        among = self._temp_ids("wanted_documents", doc_ids)
        return {
            r[0]: r[1]
            for r in self._conn.execute(f"SELECT id, title FROM documents WHERE id IN {among}")
        }

    def unresolved_times(self) -> dict[str, tuple[str, ...]]:
        """Per document, the time expressions it gave no anchor for (only non-empty ones)."""
        out: dict[str, tuple[str, ...]] = {}
        try:  # JSON1 reads one field without parsing the whole analysis
            rows: Iterable[tuple[str, str | None]] = self._conn.execute(
                "SELECT doc_id, json_extract(json, '$.unresolved_times') FROM analyses "
                "ORDER BY doc_id"
            ).fetchall()
        except sqlite3.OperationalError:  # pragma: no cover - SQLite without JSON1
            rows = [
                (r[0], json.dumps(json.loads(r[1]).get("unresolved_times", [])))
                for r in self._conn.execute("SELECT doc_id, json FROM analyses ORDER BY doc_id")
            ]
        for doc_id, raw in rows:
            times = tuple(json.loads(raw)) if raw else ()
            if times:
                out[doc_id] = times
        return out


def _document(
    row: Sequence[Any], pages: str | None = None, ocr_pages: str | None = None
) -> Document:
    """A `documents` row (id, title, source, published, sha256, text, path) as the model;
    `pages`, `ocr_pages`: the row's columns of those names, where they were read."""
    return Document(
        id=row[0],
        title=row[1],
        source=row[2],
        published=row[3],
        sha256=row[4],
        text=row[5],
        path=row[6],
        pages=tuple(json.loads(pages)) if pages else (),
        ocr_pages=tuple(json.loads(ocr_pages)) if ocr_pages else (),
    )
