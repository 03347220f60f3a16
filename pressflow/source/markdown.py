"""CommonMark parsing and rendering (markdown-it-py), without raw HTML."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The parser recognises raw HTML so that it can be reported; the renderer never
# passes it through (a translator's `<script>` is shown as text).
_parser = MarkdownIt("commonmark", {"html": True})
_renderer = MarkdownIt(
    "commonmark", {"html": False, "xhtmlOut": False}
)  # HTML5: <img>, not <img />


def parse(text: str) -> list[Token]:
    return _parser.parse(text)


def parse_inline(text: str) -> list[Token]:
    """The children of one inline Markdown text (a message)."""
    return _renderer.parseInline(text)[0].children or []


def render(tokens: list[Token]) -> str:
    return _renderer.renderer.render(tokens, _renderer.options, {})


@dataclass(frozen=True)
class RawHtml:
    line: int
    """0-based line of the body."""
    html: str


def raw_html(tokens: list[Token]) -> Iterator[RawHtml]:
    """Every piece of raw HTML in a body, which pressflow refuses."""
    for block in tokens:
        if block.type == "html_block":
            yield RawHtml(first_line(block), block.content.strip())
        elif block.type == "inline":
            line = first_line(block)
            for child in block.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline" and not child.content.startswith("</"):
                    yield RawHtml(line, child.content)


def images(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """(0-based body line, src) of every image of a body."""
    for block in tokens:
        if block.type != "inline":
            continue
        line = first_line(block)
        for child in _walk(block.children or []):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                yield line, str(child.attrGet("src") or "")


def first_line(block: Token) -> int:
    """The 0-based line a block token starts on (block tokens of a parsed text have their map)."""
    assert block.map is not None, block
    return block.map[0]


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])
