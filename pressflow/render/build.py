"""Building bulletins: each release × language × format into `dist/<id>/`, in four steps.

    plan    the bulletins whose inputs changed, by their fingerprints (content digests of
            everything they are made from) against each release folder's manifest
    render  each such release read, its catalogs applied (`bulletin.language_bulletin`),
            each language's HTML written
    print   its PDFs printed by worker processes while the next release renders
    record  each release's manifest written once its files are all in place

A bulletin whose fingerprint is unchanged and whose file is in place is not built again; a release
whose bulletins are all in place is not even read. With `cache_dir` (`--cache DIR`), a bulletin
whose fingerprint is in that store (`cache/artifacts.py`) is copied from it, neither rendered nor
printed, and every bulletin built is kept there; with `shard`, only that part of the releases is
built (`shard.py`).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from pressflow.cache.artifacts import ArtifactStore
from pressflow.cache.digest import digest, project_digest, tree_digest
from pressflow.cache.store import Cache
from pressflow.core.atomic import write_atomic
from pressflow.core.config import Config
from pressflow.core.errors import Failed, InputErrors, PressflowError
from pressflow.core.model import PRESSFLOW_FILES, Release
from pressflow.core.project import UI_DOMAIN, catalog_sources, release_paths
from pressflow.render.printing import Printed, Printer, peak_rss
from pressflow.render.shard import Shard

# Only light modules above: a build with nothing to do imports no Markdown, YAML, Jinja2 or
# WeasyPrint. The renderers are imported where the first stale bulletin is built.

log = logging.getLogger(__name__)
FORMATS = ("html", "pdf")


def chosen_formats(requested: Sequence[str] | None) -> tuple[str, ...]:
    """The formats asked for (all when none), each one `build` makes; raises `PressflowError`."""
    if unknown := [name for name in requested or () if name not in FORMATS]:
        raise PressflowError(f"unknown format {', '.join(unknown)}: choose html or pdf")
    return tuple(requested) if requested else FORMATS


MANIFEST = ".pressflow-build.json"
MANIFEST_FORMAT = 1
IN_FLIGHT_PER_JOB = 4
"""PDFs queued per worker: enough to keep each busy, few enough to keep memory flat."""


@dataclass(frozen=True)
class Artifact:
    path: Path
    release: str
    language: str
    format: str
    percent: float
    written: bool
    """False when the file already held these bytes, or was up to date and not built."""
    refused: tuple[str, ...] = ()
    """Resources the templates or the release asked for and were refused (outside the project)."""
    up_to_date: bool = False
    """Not built: its fingerprint and its file were unchanged."""
    cached: bool = False
    """Copied from the `cache_dir` store, neither rendered nor printed in this run."""
    fingerprint: str = ""
    """The digest of everything it is made from: its key in the `cache_dir` store."""


@dataclass
class BuildResult:
    artifacts: list[Artifact] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)
    """Unreadable or malformed inputs (exit code 2)."""
    failures: list[PressflowError] = field(default_factory=list)
    """Releases that could not be built for another reason (exit code 1)."""
    peak_printer_rss: int = 0
    """The largest peak resident memory of a process that printed PDFs, in bytes."""
    releases: int = 0
    """The releases this build was about: all those named (or all), or its shard's part of them."""
    of: int = 0
    """All the releases named (or all), of which a shard built `releases`."""

    @property
    def problems(self) -> list[PressflowError]:
        return [*self.errors, *self.failures]

    @property
    def built(self) -> list[Artifact]:
        return [artifact for artifact in self.artifacts if not artifact.up_to_date]


@dataclass(frozen=True)
class Progress:
    """What a build is about to do, for a progress bar."""

    to_build: int
    """Bulletins (files) expected to be built; releases not yet read count all wanted languages."""
    up_to_date: int


