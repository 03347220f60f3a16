"""The live preview's pages (`pressflow serve`): what each address of the preview shows, made from
the project's files as they are at the request, with the pipeline `build` and `check` use.

    /                         every release and its status: each language's counts, its approval
    /<id>/                    the release, its languages side by side, message by message: the
                              source with its line in release.md, each translation with its state
                              (untranslated and fuzzy highlighted), its line in the catalog and the
                              `check` findings at that line
    /<id>/<lang>.html         the bulletin, as `build` renders it (also `/<id>/<id>.<lang>.html`,
                              the name its language switcher links to)
    /<id>/<lang>.pdf          its PDF, printed on demand and kept in `.pressflow-cache/pdf/`
    /<id>/files/<path>        a file of the release's folder (its images)

Every other address is a 404, and no folder is ever listed. A file is served only when its real
path, symbolic links and `..` resolved, is inside the project: the rule of the PDF printer's URL
fetcher (`render/pdf.ProjectURLFetcher`). A bad input (a release, a catalog or the configuration
that cannot be read) is a page that names the file, the line and the problem, never a traceback; it
is made again at the next request, so the page recovers once the file is fixed.

Nothing here listens on a socket or watches files: `preview_server.py` does, and calls `respond`.
"""

from __future__ import annotations

import functools
import html
import logging
import mimetypes
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from jinja2 import TemplateError
from markupsafe import Markup

from pressflow.cache.artifacts import ArtifactStore
from pressflow.cache.store import Cache
from pressflow.catalog import po
from pressflow.catalog.po import MessageState
from pressflow.catalog.update import load_catalog
from pressflow.check.run import Finding, Severity, message_findings
from pressflow.core import languages
from pressflow.core.config import Config, load_config
from pressflow.core.errors import Failed, PressflowError, each_problem
from pressflow.core.model import CatalogStats, Message, Release
from pressflow.core.project import catalog_path, release_paths
from pressflow.core.resources import TEMPLATES_DIR
from pressflow.publish.status import ReleaseStatus, project_status
from pressflow.publish.workflow import ApprovalState
from pressflow.render.bulletin import language_bulletin
from pressflow.render.html import Renderer, data_url, language_name
from pressflow.render.printing import Printer
from pressflow.source.release import load_releases, read_release
from pressflow.source.segment import release_messages

log = logging.getLogger(__name__)

SCRIPT_PATH = "/_pressflow/preview.js"
EVENTS_PATH = "/_pressflow/events"
"""Where the pages' script listens for changes (server-sent events, `preview_server.py`)."""
SCRIPT_FILE = TEMPLATES_DIR / "preview.js"
UI_LANGUAGE = "en"
"""The preview's own words are the command line's: English. The texts it shows carry their
language."""
FILES = "files"
_BULLETIN = re.compile(
    r"(?:(?P<id>[^/]+)\.)?(?P<lang>[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*)\.(?P<fmt>html|pdf)"
)
_HTML = "text/html; charset=utf-8"
# The preview's own pages run only the preview's script, and load nothing from elsewhere.
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# A release's file is shown, never run: an SVG's script stays inert.
_FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()
    """What the page says could not be read or made (`path:line: message`), for the server's log."""


# -- what the pages show ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One message in one target language."""

    language: str
    state: MessageState
    text: str
    previous: str = ""
    """For a fuzzy entry, the source text its translation was made for (`#| msgid`)."""
    reference: str = ""
    """Where the entry is: `locales/kk/LC_MESSAGES/<id>.po:42`; empty when no file holds it."""
    note: str = ""
    """Where the text comes from when it is not the language's own catalog (a derived edition)."""
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Row:
    message: Message
    references: tuple[str, ...]
    """The message's lines in the release: `releases/<id>/release.md:18`."""
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    """One target language of a release."""

    language: str
    name: str
    """The language's name in itself (CLDR)."""
    catalog: str
    """The catalog's path in the project, as `check` names it."""
    stats: CatalogStats
    errors: int = 0
    warnings: int = 0
    exists: bool = True
    """False when the language has no catalog yet (every message untranslated)."""


@dataclass(frozen=True)
class ReleaseView:
    """A release's page: its languages side by side."""

    release: Release
    source_path: str
    """`releases/<id>/release.md`."""
    source_language: str
    source_name: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    unplaced: tuple[Finding, ...] = ()
    """Findings at no message of the release (an entry the release no longer has)."""
    problems: tuple[PressflowError, ...] = ()
    """What could not be read (a catalog, the glossary): shown above the messages."""


