"""A learned relation scorer: the statistical half of rules ∪ classifier (CoreNLP's KBP shape).

The rules of `extract` are precise but narrow. This component reads pairs of names the rules
said nothing about and states a relation when a logistic regression, trained on Wikipedia
sentences (`train_relations`), is sure enough of it.

Steps, per parsed document:

1. entities: mentions grouped by their antecedent chain (`mentions.root_of`); the *topic* is
   the entity of the document's first name (a Wikipedia article's subject, often a news
   story's protagonist). In a sentence that does not name the topic, a pronoun of its kind
   ("he", "his", "it", "the film") stands for it;
2. candidate pairs whose types fit a relation (`SIGNATURES`): two names of one sentence, of
   adjacent sentences, the topic and a name of a sentence that does not name it, a person
   and a written date of one sentence; and at document level (`_document_pairs`) any two
   entities named within `DOC_WINDOW` sentences, or the topic and any entity;
3. cheap features per mention pair from spaCy's tokens (dependency path between the heads,
   lemmas between, the heads' roles and governors, trigger words of the sentence, distance),
   gathered over every mention pair of the two entities, plus what the document says of
   each entity (`_entity_features`: topic, name words, describing nouns, shared surname);
4. one logistic regression per relation (one-vs-rest) scores each pair; its probability,
   Platt-calibrated on held-out folds, is the fact's `confidence`; a fact is stated only
   above the relation's threshold (chosen on those folds for precision ≥ ~0.9) and only when
   the rules have not already stated that relation for the pair. The fact cites the sentence
   (or the two sentences) of the mention pair that scored highest.

Weights live in `relations.npz` next to this file, loaded once per process; scoring is plain
numpy. Without the file the component states nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..mentions import root_of
from ..model import Document, Evidence, LocalFact, Mention, Modality, TimeExpr, TimeSpan

__all__ = [
    "LABELS",
    "MODEL_PATH",
    "RULE",
    "SIGNATURES",
    "Candidate",
    "RelationModel",
    "candidates",
    "decide",
    "disabled",
    "fact_of",
    "learned_relations",
    "load_model",
    "stated_by_rules",
]

#: Where the trained weights live (written by `train_relations`).
MODEL_PATH = Path(__file__).with_name("relations.npz")

#: The `rule` of every fact this component states (a key of `confidence.json` is not needed:
#: the confidence is the model's own calibrated probability).
RULE = "model:relations"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: What the classifier scores, for a pair (a, b): a is the fact's subject side.
LABELS: tuple[str, ...] = (
    "spouse",  # a and b are married
    "sibling",
    "child",  # a is a child of b
    "father",  # b is a's father
    "mother",  # b is a's mother
    "employee_of",  # a works for b
    "member_of",  # a is a member of b
    "founded",  # a founded b
    "cast",  # a is in the cast of the work b
    "born_place",  # a was born in b
    "died_place",  # a died in b
    "born_time",  # a was born on the date b
    "died_time",  # a died on the date b
)

_PP = frozenset({("person", "person")})
#: The (subject, object) types each label is scored for; "time" is a written date.
SIGNATURES: dict[str, frozenset[tuple[str, str]]] = {
    "spouse": _PP,
    "sibling": _PP,
    "child": _PP,
    "father": _PP,
    "mother": _PP,
    "employee_of": frozenset({("person", "organization")}),
    "member_of": frozenset(
        {("person", "organization"), ("place", "organization"), ("organization", "organization")}
    ),
    "founded": frozenset({("person", "organization")}),
    "cast": frozenset({("person", "other"), ("person", "work")}),
    "born_place": frozenset({("person", "place")}),
    "died_place": frozenset({("person", "place")}),
    "born_time": frozenset({("person", "time")}),
    "died_time": frozenset({("person", "time")}),
}
_FITTING = frozenset(sig for sigs in SIGNATURES.values() for sig in sigs)


# Words of a sentence that say which relation it may be about (lemmas). A pair is read only
# in a sentence (or, for adjacent sentences, one of the two) with a word of its kind's gate:
# most sentences of an article state none of these relations, and reading them cost time.
LIFE_WORDS = _words(
    "bear born birth die death dead decease kill murder assassinate execute bury funeral "
    "native raise grow"
)
KIN_WORDS = _words(
    "marry wife husband spouse widow widower wed wedding divorce couple fiancée fiance "
    "partner son daughter child father mother parent brother sister sibling twin "
    "half-brother half-sister stepfather stepmother stepson stepdaughter grandson "
    "granddaughter grandfather grandmother grandchild family dad mom mum uncle aunt nephew "
    "niece cousin heir bear born"
)
CAST_WORDS = _words(
    "star cast film movie series role play feature appear portray actor actress voice "
    "direct produce episode season show character guest co-star starring lead"
)
ORG_WORDS = _words(
    "found founder co-found establish create form start launch member join band group "
    "party team club society academy association union league fellow elect employ "
    "employee work professor lecturer teach staff hire serve chairman president ceo "
    "director manager editor correspondent engineer researcher scientist executive "
    "officer company firm university college newspaper sign record label album "
    "leave quit retire"
)
#: Each kind of pair and the words that open a sentence to it; births and deaths also in
#: a sentence with a bracket ("X (1 May 1900 – 2 June 1980)").
GATES: dict[tuple[str, str], frozenset[str]] = {
    ("person", "time"): LIFE_WORDS,
    ("person", "place"): LIFE_WORDS,
    ("person", "person"): KIN_WORDS,
    ("person", "other"): CAST_WORDS,
    ("person", "work"): CAST_WORDS,
    ("person", "organization"): ORG_WORDS,
    ("place", "organization"): ORG_WORDS,
    ("organization", "organization"): ORG_WORDS,
}
#: Every gate's words: the sentence-level trigger features.
TRIGGERS = LIFE_WORDS | KIN_WORDS | CAST_WORDS | ORG_WORDS

#: Nouns that stand for a topic that is not a person ("the film stars X").
TOPIC_NOUNS = _words(
    "film movie series show sitcom drama album band group company firm organization "
    "organisation party club team university college school newspaper magazine game "
    "novel book play opera musical programme program station network label society "
    "academy"
)
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_THING = frozenset({"it", "its", "they", "their"})
_MONTHS = _words(
    "january february march april may june july august september october november december"
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\d{3,4}")

_SUBJECTS = ("nsubj", "nsubjpass")
#: Pairs whose relation belongs to the subject side's own clause: a birth, a death.
_OWN_CLAUSE = frozenset({("person", "time"), ("person", "place")})

#: Longest stretch of tokens between two names read word by word.
MAX_BETWEEN = 12
#: Longest dependency path (edges on each side of the common ancestor) turned into a feature.
MAX_PATH = 5


@dataclass
class Candidate:
    """A pair of entities (or a person and a date) one document may relate, with what the
    classifier reads about it: `features` over all its mention pairs, and per mention pair
    its own features and the characters of the sentence(s) that hold it."""

    a: int  # mention index of the subject entity's root
    b: int  # mention index of the object entity's root, or a time index when `kind` is time
    kind: tuple[str, str]  # (subject type, object type)
    features: set[str] = field(default_factory=set)
    pairs: list[tuple[tuple[str, ...], int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class RelationModel:
    """Trained weights: one column per label over an indexed feature vocabulary."""

    labels: tuple[str, ...]
    index: dict[str, int]
    weights: Any  # (features, labels) float32
    bias: Any  # (labels,)
    platt: Any  # (labels, 2): calibrated p = sigmoid(a * score + b)
    thresholds: Any  # (labels,): least calibrated probability a fact is stated at

    def scores(self, features: Iterable[str]) -> Any:
        """Raw linear scores per label of one feature set."""
        idx = [self.index[f] for f in features if f in self.index]
        if not idx:
            return self.bias.copy()
        return self.weights[idx].sum(axis=0) + self.bias

    def batch_scores(self, feature_sets: Sequence[Iterable[str]]) -> Any:
        """Raw linear scores per label of many feature sets, one row each."""
        index = self.index
        rows = [[index[f] for f in feats if f in index] for feats in feature_sets]
        out = np.tile(self.bias, (len(rows), 1))
        flat = [i for r in rows for i in r]
        if flat:
            sizes = np.array([len(r) for r in rows])
            has = np.flatnonzero(sizes)
            starts = np.concatenate(([0], np.cumsum(sizes[has])[:-1]))
            out[has] += np.add.reduceat(self.weights[flat], starts, axis=0)
        return out

    def stated_kinds(self) -> frozenset[tuple[str, str]]:
        """The (subject, object) types of the labels this model states at all."""
        return frozenset(
            sig
            for lab, t in zip(self.labels, self.thresholds, strict=True)
            if t <= 1.0
            for sig in SIGNATURES[lab]
        )

    def probabilities(self, scores: Any) -> Any:
        """Calibrated probabilities per label of raw scores."""
        z = self.platt[:, 0] * scores + self.platt[:, 1]
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path) -> None:
        """Writes the model as a compressed .npz (vocabulary as one UTF-8 text)."""
        vocab = sorted(self.index, key=self.index.__getitem__)
        if any("\n" in f for f in vocab):
            raise ValueError("a feature holds a line break, which the vocabulary text splits on")
        np.savez_compressed(
            path,
            labels=np.frombuffer("\n".join(self.labels).encode("utf-8"), dtype=np.uint8),
            vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
            weights=np.asarray(self.weights, dtype=np.float32),
            bias=np.asarray(self.bias, dtype=np.float32),
            platt=np.asarray(self.platt, dtype=np.float32),
            thresholds=np.asarray(self.thresholds, dtype=np.float32),
        )

    @classmethod
    def read(cls, path: Path) -> RelationModel:
        """The model saved at `path`."""
        with np.load(path, allow_pickle=False) as z:
            labels = tuple(bytes(z["labels"]).decode("utf-8").split("\n"))
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            return cls(
                labels,
                {f: i for i, f in enumerate(vocab)},
                z["weights"].astype(np.float64),
                z["bias"].astype(np.float64),
                z["platt"].astype(np.float64),
                z["thresholds"].astype(np.float64),
            )


_DISABLED: list[bool] = []


@contextmanager
def disabled() -> Iterator[None]:
    """While inside, `learned_relations` states nothing: training reads the rules alone."""
    _DISABLED.append(True)
    try:
        yield
    finally:
        _DISABLED.pop()


@lru_cache(maxsize=1)
def load_model() -> RelationModel | None:
    """The shipped model, read once per process; None when no weights are shipped."""
    if not MODEL_PATH.exists():
        return None
    return RelationModel.read(MODEL_PATH)


# 1.-3. candidates and their features -------------------------------------------------------


def _norm(tok: Any) -> str:
    if tok.is_space:
        return "#space"
    low = str(tok.lower_)
    if _DIGIT.search(low):
        return "#num"
    if low in _MONTHS:
        return "#month"
    return str(tok.lemma_).lower()


def _ancestors(tok: Any) -> list[Any]:
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


class _Tree:
    """A parsed document with what the features read of its tokens, each worked out once
    per document (the same heads and words are read for many pairs)."""

    def __init__(self, sdoc: Any) -> None:
        self.sdoc = sdoc
        self._norms: dict[int, str] = {}
        self._up: dict[int, list[Any]] = {}

    def __getitem__(self, key: Any) -> Any:
        return self.sdoc[key]

    def __len__(self) -> int:
        return len(self.sdoc)

    def norm(self, tok: Any) -> str:
        """The word as a feature: its lemma, or #num, #month, #space."""
        got = self._norms.get(tok.i)
        if got is None:
            got = self._norms[tok.i] = _norm(tok)
        return got

    def ancestors(self, tok: Any) -> list[Any]:
        """The token and its heads up to the root."""
        got = self._up.get(tok.i)
        if got is None:
            got = self._up[tok.i] = _ancestors(tok)
        return got


