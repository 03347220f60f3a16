"""Incremental and parallel builds: a bulletin is built again exactly when one of its inputs
changed, a build with nothing to do touches no file, and workers print the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import SEED_ID, tree_bytes

HTML = ("-f", "html")
ALL = {f"{SEED_ID}.{lang}.{fmt}" for lang in ("en", "kk", "ru") for fmt in ("html", "pdf")}


def written(result) -> set[str]:
    """The bulletins a build wrote or rebuilt, by file name."""
    return {
        line.split()[1].split("/")[-1]
        for line in result.stdout.splitlines()
        if line.startswith(("wrote ", "unchanged "))
    }


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def edit_kazakh_translation(project: Path) -> None:
    path = project / "locales" / "kk" / "LC_MESSAGES" / f"{SEED_ID}.po"
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr and not entry.msgctxt)
    entry.msgstr += " Қосымша сөйлем."
    catalog.save()


@pytest.fixture
def built(project: Path, cli) -> Path:
    result = cli("build", "-C", project, *HTML)
    assert result.exit_code == 0, result.output
    return project


def test_a_build_with_nothing_to_do_says_so_and_touches_no_file(built: Path, cli):
    before = snapshot(built / "dist")
    result = cli("build", "-C", built, *HTML)
    assert result.exit_code == 0
    assert result.stdout == "nothing to build: all 3 bulletins in dist/ are up to date\n"
    assert snapshot(built / "dist") == before


def test_a_changed_catalog_rebuilds_only_its_language(built: Path, cli):
    edit_kazakh_translation(built)
    result = cli("build", "-C", built, *HTML)
    assert result.exit_code == 0
    assert written(result) == {f"{SEED_ID}.kk.html"}
    assert "2 other bulletins were up to date" in result.stdout
    assert "Қосымша сөйлем." in (built / "dist" / SEED_ID / f"{SEED_ID}.kk.html").read_text("utf-8")


@pytest.mark.parametrize("change", ["source", "config", "template", "image", "ui catalog"])
def test_a_shared_input_rebuilds_what_depends_on_it(built: Path, cli, change):
    release = built / "releases" / SEED_ID
    if change == "source":
        path = release / "release.md"
        path.write_text(path.read_text("utf-8").replace("traditionally", "always"), "utf-8")
        expected = {f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")}
    elif change == "config":
        config = built / "pressflow.toml"
        config.write_text(
            'base_url = "https://press.example.kz/"\n' + config.read_text("utf-8"), "utf-8"
        )
        expected = {f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")}
    elif change == "template":
        (built / "templates").mkdir()
        (built / "templates" / "letterhead.html").write_text("<p>Ministry</p>\n", "utf-8")
        expected = {f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")}
    elif change == "image":
        # A file beside release.md that the bulletin may show; the workflow record is not one.
        (release / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
        expected = {f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")}
    else:
        # A project's own copy of the templates' catalog, for one language.
        catalog = built / "locales" / "ru" / "LC_MESSAGES" / "pressflow.po"
        catalog.write_bytes(
            (
                Path(__file__).parents[1]
                / "pressflow"
                / "render"
                / "locales"
                / "ru"
                / "LC_MESSAGES"
                / "pressflow.po"
            )
            .read_bytes()
            .replace("Пресс-релиз".encode(), "Сообщение".encode())
        )
        expected = {f"{SEED_ID}.ru.html"}
    result = cli("build", "-C", built, *HTML)
    assert result.exit_code == 0, result.output
    assert written(result) == expected


def test_the_workflow_record_is_not_an_input(built: Path, cli):
    assert cli("mark", "-C", built, SEED_ID, "translation").exit_code == 0
    assert cli("build", "-C", built, *HTML).stdout.startswith("nothing to build")


def test_a_deleted_or_damaged_output_is_built_again(built: Path, cli):
    out = built / "dist" / SEED_ID
    (out / f"{SEED_ID}.ru.html").unlink()
    with (out / f"{SEED_ID}.en.html").open("a") as stream:
        stream.write("<!-- edited by hand -->")
    result = cli("build", "-C", built, *HTML)
    assert written(result) == {f"{SEED_ID}.ru.html", f"{SEED_ID}.en.html"}
    assert "<!-- edited" not in (out / f"{SEED_ID}.en.html").read_text("utf-8")


@pytest.mark.parametrize(
    "damage", ["", "{not json", '{"format": 99}', '{"format": 1, "release": 5}', "[]"]
)
def test_a_missing_or_damaged_manifest_means_a_full_build(built: Path, cli, damage):
    manifest = built / "dist" / SEED_ID / ".pressflow-build.json"
    if damage:
        manifest.write_text(damage)
    else:
        manifest.unlink()
    result = cli("build", "-C", built, *HTML)
    assert result.exit_code == 0, result.output
    assert written(result) == {f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")}
    assert json.loads(manifest.read_text())["format"] == 1


def test_force_builds_everything_again(built: Path, cli):
    result = cli("build", "-C", built, "--force", *HTML)
    assert written(result) == {f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")}
    assert all(line.startswith("unchanged ") for line in result.stdout.splitlines())


def test_a_broken_catalog_is_reported_and_never_recorded_as_built(built: Path, cli):
    catalog = built / "locales" / "kk" / "LC_MESSAGES" / f"{SEED_ID}.po"
    good = catalog.read_bytes()
    catalog.write_bytes(good + b'\nmsgid "unclosed\n')
    for _ in range(2):  # the second run reports it again: a failed bulletin is never "up to date"
        result = cli("build", "-C", built, *HTML)
        assert result.exit_code == 2
        assert f"locales/kk/LC_MESSAGES/{SEED_ID}.po:" in result.stderr
    catalog.write_bytes(good)
    result = cli("build", "-C", built, *HTML)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "nothing to build"
    )  # the good catalog's bulletins are still current


def test_parallel_workers_print_the_same_bytes_as_one_process(project: Path, cli, tmp_path: Path):
    assert cli("build", "-C", project, "--jobs", "1").exit_code == 0
    serial = tree_bytes(project / "dist")
    result = cli("build", "-C", project, "--jobs", "2", "--force")
    assert result.exit_code == 0, result.output
    assert written(result) == ALL
    assert tree_bytes(project / "dist") == serial
    # A PDF edited by hand is noticed and printed again, the others are not.
    pdf = project / "dist" / SEED_ID / f"{SEED_ID}.kk.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-10])
    result = cli("build", "-C", project, "--jobs", "2")
    assert written(result) == {pdf.name}
    assert tree_bytes(project / "dist") == serial


def test_jobs_must_be_positive(project: Path, cli):
    result = cli("build", "-C", project, "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_a_project_file_a_template_prints_is_an_input_of_the_pdfs(project: Path, cli):
    (project / "templates").mkdir()
    (project / "templates" / "letterhead.html").write_text(
        '<img src="../../assets/seal.svg" alt="">\n', "utf-8"
    )
    (project / "assets").mkdir()
    seal = project / "assets" / "seal.svg"
    seal.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "utf-8")
    assert cli("build", "-C", project, "-l", "kk").exit_code == 0
    assert cli("build", "-C", project, "-l", "kk").stdout.startswith("nothing to build")
    seal.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>', "utf-8")
    result = cli("build", "-C", project, "-l", "kk")
    assert result.exit_code == 0
    assert written(result) == {f"{SEED_ID}.kk.pdf"}  # the HTML names the file, the PDF holds it
