"""Write catalogs exactly as GNU gettext 0.21 writes PO files.

``msgcat``, ``msgmerge`` and ``msgattrib`` all print through gettext's
``write-po.c``; polib's own writer wraps lines with ``textwrap`` and breaks
them elsewhere.  This module reproduces ``write-po.c`` on top of polib's
parsed entries:

* strings are wrapped with the Unicode line breaking algorithm (UAX #14) as
  libunistring 1.0 implements it (``ulc_width_linebreaks``), measured in
  display columns, never inside a c/python/python-brace format directive;
* comments, references, flags and previous strings are normalized the way
  gettext reads and writes them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the catalog's types, which come from the reader (po.py imports this module)
    from pressflow.catalog.po import Catalog, Entry


__all__ = ["format_catalog", "format_entry", "format_header"]

DEFAULT_WIDTH = 79
_MIN_WIDTH = 20  # msgcat raises smaller --width values to 20


# ---------------------------------------------------------------------------
# Unicode line breaking (the part of UAX #14 that PO text needs)

# Pair table of UAX #14 (table 7.3) as libunistring 1.0 ships it, restricted
# to the classes below: "_" = break, "%" = break only after spaces,
# "^" = no break.  Rows: class before the opportunity, columns: class after.
# libunistring deviates from UAX #14 in IS x AL ("_"): it breaks after the
# dots of "www.gnu.org".
_PAIR_TABLE = """
    WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL ID
