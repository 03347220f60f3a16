"""Extracting templates and updating the translators' catalogs (docs/design.md, "Messages and
catalogs").

Release catalogs: `locales/<id>.pot`, merged into `locales/<lang>/LC_MESSAGES/<id>.po`.
The templates' own strings: `locales/pressflow.pot` and `pressflow.po`, seeded from
the catalogs that ship with pressflow.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pressflow.cache import digest as fingerprint
from pressflow.cache.store import Cache
from pressflow.catalog import editions, memory
from pressflow.catalog import po as pofile
from pressflow.catalog.glossary import GLOSSARY_FILE, Glossary, read_glossary
from pressflow.catalog.merge import merge, similarity
from pressflow.catalog.po import Catalog, Entry
from pressflow.catalog.po_format import format_header
from pressflow.core.atomic import folders_flushed_at_end, write_atomic
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.languages import base_language
from pressflow.core.model import Release
from pressflow.core.project import UI_DOMAIN, catalog_path, release_paths
from pressflow.core.resources import LOCALES_DIR, TEMPLATES_DIR
from pressflow.core.workers import forked_imap
from pressflow.source.release import load_releases
from pressflow.source.segment import release_messages


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class CatalogWrite:
    """What happened to one catalog file."""

    path: Path
    outcome: Outcome
    language: str | None = None
    recalled: memory.Recalled = memory.Recalled()
    """Messages filled from the translation memory."""
    open: tuple[tuple[str | None, str], ...] = ()
    """(msgctxt, msgid) of the entries the memory could still fill (untranslated, not fuzzy)."""


@dataclass(frozen=True)
class UpdateResult:
    """What `update_project` did: the catalogs it wrote or found up to date, the releases it
    skipped."""

    writes: list[CatalogWrite] = field(default_factory=list)
    errors: list[PressflowError] = field(default_factory=list)
    skipped: int = 0
    """Catalogs of releases left alone: no file of theirs changed since the last update, and the
    memory has nothing new for their untranslated messages."""
    check_only: bool = False
    """Nothing was written: each write's outcome is what `update` would have done."""

    @property
    def problems(self) -> list[PressflowError]:
        return self.errors

    @property
    def changes(self) -> list[CatalogWrite]:
        """The templates and catalogs created or updated (with `check_only`, those out of date)."""
        return [write for write in self.writes if write.outcome is not Outcome.UNCHANGED]


def template_path(locales: Path, domain: str) -> Path:
    return locales / f"{domain}.pot"


def release_template(release: Release, config: Config) -> list[Entry]:
    source = release.path.resolve().relative_to(config.root).as_posix()
    return [pofile.template_entry(message, source) for message in release_messages(release)]


def ui_template(config: Config) -> list[Entry]:
    """The entries of the templates' strings, merged by msgid in order of first use."""
    from pressflow.catalog.templates import (
        extract_template_messages,
    )  # Jinja2, Babel: only for the templates

    entries: dict[str, Entry] = {}
    for message in extract_template_messages(config):
        entry = entries.get(message.msgid)
        if entry is None:
            entry = entries[message.msgid] = pofile.new_entry(
                msgid=message.msgid,
                msgstr="",
                msgid_plural=message.msgid_plural,
                msgstr_plural={0: "", 1: ""} if message.msgid_plural else {},
                comment="\n".join(message.comments),
                flags=["python-format"] if "%(" in message.msgid else [],
            )
        entry.occurrences.append((f"templates/{message.template}", str(message.line)))
    return list(entries.values())


def template_catalog(
    path: Path, domain: str, entries: list[Entry], config: Config
) -> tuple[Catalog, bytes]:
    """The POT to write at `path`, and its bytes; its creation date changes only when its messages
    do."""
    template = pofile.new_catalog(pofile.header_fields(None, domain, _now(config)), entries)
    text = pofile.format_catalog(template, config.wrap)
    if path.is_file():
        old_text = path.read_text(encoding="utf-8", errors="replace")
        # The POT is ours: its date is read from the header's line, not by parsing the file.
        # Whatever the file holds, the comparison decides: anything but these very messages and
        # header gets a new date.
        if found := _POT_DATE.search(old_text):
            dated = pofile.new_catalog(pofile.header_fields(None, domain, found[1]), entries)
            # Only the header differs: the messages' text is this one's, not formatted again.
            _, blank, messages = text.partition("\n\n")  # the header is the first block
            if format_header(dated, config.wrap) + ("\n" + messages if blank else "") == old_text:
                return dated, old_text.encode("utf-8")
    return template, text.encode("utf-8")


