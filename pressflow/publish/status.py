"""Translation status of releases: counts per language, as `msgfmt --statistics` makes them, and
where each language stands in the workflow (its approval, the revision it was last published at)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pressflow.cache.digest import digest
from pressflow.cache.store import Cache
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.model import CatalogStats, Release
from pressflow.core.project import catalog_sources, release_paths
from pressflow.core.workers import forked_map
from pressflow.publish.snapshot import release_files, unpublished_languages
from pressflow.publish.workflow import (
    WORKFLOW_FILE,
    ApprovalState,
    Publication,
    State,
    approval_state,
    catalog_hash,
    read_record,
)


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
    """The languages published so far, at which revision (a language may lag behind the
    release's)."""
    unpublished: tuple[str, ...] = ()
    """Languages published at the current revision whose working copy differs from what was
    published."""
    out_of_date: dict[str, int] = field(default_factory=dict)
    """Per target language, the messages of the release its catalog lacks (0 when `update` is not
    due)."""

    def published_revision(self, language: str) -> int | None:
        publication = self.publications.get(language)
        return publication.revision if publication else None


@dataclass(frozen=True)
class StatusReport:
    releases: list[ReleaseStatus] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)

    @property
    def problems(self) -> list[PressflowError]:
        return self.errors

    def under(self, percent: float) -> list[tuple[str, str]]:
        """(release, language) pairs translated below `percent`, or whose catalog lacks messages of
        the release (its bulletin would show them in the source language)."""
        return [
            (release.id, language)
            for release in self.releases
            for language, stats in release.languages.items()
            if stats.percent < percent or release.out_of_date.get(language)
        ]

    def as_json(self) -> dict:
        return {
            "releases": [
                {
                    "id": release.id,
                    "state": str(release.state),
                    "revision": release.revision,
                    "languages": {
                        language: {
                            "total": stats.total,
                            "translated": stats.translated,
                            "fuzzy": stats.fuzzy,
                            "untranslated": stats.untranslated,
                            "percent": stats.percent,
                            "words": stats.words,
                            "words_left": stats.words_left,
                            "approved": release.approvals.get(language) is ApprovalState.VALID,
                            "approval_lapsed": release.approvals.get(language)
                            is ApprovalState.LAPSED,
                            "published_revision": release.published_revision(language),
                            "unpublished_changes": language in release.unpublished,
                            "out_of_date": release.out_of_date.get(language, 0),
                        }
                        for language, stats in release.languages.items()
                    },
                    "unpublished_changes": bool(release.unpublished),
                }
                for release in self.releases
            ]
        }


def project_status(config: Config, ids: Sequence[str] = ()) -> StatusReport:
    """The status of the named releases (all when none).

    A release whose source, workflow record and catalogs hold the bytes they had at the last
    `status` is not read again: its status comes from `.pressflow-cache/` (cache.py).
    """
    cache = Cache(config)
    paths, missing = release_paths(config, ids)
    report = StatusReport(errors=list(missing))
    known, unknown = {}, {}
    for path in paths:
        folder = path.parent
        # The release's own files (its images too: a changed one is an unpublished change), its
        # record, its catalogs.
        files = [
            *(file for _, file in release_files(folder)),
            folder / WORKFLOW_FILE,
            *(
                path
                for language in config.target_languages
                for path in catalog_sources(config, folder.name, language)
            ),
        ]
        inputs = digest(*(f"{cache.name(file)} {cache.digest(file)}" for file in files))
        known[path] = _from_json(cache.result("status", folder.name, inputs))
        if known[path] is None:
            unknown[path] = inputs
            cache.forget("status", folder.name)
    read = dict(zip(unknown, _read_statuses(config, list(unknown))))
    for path in paths:
        if (status := known[path]) is not None:
            report.releases.append(status)
            continue
        status, errors = read[path]
        report.errors.extend(errors)
        if status is not None:
            report.releases.append(status)
            cache.keep("status", path.parent.name, unknown[path], _as_json(status))
    cache.save()
    return report


# A cold start (a clean clone) reads every release: in worker processes when there are many,
# each reading whole releases (the source, then its catalogs).
_RELEASES_PER_WORKER = 40


def _read_statuses(
    config: Config, paths: list[Path]
) -> list[tuple[ReleaseStatus | None, list[PressflowError]]]:
    return forked_map(functools.partial(_read_status, config), paths, _RELEASES_PER_WORKER)


def _read_status(config: Config, path: Path) -> tuple[ReleaseStatus | None, list[PressflowError]]:
    """A release's status read from its files, or the problems that stopped it."""
    from pressflow.source.release import (
        load_releases,
    )  # YAML, Markdown: only when a release is read

    loaded = load_releases(config, [path.parent.name])
    if loaded.errors:
        return None, list(loaded.errors)
    try:
        return release_status(config, loaded.releases[0]), []
    except PressflowError as error:
        return None, [error]


def release_status(config: Config, release: Release) -> ReleaseStatus:
    from pressflow.catalog.po import catalog_stats, live_entries
    from pressflow.catalog.update import (
        load_catalog,
    )  # polib, Jinja2, Markdown: only when a catalog is read
    from pressflow.source.segment import release_messages

    languages, approvals, out_of_date, catalogs = {}, {}, {}, {}
    record = read_record(release.folder, config.shown(release.folder / WORKFLOW_FILE))
    wanted = {message.key for message in release_messages(release)}
    for language in release.languages:
        if language != config.source_language:
            catalog = catalogs[language] = load_catalog(config, release, language)
            languages[language] = catalog_stats(catalog)
            out_of_date[language] = len(
                wanted - {(entry.msgctxt, entry.msgid) for entry in live_entries(catalog)}
            )
            # Hashing a catalog is a tenth of reading it: only where there is an approval to
            # compare.
            content = catalog_hash(catalog) if language in record.approvals else ""
            approvals[language] = approval_state(record, language, content)
    unpublished = unpublished_languages(config, release.id, release.folder, record, catalogs)
    return ReleaseStatus(
        release.id,
        record.state,
        record.revision,
        languages,
        approvals,
        dict(record.publications),
        unpublished,
        out_of_date,
    )


def _as_json(status: ReleaseStatus) -> dict:
    return {
        "id": status.id,
        "state": str(status.state),
        "revision": status.revision,
        "languages": {
            language: dataclasses.asdict(stats) for language, stats in status.languages.items()
        },
        "approvals": {language: str(state) for language, state in status.approvals.items()},
        "publications": {
            language: [
                publication.revision,
                publication.at.isoformat(),
                publication.source,
                publication.catalog,
            ]
            for language, publication in status.publications.items()
        },
        "unpublished": list(status.unpublished),
        "out_of_date": status.out_of_date,
    }


def _from_json(value: dict | None) -> ReleaseStatus | None:
    """The status the cache recorded; None when there is none or it is not whole."""
    if value is None:
        return None
    try:
        return ReleaseStatus(
            str(value["id"]),
            State(value["state"]),
            int(value["revision"]),
            {
                language: CatalogStats(**{name: int(count) for name, count in stats.items()})
                for language, stats in value["languages"].items()
            },
            {language: ApprovalState(state) for language, state in value["approvals"].items()},
            {
                language: Publication(
                    int(revision), dt.datetime.fromisoformat(at), str(source), str(catalog)
                )
                for language, (revision, at, source, catalog) in value["publications"].items()
            },
            tuple(str(language) for language in value["unpublished"]),
            {str(language): int(count) for language, count in value["out_of_date"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
