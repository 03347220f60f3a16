"""Segmentation: one message per block of a release, in source order.

A block is a heading, a paragraph, a list item's paragraph or a quote's paragraph;
its msgid is its inline Markdown with soft line breaks folded to single spaces.
A paragraph that is only an image gives its alt text and its title instead.
Front-matter fields carry a msgctxt naming the field (`title`, `contacts.0.role`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from markdown_it.token import Token

from pressflow.core.model import BlockKind, Contact, Correction, Message, Release
from pressflow.source import markdown

# What each translatable field is for, said to translators in `#.` comments.
FIELD_NOTES = {
    "title": "the headline of the release",
    "subtitle": "the line under the headline",
    "location": "the dateline: the place the release is issued from",
    "summary": "the lead, shown apart from the body and in previews",
    "source": "the line naming the release's source",
    "name": "a contact's name or desk",
    "role": "what the contact is for",
    "note": "a correction note, published with the corrected release",
    "tag": "a tag, a subject of the release (shown with it and in feeds)",
}


@dataclass(frozen=True)
class BodyBlock:
    """One translatable inline text of the body, with the token that holds it."""

    kind: BlockKind
    text: str
    line: int
    """0-based line of the body."""
    inline: Token
    """The block's `inline` token."""
    image: Token | None = None
    """For an image alone in its paragraph (alt text, caption): the `image` token."""


def release_messages(release: Release) -> list[Message]:
    """The messages of a release, in source order; identical body blocks share one."""
    body = release.body_messages
    if body is None:
        body = body_messages(markdown.parse(release.body), release.body_line)
    # The fields in the order the author wrote them, then the body.
    return [*sorted(_field_messages(release), key=lambda message: message.lines[0]), *body]


def body_messages(tokens: list[Token], body_line: int) -> tuple[Message, ...]:
    """The messages of a parsed body (its first line `body_line`), in order; identical blocks share
    one."""
    messages: list[Message] = []
    body: dict[str, Message] = {}
    for block in body_blocks(tokens):
        line = body_line + block.line
        known = body.get(block.text)
        if known is None:
            body[block.text] = Message(block.text, block.kind, (line,))
            messages.append(body[block.text])
        else:
            merged = replace(known, lines=(*known.lines, line))
            if block.kind not in known.kind:
                merged = replace(merged, note=f"also {block.kind}")
            body[block.text] = merged
            messages[messages.index(known)] = merged
    return tuple(messages)


# A field of a list (a contact, a correction) is known by something of its own, not by its place in
# the list: inserting a contact must not change the others' messages (their translations would turn
# fuzzy). A contact by its email, else its phone, else its name; a correction by its date.
TAG_CONTEXT = "tag"
"""The msgctxt of every tag: a tag is its own key."""


def contact_contexts(contacts: Sequence[Contact]) -> list[str]:
    """The msgctxt prefix of each contact's fields: `contacts[press@example.org]`."""
    return _keyed(
        "contacts", [contact.email or contact.phone or contact.name for contact in contacts]
    )


def correction_contexts(corrections: Sequence[Correction]) -> list[str]:
    """The msgctxt of each correction's note: `corrections[2023-03-20].note`."""
    return [
        f"{prefix}.note"
        for prefix in _keyed("corrections", [c.date.isoformat() for c in corrections])
    ]


def _keyed(name: str, keys: list[str]) -> list[str]:
    """`name[key]` for each key; a key repeated is told apart by its rank: `[key#2]`."""
    seen: dict[str, int] = {}
    contexts = []
    for key in keys:
        key = " ".join(key.replace("[", "(").replace("]", ")").split())
        seen[key] = seen.get(key, 0) + 1
        contexts.append(f"{name}[{key}]" if seen[key] == 1 else f"{name}[{key}#{seen[key]}]")
    return contexts


def _field_messages(release: Release) -> Iterator[Message]:
    lines = release.field_lines
    for key in ("title", "subtitle", "location", "summary", "source"):
        if value := getattr(release, key):
            yield Message(value, BlockKind.FIELD, (lines[key],), msgctxt=key, note=FIELD_NOTES[key])
    for context, contact in zip(contact_contexts(release.contacts), release.contacts):
        for key in ("name", "role"):
            if value := getattr(contact, key):
                yield Message(
                    value,
                    BlockKind.FIELD,
                    (contact.lines[key],),
                    msgctxt=f"{context}.{key}",
                    note=FIELD_NOTES[key],
                )
    for context, correction in zip(correction_contexts(release.corrections), release.corrections):
        yield Message(
            correction.note,
            BlockKind.FIELD,
            (correction.line,),
            msgctxt=context,
            note=FIELD_NOTES["note"],
        )
    tag_lines: dict[str, list[int]] = {}
    for index, tag in enumerate(release.tags):
        tag_lines.setdefault(tag, []).append(lines.get(f"tags.{index}", lines.get("tags", 1)))
    for tag, found in tag_lines.items():
        yield Message(
            tag,
            BlockKind.FIELD,
            tuple(dict.fromkeys(found)),
            msgctxt=TAG_CONTEXT,
            note=FIELD_NOTES["tag"],
        )


def body_blocks(tokens: list[Token]) -> Iterator[BodyBlock]:
    """The translatable blocks of a parsed body, in order."""
    containers: list[str] = []
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "inline" and token.content.strip():
            opener = tokens[index - 1]
            if opener.type == "heading_open":
                kind = BlockKind.HEADING
            elif containers and containers[-1] == "blockquote_open":
                kind = BlockKind.QUOTE
            elif containers:
                kind = BlockKind.LIST_ITEM
            else:
                kind = BlockKind.PARAGRAPH
            line = markdown.first_line(token)
            if image := lone_image(token):
                yield BodyBlock(BlockKind.IMAGE_ALT, image.content, line, token, image)
                if title := image.attrGet("title"):
                    yield BodyBlock(BlockKind.IMAGE_TITLE, str(title), line, token, image)
            else:
                yield BodyBlock(kind, fold_lines(token.content), line, token)


def lone_image(inline: Token) -> Token | None:
    children = [
        child
        for child in inline.children or []
        if not (child.type == "text" and not child.content.strip())
    ]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


_HARD_BREAK = re.compile(r"(\\| {2,})$")


def fold_lines(content: str) -> str:
    """Fold soft line breaks to single spaces; keep hard breaks as a backslash and a newline."""
    lines = content.split("\n")
    parts = []
    for number, line in enumerate(lines):
        text = line.strip()
        if number == len(lines) - 1:
            parts.append(text)
        elif _HARD_BREAK.search(line):
            parts.append(text.removesuffix("\\").rstrip() + "\\\n")
        else:
            parts.append(text + " ")
    return "".join(parts)
