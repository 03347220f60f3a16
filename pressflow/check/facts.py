"""The facts of a translation: every number, year, date, time, percentage, phone number,
email address and URL of the source must be in the translation, with the same value.

How each side is read
    Each text is read with its own language's conventions from Babel's CLDR data: decimal
    and group symbols, percent sign and word, month names (format and stand-alone, wide and
    abbreviated), AM/PM markers, the field order of the short date pattern, the word that
    ends a list and the compact number words (тыс., млн, мың, thousand). Values are
    compared, not spellings: ``1,234.5`` (en) = ``1 234,5`` (ru, kk; U+0020, U+00A0, U+202F
    or U+2009 between groups) = ``1234,5``; ``70%`` = ``70 %`` = ``70 процентов``;
    ``3,000`` = ``3 тыс.`` = ``3 мың``. Letters after a number are an ending, not another
    fact: ``5%-ға``, ``19 наурызда``, ``2023 жылы``, ``7-ден``, ``9-шы``, ``9-е``,
    ``30-процентную``, ``9th``. A hyphen between numbers is a range or a score (``7-5``),
    not a minus. Digits glued to letters before them are part of a name (``HER2``).

    A scale word of three letters or more binds: ``2.8 billion`` is found as ``2,8 млрд``,
    or as a plain ``2.8`` followed by no scale word CLDR knows, never as ``2,8 млн``. A
    shorter one may be a unit (``200 m``, ``200 м``): either value will do. English news
    glues scales CLDR does not have to amounts (``£125m``, ``$2.8bn``, ``£1tn``): those bind
    too (``m`` only after a currency sign, where it cannot be metres), so that ``£125m`` is
    not found as ``125 млрд``.

Decimal or group: the rule
    A separator groups digits only where it is the language's CLDR group symbol and groups
    of exactly three digits follow it: ``1,234`` in en is 1234, ``1,23`` is 1 and 23. The
    language's decimal symbol, and a ``.`` or ``,`` that is not its group symbol, is a
    decimal point: ``1,5`` in ru is 1.5, and so ``1,234`` in ru is 1.234, as a Russian
    reads it (an English ``1,234`` copied unchanged into Russian is reported: there it says
    another value). A space groups digits only in a language whose group symbol is a
    space, and only after a first group of at most three digits (``2023 150`` is two
    numbers).

Numbers written as words
    A whole number of the source may be written as words in the translation, in any form of
    CLDR's spell-out rules for its language (``100`` → ``сто``, ``жүз``; ``25`` → ``двадцати
    пяти``; ``19th`` → ``девятнадцатая``; ``3,000`` → ``три тысячи``, ``2 million`` → ``два
    миллиона``), or in Roman numerals (``21st century`` → ``XXI век``): see `numerals`. A
    small number, 0 to 10, may also be a word that CLDR does not spell (``двое``, ``екеуі``,
    ``дважды``): a missing one is reported only when the translation has a number of its own in
    its place (``from 7 to 5%`` → ``8-ден 5%-ға``, ``9-го`` → ``8-го``). An ordinal is its
    number (``9th`` = ``9-шы`` = ``9-го``). A decade is its year or its last two digits
    (``the 1990s`` → ``90-х годов``).

Dates and times
    A date is a day, or days joined by a dash, a comma or the language's CLDR list word
    (and, и, және), next to a month name in either order, with an optional year after it
    (``March 19, 2023``, ``19 марта 2023 года``, ``Dec. 26``, ``19-20 наурыз``), or a
    numeric date (``19.03.2023`` in the language's CLDR field order, ``2023-03-19``). A
    translation has it when the same day stands next to the same month, in any form, and
    the year is anywhere in it (``2023 жылғы 19 наурызда``); a translation that names one
    month only has that month with each of its numbers, however put (``the 19th of March``).
    Languages that write month names in lowercase (ru, kk) inflect them, so a month matches
    by stem: марте, наурыздың, and with the Kazakh voicing of a final к, қ, п, қыркүйегінде.
    Languages that capitalize them (en) match them exactly: ``May`` is a month, ``may`` is
    not. A month next to a year only (``March 2023``) asks for that month anywhere in the
    translation and the year.

    Times are ``10:00``, ``8 a.m.``, ``5.30pm`` and, where ``.`` is not the decimal symbol,
    ``10.00``. A whole hour may be said by its number, on a 24- or 12-hour clock (``04:00``
    → ``около 4 часов утра``, ``20:00`` → ``в 8 вечера``).

Identifiers
    URLs (``http(s)://``, ``www.``, and every Markdown link or image target, never a link's
    text) and emails must be in the translation as they are; phone numbers (starting with
    ``+``, or with an area code in brackets) compare by their digits. Numbers in them are
    not numbers.

Counting
    Counts matter loosely: what the source says twice, the translation may say once. A
    value that only the translation has is reported as what was found in place of a
    missing one, ``number 30% of the source is missing from the translation (found: 70%)``,
    or of a repeated number that the translation has fewer times: ``number 30% is 2 times
    in the source, 1 in the translation (found: 35%)``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache, partial
from os.path import commonprefix

from babel import Locale
from babel.dates import get_date_format, get_month_names
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.units import format_unit
from markdown_it.common.normalize_url import normalizeLink

from pressflow.check import numerals
from pressflow.core import languages
from pressflow.source import markdown

# A reading is one value a fact can stand for: ("number" | "plain", Decimal), ("date", day, month),
# ("month", month), ("time", hour, minute), ("url" | "email" | "phone", text).
Reading = tuple
Readings = frozenset[Reading]
Reader = Callable[[re.Match, "_Conventions"], "Fact | None"]

_SPACES = " \u00a0\u202f\u2009"
_SPACE = f"[{_SPACES}]"
_LETTER = r"[^\W\d_]"
_START = r"(?<![^\W_])"  # not glued to a letter or digit before it (an underscore is Markdown)
_END = r"(?![^\W_])"
_BLANK = "\ufffc"  # replaces what was read, so that nothing reads it again
_SMALL = 10
_FREE_ENDING_STEM = (
    5  # a month stem this long takes any ending (наурыз-ындағы); shorter, two letters (ма-я)
)
_VOICED = str.maketrans("кқп", "гғб")  # Kazakh voices them before an ending: қыркүйек → қыркүйегі
_PHONE_DIGITS = 7

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)(?:[^\s<>\"'«»“”()\[\]]|\([^\s()]*\))+")
_PHONE = re.compile(
    rf"{_START}(?:\+\d[\d{_SPACES}().\-]{{5,}}\d"
    rf"|\(\d{{3,5}}\){_SPACE}?\d{{2,3}}[{_SPACES}\-]?\d\d[{_SPACES}\-]?\d\d){_END}"
)
_ISO_DATE = re.compile(rf"{_START}(\d{{4}})-(\d\d)-(\d\d){_END}")
_NUMERIC_DATE = re.compile(r"(?<![\w.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d\d)(?![\w/]|[.,]\d)")
_DAY_ENDING = rf"(?:st|nd|rd|th|-?{_LETTER}{{1,5}})?"
_YEAR_AFTER = rf"(?:,?{_SPACE}+(?P<year>\d{{4}}){_END})?"
_YEAR_RANGE_START = re.compile(r"(\d\d)\d\d[-–/]$")  # 2023-24, 2018/19
_DECADE = re.compile(r"(?:'|’)?s(?![^\W_])")  # the 1990s, the 1990's
_DOTTED_TIME = re.compile(r"(\d{1,2})\.([0-5]\d)")
_NEWS_SCALES = {"m": 10**6, "bn": 10**9, "tn": 10**12}
"""English news's scales glued to an amount (the Guardian's, the BBC's style), which CLDR lacks."""
_NEWS_SCALE = re.compile(r"(m|bn|tn)(?![^\W_])")
_CURRENCY_SIGNS = frozenset("$£€¥")


