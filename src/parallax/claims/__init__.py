"""Claims: checkable units with speaker, hedges, quantities, dates and kind.

One claim per sentence as a rule. A claim never crosses a line break (a bullet or paragraph is its own
unit), and a sentence is split into two claims at ", whereas" / ", while" / "; " / ", but" when each side
has its own speaker ("The United States estimates X, whereas Y claimed Z"). Sentences longer than
`_LONG_SENTENCE` characters are split again at sentence punctuation (a safety net when the splitter
returns a whole paragraph). What is skipped, and how kinds are chosen, is documented in `kinds.py`;
the date rules in `dates.py`; quantity conventions in `quantities.py`; attribution patterns in
`attribution.py`.

Pronoun speakers ("he said") are resolved to the most recent named person speaker of an earlier claim
in the last three claims, else to the nearest PERSON entity mentioned before the pronoun in the same or
the previous sentence; "it"/"they" to the previous claim's non-person speaker. The speaker_span then
points at that earlier mention. Otherwise the speaker stays None (the cue is kept), rather than a guess.
Gender is not checked ("she" may resolve to a man's name): no reliable source for it here.
First-person "I"/"we" is left unresolved (the author, or a quoted speaker we cannot name).

Public API: `find_claims_in(article)`, `find_quantities`, `find_dates`, `find_attribution`, `find_hedges`,
`classify`.
"""

from __future__ import annotations

import re

from ..model import Article, Claim, Entity, Sentence
from ..pipeline import Context, Doc, register
from .attribution import Attribution, PersonMentions, find_attribution, find_verb_forms, verb_cues
from .dates import find_dates
from .kinds import HEADING_WORDS, classify, find_hedges, is_checkable, words_of
from ..text.casefold import has_case_twin, has_lowers_to_ascii
from .prechecks import DIGIT, HEDGE, MONTH, NUMBER, RELATIVE, REPORT_VERB, VERBLESS, ClauseWords
from .quantities import find_quantities

__all__ = ["find_claims_in", "find_quantities", "find_dates", "find_attribution", "find_hedges", "classify", "Attribution"]

_LONG_SENTENCE = 400
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9%)\]][.!?])[”\"’]?\s+(?=[“\"‘A-Z•])")
_CLAUSE_BREAK = re.compile(r",\s+(?:whereas|while|but|although|though)\s+|;\s+|\s+whereas\s+")
_BREAK_PARTS = (";", "but", "while", "though", "whereas")  # every match of `_CLAUSE_BREAK` holds one ("although" holds "though")
_LEADING_JUNK = re.compile(r"[\s•·▪●◦*–—-]+")
_NOT_BULLET = re.compile(r"[^ \t•·▪●◦*–—-]")  # what `str.strip(" \t•·▪●◦*–—-")` would not remove
_NOT_SPACE = re.compile(r"\S")  # `\s` is `str.isspace`, what `str.strip()` removes
# Words within 60 characters before a date that make it a date to come: "before June 1" in a
# forecast published in March is this June, not last June.
_FUTURE = re.compile(r"\b(?:will|won['’]t|going\s+to|expected\s+to|plans?\s+to|next|upcoming|set\s+to|before|until|"
                     r"no\s+later\s+than|by\s+the\s+end\s+of|chances?|probability|odds|likelihood)\b", re.IGNORECASE)


def _line_spans(text: str, start: int, end: int):
    """(start, end) of every line of `text[start:end]`; most sentences are one line."""
    if text.find("\n", start, end) < 0:
        return ((start, end),)
    spans = []
    pos = start
    for piece in text[start:end].split("\n"):
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return spans


def _lines(text: str, start: int, end: int):
    """The non-empty lines of a sentence, trimmed of bullets and spaces."""
    for a, b in _line_spans(text, start, end):
        if a < b and not text[a].isalnum():  # no bullet or space can open a line that opens with a letter or digit
            lead = _LEADING_JUNK.match(text, a, b)
            a = lead.end() if lead else a
        if a < b and text[b - 1].isspace():  # (most lines end in a letter or a stop: no copy to strip)
            b = a + len(text[a:b].rstrip())  # the same whitespace as `\s`
        if b > a:
            yield a, b


