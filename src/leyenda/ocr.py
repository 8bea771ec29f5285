"""Scanned PDF pages → text through Debian's tesseract-ocr (`leyenda build --ocr`).

Only pages that have no text layer come here (`formats.read_pdf` decides), and only when
the user asked for OCR and the `tesseract` program is installed: OCR is slow (about a
second a page) and its text can be wrong, so it is never done behind the user's back, and
every quote it gives is marked (`Document.ocr_pages`).

A page goes through two steps:

1. rendered to a grey image with pypdfium2 (PDFium's own renderer, from PyPI, pinned in
   `constraints.txt`), at `OCR_DPI`, never past `OCR_MAX_PIXELS`;
2. read by `tesseract` (a subprocess, `OCR_TIMEOUT_S` at most) as TSV: each word with
   its block, paragraph and line, and its box in pixels. Words are put back together as
   lines and paragraphs, each paragraph with where it stands on the page in PDF points (y
   from the bottom, as pdfminer gives its text boxes), so `formats` drops running headers
   and page numbers from scanned pages the way it does from text pages.

pypdfium2 over Debian's `pdftoppm` (poppler-utils), measured on a generated five-page scan
at 300 dpi: pypdfium2 renders a page in about 90 ms, from the bytes already in memory;
`pdftoppm` takes about 160 ms a page, needs the PDF written to a file and the images read
back, and is a second Debian package to install. Both give tesseract the same image (the
same text came out). Either is small next to tesseract itself, about 0.8 s a page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

#: The program `--ocr` runs, and what to tell a user who lacks it.
TESSERACT = "tesseract"
NEEDS_TESSERACT = "--ocr needs Debian's tesseract-ocr: apt-get install tesseract-ocr"

#: The language tesseract reads (Debian's tesseract-ocr installs English, `eng`).
OCR_LANGUAGE = "eng"

#: Pages are rendered at this resolution: tesseract's documentation asks for at least 300
#: dpi, and on the generated scans of tests/test_formats.py 300 reads every word right
#: where 150 misread some.
OCR_DPI = 300

#: A page larger than this many pixels at `OCR_DPI` is rendered smaller, to this size: an
#: A4 page at 300 dpi is 8.7 million pixels; a PDF can declare a page a hundred inches
#: wide, which at 300 dpi would need gigabytes.
OCR_MAX_PIXELS = 40_000_000

#: Seconds tesseract may spend on one page before it is stopped and the page named as
#: failed (an ordinary page takes about one).
OCR_TIMEOUT_S = 120


class OcrError(Exception):
    """Why one page could not be read by OCR."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph OCR found: its lines, and where it stands on the page in PDF points
    from the page's bottom (`top` > `bottom`), as pdfminer places a text box."""

    lines: tuple[str, ...]
    top: float
    bottom: float


def available() -> bool:
    """Whether the `tesseract` program is installed (on PATH)."""
    return shutil.which(TESSERACT) is not None


def read_pages(
    raw: bytes, numbers: Sequence[int]
) -> Iterator[tuple[int, list[Paragraph] | OcrError]]:
    """(page number, its paragraphs or why it failed) for each page `numbers` names (from
    1), rendering and reading one page at a time; raises `OcrError` when the PDF cannot be
    opened for rendering at all."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError as err:
        raise OcrError(f"cannot be rendered for OCR ({err})") from None
    try:
        for number in numbers:
            try:
                image, per_point, height = _render(pdf, number - 1)
                tsv = _tesseract(image, round(per_point * 72))
                yield number, _paragraphs(tsv, per_point, height)
            except OcrError as err:
                yield number, err
    finally:
        pdf.close()


def _render(pdf: Any, index: int) -> tuple[bytes, float, float]:
    """One page as a binary PGM image, its pixels per PDF point (`OCR_DPI` / 72, less for
    a huge page) and the page's height in points."""
    import numpy
    import pypdfium2

    try:
        page = pdf[index]
    except (pypdfium2.PdfiumError, IndexError) as err:
        raise OcrError(f"cannot be rendered for OCR ({err})") from None
    try:
        width, height = page.get_size()
        scale = OCR_DPI / 72
        pixels = width * scale * height * scale
        if pixels > OCR_MAX_PIXELS:
            scale *= (OCR_MAX_PIXELS / pixels) ** 0.5
        try:
            bitmap = page.render(scale=scale, grayscale=True)
        except pypdfium2.PdfiumError as err:
            raise OcrError(f"cannot be rendered for OCR ({err})") from None
        grey = numpy.ascontiguousarray(bitmap.to_numpy())
        header = f"P5\n{grey.shape[1]} {grey.shape[0]}\n255\n".encode("ascii")
        return header + grey.tobytes(), scale, float(height)
    finally:
        page.close()


def _tesseract(image: bytes, dpi: int) -> str:
    """tesseract's TSV for one image. One thread (OMP_THREAD_LIMIT=1): on two cores it is
    faster so (0.76 s a page against 1.06 s), and a build's other work keeps its core."""
    command = [TESSERACT, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(dpi), "tsv"]
    try:
        done = subprocess.run(
            command,
            input=image,
            capture_output=True,
            timeout=OCR_TIMEOUT_S,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except FileNotFoundError:
        raise OcrError(NEEDS_TESSERACT) from None
    except subprocess.TimeoutExpired:
        raise OcrError(f"OCR took longer than {OCR_TIMEOUT_S} s and was stopped") from None
    if done.returncode != 0:
        why = " ".join(done.stderr.decode("utf-8", "replace").split())[-200:]
        raise OcrError(f"tesseract failed (exit {done.returncode}: {why or 'no message'})")
    return done.stdout.decode("utf-8", "replace")


def _paragraphs(tsv: str, per_point: float, height: float) -> list[Paragraph]:
    """tesseract's words put back into lines and paragraphs, in its reading order, each
    paragraph placed in PDF points on a page `height` points high (`per_point`: the
    image's pixels per point)."""
    lines: dict[tuple[str, str], dict[str, list[str]]] = {}
    boxes: dict[tuple[str, str], tuple[float, float]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue  # only words (level 5) that hold text
        paragraph = (cells[2], cells[3])  # block, paragraph
        try:
            top, bottom = float(cells[7]), float(cells[7]) + float(cells[9])
        except ValueError:
            continue
        lines.setdefault(paragraph, {}).setdefault(cells[4], []).append(cells[11].strip())
        seen = boxes.get(paragraph)
        boxes[paragraph] = (min(seen[0], top), max(seen[1], bottom)) if seen else (top, bottom)
    return [
        Paragraph(
            lines=tuple(" ".join(words) for words in by_line.values()),
            top=height - boxes[key][0] / per_point,
            bottom=height - boxes[key][1] / per_point,
        )
        for key, by_line in lines.items()
    ]
