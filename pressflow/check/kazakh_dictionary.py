"""Kazakh typed on a Russian keyboard layout, found with real spelling dictionaries.

A word of a Kazakh text that the Kazakh dictionary does not accept as typed, but accepts once
some of its Russian look-alike letters are turned back into the Kazakh letters they stand for
(тармак → тармақ), was typed without them. Hunspell reads the dictionaries (chunspell: Hunspell's
C++ library in wheels for Linux, macOS and Windows; MIT, Hunspell itself MPL-1.1/GPL-2/LGPL-2.1):

* Kazakh: Debian's `hunspell-kk` (`kk_KZ.aff`, `kk_KZ.dic`: 54,000 words, each with its
  endings; Akmaral Mussayeva, László Németh, Rail Aliev, OpenOffice.org's dict-kk, 2009;
  GPL-2+ or LGPL-2.1+ or MPL-1.1+).
* Russian: Debian's `hunspell-ru` (`ru_RU`, Alexander Lebedev's dictionary from LibreOffice's;
  BSD-style licence). A word that is Russian as typed (министр, компания, Армения, Мартин) is
  a loanword, a name or a quotation in Kazakh text, never a slip.

Both are looked for where Hunspell looks (`DICPATH`, then the system's folders); without them
`kazakh_letters` falls back to its own list of frequent words and `pressflow doctor` says how
to install them. Measured on NTREX-128's Kazakh news and the example release (every word with
a Kazakh letter, russified: `tests/test_check_cyrillic.py`), the rules below flag three in four
of the russified words and one word of the professional text, a genuine slip.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from hunspell import Hunspell

KAZAKH = "kk_KZ"
RUSSIAN = "ru_RU"
INSTALL = "apt-get install -y hunspell-kk hunspell-ru"
# Where Hunspell's own tools look, after DICPATH: Debian and Ubuntu, Fedora, Homebrew, macOS.
_SYSTEM_FOLDERS = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
    "~/Library/Spelling",
)

# What a Russian keyboard layout leaves of each Kazakh letter: its look-alike, ә also as э, і
# also as the Latin i that sits on the same key of many layouts.
LOOKALIKES = {
    "қ": "к",
    "ң": "н",
    "ү": "у",
    "ұ": "у",
    "ө": "о",
    "ә": "аэ",
    "ғ": "г",
    "һ": "х",
    "і": "иi",
}
_RESTORED: dict[str, str] = {}
for _kazakh, _typed in LOOKALIKES.items():
    for _letter in _typed:
        _RESTORED[_letter] = _RESTORED.get(_letter, "") + _kazakh

# A Kazakh word has at most four of the nine letters in 99.7% of NTREX's (measured): a word
# is restored at four of its look-alikes at most, the fewest that the dictionary accepts.
_MAX_RESTORED = 4
# The lookups one word may cost (5 µs each): a word of 20 letters typed all in Russian ones
# needs about 500 for each prefix tried.
_BUDGET = 3000
# -ын and -ың, -ін and -ің, -нан and -наң are different endings of one word (its accusative,
# "your …"), and the dictionary lacks many of the first: a respelling that only turns н into ң
# is no evidence (бергенін is right, бергенің is another word).
_AMBIGUOUS = ("н", "ң")
# An ending told by itself, after a word the dictionary accepts as typed (Министр|дин): three
# or four letters, since shorter ones follow names as well (Кен|ни, Дол|ли).
_ENDING_LENGTHS = range(3, 5)
_MIN_STEM = 4  # a shorter beginning of a word says nothing: most of them are Kazakh words
_MIN_WORD = 3  # two letters restored make some Kazakh word or other (г-жа: жә)
# Letters of an ending that may stand for Kazakh ones (-ның, -ға, -қа, -нің, -ді); endings hardly
# ever have ә, ө, ұ, ү or һ, so their а, о, у are what they seem.
UNSURE_IN_ENDINGS = frozenset("кгниiэ")


@dataclass(frozen=True)
class Respelling:
    spellings: tuple[str, ...]
    """How the word should be written, in the case it was typed in (several when the
    dictionary accepts several, қол and көл for кол)."""
    whole: bool
    """False when only the word's beginning is known: its ending, as typed, may still lack
    Kazakh letters."""


@dataclass(frozen=True)
class Dictionaries:
    kazakh: Hunspell
    russian: Hunspell
    endings: frozenset[str]
    """Every ending the Kazakh dictionary's affix rules add (-дың, -дің, -ға, -тар…)."""

    def is_kazakh(self, word: str) -> bool:
        return _spell(self.kazakh, word)

    def is_russian(self, word: str) -> bool:
        return _spell(self.russian, word)

    def is_entry(self, word: str) -> bool:
        """Whether the Kazakh dictionary lists the word itself, not only as another's form."""
        return self.is_kazakh(word) and word in self.kazakh.stem(word)


def _spell(speller: Hunspell, word: str) -> bool:
    try:
        return bool(speller.spell(word))
    except UnicodeError:  # a dictionary in an 8-bit encoding lacks the word's letters
        return False


def dictionary_folder(name: str) -> Path | None:
    """The folder that has `name`.aff and `name`.dic, where Hunspell would look."""
    folders = [*os.environ.get("DICPATH", "").split(os.pathsep), *_SYSTEM_FOLDERS]
    for folder in (Path(folder).expanduser() for folder in folders if folder):
        if (folder / f"{name}.aff").is_file() and (folder / f"{name}.dic").is_file():
            return folder
    return None


