"""Translation status of releases: counts per language, as `msgfmt --statistics` makes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pressflow.catalogs import release_stats
from pressflow.config import Config
from pressflow.errors import PressflowError
from pressflow.model import CatalogStats
from pressflow.project import load_releases
from pressflow.workflow import State, read_state


@dataclass(frozen=True)
class ReleaseStatus:
    id: str
    state: State
    revision: int
    languages: dict[str, CatalogStats]
    """Target languages only: the source language is complete by definition."""


@dataclass(frozen=True)
class StatusReport:
    releases: list[ReleaseStatus] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)

    def under(self, percent: float) -> list[tuple[str, str]]:
        """(release, language) pairs translated below `percent`."""
        return [(release.id, language) for release in self.releases
                for language, stats in release.languages.items() if stats.percent < percent]

    def as_json(self) -> dict:
        return {"releases": [
            {"id": release.id, "state": str(release.state), "revision": release.revision,
             "languages": {language: {"total": stats.total, "translated": stats.translated, "fuzzy": stats.fuzzy,
                                      "untranslated": stats.untranslated, "percent": stats.percent,
                                      "words": stats.words, "words_left": stats.words_left}
                           for language, stats in release.languages.items()}}
            for release in self.releases]}


def project_status(config: Config, ids: Sequence[str] = ()) -> StatusReport:
    loaded = load_releases(config, ids)
    report = StatusReport(errors=list(loaded.errors))
    for release in loaded.releases:
        try:
            state, revision = read_state(release.folder, config.shown(release.folder))
            languages = {language: release_stats(config, release, language)
                         for language in release.languages if language != config.source_language}
        except PressflowError as error:
            report.errors.append(error)
            continue
        report.releases.append(ReleaseStatus(release.id, state, revision, languages))
    return report
