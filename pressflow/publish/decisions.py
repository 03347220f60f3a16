"""The decisions of the workflow (docs/design.md, "Workflow"), recorded in
`releases/<id>/workflow.yaml`.

`mark` moves a release between states, `approve` records a reviewer's sign-off on one
language bound to its catalog's content hash, and `publish` records which languages of
an approved release are published at which revision. Each writes only the workflow
record, atomically and only when it changes; the catalogs and the author's text are read.

A target language is publishable when the release is approved (or published, for a
language that follows later), every message of the release has a translation in its
catalog (100%, no fuzzy entry), `check` finds no error in it, and its approval is valid
(the catalog's content hash is still the approved one). The source language is published
with the release.

A release published before is published next at `revision + 1`, and only with a
correction note for that revision: an entry of `corrections:` dated on or after the day
(in the configured time zone) the source language was last published. Its translation is
a message of every catalog (`corrections.N.note`), so a language is publishable at the new
revision only once the note is translated and the language approved again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pressflow.catalog.po import Catalog, live_entries, message_stats
from pressflow.catalog.update import catalog_path, load_catalog
from pressflow.check.run import Severity, check_project
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError, Refused, each_problem
from pressflow.core.languages import base_language
from pressflow.core.model import CatalogStats, Release
from pressflow.core.project import release_paths
from pressflow.publish.snapshot import (
    Snapshot,
    snapshot_problems,
    source_digest,
    working_catalogs,
    write_snapshot,
)
from pressflow.publish.workflow import (
    WORKFLOW_FILE,
    Approval,
    ApprovalState,
    Publication,
    State,
    WorkflowRecord,
    approval_state,
    catalog_hash,
    move,
    read_record,
    write_record,
)
from pressflow.source.release import load_release, load_releases
from pressflow.source.segment import release_messages

# Why a language is withheld, in the order they are listed.
STALE = "catalog out of date (run pressflow update)"
FUZZY = "fuzzy entries"
CHECK_ERRORS = "check errors"


@dataclass(frozen=True)
class Marked:
    """A release moved to another state by `mark`, or the problems that stopped it."""

    id: str
    before: State | None = None
    after: State | None = None
    path: Path | None = None
    problems: tuple[PressflowError, ...] = ()


@dataclass(frozen=True)
class Approved:
    """A language approved by `approve` (`written` False when the same content was approved
    already), or the problems that stopped it."""

    id: str
    language: str
    approval: Approval | None = None
    path: Path | None = None
    written: bool = False
    problems: tuple[PressflowError, ...] = ()


@dataclass(frozen=True)
class Withheld:
    language: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.language}: {', '.join(self.reasons)}"


@dataclass(frozen=True)
class ReleasePublication:
    """What `publish` decided for one release."""

    id: str
    state: State
    """The release's state before this run."""
    revision: int
    """The revision the release is (now) published at."""
    published: tuple[str, ...] = ()
    """Languages published by this run."""
    current: tuple[str, ...] = ()
    """Languages published at this revision by an earlier run."""
    withheld: tuple[Withheld, ...] = ()
    held_back: bool = False
    """Under `--require-all` a language was withheld, so nothing was published."""
    written: bool = False
    restored: bool = False
    """The snapshot of what was published did not hold it (a publish stopped half-way) and was
    written again."""

    @property
    def skipped(self) -> bool:
        """Whether the release was not up for publication (not approved nor published)."""
        return self.state not in (State.APPROVED, State.PUBLISHED)


@dataclass(frozen=True)
class PublishReport:
    releases: list[ReleasePublication] = field(default_factory=list)
    problems: list[PressflowError] = field(default_factory=list)
    """Inputs that could not be read (exit code 2), releases that could not be published (`Refused`,
    exit code 1: a correction without its note, a release named that is not approved)."""
    require_all: bool = False
    """Asked with `--require-all`: a withheld language then fails the command (exit code 1)."""

    @property
    def withheld(self) -> bool:
        return any(release.withheld for release in self.releases)

    @property
    def found(self) -> bool:
        """Whether the command fails for what it found: a language withheld under `require_all`."""
        return self.require_all and self.withheld


