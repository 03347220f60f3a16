"""A translation identical to its source was probably never translated."""

from __future__ import annotations

import re

_URL_EMAIL_OR_TARGET = re.compile(r"\S+@\S+|\w+://\S+|\]\([^)]*\)|`[^`]*`")


def unchanged(source: str, translation: str, source_language: str, language: str) -> list[str]:
    if translation != source:
        return []
    # Only names, numbers and codes (no lowercase word) stay as they are in every language.
    words = re.findall(r"\w+", _URL_EMAIL_OR_TARGET.sub(" ", source))
    if not any(word.isalpha() and word.islower() and len(word) > 1 for word in words):
        return []
    return ["the translation is the source text itself: translate it"]
