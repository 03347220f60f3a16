"""Applying a language's catalog to a release: the content of one bulletin.

Untranslated and fuzzy messages fall back to the source text and are marked, so
that templates can say so (`lang` of the source language, a visible mark).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from pressflow.catalog import po
from pressflow.core.model import BlockKind, CatalogStats, Contact, Release
from pressflow.render.typography import typeset_body, typeset_text
from pressflow.source import markdown
from pressflow.source.segment import (
    TAG_CONTEXT,
    body_blocks,
    contact_contexts,
    correction_contexts,
    lone_image,
    release_messages,
)

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
    tags: tuple[Text, ...]
    """The release's tags, translated."""
    body_html: str
    stats: CatalogStats | None
    """Counts of the release's catalog; None for the source language."""

    @property
    def incomplete(self) -> bool:
        return self.stats is not None and not self.stats.complete


def language_bulletin(
    release: Release,
    language: str,
    source_language: str,
    catalog: po.Catalog | None,
    image_url: Callable[[Path], str],
) -> Bulletin:
    """The bulletin of `release` in `language`: its catalog applied (None for the source language),
    with the counts of the release's messages in it. What `build` and the site both print."""
    if catalog is None:
        return make_bulletin(release, language, source_language, {}, None, image_url)
    stats = po.message_stats(release_messages(release), catalog)
    return make_bulletin(
        release, language, source_language, po.translations(catalog), stats, image_url
    )


def make_bulletin(
    release: Release,
    language: str,
    source_language: str,
    translations: Translations,
    stats: CatalogStats | None,
    image_url: Callable[[Path], str],
) -> Bulletin:
    """Translate every field and block of `release` with `translations` (empty for the source)."""
    is_source = language == source_language

    def text(msgctxt: str | None, value: str) -> Text:
        if not value or is_source:
            return Text(value)
        found = translations.get((msgctxt, value))
        return Text(found) if found else Text(value, fallback=True)

    def prose(msgctxt: str | None, value: str) -> Text:
        """A field's text as shown, with its language's quotation marks."""
        shown = text(msgctxt, value)
        typeset = typeset_text(shown.value, source_language if shown.fallback else language)
        return Text(typeset, shown.fallback)

    contacts = tuple(
        _contact(context, contact, text, prose)
        for context, contact in zip(contact_contexts(release.contacts), release.contacts)
    )
    corrections = tuple(
        (correction.date, prose(context, correction.note))
        for context, correction in zip(
            correction_contexts(release.corrections), release.corrections
        )
    )
    return Bulletin(
        release=release,
        language=language,
        source_language=source_language,
        title=prose("title", release.title),
        subtitle=prose("subtitle", release.subtitle),
        location=text("location", release.location),
        summary=prose("summary", release.summary),
        source=prose("source", release.source),
        contacts=contacts,
        corrections=corrections,
        tags=tuple(text(TAG_CONTEXT, tag) for tag in release.tags),
        body_html=render_body(
            release, lambda msgid: text(None, msgid), language, source_language, image_url
        ),
        stats=None if is_source else stats,
    )


def _contact(
    context: str,
    contact: Contact,
    text: Callable[[str | None, str], Text],
    prose: Callable[[str | None, str], Text],
) -> BulletinContact:
    return BulletinContact(
        name=text(f"{context}.name", contact.name),
        role=prose(f"{context}.role", contact.role),
        email=contact.email,
        phone=contact.phone,
    )


def render_body(
    release: Release,
    translate: Callable[[str], Text],
    language: str,
    source_language: str,
    image_url: Callable[[Path], str],
) -> str:
    """The body as HTML, each block replaced by its translation; fallbacks carry `lang`. The text
    is set in its language (render/typography.py).

    A paragraph that is only an image becomes a figure, its title the caption.
    """
    tokens = markdown.parse(release.body)
    captions: dict[int, tuple[Text, str]] = {}
    for block in body_blocks(tokens):
        translated = translate(block.text)
        if block.kind is BlockKind.IMAGE_TITLE:
            captions[id(block.inline)] = (translated, block.text)
            continue
        if block.kind is BlockKind.IMAGE_ALT:
            assert block.image is not None  # an image's alt text comes with its image
            block.image.children = _translated_inline(translated.value, block.text)
            block.image.content = translated.value
            target = block.image
        else:
            if translated.value != block.text:
                block.inline.children = _translated_inline(translated.value, block.text)
            target = _opening_token(tokens, block.inline)
        if translated.fallback:
            _mark_fallback(target, source_language)
            block.inline.meta["lang"] = source_language
    for index, token in enumerate(tokens):
        if token.type == "inline" and (image := lone_image(token)):
            _make_figure(tokens, index, image, captions.get(id(token)), source_language)
    for token in _all_tokens(tokens):
        if token.type == "image":
            token.attrSet("src", image_url(release.folder / str(token.attrGet("src"))))
    for inline in typeset_body(tokens, language):
        # Set ragged: a line that an address left short is not stretched to the margin.
        _opening_token(tokens, inline).attrJoin("class", "addresses")
    return markdown.render(tokens)


def _translated_inline(translation: str, source: str) -> list[Token]:
    """The inline tokens of a translation, where an image its source text does not show becomes its
    alt text: a catalog must not pull another file of the machine into the bulletin."""
    shown = {
        token.attrGet("src")
        for token in _all_tokens(markdown.parse_inline(source))
        if token.type == "image"
    }
    children = markdown.parse_inline(translation)
    _drop_images(children, shown)
    return children


def _drop_images(tokens: list[Token], allowed: set[str | None]) -> None:
    for index, token in enumerate(tokens):
        if token.type == "image" and token.attrGet("src") not in allowed:
            tokens[index] = Token("text", "", 0, content=token.content)
        elif token.children:
            _drop_images(token.children, allowed)


def _opening_token(tokens: list[Token], inline: Token) -> Token:
    """The token that opens the element holding `inline` (a tight list's item, not its hidden
    paragraph)."""
    index = next(i for i, token in enumerate(tokens) if token is inline)
    opener = tokens[index - 1]
    if opener.hidden:
        opener = next(t for t in reversed(tokens[:index]) if t.type == "list_item_open")
    return opener


def _mark_fallback(token: Token, source_language: str) -> None:
    token.attrSet("lang", source_language)
    token.attrJoin("class", "untranslated")


def _make_figure(
    tokens: list[Token],
    index: int,
    image: Token,
    caption: tuple[Text, str] | None,
    source_language: str,
) -> None:
    """Turn the paragraph around a lone image into a figure with its caption."""
    opener, closer = tokens[index - 1], tokens[index + 1]
    if opener.hidden:  # an image alone in a tight list item stays as it is
        return
    opener.tag = closer.tag = "figure"
    image.attrs.pop("title", None)
    if caption and caption[0]:
        text, source = caption
        caption_open = Token("figcaption_open", "figcaption", 1)
        if text.fallback:
            _mark_fallback(caption_open, source_language)
        caption_text = Token("inline", "", 0, children=_translated_inline(text.value, source))
        if text.fallback:
            caption_text.meta["lang"] = source_language
        tokens[index + 1 : index + 1] = [
            caption_open,
            caption_text,
            Token("figcaption_close", "figcaption", -1),
        ]


def _all_tokens(tokens: list[Token]):
    for token in tokens:
        yield token
        yield from _all_tokens(token.children or [])
