"""Scanned PDFs through `--ocr` (issue 21): tesseract reads pages with no text layer only
when asked and installed, every quote from such a page is marked OCR (the JSON export,
the dossier, the report, the web UI), the mark is stored (schema 10), and a rebuild stays
idempotent. The scans are generated here: Pillow draws the invented story onto a page
image, fpdf2 puts the image in a PDF with no text.

Tests that run the real tesseract skip, saying why, where it is not installed, unless
``LEYENDA_REQUIRE_OCR=1`` (CI installs Debian's tesseract-ocr and sets it), where its
absence is a failure. The others replace the OCR engine with one that returns the
story's paragraphs, so the marking and storing are tested everywhere.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from leyenda import ocr
from leyenda.errors import InputError
from leyenda.exports import export
from leyenda.ingest import iter_documents
from leyenda.model import Document
from leyenda.pipeline import build
from leyenda.store import Store

from .conftest import as_schema
from .test_formats import PARAGRAPHS, STORY, TITLE, assert_exact, export_of, facts_by_doc

#: The scan's pages: the title and two paragraphs, then the other two.
SCAN_PAGES = ((TITLE, *PARAGRAPHS[:2]), PARAGRAPHS[2:])
COVER = "A typed cover note from the archive desk."


def need_tesseract() -> None:
    """Skip (or fail, under LEYENDA_REQUIRE_OCR=1) where tesseract is not installed."""
    if ocr.available():
        return
    reason = f"{ocr.TESSERACT} is not installed ({ocr.NEEDS_TESSERACT})"
    if os.environ.get("LEYENDA_REQUIRE_OCR") == "1":
        pytest.fail(f"{reason}; LEYENDA_REQUIRE_OCR=1 requires it")
    pytest.skip(reason)


def page_image(lines: Sequence[str], dpi: int = 200) -> bytes:
    """An A4 page as a grey PNG with the lines drawn on it, as a scanner gives it: the
    title (`TITLE`) larger, a paragraph a line."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    y = dpi
    for line in lines:
        size = 0.25 if line == TITLE else 0.16  # inches
        font = ImageFont.load_default(size=int(dpi * size))
        draw.text((int(dpi * 0.8), y), line, fill=0, font=font)
        y += int(dpi * size * 3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def make_scan(path: Path, pages: Sequence[Sequence[str]], *, cover: bool = False) -> Path:
    """A PDF of page images (no text layer); with `cover`, a typed first page before them."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(TITLE)
    if cover:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(10, 20)
        pdf.multi_cell(190, 6, COVER)
    for lines in pages:
        pdf.add_page()
        pdf.image(io.BytesIO(page_image(lines)), x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return path


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """An OCR engine that reads page N as `SCAN_PAGES[N - 1]`, a paragraph a line, without
    tesseract (a scan of `SCAN_PAGES[1:]` after a cover has its page 2 right); the list it
    returns records the pages it was asked to read."""
    read: list[int] = []

    def read_pages(
        raw: bytes, numbers: Sequence[int]
    ) -> Iterator[tuple[int, list[ocr.Paragraph] | ocr.OcrError]]:
        for number in numbers:
            read.append(number)
            lines = SCAN_PAGES[number - 1]
            yield (
                number,
                [
                    ocr.Paragraph((line,), 800.0 - 40 * i, 790.0 - 40 * i)
                    for i, line in enumerate(lines)
                ],
            )

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "read_pages", read_pages)
    return read


def items_of(path: Path, **options: Any) -> tuple[list[Document], list[str]]:
    items = list(iter_documents([path], **options))
    docs = [i for i in items if isinstance(i, Document)]
    return docs, [str(i) for i in items if isinstance(i, InputError)]


# --- without tesseract -----------------------------------------------------------------------


def test_without_ocr_a_scan_is_refused_in_one_line(tmp_path: Path, fake_ocr: list[int]) -> None:
    docs, errors = items_of(make_scan(tmp_path / "scan.pdf", SCAN_PAGES))
    assert docs == [] and len(errors) == 1
    assert "scan.pdf: no text layer (scanned?)" in errors[0] and "--ocr" in errors[0]
    assert fake_ocr == []  # never OCR'd behind the user's back


def test_ocr_without_tesseract_says_how_to_install_it_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    folder = tmp_path / "pile"
    folder.mkdir()
    make_scan(folder / "scan.pdf", SCAN_PAGES)
    make_scan(folder / "mixed.pdf", SCAN_PAGES[1:], cover=True)
    (folder / "fine.txt").write_text(STORY, encoding="utf-8")
    items = list(iter_documents([folder], ocr=True))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [d.id for d in items if isinstance(d, Document)] == ["fine.txt", "mixed.pdf"]
    assert all("\n" not in e for e in errors) and len(errors) == 2, errors
    needs = "--ocr needs Debian's tesseract-ocr: apt-get install tesseract-ocr"
    (scan,) = [e for e in errors if "scan.pdf" in e]
    assert scan.endswith(f"no text layer (scanned?); {needs}")
    (mixed,) = [e for e in errors if "mixed.pdf" in e]
    assert f"page 2: no text layer (scanned?); {needs}" in mixed  # the cover is kept


# --- the OCR mark, with an OCR engine that needs no tesseract --------------------------------


def test_ocr_pages_are_marked_on_the_document(tmp_path: Path, fake_ocr: list[int]) -> None:
    pdf = make_scan(tmp_path / "mixed.pdf", SCAN_PAGES[1:], cover=True)
    (doc,), errors = items_of(pdf, ocr=True)
    assert not errors and fake_ocr == [2]  # only the page with no text layer
    assert doc.text.startswith(COVER + "\n") and PARAGRAPHS[2] in doc.text
    assert doc.ocr_pages == (2,) and len(doc.pages) == 2
    assert not doc.ocr_at(doc.text.index(COVER))
    assert doc.ocr_at(doc.text.index(PARAGRAPHS[3]))
    assert Document.from_dict(doc.to_dict()) == doc
    assert "ocr_pages" not in Document("a", "", "", None, "", "x").to_dict()


@pytest.mark.model
def test_a_scan_built_without_ocr_is_analysed_again_with_it_and_kept(
    tmp_path: Path, nlp: Any, fake_ocr: list[int]
) -> None:
    casefile = tmp_path / "case.db"
    pdf = make_scan(tmp_path / "mixed.pdf", SCAN_PAGES[1:], cover=True)
    first = build([pdf], casefile, nlp=nlp)
    assert first.added == ["mixed.pdf"]
    again = build([pdf], casefile, nlp=nlp, ocr=True)
    assert again.updated == ["mixed.pdf"] and not again.failed
    assert build([pdf], casefile, nlp=nlp, ocr=True).unchanged == ["mixed.pdf"]
    # a build without --ocr keeps what OCR read: the same bytes, nothing new to read
    assert build([pdf], casefile, nlp=nlp).unchanged == ["mixed.pdf"]
    with Store.open(casefile, readonly=True) as store:
        (doc,) = store.documents()
        assert doc.ocr_pages == (2,) and PARAGRAPHS[3] in doc.text
        data = json.loads(export(store.load_casefile(), "json"))
    assert_exact(data)
    marked = {ev["quote"]: ev.get("ocr", False) for f in data["facts"] for ev in f["evidence"]}
    assert marked and all(marked.values()), marked  # every fact here is on the scanned page


@pytest.mark.model
def test_a_case_file_from_before_ocr_gets_the_column_and_keeps_its_documents(
    tmp_path: Path, nlp: Any, fake_ocr: list[int]
) -> None:
    casefile = tmp_path / "case.db"
    txt = tmp_path / "pilot.txt"
    txt.write_text(STORY, encoding="utf-8")
    build([txt], casefile, nlp=nlp)
    with sqlite3.connect(casefile) as conn:  # as a schema-8 case file is
        as_schema(conn, 8)
    pdf = make_scan(tmp_path / "mixed.pdf", SCAN_PAGES[1:], cover=True)
    report = build([txt, pdf], casefile, nlp=nlp, ocr=True)
    assert report.unchanged == ["pilot.txt"] and report.added == ["mixed.pdf"]
    with sqlite3.connect(casefile) as conn:
        rows = dict(conn.execute("SELECT id, ocr_pages FROM documents").fetchall())
    assert rows == {"pilot.txt": None, "mixed.pdf": "[2]"}


# --- with the real tesseract -----------------------------------------------------------------


def test_tesseract_reads_a_scan_with_its_page_layout(tmp_path: Path) -> None:
    need_tesseract()
    (doc,), errors = items_of(make_scan(tmp_path / "scan.pdf", SCAN_PAGES), ocr=True)
    assert not errors
    assert doc.ocr_pages == (1, 2) and len(doc.pages) == 2 and doc.title == TITLE
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text, doc.text
    assert doc.page_at(doc.text.index(PARAGRAPHS[3])) == 2


def test_ocr_paragraphs_stand_where_the_page_shows_them() -> None:
    """tesseract's TSV words become lines and paragraphs placed in PDF points (y up)."""
    header = "level\tpage\tblock\tpar\tline\tword\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t100\t50\t20\t96\tAna",
        "5\t1\t1\t1\t1\t2\t160\t100\t50\t20\t96\tVell",
        "5\t1\t1\t1\t2\t1\t100\t130\t50\t20\t96\tsailed.",
        "4\t1\t1\t1\t2\t0\t100\t130\t50\t20\t-1\t",
        "5\t1\t2\t1\t1\t1\t100\t3000\t50\t20\t95\t12",
        "5\t1\t2\t1\t1\t2\t100\t3000\t50\t20\t95\t ",
    ]
    per_point = 300 / 72
    first, number = ocr._paragraphs("\n".join([header, *rows]), per_point, 842.0)
    assert first.lines == ("Ana Vell", "sailed.")
    assert first.top == pytest.approx(842 - 100 / per_point)
    assert first.bottom == pytest.approx(842 - 150 / per_point)
    assert number.lines == ("12",) and number.top < first.bottom