@cache
def dictionaries() -> Dictionaries | None:
    """Both dictionaries, loaded once (0.4 s); None when either is missing."""
    kazakh, russian = dictionary_folder(KAZAKH), dictionary_folder(RUSSIAN)
    if kazakh is None or russian is None:
        return None
    return Dictionaries(
        Hunspell(KAZAKH, hunspell_data_dir=str(kazakh)),
        Hunspell(RUSSIAN, hunspell_data_dir=str(russian)),
        _suffixes(kazakh / f"{KAZAKH}.aff"),
    )


def _suffixes(aff: Path) -> frozenset[str]:
    """The strings a Hunspell affix file's suffix rules add (`SFX flag strip add condition`,
    hunspell(5)), without their continuation flags."""
    endings = set()
    for line in aff.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[0] == "SFX":
            added = fields[3].split("/", 1)[0]
            if added != "0":
                endings.add(added)
    return frozenset(endings)


def clear() -> None:
    """Forget the dictionaries found and every word judged (after DICPATH changed)."""
    dictionaries.cache_clear()
    respelling.cache_clear()


@lru_cache(maxsize=65536)  # a release's words recur: its names, its terms, and, of, for
def respelling(typed: str) -> Respelling | None:
    """How to write a word of a Kazakh text that was typed with Russian look-alikes of Kazakh
    letters; None when it is right as typed, or the dictionaries cannot tell, or are missing.

    A lowercase word is respelled whole (тармак → тармақ), or by its beginning (жулдыздарынан →
    жұлдыздарынан: the dictionary lacks many chains of endings). A capitalised word may be a
    name that no dictionary has (Данди, not Дәнді): only its ending is restored, after a
    beginning the dictionary accepts as typed (Министрдин → Министрдің).
    """
    found = dictionaries()
    word = typed.lower()
    if found is None or len(word) < _MIN_WORD or not _RESTORED.keys() & set(word):
        return None
    if found.is_kazakh(typed) or found.is_russian(typed):
        return None
    search = _Search(found)
    if typed[:1].islower():
        respelled = search.whole(word) or search.beginning(word)
    else:
        respelled = None
    respelled = respelled or search.ending(word)
    if respelled is None:
        return None
    return Respelling(
        tuple(_cased_like(typed, spelling) for spelling in respelled.spellings), respelled.whole
    )


class _Search:
    """The restorations of one word the dictionaries accept, within the word's budget."""

    def __init__(self, found: Dictionaries) -> None:
        self.found = found
        self.left = _BUDGET

    def whole(self, word: str) -> Respelling | None:
        spellings = self.nearest(word, self.found.is_kazakh)
        if not spellings:
            return None
        # A Russian loanword keeps its letters (турист|ерді, not түріс|терді): a restoration
        # only inside a beginning that is a Russian word does not count.
        russian = next(
            (
                end
                for end in range(len(word) - 1, _MIN_STEM - 1, -1)
                if self.found.is_russian(word[:end])
            ),
            0,
        )
        spellings = [spelling for spelling in spellings if spelling[russian:] != word[russian:]]
        return Respelling(tuple(spellings), True) if spellings else None

    def beginning(self, word: str) -> Respelling | None:
        """The longest beginning of the word that is a dictionary entry once restored, longer
        than any beginning that is a word as typed."""
        typed = next(
            (
                end
                for end in range(len(word) - 1, 2, -1)
                if self.found.is_kazakh(word[:end]) or self.found.is_russian(word[:end])
            ),
            0,
        )
        for end in range(len(word) - 1, max(typed, _MIN_STEM), -1):
            stems = self.nearest(word[:end], self.found.is_entry)
            if not stems:
                continue
            rest = word[end:]
            if UNSURE_IN_ENDINGS.isdisjoint(rest):
                return Respelling(tuple(stem + rest for stem in stems), True)
            return Respelling(tuple(stems), False)
        return None

    def ending(self, word: str) -> Respelling | None:
        """A dictionary word as typed followed by an ending the dictionary has only restored."""
        for length in _ENDING_LENGTHS:
            stem, ending = word[:-length], word[-length:]
            if (
                len(stem) < _MIN_STEM
                or ending in self.found.endings
                or not self.found.is_kazakh(stem)
            ):
                continue
            restored = self.nearest(ending, self.found.endings.__contains__)
            if restored:
                return Respelling(tuple(stem + known for known in restored), True)
        return None

    def nearest(self, word: str, accepted: Callable[[str], bool]) -> list[str]:
        """The restorations of the fewest letters that `accepted` accepts."""
        found: list[str] = []
        fewest = 0
        for changed, restored in _restorations(word):
            if (found and changed > fewest) or self.left <= 0:
                break
            self.left -= 1
            if accepted(restored) and not _only_ambiguous(word, restored):
                found.append(restored)
                fewest = changed
        return found


def _restorations(word: str) -> Iterator[tuple[int, str]]:
    """The word with one, then two… of its look-alikes turned into the Kazakh letters they may
    stand for: (how many were, the word)."""
    where = [at for at, letter in enumerate(word) if letter in _RESTORED]
    for changed in range(1, min(_MAX_RESTORED, len(where)) + 1):
        for positions in itertools.combinations(where, changed):
            for letters in itertools.product(*(_RESTORED[word[at]] for at in positions)):
                restored = list(word)
                for at, letter in zip(positions, letters):
                    restored[at] = letter
                yield changed, "".join(restored)


def _only_ambiguous(typed: str, restored: str) -> bool:
    return all((was, now) == _AMBIGUOUS for was, now in zip(typed, restored) if was != now)


def _cased_like(model: str, word: str) -> str:
    return "".join(
        letter.upper() if original.isupper() else letter for original, letter in zip(model, word)
    )
