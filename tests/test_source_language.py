"""A press office that drafts in Russian: English and Kazakh are the translations (docs/design.md, "Configuration")."""

from __future__ import annotations

import subprocess

import polib
from test_build import Outline

RELEASE = """---
title: Члены ЦИК провели серию встреч с международными наблюдателями
date: 2023-03-17
source: МИД Республики Казахстан
---

## О встрече с наблюдателями МПА СНГ

Казахстан традиционно придаёт большое значение широкому привлечению международных наблюдателей.
"""


def test_russian_source_project_extracts_updates_and_builds(tmp_path, cli):
    (tmp_path / "pressflow.toml").write_text(
        'source_language = "ru"\nlanguages = ["ru", "en", "kk"]\n', encoding="utf-8"
    )
    folder = tmp_path / "releases" / "2023-03-17-nabliudateli"
    folder.mkdir(parents=True)
    (folder / "release.md").write_text(RELEASE, encoding="utf-8")
    assert cli("update", "-C", tmp_path).exit_code == 0
    locales = tmp_path / "locales"
    assert sorted(p.name for p in locales.iterdir()) == [
        "2023-03-17-nabliudateli.pot",
        "en",
        "kk",
        "pressflow.pot",
    ]
    english = polib.pofile(str(locales / "en/LC_MESSAGES/2023-03-17-nabliudateli.po"))
    assert english.metadata["Language"] == "en"
    assert english.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    title = english.find(
        "Члены ЦИК провели серию встреч с международными наблюдателями", msgctxt="title"
    )
    title.msgstr = "CEC Members Held a Series of Meetings with International Observers"
    english.save()

    result = cli("build", "-C", tmp_path)
    assert result.exit_code == 0, result.output
    dist = tmp_path / "dist" / "2023-03-17-nabliudateli"
    ru = Outline((dist / "2023-03-17-nabliudateli.ru.html").read_text(encoding="utf-8"))
    assert ru.lang == "ru" and ru.untranslated_langs == []
    en = Outline((dist / "2023-03-17-nabliudateli.en.html").read_text(encoding="utf-8"))
    assert en.h1 == "CEC Members Held a Series of Meetings with International Observers"
    assert en.untranslated_langs == [
        "ru",
        "ru",
        "ru",
    ]  # heading, paragraph, source line fall back to Russian
    text = subprocess.run(
        ["pdftotext", str(dist / "2023-03-17-nabliudateli.en.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "March 17, 2023" in text and "Казахстан традиционно" in " ".join(text.split())
