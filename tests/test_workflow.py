"""The workflow (docs/design.md, "Workflow"): states, per-language approval, publication as a recorded decision."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polib
import pytest
import yaml
from conftest import REPO, SEED_ID

from pressflow.catalog.po import read_catalog, write_catalog
from pressflow.publish.workflow import catalog_hash

RECORD = f"releases/{SEED_ID}/workflow.yaml"
# The correction note of revision 2 and its translations.
NOTE = "An earlier version misspelled the name of the Deputy Minister."
NOTE_TRANSLATIONS = {
    "kk": "Алдыңғы нұсқада вице-министрдің аты қате жазылған.",
    "ru": "В предыдущей версии было неверно написано имя заместителя министра.",
}


def po_path(project: Path, language: str) -> Path:
    return project / f"locales/{language}/LC_MESSAGES/{SEED_ID}.po"


def edit_catalog(project: Path, language: str, edit) -> None:
    """Change entries of a catalog with `edit(entries)` and write it back as GNU gettext would."""
    path = po_path(project, language)
    catalog = read_catalog(path)
    edit([entry for entry in catalog if entry.msgid and not entry.obsolete])
    write_catalog(path, catalog, 79)


def blank_last(entries: list[polib.POEntry]) -> None:
    entries[-1].msgstr = ""  # one of 39 messages untranslated: 97.4%


def sha256sum_digest(project: Path) -> str:
    """The digest of the release's own files as the README defines it: the SHA-256 of `sha256sum`'s
    lines for each file, sorted by path, without workflow.yaml and published/."""
    folder = project / "releases" / SEED_ID
    lines = sorted(
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}\n"
        for path in folder.rglob("*")
        if path.is_file()
        and path.name != "workflow.yaml"
        and "published" not in path.relative_to(folder).parts
    )
    return "sha256:" + hashlib.sha256("".join(lines).encode()).hexdigest()


def record(project: Path) -> dict:
    return yaml.safe_load((project / RECORD).read_text(encoding="utf-8"))


def languages(cli, project: Path) -> dict:
    result = cli("status", "--json", "-C", project)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["releases"][0]["languages"]


def ok(cli, *args) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def refused(cli, *args, code: int = 1) -> str:
    result = cli(*args)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    return result.stderr.strip()


def to_approved(cli, project: Path, *approved_languages: str) -> None:
    for state in ("translation", "review"):
        ok(cli, "mark", SEED_ID, state, "-C", project, "--now", "2023-03-16T09:00")
    for language in approved_languages:
        ok(cli, "approve", SEED_ID, "-l", language, "-C", project, "--now", "2023-03-16T15:00")
    ok(cli, "mark", SEED_ID, "approved", "-C", project, "--now", "2023-03-16T16:00")


def add_correction(project: Path, date: str) -> None:
    """The example release with one correction note, dated `date`."""
    path = project / f"releases/{SEED_ID}/release.md"
    text = (REPO / f"releases/{SEED_ID}/release.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    path.write_text(
        f"{head}\ncorrections:\n  - date: {date}\n    note: {NOTE}\n---\n{body}", encoding="utf-8"
    )


def translate_note(project: Path, *languages: str) -> None:
    def translate(language):
        def edit(entries):
            (note,) = [
                entry for entry in entries if (entry.msgctxt or "").startswith("corrections[")
            ]
            note.msgstr = NOTE_TRANSLATIONS[language]

        return edit

    for language in languages:
        edit_catalog(project, language, translate(language))


def test_a_release_walks_through_every_state(project, cli):
    assert not (project / RECORD).exists()
    before = languages(cli, project)["kk"]
    assert (before["approved"], before["approval_lapsed"], before["published_revision"]) == (
        False,
        False,
        None,
    )

    steps = [
        ("translation", "Dana"),
        ("review", "Dana"),
        ("translation", "Oleg"),
        ("review", "Dana"),
    ]
    for state, by in steps:
        assert ok(
            cli, "mark", SEED_ID, state, "--by", by, "-C", project, "--now", "2023-03-16T09:00"
        ).startswith(f"moved {SEED_ID} from ")
    assert ok(
        cli,
        "approve",
        SEED_ID,
        "-l",
        "kk",
        "--by",
        "Aigerim",
        "-C",
        project,
        "--now",
        "2023-03-16T15:00",
    ).startswith(f"approved {SEED_ID} kk by Aigerim at 2023-03-16T15:00:00+06:00 (catalog sha256:")
    ok(
        cli,
        "approve",
        SEED_ID,
        "-l",
        "ru",
        "--by",
        "Oleg",
        "-C",
        project,
        "--now",
        "2023-03-16T15:30",
    )
    for state in ("approved", "review", "approved"):
        ok(cli, "mark", SEED_ID, state, "--by", "Dana", "-C", project, "--now", "2023-03-16T16:00")
    out = ok(cli, "publish", "--by", "Dana", "-C", project, "--now", "2023-03-17T10:00")
    assert out == f"published {SEED_ID} revision 1: en, kk, ru\n"
    status = json.loads(ok(cli, "status", "--json", "-C", project))["releases"][0]
    assert (status["state"], status["revision"]) == ("published", 1)
    for language in ("kk", "ru"):
        assert status["languages"][language]["approved"] is True
        assert status["languages"][language]["published_revision"] == 1
    ok(
        cli,
        "mark",
        SEED_ID,
        "withdrawn",
        "--by",
        "Dana",
        "-C",
        project,
        "--now",
        "2023-03-17T12:00",
    )
    ok(cli, "mark", SEED_ID, "review", "--by", "Dana", "-C", project, "--now", "2023-03-18T09:00")

    saved = record(project)
    assert saved["state"] == "review" and saved["revision"] == 1
    assert [(item["state"], item["by"]) for item in saved["history"]] == [
        *steps,
        ("approved", "Dana"),
        ("review", "Dana"),
        ("approved", "Dana"),
        ("published", "Dana"),
        ("withdrawn", "Dana"),
        ("review", "Dana"),
    ]
    assert saved["history"][7]["at"] == "2023-03-17T10:00:00+06:00"
    assert saved["approvals"]["kk"]["by"] == "Aigerim"
    assert saved["approvals"]["kk"]["catalog_hash"] == catalog_hash(
        read_catalog(po_path(project, "kk"))
    )
    published = {
        "revision": 1,
        "at": "2023-03-17T10:00:00+06:00",
        "source": sha256sum_digest(project),
    }
    assert saved["publications"] == {
        "en": published,
        **{
            language: {
                **published,
                "catalog": catalog_hash(read_catalog(po_path(project, language))),
            }
            for language in ("kk", "ru")
        },
    }
    # The workflow never touches the author's text nor the catalogs.
    assert (project / f"releases/{SEED_ID}/release.md").read_bytes() == (
        REPO / f"releases/{SEED_ID}/release.md"
    ).read_bytes()


def test_illegal_moves_are_refused_naming_the_next_states(project, cli):
    where = f"{RECORD}: "
    assert (
        refused(cli, "mark", SEED_ID, "approved", "-C", project)
        == where + "cannot move from draft to approved: the next states are translation"
    )
    assert not (project / RECORD).exists()
    assert (
        refused(cli, "mark", SEED_ID, "published", "-C", project)
        == where
        + "cannot mark a release published: use pressflow publish, which publishes approved releases "
        "and records the languages it publishes"
    )
    to_approved(cli, project)
    saved = (project / RECORD).read_bytes()
    assert (
        refused(cli, "mark", SEED_ID, "draft", "-C", project)
        == where
        + "cannot move from approved to draft: the next states are published (by pressflow publish), review"
    )
    assert (
        refused(cli, "mark", SEED_ID, "approved", "-C", project)
        == where
        + "the release's state is approved already: the next states are published (by pressflow publish), review"
    )
    assert refused(cli, "mark", SEED_ID, "published", "-C", project).startswith(
        where + "cannot mark a release"
    )
    assert (
        refused(cli, "mark", SEED_ID, "done", "-C", project, code=2)
        == "unknown state 'done': the states are draft, translation, review, approved, published, withdrawn"
    )
    assert (
        refused(cli, "mark", "no-such-release", "review", "-C", project, code=2)
        == "releases/no-such-release: no release 'no-such-release': there is no release.md in it"
    )
    assert (project / RECORD).read_bytes() == saved


def test_approval_is_refused_for_an_incomplete_catalog_and_the_source(project, cli):
    catalog = f"locales/kk/LC_MESSAGES/{SEED_ID}.po: "
    assert (
        refused(cli, "approve", SEED_ID, "-l", "en", "-C", project)
        == f"cannot approve en: it is the source language, published with the release (pressflow mark {SEED_ID} approved)"
    )
    assert (
        refused(cli, "approve", SEED_ID, "-l", "de", "-C", project, code=2)
        == "unknown language de: the project's languages are en, kk, ru"
    )
    edit_catalog(project, "kk", blank_last)
    assert (
        refused(cli, "approve", SEED_ID, "-l", "kk", "-C", project)
        == catalog
        + "cannot approve kk: it is not fully translated (97.4%): translate every message, then approve"
    )

    def fuzzy_last(entries):
        entries[-1].msgstr = "Румыния депутаттары"
        entries[-1].flags.append("fuzzy")

    edit_catalog(project, "kk", fuzzy_last)
    assert (
        refused(cli, "approve", SEED_ID, "-l", "kk", "-C", project)
        == catalog
        + "cannot approve kk: it has 1 fuzzy entry: review it and clear the fuzzy flag, then approve"
    )
    add_correction(project, "2023-03-18")  # a new message, not yet in the catalogs
    assert (
        refused(cli, "approve", SEED_ID, "-l", "ru", "-C", project)
        == f"locales/ru/LC_MESSAGES/{SEED_ID}.po: cannot approve ru: the catalog lacks 1 message of the release: "
        f"run pressflow update, translate, then approve"
    )
    assert not (project / RECORD).exists()


def test_an_approval_lapses_when_the_catalog_changes_not_when_it_is_rewrapped(project, cli):
    ok(
        cli,
        "approve",
        SEED_ID,
        "-l",
        "kk",
        "--by",
        "Aigerim",
        "-C",
        project,
        "--now",
        "2023-03-16T15:00",
    )
    saved = (project / RECORD).read_bytes()
    again = ok(cli, "approve", SEED_ID, "-l", "kk", "--by", "Someone else", "-C", project)
    assert (
        again
        == f"unchanged {SEED_ID} kk: approved by Aigerim at 2023-03-16T15:00:00+06:00, and the catalog "
        f"has not changed since\n"
    )
    assert (project / RECORD).read_bytes() == saved

    config = project / "pressflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("wrap = 79", "wrap = 0"), encoding="utf-8"
    )
    wrapped = po_path(project, "kk").read_bytes()
    ok(cli, "update", "-C", project)
    assert po_path(project, "kk").read_bytes() != wrapped  # every long line unwrapped
    kk = languages(cli, project)["kk"]
    assert (kk["approved"], kk["approval_lapsed"]) == (True, False)

    def translator_comment(entries):
        entries[3].tcomment = "checked against the ministry's site"
        entries[3].occurrences = [(path, "99") for path, _ in entries[3].occurrences]

    edit_catalog(project, "kk", translator_comment)
    assert languages(cli, project)["kk"]["approved"] is True

    def retranslate(entries):
        entries[3].msgstr = entries[3].msgstr.replace("кездесу", "кездесуі", 1)

    edit_catalog(project, "kk", retranslate)
    kk, ru = languages(cli, project)["kk"], languages(cli, project)["ru"]
    assert (kk["approved"], kk["approval_lapsed"]) == (False, True)
    assert (ru["approved"], ru["approval_lapsed"]) == (False, False)
    assert (project / RECORD).read_bytes() == saved  # lapsing is computed, never written
    ok(cli, "approve", SEED_ID, "-l", "kk", "-C", project)
    assert languages(cli, project)["kk"]["approved"] is True


def test_the_content_hash_ignores_layout_and_sees_every_change():
    def catalog(*entries: polib.POEntry) -> polib.POFile:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        po.extend(entries)
        return po

    base = catalog(
        polib.POEntry(
            msgctxt="title", msgid="Title", msgstr="Тақырып", occurrences=[("a.md", "1")]
        ),
        polib.POEntry(msgid="Body", msgstr="Мәтін", comment="paragraph"),
    )
    same = catalog(
        polib.POEntry(
            msgctxt="title",
            msgid="Title",
            msgstr="Тақырып",
            occurrences=[("a.md", "7")],
            tcomment="a translator's note",
        ),
        polib.POEntry(msgid="Body", msgstr="Мәтін"),
        polib.POEntry(msgid="Gone", msgstr="Жоқ", obsolete=True),
    )
    assert catalog_hash(base) == catalog_hash(same)
    assert catalog_hash(base).startswith("sha256:") and len(catalog_hash(base)) == 71
    changes = [
        catalog(polib.POEntry(msgctxt="title", msgid="Title", msgstr="Тақырыбы"), base[1]),
        catalog(polib.POEntry(msgctxt="summary", msgid="Title", msgstr="Тақырып"), base[1]),
        catalog(base[0], polib.POEntry(msgid="Body.", msgstr="Мәтін")),
        catalog(base[0], polib.POEntry(msgid="Body", msgstr="Мәтін", flags=["fuzzy"])),
        catalog(base[1], base[0]),
    ]
    assert (
        len({catalog_hash(base), *(catalog_hash(changed) for changed in changes)})
        == len(changes) + 1
    )


def test_staggered_publication(project, cli):
    edit_catalog(project, "kk", blank_last)
    to_approved(cli, project, "ru")
    out = ok(cli, "publish", "-C", project, "--now", "2023-03-17T10:00")
    assert out == (
        f"published {SEED_ID} revision 1: en, ru\n"
        f"withheld {SEED_ID} kk: not translated (97.4%), not approved\n"
    )
    status = languages(cli, project)
    assert status["ru"]["published_revision"] == 1 and status["kk"]["published_revision"] is None

    saved = (project / RECORD).read_bytes()
    out = ok(cli, "publish", "-C", project, "--now", "2023-03-17T11:00")
    assert out == (
        f"unchanged {SEED_ID} revision 1: en, ru published\n"
        f"withheld {SEED_ID} kk: not translated (97.4%), not approved\n"
    )
    assert (project / RECORD).read_bytes() == saved

    (project / "locales").joinpath(f"kk/LC_MESSAGES/{SEED_ID}.po").write_bytes(
        (REPO / f"locales/kk/LC_MESSAGES/{SEED_ID}.po").read_bytes()
    )
    ok(cli, "approve", SEED_ID, "-l", "kk", "-C", project, "--now", "2023-03-17T14:00")
    assert (
        ok(cli, "publish", "-C", project, "--now", "2023-03-17T15:00")
        == f"published {SEED_ID} revision 1: kk\n"
    )
    saved = record(project)
    assert saved["state"] == "published" and saved["revision"] == 1
    assert saved["publications"]["kk"] == {
        "revision": 1,
        "at": "2023-03-17T15:00:00+06:00",
        "source": sha256sum_digest(project),
        "catalog": catalog_hash(read_catalog(po_path(project, "kk"))),
    }
    assert saved["publications"]["ru"]["at"] == "2023-03-17T10:00:00+06:00"
    assert [item["state"] for item in saved["history"]].count("published") == 1


def test_a_correction_is_published_at_the_next_revision_with_its_note(project, cli):
    to_approved(cli, project, "kk", "ru")
    ok(cli, "publish", "-C", project, "--now", "2023-03-17T10:00")
    ok(cli, "mark", SEED_ID, "review", "-C", project, "--now", "2023-03-18T09:00")
    ok(cli, "mark", SEED_ID, "approved", "-C", project, "--now", "2023-03-18T09:30")
    saved = (project / RECORD).read_bytes()
    needs_note = (
        f"releases/{SEED_ID}/release.md{{}}: revision 2 needs a correction note: add to 'corrections' "
        f"an entry dated 2023-03-17 or later saying what changed, run pressflow update and have it "
        f"translated"
    )
    assert refused(cli, "publish", "-C", project, "--now", "2023-03-18T10:00") == needs_note.format(
        ""
    )
    add_correction(project, "2023-03-16")  # older than the publication it would correct
    assert refused(cli, "publish", "-C", project, "--now", "2023-03-18T10:00") == needs_note.format(
        ":5"
    )
    assert (project / RECORD).read_bytes() == saved

    add_correction(project, "2023-03-18")
    ok(cli, "update", "-C", project)
    assert languages(cli, project)["kk"]["approval_lapsed"] is True  # the note is a new message
    out = ok(cli, "publish", "-C", project, "--now", "2023-03-18T10:00")
    assert out == (
        f"published {SEED_ID} revision 2: en\n"
        f"withheld {SEED_ID} kk: not translated (97.5%), approval lapsed\n"
        f"withheld {SEED_ID} ru: not translated (97.5%), approval lapsed\n"
    )
    translate_note(project, "kk", "ru")
    ok(cli, "approve", SEED_ID, "-l", "ru", "-C", project, "--now", "2023-03-18T11:00")
    assert ok(cli, "publish", "-C", project, "--now", "2023-03-18T12:00") == (
        f"published {SEED_ID} revision 2: ru\nwithheld {SEED_ID} kk: approval lapsed\n"
    )
    status = json.loads(ok(cli, "status", "--json", "-C", project))["releases"][0]
    assert (status["state"], status["revision"]) == ("published", 2)
    assert (
        status["languages"]["kk"]["published_revision"] == 1
    )  # the site shows it as being updated
    assert status["languages"]["ru"]["published_revision"] == 2

    ok(cli, "approve", SEED_ID, "-l", "kk", "-C", project, "--now", "2023-03-18T13:00")
    assert (
        ok(cli, "publish", "-C", project, "--now", "2023-03-18T14:00")
        == f"published {SEED_ID} revision 2: kk\n"
    )
    saved = record(project)
    assert {language: item["revision"] for language, item in saved["publications"].items()} == {
        "en": 2,
        "kk": 2,
        "ru": 2,
    }
    assert saved["publications"]["en"]["at"] == "2023-03-18T10:00:00+06:00"


def test_the_correction_rule_compares_days_in_the_configured_time_zone(project, cli):
    to_approved(cli, project, "kk", "ru")
    ok(cli, "publish", "-C", project, "--now", "2023-03-17T23:30+00:00")  # 18 March in Almaty
    ok(cli, "mark", SEED_ID, "review", "-C", project)
    ok(cli, "mark", SEED_ID, "approved", "-C", project)
    add_correction(project, "2023-03-17")
    assert "an entry dated 2023-03-18 or later" in refused(cli, "publish", "-C", project)


def test_require_all_publishes_all_languages_or_none(project, cli):
    edit_catalog(project, "kk", blank_last)
    to_approved(cli, project, "ru")
    saved = (project / RECORD).read_bytes()
    result = cli("publish", "--require-all", "-C", project, "--now", "2023-03-17T10:00")
    assert result.exit_code == 1
    assert result.stdout == f"withheld {SEED_ID} kk: not translated (97.4%), not approved\n"
    assert result.stderr == f"{SEED_ID}: not published: --require-all and kk withheld\n"
    assert (project / RECORD).read_bytes() == saved

    assert ok(cli, "publish", "-C", project, "--now", "2023-03-17T10:00").startswith(
        f"published {SEED_ID} revision 1: en, ru\n"
    )
    result = cli("publish", "--require-all", "-C", project)
    assert result.exit_code == 1
    assert result.stderr == f"{SEED_ID}: kk withheld (--require-all)\n"


def wrong_year(entries: list[polib.POEntry]) -> None:
    entry = next(entry for entry in entries if "2023" in entry.msgstr)
    entry.msgstr = entry.msgstr.replace("2023", "2024")


def fuzzy(entries: list[polib.POEntry]) -> None:
    entries[3].flags.append("fuzzy")


@pytest.mark.parametrize(
    "change, reasons",
    [
        (blank_last, "not translated (97.4%), approval lapsed"),
        (fuzzy, "fuzzy entries, approval lapsed"),
        (wrong_year, "check errors, approval lapsed"),
    ],
)
def test_withheld_reasons(project, cli, change, reasons):
    to_approved(cli, project, "kk", "ru")
    edit_catalog(project, "kk", change)
    assert ok(cli, "publish", "-C", project) == (
        f"published {SEED_ID} revision 1: en, ru\nwithheld {SEED_ID} kk: {reasons}\n"
    )


def test_approval_is_refused_while_check_finds_errors(project, cli):
    edit_catalog(project, "kk", wrong_year)
    for state in ("translation", "review"):
        ok(cli, "mark", SEED_ID, state, "-C", project)
    assert refused(cli, "approve", SEED_ID, "-l", "kk", "-C", project) == (
        f"locales/kk/LC_MESSAGES/{SEED_ID}.po: cannot approve kk: check finds 1 error (facts at line 36): fix them, "
        f"then approve (pressflow check {SEED_ID} -l kk shows them)"
    )
    shown = cli("check", SEED_ID, "-l", "kk", "-C", project)
    assert shown.exit_code == 1 and shown.stdout.splitlines()[0].startswith(
        f"locales/kk/LC_MESSAGES/{SEED_ID}.po:36: error: [facts]"
    )
    assert "/ru/" not in shown.stdout
    assert not (project / RECORD).exists() or "approvals: {}" in (project / RECORD).read_text(
        encoding="utf-8"
    )


def test_check_errors_withhold_an_approved_language(project, cli):
    to_approved(cli, project, "kk", "ru")
    # A term added to the glossary after the approval: the Kazakh catalog does not use it.
    (project / "locales/glossary.csv").write_text(
        "en,kk,ru\nobservers,бақылаушылар,наблюдатели\n", encoding="utf-8"
    )
    assert languages(cli, project)["kk"]["approved"] is True
    assert ok(cli, "publish", "-C", project) == (
        f"published {SEED_ID} revision 1: en, ru\nwithheld {SEED_ID} kk: check errors\n"
    )


def test_releases_not_approved_are_skipped(project, cli):
    assert ok(cli, "publish", "-C", project) == f"skipped {SEED_ID}: state draft, not approved\n"
    assert not (project / RECORD).exists()
    ok(cli, "mark", SEED_ID, "translation", "-C", project)
    assert (
        ok(cli, "publish", "-C", project) == f"skipped {SEED_ID}: state translation, not approved\n"
    )
    # Named, a release that cannot be published is an error, with the way to publication.
    assert refused(cli, "publish", SEED_ID, "-C", project) == (
        f"{RECORD}: not published: the release is in translation; once translated, pressflow mark {SEED_ID} "
        f"review, then approve each language (pressflow approve {SEED_ID} -l LANG), then pressflow mark {SEED_ID} "
        f"approved and publish"
    )
    result = cli("publish", "-C", project, "--now", "yesterday")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "--now 'yesterday' is not an ISO 8601 time: write it as 2023-03-17T10:00 or 2023-03-17T10:00+05:00"
    )


def test_status_reports_the_workflow_and_keeps_its_fields(project, cli):
    to_approved(cli, project, "kk", "ru")
    ok(cli, "publish", "-C", project, "--now", "2023-03-17T10:00")
    status = json.loads(ok(cli, "status", "--json", "-C", project))
    (release,) = status["releases"]
    assert list(release) == [
        "id",
        "state",
        "revision",
        "languages",
        "unpublished_changes",
    ]  # fields only added
    assert list(release["languages"]["kk"]) == [
        "total",
        "translated",
        "fuzzy",
        "untranslated",
        "percent",
        "words",
        "words_left",
        "approved",
        "approval_lapsed",
        "published_revision",
        "unpublished_changes",
        "out_of_date",
    ]
    assert ok(cli, "status", "-C", project).splitlines() == [
        f"{SEED_ID}: published, revision 1",
        "  kk: 39/39 translated, 0 fuzzy, 0 untranslated (100.0%), 0 of 1497 words left; approved, "
        "published at revision 1",
        "  ru: 39/39 translated, 0 fuzzy, 0 untranslated (100.0%), 0 of 1497 words left; approved, "
        "published at revision 1",
    ]
    saved = (project / RECORD).read_bytes()
    ok(cli, "status", "-C", project)
    assert (project / RECORD).read_bytes() == saved


def test_an_unreadable_record_is_an_input_error(project, cli):
    (project / RECORD).write_text("state: finished\n", encoding="utf-8")
    for args in (
        ("mark", SEED_ID, "review"),
        ("publish",),
        ("status",),
        ("approve", SEED_ID, "-l", "kk"),
    ):
        result = cli(*args, "-C", project)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"{RECORD}: unreadable workflow record ("), args
    assert (project / RECORD).read_text(encoding="utf-8") == "state: finished\n"


def test_nothing_is_published_when_a_check_cannot_run(project, cli):
    to_approved(cli, project, "kk", "ru")
    saved = (project / RECORD).read_bytes()
    (project / "locales/glossary.csv").write_text("kk,en\nМәжіліс,Mazhilis\n", encoding="utf-8")
    result = cli("publish", "-C", project)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "locales/glossary.csv:1: the first column must be the source language 'en'"
    )
    assert (project / RECORD).read_bytes() == saved


def test_a_catalog_behind_its_release_is_withheld_even_with_a_valid_approval(project, cli):
    to_approved(cli, project, "kk", "ru")
    add_correction(
        project, "2023-03-17"
    )  # a new message; the catalogs, and so their hashes, are as approved
    assert languages(cli, project)["kk"]["approved"] is True
    assert ok(cli, "publish", "-C", project) == (
        f"published {SEED_ID} revision 1: en\n"
        f"withheld {SEED_ID} kk: catalog out of date (run pressflow update)\n"
        f"withheld {SEED_ID} ru: catalog out of date (run pressflow update)\n"
    )
