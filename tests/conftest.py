"""Shared fixtures: one spaCy pipeline per test session, and a one-call document analyser."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from leyenda.model import DocAnalysis, Document

#: CI gates a merge, so its property tests draw the same examples every run (a red CI must
#: be reproducible from its log); a developer's run draws new ones and finds new bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS_MANIFEST = SHARED / "seeds" / "manifest.jsonl"
SEEDS_GOLD = SHARED / "gold" / "seeds.json"
SCORER = SHARED / "tools" / "score_casefile.py"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


#: What takes a case file back below each schema version (newest first): tests that an
#: older case file is migrated start from one made this way.
_UNDO: dict[int, tuple[str, ...]] = {
    10: ("ALTER TABLE documents DROP COLUMN ocr_pages",),
    9: ("ALTER TABLE entities DROP COLUMN said_real",),
    8: ("ALTER TABLE documents DROP COLUMN pages",),
    7: ("DROP TABLE source_copies", "DROP TABLE source_bands",
        "ALTER TABLE documents DROP COLUMN source_group",
        "ALTER TABLE documents DROP COLUMN minhash"),
    6: ("DROP INDEX documents_path", "ALTER TABLE analyses DROP COLUMN analyser"),
    5: ("ALTER TABLE facts DROP COLUMN confidence", "ALTER TABLE facts DROP COLUMN rule"),
    4: ("DROP INDEX entities_plain", "ALTER TABLE entities DROP COLUMN plain"),
}  # fmt: skip


def as_schema(conn: Any, version: int) -> None:
    """Turn the case file on `conn` (an sqlite3 connection) into one of schema `version`,
    as far as versions 4 and later go (older tables the caller drops itself)."""
    for v in sorted(_UNDO, reverse=True):
        if v > version:
            for statement in _UNDO[v]:
                conn.execute(statement)
    conn.execute("DELETE FROM migrations WHERE version > ?", (version,))


@pytest.fixture(scope="session")
def nlp() -> Any:
    from leyenda.nlp import load_nlp

    return load_nlp()


Analyse = Callable[..., DocAnalysis]


@pytest.fixture(scope="session")
def analyse(nlp: Any) -> Analyse:
    """Analyse one text as a document, the way `build` does, without a case file."""
    from leyenda.analyse import analyse_documents

    def run(
        text: str,
        published: str | None = "2020-06-01",
        doc_id: str = "doc",
        title: str = "A test article",
    ) -> DocAnalysis:
        sha = hashlib.sha256(text.encode()).hexdigest()
        doc = Document(doc_id, title, "test", published, sha, text)
        return next(iter(analyse_documents([doc], nlp=nlp)))

    return run


@pytest.fixture(params=["in-memory", "streamed"])
def cross_route(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both routes of a full build's cross-document stage: every cluster held in memory
    (a small corpus) or streamed through the case file (past `cross.IN_MEMORY_CLUSTERS`)."""
    from leyenda import cross

    if request.param == "streamed":
        monkeypatch.setattr(cross, "IN_MEMORY_CLUSTERS", 0)
    return str(request.param)
