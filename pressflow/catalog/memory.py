"""Translation memory: what translators already translated in the project's other releases.

Press offices repeat themselves (the source line, contacts, boilerplate paragraphs).
The memory of one language holds every translated, non-fuzzy message of its release
catalogs (`locales/<lang>/LC_MESSAGES/<id>.po`, not `pressflow.po`): source text,
translation, and where it came from (release id, line of the entry in its catalog).

Lookups find the same source text (whatever its msgctxt: the `source` line of one
release is the same boilerplate in another) or else the most similar one by msgmerge's
measure (`merge.similarity`, the Indel similarity gnulib's fstrcmp computes). A word index finds the
candidates, as msgmerge's own fuzzy index (msgl-fsearch.c) does with 4-grams: the
texts of a length that can reach the threshold sharing one of the rarer half of the
query's words (a prefix filter: a text sharing half of the query's words shares one of
those); the first few by words in common (the square root of their count, at least 10,
as msgmerge) are checked with upper bounds (length, letters in common, share of words)
that tighten as better matches turn up, then with the similarity, abandoned once it
cannot reach the best so far (as gettext's fstrcmp_bounded). Like msgmerge's, "the
match does not need to be optimal": it may miss a text that shares under half of the
words (every word edited) or, among very many near-identical texts, return one a
little less similar; never one under the threshold, and the same one on every run.

The memory lives in a SQLite database per language (memory_store.py), which keeps the
digest of each catalog it holds. Each load brings it up to date with the catalogs by the
project's cache rule (cache/store.py): a catalog the cache vouches for by its size and
mtime, with the digest the store holds, is not read; any other is read and hashed, and
parsed again only when its content changed (in worker processes when there are many, as on
a clean clone, each catalog stored as soon as it is read while the workers read on). A
missing, stale, corrupt or foreign database is rebuilt, never trusted, never an error.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import heapq
import logging
import math
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pressflow.cache.digest import bytes_digest
from pressflow.cache.store import Cache
from pressflow.catalog import po as pofile
from pressflow.catalog.memory_store import (
    CatalogRecord,
    Change,
    MemoryStore,
    MemoryUnit,
    Unit,
    discard,
    index_words,
)
from pressflow.catalog.merge import similarity
from pressflow.catalog.po import Catalog, Entry, is_header
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.project import CACHE_DIR
from pressflow.core.workers import forked_imap

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.8
NOTE_PREFIX = "memory: "
"""Start of the extracted comment (`#. memory: <release-id>`) of a message filled from the
memory."""

_UI_CATALOG = "pressflow.po"  # catalogs.UI_DOMAIN: the templates' strings, not a release
_SHARED_WORDS = 0.5
_CATALOGS_PER_WORKER = 100
"""Catalogs to parse for each worker process to be worth its start (one takes ~2 ms; a fork and its
pool ~20 ms)."""


@dataclass(frozen=True)
class Match:
    unit: MemoryUnit
    similarity: float
    """The similarity of the two source texts (`merge.similarity`): 1.0 for the same text."""

    @property
    def exact(self) -> bool:
        return self.similarity == 1.0


@dataclass(frozen=True)
class LoadReport:
    """What loading a memory cost: the catalogs the cache could not vouch for."""

    catalogs: int
    hashed: int = 0
    """Catalogs read and hashed: new, touched, or recorded too soon after a write."""
    parsed: int = 0
    """Catalogs parsed: new or changed (all of them on a cold start)."""
    indexed: bool = False
    """Whether the index changed (built, extended or cut) rather than taken as it was."""
    skipped: tuple[PressflowError, ...] = ()
    """Unreadable catalogs, left out of the memory."""


@dataclass(frozen=True)
class Recalled:
    """Messages of one catalog that `update` filled from the memory."""

    exact: int = 0
    close: int = 0


class TranslationMemory:
    """The translated messages of one language's release catalogs, as they were at its load and as
    this process wrote them since (`remember`)."""

    def __init__(self, language: str, store: MemoryStore, report: LoadReport):
        self.language = language
        self._store = store
        self.report = report

    def __len__(self) -> int:
        return self._query(self._store.unit_count)

    @property
    def pot_date(self) -> str:
        """The newest POT-Creation-Date of the catalogs (as written in them), or ""."""
        return _newest_date(self._query(self._store.pot_dates))

    def sources(self) -> list[str]:
        return sorted(self._query(self._store.sources))

    def units(self, source: str) -> tuple[MemoryUnit, ...]:
        return tuple(self._query(self._store.units, [source]).get(source, ()))

    def lookup(
        self,
        source: str,
        context: str | None = None,
        *,
        exclude: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> Match | None:
        """The translation of `source` (its msgctxt `context` preferred), else of the most similar
        text with a similarity of at least `threshold`; never one of the release `exclude`."""
        return self.lookups([(source, context)], exclude=exclude, threshold=threshold)[0]

    def lookups(
        self,
        queries: Sequence[tuple[str, str | None]],
        *,
        exclude: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Match | None]:
        """`lookup` of each (source, context) of `queries`: the exact matches of all found at
        once."""
        exact = self.exact(queries, exclude=exclude)
        return [
            Match(exact[query], 1.0)
            if query in exact
            else self._query(self._closest, source, context, exclude, threshold)
            for query in queries
            for source, context in [query]
        ]

    def exact(
        self, queries: Iterable[tuple[str, str | None]], *, exclude: str | None = None
    ) -> dict[tuple[str, str | None], MemoryUnit]:
        """The preferred translation of each (source, context) of `queries` that has one of that
        very text."""
        queries = list(queries)
        stored = self._query(self._store.units, [source for source, _ in queries])
        found = {}
        for source, context in queries:
            unit = _preferred(stored.get(source, ()), context, exclude)
            if unit is not None:
                found[source, context] = unit
        return found

    def _query(self, function, *args):
        try:
            return function(*args)
        except sqlite3.DatabaseError as error:
            # Damaged while in use (another process, the disk): the next load rebuilds it.
            _forget(self._store)
            raise PressflowError(
                f"the translation memory's cache is damaged ({error}); run the command again "
                "(the cache is rebuilt)",
                self._store.path,
            ) from None

    def _closest(
        self, source: str, context: str | None, exclude: str | None, threshold: float
    ) -> Match | None:
        words = index_words(source)
        needed = math.ceil(len(words) * _SHARED_WORDS)
        best: tuple[float, bool, str] | None = None
        best_unit = None
        floor = threshold
        for candidate in self._candidates(source, words, threshold):
            # The cheap bounds first; they tighten as better matches turn up.
            if (
                2 * min(len(candidate), len(source)) / (len(candidate) + len(source)) < floor
                or len(words & index_words(candidate)) < needed
            ):
                continue
            ratio = similarity(candidate, source, floor)
            unit = _preferred(self.units(candidate), context, exclude) if ratio else None
            if unit is not None:
                rank = (ratio, unit.context == context, candidate)
                if best is None or _outranks(rank, best):
                    best, best_unit, floor = rank, unit, ratio
        return Match(best_unit, best[0]) if best and best_unit else None

    def _candidates(self, source: str, words: set[str], threshold: float) -> list[str]:
        """The first few texts of a possible length sharing the most of the rarer half of `words`
        (then the closest in length, then by number: a hash of the text), as many as msgmerge's
        fuzzy index takes: the square root of the count, at least 10."""
        low, high = _length_window(len(source), threshold)
        counts = self._store.word_counts(sorted(words))
        ranked = sorted(words, key=lambda word: (counts[word], word))
        rare = [
            word
            for word in ranked[: len(ranked) - math.ceil(len(ranked) * _SHARED_WORDS) + 1]
            if counts[word]
        ]
        if not rare:
            return []
        hits = self._store.hits(rare, math.ceil(low), math.floor(high))
        few = max(10, math.isqrt(self._store.text_count()))
        chosen = [
            number
            for _, _, number in heapq.nsmallest(
                few, ((-count, abs(length - len(source)), number) for number, length, count in hits)
            )
        ]
        texts = self._store.texts(chosen)
        return [texts[number] for number in chosen if number in texts]


def _outranks(rank: tuple[float, bool, str], best: tuple[float, bool, str]) -> bool:
    """Higher similarity, then the same context, then the smaller text (for a stable choice)."""
    return rank[:2] > best[:2] or (rank[:2] == best[:2] and rank[2] < best[2])


def _preferred(
    units: Iterable[MemoryUnit], context: str | None, exclude: str | None
) -> MemoryUnit | None:
    """Among the translations of one text: the same context first, then the newest release (ids
    start with their date), then the first line."""
    usable = [unit for unit in units if unit.release != exclude]
    if not usable:
        return None
    return max(usable, key=lambda unit: (unit.context == context, unit.release, -unit.line))


def _length_window(length: int, threshold: float) -> tuple[float, float]:
    """Lengths a text may have and still reach `threshold` against one of `length`: ratio <= 2 min /
    sum."""
    slack = 1e-9
    return length * threshold / (2 - threshold) - slack, length * (
        2 - threshold
    ) / threshold + slack


# ---------------------------------------------------------------------------
# Loading

# The store of each (project, language) this process opened, kept open: an `update` of every release
# loads the memory for each of them, and only the catalogs written since need reading.
_open: dict[tuple[Path, str], MemoryStore] = {}
_KEPT_OPEN = 8

_run: dict[tuple[Path, str], TranslationMemory] | None = None
"""Within `one_run()`: the memories loaded in it, which only `remember` changes from then on."""
_run_cache: Cache | None = None
"""Within `one_run()`: the project's cache of the command, which knows the catalogs' digests."""


@contextlib.contextmanager
def one_run(cache: Cache | None = None) -> Iterator[None]:
    """One `update` of many releases: while it runs, the catalogs change only by the writes it tells
    `remember` of, so each language's memory is brought up to date with the disk once, then kept up
    to date by `remember`, not stat-ed catalog by catalog at every release (which grows as the
    square of the archive). `cache`: the command's cache, which the loads consult and add to."""
    global _run, _run_cache
    _run, _run_cache = {}, cache
    try:
        yield
    finally:
        _run, _run_cache = None, None


