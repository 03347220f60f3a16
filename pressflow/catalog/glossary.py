"""Approved terms (`locales/glossary.csv`): where the source uses a term, the translation uses its
approved form.

The file has a header row naming its columns: the source language, then target languages, then an
optional `note`; one term per row. Kazakh and Russian decline nouns (Мажилис, Мажилиса, Мажилисе;
Мәжіліс, Мәжілісі, Мәжілісінде), so a translation word matches a term word when it starts with the
term word's stem: the word less its last two letters for words of six letters or more, less its last
letter for four or five; a shorter word (an abbreviation: ПА, ОБСЕ) must stand whole, or with an
ending after a hyphen (ПА-ның). The words of a term must appear in order, with at most one word
between them. Matching ignores case. English source terms match on word boundaries, plurals and
possessives included (Scotland's, the Giants').
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pressflow.core.errors import PressflowError

GLOSSARY_FILE = "glossary.csv"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Term:
    source: str
    translations: dict[str, str]
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def terms_in(self, source: str, language: str) -> list[Term]:
        """The terms the source uses that have an approved form in `language`."""
        words = _words(source)
        present = set(words)
        return [
            term
            for term in self.terms
            if term.translations.get(language)
            and not _first_forms(term.source).isdisjoint(present)
            and _contains(words, _words(term.source), _source_word)
        ]

    def check(
        self, source: str, translation: str, source_language: str, language: str
    ) -> list[str]:
        words = _words(translation)
        return [
            f"the source says '{term.source}': use the approved '{term.translations[language]}'"
            + (f" ({term.note})" if term.note else "")
            for term in self.terms_in(source, language)
            if not _contains(words, _words(term.translations[language]), _inflected_word)
        ]


def read_glossary(path: Path, shown: Path, source_language: str) -> Glossary:
    """The project's glossary; an empty one when there is no file."""
    if not path.is_file():
        return Glossary()
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    except UnicodeDecodeError as error:
        line = path.read_bytes().count(b"\n", 0, error.start) + 1
        raise PressflowError(
            "not a UTF-8 CSV file: save it again as CSV (UTF-8)", shown, line
        ) from None
    except csv.Error as error:  # a cell past the csv module's size limit
        raise PressflowError(
            f"not a CSV file a glossary can be ({error}): save it again as CSV (UTF-8)", shown
        ) from None
    if not rows or not rows[0] or rows[0][0].strip() != source_language:
        raise PressflowError(
            f"the first column must be the source language '{source_language}', "
            "then one column per target language, then an optional 'note'",
            shown,
            1,
        )
    header = [name.strip() for name in rows[0]]
    terms = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise PressflowError(
                f"{len(row)} columns where the header has {len(header)}: quote cells "
                "that contain commas",
                shown,
                number,
            )
        cells = dict(zip(header, (cell.strip() for cell in row)))
        translations = {
            lang: text
            for lang, text in cells.items()
            if lang not in (source_language, "note") and text
        }
        terms.append(Term(cells[source_language], translations, cells.get("note", ""), number))
    return Glossary(tuple(term for term in terms if term.source))


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _contains(words: list[str], term: list[str], same) -> bool:
    """Whether `term` occurs in `words` in order, with at most one other word between its words."""
    if not term:
        return False
    for start, word in enumerate(words):
        if not same(word, term[0]):
            continue
        position, matched = start, 1
        while matched < len(term):
            following = [
                i
                for i in (position + 1, position + 2)
                if i < len(words) and same(words[i], term[matched])
            ]
            if not following:
                break
            position, matched = following[0], matched + 1
        if matched == len(term):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _first_forms(term: str) -> frozenset[str]:
    """The words a source must have for `term` to occur in it: its first word, as `_source_word`
    allows."""
    words = _words(term)
    return frozenset(_forms(words[0])) if words else frozenset()


def _source_word(word: str, term_word: str) -> bool:
    return word in _forms(term_word)


@functools.lru_cache(maxsize=1024)
def _forms(word: str) -> tuple[str, ...]:
    """An English word, its plurals and their possessives."""
    plurals = (word, word + "s", word + "es")
    return (*plurals, *(plural + mark for plural in plurals for mark in ("'s", "’s", "'", "’")))


def _inflected_word(word: str, term_word: str) -> bool:
    if len(term_word) < 4:  # abbreviations (ПА, ЕҚЫҰ) take endings after a hyphen: ПА-ның
        return word == term_word or word.startswith(term_word + "-")
    return word.startswith(term_word[:-2] if len(term_word) >= 6 else term_word[:-1])
