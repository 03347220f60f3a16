"""Reading catalogs: whatever GNU gettext reads, and a clear error where it refuses."""

from __future__ import annotations

import inspect
import re
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import SHARED
from hypothesis import given
from hypothesis import strategies as st

from pressflow.catalog.po import _Shortcuts, read_catalog, syntax_problem
from pressflow.core.errors import PressflowError

HOSTILE = (
    sorted(path for path in (SHARED / "corpus" / "hostile").glob("*/*")) if SHARED.is_dir() else []
)
REAL = sorted((SHARED / "corpus" / "po").rglob("*.po")) if SHARED.is_dir() else []


def msgcat_accepts(path: Path) -> bool:
    return subprocess.run(["msgcat", str(path)], capture_output=True).returncode == 0


@pytest.mark.skipif(not REAL, reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("path", REAL, ids=lambda path: "/".join(path.parts[-3:]))
def test_real_catalogs_are_read(path: Path):
    catalog = read_catalog(path)
    assert len(catalog) > 10


@pytest.mark.skipif(not HOSTILE, reason="../shared/corpus is not beside the repository")
def test_what_gettext_refuses_is_refused_with_a_line():
    refused = [
        path
        for path in HOSTILE
        if not msgcat_accepts(path)
        and "charset"
        not in subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stderr.lower()
    ]
    assert refused  # the corpus has duplicate definitions, which msgfmt calls fatal
    for path in refused:
        with pytest.raises(PressflowError) as problem:
            read_catalog(path)
        assert all(
            error.line is not None for error in getattr(problem.value, "errors", [problem.value])
        ), path


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ('msgid "a"\nmsgstr "b\n', 2, "a string is not closed with '\"'"),
        ('msgid "a"\nmsgstr "b"\nfoo bar\n', 3, "unexpected text 'foo bar'"),
        ('msgid "a"\nmsgstr "\\q"\n', 2, "a malformed escape sequence"),
        ('#~ msgid "a"\n#~ msgstr "b\n', 2, "a string is not closed with '\"'"),
        (
            'msgid "one" msgstr "first"\n',
            None,
            None,
        ),  # valid: gettext's lexer reads tokens, not lines
        ('msgid ""\n"a\\tb\\"c\\\\"\nmsgstr[0] ""\n#| msgid "old"\n', None, None),
    ],
)
def test_lexical_check(text, line, reason):
    problem = syntax_problem(text)
    assert problem == ((line, reason) if line else None)


def test_the_regular_expressions_polib_runs_on_every_string_are_the_ones_shortcut():
    # Were polib to change them, catalogs would read the same, only slower again.
    assert f"re.search(r'{_Shortcuts._UNESCAPED_QUOTE}'" in inspect.getsource(
        polib._POFileParser.parse
    )
    assert f"re.sub(r'{_Shortcuts._ESCAPE}'" in inspect.getsource(polib.unescape)


def test_polib_is_itself_again_after_a_read(tmp_path):
    """The shortcuts last as long as one parse: polib's other users in the process never see them."""
    path = tmp_path / "kk.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "б"\n',
        encoding="utf-8",
    )
    assert read_catalog(path).find("a").msgstr == "б"
    assert polib.re is re
    path.write_text(
        'msgid "a"\nmsgstr "б\n', encoding="utf-8"
    )  # unclosed: an error, raised through the parse
    with pytest.raises(PressflowError):
        read_catalog(path)
    assert polib.re is re


@given(st.text(alphabet='ab"\\nt\n', max_size=12))
def test_the_shortcuts_give_what_the_regular_expressions_give(text):
    shortcut, quote, escape = _Shortcuts(), _Shortcuts._UNESCAPED_QUOTE, _Shortcuts._ESCAPE
    assert bool(shortcut.search(quote, text)) == bool(re.search(quote, text))
    assert shortcut.sub(escape, lambda m: f"<{m[1]}>", text) == re.sub(
        escape, lambda m: f"<{m[1]}>", text
    )
