"""Hostile catalogs: every test input of GNU gettext, polib and Babel placed as a release's catalog.

`status`, `check`, `build` and `update` either handle the file (a valid if odd catalog) or stop
with `path:line: message` and exit 2; never a traceback, and a file that could not be read is
never rewritten. The real catalogs of the corpus survive `update` with every translation.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from conftest import REPO, SEED_ID, SHARED, copy_example_project, msgcat, msgfmt_check
from typer.testing import CliRunner

from pressflow.catalog.po import read_catalog, write_catalog
from pressflow.cli import app

CORPUS = SHARED / "corpus"
HOSTILE = (
    sorted(
        path for path in (CORPUS / "hostile").rglob("*") if path.is_file() and path.suffix != ".tsv"
    )
    if CORPUS.is_dir()
    else []
)
REAL = sorted((CORPUS / "po").rglob("*.po")) if CORPUS.is_dir() else []
NO_CORPUS = "../shared/corpus is not beside the repository"

RELEASE = "hostile-catalog"
CATALOG = f"locales/kk/LC_MESSAGES/{RELEASE}.po"
RELEASE_TEXT = """---
title: Observers met the Deputy Minister
date: 2023-03-18
contacts:
  - name: Press Service
    role: Media enquiries
---

The meeting took place in Astana.

- Elections of the Mazhilis
- Elections of the maslikhats
"""

DOMAIN = (
    "a 'domain' line: a catalog file holds one domain; move the messages below it into that domain's own "
    "catalog and delete the line"
)
MERGE = "merge the two entries into one"
REFUSED = {
    "msgfmt-1__mf-1-module2.po": [f"6: {DOMAIN}"],
    "msgfmt-2__mf-2-module2.po": [f"6: {DOMAIN}"],
    "msgmerge-7__mm-test7.pot": [f"1: {DOMAIN}"],
    "msgfmt-8__mf-test8.in1": [f"17: duplicate message definition '3' (first at line 16): {MERGE}"],
    "msguniq-6__msguniq-6.in": [
        f"37: duplicate message definition 'too few arguments' (first at line 12): {MERGE}",
        f"43: duplicate message definition 'too many arguments' (first at line 6): {MERGE}",
        f"50: duplicate message definition '%s: illegal option -- %c\\n' (first at line 26): {MERGE}",
    ],
}
"""The files pressflow refuses, and what each command says: `domain` lines and duplicate messages,
which msgfmt calls fatal too. Every other file is handled."""


def add_release(root: Path) -> None:
    folder = root / "releases" / RELEASE
    folder.mkdir()
    (folder / "release.md").write_text(RELEASE_TEXT, encoding="utf-8")


def project_with_catalog(tmp_path: Path, data: bytes) -> Path:
    """The example project, plus the short release with `data` as its Kazakh catalog."""
    root = copy_example_project(tmp_path / "project")
    add_release(root)
    (root / CATALOG).parent.mkdir(parents=True, exist_ok=True)
    (root / CATALOG).write_bytes(data)
    return root


def invoke(*args: str | Path):
    # catch_exceptions=False: a traceback fails the test instead of becoming an exit code.
    return CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    """One project for the whole sweep: the example, plus a short release whose catalog each test replaces."""
    root = copy_example_project(tmp_path_factory.mktemp("sweep") / "project")
    add_release(root)
    assert invoke("update", "-C", root).exit_code == 0
    assert invoke("build", "-C", root, "-f", "html").exit_code == 0
    return root


def translations(catalog: polib.POFile) -> Counter:
    """Every translation of a catalog, live or obsolete, with the translator's comment it carries."""
    found = Counter()
    for entry in catalog:
        if entry.msgid == "" and entry.msgctxt is None:
            continue
        for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]:
            if msgstr:
                found[msgstr, entry.tcomment] += 1
    return found


@pytest.mark.skipif(not HOSTILE, reason=NO_CORPUS)
def test_the_sweep_covers_the_corpus():
    assert len(HOSTILE) == 199
    assert set(REFUSED) <= {path.name for path in HOSTILE}


@pytest.mark.skipif(not HOSTILE, reason=NO_CORPUS)
@pytest.mark.parametrize("path", HOSTILE, ids=lambda path: "/".join(path.parts[-2:]))
def test_hostile_catalog_is_handled_or_refused_with_its_line(sweep, path):
    catalog = sweep / CATALOG
    original = path.read_bytes()
    catalog.write_bytes(original)
    results = {}
    for command in (["status", RELEASE], ["check", RELEASE], ["build", "-f", "html"]):
        results[command[0]] = invoke(*command, "-C", sweep)
        assert catalog.read_bytes() == original, f"{command[0]} changed the catalog"
    results["update"] = invoke("update", RELEASE, "-C", sweep)

    if path.name in REFUSED:
        expected = [f"{CATALOG}:{line}" for line in REFUSED[path.name]]
        for command, result in results.items():
            assert (result.exit_code, result.stderr.splitlines()) == (2, expected), command
        assert catalog.read_bytes() == original
        assert (sweep / "dist" / SEED_ID / f"{SEED_ID}.kk.html").is_file()
        return

    for command, result in results.items():
        assert result.stderr == "", command
        assert result.exit_code in ((0, 1) if command == "check" else (0,)), command
    written = catalog.read_bytes()
    assert not written.startswith(codecs.BOM_UTF8) and b"\r\n" not in written
    written.decode("utf-8")
    assert msgfmt_check(catalog).returncode == 0 or msgfmt_check(path).returncode != 0, (
        msgfmt_check(catalog).stderr
    )
    assert translations(read_catalog(path)) - translations(read_catalog(catalog)) == Counter()


