"""Re-DocRED: how well leyenda's facts match document-level relations of Wikipedia articles.

Why this benchmark: its relations are Wikidata properties, several of which say exactly what
a case file's predicates say (a spouse, a child, an employer, a birth date). Only those are
scored; the rest of Re-DocRED (countries, genres, ...) is nothing leyenda claims to find.

How, per document:

1. rebuild the text from the tokenised sentences, written the way prose is (no space before a
   comma, none inside brackets), keeping every token's characters;
2. the dataset's own entities (`vertexSet`) become the mentions leyenda's rules read: the
   first mention of an entity is the name the others refer to, PER/ORG/LOC/MISC give the type;
   TIME and NUM entities are left to leyenda's own time expressions;
3. spaCy parses the text and `claims.extract_facts` runs as in a build (no publication date);
4. each fact becomes Wikidata triples through `PROPERTIES` (spouse → P26 both ways, child →
   P40 from the parent, born → P569 to the TIME entity its date overlaps, ...); a fact whose
   participant is not one of the document's entities gives nothing;
5. precision, recall and F1 per property and micro-averaged over the mapped properties.

Precision matters more than recall here: a case file is read as true.
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document, LocalFact, Mention, TimeExpr
from ..timex import find_times

__all__ = [
    "PROPERTIES",
    "Analysed",
    "RedocDocument",
    "analyse",
    "evaluate",
    "predict",
    "read_redocred",
    "render",
]

Triple = tuple[int, int, str]

#: Wikidata properties scored, with what leyenda's vocabulary says for each. A property is
#: here only when a case-file predicate means the same thing.
PROPERTIES: dict[str, str] = {
    "P26": "spouse (spouse, married)",
    "P40": "child (child, from the parent)",
    "P22": "father (child whose parent is named father)",
    "P25": "mother (child whose parent is named mother)",
    "P3373": "sibling",
    "P108": "employer (employee_of)",
    "P463": "member of (member_of)",
    "P112": "founded by (founded)",
    "P569": "date of birth (born, time)",
    "P570": "date of death (died or killed, time)",
    "P19": "place of birth (born, place)",
    "P20": "place of death (died or killed, place)",
    "P161": "cast member (portrayed_by: the work and the actor; cast_member)",
}

#: Dataset entity types → leyenda mention labels; TIME and NUM are not names.
_LABELS: dict[str, Any] = {
    "PER": "person",
    "ORG": "organization",
    "LOC": "place",
    "MISC": "other",
}

#: Tokens written without a space before them, and after them.
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#"})

#: Last words of a legislature's name: a seat in one is a position held (Wikidata P39), not
#: a membership (P463), so a `member_of` one is not scored as P463.
LEGISLATURE_WORDS = frozenset(
    {"parliament", "senate", "house", "assembly", "council", "congress", "representatives"}
)


def _legislature(doc: RedocDocument, entity: int) -> bool:
    a, b = doc.entities[entity][0]
    words = doc.text[a:b].lower().split()
    return bool(words) and words[-1] in LEGISLATURE_WORDS


_WRITTEN_YEAR = re.compile(r"\d{3,4}")

#: How many wrong and missed triples the result lists, to read by eye.
MAX_EXAMPLES = 40


@dataclass(frozen=True)
class RedocDocument:
    """One Re-DocRED document as text: the characters of each entity's mentions and the gold."""

    title: str
    text: str
    entities: tuple[tuple[tuple[int, int], ...], ...]  # per entity, its mentions' characters
    types: tuple[str, ...]  # per entity, the dataset's type of its first mention
    gold: frozenset[Triple]


