"""`pressflow check` on the example project, on planted errors, and its outputs (docs/design.md, "JSON")."""

from __future__ import annotations

import json
import re

import polib
import pytest
from conftest import SEED_ID

KK = f"locales/kk/LC_MESSAGES/{SEED_ID}.po"
RU = f"locales/ru/LC_MESSAGES/{SEED_ID}.po"


def check_json(cli, project, *args):
    result = cli("check", "--json", "-C", project, *args)
    return result.exit_code, json.loads(result.stdout)


def edit_entry(project, catalog, starts_with, change, fuzzy=False, comment=None):
    """Change the translation of the entry whose msgid starts with `starts_with`; return its line."""
    path = project / catalog
    entries = polib.pofile(str(path))
    entry = next(entry for entry in entries if entry.msgid.startswith(starts_with))
    entry.msgstr = change(entry.msgstr)
    if fuzzy:
        entry.flags.append("fuzzy")
    if comment:
        entry.tcomment = comment
    entries.save()
    return next(e for e in polib.pofile(str(path)) if e.msgid.startswith(starts_with)).linenum


def test_the_example_project_is_clean(project, cli):
    code, report = check_json(cli, project)
    assert report == {"findings": [], "errors": 0, "warnings": 0}
    assert code == 0


@pytest.mark.parametrize(
    "catalog, starts_with, change, check",
    [
        (KK, "Thus, according to him", lambda t: t.replace("70%", "60%"), "facts"),
        (RU, "Thus, according to him", lambda t: t.replace("30%", "35%", 1), "facts"),
        (
            KK,
            "Kazakhstan traditionally",
            lambda t: t.replace("Қазақстан", "Казакстан", 1),
            "kazakh-letters",
        ),
        (
            RU,
            "Kazakhstan traditionally",
            lambda t: t.replace("Казахстан", "Кaзахстан", 1),
            "mixed-script",
        ),  # Latin a
        (RU, '"These elections', lambda t: t.replace("«", '"').replace("»", '"'), "quotes"),
        (
            KK,
            "During the meeting Ermukhambet",
            lambda t: t.replace("Мәжілісі", "Меджлисі"),
            "glossary",
        ),
        (
            RU,
            "In addition, international",
            lambda t: t.replace("за рубежом", "(за рубежом"),
            "punctuation",
        ),  # ( never closed
        (
            KK,
            "In addition, international",
            lambda t: (
                "In addition, international observers were informed of the work done by the Foreign Ministry "
                "to implement the electoral rights of the citizens of Kazakhstan living abroad."
            ),
            "unchanged",
        ),
    ],
)
def test_planted_error_is_caught_as_an_error_and_a_warning_when_fuzzy(
    project, cli, catalog, starts_with, change, check
):
    line = edit_entry(project, catalog, starts_with, change)
    code, report = check_json(cli, project)
    assert code == 1
    found = [f for f in report["findings"] if f["check"] == check]
    assert found, report
    assert found[0] | {"message": ""} == {
        "path": catalog,
        "line": line,
        "release": SEED_ID,
        "language": catalog.split("/")[1],
        "check": check,
        "severity": "error",
        "message": "",
    }
    edit_entry(project, catalog, starts_with, lambda t: t, fuzzy=True)
    code, report = check_json(cli, project)
    assert code == 0 and report["errors"] == 0
    assert any(f["check"] == check and f["severity"] == "warning" for f in report["findings"])


def test_markup_link_dropped_and_translator_comment_silences(project, cli):
    catalog = project / KK
    entries = polib.pofile(str(catalog))
    entry = entries[5]
    entry.msgid, entry.msgstr = entry.msgid + " [MFA](https://www.gov.kz/)", entry.msgstr + " СІМ"
    entries.save()
    code, report = check_json(cli, project)
    assert code == 1
    assert sorted((f["check"], f["message"]) for f in report["findings"]) == [
        ("facts", "URL https://www.gov.kz/ of the source is missing from the translation"),
        ("markup", "link to https://www.gov.kz/ of the source is missing from the translation"),
    ]
    edit_entry(
        project, KK, entry.msgid[:30], lambda t: t, comment="pressflow: ignore markup, facts"
    )
    assert check_json(cli, project) == (0, {"findings": [], "errors": 0, "warnings": 0})


