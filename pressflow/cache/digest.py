"""Fingerprints: content hashes of everything an output depends on, so that work whose
inputs have not changed is skipped, and work whose inputs changed in any way is redone.

Content, never timestamps: a fresh clone, a `git checkout` or a copied tree has new
modification times and the same bytes, and must not rebuild anything.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pressflow.core.config import Config
from pressflow.core.resources import PACKAGE_DIR
from pressflow.core.version import __version__

# Python packages whose behaviour shapes a bulletin's bytes.
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "pyphen",
    "fonttools",
    "pillow",
    "babel",
    "jinja2",
    "markdown-it-py",
    "pyicu-wheels",  # CLDR's quotation marks and time-zone names (render/cldr.py)
    "polib",
    "pyyaml",
)
# The native libraries WeasyPrint lays text out with, and the call that names each one's version.
NATIVE_LIBRARIES = (
    (("libpango-1.0.so.0", "libpango-1.0-0.dll", "libpango-1.0.dylib"), "pango_version_string"),
    (("libharfbuzz.so.0", "libharfbuzz-0.dll", "libharfbuzz.dylib"), "hb_version_string"),
    (("libfontconfig.so.1", "libfontconfig-1.dll", "libfontconfig.dylib"), "FcGetVersion"),
)
ABSENT = "absent"


def _hasher(data: bytes = b""):
    # BLAKE2b: as strong as SHA-256 and twice as fast where the CPU has no SHA instructions.
    return hashlib.blake2b(data, digest_size=32)


def digest(*parts: str | bytes) -> str:
    """One hash of several parts, each length-prefixed so that no two sequences collide."""
    hasher = _hasher()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def bytes_digest(data: bytes) -> str:
    """The digest of a file that holds `data`: what `file_digest` gives for it."""
    return _hasher(data).hexdigest()


def file_digest(path: Path | str) -> str:
    """The hash of a file's bytes; `absent` for a file that does not exist (its creation is a
    change)."""
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, _hasher).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return ABSENT


def tree_digest(
    root: Path, exclude: Iterable[str] = (), file_hash: Callable[[str], str] = file_digest
) -> str:
    """The hash of every file's name and bytes under `root`, in a fixed order; `file_hash` gives
    each file's (`Cache.digest` trusts a file's recorded digest while its size and mtime are the
    same)."""
    if not root.is_dir():
        return ABSENT
    skipped = {*exclude, "__pycache__"}
    parts = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in skipped)
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in sorted(files):
            if name not in skipped:
                parts += [
                    name if relative == "." else f"{relative}/{name}",
                    file_hash(os.path.join(folder, name)),
                ]
    return digest(*parts)


def config_digest(config: Config) -> str:
    """The configuration's values (not where the project lies: a moved clone rebuilds nothing)."""
    values = {
        field.name: repr(getattr(config, field.name))
        for field in dataclasses.fields(config)
        if field.name != "root"
    }
    logo = file_digest(config.root / config.logo) if config.logo else ""
    return digest(json.dumps(values, sort_keys=True), logo)


def project_digest(config: Config) -> str:
    """What every output of a project depends on: pressflow and its libraries, the
    configuration, the project's own templates."""
    return digest(toolchain_digest(), config_digest(config), tree_digest(config.templates_dir))


@lru_cache(maxsize=1)
def toolchain_digest() -> str:
    """pressflow's own files (code, templates, fonts, its catalogs), the Python libraries' and the
    native libraries' versions, and Python's: a change in any of them can change the bytes we
    write."""
    versions = [sys.version]
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} {ABSENT}")
    versions += [native_version(names, call) for names, call in NATIVE_LIBRARIES]
    return digest(__version__, tree_digest(PACKAGE_DIR), *versions)


def native_version(names: tuple[str, ...], call: str) -> str:
    """A native library's version as it reports it, without importing WeasyPrint (a second)."""
    for name in names:
        try:
            function = getattr(ctypes.CDLL(name), call)
        except (OSError, AttributeError):
            continue
        if call == "FcGetVersion":
            function.restype = ctypes.c_int
            return f"{name} {function()}"
        function.restype = ctypes.c_char_p
        return f"{name} {function().decode('ascii', 'replace')}"
    return f"{names[0]} {ABSENT}"
