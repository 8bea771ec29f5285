"""Names in one document: where they are, what they spell, and who they point back to.

spaCy's small model finds most names but cuts them badly ("Carrillo Fuentes" without
"Amado", "Mika" as a place, `Geneva “Mika` as a work title). So names are read as runs of
proper-noun tokens, with spaCy's entity labels only as votes, and typed from what stands
around them (role words, suffixes such as "Cartel", a show title's colon).

Then the document is read the way a reader does it: a later short form points back at the
fuller name it abbreviates (`Mention.antecedent`), with the rule that linked them:

* "Félix Gallardo" → "Miguel Ángel Félix Gallardo" (short form of one fuller name);
* "Kiki" or "Kiki Camarena" → Enrique “Kiki” Camarena (quoted nickname inside a name);
* "Camarena" → the person first introduced under that surname (news style: later bare
  surnames are the principal's; relatives go by first name), never a "Jr.";
* "Enrique" → the nearest earlier full name with that first name;
* “El Padrino” used as a subject, or “Lord of the Skies” after "nicknamed" → the person
  just named.

Cross-document identity is `resolve`'s job; this module never looks past its document.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from . import lexicon as lx
from .model import Document, EntityType, Mention
from .nlp import doc_text, tokens

#: spaCy labels → our types, as votes.
SPACY_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "WORK_OF_ART": "work",
    "NORP": "other",
    "EVENT": "other",
    "PRODUCT": "other",
    "LAW": "work",
}

#: "X stars as Y", "X plays Y": the words after an actor's name, whatever the tagger says.
_ACTOR_CLAUSE = re.compile(
    r"\s+(?:also\s+)?(?:stars|starred|plays|played|portrays|portrayed)\s+(?:as\s+)?[A-Z]"
)

#: Plural articles that open a group's name ("Los Pepes", "Las Tres Marías").
_PLURAL_ARTICLES = frozenset({"los", "las"})

#: spaCy labels of names that are not people: a role word that opens one is part of it.
_NAMED_THING_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW"})

#: A line is a headline (no names taken from it) when it has no sentence-ending punctuation
#: and at least this share of its words are capitalised, over at least 4 words.
HEADLINE_CAPITAL_SHARE = 0.7

# a name word: an initial ("S.") or a word without full stops ("Sackler. In" is two sentences)
_NAMEWORD = r"(?:[A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ]\.|[A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ][\w'’\-]*)"
#: Capitalised words that open a sentence, never a name: 'In “Dopesick,” Sackler' is a title.
_OPENERS = frozenset(
    {"in", "at", "on", "the", "a", "an", "when", "after", "before", "as", "for", "with", "from"}
    | {"by", "of", "and", "but", "to", "while", "since", "during", "like", "unlike", "then"}
)
_NICK_IN_NAME = re.compile(
    rf"(?P<first>{_NAMEWORD}(?:[ \t]+{_NAMEWORD}){{0,3}})[ \t]+"
    rf"(?:[“\"](?P<nick>[A-Z][^”\"\n]{{0,30}}?)[”\"]|[‘'](?P<nick1>[A-Z][^’'\n]{{0,30}}?)[’'])"
    rf"[ \t]+(?P<last>{_NAMEWORD}(?:[ \t]+{_NAMEWORD}){{0,2}})"
)
_QUOTED = re.compile(
    r"[“\"](?P<q>[A-Z][\w’'.\-]*(?:[ \t]+(?:[A-Z][\w’'.\-]*|of|the|de|del|la|el|y)){0,5})[”\"]"
)
_QUOTE_MARKS = frozenset({"“", "”", '"', "‘", "’", "'"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")
_SENT_END = re.compile(r"[.!?:;”\"’')\]]\s*$")


#: Names repeat across a corpus (one surname in thousands of mentions), so the normalized
#: forms are cached; the bound keeps memory flat on a corpus of any size.
NAME_CACHE_SIZE = 1 << 15


@lru_cache(maxsize=NAME_CACHE_SIZE)
def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for comparing names."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s.casefold())
    return " ".join(s.split())


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_tokens(name: str) -> tuple[tuple[str, ...], str]:
    """Normalized name words without a generational suffix, and that suffix ("" if none)."""
    words = normalize_name(name).split()
    suffix = ""
    if words and words[-1] in {s.rstrip(".") for s in lx.NAME_SUFFIXES}:
        suffix = words.pop()
    return tuple(words), suffix


def clean_name(text: str) -> str:
    """A mention's text as a name: no possessive, no surrounding quotes or spaces."""
    s = text.strip().strip("“”\"'‘’").strip()
    s = re.sub(r"(?:['’]s|['’])$", "", s)
    return s.strip().rstrip(",")


@dataclass
class _Candidate:
    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int
    kind: str  # "nick-name" | "title" | "run" | "colon-title" | "quoted"
    votes: Counter[EntityType] = field(default_factory=Counter)
    cues: set[str] = field(default_factory=set)
    nickname: str | None = None
    name: str = ""
    label: EntityType = "other"
    strong: bool = False  # type fixed by the name's own words


#: A line of capitals that casts or captions ("Starring A, B and C", "A as B in Show") is
#: read for its names, not dropped as a headline.
_CAST_OPENING = re.compile(r"^\s*(?:starring|cast:)\s", re.IGNORECASE)
_CAST_WORDS = re.compile(r"\s(?:as|plays|played by|stars as)\s")  # lower case: not a title's


