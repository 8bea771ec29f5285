"""Inputs → `Document`s: files (text, HTML, PDF, Word, e-mail, web archives), folders, manifests.

`iter_documents` is the one way text enters leyenda. It reads, in order:

1. each input as given: a file (.txt, .md, .html, .htm, .pdf, .docx, .eml; .mbox, .warc and
   .warc.gz hold many documents, each message or HTML record one), a folder (every supported
   file in it, recursively, in sorted order; hidden files and other types are skipped), or a
   `.jsonl` manifest (one JSON object per line, see `../shared/SPEC.md`), whose paths
   must stay inside its folder unless `allow_outside` (a manifest is data someone may send);
2. the file's raw bytes, whose sha256 is the document's identity across builds: regular
   files only (a FIFO would block, /dev/zero never end), at most `max_bytes`, checked
   before the file is read (`_open_regular`); a manifest is read line by line, each line
   under the same cap;
3. the text: UTF-8 (BOM stripped, newlines normalised) for plain text, trafilatura's main
   text for HTML, with its title and original publication date; `formats` for PDF (page by
   page: `Document.pages` holds where each starts), Word, e-mail and web archives, with the
   title, date and author or sender they give; mailboxes and archives are streamed, the size
   cap on each message or record;
4. boilerplate lines removed (`boilerplate.strip_boilerplate`);
5. manifest fields over what the file says (id, title, source, published);
6. an id: the manifest id, else the file name; when documents from more than one origin
   (file, or manifest line of inline text) want the same id in one run, each gets `#` and
   8 hex digits of a hash of its origin (`origin_id`), so ids do not depend on the order
   of the inputs. `Document.path` holds the origin: `pipeline.build` replaces the stored
   document of the same origin and keeps documents of other origins apart.

An input that cannot be read becomes an `InputError` naming it and saying why, yielded in
its place; it never raises, so the rest of the batch goes on. Names taken from the file
system are kept `errors.printable` in documents (a name that is not UTF-8 could not be
stored) and errors (one line, no terminal control).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import lxml.etree
import lxml.html
import trafilatura

from . import formats
from .boilerplate import strip_boilerplate
from .errors import InputError, printable
from .formats import format_size
from .model import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIX = ".pdf"
DOCX_SUFFIX = ".docx"
EMAIL_SUFFIX = ".eml"
#: Files that hold many documents: each message of a mailbox, each page of a web archive.
CONTAINER_SUFFIXES = (".mbox", ".warc", ".warc.gz")
MANIFEST_SUFFIX = ".jsonl"
DOCUMENT_SUFFIXES = (
    TEXT_SUFFIXES + HTML_SUFFIXES + (PDF_SUFFIX, DOCX_SUFFIX, EMAIL_SUFFIX) + CONTAINER_SUFFIXES
)

#: Manifest fields that must be strings when present (null counts as absent).
MANIFEST_FIELDS = ("path", "text", "id", "title", "source", "published")

#: A title taken from the first line of a text is cut to this many characters: the first
#: line of an article without a headline is a whole sentence, too long to be a title.
TITLE_MAX_CHARS = 200

#: How many leading bytes of an HTML page are searched for its declared charset (and of
#: any file, for what shows it is not text).
CHARSET_SNIFF_BYTES = 4096

#: How much is read at a time where a file is only scanned (a line past the size cap
#: read to its end, lines counted for progress).
_SKIP_CHUNK = 1024 * 1024

#: htmldate settings: the original publication date (not the last update), from markup
#: only (no opportunistic text search), so the result is offline and deterministic.
HTML_DATE_CONFIG: dict[str, Any] = {"extensive_search": False, "original_date": True}

_UNSUPPORTED = (
    "use .txt, .md, .html, .pdf, .docx, .eml, .mbox, .warc, .warc.gz or a .jsonl manifest"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*|\s+#+\s*$")
_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


class _Unreadable(Exception):
    """Why one input cannot become a document; turned into an `InputError` by the caller."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


@dataclass(frozen=True)
class _Fields:
    """What a manifest line says about its document; None where it says nothing."""

    id: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None