def detokenize(sents: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Sentences of tokens → one text, and each token's (start, end) in it.

    Spaces go where prose has them, so rules written for prose read it as prose; a straight
    double quote opens and closes in turn.
    """
    parts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    pos = 0
    glue_next = True  # no space before the first token
    quote_open = False
    for sent in sents:
        out: list[tuple[int, int]] = []
        for tok in sent:
            if tok == '"':
                closing = quote_open
                quote_open = not quote_open
                space = not (glue_next or closing)
                glue_after = not closing
            else:
                space = not (glue_next or tok in _NO_SPACE_BEFORE)
                glue_after = tok in _NO_SPACE_AFTER
            if space:
                parts.append(" ")
                pos += 1
            out.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            glue_next = glue_after
        spans.append(out)
        glue_next = False
    return "".join(parts), spans


def _document(raw: dict[str, Any], where: str) -> RedocDocument:
    try:
        text, spans = detokenize(raw["sents"])
        entities = []
        types = []
        for ent in raw["vertexSet"]:
            chars = []
            for m in ent:
                toks = spans[m["sent_id"]]
                a, b = m["pos"]
                chars.append((toks[a][0], toks[b - 1][1]))
            entities.append(tuple(chars))
            types.append(str(ent[0]["type"]))
        gold = frozenset((int(x["h"]), int(x["t"]), str(x["r"])) for x in raw.get("labels", []))
        return RedocDocument(str(raw["title"]), text, tuple(entities), tuple(types), gold)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise InputError(where, f"not a Re-DocRED document ({type(exc).__name__}: {exc})") from exc


def read_redocred(path: Path, limit: int | None = None) -> list[RedocDocument]:
    """The documents of a Re-DocRED split (a JSON array), the first `limit` of them.

    Raises `InputError` naming the file when it is missing, not JSON, or not Re-DocRED.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a JSON file ({exc})") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "not a Re-DocRED split: expected a JSON array of documents")
    if limit is not None:
        data = data[:limit]
    return [_document(raw, f"{path} (document {i})") for i, raw in enumerate(data)]


def _mentions(doc: RedocDocument, sdoc: Any, document: Document) -> tuple[list[Mention], list[int]]:
    """The dataset's names as leyenda mentions, in text order, and each one's entity."""
    sent_starts = [s.start_char for s in sdoc.sents]
    found: list[tuple[int, int, int]] = []
    for ei, chars in enumerate(doc.entities):
        if doc.types[ei] not in _LABELS:
            continue
        for start, end in chars:
            found.append((start, end, ei))
    found.sort()
    first_of: dict[int, int] = {}
    mentions: list[Mention] = []
    entity_of: list[int] = []
    for start, end, ei in found:
        sentence = max(0, bisect_right(sent_starts, start) - 1)
        antecedent = first_of.get(ei)
        first_of.setdefault(ei, len(mentions))
        text = document.text[start:end]
        mentions.append(
            Mention(
                document.id,
                start,
                end,
                text,
                _LABELS[doc.types[ei]],
                text,
                sentence=sentence,
                antecedent=antecedent,
                link_rule="dataset" if antecedent is not None else None,
            )
        )
        entity_of.append(ei)
    return mentions, entity_of


def _time_entity(doc: RedocDocument, fact: LocalFact) -> int | None:
    """The TIME entity whose characters overlap the date the fact was given, if one does."""
    if fact.time is None or not _WRITTEN_YEAR.search(fact.time.text):
        return None  # "ten years later" is a date leyenda computed, not one written here
    at = fact.evidence.quote.find(fact.time.text)
    if at < 0:
        return None
    start = fact.evidence.start + at
    end = start + len(fact.time.text)
    for ei, chars in enumerate(doc.entities):
        if doc.types[ei] == "TIME" and any(a < end and start < b for a, b in chars):
            return ei
    return None


def triples_of(
    doc: RedocDocument, facts: Iterable[LocalFact], entity_of: list[int]
) -> dict[Triple, str]:
    """Wikidata triples (head entity, tail entity, property) that leyenda's facts state,
    each with the sentence of the first fact that gave it."""
    found: dict[Triple, str] = {}

    def ent(i: int | None) -> int | None:
        return None if i is None else entity_of[i]

    for f in facts:
        if f.modality != "reality":
            continue
        out: set[Triple] = set()
        s, o = ent(f.subject), ent(f.object)
        p = f.predicate
        if s is None:
            continue
        if o is not None and o != s:
            if p in ("spouse", "married"):
                out |= {(s, o, "P26"), (o, s, "P26")}
            elif p == "sibling":
                out |= {(s, o, "P3373"), (o, s, "P3373")}
            elif p == "child":
                out.add((o, s, "P40"))
                if f.value in ("father", "mother"):
                    out.add((s, o, "P22" if f.value == "father" else "P25"))
            elif p == "parent":
                out.add((s, o, "P40"))
            elif p == "employee_of":
                out.add((s, o, "P108"))
            elif p == "member_of" and not _legislature(doc, o):
                out.add((s, o, "P463"))
            elif p == "founded" and doc.types[o] == "ORG":
                out.add((o, s, "P112"))
            elif p == "cast_member":
                out.add((s, o, "P161"))
            elif p == "portrayed_by" and f.work is not None:
                w = ent(f.work)
                if w is not None and w != o:
                    out.add((w, o, "P161"))
        if p in ("born", "died", "killed") and doc.types[s] == "PER":
            t = _time_entity(doc, f)
            if t is not None:
                out.add((s, t, "P569" if p == "born" else "P570"))
            place = ent(f.place)
            if place is not None and doc.types[place] == "LOC":
                out.add((s, place, "P19" if p == "born" else "P20"))
        for triple in out:
            found.setdefault(triple, f.evidence.quote)
    return found


@dataclass(frozen=True)
class Analysed:
    """One Re-DocRED document as leyenda's rules read it: the parse, the dataset's names as
    mentions (with each one's entity), and leyenda's own time expressions."""

    doc: RedocDocument
    sdoc: Any
    document: Document
    mentions: list[Mention]
    entity_of: list[int]
    times: list[TimeExpr]


def analyse(docs: list[RedocDocument], nlp: Any = None) -> Iterator[Analysed]:
    """Each document parsed and given its mentions and times, in order (steps 1–2)."""
    from ..nlp import load_nlp

    nlp = nlp if nlp is not None else load_nlp()
    pairs = ((d.text, d) for d in docs)
    for sdoc, doc in nlp.pipe(pairs, as_tuples=True, batch_size=32):
        document = Document("redocred", doc.title, "re-docred", None, "", doc.text)
        mentions, entity_of = _mentions(doc, sdoc, document)
        yield Analysed(doc, sdoc, document, mentions, entity_of, find_times(doc.text, None))


def predict(docs: list[RedocDocument], nlp: Any = None) -> Iterator[dict[Triple, str]]:
    """leyenda's triples for each document, in order, each with the sentence it came from."""
    from ..claims import extract_facts

    for a in analyse(docs, nlp):
        facts = extract_facts(a.sdoc, a.document, a.mentions, a.times)
        yield triples_of(a.doc, facts, a.entity_of)


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
    }


