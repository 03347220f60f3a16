"""PO and POT files on disk, and the one module that imports polib: reading any catalog a
translator's tool wrote, and writing UTF-8/LF files exactly as GNU gettext does (po_format.py),
atomically and only on change. The rest of pressflow sees `Catalog` and `Entry`."""

from __future__ import annotations

import codecs
import contextlib
import functools
import gettext
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import polib
from babel.messages.plurals import get_plural

from pressflow.catalog.po_format import format_catalog
from pressflow.core.atomic import write_atomic
from pressflow.core.errors import PressflowError, raise_collected
from pressflow.core.model import CatalogStats, Message


class Catalog(polib.POFile):
    """A PO catalog: its header (`metadata`, `header` comments, `metadata_is_fuzzy`) and its
    entries, in file order, obsolete ones included."""


if TYPE_CHECKING:  # polib has no types: what pressflow reads and writes of an entry

    class Entry(Protocol):
        """One entry of a catalog (polib's `POEntry`)."""

        msgctxt: str | None
        msgid: str
        msgid_plural: str
        msgstr: str
        msgstr_plural: dict[int, str]
        flags: list[str]
        comment: str
        """Extracted comments (`#.`)."""
        tcomment: str
        """Translator comments (`# `)."""
        occurrences: list[tuple[str, str]]
        previous_msgctxt: str | None
        previous_msgid: str | None
        previous_msgid_plural: str | None
        obsolete: bool
        linenum: int
        """Its line in the file it was read from."""

        @property
        def fuzzy(self) -> bool: ...

else:
    Entry = polib.POEntry


def new_entry(**fields: Any) -> Entry:
    """An entry with these fields (msgid, msgstr, msgctxt, comment, occurrences, flags...)."""
    return polib.POEntry(**fields)