_POT_DATE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def previous_catalog(
    config: Config,
    domain: str,
    language: str,
    template: Catalog,
    seed: Path | None = None,
    ahead: _ReadAhead | None = None,
) -> Catalog:
    """The language's PO as it is (as `ahead` read it, if it did), else `seed`, else an empty
    catalog with a complete header."""
    path = catalog_path(config.locales_dir, domain, language)
    if path.is_file():
        read = ahead.take(path) if ahead is not None else None
        return read if read is not None else pofile.read_catalog(path, config.shown(path))
    if seed is not None and seed.is_file():
        return pofile.read_catalog(seed)
    date = template.metadata.get("POT-Creation-Date", "")
    return pofile.new_catalog(pofile.header_fields(language, domain, date))


def recalled_catalog(
    config: Config, release_id: str, language: str, old: Catalog, merged: Catalog
) -> tuple[Catalog, memory.Recalled]:
    """`merged` (from `old`) with its `memory:` notes kept and, when the memory is enabled, its
    untranslated entries filled from the project's other releases."""
    merged = memory.keep_notes(old, merged)
    # Most updates leave nothing untranslated: the memory is then not even loaded.
    if not config.memory_enabled or not any(memory.untranslated(entry) for entry in merged):
        return merged, memory.Recalled()
    return memory.prefill(
        merged,
        memory.load_memory(config, language),
        release_id,
        threshold=config.memory_threshold,
        exact_fuzzy=config.memory_exact_fuzzy,
    )


_Planned = tuple[Path, Catalog, str | None, memory.Recalled, bytes | None]
"""A catalog to write: its path, itself, its language (None: a template), what the memory gave it,
its bytes when they are known already."""


def _write_all(config: Config, planned: list[_Planned], check_only: bool) -> list[CatalogWrite]:
    """Write catalogs once all of them were read and merged: a bad input leaves every file as it
    was. `check_only`: write nothing, only compare each with the bytes it would get."""
    writes = []
    for path, catalog, language, recalled, known in planned:
        existed = path.is_file()
        data = pofile.catalog_bytes(catalog, config.wrap) if known is None else known
        if check_only:
            changed = not existed or path.read_bytes() != data
        else:
            changed = write_atomic(path, data)
            if language is not None:
                memory.remember(config, language, path, catalog, data)
        still_open = (
            tuple((entry.msgctxt, entry.msgid) for entry in catalog if memory.untranslated(entry))
            if language is not None
            else ()
        )
        writes.append(
            CatalogWrite(path, _outcome(existed, changed), language, recalled, still_open)
        )
    return writes


def _update(
    config: Config,
    domain: str,
    entries: list[Entry],
    languages: Iterable[str],
    seed_locales: Path | None = None,
    finish: Callable[[Catalog, str], None] | None = None,
    check_only: bool = False,
    ahead: _ReadAhead | None = None,
) -> list[CatalogWrite]:
    """Write the domain's POT and merge it into the PO of each language; a release's catalogs then
    take what the translation memory knows; `finish` completes each merge. `check_only`: write
    nothing, report what would change; `ahead`: the catalogs read ahead by workers."""
    pot_path = template_path(config.locales_dir, domain)
    template, data = template_catalog(pot_path, domain, entries, config)
    planned: list[_Planned] = [(pot_path, template, None, memory.Recalled(), data)]
    for language in languages:
        seed = catalog_path(seed_locales, domain, language) if seed_locales else None
        old = previous_catalog(config, domain, language, template, seed, ahead)
        merged, recalled = merge(old, template, language), memory.Recalled()
        if domain != UI_DOMAIN:  # the memory holds release catalogs, for release catalogs
            merged, recalled = recalled_catalog(config, domain, language, old, merged)
        if finish is not None:
            finish(merged, language)
        planned.append(
            (catalog_path(config.locales_dir, domain, language), merged, language, recalled, None)
        )
    return _write_all(config, planned, check_only)


