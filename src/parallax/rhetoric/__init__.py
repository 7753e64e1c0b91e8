"""Rhetoric: loaded, name-calling, sarcastic and dehumanising language.

`find_loaded(text)` returns non-overlapping `LoadedSpan`s, in text order, from
three sources, strongest first:

1. context patterns (`patterns.py`): "the X regime" (with "the Y government" as
   the neutral alternative, Y from data/government_names.tsv), "so-called X",
   scare quotes, name-calling compounds ("neoclowns", "libtards");
2. the curated list `data/loaded_terms.tsv` (dehumanising metaphors, name-calling,
   sarcasm), some entries flagged only when applied to people ("Russian parrots"
   but not "the parrots in the zoo");
3. the derived list `data/loaded_derived.tsv` (built by scripts/build_loaded_lexicon.py
   from BABE, MPQA and the Recasens bias lexicon), kind "biased" or "loaded";
4. opt-in, the trained BABE word model (`parallax.models.babe`, source "model:babe"),
   only for words it is confident about and only where 1-3 flagged nothing. It needs
   sentence embeddings (slow to load), so it runs only with
   `ReadOptions(extra={"models": ["babe"]})` (or `"babe"`, or True for every model).

Decisions, for precision over recall:
- Loaded words inside quotations are flagged too: the span is what it is, and
  the claims stage says who is speaking. A quoted "terrorists" is still flagged
  when it is applied to a group (a speaker's name-calling is still name-calling).
- Derived words are not flagged when capitalised mid-sentence (a name or title:
  "Resident Evil"), and the `never` rows of loaded_terms.tsv keep factual words
  ("war", "killed", "attack", "claimed") out whatever the data say.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Iterable

from ..model import LoadedSpan
from ..pipeline import Context, Doc, register
from ..text.casefold import TWINS_TO_ASCII
from .lexicon import Lexicon, load_lexicon
from .patterns import (
    WORD,
    Scan,
    applied_to_people,
    compound_insult_spans,
    regime_spans,
    scare_quote_spans,
    so_called_spans,
)

__all__ = ["find_loaded", "load_lexicon", "default_lexicon", "with_babe_spans", "Lexicon"]

_PRIORITY = {"pattern": 0, "lexicon:curated": 1}  # lower wins an overlap; derived words come last
_SENTENCE_START = set(".!?\n\"“‘(:—-")
_default_lexicon: Lexicon | None = None


def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    global _default_lexicon
    if _default_lexicon is None:
        _default_lexicon = load_lexicon()
    return _default_lexicon


def _starts_sentence(text: str, index: int) -> bool:
    before = text[max(0, index - 20) : index].rstrip()  # a short window: this runs for every lexicon hit
    return not before or before[-1] in _SENTENCE_START


def phrase_spans(text: str, lex: Lexicon, scan: Scan | None = None) -> Iterable[LoadedSpan]:
    if lex.phrase_pattern is None:
        return
    for m in _phrase_matches(text, lex, scan or Scan.for_lexicon(text, lex)):
        term = lex.phrases.get(_phrase_key(m.group(0)))
        if term is None:  # cannot happen unless the lexicon and its pattern disagree: no span, no crash
            continue
        if term.needs_people and not applied_to_people(text, m.start()):
            continue
        yield LoadedSpan(m.start(), m.end(), m.group(0), term.kind, term.neutral, term.source)


def _phrase_key(matched: str) -> str:
    """The lexicon key of a matched phrase: lower-cased, spaces collapsed, case twins as ASCII ("GRİNDER")."""
    return " ".join(matched.translate(TWINS_TO_ASCII).lower().split())


def _phrase_matches(text: str, lex: Lexicon, scan: Scan) -> Iterable[re.Match]:
    """`lex.phrase_pattern.finditer(text)`, trying the pattern only where a phrase's first word
    stands: a match starts with that word as a whole ASCII letter run (the pattern's look-behind
    and the space after the word see to it), so the runs say which words to look for."""
    starts = lex.index.phrase_starts
    if starts is None or not scan.plain_case:
        yield from lex.phrase_pattern.finditer(text)
        return
    present = [word for word in starts if word.encode() in scan.runs]
    if not present:
        return
    end = 0
    for start in sorted({i for word in present for i in scan.occurrences(word)}):
        if start >= end:  # finditer goes on after a match's end
            m = lex.phrase_pattern.match(text, start)
            if m:
                end = m.end()
                yield m


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_JOINERS = frozenset("-'’")


def _letter_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] in _ASCII_LETTERS


def _is_word_token(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one of WORD.finditer(text)'s matches: WORD's shape, and WORD's
    greedy scan neither runs into it from the left nor goes on past its end."""
    if not WORD.fullmatch(text, start, end):
        return False
    joined_on_left = _letter_at(text, start - 1) or (start >= 2 and text[start - 1] in _JOINERS and _letter_at(text, start - 2))
    goes_on = _letter_at(text, end) or (end < len(text) and text[end] in _JOINERS and _letter_at(text, end + 1))
    return not joined_on_left and not goes_on


def _word_token_starts(text: str, lex: Lexicon, scan: Scan) -> list[tuple[int, str]]:
    """(start, lexicon key) of every word token that is a lexicon word, in text order.

    A token is made of whole letter runs, so only keys whose runs all occur in the text are
    looked for (usually none or a few); each is found by `Scan.occurrences` and kept where
    it is a whole token."""
    index = lex.index
    keys = [run.decode() for run in index.single.intersection(scan.runs)]
    keys += [key for key, runs in index.joined if scan.runs.issuperset(runs)]
    found = []
    for key in keys:
        for start in scan.occurrences(key):
            if _is_word_token(text, start, start + len(key)):
                found.append((start, key))
    return sorted(found)


