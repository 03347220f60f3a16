"""How far translators can trust `pressflow check`, and whether a bulletin's PDF holds its text
(issue 16), measured on the professional news translations of NTREX-128
(`../shared/corpus/ntrex/`: 21 documents, English with Kazakh and Russian aligned line by line).

1. False flags. A scratch pressflow project is made with the CLI (`init`, `new`, `update`): one
   release per NTREX document, its first line the title and each other line a paragraph, and its
   kk and ru catalogs filled from the aligned translations. `pressflow check --json` runs on it.
   Every translation is professional work, so every error it reports is a false flag unless it was
   read and judged a genuine slip of the translator: those are listed in `GENUINE` below, with
   what is wrong, and counted apart.
2. Planted errors (tests/planted_errors.py): each error a reviewer cares about planted into a real
   translation, in a second scratch project with two releases per error (the right translation and
   the wrong one). An error is caught when the wrong translation gets an error finding that the
   right one does not have.
3. PDF read-back. `pressflow build -f pdf` prints the first project's bulletins; `pdftotext` reads
   each back, and a message counts as found when its text is in the PDF's text, with whitespace
   folded and the renderer's hyphenation at line ends undone.

    .venv/bin/python bench/fidelity.py            # prints the table
    .venv/bin/python bench/fidelity.py --json F   # and writes the figures to F
    .venv/bin/python bench/fidelity.py --keep     # keeps the scratch projects, and says where

The commands run as `python -m pressflow` with this interpreter, so `PYTHONPATH=DIR` measures the
pressflow package in DIR (another branch's code, `git archive main pressflow | tar -x -C DIR`)
with the same corpus and planted errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from planted_errors import GLOSSARY_CSV, LANGUAGES, NTREX, Planted, markdown_text, planted_errors  # noqa: E402

DATE = "2018-10-01"
# Error flags on NTREX read and judged genuine slips of the professional translator, not false
# flags: (language, document, line, check) and what is wrong.
GENUINE = {
    ("kk", "bbc.381705", 9, "facts"): "the goal's time 3:35 is left out of the translation",
    ("kk", "dailymail.co.uk.298696", 8, "unchanged"): "the sentence is left in English",
    ("kk", "bbc.381705", 13, "kazakh-letters"): "мэн, no Kazakh word, for мен (and)",
    (
        "ru",
        "dailymail.co.uk.298696",
        10,
        "quotes",
    ): "«Если бы он был ответственным, мы бы уже вышли, — "
    "сказал он.: the » after «вышли,» is missing",
}


@dataclass
class Message:
    language: str
    document: str
    line: int
    source: str
    translation: str
    shown: str
    """The text a reader sees (the sentence itself, not its Markdown)."""
    checks: dict[str, set[str]] = field(default_factory=lambda: {"error": set(), "warning": set()})
    findings: list[tuple[str, str, str]] = field(default_factory=list)


def pressflow(*arguments: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run a command, from outside the repository: `python -m` puts its working folder first on
    the path, which would hide the package that PYTHONPATH names."""
    result = subprocess.run(
        [sys.executable, "-m", "pressflow", *map(str, arguments)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        cwd=tempfile.gettempdir(),
    )
    if check and result.returncode not in (0, 1):
        raise SystemExit(f"pressflow {' '.join(map(str, arguments))} failed:\n{result.stderr}")
    return result


def new_project(root: Path) -> None:
    pressflow("init", root)
    with (root / "pressflow.toml").open("a", encoding="utf-8") as config:
        config.write("\n[memory]\nenabled = false\n")


def release_id(document: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", document.lower())


def release_text(title: str, paragraphs: list[str]) -> str:
    front = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML string
    return f"---\ntitle: {front}\ndate: {DATE}\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def fill_catalogs(root: Path, translations: dict[str, dict[str, dict[str, str]]]) -> None:
    """Each release's catalogs filled: translations[release][language][msgid]."""
    for release, languages in translations.items():
        for language, texts in languages.items():
            path = root / "locales" / language / "LC_MESSAGES" / f"{release}.po"
            catalog = polib.pofile(str(path), wrapwidth=79)
            for entry in catalog:
                if entry.msgid in texts:
                    entry.msgstr = texts[entry.msgid]
            catalog.save()


def findings(root: Path) -> dict[tuple[str, int], list[dict]]:
    """`pressflow check --json`'s findings by catalog and line."""
    result = pressflow("check", "--json", "-C", root)
    found: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for finding in json.loads(result.stdout)["findings"]:
        found[finding["path"], finding["line"]].append(finding)
    return found


def entry_lines(root: Path, release: str, language: str) -> dict[str, int]:
    path = root / "locales" / language / "LC_MESSAGES" / f"{release}.po"
    return {entry.msgid: entry.linenum for entry in polib.pofile(str(path)) if entry.msgid}


# --- 1. NTREX as releases -----------------------------------------------------------------


def ntrex_project(root: Path) -> list[Message]:
    new_project(root)
    messages: list[Message] = []
    translations: dict[str, dict[str, dict[str, str]]] = {}
    for document in sorted(path for path in NTREX.iterdir() if path.is_dir()):
        lines = {
            language: (document / f"{language}.txt").read_text(encoding="utf-8").splitlines()
            for language in ("en", *LANGUAGES)
        }
        release = release_id(document.name)
        pressflow("new", lines["en"][0], "--date", DATE, "--id", release, "-C", root)
        body = [markdown_text(sentence) for sentence in lines["en"][1:]]
        (root / "releases" / release / "release.md").write_text(
            release_text(lines["en"][0], body), encoding="utf-8"
        )
        translations[release] = {}
        for language in LANGUAGES:
            texts = {lines["en"][0]: lines[language][0]}
            texts.update(zip(body, (markdown_text(sentence) for sentence in lines[language][1:])))
            translations[release][language] = texts
            messages += [
                Message(language, document.name, number, source, texts[source], shown)
                for number, (source, shown) in enumerate(
                    zip([lines["en"][0], *body], lines[language]), start=1
                )
            ]
    pressflow("update", "-C", root)
    fill_catalogs(root, translations)
    found = findings(root)
    for message in messages:
        line = entry_lines_cached(root, release_id(message.document), message.language)[
            message.source
        ]
        path = f"locales/{message.language}/LC_MESSAGES/{release_id(message.document)}.po"
        for finding in found.get((path, line), []):
            message.checks[finding["severity"]].add(finding["check"])
            message.findings.append((finding["severity"], finding["check"], finding["message"]))
    return messages


_LINES: dict[tuple[Path, str, str], dict[str, int]] = {}


def entry_lines_cached(root: Path, release: str, language: str) -> dict[str, int]:
    if (root, release, language) not in _LINES:
        _LINES[root, release, language] = entry_lines(root, release, language)
    return _LINES[root, release, language]


# --- 2. planted errors --------------------------------------------------------------------


def planted_project(root: Path, planted: list[Planted]) -> list[tuple[Planted, set, set]]:
    """Each planted error with the error findings (check, message) of its right and wrong translation."""
    new_project(root)
    (root / "locales" / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    translations: dict[str, dict[str, dict[str, str]]] = {}
    for number, item in enumerate(planted, start=1):
        for version, translation in (("right", item.right), ("wrong", item.wrong)):
            release = f"planted-{number}-{version}"
            folder = root / "releases" / release
            folder.mkdir(parents=True)
            (folder / "release.md").write_text(
                release_text(f"P{number}", [item.source]), encoding="utf-8"
            )
            translations[release] = {item.language: {item.source: translation}}
    pressflow("update", "-C", root)
    fill_catalogs(root, translations)
    found = findings(root)
    results = []
    for number, item in enumerate(planted, start=1):
        errors = []
        for version in ("right", "wrong"):
            release = f"planted-{number}-{version}"
            line = entry_lines(root, release, item.language)[item.source]
            errors.append(
                {
                    (finding["check"], finding["message"])
                    for finding in found.get(
                        (f"locales/{item.language}/LC_MESSAGES/{release}.po", line), []
                    )
                    if finding["severity"] == "error"
                }
            )
        results.append((item, *errors))
    return results


# --- 3. PDF read-back ---------------------------------------------------------------------

_LINE_END_HYPHEN = re.compile(r"[-\u2010\u00ad]\n")
_STRAIGHT_QUOTES = "\"'"
_TYPOGRAPHIC_QUOTES = "“”‘’«»„‚"
_SPACES = re.compile(r"\s+")


def pdf_text(path: Path, furniture: bool = True) -> str:
    """The text of a PDF as pdftotext reads it, with line-end hyphens marked (\\x00: the
    renderer's or the text's own) and whitespace folded to single spaces; without `furniture`,
    each page's running header and footer left out (its first line after the first page, its
    last line: "Page 1 of 2"), which pdftotext puts inside a paragraph that runs on to the next page."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    if not furniture:
        pages = []
        for number, page in enumerate(text.split("\f")):
            lines = [line for line in page.split("\n") if line.strip()]
            pages.append("\n".join(lines[1 if number else 0 : -1]))
        text = "\n".join(pages)
    return _SPACES.sub(" ", _LINE_END_HYPHEN.sub("\x00", _visible(text.replace("\f", "\n"))))


def _visible(text: str) -> str:
    """Text less its invisible format characters (zero-width spaces and joiners, soft hyphens
    inside a line), which a PDF does not show."""
    return "".join(
        letter for letter in text if unicodedata.category(letter) != "Cf" or letter == "\u00ad"
    )


def found_in(sentence: str, text: str) -> bool:
    """Whether a sentence is in a PDF's text. A line-end hyphen there may be the renderer's
    (nothing in the sentence) or a hyphen of the sentence; and pdftotext joins a line that ends
    with a hyphen to the next, dropping the hyphen, whichever it was (іс-шаралар → ісшаралар). A
    straight quote or apostrophe is shown as the language's mark (render/typography.py)."""
    parts = []
    for letter in _SPACES.sub(" ", _visible(sentence).strip()):
        if letter == " ":
            parts.append(" ")
        elif letter == "-":
            parts.append("(?:-|\x00 ?)?")
        elif letter in _STRAIGHT_QUOTES:
            parts.append(f"[{_STRAIGHT_QUOTES}{_TYPOGRAPHIC_QUOTES}](?:\x00 ?)?")
        else:
            parts.append(re.escape(letter) + "(?:\x00 ?)?")
    return re.search("".join(parts), text) is not None


def read_back(root: Path, messages: list[Message]) -> dict[str, dict[str, list[Message]]]:
    """Build every PDF; the messages whose text is missing from their language's PDF, as
    pdftotext reads it ("text layer") and with the pages' running headers and footers left out
    ("without page furniture")."""
    result = pressflow("build", "-f", "pdf", "-C", root)
    if result.returncode:
        raise SystemExit(f"pressflow build failed:\n{result.stdout}\n{result.stderr}")
    texts: dict[tuple[str, str, bool], str] = {}
    missing: dict[str, dict[str, list[Message]]] = {
        "text layer": defaultdict(list),
        "without page furniture": defaultdict(list),
    }
    for message in messages:
        release = release_id(message.document)
        for reading, furniture in (("text layer", True), ("without page furniture", False)):
            key = (release, message.language, furniture)
            if key not in texts:
                texts[key] = pdf_text(
                    root / "dist" / release / f"{release}.{message.language}.pdf", furniture
                )
            if not found_in(message.shown, texts[key]):
                missing[reading][message.language].append(message)
    return missing


# --- the table ----------------------------------------------------------------------------


def figures(
    messages: list[Message],
    planted: list[tuple[Planted, set, set]],
    missing: dict[str, list[Message]],
) -> dict:
    result: dict = {"languages": {}}
    for language in LANGUAGES:
        mine = [message for message in messages if message.language == language]
        false_by_check, genuine = Counter(), []
        for message in mine:
            for check in sorted(message.checks["error"]):
                reason = GENUINE.get((language, message.document, message.line, check))
                if reason:
                    genuine.append(
                        {
                            "document": message.document,
                            "line": message.line,
                            "check": check,
                            "reason": reason,
                            "translation": message.shown,
                        }
                    )
                else:
                    false_by_check[check] += 1
        false_messages = sum(
            any(
                (language, message.document, message.line, check) not in GENUINE
                for check in message.checks["error"]
            )
            for message in mine
        )
        result["languages"][language] = {
            "messages": len(mine),
            "flagged_errors": sum(bool(message.checks["error"]) for message in mine),
            "flagged_warnings": sum(bool(message.checks["warning"]) for message in mine),
            "false_error_messages": false_messages,
            "false_errors_by_check": dict(sorted(false_by_check.items())),
            "warnings_by_check": dict(
                sorted(
                    Counter(
                        check for message in mine for check in message.checks["warning"]
                    ).items()
                )
            ),
            "genuine": genuine,
            "pdf_found": {
                reading: len(mine) - len(lost.get(language, []))
                for reading, lost in missing.items()
            },
            "pdf_missing": {
                reading: [
                    {"document": message.document, "line": message.line, "text": message.shown}
                    for message in lost.get(language, [])
                ]
                for reading, lost in missing.items()
            },
        }
    kinds: dict[str, dict[str, list[int]]] = {}
    for item, right, wrong in planted:
        counts = kinds.setdefault(item.kind, {language: [0, 0] for language in LANGUAGES})[
            item.language
        ]
        counts[0] += bool(wrong - right)
        counts[1] += 1
    result["planted"] = kinds
    result["planted_missed"] = [
        {
            "kind": item.kind,
            "language": item.language,
            "document": item.document,
            "line": item.line,
            "wrong": item.wrong,
        }
        for item, right, wrong in planted
        if not wrong - right
    ]
    return result


def table(result: dict) -> str:
    languages = result["languages"]
    width = 44

    def row(what: str, values) -> str:
        return f"{what:<{width}}" + "".join(f"{value:>14}" for value in values)

    def share(part: int, whole: int) -> str:
        return f"{part} ({part / whole:.1%})" if whole else "0"

    lines = [
        row("NTREX, professional translations", [f"en→{language}" for language in LANGUAGES]),
        row("messages", [languages[language]["messages"] for language in LANGUAGES]),
        row(
            "flagged as errors",
            [
                share(languages[language]["flagged_errors"], languages[language]["messages"])
                for language in LANGUAGES
            ],
        ),
        row(
            "  of them falsely (not a genuine slip)",
            [
                share(languages[language]["false_error_messages"], languages[language]["messages"])
                for language in LANGUAGES
            ],
        ),
        row(
            "flagged as warnings",
            [
                share(languages[language]["flagged_warnings"], languages[language]["messages"])
                for language in LANGUAGES
            ],
        ),
    ]
    checks = sorted(
        {check for language in LANGUAGES for check in languages[language]["false_errors_by_check"]}
    )
    lines += [
        row(
            f"  false errors: {check}",
            [languages[language]["false_errors_by_check"].get(check, 0) for language in LANGUAGES],
        )
        for check in checks
    ]
    checks = sorted(
        {check for language in LANGUAGES for check in languages[language]["warnings_by_check"]}
    )
    lines += [
        row(
            f"  warnings: {check}",
            [languages[language]["warnings_by_check"].get(check, 0) for language in LANGUAGES],
        )
        for check in checks
    ]
    lines.append("")
    lines.append(row("planted errors caught as errors", [""] * len(LANGUAGES)))
    totals = {language: [0, 0] for language in LANGUAGES}
    for kind, counts in result["planted"].items():
        for language in LANGUAGES:
            totals[language][0] += counts[language][0]
            totals[language][1] += counts[language][1]
        lines.append(
            row(
                f"  {kind}",
                [
                    f"{counts[language][0]}/{counts[language][1]}" if counts[language][1] else "-"
                    for language in LANGUAGES
                ],
            )
        )
    caught, total = (
        sum(value[0] for value in totals.values()),
        sum(value[1] for value in totals.values()),
    )
    lines.append(
        row("  all", [f"{totals[language][0]}/{totals[language][1]}" for language in LANGUAGES])
    )
    lines.append(f"{'  all, both languages':<{width}}{caught}/{total} ({caught / total:.1%})")
    lines.append("")
    for reading in languages[LANGUAGES[0]]["pdf_found"]:
        lines.append(
            row(
                f"PDF read-back, {reading}",
                [
                    f"{languages[language]['pdf_found'][reading]}/{languages[language]['messages']}"
                    for language in LANGUAGES
                ],
            )
        )
    for language in LANGUAGES:
        for item in languages[language]["genuine"]:
            lines.append(
                f"genuine slip, {language} {item['document']}:{item['line']} [{item['check']}]: "
                f"{item['reason']}"
            )
        for reading, lost in languages[language]["pdf_missing"].items():
            for item in lost:
                lines.append(
                    f"not read back ({reading}), {language} {item['document']}:{item['line']}: "
                    f"{item['text']}"
                )
    for item in result["planted_missed"]:
        lines.append(
            f"planted, missed: {item['kind']} ({item['language']} {item['document']}:{item['line']}): "
            f"{item['wrong'][:150]}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch projects")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF read-back")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="pressflow-fidelity-"))
    try:
        messages = ntrex_project(scratch / "ntrex")
        planted = planted_project(scratch / "planted", planted_errors())
        missing = {} if options.no_pdf else read_back(scratch / "ntrex", messages)
        result = figures(messages, planted, missing)
        print(table(result))
        if options.json:
            options.json.write_text(
                json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
    finally:
        if options.keep:
            print(f"scratch projects kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
