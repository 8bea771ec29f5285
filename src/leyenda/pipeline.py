"""The only place that knows the order of the stages.

`build` does, in order:

1. read the inputs (`ingest`); a bad input becomes an `InputError` in the report and the
   batch goes on;
2. place each document (`_arrival`): a file whose origin (its resolved path, or its
   manifest line) is stored replaces its old version when its bytes changed, and is
   re-analysed when only its title, source or date changed (relative dates re-anchor), or
   when `ocr` read scanned pages that the stored version lacks;
   bytes already stored under any origin are skipped; the same name from another
   origin is another document (`ingest.origin_id`);
3. analyse the new ones with spaCy in batches (`analyse`: mentions, times, claims), saving
   each document's analysis in a transaction of its own, so a build stopped halfway keeps
   every document it finished and the next build completes the rest;
4. resolve entities across all documents of the case file (`resolve`);
5. reconcile: entity ids on facts, derived facts, conflicts (`reconcile`);
6. replace the case file's entities, facts and conflicts in one transaction (`store`);
7. group documents that copy one another into source groups (`sources`).

Steps 4–6 read stored analyses only, so they cost no parsing. Over a whole case file they
stream through SQLite (`cross`), so their memory does not grow with the corpus; when only
a few documents are new, `increment` re-decides just their blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from .analyse import analyser_fingerprint
from .cross import resolve_store
from .engines import Engine
from .errors import InputError, LeyendaError
from .increment import extend
from .ingest import count_inputs, iter_documents, origin_id
from .model import Document
from .sources import update_groups
from .store import Store, build_lock
from .workers import LocalEngine

log = logging.getLogger(__name__)

#: Called as progress(event, document_or_None, done, total); events: "waiting" (another
#: build holds the case file; the item is why), "start", "analysed", "skipped", "failed",
#: "resolving", "done".
Progress = Callable[[str, object, int, int], None]


@dataclass
class BuildReport:
    """What a build did: documents added, left as they were, and inputs that failed."""

    casefile: str
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    reanalysed: list[str] = field(default_factory=list)  # stored, redone by a newer analyser
    replaced: list[str] = field(default_factory=list)  # its file changed: old version replaced
    updated: list[str] = field(default_factory=list)  # same bytes, new title, source or date
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
    ocr: bool = False,
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
    own folder (by default such lines are refused). `ocr`: PDF pages with no text layer
    are read by tesseract where it is installed, each quote from them marked
    (`ingest.iter_documents`); a PDF stored without them is analysed again with them.
    """
    if engine not in ENGINES:
        raise LeyendaError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    report = BuildReport(str(casefile))
    # documents are streamed, never all held: the total is a cheap count, for progress only
    total = count_inputs(inputs)

    relabelled: list[str] = []  # only their source changed: nothing to re-analyse

    def tell(event: str, item: object = None) -> None:
        if progress is not None:
            done = (
                len(report.added)
                + len(report.reanalysed)
                + len(report.replaced)
                + len(report.updated)
                + len(relabelled)
                + len(report.unchanged)
                + len(report.failed)
            )
            progress(event, item, done, max(total, done))

    def waiting(why: str) -> None:
        log.warning("%s", why)
        tell("waiting", why)

    with (
        build_lock(casefile, waiting),
        _engine(engine, nlp, workers, address) as runner,
        Store.open(casefile, create=True) as store,
    ):
        # analyses made by another leyenda or model are redone from the stored text; each
        # analysis records its analyser, so a build stopped halfway resumes with the rest
        fingerprint = analyser_fingerprint()
        stale = store.stale_documents(fingerprint)
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

        arrivals: dict[str, str] = {}  # document id → "replaced" or "updated"

        def new_documents() -> Iterator[Document]:
            seen: set[str] = set()
            run_ids: set[str] = set()
            for item in iter_documents(
                inputs, max_bytes=max_bytes, allow_outside=allow_outside, ocr=ocr
            ):
                if isinstance(item, InputError):
                    report.failed.append(item)
                    log.warning("%s", item)
                    tell("failed", item)
                    continue
                doc, kind = _arrival(store, item, seen, run_ids)
                if kind == "source":
                    store.set_source(doc.id, doc.source)
                    relabelled.append(doc.id)
                    tell("skipped", doc)
                    continue
                if kind == "unchanged":
                    report.unchanged.append(doc.id)
                    tell("skipped", doc)
                    continue
                seen.add(doc.sha256)
                run_ids.add(doc.id)
                if kind != "new":
                    arrivals[doc.id] = kind
                    log.info("%s: %s (%s)", casefile, doc.id, _ARRIVAL_WHY[kind])
                yield doc

        # 3. analyse, saving one document at a time, in input order
        todo = chain(stored_documents(), new_documents())
        analysis_stream = runner.analyse(todo)
        redo = set(stale)
        try:
            for analysis in analysis_stream:
                doc_id = analysis.document.id
                if analysis.failure:
                    arrivals.pop(doc_id, None)
                    failed = InputError(
                        analysis.document.path or doc_id,
                        f"could not be analysed ({analysis.failure}); nothing of it was "
                        "stored, the rest of the batch goes on",
                    )
                    report.failed.append(failed)
                    log.warning("%s", failed)
                    tell("failed", failed)
                    continue
                store.save_analysis(analysis, fingerprint)
                kind = arrivals.pop(doc_id, None)
                if kind == "replaced":
                    report.replaced.append(doc_id)
                elif kind in ("updated", "ocr"):
                    report.updated.append(doc_id)
                elif doc_id in redo:
                    redo.discard(doc_id)
                    report.reanalysed.append(doc_id)
                else:
                    report.added.append(doc_id)
                tell("analysed", analysis.document)
        finally:  # Ctrl-C or an error: stop the workers now, keep what was saved
            stop = getattr(analysis_stream, "close", None)
            if stop is not None:
                stop()
        # 4.–6. cross-document stages: only the new documents' blocks when that gives the
        #        case file a full resolution would, else over everything stored
        changed = report.added or report.reanalysed or report.replaced or report.updated
        if changed or store.get_meta("resolved") != "yes":
            tell("resolving")
            if not (report.reanalysed or report.replaced or report.updated) and _extend(store):
                report.resolution = "incremental"
            else:
                resolve_store(store, runner.map_groups)
                report.resolution = "full"
            log.info("%s: cross-document stages: %s", casefile, report.resolution)
        # 7. which documents copy one another (mirrors, syndication): one source each
        if changed or store.has_unsigned():
            update_groups(store)
        report.updated.extend(relabelled)
        report.counts = store.counts()
    tell("done")
    return report


