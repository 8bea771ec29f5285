"""Hostile and odd inputs (issue 17): each is refused in one line naming it, never read past
what it should be, never blocking, and the rest of the batch is read.

Confinement of manifest paths, only regular files, a size cap, file names that are not UTF-8,
NUL bytes in a manifest line, UTF-16 without a byte-order mark, symlink loops, HTML nested
past the parser's depth limit, and a property test over random manifests and file trees.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leyenda.errors import InputError
from leyenda.ingest import DEFAULT_MAX_BYTES, iter_documents
from leyenda.model import Document

STORY = "Police arrested Tomás Herrera in Cali on March 3, 1996.\n\nHe was 41, his lawyer said.\n"
SECRET = "The key to the vault is 7-4-1-9, said nobody in an article."

needs_posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and symlinks")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def manifest(path: Path, *entries: dict[str, Any]) -> Path:
    return write(path, "".join(json.dumps(e) + "\n" for e in entries))


def read(*inputs: str | Path, **options: Any) -> list[Document | InputError]:
    return list(iter_documents(list(inputs), **options))


def errors_of(items: list[Document | InputError]) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


def docs_of(items: list[Document | InputError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def read_in_time(*inputs: str | Path, seconds: float = 20, **options: Any) -> list[Any]:
    """`read`, failing (instead of hanging the suite) when it blocks."""
    done: list[Any] = []
    worker = threading.Thread(target=lambda: done.append(read(*inputs, **options)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading blocked"
    return list(done[0])


# --- 7. manifest paths stay in the manifest's folder ----------------------------------------


@needs_posix
def test_manifest_paths_may_not_leave_the_manifests_folder(tmp_path: Path) -> None:
    key = write(tmp_path / "secret" / "key.txt", SECRET)
    write(tmp_path / "case" / "inside.txt", STORY)
    (tmp_path / "case" / "link.txt").symlink_to(key)
    m = manifest(
        tmp_path / "case" / "m.jsonl",
        {"path": "../secret/key.txt"},
        {"path": str(key)},
        {"path": "link.txt"},
        {"path": "inside.txt"},
    )
    items = read(m)
    assert [d.text for d in docs_of(items)] == [STORY]
    assert not any(SECRET in str(i) for i in items)
    errors = errors_of(items)
    assert len(errors) == 3
    for n, line in enumerate(errors, start=1):
        assert f"manifest line {n}: " in line and "outside the manifest's folder" in line
        assert "--allow-outside" in line
    # asked for, the same lines are read (the one file once)
    allowed = read(m, allow_outside=True)
    assert errors_of(allowed) == []
    assert sorted(d.text for d in docs_of(allowed)) == sorted([SECRET, STORY])


# --- 9. only regular files, and a size cap ---------------------------------------------------


@needs_posix
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    os.mkfifo(tmp_path / "listed.txt")
    good = write(tmp_path / "good.txt", STORY)
    m = manifest(tmp_path / "m.jsonl", {"path": "listed.txt"}, {"path": "good.txt"})
    items = read_in_time(tmp_path / "pipe.txt", tmp_path / "pipe.jsonl", m)
    assert errors_of(items) == [
        f"{tmp_path / name}: not a regular file (a named pipe, FIFO); only files are read"
        for name in ("pipe.txt", "pipe.jsonl", "listed.txt")
    ]
    assert docs_of(items) == docs_of(read(good))


@needs_posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_or_a_symlink_to_one_is_refused_unread(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    (tmp_path / "zero.txt").symlink_to(device)
    (tmp_path / "zero.jsonl").symlink_to(device)
    items = read_in_time(tmp_path / "zero.txt", tmp_path / "zero.jsonl")
    assert errors_of(items) == [
        f"{tmp_path / name}: not a regular file (a character device); only files are read"
        for name in ("zero.txt", "zero.jsonl")
    ]
    # given as it is: no extension, refused before anything is opened
    assert "unsupported file type" in errors_of(read_in_time(device))[0]


def test_a_file_past_the_size_cap_is_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = write(tmp_path / "big.txt", "word " * 400)  # 2000 bytes
    small = write(tmp_path / "small.txt", STORY)
    items = read(big, small, max_bytes=1024)
    assert errors_of(items) == [f"{big}: 2.0 kB, larger than the 1 kB limit (--max-size)"]
    assert [d.text for d in docs_of(items)] == [STORY]
    assert len(docs_of(read(big, small, max_bytes=2000))) == 2  # the cap itself is allowed
    from leyenda.ingest import format_size

    assert format_size(DEFAULT_MAX_BYTES) == "64 MB"


def test_a_manifest_line_past_the_size_cap_is_refused_and_the_others_read(
    tmp_path: Path,
) -> None:
    m = manifest(
        tmp_path / "m.jsonl",
        {"text": "x " * 1000, "title": "Too long"},
        {"text": STORY},
        {"path": "big.txt"},
    )
    write(tmp_path / "big.txt", "word " * 400)
    items = read(m, max_bytes=1024)
    assert [d.text for d in docs_of(items)] == [STORY]
    assert errors_of(items) == [
        f"{m}: manifest line 1: longer than the 1 kB limit (--max-size)",
        f"{tmp_path / 'big.txt'}: 2.0 kB, larger than the 1 kB limit (--max-size)",
    ]


# --- 10. file names that are not UTF-8 -------------------------------------------------------


def _undecodable_name(folder: Path) -> Path:
    """A file whose name is the bytes b'caf\\xe9.txt' (Latin-1), not UTF-8."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        path = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt"))
        path.write_text(STORY, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take names that are not UTF-8")
    return path


@needs_posix
def test_a_name_that_is_not_utf8_gives_a_document_with_a_utf8_id(tmp_path: Path) -> None:
    odd = _undecodable_name(tmp_path / "in")
    items = read(tmp_path / "in", odd)
    (doc,) = docs_of(items)  # the same file once, from the folder and as given
    assert errors_of(items) == []
    assert doc.text == STORY
    assert doc.id == "caf\\xe9.txt"
    for value in (doc.id, doc.path, doc.source):
        assert value is not None
        value.encode("utf-8")  # storable: no surrogate escapes


@needs_posix
@pytest.mark.model
def test_a_name_that_is_not_utf8_is_stored_with_the_files_after_it(
    tmp_path: Path, nlp: Any
) -> None:
    from leyenda.api import open_casefile
    from leyenda.pipeline import build

    odd = _undecodable_name(tmp_path / "in")
    later = write(tmp_path / "in" / "later.txt", "Helena Vasquez was born in Bogotá in 1960.\n")
    report = build([odd, later], tmp_path / "case.db", nlp=nlp)
    assert report.failed == []
    stored = {d.id: d.text for d in open_casefile(tmp_path / "case.db").documents}
    assert stored == {"caf\\xe9.txt": STORY, "later.txt": later.read_text(encoding="utf-8")}


# --- 12. a NUL byte in one manifest line -----------------------------------------------------


def test_a_nul_byte_in_one_manifest_line_is_named_and_the_rest_read(tmp_path: Path) -> None:
    m = write(
        tmp_path / "m.jsonl",
        b'{"text": "First story."}\n{"text": "bro\x00ken"}\n{"text": "Third story."}\n',
    )
    items = read(m)
    assert [d.text for d in docs_of(items)] == ["First story.", "Third story."]
    assert errors_of(items) == [f"{m}: manifest line 2: NUL byte at offset 38 (binary data)"]


def test_a_manifest_binary_from_its_start_is_one_error(tmp_path: Path) -> None:
    png = write(tmp_path / "photo.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\n" * 20)
    nul_first = write(tmp_path / "nul.jsonl", b'\x00{"text": "x"}\n{"text": "y"}\n')
    assert errors_of(read(png)) == [f"{png}: binary file, not text"]
    assert errors_of(read(nul_first)) == [f"{nul_first}: binary file, not text"]


# --- 15. reasons that say what is wrong ------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path, codec: str) -> None:
    text = write(tmp_path / "story.txt", STORY.encode(codec))
    m = write(tmp_path / "m.jsonl", json.dumps({"text": STORY}).encode(codec) + b"\n")
    reason = "UTF-16 text without a byte-order mark, not UTF-8 (save it as UTF-8)"
    assert errors_of(read(text, m)) == [f"{text}: {reason}", f"{m}: {reason}"]


@needs_posix
def test_a_symlink_loop_is_named_as_one(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    m = manifest(tmp_path / "m.jsonl", {"path": "loop.txt"}, {"text": STORY})
    items = read(loop, tmp_path / "dangling.txt", m)
    assert errors_of(items) == [
        f"{loop}: symlink loop",
        f"{tmp_path / 'dangling.txt'}: broken symlink (to {tmp_path / 'gone.txt'}, not found)",
        f"{m}: manifest line 1: 'loop.txt' is a symlink loop",
    ]
    assert [d.text for d in docs_of(items)] == [STORY]


def test_html_nested_past_the_parsers_depth_limit_is_read(tmp_path: Path) -> None:
    words = "Police arrested Tomás Herrera in Cali on March 3, 1996, after a long investigation."
    page = write(
        tmp_path / "deep.html",
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * 300
        + f"<p>{words}</p>"
        + "</div>" * 300
        + "</body></html>",
    )
    declared = write(  # an XML declaration naming its encoding: lxml takes no str for it
        tmp_path / "declared.html",
        '<?xml version="1.0" encoding="utf-8"?>\n' + page.read_text(encoding="utf-8"),
    )
    items = read(page, declared)
    assert errors_of(items) == []
    assert all(words in d.text for d in docs_of(items)) and len(items) == 2


# --- fuzz: random manifests and file trees ---------------------------------------------------

NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=12,
).filter(lambda n: n not in (".", ".."))
#: names a hostile tree holds: a forged error line, terminal escapes, a bidi override, a byte
#: that is not UTF-8 (as os.fsdecode gives it)
ODD_NAMES = st.sampled_from(
    ["x\nerror: all is well", "\x1b[2J", "tab\there", "\u202eevil", "caf\udce9"]
)
JSON_LINES = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "path": st.one_of(st.none(), NAMES, st.sampled_from(["../x.txt", "/etc/hostname"])),
            "text": st.one_of(st.none(), st.text(max_size=40)),
            "id": st.one_of(st.none(), st.text(max_size=8), st.integers()),
            "title": st.one_of(st.none(), st.text(max_size=8)),
            "published": st.one_of(st.none(), st.sampled_from(["2020-02-13", "13/02", ""])),
        },
    ).map(json.dumps),
    st.text(max_size=30),  # not JSON, or not an object
    st.sampled_from(
        [
            '{"text": "a lone \\ud800 surrogate"}',
            '{"path": "nul\\u0000.txt"}',
            json.dumps({"path": "x" * 300 + ".txt"}),  # a name too long for the file system
            json.dumps({"path": "."}),
        ]
    ),
)
LINES = st.one_of(JSON_LINES.map(lambda s: s.encode("utf-8")), st.binary(max_size=30))
CONTENTS = st.one_of(
    st.text(max_size=60).map(lambda s: s.encode("utf-8")),
    st.binary(max_size=60),
    st.sampled_from(
        [
            STORY.encode(),
            b"<html><body><p>" + STORY.encode() + b"</p></body></html>",
            b'<?xml version="1.0" encoding="utf-8"?><html><body><div></div></body></html>',
            b"<!-- only a comment -->",
            b"<div>" * 300 + STORY.encode(),
        ]
    ),
)
SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm", ".jsonl", ".pdf", ""])