def _path(tree: _Tree, ha: Any, hb: Any) -> tuple[str, str, str] | None:
    """The dependency path between two heads: with lemmas, labels only, and the common
    ancestor's lemma; None when it is too long or the heads are in different trees."""
    up_a = tree.ancestors(ha)
    pos_a = {t.i: k for k, t in enumerate(up_a)}
    up_b = tree.ancestors(hb)
    for kb, t in enumerate(up_b):
        ka = pos_a.get(t.i)
        if ka is None:
            continue
        if ka > MAX_PATH or kb > MAX_PATH:
            return None
        lca = t
        left = up_a[:ka]
        right = up_b[:kb]
        labels_l = [x.dep_ + "<" for x in left]
        labels_r = [">" + x.dep_ for x in reversed(right)]
        mids_l = [x.dep_ + "<" + tree.norm(x.head) for x in left[:-1]] + (
            [left[-1].dep_ + "<"] if left else []
        )
        mids_r = ([">" + right[-1].dep_] if right else []) + [
            tree.norm(x.head) + ">" + x.dep_ for x in reversed(right[:-1])
        ]
        lemma = tree.norm(lca)
        full = " ".join([*mids_l, lemma.upper(), *mids_r])
        bare = " ".join([*labels_l, "^", *labels_r])
        return full, bare, lemma
    return None


