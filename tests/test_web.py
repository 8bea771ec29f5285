"""The web UI in-process: pages, citations, search, corrections, and hostile article text.

The case file is the bundled examples plus one hostile article whose text holds script
tags, event-handler attributes, a javascript: link and a </textarea>; every page must show
them as text. Pages are parsed with the standard library's HTML parser, so "shown as text"
means what a browser would see: no such element or attribute exists in the page.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leyenda import build
from leyenda.api import open_casefile
from leyenda.errors import CasefileError, LeyendaError
from leyenda.model import CaseFile
from leyenda.store import Store
from leyenda.web import allowed_hosts_for, create_app, listen, serve
from leyenda.web.highlight import highlight, merge_spans
from leyenda.web.queries import fold, fts_query

from .conftest import EXAMPLES

with warnings.catch_warnings():
    # Starlette asks for the httpx2 fork; the httpx installed here works the same for tests
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BASE_URL = "http://127.0.0.1"

HOSTILE_TEXT = (
    "Carlos Mendoza was arrested in Cali on March 3, 1990. <script>alert(1)</script> "
    "The police said <img src=x onerror=alert(1)> he had fled. Mendoza was released on "
    'June 5, 1991, a reporter wrote <a href="javascript:alert(1)">here</a> and </textarea> '
    "in his notes.\n\nMendoza, who is 64, now lives in Spain. He married Lucia Ortiz "
    "<script>alert(3)</script> in 1995."
)
HOSTILE_DOC = {
    "id": "hostile",
    "title": "Hostile <script>alert('title')</script> article",
    "source": "<img src=x onerror=alert(2)>",
    "published": "2020-02-13",
    "text": HOSTILE_TEXT,
}
#: What must never appear in a page as markup, only as text.
HOSTILE_FRAGMENTS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">',
    "</textarea>",
)


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def casefile(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The examples and the hostile article, built once for this module."""
    folder = tmp_path_factory.mktemp("web")
    manifest = folder / "hostile.jsonl"
    manifest.write_text(json.dumps(HOSTILE_DOC) + "\n", encoding="utf-8")
    report = build([EXAMPLES / "manifest.jsonl", manifest], folder / "case.db", nlp=nlp)
    assert not report.failed
    return folder / "case.db"


@pytest.fixture(scope="module")
def case(casefile: Path) -> CaseFile:
    return open_casefile(casefile)


@pytest.fixture(scope="module")
def client(casefile: Path) -> Iterator[TestClient]:
    with TestClient(create_app(casefile), base_url=BASE_URL) as c:
        yield c


@pytest.fixture
def own_copy(casefile: Path, tmp_path: Path) -> Path:
    """A copy of the case file for tests that write corrections into it."""
    copy = tmp_path / "copy.db"
    shutil.copy(casefile, copy)
    return copy


def entity_id(case: CaseFile, name: str) -> str:
    return next(e.id for e in case.entities if e.name == name)


