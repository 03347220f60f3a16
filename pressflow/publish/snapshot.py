"""What `publish` published, kept beside the release so that the site renders it and nothing else.

    releases/<id>/published/source/   the release's folder as published: release.md and its images
    releases/<id>/published/<lang>.po the catalog of each language published at the current revision

`publish` copies them from the working copy at the moment it publishes, and records their
digests in `workflow.yaml` (each publication's `source` and `catalog`); `site` renders each
language from these files, after checking them against those digests. So an edit made after a
publication (a correction being prepared, a translator's fix not yet approved) reaches the public
site only through the next `publish`, on any clone: the files are committed with the record, in
the repository itself (a shallow CI checkout has them; git stores a file identical to the working
copy's only once), not looked up in git's history.

Digests are `sha256:` and 64 hex digits. A catalog's is the approval's content hash (re-wrapping
and comments do not count; see `workflow.catalog_hash`). The source's is the SHA-256 of the lines
`<sha256 of the file>  <path>\\n` of every file of the release's folder but `workflow.yaml` and
`published/`, sorted by path (what `sha256sum` prints, sorted).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pressflow.catalog.po import Catalog, catalog_bytes, read_catalog
from pressflow.core.atomic import replace_tree
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.languages import base_language
from pressflow.core.model import PRESSFLOW_FILES, RELEASE_FILE, SNAPSHOT_DIR, Release
from pressflow.core.project import catalog_path
from pressflow.publish.workflow import Publication, WorkflowRecord, catalog_hash

SOURCE_DIR = "source"


@dataclass(frozen=True)
class Snapshot:
    """Where a release's published files are."""

    folder: Path
    """`releases/<id>/published/`."""

    @classmethod
    def of(cls, release_folder: Path) -> Snapshot:
        return cls(release_folder / SNAPSHOT_DIR)

    @property
    def source(self) -> Path:
        """The release's folder as published."""
        return self.folder / SOURCE_DIR

    def catalog(self, language: str) -> Path:
        return self.folder / f"{language}.po"


def release_files(folder: Path) -> list[tuple[str, Path]]:
    """(path relative to the folder, file) of every file of a release's own, sorted by path: not
    what pressflow keeps there, nor a link that leads out of the folder (it would publish that
    file). Status reads it for every release: no path is resolved but a link's."""
    found: list[tuple[str, Path]] = []
    root: Path | None = None

    def walk(current: str, prefix: str) -> None:
        nonlocal root
        try:
            entries = list(os.scandir(current))
        except OSError:
            return
        for entry in entries:
            if entry.name in PRESSFLOW_FILES or entry.name.startswith(_STAGING):
                continue
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, name + "/")
            elif entry.is_file():  # a link too, when it leads to a file inside the release
                if entry.is_symlink():
                    root = root or folder.resolve()
                    if not Path(entry.path).resolve().is_relative_to(root):
                        continue
                found.append((name, Path(entry.path)))

    walk(str(folder), "")
    return sorted(found)


