"""The live preview's server (`pressflow serve`): the pages of `preview.py` over HTTP, and every
open page reloaded when a release, a catalog, a template or the configuration changes.

    watchfiles (inotify, FSEvents, ReadDirectoryChangesW) ─▶ Changes: a new generation
        ─▶ each open page's EventSource (/_pressflow/events) gets a `change` event ─▶ it reloads

Python's own `http.server` (ThreadingHTTPServer): a request is a thread, so that a page's event
stream, held open while the page is, never holds up the other requests, and so that pressflow
needs no web framework for a handful of addresses on the loopback interface. Neither side polls:
the server waits on the operating system's file events, each page on its event stream; a page made
before a change it had no stream for yet (`?since=` the generation it was made at) is told at
once.

By default the server listens on 127.0.0.1 only, and then answers only requests addressed to a
loopback name (`Host: localhost`, `127.0.0.1`, `[::1]`): a web page elsewhere cannot make its own
domain point at this machine (DNS rebinding) and read the unpublished releases.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import logging
import os
import secrets
import select
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import Change, DefaultFilter, watch

from pressflow.core.config import CONFIG_FILE, load_config
from pressflow.core.errors import Failed, PressflowError
from pressflow.publish.preview import EVENTS_PATH, SCRIPT_PATH, Preview, Response

log = logging.getLogger(__name__)

KEEPALIVE = 10.0
"""Seconds between two looks at an idle event stream: a page that closed it is let go (its thread
ends), one still there gets a comment (so that no proxy drops a quiet stream)."""
RETRY_MS = 1000
"""How soon a page's EventSource connects again after the server went away (a restart)."""


