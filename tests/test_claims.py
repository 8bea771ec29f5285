"""Claims: events, portrayals, relations and ages, each with its sentence, time and modality."""

from __future__ import annotations

from leyenda.mentions import root_of
from leyenda.model import DocAnalysis, LocalFact

from .conftest import Analyse


def facts(a: DocAnalysis, predicate: str) -> list[LocalFact]:
    return [f for f in a.facts if f.predicate == predicate]


def name(a: DocAnalysis, i: int | None) -> str | None:
    """The fullest name a mention refers to in its document."""
    return None if i is None else a.mentions[root_of(a.mentions, i)].name


def triples(a: DocAnalysis, predicate: str) -> set[tuple[str | None, str | None]]:
    return {(name(a, f.subject), name(a, f.object)) for f in facts(a, predicate)}


def test_every_fact_quotes_its_document(analyse: Analyse) -> None:
    text = (
        "Police arrested Tomás Herrera in Cali in 1991. Herrera was sentenced in 1993.\n\n"
        "Actor Luis Ferro plays Herrera in the series Cartel Nights."
    )
    a = analyse(text)
    assert a.facts
    for f in a.facts:
        assert text[f.evidence.start : f.evidence.end] == f.evidence.quote


def test_passive_event_with_year(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera was arrested in 1991 in Cali.")
    [f] = facts(a, "arrested")
    assert name(a, f.subject) == "Tomás Herrera"
    assert f.time is not None and (f.time.start, f.time.end) == ("1991", "1991")
    assert f.modality == "reality"


def test_active_event_takes_the_object_as_subject(analyse: Analyse) -> None:
    a = analyse("In 1991, Colombian police arrested Tomás Herrera.")
    assert {name(a, f.subject) for f in facts(a, "arrested")} == {"Tomás Herrera"}


def test_coordinated_subjects_give_one_fact_each(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera and Julio Benítez were arrested in 1991.")
    assert {name(a, f.subject) for f in facts(a, "arrested")} == {"Tomás Herrera", "Julio Benítez"}


def test_pronoun_subject_resolves_to_the_person(analyse: Analyse) -> None:
    a = analyse("Marta Solís joined the agency in 1979. In 1984, she was kidnapped in Lima.")
    [f] = facts(a, "kidnapped")
    assert name(a, f.subject) == "Marta Solís"
    assert f.time is not None and f.time.start == "1984"


def test_negated_event_is_not_a_fact(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera was never arrested.")
    assert not facts(a, "arrested")


def test_portrayal_forms(analyse: Analyse) -> None:
    a = analyse(
        "In the series Cartel Nights, Luis Ferro plays Tomás Herrera.\n\n"
        "Julio Benítez is played by Andrés Vela.\n\n"
        "Marta Solís (Sofía Prado) leads the investigation in Cartel Nights."
    )
    assert triples(a, "portrayed_by") >= {
        ("Tomás Herrera", "Luis Ferro"),
        ("Julio Benítez", "Andrés Vela"),
        ("Marta Solís", "Sofía Prado"),
    }


def test_ages_before_names_and_in_appositions(analyse: Analyse) -> None:
    a = analyse(
        "The 74-year-old Herrera spoke from prison. His brother, Julio Herrera, 70, did not."
    )
    ages = {(name(a, f.subject), f.value) for f in facts(a, "age")}
    assert ("Herrera", 74) in ages or any(v == 74 for _, v in ages)
    assert ("Julio Herrera", 70) in ages


def test_employee_from_a_role_title(analyse: Analyse) -> None:
    a = analyse("DEA agent Walter Brenner flew to Bogotá in 1988.")
    assert ("Walter Brenner", "DEA") in triples(a, "employee_of")


def test_attributed_denial_is_a_claim_not_an_event(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera claims he did not kill the informant.")
    assert not facts(a, "killed")
    assert all(f.modality == "claim" for f in facts(a, "claims"))


def test_sentences_about_the_show_are_depictions(analyse: Analyse) -> None:
    a = analyse(
        "Cartel Nights, a new crime series, premieres on Friday.\n\n"
        "In Cartel Nights, Tomás Herrera is arrested in a shootout. "
        "In reality, Tomás Herrera was arrested in 1991 without a shot fired."
    )
    mods = {f.modality for f in facts(a, "arrested")}
    assert mods == {"depiction", "reality"}


def test_in_reality_turns_the_sentence_before_into_the_show(analyse: Analyse) -> None:
    a = analyse(
        "Cartel Nights, a new crime series, premieres on Friday.\n\n"
        "Tomás Herrera is arrested in a shootout. "
        "In reality, Tomás Herrera was arrested in 1991 without a shot fired."
    )
    by_mod = {f.modality: f for f in facts(a, "arrested")}
    assert set(by_mod) == {"depiction", "reality"}
    assert by_mod["reality"].time is not None and by_mod["depiction"].time is None


def test_casing_in_a_relative_clause_leaves_the_sentence_about_reality(analyse: Analyse) -> None:
    a = analyse(
        "Tomás Herrera was a drug lord. By the late ’70s Herrera had founded the Cali Syndicate "
        "with his cousin Julio Benítez, whom Andrés Vela plays in the series."
    )
    [founded] = facts(a, "founded")
    assert founded.modality == "reality"
    assert founded.time is not None and (founded.time.start, founded.time.end) == ("1977", "1979")
    assert ("Julio Benítez", "Andrés Vela") in triples(a, "portrayed_by")
