"""Readers for the documents journalists have besides web pages: PDF, Word, e-mail, WARC.

Each reader turns bytes (or a stream) into `Extracted` text and what the file says about
itself (title, date, author or sender); `ingest` makes the `Document`s, so every format
gets the same identity, boilerplate removal and error lines. A reader raises
`FormatError` with the reason a person reads; readers of containers (an mbox, a WARC)
yield one `FormatError` per bad message or record and go on.

PDF: pdfminer.six, not pypdf. Measured on a generated 20-page two-column PDF (fpdf2, 11 pt
Helvetica): pypdf extracts it in 0.03 s, pdfminer.six in 0.08 s (about 4 ms a page,
small next to the NLP's cost for the same text), but pypdf emits the content stream's
order: where the columns are drawn line by line across the page (as many layout programs
do) it interleaves them ("... pilot from Inspector Ruben Castell interviewed ..."), while
pdfminer's layout analysis groups each column into text boxes and reads the left column,
then the right. pdfminer also gives each box's position, which is how running headers and
footers are told from the story. Both are pure Python and well kept.

What a PDF page becomes: its text boxes in pdfminer's reading order, each box one line
(a paragraph), its lines joined by a space, a word hyphenated at a line end joined again
("investi-" + "gator" → "investigator"), runs of spaces made one. A box that is only a page
number ("12", "Page 3", "- iv -", "5 of 9") at the top or bottom of a page is dropped, and so is
the top or bottom box of a page whose text (digits aside) is the top or bottom box of at
least half the pages, two at least: a running header or footer.

A page with no text layer (a scan) is read by OCR only when the caller asks (`ocr=True`,
`leyenda build --ocr`) and Debian's tesseract-ocr is installed (`ocr`); its paragraphs
become boxes like pdfminer's, and the page's number is kept in `Extracted.ocr_pages`, so
every quote from it is marked.

Compressed containers are checked before they are unpacked, against the same size cap as
the file (`--max-size`): a Word file whose members add up past it, or a PDF with a stream
that inflates past it, is refused unread (a decompression bomb, a few kB that would fill
memory).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any, BinaryIO

#: Line spacing, as a share of the line height, under which pdfminer puts two lines in one
#: box. pdfminer's 0.5 splits ordinary 1.4-spaced body text into a box per line, which
#: its layout then orders row by row across columns; 1.0 keeps a column's paragraph whole.
PDF_LINE_MARGIN = 1.0

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—]*(?:(?:page|p\.|pg\.?)\s*)?"
    r"(?:\d{1,4}|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))"  # 12, or a roman numeral up to xxxix
    r"(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—]*$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
#: Where a PDF stream's data begins: the keyword and its end of line (`endstream` aside).
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
#: How much compressed data is inflated at a time when a stream's size is measured.
_INFLATE_CHUNK = 1024 * 1024

#: What a PDF page with no text layer says without OCR, and with `--ocr` but no tesseract.
NO_TEXT_LAYER = "no text layer (scanned?)"


class FormatError(Exception):
    """Why a file, or one page, message or record of it, cannot be read."""

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.reason = reason
        self.where = where


@dataclass(frozen=True)
class Extracted:
    """One document's text as a reader found it.

    `pages`: for a paged format, the text of each page (then `text` is empty and `ingest`
    joins them, keeping where each page starts); `html`: for a web archive, the page's bytes,
    which go through the same path as an `.html` file; `raw`: the bytes whose sha256 is the
    document's identity; `key`: what tells it from the other documents of its file
    (a message or record number, a record id); `where`: how an error names it.
    """

    text: str = ""
    pages: tuple[str, ...] = ()
    html: bytes | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    raw: bytes = b""
    key: str = ""
    where: str = ""
    problems: tuple[str, ...] = ()  # pages that could not be read, "page 3: why"
    ocr_pages: tuple[int, ...] = ()  # the pages (from 1) whose text OCR read


def _iso_date(value: datetime | None) -> str | None:
    return value.date().isoformat() if isinstance(value, datetime) else None


# --- PDF -----------------------------------------------------------------------------------


def _pdf_text(value: Any) -> str | None:
    """A PDF metadata value as text (PDFDocEncoding or UTF-16), None when it holds none."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        value = decode_text(value)
    if isinstance(value, str) and value.strip() and "\x00" not in value:
        return " ".join(value.split())
    return None


def _pdf_date(value: str | None) -> str | None:
    """ "D:20200213093000+01'00'" as 2020-02-13; None when it is no date."""
    m = _PDF_DATE.match(value or "")
    if not m or not m.group(2) or not m.group(3):
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).date().isoformat()
    except ValueError:
        return None


