"""Editions derived by transliteration (`kk-Latn`): a catalog made, not translated.

The catalog of a derived edition is its base language's (`kk`) with every translation passed
through the edition's transliteration (`transliterate.py`: markup, code, URLs and emails as they
are), fuzzy where the base's is fuzzy; a translator may override any message in the edition's own
catalog (`locales/kk_Latn/LC_MESSAGES/<id>.po`, optional): its translated, not fuzzy entries take
the place of the transliterated ones (a name whose official Latin spelling is not the letter-by-
letter one). A message untranslated in the base and not overridden stays untranslated, and the
bulletin shows the source text, as for any language. Everything else (counts, approvals, the
snapshot of a publication, the bulletins) reads this catalog like any other, through
`update.load_catalog`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from pressflow.catalog import po
from pressflow.catalog.transliterate import transliteration
from pressflow.core import languages


def derived_catalog(base: po.Catalog, override: po.Catalog | None, language: str) -> po.Catalog:
    """The catalog of the derived edition `language`: `base` transliterated, then `override`'s
    translated entries in place of theirs."""
    convert: Callable[[str], str] = transliteration(languages.parse(language)).markdown
    overrides = {
        (entry.msgctxt, entry.msgid): entry
        for entry in (po.live_entries(override) if override is not None else ())
        if entry.msgstr and not entry.fuzzy
    }
    entries = []
    for entry in po.live_entries(base):
        made = copy.copy(entry)
        made.flags = list(entry.flags)
        made.msgstr_plural = {index: convert(text) for index, text in entry.msgstr_plural.items()}
        made.msgstr = convert(entry.msgstr)
        if own := overrides.get((entry.msgctxt, entry.msgid)):
            made.msgstr = own.msgstr
            made.msgstr_plural = dict(own.msgstr_plural)
            made.flags = [flag for flag in made.flags if flag != "fuzzy"]
        entries.append(made)
    header = {**base.metadata, "Language": language}
    return po.new_catalog(header, entries, like=base)
