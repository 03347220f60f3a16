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


def _examples(*lines: str) -> str:
    """A command's help epilog: its example command lines, kept as they are written (`\\b`)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


EXAMPLE_ID = "2023-03-17-observer-meetings"
"""The release of the example project, in the examples of the commands' help."""

app = typer.Typer(
    # --install-completion and --show-completion for bash, zsh, fish and PowerShell (Typer's own).
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Multilingual press releases: catalogs for translators, HTML and PDF bulletins.",
    epilog=_examples(
        'pressflow new "Minister Meets OSCE Observers" --date 2024-05-20',
        "pressflow update",
        "pressflow status",
        "pressflow build -l kk",
        "pressflow --install-completion",
    )
    + "\n\nEach command's --help shows its own examples.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _project_for_completion(context: typer.Context) -> Config | None:
    """The project a command line being completed works on (its `-C`, else the current folder)."""
    try:
        return load_config(find_project(Path(context.params.get("project") or ".")))
    except (PressflowError, OSError):
        return None


def _complete_release(context: typer.Context, incomplete: str) -> list[str]:
    """Release ids for the shell to complete: the folders of releases/ that hold a release."""
    # A completion runs at every Tab, into the user's prompt: it lists folders, and never fails.
    try:
        from pressflow.core.project import release_paths

        config = _project_for_completion(context)
        if config is None:
            return []
        ids = (path.parent.name for path in release_paths(config)[0])
        return [release_id for release_id in ids if release_id.startswith(incomplete)]
    except Exception:
        return []


def _complete_language(context: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The project's language codes, each with its name in itself (shown by zsh and fish)."""
    try:
        from pressflow.core.languages import parse

        config = _project_for_completion(context)
        if config is None:
            return []
        return [
            (code, parse(code).name)
            for code in config.languages
            if code.lower().startswith(incomplete.lower().replace("-", "_"))
        ]
    except Exception:
        return []


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
    typer.Argument(
        help="Release ids; all releases when none.",
        show_default=False,
        autocompletion=_complete_release,
    ),
]
LanguageOption = Annotated[
    list[str] | None,
    typer.Option("--language", "-l", help="Only this language.", autocompletion=_complete_language),
]
OneLanguageOption = Annotated[
    str,
    typer.Option(
        "--language",
        "-l",
        metavar="LANG",
        help="The language.",
        show_default=False,
        autocompletion=_complete_language,
    ),
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
    from pressflow.api import project_languages

    try:
        return project_languages(config, requested)
    except PressflowError as error:
        _finish([error])


@app.command(
    epilog=_examples(
        'pressflow init press-office --organization "Ministry of Foreign Affairs"',
    )
)
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


@app.command(
    epilog=_examples(
        'pressflow new "Minister Meets OSCE Observers" --date 2024-05-20',
        'pressflow new "Брифинг" --id 2024-05-21-briefing',
    )
)
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


@app.command(
    epilog=_examples(
        "pressflow extract",
        f"pressflow extract {EXAMPLE_ID}",
    )
)
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


@app.command(
    epilog=_examples(
        "pressflow update",
        f"pressflow update {EXAMPLE_ID} -l kk",
        "pressflow update --check",
    )
)
def update(
    ids: IdsArgument = None,
    language: LanguageOption = None,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing: list the templates and catalogs an update would change, and exit "
            "1 when there is one (for pre-commit and CI).",
        ),
    ] = False,
    project: ProjectOption = Path("."),
) -> None:
    """Extract, then merge the templates into every language's catalog (like msgmerge)."""
    from pressflow.catalog.update import update_project

    config = _config(project, writes=not check_only)
    result = update_project(config, ids or (), _languages(config, language), check_only=check_only)
    if check_only:
        for write in result.changes:
            out.print(f"would {write.outcome[:-1]} {config.shown(write.path)}", markup=False)
        if result.changes:
            _finish(
                result.problems,
                found=True,
                epilogue=f"{_count(len(result.changes), 'file')} out of date: run pressflow update",
            )
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


@app.command(
    epilog=_examples(
        "pressflow status",
        "pressflow status --fail-under 100 --json",
    )
)
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
    _print_status_table(report)
    for release in report.releases:
        if release.unpublished:
            out.print(f"{release.id}: {unpublished_note(release.revision)}", markup=False)
        for language in release.languages:
            if note := _out_of_date(release, language):
                out.print(f"{release.id} {language}{note}", markup=False)


_LANGUAGE_COLUMNS = (
    "lang",
    "translated",
    "fuzzy",
    "untranslated",
    "percent",
    "words left",
    "approval",
    "published",
)
_LEFT = ("release", "state", "lang", "approval", "published")
_DROPPED_FIRST = ("untranslated", "words left", "published", "approval", "fuzzy")
"""The columns a narrow terminal leaves out, first to last: what another column says in part
(untranslated = total - translated - fuzzy), then what `status --json` or a wider terminal shows."""


