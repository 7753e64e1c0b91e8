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
   from BABE, MPQA and the Recasens bias lexicon), kind "biased" or "loaded".

Decisions, for precision over recall:
- Loaded words inside quotations are flagged too: the span is what it is, and
  the claims stage says who is speaking. A quoted "terrorists" is still flagged
  when it is applied to a group (a speaker's name-calling is still name-calling).
- Derived words are not flagged when capitalised mid-sentence (a name or title:
  "Resident Evil"), and the `never` rows of loaded_terms.tsv keep factual words
  ("war", "killed", "attack", "claimed") out whatever the data say.
"""

from __future__ import annotations

from typing import Iterable

from ..model import LoadedSpan
from ..pipeline import Context, Doc, register
from .lexicon import Lexicon, load_lexicon
from .patterns import WORD, applied_to_people, compound_insult_spans, regime_spans, scare_quote_spans, so_called_spans

__all__ = ["find_loaded", "load_lexicon", "Lexicon"]

_PRIORITY = {"pattern": 0, "lexicon:curated": 1}  # lower wins an overlap; derived words come last
_SENTENCE_START = set(".!?\n\"“‘(:—-")
_default_lexicon: Lexicon | None = None


def _lexicon() -> Lexicon:
    global _default_lexicon
    if _default_lexicon is None:
        _default_lexicon = load_lexicon()
    return _default_lexicon


def _starts_sentence(text: str, index: int) -> bool:
    before = text[max(0, index - 20) : index].rstrip()  # a short window: this runs for every lexicon hit
    return not before or before[-1] in _SENTENCE_START


def phrase_spans(text: str, lex: Lexicon) -> Iterable[LoadedSpan]:
    if lex.phrase_pattern is None:
        return
    for m in lex.phrase_pattern.finditer(text):
        term = lex.phrases[" ".join(m.group(0).lower().split())]
        if term.needs_people and not applied_to_people(text, m.start()):
            continue
        yield LoadedSpan(m.start(), m.end(), m.group(0), term.kind, term.neutral, term.source)


def word_spans(text: str, lex: Lexicon) -> Iterable[LoadedSpan]:
    for m in WORD.finditer(text):
        token = m.group(0)
        term = lex.term(token)
        if term is None:
            continue
        curated = term.source == "lexicon:curated"
        if not curated and token[0].isupper() and not _starts_sentence(text, m.start()):
            continue  # a name or a title, not a judgement
        if term.needs_people and not applied_to_people(text, m.start()):
            continue
        yield LoadedSpan(m.start(), m.end(), token, term.kind, term.neutral, term.source)


def _rank(span: LoadedSpan) -> tuple:
    origin = "pattern" if (span.source or "").startswith("pattern:") else span.source
    return (_PRIORITY.get(origin, 2), -(span.end - span.start), span.start)


def find_loaded(text: str, lexicon: Lexicon | None = None) -> list[LoadedSpan]:
    """Loaded-language spans in `text`, non-overlapping, sorted by start."""
    lex = lexicon or _lexicon()
    candidates = [
        *regime_spans(text, lex),
        *so_called_spans(text),
        *scare_quote_spans(text),
        *compound_insult_spans(text),
        *phrase_spans(text, lex),
        *word_spans(text, lex),
    ]
    taken: list[LoadedSpan] = []
    for span in sorted(candidates, key=_rank):
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: (s.start, s.end))


@register("loaded", needs=("text", "sentences"), adds=("loaded",), languages=("en",))
def find_loaded_stage(doc: Doc, ctx: Context) -> None:
    lex = ctx.resource("rhetoric:lexicon", load_lexicon)
    doc.article.loaded = find_loaded(doc.article.text, lex)
