"""The Cyrillic pack: typing slips that Kazakh and Russian translations are prone to.

* `mixed_script`: a Latin look-alike typed inside a Cyrillic word (Мәжiлiс with a Latin i),
  or a Cyrillic one inside a Latin word (Kazakhstаn with a Cyrillic а): the word looks
  right and breaks search, sorting, spell checking and hyphenation.
* `kazakh_letters`: Kazakh typed on a Russian keyboard layout, with к for қ, н for ң, у for ү…,
  found with the Kazakh and Russian spelling dictionaries (`kazakh_dictionary`) where they are
  installed, and with a list of frequent Kazakh words everywhere.
* `quotes`: «» are the quotation marks of Kazakh and Russian; „“ only inside them.

Each reads the text of a Markdown message as its reader does, and leaves out what is no
prose: inline code, link and image targets and titles, URLs and email addresses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from babel.core import get_global

from pressflow.check import kazakh_dictionary
from pressflow.check.kazakh_dictionary import LOOKALIKES, Respelling
from pressflow.source import markdown

_LETTERS = re.compile(r"[^\W\d_]+")
_BARE_URL_OR_EMAIL = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)


@lru_cache(maxsize=1024)  # the checks of one message read the same text one after another
def _prose(text: str) -> str:
    """The text of a Markdown message as read, with code, URLs, email addresses and link
    targets (with their titles) left out."""
    parts: list[str] = []
    in_autolink = False
    for token in markdown.parse_inline(text):
        if token.type == "link_open":
            in_autolink = token.markup == "autolink"  # <https://…>: its text is the URL
        elif token.type == "link_close":
            in_autolink = False
        elif (
            token.type in ("text", "image") and not in_autolink
        ):  # an image's content: its alt text
            parts.append(token.content)
        elif token.type in ("code_inline", "html_inline", "softbreak", "hardbreak"):
            parts.append(" ")
    return unicodedata.normalize("NFC", _BARE_URL_OR_EMAIL.sub(" ", "".join(parts)))


def _primary_language(language: str) -> str:
    return re.split(r"[-_@.]", language, maxsplit=1)[0].lower()


@cache
def _script(language: str) -> str:
    """The ISO 15924 script a language is written in: the tag's own (kk-Latn), else CLDR's likely
    one."""
    subtags = re.split(r"[-_]", language)
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            return subtag.title()
    likely = get_global("likely_subtags").get(subtags[0].lower(), "")
    return likely.split("_")[1] if likely.count("_") == 2 else ""


# --- mixed_script -----------------------------------------------------------------------

_SCRIPT_NAMES = {"Latn": "Latin", "Cyrl": "Cyrillic"}
# Latin letters that pass for Russian one-letter words (а, о, с, у) when typed alone.
_LONE_LOOKALIKES = {"a": "а", "o": "о", "c": "с", "y": "у"}
_LONE_LATIN = re.compile(
    r"(?:(?<=[\u0400-\u052f] )|(?<=[\u0400-\u052f], ))([aocy])(?= [\u0400-\u052f])"
)


def mixed_script(source: str, translation: str, source_language: str, language: str) -> list[str]:
    script = _SCRIPT_NAMES.get(_script(language))
    if script is None:
        return []
    prose = _prose(translation)
    problems = [
        problem
        for word in dict.fromkeys(_LETTERS.findall(prose))
        if (problem := _mixed_word(word, script))
    ]
    if script == "Cyrillic":
        problems += [
            f"Latin «{letter}» stands alone between Cyrillic words: retype it as "
            f"Cyrillic «{_LONE_LOOKALIKES[letter]}»"
            for letter in dict.fromkeys(_LONE_LATIN.findall(prose))
        ]
    return problems


def _mixed_word(word: str, language_script: str) -> str:
    """What is wrong with a word whose letters come from more than one script ('' when none)."""
    letters_by_script: dict[str, list[str]] = {}
    for letter in word:
        if script := _letter_script(letter):
            letters_by_script.setdefault(script, []).append(letter)
    if len(letters_by_script) < 2:
        return ""
    # The word's own script is the one most of its letters are in; on a tie, the language's.
    own = max(
        letters_by_script,
        key=lambda script: (len(letters_by_script[script]), script == language_script),
    )
    strays = ", ".join(
        f"«{letter}»"
        for script, letters in letters_by_script.items()
        if script != own
        for letter in dict.fromkeys(letters)
    )
    others = " and ".join(script for script in letters_by_script if script != own)
    return f"word «{word}» mixes {others} {strays} with {own} letters: retype it"


@cache
def _letter_script(letter: str) -> str:
    """'Latin', 'Cyrillic' or 'Greek' for a letter of those scripts, else ''."""
    script = unicodedata.name(letter, "").split(" ", 1)[0].title()
    return script if script in ("Latin", "Cyrillic", "Greek") else ""


# --- kazakh_letters ---------------------------------------------------------------------

_KAZAKH_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Real Kazakh text lacks all nine in 8% of its stretches of 15 letters ("Мен солай жасадым."),
# in 0.2% of those of 40 and in none of those of 50 (every stretch of NTREX's Kazakh and of
# the seed release measured: 21,000 of 50 letters).
# Capitalised words do not count: Russian names (Роман Василенко, Дмитрий Кобицкий) have
# no Kazakh letter and are right so.
_MIN_LETTERS = 50
_NO_KAZAKH_LETTER = (
    "no Kazakh letter (ә, ғ, қ, ң, ө, ұ, ү, һ, і) in a Kazakh text: "
    "was it typed with a Russian keyboard layout?"
)
_UNSURE_IN_ENDINGS = kazakh_dictionary.UNSURE_IN_ENDINGS
_TO_RUSSIAN = str.maketrans(
    {**{kazakh: typed[0] for kazakh, typed in LOOKALIKES.items()}, "i": "и", "э": "а"}
)

# Where the dictionaries are missing, and for capitalised words, which the dictionaries leave
# alone as names but for their endings (Казакстан), a list: frequent Kazakh words with at least
# one Kazakh letter, the most frequent such words of the Kazakh side of NTREX-128 news (368
# sentences) and of the ministry's seed release (2023-03-17-observer-meetings), plus the
# ministry's everyday terms (елші, келіссөздер…).
# Words without a Kazakh letter (мен, осы, сайлау, республикасы) cannot be mistyped this way.
# Each spelled with Russian letters was looked up in the OpenCorpora Russian dictionary
# (pymorphy3-dicts-ru: 391,778 lemmas, names included) and in the Kazakh texts above:
# * _STEMS are matched at the start of a word, with any ending (Қазақстанның → Казакстаннын):
#   no Russian word or name, and no other Kazakh word there, starts with their Russian spelling.
#   A final қ, к or п is left out of the stem, as Kazakh voices it before a vowel
#   (ынтымақтастық → ынтымақтастығы). Мәжіліс is kept although Russian has Мажилис: in
#   Kazakh text that spelling is a mistake too.
# * _WORDS are matched whole, since Russian words start with their Russian spelling
#   (бул- in булава, истер- in истерика). Left out: жаңа, әлі, әрі, іс, ел, өз, көп, ең,
#   іске, әлем, қол, whose Russian spelling is a Russian word or name that Kazakh text may
#   quote (Жана, Али, иске) or another Kazakh word (оз, ен). Kept although the dictionary
#   has their Russian spelling: және, қайта, қажет, басқа (жане, кайта, кажет, баска are
#   rare Russian forms no Kazakh text has reason to quote).
_STEMS = (
    "қазақстан",
    "мәжіліс",
    "министрлігі",
    "министрі",
    "сыртқы",
    "үкімет",
    "ынтымақтастық",
    "халықаралық",
    "экономикалық",
    "парламенттік",
    "екіжақты",
    "өзара",
    "ақпарат",
    "байқаушы",
    "елшілігі",
    "мемлекеттік",
    "президенті",
    "келіссөздер",
    "мәселе",
    "жүзеге",
    "өкілі",
    "өкілдері",
    "жөніндегі",
    "баспасөз",
    "қызмет",
    "біріккен",
    "ұлттар",
    "қауіпсіздік",
    "тұрақты",
    "демократиялық",
    "конституциялық",
    "заңнама",
    "маңызды",
    "бағдарлама",
    "келісім",
    "қатысу",
    "жоғары",
    "алдағы",
    "барлық",
    "арасындағы",
    "жылғы",
    "сәйкес",
    "кезінде",
    "ретінде",
    "ұлттық",
    "негізгі",
    "дипломатиялық",
    "әйелдер",
    "жаңғырту",
    "білдірді",
    "өткізді",
    "берілді",
    "қарсаңында",
    "қатынас",
    "бағалады",
    "әріптестік",
    "кейін",
    "өзінің",
    "қарсы",
    "бірнеше",
    "жұмыс",
    "дейін",
    "бірінші",
    "мүмкін",
    "арқылы",
    "қатысты",
    "көптеген",
    "бірқатар",
    "төраға",
    "тәуелсіз",
    "еуропалық",
    "қытай",
    "ұлыбритания",
    "орталық",
    "оңтүстік",
    "солтүстік",
    "шығыс",
    "қабылдады",
    "жүргізді",
    "талқылады",
    "құжат",
    "мәлімде",
)
_WORDS = (
    "және",
    "үшін",
    "бұл",
    "бірақ",
    "оның",
    "өзі",
    "бір",
    "екі",
    "күні",
    "бұрын",
    "істер",
    "елші",
    "ұйым",
    "өтті",
    "өңір",
    "қарым",
    "қайта",
    "қажет",
    "басқа",
)


def _stem(word: str) -> str:
    return word[:-1] if word[-1] in "қкп" else word


def _index(words) -> dict[int, dict[str, list[str]]]:
    """Words (or stems) by their length, then by their spelling in Russian letters."""
    index: dict[int, dict[str, list[str]]] = {}
    for word in words:
        index.setdefault(len(word), {}).setdefault(word.translate(_TO_RUSSIAN), []).append(word)
    return index


_STEM_INDEX = _index(_stem(word) for word in _STEMS)
_STEM_LENGTHS = sorted(_STEM_INDEX, reverse=True)  # the longest stem that fits wins
_FULL_FORMS = {_stem(word): word for word in _STEMS}
_WORD_INDEX = _index(_WORDS)


def kazakh_letters(source: str, translation: str, source_language: str, language: str) -> list[str]:
    if _primary_language(language) != "kk" or _script(language) != "Cyrl":
        return []
    words = _LETTERS.findall(_prose(translation))
    if _typed_in_russian(words):
        return [_NO_KAZAKH_LETTER]
    return list(dict.fromkeys(problem for word in words if (problem := _russified_word(word))))


def _typed_in_russian(words: list[str]) -> bool:
    """Whether a text of enough Kazakh has not one Kazakh letter."""
    if any(_KAZAKH_ONLY.intersection(word) for word in words):
        return False
    counted = (word for word in words if not (word[0].isupper() and not word.isupper()))
    return (
        sum(_letter_script(letter) == "Cyrillic" for word in counted for letter in word)
        >= _MIN_LETTERS
    )


def _russified_word(typed: str) -> str:
    """How to spell a word typed with Russian letters ('' when it is right as typed or no
    dictionary nor the list can tell)."""
    respelled = kazakh_dictionary.respelling(typed)
    if respelled is not None:
        return _respelled(typed, respelled)
    return _listed_word(typed)


def _respelled(typed: str, respelled: Respelling) -> str:
    if respelled.whole:
        return f"«{typed}» should be written {' or '.join(f'«{s}»' for s in respelled.spellings)}"
    return (
        f"«{typed}» should be written {' or '.join(f'«{s}…»' for s in respelled.spellings)}, "
        "with Kazakh letters in its ending too where they belong"
    )


def _listed_word(typed: str) -> str:
    """How to spell a list word typed with Russian letters ('' when `typed` is no such word)."""
    lowered = typed.lower()
    for word in _WORD_INDEX.get(len(lowered), {}).get(lowered.translate(_TO_RUSSIAN), ()):
        if _russified(lowered, word):
            return f"«{typed}» should be written «{_cased_like(typed, word)}»"
    for length in (length for length in _STEM_LENGTHS if length <= len(lowered)):
        for stem in _STEM_INDEX[length].get(lowered[:length].translate(_TO_RUSSIAN), ()):
            if _russified(lowered[:length], stem):
                full, ending = _FULL_FORMS[stem], lowered[length:]
                if len(lowered) == len(full) and _russified(lowered, full):
                    return f"«{typed}» should be written «{_cased_like(typed, full)}»"
                if not _UNSURE_IN_ENDINGS.intersection(ending):
                    return f"«{typed}» should be written «{_cased_like(typed, stem + ending)}»"
                return (
                    f"«{typed}» should be written «{_cased_like(typed, stem)}…», "
                    "with Kazakh letters in its ending too where they belong"
                )
    return ""


def _russified(typed: str, kazakh: str) -> bool:
    """Whether `typed` is `kazakh` with some of its Kazakh letters replaced by Russian
    look-alikes."""
    return typed != kazakh and all(
        letter == wanted or letter in LOOKALIKES.get(wanted, "")
        for letter, wanted in zip(typed, kazakh)
    )


def _cased_like(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


# --- quotes -----------------------------------------------------------------------------

_QUOTE_MARKS = re.compile(r"[\"«»„“”]")
_RULE = "use «» quotes in Kazakh and Russian"
_CLOSING = {"«": "»", "„": "“"}
_EXCERPT = 40
# English single quotes, told from apostrophes (didn't) by where they stand. After an s and
# before a word, a mark may close a quote ('faceless directors' and) or be a plural
# possessive (the Giants' lead).
_SINGLE_OPENING = re.compile(r"(?<!\w)['‘](?=\w)")
_SINGLE_CLOSING = re.compile(r"(?<=[^\s'‘’])['’](?!\w)")
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)['’](?=\s+\w)")


@dataclass(frozen=True)
class _Quote:
    start: int
    """Where its opening mark stands."""
    end: int | None
    """Where its closing mark stands; None when it is never closed."""
    nested: bool
    """Whether it stands inside «»."""


def quotes(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """Both rules of the check `quotes`: the marks, then their balance."""
    return quote_marks(source, translation, source_language, language) + quote_balance(
        source, translation, source_language, language
    )


def quote_marks(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """House style: quotes in «», and „“ only inside them."""
    if _primary_language(language) not in ("kk", "ru"):
        return []
    text = _prose(translation)
    found, stray_closers = _quotes(text)
    problems = [problem for quote in found if (problem := _foreign_quote(text, quote))]
    return problems + [
        f"{_RULE} (found {text[at]} in …{_before(text, at)})"
        for at in stray_closers
        if text[at] != "»"
    ]


def quote_balance(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """A «» quote opened and never closed, or closed and never opened: where a quotation ends
    is what the reader takes for the speaker's words."""
    if _primary_language(language) not in ("kk", "ru"):
        return []
    text = _prose(translation)
    found, stray_closers = _quotes(text)
    unclosed = [quote for quote in found if quote.end is None and _native(text, quote)]
    unopened = [at for at in stray_closers if text[at] == "»"]
    # A quotation running over several paragraphs leaves each paragraph's quotes unbalanced
    # (opened in each, closed in the last): where the source's are, the translation's may be.
    if not (unclosed or unopened) or not _balanced(_prose(source)):
        return []
    return [
        f"{text[quote.start]} opened at {_excerpt(text, quote)} is never closed: "
        f"add the closing {_CLOSING[text[quote.start]]}"
        for quote in unclosed
    ] + [f"» in …{_before(text, at)} has no opening «: add it or remove the »" for at in unopened]


