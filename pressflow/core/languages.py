"""A project's language codes, and what each one is to the standards and libraries pressflow uses.

A project names its languages in `pressflow.toml` with BCP 47 tags (`kk`, `pt-BR`, `kk-Latn`,
`sr-Latn-RS`) or with the gettext/Babel spelling of the same tags (`pt_BR`, `kk_Latn`); both mean
the same language and are normalised to one `Language`, which gives:

* `code`: the project's own name for the language, which catalogs' folders
  (`locales/<code>/LC_MESSAGES`) and file names carry. It is the gettext/Babel spelling, with
  underscores (`pt_BR`, `kk_Latn`), so that the catalogs of every project written before tags were
  accepted stay where they are. For a script it is `kk_Latn`, not glibc's `kk@latin`: Weblate, the
  translation platform our translators use, names the language `kk_Latn` and maps `kk@latin` to it
  (WeblateOrg/language-data, aliases.csv: "Prefer new variants"), and Babel parses `kk_Latn` but
  reads `@latin` as an opaque modifier.
* `tag`: the BCP 47 tag (RFC 5646) for HTML `lang` and `hreflang`, XML `xml:lang`, Atom, ninjs and
  sitemaps, which reject `pt_BR`.
* `locale`: Babel's CLDR locale for dates, numbers, plural rules and language names.
* `name`: the language's name in itself, from CLDR.
* `plural_forms`: its gettext Plural-Forms, from Babel.

Babel has no CLDR data for some tags and, asked for one, silently answers with another locale:
`Locale.parse("kk_Latn")` gives Kazakh in Cyrillic (`kk_Cyrl`), `Locale.parse("ru_Latn")` plain
Russian, `Locale.parse("und")` American English. `parse` refuses every such substitution, except for
the editions pressflow derives by transliteration (`DERIVED_SCRIPTS`): CLDR 49, in Babel 2.19, has
`kk`, `kk_Cyrl` and `kk_Arab` but no `kk_Latn`, so Kazakh in Latin script is made from the Kazakh
catalog by `pressflow.catalog.transliterate` and takes everything else (dates, numbers, plural
rules, names) from the `kk` locale, whose text is Cyrillic and is transliterated like the rest.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.core import get_global, get_locale_identifier, parse_locale
from babel.messages.plurals import get_plural

DERIVED_SCRIPTS: Mapping[tuple[str, str], str] = MappingProxyType({("kk", "Latn"): "Cyrl"})
"""The editions that CLDR has no data for and pressflow derives from the language's own catalog by
transliteration (`pressflow.catalog.transliterate`): (language, script) → the script the
transliteration reads."""

_EXAMPLES = "such as 'kk', 'pt-BR' or 'kk-Latn'"


class UnknownLanguage(ValueError):
    """A language code that is no BCP 47 tag, or names a language CLDR has no data for."""


@dataclass(frozen=True)
class Language:
    code: str
    """The project's name for the language: the gettext/Babel spelling of its tag (`pt_BR`,
    `kk_Latn`)."""
    tag: str
    """Its BCP 47 tag: `pt-BR`, `kk-Latn`."""
    locale: Locale
    """Babel's locale for dates, numbers, plural rules and names. A derived edition's is its base's
    (`kk` for `kk-Latn`), so what it formats is in the base's script, to be transliterated."""
    script: str
    """ISO 15924 code of the script its text is written in: the tag's own, else CLDR's likely one
    (`Cyrl` for `kk`, `Arab` for `kk-CN`); empty when CLDR does not say."""
    base: str | None = None
    """For an edition derived by transliteration, the code of the language it is made from
    (`kk`)."""

    @property
    def derived(self) -> bool:
        return self.base is not None

    @property
    def catalog_folder(self) -> str:
        """The folder of its catalogs under `locales/`, as gettext names it: the project's code."""
        return self.code

    @property
    def name(self) -> str:
        """The language's name in itself, from CLDR: `қазақ тілі`, `português (Brasil)`. A derived
        edition's is composed as Babel composes a locale's display name, from the base's CLDR data,
        and is in the base's script (`қазақ тілі (латын жазуы)`) until transliterated."""
        if not self.derived:
            return self.locale.get_display_name(self.locale) or self.tag
        locale = self.locale
        details = [locale.scripts.get(self.script), locale.territories.get(locale.territory or "")]
        detail = ", ".join(part for part in details if part)
        name = locale.languages.get(locale.language, self.tag)
        return f"{name} ({detail})" if detail else name

    @property
    def plural_forms(self) -> str:
        """Its gettext Plural-Forms, as Babel knows them; a derived edition shares its base's."""
        return str(get_plural(self.locale))