def _language_cells(release) -> list[dict[str, str]]:
    """Each target language of a release as the cells of a status row, by column."""
    rows = []
    for language, stats in release.languages.items():
        revision = release.published_revision(language)
        rows.append(
            {
                "lang": language,
                "translated": f"{stats.translated}/{stats.total}",
                "fuzzy": str(stats.fuzzy),
                "untranslated": str(stats.untranslated),
                "percent": f"{stats.percent:.1f}%",
                "words left": str(stats.words_left),
                "approval": str(release.approvals.get(language, "")),
                "published": "-" if revision is None else f"revision {revision}",
            }
        )
    return rows


def _status_table(columns: Iterable[str], rows: Iterable[dict[str, str]], widths=None) -> Table:
    """A status table of these columns; no cell wraps or is cut (a narrow terminal drops columns
    instead, `_print_status_table`). `widths`: each column's width, for tables printed one under
    another to line up."""
    columns = tuple(columns)
    table = Table(box=None, pad_edge=False)
    for column in columns:
        table.add_column(
            column,
            justify="left" if column in _LEFT else "right",
            no_wrap=True,
            min_width=(widths or {}).get(column),
        )
    for row in rows:
        table.add_row(*(row.get(column, "") for column in columns))
    return table


def _print_status_table(report) -> None:
    """One row per release and language when the terminal is wide enough; else each release on a
    line of its own above its languages, and as many columns as fit, so that no id, count or
    percentage is ever cut to "…"."""
    from rich.cells import cell_len
    from rich.padding import Padding

    cells = {release.id: _language_cells(release) for release in report.releases}
    wide_rows = [
        {"release": release.id, "state": str(release.state), **row}
        for release in report.releases
        for row in cells[release.id] or [{"lang": "-"}]
    ]
    wide = _status_table(("release", "state", *_LANGUAGE_COLUMNS), wide_rows)
    unbounded = out.options.update_width(10_000)  # the table's own width, not the terminal's
    if out.measure(wide, options=unbounded).maximum <= out.width:
        out.print(wide)
        return
    rows = [row for release_rows in cells.values() for row in release_rows]
    widths = {
        column: max([cell_len(column), *(cell_len(row[column]) for row in rows)])
        for column in _LANGUAGE_COLUMNS
    }
    indent = 2
    columns = list(_LANGUAGE_COLUMNS)
    for dropped in _DROPPED_FIRST:
        if sum(widths[column] + 2 for column in columns) - 2 + indent <= out.width:
            break
        columns.remove(dropped)
    for release in report.releases:
        # Wrapped at the terminal's width (a long id folds, never cut), unlike the plain lines.
        heading = f"{release.id}: {release.state}, revision {release.revision}"
        out.print(heading, markup=False, soft_wrap=False, overflow="fold")
        if cells[release.id]:
            table = _status_table(columns, cells[release.id], widths)
            out.print(Padding(table, (0, 0, 0, indent), expand=False))


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
    str,
    typer.Argument(
        metavar="ID", help="The release id.", show_default=False, autocompletion=_complete_release
    ),
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
    from pressflow.api import project_time

    try:
        return project_time(config, None if value is None else dt.datetime.fromisoformat(value))
    except ValueError:
        _finish(
            [
                PressflowError(
                    f"--now '{value}' is not an ISO 8601 time: write it as 2023-03-17T10:00 "
                    f"or 2023-03-17T10:00+05:00"
                )
            ]
        )


def _complete_state(incomplete: str) -> list[str]:
    return [state for state in _MARKABLE if state.startswith(incomplete)]


_MARKABLE = ("translation", "review", "approved", "withdrawn")
"""The states `mark` moves a release to (`publish` alone moves it to published)."""


