"""The typed core that the pipeline stages pass along."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

RELEASE_FILE = "release.md"
WORKFLOW_FILE = "workflow.yaml"
"""Beside release.md: the workflow record, written only by pressflow (docs/design.md,
"Workflow")."""
SNAPSHOT_DIR = "published"
"""Beside release.md: what `publish` published (the source and each language's catalog), written
only by pressflow, from which the public site is rendered."""
PRESSFLOW_FILES = (WORKFLOW_FILE, SNAPSHOT_DIR)
"""What pressflow keeps in a release's folder: not part of the author's source."""


@dataclass(frozen=True)
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    """Line of each of the contact's keys."""


@dataclass(frozen=True)
class Correction:
    date: dt.date
    note: str
    line: int = 0


@dataclass(frozen=True)
class Release:
    """One release source: its front matter, validated, and its Markdown body."""

    id: str
    path: Path
    title: str
    date: dt.date
    body: str
    body_line: int
    """Line of the file on which the body starts (1-based)."""
    subtitle: str = ""
    location: str = ""
    summary: str = ""
    source: str = ""
    contacts: tuple[Contact, ...] = ()
    tags: tuple[str, ...] = ()
    image: str = ""
    embargo: dt.datetime | None = None
    corrections: tuple[Correction, ...] = ()
    languages: tuple[str, ...] = ()
    """The release's languages, the source language first."""
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)
    """Line of each front-matter key, for references and error messages."""
    body_messages: tuple[Message, ...] | None = field(default=None, compare=False, repr=False)
    """The body's messages, segmented from the tokens that validated it (one parse per run); None
    when not known."""

    @property
    def folder(self) -> Path:
        return self.path.parent


class BlockKind(StrEnum):
    """What a message is in the release, written for translators into `#.` comments."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    QUOTE = "block quote paragraph"
    IMAGE_ALT = "image alt text"
    IMAGE_TITLE = "image caption"
    FIELD = "front matter"


@dataclass(frozen=True)
class Message:
    """One translatable unit: a body block or a front-matter field."""

    msgid: str
    kind: BlockKind
    lines: tuple[int, ...]
    msgctxt: str | None = None
    note: str = ""
    """What the message is for, beyond its kind (fields only)."""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def comment(self) -> str:
        return f"{self.kind}: {self.note}" if self.note else str(self.kind)


@dataclass(frozen=True)
class CatalogStats:
    """Counts of one catalog, as `msgfmt --statistics` makes them, plus source words."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words: int = 0
    words_left: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return round(100 * self.translated / self.total, 1) if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total
