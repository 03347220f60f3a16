"""What a translator and a reviewer see of `pressflow check` on professional work (NTREX-128
news, English into Kazakh and Russian): hardly any error on good translations, and every
error a reviewer cares about caught as an error when planted into one (tests/planted_errors.py).
The same figures, and the PDF read-back, come from bench/fidelity.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from planted_errors import GLOSSARY_CSV, LANGUAGES, NTREX, by_kind, ntrex_pairs, planted_errors

from pressflow.catalog.glossary import Glossary, read_glossary
from pressflow.check.run import Severity, check_message, check_rules
from pressflow.core.config import Config

pytestmark = pytest.mark.skipif(not NTREX.is_dir(), reason=f"the NTREX corpus is not at {NTREX}")

MAX_ERROR_RATE = 0.02
MIN_CAUGHT = 0.98
# Error flags on NTREX that are genuine slips of the professional translators (document, line).
GENUINE = {
    ("kk", "bbc.381705", 9): "facts",  # the goal's time 3:35 is left out
    ("kk", "dailymail.co.uk.298696", 8): "unchanged",  # the sentence is left in English
    (
        "ru",
        "dailymail.co.uk.298696",
        10,
    ): "quotes",  # «Если бы он был ответственным, ... — the » is missing
}
# Planted errors still missed, each for a reason outside the rules of these checks:
# * "£125m" → "125 млрд": `m` and `bn` are journalists' abbreviations that CLDR does not have,
#   so the source's 125 has no scale to compare;
# * Kazakh words outside the list of `kazakh-letters` typed with Russian letters (уш for үш,
#   каза for қаза, омирин for өмірін, жарканаттар for жарқанаттар): a Kazakh dictionary is
#   being added to that check.
KNOWN_MISSES = {
    ("scale changed", "kk", "guardian.221754", 14),
    ("scale changed", "ru", "guardian.221754", 14),
    ("Kazakh typed with Russian letters", "kk", "bbc.381765", 2),
    ("Kazakh typed with Russian letters", "kk", "nytimes.184860", 1),
    ("Kazakh typed with Russian letters", "kk", "reuters.218865", 14),
    ("Kazakh typed with Russian letters", "kk", "scotsman.133773", 14),
}


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Config:
    return Config(root=Path(tmp_path_factory.mktemp("project")))


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    path = tmp_path_factory.mktemp("locales") / "glossary.csv"
    path.write_text(GLOSSARY_CSV, encoding="utf-8")
    return read_glossary(path, path, "en")


def errors(
    source: str, translation: str, config: Config, language: str, rules
) -> set[tuple[str, str]]:
    return {
        (rule.check, message)
        for rule, severity, message in check_message(source, translation, config, language, rules)
        if severity == Severity.ERROR
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_professional_translations_are_hardly_ever_errors(config, language, capsys):
    rules = check_rules(Glossary())  # NTREX's translators had no glossary
    flagged = {
        (language, pair.document, pair.line): found
        for pair in ntrex_pairs(language)
        if (found := errors(pair.source, pair.translation, config, language, rules))
    }
    false = {
        place: found
        for place, found in flagged.items()
        if {check for check, _ in found} != {GENUINE.get(place)}
    }
    rate = len(false) / len(ntrex_pairs(language))
    with capsys.disabled():
        print(
            f"\nNTREX en→{language}: {len(flagged)} messages flagged as errors, {len(false)} falsely ({rate:.1%})"
        )
    assert {place for place in GENUINE if place[0] == language} <= set(flagged)
    assert rate <= MAX_ERROR_RATE, false


def test_planted_errors_are_caught_as_errors(config, glossary, capsys):
    rules = check_rules(glossary)
    planted = planted_errors()
    missed = set()
    caught = Counter()
    for item in planted:
        new = errors(item.source, item.wrong, config, item.language, rules) - errors(
            item.source, item.right, config, item.language, rules
        )
        if new:
            caught[item.kind] += 1
        else:
            missed.add((item.kind, item.language, item.document, item.line))
    with capsys.disabled():
        print(f"\nplanted errors caught: {len(planted) - len(missed)}/{len(planted)}")
        for kind, items in by_kind(planted):
            print(f"  {kind}: {caught[kind]}/{len(items)}")
    assert len({item.kind for item in planted}) >= 25
    assert missed <= KNOWN_MISSES, missed - KNOWN_MISSES
    assert (len(planted) - len(missed)) / len(planted) >= MIN_CAUGHT


def test_planted_errors_start_from_right_translations(config, glossary):
    """The right side of each planted error has no error of the kind planted (a slip of NTREX
    itself apart), so that what is caught is the planted error."""
    rules = check_rules(glossary)
    for item in planted_errors():
        found = errors(item.source, item.right, config, item.language, rules)
        assert not found or (item.language, item.document, item.line) in GENUINE, (item, found)