def _glossary_notes(glossary: Glossary) -> Callable[[Catalog, str], None]:
    """Write the approved terms a message uses into its `#.` comments, for translators to see."""

    def annotate(catalog: Catalog, language: str) -> None:
        for entry in pofile.live_entries(catalog):
            kept = [
                line
                for line in (entry.comment or "").split("\n")
                if line and not line.startswith("glossary: ")
            ]
            notes = [
                f"glossary: {term.source} → {term.translations[language]}"
                for term in glossary.terms_in(entry.msgid, language)
            ]
            entry.comment = "\n".join(kept + notes)

    return annotate


def _fill_from(locales: Path, domain: str) -> Callable[[Catalog, str], None]:
    """Fill untranslated entries, and those the merge made fuzzy from another message's translation,
    with the exact translations of another catalog: as `msgmerge -C`, an exact match of the
    compendium wins over a fuzzy one (a new "Contents" is not "Contacts" translated)."""

    def fill(catalog: Catalog, language: str) -> None:
        path = catalog_path(locales, domain, language)
        if not path.is_file():
            return
        known = pofile.translations(pofile.read_catalog(path))
        for entry in pofile.live_entries(catalog):
            key = (entry.msgctxt, entry.msgid)
            if key not in known:
                continue
            if not entry.msgstr and not entry.fuzzy:
                entry.msgstr = known[key]
            elif (
                entry.fuzzy
                and entry.previous_msgid is not None
                and entry.previous_msgid != entry.msgid
            ):
                entry.msgstr = known[key]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None

    return fill


def extract_release(config: Config, release: Release) -> CatalogWrite:
    return _update(config, release.id, release_template(release, config), ())[0]


def update_release(
    config: Config,
    release: Release,
    languages: Iterable[str],
    check_only: bool = False,
    ahead: _ReadAhead | None = None,
) -> list[CatalogWrite]:
    """Extract the release's POT, then merge it into the PO of each of its target languages
    (`check_only`: say which would change, write none)."""
    # A derived edition has a catalog only where a translator wrote one to override messages.
    targets = [
        lang
        for lang in languages
        if lang in release.languages
        and lang != config.source_language
        and (
            not base_language(lang) or catalog_path(config.locales_dir, release.id, lang).is_file()
        )
    ]
    glossary_path = config.locales_dir / GLOSSARY_FILE
    glossary = read_glossary(glossary_path, config.shown(glossary_path), config.source_language)
    return _update(
        config,
        release.id,
        release_template(release, config),
        targets,
        finish=_glossary_notes(glossary),
        check_only=check_only,
        ahead=ahead,
    )


def update_project(
    config: Config, ids: Sequence[str], languages: Iterable[str], *, check_only: bool = False
) -> UpdateResult:
    """`update` of the named releases (all when none) and the templates' catalogs.

    A release is skipped when its source, its template, its catalogs in these languages and the
    glossary hold the bytes they had after its last update (`.pressflow-cache/`, see cache.py),
    unless the translation memory changed since and now has a match for one of its untranslated
    messages. Any other release is read and merged as without the cache.

    `check_only` (`update --check`): the same work, but no template or catalog is written; the
    result's `changes` are those `update` would make. Only the cache learns from it, and only what
    is true of the files as they are (a release whose catalogs are all up to date).
    """
    languages = list(languages)
    cache = Cache(config)
    writes: list[CatalogWrite] = []
    errors: list[PressflowError] = []
    try:
        writes.extend(_update_ui_unless_unchanged(config, cache, languages, check_only))
    except PressflowError as error:
        errors.append(error)
    paths, missing = release_paths(config, ids)
    errors.extend(missing)
    glossary = cache.digest(config.locales_dir / GLOSSARY_FILE)
    memories = _MemoryCheck(config, cache)
    skipped = 0
    recorded = set(cache.results("update"))
    unrecorded = [path.parent.name for path in paths if path.parent.name not in recorded]
    with (
        memory.one_run(cache),
        folders_flushed_at_end(),
        _reading_ahead(config, unrecorded, languages) as ahead,
    ):
        for path in paths:
            skipped += _update_one(
                config,
                cache,
                memories,
                path,
                languages,
                glossary,
                writes,
                errors,
                check_only,
                ahead,
            )
    cache.save()
    return UpdateResult(writes, errors, skipped, check_only)


