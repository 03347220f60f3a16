"""Commands know where their project is: the nearest pressflow.toml (or pyproject.toml with
[tool.pressflow]) at or above the folder they run in, as git finds its repository. Without one,
every command but `init` and `doctor` stops with exit 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_ID

COMMANDS = [
    ("status", "--fail-under", "100"),
    ("check", "--format", "github"),
    ("site",),
    ("build",),
    ("update",),
    ("extract",),
    ("publish",),
    ("new", "A title"),
    ("mark", SEED_ID, "translation"),
    ("approve", SEED_ID, "-l", "kk"),
    ("tm", "export"),
]


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*"))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_no_project_here_or_above_is_an_error_that_writes_nothing(
    tmp_path, cli, monkeypatch, command
):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = cli(*command)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"no pressflow project here or above ({empty}): run pressflow init, or use -C"
    ]
    assert "0 errors" not in result.stdout
    assert files_under(empty) == []


def test_dash_c_never_creates_its_folder(tmp_path, cli):
    missing = tmp_path / "nonexistent"
    for command in (("status",), ("new", "A title"), ("build",), ("site",)):
        result = cli(*command, "-C", missing)
        assert (result.exit_code, result.stderr.splitlines()) == (2, [f"no such folder: {missing}"])
    assert not missing.exists()


@pytest.mark.parametrize("subfolder", ["releases", f"releases/{SEED_ID}", "locales/kk/LC_MESSAGES"])
def test_commands_find_the_project_from_a_folder_inside_it(project, cli, monkeypatch, subfolder):
    monkeypatch.chdir(project / subfolder)
    status = cli("status", "--json")
    assert status.exit_code == 0, status.output
    assert '"id": "2023-03-17-observer-meetings"' in status.stdout
    created = cli("new", "Briefing on the elections", "--date", "2024-05-02")
    assert created.exit_code == 0, created.output
    assert (project / "releases" / "2024-05-02-briefing-on-the-elections" / "release.md").is_file()
    assert not (project / subfolder / "releases").exists()


def test_dash_c_names_any_folder_inside_the_project(project, cli):
    result = cli("status", "--json", "-C", project / "locales" / "kk")
    assert result.exit_code == 0, result.output
    assert SEED_ID in result.stdout


def test_a_pyproject_with_a_pressflow_table_marks_the_project(tmp_path, cli):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.pressflow]\nlanguages = ["en", "ru"]\n', encoding="utf-8"
    )
    (tmp_path / "releases").mkdir()
    result = cli("new", "Briefing", "--date", "2024-05-02", "-C", tmp_path / "releases")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "releases" / "2024-05-02-briefing" / "release.md").is_file()


def test_init_makes_the_folder_a_project(tmp_path, cli):
    folder = tmp_path / "office"
    result = cli("init", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "pressflow.toml").is_file()
    assert cli("new", "First release", "--date", "2024-05-02", "-C", folder).exit_code == 0
    assert (folder / "releases" / "2024-05-02-first-release" / "release.md").is_file()


def test_doctor_needs_no_project(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("doctor")
    assert "no pressflow project" not in result.output
