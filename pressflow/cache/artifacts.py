"""Outputs already made, found again by what they were made from: a content-addressed store.

Printing is nearly all of the time of `site` and `build`. A PDF is a function of its HTML, the files
beside the release it may embed, and the project's toolchain, configuration and templates
(`digest.project_digest`); a bulletin of `build`, of its fingerprint (`render/build.py`). Under the
digest of those an output is kept as `<key><suffix>`, beside `<key>.json`: the digest of its bytes,
the files it read that its key does not cover (an image a template names), which must hold the same
bytes for it to be used again (`store.Cache.unchanged`), and what its maker keeps with it (the
bulletin's release, language and percentage). The site keeps its PDFs in `.pressflow-cache/pdf/`,
`build --cache DIR` its bulletins in DIR: folders no one commits, that a CI job may keep between
runs; a clean clone makes everything again, and gets the same bytes. A missing, damaged or foreign
entry is made again, never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pressflow.cache.digest import bytes_digest, digest, project_digest, tree_digest
from pressflow.cache.store import Cache
from pressflow.core.atomic import write_atomic
from pressflow.core.model import PRESSFLOW_FILES
from pressflow.core.project import CACHE_DIR


@dataclass(frozen=True)
class Stored:
    data: bytes
    reads: dict[str, str]
    """The files it read beyond those its key covers, with their digests (all unchanged)."""
    meta: dict
    """What its maker kept with it."""


class ArtifactStore:
    """Outputs by the digest of what they were made from."""

    def __init__(self, cache: Cache, folder: Path | None = None):
        self.cache = cache
        self.folder = folder or cache.config.root / CACHE_DIR / "pdf"
        self._used: set[str] = set()

    @cached_property
    def _base(self) -> str:
        return project_digest(self.cache.config)

    def key(self, html: str, release_folder: Path) -> str:
        """The key of the PDF printed from `html` for a page of the release in `release_folder`."""
        return digest(
            self._base,
            html,
            tree_digest(release_folder, exclude=PRESSFLOW_FILES, file_hash=self.cache.digest),
        )

    def load(self, key: str, suffix: str) -> Stored | None:
        """The output kept under `key`, if it is whole and every file it read is unchanged."""
        self._used.add(key)
        try:
            record = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
            reads, meta = record["reads"], record.get("meta", {})
            if not isinstance(reads, dict) or not isinstance(meta, dict):
                return None
            if not self.cache.unchanged(reads):
                return None
            data = (self.folder / f"{key}{suffix}").read_bytes()
            if "digest" in record and bytes_digest(data) != record["digest"]:
                return None  # damaged: a partial restore of a CI cache, a disk error
            return Stored(data, reads, meta)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing or damaged: make it again

    def store(
        self, key: str, suffix: str, data: bytes, reads: dict[str, str], meta: dict | None = None
    ) -> None:
        """Keep an output: its bytes first, then the record that makes it found."""
        self._used.add(key)
        write_atomic(self.folder / f"{key}{suffix}", data)
        record = {"digest": bytes_digest(data), "reads": reads, "meta": meta or {}}
        write_atomic(
            self.folder / f"{key}.json", json.dumps(record, sort_keys=True).encode("utf-8")
        )

    def has(self, key: str, suffix: str) -> bool:
        return all((self.folder / f"{key}{end}").is_file() for end in (".json", suffix))

    def get(self, key: str) -> bytes | None:
        """A PDF the site printed before."""
        stored = self.load(key, ".pdf")
        return stored.data if stored else None

    def put(self, key: str, pdf: bytes, release_folder: Path, read: Iterable[Path]) -> None:
        """Keep a PDF of the site, with the files it read beyond those its key covers."""
        self.store(key, ".pdf", pdf, self.cache.discovered([release_folder], read))

    def keep_only_used(self) -> None:
        """After a complete run: drop what no published bulletin printed to any more."""
        for key, paths in self._entries().items():
            if key not in self._used:
                _unlink(paths)

    def drop(self, unwanted: Callable[[str, dict], bool]) -> None:
        """Delete the entries for which `unwanted(key, meta)` is true, and the leftovers of a
        run killed between an output and its record."""
        for key, paths in self._entries().items():
            try:
                meta = json.loads((self.folder / f"{key}.json").read_text("utf-8"))["meta"]
                if not unwanted(key, meta if isinstance(meta, dict) else {}):
                    continue
            except (OSError, ValueError, KeyError, TypeError):
                pass
            _unlink(paths)

    def _entries(self) -> dict[str, list[Path]]:
        """The files of the store by their key."""
        entries: dict[str, list[Path]] = {}
        with contextlib.suppress(FileNotFoundError):
            for path in self.folder.iterdir():
                if not path.name.startswith("."):  # a write in progress (core/atomic.py)
                    entries.setdefault(path.name.split(".")[0], []).append(path)
        return entries


def _unlink(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)
