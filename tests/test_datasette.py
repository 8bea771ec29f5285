"""A case file is a plain SQLite database: `datasette casefile.db` browses it, no plugin, no code.

Runs datasette's own command with `--get` (one request through its app, no server), so
what is checked is what a user sees: table pages return rows, foreign keys show as the
names they point at (labelled columns), and the full-text index answers `_search` on its
own page (`documents_fts`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .test_exports_formats import ENTITIES, FACTS, make_casefile, write_casefile


def datasette() -> str:
    beside = Path(sys.executable).parent / "datasette"
    found = str(beside) if beside.exists() else shutil.which("datasette")
    if found is None:
        pytest.skip("datasette is not installed (pip install leyenda[dev])")
    return found


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_casefile(make_casefile(), tmp_path_factory.mktemp("ds") / "case.db")


def get(db: Path, path: str) -> Any:
    run = subprocess.run(
        [datasette(), str(db), "--get", path],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_datasette_lists_entities_and_facts(db: Path) -> None:
    entities = get(db, "/case/entities.json?_shape=array&_size=max")
    assert {e["id"] for e in entities} == {e.id for e in ENTITIES}
    cam = next(e for e in entities if e["id"] == "ent_camarena")
    assert cam["name"] == "Enrique Camarena" and cam["type"] == "person" and cam["real"] == 1
    facts = get(db, "/case/facts.json?_shape=array&_size=max&_labels=on")
    assert len(facts) == len(FACTS)
    portrayal = next(f for f in facts if f["id"] == "f_portrayal")
    # a real foreign key: datasette shows the entity's name beside the id, with no config
    assert portrayal["subject"] == {"value": "ent_camarena", "label": "Enrique Camarena"}
    assert portrayal["object"] == {"value": "ent_pena", "label": "Michael Peña"}


def test_datasette_searches_documents_and_follows_evidence(db: Path) -> None:
    # the FTS5 index is a table datasette searches as it is (rowid = documents.num)
    found = get(db, "/case/documents_fts.json?_search=Guadalajara&_shape=array")
    assert [d["title"] for d in found] == ["What the show got wrong"]
    assert get(db, "/case/documents_fts.json?_search=Sinaloa&_shape=array") == []
    # and on the documents table itself: the index is declared so datasette recognises it
    on_table = get(db, "/case/documents.json?_search=Guadalajara&_shape=array")
    assert [d["title"] for d in on_table] == ["What the show got wrong"]
    evidence = get(db, "/case/evidence.json?_shape=array&_size=max&_labels=on&fact_id=f_found_b")
    assert evidence[0]["doc_id"] == {"value": "notes/b 2.txt", "label": "What the show got wrong"}
    assert evidence[0]["quote"] == "Camarena's body was found on March 5, 1985."
