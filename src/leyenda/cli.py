"""The `leyenda` command: parse options, call one library function, report.

Library errors (`LeyendaError`) become one line on stderr and exit code 2; a build with
inputs that failed exits 1 after building everything else.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import LeyendaError, printable
from .version import __version__


def _progress_printer(quiet: bool) -> tuple[Any, Any]:
    """A rich progress bar on a terminal; nothing when output is piped or --quiet."""
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class DocsPerSecond(ProgressColumn):
        """Documents a second, the figure that says how long a big corpus will take."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} docs/s" if speed else "")

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        DocsPerSecond(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task("reading", total=None)

    def progress(event: str, item: object, done: int, total: int) -> None:
        if event == "start":
            bar.start()
            bar.update(task, total=total, completed=done, description="analysing")
        elif event in ("analysed", "skipped", "failed"):
            bar.update(task, completed=done)
        elif event == "resolving":
            bar.update(task, description="resolving entities")
        elif event == "done":
            bar.stop()

    return progress, bar


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build
    from .workers import default_workers

    bar_progress, _bar = _progress_printer(args.quiet)

    def progress(event: str, item: object, done: int, total: int) -> None:
        if event == "waiting" and not args.quiet:  # shown even without a progress bar
            print(f"leyenda: {printable(str(item))}", file=sys.stderr)
        if bar_progress is not None:
            bar_progress(event, item, done, total)

    report = build(
        args.inputs,
        args.output,
        progress=progress,
        workers=args.workers or (default_workers() if args.engine == "local" else None),
        engine=args.engine,
        address=args.address,
        max_bytes=args.max_size,
        allow_outside=args.allow_outside,
        ocr=args.ocr,
    )
    for err in report.failed:
        print(f"error: {err}", file=sys.stderr)
    if not args.quiet:
        c = report.counts
        redone = (
            f"{len(report.reanalysed)} re-analysed (leyenda's extraction changed), "
            if report.reanalysed
            else ""
        )
        if report.replaced:
            redone += f"{len(report.replaced)} replaced (their files changed), "
        if report.updated:
            redone += (
                f"{len(report.updated)} updated (title, source, date or OCR'd pages changed), "
            )
        print(
            f"{report.casefile}: {len(report.added)} document(s) added, {redone}"
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
            f"{c.get('documents', 0)} documents, {c.get('people', 0)} people, "
            f"{c.get('facts', 0)} facts, {c.get('conflicts', 0)} conflicts"
        )
    return 1 if report.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .api import export_casefile, export_casefile_to
    from .errors import ExportError
    from .exports import FOLDER_FORMATS

    if args.output:
        written = export_casefile_to(args.casefile, args.format, args.output)
        if not args.quiet:
            where = args.output if args.format not in FOLDER_FORMATS else f"{args.output}/"
            print(f"wrote {where} ({len(written)} file(s))", file=sys.stderr)
        return 0
    if args.format in FOLDER_FORMATS:
        raise ExportError(f"{args.format} writes several files: name a folder with -o FOLDER")
    sys.stdout.write(export_casefile(args.casefile, args.format))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from .api import info

    summary = info(args.casefile)
    if not summary["resolved"]:
        print(
            "entities not resolved: a build stopped before finishing; "
            "run build again to finish (the counts below are not final)"
        )
    for key, value in summary["counts"].items():
        print(f"{key:12} {value}")
    undated = summary["undated_documents"]
    if undated:
        print("documents without a publication date (their relative dates are not anchored):")
        for doc_id, exprs in undated.items():
            shown = ", ".join(f"“{e}”" for e in exprs) if exprs else "none found"
            print(f"  {doc_id}: unresolved: {shown}")
    return 0


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_merge(args: argparse.Namespace) -> int:
    from .overrides import merge_entities

    message = merge_entities(args.casefile, args.name_a, args.name_b)
    if not args.quiet:
        print(message)
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    from .overrides import split_entity

    message = split_entity(args.casefile, args.name)
    if not args.quiet:
        print(message)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .ask import ask

    answer = ask(args.casefile, args.question)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(answer.render())
    return 0 if answer.answered or answer.retrieved else 1


def cmd_person(args: argparse.Namespace) -> int:
    from .dossier import dossier

    found = dossier(args.casefile, args.name)
    if args.json:
        _print_json(found.to_dict())
    else:
        print(found.render())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .web import serve

    serve(args.casefile, host=args.host, port=args.port, quiet=args.quiet)
    return 0


#: `leyenda eval NAME PATH`: each benchmark is a module of `leyenda.evals` with
#: evaluate(path, limit=..., progress=...) -> dict and render(result) -> str.
EVALS: dict[str, str] = {
    "meantime": "a MEANTIME directory (entity coreference within and across documents)",
    "tempeval": "a TempEval-3 directory of .tml files (TIMEX3 detection and values)",
    "redocred": "a Re-DocRED .json file (document-level relations)",
    "timeline": "the SemEval-2015 task 4 folder of corpus_N/ (Track A timelines per entity)",
}


def cmd_eval(args: argparse.Namespace) -> int:
    module = importlib.import_module(f".evals.{args.benchmark}", __package__)
    result = module.evaluate(Path(args.path), limit=args.limit)
    if args.json:
        _print_json(result)
    else:
        print(module.render(result))
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


#: `--max-size` suffixes: binary multiples, as `formats.format_size` shows them (64M = 64 MB).
SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _size(text: str) -> int:
    """A size in bytes from "500k", "64M", "1G" or plain bytes."""
    number, unit = text.strip()[:-1], text.strip()[-1:].lower()
    if unit.isdigit():
        number, unit = text.strip(), ""
    if not number.isdigit() or unit not in SIZE_UNITS or int(number) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size (use bytes, or a number with k, M or G: 500k, 64M, 1G)"
        )
    return int(number) * SIZE_UNITS[unit]


