"""The benchmark: one command that generates the archive, runs every measurement and prints the table.

    .venv/bin/python bench/run.py                  # the full run: 500 releases (and 1,000 for the memory)
    .venv/bin/python bench/run.py --quick          # 30 releases, under two minutes once the archive exists
    .venv/bin/python bench/run.py --only 5,6       # some of the rows
    .venv/bin/python bench/run.py --json out.json  # the rows as JSON too (default bench/results.json)

Every figure is a median, and every ratio is against a baseline measured in the same run on the
same archive (README, "Benchmark").
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is a package of the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console
from rich.table import Table

from bench import build, catalogs
from bench.archive import archive
from bench.common import REPO, Row

MODULES = (build, catalogs)
RELEASES = {False: 500, True: 30}
"""Releases in the archive: the full run's, the quick run's."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller archive and fewer repeats")
    parser.add_argument("--only", help="the rows to run, by number: 1,5")
    parser.add_argument(
        "--json", type=Path, default=REPO / "bench" / "results.json", help="where to write the rows"
    )
    args = parser.parse_args(argv)
    only = {int(number) for number in args.only.split(",")} if args.only else None
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(
            highlight=False, width=160
        )  # a log keeps the table's rows on one line each
    start = time.perf_counter()
    # As an installed package has them (pip compiles on install): a checkout run under
    # PYTHONDONTWRITEBYTECODE would otherwise compile pressflow's modules at every command.
    compileall.compile_dir(REPO / "pressflow", quiet=1)
    with console.status("generating the archive"):
        folder = archive(RELEASES[args.quick])
    rows: list[Row] = []
    for module in MODULES:
        if only is None or module.NUMBERS & only:
            with console.status(f"measuring {module.__name__}"):
                rows += module.measure(folder, args.quick, only)
    rows.sort(key=lambda row: row.number)
    console.print(table(rows, args.quick, folder))
    console.print(
        f"{sum(row.met for row in rows)} of {len(rows)} targets met in {time.perf_counter() - start:.0f} s"
    )
    args.json.write_text(
        json.dumps(
            [{**dataclasses.asdict(row), "ratio": row.ratio} for row in rows],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    return 0


def table(rows: list[Row], quick: bool, folder: Path) -> Table:
    result = Table(title=f"pressflow benchmark{' (quick)' if quick else ''}: {folder.name}")
    for column in ("#", "what", "ours", "baseline", "ratio", "target", "met"):
        result.add_column(column, justify="right" if column in ("#", "ours", "ratio") else "left")
    for row in rows:
        baseline = (
            f"{row.baseline_what}: {_amount(row.baseline, row.unit)}"
            if row.baseline is not None
            else "—"
        )
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        result.add_row(
            str(row.number),
            row.what,
            _amount(row.ours, row.unit),
            baseline,
            ratio,
            row.target,
            "yes" if row.met else "[bold red]no[/]",
        )
    return result


def _amount(value: float, unit: str) -> str:
    return f"{value:.3f} s" if unit == "s" else f"{value:.2f} {unit}"


if __name__ == "__main__":
    sys.exit(main())
