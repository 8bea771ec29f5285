"""Claims: facts from one parsed document (see `extract`)."""

from .extract import extract_facts

__all__ = ["extract_facts"]
