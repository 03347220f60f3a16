"""`pressflow proof ID -l LANG`: the reviewer's proof, read back from the PDF (pypdf for each page's
text, `pdftotext -layout` for the two columns, `pdffonts` for the fonts).

The seed release's Kazakh catalog is given one fuzzy message, one untranslated message and one
planted check error (a date changed in a translation); the proof must show each where the reviewer
reads that message, and its cover must carry the digest that `approve` records."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest
import yaml
from conftest import SEED_ID, copy_example_project
from pypdf import PdfReader

from pressflow.catalog.update import load_catalog
from pressflow.core.config import load_config
from pressflow.publish.workflow import catalog_hash
from pressflow.source.release import read_release
from pressflow.source.segment import release_messages

CATALOG = Path("locales") / "kk" / "LC_MESSAGES" / f"{SEED_ID}.po"
PROOF = Path("dist") / SEED_ID / f"{SEED_ID}.kk.proof.pdf"
FUZZY = "Kazakhstan traditionally attaches great importance to the extensive involvement"
UNTRANSLATED = "In addition, international observers were informed of the work done"
PLANTED = "The meeting of the Deputy Minister of Foreign Affairs of the Republic of"
# Marks as the Kazakh templates' catalog says them (shown in capitals).
FUZZY_MARK = "НАҚТЫ ЕМЕС: ТЕКСЕРІЛУІ ТИІС"
UNTRANSLATED_MARK = "АУДАРЫЛМАҒАН"


def flat(text: str) -> str:
    """Text with every run of white space one space (lines in a PDF break anywhere)."""
    return " ".join(text.split())


def entry(catalog: polib.POFile, start: str) -> polib.POEntry:
    found = [item for item in catalog if item.msgid.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def plant(project: Path) -> None:
    catalog = polib.pofile(str(project / CATALOG), wrapwidth=79)
    entry(catalog, FUZZY).flags.append("fuzzy")
    entry(catalog, UNTRANSLATED).msgstr = ""
    planted = entry(catalog, PLANTED)
    assert "19 наурызға" in planted.msgstr
    planted.msgstr = planted.msgstr.replace("19 наурызға", "18 наурызға")
    catalog.save()


@pytest.fixture(scope="module")
def proofed(tmp_path_factory) -> tuple[Path, str]:
    """(the project, the `proof` command's output): the seed's Kazakh proof with the planted
    states."""
    from typer.testing import CliRunner

    from pressflow.cli import app

    project = copy_example_project(tmp_path_factory.mktemp("proof") / "project")
    plant(project)
    result = CliRunner().invoke(app, ["proof", SEED_ID, "-l", "kk", "-C", str(project)])
    assert result.exit_code == 0, result.output
    return project, result.output


@pytest.fixture(scope="module")
def pages(proofed) -> list[str]:
    project, _ = proofed
    return [flat(page.extract_text()) for page in PdfReader(project / PROOF).pages]


def page_of(pages: list[str], text: str) -> int:
    found = [number for number, page in enumerate(pages) if flat(text) in page]
    assert found, f"{text!r} is on no page of the proof"
    return found[0]


def opening(text: str, words: int = 4) -> str:
    """The first words of a text, as the first line of its cell shows them."""
    return " ".join(text.split()[:words])


def test_the_command_says_what_it_wrote(proofed):
    project, output = proofed
    assert output.startswith(f"wrote {PROOF}: 39 messages (1 fuzzy, 1 untranslated), 1 check error")
    assert (project / PROOF).read_bytes().startswith(b"%PDF-")


def message_text(pages: list[str], lines: tuple[int, ...]) -> str:
    """What the proof shows of the message on these lines of release.md: from its heading (its
    places in release.md and the catalog) to the next message's, on the one page that has it."""
    heading = f"release.md:{', '.join(map(str, lines))} {SEED_ID}.po:"
    found = [page for page in pages if heading in page]
    assert len(found) == 1, f"{heading!r} is on {len(found)} pages"
    shown = found[0].split(heading, 1)[1]
    return re.split(r"release\.md:\d", shown, maxsplit=1)[0]


def test_both_texts_of_every_message_are_on_the_same_page(proofed, pages):
    project, _ = proofed
    config = load_config(project)
    release = read_release(project / "releases" / SEED_ID / "release.md", config)
    translations = {
        (item.msgctxt, item.msgid): item.msgstr
        for item in polib.pofile(str(project / CATALOG))
        if item.msgstr
    }
    messages = release_messages(release)
    for message in messages:
        shown = message_text(pages[1:], message.lines)
        assert opening(message.msgid) in shown, message.msgid
        if translation := translations.get(message.key):
            assert opening(translation) in shown, message.msgid
    # Every message but the untranslated one has its translation shown: a fuzzy one's too, which
    # is what the reviewer must look at.
    assert sum(message.key in translations for message in messages) == len(messages) - 1


def test_the_columns_stand_side_by_side(proofed):
    """`pdftotext -layout`: a message's source and translation start on one line, the source on the
    left."""
    project, _ = proofed
    layout = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(project / PROOF), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in layout.splitlines() if "CEC Members Held" in line)
    assert "ОСК мүшелері" in line
    assert line.index("CEC Members Held") < line.index("ОСК мүшелері")
    header = next(line for line in layout.splitlines() if "ENGLISH" in line)
    assert header.index("ENGLISH") < header.index("ҚАЗАҚ ТІЛІ")