@dataclass(frozen=True)
class Fact:
    """One fact of a text: what a source asks of its translation, or what a translation offers."""

    kind: str  # a key of _NAMES
    text: str
    position: int
    alternatives: tuple[Readings, ...]
    """A source's fact is in a translation that has every reading of one alternative."""
    offers: Readings | None = None
    """What a translation's fact offers, where it is not just every reading of its
    alternatives: a date's day is also a number; 2,8 млрд is no plain 2.8."""
    optional: bool = False
    """A small number (0 to 10), which a translation may write as a word."""

    @property
    def readings(self) -> Readings:
        return frozenset().union(*self.alternatives) if self.offers is None else self.offers

    @property
    def identity(self) -> Readings:
        """The readings that say what the fact is: a date's day and month, not its year."""
        return frozenset(reading for reading in self.readings if reading[0] in _IDENTITY[self.kind])


_NAMES = {
    "number": "number",
    "date": "date",
    "time": "time",
    "phone": "phone number",
    "email": "email",
    "url": "URL",
}
_IDENTITY = {
    "number": {"number", "plain", "time"},
    "date": {"date", "month"},
    "time": {"time"},
    "phone": {"phone"},
    "email": {"email"},
    "url": {"url"},
}
# What a translation may have put in place of a missing fact of each kind.
_COMPARABLE = {
    "number": {"number"},
    "date": {"date", "number"},
    "time": {"time", "number"},
    "phone": {"phone"},
    "email": {"email"},
    "url": {"url"},
}


