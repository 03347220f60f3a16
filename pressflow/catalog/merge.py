"""Merging a new template into a translated catalog, with GNU msgmerge's semantics.

- an unchanged msgid keeps its msgstr, flags and comments;
- a new msgid takes the translation of the most similar old entry (msgmerge's
  fuzzy search: similarity of at least 0.6, a small bonus for the same context),
  marked `fuzzy`, with the old source kept in `#| msgid`;
- an old entry that no new msgid uses becomes obsolete (`#~`) if it holds a
  translation, and comes back when its text returns;
- a front-matter field's msgctxt says where the field stands (`contacts[press@example.org].role`;
  before pressflow 0.2, `contacts.0.role`): the same text in the same kind of field keeps its
  translation, not fuzzy, when only that place changed;
- a fuzzy entry whose previous msgid (`#|`) is the new msgid gets its translation back
  as it was, not fuzzy: an edit reverted to the text the translation was made for
  (msgmerge would leave it fuzzy, asking a translator to review what they wrote for it);
- translator comments (`# ...`) travel with their translation. No msgstr is lost.
"""

from __future__ import annotations

import copy
import re

from rapidfuzz.distance import Indel

from pressflow.catalog.po import Catalog, Entry, is_header, new_catalog, plural_forms

FUZZY_THRESHOLD = 0.6
SAME_CONTEXT_BONUS = 0.00001
_WORD = re.compile(r"\w+")
_KEPT_HEADER_DEFAULTS = ("Project-Id-Version", "MIME-Version", "Content-Transfer-Encoding")


def merge(old: Catalog, template: Catalog, language: str) -> Catalog:
    """The catalog `old` brought up to date with `template`."""
    previous = [entry for entry in old if not is_header(entry)]
    by_key: dict[tuple[str | None, str], Entry] = {}
    for entry in previous:
        # A live entry wins over an obsolete one with the same key.
        if _key(entry) not in by_key or by_key[_key(entry)].obsolete:
            by_key[_key(entry)] = entry
    # Fuzzy translations by the text they were made for (`#|`): an edit reverted finds its own.
    made_for = {
        (entry.previous_msgctxt, entry.previous_msgid): entry
        for entry in previous
        if entry.fuzzy
        and entry.previous_msgid is not None
        and not entry.obsolete
        and _has_translation(entry)
    }
    # Translations of fields by the kind of field and the text: a field moved keeps its own.
    by_field: dict[tuple[str, str], Entry] = {}
    for entry in previous:
        if entry.msgctxt is not None and _has_translation(entry) and not entry.obsolete:
            by_field.setdefault((field_kind(entry.msgctxt), entry.msgid), entry)
    translated = [entry for entry in previous if _has_translation(entry)]
    used: set[int] = set()
    words: dict[int, set[str]] = {}
    header = _merged_header(old, template, language)
    nplurals = _nplurals(header["Plural-Forms"])

    template_keys = {_key(entry) for entry in template}
    merged = []
    for wanted in template:
        exact = by_key.get(_key(wanted))
        if exact is not None:
            used.add(id(exact))
            merged.append(_carry(wanted, exact, exact.fuzzy, nplurals))
            continue
        moved = (
            by_field.get((field_kind(wanted.msgctxt), wanted.msgid))
            if wanted.msgctxt is not None
            else None
        )
        if moved is not None and id(moved) not in used and _key(moved) not in template_keys:
            used.add(id(moved))
            merged.append(_carry(wanted, moved, moved.fuzzy, nplurals))
            continue
        reverted = made_for.get(_key(wanted))
        if (
            reverted is not None
            and id(reverted) not in used
            and _key(reverted) not in template_keys
        ):
            used.add(id(reverted))
            merged.append(_carry(wanted, reverted, False, nplurals))
            continue
        similar = _most_similar(wanted, translated, words)
        if similar is not None:
            used.add(id(similar))
            merged.append(_carry(wanted, similar, True, nplurals))
        else:
            merged.append(copy_entry(wanted))
    obsolete = [
        _obsolete(entry) for entry in previous if id(entry) not in used and _has_translation(entry)
    ]
    return new_catalog(header, [*merged, *obsolete], like=old)


_PLACE = re.compile(r"\[[^\]]*\]|\.\d+(?=\.|$)")


def field_kind(msgctxt: str) -> str:
    """The kind of field a msgctxt names, without its place: `contacts[press@example.org].role` and
    `contacts.0.role` are both `contacts.role`."""
    return _PLACE.sub("", msgctxt)


