"""Constructions that published articles use and leyenda misread, each on a sentence written
here (never an article's): what the fact-checker's review found wrong, and what is right."""

from __future__ import annotations

from leyenda.mentions import root_of
from leyenda.model import TENTATIVE_BELOW, DocAnalysis, LocalFact

from .conftest import Analyse


def said(a: DocAnalysis, predicate: str) -> list[LocalFact]:
    return [f for f in a.facts if f.predicate == predicate]


def who(a: DocAnalysis, i: int | None) -> str | None:
    return None if i is None else a.mentions[root_of(a.mentions, i)].name


def dated(a: DocAnalysis, predicate: str) -> dict[str | None, str | None]:
    """Subject → the start of its date, for each fact of the predicate."""
    return {who(a, f.subject): f.time.start if f.time else None for f in said(a, predicate)}


# -- not events: purposes, attempts, passives of doing, results not reached -----------------


def test_a_verb_coordinated_with_a_purpose_is_no_event(analyse: Analyse) -> None:
    a = analyse(
        "Agents Ana Ruiz and Tom Field were posted to Lima in 1994, to track down and kill "
        "the smuggler Pablo Ortiz."
    )
    assert not said(a, "killed")
    assert set(dated(a, "transferred")) == {"Ana Ruiz", "Tom Field"}


def test_an_event_noun_under_an_attempt_is_no_event(analyse: Analyse) -> None:
    a = analyse("Roy Wynn was jailed in 2019 for attempting to arrange the murder of Nora Bell.")
    assert not said(a, "killed")
    assert dated(a, "imprisoned") == {"Roy Wynn": "2019"}


def test_a_verb_under_a_verb_of_trying_is_no_event(analyse: Analyse) -> None:
    a = analyse("In 1996 Luis Ortega tried to escape from the prison in Cali.")
    assert not said(a, "escaped")


def test_the_passive_of_an_event_one_does_is_no_event(analyse: Analyse) -> None:
    a = analyse(
        "Dana Pike is joined by co-stars Omar Reyes and Lisa Moon. "
        "Her first film was met with silence by critics in 2004."
    )
    assert not said(a, "joined") and not said(a, "met")


def test_shot_is_a_killing_only_with_its_result(analyse: Analyse) -> None:
    a = analyse("Roy Wynn was shot and captured in 1990. Tom Pike was shot dead in 1992.")
    assert dated(a, "killed") == {"Tom Pike": "1992"}
    assert dated(a, "arrested") == {"Roy Wynn": "1990"}


def test_naming_a_child_is_no_appointment(analyse: Analyse) -> None:
    a = analyse("Gordon Lee adopted a girl he named Greta. In 2001 Lee was named chief executive.")
    [f] = said(a, "appointed")
    assert f.value == "chief executive" and f.time is not None and f.time.start == "2001"


# -- dates that belong to the event ---------------------------------------------------------


def test_respectively_gives_each_subject_its_own_date(analyse: Analyse) -> None:
    a = analyse("Agents Ana Ruiz and Tom Field were posted to Lima in 1994 and 1991 respectively.")
    assert dated(a, "transferred") == {"Ana Ruiz": "1994", "Tom Field": "1991"}


def test_respectively_with_dates_that_do_not_pair_dates_no_one(analyse: Analyse) -> None:
    a = analyse(
        "Agents Ana Ruiz and Tom Field were posted to Lima in 1994, 1991 and 1988 respectively."
    )
    assert dated(a, "transferred") == {"Ana Ruiz": None, "Tom Field": None}


def test_a_date_in_brackets_restates_a_relative_one(analyse: Analyse) -> None:
    a = analyse(
        "On this day 30 years ago (May 2, 1994), the smuggler Pablo Ortiz died after surgery.",
        published="2024-05-02",
    )
    [f] = said(a, "died")
    assert f.time is not None and (f.time.start, f.time.end) == ("1994-05-02", "1994-05-02")


# -- names ----------------------------------------------------------------------------------


def test_aka_between_two_names_makes_the_second_an_alias(analyse: Analyse) -> None:
    a = analyse("Luis Ortega Ramos AKA El Flaco was arrested in Cali in 1995.")
    names = {m.name for m in a.mentions}
    assert "Luis Ortega Ramos" in names and "El Flaco" in names
    assert not any("AKA" in n for n in names)
    assert {who(a, f.subject) for f in said(a, "arrested")} == {"Luis Ortega Ramos"}


def test_also_known_as_links_the_alias_to_the_person(analyse: Analyse) -> None:
    a = analyse("The smuggler Luis Ortega, also known as El Flaco, was arrested in 1995.")
    flaco = next(i for i, m in enumerate(a.mentions) if m.name == "El Flaco")
    assert who(a, flaco) == "Luis Ortega"


# -- pronouns -------------------------------------------------------------------------------


def test_a_pronoun_is_not_a_person_named_in_its_own_clause(analyse: Analyse) -> None:
    a = analyse(
        "Victor Wren was wanted for the murder of Abel Hart. Hart had fired Wren a year "
        "earlier. He buried Hart's body and then fled to Peru. He was extradited in 2003. "
        "He was sentenced to 30 years in prison."
    )
    assert dated(a, "extradited") == {"Victor Wren": "2003"}
    assert {who(a, f.subject) for f in said(a, "sentenced")} == {"Victor Wren"}
    assert {who(a, f.subject) for f in said(a, "escaped")} <= {"Victor Wren"}


# -- claims ---------------------------------------------------------------------------------


def test_the_claimant_is_outside_the_claim(analyse: Analyse) -> None:
    a = analyse("Nora Kell, 61, strongly denies that she sent the letters.")
    [age] = said(a, "age")
    assert age.value == 61 and age.modality == "reality"
    [claim] = said(a, "claims")
    assert claim.modality == "claim" and str(claim.value).startswith("denies that")


def test_denying_a_noun_is_no_account(analyse: Analyse) -> None:
    assert not said(analyse("Roy Wynn denies the charges against him."), "claims")


def test_accused_of_is_not_a_charge(analyse: Analyse) -> None:
    a = analyse("In 2019 the chef Roy Wynn was accused of overworking his staff.")
    assert not said(a, "charged")
    b = analyse("In 2019 Roy Wynn was charged with fraud.")
    assert [f.value for f in said(b, "charged")] == ["fraud"]


# -- portrayals as reviews write them -------------------------------------------------------


def portrayals(a: DocAnalysis) -> set[tuple[str | None, str | None]]:
    return {(who(a, f.subject), who(a, f.object)) for f in said(a, "portrayed_by")}


