"""`pressflow serve`: the live preview, served for real on a free port of the loopback interface
(a copy of the example project), fetched with urllib and http.client, and in headless Chromium:
the pages against what `build` and `check` make, the PDF read back, paths that lead out of the
project refused, bad input shown in the page until it is fixed, and a page that reloads itself
when a catalog changes."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import polib
import pytest
from conftest import REPO, SEED_ID
from test_html_standards import CANARY, axe_results, browser_node, png

from pressflow.publish.preview_server import KEEPALIVE, PreviewServer

KK = Path("locales/kk/LC_MESSAGES") / f"{SEED_ID}.po"
RU = Path("locales/ru/LC_MESSAGES") / f"{SEED_ID}.po"
TITLE = "CEC Members Held a Series of Meetings with International Observers"
KK_TITLE = "ОСК мүшелері халықаралық байқаушылармен бірқатар кездесу өткізді"
# The same headline as a translator might revise it: "held several meetings".
KK_TITLE_REVISED = "ОСК мүшелері халықаралық байқаушылармен бірнеше кездесу өткізді"
HEADING = (
    "On the meeting with a group of international observers from the CIS Interparliamentary "
    "Assembly."
)
FIRST_PARAGRAPH = "The meeting of the Deputy Minister of Foreign Affairs"
LIVE_RELOAD_CHECK = REPO / "scripts" / "live-reload-check.mjs"
SCRIPT_TAG = re.compile(
    r'<script src="/_pressflow/preview\.js" data-generation="[^"]*" defer></script>\n'
)


@pytest.fixture
def server(project: Path) -> Iterator[PreviewServer]:
    with PreviewServer(project, port=0).start() as running:
        yield running


def fetch(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET of `path` exactly as written: http.client sends the
    request line as it is, `..` and %-escapes included."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers.get("Content-Type", ""), response.read()
    finally:
        connection.close()


def page(server: PreviewServer, path: str, status: int = 200) -> lxml.html.HtmlElement:
    got, content_type, body = fetch(server, path)
    assert (got, content_type) == (status, "text/html; charset=utf-8"), body[:2000]
    assert b"Traceback" not in body
    return lxml.html.fromstring(body)


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def wait_until_watching(server: PreviewServer, project: Path) -> None:
    """Return once the server's watcher reports changes (it starts in a thread of its own)."""
    probe = project / "locales" / "probe.txt"
    for attempt in range(40):
        before = server.changes.generation
        probe.write_text(str(attempt), encoding="utf-8")
        if server.changes.wait(before, 0.5):
            return
    raise AssertionError("the preview's watcher reported no change in 20 s")


def revise_kazakh(project: Path) -> dict[str, polib.POEntry]:
    """Mark a message fuzzy (with the source it was translated from), empty another, and change a
    year in a third (a `facts` error). Returns those entries as the file now has them."""
    path = project / KK
    catalog = polib.pofile(str(path), wrapwidth=79)
    entries = {entry.msgid: entry for entry in catalog if not entry.obsolete and entry.msgid}
    entries[HEADING].flags.append("fuzzy")
    entries[HEADING].previous_msgid = "On the meeting with a group of international observers."
    first = next(entry for msgid, entry in entries.items() if msgid.startswith(FIRST_PARAGRAPH))
    first.msgstr = ""
    dated = next(
        entry
        for entry in entries.values()
        if "2023" in entry.msgstr and entry is not first and not entry.msgctxt
    )
    dated.msgstr = dated.msgstr.replace("2023", "2024", 1)
    catalog.save()
    reread = {entry.msgid: entry for entry in polib.pofile(str(path)) if not entry.obsolete}
    return {
        "fuzzy": reread[HEADING],
        "untranslated": reread[first.msgid],
        "wrong year": reread[dated.msgid],
    }


# -- the pages --------------------------------------------------------------------------------------


