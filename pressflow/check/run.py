"""`pressflow check`: every check over every catalog entry of the chosen releases, and their
sources.

Severity says what a problem is. An error is a likely mistake in meaning (a fact, markup, a
text left untranslated, a glossary term, a letter of the wrong script, a quote or bracket
left open): it fails CI and stops an approval. A breach of house style (quotes other than
«», the final mark, spacing) is a warning: professional translators often quote in "…" or
“…”, and a translator who sees good work flagged stops reading the checks. A project makes a
check's problems all errors with `[check] error = ["quotes"]`, all warnings with `warn`.
A problem in a fuzzy entry is a warning, whatever its rule, since a fuzzy entry is not shipped
(a stale figure there is the classic way a wrong one ships once someone clears the flag:
then it is an error). Translators silence a check for one entry with a translator comment
`# pressflow: ignore facts, quotes` (or `ignore all`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from pressflow.catalog.glossary import GLOSSARY_FILE, Glossary, read_glossary
from pressflow.catalog.po import Catalog, Entry, live_entries, read_catalog
from pressflow.catalog.update import catalog_path
from pressflow.check.cyrillic import kazakh_letters, mixed_script, quote_balance, quote_marks
from pressflow.check.facts import facts
from pressflow.check.markup import markup
from pressflow.check.punctuation import brackets, final_mark, whitespace
from pressflow.check.unchanged import unchanged
from pressflow.core.config import Config, setting_place
from pressflow.core.errors import PressflowError
from pressflow.core.languages import base_language
from pressflow.source.release import load_releases

Check = Callable[[str, str, str, str], list[str]]
_IGNORE = re.compile(r"^\s*pressflow:\s*ignore\s+(.+)$", re.MULTILINE)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    release: str | None
    language: str | None
    check: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.severity}: [{self.check}] {self.message}"


@dataclass(frozen=True)
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    """What the checks found, the sources' problems (check `source`) among them."""
    errors: list[PressflowError] = field(default_factory=list)
    """Inputs that could not be read at all (exit code 2)."""
    sources: list[PressflowError] = field(default_factory=list)
    """Sources that break the rules of a release (exit code 2), each also a finding."""

    @property
    def problems(self) -> list[PressflowError]:
        return [*self.errors, *self.sources]

    @property
    def errors_found(self) -> int:
        return self.count(Severity.ERROR)

    def count(self, severity: Severity | str) -> int:
        return sum(finding.severity == severity for finding in self.findings)

    def as_json(self) -> dict:
        return {
            "findings": [asdict(finding) for finding in self.findings],
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
        }


@dataclass(frozen=True)
class Rule:
    """One rule of a check: a check is one rule or several, under the one name that a
    translator comment and the configuration use."""

    check: str
    find: Check
    style: bool = False
    """House style: its problems are warnings unless the project makes the check an error."""


def check_rules(glossary: Glossary) -> tuple[Rule, ...]:
    """Every rule of every check, in the order their findings are listed."""
    return (
        Rule("facts", facts),
        Rule("markup", markup),
        Rule("whitespace", whitespace, style=True),
        Rule("punctuation", final_mark, style=True),
        Rule("punctuation", brackets),
        Rule("unchanged", unchanged),
        Rule("mixed-script", mixed_script),
        Rule("kazakh-letters", kazakh_letters),
        Rule("quotes", quote_marks, style=True),
        Rule("quotes", quote_balance),
        Rule("glossary", glossary.check),
    )


CHECKS = tuple(dict.fromkeys(rule.check for rule in check_rules(Glossary())))
"""The name of every check, as a translator comment or the configuration writes it."""


def severity(rule: Rule, config: Config, fuzzy: bool = False) -> Severity:
    """How a problem found by a rule counts in a project (see the module's documentation)."""
    if fuzzy or rule.check in config.check_warn:
        return Severity.WARNING
    if rule.check in config.check_error or not rule.style:
        return Severity.ERROR
    return Severity.WARNING


def check_message(
    source: str,
    translation: str,
    config: Config,
    language: str,
    rules: Sequence[Rule],
    fuzzy: bool = False,
) -> list[tuple[Rule, Severity, str]]:
    """The problems of one translated message: the rule that found each, its severity, and what
    it says."""
    return [
        (rule, severity(rule, config, fuzzy), problem)
        for rule in rules
        for problem in rule.find(source, translation, config.source_language, language)
    ]


