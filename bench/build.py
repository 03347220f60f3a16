"""The build's measurements (README "Benchmark", items 1–4, 7 and 10), each against a baseline
measured in the same run on the same archive.

1. pressflow's time per PDF against bare WeasyPrint printing the same HTML, both in one warm process;
2. building bulletins with the `pressflow` command against one `weasyprint` command per bulletin;
3. `--jobs 2` against `--jobs 1`;
4. a build with nothing to do, over the whole archive;
7. the peak resident memory of a printing worker over a long build;
10. the archive built as 4 shards one after another (`--shard I/4`), each from an empty `dist/`,
    against the whole build: the same bytes once joined, and each shard's time; then a fresh `dist/`
    copied from `--cache` against the whole build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import PRESSFLOW, VENV_BIN, Row, command, median_seconds

LANGUAGES = ("en", "kk", "ru")
NUMBERS = {1, 2, 3, 4, 7, 10}
SHARDS = 4


def measure(archive: Path, quick: bool, only: set[int] | None = None) -> list[Row]:
    ids = sorted(
        path.name for path in (archive / "releases").iterdir() if (path / "release.md").is_file()
    )
    wanted = NUMBERS if only is None else NUMBERS & only
    rows = []
    if 1 in wanted:
        rows.append(per_pdf(archive, ids[: 2 if quick else 5], repeat=3 if quick else 5))
    if 2 in wanted:
        rows.append(against_cli(archive, ids[: 4 if quick else 10]))
    if 3 in wanted:
        rows.append(jobs(archive, ids[: 6 if quick else 20], repeat=1 if quick else 3))
    if wanted & {4, 7, 10}:
        rows += whole_archive(archive, ids, quick, wanted)
    return rows


def per_pdf(archive: Path, ids: list[str], repeat: int) -> Row:
    """1. In one process with WeasyPrint imported: a bulletin through all of pressflow (read,
    segment, translate, template, print, write) against WeasyPrint printing the same HTML with
    the same fonts and PDF variant."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from pressflow.core.config import load_config
    from pressflow.render.build import build
    from pressflow.render.pdf import font_face_css, weasyprint_options

    config = load_config(archive)
    command([PRESSFLOW, "build", "-C", archive, "-f", "html", *ids])
    documents = [
        (archive / "dist" / release_id / f"{release_id}.{lang}.html").read_text("utf-8")
        for release_id in ids
        for lang in LANGUAGES
    ]
    folders = [archive / "releases" / release_id for release_id in ids for _ in LANGUAGES]

    def ours() -> None:
        result = build(config, ids, formats=("pdf",), jobs=1, force=True)
        assert len(result.artifacts) == len(documents) and not result.failures, result.failures

    fonts = FontConfiguration()
    font_css = weasyprint.CSS(string=font_face_css(), font_config=fonts)
    # WeasyPrint's own options for the variant (PDF/A, tags); not pressflow's PDF/UA finisher.
    options = weasyprint_options(config.pdf_variant)
    options.pop("finisher", None)

    def bare() -> None:
        for html, folder in zip(documents, folders):
            weasyprint.HTML(string=html, base_url=folder.as_uri() + "/").write_pdf(
                stylesheets=[font_css], font_config=fonts, **options
            )

    ours(), bare()  # warm both: imports, font caches
    count = len(documents)
    ours_time = median_seconds(ours, repeat) / count
    bare_time = median_seconds(bare, repeat) / count
    return Row(
        1,
        f"time per PDF, in one process ({count} bulletins)",
        ours_time,
        "bare WeasyPrint write_pdf() on the same HTML",
        bare_time,
        "s",
        "≤ 1.1×",
        ours_time <= 1.1 * bare_time,
    )


def against_cli(archive: Path, ids: list[str]) -> Row:
    """2. `pressflow build` of N releases × 3 languages (PDF), a fresh process as a user runs it,
    against one `weasyprint` command per bulletin on the HTML pressflow wrote."""
    from pressflow.core.config import load_config
    from pressflow.render.pdf import weasyprint_options

    command([PRESSFLOW, "build", "-C", archive, "-f", "html", *ids])
    count = len(ids) * len(LANGUAGES)
    # The weasyprint command with the project's variant: PDF/A, and tags where it has them.
    options = weasyprint_options(load_config(archive).pdf_variant)
    variant = [
        *(["--pdf-variant", options["pdf_variant"]] if options["pdf_variant"] else []),
        *(["--pdf-tags"] if options.get("pdf_tags") else []),
    ]
    ours = median_seconds(
        lambda: command([PRESSFLOW, "build", "-C", archive, "-f", "pdf", "--force", *ids]), 1
    )
    with tempfile.TemporaryDirectory() as scratch:

        def cli_runs() -> None:
            for release_id in ids:
                for lang in LANGUAGES:
                    html = archive / "dist" / release_id / f"{release_id}.{lang}.html"
                    command(
                        [
                            VENV_BIN / "weasyprint",
                            *variant,
                            html,
                            Path(scratch) / f"{release_id}.{lang}.pdf",
                        ]
                    )

        baseline = median_seconds(cli_runs, 1)
    return Row(
        2,
        f"build {count} bulletins (PDF, default --jobs)",
        ours,
        f"{count} runs of the weasyprint command",
        baseline,
        "s",
        "≤ 0.2×",
        ours <= 0.2 * baseline,
    )


