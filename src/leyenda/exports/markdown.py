"""The Markdown dossier: the case file as a journalist reads it, every fact with its source.

Each fact line ends with its citation — the document's title and the sentence that states
it — so a reader can check any line without opening the database. A derived fact (a birth
range computed from an age) cites the sentences of the facts it came from.

Everything that comes from article text (names, titles, quotes, values) goes through
`escape`, so an article containing `<script>` or `[x](javascript:...)` renders as the text
it is and never as markup. Every list is sorted, so one case file gives one dossier.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .. import phrasing, prominence, sources
from ..model import (
    ATTRIBUTE_PREDICATES,
    RELATION_PREDICATES,
    TENTATIVE_BELOW,
    CaseFile,
    Conflict,
    Document,
    Entity,
    Evidence,
    Fact,
    TimeSpan,
    chain_evidence,
)

#: Predicates in the words a reader expects; any other is shown with spaces for underscores.

_OTHER_TYPES = (
    ("organization", "Organizations"),
    ("place", "Places"),
    ("work", "Works"),
    ("other", "Other"),
)

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: ASCII punctuation that starts Markdown syntax anywhere in a line (CommonMark lets any
#: ASCII punctuation be backslash-escaped, so escaping these never shows a stray backslash).
_BACKSLASHED = frozenset("\\`*_[]|#~!")
#: Syntax that only counts at the start of a line: list items, setext underlines, ordered lists.
_LINE_START = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Text from an article as inert Markdown: one line, HTML and Markdown syntax neutralised."""
    flat = " ".join(text.split())  # also folds newlines and U+2028, so a quote stays on its line
    out = "".join(_ENTITIES.get(c) or ("\\" + c if c in _BACKSLASHED else c) for c in flat)
    m = _LINE_START.match(out)
    if m:
        cut = m.end()
        out = "\\" + out if m.group(0) in "-+=" else out[:cut] + "\\" + out[cut:]
    return out


def _when(span: TimeSpan) -> str:
    if not span.end or span.end == span.start:
        return escape(span.start)
    return f"{escape(span.start)}–{escape(span.end)}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _name_key(name: str) -> str:
    return name.casefold()


