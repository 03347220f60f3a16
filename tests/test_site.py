"""`pressflow site`: the public site rendered from the workflow records and the time (docs/design.md, "The public site").

The records are written with `pressflow.workflow.write_record`, as `publish` writes them. PDFs
are printed for real where they are looked at (the published release, the second run); other
tests print a stand-in, which keeps the suite fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import polib
import pytest
from conftest import BASE, SEED_ID, SHARED, tree_bytes
from pypdf import PdfReader
from test_html_standards import png

from pressflow.catalog.po import read_catalog
from pressflow.publish.snapshot import Snapshot, source_digest, write_snapshot
from pressflow.publish.workflow import (
    Publication,
    State,
    Transition,
    WorkflowRecord,
    catalog_hash,
    write_record,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NINJS_SCHEMA = SHARED / "corpus" / "ninjs" / "ninjs-schema_2.2.json"
TITLES = {
    "en": "CEC Members Held a Series of Meetings with International Observers",
    "kk": "ОСК мүшелері халықаралық байқаушылармен бірқатар кездесу өткізді",
    "ru": "Члены ЦИК провели серию встреч с международными наблюдателями",
}
FIRST = "2023-03-17T10:00:00+05:00"
LATER = "2023-03-20T15:30:00+05:00"
NOW = "2023-04-01T12:00:00+05:00"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def publish(
    project: Path,
    release_id: str = SEED_ID,
    *,
    state: str = "published",
    revision: int = 1,
    languages: dict[str, tuple[int, str]] | None = None,
    history: tuple[tuple[str, str], ...] = (),
    snapshot: bool = True,
) -> None:
    """Write what `publish` would: the snapshot of the release and of the catalogs of the languages at
    `revision`, and the workflow record with each language's (revision, time) of publication and the
    snapshot's digests. `snapshot=False`: a later state change (as `mark` makes), the snapshot as it was."""
    folder = project / "releases" / release_id
    languages = (
        languages if languages is not None else dict.fromkeys(("en", "kk", "ru"), (1, FIRST))
    )
    history = history or (
        ("translation", "2023-03-16T09:00:00+05:00"),
        ("review", "2023-03-16T18:00:00+05:00"),
        ("approved", "2023-03-17T09:00:00+05:00"),
        ("published", FIRST),
    )
    if snapshot:
        write_snapshot(
            folder,
            {
                lang: path.read_bytes()
                for lang, (rev, _) in languages.items()
                if lang != "en"
                and rev == revision
                and (
                    path := project / "locales" / lang / "LC_MESSAGES" / f"{release_id}.po"
                ).is_file()
            },
        )
    published = Snapshot.of(folder)
    source = source_digest(published.source)

    def catalog(lang: str) -> str:
        path = published.catalog(lang)
        return catalog_hash(read_catalog(path)) if path.is_file() else ""

    write_record(
        folder,
        WorkflowRecord(
            state=State(state),
            revision=revision,
            publications={
                lang: Publication(rev, at(time), source, catalog(lang))
                for lang, (rev, time) in languages.items()
            },
            history=tuple(Transition(State(name), at(time)) for name, time in history),
        ),
    )


def set_front_matter(project: Path, text: str, release_id: str = SEED_ID) -> None:
    """Add lines to the release's front matter (after its date)."""
    path = project / "releases" / release_id / "release.md"
    source = path.read_text(encoding="utf-8")
    path.write_text(
        source.replace("date: 2023-03-17\n", f"date: 2023-03-17\n{text}", 1), encoding="utf-8"
    )


@pytest.fixture
def render(cli):
    def run(project: Path, now: str = NOW, expect: int = 0):
        result = cli("site", "-C", project, "--now", now)
        assert result.exit_code == expect, result.output
        return result

    return run


def page(project: Path, *parts: str) -> str:
    return (project / "public" / Path(*parts)).read_text(encoding="utf-8")


def feed_entries(project: Path, lang: str) -> dict[str, ET.Element]:
    root = check_atom(project / "public" / lang / "feed.xml")
    return {entry.findtext(f"{ATOM}id"): entry for entry in root.findall(f"{ATOM}entry")}


