"""pressflow as a library: the commands' operations, with signatures that stay stable while the
modules under them change (`import pressflow`; README, "Python API").

Each operation takes a project (a `Config` from `load_project`, or a folder in it) and returns the
result object of the library function it wraps, which lists its `problems` as the command line
prints them; `exit_code(result)` is the code the command would exit with. Only `load_project` and an
argument the project does not know (a language, a format) raise `PressflowError`. Operations that
write hold the project's lock, as the commands do, so a library call and a command never undo each
other's work.

Each wrapper imports what it wraps when it is called: `import pressflow` stays as light as the
command line's start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pressflow.core import errors
from pressflow.core.config import Config, find_project, load_config
from pressflow.core.errors import PressflowError

if TYPE_CHECKING:
    from pressflow.catalog.update import UpdateResult
    from pressflow.check.run import CheckReport
    from pressflow.publish.decisions import PublishReport
    from pressflow.publish.site import SiteResult
    from pressflow.publish.status import StatusReport
    from pressflow.render.build import BuildResult

Project = Config | str | os.PathLike[str]
"""A project's configuration, or a folder in the project (its nearest `pressflow.toml` at or
above names it)."""


def load_project(path: str | os.PathLike[str] = ".") -> Config:
    """The configuration of the project `path` is in, read and validated. Raises `PressflowError`
    (with the file and line) when there is no project there or above, or its settings are wrong."""
    return load_config(find_project(Path(path)))


def update(
    project: Project,
    ids: Sequence[str] = (),
    *,
    languages: Sequence[str] | None = None,
    check_only: bool = False,
) -> UpdateResult:
    """`pressflow update`: the releases' templates extracted and merged into every language's
    catalog (all releases when `ids` is empty, all languages when `languages` is None).
    `check_only`: write nothing; the result's `changes` are what an update would change."""
    from pressflow.catalog.update import update_project

    config = _config(project)
    chosen = project_languages(config, languages)
    with _writing(config, not check_only):
        return update_project(config, ids, chosen, check_only=check_only)


def status(project: Project, ids: Sequence[str] = ()) -> StatusReport:
    """`pressflow status`: each release's counts per language and its place in the workflow."""
    from pressflow.publish.status import project_status

    return project_status(_config(project), ids)


def check(
    project: Project, ids: Sequence[str] = (), *, languages: Sequence[str] | None = None
) -> CheckReport:
    """`pressflow check`: every check over the catalogs and sources; `findings`, each an error or a
    warning."""
    from pressflow.check.run import check_project

    config = _config(project)
    return check_project(config, ids, project_languages(config, languages) if languages else ())


def build(
    project: Project,
    ids: Sequence[str] = (),
    *,
    languages: Sequence[str] | None = None,
    formats: Sequence[str] = ("html", "pdf"),
    jobs: int | None = None,
    force: bool = False,
) -> BuildResult:
    """`pressflow build`: the bulletins whose inputs changed (all with `force`) into `dist/<id>/`;
    PDFs printed by `jobs` processes (default: one per core)."""
    from pressflow.core.workers import cores
    from pressflow.render.build import build as build_bulletins
    from pressflow.render.build import chosen_formats

    config = _config(project)
    chosen = project_languages(config, languages)
    formats = chosen_formats(formats)
    with _writing(config):
        return build_bulletins(config, ids, chosen, formats, jobs=jobs or cores(), force=force)


def publish(
    project: Project,
    ids: Sequence[str] = (),
    *,
    at: dt.datetime | None = None,
    by: str = "",
    require_all: bool = False,
) -> PublishReport:
    """`pressflow publish`: the publication of approved releases recorded `at` a time (default:
    now; a naive time is in the project's time zone)."""
    from pressflow.publish.decisions import publish as publish_releases

    config = _config(project)
    with _writing(config):
        return publish_releases(
            config, ids, at=project_time(config, at), by=by, require_all=require_all
        )


def render_site(
    project: Project, *, now: dt.datetime | None = None, jobs: int | None = None
) -> SiteResult:
    """`pressflow site`: `public/` rendered from what was published, as it stands at `now` (default:
    the clock), embargoes ended by it."""
    from pressflow.core.workers import cores
    from pressflow.publish.site import render_site as render

    config = _config(project)
    with _writing(config):
        return render(config, project_time(config, now), jobs or cores())


def exit_code(result: object) -> int:
    """The code the command that made `result` exits with: 2 when an input was unreadable or
    malformed, 1 when it found errors (a check error, an out-of-date catalog with `check_only`, a
    language withheld with `require_all`) or turned a request down, else 0."""
    found = False
    # A result's class was imported when the result was made: looked up, never imported here.
    if (run := sys.modules.get("pressflow.check.run")) and isinstance(result, run.CheckReport):
        found = result.errors_found > 0
    elif (made := sys.modules.get("pressflow.catalog.update")) and isinstance(
        result, made.UpdateResult
    ):
        found = result.check_only and bool(result.changes)
    elif (decided := sys.modules.get("pressflow.publish.decisions")) and isinstance(
        result, decided.PublishReport
    ):
        found = result.found
    return errors.exit_code(getattr(result, "problems", ()), found)


def project_languages(config: Config, requested: Sequence[str] | None) -> list[str]:
    """The project's codes of the languages asked for (a BCP 47 tag `kk-Latn` or the gettext
    spelling `kk_Latn`), all of the project's when None. Raises `PressflowError` for a language
    the project does not have."""
    from pressflow.core.languages import UnknownLanguage, normalize

    codes = []
    for language in requested or ():
        try:
            codes.append(normalize(language))
        except UnknownLanguage:
            codes.append(language)
    if unknown := [code for code in codes if code not in config.languages]:
        raise PressflowError(
            f"unknown language {', '.join(unknown)}: the project's languages are "
            f"{', '.join(config.languages)}"
        )
    return codes or list(config.languages)


def project_time(config: Config, moment: dt.datetime | None) -> dt.datetime:
    """A time to record: `moment` (a naive one in the project's time zone), else now to the
    second."""
    if moment is None:
        return dt.datetime.now(config.tz).replace(microsecond=0)
    return moment if moment.tzinfo else moment.replace(tzinfo=config.tz)


def _config(project: Project) -> Config:
    return project if isinstance(project, Config) else load_project(project)


@contextlib.contextmanager
def _writing(config: Config, writes: bool = True) -> Iterator[None]:
    """The project's lock while an operation writes (a second writer waits for the first)."""
    if not writes:
        yield
        return
    from pressflow.core.lock import project_lock

    with project_lock(config.root):
        yield