def parse(code: str) -> Language:
    """The language a project's code names: a BCP 47 tag (`kk-Latn`) or its gettext spelling
    (`kk_Latn`), in any letter case. Raises `UnknownLanguage` with a message for the user."""
    return _parse(code.strip())


def normalize(code: str) -> str:
    """The project's code of a language, whichever way it was written: `pt-BR` → `pt_BR`."""
    return parse(code).code


def bcp47(code: str) -> str:
    """The BCP 47 tag of a project's language code: `pt_BR` → `pt-BR`."""
    return parse(code).tag


@functools.lru_cache(maxsize=256)
def _parse(code: str) -> Language:
    if "@" in code:
        raise UnknownLanguage(
            f"unknown language code '{code}': '@' marks a glibc locale modifier; write the "
            f"script as a BCP 47 subtag instead ('sr-Latn', not 'sr@latin')"
        )
    try:
        language, territory, script, variant = parse_locale(code.replace("-", "_"))[:4]
    except ValueError:
        raise UnknownLanguage(
            f"'{code}' is not a language tag: write a BCP 47 tag {_EXAMPLES}"
        ) from None
    code_parts = (language, territory, script, variant)
    if script is not None and (language, script) in DERIVED_SCRIPTS:
        base = _locale(code, (language, territory, None, variant))
        source = DERIVED_SCRIPTS[language, script]
        if (
            base.script or _likely_script(base)
        ) != source:  # kk-Latn-CN: Kazakh in China is written in Arabic
            raise UnknownLanguage(
                f"unknown language code '{code}': {_no_data_for(language, script)}"
            )
        return Language(
            code=get_locale_identifier(code_parts),
            tag=_tag(code_parts),
            locale=base,
            script=script,
            base=get_locale_identifier((language, territory, None, variant)),
        )
    locale = _locale(code, code_parts)
    effective = locale.script or _likely_script(locale)
    if script and script != effective:
        raise UnknownLanguage(f"unknown language code '{code}': {_no_data_for(language, script)}")
    return Language(
        code=get_locale_identifier(code_parts),
        tag=_tag(code_parts),
        locale=locale,
        script=script or effective,
    )


def _locale(code: str, parts: tuple[str, str | None, str | None, str | None]) -> Locale:
    """Babel's locale for `parts`, refusing the one Babel would put in place of a language it
    lacks."""
    language, territory = parts[0], parts[1]
    try:
        locale = Locale.parse(get_locale_identifier(parts))
    except (UnknownLocaleError, ValueError):
        locale = None
    # Babel resolves a tag it has no data for through CLDR's likely subtags, to another language
    # (`und` → `en_US`) or territory: that is not the language the project asked for.
    if (
        locale is None
        or locale.language != language
        or (territory and locale.territory != territory)
    ):
        raise UnknownLanguage(
            f"unknown language code '{code}': CLDR has no data for it; use a BCP 47 tag {_EXAMPLES}"
        )
    return locale


def _likely_script(locale: Locale) -> str:
    """The script CLDR's likely subtags give the locale's language (and territory): `kk` → Cyrl."""
    likely = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}", locale.language):
        if key in likely:
            script = parse_locale(likely[key])[2]
            return script or ""
    return ""


def _tag(parts: tuple[str, str | None, str | None, str | None]) -> str:
    language, territory, script, variant = parts
    # BCP 47's conventional case: variants in lower case (`ca-ES-valencia`), Babel upper-cases them.
    return get_locale_identifier(
        (language, territory, script, variant.lower() if variant else None), sep="-"
    )


def _no_data_for(language: str, script: str) -> str:
    english = Locale("en")
    derived = ", ".join(f"{lang}-{scr} (from {lang})" for lang, scr in sorted(DERIVED_SCRIPTS))
    return (
        f"CLDR has no {english.languages.get(language, language)} in "
        f"{english.scripts.get(script, script)} "
        f"script, and pressflow derives only {derived} by transliteration"
    )