class Changes:
    """The generation of the project's files: a new one at each change the watcher reports, and
    the event streams waiting for it."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        # A server started again begins a new series: a page from the old one reloads.
        self._series = secrets.token_hex(4)
        self._count = 0
        self.paths: tuple[str, ...] = ()
        """What changed last, relative to the project."""
        self.streams = 0
        """The event streams open: the pages that reload at the next change."""
        self.closed = False

    @property
    def generation(self) -> str:
        return f"{self._series}-{self._count}"

    def changed(self, paths: Iterable[str]) -> None:
        with self._condition:
            self._count += 1
            self.paths = tuple(paths)
            self._condition.notify_all()

    def wait(self, since: str, timeout: float) -> str | None:
        """The generation, once it is another than `since`; None when `timeout` seconds passed
        first, or the server is closing."""
        with self._condition:
            self._condition.wait_for(lambda: self.closed or self.generation != since, timeout)
            return None if self.closed or self.generation == since else self.generation

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    @contextlib.contextmanager
    def stream(self) -> Iterator[None]:
        """Count an event stream while it is open."""
        self._count_streams(+1)
        try:
            yield
        finally:
            self._count_streams(-1)

    def _count_streams(self, step: int) -> None:
        with self._condition:
            self.streams += step
            self._condition.notify_all()

    def wait_streams(self, count: int, timeout: float) -> bool:
        """Whether `count` event streams are open, waiting up to `timeout` seconds for it."""
        with self._condition:
            return self._condition.wait_for(lambda: self.streams == count, timeout)


class Watcher:
    """Tells `on_change` which of the project's inputs changed: what is under `releases/`,
    `locales/` and `templates/` (and the logo's folder), and the configuration.

    Two watches: the folders, recursively, and the project's root alone, not recursively, for the
    configuration (an editor replaces a file by another, which a watch of the file itself would
    lose) and for those folders being made or removed, which starts the folders' watch again.
    A root is never watched recursively: `dist/`, `public/`, `.git/`, `.venv/` or `node_modules/`
    would cost a watch for each of their folders."""

    def __init__(self, root: Path, on_change: Callable[[list[str]], None]):
        self.root = root
        self.on_change = on_change
        self._stop = threading.Event()
        self._restart = threading.Event()
        self._threads: list[threading.Thread] = []
        self._watching: list[Path] = []
        """The folders the recursive watch covers."""

    def start(self) -> None:
        for target, name in ((self._watch_root, "watch-root"), (self._watch_folders, "watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._restart.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _folders(self) -> list[Path]:
        try:
            config = load_config(self.root)
        except PressflowError:
            config = None
        folders = [self.root / name for name in _FOLDERS]
        if config is not None and config.logo:
            logo = (self.root / config.logo).parent
            if logo != self.root and not any(logo.is_relative_to(f) for f in folders):
                folders.append(logo)
        return [folder for folder in folders if folder.is_dir()]

    def _root_names(self) -> set[str]:
        names = {CONFIG_FILE, "pyproject.toml", *_FOLDERS}
        try:
            logo = load_config(self.root).logo
        except PressflowError:
            logo = ""
        if logo:
            names.add(Path(logo).parts[0])
        return names

    def _watch_root(self) -> None:
        def wanted(change: Change, path: str) -> bool:
            return Path(path).name in self._root_names()

        try:
            for changes in watch(
                self.root,
                watch_filter=wanted,
                recursive=False,
                stop_event=self._stop,
                raise_interrupt=False,
            ):
                # Watch the folders again when they are others now (made, removed, replaced, the
                # logo's moved); not at each edit of the configuration: a change made while the
                # watch starts again would be missed.
                names = {Path(path).name for _, path in changes}
                watching = self._watching
                if self._folders() != watching or any(f.name in names for f in watching):
                    self._restart.set()
                self._tell(changes)
        except Exception as error:  # the root itself went away: nothing left to preview
            log.warning("stopped watching %s: %s", self.root, error)

    def _watch_folders(self) -> None:
        either = _Either(self._stop, self._restart)
        while not self._stop.is_set():
            self._restart.clear()
            folders = self._watching = self._folders()
            if not folders:
                self._restart.wait()
                continue
            try:
                for changes in watch(
                    *folders,
                    watch_filter=_FILTER,
                    stop_event=either,
                    raise_interrupt=False,
                ):
                    self._tell(changes)
            except Exception as error:  # a folder removed as the watch started: wait for the root
                log.info("watching %s: %s", ", ".join(map(str, folders)), error)
                self._restart.wait()

    def _tell(self, changes: set[tuple[Change, str]]) -> None:
        # A file made and gone within the batch (an editor's or sed's temporary file) is no change.
        added = {path for change, path in changes if change == Change.added}
        paths = sorted(
            {
                os.path.relpath(path, self.root).replace(os.sep, "/")
                for _, path in changes
                if path not in added or os.path.lexists(path)
            }
        )
        if paths:
            self.on_change(paths)


_FOLDERS = ("releases", "locales", "templates")
# watchfiles' own filter (editors' swap and backup files, .git, __pycache__...), and the temporary
# files of pressflow's atomic writes (`.NAME.PID.XXXXXXXX.tmp`), whose rename is the change.
_FILTER = DefaultFilter(
    ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns, r"^\..+\.tmp$")
)


class _Either:
    """Set when either event is: what watchfiles checks to stop a watch."""

    def __init__(self, *events: threading.Event):
        self._events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self._events)


class PreviewServer:
    """`pressflow serve`: the preview of the project at `root` (of the releases `ids`, when named)
    at http://host:port/ (port 0: any free one), until `close`."""

    def __init__(
        self,
        root: Path,
        ids: Sequence[str] = (),
        host: str = "127.0.0.1",
        port: int = 8000,
        on_event: Callable[[str], None] | None = None,
    ):
        self.pages = Preview(root, ids)
        self.changes = Changes()
        self.on_event = on_event
        try:
            family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        except (socket.gaierror, UnicodeError) as error:
            raise PressflowError(
                f"cannot listen on '{host}': {getattr(error, 'strerror', None) or error}: give "
                "--host an address of this machine (default 127.0.0.1)"
            ) from None
        try:
            self._httpd = _Server(address[:2], self, family)
        except OSError as error:
            busy = (
                " (another program uses it): choose another --port"
                if error.errno == errno.EADDRINUSE
                else ""
            )
            raise Failed(f"cannot listen on {host} port {port}: {error.strerror}{busy}") from None
        self.host = str(self._httpd.server_address[0])
        self.port = int(self._httpd.server_address[1])
        self.loopback = _is_loopback(self.host)
        self._watcher = Watcher(self.pages.root, self._changed)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def serve_forever(self) -> None:
        """Serve until `close` (from another thread) or Ctrl+C."""
        self._watcher.start()
        self._httpd.serve_forever()

    def start(self) -> PreviewServer:
        """Serve in a thread of this process."""
        self._thread = threading.Thread(target=self.serve_forever, name="preview", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop watching, end every event stream (the pages reconnect to a server started again),
        and stop listening."""
        self.changes.close()
        self._watcher.stop()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> PreviewServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def allowed_host(self, host: str | None) -> bool:
        """Whether a request's `Host` is this server's on the loopback interface (any host when
        it listens elsewhere: the user asked for it)."""
        if not self.loopback or not host:
            return True
        name = urlsplit(f"//{host}").hostname or ""
        return name == "localhost" or name.endswith(".localhost") or _is_loopback(name)

    def _changed(self, paths: list[str]) -> None:
        self.changes.changed(paths)
        pages = self.changes.streams
        if self.on_event is not None:
            reloading = f"{pages} open page" + ("" if pages == 1 else "s")
            self.on_event(f"changed: {', '.join(paths)}; reloading {reloading}")

    def tell(self, line: str) -> None:
        if self.on_event is not None:
            self.on_event(line)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    """A page's event stream does not hold the process when it stops."""

    def __init__(self, address: tuple, preview: PreviewServer, family: socket.AddressFamily):
        self.address_family = family  # read when the socket is made, in the constructor
        self.preview = preview
        super().__init__(address, _Handler)

    def handle_error(self, request, client_address) -> None:
        # A page closed while its answer was being sent: nothing to say, and never a traceback.
        log.debug("request from %s failed", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args) -> None:
        """Quiet: the command line tells changes and problems, not every request."""

    def _answer(self, body: bool) -> None:
        preview = self.server.preview
        if not preview.allowed_host(self.headers.get("Host")):
            self._send(
                Response(403, "text/plain; charset=utf-8", b"not a host of this preview\n"), body
            )
            return
        path, _, query = self.path.partition("#")[0].partition("?")
        if path == EVENTS_PATH and body:
            self._events(parse_qs(query).get("since", [""])[0])
            return
        if path == SCRIPT_PATH:
            response = preview.pages.script()
        else:
            response = preview.pages.respond(path, preview.changes.generation)
        for problem in response.problems:
            preview.tell(f"{path}: {problem}")
        self._send(response, body)

    def _send(self, response: Response, body: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def _events(self, since: str) -> None:
        """The page's event stream: a `change` event at each new generation of the files, until
        the page closes it or the server stops."""
        changes = self.server.preview.changes
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with changes.stream():
            try:
                self._event(f"retry: {RETRY_MS}\n\n")
                while True:
                    generation = changes.wait(since, KEEPALIVE)
                    if changes.closed:
                        return
                    if generation is None:
                        if self._page_gone():
                            return
                        self._event(": still here\n\n")
                        continue
                    data = json.dumps(changes.paths, ensure_ascii=False)
                    self._event(f"id: {generation}\nevent: change\ndata: {data}\n\n")
                    since = generation
            except OSError:  # the page was closed or reloaded
                return

    def _page_gone(self) -> bool:
        """Whether the page closed its end of the stream: it sends nothing else on it."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)

    def _event(self, text: str) -> None:
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()