def evaluate(path: Path, *, limit: int | None = None, nlp: Any = None) -> dict[str, Any]:
    """Scores of leyenda's facts against one Re-DocRED split (see the module docstring)."""
    began = time.perf_counter()
    docs = read_redocred(path, limit)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    wrong: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    for doc, predicted in zip(docs, predict(docs, nlp), strict=True):
        gold = {g for g in doc.gold if g[2] in PROPERTIES}
        for (h, t, r), quote in sorted(predicted.items()):
            if (h, t, r) in gold:
                tp[r] += 1
            else:
                fp[r] += 1
                if len(wrong) < MAX_EXAMPLES:
                    wrong.append({**_example(doc, h, t, r), "sentence": quote})
        for h, t, r in sorted(gold - predicted.keys()):
            fn[r] += 1
            if len(missed) < MAX_EXAMPLES:
                missed.append(_example(doc, h, t, r))
    per = {r: _prf(tp[r], fp[r], fn[r]) for r in PROPERTIES}
    return {
        "benchmark": "re-docred",
        "file": str(path),
        "documents": len(docs),
        "properties": dict(PROPERTIES),
        "micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_property": per,
        "wrong": wrong,
        "missed": missed,
        "seconds": round(time.perf_counter() - began, 1),
    }


def _example(doc: RedocDocument, h: int, t: int, r: str) -> dict[str, Any]:
    def name(i: int) -> str:
        a, b = doc.entities[i][0]
        return doc.text[a:b]

    return {"title": doc.title, "head": name(h), "property": r, "tail": name(t)}


def render(result: dict[str, Any]) -> str:
    """The scores as a small table for a terminal."""
    lines = [
        f"Re-DocRED {result['file']}: {result['documents']} documents, {result['seconds']} s",
        f"{'property':<8} {'meaning':<50} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'tp':>5} {'fp':>5} {'fn':>5}",
    ]
    rows = [*result["per_property"].items(), ("micro", result["micro"])]
    for r, s in rows:
        meaning = result["properties"].get(r, "all of the above")
        lines.append(
            f"{r:<8} {meaning[:50]:<50} {s['precision']:>6.3f} {s['recall']:>6.3f} "
            f"{s['f1']:>6.3f} {s['tp']:>5} {s['fp']:>5} {s['fn']:>5}"
        )
    return "\n".join(lines)
