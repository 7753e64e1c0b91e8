"""What kind of claim a clause is, whether it is hedged, and whether it is a claim at all.

Kind, first rule that applies:
- "quote": at least half of the clause's characters (not counting spaces) are inside quotation marks.
- "forecast": it speaks of the future or of a probability ("will", "won't", "is expected to", "is likely to",
  "going to", "is set to", "chance", "odds", "forecast", "could open up", "will soon").
- "opinion": outside quotation marks it has a first-person pronoun, "should"/"must"/"ought to", an
  exclamation, a scare-quote marker ("so-called"), or strongly subjective adjectives or adverbs (MPQA list in
  data/claims/strong_subjective.txt): at least two, and at
  least one per fifteen words (so that one judgement word in a long factual sentence does not make it opinion);
  an intensifier ("very", "utterly") before any adjective counts once, before a listed one twice.
- otherwise "reported".
Not a claim (skipped): fewer than four words; questions; a heading (a line without final punctuation of at most
twelve words); a call to action (a clause that opens with an imperative such as "Subscribe", "Click", "Sign up",
"Share", "Follow", "Read more").
"""

from __future__ import annotations

import re

from ..text.scan import matches_at, occurrences
from .lexicons import hedge_pattern, lowered, strong_subjective
from .prechecks import FORECAST, INTENSIFIER, OPINION, SUBJECTIVE, ClauseWords

HEADING_WORDS = 12  # a line of at most this many words without final punctuation is a heading
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{3,}’(?!\w)|«[^»]*»")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# For `words_of`: every byte that a `_WORD` token may hold (ASCII letters, "'", "-", and "\x01" standing for "’")
# kept, every other byte made a space. The bytes of a non-ASCII character in UTF-8 are all >= 0x80: spaces too.
_WORD_BYTES = bytes(b if b < 0x80 and (chr(b).isalpha() or chr(b) in "'-\x01") else 0x20 for b in range(256))
_NOT_OPENING_A_WORD = ("'", "’", "-")  # word characters that are not letters


def words_of(text: str) -> list[str]:
    """`_WORD.findall(text)`, found with C-level string and byte operations instead of the regex (about half the
    instructions: the regex tests every character against its class, and the clause scans call this once per segment).

    A `_WORD` token is a maximal run of word characters ([A-Za-z'’-]) from its first letter on. With every other
    character made a space, `split` gives those runs; when none opens with "'", "’" or "-" (almost always), each
    run is a token. Otherwise, and for a text holding the stand-in "\x01", the regex."""
    if "\x01" in text:
        return _WORD.findall(text)
    curly = "’" in text
    kept = (text.replace("’", "\x01") if curly else text).encode("utf-8", "surrogatepass").translate(_WORD_BYTES).decode("ascii")
    if curly:
        kept = kept.replace("\x01", "’")
    if kept.startswith(_NOT_OPENING_A_WORD) or " '" in kept or " -" in kept or " ’" in kept:
        return _WORD.findall(text)
    return kept.split()


