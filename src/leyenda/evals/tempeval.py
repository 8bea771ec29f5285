"""TempEval-3 (SemEval-2013 task 1, TIMEX3 part): how well leyenda finds and normalises times.

Why this benchmark: it is the public yardstick for English time expressions in news, with a
document creation time (DCT) per file, which is exactly the publication date leyenda anchors
relative dates on. Each `.tml` file gives its text with the gold TIMEX3s inline; we strip the
tags, run `leyenda.timex.find_timex3` on the plain text with the DCT as publication date, and
score as the TempEval-3 task defines it:

1. Detection: a system expression matches a gold one *strictly* when both cover the same
   characters (surrounding whitespace ignored) and *relaxed* when they overlap; pairs are one to
   one. Precision, recall and F1 for both.
2. Attributes over the relaxed matches: type accuracy and value accuracy (exact string equality
   of the TIMEX3 `value`), and attribute F1 = accuracy × relaxed F1, TempEval-3's definition.

The DCT itself is given, not found, so it is left out of the counts (the official toolkit
counted it; leaving it out makes every figure here a little lower, never higher).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..timex import find_timex3

__all__ = ["GoldTimex", "evaluate", "read_tml", "render", "score_document"]

#: How many unmatched or wrong expressions the result lists, per kind of error, to read by eye.
MAX_EXAMPLES = 25


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 of the gold annotation: its characters in the plain text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TmlDocument:
    """A .tml file reduced to what the scorer needs."""

    name: str
    text: str
    dct: str | None
    gold: tuple[GoldTimex, ...]


def read_tml(path: Path) -> TmlDocument:
    """The plain text of `<TEXT>`, its gold TIMEX3s as character spans, and the DCT value.

    Raises `InputError` naming the file when it is not TimeML that this reader understands.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not a readable TimeML file ({exc})") from exc
    text_el = root.find("TEXT")
    if text_el is None:
        raise InputError(str(path), "no <TEXT> element, so not a TempEval-3 .tml file")
    dct_el = root.find("DCT/TIMEX3")
    dct = dct_el.get("value") if dct_el is not None else None
    parts: list[str] = []
    gold: list[GoldTimex] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        start, first_part = length, len(parts)
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if el.tag == "TIMEX3":
            covered = "".join(parts[first_part:])
            lead = len(covered) - len(covered.lstrip())
            written = covered.strip()
            gold.append(
                GoldTimex(
                    start + lead,
                    start + lead + len(written),
                    written,
                    el.get("type", ""),
                    el.get("value", ""),
                )
            )

    walk(text_el)
    raw = "".join(parts)
    if "\r" in raw:
        # CR-LF files: offsets were counted with the CRs, so move them onto the LF text.
        return _without_cr(path, raw, dct, gold)
    return TmlDocument(path.name, raw, dct, tuple(gold))


def _without_cr(path: Path, raw: str, dct: str | None, gold: list[GoldTimex]) -> TmlDocument:
    """The same document with CR-LF turned into LF and every offset moved to match."""
    removed = [0] * (len(raw) + 1)
    count = 0
    for i, ch in enumerate(raw):
        removed[i] = count
        if ch == "\r" and raw[i + 1 : i + 2] == "\n":
            count += 1
    removed[len(raw)] = count
    moved = tuple(
        GoldTimex(g.start - removed[g.start], g.end - removed[g.end], g.text, g.type, g.value)
        for g in gold
    )
    return TmlDocument(path.name, raw.replace("\r\n", "\n"), dct, moved)