def test_the_release_page_shows_the_languages_side_by_side_with_the_checks(server, project, cli):
    revised = revise_kazakh(project)
    template = polib.pofile(str(project / "locales" / f"{SEED_ID}.pot"))
    catalogs = {lang: polib.pofile(str(project / path)) for lang, path in (("kk", KK), ("ru", RU))}
    findings = json.loads(cli("check", SEED_ID, "--json", "-C", project).stdout)["findings"]
    assert any(f["check"] == "facts" and f["severity"] == "error" for f in findings)

    document = page(server, f"/{SEED_ID}/")
    headers = [text(th) for th in document.xpath('//table[@class="messages"]/thead/tr/th')]
    assert headers == ["English (en, source)", "қазақ тілі (kk)", "русский (ru)"]
    rows = document.xpath('//table[@class="messages"]/tbody/tr')
    assert len(rows) == len(template) == 39
    shown_findings = []
    for row, message in zip(rows, template):
        source = row.xpath("./th")[0]
        assert source.xpath('./p[@class="text"]')[0].text_content() == message.msgid
        assert source.xpath('./p[@class="text"]/@lang') == ["en"]
        assert [text(code) for code in source.xpath('./p[@class="ref"]/code')] == [
            f"{path}:{line}" for path, line in message.occurrences
        ]
        for cell, (language, path) in zip(row.xpath("./td"), (("kk", KK), ("ru", RU))):
            entry = catalogs[language].find(message.msgid, msgctxt=message.msgctxt)
            state = "untranslated" if not entry.msgstr else "fuzzy" if entry.fuzzy else "translated"
            assert cell.get("class") == state, (language, message.msgid)
            assert text(cell.xpath('./p[@class="ref"]')[0]) == f"{path.as_posix()}:{entry.linenum}"
            if entry.msgstr:
                assert cell.xpath('./p[@class="text"]')[0].text_content() == entry.msgstr
                assert cell.xpath('./p[@class="text"]/@lang') == [language]
            shown_findings += [
                (f"{path.as_posix()}:{entry.linenum}", text(item)) for item in cell.xpath(".//li")
            ]
    # Every finding of `pressflow check`, at the entry of its line, and nothing else.
    assert sorted(shown_findings) == sorted(
        (f"{f['path']}:{f['line']}", f"{f['severity']} [{f['check']}] {f['message']}")
        for f in findings
    )
    fuzzy = document.xpath('//td[@class="fuzzy"]')
    assert len(fuzzy) == 1 and "fuzzy" in text(fuzzy[0].xpath('./span[@class="badge"]')[0])
    assert "On the meeting with a group of international observers." in text(fuzzy[0])
    assert f":{revised['fuzzy'].linenum}" in text(fuzzy[0])
    untranslated = document.xpath('//td[@class="untranslated"]')
    assert len(untranslated) == 1 and f":{revised['untranslated'].linenum}" in text(untranslated[0])
    wrong = [cell for cell in document.xpath("//td") if "2024" in text(cell)]
    assert len(wrong) == 1 and "error [facts]" in text(wrong[0])
    summary = {
        text(row.xpath("./th")[0]): [text(cell) for cell in row.xpath("./td")]
        for row in document.xpath('//table[@class="languages"]/tbody/tr')
    }
    assert summary["қазақ тілі (kk)"][:4] == ["94.9% (37 of 39)", "1", "1", "1 error, 0 warnings"]
    assert summary["русский (ru)"][:4] == ["100.0% (39 of 39)", "0", "0", "0 errors, 0 warnings"]


