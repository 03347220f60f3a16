"""The `pressflow` command: parse options, call the library, print what it returns.

Every command ends in `_finish`, which prints the problems the library returned and exits with the
code they make (`core.errors.exit_code`: 2 for a bad input, 1 for errors found or a refusal, else
0). Never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from pressflow.core.config import Config, find_project, load_config
from pressflow.core.errors import PressflowError, each_problem, exit_code
from pressflow.core.version import __version__

if TYPE_CHECKING:  # a progress bar only on a terminal, imported there
    from rich.progress import Progress, TaskID

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Multilingual press releases: catalogs for translators, HTML and PDF bulletins.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ProjectOption = Annotated[
    Path,
    typer.Option(
        "--project",
        "-C",
        help="A folder of the project (default: the current one); its nearest pressflow.toml at or "
        "above names the project.",
        show_default=False,
    ),
]
IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Release ids; all releases when none.", show_default=False),
]
LanguageOption = Annotated[
    list[str] | None, typer.Option("--language", "-l", help="Only this language.")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        show_default=False,
        help="PDFs printed at once (default: the number of cores).",
    ),
]


def _config(project: Path, writes: bool = False) -> Config:
    """The configuration of the project `project` is in (the nearest `pressflow.toml` at or above
    it); a command that `writes` also holds the project's lock until it ends."""
    try:
        config = load_config(find_project(project))
    except PressflowError as error:
        _finish([error])
    if writes:
        from pressflow.core.lock import project_lock

        _held_locks.enter_context(
            project_lock(
                config.root,
                lambda: err.print("waiting for another pressflow run on this project to finish"),
            )
        )
    return config


_held_locks = contextlib.ExitStack()
"""The project lock of the running command, released when the command ends (`_main`)."""


def _finish(
    problems: Iterable[PressflowError],
    found: bool = False,
    *,
    shown: Iterable[PressflowError] = (),
    epilogue: str = "",
) -> NoReturn:
    """End the command: print each problem on stderr (but those it `shown` already) and the
    `epilogue`, and exit with the code the problems and `found` (errors the command found in what it
    checked) make."""
    problems, shown = each_problem(problems), list(shown)
    for problem in problems:
        if problem not in shown:
            err.print(str(problem), markup=False)
    if epilogue:
        err.print(epilogue, markup=False)
    raise typer.Exit(exit_code(problems, found))


def _count(number: int, noun: str) -> str:
    """`1 error`, `2 errors`: the command line speaks English; its nouns take an s."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _languages(config: Config, requested: list[str] | None) -> list[str]:
    """The project's codes of the languages asked for (`kk-Latn` or `kk_Latn`), all when none."""
    requested = [_code(lang) for lang in requested or []]
    unknown = [lang for lang in requested if lang not in config.languages]
    if unknown:
        _finish(
            [
                PressflowError(
                    f"unknown language {', '.join(unknown)}: the project's languages are "
                    f"{', '.join(config.languages)}"
                )
            ]
        )
    return list(requested or config.languages)


def _code(language: str) -> str:
    from pressflow.core.languages import UnknownLanguage, normalize

    try:
        return normalize(language)
    except UnknownLanguage:
        return language


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder of the new project.")] = Path("."),
    organization: Annotated[str, typer.Option(help="The organization's name.")] = "Press office",
) -> None:
    """Scaffold a new pressflow project."""
    from pressflow.source.scaffold import init_project

    created = init_project(directory, organization)
    for path in created.paths:
        out.print(f"created {path}", markup=False)
    _finish(created.problems)