def test_plays_a_role_named_by_someone_else_is_the_named_person(analyse: Analyse) -> None:
    a = analyse("In the series, Tina Marsh will play Sam Tate's rival, Nora Bell.")
    assert portrayals(a) == {("Nora Bell", "Tina Marsh")}
    b = analyse("Mark Hill plays Gate Works executive Sam Tate in the film.")
    assert portrayals(b) == {("Sam Tate", "Mark Hill")}


def test_a_character_and_actor_in_brackets_in_a_sentence_about_the_show(
    analyse: Analyse,
) -> None:
    a = analyse("The show follows Luis Ortega (Peter Lane) as he builds his empire.")
    assert portrayals(a) == {("Luis Ortega", "Peter Lane")}


def test_played_by_with_words_before_and_after_the_actor(analyse: Analyse) -> None:
    a = analyse("Ned Ivo (played by Oscar-winning actress Mara Quill) exposed the firm.")
    assert portrayals(a) == {("Ned Ivo", "Mara Quill")}
    b = analyse("Times reporter Ned Ivo (played by Sal Orr in the series) exposed the firm.")
    assert portrayals(b) == {("Ned Ivo", "Sal Orr")}
    # the casting note does not make the rest of the sentence the show's
    assert all(f.modality == "reality" for f in b.facts if f.predicate != "portrayed_by")


def test_who_plays(analyse: Analyse) -> None:
    a = analyse("Kay Dunn, who plays Walter Gray, said the role was hard.")
    assert portrayals(a) == {("Walter Gray", "Kay Dunn")}


def test_a_family_word_in_a_cast_is_a_role_not_a_family(analyse: Analyse) -> None:
    a = analyse("The film stars Dan Price as the founder and Lisa Moon as his wife, Ellen Price.")
    assert not said(a, "spouse")


# -- families -------------------------------------------------------------------------------


def test_a_name_another_family_word_introduces_is_not_a_child(analyse: Analyse) -> None:
    a = analyse(
        "Olaf Berg had two sons from his first marriage as well as a daughter he adopted "
        "with his ex-wife Wilma Berg."
    )
    assert not said(a, "child")
    assert {(who(a, f.subject), who(a, f.object)) for f in said(a, "spouse")} == {
        ("Olaf Berg", "Wilma Berg")
    }
    assert [f.value for f in said(a, "children_count")] == [3]


# -- modality and dates in biographies ------------------------------------------------------


def test_a_decade_ends_the_scene_of_a_show(analyse: Analyse) -> None:
    a = analyse(
        "The series depicts the fall of Kestrel. In the early 1990s, Paul Verner founded "
        "Kestrel Labs."
    )
    [f] = said(a, "founded")
    assert f.modality == "reality" and f.time is not None and f.time.start == "1990"


def test_the_end_of_a_school_year_is_not_a_show(analyse: Analyse) -> None:
    a = analyse("Ada Roe was arrested in 2016 at a school that closed at the end of the year.")
    assert a.facts and all(f.modality == "reality" for f in a.facts)


def test_a_dagger_in_brackets_is_a_death_date(analyse: Analyse) -> None:
    a = analyse("The Danish painter Karl Holm († 3 June 1990) lived in Paris.")
    assert dated(a, "died") == {"Karl Holm": "1990-06-03"}


def test_brackets_after_a_cast_word_are_actor_then_character(analyse: Analyse) -> None:
    a = analyse(
        "The miniseries also adds guest stars such as Rita Vale (Ana Soto), Omar Lund "
        "(Pedro Cruz) and Lena Fisk (Marta Ruiz)."
    )
    assert portrayals(a) == {
        ("Ana Soto", "Rita Vale"),
        ("Pedro Cruz", "Omar Lund"),
        ("Marta Ruiz", "Lena Fisk"),
    }
    assert {f.rule for f in said(a, "portrayed_by")} == {"portrayal:cast-parens"}


def test_a_region_after_a_place_and_a_comma_is_a_place(analyse: Analyse) -> None:
    a = analyse(
        "Joe Ryan, who is held in Grady County Jail, Oklahoma is two months into his "
        "8-year sentence."
    )
    labels = {m.name: m.label for m in a.mentions}
    assert labels["Oklahoma"] == "place"
    assert {who(a, f.subject) for f in a.facts} <= {"Joe Ryan"}


def test_what_is_yet_to_come_is_no_event(analyse: Analyse) -> None:
    a = analyse(
        "Joe Ryan will be released in 2030. At his scheduled release he will be 80. "
        "Maria Lopez was released in 2019."
    )
    assert dated(a, "released") == {"Maria Lopez": "2019"}


def test_her_is_never_a_man_the_document_calls_he(analyse: Analyse) -> None:
    a = analyse(
        "While Michael Reed insisted that he was outside when she fell, the police found "
        "the circumstances of Kate Reed's death suspicious and, after her death, arrested "
        "Michael Reed."
    )
    assert {who(a, f.subject) for f in said(a, "died")} == {"Kate Reed"}


def test_his_wife_is_not_an_ex_wife_the_document_names(analyse: Analyse) -> None:
    a = analyse(
        "Michael Reed had two sons from his first marriage as well as two daughters he "
        "adopted with his ex-wife Patty Reed. Police answered Reed's call that his wife had "
        "fallen down the stairs."
    )
    [spouse] = said(a, "spouse")
    assert (who(a, spouse.object), spouse.value) == ("Patty Reed", "former")
    assert [f.value for f in said(a, "children_count")] == [4]


def test_time_served_is_the_whole_sentence(analyse: Analyse) -> None:
    a = analyse("In 2017 Michael Reed was sentenced to time already served and freed.")
    assert [f.value for f in said(a, "sentenced")] == ["time already served"]


# -- names: titles, nationalities, captions -------------------------------------------------


def labels(a: DocAnalysis) -> dict[str, str]:
    return {m.name: m.label for m in a.mentions}


def test_a_quoted_title_that_tells_a_story_is_a_work(analyse: Analyse) -> None:
    a = analyse('HBO\'s "Red Winter" tells the story of the 1986 flood in Lima.')
    assert labels(a)["Red Winter"] == "work"


def test_a_quoted_title_after_a_sentence_is_no_nickname(analyse: Analyse) -> None:
    a = analyse('Few knew of Rafael Soto. In "Cold Money," Soto is played by Dan Ferris.')
    names = {m.name for m in a.mentions}
    assert "Rafael Soto" in names and not any("." in n or "In" in n.split() for n in names)
    assert portrayals(a) == {("Rafael Soto", "Dan Ferris")}