def facts(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """Problems with the facts of a translation: each number, year, date, time, percentage,
    phone number, email address and URL of the source must appear in the translation, and
    no number that the source has not."""
    wanted = _facts(source, source_language)
    offered = _facts(translation, language)
    if not (wanted or offered):
        return []
    readings = frozenset().union(*(fact.readings for fact in offered))
    readings |= _in_words(translation, language, wanted, readings)
    readings |= _months_named(translation, language, readings)
    # What the source asks, and the numbers its facts stand for (a date's day: the 19th of March)
    asked = frozenset().union(
        *(alternative for fact in wanted for alternative in fact.alternatives),
        *(fact.readings for fact in wanted if fact.kind == "date"),
    )
    unasked = [fact for fact in offered if not fact.identity & asked]
    problems: list[str] = []
    shown: set[int] = set()
    for fact, count in _distinct(wanted):
        others = [other for other in unasked if other.kind in _COMPARABLE[fact.kind]]
        found = list(dict.fromkeys(_shown(other, fact, language) for other in others))
        problem = _problem(fact, count, readings, offered, bool(found))
        if problem:
            problems.append(problem + (f" (found: {', '.join(found)})" if found else ""))
            shown.update(other.position for other in others)
    return problems + [
        f"{_NAMES[fact.kind]} {fact.text} is not in the source: remove it, or check the source"
        for fact in unasked
        if fact.position not in shown and _added(fact, asked, source, source_language)
    ]


def _problem(
    fact: Fact, count: int, readings: Readings, offered: list[Fact], replaced: bool
) -> str | None:
    """What is wrong with a fact of the source in a translation, if anything; `replaced` when
    the translation has a value of the kind that the source has not."""
    name = f"{_NAMES[fact.kind]} {fact.text}"
    found = [alternative <= readings for alternative in fact.alternatives]
    if not any(found):
        # a small number may be a word, unless another number stands in its place
        return (
            None
            if fact.optional and not replaced
            else f"{name} of the source is missing from the translation"
        )
    if fact.kind == "time" and not found[0] and replaced:
        # a whole hour said by its number (в 4 часа утра), unless another time stands in its place
        return f"{name} of the source is missing from the translation"
    if (
        fact.kind == "number"
        and count > 1
        and replaced
        and (times := _count(fact, offered)) < count
    ):
        return f"{name} is {count} times in the source, {times} in the translation"
    return None


def _added(fact: Fact, asked: Readings, source: str, source_language: str) -> bool:
    """Whether a number or date of a translation is one of its own: a value above ten (a smaller
    one may stand for a word of the source: twice, a couple, both) that the source has neither
    in digits (19 марта for the 19th of March) nor in words."""
    if fact.kind not in ("number", "date"):
        return False
    return any(
        value > _SMALL
        and ("number", value) not in asked
        and not (value == int(value) and numerals.in_words(int(value), source, source_language))
        for reading in fact.readings
        if reading[0] in ("number", "plain")
        for value in (reading[1],)
    )


def _count(fact: Fact, offered: list[Fact]) -> int:
    """How many facts of a translation have a fact of the source."""
    return sum(
        any(alternative <= other.readings for alternative in fact.alternatives) for other in offered
    )


def _shown(found: Fact, missing: Fact, language: str) -> str:
    """What a translation has in place of a missing fact; the same digits with another value
    in the translation's language (1,234 in Russian is 1.234) are said how to write."""
    if found.text != missing.text or missing.kind != "number":
        return found.text
    wanted = min(reading[1] for reading in missing.identity if reading[0] == "number")
    have = min(reading[1] for reading in found.identity if reading[0] == "number")
    written = format_decimal(wanted, locale=_locale(language))
    return f"{found.text}, which is {have} in {language}: write {written}"


def _distinct(candidates: list[Fact]) -> Iterator[tuple[Fact, int]]:
    """The first of the facts that ask the same, and how many ask it: a value the source
    repeats may be in the translation once, unless another value stands in its place."""
    counts = Counter(fact.alternatives for fact in candidates)
    seen = set()
    for fact in candidates:
        if fact.alternatives not in seen:
            seen.add(fact.alternatives)
            yield fact, counts[fact.alternatives]


def _facts(text: str, language: str) -> list[Fact]:
    """Every fact of a Markdown message, in the order of the text."""
    conventions = _conventions(language)
    plain, found = _flatten(text)
    for pattern, read in conventions.readers:
        plain = pattern.sub(partial(_take, read=read, conventions=conventions, found=found), plain)
    return sorted(found, key=lambda fact: fact.position)


def _take(match: re.Match, read: Reader, conventions: _Conventions, found: list[Fact]) -> str:
    """A match that reads as a fact is kept and blanked out; any other match stays as it is."""
    fact = read(match, conventions)
    if fact is None:
        return match[0]
    found.append(fact)
    return _BLANK * len(match[0])


def _flatten(text: str) -> tuple[str, list[Fact]]:
    """The text that a reader sees, and each link or image target as a fact. A link's own
    text is translated: a URL or email written in it is not compared, its target is."""
    parts, targets = [], []
    in_link = False
    for token in _walk(markdown.parse_inline(text)):
        if token.type in ("link_open", "image"):
            targets.append(_target(str(token.attrGet("href") or token.attrGet("src") or "")))
        in_link = token.type == "link_open" or (in_link and token.type != "link_close")
        if token.type == "text":
            parts.append(
                _EMAIL.sub(_blank, _URL.sub(_blank, token.content)) if in_link else token.content
            )
        elif token.type in ("code_inline", "image"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak", "html_inline"):
            parts.append(" ")
    return "".join(parts), [target for target in targets if target]


def _walk(tokens):
    for token in tokens:
        yield token
        if token.type != "image":  # an image's children repeat its alt text
            yield from _walk(token.children or [])


def _blank(match: re.Match) -> str:
    return _BLANK * len(match[0])


def _target(target: str) -> Fact | None:
    scheme, _, rest = target.partition(":")
    if scheme == "mailto":
        address = rest.split("?")[0]
        return Fact("email", address, -1, (frozenset({("email", address.lower())}),))
    if scheme == "tel":
        return _phone(rest, -1)
    return Fact("url", target, -1, (frozenset({("url", target)}),)) if target else None


def _email(match: re.Match, conventions: _Conventions) -> Fact:
    return Fact("email", match[0], match.start(), (frozenset({("email", match[0].lower())}),))


def _url(match: re.Match, conventions: _Conventions) -> Fact:
    url = match[0].rstrip(".,;:!?")  # the sentence's punctuation
    return Fact("url", url, match.start(), (frozenset({("url", normalizeLink(url))}),))


def _phone_match(match: re.Match, conventions: _Conventions) -> Fact | None:
    return _phone(match[0], match.start())


def _phone(text: str, position: int) -> Fact | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) < _PHONE_DIGITS:
        return None
    return Fact("phone", text.strip(), position, (frozenset({("phone", digits)}),))


def addresses(text: str) -> list[tuple[int, int, str]]:
    """Where `text` writes an email address, a URL or a phone number, read as the check reads them,
    each kind where the ones before it are not: (start, end, "email" | "url" | "phone"), in order.
    A bulletin keeps them whole on their lines."""
    found = []
    for kind, pattern in (("email", _EMAIL), ("url", _URL), ("phone", _PHONE)):
        for match in pattern.finditer(text):
            start, shown = match.start(), match[0]
            if kind == "url":
                shown = shown.rstrip(".,;:!?")  # the sentence's punctuation
            elif kind == "phone" and _phone(shown, start) is None:
                continue
            found.append((start, start + len(shown), kind))
            text = text[:start] + _BLANK * len(match[0]) + text[match.end() :]
    return sorted(found)


def _date(match: re.Match, days: list[int], month: int, year: int | None) -> Fact | None:
    if not (all(1 <= day <= 31 for day in days) and 1 <= month <= 12):
        return None
    required = {("date", day, month) for day in days} | (
        {("number", Decimal(year))} if year else set()
    )
    return Fact(
        "date",
        match[0],
        match.start(),
        (frozenset(required),),
        offers=frozenset(required | {("number", Decimal(day)) for day in days}),
    )


def _iso_date(match: re.Match, conventions: _Conventions) -> Fact | None:
    return _date(match, [int(match[3])], int(match[2]), int(match[1]))


def _numeric_date(match: re.Match, conventions: _Conventions) -> Fact | None:
    first, second = int(match[1]), int(match[3])
    day, month = (first, second) if conventions.day_first else (second, first)
    if month > 12:  # only the other order makes a date
        day, month = month, day
    year = int(match[4]) + (2000 if len(match[4]) == 2 else 0)  # CLDR's short dates have dd.MM.yy
    return _date(match, [day], month, year)


def _day_month(match: re.Match, conventions: _Conventions) -> Fact | None:
    month = conventions.month_of(match["month"])
    if month is None:
        return None
    days = [int(day) for day in re.findall(r"\d+", match["days"])]
    return _date(match, days, month, int(match["year"]) if match["year"] else None)


def _month_year(match: re.Match, conventions: _Conventions) -> Fact | None:
    month = conventions.month_of(match["month"])
    if month is None:
        return None
    required = frozenset({("month", month), ("number", Decimal(match["year"]))})
    return Fact("date", match[0], match.start(), (required,))


def _time(match: re.Match, conventions: _Conventions) -> Fact | None:
    hour, minute, marker = int(match["hour"]), int(match["minute"] or 0), match["marker"]
    if marker:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if _plain_marker(marker) == conventions.pm else 0)
    elif match["separator"] != ":":
        return None
    if hour > 23:
        return None
    alternatives = _time_alternatives(hour, minute)
    numbers = {("number", Decimal(hour)), ("number", Decimal(minute))}  # в 15 ч. 30 мин.
    return Fact(
        "time",
        match[0],
        match.start(),
        alternatives,
        offers=frozenset().union(*alternatives, numbers),
    )


