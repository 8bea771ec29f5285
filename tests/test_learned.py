"""The learned relation scorer: shipped weights, deterministic scores, facts it states (and
does not), and training that gives the same weights twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from leyenda.claims import learned as lr
from leyenda.model import Document, Evidence, LocalFact, Mention
from leyenda.timex import find_times


def test_shipped_weights_load_offline() -> None:
    model = lr.load_model()
    assert model is not None, f"no weights at {lr.MODEL_PATH}"
    assert model.labels == lr.LABELS
    n = len(model.labels)
    assert model.weights.shape == (len(model.index), n)
    assert model.bias.shape == model.thresholds.shape == (n,)
    assert model.platt.shape == (n, 2)
    assert lr.load_model() is model  # read once per process


def test_model_round_trips_through_its_file(tmp_path: Path) -> None:
    model = lr.RelationModel(
        ("spouse", "sibling"),
        {"a": 0, "b": 1},
        np.array([[1.0, -0.5], [0.25, 2.0]]),
        np.array([-1.0, 0.5]),
        np.array([[1.0, 0.0], [0.5, 0.1]]),
        np.array([0.7, 1.01]),
    )
    model.save(tmp_path / "m.npz")
    back = lr.RelationModel.read(tmp_path / "m.npz")
    assert back.labels == model.labels and back.index == model.index
    assert np.array_equal(back.scores(["a", "b", "unknown"]), model.scores(["b", "a"]))
    assert np.allclose(back.probabilities(back.scores(["a"])), model.probabilities([0.0, 0.0]))


def _mentions(document: Document, names: dict[str, str]) -> list[Mention]:
    """Each name's first occurrence as a mention of the given type, in text order."""
    found = []
    for name, label in names.items():
        start = document.text.index(name)
        found.append((start, start + len(name), name, label))
    return [
        Mention(document.id, s, e, n, label, n)  # type: ignore[arg-type]
        for s, e, n, label in sorted(found)
    ]


def _learned(nlp: Any, text: str, names: dict[str, str]) -> tuple[list[Mention], list[LocalFact]]:
    document = Document("t", "", "test", None, "", text)
    sdoc = nlp(text)
    mentions = _mentions(document, names)
    times = find_times(text, None)
    return mentions, lr.learned_relations(sdoc, document, mentions, times, [])


def _stated(mentions: list[Mention], facts: list[LocalFact]) -> set[tuple[str, str, str | None]]:
    return {
        (
            mentions[f.subject].text,
            f.predicate,
            mentions[f.object].text if f.object is not None else None,
        )
        for f in facts
    }


@pytest.mark.model
def test_a_stated_birthplace_gives_a_born_fact_with_rule_and_confidence(nlp: Any) -> None:
    text = "Odalys Brenneke was born in Lurrow, a small town in the north of Vennland."
    mentions, facts = _learned(
        nlp, text, {"Odalys Brenneke": "person", "Lurrow": "place", "Vennland": "place"}
    )
    assert len(facts) == 1, facts
    (f,) = facts
    assert (mentions[f.subject].text, f.predicate, f.place) == ("Odalys Brenneke", "born", 1)
    assert f.rule == lr.RULE
    assert 0.7 <= f.confidence <= 1.0
    assert f.evidence.quote == text and f.modality == "reality"


@pytest.mark.model
def test_a_stated_death_gives_its_date_and_place(nlp: Any) -> None:
    text = "Renzo Halvorsen died in Tarnholm on 4 March 1931."
    mentions, facts = _learned(nlp, text, {"Renzo Halvorsen": "person", "Tarnholm": "place"})
    dated = [f for f in facts if f.predicate == "died" and f.time is not None]
    placed = [f for f in facts if f.predicate == "died" and f.place is not None]
    assert dated and dated[0].time is not None
    assert (dated[0].time.start, dated[0].time.text) == ("1931-03-04", "4 March 1931")
    assert placed and mentions[placed[0].place or 0].text == "Tarnholm"
    assert all(f.rule == lr.RULE and 0.0 < f.confidence <= 1.0 for f in facts)


