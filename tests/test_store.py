"""The case file database: opening, errors, exact round trips, atomic replacement, keys.

Model objects are built by hand here (no spaCy), so these tests say what the store does
with every shape the model allows: None next to values, 41 next to "41", times and no time.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import leyenda.store as store_module
from leyenda.errors import CasefileError
from leyenda.model import (
    ENTITY_TYPES,
    CaseFile,
    Conflict,
    DocAnalysis,
    Document,
    Entity,
    Evidence,
    Fact,
    LocalFact,
    Mention,
    MentionRef,
    MergeReason,
    TimeSpan,
)
from leyenda.store import APPLICATION_ID, SCHEMA_VERSION, Store

TEXT_A = "Police arrested Tomás Herrera in Cali on March 3, 1996. He was 41."
TEXT_B = "Herrera was released in 2010. Today, Herrera lives in Spain."


def doc(doc_id: str, text: str, published: str | None = "2020-02-13") -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id, f"Title of {doc_id}", "test", published, sha, text, f"in/{doc_id}")


def analysis(d: Document, unresolved: tuple[str, ...] = ()) -> DocAnalysis:
    """A small but complete analysis: two mentions, a timed fact and an untimed one."""
    start = d.text.index("Herrera")
    herrera = Mention(
        d.id,
        start,
        start + 7,
        "Herrera",
        "person",
        "Herrera",
        nickname=None,
        cues=("police",),
        sentence=0,
        antecedent=None,
        link_rule=None,
    )
    spain = Mention(
        d.id,
        0,
        6,
        d.text[:6],
        "place",
        d.text[:6],
        nickname="El",
        cues=(),
        sentence=1,
        antecedent=0,
        link_rule="surname",
    )
    facts = (
        LocalFact(
            0,
            "arrested",
            "reality",
            Evidence.of(d, 0, 20),
            place=1,
            time=TimeSpan("1996-03-03", "1996-03-03", "March 3, 1996"),
        ),
        LocalFact(0, "age", "reality", Evidence.of(d, 5, 15), value=41, time_unresolved="Today"),
    )
    return DocAnalysis(d, (herrera, spain), facts, unresolved)


def casefile_parts(a: Document, b: Document) -> tuple[list[Entity], list[Fact], list[Conflict]]:
    """Entities, facts and conflicts using every optional field in both of its states."""
    entities = [
        Entity(
            "ent_herrera",
            "person",
            "Tomás Herrera",
            ("Herrera", "Tomas Herrera"),
            True,
            (MentionRef(b.id, 0, 7, b.text[0:7]), MentionRef(a.id, 16, 29, a.text[16:29])),
            (
                MergeReason("surname", ("Herrera", "Tomás Herrera"), "same surname"),
                MergeReason("accent", ("Tomas Herrera",), "accents folded"),
            ),
        ),
        Entity("ent_cali", "place", "Cali", (), None, (MentionRef(a.id, 33, 37, "Cali"),)),
        Entity("ent_show", "work", "The Show", ("Show",), False, ()),
    ] + [Entity(f"ent_{t}", t, t.title(), (), None, ()) for t in ENTITY_TYPES]
    facts = [
        # derived from a fact that comes later in the list: derivations go in after facts
        Fact(
            "f_born",
            "ent_herrera",
            "born",
            "reality",
            time=TimeSpan("1954", "1955", "41"),
            derived_from=("f_age", "f_arrest"),
        ),
        Fact(
            "f_arrest",
            "ent_herrera",
            "arrested",
            "reality",
            place="ent_cali",
            time=TimeSpan("1996-03-03", "1996-03-03", "March 3, 1996"),
            evidence=(Evidence.of(a, 0, 29), Evidence.of(b, 0, 7), Evidence.of(a, 0, 6)),
        ),
        Fact(
            "f_age", "ent_herrera", "age", "reality", value=41, evidence=(Evidence.of(a, 57, 66),)
        ),
        Fact("f_age_text", "ent_herrera", "age", "claim", value="41"),
        Fact("f_worth", "ent_herrera", "net_worth", "depiction", value=1.5, work="ent_show"),
        Fact(
            "f_portrayed",
            "ent_herrera",
            "portrayed_by",
            "depiction",
            object="ent_person",
            work="ent_show",
            value=None,
            time=None,
        ),
    ]
    conflicts = [
        Conflict("c_age", "value", ("f_age_text", "f_age"), '41 or "41"'),
        Conflict("c_show", "depiction", ("f_worth",), "the show departs"),
    ]
    return entities, facts, conflicts


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "case.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db, create=True) as s:
        yield s


@pytest.fixture
def two_docs(store: Store) -> tuple[Document, Document]:
    a, b = doc("a.txt", TEXT_A), doc("b.txt", TEXT_B, published=None)
    store.save_analysis(analysis(a))
    store.save_analysis(analysis(b, unresolved=("Today", "last week")))
    return a, b


def raw(db: Path) -> sqlite3.Connection:
    """A connection of our own, as an outside tool would open the file."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


