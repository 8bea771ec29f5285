"""Boilerplate removal: credits, prompts and footers go; every story sentence stays intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leyenda.boilerplate import boilerplate_rule, is_boilerplate_line, strip_boilerplate
from leyenda.ingest import iter_documents
from leyenda.model import Document

from .conftest import SEEDS_MANIFEST

DROPPED = [
    "Photo: Jane Roe/Getty Images.",
    "Photo: Courtesy of Acme Studios.",
    "Photograph by Jane Roe for The Daily Example",
    "Image credit: Acme Pictures",
    "(Photo by Jane Roe/AFP via Getty Images)",
    "Photo courtesy of the Roe family",
    "Courtesy of Streamflix",
    "Courtesy Acme Studios",
    "Jane Roe/Streamflix",
    "Pedro de la Cruz / Acme Pictures",
    "AFP via Getty Images",
    "Jane Roe/AP Photo.",
    "Sign up for our daily newsletter.",
    "For more true-crime stories, sign up for our newsletter!",
    "Subscribe to our podcast for weekly episodes",
    "Get the best stories delivered to your inbox.",
    "Follow us on Instagram and Twitter",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Warning: This article contains spoilers for the whole first season.",
    "Spoiler alert: major spoilers for the finale below.",
    "This recap contains spoilers.",
    "Share this article",
    "Share on Facebook",
    "Tweet",
    "Read more: Why the real detective never talked to the writers",
    "Related: The true story behind the heist film",
    "RELATED STORIES",
    "See also: A timeline of the case",
    "© 2020 Example Media Group. All rights reserved.",
    "![a still from the show](https://example.org/still.jpg)",
]

KEPT = [
    "Police arrested Tomás Herrera in Cali on March 3, 1996.",
    "Few subscribe to that view today.",
    "The newsletter he founded in 1990 was shut down by the government.",
    "He shared the money with six police officers.",
    "Courtesy calls stopped in 1984.",
    "“I never met him,” the actor said of the real Herrera.",
    "Herrera is currently in prison.",
    "Prosecutors followed the money on Twitter and in bank records for years.",
    "She warned him that the plan would spoil everything.",
    "The raid took place on 24/7 surveillance footage from 2/13/1985.",
    "More than 40 people were arrested that year.",
    "Read the full indictment, the prosecutor told reporters.",
    "The Case Against Herrera",
    "Related by marriage, the two families ran the trade together.",
    "Photographs of the ranch showed evidence of a struggle, investigators said in court.",
    "",
]


@pytest.mark.parametrize("line", DROPPED)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate_line(line), line
    assert boilerplate_rule(line) is not None


@pytest.mark.parametrize("line", KEPT)
def test_story_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line), boilerplate_rule(line)


STORY = (
    "Herrera Arrested In Cali\n"
    "\n"
    "Photo: Jane Roe/Getty Images.\n"
    "Police arrested Tomás Herrera in Cali on March 3, 1996.  \n"
    "\n"
    "Jane Roe/Streamflix\n"
    "\n"
    "He was 41, his lawyer said.\n"
    "\n"
    "Sign up for our newsletter.\n"
    "\n"
    "More from Crime\n"
    "\n"
    "Example Original Series\n"
)


def test_strip_drops_whole_lines_and_keeps_the_rest_verbatim() -> None:
    out = strip_boilerplate(STORY)
    assert out == (
        "Herrera Arrested In Cali\n"
        "\n"
        "Police arrested Tomás Herrera in Cali on March 3, 1996.  \n"
        "\n"
        "He was 41, his lawyer said.\n"
    )


def test_every_kept_line_is_a_line_of_the_input() -> None:
    original = STORY.split("\n")
    for line in strip_boilerplate(STORY).split("\n"):
        assert line in original


def test_headline_is_kept_even_when_it_looks_like_a_credit() -> None:
    text = "Love/Loss\n\nThe two agents met in Calexico in 1966.\n"
    assert strip_boilerplate(text) == text


def test_trailing_footer_goes_but_a_closing_sentence_stays() -> None:
    text = "Title\n\nThe case was closed in 2019.\nMore from TV\nAn Example Series"
    assert strip_boilerplate(text) == "Title\n\nThe case was closed in 2019."
    closing = "Title\n\nThe case was closed in 2019.\n\nHe is free now."
    assert strip_boilerplate(closing) == closing


def test_short_lines_in_the_middle_are_not_footers() -> None:
    text = "Title\n\nThe First Years\n\nHe moved to Mexico in 1981.\n"
    assert strip_boilerplate(text) == text


def test_trailing_list_items_are_not_footers() -> None:
    text = "Title\n\nThe accused were:\n- Tomás Herrera\n- Helena Vasquez\n"
    assert strip_boilerplate(text) == text


def test_text_without_sentences_keeps_its_short_lines() -> None:
    text = "Case Notes\nHerrera\nVasquez"
    assert strip_boilerplate(text) == text


def test_runs_of_blank_lines_collapse_to_one() -> None:
    text = "Title\n\n\nOne sentence.\n\nAdvertisement\n\n\nTwo sentences.\n"
    assert strip_boilerplate(text) == "Title\n\nOne sentence.\n\nTwo sentences.\n"


def test_no_final_newline_is_added() -> None:
    assert strip_boilerplate("Title\n\nOne sentence.") == "Title\n\nOne sentence."


def test_blank_text_is_empty() -> None:
    assert strip_boilerplate("\n \n") == ""


# --- the seed articles, read the way `build` reads them ---------------------------------

#: Shapes of the seeds' non-story lines, written here independently of the module's rules.
CREDIT_SHAPES = [
    re.compile(r"^Photo\b[^.]{0,20}:"),
    re.compile(r"^(?:Photo )?Courtesy of\b"),
    re.compile(r"^[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*\s*/\s*[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*\.?$"),
    re.compile(r"\bsign up\b.*\bnewsletter\b", re.IGNORECASE),
    re.compile(r"^Warning:.*\bspoilers?\b"),
]
SENTENCE_END = re.compile(r"[.!?”\"’')]$")


@pytest.fixture(scope="module")
def seed_docs() -> list[Document]:
    items = list(iter_documents([SEEDS_MANIFEST]))
    docs = [d for d in items if isinstance(d, Document)]
    assert len(docs) == len(items) == 2
    return docs


def is_credit_shaped(line: str) -> bool:
    return any(p.search(line.strip()) for p in CREDIT_SHAPES)


def test_seed_credit_and_prompt_lines_are_gone(seed_docs: list[Document]) -> None:
    found = 0
    for doc in seed_docs:
        raw_lines = Path(doc.path).read_text(encoding="utf-8").split("\n")
        found += sum(is_credit_shaped(line) for line in raw_lines)
        assert not [line for line in doc.text.split("\n") if is_credit_shaped(line)]
    assert found >= 6, "the seeds have photo credits, a spoiler warning and a newsletter prompt"


def test_seed_footer_lines_are_gone(seed_docs: list[Document]) -> None:
    dropped_footers = 0
    for doc in seed_docs:
        raw_lines = [x for x in Path(doc.path).read_text(encoding="utf-8").split("\n") if x.strip()]
        assert SENTENCE_END.search(doc.text.rstrip()), doc.text[-80:]
        # the short, unpunctuated lines that end the raw article are not in the text
        while raw_lines and not SENTENCE_END.search(raw_lines[-1].strip()):
            tail = raw_lines.pop()
            assert len(tail.split()) <= 6
            assert tail not in doc.text.split("\n")
            dropped_footers += 1
    assert dropped_footers >= 2


def test_seed_story_sentences_all_remain(seed_docs: list[Document]) -> None:
    for doc in seed_docs:
        raw = Path(doc.path).read_text(encoding="utf-8")
        kept = set(doc.text.split("\n"))
        story = [
            x
            for x in raw.split("\n")
            if len(x.split()) >= 4 and SENTENCE_END.search(x.strip()) and not is_credit_shaped(x)
        ]
        assert len(story) > 10
        missing = [x for x in story if x not in kept]
        assert not missing, missing
        # the headline or first sentence stays first
        assert doc.text.split("\n")[0] == raw.split("\n")[0]
        assert len(doc.text) > 0.9 * len(raw)