def jobs(archive: Path, ids: list[str], repeat: int) -> Row:
    """3. The same forced PDF build with two workers against one process."""
    count = len(ids) * len(LANGUAGES)

    def build(jobs: int) -> float:
        return median_seconds(
            lambda: command(
                [
                    PRESSFLOW,
                    "build",
                    "-C",
                    archive,
                    "-f",
                    "pdf",
                    "--force",
                    "--jobs",
                    str(jobs),
                    *ids,
                ]
            ),
            repeat,
        )

    serial, parallel = build(1), build(2)
    return Row(
        3,
        f"build {count} PDFs with --jobs 2 (speed-up, {os.cpu_count()} cores)",
        serial / parallel,
        "--jobs 1",
        1.0,
        "×",
        "≥ 1.7×",
        serial / parallel >= 1.7,
    )


def whole_archive(archive: Path, ids: list[str], quick: bool, wanted: set[int]) -> list[Row]:
    """4, 7 and 10. A full build of the archive (PDFs in two recycled workers, their peak memory
    recorded), then the same build again with nothing to do, then the archive built in shards."""
    import pressflow.render.html  # noqa: F401  (imported before the clock starts, as for shards)
    from pressflow.core.config import load_config
    from pressflow.render.build import build

    config = load_config(archive)
    shutil.rmtree(archive / "dist", ignore_errors=True)
    partial = quick and 10 not in wanted
    start = time.perf_counter()
    if partial:
        full = build(config, ids[:12], jobs=2)  # 36 PDFs for the memory figure
        build(
            config, formats=("html",), jobs=2
        )  # and every release's HTML for the build with nothing to do
    else:
        full = build(config, jobs=2)
    whole = time.perf_counter() - start
    rows = _noop_and_memory(archive, ids, full, partial) if wanted & {4, 7} else []
    if 10 in wanted:
        rows += shards(archive, len(ids), full, whole)
    return rows


def _noop_and_memory(archive: Path, ids: list[str], full, partial: bool) -> list[Row]:
    printed = sum(artifact.format == "pdf" for artifact in full.artifacts)
    documents = len(ids) * len(LANGUAGES)
    noop = median_seconds(
        lambda: command([PRESSFLOW, "build", "-C", archive, *(["-f", "html"] if partial else [])]),
        5,
    )
    megabytes = full.peak_printer_rss / 2**20
    return [
        Row(
            4,
            f"build with nothing to do, {len(ids)} releases × 3 languages ({documents} bulletins"
            f"{', HTML only' if partial else ''}), whole command",
            noop,
            "",
            None,
            "s",
            "≤ 1 s",
            noop <= 1.0,
        ),
        Row(
            7,
            f"peak RSS of a printing worker over {printed} PDFs",
            megabytes,
            "",
            None,
            "MB",
            "≤ 150 MB",
            megabytes <= 150,
        ),
    ]


def shards(archive: Path, releases: int, full, whole: float) -> list[Row]:
    """10. The archive built again as `SHARDS` shards one after another, each from an empty `dist/`
    as a CI job starts, each in its own printing workers: the shards joined by copying are the
    whole build byte for byte, and the slowest shard takes about 1/SHARDS of its time. Then, with
    the bulletins kept in a `--cache` folder, a fresh `dist/` copied from it."""
    from pressflow.core.config import load_config
    from pressflow.render.build import build
    from pressflow.render.shard import Shard

    config = load_config(archive)
    dist, done = archive / "dist", archive / "dist-whole"
    assert not full.problems, full.problems
    shutil.rmtree(done, ignore_errors=True)
    dist.rename(done)
    times = []
    with tempfile.TemporaryDirectory(prefix="pressflow-bench-") as scratch:
        for index in range(1, SHARDS + 1):
            start = time.perf_counter()
            part = build(config, jobs=2, shard=Shard(index, SHARDS))
            times.append(time.perf_counter() - start)
            assert not part.problems, part.problems
            if dist.is_dir():
                shutil.copytree(dist, Path(scratch) / "joined", dirs_exist_ok=True)
                shutil.rmtree(dist)
        same = _tree(Path(scratch) / "joined") == _tree(done)
        cache = Path(scratch) / "cache"
        done.rename(dist)
        build(config, cache_dir=cache)  # nothing to build: the bulletins of dist/ kept in the cache
        dist.rename(done)
        start = time.perf_counter()
        copied = build(config, jobs=2, cache_dir=cache)
        restore = time.perf_counter() - start
        same_copy = _tree(dist) == _tree(done)
        every_copied = all(artifact.cached for artifact in copied.artifacts)
    shutil.rmtree(dist)
    done.rename(dist)
    slowest = max(times)
    each = " ".join(f"{seconds / whole:.2f}" for seconds in times)
    documents = sum(artifact.format == "pdf" for artifact in full.artifacts)
    return [
        Row(
            10,
            f"build of {releases} releases ({documents} bulletins, HTML and PDF) as {SHARDS} shards, the "
            f"slowest (each: {each}×); joined: {'the same bytes' if same else 'DIFFERENT BYTES'}",
            slowest,
            "the whole build",
            whole,
            "s",
            f"≤ {1.2 / SHARDS:.2f}×, same bytes",
            same and slowest <= 1.2 / SHARDS * whole,
        ),
        Row(
            10,
            f"a fresh dist/ copied from --cache ({documents} bulletins, HTML and PDF"
            f"{'' if every_copied else ', NOT ALL COPIED'}; "
            f"{'the same bytes' if same_copy else 'DIFFERENT BYTES'})",
            restore,
            "the whole build",
            whole,
            "s",
            "≤ 0.05×, same bytes",
            same_copy and every_copied and restore <= 0.05 * whole,
        ),
    ]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
