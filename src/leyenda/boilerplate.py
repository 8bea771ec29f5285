"""Whole lines of an article that are not the story: credits, prompts, ads, footers.

News pages carry lines that no reader takes as part of the story: photo credits
("Photo: Jane Roe/Getty Images", a bare "Jane Roe/Agency" under a picture, "Courtesy of
a network"), newsletter and follow-us prompts, "Advertisement", spoiler warnings, share
buttons, "Read more:" links, and section links at the very end ("More from TV"). Left in,
they become people (a photographer is not part of the case) and sentences with no facts.

The cleaner works on *whole lines* only and never edits the characters of a line it keeps:
the text it returns is the text every later offset points into, so it must read exactly as
the source wrote it, minus the dropped lines.

The rules are data (`_LABELLED_RULES`, `PHOTO_AGENCIES`, ...) kept apart from the logic.
Each rule names the *shape* of a kind of boilerplate, never one site's exact wording, and
has a word ceiling so that a real sentence which happens to share a word with a prompt
("few subscribe to that view") is never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A short line at the end of a text with no sentence punctuation is a footer (section
#: links, series names) when it has at most this many words. Chosen from news footers
#: ("More from TV" is 3 words); a closing story sentence is longer and ends in punctuation.
FOOTER_MAX_WORDS = 6

#: A bare credit line ("Jane Roe/Agency", "AFP via Getty Images") has at most this many
#: words; a caption that tells something is longer.
CREDIT_MAX_WORDS = 8

#: Picture agencies and wires whose name ends a credit line without a slash.
PHOTO_AGENCIES = (
    "Getty Images",
    "Getty",
    "AP Photo",
    "AP",
    "Associated Press",
    "AFP",
    "Reuters",
    "Shutterstock",
    "Alamy",
    "EPA",
    "EPA-EFE",
    "WireImage",
    "FilmMagic",
    "Rex Features",
    "Corbis",
    "Invision",
    "Unsplash",
    "Sipa USA",
)

#: Lower-case words allowed inside a credit made of names ("Jane Roe for The Paper",
#: "Agency via Getty Images", "Juan de la Cruz/Agency").
CREDIT_CONNECTORS = frozenset(
    {
        "via",
        "for",
        "of",
        "and",
        "&",
        "de",
        "del",
        "la",
        "le",
        "van",
        "von",
        "da",
        "di",
        "y",
        "the",
        "by",
    }
)


@dataclass(frozen=True)
class _Rule:
    """One kind of boilerplate: its name, the pattern a line matches, and a word ceiling."""

    name: str
    pattern: re.Pattern[str]
    max_words: int


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_SOCIAL_SITES = r"(?:twitter|x|instagram|facebook|tiktok|youtube|threads|bluesky|linkedin)"

#: Rules tried on every line except the first (a headline is always kept). Each pattern
#: is searched in the line with surrounding whitespace and brackets removed.
_LABELLED_RULES: tuple[_Rule, ...] = (
    _Rule(
        "advertisement",
        _rx(
            r"^(?:advertisement|advertising|ad|sponsored(?: content)?|paid content"
            r"|(?:story|article) continues below(?: (?:this )?advertisement)?"
            r"|continue reading(?: below| the main story)?)[\s.:!…\-–—]*$"
        ),
        6,
    ),
    # "Photo: ...", "Photograph by ...", "Image credit: ..." (a caption labelled as a credit)
    _Rule(
        "photo credit",
        _rx(
            r"^(?:(?:lead|top|header|featured|main)\s+)?"
            r"(?:photo(?:graph)?s?|images?|pictures?|illustrations?|video|graphics?"
            r"|photo illustration|(?:photo |image )?credits?)"
            r"(?:\s*(?::|\||—|–|-)\s*|\s+by\s+|\s+credit\s*:\s*|\s+courtesy\b)"
        ),
        12,
    ),
    # "Courtesy of Netflix", "Photo courtesy of ...", "Jane Roe, courtesy of ..."
    _Rule(
        "courtesy credit",
        _rx(
            r"(?:^|[,/|]\s*)(?:(?:photos?|images?|pictures?|video|stills?)\s+)?courtesy"
            r"(?:\s+of\b|\s+(?-i:[A-Z])|\W*$)"
        ),
        CREDIT_MAX_WORDS,
    ),
    # newsletter / subscribe / follow-us prompts: imperative shapes, never "subscribe" alone
    _Rule(
        "newsletter prompt",
        _rx(
            r"\bsign(?:ing)?[\s-]?up (?:for|to|here|now|today)\b[^.!?]*"
            r"\b(?:newsletters?|e-?mails?|updates|alerts|our|free)\b"
            r"|\bsubscribe (?:to|for) (?:our|my)\b|\bsubscribe (?:now|today|here)\b"
            r"|\bnewsletters?\b[^.!?]*\b(?:sign[\s-]?up|subscribe|inbox)\b"
            r"|^(?:subscribe|sign[\s-]?up)\b"
            r"|\bjoin our (?:newsletter|mailing list|community)\b"
            r"|\bfollow us\b|\blike us on facebook\b"
            rf"|^follow\b[^.!?]*\bon {_SOCIAL_SITES}\b"
            r"|\b(?:delivered|straight|sent) (?:to|in) your inbox\b"
            r"|\bdownload (?:our|the \w+) app\b"
        ),
        30,
    ),
    _Rule(
        "spoiler warning",
        _rx(
            r"^(?:warning|spoilers?|spoiler alert|heads[\s-]up|note|editor[’']?s note|caution)\b"
            r"[^.!?]*\bspoil"
            r"|\b(?:this|the following) (?:post|article|story|piece|review|recap|feature)"
            r" (?:contains|includes|has|discusses) (?:major |minor |some |plot )?spoilers?\b"
            r"|^spoilers? (?:ahead|below|follow)\b"
        ),
        25,
    ),
    _Rule(
        "share button",
        _rx(
            r"^(?:share(?: (?:this|the))?(?: article| story| post| page| link)?"
            r"(?: (?:on|via) \w+)?|click to share\b.*|tweet(?: this)?|e-?mail(?: this)?|print"
            r"|pin(?: it)?|copy link|comments?|facebook|twitter|whatsapp|linkedin|reddit"
            r"|pinterest|flipboard)\s*:?$"
        ),
        8,
    ),
    # "Read more: ...", "Related: ...", "See also › ..." (a label, then a link text)
    _Rule(
        "read-more link",
        _rx(
            r"^(?:read more|read next|read also|also read|more reading|related"
            r"|related (?:stories|articles|content|coverage|links|reading)|see also"
            r"|recommended(?: reading| for you| stories)?|you (?:may|might) also (?:like|enjoy)"
            r"|trending(?: now)?|most (?:popular|read)|more|watch|listen)"
            r"\s*(?::|[|›»>])"
        ),
        30,
    ),
    # the same labels standing alone as a line
    _Rule(
        "read-more label",
        _rx(
            r"^(?:read more|read next|related(?: stories| articles| content| coverage| links)?"
            r"|see also|recommended(?: reading| for you| stories)?"
            r"|you (?:may|might) also (?:like|enjoy)|trending(?: now)?|most (?:popular|read)"
            r"|more (?:from|on|in|stories|news|about)\b[^.!?]*)\s*[.…]*$"
        ),
        8,
    ),
    _Rule("copyright", _rx(r"^(?:©|\(c\)\s|copyright\b|all rights reserved\b)"), 20),
    _Rule("image markup", _rx(r"^!\[[^\]]*\]\([^)\s]*\)?$"), 40),  # ")" is cut by _core
)

_AGENCY_END = re.compile(
    r"(?:^|\s|/)(?:"
    + "|".join(re.escape(a) for a in sorted(PHOTO_AGENCIES, key=len, reverse=True))
    + r")$"
)
_CREDIT_BAD_CHARS = re.compile(r"[.!?;:,\"“”()\[\]]")
_SENTENCE_END = re.compile(r"[.!?…:;\"“”'’)\]]$")
_LIST_ITEM = re.compile(r"^(?:[-*•–—]\s|\d+[.)]\s)")


def _core(line: str) -> str:
    """The line without surrounding whitespace and the brackets a caption sits in."""
    return line.strip().strip("()[]").strip()


def _is_name_word(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit() or token.lower() in CREDIT_CONNECTORS


def _is_bare_credit(core: str) -> bool:
    """A credit with no label: capitalised names around a slash, or ending in an agency.

    "Jane Roe/Getty Images", "Carla Diaz/Network", "AFP via Getty Images" are credits; a
    sentence is not, because it has sentence punctuation inside or lower-case words.
    """
    text = core.rstrip(".").strip()
    words = text.split()
    if not words or len(words) > CREDIT_MAX_WORDS or _CREDIT_BAD_CHARS.search(text):
        return False
    tokens = [t for t in re.split(r"[\s/]+", text) if t]
    if not tokens or not all(_is_name_word(t) for t in tokens):
        return False
    if "/" in text:
        # URLs ("http://"), dates ("2/13/2020") and "24/7" are not credits
        if "//" in text or re.search(r"\d\s*/\s*\d", text):
            return False
        left, _, right = text.partition("/")
        return bool(left.strip()) and bool(right.strip())
    return bool(_AGENCY_END.search(text))


def boilerplate_rule(line: str) -> str | None:
    """The name of the rule that makes `line` boilerplate on its own, or None.

    Only what one line shows is judged here: the headline exception and the trailing
    footer rule need the whole text and live in `strip_boilerplate`.
    """
    core = _core(line)
    if not core:
        return None
    n_words = len(core.split())
    for rule in _LABELLED_RULES:
        if n_words <= rule.max_words and rule.pattern.search(core):
            return rule.name
    if _is_bare_credit(core):
        return "bare credit"
    return None


def is_boilerplate_line(line: str) -> bool:
    """Whether one line, read alone, is not part of any story (a credit, a prompt, an ad)."""
    return boilerplate_rule(line) is not None


def _is_footer_line(line: str) -> bool:
    """A short line with no sentence punctuation: a section link or series name."""
    core = line.strip()
    return (
        bool(core)
        and len(core.split()) <= FOOTER_MAX_WORDS
        and not _SENTENCE_END.search(core)
        and not _LIST_ITEM.match(core)
    )


def strip_boilerplate(text: str) -> str:
    """The text without its boilerplate lines; every line kept is kept character for character.

    1. The first non-empty line (the headline, when there is one) is always kept.
    2. Every other line that `is_boilerplate_line` flags is dropped.
    3. Trailing footer lines (short, no sentence punctuation) are dropped from the end,
       as long as a sentence stays above them.
    4. Blank lines left in runs by the drops are collapsed to one blank line; blank lines
       at the start and end are removed (a final newline is kept if the text had one).

    Lines are split on "\\n" only: the caller has normalised newlines, and other Unicode
    line separators inside a line are the source's characters, kept as they are.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return ""
    keep = [True] * len(lines)
    # 2. line-local rules
    for i, line in enumerate(lines):
        if i != first and is_boilerplate_line(line):
            keep[i] = False
    # 3. trailing footer
    has_sentence_above = [False] * len(lines)
    seen = False
    for i, line in enumerate(lines):
        has_sentence_above[i] = seen
        if keep[i] and _SENTENCE_END.search(line.strip()):
            seen = True
    for i in range(len(lines) - 1, first, -1):
        if not keep[i] or not lines[i].strip():
            continue
        if _is_footer_line(lines[i]) and has_sentence_above[i]:
            keep[i] = False
        else:
            break
    # 4. join, collapsing runs of blank lines
    out: list[str] = []
    for line, kept in zip(lines, keep, strict=True):
        if not kept:
            continue
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    result = "\n".join(out)
    return result + "\n" if text.endswith("\n") else result
