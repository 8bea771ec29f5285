"""Facts from one parsed document: events, portrayals, relations, ages, claims.

Rules read spaCy's dependency parse and the document's mentions; the words that trigger
them live in `triggers` and `..lexicon`. Every fact cites the sentence that states it, and
its participants are mention indices (who they are is settled across documents later).

Steps, in order, per sentence:
1. portrayals ("X plays Y", "Y (X)" about a show, "played by X", "X stars as Y");
2. events from verbs (active and passive) and from event nouns ("his arrest in 1989");
3. relations from appositions and family words ("the former leader of ORG",
   "DEA agent X", "had three sons: A, B and C");
4. ages ("74-year-old X", "when X was 67", "X (6)" in a family list, "X is 74");
5. claims ("X claims ...": one `claims` fact; facts inside get modality `claim`).
Negated events ("was not involved") are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .. import lexicon as lx
from ..mentions import root_of
from ..model import Document, Evidence, LocalFact, Mention, Modality, TimeExpr, TimeSpan
from ..timex import count_value
from . import triggers as tg
from .modality import sentence_modalities

_AGE_BEFORE = re.compile(r"(\d{1,3})[- ]years?[- ]old\b")
_AGE_COPULA = re.compile(r"\b(?:is|was|turned|turns|aged)\s+(\d{1,3})\b(?![-\d]|\s*(?:%|percent))")
_PRONOUNS_PERSON = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_PRONOUNS_PLURAL = frozenset({"they", "them", "their"})


@dataclass
class _Ctx:
    sdoc: Any
    document: Document
    mentions: list[Mention]
    tok_mention: dict[int, int]
    roots: list[int]
    times: list[TimeExpr]
    time_tok: dict[int, int]  # token index of a time expression's head → index in times
    modality: list[Modality]
    sent_of: dict[int, int]
    work_default: int | None
    mention_head: list[Any]  # syntactic head token of each mention (None if unaligned)
    mention_starts: list[int]  # start offset of each mention, for bisecting by position
    time_head: list[Any]  # the same for each time expression

    def root(self, mi: int) -> int:
        return self.roots[mi]


def _build_ctx(
    sdoc: Any, document: Document, mentions: list[Mention], times: list[TimeExpr]
) -> _Ctx:
    tok_mention: dict[int, int] = {}
    mention_head: list[Any] = []
    for mi, m in enumerate(mentions):
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        mention_head.append(span.root if span is not None else None)
        if span is None:
            continue
        for tok in span:
            tok_mention.setdefault(tok.i, mi)
    time_tok: dict[int, int] = {}
    time_head: list[Any] = []
    for ti, t in enumerate(times):
        span = sdoc.char_span(t.start, t.end, alignment_mode="expand")
        time_head.append(span.root if span is not None else None)
        if span is not None:
            for tok in span:
                time_tok.setdefault(tok.i, ti)
    works = [(m.start, m.end) for m in mentions if m.label == "work"]
    sents = list(sdoc.sents)
    sent_of = {}
    for si, s in enumerate(sents):
        for tok in s:
            sent_of[tok.i] = si
    roots = [root_of(mentions, i) for i in range(len(mentions))]
    work_counts = Counter(roots[i] for i, m in enumerate(mentions) if m.label == "work")
    work_default = work_counts.most_common(1)[0][0] if work_counts else None
    return _Ctx(
        sdoc,
        document,
        mentions,
        tok_mention,
        roots,
        times,
        time_tok,
        sentence_modalities(sdoc, works, times),
        sent_of,
        work_default,
        mention_head,
        [m.start for m in mentions],
        time_head,
    )


def _evidence(ctx: _Ctx, sent: Any) -> Evidence:
    text = ctx.document.text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence.of(ctx.document, start, end)


def _person_like(ctx: _Ctx, mi: int) -> bool:
    return ctx.mentions[mi].label in ("person", "organization")


def _pronoun_referent(ctx: _Ctx, tok: Any) -> int | None:
    """The person a he/she/his/her most likely means: cataphora to this sentence's subject
    when the pronoun opens the sentence before it, else the last person subject before."""
    sent = tok.sent
    subj = [
        t
        for t in sent
        if t.dep_ in ("nsubj", "nsubjpass")
        and t.i > tok.i
        and t.i in ctx.tok_mention
        and t.head.dep_ == "ROOT"
    ]
    if tok.tag_ == "PRP$" and subj and tok.i < subj[0].i and tok.head.dep_ == "pobj":
        mi = ctx.tok_mention[subj[0].i]
        if ctx.mentions[mi].label == "person":
            return mi
    best: int | None = None
    best_subject: int | None = None
    same_sentence: list[tuple[int, bool]] = []
    here = ctx.sent_of.get(tok.i, 0)
    # mentions are in text order: walk back from the pronoun to 4 sentences before it
    first = bisect_left(ctx.mention_starts, tok.idx)
    while first > 0 and here - ctx.mentions[first - 1].sentence <= 4:
        first -= 1
    for mi in range(first, bisect_left(ctx.mention_starts, tok.idx)):
        m = ctx.mentions[mi]
        if m.label != "person" or "in-parens" in m.cues:
            continue
        best = mi
        root = ctx.mention_head[mi]
        # "One of the founders, Carlos Lehder, was extradited": the apposition is the subject
        is_subject = root is not None and (
            root.dep_ in ("nsubj", "nsubjpass")
            or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
            or (root.dep_ == "pobj" and root.head.head.dep_ in ("nsubj", "nsubjpass"))
        )
        if is_subject:
            best_subject = mi
        if m.sentence == here and root is not None and (is_subject or root.dep_ == "dobj"):
            same_sentence.append((mi, is_subject))
    # a person named earlier in the same sentence as subject or object ("convicted Lehder,
    # and he was sentenced"), unless an earlier "he" in the sentence already carries a chain
    chained = any(t.lower_ in ("he", "she") and t.i < tok.i for t in sent)
    if same_sentence and not chained:
        subjects = [mi for mi, subj in same_sentence if subj]
        return subjects[-1] if subjects else same_sentence[-1][0]
    if best_subject is not None:
        return best_subject
    return best


def _mention_of(ctx: _Ctx, tok: Any) -> int | None:
    """The mention a noun token stands for: a name, a pronoun, or a name in apposition."""
    if tok.i in ctx.tok_mention:
        return ctx.tok_mention[tok.i]
    if tok.lower_ in _PRONOUNS_PERSON:
        return _pronoun_referent(ctx, tok)
    for child in tok.children:
        if child.dep_ == "appos" and child.i in ctx.tok_mention:
            return ctx.tok_mention[child.i]
    return None


def _participants(ctx: _Ctx, tok: Any) -> list[int]:
    """A noun and every noun coordinated with it or in apposition ("cronies, A and B")."""
    heads = [tok]
    for child in tok.children:
        if child.dep_ == "appos":
            heads.append(child)
    out: list[int] = []
    seen = set()
    while heads:
        t = heads.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        mi = _mention_of(ctx, t)
        if mi is not None and mi not in out:
            out.append(mi)
        for child in t.children:
            if child.dep_ in ("conj", "appos"):
                heads.append(child)
    # a name in apposition to a common noun replaces it
    return out


def _governing(tok: Any) -> Any:
    """The nearest verb (or event noun) above a token."""
    t = tok.head
    while t.i != t.head.i:
        if t.pos_ in ("VERB", "AUX") or t.lower_ in tg.NOUN_EVENTS:
            return t
        t = t.head
    return t


def _time_for(ctx: _Ctx, trigger: Any, own_only: bool = False) -> TimeExpr | None:
    """The time expression of the trigger's clause, else of the clause above it."""
    sent = trigger.sent
    found: list[tuple[int, TimeExpr]] = []
    seen: set[int] = set()
    for tok in sent:
        ti = ctx.time_tok.get(tok.i)
        if ti is None or ti in seen:
            continue
        t = ctx.times[ti]
        if t.kind in ("duration", "set"):
            continue
        head = ctx.time_head[ti]
        if head is None:
            continue
        seen.add(ti)
        gov = _governing(head)
        if gov.i == trigger.i:
            found.append((0, t))
        elif not own_only and gov.i in {a.i for a in trigger.ancestors}:
            found.append((1 + sum(1 for _ in gov.subtree) // 100, t))
    if not found:
        return _time_of_fragment_before(ctx, sent)
    found.sort(key=lambda p: p[0])
    return found[0][1]


def _time_of_fragment_before(ctx: _Ctx, sent: Any) -> TimeExpr | None:
    """The parser sometimes cuts "By the late ’70s | Escobar had founded ..." in two; a
    verbless piece before the sentence, with no full stop, is the sentence's own opening."""
    if sent.start == 0:
        return None
    prev = ctx.sdoc[sent.start - 1].sent
    if (
        prev.text.rstrip()[-1:] in ".!?\n"
        or "\n" in ctx.sdoc.text[prev.start_char : sent.start_char]
    ):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in prev):
        return None
    for tok in prev:
        ti = ctx.time_tok.get(tok.i)
        if ti is not None and ctx.times[ti].kind not in ("duration", "set"):
            return ctx.times[ti]
    return None


def _span(t: TimeExpr | None) -> TimeSpan | None:
    return t.span if t is not None else None


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg"
        for a in tok.ancestors
        if a.pos_ in ("VERB", "AUX")
        for c in a.children
        if a.dep_ in ("xcomp", "ROOT") and a.i == tok.head.i
    )


