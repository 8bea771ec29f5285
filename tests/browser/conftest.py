"""Real-browser fixtures: Debian's chromium driven by Playwright, the UI served on a free port.

No browser is downloaded: Playwright launches the system chromium (`CHROMIUM`). Where it
is missing the tests skip, saying why, unless ``LEYENDA_REQUIRE_BROWSER=1`` (CI sets it),
where a missing browser is a failure. Screenshots go to ``tests/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from leyenda import build
from leyenda.cli import main as leyenda_main
from leyenda.web import create_app, listen

from ..conftest import EXAMPLES
from ..test_web import HOSTILE_DOC

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
#: How long a page may take to load or react before a test fails (ms); generous because the
#: CI machine is shared. Not a timing assertion: nothing checks how fast it was.
TIMEOUT_MS = 20_000


def wait_until(page: Any, js: str, arg: Any = None, timeout_ms: int = TIMEOUT_MS) -> None:
    """Poll ``js`` (an expression, or a function of ``arg``) from Python until it is true.

    Playwright's own ``wait_for_function`` compiles its predicate with ``eval`` inside the
    page when it has to poll, which the UI's Content-Security-Policy (no 'unsafe-eval')
    refuses, so a condition that is not already true on the first check failed the test
    on a slow machine; ``page.evaluate`` goes through the debugger protocol, outside the CSP.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if page.evaluate(js, arg):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_ms} ms: {js}")
        page.wait_for_timeout(50)


def _unavailable(reason: str) -> None:
    """Skip, or fail where CI says a browser must be there."""
    if os.environ.get("LEYENDA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LEYENDA_REQUIRE_BROWSER=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watched:
    """A page, plus every dialog (alert, confirm...) and script error seen on it."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def shot_of(self, selector: str, name: str) -> Path:
        """A screenshot of one element (a section, a widget), scrolled into view first."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        element = self.page.locator(selector).first
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(path))
        return path


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A fresh page that records dialogs (and dismisses them) and uncaught script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    seen = Watched(page)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda err: seen.errors.append(str(err)))
    try:
        yield seen
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser_casefile(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The examples plus the hostile article, built once for every browser test."""
    folder = tmp_path_factory.mktemp("browser")
    manifest = folder / "hostile.jsonl"
    manifest.write_text(json.dumps(HOSTILE_DOC) + "\n", encoding="utf-8")
    report = build([EXAMPLES / "manifest.jsonl", manifest], folder / "case.db", nlp=nlp)
    assert not report.failed
    return folder / "case.db"


class Served:
    """The web UI of a case file on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, casefile: Path) -> None:
        import uvicorn

        sock = listen("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(create_app(casefile), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self._sock = sock
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web UI did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=TIMEOUT_MS / 1000)
        self._sock.close()


@pytest.fixture(scope="session")
def served(browser_casefile: Path) -> Iterator[str]:
    """Base URL of the UI over the shared (read-only in these tests) case file."""
    server = Served(browser_casefile)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def report_url(browser_casefile: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The one-file HTML report of the same case file, as a file:// URL.

    Written by the command a user runs: `leyenda export CASEFILE --format html -o FILE`.
    """
    path = tmp_path_factory.mktemp("report") / "report.html"
    argv = ["export", str(browser_casefile), "--format", "html", "-o", str(path), "-q"]
    assert leyenda_main(argv) == 0
    return path.as_uri()


@pytest.fixture(scope="session")
def examples_casefile(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The examples alone (no hostile article, whose dates would crowd the case at a
    glance): the escape the sources date two ways is a key date, Horacio Carrillo, a
    character of Narcos, a central person."""
    folder = tmp_path_factory.mktemp("examples")
    report = build([EXAMPLES / "manifest.jsonl"], folder / "case.db", nlp=nlp)
    assert not report.failed
    return folder / "case.db"


@pytest.fixture(scope="session")
def served_examples(examples_casefile: Path) -> Iterator[str]:
    """Base URL of the UI over the examples alone."""
    server = Served(examples_casefile)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def examples_report_url(examples_casefile: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The HTML report of the examples alone, as a file:// URL."""
    path = tmp_path_factory.mktemp("examples-report") / "report.html"
    argv = ["export", str(examples_casefile), "--format", "html", "-o", str(path), "-q"]
    assert leyenda_main(argv) == 0
    return path.as_uri()