@app.command(
    epilog=_examples(
        f"pressflow mark {EXAMPLE_ID} translation",
        f'pressflow mark {EXAMPLE_ID} approved --by "Aigerim Nurlanovna"',
    )
)
def mark(
    release_id: ReleaseArgument,
    state: Annotated[
        str,
        typer.Argument(
            metavar="STATE",
            help="translation, review, approved or withdrawn.",
            show_default=False,
            autocompletion=_complete_state,
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


@app.command(epilog=_examples(f'pressflow approve {EXAMPLE_ID} -l kk --by "Aigerim Nurlanovna"'))
def approve(
    release_id: ReleaseArgument,
    language: OneLanguageOption,
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


@app.command(
    epilog=_examples(
        f"pressflow proof {EXAMPLE_ID} -l kk",
    )
)
def proof(
    release_id: ReleaseArgument,
    language: OneLanguageOption,
    project: ProjectOption = Path("."),
) -> None:
    """Print a reviewer's proof of one language: source and translation side by side, check
    findings under each message, and on the cover the digest that approve records."""
    from pressflow.catalog.po import MessageState as State
    from pressflow.publish.review import write_proof

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


@app.command(
    epilog=_examples(
        "pressflow publish",
        f"pressflow publish {EXAMPLE_ID} --require-all",
    )
)
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
    _finish(report.problems, found=report.found)


@app.command(
    epilog=_examples(
        "pressflow check -l kk",
        "pressflow check --format github",
    )
)
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


@app.command(
    epilog=_examples(
        "pressflow build",
        f"pressflow build {EXAMPLE_ID} -l ru -f pdf --force",
    )
)
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
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="I/N",
            help="Build only the I-th of N parts of the releases (one per CI job of a matrix).",
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            metavar="DIR",
            help="Copy bulletins made before from DIR instead of building them; keep every "
            "bulletin built there.",
        ),
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Build the HTML and PDF bulletins into dist/<id>/ (only those whose inputs changed)."""
    from pressflow.core.workers import cores
    from pressflow.render.build import build as build_bulletins
    from pressflow.render.build import chosen_formats
    from pressflow.render.shard import Shard

    config = _config(project, writes=True)
    languages = _languages(config, language)
    try:
        formats = chosen_formats(fmt)
        part = Shard.parse(shard) if shard is not None else None
    except PressflowError as error:
        _finish([error])
    with _BuildDisplay(config) as display:
        result = build_bulletins(
            config,
            ids or (),
            languages,
            formats,
            jobs=jobs or cores(),
            force=force,
            shard=part,
            cache_dir=cache.absolute() if cache is not None else None,
            on_start=display.start,
            on_artifact=display.artifact,
        )
    if part is not None:
        out.print(
            f"shard {part}: {result.releases} of {_count(result.of, 'release')}", markup=False
        )
    built, current = len(result.built), len(result.artifacts) - len(result.built)
    if display.bar and built:
        changed = sum(artifact.written for artifact in result.built)
        copied = sum(artifact.cached for artifact in result.built)
        out.print(
            f"built {_count(built, 'bulletin')} in {config.shown(config.dist_dir)}/: {changed} "
            "changed, "
            f"{built - changed} the same as before"
            + (f"; {copied} copied from {cache}" if copied else ""),
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
            self.bar = _progress_bar()
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def start(self, progress) -> None:
        if self.bar:
            self.task = self.bar.add_task("building", total=progress.to_build, current="")

    def artifact(self, artifact) -> None:
        note = "" if artifact.percent >= 100 else f" (translated {artifact.percent:.1f}%)"
        verb = "unchanged" if not artifact.written else "copied" if artifact.cached else "wrote"
        line = f"{verb} {self.config.shown(artifact.path)}{note}"
        if self.bar is None:
            out.print(line, markup=False)
            return
        if artifact.written:
            self.bar.console.print(line, markup=False)
        if self.task is not None:
            self.bar.update(self.task, advance=1, current=f"{artifact.release} {artifact.language}")


def _progress_bar() -> Progress:
    """The build's progress bar, with the bulletin just built on a line of its own under it: a long
    release id is shown whole and leaves the bar its width."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class LabelledProgress(Progress):  # Rich's way to add lines: its get_renderables
        def get_renderables(self):
            yield self.make_tasks_table(self.tasks)
            for task in self.tasks:
                if task.fields.get("current"):
                    yield Text(task.fields["current"], overflow="fold")

    return LabelledProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=out,
        transient=True,
    )


@app.command(
    epilog=_examples(
        "pressflow site",
        "pressflow site --now 2024-05-20T10:00",
    )
)
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


@app.command(
    epilog=_examples(
        "pressflow serve",
        f"pressflow serve {EXAMPLE_ID} --port 8080",
    )
)
def serve(
    ids: IdsArgument = None,
    port: Annotated[
        int,
        typer.Option("--port", "-p", min=0, max=65535, help="The port to listen on (0: any free)."),
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="The address to listen on; anything but a loopback address lets other machines "
            "read the unpublished releases.",
        ),
    ] = "127.0.0.1",
    project: ProjectOption = Path("."),
) -> None:
    """Preview the bulletins and the translations in a browser, reloaded as files change."""
    from pressflow.core.project import release_paths
    from pressflow.publish.preview_server import PreviewServer

    config = _config(project)
    _, missing = release_paths(config, ids or ())
    if missing:
        _finish(missing)
    try:
        server = PreviewServer(
            config.root, ids or (), host, port, on_event=lambda line: err.print(line, markup=False)
        )
    except PressflowError as error:
        _finish([error])
    url = server.url + (f"{ids[0]}/" if ids and len(ids) == 1 else "")
    if not server.loopback:
        err.print(
            f"note: listening on {server.host}: whoever reaches this machine can read every "
            "release, embargoed or not",
            markup=False,
        )
    out.print(f"previewing {config.root} at {url} (Ctrl+C stops)", markup=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    out.print("stopped", markup=False)
    _finish([])


@app.command(
    epilog=_examples(
        "pressflow digest --from 2023-03-17 --to 2023-03-20",
        'pressflow digest --from 2023-03-01 --to 2023-03-31 -l kk --title "March 2023"',
    )
)
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


@tm_app.command(
    "export",
    epilog=_examples("pressflow tm export", "pressflow tm export -l kk -o memory-kk.tmx"),
)
def tm_export(
    fmt: Annotated[str, typer.Option("--format", help="tmx (TMX 1.4, for CAT tools).")] = "tmx",
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="Where to write it.")
    ] = Path("memory.tmx"),
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            "-l",
            help="Only this target language (default: all).",
            autocompletion=_complete_language,
        ),
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


@app.command(
    epilog=_examples(
        "pressflow doctor",
    )
)
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
