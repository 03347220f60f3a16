"""TMX 1.4 export of the translation memory, for translators' CAT tools (`pressflow tm export`).

One `<tu>` per distinct source text that has a translation, its `<tuv>` in the source language
first, then one per target language: the translation the memory prefers (the same msgctxt, then
the newest release), with the release it comes from as a `<prop type="x-pressflow-release">`.
The header names the source language (`srclang`), `adminlang`, `datatype="plaintext"`,
`segtype="block"` (one message per block of a release), `o-tmf="PO"`, pressflow and its
version; written by ElementTree, so every text is escaped; sorted by source text, with no clock
in it, so that the same catalogs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pressflow.catalog.memory import load_memory, parse_pot_date
from pressflow.core import languages
from pressflow.core.atomic import write_atomic
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
from pressflow.core.version import __version__


@dataclass(frozen=True)
class TmxExport:
    """What `export_tmx` wrote."""

    path: Path
    units: int
    """`<tu>` elements: distinct source texts with at least one translation."""
    translations: tuple[tuple[str, int], ...]
    """Per target language, in the project's order: its `<tuv>` elements."""
    skipped: int
    """Texts XML cannot carry (control characters), left out."""
    written: bool
    """False when the file already had these bytes."""
    problems: tuple[PressflowError, ...] = ()
    """Unreadable catalogs, left out of the export (each with its path and line)."""


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# XML 1.0 cannot carry these characters, nor a carriage return that a parser would keep.
_NOT_IN_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def export_tmx(config: Config, path: Path, languages: Sequence[str] = ()) -> TmxExport:
    """Write the memory of each target language (of `languages`, or all) to `path` as one TMX 1.4
    document; a rerun on the same catalogs gives the same bytes (no clock: the header's date is
    the newest POT-Creation-Date of the catalogs)."""
    memories = {
        language: load_memory(config, language)
        for language in config.target_languages
        if not languages or language in languages
    }
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "pressflow",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "block",
            "adminlang": "en",
            "srclang": _language_tag(config.source_language),
            "o-tmf": "PO",
        },
    )
    dates = [parse_pot_date(memory.pot_date) for memory in memories.values()]
    if newest := max((date for date in dates if date is not None), default=None):
        header.set("creationdate", newest.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"))
    body = ET.SubElement(root, "body")
    counts = dict.fromkeys(memories, 0)
    units = skipped = 0
    sources = sorted(set().union(*(memory.sources() for memory in memories.values())))
    # The translation of each very text the memory prefers.
    preferred = {
        language: memory.exact((source, None) for source in sources)
        for language, memory in memories.items()
    }
    for source in sources:
        if _NOT_IN_XML.search(source):
            skipped += 1
            continue
        variants = []
        for language in memories:
            unit = preferred[language].get((source, None))
            if unit is None:
                continue
            if _NOT_IN_XML.search(unit.translation):
                skipped += 1
                continue
            variants.append((language, unit))
        if not variants:
            continue
        tu = ET.SubElement(body, "tu")
        _tuv(tu, config.source_language, source)
        for language, unit in variants:
            _tuv(tu, language, unit.translation, unit.release)
            counts[language] += 1
        units += 1
    ET.indent(root)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        + ET.tostring(root, encoding="unicode")
        + "\n"
    )
    written = write_atomic(path, document.encode("utf-8"))
    problems = tuple(problem for memory in memories.values() for problem in memory.report.skipped)
    return TmxExport(path, units, tuple(counts.items()), skipped, written, problems)


def _tuv(tu: ET.Element, language: str, text: str, release: str | None = None) -> None:
    tuv = ET.SubElement(tu, "tuv", {_XML_LANG: _language_tag(language)})
    if release:
        ET.SubElement(tuv, "prop", type="x-pressflow-release").text = release
    ET.SubElement(tuv, "seg").text = text


def _language_tag(code: str) -> str:
    """A project's language code as the BCP 47 tag TMX wants: pt_BR -> pt-BR, kk_Latn -> kk-Latn."""
    return languages.bcp47(code)
