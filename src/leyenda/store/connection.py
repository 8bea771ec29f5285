"""Opening a case file: the connection, the schema brought up to date, transactions, meta.

`BaseStore` is what every part of `Store` builds on: one SQLite connection, opened (and
migrated, `schema.MIGRATIONS`) by `open`, written in `atomic` transactions. Its
underscore members (the connection, `_snapshot`, `_temp_ids`) are for those parts, which
are subclasses of it; callers use `Store`'s public methods. `build_lock` keeps builds of
one case file one at a time.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from ..errors import CasefileError
from .schema import APPLICATION_ID, FTS_DDL, MIGRATIONS, SCHEMA_VERSION

#: `Store` or any part of it: what `open`, `atomic` and `with` give back.
S = TypeVar("S", bound="BaseStore")


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


def utc_now() -> str:
    """The time a row records (``added_at``, ``applied_at``, ``created_at``): UTC, to the
    second."""
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


class BaseStore:
    """An open case file's connection, schema and transactions (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._depth = 0  # atomic() nesting: 0 = no transaction open
        self._fts = False  # documents_fts exists and this SQLite can update it
        self._fts_orphan = False  # documents_fts exists but this SQLite lacks FTS5
        self._readonly = False  # opened with `readonly`: never writes

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls: type[S], path: str | Path, create: bool = False, *, readonly: bool = False) -> S:
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
                    "INSERT INTO migrations (version, applied_at) VALUES (?, ?)",
                    (version, utc_now()),
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
                    self._conn.execute(FTS_DDL)
                self._conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
                self._conn.execute("DELETE FROM meta WHERE key = 'fts_stale'")
        self._fts = True

    # --- lifetime and transactions ---------------------------------------------------------

    def close(self) -> None:
        """Close the connection; an unfinished transaction is rolled back by SQLite."""
        self._conn.close()

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def atomic(self: S) -> Iterator[S]:
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

    def _temp_ids(self, name: str, ids: Iterable[str]) -> str:
        """A temporary table `name` holding `ids`, for queries over a set of any size."""
        self._conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT PRIMARY KEY)")
        self._conn.execute(f"DELETE FROM {name}")
        self._conn.executemany(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", ((i,) for i in ids))
        return f"(SELECT id FROM {name})"

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
