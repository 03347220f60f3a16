"""HTML bulletins from Jinja2 templates, localized with Babel and the `pressflow` catalog."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.extract import extract
from babel.numbers import format_percent
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.ext import babel_extract
from markupsafe import Markup

from pressflow.config import Config
from pressflow.translate import Bulletin

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
BULLETIN_TEMPLATE = "bulletin.html"
STYLESHEET = "bulletin.css"
SHORT_TITLE_LENGTH = 70


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    """The language's name in itself (CLDR): 'қазақ тілі', 'русский'."""
    href: str


@dataclass(frozen=True)
class TemplateMessage:
    msgid: str
    template: str
    line: int
    comments: tuple[str, ...]
    msgid_plural: str = ""


def template_dirs(config: Config) -> list[Path]:
    """Where templates are looked up: the project's own first, then the packaged defaults."""
    return [path for path in (config.templates_dir, PACKAGE_TEMPLATES) if path.is_dir()]


def make_environment(config: Config) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(path) for path in template_dirs(config)]),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["page_counter"] = page_counter
    return env


def render_bulletin(env: Environment, bulletin: Bulletin, config: Config,
                    ui: gettext.NullTranslations, languages: Iterable[str]) -> str:
    """The standalone HTML of one bulletin."""
    release, language = bulletin.release, bulletin.language
    env.install_gettext_translations(ui, newstyle=True)
    template = env.get_template(BULLETIN_TEMPLATE)
    stylesheet = env.loader.get_source(env, STYLESHEET)[0]
    modified = max([release.date, *(correction.date for correction in release.corrections)])
    return template.render(
        bulletin=bulletin,
        release=release,
        language=language,
        source_language=bulletin.source_language,
        source_language_name=Locale.parse(bulletin.source_language).get_display_name(language),
        organization=config.organization_name(language),
        languages=[language_link(code, release.id) for code in languages],
        date=format_date(release.date, "long", locale=language),
        format_date=lambda value: format_date(value, "long", locale=language),
        created=release.date.isoformat(),
        modified=modified.isoformat(),
        short_title=_shorten(bulletin.title.value, SHORT_TITLE_LENGTH),
        percent=format_percent_value(bulletin.stats.percent if bulletin.stats else 100.0, language),
        embargo_until=(format_datetime(release.embargo, "long", tzinfo=config.tz, locale=language)
                       if release.embargo else ""),
        page_size=config.page_size,
        stylesheet=Markup(stylesheet),
    )


def language_link(code: str, release_id: str) -> LanguageLink:
    return LanguageLink(code, Locale.parse(code).display_name, f"{release_id}.{code}.html")


def format_percent_value(percent: float, language: str) -> str:
    """95.2 as the locale writes a percentage: '95.2%', '95,2 %'."""
    return format_percent(Decimal(str(percent)) / 100, locale=language, decimal_quantization=False)


def css_string(text: str) -> str:
    """Text for inside a double-quoted CSS string."""
    return re.sub(r'["\\\n]', lambda m: "\\a " if m[0] == "\n" else "\\" + m[0], str(text))


def page_counter(pattern: str) -> Markup:
    """A translated 'Page %(page)s of %(pages)s' as CSS content with page counters."""
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", str(pattern)):
        if piece in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({piece[2:-2]})")
        elif piece:
            parts.append(f'"{css_string(piece)}"')
    return Markup(" ".join(parts))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


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
                        babel_extract, stream, comment_tags=("Translators:",),
                        options={"extensions": "jinja2.ext.i18n"}):
                    singular, plural = (msgid[0], msgid[1]) if isinstance(msgid, tuple) else (msgid, "")
                    yield TemplateMessage(singular, path.name, line, tuple(comments), plural)
