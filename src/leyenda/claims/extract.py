"""Facts from one parsed document: events, portrayals, relations, ages, claims.

Rules read spaCy's dependency parse and the document's mentions; the words that trigger
them live in `triggers` and `..lexicon`. Every fact cites the sentence that states it, and
its participants are mention indices (who they are is settled across documents later).

Steps, in order, per sentence:
1. portrayals ("X plays Y", "Y (X)" about a show, "played by X", "X stars as Y");
2. events from verbs (active and passive) and from event nouns ("his arrest in 1989");
   2b. facts that keep a value, from the dependency patterns of `patterns.json`
   ("arrested on charges of X", "sentenced to 40 years", "the new sentence is ...");
3. relations from appositions and family words ("the former leader of ORG",
   "DEA agent X", "had three sons: A, B and C", "his son X", "the daughter of X");
4. ages ("74-year-old X", "when X was 67", "X (6)" in a family list, "X is 74");
   4b. a life in brackets after a name ("X (born 3 May 1950 in Cali)", "X (1929 – 1984)");
5. claims ("X claims ...": one `claims` fact; facts inside get modality `claim`).
Then, over the whole document:
6. "his wife" named by the one spouse the document gives him; dates relative to another
   event ("two years later", "After three days", "Following X's murder") anchored where
   the anchor is clear, else left undated;
7. the learned relation scorer, for pairs the rules above said nothing about (`learned`).
Negated events ("was not involved") are dropped. `typed_facts` runs these steps; the open
events (step 8, `open_events`) read on in the same `Context`, and `settled` finishes the
list: `claims.extract_facts` runs all three.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .. import lexicon as lx
from ..mentions import normalize_name, root_of
from ..model import (
    EVENT_PREDICATES,
    RELATION_PREDICATES,
    Document,
    Evidence,
    LocalFact,
    Mention,
    Modality,
    TimeExpr,
    TimeSpan,
)
from ..nlp import doc_text, span_text, tokens
from ..timex import anchor_relative, count_value
from . import triggers as tg
from .durations import extract_durations
from .learned import learned_relations
from .modality import sentence_modalities

_AGE_BEFORE = re.compile(r"(\d{1,3})[- ]years?[- ]old\b")
_AGE_COPULA = re.compile(r"\b(?:is|was|turned|turns|aged)\s+(\d{1,3})\b(?![-\d]|\s*(?:%|percent))")
_PRONOUNS_PERSON = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_PRONOUNS_PLURAL = frozenset({"they", "them", "their"})
_REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})
#: What a pronoun says of its referent's sex, so "her death" is never a man's.
_PRONOUN_SEX = {p: "m" if p in ("he", "him", "his", "himself") else "f" for p in _PRONOUNS_PERSON}


@dataclass
class Context:
    """What the rules know of one parsed document while they read it: its mentions and
    times by token, the facts read so far and the token each was read from, and the
    pronouns resolved so far (the open events read on in it, `open_events`)."""

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
    about_a_work: bool  # the document names a work or speaks of a show, a film, a season
    mention_head: list[Any]  # syntactic head token of each mention (None if unaligned)
    mention_starts: list[int]  # start offset of each mention, for bisecting by position
    time_head: list[Any]  # the same for each time expression
    facts: list[LocalFact] = field(default_factory=list)  # the document's facts so far
    # the token each fact was read from, by id (the fact is kept too: ids are reused)
    trigger_of: dict[int, tuple[LocalFact, Any]] = field(default_factory=dict)
    value_matches: list[_ValueMatch] = field(default_factory=list)
    values: dict[tuple[int, str], str] = field(default_factory=dict)  # (verb, predicate) → value
    # "his wife" with no name: (sentence, owner mention, noun), named once the document is read
    unnamed_spouses: list[tuple[Any, int, Any]] = field(default_factory=list)
    pronoun_of: dict[int, int | None] = field(default_factory=dict)  # token → its referent
    # the last subject pronoun resolved, by form: (offset, sentence, mention)
    pronoun_subjects: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # what the document says of a person's sex ("m"/"f", by root mention): from the
    # pronouns already resolved to them and the family words naming them ("his wife X")
    sex: dict[int, str] = field(default_factory=dict)
    _on_screen: bool | None = None

    def root(self, mi: int) -> int:
        return self.roots[mi]

    def on_screen(self) -> bool:
        """The document is about a film or a show (a review, an explainer, a fact-check):
        it names a work or uses a word only screen writing uses (`lexicon.SCREEN_CUES`)."""
        if self._on_screen is None:
            self._on_screen = any(m.label == "work" for m in self.mentions) or any(
                t.lower_ in lx.SCREEN_CUES for t in tokens(self.sdoc)
            )
        return self._on_screen

    def trigger(self, fact: LocalFact) -> Any | None:
        """The token a fact was read from, if it was read from one."""
        hit = self.trigger_of.get(id(fact))
        return hit[1] if hit is not None and hit[0] is fact else None


def _build_ctx(
    sdoc: Any, document: Document, mentions: list[Mention], times: list[TimeExpr]
) -> Context:
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
        for tok in tokens(s):
            sent_of[tok.i] = si
    roots = [root_of(mentions, i) for i in range(len(mentions))]
    work_default = _the_work(document, mentions, roots)
    return Context(
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
        work_default is not None or any(t.lower_ in lx.WORK_CUES for t in tokens(sdoc)),
        mention_head,
        [m.start for m in mentions],
        time_head,
    )


def _the_work(document: Document, mentions: list[Mention], roots: list[int]) -> int | None:
    """The work a document is about, for portrayals that name none: the one its title
    names, else the one it keeps coming back to (named twice, and twice as often as any
    other); None when that is not clear (an actor's other films must not become the show a
    portrayal is in)."""
    works: dict[str, int] = {}  # a work's name → its first mention (a root)
    counts: Counter[str] = Counter()
    for i, m in enumerate(mentions):
        if m.label == "work":
            name = normalize_name(mentions[roots[i]].name)
            works.setdefault(name, roots[i])
            counts[name] += 1
    title = normalize_name(document.title)
    named = [w for name, w in works.items() if name and name in title]
    if len(named) == 1:
        return named[0]
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return works[ranked[0][0]]  # the work the article keeps coming back to
    return None  # a work named once may be an actor's other film


def _evidence(ctx: Context, sent: Any) -> Evidence:
    text = ctx.document.text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence.of(ctx.document, start, end)


def is_person_like(ctx: Context, mi: int) -> bool:
    """The mention names a person or an organization: someone who can act."""
    return ctx.mentions[mi].label in ("person", "organization")


def _pronoun_referent(ctx: Context, tok: Any) -> int | None:
    """The person a he/she/his/her most likely means: cataphora to this sentence's subject
    when the pronoun opens the sentence before it, else the last person subject before."""
    sent = tok.sent
    subj = [
        t
        for t in tokens(sent)
        if t.dep_ in ("nsubj", "nsubjpass")
        and t.i > tok.i
        and t.i in ctx.tok_mention
        and t.head.dep_ == "ROOT"
    ]
    sex = _PRONOUN_SEX.get(tok.lower_)
    if _opens_a_quote(ctx, tok):
        return None

    def other_sex(mi: int) -> bool:
        known = ctx.sex.get(ctx.root(mi))
        return known is not None and sex is not None and known != sex

    # "Gypsy Rose, who was jailed for poisoning her mother": inside a relative clause on a
    # person, "her" is that person
    for anc in tok.ancestors:
        if anc.dep_ == "relcl":
            mi = ctx.tok_mention.get(anc.head.i)
            who_subject = any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that")
                for c in anc.children
            )
            if (
                mi is not None
                and who_subject
                and ctx.mentions[mi].label == "person"
                and not other_sex(mi)
            ):
                return mi
            break
    # "She's played by X, but before her death ...", "when his brother A quit, ... his wife
    # B": a he/she/his/her after a subject pronoun of the same form in its sentence is the
    # same person, not the last name between them
    same = _PRONOUN_SEX.get(tok.lower_)
    earlier = next(
        (
            t
            for t in reversed(sent[: tok.i - sent.start])
            if t.dep_ in ("nsubj", "nsubjpass")
            and t.lower_ in ("he", "she")
            and _PRONOUN_SEX.get(t.lower_) == same
        ),
        None,
    )
    if earlier is not None and same is not None:
        return _mention_of(ctx, earlier)
    if tok.tag_ == "PRP$" and subj and tok.i < subj[0].i and tok.head.dep_ == "pobj":
        mi = ctx.tok_mention[subj[0].i]
        if ctx.mentions[mi].label == "person" and not other_sex(mi):
            return mi
    best: int | None = None
    best_subject: int | None = None
    best_subject_at = -1
    same_sentence: list[tuple[int, bool]] = []
    here = ctx.sent_of.get(tok.i, 0)
    # "He buried Hart's body": a person named in the pronoun's own clause is someone else
    # (a possessive "his" may be the clause's subject, so only "he", "him", "she", "her")
    bound = _clause_mates(ctx, tok) if tok.tag_ == "PRP" else set()
    # mentions are in text order: walk back from the pronoun to 4 sentences before it
    first = bisect_left(ctx.mention_starts, tok.idx)
    while first > 0 and here - ctx.mentions[first - 1].sentence <= 4:
        first -= 1
    for mi in range(first, bisect_left(ctx.mention_starts, tok.idx)):
        m = ctx.mentions[mi]
        if m.label != "person" or "in-parens" in m.cues or ctx.root(mi) in bound:
            continue
        if other_sex(mi):  # "Michael insisted he ... after her death": not Michael
            continue
        best = mi
        root = ctx.mention_head[mi]
        # "One of the founders, Carlos Lehder, was extradited": the apposition is the subject
        is_subject = root is not None and (
            # "Ortega's clumsy defense (he blamed the tides)": the subject's owner
            (root.dep_ == "poss" and root.head.dep_ in ("nsubj", "nsubjpass"))
            or (
                root.dep_ in ("nsubj", "nsubjpass")
                # "Tom Field's 'Harbor' tells ...": a possessor the parser made the subject
                and not any(c.dep_ == "case" for c in root.children)
            )
            or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
            or (root.dep_ == "pobj" and root.head.head.dep_ in ("nsubj", "nsubjpass"))
            or _story_topic(root)
        )
        if is_subject:
            best_subject, best_subject_at = mi, m.start
        if m.sentence == here and root is not None and (is_subject or root.dep_ == "dobj"):
            same_sentence.append((mi, is_subject))
    # a person named earlier in the same sentence as subject or object ("convicted Lehder,
    # and he was sentenced"), unless an earlier "he" in the sentence already carries a chain
    chained = any(t.lower_ in ("he", "she") and t.i < tok.i for t in tokens(sent))
    if same_sentence and not chained:
        subjects = [mi for mi, subj in same_sentence if subj]
        objects = [mi for mi, subj in same_sentence if not subj]
        if (
            subjects
            and objects
            and {ctx.root(m) for m in subjects} != {ctx.root(m) for m in objects}
        ):
            # "A, who interviewed B after he was arrested": either could be meant
            return None
        return subjects[-1] if subjects else same_sentence[-1][0]
    # "Wren fled. Hart had fired him. ... He was extradited": a subject "he" continues the
    # chain of the last subject "he" before it when no named subject came in between
    chain = ctx.pronoun_subjects.get(tok.lower_)
    if (
        chain is not None
        and tok.dep_ in ("nsubj", "nsubjpass")
        and chain[0] > best_subject_at
        and here - chain[1] <= 2
        and ctx.root(chain[2]) not in bound
        and not other_sex(chain[2])
    ):
        return chain[2]
    if best_subject is not None:
        return best_subject
    return best


def _opens_a_quote(ctx: Context, tok: Any) -> bool:
    """ "“She broke my heart,” Marta Lane told the Herald of Ana Ruiz's performance": a
    pronoun in a quotation that opens its sentence, with nobody named in the quotation
    before it, means someone the speaker names later, or no one the text has named yet."""
    text = ctx.document.text
    start = tok.sent.start_char
    before = text[start : tok.idx]
    if before.lstrip()[:1] not in ('"', "“"):
        return False
    if before.count('"') % 2 == 0 and before.count("“") <= before.count("”"):
        return False  # the quotation closed before the pronoun
    lo, hi = bisect_left(ctx.mention_starts, start), bisect_left(ctx.mention_starts, tok.idx)
    return not any(ctx.mentions[mi].label == "person" for mi in range(lo, hi))


def _story_topic(tok: Any) -> bool:
    """ "The film tells the story of Luis Ortega, a smuggler. He ...": the one whose story a
    work tells is who the next sentences are about, as a subject would be."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    noun = tok.head.head
    return (
        noun.lemma_ in lx.STORY_NOUNS
        and noun.dep_ == "dobj"
        and noun.head.lemma_ in lx.WORK_VERBS
    )


