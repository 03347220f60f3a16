"""Catalogs as Weblate commits them, read and kept by pressflow (README, "Translating in Weblate").

Weblate reads and writes PO files with translate-toolkit (`translate.storage.pypo`): a saved
translation is re-quoted by its wrapper at the component's *Long lines wrapping* width, a
translator's save clears the fuzzy flag and the previous text, and a commit updates the header's
Last-Translator, Language-Team, PO-Revision-Date, X-Generator and Plural-Forms (Weblate's own
spelling), with the *Contributors in comment* add-on's lines above it. `weblate_commit` does the
same with translate-toolkit, as Weblate's PoFormat and PoUnit do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_ID, gettext_tool, msgfmt_check
from test_update_check import edit_the_english
from translate.storage import pypo

CATALOGS = [
    f"locales/{language}/LC_MESSAGES/{domain}.po"
    for language in ("kk", "ru")
    for domain in (SEED_ID, "pressflow")
]
# Weblate's plural rules (WeblateOrg/language-data), spelled otherwise than Babel's.
WEBLATE_PLURALS = {
    "kk": "nplurals=2; plural=n != 1;",
    "ru": "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
    "n%100>=20) ? 1 : 2;",
}
TEAMS = {"kk": "Kazakh", "ru": "Russian"}


def weblate_commit(path: Path, language: str, width: int) -> bytes:
    """Save every translation of the catalog in Weblate (confirming the fuzzy ones), then commit
    it: the file as Weblate writes it."""
    store = pypo.pofile(width=width)
    store.parse(path.read_bytes())
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        # Saving a translation sets it again: translate-toolkit re-quotes it with its wrapper.
        unit.target = list(unit.target.strings) if unit.hasplural() else str(unit.target)
        if unit.isfuzzy():  # PoUnit.set_state: "Translated" drops the flag and the previous text
            unit.markfuzzy(False)
            unit.prev_msgid, unit.prev_msgid_plural, unit.prev_msgctxt = [], [], []
    store.updateheader(
        add=True,
        last_translator="Aigerim Nurlanovna <aigerim@example.org>",
        language=language,
        plural_forms=WEBLATE_PLURALS[language],
        language_team=f"{TEAMS[language]} <https://weblate.example.org/projects/press/>",
        po_revision_date="2024-05-20 10:15+0500",
        x_generator="Weblate 5.13",
    )
    store.header().addnote("Aigerim Nurlanovna <aigerim@example.org>, 2024.", origin="translator")
    data = bytes(store)
    path.write_bytes(data)
    return data


def header(data: bytes) -> dict[str, str]:
    return dict(pypo.pofile.parsestring(data).parseheader())


@pytest.mark.parametrize(
    ("wrap", "weblate_width", "msgcat_width"),
    [(0, 65535, "--no-wrap"), (79, 77, "--width=79")],
    ids=["no-wrap", "default"],
)
def test_what_weblate_commits_is_read_and_kept(project, cli, wrap, weblate_width, msgcat_width):
    config = project / "pressflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("wrap = 79", f"wrap = {wrap}"), "utf-8"
    )
    assert f"wrap = {wrap}\n" in config.read_text(encoding="utf-8")
    assert cli("update", "-C", project).exit_code == 0  # the catalogs at this project's wrapping
    # The press officer corrects the English: the message is fuzzy in both languages, the
    # translators confirm it in Weblate, and Weblate commits.
    edit_the_english(project)
    assert cli("update", "-C", project).exit_code == 0
    kk = project / CATALOGS[0]
    assert "#| msgid" in kk.read_text(encoding="utf-8")
    committed = {
        name: weblate_commit(project / name, name.split("/")[1], weblate_width) for name in CATALOGS
    }
    assert "X-Generator: Weblate 5.13" in kk.read_text(encoding="utf-8")

    # pressflow reads Weblate's files as they are.
    for name in CATALOGS:
        assert msgfmt_check(project / name).returncode == 0, name
    status = json.loads(cli("status", "--json", "-C", project).stdout)
    for language in ("kk", "ru"):
        stats = status["releases"][0]["languages"][language]
        assert (stats["translated"], stats["fuzzy"], stats["percent"]) == (39, 0, 100.0)
    checked = cli("check", "-C", project)
    assert checked.exit_code == 0, checked.output

    # The next update leaves Weblate's header, comments and translations; it changes a line only
    # where GNU msgcat changes the same file, and with matching wrapping not a byte.
    expected = {
        name: gettext_tool("msgcat", msgcat_width, project / name).stdout.encode()
        for name in CATALOGS
    }
    assert cli("update", "-C", project).exit_code == 0
    after = {name: (project / name).read_bytes() for name in CATALOGS}
    assert after == expected
    if wrap == 0:
        assert after == committed
    for name in CATALOGS:
        text = after[name].decode()
        assert text.startswith('# Aigerim Nurlanovna <aigerim@example.org>, 2024.\nmsgid ""\n')
        assert header(after[name]) == header(committed[name])  # Weblate's, field for field
        assert header(after[name])["Plural-Forms"] == WEBLATE_PLURALS[name.split("/")[1]]
        assert "#, fuzzy" not in text and "#| msgid" not in text
    # And nothing is left for CI to flag.
    assert cli("update", "--check", "-C", project).exit_code == 0
