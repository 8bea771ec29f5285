"""The `leyenda` command: parse options, call one library function, report.

Library errors (`LeyendaError`) become one line on stderr and exit code 2; a build with
inputs that failed exits 1 after building everything else.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import LeyendaError


def _progress_printer(quiet: bool) -> tuple[Any, Any]:
    """A rich progress bar on a terminal; nothing when output is piped or --quiet."""
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
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

    progress, _bar = _progress_printer(args.quiet)
    report = build(args.inputs, args.output, progress=progress)
    for err in report.failed:
        print(f"error: {err}", file=sys.stderr)
    if not args.quiet:
        c = report.counts
        print(
            f"{report.casefile}: {len(report.added)} document(s) added, "
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
            f"{c.get('documents', 0)} documents, {c.get('people', 0)} people, "
            f"{c.get('facts', 0)} facts, {c.get('conflicts', 0)} conflicts"
        )
    return 1 if report.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .api import export_casefile

    text = export_casefile(args.casefile, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        if not args.quiet:
            print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from .api import info

    summary = info(args.casefile)
    for key, value in summary["counts"].items():
        print(f"{key:12} {value}")
    undated = summary["undated_documents"]
    if undated:
        print("documents without a publication date (their relative dates are not anchored):")
        for doc_id, exprs in undated.items():
            shown = ", ".join(f"“{e}”" for e in exprs) if exprs else "none found"
            print(f"  {doc_id}: unresolved: {shown}")
    return 0


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
    p.add_argument("inputs", nargs="+", help="files (.txt .md .html), folders or .jsonl manifests")
    p.add_argument("-o", "--output", required=True, help="the case file (SQLite) to write")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "export", parents=[common], help="write a case file as json, jsonl or markdown"
    )
    p.add_argument("casefile")
    p.add_argument("--format", required=True, help="json, jsonl or markdown")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "info", parents=[common], help="counts, and documents whose dates could not be anchored"
    )
    p.add_argument("casefile")
    p.set_defaults(func=cmd_info)
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
        print(f"leyenda: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "leyenda: interrupted; what was saved stays saved, run again to resume", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
