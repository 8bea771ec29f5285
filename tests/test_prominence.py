"""What matters first (issue 19): people by prominence, extras apart, the case at a glance."""

from __future__ import annotations

from leyenda import prominence
from leyenda.exports import export
from leyenda.model import (
    CaseFile,
    Conflict,
    Document,
    Entity,
    Evidence,
    Fact,
    MentionRef,
    TimeSpan,
)

TEXT = (
    "Zoe Varga founded the Lumen Press in 1998. Varga was arrested in 2004. "
    "Varga was born in 1961. Aaron Abel, a neighbour, waved. "
    "In the film, Varga is played by Mia Stone."
)


def _mentions(doc: str, name: str, n: int) -> tuple[MentionRef, ...]:
    start = TEXT.index(name.split()[-1])
    return tuple(MentionRef(doc, start, start + len(name), name) for _ in range(n))


def _casefile() -> CaseFile:
    docs = tuple(Document(d, f"Story {d}", "test", "2020-01-01", d * 64, TEXT) for d in "ab")
    zoe = Entity(
        "zoe",
        "person",
        "Zoe Varga",
        ("Varga",),
        True,
        _mentions("a", "Varga", 6) + _mentions("b", "Varga", 3),
    )
    abel = Entity("abel", "person", "Aaron Abel", (), None, _mentions("a", "Aaron Abel", 1))
    mia = Entity(
        "mia",
        "person",
        "Mia Stone",
        (),
        True,
        _mentions("a", "Mia Stone", 1) + _mentions("b", "Mia Stone", 1),
    )
    press = Entity(
        "press", "organization", "Lumen Press", (), None, _mentions("a", "Lumen Press", 1)
    )
    film = Entity("film", "work", "The Film", (), None, ())

    def ev(doc: str, quote: str) -> Evidence:
        start = TEXT.index(quote)
        return Evidence(doc, start, start + len(quote), quote)

    facts = (
        Fact("f1", "zoe", "founded", "reality", object="press",
             time=TimeSpan("1998", "1998", "1998"),
             evidence=(ev("a", "Zoe Varga founded the Lumen Press in 1998."),)),
        Fact("f2", "zoe", "arrested", "reality", time=TimeSpan("2004", "2004", "2004"),
             evidence=(ev("a", "Varga was arrested in 2004."),)),
        Fact("f3", "zoe", "born", "reality", time=TimeSpan("1961", "1961", "1961"),
             evidence=(ev("a", "Varga was born in 1961."),)),
        Fact("f4", "zoe", "born", "reality", time=TimeSpan("1962", "1962", "1962"),
             evidence=(ev("b", "Varga was born in 1961."),)),
        Fact("f5", "zoe", "portrayed_by", "depiction", object="mia", work="film",
             evidence=(ev("a", "In the film, Varga is played by Mia Stone."),)),
    )  # fmt: skip
    conflicts = (Conflict("c1", "date", ("f3", "f4"), "The sources disagree on Zoe Varga's birth"),)
    return CaseFile(docs, (abel, mia, zoe, press, film), facts, conflicts)


def test_prominence_puts_the_central_person_first_and_actors_out_of_the_glance() -> None:
    cf = _casefile()
    assert [e.id for e in prominence.ranked(cf, "person")] == ["zoe", "mia", "abel"]
    g = prominence.glance(cf)
    assert [e.id for e in g.people] == ["zoe"]  # the actor takes part only in the cast
    # earliest first; the birth the sources date 1961 and 1962 is one line naming both
    assert [f.id for f in g.key_dates] == ["f3", "f1", "f2"]
    assert set(g.disputed) == {"f3"} and g.disputed["f3"].conflict.id == "c1"
    assert [c.id for c in g.disputes] == ["c1"] and g.disputes_total == 1


def test_the_dossier_opens_on_the_case_and_lists_extras_apart() -> None:
    md = export(_casefile(), "markdown")
    glance = md.split("## The case at a glance", 1)[1].split("## People", 1)[0]
    assert "- **Zoe Varga** (Varga; played by Mia Stone)" in glance
    assert "- 1961 — Zoe Varga was born (**disputed: 1961 or 1962, see Disputed**)" in glance
    assert "- 1962" not in glance  # the other side of the dispute is not a line of its own
    assert glance.index("1961") < glance.index("1998") < glance.index("2004")
    assert "**What the sources dispute** (1 in all, below)" in glance
    people = md.split("## People", 1)[1].split("## Timeline", 1)[0]
    assert people.index("### Zoe Varga") < people.index("### Mia Stone")
    assert "### Aaron Abel" not in people
    assert "### Also named\n\nAaron Abel" in people


def test_the_report_opens_on_the_case_and_lists_extras_apart() -> None:
    html = export(_casefile(), "html")
    assert '<section id="glance">' in html and html.index('id="glance"') < html.index('id="people"')
    people = html.split('<section id="people">', 1)[1].split("</section>", 1)[0]
    assert people.index("Zoe Varga") < people.index("Mia Stone")
    assert "Also named" in people and "Aaron Abel" in people.split("Also named", 1)[1]


def test_a_key_date_the_sources_dispute_says_so_with_every_date() -> None:
    from leyenda.model import TimeSpan

    dispute = prominence.glance(_casefile()).disputed["f3"]
    assert dispute.dates == (TimeSpan("1961", "1961", "1961"), TimeSpan("1962", "1962", "1962"))
    assert dispute.note(lambda t: t.start) == "disputed: 1961 or 1962, see Disputed"
    three = prominence.DateDispute(dispute.conflict, (*dispute.dates, TimeSpan("1963", "1963", "")))
    assert three.note(lambda t: t.start, see="Conflicts") == (
        "disputed: 1961, 1962 or 1963, see Conflicts"
    )
    html = export(_casefile(), "html")
    glance = html.split('<section id="glance">', 1)[1].split("</section>", 1)[0]
    dates = glance.split('class="glance-dates"', 1)[1]
    assert "⚠ disputed: 1961 or 1962, see Disputed" in dates
    assert 'href="#conflict-c1"' in dates and "1962" not in dates.split("disputed", 1)[0]


def _fictional(cf: CaseFile, person: str) -> CaseFile:
    from dataclasses import replace

    entities = tuple(replace(e, real=False) if e.id == person else e for e in cf.entities)
    return replace(cf, entities=entities)


def test_a_fictional_central_person_is_said_to_be_a_character_of_the_work() -> None:
    cf = _fictional(_casefile(), "zoe")
    zoe = next(e for e in cf.entities if e.id == "zoe")
    assert prominence.fiction_note(cf, zoe) == "fictional, a character of The Film"
    md = export(cf, "markdown")
    glance = md.split("## The case at a glance", 1)[1].split("## People", 1)[0]
    assert "- **Zoe Varga** (fictional, a character of The Film; Varga; played by Mia Stone)" in (
        glance
    )
    html = export(cf, "html")
    people = html.split('class="glance-people"', 1)[1].split("</ul>", 1)[0]
    assert "fictional, a character of The Film" in people
    # real or unknown people are not marked; a character no work shows is one "of a dramatization"
    assert "fictional" not in export(_casefile(), "markdown").split("## People", 1)[0]
    bare = replace_facts(cf, [f for f in cf.facts if f.predicate != "portrayed_by"])
    assert prominence.fiction_note(bare, zoe) == "fictional, a character of a dramatization"


def replace_facts(cf: CaseFile, facts: list[Fact]) -> CaseFile:
    from dataclasses import replace

    return replace(cf, facts=tuple(facts))
