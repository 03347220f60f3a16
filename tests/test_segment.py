"""Segmentation golden pairs: tests/data/segments/NAME.md beside NAME.expect.pot.

Regenerate the expected templates after a deliberate change, then read their diff:
    PRESSFLOW_REGENERATE=1 .venv/bin/python -m pytest tests/test_segment.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, msgcat, msgfmt_check

from pressflow.catalog.update import extract_release
from pressflow.core.config import load_config
from pressflow.source.release import read_release

SEGMENTS = DATA / "segments"
CASES = sorted(path.stem for path in SEGMENTS.glob("*.md"))


def _normalized(text: str) -> str:
    return re.sub(r'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"', r'"\1: DATE\\n"', text)


@pytest.mark.parametrize("name", CASES)
def test_segmentation_matches_golden_template(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "releases" / name
    folder.mkdir(parents=True)
    shutil.copy(SEGMENTS / f"{name}.md", folder / "release.md")
    for image in SEGMENTS.glob("*.png"):
        shutil.copy(image, folder)
    config = load_config(tmp_path)
    write = extract_release(config, read_release(folder / "release.md", config))
    produced = _normalized(write.path.read_text(encoding="utf-8"))
    expected_path = SEGMENTS / f"{name}.expect.pot"
    if os.environ.get("PRESSFLOW_REGENERATE"):
        expected_path.write_text(produced, encoding="utf-8")
    assert produced == expected_path.read_text(encoding="utf-8")
    assert msgfmt_check(write.path).returncode == 0
    assert msgcat(write.path) == write.path.read_text(encoding="utf-8")
