"""PDFs already printed, found again by what they were printed from.

The site prints every published bulletin on every run, and printing is nearly all of its
time. A PDF is a function of its HTML, the files beside the release it may embed, and the
project's toolchain, configuration and templates (`fingerprint.project_digest`); under that key
it is kept in `.pressflow-cache/pdf/`, a folder no one commits: a clean clone prints again,
and gets the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from pressflow.core.config import Config
from pressflow.cache.digest import digest, further_inputs, project_digest, tree_digest, unchanged
from pressflow.core.atomic import write_atomic
from pressflow.core.model import PRESSFLOW_FILES
from pressflow.core.project import CACHE_DIR



class PdfCache:
    def __init__(self, config: Config):
        self.config = config
        self.folder = config.root / CACHE_DIR / "pdf"
        self._base = project_digest(config)
        self._used: set[str] = set()

    def key(self, html: str, release_folder: Path) -> str:
        return digest(self._base, html, tree_digest(release_folder, exclude=PRESSFLOW_FILES))

    def get(self, key: str) -> bytes | None:
        self._used.add(key)
        try:
            reads = json.loads((self.folder / f"{key}.json").read_text("utf-8"))["reads"]
            if not unchanged(self.config, reads):
                return None
            return (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing or damaged: print again

    def put(self, key: str, pdf: bytes, release_folder: Path, read: Iterable[Path]) -> None:
        """Keep a PDF, with the files it read beyond those its key covers."""
        self._used.add(key)
        write_atomic(self.folder / f"{key}.pdf", pdf)
        reads = further_inputs(self.config, release_folder, read)
        write_atomic(self.folder / f"{key}.json", json.dumps({"reads": reads}, sort_keys=True).encode("utf-8"))

    def keep_only_used(self) -> None:
        """After a complete run: drop what no published bulletin printed to any more."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".pdf", ".json") and path.stem not in self._used:
                try:
                    os.unlink(path)
                except OSError:
                    pass
