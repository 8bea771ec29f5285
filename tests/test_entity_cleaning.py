"""Cleaner entities (issue 19): no common nouns, demonyms, drugs or headings as names,
places typed as places, and `real` set wherever the text says it. Original sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leyenda.model import DocAnalysis, Entity
from leyenda.reconcile import reconcile
from leyenda.resolve import resolve

from .conftest import Analyse


def names(a: DocAnalysis) -> set[str]:
    return {m.name for m in a.mentions}


def entities(a: DocAnalysis) -> dict[str, Entity]:
    ents, _, _ = reconcile([a], resolve([a]))
    return {e.name: e for e in ents}


def test_a_demonym_is_no_entity(analyse: Analyse) -> None:
    a = analyse("Ramón Ortiz worked beside the Colombians for years. Ortiz, a Texan, stayed.")
    assert not {"Colombians", "Texan"} & names(a)


def test_a_drug_is_no_entity(analyse: Analyse) -> None:
    a = analyse("Ramón Ortiz sold cocaine in Cali. Cocaine made him rich.")
    assert "Cocaine" not in names(a)
    assert {"Ramón Ortiz", "Cali"} <= names(a)


def test_a_short_heading_names_nobody(analyse: Analyse) -> None:
    a = analyse("History on Screen\n\nRamón Ortiz ran a farm near Cali in 1985.")
    assert "History" not in names(a) and "Screen" not in names(a)


def test_a_capitalised_word_nothing_reads_as_a_name_is_no_entity(analyse: Analyse) -> None:
    a = analyse("Betrayal\n\nRamón Ortiz ran a farm near Cali in 1985.")
    assert "Betrayal" not in names(a)


def test_a_prison_named_before_its_noun_is_a_place(analyse: Analyse) -> None:
    a = analyse("Ramón Ortiz was arrested in 1990. He was moved to La Torre prison in 1991.")
    assert entities(a)["La Torre"].type == "place"


def test_where_someone_is_held_is_a_place(analyse: Analyse) -> None:
    a = analyse("Ortiz, a Texan, was born in Austin. Ortiz was held at Altiplano in 1995.")
    assert entities(a)["Altiplano"].type == "place"


def test_an_actor_who_plays_an_unnamed_part_is_real(analyse: Analyse) -> None:
    a = analyse("Tomas Villar plays a weary detective in the new series.")
    assert entities(a)["Tomas Villar"].real is True


def test_an_invented_character_is_not_real(analyse: Analyse) -> None:
    a = analyse("Captain Lucia Brandt is an invented character. She hunts Ramón Ortiz.")
    ents = entities(a)
    assert ents["Lucia Brandt"].real is False
    assert ents["Ramón Ortiz"].real is None


def test_a_composite_in_apposition_is_not_real(analyse: Analyse) -> None:
    a = analyse("Detective Lucia Brandt, a composite character, hunts Ramón Ortiz.")
    assert entities(a)["Lucia Brandt"].real is False


def test_the_real_person_behind_a_character_is_real(analyse: Analyse) -> None:
    a = analyse("The character of Brandt is based on the real detective Marta Quiroga.")
    assert entities(a)["Marta Quiroga"].real is True


INVENTED = (
    "In the series Cartel Days, Horacio Carrillo is an invented character played by "
    "Maurice Compte. The show follows agent Ana Ruiz.\n"
)
LATER = (
    "Horacio Carrillo was killed in Bogota in 1994, the show says.\nAna Ruiz was born in 1950.\n"
)


def _real_of(casefile: Path) -> dict[str, bool | None]:
    import json

    from leyenda.api import export_casefile

    data = json.loads(export_casefile(casefile, "json"))
    return {e["name"]: e["real"] for e in data["entities"] if e["type"] == "person"}


def test_what_the_text_says_of_real_outweighs_facts_on_every_route(
    tmp_path: Path, nlp: Any, cross_route: str
) -> None:
    """An invented character stays fictional when a fact names him: in a full build on
    either cross-document route, and when the fact comes in a later, incremental build."""
    import json

    from leyenda.pipeline import build

    one = tmp_path / "one.jsonl"
    two = tmp_path / "two.jsonl"
    one.write_text(json.dumps({"id": "a", "text": INVENTED, "published": "2020-01-01"}) + "\n")
    two.write_text(json.dumps({"id": "b", "text": LATER, "published": "2020-01-01"}) + "\n")
    full = tmp_path / "full.db"
    build([one, two], full, nlp=nlp)
    grown = tmp_path / "grown.db"
    build([one], grown, nlp=nlp)
    assert build([two], grown, nlp=nlp).resolution == "incremental"
    for casefile in (full, grown):
        real = _real_of(casefile)
        assert real["Horacio Carrillo"] is False and real["Maurice Compte"] is True


# Marta Quiroga is real and Lucia Brandt fictional only because the text says so: no fact
# of reality names either of them.
SAID = (
    "The character of Brandt is based on the real detective Marta Quiroga. "
    "Captain Lucia Brandt is an invented character.\n"
)
#: A fact saying a show departs from reality: an increment then reconciles every fact
#: again (`increment`'s "everything" branch), not only the new document's subjects.
DEPARTS = (
    "Jorge Salas was arrested in 1990. "
    "The arrest went far less dramatically in the series Cartel Days.\n"
)
LATER_STILL = "Ana Ruiz, a judge, was born in 1950 in Cali.\n"


def test_what_the_text_says_of_real_survives_every_later_build(
    tmp_path: Path, nlp: Any, cross_route: str, monkeypatch: Any
) -> None:
    """real: true and real: false that only the text decides stay after a later build:
    one that adds a document incrementally and reconciles every fact again, and one that
    resolves in full (on the cross-document route the fixture picks), and on a case file
    whose entities' text word was stored before schema 9."""
    import json
    import sqlite3

    from leyenda.pipeline import build
    from leyenda.store import STATE_KEY, Store

    from .conftest import as_schema

    rows = {"a": SAID, "b": DEPARTS, "c": LATER_STILL}
    for doc, text in rows.items():
        line = json.dumps({"id": doc, "text": text, "published": "2020-01-01"})
        (tmp_path / f"{doc}.jsonl").write_text(line + "\n", encoding="utf-8")

    def said(casefile: Path) -> None:
        real = _real_of(casefile)
        assert real["Marta Quiroga"] is True and real["Lucia Brandt"] is False, real

    def in_full(store: Store, analyses: Any) -> bool:
        return False  # as when an increment would change what stored documents resolved to

    grown = tmp_path / "grown.db"
    assert build([tmp_path / "a.jsonl"], grown, nlp=nlp).resolution == "full"
    said(grown)
    assert build([tmp_path / "b.jsonl"], grown, nlp=nlp).resolution == "incremental"
    said(grown)
    with monkeypatch.context() as m:
        m.setattr("leyenda.pipeline.extend", in_full)
        assert build([tmp_path / "c.jsonl"], grown, nlp=nlp).resolution == "full"
    said(grown)

    # a case file of schema 8: the migration keeps the text's 0 and makes the next build
    # that adds documents resolve in full, which stores the text's word for everyone
    old = tmp_path / "old.db"
    build([tmp_path / "a.jsonl"], old, nlp=nlp)
    conn = sqlite3.connect(old)
    with conn:
        as_schema(conn, 8)
    conn.close()
    with Store.open(old) as store:
        assert store.get_meta(STATE_KEY) is None
        kept = dict(store._conn.execute("SELECT name, said_real FROM entities"))
    assert kept["Lucia Brandt"] == 0 and kept["Marta Quiroga"] is None
    said(old)
    assert build([tmp_path / "b.jsonl"], old, nlp=nlp).resolution == "full"
    said(old)
    assert build([tmp_path / "c.jsonl"], old, nlp=nlp).resolution == "incremental"
    said(old)


# --- batch J's entity classes (invented sentences) ----------------------------------------


def test_an_office_and_its_title_before_a_name_are_not_part_of_it(analyse: Analyse) -> None:
    a = analyse("Harbor County Supervisor Marta Lane was shot in 1978.")
    assert "Marta Lane" in names(a) and not any("Supervisor" in n for n in names(a))
    a = analyse("KKK Grand Wizard Tomas Ferro spoke in 1979.")
    assert names(a) == {"Tomas Ferro"}
    # a place whose name holds a title word is left whole
    a = analyse("Luis Ortega moved to Prince Edward Island in 1990.")
    assert "Prince Edward Island" in names(a)


def test_credit_labels_and_award_categories_name_nobody(analyse: Analyse) -> None:
    a = analyse("Synopsis: Rui Sena (Sam Dale), a rookie, takes a job in the film.")
    assert names(a) == {"Rui Sena", "Sam Dale"}
    a = analyse("Writer: Ana Ruiz\nThe film won Best Picture and Best Adapted Screenplay.")
    assert names(a) == {"Ana Ruiz"}
