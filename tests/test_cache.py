"""`status` and `update` skip what has not changed (`.pressflow-cache/digests.json`), and notice
what has: a clean clone, an edit within the same second, a catalog edited by a translator's tool,
a translation that appeared in another release."""

from __future__ import annotations

import json
import os
import re
import shutil

import polib
import pytest
from conftest import SEED_ID
from test_memory import NEW_ID, UNRELATED, age_catalogs, po, update, write_second_release

from pressflow.cache.store import CACHE_FILE, Cache
from pressflow.core.config import load_config

CACHE = ".pressflow-cache"


def status_json(cli, project) -> dict:
    result = cli("status", "-C", project, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def mtimes(project) -> dict:
    return {
        path: path.stat().st_mtime_ns
        for path in sorted(project.rglob("*"))
        if CACHE not in path.parts
    }


def test_warm_status_is_the_cold_status(project, cli):
    cold = status_json(cli, project)
    assert (project / CACHE / CACHE_FILE).is_file()
    assert status_json(cli, project) == cold
    shutil.rmtree(project / CACHE)  # a clean clone
    assert status_json(cli, project) == cold


def test_status_notices_a_catalog_changed_within_the_same_second(project, cli):
    kk = po(project, "kk", SEED_ID)
    os.utime(kk)  # written just now, as by a translator's tool
    before = status_json(cli, project)["releases"][0]["languages"]["kk"]
    stamp = kk.stat()
    text = kk.read_text(encoding="utf-8")
    translation = (
        polib.pofile(text)
        .find("Ministry of Foreign Affairs of Kazakhstan", msgctxt="source")
        .msgstr
    )
    # The translation emptied, a translator's comment of as many bytes added: the same size, and
    # the same mtime restored; only the racy guard sees that the bytes changed.
    padding = "x" * (len(translation.encode("utf-8")) - 3)
    changed = text.replace(f'msgstr "{translation}"', 'msgstr ""', 1).replace(
        "#. front matter: the line naming the release's source",
        f"# {padding}\n#. front matter: the line naming the release's source",
        1,
    )
    kk.write_text(changed, encoding="utf-8")
    os.utime(kk, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert kk.stat().st_size == stamp.st_size
    after = status_json(cli, project)["releases"][0]["languages"]["kk"]
    assert after["untranslated"] == before["untranslated"] + 1


def test_status_trusts_an_old_stamp_and_rereads_a_changed_one(project, cli):
    age_catalogs(project)
    status_json(cli, project)
    cache = Cache(load_config(project))
    kk = po(project, "kk", SEED_ID)
    recorded = cache._files[f"locales/kk/LC_MESSAGES/{SEED_ID}.po"]
    assert recorded[3] is False  # written long before it was recorded: not racy
    entries = polib.pofile(str(kk))
    next(entry for entry in entries if entry.msgstr).flags.append("fuzzy")
    entries.save()
    assert status_json(cli, project)["releases"][0]["languages"]["kk"]["fuzzy"] == 1


def test_a_no_op_update_skips_and_writes_nothing(project, cli):
    update(cli, project)
    age_catalogs(project)
    update(cli, project)  # records the aged stamps
    before = mtimes(project)
    result = cli("update", "-C", project)
    assert result.exit_code == 0 and "catalogs up to date" in result.stdout
    assert mtimes(project) == before


def test_a_template_keeps_its_date_until_its_messages_change(project, cli):
    """Without the cache (a clean clone) too: the POT is compared with what it would be."""
    update(cli, project)
    template = project / "locales" / f"{SEED_ID}.pot"
    kept = template.read_text("utf-8")
    date = re.search(r'"POT-Creation-Date: (.*)\\n"', kept)[1]
    template.write_text(kept.replace(date, "2020-01-02 03:04+0500"), "utf-8")  # both header dates
    old = template.read_bytes()
    shutil.rmtree(project / CACHE)
    update(cli, project)
    assert template.read_bytes() == old  # the same messages: the old date stays
    source = project / "releases" / SEED_ID / "release.md"
    source.write_text(source.read_text("utf-8").replace("traditionally", "always"), "utf-8")
    shutil.rmtree(project / CACHE)
    update(cli, project)
    text = template.read_text("utf-8")
    assert "2020-01-02" not in text and "always" in text


def test_update_notices_a_catalog_rewrapped_by_a_translators_tool(project, cli):
    update(cli, project)
    kk = po(project, "kk", SEED_ID)
    canonical = kk.read_bytes()
    catalog = polib.pofile(str(kk), wrapwidth=40)
    catalog.wrapwidth = 40
    catalog.save()
    assert kk.read_bytes() != canonical
    update(cli, project)
    assert kk.read_bytes() == canonical


def test_a_skipped_release_still_takes_what_the_memory_learned(project, cli):
    write_second_release(project)
    update(cli, project)
    assert polib.pofile(str(po(project, "kk")))  # the new release, UNRELATED untranslated
    assert (
        next(
            entry for entry in polib.pofile(str(po(project, "kk"))) if entry.msgid == UNRELATED
        ).msgstr
        == ""
    )
    # The seed release learns the sentence: its source gains it, translated by hand.
    seed = project / "releases" / SEED_ID / "release.md"
    seed.write_text(seed.read_text(encoding="utf-8") + f"\n{UNRELATED}\n", encoding="utf-8")
    update(cli, project, SEED_ID)
    catalog = polib.pofile(str(po(project, "kk", SEED_ID)))
    next(
        entry for entry in catalog if entry.msgid == UNRELATED
    ).msgstr = "Делегаттар мұражайды аралады."
    catalog.save()
    update(cli, project)  # the new release's own files have not changed
    filled = next(
        entry for entry in polib.pofile(str(po(project, "kk"))) if entry.msgid == UNRELATED
    )
    assert (
        filled.msgstr == "Делегаттар мұражайды аралады." and f"memory: {SEED_ID}" in filled.comment
    )
    assert NEW_ID in json.loads((project / CACHE / CACHE_FILE).read_text())["results"]["update"]


def test_a_corrupt_cache_is_ignored(project, cli):
    cold = status_json(cli, project)
    update(cli, project)
    cache = project / CACHE / CACHE_FILE
    data = json.loads(cache.read_text())
    for command in data["results"].values():
        for record in command.values():
            record["value"] = {"open": "nonsense", "languages": 7}
    cache.write_text(json.dumps(data))
    assert status_json(cli, project) == cold
    update(cli, project)
    cache.write_text("{not json")
    assert status_json(cli, project) == cold


def test_a_cold_status_read_by_workers_is_the_serial_one(project, cli, monkeypatch):
    from pressflow.core import workers
    from pressflow.publish import status

    write_second_release(project)
    update(cli, project)
    serial = status_json(cli, project)
    shutil.rmtree(project / CACHE)
    monkeypatch.setattr(status, "_RELEASES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    assert status_json(cli, project) == serial


@pytest.mark.parametrize("broken", [False, True])
def test_catalogs_read_ahead_give_the_update_of_catalogs_read_in_turn(
    project, tmp_path, monkeypatch, broken
):
    """A cold update of many releases has worker processes read their catalogs ahead: the same
    catalogs come out, and a broken one is reported at its line as ever."""
    from pressflow.catalog import update as updating

    for number in range(1, 6):
        copy = f"2023-03-{17 + number}-copy"
        shutil.copytree(project / "releases" / SEED_ID, project / "releases" / copy)
        for language in ("kk", "ru"):
            shutil.copy(po(project, language, SEED_ID), po(project, language, copy))
        source = project / "releases" / copy / "release.md"
        source.write_text(source.read_text("utf-8").replace("traditionally", "always"), "utf-8")
    if broken:
        catalog = po(project, "ru", "2023-03-20-copy")
        catalog.write_text(catalog.read_text("utf-8") + '\nmsgid "unclosed\n', "utf-8")
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    results, handed = {}, []
    take = updating._ReadAhead.take

    def spied(self, path):
        handed.append(take(self, path))
        return handed[-1]

    monkeypatch.setattr(updating._ReadAhead, "take", spied)
    monkeypatch.setattr(updating._ReadAhead, "WINDOW", 4)  # several windows
    monkeypatch.setattr(updating._ReadAhead, "PER_WORKER", 1)  # in forked workers
    for root, at_least in ((project, 2), (twin, 10_000)):
        monkeypatch.setattr(updating, "_READ_AHEAD_AT_LEAST", at_least)
        result = updating.update_project(load_config(root), (), ("en", "kk", "ru"))
        results[root] = [str(error) for error in result.problems]
    assert results[project] == results[twin]
    assert sum(catalog is not None for catalog in handed) >= 10  # read ahead, in the project only
    assert bool(results[project]) == broken
    undated = re.compile(r'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"')
    for path in sorted((project / "locales").rglob("*.po*")):
        twin_path = twin / path.relative_to(project)
        assert undated.sub("", path.read_text("utf-8")) == undated.sub(
            "", twin_path.read_text("utf-8")
        ), path
