"""The public site's pages use the fonts that ship with pressflow: WOFF2 files served beside the
pages, cut down to the characters the pages show, the same bytes from the same pages; the
standalone bulletins of dist/ keep the system fonts."""

from __future__ import annotations

import hashlib
import html
import json
import re
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import SEED_ID, tree_bytes
from fontTools.ttLib import TTFont

from pressflow.render import fonts as fonts_module
from pressflow.render.fonts import FONT_FACES, web_fonts

NOW = "2024-01-01T00:00"
FACE = re.compile(
    r'@font-face \{ font-family: "([^"]+)"; font-weight: (\w+); font-style: (\w+); '
    r'font-display: swap; src: url\("([^"]+)"\) format\("woff2"\); \}'
)


@pytest.fixture
def site(project: Path, cli, quick_pdf) -> Path:
    """The example project's release approved, published, and its site rendered: public/."""
    for step in (
        ("mark", SEED_ID, "translation"),
        ("mark", SEED_ID, "review"),
        ("approve", SEED_ID, "-l", "kk", "--by", "Aigerim Nurlanovna"),
        ("approve", SEED_ID, "-l", "ru", "--by", "Olga Petrova"),
        ("mark", SEED_ID, "approved"),
        ("publish",),
        ("site", "--now", NOW),
    ):
        result = cli(*step, "-C", project)
        assert result.exit_code == 0, (step, result.output)
    return project / "public"


def shown_characters(page: str) -> set[str]:
    """The characters a reader sees on a page: its text and its attributes' (alt, title)."""
    body = page[page.index("<body") :]
    text = html.unescape(re.sub(r"<[^>]*>", " ", body))
    attributes = [html.unescape(value) for value in re.findall(r'(?:alt|title)="([^"]*)"', body)]
    return {char for char in text + "".join(attributes) if not char.isspace()}


def test_every_page_loads_the_shipped_fonts_from_beside_it(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert {page.relative_to(site).as_posix() for page in pages} >= {
        "index.html",
        "en/index.html",
        f"kk/{SEED_ID}/index.html",
    }
    for page in pages:
        text = page.read_text(encoding="utf-8")
        faces = FACE.findall(text)
        assert [(family, weight, style) for family, weight, style, _ in faces] == [
            (face.family, face.weight, face.style) for face in FONT_FACES
        ], page
        families = re.findall(r"--(?:serif|sans|mono): \"([^\"]+)\"", text)
        assert families and all(family.startswith("pressflow ") for family in families), page
        for family, _, _, url in faces:
            # As a browser resolves it from the page's address.
            target = urljoin(f"https://example.org/{page.relative_to(site).as_posix()}", url)
            font = site / target.removeprefix("https://example.org/")
            assert font.is_file(), (page, url)
            data = font.read_bytes()
            assert data[:4] == b"wOF2", font
            loaded = TTFont(BytesIO(data))
            assert loaded["name"].getDebugName(1).startswith("Noto "), font
            covered = {chr(code) for code in loaded.getBestCmap()}
            if family != "pressflow Mono":  # code, none on these pages
                missing = shown_characters(text) - covered
                assert not missing, (page, font.name, sorted(missing))


def test_the_fonts_are_small_and_the_same_from_the_same_pages(site: Path, project: Path, cli):
    fonts = {path.name: path.read_bytes() for path in (site / "fonts").iterdir()}
    assert sorted(fonts) == sorted(Path(face.web_file).name for face in FONT_FACES)
    assert all(len(data) < 40_000 for data in fonts.values()), {n: len(d) for n, d in fonts.items()}
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    for name, data in fonts.items():
        assert listed[f"fonts/{name}"] == hashlib.sha256(data).hexdigest()
    before = tree_bytes(site)
    fonts_module._web_font.cache_clear()  # cut again, not taken from this process's memory
    result = cli("site", "--now", NOW, "-C", project)
    assert result.exit_code == 0, result.output
    assert tree_bytes(site) == before


def test_the_fonts_have_the_languages_letters_and_what_the_pages_show():
    page = "<html><body><p>Ünal Şahin, Ђорђе</p></body></html>"
    for languages, letters, absent in ((["en"], "", "ЖжӘә"), (["en", "kk"], "ЖжӘә", "ЋћЈј")):
        cut = TTFont(BytesIO(web_fonts([page], languages)["fonts/NotoSans-Regular.woff2"]))
        covered = {chr(code) for code in cut.getBestCmap()}
        assert set("ÜüŞşЂђОРо") | set(letters) <= covered  # in either case: CSS may transform it
        assert not set(absent) & covered  # nor a language's, nor shown


def test_standalone_bulletins_keep_the_system_fonts(project: Path, cli):
    result = cli("build", "-C", project, "-f", "html", "-l", "en")
    assert result.exit_code == 0, result.output
    page = (project / "dist" / SEED_ID / f"{SEED_ID}.en.html").read_text(encoding="utf-8")
    assert "@font-face" not in page and ".woff2" not in page
    assert '"pressflow Serif", "Noto Serif", "PT Serif", Georgia, serif' in page
