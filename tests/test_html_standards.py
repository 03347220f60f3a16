"""The HTML bulletins against the standards: valid HTML5 and CSS (the Nu HTML Checker, vnu)
and accessible (axe-core in headless Chromium, WCAG 2 A and AA plus axe's best practices).

Checked: the repository's example release, and a showcase release using everything the
templates can show (subtitle, location, summary, contacts with email and phone, tags, an
embargo, corrections, a logo, a preview image, a figure with alt text and caption, lists, a
quote, links), its Kazakh catalog partly untranslated so that fallback marks appear.

The tools come from `scripts/setup.sh test`: Java (vnu.jar runs on it), the npm packages pinned
in package-lock.json (vnu-jar, playwright-core, axe-core) and Debian's Chromium.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import warnings
import zlib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

import polib
import pytest
from conftest import EXAMPLE_IDS, REPO
from typer.testing import CliRunner

from pressflow.cli import app

NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_CHECK = REPO / "scripts" / "axe-check.mjs"
CHROMIUM = Path("/usr/bin/chromium")
SETUP = "run `scripts/setup.sh test` (CI does)"
LANGUAGES = ("en", "kk", "ru")

SHOWCASE_ID = "2024-05-20-observation-programme"
SHOWCASE_CONFIG = """\
source_language = "en"
languages = ["en", "kk", "ru"]
timezone = "Asia/Almaty"
base_url = "https://press.example.org/"

[organization]
en = "Ministry of Foreign Affairs of the Republic of Kazakhstan"
kk = "Қазақстан Республикасы Сыртқы істер министрлігі"
ru = "Министерство иностранных дел Республики Казахстан"
logo = "logo.svg"
"""
SHOWCASE_RELEASE = """\
---
title: Kazakhstan and the OSCE Agree on an Election Observation Programme
subtitle: Joint statement after consultations in Astana
date: 2024-05-20
location: Astana
summary: The Ministry and the OSCE agreed how observers will follow the autumn elections.
source: Press Service of the Ministry of Foreign Affairs
image: delegations.png
contacts:
  - name: Press Service
    role: Media enquiries
    email: press@example.org
    phone: +7 7172 72 05 18
  - name: Aigerim Sadykova
    role: Spokesperson
    phone: +7 701 000 00 00
tags: [elections, OSCE, observers]
embargo: 2024-05-20T10:00
corrections:
  - date: 2024-05-21
    note: The name of the OSCE office has been corrected.
---

