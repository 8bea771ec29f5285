"""SemEval-2015 Task 4 (TimeLine), Track A: a dated, ordered timeline per target entity.

Why this benchmark: it asks exactly what a person's timeline in a case file is, the events a
given entity takes part in, across documents, anchored in time and in order, and it scores
that from raw text (Track A), as leyenda reads it.

The metric (Minard et al. 2015; the task's evaluation tool page, alt.qcri.org/semeval2015/
task4/index.php?id=tools): each timeline is turned into a graph of temporal relations and
scored with the temporal awareness of UzZaman & Allen (2011), as TempEval-3 did:

- every time anchor (a `DATE` other than `XXXX-XX-XX`) is a TIMEX3; each event is tied to
  its anchor (`ANCHOR`, the tool's event–TIMEX3 "SIMULTANEOUS");
- an event at a lower `ORDER` than another is `BEFORE` it; events at the same order (> 0),
  and the co-referring mentions of one line, are `SIMULTANEOUS`; order 0 is unordered;
- precision = |S⁻ ∩ G⁺| / |S⁻| and recall = |G⁻ ∩ S⁺| / |G⁻|, where ⁺ is a graph's closure
  and ⁻ its reduced graph (the fewest relations with the same closure); the figures are
  micro-averaged over timelines (numerators and denominators summed), as the tool does.

Closure and reduction here are exact for these three relation kinds: SIMULTANEOUS classes
(by union-find), BEFORE between classes (transitive), and anchors shared within a class.
The reduced graph links each class's members to its first member (sorted), each order to
the next by their first members, and each class's anchors from its first member. One
simplification against the tool: an anchor says "happens within that date" and is not
propagated between events, so two events of one day in two orders (the gold does that)
stay consistent; the tool, writing both as SIMULTANEOUS with one TIMEX3, would not.
"""

from __future__ import annotations

import itertools
import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = [
    "TimelineEntry",
    "closure",
    "evaluate",
    "parse_timeline",
    "reduced",
    "render",
    "score_timelines",
    "write_timeline",
]

Relation = tuple[str, str, str]  # (kind, a, b): BEFORE a<b; SIMULTANEOUS and ANCHOR a<=b sorted
UNKNOWN_DATE = "XXXX-XX-XX"


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a timeline: its order, its date and the co-referring event mentions."""

    order: int
    date: str
    mentions: tuple[str, ...]


def parse_timeline(text: str) -> tuple[str, list[TimelineEntry]]:
    """The target entity (first line) and the entries of a timeline file's text."""
    lines = text.splitlines()
    target = lines[0].strip() if lines else ""
    entries = []
    for line in lines[1:]:
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 3 or not parts[0].lstrip("-").isdigit():
            continue
        mentions = tuple(dict.fromkeys(p for p in parts[2:] if p))
        if mentions:
            entries.append(TimelineEntry(int(parts[0]), parts[1], mentions))
    return target, entries


def write_timeline(target: str, entries: Iterable[TimelineEntry]) -> str:
    """The task's file format: the target, then ORDER<TAB>DATE<TAB>MENTION... lines."""
    rows = [target]
    for e in sorted(entries, key=lambda e: (e.order, e.date, e.mentions)):
        rows.append("\t".join([str(e.order), e.date, *e.mentions]))
    return "\n".join(rows) + "\n"


