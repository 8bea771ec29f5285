"""Claims: events, portrayals, relations and ages, each with its sentence, time and modality."""

from __future__ import annotations

from typing import Any

from leyenda.mentions import root_of
from leyenda.model import DocAnalysis, Document, LocalFact

from .conftest import EXAMPLES, SEEDS_MANIFEST, Analyse


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


# Facts that keep their values, relative dates, family, lifespans (issue 4) ------------------


def test_charges_and_sentence_keep_their_values(analyse: Analyse) -> None:
    a = analyse(
        "Tomás Herrera was arrested in 1991 on charges of racketeering and money laundering, "
        "and sentenced to 30 years in prison."
    )
    [charged] = facts(a, "charged")
    assert name(a, charged.subject) == "Tomás Herrera"
    assert charged.value == "racketeering and money laundering"
    assert charged.time is not None and charged.time.start == "1991"
    [sentenced] = facts(a, "sentenced")
    assert sentenced.value == "30 years"


def test_the_new_sentence_is_the_last_sentencing_before_it(analyse: Analyse) -> None:
    a = analyse(
        "Tomás Herrera was re-sentenced in 2015. According to the court, the new sentence is "
        "12 years plus a fine of $2 million."
    )
    valued = [f for f in facts(a, "sentenced") if f.value]
    assert [(name(a, f.subject), f.value) for f in valued] == [
        ("Tomás Herrera", "12 years plus a fine of $2 million")
    ]
    assert valued[0].time is not None and valued[0].time.start == "2015"


