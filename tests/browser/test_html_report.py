"""The one-file HTML report in a real browser, opened from disk: citations, filter, hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from leyenda.api import open_casefile

from .conftest import Watched, wait_until

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
    wait_until(
        page,
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
    wait_until(page, "n => document.querySelectorAll('#timeline .vis-item').length < n", arg=drawn)
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


#: A dated event of the examples whose whole sentence the timeline must show.
KNOWN_EVENT = "Pablo Escobar escaped from La Catedral"

#: Every drawn timeline item's label: its text, and whether the item's box holds it whole.
#: Those that start at the panel's right edge are left out: the edge of the view cuts them,
#: as any view does, and a step of the view shows them whole.
LABELS_JS = """sel => {
    const panel = document.querySelector('#timeline .vis-panel.vis-center').getBoundingClientRect();
    return Array.from(document.querySelectorAll(sel)).map(el => {
        const r = el.getBoundingClientRect(), box = el.closest('.vis-item').getBoundingClientRect();
        const c = el.closest('.vis-item-content');
        return { text: el.textContent.trim(), room: box.left < panel.right - 320,
                 inside: r.right <= box.right + 1 && r.left >= box.left - 1,
                 clipped: c.scrollWidth > c.clientWidth + 1 };
    });
}"""


def _assert_whole_labels(labels: list[dict[str, object]]) -> None:
    assert labels
    for label in labels:
        text = str(label["text"])
        assert len(text) > 2 and " " in text, label  # no "Pa", "Ma"
        assert (label["inside"] and not label["clipped"]) or not label["room"], label
    assert any(KNOWN_EVENT in str(label["text"]) for label in labels)


def test_report_timeline_shows_whole_sentences_in_a_lane_per_person(
    report_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(report_url)
    page.wait_for_selector("#timeline .vis-item .item-label")
    _assert_whole_labels(page.evaluate(LABELS_JS, "#timeline .vis-item .item-label"))
    lanes = page.locator("#timeline .vis-labelset .vis-label").all_inner_texts()
    lanes = [lane.strip() for lane in lanes]
    assert lanes[0] == "Pablo Escobar" and "Carlos Lehder" in lanes
    assert lanes[-1] == "Everyone else"
    # it opens on the densest period, not on the whole eighty years
    window = page.evaluate(
        "() => { const w = leyendaReport.timeline.getWindow();"
        " return [w.start.getFullYear(), w.end.getFullYear()]; }"
    )
    data = page.evaluate("() => leyendaReport.data.timeline.window")
    assert window == [int(data["start"][:4]), int(data["end"][:4])]
    assert window[1] - window[0] <= 12
    # the side list holds every dated fact, whole, the known one among them
    rows = page.locator("#timeline-list li").all_inner_texts()
    assert len(rows) == page.evaluate("() => leyendaReport.data.timeline.items.length")
    assert any(KNOWN_EVENT in row for row in rows)
    watched.shot_of("#timeline-section", "report-timeline")
    assert watched.errors == []


def test_report_graph_draws_only_connected_entities_and_lists_the_rest(
    report_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(report_url)
    page.wait_for_selector("#graph canvas")
    drawn = page.evaluate(
        "() => leyendaReport.graph.nodes().map(n => [n.data('label'), n.connectedEdges().length])"
    )
    assert len(drawn) >= 5
    assert [name for name, edges in drawn if edges == 0] == []
    isolated = page.locator("#graph-isolated li").all_inner_texts()
    expected = page.evaluate("() => leyendaReport.data.graph.isolated.map(e => e.name)")
    assert expected and [row.split(" (")[0] for row in isolated] == expected
    assert not {name for name, _ in drawn} & set(expected)
    # opened at a zoom its labels can be read at, on a layout that uses the box
    assert page.evaluate("() => leyendaReport.graph.zoom()") >= 0.6
    labels = page.evaluate("() => leyendaReport.graph.edges().map(e => e.data('label'))")
    assert "played by" in labels
    watched.shot_of("#graph-section", "report-graph")
    assert watched.errors == []


TENTATIVE_DRAWN = "document.querySelectorAll('#timeline .vis-item.tentative').length > 0"
VISIBLE_TENTATIVE_JS = """() => ({
    rows: Array.from(document.querySelectorAll('li.fact.tentative'))
        .filter(el => el.offsetParent !== null).length,
    facts: Array.from(document.querySelectorAll('#facts li.fact'))
        .filter(el => el.offsetParent !== null).length,
    items: document.querySelectorAll('#timeline .vis-item.tentative').length,
    list: Array.from(document.querySelectorAll('#timeline-list li.tentative'))
        .filter(el => !el.hidden).length,
    edges: leyendaReport.graph.edges('[?tentative]').filter(e => e.visible()).length,
    lonely: leyendaReport.graph.nodes().filter(n => n.visible()
        && n.connectedEdges().filter(e => e.visible()).length === 0).length,
})"""


def test_report_hides_tentative_facts_and_shows_them_again(
    report_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(report_url)
    page.wait_for_selector("#timeline .vis-item")
    page.wait_for_selector("#graph canvas")
    box = page.locator("#hide-tentative")
    assert not box.is_checked()  # off by default
    page.locator("#timeline").scroll_into_view_if_needed()
    page.evaluate("() => leyendaReport.timeline.fit()")
    wait_until(page, TENTATIVE_DRAWN)
    before = page.evaluate(VISIBLE_TENTATIVE_JS)
    assert before["rows"] > 0 and before["list"] > 0 and before["edges"] > 0
    box.check()
    wait_until(page, f"() => !({TENTATIVE_DRAWN})")
    hidden = page.evaluate(VISIBLE_TENTATIVE_JS)
    assert hidden["rows"] == hidden["list"] == hidden["edges"] == hidden["lonely"] == 0
    assert hidden["facts"] == before["facts"] - before["rows"] > 0
    assert page.locator("#timeline .vis-item").count() > 0
    watched.shot_of("#graph-section", "report-graph-confirmed-only")
    box.uncheck()
    wait_until(page, TENTATIVE_DRAWN)
    assert page.evaluate(VISIBLE_TENTATIVE_JS) == before
    assert watched.errors == []


def test_report_screenshot_for_the_readme(report_url: str, watched: Watched) -> None:
    """The page a reader opens: the case at a glance (docs/report.png is taken from it)."""
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(report_url)
    page.wait_for_selector("#timeline .vis-item")
    page.locator("#timeline-section").scroll_into_view_if_needed()
    page.evaluate("() => document.getElementById('timeline-section').scrollIntoView()")
    watched.screenshot("report-timeline-page")
    assert watched.errors == []


POSITIONS_JS = (
    "() => leyendaReport.graph.nodes().map(n => [n.id(), n.position('x'), n.position('y')])"
)


def test_report_graph_is_laid_out_the_same_every_time(report_url: str, watched: Watched) -> None:
    """Same case file, same box: same positions (the layout draws from a seed, not from
    Math.random), in a page opened again and in another browser context."""
    page = watched.page
    page.goto(report_url)
    page.wait_for_selector("#graph canvas")
    first = page.evaluate(POSITIONS_JS)
    assert len(first) >= 5 and len({(x, y) for _, x, y in first}) == len(first)
    page.reload()
    page.wait_for_selector("#graph canvas")
    assert page.evaluate(POSITIONS_JS) == first
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        again = other.new_page()
        again.goto(report_url)
        again.wait_for_selector("#graph canvas")
        assert again.evaluate(POSITIONS_JS) == first
        assert again.evaluate("() => Math.random === Math.random") is True  # put back
    finally:
        other.close()
    watched.shot_of("#graph-section", "report-graph-seeded")
    assert watched.errors == []


#: Every lane the timeline draws holds an item the filters keep, and only those are drawn.
NO_EMPTY_LANE_JS = """() => {
    const lanes = leyendaReport.timelineLanes.getIds();
    const items = leyendaReport.timelineView.get();
    const drawn = document.querySelectorAll('#timeline .vis-labelset .vis-label').length;
    return {lanes: lanes.length, drawn: drawn,
            empty: lanes.filter(id => !items.some(it => it.group === id))};
}"""


def test_report_timeline_draws_no_empty_lane(report_url: str, watched: Watched) -> None:
    """A person appears as a lane only while they have an item in it: choosing another
    person, or hiding tentative facts, takes away the lanes left empty."""
    page = watched.page
    page.goto(report_url)
    page.wait_for_selector("#timeline .vis-item")
    whole = page.evaluate(NO_EMPTY_LANE_JS)
    assert whole["empty"] == [] and whole["drawn"] == whole["lanes"] >= 3
    people = page.locator("#person-filter option").evaluate_all("os => os.map(o => o.value)")
    for who in [p for p in people if p][:8]:
        page.select_option("#person-filter", who)
        state = page.evaluate(NO_EMPTY_LANE_JS)
        assert state["empty"] == [] and state["drawn"] == state["lanes"], (who, state)
    mendoza = page.evaluate(
        "() => leyendaReport.data.timeline.people.find(p => p.name === 'Carlos Mendoza').id"
    )
    page.select_option("#person-filter", mendoza)
    lanes = page.locator("#timeline .vis-labelset .vis-label").all_inner_texts()
    assert "Pablo Escobar" not in [lane.strip() for lane in lanes]  # none of his items is kept
    watched.shot_of("#timeline-section", "report-timeline-one-person")
    page.select_option("#person-filter", "")
    page.locator("#hide-tentative").check()
    state = page.evaluate(NO_EMPTY_LANE_JS)
    assert state["empty"] == [] and state["drawn"] == state["lanes"]
    assert watched.errors == []


def test_report_glance_marks_disputed_dates_and_fictional_people(
    examples_report_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(examples_report_url)
    glance = page.locator("#glance")
    dispute = glance.locator(".glance-dispute")
    assert dispute.count() == 1
    assert dispute.inner_text().strip() == "⚠ disputed: 1992-07-21 or 1992-07-22, see Disputed"
    dispute.click()
    wait_until(page, "() => location.hash.startsWith('#conflict-')")
    target = page.evaluate("() => location.hash.slice(1)")
    assert "escaped" in page.locator(f"[id='{target}'] h3").inner_text()
    fictional = glance.locator(".glance-fictional").all_inner_texts()
    assert fictional == ["fictional, a character of Narcos"]
    marked = glance.locator("li", has=page.locator(".glance-fictional"))
    assert "Horacio Carrillo" in marked.inner_text()
    page.evaluate("() => window.scrollTo(0, 0)")
    watched.shot_of("#glance", "report-glance")
    assert watched.errors == []