def normalise_published(value: object) -> str | None:
    """A publication date as YYYY-MM-DD, from YYYY-MM-DD or a full ISO datetime.

    The date is the one written (no time-zone conversion): "2020-02-13T23:30:00-08:00" is
    the 13th, as the source dated it. Raises ValueError with the reason for anything else.
    """
    if value is None:
        return None
    bad = ValueError(f"bad date '{value}' (use YYYY-MM-DD)")
    if not isinstance(value, str):
        raise bad
    text = value.strip()
    if not text:
        return None
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text).isoformat()
        if _ISO_DATETIME.match(text):
            # Python 3.10 does not read a "Z" suffix
            return datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text)).date().isoformat()
    except ValueError:
        raise bad from None
    raise bad


#: Inputs larger than this are refused unread (`--max-size`): a book is a few MB, and
#: anything far larger is more likely a mistake (a disk image, a device) than an article.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: UTF-16 without a byte-order mark, told from binary data by where its NULs are: ASCII and
#: Latin letters have a NUL high byte, so at least this share of the leading bytes at even
#: (big-endian) or odd (little-endian) offsets are NUL, and almost none at the others.
#: Binary formats have NULs at both. 0.4 leaves room for non-Latin letters in Latin text.
UTF16_NUL_SHARE = 0.4

#: HTML is parsed a second time without libxml2's depth limit (255 levels) when the first
#: parse finds no text: a page nested deeper loses everything below the limit.
_DEEP_HTML_PARSER = lxml.html.HTMLParser(
    huge_tree=True, collect_ids=False, remove_comments=True, remove_pis=True, encoding="utf-8"
)


@dataclass(frozen=True)
class _Limits:
    """What a run may read: files (and manifest lines, and what a compressed file unpacks
    to) up to `max_bytes`; files a manifest lists only inside its folder unless
    `allow_outside`; scanned PDF pages only with `ocr`. `clashing`: the ids more than one
    origin wants in this run (`_clashing_ids`)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    allow_outside: bool = False
    ocr: bool = False
    clashing: frozenset[str] = frozenset()


def iter_documents(
    inputs: Sequence[str | Path],
    *,
    max_bytes: int | None = None,
    allow_outside: bool = False,
    ocr: bool = False,
) -> Iterator[Document | InputError]:
    """Every document the inputs hold, in order, or an `InputError` in place of a bad one.

    `max_bytes` (default `DEFAULT_MAX_BYTES`) refuses larger files; `allow_outside` lets a
    manifest list files outside its own folder; `ocr` reads PDF pages that have no text
    layer through tesseract (`formats.read_pdf`), marking them in `Document.ocr_pages`.
    """
    clashing = frozenset(_clashing_ids(inputs))
    limits = _Limits(
        DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, allow_outside, ocr, clashing
    )
    taken: set[str] = set()
    seen: set[tuple[Path, _Fields]] = set()
    for given in inputs:
        for item in _read_input(Path(given), seen, limits):
            if isinstance(item, InputError):
                log.debug("input error: %s", item)
                yield item
            else:
                if item.id in clashing:
                    item = replace(item, id=origin_id(item.id, item.path))
                yield _with_unique_id(item, taken)


def origin_id(wanted: str, origin: str) -> str:
    """The id of a document whose wanted id another origin also wants: the id with a hash
    of where the document comes from, so it is the same whatever order the inputs come in
    and stays the same when the file is edited."""
    return f"{wanted}#{hashlib.sha256(origin.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def file_origin(path: Path) -> str:
    """Where a file's document comes from: its resolved path. A later build of the same
    origin replaces the document; the same name in another folder is another document."""
    try:
        return printable(str(path.resolve()))  # `_text_document`: storable, one line
    except (OSError, RuntimeError):  # a symlink loop: the path as given
        return printable(str(path.absolute()))


def inline_origin(manifest: Path, wanted_id: str | None, lineno: int) -> str:
    """The origin of a manifest's inline text: the manifest and the line's id (its line
    number when it has none, so inserting a line above re-adds rather than replaces)."""
    return f"{file_origin(manifest)}:{wanted_id if wanted_id else lineno}"


def _clashing_ids(inputs: Sequence[str | Path]) -> set[str]:
    """Ids that documents from more than one origin want in this run, found by listing the
    inputs without reading them, so that every one of those documents gets `origin_id`.
    A mailbox or web archive wants its name (each message or record is `NAME:KEY`), so two
    `box.mbox` in two folders clash as two `notes.txt` do."""
    origins: dict[str, set[str]] = {}
    for given in inputs:
        for wanted, origin in _wanted_ids(Path(given)):
            origins.setdefault(wanted, set()).add(origin)
    return {wanted for wanted, where in origins.items() if len(where) > 1}


def _wanted_ids(path: Path) -> Iterator[tuple[str, str]]:
    """(wanted id, origin) of each document an input lists; what cannot be read is left to
    `_read_input` to report."""
    try:
        if path.is_dir():
            for p in _folder_files(path):
                yield printable(p.name), file_origin(p)
        elif path.suffix.lower() == MANIFEST_SUFFIX and path.is_file():
            for lineno, line in _manifest_lines(path):
                if isinstance(line, _Unreadable):
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if not isinstance(obj, dict):
                    continue
                wanted = obj.get("id") if isinstance(obj.get("id"), str) else None
                rel, inline = obj.get("path"), obj.get("text")
                if isinstance(inline, str) and rel is None:
                    default = printable(f"{path.name}:{lineno}")
                    yield wanted or default, inline_origin(path, wanted, lineno)
                elif isinstance(rel, str) and rel and inline is None:
                    target = path.parent / rel
                    yield wanted or printable(target.name), file_origin(target)
        else:
            yield printable(path.name), file_origin(path)
    except (OSError, ValueError):
        return


def count_inputs(inputs: Sequence[str | Path]) -> int:
    """About how many documents the inputs hold, without reading them: for progress only.

    A folder counts its supported files, a manifest its non-empty lines, anything else one.
    """
    total = 0
    for given in inputs:
        path = Path(given)
        try:
            if path.is_dir():
                total += sum(
                    1
                    for p in path.rglob("*")
                    if file_suffix(p) in DOCUMENT_SUFFIXES and p.is_file()
                )
            elif path.suffix.lower() == ".jsonl" and path.is_file():
                with path.open("rb") as f:
                    total += _count_lines(f)
            else:
                total += 1
        except OSError:
            total += 1
    return total


def file_suffix(path: Path) -> str:
    """The suffix that says what a file is, lower case: ".warc.gz" for a compressed web
    archive, else the last one."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _count_lines(f: BinaryIO) -> int:
    """The non-blank lines of a file, read in pieces: one huge line is no reason to hold it."""
    count, has_text = 0, False
    while chunk := f.read(_SKIP_CHUNK):
        *ended, rest = chunk.split(b"\n")
        for line in ended:
            count += has_text or bool(line.strip())
            has_text = False
        has_text = has_text or bool(rest.strip())
    return count + has_text


