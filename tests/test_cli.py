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
    result = cli(
        "new", "Қазақстан мен Румыния: диалог жалғасуда", "--date", "2023-03-17", "-C", project
    )
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
    result = subprocess.run(
        [sys.executable, "-m", "pressflow", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == f"pressflow {__version__}"


def test_unknown_language_is_an_input_error(project, cli):
    result = cli("build", "-C", project, "-l", "de")
    assert result.exit_code == 2
    assert result.stderr.strip() == "unknown language de: the project's languages are en, kk, ru"


def test_doctor_finds_what_a_build_needs(cli):
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert "ok   HarfBuzz subsetting" in result.stdout
    assert result.stdout.count("all Kazakh letters") == 8  # serif 4, sans 2, mono 2


def test_a_project_without_catalogs_uses_the_packaged_ones(tmp_path, cli):
    (tmp_path / "pressflow.toml").write_text("", encoding="utf-8")  # every key its default
    folder = tmp_path / "releases" / "2024-01-02-briefing"
    folder.mkdir(parents=True)
    (folder / "release.md").write_text(
        "---\ntitle: Briefing\ndate: 2024-01-02\n---\n\nText.\n", encoding="utf-8"
    )
    result = cli("build", "-C", tmp_path, "-f", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "dist/2024-01-02-briefing/2024-01-02-briefing.kk.html").read_text(
        encoding="utf-8"
    )
    assert "Баспасөз релизі" in html
    assert "2024\u202fж. 2 қаңтар" in html  # Babel's CLDR format, with its narrow no-break space
    assert not (tmp_path / "locales").exists()  # a build writes no catalog


def test_packaged_template_catalog_is_current(tmp_path):
    from pressflow.catalog.po import read_catalog
    from pressflow.catalog.update import ui_template
    from pressflow.core.config import load_config
    from pressflow.core.resources import LOCALES_DIR as PACKAGE_LOCALES

    packaged = read_catalog(PACKAGE_LOCALES / "pressflow.pot")
    current = ui_template(load_config(tmp_path))
    assert [entry.msgid for entry in packaged] == [entry.msgid for entry in current], (
        "templates changed: run `pressflow update -C pressflow/render` and translate the new strings"
    )
    for language in ("kk", "ru"):
        catalog = read_catalog(PACKAGE_LOCALES / language / "LC_MESSAGES" / "pressflow.po")
        assert catalog.percent_translated() == 100 and not catalog.fuzzy_entries(), language
