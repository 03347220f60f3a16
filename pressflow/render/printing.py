"""Printing many PDFs: in this process, or in a pool of worker processes.

WeasyPrint costs about a second to import and leaks a little native memory per document
(docs/design.md, "Facts about our dependencies"). So a worker imports it once and prints many
documents, and is replaced after `RECYCLE_AFTER` of them. Workers are forked from a server process
that imported WeasyPrint before any of them existed, so a replacement starts in milliseconds, not in
a second.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no peak memory to report
    resource = None  # type: ignore[assignment]

RECYCLE_AFTER = 100
"""Documents a worker prints before it is replaced, capping WeasyPrint's native memory growth."""


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    refused: tuple[str, ...]
    """Resources the document asked for and was refused (outside the project)."""
    peak_rss: int
    """The printing process's peak resident memory so far, in bytes."""
    read: tuple[Path, ...] = ()
    """The files the document fetched while printing."""


class Printer:
    """Prints HTML to PDF; `submit` returns a future either way, so callers need not care where."""

    def __init__(self, project_root: Path, variant: str, jobs: int = 1):
        self._settings = (project_root, variant)
        self._jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        self.started = False
        """Whether WeasyPrint was loaded in this process (serial printing)."""

    @property
    def parallel(self) -> bool:
        return self._jobs > 1

    def start(self) -> None:
        """Start the workers now, in the background, when printing in parallel.

        The fork server imports WeasyPrint and each worker loads the fonts (about a second in all)
        while this process goes on reading and rendering the first bulletins, instead of waiting
        for them at the first `submit`.
        """
        if self.parallel and self._pool is None:
            self._pool = _start_pool(self._jobs, self._settings)
            pool, jobs = self._pool, self._jobs
            # Each task left for a worker that is not yet there starts one (up to `jobs`).
            self._starting = threading.Thread(
                target=lambda: [pool.submit(_ready) for _ in range(jobs)],
                name="start-printers",
                daemon=True,
            )
            self._starting.start()

    def submit(self, html: str, base_dir: Path) -> Future[Printed]:
        if not self.parallel:
            if (
                not self.started
            ):  # WeasyPrint takes about a second to import: only when a PDF is due
                if _printer_settings != self._settings:
                    _start_printer(*self._settings)
                self.started = True
            future: Future[Printed] = Future()
            try:
                future.set_result(_print(html, base_dir))
            except Exception as error:  # a failed document is the caller's to report
                future.set_exception(error)
            return future
        if self._pool is None:
            self._pool = _start_pool(self._jobs, self._settings)
        try:
            return self._pool.submit(_print, html, base_dir)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): its documents are failed; later ones get a new
            # pool.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = _start_pool(self._jobs, self._settings)
            return self._pool.submit(_print, html, base_dir)

    def close(self) -> None:
        if self._starting is not None:
            self._starting.join()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_pool(jobs: int, settings: tuple[Path, str]) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    # Replacing workers needs spawn or forkserver; forkserver lets the server import WeasyPrint
    # once.
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # The server imports the main script (the `pressflow` command) and WeasyPrint once; workers
        # forked from it start with both, rather than each importing them again (a second each).
        context.set_forkserver_preload(["__main__", "pressflow.render.pdf"])
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(*settings, os.getpid()),
        max_tasks_per_child=RECYCLE_AFTER,
    )


# In each worker (and in this process when printing serially): one printer, fonts loaded once,
# kept for the next build of the same project in this process.
_printer = None
_printer_settings: tuple[Path, str] | None = None


def _start_worker(project_root: Path, variant: str, run_pid: int) -> None:
    """A pool worker: exit with the run that started the pool, then load the printer."""
    _exit_with(run_pid)
    _start_printer(project_root, variant)


def _exit_with(run_pid: int) -> None:
    """Exit this process as soon as the process `run_pid` ends, however it ends.

    A run killed with SIGKILL cleans nothing up, and its workers would wait for work forever:
    each holds both ends of the pool's queue, so none ever reads its end. Nor does their
    parent, the fork server, exit: it waits for every process it forked. Asking the kernel for a
    signal when the parent dies (PR_SET_PDEATHSIG) would thus never fire. So a thread waits on
    the run's pidfd, which becomes readable when the run exits; once the workers are gone, the
    fork server and the resource tracker see their pipes close and exit too. Linux only: where
    `pidfd_open` is missing, workers of a killed run must be ended by hand.
    """
    try:
        run = os.pidfd_open(run_pid)
    except ProcessLookupError:  # the run ended before this worker started
        os._exit(1)
    except (AttributeError, OSError):
        return

    def wait_for_run() -> None:
        select.select([run], [], [])
        os._exit(1)

    threading.Thread(target=wait_for_run, name="exit-with-run", daemon=True).start()


def _start_printer(project_root: Path, variant: str) -> None:
    global _printer, _printer_settings
    from pressflow.render.pdf import PdfPrinter

    _printer = PdfPrinter(project_root, variant)
    _printer_settings = (project_root, variant)


def _ready() -> None:
    """A task that only makes a worker start (and run its initializer)."""


def _print(html: str, base_dir: Path) -> Printed:
    assert _printer is not None, "a printing process prints after _start_printer"
    pdf, refused = _printer.print_pdf(html, base_dir)
    return Printed(pdf, tuple(refused), peak_rss(), tuple(_printer.last_read))


def peak_rss() -> int:
    """This process's peak resident set size in bytes (Linux reports KiB, macOS bytes)."""
    if resource is None:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
