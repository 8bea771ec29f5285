"""The exceptions leyenda raises; the CLI turns each into one clear line and an exit code.

LeyendaError
 ├── InputError          a file that cannot be read as a document (names file and reason)
 ├── ModelNotFoundError  no spaCy English model installed
 ├── CasefileError       a case file that is missing, not a case file, or from a newer leyenda
 └── ExportError         an unknown export format or an unwritable output
"""

from __future__ import annotations

import re

#: What may not reach a terminal as it is: control characters (a newline would forge a
#: second error line, ESC sequences rewrite the screen), line and paragraph separators,
#: bidirectional overrides (they reorder what is shown) and lone surrogates.
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # a byte of a file name that is not UTF-8 (os.fsdecode)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def printable(text: str) -> str:
    """`text` as one safe line: what `_UNPRINTABLE` matches becomes a backslash escape
    (\\n, \\x1b, \\u202e; a file name's undecodable byte 0xe9 is \\xe9), so a hostile
    name is shown, never obeyed. Valid UTF-8, so it can also be stored."""
    return _UNPRINTABLE.sub(_escaped, text)


class LeyendaError(Exception):
    """Base of every error leyenda raises on purpose."""


class InputError(LeyendaError):
    """One input could not be read; the rest of the batch goes on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{printable(path)}: {printable(reason)}")  # one line, shown safely
        self.path = path
        self.reason = reason


class ModelNotFoundError(LeyendaError):
    """Neither spaCy English model is installed."""


class CasefileError(LeyendaError):
    """The case file cannot be opened or is not one leyenda understands."""


class ExportError(LeyendaError):
    """The export cannot be produced as asked."""