def check_project(
    config: Config, ids: Sequence[str] = (), languages: Sequence[str] = ()
) -> CheckReport:
    """Every check over the catalogs of the named releases (all when none) in these languages (all
    when none), and their sources."""
    loaded = load_releases(config, ids)
    report = CheckReport()
    report.sources.extend(loaded.errors)
    report.findings.extend(_source_finding(config, problem) for problem in loaded.errors)
    rules, problems = project_rules(config)
    report.errors.extend(problems)
    for release in loaded.releases:
        for language in release.languages:
            path = catalog_path(config.locales_dir, release.id, language)
            if (
                language == config.source_language
                or not path.is_file()
                or (languages and language not in languages)
            ):
                continue
            try:
                catalog = read_catalog(path, config.shown(path))
            except PressflowError as error:
                report.errors.append(error)
                continue
            shown = str(config.shown(path))
            for _, found in entry_findings(catalog, rules, config, shown, release.id, language):
                report.findings.extend(found)
    return report


def project_rules(config: Config) -> tuple[tuple[Rule, ...], list[PressflowError]]:
    """The rules the project's checks run (its glossary's terms, those `[check] disable` names left
    out), and the problems of their inputs: an unreadable glossary, a check's name the
    configuration gets wrong."""
    problems = []
    glossary_path = config.locales_dir / GLOSSARY_FILE
    try:
        glossary = read_glossary(glossary_path, config.shown(glossary_path), config.source_language)
    except PressflowError as error:
        problems.append(error)
        glossary = Glossary()
    for key in ("disable", "warn", "error"):
        for name in getattr(config, f"check_{key}"):
            if name not in CHECKS:
                path, line = setting_place(config, "check", key, str(name))
                problems.append(
                    PressflowError(
                        f"unknown check '{name}' in 'check.{key}': the checks are "
                        f"{', '.join(CHECKS)}",
                        path,
                        line,
                    )
                )
    rules = tuple(rule for rule in check_rules(glossary) if rule.check not in config.check_disable)
    return rules, problems


def entry_findings(
    catalog: Catalog,
    rules: Sequence[Rule],
    config: Config,
    path: str,
    release: str | None,
    language: str,
) -> Iterator[tuple[Entry, list[Finding]]]:
    """Each translated entry of a catalog with what the checks find in it (a proof shows them under
    their message)."""
    for entry in live_entries(catalog):
        if not entry.msgstr or entry.msgid_plural:
            continue
        ignored = _ignored(entry)
        wanted = [rule for rule in rules if rule.check not in ignored]
        yield (
            entry,
            [
                Finding(
                    path,
                    entry.linenum,
                    release,
                    language,
                    rule.check,
                    level,
                    message + (" (fuzzy entry)" if entry.fuzzy else ""),
                )
                for rule, level, message in check_message(
                    entry.msgid, entry.msgstr, config, language, wanted, entry.fuzzy
                )
            ],
        )


def _ignored(entry: Entry) -> set[str]:
    names: set[str] = set()
    for listed in _IGNORE.findall(entry.tcomment or ""):
        names.update(name.strip() for name in re.split(r"[,\s]+", listed) if name.strip())
    return set(CHECKS) if "all" in names else names


def _source_finding(config: Config, problem: PressflowError) -> Finding:
    path = str(problem.path or config.root)
    parts = Path(path).parts
    release = parts[1] if len(parts) > 1 and parts[0] == "releases" else None
    return Finding(path, problem.line, release, None, "source", Severity.ERROR, problem.message)


def github_annotations(findings: Iterable[Finding]) -> Iterator[str]:
    """GitHub Actions workflow commands: one annotation per finding."""
    for finding in findings:
        place = f"file={finding.path}" + (f",line={finding.line}" if finding.line else "")
        message = finding.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        yield f"::{finding.severity} {place},title=pressflow {finding.check}::{message}"


def message_findings(
    config: Config, release_id: str, language: str
) -> tuple[dict[tuple[str | None, str], list[Finding]], list[PressflowError]]:
    """What `check` finds in each message's translation of a release, keyed by (msgctxt, msgid), as
    `approve` sees it: in the language's catalog and, for a derived edition, in its base's (whose
    text it shows); and the problems of the checks' inputs (a glossary, a catalog)."""
    rules, problems = project_rules(config)
    found: dict[tuple[str | None, str], list[Finding]] = {}
    for code in (language, *filter(None, [base_language(language)])):
        path = catalog_path(config.locales_dir, release_id, code)
        if not path.is_file():
            continue
        try:
            catalog = read_catalog(path, config.shown(path))
        except PressflowError as error:
            problems.append(error)
            continue
        shown = str(config.shown(path))
        for entry, findings in entry_findings(catalog, rules, config, shown, release_id, code):
            found.setdefault((entry.msgctxt, entry.msgid), []).extend(findings)
    return found, problems
