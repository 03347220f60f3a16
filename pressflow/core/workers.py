"""Reading many files at once in forked worker processes: a cold start (a clean clone) of `status`
and of the translation memory parses every catalog of the archive, which is pure Python (polib)
and splits cleanly by file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
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


def forked_map(
    function: Callable[[Item], Result], items: Sequence[Item], per_worker: int
) -> list[Result]:
    """`[function(item) for item in items]`, in forked workers when there are at least `per_worker`
    items for each of two or more; in this process where there are fewer, or where fork is not
    available (Windows)."""
    return list(forked_imap(function, items, per_worker))


def forked_imap(
    function: Callable[[Item], Result], items: Sequence[Item], per_worker: int
) -> Iterator[Result]:
    """`forked_map` as an iterator: each result as soon as it and those before it are ready, so that
    this process can use them while the workers go on."""
    global _forked
    jobs = min(cores(), len(items) // per_worker)
    if jobs < 2 or not hasattr(os, "fork"):
        yield from map(function, items)
        return
    import multiprocessing  # only for many items: a warm run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    _forked = function
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        # Small chunks: the first results come back early, and the last worker is not long alone.
        yield from pool.map(_apply, items, chunksize=max(1, len(items) // (jobs * 8)))
    finally:
        pool.shutdown(cancel_futures=True)  # a caller that stops early does not wait for the rest
        _forked = None


def _apply(item):
    assert _forked is not None, "a worker applies what its parent forked it with"
    return _forked(item)