def _unrealised(tok: Any) -> bool:
    """A purpose or plan ("to meet his wife"), or a phrasal verb that means something else
    ("left behind a wife"): not an event that happened."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    return any(c.dep_ == "prt" and c.lower_ in tg.OTHER_SENSE_PARTICLES for c in tok.children)


def _hypothetical(tok: Any) -> bool:
    """An event noun under "in case of", "fear of", "plan for": it did not happen."""
    for anc in tok.ancestors:
        if anc.lower_ in tg.HYPOTHETICAL_HEADS:
            return True
        if anc.pos_ in ("VERB", "AUX"):
            return False
    return False


def _claim_scope(tok: Any) -> bool:
    """The token sits in the clause of a claim verb ("X claims [he was not involved]")."""
    return any(anc.lemma_ in lx.CLAIM_VERBS for anc in tok.ancestors)


def _place_for(ctx: _Ctx, trigger: Any) -> int | None:
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "at", "from", "into"):
            for pobj in child.children:
                mi = ctx.tok_mention.get(pobj.i)
                if mi is not None and ctx.mentions[mi].label == "place":
                    return mi
    return None


def _work_for(ctx: _Ctx, sent: Any) -> int | None:
    for tok in sent:
        mi = ctx.tok_mention.get(tok.i)
        if mi is not None and ctx.mentions[mi].label == "work":
            return ctx.root(mi)
    return ctx.work_default


def _fact(
    ctx: _Ctx, sent: Any, subject: int, predicate: str, trigger: Any | None = None, **kw: Any
) -> LocalFact:
    si = ctx.sent_of.get(sent.start, 0)
    modality: Modality = ctx.modality[si] if si < len(ctx.modality) else "reality"
    if trigger is not None and _claim_scope(trigger):
        modality = "claim"
    if predicate == "portrayed_by":
        modality = "depiction"
    return LocalFact(
        subject=subject, predicate=predicate, modality=modality, evidence=_evidence(ctx, sent), **kw
    )


# 1. portrayals -----------------------------------------------------------------------------


def _portrayals(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    toks = list(sent)
    text = ctx.document.text
    in_sent = sorted({ctx.tok_mention[t.i] for t in toks if t.i in ctx.tok_mention})
    people = [mi for mi in in_sent if ctx.mentions[mi].label in ("person", "other")]
    seen: set[tuple[int, int]] = set()
    work = _work_for(ctx, sent)
    about_show = work is not None

    def emit(character: int, actor: int) -> Iterable[LocalFact]:
        if ctx.root(character) == ctx.root(actor) or (character, actor) in seen:
            return
        seen.add((character, actor))
        yield _fact(ctx, sent, character, "portrayed_by", object=actor, work=work)

    for a in people:
        ma = ctx.mentions[a]
        after = text[ma.end : ma.end + 40]
        # "Y (X)" and "Y (played by X)"
        m = re.match(r"\s*\((?:(?:played|portrayed) by\s+)?(?:[a-z]+\s+){0,3}", after)
        if m and ("in-parens" not in ma.cues):
            pos = ma.end + m.end()
            for b in people:
                mb = ctx.mentions[b]
                if (
                    mb.start == pos
                    and text[mb.end : mb.end + 1] == ")"
                    and ("by" in m.group(0) or about_show)
                ):
                    yield from emit(a, b)
        # "Y, played by X" / "Y is played by X"
        m2 = re.match(
            r",?\s*(?:who\s+is\s+|is\s+|was\s+)?(?:played|portrayed) by\s+(?:[a-z]+\s+){0,2}", after
        )
        if m2:
            pos = ma.end + m2.end()
            for b in people:
                if ctx.mentions[b].start == pos:
                    yield from emit(a, b)
        # "Y, whom X plays in the series"
        m4 = re.match(r",?\s*whom\s+", after)
        if m4:
            pos = ma.end + m4.end()
            for b in people:
                mb = ctx.mentions[b]
                if mb.start == pos and re.match(
                    r"\s+(?:also\s+)?(?:plays|played|portrays|portrayed)\b",
                    text[mb.end : mb.end + 30],
                ):
                    yield from emit(a, b)
        # "X plays Y", "X stars as Y", "X portrays Y"
        m3 = re.match(
            r"\s+(?:also\s+)?(?:plays|played|portrays|portrayed|stars as|starred as|"
            r"will play|is playing|as)\s+",
            after,
        )
        if m3 and (m3.group(0).strip() != "as" or about_show):
            pos = ma.end + m3.end()
            for b in people:
                if ctx.mentions[b].start == pos:
                    yield from emit(b, a)


# 2. events ---------------------------------------------------------------------------------


def _verb_events(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    for tok in sent:
        lemma = tok.lemma_.lower()
        predicate = tg.VERB_EVENTS.get(lemma)
        if lemma == "find" and any(
            c.dep_ in ("nsubjpass", "dobj") and c.lower_ in ("body", "remains", "corpse")
            for c in tok.children
        ):
            predicate = "body_found"
        if lemma == "become":
            attr = [c for c in tok.children if c.dep_ == "attr" and c.lower_ in tg.BECOME_ROLES]
            if attr:
                predicate = "appointed"
        if predicate is None or tok.pos_ not in ("VERB", "AUX"):
            continue
        if _negated(tok) or _unrealised(tok):
            continue
        # "moved cocaine" is not moving house: these events take no direct object
        if predicate in tg.INTRANSITIVE_EVENTS and any(c.dep_ == "dobj" for c in tok.children):
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            passive = passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children)
        subj_toks = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        obj_toks = [c for c in tok.children if c.dep_ in ("dobj",)]
        agent_toks = [
            g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if (
            not subj_toks
            and tok.dep_ in ("conj", "xcomp", "advcl")
            and tok.head.pos_ in ("VERB", "AUX")
        ):
            subj_toks = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if predicate == "body_found":
            bodies = [c for c in tok.children if c.lower_ in ("body", "remains", "corpse")]
            subjects = []
            for b in bodies:
                for c in b.children:
                    if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of"):
                        owner = (
                            c
                            if c.dep_ == "poss"
                            else next((g for g in c.children if g.dep_ == "pobj"), None)
                        )
                        if owner is not None:
                            subjects += _participants(ctx, owner)
            # "along with the body of X"
            for t in tok.subtree:
                if t.lower_ == "body" and t not in bodies:
                    for c in t.children:
                        if c.dep_ == "prep" and c.lower_ == "of":
                            for g in c.children:
                                subjects += _participants(ctx, g)
            objects: list[int] = []
        elif predicate in tg.PATIENT_EVENTS and predicate != "appointed":
            if passive:
                subjects = [p for s in subj_toks for p in _participants(ctx, s)]
                objects = [p for s in agent_toks for p in _participants(ctx, s)]
            else:
                subjects = [p for s in obj_toks for p in _participants(ctx, s)]
                objects = [p for s in subj_toks for p in _participants(ctx, s)]
        else:
            subjects = [p for s in subj_toks for p in _participants(ctx, s)]
            objects = [p for s in obj_toks for p in _participants(ctx, s)]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("with",) and predicate in ("met", "married"):
                    objects += [p for g in c.children for p in _participants(ctx, g)]
        subjects = [s for s in subjects if _person_like(ctx, s)]
        if predicate in tg.NEEDS_PERSON_SUBJECT:
            subjects = [s for s in subjects if ctx.mentions[s].label == "person"]
        if not subjects:
            continue
        when = _time_for(ctx, tok)
        place = _place_for(ctx, tok)
        obj = next((o for o in objects if ctx.root(o) not in {ctx.root(s) for s in subjects}), None)
        value = None
        if predicate == "appointed":
            role = next((c for c in tok.children if c.dep_ == "attr"), None)
            if role is not None:
                value = ctx.document.text[role.left_edge.idx : role.idx + len(role.text)]
        if predicate == "sentenced":
            value = _sentence_value(tok)
        for s in dict.fromkeys(subjects):
            yield _fact(
                ctx,
                sent,
                s,
                predicate,
                tok,
                object=obj,
                value=value,
                place=place,
                time=_span(when),
                time_unresolved=when.text if when is not None and when.span is None else None,
            )


def _sentence_value(tok: Any) -> str | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            sub = list(c.subtree)
            if sub:
                return str(
                    tok.doc.text[
                        sub[0].idx + len(sub[0].text) + 1 : sub[-1].idx + len(sub[-1].text)
                    ]
                )
    return None


def _noun_events(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    for tok in sent:
        predicate = tg.NOUN_EVENTS.get(tok.lower_)
        if predicate is None or tok.pos_ != "NOUN" or _hypothetical(tok):
            continue
        if any(a.lemma_ in ("involve",) for a in tok.ancestors) and any(
            c.dep_ == "neg" for a in tok.ancestors for c in a.children
        ):
            continue
        owners: list[int] = []
        for c in tok.children:
            if c.dep_ == "poss":
                owners += _participants(ctx, c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                owners += [p for g in c.children if g.dep_ == "pobj" for p in _participants(ctx, g)]
        owners = [o for o in owners if ctx.mentions[o].label == "person"]
        if not owners:
            continue
        when = _time_for(ctx, tok, own_only=True)
        for o in dict.fromkeys(owners):
            yield _fact(
                ctx,
                sent,
                o,
                predicate,
                tok,
                time=_span(when),
                place=_place_for(ctx, tok),
                time_unresolved=when.text if when is not None and when.span is None else None,
            )


# 3. relations ------------------------------------------------------------------------------


def _relations(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    for tok in sent:
        low = tok.lower_
        # "X, the former leader of ORG" / "ORG agent X"
        if low in tg.LEADER_NOUNS | tg.MEMBER_NOUNS and tok.pos_ == "NOUN":
            orgs = [
                p
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                for p in _participants(ctx, g)
                if ctx.mentions[p].label == "organization"
            ]
            holder: int | None = None
            if tok.dep_ == "appos":
                holder = _mention_of(ctx, tok.head)
            elif tok.dep_ == "attr":
                subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
                holder = _mention_of(ctx, subj[0]) if subj else None
            if holder is not None and orgs and ctx.mentions[holder].label == "person":
                pred = "leader_of" if low in tg.LEADER_NOUNS else "member_of"
                yield _fact(ctx, sent, holder, pred, tok, object=orgs[0])
        if low in tg.EMPLOYEE_NOUNS and tok.pos_ == "NOUN":
            orgs = [
                ctx.tok_mention[c.i]
                for c in tok.children
                if c.dep_ in ("compound", "nmod")
                and c.i in ctx.tok_mention
                and ctx.mentions[ctx.tok_mention[c.i]].label == "organization"
            ]
            person: int | None = None
            if tok.dep_ == "compound" and tok.head.i in ctx.tok_mention:
                person = ctx.tok_mention[tok.head.i]
            nxt = tok.nbor(1) if tok.i + 1 < len(ctx.sdoc) else None
            if person is None and nxt is not None and nxt.i in ctx.tok_mention:
                person = ctx.tok_mention[nxt.i]
            if person is not None and orgs and ctx.mentions[person].label == "person":
                yield _fact(ctx, sent, person, "employee_of", tok, object=orgs[0], value=low)
        # "his wife Mika", "Mika, his wife"
        if low in tg.SPOUSE_NOUNS - {"sweethearts", "sweetheart"} and tok.pos_ == "NOUN":
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            partner = next((c for c in tok.children if c.dep_ == "appos"), None)
            if partner is None and tok.dep_ == "appos":
                partner = tok.head
            if owner is not None and partner is not None:
                a, b = _mention_of(ctx, owner), _mention_of(ctx, partner)
                if a is not None and b is not None and ctx.root(a) != ctx.root(b):
                    yield _fact(ctx, sent, a, "spouse", tok, object=b)
        # "A and B were (high school) sweethearts" / "A and B married"
        if low in ("sweethearts", "married", "couple") and tok.dep_ in ("attr", "ROOT", "acomp"):
            verb = tok.head if tok.dep_ != "ROOT" else tok
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                pair = _participants(ctx, subj[0])
                pair = [p for p in pair if ctx.mentions[p].label == "person"]
                if len(pair) == 2 and ctx.root(pair[0]) != ctx.root(pair[1]):
                    yield _fact(ctx, sent, pair[0], "spouse", tok, object=pair[1])
    yield from _family_list(ctx, sent)


def _family_list(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    """ "A and B had three sons (together): C (..), D (6), and E (4)"."""
    for tok in sent:
        if tok.lower_ not in tg.CHILD_NOUNS or tok.dep_ not in ("dobj", "attr"):
            continue
        verb = tok.head
        parents_tok = [c for c in verb.children if c.dep_ == "nsubj"]
        if not parents_tok:
            continue
        parents = [
            p for p in _participants(ctx, parents_tok[0]) if ctx.mentions[p].label == "person"
        ]
        if not parents:
            continue
        count = None
        for c in tok.children:
            if c.dep_ == "nummod":
                count = count_value(c.text)
        if count is not None:
            for p in parents:
                yield _fact(ctx, sent, p, "children_count", tok, value=count)
        # the children: names after the noun in this sentence
        text = ctx.document.text
        parent_roots = {ctx.root(p) for p in parents}
        for mi in sorted(
            {ctx.tok_mention[t.i] for t in sent if t.i > tok.i and t.i in ctx.tok_mention}
        ):
            m = ctx.mentions[mi]
            if m.label != "person" or "in-parens" in m.cues:
                continue
            child = mi
            if ctx.root(child) in parent_roots:
                child = _other_bearer(ctx, mi, parent_roots) or -1
            if child < 0:
                continue
            for p in parents:
                yield _fact(ctx, sent, child, "child", tok, object=p)
            age = re.match(
                r"\s*\((?:who\s+(?:is|was)\s+)?(?:only\s+)?(\d{1,3})\b", text[m.end : m.end + 30]
            )
            if age and int(age.group(1)) <= tg.MAX_AGE:
                yield _fact(
                    ctx,
                    sent,
                    child,
                    "age",
                    tok,
                    value=int(age.group(1)),
                    time=_span(_time_for(ctx, verb)),
                )


def _other_bearer(ctx: _Ctx, mi: int, exclude: set[int]) -> int | None:
    """Another person of the document with this first name: nobody is their own child."""
    word = ctx.mentions[mi].name.split()[0].lower()
    for j, m in enumerate(ctx.mentions):
        if (
            m.label == "person"
            and ctx.root(j) not in exclude
            and len(m.name.split()) >= 2
            and (m.name.split()[0].lower() == word)
        ):
            return ctx.root(j)
    return None


# 4. ages -----------------------------------------------------------------------------------


def _age_time(ctx: _Ctx, anchor_tok: Any, sent: Any) -> TimeExpr | None:
    """When an age holds: its clause's date, else "today" for a sentence in the present."""
    t = _time_for(
        ctx, _governing(anchor_tok) if anchor_tok.pos_ not in ("VERB", "AUX") else anchor_tok
    )
    if t is not None:
        return t
    verb = anchor_tok if anchor_tok.pos_ in ("VERB", "AUX") else _governing(anchor_tok)
    tense_tokens = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(t.tag_ in ("VBZ", "VBP") for t in tense_tokens) and ctx.document.published:
        d = ctx.document.published
        return TimeExpr(0, 0, "", "present", TimeSpan(d, d, "at publication"))
    return None


