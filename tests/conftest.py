"""Shared fixtures: a copy of the example project, the CLI, and GNU gettext tools."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from pressflow.cli import app

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO.parent / "shared"
SEED_ID = "2023-03-17-observer-meetings"

# Property tests: `ci` (the default) runs a fixed, derandomized set of examples, so that a failure
# in CI reproduces on a developer's machine; `local` (HYPOTHESIS_PROFILE=local) searches far more.
settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, database=None, print_blob=True
)
settings.register_profile("local", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


EXAMPLE_IDS = tuple(sorted(path.parent.name for path in (REPO / "releases").glob("*/release.md")))
"""Every release of the example project: the seed, and the briefing that follows it."""


def copy_example_project(root: Path, releases: Sequence[str] = (SEED_ID,)) -> Path:
    """Copy the repository's example project (config, releases, catalogs) to the new folder `root`,
    with these of its releases and their catalogs: by default the seed release alone, the project
    most tests are written about; `EXAMPLE_IDS` for all."""
    left_out = set(EXAMPLE_IDS) - set(releases)

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name in left_out or name.rsplit(".", 1)[0] in left_out]

    root.mkdir(parents=True)
    shutil.copy(REPO / "pressflow.toml", root)
    shutil.copytree(REPO / "releases", root / "releases", ignore=ignore)
    shutil.copytree(REPO / "locales", root / "locales", ignore=ignore)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The repository's example project (config, the seed release, its catalogs), copied."""
    return copy_example_project(tmp_path / "project")


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """The repository's example project with all its releases, copied."""
    return copy_example_project(tmp_path / "project", EXAMPLE_IDS)


@pytest.fixture
def cli():
    """Run `pressflow ARGS` in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)

    return run


def gettext_tool(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(arg) for arg in args], capture_output=True, text=True, check=check)


def msgcat(path: Path, width: int = 79) -> str:
    option = "--no-wrap" if width == 0 else f"--width={width}"
    return gettext_tool("msgcat", option, path).stdout


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return gettext_tool("msgfmt", "-c", "-o", "/dev/null", path, check=False)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


BASE = "https://press.example.org/"
"""The public address of the example site (`site_project`)."""


@pytest.fixture
def site_project(project: Path) -> Path:
    config = project / "pressflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'timezone = "Asia/Almaty"\n', f'timezone = "Asia/Almaty"\nbase_url = "{BASE}"\n'
        ),
        encoding="utf-8",
    )
    return project


@pytest.fixture
def quick_pdf(monkeypatch):
    """A stand-in for WeasyPrint where the PDF is not what a test looks at (one depends on its HTML)."""
    from pressflow.publish import site
    from pressflow.render.printing import Printed

    class Printer:
        def submit(self, html: str, base_dir: Path) -> Future:
            future = Future()
            future.set_result(
                Printed(
                    b"%PDF-1.7 stand-in " + hashlib.sha256(html.encode()).hexdigest().encode(),
                    (),
                    0,
                )
            )
            return future

        def close(self) -> None:
            pass

    monkeypatch.setattr(site._SiteWriter, "_pdf_printer", lambda self: Printer())