@app.command()
def new(
    title: Annotated[str, typer.Argument(help="The release's title.")],
    date: Annotated[
        str | None, typer.Option(help="Date of the release, YYYY-MM-DD (default: today).")
    ] = None,
    release_id: Annotated[
        str | None, typer.Option("--id", help="The release id (default: date and title).")
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Create releases/<id>/release.md with its front matter."""
    from pressflow.source.scaffold import new_release

    config = _config(project, writes=True)
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        _finish([PressflowError(f"--date '{date}' is not a date: write it as YYYY-MM-DD")])
    created = new_release(config, title, day, release_id)
    for path in created.paths:
        out.print(f"created {config.shown(path)}", markup=False)
    _finish(created.problems)


@app.command()
def extract(ids: IdsArgument = None, project: ProjectOption = Path(".")) -> None:
    """Write the message templates: locales/<id>.pot and locales/pressflow.pot."""
    from pressflow.catalog.update import extract_release, extract_ui
    from pressflow.source.release import load_releases

    config = _config(project, writes=True)
    loaded = load_releases(config, ids or ())
    writes = [extract_ui(config)]
    errors = list(loaded.errors)
    for release in loaded.releases:
        try:
            writes.append(extract_release(config, release))
        except PressflowError as error:
            errors.append(error)
    _print_writes(config, writes, failed=bool(errors))
    _finish(errors)


@app.command()
def update(
    ids: IdsArgument = None, language: LanguageOption = None, project: ProjectOption = Path(".")
) -> None:
    """Extract, then merge the templates into every language's catalog (like msgmerge)."""
    from pressflow.catalog.update import update_project

    config = _config(project, writes=True)
    result = update_project(config, ids or (), _languages(config, language))
    _print_writes(config, result.writes, result.skipped, failed=bool(result.errors))
    _finish(result.problems)


def _print_writes(config: Config, writes, skipped: int = 0, failed: bool = False) -> None:
    changed = [write for write in writes if write.outcome != "unchanged"]
    for write in changed:
        out.print(f"{write.outcome} {config.shown(write.path)}", markup=False)
    if not changed:
        # With an unreadable input, some catalogs were not even looked at: not "all" are up to date.
        up_to_date = _count(len(writes) + skipped, "other catalog" if failed else "catalog")
        out.print(
            f"{up_to_date} up to date" if failed else f"all {up_to_date} up to date", markup=False
        )


@app.command()
def status(
    ids: IdsArgument = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            metavar="PCT",
            help="Exit 1 when a language is translated below PCT percent.",
        ),
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Translation status of each release and language."""
    from pressflow.publish.status import project_status

    config = _config(project)
    report = project_status(config, ids or ())
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_status(report)
    under = report.under(fail_under) if fail_under is not None else []
    lacking = {release.id: release.out_of_date for release in report.releases}
    for release_id, language in under:
        if missing := lacking[release_id].get(language):
            err.print(
                f"{release_id}: {language} catalog lacks {_count(missing, 'message')} of the "
                "release: run "
                f"pressflow update",
                markup=False,
            )
        else:
            err.print(f"{release_id}: {language} is translated below {fail_under:g}%", markup=False)
    _finish(report.problems, found=bool(under))


def _print_status(report) -> None:
    from pressflow.publish.snapshot import unpublished_note

    if not out.is_terminal:
        for release in report.releases:
            out.print(f"{release.id}: {release.state}, revision {release.revision}", markup=False)
            if release.unpublished:
                out.print(f"  {unpublished_note(release.revision)}", markup=False)
            for language, stats in release.languages.items():
                out.print(
                    f"  {language}: {stats.translated}/{stats.total} translated, {stats.fuzzy} "
                    "fuzzy, "
                    f"{stats.untranslated} untranslated ({stats.percent:.1f}%), "
                    f"{stats.words_left} of {stats.words} words left; "
                    f"{_workflow_of(release, language)}" + _out_of_date(release, language),
                    markup=False,
                )
        return
    table = Table(box=None, pad_edge=False)
    for column in (
        "release",
        "state",
        "lang",
        "translated",
        "fuzzy",
        "untranslated",
        "percent",
        "words left",
        "approval",
        "published",
    ):
        table.add_column(
            column,
            justify="left"
            if column in ("release", "state", "lang", "approval", "published")
            else "right",
            no_wrap=column == "release",
        )
    for release in report.releases:
        if not release.languages:
            table.add_row(release.id, str(release.state), "-", "", "", "", "", "", "", "")
        for language, stats in release.languages.items():
            revision = release.published_revision(language)
            table.add_row(
                release.id,
                str(release.state),
                language,
                f"{stats.translated}/{stats.total}",
                str(stats.fuzzy),
                str(stats.untranslated),
                f"{stats.percent:.1f}%",
                str(stats.words_left),
                str(release.approvals.get(language, "")),
                "-" if revision is None else f"revision {revision}",
            )
    out.print(table)
    for release in report.releases:
        if release.unpublished:
            out.print(f"{release.id}: {unpublished_note(release.revision)}", markup=False)
        for language in release.languages:
            if note := _out_of_date(release, language):
                out.print(f"{release.id} {language}{note}", markup=False)


def _out_of_date(release, language: str) -> str:
    missing = release.out_of_date.get(language)
    return (
        f"; catalog out of date, {_count(missing, 'message')} missing (run pressflow update)"
        if missing
        else ""
    )


def _workflow_of(release, language: str) -> str:
    """`approved, published at revision 1`: a language's approval and publication, for plain
    lines."""
    revision = release.published_revision(language)
    return f"{release.approvals.get(language, 'not approved')}, " + (
        "not published" if revision is None else f"published at revision {revision}"
    )


ReleaseArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The release id.", show_default=False)
]
ByOption = Annotated[
    str, typer.Option("--by", metavar="NAME", help="Who decided, for the workflow record.")
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        metavar="T",
        help="The time to record, ISO 8601 (default: now; without an offset, in the configured "
        "time zone).",
        show_default=False,
    ),
]


def _workflow_time(config: Config, value: str | None) -> dt.datetime:
    """`--now`: ISO 8601, without an offset in the configured time zone (as embargo times); default
    the clock."""
    if value is None:
        return dt.datetime.now(config.tz).replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        _finish(
            [
                PressflowError(
                    f"--now '{value}' is not an ISO 8601 time: write it as 2023-03-17T10:00 "
                    f"or 2023-03-17T10:00+05:00"
                )
            ]
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=config.tz)


@app.command()
def mark(
    release_id: ReleaseArgument,
    state: Annotated[
        str,
        typer.Argument(
            metavar="STATE", help="translation, review, approved or withdrawn.", show_default=False
        ),
    ],
    by: ByOption = "",
    now: NowOption = None,
    project: ProjectOption = Path("."),
) -> None:
    """Move a release to another workflow state (publish moves it to published)."""
    from pressflow.publish.decisions import mark as mark_release
    from pressflow.publish.workflow import State

    config = _config(project, writes=True)
    if state not in set(State):
        _finish([PressflowError(f"unknown state '{state}': the states are {', '.join(State)}")])
    marked = mark_release(config, release_id, State(state), _workflow_time(config, now), by)
    if not marked.problems:
        out.print(f"moved {marked.id} from {marked.before} to {marked.after}", markup=False)
    _finish(marked.problems)


@app.command()
def approve(
    release_id: ReleaseArgument,
    language: Annotated[
        str,
        typer.Option(
            "--language", "-l", metavar="LANG", help="The language approved.", show_default=False
        ),
    ],
    by: ByOption = "",
    now: NowOption = None,
    project: ProjectOption = Path("."),
) -> None:
    """Approve one language of a release: the reviewer's sign-off on its catalog as it is now."""
    from pressflow.publish.decisions import approve as approve_language

    config = _config(project, writes=True)
    (language,) = _languages(config, [language])
    approved = approve_language(config, release_id, language, _workflow_time(config, now), by)
    approval = approved.approval
    if approval is None:
        _finish(approved.problems)
    signed = f" by {approval.by}" if approval.by else ""
    if approved.written:
        out.print(
            f"approved {approved.id} {language}{signed} at {approval.at.isoformat()} "
            f"(catalog {approval.catalog_hash[:19]}…)",
            markup=False,
        )
    else:
        out.print(
            f"unchanged {approved.id} {language}: approved{signed} at {approval.at.isoformat()}, "
            f"and the catalog has not changed since",
            markup=False,
        )


@app.command()
def proof(
    release_id: ReleaseArgument,
    language: Annotated[
        str,
        typer.Option(
            "--language", "-l", metavar="LANG", help="The language reviewed.", show_default=False
        ),
    ],
    project: ProjectOption = Path("."),
) -> None:
    """Print a reviewer's proof of one language: source and translation side by side, check
    findings under each message, and on the cover the digest that approve records."""
    from pressflow.publish.review import write_proof
    from pressflow.render.proof import State

    config = _config(project, writes=True)
    (language,) = _languages(config, [language])
    result = write_proof(config, release_id, language)
    made = result.proof
    if result.path is not None and made is not None:
        counts = ", ".join(
            f"{made.count(state)} {state}"
            for state in (State.FUZZY, State.UNTRANSLATED, State.MISSING)
            if made.count(state) or state is not State.MISSING
        )
        findings = f"{_count(made.findings('error'), 'check error')}"
        standing = {
            "approved": "approved as it is",
            "lapsed": "approval lapsed",
            "none": "not approved",
        }[made.signoff.state]
        verb = "wrote" if result.written else "unchanged"
        out.print(
            f"{verb} {config.shown(result.path)}: {_count(len(made.messages), 'message')} "
            f"({counts}), {findings}; catalog {made.signoff.digest}, {standing}",
            markup=False,
        )
    _finish(result.problems)


@app.command()
def publish(
    ids: IdsArgument = None,
    require_all: Annotated[
        bool,
        typer.Option(
            "--require-all",
            help="Publish a release only with all its languages; exit 1 when one is withheld.",
        ),
    ] = False,
    by: ByOption = "",
    now: NowOption = None,
    project: ProjectOption = Path("."),
) -> None:
    """Record the publication of approved releases: the source language and every publishable
    language."""
    from pressflow.publish.decisions import publish as publish_releases

    config = _config(project, writes=True)
    report = publish_releases(
        config, ids or (), at=_workflow_time(config, now), by=by, require_all=require_all
    )
    for release in report.releases:
        if release.skipped:
            out.print(f"skipped {release.id}: state {release.state}, not approved", markup=False)
            continue
        if release.published:
            out.print(
                f"published {release.id} revision {release.revision}: "
                f"{', '.join(release.published)}",
                markup=False,
            )
        elif not release.held_back:
            current = f": {', '.join(release.current)} published" if release.current else ""
            out.print(f"unchanged {release.id} revision {release.revision}{current}", markup=False)
        for withheld in release.withheld:
            out.print(f"withheld {release.id} {withheld}", markup=False)
        if require_all and release.withheld:
            languages = ", ".join(withheld.language for withheld in release.withheld)
            err.print(
                f"{release.id}: not published: --require-all and {languages} withheld"
                if release.held_back
                else f"{release.id}: {languages} withheld (--require-all)",
                markup=False,
            )
    _finish(report.problems, found=require_all and report.withheld)


@app.command()
def check(
    ids: IdsArgument = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
    output: Annotated[
        str, typer.Option("--format", help="text, json or github (workflow annotations).")
    ] = "text",
    language: LanguageOption = None,
    project: ProjectOption = Path("."),
) -> None:
    """Check the translations and the sources: facts, markup, punctuation, Cyrillic, glossary."""
    from pressflow.check.run import check_project, github_annotations

    config = _config(project)
    output = "json" if as_json else output
    if output not in ("text", "json", "github"):
        _finish([PressflowError(f"unknown format '{output}': choose text, json or github")])
    report = check_project(config, ids or (), _languages(config, language) if language else ())
    if output == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    elif output == "github":
        for line in github_annotations(report.findings):
            print(line)
    else:
        for finding in report.findings:
            out.print(str(finding), markup=False)
        out.print(_check_summary(report), markup=False)
    _finish(report.problems, found=bool(report.errors_found), shown=report.sources)


def _check_summary(report) -> str:
    """`2 errors, 1 warning`; never "0 errors" for a check that could not read everything."""
    found = (
        f"{_count(report.count('error'), 'error')}, {_count(report.count('warning'), 'warning')}"
    )
    if not report.errors:
        return found
    unread = f"check incomplete: {_count(len(report.errors), 'file')} could not be read (see below)"
    return f"{unread}; {found} in the others" if report.findings else unread


@app.command()
def build(
    ids: IdsArgument = None,
    language: LanguageOption = None,
    fmt: Annotated[
        list[str] | None, typer.Option("--format", "-f", help="html or pdf (default: both).")
    ] = None,
    jobs: JobsOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Build every bulletin, up to date or not.")
    ] = False,
    project: ProjectOption = Path("."),
) -> None:
    """Build the HTML and PDF bulletins into dist/<id>/ (only those whose inputs changed)."""
    from pressflow.core.workers import cores
    from pressflow.render.build import FORMATS
    from pressflow.render.build import build as build_bulletins

    config = _config(project, writes=True)
    languages = _languages(config, language)
    unknown = [f for f in fmt or [] if f not in FORMATS]
    if unknown:
        _finish([PressflowError(f"unknown format {', '.join(unknown)}: choose html or pdf")])
    with _BuildDisplay(config) as display:
        result = build_bulletins(
            config,
            ids or (),
            languages,
            fmt or FORMATS,
            jobs=jobs or cores(),
            force=force,
            on_start=display.start,
            on_artifact=display.artifact,
        )
    built, current = len(result.built), len(result.artifacts) - len(result.built)
    if display.bar and built:
        changed = sum(artifact.written for artifact in result.built)
        out.print(
            f"built {_count(built, 'bulletin')} in {config.shown(config.dist_dir)}/: {changed} "
            "changed, "
            f"{built - changed} the same as before",
            markup=False,
        )
    if current and not built and not result.errors and not result.failures:
        out.print(
            f"nothing to build: all {_count(current, 'bulletin')} in "
            f"{config.shown(config.dist_dir)}/ are "
            f"up to date",
            markup=False,
        )
    elif current:
        out.print(
            f"{_count(current, 'other bulletin')} {'was' if current == 1 else 'were'} up to date",
            markup=False,
        )
    _finish(result.problems)


class _BuildDisplay:
    """A progress bar on a terminal, one line per file written otherwise (CI logs, pipes)."""

    def __init__(self, config: Config):
        self.config = config
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> _BuildDisplay:
        if out.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=out,
                transient=True,
            )
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def start(self, progress) -> None:
        if self.bar:
            self.task = self.bar.add_task("building", total=progress.to_build)

    def artifact(self, artifact) -> None:
        note = "" if artifact.percent >= 100 else f" (translated {artifact.percent:.1f}%)"
        verb = "wrote" if artifact.written else "unchanged"
        line = f"{verb} {self.config.shown(artifact.path)}{note}"
        if self.bar is None:
            out.print(line, markup=False)
            return
        if artifact.written:
            self.bar.console.print(line, markup=False)
        if self.task is not None:
            self.bar.update(
                self.task, advance=1, description=f"{artifact.release} {artifact.language}"
            )