def test_the_index_lists_each_release_with_its_status(server, project, cli):
    revise_kazakh(project)
    broken = project / "releases" / "2024-02-01-broken"
    broken.mkdir()
    (broken / "release.md").write_text("---\ntitle: Unfinished\n---\n\nText.\n", encoding="utf-8")
    status = json.loads(cli("status", SEED_ID, "--json", "-C", project).stdout)["releases"][0]

    document = page(server, "/")
    rows = {text(row.xpath("./th/code")[0]): row for row in document.xpath("//tbody/tr")}
    assert sorted(rows) == ["2023-03-17-observer-meetings", "2024-02-01-broken"]
    seed = rows[SEED_ID]
    assert seed.xpath("./th/a/@href") == [f"/{SEED_ID}/"] and TITLE in text(seed)
    cells = [text(cell) for cell in seed.xpath("./td")]
    assert cells[0] == "2023-03-17" and cells[1].startswith(status["state"])
    kk, ru = status["languages"]["kk"], status["languages"]["ru"]
    assert cells[2].startswith(
        f"{kk['percent']}%, {kk['fuzzy']} fuzzy, {kk['untranslated']} untranslated"
    )
    assert cells[3].startswith(f"{ru['percent']}%")
    # The release that cannot be read is listed with the reason, at its file and line.
    problem = text(rows["2024-02-01-broken"])
    assert "releases/2024-02-01-broken/release.md:" in problem and "date" in problem


def test_each_bulletin_is_the_one_build_makes(server, project, cli):
    revise_kazakh(project)
    assert cli("build", "-C", project, "-f", "html").exit_code == 0
    for language in ("en", "kk", "ru"):
        built = (project / "dist" / SEED_ID / f"{SEED_ID}.{language}.html").read_text("utf-8")
        for path in (f"/{SEED_ID}/{language}.html", f"/{SEED_ID}/{SEED_ID}.{language}.html"):
            status, content_type, body = fetch(server, path)
            assert status == 200 and content_type == "text/html; charset=utf-8"
            served = body.decode("utf-8")
            assert len(SCRIPT_TAG.findall(served)) == 1  # the reload script, before </body>
            assert SCRIPT_TAG.sub("", served) == built


def test_the_pdf_is_printed_on_request_and_kept(server, project, cli):
    status, content_type, pdf = fetch(server, f"/{SEED_ID}/ru.pdf")
    assert status == 200 and content_type == "application/pdf" and pdf.startswith(b"%PDF-")
    read = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "Члены ЦИК провели серию встреч" in " ".join(read.split())
    kept = list((project / ".pressflow-cache" / "pdf").glob("*.pdf"))
    assert [path.read_bytes() for path in kept] == [pdf]
    assert fetch(server, f"/{SEED_ID}/{SEED_ID}.ru.pdf")[2] == pdf
    # The same bytes as `build` prints: the same HTML through the same printer.
    assert cli("build", "-C", project, "-f", "pdf", "-l", "ru").exit_code == 0
    assert (project / "dist" / SEED_ID / f"{SEED_ID}.ru.pdf").read_bytes() == pdf


