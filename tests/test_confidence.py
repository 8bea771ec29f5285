"""Every fact says how sure leyenda is and which rule stated it; views set unsure ones apart."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from leyenda.ask import ask_casefile
from leyenda.claims.triggers import CONFIDENCE_ADJUST, RULE_CONFIDENCE
from leyenda.exports.html import to_html
from leyenda.exports.json import to_dict
from leyenda.exports.markdown import to_markdown
from leyenda.model import (
    TENTATIVE_BELOW,
    CaseFile,
    DocAnalysis,
    Document,
    Entity,
    Evidence,
    Fact,
    LocalFact,
    MentionRef,
    TimeSpan,
)
from leyenda.reconcile import derive_births, local_to_facts
from leyenda.store import Store

from .conftest import Analyse, as_schema


def _only(a: DocAnalysis, predicate: str) -> LocalFact:
    [f] = [f for f in a.facts if f.predicate == predicate]
    return f


def test_a_fact_names_its_rule_and_takes_its_confidence(analyse: Analyse) -> None:
    a = analyse("Actor Luis Ferro plays Tomás Herrera in the series Cartel Nights.")
    f = _only(a, "portrayed_by")
    assert f.rule == "portrayal:plays"
    assert f.confidence == RULE_CONFIDENCE["portrayal:plays"]


def test_a_subject_named_in_another_sentence_lowers_confidence(analyse: Analyse) -> None:
    named = _only(analyse("In 1984, Marta Solís was kidnapped in Lima."), "kidnapped")
    by_pronoun = _only(
        analyse("Marta Solís joined the agency in 1979. In 1984, she was kidnapped in Lima."),
        "kidnapped",
    )
    assert named.rule == by_pronoun.rule == "event:verb"
    factor = CONFIDENCE_ADJUST["participant_elsewhere"]
    assert by_pronoun.confidence == round(named.confidence * factor, 3) < named.confidence


def test_a_date_from_the_clause_above_lowers_confidence(analyse: Analyse) -> None:
    own = _only(analyse("Tomás Herrera was arrested in 1991."), "arrested")
    outer = _only(
        analyse("In 1991, a judge ruled that Tomás Herrera should be arrested at once."),
        "arrested",
    )
    assert own.time is not None and outer.time is not None
    assert outer.confidence < own.confidence


def test_every_rule_a_build_uses_is_in_the_data_file(analyse: Analyse) -> None:
    text = (
        "Tomás Herrera (born 3 May 1950 in Cali) was arrested in 1991. His arrest shook Cali. "
        "He was sentenced to 40 years in prison. His wife, Rosa Herrera, is 61. "
        "Herrera claims he was framed. Actor Luis Ferro plays Herrera in the series Red Sky."
    )
    a = analyse(text)
    rules = {f.rule for f in a.facts}
    assert len(rules) >= 6
    for f in a.facts:
        assert f.rule in RULE_CONFIDENCE
        assert 0 < f.confidence <= RULE_CONFIDENCE[f.rule]


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, doc_id, "test", "2020-01-01", doc_id * 8, text)


def test_a_fact_said_twice_takes_its_surest_telling_and_derived_facts_their_least() -> None:
    def age_40(doc: str, rule: str, confidence: float) -> LocalFact:
        return LocalFact(
            0,
            "age",
            "reality",
            Evidence(doc, 0, 4, "Ana."),
            value=40,
            time=TimeSpan("2020", "2020", "2020"),
            rule=rule,
            confidence=confidence,
        )

    sure = age_40("a", "age:n-year-old", 0.9)
    unsure = age_40("b", "age:comma", 0.6)
    analyses = [DocAnalysis(_doc(d, "Ana."), (), (f,)) for d, f in (("b", unsure), ("a", sure))]
    [fact] = local_to_facts(analyses, lambda doc, mi: "e_ana")
    assert (fact.confidence, fact.rule) == (0.9, "age:n-year-old")
    assert len(fact.evidence) == 2
    [born] = derive_births([fact])
    assert born.derived_from == (fact.id,)
    assert (born.confidence, born.rule) == (0.9, "derived:age")
    [weak] = derive_births(
        [
            Fact(
                "f",
                "e_ana",
                "age",
                "reality",
                value=40,
                time=TimeSpan("2020", "2020", "2020"),
                confidence=0.5,
            )
        ]
    )
    assert weak.confidence == 0.5 and weak.tentative


def _casefile() -> CaseFile:
    text = "Ana Prieto was arrested in 1990. She may have married Luis Ortega in 1992."
    doc = _doc("d", text)
    ana = Entity("e_ana", "person", "Ana Prieto", (), True, (MentionRef("d", 0, 10, "Ana Prieto"),))
    luis = Entity("e_luis", "person", "Luis Ortega", (), True, ())
    cut = text.index("She")
    sure = Fact(
        "f_sure",
        "e_ana",
        "arrested",
        "reality",
        time=TimeSpan("1990", "1990", "1990"),
        evidence=(Evidence.of(doc, 0, cut - 1),),
        confidence=0.9,
        rule="event:verb",
    )
    unsure = Fact(
        "f_unsure",
        "e_ana",
        "spouse",
        "reality",
        object="e_luis",
        evidence=(Evidence.of(doc, cut, len(text)),),
        confidence=0.55,
        rule="event:verb-shared-subject",
    )
    return CaseFile((doc,), (ana, luis), (sure, unsure), ())


def test_views_set_tentative_facts_apart() -> None:
    cf = _casefile()
    assert 0.55 < TENTATIVE_BELOW < 0.9
    facts = {f["id"]: f for f in to_dict(cf)["facts"]}
    assert facts["f_unsure"]["confidence"] == 0.55
    assert facts["f_unsure"]["rule"] == "event:verb-shared-subject"
    md = to_markdown(cf)
    settled, _, unsure = md.partition("### Tentative")
    assert "Luis Ortega" not in settled.split("## Relations")[1]
    assert "_tentative: 0.55, event:verb-shared-subject_" in unsure
    assert "arrested" not in unsure.split("## ")[0]
    html = to_html(cf)
    assert html.count('class="badge tentative"') == 1
    answer = ask_casefile(cf, "Who is Ana Prieto married to?")
    assert answer.answered and answer.lines[0].tentative
    assert "(tentative" in answer.render()
    sure_answer = ask_casefile(cf, "When was Ana Prieto arrested?")
    assert sure_answer.answered and not any(line.tentative for line in sure_answer.lines)


def _stored(tmp_path: Path) -> tuple[CaseFile, Path]:
    cf = _casefile()
    path = tmp_path / "case.db"
    with Store.open(path, create=True) as store:
        for d in cf.documents:
            store.save_analysis(DocAnalysis(d, (), ()))
        store.save_casefile(cf.entities, cf.facts, cf.conflicts)
    return cf, path


def test_the_case_file_keeps_confidence_and_rule(tmp_path: Path) -> None:
    _, path = _stored(tmp_path)
    with Store.open(path) as store:
        loaded = {f.id: f for f in store.load_casefile().facts}
    assert (loaded["f_unsure"].confidence, loaded["f_unsure"].rule) == (
        0.55,
        "event:verb-shared-subject",
    )
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE facts SET confidence = 1.5")


def test_a_case_file_from_before_confidence_reads_its_facts_as_certain(tmp_path: Path) -> None:
    cf, path = _stored(tmp_path)
    with sqlite3.connect(path) as conn:  # as a schema-4 case file is
        as_schema(conn, 4)
    with Store.open(path) as store:
        facts = store.load_casefile().facts
    assert {(f.confidence, f.rule) for f in facts} == {(1.0, "")}
    assert json.loads(json.dumps(to_dict(CaseFile(cf.documents, cf.entities, facts, ()))))


def test_the_confidence_data_explains_every_entry() -> None:
    from importlib import resources

    raw = resources.files("leyenda.claims").joinpath("confidence.json").read_text("utf-8")
    data = json.loads(raw)
    for section, key in (("rules", "confidence"), ("adjust", "factor")):
        for name, entry in data[section].items():
            assert entry["why"].strip(), name
            assert 0 < entry[key] <= 1, name
