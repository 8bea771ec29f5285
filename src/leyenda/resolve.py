"""One entity per real-world referent across all documents, and the reasons for each merge.

Inside a document `mentions.link_mentions` already pointed short forms at their full name;
each chain of links is a *local cluster*. Here local clusters of different documents are
joined when their names say they are the same person or thing:

* same name once case, accents and punctuation are set aside
  ("Miguel Ángel Félix Gallardo" = "Miguel Angel Felix Gallardo");
* a shorter name whose words all stand, in order, in exactly one longer person name of the
  corpus and keep its first or last word ("Rafael Quintero" → "Rafael Caro Quintero");
* a first name that is a short form of the other's ("Rafa" / "Rafael") with the rest equal;
* a lone surname or nickname that exactly one person of the corpus carries.

Organizations join on the same name, on the name without its legal form ("Fiat Group" /
"Fiat"), on initials ("GAO"), and on a first word that starts exactly one organization name
of the corpus ("Northrop" / "Northrop Grumman").

Two full names that differ in any other way stay apart (Diego Luna / Genaro Garcia Luna;
Ronald / Nancy Reagan); a name with "Jr." is never the name without. False merges cost more
than missed ones.

**Blocks, decided one at a time.** Every rule is a decision over one *block*: the clusters
that share a key (the same full name; a (first, last) word pair; a surname; a nickname; an
organization's name without its legal form; …). A decision reads only its block's members
and, for the uniqueness rules, which entity each member belonged to after the earlier
phases; it never depends on the order documents came in. That one shape serves three
uses: a whole build groups all clusters by key (a keyed reduce, in memory or on Ray); a
build that adds documents re-decides only the blocks their clusters fall in
(`extend`); and no rule ever compares all pairs, so a surname thousands of people share
costs one block, not a scan. The phases, in order:

A. the user's splits; the same full name; shorter forms; short first names;
B. lone surnames and nicknames one person carries (by the entities of phase A); the same
   lone name in several documents when no full name carries it;
C. the same organization, place or work name; an organization without its legal form;
D. organization initials and first words (by the entities after phase C); a lone word a
   person is called that names an organization and no person of the corpus;
E. the user's merges.

A user's corrections (`Override`, stored by `leyenda merge` / `leyenda split`) are applied
on every resolution, so they survive rebuilds and new documents:

* ``split NAME``: every mention spelled NAME (case and accents aside), with the mentions of
  its document that refer back to it, leaves the entity the rules put it in; all of them,
  across documents, are one entity of their own that no rule joins to anything else;
* ``merge A B``: after the rules, the entity carrying the name A and the one carrying B are
  joined (rule ``user-merge``). A name that then fits several entities joins nothing (the
  override is logged and kept, and applies again once the name is unambiguous).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from . import lexicon as lx
from .engines import Reduce, local_reduce
from .mentions import clean_name, is_subname, name_tokens, normalize_name, root_of
from .model import (
    DocAnalysis,
    Entity,
    EntityType,
    Mention,
    MentionRef,
    MergeReason,
    content_id,
)

log = logging.getLogger(__name__)

#: A first name that starts another, this long or longer, is its short form ("Rafa"/"Rafael").
HYPOCORISM_MIN_PREFIX = 3

#: Courtesy titles written before one name ("Don Luis", "Doña Rosa"), normalized; "Mr."
#: and the like are role words that names never keep (`lexicon.ROLE_WORDS`).
HONORIFICS = frozenset({"don", "dona", "senor", "senora", "senorita"})

#: The phases, in the order they run; an edge's phase orders the reasons an entity lists.
PHASES: tuple[str, ...] = ("A", "B1", "B2", "B3", "C1", "C2", "D1a", "D1b", "D2", "E")

#: The version of the rules whose state a case file keeps (the clusters, blocks and joins of
#: `block_keys` and `decide`, written by `cross`, read back by `increment`): change it when
#: those rules change, and stored state made by other rules means a full build.
RULES_VERSION = "blocks-2"

#: The outcome each lookup phase records on a cluster (see `decide`).
OUTCOME_FLAGS = {"B1": "b1", "B2": "b2", "D1a": "d1a"}

#: Separates the parts of a block key ("x", words, suffix): a character no name holds.
SEP = "\x1f"


class Override(NamedTuple):
    """A user's correction: ("merge", A, B) or ("split", NAME, None); names as typed."""

    action: str
    name: str
    other: str | None = None


_QUOTED_PART = re.compile(r"\s*[“\"][^”\"]*[”\"]")


def written_forms(text: str) -> set[str]:
    """How a mention's text is written, normalized: as is, and without a quoted nickname
    inside (`Enrique “Kiki” Camarena` is also written "Enrique Camarena")."""
    name = clean_name(text)
    return {normalize_name(name), normalize_name(_QUOTED_PART.sub("", name))} - {""}


def mention_names(m: Mention) -> set[str]:
    """The normalized names a mention answers to: its name, its surface form, its nickname."""
    out = {normalize_name(m.name), normalize_name(clean_name(m.text))}
    if m.nickname:
        out.add(normalize_name(m.nickname))
    out.discard("")
    return out


# -- local clusters ---------------------------------------------------------------------------