def _clause_mates(ctx: Context, tok: Any) -> set[int]:
    """The people named in the clause of a pronoun (under the same verb, not in a clause of
    their own), by root mention."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    out: set[int] = set()
    for t in verb.subtree:
        mi = ctx.tok_mention.get(t.i)
        if mi is None:
            continue
        up = t.head
        while up.i != verb.i and up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
            up = up.head
        if up.i == verb.i:
            out.add(ctx.root(mi))
    return out


def _mention_of(ctx: Context, tok: Any) -> int | None:
    """The mention a noun token stands for: a name, a pronoun, or a name in apposition."""
    if tok.i in ctx.tok_mention:
        return ctx.tok_mention[tok.i]
    if tok.lower_ in _PRONOUNS_PERSON:
        if tok.i in ctx.pronoun_of:
            return ctx.pronoun_of[tok.i]
        hit = ctx.pronoun_of[tok.i] = _pronoun_referent(ctx, tok)
        if hit is not None:
            ctx.sex.setdefault(ctx.root(hit), _PRONOUN_SEX[tok.lower_])
            if tok.dep_ in ("nsubj", "nsubjpass"):
                ctx.pronoun_subjects[tok.lower_] = (tok.idx, ctx.sent_of.get(tok.i, 0), hit)
        return hit
    for child in tok.children:
        if child.dep_ == "appos" and child.i in ctx.tok_mention:
            return ctx.tok_mention[child.i]
    return None


def participants(ctx: Context, tok: Any) -> list[int]:
    """A noun and every noun coordinated with it or in apposition ("cronies, A and B")."""
    heads = [tok]
    for child in tok.children:
        if child.dep_ == "appos" and not _in_brackets(ctx, child) and not _after_colon(child):
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
            if child.dep_ == "conj" or (
                child.dep_ == "appos" and not _in_brackets(ctx, child) and not _after_colon(child)
            ):
                heads.append(child)
    # a name in apposition to a common noun replaces it
    return out


def _after_colon(tok: Any) -> bool:
    """ "Field is sent to broker a trade: Ortega in return for Mendes": a noun the parser
    hangs on a subject across a colon names what the colon announces, not the subject."""
    lo, hi = sorted((tok.head.i, tok.i))
    return any(t.text in (":", ";") for t in tok.doc[lo + 1 : hi])


def _in_brackets(ctx: Context, tok: Any) -> bool:
    """ "Ann Roe (Kim Vale) leaves": a name in brackets after another is its actor or its
    other name, never a second participant."""
    mi = ctx.tok_mention.get(tok.i)
    return mi is not None and "in-parens" in ctx.mentions[mi].cues


def _governing(tok: Any) -> Any:
    """The nearest verb (or event noun) above a token."""
    t = tok.head
    while t.i != t.head.i:
        if t.pos_ in ("VERB", "AUX") or t.lower_ in tg.NOUN_EVENTS:
            return t
        t = t.head
    return t


def time_for(ctx: Context, trigger: Any, own_only: bool = False) -> TimeExpr | None:
    """The time expression of the trigger's clause, else of the clause above it."""
    return time_and_source(ctx, trigger, own_only)[0]


def time_and_source(
    ctx: Context, trigger: Any, own_only: bool = False
) -> tuple[TimeExpr | None, bool]:
    """`time_for`, and whether the time is the trigger's own (False: it was read from a
    clause above the trigger, or from a fragment before the sentence)."""
    sent = trigger.sent
    if trigger.dep_ == "pcomp" and trigger.head.dep_ == "prep":
        own_only = True  # "sentenced in 2016 for murdering her": the murder has its own date
    found: list[tuple[int, TimeExpr]] = []
    seen: set[int] = set()
    for tok in tokens(sent):
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
        return _time_of_fragment_before(ctx, sent), False
    found.sort(key=lambda p: p[0])
    return _restated(ctx, found[0][1]), found[0][0] == 0


def _restated(ctx: Context, t: TimeExpr) -> TimeExpr:
    """ "30 years ago (May 2, 1994)", "last spring (April 1990)": a date in brackets right
    after a time expression says the same time exactly, and is the one to keep."""
    text = ctx.document.text
    opened = re.match(r"\s*\(\s*", text[t.end : t.end + 4])
    if opened is None:
        return t
    at = t.end + opened.end()
    for u in ctx.times:
        if u.start == at and u.span is not None and re.match(r"\s*\)", text[u.end : u.end + 3]):
            return u
    return t


def _respective_times(ctx: Context, verb: Any, subjects: list[int]) -> list[TimeExpr] | None:
    """ "A and B were posted in 1994 and 1991 respectively": one date per subject, in order.
    None when the clause says nothing of the kind; an empty list when the dates and the
    subjects do not pair up (then no subject gets a date)."""
    if not any(t.lower_ == "respectively" and t.head.i == verb.i for t in verb.children):
        return None
    own: list[TimeExpr] = []
    for ti, t in enumerate(ctx.times):
        head = ctx.time_head[ti]
        if (
            head is None
            or t.kind in ("duration", "set")
            or not (verb.sent.start <= head.i < verb.sent.end)
        ):
            continue
        if _governing(head).i == verb.i and t not in own:
            own.append(t)
    return own if len(own) == len(subjects) else []


def _time_of_fragment_before(ctx: Context, sent: Any) -> TimeExpr | None:
    """The parser sometimes cuts "By the late ’70s | Escobar had founded ..." in two; a
    verbless piece before the sentence, with no full stop, is the sentence's own opening."""
    if sent.start == 0:
        return None
    prev = ctx.sdoc[sent.start - 1].sent
    if (
        prev.text.rstrip()[-1:] in ".!?\n"
        or "\n" in doc_text(ctx.sdoc)[prev.start_char : sent.start_char]
    ):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in prev):
        return None
    for tok in prev:
        ti = ctx.time_tok.get(tok.i)
        if ti is not None and ctx.times[ti].kind not in ("duration", "set"):
            return ctx.times[ti]
    return None


def time_span(t: TimeExpr | None) -> TimeSpan | None:
    """The interval a time expression was anchored to, if any (a fact's `time`)."""
    return t.span if t is not None else None


def is_negated(tok: Any) -> bool:
    """The word, or the verb it completes ("did not try to flee"), is negated."""
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg"
        for a in tok.ancestors
        if a.pos_ in ("VERB", "AUX")
        for c in a.children
        if a.dep_ in ("xcomp", "ROOT") and a.i == tok.head.i
    )


def narrative_present(tok: Any) -> bool:
    """ "Donovan heads to Berlin", "Abel is imprisoned", "Spielberg captures the mood": in
    a document about a film or a show, a verb in the simple present (or a present passive)
    tells its plot or a critic's view, the way reviews write them, not a
    dated event of the story. News writes its present otherwise ("Boeing delays the 787"),
    so only documents about a work are read so. The present perfect stays (a past event),
    and so does a present said to be now ("Today he is serving time", "she still
    travels") or reported ("he has said he enjoys it"). Typed events read a review's plot
    with `_plot_present`, which also counts the perfect and the progressive; the two are kept
    apart so that the typed facts read as they did before open events had this test."""
    if tok.dep_ == "xcomp" and tok.tag_ == "VB" and tok.head.pos_ == "VERB":
        tok = tok.head  # "he starts to reflect": the tense is the aspect verb's
    if not _present(tok):
        return False
    clause = tok
    while True:
        if any(
            c.dep_ in ("advmod", "npadvmod") and c.lower_ in lx.NOW_WORDS for c in clause.children
        ):
            return False
        if clause.dep_ not in ("conj", "ccomp", "xcomp") or clause.head.i == clause.i:
            break
        if clause.dep_ == "ccomp" and clause.head.lemma_ in lx.REPORTING_VERBS:
            return False  # "has said he enjoys watching": what someone said is now
        clause = clause.head
    return True


def _present(tok: Any) -> bool:
    """Simple present, or a present passive ("is sent"); a progressive ("is serving a
    sentence") tells a state of now in explainers more often than a plot."""
    if tok.tag_ in ("VBZ", "VBP"):
        return True
    return tok.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be"
        for c in tok.children
    )


def fronted_participle(tok: Any) -> bool:
    """ "Joining them are A and B", "Also starring is C": a participle that opens its
    sentence, with the subject after its "be". The inverted clause presents who is there
    (a cast, a team), it tells no event."""
    if tok.tag_ != "VBG":
        return False
    first = _first_word(tok.sent)
    if first is None or first.i != tok.i:
        return False
    # "Joining them are A": "are" its auxiliary; "Also starring are A": spaCy makes "are"
    # the root and the participle its complement
    be = [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.lemma_ == "be"]
    if not be and tok.dep_ == "acomp" and tok.head.lemma_ == "be" and tok.head.i > tok.i:
        be, clause = [tok.head], tok.head
    else:
        clause = tok
    subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "attr")]
    return bool(be and subj and be[0].i < subj[0].i)


def _first_word(sent: Any) -> Any | None:
    """The sentence's first word past adverbs, punctuation and conjunctions ("Also ...")."""
    return next((t for t in tokens(sent) if t.pos_ not in ("ADV", "PUNCT", "CCONJ")), None)


def _presents_a_cast(sent: Any) -> bool:
    """The sentence opens with "Joining them are", "Also starring", "Rounding out the cast"."""
    first = _first_word(sent)
    return bool(
        first is not None
        and first.lemma_.lower() in tg.CAST_LIST_OPENERS
        and fronted_participle(first)
    )


def _unrealised(tok: Any) -> bool:
    """A purpose or plan ("to meet his wife"), or a phrasal verb that means something else
    ("left behind a wife"): not an event that happened."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    if any(c.dep_ == "prt" and c.lower_ in tg.OTHER_SENSE_PARTICLES for c in tok.children):
        return True
    if is_future(tok):
        return True
    # "to track down and kill X": a verb coordinated with a purpose shares it
    head = tok
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            return True
    # "I thought he had escaped", "feared she was kidnapped": a belief, not the event
    if head.dep_ == "ccomp" and head.head.lemma_ in tg.BELIEF_HEADS:
        return True
    # "tried to escape", "plotted to kill": the attempt is told, not the event
    return head.dep_ == "xcomp" and head.head.lemma_ in tg.ATTEMPT_HEADS


def _phrasal_event(verb: Any, lemma: str) -> str | None:
    """ "passed away" → died, "was taken hostage" → kidnapped (`PHRASAL_EVENTS`)."""
    words = tg.PHRASAL_EVENTS.get(lemma)
    if words is None:
        return None
    for c in verb.children:
        if c.lower_ in words and c.dep_ in ("prt", "advmod", "oprd", "dobj", "npadvmod", "attr"):
            return words[c.lower_]
    return None


def _listed_subject(verb: Any) -> list[Any]:
    """ "He was very real, was born in 1908, and died in 1974": a list of predicates the
    parse hangs on the second one, the first ("He was very real") made its clausal
    complement; that clause's subject is the list's."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i < verb.i and c.lemma_ == "be":
            between = verb.doc[c.right_edge.i + 1 : verb.i]
            if between and between[0].text == ",":
                return [g for g in c.children if g.dep_ == "nsubj"]
    return []


def _opens_bracket_between(head: Any, tok: Any) -> bool:
    """ "Stan walks a fine line (the real Lee ... was arrested)": a verb inside brackets
    the head verb is outside of borrows nothing from it."""
    lo, hi = sorted((head.i, tok.i))
    depth = 0
    for t in tok.doc[lo:hi]:
        depth += t.text == "("
        depth -= t.text == ")" and depth > 0
    return depth > 0


def _plot_present(verb: Any) -> bool:
    """An event told in the simple present ("leaves", "is arrested") in an article about a
    work: the way reviews tell a plot; history is told in the past."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    tensed = aux[0] if aux else verb
    return tensed.tag_ in ("VBZ", "VBP") and tensed.lower_ not in tg.FUTURE_AUXILIARIES


def _founds_no_organization(ctx: Context, verb: Any) -> bool:
    """What is founded is named and is neither an organization nor a word for one."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:
        return False
    for o in objs:
        mi = ctx.tok_mention.get(o.i)
        if mi is not None and ctx.mentions[mi].label in ("organization", "other", "work"):
            return False
        if o.lemma_.lower() in lx.ORG_SUFFIXES or o.lemma_.lower() in lx.ORG_HEAD_NOUNS:
            return False
        if mi is None and o.pos_ == "PROPN":
            return False
    return True


def is_caption_position(tok: Any) -> bool:
    """ "Ana Roe, left, and Ben Oak star in the film": "left" set off by commas (or in
    brackets) right after a name says where they stand in a picture."""
    if tok.lower_ not in ("left", "right") or tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    return before.text in (",", "(") and after.text in (",", ")", ";", ".")


def _role_after(verb: Any) -> Any | None:
    """The role a verb of appointing names ("became a judge", "was named CEO", "named him
    as director"), if it names one."""
    for c in verb.children:
        if c.dep_ in ("attr", "oprd") and (c.pos_ == "NOUN" or c.lower_ in tg.BECOME_ROLES):
            return c
        if c.dep_ == "prep" and c.lower_ == "as":
            role = next((g for g in c.children if g.dep_ == "pobj"), None)
            if role is not None and role.lower_ in tg.BECOME_ROLES:
                return role
    return None


def _has_result(verb: Any, results: frozenset[str]) -> bool:
    """ "shot dead", "shot to death": a result word right under the verb or its preposition."""
    return any(
        t.lower_ in results and (t.head.i == verb.i or t.head.head.i == verb.i)
        for t in verb.subtree
    )


def is_future(verb: Any) -> bool:
    """ "will be released", "he will be 70": the clause tells what is yet to come."""
    return any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in tg.FUTURE_AUXILIARIES for c in verb.children
    )


def is_hypothetical(tok: Any) -> bool:
    """An event noun under "in case of", "fear of", "plan for", or under a verb that did
    not happen itself ("attempting to arrange the murder of X"), or said not to have
    happened yet ("his scheduled release"): it did not happen."""
    if any(
        c.dep_ in ("amod", "compound") and c.lower_ in tg.UNREALISED_MODIFIERS for c in tok.children
    ):
        return True
    for anc in tok.ancestors:
        if anc.lower_ in tg.HYPOTHETICAL_HEADS:
            return True
        if anc.pos_ in ("VERB", "AUX"):
            return _unrealised(anc) or anc.lemma_ in tg.ATTEMPT_HEADS
    return False


#: What hangs on a claim verb without being its reported clause: the claimant, and clauses
#: of the narrator's ("Many believed that X cheated, and so X was expelled": the expulsion
#: happened; "After his arrest he claimed ...").
_NOT_REPORTED = frozenset({"nsubj", "nsubjpass", "punct", "conj", "cc", "advcl", "parataxis"})


def _claim_verb(tok: Any, verbs: frozenset[str] = lx.CLAIM_VERBS) -> Any | None:
    """The claim verb whose reported clause holds the token ("X claims [he was not
    involved]"); the claimant ("Nora Kell, 61, denies ...") is outside it."""
    t = tok
    while t.head.i != t.i:
        if (
            t.head.lemma_ in verbs
            and t.head.pos_ == "VERB"  # "the claim that ..." is no one's account
            and t.dep_ not in _NOT_REPORTED
        ):
            if t.i < t.head.i and any(x.text in (";", ":") for x in t.doc[t.i : t.head.i]):
                return None  # "It is true that X vanished; it is alleged that he ...": apart
            return t.head
        t = t.head
    return None