def test_a_nationality_is_not_part_of_the_name(analyse: Analyse) -> None:
    a = analyse("The series stars the Colombian Sofia Vergara as Rosa Blanco.")
    assert "Sofia Vergara" in labels(a)
    assert portrayals(a) == {("Rosa Blanco", "Sofia Vergara")}


def test_names_in_a_cast_line_are_read(analyse: Analyse) -> None:
    a = analyse("Starring Maria Lund, Pete Olsen and Karl Berg\n\nMaria Lund plays Ingrid Sol.")
    assert {"Maria Lund", "Pete Olsen", "Karl Berg"} <= set(labels(a))


# -- fact sheets ----------------------------------------------------------------------------


def test_a_birth_with_no_date_or_place_and_a_thing_born_are_no_births(analyse: Analyse) -> None:
    a = analyse(
        "We sketched four squares on a napkin, and then Blockfall was born.\n"
        "And thus the Burger Barn chain was born.\n"
        "The young singer, born Walter Henry Pike, learned the piano by ear.\n"
        "Walter Pike was born in Leeds in 1950.\n"
    )
    births = said(a, "born")  # the one dated birth only (whoever its subject's root is)
    assert [f.time.start if f.time else None for f in births] == ["1950"]
    assert "Leeds in 1950" in births[0].evidence.quote


def test_a_table_row_of_two_people_gives_each_their_own_fields(analyse: Analyse) -> None:
    """A two-column table flattened to text: the actor's fields, a cell separator, the
    real person's name, then the real person's fields on the next line."""
    table = (
        "ON SCREEN: | IN LIFE: |\n"
        "Sarah Collins\n"
        "Born: April 2, 1988 Birthplace: Leeds, England | David Miller\n"
        "Born: June 5, 1931 Birthplace: Hull, England Death: May 9, 2001, London His Manager |\n"
        "Michael Brown\n"
        "Born: July 7, 1979 Birthplace: Cardiff, Wales | Emma Wilson\n"
        "Born: 1935 Death: 2012 His Wife |\n"
    )
    a = analyse(table, published=None)
    assert dated(a, "born") == {
        "Sarah Collins": "1988-04-02",
        "David Miller": "1931-06-05",
        "Michael Brown": "1979-07-07",
        "Emma Wilson": "1935",
    }
    assert dated(a, "died") == {"David Miller": "2001-05-09", "Emma Wilson": "2012"}
    for f in said(a, "born"):  # an actor's line is cited up to the cell separator
        assert "|" not in f.evidence.quote
    # a place in a date's field is the one set off by a comma after the date, no other name
    died_in = {who(a, f.subject): who(a, f.place) for f in said(a, "died")}
    assert died_in == {"David Miller": "London", "Emma Wilson": None}


def test_field_lines_under_a_name_give_dates_places_and_relations(analyse: Analyse) -> None:
    sheet = (
        "Cast and real people\n\n"
        "Dana Whitlock\nBorn: March 3, 1961\nBirthplace: Tulsa, Oklahoma, USA\n\n"
        "Hugo Whitlock\nBorn: June 9, 1958\nBirthplace: Dallas, Texas\n"
        "Death: May 2, 2003, Dallas, Texas\nBio: Dana Whitlock's Second Husband\n\n"
        "Iris Whitlock\nBorn: January 3, 1989\nBio: Hugo Whitlock's Adopted Daughter\n"
    )
    a = analyse(sheet, published=None)
    assert dated(a, "born") == {
        "Dana Whitlock": "1961-03-03",
        "Hugo Whitlock": "1958-06-09",
        "Iris Whitlock": "1989-01-03",
    }
    assert dated(a, "died") == {"Hugo Whitlock": "2003-05-02"}
    places = {who(a, f.subject): who(a, f.place) for f in said(a, "born")}
    assert places["Dana Whitlock"] == "Tulsa" and places["Hugo Whitlock"] == "Dallas"
    pairs = {(f.predicate, who(a, f.subject), who(a, f.object)) for f in a.facts}
    assert ("spouse", "Hugo Whitlock", "Dana Whitlock") in pairs
    assert ("child", "Iris Whitlock", "Hugo Whitlock") in pairs
    assert all(f.rule == "record:field" for f in said(a, "born"))
    assert not any(m.label == "work" and m.name.startswith("Born") for m in a.mentions)
    for f in a.facts:  # each field is cited by its own line
        assert "\n" not in f.evidence.quote


def test_a_caption_list_before_star_is_actor_then_character_but_tentative(
    analyse: Analyse,
) -> None:
    a = analyse(
        "From left to right: Gwil Lane (Brian Mays), Ben Hart (Roger Tayler) and Rami Malik "
        "(Fred Mercer) star in the film."
    )
    pairs = portrayals(a)
    assert ("Brian Mays", "Gwil Lane") in pairs and ("Gwil Lane", "Brian Mays") not in pairs
    assert all(f.confidence < TENTATIVE_BELOW for f in said(a, "portrayed_by"))


def test_verbs_that_relate_a_person_to_an_organization(analyse: Analyse) -> None:
    a = analyse(
        "Lucho Ortega ran the Cali cartel for a decade. Ana Ruiz worked for the Federal "
        "Bureau of Investigation. Mark Dole enlisted in the Marine Corps in 1962."
    )
    rel = {(f.predicate, who(a, f.subject), who(a, f.object)) for f in a.facts}
    assert ("leader_of", "Lucho Ortega", "Cali cartel") in rel
    assert ("employee_of", "Ana Ruiz", "Federal Bureau of Investigation") in rel
    assert ("joined", "Mark Dole", "Marine Corps") in rel
    assert labels(a)["Cali cartel"] == "organization"


def test_the_first_of_two_surnames_stands_for_the_person(analyse: Analyse) -> None:
    a = analyse("Luis Ortega Ramos was born in Cali. Ortega was arrested in 1995.")
    assert dated(a, "arrested") == {"Luis Ortega Ramos": "1995"}


def test_the_titular_character_is_the_person_the_title_names(analyse: Analyse) -> None:
    a = analyse(
        "Kevin Hart stars as the titular character in Ramos, the new film about Luis Ramos."
    )
    assert portrayals(a) == {("Luis Ramos", "Kevin Hart")}


def test_a_pronoun_between_two_people_of_its_sentence_is_left_unread(analyse: Analyse) -> None:
    a = analyse(
        "Ana Ruiz, a reporter who interviewed Luis Ortega after he was arrested in 1995, "
        "warns viewers that the show softens him."
    )
    assert "Ana Ruiz" not in dated(a, "arrested")