@app.command()
def site(
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            metavar="T",
            help="The time to render the site at, ISO 8601 (default: now; without an "
            "offset, in the configured time zone): embargoes end by it.",
            show_default=False,
        ),
    ] = None,
    jobs: JobsOption = None,
    project: ProjectOption = Path("."),
) -> None:
    """Render the public site into public/: the published releases, their feeds, sitemap and
    manifest."""
    from pressflow.core.workers import cores
    from pressflow.publish.site import render_site

    config = _config(project, writes=True)
    result = render_site(config, _workflow_time(config, now), jobs or cores())
    for note in result.notes:
        err.print(f"note: {note}", markup=False)
    if result.errors or result.failures:
        _finish(result.problems, epilogue=f"{config.shown(result.public)}/ left as it was")
    for release in result.releases:
        if release.status == "withdrawn":
            out.print(
                f"withdrawn {release.id}: a notice at {', '.join(release.notices)}", markup=False
            )
            continue
        withheld = (
            f"; withheld {', '.join(release.withheld)} (its translation is being updated)"
            if release.withheld
            else ""
        )
        out.print(
            f"published {release.id}: {', '.join(release.shown) or 'no language'}{withheld}",
            markup=False,
        )
    for release_id, embargo in result.embargoed:
        out.print(
            f"embargoed {release_id} until {embargo.isoformat()}: not on the site", markup=False
        )
    verb = "wrote" if result.replaced else "unchanged"
    out.print(
        f"{verb} {config.shown(result.public)}/: {_count(len(result.files), 'file')}", markup=False
    )