WJ  ^  %  %  %  %  %  ^  ^  ^  %  %  %  %  ^  %  %  %  ^  %  %
GL  ^  %  %  %  %  %  ^  ^  ^  %  %  %  %  ^  %  %  %  ^  %  %
B2  ^  %  ^  %  _  %  ^  ^  ^  %  %  _  %  ^  _  _  _  ^  _  _
BA  ^  _  _  %  _  %  ^  ^  ^  %  %  _  %  ^  _  _  _  ^  _  _
BB  ^  %  %  %  %  %  ^  ^  ^  %  %  %  %  ^  %  %  %  ^  %  %
HY  ^  _  _  %  _  %  ^  ^  ^  %  %  _  %  ^  %  _  _  ^  _  _
CL  ^  %  _  %  _  %  ^  ^  ^  %  ^  _  %  ^  _  %  %  ^  _  _
CP  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  %  %  %  ^  %  _
EX  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  _  _  _  ^  _  _
IN  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  _  _  _  ^  _  _
NS  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  _  _  _  ^  _  _
OP  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^  ^
QU  ^  %  %  %  %  %  ^  ^  ^  %  %  ^  %  ^  %  %  %  ^  %  %
IS  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  %  _  _  ^  _  _
NU  ^  %  _  %  _  %  ^  ^  ^  %  %  %  %  ^  %  %  %  ^  %  _
PO  ^  %  _  %  _  %  ^  ^  ^  %  %  %  %  ^  %  _  _  ^  %  _
PR  ^  %  _  %  _  %  ^  ^  ^  %  %  %  %  ^  %  _  _  ^  %  %
SY  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  %  _  _  ^  _  _
AL  ^  %  _  %  _  %  ^  ^  ^  %  %  %  %  ^  %  %  %  ^  %  _
ID  ^  %  _  %  _  %  ^  ^  ^  %  %  _  %  ^  _  %  _  ^  _  _
"""


def _parse_pair_table(table: str) -> dict[tuple[str, str], str]:
    header, *rows = table.strip().splitlines()
    after = header.split()
    pairs: dict[tuple[str, str], str] = {}
    for row in rows:
        before, *rules = row.split()
        pairs.update(((before, a), rule) for a, rule in zip(after, rules))
    return pairs


_PAIRS = _parse_pair_table(_PAIR_TABLE)

# Characters whose class their general category does not tell.  Classes
# outside the pair table: SP (space) and ZW (zero width space) allow a break
# after them, CM (combining marks, controls) attaches to the character before
# it, ZWJ (zero width joiner) also to the one after it.
_CLASS_OF_CHAR = {
    " ": "SP",
    "\u200b": "ZW",
    "\u200d": "ZWJ",
    "!": "EX",
    "?": "EX",
    "\u203c": "NS",
    "\u203d": "NS",
    "\u2047": "NS",
    "\u2048": "NS",
    "\u2049": "NS",
    '"': "QU",
    "'": "QU",
    ")": "CP",
    "]": "CP",
    ",": "IS",
    ".": "IS",
    ":": "IS",
    ";": "IS",
    "\u2044": "IS",
    "-": "HY",
    "/": "SY",
    "|": "BA",
    "\u00ad": "BA",
    "\u2027": "BA",
    "%": "PO",
    "\u00a2": "PO",
    "\u00b0": "PO",
    "\u2030": "PO",
    "\u2031": "PO",
    "\u2032": "PO",
    "\u2033": "PO",
    "\u2034": "PO",
    "\u2103": "PO",
    "\u2109": "PO",
    "+": "PR",
    "\\": "PR",
    "\u00b1": "PR",
    "\u2116": "PR",
    "\u2212": "PR",
    "\u2213": "PR",
    "\u00a0": "GL",
    "\u2007": "GL",
    "\u2011": "GL",
    "\u202f": "GL",
    "\u2060": "WJ",
    "\ufeff": "WJ",
    "\u00a1": "OP",
    "\u00bf": "OP",
    "\u00b4": "BB",
    "\u02c8": "BB",
    "\u02cc": "BB",
    "\u2014": "B2",
    "\u2015": "AL",
    "\u2024": "IN",
    "\u2025": "IN",
    "\u2026": "IN",
}

_CLASS_OF_CATEGORY = {
    "Mn": "CM",
    "Mc": "CM",
    "Me": "CM",
    "Cc": "CM",
    "Cf": "CM",
    "Nd": "NU",
    "Ps": "OP",
    "Pe": "CL",
    "Pi": "QU",
    "Pf": "QU",
    "Pd": "BA",
    "Zs": "BA",
    "Sc": "PR",
}


@functools.lru_cache(maxsize=4096)
def _line_break_class(char: str) -> str:
    known = _CLASS_OF_CHAR.get(char)
    if known:
        return known
    by_category = _CLASS_OF_CATEGORY.get(unicodedata.category(char))
    if by_category:
        return by_category
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "ID"
    return "AL"


def _break_opportunities(text: str) -> list[int]:
    """The indexes of `text` before which UAX #14 allows a line break.

    Follows libunistring 1.0 (u8_possible_linebreaks): a pair table looked up
    with the last non-space class, where "%" entries break only after spaces.
    Between two words (runs of characters other than the space) the state is
    only that class and whether a space came: each word is decided once for
    each such state (`_word_breaks`), and words repeat.
    """
    allowed: list[int] = []
    append, word_breaks = allowed.append, _word_breaks
    last = "BK"  # class of the last non-space character; BK = start of text
    after_space = False
    offset = 0
    for word in text.split(" "):
        if word:
            breaks, last = word_breaks(last, after_space, word)
            for index in breaks:
                append(offset + index)
        offset += len(word) + 1
        after_space = True  # a space follows each piece but the last
    return allowed


@functools.lru_cache(maxsize=65536)
def _word_breaks(last: str, after_space: bool, word: str) -> tuple[tuple[int, ...], str]:
    """The break opportunities in a word without spaces, entered with the class of the last
    non-space character before it (`last`) and whether a space came since; and the class of its own
    last non-space character. A run of plain letters (class AL after AL) changes nothing after its
    first character, so each run is decided by that one."""
    allowed = []
    previous = None  # class of the previous character
    for run in _runs().finditer(word):
        index = run.start()
        cls = _line_break_class(word[index])
        after_joiner, previous = previous == "ZWJ", cls
        if cls == "ZW":
            last, after_space = "ZW", False
            continue
        if cls in ("CM", "ZWJ"):
            # A mark attaches to its base; without one it acts as a letter.
            if last == "BK" or last == "ZW" or after_space:
                if last != "BK":
                    allowed.append(index)
                last, after_space = "AL", False
            continue
        if last == "ZW":
            allowed.append(index)
        elif last != "BK" and not after_joiner:
            rule = _PAIRS[last, cls]
            if rule == "_" or (rule == "%" and after_space):
                allowed.append(index)
        last, after_space = cls, False
    return tuple(allowed), last


@functools.lru_cache(maxsize=4096)
def _display_width(char: str) -> int:
    """Columns of a character as libunistring's uc_width counts them."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    if "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff":
        return 0  # Hangul vowels and final consonants join the syllable
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fit_line_breaks(text: str, allowed: list[int], width: float, column: int) -> list[int]:
    """Indexes of `text` before which a line must break to fit in `width`.

    Greedy, as ulc_width_linebreaks: text between two break opportunities
    (the indexes `allowed`) is an unbreakable piece; a piece that would
    overflow goes to a new line.
    """
    if not allowed:
        return []
    bounds = [*allowed, len(text)]
    if _narrow().fullmatch(text):
        columns = bounds
    else:
        widths = [0, *itertools.accumulate(map(_display_width, text))]
        columns = [widths[bound] for bound in bounds]
    breaks = []
    column += columns[0]
    for number in range(1, len(bounds)):
        piece = columns[number] - columns[number - 1]
        if column + piece > width:
            breaks.append(bounds[number - 1])
            column = 0
        column += piece
    return breaks