_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_POLIB_LINE = re.compile(r"line (\d+)")
_DOMAIN_LINE = re.compile(r"^[ \t]*domain\b", re.MULTILINE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_OBSOLETE_PREVIOUS = re.compile(r"^[ \t]*#~\|", re.MULTILINE)


def read_catalog(path: Path, shown: Path | None = None, data: bytes | None = None) -> Catalog:
    """Parse a PO/POT file in any charset, with or without a byte-order mark or CRLF; raise every
    problem of a file that GNU gettext would not read (or polib would misread) with its line.
    `data`: the file's bytes, when the caller has read them already."""
    shown = shown or path
    text = _decoded(path.read_bytes() if data is None else data, shown)
    plain = _PLAIN_CATALOG.fullmatch(text) is not None
    if not plain and (problem := _line_problem(text)):
        line, reason = problem
        raise PressflowError(
            f"syntax error in the catalog: {reason}; fix it in a PO editor or restore the file "
            f"from git",
            shown,
            line,
        )
    # A substring test first: a regex anchored at each line start still walks every character.
    if "domain" in text and (domain := _DOMAIN_LINE.search(text)):
        raise PressflowError(
            "a 'domain' line: a catalog file holds one domain; move the messages below it into "
            "that domain's own catalog and delete the line",
            shown,
            text.count("\n", 0, domain.start()) + 1,
        )
    catalog = _parsed(text, shown, plain)
    if plural_problem := _plural_forms_problem(catalog):
        raise PressflowError(
            f"'Plural-Forms' in the header: {plural_problem}; write your language's, such as "
            f'"{plural_forms("kk")}"',
            shown,
            _header_line(text, "Plural-Forms"),
        )
    raise_collected(
        [
            PressflowError(
                f"duplicate message definition '{_shorten(again.msgid)}' (first at line "
                f"{first.linenum}): merge the two entries into one",
                shown,
                again.linenum,
            )
            for first, again in _duplicates(catalog)
        ]
    )
    return catalog


def _decoded(data: bytes, shown: Path) -> str:
    """The text of a catalog in the charset its header names, without a byte-order mark, with LF
    line ends."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    charset = _CHARSET.search(data)
    encoding = charset[1].decode("ascii") if charset and charset[1] != b"CHARSET" else "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError:
        raise PressflowError(
            f"unknown charset '{encoding}' in the header: use UTF-8", shown, 1
        ) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PressflowError(
            f"not valid {encoding} text: save the catalog as UTF-8", shown, line
        ) from None
    return text.replace("\r\n", "\n")


class _Shortcuts:
    """The `re` module as polib's parser sees it while `read_catalog` parses (`_shortcuts`), with a
    shortcut for its two calls on every string of a catalog: the search for an unescaped quote
    (`([^\\]|^)"`, an alternation tried at each character: more than half of polib's parse of a
    typical catalog) and the replacement of escapes. A string without a quote, or without a
    backslash, gives what the regular expression would give: no match, itself."""

    _UNESCAPED_QUOTE = r'([^\\]|^)"'
    _ESCAPE = r'\\(\\|n|t|r|v|b|f|")'

    def search(self, pattern, string, flags=0):
        if pattern == self._UNESCAPED_QUOTE and '"' not in string:
            return None
        return re.search(pattern, string, flags)

    def sub(self, pattern, repl, string, count=0, flags=0):
        if pattern == self._ESCAPE and "\\" not in string:
            return string
        return re.sub(pattern, repl, string, count=count, flags=flags)

    def __getattr__(self, name):
        return getattr(re, name)


@contextlib.contextmanager
def _shortcuts() -> Iterator[None]:
    """polib with `_Shortcuts` for the span of one parse: polib's other users never see them."""
    polib.re = _Shortcuts()
    try:
        yield
    finally:
        polib.re = re


class _Lines(str):
    lines: list[str]

    """A catalog's text whose lines polib takes as given: split at LF alone, as GNU gettext splits
    them (str.splitlines would also break at \\x0b, \\x1c or U+2028 inside a string), and laid out
    for it (`_polib_lines`)."""

    def __new__(cls, lines: list[str]) -> _Lines:
        text = super().__new__(cls, "\n".join(lines))
        text.lines = lines
        return text

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.lines


def _parsed(text: str, shown: Path, plain: bool) -> Catalog:
    """polib's reading of a text, its entries' line numbers those of the file."""
    # polib skips `#~|` lines, losing an obsolete entry's previous msgid: read them as `#|`,
    # which polib keeps, and the entry's own `#~` lines make it obsolete.
    if "#~|" in text:
        text = _OBSOLETE_PREVIOUS.sub("#|", text)
    lines, origins = _polib_lines(text, plain)
    if problem := _structure_problem(lines):
        index, reason = problem
        raise PressflowError(
            f"{reason}; fix this entry in a PO editor or restore the file from git",
            shown,
            origins[index],
        )
    try:
        with _shortcuts():
            catalog = polib.pofile(_Lines(lines), encoding="utf-8", wrapwidth=0, klass=Catalog)
    except (OSError, ValueError) as error:
        line = _POLIB_LINE.search(str(error))
        raise PressflowError(
            f"syntax error in the catalog ({_polib_reason(error)}): fix this entry in a PO editor "
            "or restore "
            f"the file from git",
            shown,
            origins[int(line[1]) - 1] if line else None,
        ) from None
    for entry in catalog:
        if 0 < entry.linenum <= len(origins):
            entry.linenum = origins[entry.linenum - 1]
    return catalog


_KEYWORD = re.compile(r"(?:#~ )?(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)(?=[\s\"]|$)")
# What may follow each keyword of an entry, as GNU gettext's grammar has it:
# [msgctxt] msgid (msgstr | msgid_plural msgstr[0] msgstr[1] ...). None: the start of an entry.
_NEXT = {
    None: ("msgctxt", "msgid"),
    "msgctxt": ("msgid",),
    "msgid": ("msgid_plural", "msgstr"),
    "msgid_plural": ("msgstr[]",),
    "msgstr": ("msgctxt", "msgid"),
    "msgstr[]": ("msgstr[]", "msgctxt", "msgid"),
}


_WHOLE_ENTRIES = re.compile(r"(?:c?i(?:s|pn+))*")
"""The keywords of whole entries, a letter each (`_keyword_letters`)."""


def _keyword_letters(lines: list[str]) -> str:
    """The keywords of the lines, in order: c msgctxt, i msgid, p msgid_plural, s msgstr, n
    msgstr[N]. A loop of slices: four times faster than a regular expression over the text."""
    letters = []
    for line in lines:
        if line[:3] == "#~ ":
            line = line[3:]
        head = line[:6]
        if head == "msgid ":
            letters.append("i")
        elif head == "msgid_":
            letters.append("p")
        elif head == "msgstr":
            letters.append("n" if line[6:7] == "[" else "s")
        elif head == "msgctx":
            letters.append("c")
    return "".join(letters)


def _structure_problem(lines: list[str]) -> tuple[int, str] | None:
    """(index of the line, reason) of the first entry GNU gettext would refuse for a missing or
    misplaced keyword (msgfmt: "missing 'msgstr' section"), which polib reads as an entry without
    translation, or not at all; None when every entry is whole. `lines`: one keyword per line
    (`_polib_lines`)."""
    # Most catalogs are whole: their keywords, a letter each, checked in one match.
    if _WHOLE_ENTRIES.fullmatch(_keyword_letters(lines)):
        return None
    previous: str | None = None
    message = 0  # the line of the entry's msgid: where msgfmt reports a missing msgstr
    for index, line in enumerate(lines):
        keyword = _KEYWORD.match(line)
        if keyword is None:
            continue
        word = "msgstr[]" if keyword[1].startswith("msgstr[") else keyword[1]
        if word not in _NEXT[previous]:
            return _misplaced(previous, word, index, message)
        if word == "msgid":
            message = index
        previous = word
    if previous in ("msgctxt", "msgid", "msgid_plural"):
        return _misplaced(previous, None, len(lines) - 1, message)
    return None


def _misplaced(previous: str | None, word: str | None, index: int, message: int) -> tuple[int, str]:
    if previous == "msgid":
        return message, (
            "missing 'msgstr' section after the msgid"
            if word != "msgstr[]"
            else "'msgstr[0]' without a 'msgid_plural' before it"
        )
    if previous == "msgid_plural":
        return message, "missing 'msgstr[0]' section after the msgid_plural"
    if previous == "msgctxt":
        return index, "a 'msgctxt' without a 'msgid' after it"
    return index, f"'{(word or '').replace('[]', '[N]')}' without a 'msgid' before it"


# polib accepts lines that GNU gettext rejects (an unclosed string, stray text) and
# silently drops their content; check the lexical syntax first, as msgfmt does.
_ENTRY_PREFIX = re.compile(r"(?:#~\s*\|?\s*)?(?:#\|\s*)?")
_TOKEN = re.compile(
    r"\s*(?:domain|msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr"
    r'|"(?:[^"\\]|\\(?:[\\"abfnrtv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+))*")(?=\s|$)'
)


# The lines of most catalogs, each of which the loop below accepts: a comment (not `#~` nor `#|`),
# a keyword and one string, a string, with `#~ ` or `#| ` before them. A catalog made only of such
# lines is read in one pass of the regex engine instead of line by line.
_STRING = r'"[^"\\\n]*+(?:\\(?:[\\"abfnrtv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+)[^"\\\n]*+)*+"'
_PLAIN_LINE = (
    r"[ \t]*(?:#(?![~|])[^\n]*|(?:#~[ \t]*|#\|[ \t]*)?"
    r"(?:(?:domain|msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+)?" + _STRING + r")?[ \t]*"
)
_PLAIN_CATALOG = re.compile(f"(?:{_PLAIN_LINE}\n)*(?:{_PLAIN_LINE})?")


def syntax_problem(text: str) -> tuple[int, str] | None:
    """(line, reason) of the first line GNU gettext could not read, or None."""
    return None if _PLAIN_CATALOG.fullmatch(text) else _line_problem(text)


def _line_problem(text: str) -> tuple[int, str] | None:
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not _is_entry_comment(line)):
            continue
        position = _ENTRY_PREFIX.match(line).end()  # type: ignore[union-attr]  # matches ""
        while position < len(line):
            token = _TOKEN.match(line, position)
            if token is None:
                rest = line[position:].lstrip()
                if rest.startswith('"'):
                    closed = re.match(r'"(?:[^"\\]|\\.)*"', rest)
                    return (
                        number,
                        "a malformed escape sequence"
                        if closed
                        else "a string is not closed with '\"'",
                    )
                return number, f"unexpected text '{_shorten(rest)}'"
            position = token.end()
    return None


