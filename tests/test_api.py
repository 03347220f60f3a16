"""The Python API (`import pressflow`): the README's example as it is written, the operations'
results against the commands', and an import that stays light."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED_ID

import pressflow

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_example() -> str:
    section = README.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.+?)```", section, re.DOTALL)[1]


def test_the_readme_example_runs_as_written(project, cli):
    example = readme_example()
    assert len([line for line in example.splitlines() if line.strip()]) <= 12
    kk = project / "locales" / "kk" / "LC_MESSAGES" / f"{SEED_ID}.po"
    text = kk.read_text(encoding="utf-8")
    kk.write_text(text.replace("19 наурыз", "18 наурыз", 1), encoding="utf-8")  # a wrong date
    result = subprocess.run(
        [sys.executable, "-c", example], cwd=project / "releases", capture_output=True, text=True
    )
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"{SEED_ID} kk 100.0% 0 words left",
        f"{SEED_ID} ru 100.0% 0 words left",
    ]
    assert any("error: [facts]" in line and "19" in line for line in lines[2:]), lines
    # The example's exit code is the one `pressflow check -l kk` gives.
    assert result.returncode == cli("check", "-l", "kk", "-C", project).exit_code == 1
    assert sorted(path.name for path in (project / "dist" / SEED_ID).glob("*.html")) == [
        f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")
    ]


def test_import_pressflow_loads_no_operation():
    code = (
        "import sys, pressflow; "
        "print(sorted(m for m in sys.modules if m.startswith(('pressflow.', 'babel', 'polib', "
        "'weasyprint', 'typer', 'rich', 'yaml'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "['pressflow.core', 'pressflow.core.version']"


def test_every_exported_name_resolves():
    for name in pressflow.__all__:
        assert getattr(pressflow, name) is not None, name
    with pytest.raises(AttributeError):
        pressflow.no_such_operation  # noqa: B018


def test_check_and_publish_stay_functions_beside_their_subpackages():
    from pressflow.check import run
    from pressflow.publish import decisions

    assert callable(pressflow.check) and callable(pressflow.publish)
    assert pressflow.check.__module__ == pressflow.publish.__module__ == "pressflow.api"
    assert run.CheckReport is pressflow.CheckReport
    assert decisions.PublishReport is pressflow.PublishReport


def test_results_and_exit_codes_agree_with_the_commands(project, cli):
    config = pressflow.load_project(project / "locales")
    assert config.root == project
    assert pressflow.exit_code(pressflow.update(config, check_only=True)) == 0
    source = project / "releases" / SEED_ID / "release.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "CIS Interparliamentary", "CIS Inter-Parliamentary"
        ),
        encoding="utf-8",
    )
    checked = pressflow.update(str(project), check_only=True)
    assert isinstance(checked, pressflow.UpdateResult)
    assert [write.path.name for write in checked.changes] == [
        f"{SEED_ID}.pot",
        f"{SEED_ID}.po",
        f"{SEED_ID}.po",
    ]
    assert pressflow.exit_code(checked) == cli("update", "--check", "-C", project).exit_code == 1
    updated = pressflow.update(project, languages=["kk"])
    assert pressflow.exit_code(updated) == 0
    status = pressflow.status(project, [SEED_ID])
    assert isinstance(status, pressflow.StatusReport)
    assert status.as_json() == json.loads(cli("status", "--json", SEED_ID, "-C", project).stdout)
    assert status.releases[0].languages["kk"].fuzzy >= 1  # the edited paragraphs
    report = pressflow.check(project, languages=["kk"])
    assert isinstance(report, pressflow.CheckReport)
    # Fuzzy entries' problems are warnings: nothing the checks find fails.
    assert pressflow.exit_code(report) == cli("check", "-l", "kk", "-C", project).exit_code == 0


def test_publish_and_the_site_through_the_api(project, cli, quick_pdf):
    at = dt.datetime(2023, 3, 17, 10, 0)  # naive: in the project's time zone
    refused = pressflow.publish(project, [SEED_ID], at=at)
    assert pressflow.exit_code(refused) == 1  # a draft: refused, as the command refuses it
    assert "not published: the release is in draft" in str(refused.problems[0])
    for state in ("translation", "review"):
        assert cli("mark", SEED_ID, state, "-C", project).exit_code == 0
    assert cli("approve", SEED_ID, "-l", "kk", "-C", project).exit_code == 0
    assert cli("mark", SEED_ID, "approved", "-C", project).exit_code == 0
    # Russian not approved: with require_all nothing is published, and both say so with exit 1.
    held = pressflow.publish(project, at=at, require_all=True)
    assert held.releases[0].published == ()
    assert pressflow.exit_code(held) == 1
    assert cli("publish", "--require-all", "-C", project).exit_code == 1
    assert cli("approve", SEED_ID, "-l", "ru", "-C", project).exit_code == 0
    report = pressflow.publish(project, at=at, by="Press Service")
    assert isinstance(report, pressflow.PublishReport) and pressflow.exit_code(report) == 0
    assert report.releases[0].published == ("en", "kk", "ru")
    record = (project / "releases" / SEED_ID / "workflow.yaml").read_text(encoding="utf-8")
    assert "2023-03-17T10:00:00+06:00" in record  # Almaty's offset in 2023
    site = pressflow.render_site(project, now=dt.datetime(2023, 3, 18), jobs=1)
    assert isinstance(site, pressflow.SiteResult) and pressflow.exit_code(site) == 0
    assert f"kk/{SEED_ID}/index.html" in site.files


def test_an_argument_the_project_does_not_know_raises(project):
    with pytest.raises(pressflow.PressflowError, match="unknown language de"):
        pressflow.check(project, languages=["de"])
    with pytest.raises(pressflow.PressflowError, match="unknown format docx"):
        pressflow.build(project, formats=["docx"])
    with pytest.raises(pressflow.PressflowError, match="no pressflow project"):
        pressflow.load_project(Path(project).parent)
