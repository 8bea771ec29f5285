"""Open events (predicate `event`): found where a case-file entity takes part, never where the
clause did not happen, and never repeating a typed event."""

from __future__ import annotations

from typing import Any

import pytest

from leyenda.analyse import analyse_documents
from leyenda.model import Document


def _events(text: str) -> list[tuple[str, Any, str]]:
    doc = Document("d1", "t", "test", "2020-02-13", "test:d1", text, "d1")
    (a,) = list(analyse_documents([doc]))
    names = [m.text for m in a.mentions]
    return [(names[f.subject], f.value, f.rule) for f in a.facts if f.predicate == "event"]


@pytest.mark.parametrize(
    ("text", "who", "value"),
    [
        (
            "In 1984, Ernesto Fonseca took over the smuggling business in Sinaloa.",
            "Ernesto Fonseca",
            "take over",
        ),
        ("In retaliation, the DEA launched Operation Leyenda in 1985.", "DEA", "launch"),
        ("Maria Lopez testified before a grand jury in 1990.", "Maria Lopez", "testify"),
    ],
)
def test_open_event_found(text: str, who: str, value: str) -> None:
    assert any(w.endswith(who.split()[-1]) and v == value for w, v, _ in _events(text))


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez did not testify before the grand jury.",
        "Maria Lopez will testify before the grand jury next week.",
        "Maria Lopez could testify before the grand jury.",
        "If Maria Lopez testifies, the case will collapse.",
        "Maria Lopez said the case was weak.",
        "Maria Lopez wanted to testify before the grand jury.",
    ],
)
def test_no_event_where_nothing_happened(text: str) -> None:
    assert not [e for e in _events(text) if e[1] in ("testify", "collapse", "say", "want")]


def test_typed_event_wins() -> None:
    events = _events("Maria Lopez was arrested in Mexico City in 1989.")
    assert not any(v == "arrest" for _, v, _ in events)


def _modalities(text: str) -> dict[str, str]:
    doc = Document("d1", "t", "test", "2020-02-13", "test:d1", text, "d1")
    (a,) = list(analyse_documents([doc]))
    return {str(f.value): f.modality for f in a.facts if f.predicate == "event"}


def test_a_review_s_plot_in_the_present_is_a_depiction_and_today_is_reality() -> None:
    told = _modalities(
        "Today Luis Ortega teaches navigation in Faro.\n\n"
        "In the film “Harbor of Lies”, Tom Field (Sam Dale) defends "
        "the sailor. Ben Cole directs, and Ben Cole captures the mood of the port."
    )
    assert told.get("defend") == "depiction"  # the plot, told of a character someone plays
    assert "capture" not in told  # of the director: the critic's view, no event
    assert told.get("teach") == "reality"  # "today": the reader's now, not the plot


@pytest.mark.parametrize(
    "text",
    [
        # in a review, a subject borrowed from a verb of a subordinate clause
        "The film “Harbor of Lies” shows the years before Pablo Mendes died and jumps to 1990.",
        # aspectual phrases and saying verbs
        "Tom Field went on to become a ferry captain.",
        "Doctors gave Luis Ortega a month; he wound up running the ferry for a decade.",
        "Luis Ortega joked that the actor needed a beard.",
    ],
)
def test_no_open_event_from_a_borrowed_subject_or_an_aspect(text: str) -> None:
    values = {v for _, v, _ in _events(text)}
    assert not values & {"jump", "go on", "wind up", "joke"}


def test_news_in_the_present_keeps_its_events() -> None:
    # no work named: a news lead's present is the news, not a plot
    assert ("Airbus", "delay", "open:verb") in [
        (w.split()[-1], v, r) for w, v, r in _events("Airbus delays the delivery of its jet.")
    ]