def test_a_derived_edition_points_at_the_catalog_its_text_comes_from(server, project):
    config = project / "pressflow.toml"
    config.write_text(
        config.read_text("utf-8").replace('["en", "kk", "ru"]', '["en", "kk", "kk-Latn", "ru"]'),
        encoding="utf-8",
    )
    document = page(server, f"/{SEED_ID}/")
    first = document.xpath('//table[@class="messages"]/tbody/tr')[0]
    latin = first.xpath("./td")[1]
    assert latin.xpath('./p[@class="text"]/@lang') == ["kk-Latn"]
    assert (
        latin.xpath('./p[@class="text"]')[0].text_content().startswith("OSK müşelerı halyqaralyq")
    )
    line = polib.pofile(str(project / KK)).find(TITLE, msgctxt="title").linenum
    assert (
        text(latin.xpath('./p[@class="ref"]')[0])
        == f"{KK.as_posix()}:{line} (transliterated from kk)"
    )
    status, _, body = fetch(server, f"/{SEED_ID}/kk-Latn.html")
    assert status == 200 and b'<html lang="kk-Latn"' in body
    # A message the edition's own catalog translates points at that catalog.
    own = project / "locales" / "kk_Latn" / "LC_MESSAGES" / f"{SEED_ID}.po"
    own.parent.mkdir(parents=True)
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "kk_Latn"}
    catalog.append(
        polib.POEntry(
            msgctxt="title",
            msgid=TITLE,
            msgstr="OSK müşelerı halyqaralyq baiqauşylarmen bırqatar kezdesu ötkızdı",
        )
    )
    catalog.save(str(own))
    line = polib.pofile(str(own)).find(TITLE, msgctxt="title").linenum
    first = page(server, f"/{SEED_ID}/").xpath('//table[@class="messages"]/tbody/tr')[0]
    assert (
        text(first.xpath('./td[2]/p[@class="ref"]')[0])
        == f"locales/kk_Latn/LC_MESSAGES/{SEED_ID}.po:{line}"
    )
    # A fuzzy override's findings stand under its message, not among those of no message.
    catalog = polib.pofile(str(own), wrapwidth=79)
    catalog[0].msgstr = "OSK 1999 müşelerı halyqaralyq baiqauşylarmen bırqatar kezdesu ötkızdı"
    catalog[0].flags.append("fuzzy")
    catalog.save(str(own))
    document = page(server, f"/{SEED_ID}/")
    first = document.xpath('//table[@class="messages"]/tbody/tr')[0]
    shown = [text(item) for item in first.xpath('./td[2]/ul[@class="findings"]/li')]
    assert shown and all("[facts]" in item or "[punctuation]" in item for item in shown), shown
    assert any("1999" in item for item in shown), shown
    assert not document.xpath('//h2[contains(., "no longer")]'), text(document.xpath("//main")[0])


def test_serving_named_releases_shows_only_those(project):
    shutil.copytree(project / "releases" / SEED_ID, project / "releases" / "2023-03-18-other")
    with PreviewServer(project, ids=[SEED_ID], port=0).start() as server:
        rows = page(server, "/").xpath("//tbody/tr/th/code")
        assert [text(code) for code in rows] == [SEED_ID]
        assert fetch(server, "/2023-03-18-other/")[0] == 404
        assert fetch(server, "/2023-03-18-other/kk.html")[0] == 404
        connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
        connection.request("HEAD", f"/{SEED_ID}/kk.html")
        response = connection.getresponse()
        assert response.status == 200 and int(response.headers["Content-Length"]) > 0
        assert response.read() == b""
        connection.close()


# -- only the project's files -----------------------------------------------------------------------


def test_only_the_project_s_files_are_served(server, project, tmp_path):
    folder = project / "releases" / SEED_ID
    photo = png(8, 6)
    (folder / "photo.png").write_bytes(photo)
    (folder / "pictures").mkdir()
    (project / "logo.png").write_bytes(photo)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:not for the preview\n", encoding="utf-8")
    (folder / "outside.txt").symlink_to(secret)
    (folder / "outside-folder").symlink_to(tmp_path, target_is_directory=True)
    (folder / "logo.png").symlink_to(project / "logo.png")  # a link inside the project is fine

    assert fetch(server, f"/{SEED_ID}/files/photo.png") == (200, "image/png", photo)
    assert fetch(server, f"/{SEED_ID}/files/logo.png") == (200, "image/png", photo)
    for path in (
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        f"/{SEED_ID}/files/../../../../etc/passwd",
        f"/{SEED_ID}/files/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"/{SEED_ID}/files/..%5c..%5c..%5c..%5cetc%5cpasswd",
        f"/{SEED_ID}/files/%2fetc%2fpasswd",
        f"/{SEED_ID}/files//etc/passwd",
        f"/{SEED_ID}/files/photo.png%00.txt",
        f"/{SEED_ID}/files/%ff",
        f"/{SEED_ID}/files/outside.txt",
        f"/{SEED_ID}/files/outside-folder/secret.txt",
        f"/{SEED_ID}/files/outside-folder/",
        f"/{SEED_ID}/files/",
        f"/{SEED_ID}/files/pictures/",
        f"/{SEED_ID}/files/pictures",
        f"/{SEED_ID}/de.html",
        f"/{SEED_ID}/kk.txt",
        f"/{SEED_ID}/other-id.kk.html",
        "/no-such-release/",
        "/pressflow/",
        "/locales/",
        "/pressflow.toml",
    ):
        status, content_type, body = fetch(server, path)
        assert status == 404, path
        assert b"root:" not in body and b"<li>" not in body, path
        assert content_type == "text/html; charset=utf-8"


