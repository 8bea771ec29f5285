"""Property: whatever the text, every mention and every fact quotes its own document exactly.

Texts are built from pieces of news prose (names with accents and quoted nicknames, dates,
events, portrayals, ages) joined with random spacing, punctuation and line breaks, so the
whole pipeline (spaCy, mentions, times, claims) sees shapes no hand-written test has.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Analyse

PIECES = [
    "Miguel Ángel Félix Gallardo was arrested in 1989",
    "Enrique “Kiki” Camarena joined the agency in 1974",
    "Camarena’s body was found on March 5",
    "Diego Luna plays Félix Gallardo in Narcos: Mexico",
    "the 74-year-old Gallardo",
    "Today, he lives in Guadalajara",
    "In the show, Mika (Alyssa Diaz) is a teacher",
    "In reality, she was 37",
    "Photo: Ana Ruiz/Getty Images",
    "DEA agent Walter Brenner flew to Bogotá in the early ’80s",
    "He was sentenced to 40 years",
    "“I did not kill him,” Ortiz said",
    "Their sons, Enrique (11), Erik (6) and Daniel (4)",
]
SEPARATORS = [" ", ". ", ", ", ".\n", ".\n\n", "; ", " — ", "\t", "  "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), min_size=1, max_size=8
    ),
    st.sampled_from([None, "2020-02-13"]),
)
def test_every_quote_is_the_text_it_points_at(
    analyse: Analyse, parts: list[tuple[str, str]], published: str | None
) -> None:
    text = "".join(piece + sep for piece, sep in parts)
    a = analyse(text, published=published)
    for m in a.mentions:
        assert text[m.start : m.end] == m.text
    for f in a.facts:
        ev = f.evidence
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.quote
        assert 0 <= f.subject < len(a.mentions)
        for idx in (f.object, f.work, f.place):
            assert idx is None or 0 <= idx < len(a.mentions)


#: The pieces a PDF's core fonts can draw (Latin-1): typographic quotes and dashes as ASCII.
PDF_PIECES = [
    p.replace("“", '"').replace("”", '"').replace("’", "'").replace("—", "-") for p in PIECES
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(PDF_PIECES), min_size=1, max_size=4), min_size=1, max_size=3),
)
def test_every_pdf_quote_is_the_text_it_points_at_on_its_page(
    nlp: Any, tmp_path_factory: Any, pages: list[list[str]]
) -> None:
    """The same for a PDF (issue 21): pages of pieces, read back through `ingest`; each
    quote is its document's text and lies on the page it is said to be on."""
    from fpdf import FPDF

    from leyenda.analyse import analyse_documents
    from leyenda.ingest import iter_documents
    from leyenda.model import Document

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for pieces in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, ". ".join(pieces) + ".")
    path = tmp_path_factory.mktemp("pdf") / "pieces.pdf"
    pdf.output(str(path))
    (doc,) = list(iter_documents([path]))
    assert isinstance(doc, Document) and len(doc.pages) == len(pages)
    (a,) = analyse_documents([doc], nlp=nlp)
    ends = [*doc.pages[1:], len(doc.text) + 1]
    for f in a.facts:
        ev = f.evidence
        assert doc.text[ev.start : ev.end] == ev.quote
        page = doc.page_at(ev.start)
        assert page is not None and doc.pages[page - 1] <= ev.start < ends[page - 1]
        assert ev.end <= ends[page - 1]  # no sentence runs across a page break here
