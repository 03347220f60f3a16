"""Reading and validating release sources: YAML front matter and a CommonMark body.

Dates and times are parsed from their text (the YAML loader is never asked to
turn them into objects), and every problem of a file is reported in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import yaml

from pressflow.core.config import Config
from pressflow.core.errors import InputErrors, PressflowError, raise_collected
from pressflow.core.model import Contact, Correction, Release
from pressflow.core.project import release_paths
from pressflow.source import markdown
from pressflow.source.segment import body_messages

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_IDS = {"pressflow"}
REQUIRED_KEYS = ("title", "date")
TEXT_KEYS = ("title", "subtitle", "location", "summary", "source", "image")
KNOWN_KEYS = (*TEXT_KEYS, "date", "contacts", "tags", "embargo", "corrections", "languages")
CONTACT_KEYS = ("name", "role", "email", "phone")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# An address as mail programs take it: one @, a dot in the domain, no spaces or brackets.
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}")
_PHONE = re.compile(r"\+?[\d \u00a0().\-]+")


def _is_phone(text: str) -> bool:
    """Digits, with an optional + and spaces, brackets, dots or hyphens between them: 7 to 15 digits
    (E.164)."""
    return bool(_PHONE.fullmatch(text)) and 7 <= sum(char.isdigit() for char in text) <= 15


MAX_SOURCE_BYTES = 1_000_000
"""A release is a few pages; a larger file is a mistake, and would take minutes to print."""


def check_id(release_id: str) -> str | None:
    """Why `release_id` cannot name a release, or None when it can."""
    if release_id in RESERVED_IDS:
        return f"'{release_id}' is reserved for the templates' catalog"
    if len(release_id) > 80 or not ID_PATTERN.fullmatch(release_id):
        return "an id is at most 80 lowercase ASCII letters, digits and single hyphens"
    return None


def read_release(path: Path, config: Config, release_id: str | None = None) -> Release:
    """Read and validate `releases/<id>/release.md` (or a copy of it elsewhere, of the release
    `release_id`); raise every problem found in it."""
    shown = config.shown(path)
    release_id = release_id or path.parent.name
    errors: list[PressflowError] = []
    if reason := check_id(release_id):
        errors.append(
            PressflowError(f"bad release id '{release_id}': {reason}; rename the folder", shown, 1)
        )
    text = _read_text(path, shown)
    header, body, body_line = _split_front_matter(text, shown)
    reader = _FrontMatterReader(shown, config, errors)
    fields = reader.read(header)
    tokens = markdown.parse(body)
    for raw in markdown.raw_html(tokens):
        errors.append(
            PressflowError(
                f"raw HTML is not allowed in a release: {_shorten(raw.html)}; write it in "
                "Markdown or escape '<' as '\\<'",
                shown,
                raw.line + body_line,
            )
        )
    for line, src in markdown.images(tokens):
        if problem := _image_problem(path.parent, src):
            errors.append(PressflowError(f"image '{src}' {problem}", shown, line + body_line))
    if fields.get("image") and (problem := _image_problem(path.parent, fields["image"])):
        errors.append(
            PressflowError(f"image '{fields['image']}' {problem}", shown, reader.lines.get("image"))
        )
    raise_collected(errors)
    fields.setdefault("languages", config.languages)
    return Release(
        id=release_id,
        path=path,
        body=body,
        body_line=body_line,
        field_lines=reader.lines,
        body_messages=body_messages(tokens, body_line),
        **fields,
    )


def _read_text(path: Path, shown: Path) -> str:
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise PressflowError(
            f"the file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB: a release is a few pages "
            f"of text; split it, or move what is not its text out of release.md",
            shown,
            1,
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PressflowError("not UTF-8 text: save the file as UTF-8", shown, line) from None
    if (nul := data.find(b"\0")) >= 0:
        # Not text: a binary file saved under the name, or an editor's damage.
        raise PressflowError(
            "a NUL byte: the file is not plain text; save it again as UTF-8 text",
            shown,
            data.count(b"\n", 0, nul) + 1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str, shown: Path) -> tuple[str, str, int]:
    """(front matter, body, first line of the body)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise PressflowError(
            "no front matter: start the file with a line '---', then 'title:' and 'date:', then "
            "'---'",
            shown,
            1,
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise PressflowError(
        "front matter is not closed: add a line '---' after its last key", shown, 1
    )


def _compose(header: str) -> yaml.Node | None:
    """The front matter's node tree, composed by libyaml where PyYAML was built with it (several
    times faster than the Python parser); a document libyaml refuses is composed again by the Python
    parser, so that problems are reported as it words and places them (libyaml counts bytes, not
    characters)."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(header, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(header, Loader=yaml.SafeLoader)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _shorten(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _image_problem(folder: Path, src: str) -> str | None:
    if not src or re.match(r"[a-z][a-z0-9+.-]*:", src, re.I):
        return "must be a file beside the release (no URL)"
    target = (folder / src).resolve()
    if not target.is_relative_to(folder.resolve()):
        return "must be inside the release's folder"
    if not target.is_file():
        return "does not exist: put the file beside release.md or fix the name"
    if not _is_readable_image(target):
        return "is not a readable image: save it again as PNG, JPEG or SVG"
    return None


def _is_readable_image(path: Path) -> bool:
    """Whether the PDF printer can draw the file: an SVG document or an image Pillow decodes."""
    import PIL.Image  # only for a release with images

    try:
        if path.suffix.lower() == ".svg":
            return ElementTree.parse(path).getroot().tag.endswith("svg")
        with PIL.Image.open(path) as image:
            image.verify()
        return True
    except (OSError, SyntaxError, ValueError, ElementTree.ParseError, PIL.UnidentifiedImageError):
        return False


@dataclass
class _FrontMatterReader:
    """Turns the YAML node tree of a front matter into validated Release fields."""

    path: Path
    config: Config
    errors: list[PressflowError]

    def __post_init__(self) -> None:
        self.lines: dict[str, int] = {}

    def error(self, node: yaml.Node | None, message: str) -> None:
        self.errors.append(PressflowError(message, self.path, self.line_of(node)))

    @staticmethod
    def line_of(node: yaml.Node | None) -> int:
        # The front matter starts on line 2 of the file; marks count from 0.
        return node.start_mark.line + 2 if node is not None else 1

    def read(self, header: str) -> dict:
        try:
            root = _compose(header)
        except yaml.reader.ReaderError as error:
            self.errors.append(
                PressflowError(
                    f"a control character (U+{error.character:04X}) in the front matter: delete it",
                    self.path,
                    header.count("\n", 0, error.position) + 2,
                )
            )
            return {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = " ".join((getattr(error, "problem", None) or str(error)).split())
            line = mark.line + 2 if mark else 1
            self.errors.append(
                PressflowError(
                    f"malformed front matter: {problem}; check the YAML syntax (quote values that "
                    "contain ': ')",
                    self.path,
                    line,
                )
            )
            return {}
        except RecursionError:
            self.errors.append(
                PressflowError(
                    "the front matter is nested too deeply: a value is text, a date or a list",
                    self.path,
                    2,
                )
            )
            return {}
        if root is None or not isinstance(root, yaml.MappingNode):
            self.error(
                root, "the front matter must be 'key: value' lines, with 'title:' and 'date:'"
            )
            return {}
        fields: dict = {}
        seen: set[str] = set()
        for key_node, value in root.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(
                    key_node,
                    f"a key must be a name, such as 'title': the keys are {', '.join(KNOWN_KEYS)}",
                )
                continue
            key = key_node.value
            self.lines[key] = self.line_of(key_node)
            if key in seen:
                self.error(key_node, f"'{key}' is given twice: keep one")
                continue
            seen.add(key)
            if key not in KNOWN_KEYS:
                self.error(key_node, f"unknown key '{key}': the keys are {', '.join(KNOWN_KEYS)}")
                continue
            parsed = getattr(self, f"_read_{key}", self._read_text)(value, key)
            if parsed is not None:
                fields[key] = parsed
        for key in REQUIRED_KEYS:
            if key not in seen:
                self.error(
                    None,
                    f"missing '{key}:' in the front matter"
                    + (" (write it as YYYY-MM-DD)" if key == "date" else ""),
                )
        return fields

    def _scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.error(node, f"{what} must be text")
            return None
        return node.value.strip()

    def _read_text(self, node: yaml.Node, key: str) -> str | None:
        if node.tag == "tag:yaml.org,2002:null":
            if key == "title":
                self.error(node, "'title' is empty: give the release its headline")
            return None  # an optional key left empty, as `pressflow new` writes them
        value = self._scalar(node, f"'{key}'")
        if value == "" and key == "title":
            self.error(node, "'title' is empty: give the release its headline")
        return value

    def _parse_date(self, node: yaml.Node, what: str) -> dt.date | None:
        text = self._scalar(node, what)
        if text is None:
            return None
        if not _DATE.fullmatch(text):
            self.error(node, f"{what} '{text}' is not a date: write it as YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            self.error(
                node, f"{what} '{text}' is not a real date ({error}): write it as YYYY-MM-DD"
            )
            return None

    def _read_date(self, node: yaml.Node, key: str) -> dt.date | None:
        return self._parse_date(node, "'date'")

    def _read_embargo(self, node: yaml.Node, key: str) -> dt.datetime | None:
        text = self._scalar(node, "'embargo'")
        if text is None:
            return None
        try:
            if not re.fullmatch(
                r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text
            ):
                raise ValueError("expected YYYY-MM-DDTHH:MM with an optional offset")
            moment = dt.datetime.fromisoformat(text)
        except ValueError as error:
            self.error(
                node,
                f"'embargo' '{text}' is not a date-time ({error}): "
                "write it as 2023-03-19T08:00 or 2023-03-19T08:00+05:00",
            )
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=self.config.tz)

    def _sequence(self, node: yaml.Node, key: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"'{key}' must be a list")
            return None
        return node.value

    def _read_tags(self, node: yaml.Node, key: str) -> tuple[str, ...] | None:
        items = self._sequence(node, key)
        if items is None:
            return None
        tags: list[str] = []
        for item in items:
            if tag := self._scalar(item, "a tag"):
                self.lines[f"tags.{len(tags)}"] = self.line_of(item)
                tags.append(tag)
        return tuple(tags)

    def _read_languages(self, node: yaml.Node, key: str) -> tuple[str, ...] | None:
        items = self._sequence(node, key)
        if items is None:
            return None
        languages = [lang for item in items if (lang := self._scalar(item, "a language"))]
        unknown = [lang for lang in languages if lang not in self.config.languages]
        if unknown:
            self.error(
                node,
                f"'languages' names {', '.join(unknown)}, not among the project's "
                f"languages ({', '.join(self.config.languages)})",
            )
            return None
        source = self.config.source_language
        return (
            source,
            *(lang for lang in self.config.languages if lang in languages and lang != source),
        )

    def _mapping(
        self, node: yaml.Node, what: str, keys: tuple[str, ...]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a set of 'key: value' lines ({', '.join(keys)})")
            return None
        entries = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value not in keys:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "[…]"
                self.error(
                    key_node, f"unknown key '{name}' in {what}: the keys are {', '.join(keys)}"
                )
            else:
                entries[key_node.value] = value
        return entries

    def _read_contacts(self, node: yaml.Node, key: str) -> tuple[Contact, ...] | None:
        contacts = []
        for index, item in enumerate(self._sequence(node, key) or []):
            entries = self._mapping(item, f"contact {index + 1}", CONTACT_KEYS)
            if entries is None:
                continue
            values = {
                name: self._scalar(value, f"'contacts.{index}.{name}'") or ""
                for name, value in entries.items()
            }
            if not values.get("name") and not values.get("email"):
                self.error(item, f"contact {index + 1} needs a 'name' or an 'email'")
            if values.get("email") and not _EMAIL.fullmatch(values["email"]):
                self.error(
                    entries["email"],
                    f"'contacts.{index}.email' '{values['email']}' is not an email address: "
                    "write it as name@example.org",
                )
            if values.get("phone") and not _is_phone(values["phone"]):
                self.error(
                    entries["phone"],
                    f"'contacts.{index}.phone' '{values['phone']}' is not a phone number: "
                    "write it with its country code, such as +7 7172 72 00 00",
                )
            lines = {name: self.line_of(value) for name, value in entries.items()}
            contacts.append(Contact(lines=lines, **values))
        return tuple(contacts)

    def _read_corrections(self, node: yaml.Node, key: str) -> tuple[Correction, ...] | None:
        corrections = []
        for index, item in enumerate(self._sequence(node, key) or []):
            entries = self._mapping(item, f"correction {index + 1}", ("date", "note"))
            if entries is None:
                continue
            if "date" not in entries or "note" not in entries:
                self.error(item, f"correction {index + 1} needs a 'date' and a 'note'")
                continue
            date = self._parse_date(entries["date"], f"'corrections.{index}.date'")
            note = self._scalar(entries["note"], f"'corrections.{index}.note'")
            if date and note:
                corrections.append(Correction(date, note, line=self.line_of(entries["note"])))
        return tuple(corrections)


@dataclass(frozen=True)
class Loaded:
    releases: list[Release] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)


def load_release(config: Config, release_id: str) -> Release:
    """One release, read and validated; its problems raised (all of them, when several)."""
    loaded = load_releases(config, [release_id])
    if loaded.errors:
        raise loaded.errors[0] if len(loaded.errors) == 1 else InputErrors(loaded.errors)
    return loaded.releases[0]


def load_releases(config: Config, ids: Sequence[str] = ()) -> Loaded:
    paths, errors = release_paths(config, ids)
    releases = []
    for path in paths:
        try:
            releases.append(read_release(path, config))
        except InputErrors as problems:
            errors.extend(problems.errors)
        except PressflowError as problem:
            errors.append(problem)
    return Loaded(releases, errors)