class Page(HTMLParser):
    """What a browser would build from a page: elements, attributes, text by element id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_by_id: dict[str, str] = {}
        self._text: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in ("meta", "link", "input", "br", "img"):
            return
        ident = attributes.get("id")
        self._open.append((tag, ident))
        if ident:
            self.text_by_id[ident] = ""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        for _, ident in self._open:
            if ident:
                self.text_by_id[ident] += data

    @property
    def text(self) -> str:
        """All the page's text, as a reader sees it (entities decoded)."""
        return "".join(self._text)

    def unsafe(self) -> list[str]:
        """Markup that could run script: inline scripts, handlers, javascript: URLs, images."""
        found = []
        for tag, attrs in self.tags:
            if tag == "script" and "src" not in attrs:
                found.append("inline <script>")
            if tag in ("img", "iframe", "object", "embed", "textarea"):
                found.append(f"<{tag}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"{name}= on <{tag}>")
                if value.strip().lower().startswith("javascript:"):
                    found.append(f"javascript: in {name} of <{tag}>")
        return found


# --- pages --------------------------------------------------------------------------------


@pytest.mark.model
def test_home_lists_people_with_aliases_actors_and_conflicts(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "Pablo Escobar" in r.text
    assert "El Patrón" in r.text  # an alias
    assert "Wagner Moura" in r.text  # who plays him
    page = Page(r.text)
    assert any(
        a.get("class", "").startswith("conflict") for tag, a in page.tags if tag == "section"
    )


@pytest.mark.model
def test_home_opens_on_the_case_at_a_glance_with_disputed_dates_and_fictional_people(
    tmp_path: Path, nlp: Any
) -> None:
    """As the dossier and the report open, on the examples alone: the escape is dated two
    ways, and Horacio Carrillo is a character of Narcos only."""
    build([EXAMPLES / "manifest.jsonl"], tmp_path / "case.db", nlp=nlp)
    case = open_casefile(tmp_path / "case.db")
    with TestClient(create_app(tmp_path / "case.db"), base_url=BASE_URL) as c:
        r = c.get("/")
    glance = r.text.split('<section id="glance">', 1)[1].split("</section>", 1)[0]
    assert r.text.index('id="glance"') < r.text.index("<h2>People</h2>")
    people = glance.split('class="glance-people"', 1)[1].split("</ul>", 1)[0]
    carrillo = next(li for li in people.split("<li>") if "Horacio Carrillo" in li)
    assert "fictional, a character of Narcos" in carrillo
    assert people.count("fictional,") == 1  # the real ones are not marked
    dates = glance.split('class="glance-dates"', 1)[1].split("</ul>", 1)[0]
    lines = [li for li in dates.split("<li") if "data-fact" in li]
    escaped = next(li for li in lines if 'data-predicate="escaped"' in li)
    assert "disputed: 1992-07-21 or 1992-07-22, see Conflicts" in escaped
    conflict = next(c for c in case.conflicts if c.kind == "date" and "escaped" in c.summary)
    assert f'href="#conflict-{conflict.id}"' in escaped
    assert f'id="conflict-{conflict.id}"' in r.text  # where the link goes
    undisputed = [li for li in lines if li != escaped]
    assert undisputed and all("disputed" not in li for li in undisputed)


@pytest.mark.model
def test_entity_page_shows_names_merges_facts_and_citations(
    client: TestClient, case: CaseFile
) -> None:
    r = client.get(f"/entity/{entity_id(case, 'Pablo Escobar')}")
    assert r.status_code == 200
    page = Page(r.text)
    assert "surname-unique" in r.text or "same-name" in r.text  # why names were merged
    assert "escaped" in r.text
    citations = [a for tag, a in page.tags if tag == "a" and "citation" in a.get("class", "")]
    assert citations and all(a["href"].startswith("/doc/") for a in citations)
    assert all({"data-doc", "data-start", "data-end"} <= a.keys() for a in citations)


@pytest.mark.model
def test_citation_link_marks_exactly_the_quoted_characters(
    client: TestClient, case: CaseFile
) -> None:
    fact = next(f for f in case.facts if f.evidence and f.predicate == "escaped")
    ev = fact.evidence[0]
    r = client.get(f"/doc/{ev.doc}?start={ev.start}&end={ev.end}")
    assert r.status_code == 200
    page = Page(r.text)
    assert page.text_by_id["cited"] == ev.quote
    assert page.text_by_id[f"source-{ev.doc}"] == next(
        d.text for d in case.documents if d.id == ev.doc
    )


@pytest.mark.model
def test_a_span_outside_the_document_is_a_clear_400(client: TestClient) -> None:
    r = client.get("/doc/dea-agents?start=50&end=999999")
    assert r.status_code == 400
    assert "not a span of this document" in r.text
    assert client.get("/doc/dea-agents?start=x&end=3").status_code == 400


@pytest.mark.model
def test_unknown_ids_are_404_pages_naming_them(client: TestClient) -> None:
    r = client.get("/entity/ent_nothing")
    assert r.status_code == 404 and "ent_nothing" in r.text
    r = client.get("/doc/<script>alert(4)</script>")
    assert r.status_code == 404
    assert Page(r.text).unsafe() == []


@pytest.mark.model
def test_timeline_lists_dated_events_with_people_to_filter(
    client: TestClient, case: CaseFile
) -> None:
    page = Page(client.get("/timeline").text)
    options = [a.get("value") for tag, a in page.tags if tag == "option"]
    assert entity_id(case, "Pablo Escobar") in options
    events = [a for tag, a in page.tags if tag == "li" and "event" in a.get("class", "")]
    assert len(events) >= 5
    assert any("disputed" in a["class"] for a in events)
    data = client.get("/api/timeline").json()
    assert {it["id"] for it in data["items"]} == {a["id"].removeprefix("fact-") for a in events}


@pytest.mark.model
def test_graph_api_has_typed_edges_between_known_nodes(client: TestClient) -> None:
    data = client.get("/api/graph").json()
    nodes = {n["data"]["id"] for n in data["nodes"]}
    edges = [e["data"] for e in data["edges"]]
    assert any(e["predicate"] == "portrayed_by" for e in edges)
    assert all(e["source"] in nodes and e["target"] in nodes for e in edges)
    assert client.get("/graph").status_code == 200


@pytest.mark.model
def test_search_finds_names_without_accents_and_words_in_text(client: TestClient) -> None:
    r = client.get("/search", params={"q": "pena"})
    assert "Javier Peña" in r.text or "Javier Pena" in r.text
    r = client.get("/search", params={"q": "Catedral prison"})
    page = Page(r.text)
    assert any(tag == "mark" and "hit" in a.get("class", "") for tag, a in page.tags)
    assert "/doc/la-catedral-escape" in r.text


@pytest.mark.model
def test_search_survives_query_syntax(client: TestClient) -> None:
    for q in ['"unbalanced', "AND OR NOT (", "*", "<script>alert(5)</script>", ""]:
        r = client.get("/search", params={"q": q})
        assert r.status_code == 200
        assert Page(r.text).unsafe() == []


# --- untrusted text -----------------------------------------------------------------------


@pytest.mark.model
def test_every_page_shows_hostile_markup_as_text(client: TestClient, case: CaseFile) -> None:
    mendoza = entity_id(case, "Carlos Mendoza")
    quoted = [ev for f in case.facts for ev in f.evidence if ev.doc == "hostile"]
    assert any("<script>" in ev.quote for ev in quoted)  # the test has teeth
    urls = [
        "/",
        "/timeline",
        "/graph",
        f"/entity/{mendoza}",
        "/doc/hostile",
        "/search?q=alert",
        "/search?q=Mendoza",
        *(f"/doc/hostile?start={ev.start}&end={ev.end}" for ev in quoted),
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        page = Page(r.text)
        assert page.unsafe() == [], url
        for fragment in HOSTILE_FRAGMENTS:
            assert fragment not in r.text, (url, fragment)
    doc = Page(client.get("/doc/hostile").text)
    for fragment in HOSTILE_FRAGMENTS:
        assert fragment in doc.text_by_id["source-hostile"]  # shown, as text


@pytest.mark.model
def test_json_endpoints_carry_text_as_data(client: TestClient) -> None:
    r = client.get("/api/timeline")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert any("Mendoza" in it["content"] for it in r.json()["items"])


@pytest.mark.model
def test_pages_forbid_inline_script_and_framing(client: TestClient) -> None:
    for url in ("/", "/doc/hostile", "/nowhere"):
        csp = client.get(url).headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'"  # no inline script, no eval
        assert directives["object-src"] == "'none'"
        assert "frame-ancestors 'none'" in csp


@pytest.mark.model
def test_a_foreign_host_header_is_refused(client: TestClient) -> None:
    r = client.get("/", headers={"host": "attacker.example"})
    assert r.status_code == 400


# --- corrections --------------------------------------------------------------------------


def _token(client: TestClient, url: str) -> str:
    page = Page(client.get(url).text)
    return next(a["value"] for tag, a in page.tags if tag == "input" and a.get("name") == "csrf")


def _people_holding(path: Path, *names: str) -> set[str]:
    """Ids of the entities that carry any of `names` as name or alias."""
    return {e.id for e in open_casefile(path).entities if {e.name, *e.aliases}.intersection(names)}


@pytest.mark.model
def test_a_write_without_the_csrf_token_is_refused(own_copy: Path) -> None:
    with TestClient(create_app(own_copy), base_url=BASE_URL) as c:
        form = {"a": "Steve Murphy", "b": "Javier Peña"}
        assert c.post("/corrections/merge", data=form).status_code == 403
        bad = c.post("/corrections/merge", data={**form, "csrf": "guess"})
        assert bad.status_code == 403
        assert c.post("/corrections/split", data={"name": "Escobar"}).status_code == 403
        token = _token(c, "/")
        foreign = c.post(
            "/corrections/merge",
            data={**form, "csrf": token},
            headers={"origin": "http://attacker.example"},
        )
        assert foreign.status_code == 403
        assert c.get("/corrections/merge").status_code == 405
    assert len(_people_holding(own_copy, "Steve Murphy", "Javier Peña")) == 2


@pytest.mark.model
def test_merge_with_the_token_is_stored_in_the_case_file(own_copy: Path) -> None:
    with TestClient(create_app(own_copy), base_url=BASE_URL) as c:
        token = _token(c, "/")
        r = c.post(
            "/corrections/merge",
            data={"a": "Steve Murphy", "b": "Javier Peña", "csrf": token},
            headers={"origin": BASE_URL},
        )
        assert r.status_code == 200
        assert "merged" in r.text
    assert len(_people_holding(own_copy, "Steve Murphy", "Javier Peña")) == 1


@pytest.mark.model
def test_a_refused_correction_shows_the_reason_as_text(own_copy: Path) -> None:
    with TestClient(create_app(own_copy), base_url=BASE_URL) as c:
        token = _token(c, "/")
        r = c.post("/corrections/split", data={"name": "<script>alert(6)</script>", "csrf": token})
        assert r.status_code == 400
        page = Page(r.text)
        assert page.unsafe() == []
        assert "<script>alert(6)</script>" in page.text  # the error names it, as text
        r = c.post("/corrections/merge", data={"a": "Steve Murphy", "csrf": token})
        assert r.status_code == 400


# --- without the model ----------------------------------------------------------------------


def test_create_app_names_a_missing_case_file(tmp_path: Path) -> None:
    with pytest.raises(CasefileError, match=r"nothing\.db"):
        create_app(tmp_path / "nothing.db")


def test_serve_reports_a_port_in_use(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.db", create=True).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LeyendaError, match=f"127.0.0.1:{port}"):
            serve(tmp_path / "empty.db", port=port, quiet=True)


def test_listen_binds_loopback_by_default_address(tmp_path: Path) -> None:
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_hosts_allowed_follow_the_bound_address() -> None:
    assert "attacker.example" not in allowed_hosts_for("127.0.0.1")
    assert "localhost" in allowed_hosts_for("127.0.0.1")
    assert allowed_hosts_for("0.0.0.0") == ("*",)


def test_an_ipv6_address_keeps_the_host_check(tmp_path: Path) -> None:
    # `serve --host ::1` must not answer to any Host name: a DNS-rebinding page would read
    # the token and post corrections; IPv6 literals come bracketed in the Host header
    Store.open(tmp_path / "empty.db", create=True).close()
    for bound, names in (
        ("::1", ("[::1]:8765", "[::1]", "[0:0:0:0:0:0:0:1]:8765", "localhost:8765")),
        ("fe80::1", ("[fe80::1]:8765", "[FE80::1]", "127.0.0.1:8765")),
    ):
        assert allowed_hosts_for(bound) != ("*",)
        app = create_app(tmp_path / "empty.db", allowed_hosts=allowed_hosts_for(bound))
        with TestClient(app, base_url=BASE_URL) as c:
            for name in names:
                assert c.get("/", headers={"host": name}).status_code == 200, (bound, name)
            for name in ("attacker.example", "attacker.example:8765", "[::2]:8765", "[::1", "::1"):
                assert c.get("/", headers={"host": name}).status_code == 400, (bound, name)
    assert allowed_hosts_for("::") == ("*",)  # every interface: the user asked for it


def test_empty_case_file_pages_render(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.db", create=True).close()
    with TestClient(create_app(tmp_path / "empty.db"), base_url=BASE_URL) as c:
        for url in ("/", "/timeline", "/graph", "/search?q=x", "/api/timeline", "/api/graph"):
            assert c.get(url).status_code == 200, url


def test_search_helpers_fold_accents_and_quote_words() -> None:
    assert fold("Javier PEÑA") == "javier pena"
    assert fts_query('he said "AND (') == '"he" "said" "AND"*'
    assert fts_query("  ") == ""


def test_overlapping_evidence_becomes_one_mark() -> None:
    assert merge_spans([(0, 5, "a"), (3, 8, "b"), (10, 12, "c")]) == [
        (0, 8, "a; b"),
        (10, 12, "c"),
    ]


@given(
    text=st.text(min_size=1, max_size=60),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_highlight_pieces_are_the_text_and_the_cited_span_is_the_quote(
    text: str, spans: list[tuple[int, int]], cut: tuple[int, int]
) -> None:
    n = len(text)
    evidence = [(min(a, n), min(b, n), "fact") for a, b in spans]
    start, end = sorted((min(cut[0], n - 1), min(cut[1], n)))
    cited = (start, end) if start < end else None
    parts = highlight(text, evidence, cited)
    joined = [p.text for p in (*parts.before, *parts.cited, *parts.after)]
    assert "".join(joined) == text
    if cited is not None:
        assert "".join(p.text for p in parts.cited) == text[start:end]


def test_tentative_facts_are_marked_on_the_entity_page_and_timeline(own_copy: Path) -> None:
    with sqlite3.connect(own_copy) as conn:
        fid, subject = conn.execute(
            "SELECT id, subject FROM facts WHERE time_start IS NOT NULL AND predicate = 'escaped' "
            "ORDER BY position LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE facts SET confidence = 1.0")  # only this one unsure
        conn.execute("UPDATE facts SET confidence = 0.5, rule = 'event:verb' WHERE id = ?", (fid,))
    with TestClient(create_app(own_copy), base_url=BASE_URL) as c:
        for url in (f"/entity/{subject}", "/timeline"):
            page = Page(c.get(url).text)
            marked = [
                a for tag, a in page.tags if tag == "li" and "tentative" in a.get("class", "")
            ]
            assert [a["id"] for a in marked if "id" in a] == [f"fact-{fid}"], url
            # the sides of the entity's conflicts are marked too (no id: they repeat a fact)
            assert {a.get("data-fact") or a["id"][5:] for a in marked} == {fid}, url
            badges = [a for tag, a in page.tags if "tentative-badge" in a.get("class", "")]
            assert badges and "event:verb" in badges[-1]["title"]
