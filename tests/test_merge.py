"""`pressflow update` against GNU msgmerge on the same inputs (docs/design.md, "Messages and catalogs")."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import polib
import pytest
from conftest import SEED_ID, SHARED, gettext_tool, msgcat, msgfmt_check, tree_bytes

from pressflow.catalog.merge import merge
from pressflow.catalog.po import header_fields, new_catalog, read_catalog
from pressflow.catalog.po_format import format_catalog

RELEASE = f"releases/{SEED_ID}/release.md"
PO = f"locales/kk/LC_MESSAGES/{SEED_ID}.po"
POT = f"locales/{SEED_ID}.pot"

EDITED = (
    "During the meeting, the observers were informed about the main stages",
    "During the meeting, the observers were briefed on the main stages",
)
INSERTED = "The meeting took place in a friendly and constructive atmosphere.\n\n"
REMOVED = (
    "The free discussion at the round table demonstrated the interest of Hong Kong experts and "
    "foreign diplomats in the upcoming parliamentary elections in Kazakhstan.\n\n"
)


def outcome(path: Path) -> dict:
    """Each entry's state, translation and recalled source: what a translator sees."""
    states = {}
    for entry in polib.pofile(str(path)):
        state = (
            "obsolete"
            if entry.obsolete
            else "fuzzy"
            if entry.fuzzy
            else ("translated" if entry.msgstr else "untranslated")
        )
        states[(entry.msgctxt, entry.msgid)] = (
            state,
            entry.msgstr,
            entry.previous_msgid,
            entry.tcomment,
        )
    return states


def edit_release(project: Path, old: str, new: str) -> None:
    path = project / RELEASE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def update_and_compare(project: Path, cli) -> dict:
    """Run `pressflow update` and `msgmerge --previous` from the same old PO; return pressflow's outcome."""
    old_po = project / "old.po"
    shutil.copy(project / PO, old_po)
    result = cli("update", "-C", project)
    assert result.exit_code == 0, result.output
    reference = gettext_tool("msgmerge", "--previous", "--quiet", old_po, project / POT).stdout
    (project / "reference.po").write_text(reference, encoding="utf-8")
    ours = outcome(project / PO)
    assert ours == outcome(project / "reference.po")
    return ours


def test_edited_paragraph_becomes_fuzzy_with_previous_msgid(project, cli):
    edit_release(project, *EDITED)
    states = update_and_compare(project, cli)
    changed = [key for key, value in states.items() if value[0] != "translated"]
    assert len(changed) == 1
    state, msgstr, previous, _ = states[changed[0]]
    assert state == "fuzzy" and previous.startswith(EDITED[0]) and msgstr


def test_inserted_paragraph_is_untranslated(project, cli):
    anchor = "## In Hong Kong"
    edit_release(project, anchor, INSERTED + anchor)
    states = update_and_compare(project, cli)
    assert states[(None, INSERTED.strip())][0] == "untranslated"
    assert sum(value[0] == "translated" for value in states.values()) == len(states) - 1


def test_removed_paragraph_becomes_obsolete_and_revives(project, cli):
    original = (project / RELEASE).read_text(encoding="utf-8")
    edit_release(project, REMOVED, "")
    states = update_and_compare(project, cli)
    assert states[(None, REMOVED.strip())][0] == "obsolete"
    (project / RELEASE).write_text(original, encoding="utf-8")
    states = update_and_compare(project, cli)
    assert states[(None, REMOVED.strip())][0] == "translated"
    assert all(value[0] == "translated" for value in states.values())


def test_an_edit_reverted_gets_its_translation_back_not_fuzzy(project, cli):
    """msgmerge leaves the entry fuzzy (its `#|` equal to its msgid); the translation was made for
    this very text, so pressflow restores it as it was."""
    original = (project / RELEASE).read_text(encoding="utf-8")
    before = outcome(project / PO)
    edit_release(project, *EDITED)
    assert cli("update", "-C", project).exit_code == 0
    assert sum(value[0] == "fuzzy" for value in outcome(project / PO).values()) == 1
    (project / RELEASE).write_text(original, encoding="utf-8")
    assert cli("update", "-C", project).exit_code == 0
    assert outcome(project / PO) == before
    assert msgfmt_check(project / PO).returncode == 0
    # As msgmerge does, a source changed again (not back) keeps the translation fuzzy, from the same text.
    edit_release(project, *EDITED)
    assert cli("update", "-C", project).exit_code == 0
    edit_release(
        project, EDITED[1], "During the meeting, the observers heard about the main stages"
    )
    assert cli("update", "-C", project).exit_code == 0
    fuzzy = [value for value in outcome(project / PO).values() if value[0] == "fuzzy"]
    assert len(fuzzy) == 1 and fuzzy[0][2].startswith(EDITED[0])


