"""Facts that carry a length of time or a count said in passing, for reconcile to chain.

Two kinds of sentence give reconciliation something to compute with, and the event rules
in `extract` do not read them:

* time served and time missing: "after serving 27 years of his initial 40-year sentence"
  (a `served` fact, value "27 years", dated by its clause: reconcile derives when the
  imprisonment began); "Camarena was missing for about a month" (a `missing` fact, value
  "about a month": reconcile chains it to the kidnapping that started it);
* a number of children given in passing: "a widow and mother of two", "her three sons"
  (`children_count`), which is how a show and the record come to disagree on a family;
* a source saying outright that a show told an event otherwise ("the arrest, which went
  far less dramatically in Narcos"): a `departs_from_reality` fact about the work, value
  the event's predicate, so reconcile can pair the show's version with the record's
  without reading article text again.

Values are kept as written ("about a month"); `parse_duration` turns them into a range of
days, so the store keeps what the source said and reconcile the arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..model import Document, Evidence, LocalFact, Mention, Modality, TimeExpr
from ..nlp import doc_text, span_text, tokens
from ..timex import count_value
from .triggers import CHILD_NOUNS, RULE_CONFIDENCE, SENTENCE_NOUNS

#: Days in one unit; a month and a year as averages, since the sources round anyway.
UNIT_DAYS: dict[str, float] = {
    "day": 1.0,
    "week": 7.0,
    "month": 30.44,
    "year": 365.25,
    "decade": 3652.5,
}
#: How far an approximate length may stray, as factors of the stated length. "about a
#: month" is read as 3 to 5 weeks; chosen so that "about a month" after February 7 still
#: holds both March 5 and March 7 (the seeds), and re-checked on tests/test_reconcile.py.
APPROX_FACTORS: dict[str, tuple[float, float]] = {
    "about": (0.75, 1.25),
    "around": (0.75, 1.25),
    "roughly": (0.75, 1.25),
    "approximately": (0.75, 1.25),
    "some": (0.75, 1.25),
    "almost": (0.8, 1.0),
    "nearly": (0.8, 1.0),
    "barely": (1.0, 1.1),
    "just": (1.0, 1.1),
    "more than": (1.0, 1.5),
    "over": (1.0, 1.5),
    "at least": (1.0, 2.0),
    "less than": (0.5, 1.0),
    "under": (0.5, 1.0),
}

_DURATION = re.compile(
    r"(?:(?P<approx>about|around|roughly|approximately|some|almost|nearly|barely|just|"
    r"more\s+than|over|at\s+least|less\s+than|under)\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d+)?|an?|[a-z]+(?:[- ][a-z]+)?)[- ]"
    r"(?P<unit>day|week|month|year|decade)s?\b",
    re.IGNORECASE,
)
#: Verbs whose object is time spent in custody; "spent" only with a prison word after it.
_SERVE_LEMMAS = frozenset({"serve"})
_SPEND_LEMMAS = frozenset({"spend"})
_CUSTODY_WORDS = frozenset({"prison", "jail", "bars", "custody", "penitentiary"})
#: "mother of two", "father of three": a parent noun with a count.
#: "the mother of three", "father of two sons"; "the father of a crime family" is no count,
#: so a word for one ("a", "one") needs a child noun after it.
_PARENT_OF = re.compile(
    r"\b(?:mother|father|parent|mom|dad)\s+of\s+(?P<n>[a-z]+|\d{1,2})\b(?P<rest>\s+\w+)?", re.I
)
_ONE_CHILD = re.compile(r"\s+(?:son|daughter|child|boy|girl|kid)\b", re.I)
#: Words that make "her two sons" a part of the family, not all of it.
_PARTIAL = frozenset({"youngest", "oldest", "eldest", "older", "younger", "other", "first"})

#: A source saying a show departs from what happened. General words of comparison, not
#: any story's words; re-check tests/test_reconcile.py when adding one.
DEPARTURE_CUES = re.compile(
    r"\b(?:(?:far |much |a lot )?(?:less|more) dramatic(?:ally)?|dramati[sz]ed|fabricated|"
    r"invented|embellished|exaggerat\w*|fictionali[sz]ed|took liberties|differently|"
    r"unlike (?:in )?the (?:show|series|film|movie)|not how it happened|never happened)\b",
    re.IGNORECASE,
)
_SHOW_WORDS = re.compile(r"\b(?:show|series|season|episode|film|movie)\b", re.IGNORECASE)
#: Word stems a sentence uses for an event, to tie a departure cue to the event it is about.
EVENT_STEMS: dict[str, tuple[str, ...]] = {
    "arrested": ("arrest", "captur", "detain", "detention", "apprehen"),
    "kidnapped": ("kidnap", "abduct"),
    "killed": ("kill", "murder", "assassinat"),
    "died": ("died", "death"),
    "escaped": ("escap", "fled", "flee"),
    "extradited": ("extradit",),
    "sentenced": ("sentenc",),
    "convicted": ("convict",),
    "imprisoned": ("imprison", "jailed"),
    "released": ("releas",),
    "married": ("marri", "wedding"),
    "body_found": ("body was found", "bodies were found"),
}

MentionOf = Callable[[Any], "int | None"]


def parse_duration(written: str) -> tuple[float, float] | None:
    """A length as written → (fewest, most) days it can mean; None when it is not one.

    "27 years" → 27 to 28 years (a count of whole years); "about a month" → 23 to 38 days.
    """
    m = _DURATION.search(written)
    if m is None:
        return None
    n_text = m.group("n").lower().replace("-", " ")
    try:
        n = float(n_text)
    except ValueError:
        n_val = count_value(n_text)
        if n_val is None:
            return None
        n = float(n_val)
    unit = UNIT_DAYS[m.group("unit").lower()]
    approx = " ".join((m.group("approx") or "").lower().split())
    if approx in APPROX_FACTORS:
        lo, hi = APPROX_FACTORS[approx]
        return n * unit * lo, n * unit * hi
    return n * unit, (n + 1) * unit if n >= 1 else n * unit * 2


def _duration_in(text: str) -> str | None:
    m = _DURATION.search(text)
    if m is None or parse_duration(m.group(0)) is None:
        return None
    return " ".join(m.group(0).split())


def _sentence_evidence(document: Document, sent: Any) -> Evidence:
    start, end = sent.start_char, sent.end_char
    text = document.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence.of(document, start, end)


def _subject_token(verb: Any) -> Any | None:
    """The subject of a verb, or of the clause it hangs from ("after serving ..., X was")."""
    t = verb
    for _ in range(3):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _clause_time(verb: Any, times: Sequence[TimeExpr], sent: Any) -> TimeExpr | None:
    """The date of the sentence the length is told in: "In 2017, after serving 27 years"."""
    dated = [
        t
        for t in times
        if sent.start_char <= t.start < sent.end_char
        and t.kind in ("date", "present")
        and t.span is not None
    ]
    if not dated:
        return None
    # the date nearest the verb: the sentence's own setting, not one in a later clause
    return min(dated, key=lambda t: abs(t.start - verb.idx))


def _served(
    sent: Any, times: Sequence[TimeExpr], mention_of: MentionOf
) -> Iterable[tuple[int, str, str, TimeExpr | None, bool]]:
    for tok in tokens(sent):
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        if lemma not in _SERVE_LEMMAS and lemma not in _SPEND_LEMMAS:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        objs = [c for c in tok.children if c.dep_ in ("dobj", "npadvmod")]
        for obj in objs:
            if obj.lemma_.lower() in SENTENCE_NOUNS:
                continue  # "is serving a 30-year sentence": its length, not time served
            phrase = doc_text(sent.doc)[obj.left_edge.idx : obj.idx + len(obj.text)]
            written = _duration_in(phrase)
            if written is None:
                continue
            if lemma in _SPEND_LEMMAS and not any(
                t.lower_ in _CUSTODY_WORDS for t in tok.subtree if t.i > obj.i
            ):
                continue
            subj = _subject_token(tok)
            mi = mention_of(subj) if subj is not None else None
            if mi is not None:
                yield mi, "served", written, _clause_time(tok, times, sent), False


def _missing(sent: Any, mention_of: MentionOf) -> Iterable[tuple[int, str, str, None, bool]]:
    for tok in tokens(sent):
        if tok.lower_ != "missing" or tok.dep_ not in ("acomp", "oprd", "xcomp", "ROOT"):
            continue
        verb = tok if tok.dep_ == "ROOT" else tok.head
        if any(c.dep_ == "neg" for c in (*verb.children, *tok.children)):
            continue
        tail = doc_text(sent.doc)[tok.idx + len(tok.text) : sent.end_char]
        m = re.match(r"\s+for\s+([^.;,]{1,40})", tail)
        if m is None:
            continue
        written = _duration_in(m.group(1))
        if written is None:
            continue
        subj = _subject_token(tok)
        mi = mention_of(subj) if subj is not None else None
        if mi is not None:
            yield mi, "missing", written, None, False


def _owner(poss: Any, mention_of: MentionOf) -> int | None:
    """Whose family "her three sons" is: with a pronoun, the subject of its own clause
    ("Mika moved back with her three sons"), which a he/she far back cannot outrank."""
    if poss.tag_ == "PRP$":
        verb = poss.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.tag_ not in ("PRP",):
            mi = mention_of(subj)
            if mi is not None:
                return mi
    return mention_of(poss)


def _shown_in_work(noun: Any, works: set[int]) -> bool:
    """ "her two sons on Narcos: Mexico": the family as a show has it."""
    for prep in noun.children:
        if (
            prep.dep_ == "prep"
            and prep.lower_ in ("on", "in")
            and any(c.idx in works for c in prep.children if c.dep_ == "pobj")
        ):
            return True
    return False


def _children_counts(
    sent: Any, mention_of: MentionOf, works: set[int]
) -> Iterable[tuple[int, str, int, None, bool]]:
    text = doc_text(sent.doc)
    stext = text[sent.start_char : sent.end_char]
    # "a widow and mother of two": the count belongs to the subject of the copula
    for m in _PARENT_OF.finditer(stext):
        n = count_value(m.group("n"))
        if n is None or n > 20:
            continue
        if n == 1 and not _ONE_CHILD.match(m.group("rest") or ""):
            continue  # "the father of a crime family"
        span = sent.doc.char_span(
            sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
        )
        if span is None:
            continue
        noun = span[0]
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        if noun.dep_ not in ("attr", "appos"):
            continue
        holder = (
            next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if noun.dep_ == "attr"
            else noun.head
        )
        mi = mention_of(holder) if holder is not None else None
        if mi is not None:
            yield mi, "children_count", n, None, False
    # "her three sons": a possessive, a count, a child noun and nothing between
    for tok in tokens(sent):
        if tok.lower_ not in CHILD_NOUNS or tok.tag_ not in ("NNS",):
            continue
        kids = list(tok.children)
        num = [c for c in kids if c.dep_ == "nummod"]
        poss = [c for c in kids if c.dep_ == "poss"]
        if len(num) != 1 or len(poss) != 1 or any(c.lower_ in _PARTIAL for c in kids):
            continue
        n = count_value(num[0].text)
        if n is None or n < 2 or n > 20:
            continue
        mi = _owner(poss[0], mention_of)
        if mi is not None:
            yield mi, "children_count", n, None, _shown_in_work(tok, works)


def _departures(
    sent: Any, mentions: Sequence[Mention], main_work: int | None
) -> Iterable[tuple[int, str, str, None, bool]]:
    """ "the arrest, which went far less dramatically in <work>": the work, and the event."""
    text = span_text(sent)
    if not DEPARTURE_CUES.search(text):
        return
    in_sent = [
        i
        for i, m in enumerate(mentions)
        if m.label == "work" and sent.start_char <= m.start < sent.end_char
    ]
    work = in_sent[0] if in_sent else (main_work if _SHOW_WORDS.search(text) else None)
    if work is None:
        return
    low = text.lower()
    for predicate, stems in EVENT_STEMS.items():
        if any(re.search(rf"\b{stem}", low) for stem in stems):
            yield work, "departs_from_reality", predicate, None, False


def _modality_of(predicate: str, sentence: Modality, shown: bool) -> Modality:
    """A sentence about the show that says the show departs is the source speaking of
    reality; "her two sons on <work>" is the show's family even in a plain sentence."""
    if predicate == "departs_from_reality":
        return "reality"
    return "depiction" if shown and sentence == "reality" else sentence


