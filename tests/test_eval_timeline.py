"""The SemEval-2015 task 4 scorer on hand-made timelines whose scores are worked out by hand."""

from __future__ import annotations

import pytest

from leyenda.evals.timeline import (
    TimelineEntry,
    _task_date,
    closure,
    parse_timeline,
    reduced,
    score_timelines,
    write_timeline,
)

GOLD = "E\n1\t2005-01-01\td-1-a\n2\t2006-XX-XX\td-2-b\td-3-c\n0\tXXXX-XX-XX\td-4-x\n"


def test_parse_and_write_round_trip() -> None:
    target, entries = parse_timeline(GOLD)
    assert target == "E"
    assert entries[1] == TimelineEntry(2, "2006-XX-XX", ("d-2-b", "d-3-c"))
    assert parse_timeline(write_timeline(target, entries)) == (
        target,
        sorted(entries, key=lambda e: e.order),
    )


def test_gold_graph_by_hand() -> None:
    _, gold = parse_timeline(GOLD)
    # reduced: b~c, a<b, a@2005-01-01, b@2006 (x alone, unordered and undated: nothing)
    assert reduced(gold) == {
        ("SIMULTANEOUS", "d-2-b", "d-3-c"),
        ("BEFORE", "d-1-a", "d-2-b"),
        ("ANCHOR", "d-1-a", "2005-01-01"),
        ("ANCHOR", "d-2-b", "2006-XX-XX"),
    }
    # closure adds a<c and c@2006
    assert len(closure(gold)) == 6
    assert ("BEFORE", "d-1-a", "d-3-c") in closure(gold)
    assert ("ANCHOR", "d-3-c", "2006-XX-XX") in closure(gold)


def test_partial_system() -> None:
    """System misses c: P = 3/3; R = 3/4 (b~c missing); F1 = 6/7."""
    _, gold = parse_timeline(GOLD)
    _, system = parse_timeline("E\n1\t2005-01-01\td-1-a\n2\t2006-XX-XX\td-2-b\n")
    s = score_timelines(gold, system).scores()
    assert (s["precision"], s["recall"], s["f1"]) == (100.0, 75.0, pytest.approx(85.71))


def test_wrong_order() -> None:
    """b before a: P = 2/3 (the anchors), R = 2/4 (a@, b@); F1 = 2·(2/3)(1/2)/(7/6) = 4/7."""
    _, gold = parse_timeline(GOLD)
    _, system = parse_timeline("E\n1\t2006-XX-XX\td-2-b\n2\t2005-01-01\td-1-a\n")
    s = score_timelines(gold, system).scores()
    assert (s["precision"], s["recall"], s["f1"]) == (66.67, 50.0, 57.14)


def test_wrong_dates_and_spurious_event() -> None:
    """Right order, wrong date for a, spurious z at order 3.
    S⁻: a<b ✓, b<z ✗, a@2004 ✗, b@2006 ✓, z@2007 ✗ → P = 2/5.
    S⁺ ∋ a<b, b@2006 → R = 2/4. F1 = 2·0.4·0.5/0.9 = 44.44."""
    _, gold = parse_timeline(GOLD)
    _, system = parse_timeline(
        "E\n1\t2004-XX-XX\td-1-a\n2\t2006-XX-XX\td-2-b\n3\t2007-XX-XX\td-9-z\n"
    )
    s = score_timelines(gold, system).scores()
    assert (s["precision"], s["recall"], s["f1"]) == (40.0, 50.0, 44.44)


def test_empty_system_and_perfect() -> None:
    _, gold = parse_timeline(GOLD)
    assert score_timelines(gold, []).scores()["f1"] == 0.0
    assert score_timelines(gold, []).r_all == 4
    assert score_timelines(gold, gold).scores()["f1"] == 100.0


def test_dates_in_task_form() -> None:
    assert _task_date("1989", "1989") == "1989-XX-XX"
    assert _task_date("1989-04", "1989-04") == "1989-04-XX"
    assert _task_date("1989-04-08", "1989-04-08") == "1989-04-08"
    assert _task_date("1989-04-01", "1989-04-30") == "1989-04-XX"
    assert _task_date("1980", "1983") == "XXXX-XX-XX"
