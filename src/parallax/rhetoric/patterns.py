"""Context patterns for loaded language that a word list cannot express.

Each finder takes the article text (and the lexicon) and yields candidate
`LoadedSpan`s; `parallax.rhetoric.find_loaded` ranks them and removes overlaps.
All offsets index the text they were given.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import LoadedSpan
from .lexicon import Lexicon

WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_TAIL_WORDS = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*[\s,]*$")

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


def regime_spans(text: str, lex: Lexicon) -> Iterator[LoadedSpan]:
    """'the Kiev regime' -> 'Ukrainian government'; 'the regime of X' -> 'government'.

    Only when a capitalised name or demonym (or an 'of/in Name' phrase) makes it
    a government: 'sanctions regime' or 'a training regime' are technical terms.
    """
    for m in _REGIME.finditer(text):
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


def so_called_spans(text: str) -> Iterator[LoadedSpan]:
    """'so-called experts' mocks (sarcasm); 'so-called victory' distances (like scare quotes)."""
    for m in _SO_CALLED.finditer(text):
        phrase = m.group(1)
        kind = "sarcasm" if phrase.lower() in _PERSON_NOUNS else "scare-quotes"
        yield LoadedSpan(m.start(), m.end(), text[m.start() : m.end()], kind, phrase, "pattern:so-called")


# --- scare quotes --------------------------------------------------------------
_QUOTED = re.compile(r"“([^“”\n]{1,40})”|(?<![\w\"])\"([^\"\n]{1,40})\"(?![\w])|(?<![\w‘’])‘([^‘’\n]{1,30})’(?![\w])")
# Cues that a quoted phrase reports someone's words, or names a thing, instead of mocking it.
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|telling|called|calls|calling|dubbed|termed|described|describes|describing|"
    r"wrote|writes|tweeted|posted|asked|according|quoted|labell?ed|branded|known|named|word|words|term|phrase|slogan|"
    r"motto|hashtag|title|titled|entitled|headline|talking|talked|spoke|referred|refers|promised|vowed|warned|"
    r"declared|insisted|argued|added|stated|claimed|claims|noted|notes|noting|observed|pledged|statement|statements|"
    r"blaming|blamed|accused|accusing)\b[^.!?]{0,90}$",
    re.IGNORECASE,
)
# Attribution later in the sentence ("...", the commander said), or a gloss that names a thing (" — a place where").
_SPEECH_AFTER = re.compile(r"[^.!?\n]{0,100}?\b(?:said|says|added|wrote|told|asked|according to)\b|\s*(?:—|–|\(|, (?:a|an|the|which)\b)")
_NOT_A_NOUN_PHRASE = frozenset(
    "i you he she it we they me him her us them my your its our their this that to is are was were be been being will would "
    "can could should must may might shall have has had do does did not no yes".split()
)
_PRAISE = frozenset("brilliant genius geniuses experts expert smart great heroes heroic hero success victory triumph friends allies democracy".split())


def scare_quote_spans(text: str) -> Iterator[LoadedSpan]:
    """A one-to-three word lower-case phrase in quotes that nobody is reported as saying.

    Partial quotations of speech ("intends to assassinate") hold a verb, pronoun
    or "to"; titles and names start with a capital; both are left alone.
    """
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        words = inner.strip(" ,.").split()
        if not 1 <= len(words) <= 3 or inner != inner.strip() or not inner[0].islower():
            continue
        if any(ch in inner.rstrip(",.") for ch in ".!?;:") or any(w.lower().strip(",.") in _NOT_A_NOUN_PHRASE for w in words):
            continue
        if any(w[0].isupper() for w in words[1:]) or words[0].endswith("ing"):
            continue  # a name inside, or an action ("invading X"): a partial quotation of a statement
        before = text[max(0, m.start() - 130) : m.start()]
        if _SPEECH_BEFORE.search(before) or before.rstrip().endswith(":"):
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


# Letters that a case-insensitive regex matches although lower() does not turn them into the ASCII letter.
_CASE_FOLD_ODDITIES = ("ı", "İ", "ſ", "\u212a")
_INSULT_STEMS = ("clown", "tard", "idiot", "moron", "nazi", "fascist")


def _may_hold_compound_insult(text: str) -> bool:
    """A cheap substring test before _COMPOUND_INSULT, which scans slowly (a look-behind, case ignored)."""
    if any(odd in text for odd in _CASE_FOLD_ODDITIES):
        return True
    low = text.lower()
    return any(stem in low for stem in _INSULT_STEMS)


def compound_insult_spans(text: str) -> Iterator[LoadedSpan]:
    if not _may_hold_compound_insult(text):
        return
    for m in _COMPOUND_INSULT.finditer(text):
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
