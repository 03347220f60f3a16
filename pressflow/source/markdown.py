"""CommonMark parsing and rendering (markdown-it-py), without raw HTML."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
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


def literal_spans(text: str) -> list[tuple[int, int]]:
    """Where a message's inline Markdown holds no prose, as sorted (start, end) offsets into `text`:
    inline code, raw HTML, entities, autolinks, link and image destinations (their titles are
    prose), and bare URLs and email addresses. What lies between is the text a reader reads, which a
    translation or a transliteration may change without touching the markup."""
    env: dict = {_SPANS: [], _OFFSETS: [0]}
    # The parser turns CR LF into LF and NUL into U+FFFD; done here one character for one, the
    # offsets stay those of `text`.
    _literal_parser.parseInline(text.replace("\r", "\n").replace("\0", "\ufffd"), env)
    spans = env[_SPANS] + [match.span() for match in _BARE_URL_OR_EMAIL.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif start < end:
            merged.append((start, end))
    return merged


# A bare URL or email address ends before the punctuation that follows it, and before a Kazakh or
# Russian suffix joined to it with a hyphen (`www.akorda.kz-та`), which is prose.
_BARE_URL_OR_EMAIL = re.compile(
    r"""
    (?: (?:https?|ftp):// | www\. | [\w.+-]+@[\w-]+\. )    # where an address starts
    [^\s<>«»"]*?                                           # as little as it takes to reach
    (?= [.,;:!?)\]»'"]* (?: [\s<>] | $ | -[\u0400-\u04FF]+ (?![^\s<>.,;:!?)\]»'"]) ) )  # its end
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SPANS = "pressflow.literal_spans"
_OFFSETS = "pressflow.literal_offsets"
"""The offset in the message of the text being parsed: an image's alt text is parsed on its own."""


def _record(state: StateInline, start: int, end: int) -> None:
    offset = state.env[_OFFSETS][-1]
    state.env[_SPANS].append((offset + start, offset + end))


def _literal(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """An inline rule whose whole match is literal (code, raw HTML, an entity, an autolink)."""

    def recording(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if not silent:
            _record(state, start, state.pos)
        return True

    return recording


def _with_destination(
    rule: Callable[[StateInline, bool], bool], image: bool
) -> Callable[[StateInline, bool], bool]:
    """A link or image rule whose destination is literal; its text and title are prose."""

    def recording(state: StateInline, silent: bool) -> bool:
        start = state.pos
        bracket = start + 1 if image else start
        offsets = state.env[_OFFSETS]
        offsets.append(offsets[-1] + bracket + 1 if image else offsets[-1])
        try:
            matched = rule(state, silent)
        finally:
            offsets.pop()
        if matched and not silent:
            end = state.pos
            label_end = state.md.helpers.parseLinkLabel(state, bracket, not image)
            position = label_end + 1
            if (
                state.src[position : position + 1] != "("
            ):  # a reference: its label names a definition
                _record(state, position, end)
                return True
            position += 1
            while position < end and state.src[position] in " \t\n":
                position += 1
            destination = state.md.helpers.parseLinkDestination(state.src, position, end)
            if destination.ok:
                _record(state, position, destination.pos)
        return matched

    return recording


def _recording_parser() -> MarkdownIt:
    """The parser of messages whose inline rules also record where they found no prose."""
    parser = MarkdownIt("commonmark", {"html": True})
    for name, rule in (
        ("backticks", rules_inline.backtick),
        ("autolink", rules_inline.autolink),
        ("html_inline", rules_inline.html_inline),
        ("entity", rules_inline.entity),
    ):
        parser.inline.ruler.at(name, _literal(rule))
    parser.inline.ruler.at("link", _with_destination(rules_inline.link, image=False))
    parser.inline.ruler.at("image", _with_destination(rules_inline.image, image=True))
    return parser


_literal_parser = _recording_parser()