def test_a_page_asked_for_under_another_host_name_is_refused(server):
    """A web page cannot point a name of its own at 127.0.0.1 and read the preview."""
    assert fetch(server, "/", host="attacker.example")[0] == 403
    assert fetch(server, "/", host=f"attacker.example:{server.port}")[0] == 403
    for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", "preview.localhost"):
        assert fetch(server, "/", host=host)[0] == 200, host


# -- bad input --------------------------------------------------------------------------------------


def test_a_broken_catalog_is_shown_in_the_page_until_it_is_fixed(server, project, cli):
    path = project / KK
    good = path.read_text("utf-8")
    path.write_text(good.replace(f'msgstr "{KK_TITLE}"', f'msgstr "{KK_TITLE}'), encoding="utf-8")
    expected = cli("check", SEED_ID, "-C", project).stderr.strip().splitlines()[0]
    assert expected.startswith(f"{KK.as_posix()}:")
    place, message = expected.split(": ", 1)
    for address in (f"/{SEED_ID}/kk.html", f"/{SEED_ID}/kk.pdf"):
        document = page(server, address, status=500)
        problems = document.xpath('//ul[@class="problems"]/li')
        assert [text(item) for item in problems] == [f"{place}: {message}"], address
        assert document.xpath("//script/@src") == ["/_pressflow/preview.js"]
    assert fetch(server, f"/{SEED_ID}/ru.html")[0] == 200  # the other languages are still there
    # The release's page shows the problem above the languages that can still be read.
    document = page(server, f"/{SEED_ID}/")
    problems = document.xpath('//ul[@class="problems"]/li')
    assert [text(item) for item in problems] == [f"{place}: {message}"]
    headers = [text(th) for th in document.xpath('//table[@class="messages"]/thead/tr/th')]
    assert headers == ["English (en, source)", "русский (ru)"]
    path.write_text(good, encoding="utf-8")
    assert KK_TITLE in text(page(server, f"/{SEED_ID}/"))


@pytest.mark.parametrize(
    ("file", "broken", "where"),
    [
        ("pressflow.toml", "[pdf]\npage_size = 4\n", "pressflow.toml:"),
        (f"releases/{SEED_ID}/release.md", "---\ntitle: [unclosed\n---\n", "release.md:"),
        ("templates/bulletin.html", "{% if %}\n", "templates/bulletin.html:1"),
    ],
)
def test_a_broken_input_is_named_in_the_page(server, project, file, broken, where):
    path = project / file
    path.parent.mkdir(exist_ok=True)
    before = path.read_text("utf-8") if path.exists() else None
    path.write_text(broken, encoding="utf-8")
    document = page(server, f"/{SEED_ID}/kk.html", status=500)
    assert where in text(document.xpath('//ul[@class="problems"]')[0])
    if before is None:
        path.unlink()
    else:
        path.write_text(before, encoding="utf-8")
    page(server, f"/{SEED_ID}/kk.html")


# -- reloading --------------------------------------------------------------------------------------


