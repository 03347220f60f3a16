"""Hostile release sources, ids and configuration: each a clear `path:line: message` and exit 2,
or a safe output; never a traceback, never a file read or written outside the project."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DATA, SEED_ID

KEYS = "title, subtitle, location, summary, source, image, date, contacts, tags, embargo, corrections, languages"
FRONT = b"---\ntitle: Hostile\ndate: 2023-03-18\n---\n\n"

_LEVELS = ("title", "summary", "source", "subtitle", "location", "image")
# A "billion laughs": each key ten aliases of the one before; expanded, a million strings.
YAML_BOMB = (
    "---\ndate: 2023-03-18\ntitle: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{key}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]\n"
        for level, key in enumerate(_LEVELS[1:], 1)
    )
    + "---\n\nBody.\n"
).encode()

SOURCES = {
    "yaml-bomb": (
        YAML_BOMB,
        [f"{line}: '{key}' must be text" for line, key in enumerate(_LEVELS, 3)],
    ),
    "title-list": (
        b"---\ntitle: [Elections, Observers]\ndate: 2023-03-18\n---\n\nBody.\n",
        ["2: 'title' must be text"],
    ),
    "title-mapping": (
        b"---\ntitle: {en: Elections}\ndate: 2023-03-18\n---\n\nBody.\n",
        ["2: 'title' must be text"],
    ),
    "date-list": (
        b"---\ntitle: T\ndate: [2023, 3, 18]\n---\n\nBody.\n",
        ["3: 'date' must be text"],
    ),
    "contacts-text": (
        b"---\ntitle: T\ndate: 2023-03-18\ncontacts: press@example.org\n---\n\nBody.\n",
        ["4: 'contacts' must be a list"],
    ),
    "python-tag": (
        b"---\ntitle: !!python/object/apply:os.system [touch /tmp/pwned]\ndate: 2023-03-18\n---\n\nB.\n",
        ["2: 'title' must be text"],
    ),
    "key-list": (
        b"---\n[a, b]: c\ntitle: T\ndate: 2023-03-18\n---\n\nBody.\n",
        [f"2: a key must be a name, such as 'title': the keys are {KEYS}"],
    ),
    "contact-key-mapping": (
        b"---\ntitle: T\ndate: 2023-03-18\ncontacts:\n  - {{a: b}: c, name: N}\n---\n\nB.\n",
        ["5: unknown key '[…]' in contact 1: the keys are name, role, email, phone"],
    ),
    "nested-deep": (
        b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\ndate: 2023-03-18\n---\n\nBody.\n",
        ["2: the front matter is nested too deeply: a value is text, a date or a list"],
    ),
    "malformed-yaml": (
        b"---\ntitle: Talks: the second round\ndate: 2023-03-18\n---\n\nBody.\n",
        [
            "2: malformed front matter: mapping values are not allowed here; check the YAML syntax "
            "(quote values that contain ': ')"
        ],
    ),
    "nul-in-front-matter": (
        b"---\ntitle: Hos\x00tile\ndate: 2023-03-18\n---\n\nBody.\n",
        ["2: a NUL byte: the file is not plain text; save it again as UTF-8 text"],
    ),
    "nul-in-body": (
        FRONT + b"Bo\x00dy.\n",
        ["6: a NUL byte: the file is not plain text; save it again as UTF-8 text"],
    ),
    "control-character": (
        b"---\ntitle: T\ndate: 2023-03-18\nsummary: a\x07b\n---\n\nBody.\n",
        ["4: a control character (U+0007) in the front matter: delete it"],
    ),
    "invalid-utf8": (FRONT + b"Caf\xe9 latte.\n", ["6: not UTF-8 text: save the file as UTF-8"]),
    "huge": (
        FRONT + (b"A sentence of a release that goes on and on. " * 20 + b"\n\n") * 1200,
        [
            "1: the file is larger than 1 MB: a release is a few pages of text; split it, or move what is not "
            "its text out of release.md"
        ],
    ),
    "raw-script": (
        FRONT + b"Text <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n",
        [
            "6: raw HTML is not allowed in a release: <script>; write it in Markdown or escape '<' as '\\<'",
            "6: raw HTML is not allowed in a release: <img src=x onerror=alert(2)>; write it in Markdown "
            "or escape '<' as '\\<'",
        ],
    ),
    "image-up": (
        FRONT + b"![The seed](../" + SEED_ID.encode() + b"/release.md)\n",
        [f"6: image '../{SEED_ID}/release.md' must be inside the release's folder"],
    ),
    "image-absolute": (
        FRONT + b"![Passwords](/etc/passwd)\n",
        ["6: image '/etc/passwd' must be inside the release's folder"],
    ),
    "image-field-absolute": (
        b"---\ntitle: T\ndate: 2023-03-18\nimage: /etc/hostname\n---\n\nBody.\n",
        ["4: image '/etc/hostname' must be inside the release's folder"],
    ),
}


def add_release(project: Path, name: str, data: bytes) -> Path:
    folder = project / "releases" / name
    folder.mkdir(parents=True)
    (folder / "release.md").write_bytes(data)
    return folder


def test_yaml_bomb_is_never_expanded(project, cli):
    add_release(project, "yaml-bomb", YAML_BOMB)
    start = time.monotonic()
    assert cli("status", "-C", project).exit_code == 2
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_hostile_source_is_a_clear_error_and_the_others_still_build(project, cli, name):
    data, expected = SOURCES[name]
    add_release(project, name, data)
    lines = [f"releases/{name}/release.md:{line}" for line in expected]
    for command in (["status"], ["update"], ["build", "-f", "html"]):
        result = cli(*command, "-C", project)
        assert (result.exit_code, result.stderr.splitlines()) == (2, lines), command
    check = cli("check", "-C", project)
    assert check.exit_code == 2
    assert [
        line.replace(": error: [source]", ":") for line in check.stdout.splitlines()[:-1]
    ] == lines
    assert not (project / "dist" / name).exists()
    assert not (project / "locales" / f"{name}.pot").exists()
    assert (project / "dist" / SEED_ID / f"{SEED_ID}.kk.html").is_file()
    assert (project / "releases" / name / "release.md").read_bytes() == data


class _Links(HTMLParser):
    """Every URL an element of the page points at, and the elements of the page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls.extend(value or "" for name, value in attrs if name in ("href", "src"))