@app.command()
def digest(
    start: Annotated[
        str,
        typer.Option(
            "--from", metavar="DATE", help="The first release date, YYYY-MM-DD.", show_default=False
        ),
    ],
    end: Annotated[
        str,
        typer.Option(
            "--to", metavar="DATE", help="The last release date, YYYY-MM-DD.", show_default=False
        ),
    ],
    language: LanguageOption = None,
    title: Annotated[
        str,
        typer.Option(
            "--title", help="The digest's title (default: 'Digest of press releases', translated)."
        ),
    ] = "",
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            metavar="T",
            help="The time that decides which embargoes have ended, ISO 8601 (default: now).",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Put the releases published with a date in a period into one HTML file and one PDF per
    language, with a table of contents: dist/digest-<from>-<to>/."""
    from pressflow.publish.digest import write_digest

    config = _config(project, writes=True)
    first, last = _date("--from", start), _date("--to", end)
    if first > last:
        _finish([PressflowError(f"--from {first} is after --to {last}: swap them")])
    result = write_digest(
        config, first, last, _languages(config, language), _workflow_time(config, now), title
    )
    for release_id, embargo in result.embargoed:
        out.print(f"embargoed {release_id} until {embargo.isoformat()}: left out", markup=False)
    for lang, release_id in result.unavailable:
        out.print(f"not available in {lang}: {release_id}", markup=False)
    for written in result.files:
        verb = "wrote" if written.written else "unchanged"
        out.print(
            f"{verb} {config.shown(written.path)}: {_count(len(result.releases), 'release')}",
            markup=False,
        )
    _finish(result.problems)


def _date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _finish([PressflowError(f"{option} '{value}' is not a date: write it as YYYY-MM-DD")])


tm_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The translation memory: what translators already translated, in every release.",
)
app.add_typer(tm_app, name="tm")


@tm_app.command("export")
def tm_export(
    fmt: Annotated[str, typer.Option("--format", help="tmx (TMX 1.4, for CAT tools).")] = "tmx",
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="Where to write it.")
    ] = Path("memory.tmx"),
    language: Annotated[
        list[str] | None,
        typer.Option("--language", "-l", help="Only this target language (default: all)."),
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Export every translated message of the release catalogs as a TMX file."""
    from pressflow.catalog.tmx import export_tmx

    config = _config(project)
    if fmt != "tmx":
        _finish([PressflowError(f"unknown format '{fmt}': the memory exports as tmx")])
    languages = _languages(config, language) if language else []
    if config.source_language in languages:
        _finish(
            [
                PressflowError(
                    f"{config.source_language} is the source language: name a target language, one "
                    f"of {', '.join(config.target_languages)}"
                )
            ]
        )
    exported = export_tmx(config, output, languages)
    counts = ", ".join(f"{lang} {count}" for lang, count in exported.translations)
    verb = "wrote" if exported.written else "unchanged"
    out.print(
        f"{verb} {output}: {_count(exported.units, 'unit')} ({counts})"
        + (
            f", {_count(exported.skipped, 'text')} XML cannot carry left out"
            if exported.skipped
            else ""
        ),
        markup=False,
    )
    _finish(list(exported.problems))


@app.command()
def doctor() -> None:
    """Check this machine: Pango, HarfBuzz subsetting, fonts, gettext tools."""
    from pressflow.doctor import diagnose

    findings = diagnose()
    for finding in findings:
        mark = "ok  " if finding.ok else "FAIL" if finding.required else "warn"
        out.print(f"{mark} {finding.what}: {finding.detail}", markup=False)
    _finish([], found=not all(finding.ok or not finding.required for finding in findings))


def _version(value: bool) -> None:
    if value:
        out.print(f"pressflow {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    context: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Multilingual press releases: catalogs for translators, HTML and PDF bulletins."""
    context.call_on_close(_held_locks.close)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:  # the last guard: one line, never a traceback
        if os.environ.get("PRESSFLOW_DEBUG"):
            raise
        err.print(
            f"pressflow: internal error: {type(error).__name__}: {error} "
            f"(set PRESSFLOW_DEBUG=1 for details and report it)",
            markup=False,
        )
        sys.exit(1)