def _pair_features(sdoc: _Tree, a: tuple[int, int, Any], b: tuple[int, int, Any]) -> list[str]:
    """Features of two spans of one sentence, each (first token, end token, head token);
    `a` is the subject side."""
    a0, _, ha = a
    b0, _, hb = b
    feats = []
    first, second = (a, b) if a0 <= b0 else (b, a)
    order = "ab" if first is a else "ba"
    feats.append("O:" + order)
    lo, hi = first[1], second[0]
    gap = max(0, hi - lo)
    bucket = (
        "0"
        if gap == 0
        else "1"
        if gap == 1
        else "2"
        if gap == 2
        else "3-4"
        if gap <= 4
        else "5-8"
        if gap <= 8
        else "9-15"
        if gap <= 15
        else "16+"
    )
    feats.append("D:" + bucket)
    if gap <= MAX_BETWEEN:
        between = [sdoc.norm(t) for t in sdoc[lo:hi]]
        words = [w for w in between if w.isalpha() or w.startswith("#")]
        feats.extend("W:" + w for w in set(words))
        if gap <= 4:
            feats.append(f"B:{order}:" + " ".join(between))
        if "(" in between:
            feats.append(f"PAREN:{order}")
    else:
        feats.append("W:far")
    if first[0] > 0:
        feats.append(f"L{order}:" + sdoc.norm(sdoc[first[0] - 1]))
    if second[1] < len(sdoc):
        feats.append(f"R{order}:" + sdoc.norm(sdoc[second[1]]))
    feats.append("RA:" + ha.dep_)
    feats.append("RB:" + hb.dep_)
    feats.append("HA:" + sdoc.norm(ha.head))
    feats.append("HB:" + sdoc.norm(hb.head))
    if hb.head.pos_ == "ADP":
        feats.append("HB2:" + sdoc.norm(hb.head.head))
    if ha.head.pos_ == "ADP":
        feats.append("HA2:" + sdoc.norm(ha.head.head))
    path = _path(sdoc, ha, hb)
    if path is None:
        feats.append("P:none")
    else:
        full, bare, lemma = path
        feats.append("P:" + full)
        feats.append("PB:" + bare)
        feats.append("LCA:" + lemma)
    feats.append("SUBJ:" + ("other" if _subject_elsewhere(sdoc, ha, hb) else "own"))
    # a name inside a list ("starring A, B and C") is read from the list's first item
    ca, cb = _list_head(ha), _list_head(hb)
    if (ca is not ha or cb is not hb) and ca.i != cb.i:
        listed = _path(sdoc, ca, cb)
        if listed is not None:
            feats.append("PC:" + listed[0])
            feats.append("PCL:" + listed[2])
    return feats


