"""Reading many files at once in forked worker processes: a cold start (a clean clone) of `status`
and of the translation memory parses every catalog of the archive, which is pure Python (polib)
and splits cleanly by file."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_forked: Callable | None = None
"""The function the workers apply: inherited by fork, never pickled (it may be a closure)."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def forked_map(function: Callable[[Item], Result], items: Sequence[Item], per_worker: int) -> list[Result]:
    """`[function(item) for item in items]`, in forked workers when there are at least `per_worker` items
    for each of two or more; in this process where there are fewer, or where fork is not available
    (Windows)."""
    global _forked
    jobs = min(cores(), len(items) // per_worker)
    if jobs < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    import multiprocessing  # only for many items: a warm run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    _forked = function
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_apply, items, chunksize=max(1, len(items) // (jobs * 4))))
    finally:
        _forked = None


def _apply(item):
    return _forked(item)