def test_years_later_counts_from_the_previous_dated_fact(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera was arrested in May 1991. Two years later, he was released.")
    [released] = facts(a, "released")
    assert released.time is not None
    assert (released.time.start, released.time.end) == ("1993", "1993")
    assert released.time.text == "Two years later"


def test_after_a_length_of_time_shifts_the_previous_date(analyse: Analyse) -> None:
    a = analyse(
        "Police arrested Tomás Herrera on March 3, 1991. After four days of questioning, "
        "Herrera was released."
    )
    [released] = facts(a, "released")
    assert released.time is not None and released.time.start == "1991-03-07"
    assert released.time.text == "After four days"


def test_relative_date_without_an_anchor_stays_undated(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera lived in Cali. Two years later, he was released.")
    [released] = facts(a, "released")
    assert released.time is None


def test_age_dated_by_the_event_it_follows(analyse: Analyse) -> None:
    a = analyse(
        "Tomás Herrera was killed in 1994. Following Herrera's murder, 41-year-old "
        "Marta Solís moved to Lima."
    )
    [age] = [f for f in facts(a, "age") if name(a, f.subject) == "Marta Solís"]
    assert age.value == 41
    assert age.time is not None and (age.time.start, age.time.end) == ("1994", "1994")


def test_event_in_a_when_clause_takes_the_sentence_date(analyse: Analyse) -> None:
    a = analyse("On June 3, 1990, Tomás Herrera was driving to work when he was kidnapped.")
    [kidnapped] = facts(a, "kidnapped")
    assert name(a, kidnapped.subject) == "Tomás Herrera"
    assert kidnapped.time is not None and kidnapped.time.start == "1990-06-03"
    assert kidnapped.modality == "reality"


def test_his_wife_is_the_one_spouse_the_document_names(analyse: Analyse) -> None:
    a = analyse(
        "Tomás Herrera married Lucía Prado in 1980.\n\n"
        "In 1990, the real-life Herrera was walking to his car to meet his wife."
    )
    later = [f for f in facts(a, "spouse") if f.evidence.quote.startswith("In 1990")]
    assert [(name(a, f.subject), name(a, f.object), f.modality) for f in later] == [
        ("Tomás Herrera", "Lucía Prado", "reality")
    ]


def test_his_wife_with_no_named_spouse_gives_nothing(analyse: Analyse) -> None:
    a = analyse("Tomás Herrera was walking to his car to meet his wife.")
    assert not facts(a, "spouse")


def test_son_of_and_his_wife_name_the_right_people(analyse: Analyse) -> None:
    a = analyse("Julio Benítez is the son of Tomás Herrera and his wife Marta Solís.")
    assert ("Julio Benítez", "Tomás Herrera") in triples(a, "child")
    assert triples(a, "spouse") == {("Tomás Herrera", "Marta Solís")}


def test_father_noun_keeps_which_parent(analyse: Analyse) -> None:
    a = analyse("Ana Herrera grew up in Cali. Her father, Tomás Herrera, was a pilot.")
    [child] = facts(a, "child")
    assert (name(a, child.subject), name(a, child.object), child.value) == (
        "Ana Herrera",
        "Tomás Herrera",
        "father",
    )


def test_lifespan_in_brackets_gives_birth_and_death(analyse: Analyse) -> None:
    a = analyse(
        "Tomás Herrera (June 17, 1929 – August 13, 1984) was a Colombian pilot. "
        "Julio Benítez (born 3 May 1950 in Cali) is a singer."
    )
    born = {(name(a, f.subject), f.time.start if f.time else None) for f in facts(a, "born")}
    assert born == {("Tomás Herrera", "1929-06-17"), ("Julio Benítez", "1950-05-03")}
    [died] = facts(a, "died")
    assert died.time is not None and died.time.start == "1984-08-13"
    [cali] = [f for f in facts(a, "born") if f.place is not None]
    assert name(a, cali.place) == "Cali"


def test_a_term_in_brackets_is_not_a_life(analyse: Analyse) -> None:
    a = analyse("The chair was held by Tomás Herrera (1986 – 1993), a cellist.")
    assert not facts(a, "born") and not facts(a, "died")


def test_value_patterns_are_well_formed_data() -> None:
    from leyenda.claims.triggers import VALUE_PATTERNS
    from leyenda.model import EVENT_PREDICATES

    assert VALUE_PATTERNS
    for p in VALUE_PATTERNS:
        nodes = {n["RIGHT_ID"] for n in p.pattern}
        assert {"event", "value"} <= nodes, p.id
        assert p.predicate in EVENT_PREDICATES, p.id
        assert p.subject in ("patient", "owner"), p.id


def test_value_patterns_match_sentence_by_sentence_as_on_the_whole_document(nlp: Any) -> None:
    """Only sentences holding the words a pattern needs are matched: that must find exactly
    what spaCy's matcher finds over the whole document, in the same order."""
    from leyenda.claims import extract
    from leyenda.claims.triggers import VALUE_PATTERNS
    from leyenda.ingest import iter_documents

    def whole(sdoc: Any) -> list[tuple[str, int, str]]:
        ids = {sdoc.vocab.strings.add(p.id): p for p in VALUE_PATTERNS}
        out: list[tuple[str, int, str]] = []
        for match_id, token_ids in extract._value_matcher(sdoc.vocab)(sdoc):
            p = ids[match_id]
            nodes = dict(zip((n["RIGHT_ID"] for n in p.pattern), token_ids, strict=True))
            if any(k == p.id and e == nodes["event"] for k, e, _ in out):
                continue
            copula = sdoc[nodes["copula"]] if "copula" in nodes else None
            value = extract._value_text(sdoc[nodes["value"]], p, copula)
            out.append((p.id, nodes["event"], value))
        return out

    texts = [
        "Tomás Herrera was arrested on charges of fraud and bribery in 1991. Julio Benítez "
        "was charged with murder; he was convicted of kidnapping and sentenced to 40 years "
        "in prison. His sentence is 12 years. She got a 25-year term. Ana Ruiz was found "
        "guilty of fraud. Luis Ortega was tried and found guilty on 32 counts of extortion.",
        "No charge was ever filed. A sentence ends with a period.",
    ]
    docs = [d for d in iter_documents([SEEDS_MANIFEST, EXAMPLES / "manifest.jsonl"])]
    texts += [d.text for d in docs if isinstance(d, Document)]
    matched: set[str] = set()
    for sdoc in nlp.pipe(texts):
        expected = whole(sdoc)
        got = [(m.pattern.id, m.event.i, m.value) for m in extract._value_matches(sdoc)]
        assert got == expected
        matched.update(k for k, _, _ in got)
    assert matched == {p.id for p in VALUE_PATTERNS}  # every pattern was put to the test
