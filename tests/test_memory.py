"""Translation memory: `update` fills a new release from the project's other releases; TMX export."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from conftest import SEED_ID, msgcat, msgfmt_check, tree_bytes

from pressflow import __version__
from pressflow.catalog.memory import CACHE_DIR, close_stores, load_memory
from pressflow.catalog.tmx import export_tmx
from pressflow.core.config import load_config
from pressflow.core.errors import PressflowError

NEW_ID = "2023-03-20-romanian-delegation"
SEED_RELEASE = f"releases/{SEED_ID}/release.md"
HEADING = (
    "Meanwhile, the Ministry of Foreign Affairs of Kazakhstan received a delegation of Romanian "
    "parliamentarians from the OSCE Parliamentary Assembly."
)
KEPT = [
    "The parties also considered topical issues of bilateral cooperation in the political and economic spheres. "
    "They noted the consistent and progressive development of Kazakh-Romanian relations and confirmed their "
    "interest in increasing the dynamics of economic cooperation between the countries.",
    "OSCE PA mission officially started observing the elections of deputies to Mazhilis of the Parliament of "
    "the Republic of Kazakhstan from March 17.",
]
ORIGINAL = (
    "During the meeting, the observers were informed about the main stages of the ongoing electoral "
    "campaign for the elections to Mazhilis of the Parliament of the Republic of Kazakhstan scheduled "
    "for March 19, 2023."
)
EDITED = ORIGINAL.replace("were informed about", "were briefed on")
UNRELATED = (
    "Delegates also toured the new exhibition halls of the national museum in the afternoon."
)
SOURCE = "Ministry of Foreign Affairs of Kazakhstan"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_second_release(project: Path) -> None:
    folder = project / "releases" / NEW_ID
    folder.mkdir()
    body = "\n\n".join([f"## {HEADING}", KEPT[0], EDITED, KEPT[1], UNRELATED])
    (folder / "release.md").write_text(
        "---\ntitle: A Romanian Delegation Visited Astana\ndate: 2023-03-20\n"
        f"source: {SOURCE}\n---\n\n{body}\n",
        encoding="utf-8",
    )


def po(project: Path, language: str, release: str = NEW_ID) -> Path:
    return project / "locales" / language / "LC_MESSAGES" / f"{release}.po"


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if not entry.obsolete}


def notes(entry: polib.POEntry) -> list[str]:
    """The entry's `#.` lines but the glossary's."""
    return [line for line in entry.comment.split("\n") if not line.startswith("glossary: ")]


def seed_translation(project: Path, language: str, msgid: str) -> str:
    return entries(po(project, language, SEED_ID))[msgid].msgstr


def update(cli, project: Path, *args: str) -> None:
    result = cli("update", "-C", project, *args)
    assert result.exit_code == 0, result.output


def age_catalogs(project: Path) -> None:
    """Give every catalog an mtime well in the past, as after a clone: the cache may trust them."""
    for number, path in enumerate(sorted((project / "locales").rglob("*.po"))):
        os.utime(path, ns=(1_600_000_000_000_000_000 + number, 1_600_000_000_000_000_000 + number))


def tu_structure(tu: ET.Element) -> bool:
    """TMX 1.4's content models: tu ((note|prop)*, tuv+), tuv ((note|prop)*, seg), seg text only
    (plaintext), xml:lang on every tuv, type on every prop."""

    def notes_then(element: ET.Element, tags: list[str]) -> bool:
        children = [child.tag for child in element]
        rest = children[
            next(
                (i for i, tag in enumerate(children) if tag not in ("note", "prop")), len(children)
            ) :
        ]
        return rest == tags and all(prop.get("type") for prop in element.findall("prop"))

    tuvs = tu.findall("tuv")
    return (
        bool(tuvs)
        and notes_then(tu, ["tuv"] * len(tuvs))
        and all(
            tuv.get(XML_LANG) and notes_then(tuv, ["seg"]) and len(tuv.find("seg")) == 0
            for tuv in tuvs
        )
    )


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_update_fills_a_new_release_from_the_memory(project, cli, language):
    write_second_release(project)
    update(cli, project)
    filled = entries(po(project, language))
    for msgid in (HEADING, *KEPT):
        entry = filled[msgid]
        assert entry.msgstr == seed_translation(project, language, msgid) and not entry.fuzzy
        assert notes(entry) == [entry.comment.split("\n")[0], f"memory: {SEED_ID}"]
        assert notes(entry)[0] in ("heading", "paragraph")  # the block's kind stays first
    source = filled[SOURCE]
    assert source.msgctxt == "source" and not source.fuzzy
    assert source.msgstr == seed_translation(project, language, SOURCE)
    assert notes(source) == [
        "front matter: the line naming the release's source",
        f"memory: {SEED_ID}",
    ]
    edited = filled[EDITED]
    assert edited.fuzzy and edited.previous_msgid == ORIGINAL
    assert edited.msgstr == seed_translation(project, language, ORIGINAL)
    assert notes(edited) == ["paragraph", f"memory: {SEED_ID}"]
    for msgid in (UNRELATED, "A Romanian Delegation Visited Astana"):
        assert filled[msgid].msgstr == "" and "memory" not in filled[msgid].comment
    for path in sorted((project / "locales").rglob("*.po*")):
        check = msgfmt_check(path)
        assert check.returncode == 0 and (path.suffix == ".pot" or check.stderr == ""), check.stderr
        assert msgcat(path) == path.read_text(encoding="utf-8"), path


def test_the_seed_release_gains_nothing_from_itself(project, cli):
    before = {lang: po(project, lang, SEED_ID).read_bytes() for lang in ("kk", "ru")}
    write_second_release(project)
    update(cli, project)
    assert {lang: po(project, lang, SEED_ID).read_bytes() for lang in ("kk", "ru")} == before


def test_a_second_update_changes_no_byte_and_keeps_the_translators_edits(project, cli):
    write_second_release(project)
    update(cli, project)
    snapshot = tree_bytes(project / "locales")
    update(cli, project)
    assert tree_bytes(project / "locales") == snapshot

    catalog = polib.pofile(str(po(project, "kk")))
    exact = next(entry for entry in catalog if entry.msgid == KEPT[0])
    exact.msgstr = "Аудармашы өзгерткен аударма."
    edited = next(entry for entry in catalog if entry.msgid == EDITED)
    edited.msgstr = "Аудармашы қараған аударма."
    edited.flags.remove("fuzzy")
    edited.previous_msgid = None
    catalog.save()
    update(cli, project)
    after = entries(po(project, "kk"))
    assert after[KEPT[0]].msgstr == "Аудармашы өзгерткен аударма." and not after[KEPT[0]].fuzzy
    assert after[EDITED].msgstr == "Аудармашы қараған аударма." and not after[EDITED].fuzzy
    snapshot = tree_bytes(project / "locales")
    update(cli, project)
    assert tree_bytes(project / "locales") == snapshot


def test_memory_can_be_turned_off_or_made_to_ask_for_review(project, cli):
    write_second_release(project)
    config = project / "pressflow.toml"
    settings = config.read_text(encoding="utf-8")
    config.write_text(settings + "\n[memory]\nenabled = false\n", encoding="utf-8")
    update(cli, project)
    assert all(
        entry.msgstr == "" and not entry.fuzzy for entry in entries(po(project, "kk")).values()
    )

    config.write_text(
        settings + "\n[memory]\nexact_fuzzy = true\nthreshold = 0.98\n", encoding="utf-8"
    )
    update(cli, project)
    filled = entries(po(project, "kk"))
    assert filled[KEPT[0]].fuzzy and filled[KEPT[0]].previous_msgid is None
    assert filled[KEPT[0]].msgstr == seed_translation(project, "kk", KEPT[0])
    assert filled[EDITED].msgstr == ""  # 0.97 similar: under this threshold


@pytest.mark.parametrize(
    "table, message",
    [
        ("enabled = 1", "'memory.enabled' must be true or false"),
        ('threshold = "high"', "'memory.threshold' must be a number"),
        ("threshold = 1.5", "'memory.threshold' must be above 0 and at most 1, such as 0.8"),
        (
            "fuzzy = true",
            "unknown key 'memory.fuzzy' (known keys: enabled, exact_fuzzy, threshold)",
        ),
    ],
)
def test_memory_settings_are_checked(tmp_path, table, message):
    (tmp_path / "pressflow.toml").write_text(f"[memory]\n{table}\n", encoding="utf-8")
    with pytest.raises(PressflowError) as raised:
        load_config(tmp_path)
    assert str(raised.value) == f"pressflow.toml:2: {message}"


def test_settings_default_and_whole_numbers(tmp_path):
    config = load_config(tmp_path)
    assert (config.memory_enabled, config.memory_exact_fuzzy, config.memory_threshold) == (
        True,
        False,
        0.8,
    )
    (tmp_path / "pressflow.toml").write_text("[memory]\nthreshold = 1\n", encoding="utf-8")
    assert load_config(tmp_path).memory_threshold == 1.0


def test_lookup_exact_close_and_excluded(project):
    memory = load_memory(load_config(project), "kk", reuse=False)
    match = memory.lookup(SOURCE, "contacts.0.name")  # another context, the same boilerplate
    assert match.exact and match.unit.context == "source" and match.unit.release == SEED_ID
    assert match.unit.line > 1 and match.unit.translation == seed_translation(project, "kk", SOURCE)
    match = memory.lookup(EDITED)
    assert not match.exact and match.unit.source == ORIGINAL and 0.9 < match.similarity < 1
    assert memory.lookup(EDITED, threshold=0.99) is None
    assert memory.lookup(UNRELATED) is None
    assert memory.lookup(SOURCE, exclude=SEED_ID) is None
    assert memory.lookup(EDITED, exclude=SEED_ID) is None


def test_memory_holds_translated_entries_of_release_catalogs_only(project):
    path = po(project, "kk", SEED_ID)
    catalog = polib.pofile(str(path))
    fuzzy = next(entry for entry in catalog if entry.msgid == KEPT[0])
    fuzzy.flags.append("fuzzy")
    catalog.save()
    memory = load_memory(load_config(project), "kk", reuse=False)
    assert memory.lookup(KEPT[0]) is None
    assert memory.lookup("Page") is None  # pressflow.po is not a release
    assert memory.report.catalogs == 1


def test_cold_and_warm_cache_give_the_same_memory(project):
    config = load_config(project)
    age_catalogs(project)
    cold = load_memory(config, "ru", reuse=False)
    assert (cold.report.parsed, cold.report.indexed) == (1, True)
    assert (project / CACHE_DIR / "memory-ru.sqlite").is_file()
    warm = load_memory(config, "ru", reuse=False)
    assert (warm.report.hashed, warm.report.parsed, warm.report.indexed) == (0, 0, False)
    for text in (SOURCE, EDITED, HEADING, UNRELATED):
        assert warm.lookup(text) == cold.lookup(text)
    assert len(warm) == len(cold) and warm.sources() == cold.sources()


def test_cold_and_warm_updates_write_the_same_bytes(project, cli, tmp_path):
    write_second_release(project)
    update(cli, project)  # cold: no cache yet
    cold = tree_bytes(project / "locales")
    for language in ("kk", "ru"):
        po(project, language).unlink()
    update(cli, project)  # warm: from this process and from the cache
    assert tree_bytes(project / "locales") == cold


def test_touched_and_changed_catalogs_refresh_the_memory(project):
    config = load_config(project)
    age_catalogs(project)
    load_memory(config, "kk", reuse=False)
    path = po(project, "kk", SEED_ID)
    os.utime(path, ns=(1_650_000_000_000_000_000,) * 2)
    touched = load_memory(config, "kk", reuse=False)
    assert (touched.report.hashed, touched.report.parsed, touched.report.indexed) == (1, 0, False)

    catalog = polib.pofile(str(path))
    next(entry for entry in catalog if entry.msgid == SOURCE).msgstr = "Сыртқы істер министрлігі"
    catalog.save()
    os.utime(path, ns=(1_660_000_000_000_000_000,) * 2)
    # Read once, by this process's store; the cache file holds it from then on.
    for reuse, parsed in ((True, 1), (False, 0), (False, 0)):
        changed = load_memory(config, "kk", reuse=reuse)
        assert changed.lookup(SOURCE).unit.translation == "Сыртқы істер министрлігі"
        assert changed.report.parsed == parsed
    path.unlink()
    assert load_memory(config, "kk").lookup(SOURCE) is None


def test_a_catalog_changed_within_the_same_second_is_still_seen(project):
    config = load_config(project)
    path = po(project, "kk", SEED_ID)
    os.utime(path)  # written just now: the cache cannot trust its size and mtime alone
    load_memory(config, "kk", reuse=False)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    translation = seed_translation(project, "kk", SOURCE)
    changed = translation[:-1] + ("а" if translation[-1] != "а" else "ә")  # same length in bytes
    path.write_text(
        text.replace(f'msgstr "{translation}"', f'msgstr "{changed}"'), encoding="utf-8"
    )
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and mtime as recorded
    assert path.stat().st_size == stat.st_size
    assert load_memory(config, "kk", reuse=False).lookup(SOURCE).unit.translation == changed


def _damage_database(cache: Path, statement: str) -> None:
    with contextlib.closing(sqlite3.connect(cache)) as database, database:
        database.execute(statement)


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\x01 not a database",
        b"",
        "truncated",
        "UPDATE meta SET value = '0.0.1' WHERE key = 'pressflow'",  # another pressflow's
        "UPDATE meta SET value = 'ru' WHERE key = 'language'",
        "DROP TABLE recent",
    ],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt(project, damage):
    config = load_config(project)
    age_catalogs(project)
    expected = load_memory(config, "kk", reuse=False).lookup(EDITED)
    close_stores()
    cache = project / CACHE_DIR / "memory-kk.sqlite"
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])
    elif isinstance(damage, str):
        _damage_database(cache, damage)
    else:
        cache.write_bytes(damage)
    memory = load_memory(config, "kk", reuse=False)
    assert memory.lookup(EDITED) == expected
    assert (memory.report.parsed, memory.report.indexed) == (1, True)
    close_stores()
    with contextlib.closing(sqlite3.connect(cache)) as database:  # written back whole
        assert dict(database.execute("SELECT key, value FROM meta"))["language"] == "kk"


def test_a_plausible_cache_pointing_outside_its_texts_is_harmless(project):
    config = load_config(project)
    age_catalogs(project)
    expected = load_memory(config, "kk", reuse=False).lookup(EDITED)
    close_stores()
    _damage_database(
        project / CACHE_DIR / "memory-kk.sqlite",
        f"INSERT INTO recent VALUES ('meeting', {len(EDITED)}, 12345)",
    )
    memory = load_memory(config, "kk", reuse=False)
    assert memory.lookup(EDITED) == expected
    assert (memory.report.parsed, memory.report.indexed) == (0, False)


def test_an_unreadable_catalog_is_left_out_not_fatal(project, cli):
    broken = po(project, "kk", "2020-01-01-broken")
    broken.write_text('msgid "x"\nmsgstr "unclosed\n', encoding="utf-8")
    memory = load_memory(load_config(project), "kk", reuse=False)
    assert memory.lookup(SOURCE).exact
    assert [str(error.path) for error in memory.report.skipped] == [
        f"locales/kk/LC_MESSAGES/{broken.name}"
    ]
    exported = export_tmx(load_config(project), project / "memory.tmx")
    assert [error.path.name for error in exported.problems] == [
        broken.name
    ] and exported.units == 39


def test_a_catalog_turned_unreadable_leaves_the_memory_until_mended(project):
    config = load_config(project)
    seed = po(project, "kk", SEED_ID)
    assert load_memory(config, "kk").lookup(SOURCE).exact
    good = seed.read_bytes()
    seed.write_bytes(good + b'msgid "x"\nmsgstr "unclosed\n')
    memory = load_memory(config, "kk")
    assert memory.lookup(SOURCE) is None and len(memory.report.skipped) == 1
    seed.write_bytes(good)
    memory = load_memory(config, "kk")
    assert memory.lookup(SOURCE).exact and memory.report.parsed == 1 and not memory.report.skipped


def test_a_new_cache_is_written_once_then_kept_with_a_write_ahead_log(project):
    load_memory(load_config(project), "kk", reuse=False)
    with contextlib.closing(
        sqlite3.connect(project / CACHE_DIR / "memory-kk.sqlite")
    ) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tmx_export(project, cli, tmp_path):
    path = po(project, "kk", SEED_ID)
    catalog = polib.pofile(str(path))
    next(entry for entry in catalog if entry.msgid == KEPT[1]).msgstr = 'Миссия & <b>"ЕҚЫҰ"</b>'
    catalog.save()
    out = tmp_path / "memory.tmx"
    exported = export_tmx(load_config(project), out)
    assert exported.written and exported.skipped == 0

    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.attrib == {"version": "1.4"}
    assert [child.tag for child in root] == ["header", "body"]
    header = root.find("header")
    assert header.attrib == {
        "creationtool": "pressflow",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "block",
        "adminlang": "en",
        "srclang": "en",
        "o-tmf": "PO",
        "creationdate": "20261128T011900Z",
    }  # the catalogs' POT-Creation-Date 2026-11-28 06:19+0500
    units = list(root.find("body"))
    assert len(units) == exported.units == 39
    pairs = {}
    for tu in units:
        assert tu.tag == "tu" and tu_structure(tu)
        tuvs = tu.findall("tuv")
        assert tuvs[0].get(XML_LANG) == "en" and tuvs[0].find("prop") is None and len(tuvs) >= 2
        assert [tuv.find("prop").attrib for tuv in tuvs[1:]] == [
            {"type": "x-pressflow-release"}
        ] * (len(tuvs) - 1)
        pairs[tuvs[0].find("seg").text] = {
            tuv.get(XML_LANG): tuv.find("seg").text for tuv in tuvs[1:]
        }
    assert pairs[KEPT[1]]["kk"] == 'Миссия & <b>"ЕҚЫҰ"</b>'
    assert pairs[SOURCE] == {lang: seed_translation(project, lang, SOURCE) for lang in ("kk", "ru")}
    assert dict(exported.translations) == {"kk": 39, "ru": 39}
    assert list(pairs) == sorted(pairs)

    again = export_tmx(load_config(project), out)
    assert not again.written  # same catalogs, same bytes


def write_archive_catalogs(project: Path, releases: int) -> list[str]:
    """Catalogs of `releases` more releases in kk, each the seed's translated entries with one word of
    every source changed (so that they are close, not equal), and some entries of its own."""
    seed = [
        entry
        for entry in polib.pofile(str(po(project, "kk", SEED_ID)))
        if entry.msgstr and entry.msgid
    ]
    words = ["officially", "again", "notably", "reportedly", "jointly"]
    queries = []
    for number in range(releases):
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "kk"}
        for index, entry in enumerate(seed):
            tokens = entry.msgid.split(" ")
            tokens[(number + index) % len(tokens)] = words[(number * 7 + index) % len(words)]
            catalog.append(
                polib.POEntry(msgctxt=entry.msgctxt, msgid=" ".join(tokens), msgstr=entry.msgstr)
            )
            queries.append(" ".join(tokens[:-1] + ["meanwhile"]))
        catalog.append(
            polib.POEntry(
                msgid=f"Release number {number} of the archive.",
                msgstr=f"Мұрағаттың {number}-шығарылымы.",
            )
        )
        catalog.save(str(po(project, "kk", f"2023-04-{number:02d}-archive")))
    return sorted(set(queries))[::7] + [UNRELATED, EDITED, SOURCE]


@pytest.mark.parametrize("compacted", [False, True])
def test_the_index_finds_the_same_before_and_after_compaction(
    project, tmp_path, monkeypatch, compacted
):
    """The word index in arrays (after a compaction) and in rows (texts added since) finds the same
    matches, cold and after catalogs changed or went away, as a memory built cold from the result."""
    from pressflow.catalog import memory_store

    queries = write_archive_catalogs(project, 12)
    age_catalogs(project)
    config = load_config(project)
    monkeypatch.setattr(memory_store, "_COMPACT_MIN", 10**9)  # never compacted: every posting a row
    rows = load_memory(config, "kk", reuse=False)
    assert rows.report.indexed
    expected = [rows.lookup(query) for query in queries]
    assert sum(match is not None and not match.exact for match in expected) > len(queries) // 2
    other = tmp_path / "other"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns(CACHE_DIR))
    if compacted:  # compacted at once: every posting in arrays
        monkeypatch.setattr(memory_store, "_COMPACT_MIN", 0)
    other_config = load_config(other)
    assert [
        load_memory(other_config, "kk", reuse=False).lookup(query) for query in queries
    ] == expected
    with contextlib.closing(sqlite3.connect(other / CACHE_DIR / "memory-kk.sqlite")) as database:
        counts = [
            database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("words", "recent")
        ]
    assert (counts[0] > 0, counts[1] > 0) == ((True, False) if compacted else (False, True))

    # Catalogs deleted and changed: texts leave the index (in arrays, they stay until the next compaction).
    for tree in (project, other):
        for number in (1, 4, 7):
            po(tree, "kk", f"2023-04-{number:02d}-archive").unlink()
        changed = polib.pofile(str(po(tree, "kk", "2023-04-02-archive")))
        changed[0].msgstr = "Өзгертілген аударма."
        changed.save()
    monkeypatch.setattr(memory_store, "_COMPACT_MIN", 10**9)  # whatever the last compaction left
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(CACHE_DIR))
    expected = [load_memory(load_config(fresh), "kk").lookup(query) for query in queries]
    assert [load_memory(config, "kk").lookup(query) for query in queries] == expected
    assert [load_memory(other_config, "kk").lookup(query) for query in queries] == expected


def test_a_cold_memory_read_and_indexed_by_workers_is_the_serial_one(project, monkeypatch):
    from pressflow.catalog import memory, memory_store
    from pressflow.core import workers

    queries = write_archive_catalogs(project, 6)
    config = load_config(project)
    serial = load_memory(config, "kk", reuse=False)
    expected, count = [serial.lookup(query) for query in queries], len(serial)
    close_stores()
    database = project / CACHE_DIR / "memory-kk.sqlite"
    index = _words(database)
    database.unlink()
    monkeypatch.setattr(memory, "_CATALOGS_PER_WORKER", 1)
    monkeypatch.setattr(memory_store, "_TEXTS_PER_WORKER", 1)  # the compaction too
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(memory_store, "cores", lambda: 2)
    forked = load_memory(config, "kk", reuse=False)
    assert forked.report.parsed == 7 and len(forked) == count
    assert [forked.lookup(query) for query in queries] == expected
    close_stores()
    assert _words(database) == index and len(index) > 100


def _words(database: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute(
            "SELECT word, lengths, numbers FROM words ORDER BY word"
        ).fetchall()


def test_a_cache_that_cannot_be_written_leaves_the_memory_in_this_process(project, monkeypatch):
    """A read-only checkout (or a cache folder that is a file): the memory is built in memory, whole."""
    from pressflow.catalog import memory_store

    config = load_config(project)
    expected = load_memory(config, "kk", reuse=False).lookup(EDITED)
    close_stores()
    shutil.rmtree(project / CACHE_DIR)
    (project / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    memory = load_memory(config, "kk", reuse=False)
    assert memory.lookup(EDITED) == expected and memory.lookup(SOURCE).exact
    assert not memory._store.persistent and memory.report.parsed == 1

    def refused(path, wal=True):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(memory_store.MemoryStore, "_connect", staticmethod(refused))
    (project / CACHE_DIR).unlink()
    assert load_memory(config, "kk", reuse=False).lookup(EDITED) == expected
