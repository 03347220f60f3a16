"""Errors that carry the place of a problem in the user's files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class PressflowError(Exception):
    """A problem in the user's input, reported as ``path:line: message``."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        place = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{place}: {self.message}"


class InputErrors(PressflowError):
    """All the problems found in one file or config, reported together."""

    def __init__(self, errors: Iterable[PressflowError]):
        self.errors = sorted(errors, key=lambda e: (str(e.path or ""), e.line or 0))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def raise_collected(errors: list[PressflowError]) -> None:
    """Raise every collected problem at once, if there is any."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


class Refused(PressflowError):
    """A request the command understood and turned down (exit code 1): an illegal workflow move,
    an approval of an incomplete catalog, a correction published without its note."""
