"""The case file: one SQLite database that outside tools can read with plain SQL.

Why SQLite and this shape: a case file is one file a user can copy, open in any SQLite
browser or query from another program, so every column is labelled, every reference is a
real foreign key (``PRAGMA foreign_keys=ON`` on every connection leyenda opens), and list
fields of the model are child tables with a ``position`` column instead of JSON blobs. WAL
mode lets ``serve``/``ask`` read while a ``build`` writes.

Schema (version 8; ``migrations`` records every version applied):

``documents``
    ``num`` INTEGER PRIMARY KEY (a stable rowid, so the full-text index, which is keyed on
    it, survives ``VACUUM``), ``id`` TEXT UNIQUE (the document id every other table
    references), ``title``, ``source``, ``published`` (YYYY-MM-DD or NULL), ``sha256``
    UNIQUE (of the raw input bytes), ``path`` (the origin: the file's resolved path, or
    ``MANIFEST:ID``/``MANIFEST:LINE`` for a manifest's inline text; indexed from version 6:
    a build replaces the document of the same origin), ``text`` (as analysed: offsets point
    into it), ``added_at`` (UTC, when these bytes were first stored), ``minhash`` and
    ``source_group`` (version 7: the document's MinHash signature and the id of the group
    of documents that copy one another it is in, `sources`), ``pages`` (version 8: for a
    paged input, a PDF, where each page starts in ``text``, as a JSON list; else NULL).
``analyses``
    ``doc_id`` PK → documents ON DELETE CASCADE, ``json``: `DocAnalysis.to_json()` with the
    document's text left out (``documents.text`` is the one copy; it is put back on load),
    ``analyser`` (version 6: the fingerprint of the code and model that made it).
``entities``
    ``id`` PK, ``position`` (order in the case file), ``type`` CHECK one of the five types,
    ``name``, ``real`` NULL/0/1.
``entity_aliases`` (``entity_id`` → entities, ``position``, ``alias``)
``mentions`` (``entity_id`` → entities, ``position``, ``doc_id`` → documents, ``start``,
    ``end``, ``text``)
``merge_reasons`` (``entity_id`` → entities, ``position``, ``rule``, ``mentions`` JSON array,
    ``detail``)
``facts``
    ``id`` PK, ``position``, ``subject`` → entities, ``predicate``, ``modality`` CHECK,
    ``object``/``work``/``place`` → entities or NULL, ``value`` (JSON text, so 41 and "41"
    stay apart; NULL for none), ``time_start``/``time_end``/``time_text`` (all NULL or none).
``evidence`` (``fact_id`` → facts, ``position``, ``doc_id`` → documents, ``start``, ``end``,
    ``quote``)
``fact_derivations`` (``fact_id`` → facts, ``position``, ``source_fact_id`` → facts)
``conflicts`` (``id`` PK, ``position``, ``kind``, ``summary``)
``conflict_facts`` (``conflict_id`` → conflicts, ``position``, ``fact_id`` → facts)
``meta`` (``key`` PK, ``value``) and ``migrations`` (``version`` PK, ``applied_at``)
``overrides`` (version 2)
    ``position`` PK (order given), ``action`` CHECK 'merge'/'split', ``name``, ``other``
    (the second name of a merge, NULL for a split), ``created_at``. The user's corrections
    to resolution: inputs that every rebuild applies, never derived data.
``entities.plain`` (version 4)
    The id an entity has unless another shares its type and name (`resolve.plain_id`);
    how a build that adds documents finds the entities that compete for one id.
``clusters``, ``cluster_blocks``, ``cluster_edges`` (version 3)
    Resolution's working state, not part of the case file's contract: every local cluster
    (one document's chain of mentions of one referent) with where resolution left it, the
    blocks it falls in and the joins each block's decision made. A build that adds
    documents reads them to re-decide only the new documents' blocks (`increment`); every
    full resolution rewrites them. ``meta.resolution_state`` says they are whole.
``documents_fts``
    FTS5 over ``documents(title, text)`` (external content, rowid = ``documents.num``),
    present only where SQLite has FTS5.

Child tables cascade from the row they belong to (an entity's aliases go with it) but a
*reference* (a fact's subject, a mention's document, a derivation's source) blocks the
delete, so the derived tables can never point at nothing. The file carries an
``application_id`` so leyenda can tell its case files from other SQLite databases.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import CasefileError
from .model import (
    CaseFile,
    Conflict,
    DocAnalysis,
    Document,
    Entity,
    Evidence,
    Fact,
    MentionRef,
    MergeReason,
    TimeSpan,
    surer,
)
from .resolve import PHASES, Cluster, Edge, block_keys, plain_id

#: Pickle protocol of the rows a build stages in temporary tables.
_PICKLE = 5

#: Written into the SQLite header: "LEYN". Tells a case file from any other database.
APPLICATION_ID = 0x4C45594E

_SCHEMA_V1 = f"""
PRAGMA application_id = {APPLICATION_ID};
CREATE TABLE migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE TABLE documents (
    num       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    source    TEXT NOT NULL,
    published TEXT,
    sha256    TEXT NOT NULL UNIQUE,
    path      TEXT NOT NULL DEFAULT '',
    text      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
CREATE TABLE analyses (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    json   TEXT NOT NULL
);
CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    type     TEXT NOT NULL
             CHECK (type IN ('person', 'organization', 'place', 'work', 'other')),
    name     TEXT NOT NULL,
    real     INTEGER CHECK (real IS NULL OR real IN (0, 1))
);
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    alias     TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE TABLE mentions (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    doc_id    TEXT NOT NULL REFERENCES documents(id),
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE TABLE merge_reasons (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    mentions  TEXT NOT NULL,
    detail    TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE TABLE facts (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL UNIQUE,
    subject    TEXT NOT NULL REFERENCES entities(id),
    predicate  TEXT NOT NULL,
    modality   TEXT NOT NULL CHECK (modality IN ('reality', 'depiction', 'claim')),
    object     TEXT REFERENCES entities(id),
    value      TEXT,
    work       TEXT REFERENCES entities(id),
    place      TEXT REFERENCES entities(id),
    time_start TEXT,
    time_end   TEXT,
    time_text  TEXT,
    CHECK ((time_start IS NULL) = (time_end IS NULL)
           AND (time_end IS NULL) = (time_text IS NULL))
);
CREATE INDEX facts_subject ON facts(subject);
CREATE INDEX facts_object ON facts(object);
CREATE INDEX facts_work ON facts(work);
CREATE INDEX facts_place ON facts(place);
CREATE TABLE evidence (
    fact_id  TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    doc_id   TEXT NOT NULL REFERENCES documents(id),
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    quote    TEXT NOT NULL,
    PRIMARY KEY (fact_id, position)
);
CREATE INDEX evidence_doc ON evidence(doc_id);
CREATE TABLE fact_derivations (
    fact_id        TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    source_fact_id TEXT NOT NULL REFERENCES facts(id),
    PRIMARY KEY (fact_id, position)
);
CREATE INDEX fact_derivations_source ON fact_derivations(source_fact_id);
CREATE TABLE conflicts (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    kind     TEXT NOT NULL,
    summary  TEXT NOT NULL
);
CREATE TABLE conflict_facts (
    conflict_id TEXT NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    fact_id     TEXT NOT NULL REFERENCES facts(id),
    PRIMARY KEY (conflict_id, position)
);
CREATE INDEX conflict_facts_fact ON conflict_facts(fact_id);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

#: Version 2: the user's corrections to resolution (`leyenda merge` / `leyenda split`). They
#: are inputs, not derived data: a rebuild reads them and never deletes them.
_SCHEMA_V2 = """
CREATE TABLE overrides (
    position   INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    name       TEXT NOT NULL,
    other      TEXT,
    created_at TEXT NOT NULL,
    CHECK ((action = 'merge') = (other IS NOT NULL))
);
"""

#: Version 3: where resolution left each local cluster, so a build that adds documents
#: re-decides only the blocks their names fall in (`increment`). Internal working state,
#: rebuilt by every full resolution; outside tools need none of it.
_SCHEMA_V3 = """
CREATE TABLE clusters (
    id       INTEGER PRIMARY KEY,
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    root     INTEGER NOT NULL,
    label    TEXT NOT NULL,
    key      TEXT NOT NULL,
    suffix   TEXT NOT NULL,
    nickname TEXT,
    name     TEXT NOT NULL,
    typed    INTEGER NOT NULL,
    pinned   TEXT,
    label_b  TEXT,
    members  TEXT NOT NULL,
    summary  TEXT NOT NULL,
    flags    TEXT NOT NULL,
    comp_a   INTEGER NOT NULL,
    comp_c   INTEGER NOT NULL,
    final    INTEGER NOT NULL,
    entity_id TEXT NOT NULL
);
CREATE INDEX clusters_doc ON clusters(doc_id);
CREATE INDEX clusters_final ON clusters(final);
CREATE TABLE cluster_blocks (
    phase   TEXT NOT NULL,
    key     TEXT NOT NULL,
    cluster INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    PRIMARY KEY (phase, key, cluster)
) WITHOUT ROWID;
CREATE TABLE cluster_edges (
    a      INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    b      INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    phase  TEXT NOT NULL,
    block  TEXT NOT NULL,
    rule   TEXT NOT NULL,
    names  TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX cluster_edges_a ON cluster_edges(a);
CREATE INDEX cluster_edges_block ON cluster_edges(phase, block);
"""

#: Version 4: each entity's plain id (its type and normalized name, `resolve.plain_id`), so
#: a build that adds documents finds the entities sharing one without reading them all.
#: Entities of older case files have none: their next build resolves in full.
_SCHEMA_V4 = """
ALTER TABLE entities ADD COLUMN plain TEXT;
CREATE INDEX entities_plain ON entities(plain);
DELETE FROM meta WHERE key = 'resolution_state';
"""

#: Version 5: how sure the extractor is of each fact and which rule or model stated it.
#: Facts of older case files read as certain and unnamed until their next full build.
_SCHEMA_V5 = """
ALTER TABLE facts ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0
    CHECK (confidence >= 0 AND confidence <= 1);
ALTER TABLE facts ADD COLUMN rule TEXT NOT NULL DEFAULT '';
"""

#: Version 6: which analyser made each analysis (`analyse.analyser_fingerprint`), so a build
#: stopped halfway resumes with only the documents it had not done (the whole case file's
#: meta key was written at the end only), and documents found by their origin (`path`), so
#: an edited file replaces its old version and the same name from elsewhere stays apart.
_SCHEMA_V6 = """
ALTER TABLE analyses ADD COLUMN analyser TEXT NOT NULL DEFAULT '';
UPDATE analyses SET analyser = coalesce((SELECT value FROM meta WHERE key = 'analyser'), '');
CREATE INDEX documents_path ON documents(path);
"""

#: Version 7: each document's MinHash signature of its word shingles and the source group
#: it falls in (`sources`): copies of one article (mirrors, syndication) are one source.
#: ``source_bands`` is the LSH index (one row per band of a signature), so a build finds
#: the copies of its new documents without reading the others; ``source_copies`` holds
#: the pairs found to copy one another. Documents of older case files are signed and
#: grouped by their next build.
_SCHEMA_V7 = """
ALTER TABLE documents ADD COLUMN minhash BLOB;
ALTER TABLE documents ADD COLUMN source_group TEXT;
CREATE TABLE source_bands (
    band INTEGER NOT NULL,
    doc  INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
    PRIMARY KEY (band, doc)
) WITHOUT ROWID;
CREATE INDEX source_bands_doc ON source_bands(doc);
CREATE TABLE source_copies (
    a INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX source_copies_b ON source_copies(b);
"""

#: Version 8: where each page of a paged document (a PDF) starts in its text, so evidence
#: names its page.
_SCHEMA_V8 = """
ALTER TABLE documents ADD COLUMN pages TEXT;
"""

#: version → the SQL that brings a case file from version-1 to it. Never edit a released
#: entry: add the next one, so every older case file can be brought up to date.
MIGRATIONS: dict[int, str] = {
    1: _SCHEMA_V1,
    2: _SCHEMA_V2,
    3: _SCHEMA_V3,
    4: _SCHEMA_V4,
    5: _SCHEMA_V5,
    6: _SCHEMA_V6,
    7: _SCHEMA_V7,
    8: _SCHEMA_V8,
}
SCHEMA_VERSION = max(MIGRATIONS)

#: Derived tables, children first, so deleting in this order never trips a reference.
DERIVED_TABLES = (
    "conflict_facts",
    "conflicts",
    "fact_derivations",
    "evidence",
    "facts",
    "merge_reasons",
    "mentions",
    "entity_aliases",
    "entities",
)

#: The meta key `pipeline.build` reads to know the derived tables match the analyses.
RESOLVED_KEY = "resolved"

#: The meta key holding the newest document (`documents.num`) the last resolution read:
#: documents stored after it are the ones a build may add incrementally.
CLUSTERED_KEY = "clustered_through"

#: The meta key saying the stored resolution state (clusters, blocks, edges) is whole and
#: current: its value names the rules' version. Without it the next build resolves in full.
STATE_KEY = "resolution_state"

# content="documents" in double quotes: datasette recognises an external-content index
# (and offers search on `documents`) only when the table name is quoted as an identifier
_FTS_DDL = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    'title, text, content="documents", content_rowid="num")'
)


@contextmanager
def build_lock(path: str | Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the case file for one build at a time; a second build waits for the first.

    SQLite's own locks guard each transaction, not a build: two builds interleaving
    their documents would race to store the same bytes under two ids. An advisory
    ``flock`` on the case file itself (independent of SQLite's POSIX locks, so readers
    and SQLite are unaffected) serialises builds; `on_wait` is told once why this one
    waits. Where ``flock`` does not exist (Windows) builds are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    p = Path(path)
    if p.is_dir():
        raise CasefileError(f"{p}: is a folder, not a case file")
    created = not p.exists()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, (os.O_RDONLY if os.path.exists(p) else os.O_RDWR | os.O_CREAT), 0o644)
    except OSError as err:
        raise CasefileError(f"{p}: cannot open the case file ({err.strerror or err})") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"{p}: another build is writing this case file; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
        if created and p.exists() and p.stat().st_size == 0:
            p.unlink()  # the build stopped before it wrote anything: leave no empty file


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """A connection to the case file; `readonly` cannot write, even a WAL index.

    A read-only WAL database needs its ``-shm`` file: where none exists and none can be
    made (a read-only folder), the file is opened as immutable, which is safe because
    nothing may be writing to a file no one can write.
    """
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (see `Store.atomic`)
    if not readonly:
        return sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=30.0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=30.0
        )
    return conn


