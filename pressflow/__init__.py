"""pressflow: multilingual press releases from one Markdown source.

A press officer writes a release in the source language; translators work in
gettext PO catalogs; pressflow builds HTML and PDF bulletins in every language.

As a library (README, "Python API"):

    import pressflow

    project = pressflow.load_project("path/to/project")
    report = pressflow.status(project)

The operations (`load_project`, `update`, `status`, `check`, `build`, `publish`, `render_site`,
`exit_code`) are in `pressflow.api`, their results' classes in the modules that make them; each is
imported on first use (PEP 562), so that `import pressflow` and the command line start fast.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from pressflow.core.version import __version__

if TYPE_CHECKING:  # for type checkers and editors; at run time `__getattr__` imports them
    from pressflow.api import Project as Project
    from pressflow.api import build as build
    from pressflow.api import check as check
    from pressflow.api import exit_code as exit_code
    from pressflow.api import load_project as load_project
    from pressflow.api import publish as publish
    from pressflow.api import render_site as render_site
    from pressflow.api import status as status
    from pressflow.api import update as update
    from pressflow.catalog.update import CatalogWrite as CatalogWrite
    from pressflow.catalog.update import UpdateResult as UpdateResult
    from pressflow.check.run import CheckReport as CheckReport
    from pressflow.check.run import Finding as Finding
    from pressflow.core.config import Config as Config
    from pressflow.core.errors import PressflowError as PressflowError
    from pressflow.publish.decisions import PublishReport as PublishReport
    from pressflow.publish.site import SiteResult as SiteResult
    from pressflow.publish.status import ReleaseStatus as ReleaseStatus
    from pressflow.publish.status import StatusReport as StatusReport
    from pressflow.render.build import Artifact as Artifact
    from pressflow.render.build import BuildResult as BuildResult

_EXPORTS = {
    **dict.fromkeys(
        (
            "load_project",
            "update",
            "status",
            "check",
            "build",
            "publish",
            "render_site",
            "exit_code",
            "Project",
        ),
        "pressflow.api",
    ),
    "Config": "pressflow.core.config",
    "PressflowError": "pressflow.core.errors",
    "UpdateResult": "pressflow.catalog.update",
    "CatalogWrite": "pressflow.catalog.update",
    "StatusReport": "pressflow.publish.status",
    "ReleaseStatus": "pressflow.publish.status",
    "CheckReport": "pressflow.check.run",
    "Finding": "pressflow.check.run",
    "BuildResult": "pressflow.render.build",
    "Artifact": "pressflow.render.build",
    "PublishReport": "pressflow.publish.decisions",
    "SiteResult": "pressflow.publish.site",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pressflow' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package, whose operations `check` and `publish` share their names with the subpackages
    `pressflow.check` and `publish`. Importing a submodule binds its name on its package; here the
    operation keeps the name, and the subpackages are imported by their full names (`from
    pressflow.check import run`), as pressflow's own modules import them."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
