"""Interruptions and concurrency: the real `pressflow` command, killed or run twice at once.

A run killed with SIGKILL at a random moment (seeded: a failure names its trial and delay)
leaves every file as the old version or the new one, leaves no process behind, and a re-run
completes with the same result as a run never interrupted. Two runs at once on one project:
one waits for the other, and neither loses the other's work.
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import SEED_ID, msgfmt_check

from pressflow.core.lock import lock_path

PRESSFLOW = str(Path(sys.executable).with_name("pressflow"))
RELEASE = f"releases/{SEED_ID}/release.md"
RECORD = f"releases/{SEED_ID}/workflow.yaml"
NOW = "2023-04-01T12:00:00+05:00"
WAITING = "waiting for another pressflow run on this project to finish"
_TEMPORARY = re.compile(
    r"(^|/)\.[^/]+\.\d+\.[a-z0-9_]{8}\.tmp$"
)  # fsutil's: a killed run's, swept later
_DATE = re.compile(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"')
# Derived from the clock or from file times, never compared: the lock, the memory's cache, the
# catalogs' stamps.
_UNCOMPARED = re.compile(
    r"^\.pressflow-cache/(lock|memory-.*\.sqlite(-wal|-shm|-journal)?|digests\.json)$"
)


def pressflow(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PRESSFLOW, *args, "-C", str(project)], capture_output=True, text=True, timeout=120
    )
    if check:
        assert result.returncode == 0, f"pressflow {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


def files(project: Path) -> dict[str, bytes]:
    """Every file of the project, the catalogs' dates blanked (they are the clock's: a template's
    PO-Revision-Date is its creation date, which a re-run a minute later writes anew)."""
    found = {}
    for path in sorted(project.rglob("*")):
        name = path.relative_to(project).as_posix()
        if path.is_file() and not _UNCOMPARED.match(name):
            found[name] = _DATE.sub(rb'"\1: \\n"', path.read_bytes())
    return found


def leftovers(project: Path) -> list[str]:
    """What a killed run may leave beside the files and the next run must delete."""
    return [
        name
        for name in (p.relative_to(project).as_posix() for p in project.rglob("*"))
        if _TEMPORARY.search(name) or name.startswith("public.new-") or "/.published.new-" in name
    ]


def processes_in_group(group: int) -> list[int]:
    """The processes of a process group (the killed run's session), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def assert_no_process_left(group: int, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while (left := processes_in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:  # do not let one failure leave processes for the next tests
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the killed run still running after {within} s: {left}"


def assert_old_or_new(
    now: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes], where: str
) -> None:
    for name, data in now.items():
        # what a killed run leaves beside the files (the next run deletes it: see `leftovers`)
        if _TEMPORARY.search(name) or name.startswith("public.new-") or "/.published.new-" in name:
            continue
        assert data in (old.get(name), new.get(name)), (
            f"{where}: {name} is neither the old nor the new version"
        )
    missing = sorted(name for name in old.keys() & new.keys() if name not in now)
    assert not missing, f"{where}: files lost: {missing}"


def assert_catalogs_clean(project: Path) -> None:
    for path in sorted((project / "locales").rglob("*.po*")):
        checked = msgfmt_check(path)
        assert checked.returncode == 0, f"{path}: {checked.stderr}"


@dataclass(frozen=True)
class Scenario:
    """A command that writes, the change it has to write, and the state it starts from."""

    args: tuple[str, ...]
    prepare: Callable[[Path], None]
    """Brings the example project to the state before the command (run once, then copied)."""
    trials: int
    tree: str = ""
    """A folder that must be replaced whole: all old or all new."""


def edit_release(project: Path) -> None:
    """An author's edit: one paragraph changed, one removed."""
    path = project / RELEASE
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "During the meeting, the observers were informed",
        "During the meeting, the observers were briefed",
        1,
    )
    text = text.replace(
        "In addition, international observers were informed of the work done by the Foreign "
        "Ministry to implement the electoral rights of the citizens of Kazakhstan living abroad.\n\n",
        "",
        1,
    )
    path.write_text(text, encoding="utf-8")


def rename_organization(project: Path) -> None:
    """A change to every page and PDF: the organization's name in the letterhead."""
    path = project / "pressflow.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'en = "Ministry of Foreign Affairs', 'en = "The Ministry of Foreign Affairs', 1
        ),
        encoding="utf-8",
    )


