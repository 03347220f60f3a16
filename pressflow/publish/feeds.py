"""What the site offers machines: Atom feeds (RFC 4287, made with feedgen), the sitemap
(sitemaps.org, with hreflang alternates) and IPTC ninjs 2.2 news items.

Each function takes plain data and returns bytes or a dict: the same data, the same bytes.
No clock: every time comes from the workflow records (and an embargo's end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from pressflow.core import languages

NINJS_VERSION = "2.2"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Without `base_url` the site has no address to name things by: ids are then tag: URIs (RFC 4151)
# under the reserved name "pressflow.invalid" (RFC 2606): stable and unique within the site,
# not across the world. Setting `base_url` gives every id its real URL instead.
TAG_AUTHORITY = "pressflow.invalid,2024"


def tag_uri(specific: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{specific}"


def moment(value: dt.datetime) -> str:
    """An RFC 3339 time in UTC, to the second: `2023-03-17T04:00:00Z`."""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Version:
    """Another language's version of a news item."""

    language: str
    uri: str
    url: str
    """Absolute, or empty without `base_url`."""
    title: str


@dataclass(frozen=True)
class NewsItem:
    """One release in one language as the site publishes it."""

    uri: str
    """Its stable id: the page's URL, or a tag: URI without `base_url`. The feed entry's id and
    ninjs' uri."""
    language: str
    revision: int
    href: str
    """The page, relative to the language's folder (`<id>/`), or absolute with `base_url`."""
    pdf_href: str
    pdf_size: int
    title: str
    subtitle: str
    summary: str
    location: str
    body_html: str
    content_html: str
    """The feed entry's content: corrections, then the summary."""
    author: str
    tags: tuple[tuple[str, str], ...]
    """(the tag as the source writes it: its stable term; the tag in this item's language)."""
    first_published: dt.datetime
    """When the public could first read it: its first publication, or the end of its embargo."""
    published: dt.datetime
    """When this revision was published in this language."""
    updated: dt.datetime
    """When the public could first read this revision: `published`, or the end of the embargo."""
    embargo: dt.datetime | None
    versions: tuple[Version, ...]
    """The other languages' current versions."""


@dataclass(frozen=True)
class Feed:
    uri: str
    title: str
    language: str
    self_href: str
    page_href: str
    author: str
    updated: dt.datetime
    items: Sequence[NewsItem]


def atom_feed(feed: Feed) -> bytes:
    """The Atom document of one language's feed, entries newest first."""
    generator = FeedGenerator()
    generator.id(feed.uri)
    generator.title(feed.title)
    generator.updated(_second(feed.updated))
    generator.language(_tag(feed.language))
    generator.author({"name": feed.author})
    generator.link(href=feed.self_href, rel="self", type="application/atom+xml")
    generator.link(
        href=feed.page_href, rel="alternate", type="text/html", hreflang=_tag(feed.language)
    )
    generator.generator("pressflow")  # feedgen would name itself and its version
    for item in feed.items:
        entry = generator.add_entry(_Entry(), order="append")
        entry.id(item.uri)
        entry.title(item.title)
        entry.updated(_second(item.updated))
        entry.published(_second(item.first_published))
        entry.author({"name": item.author})
        entry.link(href=item.href, rel="alternate", type="text/html", hreflang=_tag(item.language))
        entry.link(
            href=item.pdf_href,
            rel="alternate",
            type="application/pdf",
            hreflang=_tag(item.language),
            length=str(item.pdf_size),
        )
        if item.content_html:
            entry.content(item.content_html, type="html")
        for term, label in item.tags:
            entry.category(term=term, label=label)
    return generator.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


class _Entry(FeedEntry):
    """feedgen 1.0 writes only the `href` of an entry's links, dropping rel, type, hreflang and
    length (it reads them from the element it has just made: lkiesow/python-feedgen#135): set them
    again."""

    def __init__(self) -> None:
        super().__init__()
        self._links: list[dict[str, str]] = []

    def link(self, link=None, replace=False, **attributes):
        if attributes:
            self._links.append(attributes)
        return super().link(link, replace, **attributes)

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions)
        for element, attributes in zip(entry.findall("link"), self._links):
            for name, value in attributes.items():
                element.set(name, value)
        return entry