def test_a_past_event_with_its_own_subject_stays_and_is_tentative() -> None:
    from leyenda.model import TENTATIVE_BELOW

    doc = Document(
        "d1", "t", "test", "2020-02-13", "test:d1", "Tom Field published a memoir in 1964."
    )
    (a,) = list(analyse_documents([doc]))
    (fact,) = [f for f in a.facts if f.predicate == "event"]
    assert fact.value == "publish" and fact.time is not None and fact.time.start == "1964"
    assert fact.confidence < TENTATIVE_BELOW  # measured on published pages: see confidence.json


# --- batch I's classes on text nobody here wrote (each sentence invented) -----------------


def test_a_film_frame_holds_to_the_end_of_its_paragraph() -> None:
    text = (
        "According to the movie, Rui Sena was a careless gambler. When the bank refused him, "
        "he opened a casino in Reno.\n\nIn 1990, Rui Sena opened a bakery in Lisbon."
    )
    doc = Document("d1", "t", "test", "2020-02-13", "test:d1", text, "d1")
    (a,) = list(analyse_documents([doc]))
    opened = {
        a.mentions[f.place].text if f.place is not None else None: f.modality
        for f in a.facts
        if f.value == "open"
    }
    assert opened == {"Reno": "depiction", "Lisbon": "reality"}


def test_what_follows_a_belief_in_a_coordinated_clause_happened() -> None:
    m = _modalities(
        "Many members believed that Nuno Brito had forged the ballots, and so Nuno Brito was "
        "expelled from the club and suspended."
    )
    assert m.get("expel") == "reality" and m.get("suspend") == "reality"
    assert "forge" not in m  # a belief is no event


def test_a_that_clause_after_a_colon_and_a_reported_clause_are_accounts() -> None:
    m = _modalities(
        "Doubted are the tales, all of which Ines Vaz insists are true: That at 12 she "
        "stole a bus. That she later sailed to Madeira."
    )
    assert m == {"steal": "claim", "sail": "claim"}
    assert _modalities("Ana Ruiz has said in real life that Tomas Ferro beat her.") == {
        "beat": "claim"
    }


def test_no_claim_made_of_a_relative_pronoun() -> None:
    doc = Document(
        "d1", "t", "test", "2020-02-13", "test:d1",
        "These are the tales, all of which Ines Vaz insists are true.", "d1",
    )  # fmt: skip
    (a,) = list(analyse_documents([doc]))
    assert not [f for f in a.facts if f.predicate == "claims"]


def test_a_name_after_a_colon_and_a_participle_after_a_comma_share_no_subject() -> None:
    events = _events(
        "Six years later, Tomas Ferro (Rui Sena) is flown to Oslo to arrange a swap: Ines "
        "Vaz in exchange for pilot Dario Mota (Leo Amaral), captured during a storm off Bergen."
    )
    assert {(w, v) for w, v, _ in events} == {("Tomas Ferro", "fly")}
    kept = _events("Dario Mota was searched, questioned and released in Bergen.")
    assert {v for _, v, _ in kept} >= {"search", "question"}


def test_after_a_film_tells_the_story_of_someone_he_is_that_someone() -> None:
    events = _events(
        "Rui Sena's 'Salt Roads' tells the story of Dario Mota, a trader who fakes "
        "licences. He poses as a harbour pilot, a judge and a monk."
    )
    assert [w for w, v, _ in events if v == "pose"] == ["Dario Mota"]


def test_the_complement_of_a_starting_verb_and_a_fronted_passive_are_events() -> None:
    events = _events("Freed in 1968, Rui Sena started teaching navigation in Porto.")
    assert {(w, v, r) for w, v, r in events} == {
        ("Rui Sena", "free", "open:verb-fronted-participle"),
        ("Rui Sena", "teach", "open:verb-aspect"),
    }
    assert not [
        e for e in _events("Rui Sena never started teaching navigation.") if e[1] == "teach"
    ]


def test_the_first_to_do_a_thing_did_it() -> None:
    events = _events("In 1979, Marta Lane became the first woman to sail the route alone.")
    assert [(w, v) for w, v, _ in events] == [("Marta Lane", "sail")]
    assert not _events("Marta Lane wanted to be the first woman to sail the route alone.")


