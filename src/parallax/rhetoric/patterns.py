"""Context patterns for loaded language that a word list cannot express.

Each finder takes the article text (and the lexicon) and yields candidate
`LoadedSpan`s; `parallax.rhetoric.find_loaded` ranks them and removes overlaps.
All offsets index the text they were given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import LoadedSpan
from ..text.casefold import has_case_twin
from ..text.scan import matches_at, occurrences
from .lexicon import Lexicon

WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_TAIL_WORDS = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*[\s,]*$")

# Latin-1 bytes -> ASCII letters lower-cased, everything else a space: the text's letter runs in one C pass.
_FOLD_TO_LETTER_RUNS = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if 97 <= byte <= 122 else 32 for byte in range(256)
)

# Whole letter runs the context patterns cannot match without (see `Scan`): "the X regime(s)/junta(s)"
# and "so-called".
_REGIME_RUNS = frozenset((b"regime", b"regimes", b"junta", b"juntas"))
_SO_CALLED_RUNS = frozenset((b"so", b"called"))
PATTERN_RUNS = _REGIME_RUNS | _SO_CALLED_RUNS


@lru_cache(maxsize=8)
def _with_pattern_runs(lexicon_runs: frozenset[bytes]) -> frozenset[bytes]:
    return lexicon_runs | PATTERN_RUNS


class Scan:
    """What the finders share about one text, computed once: its ASCII letter runs (lower-cased, as
    bytes: `folded`, one byte per character of the text, so that offsets in it are the text's), and
    those of them that are `runs_of_interest` (`runs`), for cheap pre-checks.

    The pre-checks only skip work: a finder whose pre-check passes runs exactly as without one.
    `plain_case` is False when the text holds a character that case-insensitive matching or
    lower() treats unlike ASCII (see text/casefold.py); then no pre-check that relies on case is trusted.
    """

    __slots__ = ("text", "folded", "runs", "plain_case")

    def __init__(self, text: str, runs_of_interest: frozenset[bytes] = frozenset()):
        self.text = text
        # Latin-1 with "?" for every other character keeps one byte per character; the table then
        # turns everything but ASCII letters into spaces.
        self.folded = text.encode("latin-1", "replace").translate(_FOLD_TO_LETTER_RUNS)
        # Intersecting with the split list hashes each run once and builds no set of all of them. The context
        # patterns' own words are always of interest: their finders skip a text whose `runs` lack them.
        self.runs = _with_pattern_runs(runs_of_interest).intersection(self.folded.split())
        self.plain_case = not has_case_twin(text)

    @classmethod
    def for_lexicon(cls, text: str, lex: Lexicon) -> "Scan":
        return cls(text, lex.index.runs)

    def occurrences(self, key: str) -> list[int]:
        """Every index where `key` (lower case; letters, "-" and "'") starts in the text lower-cased
        with ’ as ', overlapping ones too; only for a `plain_case` text.

        Found in `folded`, where the text's ASCII letters stand lower-cased at their own offsets and
        nothing else is a letter (only the case twins lower-case to ASCII letters), so a key of
        letters alone is found exactly; a key with joiners is found with spaces for them and each
        place is then checked against the text."""
        spaced = key.replace("-", " ").replace("'", " ")
        found = list(occurrences(self.folded, spaced.encode()))
        if spaced == key:
            return found
        end = len(key)
        text = self.text
        return [i for i in found if text[i : i + end].lower().replace("’", "'") == key]


# --- "the X regime": a government named by the speaker's disapproval ---------
_REGIME = re.compile(r"\b(regimes?|juntas?)\b(?!\s+change)", re.IGNORECASE)
_CAPITALISED_BEFORE = re.compile(r"((?:[A-Z][A-Za-z'’.-]*\s+){1,3})$")
_REGIME_OF = re.compile(r"\s+(?:of|in)\s+[A-Z]")
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "new", "old", "current", "former"}


def _government_neutral(modifier: str, plural: bool, lex: Lexicon) -> str:
    noun = "governments" if plural else "government"
    name = modifier.rstrip(".")
    adjective = lex.governments.get(name.lower()) or lex.governments.get(name.split()[-1].lower())
    if adjective is None and name.lower() in {a.lower() for a in lex.governments.values()}:
        adjective = name
    return f"{adjective or name} {noun}"


def regime_spans(text: str, lex: Lexicon, scan: Scan | None = None) -> Iterator[LoadedSpan]:
    """'the Kiev regime' -> 'Ukrainian government'; 'the regime of X' -> 'government'.

    Only when a capitalised name or demonym (or an 'of/in Name' phrase) makes it
    a government: 'sanctions regime' or 'a training regime' are technical terms.
    """
    for m in _regime_matches(text, scan or Scan(text)):
        plural = m.group(1).lower().endswith("s")
        before = _CAPITALISED_BEFORE.search(text, max(0, m.start() - 60), m.start())
        tokens = list(re.finditer(r"\S+", before.group(1))) if before else []  # positions within the run
        ends = [i for i, t in enumerate(tokens) if t.group()[-1] in ".!?" and len(t.group().rstrip(".")) > 2]
        if ends:
            tokens = tokens[ends[-1] + 1:]  # never reach back across a sentence end ("...Monday. The regime")
        while tokens and tokens[0].group().lower() in _DETERMINERS:
            tokens.pop(0)
        words = [t.group() for t in tokens]
        if words and words[-1][-2:] in ("'s", "’s"):
            words = []  # "Syria's regime": the possessive is fine, "regime" alone is flagged below
        if words:
            start = before.start(1) + tokens[0].start()
            yield LoadedSpan(start, m.end(), text[start:m.end()], "loaded", _government_neutral(" ".join(words), plural, lex), "pattern:regime")
        elif _REGIME_OF.match(text, m.end()) or (before is None and _possessive_name_before(text, m.start())):
            yield LoadedSpan(m.start(), m.end(), m.group(1), "loaded", "governments" if plural else "government", "pattern:regime")


def _regime_matches(text: str, scan: Scan) -> Iterator[re.Match]:
    """`_REGIME.finditer(text)` (slow: case ignored, the engine tries every character), tried only
    where "regime" or "junta" stands in the folded text, as it does wherever a match starts."""
    if not scan.plain_case:
        yield from _REGIME.finditer(text)
        return
    if scan.runs.isdisjoint(_REGIME_RUNS):
        return  # a match is a whole letter run "regime(s)" or "junta(s)", in any case
    end = 0
    for start in sorted([*occurrences(scan.folded, b"regime"), *occurrences(scan.folded, b"junta")]):
        if start >= end:  # finditer goes on after a match's end
            m = _REGIME.match(text, start)
            if m:
                end = m.end()
                yield m


def _possessive_name_before(text: str, index: int) -> bool:
    tail = text[max(0, index - 30) : index].rstrip()
    return bool(re.search(r"\b[A-Z][A-Za-z-]+['’]s$", tail))


# --- "so-called X" -----------------------------------------------------------
_SO_CALLED = re.compile(r"\b[Ss]o[- ]called\s+[\"“‘']?((?:[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*){0,3})|[a-z][\w'’-]*)")
_PERSON_NOUNS = frozenset(
    "experts expert geniuses genius leaders leader journalists journalist analysts analyst scientists allies ally friends "
    "friend patriots patriot heroes hero liberals conservatives progressives elite elites president government "
    "intellectuals authorities specialists professionals democrats republicans moderates".split()
)


def so_called_spans(text: str, scan: Scan | None = None) -> Iterator[LoadedSpan]:
    """'so-called experts' mocks (sarcasm); 'so-called victory' distances (like scare quotes)."""
    for m in _so_called_matches(text, scan):
        phrase = m.group(1)
        kind = "sarcasm" if phrase.lower() in _PERSON_NOUNS else "scare-quotes"
        yield LoadedSpan(m.start(), m.end(), text[m.start() : m.end()], kind, phrase, "pattern:so-called")


def _so_called_matches(text: str, scan: Scan | None) -> Iterator[re.Match]:
    """`_SO_CALLED.finditer(text)`. With a `Scan`, tried only where "so called" stands in its folded
    text, as it does wherever a match starts ("[Ss]o[- ]called": case and the hyphen folded away)."""
    if scan is None:
        if "o-called" in text or "o called" in text:  # the pattern is case-sensitive: else no match
            yield from _SO_CALLED.finditer(text)
        return
    if not scan.runs.issuperset(_SO_CALLED_RUNS):
        return  # "so" and "called" are whole letter runs of any match (set look-ups, not searches)
    end = 0
    for start in occurrences(scan.folded, b"so called"):
        if start >= end:  # finditer goes on after a match's end
            m = _SO_CALLED.match(text, start)
            if m:
                end = m.end()
                yield m


# --- scare quotes --------------------------------------------------------------
# Every branch starts with its quote mark (the look-behind follows it) so the regex engine jumps
# from quote mark to quote mark instead of trying three branches at every character.
_QUOTED = re.compile(r"“([^“”\n]{1,40})”|\"(?<![\w\"]\")([^\"\n]{1,40})\"(?![\w])|‘(?<![\w‘’]‘)([^‘’\n]{1,30})’(?![\w])")
# Cues that a quoted phrase reports someone's words, or names a thing, instead of mocking it.
_SPEECH_CUES = (
    "said says say saying told tells telling called calls calling dubbed termed described describes describing "
    "wrote writes tweeted posted asked according quoted labeled labelled branded known named word words term phrase "
    "slogan motto hashtag title titled entitled headline talking talked spoke referred refers promised vowed warned "
    "declared insisted argued added stated claimed claims noted notes noting observed pledged statement statements "
    "blaming blamed accused accusing"
).split()
_SPEECH_WITHIN = 90  # characters from the end of a cue word to the quotation, within one sentence
_SPEECH_BEFORE = re.compile(rf"\b(?:{'|'.join(_SPEECH_CUES)})\b[^.!?]{{0,{_SPEECH_WITHIN}}}$", re.IGNORECASE)
_LONGEST_CUE = max(map(len, _SPEECH_CUES))
_SPEECH_CUE_RUNS = frozenset(cue.encode() for cue in _SPEECH_CUES)


def _speech_cue_before(before: str) -> bool:
    """`_SPEECH_BEFORE.search(before)`, tried only where a match can start: after the last sentence
    end and close enough to the end (`pos` keeps the character before it in view for \\b), and only
    when a cue stands there as a whole letter run (the case-insensitive alternation of every cue
    is slow to try; a case twin, which it matches to an ASCII letter, leaves the decision to it)."""
    sentence_start = max(before.rfind("."), before.rfind("!"), before.rfind("?")) + 1
    pos = max(sentence_start, len(before) - _SPEECH_WITHIN - _LONGEST_CUE - 1)  # - 1: $ also matches before a final \n
    window = before[pos:]
    if _SPEECH_CUE_RUNS.isdisjoint(_letter_runs(window)) and not has_case_twin(window):
        return False
    return _SPEECH_BEFORE.search(before, pos) is not None


def _letter_runs(text: str) -> list[bytes]:
    """The ASCII letter runs of `text`, lower-cased (as `Scan` finds them)."""
    return text.encode("latin-1", "replace").translate(_FOLD_TO_LETTER_RUNS).split()


# Attribution later in the sentence ("...", the commander said), or a gloss that names a thing (" — a place where").
_SPEECH_AFTER = re.compile(r"[^.!?\n]{0,100}?\b(?:said|says|added|wrote|told|asked|according to)\b|\s*(?:—|–|\(|, (?:a|an|the|which)\b)")
_NOT_A_NOUN_PHRASE = frozenset(
    "i you he she it we they me him her us them my your its our their this that to is are was were be been being will would "
    "can could should must may might shall have has had do does did not no yes".split()
)
_PRAISE = frozenset("brilliant genius geniuses experts expert smart great heroes heroic hero success victory triumph friends allies democracy".split())


_QUOTE_MARKS = ("“", "\"", "‘")  # the first character of each of _QUOTED's branches


def _quoted_matches(text: str) -> Iterator[re.Match]:
    """`_QUOTED.finditer(text)`, tried only at the quote marks its matches start with (found by
    `str.find`, far quicker than the regex engine's scan for them)."""
    return iter(matches_at(_QUOTED, text, [i for mark in _QUOTE_MARKS for i in occurrences(text, mark)]))


def scare_quote_spans(text: str) -> Iterator[LoadedSpan]:
    """A one-to-three word lower-case phrase in quotes that nobody is reported as saying.

    Partial quotations of speech ("intends to assassinate") hold a verb, pronoun
    or "to"; titles and names start with a capital; both are left alone.
    """
    for m in _quoted_matches(text):
        inner = next(g for g in m.groups() if g is not None)
        words = inner.strip(" ,.").split()
        if not 1 <= len(words) <= 3 or inner != inner.strip() or not inner[0].islower():
            continue
        if any(ch in inner.rstrip(",.") for ch in ".!?;:") or any(w.lower().strip(",.") in _NOT_A_NOUN_PHRASE for w in words):
            continue
        if any(w[0].isupper() for w in words[1:]) or words[0].endswith("ing"):
            continue  # a name inside, or an action ("invading X"): a partial quotation of a statement
        before = text[max(0, m.start() - 130) : m.start()]
        if before.rstrip().endswith(":") or _speech_cue_before(before):
            continue
        if _SPEECH_AFTER.match(text, m.end(), min(len(text), m.end() + 120)):
            continue
        kind = "sarcasm" if any(w.lower().strip(",.") in _PRAISE for w in words) else "scare-quotes"
        yield LoadedSpan(m.start(), m.end(), m.group(0), kind, inner.strip(" ,."), "pattern:scare-quotes")


# --- name-calling compounds ("neoclowns", "libtards") --------------------------
# Found by the insult at the end, then widened to the whole word: a pattern that starts at
# every word ("\w+clowns") backtracks on each one and cost milliseconds per article.
_COMPOUND_INSULT = re.compile(r"(?<=[A-Za-z])-?(?:clowns?|tards?|idiots?|morons?|nazis?|fascists?)\b", re.IGNORECASE)
_WORD_START = re.compile(r"[A-Za-z]+$")
_NOT_INSULTS = frozenset(
    "standard standards mustard mustards custard custards bustard bustards leotard leotards petard petards "
    "dastard dastards".split()
)
_PLAIN_GROUP_PREFIXES = ("anti", "neo-nazi", "neo-fascist")  # "anti-fascists", "neo-Nazis": descriptive labels


_INSULT_STEMS = tuple(stem.encode() for stem in ("clown", "tard", "idiot", "moron", "nazi", "fascist"))


def _compound_insult_matches(text: str, scan: Scan) -> Iterator[re.Match]:
    """`_COMPOUND_INSULT.finditer(text)`, which scans slowly (a look-behind at every character, case
    ignored), tried only at the insult stems found in the folded text and the hyphen before them."""
    if not scan.plain_case:
        yield from _COMPOUND_INSULT.finditer(text)
        return
    starts = set()
    for stem in _INSULT_STEMS:
        for i in occurrences(scan.folded, stem):  # letters only: found here as in the lower-cased text
            starts.update((i - 1, i) if i else (i,))
    yield from matches_at(_COMPOUND_INSULT, text, starts)


def compound_insult_spans(text: str, scan: Scan | None = None) -> Iterator[LoadedSpan]:
    for m in _compound_insult_matches(text, scan or Scan(text)):
        prefix = _WORD_START.search(text, max(0, m.start() - 30), m.start())
        if prefix is None or prefix.end() - prefix.start() < 2:
            continue
        start = prefix.start()
        word = text[start : m.end()].lower()
        if word in _NOT_INSULTS or word.startswith(_PLAIN_GROUP_PREFIXES):
            continue
        yield LoadedSpan(start, m.end(), text[start : m.end()], "name-calling", None, "pattern:compound-insult")


# --- people context: is a dehumanising noun applied to people? ----------------
_PEOPLE_CUES = frozenset(
    "these those such like are were be being you liberal liberals conservative conservatives leftist leftists "
    "progressive woke western right-wing left-wing mere brainwashed".split()
)
_COLLECTIVES = frozenset("bunch pack gang horde".split())
_SENTENCE_FUNCTION_WORDS = frozenset("the a an this that it in on at of for and but or as if when while some many all".split())


def applied_to_people(text: str, start: int) -> bool:
    """True when the word at `start` follows a group name ("Russian parrots"), a
    demonstrative ("these animals"), a political label or a copula ("they are sheep")."""
    tail = text[max(0, start - 40) : start]
    words = WORD.findall(tail)
    if not words or not re.search(r"[A-Za-z'’]\s*$", tail):
        return False  # punctuation in between: the cue belongs to another phrase
    prev = words[-1]
    if prev.lower() in _PEOPLE_CUES:
        return True
    if prev.lower() == "of" and len(words) > 1 and words[-2].lower() in _COLLECTIVES:
        return True
    if prev[0].isupper() and prev.lower() not in _SENTENCE_FUNCTION_WORDS and not prev.endswith(("'s", "’s")):
        return True
    return False