class _Inputs:
    """The digests every bulletin of this run shares, each computed once; a file's digest is read
    from `.pressflow-cache/digests.json` while its size and mtime are as recorded (cache/store.py),
    so that a build with nothing to do hashes no source and no catalog of the archive again."""

    def __init__(self, config: Config):
        self.config = config
        self.base = project_digest(config)
        self.cache = Cache(config)
        self._ui: dict[str, str] = {}
        self._catalogs: dict[tuple[str, str], str] = {}

    def release(self, folder: Path) -> str:
        # The release's own files (its text, its images); the workflow record is not printed.
        return digest(
            self.base, tree_digest(folder, exclude=PRESSFLOW_FILES, file_hash=self.cache.digest)
        )

    def fingerprint(self, release_digest: str, release_id: str, language: str, fmt: str) -> str:
        """The digest of everything a bulletin is made from: its release's files and id (a copy of
        a release under another id links other files), its language, its format, the catalogs."""
        config = self.config
        catalog = ""
        if language != config.source_language:
            if (release_id, language) not in self._catalogs:
                self._catalogs[release_id, language] = digest(
                    *map(self.cache.digest, catalog_sources(config, release_id, language))
                )
            catalog = self._catalogs[release_id, language]
        if language not in self._ui:  # the project's own copy of the templates' catalog, if any
            self._ui[language] = digest(
                *map(self.cache.digest, catalog_sources(config, UI_DOMAIN, language))
            )
        return digest(release_digest, release_id, language, fmt, catalog, self._ui[language])


