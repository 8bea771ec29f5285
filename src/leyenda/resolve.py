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
than missed ones. Candidates come from blocks, never all pairs: exact name; (first word, a
later word) and (an earlier word, last word) for shorter forms; first-name prefix plus the
rest for short first names; surname and nickname for lone words, each block reduced once to
one cluster per person, so a surname thousands of people share, or a principal named in
every document, costs a lookup. `bench/resolve_scale.py` measures it (100,000 synthetic
documents, about a million mentions, in well under a few minutes).

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

import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

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


@dataclass
class _Cluster:
    doc: str
    root: int
    members: list[int] = field(default_factory=list)
    label: EntityType = "other"
    key: tuple[str, ...] = ()
    suffix: str = ""
    nickname: str | None = None
    name: str = ""
    typed_by_name: bool = False  # the type comes from the name's own words, not a guess
    pinned: str | None = None  # a name the user split off: no rule joins this cluster


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


@dataclass(frozen=True)
class Resolution:
    """Entities, and which entity each (document id, mention index) belongs to."""

    entities: tuple[Entity, ...]
    mention_entity: dict[tuple[str, int], str]


def _has_accents(s: str) -> bool:
    return unicodedata.normalize("NFKD", s) != s


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


def _local_clusters(
    analyses: Sequence[DocAnalysis], split: frozenset[str] = frozenset()
) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for a in analyses:
        by_root: dict[int, _Cluster] = {}
        for i, _m in enumerate(a.mentions):
            pinned = _split_root(a.mentions, i, split) if split else None
            r = root_of(a.mentions, i) if pinned is None else pinned
            c = by_root.get(r)
            if c is None:
                root = a.mentions[r]
                key, suffix = name_tokens(root.name)
                c = _Cluster(
                    a.document.id,
                    r,
                    label=root.label,
                    key=key,
                    suffix=suffix,
                    nickname=root.nickname,
                    name=root.name,
                    pinned=_pinned_key(root, split) if pinned is not None else None,
                )
                by_root[r] = c
            c.members.append(i)
            if "typed-by-name" in a.mentions[i].cues:
                c.typed_by_name = True
        for c in by_root.values():
            labels = Counter(a.mentions[i].label for i in c.members)
            root_label = a.mentions[c.root].label
            if labels[root_label] * 2 < sum(labels.values()) and "person" in labels:
                c.label = "person"
        clusters.extend(by_root.values())
    return clusters


def _hypocorism(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if len(a) != len(b) or len(a) < 2 or a[1:] != b[1:] or a[0] == b[0]:
        return False
    short, long_ = sorted((a[0], b[0]), key=len)
    return len(short) >= HYPOCORISM_MIN_PREFIX and long_.startswith(short)


def _hyphen_heads(name: str) -> list[str]:
    """First parts of hyphenated words: "Alfredo Zavala-Avelar" → ["zavala"]."""
    return [normalize_name(w.split("-")[0]) for w in name.split() if "-" in w.strip("-")]


#: Legal forms after a company's name: "Ford Motor Co." is "Ford Motor Company" is "Ford
#: Motor". Chosen from company names in news; re-run `leyenda eval meantime` after a change.
CORPORATE_DESIGNATORS = frozenset(
    {"inc", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "group",
     "sa", "ag", "nv", "holdings", "lp"}
)  # fmt: skip

#: Words left out of an organization's initials ("Department of Justice" → DOJ).
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "de", "del", "la", "y", "on", "in"})


def _org_core(key: tuple[str, ...]) -> tuple[str, ...]:
    """An organization name without its legal form: ("fiat", "group") → ("fiat",)."""
    words = list(key)
    while len(words) > 1 and words[-1] in CORPORATE_DESIGNATORS:
        words.pop()
    return tuple(words)


