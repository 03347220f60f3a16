"""Project configuration: `pressflow.toml` or `[tool.pressflow]` in `pyproject.toml`.

Every key has a default, so a project needs no configuration at all. All problems
are collected and reported together, each naming its key.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date

from pressflow.core import languages
from pressflow.core.errors import PressflowError, raise_collected

CONFIG_FILE = "pressflow.toml"
PDF_VARIANTS = (
    "pdf/a-3a+pdf/ua-1",
    "pdf/a-2a+pdf/ua-1",
    "",
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-4u",
    "pdf/a-2a",
    "pdf/a-3a",
    "pdf/ua-1",
)
"""`[pdf] variant`: WeasyPrint's PDF variants that come out the same from the same inputs (PDF/X
does not), and PDF/A-2a or -3a that is also PDF/UA-1 (render/pdf.py), the default: archival and
accessible in one file."""
DEFAULT_DATE_FORMAT = "long"
"""CLDR's long date format, for a language with no `[dates]` pattern."""


@dataclass(frozen=True)
class Config:
    root: Path
    source_language: str = "en"
    """Language the releases are written in; untranslated text falls back to it."""
    languages: tuple[str, ...] = ("en", "kk", "ru")
    """Languages of the bulletins, the source language first."""
    timezone: str = "Asia/Almaty"
    """Zone of embargo times written without an offset."""
    base_url: str = ""
    """Where the public site lives; canonical URLs are made from it."""
    organization: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The organization's name in each language, for letterheads and metadata."""
    logo: str = ""
    """The organization's logo (`[organization] logo`), a file of the project, for letterheads."""
    wrap: int = 79
    """Width of PO lines, as GNU gettext's --width; 0 means no wrapping."""
    page_size: str = "A4"
    """CSS page size of the PDF bulletins."""
    pdf_variant: str = "pdf/a-3a+pdf/ua-1"
    """`[pdf] variant`, one of PDF_VARIANTS; empty for a plain PDF."""
    date_patterns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """`[dates]`: how each language writes a date, as a CLDR (LDML) pattern such as
    "y 'жылғы' d MMMM"; CLDR's long format for the others."""
    check_disable: tuple[str, ...] = ()
    """`[check] disable`: checks that `pressflow check` does not run in this project."""
    check_warn: tuple[str, ...] = ()
    """`[check] warn`: checks whose problems are only warnings in this project."""
    check_error: tuple[str, ...] = ()
    """`[check] error`: checks whose problems are errors in this project, house style included
    (by default a breach of house style, such as quotes other than «», is a warning)."""
    memory_enabled: bool = True
    """`[memory] enabled`: `update` fills a release's untranslated messages from the translations
    of the project's other releases."""
    memory_exact_fuzzy: bool = False
    """`[memory] exact_fuzzy`: mark messages filled from an exact match fuzzy, for a translator's
    review."""
    memory_threshold: float = 0.8
    """`[memory] threshold`: least similarity (msgmerge's measure) of a close match, which
    fills a message as fuzzy."""

    @property
    def target_languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source_language)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def date_pattern(self, language: str) -> str:
        """The pattern of `language`'s dates: its own, its base language's for an edition derived
        from one (`kk-Latn` writes its dates as `kk` does), else CLDR's long format."""
        base = languages.base_language(language)
        return (
            self.date_patterns.get(language)
            or (self.date_patterns.get(base) if base else None)
            or DEFAULT_DATE_FORMAT
        )

    def organization_name(self, language: str) -> str:
        return self.organization.get(language) or self.organization.get(self.source_language, "")

    def shown(self, path: Path) -> Path:
        """A path as users see it in messages: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root)
        except ValueError:
            return path

    # The project's folders (docs/design.md, "Project layout").
    releases_dir = property(lambda self: self.root / "releases")
    locales_dir = property(lambda self: self.root / "locales")
    templates_dir = property(lambda self: self.root / "templates")
    dist_dir = property(lambda self: self.root / "dist")


# Keys of each table, with their expected type; the nesting mirrors the TOML file.
_TOP_KEYS = {
    "source_language": str,
    "languages": list,
    "timezone": str,
    "base_url": str,
    "organization": dict,
    "dates": dict,
    "catalogs": dict,
    "pdf": dict,
    "check": dict,
    "memory": dict,
}
_TABLE_KEYS: dict[str, dict[str, type]] = {
    "catalogs": {"wrap": int},
    "pdf": {"page_size": str, "variant": str},
    "check": {"disable": list, "warn": list, "error": list},
    "memory": {"enabled": bool, "exact_fuzzy": bool, "threshold": float},
}
# The Config field of each table key.
_TABLE_FIELDS = {
    ("catalogs", "wrap"): "wrap",
    ("pdf", "page_size"): "page_size",
    ("pdf", "variant"): "pdf_variant",
    ("check", "disable"): "check_disable",
    ("check", "warn"): "check_warn",
    ("check", "error"): "check_error",
    ("memory", "enabled"): "memory_enabled",
    ("memory", "exact_fuzzy"): "memory_exact_fuzzy",
    ("memory", "threshold"): "memory_threshold",
}


def load_config(root: Path) -> Config:
    """Read the configuration of the project at `root`, or the defaults if it has none."""
    root = root.resolve()
    path, data = _read_settings(root)
    errors: list[PressflowError] = []
    text = path.read_text(encoding="utf-8") if path else ""
    shown = path.relative_to(root) if path else None

    # pyproject.toml holds the settings in [tool.pressflow], and its tables in
    # [tool.pressflow.pdf]...
    base = "tool.pressflow" if path is not None and path.name == "pyproject.toml" else ""

    def problem(key: str, message: str, table: str = "") -> None:
        """A problem with `key` of `table` (a table of the settings, "" for their top level)."""
        errors.append(
            PressflowError(
                message, shown, _line_of(text, key, ".".join(filter(None, (base, table))))
            )
        )

    values: dict = {}
    for key, value in data.items():
        expected = _TOP_KEYS.get(key)
        if expected is None:
            problem(key, f"unknown key '{key}' (known keys: {', '.join(_TOP_KEYS)})")
        elif not _is_type(value, expected):
            problem(key, f"'{key}' must be {_type_name(expected)}")
        elif key in _TABLE_KEYS and isinstance(value, dict):
            for sub, subvalue in value.items():
                sub_expected = _TABLE_KEYS[key].get(sub)
                if sub_expected is None:
                    problem(
                        sub,
                        f"unknown key '{key}.{sub}' (known keys: {', '.join(_TABLE_KEYS[key])})",
                        key,
                    )
                elif not _is_type(subvalue, sub_expected):
                    problem(sub, f"'{key}.{sub}' must be {_type_name(sub_expected)}", key)
                else:
                    values[_TABLE_FIELDS[key, sub]] = (
                        float(subvalue)
                        if sub_expected is float
                        else tuple(subvalue)
                        if sub_expected is list
                        else subvalue
                    )
        elif key == "organization":
            names = dict(value)
            logo = names.pop("logo", None)
            for lang, name in names.items():
                if not isinstance(name, str):
                    problem(lang, f"'organization.{lang}' must be text", "organization")
            values["organization"] = MappingProxyType(names)
            if logo is not None:
                if not _is_project_file(root, logo):
                    problem(
                        "logo",
                        "'organization.logo' must name an image file of the project, "
                        'such as "templates/logo.svg"',
                        "organization",
                    )
                else:
                    values["logo"] = logo
        elif key == "dates":
            patterns = {}
            for lang, pattern in value.items():
                if (error := date_pattern_error(pattern)) is not None:
                    problem(lang, f"'dates.{lang}': {error}", "dates")
                else:
                    patterns[lang] = pattern
            values["date_patterns"] = MappingProxyType(patterns)
        elif key == "languages":
            if not value or not all(isinstance(lang, str) for lang in value):
                problem(key, "'languages' must be a non-empty list of language codes")
            else:
                values["languages"] = tuple(value)
        else:
            values[key] = value

    config = Config(root=root, **values)
    codes: dict[str, str] = {}
    for lang in dict.fromkeys(
        (config.source_language, *config.languages, *config.organization, *config.date_patterns)
    ):
        try:
            codes[lang] = languages.normalize(lang)
        except languages.UnknownLanguage as error:
            problem("languages", str(error))
    config = _with_codes(config, codes)
    for lang in config.target_languages:
        if (
            lang in codes.values()
            and (made_from := languages.parse(lang).base)
            and made_from not in config.languages
        ):
            problem(
                "languages",
                f"'{languages.bcp47(lang)}' is made from the '{languages.bcp47(made_from)}' "
                f"catalog by transliteration: add '{languages.bcp47(made_from)}' to languages",
            )
    if config.source_language not in config.languages:
        problem(
            "source_language", f"source_language '{config.source_language}' is not in languages"
        )
    elif config.languages[0] != config.source_language:
        config = replace(config, languages=(config.source_language, *config.target_languages))
    if config.wrap < 0:
        problem("wrap", "'catalogs.wrap' must be 0 (no wrapping) or a positive width", "catalogs")
    if not 0 < config.memory_threshold <= 1:
        problem(
            "threshold", "'memory.threshold' must be above 0 and at most 1, such as 0.8", "memory"
        )
    for name in dict.fromkeys(name for name in config.check_error if name in config.check_warn):
        problem(
            "error",
            f"check '{name}' is in both 'check.warn' and 'check.error': keep it in one",
            "check",
        )
    for key in ("disable", "warn", "error"):
        names = getattr(config, f"check_{key}")
        if not all(isinstance(name, str) for name in names):
            problem(
                key, f"'check.{key}' must be a list of check names, such as [\"quotes\"]", "check"
            )
    if config.pdf_variant not in PDF_VARIANTS:
        problem(
            "variant",
            f"unknown PDF variant '{config.pdf_variant}' (choose from: "
            f"{', '.join(repr(v) for v in PDF_VARIANTS)})",
            "pdf",
        )
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problem(
            "timezone",
            f"unknown time zone '{config.timezone}': use an IANA name such as 'Asia/Almaty'",
        )
    raise_collected(errors)
    return config


# LDML's date fields (Unicode TR 35, part 4); a pattern shows a year, a month and a day.
_DATE_FIELDS = frozenset("GyYuUQqMLwWdDFgEec")
_TIME_FIELDS = frozenset("abBhHKkjJCmsSAzZOvVXx")
_NEEDED_FIELDS = (
    (frozenset("yYu"), "year (y)"),
    (frozenset("ML"), "month (M)"),
    ({"d"}, "day (d)"),
)
_PATTERN_EXAMPLE = "y 'жылғы' d MMMM"


def date_pattern_error(pattern: object) -> str | None:
    """What is wrong with a `[dates]` pattern, or None. Babel reads any text as a pattern: an
    unclosed quote drops the rest, a letter that is no field is printed as it is."""
    if not isinstance(pattern, str):
        return f'must be a date pattern such as "{_PATTERN_EXAMPLE}"'
    if pattern.count("'") % 2:
        return f'a quote is not closed in "{pattern}"'
    fields = set()
    for index, part in enumerate(pattern.split("'")):
        if index % 2:  # quoted: literal text ('' is a quote)
            continue
        for letter in part:
            if "a" <= letter.lower() <= "z":
                if letter in _TIME_FIELDS:
                    return f"'{letter}' is a field of the time in \"{pattern}\": a date shows none"
                if letter not in _DATE_FIELDS:
                    return (
                        f"'{letter}' is not a date field in \"{pattern}\": "
                        f'put other text in single quotes, as in "{_PATTERN_EXAMPLE}"'
                    )
                fields.add(letter)
    try:
        format_date(dt.date(2023, 3, 17), pattern, locale="en")
    except ValueError as error:  # a field of a width LDML lacks: MMMMMM
        return f'"{pattern}": {error}'
    for letters, name in _NEEDED_FIELDS:
        if not fields & letters:
            return f'"{pattern}" shows no {name}: a date in a bulletin is a full date'
    return None


def setting_place(config: Config, table: str, key: str, value: str = "") -> tuple[Path, int | None]:
    """Where a setting is written: the settings file (relative to the project) and the line of
    `key` in `table`, or of `value` in its list when the list runs over several lines."""
    path, _ = _read_settings(config.root)
    if path is None:
        return Path(CONFIG_FILE), None
    text = path.read_text(encoding="utf-8")
    base = "tool.pressflow" if path.name == "pyproject.toml" else ""
    line = _line_of(text, key, ".".join(filter(None, (base, table))))
    if line is not None and value:
        lines = text.split("\n")
        quoted = re.compile(rf"[\"']{re.escape(value)}[\"']")
        for number in range(line, len(lines) + 1):
            if quoted.search(lines[number - 1]):
                return path.relative_to(config.root), number
            if "]" in lines[number - 1]:  # the end of the list
                break
    return path.relative_to(config.root), line


def find_project(start: Path) -> Path:
    """The root of the project that `start` is in: the nearest folder at or above it with a
    `pressflow.toml`, or a `pyproject.toml` with a `[tool.pressflow]` table (as git finds its
    repository). Nothing is created: only `pressflow init` makes a project."""
    start = Path(os.path.abspath(start))
    if not start.is_dir():
        raise PressflowError(
            f"no such folder: {start}" if not start.exists() else f"not a folder: {start}"
        )
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file() or _has_tool_table(folder / "pyproject.toml"):
            return folder
    raise PressflowError(
        f"no pressflow project here or above ({start}): run pressflow init, or use -C"
    )


def _has_tool_table(path: Path) -> bool:
    """Whether `path` is a pyproject.toml with a [tool.pressflow] table (an unreadable one counts:
    loading its configuration then says what is wrong with it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "pressflow" not in text:
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        return True
    return isinstance(tool, dict) and "pressflow" in tool


def _read_settings(root: Path) -> tuple[Path | None, dict]:
    for path, table in (
        (root / CONFIG_FILE, None),
        (root / "pyproject.toml", ("tool", "pressflow")),
    ):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            line = re.search(r"line (\d+)", str(error))
            raise PressflowError(
                f"malformed TOML: {error}", path.relative_to(root), int(line[1]) if line else None
            ) from None
        if table is None:
            return path, data
        tool = data.get(table[0], {})
        settings = tool.get(table[1]) if isinstance(tool, dict) else None
        if settings is not None:
            if not isinstance(settings, dict):
                raise PressflowError(
                    f"'{'.'.join(table)}' must be a table: write [{'.'.join(table)}] and "
                    f"the keys under it",
                    path.relative_to(root),
                    _line_of(path.read_text("utf-8"), table[1]),
                )
            return path, settings
    return None, {}


def _is_project_file(root: Path, name: object) -> bool:
    """Whether `name` is a file inside the project. The logo is embedded in every bulletin: a path
    leading out of the project would publish whatever file it names."""
    if not isinstance(name, str) or "\0" in name:
        return False
    path = (root / name).resolve()
    return path.is_relative_to(root) and path.is_file()


def _line_of(text: str, key: str, table: str = "") -> int | None:
    """The line of `key` in the TOML table `table` ("" for the top level), else of its first `key
    =`."""
    current, first = "", None
    for number, line in enumerate(text.split("\n"), start=1):
        if header := _TABLE_HEADER.match(line):
            current = ".".join(part.strip().strip('"') for part in header[1].split("."))
        elif _key_line(key).match(line):
            if current == table:
                return number
            first = first or number
    return first


_TABLE_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]")


@functools.lru_cache(maxsize=64)
def _key_line(key: str) -> re.Pattern:
    return re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")


def _is_type(value: object, expected: type) -> bool:
    # bool is an int in Python, never a width; a whole number is a fine threshold.
    if isinstance(value, bool):
        return expected is bool
    return isinstance(value, (int, float) if expected is float else expected)


def _type_name(expected: type) -> str:
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a table",
    }[expected]


def _with_codes(config: Config, codes: Mapping[str, str]) -> Config:
    """`config` with its languages named by the project's codes (`kk-Latn` and `kk_Latn` are both
    `kk_Latn`); a code that names no language is left as written, reported already."""

    def code(lang: str) -> str:
        return codes.get(lang, lang)

    return replace(
        config,
        source_language=code(config.source_language),
        languages=tuple(dict.fromkeys(code(lang) for lang in config.languages)),
        organization=MappingProxyType(
            {code(lang): name for lang, name in config.organization.items()}
        ),
        date_patterns=MappingProxyType(
            {code(lang): pattern for lang, pattern in config.date_patterns.items()}
        ),
    )
