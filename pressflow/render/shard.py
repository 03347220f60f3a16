"""A build split over machines: `build --shard I/N` builds the I-th of N parts of the releases.

Every runner of a CI job matrix computes the parts alone, so the assignment may depend only on what
every runner has alike: the release ids and the sizes of their files in the checkout. Not on what a
runner's `dist/` or cache holds (page counts of earlier builds): runners restore different caches,
and two runners that disagreed would build a release twice or never.

The releases are put in the order of a digest of their ids (a fixed shuffle that no renaming of
other releases changes), then cut into N runs of about equal weight. A release's weight is the size
of its source and of its catalogs, which grows with its text, as its pages do. Adding or removing a
release moves only the few releases at the cuts to a neighbouring part, so that caches kept per
part stay nearly whole.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pressflow.cache.digest import digest
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.project import catalog_path

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    """The `index`-th (from 1) of `count` parts."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.fullmatch(text)
        if match is None or not 1 <= int(match[1]) <= int(match[2]):
            raise PressflowError(
                f"--shard '{text}': give I/N, the I-th of N parts, with 1 ≤ I ≤ N (such as 2/4)"
            )
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def select(self, config: Config, sources: Sequence[Path]) -> list[Path]:
        """Of the releases' sources (`releases/<id>/release.md`), those of this part."""
        parts = partition({path.parent.name: weight(config, path) for path in sources}, self.count)
        return [path for path in sources if parts[path.parent.name] == self.index]


def partition(weights: Mapping[str, int], count: int) -> dict[str, int]:
    """Each release id's part (1 to `count`): the ids in the order of their digests, cut into
    `count` runs of about equal weight. A release goes to the part its weight's middle falls in;
    integers only, so that every machine cuts at the same places."""
    order = sorted(weights, key=lambda release_id: (digest(release_id), release_id))
    total = sum(max(weights[release_id], 1) for release_id in order)
    parts, before = {}, 0
    for release_id in order:
        size = max(weights[release_id], 1)
        parts[release_id] = (2 * before + size) * count // (2 * total) + 1  # middle < total
        before += size
    return parts


def weight(config: Config, source: Path) -> int:
    """A release's share of a build: the bytes of its source and of its catalogs."""
    files = [source] + [
        catalog_path(config.locales_dir, source.parent.name, language)
        for language in config.target_languages
    ]
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # no catalog yet: the language falls back to the source
            total += path.stat().st_size
    return total