def test_x_s_wife_is_y_and_then_his_first_wife(analyse: Analyse) -> None:
    a = analyse("Ortega's second wife is Elena Ortega. His first wife, Marta Ruiz, died in 1990.")
    spouses = {(who(a, f.subject), who(a, f.object)) for f in said(a, "spouse")}
    assert spouses == {("Ortega", "Elena Ortega"), ("Ortega", "Marta Ruiz")}


# -- reviews, captions and initials ---------------------------------------------------------


def test_a_plot_told_in_the_present_in_an_article_on_a_show_is_a_depiction(
    analyse: Analyse,
) -> None:
    a = analyse(
        "Cold Money, the new series, follows a smuggler. In 1970 Ann Roe (Kim Vale) leaves "
        "her husband. In reality, Ann Roe left him in 1972."
    )
    modality = {f.time.start if f.time else None: f.modality for f in said(a, "left")}
    assert modality == {"1970": "depiction", "1972": "reality"}
    assert {who(a, f.subject) for f in said(a, "left")} == {"Ann Roe"}  # not the actor


def test_left_and_right_in_a_caption_are_no_events(analyse: Analyse) -> None:
    a = analyse("Ana Roe, left, and Ben Oak star in the film. Ben Oak left the band in 1990.")
    assert dated(a, "left") == {"Ben Oak": "1990"}


def test_the_father_of_a_family_has_no_child_count(analyse: Analyse) -> None:
    a = analyse("He met Carlo Vitti, the father of a crime family. Ana Lopez is the mother of two.")
    assert {who(a, f.subject): f.value for f in said(a, "children_count")} == {"Ana Lopez": 2}


def test_dotted_initials_are_a_first_name(analyse: Analyse) -> None:
    a = analyse("O.J. Simpson was arrested in 1994. Brad Simpson produced the show.")
    assert labels(a)["O.J. Simpson"] == "person"
    assert dated(a, "arrested") == {"O.J. Simpson": "1994"}


def test_a_quoted_nickname_opening_a_sentence_is_no_quotation(analyse: Analyse) -> None:
    a = analyse('Luis Ortega was a smuggler. "El Flaco" Ortega was arrested in 1995 in Cali.')
    assert {f.modality for f in said(a, "arrested")} == {"reality"}


def test_played_by_with_words_around_the_actor(analyse: Analyse) -> None:
    a = analyse("In the series, Ned Hale (played with gusto by Rob Kay) leads the raid.")
    assert portrayals(a) == {("Ned Hale", "Rob Kay")}
    b = analyse("The show's Ned Hale - played by the New Zealand actor Rob Kay - leads the raid.")
    assert portrayals(b) == {("Ned Hale", "Rob Kay")}


def test_a_caption_line_and_a_title_before_the_character(analyse: Analyse) -> None:
    a = analyse("Bo Grant as Ned Hale and Amy Bell as Jo Kent in Cold Money")
    assert portrayals(a) == {("Ned Hale", "Bo Grant"), ("Jo Kent", "Amy Bell")}
    b = analyse("The series stars Ann Lo as Judge Kay Moss.")
    assert portrayals(b) == {("Kay Moss", "Ann Lo")}


def test_phrasal_events(analyse: Analyse) -> None:
    a = analyse("Ned Hale passed away on May 3, 2020. Maria Lopez was taken hostage in 1985.")
    assert dated(a, "died") == {"Ned Hale": "2020-05-03"}
    assert dated(a, "kidnapped") == {"Maria Lopez": "1985"}


def test_an_organization_s_role_before_a_name(analyse: Analyse) -> None:
    a = analyse("The Police Department's Inspector Ned Hale arrested Jo Lee in 1990.")
    rel = {(f.predicate, who(a, f.subject), who(a, f.object)) for f in a.facts}
    assert ("employee_of", "Ned Hale", "Police Department") in rel


def test_every_name_inside_brackets_is_bracketed(analyse: Analyse) -> None:
    a = analyse(
        "In the late 1960s George Jung (Johnny Depp) leaves his parents Fred Jung and Ermine "
        "Jung (Ray Liotta and Rachel Griffiths) in Boston. While he is in jail he meets "
        "Diego Delgado."
    )
    cues = {m.name: m.cues for m in a.mentions}
    assert "in-parens" in cues["Rachel Griffiths"] and "in-parens" in cues["Johnny Depp"]
    assert {who(a, f.subject) for f in said(a, "met")} <= {"George Jung"}


def test_an_event_in_brackets_borrows_no_subject_from_outside(analyse: Analyse) -> None:
    a = analyse(
        "Sebastian Stan walks a fine line (the real Tommy Lee was known for fights and was "
        "eventually arrested in 1998) in the series."
    )
    assert "Sebastian Stan" not in dated(a, "arrested")


def test_fleeing_and_escaping_are_escapes_only_from_custody(analyse: Analyse) -> None:
    a = analyse(
        "After a few close calls, Frank Pike fled to Atlanta. In 1990 Tom Ruiz fled the prison "
        "in Lima. Maria Lopez escaped arrest in 1991."
    )
    assert dated(a, "escaped") == {"Tom Ruiz": "1990"}


def test_freeing_oneself_and_awaiting_a_sentence_are_no_events(analyse: Analyse) -> None:
    a = analyse(
        "Even as she falls into the trap, Rosa Lane frees herself. By the final episode, Rosa "
        "Lane is in prison, awaiting her sentencing. Rosa Lane was released in 2019."
    )
    assert dated(a, "released") == {"Rosa Lane": "2019"}
    assert not said(a, "sentenced")


def test_found_guilty_on_counts_is_a_conviction(analyse: Analyse) -> None:
    a = analyse("Tom Ruiz was tried and found guilty on 32 counts of extortion in 2013.")
    assert [f.value for f in said(a, "convicted")] == ["32 counts of extortion"]
    assert not said(a, "charged")


def test_committing_a_murder_is_not_being_murdered(analyse: Analyse) -> None:
    assert not said(analyse("Tom Ruiz committed his first murder in 1978."), "killed")


def test_an_event_under_for_keeps_no_date_of_the_sentence(analyse: Analyse) -> None:
    a = analyse(
        "Rosa Lane, who in 2016 was sentenced to ten years for murdering her mother Dee Lane, "
        "was released in 2023."
    )
    assert dated(a, "killed") == {"Dee Lane": None}


def test_the_noun_claim_makes_nothing_a_claim(analyse: Analyse) -> None:
    a = analyse(
        "Few stories fit the claim that truth is stranger than fiction better than that of Rosa "
        "Lane and her mother Dee Lane."
    )
    assert {f.modality for f in said(a, "child")} == {"reality"}