def _time_alternatives(hour: int, minute: int) -> tuple[Readings, ...]:
    """The time itself; a whole hour may also be said by its number, on a 24- or 12-hour clock."""
    alternatives: list[Readings] = [frozenset({("time", hour, minute)})]
    if minute == 0:
        alternatives.append(frozenset({("number", Decimal(hour))}))
        if hour > 12:
            alternatives.append(frozenset({("number", Decimal(hour - 12))}))
    return tuple(alternatives)


def _plain_marker(marker: str) -> str:
    return re.sub(rf"[.{_SPACES}]", "", marker).lower()


def _number(match: re.Match, conventions: _Conventions) -> Fact:
    written = match["number"]
    value = Decimal(re.sub(r"[.,]", ".", re.sub(f"[{re.escape(conventions.group)}]", "", written)))
    news_scale, news_word = _news_scale(match, conventions)
    if news_scale:
        scaled = frozenset({("number", value * news_scale)})
        alternatives, offers = [scaled, frozenset({("plain", value)})], scaled | {("number", value)}
    else:
        alternatives, offers = _scaled(value, match["scale"], conventions)
    other_readings: list[Reading] = []
    range_start = _YEAR_RANGE_START.search(match.string, 0, match.start())
    if range_start and len(written) == 2:  # 2023-24 is 2023-2024
        other_readings.append(("number", Decimal(range_start[1] + written)))
    if re.fullmatch(r"\d\d[1-9]0", written) and _DECADE.match(
        match.string, match.end()
    ):  # 1990s: 90-х
        other_readings.append(("number", Decimal(written[2:])))
    time = _DOTTED_TIME.fullmatch(written) if conventions.decimal != "." else None
    if time and int(time[1]) <= 23:  # в 10.00
        other_readings.append(("time", int(time[1]), int(time[2])))
    small = written.isdigit() and value <= _SMALL and not match["scale"]
    shown = match[0].rstrip(_SPACES + "-")
    return Fact(
        "number",
        shown + news_word,
        match.start(),
        (*alternatives, *(frozenset({reading}) for reading in other_readings)),
        offers=offers | set(other_readings),
        optional=small,
    )


