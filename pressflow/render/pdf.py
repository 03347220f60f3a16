"""PDF bulletins: the bulletin's HTML printed by WeasyPrint, in-process, with the
fonts that ship with pressflow and a URL fetcher that reads nothing outside the project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from pressflow.core.resources import FONTS_DIR
from pressflow.render.fonts import FONT_FACES

if TYPE_CHECKING:
    import pydyf


# PDF/UA-1's identification (ISO 14289-1, 5), which WeasyPrint writes only for "pdf/ua-1" alone.
# A PDF/A-2 or -3 file uses only the XMP schemas PDF/A predefines or those it describes in an
# extension schema (ISO 19005-2, 6.6.2.3): pdfuaid is not one of those, so the packet describes it.
_UA_IDENTIFICATION = b"""\
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


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
    for face in FONT_FACES:
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{(FONTS_DIR / face.file).as_uri()}"); }}'
        )
    return "\n".join(rules)


def weasyprint_options(variant: str) -> dict:
    """WeasyPrint's options for a `[pdf] variant` (core/config.py lists them).

    WeasyPrint writes one variant's identification. "pdf/a-3a+pdf/ua-1" is its PDF/A-3a (archival,
    and tagged: level A), and the finished file's metadata also says PDF/UA-1, which a PDF/A-2 or
    -3 file may conform to as well (PDF Association, "Conforming to both PDF/A and PDF/UA").
    """
    archival, plus, accessible = variant.partition("+")
    if plus:
        assert accessible == "pdf/ua-1", variant
        return {"pdf_variant": archival, "pdf_tags": True, "finisher": _identify_as_pdf_ua}
    return {"pdf_variant": variant or None}


def _identify_as_pdf_ua(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """Add PDF/UA-1's identification to the XMP packet WeasyPrint wrote for PDF/A, inside its one
    rdf:RDF element (an XMP reader takes the first)."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    packet = b"".join(metadata.stream)
    assert packet.count(b"</rdf:RDF>") == 1, "WeasyPrint writes one rdf:RDF element"
    metadata.stream = [packet.replace(b"</rdf:RDF>", _UA_IDENTIFICATION + b"</rdf:RDF>")]


class PdfPrinter:
    """Prints many bulletins in one process; fonts are loaded once."""

    def __init__(self, project_root: Path, variant: str):
        self._fetcher = ProjectURLFetcher([project_root, FONTS_DIR])
        self._fonts = FontConfiguration()
        self._font_css = weasyprint.CSS(
            string=font_face_css(), font_config=self._fonts, url_fetcher=self._fetcher
        )
        self._options = weasyprint_options(variant)
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
            uncompressed_pdf=False,
            **self._options,
        )
        self.last_read = self._fetcher.take_read()
        return data, self._fetcher.take_refused()