def _box_text(lines: list[str]) -> str:
    """A text box's lines as one paragraph: hyphenated line ends joined, spaces made one."""
    out = ""
    for line in lines:
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        if out and _HYPHENATED.search(out) and line[0].islower():
            out = out[:-1] + line
        elif out:
            out += " " + line
        else:
            out = line
    return out


@dataclass
class _Box:
    text: str
    top: float
    bottom: float


def _header_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _drop_running(pages: list[list[_Box]]) -> list[str]:
    """Each page's text without page numbers and running headers and footers.

    A header is an edge box that repeats on other pages *beside* a page's own text: the
    only box on a page is its body, even when every page says the same thing.
    """
    edges: Counter[str] = Counter()
    for boxes in pages:
        if len(boxes) < 2:
            continue
        top = max(boxes, key=lambda b: b.top)
        bottom = min(boxes, key=lambda b: b.bottom)
        for key in {_header_key(top.text), _header_key(bottom.text)}:
            edges[key] += 1
    needed = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in edges.items() if n >= needed}
    texts = []
    for boxes in pages:
        kept = []
        if boxes:
            top = max(boxes, key=lambda b: b.top)
            bottom = min(boxes, key=lambda b: b.bottom)
        for box in boxes:
            edge = box is top or box is bottom
            header = len(boxes) > 1 and _header_key(box.text) in running
            if edge and (_PAGE_NUMBER.match(box.text) or header):
                continue
            kept.append(box.text)
        texts.append("\n".join(kept))
    return texts


def _inflated_size(raw: bytes, start: int, budget: int) -> int:
    """How many bytes the zlib data at `start` inflates to, counted up to just past
    `budget` (never held: each piece is dropped as it is counted); 0 for data that is not
    zlib (another filter, or an encrypted stream, which pdfminer handles)."""
    inflater = zlib.decompressobj()
    size, at, pending = 0, start, b""
    while not inflater.eof and size <= budget:
        if not pending:
            if at >= len(raw):
                break
            pending, at = raw[at : at + _INFLATE_CHUNK], at + _INFLATE_CHUNK
        try:
            size += len(inflater.decompress(pending, _INFLATE_CHUNK))
        except zlib.error:
            break
        pending = inflater.unconsumed_tail
    return size


def check_pdf_streams(raw: bytes, max_bytes: int) -> None:
    """Refuse a PDF with a stream that inflates past `max_bytes` (`FormatError`), before
    pdfminer, which inflates a stream whole, reads any. Every stream is measured, found by
    its `stream` keyword in the file's bytes, so those pdfminer reads while opening the
    file (cross-reference and object streams) are measured too."""
    for found in _PDF_STREAM.finditer(raw):
        if _inflated_size(raw, found.end(), max_bytes) > max_bytes:
            raise FormatError(
                f"a stream at byte {found.start()} inflates past the "
                f"{format_size(max_bytes)} limit (--max-size): a decompression bomb?"
            )


_SIZE_UNITS = ((1024**3, "GB"), (1024**2, "MB"), (1024, "kB"))


def format_size(size: int) -> str:
    """A size in bytes as a person reads it, in the binary units `--max-size` takes."""
    for unit, name in _SIZE_UNITS:
        if size >= unit:
            return f"{size // unit} {name}" if size % unit == 0 else f"{size / unit:.1f} {name}"
    return f"{size} bytes"