def test_fuzzy_and_untranslated_messages_are_marked_in_words(proofed, pages):
    project, _ = proofed
    text = " ".join(pages)
    assert text.count(FUZZY_MARK) == 1 and text.count(UNTRANSLATED_MARK) == 1
    assert FUZZY_MARK in pages[page_of(pages, opening(FUZZY))]
    assert UNTRANSLATED_MARK in pages[page_of(pages, opening(UNTRANSLATED))]
    # In the translation's column: right of the source's text on the same line of the layout.
    layout = subprocess.run(
        ["pdftotext", "-layout", str(project / PROOF), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for mark, source in ((FUZZY_MARK, FUZZY), (UNTRANSLATED_MARK, UNTRANSLATED)):
        line = next(line for line in layout.splitlines() if mark in line)
        assert opening(source, 2) in line and line.index(opening(source, 2)) < line.index(mark)
    # The cover counts them.
    assert "нақты еместері: 1" in pages[0] and "аударылмағаны: 1" in pages[0]


def test_a_check_error_stands_under_its_message(proofed, pages):
    project, _ = proofed
    planted = entry(polib.pofile(str(project / CATALOG)), PLANTED)
    shown = message_text(pages, (int(planted.occurrences[0][1]),))
    found = re.search(r"ҚАТЕ facts (.{0,120})", shown)
    assert found, shown
    assert "19" in found[1]  # the figure of the source that the translation lost
    # In the order the reviewer reads: the message, its translation, then the finding.
    assert shown.index(opening(PLANTED)) < shown.index(opening(planted.msgstr)) < found.start()
    assert sum(len(re.findall(r"ҚАТЕ \S+", page)) for page in pages[1:]) == 1  # nowhere else
    assert "ТЕКСЕРУ ҚАТЕЛЕРІ: 1" in shown[: shown.index(opening(PLANTED))]  # its heading says so
    assert "қателер: 1" in pages[0]


def test_the_cover_carries_the_digest_approve_records(proofed, pages):
    project, _ = proofed
    config = load_config(project)
    release = read_release(project / "releases" / SEED_ID / "release.md", config)
    digest = catalog_hash(load_catalog(config, release, "kk"))
    assert set(re.findall(r"sha256:[0-9a-f]{64}", pages[0])) == {digest}
    assert "Бекітілмеген." in pages[0]
    assert SEED_ID in pages[0] and "қазақ тілі (kk)" in pages[0]
    assert "pressflow approve 2023-03-17-observer-meetings -l kk" in pages[0]
    assert f"{digest}" in pages[-1]  # the foot of every page


def test_an_approval_on_record_matches_the_proof_until_the_catalog_changes(project, cli):
    for state in ("translation", "review"):
        assert cli("mark", SEED_ID, state, "-C", project).exit_code == 0
    # 22:30 in UTC is already the next day in the project's time zone (Asia/Almaty).
    approved = cli(
        "approve",
        SEED_ID,
        "-l",
        "ru",
        "--by",
        "Irina Petrova",
        "--now",
        "2023-03-18T22:30:00+00:00",
        "-C",
        project,
    )
    assert approved.exit_code == 0, approved.output
    record = yaml.safe_load((project / "releases" / SEED_ID / "workflow.yaml").read_text("utf-8"))
    recorded = record["approvals"]["ru"]["catalog_hash"]
    proof = project / "dist" / SEED_ID / f"{SEED_ID}.ru.proof.pdf"

    result = cli("proof", SEED_ID, "-l", "ru", "-C", project)
    assert result.exit_code == 0 and result.output.rstrip().endswith("approved as it is")
    cover = flat(PdfReader(proof).pages[0].extract_text())
    assert set(re.findall(r"sha256:[0-9a-f]{64}", cover)) == {recorded}
    assert "каталог в точности такой, каким был утверждён" in cover
    assert "Утвердил(а): Irina Petrova" in cover
    assert "Утверждено 19 марта 2023 г." in cover, cover

    path = project / "locales" / "ru" / "LC_MESSAGES" / f"{SEED_ID}.po"
    catalog = polib.pofile(str(path), wrapwidth=79)
    catalog[3].msgstr += " "  # any change of a translation
    catalog.save()
    result = cli("proof", SEED_ID, "-l", "ru", "-C", project)
    assert result.exit_code == 0 and result.output.rstrip().endswith("approval lapsed")
    cover = flat(PdfReader(proof).pages[0].extract_text())
    config = load_config(project)
    release = read_release(project / "releases" / SEED_ID / "release.md", config)
    now = catalog_hash(load_catalog(config, release, "ru"))
    assert now != recorded
    assert set(re.findall(r"sha256:[0-9a-f]{64}", cover)) == {now, recorded}
    assert f"утверждение утратило силу. {recorded}" in cover


def test_only_the_shipped_fonts_and_the_same_bytes_again(proofed, cli):
    project, _ = proofed
    fonts = subprocess.run(
        ["pdffonts", str(project / PROOF)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(re.match(r"[A-Z]{6}\+pressflow-", line) for line in fonts), fonts
    before = (project / PROOF).read_bytes()
    again = cli("proof", SEED_ID, "-l", "kk", "-C", project)
    assert again.exit_code == 0 and again.output.startswith("unchanged ")
    assert (project / PROOF).read_bytes() == before


def test_the_pdf_is_tagged_in_the_reviewed_language(proofed):
    project, _ = proofed
    catalog = PdfReader(project / PROOF).trailer["/Root"]
    assert catalog["/Lang"] == "kk" and "/StructTreeRoot" in catalog


def test_the_html_gives_each_column_its_language(proofed):
    """The HTML the PDF is printed from: each column's cells carry their language."""
    from pressflow.publish.workflow import catalog_hash as digest_of
    from pressflow.render.html import Renderer
    from pressflow.render.proof import Signoff, make_proof, render_proof

    project, _ = proofed
    config = load_config(project)
    release = read_release(project / "releases" / SEED_ID / "release.md", config)
    catalog = load_catalog(config, release, "kk")
    proof, problems = make_proof(config, release, "kk", catalog, Signoff(digest_of(catalog)))
    assert problems == []
    html = render_proof(Renderer(config), proof)
    assert html.count('<td class="source" lang="en">') == len(proof.messages) == 39
    assert html.count('<td class="translation" lang="kk">') == 39
    assert '<html lang="kk">' in html


def test_what_cannot_be_proofed(project, cli):
    source = cli("proof", SEED_ID, "-l", "en", "-C", project)
    assert source.exit_code == 1
    assert "en is the source language" in source.output
    missing = cli("proof", "no-such-release", "-l", "kk", "-C", project)
    assert missing.exit_code == 2 and "no release 'no-such-release'" in missing.output
    unknown = cli("proof", SEED_ID, "-l", "de", "-C", project)
    assert unknown.exit_code == 2 and "unknown language de" in unknown.output
    assert not (project / "dist").exists()


def test_an_unreadable_glossary_stops_the_proof(project, cli):
    """Without every check, a proof would show a catalog cleaner than it is."""
    (project / "locales" / "glossary.csv").write_text("kk,ru\nМәжіліс,Мажилис\n", encoding="utf-8")
    result = cli("proof", SEED_ID, "-l", "kk", "-C", project)
    assert result.exit_code == 2 and "glossary.csv" in result.output
    assert not (project / PROOF).exists()
