"""Scores on public benchmarks, one module per benchmark.

Each module has `evaluate(path, *, limit=None) -> dict` (the scores, JSON-ready) and
`render(result) -> str` (the same for a terminal); `leyenda eval NAME PATH` calls them.
"""
