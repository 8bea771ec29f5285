"""`ask` for any question (issue 19): when no question form matches, the sentences that best
match it (FTS5 bm25), each cited with the facts that cite it; said to be retrieval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leyenda.ask import ask_casefile
from leyenda.model import CaseFile, Document
from leyenda.retrieve import best_sentences, query_words, sentence_spans

from .conftest import EXAMPLES, SEEDS_MANIFEST

FREE = Path(__file__).parent / "data" / "free_questions.jsonl"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> dict[str, CaseFile]:
    from leyenda.api import open_casefile
    from leyenda.pipeline import build

    out = {}
    folder = tmp_path_factory.mktemp("retrieve")
    for name, manifest in (("seeds", SEEDS_MANIFEST), ("examples", EXAMPLES / "manifest.jsonl")):
        build([manifest], folder / f"{name}.db", nlp=nlp)
        out[name] = open_casefile(folder / f"{name}.db")
    return out


def test_sentences_keep_exact_offsets_and_initials() -> None:
    text = "Enrique S. Camarena joined the DEA. He moved!\nA new line  "
    spans = list(sentence_spans(text))
    assert [text[a:b] for a, b in spans] == [
        "Enrique S. Camarena joined the DEA.",
        "He moved!",
        "A new line",
    ]


def test_question_words_drop_what_asks() -> None:
    assert query_words("Why did the DEA leave Guadalajara?") == ["dea", "leave", "guadalajara"]
    assert query_words("Who was it?") == []


def test_best_sentences_rank_by_the_question_and_quote_exactly() -> None:
    text = (
        "The harbour flooded in 1998. The press moved uphill after the flood. "
        "Nobody liked the new building."
    )
    doc = Document("d", "t", "s", None, "0" * 64, text)
    best = best_sentences({"d": doc}, "Where did the press move after the flood?", limit=2)
    assert best[0].quote == "The press moved uphill after the flood."
    assert all(text[e.start : e.end] == e.quote for e in best)
    assert best_sentences({"d": doc}, "zebra quantum") == []


@pytest.mark.parametrize(
    "q",
    [json.loads(line) for line in FREE.read_text(encoding="utf-8").splitlines() if line],
    ids=lambda q: q["question"],
)
def test_free_questions_are_answered_by_retrieval(
    q: dict[str, str], loaded: dict[str, CaseFile]
) -> None:
    answer = ask_casefile(loaded[q["casefile"]], q["question"])
    assert answer.kind == "retrieval" and answer.retrieved and not answer.answered
    assert "retrieval" in answer.note and "not an answer" in answer.note
    quotes = [c.quote for line in answer.lines for c in line.citations]
    assert any(q["quote_contains"] in quote for quote in quotes), quotes
    text = {d.id: d.text for d in loaded[q["casefile"]].documents}
    for line in answer.lines:
        for c in line.citations:
            assert text[c.doc][c.start : c.end] == c.quote


def test_nothing_matching_at_all_is_no_answer_and_exit_1(
    loaded: dict[str, CaseFile], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = ask_casefile(loaded["seeds"], "zebra quantum xylophone?")
    assert not answer.answered and not answer.retrieved and answer.kind == "unknown"
    from leyenda.cli import main
    from leyenda.pipeline import build

    db = tmp_path / "ex.db"
    build([EXAMPLES / "manifest.jsonl"], db)
    assert main(["ask", str(db), "zebra quantum xylophone?"]) == 1
    assert main(["ask", str(db), "How did Escobar escape from La Catedral?"]) == 0
    assert "retrieval" in capsys.readouterr().out