def _news_scale(match: re.Match, conventions: _Conventions) -> tuple[int, str]:
    """An English news scale glued to the number (£125m, 2.8bn) and its size; (0, "") if none."""
    if not conventions.news_scales or match["scale"] or match["percent"]:
        return 0, ""
    glued = _NEWS_SCALE.match(match.string, match.end())
    if glued is None:
        return 0, ""
    if glued[1] == "m" and match.string[match.start() - 1 : match.start()] not in _CURRENCY_SIGNS:
        return 0, ""
    return _NEWS_SCALES[glued[1]], glued[1]


def _scaled(
    value: Decimal, scale: str | None, conventions: _Conventions
) -> tuple[list[Readings], Readings]:
    """What a number with or without a scale word asks and offers. A number without one is
    "plain": a scaled source number (2,8 млрд) is found scaled by the same amount, or plain
    (£2.8bn, with a scale word CLDR does not know), never as 2.8 million. A scale word
    under three letters may be a unit (200 m, 200 м): then either value does."""
    number, plain = frozenset({("number", value)}), frozenset({("plain", value)})
    if not scale:
        return [number], number | plain
    scaled = frozenset({("number", value * conventions.scale_of(scale))})
    if len(scale.rstrip(".")) < 3:
        return [number, scaled], number | scaled
    return [scaled, plain], scaled | number


