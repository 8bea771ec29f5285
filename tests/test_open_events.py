"""Open events (predicate `event`): found where a case-file entity takes part, never where the
clause did not happen, and never repeating a typed event."""

from __future__ import annotations

from typing import Any

import pytest

from leyenda.model import Document
from leyenda.nlp import analyse_documents


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
