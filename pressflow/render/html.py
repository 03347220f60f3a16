"""HTML bulletins from Jinja2 templates, localized with Babel and the `pressflow` catalog."""

from __future__ import annotations

import base64
import datetime as dt
import gettext
import json
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyphen
from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_interval, get_datetime_format
from babel.numbers import format_percent
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pressflow.catalog.po import gnu_translations
from pressflow.catalog.transliterate import transliteration
from pressflow.catalog.update import load_ui_catalog
from pressflow.core import languages
from pressflow.core.config import Config
from pressflow.core.project import template_dirs
from pressflow.render.bulletin import Bulletin
from pressflow.render.cldr import time_with_zone
from pressflow.render.fonts import FONT_FACES

BULLETIN_TEMPLATE = "bulletin.html"
STYLESHEET = "bulletin.css"
SITE_STYLESHEET = "site.css"
SHORT_TITLE_LENGTH = 70


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    """The language's name in itself (CLDR): 'қазақ тілі', 'русский'."""
    href: str
    """For search engines: the public URL, or the file beside when there is no site."""
    file: str
    """For readers: the bulletin file beside it, or on the site the other language's page."""


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
    env.filters["tag"] = tag
    env.filters["caps"] = caps
    # The shipped fonts, for the site's pages (web_fonts.css): each page says where they are.
    env.globals["web_fonts"] = FONT_FACES
    return env


def install_ui_translations(env: Environment, ui: gettext.NullTranslations) -> None:
    """The templates' `_()` from the `pressflow` catalog. Jinja takes what gettext returns for safe
    HTML: it is escaped first, so that a translator's `<script>` stays text."""
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        lambda message: _usable(message, ui.gettext(message)),
        lambda singular, plural, n: _usable(
            singular if n == 1 else plural, ui.ngettext(singular, plural, n)
        ),
        newstyle=True,
        pgettext=lambda context, message: _usable(message, ui.pgettext(context, message)),
        npgettext=lambda context, singular, plural, n: _usable(
            singular if n == 1 else plural, ui.npgettext(context, singular, plural, n)
        ),
    )


def _usable(message: str, translation: str) -> Markup:
    """The translation, HTML-escaped; the message itself when the translation's placeholders would
    break the page (Jinja formats every string with `%`, and its variables are those of the
    message)."""
    try:
        translation % dict.fromkeys(re.findall(r"%\((\w+)\)", message), "")
    except (KeyError, ValueError, TypeError):
        translation = message
    return escape(translation)


def render_bulletin(
    env: Environment,
    bulletin: Bulletin,
    config: Config,
    ui: gettext.NullTranslations,
    languages: Iterable[str],
    site: bool = False,
    pdf_link: str = "",
) -> str:
    """The standalone HTML of one bulletin.

    `site`: the copy the public site serves at `<lang>/<id>/`, once any embargo has passed: no
    embargo mark, its language switcher pointing at the other languages' pages of the site, links
    to the language's archive and (`pdf_link`) to the PDF beside it.
    """
    release, language = bulletin.release, bulletin.language
    languages = list(languages)
    install_ui_translations(env, ui)
    template = env.get_template(BULLETIN_TEMPLATE)
    stylesheet = _source(env, STYLESHEET)
    modified = max([release.date, *(correction.date for correction in release.corrections)])
    links = [language_link(config, code, release.id, site) for code in languages]
    organization = config.organization_name(language)
    return template.render(
        bulletin=bulletin,
        release=release,
        language=language,
        source_language=bulletin.source_language,
        source_language_name=in_script(
            language, _locale(bulletin.source_language).get_display_name(_locale(language)) or ""
        ),
        organization=organization,
        logo=data_url(config.root / config.logo) if config.logo else "",
        languages=links,
        canonical=site_url(config, language, release.id),
        og_locale=og_locale(language),
        og_locale_alternates=[og_locale(code) for code in languages if code != language],
        og_image=_image_url(config, language, release),
        structured_data=Markup(
            _json_script(news_article(bulletin, config, links, organization, modified))
        ),
        date=long_date(release.date, language, config),
        format_date=lambda value: long_date(value, language, config),
        created=release.date.isoformat(),
        modified=modified.isoformat(),
        short_title=_shorten(bulletin.title.value, SHORT_TITLE_LENGTH),
        percent=format_percent_value(bulletin.stats.percent if bulletin.stats else 100.0, language),
        embargo_until=(
            embargo_time(release.embargo, language, config) if release.embargo and not site else ""
        ),
        site=site,
        pdf_link=pdf_link,
        page_size=config.page_size,
        # Hyphenate only with a dictionary (en, ru): none for Kazakh beats wrong breaks.
        hyphenate=pyphen.language_fallback(language) is not None,
        stylesheet=Markup(stylesheet),
    )


