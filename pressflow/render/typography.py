"""A bulletin's typography as it is shown: straight quotes turned into the language's quotation
marks (markdown-it's smartquotes, with CLDR's marks), and email addresses, URLs and phone numbers
marked so that the stylesheet keeps them whole. Only what is shown changes: the catalogs keep the
characters their authors typed, and code, link targets and addresses are never touched."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from pressflow.check.facts import addresses
from pressflow.render.cldr import quotation_marks


def typeset_body(tokens: list[Token], language: str) -> list[Token]:
    """Set each block of a parsed body in its language: `language`, or the one in its inline
    token's `meta["lang"]` (a passage shown untranslated). Addresses are marked, then quotes set.
    Returns the inline tokens that have an email address or a URL, kept whole on a line."""
    with_addresses = []
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = [piece for child in token.children for piece in _marked(child)]
            _smart_quotes([token], token.meta.get("lang", language))
            if any(child.meta.get("address") in _UNBROKEN for child in token.children):
                with_addresses.append(token)
    return with_addresses


_UNBROKEN = ("email", "url")
"""Addresses moved to the next line whole, which leaves a gap that justified text would spread."""


def typeset_text(text: str, language: str) -> str:
    """A plain text (a title, a summary) with `language`'s quotation marks."""
    pieces = [
        Token("html_inline" if kind else "text", "", 0, content=piece)
        for piece, kind in _pieces(text)
    ]
    _smart_quotes([Token("inline", "", 0, children=pieces)], language)
    return "".join(piece.content for piece in pieces)


def _marked(token: Token) -> list[Token]:
    """A text token, its addresses made `<span class="email|url|phone">` (as HTML, which
    smartquotes passes by); any other token as it is (an image's alt text stays plain)."""
    if token.type != "text":
        return [token]
    marked = []
    for piece, kind in _pieces(token.content):
        if kind:
            html = f'<span class="{kind}">{escapeHtml(piece)}</span>'
            address = Token("html_inline", "", 0, content=html, level=token.level)
            address.meta["address"] = kind
            marked.append(address)
        else:
            marked.append(Token("text", "", 0, content=piece, level=token.level))
    return marked


def _pieces(text: str) -> list[tuple[str, str]]:
    """`text` cut at its addresses: (piece, "email" | "url" | "phone" | "" for the rest)."""
    pieces, position = [], 0
    for start, end, kind in addresses(text):
        pieces += [(text[position:start], ""), (text[start:end], kind)]
        position = end
    pieces.append((text[position:], ""))
    return [(piece, kind) for piece, kind in pieces if piece]


def _smart_quotes(tokens: list[Token], language: str) -> None:
    state = StateCore("", _typographer(quotation_marks(language)), {}, tokens)
    for token in tokens:
        # The rule itself looks for quotes in an inline token's source text, which a translated
        # block's children no longer are: each block is set whatever its source.
        if token.type == "inline" and token.children:
            process_inlines(token.children, state)


@functools.cache
def _typographer(marks: str) -> MarkdownIt:
    """A parser whose options hold `marks` (“”‘’: double quotes' marks, then single quotes')."""
    return MarkdownIt("commonmark", {"typographer": True, "quotes": marks})
