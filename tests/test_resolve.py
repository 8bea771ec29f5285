"""Resolution across documents: one entity per person, never two people as one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from leyenda.model import DocAnalysis, Document, Entity, Mention
from leyenda.resolve import Override, Resolution, resolve

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


# --- hand-made documents: the rules alone, no model ------------------------------------------


def make_analysis(
    doc_id: str, text: str, names: list[tuple[str, str] | tuple[str, str, str]]
) -> DocAnalysis:
    """A document whose mentions are `names` found left to right in `text`.

    Each item is (name, label) or (name, label, antecedent name): a short form linked to the
    earlier mention of that name, as `mentions.link_mentions` would.
    """
    mentions: list[Mention] = []
    pos = 0
    for item in names:
        name, label = item[0], item[1]
        start = text.index(name, pos)
        pos = start + len(name)
        ante = None
        if len(item) == 3:
            ante = max(i for i, m in enumerate(mentions) if m.name == item[2])
        mentions.append(
            Mention(
                doc=doc_id,
                start=start,
                end=pos,
                text=name,
                label=label,  # type: ignore[arg-type]
                name=name,
                antecedent=ante,
                link_rule=None if ante is None else "surname",
            )
        )
    sha = hashlib.sha256(text.encode()).hexdigest()
    return DocAnalysis(Document(doc_id, doc_id, "test", None, sha, text), tuple(mentions), ())


def entities_by_name(res: Resolution) -> dict[str, Entity]:
    return {e.name: e for e in res.entities}


def test_resolve_keeps_father_and_son_apart() -> None:
    a = make_analysis("a", "Enrique Camarena joined the DEA.", [("Enrique Camarena", "person")])
    b = make_analysis(
        "b",
        "Enrique Camarena Jr. became a judge. Camarena Jr. spoke.",
        [("Enrique Camarena Jr.", "person"), ("Camarena Jr.", "person", "Enrique Camarena Jr.")],
    )
    found = entities_by_name(resolve([a, b]))
    assert {"Enrique Camarena", "Enrique Camarena Jr."} <= set(found)
    assert len(found["Enrique Camarena"].mentions) == 1


def test_resolve_keeps_full_names_sharing_a_surname_apart() -> None:
    a = make_analysis(
        "a",
        "Diego Luna acts. Ronald Reagan spoke.",
        [("Diego Luna", "person"), ("Ronald Reagan", "person")],
    )
    b = make_analysis(
        "b",
        "Genaro Garcia Luna was arrested. Nancy Reagan spoke.",
        [("Genaro Garcia Luna", "person"), ("Nancy Reagan", "person")],
    )
    found = entities_by_name(resolve([a, b]))
    assert {"Diego Luna", "Genaro Garcia Luna", "Ronald Reagan", "Nancy Reagan"} <= set(found)


def test_resolve_joins_a_lone_surname_only_when_one_person_carries_it() -> None:
    a = make_analysis(
        "a",
        "Helena Vasquez and Tomás Ortiz met.",
        [("Helena Vasquez", "person"), ("Tomás Ortiz", "person")],
    )
    b = make_analysis("b", "Vasquez spoke to Ortiz.", [("Vasquez", "person"), ("Ortiz", "person")])
    c = make_analysis("c", "Rosa Ortiz denied it.", [("Rosa Ortiz", "person")])
    found = entities_by_name(resolve([a, b, c]))
    assert "Vasquez" in found["Helena Vasquez"].aliases
    # two people of the corpus are called Ortiz: the lone surname joins neither
    assert "Ortiz" not in found["Tomás Ortiz"].aliases
    assert "Ortiz" not in found["Rosa Ortiz"].aliases


def test_resolve_records_why_it_merged() -> None:
    a = make_analysis(
        "a", "Miguel Ángel Félix Gallardo fled.", [("Miguel Ángel Félix Gallardo", "person")]
    )
    b = make_analysis(
        "b", "Miguel Angel Felix Gallardo was caught.", [("Miguel Angel Felix Gallardo", "person")]
    )
    (person,) = [e for e in resolve([a, b]).entities if e.type == "person"]
    assert [r.rule for r in person.merged_because] == ["same-name"]


def test_split_override_makes_the_written_name_its_own_entity() -> None:
    a = make_analysis(
        "a",
        "Kiki Camarena was a DEA agent. Camarena was kidnapped.",
        [("Kiki Camarena", "person"), ("Camarena", "person", "Kiki Camarena")],
    )
    b = make_analysis("b", "Camarena wrote a book.", [("Camarena", "person")])
    before = entities_by_name(resolve([a, b]))
    assert len(before["Kiki Camarena"].mentions) == 3
    after = resolve([a, b], [Override("split", "camarena")])
    holders = {r.start: e.name for e in after.entities for r in e.mentions if r.doc == "a"}
    split_off = [e for e in after.entities if e.name == "Camarena"]
    assert len(split_off) == 1 and len(split_off[0].mentions) == 2  # one in each document
    assert holders[0] == "Kiki Camarena"
    assert [r.rule for r in split_off[0].merged_because] == ["user-split"]


def test_split_override_takes_the_short_forms_that_refer_back_to_the_name() -> None:
    a = make_analysis(
        "a",
        "Rosa Ortiz spoke. Ortiz left.",
        [("Rosa Ortiz", "person"), ("Ortiz", "person", "Rosa Ortiz")],
    )
    b = make_analysis("b", "Rosa Ortiz returned.", [("Rosa Ortiz", "person")])
    after = resolve([a, b], [Override("split", "Rosa Ortiz")])
    (rosa,) = [e for e in after.entities if e.name == "Rosa Ortiz"]
    assert len(rosa.mentions) == 3


def test_merge_override_joins_two_people_the_rules_keep_apart() -> None:
    a = make_analysis("a", "Tata Henao spoke.", [("Tata Henao", "person")])
    b = make_analysis("b", "María Victoria Henao left.", [("María Victoria Henao", "person")])
    assert len([e for e in resolve([a, b]).entities if e.type == "person"]) == 2
    after = resolve([a, b], [Override("merge", "tata henao", "Maria Victoria Henao")])
    (person,) = [e for e in after.entities if e.type == "person"]
    assert person.name == "María Victoria Henao" and "Tata Henao" in person.aliases
    assert "user-merge" in [r.rule for r in person.merged_because]


def test_merge_override_with_an_ambiguous_name_joins_nothing() -> None:
    a = make_analysis(
        "a",
        "Rosa Ortiz and Tomás Ortiz met. Ortiz left.",
        [("Rosa Ortiz", "person"), ("Tomás Ortiz", "person"), ("Ortiz", "person", "Rosa Ortiz")],
    )
    b = make_analysis("b", "Ortiz spoke.", [("Ortiz", "person")])
    c = make_analysis("c", "Ana Ruiz spoke.", [("Ana Ruiz", "person")])
    after = resolve([a, b, c], [Override("merge", "Ortiz", "Ana Ruiz")])
    (ana,) = [e for e in after.entities if e.name == "Ana Ruiz"]
    assert len(ana.mentions) == 1


def test_resolve_joins_an_organization_under_its_legal_form_and_its_initials() -> None:
    a = make_analysis(
        "a",
        "Fiat Group bought a stake. The Government Accountability Office objected.",
        [("Fiat Group", "organization"), ("Government Accountability Office", "organization")],
    )
    b = make_analysis(
        "b", "Fiat said GAO was wrong.", [("Fiat", "organization"), ("GAO", "organization")]
    )
    orgs = [e for e in resolve([a, b]).entities if e.type == "organization"]
    assert len(orgs) == 2
    rules = {r.rule for e in orgs for r in e.merged_because}
    assert {"org-legal-form", "org-initials"} <= rules


def test_resolve_keeps_companies_sharing_a_first_word_apart() -> None:
    a = make_analysis(
        "a",
        "Apple Computer sued Apple Corps.",
        [("Apple Computer", "organization"), ("Apple Corps", "organization")],
    )
    b = make_analysis("b", "Apple won.", [("Apple", "organization")])
    c = make_analysis(
        "c",
        "Northrop Grumman and Northrop bid.",
        [("Northrop Grumman", "organization"), ("Northrop", "organization")],
    )
    found = entities_by_name(resolve([a, b, c]))
    assert {"Apple Computer", "Apple Corps", "Apple"} <= set(found)  # "Apple" could be either
    assert "Northrop" in found["Northrop Grumman"].aliases


def test_a_surname_thousands_carry_joins_none_of_them() -> None:
    people = [
        make_analysis(f"p{i}", f"{first} Garcia spoke.", [(f"{first} Garcia", "person")])
        for i, first in enumerate(f"{a}{b}" for a in ("Al", "Be", "Ca", "Da") for b in "aeiou")
    ]
    lone = make_analysis("lone", "Garcia denied it.", [("Garcia", "person")])
    res = resolve([*people, lone])
    (garcia,) = [e for e in res.entities if any(m.doc == "lone" for m in e.mentions)]
    assert len(garcia.mentions) == 1 and not garcia.merged_because


def test_a_principal_named_in_every_document_takes_every_lone_surname() -> None:
    docs = [
        make_analysis(
            f"d{i}",
            "Rosa Quintana spoke. Quintana left.",
            [("Rosa Quintana", "person"), ("Quintana", "person", "Rosa Quintana")],
        )
        for i in range(50)
    ]
    docs.append(make_analysis("x", "Quintana was seen.", [("Quintana", "person")]))
    (rosa,) = [e for e in resolve(docs).entities if e.type == "person"]
    assert len(rosa.mentions) == 101


def test_one_person_under_nickname_surnames_and_a_middle_initial(analyse: Analyse) -> None:
    """Luis “Lucho” Ortega Ramos, “Lucho Ortega”, “Luis S. Ortega Ramos” and “Don Luis”
    are one man; his brother Vicente Ortega Ramos stays apart."""
    a = analyse(
        "Luis “Lucho” Ortega Ramos was born in Cali in 1950. His brother Vicente Ortega "
        "Ramos was born in 1953.",
        doc_id="a",
    )
    b = analyse("Lucho Ortega ran the Cali cartel for a decade.", doc_id="b")
    c = analyse(
        "Ortega Ramos was extradited in 2004. Luis S. Ortega Ramos died in prison in 2010.",
        doc_id="c",
    )
    d = analyse("Don Luis, as his men called him, escaped in 1996.", doc_id="d")
    res = resolve([a, b, c, d])
    people = [e for e in res.entities if e.type == "person"]
    luis = next(e for e in people if "Lucho" in e.aliases or e.name == "Lucho")
    names = {luis.name, *luis.aliases}
    assert {"Lucho Ortega", "Don Luis", "Luis S. Ortega Ramos"} <= names
    assert "Vicente Ortega Ramos" not in names
    rules = {r.rule for r in luis.merged_because}
    assert {"nickname-and-surname", "first-name-unique"} <= rules
    assert any(e.name == "Vicente Ortega Ramos" for e in people)


def test_a_first_name_two_people_carry_joins_neither(analyse: Analyse) -> None:
    a = analyse("Luis Ortega was born in 1950. Luis Prieto was born in 1951.", doc_id="a")
    b = analyse("Don Luis escaped in 1996.", doc_id="b")
    res = resolve([a, b])
    don = next(e for e in res.entities if e.name == "Don Luis")
    assert not don.merged_because


def test_a_bare_first_name_in_another_story_stays_apart(analyse: Analyse) -> None:
    a = analyse("Martha Ratliff was born in Germany in 1983.", doc_id="a")
    b = analyse(
        "Jessica Gunning plays Martha in the new drama. Martha stalks a comedian.", doc_id="b"
    )
    res = resolve([a, b])
    ratliff = next(e for e in res.entities if e.name == "Martha Ratliff")
    assert "Martha" not in ratliff.aliases


def test_a_familiar_first_name_and_middle_initials_are_one_person(nlp: Any, tmp_path: Path) -> None:
    from leyenda import build
    from leyenda.api import export_casefile

    (tmp_path / "a.txt").write_text(
        "Jim Rook commanded the flight in 1970. Rook later wrote a book.\n"
    )
    (tmp_path / "b.txt").write_text("James A. Rook was born in Cleveland in 1928.\n")
    build([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "c.db", nlp=nlp)
    people = [
        e
        for e in json.loads(export_casefile(tmp_path / "c.db", "json"))["entities"]
        if e["type"] == "person"
    ]
    assert [sorted([p["name"], *p["aliases"]]) for p in people] == [["James A. Rook", "Jim Rook"]]


def test_a_familiar_first_name_between_two_middle_initials_joins_neither(
    nlp: Any, tmp_path: Path
) -> None:
    from leyenda import build
    from leyenda.api import export_casefile

    (tmp_path / "a.txt").write_text("Jim Rook commanded the flight in 1970.\n")
    (tmp_path / "b.txt").write_text(
        "James A. Rook was born in 1928. James B. Rook was born in 1931.\n"
    )
    build([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "c.db", nlp=nlp)
    people = [
        e
        for e in json.loads(export_casefile(tmp_path / "c.db", "json"))["entities"]
        if e["type"] == "person"
    ]
    assert sorted(p["name"] for p in people) == ["James A. Rook", "James B. Rook", "Jim Rook"]