def _chars(test) -> str:
    """A regex character class of the characters up to U+2FFF that pass `test`."""
    ranges, start = [], None
    for code in range(0x20, 0x3001):
        if code < 0x3000 and test(chr(code)):
            start = code if start is None else start
        elif start is not None:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(code - 1)) if code - 1 > start else "")
            )
            start = None
    return "[" + "".join(ranges) + "]"


@functools.cache
def _narrow() -> re.Pattern:
    """Text one column wide a character (most text): a piece's width is its length."""
    return re.compile(_chars(lambda char: _width(char) == 1) + "*")


@functools.cache
def _runs() -> re.Pattern:
    """A run of plain one-column letters (class AL), a run of spaces, or any other character."""
    return re.compile(
        _chars(lambda char: _width(char) == 1 and _class(char) == "AL") + "+| +|.", re.DOTALL
    )


# Each character once: uncached (the caches would only churn).
_width, _class = _display_width.__wrapped__, _line_break_class.__wrapped__


# ---------------------------------------------------------------------------
# Format directives: gettext never breaks a line inside one

_C_DIRECTIVE = re.compile(
    r"""%(?:(?P<number>\d++)\$)?
        (?P<flags>[-+ #0'I]*+)
        (?:\*(?:(?P<width_number>\d++)\$)?(?P<star>)|\d++)?
        (?:\.(?:\*(?:(?P<precision_number>\d++)\$)?(?P<precision_star>)|\d*+))?
        (?:<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>
          |[hlLqjzZt]*+(?P<conversion>[diouxXeEfFgGaAcCsSpnm%@]))""",
    re.VERBOSE | re.ASCII,
)

_PYTHON_DIRECTIVE = re.compile(
    r"%(?P<name>\((?:[^()]|\([^()]*\))*\))?[-+ #0]*+(?P<width>\*|\d++)?"
    r"(?:\.(?P<precision>\*|\d++))?[hlL]?(?P<conversion>[diouxXeEfgGcrs%])",
    re.ASCII,
)

_BRACE_NAMED_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_BRACE_ANY_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+", re.ASCII)
_BRACE_FORMAT_SPEC = re.compile(
    r"(?:.[<>=^]|[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?", re.ASCII | re.DOTALL
)


def _c_directive_spans(value: str, translated: bool, objc: bool):
    """Spans of the valid C format directives, up to the first invalid one."""

    def read(start: int):
        match = _C_DIRECTIVE.match(value, start)
        if not match or _c_directive_rejected(match, translated, objc):
            return None
        arguments = _c_arguments(match)  # numbered (%1$d) or not, each
        return match, (any(arguments), not all(arguments))

    return _percent_directive_spans(value, read)