def _with_unique_id(doc: Document, taken: set[str]) -> Document:
    """The document with an id no earlier document of this run has."""
    candidate = doc.id
    if candidate in taken:
        base = f"{doc.id}#{doc.sha256[:8]}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return doc if candidate == doc.id else replace(doc, id=candidate)


def _read_input(
    path: Path, seen: set[tuple[Path, _Fields]], limits: _Limits
) -> Iterator[Document | InputError]:
    """One input as given on the command line: a file, a folder or a manifest."""
    try:
        if not path.exists():
            yield InputError(str(path), _why_missing(path) or "no such file or folder")
        elif path.is_dir():
            yield from _read_folder(path, seen, limits)
        elif path.suffix.lower() == MANIFEST_SUFFIX:
            yield from _read_manifest(path, seen, limits)
        else:
            yield from _read_once(path, _Fields(), seen, limits)
    except OSError as err:
        yield InputError(str(path), f"cannot read: {err.strerror or err}")


def _why_missing(path: Path) -> str | None:
    """Why a path that `exists()` says is not there cannot be read, when it is a link:
    "symlink loop" or "broken symlink"; None for a path that is simply not there."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symlink loop"
        if path.is_symlink():
            return f"broken symlink (to {os.readlink(path)}, not found)"
    return None


def _read_once(
    path: Path, fields: _Fields, seen: set[tuple[Path, _Fields]], limits: _Limits
) -> Iterator[Document | InputError]:
    """A file as a document, unless this run already read the same file with the same fields."""
    try:
        key = (path.resolve(), fields)
    except RuntimeError:  # Python < 3.13 on a symlink loop
        yield InputError(str(path), "symlink loop")
        return
    if key in seen:
        return
    seen.add(key)
    try:
        yield from _read_path(path, fields, limits)
    except _Unreadable as bad:
        yield InputError(bad.path or str(path), bad.reason)
    except OSError as err:
        yield InputError(str(path), f"cannot read: {err.strerror or err}")


def _folder_files(folder: Path) -> list[Path]:
    """Every supported, non-hidden file under the folder, sorted by its path in the folder."""
    return sorted(
        (
            p
            for p in folder.rglob("*")
            if file_suffix(p) in DOCUMENT_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
            and p.is_file()
        ),
        key=lambda p: p.relative_to(folder).parts,
    )


def _read_folder(
    folder: Path, seen: set[tuple[Path, _Fields]], limits: _Limits
) -> Iterator[Document | InputError]:
    """Every supported, non-hidden file under the folder, sorted by its path in the folder."""
    found = _folder_files(folder)
    if not found:
        kinds = ", ".join(DOCUMENT_SUFFIXES)
        yield InputError(str(folder), f"no documents in this folder (none of {kinds})")
    for path in found:
        yield from _read_once(path, _Fields(), seen, limits)


def _read_manifest(
    manifest: Path, seen: set[tuple[Path, _Fields]], limits: _Limits
) -> Iterator[Document | InputError]:
    """The documents a `.jsonl` manifest lists; a bad line is an error naming its number.

    Lines are read one at a time: a manifest with an archive's texts inline can be larger
    than the memory a build needs.
    """
    for lineno, line in _manifest_lines(manifest, limits.max_bytes):
        if isinstance(line, _Unreadable):
            where = f"manifest line {lineno}: " if lineno else ""
            yield InputError(str(manifest), where + line.reason)
            continue
        try:
            entry = _manifest_entry(manifest, lineno, line, allow_outside=limits.allow_outside)
        except _Unreadable as bad:
            yield InputError(str(manifest), f"manifest line {lineno}: {bad.reason}")
            continue
        target, fields, inline = entry
        if inline is not None:
            try:
                yield _text_document(
                    inline,
                    inline.encode("utf-8"),
                    fields,
                    default_id=f"{manifest.name}:{lineno}",
                    path=str(manifest),
                    origin=inline_origin(manifest, fields.id, lineno),
                )
            except _Unreadable as bad:
                yield InputError(str(manifest), f"manifest line {lineno}: {bad.reason}")
        elif target is not None:
            yield from _read_once(target, fields, seen, limits)


def _manifest_lines(
    manifest: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, str | _Unreadable]]:
    """(line number, text) of every non-blank line, as `_decode_text` would split the
    whole file (BOM stripped; CRLF, LF and CR all end a line); a line that is not UTF-8,
    holds a NUL byte or is longer than `max_bytes` is an error of its own (the long one is
    skipped unread, so it cannot fill memory). What makes the whole file unreadable (not a
    regular file, empty, UTF-16, binary from its start, only blank lines) comes with line
    number 0, and ends the reading."""
    lineno = 0
    anything = False  # a line with text, or a line in error
    try:
        f = _open_regular(manifest)
    except _Unreadable as bad:
        yield 0, bad
        return
    with f:
        head = f.read(CHARSET_SNIFF_BYTES)
        try:
            _check_start(head, head.split(b"\n", 1)[0])
        except _Unreadable as bad:
            yield 0, bad
            return
        f.seek(0)
        for at, raw in _capped_lines(f, max_bytes):
            if raw is None:
                lineno, anything = lineno + 1, True
                yield (
                    lineno,
                    _Unreadable(f"longer than the {format_size(max_bytes)} limit (--max-size)"),
                )
                continue
            body = raw.removesuffix(b"\n").removesuffix(b"\r") if raw.endswith(b"\n") else raw
            if b"\x00" in body:
                lineno, anything = lineno + 1, True
                nul = at + body.index(b"\x00")
                yield lineno, _Unreadable(f"NUL byte at offset {nul} (binary data)")
                continue
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as err:
                lineno, anything = lineno + 1, True
                yield lineno, _utf8_error(body, err, at)
                continue
            if at == 0:
                text = text.removeprefix("\ufeff")
            for line in text.split("\r") if "\r" in text else (text,):
                lineno += 1
                if line.strip():
                    anything = True
                    yield lineno, line
    if not anything:
        yield 0, _Unreadable("empty file (only whitespace)")


def _capped_lines(f: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line with its end) of each line of the file; None in place of a line longer
    than `max_bytes` (its end not counted), which is read past in pieces, never held."""
    at = 0
    while raw := f.readline(max_bytes + 2):
        if len(raw.removesuffix(b"\n").removesuffix(b"\r")) <= max_bytes:
            yield at, raw
        else:
            while raw and not raw.endswith(b"\n"):
                raw = f.readline(_SKIP_CHUNK)
            yield at, None
        at = f.tell()