def _main_work(mentions: Sequence[Mention]) -> int | None:
    """The work a document names most: what "the show" means in it."""
    counts: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.label == "work":
            counts.setdefault(m.name, []).append(i)
    if not counts:
        return None
    return max(counts.values(), key=len)[0]


def extract_durations(
    sdoc: Any,
    document: Document,
    mentions: Sequence[Mention],
    times: Sequence[TimeExpr],
    modalities: Sequence[Modality],
    mention_of: MentionOf,
) -> list[LocalFact]:
    """`served`, `missing`, `children_count` and `departs_from_reality` facts, each citing
    its sentence.

    `modalities` is the sentence modality list `extract` computed (index = sentence), and
    `mention_of` its token → mention resolver (names, pronouns), so these facts are about
    the same people, and as real or as shown, as the document's other facts.
    """
    out: list[LocalFact] = []
    # work names by the offset of their first token, to see "her two sons on <work>"
    works = {m.start for m in mentions if m.label == "work"}
    main_work = _main_work(mentions)
    for si, sent in enumerate(sdoc.sents):
        if not span_text(sent).strip():
            continue
        modality: Modality = modalities[si] if si < len(modalities) else "reality"
        found: list[tuple[int, str, str | int, TimeExpr | None, bool]] = [
            *_served(sent, times, mention_of),
            *_missing(sent, mention_of),
            *_children_counts(sent, mention_of, works),
        ]
        found += _departures(sent, mentions, main_work)
        for mi, predicate, value, when, shown in found:
            wanted = "work" if predicate == "departs_from_reality" else "person"
            if mentions[mi].label != wanted:
                continue
            out.append(
                LocalFact(
                    subject=mi,
                    predicate=predicate,
                    modality=_modality_of(predicate, modality, shown),
                    evidence=_sentence_evidence(document, sent),
                    value=value,
                    time=when.span if when is not None else None,
                    rule=_RULES[predicate],
                    confidence=RULE_CONFIDENCE[_RULES[predicate]],
                )
            )
    return out


#: The `confidence.json` rule of each predicate found here.
_RULES = {
    "served": "duration:served",
    "missing": "duration:missing",
    "children_count": "duration:children-count",
    "departs_from_reality": "duration:departure",
}