def _sentence_pieces(text: str, start: int, end: int):
    """A long span cut at sentence punctuation (the splitter's work, redone only when it returned a block)."""
    if end - start <= _LONG_SENTENCE:
        yield start, end
        return
    pos = start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def _segment_spans(article: Article):
    """(start, end, sentence index, may be a whole line?) for every candidate unit: whether a unit that may be a
    whole line is one (`_is_whole_line`) matters only to short units, so the caller asks when it needs to."""
    sentences = article.sentences or ([Sentence(0, len(article.text))] if article.text else [])
    text = article.text
    for index, sentence in enumerate(sentences):
        s, e = sentence.start, sentence.end
        if s < e and text[s].isalnum() and not text[e - 1].isspace() and text.find("\n", s, e) < 0:
            lines = ((s, e),)  # what `_lines` gives for a one-line sentence that needs no trimming, without its generator
        else:
            lines = _lines(text, s, e)
        for a, b in lines:
            if b - a <= _LONG_SENTENCE:  # the usual case, without the generator of pieces
                yield a, b, index, True
                continue
            for pa, pb in _sentence_pieces(text, a, b):
                if pb > pa:
                    yield pa, pb, index, (pa, pb) == (a, b)


def _is_whole_line(text: str, a: int, b: int) -> bool:
    """Whether `text[a:b]` is its whole line but for bullets and spaces."""
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line_end = len(text) if line_end < 0 else line_end
    # Searches instead of slicing and stripping: a line may be a whole paragraph, and they stop at once.
    # (Most lines are the whole sentence: the empty ranges are not searched.)
    return ((line_start == a or not _NOT_BULLET.search(text, line_start, a))
            and (b == line_end or not _NOT_SPACE.search(text, b, line_end)))


def _split_clauses(text: str, start: int, end: int, entities: list[Entity] | PersonMentions,
                   clue: ClauseWords | None = None):
    """Split at a contrast when both sides carry their own attribution; else the whole span.

    `clue`: `ClauseWords(text[start:end])` when the caller has it (its letter runs tell which verb forms to find)."""
    clause = text[start:end] if clue is None else clue.text  # one slice, shared with the attribution's pre-checks
    if clue is None:
        verbs = verb_cues(text, start, end)
    else:  # (most clauses hold no reporting verb: the bit says so without a call)
        # (`verb_cues(..., forms=...)` without its call: the bit means the forms are there)
        verbs = find_verb_forms(text, start, end, clue.report_verb_forms()) if clue.flags & REPORT_VERB else []
    cues = len(verbs) + ("ccording" in clause)  # reporting verbs and "according to"s, roughly
    # Two speakers need two cues; and a break needs one of `_BREAK_PARTS` (most clauses have none: no scan).
    may_break = cues >= 2 and any(map(clause.__contains__, _BREAK_PARTS))
    breaks = _CLAUSE_BREAK.finditer(text, start, end) if may_break else ()
    for m in breaks:
        left = find_attribution(text, start, m.start(), entities=entities)
        right = find_attribution(text, m.end(), end, entities=entities)
        if left and right and not left.pronoun and not right.pronoun:
            return [(start, m.start(), left), (m.end(), end, right)]
    # Without a verb, only the patterns that need none can attribute it (most clauses have neither).
    if verbs or clue is None or clue.flags & VERBLESS:  # (`clue.may_be_attributed_without_a_verb()`)
        return [(start, end, find_attribution(text, start, end, entities=entities, verbs=verbs, clause=clause, clue=clue))]
    return [(start, end, None)]


def _is_person(name: str, span: list[int] | None, entities: list[Entity]) -> bool:
    if span:  # the first entity with a mention around the span decides (plain loops: no generator per entity)
        first, last = span[0], span[1]
        for entity in entities:
            for m in entity.mentions:
                if m[0] <= first and last <= m[1]:
                    return entity.type == "PERSON"
    words = name.split()
    return 1 <= len(words) <= 3 and all(w[0].isupper() for w in words) and words[0].lower() != "the"


def _nearest_person_mention(text: str, before: int, not_before: int, entities: list[Entity]):
    best = None
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for a, b in entity.mentions:
            if not_before <= a and b <= before and (best is None or a > best[0]):
                best = (a, b)
    return best


def _resolve_pronoun(att: Attribution, article: Article, previous: list[Claim], sentence_floor: int):
    """(speaker, span) for a pronoun speaker, or (None, None) when it is not clear."""
    pronoun = att.speaker.lower()
    ents = article.entities
    if pronoun in ("he", "she"):
        for claim in reversed(previous[-3:]):
            if claim.speaker and _is_person(claim.speaker, claim.speaker_span, ents):
                return claim.speaker, claim.speaker_span
        span = _nearest_person_mention(article.text, att.start, sentence_floor, ents)
        if span:
            return article.text[span[0]:span[1]], list(span)
    if pronoun in ("it", "they") and previous and previous[-1].speaker and not _is_person(previous[-1].speaker, previous[-1].speaker_span, ents):
        return previous[-1].speaker, previous[-1].speaker_span
    return None, None


