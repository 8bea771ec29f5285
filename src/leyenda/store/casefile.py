"""The resolved case file: entities, facts and conflicts, written and read back.

A full build replaces them in one transaction (`save_casefile`, or the streamed stage's
parts, `streamed`); a build that adds documents changes only what they touch (the
methods under "changing part of the case file", `increment`); every reader loads them as
the shared dataclasses (`load_casefile`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import CaseFile, Conflict, Entity, Evidence, Fact, MentionRef, MergeReason, TimeSpan
from ..resolve import plain_id
from .documents import DocumentsStore
from .schema import DERIVED_TABLES


class CaseFileStore(DocumentsStore):
    """The part of `Store` that holds the resolved case file (it reads the documents too:
    a loaded case file carries them)."""

    def save_casefile(
        self,
        entities: Sequence[Entity],
        facts: Sequence[Fact],
        conflicts: Sequence[Conflict],
        said_real: Mapping[str, bool | None] | None = None,
    ) -> None:
        """Replace entities, facts and conflicts in one transaction: all of it or none.

        Facts go in before any derivation or conflict member, since a derived fact may cite
        a fact that comes later in the list. `said_real`: entity id → what the text itself
        says of whether it is real (`resolve.said_real`, as `resolve.entity_of` sets
        `Entity.real`), kept apart from `real` (schema 9); without it, only a `real` of
        False is taken for the text's word (only the text makes someone fictional).
        """
        if said_real is None:
            said_real = {e.id: False for e in entities if e.real is False}
        with self.atomic():
            conn = self._conn
            for table in DERIVED_TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.executemany(
                "INSERT INTO entities (id, position, type, name, real, plain, said_real) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (e.id, i, e.type, e.name, _bit(e.real), plain_id(e),
                     _bit(said_real.get(e.id)))
                    for i, e in enumerate(entities)
                ),
            )  # fmt: skip
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
        """Insert an entity, or rewrite the one with its id (its row and child rows).

        `e` is as `resolve.entity_of` builds it, before facts mark anyone real: its `real`
        is what the text says (`said_real`, schema 9), and `mark_real`/`set_real` add the
        facts' word after."""
        conn = self._conn
        real = _bit(e.real)
        if conn.execute("SELECT 1 FROM entities WHERE id = ?", (e.id,)).fetchone():
            conn.execute(
                "UPDATE entities SET type = ?, name = ?, real = ?, plain = ?, said_real = ? "
                "WHERE id = ?",
                (e.type, e.name, real, plain_id(e), real, e.id),
            )
            for table in ("entity_aliases", "mentions", "merge_reasons"):
                conn.execute(f"DELETE FROM {table} WHERE entity_id = ?", (e.id,))
        else:
            conn.execute(
                "INSERT INTO entities (id, position, type, name, real, plain, said_real) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (e.id, self._next_position("entities"), e.type, e.name, real, plain_id(e), real),
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
        added), but where the text says they are not (`said_real` 0: "an invented
        character"): what the text says outright outweighs what facts imply."""
        self._conn.executemany(
            "UPDATE entities SET real = 1 WHERE id = ? AND type = 'person' AND said_real IS NOT 0",
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
        """Every person's `real` again, after every fact was reconciled: what the text says
        (`said_real`) where it says anything, else 1 for the people in `real` (the facts'
        word, `reconcile.real_ids`), else NULL. An entity the build did not rebuild keeps
        the text's word this way: `real` alone cannot tell it from the facts'."""
        conn = self._conn
        rows = conn.execute("SELECT id, real, said_real FROM entities WHERE type = 'person'")
        changed = []
        for eid, was, said in rows.fetchall():
            now = said if said is not None else (1 if eid in real else None)
            if now != was:
                changed.append((now, eid))
        conn.executemany("UPDATE entities SET real = ? WHERE id = ?", changed)

    # --- reading it back --------------------------------------------------------------------

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

    def counts(self) -> dict[str, int]:
        """How big the case file is, for the build report and `info`."""
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities), "
            "(SELECT count(*) FROM entities WHERE type = 'person'), "
            "(SELECT count(*) FROM facts), (SELECT count(*) FROM conflicts)"
        ).fetchone()
        keys = ("documents", "entities", "people", "facts", "conflicts")
        return {k: int(v) for k, v in zip(keys, row, strict=True)}


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


def _bit(value: bool | None) -> int | None:
    """A yes/no/unknown as SQLite stores it: 1, 0 or NULL."""
    return None if value is None else int(value)
