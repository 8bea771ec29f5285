"""MEANTIME (NewsReader, English): who is who within and across news articles.

Why this benchmark: it annotates entity mentions *and* their cross-document coreference
(`instance_id`) in 120 Wikinews articles that nobody here wrote, which is exactly what
`leyenda.resolve` claims to do. How the score is made:

1. **Text.** Each file gives tokens, not text. The text is rebuilt from them: tokens joined
   by one space, except no space before closing punctuation and clitics (",", ".", ")",
   "'s", "n't"...) and none after an opening bracket; the title (sentence 0) and the date
   line (sentence 1) are lines of their own, the body one paragraph. Each token's character
   offsets are recorded while the text is built, so gold spans and leyenda's spans point
   into the same string by construction (no fuzzy re-alignment). The creation time
   (TIMEX3 `functionInDocument="CREATION_TIME"`) is the publication date.
2. **leyenda** analyses every text (`analyse.analyse_documents`) and resolves all documents
   together (`resolve.resolve`), as `leyenda build` would.
3. **Gold mentions.** The ENTITY_MENTIONs that REFERS_TO an ENTITY of type PER or ORG.
   Cross-document clusters are the entity's `instance_id` (an entity without one is its own
   cluster); within-document clusters are the same per document. The main figures keep
   *named* mentions only: a mention with a capitalised token that is a word of its entity's
   name (`TAG_DESCRIPTOR`); "Jobs" and "Apple CEO Steve Jobs" are named, "he" and "the
   company" are not, since leyenda finds names, not pronouns or descriptions. A named
   mention that holds another named mention of the same entity ("Apple CEO Steve Jobs"
   around "Steve Jobs") counts once, as the inner one. The `all_mentions` figures keep
   every mention (pronouns and descriptions count as misses), for reference.
4. **Alignment** (one to one, greedy): a predicted mention matches a gold mention when the
   spans are equal, else when it overlaps the gold span *and* covers one of its name words
   (the head of a name: leyenda's "Steve Jobs" inside gold "Apple CEO Steve Jobs"; "Apple"
   inside it is not that mention). Exact pairs first, then the largest overlaps.
5. **Metrics**, per gold type (PER and ORG, computed separately): the key is the gold
   mentions of the type with their clusters; the response is the predicted mentions
   aligned to them, clustered by leyenda's entity. Gold mentions leyenda missed count
   against recall; predicted names MEANTIME does not annotate are left out (the corpus
   annotates a selection of entities, not every name). MUC, B³ and CEAF-e as in the CoNLL
   reference scorer (mentions missing from one side count as in Pradhan et al. 2014), and
   CoNLL F1 = their mean. `type_accuracy` is the share of aligned mentions whose leyenda
   entity has the matching type (person / organization).
"""

from __future__ import annotations

import logging
import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, LeyendaError
from ..model import Document

log = logging.getLogger(__name__)

__all__ = [
    "GoldMention",
    "MeantimeDocument",
    "b_cubed",
    "ceaf_e",
    "evaluate",
    "muc",
    "read_meantime",
    "render",
]

#: The gold entity types scored, and the leyenda type each one should get.
TYPES: dict[str, str] = {"PER": "person", "ORG": "organization"}

_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "'", "’", "n't", "'re", "'ve",
     "'ll", "'d", "'m"}
)  # fmt: skip
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#"})
_CAPITALISED = re.compile(r"^[A-Z]")

Cluster = Hashable
#: mention id → cluster id (any hashable ids: the metrics only compare them)
Clustering = Mapping[Any, Hashable]


@dataclass(frozen=True)
class GoldMention:
    """One gold entity mention: its characters, entity type, clusters, and name-word spans."""

    start: int
    end: int
    text: str
    type: str
    instance: str  # cross-document cluster id
    entity: str  # within-document cluster id (the ENTITY's m_id)
    named: bool
    name_words: tuple[tuple[int, int], ...]  # character spans of its name words