def source_digest(folder: Path) -> str:
    """The digest of a release's own files (see the module's docstring)."""
    lines = []
    for name, path in release_files(folder):
        with path.open("rb") as stream:
            lines.append(f"{hashlib.file_digest(stream, 'sha256').hexdigest()}  {name}\n")
    return "sha256:" + hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def write_snapshot(release_folder: Path, catalogs: Mapping[str, bytes]) -> bool:
    """Make the release's snapshot its folder as it is now and these catalogs (language → the bytes
    of its catalog), in one step: a reader sees the old snapshot or the new one. False when the
    snapshot held exactly that already."""
    snapshot = Snapshot.of(release_folder)
    # What a publish killed half-way left (writing runs hold the project's lock: none is running).
    for leftover in release_folder.glob(f"{_STAGING}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if _holds(snapshot, release_folder, catalogs):
        return False
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=release_folder))
    try:
        staging.chmod(0o755)
        for name, path in release_files(release_folder):
            target = Snapshot(staging).source / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        for language, data in sorted(catalogs.items()):
            Snapshot(staging).catalog(language).write_bytes(data)
        replace_tree(staging, snapshot.folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


_STAGING = f".{SNAPSHOT_DIR}.new-"


def _holds(snapshot: Snapshot, release_folder: Path, catalogs: Mapping[str, bytes]) -> bool:
    """Whether the snapshot has these very files, and no others."""
    if not snapshot.folder.is_dir():
        return False
    wanted = {
        f"{SOURCE_DIR}/{name}": path.read_bytes() for name, path in release_files(release_folder)
    }
    wanted.update({snapshot.catalog(language).name: data for language, data in catalogs.items()})
    held = {
        path.relative_to(snapshot.folder).as_posix(): path
        for path in snapshot.folder.rglob("*")
        if path.is_file()
    }
    return held.keys() == wanted.keys() and all(
        held[name].read_bytes() == data for name, data in wanted.items()
    )


def working_catalogs(
    config: Config, release: Release, languages: Iterable[str]
) -> dict[str, bytes]:
    """The bytes of each language's catalog in the working copy: its file's (those that exist), or
    for an edition derived by transliteration the catalog made from its base's, as pressflow writes
    it."""
    from pressflow.catalog.update import load_catalog  # Markdown, YAML: only to publish

    found = {}
    for language in languages:
        path = catalog_path(config.locales_dir, release.id, language)
        if base_language(language):
            found[language] = catalog_bytes(load_catalog(config, release, language), config.wrap)
        elif path.is_file():
            found[language] = path.read_bytes()
    return found


def snapshot_problems(
    config: Config, release_id: str, snapshot: Snapshot, publications: Mapping[str, Publication]
) -> list[PressflowError]:
    """Where the snapshot does not hold what these publications (language → its publication)
    recorded."""
    problems = []
    expected = {publication.source for publication in publications.values() if publication.source}
    if expected:
        found = source_digest(snapshot.source) if (snapshot.source / RELEASE_FILE).is_file() else ""
        problems += [
            _problem(config, release_id, snapshot.source, digest, found)
            for digest in expected
            if digest != found
        ]
    for language, publication in sorted(publications.items()):
        if publication.catalog:
            path = snapshot.catalog(language)
            found = catalog_hash(read_catalog(path, config.shown(path))) if path.is_file() else ""
            if found != publication.catalog:
                problems.append(_problem(config, release_id, path, publication.catalog, found))
    return problems


def _problem(
    config: Config, release_id: str, path: Path, expected: str, found: str
) -> PressflowError:
    what = f"holds {found[:15]}…, not" if found else "is missing:"
    return PressflowError(
        f"{what} what workflow.yaml records as published ({expected[:15]}…): a publish "
        f"stopped half-way, or an edit; run pressflow publish {release_id} again, or restore "
        f"{SNAPSHOT_DIR}/ from git",
        config.shown(path),
    )


def unpublished_languages(
    config: Config,
    release_id: str,
    release_folder: Path,
    record: WorkflowRecord,
    catalogs: Mapping[str, Catalog] | None = None,
) -> tuple[str, ...]:
    """The languages published at the release's current revision whose working copy (the release's
    files, the language's catalog, as in `catalogs` when the caller read them) is no longer what was
    published: edits the site does not show yet."""
    current = {
        language: publication
        for language, publication in record.publications.items()
        if publication.revision >= record.revision and publication.source
    }
    if not current:
        return ()
    working = source_digest(release_folder)
    return tuple(
        language
        for language, publication in current.items()
        if publication.source != working
        or publication.catalog
        and publication.catalog
        != (
            catalog_hash(catalogs[language])
            if catalogs and language in catalogs
            else _catalog_digest(config, release_id, language)
        )
    )


def unpublished_note(revision: int) -> str:
    return (
        f"published revision {revision}; working copy differs: run pressflow publish after approval"
    )


def _catalog_digest(config: Config, release_id: str, language: str) -> str:
    def read(language: str) -> Catalog:
        path = catalog_path(config.locales_dir, release_id, language)
        return read_catalog(path, config.shown(path))

    from pressflow.catalog import editions  # transliteration, Markdown: only for a derived edition

    try:
        if base := base_language(language):
            own = catalog_path(config.locales_dir, release_id, language)
            override = read(language) if own.is_file() else None
            return catalog_hash(editions.derived_catalog(read(base), override, language))
        return catalog_hash(read(language))
    except (PressflowError, OSError):  # unreadable: whatever it holds is not what was published
        return ""
