"""CLDR data that Babel does not give, read through ICU (the same CLDR release as Babel's): each
language's quotation marks and exemplar characters, and a time of day with the name of its zone.

Babel has no quotation delimiters. Its time-zone names follow an older CLDR: a zone of a country
with several zones comes out as "Kazakhstan (Almaty) Time", in Russian with the daylight variant
of the region format ("Казахстан (Алматы), летнее время"), and a zone is named by its metazone of
today whatever the date (Almaty "Kazakhstan Time", UTC+5, in 2023, when it was UTC+6). ICU names
each moment as CLDR does: "East Kazakhstan Time" until March 2024, "Kazakhstan Time" since.
"""

from __future__ import annotations

import datetime as dt
import functools

import icu

from pressflow.core import languages

_QUOTES = (
    icu.ULocaleDataDelimiterType.QUOTATION_START,
    icu.ULocaleDataDelimiterType.QUOTATION_END,
    icu.ULocaleDataDelimiterType.ALT_QUOTATION_START,
    icu.ULocaleDataDelimiterType.ALT_QUOTATION_END,
)
# The language's letters, those of names and words it borrows, and its punctuation (ICU's
# ULOCDATA_ES_PUNCTUATION, which PyICU's enum does not name).
_EXEMPLARS = (
    icu.ULocaleDataExemplarSetType.ES_STANDARD,
    icu.ULocaleDataExemplarSetType.ES_AUXILIARY,
    3,
)
# Hours and minutes on the language's clock (12 or 24 hours: `j`), and the zone's long specific
# name (`zzzz`), arranged by CLDR's patterns for them.
_TIME_WITH_ZONE = "jmmzzzz"


@functools.cache
def quotation_marks(language: str) -> str:
    """The language's quotes, primary then secondary, each opening then closing: “”‘’ in English,
    «»„“ in Russian, «»“” in Kazakh (a derived edition's are its base language's)."""
    data = icu.LocaleData(_locale_id(language))
    return "".join(data.getDelimiter(kind) for kind in _QUOTES)


@functools.cache
def exemplar_characters(language: str) -> frozenset[str]:
    """The characters CLDR says the language is written with: its letters, the auxiliary letters
    of names and words it borrows, and its punctuation; lower case."""
    data = icu.LocaleData(_locale_id(language))
    return frozenset(
        character
        for kind in _EXEMPLARS
        for item in data.getExemplarSet(0, kind)
        for character in str(item)
    )


def time_with_zone(moment: dt.datetime, zone: str, language: str) -> str:
    """`moment` in `zone` as a time of day, without seconds, and the zone's name then:
    '10:00 AM East Kazakhstan Time', '09:00 Қазақстан уақыты', '09:00 Казахстан'."""
    formatter = _formatter(_locale_id(language), zone)
    return formatter.format(moment.timestamp())  # PyICU takes a date as seconds since the epoch


@functools.cache
def _formatter(locale_id: str, zone: str) -> icu.SimpleDateFormat:
    locale = icu.Locale(locale_id)
    pattern = icu.DateTimePatternGenerator.createInstance(locale).getBestPattern(_TIME_WITH_ZONE)
    formatter = icu.SimpleDateFormat(pattern, locale)
    formatter.setTimeZone(icu.TimeZone.createTimeZone(zone))
    return formatter


def _locale_id(language: str) -> str:
    return str(languages.parse(language).locale)
