"""Translation memory: what translators already translated in the project's other releases.

Press offices repeat themselves (the source line, contacts, boilerplate paragraphs).
The memory of one language holds every translated, non-fuzzy message of its release
catalogs (`locales/<lang>/LC_MESSAGES/<id>.po`, not `pressflow.po`): source text,
translation, and where it came from (release id, line of the entry in its catalog).

Lookups find the same source text (whatever its msgctxt: the `source` line of one
release is the same boilerplate in another) or else the most similar one by difflib's
ratio, the measure `merge.py` uses as msgmerge does. A word index finds the
candidates, as msgmerge's own fuzzy index (msgl-fsearch.c) does with 4-grams: the
texts of a length that can reach the threshold (the index numbers texts by length, so
that is a range of numbers) sharing one of the rarer half of the query's words (a
prefix filter: a text sharing half of the query's words shares one of those); the
first few by words in common (the square root of their count, at least 10, as
msgmerge) are checked with upper bounds (length, letters in common, share of words)
that tighten as better matches turn up, then with difflib's ratio, abandoned once it
cannot reach the best so far (as gettext's fstrcmp_bounded). Like msgmerge's, "the
match does not need to be optimal": it may miss a text that shares under half of the
words (every word edited) or, among very many near-identical texts, return one a
little less similar; never one under the threshold, and the same one on every run.

The cache (`.pressflow-cache/memory-<lang>.json`, JSON only: nothing in it is ever
executed, no path in it is ever opened) keeps, per catalog, its size, mtime_ns,
content hash and translated messages, and the word index with the fingerprint of the
catalogs it was built from (the hash of their paths and content hashes). A catalog
whose size and mtime_ns are as recorded is trusted without being read, unless it was
modified within two seconds of being recorded (a later write could keep both, as
git's "racy" entries); any other is hashed, and parsed again only when its content
changed. The file is rewritten (whole, atomically) when more than a twentieth of the
catalogs differ from it; fewer are read again at each load and patched into the
index in memory. A missing, stale, corrupt or foreign cache is rebuilt, never
trusted, never an error.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import datetime as dt
import functools
import hashlib
import heapq
import json
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

import polib

from pressflow import __version__, pofile
from pressflow.config import Config
from pressflow.errors import PressflowError
from pressflow.fsutil import write_atomic
from pressflow.project import CACHE_DIR
from pressflow.merge import bounded_ratio, ratio_bound

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.8
NOTE_PREFIX = "memory: "
"""Start of the extracted comment (`#. memory: <release-id>`) of a message filled from the memory."""

_CACHE_FORMAT = 1
_UI_CATALOG = "pressflow.po"  # catalogs.UI_DOMAIN: the templates' strings, not a release
_RACY_NS = 2_000_000_000
_SHARED_WORDS = 0.5
_WORD = re.compile(r"\w+")
_KEPT_LOADS = 8


@dataclass(frozen=True)
class MemoryUnit:
    """One translated message of a release catalog."""

    source: str
    translation: str
    release: str
    """Id of the release whose catalog holds it."""
    line: int
    """Line of the entry in that catalog."""
    context: str | None = None


@dataclass(frozen=True)
class Match:
    unit: MemoryUnit
    similarity: float
    """difflib's ratio of the two source texts: 1.0 for the same text."""

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
    """Whether the word index was built (or extended) rather than taken as it was."""
    skipped: tuple[PressflowError, ...] = ()
    """Unreadable catalogs, left out of the memory."""


@dataclass(frozen=True)
class Recalled:
    """Messages of one catalog that `update` filled from the memory."""

    exact: int = 0
    close: int = 0


@dataclass(frozen=True)
class _Record:
    """What the cache knows about one catalog."""

    size: int
    mtime_ns: int
    sha256: str
    racy: bool
    pot_date: str
    units: tuple[tuple[str | None, str, str, int], ...]
    """(msgctxt, msgid, msgstr, line) of each translated entry."""


