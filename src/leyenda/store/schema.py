"""The case file's schema: the SQL of every version, and the meta keys leyenda keeps.

Schema (version 9; ``migrations`` records every version applied):

``documents``
    ``num`` INTEGER PRIMARY KEY (a stable rowid, so the full-text index, which is keyed on
    it, survives ``VACUUM``), ``id`` TEXT UNIQUE (the document id every other table
    references), ``title``, ``source``, ``published`` (YYYY-MM-DD or NULL), ``sha256``
    UNIQUE (of the raw input bytes), ``path`` (the origin: the file's resolved path, or
    ``MANIFEST:ID``/``MANIFEST:LINE`` for a manifest's inline text; indexed from version 6:
    a build replaces the document of the same origin), ``text`` (as analysed: offsets point
    into it), ``added_at`` (UTC, when these bytes were first stored), ``minhash`` and
    ``source_group`` (version 7: the document's MinHash signature and the id of the group
    of documents that copy one another it is in, `sources`), ``pages`` (version 8: for a
    paged input, a PDF, where each page starts in ``text``, as a JSON list; else NULL),
    ``ocr_pages`` (version 9: the pages, from 1, whose text OCR read from a scan, as a JSON
    list; else NULL).
``analyses``
    ``doc_id`` PK → documents ON DELETE CASCADE, ``json``: `DocAnalysis.to_json()` with the
    document's text left out (``documents.text`` is the one copy; it is put back on load),
    ``analyser`` (version 6: the fingerprint of the code and model that made it).
``entities``
    ``id`` PK, ``position`` (order in the case file), ``type`` CHECK one of the five types,
    ``name``, ``real`` NULL/0/1, ``said_real`` NULL/0/1 (version 9: what the text itself says,
    `resolve.said_real`: "an invented character" 0, an actor or "the real Z" 1; NULL when it
    says nothing). ``real`` is ``said_real`` where the text says, else 1 where a fact makes
    the person real (`reconcile.real_ids`), else NULL; a build that reconciles every fact
    again recomputes it from the two without losing the text's word.
``entity_aliases`` (``entity_id`` → entities, ``position``, ``alias``)
``mentions`` (``entity_id`` → entities, ``position``, ``doc_id`` → documents, ``start``,
    ``end``, ``text``)
``merge_reasons`` (``entity_id`` → entities, ``position``, ``rule``, ``mentions`` JSON array,
    ``detail``)
``facts``
    ``id`` PK, ``position``, ``subject`` → entities, ``predicate``, ``modality`` CHECK,
    ``object``/``work``/``place`` → entities or NULL, ``value`` (JSON text, so 41 and "41"
    stay apart; NULL for none), ``time_start``/``time_end``/``time_text`` (all NULL or none).
``evidence`` (``fact_id`` → facts, ``position``, ``doc_id`` → documents, ``start``, ``end``,
    ``quote``)
``fact_derivations`` (``fact_id`` → facts, ``position``, ``source_fact_id`` → facts)
``conflicts`` (``id`` PK, ``position``, ``kind``, ``summary``)
``conflict_facts`` (``conflict_id`` → conflicts, ``position``, ``fact_id`` → facts)
``meta`` (``key`` PK, ``value``) and ``migrations`` (``version`` PK, ``applied_at``)
``overrides`` (version 2)
    ``position`` PK (order given), ``action`` CHECK 'merge'/'split', ``name``, ``other``
    (the second name of a merge, NULL for a split), ``created_at``. The user's corrections
    to resolution: inputs that every rebuild applies, never derived data.
``entities.plain`` (version 4)
    The id an entity has unless another shares its type and name (`resolve.plain_id`);
    how a build that adds documents finds the entities that compete for one id.
``clusters``, ``cluster_blocks``, ``cluster_edges`` (version 3)
    Resolution's working state, not part of the case file's contract: every local cluster
    (one document's chain of mentions of one referent) with where resolution left it, the
    blocks it falls in and the joins each block's decision made. A build that adds
    documents reads them to re-decide only the new documents' blocks (`increment`); every
    full resolution rewrites them. ``meta.resolution_state`` says they are whole.
``documents_fts``
    FTS5 over ``documents(title, text)`` (external content, rowid = ``documents.num``),
    present only where SQLite has FTS5.

Child tables cascade from the row they belong to (an entity's aliases go with it) but a
*reference* (a fact's subject, a mention's document, a derivation's source) blocks the
delete, so the derived tables can never point at nothing. The file carries an
``application_id`` so leyenda can tell its case files from other SQLite databases.

`MIGRATIONS` is applied by `connection.BaseStore` when a case file is opened for writing.
"""

from __future__ import annotations

#: Written into the SQLite header: "LEYN". Tells a case file from any other database.
APPLICATION_ID = 0x4C45594E