def test_a_family_word_s_list_ends_at_another_role(analyse: Analyse) -> None:
    a = analyse(
        "Tanya Hart became a punch line when her ex-husband Jeff Gill and her bodyguard Shawn "
        "Eck conspired to attack a rival."
    )
    assert {who(a, f.object) for f in said(a, "spouse")} == {"Jeff Gill"}


def test_a_title_ending_in_story_is_a_work(analyse: Analyse) -> None:
    a = analyse("Monster: The Jeffrey Dahmer Story premiered in 2022.")
    assert all(m.label != "person" for m in a.mentions if "Story" in m.name)


def test_a_newspaper_after_the_is_an_organization(analyse: Analyse) -> None:
    a = analyse("The Herald dubbed Frank Cole the Ghost. He moved on to the next town in 1966.")
    assert labels(a)["Herald"] == "organization"
    assert dated(a, "moved") == {"Frank Cole": "1966"}


def test_a_title_starring_people_is_a_work_and_her_in_a_who_clause(analyse: Analyse) -> None:
    a = analyse(
        "The Act, starring Patricia Arquette and Joey King, tells the story of Gypsy Rose, who "
        "was jailed for poisoning her mother, Dee Dee Rose."
    )
    assert labels(a)["Act"] == "work"
    assert {(who(a, f.subject), who(a, f.object)) for f in said(a, "child")} == {
        ("Gypsy Rose", "Dee Dee Rose")
    }


def test_a_name_after_another_role_noun_is_that_role_s(analyse: Analyse) -> None:
    a = analyse(
        "Tanya Hart became a punch line when her ex-husband Jeff Gill (played by Sam Stone) "
        "and her body guard Shawn Eck (played by Paul Hale), conspired to hire some goons."
    )
    assert {who(a, f.object) for f in said(a, "spouse")} == {"Jeff Gill"}
    assert portrayals(a) == {("Jeff Gill", "Sam Stone"), ("Shawn Eck", "Paul Hale")}


def test_a_portrayal_names_no_work_when_the_article_names_several(analyse: Analyse) -> None:
    text = (
        "Ana Roe plays Judge Lyle Moss. She is best known from Netflix's Cold Winter and "
        "HBO's Salt Roads."
    )
    a = analyse(text, title="Review: a new courtroom drama")
    [f] = said(a, "portrayed_by")
    assert f.work is None  # two works named, none in the title: not clear which
    b = analyse(text, title="Review: Cold Winter")
    [g] = said(b, "portrayed_by")
    assert g.work is not None and b.mentions[g.work].name == "Cold Winter"
    once = analyse("Ana Roe plays Judge Lyle Moss. She is best known from HBO's Salt Roads.")
    [h] = said(once, "portrayed_by")
    assert h.work is None  # one mention of another work: her earlier show, not this one


def test_two_bare_names_in_brackets_are_no_portrayal(analyse: Analyse) -> None:
    a = analyse("In the series, the real agent Ress (Tench) interviews the killers.")
    assert not said(a, "portrayed_by")


def test_idioms_and_beliefs_are_no_events(analyse: Analyse) -> None:
    a = analyse(
        "In 1990 the director Tom Ruiz joined forces with two stars. Maria Lopez established "
        "her supply chain in 1985. Ana Roe said she thought Tom Ruiz had escaped."
    )
    assert not said(a, "joined") and not said(a, "founded") and not said(a, "escaped")


def test_a_nickname_of_someone_else_in_the_sentence_is_not_the_subject_s(
    analyse: Analyse,
) -> None:
    a = analyse("In 1980 Tom Ruiz murdered a mobster nicknamed “Billy Bats” in a bar.")
    billy = next(i for i, m in enumerate(a.mentions) if m.name == "Billy Bats")
    assert who(a, billy) == "Billy Bats"
    b = analyse("Luis Ortega, nicknamed “El Flaco”, was arrested in 1995.")
    flaco = next(i for i, m in enumerate(b.mentions) if m.name == "El Flaco")
    assert who(b, flaco) == "Luis Ortega"


def test_a_people_named_by_its_nationality_is_no_person(analyse: Analyse) -> None:
    a = analyse("More than a million Americans died of overdoses. Maria Lopez died in 2019.")
    assert labels(a).get("Americans") != "person"  # no name at all (issue 19)
    assert dated(a, "died") == {"Maria Lopez": "2019"}


def relations(a: DocAnalysis) -> set[tuple[str, str | None, str | None]]:
    return {(f.predicate, who(a, f.subject), who(a, f.object)) for f in a.facts}


def test_relations_as_biographies_write_them(analyse: Analyse) -> None:
    a = analyse("George Lane left his parents Fred Lane and Mary Lane in Boston.")
    assert {("child", "George Lane", "Fred Lane"), ("child", "George Lane", "Mary Lane")} <= (
        relations(a)
    )
    b = analyse("Tom Ruiz was a hitman for the Gambino crime family.")
    assert ("member_of", "Tom Ruiz", "Gambino crime family") in relations(b)
    c = analyse("Two agents of the FBI, Maria Lopez and Tom Pike, arrested him in 1980.")
    assert {("employee_of", "Tom Pike", "FBI"), ("employee_of", "Maria Lopez", "FBI")} <= (
        relations(c)
    )


def test_actors_in_brackets_are_not_family(analyse: Analyse) -> None:
    a = analyse(
        "George Jung (Johnny Depp) leaves his parents Fred Jung and Ermine Jung (Ray Liotta and "
        "Rachel Griffiths) in Boston."
    )
    kids = {(who(a, f.subject), who(a, f.object)) for f in said(a, "child")}
    assert kids == {("George Jung", "Fred Jung"), ("George Jung", "Ermine Jung")}


def test_a_bracketed_note_on_the_show_leaves_the_sentence_real(analyse: Analyse) -> None:
    a = analyse(
        'He gave talks with real FBI agents John Douglas ("Ford" in the show) and Robert '
        "Ressler in 1980."
    )
    assert {f.modality for f in said(a, "employee_of")} == {"reality"}


def test_a_film_s_year_in_brackets_is_no_birth(analyse: Analyse) -> None:
    a = analyse(
        "Since then, Cuba Lane has starred in popular titles such as Pearl Bay (2001), Radio "
        "Days (2003), The Porter (2013) and Selma Rise (2014)."
    )
    assert not said(a, "born")


# -- works' titles, and portrayals as reviews and captions write them (fresh review) --------


def works(a: DocAnalysis) -> set[str]:
    return {m.name for m in a.mentions if m.label == "work"}


