"""`leyenda serve`: the case file as a local web app (Starlette views over read queries).

`create_app(path)` returns an ASGI app, so every page is tested in-process with Starlette's
TestClient and for real in a browser. Views only read, through a read-only SQLite
connection per request (`queries`); the two writes, the merge/split corrections, call
`leyenda.overrides` exactly as the CLI does.

Article text is untrusted, so:

* Jinja autoescape is on for every template and no template marks article text safe;
  highlighted text is cut into pieces (`highlight`) that the template escapes one by one;
* every response carries a Content-Security-Policy that allows scripts from this app's
  own ``/static`` and ``/assets`` files only (no inline script at all, so none can come
  from text), plus ``nosniff``, no referrer sent to other sites and no framing;
* writes are POST only and need the app's CSRF token (a random secret made when the app
  is created, sent in a hidden form field): a missing or wrong token is a 403;
* the Host header must name the address the app was started for, which stops a web page
  from reading the UI through DNS rebinding (`HostCheck`, IPv6 literals included).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import LeyendaError
from ..exports.html import render_graph_data, render_timeline_data
from ..store import Store
from . import queries
from .highlight import highlight

HERE = Path(__file__).resolve().parent
#: Where the HTML report's vendored front-end libraries live (vis-timeline, Cytoscape.js).
ASSETS = HERE.parent / "assets"

#: Sent with every response. Scripts come from this app's files only: no inline script
#: at all, so one smuggled into article text cannot run, and no eval. Styles may be
#: inline because vis-timeline and Cytoscape.js insert <style> elements and style
#: attributes from their own code; article text never becomes markup (it is always
#: escaped), so it cannot add styles either.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the
    # UI's own form posts, which the CSRF check must then refuse
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)

#: Hosts a browser may call the UI by when it is bound to the loopback address.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

#: A Host header: a name or IPv4 address, or an IPv6 literal in brackets; then a port.
_HOST_HEADER = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[^\[\]:@/?#\s]+))(?::\d*)?")


def canonical_host(host: str) -> str:
    """A host name as compared: lower case, an IP address in its one short spelling
    ("0:0:0:0:0:0:0:1" is "::1"), IPv6 without brackets."""
    bare = host.strip().removeprefix("[").removesuffix("]")
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        return bare.lower()


def host_of(header: str) -> str | None:
    """The host a Host header names (`canonical_host`), or None when it is malformed.

    Own parsing, not Starlette's TrustedHostMiddleware: before Starlette 1.x that split
    "[::1]:8765" at its first colon, so no IPv6 address could be allowed but "*".
    """
    match = _HOST_HEADER.fullmatch(header)
    if match is None:
        return None
    if match["ipv6"] is not None:
        try:
            return str(ipaddress.IPv6Address(match["ipv6"]))
        except ValueError:
            return None
    return canonical_host(match["name"])


class HostCheck:
    """ASGI middleware answering 400 to a request whose Host is not one of `allowed_hosts`
    ("*": any): a DNS-rebinding page reaches the UI under its own name, never these."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.any = "*" in allowed_hosts
        self.allowed = frozenset(canonical_host(h) for h in allowed_hosts if h != "*")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.any and scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or ())
            host = host_of(headers.get(b"host", b"").decode("latin-1"))
            if host is None or host not in self.allowed:
                await PlainTextResponse("Invalid host header", status_code=400)(
                    scope, receive, send
                )
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _vendored(pattern: str) -> str | None:
    """The name of a vendored asset file matching `pattern`, if the package ships one."""
    if not ASSETS.is_dir():
        return None
    found = sorted(p.name for p in ASSETS.glob(pattern) if p.is_file())
    return found[0] if found else None


def _urlpart(value: object) -> str:
    """An id as one URL path segment (a document id may hold '/', '?' or '#')."""
    return quote(str(value), safe="")


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # always, whatever the template's name: article text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["urlpart"] = _urlpart
    return Jinja2Templates(env=env)


