"""The data model every stage shares.

Stages hand each other these frozen dataclasses, never spaCy objects. Offsets are
character offsets into `Document.text` (the text as leyenda analysed it), so every
`Evidence.quote` equals `text[start:end]` by construction.

Two levels of facts exist:

* `LocalFact` comes out of one document's analysis. Its participants are indices into
  that document's `mentions`, because who a mention *is* is only known once every
  document has been read (entity resolution is corpus-wide).
* `Fact` is what the case file holds: participants are entity ids.

The per-document level (`DocAnalysis`) is what the store keeps per document, so a
rebuild re-runs only the cheap cross-document stages.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["person", "organization", "place", "work", "other"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "organization", "place", "work", "other")

Modality = Literal["reality", "depiction", "claim"]
MODALITIES: tuple[Modality, ...] = ("reality", "depiction", "claim")

#: Event predicates from the SPEC; "once-only" ones can happen a single time to a person.
EVENT_PREDICATES = (
    "born",
    "died",
    "killed",
    "kidnapped",
    "body_found",
    "arrested",
    "charged",
    "convicted",
    "sentenced",
    "imprisoned",
    "transferred",
    "released",
    "escaped",
    "extradited",
    "married",
    "joined",
    "left",
    "founded",
    "appointed",
    "moved",
    "met",
)
RELATION_PREDICATES = (
    "portrayed_by",
    "member_of",
    "leader_of",
    "employee_of",
    "spouse",
    "child",
    "parent",
    "sibling",
    "cast_member",  # subject: a work, object: an actor in it (no character named)
)
ATTRIBUTE_PREDICATES = ("age", "occupation", "net_worth", "children_count", "claims")
ONCE_ONLY_PREDICATES = frozenset({"born", "died", "killed", "body_found"})

#: Facts stated with less confidence than this are shown apart, as tentative, in every view
#: (dossier, report, UI, `ask`). A fact said by several sentences takes its surest one.
TENTATIVE_BELOW = 0.7


def content_id(prefix: str, *parts: object) -> str:
    """A short, stable id from content, so re-running a build upserts instead of duplicating."""
    digest = hashlib.sha1(
        json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    return f"{prefix}_{digest[:12]}"


def plain(value: Any) -> Any:
    """A dataclass tree as JSON-ready dicts and lists: `dataclasses.asdict` without its
    deep copies, which cost a build about 5% of its time (every analysis is stored as JSON)."""
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None:
        return {name: plain(getattr(value, name)) for name in fields}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Document:
    """One source as analysed: cleaned text plus what the manifest or HTML said about it."""

    id: str
    title: str
    source: str
    published: str | None  # YYYY-MM-DD or None when nothing says
    sha256: str  # of the raw input bytes: the same input is never analysed twice
    text: str
    path: str = ""
    #: for a paged input (PDF): where each page starts in `text`, page 1 first; else empty
    pages: tuple[int, ...] = ()
    #: the pages (from 1) whose text OCR read from a scan (`leyenda build --ocr`): every
    #: quote on them is marked, since OCR can misread what the page says
    ocr_pages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        for name in ("pages", "ocr_pages"):
            if not data[name]:
                del data[name]  # documents that have none stay as they were
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            **{
                **data,
                "pages": tuple(data.get("pages", ())),
                "ocr_pages": tuple(data.get("ocr_pages", ())),
            }
        )

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) holding the character at `offset`; None without pages."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))

    def ocr_at(self, offset: int) -> bool:
        """Whether the character at `offset` is on a page OCR read (`ocr_pages`)."""
        return bool(self.ocr_pages) and self.page_at(offset) in self.ocr_pages


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is said: document id and the exact characters."""

    doc: str
    start: int
    end: int
    quote: str

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> Evidence:
        """Evidence whose quote is cut from the document, so it cannot drift from the text."""
        return cls(doc.id, start, end, doc.text[start:end])


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """An interval bounding what the source says. Dates are YYYY, YYYY-MM or YYYY-MM-DD."""

    start: str
    end: str
    text: str


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression found in a text, resolved to an interval where that is possible.

    `span` is None for an expression that needs an anchor the document does not give
    (a relative date in a document with no publication date): it is reported, not guessed.
    """

    start: int
    end: int
    text: str
    kind: Literal["date", "duration", "set", "present"]
    span: TimeSpan | None
    explicit_year: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in one document: its characters, the name it spells and hints about its type.

    `label` is the stage's best guess for this mention alone; the entity's final type is
    decided in `resolve` from all its mentions. `nickname` holds a quoted nickname inside
    the name (Enrique “Kiki” Camarena → "Kiki"); `cues` are words around the mention that
    tell its type (a role title such as "DEA agent", "actor", "portrayal").
    """

    doc: str
    start: int
    end: int
    text: str
    label: EntityType
    name: str  # the name as a clean string: no possessive, no quotes around a nickname
    nickname: str | None = None
    cues: tuple[str, ...] = ()
    sentence: int = 0  # index of the sentence holding it
    antecedent: int | None = None  # index of the fuller mention this one refers to, in-document
    link_rule: str | None = None  # why it refers there (becomes `merged_because`)