class Renderer:
    """Turns bulletins and the site's other pages into HTML: one Jinja2 environment, and each
    language's templates' catalog (`pressflow.po`) read once."""

    def __init__(self, config: Config):
        self.config = config
        self.env = make_environment(config)
        self._ui: dict[str, gettext.NullTranslations] = {}

    def ui(self, language: str) -> gettext.NullTranslations:
        """The templates' strings in `language` (a derived edition's, its base's transliterated)."""
        if language not in self._ui:
            if base := languages.base_language(language):
                self._ui[language] = _InScript(self.ui(base), language)
            else:
                self._ui[language] = gnu_translations(load_ui_catalog(self.config, language))
        return self._ui[language]

    def bulletin(
        self, bulletin: Bulletin, languages: Iterable[str], site: bool = False, pdf_link: str = ""
    ) -> str:
        return render_bulletin(
            self.env, bulletin, self.config, self.ui(bulletin.language), languages, site, pdf_link
        )

    def page(self, template_name: str, language: str, **context) -> str:
        return render_site_page(
            self.env, self.config, template_name, language, self.ui(language), **context
        )

    def document(
        self, template_name: str, language: str, stylesheets: Iterable[str], **context
    ) -> str:
        """A document of its own in `language` (a reviewer's proof, a digest of releases): its
        stylesheets inlined (the project's own first), the organization's name and logo, dates in
        the language, the page size, and whether the language is hyphenated."""
        install_ui_translations(self.env, self.ui(language))
        return self.env.get_template(template_name).render(
            language=language,
            organization=self.config.organization_name(language),
            logo=data_url(self.config.root / self.config.logo) if self.config.logo else "",
            format_date=lambda value: long_date(value, language, self.config),
            stylesheet=Markup("\n".join(_source(self.env, name) for name in stylesheets)),
            page_size=self.config.page_size,
            hyphenate=pyphen.language_fallback(language) is not None,
            **context,
        )


def _source(env: Environment, name: str) -> str:
    """A template's text as it is (a stylesheet to inline), the project's own first."""
    assert env.loader is not None  # make_environment gives it one
    return env.loader.get_source(env, name)[0]


def site_url(config: Config, language: str, release_id: str) -> str:
    """Where the public site serves a bulletin; empty without `base_url`."""
    return f"{config.base_url.rstrip('/')}/{language}/{release_id}/" if config.base_url else ""


def language_link(config: Config, code: str, release_id: str, site: bool = False) -> LanguageLink:
    """A link to one language of a release: on the site when there is one, else the file beside
    (on the site itself, the other language's page)."""
    sibling = f"../../{code}/{release_id}/" if site else f"{release_id}.{code}.html"
    return LanguageLink(
        code, language_name(code), site_url(config, code, release_id) or sibling, sibling
    )


def language_name(code: str) -> str:
    """The language's name in itself (CLDR): 'қазақ тілі', 'русский', 'qazaq tılı (latyn jazuy)'."""
    return in_script(code, languages.parse(code).name)


def in_script(language: str, text: str) -> str:
    """`text` that Babel or the base language's catalog gave in the base's script, in `language`'s:
    transliterated for an edition derived by transliteration (`kk-Latn`), as it is for any other."""
    parsed = languages.parse(language)
    return transliteration(parsed).text(text) if parsed.derived else text


def caps(text: str, language: str) -> str:
    """Text a stylesheet shows in capitals (`text-transform: uppercase`), made capitals here for a
    derived edition whose alphabet's capitals CSS does not know (kk-Latn: i → İ, not I); as it is
    for any other language, whose capitals the stylesheet makes."""
    parsed = languages.parse(language)
    if not parsed.derived:
        return text
    upper = transliteration(parsed).upper
    return Markup(escape(upper(text.unescape()))) if isinstance(text, Markup) else upper(text)


def long_date(value: dt.date, language: str, config: Config) -> str:
    """A date as `language` writes it in the project: its `[dates]` pattern ('2023 жылғы 17
    наурыз'), else CLDR's long format ('March 17, 2023', '17 марта 2023 г.')."""
    return in_script(language, _date(value, language, config))


def _date(value: dt.date, language: str, config: Config) -> str:
    """A date as `language` writes it, in its base language's script."""
    return format_date(value, config.date_pattern(language), locale=_locale(language))


def embargo_time(moment: dt.datetime, language: str, config: Config) -> str:
    """When an embargo ends, in the project's time zone, as `language` writes it: the date, the time
    without seconds and the zone's name at that moment (CLDR's, render/cldr.py), joined as CLDR
    joins a date and a time. 'March 17, 2023, 10:00 AM East Kazakhstan Time',
    '2024 жылғы 20 мамыр, 09:00 Қазақстан уақыты', '20 мая 2024 г., 09:00 Казахстан'."""
    local = moment.astimezone(config.tz)
    joined = str(get_datetime_format("long", locale=_locale(language))).replace("'", "")
    return in_script(
        language,
        joined.replace("{0}", time_with_zone(local, config.timezone, language)).replace(
            "{1}", _date(local.date(), language, config)
        ),
    )