def release_view(config: Config, release: Release) -> ReleaseView:
    """The release's messages in every language of it, with the `check` findings of each entry."""
    messages = release_messages(release)
    keys = {message.key for message in messages}
    columns, cells_by_language, problems = [], [], []
    unplaced: list[Finding] = []
    for language in release.languages:
        if language == config.source_language:
            continue
        findings, unread = message_findings(config, release.id, language)
        problems.extend(each_problem(unread))
        unplaced.extend(
            finding for key, found in findings.items() if key not in keys for finding in found
        )
        try:
            cells, column = _language_cells(config, release, language, messages, findings)
        except PressflowError as error:
            problems.extend(each_problem([error]))
            continue
        columns.append(column)
        cells_by_language.append(cells)
    rows = tuple(
        Row(
            message,
            tuple(f"{config.shown(release.path)}:{line}" for line in message.lines),
            tuple(cells[index] for cells in cells_by_language),
        )
        for index, message in enumerate(messages)
    )
    # Each language's checks read the glossary: one problem of it, said once.
    problems = list({str(problem): problem for problem in problems}.values())
    return ReleaseView(
        release,
        str(config.shown(release.path)),
        config.source_language,
        language_name(config.source_language),
        tuple(columns),
        rows,
        tuple(unplaced),
        tuple(problems),
    )


def _language_cells(
    config: Config,
    release: Release,
    language: str,
    messages: Sequence[Message],
    findings: dict[tuple[str | None, str], list[Finding]],
) -> tuple[list[Cell], Column]:
    """Each message's cell in `language`, and the language's column (its counts and findings)."""
    catalog = load_catalog(config, release, language)
    own = catalog_path(config.locales_dir, release.id, language)
    base = languages.base_language(language)
    # A derived edition's entries are its base's, transliterated (catalog/editions.py), but where
    # its own catalog overrides them: each cell points at the file its text comes from.
    origin = catalog_path(config.locales_dir, release.id, base) if base else own
    overrides = _override_lines(config, own) if base else {}
    entries = {(entry.msgctxt, entry.msgid): entry for entry in po.live_entries(catalog)}
    cells = []
    for message in messages:
        entry = entries.get(message.key)
        state = po.entry_state(entry)
        if entry is None:
            cells.append(Cell(language, state, ""))
            continue
        if message.key in overrides:
            reference, note = f"{config.shown(own)}:{overrides[message.key]}", ""
        elif origin.is_file() and entry.linenum:
            reference = f"{config.shown(origin)}:{entry.linenum}"
            note = f"transliterated from {base}" if base else ""
        else:
            reference, note = "", ""
        cells.append(
            Cell(
                language,
                state,
                entry.msgstr,
                entry.previous_msgid or "" if state == MessageState.FUZZY else "",
                reference,
                note,
                tuple(findings.get(message.key, ())),
            )
        )
    shown = [finding for cell in cells for finding in cell.findings]
    column = Column(
        language,
        language_name(language),
        str(config.shown(own)),
        po.message_stats(messages, catalog),
        sum(finding.severity == Severity.ERROR for finding in shown),
        sum(finding.severity == Severity.WARNING for finding in shown),
        exists=own.is_file() or origin.is_file(),
    )
    return cells, column


def _override_lines(config: Config, path: Path) -> dict[tuple[str | None, str], int]:
    """The messages a derived edition's own catalog translates (and so overrides), by line."""
    if not path.is_file():
        return {}
    return {
        (entry.msgctxt, entry.msgid): entry.linenum
        for entry in po.live_entries(po.read_catalog(path, config.shown(path)))
        if entry.msgstr and not entry.fuzzy
    }


@dataclass(frozen=True)
class IndexEntry:
    id: str
    release: Release | None
    """None when the release cannot be read (its `problems` say why)."""
    status: ReleaseStatus | None
    problems: tuple[PressflowError, ...] = ()


def index_entries(config: Config, ids: Sequence[str]) -> tuple[list[IndexEntry], list[str]]:
    """Every release (those of `ids`, when named), read, with its status; and the project-wide
    problems (a glossary, a templates' catalog) that no release owns."""
    loaded = load_releases(config, ids)
    status = project_status(config, ids)
    statuses = {release.id: release for release in status.releases}
    releases = {release.id: release for release in loaded.releases}
    problems: dict[str, list[PressflowError]] = {}
    project_wide = []
    for problem in each_problem([*loaded.errors, *status.errors]):
        owner = _owner(config, problem)
        if owner is None:
            project_wide.append(str(problem))
        elif str(problem) not in map(str, problems.get(owner, [])):
            problems.setdefault(owner, []).append(problem)
    paths, _ = release_paths(config, ids)
    entries = [
        IndexEntry(
            path.parent.name,
            releases.get(path.parent.name),
            statuses.get(path.parent.name),
            tuple(problems.get(path.parent.name, ())),
        )
        for path in paths
    ]
    return entries, list(dict.fromkeys(project_wide))