def _lca(tree: _Tree, ha: Any, hb: Any) -> Any | None:
    ids = {t.i for t in tree.ancestors(ha)}
    for t in tree.ancestors(hb):
        if t.i in ids:
            return t
    return None


def _subject_elsewhere(tree: _Tree, ha: Any, hb: Any) -> bool:
    """Whether the clause that joins two heads has a subject other than the first one (or
    the list it is in): in "X's father died in 1900" and "he tracked X's rise until he died",
    the one who died is not X."""
    lca = _lca(tree, ha, hb)
    if lca is None:
        return False
    own = {ha.i, _list_head(ha).i}
    subjects = [c for c in lca.children if c.dep_ in _SUBJECTS]
    return bool(subjects) and not any(c.i in own for c in subjects)


def _list_head(tok: Any) -> Any:
    """The first item of the list (conjuncts, appositions) `tok` is in; itself if none."""
    for _ in range(12):
        if tok.dep_ not in ("conj", "appos") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _alone(
    sdoc: _Tree, b0: int, b1: int, hb: Any, direction: str, trig: Sequence[str]
) -> list[str]:
    """Features of a name in a sentence that does not name the topic, the topic's side
    being `direction` ("ab": the topic is the subject side)."""
    head = _list_head(hb)
    feats = [f"TS:{direction}:{w}" for w in trig]
    feats.append(f"{direction}:TR:{hb.dep_}>{sdoc.norm(hb.head)}")
    if head is not hb:
        feats.append(f"{direction}:TC:{head.dep_}>{sdoc.norm(head.head)}")
    if head.head.pos_ == "ADP":
        feats.append(f"{direction}:TH2:{sdoc.norm(head.head)}>{sdoc.norm(head.head.head)}")
    if b0 > 0:
        feats.append(f"{direction}:TL:{sdoc.norm(sdoc[b0 - 1])}")
    if b1 < len(sdoc):
        feats.append(f"{direction}:TN:{sdoc.norm(sdoc[b1])}")
    root = hb
    for _ in range(40):
        if root.head.i == root.i:
            break
        root = root.head
    feats.append(f"{direction}:TRoot:{sdoc.norm(root)}")
    return feats


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _token_ids(sdoc: Any) -> tuple[list[int], list[int]]:
    """Each token's lower-case form and lemma, as string ids (one call into spaCy)."""
    from spacy.attrs import LEMMA, LOWER

    arr = sdoc.to_array([LOWER, LEMMA]).reshape(-1, 2)
    return arr[:, 0].tolist(), arr[:, 1].tolist()


@lru_cache(maxsize=1)
def _trigger_id_map() -> dict[int, str]:
    from spacy.strings import StringStore

    strings = StringStore()
    out: dict[int, str] = {}
    for w in TRIGGERS:
        for form in (w, w.capitalize(), w.upper()):
            out[int(strings.add(form))] = w
    return out


def _trigger_ids(strings: Any) -> dict[int, str]:
    """String id of each trigger word (as a lemma may be written) → the word."""
    del strings  # ids are hashes of the text, the same in every string store
    return _trigger_id_map()


def _ids(strings: Any, words: Iterable[str]) -> frozenset[int]:
    return frozenset(int(strings[w]) for w in words)


def _topic_proxies(
    sdoc: Any, sent: Any, lower_ids: Sequence[int], proxy_ids: frozenset[int]
) -> list[Any]:
    """Tokens of a sentence that may stand for the topic: its pronouns, "the film"."""
    out = []
    for i in range(sent.start, sent.end):
        if lower_ids[i] not in proxy_ids:
            continue
        t = sdoc[i]
        if t.lower_ in TOPIC_NOUNS and not (
            t.pos_ == "NOUN" and any(c.lower_ == "the" for c in t.children)
        ):
            continue
        out.append(t)
    return out