def _manifest_entry(
    manifest: Path, lineno: int, line: str, *, allow_outside: bool = False
) -> tuple[Path | None, _Fields, str | None]:
    """One manifest line as (file to read, fields, inline text); raises `_Unreadable`.

    A manifest is data someone may send: unless `allow_outside`, its paths must resolve
    (symlinks followed) inside its own folder, or `../../secret/key.txt` and `/etc/passwd`
    would land in the case file and every export.
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise _Unreadable(f"invalid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(obj, dict):
        raise _Unreadable(f"expected a JSON object, got {type(obj).__name__}")
    values: dict[str, str | None] = {}
    for name in MANIFEST_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise _Unreadable(f"'{name}' must be a string, got {json.dumps(value)}")
        if value is not None and not _is_unicode(value):
            # JSON's "\\ud800" escapes give lone surrogates, which no database stores
            raise _Unreadable(f"'{name}' holds a lone surrogate escape, not text")
        values[name] = value
    try:
        published = normalise_published(values["published"])
    except ValueError as err:
        raise _Unreadable(str(err)) from None
    fields = _Fields(
        id=values["id"] or None,
        title=values["title"] or None,
        source=values["source"] or None,
        published=published,
    )
    rel, inline = values["path"], values["text"]
    if rel is not None and inline is not None:
        raise _Unreadable("give 'path' or 'text', not both")
    if inline is not None:
        if not inline.strip():
            raise _Unreadable("'text' is empty")
        return None, fields, inline
    if not rel:
        raise _Unreadable("needs a 'path' (relative to the manifest's folder) or a 'text'")
    if "\x00" in rel:
        raise _Unreadable("'path' holds a NUL character")
    target = manifest.parent / rel
    try:
        if not allow_outside and not _inside(target, manifest.parent):
            raise _Unreadable(
                f"'{rel}' is outside the manifest's folder (refused; --allow-outside reads it)"
            )
        if not target.exists():
            why = _why_missing(target)
            raise _Unreadable(
                f"'{rel}' is a {why}" if why else f"no such file '{rel}' (looked for {target})"
            )
        if target.is_dir():
            raise _Unreadable(
                f"'{rel}' is a folder; list its files, or give the folder as an input"
            )
    except OSError as err:
        raise _Unreadable(f"cannot read '{rel}': {err.strerror or err}") from None
    if target.suffix.lower() == MANIFEST_SUFFIX:
        raise _Unreadable(f"'{rel}' is a manifest; a manifest lists documents, not manifests")
    return target, fields, None


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _inside(target: Path, folder: Path) -> bool:
    """Whether `target`, its symlinks followed, is in `folder` (an absolute path counts
    where it points)."""
    return Path(os.path.realpath(target)).is_relative_to(os.path.realpath(folder))


def _read_path(
    path: Path, fields: _Fields, limits: _Limits = _Limits()
) -> Iterator[Document | InputError]:
    """The documents of one file: one, or each message or page of a mailbox or web archive;
    for a PDF, an error line for each page that could not be read after its document."""
    suffix = file_suffix(path)
    if suffix in CONTAINER_SUFFIXES:
        yield from _read_container(path, suffix, fields, limits)
    elif suffix == PDF_SUFFIX:
        raw = _read_capped(path, limits.max_bytes)
        extracted = _extract(_reader(suffix, limits), raw)
        yield _extracted_document(extracted, fields, path=path, default_id=path.name)
        for problem in extracted.problems:
            yield InputError(str(path), problem)
    else:
        yield _read_file(path, fields, limits)


def _reader(suffix: str, limits: _Limits) -> Callable[[bytes], formats.Extracted]:
    """The `formats` reader of a PDF, Word file or message, with the run's limits."""
    if suffix == PDF_SUFFIX:
        return lambda raw: formats.read_pdf(raw, max_bytes=limits.max_bytes, ocr=limits.ocr)
    if suffix == DOCX_SUFFIX:
        return lambda raw: formats.read_docx(raw, max_bytes=limits.max_bytes)
    return formats.read_message