def test_github_annotations_and_text_output(project, cli):
    edit_entry(project, KK, "Thus, according to him", lambda t: t.replace("70%", "60%"))
    result = cli("check", "--format", "github", "-C", project)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={KK},line=")
    assert ",title=pressflow facts::" in result.stdout
    text = cli("check", "-C", project)
    assert text.exit_code == 1 and text.stdout.strip().endswith("1 error, 0 warnings")


def test_a_broken_source_is_a_source_finding_and_exit_2(project, cli):
    folder = project / "releases" / "broken"
    folder.mkdir()
    (folder / "release.md").write_text(
        "---\ntitle: X\ndate: 2023-02-30\n---\n\nText.\n", encoding="utf-8"
    )
    code, report = check_json(cli, project)
    assert code == 2
    assert report["findings"] == [
        {
            "path": "releases/broken/release.md",
            "line": 3,
            "release": "broken",
            "language": None,
            "check": "source",
            "severity": "error",
            "message": "'date' '2023-02-30' is not a real date (day is out of range for month): write it as YYYY-MM-DD",
        }
    ]


def test_project_configuration_turns_checks_off_or_down(project, cli):
    edit_entry(project, KK, "Thus, according to him", lambda t: t.replace("70%", "60%"))
    config = project / "pressflow.toml"
    original = without_check_table(config.read_text(encoding="utf-8"))
    config.write_text(original + '[check]\nwarn = ["facts"]\n', encoding="utf-8")
    code, report = check_json(cli, project)
    assert code == 0 and report["warnings"] == 1 and report["errors"] == 0
    config.write_text(original + '[check]\ndisable = ["facts"]\n', encoding="utf-8")
    assert check_json(cli, project) == (0, {"findings": [], "errors": 0, "warnings": 0})
    config.write_text(original + '[check]\ndisable = ["fact"]\n', encoding="utf-8")
    result = cli("check", "-C", project)
    assert result.exit_code == 2
    line = original.count("\n") + 2
    assert (
        f"pressflow.toml:{line}: unknown check 'fact' in 'check.disable': the checks are facts,"
        in result.stderr
    )


def without_check_table(config: str) -> str:
    """The example project's configuration without its [check] table (and the comment above it)."""
    return re.sub(r"\n(?:#.*\n)*\[check\]\n(?:(?!\[).*\n?)*", "\n", config).rstrip("\n") + "\n\n"


# -- severity: meaning is an error, house style a warning unless the project says otherwise --

RUSSIAN_QUOTE = ('"These elections', lambda t: t.replace("«", '"').replace("»", '"'))


def test_house_style_is_a_warning_by_default(project, cli):
    """Quotes in "…" (as professional translators often write them), a missing final mark and a
    double space: warnings, exit 0; the example project makes quotes an error."""
    config = project / "pressflow.toml"
    assert 'error = ["quotes"]' in config.read_text(encoding="utf-8")
    config.write_text(without_check_table(config.read_text(encoding="utf-8")), encoding="utf-8")
    edit_entry(project, RU, *RUSSIAN_QUOTE)
    edit_entry(
        project, KK, "In addition, international", lambda t: t.rstrip(".").replace(" ", "  ", 1)
    )
    code, report = check_json(cli, project)
    assert code == 0, report
    assert sorted((f["check"], f["severity"]) for f in report["findings"]) == [
        ("punctuation", "warning"),
        ("quotes", "warning"),
        ("whitespace", "warning"),
    ]
    assert (report["errors"], report["warnings"]) == (0, 3)
    text = cli("check", "-C", project)
    assert text.exit_code == 0 and text.stdout.strip().endswith("0 errors, 3 warnings")


