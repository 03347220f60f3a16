"""The public site: `public/` rendered from the releases, their catalogs, their workflow records
and the time (docs/design.md, "The public site").

    workflow.yaml ─ place ─▶ Placement: each language published, withheld or withdrawn
                             (a release never published, or under embargo at `now`, is left out)
        ─ render ─▶ bulletins (HTML, PDF, ninjs), notices, archives, feeds, language chooser,
                    sitemap, manifest, all written into `public.new-XXXXXXXX/` beside `public/`
        ─ swap ─▶ `public/` replaced in one step (fsutil.replace_tree)

    public/index.html                       the language chooser
    public/<lang>/index.html                the language's archive, newest first
    public/<lang>/feed.xml                  its Atom feed
    public/<lang>/<id>/index.html           the bulletin (or a notice: withheld, withdrawn)
    public/<lang>/<id>/<id>.pdf             its PDF
    public/<lang>/<id>/<id>.ninjs.json      its IPTC ninjs 2.2 news item
    public/<lang>/<id>/<image>              the images it shows
    public/sitemap.xml                      with `base_url` only: a sitemap needs absolute URLs
    public/manifest.json                    every file (size, sha256) and every release shown

A pure function of the repository and `now`: no clock enters a file (times come from the
workflow records; `now` only decides which embargoes have passed), so CI renders the same site
on a clean clone, and a run with nothing changed leaves `public/` as it was, byte for byte.
All or nothing: when any release cannot be read or rendered, `public/` is left as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from pressflow.cache.artifacts import ArtifactStore
from pressflow.cache.store import Cache
from pressflow.catalog import po as pofile
from pressflow.catalog.update import load_catalog
from pressflow.core.atomic import replace_tree
from pressflow.core.config import Config
from pressflow.core.errors import Failed, InputErrors, PressflowError, raise_collected
from pressflow.core.model import RELEASE_FILE, Release
from pressflow.core.project import catalog_path, release_paths
from pressflow.publish.feeds import (
    Feed,
    NewsItem,
    SitemapUrl,
    Version,
    atom_feed,
    moment,
    ninjs,
    ninjs_notice,
    sitemap_xml,
    tag_uri,
)
from pressflow.publish.snapshot import (
    Snapshot,
    snapshot_problems,
    unpublished_languages,
    unpublished_note,
)
from pressflow.publish.workflow import (
    WORKFLOW_FILE,
    Publication,
    State,
    WorkflowRecord,
    read_record,
)
from pressflow.render.bulletin import Bulletin, language_bulletin
from pressflow.render.fonts import site_pages, web_fonts
from pressflow.render.html import LanguageLink, Renderer, language_name, site_url
from pressflow.render.printing import Printed, Printer
from pressflow.source.release import read_release

log = logging.getLogger(__name__)
PUBLIC_DIR = "public"
STAGING_PREFIX = f"{PUBLIC_DIR}.new-"
INDEX, FEED, SITEMAP, MANIFEST = "index.html", "feed.xml", "sitemap.xml", "manifest.json"
PRINT_BATCH = 50
"""Releases whose pages wait for their PDFs at once."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""The `updated` of a feed that never had an entry: a fixed time rather than the clock's."""


class Standing(StrEnum):
    """What the site shows of one language of a release that was published in it."""

    PUBLISHED = "published"
    """Current: its page, PDF and ninjs, listed in its archive, feed and the sitemap."""
    WITHHELD = "withheld"
    """Published at an older revision than the release's: a notice at its address (its translation
    is being updated), in no index, until it is published again."""
    WITHDRAWN = "withdrawn"
    """The release was withdrawn: a notice at its address, in no index."""


@dataclass(frozen=True)
class Placement:
    """A release that was published and is not under embargo, and what the site does with each
    language."""

    release: Release
    """The release as published (its snapshot), or as it is for a record made before pressflow kept
    one."""
    record: WorkflowRecord
    standing: Mapping[str, Standing]
    """Every language it was published in, in the release's order."""
    catalogs: Mapping[str, Path] = field(default_factory=dict)
    """The catalog file of each target language shown: as published."""

    @property
    def id(self) -> str:
        return self.release.id

    def languages(self, standing: Standing) -> tuple[str, ...]:
        return tuple(lang for lang, value in self.standing.items() if value is standing)

    @property
    def withdrawn(self) -> bool:
        return Standing.WITHDRAWN in self.standing.values()


