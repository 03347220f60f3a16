"""`pressflow update --check`: what `update` would change, listed, with nothing written (for
pre-commit and CI)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import SEED_ID

from pressflow.catalog.update import Outcome, update_project
from pressflow.core.config import load_config

CATALOGS = [
    f"locales/{SEED_ID}.pot",
    f"locales/kk/LC_MESSAGES/{SEED_ID}.po",
    f"locales/ru/LC_MESSAGES/{SEED_ID}.po",
]


def snapshot(project: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the project's sources and catalogs, with its bytes and its mtime."""
    return {
        str(path.relative_to(project)): (path.read_bytes(), os.stat(path).st_mtime_ns)
        for folder in ("releases", "locales")
        for path in sorted((project / folder).rglob("*"))
        if path.is_file()
    }


def edit_the_english(project: Path) -> None:
    """A press officer's correction of one paragraph, which `update` turns into fuzzy entries."""
    source = project / "releases" / SEED_ID / "release.md"
    text = source.read_text(encoding="utf-8")
    assert "During the meeting Ermukhambet Konuspaev informed" in text
    source.write_text(
        text.replace(
            "During the meeting Ermukhambet Konuspaev informed",
            "During the meeting, Ermukhambet Konuspaev informed",
        ),
        encoding="utf-8",
    )


def test_an_up_to_date_project_passes_and_nothing_is_touched(project, cli):
    assert cli("update", "-C", project).exit_code == 0
    before = snapshot(project)
    result = cli("update", "--check", "-C", project)
    assert result.exit_code == 0, result.output
    assert result.stdout == "all 6 catalogs up to date\n"
    assert snapshot(project) == before


def test_an_edited_release_fails_and_lists_what_update_would_write(project, cli):
    assert cli("update", "-C", project).exit_code == 0
    edit_the_english(project)
    before = snapshot(project)
    for _ in range(2):  # a check teaches the cache nothing false: the second one fails the same
        result = cli("update", "--check", "-C", project)
        assert result.exit_code == 1
        assert result.stdout.splitlines() == [f"would update {path}" for path in CATALOGS]
        assert result.stderr == "3 files out of date: run pressflow update\n"
        assert snapshot(project) == before  # not a byte, not a timestamp
    updated = cli("update", "-C", project)
    assert updated.stdout.splitlines() == [f"updated {path}" for path in CATALOGS]
    assert "#, fuzzy" in (project / CATALOGS[1]).read_text(encoding="utf-8")
    assert cli("update", "--check", "-C", project).exit_code == 0


def test_a_new_release_without_catalogs_would_be_created(project, cli):
    assert cli("new", "Briefing", "--date", "2024-05-20", "-C", project).exit_code == 0
    result = cli("update", "--check", "-C", project)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"would create locales/{name}"
        for name in (
            "2024-05-20-briefing.pot",
            "kk/LC_MESSAGES/2024-05-20-briefing.po",
            "ru/LC_MESSAGES/2024-05-20-briefing.po",
        )
    ]
    assert not (project / "locales" / "2024-05-20-briefing.pot").exists()


def test_the_check_reports_what_the_update_then_does(project):
    """The library's dry run is the update itself, stopped before writing: the same files, the same
    outcomes."""
    config = load_config(project)
    edit_the_english(project)
    (project / "locales" / "ru" / "LC_MESSAGES" / f"{SEED_ID}.po").unlink()
    checked = update_project(config, (), config.languages, check_only=True)
    done = update_project(config, (), config.languages)
    assert checked.check_only and not done.check_only
    assert [(w.path, w.outcome) for w in checked.changes] == [
        (w.path, w.outcome) for w in done.changes
    ]
    assert {w.outcome for w in done.changes} == {Outcome.UPDATED, Outcome.CREATED}


def test_an_unreadable_catalog_is_an_input_error_not_a_change(project, cli):
    catalog = project / CATALOGS[1]
    catalog.write_text('msgid "unterminated\n', encoding="utf-8")
    result = cli("update", "--check", "-C", project)
    assert result.exit_code == 2
    assert f"{CATALOGS[1]}:" in result.stderr
    assert catalog.read_text(encoding="utf-8") == 'msgid "unterminated\n'