def test_translator_comments_survive_an_edit(project, cli):
    catalog = polib.pofile(str(project / PO))
    entry = next(entry for entry in catalog if entry.msgid.startswith(EDITED[0]))
    entry.tcomment = "checked against the Russian version"
    catalog.save()
    edit_release(project, *EDITED)
    states = update_and_compare(project, cli)
    fuzzy = [value for value in states.values() if value[0] == "fuzzy"]
    assert fuzzy[0][3] == "checked against the Russian version"


def test_second_update_changes_no_byte(project, cli):
    edit_release(project, *EDITED)
    assert cli("update", "-C", project).exit_code == 0
    before = tree_bytes(project / "locales")
    result = cli("update", "-C", project)
    assert result.exit_code == 0
    assert "up to date" in result.output
    assert tree_bytes(project / "locales") == before


def test_written_catalogs_pass_msgfmt_and_msgcat(project, cli):
    edit_release(project, *EDITED)
    edit_release(project, REMOVED, "")
    assert cli("update", "-C", project).exit_code == 0
    for path in sorted((project / "locales").rglob("*.po*")):
        check = msgfmt_check(path)
        assert check.returncode == 0, check.stderr
        if path.suffix == ".po":
            assert check.stderr == "", check.stderr  # not even a warning
        assert msgcat(path) == path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("variant", ["crlf", "bom", "cp1251"])
def test_catalog_in_another_encoding_is_read_and_written_back_as_utf8(project, cli, variant):
    path = project / "locales/ru/LC_MESSAGES/pressflow.po"
    assert cli("update", "-C", project).exit_code == 0
    original = path.read_bytes()
    if variant == "crlf":
        path.write_bytes(original.replace(b"\n", b"\r\n"))
    elif variant == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + original)
    else:  # as an old Windows editor saved Russian catalogs
        path.write_bytes(
            original.decode("utf-8").replace("charset=UTF-8", "charset=CP1251").encode("cp1251")
        )
    assert cli("update", "-C", project).exit_code == 0
    assert path.read_bytes() == original


def test_no_wrap_projects_write_what_msgcat_no_wrap_writes(project, cli):
    config = project / "pressflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("wrap = 79", "wrap = 0"), encoding="utf-8"
    )
    assert cli("update", "-C", project).exit_code == 0
    path = project / PO
    text = path.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) > 200  # paragraphs on one line each
    assert msgcat(path, width=0) == text


REAL_CATALOGS = sorted((SHARED / "corpus" / "po").rglob("*.po")) if SHARED.is_dir() else []


def _states(catalog: polib.POFile) -> dict:
    states = {}
    for entry in catalog:
        if entry.msgid == "" and entry.msgctxt is None:
            continue
        has = bool(entry.msgstr or any(entry.msgstr_plural.values()))
        state = (
            "obsolete"
            if entry.obsolete
            else "fuzzy"
            if entry.fuzzy and has
            else ("translated" if has else "untranslated")
        )
        states[(entry.msgctxt, entry.msgid, entry.obsolete)] = (
            state,
            entry.msgstr,
            sorted(entry.msgstr_plural.items()),
            None if entry.obsolete else entry.previous_msgid,
        )
    return states


@pytest.mark.skipif(not REAL_CATALOGS, reason="../shared/corpus/po is not beside the repository")
@pytest.mark.parametrize("path", REAL_CATALOGS, ids=lambda path: "/".join(path.parts[-3:]))
def test_merge_agrees_with_msgmerge_on_real_catalogs(tmp_path, path: Path):
    """A new template with a tenth of the messages edited, some removed, some added."""
    old = read_catalog(path)
    rng = random.Random(path.name)
    template = new_catalog(header_fields(None, "x", "2024-01-01 00:00+0000"))
    for entry in (entry for entry in old if not entry.obsolete):
        roll = rng.random()
        if roll < 0.05:
            continue
        wanted = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
            occurrences=entry.occurrences,
            comment=entry.comment,
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        )
        words = wanted.msgid.split(" ")
        if roll < 0.15 and len(words) > 3:
            index = rng.randrange(len(words))
            words[index] = words[index].upper()
            wanted.msgid = " ".join(words)
        template.append(wanted)
        if roll > 0.97:
            template.append(polib.POEntry(msgid=f"A new message number {len(template)}", msgstr=""))
    (tmp_path / "new.pot").write_text(format_catalog(template), encoding="utf-8")
    shutil.copy(path, tmp_path / "old.po")
    reference = gettext_tool(
        "msgmerge", "--previous", "--quiet", tmp_path / "old.po", tmp_path / "new.pot"
    ).stdout
    (tmp_path / "reference.po").write_text(reference, encoding="utf-8")
    ours = merge(old, read_catalog(tmp_path / "new.pot"), "ru")
    assert _states(ours) == _states(polib.pofile(str(tmp_path / "reference.po")))