# WORD's matches as `re.split` parts ([gap, word, gap, word, ..., gap]): found in C, no Match per word.
_WORD_PARTS = re.compile(f"({WORD.pattern})")


def _word_token_starts_by_splitting(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """As `_word_token_starts`, by splitting the whole text into tokens: for texts whose case
    folding is not plain ASCII (then lower-cased offsets may not be the text's)."""
    parts = _WORD_PARTS.split(text)
    tokens = parts[1::2]
    # The lexicon keys of all words at once (what `Lexicon.term` looks up: lower case, ’ as '); WORD
    # matches ASCII letters only, so lower-casing keeps lengths and the NUL separator is never in a word.
    keys = "\0".join(tokens).lower().replace("’", "'").split("\0")
    known = lex.words.keys() & set(keys)
    if not known:
        return []
    offsets = list(accumulate(map(len, parts)))  # word k starts at offsets[2k]
    return [(offsets[2 * i], key) for i, key in enumerate(keys) if key in known]


def word_spans(text: str, lex: Lexicon, scan: Scan | None = None) -> Iterable[LoadedSpan]:
    scan = scan or Scan.for_lexicon(text, lex)
    starts = _word_token_starts(text, lex, scan) if scan.plain_case else _word_token_starts_by_splitting(text, lex)
    for start, key in starts:
        term = lex.words[key]
        token = text[start : start + len(key)]
        curated = term.source == "lexicon:curated"
        if not curated and token[0].isupper() and not _starts_sentence(text, start):
            continue  # a name or a title, not a judgement
        if term.needs_people and not applied_to_people(text, start):
            continue
        yield LoadedSpan(start, start + len(token), token, term.kind, term.neutral, term.source)


def _rank(span: LoadedSpan) -> tuple:
    origin = "pattern" if (span.source or "").startswith("pattern:") else span.source
    return (_PRIORITY.get(origin, 2), -(span.end - span.start), span.start)


def find_loaded(text: str, lexicon: Lexicon | None = None) -> list[LoadedSpan]:
    """Loaded-language spans in `text`, non-overlapping, sorted by start."""
    lex = lexicon or default_lexicon()
    scan = Scan.for_lexicon(text, lex)
    candidates = [
        *regime_spans(text, lex, scan),
        *so_called_spans(text, scan),
        *scare_quote_spans(text),
        *compound_insult_spans(text, scan),
        *phrase_spans(text, lex, scan),
        *word_spans(text, lex, scan),
    ]
    ranked = sorted(candidates, key=_rank)
    taken: list[LoadedSpan] = []
    if all(0 <= span.start < span.end <= len(text) for span in ranked):
        # Characters already covered by a taken span: one C-level find per candidate instead of
        # a comparison with every span taken so far (same answer for non-empty spans).
        covered = bytearray(len(text))
        for span in ranked:
            if covered.find(1, span.start, span.end) < 0:
                taken.append(span)
                covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    else:
        for span in ranked:
            if all(span.end <= t.start or span.start >= t.end for t in taken):
                taken.append(span)
    return sorted(taken, key=lambda s: (s.start, s.end))


def models_enabled(options, name: str) -> bool:
    """Whether the opt-in trained model `name` is asked for in `options.extra["models"]`:
    True (all models), a comma-separated string ("babe,lean") or a collection of names."""
    wanted = (getattr(options, "extra", None) or {}).get("models")
    if wanted is True:
        return True
    if isinstance(wanted, str):
        wanted = wanted.split(",")
    return bool(wanted) and name in {str(w).strip() for w in wanted}


def add_model_spans(spans: list[LoadedSpan], extra: Iterable[LoadedSpan]) -> list[LoadedSpan]:
    """`spans` plus the `extra` spans that overlap none of them (the lexicon and patterns win)."""
    merged = list(spans)
    for span in extra:
        if all(span.end <= t.start or span.start >= t.end for t in merged):
            merged.append(span)
    return sorted(merged, key=lambda s: (s.start, s.end))


def with_babe_spans(article, lex: Lexicon, model, embeddings=None) -> list[LoadedSpan]:
    """The article's spans plus the BABE word model's confident words where the lexicon flagged nothing.

    `embeddings`: MiniLM vectors of `article.sentences` if the caller has them (annotate does).
    """
    from ..models.babe import biased_word_spans

    if not article.sentences:
        return list(article.loaded)
    sentences = [(s.start, s.end) for s in article.sentences]
    # The `never` rows of loaded_terms.tsv ("claimed", "war") bind the model as they bind the lexicon.
    found = [s for s in biased_word_spans(article.text, sentences, embeddings, model) if s.text.lower() not in lex.never]
    return add_model_spans(article.loaded, found)


@register("loaded", needs=("text", "sentences"), adds=("loaded",), languages=("en",))
def find_loaded_stage(doc: Doc, ctx: Context) -> None:
    lex = ctx.resource("rhetoric:lexicon", load_lexicon)
    article = doc.article
    article.loaded = find_loaded(article.text, lex)
    # The BABE word model embeds every sentence (MiniLM: ~10 s to load, then a few ms per
    # sentence), so it runs only when asked for: ReadOptions(extra={"models": ["babe"]}).
    if models_enabled(ctx.options, "babe") and article.sentences:
        from ..models.babe import load_model

        article.loaded = with_babe_spans(article, lex, ctx.resource("models:babe", load_model))