def _extract(reader: Callable[[bytes], formats.Extracted], raw: bytes) -> formats.Extracted:
    try:
        return reader(raw)
    except formats.FormatError as bad:
        raise _Unreadable(str(bad)) from None


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, refused past `max_bytes`."""
    with _open_regular(path, max_bytes) as f:
        raw = f.read(max_bytes + 1)  # one byte past the cap: a file growing as it is read
    if len(raw) > max_bytes:
        raise _Unreadable(f"larger than the {format_size(max_bytes)} limit (--max-size)")
    return raw


def _extracted_document(
    got: formats.Extracted,
    fields: _Fields,
    *,
    path: Path,
    default_id: str,
    origin: str | None = None,
) -> Document:
    """A document from what a reader of `formats` extracted: its text (or pages, each
    cleaned of boilerplate on its own, so each page's start offset is known), the title,
    date and author or sender it found."""
    origin = origin or file_origin(path)
    source = fields.source or got.source or str(path)
    if got.html is not None:
        doc = _html_document(
            got.html,
            replace(fields, source=source),
            path=source,
            default_id=default_id,
            origin=origin,
        )
        return doc if doc.published else replace(doc, published=fields.published or got.published)
    merged = _Fields(
        id=fields.id,
        title=fields.title or got.title,
        source=source,
        published=fields.published or got.published,
    )
    if not got.pages:
        return _text_document(
            got.text, got.raw, merged, default_id=default_id, path=str(path), origin=origin
        )
    texts, starts, at = [], [], 0
    for page in got.pages:
        clean = strip_boilerplate(page).strip("\n")
        starts.append(at)
        texts.append(clean)
        at += len(clean) + 1  # the newline that joins it to the next page
    text = "\n".join(texts)
    if not text.strip():
        raise _Unreadable("no story text left after removing boilerplate lines")
    return Document(
        id=fields.id or printable(default_id),
        title=merged.title or _title_from_text(text),
        source=printable(source),
        published=merged.published,
        sha256=hashlib.sha256(got.raw).hexdigest(),
        text=text,
        path=printable(origin),
        pages=tuple(starts),
        ocr_pages=got.ocr_pages,
    )


def _read_container(
    path: Path, suffix: str, fields: _Fields, limits: _Limits
) -> Iterator[Document | InputError]:
    """Each message of an mbox, each HTML page of a web archive, read as a stream: the size
    cap is on each message or record, not on the file (a crawl is many gigabytes). Each
    is `NAME:KEY` (a manifest's id for NAME), NAME with `origin_id` when another origin
    of this run wants it too (`_clashing_ids`)."""
    origin = file_origin(path)
    max_bytes = limits.max_bytes
    base = fields.id or printable(path.name)
    if base in limits.clashing:
        base = origin_id(base, origin)
    fields = replace(fields, id=None)  # each message or record has its own id
    with _open_regular(path) as f:
        if suffix == ".mbox":
            items: Iterator[formats.Extracted | formats.FormatError] = _mbox_items(f, max_bytes)
        else:
            items = formats.warc_pages(f, max_bytes)
        count = 0
        for number, item in enumerate(items, start=1):
            if isinstance(item, formats.FormatError):
                yield InputError(str(path), str(item))
                continue
            count += 1
            try:
                yield _extracted_document(
                    item,
                    fields,
                    path=path,
                    default_id=f"{base}:{item.key or number}",
                    origin=f"{origin}#{item.key or number}",
                )
            except _Unreadable as bad:
                yield InputError(str(path), f"{item.where}: {bad.reason}")
    if not count:
        what = "messages" if suffix == ".mbox" else "HTML pages"
        yield InputError(str(path), f"no {what} in this file")


def _mbox_items(f: BinaryIO, max_bytes: int) -> Iterator[formats.Extracted | formats.FormatError]:
    for number, raw in formats.mbox_messages(f, max_bytes):
        where = f"message {number}"
        if raw is None:
            yield formats.FormatError(
                f"larger than the {format_size(max_bytes)} limit (--max-size)", where
            )
            continue
        try:
            yield formats.read_message(raw, key=str(number), where=where)
        except formats.FormatError as bad:
            yield bad


def _read_file(path: Path, fields: _Fields, limits: _Limits = _Limits()) -> Document:
    """One .txt, .md, .html, .pdf, .docx or .eml file as a document; raises `_Unreadable`."""
    suffix = file_suffix(path)
    if suffix not in DOCUMENT_SUFFIXES or suffix in CONTAINER_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "(no file extension)"
        raise _Unreadable(f"unsupported file type {shown} ({_UNSUPPORTED})")
    raw = _read_capped(path, limits.max_bytes)
    if suffix in (PDF_SUFFIX, DOCX_SUFFIX, EMAIL_SUFFIX):
        return _extracted_document(
            _extract(_reader(suffix, limits), raw), fields, path=path, default_id=path.name
        )
    if suffix in HTML_SUFFIXES:
        return _html_document(
            raw, fields, path=str(path), default_id=path.name, origin=file_origin(path)
        )
    return _text_document(
        _decode_text(raw),
        raw,
        fields,
        default_id=path.name,
        path=str(path),
        origin=file_origin(path),
    )


#: What `stat` calls what is not a regular file, for the reason given.
_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe, FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _check_regular(info: os.stat_result, max_bytes: int | None) -> None:
    """Refuse what is not a regular file (a FIFO blocks the read, /dev/zero never ends)
    and a file larger than `max_bytes`, before a byte of it is read."""
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "not a file")
        raise _Unreadable(f"not a regular file ({kind}); only files are read")
    if max_bytes is not None and info.st_size > max_bytes:
        raise _Unreadable(
            f"{format_size(info.st_size)}, larger than the {format_size(max_bytes)} limit "
            "(--max-size)"
        )


def _open_regular(path: Path, max_bytes: int | None = None) -> BinaryIO:
    """A regular file opened for reading, else `_Unreadable` (`_check_regular`).

    `stat` first, so a FIFO or a device is never opened; then opened without blocking and
    checked again on the open file, in case the path was swapped for one in between.
    """
    _check_regular(path.stat(), max_bytes)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    f = os.fdopen(fd, "rb")
    try:
        _check_regular(os.fstat(fd), max_bytes)
    except BaseException:
        f.close()
        raise
    return f


def _check_start(head: bytes, first_line: bytes) -> None:
    """A file that is not text from its start, told apart before any decoding is tried:
    empty, UTF-16 (with a byte-order mark or without), or binary (a NUL in the first line;
    or a first line that is not UTF-8 with NULs soon after, as in an image)."""
    if not head:
        raise _Unreadable("empty file")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Unreadable("UTF-16 text, not UTF-8 (save it as UTF-8)")
    if _looks_utf16(head):
        raise _Unreadable("UTF-16 text without a byte-order mark, not UTF-8 (save it as UTF-8)")
    if b"\x00" in first_line:
        raise _Unreadable("binary file, not text")
    if b"\x00" in head:
        try:
            first_line.decode("utf-8")
        except UnicodeDecodeError:
            raise _Unreadable("binary file, not text") from None


def _looks_utf16(head: bytes) -> bool:
    """NULs at one parity of offsets and (almost) none at the other (`UTF16_NUL_SHARE`)."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return False
    shares = sorted((even.count(0) / len(even), odd.count(0) / len(odd)))
    return shares[1] >= UTF16_NUL_SHARE and shares[0] <= 0.05 * shares[1]


def _check_bytes(raw: bytes) -> None:
    """Empty, UTF-16 and binary input, told apart before any decoding is tried."""
    _check_start(raw[:CHARSET_SNIFF_BYTES], raw[:CHARSET_SNIFF_BYTES])
    if b"\x00" in raw:
        raise _Unreadable("binary file, not text")


def _utf8_error(raw: bytes, err: UnicodeDecodeError, at: int = 0) -> _Unreadable:
    """The error for bytes that are not UTF-8; `at`: where `raw` starts in its file."""
    return _Unreadable(f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {at + err.start})")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(raw: bytes) -> str:
    """UTF-8 bytes as text: BOM stripped, newlines as \\n. Raises `_Unreadable`."""
    _check_bytes(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _utf8_error(raw, err) from None
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise _Unreadable("empty file (only whitespace)")
    return text


def _decode_html(raw: bytes) -> str:
    """An HTML page as text: UTF-8, else the charset the page declares. Raises `_Unreadable`.

    No guessing: a page that is not UTF-8 and declares nothing is an error, so the same
    bytes always give the same text.
    """
    _check_bytes(raw)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        declared = _CHARSET.search(raw[:CHARSET_SNIFF_BYTES])
        if declared is None:
            raise _utf8_error(raw, err) from None
        charset = declared.group(1).decode("ascii", "replace")
        try:
            return raw.decode(charset)
        except LookupError:
            raise _Unreadable(f"unknown charset '{charset}' declared in the page") from None
        except UnicodeDecodeError as err2:
            raise _Unreadable(
                f"not valid {charset} as the page declares "
                f"(byte 0x{raw[err2.start]:02x} at offset {err2.start})"
            ) from None


def _title_from_text(text: str) -> str:
    """The first non-empty line, without markdown heading marks, as a title."""
    for line in text.split("\n"):
        title = _MD_HEADING.sub("", line).strip()
        if title:
            if len(title) > TITLE_MAX_CHARS:
                title = title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
            return title
    return ""


def _text_document(
    text: str,
    raw: bytes,
    fields: _Fields,
    *,
    default_id: str,
    path: str,
    origin: str,
    title: str | None = None,
    published: str | None = None,
) -> Document:
    """A document from decoded text; `title`/`published` are what the file itself said.

    `path` (as given) is the default source; `origin` (`file_origin`, `inline_origin`)
    becomes `Document.path`, what a later build recognises the document by."""
    clean = strip_boilerplate(text)
    if not clean.strip():
        raise _Unreadable("no story text left after removing boilerplate lines")
    # names from the file system `printable`: storable (a name that is not UTF-8 comes as
    # surrogate escapes, which SQLite refuses) and safe to show
    return Document(
        id=fields.id or printable(default_id),
        title=fields.title or title or _title_from_text(clean),
        source=fields.source or printable(path),
        published=fields.published or published,
        sha256=hashlib.sha256(raw).hexdigest(),
        text=clean,
        path=printable(origin),
    )


def _main_text(tree: Any) -> str | None:
    """trafilatura's main text of a parsed page: no comments, tables, images or links."""
    text: str | None = trafilatura.extract(
        tree,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        output_format="txt",
    )
    return text


def _html_document(
    raw: bytes, fields: _Fields, *, path: str, default_id: str, origin: str
) -> Document:
    """An HTML page's main text, title and original publication date as a document."""
    html = _decode_html(raw)
    # a parsed tree, never the string: htmldate fetches a string that looks like a URL
    tree = trafilatura.load_html(html)
    if tree is None:
        raise _Unreadable("no article text found in HTML")
    text = _main_text(tree)
    if not text or not text.strip():
        # nested past libxml2's depth limit, the page lost what lies below it: parse
        # without the limit, take the main text, else all the text the page holds
        try:  # bytes: lxml refuses a str that declares an encoding
            deep = lxml.html.document_fromstring(html.encode("utf-8"), parser=_DEEP_HTML_PARSER)
        except lxml.etree.LxmlError:  # nothing a parser can read ("Document is empty")
            deep = tree
        if len(deep.text_content()) > len(tree.text_content()):
            tree = deep
            text = _main_text(deep) or trafilatura.html2txt(deep)
    if not text or not text.strip():
        raise _Unreadable("no article text found in HTML")
    meta = trafilatura.extract_metadata(tree, date_config=dict(HTML_DATE_CONFIG), extensive=False)
    try:
        published = normalise_published(meta.date)
    except ValueError:
        published = None  # a date htmldate could not format is no date
    title = meta.title.strip() if isinstance(meta.title, str) and meta.title.strip() else None
    return _text_document(
        _normalise_newlines(text),
        raw,
        fields,
        default_id=default_id,
        path=path,
        origin=origin,
        title=title,
        published=published,
    )
