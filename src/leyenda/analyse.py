"""One parsed document through the per-document stages: mentions, times and claims.

`analyse_documents` is the stage a build runs on each document (`workers`, `engines`):

1. the texts go through spaCy in batches (`nlp.pipe_batches`); a document longer than
   `nlp.SEGMENT_CHARS` goes through as several segments (`nlp.segmented`);
2. each parsed text is read (`analyse_parsed`): its times (`timex`), its mentions
   (`mentions`), then the facts it states (`claims`);
3. a long document's segments are joined back into one analysis with exact offsets
   into the whole text (`_joined`).

A document the analysis fails on is returned with its `failure`, and the batch goes on.
spaCy `Doc`s stay here and in the components these stages run; what leaves is a
`model.DocAnalysis`. `analyser_fingerprint` names the code and model an analysis was
made with, so a case file knows when its stored analyses are stale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import claims
from .mentions import find_mentions
from .model import DocAnalysis, Document, LocalFact, Mention
from .nlp import BATCH_SIZE, load_nlp, model_name, pipe_batches, segmented
from .timex import find_times

log = logging.getLogger(__name__)

#: The per-document stages: when any of these files changes, stored analyses are stale.
_ANALYSER_FILES = (
    "analyse.py",
    "nlp.py",
    "timex.py",
    "mentions.py",
    "lexicon.py",
    "model.py",
    "boilerplate.py",
    "claims/*.py",
    "claims/*.json",
)


@lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    """What a stored analysis was computed with: the model and leyenda's per-document code.

    A case file records it; a build with a different fingerprint re-analyses the stored
    documents from their stored text, so an upgraded leyenda never mixes old and new facts.
    """
    import hashlib
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    digest = hashlib.sha256()
    name = model_name()
    try:
        digest.update(f"{name}=={version(name.replace('_', '-'))}".encode())
    except PackageNotFoundError:
        digest.update(name.encode())
    here = Path(__file__).resolve().parent
    for pattern in _ANALYSER_FILES:
        for path in sorted(here.glob(pattern)):
            digest.update(path.relative_to(here).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analyse_documents(
    documents: Iterable[Document],
    *,
    nlp: Any = None,
    batch_size: int = BATCH_SIZE,
    on_done: Callable[[Document], None] | None = None,
    parse_ahead: bool = False,
) -> Iterator[DocAnalysis]:
    """Run spaCy over documents in batches and turn each `Doc` into a `DocAnalysis`.

    `parse_ahead`: parse the next batch in a thread meanwhile (`nlp.pipe_batches`); for a process
    that has a core to spare, not for the workers of a pool, which have none.

    A document longer than `nlp.SEGMENT_CHARS` goes through as several segments (`nlp.segments`)
    whose analyses are joined back with exact offsets into the whole text.
    """
    nlp = nlp if nlp is not None else load_nlp()
    parts: list[tuple[DocAnalysis, int, int]] = []
    parsed = pipe_batches(nlp, segmented(documents), batch_size, parse_ahead)
    for sdoc, (document, whole, start, last) in parsed:
        try:
            part = analyse_parsed(sdoc, document)
        except Exception as err:  # a bug met on this text: the document fails, not the build
            log.exception("%s: analysis failed", document.id)
            part = DocAnalysis(document, (), (), failure=f"{type(err).__name__}: {err}")
        if document is whole:
            analysis = part
        else:
            parts.append((part, start, sum(1 for _ in sdoc.sents)))
            if not last:
                continue
            analysis = _joined(whole, parts)
            parts = []
        if on_done is not None:
            on_done(analysis.document)
        yield analysis


def analyse_parsed(sdoc: Any, document: Document) -> DocAnalysis:
    """The per-document stages on one parsed text: its times, its mentions, then the facts
    it states (`claims`, read through the package so that a test can stand in for it)."""
    times = find_times(document.text, document.published)
    mentions = find_mentions(sdoc, document)
    facts = claims.extract_facts(sdoc, document, mentions, times)
    unresolved = tuple(t.text for t in times if t.kind in ("date", "present") and t.span is None)
    return DocAnalysis(document, tuple(mentions), tuple(facts), unresolved)


def _joined(whole: Document, parts: Sequence[tuple[DocAnalysis, int, int]]) -> DocAnalysis:
    """The segments' analyses (each with where it starts and its sentence count) as one
    analysis of the whole document: offsets moved by the segment's start, mention indices
    by the mentions before it, sentence numbers by the sentences before it."""
    failed = next((part.failure for part, _at, _count in parts if part.failure), "")
    if failed:
        return DocAnalysis(whole, (), (), failure=failed)
    mentions: list[Mention] = []
    facts: list[LocalFact] = []
    unresolved: list[str] = []
    sentences = 0
    for part, at, count in parts:
        base = len(mentions)

        def moved(i: int | None, base: int = base) -> int | None:
            return None if i is None else i + base

        for m in part.mentions:
            mentions.append(
                replace(
                    m,
                    start=m.start + at,
                    end=m.end + at,
                    sentence=m.sentence + sentences,
                    antecedent=moved(m.antecedent),
                )
            )
        for f in part.facts:
            ev = f.evidence
            facts.append(
                replace(
                    f,
                    subject=f.subject + base,
                    object=moved(f.object),
                    work=moved(f.work),
                    place=moved(f.place),
                    evidence=replace(ev, start=ev.start + at, end=ev.end + at),
                )
            )
        unresolved.extend(part.unresolved_times)
        sentences += count
    return DocAnalysis(whole, tuple(mentions), tuple(facts), tuple(unresolved))
