"""leyenda: a pile of articles about a real story → a cited case file.

The public API; the CLI (`leyenda.cli`) is a thin layer over it.
"""

from __future__ import annotations

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
from .version import __version__

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