@dataclass(slots=True)
class Cluster:
    """One document's chain of mentions of one referent: what resolution joins.

    The fields the rules read are small and flat, so a case file can keep them (one row
    each) and a later build can re-decide a block without re-reading any analysis.
    `summary` is what building the entity needs from the mentions — their names, offsets and
    in-document links — as the JSON the case file keeps (`details()` reads it): a large
    corpus holds one per cluster, and a string is a fraction of the dicts it stands for.
    """

    doc: str
    root: int
    label: EntityType
    key: tuple[str, ...]
    suffix: str
    nickname: str | None
    name: str
    typed: bool  # the type comes from the name's own words, not a guess
    pinned: str | None  # a name the user split off: no rule joins this cluster
    members: tuple[int, ...]
    summary: str = "{}"
    id: int = -1
    # where resolution left it, as the smallest cluster id of its group: after phase A,
    # after phase C, at the end; and its lookups' outcomes (`OUTCOME_FLAGS`)
    comp_a: int = -1
    comp_c: int = -1
    final: int = -1
    flags: dict[str, bool] = field(default_factory=dict)
    # while resolving: the phase-A entities of the other people its document names
    apart: AbstractSet[int] = frozenset()

    @property
    def order(self) -> tuple[str, int]:
        """Where the cluster stands in the corpus: documents by id, then reading order."""
        return (self.doc, self.root)

    def details(self) -> dict[str, Any]:
        """The summary: names (with counts), nicknames, mention refs, in-document links."""
        return json.loads(self.summary)  # type: ignore[no-any-return]

    @property
    def kind(self) -> EntityType:
        """The type after phase B: a lone name that joined a person is a person."""
        return "person" if joined_a_person(self.flags) else self.label


def joined_a_person(flags: Mapping[str, bool]) -> bool:
    """Whether a cluster's outcomes say its lone name joined a person (phase B1 or B2)."""
    return bool(flags.get("b1") or flags.get("b2"))


def _split_root(mentions: Sequence[Mention], i: int, split: frozenset[str]) -> int | None:
    """The first mention spelled with a split-off name on i's chain of back-references."""
    seen: set[int] = set()
    while i not in seen:
        seen.add(i)
        m = mentions[i]
        if (written_forms(m.text) | {normalize_name(m.name)}) & split:
            return i
        ante = mentions[i].antecedent
        if ante is None:
            return None
        i = ante
    return None


def _pinned_key(m: Mention, split: frozenset[str]) -> str:
    """The split-off name a mention is written as (the first, sorted, if it is several)."""
    return sorted((written_forms(m.text) | {normalize_name(m.name)}) & split)[0]


def said_real(cues: Iterable[Iterable[str]]) -> str | None:
    """The strongest cue among mentions' that says whether their person is real
    (`lexicon.REAL_CUES`): an actor is; "an invented character" is not; "the real Z" is.
    None: the text does not say."""
    said = {c for cs in cues for c in cs}
    return next((cue for cue, _ in lx.REAL_CUES if cue in said), None)


def _summary(mentions: Sequence[Mention], members: Sequence[int]) -> str:
    """What an entity needs from a cluster's mentions, as JSON (`Cluster.details`)."""
    names: dict[str, int] = {}
    nicknames: list[str] = []
    refs: list[list[Any]] = []
    links: list[list[str]] = []
    inside = set(members)
    for mi in members:
        m = mentions[mi]
        refs.append([m.start, m.end, m.text])
        names[m.name] = names.get(m.name, 0) + 1
        surface = clean_name(m.text)
        if surface != m.name:
            names.setdefault(surface, 0)
        if m.nickname:
            names.setdefault(m.nickname, 0)
            names.setdefault(f"{m.nickname} {m.name.split()[-1]}", 0)
            nicknames.append(normalize_name(m.nickname))
        if "quoted" in m.cues:
            nicknames.append(normalize_name(m.name))
        # a link the user's split cut (the antecedent left the cluster) is no reason any more
        if m.antecedent is not None and m.link_rule and m.antecedent in inside:
            links.append([m.link_rule, m.name, mentions[m.antecedent].name])
    summary: dict[str, Any] = {"names": names, "nicknames": nicknames, "refs": refs}
    summary["links"] = links
    said = said_real(mentions[mi].cues for mi in members)
    if said is not None:
        summary["real"] = said
    return json.dumps(summary, ensure_ascii=False, separators=(",", ":"))


def clusters_of(a: DocAnalysis, split: frozenset[str] = frozenset()) -> list[Cluster]:
    """The local clusters of one document, in reading order of their first mention."""
    by_root: dict[int, list[int]] = {}
    pins: dict[int, str | None] = {}
    typed: set[int] = set()
    for i in range(len(a.mentions)):
        pinned = _split_root(a.mentions, i, split) if split else None
        r = root_of(a.mentions, i) if pinned is None else pinned
        if r not in by_root:
            by_root[r] = []
            pins[r] = _pinned_key(a.mentions[r], split) if pinned is not None else None
        by_root[r].append(i)
        if "typed-by-name" in a.mentions[i].cues:
            typed.add(r)
    out = []
    for r, members in by_root.items():
        root = a.mentions[r]
        # a corpus names the same people again and again: one string per distinct name
        name = sys.intern(root.name)
        key, suffix = name_tokens(name)
        key = tuple(sys.intern(w) for w in key)
        label: EntityType = root.label
        labels = Counter(a.mentions[i].label for i in members)
        if labels[root.label] * 2 < len(members) and "person" in labels:
            label = "person"
        out.append(
            Cluster(
                a.document.id,
                r,
                label,
                key,
                suffix,
                root.nickname and sys.intern(root.nickname),
                name,
                r in typed,
                pins[r],
                tuple(members),
                _summary(a.mentions, members),
            )
        )
    return out