def date_range(start: dt.date, end: dt.date, language: str) -> str:
    """A period as CLDR writes it in `language`: 'Mar 17 – 20, 2023', '17—20 мар. 2023 г.'."""
    return in_script(language, format_interval(start, end, "yMMMd", locale=_locale(language)))


def _locale(language: str) -> Locale:
    """Babel's locale of a project's language (a derived edition's is its base's)."""
    return languages.parse(language).locale


class _InScript(gettext.NullTranslations):
    """A derived edition's templates' strings: its base language's, transliterated."""

    def __init__(self, base: gettext.NullTranslations, language: str):
        super().__init__()
        self._base, self._language = base, language

    def gettext(self, message: str) -> str:
        return in_script(self._language, self._base.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return in_script(self._language, self._base.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        return in_script(self._language, self._base.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return in_script(self._language, self._base.npgettext(context, singular, plural, n))


def tag(code: str) -> str:
    """The BCP 47 tag of a project's language code, for `lang` and `hreflang`: `pt_BR` → `pt-BR`."""
    try:
        return languages.bcp47(code)
    except languages.UnknownLanguage:
        return code


def render_site_page(
    env: Environment,
    config: Config,
    template_name: str,
    language: str,
    ui: gettext.NullTranslations,
    **context,
) -> str:
    """A page of the public site other than a bulletin (language chooser, archive, notice), in
    `language`."""
    install_ui_translations(env, ui)
    return env.get_template(template_name).render(
        language=language,
        organization=config.organization_name(language),
        format_date=lambda value: long_date(value, language, config),
        stylesheet=Markup(_source(env, SITE_STYLESHEET)),
        **context,
    )


def og_locale(language: str) -> str:
    """OpenGraph's ll_TT form, the territory from CLDR's likely subtags: kk → kk_KZ."""
    locale = _locale(language)
    likely = Locale.parse(get_global("likely_subtags").get(locale.language, str(locale)))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


def news_article(
    bulletin: Bulletin,
    config: Config,
    links: list[LanguageLink],
    organization: str,
    modified: dt.date,
) -> dict:
    """schema.org NewsArticle of one bulletin, linked to the other languages' versions."""
    release, language = bulletin.release, bulletin.language
    article: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": bulletin.title.value,
        "datePublished": release.date.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": tag(language),
    }
    if canonical := site_url(config, language, release.id):
        article["url"] = article["mainEntityOfPage"] = canonical
    if bulletin.summary:
        article["description"] = bulletin.summary.value
    if bulletin.tags:
        article["keywords"] = [tag.value for tag in bulletin.tags]
    if organization:
        article["publisher"] = article["author"] = {"@type": "Organization", "name": organization}
    if image := _image_url(config, language, release):
        article["image"] = image
    versions = {
        link.code: {"@type": "NewsArticle", "inLanguage": tag(link.code), "url": link.href}
        for link in links
    }
    if language == bulletin.source_language:
        translations = [version for code, version in versions.items() if code != language]
        if translations:
            article["workTranslation"] = translations
    elif bulletin.source_language in versions:
        article["translationOfWork"] = versions[bulletin.source_language]
    return article


def _json_script(data: dict) -> str:
    # Inside <script>, "</script" would end the element early and "<!--" change how it is parsed:
    # JSON may write any character as \uXXXX.
    return (
        json.dumps(data, ensure_ascii=False, indent=1)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )


def _image_url(config: Config, language: str, release) -> str:
    """The release's preview image: on the site, or the copy beside the bulletin."""
    if not release.image:
        return ""
    name = Path(release.image).name
    return site_url(config, language, release.id) + name if config.base_url else name


def data_url(path: Path) -> str:
    """A file as a data: URL, so that the HTML stands alone."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def format_percent_value(percent: float, language: str) -> str:
    """95.2 as the locale writes a percentage: '95.2%', '95,2 %'."""
    return in_script(
        language,
        format_percent(
            Decimal(str(percent)) / 100, locale=_locale(language), decimal_quantization=False
        ),
    )


_CSS_PLAIN = re.compile(r"[\w ,.:;!?()%+*/#@«»“”„‘’–—-]")


def css_string(text: str) -> Markup:
    """Text for inside a double-quoted CSS string in a <style> element.

    Every other character is written as a CSS escape (`\\22 `): a quote or a backslash cannot end
    the string, nor `</style>` the element, and HTML escaping, meaningless inside <style>, is not
    needed.
    """
    return Markup(
        "".join(
            char if _CSS_PLAIN.fullmatch(char) else f"\\{ord(char):x} " for char in _plain(text)
        )
    )


def _plain(text: str) -> str:
    """The text itself: a translated template string comes HTML-escaped."""
    return text.unescape() if isinstance(text, Markup) else str(text)


def page_counter(pattern: str) -> Markup:
    """A translated 'Page %(page)s of %(pages)s' as CSS content with page counters."""
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", _plain(pattern)):
        if piece in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({piece[2:-2]})")
        elif piece:
            parts.append(f'"{css_string(piece)}"')
    return Markup(" ".join(parts))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
