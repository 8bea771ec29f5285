"""Claims: facts from one parsed document.

`extract_facts` runs, in order: the typed rules and the learned relation scorer
(`extract.typed_facts`, steps 1–7), the open events (`open_events`, step 8: last, so that
none repeats or displaces a typed fact) and the final pass (`extract.settled`). The open
events read on in the typed rules' reading context (`extract.Context`), so `open_events`
imports `extract` and never the other way round; this function is where they meet.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, LocalFact, Mention, TimeExpr
from .extract import anchor_relative_times, settled, typed_facts
from .open_events import open_events

__all__ = ["extract_facts"]


def extract_facts(
    sdoc: Any, document: Document, mentions: list[Mention], times: list[TimeExpr]
) -> list[LocalFact]:
    """Every fact the document states, each citing its sentence."""
    ctx, facts = typed_facts(sdoc, document, mentions, times)
    # 8. open events, last: none may repeat or displace a typed fact
    facts += open_events(ctx, facts)
    # "In 1957, Field defended Ortega. Six years later, Field moved to Lisbon": a date
    # counted from an open event's is anchored once the open events are known
    facts = anchor_relative_times(ctx, facts)
    return settled(ctx, facts)
