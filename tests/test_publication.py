"""The public site shows what was approved and published, never the working copy.

`publish` keeps what it published in `releases/<id>/published/` and records its digests in
`workflow.yaml`; `site` renders each language from there until the next `publish`, on any clone
(a shallow one too), and `status` and `site` say when the working copy differs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml
from conftest import SEED_ID, tree_bytes

NOW = "2023-04-01T12:00"
RELEASE = f"releases/{SEED_ID}/release.md"
SENTENCE = "The meeting of the Deputy Minister of Foreign Affairs"
EDITED = "The meeting of the First Deputy Minister of Foreign Affairs"
KK_PO = f"locales/kk/LC_MESSAGES/{SEED_ID}.po"
NOTE = "An earlier version gave the title of the Deputy Minister wrongly."
NOTE_TRANSLATIONS = {
    "kk": "Алдыңғы нұсқада вице-министрдің лауазымы қате көрсетілген.",
    "ru": "В предыдущей версии неверно указана должность заместителя министра.",
}


def ok(cli, *args) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def publish_all(cli, project: Path, when: str = "2023-03-17T10:00") -> None:
    for state in ("translation", "review"):
        ok(cli, "mark", SEED_ID, state, "-C", project, "--now", "2023-03-16T09:00")
    for language in ("kk", "ru"):
        ok(cli, "approve", SEED_ID, "-l", language, "-C", project, "--now", "2023-03-16T15:00")
    ok(cli, "mark", SEED_ID, "approved", "-C", project, "--now", "2023-03-16T16:00")
    assert (
        ok(cli, "publish", "-C", project, "--now", when)
        == f"published {SEED_ID} revision 1: en, kk, ru\n"
    )


def page(project: Path, language: str) -> str:
    return (project / "public" / language / SEED_ID / "index.html").read_text(encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_source(project: Path) -> None:
    replace_in(project / RELEASE, SENTENCE, EDITED)


def edit_translation(path: Path) -> None:
    replace_in(path, "бірқатар кездесу өткізді", "бірнеше кездесу өткізді")


def test_edits_after_publication_stay_off_the_site_until_published(site_project, cli, quick_pdf):
    project = site_project
    publish_all(cli, project)
    assert (project / f"releases/{SEED_ID}/published/source/release.md").read_bytes() == (
        project / RELEASE
    ).read_bytes()
    result = cli("site", "-C", project, "--now", NOW)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    before = tree_bytes(project / "public")

    # An edit of the published text, with no `mark review`, and a translator's unapproved change.
    edit_source(project)
    edit_translation(project / KK_PO)
    assert cli("update", "-C", project).exit_code == 0
    result = cli("site", "-C", project, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"note: {SEED_ID}: published revision 1; working copy differs: run pressflow publish "
        f"after approval\n"
    )
    assert tree_bytes(project / "public") == before  # every language exactly as published
    assert SENTENCE in page(project, "en") and EDITED not in page(project, "en")
    for language in ("kk", "ru"):
        assert '<p class="translation-notice">' not in page(
            project, language
        ) and 'untranslated"' not in page(project, language)

    status = cli("status", "-C", project)
    assert (
        "  published revision 1; working copy differs: run pressflow publish after approval"
        in status.stdout
    )
    report = json.loads(ok(cli, "status", "--json", "-C", project))["releases"][0]
    assert report["unpublished_changes"] is True
    assert report["languages"]["kk"]["unpublished_changes"] is True

    # The correction, approved and published: now the site shows it.
    ok(cli, "mark", SEED_ID, "review", "-C", project, "--now", "2023-03-20T09:00")
    path = project / RELEASE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "date: 2023-03-17\n",
            f"date: 2023-03-17\ncorrections:\n  - date: 2023-03-20\n    note: {NOTE}\n",
            1,
        ),
        encoding="utf-8",
    )
    ok(cli, "update", "-C", project)
    for language in ("kk", "ru"):
        po = project / f"locales/{language}/LC_MESSAGES/{SEED_ID}.po"
        replace_in(
            po,
            f'msgid "{NOTE}"\nmsgstr ""',
            f'msgid "{NOTE}"\nmsgstr "{NOTE_TRANSLATIONS[language]}"',
        )
        replace_in(
            po, "#, fuzzy\n", ""
        )  # the edited sentence: the reviewer checks it and clears the flag
        ok(cli, "approve", SEED_ID, "-l", language, "-C", project, "--now", "2023-03-20T12:00")
    ok(cli, "mark", SEED_ID, "approved", "-C", project, "--now", "2023-03-20T13:00")
    assert (
        ok(cli, "publish", "-C", project, "--now", "2023-03-20T14:00")
        == f"published {SEED_ID} revision 2: en, kk, ru\n"
    )
    result = cli("site", "-C", project, "--now", NOW)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert EDITED in page(project, "en") and NOTE in page(project, "en")
    assert NOTE_TRANSLATIONS["kk"] in page(project, "kk")
    assert (
        json.loads(ok(cli, "status", "--json", "-C", project))["releases"][0]["unpublished_changes"]
        is False
    )


def test_a_shallow_clone_renders_the_published_site(site_project, cli, quick_pdf, tmp_path):
    project = site_project
    publish_all(cli, project)
    edit_source(project)  # committed, not published
    git = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org"]
    subprocess.run([*git, "init", "-q", str(project)], check=True)
    subprocess.run([*git, "-C", str(project), "add", "-A"], check=True)
    subprocess.run(
        [*git, "-C", str(project), "commit", "-qm", "published, then edited"], check=True
    )
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True
    )
    assert ok(cli, "site", "-C", clone, "--now", NOW)
    assert ok(cli, "site", "-C", project, "--now", NOW)
    assert tree_bytes(clone / "public") == tree_bytes(project / "public")
    assert SENTENCE in page(clone, "en") and EDITED not in page(clone, "en")


def test_a_snapshot_that_is_not_what_was_published_stops_the_site_and_publish_restores_it(
    site_project, cli, quick_pdf
):
    project = site_project
    publish_all(cli, project)
    ok(cli, "site", "-C", project, "--now", NOW)
    before = tree_bytes(project / "public")
    snapshot = project / f"releases/{SEED_ID}/published"
    edit_translation(snapshot / "kk.po")
    result = cli("site", "-C", project, "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"releases/{SEED_ID}/published/kk.po: holds sha256:")
    assert (
        "not what workflow.yaml records as published (sha256:" in result.stderr
        and f"run pressflow publish {SEED_ID} again, or restore published/ from git"
        in result.stderr
    )
    assert tree_bytes(project / "public") == before

    shutil.rmtree(snapshot)  # a publish stopped between the snapshot and the record, say
    assert cli("site", "-C", project, "--now", NOW).exit_code == 2
    assert (
        ok(cli, "publish", "-C", project)
        == f"unchanged {SEED_ID} revision 1: en, kk, ru published\n"
    )
    assert (snapshot / "source" / "release.md").is_file()
    ok(cli, "site", "-C", project, "--now", NOW)
    assert tree_bytes(project / "public") == before


def test_a_language_following_later_needs_the_source_that_was_published(project, cli):
    for state in ("translation", "review"):
        ok(cli, "mark", SEED_ID, state, "-C", project)
    ok(cli, "approve", SEED_ID, "-l", "ru", "-C", project)
    ok(cli, "mark", SEED_ID, "approved", "-C", project)
    assert ok(cli, "publish", "-C", project).startswith(f"published {SEED_ID} revision 1: en, ru\n")
    edit_source(project)
    ok(cli, "update", "-C", project)
    replace_in(project / KK_PO, "#, fuzzy\n", "")
    ok(cli, "approve", SEED_ID, "-l", "kk", "-C", project)
    assert ok(cli, "publish", "-C", project) == (
        f"unchanged {SEED_ID} revision 1: en, ru published\n"
        f"withheld {SEED_ID} kk: the source changed since revision 1 was published (start a correction: "
        f"pressflow mark {SEED_ID} review)\n"
    )


def test_a_record_from_before_snapshots_shows_the_working_copy_and_says_so(
    site_project, cli, quick_pdf
):
    project = site_project
    publish_all(cli, project)
    record_path = project / f"releases/{SEED_ID}/workflow.yaml"
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    for publication in record["publications"].values():
        publication.pop("source"), publication.pop("catalog", None)
    record_path.write_text(
        yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    shutil.rmtree(project / f"releases/{SEED_ID}/published")
    edit_source(project)
    result = cli("site", "-C", project, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"note: {SEED_ID}: published before pressflow kept what it publishes: the site shows "
        f"its working copy until pressflow publish publishes it again\n"
    )
    assert EDITED in page(project, "en")


def test_publishing_rebuilds_no_bulletin(project, cli):
    ok(cli, "build", "-C", project, "-f", "html")
    publish_all(cli, project)
    assert ok(cli, "build", "-C", project, "-f", "html").startswith("nothing to build")