_READ_AHEAD_AT_LEAST = 64
"""Releases to update (none of which the cache knows) from which catalogs are read ahead."""


@contextlib.contextmanager
def _reading_ahead(
    config: Config, release_ids: list[str], languages: list[str]
) -> Iterator[_ReadAhead | None]:
    """Catalogs read ahead while `update_project` runs, when it updates many releases the cache
    knows nothing of (a clean clone, a cold CI job); None when it updates too few for it to pay."""
    targets = [
        language
        for language in languages
        if language != config.source_language and not base_language(language)
    ]
    if len(release_ids) < _READ_AHEAD_AT_LEAST or not targets:
        yield None
        return
    paths = [
        catalog_path(config.locales_dir, release_id, language)
        for release_id in release_ids
        for language in targets
    ]
    ahead = _ReadAhead(config, paths)
    try:
        yield ahead
    finally:
        ahead.close()


class _ReadAhead:
    """The catalogs of a cold `update` of many releases, read and parsed by worker processes ahead
    of the release being merged, while this process merges, formats and writes: a catalog comes
    back pickled in a tenth of the time its parse takes. In windows, so that few wait in memory;
    `take` hands each over once, in the order of the releases, and None for any other (read it)."""

    WINDOW = 256
    PER_WORKER = 16

    def __init__(self, config: Config, paths: list[Path]):
        self._config = config
        self._left = set(paths)
        self._windows = [
            paths[start : start + self.WINDOW] for start in range(0, len(paths), self.WINDOW)
        ]
        self._ready: dict[Path, Catalog | None] = {}
        self._results: Iterator[tuple[Path, Catalog | None]] = iter(())

    def take(self, path: Path) -> Catalog | None:
        if path not in self._left:
            return None
        while path not in self._ready:
            found = next(self._results, None)
            if found is not None:
                self._ready[found[0]] = found[1]
            elif self._windows:
                self._next_window()
            else:
                break
        self._left.discard(path)
        return self._ready.pop(path, None)

    def _next_window(self) -> None:
        self.close()
        # What the last window read and no one asked for: catalogs of releases not updated after
        # all (a release that cannot be read, or has fewer languages).
        self._left.difference_update(self._ready)
        self._ready.clear()
        window = self._windows.pop(0)
        self._results = zip(
            window,
            forked_imap(functools.partial(_read_catalog, self._config), window, self.PER_WORKER),
        )

    def close(self) -> None:
        """Stop the workers of the window being read (a run that ends early)."""
        close = getattr(self._results, "close", None)
        if close is not None:
            close()


def _read_catalog(config: Config, path: Path) -> Catalog | None:
    """A catalog read in a worker; None when it cannot be (read again, its error reported)."""
    try:
        return pofile.read_catalog(path, config.shown(path))
    except (OSError, PressflowError):
        return None


def _update_ui_unless_unchanged(
    config: Config, cache: Cache, languages: list[str], check_only: bool
) -> list[CatalogWrite]:
    """`update_ui`, unless the templates (the project's, pressflow's), the catalogs pressflow ships
    and the project's UI catalogs are as they were after the last one."""
    targets = sorted(
        language
        for language in languages
        if language != config.source_language and not base_language(language)
    )
    files = [
        template_path(config.locales_dir, UI_DOMAIN),
        *(catalog_path(config.locales_dir, UI_DOMAIN, language) for language in targets),
    ]

    def inputs() -> str:
        return fingerprint.digest(
            *targets,
            fingerprint.tree_digest(config.templates_dir),
            fingerprint.tree_digest(TEMPLATES_DIR),
            fingerprint.tree_digest(LOCALES_DIR),
            *(cache.digest(path) for path in files),
        )

    if cache.result("update", UI_DOMAIN, inputs()) is not None:
        return [
            CatalogWrite(path, Outcome.UNCHANGED, language)
            for path, language in zip(files, [None, *targets])
        ]
    written = update_ui(config, languages, check_only)
    if _all_unchanged(written) or not check_only:
        for write in written:
            cache.digest(write.path)  # written just now: hashed, and recorded as racy
        cache.keep("update", UI_DOMAIN, inputs(), {})
    return written


def _all_unchanged(writes: list[CatalogWrite]) -> bool:
    return all(write.outcome is Outcome.UNCHANGED for write in writes)


