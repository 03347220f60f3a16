"""The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit against this repository on a
press office's repository: pre-commit installs pressflow from it into a virtualenv of its own (from
the package index, as for any user), then runs the hooks on the commit being made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO, SEED_ID, copy_example_project

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
HOOKS = {"pressflow-check", "pressflow-update-check"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    """`pre-commit try-repo` with pressflow's repository, as its README tells a user to try it."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    environment.update(
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="Press Service",
        GIT_AUTHOR_EMAIL="press@example.org",
        GIT_COMMITTER_NAME="Press Service",
        GIT_COMMITTER_EMAIL="press@example.org",
    )
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(REPO), *args],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_hooks_are_declared_for_pre_commit():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == HOOKS
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries == {
        "pressflow-check": "pressflow check",
        "pressflow-update-check": "pressflow update --check",
    }
    assert all(hook["language"] == "python" and hook["pass_filenames"] is False for hook in hooks)


def press_office(folder: Path, cli) -> Path:
    """A press office's repository as `pressflow init` makes it (its .gitignore keeps the cache out),
    holding the example project's releases and catalogs."""
    assert cli("init", folder).exit_code == 0
    example = copy_example_project(folder.parent / "example")
    shutil.copy(example / "pressflow.toml", folder)
    for name in ("releases", "locales"):
        shutil.copytree(example / name, folder / name, dirs_exist_ok=True)
    return folder


def test_the_hooks_pass_a_clean_commit_and_stop_a_bad_one(tmp_path, cli):
    assert shutil.which("git")
    repo = press_office(tmp_path / "press-office", cli)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(
        repo, "-c", "user.name=Press", "-c", "user.email=press@example.org", "commit", "-qm", "init"
    )
    home = tmp_path / "pre-commit-home"

    clean = try_repo(repo, home, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.count("Passed") == 2

    # The press officer corrects the English but forgets `pressflow update`; a translator types a
    # wrong date into the Kazakh catalog. Both are staged for the commit.
    source = repo / "releases" / SEED_ID / "release.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("CIS Interparliamentary", "CIS Inter-Parliamentary"), "utf-8")
    kk = repo / "locales" / "kk" / "LC_MESSAGES" / f"{SEED_ID}.po"
    kk.write_text(kk.read_text(encoding="utf-8").replace("19 наурыз", "18 наурыз", 1), "utf-8")
    git(repo, "add", ".")
    staged = {path: path.read_bytes() for path in (source, kk)}

    bad = try_repo(repo, home)
    output = bad.stdout
    assert bad.returncode == 1, output + bad.stderr
    assert "pressflow check" in output and "pressflow update --check" in output
    assert output.count("Failed") == 2
    assert f"would update locales/{SEED_ID}.pot" in output
    assert f"would update locales/kk/LC_MESSAGES/{SEED_ID}.po" in output
    assert "error: [facts]" in output
    assert "files were modified by this hook" not in output
    assert {path: path.read_bytes() for path in staged} == staged