def _classes(entries: Sequence[TimelineEntry]) -> tuple[dict[str, str], dict[str, int]]:
    """Each event's SIMULTANEOUS class (its representative: the smallest member) and order."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    order: dict[str, int] = {}
    first_of_order: dict[int, str] = {}
    for e in entries:
        for m in e.mentions:
            parent.setdefault(m, m)
            order[m] = max(order.get(m, 0), e.order)
        for m in e.mentions[1:]:
            union(e.mentions[0], m)
        if e.order > 0:
            head = first_of_order.setdefault(e.order, e.mentions[0])
            union(head, e.mentions[0])
    return {m: find(m) for m in parent}, order


def _graph(
    entries: Sequence[TimelineEntry],
) -> tuple[dict[str, list[str]], list[list[str]], dict[str, set[str]]]:
    """Classes (rep → sorted members), ordered groups of reps (by order), anchors per rep."""
    rep, order = _classes(entries)
    members: dict[str, list[str]] = defaultdict(list)
    for m, r in rep.items():
        members[r].append(m)
    for ms in members.values():
        ms.sort()
    anchors: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.date and e.date != UNKNOWN_DATE:
            for m in e.mentions:
                anchors[rep[m]].add(e.date)
    by_order: dict[int, set[str]] = defaultdict(set)
    for r in members:
        o = max(order[m] for m in members[r])
        if o > 0:
            by_order[o].add(r)
    groups = [sorted(by_order[o]) for o in sorted(by_order)]
    return dict(members), groups, anchors


def closure(entries: Sequence[TimelineEntry]) -> set[Relation]:
    """Every relation the timeline implies (G⁺)."""
    members, groups, anchors = _graph(entries)
    out: set[Relation] = set()
    for r, ms in members.items():
        for i, a in enumerate(ms):
            for b in ms[i + 1 :]:
                out.add(("SIMULTANEOUS", a, b))
            for d in anchors.get(r, ()):
                out.add(("ANCHOR", a, d))
    for i, group in enumerate(groups):
        earlier = [m for r in group for m in members[r]]
        for later_group in groups[i + 1 :]:
            for r in later_group:
                for b in members[r]:
                    for a in earlier:
                        out.add(("BEFORE", a, b))
    return out


def reduced(entries: Sequence[TimelineEntry]) -> set[Relation]:
    """The fewest relations with the same closure (G⁻), with the choices the module says."""
    members, groups, anchors = _graph(entries)
    out: set[Relation] = set()
    for r, ms in members.items():
        for b in ms[1:]:
            out.add(("SIMULTANEOUS", ms[0], b))
        for d in anchors.get(r, ()):
            out.add(("ANCHOR", ms[0], d))
    for before, after in itertools.pairwise(groups):
        out.add(("BEFORE", before[0], after[0]))
    return out


@dataclass
class Counts:
    """Numerators and denominators of temporal awareness, summed over timelines."""

    p_hit: int = 0  # system reduced relations found in the gold closure
    p_all: int = 0  # system reduced relations
    r_hit: int = 0  # gold reduced relations found in the system closure
    r_all: int = 0  # gold reduced relations

    def add(self, other: Counts) -> None:
        self.p_hit += other.p_hit
        self.p_all += other.p_all
        self.r_hit += other.r_hit
        self.r_all += other.r_all

    def scores(self) -> dict[str, float | int]:
        p = self.p_hit / self.p_all if self.p_all else 0.0
        r = self.r_hit / self.r_all if self.r_all else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(100 * p, 2),
            "recall": round(100 * r, 2),
            "f1": round(100 * f, 2),
            "system_relations": self.p_all,
            "gold_relations": self.r_all,
        }


def score_timelines(gold: Sequence[TimelineEntry], system: Sequence[TimelineEntry]) -> Counts:
    """Temporal awareness counts of one system timeline against its gold timeline."""
    g_plus, g_minus = closure(gold), reduced(gold)
    s_plus, s_minus = closure(system), reduced(system)
    return Counts(len(s_minus & g_plus), len(s_minus), len(g_minus & s_plus), len(g_minus))


# --- running leyenda on the corpora ----------------------------------------------------------

#: No space before these tokens, none after the opening ones, when text is rebuilt.
_NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "!", "?", ")", "]", "'s", "n't", "'", "%", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "``"})
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class CatDocument:
    """A Track A CAT file: its rebuilt text, DCT and where each token is."""

    id: str
    text: str
    dct: str | None
    tokens: tuple[tuple[int, int, int, str], ...]  # (start, end, sentence, word)


def read_cat(path: Path) -> CatDocument:
    """Text rebuilt from the tokens (title and date lines on their own), with token offsets."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(path), f"not a readable CAT XML file ({exc})") from exc
    parts: list[str] = []
    toks: list[tuple[int, int, int, str]] = []
    length, prev_sentence, prev_word = 0, -1, ""
    for tok in root.findall("token"):
        word = tok.text or ""
        sentence = int(tok.get("sentence", "0"))
        if prev_sentence < 0:
            sep = ""
        elif sentence != prev_sentence and prev_sentence in (0, 1):
            sep = "\n"
        elif word in _NO_SPACE_BEFORE or prev_word in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        length += len(sep)
        toks.append((length, length + len(word), sentence, word))
        parts.append(word)
        length += len(word)
        prev_sentence, prev_word = sentence, word
    dct = None
    for el in root.iter("TIMEX3"):
        if el.get("functionInDocument") == "CREATION_TIME":
            value = el.get("value", "")
            dct = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    return CatDocument(
        root.get("doc_id") or path.name.split("_")[0], "".join(parts), dct, tuple(toks)
    )


