"""Scaffolding commands and the command line itself."""

from __future__ import annotations

import subprocess
import sys

from pressflow import __version__


def test_init_then_new_then_build(tmp_path, cli):
    project = tmp_path / "office"
    result = cli("init", project, "--organization", "Ministry of Culture")
    assert result.exit_code == 0
    assert (project / "pressflow.toml").is_file() and (project / "releases").is_dir()
    result = cli("new", "Қазақстан мен Румыния: диалог жалғасуда", "--date", "2023-03-17", "-C", project)
    assert result.exit_code == 0
    release = project / "releases/2023-03-17-qazaqstan-men-rumyniia-dialog-zhalghasuda/release.md"
    assert result.stdout.strip() == f"created {release.relative_to(project)}"
    assert 'title: "Қазақстан мен Румыния: диалог жалғасуда"' in release.read_text(encoding="utf-8")
    assert cli("update", "-C", project).exit_code == 0
    result = cli("build", "-C", project, "-f", "html")
    assert result.exit_code == 0, result.output
    assert cli("init", project).exit_code == 2  # never overwrites a project


def test_new_refuses_an_existing_release_and_a_bad_id(project, cli):
    result = cli("new", "Anything", "--id", "2023-03-17-observer-meetings", "-C", project)
    assert result.exit_code == 2
    assert "exists already" in result.stderr
    result = cli("new", "Anything", "--id", "pressflow", "-C", project)
    assert result.exit_code == 2
    assert "reserved" in result.stderr


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "pressflow", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"pressflow {__version__}"


def test_unknown_language_is_an_input_error(project, cli):
    result = cli("build", "-C", project, "-l", "de")
    assert result.exit_code == 2
    assert result.stderr.strip() == "unknown language de: the project's languages are en, kk, ru"
