"""`pressflow status` counts exactly as `msgfmt --statistics` (DESIGN §4)."""

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
        assert {k: counts[k] for k in ("translated", "fuzzy", "untranslated")} == msgfmt_statistics(path)
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