def _ages(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    text = ctx.document.text
    s0, s1 = sent.start_char, sent.end_char
    stext = text[s0:s1]
    done: set[int] = set()

    def emit(mi: int, age: int, tok: Any) -> Iterable[LocalFact]:
        if mi in done or age > tg.MAX_AGE or ctx.mentions[mi].label != "person":
            return
        done.add(mi)
        when = _age_time(ctx, tok, sent)
        yield _fact(
            ctx,
            sent,
            mi,
            "age",
            tok,
            value=age,
            time=_span(when),
            time_unresolved=when.text if when is not None and when.span is None else None,
        )

    for m in _AGE_BEFORE.finditer(stext):
        age = int(m.group(1))
        end = s0 + m.end()
        span = ctx.sdoc.char_span(s0 + m.start(), end, alignment_mode="expand")
        if span is None:
            continue
        nxt = [t for t in sent if t.idx >= end and not t.is_punct][:3]
        target = None
        for t in nxt:
            if t.i in ctx.tok_mention:
                target = ctx.tok_mention[t.i]
                break
            if t.pos_ == "NOUN":
                # "she's a 37-year-old widow": the age belongs to the copula's subject
                if t.dep_ == "attr":
                    subj = [c for c in t.head.children if c.dep_ == "nsubj"]
                    target = _mention_of(ctx, subj[0]) if subj else None
                break
        if target is None:
            # "X is 74-years-old"
            head = span.root
            verb = head.head if head.dep_ in ("acomp", "attr", "npadvmod", "amod") else head
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            if subj:
                target = _mention_of(ctx, subj[0])
        if target is not None:
            yield from emit(target, age, span.root)
    for m in _AGE_COPULA.finditer(stext):
        span = ctx.sdoc.char_span(s0 + m.start(1), s0 + m.end(1), alignment_mode="expand")
        if span is None:
            continue
        num = span.root
        verb = num.head
        if verb.lemma_ not in ("be", "turn", "age") or num.dep_ not in (
            "attr",
            "acomp",
            "dobj",
            "npadvmod",
            "oprd",
        ):
            continue
        after = text[s0 + m.end(1) : s0 + m.end(1) + 12].lower()
        if re.match(
            r"\s*(?:years?|percent|%|million|billion|people|times)", after
        ) and not re.match(r"\s*years?\s+old", after):
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if subj:
            target = _mention_of(ctx, subj[0])
            if target is not None:
                yield from emit(target, int(m.group(1)), verb)
    # "X, 44, ..."
    for m in re.finditer(r",\s(\d{1,3}),", stext):
        tok_before = [t for t in sent if t.idx + len(t.text) == s0 + m.start()]
        if tok_before and tok_before[0].i in ctx.tok_mention:
            yield from emit(ctx.tok_mention[tok_before[0].i], int(m.group(1)), tok_before[0])


# 5. claims ---------------------------------------------------------------------------------


def _claims(ctx: _Ctx, sent: Any) -> Iterable[LocalFact]:
    for tok in sent:
        if tok.lemma_ not in lx.CLAIM_VERBS or tok.pos_ != "VERB":
            continue
        comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj")), None)
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if comp is None or subj is None:
            continue
        who = _mention_of(ctx, subj)
        if who is not None and ctx.mentions[who].label != "person":
            who = next(
                (
                    ctx.tok_mention[c.i]
                    for c in subj.subtree
                    if c.i in ctx.tok_mention
                    and ctx.mentions[ctx.tok_mention[c.i]].label == "person"
                ),
                who,
            )
        if who is None:
            continue
        sub = list(comp.subtree)
        value = ctx.document.text[sub[0].idx : sub[-1].idx + len(sub[-1].text)]
        fact = _fact(ctx, sent, who, "claims", tok, value=value)
        yield replace(fact, modality="claim")


def extract_facts(
    sdoc: Any, document: Document, mentions: list[Mention], times: list[TimeExpr]
) -> list[LocalFact]:
    """Every fact the document states, each citing its sentence."""
    ctx = _build_ctx(sdoc, document, mentions, times)
    facts: list[LocalFact] = []
    for sent in sdoc.sents:
        if not sent.text.strip():
            continue
        for step in (_portrayals, _verb_events, _noun_events, _relations, _ages, _claims):
            facts.extend(step(ctx, sent))
    return _dedupe(facts)


def _dedupe(facts: list[LocalFact]) -> list[LocalFact]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in facts:
        key = (f.subject, f.predicate, f.object, f.value, f.time, f.evidence.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