_BARE_COMMENT = re.compile(r"#([:,.|]?+)([^\s~#].*)")
"""A comment without the space after its mark: `#:file.c:1`, `#,fuzzy`, `#note`."""
_NOT_SPACED = re.compile(
    r"^[ \t]*(?:#(?:[:,.|]?+[^\s~#]|~(?:[^ |]| \s))|(?:#~ |#\| )?msg\S*(?:\t| \s))", re.MULTILINE
)
"""A line `_spaced_out` would change: a bare comment, `#~` without one space, a keyword without one
space."""


def _polib_lines(text: str, plain: bool | None = None) -> tuple[list[str], list[int]]:
    """The lines of a PO text in the one layout polib reads, with the line of the file each comes
    from.

    GNU gettext reads tokens, not lines: `msgid "a" msgstr "b"` on one line and comments without a
    space (`#:file.c:1`, `#,fuzzy`, `#~msgid`) are valid, and msgcat writes them back spaced out.
    """
    if plain is None:
        plain = _PLAIN_CATALOG.fullmatch(text) is not None
    if plain and not _NOT_SPACED.search(text):  # most catalogs: nothing to lay out but the strings
        return _joined_strings(text)
    lines: list[str] = []
    origins: list[int] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        for line in _spaced_out(raw.strip()):
            lines.append(line)
            origins.append(number)
    return lines, origins