def played(a: DocAnalysis) -> set[tuple[str | None, str | None]]:
    return {(who(a, f.subject), who(a, f.object)) for f in said(a, "portrayed_by")}


def test_a_title_with_small_words_is_one_work_wherever_it_is_used(analyse: Analyse) -> None:
    a = analyse(
        "The new film Harbor of the Lost Lights stars Dana Reed as Nora Bell. "
        "Critics say Harbor of the Lost Lights is long.",
        title="Harbor of the Lost Lights True Story",
    )
    assert "Harbor of the Lost Lights" in works(a)
    assert not any(m.label == "person" and "Lights" in m.name for m in a.mentions)
    assert ("Nora Bell", "Dana Reed") in played(a)


def test_a_title_that_is_a_persons_name_is_the_work_only_where_the_context_says(
    analyse: Analyse,
) -> None:
    a = analyse(
        "In the 2001 film Nora Bell, Dana Reed plays a nurse. Nora Bell was born in 1950 in Leeds."
    )
    assert "Nora Bell" in works(a)
    assert dated(a, "born") == {"Nora Bell": "1950"}


def test_a_sentence_opening_word_is_no_part_of_a_title(analyse: Analyse) -> None:
    a = analyse("When Harbor Lights premiered, Dana Reed stars as Nora Bell.")
    assert "Harbor Lights" in works(a) and "When Harbor Lights" not in works(a)


def test_actors_and_characters_coordinated_pair_in_order(analyse: Analyse) -> None:
    a = analyse("Omar Reyes and Lisa Moon as Paul and Ruth Gray in the film Harbor Lights.")
    assert played(a) == {("Paul", "Omar Reyes"), ("Ruth Gray", "Lisa Moon")}


def test_a_list_of_actors_cut_short_gives_no_pairing(analyse: Analyse) -> None:
    a = analyse("In the film, Ann Cole, Omar Reyes and Lisa Moon play reporters Ruth Gray and")
    assert not said(a, "portrayed_by")


def test_a_role_phrase_may_stand_before_the_character(analyse: Analyse) -> None:
    a = analyse(
        "The new film Harbor Lights stars Dana Reed as fellow smuggler Nora Bell and Tom Vale "
        "as the Coast Guard captain, Lt. Sam Ortiz. In the film, Tim Ross (as local reporter "
        "Ben Fry) shines, and Ann Cole takes on the role of Eva Stone."
    )
    assert {("Nora Bell", "Dana Reed"), ("Sam Ortiz", "Tom Vale")} <= played(a)
    assert {("Ben Fry", "Tim Ross"), ("Eva Stone", "Ann Cole")} <= played(a)


def test_a_name_that_qualifies_the_role_is_not_the_character(analyse: Analyse) -> None:
    a = analyse("In the film, Tom Vale stars as the Harbor Watch Project director, Sam Ortiz.")
    assert all(character == "Sam Ortiz" for character, _ in played(a))


def test_the_actor_who_plays_a_relative_is_no_relative(analyse: Analyse) -> None:
    a = analyse(
        "Omar Reyes plays Paul Gray in the series. Actress Dana Reed plays his sister Nora Gray."
    )
    assert ("Nora Gray", "Dana Reed") in played(a)
    assert not any("Dana Reed" in (who(a, f.subject), who(a, f.object)) for f in said(a, "sibling"))


def test_what_a_portrayal_sentence_says_of_the_person_played_is_reality(
    analyse: Analyse,
) -> None:
    a = analyse(
        "In the film, Ann Cole takes on the role of Eva Stone, a member of the Labour Party."
    )
    (member,) = said(a, "member_of")
    assert who(a, member.subject) == "Eva Stone" and member.modality == "reality"


def test_born_with_an_adjective_and_joining_a_race_are_no_events(analyse: Analyse) -> None:
    a = analyse(
        "Pike says he was born ready, ready for anything. When he was still a farmer, "
        "Roy Wynn joined his first races in 1950."
    )
    assert not said(a, "born") and not said(a, "joined")


# -- batch G review: family words, role appositions, portrayal forms, predicate lists ----------


def kin(a: DocAnalysis, predicate: str) -> set[tuple[str | None, str | None]]:
    return {(who(a, f.subject), who(a, f.object)) for f in said(a, predicate)}


def test_a_family_word_in_a_cast_bracket_names_no_relative(analyse: Analyse) -> None:
    a = analyse("Two fine actors, Ken Marsh (Dunne) and Ada Stone (his wife Clara), lead the cast.")
    assert not said(a, "spouse")


def test_his_after_a_portrayal_is_not_the_actors(analyse: Analyse) -> None:
    a = analyse(
        "Ray Cole portrays Major Sam Pruitt, the colonel's aide. "
        "His ex-wife Nina Pruitt, daughter Jo Pruitt, and friends praised the film."
    )
    assert not said(a, "spouse") and not said(a, "child")


def test_a_list_of_family_words_gives_each_name_its_own(analyse: Analyse) -> None:
    a = analyse(
        "Sam Pruitt was a pilot. "
        "His ex-wife Nina Pruitt, daughter Jo Pruitt, and friends praised the film."
    )
    assert kin(a, "spouse") == {("Sam Pruitt", "Nina Pruitt")}
    assert kin(a, "child") == {("Jo Pruitt", "Sam Pruitt")}


def test_a_possessive_after_a_subject_pronoun_is_that_person(analyse: Analyse) -> None:
    a = analyse(
        "Even before he was crowned when his brother Henry Vance quit in 1936, nothing had "
        "worked until his wife Mary, using a false name, found the doctor."
    )
    assert ("Henry Vance", "Mary") not in kin(a, "spouse")
    b = analyse(
        "Lena Ward wrote the memoir. She is played by Ada Stone, but before her death in 2001 "
        "she spoke often about the war."
    )
    assert dated(b, "died") == {"Lena Ward": "2001"}


def test_or_as_he_was_known_is_an_alias_and_they_had_children(analyse: Analyse) -> None:
    a = analyse(
        "Pete Hale (or Petey as he was called) had married Lady Ann Cross in 1923 and they "
        "had two children, Rose and Lily."
    )
    assert not said(a, "spouse") or kin(a, "spouse") <= {("Pete Hale", "Ann Cross")}
    assert {who(a, f.subject) for f in said(a, "married")} == {"Pete Hale"}
    assert kin(a, "child") == {
        ("Rose", "Pete Hale"),
        ("Rose", "Ann Cross"),
        ("Lily", "Pete Hale"),
        ("Lily", "Ann Cross"),
    }


