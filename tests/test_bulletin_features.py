"""Bulletins a ministry signs unchanged (issue 16): one release using every Markdown feature,
translated in full into Kazakh and Russian, built, and read back from its PDFs and HTML.

- The PDF is archival and accessible at once: PDF/A-3a and PDF/UA-1 (tagged structure, the
  document's language, images' alternative texts, both identifications in its XMP metadata).
- It embeds only the fonts that ship with pressflow, inline code included.
- Email addresses, URLs, phone numbers and contacts' names are never hyphenated nor broken.
- Dates are written as the project says (`[dates]`), embargo times without seconds and with the
  zone's CLDR name.
- Straight quotes are shown as each language's quotation marks; code, links and catalogs keep
  what their authors typed.

No validator of PDF/A or PDF/UA (veraPDF) is packaged for PyPI, npm or Debian: the tests read the
requirements back with pypdf, poppler and qpdf instead.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import polib
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from test_html_standards import png, pressflow, translate

from pressflow.core.config import date_pattern_error, load_config

ID = "2024-05-20-observation-roadmap"
LANGUAGES = ("en", "kk", "ru")
CONFIG = """\
source_language = "en"
languages = ["en", "kk", "ru"]
timezone = "Asia/Almaty"

[organization]
en = "Ministry of Foreign Affairs of the Republic of Kazakhstan"
kk = "Қазақстан Республикасы Сыртқы істер министрлігі"
ru = "Министерство иностранных дел Республики Казахстан"

[dates]
kk = "y 'жылғы' d MMMM"
"""
EMAIL = "international.cooperation@representative-office.example.org"
URL = "https://www.gov.kz/memleket/entities/mfa/press/accreditation-rules"
PHONE = "+7 7172 72 05 18"
NAME = {
    "en": "Aigerim Nurmukhambetova",
    "kk": "Әйгерім Нұрмұхамбетова",
    "ru": "Айгерим Нурмухамбетова",
}
CODE = '"AK-2024"'
RELEASE = f"""\
---
title: Kazakhstan and the OSCE Agree on a "Roadmap" for Election Observation
subtitle: Joint statement after consultations in Astana
date: 2024-05-20
location: Astana
summary: The Ministry and the OSCE agreed how observers will follow the autumn elections.
source: Press Service of the Ministry of Foreign Affairs
contacts:
  - name: {NAME["en"]}
    role: Spokesperson
    email: {EMAIL}
    phone: {PHONE}
tags: [elections, OSCE]
embargo: 2024-05-20T09:00
---

## Consultations in Astana

