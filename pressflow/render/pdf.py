"""PDF bulletins: the bulletin's HTML printed by WeasyPrint, in-process, with the
fonts that ship with pressflow and a URL fetcher that reads nothing outside the project."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from pressflow.core.resources import FONTS_DIR

# The families the bulletin CSS names first; only these end up in the PDF.
FONT_FACES = (
    ("pressflow Serif", "normal", "normal", "NotoSerif-Regular.ttf"),
    ("pressflow Serif", "bold", "normal", "NotoSerif-Bold.ttf"),
    ("pressflow Serif", "normal", "italic", "NotoSerif-Italic.ttf"),
    ("pressflow Serif", "bold", "italic", "NotoSerif-BoldItalic.ttf"),
    ("pressflow Sans", "normal", "normal", "NotoSans-Regular.ttf"),
    ("pressflow Sans", "bold", "normal", "NotoSans-Bold.ttf"),
)


class ProjectURLFetcher(URLFetcher):
    """Fetch `data:` URLs and files under the allowed folders; refuse everything else.

    WeasyPrint's default fetcher reads any file and makes network requests, so a
    release or a template could embed `/etc/passwd` or call out from CI.
    """

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols=("data", "file"))
        self._allowed = [path.resolve() for path in allowed]
        self.refused: list[str] = []
        """What was refused since the last `take_refused()`, said for the user."""
        self.read: set[Path] = set()
        """The files fetched since the last `take_read()`: inputs of the document."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                # urllib would look the host up in the DNS before it refuses to read from it.
                return self._refuse(f"{url} is not a file of this machine")
            target = Path(unquote(parts.path)).resolve()
            if not any(target.is_relative_to(folder) for folder in self._allowed):
                return self._refuse(f"{target} is outside the project")
            self.read.add(target)
        elif parts.scheme != "data":
            return self._refuse(f"{url} is not a file of the project")
        return super().fetch(url, headers)

    def _refuse(self, reason: str):
        self.refused.append(reason)
        raise ValueError(f"refused: {reason}")

    def take_refused(self) -> list[str]:
        refused, self.refused = self.refused, []
        return refused

    def take_read(self) -> list[Path]:
        read, self.read = sorted(self.read), set()
        return read


def font_face_css() -> str:
    rules = []
    for family, weight, style, filename in FONT_FACES:
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(FONTS_DIR / filename).as_uri()}"); }}'
        )
    return "\n".join(rules)


class PdfPrinter:
    """Prints many bulletins in one process; fonts are loaded once."""

    def __init__(self, project_root: Path, variant: str):
        self._fetcher = ProjectURLFetcher([project_root, FONTS_DIR])
        self._fonts = FontConfiguration()
        self._font_css = weasyprint.CSS(
            string=font_face_css(), font_config=self._fonts, url_fetcher=self._fetcher
        )
        self._variant = variant or None
        self.last_read: list[Path] = []
        """The files the last document fetched (fonts, images, stylesheets): what it depends on."""

    def print_pdf(self, html: str, base_dir: Path) -> tuple[bytes, list[str]]:
        """The PDF, and the resources refused to it (left out of the PDF)."""
        document = weasyprint.HTML(
            string=html, base_url=base_dir.as_uri() + "/", url_fetcher=self._fetcher
        )
        data = document.write_pdf(
            stylesheets=[self._font_css],
            font_config=self._fonts,
            pdf_variant=self._variant,
            uncompressed_pdf=False,
        )
        self.last_read = self._fetcher.take_read()
        return data, self._fetcher.take_refused()