class TranslationMemory:
    """The translated messages of one language's release catalogs, indexed for lookups.

    A memory never changes once made: a newer state of the catalogs is a new memory,
    sharing what did not change.
    """

    def __init__(self, language: str, units: dict[str, list[MemoryUnit]], sources: list[str],
                 postings: dict[str, list[int]], sorted_count: int, pot_date: str = "",
                 report: LoadReport | None = None, numbers: dict[str, int] | None = None):
        self.language = language
        self._units = units
        """Units by source text."""
        self._sources = sources
        """Every source text the word index knows, by number; some may have no unit left."""
        self._sorted_count = sorted_count
        """The first texts, numbered by length: the texts of a length are a range of numbers."""
        self._postings = postings
        """Numbers of the source texts holding each (lowercased) word, ascending."""
        # Kept from the memory this one was made from, when given (a full rebuild costs a pass in Python).
        self._numbers = numbers if numbers is not None else {source: number for number, source in enumerate(sources)}
        self._lengths = list(map(len, sources))
        self.pot_date = pot_date
        """The newest POT-Creation-Date of the catalogs (as written in them), or ""."""
        self.report = report or LoadReport(catalogs=0)

    def __len__(self) -> int:
        return sum(len(units) for units in self._units.values())

    def sources(self) -> list[str]:
        return sorted(self._units)

    def units(self, source: str) -> tuple[MemoryUnit, ...]:
        return tuple(self._units.get(source, ()))

    def lookup(self, source: str, context: str | None = None, *, exclude: str | None = None,
               threshold: float = DEFAULT_THRESHOLD) -> Match | None:
        """The translation of `source` (its msgctxt `context` preferred), else of the most similar text
        with a similarity of at least `threshold`; never one of the release `exclude`."""
        unit = _preferred(self._units.get(source, ()), context, exclude)
        if unit is not None:
            return Match(unit, 1.0)
        return self._closest(source, context, exclude, threshold)

    def _closest(self, source: str, context: str | None, exclude: str | None, threshold: float) -> Match | None:
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(source)
        words = _index_words(source)
        needed = math.ceil(len(words) * _SHARED_WORDS)
        best: tuple[float, bool, str] | None = None
        best_unit = None
        floor = threshold
        for number in self._candidates(source, words, threshold):
            candidate = self._sources[number]
            # The cheap bounds first; they tighten as better matches turn up.
            if 2 * min(len(candidate), len(source)) / (len(candidate) + len(source)) < floor \
                    or ratio_bound(candidate, source, floor) < floor \
                    or len(words & _index_words(candidate)) < needed:
                continue
            # As in merge.py: the memory's text is the old one, seq1.
            matcher.set_seq1(candidate)
            ratio = bounded_ratio(matcher, floor)
            unit = _preferred(self._units.get(candidate, ()), context, exclude) if ratio >= floor else None
            if unit is not None:
                rank = (ratio, unit.context == context, candidate)
                if best is None or _outranks(rank, best):
                    best, best_unit, floor = rank, unit, ratio
        return Match(best_unit, best[0]) if best and best_unit else None

    def _candidates(self, source: str, words: set[str], threshold: float) -> list[int]:
        """The first few texts of a possible length sharing the most of the rarer half of `words`
        (then the closest in length), as many as msgmerge's fuzzy index takes: the square root of
        the count, at least 10."""
        low, high = _length_window(len(source), threshold)
        lengths, length = self._lengths, len(source)
        first = bisect.bisect_left(lengths, low, 0, self._sorted_count)
        last = bisect.bisect_right(lengths, high, 0, self._sorted_count)
        ranked = sorted(words, key=lambda word: (len(self._postings.get(word, ())), word))
        hits: Counter[int] = Counter()
        for word in ranked[: len(ranked) - math.ceil(len(ranked) * _SHARED_WORDS) + 1]:
            numbers = self._postings.get(word, ())
            hits.update(numbers[bisect.bisect_left(numbers, first):bisect.bisect_left(numbers, last)])
            # Texts added since the index was built are numbered after the sorted ones.
            added = numbers[bisect.bisect_left(numbers, self._sorted_count):]
            hits.update(number for number in added if low <= lengths[number] <= high)
        few = max(10, math.isqrt(len(self._sources)))
        return [number for _, _, number in heapq.nsmallest(
            few, ((-count, abs(lengths[number] - length), number) for number, count in hits.items()))]

    def changed(self, removed: Iterable[MemoryUnit], added: Iterable[MemoryUnit], pot_date: str,
                report: LoadReport) -> TranslationMemory:
        """A new memory without `removed` and with `added`; this one stays as it was."""
        memory = TranslationMemory(self.language, dict(self._units), list(self._sources), dict(self._postings),
                                   self._sorted_count, pot_date, report, dict(self._numbers))
        memory._apply(removed, added)
        return memory

    def _apply(self, removed: Iterable[MemoryUnit], added: Iterable[MemoryUnit]) -> None:
        """Take out `removed` and put in `added`, in place: only on a memory no one else holds (its
        lists are replaced, never changed, so a copy made before keeps its own)."""
        units, sources, postings, numbers = self._units, self._sources, self._postings, self._numbers
        for unit in removed:
            kept = [other for other in units.get(unit.source, ()) if other != unit]
            if kept:
                units[unit.source] = kept
            else:
                # The text keeps its number in the index: lookups skip a text without units.
                units.pop(unit.source, None)
        for unit in added:
            units[unit.source] = [*units.get(unit.source, ()), unit]
            if unit.source not in numbers:
                numbers[unit.source] = len(sources)
                for word in _index_words(unit.source):
                    postings[word] = [*postings.get(word, ()), len(sources)]
                sources.append(unit.source)
                self._lengths.append(len(unit.source))


