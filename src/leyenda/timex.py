"""Time expressions in English news text, found with regular expressions and turned into intervals.

Why regexes and not spaCy's DATE entities: the forms press coverage uses are few and regular
("March 7, 1985", "in the early '80s", "two years later", "Today"); a dozen regex passes cost
under a second per megabyte of text (measured on the seeds repeated), need no model, and every
decision is readable here. What spaCy would add (telling "May" the month from "may" the verb) the
patterns handle with capitalisation and context checks.

How it works:

1. Each *form* has one pattern compiled at import and one handler. The handler checks what a
   regex cannot say well (a year after "No." or before "people" is not a year; "74-year-old" is
   an age, not a duration) and turns the match into candidates. Forms: month dates (with or
   without day and year), ISO dates, seasons, decades, centuries, years and year ranges,
   two-digit years ("’85"), dates relative to the publication ("last year"), present words
   ("today"), dates relative to another event ("two years later"), sets ("every year") and
   durations ("27 years").
2. All candidates compete: the longest wins, then the earliest, then the form listed first, so
   "a year earlier" beats the duration "a year" inside it and results never overlap.
3. Dates written without a year ("on March 7", "in March") are resolved last, in text order:
   the most recent explicit single year earlier in the same paragraph (a line of the text),
   else the publication date (the latest such date not after it, unless the day falls within
   `FUTURE_DAY_WINDOW` days after it or its clause speaks of the future: "will testify on
   March 7" is the next March 7), else nothing. A paragraph
   whose last explicit time spans several years ("1985–1989", "the ’80s") anchors nothing. An
   expression that cannot be anchored keeps ``span=None`` and is reported, never guessed.

What an expression's text covers: leading prepositions are left out ("in 1989" → "1989", "for
almost a decade" → "almost a decade") except where they make the range ("from 1985 to 1989",
"between 1985 and 1989"); "the" is kept where it is part of the idiom ("the 1980s", "the
following year", "the past decade").

Intervals are `TimeSpan`s with inclusive bounds written at the precision the source gives:
YYYY, YYYY-MM or YYYY-MM-DD, start and end always at the same precision, so comparing them as
strings orders them. Relative-to-event expressions ("the following year") are found here but
resolved by the caller, who knows which event they hang on: see `anchor_relative`.

`find_timex3` gives the same expressions in TimeML's terms (type DATE/TIME/DURATION/SET and an
ISO-8601 value such as "1998-W05", "199", "P3Y", "PRESENT_REF"), plus news forms that count
from the publication (weekdays, clock times, quarters); `leyenda eval tempeval` scores it.
"""

from __future__ import annotations

import bisect
import calendar
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from leyenda.model import TimeExpr, TimeSpan

__all__ = [
    "FUTURE_DAY_WINDOW",
    "Timex3",
    "anchor_relative",
    "count_value",
    "find_times",
    "find_timex3",
]

Kind = Literal["date", "duration", "set", "present"]
Timex3Type = Literal["DATE", "TIME", "DURATION", "SET"]

# --------------------------------------------------------------------------------------------
# Vocabulary (rule data, kept apart from the logic below)
# --------------------------------------------------------------------------------------------

#: Whitespace that does not end a line: an expression never spans two paragraphs.
_S = r"[^\S\r\n]"

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBER = {name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_BY_LOWER = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_FULL = "|".join(_MONTH_NAMES)
# "Sept" before "Sep" so the longer abbreviation is taken; the lookahead keeps "Marc", "Junior"
# and "Mayor" out.
_MONTH = rf"(?:(?:{_MONTH_FULL})|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![a-z])"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
#: Month and weekday names for the patterns that run on lower-cased text; their handlers check
#: the capital in the original ("each may" is not "each May").
_CALENDAR_LOWER = "|".join([*_MONTH_BY_LOWER, *_WEEKDAY.lower().split("|")])
_WEEKDAY_LOWER = _WEEKDAY.lower()

_UNITS_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS_WORDS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUMWORD = (
    rf"(?:(?:{'|'.join(_TENS_WORDS)})(?:(?:-|{_S}+)(?:{'|'.join(_UNITS_WORDS)}))?"
    rf"|{'|'.join(_TEENS_WORDS)}|{'|'.join(_UNITS_WORDS)}"
    rf"|(?:a{_S}+)?hundred|(?:half{_S}+)?(?:a{_S}+)?dozen)(?!\w)"
)

_UNIT_SING = "second|minute|hour|day|week|fortnight|month|year|decade|century"
_UNIT_PL = "seconds|minutes|hours|days|weeks|fortnights|months|years|decades|centuries"
_UNIT = rf"(?:{_UNIT_PL}|{_UNIT_SING})(?!\w)"
_SEASONS = "spring|summer|fall|autumn|winter"


def _rel_unit(group: str) -> str:
    """What "the following ...", "that ..." can qualify; `group` names the calendar word."""
    return (
        rf"(?:day|week|month|year|decade|morning|afternoon|evening|night|weekend|{_SEASONS}"
        rf"|(?P<{group}>{_CALENDAR_LOWER}))(?!\w)"
    )


_APPROX = (
    r"about|almost|nearly|roughly|around|approximately|more\s+than|over|less\s+than|under"
    r"|at\s+least|at\s+most|some|just|only|up\s+to|close\s+to|well\s+over|barely|just\s+over"
)

_Y4 = r"(?:1[0-9]{3}|20[0-9]{2})(?![0-9])"
_YEAR_ANY = rf"(?:{_Y4}|[’'‘][0-9]{{2}}(?![0-9]))"
#: What may not follow a year: more digits ("1985.5", "1,985", "1985-03" handled elsewhere),
#: letters ("1980s" is a decade), a percent sign, a clock time.
_YEAR_END = r"(?!\w|%|[.,][0-9]|[-–—][0-9]|:[0-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
_ORD = r"(?:st|nd|rd|th)"
_DAY_END = r"(?!\w|%|:[0-9]|[.,][0-9])"
_SEP = rf"(?:{_S}*[-–]{_S}*|{_S}+)"  # between "mid" and "1980s": "mid-", "mid ", "mid – "
_MOD = r"(?:early|mid|late)"

# Context checks a regex cannot express in a lookbehind (variable length).
_NOT_YEAR_BEFORE = re.compile(
    r"(?:\b(?:no|nos|number|num|room|rm|flight|route|highway|hwy|interstate|suite|apt|unit|box"
    r"|page|pages|pp?|section|sec|article|art|exhibit|channel|model|bus|car|level|gate|platform"
    r"|track|chapter|vol|volume|issue|code|pin|lot|engine|ward|precinct|district|building|bldg"
    r"|floor|seat|row|account|serial|locker|batch|patent|ticket)\.?\s*(?:#\s*)?"
    r"|[$€£¥#]\s*)$",
    re.IGNORECASE,
)
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|(?:percent|per\s*cent|people|persons|men|women|children|kids|agents|officers"
    r"|police|soldiers|troops|members|victims|deaths|dead|casualties|cases|residents"
    r"|inhabitants|students|employees|workers|voters|votes|seats|pages|words|copies|units"
    r"|homes|houses|cars|vehicles|guns|weapons|rifles|rounds|bullets|dollars|pesos|euros"
    r"|pounds|tons|tonnes|kilos|kilograms|kg|grams|lbs|miles|kilometers|kilometres|km|meters"
    r"|metres|feet|ft|yards|acres|hectares|square|calories|points|hours|minutes|seconds|mph"
    r"|degrees|million|billion|trillion|thousand|hundred|rooms|beds|prisoners|inmates"
    r"|suspects|arrests|murders|crimes|shots)\b"
    r"|\s+of\s+(?:them|us|whom|which|those|these|his|her|their|its)\b)"
    r"|\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane"
    r"|Way|Place|Court|Highway)\b",
    re.IGNORECASE,
)
_USA_BEFORE = re.compile(r"USA\s*$")
_SHOW_AFTER = re.compile(r"\s+[Ss]how\b")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_PREV_WORD = re.compile(r"([A-Za-z]+)[^\S\n]*$")
_AGE_AFTER = re.compile(r"(?:\s*[-‐]?\s*olds?\b|\s+of\s+age\b)", re.IGNORECASE)
_DURATION_NOUN_AFTER = re.compile(r"(?:\s+(?:of|long|or\s+so)\b|[’']s\b)", re.IGNORECASE)

#: Words before "a year", "a decade" that make it a duration ("for a decade", "spent a year").
_DURATION_LEADS = frozenset(
    {
        "for",
        "after",
        "within",
        "over",
        "during",
        "than",
        "in",
        "spent",
        "spend",
        "spends",
        "spending",
        "took",
        "take",
        "takes",
        "taking",
        "lasted",
        "last",
        "lasts",
        "lasting",
        "served",
        "serve",
        "serves",
        "serving",
        "waited",
        "wait",
        "waiting",
        "about",
        "almost",
        "nearly",
        "roughly",
        "around",
        "just",
        "only",
        "barely",
    }
)
#: Words before a bare month ("in March") that make it a date rather than a name or a verb.
_MONTH_LEADS = frozenset(
    {
        "in",
        "during",
        "since",
        "until",
        "till",
        "by",
        "through",
        "throughout",
        "before",
        "after",
        "from",
        "to",
        "between",
        "early",
        "late",
        "mid",
        "around",
    }
)
#: Words after which a four-digit number is a year whatever follows it.
_YEAR_LEADS = frozenset({"in", "since", "until", "till", "during", "before", "after"})
#: Words before a round number that make it a count ("about 2000", "more than 1500").
_COUNT_LEADS = frozenset(
    {
        "about",
        "nearly",
        "than",
        "over",
        "some",
        "least",
        "almost",
        "roughly",
        "approximately",
        "top",
        "only",
        "just",
        "under",
        "estimated",
        "another",
        "additional",
    }
)
#: Words before "’85" that make it a year rather than a quoted number.
_SHORT_YEAR_LEADS = frozenset(
    {
        "in",
        "of",
        "since",
        "until",
        "till",
        "by",
        "from",
        "to",
        "through",
        "during",
        "before",
        "after",
        "circa",
        "summer",
        "spring",
        "fall",
        "autumn",
        "winter",
        "class",
    }
)
#: Words before "last month" that make it a noun phrase ("his last month in office").
_DETERMINERS = frozenset(
    {
        "his",
        "her",
        "their",
        "its",
        "my",
        "our",
        "your",
        "the",
        "a",
        "this",
        "that",
        "whose",
        "every",
        "each",
    }
)

# Where inside a decade, a century, a year or a month "early", "mid" and "late" fall.
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_CENTURY_PARTS = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
#: First month and length of each season; winter starts in December and runs into the next year.
_SEASON_MONTHS = {
    "spring": (3, 3),
    "summer": (6, 3),
    "fall": (9, 3),
    "autumn": (9, 3),
    "winter": (12, 3),
}
_DECADE_WORDS = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
}
_CENTURY_WORDS = {
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}