def _percent_directive_spans(value: str, read) -> list[tuple[int, int]]:
    """Spans of the %-directives of `value`, up to the first invalid one, or the first that makes
    the string mix the two kinds of argument a format cannot mix (numbered and not, named and not).
    `read(start)`: the directive at `start` and whether it takes each kind, or None if invalid."""
    spans: list[tuple[int, int]] = []
    first_kind = second_kind = False
    end = 0
    for start in _percent_positions(value):
        if start < end:
            continue
        found = read(start)
        if found is None:
            break
        match, (first, second) = found
        first_kind, second_kind = first_kind or first, second_kind or second
        if first_kind and second_kind:
            break
        spans.append(match.span())
        end = match.end()
    return spans


def _percent_positions(value: str):
    return (index for index, char in enumerate(value) if char == "%")


def _c_directive_rejected(match, translated: bool, objc: bool) -> bool:
    numbers = (match["number"], match["width_number"], match["precision_number"])
    return (
        any(number is not None and int(number) == 0 for number in numbers)
        or ("I" in match["flags"] and not translated)
        or (match["conversion"] == "@" and not objc)
    )


def _c_arguments(match) -> list[bool]:
    """For each argument the directive consumes: is it numbered (%1$d)?"""
    arguments = []
    if match["star"] is not None:
        arguments.append(match["width_number"] is not None)
    if match["precision_star"] is not None:
        arguments.append(match["precision_number"] is not None)
    if match["conversion"] not in ("%", "m"):
        arguments.append(match["number"] is not None)
    return arguments


def _python_directive_spans(value: str):
    """Spans of the valid Python %-directives, up to the first invalid one."""

    def read(start: int):
        match = _PYTHON_DIRECTIVE.match(value, start)
        if not match:
            return None
        named = bool(match["name"])
        unnamed = "*" in (match["width"], match["precision"]) or (
            not named and match["conversion"] != "%"
        )
        return match, (named, unnamed)

    return _percent_directive_spans(value, read)


def _python_brace_directive_spans(value: str):
    """Where gettext 0.21 keeps Python {field} directives unbroken.

    Its parser records each directive's bounds relative to the directive's
    own "{" instead of the string's start, so all marks pile up at the
    start of the string: only its first characters, as many as the
    shortest directive has, stay unbroken (none if an earlier mark is the
    error that ended the parse).
    """
    lengths = []
    error = None
    index = value.find("{")
    while index >= 0 and error is None:
        if value.startswith("{{", index):
            end = index + 2
        else:
            end, error = _brace_directive(value, index, toplevel=True)
            if error is None:
                lengths.append(end - index)
        index = value.find("{", end)
    if not lengths:
        return []
    last = min(lengths) - 1
    return [] if error is not None and error <= last else [(0, last + 1)]


def _brace_directive(value: str, start: int, toplevel: bool):
    """Parse the directive at value[start] == "{" as gettext 0.21 does.

    Returns (index after its "}", None), or (None, offset of the error
    from this directive's "{").
    """

    def at(index: int) -> str:
        return value[index : index + 1]

    index = start + 1
    if at(index) == "{":
        return index + 1, None
    name_end = _field_name_end(value, index, numeric_ok=True)
    if name_end is None:
        return None, 1
    index = name_end
    while at(index) in (".", "["):
        opener = at(index)
        name_end = _field_name_end(value, index + 1, numeric_ok=opener == "[")
        if name_end is None:
            return None, index + 1 - start
        index = name_end
        if opener == "[":
            index += 1
            if at(index - 1) != "]":
                return None, index - start
    if at(index) == ":":
        if not toplevel:
            return None, index - start
        if at(index + 1) == "{":
            nested, error = _brace_directive(value, index + 1, toplevel=False)
            if nested is None:
                return None, error
            index = nested
        else:
            spec = _BRACE_FORMAT_SPEC.match(value, index + 1)
            assert spec is not None  # the pattern matches the empty string
            index = spec.end()
    if at(index) != "}":
        return None, index - start
    return index + 1, None


