"""Outputs already made, found again by what they were made from: a content-addressed store.

The site prints every published bulletin on every run, and printing is nearly all of its time. A PDF
is a function of its HTML, the files beside the release it may embed, and the project's toolchain,
configuration and templates (`digest.project_digest`); under the digest of those it is kept in
`.pressflow-cache/pdf/`, a folder no one commits: a clean clone prints again, and gets the same
bytes. The files a document read that its key does not cover (an image a template names) are kept
beside it with their digests, and must hold the same bytes for it to be used again
(`store.Cache.unchanged`).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from pressflow.cache.digest import digest, project_digest, tree_digest
from pressflow.cache.store import Cache
from pressflow.core.atomic import write_atomic
from pressflow.core.model import PRESSFLOW_FILES
from pressflow.core.project import CACHE_DIR


class ArtifactStore:
    """Printed PDFs by the digest of what they were printed from."""

    def __init__(self, cache: Cache, folder: Path | None = None):
        self.cache = cache
        self.folder = folder or cache.config.root / CACHE_DIR / "pdf"
        self._base = project_digest(cache.config)
        self._used: set[str] = set()

    def key(self, html: str, release_folder: Path) -> str:
        return digest(
            self._base,
            html,
            tree_digest(release_folder, exclude=PRESSFLOW_FILES, file_hash=self.cache.digest),
        )

    def get(self, key: str) -> bytes | None:
        self._used.add(key)
        try:
            reads = json.loads((self.folder / f"{key}.json").read_text("utf-8"))["reads"]
            if not self.cache.unchanged(reads):
                return None
            return (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing or damaged: print again

    def put(self, key: str, pdf: bytes, release_folder: Path, read: Iterable[Path]) -> None:
        """Keep a PDF, with the files it read beyond those its key covers."""
        self._used.add(key)
        write_atomic(self.folder / f"{key}.pdf", pdf)
        reads = self.cache.discovered([release_folder], read)
        write_atomic(
            self.folder / f"{key}.json",
            json.dumps({"reads": reads}, sort_keys=True).encode("utf-8"),
        )

    def keep_only_used(self) -> None:
        """After a complete run: drop what no published bulletin printed to any more."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".pdf", ".json") and path.stem not in self._used:
                with contextlib.suppress(OSError):
                    os.unlink(path)