# -- the rules, one block at a time -----------------------------------------------------------


class Edge(NamedTuple):
    """A join the rules made between two clusters (by id), with its reason."""

    a: int
    b: int
    phase: str
    rule: str
    names: tuple[str, str]
    detail: str
    block: str = ""  # the block whose decision made it ("" for the user's merges)


def _edge(phase: str, a: Cluster, b: Cluster, rule: str, detail: str) -> Edge:
    return Edge(a.id, b.id, phase, rule, (a.name, b.name), detail)


def full_person(c: Cluster) -> bool:
    """A person named in two words or more ("Pablo Escobar") whom no override pins: the
    clusters a lone name ("Escobar") may be looked up against in phases B1 and B2 (`cross`
    asks it too, to know which blocks need their lone-name readers)."""
    return c.label == "person" and len(c.key) >= 2 and c.pinned is None


def lone_looker(c: Cluster) -> bool:
    """A cluster the lone-name rules of phase B may join to a person (`cross` keeps only
    these readers of a block where a person is found)."""
    return bool(c.key) and c.pinned is None and not (c.label != "person" and c.typed)


def _has_accents(s: str) -> bool:
    return unicodedata.normalize("NFKD", s) != s


def _hyphen_heads(name: str) -> list[str]:
    """First parts of hyphenated words: "Alfredo Zavala-Avelar" → ["zavala"]."""
    return [normalize_name(w.split("-")[0]) for w in name.split() if "-" in w.strip("-")]


def _formal_first(word: str) -> str:
    """The formal given name a familiar one stands for ("jim" → "james"), else the word."""
    return lx.GIVEN_NAME_FORMS.get(word, word)


def _hypocorism(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names of one person but for a short or familiar first name ("Rafa Caro" /
    "Rafael Caro", "Jim Lovell" / "James A. Lovell"): same surname, the same middle names
    or, on one side only, middle initials."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1] or a[0] == b[0]:
        return False
    mid_a, mid_b = a[1:-1], b[1:-1]
    if mid_a != mid_b and not (
        (not mid_a and all(len(w) == 1 for w in mid_b))
        or (not mid_b and all(len(w) == 1 for w in mid_a))
    ):
        return False
    if _formal_first(a[0]) == _formal_first(b[0]):
        return True
    short, long_ = sorted((a[0], b[0]), key=len)
    return len(short) >= HYPOCORISM_MIN_PREFIX and long_.startswith(short)


def _same_person_names(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a == b or is_subname(a, b) or is_subname(b, a) or _hypocorism(a, b)


#: Legal forms after a company's name: "Ford Motor Co." is "Ford Motor Company" is "Ford
#: Motor". Chosen from company names in news; re-run `leyenda eval meantime` after a change.
CORPORATE_DESIGNATORS = frozenset(
    {
        "inc",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "group",
        "sa",
        "ag",
        "nv",
        "holdings",
        "lp",
    }
)

#: Words left out of an organization's initials ("Department of Justice" → DOJ).
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "de", "del", "la", "y", "on", "in"})


def _org_core(key: tuple[str, ...]) -> tuple[str, ...]:
    """An organization name without its legal form: ("fiat", "group") → ("fiat",)."""
    words = list(key)
    while len(words) > 1 and words[-1] in CORPORATE_DESIGNATORS:
        words.pop()
    return tuple(words)


def _initials(core: tuple[str, ...]) -> str:
    return "".join(w[0] for w in core if w not in _INITIALS_SKIP)


def _marker_words(c: Cluster) -> list[str]:
    """The words a full person's name gives the corpus: first, last, hyphen heads, nickname."""
    words = [c.key[0], c.key[-1], *_hyphen_heads(c.name)]
    if c.nickname:
        words.append(normalize_name(c.nickname))
    return list(dict.fromkeys(w for w in words if w))


def _k(*parts: object) -> str:
    return SEP.join(" ".join(p) if isinstance(p, tuple) else str(p) for p in parts)


