"""One writing pressflow run at a time in a project.

Two runs that write (`update`, `publish`, `build`, ...) would otherwise read the same files and
each write back its own result, the later one undoing the earlier's work. A run that writes
holds an exclusive `flock` on `.pressflow-cache/lock` until it ends; another waits for it. The
lock belongs to the open file, so the system releases it when its holder exits or is killed:
a killed run never leaves the project locked, and no stale lock file needs deleting.

Where `fcntl` is missing (Windows) runs are not serialized: the lock is skipped with a warning
in the log, and each file is still written atomically.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pressflow.core.project import CACHE_DIR

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

log = logging.getLogger(__name__)
LOCK_FILE = "lock"


def lock_path(root: Path) -> Path:
    return root / CACHE_DIR / LOCK_FILE


@contextlib.contextmanager
def project_lock(root: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's lock for the `with` block; `on_wait` is called once, before this run
    starts waiting for another that holds it."""
    if fcntl is None:
        log.warning("no file locking on this system: do not run two pressflow commands at once")
        yield
        return
    path = lock_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:  # a read-only project: this run's own writes will fail and say so
        log.warning("cannot lock %s: %s", path, error)
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock

