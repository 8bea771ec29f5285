"""Mentions: names found, typed from context, and linked to their fuller form in a document."""

from __future__ import annotations

import pytest

from leyenda.mentions import clean_name, name_tokens, normalize_name, root_of
from leyenda.model import DocAnalysis

from .conftest import Analyse


def by_name(a: DocAnalysis, name: str) -> list[int]:
    return [i for i, m in enumerate(a.mentions) if m.name == name]


def label_of(a: DocAnalysis, name: str) -> str:
    labels = {a.mentions[i].label for i in by_name(a, name)}
    assert len(labels) == 1, (name, labels, [m.name for m in a.mentions])
    return labels.pop()


def root(a: DocAnalysis, i: int) -> int:
    return root_of(a.mentions, i)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Miguel Ángel Félix Gallardo", "miguel angel felix gallardo"),
        ("MIGUEL ANGEL FELIX GALLARDO", "miguel angel felix gallardo"),
        ("ZAVALA-AVELAR", normalize_name("Zavala-Avelar")),
    ],
)
def test_names_compare_without_accents_or_case(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal


def test_clean_name_drops_possessive_and_quotes() -> None:
    assert clean_name("Escobar’s") == "Escobar"
    assert clean_name("“El Patrón”") == "El Patrón"


def test_name_suffix_is_kept_apart_from_the_tokens() -> None:
    tokens, suffix = name_tokens("Enrique Camarena Jr.")
    assert tokens == ("enrique", "camarena")
    assert suffix


def test_shows_are_works_and_networks_are_organizations(analyse: Analyse) -> None:
    a = analyse(
        "The third season of Narcos: Mexico arrives on Netflix this week.\n\n"
        "Diego Luna plays the trafficker in Narcos: Mexico, and Netflix ordered more episodes."
    )
    assert label_of(a, "Narcos: Mexico") == "work"
    assert label_of(a, "Netflix") == "organization"
    assert label_of(a, "Diego Luna") == "person"


def test_role_titles_make_people_and_are_not_part_of_the_name(analyse: Analyse) -> None:
    a = analyse("DEA agent Walter Brenner flew to Bogotá in 1988. Brenner was 41.")
    assert label_of(a, "Walter Brenner") == "person"
    assert "Walter Brenner" in {m.name for m in a.mentions}
    assert not any(m.name.startswith("DEA agent") for m in a.mentions)
    assert label_of(a, "Bogotá") == "place"


def test_quoted_nickname_inside_a_name(analyse: Analyse) -> None:
    a = analyse("Investigators said Ramón “El Güero” Ortiz ran the ranch. Ortiz denied it.")
    full = [m for m in a.mentions if m.nickname == "El Güero"]
    assert full and full[0].name == "Ramón Ortiz"
    short = by_name(a, "Ortiz")
    assert short and a.mentions[root(a, short[0])].name == "Ramón Ortiz"


def test_surname_links_to_the_full_name_earlier_in_the_document(analyse: Analyse) -> None:
    a = analyse(
        "Prosecutor Helena Vasquez opened the case in 1995.\n\n"
        "Two years later, Vasquez asked for a new trial."
    )
    short = by_name(a, "Vasquez")
    assert short
    assert a.mentions[root(a, short[0])].name == "Helena Vasquez"
    assert a.mentions[short[0]].link_rule


def test_names_sharing_a_token_are_not_linked(analyse: Analyse) -> None:
    a = analyse(
        "Diego Luna stars in the series. Genaro Garcia Luna was a police chief in the 2000s."
    )
    i, j = by_name(a, "Diego Luna")[0], by_name(a, "Genaro Garcia Luna")[0]
    assert root(a, i) != root(a, j)


def test_offsets_point_at_the_mention_text(analyse: Analyse) -> None:
    text = "Félix Gallardo’s lawyers met Judge Ana Ruiz in Guadalajara in 2019."
    a = analyse(text)
    assert a.mentions
    for m in a.mentions:
        assert text[m.start : m.end] == m.text


def test_a_show_and_its_spin_off_are_two_works(analyse: Analyse) -> None:
    a = analyse(
        "Narcos: Mexico picks up where Narcos left off.\n\n"
        "The first Narcos followed Colombia; Narcos: Mexico moves north."
    )
    labels = {(m.name, m.label) for m in a.mentions}
    assert ("Narcos", "work") in labels and ("Narcos: Mexico", "work") in labels
    from leyenda.resolve import resolve

    works = {e.name for e in resolve([a]).entities if e.type == "work"}
    assert {"Narcos", "Narcos: Mexico"} <= works