def load_memory(
    config: Config, language: str, *, reuse: bool = True, cache: Cache | None = None
) -> TranslationMemory:
    """The memory of `language` as its catalogs are now, from the cache as far as it is still valid.

    `reuse=False` closes what this process opened before and starts from the cache file. `cache`:
    the command's cache of file digests (saved by the command); without one, a cache of this load's
    own.
    """
    key = (config.root, language)
    if not reuse:
        _open.pop(key, None)  # memories made from it keep their connection until they are dropped
    if _run is not None and key in _run and key in _open:
        return _run[key]
    files = cache or _run_cache or Cache(config)
    for attempt in (1, 2):
        store = _open.get(key) or _opened(key, _cache_path(config, language))
        try:
            report = _refresh(config, language, store, files)
            break
        except sqlite3.DatabaseError as error:
            # Damaged beyond what opening it found: rebuilt from the catalogs, once.
            log.info("rebuilding the translation memory cache %s: %s", store.path, error)
            _forget(store)
            discard(store.path)
            if attempt == 2:
                raise PressflowError(
                    f"cannot keep the translation memory cache ({error}): delete it",
                    config.shown(store.path),
                ) from None
    if files is not cache and files is not _run_cache:
        files.save()
    memory = TranslationMemory(language, store, report)
    if _run is not None:
        _run[key] = memory
    return memory


