"""Reconcile: conflicts between sources, derived birth intervals, who is real."""

from __future__ import annotations

import pytest

from leyenda.model import DocAnalysis, Document, Evidence, LocalFact, Mention, TimeSpan
from leyenda.reconcile import reconcile
from leyenda.resolve import resolve

from .conftest import Analyse


def doc_with(
    doc_id: str,
    sentence: str,
    name: str,
    predicate: str,
    when: TimeSpan | None,
    *,
    value: int | str | None = None,
    modality: str = "reality",
    published: str = "2020-01-01",
    place: str | None = None,
) -> DocAnalysis:
    """One document saying one thing about one person, built by hand (no spaCy)."""
    doc = Document(doc_id, f"Title {doc_id}", "test", published, doc_id * 8, sentence)
    start = sentence.index(name)
    mentions = [Mention(doc_id, start, start + len(name), name, "person", name)]
    if place is not None:
        at = sentence.index(place)
        mentions.append(Mention(doc_id, at, at + len(place), place, "place", place))
    f = LocalFact(
        0,
        predicate,
        modality,  # type: ignore[arg-type]
        Evidence.of(doc, 0, len(sentence)),
        value=value,
        time=when,
        place=1 if place is not None else None,
    )
    return DocAnalysis(doc, tuple(mentions), (f,))


def year(y: str) -> TimeSpan:
    return TimeSpan(y, y, y)


def day(d: str) -> TimeSpan:
    return TimeSpan(d, d, d)


def test_once_only_event_on_two_days_is_a_conflict_citing_both() -> None:
    a = doc_with(
        "a",
        "Ana Prieto's body was found on March 7.",
        "Ana Prieto",
        "body_found",
        day("1985-03-07"),
    )
    b = doc_with(
        "b",
        "Ana Prieto's body was found on March 5.",
        "Ana Prieto",
        "body_found",
        day("1985-03-05"),
    )
    analyses = [a, b]
    _, facts, conflicts = reconcile(analyses, resolve(analyses))
    assert len(conflicts) == 1
    c = conflicts[0]
    cited = {e.doc for f in facts if f.id in c.facts for e in f.evidence}
    assert cited == {"a", "b"}
    assert "Title a" in c.summary and "Title b" in c.summary
    assert "1985-03-05" in c.summary and "1985-03-07" in c.summary


def test_a_difference_of_precision_is_not_a_conflict() -> None:
    a = doc_with(
        "a", "Ana Prieto died in 1985.", "Ana Prieto", "died", TimeSpan("1985", "1985", "1985")
    )
    b = doc_with("b", "Ana Prieto died on March 5, 1985.", "Ana Prieto", "died", day("1985-03-05"))
    analyses = [a, b]
    assert reconcile(analyses, resolve(analyses))[2] == []


def test_a_depiction_never_conflicts_with_reality_but_is_a_depiction_difference() -> None:
    a = doc_with(
        "a", "Ana Prieto died in 1985.", "Ana Prieto", "died", TimeSpan("1985", "1985", "1985")
    )
    b = doc_with(
        "b",
        "In the show, Ana Prieto dies in 1990.",
        "Ana Prieto",
        "died",
        TimeSpan("1990", "1990", "1990"),
        modality="depiction",
    )
    analyses = [a, b]
    conflicts = reconcile(analyses, resolve(analyses))[2]
    assert [c.kind for c in conflicts] == ["depiction"]
    assert "1990" in conflicts[0].summary and "1985" in conflicts[0].summary


def test_dated_age_derives_a_birth_interval() -> None:
    a = doc_with(
        "a", "Ana Prieto, 74, spoke on Thursday.", "Ana Prieto", "age", day("2020-02-13"), value=74
    )
    analyses = [a]
    _, facts, _ = reconcile(analyses, resolve(analyses))
    [born] = [f for f in facts if f.predicate == "born"]
    assert born.time is not None
    assert (born.time.start, born.time.end) == ("1945-02-14", "1946-02-13")
    [age] = [f for f in facts if f.predicate == "age"]
    assert born.derived_from == (age.id,)
    assert born.evidence == ()


def test_ages_implying_disjoint_births_conflict() -> None:
    a = doc_with("a", "Ana Prieto, 74, spoke.", "Ana Prieto", "age", day("2020-02-13"), value=74)
    b = doc_with("b", "Ana Prieto, 67, spoke.", "Ana Prieto", "age", day("2011-06-01"), value=67)
    analyses = [a, b]
    _, facts, conflicts = reconcile(analyses, resolve(analyses))
    assert len(conflicts) == 1
    ages = {f.id for f in facts if f.predicate == "age"}
    assert ages <= set(conflicts[0].facts)


