"""The only place that knows the order of the stages.

`build` does, in order:

1. read the inputs (`ingest`); a bad input becomes an `InputError` in the report and the
   batch goes on;
2. skip documents whose exact bytes are already in the case file;
3. analyse the new ones with spaCy in batches (`nlp`: mentions, times, claims), saving
   each document's analysis in a transaction of its own, so a build stopped halfway keeps
   every document it finished and the next build completes the rest;
4. resolve entities across all documents of the case file (`resolve`);
5. reconcile: entity ids on facts, derived facts, conflicts (`reconcile`);
6. replace the case file's entities, facts and conflicts in one transaction (`store`).

Steps 4–6 read stored analyses only, so they cost no parsing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .ingest import iter_documents
from .model import Document
from .nlp import analyse_documents
from .reconcile import reconcile
from .resolve import resolve
from .store import Store

log = logging.getLogger(__name__)

#: Called as progress(event, document_or_None, done, total); events: "start", "analysed",
#: "skipped", "failed", "resolving", "done".
Progress = Callable[[str, object, int, int], None]


@dataclass
class BuildReport:
    """What a build did: documents added, left as they were, and inputs that failed."""

    casefile: str
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def build(
    inputs: Sequence[str | Path],
    casefile: str | Path,
    *,
    progress: Progress | None = None,
    nlp: Any = None,
) -> BuildReport:
    """Create or update a case file from files, folders or manifests."""
    report = BuildReport(str(casefile))

    def tell(event: str, item: object = None) -> None:
        if progress is not None:
            progress(
                event, item, len(report.added) + len(report.unchanged) + len(report.failed), total
            )

    # 1. read everything first: reading is cheap, and the total lets progress show an ETA
    items = list(iter_documents(inputs))
    total = len(items)
    with Store.open(casefile, create=True) as store:
        tell("start")
        todo: list[Document] = []
        for item in items:
            if isinstance(item, InputError):
                report.failed.append(item)
                log.warning("%s", item)
                tell("failed", item)
            # 2. the same bytes were analysed before
            elif store.has_sha256(item.sha256):
                report.unchanged.append(item.id)
                tell("skipped", item)
            else:
                todo.append(item)
        # 3. analyse and save one document at a time
        if todo:
            for analysis in analyse_documents(_no_dupes(todo), nlp=nlp):
                store.save_analysis(analysis)
                report.added.append(analysis.document.id)
                tell("analysed", analysis.document)
        # 4.–6. cross-document stages over everything stored
        if report.added or store.get_meta("resolved") != "yes":
            tell("resolving")
            analyses = list(store.analyses())
            resolution = resolve(analyses)
            entities, facts, conflicts = reconcile(analyses, resolution)
            store.save_casefile(entities, facts, conflicts)
            store.set_meta("resolved", "yes")
        report.counts = store.counts()
    tell("done")
    return report


def _no_dupes(docs: list[Document]) -> Iterator[Document]:
    """The same bytes twice in one batch are analysed once."""
    seen: set[str] = set()
    for d in docs:
        if d.sha256 not in seen:
            seen.add(d.sha256)
            yield d
