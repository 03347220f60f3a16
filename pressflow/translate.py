"""Applying a language's catalog to a release: the content of one bulletin.

Untranslated and fuzzy messages fall back to the source text and are marked, so
that templates can say so (`lang` of the source language, a visible mark).
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown_it.token import Token

from pressflow import markdown
from pressflow.model import BlockKind, CatalogStats, Contact, Release
from pressflow.segment import body_blocks

Translations = Mapping[tuple[str | None, str], str]


@dataclass(frozen=True)
class Text:
    """A piece of text of a bulletin, possibly shown in the source language."""

    value: str
    fallback: bool = False

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class BulletinContact:
    name: Text
    role: Text
    email: str
    phone: str


@dataclass(frozen=True)
class Bulletin:
    """What one language's bulletin shows, ready for the templates."""

    release: Release
    language: str
    source_language: str
    title: Text
    subtitle: Text
    location: Text
    summary: Text
    source: Text
    contacts: tuple[BulletinContact, ...]
    corrections: tuple[tuple[object, Text], ...]
    body_html: str
    stats: CatalogStats | None
    """Counts of the release's catalog; None for the source language."""

    @property
    def incomplete(self) -> bool:
        return self.stats is not None and not self.stats.complete


def make_bulletin(release: Release, language: str, source_language: str,
                  translations: Translations, stats: CatalogStats | None) -> Bulletin:
    """Translate every field and block of `release` with `translations` (empty for the source)."""
    is_source = language == source_language

    def text(msgctxt: str | None, value: str) -> Text:
        if not value or is_source:
            return Text(value)
        found = translations.get((msgctxt, value))
        return Text(found) if found else Text(value, fallback=True)

    contacts = tuple(_contact(index, contact, text) for index, contact in enumerate(release.contacts))
    corrections = tuple((c.date, text(f"corrections.{i}.note", c.note)) for i, c in enumerate(release.corrections))
    return Bulletin(
        release=release, language=language, source_language=source_language,
        title=text("title", release.title), subtitle=text("subtitle", release.subtitle),
        location=text("location", release.location), summary=text("summary", release.summary),
        source=text("source", release.source), contacts=contacts, corrections=corrections,
        body_html=render_body(release, lambda msgid: text(None, msgid), source_language),
        stats=None if is_source else stats)


def _contact(index: int, contact: Contact, text: Callable[[str | None, str], Text]) -> BulletinContact:
    return BulletinContact(name=text(f"contacts.{index}.name", contact.name),
                           role=text(f"contacts.{index}.role", contact.role),
                           email=contact.email, phone=contact.phone)


def render_body(release: Release, translate: Callable[[str], Text], source_language: str) -> str:
    """The body as HTML, each block replaced by its translation; fallbacks carry `lang`."""
    tokens = markdown.parse(release.body)
    for block in body_blocks(tokens):
        translated = translate(block.text)
        if block.kind in (BlockKind.IMAGE_ALT, BlockKind.IMAGE_TITLE):
            _translate_image(block, translated)
        elif translated.value != block.text:
            block.inline.children = markdown.parse_inline(translated.value)
        if translated.fallback:
            _mark_fallback(tokens, block.inline, source_language)
    for token in _all_tokens(tokens):
        if token.type == "image":
            token.attrSet("src", _embedded(release, str(token.attrGet("src"))))
    return markdown.render(tokens)


def _translate_image(block, translated: Text) -> None:
    image = block.inline
    if block.kind is BlockKind.IMAGE_TITLE:
        image.attrSet("title", translated.value)
    else:
        image.children = markdown.parse_inline(translated.value)
        image.content = translated.value


def _mark_fallback(tokens: list[Token], inline: Token, source_language: str) -> None:
    """Mark the block that holds `inline` (or the image itself) as shown in the source language."""
    if inline.type == "image":
        target = inline
    else:
        index = next(i for i, token in enumerate(tokens) if token is inline)
        target = tokens[index - 1]
        if target.hidden:  # a tight list's paragraph: mark its item instead
            target = next(t for t in reversed(tokens[:index]) if t.type == "list_item_open")
    target.attrSet("lang", source_language)
    target.attrJoin("class", "untranslated")


def _all_tokens(tokens: list[Token]):
    for token in tokens:
        yield token
        yield from _all_tokens(token.children or [])


def _embedded(release: Release, src: str) -> str:
    """A data: URL of an image beside the release, so that the HTML stands alone."""
    path = release.folder / src
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
