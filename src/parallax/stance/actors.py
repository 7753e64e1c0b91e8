"""The story's actors: countries, governments and armed groups, with every name they go by.

An actor is a country (or group) plus the words that stand for it in news text: its
name, its demonym ("Ruritanian", "Ruritanians"), its capital and seat of government
(metonymy: "Capitol City says"). Known countries come from data/government_names.tsv;
countries the table does not know (fictional or rare) are found in the story itself by
pairing a capitalised name with a demonym built on it ("Ruritania" / "Ruritanian").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Article

DATA = Path(__file__).resolve().parents[1] / "data"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
# Capitalised words that look like demonyms but name parties, faiths or generic groups, never countries.
_NOT_DEMONYMS = {"republican", "republicans", "democrat", "democrats", "democratic", "christian", "christians",
                 "american", "americans", "european", "europeans", "african", "africans", "asian", "asians",
                 "western", "eastern", "northern", "southern", "indian", "muslim", "muslims", "republic"}


@dataclass
class Actor:
    name: str  # the country or group ("Ruritania")
    terms: set[str] = field(default_factory=set)  # every surface form that stands for it
    sources: set[int] = field(default_factory=set)  # article indices that mention it
    mentions: int = 0
    pattern: re.Pattern | None = None

    def compile(self) -> None:
        alternatives = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@lru_cache(maxsize=1)
def stance_words() -> dict:
    return yaml.safe_load((DATA / "stance.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def country_table() -> dict[str, list[str]]:
    """Government adjective -> the names that stand for it (country first, then capital and seats)."""
    groups: dict[str, list[str]] = {}
    for line in (DATA / "government_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        name, adjective = (part.strip() for part in line.split("\t", 1))
        groups.setdefault(adjective, []).append(name)
    return groups


def _known_country_terms() -> list[tuple[str, set[str]]]:
    out = []
    for adjective, names in country_table().items():
        terms = set(names) | {adjective}
        if adjective.endswith(("an", "i")):  # plural demonyms: "Ruritanians", "Iraqis"
            terms.add(adjective + "s")
        out.append((names[0], terms))
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _derived_countries(articles: list[Article], known: set[str]) -> list[tuple[str, set[str]]]:
    """Name/demonym pairs found in the story itself ("Ruritania" + "Ruritanian"), for countries the table lacks."""
    words = Counter()
    for article in articles:
        words.update(set(_CAPITALISED.findall(article.text)))
    endings = tuple(stance_words()["demonym_endings"])
    by_prefix: dict[str, list[str]] = {}  # bucketed by first four letters: no all-pairs scan of the vocabulary
    for word in words:
        by_prefix.setdefault(word[:4], []).append(word)
    groups: dict[str, set[str]] = {}
    for word in sorted(words):
        if word in known or word.lower() in _NOT_DEMONYMS or not word.lower().endswith(endings):
            continue
        bases = [c for c in by_prefix.get(word[:4], ()) if c != word and c not in known and len(c) >= 4 and c.lower() not in _NOT_DEMONYMS
                 and not c.lower().endswith(("ians", "ans")) and len(c) < len(word)
                 and _common_prefix(c, word) >= max(4, len(c) - 2)]
        if not bases:
            continue
        base = max(bases, key=lambda c: (_common_prefix(c, word), words[c], c))
        groups.setdefault(base, {base}).add(word)
    return [(base, terms) for base, terms in sorted(groups.items())]


def find_actors(articles: list[Article], extra_entities=()) -> list[Actor]:
    """Countries (known or derived) and armed/political groups the story's articles mention, most-cited first.

    `extra_entities`: entities to consider besides each article's own (only GROUP entities become actors).
    """
    candidates = _known_country_terms()
    known = {t for _, terms in candidates for t in terms}
    candidates += _derived_countries(articles, known)
    groups = {}
    for entity in [e for a in articles for e in a.entities] + list(extra_entities):
        if entity.type == "GROUP" and entity.name not in known:
            groups.setdefault(entity.name, {entity.name}).update(a for a in entity.aliases if a not in known)
    candidates += sorted(groups.items())
    everything = "\n".join(a.text for a in articles)
    actors, owner = [], {}
    for name, terms in candidates:
        present = {t for t in terms if t in everything and t not in owner}
        if present:
            actor = Actor(name=name, terms=set(terms))
            actor.compile()
            actors.append(actor)
            owner.update((t, actor) for t in present)
    if not owner:
        return []
    # One pass per article over every present term, instead of one regex per actor.
    combined = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in sorted(owner, key=len, reverse=True)) + r")(?![\w-])")
    for index, article in enumerate(articles):
        for match in combined.finditer(article.text):
            actor = owner[match.group()]
            actor.sources.add(index)
            actor.mentions += 1
    actors = [a for a in actors if a.mentions]
    actors.sort(key=lambda a: (-len(a.sources), -a.mentions, a.name))
    return actors


def main_pair(actors: list[Actor], n_articles: int, min_share: float = 0.6, min_mentions: float = 2.0) -> tuple[Actor, Actor] | None:
    """The two actors that dominate the story (each in most sources, mentioned often), or None."""
    needed = max(2, int(round(min_share * n_articles))) if n_articles > 1 else 1
    dominant = [a for a in actors if len(a.sources) >= needed and a.mentions >= min_mentions * n_articles]
    if len(dominant) < 2:
        return None
    return dominant[0], dominant[1]