def mark(config: Config, release_id: str, target: State, at: dt.datetime, by: str = "") -> Marked:
    """Move a release to `target` (never to `published`: that is `publish`'s decision)."""
    try:
        return _mark(config, release_id, target, at, by)
    except PressflowError as error:
        return Marked(release_id, problems=tuple(each_problem([error])))


def _mark(config: Config, release_id: str, target: State, at: dt.datetime, by: str) -> Marked:
    folder, shown = _release_folder(config, release_id)
    record = read_record(folder, shown)
    if target is State.PUBLISHED:
        raise Refused(
            "cannot mark a release published: use pressflow publish, which publishes approved "
            "releases and records the languages it publishes",
            shown,
        )
    moved = move(record, target, at, by, shown)
    write_record(folder, moved)
    return Marked(release_id, record.state, target, shown)


def approve(
    config: Config, release_id: str, language: str, at: dt.datetime, by: str = ""
) -> Approved:
    """Record a reviewer's approval of `language`, bound to its catalog's content hash.

    Refused for the source language and for a catalog that lacks a message of the release, has one
    untranslated, has a fuzzy entry or a `check` error. Approving content approved already changes
    nothing.
    """
    try:
        return _approve(config, release_id, language, at, by)
    except PressflowError as error:
        return Approved(release_id, language, problems=tuple(each_problem([error])))


def _approve(config: Config, release_id: str, language: str, at: dt.datetime, by: str) -> Approved:
    release = load_release(config, release_id)
    shown = config.shown(release.folder / WORKFLOW_FILE)
    if language == config.source_language:
        raise Refused(
            f"cannot approve {language}: it is the source language, published with the release "
            f"(pressflow mark {release_id} approved)"
        )
    if language not in release.languages:
        raise Refused(
            f"cannot approve {language}: the release's languages are "
            f"{', '.join(release.languages)}",
            config.shown(release.path),
            release.field_lines.get("languages"),
        )
    record = read_record(release.folder, shown)
    catalog = load_catalog(config, release, language)
    stale, stats = _coverage(release, catalog)
    place = config.shown(catalog_path(config.locales_dir, release.id, language))
    if stale:
        raise Refused(
            f"cannot approve {language}: the catalog lacks {stale} message{_s(stale)} of the "
            "release: "
            f"run pressflow update, translate, then approve",
            place,
        )
    if stats.untranslated:
        raise Refused(
            f"cannot approve {language}: it is not fully translated ({stats.percent:.1f}%): "
            f"translate every message, then approve",
            place,
        )
    if stats.fuzzy:
        entries, them = ("entry", "it") if stats.fuzzy == 1 else ("entries", "them")
        raise Refused(
            f"cannot approve {language}: it has {stats.fuzzy} fuzzy {entries}: review {them} and "
            "clear the fuzzy flag, then approve",
            place,
        )
    shown_in = [language, *_bases([language])]  # a derived edition shows its base's text
    errors = [
        finding
        for finding in check_project(config, [release.id], shown_in).findings
        if finding.severity == Severity.ERROR and finding.language in shown_in
    ]
    if errors:
        places = ", ".join(f"{finding.check} at line {finding.line}" for finding in errors[:3])
        more = f" and {len(errors) - 3} more" if len(errors) > 3 else ""
        raise Refused(
            f"cannot approve {language}: check finds {len(errors)} error{_s(len(errors))} "
            f"({places}{more}): "
            f"fix them, then approve (pressflow check {release.id} -l {language} shows them)",
            place,
        )
    content = catalog_hash(catalog)
    if approval_state(record, language, content) is ApprovalState.VALID:
        return Approved(release.id, language, record.approvals[language], shown, written=False)
    approval = Approval(content, at, by)
    write_record(
        release.folder, replace(record, approvals={**record.approvals, language: approval})
    )
    return Approved(release.id, language, approval, shown, written=True)