def block_keys(c: Cluster, phase: str, flags: Mapping[str, bool] | None = None) -> list[str]:
    """The blocks a cluster falls in for one phase (its type after B for phases C and D).

    `flags` are its own outcomes of earlier phases that decide whether it takes part:
    ``b1`` (joined by its nickname in B1) and ``d1a`` (its initials named one organization).
    """
    flags = flags or {}
    out: list[str] = []
    if phase == "A":
        if c.pinned is not None:
            return [_k("s", c.pinned)]
        if full_person(c) or (len(c.key) >= 2 and c.label != "person" and not c.typed):
            out.append(_k("x", c.key, c.suffix))
        if full_person(c):
            k0, kl = c.key[0], c.key[-1]
            for w in dict.fromkeys(c.key[1:]):
                out.append(_k("p", k0, w))
            for w in dict.fromkeys(c.key[:-1]):
                if (w, kl) != (k0, kl):
                    out.append(_k("p", w, kl))
            first = _formal_first(k0)
            if len(first) >= HYPOCORISM_MIN_PREFIX:
                out.append(_k("h", first[:HYPOCORISM_MIN_PREFIX], c.key[-1:], c.suffix))
    elif phase == "B1":
        if lone_looker(c):
            out.append(_k("n", normalize_name(c.name)))
        if full_person(c) and c.nickname:
            out.append(_k("n", normalize_name(c.nickname)))
        elif full_person(c) and len(c.key) <= 3:  # "Lucho Ortega": a nickname and a surname?
            out.append(_k("n", c.key[0]))
    elif phase == "B2":
        if lone_looker(c) and len(c.key) == 1 and not flags.get("b1"):
            out.append(_k("l", c.key[0], c.suffix))
        if full_person(c):
            for w in dict.fromkeys([c.key[-1], *_hyphen_heads(c.name)]):
                out.append(_k("l", w, c.suffix))
    elif phase == "B3":
        if c.label == "person" and len(c.key) == 1 and not c.suffix and c.pinned is None:
            out.append(_k("w", c.key[0]))
        if _honorific_name(c):  # "Don Luis": looks up its first name
            out.append(_k("w", c.key[1]))
        if full_person(c):
            out.extend(_k("w", w) for w in _marker_words(c))
    elif phase in ("C1", "D2"):
        if c.pinned is None and c.kind != "person":
            out.append(_k("t", normalize_name(c.name)))
        if phase == "D2":
            if c.pinned is None and c.kind == "person" and len(c.key) == 1 and not c.suffix:
                out.append(_k("t", normalize_name(c.name)))
            if full_person(c):  # a person's words keep a lone word from naming an org
                out.extend(_k("t", w) for w in _marker_words(c))
    elif phase == "C2":
        if c.kind == "organization" and c.key and c.pinned is None:
            out.append(_k("c", _org_core(c.key)))
    elif phase in ("D1a", "D1b") and c.kind == "organization" and c.key and c.pinned is None:
        tag = "i" if phase == "D1a" else "f"
        if len(c.key) == 1 and (phase == "D1a" or not flags.get("d1a")):
            out.append(_k(tag, c.key[0]))
        core = _org_core(c.key)
        if len(core) >= 2:
            if phase == "D1b":
                out.append(_k("f", core[0]))
            elif len(_initials(core)) >= 2:
                out.append(_k("i", _initials(core)))
    return list(dict.fromkeys(out))


class Context(NamedTuple):
    """What a block's decision may read besides its members: the entity of each cluster
    after phase A (`comp_a`) and after phase C (`comp_c`), and for each cluster the
    phase-A entities of the other people its document names (`apart`)."""

    comp_a: Callable[[Cluster], object]
    comp_c: Callable[[Cluster], object]
    apart: Callable[[Cluster], AbstractSet[object]]


def _names(members: Sequence[Cluster]) -> dict[tuple[tuple[str, ...], str], Cluster]:
    """The first cluster (in corpus order) of each distinct full name in a block."""
    reps: dict[tuple[tuple[str, ...], str], Cluster] = {}
    for c in members:
        reps.setdefault((c.key, c.suffix), c)
    return reps


def decide(
    phase: str, key: str, members: Sequence[Cluster], ctx: Context
) -> tuple[list[Edge], dict[int, bool]]:
    """The joins the rules make inside one block, and each looker's outcome.

    `members` are in corpus order (`Cluster.order`). The outcome says whether a cluster
    that looked something up found it (B1: joined by nickname; D1a: its initials name
    exactly one organization), which decides whether it looks further in the next phase.
    """
    edges, outcome = _decide(phase, key, members, ctx)
    return [e._replace(block=key) for e in edges], outcome


