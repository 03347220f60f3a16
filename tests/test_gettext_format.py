"""format_catalog must write byte for byte what GNU msgcat writes.

Two sources of catalogs, each compared with a fresh msgcat run:
* the PO files of the shared corpus (real Django and Sphinx catalogs, GNU
  gettext, polib and Babel test inputs), against `msgcat FILE`;
* synthetic catalogs built from NTREX news sentences, against msgcat run on
  polib's own output of the catalog.
"""

import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pressflow.catalog.po_format import format_catalog

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"
NEWS = CORPUS / "ntrex"
MSGCAT = shutil.which("msgcat")

pytestmark = pytest.mark.skipif(MSGCAT is None, reason="GNU gettext's msgcat is not installed")

# Files whose content polib 1.2.0 loses while parsing, so no writer can give
# back what msgcat prints.
POLIB_LOSSES = {
    "msgattrib-16__ma-test16.po": "polib skips '#~|' previous msgids",
    "msgcat-15__mcat-test15.in": "polib skips '#~|' previous msgids",
    "msgmerge-19__mm-test19.ok2": "polib skips '#~|' previous msgids",
    "test_obsolete_is_not_fuzzy.po": "polib skips '#~|' previous msgids",
    "test_obsolete_previousmsgid.po": "polib skips '#~|' lines and the header's '#:' line",
    "msgfmt-4__mf-test4.po": "polib drops a comment block's leading '#'",
    "msgmerge-3__mm-test3.in2": "polib drops a comment block's leading '#'",
    "test_merge_before.po": "polib strips spaces in header values",
    "test_pofile_helpers.po": "polib strips spaces in header values",
    "test_unusual_metadata_location.po": "polib moves the header first",
    "test_utf8.po": "polib drops '#.' and '#,' lines without text and the second '#' of '##'",
    "test_weird_occurrences.po": "polib drops '#.' lines without text",
}


def msgcat(path: Path, width: int) -> subprocess.CompletedProcess:
    # --force-po: msgcat writes nothing for a catalog that holds only its
    # header; a serializer has to write the header.
    wrapping = "--no-wrap" if width == 0 else f"--width={width}"
    return subprocess.run(
        [MSGCAT, "--force-po", wrapping, str(path)], capture_output=True, check=False
    )


def msgcat_output(path: Path, width: int) -> str:
    result = msgcat(path, width)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


# ---------------------------------------------------------------------------
# Corpus files


def corpus_files():
    if not CORPUS.is_dir():
        return [
            pytest.param(
                None, marks=pytest.mark.skip(reason=f"shared corpus not found at {CORPUS}")
            )
        ]
    paths = sorted((CORPUS / "po").rglob("*.po"))
    paths += sorted(path for path in (CORPUS / "hostile").rglob("*") if path.is_file())
    return [
        pytest.param(path, id=str(path.relative_to(CORPUS)), marks=polib_loss_mark(path))
        for path in paths
    ]


