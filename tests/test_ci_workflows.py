"""The GitHub Actions workflows of docs/ci/: valid against GitHub's workflow schema (the one
check-jsonschema ships), their pressflow command lines real ones, and the README pointing to them."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from test_cli_ux import parse

WORKFLOWS = sorted((REPO / "docs" / "ci").glob("*.yml"))
CHECK_JSONSCHEMA = [sys.executable, "-m", "check_jsonschema"]


def validate(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
    )


def workflow(name: str) -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    loaded = yaml.safe_load((REPO / "docs" / "ci" / name).read_text(encoding="utf-8"))
    return {("on" if key is True else key): value for key, value in loaded.items()}


def steps(name: str) -> list[dict]:
    return [step for job in workflow(name)["jobs"].values() for step in job["steps"]]


def pressflow_lines(name: str) -> list[str]:
    """The workflow's pressflow command lines, a matrix job's as its first job runs them."""
    return [
        re.sub(r"\$\{\{ *matrix\.part *\}\}", "1", line.strip())
        for step in steps(name)
        for line in step.get("run", "").splitlines()
        if line.strip().startswith("pressflow ")
    ]


def test_the_workflows_are_valid_github_workflows():
    assert [path.name for path in WORKFLOWS] == ["build.yml", "check.yml", "site.yml"]
    result = validate(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "check.yml"
    text = (REPO / "docs" / "ci" / "check.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04"), "utf-8")
    assert validate(broken).returncode == 1


@pytest.mark.parametrize("name", [path.name for path in WORKFLOWS])
def test_every_pressflow_command_line_is_a_real_one(name):
    lines = pressflow_lines(name)
    assert lines
    for line in lines:
        parse(line)
    installs = [step["run"] for step in steps(name) if "pip install" in step.get("run", "")]
    assert installs == ['pip install "$PRESSFLOW"']
    assert shlex.split(workflow(name)["env"]["PRESSFLOW"]) == ["pressflow==0.1.0"]


@pytest.mark.parametrize("name", [path.name for path in WORKFLOWS])
def test_every_workflow_keeps_the_pressflow_cache(name):
    caches = [step for step in steps(name) if step.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1
    assert all(path.startswith(".pressflow-cache/") for path in caches[0]["with"]["path"].split())
    assert caches[0]["with"]["restore-keys"]


def test_what_each_workflow_is_for():
    check = workflow("check.yml")
    assert "pull_request" in check["on"]
    assert pressflow_lines("check.yml") == [
        "pressflow update --check",
        "pressflow check --format github",
        "pressflow status",
    ]
    build = workflow("build.yml")
    assert build["on"]["push"]["branches"] == ["main"]
    assert pressflow_lines("build.yml") == [
        "pressflow build --shard 1/4 --cache .pressflow-cache/bulletins"
    ]
    part, join = build["jobs"]["part"], build["jobs"]["bulletins"]
    assert part["strategy"]["matrix"]["part"] == [1, 2, 3, 4]
    assert join["needs"] == "part"
    uploads = [
        step["with"]
        for step in steps("build.yml")
        if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    # Without hidden files the parts lose their manifests (dist/<id>/.pressflow-build.json).
    assert [upload["name"] for upload in uploads] == ["bulletins-${{ matrix.part }}", "bulletins"]
    assert all(upload["include-hidden-files"] is True for upload in uploads)
    site = workflow("site.yml")
    assert site["on"]["schedule"] == [{"cron": "*/15 * * * *"}]
    assert pressflow_lines("site.yml") == ["pressflow site"]
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages@") for step in steps("site.yml")
    )


def test_the_readme_points_to_the_workflows_instead_of_repeating_them():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path in WORKFLOWS:
        assert f"(docs/ci/{path.name})" in readme
    assert "runs-on:" not in readme and "actions/checkout" not in readme
