"""A source's text cut into pieces, so a template can mark evidence without building HTML.

Why pieces and not markup: article text is untrusted, so the template must escape every
character of it; it only wraps pieces in ``<mark>`` elements. The cited span (a citation
link's ``start``/``end``) is one piece group of its own, so the browser gets exactly one
element whose text is the quote, with the evidence marks nested inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """A run of text: plain (`label` None) or inside evidence that `label` describes."""

    text: str
    label: str | None = None


@dataclass(frozen=True)
class Highlighted:
    """The text before the cited span, the cited span, and the text after it."""

    before: tuple[Piece, ...]
    cited: tuple[Piece, ...]
    after: tuple[Piece, ...]


def merge_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping evidence spans as one span each, their labels joined (no mark in a mark)."""
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, label in sorted(spans):
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            labels = last[2] if label in last[2] else [*last[2], label]
            merged[-1] = (last[0], max(last[1], end), labels)
        else:
            merged.append((start, end, [label]))
    return [(s, e, "; ".join(labels)) for s, e, labels in merged]


def _pieces(text: str, spans: Sequence[tuple[int, int, str]], lo: int, hi: int) -> list[Piece]:
    """Pieces of text[lo:hi], evidence spans clipped to it."""
    out: list[Piece] = []
    at = lo
    for start, end, label in spans:
        s, e = max(start, lo), min(end, hi)
        if s >= e:
            continue
        if s > at:
            out.append(Piece(text[at:s]))
        out.append(Piece(text[s:e], label))
        at = e
    if at < hi:
        out.append(Piece(text[at:hi]))
    return out


def highlight(
    text: str, spans: Iterable[tuple[int, int, str]], cited: tuple[int, int] | None = None
) -> Highlighted:
    """Cut `text` at evidence spans and at the cited span (checked by the caller)."""
    merged = merge_spans(spans)
    if cited is None:
        return Highlighted(tuple(_pieces(text, merged, 0, len(text))), (), ())
    start, end = cited
    return Highlighted(
        tuple(_pieces(text, merged, 0, start)),
        tuple(_pieces(text, merged, start, end)),
        tuple(_pieces(text, merged, end, len(text))),
    )