@pytest.mark.model
def test_facts_from_a_scan_are_the_texts_and_each_is_marked_ocr(tmp_path: Path, nlp: Any) -> None:
    need_tesseract()
    txt = tmp_path / "txt" / "pilot.txt"
    txt.parent.mkdir()
    txt.write_text(STORY, encoding="utf-8")
    expected = facts_by_doc(export_of([txt], tmp_path / "txt.db", nlp))["pilot.txt"]
    casefile = tmp_path / "scan.db"
    pdf = make_scan(tmp_path / "scan.pdf", SCAN_PAGES)
    report = build([pdf], casefile, nlp=nlp, ocr=True)
    assert report.added == ["scan.pdf"] and not report.failed
    again = build([pdf], casefile, nlp=nlp, ocr=True)
    assert again.unchanged == ["scan.pdf"] and not again.added and not again.updated
    with Store.open(casefile, readonly=True) as store:
        casefile_data = store.load_casefile()
    data = json.loads(export(casefile_data, "json"))
    assert_exact(data)
    (got,) = facts_by_doc(data).values()
    assert got == expected
    evidence = [ev for f in data["facts"] for ev in f["evidence"]]
    assert evidence and all(ev.get("ocr") is True and ev["page"] in (1, 2) for ev in evidence)
    assert {ev["page"] for ev in evidence if ev["quote"] in PARAGRAPHS[2:]} == {2}
    assert ", p. 2 (OCR)]" in export(casefile_data, "markdown")
    assert ", p. 2 (OCR)]" in export(casefile_data, "html")
    from leyenda.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    with TestClient(create_app(casefile), base_url="http://127.0.0.1") as client:
        page = client.get("/timeline").text
    assert " (OCR)</a>" in page


@pytest.mark.model
def test_the_command_line_says_in_one_line_that_ocr_needs_tesseract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from leyenda.cli import main

    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = make_scan(tmp_path / "scan.pdf", SCAN_PAGES)
    txt = tmp_path / "pilot.txt"
    txt.write_text(STORY, encoding="utf-8")
    db = tmp_path / "case.db"
    assert main(["build", str(scan), str(txt), "-o", str(db), "--ocr", "--workers", "1"]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"error: {scan}: no text layer (scanned?); --ocr needs Debian's tesseract-ocr: "
        "apt-get install tesseract-ocr"
    ]
    assert "1 document(s) added" in out.out