class _Dossier:
    """Lookups shared by every section, so each line can name entities and cite documents."""

    def __init__(self, casefile: CaseFile) -> None:
        self.cf = casefile
        self.entities: dict[str, Entity] = {e.id: e for e in casefile.entities}
        self.documents: dict[str, Document] = {d.id: d for d in casefile.documents}
        self.facts: dict[str, Fact] = {f.id: f for f in casefile.facts}
        self.several_sources = len(casefile.documents) > 1

    # -- names and citations -------------------------------------------------------------

    def raw_name(self, entity_id: str | None) -> str:
        entity = self.entities.get(entity_id or "")
        return entity.name if entity else (entity_id or "")

    def name(self, entity_id: str | None) -> str:
        return escape(self.raw_name(entity_id))

    def title(self, doc_id: str) -> str:
        doc = self.documents.get(doc_id)
        return escape(doc.title if doc and doc.title.strip() else doc_id)

    def _cite(self, evidence: Iterable[Evidence]) -> str:
        ordered = sorted(set(evidence), key=lambda e: (e.doc, e.start, e.end))
        return "; ".join(
            f"[{self.title(e.doc)}{self._page(e)}] “{escape(e.quote)}”" for e in ordered
        )

    def _page(self, ev: Evidence) -> str:
        """ ", p. 12" for a quote of a paged document (a PDF), ", p. 12 (OCR)" where OCR
        read that page from a scan; else nothing."""
        doc = self.documents.get(ev.doc)
        page = doc.page_at(ev.start) if doc else None
        ocr = " (OCR)" if doc and doc.ocr_at(ev.start) else ""
        return f", p. {page}{ocr}" if page else ""

    def _sources_of(self, fact: Fact) -> list[Evidence]:
        """The evidence behind a fact, following `derived_from` down to stated facts."""
        return chain_evidence(fact, self.facts)

    def citation(self, fact: Fact) -> str:
        """` — [Title] “quote”`: the sentence that states the fact, or those it was derived from."""
        if fact.evidence:
            return " — " + self._cite(fact.evidence)
        sources = self._sources_of(fact)
        if sources:
            return " — derived from " + self._cite(sources)
        return " — no source sentence recorded"

    # -- fact lines ----------------------------------------------------------------------

    def phrase(self, fact: Fact, about: str | None = None) -> str:
        """The fact as a sentence (`phrasing`), names and values escaped; `about`: the
        entity whose section this is, so a fact about it as object reads object first."""
        return phrasing.render(phrasing.fact_parts(fact, about), self.name, escape)

    def line(self, fact: Fact, label: str = "", dated: bool = True) -> str:
        """One fact as a list item: date, sentence, modality when not reality, citation."""
        text = f"{label} " if label else ""
        if dated and fact.time is not None:
            text += f"**{_when(fact.time)}** "
        text += self.phrase(fact) + self.modality_tag(fact) + self.tentative_tag(fact)
        return "- " + text + self.sourcing_tag(fact) + self.citation(fact)

    def sourcing_tag(self, fact: Fact) -> str:
        """` — _single source_`, ` — _2 documents, one source_`...: said once the case file
        holds more than one document (with one, every fact is trivially single-source)."""
        if not self.several_sources:
            return ""
        said = sources.sourcing(fact, self.cf.source_groups, self.facts)
        return f" — _{said}_" if said else ""

    def tentative_tag(self, fact: Fact) -> str:
        """` — _tentative: 0.64, rule_` for a fact leyenda is unsure the text states."""
        if not fact.tentative:
            return ""
        return f" — _tentative: {fact.confidence:.2f}, {escape(fact.rule) or 'no rule'}_"

    def modality_tag(self, fact: Fact) -> str:
        """` — _depiction in WORK_` or ` — _claim_`; nothing for reality, the default reading."""
        if fact.modality == "reality":
            return ""
        where = ""
        if fact.modality == "depiction" and fact.work and fact.predicate != "portrayed_by":
            where = f" in {self.name(fact.work)}"
        return f" — _{escape(fact.modality)}{where}_"

    def fact_key(self, fact: Fact) -> tuple[str, str, str, str, str]:
        return (
            _name_key(self.raw_name(fact.subject)),
            fact.predicate,
            _name_key(self.raw_name(fact.object)),
            fact.time.start if fact.time else "",
            fact.id,
        )

    # -- sections ------------------------------------------------------------------------

    def header(self) -> list[str]:
        people = sum(1 for e in self.cf.entities if e.type == "person")
        disputes = sum(1 for c in self.cf.conflicts if c.kind != "depiction")
        depictions = len(self.cf.conflicts) - disputes
        counts = [
            _plural(len(self.cf.documents), "document", "documents"),
            _plural(people, "person", "people"),
            _plural(len(self.cf.facts), "fact", "facts"),
            _plural(disputes, "conflict", "conflicts"),
        ]
        if depictions:
            counts.append(
                _plural(depictions, "show-vs-reality difference", "show-vs-reality differences")
            )
        lines = ["# Case file", "", " · ".join(counts), "", "## Sources", ""]
        docs = sorted(
            self.cf.documents,
            key=lambda d: (d.published is None, d.published or "", d.title.casefold(), d.id),
        )
        for d in docs:
            source = escape(d.source) if d.source.strip() else "unknown source"
            published = escape(d.published) if d.published else "no date"
            lines.append(f"- **{self.title(d.id)}** — {source} — {published}")
        if not docs:
            lines.append("_No documents._")
        return lines

    def at_a_glance(self) -> list[str]:
        """The central people with one line each, the key dates, what the sources dispute
        and what the show changed (`prominence.glance`); every line is cited below."""
        g = prominence.glance(self.cf)
        if not g.people:
            return []
        lines = ["## The case at a glance", "", "**Central people**", ""]
        portrayals = [f for f in self.cf.facts if f.predicate == "portrayed_by"]
        for person in g.people:
            about = [escape(", ".join(person.aliases[:3]))] if person.aliases else []
            fictional = prominence.fiction_note(self.cf, person)
            if fictional:
                about.insert(0, escape(fictional))
            actors = sorted(
                {self.name(f.object) for f in portrayals if f.subject == person.id and f.object}
            )
            if actors:
                about.append("played by " + ", ".join(actors))
            played = sorted({self.name(f.subject) for f in portrayals if f.object == person.id})
            if played:
                about.append("plays " + ", ".join(played))
            said = f" ({'; '.join(about)})" if about else ""
            lines.append(f"- **{self.name(person.id)}**{said}")
        if g.key_dates:
            lines += ["", "**Key dates**", ""]
            for f in g.key_dates:
                when = _when(f.time) if f.time else ""
                dispute = g.disputed.get(f.id)
                said = f" (**{dispute.note(_when)}**)" if dispute else ""
                lines.append(f"- {when} — {self.phrase(f)}{said}")
        for title, shown, total in (
            ("What the sources dispute", g.disputes, g.disputes_total),
            ("What the show changed", g.show_changed, g.show_changed_total),
        ):
            if shown:
                lines += ["", f"**{title}** ({total} in all, below)", ""]
                lines += [f"- {escape(c.summary)}" for c in shown]
        return [*lines, ""]

    def people(self) -> list[str]:
        """People by prominence (`prominence.ranked`); those only named once, apart."""
        lines = ["## People", ""]
        counts = prominence.fact_counts(self.cf)
        everyone = prominence.ranked(self.cf, "person", counts)
        people = [e for e in everyone if not prominence.minor(e, counts[e.id])]
        extras = sorted(
            (e for e in everyone if prominence.minor(e, counts[e.id])),
            key=lambda e: (_name_key(e.name), e.id),
        )
        portrayals = [f for f in self.cf.facts if f.predicate == "portrayed_by"]
        for person in people:
            lines += [f"### {escape(person.name)}", ""]
            if person.aliases:
                lines.append("- Also known as: " + ", ".join(escape(a) for a in person.aliases))
            lines.append("- " + _REALITY[person.real])
            docs = {m.doc for m in person.mentions}
            lines.append(
                f"- Named {_plural(len(person.mentions), 'time', 'times')} in "
                f"{_plural(len(docs), 'document', 'documents')}"
            )
            played = sorted((f for f in portrayals if f.subject == person.id), key=self.fact_key)
            for f in played:
                work = f" in {self.name(f.work)}" if f.work else ""
                lines.append(self._labelled(f, f"Played by {self.name(f.object)}{work}"))
            plays = sorted(
                (f for f in portrayals if f.object == person.id),
                key=lambda f: (_name_key(self.raw_name(f.subject)), f.id),
            )
            for f in plays:
                work = f" in {self.name(f.work)}" if f.work else ""
                lines.append(self._labelled(f, f"Plays {self.name(f.subject)}{work}"))
            lines.append("")
        if extras:
            lines += ["### Also named", "", ", ".join(escape(e.name) for e in extras), ""]
        if not everyone:
            lines += ["_No people found._", ""]
        return lines

    def _labelled(self, fact: Fact, text: str) -> str:
        return f"- {text}{self.modality_tag(fact)}{self.tentative_tag(fact)}{self.citation(fact)}"

    def timeline(self) -> list[str]:
        lines = ["## Timeline", ""]
        events = [
            f
            for f in self.cf.facts
            if f.predicate not in RELATION_PREDICATES and f.predicate not in ATTRIBUTE_PREDICATES
        ]
        dated = sorted(
            (f for f in events if f.time is not None),
            key=lambda f: (
                f.time.start if f.time else "",
                f.time.end if f.time else "",
                *self.fact_key(f),
            ),
        )
        lines += [self.line(f) for f in dated if not f.tentative] or ["_No dated events._"]
        undated = sorted((f for f in events if f.time is None), key=self.fact_key)
        if any(not f.tentative for f in undated):
            lines += ["", "### Without a date", ""]
            lines += [self.line(f) for f in undated if not f.tentative]
        return [*lines, *self._tentative([*dated, *undated]), ""]

    def _tentative(self, facts: Sequence[Fact]) -> list[str]:
        """The facts of a section leyenda is unsure of, apart, after the settled ones."""
        unsure = [f for f in facts if f.tentative]
        if not unsure:
            return []
        head = f"### Tentative (confidence under {TENTATIVE_BELOW}: check before use)"
        return ["", head, "", *(self.line(f) for f in unsure)]

    def relations(self) -> list[str]:
        lines = ["## Relations", ""]
        order = {p: i for i, p in enumerate(RELATION_PREDICATES)}
        rels = sorted(
            (f for f in self.cf.facts if f.predicate in RELATION_PREDICATES),
            key=lambda f: (order[f.predicate], *self.fact_key(f)),
        )
        lines += [self.line(f) for f in rels if not f.tentative] or ["_No relations found._"]
        attrs = sorted(
            (f for f in self.cf.facts if f.predicate in ATTRIBUTE_PREDICATES), key=self.fact_key
        )
        if any(not f.tentative for f in attrs):
            lines += ["", "### Ages and other attributes", ""]
            lines += [self.line(f) for f in attrs if not f.tentative]
        return [*lines, *self._tentative([*rels, *attrs]), ""]

    def _conflict_lines(self, conflict: Conflict, labelled: bool) -> list[str]:
        sides = sources.conflict_sides(conflict.facts, self.cf.source_groups, self.facts)
        lines = [f"- **{escape(conflict.summary)}**" + (f" _({sides})_" if sides else "")]
        for fid in conflict.facts:
            fact = self.facts.get(fid)
            if fact is None:
                lines.append(f"  - fact {escape(fid)} is not in this case file")
                continue
            side = "Source" if fact.predicate == "departs_from_reality" else None
            label = f"{side or _SIDE.get(fact.modality, fact.modality)}:" if labelled else ""
            lines.append("  " + self.line(fact, label))
        return lines

    def disputed(self) -> list[str]:
        lines = ["## Disputed", ""]
        conflicts = sorted(
            (c for c in self.cf.conflicts if c.kind != "depiction"),
            key=lambda c: (c.summary.casefold(), c.id),
        )
        for c in conflicts:
            lines += self._conflict_lines(c, labelled=False)
        if not conflicts:
            lines.append("_The sources do not contradict each other on anything found._")
        return [*lines, ""]

    def show_vs_reality(self) -> list[str]:
        lines = ["## Show vs reality", ""]
        differences = sorted(
            (c for c in self.cf.conflicts if c.kind == "depiction"),
            key=lambda c: (c.summary.casefold(), c.id),
        )
        covered = {fid for c in differences for fid in c.facts}
        for c in differences:
            lines += self._conflict_lines(c, labelled=True)
        shown: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in self.cf.facts:
            # who plays whom is listed under People; this section is what the show tells
            if f.modality == "depiction" and f.id not in covered and f.predicate != "portrayed_by":
                shown[(f.subject, f.predicate)].append(f)
        groups = sorted(shown, key=lambda k: (_name_key(self.raw_name(k[0])), k[1], k[0]))
        for subject, predicate in groups:
            lines.append(f"- **{self.name(subject)}** — {phrasing.noun(predicate)}")
            for f in sorted(shown[(subject, predicate)], key=self.fact_key):
                lines.append("  " + self.line(f, "Shown:"))
            real = sorted(
                (
                    f
                    for f in self.cf.facts
                    if f.modality == "reality" and f.subject == subject and f.predicate == predicate
                ),
                key=self.fact_key,
            )
            for f in real:
                lines.append("  " + self.line(f, "Reality:"))
            if not real:
                lines.append("  - Reality: no source states this as what happened")
        if not differences and not groups:
            lines.append("_No facts about what a show depicts._")
        return [*lines, ""]

    def other_entities(self) -> list[str]:
        lines = ["## Other entities", ""]
        any_listed = False
        for etype, heading in _OTHER_TYPES:
            group = sorted(
                (e for e in self.cf.entities if e.type == etype),
                key=lambda e: (_name_key(e.name), e.id),
            )
            if not group:
                continue
            any_listed = True
            lines += [f"### {heading}", ""]
            for e in group:
                aka = f" (also: {', '.join(escape(a) for a in e.aliases)})" if e.aliases else ""
                lines.append(f"- {escape(e.name)}{aka}")
            lines.append("")
        if not any_listed:
            lines += ["_None._", ""]
        return lines

    def unanchored(self) -> list[str]:
        entries = {d: t for d, t in self.cf.unresolved_times.items() if t}
        if not entries:
            return []
        lines = [
            "## Unanchored dates",
            "",
            "Relative dates that could not be tied to a calendar date (their document "
            "gives no publication date to count from); they are left off the timeline "
            "rather than guessed.",
            "",
        ]
        for doc_id in sorted(entries, key=lambda d: (self.title(d).casefold(), d)):
            shown = ", ".join(f"“{escape(t)}”" for t in entries[doc_id])
            lines.append(f"- [{self.title(doc_id)}] {shown}")
        return [*lines, ""]


_SIDE = {"depiction": "Shown", "reality": "Reality", "claim": "Claimed"}
_REALITY = {
    True: "Real person",
    False: "Fictional character (exists only in a dramatization)",
    None: "Real or fictional: not known",
}


def to_markdown(casefile: CaseFile) -> str:
    """The dossier: sources, people, timeline, relations, disputes, show vs reality, the rest."""
    d = _Dossier(casefile)
    lines = [
        *d.header(),
        "",
        *d.at_a_glance(),
        *d.people(),
        *d.timeline(),
        *d.relations(),
        *d.disputed(),
        *d.show_vs_reality(),
        *d.other_entities(),
        *d.unanchored(),
    ]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