def _native(text: str, quote: _Quote) -> bool:
    """Whether a quote is made of Kazakh and Russian marks: «», or „“ inside «»."""
    return text[quote.start] == "«" or (text[quote.start] == "„" and quote.nested)


def _foreign_quote(text: str, quote: _Quote) -> str:
    if _native(text, quote):
        return ""
    if text[quote.start] == "„":
        return f"{_RULE}; „“ only inside «» (found {_excerpt(text, quote)})"
    return f"{_RULE} (found {_excerpt(text, quote)})"


def _balanced(text: str) -> bool:
    """Whether every quote of a text, in any language's marks, closes what it opens."""
    found, stray_closers = _quotes(text)
    return (
        not stray_closers
        and all(quote.end is not None for quote in found)
        and _single_quotes_balanced(text)
    )


def _single_quotes_balanced(text: str) -> bool:
    openings, closings = len(_SINGLE_OPENING.findall(text)), len(_SINGLE_CLOSING.findall(text))
    return closings - len(_PLURAL_POSSESSIVE.findall(text)) <= openings <= closings


def _quotes(text: str) -> tuple[list[_Quote], list[int]]:
    """The quotes of a text in order, and where closing marks without an opening one stand.

    « pairs with », „ with “ (or ”), “ with ”, " with ". A " right after a digit while no
    " is open is an inch mark (21"), no quote. A » closes its « even when quotes opened
    after the « are still open: those are never closed.
    """
    found: list[_Quote] = []
    stray_closers: list[int] = []
    open_quotes: list[int] = []

    def close(end: int | None) -> None:
        start = open_quotes.pop()
        nested = any(text[outer] == "«" for outer in open_quotes)
        found.append(_Quote(start, end, nested))

    for match in _QUOTE_MARKS.finditer(text):
        mark, at = match.group(), match.start()
        top = text[open_quotes[-1]] if open_quotes else ""
        if mark == "»" and top != "«" and any(text[start] == "«" for start in open_quotes):
            while text[open_quotes[-1]] != "«":
                close(None)
            top = "«"
        if (mark, top) in (("»", "«"), ("“", "„"), ("”", "„"), ("”", "“"), ('"', '"')):
            close(at)
        elif mark in "»”":
            stray_closers.append(at)
        elif not (mark == '"' and text[at - 1 : at].isdigit()):  # 21" is an inch mark
            open_quotes.append(at)
    while open_quotes:
        close(None)
    return sorted(found, key=lambda quote: quote.start), stray_closers


def _before(text: str, at: int) -> str:
    """The text up to a mark and the mark."""
    return text[max(0, at - _EXCERPT) : at + 1].lstrip()


def _excerpt(text: str, quote: _Quote) -> str:
    """A quote from its opening mark to its closing one, shortened in the middle when long."""
    end = len(text) - 1 if quote.end is None else quote.end
    if end - quote.start <= _EXCERPT:
        shown = text[quote.start : end + 1].rstrip()
        return shown if quote.end is not None else f"{shown}…"
    tail = "" if quote.end is None else text[end - 5 : end + 1]
    return f"{text[quote.start : quote.start + _EXCERPT - 10].rstrip()}…{tail}"
