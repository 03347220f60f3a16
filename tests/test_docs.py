"""The README documents every command, and every documented command exists."""

from __future__ import annotations

import re

from conftest import REPO

from pressflow.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_and_runs(cli):
    documented = set(re.findall(r"^\| `pressflow (\w+)", README, re.MULTILINE))
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    commands |= {group.name for group in app.registered_groups}  # `pressflow tm export`
    assert documented == commands
    for command in sorted(commands):
        result = cli(command, "--help")
        assert result.exit_code == 0, command


def test_quick_start_has_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.+?)\n```", quick_start, re.DOTALL)
    assert blocks == [
        "scripts/setup.sh && .venv/bin/pressflow build",
        "scripts/setup.sh test && .venv/bin/python -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci.splitlines()


def test_the_documented_letterhead_override_works(project, cli):
    example = re.search(r"```html\+jinja\n(.+?)```", README, re.DOTALL)[1]
    (project / "templates").mkdir()
    (project / "templates" / "letterhead.html").write_text(example, encoding="utf-8")
    result = cli("build", "-C", project, "-l", "kk", "-f", "html")
    assert result.exit_code == 0, result.output
    html = next((project / "dist").rglob("*.kk.html")).read_text(encoding="utf-8")
    assert '<span class="city">Astana</span>' in html
    assert "Баспасөз релизі" in html


def test_the_code_refers_to_sections_the_design_has():
    """Code and tests cite docs/design.md by section name: each cited section exists."""
    design = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ (.+)$", design, re.MULTILINE))
    cited = set()
    for path in [*(REPO / "pressflow").rglob("*.py"), *(REPO / "tests").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for section in re.findall(r'docs/design\.md[,;]?\s+"([^"]+)"', text):
            cited.add((path.name, " ".join(section.split())))  # a section's name may wrap
    assert cited, "no reference to docs/design.md found"
    assert [(name, section) for name, section in sorted(cited) if section not in headings] == []