def polib_loss_mark(path: Path):
    reason = POLIB_LOSSES.get(path.name)
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def is_utf8_or_ascii(path: Path) -> bool:
    data = path.read_bytes()
    if data.isascii():
        return True
    charset = re.search(rb"charset=([^\\\s\"]+)", data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(charset) and charset[1].upper() == b"UTF-8"


@pytest.mark.parametrize("width", [79, 0])
@pytest.mark.parametrize("path", corpus_files())
def test_corpus_file_is_written_as_msgcat_writes_it(path, width):
    if not is_utf8_or_ascii(path):
        pytest.skip("neither UTF-8 nor ASCII")
    expected = msgcat(path, width)
    if expected.returncode != 0:
        pytest.skip("msgcat rejects it")
    try:
        catalog = polib.pofile(str(path))
    except OSError as error:
        pytest.skip(f"polib rejects it: {error}")
    assert format_catalog(catalog, width) == expected.stdout.decode("utf-8")


# ---------------------------------------------------------------------------
# Synthetic catalogs from news sentences

PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
    "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}

# Pieces that stress line breaking, inserted into msgid and msgstr alike.
AWKWARD_PIECES = [
    "Kazakh-Romanian",
    "70%",
    "30% - from",
    "a 5-3 win",
    '(see: "notes")',
    "https://www.example.com/news/2024/kazakh-romanian-trade-agreement"
    "-signed-in-astana?lang=en&utm_source=newsletter",
    "\u2014",
    "\u00abWorld Cup\u00bb",
    "\u201cquoted\u201d",
    "C:\\news\\2024",
    "tab\tseparated",
    "www.gnu.org/software/gettext/",
    "Antidisestablishmentarianism" * 4,
    "e.g. 1.5 km/h",
    "\u2116 12",
    "+50%/-20%",
    "100%%",
    "caf\u0065\u0301 \u4f1a\u8bae\U0001f389",
]


def news_sentence_pairs(language: str) -> list[tuple[str, str]]:
    pairs = []
    for article in sorted(NEWS.iterdir()):
        if (article / "en.txt").is_file():
            english = (article / "en.txt").read_text("utf-8").splitlines()
            translated = (article / f"{language}.txt").read_text("utf-8")
            pairs += zip(english, translated.splitlines())
    return pairs


class CatalogBuilder:
    """Builds a catalog whose entries show every feature of the PO format,
    with text drawn in order from the news sentences."""

    def __init__(self, language: str, seed: int):
        self.rng = random.Random(seed)
        self.language = language
        self.nplurals = int(re.match(r"nplurals=(\d+)", PLURAL_FORMS[language])[1])
        self.sentences = news_sentence_pairs(language)
        self.next_sentence = 0
        self.seen = set()

    def catalog(self) -> polib.POFile:
        catalog = polib.POFile(wrapwidth=0)
        catalog.header = "Release notes.\nCopyright (C) 2024 Pressflow\n"
        catalog.metadata = {
            "Project-Id-Version": "pressflow 1.0",
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": "2024-05-01 12:00+0000",
            "PO-Revision-Date": "2024-05-02 12:00+0000",
            "Last-Translator": "Translator <t@example.com>",
            "Language-Team": self.language,
            "Language": self.language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": PLURAL_FORMS[self.language],
        }
        kinds = [
            self.plain,
            self.fuzzy_with_previous,
            self.with_context,
            self.plural,
            self.multiline,
            self.brace_format,
            self.no_wrap,
            self.untranslated,
            self.ranged,
            self.obsolete,
            self.obsolete_plural,
            self.obsolete_untranslated,
        ]
        while self.next_sentence < len(self.sentences):
            for kind in kinds:
                catalog.append(kind())
        return catalog

    # Text

    def texts(self, most: int = 6, separator: str = " ") -> tuple[str, str]:
        count = self.rng.randint(1, most)
        pairs = self.sentences[self.next_sentence : self.next_sentence + count]
        self.next_sentence += count
        pairs = pairs or [("Done.", "Дайын.")]
        english, translated = (separator.join(texts) for texts in zip(*pairs))
        if self.rng.random() < 0.6:
            piece = self.rng.choice(AWKWARD_PIECES)
            english, translated = (self.insert(piece, text) for text in (english, translated))
        return english, translated

    def insert(self, piece: str, text: str) -> str:
        words = text.split(" ")
        words.insert(self.rng.randint(0, len(words)), piece)
        return " ".join(words)

    def unique(self, msgid: str, msgctxt: str | None = None) -> str:
        while (msgctxt, msgid) in self.seen:
            msgid += " (again)"
        self.seen.add((msgctxt, msgid))
        return msgid

    # Comments

    def references(self):
        count = self.rng.randint(0, 14)
        references = [
            (
                f"releases/{self.rng.choice(['x', '2024-05', 'kk'])}/release.md",
                str(self.rng.randint(1, 1500)),
            )
            for _ in range(count)
        ]
        if references and self.rng.random() < 0.3:
            references.append(references[0])  # gettext drops duplicates
            references.append(("./docs/index.rst", ""))
        return references

    def comments(self) -> dict:
        english, _ = self.texts(most=2)
        return {
            "tcomment": self.rng.choice(
                ["", "Translators: keep short.", "First line\n\nthird line"]
            ),
            "comment": english if self.rng.random() < 0.5 else "",
            "occurrences": self.references(),
        }

    # Entry kinds

    def plain(self):
        msgid, msgstr = self.texts()
        return polib.POEntry(msgid=self.unique(msgid), msgstr=msgstr, **self.comments())

    def fuzzy_with_previous(self):
        msgid, msgstr = self.texts()
        previous, _ = self.texts(most=3)
        return polib.POEntry(
            msgid=self.unique(f"%(name)s: {msgid} 70% done"),
            msgstr=f"%(name)s: {msgstr} 70% done",
            flags=["python-format", "fuzzy"],
            previous_msgid=previous,
            **self.comments(),
        )

    def with_context(self):
        msgid, msgstr = self.texts()
        context, _ = self.texts(most=2)
        return polib.POEntry(
            msgctxt=context,
            msgid=self.unique(f"%d items, 30% - from {msgid}", context),
            msgstr=f"%d \u2014 30% - from {msgstr}",
            flags=["c-format"],
            **self.comments(),
        )

    def plural(self):
        msgid, msgstr = self.texts(most=3)
        plural, _ = self.texts(most=2)
        return polib.POEntry(
            msgid=self.unique(f"%(count)d {msgid}"),
            msgid_plural=f"%(count)d {plural}",
            msgstr_plural={
                index: f"%(count)d [{index}] {msgstr}" for index in range(self.nplurals)
            },
            flags=["python-format"],
            **self.comments(),
        )

    def multiline(self):
        msgid, msgstr = self.texts(separator="\n")
        ending = self.rng.choice(["", "\n", "\n\n"])
        return polib.POEntry(
            msgid=self.unique(f'"{msgid}"\t\\{ending}'),
            msgstr=f'"{msgstr}"\t\\{ending}',
            **self.comments(),
        )

    def brace_format(self):
        msgid, msgstr = self.texts()
        start = self.rng.choice(
            ["{name} ", "See {release_notes_of_the_kazakh_romanian_trade_agreement} "]
        )
        return polib.POEntry(
            msgid=self.unique(f"{start}{msgid} {{count:>10}} {{obj.attr}}"),
            msgstr=f"{start}{msgstr} {{count:>10}} {{obj.attr}}",
            flags=["python-brace-format"],
            **self.comments(),
        )

    def no_wrap(self):
        msgid, msgstr = self.texts()
        return polib.POEntry(
            msgid=self.unique(msgid),
            msgstr=msgstr,
            flags=["no-wrap", "x-unknown-flag"],
            **self.comments(),
        )

    def untranslated(self):
        msgid, _ = self.texts()
        previous, _ = self.texts(most=2)
        return polib.POEntry(
            msgid=self.unique(msgid),
            msgstr="",
            flags=["fuzzy"],
            previous_msgctxt="news",
            previous_msgid=previous,
            **self.comments(),
        )

    def ranged(self):
        msgid, msgstr = self.texts(most=3)
        return polib.POEntry(
            msgid=self.unique(f"%1$d of %2$s: {msgid}"),
            msgstr=f"%2$s, %1$d: {msgstr}",
            flags=["range: 0..10", "c-format", "no-python-format"],
            **self.comments(),
        )

    # polib writes no "#." or "#:" lines for obsolete entries, so these
    # have translator comments only.
    def obsolete(self):
        msgid, msgstr = self.texts()
        previous, _ = self.texts(most=2)
        return polib.POEntry(
            msgid=self.unique(msgid),
            msgstr=msgstr,
            obsolete=True,
            msgctxt=self.rng.choice([None, "news"]),
            flags=["fuzzy", "python-format", "range: 1..5"],
            previous_msgid=previous,
            tcomment="Obsolete since 2.0.",
        )

    def obsolete_plural(self):
        msgid, msgstr = self.texts(most=2)
        return polib.POEntry(
            msgid=self.unique(msgid),
            msgid_plural=f"{msgid} (many)",
            msgstr_plural={index: f"{msgstr} [{index}]" for index in range(self.nplurals)},
            obsolete=True,
            flags=["no-wrap"],
        )

    def obsolete_untranslated(self):
        msgid, _ = self.texts(most=2)
        return polib.POEntry(msgid=self.unique(msgid), msgstr="", obsolete=True)  # gettext drops it


needs_news = pytest.mark.skipif(not NEWS.is_dir(), reason=f"NTREX sentences not found in {NEWS}")


@needs_news
@pytest.mark.parametrize("width", [79, 40, 0])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_synthetic_catalog_is_written_as_msgcat_writes_it(language, seed, width, tmp_path):
    catalog = CatalogBuilder(language, seed).catalog()
    path = tmp_path / "synthetic.po"
    catalog.save(str(path))  # polib's own output; msgcat normalizes it
    assert format_catalog(catalog, width) == msgcat_output(path, width)


@needs_news
def test_small_widths_are_raised_to_20_like_msgcat(tmp_path):
    catalog = CatalogBuilder("ru", seed=7).catalog()
    path = tmp_path / "synthetic.po"
    catalog.save(str(path))
    assert format_catalog(catalog, 5) == msgcat_output(path, 5)