def test_the_same_statement_twice_is_one_fact_with_two_citations() -> None:
    a = doc_with(
        "a", "Ana Prieto died in 1985.", "Ana Prieto", "died", TimeSpan("1985", "1985", "1985")
    )
    b = doc_with(
        "b",
        "Ana Prieto died in 1985, friends said.",
        "Ana Prieto",
        "died",
        TimeSpan("1985", "1985", "1985"),
    )
    analyses = [a, b]
    entities, facts, _ = reconcile(analyses, resolve(analyses))
    [died] = [f for f in facts if f.predicate == "died"]
    assert {e.doc for e in died.evidence} == {"a", "b"}
    [ana] = [e for e in entities if e.name == "Ana Prieto"]
    assert ana.real is True


def test_one_escape_told_on_two_nearby_days_is_a_conflict() -> None:
    a = doc_with(
        "a", "Ana Prieto escaped on July 22, 1992.", "Ana Prieto", "escaped", day("1992-07-22")
    )
    b = doc_with(
        "b", "Ana Prieto escaped on July 21, 1992.", "Ana Prieto", "escaped", day("1992-07-21")
    )
    analyses = [a, b]
    _, _, conflicts = reconcile(analyses, resolve(analyses))
    assert len(conflicts) == 1
    assert "1992-07-21" in conflicts[0].summary and "1992-07-22" in conflicts[0].summary


def test_two_arrests_years_apart_are_two_events_not_a_conflict() -> None:
    a = doc_with(
        "a", "Ana Prieto was arrested on May 2, 1985.", "Ana Prieto", "arrested", day("1985-05-02")
    )
    b = doc_with(
        "b",
        "Ana Prieto was arrested on April 9, 1989.",
        "Ana Prieto",
        "arrested",
        day("1989-04-09"),
    )
    analyses = [a, b]
    assert reconcile(analyses, resolve(analyses))[2] == []


def test_one_sentence_told_with_two_lengths_is_a_value_conflict_naming_both() -> None:
    a = doc_with(
        "a",
        "Ana Prieto was sentenced to 40 years.",
        "Ana Prieto",
        "sentenced",
        None,
        value="40 years",
    )
    b = doc_with(
        "b",
        "Ana Prieto was sentenced to 37 years.",
        "Ana Prieto",
        "sentenced",
        None,
        value="37 years",
    )
    analyses = [a, b]
    [c] = reconcile(analyses, resolve(analyses))[2]
    assert c.kind == "value"
    for part in ("40 years", "37 years", "Title a", "Title b"):
        assert part in c.summary


def test_a_new_sentence_is_another_event_not_a_conflict() -> None:
    a = doc_with(
        "a",
        "Ana Prieto was sentenced to 40 years.",
        "Ana Prieto",
        "sentenced",
        None,
        value="40 years",
    )
    b = doc_with(
        "b",
        "Ana Prieto was re-sentenced to 37 years.",
        "Ana Prieto",
        "sentenced",
        None,
        value="37 years",
    )
    analyses = [a, b]
    assert reconcile(analyses, resolve(analyses))[2] == []


def test_a_posting_to_one_place_in_two_adjacent_years_is_a_conflict() -> None:
    a = doc_with(
        "a",
        "Ana Prieto was posted to Lima in 1980.",
        "Ana Prieto",
        "transferred",
        year("1980"),
        place="Lima",
    )
    b = doc_with(
        "b",
        "Ana Prieto was posted to Lima in 1981.",
        "Ana Prieto",
        "transferred",
        year("1981"),
        place="Lima",
    )
    analyses = [a, b]
    [c] = reconcile(analyses, resolve(analyses))[2]
    assert "1980" in c.summary and "1981" in c.summary


def test_postings_to_two_places_are_two_events() -> None:
    a = doc_with(
        "a",
        "Ana Prieto was posted to Lima in 1980.",
        "Ana Prieto",
        "transferred",
        year("1980"),
        place="Lima",
    )
    b = doc_with(
        "b",
        "Ana Prieto was posted to Quito in 1981.",
        "Ana Prieto",
        "transferred",
        year("1981"),
        place="Quito",
    )
    analyses = [a, b]
    assert reconcile(analyses, resolve(analyses))[2] == []


def test_counts_that_disagree_conflict_in_reality_and_differ_from_a_show() -> None:
    a = doc_with("a", "Ana Prieto had three sons.", "Ana Prieto", "children_count", None, value=3)
    b = doc_with("b", "Ana Prieto had two sons.", "Ana Prieto", "children_count", None, value=2)
    analyses = [a, b]
    [c] = reconcile(analyses, resolve(analyses))[2]
    assert c.kind == "value" and "3" in c.summary and "2" in c.summary
    shown = doc_with(
        "c",
        "In the show, Ana Prieto has two sons.",
        "Ana Prieto",
        "children_count",
        None,
        value=2,
        modality="depiction",
    )
    analyses = [a, shown]
    [d] = reconcile(analyses, resolve(analyses))[2]
    assert d.kind == "depiction"


