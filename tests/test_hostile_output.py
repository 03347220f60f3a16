"""Hostile translations and resources: escaped in the HTML, inert in the PDF, and a PDF that reads
nothing outside the project nor makes a request (docs/design.md, "Facts about our dependencies")."""

from __future__ import annotations

import base64
import http.server
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from conftest import DATA, copy_example_project

from pressflow.render.pdf import PdfPrinter

ID = "hostile-translation"
SOURCE = """---
title: Observers met the Deputy Minister
date: 2023-03-18
summary: The meeting took place in Astana.
contacts:
  - name: Press Service
---

## Talks in Astana

![The delegation](photo.png)

{paragraphs}
"""
PARAGRAPHS = [
    f"Paragraph {number} of the release, long enough to fill the pages of the bulletin with text. "
    * 6
    for number in range(1, 25)
]
HOSTILE_TITLE = 'Talks "in" Astana \\ </style><script>alert(1)</script> & co'
SHOWN_TITLE = HOSTILE_TITLE.replace('"in"', "«in»")  # as shown: in Kazakh quotation marks
KAZAKH = {
    ("title", "Observers met the Deputy Minister"): HOSTILE_TITLE,
    (
        "summary",
        "The meeting took place in Astana.",
    ): '"><script>alert(2)</script><b onmouseover="alert(3)">',
    (
        None,
        "Talks in Astana",
    ): "<script>alert(4)</script> [click](javascript:alert(5)) <img src=x onerror=alert(6)>",
    (None, "The delegation"): "![in the alt](/etc/passwd) delegation",
    (None, PARAGRAPHS[0].strip()): "&lt;b&gt; &amp;amp; &#60;script&#62; [a](JaVaScRiPt:alert(7)) "
    "[b](data:text/html,<script>alert(8)</script>) ![c](/etc/passwd) "
    "![d](../../pressflow.toml) ![e](secret.png) ![f](photo.png)",
}


