"""`leyenda eval redocred`: text rebuilt from tokens, the dataset's entities as mentions, and
scores a reader can recompute by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leyenda.errors import InputError
from leyenda.evals import redocred

from .conftest import SHARED

DEV = SHARED / "benchmarks" / "re-docred" / "dev_revised.json"


def _tokens(sentence: str) -> list[str]:
    """A sentence written with a space between tokens, as the dataset tokenises it."""
    return sentence.split(" ")


#: One document in Re-DocRED's format, written for this test.
SENTS = [
    _tokens("Tomás Herrera ( June 17 , 1929 – August 13 , 1984 ) was a Colombian pilot ."),
    _tokens("He was born in Cali ."),
    _tokens("Herrera was the father of Ana Herrera ."),
]


def _m(name: str, sent: int, start: int, end: int, kind: str) -> dict[str, Any]:
    return {"name": name, "sent_id": sent, "pos": [start, end], "type": kind}


TINY = {
    "title": "Tomás Herrera",
    "sents": SENTS,
    "vertexSet": [
        [_m("Tomás Herrera", 0, 0, 2, "PER"), _m("Herrera", 2, 0, 1, "PER")],  # 0
        [_m("June 17 , 1929", 0, 3, 7, "TIME")],  # 1
        [_m("August 13 , 1984", 0, 8, 12, "TIME")],  # 2
        [_m("Cali", 1, 4, 5, "LOC")],  # 3
        [_m("Ana Herrera", 2, 5, 7, "PER")],  # 4
        [_m("Colombian", 0, 15, 16, "LOC")],  # 5
        [_m("Lucía Prado", 0, 0, 1, "PER")],  # 6: a spouse the text never states here
    ],
    "labels": [
        {"h": 0, "t": 1, "r": "P569", "evidence": [0]},
        {"h": 0, "t": 2, "r": "P570", "evidence": [0]},
        {"h": 0, "t": 3, "r": "P19", "evidence": [1]},
        {"h": 0, "t": 4, "r": "P40", "evidence": [2]},
        {"h": 0, "t": 6, "r": "P26", "evidence": []},
        {"h": 0, "t": 5, "r": "P27", "evidence": [0]},  # country: not a scored property
    ],
}


def test_detokenize_keeps_each_token_at_its_characters() -> None:
    text, spans = redocred.detokenize([["He", "said", '"', "no", '"', "(", "twice", ")", "."]])
    assert text == 'He said "no" (twice).'
    flat = [t for s in spans for t in s]
    assert [text[a:b] for a, b in flat] == ["He", "said", '"', "no", '"', "(", "twice", ")", "."]


def test_entities_become_character_spans(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps([TINY]), encoding="utf-8")
    [doc] = redocred.read_redocred(path)
    assert [doc.text[a:b] for a, b in doc.entities[1]] == ["June 17, 1929"]
    assert [doc.text[a:b] for a, b in doc.entities[0]] == ["Tomás Herrera", "Herrera"]
    assert (0, 5, "P27") in doc.gold


@pytest.mark.model
def test_scores_a_hand_made_document(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps([TINY]), encoding="utf-8")
    result = redocred.evaluate(path, nlp=nlp)
    per = result["per_property"]
    # found: birth date, death date, birthplace (through "He"), the child; the father
    # triple (Ana's father is Herrera) is not in this gold; the spouse is never stated
    assert (per["P569"]["tp"], per["P570"]["tp"], per["P19"]["tp"], per["P40"]["tp"]) == (
        1,
        1,
        1,
        1,
    )
    assert per["P22"]["fp"] == 1 and per["P26"]["fn"] == 1
    micro = result["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (4, 1, 1)
    assert micro["precision"] == pytest.approx(0.8) and micro["recall"] == pytest.approx(0.8)
    assert "P27" not in per  # only what the case file's vocabulary says is scored


def test_bad_files_name_the_file_and_the_reason(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.json"):
        redocred.evaluate(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json: not a JSON file"):
        redocred.evaluate(broken)
    shape = tmp_path / "shape.json"
    shape.write_text(json.dumps({"title": "x"}), encoding="utf-8")
    with pytest.raises(InputError, match="expected a JSON array"):
        redocred.evaluate(shape)
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps([{"title": "x"}]), encoding="utf-8")
    with pytest.raises(InputError, match="not a Re-DocRED document"):
        redocred.evaluate(fields)


@pytest.mark.model
def test_first_three_dev_documents(nlp: Any) -> None:
    result = redocred.evaluate(DEV, limit=3, nlp=nlp)
    assert result["documents"] == 3
    micro = result["micro"]
    assert micro["tp"] + micro["fn"] > 0
    assert micro["tp"] >= 1, "the first dev document opens with a bracketed birth date"
    assert "micro" in redocred.render(result)
