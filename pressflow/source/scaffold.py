"""Creating projects (`init`) and release sources (`new`)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pressflow.core.atomic import write_atomic
from pressflow.core.config import CONFIG_FILE, Config
from pressflow.core.errors import PressflowError
from pressflow.core.model import RELEASE_FILE
from pressflow.source.release import check_id

MAX_ID_LENGTH = 80

# Romanization of Russian and Kazakh Cyrillic for ids (ASCII only, as URLs want).
# No library we depend on transliterates: Russian letters as ICAO Doc 9303 (passports),
# the nine Kazakh letters as BGN/PCGN (ғ gh, қ q, ң ng; the others lose their marks).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "iu",
            "ia",
            "a",
            "gh",
            "q",
            "ng",
            "o",
            "u",
            "u",
            "h",
            "i",
        ],
    )
)

CONFIG_TEMPLATE = """\
# pressflow project settings; every key is optional (see the README).
source_language = "en"
languages = ["en", "kk", "ru"]
timezone = "Asia/Almaty"
base_url = ""

[organization]
en = "{organization}"

[catalogs]
wrap = 79

[pdf]
page_size = "A4"
variant = "pdf/a-3a+pdf/ua-1"
"""

RELEASE_TEMPLATE = """\
---
title: {title}
date: {date}
summary:
source:
---

## First section

Write the release here, one paragraph per block of text.
"""


@dataclass(frozen=True)
class Created:
    """The files a scaffold wrote, or the problem that stopped it."""

    paths: list[Path]
    problems: tuple[PressflowError, ...] = ()


def slugify(title: str) -> str:
    """An id part from a title: ASCII lowercase words joined by hyphens."""
    letters = []
    for char in title.lower():
        if char in _CYRILLIC:
            letters.append(_CYRILLIC[char].strip("-"))
        else:
            letters.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    return re.sub(r"[^a-z0-9]+", "-", "".join(letters)).strip("-")


def new_release(
    config: Config, title: str, date: dt.date | None = None, release_id: str | None = None
) -> Created:
    """Write `releases/<id>/release.md` with its front matter; the id from the date and the title by
    default."""
    try:
        return _new_release(config, title, date, release_id)
    except PressflowError as problem:
        return Created([], (problem,))


def _new_release(
    config: Config, title: str, date: dt.date | None, release_id: str | None
) -> Created:
    date = date or dt.datetime.now(config.tz).date()
    if not title.strip():
        raise PressflowError("the title is empty: give the release its headline")
    if release_id is None:
        release_id = f"{date.isoformat()}-{slugify(title)}"[:MAX_ID_LENGTH].rstrip("-")
    if reason := check_id(release_id):
        raise PressflowError(f"bad release id '{release_id}': {reason}; choose another with --id")
    path = config.releases_dir / release_id / RELEASE_FILE
    if path.exists():
        raise PressflowError(
            f"release '{release_id}' exists already: choose another with --id", config.shown(path)
        )
    write_atomic(
        path,
        RELEASE_TEMPLATE.format(title=_yaml_text(title), date=date.isoformat()).encode("utf-8"),
    )
    return Created([path])


def init_project(directory: Path, organization: str = "Press office") -> Created:
    """Make `directory` (created if missing) a project: pressflow.toml, releases/, locales/,
    templates/."""
    config_path = directory / CONFIG_FILE
    if config_path.exists():
        return Created(
            [], (PressflowError("a pressflow project exists here already", config_path),)
        )
    created = [config_path]
    write_atomic(config_path, CONFIG_TEMPLATE.format(organization=organization).encode("utf-8"))
    for folder in ("releases", "locales", "templates"):
        keep = directory / folder / ".gitkeep"
        if write_atomic(keep, b""):
            created.append(keep)
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        write_atomic(gitignore, b"/dist/\n/public/\n/public.new-*/\n/.pressflow-cache/\n")
        created.append(gitignore)
    return Created(created)


def _yaml_text(text: str) -> str:
    """A YAML scalar that reads back as `text`."""
    if re.search(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|\s$", text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text
