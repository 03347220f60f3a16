"""The templates' own translatable strings (`{{ _("Page") }}`), found by Babel's Jinja2 extractor:
the messages of the `pressflow` catalog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from babel.messages.extract import extract
from jinja2.ext import babel_extract

from pressflow.core.config import Config
from pressflow.core.project import template_dirs


@dataclass(frozen=True)
class TemplateMessage:
    msgid: str
    template: str
    line: int
    comments: tuple[str, ...]
    msgid_plural: str = ""


def extract_template_messages(config: Config) -> Iterator[TemplateMessage]:
    """The translatable strings of every template, through Babel's Jinja2 extractor."""
    seen: set[str] = set()
    for directory in template_dirs(config):
        for path in sorted(directory.glob("*.html")):
            if path.name in seen:  # a project template overrides the packaged one
                continue
            seen.add(path.name)
            with path.open("rb") as stream:
                for line, msgid, comments, _context in extract(
                    babel_extract,  # type: ignore[arg-type]  # Jinja2's extractor, as Babel documents
                    stream,
                    comment_tags=("Translators:",),
                    options={"extensions": "jinja2.ext.i18n"},
                ):
                    singular, plural = (
                        (msgid[0], msgid[1]) if isinstance(msgid, tuple) else (msgid, "")
                    )
                    yield TemplateMessage(singular, path.name, line, tuple(comments), plural)
