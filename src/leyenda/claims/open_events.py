"""Open events: what a person or organization of the case file did or underwent, outside the
21 event predicates ("took over the business", "Boeing unveiled the 777", "the raid").

Why: a timeline with only the vocabulary's events has gaps a reader sees at once. The rule
is conservative (the case file must stay trustworthy), so an open event is a fact only when:

- its head is a verb with its own subject (in a document about a film or a show, a verb
  in the present tells its plot and is a depiction: `extract.narrative_present`; a subject
  borrowed from a coordinated verb only from a main clause), or an event noun of
  `OPEN_EVENT_NOUNS` with an owner ("his resignation", "Boeing's bid"), and that
  participant is a person or organization mention;
- the verb is not a stop verb (be, have, say, light, reporting, perception, aspectual and
  show verbs: `OPEN_EVENT_STOP_VERBS`) and has no modal (`OPEN_EVENT_MODALS`);
- the clause happened: not negated, not future, not a purpose, attempt or belief, not under
  "if" (`OPEN_EVENT_CONDITIONS`), not a question;
- no typed event was read from the same sentence with the same head (the typed fact wins),
  nor a vocabulary verb in a phrase the typed rules read otherwise ("left a mark", "took
  hostage"); a vocabulary verb they declined for its object ("launched an operation",
  "moved cocaine") is still an event, and becomes an open one.

`value` is the lemma, with its particle ("take over"). Words are data in `triggers.json`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import EVENT_PREDICATES, LocalFact
from ..nlp import span_text, tokens
from . import extract as ex
from . import triggers as tg

STOP_VERBS = tg.OPEN_EVENT_STOP_VERBS
MODALS = tg.OPEN_EVENT_MODALS
CONDITIONS = tg.OPEN_EVENT_CONDITIONS
EVENT_NOUNS = tg.OPEN_EVENT_NOUNS
CAUSATIVES = tg.OPEN_EVENT_CAUSATIVES

#: Where a verb heads a clause of its own (not a participle modifying a noun).
_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis"})


def _value(tok: Any) -> str:
    """The lemma, with a particle when there is one ("took over" → "take over")."""
    lemma = tok.lemma_.lower()
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{lemma} {prt[0]}" if prt else lemma


def _did_not_happen(tok: Any) -> bool:
    """Negated, modal, future, purpose, attempt, belief, conditional or a question."""
    if ex.is_negated(tok) or ex.is_future(tok):
        return True
    head = tok
    while True:  # "to track down and kill X": a verb coordinated with a purpose shares it
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            return True
        if head.dep_ != "conj" or head.head.i == head.i:
            break
        head = head.head
    # a belief ("thought he had fled") or an attempt ("tried to flee"), as `extract` reads them;
    # its particle check is not used: here the particle is part of the event ("take over")
    if head.dep_ == "ccomp" and head.head.lemma_ in tg.BELIEF_HEADS:
        return True
    if head.dep_ == "xcomp" and head.head.lemma_ in tg.ATTEMPT_HEADS:
        return True
    for v in {tok, head}:
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
                return True
            if c.dep_ == "mark" and c.lower_ in CONDITIONS:
                return True
            if c.dep_ == "neg":
                return True
    return bool(span_text(tok.sent).rstrip().endswith("?"))


def _under_aspect(tok: Any) -> bool:
    """The complement of a starting verb ("started teaching", "began to sail"): the event."""
    return (
        tok.dep_ == "xcomp"
        and tok.head.pos_ == "VERB"
        and tok.head.lemma_.lower() in tg.OPEN_EVENT_ASPECT_HEADS
    )


def _first_to(tok: Any) -> bool:
    """ "Marta Lane became the first woman to sail the route alone": who is the first (or
    only, or last) to do a thing did it."""
    noun = tok.head
    return (
        tok.dep_ in ("relcl", "acl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        and noun.dep_ == "attr"
        and any(c.lower_ in ("first", "only", "last") for c in noun.children if c.dep_ == "amod")
        and noun.head.lemma_ in ("be", "become")
    )


def _fronted_passive(ctx: Any, tok: Any) -> bool:
    """ "Freed in 1968, Rui Sena started ...", "Once released in 1974, he ...": a passive
    participle opening its sentence, without a subject of its own, on a main verb that has
    one, dated or placed by its own words: "Impressed by the system, Kroc ..." and
    "Captivated, he ..." tell a state of mind, not an event."""
    if ex.time_for(ctx, tok, own_only=True) is None and ex.place_for(ctx, tok) is None:
        return False
    first = next((t for t in tokens(tok.sent) if t.pos_ not in ("PUNCT", "SCONJ", "ADV")), None)
    return (
        tok.tag_ == "VBN"
        and tok.dep_ == "advcl"
        and first is not None
        and first.i == tok.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children)
        and tok.head.pos_ in ("VERB", "AUX")
    )


def _coordinated(tok: Any) -> bool:
    """A conjunct verb joined by "and", "or" or "but" somewhere in its list ("arrested, tried
    and convicted"). Without one ("is sent to Lisbon ..., shot down off Tangier") the parser
    has usually made a participle on a noun into a conjunct: it shares no subject."""
    for t in (tok, tok.head, *(c for c in tok.head.children if c.dep_ == "conj")):
        if any(c.dep_ == "cc" for c in t.children):
            return True
    return False


def tells_of_a_work(ctx: Any, facts: list[LocalFact]) -> bool:
    """The document is about a film, a show or a book (a review, an explainer, a fact-check),
    where a present tense tells the work's plot: it names a work, or it speaks of a show and
    uses a word only screen writing uses (`lexicon.SCREEN_CUES`), or it speaks of a show and
    casts someone in it. News that merely says "series" or "air show" is not."""
    if ctx.on_screen():
        return True
    return bool(ctx.about_a_work) and any(
        f.predicate in ("portrayed_by", "cast_member") for f in facts
    )


def _participants_of(ctx: Any, toks: Iterable[Any]) -> list[int]:
    out = [p for t in toks for p in ex.participants(ctx, t)]
    return [p for p in dict.fromkeys(out) if ex.is_person_like(ctx, p)]


def _typed_idiom(tok: Any, lemma: str) -> bool:
    """A vocabulary verb in a phrase the typed rules read otherwise ("took hostage",
    "left a mark", "joined forces"): no event of its own either."""
    if lemma in tg.VERB_EVENTS and any(
        c.dep_ == "prt" and c.lower_ in tg.OTHER_SENSE_PARTICLES for c in tok.children
    ):
        return True  # "left behind a wife"
    words = tg.PHRASAL_EVENTS.get(lemma, {})
    if any(c.lower_ in words for c in tok.children):
        return True
    predicate = tg.VERB_EVENTS.get(lemma)
    idioms = tg.IDIOM_OBJECTS.get(predicate or "", ())
    return any(c.dep_ == "dobj" and c.lemma_.lower() in idioms for c in tok.children)


def _typed_heads(ctx: Any, facts: list[LocalFact]) -> set[tuple[int, str]]:
    """(sentence start, word) of each typed event's possible triggers: an open event there
    repeats it. Read from the evidence sentence, since a fact re-dated later is a new object
    that `ctx.trigger` no longer knows."""
    words: dict[str, set[str]] = {}
    for w, p in {**tg.VERB_EVENTS, **tg.NOUN_EVENTS}.items():
        words.setdefault(p, set()).add(w)
    heads = set()
    for f in facts:
        if f.predicate not in EVENT_PREDICATES:
            continue
        trig = ctx.trigger(f)
        if trig is not None:
            heads.add((trig.sent.start, trig.lemma_.lower()))
            heads.add((trig.sent.start, trig.lower_))
        span = ctx.sdoc.char_span(f.evidence.start, f.evidence.end, alignment_mode="expand")
        for t in span if span is not None else ():
            for form in (t.lemma_.lower(), t.lower_):
                if form in words.get(f.predicate, ()):
                    heads.add((t.sent.start, form))
    return heads


def _verb_events(
    ctx: Any, sent: Any, typed: set[tuple[int, str]], review: bool, played: set[str]
) -> Iterable[LocalFact]:
    for tok in tokens(sent):
        aspect = _under_aspect(tok) or _first_to(tok)
        if tok.pos_ != "VERB" or (tok.dep_ not in _CLAUSE_DEPS and not aspect):
            continue
        lemma, value = tok.lemma_.lower(), _value(tok)
        stopped = value in STOP_VERBS or (value == lemma and lemma in STOP_VERBS)
        stopped = stopped or _typed_idiom(tok, lemma)
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in CAUSATIVES:
            continue  # "made him turn over"
        if stopped or not lemma.isalpha() or (sent.start, lemma) in typed:
            continue
        if aspect:
            outer = tok.head.head if _first_to(tok) else tok.head
            if _did_not_happen(outer) or any(c.dep_ == "neg" for c in tok.children):
                continue
        elif _did_not_happen(tok) or ex.is_caption_position(tok) or ex.fronted_participle(tok):
            continue
        if tok.tag_ == "VB" and any(
            c.lemma_ == "be" for c in tok.children if c.dep_.startswith("aux")
        ):
            continue  # "He was face down": a base form after "was" is a misparse
        if (
            tok.dep_ == "conj"
            and tok.tag_ == "VB"
            and tok.head.tag_ in ("VBD", "VBN", "VBZ")
            and not any(c.dep_.startswith("aux") for c in tok.children)
        ):
            continue  # "discussed it with A and screenwriter B": a noun read as a bare verb
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        rule = "open:verb"
        # a subject borrowed from the verb this one is coordinated with: in reviews' long
        # sentences it was wrong 7 times in 9 where that verb sat in a subordinate clause or
        # a reduced relative ("the film shows his life before Jack died and jumps to ...");
        # in news it holds about as well as a verb's own (SemEval-2015 timelines)
        borrow = tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and _coordinated(tok)
        if review and tok.head.dep_ not in ("ROOT", "conj"):
            borrow = False
        if not subj and borrow:
            subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            rule = "open:verb-shared-subject"
        elif not subj and (aspect or _fronted_passive(ctx, tok)):
            # "Rui Sena started teaching": the teacher is the one who started; "Freed in
            # 1968, Rui Sena sailed": the one freed is the main clause's subject
            verb = tok.head.head if _first_to(tok) else tok.head
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            rule = "open:verb-aspect" if aspect else "open:verb-fronted-participle"
        subjects = _participants_of(ctx, subj)
        if review and ex.narrative_present(tok):
            # a review's plot in the present is told of the characters someone plays; of
            # anyone else (the director, a newspaper, an actor) it is the critic's view
            subjects = [s for s in subjects if ctx.mentions[ctx.root(s)].name in played]
        if not subjects:
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive:
            others = [g for c in tok.children if c.dep_ == "agent" for g in c.children]
        else:
            others = [c for c in tok.children if c.dep_ == "dobj"]
        objects = _participants_of(ctx, others)
        roots = {ctx.root(s) for s in subjects}
        obj = next((o for o in objects if ctx.root(o) not in roots), None)
        when, own = ex.time_and_source(ctx, tok)
        for s in subjects:
            yield ex.make_fact(
                ctx,
                sent,
                s,
                "event",
                tok,
                rule=rule,
                adjust=() if own or when is None else ("time_from_outer_clause",),
                object=obj,
                value=value,
                place=ex.place_for(ctx, tok),
                time=ex.time_span(when),
                time_unresolved=when.text if when is not None and when.span is None else None,
            )


def _noun_events(ctx: Any, sent: Any, typed: set[tuple[int, str]]) -> Iterable[LocalFact]:
    for tok in tokens(sent):
        if tok.pos_ != "NOUN" or tok.lower_ not in EVENT_NOUNS or tok.lower_ in tg.NOUN_EVENTS:
            continue
        if (sent.start, tok.lower_) in typed or (sent.start, tok.lemma_.lower()) in typed:
            continue
        if ex.is_hypothetical(tok):
            continue
        if any(a.pos_ in ("VERB", "AUX") and _did_not_happen(a) for a in list(tok.ancestors)[:1]):
            continue
        owners = _participants_of(ctx, [c for c in tok.children if c.dep_ == "poss"])
        if not owners:
            continue
        when = ex.time_for(ctx, tok, own_only=True)
        for o in owners:
            yield ex.make_fact(
                ctx,
                sent,
                o,
                "event",
                tok,
                rule="open:noun",
                value=tok.lemma_.lower(),
                place=ex.place_for(ctx, tok),
                time=ex.time_span(when),
                time_unresolved=when.text if when is not None and when.span is None else None,
            )


def open_events(ctx: Any, facts: list[LocalFact]) -> list[LocalFact]:
    """The document's open events, none repeating a typed event of `facts`."""
    typed = _typed_heads(ctx, facts)
    review = tells_of_a_work(ctx, facts)
    # by name: a full name written again is a mention of its own, with no antecedent
    played = {
        ctx.mentions[ctx.root(f.subject)].name for f in facts if f.predicate == "portrayed_by"
    }
    out: list[LocalFact] = []
    for sent in ctx.sdoc.sents:
        if not span_text(sent).strip():
            continue
        out.extend(_verb_events(ctx, sent, typed, review, played))
        out.extend(_noun_events(ctx, sent, typed))
    return out