def _owner(config: Config, problem: PressflowError) -> str | None:
    """The release a problem is in, by its path (`releases/<id>/…`, `locales/<lang>/…/<id>.po`)."""
    if problem.path is None:
        return None
    parts = problem.path.parts
    if len(parts) > 1 and parts[0] == config.releases_dir.name:
        return parts[1]
    if len(parts) == 4 and parts[0] == config.locales_dir.name and parts[3].endswith(".po"):
        return parts[3][: -len(".po")]
    return None


# -- addresses ------------------------------------------------------------------------------------


class Preview:
    """Answers the preview's requests for the project at `root` (those of the releases `ids` only,
    when named). Safe to call from many threads at once: each request reads the project again,
    and PDFs are printed one at a time."""

    def __init__(self, root: Path, ids: Sequence[str] = ()):
        self.root = root.resolve()
        self.ids = tuple(ids)
        self._printing = threading.Lock()

    def respond(self, path: str, live: str = "") -> Response:
        """The response to a GET of `path` (the URL's path, still %-encoded). `live`: the
        generation of the project's files the page is made from, for its script to reload it when
        they change (empty: a page that does not reload)."""
        try:
            config = load_config(self.root)
        except PressflowError as error:
            return self._problem(
                Config(self.root), live, "The configuration cannot be read", [error]
            )
        try:
            return self._route(config, path, live)
        except PressflowError as error:
            return self._problem(config, live, "This page cannot be shown", [error])
        except TemplateError as error:
            return self._problem(
                config, live, "A template cannot be used", [_template_problem(config, error)]
            )
        except Exception as error:  # a bug of ours: one line in the page, never a traceback
            log.debug("preview of %s failed", path, exc_info=True)
            failure = Failed(f"internal error: {type(error).__name__}: {error}")
            return self._problem(config, live, "This page cannot be shown", [failure])

    def script(self) -> Response:
        return Response(200, "text/javascript; charset=utf-8", _script(), _NO_STORE)

    def _route(self, config: Config, path: str, live: str) -> Response:
        parts = _segments(path)
        if parts is None:
            return self._not_found(config, live)
        if parts in ([], [""]):
            return self._index(config, live)
        release_id, rest = parts[0], parts[1:]
        if self.ids and release_id not in self.ids:
            return self._not_found(config, live)
        paths, missing = release_paths(config, [release_id])
        if missing:
            return self._not_found(config, live)
        if not rest:
            return Response(301, _HTML, b"", (("Location", f"/{quote(release_id)}/"),))
        if rest == [""]:
            release = read_release(paths[0], config)
            return self._page(
                config, "preview_release.html", live, view=release_view(config, release)
            )
        if rest[0] == FILES and len(rest) > 1:
            return self._file(config, paths[0].parent, rest[1:], live)
        match = _BULLETIN.fullmatch(rest[0]) if len(rest) == 1 else None
        if match is None or match["id"] not in (None, release_id):
            return self._not_found(config, live)
        release = read_release(paths[0], config)
        language = _language(match["lang"], release.languages)
        if language is None:
            return self._not_found(config, live)
        if match["fmt"] == "pdf":
            return self._pdf(config, release, language, live)
        return self._bulletin(config, release, language, live)

    # -- pages --------------------------------------------------------------------------------

    def _index(self, config: Config, live: str) -> Response:
        entries, problems = index_entries(config, self.ids)
        return self._page(
            config,
            "preview_index.html",
            live,
            entries=entries,
            targets=config.target_languages,
            project_problems=problems,
            approval_labels=_APPROVAL_LABELS,
        )

    def _bulletin(self, config: Config, release: Release, language: str, live: str) -> Response:
        page = _bulletin_html(config, release, language)
        if live:
            # The bulletin as `build` writes it, and the preview's script before </body>: it
            # reloads when the project changes.
            tag = _script_tag(live)
            at = page.rfind("</body>")
            page = page[:at] + tag + page[at:] if at >= 0 else page + tag
        return Response(200, _HTML, page.encode("utf-8"), _NO_STORE)

    def _pdf(self, config: Config, release: Release, language: str, live: str) -> Response:
        page = _bulletin_html(config, release, language)
        with self._printing:  # WeasyPrint and its fetcher serve one document at a time
            store = ArtifactStore(Cache(config))
            key = store.key(page, release.folder)
            pdf = store.get(key)
            if pdf is None:
                printed = Printer(config.root, config.pdf_variant).submit(page, release.folder)
                result = printed.result()
                if result.refused:
                    problems = [
                        Failed(f"left out of the PDF: {reason}", config.shown(release.path))
                        for reason in result.refused
                    ]
                    return self._problem(config, live, "The PDF cannot be printed", problems)
                pdf = result.pdf
                store.put(key, pdf, release.folder, result.read)
                store.cache.save()
        name = f"{release.id}.{language}.pdf"
        headers = (("Content-Disposition", f'inline; filename="{name}"'), *_NO_STORE)
        return Response(200, "application/pdf", pdf, headers)

    def _file(self, config: Config, folder: Path, parts: list[str], live: str) -> Response:
        """A file of a release's folder, when its real path is inside the project."""
        target = folder.joinpath(*parts).resolve()
        if not target.is_relative_to(config.root.resolve()) or not target.is_file():
            return self._not_found(config, live)
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        headers = (("Content-Security-Policy", _FILE_POLICY), *_NO_STORE)
        return Response(200, mime, target.read_bytes(), headers)

    def _not_found(self, config: Config, live: str) -> Response:
        page = self._page(config, "preview_problem.html", live, heading="Not found", problems=[])
        return Response(404, page.content_type, page.body, page.headers)

    def _problem(
        self, config: Config, live: str, heading: str, problems: Iterable[PressflowError]
    ) -> Response:
        """A page naming each problem at its file and line: the project's files cannot be shown as
        they are. Status 500: the request was fine, the files it needs are not."""
        problems = each_problem(problems)
        try:
            page = self._page(
                config, "preview_problem.html", live, heading=heading, problems=problems
            )
            body = page.body
        except Exception:  # the templates themselves are broken: the problems in plain HTML
            log.debug("the problem page failed", exc_info=True)
            body = _plain_problem(heading, problems, live).encode("utf-8")
        headers = (("Content-Security-Policy", _PAGE_POLICY), *_NO_STORE)
        return Response(500, _HTML, body, headers, tuple(map(str, problems)))

    def _page(self, config: Config, template: str, live: str, **context) -> Response:
        page = Renderer(config).page(
            template,
            UI_LANGUAGE,
            script=Markup(_script_tag(live)) if live else "",
            places=_places,
            **context,
        )
        headers = (("Content-Security-Policy", _PAGE_POLICY), *_NO_STORE)
        return Response(200, _HTML, page.encode("utf-8"), headers)