def _join_organizations(
    clusters: Sequence[_Cluster],
    things: dict[str, int],
    uf: _UnionFind,
    join: Callable[[int, int, str, str], None],
    person_words: set[str],
) -> None:
    """Rule 4b of `resolve`: organization short forms, each looked up in one index."""
    orgs = [
        i
        for i in things.values()
        if clusters[i].label == "organization" and clusters[i].key and clusters[i].pinned is None
    ]
    by_core: dict[tuple[str, ...], list[int]] = defaultdict(list)
    by_initials: dict[str, set[int]] = defaultdict(set)
    by_first_word: dict[str, set[int]] = defaultdict(set)
    for i in orgs:
        core = _org_core(clusters[i].key)
        by_core[core].append(i)
        if len(core) >= 2:
            initials = "".join(w[0] for w in core if w not in _INITIALS_SKIP)
            if len(initials) >= 2:
                by_initials[initials].add(i)
            by_first_word[core[0]].add(i)
    for group in by_core.values():
        for other in group[1:]:
            a, b = clusters[group[0]], clusters[other]
            join(group[0], other, "org-legal-form", f"'{b.name}' is '{a.name}' without or with"
                 " its legal form")  # fmt: skip
    for i in orgs:
        c = clusters[i]
        if len(c.key) != 1:
            continue
        word = c.key[0]
        for rule, block in (
            ("org-initials", by_initials.get(word, set())),
            ("org-first-word", by_first_word.get(word, set())),
        ):
            roots = {uf.find(j): j for j in block}
            if len(roots) == 1:
                (j,) = roots.values()
                if uf.find(i) != uf.find(j):
                    join(j, i, rule, f"'{c.name}' stands for one organization of the corpus:"
                         f" '{clusters[j].name}'")  # fmt: skip
                break
    # a lone capitalised word typed person here and organization elsewhere
    for i, c in enumerate(clusters):
        if (
            c.label == "person"
            and c.pinned is None
            and len(c.key) == 1
            and not c.suffix
            and c.key[0] not in person_words
        ):
            org = things.get(normalize_name(c.name))
            if org is not None and clusters[org].label == "organization":
                join(org, i, "org-name", f"'{c.name}' ({c.doc}) names an organization elsewhere"
                     " and no person of the corpus")  # fmt: skip


def _apply_merges(
    merges: Sequence[Override],
    clusters: Sequence[_Cluster],
    by_doc: dict[str, DocAnalysis],
    uf: _UnionFind,
    join: Callable[[int, int, str, str], None],
) -> None:
    """Join the entity called A to the one called B for each ("merge", A, B)."""
    wanted = {normalize_name(n) for o in merges for n in (o.name, o.other or "")}
    carriers: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        mentions = by_doc[c.doc].mentions
        for mi in c.members:
            for n in mention_names(mentions[mi]) & wanted:
                carriers[n].append(i)
    for o in merges:
        ends = []
        for n in (o.name, o.other or ""):
            found = {uf.find(i): i for i in carriers.get(normalize_name(n), [])}
            if len(found) != 1:
                log.warning(
                    "merge %r %r not applied: %r names %d entities", o.name, o.other, n, len(found)
                )
                break
            ends.append(next(iter(found.values())))
        else:
            join(
                ends[0],
                ends[1],
                "user-merge",
                f"'{o.name}' and '{o.other}' were merged by the user ('leyenda merge')",
            )