class _Page(HTMLParser):
    """The elements, attributes and text of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A release whose Kazakh catalog and templates' catalog are a translator's attack, built to HTML and PDF."""
    from typer.testing import CliRunner

    from pressflow.cli import app

    def invoke(*args):
        return CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)

    root = copy_example_project(tmp_path_factory.mktemp("hostile") / "project")
    folder = root / "releases" / ID
    folder.mkdir()
    (folder / "release.md").write_text(
        SOURCE.format(paragraphs="\n\n".join(PARAGRAPHS)), encoding="utf-8"
    )
    shutil.copy(DATA / "segments" / "photo.png", folder)
    shutil.copy(DATA / "segments" / "photo.png", folder / "secret.png")
    assert invoke("update", ID, "-C", root).exit_code == 0
    catalog = polib.pofile(str(root / f"locales/kk/LC_MESSAGES/{ID}.po"))
    for entry in catalog:
        entry.msgstr = KAZAKH.get((entry.msgctxt, entry.msgid), entry.msgstr)
    catalog.save()
    ui = polib.pofile(str(root / "locales/kk/LC_MESSAGES/pressflow.po"))
    ui.find("Contacts").msgstr = "<script>alert(9)</script>"
    ui.find("Page %(page)s of %(pages)s").msgstr = '</style><script>alert(10)</script> "\\ %(page)s'
    ui.save()
    result = invoke("build", ID, "-C", root, "-l", "kk", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return root / "dist" / ID


def test_translations_are_escaped_in_the_html(hostile):
    html = (hostile / f"{ID}.kk.html").read_text(encoding="utf-8")
    page = _Page(html)
    assert page.tags.count("script") == 1  # the JSON-LD
    assert not [name for name, _ in page.attrs if name.startswith("on")]
    assert not [
        value
        for name, value in page.attrs
        if name in ("href", "src")
        and value.split(":")[0].strip().lower() in ("javascript", "vbscript", "file")
    ]
    assert not [
        value
        for name, value in page.attrs
        if name in ("href", "src") and value.startswith("data:text")
    ]
    text = "".join(page.text)
    assert "<script>alert(4)</script>" in text
    assert "<img src=x onerror=alert(6)>" in text
    assert "[click](javascript:alert(5))" in text
    assert "<b> &amp; <script>" in text  # entities decoded once, shown as text
    assert SHOWN_TITLE in text
    # As shown: the quotes that open and close a quotation in Kazakh marks, the stray one as typed.
    assert '"><script>alert(2)</script><b onmouseover=«alert(3)»>' in text


def test_a_translation_shows_only_the_images_of_its_source(hostile):
    html = (hostile / f"{ID}.kk.html").read_text(encoding="utf-8")
    page = _Page(html)
    # Only the figure's photo: the paragraph's source has no image, so none of its translation's
    # images (outside the project, beside the release, or the photo itself) is shown; their alt texts are.
    photo = base64.b64encode((DATA / "segments" / "photo.png").read_bytes()).decode("ascii")
    assert [value for name, value in page.attrs if name == "src"] == [
        f"data:image/png;base64,{photo}"
    ]
    assert 'alt="in the alt delegation"' in html
    assert (
        "&lt;script&gt; [a](JaVaScRiPt:alert(7)) [b](data:text/html,&lt;script&gt;alert(8)&lt;/script&gt;) "
        "c d e f</p>" in html
    )


def test_ui_translations_are_escaped_too(hostile):
    html = (hostile / f"{ID}.kk.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in html
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style
    assert (
        r'content: "\3c /style\3e \3c script\3e alert(10)\3c /script\3e  \22 \5c  " counter(page);'
        in style
    )
    assert _Page(html).tags.count("script") == 1


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def uncompressed(pdf: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "plain.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(out)], check=True)
    return out.read_bytes()


def test_pdf_shows_hostile_text_as_text_and_runs_nothing(hostile, tmp_path):
    pdf = hostile / f"{ID}.kk.pdf"
    text = " ".join(pdf_text(pdf).split())
    assert "<script>alert(4)</script>" in text
    assert "<SCRIPT>ALERT(9)</SCRIPT>" in text  # a heading, in capitals
    # The running header (CSS `content:`) and the footer show the strings exactly.
    second = " ".join(pdf_text(pdf, 2).split())
    assert SHOWN_TITLE[:40] in second
    assert '</style><script>alert(10)</script> "\\ 2' in second
    data = uncompressed(pdf, tmp_path)
    assert (
        b"(<script>alert\\(4\\)</script> [click]\\(javascript:alert\\(5\\)\\)" in data
    )  # an outline title: text
    for action in (
        rb"/S\s*/JavaScript",
        rb"/JS\b",
        rb"/Launch",
        rb"/SubmitForm",
        rb"/URI\s*\(\s*(?i:javascript|data|file)",
    ):
        assert not re.search(action, data), action
    assert attachments(pdf).startswith("0 ")


@pytest.fixture
def loopback():
    """An HTTP server on 127.0.0.1 that records every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


def hostile_page(url: str, root: Path) -> str:
    svg = (
        f"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        f"width='10' height='10'><image xlink:href='{url}/svg.png' width='10' height='10'/></svg>"
    )
    return f"""<!DOCTYPE html><html lang="en"><head>
<link rel="stylesheet" href="{url}/link.css">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="file://{root}/../../../../etc/passwd">
<link rel="attachment" href="passwd-link">
<link rel="attachment" href="file://press.example.invalid{root}/notes.txt">
<link rel="attachment" href="{url}/attachment.txt">
<style>
@import url({url}/import.css);
@font-face {{ font-family: x; src: url({url}/font.ttf); }}
body {{ background: url({url}/background.png); font-family: x; }}
</style></head><body>
<p>Text</p>
<img src="{url}/img.png" alt=""><img src="{svg}" alt=""><img src="file:///etc/hostname" alt="">
<object data="{url}/object.svg"></object><embed src="{url}/embed.svg">
<iframe src="{url}/frame.html"></iframe>
</body></html>"""


def hostile_project(tmp_path: Path) -> Path:
    """A project folder with a link to /etc/passwd in it."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "passwd-link").symlink_to("/etc/passwd")
    return root


def attachments(pdf: Path) -> str:
    """`pdfdetach -list`: the count of embedded files, then their names."""
    return subprocess.run(
        ["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout


def test_url_fetcher_reads_nothing_outside_the_project_and_makes_no_request(tmp_path, loopback):
    url, requests = loopback
    root = hostile_project(tmp_path)
    pdf, refused = PdfPrinter(root, "").print_pdf(hostile_page(url, root), root)
    assert requests == []
    assert "/etc/passwd is outside the project" in refused
    assert "/etc/hostname is outside the project" in refused
    assert f"{url}/img.png is not a file of the project" in refused
    assert f"file://press.example.invalid{root}/notes.txt is not a file of this machine" in refused
    (tmp_path / "out.pdf").write_bytes(pdf)
    assert attachments(tmp_path / "out.pdf").startswith("0 ")
    passwd = Path("/etc/passwd").read_bytes().split(b"\n")[0]
    assert passwd not in uncompressed(tmp_path / "out.pdf", tmp_path)


def test_url_fetcher_embeds_a_file_of_the_project(tmp_path):
    """The other side of the test above: an attachment inside the project is embedded, so a
    count of 0 there means refused, not never asked for."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "notes.txt").write_text("inside the project\n", encoding="utf-8")
    html = (
        '<html><head><link rel="attachment" href="notes.txt"></head><body><p>Text</p></body></html>'
    )
    pdf, refused = PdfPrinter(root, "").print_pdf(html, root)
    assert refused == []
    (tmp_path / "out.pdf").write_bytes(pdf)
    assert attachments(tmp_path / "out.pdf").startswith("1 ")


def test_build_with_a_hostile_template_makes_no_request(tmp_path, cli, loopback):
    url, requests = loopback
    root = copy_example_project(tmp_path / "project")
    (root / "templates").mkdir()
    (root / "templates" / "letterhead.html").write_text(
        f'<header class="letterhead"><img src="{url}/logo.png" alt=""><img src="file:///etc/passwd" alt="">'
        f'<link rel="attachment" href="file:///etc/passwd"></header>\n',
        encoding="utf-8",
    )
    result = cli("build", "-C", root, "-l", "en", "-f", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    assert requests == []
    assert f"{url}/logo.png is not a file of the project" in result.stderr
    assert "/etc/passwd is outside the project" in result.stderr
    pdf = next((root / "dist").rglob("*.en.pdf"))
    assert attachments(pdf).startswith("0 ")


def test_the_same_page_calls_out_with_weasyprints_own_fetcher(tmp_path, loopback):
    """What the test above guards against: WeasyPrint's default fetcher requests and embeds all of it."""
    import weasyprint

    url, requests = loopback
    root = hostile_project(tmp_path)
    (tmp_path / "out.pdf").write_bytes(
        weasyprint.HTML(string=hostile_page(url, root), base_url=root.as_uri() + "/").write_pdf()
    )
    assert {"/link.css", "/import.css", "/img.png", "/attachment.txt"} <= set(requests)
    assert "passwd" in attachments(tmp_path / "out.pdf")
