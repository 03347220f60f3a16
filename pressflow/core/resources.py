"""What ships inside the package: the default templates, their catalogs, and the fonts."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The `pressflow` package: its code and files shape every output (a fingerprint's part)."""
RENDER_DIR = PACKAGE_DIR / "render"
"""The packaged templates laid out as a project (`templates/`, `locales/`), so that
`pressflow update -C pressflow/render` refreshes their catalogs after a template changes."""
TEMPLATES_DIR = RENDER_DIR / "templates"
LOCALES_DIR = RENDER_DIR / "locales"
FONTS_DIR = RENDER_DIR / "fonts"