@given(
    files=st.lists(st.tuples(st.one_of(NAMES, ODD_NAMES), SUFFIXES, CONTENTS), max_size=5),
    manifest_lines=st.lists(LINES, max_size=6),
    separator=st.sampled_from([b"\n", b"\r\n", b"\r"]),
)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_reading_random_trees_never_raises_and_fails_one_line_at_a_time(
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[str, str, bytes]],
    manifest_lines: list[bytes],
    separator: bytes,
) -> None:
    root = tmp_path_factory.mktemp("tree")
    written = []
    for name, suffix, content in files:
        path = root / "in" / (name + suffix)
        try:
            write(path, content)
        except (OSError, ValueError):  # a name this file system refuses
            continue
        written.append(path)
    m = write(root / "in" / "list.jsonl", separator.join(manifest_lines))
    good = write(root / "good.txt", STORY)
    inputs = [root / "in", m, *written, root / "missing.txt", good]
    items = list(iter_documents(inputs))
    for item in items:
        assert isinstance(item, Document | InputError)
        if isinstance(item, InputError):
            assert not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in str(item))
        else:
            for value in (item.id, item.title, item.path, item.source, item.text):
                (value or "").encode("utf-8")  # storable as it is
    # every good document is read: the story (once: its bytes, under its one path)
    assert [d for d in items if isinstance(d, Document) and d.path and "good.txt" in d.path]


@pytest.mark.model
@given(
    files=st.lists(st.tuples(st.one_of(NAMES, ODD_NAMES), SUFFIXES, CONTENTS), max_size=4),
    manifest_lines=st.lists(LINES, max_size=4),
)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_building_random_trees_stores_every_good_document(
    tmp_path_factory: pytest.TempPathFactory,
    nlp: Any,
    files: list[tuple[str, str, bytes]],
    manifest_lines: list[bytes],
) -> None:
    from leyenda.api import open_casefile
    from leyenda.pipeline import build

    root = tmp_path_factory.mktemp("build")
    for name, suffix, content in files:
        try:
            write(root / "in" / (name + suffix), content)
        except (OSError, ValueError):
            continue
    m = write(root / "in" / "list.jsonl", b"\n".join(manifest_lines))
    write(root / "in" / "good.txt", STORY)
    inputs = [root / "in", m]
    report = build(inputs, root / "case.db", nlp=nlp)
    assert all("\n" not in str(err) for err in report.failed)
    read_back = {d.sha256 for d in docs_of(read(*inputs))}
    assert {d.sha256 for d in open_casefile(root / "case.db").documents} == read_back