@pytest.mark.parametrize(
    "table, severity, code",
    [
        ('[check]\nerror = ["quotes"]\n', "error", 1),
        ('[check]\nerror = ["quotes", "whitespace"]\nwarn = ["facts"]\n', "error", 1),
        ('[check]\nwarn = ["quotes"]\n', "warning", 0),
    ],
)
def test_a_project_makes_house_style_an_error(project, cli, table, severity, code):
    config = project / "pressflow.toml"
    config.write_text(
        without_check_table(config.read_text(encoding="utf-8")) + table, encoding="utf-8"
    )
    line = edit_entry(project, RU, *RUSSIAN_QUOTE)
    exit_code, report = check_json(cli, project)
    assert exit_code == code
    assert [(f["check"], f["severity"], f["line"]) for f in report["findings"]] == [
        ("quotes", severity, line)
    ]


def test_the_example_project_fails_on_quotes(project, cli):
    edit_entry(project, RU, *RUSSIAN_QUOTE)
    code, report = check_json(cli, project)
    assert code == 1 and [(f["check"], f["severity"]) for f in report["findings"]] == [
        ("quotes", "error")
    ]


def test_an_open_quote_is_an_error_by_default(project, cli):
    """A quote opened and never closed changes what the reader takes for the speaker's words."""
    config = project / "pressflow.toml"
    config.write_text(without_check_table(config.read_text(encoding="utf-8")), encoding="utf-8")
    edit_entry(project, RU, '"These elections', lambda t: t.replace("»", "", 1))
    code, report = check_json(cli, project)
    assert code == 1
    assert [(f["check"], f["severity"]) for f in report["findings"]] == [("quotes", "error")]
    assert report["findings"][0]["message"].startswith("« opened at «Эти выборы")


@pytest.mark.parametrize(
    "table, message",
    [
        (
            '[check]\nerror = [\n  "quotes",\n  "quote",\n]\n',
            "unknown check 'quote' in 'check.error'",
        ),
        (
            '[check]\nwarn = ["quotes"]\nerror = ["facts", "quotes"]\n',
            "check 'quotes' is in both 'check.warn' and 'check.error': keep it in one",
        ),
    ],
)
def test_check_lists_are_validated_with_their_line(project, cli, table, message):
    config = project / "pressflow.toml"
    original = without_check_table(config.read_text(encoding="utf-8"))
    config.write_text(original + table, encoding="utf-8")
    result = cli("check", "-C", project)
    assert result.exit_code == 2
    line = (
        original.count("\n")
        + 1
        + next(
            number
            for number, text in enumerate(table.split("\n"))
            if 'quote"' in text or "error =" in text and "both" in message
        )
    )
    assert f"pressflow.toml:{line}: {message}" in result.stderr


def test_glossary_terms_are_shown_to_translators(project, cli):
    glossary = project / "locales" / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "Bucharest,Бухарест,Бухарест,\n", encoding="utf-8"
    )
    assert cli("update", "-C", project).exit_code == 0
    entry = next(e for e in polib.pofile(str(project / KK)) if "Bucharest" in e.msgid)
    assert entry.comment.split("\n") == ["paragraph", "glossary: Bucharest → Бухарест"]
    entry = next(
        e
        for e in polib.pofile(str(project / RU))
        if e.msgid.startswith("During the meeting Ermukhambet")
    )
    assert entry.comment.split("\n") == [
        "paragraph",
        "glossary: Mazhilis → Мажилис",
        "glossary: Kassym-Jomart Tokayev → Касым-Жомарт Токаев",
    ]


def test_new_template_strings_come_translated_from_the_package(project, cli):
    catalog = project / "locales/ru/LC_MESSAGES/pressflow.po"
    entries = polib.pofile(str(catalog))
    for entry in entries:
        entry.msgstr = ""
    entries.save()
    assert cli("update", "-C", project).exit_code == 0
    refilled = polib.pofile(str(catalog))
    assert refilled.percent_translated() == 100
    assert refilled.find("Press release").msgstr == "Пресс-релиз"