def _in_words(text: str, language: str, wanted: list[Fact], readings: Readings) -> Readings:
    """The whole numbers of the source (days of its dates among them) that a translation lacks
    in digits and has in words."""
    values = {
        int(reading[1])
        for fact in wanted
        for alternative in fact.alternatives
        for reading in alternative
        if reading[0] in ("number", "date") and reading[1] == int(reading[1])
    }
    return frozenset(
        ("number", Decimal(value))
        for value in values
        if ("number", Decimal(value)) not in readings and numerals.in_words(value, text, language)
    )


def _months_named(text: str, language: str, readings: Readings) -> Readings:
    """Every month that a translation names, for a source's month and year. A translation
    that names one month only has it with each of its numbers that can be a day, however
    they are put together (the 19th of March, 19 числа)."""
    conventions = _conventions(language)
    months = {
        month
        for word in conventions.month.finditer(text)
        if (month := conventions.month_of(word[0]))
    }
    named = frozenset(("month", month) for month in months)
    if len(months) != 1:
        return named
    days = {
        int(reading[1])
        for reading in readings
        if reading[0] == "number"
        and reading[1] == reading[1].to_integral_value()
        and 1 <= reading[1] <= 31
    }
    return named | {("date", day, *months) for day in days}


@dataclass(frozen=True)
class _Conventions:
    """How one language writes numbers, dates and times, from Babel's CLDR data."""

    group: str
    decimal: str
    pm: str
    day_first: bool
    month: re.Pattern
    month_of: Callable[[str], int | None]
    scale_of: Callable[[str], int]
    news_scales: bool
    readers: tuple[tuple[re.Pattern, Reader], ...]


@cache
def _conventions(language: str) -> _Conventions:
    locale = _locale(language)
    group, decimal = get_group_symbol(locale=locale), get_decimal_symbol(locale=locale)
    month, month_of = _months(locale)
    scales = _scales(locale)
    sizes = {name.rstrip("."): size for name, size in scales.items()}
    return _Conventions(
        group=_SPACES if group.isspace() else group,
        decimal=decimal,
        pm=_plain_marker(_day_periods(locale).get("pm", "")),
        day_first=_day_first(locale),
        month=month,
        month_of=month_of,
        scale_of=lru_cache(maxsize=1024)(partial(_scale_of, sizes)),
        news_scales=locale.language == "en",
        readers=(
            (_EMAIL, _email),
            (_URL, _url),
            (_PHONE, _phone_match),
            (_ISO_DATE, _iso_date),
            (_NUMERIC_DATE, _numeric_date),
            *((pattern, _day_month) for pattern in _day_month_patterns(locale, month.pattern)),
            (
                re.compile(rf"(?P<month>{month.pattern}),?{_SPACE}+(?P<year>\d{{4}}){_END}"),
                _month_year,
            ),
            (_time_pattern(locale), _time),
            (_number_pattern(locale, group, decimal, scales), _number),
        ),
    )