Consultations between the [Ministry of Foreign Affairs](https://www.gov.kz/memleket/entities/mfa)
and the OSCE took place in Astana on *20 May*.

![Heads of the two delegations at the negotiating table](delegations.png "The delegations in Astana")

## What the parties agreed

The programme covers:

- the dates on which the observers arrive;
- their access to polling stations;
- a joint briefing after the vote.

The steps, in order:

1. accreditation of the observers;
2. meetings with the Central Election Commission;
3. publication of the final report.

> We value the openness of our partners and the quality of the preparations.

### Next steps

The full programme is **published** on the Ministry's website.
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#00587a"/></svg>\n'
LINK = "[Ministry of Foreign Affairs](https://www.gov.kz/memleket/entities/mfa)"
FIRST_PARAGRAPH = f"Consultations between the {LINK} and the OSCE took place in Astana on *20 May*."

# (msgctxt, msgid) → msgstr. Russian is complete; Kazakh leaves the subtitle, the source, a
# contact's role, the correction, the image's alt text, a paragraph, a list item and the quote
# untranslated, and one list item fuzzy: each shown in English and marked.
TRANSLATIONS = {
    "kk": {
        (
            "title",
            "Kazakhstan and the OSCE Agree on an Election Observation Programme",
        ): "Қазақстан мен ЕҚЫҰ сайлауды бақылау бағдарламасын келісті",
        ("location", "Astana"): "Астана",
        (
            "summary",
            "The Ministry and the OSCE agreed how observers will follow the autumn elections.",
        ): "Министрлік пен ЕҚЫҰ бақылаушылардың күзгі сайлауды қалай бақылайтынын келісті.",
        ("contacts[press@example.org].name", "Press Service"): "Баспасөз қызметі",
        ("contacts[+7 701 000 00 00].name", "Aigerim Sadykova"): "Әйгерім Садықова",
        ("contacts[+7 701 000 00 00].role", "Spokesperson"): "Ресми өкіл",
        ("tag", "elections"): "сайлау",
        ("tag", "OSCE"): "ЕҚЫҰ",
        ("tag", "observers"): "байқаушылар",
        (
            None,
            FIRST_PARAGRAPH,
        ): "Астанада *20 мамырда* [Сыртқы істер министрлігі](https://www.gov.kz/memleket/entities/mfa) "
        "мен ЕҚЫҰ арасында консультациялар өтті.",
        (None, "The delegations in Astana"): "Астанадағы делегациялар",
        (None, "What the parties agreed"): "Тараптар не туралы келісті",
        (None, "the dates on which the observers arrive;"): "бақылаушылардың келу күндері;",
        (None, "The steps, in order:"): "Қадамдар, ретімен:",
        (None, "accreditation of the observers;"): "бақылаушыларды аккредиттеу;",
        (
            None,
            "meetings with the Central Election Commission;",
        ): "Орталық сайлау комиссиясымен кездесулер;",
        (None, "publication of the final report."): "қорытынды есепті жариялау.",
        (None, "Next steps"): "Келесі қадамдар",
        (
            None,
            "The full programme is **published** on the Ministry's website.",
        ): "Толық бағдарлама Министрліктің сайтында **жарияланды**.",
    },
    "ru": {
        (
            "title",
            "Kazakhstan and the OSCE Agree on an Election Observation Programme",
        ): "Казахстан и ОБСЕ согласовали программу наблюдения за выборами",
        (
            "subtitle",
            "Joint statement after consultations in Astana",
        ): "Совместное заявление по итогам консультаций в Астане",
        ("location", "Astana"): "Астана",
        (
            "summary",
            "The Ministry and the OSCE agreed how observers will follow the autumn elections.",
        ): "Министерство и ОБСЕ договорились о том, как наблюдатели будут следить за осенними выборами.",
        (
            "source",
            "Press Service of the Ministry of Foreign Affairs",
        ): "Пресс-служба Министерства иностранных дел",
        ("contacts[press@example.org].name", "Press Service"): "Пресс-служба",
        ("contacts[press@example.org].role", "Media enquiries"): "Запросы СМИ",
        ("contacts[+7 701 000 00 00].name", "Aigerim Sadykova"): "Айгерим Садыкова",
        ("contacts[+7 701 000 00 00].role", "Spokesperson"): "Официальный представитель",
        (
            "corrections[2024-05-21].note",
            "The name of the OSCE office has been corrected.",
        ): "Исправлено название бюро ОБСЕ.",
        ("tag", "elections"): "выборы",
        ("tag", "OSCE"): "ОБСЕ",
        ("tag", "observers"): "наблюдатели",
        (
            None,
            FIRST_PARAGRAPH,
        ): "Консультации [Министерства иностранных дел](https://www.gov.kz/memleket/entities/mfa) "
        "и ОБСЕ состоялись в Астане *20 мая*.",
        (
            None,
            "Heads of the two delegations at the negotiating table",
        ): "Главы двух делегаций за столом переговоров",
        (None, "The delegations in Astana"): "Делегации в Астане",
        (None, "What the parties agreed"): "О чём договорились стороны",
        (None, "The programme covers:"): "Программа охватывает:",
        (None, "the dates on which the observers arrive;"): "даты прибытия наблюдателей;",
        (None, "their access to polling stations;"): "их доступ на избирательные участки;",
        (None, "a joint briefing after the vote."): "совместный брифинг после голосования.",
        (None, "The steps, in order:"): "Порядок действий:",
        (None, "accreditation of the observers;"): "аккредитация наблюдателей;",
        (
            None,
            "meetings with the Central Election Commission;",
        ): "встречи с Центральной избирательной комиссией;",
        (None, "publication of the final report."): "публикация итогового отчёта.",
        (
            None,
            "We value the openness of our partners and the quality of the preparations.",
        ): "Мы ценим открытость наших партнёров и качество подготовки.",
        (None, "Next steps"): "Дальнейшие шаги",
        (
            None,
            "The full programme is **published** on the Ministry's website.",
        ): "Полная программа **опубликована** на сайте министерства.",
    },
}
FUZZY = {"kk": {(None, "their access to polling stations;"): "сайлау учаскелеріне қолжетімділік;"}}

# A page each checker must fault (an image without a text alternative): proof that the
# checker really ran on the files, whatever it says of the bulletins.
CANARY = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Canary</title></head>
<body><main><h1>Canary</h1><p><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></p></main></body>
</html>
"""


def png(width: int, height: int) -> bytes:
    """A small solid PNG, standing in for a photo."""
    rows = b"".join(b"\x00" + bytes((40, 90, 120)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pressflow(*args: str | Path) -> None:
    result = CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, (
        f"pressflow {' '.join(map(str, args))} exited {result.exit_code}:\n{result.output}"
    )


def translate(catalog: Path, translations: dict, fuzzy: dict) -> None:
    po = polib.pofile(str(catalog), wrapwidth=79)
    wanted = {**translations, **fuzzy}
    found = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in wanted:
            entry.msgstr = wanted[key]
            if key in fuzzy:
                entry.flags.append("fuzzy")
            found.add(key)
    assert found == set(wanted), (
        f"{catalog.name} has no message {sorted(set(wanted) - found, key=str)}"
    )
    po.save()


def make_showcase(root: Path) -> None:
    folder = root / "releases" / SHOWCASE_ID
    folder.mkdir(parents=True)
    (root / "pressflow.toml").write_text(SHOWCASE_CONFIG, encoding="utf-8")
    (root / "logo.svg").write_text(LOGO, encoding="utf-8")
    (folder / "release.md").write_text(SHOWCASE_RELEASE, encoding="utf-8")
    (folder / "delegations.png").write_bytes(png(16, 10))
    pressflow("update", "-C", root)
    for language, translations in TRANSLATIONS.items():
        translate(
            root / "locales" / language / "LC_MESSAGES" / f"{SHOWCASE_ID}.po",
            translations,
            FUZZY.get(language, {}),
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[Path]]:
    """(the folder holding both projects, the HTML bulletins they build)."""
    base = tmp_path_factory.mktemp("standards")
    example = base / "example"
    example.mkdir()
    shutil.copy(REPO / "pressflow.toml", example)
    shutil.copytree(REPO / "releases", example / "releases")
    shutil.copytree(REPO / "locales", example / "locales")
    showcase = base / "showcase"
    make_showcase(showcase)
    for project in (example, showcase):
        pressflow("build", "-C", project, "-f", "html")
    files = sorted(base.glob("*/dist/*/*.html"))
    release_ids = {path.parent.name for path in files}
    assert len(files) == (len(EXAMPLE_IDS) + 1) * len(LANGUAGES) and SHOWCASE_ID in release_ids, (
        f"expected en, kk and ru bulletins of the example's releases and the showcase, built: {[str(f.relative_to(base)) for f in files]}"
    )
    # The showcase shows what it is meant to, or checking it proves less than it claims.
    kk = (showcase / "dist" / SHOWCASE_ID / f"{SHOWCASE_ID}.kk.html").read_text(encoding="utf-8")
    for needle in (
        'class="untranslated"',
        "<figure",
        'alt="Heads of the two delegations',
        "<figcaption",
        "<blockquote",
        "<ul",
        "<ol",
        'href="https://www.gov.kz/',
        "mailto:",
        "tel:",
    ):
        assert needle in kk, f"the Kazakh showcase bulletin has no {needle!r}"
    return base, files


@pytest.fixture(scope="module")
def canary(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("canary") / "canary.html"
    path.write_text(CANARY, encoding="utf-8")
    return path


def _shown(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _vnu_message(message: dict, base: Path) -> str:
    path = Path(unquote(urlparse(message.get("url", "")).path))
    line = message.get("firstLine", message.get("lastLine", "?"))
    column = message.get("firstColumn", "?")
    kind = message.get("subType") or message["type"]
    text = f"{_shown(path, base)}:{line}:{column}: {kind}: {message.get('message', '')}"
    if extract := message.get("extract"):
        text += "\n      " + extract.replace("\n", "↵")
    return text


def vnu_messages(files: list[Path], canary: Path) -> list[dict]:
    """The Nu HTML Checker's messages about `files`, once it faulted the `canary` page (proof that
    it checked anything)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"no `java` on PATH to run the Nu HTML Checker: {SETUP}")
    if not VNU_JAR.is_file():
        pytest.fail(f"no {VNU_JAR.relative_to(REPO)} (npm package vnu-jar): {SETUP}")
    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--also-check-css",
            "--stdout",
            *map(str, files),
            str(canary),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    try:
        messages = json.loads(run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu exited {run.returncode} without its JSON report:\n{run.stdout}\n{run.stderr}"
        )

    def is_canary(message: dict) -> bool:
        return unquote(urlparse(message.get("url", "")).path) == str(canary)

    assert any(m["type"] == "error" and is_canary(m) for m in messages), (
        f"vnu found no error in {canary}, which has an <img> without alt: is it checking anything?\n{run.stdout}"
    )
    return [m for m in messages if not is_canary(m)]