@pytest.mark.parametrize(
    "translation, problem",
    [
        ("Министр [сөз сөйледі](https://www.gov.kz/) **маңызды** `PA-2023` кездесуде.", None),
        (
            "Министр сөз сөйледі **маңызды** `PA-2023` кездесуде.",
            "link to https://www.gov.kz/ of the source is missing from the translation",
        ),
        (
            "Министр [сөз сөйледі](https://www.gov.kz/other) **маңызды** `PA-2023` кездесуде.",
            "link to https://www.gov.kz/ of the source is missing from the translation",
        ),
        (
            "Министр [сөз сөйледі](https://www.gov.kz/) маңызды `PA-2023` кездесуде.",
            "the source has 1 bold (**…**), the translation 0: keep the same emphasis",
        ),
        (
            "Министр [сөз сөйледі](https://www.gov.kz/) **маңызды** `PA-2024` кездесуде.",
            "inline code `PA-2023` must be copied unchanged into the translation",
        ),
    ],
)
def test_markup_planted_errors(translation, problem):
    from pressflow.check.markup import markup

    source = "The minister [spoke](https://www.gov.kz/) at an **important** `PA-2023` meeting."
    found = markup(source, translation, "en", "kk")
    assert (problem in found) if problem else found == []


@pytest.mark.parametrize(
    "source, flagged",
    [
        ("The minister met the ambassador.", True),
        ("Common Vulnerabilities and Exposures; CVE %s", True),
        ("OSCE PA", False),
        ("2023", False),
        ("press@mfa.kz", False),
        ("%(class_name)s %(instance)s", False),
        ("{name}: {count}", False),
        ("%(filename)s &#8212; %(docstitle)s", False),
        ("<command>", False),
    ],
)
def test_unchanged_spares_names_numbers_and_codes(source, flagged):
    from pressflow.check.unchanged import unchanged

    assert bool(unchanged(source, source, "en", "ru")) is flagged


@pytest.mark.parametrize(
    "source, language, flagged",
    [
        # A Title Case headline copied into a language of another script: names there are transliterated.
        ("Elite League: Dundee Stars 5-3 Belfast Giants", "kk", True),  # NTREX bbc.381705:1
        ("Elite League: Dundee Stars 5-3 Belfast Giants", "en-GB", False),
        ("Leave Means Leave", "ru", False),  # a name of three words
        ("OSCE PA", "kk", False),
    ],
)
def test_unchanged_title_case_in_another_script(source, language, flagged):
    from pressflow.check.unchanged import unchanged

    assert bool(unchanged(source, source, "en", language)) is flagged


@pytest.mark.parametrize(
    "source, translation, problems",
    [
        # The question closes a quotation: Kazakh puts the verb after it (NTREX cbsnews.248471:7).
        (
            "I called him, said, 'Did you do it?'",
            "Мен онымен сөйлестім, “Мұны сен істедің бе?” деді.",
            [],
        ),
        (
            'they say: "How could you like Trump, he\'s racist?"',
            "они спрашивают меня: «Как ты можешь поддерживать Трампа, он же расист?».",
            [],
        ),
        (
            "Did you do it?",
            "Мұны сен істедің.",
            [
                "the source ends with a question mark, the translation with a full stop: end it the same way"
            ],
        ),
        (
            'He said: "Our vaccine is promising."',
            "Он сказал: «Наша вакцина перспективна»",
            ["the source ends with a full stop, the translation without one: end it the same way"],
        ),
    ],
)
def test_final_mark(source, translation, problems):
    from pressflow.check.punctuation import final_mark

    assert final_mark(source, translation, "en", "kk") == problems


def test_glossary_terms_match_english_possessives():
    from pressflow.catalog.glossary import Glossary, Term

    glossary = Glossary((Term("Scotland", {"kk": "Шотландия"}),))
    source = "Alasdair Lamont, BBC Scotland's commentator"  # NTREX bbc.381746:19
    assert (
        glossary.check(
            source, "Би-би-си Шотландия арнасының түсініктемешісі Аласдер Ламонт", "en", "kk"
        )
        == []
    )
    assert glossary.check(
        source, "Би-би-си Скотландия арнасының түсініктемешісі Аласдер Ламонт", "en", "kk"
    ) == ["the source says 'Scotland': use the approved 'Шотландия'"]