def _decide(
    phase: str, key: str, members: Sequence[Cluster], ctx: Context
) -> tuple[list[Edge], dict[int, bool]]:
    tag, _, rest = key.partition(SEP)
    edges: list[Edge] = []
    outcome: dict[int, bool] = {}
    if tag == "s":  # a split-off name is one entity of its own, whatever the rules say
        for c in members[1:]:
            detail = f"'{c.name}' was split off by the user ('leyenda split')"
            edges.append(_edge(phase, members[0], c, "user-split", detail))
    elif tag == "x":  # 1. the same full name, whatever spaCy called it in each document
        people = [c for c in members if full_person(c)]
        if people:
            first = people[0]
            for c in people[1:] + [c for c in members if not full_person(c)]:
                variant = "an accent/case variant" if first.name != c.name else "the same spelling"
                edges.append(
                    _edge(
                        phase,
                        first,
                        c,
                        "same-name",
                        f"'{c.name}' in {c.doc} is {variant} of '{first.name}' in {first.doc}",
                    )
                )
    elif tag == "p":  # 2. a shorter form keeps a surname and fits one longer name only
        first_w, last_w = rest.split(SEP)
        reps = _names(members)
        for (short, suffix), c in reps.items():
            if (short[0], short[-1]) != (first_w, last_w):
                continue
            found = [
                (longer, t)
                for (longer, t_suffix), t in reps.items()
                if t_suffix == suffix
                and is_subname(short, longer)
                # across documents a short form must keep a surname: "Juan Pablo" and
                # "Juan Pablo Raba" are too often two people
                and (short != longer[: len(short)] or short[-1] in _hyphen_heads(t.name))
            ]
            # a candidate that is itself a shorter form of another candidate is that one
            found = [f for f in found if not any(is_subname(f[0], g[0]) for g in found)]
            if len(found) == 1:
                t = found[0][1]
                edges.append(
                    _edge(
                        phase,
                        t,
                        c,
                        "short-form",
                        f"every word of '{c.name}' ({c.doc}) stands in order in '{t.name}' "
                        f"({t.doc}), and no other person's name contains them",
                    )
                )
    elif tag == "h":  # "Rafa" / "Rafael", "Jim" / "James A.": one first name, short and long
        distinct = list(_names(members).values())
        pairs = [
            (x, y)
            for x in range(len(distinct))
            for y in range(x + 1, len(distinct))
            if _hypocorism(distinct[x].key, distinct[y].key)
        ]
        partners: dict[int, list[Cluster]] = defaultdict(list)
        for x, y in pairs:
            partners[x].append(distinct[y])
            partners[y].append(distinct[x])
        # a name whose partners could all be one person ("James Lovell", "James A. Lovell");
        # "Jim Lovell" beside "James A." and "James B. Lovell" says not which
        unambiguous = {
            x: all(_same_person_names(p.key, q.key) for p in ps for q in ps)
            for x, ps in partners.items()
        }
        for x, y in pairs:
            a, b = distinct[x], distinct[y]
            if unambiguous[x] and unambiguous[y]:
                edges.append(
                    _edge(
                        phase,
                        a,
                        b,
                        "short-first-name",
                        f"'{a.name}' and '{b.name}' differ only by a shortened first name",
                    )
                )
    elif tag in ("n", "l"):  # 3. a lone surname or nickname that one person carries
        word = rest.split(SEP)[0]
        if tag == "n":
            cands = [
                c
                for c in members
                if full_person(c) and c.nickname and normalize_name(c.nickname) == word
            ]
            lookers = [c for c in members if lone_looker(c) and normalize_name(c.name) == word]
            rule = "nickname-unique"
        else:
            suffix = rest.split(SEP)[1]
            cands = [c for c in members if full_person(c) and c.suffix == suffix]
            lookers = [c for c in members if lone_looker(c) and len(c.key) == 1]
            rule = "surname-unique"
        if tag == "n":
            edges += _nickname_and_surname(phase, word, members, cands, ctx)
        for c in lookers:
            # a person this document names apart (its own full name) is not who it means
            apart = ctx.apart(c)
            targets: dict[object, Cluster] = {}
            for t in cands:
                r = ctx.comp_a(t)
                if r not in apart:
                    targets.setdefault(r, t)
                    if len(targets) > 1:
                        break
            joined = len(targets) == 1 and next(iter(targets)) != ctx.comp_a(c)
            if joined:
                t = next(iter(targets.values()))
                edges.append(
                    _edge(
                        phase,
                        t,
                        c,
                        rule,
                        f"'{c.name}' ({c.doc}) matches only one person in the corpus: '{t.name}'",
                    )
                )
            outcome[c.id] = joined
    elif tag == "w":  # 3b. the same lone name in several documents, no full name carries it
        lookers = [c for c in members if not full_person(c) or _honorific_name(c)]
        if len(lookers) < len(members):
            edges += _first_name_unique(phase, rest, members, lookers, ctx)
            return edges, outcome
        for c in lookers[1:]:
            edges.append(
                _edge(
                    phase,
                    lookers[0],
                    c,
                    "same-lone-name",
                    f"'{c.name}' ({c.doc}) is written the same way elsewhere and no full "
                    "name in the corpus contains it",
                )
            )
    elif tag == "t" and phase == "C1":  # 4. the same organization, place or work name
        things = [c for c in members if c.kind != "person"]
        if things:
            first = things[0]
            for c in things[1:]:
                if not (c.typed and first.typed and c.kind != first.kind):
                    edges.append(
                        _edge(
                            phase,
                            first,
                            c,
                            "same-name",
                            f"'{c.name}' is named the same way in {c.doc}",
                        )
                    )
    elif tag == "t":  # D2: a lone word a person is called that names an organization
        word = rest
        things = [c for c in members if c.kind != "person" and normalize_name(c.name) == word]
        if not things or things[0].kind != "organization":
            return edges, outcome
        if any(full_person(c) and word in _marker_words(c) for c in members):
            return edges, outcome  # a person of the corpus is called that
        org = things[0]
        for c in members:
            if c.kind == "person" and len(c.key) == 1 and not c.suffix and c.key[0] == word:
                edges.append(
                    _edge(
                        phase,
                        org,
                        c,
                        "org-name",
                        f"'{c.name}' ({c.doc}) names an organization elsewhere and no "
                        "person of the corpus",
                    )
                )
    elif tag == "c":  # 4b. an organization without or with its legal form
        for c in members[1:]:
            edges.append(
                _edge(
                    phase,
                    members[0],
                    c,
                    "org-legal-form",
                    f"'{c.name}' is '{members[0].name}' without or with its legal form",
                )
            )
    elif tag in ("i", "f"):  # an organization's initials, or the first word of one name
        word = rest
        cands = [c for c in members if len(_org_core(c.key)) >= 2]
        rule = "org-initials" if tag == "i" else "org-first-word"
        for c in members:
            if len(c.key) != 1 or c.key[0] != word:
                continue
            roots: dict[object, Cluster] = {}
            for t in cands:
                roots.setdefault(ctx.comp_c(t), t)
            outcome[c.id] = len(roots) == 1
            if len(roots) == 1:
                r, t = next(iter(roots.items()))
                if r != ctx.comp_c(c):
                    edges.append(
                        _edge(
                            phase,
                            t,
                            c,
                            rule,
                            f"'{c.name}' stands for one organization of the corpus: '{t.name}'",
                        )
                    )
    return edges, outcome