_SCHEMA_V1 = f"""
PRAGMA application_id = {APPLICATION_ID};
CREATE TABLE migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE TABLE documents (
    num       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    source    TEXT NOT NULL,
    published TEXT,
    sha256    TEXT NOT NULL UNIQUE,
    path      TEXT NOT NULL DEFAULT '',
    text      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
CREATE TABLE analyses (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    json   TEXT NOT NULL
);
CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    type     TEXT NOT NULL
             CHECK (type IN ('person', 'organization', 'place', 'work', 'other')),
    name     TEXT NOT NULL,
    real     INTEGER CHECK (real IS NULL OR real IN (0, 1))
);
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    alias     TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE TABLE mentions (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    doc_id    TEXT NOT NULL REFERENCES documents(id),
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE TABLE merge_reasons (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    mentions  TEXT NOT NULL,
    detail    TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
);
CREATE TABLE facts (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL UNIQUE,
    subject    TEXT NOT NULL REFERENCES entities(id),
    predicate  TEXT NOT NULL,
    modality   TEXT NOT NULL CHECK (modality IN ('reality', 'depiction', 'claim')),
    object     TEXT REFERENCES entities(id),
    value      TEXT,
    work       TEXT REFERENCES entities(id),
    place      TEXT REFERENCES entities(id),
    time_start TEXT,
    time_end   TEXT,
    time_text  TEXT,
    CHECK ((time_start IS NULL) = (time_end IS NULL)
           AND (time_end IS NULL) = (time_text IS NULL))
);
CREATE INDEX facts_subject ON facts(subject);
CREATE INDEX facts_object ON facts(object);
CREATE INDEX facts_work ON facts(work);
CREATE INDEX facts_place ON facts(place);
CREATE TABLE evidence (
    fact_id  TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    doc_id   TEXT NOT NULL REFERENCES documents(id),
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    quote    TEXT NOT NULL,
    PRIMARY KEY (fact_id, position)
);
CREATE INDEX evidence_doc ON evidence(doc_id);
CREATE TABLE fact_derivations (
    fact_id        TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    source_fact_id TEXT NOT NULL REFERENCES facts(id),
    PRIMARY KEY (fact_id, position)
);
CREATE INDEX fact_derivations_source ON fact_derivations(source_fact_id);
CREATE TABLE conflicts (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    kind     TEXT NOT NULL,
    summary  TEXT NOT NULL
);
CREATE TABLE conflict_facts (
    conflict_id TEXT NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    fact_id     TEXT NOT NULL REFERENCES facts(id),
    PRIMARY KEY (conflict_id, position)
);
CREATE INDEX conflict_facts_fact ON conflict_facts(fact_id);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

#: Version 2: the user's corrections to resolution (`leyenda merge` / `leyenda split`). They
#: are inputs, not derived data: a rebuild reads them and never deletes them.
_SCHEMA_V2 = """
CREATE TABLE overrides (
    position   INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    name       TEXT NOT NULL,
    other      TEXT,
    created_at TEXT NOT NULL,
    CHECK ((action = 'merge') = (other IS NOT NULL))
);
"""

#: Version 3: where resolution left each local cluster, so a build that adds documents
#: re-decides only the blocks their names fall in (`increment`). Internal working state,
#: rebuilt by every full resolution; outside tools need none of it.
_SCHEMA_V3 = """
CREATE TABLE clusters (
    id       INTEGER PRIMARY KEY,
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    root     INTEGER NOT NULL,
    label    TEXT NOT NULL,
    key      TEXT NOT NULL,
    suffix   TEXT NOT NULL,
    nickname TEXT,
    name     TEXT NOT NULL,
    typed    INTEGER NOT NULL,
    pinned   TEXT,
    label_b  TEXT,
    members  TEXT NOT NULL,
    summary  TEXT NOT NULL,
    flags    TEXT NOT NULL,
    comp_a   INTEGER NOT NULL,
    comp_c   INTEGER NOT NULL,
    final    INTEGER NOT NULL,
    entity_id TEXT NOT NULL
);
CREATE INDEX clusters_doc ON clusters(doc_id);
CREATE INDEX clusters_final ON clusters(final);
CREATE TABLE cluster_blocks (
    phase   TEXT NOT NULL,
    key     TEXT NOT NULL,
    cluster INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    PRIMARY KEY (phase, key, cluster)
) WITHOUT ROWID;
CREATE TABLE cluster_edges (
    a      INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    b      INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    phase  TEXT NOT NULL,
    block  TEXT NOT NULL,
    rule   TEXT NOT NULL,
    names  TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX cluster_edges_a ON cluster_edges(a);
CREATE INDEX cluster_edges_block ON cluster_edges(phase, block);
"""

#: Version 4: each entity's plain id (its type and normalized name, `resolve.plain_id`), so
#: a build that adds documents finds the entities sharing one without reading them all.
#: Entities of older case files have none: their next build resolves in full.
_SCHEMA_V4 = """
ALTER TABLE entities ADD COLUMN plain TEXT;
CREATE INDEX entities_plain ON entities(plain);
DELETE FROM meta WHERE key = 'resolution_state';
"""

#: Version 5: how sure the extractor is of each fact and which rule or model stated it.
#: Facts of older case files read as certain and unnamed until their next full build.
_SCHEMA_V5 = """
ALTER TABLE facts ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0
    CHECK (confidence >= 0 AND confidence <= 1);
ALTER TABLE facts ADD COLUMN rule TEXT NOT NULL DEFAULT '';
"""

#: Version 6: which analyser made each analysis (`analyse.analyser_fingerprint`), so a build
#: stopped halfway resumes with only the documents it had not done (the whole case file's
#: meta key was written at the end only), and documents found by their origin (`path`), so
#: an edited file replaces its old version and the same name from elsewhere stays apart.
_SCHEMA_V6 = """
ALTER TABLE analyses ADD COLUMN analyser TEXT NOT NULL DEFAULT '';
UPDATE analyses SET analyser = coalesce((SELECT value FROM meta WHERE key = 'analyser'), '');
CREATE INDEX documents_path ON documents(path);
"""

#: Version 7: each document's MinHash signature of its word shingles and the source group
#: it falls in (`sources`): copies of one article (mirrors, syndication) are one source.
#: ``source_bands`` is the LSH index (one row per band of a signature), so a build finds
#: the copies of its new documents without reading the others; ``source_copies`` holds
#: the pairs found to copy one another. Documents of older case files are signed and
#: grouped by their next build.
_SCHEMA_V7 = """
ALTER TABLE documents ADD COLUMN minhash BLOB;
ALTER TABLE documents ADD COLUMN source_group TEXT;
CREATE TABLE source_bands (
    band INTEGER NOT NULL,
    doc  INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
    PRIMARY KEY (band, doc)
) WITHOUT ROWID;
CREATE INDEX source_bands_doc ON source_bands(doc);
CREATE TABLE source_copies (
    a INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES documents(num) ON DELETE CASCADE,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX source_copies_b ON source_copies(b);
"""

#: Version 8: where each page of a paged document (a PDF) starts in its text, so evidence
#: names its page.
_SCHEMA_V8 = """
ALTER TABLE documents ADD COLUMN pages TEXT;
"""

#: Version 9: what the text says of whether each person is real, apart from ``real`` (which
#: facts also set), so a build that reconciles every fact again keeps the text's word for an
#: entity it did not rebuild. Older case files only kept a 0 for sure (only the text makes
#: someone fictional); their next build that adds documents resolves in full, which
#: writes the column for every entity.
_SCHEMA_V9 = """
ALTER TABLE entities ADD COLUMN said_real INTEGER CHECK (said_real IS NULL OR said_real IN (0, 1));
UPDATE entities SET said_real = 0 WHERE real = 0;
DELETE FROM meta WHERE key = 'resolution_state';
"""

#: Version 10: which pages of a document OCR read (`leyenda build --ocr`), so every quote
#: from them is marked. Documents of older case files had no OCR: NULL is right for them.
_SCHEMA_V10 = """
ALTER TABLE documents ADD COLUMN ocr_pages TEXT;
"""

#: version → the SQL that brings a case file from version-1 to it. Never edit a released
#: entry: add the next one, so every older case file can be brought up to date.
MIGRATIONS: dict[int, str] = {
    1: _SCHEMA_V1,
    2: _SCHEMA_V2,
    3: _SCHEMA_V3,
    4: _SCHEMA_V4,
    5: _SCHEMA_V5,
    6: _SCHEMA_V6,
    7: _SCHEMA_V7,
    8: _SCHEMA_V8,
    9: _SCHEMA_V9,
    10: _SCHEMA_V10,
}
SCHEMA_VERSION = max(MIGRATIONS)

#: Derived tables, children first, so deleting in this order never trips a reference.
DERIVED_TABLES = (
    "conflict_facts",
    "conflicts",
    "fact_derivations",
    "evidence",
    "facts",
    "merge_reasons",
    "mentions",
    "entity_aliases",
    "entities",
)

#: The meta key `pipeline.build` reads to know the derived tables match the analyses.
RESOLVED_KEY = "resolved"

#: The meta key holding the newest document (`documents.num`) the last resolution read:
#: documents stored after it are the ones a build may add incrementally.
CLUSTERED_KEY = "clustered_through"

#: The meta key saying the stored resolution state (clusters, blocks, edges) is whole and
#: current: its value names the rules' version. Without it the next build resolves in full.
STATE_KEY = "resolution_state"

# content="documents" in double quotes: datasette recognises an external-content index
# (and offers search on `documents`) only when the table name is quoted as an identifier
FTS_DDL = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    'title, text, content="documents", content_rowid="num")'
)
