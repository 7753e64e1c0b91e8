"""The loaded-language lexicon: the curated terms, the derived words, and the
government names used for neutral alternatives, loaded once from
`parallax/data/` (see the header of each file for its origin and licence)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

TERMS_FILE = "loaded_terms.tsv"
DERIVED_FILE = "loaded_derived.tsv"
GOVERNMENTS_FILE = "government_names.tsv"
KINDS = ("name-calling", "loaded", "sarcasm", "dehumanising", "scare-quotes", "biased")


@dataclass(frozen=True)
class Term:
    text: str  # lower-cased, single spaces
    kind: str
    neutral: str | None
    needs_people: bool  # flag only when applied to people
    source: str


@dataclass
class Lexicon:
    words: dict[str, Term] = field(default_factory=dict)  # one-word terms
    phrases: dict[str, Term] = field(default_factory=dict)  # multi-word terms
    never: frozenset[str] = frozenset()
    governments: dict[str, str] = field(default_factory=dict)  # lower-cased name -> adjective
    phrase_pattern: re.Pattern | None = None  # all phrases as one alternation, longest first

    def term(self, word: str) -> Term | None:
        word = word.lower()
        return self.words.get(word.replace("’", "'") if "’" in word else word)

    @cached_property
    def index(self) -> "LookupIndex":
        """The terms arranged for `find_loaded`'s cheap pre-checks (built on first use)."""
        return LookupIndex.of(self)


_TOKEN_KEY = re.compile(r"[a-z]+(?:[-'][a-z]+)*")  # what a word token looks like once lower-cased, ’ as '
_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class LookupIndex:
    """Lexicon keys by the ASCII letter runs they are made of, so that one set intersection with a
    text's letter runs finds the few keys worth locating (a word token is made of whole runs)."""

    single: frozenset[bytes]  # one-run word keys ("sheep")
    joined: tuple[tuple[str, tuple[bytes, ...]], ...]  # keys of several runs ("anti-science") and their runs
    phrase_starts: tuple[str, ...] | None  # first words of the phrases; None: one is not plain ASCII letters
    runs: frozenset[bytes]  # every run above: the only ones worth noting in a text

    @classmethod
    def of(cls, lex: "Lexicon") -> "LookupIndex":
        single, joined = set(), []
        for key in lex.words:
            if not _TOKEN_KEY.fullmatch(key):
                continue  # no word token can have this key (digits, other letters)
            runs = tuple(run.encode() for run in re.split(r"[-']", key))
            if len(runs) == 1:
                single.add(runs[0])
            else:
                joined.append((key, runs))
        starts = {phrase.split()[0] for phrase in lex.phrases}
        plain = all(_ASCII_WORD.fullmatch(word) for word in starts)
        runs = set(single).union(*(pieces for _, pieces in joined))
        runs.update(word.encode() for word in starts if plain)
        return cls(frozenset(single), tuple(sorted(joined)), tuple(sorted(starts)) if plain else None, frozenset(runs))


def _rows(text: str):
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")]


def _data_text(name: str, directory: Path | None) -> str:
    if directory is not None:
        return (directory / name).read_text(encoding="utf-8")
    return resources.files("parallax").joinpath("data", name).read_text(encoding="utf-8")


def _optional(cell: str) -> str | None:
    return None if cell in ("", "-") else cell


def load_lexicon(directory: Path | None = None, derived: list[Term] | None = None) -> Lexicon:
    """Read the data files. `derived` replaces loaded_derived.tsv (the BABE evaluation
    passes the words derived from its training fold)."""
    lex = Lexicon()
    never: set[str] = set()
    curated: list[Term] = []
    for row in _rows(_data_text(TERMS_FILE, directory)):
        term, kind = " ".join(row[0].lower().split()), row[1]
        if kind == "never":
            never.add(term)
            continue
        if kind not in KINDS:
            raise ValueError(f"{TERMS_FILE}: unknown kind {kind!r} for {term!r}")
        curated.append(Term(term, kind, _optional(row[2]), row[3] == "people", "lexicon:curated"))
    if derived is None:
        derived = [
            Term(row[0], row[1], None, False, f"lexicon:{row[5]}") for row in _rows(_data_text(DERIVED_FILE, directory))
        ]
    for term in derived:  # curated entries are added last, so they win
        if term.text not in never:
            lex.words[term.text] = term
    for term in curated:
        (lex.phrases if " " in term.text else lex.words)[term.text] = term
    lex.never = frozenset(never)
    for row in _rows(_data_text(GOVERNMENTS_FILE, directory)):
        lex.governments[row[0].lower()] = row[1]
    if lex.phrases:
        alternatives = sorted(lex.phrases, key=len, reverse=True)
        body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in alternatives)
        lex.phrase_pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    return lex