@dataclass(frozen=True)
class MeantimeDocument:
    """One MEANTIME article: rebuilt text, creation date, gold mentions."""

    id: str
    path: str
    text: str
    published: str | None
    gold: tuple[GoldMention, ...]


# --- reading -------------------------------------------------------------------------------


def read_meantime(path: Path) -> MeantimeDocument:
    """The article's text rebuilt from its tokens, with gold mentions as character spans.

    Raises `InputError` naming the file when it is not a MEANTIME (CAT XML) article.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(path), f"not a readable MEANTIME XML file ({exc})") from exc
    tokens = root.findall("token")
    if root.tag != "Document" or not tokens:
        raise InputError(str(path), "no <Document> with <token> elements, so not MEANTIME")
    spans: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    length = 0
    prev_sentence: str | None = None
    prev_text = ""
    for tok in tokens:
        word = tok.text or ""
        sentence = tok.get("sentence", "0")
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence and prev_sentence in ("0", "1"):
            sep = "\n"  # the title and the date line stand alone
        elif word in _NO_SPACE_BEFORE or prev_text in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        length += len(sep)
        spans[tok.get("t_id", "")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        prev_sentence, prev_text = sentence, word
    text = "".join(parts)
    markables = root.find("Markables")
    relations = root.find("Relations")
    published = None
    entities: dict[str, ET.Element] = {}
    mentions: dict[str, ET.Element] = {}
    if markables is not None:
        for el in markables:
            if el.tag == "ENTITY":
                entities[el.get("m_id", "")] = el
            elif el.tag == "ENTITY_MENTION":
                mentions[el.get("m_id", "")] = el
            elif el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
                value = el.get("value", "")
                published = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    doc_id = root.get("doc_id") or path.stem
    gold: list[GoldMention] = []
    for rel in relations.findall("REFERS_TO") if relations is not None else ():
        target = rel.find("target")
        entity = entities.get(target.get("m_id", "") if target is not None else "")
        if entity is None or entity.get("ent_type") not in TYPES:
            continue
        etype = entity.get("ent_type", "")
        descriptor = set(re.findall(r"[\w’'.-]+", entity.get("TAG_DESCRIPTOR", "")))
        instance = entity.get("instance_id") or f"{doc_id}#{entity.get('m_id')}"
        for src in rel.findall("source"):
            m = mentions.get(src.get("m_id", ""))
            if m is None:
                continue
            anchors = (spans.get(a.get("t_id", "")) for a in m.findall("token_anchor"))
            toks = [t for t in anchors if t is not None]
            if not toks:
                continue
            start, end = min(s for s, _ in toks), max(e for _, e in toks)
            words = tuple(
                (s, e) for s, e in toks if _CAPITALISED.match(text[s:e]) and text[s:e] in descriptor
            )
            gold.append(
                GoldMention(
                    start,
                    end,
                    text[start:end],
                    etype,
                    instance,
                    f"{doc_id}#{entity.get('m_id')}",
                    bool(words),
                    words,
                )
            )
    return MeantimeDocument(doc_id, str(path), text, published, tuple(gold))


def _inner_named(gold: Sequence[GoldMention]) -> list[GoldMention]:
    """Named mentions, a mention around another of the same entity counted once (the inner)."""
    named = [g for g in gold if g.named]
    return [
        g
        for g in named
        if not any(
            o is not g
            and o.entity == g.entity
            and g.start <= o.start
            and o.end <= g.end
            and (o.end - o.start) < (g.end - g.start)
            for o in named
        )
    ]


# --- alignment -----------------------------------------------------------------------------


def align(gold: Sequence[GoldMention], predicted: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Gold index → predicted index, one to one: exact spans first, then largest overlaps
    that cover a name word of the gold mention."""
    pairs: list[tuple[int, int, int, int]] = []  # (exact?, overlap, gold, predicted)
    for gi, g in enumerate(gold):
        for pi, (ps, pe) in enumerate(predicted):
            overlap = min(g.end, pe) - max(g.start, ps)
            if overlap <= 0:
                continue
            exact = (ps, pe) == (g.start, g.end)
            covers = any(ps <= ws and we <= pe for ws, we in g.name_words)
            if exact or covers:
                pairs.append((int(exact), overlap, gi, pi))
    pairs.sort(key=lambda p: (-p[0], -p[1], p[2], p[3]))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _exact, _overlap, gi, pi in pairs:
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


