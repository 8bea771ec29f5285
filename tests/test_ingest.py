"""Reading inputs: files, folders, manifests and HTML become documents; bad inputs are named."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from leyenda.errors import InputError
from leyenda.ingest import iter_documents, normalise_published
from leyenda.model import Document

STORY = (
    "Herrera Arrested\n"
    "\n"
    "Police arrested Tomás Herrera in Cali on March 3, 1996.\n"
    "\n"
    "He was 41, his lawyer said.\n"
)

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Herrera arrested in Cali | The Daily Example</title>
<meta name="date" content="2021-04-05">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World navigation link</a></li>
<li><a href="/sport">Sport section menu</a></li></ul></nav>
<article>
<h1>Herrera arrested in Cali</h1>
<p>Police arrested Tomás Herrera in Cali on March 3, 1996, after a two-year investigation.</p>
<p>Prosecutor Helena Vasquez said the case had taken years to build and would go to trial.</p>
<p>Herrera was 41 years old at the time of his arrest, according to court records.</p>
</article>
<footer><p>Copyright 2021 The Daily Example, every right reserved, contact the desk.</p></footer>
</body></html>
"""

PAGE_OG = """<html><head>
<title>Vasquez opens the case</title>
<meta property="article:published_time" content="2019-06-02T09:15:00+02:00">
<meta property="article:modified_time" content="2022-01-10T10:00:00+00:00">
</head><body>
<article>
<h1>Vasquez opens the case</h1>
<p>Prosecutor Helena Vasquez opened the case against Tomás Herrera in 1995, in Bogotá.</p>
<p>She said the evidence pointed to a network of police officers paid by the cartel.</p>
</article></body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*inputs: str | Path) -> list[Document | InputError]:
    return list(iter_documents(list(inputs)))


def docs_of(items: list[Document | InputError]) -> list[Document]:
    assert not [i for i in items if isinstance(i, InputError)], items
    return [i for i in items if isinstance(i, Document)]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- plain text -------------------------------------------------------------------------


def test_text_file_becomes_a_document(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", STORY)
    [doc] = docs_of(read(path))
    assert doc.id == "a.txt"
    assert doc.title == "Herrera Arrested"
    assert doc.source == str(path) and doc.path == str(path)
    assert doc.published is None
    assert doc.sha256 == sha(path.read_bytes())
    assert doc.text == STORY


def test_markdown_title_loses_its_heading_marks(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.md", "\n# The Herrera case #\n\nHe was arrested in 1996.\n")
    [doc] = docs_of(read(str(path)))
    assert doc.title == "The Herrera case"
    assert doc.text.startswith("# The Herrera case #\n")


def test_bom_and_windows_newlines_are_normalised_but_hashed_raw(tmp_path: Path) -> None:
    raw = "\ufeffTitle\r\n\r\nHe was 41.\rHe lived in Cali.\r\n".encode()
    path = write(tmp_path, "win.txt", raw)
    [doc] = docs_of(read(path))
    assert doc.text == "Title\n\nHe was 41.\nHe lived in Cali.\n"
    assert doc.sha256 == sha(raw)


def test_boilerplate_is_removed_from_text_files(tmp_path: Path) -> None:
    junk = "\nPhoto: Jane Roe/Getty Images.\n\nSign up for our newsletter.\n"
    path = write(tmp_path, "a.txt", STORY + junk)
    [doc] = docs_of(read(path))
    assert doc.text == STORY


# --- HTML -------------------------------------------------------------------------------


def test_html_page_gives_main_text_title_and_date(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE)
    [doc] = docs_of(read(path))
    assert doc.id == "page.html"
    assert doc.title == "Herrera arrested in Cali"
    assert doc.published == "2021-04-05"
    assert doc.sha256 == sha(path.read_bytes())
    lines = doc.text.split("\n")
    for paragraph in (
        "Police arrested Tomás Herrera in Cali on March 3, 1996, after a two-year investigation.",
        "Herrera was 41 years old at the time of his arrest, according to court records.",
    ):
        assert paragraph in lines
    assert "navigation" not in doc.text and "menu" not in doc.text
    assert "<p>" not in doc.text


def test_html_original_publication_date_wins_over_modified(tmp_path: Path) -> None:
    path = write(tmp_path, "og.htm", PAGE_OG)
    [doc] = docs_of(read(path))
    assert doc.published == "2019-06-02"
    assert doc.title == "Vasquez opens the case"
    assert "network of police officers" in doc.text


def test_manifest_fields_override_what_the_html_says(tmp_path: Path) -> None:
    write(tmp_path, "page.html", PAGE)
    manifest = write(
        tmp_path,
        "m.jsonl",
        json.dumps(
            {
                "path": "page.html",
                "title": "Given title",
                "published": "2021-04-01",
                "source": "Daily Example, print edition",
            }
        )
        + "\n",
    )
    [doc] = docs_of(read(manifest))
    assert (doc.title, doc.published, doc.source) == (
        "Given title",
        "2021-04-01",
        "Daily Example, print edition",
    )


def test_html_without_a_date_has_none(tmp_path: Path) -> None:
    page = PAGE.replace('<meta name="date" content="2021-04-05">', "")
    [doc] = docs_of(read(write(tmp_path, "undated.html", page)))
    assert doc.published is None


# --- folders ----------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order_skipping_others(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    for name in ("b.txt", "a.txt", "a/z.txt", "sub/c.md", "sub/d.html"):
        content = PAGE if name.endswith(".html") else f"{name}\n\nSomething happened in 1990.\n"
        write(folder, name, content)
    write(folder, "image.png", b"\x89PNG\x00")
    write(folder, ".hidden.txt", "hidden\n\nNot to be read.\n")
    write(folder, ".git/HEAD.txt", "hidden\n\nNot to be read.\n")
    write(folder, "m.jsonl", '{"text": "A manifest inside a folder is not read."}\n')
    docs = docs_of(read(folder))
    assert [d.id for d in docs] == ["z.txt", "a.txt", "b.txt", "c.md", "d.html"]
    assert docs[0].path == str(folder / "a" / "z.txt")


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    [err] = read(tmp_path / "empty")
    assert isinstance(err, InputError)
    assert err.path == str(tmp_path / "empty")
    assert "no documents in this folder" in err.reason


# --- manifests --------------------------------------------------------------------------


INLINE = "Vasquez Speaks\n\nShe opened the case in Bogotá in 1995."


def test_manifest_paths_are_relative_to_its_folder_and_fields_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "case"
    write(folder, "docs/a.txt", STORY)
    lines = [
        json.dumps(
            {
                "path": "docs/a.txt",
                "id": "story-a",
                "title": "First story",
                "source": "Daily Example",
                "published": "2020-02-13T23:30:00-08:00",
            }
        ),
        "",
        "   ",
        json.dumps({"text": INLINE, "published": "2019-01-02"}),
    ]
    manifest = write(folder, "manifest.jsonl", "\n".join(lines) + "\n")
    monkeypatch.chdir(tmp_path)
    a, b = docs_of(read(Path("case") / "manifest.jsonl"))
    assert (a.id, a.title, a.source, a.published) == (
        "story-a",
        "First story",
        "Daily Example",
        "2020-02-13",
    )
    assert a.source == "Daily Example"
    # the document's origin: the resolved file, what a later build recognises it by
    assert a.path == str((tmp_path / "case" / "docs" / "a.txt").resolve())
    assert a.sha256 == sha((folder / "docs" / "a.txt").read_bytes())
    assert b.text == INLINE
    assert b.title == "Vasquez Speaks"
    assert b.published == "2019-01-02"
    assert b.sha256 == sha(INLINE.encode())
    assert b.id == "manifest.jsonl:4"
    assert manifest.exists()


def test_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", STORY)
    assert [d.id for d in docs_of(read(path, tmp_path, str(path)))] == ["a.txt"]


def test_clashing_ids_get_a_hash_of_their_origin(tmp_path: Path) -> None:
    from leyenda.ingest import origin_id

    one = write(tmp_path, "x/a.txt", STORY)
    two = write(tmp_path, "y/a.txt", STORY + "\nA second paragraph.\n")
    manifest = write(tmp_path, "m.jsonl", json.dumps({"text": "Third.", "id": "a.txt"}) + "\n")
    first, second, third = docs_of(read(one, two, manifest))
    # every document that wants the name gets a suffix of its own origin: none is "first"
    assert first.id == origin_id("a.txt", str(one.resolve()))
    assert second.id == origin_id("a.txt", str(two.resolve()))
    assert third.id == origin_id("a.txt", f"{manifest.resolve()}:a.txt")
    assert len({first.id, second.id, third.id}) == 3


def test_ids_do_not_depend_on_the_order_of_the_inputs(tmp_path: Path) -> None:
    one = write(tmp_path, "x/a.txt", STORY)
    two = write(tmp_path, "y/a.txt", STORY + "\nMore.\n")
    forward = {d.path: d.id for d in docs_of(read(one, two))}
    backward = {d.path: d.id for d in docs_of(read(two, one))}
    assert forward == backward and len(set(forward.values())) == 2


def test_clash_between_identical_contents_still_gives_unique_ids(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"{d}/a.txt", STORY) for d in ("x", "y", "z")]
    ids = [d.id for d in docs_of(read(*paths))]
    assert len(set(ids)) == 3 and all(i.startswith("a.txt#") for i in ids)


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2020-02-13", "2020-02-13"),
        ("2020-02-13T10:00:00Z", "2020-02-13"),
        ("2020-02-13T23:30:00-08:00", "2020-02-13"),
        ("2020-02-13 08:00", "2020-02-13"),
        (" 2018-11-16 ", "2018-11-16"),
        (None, None),
        ("", None),
    ],
)
def test_publication_dates_are_normalised(given: str | None, expected: str | None) -> None:
    assert normalise_published(given) == expected


@pytest.mark.parametrize(
    "given", ["13/02/2020", "2020", "2020-02-30", "February 13, 2020", "2020-02-13Tnoon", 20200213]
)
def test_bad_publication_dates_are_refused(given: object) -> None:
    with pytest.raises(ValueError, match=r"bad date .* \(use YYYY-MM-DD\)"):
        normalise_published(given)


# --- errors: each names its input, says why, and the batch goes on ----------------------


def error_then_document(
    items: list[Document | InputError], path: Path | str, reason: str
) -> InputError:
    """The batch had exactly one error, for `path`, with `reason`; a document came after it."""
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1, items
    err = errors[0]
    assert err.path == str(path)
    assert reason in err.reason, err.reason
    assert reason in str(err) and str(path) in str(err)
    assert isinstance(items[-1], Document)
    assert items.index(err) < len(items) - 1
    return err


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path, "good.txt", STORY)


def test_missing_input(tmp_path: Path, good: Path) -> None:
    missing = tmp_path / "missing.txt"
    error_then_document(read(missing, good), missing, "no such file or folder")


def test_empty_file(tmp_path: Path, good: Path) -> None:
    empty = write(tmp_path, "empty.txt", "")
    error_then_document(read(empty, good), empty, "empty file")


def test_whitespace_only_file(tmp_path: Path, good: Path) -> None:
    blank = write(tmp_path, "blank.md", "\n  \n\t\n")
    error_then_document(read(blank, good), blank, "empty file")


def test_binary_file(tmp_path: Path, good: Path) -> None:
    binary = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    error_then_document(read(binary, good), binary, "binary file, not text")


def test_file_that_is_not_utf8(tmp_path: Path, good: Path) -> None:
    latin = write(tmp_path, "latin.txt", "Se\xf1or Herrera".encode("latin-1"))
    error_then_document(read(latin, good), latin, "not valid UTF-8 (byte 0xf1 at offset 2)")


def test_html_not_utf8_but_declaring_its_charset_is_read(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    path = write(tmp_path, "latin.html", page.encode("latin-1"))
    [doc] = docs_of(read(path))
    assert "Tomás Herrera" in doc.text


def test_unsupported_file_type(tmp_path: Path, good: Path) -> None:
    png = write(tmp_path, "scan.png", b"\x89PNG\x00")
    error_then_document(
        read(png, good),
        png,
        "unsupported file type '.png' (use .txt, .md, .html, .pdf, .docx, .eml, .mbox, .warc, "
        ".warc.gz or a .jsonl manifest)",
    )


def test_html_without_article_text(tmp_path: Path, good: Path) -> None:
    page = write(
        tmp_path, "shell.html", "<html><head><title>Only a title</title></head><body></body></html>"
    )
    error_then_document(read(page, good), page, "no article text found in HTML")


def test_manifest_line_with_invalid_json(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", STORY)
    manifest = write(tmp_path, "m.jsonl", '{"path": "good.txt"\n{"path": "good.txt"}\n')
    error_then_document(read(manifest), manifest, "manifest line 1: invalid JSON")


def test_manifest_line_without_path_or_text(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", STORY)
    manifest = write(tmp_path, "m.jsonl", '{"title": "Lost"}\n\n{"path": "good.txt"}\n')
    err = error_then_document(read(manifest), manifest, "manifest line 1:")
    assert "'path'" in err.reason and "'text'" in err.reason


def test_manifest_line_naming_a_missing_file(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", STORY)
    manifest = write(
        tmp_path,
        "m.jsonl",
        '{"path": "good.txt"}\n{"path": "gone.txt"}\n{"text": "Later entry."}\n',
    )
    err = error_then_document(read(manifest), manifest, "manifest line 2: no such file 'gone.txt'")
    assert str(tmp_path / "gone.txt") in err.reason


def test_manifest_line_with_a_bad_date(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", STORY)
    manifest = write(
        tmp_path,
        "m.jsonl",
        '{"path": "good.txt", "published": "13/02/2020"}\n'
        '{"path": "good.txt", "published": "2020-02-13"}\n',
    )
    error_then_document(
        read(manifest), manifest, "manifest line 1: bad date '13/02/2020' (use YYYY-MM-DD)"
    )


def test_manifest_line_with_a_field_of_the_wrong_type(tmp_path: Path, good: Path) -> None:
    manifest = write(tmp_path, "m.jsonl", '{"text": "Some text.", "title": 7}\n')
    error_then_document(
        read(manifest, good), manifest, "manifest line 1: 'title' must be a string, got 7"
    )


def test_manifest_line_that_is_not_an_object(tmp_path: Path, good: Path) -> None:
    manifest = write(tmp_path, "m.jsonl", '["good.txt"]\n')
    error_then_document(
        read(manifest, good), manifest, "manifest line 1: expected a JSON object, got list"
    )


def test_file_listed_in_a_manifest_is_named_in_its_own_error(tmp_path: Path, good: Path) -> None:
    write(tmp_path, "empty.txt", "")
    manifest = write(tmp_path, "m.jsonl", '{"path": "empty.txt"}\n{"path": "good.txt"}\n')
    error_then_document(read(manifest), tmp_path / "empty.txt", "empty file")


def test_a_manifest_line_that_is_not_utf8_is_named_and_the_others_are_read(
    tmp_path: Path,
) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_bytes(
        b'\xef\xbb\xbf{"text": "First."}\r\n{"text": "caf\xe9"}\r\n\r\n{"text": "Third."}\n'
    )
    first, bad, third = read(manifest)
    assert isinstance(first, Document) and first.text == "First."
    assert isinstance(bad, InputError) and bad.path == str(manifest)
    assert "manifest line 2: not valid UTF-8 (byte 0xe9 at offset 36)" in str(bad)
    assert isinstance(third, Document) and third.id == "m.jsonl:4"  # lines counted as written


def test_an_empty_or_binary_manifest_is_one_error(tmp_path: Path, good: Path) -> None:
    empty = write(tmp_path, "e.jsonl", "")
    error_then_document(read(empty, good), empty, "empty file")
    binary = write(tmp_path, "b.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n")
    error_then_document(read(binary, good), binary, "binary file")
    # binary only further on: that line is named, the lines around it are read
    nul_line = write(tmp_path, "n.jsonl", b'{"text": "x"}\n\x00\x01\n{"text": "y"}\n')
    items = read(nul_line, good)
    assert isinstance(items[0], Document) and isinstance(items[2], Document)
    error_then_document(items[1:], nul_line, "manifest line 2: NUL byte at offset 14")


def test_manifest_without_entries(tmp_path: Path, good: Path) -> None:
    manifest = write(tmp_path, "m.jsonl", "\n  \n")
    error_then_document(read(manifest, good), manifest, "empty file")


def test_a_whole_batch_of_bad_inputs_never_raises(tmp_path: Path, good: Path) -> None:
    inputs: list[str | Path] = [
        tmp_path / "nope",
        write(tmp_path, "e.txt", ""),
        write(tmp_path, "b.md", b"\x00\x01"),
        write(tmp_path, "l.txt", b"ok \xfa\xfb"),
        write(tmp_path, "x.docx", b"PK"),
        write(tmp_path, "m.jsonl", "{oops\n"),
        good,
    ]
    items = read(*inputs)
    assert [type(i).__name__ for i in items] == ["InputError"] * 6 + ["Document"]
    assert [i.path for i in items[:6] if isinstance(i, InputError)] == [str(p) for p in inputs[:6]]


def test_count_inputs_sizes_progress_without_reading_documents(tmp_path: Path) -> None:
    from leyenda.ingest import count_inputs

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("One.", encoding="utf-8")
    (folder / "b.html").write_text("<p>Two.</p>", encoding="utf-8")
    (folder / "notes.csv").write_text("not an article", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n', encoding="utf-8")
    # a folder counts its supported files, a manifest its non-empty lines, anything else one
    assert count_inputs([folder, manifest, tmp_path / "missing.txt"]) == 2 + 3 + 1
