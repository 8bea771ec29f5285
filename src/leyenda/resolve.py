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

Two full names that differ in any other way stay apart (Diego Luna / Genaro Garcia Luna;
Ronald / Nancy Reagan); a name with "Jr." is never the name without. False merges cost more
than missed ones. Candidates come from blocks keyed by a name's first and last word, so
the cost grows with the number of clusters, not its square.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .mentions import clean_name, is_subname, name_tokens, normalize_name, root_of
from .model import DocAnalysis, Entity, EntityType, MentionRef, MergeReason, content_id

#: A first name that starts another, this long or longer, is its short form ("Rafa"/"Rafael").
HYPOCORISM_MIN_PREFIX = 3


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


def _local_clusters(analyses: Sequence[DocAnalysis]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for a in analyses:
        by_root: dict[int, _Cluster] = {}
        for i, _m in enumerate(a.mentions):
            r = root_of(a.mentions, i)
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


def resolve(analyses: Sequence[DocAnalysis]) -> Resolution:
    """Join mentions of all documents into entities, recording why each join was made."""
    clusters = _local_clusters(analyses)
    uf = _UnionFind(len(clusters))
    reasons: dict[int, list[MergeReason]] = defaultdict(list)
    by_doc = {a.document.id: a for a in analyses}

    def join(a: int, b: int, rule: str, detail: str) -> None:
        if uf.union(a, b):
            names = (clusters[a].name, clusters[b].name)
            reasons[a].append(MergeReason(rule, names, detail))

    people = [i for i, c in enumerate(clusters) if c.label == "person" and c.key]
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

    # 2. shorter forms and short first names, within the blocks that could hold them
    for i in full:
        c = clusters[i]
        near = set(by_last[c.key[-1]]) | set(by_first[c.key[0]])
        # across documents a short form must keep a surname: "Juan Pablo" in one article
        # and "Juan Pablo Raba" in another are too often two people ("Miguel Félix" keeps
        # the paternal surname of "Miguel Ángel Félix Gallardo", so it may join)
        supers = [
            j
            for j in near
            if j != i
            and clusters[j].suffix == c.suffix
            and is_subname(c.key, clusters[j].key)
            and (
                c.key != clusters[j].key[: len(c.key)]
                or c.key[-1] in _hyphen_heads(clusters[j].name)
            )
        ]
        targets = distinct_targets(supers)
        if len(targets) == 1 and uf.find(targets[0]) != uf.find(i):
            t = clusters[targets[0]]
            join(
                targets[0],
                i,
                "short-form",
                f"every word of '{c.name}' ({c.doc}) stands in order in '{t.name}' ({t.doc}),"
                " and no other person's name contains them",
            )
        for j in by_last[c.key[-1]]:
            if j > i and clusters[j].suffix == c.suffix and _hypocorism(c.key, clusters[j].key):
                join(
                    i,
                    j,
                    "short-first-name",
                    f"'{c.name}' and '{clusters[j].name}' differ only by a shortened first name",
                )

    doc_clusters: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        doc_clusters[c.doc].append(i)

    # 3. lone surnames and nicknames that one person of the corpus carries. spaCy often
    #    calls a lone surname an organization or a place; unless the name's own words say
    #    so ("Cartel", "DEA"), matching exactly one person's nickname or surname outweighs it.
    for i, c in enumerate(clusters):
        if not c.key or (c.label != "person" and c.typed_by_name):
            continue
        nick = normalize_name(c.name)
        blocks = [("nickname-unique", by_nick.get(nick, []))]
        if len(c.key) == 1:
            blocks.append(
                (
                    "surname-unique",
                    [j for j in by_last.get(c.key[0], []) if clusters[j].suffix == c.suffix],
                )
            )
        # a person this document names apart (its own full name) is not who it means
        apart = {
            uf.find(j) for j in doc_clusters[c.doc] if j != i and clusters[j].label == "person"
        }
        for rule, block in blocks:
            targets = [t for t in distinct_targets(block) if uf.find(t) not in apart]
            if len(targets) == 1 and uf.find(targets[0]) != uf.find(i):
                t = clusters[targets[0]]
                join(
                    targets[0],
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
        if c.label != "person" or len(c.key) != 1 or c.suffix:
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
        if c.label == "person":
            continue
        k = normalize_name(c.name)
        first = things.get(k)
        if first is None:
            things[k] = i
        elif not (
            c.typed_by_name and clusters[first].typed_by_name and c.label != clusters[first].label
        ):
            join(first, i, "same-name", f"'{c.name}' is named the same way in {c.doc}")

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
                if m.antecedent is not None and m.link_rule:
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