@dataclass
class _Manifest:
    """`dist/<id>/.pressflow-build.json`: what the bulletins in that folder were built from."""

    release: str = ""
    languages: list[str] = field(default_factory=list)
    artifacts: dict[str, dict] = field(default_factory=dict)
    """File name → fingerprint, size and translated percentage."""
    extras: list[str] = field(default_factory=list)
    """Other files a build put there (the preview image)."""

    @classmethod
    def read(cls, path: Path) -> _Manifest | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != MANIFEST_FORMAT:
                return None
            return cls(
                data["release"],
                list(data["languages"]),
                dict(data["artifacts"]),
                list(data["extras"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, foreign or damaged: build everything again

    def write(self, path: Path) -> None:
        data = {
            "format": MANIFEST_FORMAT,
            "release": self.release,
            "languages": self.languages,
            "artifacts": dict(sorted(self.artifacts.items())),
            "extras": sorted(set(self.extras)),
        }
        write_atomic(path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))

    def current(self, cache: Cache, folder: Path, name: str, fingerprint: str) -> bool:
        """Whether the file was built from these inputs and is still there as written."""
        entry = self.artifacts.get(name)
        if not entry or entry.get("fingerprint") != fingerprint:
            return False
        try:
            if (folder / name).stat().st_size != entry.get("size"):
                return False
        except OSError:
            return False
        return cache.unchanged(entry.get("reads", {}))


def build(
    config: Config,
    ids: Sequence[str] = (),
    languages: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    *,
    jobs: int = 1,
    force: bool = False,
    shard: Shard | None = None,
    cache_dir: Path | None = None,
    on_start: Callable[[Progress], None] | None = None,
    on_artifact: Callable[[Artifact], None] | None = None,
) -> BuildResult:
    """Build the bulletins of the named releases (all when none), or of `shard`'s part of them,
    whose inputs changed (all with `force`); with `cache_dir`, copy those found in that store."""
    plan = _plan(
        config,
        ids,
        tuple(languages or config.languages),
        tuple(f for f in FORMATS if f in formats),
        force,
        shard,
        cache_dir,
    )
    result = BuildResult(
        artifacts=list(plan.current), errors=list(plan.errors), releases=plan.releases, of=plan.of
    )
    if on_start is not None:
        on_start(
            Progress(len(plan.stale) * len(plan.languages) * len(plan.formats), len(plan.current))
        )
    if plan.stale:
        record = _Record(config, plan.inputs.cache, plan.store, result, on_artifact)
        with _Printing(config, jobs if plan.parallel(jobs) else 1, record) as printing:
            if plan.store is None and "pdf" in plan.formats:
                printing.printer.start()  # WeasyPrint loads while the renderers are imported
            renderer = _renderer(config)
            for stale in plan.stale:
                _render(config, plan, stale, renderer, printing, record)
    if plan.store is not None:
        _keep_in_store(config, plan.store, result)
    plan.inputs.cache.save()
    result.artifacts.sort(
        key=lambda artifact: (artifact.release, artifact.language, artifact.format)
    )
    return result


# -- plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stale:
    """A release with a bulletin to build: its source, its digest, the manifest of its last
    build."""

    path: Path
    digest: str
    manifest: _Manifest | None
    """The manifest of the bulletins built from these very files, if any (some may be current)."""


@dataclass(frozen=True)
class _Plan:
    inputs: _Inputs
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    force: bool
    current: tuple[Artifact, ...]
    """Bulletins up to date, from releases none of whose wanted bulletins needs building."""
    stale: tuple[_Stale, ...]
    errors: tuple[PressflowError, ...]
    """Releases named that do not exist."""
    store: ArtifactStore | None
    """Bulletins made before, by their fingerprints (`--cache DIR`)."""
    releases: int
    of: int

    def parallel(self, jobs: int) -> bool:
        return jobs > 1 and "pdf" in self.formats and len(self.stale) * len(self.languages) > 1

    def fingerprints(self, stale: _Stale, release: Release, language: str) -> dict[str, str]:
        """The fingerprint of each format of `language`'s bulletin."""
        return {
            fmt: self.inputs.fingerprint(stale.digest, release.id, language, fmt)
            for fmt in self.formats
        }

    def out_of_date(
        self, stale: _Stale, release: Release, language: str, fingerprints: dict[str, str]
    ) -> list[str]:
        """The formats of `language` to build: not in the manifest with their fingerprints, or not
        in place."""
        old = stale.manifest or _Manifest()
        return [
            fmt
            for fmt in self.formats
            if self.force
            or not old.current(
                self.inputs.cache,
                self.inputs.config.dist_dir / release.id,
                f"{release.id}.{language}.{fmt}",
                fingerprints[fmt],
            )
        ]


def _plan(
    config: Config,
    ids: Sequence[str],
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    force: bool,
    shard: Shard | None,
    cache_dir: Path | None,
) -> _Plan:
    """Which releases have a bulletin to build; the bulletins of the others, up to date, without
    reading them."""
    paths, missing = release_paths(config, ids)
    of = len(paths)
    if shard is not None:
        paths = shard.select(config, paths)
    inputs = _Inputs(config)
    current: list[Artifact] = []
    stale = []
    for path in paths:
        release_digest = inputs.release(path.parent)
        manifest = None if force else _Manifest.read(config.dist_dir / path.parent.name / MANIFEST)
        if manifest is not None and manifest.release != release_digest:
            manifest = None  # built from other files: nothing of it can be current
        done = (
            _up_to_date(config, inputs, path.parent.name, manifest, languages, formats)
            if manifest
            else None
        )
        if done is None:
            stale.append(_Stale(path, release_digest, manifest))
        else:
            current.extend(done)
    inputs.cache.save()
    return _Plan(
        inputs,
        languages,
        formats,
        force,
        tuple(current),
        tuple(stale),
        tuple(missing),
        ArtifactStore(inputs.cache, cache_dir) if cache_dir is not None else None,
        len(paths),
        of,
    )


def _up_to_date(
    config: Config,
    inputs: _Inputs,
    release_id: str,
    manifest: _Manifest,
    languages: Sequence[str],
    formats: Sequence[str],
) -> list[Artifact] | None:
    """The release's wanted bulletins when every one is current, without reading the release."""
    out_dir = config.dist_dir / release_id
    artifacts = []
    for lang in (lang for lang in manifest.languages if lang in languages):
        for fmt in formats:
            name = f"{release_id}.{lang}.{fmt}"
            fingerprint = inputs.fingerprint(manifest.release, release_id, lang, fmt)
            if not manifest.current(inputs.cache, out_dir, name, fingerprint):
                return None
            artifacts.append(
                _skipped(
                    out_dir / name,
                    release_id,
                    lang,
                    fmt,
                    manifest.artifacts[name]["percent"],
                    fingerprint,
                )
            )
    if "html" in formats and not all((out_dir / extra).is_file() for extra in manifest.extras):
        return None
    return artifacts


# -- render --------------------------------------------------------------------------------


def _renderer(config: Config):
    # Markdown, YAML, Jinja2 and Babel only now: a build with nothing to do imports none of them.
    from pressflow.render.html import Renderer

    return Renderer(config)


@dataclass
class _Job:
    """One release being built: its manifest, written once it is rendered and nothing is left
    printing."""

    release: Release
    out_dir: Path
    manifest: _Manifest
    printing: int = 0
    rendered: bool = False


def _render(
    config: Config, plan: _Plan, stale: _Stale, renderer, printing: _Printing, record: _Record
) -> None:
    """Read one release and its catalogs, write each out-of-date language's HTML and send its PDF to
    print."""
    from pressflow.catalog.update import load_catalog
    from pressflow.render.bulletin import language_bulletin
    from pressflow.render.html import data_url
    from pressflow.source.release import read_release

    try:
        release = read_release(stale.path, config)
        languages = [language for language in release.languages if language in plan.languages]
        catalogs = {
            language: load_catalog(config, release, language)
            for language in languages
            if language != config.source_language
        }
        for language in languages:
            renderer.ui(language)  # an unreadable templates' catalog is the release's input error
    except PressflowError as error:
        record.errors(error)
        return
    old = stale.manifest or _Manifest()
    job = _Job(
        release,
        config.dist_dir / release.id,
        _Manifest(
            stale.digest,
            list(release.languages),
            {
                name: entry
                for name, entry in old.artifacts.items()
                if name.split(".")[-2] in release.languages
            },
            old.extras,
        ),
    )
    try:
        for language in languages:
            fingerprints = plan.fingerprints(stale, release, language)
            wanted = plan.out_of_date(stale, release, language, fingerprints)
            for fmt in plan.formats:
                fingerprint = fingerprints[fmt]
                name = f"{release.id}.{language}.{fmt}"
                if fmt not in wanted:  # current: as the manifest says
                    record.artifact(
                        job,
                        _skipped(
                            job.out_dir / name,
                            release.id,
                            language,
                            fmt,
                            old.artifacts[name]["percent"],
                            fingerprint,
                        ),
                    )
                elif not plan.force and _restore(plan, job, record, language, fmt, fingerprint):
                    wanted.remove(fmt)
            if not wanted:
                continue
            if "pdf" in wanted:
                printing.printer.start()  # WeasyPrint loads while this HTML renders
            bulletin = language_bulletin(
                release, language, config.source_language, catalogs.get(language), data_url
            )
            percent = bulletin.stats.percent if bulletin.stats else 100.0
            html = renderer.bulletin(bulletin, release.languages)
            for fmt in wanted:
                target = job.out_dir / f"{release.id}.{language}.{fmt}"
                fingerprint = fingerprints[fmt]
                job.manifest.artifacts[target.name] = {
                    "fingerprint": fingerprint,
                    "percent": percent,
                }
                if fmt == "html":
                    data = html.encode("utf-8")
                    record.artifact(
                        job,
                        Artifact(
                            target,
                            release.id,
                            language,
                            fmt,
                            percent,
                            write_atomic(target, data),
                            fingerprint=fingerprint,
                        ),
                        data,
                    )
                else:
                    printing.submit(job, language, target, html)
        if release.image and "html" in plan.formats:
            # The preview image (og:image) beside the bulletins that name it.
            image = release.folder / release.image
            write_atomic(job.out_dir / image.name, image.read_bytes())
            job.manifest.extras.append(image.name)
    except Exception as error:  # a renderer's failure must not stop the other releases
        log.debug("build of %s failed", release.id, exc_info=True)
        record.failures.append(Failed(f"could not build: {error}", config.shown(release.path)))
        for name in [name for name, entry in job.manifest.artifacts.items() if "size" not in entry]:
            del job.manifest.artifacts[name]
    job.rendered = True
    record.finish(job)


def _restore(
    plan: _Plan, job: _Job, record: _Record, language: str, fmt: str, fingerprint: str
) -> bool:
    """Copy a bulletin from the store (`--cache DIR`) when it holds one made from these inputs."""
    stored = plan.store.load(fingerprint, f".{fmt}") if plan.store is not None else None
    percent = stored.meta.get("percent") if stored is not None else None
    if stored is None or not isinstance(percent, int | float):
        return False
    target = job.out_dir / f"{job.release.id}.{language}.{fmt}"
    job.manifest.artifacts[target.name] = {"fingerprint": fingerprint, "percent": percent}
    if stored.reads:
        job.manifest.artifacts[target.name]["reads"] = stored.reads
    record.artifact(
        job,
        Artifact(
            target,
            job.release.id,
            language,
            fmt,
            percent,
            write_atomic(target, stored.data),
            cached=True,
            fingerprint=fingerprint,
        ),
    )
    return True


# -- print ---------------------------------------------------------------------------------


class _Printing:
    """The PDFs being printed: at most a few per worker in flight, each written and recorded as it
    is done."""

    def __init__(self, config: Config, jobs: int, record: _Record):
        self.config, self.jobs, self.record = config, jobs, record
        self.printer = Printer(config.root, config.pdf_variant, jobs)
        self.pending: dict[Future[Printed], tuple[_Job, str, Path]] = {}

    def __enter__(self) -> _Printing:
        return self  # with --cache, the printer starts with the first PDF to print (if any)

    def submit(self, job: _Job, language: str, target: Path, html: str) -> None:
        job.printing += 1
        self.pending[self.printer.submit(html, job.release.folder)] = (job, language, target)
        while len(self.pending) >= IN_FLIGHT_PER_JOB * self.jobs:
            self._collect(wait(self.pending, return_when=FIRST_COMPLETED).done)

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self._collect(list(self.pending))
        finally:
            self.printer.close()
        rss = self.record.result.peak_printer_rss
        self.record.result.peak_printer_rss = (
            rss if self.printer.parallel or not self.printer.started else peak_rss()
        )

    def _collect(self, futures) -> None:
        for future in futures:
            job, language, target = self.pending.pop(future)
            job.printing -= 1
            if target.name not in job.manifest.artifacts:
                # The release failed to render after this PDF was sent (its failure is recorded):
                # none of its unfinished bulletins is written.
                self.record.finish(job)
                continue
            try:
                printed = future.result()
            except Exception as error:  # one document's failure must not stop the others
                log.debug("printing %s failed", target, exc_info=True)
                self.record.failures.append(
                    Failed(
                        f"could not print {self.config.shown(target)}: {error}",
                        self.config.shown(job.release.path),
                    )
                )
                job.manifest.artifacts.pop(target.name, None)
            else:
                result = self.record.result
                result.peak_printer_rss = max(result.peak_printer_rss, printed.peak_rss)
                if reads := self.record.cache.discovered([job.release.folder], printed.read):
                    job.manifest.artifacts[target.name]["reads"] = reads
                self.record.artifact(
                    job,
                    Artifact(
                        target,
                        job.release.id,
                        language,
                        "pdf",
                        job.manifest.artifacts[target.name]["percent"],
                        write_atomic(target, printed.pdf),
                        printed.refused,
                        fingerprint=job.manifest.artifacts[target.name]["fingerprint"],
                    ),
                    printed.pdf,
                )
            self.record.finish(job)


# -- record --------------------------------------------------------------------------------


class _Record:
    """Where built bulletins are told: the result, the caller's progress, each release's
    manifest."""

    def __init__(
        self,
        config: Config,
        cache: Cache,
        store: ArtifactStore | None,
        result: BuildResult,
        on_artifact: Callable[[Artifact], None] | None,
    ):
        self.config, self.cache, self.store = config, cache, store
        self.result, self.on_artifact = result, on_artifact
        self.failures = result.failures

    def errors(self, error: PressflowError) -> None:
        self.result.errors.extend(error.errors if isinstance(error, InputErrors) else [error])

    def artifact(self, job: _Job, artifact: Artifact, data: bytes | None = None) -> None:
        """Tell of a bulletin; `data`, the bytes of one just built, for the store."""
        self.result.artifacts.append(artifact)
        if artifact.up_to_date:
            pass
        elif artifact.refused:
            # Not recorded as built: the next build tries again, and reports it again.
            del job.manifest.artifacts[artifact.path.name]
            source = self.config.shown(job.release.path)
            self.failures.extend(
                Failed(f"left out of {self.config.shown(artifact.path)}: {reason}", source)
                for reason in artifact.refused
            )
        else:
            entry = job.manifest.artifacts[artifact.path.name]
            entry["size"] = artifact.path.stat().st_size
            if self.store is not None and data is not None:
                self.store.store(
                    artifact.fingerprint,
                    f".{artifact.format}",
                    data,
                    entry.get("reads", {}),
                    _meta(artifact),
                )
        if self.on_artifact is not None and not artifact.up_to_date:
            self.on_artifact(artifact)

    def finish(self, job: _Job) -> None:
        """Write the release's manifest once it is rendered and none of its PDFs is still
        printing."""
        if job.rendered and job.printing == 0:
            job.manifest.write(job.out_dir / MANIFEST)


def _keep_in_store(config: Config, store: ArtifactStore, result: BuildResult) -> None:
    """After a build with `--cache`: the bulletins found up to date in `dist/` kept in the store
    too, and the store's older versions of every bulletin of this build dropped, with those of
    releases or languages the project no longer has."""
    manifests: dict[str, _Manifest | None] = {}
    for artifact in result.artifacts:
        if not artifact.up_to_date or store.has(artifact.fingerprint, f".{artifact.format}"):
            continue
        if artifact.release not in manifests:
            manifests[artifact.release] = _Manifest.read(artifact.path.parent / MANIFEST)
        manifest = manifests[artifact.release]
        entry = manifest.artifacts.get(artifact.path.name) if manifest else None
        if entry and entry.get("fingerprint") == artifact.fingerprint:
            with contextlib.suppress(OSError):
                store.store(
                    artifact.fingerprint,
                    f".{artifact.format}",
                    artifact.path.read_bytes(),
                    entry.get("reads", {}),
                    _meta(artifact),
                )
    now = {
        (artifact.release, artifact.language, artifact.format): artifact.fingerprint
        for artifact in result.artifacts
        if artifact.fingerprint
    }
    releases = {path.parent.name for path in release_paths(config)[0]}

    def outdated(key: str, meta: dict) -> bool:
        bulletin = (meta.get("release"), meta.get("language"), meta.get("format"))
        if bulletin in now:
            return now[bulletin] != key
        return bulletin[0] not in releases or bulletin[1] not in config.languages

    store.drop(outdated)


def _meta(artifact: Artifact) -> dict:
    return {
        "release": artifact.release,
        "language": artifact.language,
        "format": artifact.format,
        "percent": artifact.percent,
    }


def _skipped(
    path: Path, release_id: str, language: str, fmt: str, percent: float, fingerprint: str
) -> Artifact:
    return Artifact(
        path, release_id, language, fmt, percent, False, up_to_date=True, fingerprint=fingerprint
    )