def _probabilities(nlp: Any, text: str, names: dict[str, str]) -> dict[str, float]:
    """The calibrated probability of each label for the pair (first name, second name);
    none when the pair is not read."""
    model = lr.load_model()
    assert model is not None
    document = Document("t", "", "test", None, "", text)
    mentions = _mentions(document, names)
    cands = lr.candidates(nlp(text), document, mentions, [])
    pair = [c for c in cands if (c.a, c.b) == (0, 1)]
    if not pair:
        return {}  # a sentence with no word of the pair's kind is not read at all
    probs = model.probabilities(model.scores(pair[0].features))
    return {lab: float(probs[k]) for k, lab in enumerate(model.labels)}


@pytest.mark.model
def test_a_band_member_and_an_employer_score_their_relation_first(nlp: Any) -> None:
    # member_of and employee_of did not reach the precision their threshold asks for on
    # Re-DocRED dev folds, so they are not stated yet; the scorer still ranks them first
    member = _probabilities(
        nlp,
        "Ilse Marwood is the bassist and a founding member of the rock band Quillfeather.",
        {"Ilse Marwood": "person", "Quillfeather": "organization"},
    )
    assert max(("member_of", "employee_of", "founded"), key=member.__getitem__) == "member_of"
    assert member["member_of"] > 0.5
    employer = _probabilities(
        nlp,
        "Renzo Halvorsen is a professor of chemistry at the University of Tarnholm.",
        {"Renzo Halvorsen": "person", "University of Tarnholm": "organization"},
    )
    best = max(("member_of", "employee_of", "founded"), key=employer.__getitem__)
    assert best == "employee_of"
    assert employer["employee_of"] > 0.5


@pytest.mark.model
def test_a_marriage_scores_above_two_unrelated_people(nlp: Any) -> None:
    names = {"Odalys Brenneke": "person", "Teodor Vasquell": "person"}
    married = _probabilities(
        nlp, "Odalys Brenneke married the painter Teodor Vasquell in 1975.", names
    )
    unrelated = _probabilities(
        nlp, "Odalys Brenneke read a newspaper while Teodor Vasquell waited for a bus.", names
    )
    assert married["spouse"] > 0.5
    assert unrelated.get("spouse", 0.0) < married["spouse"] / 2


@pytest.mark.model
def test_unrelated_names_give_nothing(nlp: Any) -> None:
    text = "Odalys Brenneke read a newspaper while Teodor Vasquell waited for a bus."
    _, facts = _learned(nlp, text, {"Odalys Brenneke": "person", "Teodor Vasquell": "person"})
    assert facts == []


@pytest.mark.model
def test_scoring_is_deterministic(nlp: Any) -> None:
    text = (
        "Odalys Brenneke married the painter Teodor Vasquell. Their son Piet Vasquell was "
        "born in Lurrow in 1976 and joined Quillfeather in 2001."
    )
    names = {
        "Odalys Brenneke": "person",
        "Teodor Vasquell": "person",
        "Piet Vasquell": "person",
        "Lurrow": "place",
        "Quillfeather": "organization",
    }
    first = _learned(nlp, text, names)[1]
    assert first == _learned(nlp, text, names)[1]


@pytest.mark.model
def test_rules_first_the_scorer_skips_what_the_rules_state(nlp: Any) -> None:
    text = "Odalys Brenneke was born in Lurrow, a small town in the north of Vennland."
    document = Document("t", "", "test", None, "", text)
    sdoc = nlp(text)
    names = {"Odalys Brenneke": "person", "Lurrow": "place", "Vennland": "place"}
    mentions = _mentions(document, names)
    ruled = [LocalFact(0, "born", "reality", Evidence.of(document, 0, len(text)), place=1)]
    assert lr.learned_relations(sdoc, document, mentions, [], ruled) == []


# training ------------------------------------------------------------------------------------