def check_atom(path: Path) -> ET.Element:
    """The essentials of RFC 4287 for one feed document; returns its root."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):  # 4.1.1, 4.1.2: exactly one of each
            assert len(element.findall(f"{ATOM}{name}")) == 1, (element.tag, name)
            assert element.findtext(f"{ATOM}{name}").strip(), (element.tag, name)
        assert RFC3339.match(element.findtext(f"{ATOM}updated")), element.findtext(f"{ATOM}updated")
        assert re.match(r"^[a-z][a-z0-9+.-]*:", element.findtext(f"{ATOM}id")), (
            "an id is an absolute IRI"
        )
    links = root.findall(f"{ATOM}link")
    self_links = [link for link in links if link.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("type") == "application/atom+xml"
    assert root.find(f"{ATOM}author/{ATOM}name").text  # a feed author, so that no entry lacks one
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    newest = max((entry.findtext(f"{ATOM}updated") for entry in entries), default=None)
    if newest:
        assert at(root.findtext(f"{ATOM}updated").replace("Z", "+00:00")) == at(
            newest.replace("Z", "+00:00")
        )
    for entry in entries:
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert alternates and len(alternates) == len(set(alternates)), (
            "4.1.1: one alternate per type and language"
        )
        if entry.find(f"{ATOM}published") is not None:
            assert entry.findtext(f"{ATOM}published") <= entry.findtext(f"{ATOM}updated")
    return root


def ninjs_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(NINJS_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def check_ninjs(path: Path) -> dict:
    item = json.loads(path.read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, error.path))}: {error.message}"
        for error in ninjs_validator().iter_errors(item)
    ]
    assert not errors, f"{path.name} is not valid ninjs 2.2:\n" + "\n".join(errors)
    for key in (
        "versioncreated",
        "firstcreated",
        "embargoed",
    ):  # formats jsonschema leaves unchecked
        if key in item:
            assert RFC3339.match(item[key]), (key, item[key])
    assert re.match(r"^(https://|tag:)", item["uri"])
    return item


def sitemap_urls(project: Path) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} of the sitemap."""
    root = ET.parse(project / "public" / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    urls = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc")
        assert loc.startswith(BASE)
        lastmod = url.findtext(f"{SITEMAP}lastmod")
        assert lastmod is None or RFC3339.match(lastmod)
        urls[loc] = {
            link.get("hreflang"): link.get("href")
            for link in url.findall(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
    return urls


def mentions(project: Path, text: str) -> list[str]:
    """The files of the site that contain `text`."""
    return sorted(
        name for name, data in tree_bytes(project / "public").items() if text.encode() in data
    )


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def add_images(project: Path) -> None:
    """A preview image and a figure in the body, beside release.md."""
    folder = project / "releases" / SEED_ID
    (folder / "preview.png").write_bytes(png(12, 8))
    (folder / "photos").mkdir()
    (folder / "photos" / "meeting.png").write_bytes(png(16, 10))
    source = (folder / "release.md").read_text(encoding="utf-8")
    (folder / "release.md").write_text(
        source.replace(
            "\n\nDuring the meeting",
            "\n\n![The meeting](photos/meeting.png)\n\nDuring the meeting",
            1,
        ),
        encoding="utf-8",
    )
    set_front_matter(project, "image: preview.png\n")


def test_published_release_in_three_languages_and_a_second_run_changes_no_byte(
    site_project, render
):
    set_front_matter(site_project, "embargo: 2023-03-17T09:00:00+05:00\n")
    add_images(site_project)
    publish(site_project)
    result = render(site_project)
    assert f"published {SEED_ID}: en, kk, ru" in result.stdout
    public = site_project / "public"
    for lang in ("en", "kk", "ru"):
        html = page(site_project, lang, SEED_ID, "index.html")
        assert f'<html lang="{lang}">' in html and TITLES[lang] in html
        # The site's copy: no embargo mark (it has passed), links within the site.
        assert (
            '<p class="embargo">' not in html and "@top-left" not in html and "Эмбарго" not in html
        )
        assert f'<link rel="canonical" href="{BASE}{lang}/{SEED_ID}/">' in html
        assert f'href="{SEED_ID}.pdf"' in html and 'href="../"' in html
        others = [code for code in ("en", "kk", "ru") if code != lang]
        assert all(f'href="../../{code}/{SEED_ID}/"' in html for code in others)
        pdf = public / lang / SEED_ID / f"{SEED_ID}.pdf"
        text = pdf_text(pdf)
        assert TITLES[lang].split()[0] in text and "EMBARGO" not in text.upper()
        folder = public / lang / SEED_ID
        assert (folder / "preview.png").is_file() and (folder / "photos" / "meeting.png").is_file()
        assert 'src="photos/meeting.png"' in html
        assert f'<meta property="og:image" content="{BASE}{lang}/{SEED_ID}/preview.png">' in html
        assert sum(len(p.images) for p in PdfReader(pdf).pages) >= 1, "the figure is printed"
        body = json.loads((folder / f"{SEED_ID}.ninjs.json").read_text(encoding="utf-8"))["bodies"][
            0
        ]["value"]
        assert f'src="{BASE}{lang}/{SEED_ID}/photos/meeting.png"' in body
        archive = page(site_project, lang, "index.html")
        assert f'<a href="{SEED_ID}/">{TITLES[lang]}</a>' in archive
    assert "March 17, 2023" in page(site_project, "en", "index.html")
    assert "17 марта 2023" in page(site_project, "ru", "index.html")
    assert "2023 жылғы 17 наурыз" in page(site_project, "kk", "index.html")  # [dates] kk
    chooser = page(site_project, "index.html")
    for name, label in (
        ("English", "Press releases"),
        ("қазақ тілі", "Баспасөз релиздері"),
        ("русский", "Пресс-релизы"),
    ):
        assert f'<span class="language">{name}</span> <span class="label">{label}</span>' in chooser
    assert (public / "en" / "feed.xml").is_file() and (public / "sitemap.xml").is_file()

    first = tree_bytes(public)
    again = render(site_project)
    assert "unchanged public/" in again.stdout
    assert tree_bytes(public) == first
    assert not list(site_project.glob("public.new-*"))


def test_staggered_language_is_withheld_with_a_notice(site_project, render, quick_pdf):
    set_front_matter(
        site_project,
        "corrections:\n  - date: 2023-03-20\n    note: The delegation's name was corrected.\n",
    )
    publish(
        site_project,
        revision=2,
        languages={"en": (2, LATER), "kk": (1, FIRST), "ru": (2, LATER)},
        history=(
            ("published", FIRST),
            ("review", "2023-03-20T09:00:00+05:00"),
            ("approved", "2023-03-20T15:00:00+05:00"),
            ("published", LATER),
        ),
    )
    result = render(site_project)
    assert (
        f"published {SEED_ID}: en, ru; withheld kk (its translation is being updated)"
        in result.stdout
    )
    notice = page(site_project, "kk", SEED_ID, "index.html")
    assert (
        "Бұл аударма жаңартылып жатыр" in notice
        and '<meta name="robots" content="noindex">' in notice
    )
    assert f'href="../../en/{SEED_ID}/"' in notice and f'href="../../ru/{SEED_ID}/"' in notice
    assert TITLES["kk"] not in notice
    folder = site_project / "public" / "kk" / SEED_ID
    assert sorted(path.name for path in folder.iterdir()) == [f"{SEED_ID}.ninjs.json", "index.html"]
    assert check_ninjs(folder / f"{SEED_ID}.ninjs.json")["pubstatus"] == "withheld"
    assert SEED_ID not in page(site_project, "kk", "index.html")
    assert feed_entries(site_project, "kk") == {}
    kk_feed = check_atom(site_project / "public" / "kk" / "feed.xml")
    assert kk_feed.findtext(f"{ATOM}updated") == "2023-03-20T10:30:00+00:00"  # when kk fell behind
    english = page(site_project, "en", SEED_ID, "index.html")
    assert 'hreflang="kk"' not in english and 'hreflang="ru"' in english
    urls = sitemap_urls(site_project)
    assert f"{BASE}kk/{SEED_ID}/" not in urls
    assert urls[f"{BASE}en/{SEED_ID}/"] == {
        "en": f"{BASE}en/{SEED_ID}/",
        "ru": f"{BASE}ru/{SEED_ID}/",
    }
    manifest = json.loads(page(site_project, "manifest.json"))
    assert manifest["releases"][0]["languages"]["kk"]["status"] == "withheld"

    # kk published again at revision 2: back everywhere.
    publish(
        site_project,
        revision=2,
        languages={"en": (2, LATER), "kk": (2, "2023-03-22T11:00:00+05:00"), "ru": (2, LATER)},
        history=(("published", FIRST), ("published", LATER)),
    )
    render(site_project)
    assert TITLES["kk"] in page(site_project, "kk", SEED_ID, "index.html")
    assert list(feed_entries(site_project, "kk")) == [f"{BASE}kk/{SEED_ID}/"]


def test_embargo_hides_the_release_everywhere_until_it_passes(site_project, render, quick_pdf):
    set_front_matter(site_project, "embargo: 2023-03-17T12:00:00+05:00\n")
    publish(site_project)  # published at 10:00, under embargo until 12:00
    before = render(site_project, now="2023-03-17T11:59:59+05:00")
    assert f"embargoed {SEED_ID} until 2023-03-17T12:00:00+05:00: not on the site" in before.stdout
    assert mentions(site_project, SEED_ID) == [] and mentions(site_project, "CEC Members") == []
    assert not (site_project / "public" / "en" / SEED_ID).exists()
    assert feed_entries(site_project, "en") == {}
    assert all(f"/{SEED_ID}/" not in loc for loc in sitemap_urls(site_project))
    assert json.loads(page(site_project, "manifest.json"))["releases"] == []

    render(site_project, now="2023-03-17T12:00:00+05:00")
    entry = feed_entries(site_project, "en")[f"{BASE}en/{SEED_ID}/"]
    # The public could read it from the end of the embargo, not from its publication.
    assert (
        entry.findtext(f"{ATOM}published")
        == entry.findtext(f"{ATOM}updated")
        == "2023-03-17T07:00:00+00:00"
    )
    item = check_ninjs(site_project / "public" / "en" / SEED_ID / f"{SEED_ID}.ninjs.json")
    assert (
        item["embargoed"] == "2023-03-17T07:00:00Z"
        and item["versioncreated"] == "2023-03-17T05:00:00Z"
    )
    assert "Embargoed until" not in page(site_project, "en", SEED_ID, "index.html")


def test_withdrawn_release_leaves_a_notice_and_no_index_entry(site_project, render, quick_pdf):
    withdrawn = "2023-03-25T08:00:00+05:00"
    publish(
        site_project, state="withdrawn", history=(("published", FIRST), ("withdrawn", withdrawn))
    )
    result = render(site_project)
    assert f"withdrawn {SEED_ID}: a notice at en, kk, ru" in result.stdout
    for lang, heading in (
        ("en", "This press release has been withdrawn"),
        ("kk", "Бұл баспасөз релизі кері қайтарып алынды"),
        ("ru", "Этот пресс-релиз отозван"),
    ):
        notice = page(site_project, lang, SEED_ID, "index.html")
        assert f"<h1>{heading}</h1>" in notice and TITLES[lang] not in notice
        assert SEED_ID not in page(site_project, lang, "index.html")
        assert feed_entries(site_project, lang) == {}
        assert (
            check_atom(site_project / "public" / lang / "feed.xml").findtext(f"{ATOM}updated")
            == "2023-03-25T03:00:00+00:00"
        )
        assert (
            check_ninjs(site_project / "public" / lang / SEED_ID / f"{SEED_ID}.ninjs.json")[
                "pubstatus"
            ]
            == "canceled"
        )
        assert not (site_project / "public" / lang / SEED_ID / f"{SEED_ID}.pdf").exists()
    assert all(f"/{SEED_ID}/" not in loc for loc in sitemap_urls(site_project))
    assert mentions(site_project, "CEC Members") == []

    # Reinstating (withdrawn → review) brings nothing back until it is published again.
    publish(
        site_project,
        state="review",
        history=(
            ("published", FIRST),
            ("withdrawn", withdrawn),
            ("review", "2023-03-26T08:00:00+05:00"),
        ),
    )
    assert f"withdrawn {SEED_ID}" in render(site_project).stdout


def test_a_correction_keeps_the_entry_id_and_updates_its_time_and_note(
    site_project, render, cli, quick_pdf
):
    publish(site_project)
    render(site_project)
    before = {lang: feed_entries(site_project, lang) for lang in ("en", "ru")}
    publish(
        site_project,
        state="review",
        history=(("published", FIRST), ("review", "2023-03-20T09:00:00+05:00")),
        snapshot=False,
    )
    assert render(site_project).stderr == ""  # nothing edited yet
    entry_id = f"{BASE}ru/{SEED_ID}/"
    assert list(before["ru"]) == [entry_id]

    note = "The name of the IPA CIS delegation has been corrected."
    set_front_matter(site_project, f"corrections:\n  - date: 2023-03-20\n    note: {note}\n")
    assert cli("update", "-C", site_project, "-l", "ru").exit_code == 0
    catalog_file = site_project / "locales" / "ru" / "LC_MESSAGES" / f"{SEED_ID}.po"
    catalog = polib.pofile(str(catalog_file))
    catalog.find(
        note, msgctxt="corrections[2023-03-20].note"
    ).msgstr = "Исправлено название делегации МПА СНГ."
    catalog.save()
    # Under correction, the site goes on showing what was published, and says the working copy differs.
    assert render(site_project).stderr == (
        f"note: {SEED_ID}: published revision 1; working copy differs: run "
        f"pressflow publish after approval\n"
    )
    assert note not in page(site_project, "en", SEED_ID, "index.html")
    assert "Исправлено" not in page(site_project, "ru", SEED_ID, "index.html")
    assert (
        feed_entries(site_project, "ru")[entry_id].findtext(f"{ATOM}updated")
        == "2023-03-17T05:00:00+00:00"
    )
    publish(
        site_project,
        revision=2,
        languages=dict.fromkeys(("en", "kk", "ru"), (2, LATER)),
        history=(
            ("published", FIRST),
            ("review", "2023-03-20T09:00:00+05:00"),
            ("approved", "2023-03-20T15:00:00+05:00"),
            ("published", LATER),
        ),
    )
    render(site_project)
    after = feed_entries(site_project, "ru")
    assert list(after) == [entry_id]
    entry, old = after[entry_id], before["ru"][entry_id]
    assert (
        entry.findtext(f"{ATOM}published")
        == old.findtext(f"{ATOM}published")
        == "2023-03-17T05:00:00+00:00"
    )
    assert old.findtext(f"{ATOM}updated") == "2023-03-17T05:00:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2023-03-20T10:30:00+00:00"
    content = entry.findtext(f"{ATOM}content")
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert (
        "Исправление от 20 марта 2023\u202fг.:" in content
        and "Исправлено название делегации МПА СНГ." in content
    )
    assert note in feed_entries(site_project, "en")[f"{BASE}en/{SEED_ID}/"].findtext(
        f"{ATOM}content"
    )
    item = check_ninjs(site_project / "public" / "ru" / SEED_ID / f"{SEED_ID}.ninjs.json")
    assert item["version"] == "2" and item["firstcreated"] == "2023-03-17T05:00:00Z"
    assert "Исправлено" in page(site_project, "ru", "index.html")


def test_ninjs_sitemap_and_manifest(site_project, render, quick_pdf):
    set_front_matter(
        site_project, "summary: Kazakh diplomats briefed observer missions.\ntags: [elections]\n"
    )
    publish(site_project)
    render(site_project)
    public = site_project / "public"
    for lang in ("en", "kk", "ru"):
        item = check_ninjs(public / lang / SEED_ID / f"{SEED_ID}.ninjs.json")
        assert item["uri"] == f"{BASE}{lang}/{SEED_ID}/" and item["language"] == lang
        assert item["version"] == "1" and item["pubstatus"] == "usable" and "embargoed" not in item
        assert item["headlines"][0] == {"role": "main", "value": TITLES[lang]}
        assert (
            item["bodies"][0]["contenttype"] == "text/html" and "<h2>" in item["bodies"][0]["value"]
        )
        assert item["renditions"][1]["href"] == f"{BASE}{lang}/{SEED_ID}/{SEED_ID}.pdf"
        assert {a["language"]: a["uri"] for a in item["associations"]} == {
            code: f"{BASE}{code}/{SEED_ID}/" for code in ("en", "kk", "ru") if code != lang
        }
    assert check_ninjs(public / "en" / SEED_ID / f"{SEED_ID}.ninjs.json")["descriptions"] == [
        {
            "role": "summary",
            "contenttype": "text/plain",
            "value": "Kazakh diplomats briefed observer missions.",
        }
    ]

    urls = sitemap_urls(site_project)
    pages = {lang: f"{BASE}{lang}/{SEED_ID}/" for lang in ("en", "kk", "ru")}
    for loc in pages.values():
        assert urls[loc] == pages  # every version lists all, itself included
    assert urls[BASE]["x-default"] == BASE and urls[f"{BASE}kk/"]["ru"] == f"{BASE}ru/"

    manifest = json.loads(page(site_project, "manifest.json"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert [entry["path"] for entry in manifest["files"]] == sorted(listed)
    on_disk = {
        path.relative_to(public).as_posix(): path for path in public.rglob("*") if path.is_file()
    }
    assert set(listed) == set(on_disk) - {"manifest.json"}
    for name, path in on_disk.items():
        if name != "manifest.json":
            data = path.read_bytes()
            assert listed[name] == {
                "path": name,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    release = manifest["releases"][0]
    assert (
        release["id"] == SEED_ID and release["revision"] == 1 and release["status"] == "published"
    )
    assert release["languages"]["kk"] == {
        "status": "published",
        "revision": 1,
        "first_published": "2023-03-17T05:00:00Z",
        "published": "2023-03-17T05:00:00Z",
    }


def test_without_base_url_ids_are_tag_uris_and_links_relative(project, render, quick_pdf):
    publish(project)
    result = render(project)
    assert (
        "note: base_url is not set in pressflow.toml: feed and ninjs ids are tag: URIs"
        in result.stderr
    )
    assert not (project / "public" / "sitemap.xml").exists()
    feed = check_atom(project / "public" / "kk" / "feed.xml")
    assert feed.findtext(f"{ATOM}id") == "tag:pressflow.invalid,2024:kk/"
    assert [link.get("href") for link in feed.findall(f"{ATOM}link")] == ["feed.xml", "./"]
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"tag:pressflow.invalid,2024:{SEED_ID}/kk"
    assert entry.find(f"{ATOM}link").get("href") == f"{SEED_ID}/"
    item = check_ninjs(project / "public" / "kk" / SEED_ID / f"{SEED_ID}.ninjs.json")
    assert item["uri"] == f"tag:pressflow.invalid,2024:{SEED_ID}/kk" and "renditions" not in item


def test_a_failed_run_leaves_the_old_site_whole(site_project, render, monkeypatch, quick_pdf):
    from pressflow.publish import site

    publish(site_project)
    render(site_project)
    public = site_project / "public"
    old = tree_bytes(public)

    publish(site_project, languages={"en": (1, FIRST), "kk": (1, FIRST), "ru": (1, LATER)})
    calls = []
    real = site.Renderer.bulletin

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # half-way: the first bulletin is written, the second fails
            raise RuntimeError("the renderer broke")
        return real(*args, **kwargs)

    monkeypatch.setattr(site.Renderer, "bulletin", failing)
    result = render(site_project, expect=1)
    assert (
        f"releases/{SEED_ID}/published/source/release.md: could not render for the site: the renderer broke"
        in result.stderr
    )
    assert "public/ left as it was" in result.stderr
    assert tree_bytes(public) == old
    assert not list(site_project.glob("public.new-*"))

    # A run killed half-way (no cleanup at all) leaves its tree beside public/: the next run removes it.
    monkeypatch.setattr(site.Renderer, "bulletin", real)
    leftover = site_project / "public.new-k1lled"
    (leftover / "en").mkdir(parents=True)
    (leftover / "en" / "index.html").write_text("half", encoding="utf-8")
    render(site_project)
    assert not leftover.exists() and not list(site_project.glob("public.new-*"))
    assert tree_bytes(public) != old and "2023-03-20T10:30:00+00:00" in page(
        site_project, "ru", "feed.xml"
    )


def test_an_interrupted_run_removes_its_tree(site_project, monkeypatch, quick_pdf):
    from pressflow.core.config import load_config
    from pressflow.publish import site

    publish(site_project)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(site, "atom_feed", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site.render_site(load_config(site_project), at(NOW))
    assert not (site_project / "public").exists() and not list(site_project.glob("public.new-*"))


def test_library_result(site_project, quick_pdf):
    from pressflow.core.config import load_config
    from pressflow.publish.site import render_site

    publish(
        site_project, revision=2, languages={"en": (2, LATER), "kk": (1, FIRST), "ru": (2, LATER)}
    )
    result = render_site(load_config(site_project), at(NOW))
    assert result.replaced and not result.errors and not result.failures
    assert [(r.id, r.shown, r.withheld) for r in result.rendered] == [
        (SEED_ID, ("en", "ru"), ("kk",))
    ]
    assert result.withheld == ((SEED_ID, "kk"),) and result.withdrawn == ()
    assert f"kk/{SEED_ID}/index.html" in result.files and "manifest.json" in result.files
    with pytest.raises(AttributeError):
        result.replaced = False  # frozen


def test_bad_inputs_exit_2_and_leave_the_site(site_project, render, cli, quick_pdf):
    publish(site_project)
    render(site_project)
    old = tree_bytes(site_project / "public")
    record = site_project / "releases" / SEED_ID / "workflow.yaml"
    record.write_text("state: published\npublications: {en: {revision: 1}}\n", encoding="utf-8")
    result = render(site_project, expect=2)
    assert f"releases/{SEED_ID}/workflow.yaml: unreadable workflow record" in result.stderr
    assert tree_bytes(site_project / "public") == old

    result = cli("site", "-C", site_project, "--now", "tomorrow")
    assert result.exit_code == 2 and "--now 'tomorrow' is not an ISO 8601 time" in result.stderr


def test_a_broken_draft_does_not_stop_the_site(site_project, render, quick_pdf):
    publish(site_project)
    draft = site_project / "releases" / "2023-04-01-draft"
    draft.mkdir()
    (draft / "release.md").write_text(
        "---\ntitle: Half written\ndate: 2023-02-30\n---\n\nText.\n", encoding="utf-8"
    )
    result = render(site_project)
    assert f"published {SEED_ID}: en, kk, ru" in result.stdout and "draft" not in result.stdout


def test_the_swap_exchanges_both_names_or_falls_back_to_two_renames(
    site_project, render, monkeypatch, quick_pdf, tmp_path
):
    from pressflow.core import atomic as fsutil

    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "name").write_text(folder.name, encoding="utf-8")
    if fsutil._exchange(first, second):  # Linux: one renameat2(RENAME_EXCHANGE)
        assert (first / "name").read_text(encoding="utf-8") == "b" and (
            second / "name"
        ).read_text() == "a"

    publish(site_project)
    render(site_project)
    monkeypatch.setattr(fsutil, "_exchange", lambda first, second: False)
    publish(site_project, languages={"en": (1, FIRST), "kk": (1, FIRST), "ru": (1, LATER)})
    assert "wrote public/" in render(site_project).stdout
    assert "2023-03-20T10:30:00+00:00" in page(site_project, "ru", "feed.xml")
    assert sorted(
        path.name for path in site_project.iterdir() if path.name.startswith("public")
    ) == ["public"]


def test_a_second_run_prints_no_pdf_and_a_cold_cache_prints_the_same_bytes(
    site_project, render, cli, monkeypatch
):
    from pressflow.publish import site

    publish(site_project)
    assert cli("site", "-C", site_project, "--now", NOW, "--jobs", "1").exit_code == 0
    serial = tree_bytes(site_project / "public")
    shutil.rmtree(site_project / ".pressflow-cache")
    assert cli("site", "-C", site_project, "--now", NOW, "--jobs", "2").exit_code == 0
    assert tree_bytes(site_project / "public") == serial  # workers print the same bytes
    public, cache = site_project / "public", site_project / ".pressflow-cache" / "pdf"
    pdfs = sorted(public.glob(f"*/{SEED_ID}/{SEED_ID}.pdf"))
    assert len(pdfs) == 3
    assert sorted(path.read_bytes() for path in cache.glob("*.pdf")) == sorted(
        path.read_bytes() for path in pdfs
    )
    first = tree_bytes(public)

    def no_printing(self):
        raise AssertionError("printed a PDF that was in the cache")

    with monkeypatch.context() as patched:
        patched.setattr(site._SiteWriter, "_pdf_printer", no_printing)
        render(site_project)
    assert tree_bytes(public) == first

    # A new file beside the release may be embedded: once published, the PDFs are printed again (the
    # same bytes), and the cache keeps only what the site now uses.
    old_keys = {path.name for path in cache.glob("*.pdf")}
    (site_project / "releases" / SEED_ID / "notes.txt").write_text(
        "for the press officer\n", "utf-8"
    )
    render(site_project)
    assert {path.name for path in cache.glob("*.pdf")} == old_keys  # not published: not on the site
    publish(site_project)
    render(site_project)
    assert tree_bytes(public) == first
    new_keys = {path.name for path in cache.glob("*.pdf")}
    assert len(new_keys) == 3 and not new_keys & old_keys
    assert {path.stem for path in cache.iterdir()} == {Path(name).stem for name in new_keys}