@cache
def _locale(language: str) -> Locale:
    """Babel's locale of a language (a derived edition's is its base's); English for a code that
    names no language."""
    try:
        return languages.parse(language).locale
    except languages.UnknownLanguage:
        return Locale.parse("en")


def _number_pattern(locale: Locale, group: str, decimal: str, scales: dict[str, int]) -> re.Pattern:
    grouping = _SPACE if group.isspace() else re.escape(group)
    points = "".join(sorted({decimal, ".", ","} - {group}))
    return re.compile(
        rf"{_START}(?P<number>(?:\d{{1,3}}(?:{grouping}\d{{3}})+(?!\d)|\d+)(?:[{re.escape(points)}]\d+)?)"
        rf"(?:(?P<percent>{_percent(locale)})|{_SPACE}?(?P<scale>{_scale_words(scales)}){_END})?"
    )


def _percent(locale: Locale) -> str:
    """The percent sign (70%, 70 %) or CLDR's long percent word with an ending (30 процентов,
    30-процентную)."""
    percent_sign = locale.number_symbols[locale.default_numbering_system]["percentSign"]
    sign = rf"{_SPACE}?{re.escape(percent_sign)}"
    words = [
        re.sub(
            r"[\d.,\s]", "", format_unit(value, "concentr-percent", length="long", locale=locale)
        ).lower()
        for value in (1, 2, 5, 1.5)
    ]  # one plural form or another (процент, процента, процентов)
    stem = commonprefix(words)
    return rf"{sign}|[{_SPACES}-](?i:{re.escape(stem)}){_LETTER}*" if stem else sign