def _outranks(rank: tuple[float, bool, str], best: tuple[float, bool, str]) -> bool:
    """Higher similarity, then the same context, then the smaller text (for a stable choice)."""
    return rank[:2] > best[:2] or (rank[:2] == best[:2] and rank[2] < best[2])


def _preferred(units: Iterable[MemoryUnit], context: str | None, exclude: str | None) -> MemoryUnit | None:
    """Among the translations of one text: the same context first, then the newest release (ids start with
    their date), then the first line."""
    usable = [unit for unit in units if unit.release != exclude]
    if not usable:
        return None
    return max(usable, key=lambda unit: (unit.context == context, unit.release, -unit.line))


def _index_words(text: str) -> set[str]:
    """The words of `text` as the index knows them: lowercased; "" stands for none at all."""
    return set(_WORD.findall(text.lower())) or {""}


def _length_window(length: int, threshold: float) -> tuple[float, float]:
    """Lengths a text may have and still reach `threshold` against one of `length`: ratio <= 2 min / sum."""
    slack = 1e-9
    return length * threshold / (2 - threshold) - slack, length * (2 - threshold) / threshold + slack


# ---------------------------------------------------------------------------
# Loading, with the cache

# The memory last loaded for each (project, language) in this process: an `update` of every
# release reloads it for each of them, and only the catalogs written since need reading.
_loaded: dict[tuple[Path, str], tuple[dict[str, _Record], TranslationMemory]] = {}


_run: set[tuple[Path, str]] | None = None
"""Within `one_run()`: the memories loaded in it, which only `remember` changes from then on."""


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    """One `update` of many releases: while it runs, the catalogs change only by the writes it tells
    `remember` of, so each language's memory is refreshed from the disk once, then kept up to
    date in place, not stat-ed catalog by catalog at every release (which grows as the square of
    the archive)."""
    global _run
    _run = set()
    try:
        yield
    finally:
        _run = None