# --- opening and refusing ------------------------------------------------------------------


def test_missing_case_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.db"
    with pytest.raises(CasefileError, match="no such case file") as err:
        Store.open(path)
    assert str(path) in str(err.value)
    assert not path.exists()


def test_create_makes_the_folder_and_a_versioned_wal_database(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "case.db"
    Store.open(path, create=True).close()
    assert path.is_file()
    conn = raw(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        versions = [r[0] for r in conn.execute("SELECT version FROM migrations ORDER BY version")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
    finally:
        conn.close()
    # reopening applies nothing twice and needs no create
    Store.open(path).close()
    conn = raw(path)
    try:
        assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_a_text_file_is_not_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_text("these are my notes, not a database\n" * 40, encoding="utf-8")
    for create in (False, True):
        with pytest.raises(CasefileError, match="not a leyenda case file") as err:
            Store.open(path, create=create)
        assert str(path) in str(err.value)
    assert path.read_text(encoding="utf-8").startswith("these are my notes")


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(CasefileError, match="not a leyenda case file"):
        Store.open(path, create=True)
    conn = sqlite3.connect(path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert names == {"invoices"}


def test_an_empty_file_is_a_case_file_only_when_creating(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(CasefileError, match="not a leyenda case file"):
        Store.open(path)
    with Store.open(path, create=True) as s:
        assert s.counts()["documents"] == 0


def test_a_folder_is_not_a_case_file(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match="folder"):
        Store.open(tmp_path, create=True)


def test_a_newer_schema_asks_for_an_upgrade(db: Path) -> None:
    Store.open(db, create=True).close()
    conn = raw(db)
    conn.execute(
        "INSERT INTO migrations (version, applied_at) VALUES (?, 'later')", (SCHEMA_VERSION + 1,)
    )
    conn.commit()
    conn.close()
    newer = rf"newer leyenda \(schema {SCHEMA_VERSION + 1}\); upgrade leyenda"
    with pytest.raises(CasefileError, match=newer) as e:
        Store.open(db)
    assert str(db) in str(e.value)


# --- documents and analyses ----------------------------------------------------------------


def test_analysis_round_trip_is_exact(store: Store) -> None:
    a = analysis(doc("a.txt", TEXT_A), unresolved=("Today",))
    store.save_analysis(a)
    assert list(store.analyses()) == [a]
    assert store.documents() == [a.document]


def test_document_text_is_stored_once(store: Store, db: Path) -> None:
    a = analysis(doc("a.txt", TEXT_A))
    store.save_analysis(a)
    conn = raw(db)
    try:
        (stored,) = conn.execute("SELECT json FROM analyses").fetchone()
    finally:
        conn.close()
    assert "He was 41" not in stored  # quoted nowhere: only the text itself holds it


def test_save_analysis_is_idempotent(store: Store) -> None:
    a = analysis(doc("a.txt", TEXT_A))
    store.save_analysis(a)
    store.save_analysis(a)
    assert list(store.analyses()) == [a]
    assert store.counts()["documents"] == 1


def test_has_sha256(store: Store) -> None:
    a = doc("a.txt", TEXT_A)
    assert not store.has_sha256(a.sha256)
    store.save_analysis(analysis(a))
    assert store.has_sha256(a.sha256)
    assert not store.has_sha256(doc("b.txt", TEXT_B).sha256)


def test_new_bytes_under_the_same_id_replace_document_and_analysis(store: Store) -> None:
    old = doc("a.txt", TEXT_A)
    store.save_analysis(analysis(old))
    new = doc("a.txt", TEXT_A + " He was later released.")
    store.save_analysis(analysis(new, unresolved=("later",)))
    assert not store.has_sha256(old.sha256)
    assert store.has_sha256(new.sha256)
    assert list(store.analyses()) == [analysis(new, unresolved=("later",))]
    assert store.load_casefile().unresolved_times == {"a.txt": ("later",)}


def test_same_bytes_under_another_id_are_refused(store: Store) -> None:
    store.save_analysis(analysis(doc("a.txt", TEXT_A)))
    with pytest.raises(sqlite3.IntegrityError):
        store.save_analysis(analysis(doc("copy-of-a.txt", TEXT_A)))
    assert [d.id for d in store.documents()] == ["a.txt"]


def test_analyses_and_documents_come_by_id(store: Store) -> None:
    for name in ("m.txt", "b.txt", "z.txt", "a.txt"):
        store.save_analysis(analysis(doc(name, f"{TEXT_A} ({name})")))
    assert [x.document.id for x in store.analyses()] == ["a.txt", "b.txt", "m.txt", "z.txt"]
    assert [d.id for d in store.documents()] == ["a.txt", "b.txt", "m.txt", "z.txt"]


def test_analyses_are_read_lazily(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        store.save_analysis(analysis(doc(name, f"{TEXT_A} ({name})")))
    parsed: list[str] = []
    real = DocAnalysis.from_json.__func__  # type: ignore[attr-defined]

    def counting(cls: type[DocAnalysis], raw_json: str) -> DocAnalysis:
        parsed.append(raw_json)
        return real(cls, raw_json)  # type: ignore[no-any-return]

    monkeypatch.setattr(DocAnalysis, "from_json", classmethod(counting))
    it = store.analyses()
    assert next(it).document.id == "a.txt"
    assert len(parsed) == 1
    assert [x.document.id for x in it] == ["b.txt", "c.txt"]


def test_full_text_index_follows_the_documents(store: Store, db: Path) -> None:
    conn = raw(db)
    try:
        if (
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts'").fetchone()
            is None
        ):
            pytest.skip("this SQLite has no FTS5")
        store.save_analysis(analysis(doc("a.txt", TEXT_A)))
        store.save_analysis(analysis(doc("b.txt", TEXT_B)))

        def hits(word: str) -> list[str]:
            return [
                r[0]
                for r in conn.execute(
                    "SELECT d.id FROM documents_fts"
                    " JOIN documents AS d ON d.num = documents_fts.rowid"
                    " WHERE documents_fts MATCH ? ORDER BY d.id",
                    (word,),
                )
            ]

        assert hits("Herrera") == ["a.txt", "b.txt"]
        assert hits("Cali") == ["a.txt"]
        store.save_analysis(analysis(doc("a.txt", "Herrera moved to Bogota.")))
        assert hits("Cali") == []
        assert hits("Bogota") == ["a.txt"]
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_an_index_declared_the_old_way_is_rebuilt_for_datasette(db: Path) -> None:
    with Store.open(db, create=True) as store:
        store.save_analysis(analysis(doc("a.txt", TEXT_A)))
    conn = raw(db)
    try:
        if (
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts'").fetchone()
            is None
        ):
            pytest.skip("this SQLite has no FTS5")
        with conn:  # what case files written before the change hold
            conn.execute("DROP TABLE documents_fts")
            conn.execute(
                "CREATE VIRTUAL TABLE documents_fts USING fts5("
                "title, text, content='documents', content_rowid='num')"
            )
    finally:
        conn.close()
    with Store.open(db):
        pass
    conn = raw(db)
    try:
        ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()
        assert 'content="documents"' in ddl[0]
        found = conn.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Herrera'"
        ).fetchall()
        assert len(found) == 1  # rebuilt from the documents, not left empty
    finally:
        conn.close()


# --- the derived case file -----------------------------------------------------------------


def test_casefile_round_trip_is_exact(store: Store, two_docs: tuple[Document, Document]) -> None:
    a, b = two_docs
    entities, facts, conflicts = casefile_parts(a, b)
    store.save_casefile(entities, facts, conflicts)
    loaded = store.load_casefile()
    assert loaded == CaseFile(
        documents=(a, b),
        entities=tuple(entities),
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        unresolved_times={"b.txt": ("Today", "last week")},
    )
    # equality of a value 41 and "41" would hide a lost type: check it is kept
    values = {f.id: f.value for f in loaded.facts}
    assert type(values["f_age"]) is int and type(values["f_age_text"]) is str
    assert type(values["f_worth"]) is float and values["f_portrayed"] is None


def test_save_casefile_replaces_what_was_there(
    store: Store, two_docs: tuple[Document, Document]
) -> None:
    a, b = two_docs
    entities, facts, conflicts = casefile_parts(a, b)
    store.save_casefile(entities, facts, conflicts)
    later_entities = [entities[1], entities[0]]  # reordered, the rest dropped
    later_facts = [Fact("f_new", "ent_cali", "founded", "reality", value="1536")]
    store.save_casefile(later_entities, later_facts, [])
    cf = store.load_casefile()
    assert cf.entities == tuple(later_entities)
    assert cf.facts == tuple(later_facts)
    assert cf.conflicts == ()


def test_a_dangling_reference_fails_and_keeps_the_previous_case_file(
    store: Store, two_docs: tuple[Document, Document]
) -> None:
    a, b = two_docs
    entities, facts, conflicts = casefile_parts(a, b)
    store.save_casefile(entities, facts, conflicts)
    before = store.load_casefile()
    bad_fact = Fact("f_bad", "ent_nobody", "died", "reality")
    with pytest.raises(sqlite3.IntegrityError):
        store.save_casefile(entities[:1], [*facts[:1], bad_fact], [])
    assert store.load_casefile() == before
    with pytest.raises(sqlite3.IntegrityError):  # evidence citing a document never stored
        store.save_casefile(
            entities,
            [
                Fact(
                    "f_x",
                    "ent_herrera",
                    "died",
                    "reality",
                    evidence=(Evidence("ghost.txt", 0, 1, "x"),),
                )
            ],
            [],
        )
    assert store.load_casefile() == before
    with pytest.raises(sqlite3.IntegrityError):  # a derivation from a fact that is not there
        store.save_casefile(
            entities,
            [Fact("f_x", "ent_herrera", "born", "reality", derived_from=("f_missing",))],
            [],
        )
    assert store.load_casefile() == before


def test_a_crash_midway_keeps_the_previous_case_file(
    store: Store, two_docs: tuple[Document, Document]
) -> None:
    a, b = two_docs
    entities, facts, conflicts = casefile_parts(a, b)
    store.save_casefile(entities, facts, conflicts)
    before = store.load_casefile()

    class Exploding(list[Conflict]):
        """Fails after entities and facts are already written."""

        def __iter__(self) -> Iterator[Conflict]:
            raise RuntimeError("reconcile bug")

    with pytest.raises(RuntimeError, match="reconcile bug"):
        store.save_casefile(entities[:2], facts[1:2], Exploding(conflicts))
    assert store.load_casefile() == before
    # and the store is still usable afterwards
    store.save_casefile([], [], [])
    assert store.counts()["entities"] == 0


def test_an_unknown_entity_type_or_modality_is_refused(
    store: Store, two_docs: tuple[Document, Document]
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.save_casefile(
            [Entity("e", "alien", "X", (), None, ())],  # type: ignore[arg-type]
            [],
            [],
        )
    with pytest.raises(sqlite3.IntegrityError):
        store.save_casefile(
            [Entity("e", "person", "X", (), None, ())], [Fact("f", "e", "died", "rumour")], []
        )  # type: ignore[arg-type]
    assert store.counts()["entities"] == 0


def test_counts(store: Store, two_docs: tuple[Document, Document]) -> None:
    assert store.counts() == {
        "documents": 2,
        "entities": 0,
        "people": 0,
        "facts": 0,
        "conflicts": 0,
    }
    store.save_casefile(*casefile_parts(*two_docs))
    assert store.counts() == {
        "documents": 2,
        "entities": 8,
        "people": 2,
        "facts": 6,
        "conflicts": 2,
    }


def test_unresolved_times_only_for_documents_with_some(store: Store) -> None:
    store.save_analysis(analysis(doc("a.txt", TEXT_A)))
    store.save_analysis(analysis(doc("b.txt", TEXT_B), unresolved=("Today",)))
    assert store.load_casefile().unresolved_times == {"b.txt": ("Today",)}


def test_foreign_keys_hold_in_the_file(
    store: Store, db: Path, two_docs: tuple[Document, Document]
) -> None:
    store.save_casefile(*casefile_parts(*two_docs))
    conn = raw(db)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # a cited document cannot be deleted out from under its evidence
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM documents WHERE id = 'a.txt'")
        # an entity's own rows go with it, but not while a fact is about it
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM entities WHERE id = 'ent_herrera'")
    finally:
        conn.close()


# --- meta and transactions -----------------------------------------------------------------


def test_meta(store: Store) -> None:
    assert store.get_meta("resolved") is None
    store.set_meta("resolved", "yes")
    store.set_meta("note", "ñ")
    store.set_meta("resolved", "no")
    assert (store.get_meta("resolved"), store.get_meta("note")) == ("no", "ñ")


def test_saving_an_analysis_marks_the_case_file_unresolved(store: Store) -> None:
    store.set_meta(store_module.RESOLVED_KEY, "yes")
    store.save_analysis(analysis(doc("a.txt", TEXT_A)))
    assert store.get_meta(store_module.RESOLVED_KEY) is None


def test_meta_survives_reopening(db: Path) -> None:
    with Store.open(db, create=True) as s:
        s.set_meta("resolved", "yes")
    with Store.open(db) as s:
        assert s.get_meta("resolved") == "yes"


def test_atomic_nests_and_rolls_back_only_what_failed(store: Store) -> None:
    with store.atomic():
        store.set_meta("outer", "1")
        with pytest.raises(ValueError), store.atomic():
            store.set_meta("inner", "1")
            raise ValueError
        store.set_meta("after", "1")
    assert store.get_meta("outer") == "1" and store.get_meta("after") == "1"
    assert store.get_meta("inner") is None
    with pytest.raises(KeyError), store.atomic():
        store.set_meta("doomed", "1")
        store.save_analysis(analysis(doc("a.txt", TEXT_A)))
        raise KeyError
    assert store.get_meta("doomed") is None
    assert store.documents() == []


def test_a_reader_sees_the_last_commit_while_a_build_writes(
    db: Path, store: Store, two_docs: tuple[Document, Document]
) -> None:
    store.save_casefile(*casefile_parts(*two_docs))
    with Store.open(db) as reader:
        before = reader.load_casefile()
        with store.atomic():
            store.save_casefile([], [], [])
            assert reader.load_casefile() == before  # WAL: no blocking, no half state
        assert reader.load_casefile().entities == ()
