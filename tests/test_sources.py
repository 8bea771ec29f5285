"""Independent sources (issue 19): copies of one article are one source; facts count the
sources that state them, not the documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from leyenda.sources import containment, group_documents, shingles, signature

ORIGINAL = (
    "Marta Quiroga was born in Valparaiso in 1961. She trained as a typesetter at a small "
    "print shop near the harbour and, after a decade of night shifts, bought the shop from "
    "its ageing owner. In 1998 Quiroga founded the Lumen Press, which printed poetry "
    "pamphlets that the city's bookshops refused to stock. The press survived two floods "
    "and a fire. Her partner, the bookbinder Tomas Ibarra, kept the accounts and drove the "
    "van. Critics later called the press the most stubborn publisher on the coast, and "
    "Quiroga herself said she only ever wanted to see good sentences in good ink.\n"
)
INDEPENDENT = (
    "Our reporter met the printer on a windy morning by the harbour. Marta Quiroga was born "
    "in Valparaiso in 1961, and she still sets type by hand, she says, because ink forgives.\n"
)
UNRELATED = (
    "Elena Varga was born in Szeged in 1950 and studied the violin in Budapest before she "
    "moved to Vienna, where she played in a string quartet for thirty years.\n"
)


def mirror_of(text: str) -> str:
    """The article as a copying site shows it: its own header and footer lines."""
    return (
        "COASTAL NEWS MIRROR - all the stories, all the time\n"
        "Share this article\n" + text + "Read more stories like this one\n"
        "Copyright the mirror site. Subscribe to our newsletter.\n"
    )


def test_shingles_fold_case_and_punctuation() -> None:
    assert shingles("One, two THREE four five six.") == shingles("one two three four five six")
    assert len(shingles("one two three four five six")) == 2
    assert shingles("too short") == frozenset({b"too short"})
    assert shingles("") == frozenset()


def test_containment_is_the_share_of_the_smaller_set() -> None:
    a, b = frozenset({b"1", b"2"}), frozenset({b"1", b"2", b"3", b"4"})
    assert containment(a, b) == containment(b, a) == 1.0
    assert containment(frozenset({b"1", b"9"}), b) == 0.5
    assert containment(frozenset(), b) == 0.0


def test_signatures_are_datasketchs_minhash_value_for_value() -> None:
    from datasketch import MinHash

    from leyenda.sources import NUM_PERM, SEED

    for text in (ORIGINAL, UNRELATED, "too short", ""):
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        if shingles(text):
            m.update_batch(sorted(shingles(text)))
        assert signature(text) == m.hashvalues.astype("<u8").tobytes()


def test_signatures_are_the_same_on_every_run() -> None:
    assert signature(ORIGINAL) == signature(ORIGINAL)
    assert len(signature(ORIGINAL)) == 128 * 8
    assert signature(ORIGINAL) != signature(UNRELATED)


def test_mirrors_excerpts_and_quoting_articles_are_one_source() -> None:
    half = ORIGINAL[: len(ORIGINAL) * 6 // 10]
    quoting = "A local paper reprinted the profile in full.\n" + ORIGINAL + "Letters welcome.\n"
    texts = {
        "a-original": ORIGINAL,
        "b-mirror": mirror_of(ORIGINAL),
        "c-excerpt": half,
        "d-quoting": quoting,
        "e-independent": INDEPENDENT,
        "f-unrelated": UNRELATED,
    }
    groups = group_documents({k: signature(v) for k, v in texts.items()}, texts.__getitem__)
    assert {groups[k] for k in ("a-original", "b-mirror", "c-excerpt", "d-quoting")} == {
        "a-original"
    }
    assert groups["e-independent"] == "e-independent"
    assert groups["f-unrelated"] == "f-unrelated"


def test_a_build_counts_independent_sources_per_fact(tmp_path: Path, nlp: Any) -> None:
    from leyenda.api import export_casefile
    from leyenda.pipeline import build

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (folder / "mirror.txt").write_text(mirror_of(ORIGINAL), encoding="utf-8")
    casefile = tmp_path / "case.db"
    build([folder], casefile, nlp=nlp)
    data = json.loads(export_casefile(casefile, "json"))
    groups = {d["id"]: d["source_group"] for d in data["documents"]}
    assert groups == {"mirror.txt": "mirror.txt", "original.txt": "mirror.txt"}
    founded = [f for f in data["facts"] if f["predicate"] == "founded"]
    assert founded and {e["doc"] for e in founded[0]["evidence"]} == set(groups)
    assert founded[0]["independent_sources"] == 1  # two documents, one source
    md = export_casefile(casefile, "markdown")
    report = export_casefile(casefile, "html")
    assert "founded Lumen Press — _2 documents, one source_" in md
    assert "2 documents, one source</span>" in report

    (folder / "interview.txt").write_text(INDEPENDENT, encoding="utf-8")
    build([folder], casefile, nlp=nlp)
    data = json.loads(export_casefile(casefile, "json"))
    born = [f for f in data["facts"] if f["predicate"] == "born" and f["time"]]
    by_docs = max(born, key=lambda f: len(f["evidence"]))
    assert len(by_docs["evidence"]) == 3 and by_docs["independent_sources"] == 2


def test_a_conflict_says_whether_its_sides_are_independent() -> None:
    from leyenda.model import Evidence, Fact
    from leyenda.sources import conflict_sides

    def fact(fid: str, *docs: str) -> Fact:
        return Fact(
            fid, "s", "born", "reality", evidence=tuple(Evidence(d, 0, 1, "x") for d in docs)
        )

    facts = {f.id: f for f in (fact("a", "d1"), fact("b", "d2"), fact("c", "d3"), fact("e", "d1"))}
    groups = {"d1": "d1", "d2": "d1", "d3": "d3"}
    assert conflict_sides(["a", "b"], groups, facts).startswith("every side comes from one source")
    assert conflict_sides(["a", "c"], groups, facts) == "the sides come from independent sources"
    assert conflict_sides(["a", "e"], groups, facts) == "every side comes from one document"


def test_the_web_ui_shows_how_many_sources_state_a_fact(tmp_path: Path, nlp: Any) -> None:
    import warnings

    from leyenda.pipeline import build
    from leyenda.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (folder / "mirror.txt").write_text(mirror_of(ORIGINAL), encoding="utf-8")
    (folder / "interview.txt").write_text(INDEPENDENT, encoding="utf-8")
    casefile = tmp_path / "case.db"
    build([folder], casefile, nlp=nlp)
    with TestClient(create_app(casefile), base_url="http://127.0.0.1") as client:
        timeline = client.get("/timeline").text
    assert "3 documents, 2 independent sources</span>" in timeline
    assert "2 documents, one source</span>" in timeline


def test_an_edited_copy_that_no_longer_copies_leaves_the_group(tmp_path: Path, nlp: Any) -> None:
    from leyenda.api import export_casefile
    from leyenda.pipeline import build

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (folder / "mirror.txt").write_text(mirror_of(ORIGINAL), encoding="utf-8")
    casefile = tmp_path / "case.db"
    build([folder], casefile, nlp=nlp)
    (folder / "mirror.txt").write_text(UNRELATED, encoding="utf-8")
    report = build([folder], casefile, nlp=nlp)
    assert report.replaced == ["mirror.txt"]
    data = json.loads(export_casefile(casefile, "json"))
    assert {d["id"]: d["source_group"] for d in data["documents"]} == {
        "mirror.txt": "mirror.txt",
        "original.txt": "original.txt",
    }