def links_of(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_dangerous_links_in_a_source_are_shown_as_text(project, cli):
    body = (
        b"See [the results](javascript:alert(1)), [the list](file:///etc/passwd), "
        b"[a script](vbscript:msgbox), <javascript:alert(2)> and ![a photo](file:///etc/passwd).\n\n"
        b"[Fair](https://www.gov.kz/memleket/entities/mfa) &lt;b&gt; &amp; &#60;script&#62;\n"
    )
    add_release(project, "links", FRONT + body)
    result = cli("build", "links", "-C", project, "-f", "html")
    assert result.exit_code == 0, result.stderr
    html = (project / "dist/links/links.en.html").read_text(encoding="utf-8")
    page = links_of(html)
    assert not [
        url for url in page.urls if url.split(":")[0].lower() in ("javascript", "vbscript", "file")
    ]
    assert "https://www.gov.kz/memleket/entities/mfa" in page.urls
    assert "[the results](javascript:alert(1))" in html
    assert "&lt;b&gt; &amp; &lt;script&gt;" in html
    assert page.tags.count("script") == 1  # the JSON-LD, nothing else
    assert "img" not in page.tags


@pytest.mark.parametrize(
    "release_id", ["../../etc", "..", ".", "releases/../" + SEED_ID, "a\\b", "a\0b", ""]
)
def test_an_id_that_is_a_path_is_refused(project, cli, release_id):
    message = f"'{release_id}' is not a release id: give the name of a folder in releases/"
    for command in ("status", "update", "build", "extract"):
        result = cli(command, release_id, "-C", project)
        assert (result.exit_code, result.stderr.splitlines()) == (2, [message]), command
    check = cli("check", release_id, "-C", project)  # check reports it among its findings
    assert check.exit_code == 2 and message in check.stdout
    assert not (project / "dist").exists()
    assert sorted(path.name for path in (project / "locales").glob("*.pot")) == [
        f"{SEED_ID}.pot",
        "pressflow.pot",
    ]


@pytest.mark.parametrize("logo", ["/etc/hostname", "../outside.png", "releases/../../outside.png"])
def test_a_logo_outside_the_project_is_refused(tmp_path, cli, logo):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "outside.png").write_bytes((DATA / "segments" / "photo.png").read_bytes())
    (root / "pressflow.toml").write_text(
        f'[organization]\nen = "Press office"\nlogo = "{logo}"\n', encoding="utf-8"
    )
    result = cli("build", "-C", root)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "pressflow.toml:3: 'organization.logo' must name an image file of the project, such as "
        '"templates/logo.svg"'
    ]


