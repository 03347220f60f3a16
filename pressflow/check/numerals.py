"""Numbers written as words or in Roman numerals: CLDR's rule-based number formats through ICU.

Translators write numbers as words (``100`` → ``сто``, ``жүз``; ``25`` → ``двадцать пять``;
``19th`` → ``девятнадцатая``) and centuries in Roman numerals (``21st century`` → ``XXI век``,
``XXI ғасыр``). CLDR's spell-out rules say how each language writes each number: Russian in every
gender and case (``двадцати пяти``, ``двадцатью пятью``), cardinal and ordinal; Kazakh, whose
CLDR rules have no cases, takes its endings on the last word (``жүзден``, ``жиырма бесінші``).
Rather than reading every number word of a text, the check asks whether a text has one given
number in words, which only spelling it out can tell for sure.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import icu

_WORD = re.compile(r"[^\W\d_]+")
# Kazakh and other languages whose CLDR rules have no case forms take endings on a number's
# last word (жүз → жүзден): these few letters, where there are only this many rule sets.
_ENDING = 4
_FEW_RULE_SETS = 8
_LARGEST = 10**15
# Cyrillic letters that Kazakh and Russian texts type for Roman numerals (ХХІ ғасыр).
_ROMAN_LOOKALIKES = str.maketrans("ХІСМ", "XICM")
_ROMAN = re.compile(r"(?<![^\W_])[IVXLCDMХІСМ]{2,}(?![^\W_])")


def in_words(value: int, text: str, language: str) -> bool:
    """Whether a text has a whole number written as words of its language, in any form CLDR
    spells it (gender, case, cardinal or ordinal), or in Roman numerals."""
    if not 0 < value < _LARGEST:
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    spellings, endings = _spellings(value, language)
    if any(_contains(words, spelling, endings) for spelling in spellings):
        return True
    return value < 4000 and any(
        numeral.translate(_ROMAN_LOOKALIKES) == _roman(value) for numeral in _ROMAN.findall(text)
    )


def _contains(words: list[str], spelling: tuple[str, ...], endings: bool) -> bool:
    size = len(spelling)
    for start in range(len(words) - size + 1):
        if words[start : start + size - 1] == list(spelling[:-1]) and _same_word(
            words[start + size - 1], spelling[-1], endings
        ):
            return True
    return False


def _same_word(word: str, spelled: str, endings: bool) -> bool:
    return word == spelled or (
        endings and word.startswith(spelled) and len(word) - len(spelled) <= _ENDING
    )


@lru_cache(maxsize=4096)
def _spellings(value: int, language: str) -> tuple[frozenset[tuple[str, ...]], bool]:
    """Every spelling of a number in a language's CLDR rules, as lowercase words, and whether its
    words take endings. A spelling that starts with "one" is also written without it (тысяча,
    мың)."""
    formatter = _formatter(language)
    names = [
        formatter.getRuleSetName(index) for index in range(formatter.getNumberOfRuleSetNames())
    ]
    spellings = set()
    for name in names:
        words = tuple(word.lower() for word in _WORD.findall(formatter.format(value, name)))
        if words:
            spellings.add(words)
            if len(words) > 1 and words[0] in _ones(language):
                spellings.add(words[1:])
    return frozenset(spellings), len(names) <= _FEW_RULE_SETS


@cache
def _ones(language: str) -> frozenset[str]:
    formatter = _formatter(language)
    return frozenset(
        formatter.format(1, formatter.getRuleSetName(index)).lower()
        for index in range(formatter.getNumberOfRuleSetNames())
    )


@cache
def _formatter(language: str) -> icu.RuleBasedNumberFormat:
    return icu.RuleBasedNumberFormat(
        icu.URBNFRuleSetTag.SPELLOUT, icu.Locale(language.replace("-", "_"))
    )


@lru_cache(maxsize=4096)
def _roman(value: int) -> str:
    return _roman_formatter().format(value, "%roman-upper")


@cache
def _roman_formatter() -> icu.RuleBasedNumberFormat:
    return icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.NUMBERING_SYSTEM, icu.Locale("root"))