_DOCS = [
    (
        "Odalys Brenneke is the wife of Teodor Vasquell . Brenneke was born in Lurrow .",
        [("Odalys Brenneke", "PER"), ("Teodor Vasquell", "PER"), ("Lurrow", "LOC")],
        [(0, 1, "P26"), (1, 0, "P26"), (0, 2, "P19")],
    ),
    (
        "Ilse Marwood is a member of Quillfeather . Marwood met Piet Halm in Osterby .",
        [
            ("Ilse Marwood", "PER"),
            ("Quillfeather", "ORG"),
            ("Piet Halm", "PER"),
            ("Osterby", "LOC"),
        ],
        [(0, 1, "P463")],
    ),
    (
        "Renzo Halvorsen married Mette Orlo . Halvorsen worked for Tarnholm Mills .",
        [("Renzo Halvorsen", "PER"), ("Mette Orlo", "PER"), ("Tarnholm Mills", "ORG")],
        [(0, 1, "P26"), (1, 0, "P26"), (0, 2, "P108")],
    ),
    (
        "Piet Halm is the son of Anke Halm . Piet Halm joined Quillfeather .",
        [("Piet Halm", "PER"), ("Anke Halm", "PER"), ("Quillfeather", "ORG")],
        [(1, 0, "P40"), (0, 1, "P25"), (0, 2, "P463")],
    ),
]


def _write_tiny_benchmarks(tmp_path: Path) -> tuple[Path, Path]:
    """Invented documents in Re-DocRED's and FewRel's formats."""
    docs = []
    for i, (text, names, labels) in enumerate(_DOCS):
        sents: list[list[str]] = [[]]
        for tok in text.split():
            sents[-1].append(tok)
            if tok == ".":
                sents.append([])
        sents = [s for s in sents if s]
        vertex = []
        for name, kind in names:
            toks = name.split()
            mentions = []
            for si, sent in enumerate(sents):
                for k in range(len(sent) - len(toks) + 1):
                    if sent[k : k + len(toks)] == toks:
                        mentions.append(
                            {"name": name, "pos": [k, k + len(toks)], "sent_id": si, "type": kind}
                        )
            vertex.append(mentions)
        docs.append(
            {
                "title": f"doc {i}",
                "vertexSet": vertex,
                "labels": [{"h": h, "t": t, "r": r, "evidence": []} for h, t, r in labels],
                "sents": sents,
            }
        )
    fewrel = {
        "P26": [
            {
                "tokens": ["Mette", "Orlo", "married", "Renzo", "Halvorsen", "in", "Osterby", "."],
                "h": ["mette orlo", "Q1", [[0, 1]]],
                "t": ["renzo halvorsen", "Q2", [[3, 4]]],
            }
        ],
        "P177": [
            {
                "tokens": [
                    "The",
                    "Lurrow",
                    "Bridge",
                    "crosses",
                    "the",
                    "river",
                    "Vell",
                    "near",
                    "Osterby",
                    ".",
                ],
                "h": ["lurrow bridge", "Q3", [[1, 2]]],
                "t": ["vell", "Q4", [[6]]],
            }
        ],
    }
    redoc_path = tmp_path / "redoc.json"
    fewrel_path = tmp_path / "fewrel.json"
    redoc_path.write_text(json.dumps(docs), encoding="utf-8")
    fewrel_path.write_text(json.dumps(fewrel), encoding="utf-8")
    return redoc_path, fewrel_path


@pytest.mark.model
def test_training_twice_gives_identical_weights(nlp: Any, tmp_path: Path) -> None:
    pytest.importorskip("scipy")
    from leyenda.claims import train_relations as tr

    redoc, fewrel = _write_tiny_benchmarks(tmp_path)
    first = tr.train(redoc, fewrel, nlp=nlp, folds=2)
    second = tr.train(redoc, fewrel, nlp=nlp, folds=2)
    assert first.model.index == second.model.index
    assert first.model.index  # it learned something
    for name in ("weights", "bias", "platt", "thresholds"):
        assert np.array_equal(getattr(first.model, name), getattr(second.model, name)), name
    assert first.report == second.report
    first.model.save(tmp_path / "a.npz")
    second.model.save(tmp_path / "b.npz")
    a, b = lr.RelationModel.read(tmp_path / "a.npz"), lr.RelationModel.read(tmp_path / "b.npz")
    assert np.array_equal(a.weights, b.weights)