def _build_claim(article: Article, a: int, b: int, index: int, att: Attribution | None, previous: list[Claim], floor: int,
                 words: list[str] | None = None, clue: ClauseWords | None = None) -> Claim:
    """`words` and `clue`: the clause's `_WORD` tokens and `ClauseWords` when the caller has them."""
    text = article.text
    speaker = span = cue = None
    if att:
        cue = att.cue
        if att.pronoun:
            speaker, span = _resolve_pronoun(att, article, previous, floor)
        else:
            speaker, span = att.speaker, [att.start, att.end]
    clause = text[a:b] if clue is None else clue.text
    clue = clue or ClauseWords(clause)  # one tokenisation shared by the shortcut tests of every scan below
    kind = classify(clause, attributed=att is not None, clue=clue, words=words)
    # The clue's bits first (`ClauseWords.flags`): most clauses have none of the words, and the bit tests cost no
    # call. Each is a condition the method after it needs, so the answers are the methods' own.
    flags = clue.flags
    hedge_openers = clue.hedge_openers() if flags & HEDGE else ()  # () when `clue.may_have_hedges()` says no
    hedges = find_hedges(text, a, b, openers=hedge_openers) if hedge_openers != () else []
    # `may_have_dates` needs a relative word, a month, a digit or "day" (of a weekday).
    if (flags & (RELATIVE | MONTH) or clue.digit or "day" in clause) and clue.may_have_dates():
        dates = find_dates(text, article.published, a, b, future=_FUTURE, months=bool(flags & MONTH) and clue.may_name_a_month(),
                           digits=clue.digit, relative=bool(flags & RELATIVE))
    else:
        dates = []
    openers = clue.number_words() if flags & NUMBER or clue.half else ()
    number_words = bool(openers)  # what `clue.may_have_number_words()` says
    # Without number words, every quantity holds a digit, and one that touches a date is skipped.
    # (`clue.may_have_quantities()` is `clue.digit or number_words`.)
    quantities = (find_quantities(text, a, b, skip=[(d.start, d.end) for d in dates], number_words=number_words,
                                  digits=clue.digit, openers=openers)
                  if (clue.digit or number_words) and (number_words or not dates or _digit_outside(text, a, b, dates))
                  else [])
    # Positional, in the order of the fields (text, start, end, kind, speaker, speaker_span, cue, hedged, hedges,
    # quantities, dates, sentence): half the cost of the same call with keywords, once per claim.
    return Claim(clause, a, b, kind, speaker, span, cue, bool(hedges), hedges, quantities, dates, index)


def _digit_outside(text: str, start: int, end: int, dates) -> bool:
    """Whether `text[start:end]` holds a digit outside the spans of `dates`."""
    pos = start
    for date in dates:
        if DIGIT.search(text, pos, date.start):
            return True
        pos = max(pos, date.end)
    return bool(DIGIT.search(text, pos, end))


def find_claims_in(article: Article) -> list[Claim]:
    """The claims of an article whose text and sentences (and, if available, entities) are set."""
    claims: list[Claim] = []
    previous_sentence_start = 0
    last_index = None
    folds = has_case_twin(article.text)  # one test of the article instead of one per clause
    # ClauseWords may then reuse the words (`LOWERS_TO_ASCII` are case twins: without a twin, no search).
    runs_from_words = not folds or not has_lowers_to_ascii(article.text)
    persons = PersonMentions(article.entities)  # looked up by every speaker found
    text = article.text
    for a, b, index, may_be_whole in _segment_spans(article):
        segment = text[a:b]  # the one copy of the segment, shared by the steps below
        words = words_of(segment)  # `kinds._WORD` tokens, shared by the checkability test and, if unsplit, the kind
        # `is_checkable` asks whether the unit is its own line only of units of at most twelve words.
        own_line = may_be_whole and len(words) <= HEADING_WORDS and _is_whole_line(text, a, b)
        if not is_checkable(segment, own_line=own_line, words=words):
            continue
        if index != last_index:
            floor = previous_sentence_start
            previous_sentence_start = article.sentences[index].start if article.sentences else a
            last_index = index
        clue = ClauseWords(segment, folds=folds, words=words if runs_from_words else None)
        if clue.flags & (REPORT_VERB | VERBLESS):
            clauses = _split_clauses(text, a, b, persons, clue)
        else:  # what `_split_clauses` returns without a reporting verb nor a word of the patterns that need none
            clauses = ((a, b, None),)
        whole = len(clauses) == 1  # the segment's tokens serve its one clause
        for ca, cb, att in clauses:
            claims.append(_build_claim(article, ca, cb, index, att, claims, floor, words if whole else None, clue if whole else None))
    return claims


@register("claims", needs=("text", "sentences", "entities", "published"), adds=("claims",), languages=("en",))
def find_claims(doc: Doc, ctx: Context) -> None:
    doc.article.claims = find_claims_in(doc.article)
