"""`pressflow tm export`: the translation memory as TMX 1.4, read back with ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import polib
from conftest import SEED_ID
from test_memory import XML_LANG, po, seed_translation, tu_structure

HOSTILE = "Миссия & <b>\"ЕҚЫҰ\"</b> ]]> 'x'"


def pairs(path) -> dict[str, dict[str, str]]:
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attribute), attribute
    result = {}
    for tu in root.find("body"):
        assert tu_structure(tu)
        source, *targets = tu.findall("tuv")
        assert source.get(XML_LANG) == header.get("srclang")
        result[source.find("seg").text] = {
            tuv.get(XML_LANG): tuv.find("seg").text for tuv in targets
        }
    return result


def test_tm_export_writes_every_translated_pair(project, cli, tmp_path):
    path = po(project, "ru", SEED_ID)
    catalog = polib.pofile(str(path))
    hostile = next(entry for entry in catalog if entry.msgctxt is None and entry.msgstr)
    hostile.msgstr = HOSTILE
    fuzzy = next(
        entry
        for entry in catalog
        if entry.msgctxt is None and entry.msgstr and entry is not hostile
    )
    fuzzy.flags.append("fuzzy")
    catalog.save()
    out = tmp_path / "out.tmx"

    result = cli("tm", "export", "-C", project, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out}: 39 units (kk 39, ru 38)")
    found = pairs(out)
    assert found[hostile.msgid]["ru"] == HOSTILE  # escaped on the way out, whole on the way back
    assert "ru" not in found[fuzzy.msgid]  # a fuzzy translation is not a translation
    title = "CEC Members Held a Series of Meetings with International Observers"
    assert found[title] == {lang: seed_translation(project, lang, title) for lang in ("kk", "ru")}

    first = out.read_bytes()
    again = cli("tm", "export", "-C", project, "-o", out)
    assert again.exit_code == 0 and again.stdout.startswith(f"unchanged {out}")
    assert out.read_bytes() == first  # reproducible: no clock in it


def test_tm_export_of_one_language(project, cli, tmp_path):
    out = tmp_path / "kk.tmx"
    result = cli("tm", "export", "-C", project, "-o", out, "--language", "kk")
    assert result.exit_code == 0, result.output
    assert {lang for targets in pairs(out).values() for lang in targets} == {"kk"}


def test_tm_export_refuses_what_it_cannot_do(project, cli, tmp_path):
    out = tmp_path / "x.tmx"
    for args, message in (
        (["--format", "csv"], "unknown format 'csv': the memory exports as tmx"),
        (["-l", "en"], "en is the source language: name a target language, one of kk, ru"),
        (["-l", "de"], "unknown language de"),
    ):
        result = cli("tm", "export", "-C", project, "-o", out, *args)
        assert result.exit_code == 2 and message in result.stderr, result.output
    assert not out.exists()
