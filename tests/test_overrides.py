"""`leyenda merge` / `leyenda split`: corrections stored in the case file, kept on rebuilds."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from leyenda.api import open_casefile
from leyenda.cli import main
from leyenda.cross import resolve_store
from leyenda.errors import LeyendaError
from leyenda.model import DocAnalysis, Entity
from leyenda.overrides import merge_entities, split_entity
from leyenda.store import Store

from .conftest import as_schema
from .test_resolve import make_analysis

pytestmark = pytest.mark.usefixtures("cross_route")  # both routes of a full build

DOC_A = make_analysis(
    "a",
    "Kiki Camarena was a DEA agent. Camarena was kidnapped. Tata Henao watched.",
    [
        ("Kiki Camarena", "person"),
        ("Camarena", "person", "Kiki Camarena"),
        ("Tata Henao", "person"),
    ],
)
DOC_B = make_analysis(
    "b",
    "María Victoria Henao left. Camarena wrote a book. Rosa Ortiz and Tomás Ortiz met.",
    [
        ("María Victoria Henao", "person"),
        ("Camarena", "person"),
        ("Rosa Ortiz", "person"),
        ("Tomás Ortiz", "person"),
    ],
)
DOC_C = make_analysis(
    "c",
    "Tata Henao spoke again. Camarena was found.",
    [("Tata Henao", "person"), ("Camarena", "person")],
)


def casefile(tmp_path: Path, *analyses: DocAnalysis) -> Path:
    path = tmp_path / "case.db"
    with Store.open(path, create=True) as store:
        for a in analyses:
            store.save_analysis(a)
        resolve_store(store)
    return path


def rebuild(path: Path, *analyses: DocAnalysis) -> None:
    """What `build` does with new documents: save them, then steps 4–6."""
    with Store.open(path) as store:
        for a in analyses:
            store.save_analysis(a)
        resolve_store(store)


def holder(path: Path, doc: str, text: str) -> Entity:
    """The entity holding the mention written `text` in document `doc`."""
    cf = open_casefile(path)
    (found,) = {
        e.id: e for e in cf.entities for m in e.mentions if (m.doc, m.text) == (doc, text)
    }.values()
    return found


def test_merge_joins_two_entities_and_says_why(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    assert holder(path, "a", "Tata Henao").id != holder(path, "b", "María Victoria Henao").id
    message = merge_entities(path, "tata henao", "Maria Victoria Henao")
    assert "María Victoria Henao" in message and "\n" not in message
    merged = holder(path, "a", "Tata Henao")
    assert merged.id == holder(path, "b", "María Victoria Henao").id
    reason = [r for r in merged.merged_because if r.rule == "user-merge"]
    assert reason and "leyenda merge" in reason[0].detail


def test_merge_survives_rebuild_with_a_new_document(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    merge_entities(path, "Tata Henao", "María Victoria Henao")
    rebuild(path, DOC_C)
    merged = holder(path, "b", "María Victoria Henao")
    assert merged.id == holder(path, "a", "Tata Henao").id == holder(path, "c", "Tata Henao").id
    with Store.open(path) as store:
        assert store.overrides() == [("merge", "Tata Henao", "María Victoria Henao")]


def test_split_makes_the_name_its_own_entity(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    kiki = holder(path, "a", "Kiki Camarena")
    assert holder(path, "b", "Camarena").id == kiki.id
    message = split_entity(path, "Camarena")
    assert "Camarena" in message and "its own entity" in message
    split_off = holder(path, "b", "Camarena")
    assert split_off.id == holder(path, "a", "Camarena").id != holder(path, "a", "Kiki Camarena").id
    assert "Camarena" not in holder(path, "a", "Kiki Camarena").aliases


def test_split_survives_rebuild(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    split_entity(path, "camarena")
    rebuild(path, DOC_C)
    split_off = holder(path, "c", "Camarena")
    assert split_off.id == holder(path, "b", "Camarena").id == holder(path, "a", "Camarena").id
    assert split_off.id != holder(path, "a", "Kiki Camarena").id


def test_the_later_word_on_a_name_wins(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    split_entity(path, "Camarena")
    merge_entities(path, "Camarena", "Kiki Camarena")
    assert holder(path, "b", "Camarena").id == holder(path, "a", "Kiki Camarena").id
    with Store.open(path) as store:
        assert [o[0] for o in store.overrides()] == ["merge"]


def test_unknown_name_is_an_error_naming_the_casefile(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A)
    with pytest.raises(LeyendaError, match="no entity is called 'Pablo Escobar'") as err:
        merge_entities(path, "Pablo Escobar", "Tata Henao")
    assert str(path) in str(err.value)
    with Store.open(path) as store:
        assert store.overrides() == []


def test_ambiguous_name_lists_the_entities_it_matches(tmp_path: Path) -> None:
    # "Ortiz" is an alias of no one here, but the surname alone must not pick between two
    a = make_analysis(
        "a",
        "Rosa Ortiz spoke. Ortiz left. Tomás Ortiz came. Ortiz stayed.",
        [
            ("Rosa Ortiz", "person"),
            ("Ortiz", "person", "Rosa Ortiz"),
            ("Tomás Ortiz", "person"),
            ("Ortiz", "person", "Tomás Ortiz"),
        ],
    )
    path = casefile(tmp_path, a)
    with pytest.raises(LeyendaError) as err:
        split_entity(path, "ortiz")
    assert "ambiguous" in str(err.value)
    assert "Rosa Ortiz" in str(err.value) and "Tomás Ortiz" in str(err.value)


def test_split_of_an_alias_no_mention_is_written_as_is_refused(tmp_path: Path) -> None:
    a = make_analysis(
        "a", "Enrique “Kiki” Camarena spoke.", [("Enrique “Kiki” Camarena", "person")]
    )
    (m,) = a.mentions
    a = replace(a, mentions=(replace(m, name="Enrique Camarena", nickname="Kiki"),))
    path = casefile(tmp_path, a)
    assert "Kiki Camarena" in holder(path, "a", m.text).aliases  # derived, never written
    with pytest.raises(LeyendaError, match="nothing to split"):
        split_entity(path, "Kiki Camarena")
    with Store.open(path) as store:
        assert store.overrides() == []


def test_cli_merge_prints_one_line_and_exits_2_on_a_bad_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    assert main(["merge", str(path), "Tata Henao", "María Victoria Henao"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
    assert main(["split", str(path), "Nobody Here"]) == 2
    err = capsys.readouterr().err
    assert "Nobody Here" in err and len(err.strip().splitlines()) == 1


def test_a_case_file_from_before_overrides_gets_them_on_open(tmp_path: Path) -> None:
    path = casefile(tmp_path, DOC_A, DOC_B)
    conn = sqlite3.connect(path)
    for table in ("overrides", "cluster_edges", "cluster_blocks", "clusters"):  # as in v1
        conn.execute(f"DROP TABLE {table}")
    as_schema(conn, 1)
    conn.commit()
    conn.close()
    merge_entities(path, "Tata Henao", "María Victoria Henao")  # migrates, then stores
    with Store.open(path) as store:
        assert store.overrides() == [("merge", "Tata Henao", "María Victoria Henao")]
