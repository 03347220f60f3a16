"""A build split over the runners of a CI matrix (`build --shard I/N`), and bulletins copied from a
store kept between runs (`build --cache DIR`): each runner builds its part, the parts copied into
one `dist/` are the build of the whole, and a push builds only what changed."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import yaml
from conftest import REPO, SEED_ID, tree_bytes
from test_site import publish

from pressflow.core.config import load_config
from pressflow.render.build import build
from pressflow.render.shard import Shard, partition

OTHER_ID = "2023-03-18-observer-meetings-again"
HTML = ("html",)


def add_release(project: Path, release_id: str) -> None:
    """Another release: the example's text and catalogs under another id."""
    shutil.copytree(project / "releases" / SEED_ID, project / "releases" / release_id)
    for catalog in (project / "locales").glob(f"*/LC_MESSAGES/{SEED_ID}.po"):
        shutil.copy(catalog, catalog.with_name(f"{release_id}.po"))


@pytest.fixture
def two(project: Path) -> Path:
    """The example project with a second release."""
    add_release(project, OTHER_ID)
    return project


def folders(dist: Path) -> set[str]:
    return {path.name for path in dist.iterdir()} if dist.is_dir() else set()


# -- the parts -------------------------------------------------------------------------------


def test_the_parts_of_a_project_are_its_releases_each_once(project: Path, cli):
    ids = [f"2024-01-{day:02d}-release-{day}" for day in range(1, 12)]
    for release_id in ids:
        add_release(project, release_id)
    everything = {SEED_ID, *ids}
    seen: list[str] = []
    for index in (1, 2, 3):
        result = cli("build", "-C", project, "-f", "html", "--shard", f"{index}/3")
        assert result.exit_code == 0, result.output
        part = folders(project / "dist")
        assert f"shard {index}/3: {len(part)} of 12 releases" in result.stdout
        assert 2 <= len(part) <= 6  # about a third each
        seen += part
        shutil.rmtree(project / "dist")
    assert sorted(seen) == sorted(everything)  # all of them, none twice


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 16])
def test_a_partition_is_complete_disjoint_and_balanced(count: int):
    random_ = random.Random(count)
    weights = {f"release-{number}": random_.randint(2_000, 60_000) for number in range(500)}
    parts = partition(weights, count)
    assert set(parts) == set(weights)
    assert set(parts.values()) == set(range(1, count + 1))
    loads = [sum(w for rid, w in weights.items() if parts[rid] == p) for p in parts.values()]
    assert max(loads) - min(loads) <= 2 * max(weights.values())


def test_equal_releases_split_into_equal_counts():
    parts = partition({f"r{number}": 100 for number in range(10)}, 4)
    counts = sorted(list(parts.values()).count(part) for part in range(1, 5))
    assert counts == [2, 2, 3, 3]


def test_a_new_release_moves_few_others():
    random_ = random.Random(7)
    weights = {f"release-{number}": random_.randint(2_000, 60_000) for number in range(500)}
    before = partition(weights, 4)
    after = partition({**weights, "a-new-release": 30_000}, 4)
    moved = [release_id for release_id in before if before[release_id] != after[release_id]]
    assert len(moved) <= 8, moved


def test_the_parts_depend_on_ids_and_sizes_only_never_on_the_machine():
    """Every runner must cut the same parts: a fixed answer, and the same in another process
    (another hash seed, another folder)."""
    weights = {f"2024-02-{day:02d}-news": 1000 + 37 * day for day in range(1, 11)}
    expected = {
        "2024-02-01-news": 3,
        "2024-02-02-news": 1,
        "2024-02-03-news": 1,
        "2024-02-04-news": 1,
        "2024-02-05-news": 2,
        "2024-02-06-news": 1,
        "2024-02-07-news": 2,
        "2024-02-08-news": 3,
        "2024-02-09-news": 3,
        "2024-02-10-news": 2,
    }
    assert partition(weights, 3) == expected
    script = (
        "from pressflow.render.shard import partition;"
        f"print(sorted(partition({weights!r}, 3).items()))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        cwd="/",
    )
    assert other.stdout.strip() == str(sorted(expected.items()))