def publish(
    config: Config,
    ids: Sequence[str] = (),
    *,
    at: dt.datetime,
    by: str = "",
    require_all: bool = False,
) -> PublishReport:
    """Publish the source language and every publishable language of each approved release, and the
    languages of a published release that became publishable since (staggered publication)."""
    loaded = load_releases(config, ids)
    report = PublishReport(problems=list(loaded.errors), require_all=require_all)
    records: list[tuple[Release, WorkflowRecord]] = []
    for release in loaded.releases:
        try:
            records.append(
                (release, read_record(release.folder, config.shown(release.folder / WORKFLOW_FILE)))
            )
        except PressflowError as error:
            report.problems.append(error)
    candidates = [
        release.id
        for release, record in records
        if record.state in (State.APPROVED, State.PUBLISHED)
    ]
    failing: set[tuple[str, str]] = set()
    if candidates:
        failing, unchecked = _languages_failing_checks(config, candidates)
        if (
            unchecked
        ):  # without every check, nothing is publishable: publish nothing until it is fixed
            report.problems.extend(unchecked)
            return report
    for release, record in records:
        if record.state not in (State.APPROVED, State.PUBLISHED):
            if ids:  # named: the release the user meant to publish cannot be
                report.problems.append(
                    Refused(
                        f"not published: the release is in {record.state}; "
                        f"{_on_the_way_to_publication(release.id, record.state)}",
                        config.shown(release.folder / WORKFLOW_FILE),
                    )
                )
            else:
                report.releases.append(
                    ReleasePublication(release.id, record.state, record.revision)
                )
            continue
        try:
            report.releases.append(
                _publish_release(config, release, record, at, by, require_all, failing)
            )
        except Refused as refusal:
            report.problems.append(refusal)
        except PressflowError as error:
            report.problems.append(error)
    return report


def _publish_release(
    config: Config,
    release: Release,
    record: WorkflowRecord,
    at: dt.datetime,
    by: str,
    require_all: bool,
    failing: set[tuple[str, str]],
) -> ReleasePublication:
    source = config.source_language
    revision = record.revision
    if record.state is State.APPROVED and record.publications:
        revision += 1
        _require_correction_note(config, release, record, revision)
    current = tuple(
        language
        for language in release.languages
        if record.state is State.PUBLISHED
        and language in record.publications
        and record.publications[language].revision == revision
    )
    working = source_digest(release.folder)
    published_source = record.publications[source].source if source in current else ""
    # Languages that follow later at this revision must publish the source the others published.
    source_changed = bool(published_source) and published_source != working
    ready = [] if source in current else [source]
    withheld = []
    catalogs = {}
    for language in release.languages:
        if language == source or language in current:
            continue
        catalog = load_catalog(config, release, language)
        reasons = withheld_reasons(
            config, release, record, language, (release.id, language) in failing, catalog
        )
        if source_changed:
            reasons += (
                f"the source changed since revision {revision} was published (start a correction: "
                f"pressflow mark {release.id} review)",
            )
        if reasons:
            withheld.append(Withheld(language, reasons))
        else:
            ready.append(language)
            catalogs[language] = catalog_hash(catalog)
    outcome = ReleasePublication(
        release.id, record.state, revision, current=current, withheld=tuple(withheld)
    )
    if (require_all and withheld) or not ready:
        restored = record.state is State.PUBLISHED and _restore_snapshot(
            config, release, record, current, working
        )
        return replace(
            outcome, held_back=bool(require_all and withheld and ready), restored=restored
        )
    # The files published first, then the record that names them: a run stopped between the two
    # leaves a snapshot the record does not vouch for, which `site` refuses and the next `publish`
    # replaces.
    kept = {
        language: Snapshot.of(release.folder).catalog(language)
        for language in current
        if language != source and record.publications[language].catalog
    }
    write_snapshot(
        release.folder,
        {
            **{language: path.read_bytes() for language, path in kept.items()},
            **working_catalogs(config, release, list(catalogs)),
        },
    )
    publications = {
        **record.publications,
        **{
            language: Publication(revision, at, working, catalogs.get(language, ""))
            for language in ready
        },
    }
    updated = replace(record, revision=revision, publications=publications)
    if record.state is State.APPROVED:
        updated = move(
            updated, State.PUBLISHED, at, by, config.shown(release.folder / WORKFLOW_FILE)
        )
    written = write_record(release.folder, updated)
    return replace(outcome, published=tuple(ready), written=written)


def _restore_snapshot(
    config: Config, release: Release, record: WorkflowRecord, current: tuple[str, ...], working: str
) -> bool:
    """Write the snapshot again when it does not hold what the record says was published (a publish
    stopped half-way, a deleted folder) and the working copy still does; whether it was written."""
    publications = {language: record.publications[language] for language in current}
    if not publications or any(not publication.source for publication in publications.values()):
        return False
    if not snapshot_problems(config, release.id, Snapshot.of(release.folder), publications):
        return False
    source = publications.get(config.source_language)
    if source is None or source.source != working:
        return False
    languages = [language for language in current if publications[language].catalog]
    for language in languages:
        if catalog_hash(load_catalog(config, release, language)) != publications[language].catalog:
            return False
    return write_snapshot(release.folder, working_catalogs(config, release, languages))


