"""leyenda: a pile of articles about a real story → a cited case file.

The public API; the CLI (`leyenda.cli`) is a thin layer over it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("leyenda")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .api import export_casefile, info, open_casefile
from .errors import (
    CasefileError,
    ExportError,
    InputError,
    LeyendaError,
    ModelNotFoundError,
)
from .model import CaseFile, Conflict, Document, Entity, Evidence, Fact, TimeSpan
from .pipeline import BuildReport, build

__all__ = [
    "BuildReport",
    "CaseFile",
    "CasefileError",
    "Conflict",
    "Document",
    "Entity",
    "Evidence",
    "ExportError",
    "Fact",
    "InputError",
    "LeyendaError",
    "ModelNotFoundError",
    "TimeSpan",
    "__version__",
    "build",
    "export_casefile",
    "info",
    "open_casefile",
]