# --- metrics -------------------------------------------------------------------------------


def _clusters(c: Clustering) -> dict[Cluster, set[Hashable]]:
    out: dict[Cluster, set[Hashable]] = defaultdict(set)
    for mention, cluster in c.items():
        out[cluster].add(mention)
    return out


def _prf(num_r: float, den_r: float, num_p: float, den_p: float) -> dict[str, float]:
    r = num_r / den_r if den_r else 0.0
    p = num_p / den_p if den_p else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def muc(key: Clustering, response: Clustering) -> dict[str, float]:
    """MUC (Vilain et al. 1995): links kept; a mention missing from the other side is a
    singleton there."""

    def side(a: Clustering, b: Clustering) -> tuple[float, float]:
        num = den = 0.0
        for members in _clusters(a).values():
            parts = {b.get(m, ("missing", m)) for m in members}
            num += len(members) - len(parts)
            den += len(members) - 1
        return num, den

    nr, dr = side(key, response)
    np_, dp = side(response, key)
    return _prf(nr, dr, np_, dp)


def b_cubed(key: Clustering, response: Clustering) -> dict[str, float]:
    """B³ (Bagga & Baldwin 1998), per mention; a mention missing from the other side adds 0."""
    k, r = _clusters(key), _clusters(response)
    num_r = sum(
        len(km & r[response[m]]) / len(km) for km in k.values() for m in km if m in response
    )
    num_p = sum(len(rm & k[key[m]]) / len(rm) for rm in r.values() for m in rm if m in key)
    return _prf(num_r, len(key), num_p, len(response))