def read_pdf(raw: bytes, *, max_bytes: int | None = None, ocr: bool = False) -> Extracted:
    """A PDF's text page by page, its title, author and creation date; raises `FormatError`.

    `max_bytes`: no stream may inflate past it (`check_pdf_streams`). `ocr`: pages with no
    text layer are read by OCR (`ocr.read_pages`) when tesseract is installed, and named
    in `Extracted.ocr_pages`; without tesseract they stay empty and are named in one
    problem line."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if max_bytes is not None:
        check_pdf_streams(raw, max_bytes)
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(raw)))
    except PDFPasswordIncorrect:
        raise FormatError("encrypted: this PDF cannot be read without its password") from None
    except PDFEncryptionError as err:
        raise FormatError(f"encrypted in a way that cannot be read ({err})") from None
    except Exception as err:  # pdfminer raises many kinds on a damaged file
        raise FormatError(f"not a readable PDF ({type(err).__name__}: {err})") from None
    info: dict[str, Any] = doc.info[0] if doc.info and isinstance(doc.info[0], dict) else {}
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams(line_margin=PDF_LINE_MARGIN))
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[_Box]] = []
    problems: list[str] = []
    failed: set[int] = set()
    try:
        for number, page in enumerate(PDFPage.create_pages(doc), start=1):
            boxes: list[_Box] = []
            try:
                interpreter.process_page(page)
                for item in device.get_result():
                    if isinstance(item, LTTextBox):
                        lines = [ln.get_text() for ln in item if isinstance(ln, LTTextLine)]
                        text = _box_text(lines)
                        if text:
                            boxes.append(_Box(text, item.y1, item.y0))
            except Exception as err:
                problems.append(f"page {number}: cannot be read ({type(err).__name__}: {err})")
                failed.add(number)
            pages.append(boxes)
    except Exception as err:
        raise FormatError(f"damaged PDF ({type(err).__name__}: {err})") from None
    if not pages:
        raise FormatError("a PDF with no pages")
    scanned = [n for n, boxes in enumerate(pages, start=1) if not boxes and n not in failed]
    read_by_ocr: set[int] = set()
    if ocr and scanned:
        read_by_ocr = _ocr_pages(raw, scanned, pages, problems, whole=not any(pages))
    texts = _drop_running(pages)
    if not any(t.strip() for t in texts):
        if ocr and scanned:
            raise FormatError(f"{NO_TEXT_LAYER}; OCR found no story text in it")
        raise FormatError(f"{NO_TEXT_LAYER}; leyenda reads images only with --ocr")
    return Extracted(
        pages=tuple(texts),
        title=_pdf_text(info.get("Title")),
        published=_pdf_date(_pdf_text(info.get("CreationDate"))),
        source=_pdf_text(info.get("Author")),
        raw=raw,
        problems=tuple(problems),
        ocr_pages=tuple(n for n in sorted(read_by_ocr) if texts[n - 1].strip()),
    )


def _ocr_pages(
    raw: bytes, scanned: list[int], pages: list[list[_Box]], problems: list[str], *, whole: bool
) -> set[int]:
    """Read the `scanned` pages by OCR into `pages` (their paragraphs as boxes); the pages
    that got text. Without tesseract, a PDF with no text page (`whole`) is refused in one
    line (`FormatError`), and scanned pages among text pages are named in `problems`."""
    from . import ocr

    if not ocr.available():
        if whole:
            raise FormatError(f"{NO_TEXT_LAYER}; {ocr.NEEDS_TESSERACT}")
        named = ", ".join(str(n) for n in scanned)
        problems.append(
            f"page{'s' if len(scanned) > 1 else ''} {named}: {NO_TEXT_LAYER}; {ocr.NEEDS_TESSERACT}"
        )
        return set()
    got: set[int] = set()
    try:
        for number, paragraphs in ocr.read_pages(raw, scanned):
            if isinstance(paragraphs, ocr.OcrError):
                problems.append(f"page {number}: {paragraphs}")
                continue
            for paragraph in paragraphs:
                text = _box_text(list(paragraph.lines))
                if text:
                    pages[number - 1].append(_Box(text, paragraph.top, paragraph.bottom))
            if pages[number - 1]:
                got.add(number)
    except ocr.OcrError as err:
        if whole:
            raise FormatError(f"{NO_TEXT_LAYER}; {err}") from None
        problems.append(f"pages {', '.join(str(n) for n in scanned)}: {err}")
    return got


# --- Word ----------------------------------------------------------------------------------


def read_docx(raw: bytes, *, max_bytes: int | None = None) -> Extracted:
    """A Word document's paragraphs, headings and tables (a row a line, cells split by
    " | "), with its core properties' title, author and creation date.

    `max_bytes`: the sizes its zip members unpack to may not add up past it (python-docx
    unpacks every member); zipfile stops a member at its stated size, so the sizes the
    file states are what unpacking can cost."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    reason = "not a Word .docx file (an old .doc, a password-protected file, or damaged)"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
        if max_bytes is not None and unpacked > max_bytes:
            raise FormatError(
                f"its parts unpack to {format_size(unpacked)}, past the "
                f"{format_size(max_bytes)} limit "
                "(--max-size): a decompression bomb?"
            )
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise FormatError(f"{reason}: {err}") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell comes once for each column it spans
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                lines.append(" | ".join(cells))
    text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    if not text:
        raise FormatError("no text in this Word document")
    props = document.core_properties
    return Extracted(
        text=text,
        title=(props.title or "").strip() or None,
        published=_iso_date(props.created),
        source=(props.author or "").strip() or None,
        raw=raw,
    )


# --- e-mail --------------------------------------------------------------------------------

