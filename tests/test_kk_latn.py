"""Kazakh in Latin script (kk-Latn): an edition made from the Kazakh catalog by transliteration,
with no catalog of its own unless a translator overrides a message, built and published like any
language, tagged `kk-Latn` (BCP 47) wherever a standard names a language."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from conftest import REPO, SEED_ID

from pressflow.catalog.transliterate import to_latin

KK_PO = f"locales/kk/LC_MESSAGES/{SEED_ID}.po"
LATN_PO = f"locales/kk_Latn/LC_MESSAGES/{SEED_ID}.po"
TITLE_KK = "ОСК мүшелері халықаралық байқаушылармен бірқатар кездесу өткізді"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture
def latn(project: Path) -> Path:
    config = project / "pressflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'languages = ["en", "kk", "ru"]',
            'languages = ["en", "kk", "ru", "kk-Latn"]\nbase_url = "https://press.example.org/"',
        ),
        encoding="utf-8",
    )
    return project


def ok(cli, *args) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_edition_is_made_from_the_kazakh_catalog(latn, cli):
    ok(cli, "update", "-C", latn)
    assert not (latn / "locales/kk_Latn").exists()  # no catalog of its own to translate
    status = json.loads(ok(cli, "status", "--json", "-C", latn))["releases"][0]["languages"]
    assert status["kk_Latn"]["percent"] == status["kk"]["percent"] == 100.0

    ok(cli, "build", "-C", latn, "-l", "kk-Latn")
    html = (latn / f"dist/{SEED_ID}/{SEED_ID}.kk_Latn.html").read_text(encoding="utf-8")
    assert '<html lang="kk-Latn">' in html
    assert 'hreflang="kk-Latn"' in html and 'hreflang="kk"' in html
    assert to_latin(TITLE_KK) in html and TITLE_KK not in html
    body = html.split("<body>", 1)[1]
    # Every word in Latin letters; the language switcher names the Cyrillic editions in themselves.
    names = {"қазақ тілі", "русский"}
    cyrillic = [
        word for word in re.findall(r"\w+", re.sub(r"<[^>]+>", " ", body)) if CYRILLIC.search(word)
    ]
    assert set(" ".join(cyrillic).split()) <= set(" ".join(names).split()), cyrillic[:10]
    assert "2023 jylğy 17 nauryz" in html  # the project's Kazakh date ([dates] kk), transliterated

    pdf = latn / f"dist/{SEED_ID}/{SEED_ID}.kk_Latn.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert to_latin(TITLE_KK) in flat
    assert "Qazaqstan Respublikasy Syrtqy ıster ministrlıgı" in flat
    assert not CYRILLIC.search(flat.replace("русский", "").replace("қазақ тілі", ""))
    # Shown in capitals by the stylesheet, made capitals by the alphabet's own rules (CSS would
    # drop the dot of İ): "Baspasöz relizı" is BASPASÖZ RELİZI, not BASPASÖZ RELIZI.
    assert '<p class="kind">BASPASÖZ RELİZI</p>' in html
    assert "BASPASÖZ RELİZI" in flat and "RELIZI" not in flat


def test_a_translator_overrides_a_message(latn, cli):
    ok(cli, "update", "-C", latn)
    override = latn / LATN_PO
    override.parent.mkdir(parents=True)
    catalog = polib.pofile(str(latn / KK_PO))
    for entry in catalog:
        entry.msgstr = "Vagharshak Hakobyan" if entry.msgctxt == "title" else ""
    catalog.metadata["Language"] = "kk_Latn"
    catalog.save(str(override))
    ok(cli, "update", "-C", latn)  # merged, never removed
    assert override.is_file()
    ok(cli, "build", "-C", latn, "-l", "kk-Latn", "-f", "html")
    html = (latn / f"dist/{SEED_ID}/{SEED_ID}.kk_Latn.html").read_text(encoding="utf-8")
    assert "<h1>Vagharshak Hakobyan</h1>" in html
    assert (
        to_latin("Қазақстан Республикасы Сыртқы істер министрлігі") in html
    )  # the rest transliterated


def test_published_like_any_language(latn, cli, quick_pdf):
    ok(cli, "update", "-C", latn)
    for state in ("translation", "review"):
        ok(cli, "mark", SEED_ID, state, "-C", latn)
    for language in ("kk", "ru", "kk-Latn"):
        ok(cli, "approve", SEED_ID, "-l", language, "-C", latn)
    ok(cli, "mark", SEED_ID, "approved", "-C", latn)
    assert (
        ok(cli, "publish", "-C", latn) == f"published {SEED_ID} revision 1: en, kk, ru, kk_Latn\n"
    )
    assert (latn / f"releases/{SEED_ID}/published/kk_Latn.po").is_file()
    ok(cli, "site", "-C", latn, "--now", "2023-04-01T12:00")
    public = latn / "public"
    assert to_latin(TITLE_KK) in (public / f"kk_Latn/{SEED_ID}/index.html").read_text(
        encoding="utf-8"
    )
    feed = ET.parse(public / "kk_Latn/feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "kk-Latn"
    ninjs = json.loads(
        (public / f"kk_Latn/{SEED_ID}/{SEED_ID}.ninjs.json").read_text(encoding="utf-8")
    )
    assert ninjs["language"] == "kk-Latn"
    assert 'hreflang="kk-Latn"' in (public / "sitemap.xml").read_text(encoding="utf-8")

    # A check error in the Kazakh catalog is the edition's too: its approval is refused.
    ok(cli, "mark", SEED_ID, "review", "-C", latn)
    kk = latn / KK_PO
    kk.write_text(
        kk.read_text(encoding="utf-8").replace("2023 жылғы 19", "2024 жылғы 19", 1),
        encoding="utf-8",
    )
    result = cli("approve", SEED_ID, "-l", "kk-Latn", "-C", latn)
    assert (
        result.exit_code == 1
        and "cannot approve kk_Latn: check finds 1 error (facts" in result.stderr
    )


def test_the_kk_latn_page_is_valid_html(latn, cli, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            "no java or node_modules/vnu-jar for the Nu HTML Checker: run `scripts/setup.sh test` (CI does)"
        )
    ok(cli, "build", "-C", latn, "-l", "kk-Latn", "-f", "html")
    page = latn / f"dist/{SEED_ID}/{SEED_ID}.kk_Latn.html"
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--also-check-css", "--stdout", str(page)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    errors = [m for m in json.loads(run.stdout)["messages"] if m["type"] != "info"]
    assert errors == []