def make_parser() -> argparse.ArgumentParser:
    """The argument parser, separate so tests and docs can read it."""
    parser = argparse.ArgumentParser(
        prog="leyenda",
        description="Turn a pile of articles about a real story into a cited case file.",
    )
    parser.add_argument("--version", action="version", version=f"leyenda {__version__}")
    # -v/-q work before or after the command name ("leyenda -q build", "leyenda build -q")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log what each stage does",
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", parents=[common], help="create or update a case file from articles")
    p.add_argument(
        "inputs",
        nargs="+",
        help="files (.txt .md .html .pdf .docx .eml .mbox .warc), folders or .jsonl manifests",
    )
    p.add_argument("-o", "--output", required=True, help="the case file (SQLite) to write")
    p.add_argument(
        "--workers",
        type=_positive,
        help="processes (or Ray actors) analysing documents (default: all cores)",
    )
    p.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where documents are analysed: this machine (default) or Ray (leyenda[ray])",
    )
    p.add_argument(
        "--address", help="with --engine ray: the cluster to join (default: start a local Ray)"
    )
    p.add_argument(
        "--max-size",
        type=_size,
        metavar="SIZE",
        help="refuse input files (and manifest lines) larger than this, unread: "
        "500k, 64M, 1G or bytes (default 64M)",
    )
    p.add_argument(
        "--allow-outside",
        action="store_true",
        help="let manifests list files outside their own folder (refused by default: "
        "a manifest someone sends you could point at any file you can read)",
    )
    p.add_argument(
        "--ocr",
        action="store_true",
        help="read PDF pages that have no text layer (scans) with Debian's tesseract-ocr; "
        "every quote from them is marked OCR",
    )
    p.set_defaults(func=cmd_build)

    from .exports import FOLDER_FORMATS, FORMATS

    p = sub.add_parser(
        "export",
        parents=[common],
        help="write a case file as " + ", ".join(FORMATS),
    )
    p.add_argument("casefile")
    # not argparse `choices`: the library's error names the bad format and lists the valid ones
    p.add_argument("--format", required=True, help=", ".join(FORMATS))
    p.add_argument(
        "-o",
        "--output",
        help="file to write (default: standard output); for "
        + " and ".join(FOLDER_FORMATS)
        + ", the folder to write their files into (created)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "info", parents=[common], help="counts, and documents whose dates could not be anchored"
    )
    p.add_argument("casefile")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "merge", parents=[common], help="say two names are one entity (kept across rebuilds)"
    )
    p.add_argument("casefile")
    p.add_argument("name_a")
    p.add_argument("name_b")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "split", parents=[common], help="say a name is its own entity (kept across rebuilds)"
    )
    p.add_argument("casefile")
    p.add_argument("name")
    p.set_defaults(func=cmd_split)

    p = sub.add_parser(
        "ask", parents=[common], help="answer a who/what/when/where question, with citations"
    )
    p.add_argument("casefile")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="the answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("person", parents=[common], help="one person's dossier")
    p.add_argument("casefile")
    p.add_argument("name")
    p.add_argument("--json", action="store_true", help="the dossier as JSON")
    p.set_defaults(func=cmd_person)

    p = sub.add_parser("serve", parents=[common], help="browse a case file in a local web UI")
    p.add_argument("casefile")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "eval", parents=[common], help="score leyenda on a public benchmark in ../shared/benchmarks"
    )
    p.add_argument("benchmark", choices=sorted(EVALS), help="which benchmark")
    p.add_argument("path", help="; ".join(f"{k}: {v}" for k, v in EVALS.items()))
    p.add_argument("--json", action="store_true", help="the scores as JSON")
    p.add_argument("--limit", type=int, help="only the first N documents (a quick look)")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `leyenda` script."""
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except LeyendaError as err:
        print(f"leyenda: {printable(str(err))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `leyenda export ... | head`: the reader has gone, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(
            "leyenda: interrupted; what was saved stays saved, run again to resume", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
