"""leyenda's version: the installed distribution's, or 0.0.0 in a source tree that was never
installed.

A module of its own so that any stage can read it (the JSON export records it) without
importing the package's public API, which imports the stages.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("leyenda")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
