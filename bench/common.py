"""What every benchmark shares: medians of repeated runs, and one row of the table.

Each measurement is a ratio against a baseline measured in the same run on the same
machine, so a noisy or slow machine moves both sides of it together.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
VENV_BIN = Path(sys.executable).parent
PRESSFLOW = str(VENV_BIN / "pressflow")


@dataclass(frozen=True)
class Row:
    """One line of the table: ours against the baseline, and the target for the ratio."""

    number: int
    """The item's number in the benchmark's list (README, issue 6)."""
    what: str
    ours: float
    baseline_what: str
    baseline: float | None
    """None when the target is an absolute one (seconds, megabytes)."""
    unit: str
    target: str
    """For people: `≤ 1.1×`, `≥ 1.7×`, `≤ 1 s`."""
    met: bool

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None


def median_seconds(
    run: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    """The median wall time of `repeat` calls of `run`, each after `setup` (not timed)."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(args: Sequence[str | Path], cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a command, failing the benchmark loudly when it fails."""
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(
            f"bench: {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}"
        )
    return result