def _joined_strings(text: str) -> tuple[list[str], list[int]]:
    """The lines of a plain catalog (each string closed on its line), the strings that continue a
    keyword's on the lines below it joined to it: `msgid ""` `"a "` `"b"` → `msgid "a b"`. The same
    text, read by polib a line per keyword instead of a line per 76 columns (polib's time goes to
    its work per line)."""
    lines: list[str] = []
    origins: list[int] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        # A closed string ends its line, and an escape never spans two strings: "…" "…" is "……".
        if line[:1] == '"' and lines and lines[-1].startswith("msg"):
            lines[-1] = lines[-1][:-1] + line[1:]
        else:
            lines.append(line)
            origins.append(number)
    return lines, origins


def _spaced_out(line: str) -> list[str]:
    """One stripped line of a PO file as the lines polib reads: `#:a.c:1` → `#: a.c:1`,
    `msgid "a" msgstr "b"` → `msgid "a"`, `msgstr "b"`."""
    if line.startswith("#~") and not line.startswith("#~|") and line[2:].strip():
        rest = line[2:].lstrip()
        return [
            "#~ " + part
            for part in (_spaced_out(rest) if rest.startswith(("msg", '"')) else [rest])
        ]
    if line.startswith("#"):
        bare = _BARE_COMMENT.fullmatch(line)
        return [f"#{bare[1]} {bare[2]}" if bare else line]
    if not line.startswith(("msg", '"')):
        return [line]
    # One keyword and its first string per line, each further string on a line of its own.
    parts: list[str] = []
    for token in _TOKEN.finditer(line):
        word = token[0].strip()
        if word.startswith('"') and parts and not parts[-1].endswith('"'):
            parts[-1] += " " + word
        else:
            parts.append(word)
    return parts or [line]


def _is_entry_comment(line: str) -> bool:
    """`#~` obsolete entries and `#|` (`#~|`) previous strings hold PO syntax too."""
    body = line[2:].lstrip() if line.startswith("#~") else line
    return (line.startswith("#~") and body[:1] in ('"', "m", "#", "|")) or body.startswith("#|")


def _plural_forms_problem(catalog: Catalog) -> str | None:
    """Why the header's plural formula cannot be evaluated (as the standard library's gettext parses
    it)."""
    value = next(
        (value for key, value in catalog.metadata.items() if key.lower() == "plural-forms"), None
    )
    if value is None:
        return None
    try:
        return _formula_problem(value.split(";")[1].split("plural=")[1])
    except IndexError:
        return "it is not 'nplurals=N; plural=EXPRESSION;'"


@functools.lru_cache(maxsize=64)
def _formula_problem(formula: str) -> str | None:
    """gettext compiles the formula to Python each time; a project has a handful of them."""
    try:
        gettext.c2py(formula)
    except ValueError as error:
        return str(error)
    return None


def _header_line(text: str, field: str) -> int | None:
    match = re.search(rf"^\s*\"{re.escape(field)}:", text, re.MULTILINE | re.IGNORECASE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _duplicates(catalog: Catalog) -> Iterable[tuple[Entry, Entry]]:
    """(first, again) for each entry that repeats an earlier one's context and msgid."""
    seen: dict[tuple, Entry] = {}
    for entry in catalog:
        key = (entry.obsolete, entry.msgctxt, entry.msgid)
        if key in seen:
            yield seen[key], entry
        else:
            seen[key] = entry


def _shorten(text: str, width: int = 40) -> str:
    """A message's text for a one-line error: control characters shown as escapes, at most `width`
    long."""
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: _ESCAPES.get(m[0], f"\\x{ord(m[0]):02x}"), text)
    return text if len(text) <= width else text[: width - 1] + "…"


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _polib_reason(error: Exception) -> str:
    return (
        re.sub(r"\s*\(line \d+\)|Syntax error in po file\s*", "", str(error)).strip(" :")
        or "unreadable entry"
    )


def write_catalog(path: Path, catalog: Catalog, width: int) -> bool:
    """Write `catalog` as GNU gettext would; return False when the file already had these bytes."""
    return write_atomic(path, catalog_bytes(catalog, width))


