"""pressflow: multilingual press releases from one Markdown source.

A press officer writes a release in the source language; translators work in
gettext PO catalogs; pressflow builds HTML and PDF bulletins in every language.
"""

from pressflow.core.version import __version__

__all__ = ["__version__"]