def _separate_names(mentions: Sequence[Mention]) -> list[int]:
    """Mentions in text order, less any inside (or overlapping) a longer one before it: a
    name within a name is no second participant."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, -mentions[i].end, i))
    out: list[int] = []
    reach = -1
    for i in order:
        if mentions[i].start < reach:
            continue
        out.append(i)
        reach = mentions[i].end
    return out


#: Dependency labels of the words that describe a name ("the electronic group X", "X, a band").
_DESCRIBING = frozenset({"compound", "amod", "nmod", "appos"})
#: Kinds of pair read over the whole document: relations a biography states far from the
#: sentence naming both (births and deaths stay with their own clause).
DOC_KINDS = frozenset(
    {
        ("person", "person"),
        ("person", "organization"),
        ("person", "other"),
        ("person", "work"),
        ("organization", "organization"),
        ("place", "organization"),
    }
)
#: Sentences apart two names of a document-level pair may be (any, when one is the topic).
DOC_WINDOW = 3


def _profile(
    tree: _Tree, mention: Mention, kind: str, at: Sequence[tuple[int, int, int, Any]]
) -> list[str]:
    """What the document says an entity is: its name's last word (not for a person: "band",
    "University", "Party"), and the nouns that describe it where it is named ("the electronic
    group X", "X is a German musician")."""
    out: set[str] = set()
    if kind != "person":
        words = [w for w in re.findall(r"[^\W\d_]+", mention.name or mention.text)]
        if words:
            out.add("N:" + words[-1].lower())
            out.add("N0:" + words[0].lower())
    for _si, a0, a1, head in at[:6]:
        for c in head.children:
            if (c.i < a0 or c.i >= a1) and c.dep_ in _DESCRIBING and c.pos_ in ("NOUN", "ADJ"):
                out.add("D:" + tree.norm(c))
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            out.add("D:" + tree.norm(head.head))
        if head.dep_ in _SUBJECTS and head.head.lemma_ == "be":
            for c in head.head.children:
                if c.dep_ == "attr":
                    out.add("D:" + tree.norm(c))
        if head.dep_ == "pobj" and head.head.head.pos_ == "NOUN":
            out.add(f"D:{tree.norm(head.head.head)}_{tree.norm(head.head)}")
    return sorted(out)


def _surname(name: str) -> str:
    words = re.findall(r"[^\W\d_]+", name)
    return words[-1].lower() if words else ""


def _entity_features(
    cand: Candidate,
    placed: dict[int, list[tuple[int, int, int, Any]]],
    profiles: dict[int, list[str]],
    kind_of: Sequence[str],
    topic_root: int | None,
    mentions: Sequence[Mention],
) -> list[str]:
    """Features of the two entities of a pair over the whole document: which is the topic,
    what each is (`_profile`), whether two people share a surname, how near they are named."""
    a, b = cand.a, cand.b
    feats = [f"E:{'a' if a == topic_root else 'b' if b == topic_root else '-'}topic"]
    feats += ["EA" + f for f in profiles.get(a, ())]
    feats += ["EB" + f for f in profiles.get(b, ())]
    if kind_of[a] == kind_of[b] == "person":
        sa = _surname(mentions[a].name or mentions[a].text)
        sb = _surname(mentions[b].name or mentions[b].text)
        feats.append("SN:" + ("same" if sa and sa == sb else "diff"))
    sa_ = {x[0] for x in placed.get(a, ())}
    sb_ = {x[0] for x in placed.get(b, ())}
    if sa_ and sb_:
        both = len(sa_ & sb_)
        gap = min(abs(x - y) for x in sa_ for y in sb_)
        feats.append(f"CO:{min(both, 3)}")
        feats.append(f"SD:{gap if gap < 3 else '3-5' if gap <= 5 else '6+'}")
    return feats


def _document_pairs(
    tree: _Tree,
    text: str,
    sents: Sequence[Any],
    placed: dict[int, list[tuple[int, int, int, Any]]],
    kind_of: Sequence[str],
    topic_root: int | None,
    fitting: frozenset[tuple[str, str]],
    found: dict[tuple[int, int, str], Candidate],
) -> None:
    """Pairs no sentence-level reading gave: two entities named within `DOC_WINDOW`
    sentences, or the topic and any entity. Read from what the document says of each
    (`_entity_features`) and, where one sentence names both, from that sentence's path.
    The fact cites the sentences from one name to the other, or the other's alone when the
    topic is far."""
    roots = sorted(placed)
    for ra in roots:
        for rb in roots:
            kind = (kind_of[ra], kind_of[rb])
            if ra == rb or kind not in fitting or kind not in DOC_KINDS:
                continue
            if (ra, rb, "m") in found:
                continue
            best = min(
                ((abs(x[0] - y[0]), x, y) for x in placed[ra] for y in placed[rb]),
                key=lambda t: (t[0], t[1][1], t[2][1]),
            )
            gap, x, y = best
            with_topic = topic_root in (ra, rb)
            if gap > DOC_WINDOW and not with_topic:
                continue
            feats = ["K:doc", f"T:{kind[0]}>{kind[1]}"]
            if gap == 0:
                feats += ["DOC:" + f for f in _pair_features(tree, x[1:], y[1:])]
                s0 = s1 = x[0]
            elif gap <= DOC_WINDOW:
                s0, s1 = min(x[0], y[0]), max(x[0], y[0])
            else:
                other = y if ra == topic_root else x
                s0 = s1 = other[0]
            cand = found[(ra, rb, "m")] = Candidate(ra, rb, kind)
            cand.features.update(feats)
            start, end = _sentence_span(text, sents[s0].start_char, sents[s1].end_char)
            cand.pairs.append((tuple(feats), start, end))


def candidates(
    sdoc: Any,
    document: Document,
    mentions: Sequence[Mention],
    times: Sequence[TimeExpr],
    *,
    topic: bool = True,
    kinds: frozenset[tuple[str, str]] | None = None,
) -> list[Candidate]:
    """Every pair of the document the classifier scores, with its features (steps 1–3).

    `topic=False` leaves out what needs a whole document (the topic and its pronouns), for
    training on single sentences; `kinds` keeps only pairs of those (subject, object) types
    (by default every type some label is scored for).
    """
    fitting = _FITTING if kinds is None else kinds
    text = document.text
    sents = list(sdoc.sents)
    if not sents or not mentions:
        return []
    sent_starts = [s.start for s in sents]
    roots = [root_of(mentions, i) for i in range(len(mentions))]
    kind_of = [mentions[r].label for r in roots]
    # spans per sentence: (root, first token, end token, head)
    per_sent: list[list[tuple[int, int, int, Any]]] = [[] for _ in sents]
    names = _separate_names(mentions)
    if not names:
        return []
    topic_root = roots[names[0]] if topic else None
    topic_kind = kind_of[roots[names[0]]]
    # one pass over the tokens: the words each sentence has, which kinds of pair it may
    # state (`GATES`), and the topic's pronouns
    lower_ids, lemma_ids = _token_ids(sdoc)
    strings = sdoc.vocab.strings
    gender = None
    if topic and topic_kind == "person":
        male_ids, female_ids = _ids(strings, _MALE), _ids(strings, _FEMALE)
        male = sum(1 for h in lower_ids if h in male_ids)
        female = sum(1 for h in lower_ids if h in female_ids)
        gender = "m" if male > female else "f" if female > male else None
    # lemmas of the document that are trigger words (lower-cased, as the features are)
    trig_of = _trigger_ids(strings)
    bracket_id = strings["("]
    sent_trig: list[list[str]] = []
    open_kinds: list[frozenset[tuple[str, str]]] = []
    for sent in sents:
        trig_set = {trig_of[h] for h in lemma_ids[sent.start : sent.end] if h in trig_of}
        sent_trig.append(sorted(trig_set))
        bracket = bracket_id in lower_ids[sent.start : sent.end]
        open_kinds.append(
            frozenset(
                k
                for k in fitting
                if trig_set & GATES.get(k, TRIGGERS) or (bracket and k in _OWN_CLAUSE)
            )
        )
    proxy_words = (
        (_MALE if gender == "m" else _FEMALE if gender == "f" else frozenset())
        if topic_kind == "person"
        else _THING | TOPIC_NOUNS
    )
    proxy_ids = _ids(strings, proxy_words)

    # names and dates are read only in sentences open to some pair, and their neighbours
    live = [bool(k) for k in open_kinds]
    near = [
        live[si] or (si > 0 and live[si - 1]) or (si + 1 < len(live) and live[si + 1])
        for si in range(len(live))
    ]
    char_starts = [s.start_char for s in sents]
    # every name's place, for the entity-level features and the document-level pairs
    placed: dict[int, list[tuple[int, int, int, Any]]] = {}
    for mi in names:
        m = mentions[mi]
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        si = bisect_right(sent_starts, span.start) - 1
        placed.setdefault(roots[mi], []).append((si, span.start, span.end, span.root))
        if near[si]:
            per_sent[si].append((roots[mi], span.start, span.end, span.root))
    time_sent: list[list[tuple[int, int, int, Any]]] = [[] for _ in sents]
    for ti, t in enumerate(times):
        if not _YEAR.search(t.text):
            continue
        if t.span is not None and t.span.start[:4] != t.span.end[:4]:
            continue  # "(1986 – 1993)": a term, not the date of a birth or a death
        if not live[max(0, bisect_right(char_starts, t.start) - 1)]:
            continue
        span = sdoc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        si = bisect_right(sent_starts, span.start) - 1
        time_sent[si].append((ti, span.start, span.end, span.root))

    found: dict[tuple[int, int, str], Candidate] = {}
    tree = _Tree(sdoc)

    def add(
        ra: int, rb: int, kind_b: str, feats: Sequence[str], s0: int, s1: int, tag: str
    ) -> None:
        kind = (kind_of[ra], kind_b)
        if kind not in fitting:
            return
        if kind in _OWN_CLAUSE and "SUBJ:other" in feats:
            return  # someone else's birth or death
        key = (ra, rb, "t" if kind_b == "time" else "m")
        cand = found.get(key)
        if cand is None:
            cand = found[key] = Candidate(ra, rb, kind)
        own = ("K:" + tag, f"T:{kind[0]}>{kind[1]}", *feats)
        cand.features.update(own)
        start, end = _sentence_span(text, sents[s0].start_char, sents[s1].end_char)
        cand.pairs.append((own, start, end))

    for si, sent in enumerate(sents):
        spans = per_sent[si]
        trig = sent_trig[si]
        strig = ["ST:" + w for w in trig]
        here = open_kinds[si]
        # two names of one sentence
        for ra, a0, a1, ha in spans:
            for rb, b0, b1, hb in spans:
                if ra == rb or (kind_of[ra], kind_of[rb]) not in here:
                    continue
                feats = _pair_features(tree, (a0, a1, ha), (b0, b1, hb))
                add(ra, rb, kind_of[rb], [*feats, *strig], si, si, "same")
            for ti, t0, t1, ht in time_sent[si]:
                if (kind_of[ra], "time") in here:
                    feats = _pair_features(tree, (a0, a1, ha), (t0, t1, ht))
                    add(ra, ti, "time", [*feats, *strig], si, si, "same")
        # the topic, through a pronoun, or just by being the topic
        if topic_root is not None and here and all(r != topic_root for r, *_ in spans):
            proxies = _topic_proxies(sdoc, sent, lower_ids, proxy_ids)
            others = spans
            others_t = time_sent[si] if (kind_of[topic_root], "time") in here else []
            named_person = any(kind_of[r] == "person" for r, *_ in spans)
            extra = ["PX:person-named"] if named_person else []
            for rb, b0, b1, hb in others:
                for direction in ("ab", "ba"):
                    ra_, rb_ = (topic_root, rb) if direction == "ab" else (rb, topic_root)
                    if (kind_of[ra_], kind_of[rb_]) not in here:
                        continue
                    if proxies:
                        for p in proxies[:2]:
                            pa = (p.i, p.i + 1, p)
                            pb = (b0, b1, hb)
                            feats = (
                                _pair_features(tree, pa, pb)
                                if direction == "ab"
                                else _pair_features(tree, pb, pa)
                            )
                            add(
                                ra_,
                                rb_,
                                kind_of[rb_],
                                [*feats, *strig, *extra, f"PX:{direction}:{p.lower_}"],
                                si,
                                si,
                                "proxy",
                            )
                    else:
                        feats = _alone(tree, b0, b1, hb, direction, trig)
                        add(ra_, rb_, kind_of[rb_], feats, si, si, "topic")
            for ti, t0, t1, ht in others_t:
                if proxies:
                    p = proxies[0]
                    feats = _pair_features(tree, (p.i, p.i + 1, p), (t0, t1, ht))
                    add(topic_root, ti, "time", [*feats, *strig, *extra], si, si, "proxy")
        # names of adjacent sentences
        if si + 1 < len(sents) and spans and per_sent[si + 1]:
            nxt = per_sent[si + 1]
            trig2 = sent_trig[si + 1]
            either = here | open_kinds[si + 1]
            for ra, _a0, _a1, ha in spans:
                for rb, _b0, _b1, hb in nxt:
                    if ra == rb:
                        continue
                    for x, y, hx, hy, order in ((ra, rb, ha, hb, "ab"), (rb, ra, hb, ha, "ba")):
                        if (kind_of[x], kind_of[y]) not in either:
                            continue
                        feats = [
                            "AO:" + order,
                            "AR:" + hx.dep_ + ">" + tree.norm(hx.head),
                            "AQ:" + hy.dep_ + ">" + tree.norm(hy.head),
                            *("A1:" + w for w in trig),
                            *("A2:" + w for w in trig2),
                        ]
                        add(x, y, kind_of[y], feats, si, si + 1, "adjacent")
    tree_profiles = {r: _profile(tree, mentions[r], kind_of[r], at) for r, at in placed.items()}
    if topic:
        _document_pairs(tree, text, sents, placed, kind_of, topic_root, fitting, found)
    out = [found[k] for k in sorted(found)]
    for cand in out:
        if cand.kind in DOC_KINDS:  # births and deaths are read from their own clause
            cand.features.update(
                _entity_features(cand, placed, tree_profiles, kind_of, topic_root, mentions)
            )
        same = sum(1 for own, _, _ in cand.pairs if own[0] == "K:same")
        cand.features.add("N:same:" + ("0" if not same else "1" if same == 1 else "2+"))
        cand.features.add(f"N:pairs:{min(len(cand.pairs), 4)}")
    return out


# 4. scoring ---------------------------------------------------------------------------------


def stated_by_rules(
    facts: Iterable[LocalFact], mentions: Sequence[Mention]
) -> set[tuple[int, str, object]]:
    """What the rules already state, as (subject root, label, object root or "any")."""
    out: set[tuple[int, str, object]] = set()

    def r(i: int | None) -> int | None:
        return None if i is None else root_of(mentions, i)

    for f in facts:
        s, o, p = r(f.subject), r(f.object), f.predicate
        if s is None:
            continue
        if p in ("spouse", "married") and o is not None:
            out |= {(s, "spouse", o), (o, "spouse", s)}
        elif p == "sibling" and o is not None:
            out |= {(s, "sibling", o), (o, "sibling", s)}
        elif p == "child" and o is not None:
            out.add((s, "child", o))
        elif p == "parent" and o is not None:
            out.add((o, "child", s))
        elif p in ("employee_of", "member_of", "founded") and o is not None:
            out.add((s, p, o))
        elif p == "portrayed_by" and o is not None and f.work is not None:
            out.add((o, "cast", r(f.work)))
        elif p == "cast_member" and o is not None:
            out.add((o, "cast", s))
        if p in ("born", "died", "killed"):
            which = "born" if p == "born" else "died"
            if f.time is not None:
                out.add((s, which + "_time", "any"))
            if f.place is not None:
                out.add((s, which + "_place", "any"))
    return out


_KIN = ("spouse", "sibling", "child")


def _excluded(a: int, label: str, b: int) -> set[tuple[int, str, object]]:
    """What a family tie rules out for the same two people: a spouse is not a child or a
    sibling, a child not a spouse, a sibling or the parent's parent."""
    if label not in _KIN:
        return set()
    out: set[tuple[int, str, object]] = {(x, k, y) for k in _KIN for x, y in ((a, b), (b, a))}
    out.discard((a, label, b))
    if label in ("spouse", "sibling"):
        out.discard((b, label, a))
    return out


#: Labels a person has once: of several candidates only the likeliest is stated.
ONCE = frozenset({"born_place", "died_place", "born_time", "died_time"})


def decide(
    labels: Sequence[str],
    thresholds: Any,
    cands: Sequence[Candidate],
    probs: Sequence[Any],
    known: set[tuple[int, str, object]],
) -> list[tuple[int, str, float, str | None]]:
    """Which facts to state: (candidate index, label, confidence, child's parent value).

    A label is stated above its threshold, likeliest first, unless the rules (`known`) or a
    likelier candidate already stated it for the pair (for a birth or death: the person).
    "father"/"mother" state a `child` fact with that value.
    """
    col = {lab: k for k, lab in enumerate(labels)}
    hits: list[tuple[float, int, str]] = []
    for ci, cand in enumerate(cands):
        p = probs[ci]
        for lab in labels:
            if lab in ("father", "mother") or cand.kind not in SIGNATURES[lab]:
                continue
            if lab == "child":
                passing = [
                    float(p[col[x]])
                    for x in ("child", "father", "mother")
                    if p[col[x]] >= thresholds[col[x]]
                ]
                if not passing:
                    continue
                conf = max(passing)
            else:
                conf = float(p[col[lab]])
                if conf < thresholds[col[lab]]:
                    continue
            hits.append((-conf, ci, lab))
    hits.sort()
    known = set(known)
    for k in list(known):
        if isinstance(k[2], int):
            known |= _excluded(k[0], k[1], k[2])
    out = []
    for neg, ci, lab in hits:
        cand = cands[ci]
        key = (cand.a, lab, "any" if lab in ONCE else cand.b)
        if key in known:
            continue
        known.add(key)
        known |= _excluded(cand.a, lab, cand.b)
        value = None
        if lab == "child":
            p = probs[ci]
            pf, pm = p[col["father"]], p[col["mother"]]
            if pf >= thresholds[col["father"]] and pf > pm:
                value = "father"
            elif pm >= thresholds[col["mother"]] and pm > pf:
                value = "mother"
        out.append((ci, lab, round(-neg, 3), value))
    return out


def fact_of(
    document: Document,
    cand: Candidate,
    label: str,
    confidence: float,
    value: str | None,
    pair: int,
    modality: Modality,
    times: Sequence[TimeExpr],
) -> LocalFact:
    """The fact a stated label gives, citing the sentence(s) of mention pair `pair`."""
    _, start, end = cand.pairs[pair]
    a, b = cand.a, cand.b
    ev = Evidence.of(document, start, end)
    if label == "cast":
        # being in a cast is a fact about the production, whatever the sentence depicts
        return LocalFact(
            b, "cast_member", "reality", ev, object=a, rule=RULE, confidence=confidence
        )
    kw: dict[str, Any] = {"rule": RULE, "confidence": confidence}
    if label in ("spouse", "sibling", "employee_of", "member_of", "founded", "child"):
        return LocalFact(a, label, modality, ev, object=b, value=value, **kw)
    predicate = "born" if label.startswith("born") else "died"
    if label.endswith("_place"):
        return LocalFact(a, predicate, modality, ev, place=b, **kw)
    t = times[b]
    if t.span is None:
        return LocalFact(a, predicate, modality, ev, time_unresolved=t.text, **kw)
    return LocalFact(
        a, predicate, modality, ev, time=TimeSpan(t.span.start, t.span.end, t.text), **kw
    )


def learned_relations(
    sdoc: Any,
    document: Document,
    mentions: Sequence[Mention],
    times: Sequence[TimeExpr],
    facts: Sequence[LocalFact],
    modality: Sequence[Modality] = (),
    model: RelationModel | None = None,
) -> list[LocalFact]:
    """The facts the classifier is sure of that `facts` (the rules') do not state (step 4)."""
    if _DISABLED:
        return []
    model = model if model is not None else load_model()
    if model is None or not mentions:
        return []
    cands = candidates(sdoc, document, mentions, times, kinds=model.stated_kinds())
    if not cands:
        return []
    probs = model.probabilities(model.batch_scores([c.features for c in cands]))
    chosen = decide(model.labels, model.thresholds, cands, probs, stated_by_rules(facts, mentions))
    col = {lab: k for k, lab in enumerate(model.labels)}
    sent_starts = [s.start_char for s in sdoc.sents]
    out: list[LocalFact] = []
    for ci, lab, conf, value in chosen:
        cand = cands[ci]
        k = col[value] if value is not None else col[lab]
        scored = [float(model.scores(own)[k]) for own, _, _ in cand.pairs]
        pair = scored.index(max(scored))
        si = max(0, bisect_right(sent_starts, cand.pairs[pair][1]) - 1)
        mod: Modality = modality[si] if si < len(modality) else "reality"
        out.append(fact_of(document, cand, lab, conf, value, pair, mod, times))
    out.sort(key=lambda f: (f.evidence.start, f.subject, f.predicate, str(f.object)))
    return out