def test_vnu_valid_html5(built, canary):
    """Every bulletin is valid HTML5, its CSS valid CSS: no error from the Nu HTML Checker."""
    base, files = built
    messages = vnu_messages(files, canary)
    errors = [m for m in messages if m["type"] != "info"]  # "error" and "non-document-error"
    others = [m for m in messages if m["type"] == "info"]
    for message in others:
        print(_vnu_message(message, base))
    if warned := [m for m in others if m.get("subType") == "warning"]:
        warnings.warn(
            f"vnu: {len(warned)} warning(s) in the bulletins (shown with pytest -rP), the first: "
            f"{_vnu_message(warned[0], base)}",
            stacklevel=1,
        )
    assert not errors, (
        f"vnu found {len(errors)} error(s) in the bulletins (built in {base}):\n"
        + "\n".join(_vnu_message(m, base) for m in errors)
    )


def _axe_violation(result: dict, violation: dict, base: Path) -> str:
    lines = [
        f"{_shown(Path(result['file']), base)}: {violation['id']} ({violation['impact']}): "
        f"{violation['help']} <{violation['helpUrl'].split('?')[0]}>"
    ]
    for node in violation["nodes"]:
        html = " ".join(node["html"].split())
        html = html if len(html) <= 240 else html[:239] + "…"
        lines.append(f"    at {' '.join(map(str, node['target']))}: {html}")
        lines.extend(
            f"      {line.strip()}" for line in (node.get("summary") or "").splitlines()[1:]
        )
    return "\n".join(lines)


