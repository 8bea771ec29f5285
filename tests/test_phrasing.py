"""How facts read (issue 19, plain language): every predicate with its voice, in every view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from leyenda import phrasing
from leyenda.model import (
    ATTRIBUTE_PREDICATES,
    EVENT_PREDICATES,
    RELATION_PREDICATES,
    CaseFile,
    Document,
    Entity,
    Evidence,
    Fact,
    TimeSpan,
)

NAMES = {
    "vic": "Rafael Ortiz",
    "kil": "Luis Ortega",
    "cop": "Ana Ruiz",
    "city": "Guadalajara",
    "show": "Cartel Days",
    "org": "the Lumen Press",
    "pri": "La Torre",
}


def say(predicate: str, **slots: object) -> str:
    return phrasing.sentence(predicate, NAMES.__getitem__, **slots)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("predicate", "slots", "subject_first", "object_first"),
    [
        ("born", {"place": "city"}, "Rafael Ortiz was born in Guadalajara", None),
        ("died", {}, "Rafael Ortiz died", None),
        ("killed", {"object": "kil", "place": "city"},
         "Rafael Ortiz was killed by Luis Ortega in Guadalajara",
         "Luis Ortega killed Rafael Ortiz in Guadalajara"),
        ("killed", {}, "Rafael Ortiz was killed", None),
        ("kidnapped", {"object": "kil"}, "Rafael Ortiz was kidnapped by Luis Ortega",
         "Luis Ortega kidnapped Rafael Ortiz"),
        ("body_found", {"place": "city"},
         "the body of Rafael Ortiz was found in Guadalajara", None),
        ("arrested", {"object": "cop", "place": "city"},
         "Rafael Ortiz was arrested by Ana Ruiz in Guadalajara",
         "Ana Ruiz arrested Rafael Ortiz in Guadalajara"),
        ("charged", {"value": "fraud"}, "Rafael Ortiz was charged with fraud", None),
        ("convicted", {"value": "fraud"}, "Rafael Ortiz was convicted of fraud", None),
        ("sentenced", {"value": "life in prison"},
         "Rafael Ortiz was sentenced (life in prison)", None),
        ("imprisoned", {"place": "pri"}, "Rafael Ortiz was imprisoned in La Torre", None),
        ("transferred", {"place": "pri"}, "Rafael Ortiz was transferred to La Torre", None),
        ("released", {}, "Rafael Ortiz was released", None),
        ("escaped", {"place": "pri"}, "Rafael Ortiz escaped from La Torre", None),
        ("extradited", {"place": "city"}, "Rafael Ortiz was extradited to Guadalajara", None),
        ("married", {"object": "cop"}, "Rafael Ortiz married Ana Ruiz",
         "Ana Ruiz married Rafael Ortiz"),
        ("joined", {"object": "org"}, "Rafael Ortiz joined the Lumen Press",
         "the Lumen Press was joined by Rafael Ortiz"),
        ("left", {"object": "org"}, "Rafael Ortiz left the Lumen Press", None),
        ("founded", {"object": "org"}, "Rafael Ortiz founded the Lumen Press",
         "the Lumen Press was founded by Rafael Ortiz"),
        ("appointed", {"value": "a judge"}, "Rafael Ortiz was appointed a judge", None),
        ("moved", {"place": "city"}, "Rafael Ortiz moved to Guadalajara", None),
        ("met", {"object": "cop"}, "Rafael Ortiz met Ana Ruiz", "Ana Ruiz met Rafael Ortiz"),
        ("portrayed_by", {"object": "kil", "work": "show"},
         "Rafael Ortiz is played by Luis Ortega in Cartel Days",
         "Luis Ortega plays Rafael Ortiz in Cartel Days"),
        ("member_of", {"object": "org"}, "Rafael Ortiz, member of the Lumen Press",
         "the Lumen Press, with member Rafael Ortiz"),
        ("leader_of", {"object": "org"}, "Rafael Ortiz, leader of the Lumen Press",
         "the Lumen Press, led by Rafael Ortiz"),
        ("employee_of", {"object": "org", "value": "editor"},
         "Rafael Ortiz, editor at the Lumen Press",
         "the Lumen Press, employer of Rafael Ortiz (editor)"),
        ("employee_of", {"object": "org"}, "Rafael Ortiz, employee at the Lumen Press", None),
        ("spouse", {"object": "cop"}, "Rafael Ortiz, spouse of Ana Ruiz",
         "Ana Ruiz, spouse of Rafael Ortiz"),
        ("child", {"object": "kil", "value": "father"}, "Rafael Ortiz, child of Luis Ortega",
         "Luis Ortega, father of Rafael Ortiz"),
        ("child", {"object": "kil"}, "Rafael Ortiz, child of Luis Ortega",
         "Luis Ortega, parent of Rafael Ortiz"),
        ("parent", {"object": "kil"}, "Rafael Ortiz, parent of Luis Ortega",
         "Luis Ortega, child of Rafael Ortiz"),
        ("sibling", {"object": "kil", "value": "brother"}, "Rafael Ortiz, brother of Luis Ortega",
         "Luis Ortega, sibling of Rafael Ortiz"),
        ("age", {"value": 41}, "Rafael Ortiz was 41 years old", None),
        ("occupation", {"value": "pilot"}, "Rafael Ortiz: pilot", None),
        ("children_count", {"value": 3}, "Rafael Ortiz had 3 children", None),
        ("claims", {"value": "that he was innocent"},
         "Rafael Ortiz says that he was innocent", None),
    ],
)  # fmt: skip
def test_each_predicate_reads_with_its_voice(
    predicate: str, slots: dict[str, object], subject_first: str, object_first: str | None
) -> None:
    assert say(predicate, subject="vic", **slots) == subject_first
    if object_first is not None:
        assert say(predicate, subject="vic", about=slots["object"], **slots) == object_first
    else:  # told from the subject's side whoever the page is about
        assert say(predicate, subject="vic", about="cop", **slots) == subject_first


def test_every_predicate_of_the_model_has_a_reading() -> None:
    known = phrasing.known_predicates()
    for predicate in EVENT_PREDICATES + RELATION_PREDICATES + ATTRIBUTE_PREDICATES:
        assert predicate in known, predicate
        assert phrasing.label(predicate), predicate


def test_the_table_is_consistent() -> None:
    from importlib import resources

    data = json.loads(resources.files("leyenda").joinpath("phrasing.json").read_text("utf-8"))
    for name, row in data["predicates"].items():
        assert "{s}" in row["subject_first"], name
        if "object_first" in row:
            assert "{o}" in row["object_first"] and "{s}" in row["object_first"], name
            assert not row["object_first"].startswith("["), name
        assert row.get("label"), name


def test_an_unknown_predicate_and_a_missing_part_still_read() -> None:
    assert say("took_over", subject="vic", object="org") == "Rafael Ortiz took over the Lumen Press"
    # a relation stored without its object (an odd row) says what there is
    assert say("member_of", subject="vic") == "Rafael Ortiz member of"


def test_labels_read_from_subject_to_object() -> None:
    assert phrasing.label("killed") == "killed by"
    assert phrasing.label("arrested") == "arrested by"
    assert phrasing.label("portrayed_by") == "played by"
    assert phrasing.noun("arrested") == "the arrest"


def _casefile() -> CaseFile:
    text = "Luis Ortega shot Rafael Ortiz in Guadalajara in 1993. Ana Ruiz arrested Ortega in 1994."
    doc = Document("d", "A story", "test", "2020-01-01", "0" * 64, text)
    people = [Entity(i, "person", NAMES[i], (), True, ()) for i in ("vic", "kil", "cop")]
    city = Entity("city", "place", "Guadalajara", (), None, ())

    def ev(quote: str) -> Evidence:
        start = text.index(quote)
        return Evidence("d", start, start + len(quote), quote)

    facts = (
        Fact("f1", "vic", "killed", "reality", object="kil", place="city",
             time=TimeSpan("1993", "1993", "1993"),
             evidence=(ev("Luis Ortega shot Rafael Ortiz in Guadalajara in 1993."),)),
        Fact("f2", "kil", "arrested", "reality", object="cop",
             time=TimeSpan("1994", "1994", "1994"),
             evidence=(ev("Ana Ruiz arrested Ortega in 1994."),)),
    )  # fmt: skip
    return CaseFile((doc,), (*people, city), facts, ())


def test_no_view_reads_a_killing_backwards() -> None:
    from leyenda.ask import ask_casefile
    from leyenda.dossier import dossier_of
    from leyenda.exports import export

    cf = _casefile()
    md = export(cf, "markdown")
    assert "Rafael Ortiz was killed by Luis Ortega in Guadalajara" in md
    assert "Rafael Ortiz killed" not in md and "Ortega was killed" not in md
    assert "Luis Ortega was arrested by Ana Ruiz" in md
    report = export(cf, "html")
    assert "Rafael Ortiz was killed by Luis Ortega in Guadalajara" in report
    assert "Rafael Ortiz killed" not in report
    # the killer's own dossier tells it from his side, and the arrest he underwent
    killer = dossier_of(cf, "Luis Ortega")
    timeline = [line.text for line in killer.timeline]
    assert any("Luis Ortega killed Rafael Ortiz in Guadalajara" in t for t in timeline)
    assert any("Luis Ortega was arrested by Ana Ruiz" in t for t in timeline)
    cop = dossier_of(cf, "Ana Ruiz")
    assert any("Ana Ruiz arrested Luis Ortega" in line.text for line in cop.timeline)
    answer = ask_casefile(cf, "When was Rafael Ortiz killed?")
    assert any("Rafael Ortiz was killed by Luis Ortega" in line.text for line in answer.lines)


def test_the_web_page_of_the_killer_tells_it_from_his_side(tmp_path: Path) -> None:
    import warnings

    from leyenda.model import DocAnalysis
    from leyenda.store import Store
    from leyenda.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    cf = _casefile()
    path = tmp_path / "case.db"
    with Store.open(path, create=True) as store:
        store.save_analysis(DocAnalysis(cf.documents[0], (), ()))
        store.save_casefile(cf.entities, cf.facts, cf.conflicts)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        page = client.get("/entity/kil").text
        victim = client.get("/entity/vic").text
    flat = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Luis Ortega killed Rafael Ortiz in Guadalajara" in flat
    assert "Luis Ortega was arrested by Ana Ruiz" in flat
    assert "Rafael Ortiz was killed by Luis Ortega" in " ".join(
        re.sub(r"<[^>]+>", "", victim).split()
    )
