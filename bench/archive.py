"""A synthetic pressflow project for the benchmark: N releases of realistic length, with kk and ru
catalogs translated from aligned professional text.

Each release is made like the example release of this repository: a title, a date, a summary and a
source line, then 25–40 blocks: headings, paragraphs of two or three sentences, a bulleted list, a
paragraph with a link, a paragraph with figures and a date. The sentences come from the NTREX news
under `../shared/corpus/ntrex/` (English, Kazakh and Russian, aligned line by line) and, a fifth of
the blocks, from the example release with its own translations (boilerplate repeats across an
office's releases). The catalogs are written by pressflow itself (`update`, memory off), then filled
from the aligned text: about 96% translated, 2% fuzzy, the rest untranslated.

Deterministic (one seed), and cached in `bench/.archive-<N>/` (git-ignored) under a digest of what
generated it: this file, the example release and its catalogs, the corpus and pressflow's own code.
Nothing of `../shared` is copied into the repository.

    python -m bench.archive 500        # print the folder, generating it when needed
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.common import REPO, SHARED
from pressflow.cache.digest import digest, file_digest, tree_digest
from pressflow.catalog import po as pofile
from pressflow.catalog import update as catalogs
from pressflow.core.config import load_config
from pressflow.core.project import catalog_path
from pressflow.core.resources import PACKAGE_DIR
from pressflow.source.release import load_releases

CORPUS = SHARED / "corpus" / "ntrex"
LANGUAGES = ("en", "kk", "ru")
TARGETS = ("kk", "ru")
SEED = 20230317
FIRST_DAY = dt.date(2020, 1, 6)
# Sentences that Markdown would read as markup (raw HTML is an error), or that would start a list.
_MARKUP = re.compile(r"[<>*_`#|\\\[\]]|^\s*(?:[-+]\s|\d+[.)]\s)")

Texts = tuple[str, str, str]
"""One text in en, kk and ru."""


@dataclass(frozen=True)
class Sources:
    sentences: list[Texts]
    headlines: list[Texts]
    example_blocks: list[Texts]
    """Headings and paragraphs of the example release, with its translations."""
    example_fields: dict[str, Texts]


def archive(releases: int) -> Path:
    """The archive of `releases` releases, generated unless the cached one was made from the same inputs."""
    folder = REPO / "bench" / f".archive-{releases}"
    key = inputs_digest(releases)
    stamp = folder / ".inputs"
    if stamp.is_file() and stamp.read_text() == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    scratch = folder.with_name(folder.name + ".new")
    shutil.rmtree(scratch, ignore_errors=True)
    generate(scratch, releases)
    (scratch / ".inputs").write_text(key)
    scratch.rename(folder)
    return folder


def inputs_digest(releases: int) -> str:
    corpus = tree_digest(CORPUS) if CORPUS.is_dir() else "no corpus"
    return digest(
        str(releases),
        str(SEED),
        file_digest(Path(__file__)),
        tree_digest(REPO / "releases"),
        tree_digest(REPO / "locales"),
        file_digest(REPO / "pressflow.toml"),
        corpus,
        tree_digest(PACKAGE_DIR),
    )


def generate(root: Path, releases: int) -> None:
    """Write the project: configuration, sources, then the catalogs through pressflow's `update`."""
    sources = read_sources()
    random_ = random.Random(SEED)
    root.mkdir(parents=True)
    shutil.copy(REPO / "pressflow.toml", root / "pressflow.toml")
    (root / "locales").mkdir()
    shutil.copy(REPO / "locales" / "glossary.csv", root / "locales" / "glossary.csv")
    translations: dict[str, dict[tuple[str | None, str], Texts]] = {}
    for number in range(releases):
        day = FIRST_DAY + dt.timedelta(days=number)
        release_id, text, known = release_source(sources, random_, day)
        (root / "releases" / release_id).mkdir(parents=True)
        (root / "releases" / release_id / "release.md").write_text(text, "utf-8")
        translations[release_id] = known
    config = dataclasses.replace(load_config(root), memory_enabled=False)
    loaded = load_releases(config)
    if loaded.errors:
        raise SystemExit(f"bench: the generated archive has errors: {loaded.errors[0]}")
    catalogs.update_ui(config, config.languages)
    for release in loaded.releases:
        catalogs.update_release(config, release, config.languages)
        for language in TARGETS:
            fill_catalog(
                catalog_path(config.locales_dir, release.id, language),
                translations[release.id],
                LANGUAGES.index(language),
                random_,
                config.wrap,
            )


def fill_catalog(
    path: Path,
    known: dict[tuple[str | None, str], Texts],
    column: int,
    random_: random.Random,
    wrap: int,
) -> None:
    """Translate the catalog from the aligned texts: most entries translated, a few fuzzy or left empty."""
    catalog = pofile.read_catalog(path)
    for entry in pofile.live_entries(catalog):
        texts = known.get((entry.msgctxt, entry.msgid)) or known.get((None, entry.msgid))
        draw = random_.random()
        if texts is None or draw < 0.02:
            continue
        entry.msgstr = texts[column]
        if draw < 0.04:
            entry.flags.append("fuzzy")
    pofile.write_catalog(path, catalog, wrap)