def test_time_served_derives_when_the_imprisonment_began() -> None:
    a = doc_with(
        "a",
        "In 2017, after serving 27 years, Ana Prieto was freed.",
        "Ana Prieto",
        "served",
        year("2017"),
        value="27 years",
    )
    analyses = [a]
    _, facts, conflicts = reconcile(analyses, resolve(analyses))
    [served] = [f for f in facts if f.predicate == "served"]
    [began] = [f for f in facts if f.predicate == "imprisoned"]
    assert began.derived_from == (served.id,) and began.evidence == ()
    assert began.time is not None
    assert began.time.start[:4] == "1989" and began.time.end[:4] == "1990"
    assert conflicts == []


def test_missing_for_about_a_month_after_a_kidnapping_is_an_interval() -> None:
    a = doc_with(
        "a",
        "Ana Prieto was kidnapped on February 7, 1985.",
        "Ana Prieto",
        "kidnapped",
        day("1985-02-07"),
    )
    b = doc_with(
        "b",
        "Ana Prieto was missing for about a month.",
        "Ana Prieto",
        "missing",
        None,
        value="about a month",
    )
    analyses = [a, b]
    _, facts, _ = reconcile(analyses, resolve(analyses))
    [derived] = [f for f in facts if f.predicate == "missing" and f.derived_from]
    assert derived.time is not None
    assert derived.time.start == "1985-02-07"
    # about a month: both March 5 and March 7 fall inside, April does not
    assert "1985-03-07" <= derived.time.end < "1985-04-01"
    assert len(derived.derived_from) == 2


@pytest.mark.model
def test_served_missing_and_passing_counts_are_read_from_text(analyse: Analyse) -> None:
    a = analyse(
        "In 2017, after serving 27 years of his initial 40-year sentence, Tomas Ferrer was "
        "re-sentenced. Lucia Ferrer was missing for about a month. In the show, Marta Ferrer "
        "is a widow and mother of two."
    )
    got = {(a.mentions[f.subject].name, f.predicate, f.value, f.modality) for f in a.facts}
    assert ("Tomas Ferrer", "served", "27 years", "reality") in got
    assert ("Lucia Ferrer", "missing", "about a month", "reality") in got
    assert ("Marta Ferrer", "children_count", 2, "depiction") in got
    [served] = [f for f in a.facts if f.predicate == "served"]
    assert served.time is not None and served.time.start == "2017"


def test_counts_of_life_sentences_that_disagree_conflict() -> None:
    said = [("a", "12 consecutive life sentences"), ("b", "13 life sentences"), ("c", "life")]
    analyses = [
        doc_with(d, f"Ana Prieto was sentenced to {v}.", "Ana Prieto", "sentenced", None, value=v)
        for d, v in said
    ]
    [c] = reconcile(analyses, resolve(analyses))[2]
    assert c.kind == "value"
    assert "12 life sentences" in c.summary and "13 life sentences" in c.summary
    assert len(c.facts) == 2  # "life" agrees with both


def test_one_transfer_told_in_the_same_words_with_two_years_is_a_conflict() -> None:
    a = doc_with(
        "a",
        "Ana Prieto was transferred to a prison in Denver in 1979.",
        "Ana Prieto",
        "transferred",
        TimeSpan("1979", "1979", "1979"),
    )
    b = doc_with(
        "b",
        "Ana Prieto was transferred to a prison in Denver in 1978.",
        "Ana Prieto",
        "transferred",
        TimeSpan("1978", "1978", "1978"),
    )
    c = doc_with(
        "c",
        "Ana Prieto was quietly transferred again to another jail in 1978.",
        "Ana Prieto",
        "transferred",
        TimeSpan("1978", "1978", "1978"),
    )
    analyses = [a, b]
    [conflict] = reconcile(analyses, resolve(analyses))[2]
    assert conflict.kind == "date"
    other = [a, c]  # other words: not the same telling, no shared place, a repeat word
    assert reconcile(other, resolve(other))[2] == []


def test_serving_a_sentence_is_its_length_not_time_served(analyse: Analyse) -> None:
    a = analyse("Luis Ortega Ramos is now serving a 30-year sentence.")
    assert [f.value for f in a.facts if f.predicate == "sentenced"] == ["30-year"]
    assert not [f for f in a.facts if f.predicate == "served"]
