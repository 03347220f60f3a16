"""The press officer's story (issue 2, story 3): edit one paragraph, update, status, build."""

from __future__ import annotations

import json
import subprocess

import polib
from conftest import SEED_ID, tree_bytes
from test_build import Outline
from test_merge import EDITED, edit_release


def test_one_edited_paragraph_flows_to_status_and_bulletins(project, cli):
    before = {
        lang: polib.pofile(str(project / f"locales/{lang}/LC_MESSAGES/{SEED_ID}.po"))
        for lang in ("kk", "ru")
    }
    edit_release(project, *EDITED)
    assert cli("update", "-C", project).exit_code == 0

    for lang, old in before.items():
        new = polib.pofile(str(project / f"locales/{lang}/LC_MESSAGES/{SEED_ID}.po"))
        old_entries = {(e.msgctxt, e.msgid): e.msgstr for e in old}
        changed = [e for e in new if old_entries.get((e.msgctxt, e.msgid)) != e.msgstr or e.fuzzy]
        assert (
            len(changed) == 1
            and changed[0].fuzzy
            and changed[0].previous_msgid.startswith(EDITED[0])
        )
        assert len(new) == len(old)

    status = json.loads(cli("status", "--json", "-C", project).stdout)["releases"][0]["languages"]
    for lang in ("kk", "ru"):
        assert status[lang]["fuzzy"] == 1 and status[lang]["percent"] < 100
    assert cli("status", "-C", project, "--fail-under", "100").exit_code == 1

    result = cli("build", "-C", project)
    assert result.exit_code == 0
    percent = status["kk"]["percent"]
    assert f"kk.pdf (translated {percent:.1f}%)" in result.stdout
    dist = project / "dist" / SEED_ID
    kk_html = (dist / f"{SEED_ID}.kk.html").read_text(encoding="utf-8")
    outline = Outline(kk_html)
    assert outline.untranslated_langs == ["en"]
    assert 'class="translation-notice"' in kk_html
    assert f"{percent:.1f}".replace(".", ",") in kk_html  # Kazakh writes 97,4 %
    assert EDITED[1] in kk_html  # the new English text stands in for the stale translation
    pdf = subprocess.run(
        ["pdftotext", str(dist / f"{SEED_ID}.kk.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = pdf.split("\f")[:-1]
    assert all(
        "Аударма толық емес" in page for page in pages
    )  # "Translation incomplete" on every page
    assert EDITED[1][:40] in " ".join(pdf.split())

    # Nothing changed since: a second update leaves every catalog byte-identical.
    snapshot = tree_bytes(project / "locales")
    assert cli("update", "-C", project).exit_code == 0
    assert tree_bytes(project / "locales") == snapshot
