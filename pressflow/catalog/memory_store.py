"""The translation memory of one language on disk: a SQLite database under `.pressflow-cache/`
(`memory-<lang>.sqlite`, not committed), so that an `update` that needs a few lookups reads a few
pages of it rather than the whole memory (tens of megabytes for an archive of a thousand releases).

What it holds, all derived from the release catalogs and rebuilt from them whenever it cannot be
trusted (missing, corrupt, another format, another pressflow version, another language):

- `catalogs`: per catalog file, the digest of the content the store holds (what `memory.py` compares
  with the file's digest, from the project's cache, to know whether to read it again) and its
  POT-Creation-Date;
- `texts`: each source text once, numbered by a hash of its content, so that the numbers (which
  break ties between equally good candidates) are the same however the database was built;
- `units`: each translated message (catalog, text, msgctxt, msgstr, line of the entry);
- the word index, for the candidate search of `memory.py`: per word, the texts holding it, as
  packed arrays of (length, number) sorted by length (`words`, written whole by a compaction),
  and as rows for the texts added since (`recent`).

An update of one release adds a few dozen texts: their postings go to `recent`, not into the
arrays of every common word. Texts no unit holds any more are deleted; their postings in the
arrays stay until the next compaction (lookups skip them). A compaction rebuilds the arrays from
the texts when the texts added or deleted since the last one exceed a tenth of them (a cold start
is one compaction). Writes are transactions (SQLite's write-ahead log: a killed run leaves the last
committed state; a new database is written by its first transaction before the log is turned on,
so a cold start writes its tens of megabytes once, not into the log and then again into the file);
queries run in SQL on indexes, the similarity is computed in Python by `memory.py`.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import functools
import hashlib
import itertools
import logging
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pressflow.core.version import __version__
from pressflow.core.workers import cores, forked_map

log = logging.getLogger(__name__)

_FORMAT = "3"
_WORD = re.compile(r"\w+")
_BATCH = 500
"""Parameters per query: well under SQLite's limit on host parameters."""
_BATCH_ROWS = 5000
"""Units written by one statement."""
_TEXTS_PER_WORKER = 5000
"""Texts to index for each worker process of a compaction to be worth its start."""
_SIDE_FILES = ("-wal", "-shm", "-journal")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE catalogs (name TEXT PRIMARY KEY, digest TEXT NOT NULL, pot_date TEXT NOT NULL)
    WITHOUT ROWID;
CREATE TABLE texts (number INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE,
                    length INTEGER NOT NULL);