def _nickname_and_surname(
    phase: str, word: str, members: Sequence[Cluster], cands: Sequence[Cluster], ctx: Context
) -> list[Edge]:
    """3a. "Lucho Ortega" (one document) and Luis “Lucho” Ortega Ramos (another): a name
    whose first word is one person's nickname and whose other words stand in that person's
    surnames, when exactly one person of the corpus fits."""
    out = []
    for c in members:
        if not full_person(c) or c.nickname or c.key[0] != word:
            continue
        fits: dict[object, Cluster] = {}
        for t in cands:
            if t.suffix == c.suffix and set(c.key[1:]) <= set(t.key[1:]):
                fits.setdefault(ctx.comp_a(t), t)
        if len(fits) != 1:
            continue
        ((r, t),) = fits.items()
        if r == ctx.comp_a(c) or r in ctx.apart(c):
            continue
        detail = f"'{c.name}' ({c.doc}) is the nickname and surname of '{t.name}' ({t.doc})"
        out.append(_edge(phase, t, c, "nickname-and-surname", detail))
    return out


def _honorific_name(c: Cluster) -> bool:
    """ "Don Luis", "Mrs. Ruiz": a courtesy title and one name."""
    return c.label == "person" and len(c.key) == 2 and c.pinned is None and c.key[0] in HONORIFICS


def _first_name_unique(
    phase: str, word: str, members: Sequence[Cluster], lookers: Sequence[Cluster], ctx: Context
) -> list[Edge]:
    """3c. "Don Luis" (a courtesy title and a first name) in a document, when exactly one
    person of the corpus has that first name and nobody has it as a surname or nickname:
    that person. A bare first name is not joined so: in a pile of articles on several
    stories it is too often someone else's ("Martha" of one show, Martha Ratliff of another)."""
    fulls = [c for c in members if full_person(c) and not _honorific_name(c)]
    if any(c.key[0] != word and word in _marker_words(c) for c in fulls):
        return []  # someone's surname or nickname too: not clear
    owners: dict[object, Cluster] = {}
    for c in fulls:
        owners.setdefault(ctx.comp_a(c), c)
    if len(owners) != 1:
        return []
    ((owner, t),) = owners.items()
    out = []
    for c in lookers:
        if not _honorific_name(c) or owner == ctx.comp_a(c) or owner in ctx.apart(c):
            continue
        detail = f"'{c.name}' ({c.doc}) is the first name of one person of the corpus: '{t.name}'"
        out.append(_edge(phase, t, c, "first-name-unique", detail))
    return out


# -- a whole corpus ---------------------------------------------------------------------------


class UnionFind:
    """Union-find over ids 0..n-1 in an array (8 bytes an id, a million clusters in 8 MB):
    the root of a group is always its smallest id, whatever order the joins come in."""

    def __init__(self, n: int) -> None:
        self.parent = array("q", range(n))

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True

    def roots(self) -> array[int]:
        """Every id's root, as an array."""
        return array("q", (self.find(i) for i in range(len(self.parent))))


#: Flags are shared among clusters with the same outcomes (a handful of combinations for a
#: million clusters): replaced, never changed in place.
_FLAG_SETS: dict[tuple[tuple[str, bool], ...], dict[str, bool]] = {(): {}}
NO_FLAGS = _FLAG_SETS[()]

#: Nobody named apart: one empty set for every cluster (`frozenset()` is not a singleton).
_NONE_APART: frozenset[int] = frozenset()


def with_flag(flags: dict[str, bool], flag: str, ok: bool) -> dict[str, bool]:
    """`flags` with `flag` set (kept True once True), as the shared dict of that outcome:
    every update of a cluster's flags goes through here, since those dicts are shared."""
    items = tuple(sorted({**flags, flag: flags.get(flag, False) or ok}.items()))
    return _FLAG_SETS.setdefault(items, dict(items))


