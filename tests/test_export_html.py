"""The one-file HTML report, read without a browser: offline, inert article text, citations.

The page is parsed with the standard library's HTML parser, the way a browser tokenises it,
so "no raw tags" means no element the article's text could have created. Clicking and
filtering in a real browser are tested elsewhere (Playwright); here every citation's target
is checked to exist and to hold exactly the quoted characters.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest

from leyenda.exports import export
from leyenda.exports.html import (
    anchor,
    densest_window,
    highlight_source,
    json_script,
    render_graph_data,
    render_timeline_data,
)
from leyenda.model import CaseFile, Document, Entity, Evidence, Fact, TimeSpan

from .test_exports_formats import CONFLICTS, DOC_A, DOC_B, EVIL, FACTS, make_casefile


class Page(HTMLParser):
    """Every start tag with its attributes, script bodies, and the text of evidence marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._source: str | None = None  # data-doc of the source section we are in
        self._marks: list[tuple[str, str]] = []  # open (doc, data-ev) marks
        self._depth_marks: list[bool] = []
        self.mark_text: dict[tuple[str, str], str] = defaultdict(str)
        self.mark_ids: dict[str, tuple[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self._script, self._script_text = a, []
        if tag == "details" and "source" in a.get("class", "").split():
            self._source = a["data-doc"]
        if tag == "mark":
            assert self._source is not None, "a mark outside a source"
            key = (self._source, a["data-ev"])
            self._marks.append(key)
            if "id" in a:
                self.mark_ids[a["id"]] = key

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag == "details":
            self._source = None
        if tag == "mark":
            self._marks.pop()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        for key in self._marks:
            self.mark_text[key] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return export(make_casefile(), "html")


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return parse(html)


def test_the_report_needs_no_network(html: str, page: Page) -> None:
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag  # every script is inline
        if tag == "link":
            assert attrs.get("rel") != "stylesheet"
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?\s*(https?:)?//", html, re.IGNORECASE)
    bodies = [body for attrs, body in page.scripts if "type" not in attrs]
    assert len(bodies) == 3  # vis-timeline, Cytoscape.js, the report's own
    assert "vis-timeline" in bodies[0] and "cytoscape" in bodies[1].lower()
    assert "sourceMappingURL" not in html


def test_article_text_is_text_never_markup(html: str, page: Page) -> None:
    # the article holds <script>, <img onerror=...>, a javascript: link and </textarea>
    assert [t for t, _ in page.tags].count("script") == 4  # 3 libraries/ours + the data block
    assert "img" not in {t for t, _ in page.tags} and "textarea" not in {t for t, _ in page.tags}
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not attrs.get("href", "").strip().lower().startswith("javascript:")
        assert tag not in ("i", "b"), "a title or summary's tags became markup"
    assert "</textarea" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(4)&gt;" in html  # an entity named with markup
    assert "Narcos: Mexico, &lt;i&gt;explained&lt;/i&gt;" in html


def test_data_block_cannot_be_broken_out_of(page: Page) -> None:
    (attrs, body), *_ = [(a, b) for a, b in page.scripts if a.get("type") == "application/json"]
    assert attrs["id"] == "leyenda-data"
    assert "<" not in body and ">" not in body and "&" not in body
    data = json.loads(body)
    contents = {it["id"]: it["content"] for it in data["timeline"]["items"]}
    # the same string comes back in the browser, where the script sets it with textContent
    assert contents["f_wrote"] == "<img src=x onerror=alert(4)> met Enrique Camarena"
    assert json_script("</script><!--") == '"\\u003c/script\\u003e\\u003c!--"'


def test_every_citation_opens_its_source_on_the_quoted_characters(page: Page) -> None:
    docs = {d.id: d for d in (DOC_A, DOC_B)}
    cited: set[tuple[str, int, int]] = set()
    for tag, attrs in page.tags:
        if tag != "a" or "citation" not in attrs.get("class", "").split():
            continue
        doc, start, end = attrs["data-doc"], int(attrs["data-start"]), int(attrs["data-end"])
        cited.add((doc, start, end))
        target = attrs["href"].removeprefix("#")
        assert target in page.ids and page.mark_ids[target] == (doc, f"{start}-{end}")
        # the mark (and any piece continuing it) holds exactly the quoted characters
        assert page.mark_text[(doc, f"{start}-{end}")] == docs[doc].text[start:end]
        assert f"source-{anchor(doc)}" in page.ids
    evidence = {(e.doc, e.start, e.end) for f in FACTS for e in f.evidence}
    assert cited == evidence  # every piece of evidence is cited somewhere, and nothing else


def test_hooks_for_browser_tests(page: Page) -> None:
    ids = page.ids
    assert {"timeline", "graph", "person-filter", "timeline-detail", "leyenda-data"} <= ids
    assert "source-doc_a" in ids and f"source-{anchor('notes/b 2.txt')}" in ids
    assert anchor("notes/b 2.txt") != "notes/b 2.txt"  # hashed into a selector-safe id
    select = [a for t, a in page.tags if t == "select"]
    assert select == [{"id": "person-filter"}]
    options = [a["value"] for t, a in page.tags if t == "option"]
    assert options[0] == "" and set(options[1:]) == {
        "ent_camarena",
        "ent_pena",
        "ent_gallardo",
        "ent_reader",
    }
    conflicts = [a for t, a in page.tags if "conflict" in a.get("class", "").split()]
    assert sorted(a["data-kind"] for a in conflicts) == ["date", "depiction"]


def test_each_conflict_shows_both_sides_with_their_sources(html: str) -> None:
    for conflict in CONFLICTS:
        start = html.index(f'id="conflict-{conflict.id}"')
        block = html[start : html.index("</article>", start)]
        sides = re.findall(r'<li class="side[^"]*" data-fact="([^"]+)"', block)
        assert sides == list(conflict.facts)
        assert block.count('class="citation"') == 2
    show = html[html.index('id="conflict-c_show"') :]
    assert "Shown on screen:" in show[:3000] and "Reality:" in show[:3000]
    assert "&lt;b&gt;1985-03-07&lt;/b&gt;" in html  # the summary is text too


def test_people_show_aliases_portrayals_and_reality(html: str) -> None:
    card = html[html.index('id="entity-ent_camarena"') :]
    card = card[: card.index("</article>")]
    assert (
        '<span class="alias">Kiki</span>' in card and '<span class="alias">Camarena</span>' in card
    )
    assert "real person" in card
    assert "Played by <strong>Michael Peña</strong> in <em>Narcos: Mexico</em>" in card
    actor = html[html.index('id="entity-ent_pena"') :]
    assert "Plays <strong>Enrique Camarena</strong>" in actor[: actor.index("</article>")]
    reader = html[html.index('id="entity-ent_reader"') :]
    assert "fictional character" in reader[: reader.index("</article>")]


def test_timeline_items_tell_reality_depiction_and_disputes_apart() -> None:
    data = render_timeline_data(make_casefile())
    items = {it["id"]: it for it in data["items"]}
    # ages are not events; undated facts have no place on a timeline
    assert set(items) == {
        "f_found_a",
        "f_found_b",
        "f_date_words",
        "f_wrote",
        "f_killed_real",
        "f_met",
        "f_born",
    }
    found = items["f_found_a"]
    assert found["type"] == "point" and found["start"] == "1985-03-07" and found["end"] is None
    assert found["disputed"] and found["className"] == "modality-reality disputed"
    assert items["f_killed_real"]["type"] == "range"
    assert (items["f_killed_real"]["start"], items["f_killed_real"]["end"]) == (
        "1985-01-01",
        "1986-01-01",
    )
    assert (items["f_date_words"]["start"], items["f_date_words"]["end"]) == (
        "1985-03-01",
        "1985-04-01",
    )
    assert items["f_born"]["end"] == "1945-01-01" and "derived" in items["f_born"]["className"]
    assert (
        items["f_wrote"]["group"] == "claim" and items["f_wrote"]["className"] == "modality-claim"
    )
    assert items["f_met"]["people"] == ["ent_camarena", "ent_gallardo"]
    assert [g["id"] for g in data["groups"]] == ["reality", "claim"]
    assert [p["id"] for p in data["people"]] == [
        "ent_reader",  # "<img..." sorts first
        "ent_camarena",
        "ent_gallardo",
    ]
    bad = Fact("f_bad", "ent_camarena", "arrested", "reality", time=TimeSpan("1985-13", "x", "?"))
    assert "f_bad" not in {
        it["id"] for it in render_timeline_data(make_casefile(facts=(*FACTS, bad)))["items"]
    }


def test_graph_has_typed_edges_between_people_organizations_and_works() -> None:
    data = render_graph_data(make_casefile())
    nodes = {n["data"]["id"]: n["data"] for n in data["nodes"]}
    assert set(nodes) == {
        "ent_camarena",
        "ent_pena",
        "ent_gallardo",
        "ent_narcos",
        "ent_dea",
        "ent_reader",
    }  # a place with no edge is left out
    assert nodes["ent_narcos"]["type"] == "work" and nodes["ent_reader"]["reality"] == "fictional"
    edges = {
        (e["data"]["source"], e["data"]["target"], e["data"]["predicate"]) for e in data["edges"]
    }
    assert edges == {
        ("ent_camarena", "ent_pena", "portrayed_by"),
        ("ent_pena", "ent_narcos", "cast_in"),
        ("ent_camarena", "ent_dea", "employee_of"),
        ("ent_reader", "ent_camarena", "met"),
        ("ent_camarena", "ent_gallardo", "met"),
    }
    portrayal = next(e["data"] for e in data["edges"] if e["data"]["predicate"] == "portrayed_by")
    assert portrayal["modality"] == "depiction" and portrayal["label"] == "played by"


def test_timeline_opens_on_the_densest_period_with_a_lane_per_central_person() -> None:
    starts = ["1940-05-01", "1985-02-07", "1985-03-05", "1986-01-01", "1987-06-01", "2016-01-01"]
    window = densest_window(starts)
    assert window is not None
    assert window["start"] < "1985-02-07" and "1987-06-01" < window["end"] < "2000"
    assert densest_window([]) is None
    data = render_timeline_data(make_casefile())
    lanes = [lane["id"] for lane in data["lanes"]]
    assert {it["lane"] for it in data["items"]} == set(lanes)
    central = [lane["person"] for lane in data["lanes"] if lane["person"]]
    assert central and central[0] == "ent_camarena"  # in most dated facts


def test_a_person_whose_events_all_sit_in_another_lane_gets_no_lane() -> None:
    """Ana takes part in two dated events, both with Camarena, who is in more: her items
    sit in his lane, so she has no lane of her own, which would be empty."""
    ana = Entity("ent_ana", "person", "Ana Ruiz", (), None, ())
    met = [
        Fact(f"f_ana{i}", "ent_camarena", "met", "reality", object="ent_ana",
             time=TimeSpan(f"198{i}", f"198{i}", f"in 198{i}"))
        for i in (2, 3)
    ]  # fmt: skip
    case = make_casefile()
    data = render_timeline_data(
        replace(case, entities=(*case.entities, ana), facts=(*case.facts, *met))
    )
    lanes = {lane["id"]: lane for lane in data["lanes"]}
    assert "ent_ana" not in {lane["person"] for lane in lanes.values()}
    hers = {it["lane"] for it in data["items"] if "ent_ana" in it["people"]}
    assert hers == {"lane-ent_camarena"}
    # every lane holds an item
    assert all(any(it["lane"] == lane for it in data["items"]) for lane in lanes)


def test_graph_draws_linked_entities_and_lists_the_unlinked() -> None:
    alone = Entity("ent_alone", "person", "Nobody Linked", (), None, ())
    case = make_casefile()
    data = render_graph_data(replace(case, entities=(*case.entities, alone)))
    assert "ent_alone" not in {n["data"]["id"] for n in data["nodes"]}
    assert [e["id"] for e in data["isolated"]] == ["ent_alone"]
    assert {n["data"]["component"] for n in data["nodes"]} == {0}


# -- highlight_source ------------------------------------------------------------------------


def doc(text: str, doc_id: str = "d") -> Document:
    return Document(doc_id, "t", "", None, "0" * 64, text)


def cut(d: Document, start: int, end: int) -> Evidence:
    return Evidence.of(d, start, end)


def test_highlight_cuts_at_offsets_then_escapes() -> None:
    d = doc("a <b> & c")
    out = highlight_source(d, [cut(d, 2, 5)])
    assert out == 'a <mark class="evidence" id="ev-d-2-5" data-ev="2-5">&lt;b&gt;</mark> &amp; c'
    # a mark ending inside what escaping turns into an entity still splits the text, not it
    out = highlight_source(d, [cut(d, 6, 7)])
    assert out == 'a &lt;b&gt; <mark class="evidence" id="ev-d-6-7" data-ev="6-7">&amp;</mark> c'


def test_highlight_counts_characters_not_bytes_or_utf16_units() -> None:
    d = doc("😀 Félix said <yes>.")
    start = d.text.index("<yes>")
    out = highlight_source(d, [cut(d, start, start + 5)])
    assert f'data-ev="{start}-{start + 5}">&lt;yes&gt;</mark>' in out


def test_highlight_nests_and_splits_overlapping_evidence() -> None:
    d = doc("One two three four five.")
    nested, outer, straddle = cut(d, 4, 7), cut(d, 0, 13), cut(d, 8, 18)
    out = str(highlight_source(d, [straddle, nested, outer, nested]))
    page = Page()
    page._source = "d"
    page.feed(out)
    for e in (nested, outer, straddle):
        assert page.mark_text[("d", f"{e.start}-{e.end}")] == e.quote
    assert out.count('id="ev-d-8-18"') == 1 and out.count('data-ev="8-18"') == 2
    assert out.count("<mark") == out.count("</mark>") == 4
    assert re.sub(r"<[^>]+>", "", out) == d.text


def test_highlight_skips_evidence_that_is_not_this_text() -> None:
    d = doc("Short text.")
    wrong = [
        Evidence("d", 0, 5, "Other"),
        Evidence("d", 6, 99, "text."),
        Evidence("other", 0, 5, "Short"),
        Evidence("d", 3, 3, ""),
    ]
    assert highlight_source(d, wrong) == "Short text."


def test_report_is_deterministic_and_complete_on_an_empty_case_file() -> None:
    shuffled = make_casefile(facts=tuple(reversed(FACTS)), documents=(DOC_B, DOC_A))
    assert export(shuffled, "html") == export(make_casefile(), "html")
    empty = export(CaseFile((), (), (), ()), "html")
    assert "No people found." in empty and 'id="timeline"' in empty


@pytest.mark.model
def test_report_of_the_bundled_examples(tmp_path: Any, nlp: Any) -> None:
    from leyenda.api import open_casefile
    from leyenda.pipeline import build

    from .conftest import EXAMPLES

    build([EXAMPLES / "manifest.jsonl"], tmp_path / "ex.db", nlp=nlp)
    casefile = open_casefile(tmp_path / "ex.db")
    page = parse(export(casefile, "html"))
    texts = {d.id: d.text for d in casefile.documents}
    citations = [a for t, a in page.tags if t == "a" and "citation" in a.get("class", "")]
    assert len(citations) >= 20
    for a in citations:
        start, end = int(a["data-start"]), int(a["data-end"])
        assert page.mark_text[(a["data-doc"], f"{start}-{end}")] == texts[a["data-doc"]][start:end]
    assert len(render_timeline_data(casefile)["items"]) >= 5
    assert len(render_graph_data(casefile)["edges"]) >= 5
    assert EVIL not in texts.values()