@dataclass(frozen=True)
class ReleaseOnSite:
    id: str
    status: str
    """'published' or 'withdrawn'."""
    shown: tuple[str, ...]
    withheld: tuple[str, ...]
    notices: tuple[str, ...]
    """Languages whose address holds a notice: withheld ones, or all of a withdrawn release."""


@dataclass(frozen=True)
class SiteResult:
    public: Path
    files: tuple[str, ...] = ()
    """Every file of the rendered tree, relative to `public/`, sorted."""
    releases: tuple[ReleaseOnSite, ...] = ()
    embargoed: tuple[tuple[str, dt.datetime], ...] = ()
    """Releases left out because their embargo has not passed: (id, end of the embargo)."""
    replaced: bool = False
    """Whether `public/` was replaced: False when the new tree equals the old one, or on any
    error."""
    notes: tuple[str, ...] = ()
    errors: tuple[PressflowError, ...] = ()
    """Unreadable or malformed inputs (exit code 2): `public/` was left as it was."""
    failures: tuple[PressflowError, ...] = ()
    """Releases that could not be rendered for another reason (exit code 1): `public/` was left as
    it was."""

    @property
    def problems(self) -> tuple[PressflowError, ...]:
        return (*self.errors, *self.failures)

    @property
    def rendered(self) -> tuple[ReleaseOnSite, ...]:
        return tuple(release for release in self.releases if release.shown)

    @property
    def withheld(self) -> tuple[tuple[str, str], ...]:
        return tuple((release.id, lang) for release in self.releases for lang in release.withheld)

    @property
    def withdrawn(self) -> tuple[str, ...]:
        return tuple(
            release.id for release in self.releases if release.status == Standing.WITHDRAWN
        )