def _task_date(start: str, end: str) -> str:
    """A leyenda time span as the task writes a date: the precision both ends share."""
    a, b = _DATE.match(start), _DATE.match(end)
    if a is None or b is None or a.group(1) != b.group(1):
        return UNKNOWN_DATE
    year, month, day = a.group(1), a.group(2), a.group(3)
    if month is None or month != b.group(2):
        return f"{year}-XX-XX"
    if day is None or day != b.group(3):
        return f"{year}-{month}-XX"
    return f"{year}-{month}-{day}"


def _norm(name: str) -> str:
    return re.sub(r"[^\w&]+", " ", name.casefold()).strip()


def _trigger_token(
    doc: CatDocument, sdoc: Any, fact: Any, trigger_lemmas: dict[str, set[str]]
) -> int | None:
    """The CAT token of a fact's event word: the sentence's token whose lemma (or form) the
    fact's predicate is triggered by, or whose lemma is the open event's head."""
    ev = fact.evidence
    if fact.predicate == "event":
        wanted = {str(fact.value).split()[0]}
    else:
        wanted = trigger_lemmas.get(fact.predicate, set())
    span = sdoc.char_span(ev.start, ev.end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.lemma_.lower() in wanted or tok.lower_ in wanted:
            for i, (s, e, _, _) in enumerate(doc.tokens):
                if s <= tok.idx < e or (tok.idx <= s < tok.idx + len(tok.text)):
                    return i
    return None


def _trigger_lemmas() -> dict[str, set[str]]:
    from ..claims import triggers as tg

    out: dict[str, set[str]] = defaultdict(set)
    for word, predicate in {**tg.VERB_EVENTS, **tg.NOUN_EVENTS}.items():
        out[predicate].add(word)
    return out


def system_timelines(
    docs: Sequence[CatDocument], targets: Sequence[str], *, nlp: Any = None, dct_anchor: bool = True
) -> dict[str, list[TimelineEntry]]:
    """One timeline per target: events (typed and open) one of whose participants is the
    target, dated by their own time, else (`dct_anchor`) by the document's date."""
    from ..analyse import analyse_parsed
    from ..model import EVENT_PREDICATES, Document
    from ..nlp import load_nlp, pipe_batches
    from ..resolve import resolve

    nlp = nlp if nlp is not None else load_nlp()
    documents = [
        Document(d.id, d.id, "semeval2015", d.dct, f"semeval:{d.id}", d.text, d.id) for d in docs
    ]
    analyses, sdocs = [], []
    for sdoc, document in pipe_batches(nlp, ((d.text, d) for d in documents), 16):
        analyses.append(analyse_parsed(sdoc, document))
        sdocs.append(sdoc)
    resolution = resolve(analyses)
    wanted = {_norm(t): t for t in targets}
    entity_target: dict[str, str] = {}
    for ent in resolution.entities:
        for name in (ent.name, *ent.aliases):
            hit = wanted.get(_norm(name)) or wanted.get(
                _norm(re.sub(r"^the\s+", "", name, flags=re.I))
            )
            if hit is not None:
                entity_target[ent.id] = hit
                break
    lemmas = _trigger_lemmas()
    events: dict[str, dict[str, str]] = defaultdict(dict)  # target → mention → date
    for doc, sdoc, analysis in zip(docs, sdocs, analyses, strict=True):
        for fact in analysis.facts:
            if fact.predicate not in EVENT_PREDICATES and fact.predicate != "event":
                continue
            who = {fact.subject} | ({fact.object} if fact.object is not None else set())
            hit_targets = {
                entity_target[e]
                for mi in who
                if (e := resolution.mention_entity.get((doc.id, mi))) in entity_target
            }
            if not hit_targets:
                continue
            ti = _trigger_token(doc, sdoc, fact, lemmas)
            if ti is None:
                continue
            _, _, sentence, word = doc.tokens[ti]
            mention = f"{doc.id}-{sentence}-{word}"
            if fact.time is not None:
                date = _task_date(fact.time.start, fact.time.end)
            elif dct_anchor and doc.dct:
                date = doc.dct
            else:
                date = UNKNOWN_DATE
            for t in hit_targets:
                if events[t].get(mention, UNKNOWN_DATE) == UNKNOWN_DATE:
                    events[t][mention] = date
    out: dict[str, list[TimelineEntry]] = {}
    for t in targets:
        dated = sorted({d for d in events[t].values() if d != UNKNOWN_DATE})
        rank = {d: i + 1 for i, d in enumerate(dated)}
        out[t] = [TimelineEntry(rank.get(d, 0), d, (m,)) for m, d in sorted(events[t].items())]
    return out


def _gold_timelines(corpus: Path) -> dict[str, list[TimelineEntry]]:
    gold: dict[str, list[TimelineEntry]] = {}
    for f in sorted((corpus / "TimeLines_Gold_Standard").glob("*.txt")):
        target, entries = parse_timeline(f.read_text(encoding="utf-8"))
        gold.setdefault(target, entries)  # corpus_3 has one timeline twice
    return gold


def evaluate(
    path: Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    nlp: Any = None,
    out_dir: Path | None = None,
    dct_anchor: bool = True,
) -> dict[str, Any]:
    """Builds each corpus under `path` (corpus_N/), writes and scores its timelines."""
    if not path.is_dir():
        raise InputError(str(path), "no such directory (expected the SemEval-2015 task 4 data)")
    corpora = sorted(p for p in path.iterdir() if p.is_dir() and p.name.startswith("corpus_"))
    if not corpora:
        raise InputError(str(path), "no corpus_N folders here")
    t0 = time.perf_counter()
    total = Counts()
    result: dict[str, Any] = {"benchmark": "semeval2015-task4-trackA", "corpora": {}}
    for corpus in corpora:
        n = corpus.name.split("_")[-1]
        target_file = corpus / f"list_target_entities_corpus_{n}.txt"
        targets = [
            t.strip() for t in target_file.read_text(encoding="utf-8").splitlines() if t.strip()
        ]
        files = sorted(corpus.glob("corpus_trackA_CAT/*.txt.xml"))[: limit if limit else None]
        docs = [read_cat(f) for f in files]
        system = system_timelines(docs, targets, nlp=nlp, dct_anchor=dct_anchor)
        gold = _gold_timelines(corpus)
        counts = Counts()
        per_target = {}
        for target in targets:
            c = score_timelines(gold.get(target, []), system.get(target, []))
            counts.add(c)
            per_target[target] = {**c.scores(), "events": len(system.get(target, []))}
            if out_dir is not None:
                (out_dir / corpus.name).mkdir(parents=True, exist_ok=True)
                name = re.sub(r"\W+", "_", target.casefold()).strip("_") + ".txt"
                (out_dir / corpus.name / name).write_text(
                    write_timeline(target, system.get(target, [])), encoding="utf-8"
                )
        total.add(counts)
        result["corpora"][corpus.name] = {
            **counts.scores(),
            "documents": len(docs),
            "events": sum(len(v) for v in system.values()),
            "targets": per_target,
        }
    result["micro"] = total.scores()
    result["dct_anchor"] = dct_anchor
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return result


def render(result: dict[str, Any]) -> str:
    """Per-corpus and micro temporal awareness, as the task reported it (percent)."""
    lines = [
        "SemEval-2015 Task 4 Track A (temporal awareness, micro over timelines)",
        f"{'':12}{'P':>8}{'R':>8}{'F1':>8}{'events':>8}",
    ]
    for name, c in result["corpora"].items():
        lines.append(
            f"{name:12}{c['precision']:8.2f}{c['recall']:8.2f}{c['f1']:8.2f}{c['events']:8}"
        )
    m = result["micro"]
    lines.append(f"{'micro':12}{m['precision']:8.2f}{m['recall']:8.2f}{m['f1']:8.2f}")
    lines.append(f"time: {result['seconds']:.1f} s")
    return "\n".join(lines)
