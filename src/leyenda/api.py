"""Library verbs beyond `build`: what the CLI, the tests and other programs call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .exports import export, export_to
from .model import CaseFile
from .overrides import merge_entities as merge_entities  # the user's corrections
from .overrides import split_entity as split_entity
from .store import RESOLVED_KEY, Store


def open_casefile(path: str | Path) -> CaseFile:
    """The whole case file as the shared dataclasses."""
    with Store.open(path, readonly=True) as store:
        return store.load_casefile()


def export_casefile(path: str | Path, fmt: str) -> str:
    """The case file in one of `leyenda.exports.FORMATS`."""
    return export(open_casefile(path), fmt)


def export_casefile_to(path: str | Path, fmt: str, output: str | Path) -> list[Path]:
    """Write the case file in `fmt` to `output`: a file, or a folder for csv and neo4j."""
    return export_to(open_casefile(path), fmt, output)


def info(path: str | Path) -> dict[str, Any]:
    """Counts, documents with no publication date with the dates left unanchored, and
    whether entities are resolved (`resolved` is False after a build stopped before
    resolving them: its counts of entities and facts are not the story's yet)."""
    with Store.open(path, readonly=True) as store:
        counts = store.counts()
        documents = store.documents()
        unresolved = store.unresolved_times()
        resolved = not documents or store.get_meta(RESOLVED_KEY) == "yes"
    undated = {d.id: list(unresolved.get(d.id, ())) for d in documents if d.published is None}
    return {"counts": counts, "undated_documents": undated, "resolved": resolved}
