"""`leyenda person`: one person's dossier, and a clear error for a name nobody carries."""

from __future__ import annotations

from typing import Any

import pytest

from leyenda.ask import UnknownNameError
from leyenda.dossier import dossier_of
from leyenda.errors import LeyendaError
from leyenda.model import CaseFile, Document, Entity, Evidence, Fact, MentionRef, TimeSpan


def _casefile() -> CaseFile:
    text = "Ana Prieto, known as La Jefa, was arrested in 1990. Ana Prieto died in 1999."
    doc = Document("d", "A <b>title</b>", "test", "2020-01-01", "x" * 64, text)
    ana = Entity(
        "e_ana",
        "person",
        "Ana Prieto",
        ("La Jefa", "Prieto"),
        True,
        (MentionRef("d", 0, 10, "Ana Prieto"), MentionRef("d", 21, 28, "La Jefa")),
    )
    actor = Entity("e_actor", "person", "Bea Ruiz", (), True, ())
    work = Entity("e_work", "work", "The Show", (), None, ())
    first = text.index("Ana Prieto died")
    arrested = Fact(
        "f1",
        "e_ana",
        "arrested",
        "reality",
        time=TimeSpan("1990", "1990", "1990"),
        evidence=(Evidence.of(doc, 0, first - 1),),
    )
    died = Fact(
        "f2",
        "e_ana",
        "died",
        "reality",
        time=TimeSpan("1999", "1999", "1999"),
        evidence=(Evidence.of(doc, first, len(text)),),
    )
    played = Fact("f3", "e_ana", "portrayed_by", "depiction", object="e_actor", work="e_work")
    return CaseFile((doc,), (ana, actor, work), (died, arrested, played), ())


def test_dossier_lists_names_players_and_a_timeline_in_order() -> None:
    d = dossier_of(_casefile(), "la jefa")
    assert d.name == "Ana Prieto"
    assert "La Jefa" in d.aliases
    assert [line.text for line in d.played_by] == ["Bea Ruiz in The Show"]
    assert [line.text.split(":")[0] for line in d.timeline] == ["1990", "1999"]
    assert d.timeline[0].citations[0].quote.startswith("Ana Prieto, known as La Jefa")
    data = d.to_dict()
    assert data["timeline"][1]["citations"][0]["title"] == "A <b>title</b>"
    assert "Ana Prieto" in d.render()


def test_unknown_name_is_a_leyenda_error_listing_close_matches() -> None:
    with pytest.raises(UnknownNameError) as err:
        dossier_of(_casefile(), "Ana Prieta")
    assert isinstance(err.value, LeyendaError)
    assert "Ana Prieto" in str(err.value)


@pytest.mark.model
def test_seed_dossier_has_status_conflicts_and_show_differences(
    loaded: dict[str, CaseFile],
) -> None:
    gallardo = dossier_of(loaded["seeds"], "Felix Gallardo")
    assert any("Diego Luna" in line.text for line in gallardo.played_by)
    assert any("prison" in line.text for line in gallardo.status)
    assert any("birth dates" in c for c in gallardo.conflicts)
    assert gallardo.depiction_differences
    mika = dossier_of(loaded["seeds"], "Mika")
    assert any("3" in s and "2" in s for s in mika.depiction_differences)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> dict[str, CaseFile]:
    from leyenda import build
    from leyenda.api import open_casefile

    from .conftest import SEEDS_MANIFEST

    path = tmp_path_factory.mktemp("dossier") / "seeds.db"
    assert not build([SEEDS_MANIFEST], path, nlp=nlp).failed
    return {"seeds": open_casefile(path)}