def _key(entry: Entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _has_translation(entry: Entry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _carry(wanted: Entry, old: Entry, fuzzy: bool, nplurals: int) -> Entry:
    """The template entry `wanted` with the translation and translator's data of `old`."""
    entry = copy_entry(wanted)
    if wanted.msgid_plural:
        entry.msgstr = ""
        # A singular translation stands in for every plural form, as msgmerge does.
        entry.msgstr_plural = dict(old.msgstr_plural) or dict.fromkeys(range(nplurals), old.msgstr)
    else:
        entry.msgstr = old.msgstr_plural.get(0, "") if old.msgid_plural else old.msgstr
    entry.tcomment = old.tcomment
    entry.flags = list(
        dict.fromkeys(
            [
                *(["fuzzy"] if fuzzy else []),
                *wanted.flags,
                *(flag for flag in old.flags if flag != "fuzzy"),
            ]
        )
    )
    if fuzzy and _key(old) != _key(wanted):
        # The translation was made for the old source (or for the source it already recalled).
        keep = old.fuzzy and old.previous_msgid
        entry.previous_msgctxt = old.previous_msgctxt if keep else old.msgctxt
        entry.previous_msgid = old.previous_msgid if keep else old.msgid
        entry.previous_msgid_plural = (
            old.previous_msgid_plural if keep else old.msgid_plural or None
        )
    elif fuzzy:
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
    return entry


def copy_entry(entry: Entry) -> Entry:
    """A copy of `entry` that shares nothing mutable with it: its strings are immutable, its lists
    and dict are copied (a fifth of the cost of `copy.deepcopy`, a tenth of a merge's time)."""
    copied = copy.copy(entry)
    copied.occurrences = list(entry.occurrences)
    copied.flags = list(entry.flags)
    copied.msgstr_plural = dict(entry.msgstr_plural)
    return copied


def _nplurals(plural_forms: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match[1]) if match else 2


def _most_similar(
    wanted: Entry, candidates: list[Entry], known_words: dict[int, set[str]]
) -> Entry | None:
    """The candidate whose msgid is most similar to `wanted`'s (`similarity`, at least the
    threshold; the first in order among equals).

    The candidates sharing the most words go first: the right one is usually among them, and once
    found it raises the floor that the cheap bound on lengths, then the similarity (which stops as
    soon as it cannot reach the floor), hold the others to. Only the order of the work depends on
    the words: the result is the one a comparison with every candidate gives.
    """
    source = wanted.msgid
    words = _words(wanted, {})
    order = sorted(
        range(len(candidates)),
        key=lambda index: (-len(words & _words(candidates[index], known_words)), index),
    )
    best, best_rank = None, (FUZZY_THRESHOLD, 0)
    for index in order:
        candidate = candidates[index]
        bonus = SAME_CONTEXT_BONUS if candidate.msgctxt in (None, wanted.msgctxt) else 0.0
        floor = best_rank[0] - bonus
        text = candidate.msgid
        if 2 * min(len(text), len(source)) / ((len(text) + len(source)) or 1) < floor:
            continue
        ratio = similarity(text, source, floor)
        if not ratio:
            continue
        rank = (ratio + bonus, -index)
        if rank > best_rank if best is not None else rank[0] > best_rank[0]:
            best, best_rank = candidate, rank
    return best


def _words(entry: Entry, words: dict[int, set[str]]) -> set[str]:
    """The words of an entry's msgid, found once per merge."""
    found = words.get(id(entry))
    if found is None:
        found = words[id(entry)] = set(_WORD.findall(entry.msgid))
    return found


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """msgmerge's measure of two texts (gnulib's `fstrcmp`): twice their longest common subsequence
    over their total length, 1.0 for the same text; 0.0 as soon as it cannot reach `floor` (as
    fstrcmp_bounded). That is rapidfuzz's Indel similarity, computed in C; the margin keeps a value
    equal to `floor`, which a division's last bit could put under it."""
    if not a and not b:
        return 1.0
    found = Indel.normalized_similarity(a, b, score_cutoff=max(0.0, floor - 1e-9))
    return found if found >= floor - 1e-9 else 0.0


def _obsolete(entry: Entry) -> Entry:
    gone = copy_entry(entry)
    gone.obsolete = True
    gone.occurrences = []
    return gone


def _merged_header(old: Catalog, template: Catalog, language: str) -> dict[str, str]:
    """The translator's header, with the template's date and the fields a build relies on."""
    header = dict(old.metadata)
    for field in _KEPT_HEADER_DEFAULTS:
        header.setdefault(field, template.metadata.get(field, ""))
    header["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
    if not header.get("Language"):
        header["Language"] = language
    header["Content-Type"] = "text/plain; charset=UTF-8"
    header.setdefault("Plural-Forms", plural_forms(language))
    return header