def to_approved(project: Path, languages: tuple[str, ...] = ("kk", "ru")) -> None:
    for state in ("translation", "review"):
        pressflow(project, "mark", SEED_ID, state, "--now", "2023-03-16T09:00")
    for language in languages:
        pressflow(project, "approve", SEED_ID, "-l", language, "--now", "2023-03-16T15:00")
    pressflow(project, "mark", SEED_ID, "approved", "--now", "2023-03-16T16:00")


def built_then_renamed(project: Path) -> None:
    pressflow(project, *BUILD)
    rename_organization(project)


def published_then_renamed(project: Path) -> None:
    to_approved(project, ("ru",))  # two languages on the site: two PDFs, printed by two workers
    pressflow(project, "publish", "--now", "2023-03-17T10:00")
    pressflow(project, "site", "--now", NOW)
    rename_organization(project)


BUILD = ("build", "-l", "en", "-l", "ru")  # two PDFs, printed by two workers
SCENARIOS = {
    "update": Scenario(("update",), edit_release, trials=8),
    "publish": Scenario(("publish", "--now", "2023-03-17T10:00"), to_approved, trials=6),
    "build": Scenario(BUILD, built_then_renamed, trials=4),
    "site": Scenario(("site", "--now", NOW), published_then_renamed, trials=4, tree="public"),
}


