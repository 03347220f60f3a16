"""Errors a reviewer cares about, planted into real professional translations (NTREX-128 news,
`../shared/corpus/ntrex/`, English with Kazakh and Russian aligned line by line).

Each planted error changes one thing in one translation that was right: a number, a date, a
time, a percentage, a scale word; a number dropped or added; a URL, email or phone number; a
link, bold text or inline code; a glossary term; a letter typed from the wrong script; the
whole translation left as the source. Where NTREX has nothing to change (it has no links,
contacts or code), a realistic carrier is added to the source and to its translation alike
(the press office's contact line, a "read more" link, a reference number), and the error is
planted into the translation's copy. The sentences are Markdown-escaped, as a press officer's
release would have them.

Used by tests/test_check_planted.py (every kind caught) and by bench/fidelity.py (the figures).
The choice is deterministic: at most `PER_KIND` errors of each kind per language, spread over
the corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.dates import get_month_names

NTREX = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ntrex"
LANGUAGES = ("kk", "ru")
PER_KIND = 10

# Characters that Markdown would read as markup in a sentence; a backslash makes each literal.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&!#])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")

# A realistic line of a press office, in the source and both translations: where NTREX has no
# contact details, links or codes, these are added to a sentence and to its translations alike.
CONTACTS = {
    "en": " Journalists can reach the press office at press@example.org or +44 20 7946 0958; "
    "the full statement is at https://www.example.org/news/2018/statement.",
    "kk": " Журналистер баспасөз қызметімен press@example.org немесе +44 20 7946 0958 арқылы "
    "байланыса алады; мәлімдеменің толық мәтіні: https://www.example.org/news/2018/statement.",
    "ru": " Журналисты могут связаться с пресс-службой по адресу press@example.org или по телефону "
    "+44 20 7946 0958; полный текст заявления: https://www.example.org/news/2018/statement.",
}
LINK = {
    "en": " [More on this story](https://www.example.org/news/2018/story).",
    "kk": " [Бұл туралы толығырақ](https://www.example.org/news/2018/story).",
    "ru": " [Подробнее об этом](https://www.example.org/news/2018/story).",
}
CODE = {
    "en": " Reference: `MFA-2018-0417`.",
    "kk": " Анықтама нөмірі: `MFA-2018-0417`.",
    "ru": " Номер справки: `MFA-2018-0417`.",
}
# Glossary terms that NTREX's translators rendered one way, with a wrong rendering a reviewer
# would reject: a literal translation or a misspelt transliteration (en, kk, ru, wrong kk, wrong ru).
GLOSSARY = (
    ("Labour", "лейборист", "лейборист", "Еңбек партиясы", "Партия труда"),
    ("Trump", "Трамп", "Трамп", "Трумп", "Трумп"),
    ("Indonesia", "Индонезия", "Индонезия", "Индонесия", "Индонесия"),
    ("Scotland", "Шотландия", "Шотландия", "Скотландия", "Скотландия"),
)
GLOSSARY_CSV = "en,kk,ru,note\n" + "".join(f"{en},{kk},{ru},\n" for en, kk, ru, _, _ in GLOSSARY)

_TO_LATIN = str.maketrans("аоеср", "aoecp")
_RUSSIAN_LAYOUT = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_NUMBER = re.compile(r"(?<![\w.,:\-/])\d+(?:[.,]\d+)?(?![\d:/]|[.,]\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DECIMAL = re.compile(r"(?<![\d.,])\d+[.,]\d+(?![\d.,]\d)")
_TIME = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d)(?![\d:])")
_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)(?=\s?(?:%|процент|пайыз))")
_SCALES = (("млн", "млрд"), ("миллион", "миллиард"))


@dataclass(frozen=True)
class Pair:
    document: str
    line: int
    source: str
    translation: str
    """Both Markdown, as in a catalog: the sentence with what Markdown would read as markup escaped."""


@dataclass(frozen=True)
class Planted:
    kind: str
    language: str
    document: str
    line: int
    source: str
    right: str
    """The translation without the error (with the carrier, where one was added)."""
    wrong: str


def markdown_text(sentence: str) -> str:
    """A sentence as the Markdown of a paragraph that shows it as it is."""
    return _LINE_START.sub(r"\1\\\2", _MARKUP.sub(r"\\\1", sentence)) if sentence else sentence


def ntrex_pairs(language: str, source_language: str = "en") -> list[Pair]:
    """Every aligned sentence pair of NTREX, in document order, as Markdown."""
    pairs = []
    for document in sorted(path for path in NTREX.iterdir() if path.is_dir()):
        sources = (document / f"{source_language}.txt").read_text(encoding="utf-8").splitlines()
        translations = (document / f"{language}.txt").read_text(encoding="utf-8").splitlines()
        pairs += [
            Pair(document.name, number, markdown_text(source), markdown_text(translation))
            for number, (source, translation) in enumerate(zip(sources, translations), start=1)
        ]
    return pairs


def planted_errors(per_kind: int = PER_KIND) -> list[Planted]:
    """Every planted error, kind by kind, for Kazakh and Russian."""
    planted = []
    for language in LANGUAGES:
        pairs = ntrex_pairs(language)
        common = _common_kazakh_words(pairs) if language == "kk" else {}
        for kind, plant in _kinds(language, common).items():
            found = [item for pair in pairs if (item := _plant(kind, language, pair, plant))]
            step = max(1, len(found) // per_kind)
            planted += found[::step][:per_kind]
    return planted


Plant = Callable[[Pair], tuple[str, str, str] | None]
"""(source, right translation, wrong translation) planted into a pair, or None where it does not fit."""


def _plant(kind: str, language: str, pair: Pair, plant: Plant) -> Planted | None:
    result = plant(pair)
    if result is None or result[1] == result[2]:
        return None
    source, right, wrong = result
    return Planted(kind, language, pair.document, pair.line, source, right, wrong)


def _kinds(language: str, common: dict[str, int]) -> dict[str, Plant]:
    month, next_month = _month_word(language)
    kinds: dict[str, Plant] = {
        "number changed": _in_translation(_NUMBER, _bigger, shared=True, least=11),
        "small number changed": _in_translation(_NUMBER, _bigger, shared=True, most=10),
        "decimal changed": _in_translation(_DECIMAL, _last_digit_up, shared=True),
        "percentage changed": _in_translation(_PERCENT, _bigger, shared=True),
        "year changed": _in_translation(_YEAR, _bigger, shared=True),
        "day of a date changed": _in_translation(
            re.compile(rf"(?<!\d)\d{{1,2}}(?=\s+{month})"), _bigger, shared=True, most=27
        ),
        "month changed": _in_translation(re.compile(rf"(?<=\d\s){month}"), next_month),
        "time changed": _in_translation(_TIME, _minute_later, shared=True),
        "scale changed": _scale_changed,
        "number dropped": _number_dropped,
        "number added": partial_added_year(language),
        "URL changed": _carried(CONTACTS, language, "/2018/statement", "/2019/statement"),
        "URL dropped": _carried(
            CONTACTS, language, " https://www.example.org/news/2018/statement", ""
        ),
        "email changed": _carried(CONTACTS, language, "press@example.org", "press@example.com"),
        "email dropped": _carried(CONTACTS, language, "press@example.org ", ""),
        "phone changed": _carried(CONTACTS, language, "0958", "0985"),
        "phone dropped": _carried(CONTACTS, language, " +44 20 7946 0958", ""),
        "link dropped": _carried(LINK, language, re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
        "link retargeted": _carried(LINK, language, "/2018/story", "/2018/other-story"),
        "code changed": _carried(CODE, language, "`MFA-2018-0417`", "`MFA-2018-0471`"),
        "code dropped": _carried(CODE, language, "`MFA-2018-0417`", "MFA-2018-0417"),
        "bold dropped": _bold_dropped,
        "untranslated copy": lambda pair: (pair.source, pair.translation, pair.source),
        "glossary term replaced": _glossary_replaced(language),
        "Latin look-alike letter in a Cyrillic word": _latin_letter,
    }
    if language == "kk":
        kinds["Kazakh typed with Russian letters"] = partial_russian_layout(common)
    return kinds


def _in_translation(
    pattern: re.Pattern,
    change: Callable[[str], str],
    shared: bool = False,
    least: float = 0,
    most: float = float("inf"),
) -> Plant:
    """Change the first match of `pattern` in the translation (that the source has too, when
    `shared`, and whose value is between `least` and `most` when it is a number)."""

    def plant(pair: Pair) -> tuple[str, str, str] | None:
        for match in pattern.finditer(pair.translation):
            text = match[0]
            if shared and not re.search(
                rf"(?<![\d.,]){re.escape(text.replace(',', '.'))}(?![\d]|[.,]\d)",
                pair.source.replace(",", "") if "," not in text else pair.source,
            ):
                continue
            value = _value(text)
            if value is not None and not least <= value <= most:
                continue
            return pair.source, pair.translation, _replace_at(pair.translation, match, change(text))
        return None

    return plant


def _value(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _replace_at(text: str, match: re.Match, replacement: str) -> str:
    return text[: match.start()] + replacement + text[match.end() :]


def _bigger(number: str) -> str:
    """The next whole number, or the decimal with its last digit one up."""
    return _last_digit_up(number) if re.search(r"[.,]", number) else str(int(number) + 1)


def _last_digit_up(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def _minute_later(time: str) -> str:
    hour, minute = time.split(":")
    return f"{hour}:{(int(minute) + 1) % 60:02d}"


def _month_word(language: str) -> tuple[str, Callable[[str], str]]:
    """A pattern for a month name with any ending, and a function naming the next month."""
    names = get_month_names("wide", "format", locale=language)
    stems = {month: name[:3].lower() for month, name in names.items()}
    pattern = "(?:" + "|".join(sorted(set(stems.values()))) + r")\w*"

    def next_month(word: str) -> str:
        month = next(month for month, stem in stems.items() if word.lower().startswith(stem))
        return names[month % 12 + 1]

    return pattern, next_month


def _scale_changed(pair: Pair) -> tuple[str, str, str] | None:
    for scale, other in _SCALES:
        match = re.search(rf"(?<=\d\s){scale}", pair.translation)
        if match:
            return pair.source, pair.translation, _replace_at(pair.translation, match, other)
    return None


def _number_dropped(pair: Pair) -> tuple[str, str, str] | None:
    """A number above ten (with the sign or ending glued to it) left out of the translation."""
    for match in re.finditer(r"(?<![\w.,:\-/])(\d+(?:[.,]\d+)?)(?![\d:])\S*\s?", pair.translation):
        if (
            _value(match[1]) is not None
            and _value(match[1]) > 10
            and match[1].replace(",", ".") in pair.source.replace(",", "")
        ):
            return pair.source, pair.translation, _replace_at(pair.translation, match, "")
    return None


def partial_added_year(language: str) -> Plant:
    """A year the source does not have put at the head of the translation ("In 2015, ...")."""
    head = {"kk": "2015 жылы ", "ru": "В 2015 году "}[language]

    def plant(pair: Pair) -> tuple[str, str, str] | None:
        if re.search(r"\d", pair.source) or not pair.translation[:1].isupper():
            return None
        rest = (
            pair.translation
            if language == "kk"
            else pair.translation[:1].lower() + pair.translation[1:]
        )
        return pair.source, pair.translation, head + rest

    return plant


def _carried(
    carrier: dict[str, str], language: str, pattern: str | re.Pattern, replacement: str
) -> Plant:
    """The carrier added to a sentence that ends with a full stop, and the change made to its translation."""

    def plant(pair: Pair) -> tuple[str, str, str] | None:
        if not (pair.source.endswith(".") and pair.translation.endswith(".")) or re.search(
            r"\d", pair.source
        ):
            return None
        right = pair.translation + carrier[language]
        changed = (
            re.sub(pattern, replacement, carrier[language], count=1)
            if isinstance(pattern, re.Pattern)
            else carrier[language].replace(pattern, replacement, 1)
        )
        return pair.source + carrier["en"], right, pair.translation + changed

    return plant


def _bold_dropped(pair: Pair) -> tuple[str, str, str] | None:
    """A figure that both texts show in bold, left plain in the translation."""
    for match in re.finditer(r"(?<![\w.,])\d+(?:[-.,:]\d+)*", pair.translation):
        if re.search(rf"(?<![\w.,]){re.escape(match[0])}(?![\w]|[.,]\d)", pair.source):
            source = re.sub(
                rf"(?<![\w.,]){re.escape(match[0])}(?![\w]|[.,]\d)",
                f"**{match[0]}**",
                pair.source,
                count=1,
            )
            return source, _replace_at(pair.translation, match, f"**{match[0]}**"), pair.translation
    return None


def _glossary_replaced(language: str) -> Plant:
    column = {"kk": (1, 3), "ru": (2, 4)}[language]

    def plant(pair: Pair) -> tuple[str, str, str] | None:
        for row in GLOSSARY:
            term, wrong = row[column[0]], row[column[1]]
            stem = term[:-2] if len(term) >= 6 else term[:-1]
            used = re.compile(rf"\b{re.escape(stem)}\w*", re.IGNORECASE)
            if re.search(rf"(?<![\w-]){row[0]}(?:['’]s)?(?![\w-])", pair.source) and used.search(
                pair.translation
            ):
                return (
                    pair.source,
                    pair.translation,
                    used.sub(wrong, pair.translation),
                )  # a wrong term is used throughout
        return None

    return plant


def _latin_letter(pair: Pair) -> tuple[str, str, str] | None:
    """The longest word with an а, о, е, с or р gets one of them typed as its Latin look-alike."""
    words = sorted(
        set(re.findall(r"[а-яёәғқңөұүһі]{4,}", pair.translation)),
        key=lambda word: (-len(word), word),
    )
    for word in words:
        at = next((index for index, letter in enumerate(word) if letter in "аоеср"), None)
        if at is not None:
            slipped = word[:at] + word[at].translate(_TO_LATIN) + word[at + 1 :]
            return (
                pair.source,
                pair.translation,
                re.sub(rf"\b{word}\b", slipped, pair.translation, count=1),
            )
    return None


def _common_kazakh_words(pairs: list[Pair]) -> dict[str, int]:
    """How often each word with a Kazakh letter is used in the Kazakh of the corpus."""
    counts = Counter(
        word.lower()
        for pair in pairs
        for word in re.findall(r"\w+", pair.translation)
        if _KAZAKH_LETTERS.search(word)
    )
    return {word: count for word, count in counts.items() if count >= 5}


def partial_russian_layout(common: dict[str, int]) -> Plant:
    """The sentence's most common Kazakh word typed on a Russian keyboard layout (қ → к, і → и...)."""

    def plant(pair: Pair) -> tuple[str, str, str] | None:
        words = [word for word in re.findall(r"\w+", pair.translation) if word.lower() in common]
        if not words:
            return None
        word = max(words, key=lambda word: (common[word.lower()], word))
        return (
            pair.source,
            pair.translation,
            re.sub(
                rf"(?<!\w){word}(?!\w)", word.translate(_RUSSIAN_LAYOUT), pair.translation, count=1
            ),
        )

    return plant


def by_kind(planted: list[Planted]) -> Iterator[tuple[str, list[Planted]]]:
    kinds: dict[str, list[Planted]] = {}
    for item in planted:
        kinds.setdefault(item.kind, []).append(item)
    yield from kinds.items()
