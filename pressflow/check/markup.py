"""The Markdown of a translation must carry the same links, images, emphasis and code as its
source."""

from __future__ import annotations

from collections import Counter

from pressflow.source import markdown


def markup(source: str, translation: str, source_language: str, language: str) -> list[str]:
    wanted, found = _inventory(source), _inventory(translation)
    problems = []
    for kind, what in (("link", "link to"), ("image", "image")):
        for target in sorted((wanted[kind] - found[kind]).elements()):
            problems.append(f"{what} {target} of the source is missing from the translation")
        for target in sorted((found[kind] - wanted[kind]).elements()):
            problems.append(
                f"{what} {target} is not in the source: link the same targets as the source"
            )
    for code in sorted((wanted["code"] - found["code"]).elements()):
        problems.append(f"inline code `{code}` must be copied unchanged into the translation")
    for kind, name in (("strong", "bold (**…**)"), ("em", "emphasis (*…*)")):
        if sum(wanted[kind].values()) != sum(found[kind].values()):
            problems.append(
                f"the source has {sum(wanted[kind].values())} {name}, the translation "
                f"{sum(found[kind].values())}: keep the same emphasis"
            )
    return problems


def _inventory(text: str) -> dict[str, Counter]:
    """How many of each link target, image, code span and emphasis a Markdown text has."""
    counts: dict[str, Counter] = {
        kind: Counter() for kind in ("link", "image", "code", "strong", "em")
    }
    for token in _walk(markdown.parse_inline(text)):
        if token.type == "link_open":
            counts["link"][str(token.attrGet("href"))] += 1
        elif token.type == "image":
            counts["image"][str(token.attrGet("src"))] += 1
        elif token.type == "code_inline":
            counts["code"][token.content] += 1
        elif token.type in ("strong_open", "em_open"):
            counts[token.type.removesuffix("_open")][token.markup] += 1
    return counts


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])