def _update_one(
    config: Config,
    cache: Cache,
    memories: _MemoryCheck,
    path: Path,
    languages: list[str],
    glossary: str,
    writes: list[CatalogWrite],
    errors: list[PressflowError],
    check_only: bool,
    ahead: _ReadAhead | None,
) -> int:
    """Update one release unless the cache vouches for it; the number of its catalogs skipped."""
    release_id = path.parent.name
    inputs = _update_inputs(cache, config, release_id, languages, glossary)
    known = _update_record(cache.result("update", release_id, inputs))
    if known is not None and not memories.would_fill(release_id, known):
        if known["memory"] != memories.seen(known["open"]):
            cache.keep(
                "update", release_id, inputs, {**known, "memory": memories.seen(known["open"])}
            )
        return len(known["open"]) + 1
    cache.forget("update", release_id)
    loaded = load_releases(config, [release_id])
    errors.extend(loaded.errors)
    if loaded.errors:
        return 0
    try:
        written = update_release(config, loaded.releases[0], languages, check_only, ahead)
    except PressflowError as error:
        errors.append(error)
        return 0
    writes.extend(written)
    if check_only and not _all_unchanged(written):
        return 0  # the files are not what an update makes: nothing to record of them
    for write in written:
        cache.digest(write.path)  # written just now: hashed, and recorded as racy
    still_open = {
        write.language: [list(key) for key in write.open] for write in written if write.language
    }
    cache.keep(
        "update",
        release_id,
        _update_inputs(cache, config, release_id, languages, glossary),
        {"open": still_open, "memory": memories.seen(still_open)},
    )
    return 0


def _update_record(known: dict | None) -> dict | None:
    """What the cache recorded of a release's last update, if it is whole: {"open": {language:
    [[msgctxt, msgid]]}, "memory": {language: state}}."""
    if known is None:
        return None
    still_open, states = known.get("open"), known.get("memory")
    if not (
        isinstance(still_open, dict)
        and isinstance(states, dict)
        and all(
            isinstance(keys, list)
            and all(
                isinstance(key, list)
                and len(key) == 2
                and isinstance(key[1], str)
                and isinstance(key[0], (str, type(None)))
                for key in keys
            )
            for keys in still_open.values()
        )
    ):
        return None
    return known


def _update_inputs(
    cache: Cache, config: Config, release_id: str, languages: list[str], glossary: str
) -> str:
    """The digest of what a release's update reads: its source, its template, its catalogs, the
    glossary."""
    targets = sorted(language for language in languages if language != config.source_language)
    files = [
        config.releases_dir / release_id / "release.md",
        template_path(config.locales_dir, release_id),
        *(catalog_path(config.locales_dir, release_id, language) for language in targets),
    ]
    return fingerprint.digest(glossary, *targets, *(cache.digest(path) for path in files))