_QUOTE_HEAD = re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE)
_FORWARD = re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}\s*$", re.I)


def message_body(text: str) -> str:
    """A message's own words: quoted lines ("> ...") and what follows "On ... wrote:",
    an "Original Message" line or a signature separator ("-- ") are left out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if line.rstrip() == "--" or _FORWARD.match(line):
            break
        joined = line + " " + lines[i + 1] if i + 1 < len(lines) else line
        if _QUOTE_HEAD.match(line) or (
            line.lstrip().startswith("On ") and _QUOTE_HEAD.match(joined)
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _html_to_text(html: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:
        return ""
    for bad in tree.xpath("//script|//style|//blockquote"):
        bad.drop_tree()
    return "\n".join(line.strip() for line in tree.text_content().split("\n") if line.strip())


def read_message(raw: bytes, *, key: str = "", where: str = "") -> Extracted:
    """One e-mail message: its own words as text, subject as title, `Date:` as published,
    the sender as source; raises `FormatError` for a message with no body."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    subject = _header(msg, "Subject")
    label = f"{where} ('{subject}')" if where and subject else where
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        content = part.get_content() if part is not None else ""
    except (LookupError, ValueError, AssertionError) as err:
        raise FormatError(f"its body cannot be decoded ({err})", label) from None
    if not isinstance(content, str):
        content = ""
    if part is not None and part.get_content_type() == "text/html":
        content = _html_to_text(content)
    body = message_body(content)
    if not body:
        raise FormatError(
            "a message with no body (nothing but headers, quotes or a signature)", label
        )
    published = None
    try:
        date_header = msg["Date"]
        published = _iso_date(getattr(date_header, "datetime", None)) if date_header else None
    except (TypeError, ValueError):
        published = None
    return Extracted(
        text=body,
        title=subject,
        published=published,
        source=_header(msg, "From"),
        raw=raw,
        key=key,
        where=label,
    )


def _header(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg[name]
    except (TypeError, ValueError, IndexError):
        return None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def mbox_messages(f: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, bytes) of each message of an mbox, read line by line (a mailbox can be far
    larger than memory); None in place of a message over `max_bytes`. ">From " lines are
    unquoted (mboxrd)."""
    number, size, too_big = 0, 0, False
    parts: list[bytes] = []
    previous_blank = True
    for line in iter(lambda: f.readline(1024 * 1024), b""):
        if line.startswith(b"From ") and previous_blank:
            if number:
                yield number, None if too_big else b"".join(parts)
            number, size, parts, too_big = number + 1, 0, [], False
            previous_blank = False
            continue
        previous_blank = not line.strip()
        if not number:
            continue  # text before the first "From " line is no message
        if re.match(rb">+From ", line):
            line = line[1:]
        size += len(line)
        if size > max_bytes:
            too_big, parts = True, []
        elif not too_big:
            parts.append(line)
    if number:
        yield number, None if too_big else b"".join(parts)


# --- WARC ----------------------------------------------------------------------------------


def warc_pages(f: BinaryIO, max_bytes: int) -> Iterator[Extracted | FormatError]:
    """Every HTML response of a web archive (`.warc`, `.warc.gz`), streamed: its bytes, the
    target URI as source and the capture date as `published` (`ingest` keeps the page's own
    date over it). A record that cannot be read is a `FormatError` naming it; an archive
    damaged past a record ends there, with one error."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    records = iter(ArchiveIterator(f))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as err:
            yield FormatError(
                f"corrupt record ({err}); the rest of the archive is not read",
                f"record {number + 1}",
            )
            return
        number += 1
        if record.rec_type != "response" or record.http_headers is None:
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        where = f"record {number} ({uri})" if uri else f"record {number}"
        status = record.http_headers.get_statuscode() or ""
        ctype = (record.http_headers.get_header("Content-Type") or "").lower()
        if not status.startswith("2") or "html" not in ctype:
            continue
        try:
            payload = record.content_stream().read(max_bytes + 1)
        except Exception as err:  # a bad gzip or chunked transfer in the payload
            yield FormatError(f"corrupt payload ({type(err).__name__}: {err})", where)
            continue
        if len(payload) > max_bytes:
            yield FormatError("larger than the size limit (--max-size)", where)
            continue
        captured = record.rec_headers.get_header("WARC-Date") or ""
        m = re.match(r"^\d{4}-\d{2}-\d{2}", captured)
        yield Extracted(
            html=payload,
            source=uri or None,
            published=m.group(0) if m else None,
            raw=payload,
            key=record.rec_headers.get_header("WARC-Record-ID") or str(number),
            where=where,
        )
