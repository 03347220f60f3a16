"""Whitespace and punctuation: what a reader notices at once in a bulletin."""

from __future__ import annotations

import re

_ENDINGS = {".": "a full stop", "?": "a question mark", "!": "an exclamation mark", ":": "a colon"}
# Closing quotes and brackets may follow the final mark, in any language's order: «…». or «….»
_TRAILING_CLOSERS = "\"'»“”’)]*_ "
_QUOTE_CLOSERS = "\"'»“”’"
_DOUBLE_SPACE = re.compile(r"\S  +\S")
_PAIRS = (("(", ")"), ("[", "]"))


def whitespace(source: str, translation: str, source_language: str, language: str) -> list[str]:
    problems = []
    if translation[:1].isspace() and not source[:1].isspace():
        problems.append("the translation starts with a space: remove it")
    if translation[-1:].isspace() and not source[-1:].isspace():
        problems.append("the translation ends with a space: remove it")
    if _DOUBLE_SPACE.search(translation) and not _DOUBLE_SPACE.search(source):
        problems.append("the translation has a double space: make it one")
    return problems


def punctuation(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """Both rules of the check `punctuation`: the final mark, then the brackets."""
    return final_mark(source, translation, source_language, language) + brackets(
        source, translation, source_language, language
    )


def final_mark(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """House style: a translation ends as its source does."""
    wanted, found = _ending(source), _ending(translation)
    if (
        wanted == found
        or _ends_quotation(source, wanted)
        and re.search(f"{re.escape(wanted)}[{_QUOTE_CLOSERS}]", translation)
    ):
        return []
    if wanted:
        return [
            f"the source ends with {_ENDINGS[wanted]}, the translation "
            f"{'with ' + _ENDINGS[found] if found else 'without one'}: end it the same way"
        ]
    return [f"the translation ends with {_ENDINGS[found]}, the source does not: remove it"]


def brackets(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """A bracket opened and never closed (or the reverse) makes the rest of the text an aside."""
    return [
        f"unbalanced {opening}{closing} in the translation: close what is opened"
        for opening, closing in _PAIRS
        if translation.count(opening) != translation.count(closing)
        and source.count(opening) == source.count(closing)
    ]


def _ends_quotation(text: str, mark: str) -> bool:
    """Whether a text's final mark closes a quotation (said, 'Did you do it?'): the translation
    may keep it inside the quotation and go on after it (“Мұны сен істедің бе?” деді.)."""
    return mark in "?!" and text.rstrip(" *_")[-1:] in _QUOTE_CLOSERS


def _ending(text: str) -> str:
    """The final mark of a text ('' for none), looking through closing quotes and brackets."""
    stripped = text.rstrip(_TRAILING_CLOSERS)
    if stripped.endswith("..."):  # an ellipsis is no full stop
        return ""
    return stripped[-1:] if stripped[-1:] in _ENDINGS else ""
