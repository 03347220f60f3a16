"""Front-matter fields as translators expect them: tags translated everywhere they are shown,
contacts and corrections known by a key of their own (not their place in the list), contact
details checked in the source."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
from conftest import msgfmt_check
from pypdf import PdfReader
from test_site import ATOM

RELEASE = "2024-05-20-consultations"
SOURCE = """---
title: Consultations with the OSCE
date: 2024-05-20
contacts:
  - name: Press Service
    role: Media enquiries
    email: press@example.org
tags:
  - elections
  - observers
---

Consultations took place in Astana.
"""
KK = {
    ("title", "Consultations with the OSCE"): "ЕҚЫҰ-мен консультациялар",
    (None, "Consultations took place in Astana."): "Астанада консультациялар өтті.",
    ("contacts[press@example.org].name", "Press Service"): "Баспасөз қызметі",
    ("contacts[press@example.org].role", "Media enquiries"): "БАҚ сауалдары",
    ("tag", "elections"): "сайлау",
    ("tag", "observers"): "байқаушылар",
}


def write_release(project: Path, text: str = SOURCE) -> Path:
    path = project / "releases" / RELEASE / "release.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def translate(project: Path, translations: dict, language: str = "kk") -> Path:
    path = project / f"locales/{language}/LC_MESSAGES/{RELEASE}.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if (entry.msgctxt, entry.msgid) in translations:
            entry.msgstr = translations[entry.msgctxt, entry.msgid]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    return path


def states(path: Path) -> dict:
    return {
        (entry.msgctxt, entry.msgid): (
            "fuzzy" if entry.fuzzy else "translated" if entry.msgstr else "untranslated"
        )
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }


def test_tags_are_translated_in_the_page_the_pdf_the_feed_and_ninjs(site_project, cli, quick_pdf):
    project = site_project
    write_release(project)
    assert cli("update", "-C", project).exit_code == 0
    pot = polib.pofile(str(project / f"locales/{RELEASE}.pot"))
    assert [(entry.msgctxt, entry.msgid) for entry in pot if entry.msgctxt == "tag"] == [
        ("tag", "elections"),
        ("tag", "observers"),
    ]
    po = translate(project, KK)
    assert msgfmt_check(po).returncode == 0

    assert cli("build", RELEASE, "-C", project, "-l", "kk").exit_code == 0
    html = (project / f"dist/{RELEASE}/{RELEASE}.kk.html").read_text(encoding="utf-8")
    assert '<meta name="keywords" content="сайлау, байқаушылар">' in html
    assert "сайлау, байқаушылар</p>" in html and "elections" not in html.split("<body>")[1]
    info = PdfReader(project / f"dist/{RELEASE}/{RELEASE}.kk.pdf").metadata
    assert info["/Keywords"] == "сайлау, байқаушылар"

    for command in (
        ("mark", RELEASE, "translation"),
        ("mark", RELEASE, "review"),
        ("approve", RELEASE, "-l", "kk"),
        ("mark", RELEASE, "approved"),
        ("publish", RELEASE),
    ):
        result = cli(*command, "-C", project)
        assert result.exit_code == 0, (command, result.output)
    assert cli("site", "-C", project, "--now", "2024-06-01T10:00").exit_code == 0
    feed = ET.parse(project / "public/kk/feed.xml").getroot()
    categories = [(c.get("term"), c.get("label")) for c in feed.iter(f"{ATOM}category")]
    assert categories == [("elections", "сайлау"), ("observers", "байқаушылар")]
    item = json.loads(
        (project / f"public/kk/{RELEASE}/{RELEASE}.ninjs.json").read_text(encoding="utf-8")
    )
    assert item["subjects"] == [
        {"name": "сайлау", "literal": "elections"},
        {"name": "байқаушылар", "literal": "observers"},
    ]


def test_inserting_a_contact_leaves_the_others_translated(project, cli):
    path = write_release(project)
    assert cli("update", "-C", project, "-l", "kk").exit_code == 0
    po = translate(project, KK)
    before = states(po)
    path.write_text(
        SOURCE.replace(
            "contacts:\n",
            "contacts:\n  - name: Aigerim Sadykova\n    role: Spokesperson\n"
            "    phone: +7 701 000 00 00\n",
        ),
        encoding="utf-8",
    )
    assert cli("update", "-C", project, "-l", "kk").exit_code == 0
    after = states(po)
    assert {key: after[key] for key in before} == before  # nothing fuzzy, nothing lost
    assert after[("contacts[+7 701 000 00 00].name", "Aigerim Sadykova")] == "untranslated"


def test_catalogs_keyed_by_position_keep_their_translations(project, cli):
    """Catalogs written before contacts had keys (`contacts.0.name`) are carried over, not fuzzy."""
    write_release(project)
    assert cli("update", "-C", project, "-l", "kk").exit_code == 0
    po = translate(project, KK)
    text = po.read_text(encoding="utf-8").replace("contacts[press@example.org]", "contacts.0")
    po.write_text(text, encoding="utf-8")
    assert cli("update", "-C", project, "-l", "kk").exit_code == 0
    catalog = polib.pofile(str(po))
    role = catalog.find("Media enquiries", msgctxt="contacts[press@example.org].role")
    assert (role.msgstr, role.fuzzy) == ("БАҚ сауалдары", False)
    assert not [entry for entry in catalog if entry.obsolete]


def test_contact_emails_and_phones_are_checked_in_the_source(project, cli):
    write_release(
        project,
        SOURCE.replace("email: press@example.org", "email: press@example\n    phone: 123-45"),
    )
    result = cli("status", "-C", project)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"releases/{RELEASE}/release.md:7: 'contacts.0.email' 'press@example' is not an email address: write it as "
        f"name@example.org",
        f"releases/{RELEASE}/release.md:8: 'contacts.0.phone' '123-45' is not a phone number: write it with its "
        f"country code, such as +7 7172 72 00 00",
    ]
