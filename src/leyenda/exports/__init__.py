"""Case file exports: one entry point, so the CLI and the API never pick writers themselves.

export(casefile, "json")      the contract of SPEC.md that outside tools read
export(casefile, "jsonl")     the same records, one per line, for streaming tools
export(casefile, "graphml")   entities and the facts between them, for networkx and Gephi
export(casefile, "markdown")  a dossier a journalist reads, every fact with its citation
export(casefile, "html")      one self-contained report: timeline, graph, sources highlighted
export_to(casefile, "csv", folder)    one CSV table per kind of record
export_to(casefile, "neo4j", folder)  CSV for `neo4j-admin database import` + `load.cypher`

`export` returns text for the single-file formats; `export_to` writes any format to a path
(a file, or a folder for the formats that write several files) and returns what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ExportError
from ..model import CaseFile
from .csv import csv_tables
from .graphml import to_graphml
from .html import to_html
from .json import to_dict, to_json, to_jsonl
from .markdown import to_markdown
from .neo4j import neo4j_files

#: The format names `export` accepts, in the order error messages list them.
FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "graphml", "neo4j", "markdown", "html")
#: Formats that are several files: `export_to` writes them into a folder.
FOLDER_FORMATS: tuple[str, ...] = ("csv", "neo4j")
#: Formats that are one text: `export` returns them, `export_to` writes them to a file.
TEXT_FORMATS: tuple[str, ...] = tuple(f for f in FORMATS if f not in FOLDER_FORMATS)

_WRITERS: dict[str, Callable[[CaseFile], str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "graphml": to_graphml,
    "markdown": to_markdown,
    "html": to_html,
}

_FILE_SETS: dict[str, Callable[[CaseFile], dict[str, str]]] = {
    "csv": csv_tables,
    "neo4j": neo4j_files,
}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def export(casefile: CaseFile, fmt: str) -> str:
    """The case file as text in `fmt`; an unknown name is an error that lists the valid ones."""
    _check_format(fmt)
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ExportError(
            f"format {fmt!r} writes several files: write it into a folder (export_to, or -o FOLDER)"
        )
    return writer(casefile)


def export_files(casefile: CaseFile, fmt: str) -> dict[str, str]:
    """The files a folder format writes, as {file name: text}, without touching the disk."""
    _check_format(fmt)
    maker = _FILE_SETS.get(fmt)
    if maker is None:
        raise ExportError(f"format {fmt!r} is a single text: use export()")
    return maker(casefile)


def export_to(casefile: CaseFile, fmt: str, output: str | Path) -> list[Path]:
    """Write the export to `output`: a file for text formats, a folder (created) for the others.

    Refuses, naming the path, a folder given for a one-file format, an existing file given
    for a folder format, and anything the system will not let us write. Returns the files
    written, in order.
    """
    _check_format(fmt)
    out = Path(output)
    if fmt in FOLDER_FORMATS:
        if out.exists() and not out.is_dir():
            raise ExportError(
                f"{out}: exists and is not a folder ({fmt} writes several files into a folder)"
            )
        files = export_files(casefile, fmt)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExportError(f"{out}: cannot create the folder ({err.strerror or err})") from err
        written = []
        for name, text in files.items():
            written.append(_write(out / name, text))
        return written
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; {fmt} is one file, give a file name")
    return [_write(out, export(casefile, fmt))]


def _write(path: Path, text: str) -> Path:
    """Write UTF-8 text exactly as given (no newline translation: CSV rows end in CRLF)."""
    try:
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as err:
        raise ExportError(f"{path}: cannot write ({err.strerror or err})") from err
    return path


__all__ = [
    "FOLDER_FORMATS",
    "FORMATS",
    "TEXT_FORMATS",
    "export",
    "export_files",
    "export_to",
    "to_dict",
    "to_json",
    "to_jsonl",
    "to_markdown",
]
