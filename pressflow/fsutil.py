"""Atomic writes: a reader never sees a half-written file, nor a half-replaced folder."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one rename; return False (and touch nothing) when unchanged."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def replace_tree(new: Path, target: Path) -> None:
    """Put the folder `new` in the place of `target`, in one step, and delete the old tree.

    On Linux both names are exchanged by one `renameat2(RENAME_EXCHANGE)`: a reader sees the old
    tree or the new one, never a mix and never neither. Where that call is missing (another
    system, a file system without it) the old tree is renamed away and the new one renamed in:
    two renames, between which `target` is missing for an instant. Either way a run stopped
    before this point leaves `target` whole, and one stopped after it leaves at most the old tree
    under a temporary name beside it, for the caller to delete.
    """
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        _remove(new)  # the old tree, now under the temporary name
        return
    old = new.with_name(f"{new.name}.old")
    os.rename(target, old)
    os.rename(new, target)
    _remove(old)


def _remove(path: Path) -> None:
    """Delete a replaced tree; a symbolic link that stood in its place goes, not the folder it named."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc before 2.28, musl before 1.2.4)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))