def _someone_tells(ctx: Context, verb: Any, trigger: Any) -> bool:
    """A reporting verb whose clause is someone's account: its subject names a person or an
    organization (or is he, she or they), and the event is in its clause, not in an object
    ("too little to explain the sentence he served"). "It should be noted that ..." is the
    writer's own."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    if subj.i not in ctx.tok_mention and subj.lower_ not in ("he", "she", "they"):
        return False
    t = trigger
    while t.head.i != verb.i:
        t = t.head
    return bool(t.dep_ == "ccomp")


def _hedged(tok: Any) -> bool:
    """The clause is an allegation: a hedging adverb on it, or a passive verb of report above
    its infinitive ("is said to have fled")."""
    clause = tok
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    hedges = (c for v in {tok, clause} for c in v.children if c.dep_ == "advmod")
    if any(c.lower_ in lx.HEDGE_ADVERBS for c in hedges):
        return True
    head = clause.head
    return (
        clause.dep_ == "xcomp"
        and head.lemma_.lower() in lx.HEARSAY_PASSIVES
        and any(c.dep_ == "auxpass" for c in head.children)
    )


def _that_after_colon(tok: Any) -> bool:
    """The clause opens with "that" right after a colon: what the words before announced
    someone said or believes, not the writer's own statement."""
    clause = tok
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    return mark is not None and mark.i > 0 and mark.doc[mark.i - 1].text == ":"


def _claim_scope(tok: Any) -> bool:
    return _claim_verb(tok) is not None


def _work_speaker(ctx: Context, verb: Any) -> bool:
    """The one making the claim is a show or film ("The movie suggests that ..."): what it
    says is a depiction, not somebody's account."""
    for c in verb.children:
        if c.dep_ != "nsubj":
            continue
        mi = ctx.tok_mention.get(c.i)
        if mi is not None:
            return ctx.mentions[mi].label == "work"
        return c.lower_ in lx.WORK_CUES
    return False


def place_for(ctx: Context, trigger: Any) -> int | None:
    """The place mention a preposition of place under the trigger names ("arrested in
    Medellín"), if any."""
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in tg.PLACE_PREPOSITIONS:
            for pobj in child.children:
                mi = ctx.tok_mention.get(pobj.i)
                if mi is not None and ctx.mentions[mi].label == "place":
                    return mi
    return None


def _work_for(ctx: Context, sent: Any) -> int | None:
    for tok in tokens(sent):
        mi = ctx.tok_mention.get(tok.i)
        if mi is not None and ctx.mentions[mi].label == "work":
            return ctx.root(mi)
    return ctx.work_default


def _confidence(ctx: Context, si: int, rule: str, adjust: Iterable[str], *who: int | None) -> float:
    """The rule's confidence (`confidence.json`), lowered for each circumstance in `adjust`
    and when a participant is named only in another sentence."""
    conf = tg.RULE_CONFIDENCE[rule]
    reasons = set(adjust)
    if any(mi is not None and ctx.mentions[mi].sentence != si for mi in who):
        reasons.add("participant_elsewhere")
    for reason in reasons:
        conf *= tg.CONFIDENCE_ADJUST[reason]
    return round(conf, 3)


def make_fact(
    ctx: Context,
    sent: Any,
    subject: int,
    predicate: str,
    trigger: Any | None = None,
    *,
    rule: str,
    adjust: Iterable[str] = (),
    **kw: Any,
) -> LocalFact:
    """A fact of `sent` stated by `rule` (a key of `confidence.json`)."""
    si = ctx.sent_of.get(sent.start, 0)
    modality: Modality = ctx.modality[si] if si < len(ctx.modality) else "reality"
    claimed = _claim_verb(trigger) if trigger is not None else None
    if claimed is None and trigger is not None and predicate == "event":
        # an open event someone tells of ("Rosa has said that Field hit her") is their
        # account; the typed rules read "said" clauses as told (the news' "police said")
        claimed = _claim_verb(trigger, lx.REPORTING_VERBS)
        if claimed is not None and not _someone_tells(ctx, claimed, trigger):
            claimed = None
    if claimed is not None:
        modality = "depiction" if _work_speaker(ctx, claimed) else "claim"
    elif trigger is not None and (_that_after_colon(trigger) or _hedged(trigger)):
        # "the stories he swears are true: That at 15 he robbed a train"; "Ortega allegedly
        # hid the maps", "Ortega is said to have fled"
        modality = "claim"
    elif (
        modality == "reality"
        and trigger is not None
        and predicate in EVENT_PREDICATES
        and ctx.about_a_work
        and _plot_present(trigger)
    ):
        modality = "depiction"  # "In 1970 Ann Roe leaves her husband": a review's plot
    elif (
        modality == "reality"
        and trigger is not None
        and predicate == "event"
        and ctx.on_screen()
        and narrative_present(trigger)
    ):
        modality = "depiction"  # an open event of a review's plot: "Donovan heads to Berlin"
    if predicate == "portrayed_by":
        modality = "depiction"
    elif (
        rule == "kin:noun"
        and modality == "depiction"
        and not any(t.lower_ in lx.FICTION_QUALIFIERS for t in tokens(sent))
    ):
        # "Johnny's daughter Kathy", "his older brother Jack" in a sentence about the film:
        # who someone's family is describes the people, and holds off screen as well
        modality = "reality"
    fact = LocalFact(
        subject=subject,
        predicate=predicate,
        modality=modality,
        evidence=_evidence(ctx, sent),
        rule=rule,
        confidence=_confidence(ctx, si, rule, adjust, subject, kw.get("object")),
        **kw,
    )
    if trigger is not None:
        ctx.trigger_of[id(fact)] = (fact, trigger)
    return fact


# 1. portrayals -----------------------------------------------------------------------------


def _portrayals(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    toks = tokens(sent)
    text = ctx.document.text
    in_sent = sorted({ctx.tok_mention[t.i] for t in toks if t.i in ctx.tok_mention})
    people = [mi for mi in in_sent if ctx.mentions[mi].label in ("person", "other")]
    seen: set[tuple[int, int]] = set()
    work = _work_for(ctx, sent)
    about_show = (
        work is not None or any(t.lower_ in lx.WORK_CUES for t in toks) or _presents_a_cast(sent)
    )
    caption = not any(t.pos_ in ("VERB", "AUX") for t in toks)  # "A as B in Show"

    def emit(character: int, actor: int, rule: str) -> Iterable[LocalFact]:
        character = _named_in_role(ctx, character)
        if ctx.root(character) == ctx.root(actor) or (character, actor) in seen:
            return
        if ctx.mentions[character].label not in ("person", "other"):
            return
        seen.add((character, actor))
        yield make_fact(ctx, sent, character, "portrayed_by", rule=rule, object=actor, work=work)

    for a in people:
        ma = ctx.mentions[a]
        after = text[ma.end : ma.end + 40]
        # "Y (X)" and "Y (played by X)"
        if "in-parens" not in ma.cues:
            for b in people:
                mb = ctx.mentions[b]
                if not 0 < mb.start - ma.end <= 60:
                    continue
                between = text[ma.end : mb.start]
                by = _PAREN_PLAYED_BY.fullmatch(between) is not None
                # in a text about a film, "harbor clerk Tom Field (Sam Dale) agrees to ..."
                # is a portrayal though its sentence names no film: a full name alone in
                # the brackets ("(born Reg Dwight)", "(his wife)" are not)
                loose = (
                    not about_show
                    and ctx.on_screen()
                    and _BARE_PAREN.fullmatch(between) is not None
                    and len(mb.name.split()) >= 2
                    and mb.name.split()[-1] != ma.name.split()[-1]
                    and narrative_present(sent.root)  # a plot told in the present
                )
                if not (by or loose or (about_show and _PAREN_PLAIN.fullmatch(between))):
                    continue
                closes = text[mb.end : mb.end + 1] == ")" or (
                    by and _CLOSE_AFTER_WORK.match(text, mb.end) is not None
                )
                if not closes:
                    continue
                full = len(ctx.mentions[b].name.split()) >= 2  # actors go by full names
                if by:
                    yield from emit(a, b, "portrayal:parens-played-by")
                elif len(ma.name.split()) < 2 and not full:
                    continue  # "Ress (Tench)": two bare names, no telling who plays whom
                elif _in_cast_list(ctx, a):
                    yield from emit(b, a, "portrayal:cast-parens")  # "co-stars A (B)"
                elif any(t.lower_ in tg.CAST_WORDS for t in toks):
                    if _described(ctx, a):
                        # "the pioneering speech therapist Y (X)": a described person is the
                        # character, whatever cast word the sentence has elsewhere
                        yield from emit(a, b, "portrayal:parens")
                        continue
                    # a cast word the parse does not tie the list to: likely the same
                    yield from emit(b, a, "portrayal:cast-parens-loose")
                elif loose:
                    yield from emit(a, b, "portrayal:parens-on-screen")
                elif full:
                    yield from emit(a, b, "portrayal:parens")
        # "Y, played by X", "Y is played by X", "Y - played by the New Zealand actor X -":
        # the actor is the name that ends the phrase after "by"
        if _PLAYED_BY_AHEAD.match(after):
            for b in people:
                mb = ctx.mentions[b]
                if (
                    0 < mb.start - ma.end <= 80
                    and _PLAYED_BY.fullmatch(text, ma.end, mb.start)
                    and _PHRASE_END.match(text, mb.end)
                ):
                    yield from emit(a, b, "portrayal:played-by")
        # "Y, an Australian speech therapist played by X": a description, then "played by"
        m5 = _APPOS_PLAYED_BY.match(text, ma.end)
        if m5 and "in-parens" not in ma.cues:
            for b in people:
                mb = ctx.mentions[b]
                if (
                    m5.end() <= mb.start <= m5.end() + 40
                    and _PLAYED_BY_TAIL.fullmatch(text, m5.end(), mb.start)
                    and _PHRASE_END.match(text, mb.end)
                    and not any(ma.end < ctx.mentions[c].start < mb.start for c in people)
                ):
                    yield from emit(a, b, "portrayal:appos-played-by")
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
                    yield from emit(a, b, "portrayal:whom-plays")
        # "X stars as the titular character": the person the work is named after
        if _TITULAR.match(after) and work is not None:
            named = _title_person(ctx, work)
            if named is not None:
                yield from emit(named, a, "portrayal:titular")
        # "the titular character, played by X"
        if work is not None and _TITULAR_PLAYED_BY.search(text, max(0, ma.start - 80), ma.start):
            named = _title_person(ctx, work)
            if named is not None and _PHRASE_END.match(text, ma.end):
                yield from emit(named, a, "portrayal:titular")
        # "X plays Y", "X stars as Y", "X portrays Y", "X as Judge Y"; a bare "as" only in
        # a sentence about a show or a caption line (no verb)
        m3 = _PLAYS.match(text, ma.end)
        if m3 and (
            m3.group("verb") != "as" or about_show or caption or _as_on_the_name(ctx, a, m3)
        ):
            how = "portrayal:as" if m3.group("verb") == "as" else "portrayal:plays"
            # the first person named after the verb, with at most a role phrase before them
            role = next(
                (
                    p
                    for p in people
                    if ctx.mentions[p].start >= m3.end() and not _modifies_a_noun(ctx, p)
                ),
                None,
            )
            if role is not None and _ROLE_TITLE.fullmatch(text, m3.end(), ctx.mentions[role].start):
                pairs = _respectively(ctx, people, a, role, {c for c, _ in seen})
                if pairs is None:
                    continue
                pairs = pairs or [(role, a)]
                for character, actor in pairs:
                    yield from emit(character, actor, how)
    # "A and B are played by X and Y respectively": the two lists paired in order
    for character, actor in _played_by_respectively(ctx, people):
        yield from emit(character, actor, "portrayal:played-by-respectively")
    # "Playing Marta Lane, Ana Ruiz narrates", "As played by Tom Field, Ortega is a charmer"
    for character, actor in _fronted_portrayal(ctx, sent):
        yield from emit(character, actor, "portrayal:fronted")


def _fronted_portrayal(ctx: Context, sent: Any) -> list[tuple[int, int]]:
    """(character, actor) of a casting clause that opens the sentence and leaves the other
    name to the main clause's subject: "Playing X, ACTOR ...", "As played by ACTOR, X ..."."""
    first = _first_word(sent)
    if first is None or first.dep_ != "advcl" or first.lemma_ not in lx.PORTRAYAL_VERBS:
        if first is None or first.lower_ != "as" or first.head.dep_ != "advcl":
            return []
        first = first.head
        if first.lemma_ not in lx.PORTRAYAL_VERBS or first.tag_ != "VBN":
            return []
    main = first.head
    subj = next((c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i < first.i:
        return []
    named = _mention_of(ctx, subj)
    if first.tag_ == "VBG":  # "Playing X, ACTOR": the participle's object is the character
        obj = next((c for c in first.children if c.dep_ == "dobj"), None)
        character = _mention_of(ctx, obj) if obj is not None else None
        actor = named
    else:  # "As played by ACTOR, X": the agent is the actor
        by = next((c for c in first.children if c.dep_ == "agent"), None)
        pobj = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        actor = _mention_of(ctx, pobj) if pobj is not None else None
        character = named
    if character is None or actor is None or ctx.mentions[actor].label not in ("person", "other"):
        return []
    return [(character, actor)]


def _as_on_the_name(ctx: Context, mi: int, m: Any) -> bool:
    """ "Sam Dale as Ortega and Ben Cole as Mendes both prove ...": in a text about a film,
    an "as" the parser hangs on the actor's own name, which is a subject."""
    head = ctx.mention_head[mi]
    if head is None or not ctx.on_screen():
        return False
    if head.dep_ not in ("nsubj", "nsubjpass", "conj") or (
        head.dep_ == "conj" and head.head.dep_ not in ("nsubj", "nsubjpass")
    ):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "as" and c.idx >= m.start() for c in head.children)


def _described(ctx: Context, mi: int) -> bool:
    """ "the pioneering speech therapist Y": a name under a determiner and a lower-case role
    noun describes a person of the story, not an actor in a cast list."""
    head = ctx.mention_head[mi]
    if head is None:
        return False
    kids = [c for c in head.children if c.i < head.i]
    if any(c.dep_ == "det" for c in kids) and any(
        c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_lower for c in kids
    ):
        return True
    # parsed as the role noun with the name in apposition, nothing between them
    noun = head.head
    first = ctx.sdoc.char_span(ctx.mentions[mi].start, ctx.mentions[mi].end, "expand")
    return bool(
        head.dep_ == "appos"
        and noun.pos_ == "NOUN"
        and noun.is_lower
        and first is not None
        and noun.i == first.start - 1
        and any(c.dep_ == "det" for c in noun.children)
    )


def _modifies_a_noun(ctx: Context, mi: int) -> bool:
    """ "the Manhattan Project director": a name that only qualifies the noun after it."""
    head = ctx.mention_head[mi]
    return bool(
        head is not None
        and head.dep_ == "compound"
        and head.head.pos_ == "NOUN"
        and head.head.i not in ctx.tok_mention
    )


_JOINED = re.compile(r",?\s+and\s+|,\s+")


#: "A and B are played by X and Y, respectively": between the two lists, and after them.
_LISTS_PLAYED_BY = re.compile(r"\s+(?:are|were|will\s+be)\s+(?:played|portrayed)\s+by\s+")
_RESPECTIVELY = re.compile(r",?\s+respectively\b")


def _chain(ctx: Context, people: list[int], first: int, forward: bool) -> list[int]:
    """The names joined to `first` by commas and "and", reading forward or backward."""
    text, out = ctx.document.text, [first]
    order = people if forward else people[::-1]
    at = order.index(first)
    for nxt in order[at + 1 :]:
        a, b = (out[-1], nxt) if forward else (nxt, out[-1])
        if not _JOINED.fullmatch(text, ctx.mentions[a].end, ctx.mentions[b].start):
            break
        out.append(nxt)
    return out if forward else out[::-1]


def _played_by_respectively(ctx: Context, people: list[int]) -> list[tuple[int, int]]:
    """(character, actor) pairs of "A and B are played by X and Y respectively"; nothing
    when the lists differ in length or "respectively" is not said (then who plays whom is
    not written)."""
    text = ctx.document.text
    for i, a in enumerate(people[:-1]):
        b = people[i + 1]
        if not _LISTS_PLAYED_BY.fullmatch(text, ctx.mentions[a].end, ctx.mentions[b].start):
            continue
        characters = _chain(ctx, people, a, forward=False)
        actors = _chain(ctx, people, b, forward=True)
        if len(characters) < 2 or len(characters) != len(actors):
            return []
        if not _RESPECTIVELY.match(text, ctx.mentions[actors[-1]].end):
            return []
        return list(zip(characters, actors, strict=True))
    return []


def _respectively(
    ctx: Context, people: list[int], a: int, b: int, played: set[int]
) -> list[tuple[int, int]] | None:
    """ "A and B as X and Y": two actors and two characters, paired in order (B does not
    play X). [] when the actor is not one of a list; None (no reading) when the actors are
    a list the characters do not match ("A, B and C as reporters X", cut short)."""
    text, ma, mb = ctx.document.text, ctx.mentions[a], ctx.mentions[b]
    before = [p for p in people if ctx.mentions[p].end <= ma.start]
    if not before or not re.fullmatch(r"\s+and\s+", text[ctx.mentions[before[-1]].end : ma.start]):
        return []
    p = before[-1]
    if p in played:
        return []  # "... as X and B as Y": X is a character, B the next actor
    after = [q for q in people if ctx.mentions[q].start >= mb.end]
    two_before = len(before) >= 2 and _JOINED.fullmatch(
        text, ctx.mentions[before[-2]].end, ctx.mentions[p].start
    )
    if (
        after
        and not two_before
        and re.fullmatch(r",?\s+and\s+", text[mb.end : ctx.mentions[after[0]].start])
        and not _JOINED.match(text, ctx.mentions[after[0]].end)
    ):
        return [(b, p), (after[0], a)]
    return None


#: "Y (played by Oscar-winning actress X", "Y (played with gusto by X", "Y (X": what stands
#: between a character and the actor in brackets; "in the series)" may close them after.
_PAREN_PLAYED_BY = re.compile(
    r"\s*\((?:as\s+)?(?:played|portrayed|voiced)(?:\s+[a-z]+){0,3}?\s+by\s+(?:[\w’'-]+\s+){0,4}"
)
#: "Y, played by X", "Y is portrayed by X", "Y – played by the New Zealand actor X –".
_PLAYED_BY_AHEAD = re.compile(r"\s*[,–—-]?\s*(?:who\s+is\s+|is\s+|was\s+)?(?:played|portrayed)\b")
_PLAYED_BY = re.compile(
    r"\s*[,–—-]?\s*(?:who\s+is\s+|is\s+|was\s+)?(?:played|portrayed)(?:\s+[a-z]+){0,3}?\s+by\s+"
    r"(?:[\w’'-]+\s+){0,4}"
)
#: "Y, an Australian speech and language therapist played by X": at most seven words of a
#: description (no clause of its own) between the name and "played by".
_APPOS_PLAYED_BY = re.compile(
    r"\s*,\s*(?:an?|the)\s+(?:(?!(?:who|whom|whose|which|that|is|was|are|were|but|in)\b)"
    r"[\w’'-]+,?\s+){1,7}?(?=(?:played|portrayed)\s+by\s)"
)
_PLAYED_BY_TAIL = re.compile(r"(?:played|portrayed)\s+by\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}")
#: "the titular character, played by " just before the actor's name.
_TITULAR_PLAYED_BY = re.compile(
    r"\bthe\s+(?:titular|title)\s+(?:character|role)\s*,?\s*(?:\(\s*)?(?:who\s+is\s+)?"
    r"(?:played|portrayed)\s+by\s+$"
)
_PHRASE_END = re.compile(r"\s*(?:[)–—,.;:!?]|-\s|\s(?:in|on|for|and)\s|$)")
#: "X plays Y", "X stars as Y", "X as Y", "X, who plays Y"; then at most a title ("Judge").
_PLAYS = re.compile(
    r"(?:,\s+who\s+|\s+\(|\s+)(?:also\s+)?(?P<verb>plays|played|portrays|portrayed|depicts|"
    r"stars as|starred as|co-stars as|co-starred as|will play|is playing|portraying|playing|"
    r"(?:takes|took|taking) on the role of|"
    r"(?:plays|played) the role of|(?:is|was) cast as|as)\s+"
)
#: What may stand between the verb and the character: "the", "his wife", "fellow
#: code-breaker", "Globe reporter", "the Manhattan Project director, Gen." - at most three
#: lower-case words, none a word that ends the role ("as well as", "a nurse who meets").
_ROLE_PHRASE = (
    r"(?:(?:the|a|an|his|her|their)\s+)?(?:(?:[A-Z][\w.&-]*(?:['’]s)?\s+){0,3}"
    r"(?:(?!(?:as|and|or|well|with|in|to|for|by|at|from|of|on|who|whom|which|that|is|was)[\s,])"
    r"[a-z][a-z-]*(?<!ing)(?<!ed)(?:['’]s)?,?\s+)"
    # "real-life CIA officer", "Hollywood makeup artist": capitals may stand between them;
    # "the smuggler's sister", "Kroc's first wife": a possessive is part of the role
    r"(?:(?:[A-Z][\w.&-]*(?:['’]s)?\s+){0,2}"
    r"(?:(?!(?:as|and|or|well|with|in|to|for|by|at|from|of|on|who|whom|which|that|is|was)[\s,])"
    r"[a-z][a-z-]*(?<!ing)(?<!ed)(?:['’]s)?,?\s+)){0,2})?"
)
_ROLE_TITLE = re.compile(
    _ROLE_PHRASE
    + r"(?:(?i:"
    + "|".join(sorted(re.escape(w) for w in lx.ROLE_WORDS | lx.TITLE_ABBREVIATIONS if w.isalpha()))
    + r")\.?\s+){0,2}"  # "Detective Inspector", "Lt. Col."
)
_BARE_PAREN = re.compile(r"\s*\(\s*")
_PAREN_PLAIN = re.compile(r"\s*\((?!as\s)(?:[a-z]+\s+){0,3}")  # "(as X)" is an actor's
_CLOSE_AFTER_WORK = re.compile(r"\s+in\s[^()]{1,40}\)")


_TITULAR = re.compile(
    r"\s+(?:also\s+)?(?:stars|starred|plays|played|portrays|portrayed|"
    r"(?:takes|took)\s+on|(?:is|was)\s+cast\s+in)\s+(?:as\s+)?"
    r"the\s+(?:titular|title)\s+(?:character|role|part)\b"
)


def _title_person(ctx: Context, work: int) -> int | None:
    """The one person of the document the work's title names ("Griselda" → Griselda
    Blanco): their full name, or one word of it when the title is one word."""
    title = normalize_name(ctx.mentions[work].name)
    found = {
        ctx.root(i)
        for i, m in enumerate(ctx.mentions)
        if m.label == "person"
        and (normalize_name(m.name) == title or title in normalize_name(m.name).split())
    }
    return found.pop() if len(found) == 1 else None


def _in_cast_list(ctx: Context, mi: int) -> bool:
    """The name is one of a cast word's list ("guest stars such as A (B), C (D)", "A (B)
    and C (D) star in the film"), where brackets name the character after the actor."""
    t = ctx.mention_head[mi]
    for _ in range(8):
        if t is None:
            return False
        if t.lower_ in tg.CAST_WORDS or t.lemma_.lower() in tg.CAST_WORDS:
            return True
        if t.head.i == t.i or t.dep_ not in _LIST_PATH:
            return False
        t = t.head
    return False


#: Dependencies from a listed name up to the word that introduces the list.
_LIST_PATH = frozenset({"conj", "appos", "pobj", "prep", "nsubj", "dobj", "compound", "npadvmod"})


def _named_in_role(ctx: Context, mi: int) -> int:
    """ "plays Sam Tate's rival, Nora Bell", "plays Gate Works executive Sam Tate": a name
    that only qualifies the role stands for the person the role is named by."""
    head = ctx.mention_head[mi]
    if head is None or head.dep_ not in ("poss", "compound"):
        return mi
    role = head.head
    while role.dep_ == "compound" and role.head.i != role.i and role.i not in ctx.tok_mention:
        role = role.head
    for t in (role, *role.children):
        other = ctx.tok_mention.get(t.i)
        if other is not None and other != mi and (t is role or t.dep_ == "appos"):
            return other
    return mi


# 2. events ---------------------------------------------------------------------------------


def _verb_events(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    for tok in tokens(sent):
        lemma = tok.lemma_.lower()
        predicate = tg.VERB_EVENTS.get(lemma) or _phrasal_event(tok, lemma)
        if lemma == "find" and any(
            c.dep_ in ("nsubjpass", "dobj") and c.lower_ in tg.BODY_NOUNS for c in tok.children
        ):
            predicate = "body_found"
        if lemma == "become":
            attr = [c for c in tok.children if c.dep_ == "attr" and c.lower_ in tg.BECOME_ROLES]
            if attr:
                predicate = "appointed"
        if predicate is None or tok.pos_ not in ("VERB", "AUX"):
            continue
        if is_negated(tok) or _unrealised(tok) or fronted_participle(tok):
            continue
        if lemma in tg.ROLE_VERBS and _role_after(tok) is None:
            continue  # "a girl he named Greta": a naming, not an appointment
        if lemma in tg.RESULT_VERBS and not _has_result(tok, tg.RESULT_VERBS[lemma]):
            continue  # "was shot and captured": no death
        if is_caption_position(tok):
            continue  # "Ana Roe, left, and Ben Oak": where someone stands in a photo
        if any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVES for c in tok.children):
            continue  # "Gypsy frees herself", "he killed himself" is told by "died"
        # "moved cocaine" is not moving house: these events take no direct object
        if predicate in tg.INTRANSITIVE_EVENTS and any(c.dep_ == "dobj" for c in tok.children):
            continue
        if predicate == "escaped" and any(
            c.dep_ == "dobj" and c.lemma_.lower() not in tg.CUSTODY_OBJECTS for c in tok.children
        ):
            continue  # "escaped arrest": no escape from custody
        if any(
            c.dep_ == "dobj" and c.lemma_.lower() in tg.IDIOM_OBJECTS.get(predicate, ())
            for c in tok.children
        ):
            continue  # "joined forces with", "left a mark": an idiom, not the event
        if predicate in tg.COMPLEMENT_IDIOMS and any(
            c.dep_ in ("oprd", "acomp") and c.pos_ == "ADJ" for c in tok.children
        ):
            continue  # "he was born ready": a description, not a birth
        if predicate == "founded" and _founds_no_organization(ctx, tok):
            continue  # "established his supply chain"
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            passive = passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children)
        if passive and predicate in tg.ACTIVE_ONLY_EVENTS:
            continue  # "is joined by co-stars", "was met with silence"
        subj_toks = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        subj_toks = [c for c in subj_toks if not _in_brackets(ctx, c)] or subj_toks
        subj_toks = subj_toks or _listed_subject(tok)
        obj_toks = [c for c in tok.children if c.dep_ in ("dobj",)]
        agent_toks = [
            g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        rule = "event:verb"
        if (
            not subj_toks
            and tok.dep_ in ("conj", "xcomp", "advcl")
            and tok.head.pos_ in ("VERB", "AUX")
            and not _opens_bracket_between(tok.head, tok)
        ):
            subj_toks = [
                c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")
            ] or _listed_subject(tok.head)
            rule = "event:verb-shared-subject"
        if predicate == "body_found":
            bodies = [c for c in tok.children if c.lower_ in tg.BODY_NOUNS]
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
                            subjects += participants(ctx, owner)
            # "along with the body of X"
            for t in tok.subtree:
                if t.lower_ == "body" and t not in bodies:
                    for c in t.children:
                        if c.dep_ == "prep" and c.lower_ == "of":
                            for g in c.children:
                                subjects += participants(ctx, g)
            objects: list[int] = []
        elif predicate in tg.PATIENT_EVENTS and predicate != "appointed":
            if passive:
                subjects = [p for s in subj_toks for p in participants(ctx, s)]
                objects = [p for s in agent_toks for p in participants(ctx, s)]
            else:
                subjects = [p for s in obj_toks for p in participants(ctx, s)]
                objects = [p for s in subj_toks for p in participants(ctx, s)]
        else:
            subjects = [p for s in subj_toks for p in participants(ctx, s)]
            objects = [p for s in obj_toks for p in participants(ctx, s)]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "with" and predicate in tg.WITH_PARTNER_EVENTS:
                    objects += [p for g in c.children for p in participants(ctx, g)]
                if c.dep_ == "prep" and c.lower_ in ("in", "into") and predicate == "joined":
                    objects += [  # "enlisted in the Marine Corps"
                        p
                        for g in c.children
                        for p in participants(ctx, g)
                        if ctx.mentions[p].label == "organization"
                    ]
        subjects = [s for s in subjects if is_person_like(ctx, s)]
        if predicate in tg.NEEDS_PERSON_SUBJECT:
            subjects = [s for s in subjects if ctx.mentions[s].label == "person"]
        if not subjects:
            continue
        when, own = time_and_source(ctx, tok)
        unique = list(dict.fromkeys(subjects))
        respective = _respective_times(ctx, tok, unique)
        place = place_for(ctx, tok)
        undated = when is None and place is None and not respective
        if predicate in tg.NEEDS_TIME_OR_PLACE and undated:
            continue
        obj = next((o for o in objects if ctx.root(o) not in {ctx.root(s) for s in subjects}), None)
        if rule == "event:verb-shared-subject" and predicate in tg.PATIENT_EVENTS:
            obj = None  # the borrowed subject is the head verb's, not who did this
        value = None
        if predicate == "appointed":
            role = _role_after(tok)
            if role is not None:
                value = ctx.document.text[role.left_edge.idx : role.idx + len(role.text)]
        value = ctx.values.get((tok.i, predicate), value)
        for k, s in enumerate(unique):
            if respective is not None:
                when, own = (respective[k], True) if respective else (None, True)
            yield make_fact(
                ctx,
                sent,
                s,
                predicate,
                tok,
                rule=rule,
                adjust=() if own or when is None else ("time_from_outer_clause",),
                object=obj,
                value=value,
                place=place,
                time=time_span(when),
                time_unresolved=when.text if when is not None and when.span is None else None,
            )


def _noun_events(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    for tok in tokens(sent):
        predicate = tg.NOUN_EVENTS.get(tok.lower_)
        if predicate is None and tok.tag_ == "NNS":
            predicate = tg.NOUN_EVENTS.get(tok.lemma_.lower())  # "the deaths of A and B"
        if predicate is None or tok.pos_ != "NOUN" or is_hypothetical(tok):
            continue
        if tok.dep_ == "dobj" and tok.head.lemma_ in tg.PERPETRATOR_VERBS:
            continue  # "Dahmer committed his first murder": his is the killer's
        if any(a.lemma_ in ("involve",) for a in tok.ancestors) and any(
            c.dep_ == "neg" for a in tok.ancestors for c in a.children
        ):
            continue
        owners: list[int] = []
        for c in tok.children:
            if c.dep_ == "poss":
                owners += participants(ctx, c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                owners += [p for g in c.children if g.dep_ == "pobj" for p in participants(ctx, g)]
        owners = [o for o in owners if ctx.mentions[o].label == "person"]
        if not owners:
            continue
        when = time_for(ctx, tok, own_only=True)
        for o in dict.fromkeys(owners):
            yield make_fact(
                ctx,
                sent,
                o,
                predicate,
                tok,
                rule="event:noun",
                time=time_span(when),
                place=place_for(ctx, tok),
                time_unresolved=when.text if when is not None and when.span is None else None,
            )


# 2b. facts that keep a value: charges, sentences (patterns.json) ---------------------------


@dataclass(frozen=True)
class _ValueMatch:
    """A match of one of `tg.VALUE_PATTERNS`: the event token and the value as written."""

    pattern: tg.ValuePattern
    event: Any
    value: str


_MATCHERS: dict[int, tuple[Any, Any]] = {}


def _value_matcher(vocab: Any) -> Any:
    """One `DependencyMatcher` per loaded model: building it costs more than a sentence."""
    hit = _MATCHERS.get(id(vocab))
    if hit is not None and hit[0] is vocab:
        return hit[1]
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(vocab)
    for p in tg.VALUE_PATTERNS:
        matcher.add(p.id, [p.pattern])
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


def _value_text(tok: Any, pattern: tg.ValuePattern, after: Any | None = None) -> str:
    """The value's words as written: its subtree (and, after a copula, all that follows the
    copula), without where a sentence is served ("40 years in prison" → "40 years") and
    without a clause that tells more."""
    text = doc_text(tok.doc)
    if pattern.id == "n_year_sentence":  # "40-year": the number and the unit only
        return str(text[tok.left_edge.idx : tok.idx + len(tok.text)])
    cut = len(tok.doc)
    for c in tok.subtree:
        if c.i <= tok.i:
            continue
        drop = (
            c.dep_ == "prep"
            and c.head.i == tok.i
            and any(g.lemma_ in tg.PRISON_NOUNS for g in c.children)
        ) or (c.pos_ in ("VERB", "AUX") and c.dep_ in ("conj", "relcl", "acl", "advcl"))
        if drop and _participle_of_value(c, tok):
            drop = False  # "time (already) served" is the value whole
        if drop:
            cut = min(cut, c.i)
    words = [t for t in tok.subtree if t.i < cut]
    if after is not None and words:
        words = [t for t in tok.doc[after.i + 1 : words[0].i] if not t.is_space] + words
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    if not words:
        return str(tok.text)
    return str(text[words[0].idx : words[-1].idx + len(words[-1].text)])


def _participle_of_value(c: Any, value: Any) -> bool:
    """ "time already served": a bare past participle right under the value's noun."""
    return bool(
        c.dep_ == "acl"
        and c.tag_ in ("VBN", "VBD")
        and c.head.i == value.i
        and all(g.dep_ in ("advmod", "cc", "conj") for g in c.children if g.i < c.i)
        and not any(g.dep_ in ("dobj", "prep", "agent") for g in c.children)
    )


def _needed_words(pattern: tg.ValuePattern) -> tuple[frozenset[tuple[str, str]], ...]:
    """Per node of `pattern` that names its words (LEMMA or LOWER, one word or IN a list),
    the (attribute, word) pairs it accepts: a sentence without one of them cannot match."""
    needs = []
    for node in pattern.pattern:
        accepts: set[tuple[str, str]] = set()
        for attr in ("LEMMA", "LOWER"):
            value = node["RIGHT_ATTRS"].get(attr)
            if isinstance(value, str):
                accepts.add((attr, value))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                accepts.update((attr, v) for v in value["IN"])
            elif value is not None:  # NOT_IN, REGEX...: no word is needed
                accepts.clear()
                break
        else:
            if accepts:
                needs.append(frozenset(accepts))
    return tuple(needs)


_NEEDS = tuple(_needed_words(p) for p in tg.VALUE_PATTERNS)
_NEEDED_LEMMAS = frozenset(w for n in _NEEDS for a in n for k, w in a if k == "LEMMA")
_NEEDED_LOWERS = frozenset(w for n in _NEEDS for a in n for k, w in a if k == "LOWER")


def _may_match(sent: Any) -> bool:
    """Whether some value pattern finds, in `sent`, every word it needs."""
    present: set[tuple[str, str]] = set()
    for t in tokens(sent):
        if t.lemma_ in _NEEDED_LEMMAS:
            present.add(("LEMMA", t.lemma_))
        if t.lower_ in _NEEDED_LOWERS:
            present.add(("LOWER", t.lower_))
    return any(all(accepts & present for accepts in needs) for needs in _NEEDS)


def _value_matches(sdoc: Any) -> list[_ValueMatch]:
    """Every value pattern match of the document, one per pattern and event token.

    Patterns only relate tokens of one dependency tree, so the matcher runs sentence by
    sentence, and only on sentences holding every word some pattern needs: on the whole
    document spaCy's `DependencyMatcher` cost as much as all the other claim rules together.
    """
    patterns = {sdoc.vocab.strings.add(p.id): p for p in tg.VALUE_PATTERNS}
    order = {p.id: k for k, p in enumerate(tg.VALUE_PATTERNS)}
    matcher = _value_matcher(sdoc.vocab)
    found: list[tuple[tg.ValuePattern, dict[str, int]]] = []
    for sent in sdoc.sents:
        if not _may_match(sent):
            continue
        for match_id, token_ids in matcher(sent.as_doc()):
            p = patterns[match_id]
            ids = (sent.start + i for i in token_ids)
            found.append((p, dict(zip((n["RIGHT_ID"] for n in p.pattern), ids, strict=True))))
    found.sort(key=lambda pn: order[pn[0].id])  # stable: the whole document's match order
    out: list[_ValueMatch] = []
    seen: set[tuple[str, int]] = set()
    for p, nodes in found:
        event = sdoc[nodes["event"]]
        if (p.id, event.i) in seen:
            continue
        seen.add((p.id, event.i))
        copula = sdoc[nodes["copula"]] if "copula" in nodes else None
        out.append(_ValueMatch(p, event, _value_text(sdoc[nodes["value"]], p, copula)))
    return out


def _patients(ctx: Context, verb: Any) -> list[int]:
    """Who an event verb happens to: the passive subject, else the direct object."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        subj = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        passive = passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)
    toks = subj if passive else [c for c in verb.children if c.dep_ == "dobj"]
    return [p for t in toks for p in participants(ctx, t)]


def _previous_fact(ctx: Context, predicate: str, tok: Any, sentences: int = 2) -> LocalFact | None:
    """The last fact of `predicate` read before `tok`, at most `sentences` sentences back:
    what "the new sentence" refers to."""
    here = ctx.sent_of.get(tok.i, 0)
    best: tuple[int, LocalFact] | None = None
    for f in ctx.facts:
        trig = ctx.trigger(f)
        if f.predicate != predicate or trig is None or trig.i >= tok.i:
            continue
        if here - ctx.sent_of.get(trig.i, 0) > sentences:
            continue
        if best is None or trig.i > best[0]:
            best = (trig.i, f)
    return best[1] if best is not None else None


def _value_facts(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    """ "arrested on charges of X" → charged X; "the new sentence is 37 years" → sentenced."""
    for vm in ctx.value_matches:
        ev, p = vm.event, vm.pattern
        if not (sent.start <= ev.i < sent.end) or is_negated(ev) or _unrealised(ev):
            continue
        time: TimeSpan | None = None
        unresolved: str | None = None
        rule, own = "value:pattern", True
        if p.subject == "patient":
            if tg.VERB_EVENTS.get(ev.lemma_.lower()) == p.predicate:
                continue  # the verb's own fact carries the value (`_verb_events`)
            subjects = _patients(ctx, ev)
            when, own = time_and_source(ctx, ev)
            place = place_for(ctx, ev)
        else:
            subjects = [o for c in ev.children if c.dep_ == "poss" for o in participants(ctx, c)]
            when = time_for(ctx, ev, own_only=True)
            place = None
            if not subjects and ev.dep_ == "dobj" and ev.head.lemma_ in tg.SENTENCE_VERBS:
                # "X is serving a 30-year sentence": the verb's subject has it
                subjects = [
                    o for c in ev.head.children if c.dep_ == "nsubj" for o in participants(ctx, c)
                ]
            if not subjects:
                prev = _previous_fact(ctx, p.predicate, ev)
                if prev is None:
                    continue
                subjects = [prev.subject]
                rule = "value:pattern-previous"
                if when is None:
                    time, unresolved = prev.time, prev.time_unresolved
        if when is not None:
            time, unresolved = when.span, when.text if when.span is None else None
        for s in dict.fromkeys(x for x in subjects if ctx.mentions[x].label == "person"):
            yield make_fact(
                ctx,
                sent,
                s,
                p.predicate,
                ev,
                rule=rule,
                adjust=() if own or when is None else ("time_from_outer_clause",),
                value=vm.value,
                place=place,
                time=time,
                time_unresolved=unresolved,
            )


# 3. relations ------------------------------------------------------------------------------


def _person_at(ctx: Context, tok: Any) -> bool:
    mi = ctx.tok_mention.get(tok.i)
    return mi is not None and ctx.mentions[mi].label == "person"


def _relations(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    for tok in tokens(sent):
        low = tok.lower_
        # "X, the former leader of ORG" / "ORG agent X"
        role_word = low if low in _ROLE_NOUNS else tok.lemma_.lower()  # "agents" → agent
        held = role_word in tg.LEADER_NOUNS | tg.MEMBER_NOUNS
        worker = not held and role_word in tg.WORKER_NOUNS
        if (held or worker) and tok.pos_ in ("NOUN", "PROPN"):
            # "leader of ORG"; "a chemist at ORG"; a role noun after its organization ("an
            # NSDAP member", "a CIA officer") when the noun describes a named person
            preps = ("of", "for") if held else ("at", "for", "with")
            orgs = [
                p
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in preps
                for g in c.children
                for p in participants(ctx, g)
                if ctx.mentions[p].label == "organization"
            ]
            # "Harbor Union President Luis Ortega": a role noun written before a name
            # (a worker's "DEA agent X" is read below, with its role as the value)
            before_name = held and tok.dep_ == "compound" and _person_at(ctx, tok.head)
            if tok.dep_ != "compound" or before_name:
                orgs += [
                    ctx.tok_mention[c.i]
                    for c in tok.children
                    if c.dep_ in ("compound", "poss")
                    and c.i in ctx.tok_mention
                    and ctx.mentions[ctx.tok_mention[c.i]].label == "organization"
                ]
            holder: int | None = None
            role = tok
            while role.dep_ == "conj" and role.head.i != role.i:
                role = role.head  # "was bodyguard to X and later head of ORG"
            if before_name:
                holder = ctx.tok_mention.get(tok.head.i)
            elif role.dep_ == "appos":
                holder = _mention_of(ctx, role.head)
            elif role.dep_ == "attr" or (role.dep_ == "pobj" and role.head.lower_ == "as"):
                # "X was the leader of ORG", "X served as president of ORG"
                verb = role.head if role.dep_ == "attr" else role.head.head
                subj = [c for c in verb.children if c.dep_ == "nsubj"]
                holder = _mention_of(ctx, subj[0]) if subj else None
                if verb.lemma_.lower() in lx.PRETENCE_VERBS:
                    holder = None  # "poses as a pilot for Pan Am", "stars as a DEA agent"
                if worker and role.dep_ == "attr" and verb.lemma_ != "be":
                    holder = None  # "became a Superior Court judge": an appointment, not a job held
            if holder is not None and orgs and ctx.mentions[holder].label == "person":
                pred = (
                    "leader_of"
                    if role_word in tg.LEADER_NOUNS
                    else "member_of"
                    if held
                    else "employee_of"
                )
                yield make_fact(
                    ctx, sent, holder, pred, tok, rule="relation:role-of", object=orgs[0]
                )
                continue
        if role_word in tg.EMPLOYEE_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
            # "FBI agent X", "the Chronicle's reporter X", "the Police Department's Inspector X"
            owners = [*tok.children, *(tok.head.children if tok.dep_ == "compound" else ())]
            orgs = [
                ctx.tok_mention[c.i]
                for c in owners
                if c.dep_ in ("compound", "nmod", "poss")
                and c.i in ctx.tok_mention
                and ctx.mentions[ctx.tok_mention[c.i]].label == "organization"
            ]
            orgs += [  # "two agents of the FBI, A and B"
                p
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
                for p in participants(ctx, g)
                if ctx.mentions[p].label == "organization"
            ]
            named = [  # "agents of the FBI, A and B" (parsed as apposition or as a list)
                p
                for c in tok.children
                if c.dep_ == "appos" or (c.dep_ == "conj" and c.pos_ == "PROPN")
                for p in _conjuncts(ctx, c)
                if ctx.mentions[p].label == "person"
            ]
            if orgs and named and tok.pos_ == "NOUN":
                for p in named:
                    yield make_fact(
                        ctx, sent, p, "employee_of", tok, rule="relation:org-role", object=orgs[0]
                    )
                continue
            person: int | None = None
            if tok.dep_ == "compound" and tok.head.i in ctx.tok_mention:
                person = ctx.tok_mention[tok.head.i]
            nxt = tok.nbor(1) if tok.i + 1 < len(ctx.sdoc) else None
            if person is None and nxt is not None and nxt.i in ctx.tok_mention:
                person = ctx.tok_mention[nxt.i]
            if person is not None and orgs and ctx.mentions[person].label == "person":
                yield make_fact(
                    ctx,
                    sent,
                    person,
                    "employee_of",
                    tok,
                    rule="relation:org-role",
                    object=orgs[0],
                    value=low,
                )
        # "his wife Mika", "Mika, his wife", "his son Legolas", "X is the daughter of Y"
        if _kin_word(tok) in _KIN_NOUNS and tok.pos_ == "NOUN":
            yield from _kin(ctx, sent, tok)
        # "A and B were (high school) sweethearts" / "A and B married"
        if low in tg.COUPLE_WORDS and tok.dep_ in ("attr", "ROOT", "acomp"):
            verb = tok.head if tok.dep_ != "ROOT" else tok
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                pair = participants(ctx, subj[0])
                pair = [p for p in pair if ctx.mentions[p].label == "person"]
                if len(pair) == 2 and ctx.root(pair[0]) != ctx.root(pair[1]):
                    yield make_fact(
                        ctx, sent, pair[0], "spouse", tok, rule="relation:couple", object=pair[1]
                    )
    yield from _verb_relations(ctx, sent)
    yield from _family_list(ctx, sent)


def _verb_relations(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    """ "X ran the Cali cartel" → leader_of, "X worked for the FBI" → employee_of: a person
    subject and an organization where the verb's entry in `VERB_RELATIONS` says."""
    for tok in tokens(sent):
        spec = tg.VERB_RELATIONS.get(tok.lemma_.lower())
        if spec is None or tok.pos_ != "VERB" or is_negated(tok) or _unrealised(tok):
            continue
        predicate, via = spec
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            continue
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if tok.dep_ == "relcl" and any(c.lower_ in ("who", "that") for c in subjects):
            subjects = [tok.head]  # "X, who ran ORG"
            if tok.head.dep_ == "attr" and tok.head.head.lemma_ == "be":
                # "Field was a tax attorney who had worked for ORG": the one the noun describes
                subjects = [c for c in tok.head.head.children if c.dep_ == "nsubj"]
        holders = [
            p for c in subjects for p in participants(ctx, c) if ctx.mentions[p].label == "person"
        ]
        places = [c for c in tok.children if c.dep_ == "dobj"] if "dobj" in via else []
        # "worked as a chemist for ORG": the preposition may hang on the role noun
        steps = [tok] + [
            g
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        places += [
            g
            for t in steps
            for c in t.children
            if c.dep_ == "prep" and c.lower_ in via
            for g in c.children
            if g.dep_ == "pobj"
        ]
        orgs = [
            p for t in places for p in participants(ctx, t)
            if ctx.mentions[p].label == "organization"
        ]  # fmt: skip
        if not orgs:
            continue
        when, own = time_and_source(ctx, tok)
        for h in dict.fromkeys(holders):
            yield make_fact(
                ctx,
                sent,
                h,
                predicate,
                tok,
                rule="relation:verb",
                adjust=() if own or when is None else ("time_from_outer_clause",),
                object=orgs[0],
            )


_ROLE_NOUNS = tg.LEADER_NOUNS | tg.MEMBER_NOUNS | tg.EMPLOYEE_NOUNS

#: Family nouns read as "P is O's NOUN"; sweethearts are a couple, read by `_relations`.
_KIN_NOUNS = (
    (tg.SPOUSE_NOUNS - {"sweethearts", "sweetheart"})
    | tg.CHILD_NOUNS
    | tg.PARENT_NOUNS
    | tg.SIBLING_NOUNS
)


def _kin(ctx: Context, sent: Any, tok: Any) -> Iterable[LocalFact]:
    """A family noun between an owner and named partners: "his son Legolas" (owner his,
    partner Legolas), "Vineeth is the son of Sreenivasan" (owner Sreenivasan), "Piccard's
    siblings A, B and C". The fact says "partner is owner's NOUN"."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "as":
        return  # "Lisa Moon as his wife, Ellen": a role in a cast, not a family
    adjacent = False
    owner_tok = next((c for c in tok.children if c.dep_ == "poss"), None)
    # "her ex-husband A (...) and her bodyguard B": a name after another role noun is that
    # role's, whatever the parse attached it to
    other_role = min(
        (c.i for c in tok.children if c.dep_ in ("conj", "appos") and c.pos_ == "NOUN"),
        default=None,
    )
    partner_toks = [
        c for c in tok.children if c.dep_ == "appos" and (other_role is None or c.i < other_role)
    ]
    if not partner_toks and tok.dep_ == "appos":
        # "Prince Edmund, Duke of Kent, the third son of X": up the chain of appositions to
        # the name they describe
        up = tok.head
        for _ in range(4):
            at = _mention_of(ctx, up)
            if at is not None and ctx.mentions[at].label == "person":
                break
            if up.dep_ == "appos":
                up = up.head
            elif up.dep_ == "pobj" and up.head.lower_ == "of" and up.head.head.dep_ == "appos":
                up = up.head.head  # "Duke of Kent, the son of X": the title's holder
            else:
                break
        partner_toks = [up]
    if not partner_toks and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        partner_toks = [c for c in tok.head.children if c.dep_ == "attr"]  # "X's wife is Y"
    nxt = ctx.tok_mention.get(tok.i + 1)
    if not partner_toks and nxt is not None and ctx.mention_head[nxt] is not None:
        partner_toks = [ctx.mention_head[nxt]]  # "left his parents Fred and Mary Lane"
        adjacent = True
    of_objects = [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    owners: list[int] = []
    before = tok.doc[tok.left_edge.i - 2 : tok.left_edge.i] if tok.left_edge.i >= 2 else None
    if (
        owner_tok is not None
        and owner_tok.lower_ in _PRONOUNS_PERSON
        and before is not None
        and before[1].lower_ == "and"
    ):
        # "X and his wife Y": "his" is X, whoever the sentence is about
        prev = ctx.tok_mention.get(before[0].i)
        owners = [prev] if prev is not None else []
    elif owner_tok is not None and owner_tok.lower_ == "their":
        # "A and his wife B arrived with their son C": "their" is the couple the clause's
        # subject names; a "their" with no such pair before it is left unread
        verb = _governing(tok)
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
        group = [
            p for c in subj for p in participants(ctx, c) if ctx.mentions[p].label == "person"
        ]
        if len({ctx.root(p) for p in group}) >= 2:
            owners = group
    elif owner_tok is not None:
        if owner_tok.lower_ in _PRONOUNS_PERSON and _bracketed(tok):
            return  # "A (Nash) and B (his wife Alicia)": whose "his" a cast bracket leaves open
        owners = participants(ctx, owner_tok)
        if owner_tok.lower_ in _PRONOUNS_PERSON and any(_acts(ctx, o) for o in owners):
            return  # "X portrays Y. His ex-wife Z ...": the "his" is Y's, or nobody's
    elif tok.dep_ == "compound" and tok.head.dep_ == "conj":
        # "His ex-wife A, daughter B": a family word in a list of family words shares the
        # owner of the first
        first = tok.head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        lead = first.head if first.dep_ == "appos" else None
        lead_owner = (
            next((c for c in lead.children if c.dep_ == "poss"), None) if lead is not None else None
        )
        if lead is not None and _kin_word(lead) in _KIN_NOUNS and lead_owner is not None:
            if lead_owner.lower_ in _PRONOUNS_PERSON and _bracketed(lead):
                return
            owners = participants(ctx, lead_owner)
            if lead_owner.lower_ in _PRONOUNS_PERSON and any(_acts(ctx, o) for o in owners):
                return
    elif of_objects:
        owners = [p for g in of_objects for p in participants(ctx, g)]
        if tok.dep_ == "attr":  # "X is the son of Y"
            partner_toks = [c for c in tok.head.children if c.dep_ == "nsubj"]
    owners = [o for o in owners if ctx.mentions[o].label == "person"]
    # "Emily Blunt plays his wife Kitty": the actor is neither the owner nor the partner
    actors = _portraying_subjects(ctx, tok)
    owners = [o for o in owners if ctx.root(o) not in actors]
    # a list after the noun is the partners ("siblings A, B and C"); a name in apposition to
    # a list is only the name it stands by ("A, B and C (X's sister)")
    partners = [
        p
        for t in partner_toks
        for p in (_conjuncts(ctx, t) if t.head.i == tok.i or adjacent else [_mention_of(ctx, t)])
        if p is not None and ctx.mentions[p].label == "person" and ctx.root(p) not in actors
    ]
    if not owners:
        return
    low = _kin_word(tok)
    if not partners:
        if low in tg.SPOUSE_NOUNS and len(owners) == 1:
            ctx.unnamed_spouses.append((sent, owners[0], tok))
        return
    for p in partners:
        if low in tg.KIN_SEX:
            ctx.sex.setdefault(ctx.root(p), tg.KIN_SEX[low])
    couple = {ctx.root(o) for o in owners}
    for o in owners:
        for p in partners:
            if ctx.root(p) in couple:
                continue  # "A and his wife B arrived with their son [a name read as A's]"
            kin = "kin:noun"
            if low in tg.SPOUSE_NOUNS:
                former = "former" if tok.lower_ != low else None  # "his ex-wife"
                yield make_fact(ctx, sent, o, "spouse", tok, rule=kin, object=p, value=former)
            elif low in tg.CHILD_NOUNS:
                yield make_fact(ctx, sent, p, "child", tok, rule=kin, object=o)
            elif low in tg.PARENT_NOUNS:
                role = tg.PARENT_ROLES.get(low)
                yield make_fact(ctx, sent, o, "child", tok, rule=kin, object=p, value=role)
            else:
                yield make_fact(ctx, sent, p, "sibling", tok, rule=kin, object=o)


def _bracketed(tok: Any) -> bool:
    """The token stands inside round brackets opened earlier in its sentence."""
    depth = 0
    for t in tok.sent:
        if t.i >= tok.i:
            break
        depth += t.text == "("
        depth -= t.text == ")" and depth > 0
    return depth > 0


def _acts(ctx: Context, mi: int) -> bool:
    """The mention names an actor in a portrayal: the subject of "plays"/"portrays", or the
    name after "played by"."""
    head = ctx.mention_head[mi]
    if head is None:
        return False
    verbs = lx.PORTRAYAL_VERBS | {"depict", "star"}
    if head.dep_ == "nsubj" and head.head.lemma_ in verbs:
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head.lemma_ in verbs


def _portraying_subjects(ctx: Context, tok: Any) -> set[int]:
    """The subjects (roots) of a portrayal verb whose object is the noun ("X plays his wife",
    "X portrays her brother"): the actor, whom the family word never names."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.lemma_ not in lx.PORTRAYAL_VERBS | {"depict"}:
        return set()
    out = set()
    for c in verb.children:
        if c.dep_ == "nsubj":
            out |= {ctx.root(mi) for mi in participants(ctx, c)}
    return out


def _conjuncts(ctx: Context, tok: Any) -> list[int]:
    """The mentions of a noun and the nouns coordinated with it, not its appositions."""
    out: list[int] = []
    todo = [tok]
    while todo:
        t = todo.pop(0)
        mi = _mention_of(ctx, t)
        if mi is not None and mi not in out:
            out.append(mi)
        # "his mother, Rose; his son, Ned": a semicolon ends the list of one family word;
        # "her ex-husband A and her bodyguard B": a common noun opens a list of its own
        todo += [
            c
            for c in t.children
            if c.dep_ == "conj"
            and c.pos_ != "NOUN"
            and not _in_brackets(ctx, c)  # "Fred and Ermine (Ray Liotta and Rachel Griffiths)"
            # "his ex-wife A, daughter B": B is the daughter, read by her own family word
            and not any(g.dep_ == "compound" and _kin_word(g) in _KIN_NOUNS for g in c.children)
            and not any(x.text == ";" for x in t.doc[min(t.i, c.i) : c.i])
        ]
    return out


def _family_list(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    """ "A and B had three sons (together): C (..), D (6), and E (4)"."""
    for tok in tokens(sent):
        if tok.lower_ not in tg.CHILD_NOUNS or tok.dep_ not in ("dobj", "attr"):
            continue
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue  # "X is the son of Y": `_kin` reads it
        verb = tok.head
        parents_tok = [c for c in verb.children if c.dep_ == "nsubj"]
        if not parents_tok:
            continue
        parents = [
            p for p in participants(ctx, parents_tok[0]) if ctx.mentions[p].label == "person"
        ]
        if not parents and parents_tok[0].lower_ == "they":
            parents = _married_pair(ctx, verb)
        if not parents:
            continue
        count = _children_total(tok)
        if count is not None:
            for p in parents:
                yield make_fact(
                    ctx, sent, p, "children_count", tok, rule="family:count", value=count
                )
        # the children: names after the noun in this sentence
        text = ctx.document.text
        parent_roots = {ctx.root(p) for p in parents}
        for mi in sorted(
            {ctx.tok_mention[t.i] for t in sent if t.i > tok.i and t.i in ctx.tok_mention}
        ):
            m = ctx.mentions[mi]
            if m.label != "person" or "in-parens" in m.cues or _other_kin(ctx, mi, tok):
                continue
            child = mi
            if ctx.root(child) in parent_roots:
                child = _other_bearer(ctx, mi, parent_roots) or -1
            if child < 0:
                continue
            for p in parents:
                yield make_fact(ctx, sent, child, "child", tok, rule="family:child", object=p)
            age = re.match(
                r"\s*\((?:who\s+(?:is|was)\s+)?(?:only\s+)?(\d{1,3})\b", text[m.end : m.end + 30]
            )
            if age and int(age.group(1)) <= tg.MAX_AGE:
                yield make_fact(
                    ctx,
                    sent,
                    child,
                    "age",
                    tok,
                    rule="family:age",
                    value=int(age.group(1)),
                    time=time_span(time_for(ctx, verb)),
                )


def _married_pair(ctx: Context, verb: Any) -> list[int]:
    """ "A had married B in 1923 and they had two children": the "they" of a verb coordinated
    with a marrying verb is its subject and its object, two people."""
    head = verb.head if verb.dep_ == "conj" else None
    if head is None or tg.VERB_EVENTS.get(head.lemma_.lower()) != "married":
        return []
    pair = [
        ctx.tok_mention[c.i]
        for c in head.children
        if c.dep_ in ("nsubj", "dobj") and c.i in ctx.tok_mention
    ]
    pair = [p for p in pair if ctx.mentions[p].label == "person"]
    return pair if len({ctx.root(p) for p in pair}) == 2 else []


def _children_total(noun: Any) -> int | None:
    """ "three sons", "two sons and a daughter" → 3: the counts of a child noun and the
    child nouns coordinated with it; None when one of them gives no number."""
    total = 0
    more = [
        c
        for t in (noun, noun.head)
        for c in t.children
        if c.dep_ in ("conj", "dobj") and c.i != noun.i
    ]
    for n in [noun, *(c for c in more if c.lower_ in tg.CHILD_NOUNS)]:
        num = next((c for c in n.children if c.dep_ == "nummod"), None)
        if num is not None:
            value = count_value(num.text)
        elif n is not noun and any(c.lower_ in ("a", "an") for c in n.children):
            value = 1
        else:
            return None
        if value is None:
            return None
        total += value
    return total


def _other_kin(ctx: Context, mi: int, noun: Any) -> bool:
    """ "two sons as well as a daughter he adopted with his ex-wife Wilma": a name that
    another family noun introduces is not one of the children."""
    head = ctx.mention_head[mi]
    if head is None:
        return False
    near = [head.head, head.head.head] if head.dep_ in ("appos", "compound") else [head.head]
    near += [head, *(c for c in head.children if c.dep_ in ("compound", "amod", "nmod"))]
    return any(t.i != noun.i and _kin_word(t) in _KIN_NOUNS - tg.CHILD_NOUNS for t in near)


def _sex_from_family_words(ctx: Context) -> None:
    """ "his mother, Rose", "Rose, his mother", "her husband Tom": what family words say of
    the sex of the people they name, read before any pronoun is."""
    for tok in tokens(ctx.sdoc):
        sex = tg.KIN_SEX.get(_kin_form(tok.lower_))
        if sex is None or tok.pos_ != "NOUN":
            continue
        named = [c for c in tok.children if c.dep_ in ("appos", "compound")]
        if tok.dep_ == "appos":
            named.append(tok.head)
        for t in named:
            mi = ctx.tok_mention.get(t.i)
            if mi is not None and ctx.mentions[mi].label == "person":
                ctx.sex.setdefault(ctx.root(mi), sex)


def _kin_word(tok: Any) -> str:
    """A family noun without "ex-" ("ex-wife" is a wife of before)."""
    return _kin_form(tok.lower_)


def _kin_form(word: str) -> str:
    """`_kin_word` for a word as written (a fact sheet's "Bio:" line)."""
    low = word.lower()
    return low[3:] if low.startswith("ex-") else low


def _other_bearer(ctx: Context, mi: int, exclude: set[int]) -> int | None:
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


def _age_time(ctx: Context, anchor_tok: Any, sent: Any) -> TimeExpr | None:
    """When an age holds: its clause's date, else "today" for a sentence in the present."""
    t = time_for(
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


def _ages(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    text = ctx.document.text
    s0, s1 = sent.start_char, sent.end_char
    stext = text[s0:s1]
    done: set[int] = set()

    def emit(mi: int, age: int, tok: Any, rule: str) -> Iterable[LocalFact]:
        if mi in done or age > tg.MAX_AGE or ctx.mentions[mi].label != "person":
            return
        if is_future(tok if tok.pos_ in ("VERB", "AUX") else _governing(tok)):
            return  # "at his release he will be 80": an age yet to come
        done.add(mi)
        when = _age_time(ctx, tok, sent)
        yield make_fact(
            ctx,
            sent,
            mi,
            "age",
            tok,
            rule=rule,
            value=age,
            time=time_span(when),
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
            yield from emit(target, age, span.root, "age:n-year-old")
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
                yield from emit(target, int(m.group(1)), verb, "age:copula")
    # "X, 44, ..."
    for m in re.finditer(r",\s(\d{1,3}),", stext):
        tok_before = [t for t in sent if t.idx + len(t.text) == s0 + m.start()]
        if tok_before and tok_before[0].i in ctx.tok_mention:
            at = tok_before[0]
            yield from emit(ctx.tok_mention[at.i], int(m.group(1)), at, "age:comma")


#: "(born 13 March 1963 in X)", "(June 17, 1929 – August 13, 1984)", "(1740–1776)": a
#: life's dates in brackets right after a name, the way biographies open.
_LIFESPAN_OPEN = re.compile(r"\s*,?\s*\(")
_BORN_WORD = re.compile(r"\s*(?:born|b\.|\*)\s", re.IGNORECASE)
_DIED_WORD = re.compile(r"\s*(?:died|d\.|†)\s", re.IGNORECASE)
_BETWEEN_DATES = re.compile(r"\s*(?:[-–—]|to)\s*\Z")
_NO_WORDS = re.compile(r"[\s,]*(?:c\.|ca\.|circa)?\s*")  # "(c. 1510 – 1560)"
_YEAR_RANGE = re.compile(r"(\d{3,4})\s*[-–—]\s*(\d{3,4})\Z")
#: The most characters read inside the brackets after a name.
LIFESPAN_MAX_CHARS = 160
#: Two years in brackets closer than this are a term ("Lynn Harrell (1986 – 1993)"), not a
#: life; chosen on Re-DocRED dev, where every bracketed range under it was a term of office
#: or of study. Re-run `leyenda eval redocred` if you change it.
LIFESPAN_MIN_YEARS = 15


def _lifespans(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    """Birth and death from the brackets after a person's name; a place after "born ... in"."""
    text = ctx.document.text
    for tok in tokens(sent):
        mi = ctx.tok_mention.get(tok.i)
        if (
            mi is None
            or ctx.mentions[mi].label != "person"
            or ctx.mentions[mi].end > tok.idx + len(tok.text)
        ):
            continue  # only at the mention's last token
        m = ctx.mentions[mi]
        opened = _LIFESPAN_OPEN.match(text, m.end)
        if opened is None:
            continue
        close = text.find(")", opened.end(), opened.end() + LIFESPAN_MAX_CHARS)
        if close < 0:
            continue
        # the last part carries the dates: "(in Devanagari: ...; 1900 – 1980)"
        start = max(opened.end(), text.rfind(";", opened.end(), close) + 1)
        inside = [t for t in ctx.times if start <= t.start and t.end <= close and t.kind == "date"]
        spans = [t.span for t in inside]
        if not inside or any(sp is None for sp in spans):
            continue
        born: TimeSpan | None = None
        died: TimeSpan | None = None
        first = inside[0]
        lead = text[start : first.start]
        yr = _YEAR_RANGE.match(first.text)
        if _BORN_WORD.fullmatch(lead + " ") or _BORN_WORD.match(lead):
            born = first.span
        elif _DIED_WORD.match(lead):
            died = first.span
        elif _NO_WORDS.fullmatch(lead) is not None and yr is not None and len(inside) == 1:
            if int(yr.group(2)) - int(yr.group(1)) >= LIFESPAN_MIN_YEARS:
                born = TimeSpan(yr.group(1), yr.group(1), yr.group(1))
                died = TimeSpan(yr.group(2), yr.group(2), yr.group(2))
        elif (
            _NO_WORDS.fullmatch(lead) is not None
            and len(inside) == 2
            and _BETWEEN_DATES.match(text[first.end : inside[1].start])
        ):
            b, d = first.span, inside[1].span
            assert b is not None and d is not None
            if int(d.start[:4]) - int(b.end[:4]) >= LIFESPAN_MIN_YEARS:
                born, died = b, d
        place = None
        if born is not None:
            for j in range(mi + 1, len(ctx.mentions)):
                pm = ctx.mentions[j]
                if pm.start >= close:
                    break
                if pm.label == "place" and re.search(r"\bin\s+$", text[start : pm.start]):
                    place = j
                    break
        for predicate, span, where in (("born", born, place), ("died", died, None)):
            if span is not None:
                yield make_fact(
                    ctx, sent, mi, predicate, tok, rule="lifespan:brackets", time=span, place=where
                )


# 5. claims ---------------------------------------------------------------------------------


def _claims(ctx: Context, sent: Any) -> Iterable[LocalFact]:
    for tok in tokens(sent):
        if tok.lemma_ not in lx.CLAIM_VERBS or tok.pos_ != "VERB":
            continue
        if tok.dep_ == "ccomp" and tok.head.lemma_ in tg.BELIEF_HEADS:
            continue  # "critics surmised that X suggested it": a guess, not X's account
        # "denies the charges" is no account: a verb of denial needs a clause
        deps = (
            ("ccomp", "xcomp")
            if tok.lemma_ in tg.NEGATIVE_CLAIM_VERBS
            else ("ccomp", "xcomp", "dobj")
        )
        comp = next((c for c in tok.children if c.dep_ in deps), None)
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if comp is None or subj is None:
            continue
        if comp.dep_ == "dobj" and any(t.tag_ in ("WDT", "WP") for t in comp.subtree):
            continue  # "the stories, all of which he swears are true": the account is elsewhere
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
        if tok.lemma_ in tg.NEGATIVE_CLAIM_VERBS:
            sub = [tok, *(t for t in sub if t.i > tok.i)]  # "denies that she ...", kept whole
        value = ctx.document.text[sub[0].idx : sub[-1].idx + len(sub[-1].text)]
        if len(value.split()) < 3:
            continue  # "claims that H", cut short: no account to keep
        fact = make_fact(ctx, sent, who, "claims", tok, rule="claim:verb", value=value)
        yield replace(fact, modality="claim")


def typed_facts(
    sdoc: Any, document: Document, mentions: list[Mention], times: list[TimeExpr]
) -> tuple[Context, list[LocalFact]]:
    """Steps 1–7: the facts the rules and the learned scorer read in the document, each
    citing its sentence, with the reading `Context` they leave, which the open events
    (step 8, `claims.extract_facts`) read on in before `settled` finishes the list."""
    ctx = _build_ctx(sdoc, document, mentions, times)
    _sex_from_family_words(ctx)
    ctx.value_matches = _value_matches(sdoc)
    for vm in ctx.value_matches:
        if vm.pattern.subject == "patient":
            ctx.values.setdefault((vm.event.i, vm.pattern.predicate), vm.value)
    facts = ctx.facts
    for sent in sdoc.sents:
        if not span_text(sent).strip():
            continue
        # pronouns read in text order, as a reader does: each one's reading tells the next
        # (who "he" is so far, and that "he" is a man)
        for tok in tokens(sent):
            if tok.lower_ in _PRONOUNS_PERSON:
                _mention_of(ctx, tok)
        for step in _STEPS:
            facts.extend(step(ctx, sent))
    facts += _name_unnamed_spouses(ctx)
    facts += _record_fields(ctx)
    facts = anchor_relative_times(ctx, facts)
    facts += extract_durations(
        sdoc, document, mentions, times, ctx.modality, lambda tok: _mention_of(ctx, tok)
    )
    # 7. the learned relation scorer, for pairs the rules above said nothing about
    learned = learned_relations(sdoc, document, mentions, times, facts, ctx.modality)
    facts += [f for f in learned if _plausible_learned(ctx, f)]
    return ctx, facts


def settled(ctx: Context, facts: list[LocalFact]) -> list[LocalFact]:
    """The document's facts as they are kept, once every step has read it: what a casting
    sentence says of the person played is said of the person (`_real_descriptions`), and
    a fact read twice from one sentence is kept once."""
    return _dedupe(_real_descriptions(ctx, facts))


def _real_descriptions(ctx: Context, facts: list[LocalFact]) -> list[LocalFact]:
    """ "X takes on the role of Jean Roe, a member of the Party", "X plays his wife Ann": what
    the sentence says of the person played, beside the portrayal, it says of the person (the
    sentence is a depiction only for the casting)."""
    played = {
        (f.evidence.start, ctx.root(f.subject)) for f in facts if f.predicate == "portrayed_by"
    }
    return [
        replace(f, modality="reality")
        if f.modality == "depiction"
        and f.predicate in RELATION_PREDICATES
        and f.predicate != "portrayed_by"
        and (f.evidence.start, ctx.root(f.subject)) in played
        else f
        for f in facts
    ]


#: The per-sentence steps, in the order of the module docstring.
_STEPS = (
    _portrayals,
    _verb_events,
    _noun_events,
    _value_facts,
    _relations,
    _ages,
    _lifespans,
    _claims,
)


# 6. what needs the whole document: unnamed spouses, relative times --------------------------


def _plausible_learned(ctx: Context, f: LocalFact) -> bool:
    """What the learned scorer says, checked the way the rules read text (it was trained on
    Wikipedia; on news it read film years as births): a birth or death needs a word of
    life or death in its sentence and a person; a cast a work."""
    subject = ctx.mentions[f.subject]
    if _pronoun_read_otherwise(ctx, f):
        return False
    if f.predicate in ("born", "died"):
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", f.evidence.quote)}
        said = bool(words & tg.LIFE_WORDS) or _LIFE_RANGE.search(f.evidence.quote) is not None
        return subject.label == "person" and said
    if f.predicate == "cast_member":  # a work, not a fragment of one ("Blood")
        return subject.label == "work" or (
            subject.label == "other" and len(subject.name.split()) > 1
        )
    return True


def _pronoun_read_otherwise(ctx: Context, f: LocalFact) -> bool:
    """The learned scorer reads an unnamed subject as the document's topic; where the rules
    read the sentence's pronoun as someone else ("Nolan said ... He was born in 1904", "he"
    being the film's subject), the reader's reading wins."""
    span = ctx.sdoc.char_span(f.evidence.start, f.evidence.end, alignment_mode="expand")
    if span is None:
        return False
    who = ctx.root(f.subject)
    if any(ctx.root(mi) == who for t in span if (mi := ctx.tok_mention.get(t.i)) is not None):
        return False  # the subject is named in the sentence
    read = {ctx.root(mi) for t in span if (mi := ctx.pronoun_of.get(t.i)) is not None}
    return bool(read) and who not in read


#: "(18 April 1874 – 1 June 1939)": a life's two dates in brackets.
_LIFE_RANGE = re.compile(r"\([^()]*\d{3,4}[^()\d]*[–—-][^()]*\d{3,4}[^()]*\)")


def _name_unnamed_spouses(ctx: Context) -> list[LocalFact]:
    """ "to meet his wife": the wife is the one spouse the document names for him, if it
    names exactly one; otherwise the sentence says nothing checkable and gives nothing."""
    partners: dict[int, set[int]] = {}
    first: dict[int, int] = {}
    for f in ctx.facts:
        if f.predicate in ("spouse", "married") and f.object is not None and f.value != "former":
            a, b = ctx.root(f.subject), ctx.root(f.object)
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
            first.setdefault(a, f.subject)
            first.setdefault(b, f.object)
    out = []
    for sent, owner, noun in ctx.unnamed_spouses:
        known = partners.get(ctx.root(owner), set())
        if len(known) == 1:
            (partner,) = known
            named = first[partner]
            out.append(
                make_fact(ctx, sent, owner, "spouse", noun, rule="kin:unnamed-spouse", object=named)
            )
    return out


_COMMA_ONLY = re.compile(r"\s*,\s*")

#: A table cell separator, as a page's table reads once flattened to text.
_CELL = "|"


def _cell_owner(ctx: Context, by_start: dict[int, int], line: str, start: int) -> int | None:
    """The person whose name stands alone after the line's last cell separator."""
    tail = line[line.rfind(_CELL) + 1 :]
    name = tail.strip()
    if not name:
        return None
    at = start + line.rfind(_CELL) + 1 + (len(tail) - len(tail.lstrip()))
    mi = by_start.get(at)
    if mi is None or ctx.mentions[mi].end != at + len(name):
        return None
    return mi if ctx.mentions[mi].label == "person" else None


_FIELD_LINE = re.compile(r"[ \t]*(?P<label>[A-Za-z][A-Za-z ]{1,20}?)[ \t]*:[ \t]*(?P<value>\S.*)")
_KIN_OF = re.compile(r"(?P<owner>.+?)['’]s?\s+(?:\w+\s+){0,2}?(?P<kin>\w+)\s*$")


def _record_fields(ctx: Context) -> list[LocalFact]:
    """Fact sheets: a line that is a person's name alone, then field lines under it
    ("Born: March 3, 1961", "Birthplace: Nashville", "Death: ...", "Bio: X's Second Wife"),
    up to the next blank line. Each field line is its own evidence.

    A table flattened to text ("Born: 1989 | Elton John" then "Born: 1947"): a cell
    separator ends the owner's fields on that line, and a name alone after the last one
    owns the lines that follow (`_CELL`)."""
    text = ctx.document.text
    out: list[LocalFact] = []
    by_start = {m.start: i for i, m in enumerate(ctx.mentions)}
    owner: int | None = None
    born: tuple[int, int] | None = None  # index in `out` of the born fact, and its line
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            owner = born = None
            continue
        lead = start + len(line) - len(line.lstrip())
        mi = by_start.get(lead)
        if mi is not None and ctx.mentions[mi].end == lead + len(stripped):
            owner = mi if ctx.mentions[mi].label == "person" else None
            born = None
            continue
        field = _FIELD_LINE.fullmatch(line)
        cell = line.find(_CELL)
        # a name alone after the line's last cell separator owns the lines below it
        after = _cell_owner(ctx, by_start, line, start) if cell >= 0 else None
        this = owner
        if cell >= 0:  # the next lines belong to the next cell's name, or to nobody
            owner, born = after, None
        if this is None or field is None:
            continue
        stop = start + cell if cell >= 0 else end  # this owner's cell ends at a separator
        # "Born: 1931 Birthplace: Hull Death: 2001": every field of the line, in turn
        for kind, v0, v1, value in _fields_of(line, start, field, stop):
            found = _field_facts(ctx, this, kind, lead, v0, v1, value, out, born)
            out += found
            if kind == "born" and found:
                born = (len(out) - 1, lead)
        if cell >= 0:
            born = None  # a later "Birthplace:" line is the next cell's
    return out


def _fields_of(
    line: str, start: int, first: re.Match[str], stop: int
) -> list[tuple[str | None, int, int, str]]:
    """(kind, value start, value end, value text) of each field label on a line, up to
    `stop` (a cell separator): the line's first label and any later known one."""
    v0 = start + first.start("value")
    if stop <= v0:
        return []
    marks = [(first.group("label"), v0)]
    for m in _MORE_LABELS.finditer(line, first.start("value"), stop - start):
        marks.append((m.group("label"), start + m.end()))
    out = []
    for n, (label, at) in enumerate(marks):
        until = marks[n + 1][1] if n + 1 < len(marks) else stop
        if n + 1 < len(marks):  # the next label's own characters end this value
            until = start + line.rfind(marks[n + 1][0], 0, until - start)
        kind = lx.FIELD_LABELS.get(label.strip().lower())
        out.append((kind, at, until, line[at - start : until - start]))
    return out


#: A later field label on the same line ("… Death: 2001"): only the ones `FIELD_LABELS`
#: knows, capitalised as a label is, so a colon in prose is not taken for one.
_MORE_LABELS = re.compile(
    r"(?<![A-Za-z])(?P<label>"
    + "|".join(sorted((k.capitalize() for k in lx.FIELD_LABELS), key=len, reverse=True))
    + r")[ \t]*:[ \t]*"
)


def _field_facts(
    ctx: Context,
    this: int,
    kind: str | None,
    lead: int,
    v0: int,
    stop: int,
    value: str,
    out: list[LocalFact],
    born: tuple[int, int] | None,
) -> list[LocalFact]:
    """The facts one field of a fact sheet states about `this` (its owner)."""
    text = ctx.document.text
    end = stop
    while end > lead and text[end - 1].isspace():
        end -= 1
    ev = Evidence.of(ctx.document, lead, end)
    inside = [i for i, m in enumerate(ctx.mentions) if v0 <= m.start and m.end <= stop]
    people = [i for i in inside if ctx.mentions[i].label == "person" and i != this]
    places = [i for i in inside if ctx.mentions[i].label == "place"]

    def fact(predicate: str, who: int = this, **kw: Any) -> LocalFact:
        conf = tg.RULE_CONFIDENCE["record:field"]
        return LocalFact(who, predicate, "reality", ev, rule="record:field", confidence=conf, **kw)

    if kind in ("born", "died"):
        when = next(
            (t for t in ctx.times if v0 <= t.start and t.end <= stop and t.kind == "date"),
            None,
        )
        if when is None or when.span is None:
            return []
        # a place in the date's own field comes right after it, set off by a comma
        # ("Death: May 9, 2001, Hull"); any other name there is not where it happened
        at = [p for p in places if _COMMA_ONLY.fullmatch(text[when.end : ctx.mentions[p].start])]
        return [fact(kind, time=when.span, place=at[0] if at else None)]
    if kind == "birthplace" and places and born is not None and out[born[0]].place is None:
        was = out[born[0]]
        if was.evidence.start == lead:  # the same line: its quote grows to hold the place
            was = replace(was, evidence=Evidence.of(ctx.document, lead, max(end, was.evidence.end)))
        out[born[0]] = replace(was, place=places[0])
        return []
    if kind == "spouse":
        return [fact("spouse", object=p) for p in people]
    if kind == "child":
        return [fact("child", p, object=this) for p in people]
    if kind == "parent":
        return [fact("child", object=p) for p in people]
    if kind == "kin":
        said = _KIN_OF.match(value)
        if said is None or not people:
            return []
        noun = _kin_form(said.group("kin"))
        other = people[0]
        if noun in tg.SPOUSE_NOUNS:
            return [fact("spouse", object=other)]
        if noun in tg.CHILD_NOUNS:
            return [fact("child", object=other)]
        if noun in tg.PARENT_NOUNS:
            return [fact("child", other, object=this)]
        if noun in tg.SIBLING_NOUNS:
            return [fact("sibling", object=other)]
    return []


def anchor_relative_times(ctx: Context, facts: list[LocalFact]) -> list[LocalFact]:
    """Dates that count from another event, once every event of the document is known:

    * "two years later", "the next day" → from the date of the last dated fact before it
      (same paragraph, at most two sentences back);
    * "After three days (of torture), X was killed" → that date plus the length;
    * "Following X's murder, ..." → the year of X's death as the document dates it.

    When the anchor is not clear (no dated fact near, two different dates in the sentence
    that would give it, two different dates for the event) the fact stays undated.
    """
    out = []
    for f in facts:
        trig = ctx.trigger(f)
        if f.time is None and trig is not None:
            span = _relative_time(ctx, f, trig, facts)
            if span is not None:
                conf = round(f.confidence * tg.CONFIDENCE_ADJUST["relative_time"], 3)
                f = replace(f, time=span, time_unresolved=None, confidence=conf)
        out.append(f)
    return out


def _relative_time(
    ctx: Context, f: LocalFact, trig: Any, facts: list[LocalFact]
) -> TimeSpan | None:
    clause = trig if trig.pos_ in ("VERB", "AUX") else _governing(trig)
    text = ctx.document.text
    if f.time_unresolved:
        anchor = _previous_date(ctx, trig, facts)
        expr = TimeExpr(0, 0, f.time_unresolved, "date", None)
        return anchor_relative(expr, anchor) if anchor is not None else None
    for prep in clause.children:
        if prep.dep_ != "prep" or prep.lower_ not in tg.AFTER_WORDS | tg.EVENT_ANCHORS:
            continue
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            ti = ctx.time_tok.get(obj.i)
            written = text[prep.idx : obj.idx + len(obj.text)]
            if ti is not None and ctx.times[ti].kind == "duration":
                if prep.lower_ not in tg.AFTER_WORDS:
                    continue
                anchor = _previous_date(ctx, trig, facts)
                later = TimeExpr(0, 0, f"{ctx.times[ti].text} later", "date", None)
                shifted = anchor_relative(later, anchor) if anchor is not None else None
                if shifted is not None:
                    return TimeSpan(shifted.start, shifted.end, written)
            elif obj.lower_ in tg.NOUN_EVENTS and prep.lower_ in tg.EVENT_ANCHORS:
                year = _event_year(ctx, obj, facts)
                if year is not None:
                    return TimeSpan(year, year, written)
    return None


def _previous_date(ctx: Context, trig: Any, facts: list[LocalFact]) -> TimeSpan | None:
    """The date of the last dated fact before `trig`, when that is one clear date."""
    here = ctx.sent_of.get(trig.i, 0)
    para = _paragraph(ctx, trig)
    best: tuple[int, LocalFact] | None = None
    for g in facts:
        t = ctx.trigger(g)
        if g.time is None or t is None or t.i >= trig.i:
            continue
        if here - ctx.sent_of.get(t.i, 0) > 2 or _paragraph(ctx, t) != para:
            continue
        if best is None or t.i > best[0]:
            best = (t.i, g)
    if best is None:
        return None
    chosen = best[1].time
    assert chosen is not None
    # another date in the same sentence before the relative one: which is meant is unclear
    there = ctx.sent_of.get(best[0], 0)
    for g in facts:
        t = ctx.trigger(g)
        if (
            there != here
            and g.time is not None
            and t is not None
            and t.i < trig.i
            and ctx.sent_of.get(t.i, 0) == there
            and (g.time.start, g.time.end) != (chosen.start, chosen.end)
        ):
            return None
    return chosen


def _paragraph(ctx: Context, tok: Any) -> int:
    return ctx.document.text.count("\n", 0, tok.idx)


def _event_year(ctx: Context, noun: Any, facts: list[LocalFact]) -> str | None:
    """The year the document gives for the event a noun names ("Camarena's murder")."""
    owners = [
        o
        for c in noun.children
        if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of")
        for g in ([c] if c.dep_ == "poss" else [x for x in c.children if x.dep_ == "pobj"])
        for o in participants(ctx, g)
    ]
    if len(owners) != 1:
        return None
    predicate = tg.NOUN_EVENTS[noun.lower_]
    family = _SAME_EVENT.get(predicate, frozenset({predicate}))
    who = ctx.root(owners[0])
    years = {
        g.time.start[:4]
        for g in facts
        if g.time is not None
        and g.predicate in family
        and ctx.root(g.subject) == who
        and g.time.start[:4] == g.time.end[:4]
    }
    return years.pop() if len(years) == 1 else None


#: Predicates that name one event: a killing is a death.
_SAME_EVENT: dict[str, frozenset[str]] = {
    "killed": frozenset({"killed", "died"}),
    "died": frozenset({"killed", "died"}),
}


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
