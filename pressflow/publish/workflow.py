"""Workflow states of a release, read from `releases/<id>/workflow.yaml` (docs/design.md,
"Workflow")."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import yaml

from pressflow.catalog.po import Catalog, live_entries
from pressflow.core.atomic import write_atomic
from pressflow.core.errors import PressflowError, Refused
from pressflow.core.model import WORKFLOW_FILE


class State(StrEnum):
    DRAFT = "draft"
    """Being written; the default of a release without a workflow record."""
    TRANSLATION = "translation"
    """Sent to the translators."""
    REVIEW = "review"
    """Translations are being reviewed."""
    APPROVED = "approved"
    """Ready to publish."""
    PUBLISHED = "published"
    """Recorded as published by `pressflow publish`."""
    WITHDRAWN = "withdrawn"
    """Taken down; its URL keeps a notice."""

    @property
    def next_states(self) -> tuple[State, ...]:
        return TRANSITIONS[self]


TRANSITIONS: dict[State, tuple[State, ...]] = {
    State.DRAFT: (State.TRANSLATION,),
    State.TRANSLATION: (State.REVIEW,),
    State.REVIEW: (State.APPROVED, State.TRANSLATION),
    State.APPROVED: (State.PUBLISHED, State.REVIEW),
    State.PUBLISHED: (State.REVIEW, State.WITHDRAWN),
    State.WITHDRAWN: (State.REVIEW,),
}


@dataclass(frozen=True)
class Transition:
    state: State
    at: dt.datetime
    by: str = ""


@dataclass(frozen=True)
class Approval:
    """A reviewer's sign-off on one language, bound to the content of its catalog."""

    catalog_hash: str
    at: dt.datetime
    by: str = ""


@dataclass(frozen=True)
class Publication:
    """The revision of the release a language was last published at, when, and what it published:
    the digests of the source and of the language's catalog kept in `published/` (snapshot.py)."""

    revision: int
    at: dt.datetime
    source: str = ""
    """The digest of the release's files as published; empty in a record made before pressflow kept
    them."""
    catalog: str = ""
    """The content hash of the language's catalog as published; empty for the source language."""


@dataclass(frozen=True)
class WorkflowRecord:
    """`releases/<id>/workflow.yaml`: written only by pressflow, reviewed and committed like any
    change."""

    state: State = State.DRAFT
    revision: int = 1
    approvals: dict[str, Approval] = field(default_factory=dict)
    publications: dict[str, Publication] = field(default_factory=dict)
    history: tuple[Transition, ...] = ()


class ApprovalState(StrEnum):
    """Where a language's approval stands against its catalog as it is now (computed, never
    stored)."""

    NONE = "not approved"
    """No reviewer has approved the language."""
    VALID = "approved"
    """Approved, and the catalog's content is what the reviewer approved."""
    LAPSED = "approval lapsed"
    """Approved once, but a message or a translation changed since."""


def approval_state(record: WorkflowRecord, language: str, content_hash: str) -> ApprovalState:
    approval = record.approvals.get(language)
    if approval is None:
        return ApprovalState.NONE
    return ApprovalState.VALID if approval.catalog_hash == content_hash else ApprovalState.LAPSED


def catalog_hash(catalog: Catalog) -> str:
    """The content hash of a catalog that an approval is bound to: `sha256:` and 64 hex digits.

    It is the SHA-256 of the catalog's live entries (not obsolete, not the header), in file order,
    one JSON array per line, `[msgctxt, msgid, msgid_plural, msgstr, fuzzy]`: msgctxt and
    msgid_plural `null` when absent, msgstr a list of `msgstr[N]` in order for a plural entry, fuzzy
    `true` or `false`, UTF-8, lines joined with `\n`. The bytes of the file do not count, so
    re-wrapping, reference line numbers, comments, `#|` previous strings and header fields
    (Last-Translator, PO-Revision-Date) leave it unchanged; any change of a source text, a
    translation, a fuzzy flag or the order of the messages changes it.
    """
    lines = []
    for entry in live_entries(catalog):
        translation = (
            [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else entry.msgstr
        )
        lines.append(
            json.dumps(
                [
                    entry.msgctxt,
                    entry.msgid,
                    entry.msgid_plural or None,
                    translation,
                    bool(entry.fuzzy),
                ],
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def move(
    record: WorkflowRecord, target: State, at: dt.datetime, by: str, shown: Path
) -> WorkflowRecord:
    """The record in state `target`, the move appended to its history; any move outside
    `TRANSITIONS` is refused naming the legal next states."""
    if target not in record.state.next_states:
        if target is record.state:
            problem = f"the release's state is {target} already"
        else:
            problem = f"cannot move from {record.state} to {target}"
        raise Refused(f"{problem}: the next states are {describe_next_states(record.state)}", shown)
    return replace(record, state=target, history=(*record.history, Transition(target, at, by)))


def describe_next_states(state: State) -> str:
    return ", ".join(
        f"{next_state} (by pressflow publish)" if next_state is State.PUBLISHED else str(next_state)
        for next_state in state.next_states
    )


def read_record(release_folder: Path, shown: Path) -> WorkflowRecord:
    """The workflow record of a release; a release without one is a draft at revision 1."""
    path = release_folder / WORKFLOW_FILE
    if not path.is_file():
        return WorkflowRecord()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return WorkflowRecord(
            state=State(data.get("state", State.DRAFT)),
            revision=int(data.get("revision", 1)),
            approvals={
                lang: Approval(
                    str(item["catalog_hash"]), _moment(item["at"]), str(item.get("by") or "")
                )
                for lang, item in (data.get("approvals") or {}).items()
            },
            publications={
                lang: Publication(
                    int(item["revision"]),
                    _moment(item["at"]),
                    str(item.get("source") or ""),
                    str(item.get("catalog") or ""),
                )
                for lang, item in (data.get("publications") or {}).items()
            },
            history=tuple(
                Transition(State(item["state"]), _moment(item["at"]), str(item.get("by") or ""))
                for item in data.get("history") or ()
            ),
        )
    except (
        yaml.YAMLError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
    ) as error:
        # YAML's messages run over several lines; Python's for a recursion depends on where it
        # stopped.
        reason = (
            "nested too deeply"
            if isinstance(error, RecursionError)
            else " ".join(str(error).split())
        )
        raise PressflowError(
            f"unreadable workflow record ({reason}): restore it from git", shown
        ) from None


def record_text(record: WorkflowRecord) -> str:
    """The YAML of a record, keys in a fixed order so that diffs stay small."""
    data = {
        "state": str(record.state),
        "revision": record.revision,
        "approvals": {
            lang: _without_empty(
                {"catalog_hash": a.catalog_hash, "at": a.at.isoformat(), "by": a.by}
            )
            for lang, a in sorted(record.approvals.items())
        },
        "publications": {
            lang: _without_empty(
                {
                    "revision": p.revision,
                    "at": p.at.isoformat(),
                    "source": p.source,
                    "catalog": p.catalog,
                }
            )
            for lang, p in sorted(record.publications.items())
        },
        "history": [
            _without_empty({"state": str(t.state), "at": t.at.isoformat(), "by": t.by})
            for t in record.history
        ],
    }
    header = "# Written by pressflow (mark, approve, publish): do not edit by hand.\n"
    return header + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


def write_record(release_folder: Path, record: WorkflowRecord) -> bool:
    return write_atomic(release_folder / WORKFLOW_FILE, record_text(record).encode("utf-8"))


def _moment(value: object) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"time {value} has no offset")
    return moment


def _without_empty(item: dict) -> dict:
    return {key: value for key, value in item.items() if value != ""}