class EventStream:
    """The page's side of `/_pressflow/events`, read as EventSource reads it."""

    def __init__(self, server: PreviewServer | str, since: str, timeout: float = 30):
        """`server`, or its URL."""
        host, port = (
            (server.host, server.port)
            if isinstance(server, PreviewServer)
            else (urlsplit(server).hostname, urlsplit(server).port)
        )
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.connection.request("GET", f"/_pressflow/events?since={since}")
        self.socket = self.connection.sock  # the response keeps it; the connection lets it go
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.headers["Content-Type"] == "text/event-stream; charset=utf-8"

    def next_event(self, timeout: float = 30) -> dict[str, str]:
        """The next event (a `TimeoutError` when none comes within `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        fields: dict[str, str] = {}
        while True:
            left = deadline - time.monotonic()
            if left <= 0:  # the server's keep-alive comments came, and no event
                raise TimeoutError(f"no event in {timeout} s")
            self.socket.settimeout(left)
            line = self.response.readline().decode("utf-8")
            assert line, "the stream ended"
            line = line.rstrip("\n")
            if not line:
                if "event" in fields:
                    return fields
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value

    def close(self) -> None:
        self.connection.close()


def test_a_change_is_pushed_to_the_open_pages(server, project):
    wait_until_watching(server, project)
    generation = page(server, "/").xpath("//script/@data-generation")[0]
    stream = EventStream(server, generation)
    try:
        # Outputs and caches are no change of the project: no reload loop when a page prints.
        (project / "dist").mkdir()
        (project / "dist" / "out.html").write_text("x", encoding="utf-8")
        (project / KK).write_text(
            (project / KK).read_text("utf-8").replace(KK_TITLE, KK_TITLE_REVISED), encoding="utf-8"
        )
        event = stream.next_event()
        while "probe.txt" in event["data"]:  # the watcher's first reports
            event = stream.next_event()
        assert event["event"] == "change"
        assert json.loads(event["data"]) == [KK.as_posix()]
        assert event["id"] == server.changes.generation != generation
        # The configuration, saved by an editor that writes a new file and renames it over.
        config = project / "pressflow.toml"
        (project / "pressflow.toml.new").write_bytes(config.read_bytes() + b"# edited\n")
        os.replace(project / "pressflow.toml.new", config)
        assert json.loads(stream.next_event()["data"]) == ["pressflow.toml"]
        # A release.
        release = project / "releases" / SEED_ID / "release.md"
        release.write_text(release.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
        assert json.loads(stream.next_event()["data"]) == [f"releases/{SEED_ID}/release.md"]
        # The project's templates: the folder made, then a template in it, once it is watched.
        (project / "templates").mkdir()
        assert json.loads(stream.next_event()["data"]) == ["templates"]
        letterhead = project / "templates" / "letterhead.html"
        for attempt in range(20):
            before = server.changes.generation
            letterhead.write_text(f"<header>{attempt}</header>\n", encoding="utf-8")
            if server.changes.wait(before, 1) and server.changes.paths == (
                "templates/letterhead.html",
            ):
                break
        else:
            raise AssertionError("a template's change was not told")
    finally:
        stream.close()
    # A page made before a change it had no stream for yet hears of it at once.
    late = EventStream(server, generation)
    try:
        assert late.next_event()["event"] == "change"
    finally:
        late.close()


def test_serve_prints_its_address_and_stops_on_ctrl_c(project):
    process = subprocess.Popen(
        [sys.executable, "-m", "pressflow", "serve", SEED_ID, "--port", "0", "-C", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.fullmatch(
            rf"previewing {re.escape(str(project))} at (http://127\.0\.0\.1:\d+/){SEED_ID}/ "
            r"\(Ctrl\+C stops\)\n",
            line,
        )
        assert match, line
        with urllib.request.urlopen(match[1] + f"{SEED_ID}/kk.html") as response:
            bulletin = response.read().decode("utf-8")
        assert KK_TITLE in bulletin
        generation = re.search(r'data-generation="([^"]+)"', bulletin)[1]
        path = project / KK
        for attempt in range(3):  # the watcher starts with the server, in a thread of its own
            stream = EventStream(match[1], generation)  # told of any change since the page
            path.write_text(path.read_text("utf-8") + f"# {attempt}\n", encoding="utf-8")
            try:
                assert stream.next_event(10)["event"] == "change"
                break
            except TimeoutError:
                stream.close()
        process.send_signal(signal.SIGINT)  # while the page's stream is open
        stdout, stderr = process.communicate(timeout=20)
        stream.close()
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert stdout == "stopped\n" and "Traceback" not in stderr
    assert f"changed: {KK.as_posix()}; reloading 1 open page\n" in stderr


def test_serve_says_when_it_cannot_listen(project, cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), "-C", project)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"cannot listen on 127.0.0.1 port {port}: Address already in use (another program uses "
        "it): choose another --port"
    )
    result = cli("serve", "no-such-release", "-C", project)
    assert result.exit_code == 2 and "no release 'no-such-release'" in result.stderr


# -- in a browser -----------------------------------------------------------------------------------


def test_the_open_pages_reload_themselves_when_a_catalog_changes(server, project):
    node = browser_node(LIVE_RELOAD_CHECK)
    wait_until_watching(server, project)
    urls = [f"{server.url}{SEED_ID}/", f"{server.url}{SEED_ID}/kk.html"]
    process = subprocess.Popen(
        [node, str(LIVE_RELOAD_CHECK), KK_TITLE_REVISED, *urls],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "TIMEOUT_MS": "30000"},
    )
    try:
        ready = process.stdout.readline()
        assert json.loads(ready or "{}").get("ready") == urls, ready + process.stderr.read()
        path = project / KK
        path.write_text(path.read_text("utf-8").replace(KK_TITLE, KK_TITLE_REVISED), "utf-8")
        stdout, stderr = process.communicate(timeout=90)
    finally:
        process.kill()
    assert process.returncode == 0, stdout + stderr
    result = json.loads(stdout)
    assert result["found"] == urls
    # Each page loaded twice, once by the browser and once by its own script; each opened its
    # event stream again after it reloaded.
    assert result["loads"] == dict.fromkeys(urls, 2)
    assert result["streams"] == 4


def test_a_hidden_page_lets_its_stream_go_and_reloads_when_shown(server, project):
    """A tab in the background holds no connection (a browser opens six at most to one server),
    and shows what changed meanwhile as soon as it comes back."""
    node = browser_node(LIVE_RELOAD_CHECK)
    wait_until_watching(server, project)
    url = f"{server.url}{SEED_ID}/kk.html"
    process = subprocess.Popen(
        [node, str(LIVE_RELOAD_CHECK), "--hidden", KK_TITLE_REVISED, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert json.loads(process.stdout.readline() or "{}").get("ready") == [url]
        assert json.loads(process.stdout.readline() or "{}").get("hidden") == [url]
        assert server.changes.wait_streams(0, 3 * KEEPALIVE), "the hidden page kept its stream"
        before = server.changes.generation
        path = project / KK
        path.write_text(path.read_text("utf-8").replace(KK_TITLE, KK_TITLE_REVISED), "utf-8")
        assert server.changes.wait(before, 20), "the server saw no change"
        stdout, stderr = process.communicate("show\n", timeout=90)
    finally:
        process.kill()
    assert process.returncode == 0, stdout + stderr
    result = json.loads(stdout.splitlines()[-1])
    assert result["loadsWhileHidden"] == {url: 1}
    assert result["found"] == [url] and result["loads"] == {url: 2}


def test_the_preview_pages_are_accessible(server, project, tmp_path):
    revise_kazakh(project)
    broken = project / "releases" / "2024-02-01-broken"
    broken.mkdir()
    (broken / "release.md").write_text("---\ntitle: Unfinished\n---\n\nText.\n", encoding="utf-8")
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    urls = [
        server.url,
        f"{server.url}{SEED_ID}/",
        f"{server.url}{SEED_ID}/kk.html",
        f"{server.url}2024-02-01-broken/",
        f"{server.url}no-such-release/",
    ]
    found = [
        f"{result['file']}: {violation['id']}: {violation['help']} at "
        + ", ".join(node["html"][:200] for node in violation["nodes"])
        for result in axe_results(urls, canary)
        for violation in result["violations"]
    ]
    assert found == []
