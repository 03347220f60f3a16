"""`pressflow status` counts exactly as `msgfmt --statistics` (docs/design.md, "Messages and catalogs")."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import SEED_ID, SHARED, gettext_tool

CORPUS = sorted((SHARED / "corpus" / "po").rglob("*.po")) if SHARED.is_dir() else []


def msgfmt_statistics(path: Path) -> dict[str, int]:
    report = gettext_tool("msgfmt", "--statistics", "-o", "/dev/null", path).stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", report):
        counts[kind] = int(number)
    return counts


def status_json(cli, project: Path, *args: str) -> dict:
    result = cli("status", "--json", "-C", project, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_status_of_the_example_project(project, cli):
    report = status_json(cli, project)
    (release,) = report["releases"]
    assert release["id"] == SEED_ID and release["state"] == "draft" and release["revision"] == 1
    assert set(release["languages"]) == {"kk", "ru"}
    for language, counts in release["languages"].items():
        path = project / f"locales/{language}/LC_MESSAGES/{SEED_ID}.po"
        assert {k: counts[k] for k in ("translated", "fuzzy", "untranslated")} == msgfmt_statistics(
            path
        )
        assert counts["percent"] == 100.0 and counts["words_left"] == 0 and counts["words"] > 1000


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus/po is not beside the repository")
@pytest.mark.parametrize("catalog", CORPUS, ids=lambda path: "/".join(path.parts[-3:]))
def test_counts_equal_msgfmt_on_real_catalogs(project, cli, catalog: Path):
    target = project / f"locales/ru/LC_MESSAGES/{SEED_ID}.po"
    shutil.copy(catalog, target)
    counts = status_json(cli, project)["releases"][0]["languages"]["ru"]
    expected = msgfmt_statistics(catalog)
    assert {k: counts[k] for k in expected} == expected
    total = sum(expected.values())
    assert counts["total"] == total
    assert counts["percent"] == round(100 * expected["translated"] / total, 1)


def test_fail_under_exits_1(project, cli):
    catalog = polib.pofile(str(project / f"locales/kk/LC_MESSAGES/{SEED_ID}.po"))
    catalog[-1].msgstr = ""  # one of 39 messages untranslated: 97.4%
    catalog.save()
    assert cli("status", "-C", project, "--fail-under", "97").exit_code == 0
    result = cli("status", "-C", project, "--fail-under", "100")
    assert result.exit_code == 1
    assert result.stderr == f"{SEED_ID}: kk is translated below 100%\n"


def test_counts_agree_between_status_build_and_publish(project, cli):
    """One fuzzy and one untranslated message: status, the bulletin and publish give the same figure."""
    import polib

    path = project / f"locales/kk/LC_MESSAGES/{SEED_ID}.po"
    catalog = polib.pofile(str(path))
    entries = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    entries[3].flags.append("fuzzy")
    entries[5].msgstr = ""
    catalog.save()
    kk = json.loads(cli("status", "--json", "-C", project).stdout)["releases"][0]["languages"]["kk"]
    assert (kk["translated"], kk["total"], kk["percent"], kk["out_of_date"]) == (37, 39, 94.9, 0)
    assert cli("build", "-C", project, "-l", "kk", "-f", "html").exit_code == 0
    assert "94,9" in (project / f"dist/{SEED_ID}/{SEED_ID}.kk.html").read_text(encoding="utf-8")
    for state in ("translation", "review"):
        cli("mark", SEED_ID, state, "-C", project)
    cli("approve", SEED_ID, "-l", "ru", "-C", project)
    cli("mark", SEED_ID, "approved", "-C", project)
    assert (
        f"withheld {SEED_ID} kk: not translated (94.9%), fuzzy entries"
        in cli("publish", "-C", project).stdout
    )


def test_a_catalog_behind_its_release_fails_the_gate(project, cli):
    path = project / f"releases/{SEED_ID}/release.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nA paragraph added after the translation.\n",
        encoding="utf-8",
    )
    result = cli("status", "--fail-under", "100", "-C", project)
    assert result.exit_code == 1
    assert (
        f"{SEED_ID}: kk catalog lacks 1 message of the release: run pressflow update"
        in result.stderr
    )
    assert "catalog out of date, 1 message missing (run pressflow update)" in result.stdout
    assert (
        json.loads(cli("status", "--json", "-C", project).stdout)["releases"][0]["languages"]["ru"][
            "out_of_date"
        ]
        == 1
    )