_NO_STORE = (("Cache-Control", "no-store"),)
_APPROVAL_LABELS = {
    ApprovalState.VALID: "approved",
    ApprovalState.LAPSED: "approval lapsed",
}


def _bulletin_html(config: Config, release: Release, language: str) -> str:
    """The bulletin as `build` renders it (the same HTML it prints)."""
    catalog = (
        None if language == config.source_language else load_catalog(config, release, language)
    )
    bulletin = language_bulletin(release, language, config.source_language, catalog, data_url)
    return Renderer(config).bulletin(bulletin, release.languages)


def _script_tag(live: str) -> str:
    return f'<script src="{SCRIPT_PATH}" data-generation="{html.escape(live)}" defer></script>\n'


def _segments(path: str) -> list[str] | None:
    """The decoded segments of a URL's path; None for one that could lead anywhere but down (an
    empty, `.` or `..` segment, a backslash, a NUL), whatever its encoding."""
    if not path.startswith("/"):
        return None
    try:
        parts = unquote(path, errors="strict")[1:].split("/")
    except UnicodeDecodeError:
        return None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if (part == "" and not last) or part in (".", "..") or "\\" in part or "\0" in part:
            return None
    return parts


def _language(code: str, wanted: Iterable[str]) -> str | None:
    """The release's language `code` names (`kk-Latn` or `kk_Latn`), if it has it."""
    try:
        code = languages.normalize(code)
    except languages.UnknownLanguage:
        return None
    return code if code in wanted else None


def _places(problem: PressflowError) -> tuple[str, str]:
    """A problem as (its place, its message), for the pages."""
    if problem.path is None:
        return "", problem.message
    place = f"{problem.path}:{problem.line}" if problem.line else str(problem.path)
    return place, problem.message


def _template_problem(config: Config, error: TemplateError) -> PressflowError:
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    path = config.shown(Path(name)) if name else None
    return PressflowError(f"{type(error).__name__}: {error.message or error}", path, line)


def _plain_problem(heading: str, problems: Sequence[PressflowError], live: str) -> str:
    items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in problems)
    script = _script_tag(live) if live else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(heading)}</title>{script}</head><body><main><h1>{html.escape(heading)}</h1><ul>{items}</ul></main>"
        f"</body></html>\n"
    )


@functools.cache
def _script() -> bytes:
    """The pages' script: a file of the package, read once."""
    return SCRIPT_FILE.read_bytes()
