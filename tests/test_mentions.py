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


@pytest.mark.model
def test_a_plural_group_name_is_never_a_person(analyse: Analyse) -> None:
    a = analyse(
        "In the late ’80s, the traffickers who called themselves the Extraditables said they "
        "preferred a grave to a cell. From 1993 he was hunted by Los Pepes, a vigilante group."
    )
    assert label_of(a, "Extraditables") != "person"
    assert label_of(a, "Los Pepes") != "person"


@pytest.mark.model
def test_a_role_word_that_opens_a_company_name_stays_in_it(analyse: Analyse) -> None:
    a = analyse("General Motors Corporation filed for bankruptcy on Monday.")
    assert "General Motors Corporation" in {m.name for m in a.mentions}
    assert not any(m.name.startswith("Motors") for m in a.mentions)


@pytest.mark.model
def test_company_title_and_person_written_as_one_run_are_two_names(analyse: Analyse) -> None:
    a = analyse("Apple Inc. CEO Steve Jobs gave the keynote. Jobs welcomed everyone.")
    names = {m.name for m in a.mentions}
    assert "Steve Jobs" in names and "Apple Inc." in names
    assert label_of(a, "Steve Jobs") == "person"
    # "Jobs" opening a sentence is tagged a common noun, but it is his surname here
    short = by_name(a, "Jobs")
    assert short and a.mentions[root(a, short[0])].name == "Steve Jobs"


@pytest.mark.model
def test_an_actor_name_the_tagger_splits_is_kept_whole(analyse: Analyse) -> None:
    a = analyse(
        "His last days close the second season of Narcos, in which Wagner Moura stars as Escobar."
    )
    assert label_of(a, "Wagner Moura") == "person"
    assert "Wagner" not in {m.name for m in a.mentions}


@pytest.mark.model
def test_what_a_network_owns_by_name_is_a_show(analyse: Analyse) -> None:
    a = analyse("His exit closed a chapter, and Netflix’s Narcos makes it a cliffhanger.")
    assert label_of(a, "Narcos") == "work"
    assert label_of(a, "Netflix") == "organization"
