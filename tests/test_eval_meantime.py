"""`leyenda eval meantime`: the reader, the alignment and the coreference metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from leyenda.errors import InputError, LeyendaError
from leyenda.evals.meantime import (
    _best_assignment,
    _inner_named,
    align,
    b_cubed,
    ceaf_e,
    evaluate,
    muc,
    read_meantime,
    render,
    scores,
)

from .conftest import SHARED

MEANTIME = SHARED / "benchmarks" / "meantime-en"

# --- metrics against values worked out by hand -----------------------------------------------

# key {a b c} {d e}; response {a b} {c d e}
KEY = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
RESPONSE = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_muc_counts_links_kept() -> None:
    # recall: (3-2)+(2-1) / (2+1) = 2/3; precision: (2-1)+(3-2) / (1+2) = 2/3
    assert muc(KEY, RESPONSE) == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}


def test_b_cubed_averages_over_mentions() -> None:
    # recall: 2/3+2/3+1/3+1+1 = 11/3 over 5 mentions; precision likewise 11/3 over 5
    assert b_cubed(KEY, RESPONSE) == {"precision": 0.7333, "recall": 0.7333, "f1": 0.7333}


def test_ceaf_e_aligns_entities_one_to_one() -> None:
    # φ4({abc},{ab}) = 4/5, φ4({de},{cde}) = 4/5: 1.6 over 2 entities on each side
    assert ceaf_e(KEY, RESPONSE) == {"precision": 0.8, "recall": 0.8, "f1": 0.8}


def test_conll_score_is_the_mean_of_the_three_f1() -> None:
    s = scores(KEY, RESPONSE)
    assert s["conll_f1"] == round((0.6667 + 0.7333 + 0.8) / 3, 4)


def test_a_mention_the_system_missed_costs_recall_not_precision() -> None:
    s = b_cubed({"a": 1, "b": 1}, {"a": "x"})
    assert s["recall"] == 0.25 and s["precision"] == 1.0
    assert muc({"a": 1, "b": 1}, {"a": "x"})["recall"] == 0.0


def test_a_perfect_response_scores_one_everywhere() -> None:
    s = scores(KEY, {m: f"e{c}" for m, c in KEY.items()})
    assert s["conll_f1"] == 1.0 and s["b3"]["f1"] == 1.0


def test_ceaf_finds_the_best_alignment_not_the_greedy_one() -> None:
    # taking the largest cell first (1.0) leaves 0.0; the best pairing is 0.9 + 0.9
    assert _best_assignment([[1.0, 0.9], [0.9, 0.0]]) == pytest.approx(1.8)
    assert _best_assignment([[0.5], [0.7], [0.2]]) == pytest.approx(0.7)


# --- a tiny MEANTIME file written here ---------------------------------------------------------

SENTENCES = [
    "Jobs quits Apple",
    "June 6 , 2005",
    "Apple CEO Steve Jobs resigned on Monday .",
    "Jobs , 56 , thanked Apple 's board and he left .",
]
# (mention id, token numbers (1-based t_id), entity m_id)
MENTIONS = [
    ("1", [1], "100"),  # Jobs (title)
    ("2", [3], "101"),  # Apple (title)
    ("3", [8, 9, 10, 11], "100"),  # Apple CEO Steve Jobs
    ("4", [10, 11], "100"),  # Steve Jobs
    ("5", [8], "101"),  # Apple
    ("6", [16], "100"),  # Jobs
    ("7", [21], "101"),  # Apple
    ("8", [25], "100"),  # he
]
ENTITIES = [
    ("100", "PER", "Steve Jobs", "PER1"),
    ("101", "ORG", "Apple Inc.", "ORG1"),
]


def write_meantime(path: Path, doc_id: str = "1") -> Path:
    tokens, t_id = [], 0
    for s, sentence in enumerate(SENTENCES):
        for word in sentence.split():
            t_id += 1
            tokens.append(f'<token number="{t_id - 1}" sentence="{s}" t_id="{t_id}">{word}</token>')
    markables = [
        f'<ENTITY_MENTION m_id="{m}" syntactic_type="NAM">'
        + "".join(f'<token_anchor t_id="{t}"/>' for t in toks)
        + "</ENTITY_MENTION>"
        for m, toks, _ in MENTIONS
    ]
    markables += [
        f'<ENTITY m_id="{m}" ent_type="{t}" TAG_DESCRIPTOR="{d}" instance_id="{i}"/>'
        for m, t, d, i in ENTITIES
    ]
    markables.append(
        '<TIMEX3 m_id="50" type="DATE" value="2005-06-06" functionInDocument="CREATION_TIME">'
        '<token_anchor t_id="4"/></TIMEX3>'
    )
    relations = [
        f'<REFERS_TO r_id="{i}"><source m_id="{m}"/><target m_id="{e}"/></REFERS_TO>'
        for i, (m, _, e) in enumerate(MENTIONS)
    ]
    path.write_text(
        f'<?xml version="1.0" ?><Document doc_id="{doc_id}" doc_name="t" lang="en">'
        + "\n".join(tokens)
        + "<Markables>"
        + "".join(markables)
        + "</Markables><Relations>"
        + "".join(relations)
        + "</Relations></Document>",
        encoding="utf-8",
    )
    return path


def test_text_is_rebuilt_from_tokens_so_gold_spans_point_into_it(tmp_path: Path) -> None:
    doc = read_meantime(write_meantime(tmp_path / "a.xml"))
    assert doc.text.splitlines() == [
        "Jobs quits Apple",
        "June 6, 2005",
        "Apple CEO Steve Jobs resigned on Monday. Jobs, 56, thanked Apple's board and he left.",
    ]
    assert doc.published == "2005-06-06"
    assert [g.text for g in doc.gold][:4] == ["Jobs", "Apple", "Apple CEO Steve Jobs", "Steve Jobs"]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)


def test_named_mentions_keep_the_inner_name_and_drop_pronouns(tmp_path: Path) -> None:
    doc = read_meantime(write_meantime(tmp_path / "a.xml"))
    named = [g.text for g in _inner_named(doc.gold) if g.type == "PER"]
    assert named == ["Jobs", "Steve Jobs", "Jobs"]


def test_alignment_needs_the_name_not_just_an_overlap(tmp_path: Path) -> None:
    doc = read_meantime(write_meantime(tmp_path / "a.xml"))
    app = next(g for g in doc.gold if g.text == "Apple CEO Steve Jobs")
    apple = (app.start, app.start + len("Apple"))
    steve = (doc.text.index("Steve Jobs"), doc.text.index("Steve Jobs") + len("Steve Jobs"))
    assert align([app], [apple]) == {}
    assert align([app], [apple, steve]) == {0: 1}


def test_a_file_that_is_not_meantime_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>hello</body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.xml"):
        read_meantime(bad)
    with pytest.raises(LeyendaError, match="no such file or folder"):
        evaluate(tmp_path / "nothing-here")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LeyendaError, match=r"no MEANTIME \.xml files"):
        evaluate(tmp_path / "empty")


@pytest.mark.model
def test_evaluate_scores_a_hand_made_corpus(tmp_path: Path, nlp: Any) -> None:
    write_meantime(tmp_path / "a.xml", "1")
    write_meantime(tmp_path / "b.xml", "2")
    result = evaluate(tmp_path, nlp=nlp)
    per = result["cross_document"]["PER"]
    assert result["documents"] == 2
    assert per["gold_mentions"] == 6 and per["gold_entities"] == 1
    assert per["aligned_mentions"] >= 4
    assert per["b3"]["precision"] == 1.0  # one gold person: nothing to over-merge
    assert "cross_document PER" in render(result)


@pytest.mark.model
@pytest.mark.skipif(not MEANTIME.exists(), reason="needs ../shared/benchmarks/meantime-en")
def test_evaluate_runs_on_real_meantime_articles(nlp: Any) -> None:
    result = evaluate(MEANTIME, limit=3, nlp=nlp)
    assert result["documents"] == 3
    for view in ("cross_document", "within_document", "all_mentions"):
        for etype in ("PER", "ORG"):
            s = result[view][etype]
            assert set(s) >= {"muc", "b3", "ceafe", "conll_f1", "gold_mentions", "aligned_mentions"}
            assert s["aligned_mentions"] <= s["gold_mentions"]
    assert result["cross_document"]["ORG"]["aligned_mentions"] > 10