def _opened(key: tuple[Path, str], path: Path) -> MemoryStore:
    store = _open[key] = MemoryStore(path, key[1])
    while len(_open) > _KEPT_OPEN:
        del _open[next(iter(_open))]
    return store


def close_stores() -> None:
    """Close every store this process opened (their write-ahead logs folded into the files)."""
    for store in list(_open.values()):
        _forget(store)


def _forget(store: MemoryStore) -> None:
    for key, held in list(_open.items()):
        if held is store:
            del _open[key]
    store.close()


def remember(config: Config, language: str, path: Path, catalog: Catalog, data: bytes) -> None:
    """Tell the memory this process opened that the release catalog `path` now holds `catalog`, just
    written as `data`: it is not parsed again."""
    store = _open.get((config.root, language))
    if store is None or not catalog.metadata or path.name == _UI_CATALOG:
        return
    # Each entry's line is the first of its block; blocks are separated by one empty line, the
    # header first, then the live entries (format_catalog's order), which are all the memory holds.
    starts = [1] + [number + 2 for number, line in enumerate(data.split(b"\n")) if not line]
    live = [entry for entry in catalog if not entry.obsolete]
    units = tuple(
        (entry.msgctxt, entry.msgid, entry.msgstr, line)
        for entry, line in zip(live, starts[1:])
        if _held(entry) and not is_header(entry)
    )
    record = CatalogRecord(bytes_digest(data), catalog.metadata.get("POT-Creation-Date", ""))
    try:
        # Compacting is left to the next load: an update of the whole archive would compact many
        # times.
        store.apply([(path.relative_to(config.root).as_posix(), record, units)], compact=False)
    except sqlite3.DatabaseError as error:
        log.info("translation memory cache %s: %s", store.path, error)
        _forget(store)  # the next load rebuilds it


