"""The seed articles through the whole pipeline, scored by the project's own gold file.

The floors are what this version reaches; raising them is how later work shows progress.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from leyenda import build
from leyenda.api import open_casefile
from leyenda.exports import export

from .conftest import EXAMPLES, SCORER, SEEDS_GOLD, SEEDS_MANIFEST


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    report = build([SEEDS_MANIFEST], out / "seeds.db", nlp=nlp)
    assert not report.failed
    path = out / "seeds.json"
    path.write_text(export(open_casefile(out / "seeds.db"), "json"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def score(seeds_export: Path) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, str(SCORER), str(seeds_export), str(SEEDS_GOLD)],
        capture_output=True,
        text=True,
        check=True,
    )
    line = [x for x in run.stdout.splitlines() if x.startswith("SCORE ")][-1]
    return json.loads(line[len("SCORE ") :])  # type: ignore[no-any-return]


def hits(score: dict[str, Any], key: str) -> int:
    """The numerator of a "found/total" figure of the scorer."""
    return int(str(score[key]).split("/")[0])


def test_every_quote_is_the_text_it_points_at(score: dict[str, Any]) -> None:
    assert score["evidence_checked"] > 100
    assert score["evidence_bad"] == 0


def test_people_found_merged_and_typed(score: dict[str, Any]) -> None:
    assert hits(score, "people_found") >= 25
    assert score["alias_merge"] >= 0.95
    assert score["non_people_typed_person"] == 0
    assert score["over_merged_entities"] == 0
    assert score["person_entities"] <= 27


def test_portrayals_and_events(score: dict[str, Any]) -> None:
    assert hits(score, "portrayals") >= 7
    assert hits(score, "events") >= 16
    assert hits(score, "relations") >= 6
    assert hits(score, "ages") >= 4
    assert hits(score, "birth_ranges") >= 2


def test_each_marked_sentence_keeps_its_modality(score: dict[str, Any]) -> None:
    assert hits(score, "modality_correct") >= 6


def test_body_found_conflict_is_reported(score: dict[str, Any]) -> None:
    assert hits(score, "conflicts_found") >= 2
    assert score["conflicts_unmatched"] <= 1


def test_bundled_examples_build(tmp_path: Path, nlp: Any) -> None:
    report = build([EXAMPLES / "manifest.jsonl"], tmp_path / "ex.db", nlp=nlp)
    assert not report.failed
    assert len(report.added) >= 4
    cf = open_casefile(tmp_path / "ex.db")
    # the examples disagree on the day of the escape from La Catedral, on purpose
    escape = [c for c in cf.conflicts if "escaped" in c.summary]
    assert len(escape) == 1 and "1992-07-21" in escape[0].summary
    assert "1992-07-22" in escape[0].summary
    people = {e.name: e for e in cf.entities if e.type == "person"}
    assert {"El Patrón", "Escobar"} <= set(people["Pablo Escobar"].aliases)
    assert "Roberto Escobar" in people, "the brother is his own person"
    works = {e.name for e in cf.entities if e.type == "work"}
    assert "Narcos" in works and "Narcos" not in people
    undated = [d for d in cf.documents if d.published is None]
    assert undated and cf.unresolved_times.get(undated[0].id)


def test_examples_type_groups_and_actors_and_give_every_portrayal_its_show(
    tmp_path: Path, nlp: Any
) -> None:
    build([EXAMPLES / "manifest.jsonl"], tmp_path / "ex.db", nlp=nlp)
    cf = open_casefile(tmp_path / "ex.db")
    by_name = {e.name: e for e in cf.entities}
    # a group written as a plural name is never one person
    assert by_name["Los Pepes"].type != "person"
    assert by_name["Extraditables"].type != "person"
    # "Wagner Moura stars as Escobar": the actor keeps his whole name in every article
    assert by_name["Wagner Moura"].type == "person"
    assert len({m.doc for m in by_name["Wagner Moura"].mentions}) >= 3
    portrayals = [f for f in cf.facts if f.predicate == "portrayed_by"]
    assert len(portrayals) >= 7
    assert all(f.work == by_name["Narcos"].id for f in portrayals)
