"""`digest`: the releases published in a period, in one HTML file and one PDF per language.

    dist/digest-<from>-<to>/digest-<from>-<to>.<lang>.html
    dist/digest-<from>-<to>/digest-<from>-<to>.<lang>.pdf

A digest shows what the public site shows (`site.place_releases`): each release as it was
published (its snapshot), in the languages published at its current revision, and nothing under
embargo at `now` nor withdrawn. A release belongs to the period by its date. In each language the
digest has a table of contents (in the PDF with page numbers and bookmarks), then each release with
its headline and its own dateline; a release not published in that language is listed in the
contents as not available in it. The same repository and `now` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pressflow.core.atomic import write_atomic
from pressflow.core.config import Config
from pressflow.core.errors import Failed, PressflowError, Refused
from pressflow.core.model import Release
from pressflow.publish.site import Placement, Standing, place_releases, published_catalog
from pressflow.render.bulletin import Bulletin, language_bulletin
from pressflow.render.html import (
    LanguageLink,
    Renderer,
    data_url,
    date_range,
    language_name,
    long_date,
)
from pressflow.render.printing import Printer

DIGEST_TEMPLATE = "digest.html"
DIGEST_STYLESHEETS = ("bulletin.css", "digest.css")


@dataclass(frozen=True)
class DigestItem:
    """One release of the period in one language's digest."""

    release: Release
    bulletin: Bulletin | None
    """None: the release is not published in this language."""
    date: str
    """The release's date in the digest's language."""
    body_html: Markup = Markup()
    """Its body, its headings one level down (under the release's own headline)."""

    @property
    def anchor(self) -> str:
        return f"release-{self.release.id}"


@dataclass(frozen=True)
class DigestFile:
    path: Path
    language: str
    format: str
    written: bool
    """False when the file held these bytes already."""


@dataclass(frozen=True)
class DigestResult:
    folder: Path
    releases: tuple[str, ...] = ()
    """The releases of the period in the digest, oldest first."""
    unavailable: tuple[tuple[str, str], ...] = ()
    """(language, release id): listed in that language's digest as not available in it."""
    embargoed: tuple[tuple[str, dt.datetime], ...] = ()
    """Releases under embargo at `now`, left out: (id, end of the embargo)."""
    files: tuple[DigestFile, ...] = ()
    problems: tuple[PressflowError, ...] = ()


def digest_name(start: dt.date, end: dt.date) -> str:
    return f"digest-{start.isoformat()}-{end.isoformat()}"


def write_digest(
    config: Config,
    start: dt.date,
    end: dt.date,
    languages: Sequence[str],
    now: dt.datetime,
    title: str = "",
) -> DigestResult:
    """Write the digest of the releases published with a date from `start` to `end` (both
    included), as the site shows them at `now`, in each of `languages`."""
    name = digest_name(start, end)
    folder = config.dist_dir / name
    placements, embargoed, errors = place_releases(config, now)
    if errors:
        return DigestResult(folder, embargoed=embargoed, problems=tuple(errors))
    chosen = sorted(
        (
            placement
            for placement in placements
            if start <= placement.release.date <= end
            and placement.languages(Standing.PUBLISHED)
            and not placement.withdrawn
        ),
        key=lambda placement: (placement.release.date, placement.id),
    )
    if not chosen:
        period = f"from {start.isoformat()} to {end.isoformat()}"
        return DigestResult(
            folder,
            embargoed=embargoed,
            problems=(
                Refused(
                    f"no release published with a date {period}: nothing to put in a digest "
                    f"(pressflow status shows what is published)"
                ),
            ),
        )
    renderer = Renderer(config)
    links = [
        LanguageLink(code, language_name(code), f"{name}.{code}.html", f"{name}.{code}.html")
        for code in languages
    ]
    files: list[DigestFile] = []
    problems: list[PressflowError] = []
    unavailable = []
    printer = Printer(config.root, config.pdf_variant)
    try:
        for language in languages:
            try:
                items = [_item(config, placement, language) for placement in chosen]
            except PressflowError as error:
                problems.append(error)
                continue
            unavailable += [(language, item.release.id) for item in items if not item.bulletin]
            context = {
                "items": items,
                "title": title,
                "period": date_range(start, end, language),
                "languages": links,
                "source_language": config.source_language,
            }
            html = renderer.document(
                DIGEST_TEMPLATE, language, DIGEST_STYLESHEETS, for_print=False, **context
            )
            target = folder / f"{name}.{language}.html"
            files.append(DigestFile(target, language, "html", write_atomic(target, html.encode())))
            printable = renderer.document(
                DIGEST_TEMPLATE, language, DIGEST_STYLESHEETS, for_print=True, **context
            )
            printed = printer.submit(printable, config.root).result()
            if printed.refused:
                problems += [
                    Failed(f"left out of the {language} digest: {reason}")
                    for reason in printed.refused
                ]
                continue
            target = folder / f"{name}.{language}.pdf"
            files.append(DigestFile(target, language, "pdf", write_atomic(target, printed.pdf)))
    finally:
        printer.close()
    return DigestResult(
        folder,
        tuple(placement.id for placement in chosen),
        tuple(unavailable),
        embargoed,
        tuple(files),
        tuple(problems),
    )


def _item(config: Config, placement: Placement, language: str) -> DigestItem:
    release = placement.release
    date = long_date(release.date, language, config)
    if language not in placement.languages(Standing.PUBLISHED):
        return DigestItem(release, None, date)
    catalog = published_catalog(config, placement, language)
    bulletin = language_bulletin(release, language, config.source_language, catalog, data_url)
    return DigestItem(release, bulletin, date, Markup(demote_headings(bulletin.body_html)))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def demote_headings(html: str, levels: int = 1) -> str:
    """A release's body with its headings `levels` lower (h2 → h3), at most h6: in a digest they
    stand under the release's own headline. The body is the Markdown renderer's HTML, in which raw
    HTML never passes (a `<h2` of the text is `&lt;h2`): every `<h` is one of its tags."""
    return _HEADING_TAG.sub(lambda match: f"<{match[1]}h{min(6, int(match[2]) + levels)}", html)
