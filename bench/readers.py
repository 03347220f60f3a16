"""rspolib (a Rust port of polib with Python bindings) against our reader (polib, `catalog/po.py`):
would it read every catalog alike, and how much faster?

    .venv/bin/pip install rspolib               # not a dependency of pressflow
    .venv/bin/python bench/readers.py           # the comparison, then the times

For each catalog of `../shared/corpus/` and of the example project, both readers' entries are
compared field by field: context, msgid and plural, translations, flags, both kinds of comment,
references, previous strings, obsolete or not, line number. rspolib is given the text our reader
parses (decoded from the header's charset, `#~|` lines as `#|`), which is the fairest: given the
files, it reads no charset but UTF-8. Then the time per catalog, on the benchmark's archive: our
whole reader (which also checks the syntax as msgfmt does), rspolib's parse alone, and rspolib's
parse with polib entries made of it (what pressflow, which works on polib's entries, would need).
pressflow would adopt it only for the same entries everywhere and at least 3× the speed.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is a package of the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polib

from bench.archive import archive
from bench.common import REPO, SHARED
from pressflow.catalog import po
from pressflow.core.errors import PressflowError

FIELDS = (
    "msgctxt",
    "msgid",
    "msgid_plural",
    "msgstr",
    "msgstr_plural",
    "flags",
    "comment",
    "tcomment",
    "occurrences",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "obsolete",
    "linenum",
)


def main() -> int:
    try:
        import rspolib
    except ImportError:
        print("bench/readers.py: rspolib is not installed: .venv/bin/pip install rspolib")
        return 2
    catalogs = sorted(
        path
        for path in [*(SHARED / "corpus").rglob("*.po*"), *(REPO / "locales").rglob("*.po*")]
        if path.suffix in (".po", ".pot")
    )
    counts = {
        "same": 0,
        "different": 0,
        "both refuse": 0,
        "only rspolib fails": 0,
        "only we refuse": 0,
    }
    for path in catalogs:
        ours, theirs = _ours(path), _theirs(rspolib, path)
        if isinstance(ours, str) and isinstance(theirs, str):
            counts["both refuse"] += 1
        elif isinstance(ours, str) or isinstance(theirs, str):
            counts["only we refuse" if isinstance(ours, str) else "only rspolib fails"] += 1
            print(f"{_shown(path)}: {ours if isinstance(ours, str) else theirs}")
        elif ours == theirs:
            counts["same"] += 1
        else:
            counts["different"] += 1
            print(f"{_shown(path)}: {_difference(ours, theirs)}")
    print(f"{len(catalogs)} catalogs: " + ", ".join(f"{n} {what}" for what, n in counts.items()))

    files = sorted(path for path in (archive(500) / "locales").glob("*/LC_MESSAGES/*.po"))
    data = [(path, path.read_bytes()) for path in files if path.name != "pressflow.po"]
    times = {
        "our reader (polib, syntax checked)": lambda: [
            po.read_catalog(path, data=raw) for path, raw in data
        ],
        "rspolib's parse alone": lambda: [rspolib.pofile(_text(path, raw)) for path, raw in data],
        "rspolib's parse, as polib entries": lambda: [
            _as_polib(rspolib.pofile(_text(path, raw))) for path, raw in data
        ],
    }
    baseline = None
    for what, run in times.items():
        run()
        seconds = statistics.median(_timed(run) for _ in range(3)) / len(data)
        baseline = baseline or seconds
        print(f"{what:40} {seconds * 1000:.3f} ms per catalog  {baseline / seconds:.2f}×")
    return 0


def _ours(path: Path) -> list[dict] | str:
    try:
        return [_fields(entry) for entry in po.read_catalog(path)]
    except PressflowError as error:
        return f"we refuse it: {error}"


def _theirs(rspolib, path: Path) -> list[dict] | str:
    try:
        text = _text(path, path.read_bytes())
    except PressflowError as error:
        return f"not decoded: {error}"
    try:
        return [_fields(entry) for entry in rspolib.pofile(text).get_entries()]
    except Exception as error:  # rspolib's own exceptions
        return f"rspolib fails: {type(error).__name__}: {error}"


def _text(path: Path, raw: bytes) -> str:
    """The text our reader parses: decoded by its header's charset, `#~|` as `#|`."""
    return po._OBSOLETE_PREVIOUS.sub("#|", po._decoded(raw, path))


def _fields(entry) -> dict:
    """An entry of either reader as plain values (rspolib gives flags, references and plural
    translations through methods)."""
    value = {name: getattr(entry, name, None) for name in FIELDS}
    if hasattr(entry, "get_flags"):
        value["flags"] = entry.get_flags()
        value["occurrences"] = entry.get_occurrences()
        value["msgstr_plural"] = dict(enumerate(entry.get_msgstr_plural() or []))
    value["msgstr_plural"] = {int(key): text for key, text in value["msgstr_plural"].items()}
    value["occurrences"] = [tuple(reference) for reference in value["occurrences"]]
    value["flags"] = list(value["flags"])
    for name in ("msgid_plural", "comment", "tcomment", "previous_msgid_plural", "msgstr"):
        value[name] = value[name] or None  # polib's "" is rspolib's None
    value["obsolete"] = bool(value["obsolete"])
    return value


def _difference(ours: list[dict], theirs: list[dict]) -> str:
    if len(ours) != len(theirs):
        return f"{len(ours)} entries read by ours, {len(theirs)} by rspolib"
    for mine, other in zip(ours, theirs):
        if mine != other:
            name = next(name for name in FIELDS if mine[name] != other[name])
            return f"line {mine['linenum']}: {name} {mine[name]!r} (ours) != {other[name]!r}"
    return "the same"


def _as_polib(catalog) -> list:
    return [
        polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgstr=entry.msgstr or "",
            msgid_plural=entry.msgid_plural or "",
            flags=entry.get_flags(),
            comment=entry.comment or "",
            tcomment=entry.tcomment or "",
            occurrences=entry.get_occurrences(),
            previous_msgctxt=entry.previous_msgctxt,
            previous_msgid=entry.previous_msgid,
            obsolete=entry.obsolete,
            linenum=entry.linenum,
        )
        for entry in catalog.get_entries()
    ]


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO.parent))


if __name__ == "__main__":
    sys.exit(main())
