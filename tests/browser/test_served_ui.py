"""`leyenda serve` in a real browser: citations, the timeline filter, hostile text, a correction."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from leyenda.api import open_casefile

from .conftest import Served, Watched, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.model]

HOSTILE_TAGS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea>")


def test_clicking_a_citation_highlights_the_quote_in_the_source(
    served: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(served + "/")
    page.get_by_role("link", name="Pablo Escobar", exact=True).first.click()
    page.wait_for_selector("h1.entity-name")
    citation = page.locator("ul.facts a.citation").first
    quote = citation.locator("xpath=following-sibling::q[1]").text_content()
    doc = citation.get_attribute("data-doc")
    citation.click()
    page.wait_for_url("**/doc/**")
    cited = page.locator(f"[id='source-{doc}'] mark#cited")
    assert cited.text_content() == quote
    cited.wait_for(state="visible")
    # in the viewport and not under the sticky header: the topmost element at the middle
    # of the quote's first line is the highlighted quote itself
    wait_until(
        page,
        """() => {
            const el = document.getElementById('cited');
            const r = el.getClientRects()[0];
            if (!r || r.top < 0 || r.bottom > innerHeight) return false;
            const hit = document.elementFromPoint(r.left + r.width / 2, (r.top + r.bottom) / 2);
            return el.contains(hit);
        }""",
    )
    background = cited.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    watched.screenshot("ui-citation")
    assert watched.errors == []


def test_filtering_the_timeline_by_a_person(served: str, watched: Watched) -> None:
    page = watched.page
    page.goto(served + "/timeline")
    page.wait_for_selector("#timeline .vis-item")  # the vis-timeline widget drew its items
    events = page.locator("#timeline-list > li.event")
    every = events.count()
    drawn = page.locator("#timeline .vis-item").count()
    person = page.locator("#person-filter option", has_text="Pablo Escobar").first
    person_id = person.get_attribute("value")
    assert person_id
    page.select_option("#person-filter", person_id)
    shown = page.locator("#timeline-list > li.event:visible")
    wait_until(
        page,
        "n => document.querySelectorAll('#timeline-list > li.event[hidden]').length > 0",
        arg=0,
    )
    assert 0 < shown.count() < every
    for i in range(shown.count()):
        assert person_id in (shown.nth(i).get_attribute("data-people") or "").split()
    wait_until(page, "n => document.querySelectorAll('#timeline .vis-item').length < n", arg=drawn)
    assert page.locator("#timeline .vis-item").count() > 0
    watched.screenshot("ui-timeline-filtered")
    page.select_option("#person-filter", "")
    assert page.locator("#timeline-list > li.event:visible").count() == every
    assert watched.errors == []


def test_hostile_article_shows_its_tags_as_text_and_runs_nothing(
    served: str, watched: Watched, browser_casefile: Path
) -> None:
    page = watched.page
    case = open_casefile(browser_casefile)
    mendoza = next(e.id for e in case.entities if e.name == "Carlos Mendoza")
    quoted = next(
        ev for f in case.facts for ev in f.evidence if ev.doc == "hostile" and "<" in ev.quote
    )
    for path in (
        "/",
        "/timeline",
        "/graph",
        f"/entity/{mendoza}",
        "/search?q=alert",
        f"/doc/hostile?start={quoted.start}&end={quoted.end}",
        "/doc/hostile",
    ):
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("main img, main iframe, main textarea").count() == 0, path
    source = page.locator("[id='source-hostile']")
    text = source.inner_text()
    for tag in HOSTILE_TAGS:
        assert tag in text
    assert source.locator("script, img, a").count() == 0
    watched.screenshot("ui-hostile")
    assert watched.dialogs == []
    assert watched.errors == []


@pytest.fixture
def served_copy(browser_casefile: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The UI over a copy of the case file, for a test that writes a correction."""
    copy = tmp_path / "copy.db"
    shutil.copy(browser_casefile, copy)
    server = Served(copy)
    try:
        yield server.url, copy
    finally:
        server.stop()


def test_merge_form_corrects_the_case_file(served_copy: tuple[str, Path], watched: Watched) -> None:
    url, copy = served_copy
    page = watched.page
    page.goto(url + "/")
    form = page.locator("form.merge")
    form.locator("input[name=a]").fill("Steve Murphy")
    form.locator("input[name=b]").fill("Javier Peña")
    form.get_by_role("button", name="Merge").click()
    page.wait_for_selector("p.message")
    assert "merged" in page.locator("p.message").inner_text()
    holders = {
        e.id
        for e in open_casefile(copy).entities
        if {"Steve Murphy", "Javier Peña"} & {e.name, *e.aliases}
    }
    assert len(holders) == 1