_FORECAST = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|(?:is|are|was|were)\s+(?:expected|likely|unlikely|set|poised|due|bound)\s+to|"
    r"expected\s+to|likely\s+to|about\s+to|plans?\s+to|intends?\s+to|chance|chances|odds|probability|forecasts?|predicts?|"
    r"predicted|could\s+(?:open|lead|soon|trigger|result|mean|see|become|spark|force)|in\s+the\s+coming\s+(?:days|weeks|months|years)|"
    r"next\s+(?:week|month|year)|soon)\b"
)  # lower case, run on lower-cased text: case-insensitive patterns lose the regex engine's fast scan
# "will" as a noun ("the will of the people", "political will") is not the future.
_WILL_NOUN = re.compile(r"\b(?:the|political|free|good|ill|his|her|their|own|of)\s+will\b")
# Case matters: "US" is a country, "I" is always upper case, the others may open a sentence.
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Ww]e|[Ww]e['’](?:re|ve|d|ll)|[Uu]s|[Oo]urs?|[Oo]urselves|[Mm]yself)\b")
_NORMATIVE = re.compile(r"\b(?:should|must|ought\s+to)\b", re.IGNORECASE)
_SCARE = re.compile(r"\bso-called\b|\bself-styled\b|\bself-proclaimed\b", re.IGNORECASE)
# An intensifier before an adjective marks the writer's judgement whatever the adjective ("very tiny").
_INTENSIFIER = re.compile(r"\b(?:very|utterly|totally|completely|absolutely|extremely|truly|incredibly|terribly|awfully)\b[,\s]+([a-z]+)", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:subscribe|click|tap|sign\s+up|sign\s+in|log\s+in|register|share|follow|join|download|donate|watch|listen|"
    r"read\s+more|see\s+also|learn\s+more|comment|leave\s+a\s+comment|get\s+(?:the|our)|don['’]t\s+miss|support\s+us)\b",
    re.IGNORECASE,
)
# The first letters of the call-to-action verbs above: a clause that opens with another ASCII letter cannot match
# (`\W*` then matches nothing, and an ASCII letter matches a pattern letter only as its own upper or lower case).
_CALL_TO_ACTION_FIRST_LETTERS = frozenset(word[0] for word in (
    "subscribe click tap sign log register share follow join download donate watch listen read see learn comment "
    "leave get don support").split())
# The three opinion markers above as one regex, so a clause is scanned once instead of three times.
_OPINION_MARKER = re.compile(rf"(?:{_FIRST_PERSON.pattern})|(?i:{_NORMATIVE.pattern})|(?i:{_SCARE.pattern})")
# Lower-case fragments of which every intensifier holds one (none has "i", "k" or "s", which match other
# letters when case is ignored): a clause without any of them cannot match _INTENSIFIER.
_INTENSIFIER_FRAGMENTS = ("very", "utterly", "totally", "completely", "olutely", "extremely", "truly", "ncred", "terr", "awfully")
# One scan for the fragments instead of ten substring tests (the same answer: is any of them a substring).
_has_intensifier_fragment = re.compile("|".join(map(re.escape, _INTENSIFIER_FRAGMENTS))).search
_MAY_MONTH_CONTEXT = re.compile(r"^\s*(?:\d|of\b|,?\s*(?:19|20)\d\d)")
_MAY_HEDGE_AFTER = re.compile(r"^\s+(?:not|be|have|also|well|yet|still|never|soon|already|[a-z]+)\b")


def _has_quote_mark(text: str) -> bool:
    """Whether the text holds an opening mark of _QUOTED (without one it has no quotation). Four substring tests
    cost a third of one regex scan for the four characters."""
    return "“" in text or '"' in text or "‘" in text or "«" in text


def _outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def quoted_share(text: str, outside: str | None = None) -> float:
    """Share of the clause's non-space characters that are inside quotation marks.

    `outside`: `_outside_quotes(text)` when the caller has it. Each quotation is one space there, so the clause's
    non-space characters less those of `outside` are the quoted ones: no second scan."""
    total = len(text) - text.count(" ")
    if total <= 0:
        return 0.0
    outside = _outside_quotes(text) if outside is None else outside
    return (total - (len(outside) - outside.count(" "))) / total


def _is_may_the_month(text: str, start: int, end: int) -> bool:
    """'May' is the month when followed by a day, "of" or a year, or when capitalised after "in"/"on"/"since"."""
    word = text[start:end]
    after = text[end:end + 8]
    if _MAY_MONTH_CONTEXT.match(after):
        return True
    if word == "May":
        before = text[max(0, start - 7):start].lower()
        if re.search(r"\b(?:in|on|since|by|until|early|late|mid|of|last|next|this)\s+$", before):
            return True
        return not _MAY_HEDGE_AFTER.match(after)
    return False


def find_hedges(text: str, start: int = 0, end: int | None = None, *, openers: tuple[str, ...] | None = None) -> list[str]:
    """The hedging words and phrases in `text[start:end]`, in order, lower-cased; "May" the month is not one.

    `openers`: a word that every match of the hedge pattern opens with, when the caller knows
    (`prechecks.ClauseWords.hedge_openers`): the pattern is then tried only where they stand."""
    end = len(text) if end is None else end
    found: list[str] = []
    low = lowered(text[start:end])
    for m in hedge_pattern().finditer(low) if openers is None else _hedge_matches_at(low, openers):
        if m.group() == "may" and _is_may_the_month(text, start + m.start(), start + m.end()):
            continue
        found.append(" ".join(m.group().split()))
    return found


def _hedge_matches_at(low: str, openers: tuple[str, ...]) -> list[re.Match[str]]:
    """`list(hedge_pattern().finditer(low))` when every match opens with one of `openers`: the pattern opens with a
    lookbehind, so its scan tries every position; tried in order where an opener stands, each after the last
    match's end, it finds the same matches (a lookbehind sees the text before the position tried)."""
    return matches_at(hedge_pattern(), low, {i for word in openers for i in occurrences(low, word)})


# Where a `_FORECAST` match that holds each of the forecast words (`prechecks.ClauseWords`' FORECAST keys) opens:
# the word itself, the verb before it ("is expected to") or "in" ("in the coming days"), "'ll" or "’ll".
_BE = ("is", "are", "was", "were")
_FORECAST_OPENERS = {
    **{word: (word,) for word in ("will", "won", "shall", "going", "about", "odds", "probability", "could", "next", "soon")},
    "ll": ("'ll", "’ll"), "expected": _BE + ("expected",), "likely": _BE + ("likely",), "coming": ("in",),
    **{word: _BE for word in ("unlikely", "set", "poised", "due", "bound")},
    **{word: (word[:-1],) for word in ("plans", "intends", "chances", "forecasts", "predicts")},
    **{word: (word,) for word in ("plan", "intend", "chance", "forecast", "predict")}, "predicted": ("predict",),
}


def _is_forecast(text: str, keys: frozenset[str] | None = None) -> bool:
    """Whether `text` holds a `_FORECAST` match other than "will" the noun.

    `keys`: the clause's forecast words, when the caller knows them (`ClauseWords.keys`; the clause holds the text's
    words): the pattern is then tried only where a match holding one of them can open (`_FORECAST_OPENERS`). The
    answer is the scan's: a match the scan steps over lies inside an earlier match, which is longer than "will"."""
    low = lowered(text)
    if keys is None:
        matches = _FORECAST.finditer(low)
    else:
        openers = {opener for key in keys if key in _FORECAST_OPENERS for opener in _FORECAST_OPENERS[key]}
        matches = _forecast_matches_at(low, openers)
    for m in matches:
        if m.group() == "will" and _WILL_NOUN.search(low, max(0, m.start() - 12), m.end()):
            continue
        return True
    return False


def _forecast_matches_at(low: str, openers: set[str]):
    """The `_FORECAST` matches that open where one of `openers` stands, in no particular order."""
    match = _FORECAST.match
    for opener in openers:
        for i in occurrences(low, opener):
            m = match(low, i)
            if m:
                yield m


# Where an `_OPINION_MARKER` match holding each of the opinion words (`prechecks.ClauseWords`' OPINION keys) opens,
# in the lower-cased text ("I" is looked for as it is: the pattern takes it in upper case only).
_OPINION_OPENERS = {
    **{word: (word,) for word in ("me", "my", "we", "us", "our", "should", "must", "ought")},
    "ours": ("our",), "ourselves": ("our",), "myself": ("my",),
    "called": ("so-called",), "styled": ("self-styled",), "proclaimed": ("self-proclaimed",),
}


def _has_opinion_marker(outside: str, clue: ClauseWords) -> bool:
    """`bool(_OPINION_MARKER.search(outside))`, the pattern tried only where a match can open: at the clause's opinion
    words (its `keys`; `outside` holds none that the clause does not). With a case twin in the clause, or when
    lower-casing moves offsets, the scan (the twins match letters of the words when case is ignored)."""
    low = outside.lower()
    if clue.folds or len(low) != len(outside):
        return bool(_OPINION_MARKER.search(outside))
    match = _OPINION_MARKER.match
    keys = clue.keys
    if "i" in keys and any(match(outside, i) for i in occurrences(outside, "I")):
        return True
    openers = {opener for key in keys if key in _OPINION_OPENERS for opener in _OPINION_OPENERS[key]}
    return any(match(outside, i) for opener in openers for i in occurrences(low, opener))


def _subjective_count(words: list[str], outside: str, clue: ClauseWords | None = None) -> int:
    """Distinct strongly subjective words (lower-case forms only: capitalised ones are names), plus intensifiers."""
    # The clue's bits say when no word can be a subjective one or an intensifier (most clauses): no set is built.
    count = len(strong_subjective().intersection(words)) if clue is None or clue.flags & SUBJECTIVE else 0
    if not (clue.flags & INTENSIFIER if clue else _has_intensifier_fragment(outside.lower())):
        return count
    count += sum(2 if m.group(1).lower() in strong_subjective() else 1 for m in _INTENSIFIER.finditer(outside))
    return count


def classify(text: str, *, attributed: bool, clue: ClauseWords | None = None, words: list[str] | None = None) -> str:
    """The kind of one clause: "quote", "forecast", "opinion" or "reported" (rules in the module docstring).

    `clue`: `ClauseWords(text)` when the caller has it; it lets scans that cannot match be skipped.
    `words`: `_WORD.findall(text)` when the caller has it (used only when the clause has no quotation)."""
    clue = clue or ClauseWords(text)
    if _has_quote_mark(text):
        outside = _outside_quotes(text)
        if quoted_share(text, outside) >= 0.5:
            return "quote"
        words = words_of(outside)
    else:  # nothing quoted: the clause is its own outside
        outside = text
        words = words_of(text) if words is None else words
    flags = clue.flags  # (bit tests: `ClauseWords.may_be_forecast` and `may_have_opinion_marker` without their calls)
    if flags & FORECAST and _is_forecast(text if attributed else outside, clue.keys):
        return "forecast"
    if ((flags & OPINION and _has_opinion_marker(outside, clue))
            or ("!" in outside and outside.rstrip().endswith("!"))
            or (flags & (SUBJECTIVE | INTENSIFIER) and _subjective_count(words, outside, clue) >= max(2, len(words) / 15))):
        return "opinion"
    return "reported"


def is_checkable(text: str, *, own_line: bool, words: list[str] | None = None) -> bool:
    """False for what holds nothing to check: short fragments, questions, headings and calls to action.

    `words`: `_WORD.findall(text)` when the caller has it."""
    words = words_of(text) if words is None else words
    if len(words) < 4:
        return False
    stripped = text.rstrip(" \t\"'”’)]0123456789[")
    if stripped.endswith("?"):
        return False
    if own_line and len(words) <= HEADING_WORDS and not re.search(r"[.!:;”\"’]\s*(?:\[\d+\])?\s*$", text):
        return False
    first = text[0]  # (a clause of four words is not empty)
    if first.isascii() and first.isalpha() and first.lower() not in _CALL_TO_ACTION_FIRST_LETTERS:
        return True
    return not _CALL_TO_ACTION.match(text)
