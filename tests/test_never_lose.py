"""`update` never loses a translation (docs/design.md, "Messages and catalogs"; GNU msgmerge's promise), as properties.

Random sequences of source edits (change, rewrite, insert, delete, reorder and duplicate blocks,
edit front-matter fields), each followed by `update`, with translators filling and reviewing
entries in between. After every update:
- every non-empty msgstr ever written, and every translator comment written with one, is still
  in the catalog, live or obsolete;
- a second `update` changes no byte;
- every catalog passes `msgfmt -c`.
The merge runs in this process, with the translation memory off (it would fill entries itself).
The number of examples is the Hypothesis profile's (tests/conftest.py: `ci` by default,
HYPOTHESIS_PROFILE=local for thousands).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
from conftest import msgfmt_check
from hypothesis import given, note
from hypothesis import strategies as st

from pressflow.catalog import po as pofile
from pressflow.catalog.update import update_release
from pressflow.core.config import load_config
from pressflow.core.project import catalog_path
from pressflow.source.release import load_releases

RELEASE_ID = "2024-05-02-property"
LANGUAGE = "kk"
CONFIG = """source_language = "en"
languages = ["en", "kk"]
[memory]
enabled = false
"""
# Few words, so that edits leave blocks similar enough for fuzzy matches; quotes, a backslash,
# Cyrillic and a long word exercise escaping and wrapping.
WORDS = (
    "the",
    "minister",
    "met",
    "observers",
    "from",
    "Almaty",
    "and",
    "Astana",
    "on",
    "elections",
    "reform",
    "of",
    "parliament",
    "2023",
    '"quoted"',
    "back\\slash",
    "Алматы",
    "сайлау",
    "100%",
    "international",
    "cooperation",
    "Inter-parliamentary",
    "delegation",
)
FIELDS = ("title", "subtitle", "summary", "location")

sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=24).map(
    lambda words: " ".join(words).capitalize()
)
blocks = st.tuples(st.sampled_from(("p", "p", "h")), sentences)
edits = st.one_of(
    st.tuples(st.just("change"), st.integers(0, 20), st.integers(0, 23), st.sampled_from(WORDS)),
    st.tuples(st.just("rewrite"), st.integers(0, 20), sentences),
    st.tuples(st.just("insert"), st.integers(0, 20), blocks),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("duplicate"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("field"), st.sampled_from(FIELDS), st.none() | sentences),
)
# A translator's pass: for each live entry in order, whether to translate it (when untranslated)
# or to accept it (when fuzzy), and whether to add a comment.
passes = st.lists(st.tuples(st.booleans(), st.booleans()), max_size=30)
steps = st.tuples(st.lists(edits, min_size=1, max_size=3), st.none() | passes)


@dataclass
class Source:
    """The release as its author has it: front-matter fields and body blocks."""

    fields: dict[str, str] = field(default_factory=lambda: {"title": "The minister met observers"})
    blocks: list[tuple[str, str]] = field(default_factory=list)

    def apply(self, edit: tuple) -> None:
        kind, *args = edit
        if kind == "field":
            name, text = args
            if text is None and name != "title":
                self.fields.pop(name, None)
            elif text is not None:
                self.fields[name] = text
            return
        if kind == "insert":
            position, block = args
            self.blocks.insert(position % (len(self.blocks) + 1), block)
            return
        if not self.blocks:
            return
        index = args[0] % len(self.blocks)
        block_kind, text = self.blocks[index]
        if kind == "change":  # one word replaced or added: a similar block
            words = text.split(" ")
            words[args[1] % len(words)] = args[2]
            self.blocks[index] = (block_kind, " ".join(words).capitalize())
        elif kind == "rewrite":
            self.blocks[index] = (block_kind, args[1])
        elif kind == "delete":
            del self.blocks[index]
        elif kind == "move":
            self.blocks.insert(args[1] % len(self.blocks), self.blocks.pop(index))
        elif kind == "duplicate":
            self.blocks.insert(args[1] % (len(self.blocks) + 1), self.blocks[index])

    def text(self) -> str:
        front = "".join(
            f"{name}: {json.dumps(value, ensure_ascii=False)}\n"
            for name, value in self.fields.items()
        )
        body = "".join(f"{'## ' if kind == 'h' else ''}{text}\n\n" for kind, text in self.blocks)
        return f"---\n{front}date: 2024-05-02\n---\n\n{body}"


class Project:
    def __init__(self, root: Path):
        self.root = root
        (root / "releases" / RELEASE_ID).mkdir(parents=True)
        (root / "pressflow.toml").write_text(CONFIG, encoding="utf-8")
        self.config = load_config(root)
        self.po = catalog_path(self.config.locales_dir, RELEASE_ID, LANGUAGE)
        self.written: set[str] = set()
        """Every msgstr and translator comment a translator wrote."""
        self.counter = 0

    def write_source(self, source: Source) -> None:
        (self.root / "releases" / RELEASE_ID / "release.md").write_text(
            source.text(), encoding="utf-8"
        )

    def update(self) -> None:
        loaded = load_releases(self.config)
        assert not loaded.errors, loaded.errors
        update_release(self.config, loaded.releases[0], [LANGUAGE])

    def translate(self, choices: list[tuple[bool, bool]]) -> None:
        """A translator's tool: fill some untranslated entries, accept some fuzzy ones, add comments."""
        catalog = pofile.read_catalog(self.po)
        for entry, (act, comment) in zip(pofile.live_entries(catalog), choices):
            if not act:
                continue
            if not entry.msgstr:
                self.counter += 1
                entry.msgstr = f"аударма {self.counter}: {entry.msgid[:20]}"
                self.written.add(entry.msgstr)
                if comment:
                    entry.tcomment = f"translator note {self.counter}"
                    self.written.add(entry.tcomment)
            elif entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        pofile.write_catalog(self.po, catalog, self.config.wrap)

    def files(self) -> dict[str, bytes]:
        return {
            str(path.relative_to(self.root)): path.read_bytes()
            for path in sorted(self.config.locales_dir.rglob("*"))
            if path.is_file()
        }

    def kept(self) -> set[str]:
        """Every msgstr and translator comment in the catalog, live or obsolete."""
        kept = set()
        for entry in polib.pofile(str(self.po)):
            kept.add(entry.msgstr)
            kept.update(entry.tcomment.split("\n"))
        return kept


@given(
    first=st.lists(blocks, min_size=1, max_size=8), history=st.lists(steps, min_size=1, max_size=6)
)
def test_update_never_loses_a_translation(first, history):
    with tempfile.TemporaryDirectory(prefix="pressflow-never-lose-") as folder:
        project = Project(Path(folder))
        source = Source(blocks=list(first))
        project.write_source(source)
        project.update()
        for number, (changes, translator) in enumerate(history):
            if translator is not None:
                project.translate(translator)
            for edit in changes:
                source.apply(edit)
            project.write_source(source)
            project.update()
            note(f"step {number}: {changes}\n{project.po.read_text(encoding='utf-8')}")

            lost = project.written - project.kept()
            assert not lost, f"update lost {sorted(lost)}"
            once = project.files()
            project.update()
            assert project.files() == once, "a second update changed the catalogs"
            for name in once:
                checked = msgfmt_check(project.root / name)
                assert checked.returncode == 0, f"{name}: {checked.stderr}"