class CaseFileApp:
    """The views of one case file; `create_app` wires them into a Starlette app."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.csrf_token = secrets.token_urlsafe(32)
        self.templates = _templates()
        self.assets = {
            "vis_js": _vendored("vis-timeline*.js"),
            "vis_css": _vendored("vis-timeline*.css"),
            "cytoscape_js": _vendored("cytoscape*.js"),
        }

    # --- plumbing ----------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection for one request (SQLite connections stay in one thread)."""
        conn = queries.connect_readonly(self.path)
        try:
            yield conn
        finally:
            conn.close()

    def page(self, request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        """Render a template with what every page needs (token, assets, case file name)."""
        context.setdefault("title", "")
        return self.templates.TemplateResponse(
            request,
            name,
            {
                "csrf_token": self.csrf_token,
                "assets": self.assets,
                "casefile": self.path.name,
                **context,
            },
            status_code=status_code,
        )

    async def error(self, request: Request, exc: Exception) -> Response:
        """Every error as the same small page (a 404 says what was not found)."""
        assert isinstance(exc, HTTPException)
        return self.page(
            request,
            "error.html",
            status_code=exc.status_code,
            title=f"Error {exc.status_code}",
            message=exc.detail,
        )

    # --- pages -------------------------------------------------------------------------

    def home(self, request: Request) -> Response:
        """Counts, the case at a glance, the people with their names and actors, and the
        conflicts."""
        with self.read() as conn:
            people = queries.people(conn)
            return self.page(
                request,
                "home.html",
                counts=queries.counts(conn),
                glance=queries.glance(conn, people),
                people=people,
                conflicts=queries.conflicts(conn),
                titles=queries.titles(conn),
            )

    def entity(self, request: Request) -> Response:
        """One entity: names, merges and why, facts with citations, conflicts, corrections."""
        entity_id = request.path_params["entity_id"]
        with self.read() as conn:
            found = queries.entity_page(conn, entity_id)
        if found is None:
            raise HTTPException(404, f"no entity with id {entity_id!r} in this case file")
        return self.page(request, "entity.html", title=found.ref.name, entity=found)

    def document(self, request: Request) -> Response:
        """One source with its evidence marked; ?start=S&end=E picks the cited quote."""
        doc_id = request.path_params["doc_id"]
        with self.read() as conn:
            doc = queries.document(conn, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r} in this case file")
        cited = _cited_span(request, len(doc.text))
        return self.page(
            request,
            "doc.html",
            title=doc.title or doc.id,
            doc=doc,
            cited=cited,
            text=highlight(doc.text, doc.evidence, cited),
        )

    def timeline(self, request: Request) -> Response:
        """Every dated fact in time order, filterable by person."""
        with self.read() as conn:
            facts = queries.timeline(conn)
            titles = queries.titles(conn)
        people = {p.id: p for f in facts for p in (f.subject, f.object) if p and p.type == "person"}
        return self.page(
            request,
            "timeline.html",
            title="Timeline",
            facts=facts,
            titles=titles,
            people=sorted(people.values(), key=lambda p: p.name.casefold()),
        )

    def graph(self, request: Request) -> Response:
        """Who is related to whom and who plays whom, as a graph and as a list."""
        with self.read() as conn:
            _nodes, edges = queries.graph(conn)
            titles = queries.titles(conn)
        return self.page(request, "graph.html", title="Relations", edges=edges, titles=titles)

    def search(self, request: Request) -> Response:
        """Names and aliases that contain the query, and documents whose text matches it."""
        q = request.query_params.get("q", "")
        with self.read() as conn:
            entities = queries.search_entities(conn, q)
            documents = queries.search_documents(conn, q)
        return self.page(
            request, "search.html", title="Search", q=q, entities=entities, documents=documents
        )

    # --- JSON for the timeline and graph widgets ---------------------------------------

    def api_timeline(self, request: Request) -> Response:
        """Timeline items as the HTML report draws them (`exports.html`), text as data."""
        with self.read() as conn:
            outline = queries.casefile_outline(conn)
        return JSONResponse(render_timeline_data(outline))

    def api_graph(self, request: Request) -> Response:
        """Nodes and typed edges as the HTML report draws them, in Cytoscape.js's shape."""
        with self.read() as conn:
            outline = queries.casefile_outline(conn)
        return JSONResponse(render_graph_data(outline))

    # --- corrections (the only writes) -------------------------------------------------

    async def _checked_form(self, request: Request) -> dict[str, str]:
        """The POSTed form, once its CSRF token and Origin have been checked (else 403)."""
        form = await request.form()
        token = form.get("csrf")
        if not isinstance(token, str) or not hmac.compare_digest(
            token.encode(), self.csrf_token.encode()
        ):
            raise HTTPException(403, "missing or wrong form token; reload the page and try again")
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
            raise HTTPException(403, "a form from another site cannot change this case file")
        return {k: v.strip() for k, v in form.items() if isinstance(v, str)}

    async def merge(self, request: Request) -> Response:
        """Say two names are one entity (the same override `leyenda merge` writes)."""
        form = await self._checked_form(request)
        a, b = form.get("a", ""), form.get("b", "")
        if not a or not b:
            return self._correction(request, None, "give both names to merge", 400)
        from ..overrides import merge_entities

        return await self._apply(request, merge_entities, str(self.path), a, b)

    async def split(self, request: Request) -> Response:
        """Say a name is its own entity (the same override `leyenda split` writes)."""
        form = await self._checked_form(request)
        name = form.get("name", "")
        if not name:
            return self._correction(request, None, "give the name to split off", 400)
        from ..overrides import split_entity

        return await self._apply(request, split_entity, str(self.path), name)

    async def _apply(self, request: Request, fn: Any, *args: str) -> Response:
        """Run a correction off the event loop; its message or its error goes on the page."""
        try:
            message = await run_in_threadpool(fn, *args)
        except LeyendaError as err:
            return self._correction(request, None, str(err), 400)
        return self._correction(request, str(message), None, 200)

    def _correction(
        self, request: Request, message: str | None, error: str | None, status: int
    ) -> Response:
        return self.page(
            request,
            "correction.html",
            status_code=status,
            title="Correction",
            message=message,
            error=error,
        )


def _cited_span(request: Request, length: int) -> tuple[int, int] | None:
    """The ?start=&end= of a citation link, checked against the text (else a 400)."""
    raw_start = request.query_params.get("start")
    raw_end = request.query_params.get("end")
    if raw_start is None and raw_end is None:
        return None
    try:
        start, end = int(raw_start or ""), int(raw_end or "")
    except ValueError:
        raise HTTPException(400, "start and end must both be whole numbers") from None
    if not 0 <= start < end <= length:
        raise HTTPException(
            400, f"start={start} end={end} is not a span of this document (0..{length})"
        )
    return start, end


def create_app(
    store_path: str | Path, *, allowed_hosts: Sequence[str] = LOOPBACK_HOSTS
) -> Starlette:
    """The web UI of one case file, as an ASGI app.

    Opens the case file once first, so a missing file or a database of another kind is a
    `CasefileError` naming it (and an older case file is migrated) before any request.
    `allowed_hosts` are the Host names the app answers to ("*" for any).
    """
    path = Path(store_path)
    # an older case file is migrated; one that may not be written is served to read
    # (a correction then answers with the reason, as any failed correction does)
    readonly = path.is_file() and not os.access(path, os.W_OK)
    Store.open(path, readonly=readonly).close()
    views = CaseFileApp(path)
    routes = [
        Route("/", views.home, name="home"),
        Route("/timeline", views.timeline, name="timeline"),
        Route("/graph", views.graph, name="graph"),
        Route("/search", views.search, name="search"),
        Route("/entity/{entity_id:path}", views.entity, name="entity"),
        Route("/doc/{doc_id:path}", views.document, name="doc"),
        Route("/api/timeline", views.api_timeline, name="api_timeline"),
        Route("/api/graph", views.api_graph, name="api_graph"),
        Route("/corrections/merge", views.merge, methods=["POST"], name="merge"),
        Route("/corrections/split", views.split, methods=["POST"], name="split"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    if ASSETS.is_dir():
        routes.append(Mount("/assets", StaticFiles(directory=ASSETS), name="assets"))
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(HostCheck, allowed_hosts=tuple(allowed_hosts)),
        ],
        exception_handlers={HTTPException: views.error},
    )
    app.state.casefile = views
    return app
