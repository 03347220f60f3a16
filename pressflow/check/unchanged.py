"""A translation identical to its source was probably never translated."""

from __future__ import annotations

import re

from pressflow.check.cyrillic import _script

# Names are transliterated into a language written in another script (Kazakh and Russian in
# Cyrillic): only a brand or an acronym stays as it is, and no name is this many words long.
_LONGEST_KEPT_NAME = 3

# Kept as they are in every language: addresses, link targets, inline code, and what software fills
# in or renders (printf and brace placeholders, HTML entities and tags) in catalogs of templates.
_CODES = re.compile(
    r"\S+@\S+|\w+://\S+|\]\([^)]*\)|`[^`]*`"
    r"|%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdifeEgGxXrcu%]|\{[^{}\s]*\}|&#?\w+;|</?[A-Za-z][^<>]*>"
)


def unchanged(source: str, translation: str, source_language: str, language: str) -> list[str]:
    if translation != source:
        return []
    # Only names, numbers and codes (no lowercase word) stay as they are in every language.
    words = re.findall(r"\w+", _CODES.sub(" ", source))
    if not any(word.isalpha() and word.islower() and len(word) > 1 for word in words) and not (
        _script(language) != _script(source_language)
        and sum(word.isalpha() for word in words) > _LONGEST_KEPT_NAME
    ):
        return []
    return ["the translation is the source text itself: translate it"]
