"""The catalogs' measurements (README "Benchmark", items 5, 6, 8 and 9), each on a copy of the archive,
against a baseline run in the same run on the same files.

5. `pressflow status` over every catalog, cold (no `.pressflow-cache/`, as on a clean clone) and warm,
   against `sphinx-intl stat` (pure Python, polib) and a loop of `msgfmt --statistics`;
6. `pressflow update` with a tenth of the messages of every release edited, cold, against a loop of
   `msgmerge --previous` merging the same templates into the same catalogs; then the same update
   after one more release changed, with the cache of the first;
8. the translation memory's index of 1,000 releases (both languages), built cold in one process;
9. `pressflow update` of one new release with 1,000 releases in the memory, its index cached.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
from pathlib import Path

from bench.common import PRESSFLOW, VENV_BIN, Row, command, median_seconds

NUMBERS = {5, 6, 8, 9}
CACHE = ".pressflow-cache"
MEMORY_RELEASES = 1000


def measure(archive: Path, quick: bool, only: set[int] | None = None) -> list[Row]:
    wanted = NUMBERS if only is None else NUMBERS & only
    rows = []
    with tempfile.TemporaryDirectory(prefix="pressflow-bench-") as scratch:
        if 5 in wanted:
            rows += status(_copy(archive, Path(scratch) / "status"), repeat=2 if quick else 5)
        if 6 in wanted:
            rows += update(archive, Path(scratch) / "update", repeat=1)
        if wanted & {8, 9}:
            if quick:
                memory_archive = archive
            else:
                from bench.archive import archive as generate

                memory_archive = generate(MEMORY_RELEASES)
            rows += memory(
                _copy(memory_archive, Path(scratch) / "memory"), repeat=3 if quick else 5
            )
    return rows


def _copy(archive: Path, to: Path) -> Path:
    shutil.copytree(archive, to, ignore=shutil.ignore_patterns("dist", CACHE, ".inputs"))
    return to


def _catalogs(project: Path) -> list[Path]:
    return sorted(
        path
        for path in (project / "locales").glob("*/LC_MESSAGES/*.po")
        if path.name != "pressflow.po"
    )


def _cold(project: Path):
    return lambda: shutil.rmtree(project / CACHE, ignore_errors=True)


def status(project: Path, repeat: int) -> list[Row]:
    """5. Cold and warm `status` against sphinx-intl and msgfmt on the same tree."""
    catalogs = _catalogs(project)
    count = len(catalogs)
    run = lambda: command([PRESSFLOW, "status", "-C", project, "--json"])  # noqa: E731
    cold = median_seconds(run, repeat, setup=_cold(project))
    run()
    warm = median_seconds(run, repeat)
    sphinx_intl = VENV_BIN / "sphinx-intl"
    if not sphinx_intl.exists():
        raise SystemExit(
            "bench: sphinx-intl is missing: pip install -c constraints.txt -e '.[bench]'"
        )
    baseline = median_seconds(
        lambda: command([sphinx_intl, "stat", "-d", project / "locales"]), repeat
    )
    msgfmt = median_seconds(
        lambda: [command(["msgfmt", "--statistics", "-o", "/dev/null", path]) for path in catalogs],
        1,
    )
    what = f"status over {count} catalogs"
    return [
        Row(
            5,
            f"{what}, cold (no cache)",
            cold,
            "sphinx-intl stat",
            baseline,
            "s",
            "≤ 1×",
            cold <= baseline,
        ),
        Row(
            5,
            f"{what}, warm (cache)",
            warm,
            "sphinx-intl stat",
            baseline,
            "s",
            "≤ 0.2×",
            warm <= 0.2 * baseline,
        ),
        Row(
            5,
            f"{what}, cold (no cache)",
            cold,
            f"{count} runs of msgfmt --statistics",
            msgfmt,
            "s",
            "≤ 1×",
            cold <= msgfmt,
        ),
    ]


def update(archive: Path, scratch: Path, repeat: int) -> list[Row]:
    """6. A tenth of every release's messages edited: `update` cold against `msgmerge --previous` on the same
    templates and catalogs, then an update after one more release changed, with the cache warm."""
    edited = _copy(archive, scratch / "edited")
    for source in sorted(edited.glob("releases/*/release.md")):
        edit(source, random.Random(source.parent.name), share=0.1)
    # msgmerge's inputs: the templates pressflow extracts from the edited sources, the catalogs as they were.
    templates = _copy(edited, scratch / "templates")
    command([PRESSFLOW, "extract", "-C", templates])
    merged = scratch / "msgmerge"
    merged.mkdir()
    pairs = [(path, templates / "locales" / f"{path.stem}.pot") for path in _catalogs(templates)]

    def msgmerge() -> None:
        for catalog, template in pairs:
            command(
                [
                    "msgmerge",
                    "--quiet",
                    "--previous",
                    "-o",
                    merged / f"{catalog.parent.parent.name}-{catalog.name}",
                    catalog,
                    template,
                ]
            )

    baseline = median_seconds(msgmerge, repeat)
    project = scratch / "project"

    def fresh() -> None:
        shutil.rmtree(project, ignore_errors=True)
        _copy(edited, project)

    cold = median_seconds(
        lambda: command([PRESSFLOW, "update", "-C", project]), repeat, setup=fresh
    )
    command([PRESSFLOW, "update", "-C", project])  # the cache holds this state
    sources = sorted(project.glob("releases/*/release.md"))
    turn = iter(range(len(sources)))
    one = median_seconds(
        lambda: command([PRESSFLOW, "update", "-C", project]),
        3,
        setup=lambda: edit(sources[next(turn) * 7 % len(sources)], random.Random(1), share=0.1),
    )
    count = len(pairs)
    return [
        Row(
            6,
            f"update of {len(sources)} releases ({count} catalogs), 10% of messages edited, cold",
            cold,
            f"{count} runs of msgmerge --previous",
            baseline,
            "s",
            "≤ 1×",
            cold <= baseline,
        ),
        Row(
            6,
            "update of every release after one release changed (cache warm)",
            one,
            "",
            None,
            "s",
            "≤ 1 s",
            one <= 1.0,
        ),
    ]


_PARAGRAPH = re.compile(r"^(?!---|## |- |[a-z]+:|\s*$)(.+)$", re.MULTILINE)


def edit(source: Path, random_: random.Random, share: float) -> None:
    """Edit a `share` of the body's paragraphs as an author does: a word replaced."""
    text = source.read_text("utf-8")
    body_start = text.index("\n---\n") + 5
    paragraphs = list(_PARAGRAPH.finditer(text, body_start))
    chosen = random_.sample(paragraphs, max(1, round(len(paragraphs) * share)))
    for match in sorted(chosen, key=lambda match: match.start(), reverse=True):
        words = match[1].split(" ")
        spot = random_.randrange(len(words))
        words[spot] = random_.choice(["notably", "reportedly", "officially", "again"])
        text = text[: match.start(1)] + " ".join(words) + text[match.end(1) :]
    source.write_text(text, "utf-8")