@pytest.mark.parametrize("command", SCENARIOS)
def test_a_killed_run_leaves_old_or_new_files_and_a_rerun_completes(command, project, tmp_path):
    scenario = SCENARIOS[command]
    scenario.prepare(project)
    before = tmp_path / "before"
    shutil.copytree(project, before, symlinks=True)
    old = files(project)

    started = time.monotonic()
    pressflow(project, *scenario.args)
    duration = time.monotonic() - started
    new = files(project)
    assert new != old, "the scenario writes nothing: no trial could interrupt a write"

    chance = random.Random(f"interrupt {command}")
    interrupted = 0
    for trial in range(scenario.trials):
        # Build and site print in a pool of workers by default; every other trial prints serially.
        jobs = ("--jobs", "1") if command in ("build", "site") and trial % 2 else ()
        delay = chance.uniform(0.2, 0.9) * duration
        where = f"{command} trial {trial} ({' '.join(jobs) or 'default jobs'}), killed after {delay:.2f} s"
        shutil.rmtree(project)
        shutil.copytree(before, project, symlinks=True)

        run = subprocess.Popen(
            [PRESSFLOW, *scenario.args, *jobs, "-C", str(project)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        interrupted += run.poll() is None
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert_no_process_left(run.pid)

        now = files(project)
        assert_old_or_new(now, old, new, where)
        kept = {name: data for name, data in now.items() if name not in leftovers(project)}
        print(
            f"{where}: {'old' if kept == old else 'new' if kept == new else 'between'}, "
            f"{len(leftovers(project))} leftovers"
        )
        if scenario.tree:
            tree = {
                name: data for name, data in now.items() if name.startswith(f"{scenario.tree}/")
            }
            assert tree in [
                {name: data for name, data in state.items() if name.startswith(f"{scenario.tree}/")}
                for state in (old, new)
            ], f"{where}: {scenario.tree}/ is a mix of old and new"
        assert_catalogs_clean(project)

        rerun = pressflow(project, *scenario.args, *jobs)
        assert WAITING not in rerun.stderr, f"{where}: the killed run left the project locked"
        assert files(project) == new, (
            f"{where}: the re-run's result differs from an uninterrupted run's"
        )
        assert not leftovers(project), f"{where}: the re-run left {leftovers(project)}"
    print(f"{command}: {interrupted} of {scenario.trials} runs killed before they ended")
    assert interrupted >= scenario.trials / 2, (
        "most runs ended before their kill: the trials tested little"
    )


def test_a_write_killed_half_way_leaves_the_old_file_and_the_next_write_clears_its_remains(
    tmp_path,
):
    """32 MiB written atomically by another process, killed once its temporary file appears."""
    target = tmp_path / "big.bin"
    target.write_bytes(b"old")
    writer = (
        "import sys; from pathlib import Path; from pressflow.core.atomic import write_atomic; "
        "write_atomic(Path(sys.argv[1]), bytes([int(sys.argv[2])]) * (32 << 20))"
    )
    run = subprocess.Popen([sys.executable, "-c", writer, str(target), "110"])
    deadline = time.monotonic() + 30
    while not (temporary := [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]):
        assert run.poll() is None and time.monotonic() < deadline, (
            "the write ended before it could be killed"
        )
    run.send_signal(signal.SIGKILL)
    run.wait()

    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == [
        temporary[0].name
    ]
    assert temporary[0].stat().st_size < 32 << 20, "the kill came after the whole write"

    subprocess.run([sys.executable, "-c", writer, str(target), "111"], check=True)
    assert target.read_bytes() == b"o" * (32 << 20)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["big.bin"]


def record(project: Path) -> dict:
    return yaml.safe_load((project / RECORD).read_text(encoding="utf-8"))


def start(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [PRESSFLOW, *args, "-C", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(run: subprocess.Popen) -> tuple[str, str]:
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, f"{run.args}: {stdout}{stderr}"
    return stdout, stderr


def assert_waits(run: subprocess.Popen) -> None:
    """The run says that it waits for another (and so it has written nothing yet)."""
    assert run.stderr.readline().strip() == WAITING, f"{run.args} did not wait for the lock"
    assert run.poll() is None


def hold_lock(project: Path) -> int:
    """Take the project's lock in this process, as another pressflow run would."""
    lock_path(project).parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock_path(project), os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def test_runs_at_once_wait_for_each_other_and_keep_each_others_work(project):
    """Two approvals of one release started together (each rewrites its workflow record): both are kept."""
    for state in ("translation", "review"):
        pressflow(project, "mark", SEED_ID, state, "--now", "2023-03-16T09:00")
    handle = hold_lock(project)
    runs = [
        start(
            project, "approve", SEED_ID, "-l", "kk", "--by", "Aigerim", "--now", "2023-03-16T15:00"
        ),
        start(project, "approve", SEED_ID, "-l", "ru", "--by", "Oleg", "--now", "2023-03-16T15:00"),
    ]
    for run in runs:
        assert_waits(run)
    assert not record(project)["approvals"]
    os.close(handle)
    for run in runs:
        finish(run)
    assert {
        language: approval["by"] for language, approval in record(project)["approvals"].items()
    } == {"kk": "Aigerim", "ru": "Oleg"}

    # Two publications started together, as two people would: one publishes, the other finds it done.
    pressflow(project, "mark", SEED_ID, "approved", "--now", "2023-03-16T16:00")
    runs = [start(project, "publish", "--now", "2023-03-17T10:00") for _ in range(2)]
    outputs = [finish(run)[0] for run in runs]
    published = record(project)
    assert published["state"] == "published" and published["revision"] == 1
    assert set(published["publications"]) == {"en", "kk", "ru"}
    assert [step["state"] for step in published["history"]].count("published") == 1
    assert sorted(output.split()[0] for output in outputs) == ["published", "unchanged"]


def test_updates_at_once_give_the_result_of_one(project, tmp_path):
    edit_release(project)
    alone = tmp_path / "alone"
    shutil.copytree(project, alone)
    pressflow(alone, "update")

    handle = hold_lock(project)
    runs = [
        start(project, "update", "-l", "kk"),
        start(project, "update", "-l", "ru"),
        start(project, "update"),
    ]
    for run in runs:
        assert_waits(run)
    os.close(handle)
    for run in runs:
        finish(run)
    assert {name: data for name, data in files(project).items() if name.startswith("locales/")} == {
        name: data for name, data in files(alone).items() if name.startswith("locales/")
    }


def test_a_killed_holder_leaves_the_project_unlocked(project):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from pressflow.core.lock import project_lock\n"
            "with project_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    waiting = start(project, "update")
    assert_waits(waiting)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    finish(waiting)


def test_an_update_flushes_each_folder_once_not_once_a_file(project, monkeypatch):
    """The renames of a run are flushed folder by folder at its end (a thousand catalogs in three
    folders: three flushes), and every file it wrote is there."""
    from pressflow.catalog.update import update_project
    from pressflow.core import atomic
    from pressflow.core.config import load_config

    for copy in ("2023-03-18-copy", "2023-03-19-copy"):
        shutil.copytree(project / "releases" / SEED_ID, project / "releases" / copy)
    flushed: list[Path] = []
    real = atomic.fsync_path
    monkeypatch.setattr(atomic, "fsync_path", lambda path: (flushed.append(Path(path)), real(path)))
    result = update_project(load_config(project), (), ("en", "kk", "ru"))
    assert not result.problems
    catalogs = project / "locales" / "kk" / "LC_MESSAGES"
    assert {"2023-03-18-copy.po", "2023-03-19-copy.po"} <= {
        path.name for path in catalogs.iterdir()
    }
    assert flushed.count(catalogs) == 1
    assert flushed.count(project / "locales") == 1
