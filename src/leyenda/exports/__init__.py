"""Case file exports: one entry point, so the CLI and the API never pick writers themselves.

export(casefile, "json")      the contract of SPEC.md that outside tools read
export(casefile, "jsonl")     the same records, one per line, for streaming tools
export(casefile, "markdown")  a dossier a journalist reads, every fact with its citation
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ExportError
from ..model import CaseFile
from .json import to_dict, to_json, to_jsonl
from .markdown import to_markdown

#: The format names `export` accepts, in the order error messages list them.
FORMATS: tuple[str, ...] = ("json", "jsonl", "markdown")

_WRITERS: dict[str, Callable[[CaseFile], str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "markdown": to_markdown,
}


def export(casefile: CaseFile, fmt: str) -> str:
    """The case file as text in `fmt`; an unknown name is an error that lists the valid ones."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return writer(casefile)


__all__ = ["FORMATS", "export", "to_dict", "to_json", "to_jsonl", "to_markdown"]
