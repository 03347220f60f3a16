"""`pressflow digest`: a period's published releases in one HTML file and one PDF per language, read
back (pypdf for the pages' text and the bookmarks, `pdffonts`, the Nu HTML Checker and axe for the
HTML).

The example project's two releases and a third, under embargo, go through review and publication:
the seed in every language, the briefing without Russian (not approved in it), the third with an
embargo that has not ended when the digest is made."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import EXAMPLE_IDS, REPO, SEED_ID, copy_example_project
from pypdf import PdfReader
from test_html_standards import CANARY, _axe_violation, _vnu_message, axe_results, vnu_messages
from typer.testing import CliRunner

from pressflow.cli import app
from pressflow.publish.digest import demote_headings

BRIEFING = "2023-03-20-briefing"
EMBARGOED = "2023-03-19-joint-statement"
NAME = "digest-2023-03-17-2023-03-20"
LANGUAGES = ("en", "kk", "ru")
NOW = "2023-03-21T09:00"
EMBARGOED_RELEASE = """\
---
title: Joint Statement of the Foreign Ministers
date: 2023-03-19
embargo: 2023-03-25T10:00
---

The joint statement will be published after the talks in Astana.
"""
EMBARGOED_TRANSLATIONS = {
    "kk": {
        "Joint Statement of the Foreign Ministers": "Сыртқы істер министрлерінің бірлескен мәлімдемесі",
        "The joint statement will be published after the talks in Astana.": (
            "Бірлескен мәлімдеме Астанадағы келіссөздерден кейін жарияланады."
        ),
    },
    "ru": {
        "Joint Statement of the Foreign Ministers": "Совместное заявление министров иностранных дел",
        "The joint statement will be published after the talks in Astana.": (
            "Совместное заявление будет опубликовано после переговоров в Астане."
        ),
    },
}
TITLES = {
    SEED_ID: {
        "en": "CEC Members Held a Series of Meetings with International Observers",
        "kk": "ОСК мүшелері халықаралық байқаушылармен бірқатар кездесу өткізді",
        "ru": "Члены ЦИК провели серию встреч с международными наблюдателями",
    },
    BRIEFING: {
        "en": "Briefing by the Official Representative of the Ministry of Foreign Affairs",
        "kk": "Сыртқы істер министрлігі ресми өкілінің брифингі",
    },
}


def pressflow(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, f"pressflow {' '.join(map(str, args))}:\n{result.output}"
    return result.output


def add_embargoed_release(project: Path) -> None:
    folder = project / "releases" / EMBARGOED
    folder.mkdir()
    (folder / "release.md").write_text(EMBARGOED_RELEASE, encoding="utf-8")
    pressflow("update", EMBARGOED, "-C", project)
    for language, translations in EMBARGOED_TRANSLATIONS.items():
        path = project / "locales" / language / "LC_MESSAGES" / f"{EMBARGOED}.po"
        catalog = polib.pofile(str(path), wrapwidth=79)
        for entry in catalog:
            entry.msgstr = translations[entry.msgid]
            entry.flags = []
        catalog.save()


def publish(project: Path, approvals: dict[str, tuple[str, ...]]) -> None:
    for release_id, languages in approvals.items():
        pressflow("mark", release_id, "translation", "-C", project, "--now", "2023-03-16T09:00")
        pressflow("mark", release_id, "review", "-C", project, "--now", "2023-03-16T10:00")
        for language in languages:
            pressflow(
                "approve", release_id, "-l", language, "-C", project, "--now", "2023-03-16T11:00"
            )
        pressflow("mark", release_id, "approved", "-C", project, "--now", "2023-03-16T12:00")
    pressflow("publish", "-C", project, "--now", "2023-03-20T12:00")


@pytest.fixture(scope="module")
def digested(tmp_path_factory) -> tuple[Path, str]:
    """(the project, the output of its digest of 17 to 20 March 2023, made on the 21st)."""
    project = copy_example_project(tmp_path_factory.mktemp("digest") / "project", EXAMPLE_IDS)
    add_embargoed_release(project)
    publish(project, {SEED_ID: ("kk", "ru"), BRIEFING: ("kk",), EMBARGOED: ("kk", "ru")})
    output = pressflow(
        "digest", "--from", "2023-03-17", "--to", "2023-03-20", "--now", NOW, "-C", project
    )
    return project, output


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf(project: Path, language: str) -> Path:
    return project / "dist" / NAME / f"{NAME}.{language}.pdf"


def html(project: Path, language: str) -> Path:
    return project / "dist" / NAME / f"{NAME}.{language}.html"


def pages(path: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(path).pages]


def contents(first_page: str, title: str) -> int:
    """The page number the table of contents gives a title (after its leader dots)."""
    found = re.search(re.escape(flat(title)) + r"[\s.…]*(\d+)", first_page)
    assert found, f"{title!r} is not in the contents: {first_page}"
    return int(found[1])


def test_the_command_lists_what_it_did(digested):
    project, output = digested
    assert f"embargoed {EMBARGOED} until 2023-03-25T10:00:00+06:00: left out" in output
    assert f"not available in ru: {BRIEFING}" in output
    for language in LANGUAGES:
        for fmt in ("html", "pdf"):
            assert f"wrote dist/{NAME}/{NAME}.{language}.{fmt}: 2 releases" in output
    assert sorted(path.name for path in (project / "dist" / NAME).iterdir()) == sorted(
        f"{NAME}.{language}.{fmt}" for language in LANGUAGES for fmt in ("html", "pdf")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contents_give_each_release_the_page_it_is_on(digested, language):
    project, _ = digested
    text = pages(pdf(project, language))
    shown = [release_id for release_id in TITLES if language in TITLES[release_id]]
    numbers = [contents(text[0], TITLES[release_id][language]) for release_id in shown]
    assert numbers == sorted(numbers) and numbers[0] > 1  # oldest first, after the contents
    for release_id, number in zip(shown, numbers):
        title = flat(TITLES[release_id][language])
        assert title in text[number - 1], f"{title!r} is not on page {number}"
        # ... and on no page before it but the contents'.
        assert not [n + 1 for n in range(1, number - 1) if title in text[n]]
    # Each release with its own dateline: the place and the date in the digest's language.
    seed_page = text[numbers[0] - 1]
    assert {"en": "March 17, 2023", "kk": "2023 жылғы 17 наурыз", "ru": "17 марта 2023 г."}[
        language
    ] in seed_page


@pytest.mark.parametrize("language", LANGUAGES)
def test_bookmarks_lead_to_each_release_and_its_sections(digested, language):
    project, _ = digested
    reader = PdfReader(pdf(project, language))
    text = [flat(page.extract_text()) for page in reader.pages]
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    titles = {flat(item.title): reader.get_destination_page_number(item) + 1 for item in top}
    assert list(titles)[0] == {"en": "Contents", "kk": "Мазмұны", "ru": "Содержание"}[language]
    for names in TITLES.values():
        if language in names:
            assert titles[flat(names[language])] == contents(text[0], names[language])
    # The seed release's six sections, nested under it.
    seed = next(
        i
        for i, item in enumerate(outline)
        if not isinstance(item, list) and item.title.startswith(TITLES[SEED_ID][language][:12])
    )
    assert isinstance(outline[seed + 1], list) and len(outline[seed + 1]) == 6


def test_a_release_not_published_in_a_language_is_listed_as_not_available(digested):
    project, _ = digested
    text = pages(pdf(project, "ru"))
    assert flat(f"{TITLES[BRIEFING]['en']} 20 марта 2023 г. — Нет на русском языке") in text[0]
    everything = " ".join(text[1:])
    assert "О голосовании за рубежом" not in everything  # its Russian text: never published
    assert "On voting abroad" not in everything  # nor its English in its place
    page = html(project, "ru").read_text(encoding="utf-8")
    assert f'<li class="unavailable"><span lang="en">{TITLES[BRIEFING]["en"]}</span>' in page
    assert f'id="release-{BRIEFING}"' not in page
    for language in ("en", "kk"):  # the languages it was published in have it
        assert f'id="release-{BRIEFING}"' in html(project, language).read_text(encoding="utf-8")
        assert "Нет на русском языке" not in html(project, language).read_text(encoding="utf-8")


def test_a_release_under_embargo_is_left_out_until_its_time(digested, tmp_path):
    project, _ = digested
    for language in LANGUAGES:
        assert "Joint Statement" not in " ".join(pages(pdf(project, language)))
        assert "Бірлескен мәлімдеме" not in html(project, language).read_text(encoding="utf-8")
        assert "Совместное заявление" not in html(project, language).read_text(encoding="utf-8")
    later = shutil.copytree(project, tmp_path / "later")
    output = pressflow(
        "digest",
        "--from",
        "2023-03-17",
        "--to",
        "2023-03-20",
        "--now",
        "2023-03-25T10:00",
        "-l",
        "kk",
        "-C",
        later,
    )
    assert "embargoed" not in output and f"wrote dist/{NAME}/{NAME}.kk.pdf: 3 releases" in output
    text = pages(pdf(later, "kk"))
    assert contents(text[0], "Сыртқы істер министрлерінің бірлескен мәлімдемесі") < contents(
        text[0], TITLES[BRIEFING]["kk"]
    )


def test_release_headings_stand_under_the_release_headline(digested):
    project, _ = digested
    page = html(project, "en").read_text(encoding="utf-8")
    assert page.count("<h1") == 1
    assert re.findall(r"<h2[^>]*>([^<]*)</h2>", page) == [
        "Contents",
        *(TITLES[r]["en"] for r in TITLES),
    ]
    assert "<h3>On the international observation of the elections</h3>" in page
    assert (
        demote_headings("<h2>A</h2><h6>B</h6><p>&lt;h2&gt;</p>")
        == "<h3>A</h3><h6>B</h6><p>&lt;h2&gt;</p>"
    )


def test_only_the_shipped_fonts_and_the_same_bytes_again(digested):
    project, _ = digested
    for language in LANGUAGES:
        fonts = subprocess.run(
            ["pdffonts", str(pdf(project, language))], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts and all(re.match(r"[A-Z]{6}\+pressflow-", line) for line in fonts), fonts
    before = {path.name: path.read_bytes() for path in (project / "dist" / NAME).iterdir()}
    output = pressflow(
        "digest", "--from", "2023-03-17", "--to", "2023-03-20", "--now", NOW, "-C", project
    )
    assert output.count("unchanged ") == 6 and "wrote" not in output
    assert {path.name: path.read_bytes() for path in (project / "dist" / NAME).iterdir()} == before


def test_the_html_is_valid_and_accessible(digested, tmp_path):
    """The Nu HTML Checker (HTML5 and CSS) and axe (WCAG 2 A and AA, best practices), as for the
    bulletins (test_html_standards.py), each proven awake by a canary page it must fault."""
    project, _ = digested
    files = [html(project, language) for language in LANGUAGES]
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    errors = [message for message in vnu_messages(files, canary) if message["type"] != "info"]
    assert not errors, "\n".join(_vnu_message(message, project) for message in errors)
    found = [
        _axe_violation(result, violation, project)
        for result in axe_results(files, canary)
        for violation in result["violations"]
    ]
    assert not found, "\n".join(found)


def test_what_a_digest_cannot_be_made_of(project, cli):
    nothing = cli("digest", "--from", "2023-03-17", "--to", "2023-03-20", "-C", project)
    assert nothing.exit_code == 1
    assert "no release published with a date from 2023-03-17 to 2023-03-20" in nothing.output
    assert not (project / "dist").exists()
    bad = cli("digest", "--from", "17.03.2023", "--to", "2023-03-20", "-C", project)
    assert bad.exit_code == 2 and "--from '17.03.2023' is not a date" in bad.output
    swapped = cli("digest", "--from", "2023-03-20", "--to", "2023-03-17", "-C", project)
    assert swapped.exit_code == 2 and "is after --to" in swapped.output


def test_the_readme_example_publishes_both_releases_and_makes_their_digest(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A digest of releases", 1)[1]
    script = re.search(r"```sh\n(.+?)```", section, re.DOTALL)[1]
    shown = re.search(r"```\n(wrote .+?)```", section, re.DOTALL)[1]
    project = copy_example_project(tmp_path / "project", EXAMPLE_IDS)
    venv = Path(shutil.which("pressflow", path=str(REPO / ".venv" / "bin")) or "pressflow").parent
    run = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PATH": f"{venv}:/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for line in shown.splitlines():
        if line != "...":
            assert line in run.stdout.splitlines()
    claimed = re.search(
        r'contents list "(.+?)"\s+at page (\d+) and "(.+?)" at page (\d+)', flat(section)
    )
    text = pages(pdf(project, "kk"))
    assert contents(text[0], claimed[1]) == int(claimed[2])
    assert contents(text[0], claimed[3]) == int(claimed[4])
    for release_id in EXAMPLE_IDS:
        assert (project / "releases" / release_id / "published" / "kk.po").is_file()
        for language in ("kk", "ru"):
            assert (project / "dist" / release_id / f"{release_id}.{language}.proof.pdf").is_file()


def test_new_template_strings_reach_a_project_translated_not_fuzzy(project, cli):
    """A project's templates' catalog made before the digest existed: `update` brings the shipped
    translation of "Contents", not the fuzzy one of the similar "Contacts"."""
    path = project / "locales" / "ru" / "LC_MESSAGES" / "pressflow.po"
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in [
        entry for entry in catalog if entry.msgid in ("Contents", "Digest of press releases")
    ]:
        catalog.remove(entry)
    catalog.save()
    assert cli("update", "-C", project).exit_code == 0
    entries = {entry.msgid: entry for entry in polib.pofile(str(path))}
    assert entries["Contents"].msgstr == "Содержание" and not entries["Contents"].fuzzy
    assert entries["Digest of press releases"].msgstr == "Дайджест пресс-релизов"
    assert entries["Contacts"].msgstr == "Контакты"