def _cache_path(config: Config, language: str) -> Path:
    return config.root / CACHE_DIR / f"memory-{re.sub(r'[^A-Za-z0-9_-]', '_', language)}.sqlite"


def catalog_files(config: Config, language: str) -> tuple[Path, list[str]]:
    """The folder of a language's release catalogs and their file names, sorted (no Path for each:
    an archive has thousands)."""
    folder = config.locales_dir / language / "LC_MESSAGES"
    try:
        with os.scandir(
            folder
        ) as entries:  # the archive's thousands of files: no stat, no Path sorting
            return folder, sorted(
                entry.name
                for entry in entries
                if entry.name.endswith(".po") and entry.name != _UI_CATALOG and entry.is_file()
            )
    except OSError:
        return folder, []


def _refresh(config: Config, language: str, store: MemoryStore, cache: Cache) -> LoadReport:
    """Bring `store` up to the catalogs as they are now: those the cache vouches for with the digest
    the store holds are left alone; the others are read and hashed, and parsed when their content
    changed (in worker processes when there are many: on a cold start, every catalog, stored as they
    come)."""
    known = store.records()
    doubtful: list[tuple[Path, CatalogRecord | None]] = []
    folder, files = catalog_files(config, language)
    prefix, shown = str(folder), folder.relative_to(config.root).as_posix()
    names = {f"{shown}/{file}": file for file in files}
    for name, file in names.items():
        old = known.get(name)
        try:
            stat = os.stat(os.path.join(prefix, file))
        except OSError:  # gone since the listing: reading it says so
            stat = None
        if not (old and stat and cache.known(os.path.join(prefix, file), stat) == old.digest):
            doubtful.append((folder / file, old))
    gone = [name for name in known if name not in names]
    counts = {"hashed": 0, "parsed": 0}
    skipped: list[PressflowError] = []

    def changes() -> Iterator[Change]:
        examined = forked_imap(functools.partial(_examined, config), doubtful, _CATALOGS_PER_WORKER)
        for (path, old), (record, units, error, stat) in zip(doubtful, examined, strict=True):
            name = f"{shown}/{path.name}"
            counts["hashed"] += stat is not None
            if record is not None and stat is not None:
                cache.record(path, record.digest, stat)
            if error is not None:
                # Its own `update` reports it; the memory goes on without it.
                log.warning("translation memory leaves out %s", error)
                skipped.append(error)
                if old is not None:
                    yield name, None, None
            elif units is not None:
                counts["parsed"] += 1
                yield name, record, units
        for name in gone:
            yield name, None, None

    if doubtful or gone:
        indexed = store.apply(changes())
    else:
        indexed = False
        store.compact_if_due()  # after a run that wrote many catalogs (see `remember`)
    return LoadReport(
        catalogs=len(files),
        hashed=counts["hashed"],
        parsed=counts["parsed"],
        indexed=indexed,
        skipped=tuple(skipped),
    )


def _examined(
    config: Config, item: tuple[Path, CatalogRecord | None]
) -> tuple[
    CatalogRecord | None, tuple[Unit, ...] | None, PressflowError | None, os.stat_result | None
]:
    """A catalog the cache cannot vouch for, read and hashed: its record and, unless its content is
    the one `old` recorded, its units; or why it is left out; and the stat it was read with (None:
    not read)."""
    path, old = item
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError as error:  # gone or unreadable since the listing: not part of the memory
        return (
            None,
            None,
            PressflowError(f"unreadable catalog: {error.strerror}", config.shown(path)),
            None,
        )
    digest = bytes_digest(data)
    if old and old.digest == digest:
        return old, None, None, stat
    try:
        catalog = pofile.read_catalog(path, config.shown(path), data)
    except PressflowError as error:
        return CatalogRecord(digest, ""), None, error, stat
    units = tuple(
        (entry.msgctxt, entry.msgid, entry.msgstr, entry.linenum)
        for entry in pofile.live_entries(catalog)
        if _held(entry)
    )
    return CatalogRecord(digest, catalog.metadata.get("POT-Creation-Date", "")), units, None, stat


