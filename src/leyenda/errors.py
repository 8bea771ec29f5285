"""The exceptions leyenda raises; the CLI turns each into one clear line and an exit code.

LeyendaError
 ├── InputError          a file that cannot be read as a document (names file and reason)
 ├── ModelNotFoundError  no spaCy English model installed
 ├── CasefileError       a case file that is missing, not a case file, or from a newer leyenda
 └── ExportError         an unknown export format or an unwritable output
"""

from __future__ import annotations


class LeyendaError(Exception):
    """Base of every error leyenda raises on purpose."""


class InputError(LeyendaError):
    """One input could not be read; the rest of the batch goes on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelNotFoundError(LeyendaError):
    """Neither spaCy English model is installed."""


class CasefileError(LeyendaError):
    """The case file cannot be opened or is not one leyenda understands."""


class ExportError(LeyendaError):
    """The export cannot be produced as asked."""
