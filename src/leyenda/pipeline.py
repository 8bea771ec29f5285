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

Steps 4–6 read stored analyses only, so they cost no parsing. Over a whole case file they
stream through SQLite (`cross`), so their memory does not grow with the corpus; when only
a few documents are new, `increment` re-decides just their blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from .cross import resolve_store
from .engines import Engine
from .errors import InputError, LeyendaError
from .increment import extend
from .ingest import count_inputs, iter_documents
from .model import Document
from .nlp import analyser_fingerprint
from .store import Store
from .workers import LocalEngine

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
    reanalysed: list[str] = field(default_factory=list)  # stored, redone by a newer analyser
    counts: dict[str, int] = field(default_factory=dict)
    #: how the cross-document stages ran: "full", "incremental" (only the new documents'
    #: blocks, `increment`), or "" when nothing changed
    resolution: str = ""


def build(
    inputs: Sequence[str | Path],
    casefile: str | Path,
    *,
    progress: Progress | None = None,
    nlp: Any = None,
    workers: int | None = None,
    engine: str = "local",
    address: str | None = None,
    max_bytes: int | None = None,
    allow_outside: bool = False,
) -> BuildReport:
    """Create or update a case file from files, folders or manifests.

    `workers` > 1 processes analyse documents in parallel. The default here is one process:
    worker processes are started with "spawn", which re-imports the calling script, so a
    script asking for more must call `build` under ``if __name__ == "__main__":``. (The
    command line defaults to all cores.) A given `nlp` means this process's model, so one
    worker. `engine="ray"` analyses on a Ray cluster (`address`, or a local Ray started for
    the build; `workers` actors, default: the cluster's CPUs). Either way the case file is
    the same and is written by this process alone.

    `max_bytes`: inputs larger than this are refused in one line (default
    `ingest.DEFAULT_MAX_BYTES`). `allow_outside`: manifests may list files outside their
    own folder (by default such lines are refused).
    """
    if engine not in ENGINES:
        raise LeyendaError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    report = BuildReport(str(casefile))
    # documents are streamed, never all held: the total is a cheap count, for progress only
    total = count_inputs(inputs)

    def tell(event: str, item: object = None) -> None:
        if progress is not None:
            done = (
                len(report.added)
                + len(report.reanalysed)
                + len(report.unchanged)
                + len(report.failed)
            )
            progress(event, item, done, max(total, done))

    with (
        _engine(engine, nlp, workers, address) as runner,
        Store.open(casefile, create=True) as store,
    ):
        # analyses made by another leyenda or model are redone from the stored text
        fingerprint = analyser_fingerprint()
        stale = store.document_ids() if store.get_meta(ANALYSER_KEY) != fingerprint else []
        if stale:
            log.warning(
                "%s: re-analysing %d stored document(s): leyenda's extraction or model changed",
                casefile,
                len(stale),
            )
        total += len(stale)
        tell("start")

        def stored_documents() -> Iterator[Document]:
            for doc_id in stale:
                doc = store.document(doc_id)
                if doc is not None:
                    yield doc

        def new_documents() -> Iterator[Document]:
            seen: set[str] = set()
            for item in iter_documents(
                inputs, max_bytes=max_bytes, allow_outside=allow_outside
            ):
                if isinstance(item, InputError):
                    report.failed.append(item)
                    log.warning("%s", item)
                    tell("failed", item)
                # 2. the same bytes were analysed before, in an earlier build or this one
                elif item.sha256 in seen or store.has_sha256(item.sha256):
                    report.unchanged.append(item.id)
                    tell("skipped", item)
                else:
                    seen.add(item.sha256)
                    yield item

        # 3. analyse, saving one document at a time, in input order
        todo = chain(stored_documents(), new_documents())
        analysed = runner.analyse(todo)
        redo = set(stale)
        try:
            for analysis in analysed:
                store.save_analysis(analysis)
                if analysis.document.id in redo:
                    report.reanalysed.append(analysis.document.id)
                else:
                    report.added.append(analysis.document.id)
                tell("analysed", analysis.document)
        finally:  # Ctrl-C or an error: stop the workers now, keep what was saved
            stop = getattr(analysed, "close", None)
            if stop is not None:
                stop()
        store.set_meta(ANALYSER_KEY, fingerprint)  # every stored analysis is now current
        # 4.–6. cross-document stages: only the new documents' blocks when that gives the
        #        case file a full resolution would, else over everything stored
        if report.added or report.reanalysed or store.get_meta("resolved") != "yes":
            tell("resolving")
            if not report.reanalysed and _extend(store):
                report.resolution = "incremental"
            else:
                resolve_store(store, runner.map_groups)
                report.resolution = "full"
            log.info("%s: cross-document stages: %s", casefile, report.resolution)
        report.counts = store.counts()
    tell("done")
    return report


#: The meta key recording what the stored analyses were computed with.
ANALYSER_KEY = "analyser"

#: The engines `build` can analyse documents with.
ENGINES: tuple[str, ...] = ("local", "ray")


def _engine(engine: str, nlp: Any, workers: int | None, address: str | None) -> Engine:
    """Where the build's map and reduces run (`engines`)."""
    if engine == "ray":
        from .engines.ray_engine import RayEngine

        return RayEngine(address, workers)
    return LocalEngine(workers or 1, nlp)


#: More new documents than this (or than a fifth of the case file) resolve in full: past
#: that, re-deciding their blocks one by one costs more than deciding every block once.
INCREMENT_LIMIT = 2000


def _extend(store: Store) -> bool:
    """Steps 4–6 for the documents stored since the last resolution only (`increment`)."""
    todo = store.unclustered_documents()
    total = store.document_count()
    if not todo or len(todo) > min(INCREMENT_LIMIT, max(1, total // 5)):
        return False
    return extend(store, store.analyses_of(todo))
