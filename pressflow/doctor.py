"""Checks of the machine a build depends on (`pressflow doctor`)."""

from __future__ import annotations

import ctypes.util
import shutil
from dataclasses import dataclass

from fontTools.ttLib import TTFont

from pressflow.check import kazakh_dictionary
from pressflow.core.resources import FONTS_DIR
from pressflow.render.fonts import FONT_FACES

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
INSTALL_HINT = (
    "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext poppler-utils"
)


@dataclass(frozen=True)
class Finding:
    what: str
    ok: bool
    detail: str
    required: bool = True
    """False for what only the HTML checks need (Java, Chromium); a build works without it."""


def diagnose() -> list[Finding]:
    return [
        _pango(),
        _harfbuzz_subset(),
        *_fonts(),
        _gettext_tools(),
        _spelling_dictionaries(),
        _program("Java (Nu HTML Checker)", "java", "apt-get install -y default-jre-headless"),
        _program("Chromium (accessibility checks)", "chromium", "apt-get install -y chromium"),
    ]


def _program(what: str, name: str, install: str) -> Finding:
    path = shutil.which(name)
    return Finding(what, path is not None, path or f"missing: {install}", required=False)


def _spelling_dictionaries() -> Finding:
    """The Kazakh and Russian Hunspell dictionaries of the check `kazakh-letters`; without them
    it knows only its list of frequent words."""
    what = "Kazakh and Russian spelling dictionaries (check kazakh-letters)"
    names = (kazakh_dictionary.KAZAKH, kazakh_dictionary.RUSSIAN)
    folders = {name: kazakh_dictionary.dictionary_folder(name) for name in names}
    missing = [name for name, folder in folders.items() if folder is None]
    if missing:
        return Finding(
            what,
            False,
            f"missing {', '.join(missing)}: the check knows only its list of frequent words; "
            f"{kazakh_dictionary.INSTALL}",
            required=False,
        )
    return Finding(
        what, True, ", ".join(f"{folder}/{name}.dic" for name, folder in folders.items())
    )


def _pango() -> Finding:
    from weasyprint.text.ffi import pango

    version = pango.pango_version()
    text = f"{version // 10000}.{version // 100 % 100}.{version % 100}"
    ok = version >= 14400
    return Finding("Pango", ok, text if ok else f"{text} is older than 1.44: {INSTALL_HINT}")


def _harfbuzz_subset() -> Finding:
    library = ctypes.util.find_library("harfbuzz-subset")
    if library:
        return Finding("HarfBuzz subsetting", True, library)
    return Finding(
        "HarfBuzz subsetting",
        False,
        f"missing: PDFs are slower and not reproducible; {INSTALL_HINT}",
    )


def _fonts() -> list[Finding]:
    findings = []
    for family, weight, style, filename in FONT_FACES:
        font = TTFont(FONTS_DIR / filename, lazy=True)
        covered = font.getBestCmap()
        missing = [letter for letter in KAZAKH_LETTERS if ord(letter) not in covered]
        detail = (
            "all Kazakh letters"
            if not missing
            else f"lacks {''.join(missing)}: reinstall pressflow"
        )
        findings.append(
            Finding(f"font {family} {weight} {style} ({filename})", not missing, detail)
        )
    return findings


def _gettext_tools() -> Finding:
    missing = [tool for tool in ("msgfmt", "msgcat", "msgmerge") if shutil.which(tool) is None]
    if missing:
        return Finding(
            "gettext tools",
            False,
            f"missing {', '.join(missing)} (for tests and translators): apt-get install -y gettext",
        )
    return Finding("gettext tools", True, "msgfmt, msgcat, msgmerge")