#: What a build says about a stored document it analyses again (`BuildReport`).
_ARRIVAL_WHY = {
    "replaced": "its file changed since the last build: the old version is replaced",
    "updated": "its title, source or date changed: re-analysed with them",
    "ocr": "OCR read pages its stored version has no text for: re-analysed with them",
}


def _arrival(
    store: Store, doc: Document, seen: set[str], run_ids: set[str]
) -> tuple[Document, str]:
    """The document as it will be stored, and what it is to the case file: "new",
    "replaced" (its origin is stored with other bytes), "updated" (same bytes, another
    title or date, which the analysis reads), "ocr" (same bytes, and OCR read pages the
    stored version has no text for: it was built without `--ocr`), "source" (only its
    source changed: stored without analysis) or "unchanged" (these bytes are stored, or
    came earlier in this run; a build without `--ocr` keeps what OCR read before). A new
    document whose id a document of another origin holds takes `ingest.origin_id`, so
    nothing stored is ever overwritten by a namesake."""
    stored = store.document_at(doc.path)
    if stored is not None:
        doc = replace(doc, id=stored.id)
        if stored.sha256 == doc.sha256:
            if doc.sha256 not in seen and set(doc.ocr_pages) - set(stored.ocr_pages):
                return doc, "ocr"
            if doc.sha256 in seen or (stored.title, stored.published) == (doc.title, doc.published):
                if stored.source != doc.source and doc.sha256 not in seen:
                    return doc, "source"  # nothing the analysis reads changed
                return doc, "unchanged"
            return doc, "updated"
        holder = store.id_of_sha256(doc.sha256)
        if holder is not None or doc.sha256 in seen:
            log.warning(
                "%s: now holds the same bytes as %s; its earlier version is kept",
                doc.id,
                holder or "another document of this build",
            )
            return doc, "unchanged"
        return doc, "replaced"
    if doc.sha256 in seen or store.has_sha256(doc.sha256):
        return doc, "unchanged"
    wanted = doc.id
    while doc.id in run_ids or store.origin_of(doc.id) not in (None, doc.path):
        doc = replace(doc, id=origin_id(doc.id, doc.path))
    if doc.id != wanted:
        log.info("%s: the id %s belongs to another file; stored as %s", doc.path, wanted, doc.id)
    return doc, "new"


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
