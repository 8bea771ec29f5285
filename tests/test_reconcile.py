"""Reconcile: conflicts between sources, derived birth intervals, who is real."""

from __future__ import annotations

from leyenda.model import DocAnalysis, Document, Evidence, LocalFact, Mention, TimeSpan
from leyenda.reconcile import reconcile
from leyenda.resolve import resolve


def doc_with(
    doc_id: str,
    sentence: str,
    name: str,
    predicate: str,
    when: TimeSpan | None,
    *,
    value: int | None = None,
    modality: str = "reality",
    published: str = "2020-01-01",
) -> DocAnalysis:
    """One document saying one thing about one person, built by hand (no spaCy)."""
    doc = Document(doc_id, f"Title {doc_id}", "test", published, doc_id * 8, sentence)
    start = sentence.index(name)
    m = Mention(doc_id, start, start + len(name), name, "person", name)
    f = LocalFact(
        0,
        predicate,
        modality,
        Evidence.of(doc, 0, len(sentence)),  # type: ignore[arg-type]
        value=value,
        time=when,
    )
    return DocAnalysis(doc, (m,), (f,))


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


def test_a_depiction_never_conflicts_with_reality() -> None:
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
    assert reconcile(analyses, resolve(analyses))[2] == []


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