def release_source(
    sources: Sources, random_: random.Random, day: dt.date
) -> tuple[str, str, dict[tuple[str | None, str], Texts]]:
    """A release's id, its release.md, and the translations of its messages by (msgctxt, msgid)."""
    title = random_.choice(sources.headlines)
    summary = random_.choice(sources.sentences)
    source = sources.example_fields["source"]
    known: dict[tuple[str | None, str], Texts] = {
        ("title", title[0]): title,
        ("summary", summary[0]): summary,
        ("source", source[0]): source,
    }
    blocks = body(sources, random_, day)
    for _kind, texts in blocks:
        known[None, texts[0]] = texts
    release_id = f"{day.isoformat()}-{slug(title[0])}"[:80].rstrip("-")
    front = yaml.safe_dump(
        {
            "title": title[0],
            "date": day.isoformat(),
            "summary": summary[0],
            "source": source[0],
            "tags": random_.sample(
                ["elections", "diplomacy", "economy", "culture", "sport", "health"], 2
            ),
        },
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    # yaml writes the date as a string in quotes; pressflow reads dates from their text either way.
    lines = ["---", front.rstrip("\n"), "---", ""]
    for kind, texts in blocks:
        lines += [{"heading": "## ", "item": "- "}.get(kind, "") + texts[0]]
        if kind != "item":
            lines.append("")
    return release_id, "\n".join(_spaced_lists(lines)).rstrip("\n") + "\n", known


def _spaced_lists(lines: list[str]) -> list[str]:
    """A blank line after the last item of a list."""
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.startswith("- ") and not following.startswith("- "):
            out.append("")
    return out


def body(sources: Sources, random_: random.Random, day: dt.date) -> list[tuple[str, Texts]]:
    """25–40 blocks: sections of a heading and paragraphs, one list, one link, one paragraph of figures."""
    size = random_.randint(25, 40)
    blocks: list[tuple[str, Texts]] = []
    seen: set[str] = set()

    def add(kind: str, texts: Texts) -> None:
        if texts[0] not in seen:
            seen.add(texts[0])
            blocks.append((kind, texts))

    while len(blocks) < size:
        if not blocks or random_.random() < 0.12:
            add("heading", random_.choice(sources.headlines))
        elif random_.random() < 0.2:
            add("paragraph", random_.choice(sources.example_blocks))
        else:
            add("paragraph", joined(random_.sample(sources.sentences, random_.randint(2, 3))))
        if len(blocks) == size // 2:
            for texts in random_.sample(sources.sentences, random_.randint(3, 5)):
                add("item", texts)
            add("paragraph", figures(random_, day))
            add("paragraph", link(random_))
    return blocks


def joined(sentences: list[Texts]) -> Texts:
    return tuple(" ".join(sentence[column] for sentence in sentences) for column in range(3))


_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
}


def figures(random_: random.Random, day: dt.date) -> Texts:
    """A paragraph of numbers and a date, as a ministry writes them in each language."""
    people, share, whole = (
        random_.randint(120, 9800),
        random_.randint(11, 89),
        random_.randint(2, 40),
    )
    month = day.month - 1
    return (
        f"As of {_MONTHS['en'][month]} {day.day}, {day.year}, {people:,} observers from {whole} countries "
        f"were accredited; {share}% of them represent international organizations.",
        f"{day.year} жылғы {day.day} {_MONTHS['kk'][month]} жағдай бойынша {whole} елден "
        f"{people:,} байқаушы аккредиттелді, олардың {share}%-ы халықаралық ұйымдардың өкілдері.".replace(
            ",", " ", 1
        ),
        f"По состоянию на {day.day} {_MONTHS['ru'][month]} {day.year} года аккредитованы {people:,} "
        f"наблюдателей из {whole} стран; {share}% из них представляют международные организации.".replace(
            ",", " ", 1
        ),
    )


def link(random_: random.Random) -> Texts:
    url = f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{random_.randint(400000, 499999)}"
    return (
        f"The full text of the statement is available on [the Ministry's website]({url}).",
        f"Мәлімдеменің толық мәтіні [министрліктің сайтында]({url}) жарияланған.",
        f"Полный текст заявления размещен на [сайте министерства]({url}).",
    )


def slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:50].rstrip("-") or "release"


def read_sources() -> Sources:
    """The aligned NTREX sentences and the example release's blocks with its translations."""
    if not CORPUS.is_dir():
        raise SystemExit(f"bench: the corpus is missing: {CORPUS}")
    sentences, headlines = [], []
    for document in sorted(path for path in CORPUS.iterdir() if (path / "en.txt").is_file()):
        columns = [
            (document / f"{language}.txt").read_text("utf-8").splitlines() for language in LANGUAGES
        ]
        for number, texts in enumerate(zip(*columns)):
            texts = tuple(text.strip() for text in texts)
            if not all(texts) or _MARKUP.search(texts[0]):
                continue
            (
                headlines
                if number == 0 or not texts[0].endswith((".", "!", "?", '"', "”"))
                else sentences
            ).append(texts)
    config = load_config(REPO)
    example_blocks, fields = [], {}
    for release in load_releases(config).releases:
        translated = [
            pofile.translations(
                pofile.read_catalog(catalog_path(config.locales_dir, release.id, language))
            )
            for language in TARGETS
        ]
        for (context, msgid), kk in translated[0].items():
            ru = translated[1].get((context, msgid))
            if ru is None:
                continue
            if context is None:
                example_blocks.append((msgid, kk, ru))
            else:
                fields[context] = (msgid, kk, ru)
    return Sources(sentences, headlines, example_blocks, fields)


if __name__ == "__main__":
    print(archive(int(sys.argv[1]) if len(sys.argv) > 1 else 500))