def ceaf_e(key: Clustering, response: Clustering) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005): the best one-to-one alignment of entities under
    φ4 = 2|K∩R| / (|K|+|R|), found per connected group of overlapping entities."""
    k = list(_clusters(key).values())
    r = list(_clusters(response).values())
    where: dict[Hashable, int] = {}
    for j, rm in enumerate(r):
        for m in rm:
            where[m] = j
    # connected components of the overlap graph keep each assignment problem small
    parent = list(range(len(k) + len(r)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, km in enumerate(k):
        for m in km:
            if m in where:
                parent[find(i)] = find(len(k) + where[m])
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(k)):
        groups[find(i)][0].append(i)
    for j in range(len(r)):
        groups[find(len(k) + j)][1].append(j)
    total = 0.0
    for ks, rs in groups.values():
        if not ks or not rs:
            continue
        weights = [[2 * len(k[i] & r[j]) / (len(k[i]) + len(r[j])) for j in rs] for i in ks]
        total += _best_assignment(weights)
    return _prf(total, len(k), total, len(r))


def _best_assignment(weights: list[list[float]]) -> float:
    """The largest sum of a one-to-one choice of cells (Hungarian method, O(n²m))."""
    transpose = len(weights) > len(weights[0])
    w = [list(col) for col in zip(*weights, strict=True)] if transpose else weights
    n, m = len(w), len(w[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -w[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sum(w[p[j] - 1][j - 1] for j in range(1, m + 1) if p[j])


def scores(key: Clustering, response: Clustering) -> dict[str, Any]:
    """MUC, B³, CEAF-e and their mean F1 (the CoNLL score) for one key and response."""
    out: dict[str, Any] = {
        "muc": muc(key, response),
        "b3": b_cubed(key, response),
        "ceafe": ceaf_e(key, response),
    }
    out["conll_f1"] = round(sum(out[m]["f1"] for m in ("muc", "b3", "ceafe")) / 3, 4)
    return out


# --- the run -------------------------------------------------------------------------------


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LeyendaError(f"{path}: no such file or folder")
    files = sorted(path.rglob("*.xml"))
    if not files:
        raise LeyendaError(f"{path}: no MEANTIME .xml files in this folder")
    return files


def evaluate(
    path: Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    nlp: Any = None,
) -> dict[str, Any]:
    """Run leyenda on the MEANTIME articles under `path` and score its entity coreference."""
    from ..analyse import analyse_documents
    from ..resolve import resolve

    t0 = time.perf_counter()
    files = _files(path)[: limit if limit else None]
    docs = [read_meantime(f) for f in files]
    documents = [
        Document(d.id, d.id, "meantime", d.published, f"meantime:{d.path}", d.text, d.path)
        for d in docs
    ]
    analyses = []
    for i, a in enumerate(analyse_documents(documents, nlp=nlp), 1):
        analyses.append(a)
        if progress is not None:
            progress(i, len(documents))
    resolution = resolve(analyses)
    etypes = {e.id: e.type for e in resolution.entities}
    result: dict[str, Any] = {
        "benchmark": "meantime",
        "documents": len(docs),
        "alignment": "exact span, else overlap covering a name word of the gold mention",
    }
    for view in ("cross_document", "within_document", "all_mentions"):
        result[view] = {}
    for gtype, ltype in TYPES.items():
        for view in ("cross_document", "within_document", "all_mentions"):
            key: dict[Hashable, Hashable] = {}
            response: dict[Hashable, Hashable] = {}
            counts = {"gold_mentions": 0, "predicted_mentions": 0, "aligned_mentions": 0}
            typed = 0
            for d, a in zip(docs, analyses, strict=True):
                of_type = [g for g in d.gold if g.type == gtype]
                gold = of_type if view == "all_mentions" else _inner_named(of_type)
                spans = [(m.start, m.end) for m in a.mentions]
                pairs = align(gold, spans)
                counts["gold_mentions"] += len(gold)
                counts["predicted_mentions"] += sum(
                    1
                    for i in range(len(a.mentions))
                    if etypes[resolution.mention_entity[(d.id, i)]] == ltype
                )
                counts["aligned_mentions"] += len(pairs)
                for gi, g in enumerate(gold):
                    mid = (d.id, g.start, g.end, gi)
                    within = view == "within_document"
                    key[mid] = g.entity if within else g.instance
                    if gi in pairs:
                        eid = resolution.mention_entity[(d.id, pairs[gi])]
                        response[mid] = (d.id, eid) if within else eid
                        typed += etypes[eid] == ltype
            clusters_k = len(set(key.values()))
            clusters_r = len(set(response.values()))
            result[view][gtype] = {
                **scores(key, response),
                **counts,
                "gold_entities": clusters_k,
                "predicted_entities": clusters_r,
                "type_accuracy": round(typed / counts["aligned_mentions"], 4)
                if counts["aligned_mentions"]
                else 0.0,
            }
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return result


def render(result: dict[str, Any]) -> str:
    """The scores as a short table for a terminal."""
    lines = [
        f"MEANTIME: {result['documents']} documents; alignment: {result['alignment']}",
        "",
        f"{'':24} {'MUC F1':>7} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'CEAFe':>6} {'CoNLL':>6}"
        f" {'gold':>5} {'pred':>5} {'align':>5} {'typed':>6}",
    ]
    for view in ("cross_document", "within_document", "all_mentions"):
        for gtype in TYPES:
            s = result[view][gtype]
            lines.append(
                f"{view + ' ' + gtype:24} {s['muc']['f1']:7.3f} {s['b3']['precision']:6.3f}"
                f" {s['b3']['recall']:6.3f} {s['b3']['f1']:6.3f} {s['ceafe']['f1']:6.3f}"
                f" {s['conll_f1']:6.3f} {s['gold_mentions']:5d} {s['predicted_mentions']:5d}"
                f" {s['aligned_mentions']:5d} {s['type_accuracy']:6.3f}"
            )
    lines.append("")
    lines.append(
        "named mentions only, except all_mentions (pronouns and descriptions count as misses);"
        f" {result.get('seconds', 0)}s"
    )
    return "\n".join(lines)
