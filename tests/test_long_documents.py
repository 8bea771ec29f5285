"""Long documents build: analysed in segments with exact offsets (issue 17, item 1)."""

from __future__ import annotations

import hashlib
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from leyenda import nlp as nlp_module
from leyenda.analyse import analyse_documents
from leyenda.model import DocAnalysis, Document
from leyenda.nlp import segments

PARAGRAPHS = [
    "Marta Quiroga founded the Lumen Press in Valparaiso in 1998.",
    "Tomas Ibarra was arrested in Lima in 2004.",
    "Elena Varga was born in Szeged in 1961.",
    "Rafael Montes married Lucia Prieto in 1987.",
    "Jonas Keller was sentenced to nine years in prison in 2012.",
    "Ines Salgado moved to Lisbon in 1979.",
]


def document(text: str, doc_id: str = "long.txt") -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(doc_id, "A long text", "test", "2020-01-01", sha, text)


def facts_of(a: DocAnalysis) -> set[tuple[str, str, str, int, int]]:
    names = [m.name for m in a.mentions]
    return {
        (names[f.subject], f.predicate, f.time.start if f.time else "", f.evidence.start,
         f.evidence.end)
        for f in a.facts
    }  # fmt: skip


def check_offsets(a: DocAnalysis) -> None:
    text = a.document.text
    for m in a.mentions:
        assert text[m.start : m.end] == m.text
        assert m.antecedent is None or 0 <= m.antecedent < len(a.mentions)
    for f in a.facts:
        assert text[f.evidence.start : f.evidence.end] == f.evidence.quote
        for i in (f.subject, f.object, f.work, f.place):
            assert i is None or 0 <= i < len(a.mentions)


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("one\n\ntwo\n\nthree\n\nfour", 9),
        ("a line\nanother line\nand one more line\n", 12),
        ("No breaks. Only sentences. Here and there. " * 5, 40),
        ("word " * 50, 32),
        ("x" * 100, 30),  # no space at all: cut at the limit
        ("short", 100),
    ],
)
def test_segments_tile_the_text_within_the_limit(text: str, limit: int) -> None:
    spans = segments(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    assert all(0 < end - start <= limit for start, end in spans)


def test_segments_end_after_a_paragraph_break_when_one_is_near() -> None:
    text = "alpha beta gamma.\n\ndelta. epsilon zeta eta theta"
    (start, end), *_rest = segments(text, 30)
    assert text[start:end] == "alpha beta gamma.\n\n"  # not the later sentence end


def test_a_segmented_document_states_what_its_paragraphs_state(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n\n".join(PARAGRAPHS * 3) + "\n"
    [whole] = analyse_documents([document(text)], nlp=nlp)
    monkeypatch.setattr(nlp_module, "SEGMENT_CHARS", 150)
    [pieces] = analyse_documents([document(text)], nlp=nlp)
    assert len(segments(text, 150)) > 5
    check_offsets(pieces)
    assert pieces.document == whole.document
    assert facts_of(pieces) == facts_of(whole)
    assert [m.sentence for m in pieces.mentions] == [m.sentence for m in whole.mentions]


def test_a_document_past_spacys_length_limit_builds(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """spaCy refuses a text over `nlp.max_length` (E088); segments stay under it. The limit
    is lowered here so the test stays small: the bench builds a 5 MB document."""
    text = "\n".join(PARAGRAPHS * 40)
    monkeypatch.setattr(nlp, "max_length", 2_000)
    monkeypatch.setattr(nlp_module, "SEGMENT_CHARS", 1_500)
    docs = [document("Ines Salgado moved to Lisbon in 1979.\n", "short.txt"), document(text)]
    short, long = analyse_documents(docs, nlp=nlp)
    assert short.document.id == "short.txt" and long.document.id == "long.txt"
    check_offsets(long)
    born = {f for f in facts_of(long) if f[1] == "born"}
    assert len(born) == 40  # one per copy of the paragraph, each at its own place


def test_a_single_line_of_megabytes_is_cut_at_spaces(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join(PARAGRAPHS * 30)  # no line break at all
    monkeypatch.setattr(nlp_module, "SEGMENT_CHARS", 700)
    [a] = analyse_documents([document(text)], nlp=nlp)
    check_offsets(a)
    assert any(f.predicate == "arrested" for f in a.facts)


def test_a_document_the_analysis_fails_on_is_reported_and_the_batch_goes_on(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met on one text fails that document, named, not the build; a rerun (the bug
    fixed) adds it."""
    from leyenda import claims
    from leyenda.pipeline import build

    real = claims.extract_facts

    def fragile(sdoc: Any, document: Document, *rest: Any) -> Any:
        if "Keller" in document.text:
            raise RuntimeError("a bug")
        return real(sdoc, document, *rest)

    monkeypatch.setattr(claims, "extract_facts", fragile)
    for n, para in enumerate(PARAGRAPHS[:5]):
        (tmp_path / f"{n}.txt").write_text(para + "\n", encoding="utf-8")
    casefile = tmp_path / "case.db"
    report = build([tmp_path], casefile, nlp=nlp)
    [failed] = report.failed
    assert failed.path.endswith("4.txt") and "could not be analysed (RuntimeError: a bug)" in str(
        failed
    )
    assert sorted(report.added) == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert report.counts["documents"] == 4
    monkeypatch.setattr(claims, "extract_facts", real)
    again = build([tmp_path], casefile, nlp=nlp)
    assert again.added == ["4.txt"] and not again.failed