def test_role_appositions_state_employer_membership_and_lead(analyse: Analyse) -> None:
    a = analyse(
        "When Ruth Akers, a senior research chemist at Dow Chemical, was honoured in 2014, she "
        "thanked her father. Karl Brenner was a salesman and NSDAP member who came from Silesia. "
        "The real Dan Fisk, who ran Oak Hill Capital, was the first to see it. While the rest "
        "hid, Lopez, a CIA officer based in Ohio, hatched the plot."
    )
    assert kin(a, "employee_of") == {("Ruth Akers", "Dow Chemical"), ("Lopez", "CIA")}
    assert kin(a, "member_of") == {("Karl Brenner", "NSDAP")}
    assert kin(a, "leader_of") == {("Dan Fisk", "Oak Hill Capital")}


def test_becoming_a_judge_is_no_job_held(analyse: Analyse) -> None:
    a = analyse("Tom Reyes, who was ten when his father died, became a Fresno County Court judge.")
    assert not said(a, "employee_of")


def test_son_of_after_a_title_apposition(analyse: Analyse) -> None:
    a = analyse(
        "At the ceremony, Prince Edmund, Duke of Kent, the third son of King Henry IV, spoke."
    )
    assert kin(a, "child") == {("Edmund", "Henry IV")}


def test_a_list_of_predicates_shares_its_subject(analyse: Analyse) -> None:
    a = analyse(
        "Otto Hart was a real man. He was very real, was born in 1908 (via Biography), and "
        "died in 1974, long before the film."
    )
    assert dated(a, "born") == {"Otto Hart": "1908"}
    assert dated(a, "died") == {"Otto Hart": "1974"}


def test_real_in_a_title_cased_heading_is_no_part_of_the_name(analyse: Analyse) -> None:
    a = analyse(
        "Who Was the Real Otto Hart?\nThe real Otto Hart was complicated. Otto Hart was born in "
        "1908."
    )
    assert {m.name for m in a.mentions} == {"Otto Hart"}


def test_portrayal_forms_of_reviews(analyse: Analyse) -> None:
    a = analyse(
        "Kevin Lowe plays the young King Ivo who, to hide his fear, visits Ivan Roth, a Welsh "
        "voice and singing coach played by Neil Dunn. That's Ana Wood along with Lee Carr, who "
        "plays real-life CIA diver Tom Grady. Oscar-winner Neil Dunn co-stars as the patient, "
        "soft-spoken coach Roth. Sam Lowe stars as Ray Burke, with Ada Stone portraying his "
        "wife, Nell Burke. Dane Ruiz plays Hollywood makeup artist Al Chase in the film."
    )
    assert {
        ("Ivan Roth", "Neil Dunn"),
        ("Tom Grady", "Lee Carr"),
        ("Ray Burke", "Sam Lowe"),
        ("Nell Burke", "Ada Stone"),
        ("Al Chase", "Dane Ruiz"),
    } <= portrayals(a)
    assert ("Neil Dunn", "Ivan Roth") not in portrayals(a)


def test_a_described_character_before_an_actor_in_brackets(analyse: Analyse) -> None:
    a = analyse(
        "Starring Colin Hale and Ada Stone, the film follows the pioneering speech coach "
        "Ivan Roth (Neil Dunn) to the palace."
    )
    assert portrayals(a) == {("Ivan Roth", "Neil Dunn")}
    b = analyse("The cast of the film includes Colin Hale (Ivan Roth) and Ada Stone (Mary).")
    assert ("Ivan Roth", "Colin Hale") in portrayals(b)


def test_the_titular_character_played_by(analyse: Analyse) -> None:
    a = analyse(
        "The new film Burke follows the titular character, played by Sam Lowe, and his agent. "
        "Ray Burke was born in 1935.",
        title="Burke: the true story",
    )
    assert ("Ray Burke", "Sam Lowe") in portrayals(a)


# -- batch H's classes: titles, lone letters, "respectively", cast lists, guesses, names -------


def names(a: DocAnalysis) -> set[str]:
    return {m.name for m in a.mentions}


def test_an_abbreviated_title_neither_cuts_the_name_nor_becomes_one(analyse: Analyse) -> None:
    a = analyse("Tom Hale plays Capt. Ray Dorsey, the pilot who landed the jet on the river.")
    assert portrayals(a) == {("Ray Dorsey", "Tom Hale")}
    assert "Capt" not in names(a) and "Capt." not in names(a)
    b = analyse("Sgt. Ana Ruiz and Lt. Col. Ben Ivy questioned the pilot in 1990.")
    assert {"Ana Ruiz", "Ben Ivy"} <= names(b)
    assert not any(n.split()[0].rstrip(".") in ("Sgt", "Lt", "Col") for n in names(b))
    assert len(list(b.document.text.split(". "))) >= 1  # one sentence, not cut after "Sgt."


def test_a_lone_letter_or_a_role_after_the_is_no_name(analyse: Analyse) -> None:
    a = analyse("Ana Ruiz left the Cubs in 2004 and joined the A's a year later.")
    assert "A" not in names(a)
    b = analyse("On the plane the Captain tells the Officer to brace for impact.")
    assert not ({"Captain", "Officer"} & names(b))


def test_respectively_pairs_two_lists_of_characters_and_actors(analyse: Analyse) -> None:
    a = analyse("In the series, Ortega and Field are played by Ana Ruiz and Tom Dale respectively.")
    assert portrayals(a) == {("Ortega", "Ana Ruiz"), ("Field", "Tom Dale")}
    # without "respectively" nothing says who plays whom
    b = analyse("In the series, Ortega and Field are played by Ana Ruiz and Tom Dale.")
    assert ("Field", "Ana Ruiz") not in portrayals(b)


def test_a_fronted_participle_presents_a_cast_and_tells_no_event(analyse: Analyse) -> None:
    a = analyse(
        "Joining them are Mia Sand as the smuggler's sister, Rosa, and Ben Cole as Harry Lott."
    )
    assert not said(a, "joined")
    assert portrayals(a) == {("Rosa", "Mia Sand"), ("Harry Lott", "Ben Cole")}
    b = analyse("Also starring are Lea Moss as Kroc's first wife, Ethel, and Dan Ivy as Sam Pike.")
    assert portrayals(b) == {("Ethel", "Lea Moss"), ("Sam Pike", "Dan Ivy")}
    c = analyse("Joining the crew in 1970 were Ana Ruiz and Tom Field.")
    assert not said(c, "joined") and not said(c, "event")
    # a plain "joined" still is one
    d = analyse("Ana Ruiz joined the crew in 1970.")
    assert dated(d, "joined") == {"Ana Ruiz": "1970"}


