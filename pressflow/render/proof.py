"""A reviewer's proof: one language of a release beside its source, message by message, printed.

The proof is what a reviewer reads before `pressflow approve`: every message of the release in
the order of the release, the source text and its translation side by side, each with its place
in `release.md` and in the catalog, fuzzy and untranslated messages marked in words (not by colour
alone), and what `check` finds in a translation right under it. Its cover carries the catalog's
content hash, the digest `approve` records (publish/workflow.py, `catalog_hash`), and what the
workflow record says of the language's approval, so that a proof signed on paper can be matched
with the approval on record. The publish layer supplies those two (`Signoff`); this module makes
the document and prints it.

Each column carries its language (`lang`: hyphenation and the fonts' shaping follow it), and the
proof is printed as a tagged PDF (PDF/UA-1: headings, the table's rows and cells), whatever the
project's `[pdf] variant`, its document language the reviewed one. WeasyPrint (70) does not write an
element's own language into the structure tree (`/Lang` of a structure element), so the source
column is not tagged as such in the PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token
from markupsafe import Markup

from pressflow.catalog.po import (
    Catalog,
    Entry,
    MessageState,
    entry_state,
    first_translation,
    live_entries,
)
from pressflow.check.run import Finding, Severity, message_findings
from pressflow.core import languages
from pressflow.core.config import Config
from pressflow.core.errors import Failed, PressflowError
from pressflow.core.model import RELEASE_FILE, Release
from pressflow.core.project import catalog_path
from pressflow.render.html import Renderer, language_name, long_date
from pressflow.render.printing import Printer
from pressflow.source import markdown
from pressflow.source.segment import release_messages

PROOF_TEMPLATE = "proof.html"
PROOF_STYLESHEETS = ("bulletin.css", "proof.css")
PROOF_VARIANT = "pdf/ua-1"
"""Proofs are tagged PDFs (headings, the table's rows and cells), in the reviewed language."""


@dataclass(frozen=True)
class Signoff:
    """The cover's sign-off: the catalog's content hash now, and the approval on record."""

    digest: str
    """`sha256:` and 64 hex digits: what `approve` would record now."""
    approved_digest: str = ""
    """The content hash the language's approval is bound to; empty when it was never approved."""
    approved_by: str = ""
    approved_at: dt.datetime | None = None

    @property
    def state(self) -> str:
        """`approved` (the approval is bound to this very content), `lapsed` or `none`: the rule
        of `publish/workflow.approval_state`."""
        if not self.approved_digest:
            return "none"
        return "approved" if self.approved_digest == self.digest else "lapsed"


@dataclass(frozen=True)
class ProofMessage:
    """One message of the proof."""

    number: int
    kind: str
    """What it is in the release: `heading`, `paragraph`, `front matter` (a field, named by its
    context)."""
    context: str | None
    reference: str
    """Where it is in the release: `release.md:18` (every line it is on)."""
    catalog_line: str
    """Where it is in the catalog: `<id>.po:42`; empty when the catalog lacks it."""
    source: Markup
    translation: Markup
    """Its translation as the bulletin shows inline Markdown; empty when there is none."""
    state: MessageState
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> int:
        return sum(finding.severity == Severity.ERROR for finding in self.findings)


@dataclass(frozen=True)
class Proof:
    release: Release
    language: str
    source_language: str
    catalog: str
    """The catalog file, as the project shows it (for a derived edition, its base's)."""
    messages: tuple[ProofMessage, ...]
    """The release's messages, in its order."""
    extra: tuple[ProofMessage, ...]
    """Entries of the catalog that the release no longer has (the approval digest counts them)."""
    signoff: Signoff

    def count(self, state: MessageState) -> int:
        return sum(message.state is state for message in self.messages)

    def findings(self, severity: Severity | str) -> int:
        return sum(
            finding.severity == severity
            for message in (*self.messages, *self.extra)
            for finding in message.findings
        )


def make_proof(
    config: Config, release: Release, language: str, catalog: Catalog, signoff: Signoff
) -> tuple[Proof, list[PressflowError]]:
    """The proof of `language` of `release`, whose catalog (as `update.load_catalog` reads it) is
    `catalog`; and the problems of the checks' inputs (a glossary or a catalog that cannot be
    read)."""
    findings, problems = message_findings(config, release.id, language)
    base = languages.base_language(language)
    shown = config.shown(catalog_path(config.locales_dir, release.id, base or language))
    entries = {(entry.msgctxt, entry.msgid): entry for entry in live_entries(catalog)}
    messages = []
    for number, message in enumerate(release_messages(release), start=1):
        messages.append(
            _proof_message(
                number,
                message.msgctxt,
                message.msgid,
                str(message.kind),
                f"{RELEASE_FILE}:{', '.join(str(line) for line in message.lines)}",
                entries.pop(message.key, None),
                shown.name,
                findings.get(message.key, ()),
            )
        )
    extra = tuple(
        _proof_message(
            len(messages) + number,
            entry.msgctxt,
            entry.msgid,
            # What it was in the release, as its `#.` comment still says.
            (entry.comment or "").split("\n")[0].split(":")[0],
            "",
            entry,
            shown.name,
            findings.get(key, ()),
        )
        for number, (key, entry) in enumerate(entries.items(), start=1)
    )
    proof = Proof(
        release,
        language,
        config.source_language,
        str(shown),
        tuple(messages),
        extra,
        signoff,
    )
    return proof, problems


def _proof_message(
    number: int,
    msgctxt: str | None,
    msgid: str,
    kind: str,
    reference: str,
    entry: Entry | None,
    catalog_name: str,
    findings: Iterable[Finding],
) -> ProofMessage:
    translation = first_translation(entry) if entry is not None else ""
    return ProofMessage(
        number=number,
        kind=kind,
        context=msgctxt,
        reference=reference,
        catalog_line=f"{catalog_name}:{entry.linenum}" if entry is not None else "",
        source=inline_html(msgid),
        translation=inline_html(translation),
        state=entry_state(entry),
        findings=tuple(findings),
    )


def inline_html(text: str) -> Markup:
    """A message's inline Markdown as HTML, as the bulletin shows it, but an image as its alt text
    in brackets: the proof is about the words, and fetches no file."""
    tokens = markdown.parse_inline(text)
    _images_as_text(tokens)
    return Markup(markdown.render(tokens))


def _images_as_text(tokens: list[Token]) -> None:
    for index, token in enumerate(tokens):
        if token.type == "image":
            tokens[index] = Token("text", "", 0, content=f"[{token.content}]")
        elif token.children:
            _images_as_text(token.children)


def render_proof(renderer: Renderer, proof: Proof) -> str:
    """The proof's HTML: the page the PDF is printed from, in the reviewed language."""
    release = proof.release
    return renderer.document(
        PROOF_TEMPLATE,
        proof.language,
        PROOF_STYLESHEETS,
        proof=proof,
        release=release,
        source_language=proof.source_language,
        source_name=language_name(proof.source_language),
        target_name=language_name(proof.language),
        date=long_date(release.date, proof.language, renderer.config),
        approved_on=(
            long_date(
                proof.signoff.approved_at.astimezone(renderer.config.tz).date(),
                proof.language,
                renderer.config,
            )
            if proof.signoff.approved_at
            else ""
        ),
        counts={state.value: proof.count(state) for state in MessageState},
        errors=proof.findings(Severity.ERROR),
        warnings=proof.findings(Severity.WARNING),
    )


def print_proof(config: Config, html: str, base_dir: Path) -> tuple[bytes, list[PressflowError]]:
    """The proof printed as a tagged PDF, and what was refused to it."""
    printer = Printer(config.root, PROOF_VARIANT)
    try:
        printed = printer.submit(html, base_dir).result()
    finally:
        printer.close()
    return printed.pdf, [Failed(f"left out of the proof: {reason}") for reason in printed.refused]


def proof_name(release_id: str, language: str) -> str:
    """`<id>.<lang>.proof.pdf`, beside the release's bulletins in `dist/<id>/`."""
    return f"{release_id}.{language}.proof.pdf"