def load_memory(config: Config, language: str, *, reuse: bool = True) -> TranslationMemory:
    """The memory of `language` as its catalogs are now, from the cache as far as it is still valid.

    `reuse=False` ignores what this process loaded before and starts from the cache file.
    """
    key = (config.root, language)
    if reuse and _run is not None and key in _run and key in _loaded:
        return _loaded[key][1]
    known = _loaded.get(key) if reuse else None
    cache_path = _cache_path(config, language)
    from_disk = known is None
    if known is None:
        known = _read_cache(cache_path, language)
    records, report = _refresh(config, language, known[0] if known else {})
    # Rewriting the file costs about as much as reading it: a few catalogs that differ from it
    # are read again at each load instead, until they are more than a twentieth of them.
    rewrite = from_disk and (known is None or report.hashed > len(records) // 20)
    if known is not None and _fingerprint(known[0]) == _fingerprint(records):
        memory = _with_report(known[1], records, report)
    elif known is not None and not rewrite:
        memory = _patched(known[1], known[0], records, report)
    else:
        memory = _built(records, language, replace(report, indexed=True))
    if rewrite:
        _write_cache(cache_path, language, records, memory)
    _loaded.pop(key, None)
    _loaded[key] = (records, memory)
    if _run is not None:
        _run.add(key)
    while len(_loaded) > _KEPT_LOADS:
        del _loaded[next(iter(_loaded))]
    return memory


def remember(config: Config, language: str, path: Path, catalog: polib.POFile, data: bytes) -> None:
    """Tell the memory this process loaded that the release catalog `path` now holds `catalog`, just
    written as `data`: its next load hashes the file but does not parse it again."""
    known = _loaded.get((config.root, language))
    if known is None or not catalog.metadata or path.name == _UI_CATALOG:
        return
    try:
        stat = path.stat()
    except OSError:
        return
    # Each entry's line is the first of its block; blocks are separated by one empty line, the
    # header first, then the live entries (format_catalog's order), which are all the memory holds.
    starts = [1] + [number + 2 for number, line in enumerate(data.split(b"\n")) if not line]
    live = [entry for entry in catalog if not entry.obsolete]
    units = tuple((entry.msgctxt, entry.msgid, entry.msgstr, line) for entry, line in zip(live, starts[1:])
                  if entry.msgstr and not entry.fuzzy and not entry.msgid_plural
                  and not (entry.msgid == "" and entry.msgctxt is None))
    records, memory = known
    name = path.relative_to(config.root).as_posix()
    record = _Record(size=stat.st_size, mtime_ns=stat.st_mtime_ns, sha256=hashlib.sha256(data).hexdigest(),
                     racy=True, pot_date=catalog.metadata.get("POT-Creation-Date", ""), units=units)
    before = records.get(name)
    if _run is not None and (config.root, language) in _run:
        # In one run, no one else holds this memory: changed in place, not copied at each write.
        records[name] = record
        if before is None or before.sha256 != record.sha256:
            memory._apply(_units_of(name, before) if before else (), _units_of(name, record))
            memory.pot_date = _newest_date(records)
        return
    changed = {**records, name: record}
    _loaded[(config.root, language)] = (changed, _patched(memory, records, changed, memory.report))


def _cache_path(config: Config, language: str) -> Path:
    return config.root / CACHE_DIR / f"memory-{re.sub(r'[^A-Za-z0-9_-]', '_', language)}.json"


def catalog_paths(config: Config, language: str) -> list[Path]:
    folder = config.locales_dir / language / "LC_MESSAGES"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.po") if path.name != _UI_CATALOG and path.is_file())


def _refresh(config: Config, language: str, known: Mapping[str, _Record]) -> tuple[dict[str, _Record], LoadReport]:
    """Records of the catalogs as they are now: stat each, hash the doubtful, parse the changed."""
    records: dict[str, _Record] = {}
    hashed = parsed = 0
    skipped = []
    now = time.time_ns()
    paths = catalog_paths(config, language)
    for path in paths:
        name = path.relative_to(config.root).as_posix()
        try:
            stat = path.stat()
            old = known.get(name)
            if old and not old.racy and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                records[name] = old
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:  # gone or unreadable since the listing: not part of the memory
            skipped.append(PressflowError(f"unreadable catalog: {error.strerror}", config.shown(path)))
            continue
        hashed += 1
        stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "racy": stat.st_mtime_ns > now - _RACY_NS}
        if old and old.sha256 == digest:
            records[name] = replace(old, **stamp)
            continue
        try:
            catalog = pofile.read_catalog(path, config.shown(path))
        except PressflowError as error:
            # Its own `update` reports it; the memory goes on without it.
            log.warning("translation memory leaves out %s", error)
            skipped.append(error)
            continue
        parsed += 1
        units = tuple((entry.msgctxt, entry.msgid, entry.msgstr, entry.linenum)
                      for entry in pofile.live_entries(catalog)
                      if entry.msgstr and not entry.fuzzy and not entry.msgid_plural)
        records[name] = _Record(sha256=digest, pot_date=catalog.metadata.get("POT-Creation-Date", ""),
                                units=units, **stamp)
    return records, LoadReport(catalogs=len(paths), hashed=hashed, parsed=parsed, skipped=tuple(skipped))


