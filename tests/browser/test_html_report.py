"""The one-file HTML report in a real browser, opened from disk: citations, filter, hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from leyenda.api import open_casefile

from .conftest import Watched

pytestmark = [pytest.mark.browser, pytest.mark.model]


def test_report_citation_opens_the_source_at_the_quote(
    report_url: str, watched: Watched, browser_casefile: Path
) -> None:
    page = watched.page
    page.goto(report_url)
    citation = page.locator("a.citation[data-doc][data-start][data-end]").first
    doc = citation.get_attribute("data-doc")
    start, end = (
        int(citation.get_attribute("data-start") or 0),
        int(citation.get_attribute("data-end") or 0),
    )
    text = next(d.text for d in open_casefile(browser_casefile).documents if d.id == doc)
    citation.click()
    marks = page.locator(f"[id='source-{doc}'] mark.evidence[data-ev='{start}-{end}']")
    marks.first.wait_for(state="visible")
    assert "".join(marks.all_text_contents()) == text[start:end]
    page.wait_for_function(
        "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.bottom > 0 && r.top < innerHeight; }",
        arg=f"[id='source-{doc}'] mark.evidence[data-ev='{start}-{end}']",
    )
    assert "active" in (marks.first.get_attribute("class") or "")
    watched.screenshot("report-citation")
    assert watched.errors == []


def test_report_timeline_filters_by_person(report_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(report_url)
    page.wait_for_selector("#timeline .vis-item")
    drawn = page.locator("#timeline .vis-item").count()
    person = page.locator("select#person-filter option", has_text="Pablo Escobar").first
    value = person.get_attribute("value")
    assert value
    page.select_option("select#person-filter", value)
    page.wait_for_function(
        "n => document.querySelectorAll('#timeline .vis-item').length < n", arg=drawn
    )
    assert page.locator("#timeline .vis-item").count() > 0
    page.locator("#timeline").scroll_into_view_if_needed()
    watched.screenshot("report-timeline-filtered")
    assert page.locator("#graph canvas").count() > 0  # Cytoscape drew the graph
    assert page.locator(".conflict").count() > 0
    assert watched.errors == []


def test_report_shows_hostile_tags_as_text_and_runs_nothing(
    report_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(report_url)
    page.wait_for_load_state("load")
    source = page.locator("[id='source-hostile']")
    source.evaluate("el => { if (el.tagName === 'DETAILS') el.open = true; }")
    text = source.inner_text()
    for tag in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea>"):
        assert tag in text
    assert source.locator("script, img, textarea").count() == 0
    assert page.locator("img").count() == 0
    assert watched.dialogs == []
    assert watched.errors == []
    watched.screenshot("report-full", full_page=False)
