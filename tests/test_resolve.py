"""Resolution across documents: one entity per person, never two people as one."""

from __future__ import annotations

from leyenda.model import DocAnalysis
from leyenda.resolve import resolve

from .conftest import Analyse


def people(analyses: list[DocAnalysis]) -> dict[str, set[str]]:
    res = resolve(analyses)
    return {e.name: set(e.aliases) for e in res.entities if e.type == "person"}


def test_accent_and_case_variants_are_one_person(analyse: Analyse) -> None:
    a = analyse("Miguel Ángel Félix Gallardo was arrested in 1989.", doc_id="a")
    b = analyse("Miguel Angel Felix Gallardo was sentenced in 1992.", doc_id="b")
    found = people([a, b])
    assert "Miguel Ángel Félix Gallardo" in found
    assert "Miguel Angel Felix Gallardo" in found["Miguel Ángel Félix Gallardo"]
    assert len([n for n in found if "Gallardo" in n]) == 1


def test_nickname_in_one_source_and_full_name_in_another(analyse: Analyse) -> None:
    a = analyse("Ramón “El Güero” Ortiz ran the ranch in the 1980s.", doc_id="a")
    b = analyse("“El Güero” was arrested in 1990. Ramón Ortiz denied everything.", doc_id="b")
    res = resolve([a, b])
    ortiz = [e for e in res.entities if e.name == "Ramón Ortiz"]
    assert len(ortiz) == 1
    assert "El Güero" in ortiz[0].aliases
    assert ortiz[0].merged_because


def test_surname_alone_joins_the_only_full_name(analyse: Analyse) -> None:
    a = analyse("Prosecutor Helena Vasquez opened the case in 1995.", doc_id="a")
    b = analyse("Vasquez asked for a new trial in 1997.", doc_id="b")
    found = people([a, b])
    assert "Vasquez" in found.get("Helena Vasquez", set())


def test_people_who_share_a_name_token_stay_apart(analyse: Analyse) -> None:
    a = analyse("Diego Luna stars in the series.", doc_id="a")
    b = analyse("Genaro Garcia Luna was a police chief. Luna denied the charges.", doc_id="b")
    found = people([a, b])
    assert "Diego Luna" in found and "Genaro Garcia Luna" in found


def test_father_and_son_stay_apart(analyse: Analyse) -> None:
    a = analyse("Enrique Camarena joined the DEA in 1974.", doc_id="a")
    b = analyse("Enrique Camarena Jr. became a judge in 2014.", doc_id="b")
    found = people([a, b])
    assert len([n for n in found if n.startswith("Enrique Camarena")]) == 2


def test_every_mention_belongs_to_exactly_one_entity(analyse: Analyse) -> None:
    a = analyse("Helena Vasquez met Tomás Herrera in Cali. Vasquez left.", doc_id="a")
    res = resolve([a])
    seen = [(r.doc, r.start) for e in res.entities for r in e.mentions]
    assert len(seen) == len(set(seen)) == len(a.mentions)


def test_a_lone_name_no_full_name_explains_is_one_person_across_documents(
    analyse: Analyse,
) -> None:
    a = analyse("Their daughter, Manuela, was born in 1984.", doc_id="a")
    b = analyse("Manuela later moved to Argentina with her mother.", doc_id="b")
    found = people([a, b])
    assert list(found).count("Manuela") == 1
