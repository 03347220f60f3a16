"""Building bulletins: each release × language × format into `dist/<id>/`.

    release.md ─ read ─▶ Release ─ apply catalog ─▶ Bulletin ─ Jinja2 ─▶ HTML ─ WeasyPrint ─▶ PDF
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pressflow import pofile
from pressflow.catalogs import load_catalog, load_ui_catalog
from pressflow.config import Config
from pressflow.errors import PressflowError
from pressflow.fsutil import write_atomic
from pressflow.html import data_url, make_environment, render_bulletin
from pressflow.model import Release
from pressflow.project import load_releases
from pressflow.segment import release_messages
from pressflow.translate import make_bulletin

log = logging.getLogger(__name__)
FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Artifact:
    path: Path
    release: str
    language: str
    format: str
    percent: float
    written: bool
    """False when the file already held these bytes."""
    refused: tuple[str, ...] = ()
    """Resources the templates or the release asked for and were refused (outside the project)."""


@dataclass(frozen=True)
class BuildResult:
    artifacts: list[Artifact] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)
    """Unreadable or malformed inputs (exit code 2)."""
    failures: list[PressflowError] = field(default_factory=list)
    """Releases that could not be built for another reason (exit code 1)."""


def build(config: Config, ids: Sequence[str] = (), languages: Iterable[str] | None = None,
          formats: Iterable[str] = FORMATS, on_artifact: Callable[[Artifact], None] | None = None) -> BuildResult:
    loaded = load_releases(config, ids)
    result = BuildResult(errors=list(loaded.errors))
    wanted_languages = tuple(languages) if languages else config.languages
    formats = tuple(formats)
    env = make_environment(config)
    printer = _printer(config) if "pdf" in formats else None
    ui_catalogs: dict[str, object] = {}
    for release in loaded.releases:
        release_languages = [lang for lang in release.languages if lang in wanted_languages]
        try:
            catalogs = {lang: load_catalog(config, release, lang) for lang in release_languages
                        if lang != config.source_language}
            for lang in release_languages:
                if lang not in ui_catalogs:
                    ui_catalogs[lang] = pofile.gnu_translations(load_ui_catalog(config, lang))
        except PressflowError as error:
            result.errors.append(error)
            continue
        try:
            for artifact in _build_release(config, release, release_languages, catalogs, ui_catalogs,
                                           env, printer, formats):
                result.artifacts.append(artifact)
                result.failures.extend(
                    PressflowError(f"left out of {config.shown(artifact.path)}: {reason}", config.shown(release.path))
                    for reason in artifact.refused)
                if on_artifact:
                    on_artifact(artifact)
        except Exception as error:  # a renderer's failure must not stop the other releases
            log.debug("build of %s failed", release.id, exc_info=True)
            result.failures.append(PressflowError(f"could not build: {error}", config.shown(release.path)))
    return result


def _build_release(config: Config, release: Release, languages: list[str], catalogs, ui_catalogs,
                   env, printer, formats):
    messages = release_messages(release)
    out_dir = config.dist_dir / release.id
    for language in languages:
        catalog = catalogs.get(language)
        stats = pofile.message_stats(messages, catalog) if catalog is not None else None
        translations = pofile.translations(catalog) if catalog is not None else {}
        bulletin = make_bulletin(release, language, config.source_language, translations, stats, data_url)
        html = render_bulletin(env, bulletin, config, ui_catalogs[language], release.languages)
        percent = stats.percent if stats else 100.0
        if "html" in formats:
            path = out_dir / f"{release.id}.{language}.html"
            yield Artifact(path, release.id, language, "html", percent, write_atomic(path, html.encode("utf-8")))
        if "pdf" in formats:
            path = out_dir / f"{release.id}.{language}.pdf"
            data, refused = printer.print_pdf(html, release.folder)
            yield Artifact(path, release.id, language, "pdf", percent, write_atomic(path, data), tuple(refused))
    if release.image and "html" in formats:
        # The preview image (og:image) beside the bulletins that name it.
        image = release.folder / release.image
        write_atomic(out_dir / image.name, image.read_bytes())


def _printer(config: Config):
    # WeasyPrint takes about a second to import: only when a PDF is wanted.
    from pressflow.pdf import PdfPrinter

    return PdfPrinter(config.root, config.pdf_variant)