@pytest.mark.skipif(not HOSTILE, reason=NO_CORPUS)
def test_a_refused_catalog_stops_only_its_release(tmp_path):
    broken = CORPUS / "hostile" / "gettext" / "msgmerge-7__mm-test7.pot"
    root = project_with_catalog(tmp_path, broken.read_bytes())
    result = invoke("build", "-C", root, "-f", "html")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{CATALOG}:1: {DOMAIN}"]
    assert sorted(path.name for path in (root / "dist" / SEED_ID).glob("*.html")) == [
        f"{SEED_ID}.{lang}.html" for lang in ("en", "kk", "ru")
    ]
    assert not (root / "dist" / RELEASE).exists()
    assert (root / CATALOG).read_bytes() == broken.read_bytes()


@pytest.mark.skipif(not HOSTILE, reason=NO_CORPUS)
@pytest.mark.parametrize(
    "name",
    [
        "polib/test_word_garbage.po",
        "gettext/msgmerge-10__mm-test10.pot",
        "gettext/msguniq-6__msguniq-6.in",
    ],
)
def test_no_traceback_reaches_stderr_of_the_real_command(tmp_path, name):
    """The installed command, in its own process: one line per problem, or nothing, on stderr."""
    root = project_with_catalog(tmp_path, (CORPUS / "hostile" / name).read_bytes())
    env = {**os.environ, "PRESSFLOW_DEBUG": ""}
    result = subprocess.run(
        [sys.executable, "-m", "pressflow", "update", RELEASE, "-C", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert "Traceback" not in result.stderr
    expected = [f"{CATALOG}:{line}" for line in REFUSED.get(Path(name).name, [])]
    assert (result.returncode, result.stderr.splitlines()) == (2 if expected else 0, expected)


@pytest.mark.skipif(not REAL, reason=NO_CORPUS)
@pytest.mark.parametrize("path", REAL, ids=lambda path: "/".join(path.parts[-3:]))
def test_real_catalog_keeps_every_translation_and_comment_through_update(tmp_path, path):
    root = project_with_catalog(tmp_path, path.read_bytes())
    catalog = root / CATALOG
    result = invoke("update", RELEASE, "-C", root)
    assert (result.exit_code, result.stderr) == (0, "")
    before, after = read_catalog(path), read_catalog(catalog)
    assert translations(before) - translations(after) == Counter()

    # Entries that become obsolete keep what msgmerge keeps: msgstr, comments and flags.
    merged = tmp_path / "msgmerge.po"
    subprocess.run(
        [
            "msgmerge",
            "--quiet",
            "--no-fuzzy-matching",
            "-o",
            merged,
            path,
            root / "locales" / f"{RELEASE}.pot",
        ],
        check=True,
    )
    ours = {(entry.msgctxt, entry.msgid): entry for entry in after if entry.obsolete}
    theirs = {
        (entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(merged)) if entry.obsolete
    }
    assert len(theirs.keys() & ours.keys()) > 10
    for key, expected in theirs.items():
        entry = ours.get(key)
        if (
            entry is None
        ):  # taken by a fuzzy match (msgmerge ran without one): its msgstr is kept above
            continue
        assert (entry.msgstr, entry.msgstr_plural, entry.tcomment, sorted(entry.flags)) == (
            expected.msgstr,
            expected.msgstr_plural,
            expected.tcomment,
            sorted(expected.flags),
        ), key


@pytest.mark.skipif(not REAL, reason=NO_CORPUS)
def test_a_catalog_with_a_byte_order_mark_and_crlf_is_read_and_written_back_as_utf8_lf(tmp_path):
    real = CORPUS / "po" / "django" / "kk" / "humanize.po"
    root = project_with_catalog(
        tmp_path, codecs.BOM_UTF8 + real.read_bytes().replace(b"\n", b"\r\n")
    )
    catalog = root / CATALOG
    assert invoke("status", RELEASE, "-C", root).exit_code == 0
    assert invoke("update", RELEASE, "-C", root).exit_code == 0
    written = catalog.read_bytes()
    assert not written.startswith(codecs.BOM_UTF8) and b"\r" not in written
    assert translations(read_catalog(real)) - translations(read_catalog(catalog)) == Counter()
    assert msgfmt_check(catalog).returncode == 0


@pytest.mark.skipif(not HOSTILE, reason=NO_CORPUS)
@pytest.mark.parametrize(
    "name",
    [
        "gettext/mm-ko.euc-kr.po",
        "gettext/msgconv-1__mco-test1.po",
        "polib/test_word_garbage.po",
        "babel/fi_BUGGY_LC_MESSAGES_messages.po",
    ],
)
def test_hostile_catalog_prints_a_pdf(tmp_path, name):
    root = project_with_catalog(tmp_path, (CORPUS / "hostile" / name).read_bytes())
    result = invoke("build", RELEASE, "-C", root, "-l", "kk", "-f", "pdf", "--jobs", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    pdf = root / "dist" / RELEASE / f"{RELEASE}.kk.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert (
        "Observers met the Deputy Minister" in text
    )  # nothing translated: the source text, marked


UI_CATALOG = "locales/kk/LC_MESSAGES/pressflow.po"


@pytest.mark.skipif(not HOSTILE, reason=NO_CORPUS)
@pytest.mark.parametrize(
    "name",
    [
        "gettext/mm-ko.euc-kr.po",
        "gettext/msgconv-1__mco-test1.po",
        "gettext/msginit-4__mi-test4.pot",
        "polib/test_noencoding.po",
    ],
)
def test_hostile_templates_catalog_in_another_charset_builds(tmp_path, name):
    """The templates' own catalog is a translator's file too: one in another charset, or none, still builds."""
    root = copy_example_project(tmp_path / "project")
    (root / UI_CATALOG).write_bytes((CORPUS / "hostile" / name).read_bytes())
    result = invoke("build", "-C", root, "-l", "kk", "-f", "html")
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    "plural_forms, problem",
    [
        (
            "nplurals=2; plural=__import__('os').system('true');",
            "invalid token in plural form: __import__",
        ),
        ("nplurals=2; plural=(n != 1;", "unbalanced parenthesis in plural form"),
        ("two forms", "it is not 'nplurals=N; plural=EXPRESSION;'"),
    ],
)
def test_a_plural_formula_gettext_cannot_evaluate_is_an_error(project, plural_forms, problem):
    catalog = polib.pofile(str(project / UI_CATALOG))
    catalog.metadata["Plural-Forms"] = plural_forms
    catalog.save()
    line = next(
        number
        for number, text in enumerate((project / UI_CATALOG).read_text("utf-8").split("\n"), 1)
        if text.startswith('"Plural-Forms:')
    )
    before = (project / UI_CATALOG).read_bytes()
    for command in (["build", "-f", "html"], ["update"]):
        result = invoke(*command, "-C", project)
        assert result.exit_code == 2, command
        assert result.stderr.splitlines() == [
            f"{UI_CATALOG}:{line}: 'Plural-Forms' in the header: {problem}; write your language's, such as "
            f'"nplurals=2; plural=(n != 1);"'
        ], command
    assert (project / UI_CATALOG).read_bytes() == before


def test_a_templates_translation_with_other_placeholders_falls_back_to_english(project):
    catalog = polib.pofile(str(project / UI_CATALOG))
    catalog.find(
        "Translation incomplete: %(percent)s translated"
    ).msgstr = "%(nope)s %(percent)d 100 %"
    catalog.find("Contacts").msgstr = "50 % <b>"
    catalog.save()
    add_release(project)
    result = invoke("build", RELEASE, "-C", project, "-l", "kk", "-f", "html")
    assert (result.exit_code, result.stderr) == (0, "")
    html = (project / "dist" / RELEASE / f"{RELEASE}.kk.html").read_text(encoding="utf-8")
    assert '@bottom-left { content: "Translation incomplete: 0% translated";' in html
    assert '<h2 id="contacts-heading">Contacts</h2>' in html


def test_what_msgcat_reads_in_one_line_forms_and_bare_comments_is_read_alike(tmp_path):
    """GNU gettext reads tokens, not lines, and splits lines at \\n only: pressflow reads as it does."""
    odd = tmp_path / "odd.po"
    odd.write_bytes(
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'#:a.c:1\n#,fuzzy\n#.extracted\n#note\nmsgid "one" msgstr "first"\n\n'
        b'msgid "two"\nmsgstr "a\x0bb\xe2\x80\xa8c\x1cd"\n\n#~msgid "old" msgstr "gone"\n'
    )
    catalog = read_catalog(odd)
    one, two, old = catalog
    assert (one.linenum, one.occurrences, one.flags, one.comment, one.tcomment, one.msgstr) == (
        4,
        [("a.c", "1")],
        ["fuzzy"],
        "extracted",
        "note",
        "first",
    )
    assert two.msgstr == "a\x0bb\u2028c\x1cd"
    assert (old.obsolete, old.msgid, old.msgstr) == (1, "old", "gone")
    written = tmp_path / "written.po"
    write_catalog(written, catalog, 79)
    assert written.read_text(encoding="utf-8") == msgcat(odd)