def _second(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    lastmod: dt.datetime | None = None
    alternates: tuple[tuple[str, str], ...] = ()
    """(hreflang, absolute URL) of every language version, this one included, as search engines
    want."""


def sitemap_xml(urls: Iterable[SitemapUrl]) -> bytes:
    """A sitemaps.org urlset with `xhtml:link rel="alternate" hreflang` alternates."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for url in urls:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(url.loc)}</loc>")
        if url.lastmod:
            lines.append(f"    <lastmod>{moment(url.lastmod)}</lastmod>")
        for hreflang, href in url.alternates:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={quoteattr(_tag(hreflang))} '
                f"href={quoteattr(href)}/>"
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def ninjs(item: NewsItem, organization: str) -> dict:
    """The IPTC ninjs 2.2 news item of one language's version.

    ninjs 2 has no `headline`, `body_html` or `description_text` (those are ninjs 1): the
    headline, body and summary go into `headlines`, `bodies` and `descriptions` with a role;
    the other languages' versions are `associations` (ninjs objects of their own, with a name).
    Renditions carry URLs only with `base_url` (ninjs wants absolute URIs).
    """
    news: dict = {
        "uri": item.uri,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA.rstrip("#")},
        "type": "text",
        "representationtype": "full",
        "profile": "pressflow-release",
        "version": str(item.revision),
        "firstcreated": moment(item.first_published),
        "versioncreated": moment(item.published),
        "pubstatus": "usable",
        "language": _tag(item.language),
        "headlines": [{"role": "main", "value": item.title}],
    }
    if item.embargo:
        news["embargoed"] = moment(item.embargo)
    if item.subtitle:
        news["headlines"].append({"role": "sub", "value": item.subtitle})
    if item.summary:
        news["descriptions"] = [
            {"role": "summary", "contenttype": "text/plain", "value": item.summary}
        ]
    news["bodies"] = [{"role": "main", "contenttype": "text/html", "value": item.body_html}]
    if item.location:
        news["located"] = item.location
    if organization:
        news["by"] = news["copyrightholder"] = organization
    if item.tags:
        news["subjects"] = [{"name": label, "literal": term} for term, label in item.tags]
    if item.href.startswith(("http://", "https://")):
        news["renditions"] = [
            {"name": "html", "href": item.href, "contenttype": "text/html"},
            {
                "name": "pdf",
                "href": item.pdf_href,
                "contenttype": "application/pdf",
                "sizeinbytes": item.pdf_size,
            },
        ]
    if item.versions:
        news["associations"] = [_association(version) for version in item.versions]
    return news


def _association(version: Version) -> dict:
    association = {
        "name": f"version-{version.language}",
        "uri": version.uri,
        "type": "text",
        "language": _tag(version.language),
        "headlines": [{"role": "main", "value": version.title}],
    }
    if version.url:
        association["renditions"] = [
            {"name": "html", "href": version.url, "contenttype": "text/html"}
        ]
    return association


def ninjs_notice(uri: str, language: str, revision: int, status: str, since: dt.datetime) -> dict:
    """The ninjs left at the address of a version that is not shown: `withheld` (its translation is
    being updated) or `canceled` (the release was withdrawn); no content."""
    return {
        "uri": uri,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA.rstrip("#")},
        "type": "text",
        "version": str(revision),
        "versioncreated": moment(since),
        "pubstatus": status,
        "language": _tag(language),
    }


def _tag(code: str) -> str:
    """The BCP 47 tag these formats want of a project's language code (`kk_Latn` → `kk-Latn`);
    `x-default` and other values as they are."""
    try:
        return languages.bcp47(code)
    except languages.UnknownLanguage:
        return code