def _scales(locale: Locale) -> dict[str, int]:
    """CLDR's compact number words and what they multiply by: тыс. 1000, млн 10⁶, billion 10⁹."""
    scales: dict[str, int] = {}
    for plurals in locale.compact_decimal_formats.values():
        for patterns in plurals.values():
            for magnitude, pattern in patterns.items():
                zeros = pattern.pattern.count("0")
                word = re.sub(r"[0\s'¤]", "", pattern.pattern)
                if word and zeros:
                    scales.setdefault(word, int(magnitude) // 10 ** (zeros - 1))
    return scales


def _scale_words(scales: dict[str, int]) -> str:
    """Words of three letters or more in any case and with endings (тысяч, Million), shorter
    ones as CLDR writes them (K, not k); a dot only where CLDR has one (тыс.)."""
    words = []
    for word in sorted(scales, key=len, reverse=True):
        stem, dot = word.rstrip("."), r"\.?" if word.endswith(".") else ""
        words.append(
            rf"(?i:{re.escape(stem)}){_LETTER}*{dot}" if len(stem) >= 3 else re.escape(stem) + dot
        )
    return f"(?:{'|'.join(words)})" if words else "(?!)"


def _scale_of(sizes: dict[str, int], word: str) -> int:
    """The size of the longest CLDR word that the written one is, or starts (тысячами: тысяч)."""
    word = word.rstrip(".")
    names = [
        name
        for name in sizes
        if word == name or len(name) >= 3 and word.lower().startswith(name.lower())
    ]
    return sizes[max(names, key=len)] if names else 1


def _time_pattern(locale: Locale) -> re.Pattern:
    """10:00, 10:00:30, 8 a.m., 5.30pm: CLDR's AM and PM markers, with or without dots."""
    periods = _day_periods(locale)
    markers = sorted(
        {
            r"\.?".join(map(re.escape, _plain_marker(periods[key]))) + r"\.?"
            for key in ("am", "pm")
            if key in periods
        },
        key=len,
        reverse=True,
    )
    marker = f"(?i:{'|'.join(markers)})" if markers else "(?!)"
    return re.compile(
        rf"(?<![\w:.,])(?P<hour>\d{{1,2}})(?:(?P<separator>[:.])(?P<minute>[0-5]\d)(?::[0-5]\d)?)?"
        rf"(?:{_SPACE}?(?P<marker>{marker}))?(?![\w:]|[.,]\d)"
    )


def _day_periods(locale: Locale) -> dict[str, str]:
    return dict(locale.day_periods.get("format", {}).get("abbreviated", {}))


def _day_first(locale: Locale) -> bool:
    pattern = get_date_format("short", locale=locale).pattern
    return pattern.find("d") < pattern.find("M")


def _day_month_patterns(locale: Locale, month: str) -> tuple[re.Pattern, re.Pattern]:
    """Days then month (19 марта, 6-шы қарашадан, 19-20 наурыз) and month then days (March 19th,
    Dec. 26, March 19 and 20), a year after either. Days are listed with a dash, a comma or
    CLDR's word for "and" of the language's lists."""
    day = rf"\d{{1,2}}{_DAY_ENDING}"
    joint = rf"{_SPACE}?[-–—]{_SPACE}?|,{_SPACE}+|{_SPACE}+{_list_word(locale)}{_SPACE}+"
    days = rf"(?P<days>{day}(?:(?:{joint}){day})*)"
    return (
        re.compile(rf"{_START}{days}\.?{_SPACE}+(?P<month>{month}){_YEAR_AFTER}"),
        re.compile(rf"{_START}(?P<month>{month}){_SPACE}+{days}{_END}(?![.,]\d){_YEAR_AFTER}"),
    )


def _list_word(locale: Locale) -> str:
    """The word that joins the last two items of a list: and, и, және."""
    patterns = locale.list_patterns.get("standard", {})
    words = {re.sub(r"\{\d\}|[,\s]", "", patterns.get(key, "")) for key in ("2", "end")} - {""}
    return f"(?:{'|'.join(map(re.escape, sorted(words)))})" if words else "(?!)"


def _months(locale: Locale) -> tuple[re.Pattern, Callable[[str], int | None]]:
    """A pattern for the month names of a language, and the month (1-12) of a word it matched.

    Languages that write month names in lowercase inflect them (марте, наурыздың): a month
    is its stem, the longest common start of its wide forms, with an ending; languages that
    capitalize them (English) match them exactly. A CLDR form, or a start of three letters
    or more of a wide name with a dot (Sept., нояб.), is a month in both."""
    wide = {
        month: {
            get_month_names("wide", context, locale)[month] for context in ("format", "stand-alone")
        }
        for month in range(1, 13)
    }
    inflected = all(
        name == name.lower() for name in get_month_names("wide", "format", locale).values()
    )
    case = str.lower if inflected else str
    exact: dict[str, int] = {}
    shortened: dict[str, int] = {}
    stems: dict[str, int] = {}
    for month in range(1, 13):
        for context in ("format", "stand-alone"):
            exact.setdefault(case(get_month_names("abbreviated", context, locale)[month]), month)
        for name in map(case, wide[month]):
            exact[name] = month
            shortened.update({name[:length]: month for length in range(3, len(name))})
        if inflected:
            stem = commonprefix([case(name) for name in wide[month]])
            stems[stem] = month
            stems.setdefault(stem[:-1] + stem[-1:].translate(_VOICED), month)

    def month_of(word: str) -> int | None:
        key = case(word)
        if key in exact:
            return exact[key]
        if key.endswith("."):
            return exact.get(key[:-1]) or shortened.get(key[:-1])
        return next(
            (
                stems[stem]
                for stem in sorted(stems, key=len, reverse=True)
                if key.startswith(stem) and _ending_fits(stem, key[len(stem) :])
            ),
            None,
        )

    forms = (
        [
            re.escape(name) + ("" if name.endswith(".") else r"\.?")
            for name in sorted(exact, key=len, reverse=True)
        ]
        + [re.escape(name) + r"\." for name in shortened]
        + [
            re.escape(stem)
            + (f"{_LETTER}*" if len(stem) >= _FREE_ENDING_STEM else f"{_LETTER}{{0,2}}")
            for stem in stems
        ]
    )
    flags = "(?i:" if inflected else "(?:"
    return re.compile(f"{_START}{flags}{'|'.join(forms)}){_END}"), lru_cache(maxsize=4096)(month_of)


def _ending_fits(stem: str, ending: str) -> bool:
    return len(stem) >= _FREE_ENDING_STEM or len(ending) <= 2
