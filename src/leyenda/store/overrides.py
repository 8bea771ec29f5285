"""The user's overrides of resolution (schema 2): inputs every rebuild applies.

A merge or a split is recorded with `add_override` (`leyenda merge` / `leyenda split`,
`leyenda.overrides`) and read back by resolution (`overrides`); no build deletes them.
"""

from __future__ import annotations

import unicodedata

from .connection import BaseStore, utc_now
from .schema import RESOLVED_KEY


class OverridesStore(BaseStore):
    """The part of `Store` that keeps the user's merges and splits."""

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
                (action, name, other, utc_now()),
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


def _fold(name: str) -> str:
    """A name without case or accents, so "Félix" and "felix" are one override's name."""
    s = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).casefold().split())