Consultations between the [Ministry of Foreign Affairs](https://www.gov.kz/memleket/entities/mfa)
and the OSCE took place in Astana on *20 May*. The parties called the document a "roadmap" for
the **observation mission**.

![Heads of the two delegations at the negotiating table](delegations.png "The delegations in Astana")

### What the parties agreed

- the dates on which the observers arrive;
- their access to polling stations;
- a ***joint*** briefing after the vote.

> "We value the openness of our partners," the Deputy Minister said.

Observers file their requests for accreditation under the code `{CODE}`.

Journalists write to {EMAIL}, read the rules of accreditation at {URL} or call {PHONE}.
"""
BODY_EMAIL = (
    "Journalists write to {EMAIL}, read the rules of accreditation at {URL} or call {PHONE}."
)
TRANSLATIONS = {
    "kk": {
        (
            "title",
            'Kazakhstan and the OSCE Agree on a "Roadmap" for Election Observation',
        ): 'Қазақстан мен ЕҚЫҰ сайлауды бақылаудың "жол картасын" келісті',
        (
            "subtitle",
            "Joint statement after consultations in Astana",
        ): "Астанадағы консультациялар қорытындысы бойынша бірлескен мәлімдеме",
        ("location", "Astana"): "Астана",
        (
            "summary",
            "The Ministry and the OSCE agreed how observers will follow the autumn elections.",
        ): "Министрлік пен ЕҚЫҰ бақылаушылардың күзгі сайлауды қалай бақылайтынын келісті.",
        (
            "source",
            "Press Service of the Ministry of Foreign Affairs",
        ): "Сыртқы істер министрлігінің баспасөз қызметі",
        (f"contacts[{EMAIL}].name", NAME["en"]): NAME["kk"],
        (f"contacts[{EMAIL}].role", "Spokesperson"): "Ресми өкіл",
        ("tag", "elections"): "сайлау",
        ("tag", "OSCE"): "ЕҚЫҰ",
        (None, "Consultations in Astana"): "Астанадағы консультациялар",
        (
            None,
            "Consultations between the [Ministry of Foreign Affairs](https://www.gov.kz/memleket/entities/mfa) "
            "and the OSCE took place in Astana on *20 May*. The parties called the document a "
            '"roadmap" for the **observation mission**.',
        ): "[Сыртқы істер министрлігі](https://www.gov.kz/memleket/entities/mfa) мен ЕҚЫҰ "
        "арасындағы консультациялар *20 мамырда* Астанада өтті. Тараптар құжатты **бақылау "
        'миссиясының** "жол картасы" деп атады.',
        (
            None,
            "Heads of the two delegations at the negotiating table",
        ): "Екі делегацияның басшылары келіссөздер үстелінде",
        (None, "The delegations in Astana"): "Астанадағы делегациялар",
        (None, "What the parties agreed"): "Тараптар не туралы келісті",
        (None, "the dates on which the observers arrive;"): "бақылаушылардың келу күндері;",
        (
            None,
            "their access to polling stations;",
        ): "олардың сайлау учаскелеріне кіру мүмкіндігі;",
        (
            None,
            "a ***joint*** briefing after the vote.",
        ): "дауыс беруден кейін ***бірлескен*** брифинг.",
        (
            None,
            '"We value the openness of our partners," the Deputy Minister said.',
        ): '"Біз серіктестеріміздің ашықтығын бағалаймыз", – деді министрдің орынбасары.',
        (
            None,
            f"Observers file their requests for accreditation under the code `{CODE}`.",
        ): f"Бақылаушылар аккредиттеуге өтінімдерін `{CODE}` кодымен береді.",
        (
            None,
            BODY_EMAIL.format(EMAIL=EMAIL, URL=URL, PHONE=PHONE),
        ): f"Журналистер {EMAIL} мекенжайына хат жазады, аккредиттеу ережелерін {URL} "
        f"сайтынан оқиды немесе {PHONE} нөміріне қоңырау шалады.",
    },
    "ru": {
        (
            "title",
            'Kazakhstan and the OSCE Agree on a "Roadmap" for Election Observation',
        ): 'Казахстан и ОБСЕ согласовали "дорожную карту" наблюдения за выборами',
        (
            "subtitle",
            "Joint statement after consultations in Astana",
        ): "Совместное заявление по итогам консультаций в Астане",
        ("location", "Astana"): "Астана",
        (
            "summary",
            "The Ministry and the OSCE agreed how observers will follow the autumn elections.",
        ): "Министерство и ОБСЕ договорились о том, как наблюдатели будут следить за осенними "
        "выборами.",
        (
            "source",
            "Press Service of the Ministry of Foreign Affairs",
        ): "Пресс-служба Министерства иностранных дел",
        (f"contacts[{EMAIL}].name", NAME["en"]): NAME["ru"],
        (f"contacts[{EMAIL}].role", "Spokesperson"): "Официальный представитель",
        ("tag", "elections"): "выборы",
        ("tag", "OSCE"): "ОБСЕ",
        (None, "Consultations in Astana"): "Консультации в Астане",
        (
            None,
            "Consultations between the [Ministry of Foreign Affairs](https://www.gov.kz/memleket/entities/mfa) "
            "and the OSCE took place in Astana on *20 May*. The parties called the document a "
            '"roadmap" for the **observation mission**.',
        ): "Консультации [Министерства иностранных дел](https://www.gov.kz/memleket/entities/mfa) "
        "и ОБСЕ состоялись в Астане *20 мая*. Стороны назвали документ "
        '"дорожной картой" **миссии наблюдения**.',
        (
            None,
            "Heads of the two delegations at the negotiating table",
        ): "Главы двух делегаций за столом переговоров",
        (None, "The delegations in Astana"): "Делегации в Астане",
        (None, "What the parties agreed"): "О чём договорились стороны",
        (None, "the dates on which the observers arrive;"): "сроки прибытия наблюдателей;",
        (None, "their access to polling stations;"): "их доступ на избирательные участки;",
        (
            None,
            "a ***joint*** briefing after the vote.",
        ): "***совместный*** брифинг после голосования.",
        (
            None,
            '"We value the openness of our partners," the Deputy Minister said.',
        ): '"Мы ценим открытость наших партнёров", — сказал заместитель министра.',
        (
            None,
            f"Observers file their requests for accreditation under the code `{CODE}`.",
        ): f"Наблюдатели подают заявки на аккредитацию под кодом `{CODE}`.",
        (
            None,
            BODY_EMAIL.format(EMAIL=EMAIL, URL=URL, PHONE=PHONE),
        ): f"Журналисты пишут на адрес {EMAIL}, знакомятся с правилами аккредитации на {URL} "
        f"или звонят по телефону {PHONE}.",
    },
}
ALT = {
    "en": "Heads of the two delegations at the negotiating table",
    "kk": "Екі делегацияның басшылары келіссөздер үстелінде",
    "ru": "Главы двух делегаций за столом переговоров",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The release's folder in dist/: HTML and PDF in en, kk and ru."""
    root = tmp_path_factory.mktemp("features")
    (root / "pressflow.toml").write_text(CONFIG, encoding="utf-8")
    folder = root / "releases" / ID
    folder.mkdir(parents=True)
    (folder / "release.md").write_text(RELEASE, encoding="utf-8")
    (folder / "delegations.png").write_bytes(png(32, 20))
    pressflow("update", "-C", root)
    for language, translations in TRANSLATIONS.items():
        translate(root / "locales" / language / "LC_MESSAGES" / f"{ID}.po", translations, {})
    pressflow("build", "-C", root)
    return root / "dist" / ID


def pdf_of(built: Path, language: str) -> Path:
    return built / f"{ID}.{language}.pdf"


def html_of(built: Path, language: str) -> str:
    return (built / f"{ID}.{language}.html").read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    """Text with every run of white space (line ends, U+202F before AM) one space."""
    return " ".join(text.split())


class _Text(HTMLParser):
    """The text of an HTML page's body, and the text of each element of a kind."""

    def __init__(self, *kinds: str):
        super().__init__()
        self.kinds, self.open, self.found = kinds, [], {kind: [] for kind in kinds}
        self.body = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.body = self.body or tag == "body"
        if tag in self.kinds:
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            kind, text = self.open.pop()
            self.found[kind].append(flat(text))

    def handle_data(self, data):
        if self.body:
            self.text.append(data)
        for element in self.open:
            element[1] += data


def elements(html: str, *kinds: str) -> dict[str, list[str]]:
    parser = _Text(*kinds)
    parser.feed(html)
    return parser.found


# 1. One PDF both archival and accessible.

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"


def structure(reader: PdfReader) -> tuple[Counter, list[tuple[str, str]]]:
    """How many structure elements of each type the PDF's tag tree has, and (type, /Alt) of those
    with an alternative text."""
    kinds: Counter = Counter()
    alternatives = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        element = pending.pop().get_object()
        if not hasattr(element, "get"):
            continue  # a marked-content id
        if "/S" in element:
            kinds[element["/S"]] += 1
        if "/Alt" in element:
            alternatives.append((element["/S"], element["/Alt"]))
        kids = element.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        pending.extend(kid for kid in kids if hasattr(kid, "get_object"))
    return kinds, alternatives


def xmp(reader: PdfReader) -> ET.Element:
    """The one rdf:RDF element of the PDF's XMP packet."""
    packet = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    (rdf,) = packet.iter(f"{{{RDF}}}RDF")  # XMP readers take the first; there must be one
    return rdf


def xmp_property(rdf: ET.Element, namespace: str, name: str) -> list[str]:
    """A property's values, written as an attribute or as an element of a description."""
    values = []
    for description in rdf.iter(f"{{{RDF}}}Description"):
        if f"{{{namespace}}}{name}" in description.attrib:
            values.append(description.attrib[f"{{{namespace}}}{name}"])
        values += [child.text for child in description.findall(f"{{{namespace}}}{name}")]
    return values


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_tagged_archival_and_accessible(built, language):
    path = pdf_of(built, language)
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == language
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    kinds, alternatives = structure(reader)
    for kind in ("/Document", "/H1", "/H2", "/H3", "/P", "/L", "/LI", "/BlockQuote", "/Link"):
        assert kinds[kind] >= 1, (kind, kinds)
    assert kinds["/Figure"] == 1 and kinds["/Caption"] == 1, kinds
    assert alternatives == [("/Figure", ALT[language])]

    rdf = xmp(reader)
    assert xmp_property(rdf, PDFAID, "part") == ["3"]
    assert xmp_property(rdf, PDFAID, "conformance") == ["A"]
    assert xmp_property(rdf, PDFUAID, "part") == ["1"]
    # PDF/A admits pdfuaid only with its description in an extension schema.
    assert PDFUAID in [e.text for e in rdf.iter(f"{{{PDFA_SCHEMA}}}namespaceURI")]
    assert xmp_property(rdf, "http://purl.org/dc/elements/1.1/", "title")  # PDF/UA wants it
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


# 2. Only the shipped fonts.


def shipped_families() -> set[str]:
    from pressflow.core.resources import FONTS_DIR

    return {TTFont(path)["name"].getDebugName(1) for path in FONTS_DIR.glob("*.ttf")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdfs_embed_only_the_shipped_fonts(built, language):
    path = pdf_of(built, language)
    rows = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {row.split()[0] for row in rows}
    assert all(re.fullmatch(r"[A-Z]{6}\+pressflow-(Serif|Sans|Mono)(-\w+)*", n) for n in names), (
        names
    )
    assert any("pressflow-Mono" in name for name in names), "the inline code's font"
    assert all(row.split()[-5] == "yes" for row in rows), rows  # embedded
    # And the programs embedded are the Noto faces of the package, not a system font renamed.
    families = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            families.add(TTFont(BytesIO(program))["name"].getDebugName(1))
    assert families <= shipped_families() and "Noto Sans Mono" in families, families


# 3. Addresses, phone numbers and names whole.


@pytest.mark.parametrize("language", LANGUAGES)
def test_addresses_phone_numbers_and_names_are_never_broken(built, language):
    lines = pdf_text(pdf_of(built, language)).splitlines()
    text = "\n".join(lines)
    # The email and the phone number in the contacts and in the body, the URL in the body: each on
    # one line, whole, with no hyphen added.
    assert text.count(EMAIL) == 2, text
    assert text.count(PHONE) == 2, text
    assert text.count(URL) == 1, text
    assert NAME[language] in text
    for part in ("representa", "cooperation", "accreditation-"):
        for line in lines:
            if line.rstrip().endswith(part):
                pytest.fail(f"broken at the end of a line: {line!r}")
    html = html_of(built, language)
    assert f'<span class="email">{EMAIL}</span>' in html
    assert f'<span class="url">{URL}</span>' in html
    assert f'<span class="phone">{PHONE}</span>' in html
    assert '<p class="addresses">' in html  # set ragged: no line stretched around a gap


# 4. Dates as the ministry writes them.

DATELINES = {"en": "May 20, 2024", "kk": "2024 жылғы 20 мамыр", "ru": "20 мая 2024 г."}
EMBARGOES = {
    "en": "Embargoed until May 20, 2024, 9:00 AM Kazakhstan Time",
    "kk": "Эмбарго аяқталатын уақыт: 2024 жылғы 20 мамыр, 09:00 Қазақстан уақыты",
    "ru": "Эмбарго до 20 мая 2024 г., 09:00 Казахстан",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_embargo_times_as_the_project_writes_them(built, language):
    html = html_of(built, language)
    found = elements(html, "time")["time"]
    assert found[0] == EMBARGOES[language], found  # the embargo notice, first in the page
    assert DATELINES[language] in found, found  # the dateline
    pdf = flat(pdf_text(pdf_of(built, language)))
    assert DATELINES[language] in pdf
    assert EMBARGOES[language].upper() in pdf  # on every page's top, in capitals


def test_a_derived_edition_writes_dates_as_its_base_language(tmp_path):
    (tmp_path / "pressflow.toml").write_text(
        'languages = ["en", "kk", "kk-Latn"]\n[dates]\nkk = "y \'жылғы\' d MMMM"\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.date_pattern("kk_Latn") == config.date_pattern("kk") == "y 'жылғы' d MMMM"
    assert config.date_pattern("en") == "long"


@pytest.mark.parametrize(
    "pattern, problem",
    [
        ("y 'жылғы' d MMMM", None),
        ("d MMMM y 'года'", None),
        ("dd.MM.y", None),
        ("y 'жылғы d MMMM", 'a quote is not closed in "y \'жылғы d MMMM"'),
        ("d MMMM y жыл", None),
        (
            "d MMMM y no",
            "'n' is not a date field in \"d MMMM y no\": put other text in single quotes, "
            "as in \"y 'жылғы' d MMMM\"",
        ),
        ("d MMMM y HH:mm", "'H' is a field of the time in \"d MMMM y HH:mm\": a date shows none"),
        ("d MMMMMM y", "\"d MMMMMM y\": Invalid length for field: 'MMMMMM'"),
        ("d MMMM", '"d MMMM" shows no year (y): a date in a bulletin is a full date'),
        (17, "must be a date pattern such as \"y 'жылғы' d MMMM\""),
    ],
)
def test_date_patterns_are_checked(pattern, problem):
    assert date_pattern_error(pattern) == problem


def test_a_bad_date_pattern_stops_the_command_at_its_line(tmp_path, cli):
    (tmp_path / "pressflow.toml").write_text(
        'languages = ["en", "kk", "ru"]\n\n[dates]\nru = "d MMMM y \'г.\'"\nkk = "y \'жылғы d MMMM"\n',
        encoding="utf-8",
    )
    result = cli("status", "-C", tmp_path)
    assert (result.exit_code, result.stderr.splitlines()) == (
        2,
        ["pressflow.toml:5: 'dates.kk': a quote is not closed in \"y 'жылғы d MMMM\""],
    )


# 5. Typographic quotes, in each language's marks.

HEADLINES = {
    "en": "Kazakhstan and the OSCE Agree on a “Roadmap” for Election Observation",
    "kk": "Қазақстан мен ЕҚЫҰ сайлауды бақылаудың «жол картасын» келісті",
    "ru": "Казахстан и ОБСЕ согласовали «дорожную карту» наблюдения за выборами",
}
QUOTES = {
    "en": "“We value the openness of our partners,” the Deputy Minister said.",
    "kk": "«Біз серіктестеріміздің ашықтығын бағалаймыз», – деді министрдің орынбасары.",
    "ru": "«Мы ценим открытость наших партнёров», — сказал заместитель министра.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_quotes_are_the_languages_own_in_html_and_pdf(built, language):
    html = html_of(built, language)
    found = elements(html, "h1", "blockquote", "code", "title")
    assert found["h1"] == [HEADLINES[language]]
    assert found["title"] == [HEADLINES[language]]
    assert found["blockquote"] == [QUOTES[language]]
    assert found["code"] == [CODE]  # code is never touched
    assert 'href="https://www.gov.kz/memleket/entities/mfa"' in html
    pdf = flat(pdf_text(pdf_of(built, language)))
    assert HEADLINES[language] in pdf
    assert QUOTES[language] in pdf
    assert CODE in pdf
    assert PdfReader(pdf_of(built, language)).metadata.title == HEADLINES[language]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_catalogs_keep_what_translators_typed(built, language):
    catalog = polib.pofile(
        str(built.parents[1] / "locales" / language / "LC_MESSAGES" / f"{ID}.po")
    )
    title = catalog.find(
        'Kazakhstan and the OSCE Agree on a "Roadmap" for Election Observation', msgctxt="title"
    )
    assert title is not None and '"' in title.msgstr and "«" not in title.msgstr


def test_an_untranslated_passage_keeps_its_own_languages_quotes(tmp_path):
    from pressflow.render.bulletin import make_bulletin
    from pressflow.source.release import read_release

    (tmp_path / "pressflow.toml").write_text('languages = ["en", "ru"]\n', encoding="utf-8")
    folder = tmp_path / "releases" / "2024-05-20-quotes"
    folder.mkdir(parents=True)
    source = '---\ntitle: A "roadmap"\ndate: 2024-05-20\n---\n\nThe "first" step.\n\nThe "second" step.\n'
    (folder / "release.md").write_text(source, encoding="utf-8")
    release = read_release(folder / "release.md", load_config(tmp_path))
    translations = {(None, 'The "first" step.'): 'Первый "шаг".'}
    bulletin = make_bulletin(release, "ru", "en", translations, None, lambda path: path.name)
    assert bulletin.title.value == "A “roadmap”" and bulletin.title.fallback
    assert "<p>Первый «шаг».</p>" in bulletin.body_html
    assert '<p lang="en" class="untranslated">The “second” step.</p>' in bulletin.body_html
