"""Engines that analyse documents somewhere other than this process's own pool.

`leyenda.workers` is the default (processes on this machine); `ray_engine` spreads the same
per-document analysis over a Ray cluster. Each is a function from a stream of documents to
their analyses, in input order, so the case file does not depend on where it was computed.
"""
