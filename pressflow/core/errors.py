"""Errors that carry the place of a problem in the user's files, and the exit code they make.

Library functions never stop at a problem they can report: they return a result that lists its
problems (`errors`, `failures`, ...), and the command line turns them into one exit code with
`exit_code`, the one rule of docs/design.md ("Exit codes"): 2 when an input was unreadable or
malformed, else 1 when the command found errors or turned the request down, else 0.
"""

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


def each_problem(errors: Iterable[PressflowError]) -> list[PressflowError]:
    """The problems of `errors`, those collected in an `InputErrors` one by one."""
    return [
        problem
        for error in errors
        for problem in (error.errors if isinstance(error, InputErrors) else [error])
    ]


def raise_collected(errors: list[PressflowError]) -> None:
    """Raise every collected problem at once, if there is any."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


class Refused(PressflowError):
    """A request the command understood and turned down (exit code 1): an illegal workflow move,
    an approval of an incomplete catalog, a correction published without its note."""


class Failed(PressflowError):
    """Work that could not be done for another reason than a bad input (exit code 1): a bulletin the
    renderer or the printer failed on."""


BAD_INPUT, FOUND_ERRORS, OK = 2, 1, 0


def exit_code(problems: Iterable[PressflowError], found: bool = False) -> int:
    """The exit code of a command that met `problems` and `found` (or not) errors in what it
    checked."""
    problems = list(problems)
    if any(not isinstance(problem, (Refused, Failed)) for problem in problems):
        return BAD_INPUT
    return FOUND_ERRORS if problems or found else OK