# --------------------------------------------------------------------------------------------
# Patterns, one per form
# --------------------------------------------------------------------------------------------

_X = re.VERBOSE

_DATE = re.compile(
    rf"""
    (?<![\w$€£.,])
    (?:(?P<wd>{_WEEKDAY}),?{_S}+)?
    (?:(?P<mod>(?i:{_MOD})){_SEP})?
    (?:
        (?P<m1>{_MONTH}){_S}+(?P<d1>{_DAY}){_ORD}?
            (?:{_S}*[-–]{_S}*(?P<d1b>{_DAY}){_ORD}?)?{_DAY_END}
            (?:,?{_S}+(?P<y1>{_YEAR_ANY}){_YEAR_END})?
      | (?P<d2>{_DAY}){_ORD}?{_S}+(?:of{_S}+)?(?P<m2>{_MONTH})
            (?:,?{_S}+(?P<y2>{_YEAR_ANY}){_YEAR_END})?
      | (?P<m3>{_MONTH}),?{_S}+(?:(?i:of){_S}+)?(?P<y3>{_YEAR_ANY}){_YEAR_END}
      | (?P<m4>{_MONTH_FULL})(?!\w)
    )
""",
    _X,
)

_ISO = re.compile(
    r"(?<![\w/.-])(?P<y>1[0-9]{3}|20[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])"
    r"(?![0-9]|-[0-9])"
)

_SEASON = re.compile(
    rf"""
    (?<![\w-])
    (?:(?P<mod>{_MOD}){_SEP})?
    (?P<s>(?:{_SEASONS}))(?:{_S}+(?:of))?,?{_S}+(?P<y>{_YEAR_ANY}){_YEAR_END}
""",
    _X,
)

_DECADE = re.compile(
    rf"""
    (?<![\w$€£])
    (?P<the>(?:the){_S}+)?
    (?:(?P<mod>{_MOD})(?:{_SEP}(?:to){_SEP}(?P<mod2>{_MOD}))?{_SEP}?)?
    (?:
        (?P<full>1[0-9]{{2}}0|20[0-9]0)s
      | [’'‘](?P<short>[0-9]0)s
      | (?P<bare>[0-9]0)s
      | (?P<word>(?:{"|".join(_DECADE_WORDS)}))
    )(?!\w)
""",
    _X,
)

_CENTURY = re.compile(
    rf"""
    (?<![\w-])
    (?P<the>(?:the){_S}+)?
    (?:(?P<mod>{_MOD}){_SEP})?
    (?:(?P<n>1[1-9]|2[01]){_ORD}|(?P<w>(?:{"|".join(_CENTURY_WORDS)})))
    (?:{_S}+|-)(?:century)(?!\w)
""",
    _X,
)

_YEAR = re.compile(
    rf"""
    (?<![\w$€£¥#@/+=])(?<!\w[-–—])(?<![0-9][.,])
    (?:
        (?:between){_S}+(?P<b1>{_Y4}){_S}+(?:and){_S}+(?P<b2>{_Y4}|[0-9]{{2}})
      | (?:(?:from){_S}+)?(?P<r1>{_Y4})
            (?P<conn>{_S}*[–—-]{_S}*|{_S}+(?:to|until|till|through|thru){_S}+)
            (?P<r2>{_Y4}|[0-9]{{2}}(?![0-9]))
      | (?:(?P<mod>{_MOD}){_SEP})?(?P<y>{_Y4})
    ){_YEAR_END}
""",
    _X,
)

_SHORT_YEAR = re.compile(r"(?<![\w’'‘])[’'‘](?P<yy>[0-9]{2})(?![0-9]|\w|%|[’'‘])")

_PRESENT = re.compile(
    rf"""
    (?<![\w-])
    (?:to{_S}+this{_S}+day|these{_S}+days|at{_S}+present|right{_S}+now|nowadays|currently
       |presently|today|now)
    (?![\w-])
""",
    _X,
)

_PUB_RELATIVE = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?P<day>yesterday|tomorrow|tonight|this{_S}+(?:morning|afternoon|evening))
      | (?P<ea>earlier|later){_S}+this{_S}+(?P<eau>year|month|week)
      | (?P<w>last|next|this(?:{_S}+(?:past|coming))?){_S}+
            (?P<u>year|month|week|{_SEASONS}|(?P<cal>{_CALENDAR_LOWER}))
      | (?:(?:{_APPROX}){_S}+)?(?P<an>{_NUMWORD}|[0-9]{{1,3}}|an?){_S}+(?P<au>{_UNIT}){_S}+ago
      | (?:(?:a{_S}+few|several|many){_S}+)?(?:years|decades|months|weeks|days){_S}+ago
    )(?!\w)
""",
    _X,
)

_EVENT_RELATIVE = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?:(?P<n>{_NUMWORD}|[0-9]{{1,3}}|an?|a{_S}+few|several|a{_S}+couple{_S}+of|some|many)
            {_S}+)?
            (?P<u>{_UNIT}){_S}+(?:later|earlier|afterwards?|before|after|prior)
      | (?:(?:later|earlier){_S}+)?that{_S}+(?:same{_S}+)?{_rel_unit("cal")}
      | (?:(?:later|earlier){_S}+)?the{_S}+(?:following|next|previous|preceding|prior|same)
            {_S}+{_rel_unit("cal2")}
      | the{_S}+(?:day|week|month|year|night|morning|evening)(?:{_S}+|-)(?:before|after)
    )(?!\w)
""",
    _X,
)

_SET = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?:every|each){_S}+(?:other{_S}+|single{_S}+)?
            (?:(?:{_NUMWORD}|[0-9]{{1,3}}|few|couple{_S}+of){_S}+(?:{_UNIT_PL})
              |{_UNIT_SING}|morning|afternoon|evening|night|weekend|{_SEASONS}
              |(?P<cal>{_CALENDAR_LOWER}))
      | (?:once|twice|thrice|(?:{_NUMWORD}|[0-9]{{1,3}}){_S}+times){_S}+(?:a|an|per|each|every)
            {_S}+(?:{_UNIT_SING})
      | annually|yearly|biannually|biennially|semi-?annually
      | on{_S}+an?{_S}+(?:daily|weekly|monthly|yearly|annual|regular){_S}+basis
      | (?<=\bon{_S})(?P<cal2>{_WEEKDAY_LOWER})s
    )(?![\w-])