def _field_name_end(value: str, index: int, numeric_ok: bool) -> int | None:
    """End of the identifier (or digits, if `numeric_ok`) at value[index]."""
    pattern = _BRACE_ANY_FIELD if numeric_ok else _BRACE_NAMED_FIELD
    match = pattern.match(value, index)
    return match.end() if match else None


# Format languages in gettext's order: the first one a message is flagged
# with decides which directives stay unbroken.
_FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)


def _directive_spans(value: str, language: str | None, translated: bool):
    if language in ("c", "objc"):
        return _c_directive_spans(value, translated, language == "objc")
    if language == "python":
        return _python_directive_spans(value)
    if language == "python-brace":
        return _python_brace_directive_spans(value)
    return []


def _unbreakable_positions(value: str, language: str | None, translated: bool) -> set[int]:
    """Positions in `value` a line may not start at (inside a directive)."""
    return {
        index
        for start, end in _directive_spans(value, language, translated)
        for index in range(start + 1, end)
    }


# ---------------------------------------------------------------------------
# Quoted strings

_ESCAPES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}


_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')


def _escape(portion: str, unbreakable: set[int]) -> tuple[str, set[int]]:
    """The portion as written between quotes, and the indexes in it where a
    line may not break: the second character of an escape, the characters
    of `unbreakable` (indexes in `portion`), a final "\\n"."""
    escapes = [match.start() for match in _NEEDS_ESCAPE.finditer(portion)]
    if not escapes and not unbreakable:
        return portion, set()
    pieces, forbidden, start = [], set(), 0
    for shift, index in enumerate(escapes):
        pieces += [portion[start:index], "\\", _ESCAPES[portion[index]]]
        forbidden.add(index + shift + 1)
        start = index + 1
    pieces.append(portion[start:])
    forbidden.update(index + bisect.bisect_left(escapes, index) for index in unbreakable)
    text = "".join(pieces)
    if portion.endswith("\n"):
        forbidden.add(len(text) - 2)  # keep a final "\n" on its line
    return text, forbidden


def _escaped_portions(value: str, language: str | None, translated: bool):
    """Each line of `value` (through its "\\n"), which gettext wraps alone,
    as written between quotes, with where a line may break in it."""
    inside_directive = _unbreakable_positions(value, language, translated)
    portions = []
    offset = 0
    for portion in re.findall(r"[^\n]*\n|[^\n]+", value) or [""]:
        text, forbidden = _escape(
            portion,
            {
                index - offset
                for index in inside_directive
                if offset <= index < offset + len(portion)
            },
        )
        offset += len(portion)
        allowed = _break_opportunities(text)
        if forbidden:
            allowed = [index for index in allowed if index not in forbidden]
        portions.append((text, allowed))
    return portions


@functools.lru_cache(maxsize=2048)
def _wrap_string(
    prefix: str, keyword: str, value: str, width: float, language: str | None
) -> tuple[str, ...]:
    """Lines for `keyword "value"`, as write-po.c's wrap() prints them
    (remembered: a msgid is written in its template and in each language's catalog)."""
    available = width - len(prefix) - 2  # the quotes take two columns
    portions = _escaped_portions(value, language, translated=keyword.startswith("msgstr"))
    lines: list[str] = []
    for number, (text, allowed) in enumerate(portions):
        first_line = not lines
        column = len(keyword) + 1 if first_line else 0
        breaks = _fit_line_breaks(text, allowed, available, column)
        if first_line and text and (number + 1 < len(portions) or breaks or column > available):
            # A string that takes several lines starts on the next one.
            lines.append(f'{prefix}{keyword} ""')
            breaks = _fit_line_breaks(text, allowed, available, 0)
        head = prefix if lines else f"{prefix}{keyword} "
        bounds = [0, *breaks, len(text)]
        for start, end in zip(bounds, bounds[1:]):
            lines.append(f'{head}"{text[start:end]}"')
            head = prefix
    return tuple(lines)


# ---------------------------------------------------------------------------
# Entries

_FORMAT_VALUES = {None: "yes", "no-": "no", "possible-": "possible", "impossible-": "impossible"}


