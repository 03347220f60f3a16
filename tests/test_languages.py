"""A project's language codes: BCP 47 tags or their gettext spelling, one Language each."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from conftest import REPO

from pressflow.core import languages
from pressflow.core.config import load_config

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# code written → (project code, BCP 47 tag, Babel locale, script, base, name in itself, plural forms)
MAPPING = {
    "en": ("en", "en", "en", "Latn", None, "English", 2),
    "kk": ("kk", "kk", "kk", "Cyrl", None, "қазақ тілі", 2),
    "ru": ("ru", "ru", "ru", "Cyrl", None, "русский", 3),
    "kk-Latn": ("kk_Latn", "kk-Latn", "kk", "Latn", "kk", "қазақ тілі (латын жазуы)", 2),
    "kk_Latn": ("kk_Latn", "kk-Latn", "kk", "Latn", "kk", "қазақ тілі (латын жазуы)", 2),
    "KK-latn": ("kk_Latn", "kk-Latn", "kk", "Latn", "kk", "қазақ тілі (латын жазуы)", 2),
    "kk-Latn-KZ": (
        "kk_Latn_KZ",
        "kk-Latn-KZ",
        "kk_KZ",
        "Latn",
        "kk_KZ",
        "қазақ тілі (латын жазуы, Қазақстан)",
        2,
    ),
    "pt_BR": ("pt_BR", "pt-BR", "pt_BR", "Latn", None, "português (Brasil)", 3),
    "pt-BR": ("pt_BR", "pt-BR", "pt_BR", "Latn", None, "português (Brasil)", 3),
    "sr-Latn": ("sr_Latn", "sr-Latn", "sr_Latn", "Latn", None, "srpski (latinica)", 3),
    "sr-Latn-RS": (
        "sr_Latn_RS",
        "sr-Latn-RS",
        "sr_Latn_RS",
        "Latn",
        None,
        "srpski (latinica, Srbija)",
        3,
    ),
    "zh-Hant": ("zh_Hant", "zh-Hant", "zh_Hant", "Hant", None, "中文 (繁體)", 1),
    "zh-TW": ("zh_TW", "zh-TW", "zh_Hant_TW", "Hant", None, "中文 (繁體, 台灣)", 1),
    "kk-Arab": ("kk_Arab", "kk-Arab", "kk_Arab", "Arab", None, "قازاق ءتىلى (اراب جازۋى)", 2),
}


@pytest.mark.parametrize("written", MAPPING)
def test_what_a_code_maps_to(written):
    code, tag, locale, script, base, name, plurals = MAPPING[written]
    language = languages.parse(written)
    assert (language.code, language.tag, str(language.locale), language.script, language.base) == (
        code,
        tag,
        locale,
        script,
        base,
    )
    assert language.name == name
    assert language.plural_forms.startswith(f"nplurals={plurals}; plural=")
    assert language.catalog_folder == code
    assert (languages.normalize(written), languages.bcp47(written)) == (code, tag)
    assert (
        languages.parse(tag) == languages.parse(code) == language
    )  # either spelling, one language


def test_a_derived_edition_formats_as_its_base():
    """kk-Latn takes dates, numbers and plural rules from kk (in Cyrillic, to be transliterated)."""
    latin, kazakh = languages.parse("kk-Latn"), languages.parse("kk")
    assert latin.derived and not kazakh.derived
    assert format_date(date(2023, 3, 19), "long", locale=latin.locale) == "2023\u202fж. 19 наурыз"
    assert latin.plural_forms == kazakh.plural_forms == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize(
    "written, message",
    [
        # Babel answers these with another locale (kk_Cyrl, ru, en, en_US): refused, not substituted.
        (
            "ru-Latn",
            "unknown language code 'ru-Latn': CLDR has no Russian in Latin script, and pressflow "
            "derives only kk-Latn (from kk) by transliteration",
        ),
        (
            "en-Cyrl",
            "unknown language code 'en-Cyrl': CLDR has no English in Cyrillic script, and pressflow "
            "derives only kk-Latn (from kk) by transliteration",
        ),
        (
            "kk-Latn-CN",
            "unknown language code 'kk-Latn-CN': CLDR has no Kazakh in Latin script, and pressflow "
            "derives only kk-Latn (from kk) by transliteration",
        ),
        (
            "und",
            "unknown language code 'und': CLDR has no data for it; use a BCP 47 tag such as 'kk', 'pt-BR' "
            "or 'kk-Latn'",
        ),
        (
            "xx",
            "unknown language code 'xx': CLDR has no data for it; use a BCP 47 tag such as 'kk', 'pt-BR' "
            "or 'kk-Latn'",
        ),
        (
            "en-KZ",
            "unknown language code 'en-KZ': CLDR has no data for it; use a BCP 47 tag such as 'kk', "
            "'pt-BR' or 'kk-Latn'",
        ),
        (
            "sr@latin",
            "unknown language code 'sr@latin': '@' marks a glibc locale modifier; write the script "
            "as a BCP 47 subtag instead ('sr-Latn', not 'sr@latin')",
        ),
        (
            "pt BR",
            "'pt BR' is not a language tag: write a BCP 47 tag such as 'kk', 'pt-BR' or 'kk-Latn'",
        ),
        ("", "'' is not a language tag: write a BCP 47 tag such as 'kk', 'pt-BR' or 'kk-Latn'"),
        (
            "en-US-x-twain",
            "'en-US-x-twain' is not a language tag: write a BCP 47 tag such as 'kk', 'pt-BR' "
            "or 'kk-Latn'",
        ),
    ],
)
def test_unknown_codes_are_refused_with_a_clear_message(written, message):
    with pytest.raises(languages.UnknownLanguage) as refused:
        languages.parse(written)
    assert str(refused.value) == message


def test_the_config_accepts_bcp47_tags_and_normalises_them(tmp_path):
    (tmp_path / "pressflow.toml").write_text(
        'languages = ["en", "kk", "ru", "kk-Latn"]\n'
        '[organization]\nkk = "Қазақстан Республикасы Сыртқы істер министрлігі"\n'
        'kk-Latn = "Qazaqstan Respublikasy Syrtqy ıster ministrlıgı"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.languages == ("en", "kk", "ru", "kk_Latn")
    assert config.target_languages == ("kk", "ru", "kk_Latn")
    assert config.organization_name("kk_Latn") == "Qazaqstan Respublikasy Syrtqy ıster ministrlıgı"


def test_both_spellings_of_a_language_are_one_language(tmp_path):
    (tmp_path / "pressflow.toml").write_text(
        'source_language = "pt-BR"\nlanguages = ["pt_BR", "kk", "kk_Latn", "kk-Latn", "pt-BR"]\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert (config.source_language, config.languages) == ("pt_BR", ("pt_BR", "kk", "kk_Latn"))


@pytest.mark.parametrize(
    "config, message",
    [
        (
            'languages = ["en", "ru", "kk-Latn"]\n',
            "pressflow.toml:1: 'kk-Latn' is made from the 'kk' catalog by transliteration: add 'kk' to languages",
        ),
        (
            'languages = ["en", "kk", "ru-Latn"]\n',
            "pressflow.toml:1: unknown language code 'ru-Latn': CLDR has no Russian in Latin script, and pressflow "
            "derives only kk-Latn (from kk) by transliteration",
        ),
        (
            'languages = ["en", "kk@latin"]\n',
            "pressflow.toml:1: unknown language code 'kk@latin': '@' marks a glibc locale modifier; write the script "
            "as a BCP 47 subtag instead ('sr-Latn', not 'sr@latin')",
        ),
    ],
)
def test_the_config_refuses_what_it_cannot_publish(tmp_path, cli, config, message):
    (tmp_path / "pressflow.toml").write_text(config, encoding="utf-8")
    result = cli("status", "-C", tmp_path)
    assert (result.exit_code, result.stderr.splitlines()) == (2, [message])


def test_the_tags_are_what_the_nu_html_checker_accepts(tmp_path):
    """Every tag as `<html lang>` and `hreflang` is valid HTML for vnu; the gettext spelling that
    pressflow used to write (`pt_BR`) is not, which shows the checker looks at it."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            "no java or node_modules/vnu-jar for the Nu HTML Checker: run `scripts/setup.sh test` (CI does)"
        )
    tags = sorted({languages.bcp47(code) for code in MAPPING})
    pages = []
    for index, tag in enumerate([*tags, "pt_BR"]):
        page = tmp_path / f"page{index}.html"
        links = "".join(
            f'<link rel="alternate" hreflang="{other}" href="{other}.html">' for other in tags
        )
        page.write_text(
            f'<!DOCTYPE html><html lang="{tag}"><head><meta charset="utf-8"><title>{tag}</title>'
            f'{links}</head><body><p lang="{tag}">{tag}</p></body></html>',
            encoding="utf-8",
        )
        pages.append(page)
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] != "info":
            errors.setdefault(Path(message["url"]).name, []).append(message["message"])
    canary = pages[-1].name
    assert canary in errors and any("pt_BR" in text for text in errors.pop(canary)), run.stdout
    assert errors == {}
