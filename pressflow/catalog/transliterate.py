"""Kazakh Cyrillic → Kazakh Latin, by the Latin alphabet of 2021, for the `kk-Latn` edition.

The table
    The Kazakh alphabet on the Latin script presented by the Government of Kazakhstan on 28 January
    2021, at the session of the National Commission for the transition of the Kazakh alphabet to the
    Latin script chaired by Prime Minister Askar Mamin: 31 letters, with Ä ä for ә, Ö ö for ө, Ü ü
    for ү, Ū ū for ұ, Ğ ğ for ғ and Ş ş for ш (reported by Kazinform, "New version of Latin-based
    Kazakh alphabet presented at Government",
    https://www.inform.kz/en/new-version-of-latin-based-kazakh-alphabet-presented-at-government_a3746549,
    and Kazakhstan Today, dated 30 January 2021,
    https://www.kt.kz/eng/politics/new_version_of_latin-based_kazakh_alphabet_presented_at_1377910944.html).
    The letter for each Cyrillic letter is that of the 2021 column of the table in Wikipedia's
    "Kazakh alphabets", section "Latin script" (https://en.wikipedia.org/wiki/Kazakh_alphabets),
    whose worked example (a text of 1902, "Бұрыңғы өткен заманда...") our tests transliterate word
    for word:

        А а → A a    Ә ә → Ä ä    Б б → B b    В в → V v    Г г → G g    Ғ ғ → Ğ ğ    Д д → D d
        Е е → E e    Ж ж → J j    З з → Z z    И и → İ i    Й й → İ i    К к → K k    Қ қ → Q q
        Л л → L l    М м → M m    Н н → N n    Ң ң → Ñ ñ    О о → O o    Ө ө → Ö ö    П п → P p
        Р р → R r    С с → S s    Т т → T t    У у → U u    Ұ ұ → Ū ū    Ү ү → Ü ü    Ф ф → F f
        Х х → H h    Һ һ → H h    Ш ш → Ş ş    Ы ы → Y y    І і → I ı

    The January presentation drew ң as Ŋ ŋ; Wikipedia's table and worked example, and the converters
    in use, write Ñ ñ, and so do we (a one-letter change if a decree settles otherwise).

What the table leaves open, and what we chose
    * Letters of words borrowed through Russian, which the 31 letters do not name. A transliteration
      keeps the word as written (the Baitursynuly Institute's drafts of a new orthography respell
      such words, ч as ş, ц as s: that is spelling reform, for the authors, not for a converter), so
      each is written with the alphabet's letters for its sound, or a letter the Turkic Latin
      alphabets share:
        ё → io, ю → iu, я → ia   й (i) and the vowel, as Kazakh reads them (Юрий → İurii); after
                                 и or й, whose i already writes the й sound, the vowel alone
                                 (Армения → Armenia, not Armeniia)
        ц → ts                   т and с: Кобицкий → Kobitskii
        ч → ç                    the Common Turkic Alphabet's (Turkish, Azerbaijani, Turkmen) letter
                                 for this sound, not among the 31: "tş" is unreadable, and ş would
                                 merge ч with ш (Хачатрян → Haçatrian)
        щ → şş                   the long ш that щ is in Kazakh: ащы → aşşy
        э → e                    е and э are one sound in Kazakh
        ъ, ь → (nothing)         no sound of their own: съезд → sezd, Татьяна → Tatiana
      в → v, ф → f, х → h, һ → h, и → i, й → i and у → u are the table's own, though в, ф, х, һ are
      also letters of borrowed words.
    * Upper case. і is the dotless ı, whose capital is I; и and й are the dotted i, whose capital is
      İ (as in Turkish), so capitals are made by the table, never by Python's str.upper ("i" → "I").
      A letter that becomes two (ё, ю, я, ц, щ) is capitalised as the word is: all of it in a word
      in capitals (ЮНЕСКО → İUNESKO), its first letter in a capitalised one (Юрий → İurii).
    * Everything that is no Kazakh Cyrillic letter is left as it is: Latin text, digits, punctuation
      and the «» quotes that Kazakh keeps in either script, and the letters of other Cyrillic
      alphabets. Text is read in Unicode NFC, so that a й typed as и + combining breve is one
      letter.

Not reversible
    to_cyrillic is not written: the table merges и and й (i), х and һ (h), е and э (e), drops ъ and
    ь, and writes ё, ю, я, ц as the pairs of letters they sound like (Маями and Майами are both
    Maiami, айтсаң is aitsañ). Going back needs a dictionary of words; the kk-Latn edition never
    needs it, since its text is made from the Cyrillic catalog.

In a Markdown message, only the prose is transliterated: inline code, raw HTML, entities, URLs
(link and image destinations, autolinks, bare URLs) and email addresses stay as they are, and so
does the markup, which is no Cyrillic.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pressflow.core.languages import Language
from pressflow.source import markdown

_ALPHABET = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ш": "ş",
    "ы": "y",
    "і": "ı",
}
"""The 2021 table, in lower case."""
_BORROWED = {
    "ё": "io",
    "ц": "ts",
    "ч": "ç",
    "щ": "şş",
    "ъ": "",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
"""Our letters for those of Russian words that the table does not name (the docstring says why)."""
_LATIN = {**_ALPHABET, **_BORROWED}
_IOTATED = "ёюя"
"""Vowels that begin with the й sound, which an и or й before them has already written."""
_UPPER = {"i": "İ"}
"""Capitals that differ from Python's: Kazakh's dotted i keeps its dot (ı → I is Python's own)."""


def to_latin(text: str) -> str:
    """Plain Kazakh text in the Latin alphabet of 2021: `Қазақстан` → `Qazaqstan`."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for index, char in enumerate(text):
        latin = _LATIN.get(char.lower()) if char.isalpha() else None
        if latin and char.lower() in _IOTATED and index and text[index - 1].lower() in "ий":
            latin = latin[1:]
        if latin is None:
            out.append(char)
        elif not char.isupper() or not latin:
            out.append(latin)
        elif len(latin) == 1 or _in_capitals(text, index):
            out.append(upper(latin))
        else:
            out.append(upper(latin[0]) + latin[1:])
    return "".join(out)


def to_latin_markdown(message: str) -> str:
    """A Markdown message in the Latin alphabet of 2021: its prose transliterated, its code, URLs,
    email addresses and markup as they were."""
    parts: list[str] = []
    position = 0
    for start, end in markdown.literal_spans(message):
        parts += [to_latin(message[position:start]), message[start:end]]
        position = end
    parts.append(to_latin(message[position:]))
    return "".join(parts)


def upper(latin: str) -> str:
    """Kazakh Latin text in capitals: i → İ, ı → I. CSS `text-transform: uppercase` does not know
    this for kk (WeasyPrint keeps the dot for tr and az alone), so a kk-Latn template must not
    rely on it: MİNİSTRLIK, not MINISTRLIK."""
    return "".join(_UPPER.get(char) or char.upper() for char in latin)


@dataclass(frozen=True)
class Transliteration:
    """How the text of an edition derived by transliteration is made from its base language's."""

    text: Callable[[str], str]
    """For plain text: what Babel formats (dates, names) in the base's script."""
    markdown: Callable[[str], str]
    """For a message of a catalog (inline Markdown)."""
    upper: Callable[[str], str]
    """The edition's text in capitals, by its own alphabet's rules (CSS does not know them)."""


TRANSLITERATIONS: Mapping[tuple[str, str], Transliteration] = MappingProxyType(
    {
        ("kk", "Latn"): Transliteration(to_latin, to_latin_markdown, upper),
    }
)
"""(language, script) of each derived edition (`pressflow.core.languages.DERIVED_SCRIPTS`) → its
transliteration."""


def transliteration(language: Language) -> Transliteration:
    """The transliteration that makes a derived edition's text (`language.derived`)."""
    return TRANSLITERATIONS[language.locale.language, language.script]


def _in_capitals(text: str, index: int) -> bool:
    """Whether the capital at `index` is in a word written in capitals: the letter after it is a
    capital too, or, at the word's end, the letter before it."""
    for neighbour in (index + 1, index - 1):
        if 0 <= neighbour < len(text) and text[neighbour].isalpha():
            return text[neighbour].isupper()
    return False
