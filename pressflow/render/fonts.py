"""The fonts that ship with pressflow (Noto, SIL Open Font License, every Kazakh letter): the faces
the bulletins name, and their web copies for the public site, cut down to what its pages show.

The PDF embeds them through `@font-face` rules (render/pdf.py); the site serves WOFF2 files beside
its pages, so that a page looks the same on every machine. `dist/` bulletins stand alone and keep
the system fonts the stylesheet names after these.
"""

from __future__ import annotations

import functools
import html
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from pressflow.core.resources import FONTS_DIR
from pressflow.render.cldr import exemplar_characters


class FontFace(NamedTuple):
    family: str
    weight: str
    style: str
    file: str
    """The font file in the package's `fonts/` folder."""

    @property
    def web_file(self) -> str:
        """Its name on the site, beside the pages: `fonts/NotoSans-Regular.woff2`."""
        return f"{WEB_FONTS_FOLDER}/{Path(self.file).stem}.woff2"


# The families the bulletin CSS names first; only these end up in the PDF. Italics that a family
# lacks (sans, mono) are slanted from its regular face, never taken from another font.
FONT_FACES = (
    FontFace("pressflow Serif", "normal", "normal", "NotoSerif-Regular.ttf"),
    FontFace("pressflow Serif", "bold", "normal", "NotoSerif-Bold.ttf"),
    FontFace("pressflow Serif", "normal", "italic", "NotoSerif-Italic.ttf"),
    FontFace("pressflow Serif", "bold", "italic", "NotoSerif-BoldItalic.ttf"),
    FontFace("pressflow Sans", "normal", "normal", "NotoSans-Regular.ttf"),
    FontFace("pressflow Sans", "bold", "normal", "NotoSans-Bold.ttf"),
    FontFace("pressflow Mono", "normal", "normal", "NotoSansMono-Regular.ttf"),
    FontFace("pressflow Mono", "bold", "normal", "NotoSansMono-Bold.ttf"),
)
WEB_FONTS_FOLDER = "fonts"
"""Where the site serves the fonts, from its root."""

# Kept in every cut whatever the pages show: ASCII, and the spaces, punctuation and symbols of
# Latin-1 and of General Punctuation (no-break spaces in dates and numbers, dashes, quotes, the
# hyphen a browser adds where it hyphenates, bullets), which a text in any language may use; so
# the fonts seldom change when a release is added.
_ALWAYS = frozenset(
    chr(code)
    for first, last in ((0x20, 0x7E), (0xA0, 0xBF), (0x2010, 0x2027), (0x202F, 0x203A))
    for code in range(first, last + 1)
)


def web_fonts(pages: Iterable[str], languages: Iterable[str]) -> dict[str, bytes]:
    """The site's font files, {path from the site's root: bytes}: each face in WOFF2, with the
    glyphs of the characters the site's `languages` are written with (CLDR) and of any other that
    `pages` (HTML, with their stylesheets) show, in either case.

    The fonts change only when a page shows a character the languages' do not have, so a reader's
    browser keeps them from one release to the next; the same pages give the same bytes (the
    fonts keep their own timestamps, not the clock's).
    """
    shown = set(_ALWAYS)
    for language in languages:
        shown |= exemplar_characters(language)
    for page in pages:
        shown.update(html.unescape(page))
    shown |= {case for character in shown for case in character.upper() + character.lower()}
    characters = "".join(sorted(c for c in shown if unicodedata.category(c) != "Cc"))
    return {face.web_file: _web_font(face.file, characters) for face in FONT_FACES}


def site_pages(folder: Path) -> list[str]:
    """The text of every HTML page under `folder`."""
    return [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.html"))]


@functools.lru_cache(maxsize=64)
def _web_font(file: str, characters: str) -> bytes:
    # A few tenths of a second a face: another site of the same languages, or the same site again,
    # in this process cuts nothing again. fontTools imported here: a bulletin's build never needs
    # it, and its import is a sixth of a second.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS_DIR / file, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # browsers hint outlines themselves; smaller files
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(character) for character in characters])
    subsetter.subset(font)
    font.flavor = "woff2"
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()