@pytest.mark.parametrize(
    "pyproject, line",
    [
        (
            "[tool]\npressflow = 5\n",
            "pyproject.toml:2: 'tool.pressflow' must be a table: write [tool.pressflow] "
            "and the keys under it",
        ),
        (
            '[tool]\npressflow = ["en", "kk"]\n',
            "pyproject.toml:2: 'tool.pressflow' must be a table: write "
            "[tool.pressflow] and the keys under it",
        ),
        ("tool = 5\n", "no pressflow project here or above"),  # not pressflow's table: no project
        (
            '[tool.pressflow]\nlanguages = "en"\n[tool.pressflow.catalogs]\nwrap = "79"\n',
            [
                "pyproject.toml:2: 'languages' must be a list",
                "pyproject.toml:4: 'catalogs.wrap' must be a whole number",
            ],
        ),
        (
            '[tool.pressflow]\norganization = "Ministry"\n',
            "pyproject.toml:2: 'organization' must be a table",
        ),
        (
            "[tool.pressflow]\nsource_language = 1\n",
            "pyproject.toml:2: 'source_language' must be text",
        ),
    ],
)
def test_wrong_types_in_pyproject_are_clear_errors(tmp_path, cli, pyproject, line):
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    result = cli("status", "-C", tmp_path)
    expected = [line] if isinstance(line, str) else line
    if isinstance(line, str) and line.startswith("no pressflow project"):
        expected = [f"{line} ({tmp_path}): run pressflow init, or use -C"]
    assert (result.exit_code, result.stderr.splitlines()) == (2, expected)


def test_a_glossary_that_is_not_utf8_is_a_clear_error(project, cli):
    (project / "locales" / "glossary.csv").write_bytes(b"en,kk\nElections,\xff\xfe\n")
    for command in ("update", "check"):
        result = cli(command, "-C", project)
        assert (result.exit_code, result.stderr.splitlines()) == (
            2,
            ["locales/glossary.csv:2: not a UTF-8 CSV file: save it again as CSV (UTF-8)"],
        ), command


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"state: [" * 3000 + b"\n", "nested too deeply"),
        (
            b"state: dr\x00aft\n",
            'unacceptable character #x0000: special characters are not allowed in "<unicode '
            'string>", position 9',
        ),
    ],
)
def test_a_damaged_workflow_record_is_one_line(project, cli, data, reason):
    (project / "releases" / SEED_ID / "workflow.yaml").write_bytes(data)
    for command in (["status"], ["mark", SEED_ID, "translation"]):
        result = cli(*command, "-C", project)
        assert (result.exit_code, result.stderr.splitlines()) == (
            2,
            [
                f"releases/{SEED_ID}/workflow.yaml: unreadable workflow record ({reason}): restore it from git"
            ],
        ), command
    assert (project / "releases" / SEED_ID / "workflow.yaml").read_bytes() == data