""",
    _X,
)

_DURATION = re.compile(
    rf"""
    (?<![\w$€£.,/:'’-])
    (?:
        (?:(?P<the>the){_S}+
           (?P<tq>past|last|next|previous|first|final|following|preceding|coming){_S}+)?
        (?:(?P<mod>{_APPROX}){_S}+)?
        (?:
            (?P<n>{_NUMWORD}|[0-9]{{1,3}}(?:\.[0-9]+)?|an?|a{_S}+few|few|several|many
                |a{_S}+couple(?:{_S}+of)?|couple{_S}+of|dozens{_S}+of|hundreds{_S}+of)
                (?:{_S}+and{_S}+a{_S}+half)?{_S}+(?:(?:more|additional|long|full|straight|consecutive|whole|short){_S}+)?
                {_UNIT}(?P<half>{_S}+and{_S}+a{_S}+half)?
          | (?P<halfa>half{_S}+a|a{_S}+half)(?:{_S}+|-)?(?:century|decade|year|month|day)
          | (?P<adjn>[0-9]{{1,3}}|{_NUMWORD})[-‐]{_UNIT}(?:[-‐]long)?
          | (?:{_UNIT_PL}|{_UNIT_SING})[-‐]long
          | (?P<bare>centuries|decades|years|months|weeks)
          | (?P<tqu>year|decade|month|week|century)
        )
    )(?!\w)
""",
    _X,
)


# --------------------------------------------------------------------------------------------
# Candidates and their resolution
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pub:
    """The publication date at whatever precision it was given (YYYY, YYYY-MM, YYYY-MM-DD)."""

    year: int
    month: int | None
    day: int | None

    @property
    def full(self) -> date | None:
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def as_span_date(self) -> str:
        if self.month is None:
            return _fy(self.year)
        if self.day is None:
            return _fym(self.year, self.month)
        return _fymd(self.year, self.month, self.day)


@dataclass(frozen=True)
class _Pending:
    """A month (and maybe days) written without a year: resolved once the winners are known."""

    month: int
    first_day: int | None
    last_day: int | None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: Kind
    span: tuple[str, str] | None = None
    explicit_year: bool = False
    pending: _Pending | None = None
    #: TIMEX3 (type, value) decided by a news form's handler (see `find_timex3`).
    timex3: tuple[Timex3Type, str] | None = None


_Handler = Callable[[re.Match[str], str, _Pub | None], list[_Candidate]]


def _fy(y: int) -> str:
    return f"{y:04d}"


def _fym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _fymd(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _fdate(d: date) -> str:
    return d.isoformat()


def _month_abs(absolute: int) -> str:
    """A month counted from year 0 (year * 12 + month - 1) written YYYY-MM."""
    return _fym(absolute // 12, absolute % 12 + 1)


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


#: Publication years outside these bounds are metadata errors, treated as no date at all; the
#: bounds also keep every date this module computes inside Python's `date` range.
_MIN_PUBLISHED_YEAR = 1000
_MAX_PUBLISHED_YEAR = 9000


def _parse_published(published: str | None) -> _Pub | None:
    """Reads YYYY, YYYY-MM or YYYY-MM-DD (a longer ISO timestamp is cut); anything else is None.

    Lenient on purpose: a malformed date from metadata should leave relative dates unresolved,
    not fail the document.
    """
    if not published:
        return None
    m = re.match(r"\s*([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", published)
    if m is None:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo is not None and not 1 <= mo <= 12:
        return None
    if mo is not None and d is not None and not 1 <= d <= _last_day(y, mo):
        return None
    if not _MIN_PUBLISHED_YEAR <= y <= _MAX_PUBLISHED_YEAR:
        return None
    return _Pub(y, mo, d)


def _year_of(written: str) -> int:
    """A year as written: "1985", or "’85" (00-29 read as 20xx, the rest as 19xx)."""
    digits = written[-2:] if written[0] in "’'‘" else written
    y = int(digits)
    if len(digits) == 2:
        y += 2000 if y <= 29 else 1900
    return y


def count_value(written: str) -> int | None:
    """A small count as written in digits or words; None for anything vaguer ("several")."""
    w = " ".join(written.lower().replace("-", " ").split())
    if w.isascii() and w.isdigit():
        return int(w)
    if w in ("a", "an", "one"):
        return 1
    if w in _UNITS_WORDS:
        return _UNITS_WORDS[w]
    if w in _TEENS_WORDS:
        return _TEENS_WORDS[w]
    if w in _TENS_WORDS:
        return _TENS_WORDS[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in _TENS_WORDS and parts[1] in _UNITS_WORDS:
        return _TENS_WORDS[parts[0]] + _UNITS_WORDS[parts[1]]
    return {"hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12, "half a dozen": 6}.get(w)


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 24), start)
    return m.group(1).lower() if m else ""


def _parts(
    table: dict[str, tuple[int, int]], mod: str | None, mod2: str | None, whole: tuple[int, int]
) -> tuple[int, int]:
    """The offsets "early", "mid-to-late"... cover; the whole range when there is no modifier."""
    if mod is None:
        return whole
    first = table[mod.lower()]
    last = table[mod2.lower()] if mod2 else first
    return min(first[0], last[0]), max(first[1], last[1])


def _occurrence(
    first_month: int, length: int, which: str, ref_start: int, ref_end: int
) -> tuple[int, int] | None:
    """Which "March" or "summer" is meant, as absolute months, relative to a reference period.

    `which` is "last" (the latest one over before the reference starts), "next" (the first one
    starting after it ends) or "this" (the one holding the reference, else the one starting in
    its year). Used both for "last March" in an article and "the following summer" after an event.
    """
    years = range(ref_start // 12 - 2, ref_end // 12 + 3)
    spans = [(y * 12 + first_month - 1, y * 12 + first_month - 1 + length - 1) for y in years]
    if which == "last":
        before = [s for s in spans if s[1] < ref_start]
        return before[-1] if before else None
    if which == "next":
        after = [s for s in spans if s[0] > ref_end]
        return after[0] if after else None
    for s in spans:
        if s[0] <= ref_start <= s[1]:
            return s
    for s in spans:
        if s[0] // 12 == ref_start // 12:
            return s
    return None


def _shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    a = y * 12 + m - 1 + k
    return a // 12, a % 12 + 1


# --------------------------------------------------------------------------------------------
# Handlers: one per pattern, each returns the candidates its match stands for
# --------------------------------------------------------------------------------------------


def _on_date(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """Month dates: "March 7, 1985", "7 March 1985", "May of 1985", "on March 7", "in March"."""
    mod = m.group("mod")
    month_text = m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4")
    month = _MONTH_NUMBER[month_text[:3]]
    day_text = m.group("d1") or m.group("d2")
    year_text = m.group("y1") or m.group("y2") or m.group("y3")
    start = m.start()
    if day_text is not None and mod is not None:
        # "early March 7" is not a form; keep the date, drop the word in front of it.
        start = m.start("m1") if m.group("m1") else m.start("d2")
    if m.group("m4") is not None and (
        m.group("wd") or (mod is None and _prev_word(text, m.start()) not in _MONTH_LEADS)
    ):
        return []  # a bare capitalised "May" or "March" is too often a name, verb or noun
    first_day: int | None = None
    last_day: int | None = None
    if day_text is not None:
        first_day = last_day = int(day_text)
        if m.group("d1b"):
            last_day = int(m.group("d1b"))
            if last_day <= first_day:
                return []
        if last_day > (29 if month == 2 else _last_day(2001, month)):
            return []
    elif mod is not None:
        first_day, last_day = _MONTH_PARTS[mod.lower()]
    if year_text is None:
        return [
            _Candidate(start, m.end(), "date", None, False, _Pending(month, first_day, last_day))
        ]
    year = _year_of(year_text)
    span = _month_span(year, month, first_day, last_day)
    if span is None:
        return []
    return [_Candidate(start, m.end(), "date", span, True)]


def _month_span(
    year: int, month: int, first_day: int | None, last_day: int | None
) -> tuple[str, str] | None:
    if first_day is None or last_day is None:
        return _fym(year, month), _fym(year, month)
    days = _last_day(year, month)
    if first_day > days:
        return None
    return _fymd(year, month, first_day), _fymd(year, month, min(last_day, days))


def _on_iso(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ISO dates, "1985-03-07", checked against the calendar."""
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if d > _last_day(y, mo):
        return []
    day = _fymd(y, mo, d)
    return [_Candidate(m.start(), m.end(), "date", (day, day), True)]


def _on_season(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "summer of 1985" → 1985-06..1985-08; winter of 1985 runs into February 1986."""
    first, length = _SEASON_MONTHS[m.group("s").lower()]
    if m.group("mod"):
        offset = {"early": 0, "mid": length // 2, "late": length - 1}[m.group("mod").lower()]
        first, length = first + offset, 1
    start = _year_of(m.group("y")) * 12 + first - 1
    span = (_month_abs(start), _month_abs(start + length - 1))
    return [_Candidate(m.start(), m.end(), "date", span, True)]


def _on_decade(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "the 1980s", "the ’80s", "the eighties", "the early-to-mid '80s"; "the 1900s" is a century.

    Bare "80s" and "eighties" need "the": "in his eighties" is an age.
    """
    if (m.group("bare") or m.group("word")) and not m.group("the"):
        return []
    size = 10
    if m.group("full"):
        base = int(m.group("full"))
        if base % 100 == 0 and base < 2000:
            size = 100  # "the 1900s" in prose means the century
    elif m.group("short"):
        two = int(m.group("short"))
        base = (2000 if two <= 20 else 1900) + two
    elif m.group("bare"):
        two = int(m.group("bare"))
        base = (2000 if two <= 20 else 1900) + two
    else:
        base = _DECADE_WORDS[m.group("word").lower()]
    table = _DECADE_PARTS if size == 10 else _CENTURY_PARTS
    lo, hi = _parts(table, m.group("mod"), m.group("mod2"), (0, size - 1))
    return [_Candidate(m.start(), m.end(), "date", (_fy(base + lo), _fy(base + hi)), True)]


def _on_century(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "the 19th century" → 1800..1899 (the everyday reading, not the pedantic 1801..1900)."""
    n = int(m.group("n")) if m.group("n") else _CENTURY_WORDS[m.group("w")]
    base = (n - 1) * 100
    lo, hi = _parts(_CENTURY_PARTS, m.group("mod"), None, (0, 99))
    return [_Candidate(m.start(), m.end(), "date", (_fy(base + lo), _fy(base + hi)), True)]


def _year_context_ok(text: str, start: int, end: int, year: int | None = None) -> bool:
    """False when the number is a count, an amount, an address or a label, not a year.

    After "in", "since"... the number is a year whatever follows: "In 1985 police arrested".
    A round hundred after "about" or "more than" is a count: "more than 2000 were sent".
    """
    if _NOT_YEAR_BEFORE.search(text, max(0, start - 24), start):
        return False
    before = _prev_word(text, start)
    if before in _YEAR_LEADS:
        return True
    if year is not None and year % 100 == 0 and before in _COUNT_LEADS:
        return False
    return _NOT_YEAR_AFTER.match(text, end) is None


def _year_candidate(y: int, start: int, end: int, mod: str | None = None) -> _Candidate:
    if mod is None:
        return _Candidate(start, end, "date", (_fy(y), _fy(y)), True)
    lo, hi = _YEAR_PARTS[mod.lower()]
    return _Candidate(start, end, "date", (_fym(y, lo), _fym(y, hi)), True)


def _on_year(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """Years and year ranges: "in 1989", "mid-1985", "1985–1989", "between 1985 and 1989"."""
    single = int(m.group("y")) if m.group("y") and not m.group("mod") else None
    if not _year_context_ok(text, m.start(), m.end(), single):
        return []
    if m.group("y"):
        return [_year_candidate(int(m.group("y")), m.start(), m.end(), m.group("mod"))]
    first_text = m.group("b1") or m.group("r1")
    second_text = m.group("b2") or m.group("r2")
    first = int(first_text)
    dash = m.group("conn") is not None and m.group("conn").strip() in ("-", "–", "—")
    if len(second_text) == 2:
        second = first // 100 * 100 + int(second_text)
        if second <= first:
            second += 100
        r1_end = m.end("b1") if m.group("b1") else m.end("r1")
        if m.group("r1") and not dash:
            return [_year_candidate(first, m.start("r1"), r1_end)]  # "1985 to 20": a count
        if m.group("r1") and second - first > 10 and int(second_text) <= 12:
            # "1985-03" reads as an ISO month, not as 1985 to 2003.
            month = int(second_text)
            return [
                _Candidate(
                    m.start(), m.end(), "date", (_fym(first, month), _fym(first, month)), True
                )
            ]
    else:
        second = int(second_text)
    if second <= first:
        # "1989-1985" is no range; report the two years on their own.
        one = "b1" if m.group("b1") else "r1"
        two = "b2" if m.group("b2") else "r2"
        return [
            _year_candidate(first, m.start(one), m.end(one)),
            _year_candidate(second, m.start(two), m.end(two)),
        ]
    return [_Candidate(m.start(), m.end(), "date", (_fy(first), _fy(second)), True)]


def _on_short_year(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "in ’85", "the class of '85": a two-digit year only after a word that asks for one."""
    if _prev_word(text, m.start()) not in _SHORT_YEAR_LEADS:
        return []
    y = _year_of(m.group(0))
    return [_Candidate(m.start(), m.end(), "date", (_fy(y), _fy(y)), True)]


def _on_present(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "Today", "now", "currently": the publication date, or unresolved without one."""
    if m.group(0).lower() == "today" and (
        _USA_BEFORE.search(text, max(0, m.start() - 8), m.start())
        or _SHOW_AFTER.match(text, m.end())
    ):
        return []  # the newspaper USA Today, NBC's Today show
    span = None if pub is None else (pub.as_span_date(), pub.as_span_date())
    return [_Candidate(m.start(), m.end(), "present", span)]


def _capitalised(m: re.Match[str], text: str, *groups: str) -> bool:
    """Whether the calendar names a lower-cased match holds are capitalised in the original."""
    return all(m.start(g) < 0 or text[m.start(g)].isupper() for g in groups)


def _on_pub_relative(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "last year", "yesterday", "three years ago", "last March": counted from publication."""
    if not _capitalised(m, text, "cal"):
        return []
    if (
        m.group("w")
        and m.group("w").lower() in ("last", "next")
        and (_prev_word(text, m.start()) in _DETERMINERS)
    ):
        return []  # "his last year in office" says nothing about when the article appeared
    return [_Candidate(m.start(), m.end(), "date", _pub_relative_span(m, pub))]


def _pub_relative_span(m: re.Match[str], pub: _Pub | None) -> tuple[str, str] | None:
    if pub is None:
        return None
    full = pub.full
    if m.group("day"):
        if full is None:
            return None
        word = m.group("day").lower()
        shift = -1 if word == "yesterday" else 1 if word == "tomorrow" else 0
        day = _fdate(full + timedelta(days=shift))
        return day, day
    if m.group("ea"):
        return _earlier_later_this(m.group("ea").lower(), m.group("eau").lower(), pub)
    if m.group("w"):
        which = m.group("w").lower().split()[-1]
        which = {"past": "last", "coming": "next"}.get(which, which)
        return _last_this_next(which, m.group("u"), pub)
    if m.group("an"):
        n = count_value(m.group("an"))
        return None if n is None else _ago(n, m.group("au").lower(), pub)
    return None  # "years ago": too vague to bound


def _earlier_later_this(which: str, unit: str, pub: _Pub) -> tuple[str, str] | None:
    full = pub.full
    if unit == "year":
        if pub.month is None:
            return _fy(pub.year), _fy(pub.year)
        here = _fym(pub.year, pub.month)
        return (_fym(pub.year, 1), here) if which == "earlier" else (here, _fym(pub.year, 12))
    if full is None:
        return None
    if unit == "month":
        first = full.replace(day=1)
        last = full.replace(day=_last_day(full.year, full.month))
    else:
        first = full - timedelta(days=full.weekday())
        last = first + timedelta(days=6)
    if which == "earlier":
        return _fdate(first), _fdate(full)
    return _fdate(full), _fdate(last)


def _last_this_next(which: str, unit: str, pub: _Pub) -> tuple[str, str] | None:
    shift = {"last": -1, "this": 0, "next": 1}[which]
    low = unit.lower()
    if low == "year":
        return _fy(pub.year + shift), _fy(pub.year + shift)
    if low == "month":
        if pub.month is None:
            return None
        y, mo = _shift_months(pub.year, pub.month, shift)
        return _fym(y, mo), _fym(y, mo)
    if low == "week":
        full = pub.full
        if full is None:
            return None
        monday = full - timedelta(days=full.weekday()) + timedelta(weeks=shift)
        return _fdate(monday), _fdate(monday + timedelta(days=6))
    if low in _WEEKDAY_LOWER.split("|"):
        full = pub.full
        if full is None:
            return None
        delta = (_WEEKDAY_LOWER.split("|").index(low) - full.weekday()) % 7
        if which == "last":
            delta -= 7  # "last Friday" on a Friday is a week ago
        elif which == "next" and delta == 0:
            delta = 7
        day = _fdate(full + timedelta(days=delta))
        return day, day
    if pub.month is None:
        return None
    first, length = _SEASON_MONTHS.get(low, (_MONTH_BY_LOWER.get(low, 1), 1))
    here = pub.year * 12 + pub.month - 1
    found = _occurrence(first, length, which, here, here)
    return None if found is None else (_month_abs(found[0]), _month_abs(found[1]))


def _ago(n: int, unit: str, pub: _Pub) -> tuple[str, str] | None:
    unit = unit.rstrip("s") if unit != "centuries" else "century"
    if pub.year - 10 * n - 5 < 1:
        return None  # "a hundred decades ago": before year 1, which no date here can write
    if unit == "year":
        return _fy(pub.year - n), _fy(pub.year - n)
    if unit == "decade":
        # "two decades ago" is a round number: allow five years either side.
        return _fy(pub.year - 10 * n - 5), _fy(pub.year - 10 * n + 5)
    if unit == "month":
        if pub.month is None:
            return None
        y, mo = _shift_months(pub.year, pub.month, -n)
        return _fym(y, mo), _fym(y, mo)
    full = pub.full
    if full is None or unit == "century":
        return None
    days = {"week": 7 * n, "fortnight": 14 * n, "day": n}.get(unit, 0)
    try:
        day = _fdate(full - timedelta(days=days))
    except OverflowError:
        return None
    return day, day


def _on_event_relative(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "two years later", "the following year", "that day": found here, anchored by the caller."""
    if m.group("u") and m.group("n") is None and not m.group("u").endswith("s"):
        return []  # "day after day"
    if not _capitalised(m, text, "cal", "cal2"):
        return []
    return [_Candidate(m.start(), m.end(), "date")]


def _on_set(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "every year", "each October", "annually": recurrences, which no interval describes."""
    if not _capitalised(m, text, "cal", "cal2"):
        return []
    return [_Candidate(m.start(), m.end(), "set")]


def _on_duration(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "27 years", "almost a decade", "a 40-year sentence", "for years"; ages are dropped."""
    if _AGE_AFTER.match(text, m.end()):
        return []  # "74 years old", "a 74-year-old": an age, reconcile reads those elsewhere
    if m.group("bare"):
        if m.group("the") or m.group("mod") or _prev_word(text, m.start()) not in ("for", "in"):
            return []
    elif m.group("tqu"):
        if not m.group("the") or m.group("tq").lower() not in ("past", "last"):
            return []
    elif (
        m.group("n")
        and m.group("n").lower() in ("a", "an")
        and not (
            m.group("the")
            or m.group("mod")
            or m.group("half")
            or _prev_word(text, m.start()) in _DURATION_LEADS
            or _DURATION_NOUN_AFTER.match(text, m.end())
        )
    ):
        return []  # "a year" alone: "once a year", "a year of firsts" are not durations
    return [_Candidate(m.start(), m.end(), "duration")]


#: Every form, in the order that breaks ties between equally long matches at the same place,
#: and whether its pattern runs on the lower-cased copy of the text (see `find_times`).
_FORMS: tuple[tuple[re.Pattern[str], _Handler, bool], ...] = (
    (_DATE, _on_date, False),
    (_ISO, _on_iso, False),
    (_SEASON, _on_season, True),
    (_DECADE, _on_decade, True),
    (_CENTURY, _on_century, True),
    (_YEAR, _on_year, True),
    (_SHORT_YEAR, _on_short_year, False),
    (_PUB_RELATIVE, _on_pub_relative, True),
    (_EVENT_RELATIVE, _on_event_relative, True),
    (_PRESENT, _on_present, True),
    (_SET, _on_set, True),
    (_DURATION, _on_duration, True),
)


def _select(candidates: list[tuple[int, _Candidate]]) -> list[_Candidate]:
    """Longest first, then earliest, then form order; drop whatever overlaps a chosen one."""
    candidates.sort(key=lambda pc: (pc[1].start - pc[1].end, pc[1].start, pc[0]))
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for _, c in candidates:
        i = bisect.bisect_right(starts, c.start)
        if i > 0 and chosen[i - 1].end > c.start:
            continue
        if i < len(chosen) and chosen[i].start < c.end:
            continue
        starts.insert(i, c.start)
        chosen.insert(i, c)
    return chosen


class _Ambiguous:
    """The paragraph named several years last ("from 1985 to 1989"): no single anchor."""


_AMBIGUOUS = _Ambiguous()


#: Words in the clause before a date written without its year that put it after the
#: publication: "will meet Tuesday", "as soon as Friday", "is scheduled for March 7".
_FUTURE_CUES = re.compile(
    r"\b(?:will|would|shall|is\s+to|are\s+to|going\s+to|scheduled|expected|planned\s+for"
    r"|as\s+(?:soon|early)\s+as|next|upcoming|due)\b|['’]ll\b",
    re.IGNORECASE,
)
#: Where the clause a date belongs to begins: a sentence end, a comma, a quote, a line break.
_CLAUSE_START = re.compile(r"[.!?;,:\"“”`'(](?:\s|$)|\n")
#: How far after the publication a day written without a year ("by Jan. 14", "payable Dec. 7")
#: is read as coming rather than past: news names near deadlines far more often than dates
#: eleven months ago. 90 days was chosen on TempEval-3's TBAQ training set (re-run
#: `leyenda eval tempeval`); past tense beyond it keeps the year before.
FUTURE_DAY_WINDOW = 90


def _speaks_of_future(text: str, start: int) -> bool:
    """Whether the clause leading up to text[start] speaks of what is still to come."""
    begin = max(0, start - 80)
    for m in _CLAUSE_START.finditer(text, begin, start):
        begin = m.end()
    return _FUTURE_CUES.search(text, begin, start) is not None


def _resolve(
    pending: _Pending, anchor: int | _Ambiguous | None, pub: _Pub | None, future: bool = False
) -> tuple[str, str] | None:
    """The year of a month date written without one (see the module docstring, step 3).

    Anchored on the publication date, it is the latest such date not after it, unless the
    sentence speaks of the future ("will meet on March 7"): then the first one not before it.
    """
    if isinstance(anchor, _Ambiguous):
        return None
    if anchor is not None:
        year = anchor
    elif pub is None:
        return None
    else:
        year = pub.year
        if pub.month is not None:
            written = (pending.month, pending.first_day or 1)
            if written > (pub.month, pub.day or 31) and not (
                future or _soon_after(pub, pending.month, pending.first_day)
            ):
                year -= 1
            elif written < (pub.month, pub.day or 1) and future:
                year += 1
    span = _month_span(year, pending.month, pending.first_day, pending.last_day)
    if span is None:  # February 29 in a year without one: keep what is certain, the month
        return _fym(year, pending.month), _fym(year, pending.month)
    return span


def _soon_after(pub: _Pub, month: int, day: int | None) -> bool:
    """Whether `month`/`day` of the publication's year falls within the window after it."""
    full = pub.full
    if full is None or day is None or day > _last_day(pub.year, month):
        return False
    return 0 <= (date(pub.year, month, day) - full).days <= FUTURE_DAY_WINDOW


def find_times(text: str, published: str | None) -> list[TimeExpr]:
    """Every time expression in `text`, sorted, never overlapping, resolved where possible.

    `published` (YYYY-MM-DD, or coarser) anchors "today", "last year" and dates written without
    a year when the paragraph names none; without it those stay `span=None`.
    """
    return [expr for expr, _ in _find(text, _parse_published(published), _FORMS)]


def _find(
    text: str, pub: _Pub | None, forms: tuple[tuple[re.Pattern[str], _Handler, bool], ...]
) -> list[tuple[TimeExpr, _Candidate]]:
    """`find_times` over any list of forms; each expression comes with the candidate it won as."""
    # Case-insensitive matching costs Python's regex engine two to three times more, so the
    # word patterns are written in lower case and run on a copy lower-cased in ASCII only:
    # same length, same offsets. Month dates run on the original, where the capital matters.
    lowered = text.translate(_ASCII_LOWER)
    candidates: list[tuple[int, _Candidate]] = []
    for priority, (pattern, handler, on_lower) in enumerate(forms):
        for m in pattern.finditer(lowered if on_lower else text):
            candidates.extend((priority, c) for c in handler(m, text, pub))
    found: list[tuple[TimeExpr, _Candidate]] = []
    anchor: int | _Ambiguous | None = None
    anchor_end = 0
    for c in _select(candidates):
        if anchor is not None and text.find("\n", anchor_end, c.start) != -1:
            anchor = None  # a new paragraph: an earlier year no longer anchors anything
        span = c.span
        if c.pending is not None:
            future = anchor is None and _speaks_of_future(text, c.start)
            span = _resolve(c.pending, anchor, pub, future)
        if c.explicit_year and c.span is not None:
            same_year = c.span[0][:4] == c.span[1][:4]
            anchor = int(c.span[0][:4]) if same_year else _AMBIGUOUS
            anchor_end = c.end
        written = text[c.start : c.end]
        time_span = None if span is None else TimeSpan(span[0], span[1], written)
        found.append((TimeExpr(c.start, c.end, written, c.kind, time_span, c.explicit_year), c))
    return found


# --------------------------------------------------------------------------------------------
# Anchoring what is relative to another event
# --------------------------------------------------------------------------------------------

_REL_SHIFT = re.compile(
    rf"""
    (?:(?P<n>{_NUMWORD}|[0-9]{{1,3}}|an?){_S}+(?P<u>{_UNIT}){_S}+
        (?P<dir>later|earlier|afterwards?|before|after|prior))$
""",
    _X,
)
_REL_NAMED = re.compile(
    rf"""
    (?:(?:(?:later|earlier){_S}+)?
        (?:that{_S}+(?:(?P<same>same){_S}+)?|the{_S}+(?P<q>following|next|previous|preceding
            |prior|same){_S}+)
        (?P<u>{_rel_unit("cal")})
      | the{_S}+(?P<u2>day|week|month|year|night|morning|evening)(?:{_S}+|-)(?P<dir>before|after)
    )$
""",
    _X,
)
_SPAN_DATE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?\Z")
_DAY_UNITS = frozenset({"day", "morning", "afternoon", "evening", "night"})


def _precision(d: str) -> str:
    return {4: "year", 7: "month"}.get(len(d), "day")


def _shift(d: str, unit: str, k: int) -> str | None:
    """Moves a YYYY / YYYY-MM / YYYY-MM-DD date by k units, written at the unit's precision."""
    prec = _precision(d)
    y = int(d[:4])
    if unit == "year":
        return _fy(y + k) if 1 <= y + k <= 9999 else None
    if prec == "year":
        return None
    mo = int(d[5:7])
    if unit == "month":
        yy, mm = _shift_months(y, mo, k)
        return _fym(yy, mm) if 1 <= yy <= 9999 else None
    if prec == "month":
        return None
    try:
        return _fdate(date(y, mo, int(d[8:10])) + timedelta(days=k))
    except (OverflowError, ValueError):
        return None


def _truncate(d: str, unit: str) -> str | None:
    """`d` at the precision of `unit`; None when `d` is coarser than that."""
    want = {"year": 4, "month": 7}.get(unit, 10)
    return d[:want] if len(d) >= want else None


def _unit_name(word: str) -> str:
    """ "years" → "year", "night" → "day": the calendar unit a word counts in."""
    w = word.lower()
    if w in _DAY_UNITS or w == "days":
        return "day"
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") else w


def anchor_relative(expr: TimeExpr, anchor: TimeSpan) -> TimeSpan | None:
    """Resolves "two years later", "the following year", "that day" against an event's time.

    `find_times` cannot know which event "later" counts from; the caller that does (a claim
    about an arrest "two years later" than the one before it) passes that event's span here.
    Returns None for an expression this does not understand, or when the anchor is coarser than
    the expression ("the next day" after "1985").
    """
    if not (_SPAN_DATE.match(anchor.start) and _SPAN_DATE.match(anchor.end)):
        return None
    text = expr.text
    lowered = text.translate(_ASCII_LOWER)
    shifted = _REL_SHIFT.match(lowered)
    if shifted is not None:
        n = count_value(shifted.group("n"))
        unit = _unit_name(shifted.group("u"))
        if n is None or unit in ("hour", "minute", "second", "century"):
            return None
        sign = -1 if shifted.group("dir").lower() in ("earlier", "before", "prior") else 1
        step = {"decade": ("year", 10), "week": ("day", 7), "fortnight": ("day", 14)}.get(
            unit, (unit, 1)
        )
        return _shifted_span(anchor, step[0], sign * n * step[1], text)
    named = _REL_NAMED.match(lowered)
    if named is None:
        return None
    if named.group("u2"):
        unit = _unit_name(named.group("u2"))
        sign = -1 if named.group("dir").lower() == "before" else 1
        return _shifted_span(
            anchor, unit if unit != "week" else "day", sign * (7 if unit == "week" else 1), text
        )
    word = named.group("u")
    unit = _unit_name(word)
    q = (named.group("q") or "same").lower()
    shift = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}.get(q, 0)
    if unit in ("year", "month", "day", "week", "decade"):
        base, k = {"week": ("day", 7 * shift), "decade": ("year", 10 * shift)}.get(
            unit, (unit, shift)
        )
        if shift == 0:
            lo, hi = _truncate(anchor.start, base), _truncate(anchor.end, base)
            if unit in ("week", "decade") or lo is None or hi is None:
                return None
            return TimeSpan(lo, hi, text)
        return _shifted_span(anchor, base, k, text)
    return _named_period_span(word, shift, anchor, text)


def _shifted_span(anchor: TimeSpan, unit: str, k: int, text: str) -> TimeSpan | None:
    lo, hi = _shift(anchor.start, unit, k), _shift(anchor.end, unit, k)
    if lo is None or hi is None:
        return None
    return TimeSpan(lo, hi, text)


def _named_period_span(word: str, shift: int, anchor: TimeSpan, text: str) -> TimeSpan | None:
    """ "the following spring", "that March", "the previous winter" after an anchor."""
    low = word.lower()
    if low in _SEASON_MONTHS:
        first, length = _SEASON_MONTHS[low]
    elif low in _MONTH_BY_LOWER:
        first, length = _MONTH_BY_LOWER[low], 1
    else:
        return None  # weekdays and "weekend" need a calendar the anchor rarely gives
    if shift == 0:
        ref = int(anchor.start[:4]) * 12 + (
            int(anchor.start[5:7]) - 1 if len(anchor.start) >= 7 else 0
        )
        found = _occurrence(first, length, "this", ref, ref)
    else:
        if len(anchor.start) < 7 or len(anchor.end) < 7:
            return None
        ref_start = int(anchor.start[:4]) * 12 + int(anchor.start[5:7]) - 1
        ref_end = int(anchor.end[:4]) * 12 + int(anchor.end[5:7]) - 1
        found = _occurrence(first, length, "next" if shift > 0 else "last", ref_start, ref_end)
    if found is None:
        return None
    return TimeSpan(_month_abs(found[0]), _month_abs(found[1]), text)


# --------------------------------------------------------------------------------------------
# TIMEX3: the same expressions in TimeML's terms, for `leyenda eval tempeval`
# --------------------------------------------------------------------------------------------
#
# TimeML (the annotation of TempEval-3) gives every expression a type (DATE, TIME, DURATION,
# SET) and a value written in ISO 8601 extended: "1998-02-06", "1998-W05", "1998-Q1", "1998-SU",
# "199" (the 1990s), "P3Y", "XXXX-10", "PRESENT_REF". News also uses forms that `find_times`
# leaves out because, in a story told about the past, they count from the narrated time rather
# than from the publication: weekdays ("said Friday"), clock times, fiscal quarters and vague
# references ("recently", "the future"). `find_timex3` adds those, anchored on the publication
# date the way a news wire means them.


@dataclass(frozen=True)
class Timex3:
    """A time expression with its TimeML type and value; offsets index the text searched."""

    start: int
    end: int
    text: str
    type: Timex3Type
    value: str


_SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PART_CODES = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
}
_UNIT_CODES = {
    "second": ("T", "S", 1),
    "minute": ("T", "M", 1),
    "hour": ("T", "H", 1),
    "day": ("", "D", 1),
    "night": ("", "D", 1),
    "week": ("", "W", 1),
    "fortnight": ("", "W", 2),
    "month": ("", "M", 1),
    "quarter": ("", "Q", 1),
    "year": ("", "Y", 1),
    "decade": ("", "Y", 10),
    "century": ("", "Y", 100),
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS["4th"] = 4
_WEEKDAY_NEWS = re.compile(
    rf"""
    (?<![\w-])
    (?P<wd>{_WEEKDAY}|(?:Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun)\.)
    (?:{_S}+(?P<part>morning|afternoon|evening|night))?
    (?![\w-])
""",
    _X,
)
_CLOCK = re.compile(
    rf"""
    (?<![\w:.$])
    (?:
        (?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5][0-9]))?{_S}*(?P<ap>a\.m\.|p\.m\.|am|pm)(?![\w])
      | (?P<noon>noon|midday|midnight)(?![\w-])
    )
    (?:{_S}+(?:est|edt|cst|cdt|mst|mdt|pst|pdt|gmt|utc)(?!\w))?
    (?:,?{_S}+(?:on{_S}+)?(?P<wd>{_WEEKDAY_LOWER})(?!\w))?
""",
    _X,
)
_QUARTER = re.compile(
    rf"""
    (?<![\w-])
    (?:(?P<the>the|its|their|this{_S}+year['’]s|last{_S}+year['’]s|next{_S}+year['’]s)
        {_S}+)?
    (?:(?P<yr>year-earlier|year-ago|comparable|{_Y4}){_S}+)?
    (?:(?P<fiscal>fiscal|calendar){_S}+)?
    (?:
        (?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)(?:{_S}+|-)quarter
            (?:{_S}+of{_S}+(?P<y>{_Y4}))?
      | (?:(?P<rel>latest|current|year-earlier|year-ago|previous|past|last|same){_S}+)?quarter
    )(?![\w-])
""",
    _X,
)
_HALF = re.compile(
    rf"""
    (?<![\w-])(?:the{_S}+)?(?P<ord>first|second)(?:{_S}+|-)half(?:{_S}+of{_S}+(?P<y>{_Y4}))?
    (?![\w-])
""",
    _X,
)
_YEAR_EARLIER = re.compile(
    rf"(?<![\w-])(?:the{_S}+)?year-(?:earlier|ago)(?:{_S}+(?:period|quarter))?(?![\w-])"
)
_FISCAL_YEAR = re.compile(rf"(?<![\w-])fiscal{_S}+(?P<y>{_Y4})(?![\w-])")
_VAGUE = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?P<past>recently|lately
           |(?:in{_S}+)?recent{_S}+(?:years|months|weeks|days|decades)
           |(?<=in{_S})the{_S}+past(?!{_S}+(?:few|several|two|three|\d))
           |(?:the{_S}+)?past{_S}+(?:few|several|many){_S}+(?:years|months|weeks|decades))
      | (?P<future>(?:the{_S}+)?(?:near{_S}+)?future(?!{_S}+\w)
           |the{_S}+(?:near|short)(?:{_S}+|-)term
           |(?:the{_S}+)?coming{_S}+(?:days|weeks|months|years|decades|quarters)
           |the{_S}+(?:days|weeks|months|years){_S}+ahead)
      | (?P<present>(?<=at{_S})the{_S}+present)
    )
    (?![\w-])
""",
    _X,
)


def _weekday_date(target: int, text: str, start: int, full: date) -> str:
    """The day a bare weekday names: the publication day itself, else the last such day before
    it, or the next after it when its clause speaks of the future ("will meet Tuesday")."""
    delta = (target - full.weekday()) % 7
    if delta and not _speaks_of_future(text, start):
        delta -= 7
    return _fdate(full + timedelta(days=delta))


_WEEKEND = re.compile(rf"(?<![\w-])(?P<w>this|last|next|the|over{_S}+the){_S}+weekend(?![\w-])")


def _on_weekend(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "the weekend", "last weekend": the one just past unless the clause looks ahead."""
    full = pub.full if pub is not None else None
    start = m.start() + (m.group().index("the") if m.group("w").startswith("over") else 0)
    if full is None:
        return [_Candidate(start, m.end(), "date", timex3=("DATE", "XXXX-WXX-WE"))]
    which = m.group("w")
    ahead = which == "next" or (which != "last" and _speaks_of_future(text, m.start()))
    shift = 0 if full.weekday() >= 5 else 1 if ahead else -1
    if which == "next" and full.weekday() >= 5:
        shift = 1
    year, week, _ = (full + timedelta(weeks=shift)).isocalendar()
    return [_Candidate(start, m.end(), "date", timex3=("DATE", f"{year:04d}-W{week:02d}-WE"))]


def _on_weekday(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "said Friday", "Sunday night": the nearest such day before the publication, or after
    it when its clause speaks of the future ("will meet Tuesday")."""
    full = pub.full if pub is not None else None
    name = m.group("wd")
    target = next(i for i, w in enumerate(_WEEKDAY.split("|")) if w.startswith(name[:3]))
    part = m.group("part")
    if full is None:
        value = f"XXXX-WXX-{target + 1}"
    else:
        value = _weekday_date(target, text, m.start(), full)
    if part:
        return [
            # TimeBank types "Sunday night" DATE far more often than TIME (19 to 5 in TBAQ).
            _Candidate(m.start(), m.end(), "date", timex3=("DATE", f"{value}T{_PART_CODES[part]}"))
        ]
    return [_Candidate(m.start(), m.end(), "date", timex3=("DATE", value))]


def _on_clock(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "10 a.m.", "3:30 pm", "noon": a time on the publication day."""
    if m.group("noon"):
        hour, minute = (0, 0) if m.group("noon") == "midnight" else (12, 0)
    else:
        hour, minute = int(m.group("h")) % 12, int(m.group("mi") or 0)
        if m.group("ap").startswith("p"):
            hour += 12
    full = pub.full if pub is not None else None
    day = "XXXX-XX-XX" if full is None else _fdate(full)
    if m.group("wd") and not text[m.start("wd")].isupper():
        return []
    if m.group("wd") and full is not None:
        day = _weekday_date(_WEEKDAY_LOWER.split("|").index(m.group("wd")), text, m.start(), full)
    return [
        _Candidate(m.start(), m.end(), "date", timex3=("TIME", f"{day}T{hour:02d}:{minute:02d}"))
    ]


def _on_quarter(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "the third quarter", "third-quarter", "the fourth quarter of 1990", "the latest quarter"."""
    the = (m.group("the") or "").lower()
    start = m.start()
    year_shift = -1 if the.startswith("last") else 1 if the.startswith("next") else 0
    if m.group("ord"):
        q = _ORDINALS[m.group("ord").lower()]
        written_year = m.group("y") or (
            m.group("yr") if (m.group("yr") or "x")[0].isdigit() else None
        )
        if written_year:
            year = int(written_year)
        elif pub is None or pub.month is None:
            return [_Candidate(start, m.end(), "date", timex3=("DATE", f"XXXX-Q{q}"))]
        else:
            year = pub.year if (q - 1) * 3 + 1 <= pub.month else pub.year - 1
            if year_shift:
                year = pub.year + year_shift
            elif (m.group("yr") or "").startswith("year-"):
                year -= 1
        return [_Candidate(start, m.end(), "date", timex3=("DATE", f"{year}-Q{q}"))]
    rel = (m.group("rel") or "").lower()
    if rel in ("past", "last", "") and not the.startswith("the"):
        return []  # "a quarter of the vote", "past quarter": a share, or a phrase too vague
    if pub is None or pub.month is None:
        return [_Candidate(start, m.end(), "date", timex3=("DATE", "XXXX-QX"))]
    # A report "for the quarter" means the last one finished, unless it says "current".
    current = (pub.month - 1) // 3 + 1
    year, q = (pub.year, current - 1) if current > 1 else (pub.year - 1, 4)
    if rel == "current":
        year, q = pub.year, current
    elif rel in ("year-earlier", "year-ago"):
        year -= 1
    return [_Candidate(start, m.end(), "date", timex3=("DATE", f"{year}-Q{q}"))]


def _on_half(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "the first half of 1990" → 1990-H1; without a year, the publication year's."""
    h = 1 if m.group("ord").lower() == "first" else 2
    if m.group("y"):
        year: int | None = int(m.group("y"))
    else:
        year = None if pub is None else pub.year
    value = f"{'XXXX' if year is None else f'{year:04d}'}-H{h}"
    return [_Candidate(m.start(), m.end(), "date", timex3=("DATE", value))]


def _on_fiscal_year(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "fiscal 1989": the year, as TimeBank writes it."""
    y = int(m.group("y"))
    return [_Candidate(m.start(), m.end(), "date", (_fy(y), _fy(y)), True, timex3=("DATE", _fy(y)))]


def _on_year_earlier(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "year-earlier profit", "the year-ago period": the year before the publication's (the
    quarter a year back when a quarter was just named, see `find_timex3`)."""
    value = "XXXX" if pub is None else _fy(pub.year - 1)
    return [_Candidate(m.start(), m.end(), "date", timex3=("DATE", value))]


def _on_vague(m: re.Match[str], text: str, pub: _Pub | None) -> list[_Candidate]:
    """ "recently", "the future", "current": TimeML's PAST_REF, FUTURE_REF and PRESENT_REF."""
    start = m.start()
    if text[start : start + 3].lower() == "in ":
        start += 3
    ahead = _AHEAD.search(m.group())
    if ahead is not None:
        # "the coming weeks", "the months ahead": TimeBank reads a stretch of time.
        unit = _unit_name(ahead["u"] or ahead["u2"])
        value = f"P{'T' if unit in ('hour', 'minute') else ''}X{_UNIT_CODES[unit][1]}"
        return [_Candidate(start, m.end(), "duration", timex3=("DURATION", value))]
    value = "PAST_REF" if m.group("past") else "FUTURE_REF" if m.group("future") else "PRESENT_REF"
    return [_Candidate(start, m.end(), "date", timex3=("DATE", value))]


_AHEAD = re.compile(
    rf"coming{_S}+(?P<u>days|weeks|months|years|decades|quarters)$"
    rf"|(?P<u2>days|weeks|months|years){_S}+ahead$"
)


#: `find_times`'s forms plus the news forms above, in tie-breaking order.
_NEWS_FORMS: tuple[tuple[re.Pattern[str], _Handler, bool], ...] = (
    *_FORMS,
    (_WEEKDAY_NEWS, _on_weekday, False),
    (_CLOCK, _on_clock, True),
    (_QUARTER, _on_quarter, True),
    (_HALF, _on_half, True),
    (_FISCAL_YEAR, _on_fiscal_year, True),
    (_YEAR_EARLIER, _on_year_earlier, True),
    (_VAGUE, _on_vague, True),
    (_WEEKEND, _on_weekend, True),
)

_RANGE = re.compile(
    rf"(?:(?:from|between){_S}+)?(?P<a>{_Y4})(?P<conn>{_S}*[–—-]{_S}*|{_S}+(?:to|until|till"
    rf"|through|thru|and){_S}+)(?P<b>{_Y4}|[0-9]{{2}})$"
)
_PRESENT_REF_WORDS = re.compile(r"(?:today|tonight)$")
_DURATION_VALUE = re.compile(
    rf"""
    (?:(?P<n>{_NUMWORD}|[0-9]+(?:\.[0-9]+)?|an?|a{_S}+few|few|several|many|some
        |a{_S}+couple(?:{_S}+of)?|couple{_S}+of|dozens{_S}+of|hundreds{_S}+of)
        (?P<andhalf>{_S}+and{_S}+a{_S}+half)?(?:{_S}+|[-‐]))?
    (?:(?:more|additional|long|full|straight|consecutive|whole|short){_S}+)?
    (?P<half>half{_S}+an?{_S}+|an?{_S}+half{_S}+|half[-‐])?
    (?P<u>seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?
        |decades?|century|centuries)
    (?P<half2>{_S}+and{_S}+a{_S}+half)?
""",
    _X,
)


def _duration_value(written: str) -> str:
    """ "27 years" → P27Y, "almost a decade" → P10Y, "several months" → PXM, "90 minutes" → PT90M.

    Durations are kept as values, never turned into dates: "for almost a decade" says how long.
    """
    m = _DURATION_VALUE.search(written.translate(_ASCII_LOWER))
    if m is None:
        return "PXY"
    unit = _unit_name(m.group("u"))
    t, code, factor = _UNIT_CODES.get(unit, ("", "Y", 1))
    n_text = m.group("n")
    amount: float | None
    if n_text is None:
        amount = 1.0 if not m.group("u").endswith("s") else None
    else:
        count = count_value(n_text)
        if count is None and n_text.replace(".", "", 1).isdigit():
            amount = float(n_text)
        else:
            amount = None if count is None else float(count)
    if amount is not None and (m.group("half") or m.group("half2") or m.group("andhalf")):
        amount = 0.5 if m.group("half") else amount + 0.5
    if amount is None:
        number = "X"
    else:
        amount *= factor
        number = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return f"P{t}{number}{code}"


def _set_value(written: str) -> str:
    """ "every year" → P1Y, "each October" → XXXX-10, "on Mondays" → XXXX-WXX-1, "weekly" → P1W."""
    low = written.translate(_ASCII_LOWER)
    for i, name in enumerate(_WEEKDAY_LOWER.split("|")):
        if name in low:
            return f"XXXX-WXX-{i + 1}"
    for name, month in _MONTH_BY_LOWER.items():
        if name in low:
            return f"XXXX-{month:02d}"
    for name, code in _SEASON_CODES.items():
        if name in low:
            return f"XXXX-{code}"
    adverbs = {"annually": "P1Y", "yearly": "P1Y", "biannually": "P6M", "biennially": "P2Y"}
    adverbs |= {"semiannually": "P6M", "semi-annually": "P6M", "daily": "P1D", "weekly": "P1W"}
    adverbs["monthly"] = "P1M"
    for word, value in adverbs.items():
        if word in low:
            return value
    m = re.search(r"(?:every|each)\s+(?:other\s+)?(.+)$", low)
    if m is not None:
        value = _duration_value(m.group(1))
        return value.replace("PX", "P1") if "other" not in low else value.replace("P1", "P2")
    m = re.search(r"(?:a|an|per|each|every)\s+(\w+)$", low)
    return _duration_value(m.group(1)) if m is not None else "PXY"


def _span_value(lo: str, hi: str, written: str) -> str:
    """One TIMEX3 value for an interval: the calendar unit that holds both ends."""
    low = written.translate(_ASCII_LOWER)
    if lo == hi:
        return lo
    for name, code in _SEASON_CODES.items():
        if name in low:
            return f"{lo[:4]}-{code}"
    if len(lo) == 10 and len(hi) == 10:
        first, last = date.fromisoformat(lo), date.fromisoformat(hi)
        if (last - first).days == 6 and first.weekday() == 0:
            year, week, _ = first.isocalendar()
            return f"{year:04d}-W{week:02d}"
    if len(lo) == 4 and len(hi) == 4:
        if "centur" in low or (lo[:2] == hi[:2] and int(hi) - int(lo) >= 30):
            return lo[:2]
        if lo[:3] == hi[:3] or "decade" in low:
            return lo[:3]
    for size in (7, 4, 3, 2):
        if lo[:size] == hi[:size]:
            return lo[:size]
    return lo


def _day_part(written: str) -> str | None:
    low = written.translate(_ASCII_LOWER)
    for word, code in _PART_CODES.items():
        if re.search(rf"\b{word}\b", low):
            return code
    return None


def _timex3_of(
    expr: TimeExpr, cand: _Candidate, pub: _Pub | None, reference: TimeSpan | None
) -> list[Timex3]:
    """The TIMEX3s one expression stands for (a year range is two), with type and value."""
    written = expr.text
    low = written.translate(_ASCII_LOWER)

    def one(type_: Timex3Type, value: str) -> list[Timex3]:
        return [Timex3(expr.start, expr.end, written, type_, value)]

    if cand.timex3 is not None:
        return one(*cand.timex3)
    if expr.kind == "duration":
        return one("DURATION", _duration_value(written))
    if expr.kind == "set":
        return one("SET", _set_value(written))
    if expr.kind == "present":
        if _PRESENT_REF_WORDS.match(low) and pub is not None:
            return one("DATE", pub.as_span_date())
        return one("DATE", "PRESENT_REF")
    ranged = _RANGE.match(low)
    if ranged is not None and expr.span is not None and expr.span.start != expr.span.end:
        # TimeML marks "1985" and "1989" of "from 1985 to 1989" as two expressions.
        a, b = ranged.span("a"), ranged.span("b")
        return [
            Timex3(expr.start + a[0], expr.start + a[1], written[a[0] : a[1]], "DATE", ranged["a"]),
            Timex3(expr.start + b[0], expr.end, written[b[0] :], "DATE", expr.span.end[:4]),
        ]
    span = expr.span
    if span is None and reference is not None:
        span = anchor_relative(expr, reference)
    this_period = _THIS_PERIOD.match(low)
    if this_period is not None and pub is not None and pub.full is not None:
        # "earlier this week" is in this week: TimeML gives the week, not the days so far.
        year, week, _ = pub.full.isocalendar()
        unit = this_period["u"]
        value = {"week": f"{year:04d}-W{week:02d}", "month": pub.as_span_date()[:7]}.get(
            unit, _fy(pub.year)
        )
        return one("DATE", value)
    if span is None:
        if cand.pending is not None:
            p = cand.pending
            value = f"XXXX-{p.month:02d}"
            if p.first_day is not None and p.first_day == p.last_day:
                value += f"-{p.first_day:02d}"
        elif low.endswith("ago") or "earlier" in low or "before" in low or "previous" in low:
            value = "PAST_REF"
        else:
            value = "FUTURE_REF" if "later" in low or "after" in low else "XXXX"
        return one("DATE", value)
    decades_ago = _DECADES_AGO.search(low)
    if decades_ago is not None and pub is not None:
        n = count_value(decades_ago["n"]) or 1
        return one("DATE", _fy(pub.year - 10 * n)[:3])
    value = _span_value(span.start, span.end, written)
    part = _day_part(written)
    if part is not None and len(value) == 10:
        return one("TIME", f"{value}T{part}")
    return one("DATE", value)


_DECADES_AGO = re.compile(rf"(?P<n>{_NUMWORD}|[0-9]+|an?){_S}+decades?{_S}+ago$")
#: TimeML's extent conventions, where they differ from `find_times`'s (see `_timeml_extent`).
_LEAD_DROP = re.compile(rf"(?:right{_S}+(?=now)|(?:its|their){_S}+)")
#: Approximations TimeBank leaves outside a duration more often than in ("about a month"; but
#: "nearly two years", "more than four hours" are in): counted on the TBAQ training set.
_APPROX_DROP = re.compile(rf"(?:about|almost|only|just|at{_S}+least){_S}+")
_LEAD_ADD = re.compile(
    rf"(?:(?:early|late|mid)(?:{_S}+|-)|the{_S}+(?:end|beginning|start|middle|turn){_S}+of{_S}+)$"
)
_LEAD_ADD_TO = re.compile(
    rf"(?:this|next|last|yesterday|today|tomorrow|tonight|{_WEEKDAY_LOWER}|[0-9]{{4}})(?!\w)"
)
_OBJECT_AFTER = re.compile(rf"{_S}+[\w$“\"']")
_RELATIVE_TAIL = re.compile(rf"{_S}+(?:before|after)$")
_YEAR_BACK = re.compile(
    rf"(?:(?:an?|one){_S}+year{_S}+(?:ago|earlier)|year-(?:earlier|ago)(?:{_S}+\w+)?)$"
)
_THIS_PERIOD = re.compile(rf"(?:earlier|later){_S}+this{_S}+(?P<u>week|month|year)$")
_QUARTER_VALUE = re.compile(r"(?P<y>[0-9]{4})-(?P<q>Q[1-4])$")


def _timeml_extent(t: Timex3, text: str, lowered: str) -> Timex3:
    """`t` with TimeML's extent: "the" before a bare duration ("the nine months"), "early" or
    "the end of" before a date ("early next year"), but no "about" before a duration, no
    "earlier" before "this week", no "its" before "third quarter"."""
    start, end = t.start, t.end
    drop = (_APPROX_DROP if t.type == "DURATION" else _LEAD_DROP).match(lowered, start, end)
    if drop is not None:
        start = drop.end()
    if t.type == "DURATION" and lowered.endswith("the ", 0, start) and "-" not in t.text:
        if not lowered.startswith("the", start) and not t.value.startswith("PX"):
            start -= 4
    elif t.type in ("DATE", "TIME") and _LEAD_ADD_TO.match(lowered, start):
        lead = _LEAD_ADD.search(lowered, max(0, start - 24), start)
        if lead is not None:
            start = lead.start()
    if lowered.startswith("the ", start) and lowered.find("-quarter", start, end) != -1:
        start += 4  # "the third-quarter loss": the adjective alone
    if (start, end) == (t.start, t.end):
        return t
    return Timex3(start, end, text[start:end], t.type, t.value)


def find_timex3(text: str, published: str | None) -> list[Timex3]:
    """Every time expression in `text` with its TimeML (TIMEX3) type and value.

    Finds what `find_times` finds plus the news forms (weekdays, clock times, quarters, vague
    references) anchored on `published`, the document creation time; a date relative to another
    ("two years later") counts from the last date the text resolved, else from `published`.
    Extents follow TimeML where it differs ("two weeks before the vote" is the duration "two
    weeks"; "from 1985 to 1989" is two dates).
    """
    pub = _parse_published(published)
    lowered = text.translate(_ASCII_LOWER)
    reference = None if pub is None else TimeSpan(pub.as_span_date(), pub.as_span_date(), "")
    found: list[Timex3] = []
    quarter: re.Match[str] | None = None  # the last quarter named, which "a year ago" shifts
    for expr, cand in _find(text, pub, _NEWS_FORMS):
        tail = _RELATIVE_TAIL.search(lowered, expr.start, expr.end)
        if tail is not None and expr.kind == "date" and _OBJECT_AFTER.match(lowered, expr.end):
            # "two weeks before the vote": the duration; the event it counts from is not a time.
            end = tail.start()
            written = text[expr.start : end]
            found.append(
                _timeml_extent(
                    Timex3(expr.start, end, written, "DURATION", _duration_value(written)),
                    text,
                    lowered,
                )
            )
            continue
        made = _timex3_of(expr, cand, pub, reference)
        if _YEAR_BACK.search(lowered, expr.start, expr.end):
            if quarter is not None:
                # "a year earlier" after a quarter is that quarter a year before.
                back = f"{int(quarter['y']) - 1:04d}-{quarter['q']}"
                made = [Timex3(t.start, t.end, t.text, t.type, back) for t in made]
        elif made:
            quarter = _QUARTER_VALUE.match(made[-1].value) or quarter
        found.extend(t if len(made) > 1 else _timeml_extent(t, text, lowered) for t in made)
        if expr.kind == "date" and expr.span is not None and cand.explicit_year:
            reference = expr.span
    return found