def render_site(config: Config, now: dt.datetime, jobs: int = 1) -> SiteResult:
    """Render `public/` as it stands at `now`, and swap it in unless something failed."""
    public = config.root / PUBLIC_DIR
    placements, embargoed, errors = place_releases(config, now)
    notes = tuple(_notes(config, placements))
    summary = tuple(_on_site(placement) for placement in placements)
    if errors:
        return SiteResult(
            public, releases=summary, embargoed=embargoed, notes=notes, errors=tuple(errors)
        )
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=config.root))
    try:
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server
        writer = _SiteWriter(config, staging, jobs)
        try:
            writer.render(placements)
        finally:
            writer.close()
        if writer.errors or writer.failures:
            shutil.rmtree(staging)
            return SiteResult(
                public,
                releases=summary,
                embargoed=embargoed,
                notes=notes,
                errors=tuple(writer.errors),
                failures=tuple(writer.failures),
            )
        files = tuple(sorted(writer.files))
        writer.pdf_cache.keep_only_used()
        replaced = not _same_tree(staging, public)
        if replaced:
            replace_tree(staging, public)
        else:
            shutil.rmtree(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_leftovers(config.root)
    return SiteResult(public, files, summary, embargoed, replaced, notes)


def _notes(config: Config, placements: Sequence[Placement]):
    if not config.base_url:
        yield (
            "base_url is not set in pressflow.toml: feed and ninjs ids are tag: URIs, links are "
            "relative, "
            "and there is no sitemap.xml (it needs absolute URLs)"
        )
    for placement in placements:
        if placement.withdrawn:
            continue
        if not placement.catalogs and not _current(placement.record):
            continue
        if not all(publication.source for publication in _current(placement.record).values()):
            yield (
                f"{placement.id}: published before pressflow kept what it publishes: the site "
                "shows its "
                f"working copy until pressflow publish publishes it again"
            )
        elif unpublished_languages(
            config, placement.release.id, config.releases_dir / placement.id, placement.record
        ):
            yield f"{placement.id}: {unpublished_note(placement.record.revision)}"


def published_catalog(config: Config, placement: Placement, lang: str) -> pofile.Catalog | None:
    """A published language's catalog as published (its snapshot; the working copy for a record
    that has none), as the site and a digest show it; None for the source language."""
    if lang == config.source_language:
        return None
    path = placement.catalogs.get(lang)
    if path is None or not path.is_file():
        return load_catalog(config, placement.release, lang)
    return pofile.read_catalog(path, config.shown(path))


def place_releases(
    config: Config, now: dt.datetime
) -> tuple[list[Placement], tuple[tuple[str, dt.datetime], ...], list[PressflowError]]:
    """The releases on the site at `now`, as published, those under embargo, and the inputs that
    could not be read.

    Only releases with a recorded publication are read: a draft being written never stops the site.
    """
    placements, embargoed, errors = [], [], []
    paths, _ = release_paths(config)
    for path in paths:
        try:
            record = read_record(path.parent, config.shown(path.parent / WORKFLOW_FILE))
            if not record.publications:
                continue
            release, catalogs = _as_published(config, path, record)
        except InputErrors as problems:
            errors.extend(problems.errors)
            continue
        except PressflowError as problem:
            errors.append(problem)
            continue
        if release.embargo and release.embargo > now:
            embargoed.append((release.id, release.embargo))
            continue
        if placement := _place(release, record, catalogs):
            placements.append(placement)
    return placements, tuple(embargoed), errors


def _current(record: WorkflowRecord) -> dict[str, Publication]:
    """The publications of the release's current revision."""
    return {
        lang: publication
        for lang, publication in record.publications.items()
        if publication.revision >= record.revision
    }


def _as_published(
    config: Config, path: Path, record: WorkflowRecord
) -> tuple[Release, dict[str, Path]]:
    """The release and the catalogs of its current languages as `publish` published them (checked
    against the digests it recorded); the working copy's for a record made before pressflow kept
    them."""
    release_id = path.parent.name
    current = _current(record) or record.publications
    snapshot = Snapshot.of(path.parent)
    if not any(publication.source for publication in current.values()):
        catalogs = {lang: catalog_path(config.locales_dir, release_id, lang) for lang in current}
        return read_release(path, config), catalogs
    raise_collected(snapshot_problems(config, release_id, snapshot, current))
    catalogs = {
        lang: snapshot.catalog(lang)
        if publication.catalog
        else catalog_path(config.locales_dir, release_id, lang)
        for lang, publication in current.items()
    }
    return read_release(snapshot.source / RELEASE_FILE, config, release_id), catalogs


def _place(
    release: Release, record: WorkflowRecord, catalogs: Mapping[str, Path]
) -> Placement | None:
    withdrawn = _is_withdrawn(record)
    standing = {}
    for lang in release.languages:
        publication = record.publications.get(lang)
        if publication is None:
            continue
        standing[lang] = (
            Standing.WITHDRAWN
            if withdrawn
            else Standing.PUBLISHED
            if publication.revision >= record.revision
            else Standing.WITHHELD
        )
    return Placement(release, record, standing, catalogs) if standing else None


def _is_withdrawn(record: WorkflowRecord) -> bool:
    """Withdrawn, or on its way back (withdrawn → review → ...) and not yet published again."""
    decisions = [
        t.state
        for t in sorted(record.history, key=lambda t: t.at)
        if t.state in (State.PUBLISHED, State.WITHDRAWN)
    ]
    return record.state is State.WITHDRAWN or bool(decisions) and decisions[-1] is State.WITHDRAWN


def _on_site(placement: Placement) -> ReleaseOnSite:
    withheld = placement.languages(Standing.WITHHELD)
    notices = placement.languages(Standing.WITHDRAWN) or withheld
    return ReleaseOnSite(
        placement.id,
        Standing.WITHDRAWN if placement.withdrawn else Standing.PUBLISHED,
        placement.languages(Standing.PUBLISHED),
        withheld,
        notices,
    )


# Times. A language's publication records when its latest revision was published; the history,
# when the release was first published. The public could read a version only once its embargo
# had passed too, so that is when feeds say it appeared.


def _later(moment_: dt.datetime, embargo: dt.datetime | None) -> dt.datetime:
    return max(moment_, embargo) if embargo else moment_


def first_published(record: WorkflowRecord, language: str) -> dt.datetime:
    """When `language` was first published: its publication at revision 1, else the release's
    first."""
    publication = record.publications[language]
    if publication.revision <= 1:
        return publication.at
    firsts = [t.at for t in record.history if t.state is State.PUBLISHED]
    return min([*firsts, publication.at])


def _left_at(placement: Placement, language: str) -> dt.datetime:
    """When a language's version left the indexes: the withdrawal, or the publication of the
    revision it lags behind."""
    record = placement.record
    if placement.withdrawn:
        times = [t.at for t in record.history if t.state is State.WITHDRAWN]
    else:
        times = [p.at for p in record.publications.values() if p.revision >= record.revision]
    return _later(
        max(times or [p.at for p in record.publications.values()]), placement.release.embargo
    )


@dataclass(frozen=True)
class _ArchiveItem:
    href: str
    title: object
    summary: object
    date: dt.date
    corrected: bool
    published: dt.datetime


@dataclass(frozen=True)
class _Choice:
    code: str
    name: str
    label: str
    href: str
    feed: str


@dataclass(frozen=True)
class _Pages:
    """A release's pages in the languages shown, and their PDFs (bytes, or still printing)."""

    shown: tuple[str, ...]
    bulletins: dict[str, Bulletin]
    absolute: dict[str, Bulletin]
    """The same with absolute URLs, for feeds and ninjs."""
    pdfs: dict[str, tuple[str, bytes | Future[Printed]]]


@dataclass
class _SiteWriter:
    """Renders every file of the site into `staging`, remembering each file's size and hash."""

    config: Config
    staging: Path
    jobs: int = 1
    files: dict[str, tuple[int, str]] = field(default_factory=dict)
    errors: list[PressflowError] = field(default_factory=list)
    failures: list[PressflowError] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.renderer = Renderer(self.config)
        self._printer: Printer | None = None
        self.cache = Cache(self.config)
        self.pdf_cache = ArtifactStore(self.cache)

    def render(self, placements: Sequence[Placement]) -> None:
        items: dict[str, list[tuple[Placement, NewsItem, Bulletin]]] = {
            lang: [] for lang in self.config.languages
        }
        # Pages first, their PDFs printing meanwhile (in workers with --jobs); then each release's
        # items, which name their PDF's size. In batches, so that few pages wait in memory.
        for start in range(0, len(placements), PRINT_BATCH):
            batch = []
            for placement in placements[start : start + PRINT_BATCH]:
                with self._reporting(placement):
                    batch.append((placement, self._pages(placement)))
                    self._notices(placement)
            for placement, pages in batch:
                with self._reporting(placement):
                    for lang, (item, bulletin) in self._items(placement, pages).items():
                        items.setdefault(lang, []).append((placement, item, bulletin))
        if self.errors or self.failures:
            return
        updated = {
            lang: self._language(lang, items.get(lang, []), placements)
            for lang in self.config.languages
        }
        self._chooser()
        for name, font in web_fonts(site_pages(self.staging), self.config.languages).items():
            self._put(name, font)
        if self.config.base_url:
            self._put(SITEMAP, sitemap_xml(self._sitemap(placements, items, updated)))
        self._put(MANIFEST, self._manifest(placements))

    @contextlib.contextmanager
    def _reporting(self, placement: Placement):
        try:
            yield
        except PressflowError as error:
            self.errors.append(error)
        except (
            Exception
        ) as error:  # a renderer's failure must not hide the other releases' problems
            log.debug("site: %s failed", placement.id, exc_info=True)
            self.failures.append(
                Failed(
                    f"could not render for the site: {error}",
                    self.config.shown(placement.release.path),
                )
            )

    # One release.

    def _pages(self, placement: Placement) -> _Pages:
        """The release's page in each language shown, its images, and its PDFs sent to print."""
        release, shown = placement.release, placement.languages(Standing.PUBLISHED)
        bulletins, absolute = {}, {}
        for lang in shown:
            page_images: list[Path] = []
            catalog = published_catalog(self.config, placement, lang)

            def beside(path: Path, images: list[Path] = page_images) -> str:
                images.append(path)
                return quote(path.relative_to(release.folder).as_posix())

            bulletins[lang] = language_bulletin(
                release, lang, self.config.source_language, catalog, beside
            )
            for image in page_images + ([release.folder / release.image] if release.image else []):
                name = (
                    image.relative_to(release.folder).as_posix()
                    if image in page_images
                    else image.name
                )
                self._put(f"{lang}/{release.id}/{name}", image.read_bytes())
            page = site_url(self.config, lang, release.id)
            absolute[lang] = (
                language_bulletin(
                    release,
                    lang,
                    self.config.source_language,
                    catalog,
                    functools.partial(_absolute_url, page, release.folder),
                )
                if page
                else bulletins[lang]
            )
        pdfs = {}
        for lang in shown:
            html = self.renderer.bulletin(
                bulletins[lang], shown, site=True, pdf_link=f"{release.id}.pdf"
            )
            self._put(f"{lang}/{release.id}/{INDEX}", html.encode("utf-8"))
            pdfs[lang] = self._print(html, release.folder)
        return _Pages(shown, bulletins, absolute, pdfs)

    def _items(self, placement: Placement, pages: _Pages) -> dict[str, tuple[NewsItem, Bulletin]]:
        """Each language's PDF, once printed, and its entry for feeds, archives and ninjs."""
        release, result = placement.release, {}
        for lang in pages.shown:
            folder = f"{lang}/{release.id}"
            pdf = self._printed(pages.pdfs[lang], release.folder, f"{folder}/{release.id}.pdf")
            self._put(f"{folder}/{release.id}.pdf", pdf)
            item = self._news_item(placement, lang, pages.absolute[lang], len(pdf), pages.absolute)
            self._put(
                f"{folder}/{release.id}.ninjs.json",
                _json(ninjs(item, self.config.organization_name(lang))),
            )
            result[lang] = (item, pages.bulletins[lang])
        return result

    def _news_item(
        self,
        placement: Placement,
        lang: str,
        bulletin: Bulletin,
        pdf_size: int,
        others: Mapping[str, Bulletin],
    ) -> NewsItem:
        release, record = placement.release, placement.record
        publication = record.publications[lang]
        page = self._link(lang, f"{release.id}/")
        versions = tuple(
            Version(
                code,
                self._uri(code, release.id),
                site_url(self.config, code, release.id),
                others[code].title.value,
            )
            for code in others
            if code != lang
        )
        content = self.renderer.page(
            "site_feed_entry.html", lang, corrections=bulletin.corrections, summary=bulletin.summary
        ).strip()
        return NewsItem(
            uri=self._uri(lang, release.id),
            language=lang,
            revision=publication.revision,
            href=page,
            pdf_href=f"{page}{release.id}.pdf",
            pdf_size=pdf_size,
            title=bulletin.title.value,
            subtitle=bulletin.subtitle.value,
            summary=bulletin.summary.value,
            location=bulletin.location.value,
            body_html=bulletin.body_html,
            content_html=content,
            author=self._author(lang, bulletin),
            tags=tuple(zip(release.tags, (tag.value for tag in bulletin.tags))),
            first_published=_later(first_published(record, lang), release.embargo),
            published=publication.at,
            updated=_later(publication.at, release.embargo),
            embargo=release.embargo,
            versions=versions,
        )

    def _notices(self, placement: Placement) -> None:
        """A notice page and a ninjs without content at the address of each language not shown."""
        release = placement.release
        shown = placement.languages(Standing.PUBLISHED)
        current = [
            LanguageLink(
                code,
                language_name(code),
                f"../../{code}/{release.id}/",
                f"../../{code}/{release.id}/",
            )
            for code in shown
        ]
        for lang, standing in placement.standing.items():
            if standing is Standing.PUBLISHED:
                continue
            folder = f"{lang}/{release.id}"
            html = self.renderer.page(
                "site_notice.html",
                lang,
                withdrawn=standing is Standing.WITHDRAWN,
                languages=current,
            )
            self._put(f"{folder}/{INDEX}", html.encode("utf-8"))
            status = "canceled" if standing is Standing.WITHDRAWN else "withheld"
            self._put(
                f"{folder}/{release.id}.ninjs.json",
                _json(
                    ninjs_notice(
                        self._uri(lang, release.id),
                        lang,
                        placement.record.revision,
                        status,
                        _left_at(placement, lang),
                    )
                ),
            )

    # One language: its archive and its feed.

    def _language(
        self,
        lang: str,
        entries: list[tuple[Placement, NewsItem, Bulletin]],
        placements: Sequence[Placement],
    ) -> dt.datetime:
        """Write the language's archive and feed; return when the feed last changed."""
        ui = self.renderer.ui(lang)
        title = ui.gettext("Press releases")  # the archive's heading (site_archive.html)
        organization = self.config.organization_name(lang)
        feed_title = f"{organization} — {title}" if organization else title
        archive = sorted(
            (
                _ArchiveItem(
                    f"{p.id}/",
                    b.title,
                    b.summary,
                    p.release.date,
                    bool(p.release.corrections),
                    item.first_published,
                )
                for p, item, b in entries
            ),
            key=lambda a: (a.date, a.published, a.href),
            reverse=True,
        )
        links = [
            LanguageLink(
                code,
                language_name(code),
                self._absolute(f"{code}/") or f"../{code}/",
                f"../{code}/",
            )
            for code in self.config.languages
        ]
        html = self.renderer.page(
            "site_archive.html",
            lang,
            items=archive,
            languages=links,
            canonical=self._absolute(f"{lang}/"),
            feed_title=feed_title,
            source_language=self.config.source_language,
        )
        self._put(f"{lang}/{INDEX}", html.encode("utf-8"))
        changes = [item.updated for _, item, _ in entries]
        changes += [
            _left_at(p, lang)
            for p in placements
            if p.standing.get(lang) in (Standing.WITHHELD, Standing.WITHDRAWN)
        ]
        updated = max(changes, default=EPOCH)
        items = sorted(
            (item for _, item, _ in entries), key=lambda i: (i.updated, i.uri), reverse=True
        )
        feed = Feed(
            uri=self._absolute(f"{lang}/") or tag_uri(f"{lang}/"),
            title=feed_title,
            language=lang,
            self_href=self._absolute(f"{lang}/{FEED}") or FEED,
            page_href=self._absolute(f"{lang}/") or "./",
            author=organization or feed_title,
            updated=updated,
            items=items,
        )
        self._put(f"{lang}/{FEED}", atom_feed(feed))
        return updated

    def _chooser(self) -> None:
        source = self.config.source_language
        choices = [
            _Choice(
                code,
                language_name(code),
                self.renderer.ui(code).gettext("Press releases"),
                self._absolute(f"{code}/") or f"{code}/",
                self._absolute(f"{code}/{FEED}") or f"{code}/{FEED}",
            )
            for code in self.config.languages
        ]
        html = self.renderer.page(
            "site_index.html", source, choices=choices, canonical=self._absolute("")
        )
        self._put(INDEX, html.encode("utf-8"))

    # The whole site.

    def _sitemap(
        self,
        placements: Sequence[Placement],
        items: Mapping[str, list],
        updated: Mapping[str, dt.datetime],
    ) -> list[SitemapUrl]:
        archives = tuple((code, self._absolute(f"{code}/")) for code in self.config.languages)
        group = (*archives, ("x-default", self._absolute("")))
        newest = max(updated.values(), default=EPOCH)
        urls = [SitemapUrl(self._absolute(""), None if newest == EPOCH else newest, group)]
        urls += [
            SitemapUrl(href, None if updated[code] == EPOCH else updated[code], group)
            for code, href in archives
        ]
        for placement in placements:
            shown = placement.languages(Standing.PUBLISHED)
            alternates = tuple((code, site_url(self.config, code, placement.id)) for code in shown)
            for code in shown:
                item = next(item for p, item, _ in items[code] if p is placement)
                urls.append(
                    SitemapUrl(site_url(self.config, code, placement.id), item.updated, alternates)
                )
        return urls

    def _manifest(self, placements: Sequence[Placement]) -> bytes:
        releases = []
        for placement in sorted(placements, key=lambda p: p.id):
            record, languages = placement.record, {}
            for lang, standing in placement.standing.items():
                publication = record.publications[lang]
                entry = {
                    "status": str(standing),
                    "revision": publication.revision,
                    "first_published": moment(first_published(record, lang)),
                    "published": moment(publication.at),
                }
                if standing is not Standing.PUBLISHED:
                    entry["since"] = moment(_left_at(placement, lang))
                languages[lang] = entry
            releases.append(
                {
                    "id": placement.id,
                    "status": str(_on_site(placement).status),
                    "revision": record.revision,
                    "date": placement.release.date.isoformat(),
                    **(
                        {"embargo": moment(placement.release.embargo)}
                        if placement.release.embargo
                        else {}
                    ),
                    "languages": languages,
                }
            )
        files = [
            {"path": path, "size": size, "sha256": digest}
            for path, (size, digest) in sorted(self.files.items())
        ]
        return _json(
            {
                "generator": "pressflow",
                "base_url": self.config.base_url,
                "releases": releases,
                "files": files,
            }
        )

    # Helpers.

    def _put(self, relative: str, data: bytes) -> None:
        path = self.staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[relative] = (len(data), hashlib.sha256(data).hexdigest())

    def _print(self, html: str, release_folder: Path) -> tuple[str, bytes | Future[Printed]]:
        """The PDF of a page: printed before with the same inputs, or sent to print now."""
        key = self.pdf_cache.key(html, release_folder)
        if (pdf := self.pdf_cache.get(key)) is not None:
            return key, pdf
        return key, self._pdf_printer().submit(html, release_folder)

    def _printed(
        self, pending: tuple[str, bytes | Future[Printed]], release_folder: Path, name: str
    ) -> bytes:
        key, pdf = pending
        if isinstance(pdf, bytes):
            return pdf
        printed = pdf.result()
        if printed.refused:
            raise RuntimeError(f"left out of {name}: {'; '.join(printed.refused)}")
        self.pdf_cache.put(key, printed.pdf, release_folder, printed.read)
        return printed.pdf

    def _pdf_printer(self) -> Printer:
        # WeasyPrint takes about a second to import: only when a PDF is due.
        if self._printer is None:
            self._printer = Printer(self.config.root, self.config.pdf_variant, self.jobs)
        return self._printer

    def close(self) -> None:
        if self._printer is not None:
            self._printer.close()
        self.cache.save()

    def _absolute(self, path: str) -> str:
        """The site's URL of `path` (relative to the site's root); empty without `base_url`."""
        return f"{self.config.base_url.rstrip('/')}/{path}" if self.config.base_url else ""

    def _link(self, lang: str, path: str) -> str:
        """A link from the language's folder (feed, archive): absolute with `base_url`, else
        relative."""
        return self._absolute(f"{lang}/{path}") or path

    def _uri(self, lang: str, release_id: str) -> str:
        return site_url(self.config, lang, release_id) or tag_uri(f"{release_id}/{lang}")

    def _author(self, lang: str, bulletin: Bulletin) -> str:
        return (
            self.config.organization_name(lang)
            or bulletin.source.value
            or self.renderer.ui(lang).gettext("Press releases")
        )


def _absolute_url(page: str, folder: Path, path: Path) -> str:
    """The URL of a file of a release's folder beside the page at `page`."""
    return page + quote(path.relative_to(folder).as_posix())


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _same_tree(first: Path, second: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    if not second.is_dir():
        return False

    def listing(root: Path) -> list[tuple[str, bool]]:
        return sorted(
            (path.relative_to(root).as_posix(), path.is_dir()) for path in root.rglob("*")
        )

    entries = listing(first)
    if entries != listing(second):
        return False
    return all(
        is_dir or (first / name).read_bytes() == (second / name).read_bytes()
        for name, is_dir in entries
    )


def _remove_leftovers(root: Path) -> None:
    """Delete what a run stopped half-way left beside `public/` (a tree being built, or the old
    one)."""
    for path in root.glob(f"{STAGING_PREFIX}*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