def _held(entry: Entry) -> bool:
    """Whether the memory holds a live entry: translated, not fuzzy, singular."""
    return bool(entry.msgstr) and not entry.fuzzy and not entry.msgid_plural


def _newest_date(dates: Iterable[str]) -> str:
    dated = [(parse_pot_date(text), text) for text in dates]
    dated = [(moment, text) for moment, text in dated if moment is not None]
    return max(dated)[1] if dated else ""


@functools.lru_cache(maxsize=4096)
def parse_pot_date(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Pre-filling a merged catalog


def untranslated(entry: Entry) -> bool:
    """An entry the memory may fill: live, singular, with no translation and not fuzzy."""
    return (
        not entry.obsolete
        and not entry.msgid_plural
        and not entry.msgstr
        and not entry.fuzzy
        and not is_header(entry)
    )


def prefill(
    catalog: Catalog,
    memory: TranslationMemory,
    release: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    exact_fuzzy: bool = False,
) -> tuple[Catalog, Recalled]:
    """`catalog` (of `release`) with each untranslated entry filled from `memory`, noting where
    from.

    An exact match fills the translation (fuzzy only with `exact_fuzzy`); a close one fills it
    fuzzy, with the memory's source text as the previous msgid, so the translator sees what
    differed.
    """
    entries, exact, close = [], 0, 0
    open_entries = [entry for entry in catalog if untranslated(entry)]
    found = dict(
        zip(
            map(id, open_entries),
            memory.lookups(
                [(entry.msgid, entry.msgctxt) for entry in open_entries],
                exclude=release,
                threshold=threshold,
            ),
        )
    )
    for entry in catalog:
        match = found.get(id(entry))
        if match is None:
            entries.append(entry)
            continue
        filled = copy.deepcopy(entry)
        filled.msgstr = match.unit.translation
        filled.comment = "\n".join(
            part for part in (entry.comment, NOTE_PREFIX + match.unit.release) if part
        )
        if not match.exact or exact_fuzzy:
            filled.flags = ["fuzzy", *(flag for flag in entry.flags if flag != "fuzzy")]
        if not match.exact:
            filled.previous_msgctxt = match.unit.context
            filled.previous_msgid = match.unit.source
            close += 1
        else:
            exact += 1
        entries.append(filled)
    if not exact and not close:
        return catalog, Recalled()
    return pofile.new_catalog(catalog.metadata, entries, like=catalog), Recalled(exact, close)


def keep_notes(old: Catalog, merged: Catalog) -> Catalog:
    """`merged` with the `memory:` notes its translations had in `old`.

    The merge takes extracted comments from the template, as msgmerge does; the note
    stays with the translation it explains, so that the next update changes no byte.
    """
    notes: dict[tuple[str | None, str], tuple[bool, list[str]]] = {}
    for entry in old:
        lines = [line for line in (entry.comment or "").split("\n") if line.startswith(NOTE_PREFIX)]
        key = (entry.msgctxt, entry.msgid)
        if lines and (key not in notes or notes[key][0]):  # a live entry wins over an obsolete one
            notes[key] = (entry.obsolete, lines)
    if not notes:
        return merged
    entries, changed = [], False
    for entry in merged:
        lines = notes.get((entry.msgctxt, entry.msgid), (False, []))[1]
        own = (entry.comment or "").split("\n")
        missing = [line for line in lines if line not in own]
        if entry.obsolete or not entry.msgstr or not missing:
            entries.append(entry)
            continue
        kept = copy.deepcopy(entry)
        kept.comment = "\n".join(part for part in (entry.comment, *missing) if part)
        entries.append(kept)
        changed = True
    return pofile.new_catalog(merged.metadata, entries, like=merged) if changed else merged
