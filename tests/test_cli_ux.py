"""The command line as a new user meets it: shell completion (driven as bash, zsh and fish drive
it), the examples of every `--help`, the status table and the progress bar on an 80-column
terminal."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import SEED_ID

from pressflow.cli import app

PRESSFLOW = Path(sys.executable).with_name("pressflow")
"""The installed command, as a shell runs it."""
LONG_ID = "2024-05-20-deputy-minister-met-the-observer-mission-of-the-osce-pa"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("_PRESSFLOW", "_TYPER", "COMP_"))
    }
    environment.update(env)
    return subprocess.run(
        [str(PRESSFLOW), *args], cwd=cwd, env=environment, capture_output=True, text=True
    )


def complete_bash(line: str, cwd: Path) -> list[str]:
    """What bash's completion function gets for `line` (the cursor at its end), by the protocol
    of Typer's bash script."""
    words = line.split(" ")
    result = run(
        [],
        cwd,
        _PRESSFLOW_COMPLETE="complete_bash",
        COMP_WORDS=line,
        COMP_CWORD=str(len(words) - 1),
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [line for line in result.stdout.splitlines() if line]  # none: one empty line


@pytest.fixture
def two_releases(project: Path, cli) -> Path:
    assert cli("new", "Briefing", "--date", "2024-05-21", "-C", project).exit_code == 0
    return project


def test_release_ids_complete_from_a_folder_inside_the_project(two_releases):
    kk = two_releases / "locales" / "kk"
    assert complete_bash("pressflow build ", kk) == [SEED_ID, "2024-05-21-briefing"]
    assert complete_bash("pressflow build 2024", kk) == ["2024-05-21-briefing"]
    assert complete_bash(f"pressflow mark {SEED_ID[:10]}", kk) == [SEED_ID]
    # A folder without release.md is no release.
    (two_releases / "releases" / "2024-06-01-not-yet").mkdir()
    assert complete_bash("pressflow status 2024-06", two_releases) == []


def test_language_codes_and_states_complete(two_releases):
    assert complete_bash(f"pressflow approve {SEED_ID} -l ", two_releases) == ["en", "kk", "ru"]
    assert complete_bash("pressflow check --language r", two_releases) == ["ru"]
    assert complete_bash(f"pressflow mark {SEED_ID} re", two_releases) == ["review"]


def test_completion_reads_the_project_given_with_C(two_releases, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert complete_bash(f"pressflow update -C {two_releases} 2023", elsewhere) == [SEED_ID]
    assert complete_bash("pressflow update ", elsewhere) == []  # no project here: nothing


def test_completion_never_fails_on_a_broken_project(project):
    (project / "pressflow.toml").write_text('languages = "kk"\n[[[', encoding="utf-8")
    assert complete_bash("pressflow build ", project) == []
    assert complete_bash("pressflow build -l ", project) == []


def test_zsh_and_fish_get_the_languages_names(project):
    """The protocols of Typer's zsh and fish scripts: the command line so far, and the value with
    its description."""
    zsh = run(
        [],
        project,
        _PRESSFLOW_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS=f"pressflow approve {SEED_ID} -l ",
    )
    assert zsh.returncode == 0
    assert '"kk":"қазақ тілі"' in zsh.stdout and '"ru":"русский"' in zsh.stdout
    fish = run(
        [],
        project,
        _PRESSFLOW_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS="pressflow status 2023",
    )
    assert fish.returncode == 0 and fish.stdout.splitlines() == [SEED_ID]
    for shell in ("zsh", "fish"):
        script = run([], project, _PRESSFLOW_COMPLETE=f"source_{shell}")
        assert script.returncode == 0 and "_PRESSFLOW_COMPLETE=complete_" + shell in script.stdout


def test_install_completion_then_tab_in_a_real_bash(two_releases, tmp_path):
    """`--install-completion` as a user runs it from bash, then the installed script completing in
    bash itself (COMPREPLY)."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{PRESSFLOW.parent}{os.pathsep}{os.environ['PATH']}",
    }
    installed = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", "pressflow --install-completion"],
        cwd=two_releases,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    assert "bash completion installed" in installed.stdout
    script = home / ".bash_completions" / "pressflow.sh"
    assert f"source '{script}'" in (home / ".bashrc").read_text(encoding="utf-8")
    tab = (
        f"source {shlex.quote(str(script))}\n"
        "COMP_WORDS=(pressflow approve 2024 ); COMP_CWORD=2; _pressflow_completion pressflow\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        f'COMP_WORDS=(pressflow approve {SEED_ID} -l "" ); COMP_CWORD=4\n'
        '_pressflow_completion pressflow; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    completed = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", tab],
        cwd=two_releases,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert completed.stdout.splitlines() == ["2024-05-21-briefing", "en", "kk", "ru"]


COMMANDS = typer.main.get_command(app)


def commands(group=COMMANDS, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def examples(help_text: str) -> list[str]:
    """The example command lines of a help text: the lines after "Examples:"."""
    assert "Examples:" in help_text
    after = help_text.split("Examples:", 1)[1]
    return [line.strip() for line in after.splitlines() if line.strip().startswith("pressflow ")]


def parse(line: str) -> None:
    """Parse an example as the command line would, without running it: an option or argument that
    does not exist, a value of the wrong type, a missing argument raises."""
    args = shlex.split(line)[1:]
    group, path = COMMANDS, []
    while args and args[0] in getattr(group, "commands", {}):
        path.append(args.pop(0))
        group = group.commands[path[-1]]
    if hasattr(group, "commands"):  # options of pressflow itself: parsed, never acted on
        group.make_parser(typer._click.Context(group)).parse_args(args)
    else:
        group.make_context(" ".join(path), args)


@pytest.mark.parametrize(("path", "command"), list(commands()), ids=lambda value: str(value))
def test_every_help_ends_with_examples_that_parse(cli, path, command):
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "╭" not in result.stdout and "\x1b" not in result.stdout  # plain text, no Rich panels
    lines = examples(result.stdout)
    assert lines, path
    for line in lines:
        assert line.split()[1 : 1 + len(path)] == list(path), line
        parse(line)


def test_the_main_help_has_examples_too(cli):
    result = cli("--help")
    lines = examples(result.stdout)
    assert "pressflow --install-completion" in lines and len(lines) >= 4
    for line in lines:
        parse(line)


def test_a_wrong_example_would_be_caught():
    with pytest.raises(typer._click.exceptions.UsageError):
        parse("pressflow build --pages 3")
    with pytest.raises(typer._click.exceptions.UsageError):
        parse("pressflow approve")  # its ID and -l are required


def terminal(args: list[str], cwd: Path, columns: int) -> list[str]:
    """The lines `pressflow ARGS` shows on a terminal `columns` wide, escape codes removed."""
    result = run(args, cwd, COLUMNS=str(columns), TTY_COMPATIBLE="1", TERM="xterm", NO_COLOR="1")
    assert result.returncode == 0, result.stderr
    return ANSI.sub("", result.stdout.replace("\r", "\n")).splitlines()


@pytest.fixture
def long_id_project(project: Path, cli) -> Path:
    assert cli("new", "Deputy Minister", "--id", LONG_ID, "-C", project).exit_code == 0
    assert cli("update", "-C", project).exit_code == 0
    return project


@pytest.mark.parametrize("columns", [80, 60, 40])
def test_status_on_a_narrow_terminal_cuts_no_id_nor_count(long_id_project, columns):
    lines = terminal(["status"], long_id_project, columns)
    text = "\n".join(lines)
    assert "…" not in text
    assert all(len(line) <= columns for line in lines), lines
    assert text.replace("\n", "").count(LONG_ID) == 1  # whole, even where it folds
    assert f"{SEED_ID}: draft, revision 1" in " ".join(text.split())
    rows = [line.split() for line in lines if line.startswith("  ")]
    assert rows[0][:4] == ["lang", "translated", "fuzzy", "percent"]
    assert [row[:2] for row in rows if row[0] in ("kk", "ru")] == [
        ["kk", "39/39"],
        ["ru", "39/39"],
        ["kk", "0/3"],
        ["ru", "0/3"],
    ]
    assert all(row[3] in ("100.0%", "0.0%") for row in rows if row[0] in ("kk", "ru"))


def test_status_on_a_wide_terminal_is_one_row_per_language(long_id_project):
    lines = terminal(["status"], long_id_project, 200)
    assert lines[0].split()[:3] == ["release", "state", "lang"]
    assert [line.split()[:4] for line in lines[1:]] == [
        [SEED_ID, "draft", "kk", "39/39"],
        [SEED_ID, "draft", "ru", "39/39"],
        [LONG_ID, "draft", "kk", "0/3"],
        [LONG_ID, "draft", "ru", "0/3"],
    ]


def test_the_progress_bar_shows_the_whole_bulletin_name_and_keeps_its_width(long_id_project):
    lines = terminal(["build", "-f", "html", LONG_ID, SEED_ID], long_id_project, 80)
    # The last frame, drawn before the bar is cleared: the bar, then the bulletin just made.
    bar = max(index for index, line in enumerate(lines) if "6/6" in line)
    assert lines[bar].startswith("building ") and lines[bar].count("━") >= 30
    assert lines[bar + 1] in (f"{LONG_ID} ru", f"{SEED_ID} ru")
    assert all(len(line) <= 80 for line in lines if "━" in line)


def test_status_of_a_project_with_no_target_language_on_a_narrow_terminal(tmp_path, cli):
    project = tmp_path / "english-only"
    assert cli("init", project).exit_code == 0
    config = project / "pressflow.toml"
    config.write_text('languages = ["en"]\n', encoding="utf-8")
    assert cli("new", "Briefing", "--date", "2024-05-21", "-C", project).exit_code == 0
    lines = terminal(["status"], project, 40)
    assert " ".join(" ".join(lines).split()) == "2024-05-21-briefing: draft, revision 1"