def browser_node(script: Path) -> str:
    """The `node` that runs `script` (a check in Chromium); skip where Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium ({CHROMIUM}) is not installed; `scripts/setup.sh test` installs it on Debian"
        )
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"no `node` on PATH to run {script.relative_to(REPO)}: {SETUP}")
    for package in ("playwright-core", "axe-core"):
        if not (NODE_MODULES / package / "package.json").is_file():
            pytest.fail(f"no node_modules/{package}: {SETUP}")
    return node


def axe_results(files: Sequence[Path | str], canary: Path) -> list[dict]:
    """axe-core's report on each of `files` (paths or URLs) in headless Chromium, once it faulted
    the `canary` page; skips where Chromium is not installed."""
    node = browser_node(AXE_CHECK)
    run = subprocess.run(
        [node, str(AXE_CHECK), *map(str, files), str(canary)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )
    try:
        results = {result["file"]: result for result in map(json.loads, run.stdout.splitlines())}
    except json.JSONDecodeError:
        results = {}
    if run.returncode not in (0, 1) or len(results) != len(files) + 1:
        pytest.fail(
            f"{AXE_CHECK.name} exited {run.returncode} with {len(results)} of {len(files) + 1} "
            f"reports:\n{run.stdout}\n{run.stderr}"
        )
    canary_rules = {violation["id"] for violation in results.pop(str(canary))["violations"]}
    assert "image-alt" in canary_rules, (
        f"axe did not fault the <img> without alt in {canary}: {canary_rules}"
    )
    return list(results.values())


def test_axe_accessibility(built, canary):
    """No bulletin has an axe-core violation (WCAG 2 A and AA, and axe's best practices)."""
    base, files = built
    results = axe_results(files, canary)
    for result in results:
        for item in result["incomplete"]:
            print(
                f"{_shown(Path(result['file']), base)}: to review: {item['id']}: {item['help']}, at "
                + ", ".join(item["targets"])
            )
    found = [
        _axe_violation(result, violation, base)
        for result in results
        for violation in result["violations"]
    ]
    assert not found, (
        f"axe found {len(found)} violation(s) in the bulletins (built in {base}):\n"
        + "\n".join(found)
    )
