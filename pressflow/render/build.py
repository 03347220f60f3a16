"""Building bulletins: each release × language × format into `dist/<id>/`.

    release.md ─ read ─▶ Release ─ apply catalog ─▶ Bulletin ─ Jinja2 ─▶ HTML ─ WeasyPrint ─▶ PDF

Incremental: each release's folder in `dist/` keeps a manifest of its bulletins' fingerprints
(content hashes of everything they depend on). A bulletin whose fingerprint is unchanged and
whose file is in place is not built again; a release whose bulletins are all in place is not even
read. Parallel: PDFs print in worker processes while this one renders the next HTML.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from pressflow.core.config import Config
from pressflow.core.errors import InputErrors, PressflowError
from pressflow.cache.digest import digest, project_digest, tree_digest
from pressflow.core.atomic import write_atomic
from pressflow.core.model import PRESSFLOW_FILES, RELEASE_FILE, Release
from pressflow.render.printing import Printed, Printer, peak_rss
from pressflow.core.project import UI_DOMAIN, catalog_path, release_paths
from pressflow.cache.store import Cache

# Only light modules above: a build with nothing to do imports no Markdown, YAML, Jinja2 or
# WeasyPrint. The renderers are imported where the first stale bulletin is built.

log = logging.getLogger(__name__)
FORMATS = ("html", "pdf")
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


@dataclass
class BuildResult:
    artifacts: list[Artifact] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)
    """Unreadable or malformed inputs (exit code 2)."""
    failures: list[PressflowError] = field(default_factory=list)
    """Releases that could not be built for another reason (exit code 1)."""
    peak_printer_rss: int = 0
    """The largest peak resident memory of a process that printed PDFs, in bytes."""

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
    from `.pressflow-cache/digests.json` while its size and mtime are as recorded (cache/store.py), so
    that a build with nothing to do hashes no source and no catalog of the archive again."""

    def __init__(self, config: Config):
        self.config = config
        self.base = project_digest(config)
        self.cache = Cache(config)
        self._ui: dict[str, str] = {}
        self._catalogs: dict[tuple[str, str], str] = {}

    def release(self, folder: Path) -> str:
        # The release's own files (its text, its images); the workflow record is not printed.
        return digest(self.base, tree_digest(folder, exclude=PRESSFLOW_FILES, file_hash=self.cache.digest))

    def fingerprint(self, release_digest: str, release_id: str, language: str, fmt: str) -> str:
        config = self.config
        catalog = ""
        if language != config.source_language:
            if (release_id, language) not in self._catalogs:
                self._catalogs[release_id, language] = self.cache.digest(
                    catalog_path(config.locales_dir, release_id, language))
            catalog = self._catalogs[release_id, language]
        if language not in self._ui:  # the project's own copy of the templates' catalog, if any
            self._ui[language] = self.cache.digest(catalog_path(config.locales_dir, UI_DOMAIN, language))
        return digest(release_digest, language, fmt, catalog, self._ui[language])


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
            return cls(data["release"], list(data["languages"]), dict(data["artifacts"]), list(data["extras"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, foreign or damaged: build everything again

    def write(self, path: Path) -> None:
        data = {"format": MANIFEST_FORMAT, "release": self.release, "languages": self.languages,
                "artifacts": dict(sorted(self.artifacts.items())), "extras": sorted(set(self.extras))}
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


@dataclass
class _Job:
    """One release being built: what is still printing, and the manifest to write when done."""

    out_dir: Path
    manifest: _Manifest
    printing: int = 0


def build(config: Config, ids: Sequence[str] = (), languages: Iterable[str] | None = None,
          formats: Iterable[str] = FORMATS, *, jobs: int = 1, force: bool = False,
          on_start: Callable[[Progress], None] | None = None,
          on_artifact: Callable[[Artifact], None] | None = None) -> BuildResult:
    paths, missing = release_paths(config, ids)
    result = BuildResult(errors=list(missing))
    wanted = tuple(languages) if languages else config.languages
    formats = tuple(fmt for fmt in FORMATS if fmt in formats)
    inputs = _Inputs(config)

    stale: list[tuple[Path, str, _Manifest | None]] = []
    for path in paths:
        release_digest = inputs.release(path.parent)
        manifest = None if force else _Manifest.read(config.dist_dir / path.parent.name / MANIFEST)
        if manifest and manifest.release == release_digest and \
                (done := _up_to_date(config, inputs, path.parent.name, manifest, wanted, formats)) is not None:
            result.artifacts.extend(done)
        else:
            stale.append((path, release_digest, manifest if manifest and manifest.release == release_digest else None))
    inputs.cache.save()
    if on_start:
        on_start(Progress(len(stale) * len(wanted) * len(formats), len(result.artifacts)))
    if not stale:
        return result

    from pressflow.catalog import po as pofile
    from pressflow.catalog.update import load_catalog, load_ui_catalog
    from pressflow.render.html import make_environment
    from pressflow.source.release import read_release

    env = make_environment(config)
    ui_catalogs: dict[str, object] = {}
    parallel = jobs > 1 and "pdf" in formats and len(stale) * len(wanted) > 1
    printer = Printer(config.root, config.pdf_variant, jobs if parallel else 1)
    printer.start()
    printing: dict[Future[Printed], tuple[_Job, Release, str, Path]] = {}

    def finish(job: _Job) -> None:
        if job.printing == 0:
            job.manifest.write(job.out_dir / MANIFEST)

    def collect(futures: Iterable[Future[Printed]]) -> None:
        for future in futures:
            job, release, language, path = printing.pop(future)
            job.printing -= 1
            try:
                printed = future.result()
            except Exception as error:  # one document's failure must not stop the others
                log.debug("printing %s failed", path, exc_info=True)
                result.failures.append(PressflowError(f"could not print {config.shown(path)}: {error}",
                                                      config.shown(release.path)))
                job.manifest.artifacts.pop(path.name, None)
                finish(job)
                continue
            result.peak_printer_rss = max(result.peak_printer_rss, printed.peak_rss)
            if reads := inputs.cache.discovered([release.folder], printed.read):
                job.manifest.artifacts[path.name]["reads"] = reads
            artifact = Artifact(path, release.id, language, "pdf", job.manifest.artifacts[path.name]["percent"],
                                write_atomic(path, printed.pdf), printed.refused)
            _record(config, result, job.manifest, artifact, on_artifact)
            finish(job)

    try:
        for path, release_digest, manifest in stale:
            try:
                release = read_release(path, config)
                release_languages = [lang for lang in release.languages if lang in wanted]
                catalogs = {lang: load_catalog(config, release, lang) for lang in release_languages
                            if lang != config.source_language}
                for lang in release_languages:
                    if lang not in ui_catalogs:
                        ui_catalogs[lang] = pofile.gnu_translations(load_ui_catalog(config, lang))
            except InputErrors as problems:
                result.errors.extend(problems.errors)
                continue
            except PressflowError as error:
                result.errors.append(error)
                continue
            out_dir = config.dist_dir / release.id
            old = manifest or _Manifest()
            job = _Job(out_dir, _Manifest(release_digest, list(release.languages),
                                          {name: entry for name, entry in old.artifacts.items()
                                           if name.split(".")[-2] in release.languages}, old.extras))
            try:
                for lang, fmt, html, percent in _render(config, inputs, release, release_languages, catalogs,
                                                        ui_catalogs, env, formats, job, old, force):
                    target = out_dir / f"{release.id}.{lang}.{fmt}"
                    if html is None:
                        result.artifacts.append(_skipped(target, release.id, lang, fmt, percent))
                        continue
                    job.manifest.artifacts[target.name] = {
                        "fingerprint": inputs.fingerprint(release_digest, release.id, lang, fmt), "percent": percent}
                    if fmt == "html":
                        artifact = Artifact(target, release.id, lang, fmt, percent,
                                            write_atomic(target, html.encode("utf-8")))
                        _record(config, result, job.manifest, artifact, on_artifact)
                    else:
                        job.printing += 1
                        printing[printer.submit(html, release.folder)] = (job, release, lang, target)
                        while len(printing) >= IN_FLIGHT_PER_JOB * jobs:
                            collect(wait(printing, return_when=FIRST_COMPLETED).done)
                if release.image and "html" in formats:
                    # The preview image (og:image) beside the bulletins that name it.
                    image = release.folder / release.image
                    write_atomic(out_dir / image.name, image.read_bytes())
                    job.manifest.extras.append(image.name)
            except Exception as error:  # a renderer's failure must not stop the other releases
                log.debug("build of %s failed", release.id, exc_info=True)
                result.failures.append(PressflowError(f"could not build: {error}", config.shown(release.path)))
                for name in [n for n, entry in job.manifest.artifacts.items() if "size" not in entry]:
                    del job.manifest.artifacts[name]
            finish(job)
        collect(list(printing))
    finally:
        printer.close()
    if not printer.parallel and printer.started:
        result.peak_printer_rss = peak_rss()
    inputs.cache.save()
    result.artifacts.sort(key=lambda artifact: (artifact.release, artifact.language, artifact.format))
    return result


def _up_to_date(config: Config, inputs: _Inputs, release_id: str, manifest: _Manifest,
                languages: Sequence[str], formats: Sequence[str]) -> list[Artifact] | None:
    """The release's wanted bulletins when every one is current, without reading the release."""
    out_dir = config.dist_dir / release_id
    artifacts = []
    for lang in (lang for lang in manifest.languages if lang in languages):
        for fmt in formats:
            name = f"{release_id}.{lang}.{fmt}"
            if not manifest.current(inputs.cache, out_dir, name, inputs.fingerprint(manifest.release, release_id, lang, fmt)):
                return None
            artifacts.append(_skipped(out_dir / name, release_id, lang, fmt, manifest.artifacts[name]["percent"]))
    if "html" in formats and not all((out_dir / extra).is_file() for extra in manifest.extras):
        return None
    return artifacts


def _render(config: Config, inputs: _Inputs, release: Release, languages: list[str], catalogs, ui_catalogs,
            env, formats, job: _Job, old: _Manifest, force: bool):
    """(language, format, HTML or None when that bulletin is current, percent) for each bulletin."""
    from pressflow.catalog import po as pofile
    from pressflow.render.html import data_url, render_bulletin
    from pressflow.source.segment import release_messages
    from pressflow.render.bulletin import make_bulletin

    messages = release_messages(release)
    for language in languages:
        stale = [fmt for fmt in formats
                 if force or not old.current(inputs.cache, job.out_dir, f"{release.id}.{language}.{fmt}",
                                             inputs.fingerprint(job.manifest.release, release.id, language, fmt))]
        catalog = catalogs.get(language)
        stats = pofile.message_stats(messages, catalog) if catalog is not None else None
        percent = stats.percent if stats else 100.0
        html = None
        if stale:
            translations = pofile.translations(catalog) if catalog is not None else {}
            bulletin = make_bulletin(release, language, config.source_language, translations, stats, data_url)
            html = render_bulletin(env, bulletin, config, ui_catalogs[language], release.languages)
        for fmt in formats:
            yield language, fmt, (html if fmt in stale else None), percent


def _record(config: Config, result: BuildResult, manifest: _Manifest, artifact: Artifact,
            on_artifact: Callable[[Artifact], None] | None) -> None:
    result.artifacts.append(artifact)
    if artifact.refused:
        # Not recorded as built: the next build tries again, and reports it again.
        del manifest.artifacts[artifact.path.name]
        source = config.shown(config.releases_dir / artifact.release / RELEASE_FILE)
        result.failures.extend(PressflowError(f"left out of {config.shown(artifact.path)}: {reason}", source)
                               for reason in artifact.refused)
    else:
        manifest.artifacts[artifact.path.name]["size"] = artifact.path.stat().st_size
    if on_artifact:
        on_artifact(artifact)


def _skipped(path: Path, release_id: str, language: str, fmt: str, percent: float) -> Artifact:
    return Artifact(path, release_id, language, fmt, percent, written=False, up_to_date=True)