class _Flags:
    """An entry's "#," flags as gettext reads them (unknown ones dropped)."""

    def __init__(self, flags: list[str]):
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> a _FORMAT_VALUES value
        self.range: tuple[int, int] | None = None
        self.no_wrap = False
        words = iter(re.split(r"[\s,]+", ",".join(flags)))
        for word in words:
            if word == "range:":
                self._read_range(next(words, ""))
            else:
                self._read(word)

    def _read(self, word: str) -> None:
        if word == "fuzzy":
            self.fuzzy = True
        elif word in ("wrap", "no-wrap"):
            self.no_wrap = word == "no-wrap"
        elif word.endswith("-format"):
            match = re.fullmatch(r"(no-|possible-|impossible-)?(.+)-format", word)
            if match is not None and match[2] in _FORMAT_LANGUAGES:
                self.formats[match[2]] = _FORMAT_VALUES[match[1]]

    def _read_range(self, word: str) -> None:
        bounds = re.match(r"(\d+)\.\.(\d+)", word)
        if bounds and int(bounds[1]) <= int(bounds[2]):
            self.range = (int(bounds[1]), int(bounds[2]))

    def format_language(self) -> str | None:
        """The language whose directives wrapping must keep whole."""
        return next(
            (
                language
                for language in _FORMAT_LANGUAGES
                if self.formats.get(language) in ("yes", "possible")
            ),
            None,
        )

    def line(self, show_fuzzy: bool, show_range: bool) -> str | None:
        """The "#," line in gettext's order, None if no flag shows."""
        words = ["fuzzy"] if self.fuzzy and show_fuzzy else []
        for language in _FORMAT_LANGUAGES:
            value = self.formats.get(language)
            if value in ("yes", "possible"):
                words.append(f"{language}-format")
            elif value == "no":
                words.append(f"no-{language}-format")
        if self.range and show_range:
            words.append("range: {}..{}".format(*self.range))
        if self.no_wrap:
            words.append("no-wrap")
        return "#, " + ", ".join(words) if words else None


def _comment_lines(marker: str, text: str | None) -> list[str]:
    """One comment line per line of `text`, "#" alone for an empty one."""
    if not text:
        return []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _reference_lines(occurrences, width: int) -> list[str]:
    """The "#:" lines, filled up to `width` bytes."""
    lines: list[str] = []
    column = 0
    for reference in _references(occurrences):
        size = len(reference.encode("utf-8")) + 1
        if not lines or (column > 2 and column + size > width):
            lines.append("#:")
            column = 2
        lines[-1] += " " + reference
        column += size
    return lines


def _references(occurrences) -> list[str]:
    """References as gettext keeps them: duplicates dropped, then "./"."""
    positions = dict.fromkeys(
        (path, int(line) if str(line).isdigit() else None) for path, line in occurrences
    )
    references = []
    for path, line in positions:
        while path.startswith("./"):
            path = path[2:]
        references.append(path if line is None else f"{path}:{line}")
    return references


def _plural_msgstrs(entry: Entry | _Header) -> list[str]:
    forms = {} if isinstance(entry, _Header) else entry.msgstr_plural
    return [forms[index] for index in sorted(forms, key=int)] or [""]


def _first_msgstr(entry: Entry | _Header) -> str:
    return _plural_msgstrs(entry)[0] if entry.msgid_plural else entry.msgstr


def format_entry(entry: Entry | _Header, width: int = DEFAULT_WIDTH) -> str:
    """Return one entry as GNU gettext writes it (without separating line).

    Obsolete entries with an empty translation, which gettext drops, come
    out as an empty string.
    """
    string_width, reference_width = _page_widths(width)
    if entry.obsolete and not _first_msgstr(entry):
        return ""
    flags = _Flags(entry.flags)
    if flags.no_wrap:
        string_width = math.inf
    lines = _comment_block(entry, flags, reference_width)
    lines += _string_block(entry, string_width, flags.format_language())
    return "".join(line + "\n" for line in lines)