def test_a_guess_about_what_someone_said_is_not_their_claim(analyse: Analyse) -> None:
    a = analyse("Critics surmised that Tom Field suggested the raid was legal.")
    assert not said(a, "claims")
    b = analyse("Tom Field claimed that the raid was legal and fully approved.")
    assert [who(b, f.subject) for f in said(b, "claims")] == ["Tom Field"]


def test_an_occupation_or_nationality_before_a_name_is_dropped(analyse: Analyse) -> None:
    a = analyse(
        "Astronaut Jim Rook commanded the flight. Dutchman Henk Varga saw the game in 1988. "
        "Manager Billy Dane traded him."
    )
    assert {"Jim Rook", "Henk Varga", "Billy Dane"} <= names(a)
    assert not any(n.split()[0] in ("Astronaut", "Dutchman", "Manager") for n in names(a))


def test_a_review_s_plot_names_actors_in_brackets_without_a_film_word(analyse: Analyse) -> None:
    a = analyse(
        "Harbor of Lies is the new film by Ana Ruiz.\n\n"
        "In 1963, harbor clerk Tom Field (Sam Dale) agrees to hide the sailor Luis Ortega "
        "(Ben Cole). Elton John (Reginald Dwight) sang at the party."
    )
    assert portrayals(a) == {("Tom Field", "Sam Dale"), ("Luis Ortega", "Ben Cole")}
    # a past sentence's brackets may hold a birth name: nothing is read from them
    b = analyse("Harbor of Lies is a new film.\n\nTom Field (Sam Dale) hid the sailor in 1963.")
    assert not portrayals(b)


def test_a_kinship_named_in_a_sentence_about_the_film_holds_off_screen(analyse: Analyse) -> None:
    a = analyse("Marta Ruiz grew up poor. As for her mother, Rosa Ruiz, she is seen in the film.")
    assert [f.modality for f in said(a, "child")] == ["reality"]
    # a family the text calls invented stays on screen
    b = analyse("Marta Ruiz grew up poor. In the film, her fictional brother, Jack Ruiz, is seen.")
    assert [f.modality for f in said(b, "sibling")] == ["depiction"]


def test_taking_on_the_title_role_is_a_portrayal_of_the_title_s_person(analyse: Analyse) -> None:
    a = analyse(
        "Ray Dorsey was a pilot. Tom Hale takes on the title role in the film “Ray Dorsey”, "
        "about the pilot."
    )
    assert portrayals(a) == {("Ray Dorsey", "Tom Hale")}


def test_a_role_someone_poses_as_is_no_employer(analyse: Analyse) -> None:
    a = analyse("Dario Mota poses as a pilot for Atlantic Airways and as a judge.")
    assert not said(a, "employee_of")
    a = analyse("Dario Mota served as a pilot for Atlantic Airways.")
    assert [(who(a, f.subject), who(a, f.object)) for f in said(a, "employee_of")] == [
        ("Dario Mota", "Atlantic Airways")
    ]


def test_their_child_is_the_child_of_the_couple_the_subject_names(analyse: Analyse) -> None:
    a = analyse(
        "Luis Ortega and his wife Marta Lane arrived in Peru with their son Pablo Ortega "
        "on 9 June 1981."
    )
    assert sorted(who(a, f.object) or "" for f in said(a, "child")) == ["Luis Ortega", "Marta Lane"]
    assert [who(a, f.object) for f in said(a, "spouse")] == ["Marta Lane"]
    # a "their" with no couple before it names nobody's child
    a = analyse("The owners were away. Luis Ortega greeted their son Pablo Ortega.")
    assert not said(a, "child")


def test_a_press_role_for_an_organization_and_a_job_in_a_relative_clause_are_employers(
    analyse: Analyse,
) -> None:
    a = analyse("Rui Sena was a photographer for the Boston Globe.")
    assert [(who(a, f.subject), who(a, f.object)) for f in said(a, "employee_of")] == [
        ("Rui Sena", "Boston Globe")
    ]
    a = analyse("Field was a tax attorney who had worked for the Office of Naval Intelligence.")
    assert [who(a, f.object) for f in said(a, "employee_of")] == ["Office of Naval Intelligence"]


def test_a_person_who_arrives_in_a_country_is_no_film_title(analyse: Analyse) -> None:
    a = analyse("Luis Ortega and his wife Marta Lane arrived in Peru in 1981.")
    assert not [m for m in a.mentions if m.label == "work"]
    a = analyse("Salt Roads opened in theaters in 2019.")
    assert [m.text for m in a.mentions if m.label == "work"] == ["Salt Roads"]


def test_a_leader_s_title_before_the_name_gives_the_organization(analyse: Analyse) -> None:
    a = analyse("Harbor Union President Luis Ortega vanished in 1975.")
    assert [(who(a, f.subject), who(a, f.object)) for f in said(a, "leader_of")] == [
        ("Luis Ortega", "Harbor Union")
    ]


def _portrayals(a: DocAnalysis) -> set[tuple[str | None, str | None]]:
    return {(who(a, f.subject), who(a, f.object)) for f in said(a, "portrayed_by")}


def test_a_casting_clause_that_opens_the_sentence(analyse: Analyse) -> None:
    a = analyse("Playing Marta Lane in the film, Ana Ruiz narrates the story.")
    assert _portrayals(a) == {("Marta Lane", "Ana Ruiz")}
    a = analyse("As played by Tom Field in the film, the harbor boss Luis Ortega is a charmer.")
    assert _portrayals(a) == {("Luis Ortega", "Tom Field")}
    a = analyse("Playing chess in the film, Luis Ortega relaxes.")
    assert not _portrayals(a)


def test_actor_as_character_as_a_subject_in_a_text_about_a_film(analyse: Analyse) -> None:
    a = analyse("The film is a delight. Sam Dale as Luis Ortega carries it from the first scene.")
    assert _portrayals(a) == {("Luis Ortega", "Sam Dale")}
    # no film: "as" is a role ("Ana Ruiz as mayor")
    a = analyse("Sam Dale as Luis Ortega's deputy signed the order.")
    assert not _portrayals(a)


def test_a_plural_event_noun_of_two_people_is_each_one_s(analyse: Analyse) -> None:
    a = analyse(
        "The shooting deaths of Luis Ortega and Pablo Mendes on March 3, 1961 shocked Lisbon."
    )
    assert dated(a, "died") == {"Luis Ortega": "1961-03-03", "Pablo Mendes": "1961-03-03"}