def _fingerprint(records: Mapping[str, _Record]) -> str:
    """What the index was built from: each catalog's path and content hash."""
    digest = hashlib.sha256()
    for name in sorted(records):
        digest.update(f"{name}\0{records[name].sha256}\n".encode())
    return digest.hexdigest()


def _release(name: str) -> str:
    return name.rsplit("/", 1)[-1].removesuffix(".po")


def _units_of(name: str, record: _Record) -> Iterator[MemoryUnit]:
    release = _release(name)
    for context, source, translation, line in record.units:
        yield MemoryUnit(source, translation, release, line, context)


def _newest_date(records: Mapping[str, _Record]) -> str:
    dated = [(parse_pot_date(record.pot_date), record.pot_date) for record in records.values()]
    dated = [(moment, text) for moment, text in dated if moment is not None]
    return max(dated)[1] if dated else ""


@functools.lru_cache(maxsize=4096)
def parse_pot_date(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None


def _built(records: Mapping[str, _Record], language: str, report: LoadReport,
           index: tuple[list[str], dict[str, list[int]]] | None = None) -> TranslationMemory:
    """A memory of `records`, with their word index when given, else a new one."""
    units: dict[str, list[MemoryUnit]] = {}
    for name in sorted(records):
        for unit in _units_of(name, records[name]):
            units.setdefault(unit.source, []).append(unit)
    if index is None:
        sources = sorted(units, key=lambda source: (len(source), source))
        postings: dict[str, list[int]] = {}
        for number, source in enumerate(sources):
            for word in _index_words(source):
                postings.setdefault(word, []).append(number)
        index = sources, postings
    return TranslationMemory(language, units, index[0], index[1], len(index[0]), _newest_date(records), report)


def _patched(memory: TranslationMemory, old: Mapping[str, _Record], new: Mapping[str, _Record],
             report: LoadReport) -> TranslationMemory:
    """`memory` (made from `old`) brought to `new` by the catalogs that changed."""
    removed, added = [], []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before is not None and after is not None and before.sha256 == after.sha256:
            continue
        if before is not None:
            removed.extend(_units_of(name, before))
        if after is not None:
            added.extend(_units_of(name, after))
    return memory.changed(removed, added, _newest_date(new), replace(report, indexed=True))


def _with_report(memory: TranslationMemory, records: Mapping[str, _Record], report: LoadReport) -> TranslationMemory:
    return TranslationMemory(memory.language, memory._units, memory._sources, memory._postings,
                             memory._sorted_count, _newest_date(records), report, memory._numbers)


# The cache file: {"format", "pressflow", "language",
#   "catalogs": {path: {"size", "mtime_ns", "sha256", "racy", "pot_date", "units": [[ctx, id, str, line]]}},
#   "index": {"fingerprint", "sources": [text], "postings": {word: [number]}}}

def _read_cache(path: Path, language: str) -> tuple[dict[str, _Record], TranslationMemory] | None:
    """The records and memory a cache file holds; None when it is missing or cannot be trusted."""
    try:
        data = json.loads(path.read_bytes())
        if not (isinstance(data, dict) and data.get("format") == _CACHE_FORMAT
                and data.get("pressflow") == __version__ and data.get("language") == language):
            return None
        records = {name: _record(value) for name, value in _mapping(data["catalogs"]).items()}
        index = _mapping(data["index"])
        sources, postings = _index(index, records)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.info("ignoring the translation memory cache %s: %s", path, error)
        return None
    report = LoadReport(catalogs=len(records))
    memory = _built(records, language, report, (sources, postings))
    return records, memory


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _record(value: object) -> _Record:
    value = _mapping(value)
    units = value["units"]
    if not (isinstance(units, list) and all(
            isinstance(unit, list) and len(unit) == 4 and isinstance(unit[0], (str, type(None)))
            and isinstance(unit[1], str) and isinstance(unit[2], str) and type(unit[3]) is int for unit in units)):
        raise ValueError("malformed units")
    record = _Record(size=value["size"], mtime_ns=value["mtime_ns"], sha256=value["sha256"], racy=value["racy"],
                     pot_date=value["pot_date"], units=tuple(tuple(unit) for unit in units))
    if not (type(record.size) is int and type(record.mtime_ns) is int and isinstance(record.sha256, str)
            and isinstance(record.racy, bool) and isinstance(record.pot_date, str)):
        raise ValueError("malformed catalog record")
    return record


def _index(index: dict, records: Mapping[str, _Record]) -> tuple[list[str], dict[str, list[int]]]:
    """The word index, if it was built from these very records and is whole."""
    sources, postings = index["sources"], _mapping(index["postings"])
    if index["fingerprint"] != _fingerprint(records):
        raise ValueError("index of other catalogs")
    if not (isinstance(sources, list) and all(isinstance(source, str) for source in sources)):
        raise ValueError("malformed sources")
    if set(sources) != {unit[1] for record in records.values() for unit in record.units}:
        raise ValueError("sources differ from the catalogs")
    if any(len(sources[number]) > len(sources[number + 1]) for number in range(len(sources) - 1)):
        raise ValueError("sources not in order of length")
    count = len(sources)
    for numbers in postings.values():
        # Checked by whole lists (in C): the index is most of the file.
        if not (isinstance(numbers, list) and numbers and set(map(type, numbers)) == {int}
                and numbers[0] >= 0 and numbers[-1] < count and numbers == sorted(numbers)):
            raise ValueError("malformed postings")
    return sources, postings


def _write_cache(path: Path, language: str, records: Mapping[str, _Record], memory: TranslationMemory) -> None:
    # A memory read from the cache or built anew has no text without units: its index is compact.
    data = {
        "format": _CACHE_FORMAT, "pressflow": __version__, "language": language,
        "catalogs": {name: {"size": record.size, "mtime_ns": record.mtime_ns, "sha256": record.sha256,
                            "racy": record.racy, "pot_date": record.pot_date, "units": record.units}
                     for name, record in sorted(records.items())},
        "index": {"fingerprint": _fingerprint(records), "sources": memory._sources, "postings": memory._postings},
    }
    try:
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError as error:  # a read-only checkout still gets its memory, only slower next time
        log.warning("cannot write the translation memory cache %s: %s", path, error)


# ---------------------------------------------------------------------------
# Pre-filling a merged catalog

def untranslated(entry: polib.POEntry) -> bool:
    """An entry the memory may fill: live, singular, with no translation and not fuzzy."""
    return (not entry.obsolete and not entry.msgid_plural and not entry.msgstr and not entry.fuzzy
            and not (entry.msgid == "" and entry.msgctxt is None))


def prefill(catalog: polib.POFile, memory: TranslationMemory, release: str, *,
            threshold: float = DEFAULT_THRESHOLD, exact_fuzzy: bool = False) -> tuple[polib.POFile, Recalled]:
    """`catalog` (of `release`) with each untranslated entry filled from `memory`, noting where from.

    An exact match fills the translation (fuzzy only with `exact_fuzzy`); a close one fills it
    fuzzy, with the memory's source text as the previous msgid, so the translator sees what differed.
    """
    entries, exact, close = [], 0, 0
    for entry in catalog:
        match = memory.lookup(entry.msgid, entry.msgctxt, exclude=release, threshold=threshold) \
            if untranslated(entry) else None
        if match is None:
            entries.append(entry)
            continue
        filled = copy.deepcopy(entry)
        filled.msgstr = match.unit.translation
        filled.comment = "\n".join(part for part in (entry.comment, NOTE_PREFIX + match.unit.release) if part)
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


def keep_notes(old: polib.POFile, merged: polib.POFile) -> polib.POFile:
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
