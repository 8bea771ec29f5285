"""Is a sentence about the show, about what happened, or somebody's account?

Read sentence by sentence, in order, the way a reader keeps track:

1. a sentence inside quotation marks, a bare that-clause ("That he rowed to Havana."), or
   one told on someone's word ("According to his memoir", "Word has it") is someone's
   account: `claim`;
2. a reality cue ("In reality", "the real-life", "Like in the show") makes it `reality`;
3. a depiction cue ("In the show", "Season 2", "the narrator") or a work as the subject of
   a telling verb ("Narcos: Mexico depicts ...") makes it `depiction`;
4. otherwise a sentence continues the scene set before it in the same paragraph: after
   "At the start of the show, ..." the next sentence ("By the end, she's a widow") is still
   about the show, unless it writes a year of its own (history is told with dates);
5. otherwise `reality`, except that a sentence opening with "In reality," turns the
   plain sentence just before it (same paragraph) into the show's version.

Facts inside the clause of a claim verb ("Gallardo claims he was not involved") are
`claim` whatever the sentence is; that is decided in `extract`, per fact.
"""

from __future__ import annotations

import re
from typing import Any

from .. import lexicon as lx
from ..mentions import paragraph_of
from ..model import Modality, TimeExpr
from ..nlp import doc_text, span_text, tokens

_QUOTE_OPEN = '“"'
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")  # a year or a decade ("the 1990s")

#: "At the start of Narcos", "by the end of the season": a point in a show's story, when
#: a work's name or a word for a show follows.
_STORY_POINTS = frozenset({"start", "end", "beginning", "finale"})


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """The sentence sits wholly inside a quotation that opened before it or at its start."""
    s = text[start:end].strip()
    if s[:1] in _QUOTE_OPEN:
        # '“Ace” Dorn was born in 1931', '"Blow" tells ...': a quoted name or title that
        # opens the sentence is no quotation
        close = min((i for i in (s.find("”", 1), s.find('"', 1)) if i > 0), default=-1)
        return close < 0 or len(s[close + 1 :].split()) < 2 or close > len(s) * 0.6
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    opened = before.count("“") - before.count("”")
    if '"' in before:
        opened += before.count('"') % 2
    return opened > 0


_CASTING_NOTE = re.compile(
    r"\((?:[^()]{0,20}\s)?(?:played|portrayed|voiced) by [^()]{1,80}\)"
    r"|\([^()]{0,40}\b(?:in|on) the (?:show|series|film|movie)\)"  # "(“Ford” in the show)"
)


def _main_text(sent: Any) -> str:
    """The sentence without relative clauses about casting ("whom X plays in the series"):
    saying who plays someone does not make the rest of the sentence about the show."""
    skip: set[int] = set()
    for tok in tokens(sent):
        if tok.dep_ == "relcl" and tok.lemma_ in lx.PORTRAYAL_VERBS:
            skip.update(t.i for t in tok.subtree)
    # "(played by Sal Orr in the series)": a casting note in brackets, likewise
    text = doc_text(sent.doc)
    for m in _CASTING_NOTE.finditer(text, sent.start_char, sent.end_char):
        skip.update(t.i for t in sent if m.start() <= t.idx < m.end())
    if not skip:
        return span_text(sent)
    return "".join(t.text_with_ws for t in sent if t.i not in skip)


def _hearsay(sent: Any) -> bool:
    """ "According to his memoir, ...", "according to Ortega's lawyer", "Word has it that
    ...": the sentence is told on someone's word."""
    for tok in tokens(sent):
        if tok.lower_ == "according" and tok.i + 2 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            obj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            owner = next((c for c in obj.children if c.dep_ == "poss"), None)
            if obj.lemma_.lower() in lx.ACCOUNT_NOUNS or obj.lower_ in lx.ACCOUNT_NOUNS:
                return True
            if owner is not None and (owner.pos_ in ("PRON", "PROPN") or owner.tag_ == "PRP$"):
                return True
        if (
            tok.lemma_ == "have"
            and any(c.dep_ == "nsubj" and c.lower_ in lx.HEARSAY_SUBJECTS for c in tok.children)
            and any(c.lower_ == "it" and c.dep_ in ("dobj", "nsubj") for c in tok.children)
        ):
            return True
    return False


def _reported_fragment(sent: Any) -> bool:
    """ "The stories he swears are true: That at 15 he robbed a train. That he rowed to
    Havana.": a sentence that is a bare that-clause is what someone before it said."""
    first = next((t for t in tokens(sent) if not t.is_punct), None)
    return (
        first is not None
        and first.lower_ == "that"
        and first.dep_ == "mark"
        and first.head.i == sent.root.i
    )


def _names_a_show(prep: Any, work_mentions: list[tuple[int, int]]) -> bool:
    """The object of "of" is a work's name or a word for a show ("the season")."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        if obj.lower_ in lx.WORK_CUES:
            return True
        return any(s <= t.idx < e for t in obj.subtree for s, e in work_mentions)
    return False


#: Openers that contrast a sentence with the one before ("In reality, he surrendered").
_CONTRAST_OPENERS = ("in reality", "in real life", "actually", "in fact")


def sentence_modalities(
    sdoc: Any, work_mentions: list[tuple[int, int]], times: list[TimeExpr]
) -> list[Modality]:
    """One modality per sentence of the spaCy doc, in order."""
    text = doc_text(sdoc)
    out: list[Modality] = []
    defaulted: list[bool] = []  # reality only because nothing said otherwise
    paras: list[int] = []
    prev_para = -1
    scene: Modality = "reality"
    for sent in sdoc.sents:
        para = paragraph_of(text, sent.start_char)
        if para != prev_para:
            scene = "reality"
            prev_para = para
        paras.append(para)
        low = _main_text(sent).lower()
        if (
            _inside_quotes(text, sent.start_char, sent.end_char)
            or _reported_fragment(sent)
            or _hearsay(sent)
        ):
            out.append("claim")
            defaulted.append(False)
            continue
        if any(cue in low for cue in lx.REALITY_CUES):
            # "In reality, ..." opening a sentence answers the sentence before it, which
            # therefore told the show's version (only in an article that names a work)
            if (
                low.lstrip().startswith(_CONTRAST_OPENERS)
                and out
                and defaulted[-1]
                and paras[-2] == para
                and work_mentions
            ):
                out[-1] = "depiction"
            scene = "reality"
            out.append("reality")
            defaulted.append(False)
            continue
        depiction = any(cue in low for cue in lx.DEPICTION_CUES)
        if not depiction:
            for tok in tokens(sent):
                if (
                    tok.dep_ in ("nsubj", "nsubjpass")
                    and tok.head.lemma_ in lx.WORK_VERBS
                    and (tok.head.dep_ in ("ROOT", "conj"))
                    and any(s <= tok.idx < e for s, e in work_mentions)
                ):
                    depiction = True
                    break
                if (
                    tok.lower_ == "in"
                    and any(s == tok.idx + len(tok.text) + 1 for s, e in work_mentions)
                    and tok.head.pos_ in ("VERB", "AUX", "ADV")
                ):
                    depiction = True
                    break
                if (
                    tok.lower_ == "of"
                    and tok.head.lower_ in _STORY_POINTS
                    and _names_a_show(tok, work_mentions)
                ):
                    depiction = True
                    break
        if depiction:
            scene = "depiction"
            out.append("depiction")
            defaulted.append(False)
            continue
        if scene == "depiction" and not _YEAR.search(span_text(sent)):
            out.append("depiction")
            defaulted.append(False)
            continue
        scene = "reality"
        out.append("reality")
        defaulted.append(True)
    return out
