"""Workflow states of a release, read from `releases/<id>/workflow.yaml` (DESIGN §6)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import yaml

from pressflow.errors import PressflowError

WORKFLOW_FILE = "workflow.yaml"


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


def read_state(release_folder: Path, shown: Path) -> tuple[State, int]:
    """(state, revision) of a release; a release without a record is a draft at revision 1."""
    path = release_folder / WORKFLOW_FILE
    if not path.is_file():
        return State.DRAFT, 1
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return State(record.get("state", State.DRAFT)), int(record.get("revision", 1))
    except (yaml.YAMLError, ValueError, TypeError, AttributeError) as error:
        raise PressflowError(f"unreadable workflow record ({error}): restore it from git", shown) from None