def memory(project: Path, repeat: int) -> list[Row]:
    """8 and 9. The memory's index built cold over every release (kk and ru), then `update` of one new release
    that repeats sentences of the others, with the index cached."""
    from pressflow.catalog.memory import load_memory
    from pressflow.core.config import load_config

    config = load_config(project)
    releases = len(list(project.glob("releases/*/release.md")))

    def build_index() -> None:
        for language in config.target_languages:
            load_memory(config, language, reuse=False)

    cold = median_seconds(build_index, repeat, setup=_cold(project))
    build_index()  # the cache as an update finds it
    sources = sorted(project.glob("releases/*/release.md"))
    new = project / "releases" / "2030-01-01-new-release" / "release.md"
    new.parent.mkdir()
    first, second = (source.read_text("utf-8") for source in sources[-2:])
    head, body = first.split("\n---\n", 1)
    new.write_text(
        head.replace(re.search(r"date: .*", head)[0], "date: '2030-01-01'")
        + "\n---\n"
        + body
        + second.split("\n---\n", 1)[1],
        "utf-8",
    )

    def reset() -> None:
        for path in project.glob("locales/**/2030-01-01-new-release.po*"):
            path.unlink()

    warm = median_seconds(
        lambda: command([PRESSFLOW, "update", "-C", project, new.parent.name]), repeat, setup=reset
    )
    return [
        Row(
            8,
            f"translation memory index of {releases} releases (kk, ru), cold, in one process",
            cold,
            "",
            None,
            "s",
            "≤ 5 s",
            cold <= 5.0,
        ),
        Row(
            9,
            f"update of one new release with {releases} releases in the memory, warm",
            warm,
            "",
            None,
            "s",
            "≤ 1 s",
            warm <= 1.0,
        ),
    ]