def catalog_bytes(catalog: Catalog, width: int) -> bytes:
    """The file GNU gettext would write of `catalog`."""
    return format_catalog(catalog, width).encode("utf-8")


def header_fields(language: str | None, project: str, pot_date: str) -> dict[str, str]:
    """A complete header for a new catalog; `language` None for a template."""
    fields = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": pot_date,
    }
    # A template has every field a translation needs, so that `msgfmt -c` finds none missing;
    # its Language stays empty until a translation sets it.
    fields.update(
        {
            "PO-Revision-Date": pot_date,
            "Last-Translator": "",
            "Language-Team": "",
            "Language": language or "",
        }
    )
    fields.update(
        {
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    if language is not None:
        fields["Plural-Forms"] = plural_forms(language)
    return fields


def plural_forms(language: str) -> str:
    plural = get_plural(language)
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def new_catalog(
    metadata: Mapping[str, str], entries: Iterable[Entry] = (), like: Catalog | None = None
) -> Catalog:
    """A catalog with this header and these entries; the header's comment and flags come from
    `like`."""
    catalog = Catalog(wrapwidth=0)
    catalog.metadata = dict(metadata)
    # polib's parser keeps the header's flags as a list; an empty one means "not fuzzy".
    catalog.metadata_is_fuzzy = list(like.metadata_is_fuzzy or []) if like is not None else []
    catalog.header = like.header if like is not None else ""
    catalog.extend(entries)
    return catalog


def template_entry(message: Message, source_path: str) -> Entry:
    """The POT entry of one message."""
    return new_entry(
        msgctxt=message.msgctxt,
        msgid=message.msgid,
        msgstr="",
        comment=message.comment,
        occurrences=[(source_path, str(line)) for line in message.lines],
    )


class MessageState(StrEnum):
    """Where a message stands in a catalog, as `msgfmt --statistics` counts its entry."""

    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    """Translated, and flagged for review: not shipped until the flag is cleared."""
    UNTRANSLATED = "untranslated"
    MISSING = "missing"
    """The release has the message and the catalog does not: `pressflow update` adds it."""


def first_translation(entry: Entry) -> str:
    """The entry's translation (of a plural message, its first form)."""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def entry_state(entry: Entry | None) -> MessageState:
    """The state of a message whose entry is `entry` (None: the catalog lacks it)."""
    if entry is None:
        return MessageState.MISSING
    if not first_translation(entry):
        return MessageState.UNTRANSLATED
    return MessageState.FUZZY if entry.fuzzy else MessageState.TRANSLATED


def catalog_stats(catalog: Catalog) -> CatalogStats:
    """Count entries as `msgfmt --statistics` does, and the source words."""
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    words = words_left = 0
    for entry in live_entries(catalog):
        state = entry_state(entry)
        counts[state] += 1
        count = count_words(entry.msgid)
        words += count
        if state != MessageState.TRANSLATED:
            words_left += count
    return CatalogStats(words=words, words_left=words_left, **counts)


def is_header(entry: Entry) -> bool:
    """Whether an entry is a catalog's header (msgid "", no msgctxt), which holds no message."""
    return entry.msgid == "" and entry.msgctxt is None


def live_entries(catalog: Catalog) -> Iterable[Entry]:
    """The entries that count: not obsolete, not the header."""
    return (entry for entry in catalog if not entry.obsolete and not is_header(entry))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def translations(catalog: Catalog) -> dict[tuple[str | None, str], str]:
    """The usable translations of a catalog: translated, not fuzzy, keyed by (msgctxt, msgid)."""
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in live_entries(catalog)
        if entry.msgstr and not entry.fuzzy and not entry.msgid_plural
    }


def gnu_translations(catalog: Catalog) -> gettext.GNUTranslations:
    """The catalog as the standard library's gettext object (plural forms included)."""
    # polib writes the MO file in UTF-8 whatever charset the PO file was read in: say so in its
    # header.
    utf8 = new_catalog({**catalog.metadata, "Content-Type": "text/plain; charset=UTF-8"}, catalog)
    return gettext.GNUTranslations(io.BytesIO(utf8.to_binary()))


def message_stats(messages: Iterable[Message], catalog: Catalog) -> CatalogStats:
    """Counts of the messages a build shows, by the state of their entries in `catalog`."""
    entries = {(entry.msgctxt, entry.msgid): entry for entry in live_entries(catalog)}
    counted = new_catalog(
        {}, (entries.get(message.key) or template_entry(message, "") for message in messages)
    )
    return catalog_stats(counted)