def test_a_clone_elsewhere_cuts_the_same_parts(two: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    shutil.copytree(two, clone)  # new folder, new modification times
    os.utime(clone / "releases" / OTHER_ID / "release.md", (0, 0))
    for index in (1, 2):
        shard = Shard(index, 2)
        here = shard.select(load_config(two), sorted(two.glob("releases/*/release.md")))
        there = shard.select(load_config(clone), sorted(clone.glob("releases/*/release.md")))
        assert [path.parent.name for path in here] == [path.parent.name for path in there]
        assert len(here) == 1


@pytest.mark.parametrize("value", ["0/4", "5/4", "1/0", "a/b", "2", "-1/4", "1/2/3", ""])
def test_a_shard_must_be_i_of_n(project: Path, cli, value: str):
    result = cli("build", "-C", project, "--shard", value)
    assert result.exit_code == 2
    assert result.stderr == (
        f"--shard '{value}': give I/N, the I-th of N parts, with 1 ≤ I ≤ N (such as 2/4)\n"
    )
    assert not (project / "dist").exists()


# -- the cache -------------------------------------------------------------------------------


def test_a_fresh_dist_is_copied_from_the_cache_without_printing(two: Path, tmp_path: Path):
    config, cache = load_config(two), tmp_path / "cache"
    first = build(config, cache_dir=cache)
    assert first.built and not first.problems and not any(a.cached for a in first.artifacts)
    assert first.peak_printer_rss > 0  # the PDFs were printed
    made = tree_bytes(two / "dist")
    shutil.rmtree(two / "dist")

    second = build(config, cache_dir=cache)
    assert not second.problems
    assert len(second.built) == 12 and all(artifact.cached for artifact in second.built)
    assert second.peak_printer_rss == 0  # no printer was started
    assert tree_bytes(two / "dist") == made  # the bulletins and their manifests
    assert build(config).built == []  # dist/ is up to date as if built here


def test_bulletins_built_before_the_cache_are_kept_in_it(two: Path, tmp_path: Path, cli):
    assert cli("build", "-C", two, "-f", "html").exit_code == 0
    made = tree_bytes(two / "dist")
    result = cli("build", "-C", two, "-f", "html", "--cache", tmp_path / "cache")
    assert result.stdout == "nothing to build: all 6 bulletins in dist/ are up to date\n"
    shutil.rmtree(two / "dist")
    result = build(load_config(two), formats=HTML, cache_dir=tmp_path / "cache")
    assert len(result.built) == 6 and all(artifact.cached for artifact in result.built)
    assert tree_bytes(two / "dist") == made


def test_a_changed_catalog_invalidates_only_its_bulletins(two: Path, tmp_path: Path):
    config, cache = load_config(two), tmp_path / "cache"
    build(config, formats=HTML, cache_dir=cache)
    catalog_file = two / "locales" / "kk" / "LC_MESSAGES" / f"{OTHER_ID}.po"
    catalog = polib.pofile(str(catalog_file))
    entry = next(entry for entry in catalog if entry.msgstr and not entry.msgctxt)
    entry.msgstr += " Қосымша сөйлем."
    catalog.save()
    shutil.rmtree(two / "dist")

    result = build(config, formats=HTML, cache_dir=cache)
    rendered = {(a.release, a.language) for a in result.built if not a.cached}
    assert rendered == {(OTHER_ID, "kk")}
    assert sum(artifact.cached for artifact in result.built) == 5
    page = two / "dist" / OTHER_ID / f"{OTHER_ID}.kk.html"
    assert "Қосымша сөйлем." in page.read_text("utf-8")
    # The store keeps the bulletin as it now is, not the version before the edit.
    assert len(list(cache.glob("*.html"))) == 6


def test_a_damaged_cache_entry_is_built_again(project: Path, tmp_path: Path):
    config, cache = load_config(project), tmp_path / "cache"
    build(config, formats=HTML, cache_dir=cache)
    made = tree_bytes(project / "dist")
    victim = sorted(cache.glob("*.html"))[0]
    victim.write_bytes(victim.read_bytes()[:100])  # a partial restore
    shutil.rmtree(project / "dist")
    result = build(config, formats=HTML, cache_dir=cache)
    assert sum(not artifact.cached for artifact in result.built) == 1
    assert tree_bytes(project / "dist") == made


def test_a_deleted_release_leaves_the_cache(two: Path, tmp_path: Path, cli):
    cache = tmp_path / "cache"
    assert cli("build", "-C", two, "-f", "html", "--cache", cache).exit_code == 0
    shutil.rmtree(two / "releases" / OTHER_ID)
    assert cli("build", "-C", two, "-f", "html", "--cache", cache).exit_code == 0
    assert len(list(cache.glob("*.html"))) == 3


# -- the parts joined ------------------------------------------------------------------------


def test_shards_copied_into_one_dist_are_the_whole_build(two: Path, tmp_path: Path, cli, quick_pdf):
    whole = tmp_path / "whole"
    assert cli("build", "-C", two).exit_code == 0
    shutil.move(two / "dist", whole)
    for index in (1, 2):
        result = cli("build", "-C", two, "--shard", f"{index}/2", "--cache", tmp_path / "cache")
        assert result.exit_code == 0, result.output
        assert f"shard {index}/2: 1 of 2 releases" in result.stdout
        shutil.move(two / "dist", tmp_path / f"shard-{index}")
    for index in (1, 2):  # as `cp -R shard-1/. shard-2/. dist/`, or download-artifact's merge
        shutil.copytree(tmp_path / f"shard-{index}", two / "dist", dirs_exist_ok=True)
    assert tree_bytes(two / "dist") == tree_bytes(whole)
    result = cli("build", "-C", two)
    assert result.stdout == "nothing to build: all 12 bulletins in dist/ are up to date\n"

    for release_id in (SEED_ID, OTHER_ID):
        publish(two, release_id)
    result = cli("site", "-C", two, "--now", "2023-04-01T12:00:00+05:00")
    assert result.exit_code == 0, result.output
    for release_id in (SEED_ID, OTHER_ID):
        assert (two / "public" / "kk" / release_id / "index.html").is_file()


def test_the_ci_matrix_builds_every_part_and_keeps_the_manifests():
    workflow = yaml.safe_load((REPO / "docs" / "ci" / "build.yml").read_text(encoding="utf-8"))
    build_job = workflow["jobs"]["part"]
    parts = build_job["strategy"]["matrix"]["part"]
    command = next(step["run"] for step in build_job["steps"] if "--shard" in step.get("run", ""))
    assert f"/{len(parts)} " in command and parts == list(range(1, len(parts) + 1))
    cache = next(
        step for step in build_job["steps"] if step.get("uses", "").startswith("actions/cache")
    )
    assert f"--cache {cache['with']['path']}" in command
    uploads = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert uploads and all(step["with"]["include-hidden-files"] is True for step in uploads)
