"""The project's cache, `.pressflow-cache/` (not committed), and its one rule: work is reused only
when the content digest of everything it declares as its inputs (files, configuration, pressflow and
the libraries that shape its output: `digest.toolchain_digest`) is the one it was recorded under.

Files are known by their content: a file's digest is the BLAKE2b of its bytes
(`digest.file_digest`). Hashing every file at every run would still read every byte of the archive,
so a file's digest is kept with its size and mtime_ns, and a file whose size and mtime_ns are those
recorded is taken to hold the same bytes: git's index, with git's guard. A file recorded less than
two seconds after it was last modified is "racy" (a second write in the same clock tick would keep
its size and its time) and is hashed again at the next run. A clean clone has no cache and every
file is read; a cache that is missing, corrupt, of another pressflow or of another configuration is
ignored, never an error, and never trusted.

`status` and `update` keep each release's results here under the digest of what they were made from;
`build` keeps the same kind of record beside its bulletins (`render/build.py`), the site its printed
PDFs (`artifacts.py`) and the translation memory its catalogs' units (`catalog/memory_store.py`),
each trusting a file by the digest this cache gives. JSON only: nothing in the file is executed, and
no path in it is opened.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from pressflow.cache.digest import ABSENT, config_digest, digest, file_digest, toolchain_digest
from pressflow.core.atomic import write_atomic
from pressflow.core.config import Config
from pressflow.core.project import CACHE_DIR
from pressflow.core.resources import PACKAGE_DIR

log = logging.getLogger(__name__)

CACHE_FILE = "digests.json"
_FORMAT = 2
RACY_NS = 2_000_000_000
"""A file modified this close to the moment it was recorded is hashed again next time."""


class Cache:
    """The digests of a project's files, trusted by size and mtime_ns, and each command's
    results."""

    def __init__(self, config: Config):
        self.config = config
        self.path = config.root / CACHE_DIR / CACHE_FILE
        self._root = str(config.root).rstrip(os.sep) + os.sep
        self._files: dict[str, list] = {}
        self._results: dict[str, dict[str, dict]] = {}
        self._changed = False
        self._now = time.time_ns()
        self.key = digest(toolchain_digest(), config_digest(config))
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("format") == _FORMAT and data.get("key") == self.key:
                files, results = data["files"], data["results"]
                if isinstance(files, dict) and isinstance(results, dict):
                    self._files, self._results = files, results
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.info("ignoring the cache %s: %s", self.path, error)

    # -- files -----------------------------------------------------------------------------

    def digest(self, path: Path | str) -> str:
        """The digest of a file's bytes (`absent` for none), hashing it only when its stamp
        changed."""
        try:
            stat = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return ABSENT
        known = self.known(path, stat)
        if known is not None:
            return known
        value = file_digest(path)
        self.record(path, value, stat)
        return value

    def known(self, path: Path | str, stat: os.stat_result) -> str | None:
        """The recorded digest of a file whose size and mtime (`stat`) are those recorded, not racy;
        else None."""
        recorded = self._files.get(self.name(path))
        if (
            isinstance(recorded, list)
            and len(recorded) == 4
            and recorded[:2] == [stat.st_size, stat.st_mtime_ns]
            and recorded[3] is False
            and isinstance(recorded[2], str)
        ):
            return recorded[2]
        return None

    def record(self, path: Path | str, value: str, stat: os.stat_result | None = None) -> None:
        """Remember that `path` holds the bytes of digest `value` (a file just written, or read and
        hashed)."""
        stat = stat or os.stat(path)
        racy = stat.st_mtime_ns > self._now - RACY_NS
        self._files[self.name(path)] = [stat.st_size, stat.st_mtime_ns, value, racy]
        self._changed = True

    def discovered(self, covered: Iterable[Path], files: Iterable[Path]) -> dict[str, str]:
        """Of the files a piece of work read without declaring them (a PDF printing an image a
        template names), those under the project but outside the folders its digest `covered`
        already, with their digests, by their path in the project: what `unchanged` checks later."""
        root = self.config.root.resolve()
        folders = [
            folder.resolve() for folder in (*covered, self.config.templates_dir, PACKAGE_DIR)
        ]
        return {
            path.relative_to(root).as_posix(): self.digest(path)
            for path in files
            if path.is_relative_to(root)
            and not any(path.is_relative_to(folder) for folder in folders)
        }

    def unchanged(self, discovered: dict[str, str]) -> bool:
        """Whether each of these files (`discovered`) still holds the same bytes."""
        return all(
            self.digest(self.config.root / name) == value for name, value in discovered.items()
        )

    # -- results ---------------------------------------------------------------------------

    def result(self, command: str, key: str, inputs: str) -> dict | None:
        """What `command` recorded for `key` (a release) when its inputs had the digest `inputs`."""
        known = self._results.get(command, {}).get(key)
        if (
            isinstance(known, dict)
            and known.get("inputs") == inputs
            and isinstance(known.get("value"), dict)
        ):
            return known["value"]
        return None

    def results(self, command: str) -> list[str]:
        """The keys `command` has results for, oldest first."""
        return list(self._results.get(command, {}))

    def keep(self, command: str, key: str, inputs: str, value: dict) -> None:
        self._results.setdefault(command, {})[key] = {"inputs": inputs, "value": value}
        self._changed = True

    def forget(self, command: str, key: str) -> None:
        if self._results.get(command, {}).pop(key, None) is not None:
            self._changed = True

    def save(self) -> None:
        """Write the cache back when something changed; a read-only checkout only stays slower."""
        if not self._changed:
            return
        data = {"format": _FORMAT, "key": self.key, "files": self._files, "results": self._results}
        try:
            write_atomic(
                self.path,
                json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
            )
        except OSError as error:
            log.warning("cannot write the cache %s: %s", self.path, error)
        self._changed = False

    def name(self, path: Path | str) -> str:
        """A file's path in the project, as the cache records it: `locales/kk/LC_MESSAGES/x.po`."""
        text, root = str(path), self._root
        if text.startswith(
            root
        ):  # most paths: os.path.relpath costs more than the rest of a lookup
            return text[len(root) :].replace(os.sep, "/")
        return os.path.relpath(path, self.config.root).replace(os.sep, "/")