def test_a_surname_alone_after_a_full_name_spacy_left_out_is_the_person() -> None:
    events = _events(
        "Pablo Mendes fled Cuba in 1960. Mendes requested shelter at the Swiss mission in "
        "Rome in March 1961."
    )
    assert ("Pablo Mendes", "request") in {
        (w if w != "Mendes" else "Pablo Mendes", v) for w, v, _ in events
    }


def test_a_date_counted_from_an_open_event_is_anchored() -> None:
    doc = Document(
        "d1", "t", "test", "2020-02-13", "test:d1",
        "In 1957, Tomas Ferro defended Luis Ortega. Six years later, Ferro moved to Lisbon.",
        "d1",
    )  # fmt: skip
    (a,) = list(analyse_documents([doc]))
    (moved,) = [f for f in a.facts if f.predicate == "moved"]
    assert moved.time is not None and moved.time.start == "1963"


# --- batch J's classes (each sentence invented) -----------------------------------------


def test_what_is_told_on_someone_s_word_is_an_account() -> None:
    assert _modalities("According to his memoir, Rui Sena rammed a patrol boat in 1983.") == {
        "ram": "claim"
    }
    assert _modalities("Rui Sena allegedly hid his maps in the boat in 1983.") == {"hide": "claim"}
    # the sources news states facts from are not someone's account
    assert _modalities("According to court records, Rui Sena sold the boat in 1983.") == {
        "sell": "reality"
    }


def test_as_the_movie_depicts_confirms_the_film() -> None:
    m = _modalities("As the movie depicts, Rui Sena opened a bakery in Lisbon in 1990.")
    assert m == {"open": "reality"}


def test_an_allegation_after_a_semicolon_leaves_the_clause_before_it_alone() -> None:
    m = _modalities(
        "It is certainly true that Luis Ortega did vanish in Tangier in 1988; it is alleged "
        "that he owed money to smugglers."
    )
    assert m == {"vanish": "reality", "owe": "claim"}


def test_a_pronoun_after_its_possessor_and_a_pronoun_opening_a_quotation() -> None:
    events = _events(
        "Tom Field was a harbor clerk. Field testified at the trial of Luis Ortega. Ortega's "
        "clumsy defense (he blamed the tides) did little to shorten the sentence he served."
    )
    assert {(w, v) for w, v, _ in events if v in ("blame", "serve")} == {
        ("Ortega", "blame"),
        ("Ortega", "serve"),
    }
    events = _events(
        'Director Tom Field cast Sam Dale as the smuggler. "She broke my heart," Marta Lane '
        "told the Herald of Ana Ruiz's performance."
    )
    assert not [e for e in events if e[1] == "break"]


@pytest.mark.parametrize(
    "text",
    [
        "Luis Ortega discussed his life with Sam Dale and screenwriter Ana Ruiz.",
        "Impressed by the harbor's speed, Rui Sena bought the shop.",
        "As a boy, Rui Sena started off as a deckhand.",
        "The film contrasts what Rui Sena represented in the port with his rivals' fear.",
    ],
)
def test_no_event_from_a_noun_read_as_a_verb_a_state_of_mind_or_an_aspect(text: str) -> None:
    heads = {v for _, v, _ in _events(text)}
    assert not heads & {"screenwriter", "impress", "start off", "represent"}


def test_the_writer_s_own_report_and_an_object_of_a_telling_verb_are_no_account() -> None:
    m = _modalities("It should be noted that Rui Sena has been accused of fraud.")
    assert m == {"accuse": "reality"}
    m = _modalities(
        "Rui Sena's defense is too thin to explain the short sentence he served for the crime."
    )
    assert m == {"serve": "reality"}
    assert _modalities("Marta Lane told the Herald that Rui Sena robbed her.") == {"rob": "claim"}


def test_a_review_s_plot_told_through_a_starting_verb_is_a_depiction() -> None:
    text = (
        "Salt Roads stars Sam Dale as Rui Sena. Trapped in the hold for days, Rui Sena starts "
        "to hallucinate."
    )
    assert _modalities(text).get("hallucinate") == "depiction"