class _MemoryCheck:
    """Whether the translation memory could fill a skipped release's untranslated messages now.

    Each language's memory is known by the digests of its catalogs (its state, taken once per
    run, before this run writes any), and the cache keeps the digests behind the last few states.
    A release checked against the same state before is not checked again. Otherwise, when only a
    few catalogs changed since the state it was checked against, its untranslated messages are
    compared with the translated messages of those catalogs (the same text, or a similarity that
    can reach the threshold: an upper bound, so nothing the memory would find is missed); when
    many changed, or the state is no longer known, they are looked up as `update` looks them up.
    """

    _FEW = 20
    _KEPT_STATES = 4

    def __init__(self, config: Config, cache: Cache):
        self.config, self.cache = config, cache
        self._states: dict[str, tuple[str, dict[str, str]]] = {}
        self._memories: dict[str, memory.TranslationMemory] = {}
        self._sources: dict[str, set[str]] = {}
        self._changed: dict[tuple[str, str | None], list[str]] = {}

    def state(self, language: str) -> str:
        if language not in self._states:
            folder, names = memory.catalog_files(self.config, language)
            digests = {name: self.cache.digest(os.path.join(folder, name)) for name in names}
            state = fingerprint.digest(*(f"{name} {value}" for name, value in digests.items()))
            self._states[language] = state, digests
            self.cache.keep("memory", f"{language} {state}", state, {"catalogs": digests})
            kept = self.cache.results("memory")
            for old in list(kept)[: -self._KEPT_STATES * len(self.config.target_languages)]:
                self.cache.forget("memory", old)
        return self._states[language][0]

    def seen(self, still_open: dict[str, list]) -> dict[str, str]:
        return {language: self.state(language) for language, keys in still_open.items() if keys}

    def would_fill(self, release_id: str, known: dict) -> bool:
        if not self.config.memory_enabled:
            return False
        for language, keys in known["open"].items():
            checked = known.get("memory", {}).get(language)
            if not keys or checked == self.state(language):
                continue
            changed = self._changed_since(language, checked, f"{release_id}.po")
            if changed is not None and len(changed) <= self._FEW:
                if any(
                    self._may_match(msgid, name, language) for name in changed for _, msgid in keys
                ):
                    return True
                continue
            if language not in self._memories:
                self._memories[language] = memory.load_memory(self.config, language)
            found = self._memories[language]
            if any(
                found.lookup(
                    msgid, context, exclude=release_id, threshold=self.config.memory_threshold
                )
                for context, msgid in keys
            ):
                return True
        return False

    def _changed_since(self, language: str, state: str | None, own: str) -> list[str] | None:
        """The catalogs (but the release's own) whose bytes differ from those of `state`, if it is
        known."""
        before = self.cache.result("memory", f"{language} {state}", state) if state else None
        if before is None or not isinstance(before.get("catalogs"), dict):
            return None
        if (language, state) not in self._changed:
            self.state(language)
            now = self._states[language][1]
            self._changed[language, state] = [
                name for name, value in now.items() if before["catalogs"].get(name) != value
            ]
        return [name for name in self._changed[language, state] if name != own]

    def _may_match(self, msgid: str, name: str, language: str) -> bool:
        key = f"{language}/{name}"
        if key not in self._sources:
            path = catalog_path(self.config.locales_dir, name.removesuffix(".po"), language)
            try:
                translated = pofile.translations(pofile.read_catalog(path))
            except (PressflowError, OSError):
                return True  # an update of the release reports it
            self._sources[key] = {source for _, source in translated}
        threshold = self.config.memory_threshold
        return any(
            source == msgid
            or (
                2 * min(len(source), len(msgid)) / (len(source) + len(msgid)) >= threshold
                and similarity(source, msgid, threshold)
            )
            for source in self._sources[key]
        )


def extract_ui(config: Config) -> CatalogWrite:
    return _update(config, UI_DOMAIN, ui_template(config), ())[0]


def update_ui(
    config: Config, languages: Iterable[str], check_only: bool = False
) -> list[CatalogWrite]:
    # A derived edition's templates' strings are its base's, transliterated (render/html.py).
    targets = [
        lang for lang in languages if lang != config.source_language and not base_language(lang)
    ]
    # The templates' strings pressflow ships translated reach a project's existing catalogs too.
    return _update(
        config,
        UI_DOMAIN,
        ui_template(config),
        targets,
        seed_locales=LOCALES_DIR,
        finish=_fill_from(LOCALES_DIR, UI_DOMAIN),
        check_only=check_only,
    )


def load_catalog(config: Config, release: Release, language: str) -> Catalog:
    """The release's PO for `language`; without one, its messages, none translated. A derived
    edition's is made from its base language's (editions.py)."""
    path = catalog_path(config.locales_dir, release.id, language)
    if base := base_language(language):
        override = pofile.read_catalog(path, config.shown(path)) if path.is_file() else None
        return editions.derived_catalog(load_catalog(config, release, base), override, language)
    if path.is_file():
        return pofile.read_catalog(path, config.shown(path))
    return pofile.new_catalog({}, release_template(release, config))


def load_ui_catalog(config: Config, language: str) -> Catalog:
    for locales in (config.locales_dir, LOCALES_DIR):
        path = catalog_path(locales, UI_DOMAIN, language)
        if path.is_file():
            return pofile.read_catalog(path, config.shown(path))
    return pofile.new_catalog({})


def _now(config: Config) -> str:
    return dt.datetime.now(config.tz).strftime("%Y-%m-%d %H:%M%z")


def _outcome(existed: bool, changed: bool) -> Outcome:
    return Outcome.UNCHANGED if not changed else Outcome.UPDATED if existed else Outcome.CREATED
