"""`ask` for any question: the case file's sentences ranked for it, when no question form
matches.

`ask` answers a fixed set of question forms from facts. Any other question ("Why did the
DEA close the Guadalajara office?") still has sentences in the case file that bear on it.
Those are found with SQLite FTS5's `bm25` ranking over every sentence of every document
(an in-memory index made for the question, so nothing is written to the case file), and
the best few are returned with the facts that cite them, each cited. The answer says
plainly that this is retrieval, not an answer; a question none of whose words occur in
the case file gets none.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator

from .model import Document, Evidence, Fact

#: How many sentences a retrieval answer shows.
TOP_SENTENCES = 3

#: Words of a question that say nothing about what is asked.
_QUESTION_WORDS = """a about after against all also an and any are as at be been before being but by
    can could did do does doing during for from had has have having he her hers him his
    how i if in into is it its me my of on or our she so than that the their them then
    there these they this those to up us was we were what when where which while who whom
    whose why will with would you your"""
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())

_WORD = re.compile(r"\w+")
#: A sentence ends at . ! ? before space (not after a lone capital: "Enrique S. Camarena")
#: or at a line break.
_SENTENCE_END = re.compile(r"(?<!\s[A-Z])(?<!^[A-Z])[.!?](?=[\s”\"’)]*(?:\s|$))|\n")

#: What every retrieval answer says first.
NOTE = (
    "No question form matched, so these are the sentences of the case file that best match "
    "the question (retrieval by full-text ranking, not an answer): read them to judge."
)


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a text, trimmed of surrounding space."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield from _trimmed(text, start, m.end())
        start = m.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def query_words(question: str) -> list[str]:
    """The question's words that can be looked for (no question or function words)."""
    seen: dict[str, None] = {}
    for w in _WORD.findall(question.casefold()):
        if w not in QUESTION_WORDS and (len(w) > 1 or w.isdigit()):
            seen.setdefault(w, None)
    return list(seen)


def best_sentences(
    documents: dict[str, Document], question: str, limit: int = TOP_SENTENCES
) -> list[Evidence]:
    """The `limit` sentences that best match the question, best first (bm25); [] when
    none has any of its words."""
    words = query_words(question)
    if not words:
        return []
    conn = sqlite3.connect(":memory:")
    try:
        try:
            conn.execute(
                "CREATE VIRTUAL TABLE s USING fts5(text, doc UNINDEXED, start UNINDEXED, "
                "stop UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
            )
        except sqlite3.OperationalError:  # an SQLite without FTS5
            return _best_by_overlap(documents, words, limit)
        conn.executemany(
            "INSERT INTO s (text, doc, start, stop) VALUES (?, ?, ?, ?)",
            (
                (doc.text[a:b], doc.id, a, b)
                for doc in documents.values()
                for a, b in sentence_spans(doc.text)
            ),
        )
        match = " OR ".join(f'"{w}"' for w in words)
        rows = conn.execute(
            "SELECT doc, start, stop FROM s WHERE s MATCH ? ORDER BY bm25(s), doc, start LIMIT ?",
            (match, limit),
        ).fetchall()
    finally:
        conn.close()
    return [Evidence.of(documents[d], int(a), int(b)) for d, a, b in rows]


def _best_by_overlap(
    documents: dict[str, Document], words: list[str], limit: int
) -> list[Evidence]:
    """Without FTS5: sentences by how many of the words they hold."""
    wanted = set(words)
    scored = []
    for doc in documents.values():
        for a, b in sentence_spans(doc.text):
            hits = len(wanted & set(_WORD.findall(doc.text[a:b].casefold())))
            if hits:
                scored.append((-hits, doc.id, a, b))
    scored.sort()
    return [Evidence.of(documents[d], a, b) for _h, d, a, b in scored[:limit]]


def facts_citing(facts: Iterable[Fact], sentence: Evidence) -> list[Fact]:
    """The facts with evidence inside the sentence, in case-file order."""
    return [
        f
        for f in facts
        if any(
            e.doc == sentence.doc and e.start < sentence.end and e.end > sentence.start
            for e in f.evidence
        )
    ]
