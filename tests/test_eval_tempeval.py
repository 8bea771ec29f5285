"""`leyenda eval tempeval`: the TempEval-3 scorer against numbers worked out by hand on a tiny
.tml file, the reader's offsets (CR-LF included), clear errors, and a quick run on the real
platinum set."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from leyenda.cli import main
from leyenda.errors import InputError
from leyenda.evals.tempeval import evaluate, read_tml, render

from .conftest import SHARED

PLATINUM = SHARED / "benchmarks" / "tempeval3" / "te3-platinum"

# DCT 2013-03-22 is a Friday. Six gold TIMEX3s; what leyenda finds for each:
#   Thursday     DATE 2013-03-21  found exactly, right type and value       strict + relaxed
#   three days   DURATION P3D     found exactly, right type and value       strict + relaxed
#   1998         DATE 1998        found as "mid-1998" (overlap), value 1998 relaxed only
#   last year    DATE 2011        found exactly, value 2012: a value error  strict + relaxed
#   every month  DATE P1M         found exactly as SET P1M: a type error    strict + relaxed
#   a while      DURATION PXM     not found                                  missed
# and "2005" is found but not in the gold: spurious. So 6 gold, 6 found, 5 relaxed, 4 strict;
# type right 4/5, value right 4/5.
# Line breaks fall inside tags, between attributes, so the text itself is one line a sentence.
TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>hand_made</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE"
 value="2013-03-22">March 22, 2013</TIMEX3></DCT>
<TITLE>A hand-made file</TITLE>
<TEXT>
The talks <EVENT eid="e1">ended</EVENT> <TIMEX3 tid="t1" type="DATE"
 value="2013-03-21">Thursday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION"
 value="P3D">three days</TIMEX3>.
The firm grew in mid-<TIMEX3 tid="t3" type="DATE" value="1998">1998</TIMEX3> and again <TIMEX3
 tid="t4" type="DATE" value="2011">last year</TIMEX3>.
Its board meets <TIMEX3 tid="t5" type="DATE" value="P1M">every month</TIMEX3>, as it has since
 2005, for <TIMEX3 tid="t6" type="DURATION" value="PXM">a while</TIMEX3>.
</TEXT>
</TimeML>
"""


def write(folder: Path, name: str, content: str, newline: str = "\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.replace("\n", newline).encode())
    return path


def test_scorer_matches_hand_computed_figures(tmp_path: Path) -> None:
    write(tmp_path, "hand.tml", TML)
    result = evaluate(tmp_path)
    assert (result["documents"], result["gold"], result["system"]) == (1, 6, 6)
    assert result["strict"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert result["relaxed"] == {"precision": 0.8333, "recall": 0.8333, "f1": 0.8333}
    # TempEval-3: attribute F1 = attribute accuracy over relaxed matches × relaxed F1.
    assert result["type"] == {"accuracy": 0.8, "f1": 0.6667}
    assert result["value"] == {"accuracy": 0.8, "f1": 0.6667}
    assert result["errors"] == {"extent": 1, "missed": 1, "spurious": 1, "type": 1, "value": 1}
    assert "'a while'" in result["examples"]["missed"][0]
    assert "'2005'" in result["examples"]["spurious"][0]


def test_reader_gives_plain_text_offsets_of_each_gold_timex(tmp_path: Path) -> None:
    doc = read_tml(write(tmp_path, "hand.tml", TML))
    assert doc.dct == "2013-03-22"
    assert "<" not in doc.text
    assert [doc.text[g.start : g.end] for g in doc.gold] == [g.text for g in doc.gold]
    assert [g.text for g in doc.gold][:3] == ["Thursday", "three days", "1998"]


def test_crlf_file_scores_like_its_lf_twin(tmp_path: Path) -> None:
    write(tmp_path / "lf", "hand.tml", TML)
    write(tmp_path / "crlf", "hand.tml", TML, newline="\r\n")
    doc = read_tml(tmp_path / "crlf" / "hand.tml")
    assert "\r" not in doc.text
    assert [doc.text[g.start : g.end] for g in doc.gold] == [g.text for g in doc.gold]
    lf, crlf = evaluate(tmp_path / "lf"), evaluate(tmp_path / "crlf")
    for key in ("strict", "relaxed", "type", "value", "errors"):
        assert lf[key] == crlf[key]


def test_limit_reads_only_the_first_files(tmp_path: Path) -> None:
    for name in ("a.tml", "b.tml", "c.tml"):
        write(tmp_path, name, TML)
    assert evaluate(tmp_path, limit=2)["documents"] == 2
    assert evaluate(tmp_path)["gold"] == 18


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "missing", "no such file"),
        (lambda p: p, "no .tml files"),
        (lambda p: write(p, "bad.tml", "<TimeML><TEXT>unclosed"), "not a readable TimeML"),
        (lambda p: write(p, "notext.tml", "<TimeML><DOCID>x</DOCID></TimeML>"), "no <TEXT>"),
    ],
    ids=["missing", "empty folder", "broken xml", "no text"],
)
def test_bad_input_raises_an_error_naming_the_path(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError, match=reason) as caught:
        evaluate(path)
    assert str(path) in str(caught.value)


def test_render_shows_the_scores(tmp_path: Path) -> None:
    write(tmp_path, "hand.tml", TML)
    text = render(evaluate(tmp_path))
    assert "strict match" in text and "66.67%" in text
    assert "relaxed match" in text and "83.33%" in text
    assert "value" in text


@pytest.mark.skipif(not PLATINUM.is_dir(), reason="needs ../shared/benchmarks/tempeval3")
def test_cli_quick_run_on_platinum(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "tempeval", str(PLATINUM), "--json", "--limit", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == 2
    assert result["gold"] > 0
    assert result["relaxed"]["f1"] > 0.7


@pytest.mark.skipif(not PLATINUM.is_dir(), reason="needs ../shared/benchmarks/tempeval3")
def test_platinum_value_f1_stays_above_heideltime() -> None:
    # HeidelTime's value F1 on platinum was 77.61 (the DCT counted there, not here). Rules
    # were tuned on TBAQ-cleaned only; this floor is a measurement kept, never lowered silently.
    result = evaluate(PLATINUM)
    assert result["relaxed"]["f1"] >= 0.90
    assert result["value"]["f1"] >= 0.7761