def _comment_block(entry: Entry | _Header, flags: _Flags, reference_width: int) -> list[str]:
    lines = _comment_lines("#", entry.tcomment)
    lines += _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences, reference_width)
    # An empty translation is never fuzzy; obsolete entries keep only the
    # flags that matter when they come back.
    flag_line = flags.line(show_fuzzy=_first_msgstr(entry) != "", show_range=not entry.obsolete)
    return (lines + [flag_line]) if flag_line else lines


def _string_block(entry: Entry | _Header, width: float, language: str | None) -> list[str]:
    """The previous strings (#|), msgctxt, msgid and msgstr lines."""
    wrap = functools.partial(_wrap_string, width=width, language=language)
    lines: list[str] = []
    previous_prefix = "#~| " if entry.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += wrap(previous_prefix, keyword, value)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += wrap(prefix, "msgctxt", entry.msgctxt)
    lines += wrap(prefix, "msgid", entry.msgid)
    if not entry.msgid_plural:
        return [*lines, *wrap(prefix, "msgstr", entry.msgstr)]
    lines += wrap(prefix, "msgid_plural", entry.msgid_plural)
    for index, msgstr in enumerate(_plural_msgstrs(entry)):
        lines += wrap(prefix, f"msgstr[{index}]", msgstr)
    return lines


def _page_widths(width: int) -> tuple[float, int]:
    """Widths for strings and for "#:" lines; 0 means --no-wrap, which
    leaves references wrapped at the default width."""
    if width < 0:
        raise ValueError(f"width must be 0 or positive, not {width}")
    if width == 0:
        return math.inf, DEFAULT_WIDTH
    width = max(width, _MIN_WIDTH)
    return width, width


# ---------------------------------------------------------------------------
# Catalogs


@dataclass(frozen=True)
class _Header:
    """The header entry (msgid ""), which a catalog keeps as its metadata: what `format_entry` reads
    of it."""

    tcomment: str
    flags: list[str]
    msgstr: str
    msgid: str = ""
    comment: str = ""
    occurrences: tuple = ()
    msgctxt: None = None
    msgid_plural: str = ""
    previous_msgctxt: None = None
    previous_msgid: None = None
    previous_msgid_plural: None = None
    obsolete: bool = False


def _header_entry(catalog: Catalog) -> _Header | None:
    """Rebuild the header entry (msgid "") polib keeps as metadata."""
    # polib's parser stores the header entry's flags list here (perhaps
    # empty); a catalog read without header entry has 0.
    fuzzy = catalog.metadata_is_fuzzy
    if isinstance(fuzzy, list):
        flags = list(fuzzy)
    elif catalog.metadata or fuzzy:
        flags = ["fuzzy"] if fuzzy else []
    else:
        return None
    return _Header(
        tcomment=catalog.header,
        flags=flags,
        msgstr="".join(f"{key}: {value}\n" for key, value in catalog.metadata.items()),
    )


def format_header(catalog: Catalog, width: int = DEFAULT_WIDTH) -> str:
    """The header entry's block of `format_catalog` (empty for a catalog without one)."""
    header = _header_entry(catalog)
    return format_entry(header, width) if header else ""


def format_catalog(catalog: Catalog, width: int = DEFAULT_WIDTH) -> str:
    """Return the catalog as GNU gettext writes it (`msgcat --width=W`;
    width 0 = `msgcat --no-wrap`).

    The header's fields come in the order of ``catalog.metadata`` (the
    file's order for a parsed catalog); obsolete entries follow live ones.
    """
    header = _header_entry(catalog)
    live = [entry for entry in catalog if not entry.obsolete]
    obsolete = [entry for entry in catalog if entry.obsolete]
    entries = ([header] if header else []) + live + obsolete
    blocks = [format_entry(entry, width) for entry in entries]
    blocks = [block for block in blocks if block]
    if not header and catalog.header and blocks:
        # polib files a header-less catalog's leading comments as its header;
        # gettext keeps them on the first entry.
        comments = _comment_lines("#", catalog.header)
        blocks[0] = "".join(line + "\n" for line in comments) + blocks[0]
    return "\n".join(blocks)
