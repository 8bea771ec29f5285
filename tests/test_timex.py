"""Time expressions: every form the SPEC and the seeds use, what must not be read as a date,
how dates without a year are anchored, and the invariants callers rely on (offsets, order)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leyenda.model import TimeExpr, TimeSpan
from leyenda.timex import FUTURE_DAY_WINDOW, Timex3, anchor_relative, find_times, find_timex3

PUB = "2020-06-15"


def find_one(text: str, written: str, published: str | None = PUB) -> TimeExpr:
    """The expression whose text is exactly `written`; fails listing what was found otherwise."""
    found = find_times(text, published)
    matching = [e for e in found if e.text == written]
    assert len(matching) == 1, f"{written!r} not found once in {[e.text for e in found]}"
    return matching[0]


def bounds(expr: TimeExpr) -> tuple[str, str] | None:
    return None if expr.span is None else (expr.span.start, expr.span.end)


# (sentence, the expression as written, kind, expected (start, end) or None)
FORMS: list[tuple[str, str, str, tuple[str, str] | None]] = [
    # full dates
    ("His body was found on March 7, 1985.", "March 7, 1985", "date", ("1985-03-07", "1985-03-07")),
    ("It was 7 March 1985.", "7 March 1985", "date", ("1985-03-07", "1985-03-07")),
    ("On March 7th, 1985, it ended.", "March 7th, 1985", "date", ("1985-03-07", "1985-03-07")),
    ("Filed 1985-03-07 in court.", "1985-03-07", "date", ("1985-03-07", "1985-03-07")),
    ("Kidnapped on Feb. 7, 1985.", "Feb. 7, 1985", "date", ("1985-02-07", "1985-02-07")),
    ("the 7th of March, 1985", "7th of March, 1985", "date", ("1985-03-07", "1985-03-07")),
    ("between March 5–7, 1985", "March 5–7, 1985", "date", ("1985-03-05", "1985-03-07")),
    (
        "Released on Thursday, February 13, 2020.",
        "Thursday, February 13, 2020",
        "date",
        ("2020-02-13", "2020-02-13"),
    ),
    # month and year
    ("In May 1985 she met him.", "May 1985", "date", ("1985-05", "1985-05")),
    (
        "In May of 1985, she met with President Ronald Reagan.",
        "May of 1985",
        "date",
        ("1985-05", "1985-05"),
    ),
    ("in February 1985", "February 1985", "date", ("1985-02", "1985-02")),
    ("by Sept. 1985", "Sept. 1985", "date", ("1985-09", "1985-09")),
    ("in late March 1985", "late March 1985", "date", ("1985-03-21", "1985-03-31")),
    ("in mid-February 1985", "mid-February 1985", "date", ("1985-02-11", "1985-02-20")),
    # years and ranges
    ("Gallardo was arrested in 1989.", "1989", "date", ("1989", "1989")),
    ("By 1989’s end it was over.", "1989", "date", ("1989", "1989")),
    ("the 1985 killing of Camarena", "1985", "date", ("1985", "1985")),
    ("In 1985 police arrested him.", "1985", "date", ("1985", "1985")),
    ("He ruled 1985–1989.", "1985–1989", "date", ("1985", "1989")),
    ("He ruled from 1985 to 1989.", "from 1985 to 1989", "date", ("1985", "1989")),
    ("He ruled between 1985 and 1989.", "between 1985 and 1989", "date", ("1985", "1989")),
    ("the 1998-99 season", "1998-99", "date", ("1998", "1999")),
    ("in mid-1985", "mid-1985", "date", ("1985-05", "1985-08")),
    ("in late 1985", "late 1985", "date", ("1985-09", "1985-12")),
    ("the class of ’85", "’85", "date", ("1985", "1985")),
    # decades
    ("in the 1980s", "the 1980s", "date", ("1980", "1989")),
    ("changed in the ’90s, when", "the ’90s", "date", ("1990", "1999")),
    ("in the '80s", "the '80s", "date", ("1980", "1989")),
    ("in the ‘80s", "the ‘80s", "date", ("1980", "1989")),
    ("in the eighties", "the eighties", "date", ("1980", "1989")),
    ("In the early ’80s, Gallardo", "the early ’80s", "date", ("1980", "1983")),
    ("by the mid-1980s", "the mid-1980s", "date", ("1984", "1986")),
    ("a mid ’80s hit", "mid ’80s", "date", ("1984", "1986")),
    ("in the late ’80s", "the late ’80s", "date", ("1987", "1989")),
    ("in the early-to-mid '80s, in detail", "the early-to-mid '80s", "date", ("1980", "1986")),
    ("in the mid-to-late 1980s", "the mid-to-late 1980s", "date", ("1984", "1989")),
    ("in the ’00s", "the ’00s", "date", ("2000", "2009")),
    ("in the ’20s", "the ’20s", "date", ("2020", "2029")),
    ("in the ’30s", "the ’30s", "date", ("1930", "1939")),
    ("in the 19th century", "the 19th century", "date", ("1800", "1899")),
    ("in the early 1900s", "the early 1900s", "date", ("1900", "1932")),
    # seasons
    ("in the summer of 1985", "summer of 1985", "date", ("1985-06", "1985-08")),
    ("in spring 1990", "spring 1990", "date", ("1990-03", "1990-05")),
    ("in the fall of 1985", "fall of 1985", "date", ("1985-09", "1985-11")),
    ("in autumn 1985", "autumn 1985", "date", ("1985-09", "1985-11")),
    ("in the winter of 1985", "winter of 1985", "date", ("1985-12", "1986-02")),
    # present, anchored on the publication date (2020-06-15)
    (
        "Today, 74-year-old Gallardo is serving time.",
        "Today",
        "present",
        ("2020-06-15", "2020-06-15"),
    ),
    ("both are out of prison today", "today", "present", ("2020-06-15", "2020-06-15")),
    ("He is now 74.", "now", "present", ("2020-06-15", "2020-06-15")),
    ("He is currently held in Altiplano.", "currently", "present", ("2020-06-15", "2020-06-15")),
    ("these days he writes", "these days", "present", ("2020-06-15", "2020-06-15")),
    ("at present he writes", "at present", "present", ("2020-06-15", "2020-06-15")),
    ("To this day, Gallardo claims", "To this day", "present", ("2020-06-15", "2020-06-15")),
    # relative to the publication date
    ("It opens this year.", "this year", "date", ("2020", "2020")),
    ("It opened last year.", "last year", "date", ("2019", "2019")),
    ("It opens next year.", "next year", "date", ("2021", "2021")),
    ("It opened yesterday.", "yesterday", "date", ("2020-06-14", "2020-06-14")),
    ("It opened last month.", "last month", "date", ("2020-05", "2020-05")),
    ("It opened three years ago.", "three years ago", "date", ("2017", "2017")),
    ("It opened last March.", "last March", "date", ("2020-03", "2020-03")),
    ("It opens next March.", "next March", "date", ("2021-03", "2021-03")),
    ("It opened last summer.", "last summer", "date", ("2019-06", "2019-08")),
    ("It opened earlier this year.", "earlier this year", "date", ("2020-01", "2020-06")),
    # durations
    ("he ruled for almost a decade", "almost a decade", "duration", None),
    ("after serving 27 years of his sentence", "27 years", "duration", None),
    ("After three days of brutal torture", "three days", "duration", None),
    ("He served for two years and then", "two years", "duration", None),
    ("Camarena was missing for about a month.", "about a month", "duration", None),
    ("For more than three years, without", "more than three years", "duration", None),
    ("his initial 40-year sentence", "40-year", "duration", None),
    ("their decades-long relationship", "decades-long", "duration", None),
    ("over the past decade", "the past decade", "duration", None),
    ("He waited for years.", "years", "duration", None),
    ("two and a half years in prison", "two and a half years", "duration", None),
    # sets
    ("a campaign that takes place each October", "each October", "set", None),
    ("It is held every year.", "every year", "set", None),
    ("It is awarded annually.", "annually", "set", None),
    ("I think about him every day", "every day", "set", None),
    ("They meet once a year.", "once a year", "set", None),
    ("They meet every two years.", "every two years", "set", None),
    # relative to another event: found, left for the caller to anchor
    ("spearheaded by Camarena a year earlier", "a year earlier", "date", None),
    ("Two years later he left.", "Two years later", "date", None),
    ("He left the following year.", "the following year", "date", None),
    ("He died the next day.", "the next day", "date", None),
    ("He died later that year.", "later that year", "date", None),
    ("two years after graduating", "two years after", "date", None),
    ("He was seen the day before.", "the day before", "date", None),
]


@pytest.mark.parametrize(("sentence", "written", "kind", "span"), FORMS, ids=[f[1] for f in FORMS])
def test_find_times_reads_each_form(
    sentence: str, written: str, kind: str, span: tuple[str, str] | None
) -> None:
    expr = find_one(sentence, written)
    assert expr.kind == kind
    assert bounds(expr) == span
    if expr.span is not None:
        assert expr.span.text == written


NOT_DATES = [
    "It cost $1989 in fees.",
    "It cost $ 1989 in fees.",
    "There were 1,989 agents.",
    "He carried an AK-47.",
    "He got a 40-year sentence.",
    "See No. 1989 in the list.",
    "He stayed in Room 1985.",
    "Read page 1985 of the file.",
    "Turnout was 1989% of the target.",
    "The march drew 1989 people.",
    "About 1500 agents were sent.",
    "More than 2000 were sent.",
    "He lost 1500 of his men.",
    "Call 555-1985 for help.",
    "The account 21985 was frozen.",
    "The ratio was 1985.5 to one.",
    "He lived at 1985 Elm Street.",
    "74-year-old Gallardo",
    "a 37-year-old widow",
    "He is 74 years old.",
    "He is 74-years-old.",
    "when he was 67",
    "a man in his eighties",
    "a woman in her early 80s",
    "May I ask a question?",
    "the March on Washington",
    "she read USA Today",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_find_times_reads_no_date_in_counts_amounts_ages_and_names(sentence: str) -> None:
    dates = [e.text for e in find_times(sentence, PUB) if e.kind in ("date", "present")]
    assert dates == []


def test_ages_produce_no_expression_at_all() -> None:
    assert find_times("The 74-year-old and the 37-year-old were 74 years old.", PUB) == []


def test_forty_year_sentence_is_a_duration_not_a_year() -> None:
    [expr] = find_times("a 40-year sentence", PUB)
    assert (expr.text, expr.kind, expr.span) == ("40-year", "duration", None)


def test_longest_expression_wins_and_nothing_overlaps() -> None:
    found = find_times("a year earlier, on March 7, 1985, in the early ’80s", PUB)
    assert [e.text for e in found] == ["a year earlier", "March 7, 1985", "the early ’80s"]


# --- anchoring dates written without a year -----------------------------------------------


def test_month_day_takes_the_latest_year_earlier_in_its_paragraph() -> None:
    text = "On February 7, 1985, he was taken. His body was found on March 7."
    assert bounds(find_one(text, "March 7", "2020-02-13")) == ("1985-03-07", "1985-03-07")


def test_month_day_takes_the_most_recent_year_not_the_first() -> None:
    text = "In 1977 he moved. In 1981 he left. On March 7 he arrived."
    assert bounds(find_one(text, "March 7")) == ("1981-03-07", "1981-03-07")


def test_month_day_ignores_a_year_written_after_it() -> None:
    text = "On March 7 he arrived, as in 1981."
    assert bounds(find_one(text, "March 7", "2020-06-15")) == ("2020-03-07", "2020-03-07")


def test_month_day_ignores_a_year_in_an_earlier_paragraph() -> None:
    text = "He was arrested in 1985.\n\nThe show dropped on Netflix on Thursday, February 13."
    expr = find_one(text, "Thursday, February 13", "2020-02-13")
    assert bounds(expr) == ("2020-02-13", "2020-02-13")
    assert expr.explicit_year is False


def test_month_day_after_the_publication_day_falls_in_the_year_before() -> None:
    text = "It dropped on November 16."
    assert bounds(find_one(text, "November 16", "2020-02-13")) == ("2019-11-16", "2019-11-16")
    assert bounds(find_one(text, "November 16", "2020-11-16")) == ("2020-11-16", "2020-11-16")


def test_day_soon_after_the_publication_is_read_as_coming() -> None:
    # News names near deadlines ("by Jan. 14") far more often than days eleven months ago.
    assert bounds(find_one("The deadline is June 30.", "June 30")) == ("2020-06-30", "2020-06-30")
    assert FUTURE_DAY_WINDOW < 150
    assert bounds(find_one("It aired on December 1.", "December 1")) == ("2019-12-01", "2019-12-01")


def test_day_in_a_clause_about_the_future_is_the_next_one() -> None:
    text = "He will testify on November 16."
    assert bounds(find_one(text, "November 16", "2020-02-13")) == ("2020-11-16", "2020-11-16")
    text = "He will testify on January 16."
    assert bounds(find_one(text, "January 16", "2020-02-13")) == ("2021-01-16", "2021-01-16")


def test_future_words_in_another_clause_do_not_move_a_past_day() -> None:
    text = "Exiles say they will appeal, the ministry said on November 16."
    assert bounds(find_one(text, "November 16", "2020-02-13")) == ("2019-11-16", "2019-11-16")


def test_last_and_next_weekday_count_from_the_publication_day() -> None:
    # PUB 2020-06-15 is a Monday.
    assert bounds(find_one("He left last Friday.", "last Friday")) == ("2020-06-12", "2020-06-12")
    assert bounds(find_one("He leaves next Tuesday.", "next Tuesday")) == (
        "2020-06-16",
        "2020-06-16",
    )
    assert bounds(find_one("He left last Monday.", "last Monday")) == ("2020-06-08", "2020-06-08")


def test_bare_weekday_is_not_a_date_in_a_story_about_the_past() -> None:
    # In a story told about 1985, "on Friday" counts from the narrated time, not publication.
    assert [e.text for e in find_times("In 1985, on Friday, he was taken.", PUB)] == ["1985"]


def test_month_alone_is_anchored_at_month_precision() -> None:
    assert bounds(find_one("It ended in March.", "March", "2020-06-15")) == ("2020-03", "2020-03")
    assert bounds(find_one("It ended in July.", "July", "2020-06-15")) == ("2019-07", "2019-07")
    text = "In 1985 it began. It ended in March."
    assert bounds(find_one(text, "March", "2020-06-15")) == ("1985-03", "1985-03")


def test_month_day_without_year_or_publication_is_unresolved() -> None:
    expr = find_one("His body was found on March 7.", "March 7", None)
    assert expr.kind == "date"
    assert expr.span is None


def test_month_day_after_a_range_is_unresolved_rather_than_guessed() -> None:
    text = "He ruled from 1985 to 1989. On March 7 he fell."
    assert find_one(text, "March 7", "2020-06-15").span is None


def test_leap_day_in_a_year_without_one_keeps_the_month() -> None:
    text = "In 1985 it began. On February 29 it ended."
    assert bounds(find_one(text, "February 29")) == ("1985-02", "1985-02")


def test_relative_to_publication_needs_a_publication_date() -> None:
    for written in ("Today", "last year", "yesterday", "three years ago"):
        expr = find_one(f"{written} it happened", written, None)
        assert expr.span is None, written


def test_coarse_publication_date_anchors_what_it_can() -> None:
    assert bounds(find_one("Today it rains", "Today", "2020-06")) == ("2020-06", "2020-06")
    assert bounds(find_one("last year it rained", "last year", "2020")) == ("2019", "2019")
    assert find_one("yesterday it rained", "yesterday", "2020").span is None


def test_malformed_publication_date_counts_as_none() -> None:
    assert find_one("Today it rains", "Today", "unknown").span is None
    assert find_one("Today it rains", "Today", "2020-13-45").span is None


def test_explicit_year_marks_expressions_that_write_their_own_year() -> None:
    text = "On March 7, 1985 and on March 7, in the ’80s, last year, for three days."
    flags = {e.text: e.explicit_year for e in find_times(text, PUB)}
    assert flags == {
        "March 7, 1985": True,
        "March 7": False,
        "the ’80s": True,
        "last year": False,
        "three days": False,
    }


# --- anchoring what is relative to another event ------------------------------------------


def _relative(written: str) -> TimeExpr:
    return find_one(f"It happened {written} too.", written)


@pytest.mark.parametrize(
    ("written", "anchor", "expected"),
    [
        ("two years later", TimeSpan("1966", "1966", "1966"), ("1968", "1968")),
        (
            "a year earlier",
            TimeSpan("1985-02-07", "1985-02-07", "February 7, 1985"),
            ("1984", "1984"),
        ),
        ("the following year", TimeSpan("1985", "1985", "1985"), ("1986", "1986")),
        ("the next day", TimeSpan("1985-02-28", "1985-02-28", "x"), ("1985-03-01", "1985-03-01")),
        (
            "three days later",
            TimeSpan("1985-02-07", "1985-02-07", "x"),
            ("1985-02-10", "1985-02-10"),
        ),
        ("that day", TimeSpan("1985-02-07", "1985-02-07", "x"), ("1985-02-07", "1985-02-07")),
        ("later that year", TimeSpan("1985-02-07", "1985-02-07", "x"), ("1985", "1985")),
        ("the day before", TimeSpan("1985-03-01", "1985-03-01", "x"), ("1985-02-28", "1985-02-28")),
        ("the following spring", TimeSpan("1985-07", "1985-07", "x"), ("1986-03", "1986-05")),
        ("the next day", TimeSpan("1985", "1985", "1985"), None),
        ("two decades later", TimeSpan("1985", "1985", "1985"), ("2005", "2005")),
    ],
)
def test_anchor_relative_counts_from_the_event_given(
    written: str, anchor: TimeSpan, expected: tuple[str, str] | None
) -> None:
    span = anchor_relative(_relative(written), anchor)
    assert (None if span is None else (span.start, span.end)) == expected
    if span is not None:
        assert span.text == written


def test_anchor_relative_refuses_what_it_does_not_understand() -> None:
    expr = find_one("It opened last year.", "last year")
    assert anchor_relative(expr, TimeSpan("1985", "1985", "1985")) is None
    assert anchor_relative(_relative("two years later"), TimeSpan("bad", "bad", "")) is None


# --- the seeds ---------------------------------------------------------------------------


def test_seed_paragraph_resolves_like_the_gold() -> None:
    text = (
        "The cartel retaliated by kidnapping 37-year-old Camarena in broad daylight on "
        "February 7, 1985. After three days of brutal torture, Camarena was killed. His body "
        "was found on March 7, along with the body of Alfredo Zavala."
    )
    found = [(e.text, e.kind, bounds(e)) for e in find_times(text, "2020-02-13")]
    assert found == [
        ("February 7, 1985", "date", ("1985-02-07", "1985-02-07")),
        ("three days", "duration", None),
        ("March 7", "date", ("1985-03-07", "1985-03-07")),
    ]


# --- invariants -------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        " ",
        "\n",
        ", ",
        ".",
        "-",
        "–",
        "’",
        "'",
        "‘",
        "$",
        "%",
        "the ",
        "early ",
        "mid-",
        "late ",
        "March ",
        "May",
        "Feb. ",
        "7",
        "29",
        "7th",
        "1985",
        "89",
        "80s",
        "s",
        "years",
        "year",
        "a ",
        "ago",
        " later",
        "of ",
        "summer ",
        "in ",
        "for ",
        "every ",
        "Today",
        "between ",
        "and ",
        "from ",
        "to ",
        "-year-old",
        "three ",
        "Thursday, ",
        "last ",
        "next ",
        "that ",
        "century",
        "19th ",
        "decades-long",
        "1985-03-07",
        "USA ",
        "No. ",
    ]
)
_TEXTS = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(_TOKENS, st.text(max_size=3)), max_size=40).map("".join),
)
_PUBLISHED = st.one_of(
    st.none(),
    st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)).map(date.isoformat),
    st.text(max_size=12),
)


def _is_calendar_date(written: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    padded = written + "-01-01"[: 10 - len(written)]
    try:
        date.fromisoformat(padded)
    except ValueError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS, published=_PUBLISHED)
def test_find_times_offsets_quote_the_text_in_order_without_overlap(
    text: str, published: str | None
) -> None:
    found = find_times(text, published)
    previous_end = 0
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text
        assert expr.start >= previous_end
        previous_end = expr.end
        assert expr.kind in ("date", "duration", "set", "present")
        if expr.span is not None:
            assert expr.span.text == expr.text
            assert len(expr.span.start) == len(expr.span.end) in (4, 7, 10)
            assert expr.span.start <= expr.span.end
            assert _is_calendar_date(expr.span.start)
            assert _is_calendar_date(expr.span.end)


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS, anchor=st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_anchor_relative_returns_ordered_spans_or_none(text: str, anchor: date) -> None:
    day = anchor.isoformat()
    for expr in find_times(text, None):
        for written in (day, day[:7], day[:4]):
            span = anchor_relative(expr, TimeSpan(written, written, written))
            if span is not None:
                assert len(span.start) == len(span.end)
                assert span.start <= span.end


# --- TIMEX3 types and values (TimeML, for `leyenda eval tempeval`) ---------------------------

DCT = "2013-03-22"  # a Friday

# (sentence, the TIMEX3 text as TimeML marks it, type, value), publication date DCT
TIMEX3_FORMS: list[tuple[str, str, str, str]] = [
    ("Talks ended on March 7, 1985.", "March 7, 1985", "DATE", "1985-03-07"),
    ("In May 1985 she met him.", "May 1985", "DATE", "1985-05"),
    ("Gallardo was arrested in 1989.", "1989", "DATE", "1989"),
    ("in late 1985", "late 1985", "DATE", "1985"),
    ("in the 1990s", "the 1990s", "DATE", "199"),
    ("changed in the ’90s, when", "the ’90s", "DATE", "199"),
    ("In the early ’80s, Gallardo", "the early ’80s", "DATE", "198"),
    ("in the 19th century", "the 19th century", "DATE", "18"),
    ("in the summer of 1985", "summer of 1985", "DATE", "1985-SU"),
    ("It opened last summer.", "last summer", "DATE", "2012-SU"),
    ("Today it rains.", "Today", "DATE", "2013-03-22"),
    ("He is now 74.", "now", "DATE", "PRESENT_REF"),
    ("He is currently held.", "currently", "DATE", "PRESENT_REF"),
    ("It opened yesterday.", "yesterday", "DATE", "2013-03-21"),
    ("It rained this morning.", "this morning", "TIME", "2013-03-22TMO"),
    ("It opened last week.", "last week", "DATE", "2013-W11"),
    ("Reno agreed earlier this week.", "earlier this week", "DATE", "2013-W12"),
    ("It opens next month.", "next month", "DATE", "2013-04"),
    ("It opened two years ago.", "two years ago", "DATE", "2011"),
    ("It opened a decade ago.", "a decade ago", "DATE", "200"),
    ("It opened last Friday.", "last Friday", "DATE", "2013-03-15"),
    ("The deal closed Tuesday.", "Tuesday", "DATE", "2013-03-19"),
    ("The talks will resume Tuesday.", "Tuesday", "DATE", "2013-03-26"),
    ("The bill passed Friday.", "Friday", "DATE", "2013-03-22"),
    ("He spoke Thursday night.", "Thursday night", "DATE", "2013-03-21TNI"),
    ("They met over the weekend.", "the weekend", "DATE", "2013-W11-WE"),
    ("Talks resume in the coming weeks.", "the coming weeks", "DURATION", "PXW"),
    ("The polls close at 10 a.m.", "10 a.m.", "TIME", "2013-03-22T10:00"),
    ("It starts at 3:30 p.m. Tuesday.", "3:30 p.m. Tuesday", "TIME", "2013-03-19T15:30"),
    ("Profit rose in the third quarter.", "the third quarter", "DATE", "2012-Q3"),
    ("in the first quarter of 2012", "the first quarter of 2012", "DATE", "2012-Q1"),
    ("its third-quarter profit", "third-quarter", "DATE", "2012-Q3"),
    ("Profit fell in the quarter.", "the quarter", "DATE", "2012-Q4"),
    ("It has grown recently.", "recently", "DATE", "PAST_REF"),
    ("in the future", "the future", "DATE", "FUTURE_REF"),
    ("He is to testify on March 29.", "March 29", "DATE", "2013-03-29"),
    ("he ruled for almost a decade", "a decade", "DURATION", "P10Y"),
    ("He served 27 years.", "27 years", "DURATION", "P27Y"),
    ("The talk lasted 90 minutes.", "90 minutes", "DURATION", "PT90M"),
    ("It took several months.", "several months", "DURATION", "PXM"),
    ("two and a half years in prison", "two and a half years", "DURATION", "P2.5Y"),
    ("his initial 40-year sentence", "40-year", "DURATION", "P40Y"),
    ("It fell in the nine months to June.", "the nine months", "DURATION", "P9M"),
    ("two weeks before the vote", "two weeks", "DURATION", "P2W"),
    ("It is held every year.", "every year", "SET", "P1Y"),
    ("a campaign that takes place each October", "each October", "SET", "XXXX-10"),
    ("They meet every two years.", "every two years", "SET", "P2Y"),
    ("It is awarded annually.", "annually", "SET", "P1Y"),
]


def find_timex3_one(text: str, written: str, published: str | None = DCT) -> Timex3:
    found = find_timex3(text, published)
    matching = [t for t in found if t.text == written]
    assert len(matching) == 1, f"{written!r} not found once in {[t.text for t in found]}"
    return matching[0]


@pytest.mark.parametrize(
    ("sentence", "written", "type_", "value"), TIMEX3_FORMS, ids=[f[0] for f in TIMEX3_FORMS]
)
def test_find_timex3_gives_timeml_type_and_value(
    sentence: str, written: str, type_: str, value: str
) -> None:
    found = find_timex3_one(sentence, written)
    assert (found.type, found.value) == (type_, value)
    assert sentence[found.start : found.end] == written


def test_find_timex3_splits_a_year_range_into_two_dates() -> None:
    found = find_timex3("He ruled from 1985 to 1989, then 2009-2010.", DCT)
    assert [(t.text, t.value) for t in found] == [
        ("1985", "1985"),
        ("1989", "1989"),
        ("2009", "2009"),
        ("2010", "2010"),
    ]


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_back() -> None:
    text = "Profit rose in the fourth quarter from $5 million a year earlier."
    found = find_timex3(text, DCT)
    assert [(t.text, t.value) for t in found] == [
        ("the fourth quarter", "2012-Q4"),
        ("a year earlier", "2011-Q4"),
    ]


def test_find_timex3_without_a_publication_date_leaves_relative_values_open() -> None:
    assert find_timex3_one("The deal closed Tuesday.", "Tuesday", None).value == "XXXX-WXX-2"
    assert find_timex3_one("It opened on March 7.", "March 7", None).value == "XXXX-03-07"
    assert find_timex3_one("It opened years ago.", "years ago", None).value == "PAST_REF"


def test_find_timex3_reads_no_time_in_ages_rooms_and_amounts() -> None:
    assert find_timex3("He is 74 years old, in Room 1985, paid $1989.", DCT) == []


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS, published=_PUBLISHED)
def test_find_timex3_offsets_quote_the_text_in_order(text: str, published: str | None) -> None:
    previous_end = 0
    for t in find_timex3(text, published):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= previous_end
        previous_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