KNOWN_EVENT = "Pablo Escobar escaped from La Catedral"
TENTATIVE_DRAWN = "document.querySelectorAll('#timeline .vis-item.tentative').length > 0"


def test_ui_timeline_shows_whole_sentences_in_a_lane_per_person(
    served: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(served + "/timeline")
    page.wait_for_selector("#timeline .vis-item .item-label")
    labels = [t.strip() for t in page.locator("#timeline .vis-item .item-label").all_inner_texts()]
    assert labels and all(len(t) > 2 and " " in t for t in labels), labels  # no "Pa", "Ma"
    assert any(KNOWN_EVENT in t for t in labels)
    clipped = page.evaluate(
        "() => Array.from(document.querySelectorAll('#timeline .vis-item-content'))"
        ".filter(c => c.scrollWidth > c.clientWidth + 1"
        " && c.getBoundingClientRect().right < innerWidth - 40).length"
    )
    assert clipped == 0
    lanes = [t.strip() for t in page.locator("#timeline .vis-label").all_inner_texts()]
    assert lanes[0] == "Pablo Escobar" and lanes[-1] == "Everyone else"
    watched.shot_of("main", "ui-timeline")
    assert watched.errors == []


def test_ui_graph_draws_only_connected_entities_and_lists_the_rest(
    served: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(served + "/graph")
    page.wait_for_selector("#graph canvas")
    wait_until(page, "() => window.leyendaGraph !== undefined")
    drawn = page.evaluate(
        "() => leyendaGraph.nodes().map(n => [n.data('label'), n.connectedEdges().length])"
    )
    assert len(drawn) >= 5 and [name for name, edges in drawn if edges == 0] == []
    isolated = page.locator("#graph-isolated li a").all_inner_texts()
    assert isolated and not {name for name, _ in drawn} & set(isolated)
    assert page.evaluate("() => leyendaGraph.zoom()") >= 0.6
    watched.shot_of("main", "ui-graph")
    assert watched.errors == []


def test_ui_hides_tentative_facts_and_shows_them_again(served: str, watched: Watched) -> None:
    page = watched.page
    page.goto(served + "/timeline")
    page.wait_for_selector("#timeline .vis-item")
    box = page.locator("#hide-tentative")
    assert not box.is_checked()
    wait_until(page, TENTATIVE_DRAWN)
    tentative = page.locator("#timeline-list > li.event.tentative:visible")
    every = page.locator("#timeline-list > li.event:visible").count()
    shown = tentative.count()
    assert shown > 0
    box.check()
    wait_until(page, f"() => !({TENTATIVE_DRAWN})")
    assert tentative.count() == 0
    assert page.locator("#timeline-list > li.event:visible").count() == every - shown
    # the choice follows to the graph, which then draws no tentative edge
    page.goto(served + "/graph")
    wait_until(page, "() => window.leyendaGraph !== undefined")
    assert page.locator("#hide-tentative").is_checked()
    assert page.locator("ul.relations li.tentative:visible").count() == 0
    visible = page.evaluate(
        "() => [leyendaGraph.edges('[?tentative]').filter(e => e.visible()).length,"
        " leyendaGraph.edges('[?tentative]').length]"
    )
    assert visible[0] == 0 and visible[1] > 0
    page.locator("#hide-tentative").uncheck()
    wait_until(
        page,
        "n => leyendaGraph.edges('[?tentative]').filter(e => e.visible()).length === n",
        visible[1],
    )
    page.goto(served + "/timeline")
    wait_until(page, TENTATIVE_DRAWN)
    assert page.locator("#timeline-list > li.event.tentative:visible").count() == shown
    assert watched.errors == []


UI_POSITIONS_JS = "() => leyendaGraph.nodes().map(n => [n.id(), n.position('x'), n.position('y')])"


def test_ui_graph_is_laid_out_the_same_every_time(served: str, watched: Watched) -> None:
    """Same case file, same box: same positions, page after page and context after context."""
    page = watched.page
    page.goto(served + "/graph")
    wait_until(page, "() => window.leyendaGraph !== undefined")
    first = page.evaluate(UI_POSITIONS_JS)
    assert len(first) >= 5 and len({(x, y) for _, x, y in first}) == len(first)
    page.reload()
    wait_until(page, "() => window.leyendaGraph !== undefined")
    assert page.evaluate(UI_POSITIONS_JS) == first
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        again = other.new_page()
        again.goto(served + "/graph")
        wait_until(again, "() => window.leyendaGraph !== undefined")
        assert again.evaluate(UI_POSITIONS_JS) == first
    finally:
        other.close()
    assert watched.errors == []


UI_NO_EMPTY_LANE_JS = """() => {
    const t = window.leyendaTimeline;
    const lanes = t.groups.getIds();
    const items = t.items.get();
    const drawn = document.querySelectorAll('#timeline .vis-labelset .vis-label').length;
    return {lanes: lanes.length, drawn: drawn,
            empty: lanes.filter(id => !items.some(it => it.group === id))};
}"""


def test_ui_timeline_draws_no_empty_lane(served: str, watched: Watched) -> None:
    page = watched.page
    page.goto(served + "/timeline")
    page.wait_for_selector("#timeline .vis-item")
    wait_until(page, "() => window.leyendaTimeline !== undefined")
    whole = page.evaluate(UI_NO_EMPTY_LANE_JS)
    assert whole["empty"] == [] and whole["drawn"] == whole["lanes"] >= 3
    people = page.locator("#person-filter option").evaluate_all("os => os.map(o => o.value)")
    for who in [p for p in people if p][:8]:
        page.select_option("#person-filter", who)
        state = page.evaluate(UI_NO_EMPTY_LANE_JS)
        assert state["empty"] == [] and state["drawn"] == state["lanes"], (who, state)
    option = page.locator("#person-filter option", has_text="Carlos Mendoza")
    mendoza = option.get_attribute("value")
    assert mendoza
    page.select_option("#person-filter", mendoza)
    lanes = [t.strip() for t in page.locator("#timeline .vis-label").all_inner_texts()]
    assert "Pablo Escobar" not in lanes
    watched.shot_of("main", "ui-timeline-one-person")
    page.select_option("#person-filter", "")
    page.locator("#hide-tentative").check()
    state = page.evaluate(UI_NO_EMPTY_LANE_JS)
    assert state["empty"] == [] and state["drawn"] == state["lanes"]
    page.locator("#hide-tentative").uncheck()
    assert watched.errors == []


VISIBLE_JS = """sel => Array.from(document.querySelectorAll(sel))
    .filter(el => el.offsetParent !== null).length"""


def test_ui_hides_tentative_facts_on_every_page_that_lists_facts(
    served: str, watched: Watched
) -> None:
    """The home page's conflicts and an entity's facts and conflicts get the same filter as
    the timeline, the graph and the report: checked on one page, it holds on the next."""
    page = watched.page
    page.goto(served + "/")
    box = page.locator("#hide-tentative")
    assert not box.is_checked()
    sides = page.evaluate(VISIBLE_JS, "section.conflict li.fact")
    tentative = page.evaluate(VISIBLE_JS, "section.conflict li.fact.tentative")
    assert tentative > 0
    box.check()
    assert page.evaluate(VISIBLE_JS, "li.tentative") == 0
    assert page.evaluate(VISIBLE_JS, "section.conflict li.fact") == sides - tentative
    # an entity with tentative facts: the choice followed, and the list shows the rest
    escobar = page.locator("#glance a.entity", has_text="Pablo Escobar").first
    escobar.click()
    page.wait_for_selector("h1.entity-name")
    assert page.locator("#hide-tentative").is_checked()
    assert page.evaluate(VISIBLE_JS, "li.tentative") == 0
    hidden = page.evaluate(VISIBLE_JS, "ul.facts > li.fact")
    assert hidden > 0
    page.locator("#hide-tentative").uncheck()
    shown = page.evaluate(VISIBLE_JS, "ul.facts > li.fact.tentative")
    assert shown > 0 and page.evaluate(VISIBLE_JS, "ul.facts > li.fact") == hidden + shown
    page.locator("#hide-tentative").check()
    watched.shot_of("main", "ui-entity-hide-tentative")
    page.locator("#hide-tentative").uncheck()
    assert watched.errors == []


def test_ui_glance_marks_disputed_dates_and_fictional_people(
    served_examples: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(served_examples + "/")
    glance = page.locator("#glance")
    dispute = glance.locator(".glance-dispute")
    assert dispute.count() == 1
    assert dispute.inner_text().strip() == "⚠ disputed: 1992-07-21 or 1992-07-22, see Conflicts"
    fictional = glance.locator(".fictional-badge")
    assert fictional.all_inner_texts() == ["fictional, a character of Narcos"]
    marked = glance.locator("li", has=page.locator(".fictional-badge"))
    assert "Horacio Carrillo" in marked.inner_text()
    watched.shot_of("#glance", "ui-glance")
    dispute.click()
    wait_until(page, "() => location.hash.startsWith('#conflict-')")
    target = page.evaluate("() => location.hash.slice(1)")
    assert "escaped" in page.locator(f"[id='{target}'] h3").inner_text()
    assert watched.errors == []