CREATE TABLE units (catalog TEXT NOT NULL, text INTEGER NOT NULL, context TEXT,
                    translation TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX units_by_text ON units (text);
CREATE INDEX units_by_catalog ON units (catalog);
CREATE TABLE words (word TEXT PRIMARY KEY, lengths BLOB NOT NULL, numbers BLOB NOT NULL)
    WITHOUT ROWID;
CREATE TABLE recent (word TEXT NOT NULL, length INTEGER NOT NULL, text INTEGER NOT NULL,
                     PRIMARY KEY (word, length, text)) WITHOUT ROWID;
"""
_TABLES = {"meta", "catalogs", "texts", "units", "words", "recent"}
_CHURN = "churn"
"""Key in `meta`: texts added or deleted since the last compaction."""
_COMPACT_SHARE = 10
_COMPACT_MIN = 200


@dataclass(frozen=True)
class CatalogRecord:
    """What the store knows of one catalog file."""

    digest: str
    """The digest of the content the store holds (`cache.digest.file_digest`)."""
    pot_date: str


Unit = tuple[str | None, str, str, int]
"""(msgctxt, msgid, msgstr, line) of a translated entry."""

Change = tuple[str, CatalogRecord | None, Sequence[Unit] | None]
"""What became of one catalog (by its name): (name, record, units) put in or replacing what the
store held; (name, None, None) taken out."""


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


def index_words(text: str) -> set[str]:
    """The words of `text` as the index knows them: lowercased; "" stands for none at all."""
    return set(_WORD.findall(text.lower())) or {""}


def text_number(source: str) -> int:
    """A source text's number: the first 8 bytes of its hash, as SQLite's signed 64-bit integer."""
    return int.from_bytes(
        hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
        "big",
        signed=True,
    )


class MemoryStore:
    """One language's memory: a SQLite database at `path`, or in memory when `path` cannot be
    written."""

    def __init__(self, path: Path, language: str):
        self.path, self.language = path, language
        self.persistent = True
        self._fresh = False
        self._connection = self._open()
        self._text_count: int | None = None
        self._compact_due = False

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                discard(
                    self.path
                )  # a log left beside a deleted database would be read into the new one
            connection = self._connect(self.path)
            if self._trusted(connection):
                return connection
            connection.close()
            log.info("rebuilding the translation memory cache %s", self.path)
        except sqlite3.DatabaseError as error:
            log.info("rebuilding the translation memory cache %s: %s", self.path, error)
            with contextlib.suppress(NameError, sqlite3.Error):
                connection.close()
        except OSError as error:
            return self._in_memory(error)
        try:
            discard(self.path)
            # Its first transaction writes it whole (a cold start): once, not into the write-ahead
            # log and again into the file; the log is turned on after it (`_apply`).
            connection = self._connect(self.path, wal=False)
            self._create(connection)
            self._fresh = True
            return connection
        except (OSError, sqlite3.Error) as error:
            return self._in_memory(error)

    def _in_memory(self, error: Exception) -> sqlite3.Connection:
        # A read-only checkout still gets its memory, built anew at each run.
        log.warning(
            "cannot keep the translation memory cache %s (%s): it is rebuilt at each run",
            self.path,
            error,
        )
        self.persistent = False
        connection = sqlite3.connect(":memory:", isolation_level=None)
        self._create(connection)
        return connection

    @staticmethod
    def _connect(path: Path, wal: bool = True) -> sqlite3.Connection:
        connection = sqlite3.connect(path, timeout=60, isolation_level=None)
        # The write-ahead log makes each commit cheap (no sync but at checkpoints) and a killed run
        # harmless: the next open keeps the last committed state.
        connection.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")
        connection.execute("PRAGMA synchronous = NORMAL")
        # A cold start writes tens of megabytes in one transaction: kept in memory (up to 64 MiB)
        # until it commits, not spilled page by page.
        connection.execute("PRAGMA cache_size = -65536")
        return connection

    def _trusted(self, connection: sqlite3.Connection) -> bool:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if tables != _TABLES:
            return False
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        return meta.pop(_CHURN, "").isdigit() and meta == self._meta()

    def _meta(self) -> dict[str, str]:
        return {"format": _FORMAT, "pressflow": __version__, "language": self.language}

    def _create(self, connection: sqlite3.Connection) -> None:
        with _transaction(connection):
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.executemany("INSERT INTO meta VALUES (?, ?)", self._meta().items())
            connection.execute("INSERT INTO meta VALUES (?, '0')", (_CHURN,))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()

    # -- the catalogs --------------------------------------------------------------------

    def records(self) -> dict[str, CatalogRecord]:
        return {
            name: CatalogRecord(digest, pot_date)
            for name, digest, pot_date in self._connection.execute(
                "SELECT name, digest, pot_date FROM catalogs ORDER BY name"
            )
        }

    def pot_dates(self) -> list[str]:
        return [date for (date,) in self._connection.execute("SELECT pot_date FROM catalogs")]

    def apply(self, changes: Iterable[Change], compact: bool = True) -> bool:
        """In one transaction, each change of `changes` as it comes (they may be computed meanwhile,
        by worker processes reading catalogs): a catalog taken out, or put in (or replaced) with its
        units; return whether units changed. `compact=False` leaves a compaction that is due to a
        later call (but not one that many texts added at once make necessary)."""
        try:
            return self._apply(changes, compact)
        except BaseException:
            self._text_count = None  # as the rollback left it
            raise

    def _apply(self, changes: Iterable[Change], compact: bool) -> bool:
        connection, changed = self._connection, False
        self._compact_due = False
        with _transaction(connection):
            # A first build: no catalog to take out, no text to look up.
            cold = (
                self.text_count() == 0
                and connection.execute("SELECT 1 FROM catalogs LIMIT 1").fetchone() is None
            )
            left: set[int] = set()
            numbers: dict[str, int] = {}
            taken: set[int] = set()
            new: list[tuple[int, str]] = []
            rows: list[
                tuple
            ] = []  # units written a batch at a time: one statement per catalog costs twice as much
            written = 0

            def write() -> None:
                nonlocal written
                connection.executemany(
                    "INSERT INTO texts VALUES (?, ?, ?)",
                    ((number, source, len(source)) for number, source in new[written:]),
                )
                connection.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?)", rows)
                written = len(new)
                rows.clear()

            for name, record, units in changes:
                if not cold:
                    changed |= self._take_out(name, left)
                if record is None or units is None:
                    continue
                new += self._numbered(
                    sorted({source for _, source, _, _ in units} - numbers.keys()),
                    numbers,
                    taken,
                    cold,
                )
                rows += (
                    (name, numbers[source], context, translation, line)
                    for context, source, translation, line in units
                )
                connection.execute(
                    "INSERT INTO catalogs VALUES (?, ?, ?)", (name, record.digest, record.pot_date)
                )
                changed |= bool(units)
                if len(rows) >= _BATCH_ROWS:
                    write()
            write()
            self._recent(new, +1)
            self._drop_unused(left - set(numbers.values()))
            if self._compact_due or compact and self._churned():
                self._compact()
        if self._fresh:
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._fresh = False
        return changed

    def _take_out(self, name: str, left: set[int]) -> bool:
        """Delete the catalog `name` with its units, adding their texts to `left`; return whether it
        had any."""
        connection = self._connection
        left.update(
            number
            for (number,) in connection.execute(
                "SELECT DISTINCT text FROM units WHERE catalog = ?", (name,)
            )
        )
        connection.execute("DELETE FROM catalogs WHERE name = ?", (name,))
        return connection.execute("DELETE FROM units WHERE catalog = ?", (name,)).rowcount > 0

    def compact_if_due(self) -> None:
        """Compact the index when the texts added or deleted since the last compaction exceed a
        tenth."""
        if self._churned():
            with _transaction(self._connection):
                self._compact()

    def _churned(self) -> bool:
        churn = int(
            self._connection.execute("SELECT value FROM meta WHERE key = ?", (_CHURN,)).fetchone()[
                0
            ]
        )
        return churn > max(_COMPACT_MIN, self.text_count() // _COMPACT_SHARE)

    def _numbered(
        self, sources: list[str], numbers: dict[str, int], taken: set[int], cold: bool
    ) -> list[tuple[int, str]]:
        """Number `sources` (none of them in `numbers`, the texts numbered so far in this
        transaction) into `numbers`; return those the store did not hold, with their numbers, also
        added to `taken`."""
        new: list[tuple[int, str]] = []
        for source in sources:
            number = text_number(source)
            while True:
                held = (
                    None
                    if cold
                    else self._connection.execute(
                        "SELECT source FROM texts WHERE number = ?", (number,)
                    ).fetchone()
                )
                if held is not None and held[0] == source:
                    break
                if held is None and number not in taken:
                    new.append((number, source))
                    taken.add(number)
                    break
                number += (
                    1  # two texts with one hash: the later in order takes the next free number
                )
            numbers[source] = number
        return new

    def _drop_unused(self, numbers: set[int]) -> None:
        """Delete the texts of `numbers` that no unit holds any more, with their postings."""
        connection = self._connection
        unused = []
        for number in sorted(numbers):
            if (
                connection.execute(
                    "SELECT 1 FROM units WHERE text = ? LIMIT 1", (number,)
                ).fetchone()
                is None
            ):
                row = connection.execute(
                    "SELECT source FROM texts WHERE number = ?", (number,)
                ).fetchone()
                if row is not None:
                    unused.append((number, row[0]))
        connection.executemany(
            "DELETE FROM texts WHERE number = ?", ((number,) for number, _ in unused)
        )
        self._recent(unused, -1)

    def _recent(self, texts: list[tuple[int, str]], sign: int) -> None:
        """Add (`sign` +1) or delete (-1) the postings of `texts` as rows of `recent` (those of a
        deleted text in `words` stay until the next compaction), and count them in the churn."""
        if not texts:
            return
        # Many texts at once (a cold start adds every text): a compaction writes their postings
        # once, as arrays, at the end of the transaction.
        self._compact_due |= sign > 0 and len(texts) > max(
            _COMPACT_MIN, self.text_count() // _COMPACT_SHARE
        )
        if not self._compact_due:
            statement = (
                "INSERT OR IGNORE INTO recent VALUES (?, ?, ?)"
                if sign > 0
                else "DELETE FROM recent WHERE word = ? AND length = ? AND text = ?"
            )
            self._connection.executemany(
                statement,
                sorted(
                    (word, len(source), number)
                    for number, source in texts
                    for word in index_words(source)
                ),
            )
        self._connection.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?", (len(texts), _CHURN)
        )
        self._text_count = None

    def _compact(self) -> None:
        """Rebuild the arrays of `words` from the texts; empty `recent`."""
        # In the arrays' order: by length, then number. Many texts (a cold start) are shared out in
        # runs of that order among worker processes: a word's array is then its runs' arrays end to
        # end.
        texts = self._connection.execute(
            "SELECT number, source, length FROM texts ORDER BY length, number"
        ).fetchall()
        runs = max(1, min(cores(), len(texts) // _TEXTS_PER_WORKER))
        ends = list(
            itertools.accumulate(length for _, _, length in texts)
        )  # runs of equal length in letters
        bounds = [
            0,
            *(bisect.bisect_left(ends, ends[-1] * run / runs) for run in range(1, runs)),
            len(texts),
        ]
        arrays: dict[str, tuple[list[bytes], list[bytes]]] = {}
        for postings in forked_map(
            functools.partial(_postings, texts), list(zip(bounds, bounds[1:])), 1
        ):
            for word, (lengths, numbers) in postings.items():
                if word not in arrays:
                    arrays[word] = [], []
                arrays[word][0].append(lengths)
                arrays[word][1].append(numbers)
        self._connection.execute("DELETE FROM words")
        self._connection.execute("DELETE FROM recent")
        self._connection.executemany(
            "INSERT INTO words VALUES (?, ?, ?)",
            (
                (word, b"".join(arrays[word][0]), b"".join(arrays[word][1]))
                for word in sorted(arrays)
            ),
        )
        self._connection.execute("UPDATE meta SET value = '0' WHERE key = ?", (_CHURN,))

    # -- lookups -------------------------------------------------------------------------

    def units(self, sources: Iterable[str]) -> dict[str, list[MemoryUnit]]:
        """The units of each of the texts `sources` that has any, in the order they were stored."""
        found: dict[str, list[MemoryUnit]] = {}
        for batch in _batches(sorted(set(sources))):
            for source, catalog, context, translation, line in self._connection.execute(
                "SELECT source, catalog, context, translation, line FROM units JOIN texts ON "
                "units.text = "
                f"texts.number WHERE texts.source IN ({', '.join('?' * len(batch))}) ORDER BY "
                "units.rowid",
                batch,
            ):
                found.setdefault(source, []).append(
                    MemoryUnit(source, translation, _release(catalog), line, context)
                )
        return found

    def unit_count(self) -> int:
        return self._connection.execute("SELECT count(*) FROM units").fetchone()[0]

    def text_count(self) -> int:
        if self._text_count is None:
            self._text_count = self._connection.execute("SELECT count(*) FROM texts").fetchone()[0]
        return self._text_count

    def sources(self) -> list[str]:
        return [source for (source,) in self._connection.execute("SELECT source FROM texts")]

    def word_counts(self, words: Sequence[str]) -> dict[str, int]:
        """How many texts hold each of `words` (0 for a word no text holds; deleted texts whose
        postings wait for a compaction count too: the counts only rank words, rarer first)."""
        counts = dict.fromkeys(words, 0)
        for batch in _batches(words):
            marks = ", ".join("?" * len(batch))
            for word, numbers in self._connection.execute(
                f"SELECT word, length(numbers) FROM words WHERE word IN ({marks})", batch
            ):
                counts[word] += numbers // _NUMBERS.itemsize
            for word, count in self._connection.execute(
                f"SELECT word, count(*) FROM recent WHERE word IN ({marks}) GROUP BY word", batch
            ):
                counts[word] += count
        return counts

    def hits(self, words: Sequence[str], low: int, high: int) -> list[tuple[int, int, int]]:
        """(text, length, number of `words` it holds) of each text of a length from `low` to `high`
        holding at least one of `words` (perhaps a deleted text: `texts` leaves it out)."""
        found: Counter[int] = Counter()
        lengths: dict[int, int] = {}
        for batch in _batches(words):
            marks = ", ".join("?" * len(batch))
            for packed_lengths, packed_numbers in self._connection.execute(
                f"SELECT lengths, numbers FROM words WHERE word IN ({marks})", batch
            ):
                of_length, numbers = _unpacked(packed_lengths), _unpacked(packed_numbers)
                first, last = (
                    bisect.bisect_left(of_length, low),
                    bisect.bisect_right(of_length, high),
                )
                found.update(numbers[first:last])
                lengths.update(zip(numbers[first:last], of_length[first:last]))
            for number, length, count in self._connection.execute(
                f"SELECT text, length, count(*) FROM recent WHERE word IN ({marks}) "
                "AND length BETWEEN ? AND ? GROUP BY text",
                (*batch, low, high),
            ):
                found[number] += count
                lengths[number] = length
        return [(number, lengths[number], count) for number, count in found.items()]

    def texts(self, numbers: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for batch in _batches(numbers):
            found.update(
                self._connection.execute(
                    "SELECT number, source FROM texts WHERE number IN "
                    f"({', '.join('?' * len(batch))})",
                    batch,
                )
            )
        return found


def _postings(
    texts: Sequence[tuple[int, str, int]], run: tuple[int, int]
) -> dict[str, tuple[bytes, bytes]]:
    """Per word, the packed lengths and numbers of the texts of `texts[start:end]` holding it, in
    their order."""
    lengths: dict[str, list[int]] = {}
    numbers: dict[str, list[int]] = {}
    for number, source, length in texts[run[0] : run[1]]:
        for word in index_words(source):
            if word not in numbers:
                lengths[word], numbers[word] = [], []
            lengths[word].append(length)
            numbers[word].append(number)
    return {word: (_packed(lengths[word]), _packed(numbers[word])) for word in numbers}


def _release(catalog: str) -> str:
    """The release a catalog (`locales/<lang>/LC_MESSAGES/<id>.po`) is of."""
    return catalog.rsplit("/", 1)[-1].removesuffix(".po")


_NUMBERS = array.array("q")


def _packed(values: Iterable[int]) -> bytes:
    packed = array.array("q", values)
    if sys.byteorder == "big":  # the file's arrays are little-endian, wherever it was written
        packed.byteswap()
    return packed.tobytes()


def _unpacked(data: bytes) -> array.array:
    values = array.array("q")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def discard(path: Path) -> None:
    """Delete the database at `path` with its write-ahead log and other side files."""
    for each in (path, *(path.with_name(path.name + side) for side in _SIDE_FILES)):
        each.unlink(missing_ok=True)


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _batches(items: Sequence) -> Iterator[Sequence]:
    items = list(items)
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]