def _set_apart(clusters: Sequence[Cluster]) -> None:
    """Give each cluster that looks up a lone name (the only ones that read it) the phase-A
    entities of the other people its document names (`apart_of`)."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for c in clusters:
        if c.label == "person":
            by_doc[c.doc].append(c.comp_a)
    people = {doc: DocumentPeople.of(comp_as) for doc, comp_as in by_doc.items()}
    for c in clusters:
        found = people.get(c.doc)
        c.apart = apart_of(c, found) if found is not None else _NONE_APART


@dataclass(frozen=True)
class DocumentPeople:
    """The phase-A entities of the people one document names, with how many of its
    clusters each has: what `apart_of` reads, made once per document, so a document naming
    thousands of people (a book) costs one set, not one list and one set per cluster (that
    was quadratic: 1.7 GB and most of the cross-document time for one 1M-character text)."""

    counts: Counter[int]
    everyone: frozenset[int]

    @classmethod
    def of(cls, comp_as: Iterable[int]) -> DocumentPeople:
        counts = Counter(comp_as)
        return cls(counts, frozenset(counts))


def apart_of(c: Cluster, people: DocumentPeople) -> AbstractSet[int]:
    """What `Cluster.apart` holds: for a cluster looking up a lone name, the phase-A
    entities of the *other* people of its document (its own entity left out unless another
    of the document's clusters has it too); the shared empty set for every other cluster."""
    if not lone_looker(c):
        return _NONE_APART
    own = c.comp_a if c.label == "person" and people.counts[c.comp_a] == 1 else None
    if len(people.counts) <= (own is not None):
        return _NONE_APART
    return _OthersOf(people.everyone, own)


class _OthersOf(AbstractSet[int]):
    """The phase-A entities of a document's people but one cluster's own (`own`, when no
    other cluster of the document has it): `apart_of` over a set the document shares."""

    __slots__ = ("_everyone", "_own")

    def __init__(self, everyone: frozenset[int], own: int | None) -> None:
        self._everyone = everyone
        self._own = own

    def __contains__(self, x: object) -> bool:
        return x != self._own and x in self._everyone

    def __iter__(self) -> Iterator[int]:
        return (x for x in self._everyone if x != self._own)

    def __len__(self) -> int:
        return len(self._everyone) - (self._own in self._everyone)


#: What a decision reads besides a block's members, when the members carry it themselves
#: (`join_clusters` sets `comp_a`, `comp_c` and `apart` before the phases that read them).
CARRIED = Context(comp_a=lambda c: c.comp_a, comp_c=lambda c: c.comp_c, apart=lambda c: c.apart)


def decide_block(
    phase: str, key: str, members: list[Cluster]
) -> tuple[list[Edge], dict[int, bool]]:
    """`decide` for one block whose members arrived in any order: the unit of work of a
    keyed reduce (`engines.MapGroups`, `engines.Reduce`), so it reads nothing but its arguments."""
    members.sort(key=lambda c: c.id)
    return decide(phase, key, members, CARRIED)


def join_clusters(
    clusters: Sequence[Cluster],
    merges: Sequence[Override] = (),
    reduce: Reduce = local_reduce,
    on_keys: Callable[[str, Iterable[tuple[str, int]]], None] | None = None,
) -> list[Edge]:
    """Run every phase over clusters whose ids are 0..n-1 in corpus order; return every
    join made, and leave on each cluster where it ended (`comp_a`, `comp_c`, `final`) and
    its outcomes (`flags`), which is what a later build that adds documents starts from.

    Each phase is one keyed reduce (`reduce`): clusters grouped by block key, every block
    decided on its own; the joins of a phase are applied after all its blocks are decided,
    so no decision sees another of its own phase. Joining clusters into entities between
    phases (union-find) stays here. `on_keys(phase, (key, cluster id) rows)` is told each
    phase's blocks: the case file stores them for later builds that add documents.
    """
    uf = UnionFind(len(clusters))
    edges: list[Edge] = []
    for c in clusters:
        c.flags, c.apart = NO_FLAGS, _NONE_APART
    for phase in PHASES[:-1]:
        if phase == "B1":
            for c in clusters:
                c.comp_a = uf.find(c.id)
            _set_apart(clusters)
        if phase == "D1a":
            for c in clusters:
                c.comp_c, c.apart = uf.find(c.id), _NONE_APART
        rows: Iterable[tuple[str, Cluster]] = (
            (k, c) for c in clusters for k in block_keys(c, phase, c.flags)
        )
        if on_keys is not None:  # the keys are read twice: computed once
            rows = list(rows)
            on_keys(phase, ((k, c.id) for k, c in rows))
        results = reduce(rows, partial(decide_block, phase))
        flag = OUTCOME_FLAGS.get(phase, "")
        found: list[Edge] = []
        for got, outcome in results:
            found.extend(got)
            for cid, ok in outcome.items() if flag else ():
                c = clusters[cid]
                c.flags = with_flag(c.flags, flag, ok)
        found.sort()  # the order blocks came back in must not matter
        for e in found:
            uf.union(e.a, e.b)
        edges.extend(found)
    if merges:
        for e in apply_merges(merges, clusters, uf):
            uf.union(e.a, e.b)
            edges.append(e)
    for c in clusters:
        c.final = uf.find(c.id)
    return edges


def apply_merges(
    merges: Sequence[Override], clusters: Iterable[Cluster], uf: UnionFind
) -> list[Edge]:
    """Join the entity called A to the one called B for each ("merge", A, B); `clusters`
    are read once."""
    wanted = {normalize_name(n) for o in merges for n in (o.name, o.other or "")}
    carriers: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        details = c.details()
        said = {normalize_name(n) for n in details.get("names", {})} | set(
            details.get("nicknames", [])
        )
        for n in said & wanted:
            carriers[n].append(c)
    out: list[Edge] = []
    for o in merges:
        ends = []
        for n in (o.name, o.other or ""):
            found = {uf.find(c.id): c for c in carriers.get(normalize_name(n), [])}
            if len(found) != 1:
                log.warning(
                    "merge %r %r not applied: %r names %d entities", o.name, o.other, n, len(found)
                )
                break
            ends.append(next(iter(found.values())))
        else:
            if uf.union(ends[0].id, ends[1].id):
                detail = f"'{o.name}' and '{o.other}' were merged by the user ('leyenda merge')"
                out.append(_edge("E", ends[0], ends[1], "user-merge", detail))
    return out


# -- entities -----------------------------------------------------------------------------


def _nickname_form(n: str, nicknames: set[str]) -> bool:
    low = normalize_name(n)
    return any(low == k or low.startswith(k + " ") for k in nicknames)


def entity_of(members: Sequence[Cluster], edges: Iterable[Edge]) -> Entity:
    """The entity one group of clusters makes: its name, type, aliases, mentions, reasons.

    `members` in corpus order; `edges` are the joins among them. The id is the type and
    the normalized name (`entity_ids` settles the rare case of two entities sharing one).
    """
    rank = {p: i for i, p in enumerate(PHASES)}
    position = {c.id: i for i, c in enumerate(members)}
    # the reasons are a spanning forest taken in one fixed order (phase, then corpus order),
    # so a join two rules both made is explained once, however the edges were found
    uf = UnionFind(len(members))
    by_a: dict[int, list[Edge]] = defaultdict(list)
    for e in sorted(edges, key=lambda e: (rank[e.phase], position[e.a], position[e.b])):
        if uf.union(position[e.a], position[e.b]):
            by_a[e.a].append(e)
    refs: list[MentionRef] = []
    names: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    merge: list[MergeReason] = []
    nicknames: set[str] = set()
    said: list[str] = []
    for c in members:
        s = c.details()
        if "real" in s:
            said.append(s["real"])
        labels[c.kind] += len(c.members)
        for e in by_a.get(c.id, []):
            merge.append(MergeReason(e.rule, e.names, e.detail))
        for start, end, text in s["refs"]:
            refs.append(MentionRef(c.doc, start, end, text))
        for n, count in s["names"].items():
            names[n] += count
        nicknames.update(s["nicknames"])
        for rule, name, target in s["links"]:
            merge.append(
                MergeReason(
                    rule, (name, target), f"in {c.doc}, '{name}' refers to '{target}' ({rule})"
                )
            )
    fixed = [c.kind for c in members if c.typed]
    etype: EntityType = fixed[0] if fixed else labels.most_common(1)[0][0]  # type: ignore[assignment]
    name = max(
        names,
        key=lambda n: (
            "“" not in n and '"' not in n,
            not _nickname_form(n, nicknames),
            names[n] > 0,
            len(name_tokens(n)[0]) + bool(name_tokens(n)[1]),
            _has_accents(n),
            names[n],
            n,
        ),
    )
    aliases = tuple(sorted(n for n in names if n != name))
    refs.sort(key=lambda r: (r.doc, r.start))
    eid = content_id("ent", etype, normalize_name(name))
    cue = said_real([said]) if etype == "person" else None
    real = None if cue is None else dict(lx.REAL_CUES)[cue]
    return Entity(eid, etype, name, aliases, real, tuple(refs), tuple(dict.fromkeys(merge)))


def plain_id(e: Entity) -> str:
    """The id an entity has unless another has the same type and name."""
    return content_id("ent", e.type, normalize_name(e.name))


def disambiguated_id(e: Entity) -> str:
    """The id an entity takes when another entity has the same type and name: its first
    mention decides, so the id does not depend on the order entities are built in."""
    first = e.mentions[0]
    return content_id("ent", e.type, normalize_name(e.name), first.doc, first.start)


def entity_ids(entities: Sequence[Entity]) -> list[Entity]:
    """Entities with unique ids: of several sharing one, the one mentioned first keeps it."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entities):
        groups[e.id].append(i)
    out = list(entities)
    for idxs in groups.values():
        if len(idxs) > 1:
            idxs.sort(key=lambda i: (entities[i].mentions[0].doc, entities[i].mentions[0].start))
            for i in idxs[1:]:
                e = entities[i]
                out[i] = Entity(
                    disambiguated_id(e),
                    e.type,
                    e.name,
                    e.aliases,
                    e.real,
                    e.mentions,
                    e.merged_because,
                )
    return out


@dataclass(frozen=True)
class Resolution:
    """Entities, and which entity each (document id, mention index) belongs to."""

    entities: tuple[Entity, ...]
    mention_entity: dict[tuple[str, int], str]


def corpus_clusters(
    analyses: Iterable[DocAnalysis], overrides: Iterable[tuple[str, str, str | None]] = ()
) -> list[Cluster]:
    """Every document's local clusters, in corpus order, with ids 0..n-1."""
    split = frozenset(normalize_name(o[1]) for o in overrides if o[0] == "split")
    clusters = [c for a in analyses for c in clusters_of(a, split)]
    clusters.sort(key=lambda c: c.order)
    for i, c in enumerate(clusters):
        c.id = i
    return clusters


def group_entities(
    clusters: Sequence[Cluster], edges: Sequence[Edge]
) -> list[tuple[Entity, list[Cluster]]]:
    """Each final group of clusters as its entity, with unique ids, sorted by id."""
    groups: dict[int, list[Cluster]] = defaultdict(list)
    for c in clusters:
        groups[c.final].append(c)
    edges_of: dict[int, list[Edge]] = defaultdict(list)
    for e in edges:
        edges_of[clusters[e.a].final].append(e)
    roots = sorted(groups)
    entities = entity_ids([entity_of(groups[r], edges_of[r]) for r in roots])
    out = [(e, groups[r]) for e, r in zip(entities, roots, strict=True)]
    out.sort(key=lambda p: p[0].id)
    return out


def resolve(
    analyses: Sequence[DocAnalysis], overrides: Iterable[tuple[str, str, str | None]] = ()
) -> Resolution:
    """Join mentions of all documents into entities, recording why each join was made.

    `overrides` are the user's merges and splits, applied on top of the rules (see above).
    """
    corrections = [Override(*o) for o in overrides]
    clusters = corpus_clusters(analyses, corrections)
    merges = [o for o in corrections if o.action == "merge" and o.other]
    edges = join_clusters(clusters, merges)
    mention_entity: dict[tuple[str, int], str] = {}
    entities = []
    for entity, members in group_entities(clusters, edges):
        entities.append(entity)
        for c in members:
            for mi in c.members:
                mention_entity[(c.doc, mi)] = entity.id
    return Resolution(tuple(entities), mention_entity)
