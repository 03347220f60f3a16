"""`proof`: a reviewer's bilingual proof of one language, bound to the digest `approve` records.

The document itself is made and printed by `render/proof.py`; this module gives it what only the
workflow knows: the catalog's content hash (`workflow.catalog_hash`, computed from the catalog as
`approve` reads it) and the approval on record in `workflow.yaml`. A proof signed on paper thus
names the very content that `pressflow approve` then records, and shows whether the approval on
record still holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pressflow.catalog.update import load_catalog
from pressflow.core.atomic import write_atomic
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError, Refused, each_problem
from pressflow.core.model import WORKFLOW_FILE
from pressflow.publish.workflow import catalog_hash, read_record
from pressflow.render.html import Renderer
from pressflow.render.proof import Proof, Signoff, make_proof, print_proof, proof_name, render_proof
from pressflow.source.release import load_release


@dataclass(frozen=True)
class ProofResult:
    """The proof written (`written` False when the file held these bytes already), or the problems
    that stopped it."""

    release: str
    language: str
    path: Path | None = None
    written: bool = False
    proof: Proof | None = None
    problems: tuple[PressflowError, ...] = ()


def write_proof(config: Config, release_id: str, language: str) -> ProofResult:
    """Print the proof of `language` of the release into `dist/<id>/<id>.<lang>.proof.pdf`."""
    try:
        release = load_release(config, release_id)
        if language == config.source_language:
            raise Refused(
                f"{language} is the source language: a proof shows a translation beside it; name "
                f"one of {', '.join(code for code in release.languages if code != language)}"
            )
        if language not in release.languages:
            raise Refused(
                f"the release's languages are {', '.join(release.languages)}, not {language}",
                config.shown(release.path),
                release.field_lines.get("languages"),
            )
        catalog = load_catalog(config, release, language)
        record = read_record(release.folder, config.shown(release.folder / WORKFLOW_FILE))
    except PressflowError as error:
        return ProofResult(release_id, language, problems=tuple(each_problem([error])))
    approval = record.approvals.get(language)
    signoff = Signoff(
        digest=catalog_hash(catalog),
        approved_digest=approval.catalog_hash if approval else "",
        approved_by=approval.by if approval else "",
        approved_at=approval.at if approval else None,
    )
    proof, problems = make_proof(config, release, language, catalog, signoff)
    if problems:  # without every check, the proof would show a catalog cleaner than it is
        return ProofResult(release_id, language, proof=proof, problems=tuple(problems))
    pdf, refused = print_proof(config, render_proof(Renderer(config), proof), release.folder)
    if refused:
        return ProofResult(release_id, language, proof=proof, problems=tuple(refused))
    path = config.dist_dir / release.id / proof_name(release.id, language)
    return ProofResult(release_id, language, path, write_atomic(path, pdf), proof)
