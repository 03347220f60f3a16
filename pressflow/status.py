"""Translation status of releases: counts per language, as `msgfmt --statistics` makes them, and where
each language stands in the workflow (its approval, the revision it was last published at)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pressflow.catalogs import load_catalog
from pressflow.config import Config
from pressflow.errors import PressflowError
from pressflow.model import CatalogStats
from pressflow.pofile import catalog_stats
from pressflow.project import load_releases
from pressflow.workflow import (WORKFLOW_FILE, ApprovalState, Publication, State, approval_state, catalog_hash,
                                read_record)


@dataclass(frozen=True)
class ReleaseStatus:
    id: str
    state: State
    revision: int
    languages: dict[str, CatalogStats]
    """Target languages only: the source language is complete by definition."""
    approvals: dict[str, ApprovalState] = field(default_factory=dict)
    """Each target language's approval against its catalog as it is now."""
    publications: dict[str, Publication] = field(default_factory=dict)
    """The languages published so far, at which revision (a language may lag behind the release's)."""

    def published_revision(self, language: str) -> int | None:
        publication = self.publications.get(language)
        return publication.revision if publication else None


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
                                      "words": stats.words, "words_left": stats.words_left,
                                      "approved": release.approvals.get(language) is ApprovalState.VALID,
                                      "approval_lapsed": release.approvals.get(language) is ApprovalState.LAPSED,
                                      "published_revision": release.published_revision(language)}
                           for language, stats in release.languages.items()}}
            for release in self.releases]}


def project_status(config: Config, ids: Sequence[str] = ()) -> StatusReport:
    loaded = load_releases(config, ids)
    report = StatusReport(errors=list(loaded.errors))
    for release in loaded.releases:
        languages, approvals = {}, {}
        try:
            record = read_record(release.folder, config.shown(release.folder / WORKFLOW_FILE))
            for language in release.languages:
                if language != config.source_language:
                    catalog = load_catalog(config, release, language)
                    languages[language] = catalog_stats(catalog)
                    approvals[language] = approval_state(record, language, catalog_hash(catalog))
        except PressflowError as error:
            report.errors.append(error)
            continue
        report.releases.append(ReleaseStatus(release.id, record.state, record.revision, languages, approvals,
                                             dict(record.publications)))
    return report
