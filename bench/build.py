"""The build's measurements (README "Benchmark", items 1–4 and 7), each against a baseline
measured in the same run on the same archive.

1. pressflow's time per PDF against bare WeasyPrint printing the same HTML, both in one warm process;
2. building bulletins with the `pressflow` command against one `weasyprint` command per bulletin;
3. `--jobs 2` against `--jobs 1`;
4. a build with nothing to do, over the whole archive;
7. the peak resident memory of a printing worker over a long build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bench.common import PRESSFLOW, VENV_BIN, Row, command, median_seconds

LANGUAGES = ("en", "kk", "ru")
NUMBERS = {1, 2, 3, 4, 7}


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
    if wanted & {4, 7}:
        rows += whole_archive(archive, ids, quick)
    return rows


def per_pdf(archive: Path, ids: list[str], repeat: int) -> Row:
    """1. In one process with WeasyPrint imported: a bulletin through all of pressflow (read,
    segment, translate, template, print, write) against WeasyPrint printing the same HTML with
    the same fonts and PDF variant."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from pressflow.core.config import load_config
    from pressflow.render.build import build
    from pressflow.render.pdf import font_face_css

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

    def bare() -> None:
        for html, folder in zip(documents, folders):
            weasyprint.HTML(string=html, base_url=folder.as_uri() + "/").write_pdf(
                stylesheets=[font_css], font_config=fonts, pdf_variant=config.pdf_variant or None
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
    command([PRESSFLOW, "build", "-C", archive, "-f", "html", *ids])
    count = len(ids) * len(LANGUAGES)
    ours = median_seconds(
        lambda: command([PRESSFLOW, "build", "-C", archive, "-f", "pdf", "--force", *ids]), 1
    )
    with tempfile.TemporaryDirectory() as scratch:

        def cli_runs() -> None:
            for release_id in ids:
                for lang in LANGUAGES:
                    html = archive / "dist" / release_id / f"{release_id}.{lang}.html"
                    command(
                        [VENV_BIN / "weasyprint", html, Path(scratch) / f"{release_id}.{lang}.pdf"]
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


def whole_archive(archive: Path, ids: list[str], quick: bool) -> list[Row]:
    """4 and 7. A full build of the archive (PDFs in two recycled workers, their peak memory
    recorded), then the same build again with nothing to do."""
    from pressflow.core.config import load_config
    from pressflow.render.build import build

    config = load_config(archive)
    shutil.rmtree(archive / "dist", ignore_errors=True)
    if quick:
        full = build(config, ids[:12], jobs=2)  # 36 PDFs for the memory figure
        build(
            config, formats=("html",), jobs=2
        )  # and every release's HTML for the build with nothing to do
    else:
        full = build(config, jobs=2)
    printed = sum(artifact.format == "pdf" for artifact in full.artifacts)
    documents = len(ids) * len(LANGUAGES)
    noop = median_seconds(
        lambda: command([PRESSFLOW, "build", "-C", archive, *(["-f", "html"] if quick else [])]), 5
    )
    megabytes = full.peak_printer_rss / 2**20
    return [
        Row(
            4,
            f"build with nothing to do, {len(ids)} releases × 3 languages ({documents} bulletins"
            f"{', HTML only' if quick else ''}), whole command",
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