def withheld_reasons(
    config: Config,
    release: Release,
    record: WorkflowRecord,
    language: str,
    check_errors: bool,
    catalog: Catalog,
) -> tuple[str, ...]:
    """Why a target language of an approved or published release may not be published now; empty
    when it is publishable."""
    stale, stats = _coverage(release, catalog)
    reasons = []
    if stale:
        reasons.append(STALE)
    else:
        if stats.untranslated:
            reasons.append(f"not translated ({stats.percent:.1f}%)")
        if stats.fuzzy:
            reasons.append(FUZZY)
    if check_errors:
        reasons.append(CHECK_ERRORS)
    approval = approval_state(record, language, catalog_hash(catalog))
    if approval is not ApprovalState.VALID:
        reasons.append(str(approval))
    return tuple(reasons)


def _require_correction_note(
    config: Config, release: Release, record: WorkflowRecord, revision: int
) -> None:
    previous = record.publications.get(config.source_language) or max(
        record.publications.values(), key=lambda item: item.at
    )
    since = previous.at.astimezone(config.tz).date()
    if not any(correction.date >= since for correction in release.corrections):
        raise Refused(
            f"revision {revision} needs a correction note: add to 'corrections' an entry dated "
            f"{since.isoformat()} or later saying what changed, run pressflow update and have it "
            f"translated",
            config.shown(release.path),
            release.field_lines.get("corrections"),
        )


def _coverage(release: Release, catalog) -> tuple[int, CatalogStats]:
    """(messages of the release missing from the catalog, counts of the release's messages in
    it)."""
    messages = release_messages(release)
    keys = {(entry.msgctxt, entry.msgid) for entry in live_entries(catalog)}
    return sum(message.key not in keys for message in messages), message_stats(messages, catalog)


def _languages_failing_checks(
    config: Config, ids: list[str]
) -> tuple[set[tuple[str, str]], list[PressflowError]]:
    """(release, language) pairs in which `check` finds an error, and the project-wide inputs it
    could not read (the glossary); an unreadable catalog is left out, as it is reported when
    `publish` reads it."""
    report = check_project(config, ids)
    failing = {
        (finding.release, finding.language)
        for finding in report.findings
        if finding.severity == Severity.ERROR and finding.release and finding.language
    }
    catalogs = {
        config.shown(catalog_path(config.locales_dir, release_id, language))
        for release_id in ids
        for language in config.languages
    }
    # A derived edition (kk-Latn) shows its base's translations: the base's errors are its own too.
    failing |= {
        (release_id, language)
        for release_id, base in list(failing)
        for language in config.languages
        if base_language(language) == base
    }
    return failing, [error for error in report.errors if error.path not in catalogs]


def _bases(codes: list[str]) -> list[str]:
    """The base languages of the derived editions among `codes`."""
    return [base for code in codes if (base := base_language(code))]


def _on_the_way_to_publication(release_id: str, state: State) -> str:
    """The next step towards publication of a release in `state` (neither approved nor
    published)."""
    approve = (
        f"approve each language (pressflow approve {release_id} -l LANG), then pressflow mark "
        f"{release_id} "
        f"approved and publish"
    )
    if state is State.DRAFT:
        translation = f"pressflow mark {release_id} translation"
        return f"send it to the translators ({translation}), review it, then {approve}"
    if state is State.TRANSLATION:
        return f"once translated, pressflow mark {release_id} review, then {approve}"
    if state is State.REVIEW:
        return approve
    return f"to publish it again, pressflow mark {release_id} review, then {approve}"  # withdrawn


def _release_folder(config: Config, release_id: str) -> tuple[Path, Path]:
    paths, errors = release_paths(config, [release_id])
    if errors:
        raise errors[0]
    folder = paths[0].parent
    return folder, config.shown(folder / WORKFLOW_FILE)


def _s(count: int) -> str:
    return "" if count == 1 else "s"
