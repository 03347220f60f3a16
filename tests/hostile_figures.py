"""How the hostile corpus ends: every file of ../shared/corpus/hostile as a release's catalog,
through status, check, build -f html and update, counted by outcome and by class. These are the
figures behind tests/test_hostile.py's sweep, which asserts the same split.

    .venv/bin/python tests/hostile_figures.py
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from conftest import copy_example_project  # noqa: E402
from test_hostile import CATALOG, RELEASE, add_release  # noqa: E402

from pressflow.catalog.po import _spaced_out  # noqa: E402
from pressflow.cli import app  # noqa: E402

CORPUS = TESTS.parents[1] / "shared" / "corpus" / "hostile"
COMMANDS = (["status", RELEASE], ["check", RELEASE], ["build", "-f", "html"], ["update", RELEASE])


def run(*arguments) -> object:
    return CliRunner().invoke(
        app, [str(argument) for argument in arguments], catch_exceptions=False
    )


def classes(text: str, verdict: str | None) -> list[str]:
    """What is odd about a catalog that was handled."""
    charset = re.search(r"charset=([\w.-]+)", text)
    found = ["charset " + (charset[1].upper() if charset else "none")]
    one_line = any(
        _spaced_out(line.strip()) != [line.strip()] for line in text.split("\n")
    ) or bool(re.search(r"^#[:,.|](?=\S)", text, re.M))
    for name, present in (
        ("no Plural-Forms", "Plural-Forms" not in text),
        ("#~| lines", "#~|" in text),
        ("no header", not re.search(r'^msgid ""\s*\n\s*msgstr', text, re.M)),
        ("one-line entries or comments without a space", one_line),
        ("control characters inside strings", bool(re.search(r"[\x0b\x0c\x1c-\x1f]", text))),
        ("msgfmt -c FAIL (gettext's verdict)", verdict == "FAIL"),
    ):
        if present:
            found.append(name)
    return found


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="pressflow-hostile-")) / "project"
    copy_example_project(root)
    add_release(root)
    run("update", "-C", root)
    run("build", "-C", root, "-f", "html")
    files = sorted(path for path in CORPUS.rglob("*") if path.is_file() and path.suffix != ".tsv")
    verdicts = dict(
        line.split("\t")[:2] for line in (CORPUS / "gettext-msgfmt-c.tsv").read_text().splitlines()
    )
    outcomes, handled, refused = Counter(), Counter(), {}
    for path in files:
        data = path.read_bytes()
        codes = []
        for command in COMMANDS:
            (root / CATALOG).write_bytes(data)
            result = run(*command, "-C", root)
            codes.append(result.exit_code)
            if result.exit_code == 2:
                refused[path.name] = result.stderr.strip().replace("\n", " | ")
        outcomes[tuple(codes)] += 1
        if 2 not in codes:
            handled.update(classes(data.decode("latin-1"), verdicts.get(path.name)))
    print(len(files), "files")
    for codes, count in sorted(outcomes.items()):
        print("status/check/build/update exit", codes, count)
    for name, count in sorted(handled.items()):
        print(" handled:", name, count)
    for name, message in refused.items():
        print(" refused:", name, "|", message)


if __name__ == "__main__":
    main()