def _has_fts5(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite has full-text search (FTS5)."""
    try:
        return bool(conn.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0])
    except sqlite3.Error:  # pragma: no cover - very old SQLite
        return False


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _split_sql(script: str) -> list[str]:
    """Statements of a migration, so each runs inside our own transaction.

    (`executescript` would commit first, which would make a migration half-appliable.)
    """
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


class Store:
    """An open case file. Use `Store.open`; close it (or use it as a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._depth = 0  # atomic() nesting: 0 = no transaction open
        self._fts = False  # documents_fts exists and this SQLite can update it
        self._fts_orphan = False  # documents_fts exists but this SQLite lacks FTS5
        self._readonly = False  # opened with `readonly`: never writes

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, create: bool = False, *, readonly: bool = False) -> Store:
        """Open a case file, creating it (and its folder) when `create` is set.

        Raises `CasefileError` naming the path for a missing file, a file that is not a
        leyenda case file, or one written by a newer leyenda. An older case file is
        migrated in place. `readonly` opens it without ever writing (no migration, no
        journal-mode or index setup), so a case file one may only read can be read; what
        reads (`info`, `export`, `ask`, the web views) opens it so.
        """
        p = Path(path)
        if not p.exists():
            if not create or readonly:
                raise CasefileError(f"{p}: no such case file")
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise CasefileError(f"{p}: cannot create the case file ({err})") from err
        elif p.is_dir():
            raise CasefileError(f"{p}: is a folder, not a case file")
        elif not readonly and not os.access(p, os.W_OK):
            raise CasefileError(f"{p}: the case file is read-only (cannot write to it)")
        try:
            conn = _connect(p, readonly)
        except sqlite3.Error as err:
            raise CasefileError(f"{p}: cannot open the case file ({err})") from err
        store = cls(conn, p)
        store._readonly = readonly
        try:
            store._setup(create)
        except CasefileError:
            conn.close()
            raise
        except sqlite3.OperationalError as err:  # locked, read-only, disk I/O...
            conn.close()
            raise CasefileError(f"{p}: cannot open the case file ({err})") from err
        except sqlite3.DatabaseError as err:  # "file is not a database"
            conn.close()
            raise CasefileError(f"{p}: not a leyenda case file ({err})") from err
        except BaseException:
            conn.close()
            raise
        return store

    def _setup(self, create: bool) -> None:
        """Check what the file is, then bring its schema up to this code's version."""
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if "migrations" in tables:
            if app_id != APPLICATION_ID:
                raise CasefileError(
                    f"{self.path}: not a leyenda case file (an SQLite database of another kind)"
                )
            version = int(conn.execute("SELECT max(version) FROM migrations").fetchone()[0] or 0)
        elif tables or app_id not in (0, APPLICATION_ID):
            raise CasefileError(
                f"{self.path}: not a leyenda case file (an SQLite database of another kind)"
            )
        elif not create:
            raise CasefileError(f"{self.path}: not a leyenda case file (an empty database)")
        else:
            version = 0
        if version > SCHEMA_VERSION:
            raise CasefileError(
                f"{self.path} was written by a newer leyenda (schema {version}); upgrade leyenda"
            )
        if self._readonly:
            if version < SCHEMA_VERSION:
                raise CasefileError(
                    f"{self.path}: written by an older leyenda (schema {version}); run "
                    "`leyenda build` on it once where it may be written, to upgrade it"
                )
            conn.execute("PRAGMA query_only = ON")
            self._fts = "documents_fts" in tables and _has_fts5(conn)
            return
        conn.execute("PRAGMA journal_mode = WAL")  # persistent: readers never block a build
        # in WAL mode a commit survives the process being killed without an fsync of its
        # own (only a power cut may take back the last ones, never corrupt the file); a
        # build commits once per document
        conn.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            self._migrate(version)
        self._setup_fts()

    def _migrate(self, current: int) -> None:
        """Apply every migration above `current`, each in one transaction with its record."""
        for version in sorted(v for v in MIGRATIONS if v > current):
            with self.atomic():
                # another process may have applied it while this one waited for the lock
                if version <= self._applied_version():
                    continue
                for statement in _split_sql(MIGRATIONS[version]):
                    self._conn.execute(statement)
                self._conn.execute(
                    "INSERT INTO migrations (version, applied_at) VALUES (?, ?)", (version, _now())
                )

    def _applied_version(self) -> int:
        """The newest migration recorded in the file (0 for a new file)."""
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'migrations'"
        ).fetchone()
        if exists is None:
            return 0
        return int(self._conn.execute("SELECT max(version) FROM migrations").fetchone()[0] or 0)

    def _setup_fts(self) -> None:
        """Full-text search where SQLite has FTS5; a case file works the same without it."""
        available = _has_fts5(self._conn)
        row = self._conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'documents_fts'"
        ).fetchone()
        exists = row is not None
        if not available:
            self._fts_orphan = exists
            return
        old_ddl = exists and "content='documents'" in (row[0] or "")
        if not exists or old_ddl or self.get_meta("fts_stale") == "yes":
            # created here, written by a leyenda whose SQLite lacked FTS5, or declared the
            # way datasette does not recognise: (re)build
            with self.atomic():
                if old_ddl:
                    self._conn.execute("DROP TABLE documents_fts")
                if not exists or old_ddl:
                    self._conn.execute(_FTS_DDL)
                self._conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
                self._conn.execute("DELETE FROM meta WHERE key = 'fts_stale'")
        self._fts = True

    # --- lifetime and transactions ---------------------------------------------------------

    def close(self) -> None:
        """Close the connection; an unfinished transaction is rolled back by SQLite."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """One write transaction; nested calls become savepoints that roll back alone.

        BEGIN IMMEDIATE takes the write lock up front, so two builds on one case file wait
        for each other instead of failing halfway through with "database is locked".
        """
        conn = self._conn
        if self._depth == 0:
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
        else:
            name = f"leyenda_{self._depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction, so a load sees one state even while a build writes."""
        if self._depth:
            yield
            return
        self._conn.execute("BEGIN")
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            self._conn.execute("COMMIT")

    # --- meta ------------------------------------------------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        """Remember a small piece of state (such as "the case file is resolved")."""
        with self.atomic():
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # --- the user's overrides of resolution -------------------------------------------------

    def add_override(self, action: str, name: str, other: str | None = None) -> None:
        """Record a merge (`other` set) or a split; the later word on a name wins.

        A split of a name drops earlier merges that name it, and a merge drops earlier
        splits of either name, so the stored list never contradicts itself. The same
        override twice is stored once.
        """
        with self.atomic():
            conn = self._conn
            names = [name] if other is None else [name, other]
            for row in conn.execute(
                "SELECT position, action, name, other FROM overrides"
            ).fetchall():
                pos, old_action, old_name, old_other = row
                touched = {_fold(old_name), _fold(old_other or "")} & {_fold(n) for n in names}
                same = old_action == action and {_fold(old_name), _fold(old_other or "")} == {
                    _fold(name),
                    _fold(other or ""),
                }
                if same or (touched and old_action != action):
                    conn.execute("DELETE FROM overrides WHERE position = ?", (pos,))
            conn.execute(
                "INSERT INTO overrides (action, name, other, created_at) VALUES (?, ?, ?, ?)",
                (action, name, other, _now()),
            )
            conn.execute("DELETE FROM meta WHERE key = ?", (RESOLVED_KEY,))

    def overrides(self) -> list[tuple[str, str, str | None]]:
        """The stored overrides as (action, name, other), oldest first."""
        return [
            (str(a), str(n), None if o is None else str(o))
            for a, n, o in self._conn.execute(
                "SELECT action, name, other FROM overrides ORDER BY position"
            )
        ]

    # --- documents and their analyses ------------------------------------------------------

    def has_sha256(self, sha: str) -> bool:
        """Whether these exact input bytes were analysed already (so a rebuild skips them)."""
        return (
            self._conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            is not None
        )

    def document_at(self, origin: str) -> Document | None:
        """The stored document from this origin (`Document.path`), without its text."""
        if not origin:
            return None
        row = self._conn.execute(
            "SELECT id, title, source, published, sha256, '', path FROM documents "
            "WHERE path = ? ORDER BY num LIMIT 1",
            (origin,),
        ).fetchone()
        return None if row is None else _document(row)

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
        stored = replace(a, document=replace(d, text="", pages=())).to_json()
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
                "added_at, pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                "source = excluded.source, published = excluded.published, "
                "path = excluded.path, text = excluded.text, minhash = NULL, "
                "pages = excluded.pages, "
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
                    _now(),
                    json.dumps(list(d.pages)) if d.pages else None,
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
            "a.json "
            "FROM analyses AS a JOIN documents AS d ON d.id = a.doc_id ORDER BY d.id"
        )
        try:
            for row in cur:
                analysis = DocAnalysis.from_json(row[8])
                yield replace(analysis, document=_document(row, row[7]))
        finally:
            cur.close()

    def document_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document_ids(self) -> list[str]:
        """The ids of every stored document, in id order (small even for a large corpus)."""
        return [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY id")]

    def document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        row = self._conn.execute(
            "SELECT id, title, source, published, sha256, text, path, pages FROM documents "
            "WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return None if row is None else _document(row, row[7])

    def documents(self) -> list[Document]:
        """Every stored document, by id."""
        return [
            _document(r, r[7])
            for r in self._conn.execute(
                "SELECT id, title, source, published, sha256, text, path, pages FROM documents "
                "ORDER BY id"
            )
        ]

    # --- the derived case file -------------------------------------------------------------

    def save_casefile(
        self, entities: Sequence[Entity], facts: Sequence[Fact], conflicts: Sequence[Conflict]
    ) -> None:
        """Replace entities, facts and conflicts in one transaction: all of it or none.

        Facts go in before any derivation or conflict member, since a derived fact may cite
        a fact that comes later in the list.
        """
        with self.atomic():
            conn = self._conn
            for table in DERIVED_TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.executemany(
                "INSERT INTO entities (id, position, type, name, real, plain) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (e.id, i, e.type, e.name, None if e.real is None else int(e.real), plain_id(e))
                    for i, e in enumerate(entities)
                ),
            )
            self._insert_entity_rows(entities)
            self._insert_facts(facts, 0)
            self._insert_conflicts(conflicts, 0)

    def _insert_entity_rows(self, entities: Sequence[Entity]) -> None:
        """The child rows of entities: aliases, mentions, merge reasons."""
        conn = self._conn
        conn.executemany(
            "INSERT INTO entity_aliases (entity_id, position, alias) VALUES (?, ?, ?)",
            ((e.id, i, alias) for e in entities for i, alias in enumerate(e.aliases)),
        )
        conn.executemany(
            'INSERT INTO mentions (entity_id, position, doc_id, start, "end", text) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((e.id, i, m.doc, m.start, m.end, m.text) for e in entities
             for i, m in enumerate(e.mentions)),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO merge_reasons (entity_id, position, rule, mentions, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                (e.id, i, r.rule, json.dumps(list(r.mentions), ensure_ascii=False), r.detail)
                for e in entities
                for i, r in enumerate(e.merged_because)
            ),
        )

    def _insert_facts(self, facts: Sequence[Fact], start: int) -> None:
        """Facts at positions from `start`, with their evidence and derivations."""
        conn = self._conn
        conn.executemany(
            "INSERT INTO facts (id, position, subject, predicate, modality, object, value, "
            "work, place, time_start, time_end, time_text, confidence, rule) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_fact_row(start + i, f) for i, f in enumerate(facts)),
        )
        conn.executemany(
            'INSERT INTO evidence (fact_id, position, doc_id, start, "end", quote) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                (f.id, i, ev.doc, ev.start, ev.end, ev.quote)
                for f in facts
                for i, ev in enumerate(f.evidence)
            ),
        )
        conn.executemany(
            "INSERT INTO fact_derivations (fact_id, position, source_fact_id) VALUES (?, ?, ?)",
            ((f.id, i, src) for f in facts for i, src in enumerate(f.derived_from)),
        )

    def _insert_conflicts(self, conflicts: Sequence[Conflict], start: int) -> None:
        """Conflicts at positions from `start`, with their facts."""
        conn = self._conn
        conn.executemany(
            "INSERT INTO conflicts (id, position, kind, summary) VALUES (?, ?, ?, ?)",
            ((c.id, start + i, c.kind, c.summary) for i, c in enumerate(conflicts)),
        )
        conn.executemany(
            "INSERT INTO conflict_facts (conflict_id, position, fact_id) VALUES (?, ?, ?)",
            ((c.id, i, fid) for c in conflicts for i, fid in enumerate(c.facts)),
        )

    # --- changing part of the case file (`increment`) ---------------------------------------

    def _next_position(self, table: str) -> int:
        row = self._conn.execute(f"SELECT coalesce(max(position), -1) + 1 FROM {table}")
        return int(row.fetchone()[0])

    def put_entity(self, e: Entity) -> None:
        """Insert an entity, or rewrite the one with its id (its row and child rows)."""
        conn = self._conn
        real = None if e.real is None else int(e.real)
        if conn.execute("SELECT 1 FROM entities WHERE id = ?", (e.id,)).fetchone():
            conn.execute(
                "UPDATE entities SET type = ?, name = ?, real = ?, plain = ? WHERE id = ?",
                (e.type, e.name, real, plain_id(e), e.id),
            )
            for table in ("entity_aliases", "mentions", "merge_reasons"):
                conn.execute(f"DELETE FROM {table} WHERE entity_id = ?", (e.id,))
        else:
            conn.execute(
                "INSERT INTO entities (id, position, type, name, real, plain) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (e.id, self._next_position("entities"), e.type, e.name, real, plain_id(e)),
            )
        self._insert_entity_rows([e])

    def first_mention(self, entity_id: str) -> tuple[str, int]:
        """(document, start) of an entity's first mention in reading order."""
        row = self._conn.execute(
            "SELECT doc_id, start FROM mentions WHERE entity_id = ? ORDER BY doc_id, start LIMIT 1",
            (entity_id,),
        ).fetchone()
        return (row[0], int(row[1])) if row else ("", 0)

    def delete_entities(self, ids: Iterable[str]) -> None:
        self._conn.executemany("DELETE FROM entities WHERE id = ?", ((i,) for i in ids))

    def entity_names(self) -> dict[str, tuple[str, str]]:
        """id → (type, name) of every entity: small even for a large case file."""
        return {
            r[0]: (r[1], r[2]) for r in self._conn.execute("SELECT id, type, name FROM entities")
        }

    def entities_of_type(self, etype: str, docs: Iterable[str] | None = None) -> list[Entity]:
        """Every entity of one type, with its mentions (works: a handful); with `docs`,
        only those mentioned in these documents, with their mentions there."""
        where, params = "e.type = ?", (etype,)
        if docs is not None:
            where += f" AND m.doc_id IN {self._temp_ids('wanted_documents', docs)}"
        mentions = self._children(
            "SELECT m.entity_id, m.doc_id, m.start, m.end, m.text FROM mentions AS m "
            f"JOIN entities AS e ON e.id = m.entity_id WHERE {where} "
            "ORDER BY m.entity_id, m.position",
            params,
        )
        if docs is None:
            query = "SELECT id, type, name, real FROM entities WHERE type = ?"
        else:  # those mentioned there only: no scan of every entity (there is no type index)
            among = self._temp_ids("wanted_typed", mentions)
            query = f"SELECT id, type, name, real FROM entities WHERE id IN {among} AND type = ?"
        return [
            Entity(eid, t, name, (), None if real is None else bool(real),
                   tuple(MentionRef(*m) for m in mentions.get(eid, ())), ())
            for eid, t, name, real in self._conn.execute(query, (etype,))
        ]  # fmt: skip

    def facts(self) -> list[Fact]:
        """Every fact, stated and derived."""
        return list(self._load_facts())

    def _temp_ids(self, name: str, ids: Iterable[str]) -> str:
        """A temporary table `name` holding `ids`, for queries over a set of any size."""
        self._conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT PRIMARY KEY)")
        self._conn.execute(f"DELETE FROM {name}")
        self._conn.executemany(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", ((i,) for i in ids))
        return f"(SELECT id FROM {name})"

    _STATED = "NOT EXISTS (SELECT 1 FROM fact_derivations AS d WHERE d.fact_id = facts.id)"

    def stated_facts_about(self, subjects: Iterable[str]) -> list[Fact]:
        """The stated (not derived) facts whose subject is one of `subjects`."""
        among = self._temp_ids("wanted_subjects", subjects)
        return list(self._load_facts(f"subject IN {among} AND {self._STATED}"))

    def stated_facts_naming(self, ids: Iterable[str]) -> list[Fact]:
        """The stated facts that name one of `ids` as subject, object, work or place."""
        among = self._temp_ids("wanted_entities", ids)
        return list(
            self._load_facts(
                f"(subject IN {among} OR object IN {among} OR work IN {among} "
                f"OR place IN {among}) AND {self._STATED}"
            )
        )

    def departures(self) -> list[Fact]:
        """The stated facts saying a show departs from reality (`reconcile.departures_of`)."""
        return list(self._load_facts(f"predicate = 'departs_from_reality' AND {self._STATED}"))

    def entities_by_plain(self, plains: Iterable[str]) -> dict[str, list[str]]:
        """plain id → the ids of the stored entities that have it (`resolve.plain_id`)."""
        among = self._temp_ids("wanted_plains", plains)
        out: dict[str, list[str]] = {}
        for plain, eid in self._conn.execute(
            f"SELECT plain, id FROM entities WHERE plain IN {among} ORDER BY id"
        ):
            out.setdefault(plain, []).append(eid)
        return out

    def entity_names_of(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """id → (type, name) of the entities `ids` (those that exist)."""
        among = self._temp_ids("wanted_entities", ids)
        return {
            r[0]: (r[1], r[2])
            for r in self._conn.execute(f"SELECT id, type, name FROM entities WHERE id IN {among}")
        }

    def titles_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """id → title of the documents `doc_ids`."""
        among = self._temp_ids("wanted_documents", doc_ids)
        return {
            r[0]: r[1]
            for r in self._conn.execute(f"SELECT id, title FROM documents WHERE id IN {among}")
        }

    def replace_facts_about(
        self,
        subjects: Iterable[str],
        delete: Iterable[str],
        facts: Sequence[Fact],
        conflicts: Sequence[Conflict],
    ) -> None:
        """`replace_facts` for some subjects only: drop their derived facts and the
        conflicts they own (a conflict is about the subject of its first fact), and the
        facts `delete`; then add `facts` and `conflicts` (reconciled for those subjects)."""
        conn = self._conn
        among = self._temp_ids("wanted_subjects", subjects)
        owned = (
            "SELECT cf.conflict_id FROM conflict_facts AS cf JOIN facts AS f ON f.id = cf.fact_id "
            f"WHERE cf.position = 0 AND f.subject IN {among}"
        )
        conn.execute(f"DELETE FROM conflicts WHERE id IN ({owned})")
        derived = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM facts WHERE subject IN {among} AND NOT {self._STATED}"
            )
        ]
        self._delete_facts(set(delete) | set(derived) | {f.id for f in facts})
        self._insert_facts(facts, self._next_position("facts"))
        self._insert_conflicts(conflicts, self._next_position("conflicts"))

    def _delete_facts(self, gone: set[str]) -> None:
        """Delete facts by id, with the derived facts that cite them."""
        conn = self._conn
        # derivations first: a derived fact may cite one that goes
        conn.executemany(
            "DELETE FROM facts WHERE id IN (SELECT fact_id FROM fact_derivations "
            "WHERE source_fact_id = ?)",
            ((i,) for i in gone),
        )
        conn.executemany("DELETE FROM facts WHERE id = ?", ((i,) for i in gone))

    def real_of(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` the stored facts make real (`reconcile.real_ids`)."""
        among = self._temp_ids("wanted_entities", ids)
        rows = self._conn.execute(
            f"SELECT subject FROM facts WHERE subject IN {among} AND modality = 'reality' "
            "AND predicate != 'event' "
            f"UNION SELECT object FROM facts WHERE object IN {among} "
            "AND ((modality = 'reality' AND predicate != 'event') OR predicate = 'portrayed_by')"
        )
        return {r[0] for r in rows}

    def mark_real(self, ids: Iterable[str]) -> None:
        """`real` = 1 for the people among `ids` (nobody stops being real when facts are
        added). A stored 0 stays: only the text makes someone fictional ("an invented
        character"), and what the text says outright outweighs what facts imply."""
        self._conn.executemany(
            "UPDATE entities SET real = 1 WHERE id = ? AND type = 'person' AND real IS NOT 0",
            ((i,) for i in ids),
        )

    def replace_facts(
        self, delete: Iterable[str], facts: Sequence[Fact], conflicts: Sequence[Conflict]
    ) -> None:
        """Drop every conflict and the facts `delete`, then add `facts` and `conflicts`.

        Facts in `facts` whose id is stored already are rewritten (their evidence with them).
        """
        conn = self._conn
        conn.execute("DELETE FROM conflict_facts")
        conn.execute("DELETE FROM conflicts")
        self._delete_facts(set(delete) | {f.id for f in facts})
        self._insert_facts(facts, self._next_position("facts"))
        self._insert_conflicts(conflicts, 0)

    def set_real(self, real: set[str]) -> None:
        """`real` = 1 for the people in `real`; back to NULL for people no longer in it."""
        conn = self._conn
        rows = conn.execute("SELECT id FROM entities WHERE type = 'person' AND real = 1")
        was = {r[0] for r in rows}
        conn.executemany("UPDATE entities SET real = NULL WHERE id = ?", ((i,) for i in was - real))
        conn.executemany(  # a stored 0 is the text's word: it stays (`mark_real`)
            "UPDATE entities SET real = 1 WHERE id = ? AND type = 'person' AND real IS NOT 0",
            ((i,) for i in real - was),
        )

    def titles(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._conn.execute("SELECT id, title FROM documents")}

    def load_casefile(self) -> CaseFile:
        """The whole case file as the shared dataclasses, read as one consistent snapshot."""
        with self._snapshot():
            return CaseFile(
                documents=tuple(self.documents()),
                entities=tuple(self._load_entities()),
                facts=tuple(self._load_facts()),
                conflicts=tuple(self._load_conflicts()),
                unresolved_times=self.unresolved_times(),
                source_groups=self.source_groups(),
            )

    def _children(self, sql: str, params: Sequence[Any] = ()) -> dict[str, list[tuple[Any, ...]]]:
        """Rows of a child table grouped by parent id (first column), in position order."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for row in self._conn.execute(sql, params):
            out.setdefault(row[0], []).append(tuple(row[1:]))
        return out

    def _load_entities(self) -> Iterator[Entity]:
        aliases = self._children(
            "SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position"
        )
        mentions = self._children(
            'SELECT entity_id, doc_id, start, "end", text FROM mentions '
            "ORDER BY entity_id, position"
        )
        reasons = self._children(
            "SELECT entity_id, rule, mentions, detail FROM merge_reasons "
            "ORDER BY entity_id, position"
        )
        for eid, etype, name, real in self._conn.execute(
            "SELECT id, type, name, real FROM entities ORDER BY position"
        ):
            yield Entity(
                id=eid,
                type=etype,
                name=name,
                aliases=tuple(a for (a,) in aliases.get(eid, ())),
                real=None if real is None else bool(real),
                mentions=tuple(MentionRef(*m) for m in mentions.get(eid, ())),
                merged_because=tuple(
                    MergeReason(rule, tuple(json.loads(ms)), detail)
                    for rule, ms, detail in reasons.get(eid, ())
                ),
            )

    def _load_facts(self, where: str = "1") -> Iterator[Fact]:
        """Facts (with their evidence and sources) that satisfy `where`, a condition on
        ``facts`` (columns unqualified)."""
        picked = "" if where == "1" else f"WHERE fact_id IN (SELECT id FROM facts WHERE {where}) "
        evidence = self._children(
            f'SELECT fact_id, doc_id, start, "end", quote FROM evidence {picked}'
            "ORDER BY fact_id, position"
        )
        sources = self._children(
            f"SELECT fact_id, source_fact_id FROM fact_derivations {picked}"
            "ORDER BY fact_id, position"
        )
        for (
            fid,
            subject,
            predicate,
            modality,
            obj,
            value,
            work,
            place,
            t_start,
            t_end,
            t_text,
            confidence,
            rule,
        ) in self._conn.execute(
            "SELECT id, subject, predicate, modality, object, value, work, place, "
            f"time_start, time_end, time_text, confidence, rule FROM facts WHERE {where} "
            "ORDER BY position"
        ):
            yield Fact(
                id=fid,
                subject=subject,
                predicate=predicate,
                modality=modality,
                object=obj,
                value=None if value is None else json.loads(value),
                work=work,
                place=place,
                time=None if t_start is None else TimeSpan(t_start, t_end, t_text),
                derived_from=tuple(s for (s,) in sources.get(fid, ())),
                evidence=tuple(Evidence(*ev) for ev in evidence.get(fid, ())),
                confidence=confidence,
                rule=rule,
            )

    def _load_conflicts(self) -> Iterator[Conflict]:
        members = self._children(
            "SELECT conflict_id, fact_id FROM conflict_facts ORDER BY conflict_id, position"
        )
        for cid, kind, summary in self._conn.execute(
            "SELECT id, kind, summary FROM conflicts ORDER BY position"
        ):
            yield Conflict(cid, kind, tuple(f for (f,) in members.get(cid, ())), summary)

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

    # --- resolution state (schema 3): what `increment` starts from -----------------------

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

    def set_cluster_entities(self, final: int, entity_id: str) -> None:
        self._conn.execute("UPDATE clusters SET entity_id = ? WHERE final = ?", (entity_id, final))

    # --- the streamed cross-document stage (`cross`) ----------------------------------------

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

    #: The columns a block's decision reads: not the members or the summary, the bulk of
    #: a row (a lean cluster has neither).
    _LEAN_COLS = "id, doc_id, root, label, key, suffix, nickname, name, typed, pinned"

    @staticmethod
    def _lean_cluster(r: Sequence[Any]) -> Cluster:
        return Cluster(
            r[1], r[2], r[3], tuple(r[4].split()) if r[4] else (), r[5], r[6], r[7],
            bool(r[8]), r[9], (), "{}", r[0],
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

    @classmethod
    def _stored_cluster(cls, r: Sequence[Any]) -> Cluster:
        """A `_CLUSTER_COLS` row (its first columns are `_LEAN_COLS`) as a cluster."""
        c = cls._lean_cluster(r)
        c.members, c.summary = tuple(json.loads(r[11])), r[12]
        c.flags = json.loads(r[13])
        c.comp_a, c.comp_c, c.final = r[14], r[15], r[16]
        return c

    def add_entity(self, e: Entity, position: int) -> bool:
        """Insert a new entity's row, not its child rows (`add_entity_rows`); False
        (nothing written) when its id is taken."""
        try:
            self._conn.execute(
                "INSERT INTO entities (id, position, type, name, real, plain) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (e.id, position, e.type, e.name, None if e.real is None else int(e.real),
                 plain_id(e)),
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
            "INSERT INTO entities (id, position, type, name, real, plain) "
            "SELECT ?, ?, type, name, real, plain FROM entities WHERE id = ?",
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
            "UPDATE entities SET real = 1 WHERE type = 'person' AND real IS NOT 0 "
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

    def counts(self) -> dict[str, int]:
        """How big the case file is, for the build report and `info`."""
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities), "
            "(SELECT count(*) FROM entities WHERE type = 'person'), "
            "(SELECT count(*) FROM facts), (SELECT count(*) FROM conflicts)"
        ).fetchone()
        keys = ("documents", "entities", "people", "facts", "conflicts")
        return {k: int(v) for k, v in zip(keys, row, strict=True)}


def _fold(name: str) -> str:
    """A name without case or accents, so "Félix" and "felix" are one override's name."""
    s = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).casefold().split())


def _document(row: Sequence[Any], pages: str | None = None) -> Document:
    """A `documents` row (id, title, source, published, sha256, text, path) as the model;
    `pages`: the row's ``pages`` column, where it was read."""
    return Document(
        id=row[0],
        title=row[1],
        source=row[2],
        published=row[3],
        sha256=row[4],
        text=row[5],
        path=row[6],
        pages=tuple(json.loads(pages)) if pages else (),
    )


def _fact_row(position: int, f: Fact) -> tuple[Any, ...]:
    t = f.time
    return (
        f.id,
        position,
        f.subject,
        f.predicate,
        f.modality,
        f.object,
        None if f.value is None else json.dumps(f.value, ensure_ascii=False),
        f.work,
        f.place,
        None if t is None else t.start,
        None if t is None else t.end,
        None if t is None else t.text,
        f.confidence,
        f.rule,
    )


__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Store"]
