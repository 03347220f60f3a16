"""What `status` and `update` remember between runs, so that releases whose files have not changed
are not read again: `.pressflow-cache/catalogs.json` (not committed).

Files are known by their content: a file's digest is the BLAKE2b of its bytes, as a build's
fingerprints are. Hashing every catalog would still read every byte of the archive, so the digest
is kept with the file's size and mtime_ns, and a file whose size and mtime_ns are those recorded is
taken to hold the same bytes. That is git's index, with git's guard: a file recorded less than
two seconds after it was last modified is "racy" (a second write in the same clock tick would
keep its size and its time) and is hashed again at the next run. A clean clone has no cache and
every file is read; a cache that is missing, corrupt, of another pressflow or of other code is
ignored, never an error, and never trusted.

Each command keeps its results per release under a digest of everything they were made from
(the files' digests, the configuration, pressflow's code): a result is reused only when that
digest is the same. JSON only: nothing in the file is executed, and no path in it is opened.
"""

from __future__ import annotations

import json
import logging
import os
import time
from functools import lru_cache
from pathlib import Path

from pressflow import __version__
from pressflow.core.config import Config
from pressflow.cache.digest import ABSENT, config_digest, digest, file_digest
from pressflow.core.atomic import write_atomic
from pressflow.core.project import CACHE_DIR
from pressflow.core.resources import PACKAGE_DIR

log = logging.getLogger(__name__)

CACHE_FILE = "catalogs.json"
_FORMAT = 1
RACY_NS = 2_000_000_000
"""A file modified this close to the moment it was recorded is hashed again next time."""


class Stamps:
    """The digests of a project's files, trusted by size and mtime_ns, and each command's results."""

    def __init__(self, config: Config):
        self.config = config
        self.path = config.root / CACHE_DIR / CACHE_FILE
        self._root = str(config.root).rstrip(os.sep) + os.sep
        self._files: dict[str, list] = {}
        self._results: dict[str, dict[str, dict]] = {}
        self._changed = False
        self._now = time.time_ns()
        self.key = digest(code_digest(), config_digest(config))
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

    def digest(self, path: Path | str) -> str:
        """The digest of a file's bytes (`absent` for none), hashing it only when its stamp changed."""
        name = self._name(path)
        try:
            stat = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return ABSENT
        known = self._files.get(name)
        if (isinstance(known, list) and len(known) == 4 and known[:2] == [stat.st_size, stat.st_mtime_ns]
                and known[3] is False and isinstance(known[2], str)):
            return known[2]
        value = file_digest(path)
        self.record(path, value, stat)
        return value

    def record(self, path: Path | str, value: str, stat: os.stat_result | None = None) -> None:
        """Remember that `path` holds the bytes of digest `value` (a file just written or read)."""
        stat = stat or os.stat(path)
        racy = stat.st_mtime_ns > self._now - RACY_NS
        self._files[self._name(path)] = [stat.st_size, stat.st_mtime_ns, value, racy]
        self._changed = True

    def result(self, command: str, key: str, inputs: str) -> dict | None:
        """What `command` recorded for `key` (a release) when its inputs had the digest `inputs`."""
        known = self._results.get(command, {}).get(key)
        if isinstance(known, dict) and known.get("inputs") == inputs and isinstance(known.get("value"), dict):
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
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError as error:
            log.warning("cannot write the cache %s: %s", self.path, error)
        self._changed = False

    def _name(self, path: Path | str) -> str:
        text, root = str(path), self._root
        if text.startswith(root):  # most paths: os.path.relpath costs more than the rest of a lookup
            return text[len(root):].replace(os.sep, "/")
        return os.path.relpath(path, self.config.root).replace(os.sep, "/")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """pressflow's version and its modules' stamps: a changed pressflow does not trust an older cache."""
    stamps = [__version__]
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        stat = path.stat()
        stamps.append(f"{path.relative_to(PACKAGE_DIR)} {stat.st_size} {stat.st_mtime_ns}")
    return digest(*stamps)
