"""Bulletins worth sending (issue 3): a release with every feature, read back from PDF and HTML."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import DATA
from pypdf import PdfReader
from typer.testing import CliRunner

from pressflow.cli import app

ID = "2023-03-17-romania"
CONFIG = """base_url = "https://press.example.org/"
[organization]
en = "Ministry of Foreign Affairs of the Republic of Kazakhstan"
kk = "Қазақстан Республикасы Сыртқы істер министрлігі"
ru = "Министерство иностранных дел Республики Казахстан"
logo = "templates/logo.png"
"""
BODY = """
## Talks in Astana

The deputy minister met deputies of the Romanian parliament.

![Deputy Minister Roman Vasilenko and the Romanian deputies](photo.png "The meeting in Astana, 17 March 2023")

- Bilateral cooperation in the political sphere
- Economic cooperation

> The elections will be held in full compliance with national legislation.

More on the [ministry's site](https://www.gov.kz/memleket/entities/mfa).
"""
# Kazakh translations of some messages only: the rest falls back to English.
KAZAKH = {
    (
        "title",
        "Kazakhstan and Romania: Dialogue Continues",
    ): "Қазақстан мен Румыния: диалог жалғасуда",
    (None, "Talks in Astana"): "Астанадағы келіссөздер",
    (
        None,
        "Deputy Minister Roman Vasilenko and the Romanian deputies",
    ): "Сыртқы істер министрінің орынбасары Роман Василенко және румын депутаттары",
    (None, "The meeting in Astana, 17 March 2023"): "Астанадағы кездесу, 2023 жылғы 17 наурыз",
}


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("full")
    (root / "pressflow.toml").write_text(CONFIG, encoding="utf-8")
    (root / "templates").mkdir()
    shutil.copy(DATA / "segments" / "photo.png", root / "templates" / "logo.png")
    folder = root / "releases" / ID
    folder.mkdir(parents=True)
    front_matter = (
        (DATA / "segments" / "front-matter.md").read_text(encoding="utf-8").split("---\n")[1]
    )
    (folder / "release.md").write_text(f"---\n{front_matter}---\n{BODY}", encoding="utf-8")
    shutil.copy(DATA / "segments" / "photo.png", folder)
    assert run("update", "-C", root).exit_code == 0
    catalog_path = root / f"locales/kk/LC_MESSAGES/{ID}.po"
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        entry.msgstr = KAZAKH.get((entry.msgctxt, entry.msgid), "")
    catalog.save()
    result = run("build", "-C", root)
    assert result.exit_code == 0, result.output
    return root / "dist" / ID


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_metadata_and_archival_variant(full):
    pdf = full / f"{ID}.kk.pdf"
    reader = PdfReader(pdf)
    assert reader.metadata.title == "Қазақстан мен Румыния: диалог жалғасуда"
    assert reader.metadata.author == "Қазақстан Республикасы Сыртқы істер министрлігі"
    assert (
        reader.metadata.subject
        == "The sides discussed bilateral cooperation and the elections of 19 March."
    )
    assert reader.metadata["/Keywords"] == "elections, Romania"
    assert reader.trailer["/Root"]["/Lang"] == "kk"
    xmp = subprocess.run(
        ["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    # The default: PDF/A-3a (tagged) and PDF/UA-1 in one file (tests/test_pdf_accessible.py).
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert 'pdfuaid:part="1"' in xmp
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_page_carries_the_embargo_and_the_translation_mark(full):
    pages = text_of(full / f"{ID}.kk.pdf").split("\f")[:-1]
    assert pages
    for page in pages:
        flat = " ".join(page.split())
        # Almaty was on UTC+6 then, "East Kazakhstan Time" in CLDR (since March 2024, UTC+5).
        assert "ЭМБАРГО АЯҚТАЛАТЫН УАҚЫТ: 2023 Ж. 17 НАУРЫЗ, 10:00 ШЫҒЫС ҚАЗАҚСТАН УАҚЫТЫ" in flat
        assert re.search(r"Аударма толық емес: \d+(,\d)?\s?% аударылды", flat)  # CLDR: 22,2%
    english = " ".join(text_of(full / f"{ID}.en.pdf").split())
    assert "EMBARGOED UNTIL MARCH 17, 2023, 10:00 AM EAST KAZAKHSTAN TIME" in english
    assert "Translation incomplete" not in english


def test_translated_figure_and_fallback_marks(full):
    html = (full / f"{ID}.kk.html").read_text(encoding="utf-8")
    figure = re.search(r"<figure>(.*?)</figure>", html, re.DOTALL)[1]
    assert (
        'alt="Сыртқы істер министрінің орынбасары Роман Василенко және румын депутаттары"' in figure
    )
    assert "<figcaption>Астанадағы кездесу, 2023 жылғы 17 наурыз</figcaption>" in figure
    assert 'src="data:image/png;base64,' in figure
    assert '<p lang="en" class="untranslated">The deputy minister met' in html
    assert '<li lang="en" class="untranslated">Bilateral cooperation' in html
    images = subprocess.run(
        ["pdfimages", "-list", str(full / f"{ID}.kk.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert len(images) == 2  # the logo and the photo, embedded
    assert "Астанадағы кездесу, 2023 жылғы 17 наурыз" in " ".join(
        text_of(full / f"{ID}.kk.pdf").split()
    )


def test_structured_data_and_links_between_languages(full):
    def head(language):
        html = (full / f"{ID}.{language}.html").read_text(encoding="utf-8")
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)[1]
        )
        return html, data

    html, english = head("en")
    assert english["@type"] == "NewsArticle" and english["inLanguage"] == "en"
    assert english["headline"] == "Kazakhstan and Romania: Dialogue Continues"
    assert english["datePublished"] == "2023-03-17" and english["dateModified"] == "2023-03-18"
    assert (
        english["publisher"]["name"] == "Ministry of Foreign Affairs of the Republic of Kazakhstan"
    )
    assert [t["url"] for t in english["workTranslation"]] == [
        f"https://press.example.org/kk/{ID}/",
        f"https://press.example.org/ru/{ID}/",
    ]
    assert f'<link rel="canonical" href="https://press.example.org/en/{ID}/">' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert (
        f'<meta property="og:image" content="https://press.example.org/en/{ID}/photo.png">' in html
    )
    assert (full / "photo.png").is_file()

    html, kazakh = head("kk")
    assert kazakh["translationOfWork"] == {
        "@type": "NewsArticle",
        "inLanguage": "en",
        "url": f"https://press.example.org/en/{ID}/",
    }
    assert kazakh["publisher"]["name"] == "Қазақстан Республикасы Сыртқы істер министрлігі"
    assert '<meta property="og:locale" content="kk_KZ">' in html
    for code in ("en", "kk", "ru"):
        assert (
            f'<link rel="alternate" hreflang="{code}" href="https://press.example.org/{code}/{ID}/">'
            in html
        )
    assert f'<a href="{ID}.ru.html" hreflang="ru" lang="ru">русский</a>' in html
    assert '<span aria-current="page" lang="kk">қазақ тілі</span>' in html


def test_hyphenation_only_where_a_dictionary_exists(full):
    assert "hyphens: auto" in (full / f"{ID}.ru.html").read_text(encoding="utf-8")
    assert "hyphens: manual" in (full / f"{ID}.kk.html").read_text(encoding="utf-8")


def test_pdf_variants(full, tmp_path):
    root = full.parents[1]
    for variant, tagged, identifiers in (
        ("pdf/ua-1", "yes", ['pdfuaid:part="1"']),
        ("pdf/a-3b", "no", ['pdfaid:part="3"', 'pdfaid:conformance="B"']),
        ("", "no", []),
    ):
        config = root / "pressflow.toml"
        config.write_text(CONFIG + f'[pdf]\nvariant = "{variant}"\n', encoding="utf-8")
        result = run("build", "-C", root, "-l", "ru", "-f", "pdf")
        assert result.exit_code == 0, result.output
        info = subprocess.run(
            ["pdfinfo", str(full / f"{ID}.ru.pdf")], capture_output=True, text=True
        ).stdout
        assert re.search(rf"^Tagged:\s+{tagged}$", info, re.MULTILINE), (variant, info)
        xmp = subprocess.run(
            ["pdfinfo", "-meta", str(full / f"{ID}.ru.pdf")], capture_output=True, text=True
        ).stdout
        assert re.findall(r'pdfu?aid:\w+="\w+"', xmp) == identifiers, (variant, xmp)
    (root / "pressflow.toml").write_text(CONFIG, encoding="utf-8")
    assert run("build", "-C", root, "-l", "ru", "-f", "pdf").exit_code == 0


def test_two_builds_give_the_same_sha256(full):
    root = full.parents[1]
    digests = []
    for _ in range(2):
        shutil.rmtree(full)
        assert run("build", "-C", root).exit_code == 0
        digests.append(
            {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(full.iterdir())}
        )
    assert (
        digests[0] == digests[1] and len(digests[0]) == 8
    )  # six bulletins, the image, the manifest


def test_a_project_template_overrides_the_letterhead(full):
    root = full.parents[1]
    override = root / "templates" / "letterhead.html"
    override.write_text(
        '<header class="letterhead"><p class="organization">{{ organization }}</p>'
        '<p class="kind">{{ _("Press release") }} · Astana</p></header>\n',
        encoding="utf-8",
    )
    try:
        assert run("build", "-C", root, "-l", "ru", "-f", "html").exit_code == 0
        html = (full / f"{ID}.ru.html").read_text(encoding="utf-8")
        assert '<p class="kind">Пресс-релиз · Astana</p>' in html
    finally:
        override.unlink()


def test_resources_outside_the_project_are_refused(full):
    root = full.parents[1]
    override = root / "templates" / "letterhead.html"
    override.write_text(
        '<header class="letterhead"><img src="file:///etc/passwd" alt="">'
        '<img src="http://example.org/x.png" alt=""><link rel="attachment" href="../../../x"></header>\n',
        encoding="utf-8",
    )
    try:
        result = run("build", "-C", root, "-l", "ru", "-f", "pdf")
        assert result.exit_code == 1
        assert (
            f"releases/{ID}/release.md: left out of dist/{ID}/{ID}.ru.pdf: /etc/passwd is outside the project"
            in result.stderr
        )
        assert "http://example.org/x.png is not a file of the project" in result.stderr
        assert (full / f"{ID}.ru.pdf").is_file()
        assert b"root:" not in (full / f"{ID}.ru.pdf").read_bytes()
    finally:
        override.unlink()


def test_page_size_is_honoured(full):
    root = full.parents[1]
    (root / "pressflow.toml").write_text(CONFIG + '[pdf]\npage_size = "letter"\n', encoding="utf-8")
    try:
        assert run("build", "-C", root, "-l", "en", "-f", "pdf").exit_code == 0
        info = subprocess.run(
            ["pdfinfo", str(full / f"{ID}.en.pdf")], capture_output=True, text=True
        ).stdout
        assert re.search(r"^Page size:\s+612 x 792 pts \(letter\)", info, re.MULTILINE), info
    finally:
        (root / "pressflow.toml").write_text(CONFIG, encoding="utf-8")
        assert run("build", "-C", root, "-l", "en", "-f", "pdf").exit_code == 0
