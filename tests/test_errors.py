"""Bad inputs: one file each, the exact line the user sees, exit code 2, nothing written for it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, SEED_ID

BAD = DATA / "bad"
ON_ERROR = "; fix it in a PO editor or restore the file from git"
KEYS = "title, subtitle, location, summary, source, image, date, contacts, tags, embargo, corrections, languages"
HTML_FIX = "write it in Markdown or escape '<' as '\\<'"

EXPECTED = {
    "no-front-matter": [
        "1: no front matter: start the file with a line '---', then 'title:' and 'date:', then '---'"
    ],
    "missing-title": ["1: missing 'title:' in the front matter"],
    "bad-date": [
        "3: 'date' '2023-02-30' is not a real date (day is out of range for month): write it as YYYY-MM-DD"
    ],
    "unknown-key": [f"4: unknown key 'author': the keys are {KEYS}"],
    "raw-html": [
        f"6: raw HTML is not allowed in a release: <b>; {HTML_FIX}",
        f'8: raw HTML is not allowed in a release: <div class="box"> A box. </div>; {HTML_FIX}',
    ],
    "Bad_ID": [
        "1: bad release id 'Bad_ID': an id is at most 80 lowercase ASCII letters, digits and single "
        "hyphens; rename the folder"
    ],
    "malformed-yaml": [
        "2: malformed front matter: mapping values are not allowed here; check the YAML syntax "
        "(quote values that contain ': ')"
    ],
    "broken-image": [
        "6: image 'broken.jpg' is not a readable image: save it again as PNG, JPEG or SVG"
    ],
    "many-problems": [
        "2: 'title' is empty: give the release its headline",
        "3: 'date' '19 March 2023' is not a date: write it as YYYY-MM-DD",
        "4: 'embargo' 'tomorrow' is not a date-time (expected YYYY-MM-DDTHH:MM with an optional offset): "
        "write it as 2023-03-19T08:00 or 2023-03-19T08:00+05:00",
        "5: 'tags' must be a list",
        f"6: unknown key 'colour': the keys are {KEYS}",
        f"9: raw HTML is not allowed in a release: <span>; {HTML_FIX}",
        "11: image 'missing.jpg' does not exist: put the file beside release.md or fix the name",
    ],
}


def add_release(project: Path, name: str, text: str) -> None:
    folder = project / "releases" / name
    folder.mkdir(parents=True)
    (folder / "release.md").write_text(text, encoding="utf-8")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is no JPEG")


def test_every_bad_source_has_a_case():
    assert sorted(EXPECTED) == sorted(path.stem for path in BAD.glob("*.md"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_source_is_reported_and_the_others_still_build(project, cli, name):
    add_release(project, name, (BAD / f"{name}.md").read_text(encoding="utf-8"))
    result = cli("build", "-C", project, "-f", "html")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"releases/{name}/release.md:{line}" for line in EXPECTED[name]
    ]
    assert not (project / "dist" / name).exists()
    assert (project / "dist" / SEED_ID / f"{SEED_ID}.kk.html").is_file()
    for command in (["update"], ["status"], ["extract"]):
        result = cli(*command, "-C", project)
        assert result.exit_code == 2, command
        assert result.stderr.splitlines()[0].startswith(f"releases/{name}/release.md:")
    assert not (project / "locales" / f"{name}.pot").exists()


def test_po_with_a_syntax_error_is_reported_and_left_untouched(project, cli):
    add_release(project, "body", "---\ntitle: Elections\ndate: 2023-03-17\n---\n\nBody.\n")
    catalog = project / "locales/kk/LC_MESSAGES/body.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BAD / "bad-syntax.po", catalog)
    expected = f"locales/kk/LC_MESSAGES/body.po:7: syntax error in the catalog: a string is not closed with '\"'{ON_ERROR}"
    for command in ("update", "build", "status"):
        result = cli(command, "-C", project)
        assert result.exit_code == 2, command
        assert result.stderr.splitlines() == [expected]
    assert catalog.read_bytes() == (BAD / "bad-syntax.po").read_bytes()
    assert not (project / "locales/ru/LC_MESSAGES/body.po").exists()
    assert not (project / "dist/body").exists()
    assert (project / "dist" / SEED_ID).is_dir()


def test_a_po_entry_without_msgstr_is_an_error_for_every_command(project, cli):
    """msgfmt refuses it as fatal ("missing 'msgstr' section"); polib read it as an untranslated entry,
    so status said 100%, check 0 errors, and build showed English."""
    bad = BAD / "missing-msgstr.po"
    assert (
        "missing 'msgstr' section"
        in subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(bad)], capture_output=True, text=True
        ).stderr
    )
    add_release(project, "body", "---\ntitle: Elections\ndate: 2023-03-17\n---\n\nBody.\n")
    catalog = project / "locales/kk/LC_MESSAGES/body.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(bad, catalog)
    expected = (
        "locales/kk/LC_MESSAGES/body.po:12: missing 'msgstr' section after the msgid; fix this entry in a PO "
        "editor or restore the file from git"
    )
    for command in (
        ("update",),
        ("build", "-f", "html"),
        ("status", "--fail-under", "100"),
        ("check",),
        ("check", "--format", "github"),
        ("approve", "body", "-l", "kk"),
    ):
        result = cli(*command, "-C", project)
        assert result.exit_code == 2, command
        assert expected in result.stderr.splitlines(), command
        assert "0 errors" not in result.stdout and "all" not in result.stdout, (
            command
        )  # no summary says all is well
    assert catalog.read_bytes() == bad.read_bytes()
    assert not (project / "dist/body").exists()


@pytest.mark.parametrize(
    "name, text, line",
    [
        ("pressflow.toml", 'timezone = "Asia/Almaty"\n\n[pdf]\ntimezone = "UTC"\n', 4),
        (
            "pyproject.toml",
            '[tool.pressflow]\ntimezone = "Asia/Almaty"\n[tool.pressflow.pdf]\ntimezone = "UTC"\n',
            4,
        ),
    ],
)
def test_a_key_in_the_wrong_table_is_reported_at_its_own_line(tmp_path, cli, name, text, line):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("status", "-C", tmp_path)
    assert (result.exit_code, result.stderr.splitlines()) == (
        2,
        [f"{name}:{line}: unknown key 'pdf.timezone' (known keys: page_size, variant)"],
    )


def test_bad_config_names_each_key(tmp_path, cli):
    (tmp_path / "pressflow.toml").write_text(
        'source_language = "en"\nlanguages = ["en", "xx-nowhere"]\ncolour = "blue"\n[catalogs]\nwrap = "wide"\n',
        encoding="utf-8",
    )
    result = cli("status", "-C", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "pressflow.toml:2: unknown language code 'xx-nowhere': CLDR has no data for it; use a BCP 47 tag such as "
        "'kk', 'pt-BR' or 'kk-Latn'",
        "pressflow.toml:3: unknown key 'colour' (known keys: source_language, languages, timezone, base_url, "
        "organization, dates, catalogs, pdf, check, memory)",
        "pressflow.toml:5: 'catalogs.wrap' must be a whole number",
    ]


def test_no_traceback_from_the_real_command(project):
    add_release(project, "broken", "no front matter at all\n")
    result = subprocess.run(
        [sys.executable, "-m", "pressflow", "status", "-C", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("releases/broken/release.md:1: no front matter")


def test_one_rule_turns_problems_into_exit_codes():
    from pressflow.core.errors import Failed, PressflowError, Refused, exit_code

    assert exit_code([]) == 0
    assert exit_code([], found=True) == 1
    assert exit_code([Refused("no")]) == 1
    assert exit_code([Failed("broke")]) == 1
    assert exit_code([Refused("no"), PressflowError("unreadable", "a.po", 3)]) == 2
    assert exit_code([PressflowError("unreadable")], found=True) == 2


def test_library_operations_return_their_problems_instead_of_raising(project):
    """The library reports what stopped it in its result; only the command line picks an exit code."""
    import datetime as dt

    from pressflow.core.config import load_config
    from pressflow.core.errors import Refused
    from pressflow.publish.decisions import approve, mark
    from pressflow.publish.workflow import State
    from pressflow.source.scaffold import new_release

    config = load_config(project)
    now = dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC)
    missing = mark(config, "no-such-release", State.REVIEW, now)
    assert missing.after is None and str(missing.problems[0]).startswith(
        "releases/no-such-release: no release"
    )
    illegal = mark(config, SEED_ID, State.APPROVED, now)
    assert isinstance(illegal.problems[0], Refused)
    source = approve(config, SEED_ID, "en", now)
    assert source.approval is None and isinstance(source.problems[0], Refused)
    again = new_release(config, "CEC Members", dt.date(2023, 3, 17), SEED_ID)
    assert again.paths == [] and "exists already" in str(again.problems[0])