@dataclass(frozen=True, slots=True)
class LocalFact:
    """A fact as one document states it; participants are indices into its mentions."""

    subject: int
    predicate: str
    modality: Modality
    evidence: Evidence
    object: int | None = None
    value: str | int | float | None = None
    work: int | None = None
    place: int | None = None
    time: TimeSpan | None = None
    time_unresolved: str | None = None  # the time as written, when it could not be anchored
    rule: str = ""  # the rule or model that stated it (`claims/confidence.json` names them)
    confidence: float = 1.0  # how sure that rule is that the sentence says this


@dataclass(frozen=True, slots=True)
class DocAnalysis:
    """Everything leyenda takes from one document before looking at any other."""

    document: Document
    mentions: tuple[Mention, ...]
    facts: tuple[LocalFact, ...]
    unresolved_times: tuple[str, ...] = ()
    #: why the analysis failed (a bug met on this text): then it holds nothing, the build
    #: reports the document as failed and goes on, and it is never stored
    failure: str = ""

    def to_json(self) -> str:
        data = plain(self)
        for name in ("pages", "ocr_pages"):
            if not data["document"][name]:
                del data["document"][name]  # stored analyses stay as they were
        if not self.failure:
            del data["failure"]  # stored analyses stay as they were
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> DocAnalysis:
        data = json.loads(raw)
        facts = []
        for f in data["facts"]:
            f["evidence"] = Evidence(**f["evidence"])
            f["time"] = TimeSpan(**f["time"]) if f["time"] else None
            facts.append(LocalFact(**f))
        mentions = [Mention(**{**m, "cues": tuple(m["cues"])}) for m in data["mentions"]]
        return cls(
            document=Document.from_dict(data["document"]),
            mentions=tuple(mentions),
            facts=tuple(facts),
            unresolved_times=tuple(data.get("unresolved_times", ())),
            failure=str(data.get("failure", "")),
        )


@dataclass(frozen=True, slots=True)
class MergeReason:
    """Why mentions were put on one entity: the rule, the names it joined, a sentence."""

    rule: str
    mentions: tuple[str, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class MentionRef:
    """A mention as the case file lists it under its entity."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent (or one character of a show) under every name it goes by."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...]
    real: bool | None
    mentions: tuple[MentionRef, ...]
    merged_because: tuple[MergeReason, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement of the case file, with the sentence that says it or the facts it came from."""

    id: str
    subject: str
    predicate: str
    modality: Modality
    object: str | None = None
    value: str | int | float | None = None
    work: str | None = None
    place: str | None = None
    time: TimeSpan | None = None
    derived_from: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0
    rule: str = ""

    @property
    def tentative(self) -> bool:
        """Stated with less confidence than views show as settled (`TENTATIVE_BELOW`)."""
        return self.confidence < TENTATIVE_BELOW


def surer(a: LocalFact | Fact, b: LocalFact | Fact) -> bool:
    """Whether telling `a` of one fact speaks for it rather than `b`: the more confident,
    and on a tie the rule named first, so the choice never depends on reading order."""
    return (a.confidence, b.rule) > (b.confidence, a.rule)


def chain_evidence(fact: Fact, facts: Mapping[str, Fact]) -> list[Evidence]:
    """The evidence of the facts `fact` was derived from, down its whole `derived_from`
    chain, nearest first: a derived fact has none of its own and cites its sources."""
    found: list[Evidence] = []
    seen: set[str] = set()
    todo = list(fact.derived_from)
    while todo:
        fid = todo.pop(0)
        if fid in seen or fid not in facts:
            continue
        seen.add(fid)
        found.extend(facts[fid].evidence)
        todo.extend(facts[fid].derived_from)
    return found


@dataclass(frozen=True, slots=True)
class Conflict:
    """Facts that cannot all be true (or, with kind "depiction", a show departing from reality)."""

    id: str
    kind: str
    facts: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class CaseFile:
    """The whole case file: what `export` writes and `ask` reads."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    unresolved_times: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: document id → the id of its source group (`sources`); a document not listed is
    #: a source of its own
    source_groups: dict[str, str] = field(default_factory=dict)