# document-level pairs ------------------------------------------------------------------------


def _doc_candidates(nlp: Any, text: str, names: dict[str, str]) -> dict[tuple[str, str], Any]:
    document = Document("t", "", "test", None, "", text)
    mentions = _mentions(document, names)
    cands = lr.candidates(nlp(text), document, mentions, [])
    return {(mentions[c.a].text, mentions[c.b].text): c for c in cands}


@pytest.mark.model
def test_the_topic_pairs_with_a_name_sentences_away_citing_that_names_sentence(nlp: Any) -> None:
    text = (
        "Quillfeather Road is a drama about a lighthouse. "
        "Its music was written in Lurrow. "
        "The weather was bad that year. "
        "Critics praised the sets. "
        "Ilse Marwood and Piet Halm were praised."
    )
    names = {
        "Quillfeather Road": "other",
        "Lurrow": "place",
        "Ilse Marwood": "person",
        "Piet Halm": "person",
    }
    cands = _doc_candidates(nlp, text, names)
    far = cands[("Ilse Marwood", "Quillfeather Road")]
    assert "K:doc" in far.features and "E:btopic" in far.features
    _, start, end = far.pairs[0]
    assert text[start:end] == "Ilse Marwood and Piet Halm were praised."
    # two people named in one sentence that opens no kind of pair: read at document level,
    # with the path between them
    near = cands[("Ilse Marwood", "Piet Halm")]
    assert "K:doc" in near.features and any(f.startswith("DOC:P:") for f in near.features)


@pytest.mark.model
def test_two_names_far_apart_neither_the_topic_make_no_pair(nlp: Any) -> None:
    text = (
        "Osterby is a town. Ilse Marwood lived there. The river froze. The mill closed. "
        "The school grew. Tarnholm Mills hired workers."
    )
    names = {"Osterby": "place", "Ilse Marwood": "person", "Tarnholm Mills": "organization"}
    cands = _doc_candidates(nlp, text, names)
    assert ("Ilse Marwood", "Tarnholm Mills") not in cands  # five sentences apart
    assert ("Osterby", "Tarnholm Mills") in cands  # the topic pairs at any distance


@pytest.mark.model
def test_entity_features_say_what_a_name_is_and_shared_surnames(nlp: Any) -> None:
    text = (
        "Ilse Marwood is a German musician. She played with the electronic group Quillfeather, "
        "and her brother Jan Marwood joined the group in 1990."
    )
    names = {"Ilse Marwood": "person", "Quillfeather": "organization", "Jan Marwood": "person"}
    cands = _doc_candidates(nlp, text, names)
    band = cands[("Ilse Marwood", "Quillfeather")].features
    assert "EAD:musician" in band  # "X is a German musician"
    assert "EBD:group" in band  # "the electronic group X"
    assert "EBN:quillfeather" in band  # a non-person's name words
    assert "SN:same" in cands[("Ilse Marwood", "Jan Marwood")].features
    assert "SN:diff" not in cands[("Ilse Marwood", "Jan Marwood")].features


@pytest.mark.model
def test_a_negated_employer_sentence_scores_lower_and_gives_no_employee_fact(nlp: Any) -> None:
    names = {"Renzo Halvorsen": "person", "Tarnholm Mills": "organization"}
    said = "Renzo Halvorsen worked for Tarnholm Mills, a paper firm in Osterby."
    denied = "Renzo Halvorsen never worked for Tarnholm Mills, a paper firm in Osterby."
    assert (
        _probabilities(nlp, denied, names)["employee_of"]
        < _probabilities(nlp, said, names)["employee_of"]
    )
    _, facts = _learned(nlp, denied, names)
    assert not [f for f in facts if f.predicate == "employee_of"], facts
