"""`pressflow check`: every check over every catalog entry of the chosen releases, and their
sources.

A problem in a translated entry is an error; in a fuzzy entry a warning, since a fuzzy
entry is not shipped (a stale figure there is the classic way a wrong one ships once
someone clears the flag: then it is an error). Translators silence a check for one entry
with a translator comment `# pressflow: ignore facts, quotes` (or `ignore all`).
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
from pressflow.check.cyrillic import kazakh_letters, mixed_script, quotes
from pressflow.check.facts import facts
from pressflow.check.markup import markup
from pressflow.check.punctuation import punctuation, whitespace
from pressflow.check.unchanged import unchanged
from pressflow.core.config import Config
from pressflow.core.errors import PressflowError
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


def available_checks(glossary: Glossary) -> dict[str, Check]:
    """Every check by its name, the name a translator comment or the config uses."""
    return {
        "facts": facts,
        "markup": markup,
        "whitespace": whitespace,
        "punctuation": punctuation,
        "unchanged": unchanged,
        "mixed-script": mixed_script,
        "kazakh-letters": kazakh_letters,
        "quotes": quotes,
        "glossary": glossary.check,
    }


def check_project(
    config: Config, ids: Sequence[str] = (), languages: Sequence[str] = ()
) -> CheckReport:
    """Every check over the catalogs of the named releases (all when none) in these languages (all
    when none), and their sources."""
    loaded = load_releases(config, ids)
    report = CheckReport()
    report.sources.extend(loaded.errors)
    report.findings.extend(_source_finding(config, problem) for problem in loaded.errors)
    glossary_path = config.locales_dir / GLOSSARY_FILE
    try:
        glossary = read_glossary(glossary_path, config.shown(glossary_path), config.source_language)
    except PressflowError as error:
        report.errors.append(error)
        glossary = Glossary()
    available = available_checks(glossary)
    for name in (*config.check_disable, *config.check_warn):
        if name not in available:
            report.errors.append(
                PressflowError(
                    f"unknown check '{name}' in [check]: the checks are {', '.join(available)}",
                    "pressflow.toml",
                )
            )
    checks = {name: check for name, check in available.items() if name not in config.check_disable}
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
            report.findings.extend(
                check_catalog(
                    catalog, checks, config, str(config.shown(path)), release.id, language
                )
            )
    return report


def check_catalog(
    catalog: Catalog,
    checks: dict[str, Check],
    config: Config,
    path: str,
    release: str | None,
    language: str,
) -> Iterator[Finding]:
    for entry in live_entries(catalog):
        if not entry.msgstr or entry.msgid_plural:
            continue
        ignored = _ignored(entry)
        for name, check in checks.items():
            if name in ignored:
                continue
            severity = (
                Severity.WARNING if entry.fuzzy or name in config.check_warn else Severity.ERROR
            )
            for message in check(entry.msgid, entry.msgstr, config.source_language, language):
                yield Finding(
                    path,
                    entry.linenum,
                    release,
                    language,
                    name,
                    severity,
                    message + (" (fuzzy entry)" if entry.fuzzy else ""),
                )


def _ignored(entry: Entry) -> set[str]:
    names: set[str] = set()
    for listed in _IGNORE.findall(entry.tcomment or ""):
        names.update(name.strip() for name in re.split(r"[,\s]+", listed) if name.strip())
    return set(available_checks(Glossary())) if "all" in names else names


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
