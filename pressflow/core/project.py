"""Where a project keeps its releases, catalogs and templates. Light to import: a build with nothing
to do reads no more than this."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.model import RELEASE_FILE
from pressflow.core.resources import TEMPLATES_DIR

UI_DOMAIN = "pressflow"
"""The catalog domain of the templates' own strings."""
CACHE_DIR = ".pressflow-cache"
"""The project's folder of things no one commits: the translation memory, printed PDFs, the lock."""


def release_paths(
    config: Config, ids: Sequence[str] = ()
) -> tuple[list[Path], list[PressflowError]]:
    """The release sources named by `ids`, or all of them, sorted by id."""
    if not ids:
        if not config.releases_dir.is_dir():
            return [], []
        return sorted(path for path in config.releases_dir.glob(f"*/{RELEASE_FILE}")), []
    paths, errors = [], []
    for release_id in dict.fromkeys(ids):
        path = config.releases_dir / release_id / RELEASE_FILE
        if not _is_folder_name(release_id):
            errors.append(
                PressflowError(
                    f"'{release_id}' is not a release id: give the name of a folder in releases/"
                )
            )
        elif path.is_file():
            paths.append(path)
        else:
            errors.append(
                PressflowError(
                    f"no release '{release_id}': there is no {RELEASE_FILE} in it",
                    Path("releases") / release_id,
                )
            )
    return paths, errors


def _is_folder_name(release_id: str) -> bool:
    """Whether `release_id` names a folder right under releases/, not a path that leads
    elsewhere."""
    return release_id not in ("", ".", "..") and not any(char in release_id for char in "/\\\0")


def catalog_path(locales: Path, domain: str, language: str) -> Path:
    return locales / language / "LC_MESSAGES" / f"{domain}.po"


def template_dirs(config: Config) -> list[Path]:
    """Where templates are looked up: the project's own first, then the packaged defaults."""
    return [path for path in (config.templates_dir, TEMPLATES_DIR) if path.is_dir()]
