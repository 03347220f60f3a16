"""Atomic writes: a reader never sees a half-written file, nor a half-replaced folder.

A file is written to a temporary file beside it, flushed to the disk (`fsync`), renamed over the old
one, and the folder flushed too, so that after a crash or a power cut the file is the old version or
the new one, never a mix or empty. A run killed half-way leaves at most its temporary file
(`.NAME.PID.XXXXXXXX.tmp`); the next write into that folder deletes it once its process is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

_TEMPORARY = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.tmp")
_swept: set[Path] = set()
"""Folders this process cleared of killed runs' temporary files."""
_unsynced: set[Path] | None = None
"""Within `folders_flushed_at_end`: the folders whose renames are still to be flushed."""


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one rename; return False (and touch nothing) when unchanged."""
    _sweep(path.parent)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    _make_folder(path.parent)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
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
    if _unsynced is None:
        fsync_path(path.parent)
    else:
        _unsynced.add(path.parent)
    return True


@contextlib.contextmanager
def folders_flushed_at_end() -> Iterator[None]:
    """Within it, `write_atomic` flushes each file as ever, but each folder's entries (its renames)
    once, at the end: an `update` that rewrites a thousand catalogs in three folders flushes three
    folders, not a thousand times. Every file is still its old version or its new one after a
    crash; a power cut before the end may find some files of the run still at their old version."""
    global _unsynced
    if _unsynced is not None:  # already within one: the outer one flushes
        yield
        return
    _unsynced = set()
    try:
        yield
    finally:
        folders, _unsynced = _unsynced, None
        for folder in sorted(folders):
            fsync_path(folder)


def fsync_path(path: Path | str) -> None:
    """Flush a file, or a folder's entries (a rename, a new file), to the disk. Windows opens no
    folder and flushes no read-only handle: there the rename alone must do."""
    if os.name != "posix":
        return
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError as error:
        if error.errno not in (
            errno.EINVAL,
            errno.ENOTSUP,
        ):  # a file system that cannot flush a folder
            raise
    finally:
        os.close(handle)


def _make_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each flushed into its parent."""
    if folder.is_dir():
        return
    _make_folder(folder.parent)
    try:
        folder.mkdir()
    except FileExistsError:
        return
    fsync_path(folder.parent)


def _sweep(folder: Path) -> None:
    """Delete the temporary files that killed runs left in `folder` (once per folder and
    process)."""
    if folder in _swept:
        return
    _swept.add(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _TEMPORARY.fullmatch(name)
        if match and not _running(int(match[1])):
            (folder / name).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # Windows' os.kill(pid, 0) would send Ctrl+C
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def replace_tree(new: Path, target: Path) -> None:
    """Put the folder `new` in the place of `target`, in one step, and delete the old tree.

    On Linux both names are exchanged by one `renameat2(RENAME_EXCHANGE)`: a reader sees the old
    tree or the new one, never a mix and never neither. Where that call is missing (another
    system, a file system without it) the old tree is renamed away and the new one renamed in:
    two renames, between which `target` is missing for an instant. Either way a run stopped
    before this point leaves `target` whole, and one stopped after it leaves at most the old tree
    under a temporary name beside it, for the caller to delete. The new tree is flushed to the
    disk before it is swapped in, so that a power cut never swaps in files not yet written.
    """
    _fsync_tree(new)
    if not target.exists():
        os.rename(new, target)
    elif _exchange(new, target):
        _remove(new)  # the old tree, now under the temporary name
    else:
        old = new.with_name(f"{new.name}.old")
        os.rename(target, old)
        os.rename(new, target)
        _remove(old)
    fsync_path(target.parent)


def _fsync_tree(root: Path) -> None:
    for folder, _, names in os.walk(root):
        for name in names:
            if not os.path.islink(path := os.path.join(folder, name)):
                fsync_path(path)
        fsync_path(folder)


def _remove(path: Path) -> None:
    """Delete a replaced tree; a symbolic link that stood in its place goes, not the folder it
    named."""
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
    except (
        OSError,
        AttributeError,
    ):  # a C library without renameat2 (glibc before 2.28, musl before 1.2.4)
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))