@dataclass
class _Counts:
    """Running totals over documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0


def score_document(doc: TmlDocument, counts: _Counts, errors: dict[str, list[str]]) -> None:
    """Adds one document's matches to `counts` and a few readable examples to `errors`."""
    found = find_timex3(doc.text, doc.dct)
    counts.gold += len(doc.gold)
    counts.system += len(found)
    used: set[int] = set()
    for g in doc.gold:
        best: int | None = None
        best_overlap = 0
        for i, s in enumerate(found):
            if i in used:
                continue
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            _note(errors, "missed", f"{doc.name}: {g.text!r} {g.type} {g.value}")
            continue
        used.add(best)
        s = found[best]
        counts.relaxed += 1
        if (s.start, s.end) == (g.start, g.end):
            counts.strict += 1
        else:
            _note(errors, "extent", f"{doc.name}: gold {g.text!r}, found {s.text!r}")
        if s.type == g.type:
            counts.type_ok += 1
        else:
            _note(errors, "type", f"{doc.name}: {g.text!r} gold {g.type}, found {s.type}")
        if s.value.upper() == g.value.upper():
            counts.value_ok += 1
        else:
            _note(errors, "value", f"{doc.name}: {g.text!r} gold {g.value}, found {s.value}")
    for i, s in enumerate(found):
        if i not in used:
            _note(errors, "spurious", f"{doc.name}: {s.text!r} {s.type} {s.value}")


def _note(errors: dict[str, list[str]], kind: str, line: str) -> None:
    bucket = errors.setdefault(kind, [])
    bucket.append(line)


def _f1(tp: int, system: int, gold: int) -> float:
    p = tp / system if system else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(tp: int, system: int, gold: int) -> dict[str, float]:
    p = tp / system if system else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(tp, system, gold), 4)}


def evaluate(path: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Scores leyenda's time finder on every .tml file under `path` (first `limit` files).

    Raises `InputError` when `path` is missing, holds no .tml file, or a file is not TimeML.
    """
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    if not files:
        raise InputError(str(path), "no .tml files here (expected a TempEval-3 directory)")
    if limit is not None:
        files = files[:limit]
    counts = _Counts()
    errors: dict[str, list[str]] = {}
    began = time.perf_counter()
    for f in files:
        score_document(read_tml(f), counts, errors)
    seconds = time.perf_counter() - began
    relaxed_f1 = _f1(counts.relaxed, counts.system, counts.gold)
    type_acc = counts.type_ok / counts.relaxed if counts.relaxed else 0.0
    value_acc = counts.value_ok / counts.relaxed if counts.relaxed else 0.0
    error_counts = Counter({k: len(v) for k, v in errors.items()})
    return {
        "benchmark": "tempeval3",
        "path": str(path),
        "documents": len(files),
        "gold": counts.gold,
        "system": counts.system,
        "strict": _prf(counts.strict, counts.system, counts.gold),
        "relaxed": _prf(counts.relaxed, counts.system, counts.gold),
        "type": {"accuracy": round(type_acc, 4), "f1": round(type_acc * relaxed_f1, 4)},
        "value": {"accuracy": round(value_acc, 4), "f1": round(value_acc * relaxed_f1, 4)},
        "errors": dict(sorted(error_counts.items())),
        "examples": {k: v[:MAX_EXAMPLES] for k, v in sorted(errors.items())},
        "seconds": round(seconds, 3),
    }


def render(result: dict[str, Any]) -> str:
    """The scores as a short table for a terminal."""
    lines = [
        f"TempEval-3 TIMEX3 on {result['path']}: {result['documents']} documents, "
        f"{result['gold']} gold expressions (DCT excluded), {result['system']} found",
        f"{'':18}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for name in ("strict", "relaxed"):
        s = result[name]
        lines.append(f"{name + ' match':18}{s['precision']:8.2%}{s['recall']:8.2%}{s['f1']:8.2%}")
    for name in ("type", "value"):
        s = result[name]
        lines.append(f"{name:18}accuracy {s['accuracy']:.2%}   F1 {s['f1']:.2%}")
    errors = ", ".join(f"{k} {v}" for k, v in result["errors"].items()) or "none"
    lines.append(f"errors: {errors}")
    lines.append(f"time: {result['seconds']:.2f} s")
    return "\n".join(lines)
