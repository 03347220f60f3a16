"""One writing pressflow run at a time in a project.

Two runs that write (`update`, `publish`, `build`, ...) would otherwise read the same files and each
write back its own result, the later one undoing the earlier's work. A run that writes holds an
exclusive lock on `.pressflow-cache/lock` (filelock: `flock` on POSIX, `msvcrt.locking` on Windows)
until it ends; another waits for it. The lock belongs to the open file, so the system releases it
when its holder exits or is killed: a killed run never leaves the project locked, and no stale lock
file needs deleting.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pressflow.core.project import CACHE_DIR

log = logging.getLogger(__name__)
LOCK_FILE = "lock"


def lock_path(root: Path) -> Path:
    return root / CACHE_DIR / LOCK_FILE


@contextlib.contextmanager
def project_lock(root: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's lock for the `with` block; `on_wait` is called once, before this run
    starts waiting for another that holds it."""
    path = lock_path(root)
    lock = FileLock(path, mode=0o644)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire()
    except OSError as error:  # a read-only project: this run's own writes will fail and say so
        log.warning("cannot lock %s: %s", path, error)
        yield
        return
    try:
        yield
    finally:
        lock.release()