def _is_headline(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", line)]
    if not words or _SENT_END.search(line):
        return False
    if len(words) < 4:  # "Spoilers ahead", "The Real Story": a section's heading
        return any(w.lower() in lx.SECTION_WORDS for w in words)
    if _CAST_OPENING.search(line) or _CAST_WORDS.search(line):
        return False
    if line.split(":", 1)[0].strip().lower() in lx.FIELD_LABELS:
        return False  # "Bio: Michael Peterson's Second Wife", a fact sheet's field
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= HEADLINE_CAPITAL_SHARE


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if _is_headline(line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _name_token(tok: Any) -> bool:
    return bool(tok.tag_ in ("NNP", "NNPS") and tok.text[:1].isupper())


def _runs(sdoc: Any) -> list[tuple[int, int]]:
    """Maximal runs of proper-noun tokens, joined over particles and tight hyphens.

    A surname the small model tags as a common noun where it opens a sentence ("Jobs
    welcomed...", tagged NNS) still counts when the document writes it as the last word of
    a person's full name elsewhere.
    """
    surnames = {ent[-1].text for ent in sdoc.ents if ent.label_ == "PERSON" and len(ent) >= 2}
    toks = tokens(sdoc)
    runs = _find_runs(toks, surnames)
    # "Pablo Mendes fled Cuba. Mendes requested shelter": a two-word name spaCy left out of
    # its entities gives its surname too, unless it reads like a thing's ("the Harbor Times")
    more = {
        toks[j - 1].text
        for i, j in runs
        if j - i >= 2
        and all(t.ent_type_ in ("", "PERSON") for t in toks[i:j])
        and (i == 0 or toks[i - 1].lower_ != "the")
        and toks[i].lower_ not in lx.DEMONYMS  # "Somali Pirates"
    } - surnames
    if any(t.text in more and t.tag_ in ("NN", "NNS") for t in toks):
        runs = _find_runs(toks, surnames | more)
    return runs


def _find_runs(toks: list[Any], surnames: set[str]) -> list[tuple[int, int]]:
    """`_runs` with the given surnames counted as name words."""

    def name_token(tok: Any) -> bool:
        return _name_token(tok) or (
            tok.text in surnames and tok.tag_ in ("NN", "NNS") and tok.text[:1].isupper()
        )

    def inside_entity(tok: Any) -> bool:
        """ "Wagner Moura" with "Moura" tagged NN: a capitalised word spaCy keeps inside
        the entity the run is in continues the name."""
        return bool(
            tok.ent_iob_ == "I"
            and tok.text[:1].isupper()
            and tok.tag_ in ("NN", "NNS", "JJ")
            and not tok.is_sent_start
        )

    runs: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if not name_token(toks[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            tok = toks[j]
            if tok.is_sent_start:
                break
            if name_token(tok) or inside_entity(tok):
                j += 1
                continue
            nxt = toks[j + 1] if j + 1 < n else None
            joins = nxt is not None and name_token(nxt) and not nxt.is_sent_start
            if joins and tok.text == "-" and not toks[j - 1].whitespace_ and not tok.whitespace_:
                j += 2
                continue
            if joins and tok.lower_ in lx.NAME_PARTICLES and tok.text.islower():
                j += 2
                continue
            if joins and tok.text.islower() and _inside_named_thing(tok, nxt):
                j += 2  # "Federal Bureau of Investigation": spaCy's one organization
                continue
            break
        runs.append((i, j))
        i = j
    return runs


#: Lower-case words that may stand inside an organization's or a place's name.
_NAME_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de", "del"})


def _inside_named_thing(tok: Any, nxt: Any) -> bool:
    """A connector word inside one organization or place entity of spaCy's, before another
    word of it ("Bureau of Investigation", "Department of Justice")."""
    return bool(
        tok.lower_ in _NAME_CONNECTORS
        and tok.ent_iob_ == "I"
        and tok.ent_type_ in _NAMED_THING_LABELS
        and nxt.ent_iob_ == "I"
        and nxt.ent_type_ == tok.ent_type_
    )


def _strip_roles(sdoc: Any, start: int, end: int, cues: set[str]) -> int:
    """Move a run's start past role words and acronyms written before the name proper."""
    start = _past_a_titled_office(sdoc, start, end, cues)
    while start < end - 1:
        tok = sdoc[start]
        low = tok.lower_
        opens = tok.ent_iob_ == "B" or (
            tok.ent_iob_ == "I" and tok.i > 0 and sdoc[tok.i - 1].lower_ == "the"
        )  # "General Motors", "the Federal Bureau": the word opens a longer name
        if (
            opens
            and tok.ent_type_ in _NAMED_THING_LABELS
            and sdoc[start + 1].ent_iob_ == "I"
            and (tok.ent_iob_ == "B" or low not in lx.DEMONYMS)
        ):
            break
        if low == "the":
            cues.add("det:the")  # "the Herald", "The Act": a thing's name, or a nickname's
            start += 1
        elif _title_word(low):
            cues.add(f"role:{low}")
            start += 1
        elif low in lx.NAME_QUALIFIERS and end - start > 2:
            start += 1  # a heading's "The Real Oskar Schindler": the name is the rest
        elif (
            # spaCy's NORP alone is no demonym before a lone surname: "Christian Bale"
            (low in lx.DEMONYMS or (tok.ent_type_ == "NORP" and end - start > 2))
            and _name_token(sdoc[start + 1])
            and sdoc[end - 1].lower_ not in lx.ORG_SUFFIXES  # "the Irish Mob" is one name
        ):
            cues.add(f"nationality:{low}")  # "Colombian Griselda Blanco"
            start += 1
        elif (
            _ACRONYM.match(tok.text)
            and _name_token(sdoc[start + 1])
            and not _initials_of_a_name(tok, sdoc[start + 1])
        ):
            cues.add(f"org-before:{tok.text}")
            start += 1
        else:
            break
    return start


def _past_a_titled_office(sdoc: Any, start: int, end: int, cues: set[str]) -> int:
    """ "San Francisco Supervisor Harvey Milk", "KKK Grand Wizard David Duke": a place or an
    organization, a capitalised title, then the name. The name starts after the last title
    word when what follows is a person's name (two words, or spaCy's PERSON)."""
    last = None
    for k in range(start + 1, end - 1):
        tok = sdoc[k]
        if tok.text[:1].isupper() and _title_word(tok.lower_):
            last = k
    if last is None:
        return start
    rest = sdoc[last + 1 : end]
    if rest[-1].lower_ in lx.ORG_SUFFIXES or any(_title_word(t.lower_) for t in rest):
        return start
    if len(rest) < 2 and not all(t.ent_type_ == "PERSON" for t in rest):
        return start
    cues.add(f"role:{sdoc[last].lower_}")
    cues.add(f"org-before:{sdoc[start:last].text}")
    return last + 1


def _initials_of_a_name(tok: Any, nxt: Any) -> bool:
    """ "O.J. Simpson", "J.R. Ewing": dotted initials before a surname are a first name, not
    an organization ("DEA agent", "U.S. Marshal" are not)."""
    return bool(
        "." in tok.text
        and tok.lower_ not in lx.PLACE_ACRONYMS
        and normalize_name(tok.text) not in lx.MEDIA_ORGANIZATIONS
        and nxt.lower_ not in lx.ROLE_WORDS
    )


def _person_entity_ending_at(sdoc: Any, end: int) -> int | None:
    """Where the PERSON entity that ends at token `end` starts, read off the tokens' IOB
    tags (walking `sdoc.ents` for every run of capitals cost a scan of the document each)."""
    last = sdoc[end - 1]
    if last.ent_type_ != "PERSON" or (end < len(sdoc) and sdoc[end].ent_iob_ == "I"):
        return None
    i = end - 1
    while i > 0 and sdoc[i].ent_iob_ == "I":
        i -= 1
    return int(i)


def _split_at_title(sdoc: Any, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """ "Apple Inc. CEO Steve Jobs", "Chrysler LLC Jim Press": an organization, a title and a
    person written as one run of capitals are two names. The cut is made only where spaCy
    reads the end of the run as a person and a role word or an organization suffix stands
    right before it; the person part keeps the role word (stripped later as a cue)."""
    if kind != "run":
        return [(start, end, kind)]
    person_start = _person_entity_ending_at(sdoc, end)
    if person_start is None or not start < person_start < end:
        return [(start, end, kind)]
    roles = [k for k in range(start, person_start) if sdoc[k].lower_ in lx.ROLE_WORDS]
    if roles:
        cut = roles[0]
    elif sdoc[person_start - 1].lower_.rstrip(".") in lx.ORG_SUFFIXES:
        cut = person_start
    else:
        return [(start, end, kind)]
    pieces = [(start, cut, kind)] if cut > start else []
    return [*pieces, (cut, end, kind)]


def _no_name_word(low: str) -> bool:
    """A capitalised word that names nobody alone: a demonym, singular or plural
    ("Colombians", "a Texan"), or a common noun (`lexicon.COMMON_NOUNS`)."""
    return (
        low in lx.COMMON_NOUNS
        or low in lx.DEMONYMS
        or (low.endswith("s") and low[:-1] in lx.DEMONYMS)
    )


def _title_word(low: str) -> bool:
    """A role word or an abbreviated title ("captain", "capt.", "sgt") written before a name."""
    return low in lx.ROLE_WORDS or low.rstrip(".") in lx.TITLE_ABBREVIATIONS


#: One capitalised word of these names no one alone after a determiner (`_not_a_name_alone`).
_ALONE_NO_NAME = lx.ROLE_WORDS | lx.OCCUPATION_WORDS | lx.TITLE_ABBREVIATIONS


def _not_a_name_alone(sdoc: Any, i: int, surnames: set[str]) -> bool:
    """One capitalised word that names no one: a lone letter ("the A's", a list's "B."), an
    abbreviated title ("Capt.", "Sgt"), or a role after a determiner or a possessive ("the
    Captain tells the Officer", "his Father"). Without one a role word may be a name (the
    band Queen, the singer Prince); a word the document also writes as a person's surname
    ("Stephen King ... King said") is one."""
    tok = sdoc[i]
    low, bare = tok.lower_, tok.lower_.rstrip(".")
    if len(bare) <= 1:
        return True
    if low in surnames or bare not in _ALONE_NO_NAME:
        return False
    if bare in lx.TITLE_ABBREVIATIONS:
        return True
    prev = sdoc[i - 1] if i > 0 else None
    return prev is not None and (prev.dep_ in ("det", "poss") or prev.tag_ in ("DT", "PRP$"))


def _names_an_organization(sdoc: Any, end: int) -> bool:
    """The lower-case word after a run is an organization noun the run's last word modifies
    ("the Cali cartel", "the Tulsa police")."""
    noun, last = sdoc[end], sdoc[end - 1]
    return bool(
        noun.text.islower()
        and noun.lower_ in lx.ORG_HEAD_NOUNS
        and last.dep_ == "compound"
        and last.head.i == noun.i
    )


def _org_phrase_after(sdoc: Any, end: int) -> bool:
    """Two lower-case words after a run that make it an organization ("crime family")."""
    a, b = sdoc[end], sdoc[end + 1]
    return bool(
        a.text.islower() and b.text.islower() and (a.lower_, b.lower_) in lx.ORG_HEAD_PHRASES
    )


def _field_label(sdoc: Any, start: int, end: int) -> bool:
    """Tokens `start:end` open a line and are a fact sheet's field label before a colon."""
    first = sdoc[start]
    return bool(
        end < len(sdoc)
        and sdoc[end].text == ":"
        and (first.i == 0 or "\n" in sdoc[first.i - 1].text_with_ws or first.is_sent_start)
        and (
            sdoc[start:end].text.lower() in lx.FIELD_LABELS
            or sdoc[start:end].text.lower().rstrip(".") in lx.CREDIT_LABELS
        )
    )


def _record_heads(text: str, cands: list[_Candidate]) -> None:
    """A name alone on its line, with a field line ("Born: ...") right under it, heads a
    fact sheet's record: a person."""
    for c in cands:
        line_start = text.rfind("\n", 0, c.start) + 1
        line_end = text.find("\n", c.end)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start : c.start].strip() or text[c.end : line_end].strip():
            continue
        nxt = text[line_end + 1 : line_end + 40].split("\n", 1)[0]
        label = nxt.split(":", 1)[0].strip().lower() if ":" in nxt else ""
        if label in lx.FIELD_LABELS:
            c.cues.add("record-head")


def _inside_brackets(sdoc: Any, c: _Candidate) -> bool:
    """The name stands inside a bracket pair of its sentence, after another word: "(Ray
    Liotta and Rachel Griffiths)"."""
    depth, closes = _brackets(sdoc)
    return depth[c.tok_start] > 0 and c.tok_end < len(sdoc) and closes[c.tok_end - 1]


def _brackets(sdoc: Any) -> tuple[list[int], list[bool]]:
    """Per token: how many brackets are open before it in its sentence, and whether a ")"
    follows it in its sentence. Read once per document (a scan per name cost 1% of a build)."""
    cached: tuple[list[int], list[bool]] | None = sdoc.user_data.get("leyenda_brackets")
    if cached is None:
        depth: list[int] = []
        closes: list[bool] = []
        for sent in sdoc.sents:
            open_, seen_close = 0, False
            for t in tokens(sent):
                depth.append(open_)
                if t.text == "(":
                    open_ += 1
                elif t.text == ")" and open_:
                    open_ -= 1
            for t in reversed(tokens(sent)):
                closes.append(seen_close)
                seen_close = seen_close or t.text == ")"
            closes[len(closes) - len(sent) :] = closes[len(closes) - len(sent) :][::-1]
        cached = sdoc.user_data["leyenda_brackets"] = (depth, closes)
    return cached


def _split_at_alias(sdoc: Any, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """ "Luis Ortega Ramos AKA El Flaco": a name, an alias marker and another name written
    as one run of capitals are two names, the second the first's alias."""
    if kind != "run":
        return [(start, end, kind)]
    for k in range(start + 1, end - 1):
        if sdoc[k].lower_.rstrip(".") in lx.ALIAS_MARKERS:
            return [(start, k, kind), (k + 1, end, "alias")]
    return [(start, end, kind)]


def _after_alias_words(sdoc: Any, start: int) -> bool:
    """The name follows "aka", "alias" or "(also|better) known as": it is another name of
    the person just named."""
    before = [t.lower_.rstrip(".") for t in sdoc[max(0, start - 3) : start]]
    if before and before[-1] in lx.ALIAS_MARKERS:
        return True
    if len(before) == 3 and before[1:] == ["known", "as"] and before[0] in ("also", "better"):
        return True
    return _or_as_known(sdoc, start)


def _or_as_known(sdoc: Any, start: int) -> bool:
    """ "Albert (or Bertie as he was known)", "Albert, or Bertie as his family called him":
    a name after "or" that an "as ... known/called" clause follows is the other name of the
    one before, never a second person."""
    if start < 2 or sdoc[start - 1].lower_ != "or" or sdoc[start - 2].text not in ("(", ","):
        return False
    k = start
    while k < len(sdoc) and sdoc[k].pos_ == "PROPN":
        k += 1
    after = [t.lower_ for t in sdoc[k : k + 6]]
    return bool(after) and after[0] == "as" and any(w in lx.ALIAS_CLAUSE_VERBS for w in after[1:])


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Works' titles ------------------------------------------------------------------------------
# A title is a run of capitalised words that may hold small lower-case words ("Killers of the
# Flower Moon", "Ford v. Ferrari"), which the proper-noun runs cut into pieces typed apart
# ("Killers" an organization, "Flower Moon" a person). It is known by what stands around it
# somewhere in the document or its title (`lexicon.TITLE_*`); then every use of it is the work,
# except where the title is also a person's name ("Oppenheimer", "Erin Brockovich"): there only
# the uses with such a context are.

_TITLE_CAP = r"[A-Z0-9ÁÉÍÓÚÑÜÀÈÌÒÙÇ]"
_TITLE_WORD = rf"{_TITLE_CAP}[\w&\-]*(?:['’](?!s\b)\w+)?"
_TITLE_SMALL = r"(?:of|the|a|an|and|in|on|at|to|for|from|with|v\.?|vs\.?|&)"
_TITLE = rf"(?P<t>{_TITLE_WORD}(?:[ \t]+(?:{_TITLE_SMALL}[ \t]+)*{_TITLE_WORD}){{0,7}})"
_ARTICLES = frozenset({"the", "a", "an"})


def _alternatives(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])


_TITLE_LEAD = re.compile(
    r"(?<=[\w,’'][ \t])(?P<lead>(?i:"
    + _alternatives(lx.TITLE_NOUNS | set(lx.TITLE_LEAD_PHRASES))
    + r"))"
    r"(?:[ \t]+|[ \t]*,?[ \t]*[“\"‘'])(?:(?:the|The)[ \t]+)?" + _TITLE
)
_TITLE_FOLLOW = re.compile(
    _TITLE
    + r"[”\"’']?[ \t]*(?:\((?:19|20)\d\d\)|,?[ \t]+(?i:"
    + _alternatives(lx.TITLE_FOLLOW_PHRASES)
    # "X stars as", "X starred in" are an actor's; "X opened in theaters in 2019" is a work's
    + r")\b(?:(?<=theaters)|(?<=theatres)|(?<=cinemas)"
    + r"|(?![ \t]+(?:as|in|alongside|opposite|with|on)\b))"
    + r"|,?[ \t]+(?:is|was)[ \t]+an?[ \t]+(?:[\w-]+[ \t]+){0,5}?(?i:"
    + _alternatives(lx.TITLE_NOUNS)
    + r")\b)"
)

_TITLE_QUOTED_FOLLOW = re.compile(
    r"(?<=[“\"‘])"
    + _TITLE
    + r"[”\"’],?[ \t]+(?i:"
    + _alternatives(lx.TITLE_QUOTED_FOLLOW_PHRASES)
    + r")\b"
)


def _title_key(title: str) -> tuple[str, ...]:
    words = [w.lower().rstrip(".") for w in title.split()]
    words = ["v" if w in ("v", "vs") else w for w in words]
    while words and (words[0] in _ARTICLES or words[0] in _OPENERS):
        words.pop(0)  # "When Narcos premiered": a sentence's first word is not the title's
    return tuple(words)


def _title_pattern(key: tuple[str, ...]) -> re.Pattern[str]:
    parts = [r"(?:v\.?|vs\.?)" if w == "v" else re.escape(w) for w in key]
    return re.compile(r"(?<![\w’'])" + r"\s+".join(parts) + r"(?![\w-])", re.IGNORECASE)


def _work_titles(sdoc: Any, text: str, doc_title: str) -> list[tuple[int, int, str]]:
    """Where the document names a work by its title: (start, end, title) for each use."""
    found: dict[tuple[str, ...], str] = {}  # title key → the title as first written
    cued: set[tuple[int, int]] = set()  # uses of a title with their own context
    for source, base in ((text, 0), (doc_title, None)):
        for rx in (_TITLE_LEAD, _TITLE_FOLLOW, _TITLE_QUOTED_FOLLOW):
            for m in rx.finditer(source):
                title = m.group("t")
                key = _title_key(title)
                if not _may_be_title(sdoc, source, m, key, base is not None):
                    continue
                found.setdefault(key, " ".join(title.split()[len(title.split()) - len(key) :]))
                if base is not None:
                    cued.add((m.start("t"), m.end("t")))
    if not found:
        return []
    people = [
        tuple(normalize_name(ent.text).split()) for ent in sdoc.ents if ent.label_ == "PERSON"
    ]
    out: list[tuple[int, int, str]] = []
    for key, title in found.items():
        norm = tuple(normalize_name(title).split())
        # a title with small words ("Ford v Ferrari") is no one's name, whatever spaCy says
        personal = not any(w in _TITLE_SMALL_WORDS for w in key) and any(
            p and (is_subname(norm, p) or norm == p) for p in people
        )
        for m in _title_pattern(key).finditer(text):
            s, e = m.span()
            if not text[s].isupper() and not text[s].isdigit():
                continue
            if text[s:e] != text[s:e].upper() and not all(
                w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in text[s:e].split()
            ):
                continue
            nxt = re.match(r"[ \t]+(\w+)", text[e : e + 20])
            if nxt and nxt.group(1).lower() in lx.TITLE_MODIFIED_NOUNS:
                continue  # "the Spotlight team": the group named after it
            local = any(cs <= s and e <= ce for cs, ce in cued) or _quoted_at(text, s, e)
            if personal and not local:
                continue
            out.append((s, e, title))
    return out


def _may_be_title(
    sdoc: Any, source: str, m: re.Match[str], key: tuple[str, ...], body: bool
) -> bool:
    """What the context found can be a title: not a year, a weekday or a pronoun opening a
    sentence ("It is a dramatization"), not a word that only names something else ("the
    Hinkley case"), and in capitalised headline writing ("What The Movie Changed", "Film
    Festival") more than one word."""
    if not key or all(w in _TITLE_SMALL_WORDS for w in key):
        return False
    if key[0][:1].isdigit() or all(w in lx.NOT_NAMES for w in key):
        return False
    nxt = re.match(r"[”\"’']?[ \t]+(\w+)", source[m.end("t") : m.end("t") + 20])
    if nxt and nxt.group(1).lower() in lx.TITLE_MODIFIED_NOUNS:
        return False
    lead = m.groupdict().get("lead")
    if len(key) == 1 and lead is not None and lead[:1].isupper():
        return False
    if len(key) == 1 and body and not _quoted_at(source, m.start("t"), m.end("t")):
        span = sdoc.char_span(m.start("t"), m.end("t"), alignment_mode="expand")
        if span is None or span[0].tag_ not in ("NNP", "NNPS"):
            return False  # "It", "This": a sentence's first word, not a name
    return True


_TITLE_SMALL_WORDS = frozenset(
    {"of", "the", "a", "an", "and", "in", "on", "at", "to", "for", "from", "with", "v", "vs", "&"}
)


def _quoted_at(text: str, s: int, e: int) -> bool:
    return text[s - 1 : s] in ("“", '"', "‘") and text[e : e + 1] in ("”", '"', "’", ",", ".")


def _candidates(sdoc: Any, text: str, doc_title: str = "") -> list[_Candidate]:
    headlines = _headline_ranges(text)

    def in_headline(s: int, e: int) -> bool:
        return any(_overlaps((s, e), h) for h in headlines)

    cands: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    # "Stephen King ... King said": a common noun that is a person's surname here is a name
    surnames = {ent[-1].lower_ for ent in sdoc.ents if ent.label_ == "PERSON" and len(ent) >= 2}

    def span_tokens(s: int, e: int) -> tuple[int, int] | None:
        span = sdoc.char_span(s, e, alignment_mode="expand")
        return (span.start, span.end) if span is not None else None

    # 1. names with a quoted nickname inside: Enrique “Kiki” Camarena
    for m in _NICK_IN_NAME.finditer(text):
        first_words = m.group("first").split()
        nick = m.group("nick") or m.group("nick1")  # “Kiki” or ‘Robby’
        if first_words[0].lower() in _OPENERS or nick.rstrip()[-1:] in ",.;:!?":
            continue  # 'In “Dopesick,” Sackler': a title in quotes, not a nickname
        skip = 0
        cues: set[str] = {"nickname-in-name"}
        while skip < len(first_words) - 1 and (
            first_words[skip].lower() == "the" or _title_word(first_words[skip].lower())
        ):
            cues.add(f"role:{first_words[skip].lower()}")
            skip += 1
        first = " ".join(first_words[skip:])
        if first.lower() in lx.ROLE_WORDS:
            continue
        start = m.start("first") + m.group("first").find(first)
        end = m.end("last")
        last = m.group("last")
        # the last name ends at the first word that is a role or a sentence-initial capital
        if in_headline(start, end):
            continue
        toks = span_tokens(start, end)
        if toks is None:
            continue
        c = _Candidate(start, end, toks[0], toks[1], "nick-name", cues=cues)
        c.nickname = nick.strip()
        c.name = f"{first} {clean_name(last)}"
        c.label, c.strong = "person", True
        cands.append(c)
        taken.append((start, end))

    # 2. works' titles, found by what stands around them
    for ts, te, title in _work_titles(sdoc, text, doc_title):
        if any(_overlaps((ts, te), t) for t in taken) or in_headline(ts, te):
            continue
        toks = span_tokens(ts, te)
        if toks is None:
            continue
        c = _Candidate(ts, te, toks[0], toks[1], "title", cues={"title", "work-context"})
        c.name, c.label, c.strong = title, "work", True
        cands.append(c)
        taken.append((ts, te))

    # 3. proper-noun runs, and "Title: Subtitle" works
    runs = _runs(sdoc)
    merged: list[tuple[int, int, str]] = []
    k = 0
    while k < len(runs):
        s, e = runs[k]
        if k + 1 < len(runs):
            s2, e2 = runs[k + 1]
            colon = sdoc[e] if e < len(sdoc) else None
            if (
                colon is not None
                and colon.text == ":"
                and not _field_label(sdoc, s, e)
                and e + 1 == s2
                and not sdoc[e - 1].whitespace_
                and e - s <= 4
                and e2 - s2 <= 4
            ):
                merged.append((s, e2, "colon-title"))
                k += 2
                continue
        merged.append((s, e, "run"))
        k += 1
    merged = [piece for run in merged for piece in _split_at_title(sdoc, run[0], run[1], run[2])]
    merged = [piece for run in merged for piece in _split_at_alias(sdoc, *run)]
    for s, e, kind in merged:
        if _field_label(sdoc, s, e):
            continue  # "Born: March 3": the label of a field line
        cues = set()
        if kind == "alias" or (kind == "run" and _after_alias_words(sdoc, s)):
            cues.add("alias")
            kind = "run"
        if kind == "run":
            s = _strip_roles(sdoc, s, e, cues)
        while e > s and sdoc[e - 1].tag_ == "POS":
            e -= 1
        if e <= s:
            continue
        while kind == "run" and e - s > 1 and sdoc[e - 1].lower_ in lx.TRAILING_ROLE_WORDS:
            cues.add(f"role:{sdoc[e - 1].lower_}")
            e -= 1
        if kind == "run" and all(t.lower_ in lx.NOT_NAMES for t in sdoc[s:e]):
            continue
        if kind == "run" and sdoc[s].lower_ == "best" and sdoc[e - 1].lower_ in lx.AWARD_WORDS:
            continue  # "Best Picture", "Best Adapted Screenplay": an award's category
        low = sdoc[s].lower_
        if kind == "run" and e - s == 1 and low not in surnames and _no_name_word(low.rstrip(".")):
            continue
        if kind == "run" and e - s == 1 and _not_a_name_alone(sdoc, s, surnames):
            continue  # "the Captain tells the Officer", "joined the A's": no name is written
        if kind == "run" and e < len(sdoc) and _names_an_organization(sdoc, e):
            e += 1  # "the Cali cartel": the name and the lower-case noun are one organization
        elif kind == "run" and e + 1 < len(sdoc) and _org_phrase_after(sdoc, e):
            e += 2  # "the Gambino crime family"
        cstart, cend = sdoc[s].idx, sdoc[e - 1].idx + len(sdoc[e - 1].text)
        if any(_overlaps((cstart, cend), t) for t in taken) or in_headline(cstart, cend):
            continue
        c = _Candidate(cstart, cend, s, e, kind, cues=cues)
        c.name = clean_name(text[cstart:cend])
        if not c.name:
            continue
        cands.append(c)

    # 4. quoted nicknames standing alone: “El Padrino”, “Lord of the Skies”
    for m in _QUOTED.finditer(text):
        qs, qe = m.start("q"), m.end("q")
        if any(
            _overlaps((qs, qe), (c.start, c.end)) and c.kind in ("nick-name", "title")
            for c in cands
        ):
            continue
        if in_headline(qs, qe):
            continue
        toks = span_tokens(qs, qe)
        if toks is None:
            continue
        # replace runs inside the quotes
        cands = [c for c in cands if not (c.kind == "run" and qs <= c.start and c.end <= qe)]
        c = _Candidate(qs, qe, toks[0], toks[1], "quoted", cues={"quoted"})
        c.name = clean_name(m.group("q"))
        before = text[max(0, m.start() - 25) : m.start()].lower().split()
        if any(w.strip(",") in lx.NICKNAME_TRIGGERS for w in before[-3:]):
            c.cues.add("nicknamed")
        head = sdoc[toks[1] - 1]
        if head.dep_ in ("nsubj", "nsubjpass"):
            c.cues.add("subject")
        if "nicknamed" in c.cues or "subject" in c.cues:
            cands.append(c)
    cands.sort(key=lambda c: c.start)

    # spaCy votes: an entity roughly inside the candidate
    for ent in sdoc.ents:
        label = SPACY_TYPES.get(ent.label_)
        if label is None:
            continue
        for c in cands:
            if (
                ent.start_char >= c.start - 4
                and ent.end_char <= c.end + 3
                and _overlaps((ent.start_char, ent.end_char), (c.start, c.end))
            ):
                c.votes[label] += 1
    return cands


def _context_cues(sdoc: Any, c: _Candidate) -> None:
    """Words around a name that tell its type: role nouns, ages, portrayal verbs."""
    toks = tokens(sdoc)
    prev = toks[c.tok_start - 1] if c.tok_start > 0 else None
    if prev is not None and prev.lower_ in lx.ROLE_WORDS and prev.pos_ in ("NOUN", "PROPN"):
        c.cues.add(f"role:{prev.lower_}")
    if prev is not None and prev.lower_ == "old" and c.tok_start >= 2:
        c.cues.add("age")
    if prev is not None and prev.lower_ == "the":
        c.cues.add("det:the")
    if c.tok_start >= 2 and (toks[c.tok_start - 1].text == "(" or _inside_brackets(sdoc, c)):
        c.cues.add("in-parens")
    # "based on the real Z", "the real-life detective Z", "the fictional Y"
    q = c.tok_start - 1
    while q > 0 and toks[q].lower_ in lx.ROLE_WORDS | lx.OCCUPATION_WORDS:
        q -= 1
    if q >= 0 and toks[q].lower_ in lx.NAME_QUALIFIERS:
        c.cues.add("said-real")
    elif q >= 0 and toks[q].lower_ in lx.FICTION_QUALIFIERS:
        c.cues.add("said-fictional")
    window = toks[max(0, c.tok_start - 3) : c.tok_start]
    role_of = [t.lower_ for t in toks[max(0, c.tok_start - 2) : c.tok_start]] == ["role", "of"]
    if role_of or any(t.lemma_ in lx.PORTRAYAL_VERBS for t in window):
        c.cues.add("portrayal")  # "plays X", "takes on the role of X"
    after = toks[c.tok_end : c.tok_end + 2]
    if any(t.lemma_ in lx.PORTRAYAL_VERBS and t.pos_ == "VERB" for t in after):
        c.cues.add("portrayal")
    elif _ACTOR_CLAUSE.match(
        doc_text(sdoc), toks[c.tok_end - 1].idx + len(toks[c.tok_end - 1].text)
    ):
        c.cues.add("portrayal")  # "X stars as Y" with "stars" tagged a noun
    if len(after) == 2 and after[0].text == "(" and _name_token(after[1]):
        c.cues.add("before-parens-name")
    for tok in toks[c.tok_start : c.tok_end]:
        if tok.lower_ in lx.WORK_CUES:
            c.cues.add("work-word")
    # "Netflix's X", "HBO's “X”": what a network owns by name is a show
    own = c.tok_start - 1
    if own >= 0 and toks[own].text in _QUOTE_MARKS:
        own -= 1
    if (
        own >= 1
        and toks[own].tag_ == "POS"
        and normalize_name(toks[own - 1].text) in lx.MEDIA_ORGANIZATIONS
    ):
        c.cues.add("work-context")
    # "the Extraditables", "Los Pepes": a plural name is a group, never one person
    first = toks[c.tok_start]
    if (
        c.tok_end - c.tok_start == 1
        and first.tag_ == "NNPS"
        and prev is not None
        and prev.lower_ == "the"
    ) or (c.tok_end - c.tok_start >= 2 and first.lower_ in _PLURAL_ARTICLES):
        c.cues.add("plural-group")
    # "the first season of X", "all ten episodes of X"
    left = toks[max(0, c.tok_start - 3) : c.tok_start]
    if (
        any(t.lemma_.lower() in lx.WORK_CUES for t in left)
        and prev is not None
        and (prev.lower_ == "of")
    ):
        c.cues.add("work-context")
    # "X, a crime drama about ...": an apposition naming the kind of work
    nxt = toks[c.tok_end : c.tok_end + 6]
    if len(nxt) >= 2 and nxt[0].text == "," and nxt[1].lower_ in ("a", "an", "the"):
        if len(nxt) >= 3 and nxt[2].lower_ in lx.NAME_QUALIFIERS:
            c.cues.add("said-real")  # "X, the real-life detective"
        for t in nxt[2:]:
            if t.lemma_.lower() in lx.WORK_CUES and t.pos_ == "NOUN":
                c.cues.add("work-context")
                break
            if _heads_a_place_phrase(t):
                c.cues.add("place-noun")  # "Rionegro, a town near Medellín"
                break
            if t.pos_ not in ("ADJ", "NOUN", "PROPN", "ADV", "PUNCT"):
                break
    # "La Torre prison", "the Hacienda Napoles ranch": a place noun the name modifies
    if nxt and _heads_a_place_phrase(nxt[0]) and toks[c.tok_end - 1].head.i == nxt[0].i:
        c.cues.add("place-noun")
    # "the town of Envigado": a place noun governing the name with "of"
    if (
        c.tok_start >= 2
        and prev is not None
        and prev.lower_ == "of"
        and toks[c.tok_start - 2].lower_ in lx.PLACE_HEAD_NOUNS
    ):
        c.cues.add("place-noun")
    head = toks[c.tok_end - 1]
    # "X was a drug lord", "X became an agent": a role said of the name
    if head.dep_ == "nsubj" and head.head.lemma_ in ("be", "become"):
        for t in head.head.children:
            if t.dep_ == "attr" and (
                t.lemma_.lower() in lx.ROLE_WORDS or t.lemma_.lower() in lx.OCCUPATION_WORDS
            ):
                c.cues.add(f"role:{t.lemma_.lower()}")
    # "X plays a detective", "Y is played by X", "X was cast as Y": an actor
    verb = head.head
    plays = head.dep_ == "nsubj" and verb.lemma_ in lx.ACTOR_VERBS and verb.pos_ == "VERB"
    cast = head.dep_ == "nsubjpass" and verb.lemma_ == "cast"
    played_by = (
        head.dep_ == "pobj"
        and verb.dep_ == "agent"
        and verb.head.lemma_ in lx.ACTOR_VERBS - {"cast"}
    )
    if plays or cast or played_by:
        c.cues.add("actor")
    # "X founded", "X married": verbs whose doer is a person
    if head.dep_ == "nsubj" and head.head.lemma_ in _HUMAN_VERBS and head.head.pos_ == "VERB":
        c.cues.add("agent")
    # "When X premiered", "X depicts ...": verbs only a work is the subject of; a quoted
    # name that tells, follows or depicts is a title ("“Chernobyl” tells the story of ...")
    if head.dep_ in ("nsubj", "nsubjpass") and (
        head.head.lemma_ in lx.WORK_ONLY_VERBS
        or (("quoted" in c.cues or "det:the" in c.cues) and head.head.lemma_ in lx.WORK_VERBS)
    ):
        c.cues.add("work-context")
    # "The Act, starring A and B, ...": what stars people is a show
    if re.match(r",?\s+starring\b", doc_text(sdoc)[c.end : c.end + 12]):
        c.cues.add("work-context")


#: Verbs whose "to X" / "from X" names a place.
_MOTION_VERBS = frozenset(
    {
        "fly",
        "move",
        "travel",
        "go",
        "return",
        "flee",
        "drive",
        "send",
        "transfer",
        "relocate",
        "escape",
        "deport",
        "extradite",
        "emigrate",
        "immigrate",
        "come",
        "head",
        "sail",
        "walk",
    }
)
_SUBJECT_PRONOUNS = frozenset({"he", "she"})
#: Verbs whose subject is a person (an organization does not marry or hide).
_HUMAN_VERBS = frozenset(
    {
        "marry",
        "die",
        "say",
        "tell",
        "claim",
        "found",
        "surrender",
        "escape",
        "flee",
        "hide",
        "grow",
        "spend",
        "want",
        "fear",
        "love",
        "recall",
        "remember",
        "deny",
        "admit",
        "meet",
        "join",
        "lead",
        "live",
        "work",
        "retire",
        "testify",
        "smile",
        "laugh",
        "cry",
        "believe",
    }
)


def _heads_a_place_phrase(t: Any) -> bool:
    """A lower-case place noun that is its phrase's head ("a town near", not "a prison
    guard")."""
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return bool(
        t.pos_ == "NOUN"
        and t.text.islower()
        and t.lemma_ in lx.PLACE_HEAD_NOUNS
        and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN"))
    )


def _place_cue(sdoc: Any, c: _Candidate) -> None:
    """ "flew to X", "moved from X": the object of a motion verb's to/from is a place;
    "held at X", "born in X": so is the object of a place verb's in/at."""
    head = sdoc[c.tok_end - 1]
    while head.dep_ == "compound" and head.head.i < c.tok_end:
        head = head.head
    prep = head.head
    if head.dep_ != "pobj":
        return
    if (prep.lower_ in ("to", "from", "into") and prep.head.lemma_ in _MOTION_VERBS) or (
        prep.lower_ in ("in", "at", "inside", "near") and prep.head.lemma_ in lx.PLACE_VERBS
    ):
        c.cues.add("destination")


_FICTIONAL = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in lx.FICTIONAL_PHRASES) + r")\b", re.IGNORECASE
)


def _fiction_cues(sdoc: Any, cands: list[_Candidate]) -> None:
    """ "Y is an invented character", "Y, a composite character", "Y was created for the
    show": the person the phrase is said of (its clause's subject, or the name it is in
    apposition to) is fictional."""
    text = doc_text(sdoc)
    by_token = {i: c for c in cands for i in range(c.tok_start, c.tok_end)}
    for m in _FICTIONAL.finditer(text):
        span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ == "appos":  # "Y, an invented character, ..."
            said = [root.head]
        else:
            verb = root.head if root.dep_ in ("attr", "acomp", "dobj", "prep", "pobj") else root
            if verb.dep_ == "relcl":  # "Y, who is an invented character"
                said = [verb.head]
            else:
                said = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
        for t in said:
            c = by_token.get(t.i)
            if c is not None:
                c.cues.add("said-fictional")


def _pronoun_cues(sdoc: Any, cands: list[_Candidate]) -> None:
    """A name that "he" or "she" picks up as the next subject is a person's.

    Only the nearest subject name before the pronoun, in the same paragraph and at most one
    sentence back, gets the cue: that is the reading a person makes without thinking.
    """
    subjects: list[tuple[int, int, _Candidate]] = []  # (token, sentence start, candidate)
    for c in cands:
        head = sdoc[c.tok_end - 1]
        if head.dep_ in ("nsubj", "nsubjpass"):
            subjects.append((c.tok_start, head.sent.start, c))
    if not subjects:
        return
    text = doc_text(sdoc)
    sents = list(sdoc.sents)
    sent_no = {s.start: i for i, s in enumerate(sents)}
    for tok in tokens(sdoc):
        if tok.lower_ not in _SUBJECT_PRONOUNS or tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        here = sent_no[tok.sent.start]
        before = [(t, s, c) for t, s, c in subjects if t < tok.i]
        if not before:
            continue
        t, s, c = before[-1]
        if here - sent_no[s] > 1 or "\n" in text[sdoc[t].idx : tok.idx]:
            continue
        c.cues.add("pronoun")


def _region_cues(sdoc: Any, cands: list[_Candidate]) -> None:
    """ "Grady County Jail, Oklahoma", "Cali, Colombia": a name right after a place's or an
    institution's name and a comma, which spaCy reads as a place, is the region it lies in."""
    for prev, c in pairwise(cands):
        if (
            c.tok_start == prev.tok_end + 1
            and sdoc[prev.tok_end].text == ","
            and c.votes["place"]
            and (prev.votes["place"] or _lexical_type(prev) in ("place", "organization"))
        ):
            c.cues.add("region")


def _paren_pairs(sdoc: Any, cands: list[_Candidate]) -> None:
    """ "Pablo Escobar (Wagner Moura)": two full names, one in parentheses, are a character
    and the actor who plays them, so both are people (an acronym in parentheses is not)."""
    by_start = {c.tok_start: c for c in cands}
    for c in cands:
        if c.strong or len(c.name.split()) < 2:
            continue
        if c.tok_end + 1 < len(sdoc) and sdoc[c.tok_end].text == "(":
            inner = by_start.get(c.tok_end + 1)
            if (
                inner is not None
                and not inner.strong
                and len(inner.name.split()) >= 2
                and inner.tok_end < len(sdoc)
                and sdoc[inner.tok_end].text == ")"
            ):
                c.cues.add("paren-pair")
                inner.cues.add("paren-pair")


def _lexical_type(c: _Candidate) -> EntityType | None:
    words = c.name.split()
    if not words:
        return None
    first, last = words[0].lower(), words[-1].lower().strip(".,")
    norm = normalize_name(c.name)
    if c.kind == "colon-title":
        return "work"
    if norm in lx.MEDIA_ORGANIZATIONS:
        return "organization"
    if first in lx.OTHER_PREFIXES or (len(words) > 1 and last in lx.OTHER_SUFFIXES):
        return "other"
    low_words = tuple(w.lower() for w in words)
    if len(words) > 2 and low_words[-2:] in lx.ORG_HEAD_PHRASES:
        return "organization"  # "Gambino crime family"
    if len(words) > 1 and last in lx.WORK_SUFFIXES:
        return "work"
    if len(words) > 1 and last in lx.ORG_SUFFIXES:
        return "organization"
    if "of" in words and any(w.lower() in lx.ORG_SUFFIXES for w in words[: words.index("of")]):
        return "organization"  # "Federal Bureau of Investigation", "Department of Justice"
    if len(words) > 1 and (last in lx.PLACE_SUFFIXES or first in ("rancho", "ranch", "fort")):
        return "place"
    if len(words) == 1 and "det:the" in c.cues and last in lx.ORG_SUFFIXES:
        return "organization"  # "the Herald", "the Post"
    if len(words) == 1 and _ACRONYM.match(words[0]):
        return "place" if words[0].lower() in lx.PLACE_ACRONYMS else "organization"
    return None


def _guess_label(c: _Candidate) -> None:
    if c.strong:
        return
    lexical = _lexical_type(c)
    if lexical is not None:
        c.label, c.strong = lexical, True
        return
    if "region" in c.cues or "place-noun" in c.cues:
        c.label, c.strong = "place", True
        return
    if "plural-group" in c.cues:
        # a group: a place when spaCy reads a place ("Los Angeles"), a people or a
        # nationality when it reads one ("the Americans"), else an organization
        c.label = "place" if c.votes["place"] else "other" if c.votes["other"] else "organization"
        c.strong = True
        return
    said_person = any(
        cue.startswith("role:")
        or cue in ("age", "nicknamed", "pronoun", "paren-pair", "record-head")
        for cue in c.cues
    )
    strong_person = said_person or ("agent" in c.cues and c.votes["organization"] == 0)
    # a show's context outweighs a verb a person could do ("“Chernobyl” tells the story")
    if "work-context" in c.cues and not said_person:
        c.label = "work"
        return
    if strong_person or "portrayal" in c.cues:
        c.label = "person"
        return
    if "destination" in c.cues:
        c.label = "place"
        return
    if c.votes:
        c.label = max(sorted(c.votes), key=lambda k: c.votes[k])
        return
    c.label = "other"


def _drop_unread_words(cands: list[_Candidate]) -> list[_Candidate]:
    """Lone capitalised words nothing reads as a name ("Oops", "Betrayal", "Photograph"):
    every use of the word in the document has no tagger vote, no cue but "the", no type of
    its own and the fallback type, and no longer name here has it as a word. Heading words
    and sentence openers, not names; dropped here so that no entity is made of them."""
    in_longer = {w for c in cands if len(c.name.split()) > 1 for w in c.name.lower().split()}
    unread: dict[str, bool] = {}
    for c in cands:
        key = c.name.lower()
        lone = (
            c.kind == "run"
            and len(c.name.split()) == 1
            and not c.strong
            and c.label == "other"
            and not c.votes
            and c.cues <= {"det:the"}
            and key not in in_longer
            and len(key.rstrip(".")) > 3  # "Lt.", "Sgt.": a title the extractors read
        )
        unread[key] = unread.get(key, True) and lone
    return [c for c in cands if not unread[c.name.lower()]]


@lru_cache(maxsize=8)
def _line_starts(text: str) -> tuple[int, ...]:
    return tuple(i for i, ch in enumerate(text) if ch == "\n")


def paragraph_of(text: str, pos: int) -> int:
    """The line a character sits on (articles put each paragraph on a line of its own).

    Called for many mentions and sentences of one text, so the line breaks are found once.
    """
    return bisect_left(_line_starts(text), pos)


def root_of(mentions: Sequence[Mention], i: int) -> int:
    """The mention at the end of i's antecedent chain: the fullest form it refers to."""
    seen: set[int] = set()
    while True:
        ante = mentions[i].antecedent
        if ante is None or ante in seen:
            return i
        seen.add(i)
        i = ante


def find_mentions(sdoc: Any, document: Document) -> list[Mention]:
    """Every name in the document, typed as well as one document allows, short forms linked."""
    text = document.text
    cands = _candidates(sdoc, text, document.title or "")
    for c in cands:
        _context_cues(sdoc, c)
        _place_cue(sdoc, c)
    _pronoun_cues(sdoc, cands)
    _fiction_cues(sdoc, cands)
    _paren_pairs(sdoc, cands)
    _region_cues(sdoc, cands)
    _record_heads(text, cands)
    for c in cands:
        _guess_label(c)
        if c.strong:
            c.cues.add("typed-by-name")

    # document-level evidence: one name spelled the same way has one type in one article
    by_name: dict[str, list[_Candidate]] = {}
    for c in cands:
        if c.kind != "title":  # a title that is also a person's name types only its own uses
            by_name.setdefault(normalize_name(c.name), []).append(c)
    for group in by_name.values():
        strong = [c.label for c in group if c.strong]
        if strong:
            label = Counter(strong).most_common(1)[0][0]
        else:
            person = any(
                c.label == "person" and c.cues - {"in-parens", "work-context"} for c in group
            )
            work = any("work-context" in c.cues for c in group)
            votes = Counter(c.label for c in group)
            label = "person" if person else "work" if work else votes.most_common(1)[0][0]
        for c in group:
            if not c.strong or c.label == label:
                c.label = label

    # a full name whose surname the document uses alone for a person is a person's name
    # ("Pablo Escobar" tagged ORG once, "Escobar" a person everywhere else)
    person_words = Counter(
        normalize_name(c.name) for c in cands if c.label == "person" and len(c.name.split()) == 1
    )
    for c in cands:
        words = c.name.split()
        if (
            len(words) >= 2
            and not c.strong
            and c.label != "person"
            and person_words[normalize_name(words[-1])] >= 2
        ):
            c.label = "person"
            c.cues.add("surname-used-alone")

    cands = _drop_unread_words(cands)

    sent_index = {}
    for i, sent in enumerate(sdoc.sents):
        sent_index[sent.start] = i
    sent_of_tok = []
    cur = 0
    for tok in tokens(sdoc):
        if tok.i in sent_index:
            cur = sent_index[tok.i]
        sent_of_tok.append(cur)

    mentions = [
        Mention(
            doc=document.id,
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            label=c.label,
            name=c.name,
            nickname=c.nickname,
            cues=tuple(sorted(c.cues)),
            sentence=sent_of_tok[c.tok_start] if c.tok_start < len(sent_of_tok) else 0,
        )
        for c in cands
    ]
    return link_mentions(mentions, text)


def is_subname(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` is written with words of `full`, in order, keeping its first or last word."""
    if len(short) >= len(full) or not short:
        return False
    it = iter(full)
    if not all(w in it for w in short):
        return False
    return short[0] == full[0] or short[-1] == full[-1]


def link_mentions(mentions: list[Mention], text: str) -> list[Mention]:
    """Point each short form at the fuller name it stands for in this document."""
    out = list(mentions)
    fulls: list[int] = []  # indices of person names with two or more words, in order
    for i, m in enumerate(out):
        words, _ = name_tokens(m.name)
        if m.label == "person" and (len(words) >= 2 or m.nickname):
            fulls.append(i)

    def first_of(idx: int) -> int:
        """The first mention in the document spelling the same full name."""
        key = name_tokens(out[idx].name)
        for j in fulls:
            if name_tokens(out[j].name) == key:
                return j
        return idx

    nick_index: dict[str, int] = {}
    for i in fulls:
        nick = out[i].nickname
        if nick:
            nick_index.setdefault(normalize_name(nick), i)

    def link(i: int, target: int, rule: str) -> None:
        target = first_of(target)
        if target == i:
            return
        out[i] = replace(out[i], antecedent=target, link_rule=rule, label=out[target].label)

    bare_roots: dict[str, int] = {}  # surname → its first use before any full name
    titles = {
        normalize_name(m.name.split(":")[0]): i
        for i, m in enumerate(out)
        if m.label == "work" and ":" in m.name
    }
    for i, m in enumerate(out):
        norm_full = normalize_name(m.name)
        if norm_full in titles and ":" not in m.name:
            # "Narcos" next to "Narcos: Mexico" is a work too, but its own: the title before
            # the colon names the original show or the franchise, not the spin-off
            out[i] = replace(m, label="work")
            continue
        if ("quoted" in m.cues or "alias" in m.cues) and "work-context" not in m.cues:
            target = _nearest_person_before(out, i, text)
            if (
                "nicknamed" in m.cues
                and target is not None
                and not _right_after(out, target, m, text)
            ):
                target = None  # "X murdered a mobster nicknamed 'Billy'": someone else's
            if target is not None:
                out[i] = replace(out[i], label="person")
                link(
                    i,
                    target,
                    "nickname-apposition"
                    if "nicknamed" in m.cues or "alias" in m.cues
                    else "nickname-as-name",
                )
            continue
        if m.label in ("work",) or (m.label != "person" and _strong_non_person(m)):
            continue
        words, suffix = name_tokens(m.name)
        if not words:
            continue
        norm = " ".join(words)
        if norm in nick_index and not m.nickname:
            link(i, nick_index[norm], "nickname")
            continue
        if len(words) >= 2:
            if m.label != "person" and not m.nickname:
                continue
            # nickname + surname: "Kiki Camarena"
            hit = None
            for j in fulls:
                f = out[j]
                if f.nickname and j != i:
                    fw, fs = name_tokens(f.name)
                    if (
                        words[0] == normalize_name(f.nickname).split()[0]
                        and words[-1] == fw[-1]
                        and fs == suffix
                    ):
                        hit = j
                        break
            if hit is not None:
                link(i, hit, "nickname-and-surname")
                continue
            supers = []
            for j in fulls:
                fw, fs = name_tokens(out[j].name)
                if fs == suffix and is_subname(words, fw):
                    supers.append(j)
            distinct = {name_tokens(out[j].name) for j in supers}
            if len(distinct) == 1:
                # "Juan Pablo" for "Juan Pablo Raba" drops the surname: writers do that for
                # someone just named, so it must be in the same paragraph
                drops_surname = words[-1] != name_tokens(out[supers[0]].name)[0][-1]
                if not drops_surname or _recent_in_paragraph(out, supers, i, text):
                    link(i, supers[0], "short-form")
            continue
        # one word: surname, then first name
        word = words[0]
        surname = [j for j in fulls if name_tokens(out[j].name)[0][-1] == word and j != i]
        if not surname:  # "Ortega" for Luis Ortega Ramos: the first of two surnames
            surname = [
                j
                for j in fulls
                if len(name_tokens(out[j].name)[0]) >= 3
                and name_tokens(out[j].name)[0][-2] == word
                and j < i
            ]
        plain = [j for j in surname if not name_tokens(out[j].name)[1]]
        if suffix:
            plain = [j for j in surname if name_tokens(out[j].name)[1] == suffix]
        # Read as a reader does, forwards only: a surname points back at the first full
        # name that carries it. A surname used before any such full name stands for a
        # person the writer assumes known; it keeps that meaning even after another
        # person with the surname is introduced ("his brother Roberto Escobar").
        bare = bare_roots.get(word)
        if bare is not None and not [j for j in plain if j < bare]:
            link(i, bare, "same-surname")
            continue
        before = [j for j in plain if j < i]
        if before:
            link(i, before[0], "surname")
            continue
        if (
            not suffix
            and (m.label == "person" or plain)
            and not any(name_tokens(out[j].name)[0][0] == word for j in fulls if j < i)
        ):
            bare_roots[word] = i
            out[i] = replace(out[i], label="person")
            continue
        first = [j for j in fulls if name_tokens(out[j].name)[0][0] == word and j != i]
        if first:
            before = [j for j in first if j < i]
            link(i, before[-1] if before else first[0], "first-name")
    return out


def _recent_in_paragraph(mentions: list[Mention], targets: list[int], i: int, text: str) -> bool:
    """One of `targets` (or a mention linked to one) comes before i in i's paragraph."""
    para = paragraph_of(text, mentions[i].start)
    wanted = set(targets)
    for j in range(i - 1, -1, -1):
        m = mentions[j]
        if paragraph_of(text, m.start) != para:
            return False
        if j in wanted or m.antecedent in wanted:
            return True
    return False


def _strong_non_person(m: Mention) -> bool:
    words = m.name.split()
    if not words:
        return True
    low = normalize_name(m.name)
    if low in lx.MEDIA_ORGANIZATIONS or (_ACRONYM.match(words[0]) and len(words) == 1):
        return True
    last = words[-1].lower()
    return len(words) > 1 and (
        last in lx.ORG_SUFFIXES or last in lx.PLACE_SUFFIXES or last in lx.OTHER_SUFFIXES
    )


_NICKNAME_GAP = re.compile(
    r"[\s,]*(?:\([^()]{0,60}\)[\s,]*)?"  # "Amado Carrillo Fuentes (José María Yazpik), ..."
    r"(?:(?:who|and)\s+(?:was|is)\s+|also\s+|better\s+|widely\s+|often\s+)?"
    r"(?:nicknamed|dubbed|called|known\s+as|aka|a\.k\.a\.|alias)[\s,:]*[“\"]?\s*",
    re.IGNORECASE,
)


def _right_after(mentions: list[Mention], target: int, m: Mention, text: str) -> bool:
    """A nickname after "nicknamed" is the person's only when it follows their name (or
    another of their names) straight after: "Luis Ortega, nicknamed 'El Flaco'"."""
    names = [k for k, x in enumerate(mentions) if k == target or x.antecedent == target]
    return any(
        mentions[k].end <= m.start and _NICKNAME_GAP.fullmatch(text, mentions[k].end, m.start)
        for k in names
    )


def _nearest_person_before(mentions: list[Mention], i: int, text: str) -> int | None:
    """The person named last before mention i in its paragraph (parenthesised actors skipped)."""
    m = mentions[i]
    para = paragraph_of(text, m.start)
    for j in range(i - 1, -1, -1):
        cand = mentions[j]
        if paragraph_of(text, cand.start) != para or m.sentence - cand.sentence > 2:
            break
        if cand.label != "person" or "in-parens" in cand.cues or "quoted" in cand.cues:
            continue
        return cand.antecedent if cand.antecedent is not None else j
    return None