def resolve(
    analyses: Sequence[DocAnalysis], overrides: Iterable[tuple[str, str, str | None]] = ()
) -> Resolution:
    """Join mentions of all documents into entities, recording why each join was made.

    `overrides` are the user's merges and splits, applied on top of the rules (see above).
    """
    corrections = [Override(*o) for o in overrides]
    split = frozenset(normalize_name(o.name) for o in corrections if o.action == "split")
    clusters = _local_clusters(analyses, split)
    uf = _UnionFind(len(clusters))
    reasons: dict[int, list[MergeReason]] = defaultdict(list)
    by_doc = {a.document.id: a for a in analyses}

    def join(a: int, b: int, rule: str, detail: str) -> None:
        if uf.union(a, b):
            names = (clusters[a].name, clusters[b].name)
            reasons[a].append(MergeReason(rule, names, detail))

    # a split-off name is one entity of its own, whatever the rules would say
    pinned: dict[str, int] = {}
    for i, c in enumerate(clusters):
        if c.pinned is None:
            continue
        head = pinned.setdefault(c.pinned, i)
        if head != i:
            join(head, i, "user-split", f"'{c.name}' was split off by the user ('leyenda split')")
    people = [
        i for i, c in enumerate(clusters) if c.label == "person" and c.key and c.pinned is None
    ]
    full = [i for i in people if len(clusters[i].key) >= 2]
    # blocks: exact key, last word, first word, nickname
    exact: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    by_last: dict[str, list[int]] = defaultdict(list)
    by_first: dict[str, list[int]] = defaultdict(list)
    by_nick: dict[str, list[int]] = defaultdict(list)
    for i in full:
        c = clusters[i]
        exact[(c.key, c.suffix)].append(i)
        by_last[c.key[-1]].append(i)
        for part in _hyphen_heads(c.name):  # "Zavala-Avelar" is also written "Zavala"
            by_last[part].append(i)
        by_first[c.key[0]].append(i)
        if c.nickname:
            by_nick[normalize_name(c.nickname)].append(i)

    # 1. the same full name in several documents, whatever spaCy called it in each; only
    #    names whose own words fix different types ("X Cartel" vs a person) stay apart
    for i, c in enumerate(clusters):
        if (
            len(c.key) >= 2
            and c.pinned is None
            and c.label != "person"
            and not c.typed_by_name
            and (c.key, c.suffix) in exact
        ):
            exact[(c.key, c.suffix)].append(i)
    for group in exact.values():
        for other in group[1:]:
            a, b = clusters[group[0]], clusters[other]
            variant = "an accent/case variant" if a.name != b.name else "the same spelling"
            join(
                group[0],
                other,
                "same-name",
                f"'{b.name}' in {b.doc} is {variant} of '{a.name}' in {a.doc}",
            )

    def distinct_targets(cands: list[int]) -> list[int]:
        seen: dict[int, int] = {}
        for j in cands:
            seen.setdefault(uf.find(j), j)
        return list(seen.values())

    # 2. shorter forms and short first names, within the blocks that could hold them.
    #    Every cluster of one full name was joined in step 1, so the work is per distinct
    #    name. A shorter name keeps the first or the last word of the longer one, so the
    #    longer names are indexed by (first word, any later word) and (any earlier word,
    #    last word); the shorter name looks up the pair of its own first and last words.
    name_reps = {k: group[0] for k, group in exact.items()}
    pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for name_key in name_reps:
        key = name_key[0]
        for w in dict.fromkeys(key[1:]):
            pairs[(key[0], w)].append(name_key)
        for w in dict.fromkeys(key[:-1]):
            if (w, key[-1]) != (key[0], key[-1]):
                pairs[(w, key[-1])].append(name_key)
    for (key, suffix), i in name_reps.items():
        c = clusters[i]
        # across documents a short form must keep a surname: "Juan Pablo" in one article
        # and "Juan Pablo Raba" in another are too often two people ("Miguel Félix" keeps
        # the paternal surname of "Miguel Ángel Félix Gallardo", so it may join)
        found: dict[int, int] = {}
        for longer in pairs.get((key[0], key[-1]), ()):
            j = name_reps[longer]
            if (
                longer[1] == suffix
                and is_subname(key, longer[0])
                and (key != longer[0][: len(key)] or key[-1] in _hyphen_heads(clusters[j].name))
            ):
                found.setdefault(uf.find(j), j)
                if len(found) > 1:
                    break  # two people's name_reps contain it: it joins neither
        if len(found) == 1:
            j = next(iter(found.values()))
            if uf.find(j) != uf.find(i):
                t = clusters[j]
                join(
                    j,
                    i,
                    "short-form",
                    f"every word of '{c.name}' ({c.doc}) stands in order in '{t.name}' "
                    f"({t.doc}), and no other person's name contains them",
                )
    # "Rafa" / "Rafael": name_reps equal but for a first word that starts the other one
    hypo: dict[tuple[str, tuple[str, ...], str], list[int]] = defaultdict(list)
    for (key, suffix), i in name_reps.items():
        if len(key[0]) >= HYPOCORISM_MIN_PREFIX:
            hypo[(key[0][:HYPOCORISM_MIN_PREFIX], key[1:], suffix)].append(i)
    for block in hypo.values():
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                a, b = clusters[i], clusters[j]
                if _hypocorism(a.key, b.key):
                    join(
                        i,
                        j,
                        "short-first-name",
                        f"'{a.name}' and '{b.name}' differ only by a shortened first name",
                    )

    doc_clusters: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        doc_clusters[c.doc].append(i)

    # 3. lone surnames and nicknames that one person of the corpus carries. spaCy often
    #    calls a lone surname an organization or a place; unless the name's own words say
    #    so ("Cartel", "DEA"), matching exactly one person's nickname or surname outweighs it.
    #    A block is reduced once to one cluster per person, so a surname thousands of
    #    mentions carry costs a lookup, not a scan.
    block_people: dict[tuple[str, str, str], list[int]] = {}

    def people_in(rule: str, word: str, suffix: str) -> list[int]:
        block_key = (rule, word, suffix)
        got = block_people.get(block_key)
        if got is None:
            if rule == "nickname-unique":
                src = by_nick.get(word, [])
            else:
                src = [j for j in by_last.get(word, []) if clusters[j].suffix == suffix]
            got = block_people[block_key] = distinct_targets(src)
        return got

    for i, c in enumerate(clusters):
        if not c.key or c.pinned is not None or (c.label != "person" and c.typed_by_name):
            continue
        nick = normalize_name(c.name)
        rules = [("nickname-unique", nick)]
        if len(c.key) == 1:
            rules.append(("surname-unique", c.key[0]))
        if not any((by_nick if r == "nickname-unique" else by_last).get(w) for r, w in rules):
            continue
        # a person this document names apart (its own full name) is not who it means
        apart = {
            uf.find(j) for j in doc_clusters[c.doc] if j != i and clusters[j].label == "person"
        }
        for rule, word in rules:
            targets: dict[int, int] = {}
            for cand in people_in(rule, word, c.suffix):
                r = uf.find(cand)
                if r not in apart:
                    targets.setdefault(r, cand)
                    if len(targets) > 1:
                        break
            if len(targets) == 1:
                ((root, t_i),) = targets.items()
                if root == uf.find(i):
                    continue
                t = clusters[t_i]
                join(
                    t_i,
                    i,
                    rule,
                    f"'{c.name}' ({c.doc}) matches only one person in the corpus: '{t.name}'",
                )
                c.label = "person"
                break

    # 3b. the same lone name ("Manuela") in several documents, when no full name in the
    #     corpus carries it: in a corpus about one story that is one person
    lone: dict[str, int] = {}
    for i, c in enumerate(clusters):
        if c.label != "person" or len(c.key) != 1 or c.suffix or c.pinned is not None:
            continue
        word = c.key[0]
        if by_last.get(word) or by_first.get(word) or by_nick.get(word):
            continue
        if word in lone:
            join(
                lone[word],
                i,
                "same-lone-name",
                f"'{c.name}' ({c.doc}) is written the same way elsewhere and no full name "
                "in the corpus contains it",
            )
        else:
            lone[word] = i

    # 4. the same organization, place or work in several documents
    #    (spaCy may call a show "other" in one article and the cues "work" in another;
    #    only types fixed by the name's own words keep two same-named things apart)
    things: dict[str, int] = {}
    for i, c in enumerate(clusters):
        if c.label == "person" or c.pinned is not None:
            continue
        k = normalize_name(c.name)
        first = things.get(k)
        if first is None:
            things[k] = i
        elif not (
            c.typed_by_name and clusters[first].typed_by_name and c.label != clusters[first].label
        ):
            join(first, i, "same-name", f"'{c.name}' is named the same way in {c.doc}")

    # 4b. an organization under a shorter form of its name, across the corpus: without
    #     its legal form ("Fiat Group" / "Fiat", "AirTanker Ltd." / "AirTanker"), as its
    #     initials ("GAO" / "Government Accountability Office"), or as the first word of
    #     the one organization name that starts with it ("Northrop" / "Northrop Grumman").
    #     A lone word that spaCy called a person in one article but that names an
    #     organization elsewhere, and no person of the corpus, is that organization.
    _join_organizations(clusters, things, uf, join, set(by_last) | set(by_first) | set(by_nick))

    # 5. the user's merges, on top of everything the rules did
    merges = [o for o in corrections if o.action == "merge" and o.other]
    if merges:
        _apply_merges(merges, clusters, by_doc, uf, join)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters)):
        groups[uf.find(i)].append(i)

    entities: list[Entity] = []
    mention_entity: dict[tuple[str, int], str] = {}
    used_ids: set[str] = set()
    for _root, members in sorted(groups.items()):
        refs: list[MentionRef] = []
        names: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        merge: list[MergeReason] = []
        nicknames: set[str] = set()  # normalized; names built on them are not the entity's name
        inside = {(clusters[ci].doc, mi) for ci in members for mi in clusters[ci].members}
        for ci in members:
            c = clusters[ci]
            doc_analysis = by_doc[c.doc]
            labels[c.label] += len(c.members)
            merge.extend(reasons.get(ci, []))
            for mi in c.members:
                m = doc_analysis.mentions[mi]
                refs.append(MentionRef(m.doc, m.start, m.end, m.text))
                names[m.name] += 1
                surface = clean_name(m.text)
                if surface != m.name:
                    names[surface] += 0
                if m.nickname:
                    names[m.nickname] += 0
                    names[f"{m.nickname} {m.name.split()[-1]}"] += 0
                    nicknames.add(normalize_name(m.nickname))
                if "quoted" in m.cues:
                    nicknames.add(normalize_name(m.name))
                # a link the user's split cut (the antecedent left) is no reason any more
                if m.antecedent is not None and m.link_rule and (m.doc, m.antecedent) in inside:
                    target = doc_analysis.mentions[m.antecedent]
                    merge.append(
                        MergeReason(
                            m.link_rule,
                            (m.name, target.name),
                            f"in {m.doc}, '{m.name}' refers to '{target.name}' ({m.link_rule})",
                        )
                    )
        fixed = [clusters[ci].label for ci in members if clusters[ci].typed_by_name]
        etype: EntityType = fixed[0] if fixed else labels.most_common(1)[0][0]  # type: ignore[assignment]

        def nickname_form(n: str, nicknames: set[str] = nicknames) -> bool:
            low = normalize_name(n)
            return any(low == k or low.startswith(k + " ") for k in nicknames)

        name = max(
            names,
            key=lambda n: (
                "“" not in n and '"' not in n,
                not nickname_form(n),
                names[n] > 0,
                len(name_tokens(n)[0]) + bool(name_tokens(n)[1]),
                _has_accents(n),
                names[n],
                n,
            ),
        )
        aliases = tuple(sorted(n for n in names if n != name))
        eid = content_id("ent", etype, normalize_name(name))
        if eid in used_ids:
            eid = content_id("ent", etype, normalize_name(name), refs[0].doc, refs[0].start)
        used_ids.add(eid)
        unique_reasons = tuple(dict.fromkeys(merge))
        refs.sort(key=lambda r: (r.doc, r.start))
        entities.append(Entity(eid, etype, name, aliases, None, tuple(refs), unique_reasons))
        for ci in members:
            c = clusters[ci]
            for mi in c.members:
                mention_entity[(c.doc, mi)] = eid
    entities.sort(key=lambda e: e.id)
    return Resolution(tuple(entities), mention_entity)
