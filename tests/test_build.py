"""Building the seed release: six bulletins, read back as a reader would (docs/design.md, "Bulletins")."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, SEED_ID, tree_bytes
from pypdf import PdfReader
from typer.testing import CliRunner

from pressflow.cli import app

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
SECTIONS = 6


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("built")
    shutil.copy(REPO / "pressflow.toml", root)
    shutil.copytree(REPO / "releases", root / "releases")
    shutil.copytree(REPO / "locales", root / "locales")
    result = CliRunner().invoke(app, ["build", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "dist" / SEED_ID


class Outline(HTMLParser):
    """What a test needs of a bulletin's HTML: languages, title, headings, links, text."""

    def __init__(self, html: str):
        super().__init__()
        self.lang = None
        self.title = ""
        self.h1 = ""
        self.h2: list[str] = []
        self.alternates: dict[str, str] = {}
        self.untranslated_langs: list[str] = []
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "link" and attributes.get("rel") == "alternate":
            self.alternates[attributes["hreflang"]] = attributes["href"]
        if "untranslated" in (attributes.get("class") or "").split():
            self.untranslated_langs.append(attributes.get("lang"))
        if tag not in ("meta", "link", "br", "img"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        where = self._open[-1] if self._open else ""
        if where == "title":
            self.title += data
        elif where == "h1":
            self.h1 += data
        elif where == "h2":
            self.h2.append(data)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_six_bulletins(built: Path):
    names = sorted(path.name for path in built.iterdir() if not path.name.startswith("."))
    assert names == [
        f"{SEED_ID}.{lang}.{ext}" for lang in ("en", "kk", "ru") for ext in ("html", "pdf")
    ]
    assert (built / ".pressflow-build.json").is_file()  # the fingerprints of an incremental build


@pytest.mark.parametrize(
    "language, sentence, date, title",
    [
        (
            "en",
            "Kazakhstan traditionally attaches great importance",
            "March 17, 2023",
            "CEC Members Held a Series of Meetings with International Observers",
        ),
        (
            "kk",
            "Қазақстан дәстүрлі түрде халықаралық байқаушыларды",
            "2023 жылғы 17 наурыз",  # the example's [dates] pattern; CLDR's is "2023 ж. 17 наурыз"
            "ОСК мүшелері халықаралық байқаушылармен бірқатар кездесу өткізді",
        ),
        (
            "ru",
            "Казахстан традиционно придаёт большое значение",
            "17 марта 2023 г.",
            "Члены ЦИК провели серию встреч с международными наблюдателями",
        ),
    ],
)
def test_pdf_reads_back_translated(built: Path, language, sentence, date, title):
    path = built / f"{SEED_ID}.{language}.pdf"
    text = " ".join(pdf_text(path).split())
    assert sentence in text
    assert date in text
    reader = PdfReader(path)
    assert reader.metadata.title == title
    assert len(reader.pages) >= 2
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert re.search(r"\b1\b.*\b\d+\b", first_page)  # page numbers in the footer
    if language == "kk":
        assert set("әғқңөұүі") <= set(text)
    if language != "en":
        assert "Kazakhstan traditionally" not in text


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_html_has_language_title_and_every_section(built: Path, language):
    outline = Outline((built / f"{SEED_ID}.{language}.html").read_text(encoding="utf-8"))
    assert outline.lang == language
    assert outline.title.strip() == outline.h1.strip() != ""
    assert len([heading for heading in outline.h2 if heading.strip()]) >= SECTIONS
    assert set(outline.alternates) == {"en", "kk", "ru"}
    assert outline.untranslated_langs == []


def test_english_html_keeps_every_headline_of_the_seed(built: Path):
    source = (REPO / "releases" / SEED_ID / "release.md").read_text(encoding="utf-8")
    headlines = re.findall(r"^## (.+)$", source, re.MULTILINE)
    assert len(headlines) == SECTIONS
    outline = Outline((built / f"{SEED_ID}.en.html").read_text(encoding="utf-8"))
    assert [h for h in outline.h2 if h in headlines] == headlines


def test_pdf_embeds_only_the_shipped_fonts(built: Path):
    for path in sorted(built.glob("*.pdf")):
        report = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        rows = report.splitlines()[2:]
        assert rows
        for row in rows:
            name = row.split()[0]
            assert re.fullmatch(r"[A-Z]{6}\+pressflow-(Serif|Sans)(-\w+)?", name), row
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), row


def test_rebuild_gives_the_same_bytes(built: Path, tmp_path: Path):
    root = built.parents[1]
    before = tree_bytes(built)
    shutil.rmtree(built)
    result = CliRunner().invoke(app, ["build", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0
    assert tree_bytes(built) == before


def test_every_kazakh_letter_prints_in_the_shipped_fonts(tmp_path: Path):
    (tmp_path / "pressflow.toml").write_text("", encoding="utf-8")  # a project with every default
    release = tmp_path / "releases" / "letters" / "release.md"
    release.parent.mkdir(parents=True)
    release.write_text(
        f"---\ntitle: Әліпби {KAZAKH_LETTERS}\ndate: 2024-01-02\n---\n\n"
        f"## {KAZAKH_LETTERS}\n\n{KAZAKH_LETTERS} **{KAZAKH_LETTERS}** *{KAZAKH_LETTERS}*\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["build", "-C", str(tmp_path), "-l", "en", "-f", "pdf"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "dist" / "letters" / "letters.en.pdf"
    assert pdf_text(pdf).count(KAZAKH_LETTERS) >= 4
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert all("+pressflow-" in row for row in fonts.splitlines()[2:])


def test_a_release_that_fails_in_one_language_stops_neither_the_build_nor_the_others(
    project: Path, cli
):
    """The Russian bulletin cannot be rendered (a template's mistake that only Russian meets) after
    the English and Kazakh PDFs went to the printers: the build says so and goes on, writes no
    bulletin of that release half made, and builds the other release."""
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "letterhead.html").write_text(
        '<p class="kind">{% if language == "ru" %}{{ no_such_field }}{% endif %}</p>\n',
        encoding="utf-8",
    )
    other = project / "releases" / "2024-01-10-other"
    other.mkdir()
    (other / "release.md").write_text(
        "---\ntitle: Another release\ndate: 2024-01-10\nlanguages: [en]\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = cli("build", "-C", project, "-f", "pdf", "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert "could not build" in result.stderr and "no_such_field" in result.stderr
    assert "Traceback" not in result.output
    dist = project / "dist"
    assert not (dist / SEED_ID / f"{SEED_ID}.ru.pdf").exists()
    assert (dist / "2024-01-10-other" / "2024-01-10-other.en.pdf").is_file()
    # Once the template is fixed, every bulletin is built.
    (project / "templates" / "letterhead.html").unlink()
    assert cli("build", "-C", project, "-f", "pdf").exit_code == 0
    assert {path.name for path in (dist / SEED_ID).glob("*.pdf")} == {
        f"{SEED_ID}.{language}.pdf" for language in ("en", "kk", "ru")
    }
