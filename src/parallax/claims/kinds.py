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

from .lexicons import hedge_pattern, lowered, strong_subjective
from .prechecks import FORECAST, INTENSIFIER, OPINION, SUBJECTIVE, ClauseWords

_HEADING_WORDS = 12  # a line of at most this many words without final punctuation is a heading
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{3,}’(?!\w)|«[^»]*»")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
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


def quoted_share(text: str) -> float:
    """Share of the clause's non-space characters that are inside quotation marks."""
    total = len(text) - text.count(" ")
    if total <= 0:
        return 0.0
    quoted = "".join(_QUOTED.findall(text))  # one call instead of a loop over the matches
    inside = len(quoted) - quoted.count(" ")
    return inside / total


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


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The hedging words and phrases in `text[start:end]`, in order, lower-cased; "May" the month is not one."""
    end = len(text) if end is None else end
    found: list[str] = []
    low = lowered(text[start:end])
    for m in hedge_pattern().finditer(low):
        if m.group() == "may" and _is_may_the_month(text, start + m.start(), start + m.end()):
            continue
        found.append(" ".join(m.group().split()))
    return found


def _is_forecast(text: str) -> bool:
    low = lowered(text)
    for m in _FORECAST.finditer(low):
        if m.group() == "will" and _WILL_NOUN.search(low, max(0, m.start() - 12), m.end()):
            continue
        return True
    return False


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
        if quoted_share(text) >= 0.5:
            return "quote"
        outside = _outside_quotes(text)
        words = _WORD.findall(outside)
    else:  # nothing quoted: the clause is its own outside
        outside = text
        words = _WORD.findall(text) if words is None else words
    flags = clue.flags  # (bit tests: `ClauseWords.may_be_forecast` and `may_have_opinion_marker` without their calls)
    if flags & FORECAST and _is_forecast(text if attributed else outside):
        return "forecast"
    if ((flags & OPINION and _OPINION_MARKER.search(outside))
            or ("!" in outside and outside.rstrip().endswith("!"))
            or (flags & (SUBJECTIVE | INTENSIFIER) and _subjective_count(words, outside, clue) >= max(2, len(words) / 15))):
        return "opinion"
    return "reported"


def is_checkable(text: str, *, own_line: bool, words: list[str] | None = None) -> bool:
    """False for what holds nothing to check: short fragments, questions, headings and calls to action.

    `words`: `_WORD.findall(text)` when the caller has it."""
    words = _WORD.findall(text) if words is None else words
    if len(words) < 4:
        return False
    stripped = text.rstrip(" \t\"'”’)]0123456789[")
    if stripped.endswith("?"):
        return False
    if own_line and len(words) <= _HEADING_WORDS and not re.search(r"[.!:;”\"’]\s*(?:\[\d+\])?\s*$", text):
        return False
    first = text[0]  # (a clause of four words is not empty)
    if first.isascii() and first.isalpha() and first.lower() not in _CALL_TO_ACTION_FIRST_LETTERS:
        return True
    return not _CALL_TO_ACTION.match(text)
