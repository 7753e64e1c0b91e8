"""Find name mentions in English text without a trained NER model.

Capitalised token runs are the candidates. Connectors ("of", "for the") join runs
when the words before them make an institution ("Institute for the Study of War");
leading titles ("President", "Sec.") are stripped and count as PERSON evidence;
sentence-initial words only count when the same word is seen capitalised
mid-sentence, is a known place, or starts a longer run. Once a name is accepted,
every occurrence of it in the article is a mention (consistency), including
those at sentence starts and in title-case headlines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

from ..text.memo import BoundedMemo
from .tokens import NOT_READ, POSSESSIVE_ENDINGS, TOKEN, WORD_BEFORE, Token, Tokens

DATA = Path(__file__).resolve().parent.parent / "data"

# What may sit between two tokens of one name: spaces, or "." after an abbreviation ("Sec. ").
SAME_NAME_GAP = re.compile(r"[ \t\u00a0]+")
_GAP_STARTS = frozenset(" \t\u00a0.")  # the first character of every gap _adjacent_gap allows


@dataclass(frozen=True)
class Words:
    """The word lists of data/entity_words.yaml, as sets."""

    stopwords: frozenset
    titles: frozenset
    connectors: frozenset
    name_particles: frozenset
    org: frozenset
    group: frozenset
    event: frozenset
    place: frozenset
    place_nouns: frozenset
    place_prepositions: frozenset
    person_verbs: frozenset
    demonyms: frozenset
    places: frozenset  # countries and cities, as written
    countries: frozenset
    acronyms: dict
    institutions: frozenset = frozenset()  # org | group, precomputed for the hot loops
    single_word_drops: frozenset = frozenset()  # stopwords | connectors | titles | demonyms: never a name alone


@lru_cache(maxsize=1)
def load_words() -> Words:
    raw = yaml.safe_load((DATA / "entity_words.yaml").read_text(encoding="utf-8"))
    low = lambda key: frozenset(str(w).lower().replace("’", "'") for w in raw[key])  # noqa: E731
    acronyms = {str(a): kind for kind, names in raw["acronyms"].items() for a in names}
    return Words(
        low("stopwords"), low("titles"), low("connectors"), low("name_particles"), low("org_keywords"),
        low("group_keywords"), low("event_keywords"), low("place_keywords"), low("place_nouns"),
        low("place_prepositions"), low("person_verbs"), low("demonyms"),
        frozenset(str(w) for w in raw["countries"] + raw["regions"] + raw["cities"]),
        frozenset(str(w) for w in raw["countries"] + raw["regions"]), acronyms,
        low("org_keywords") | low("group_keywords"),
        low("stopwords") | low("connectors") | low("titles") | low("demonyms"),
    )


class Mentions:
    """The mentions of one surface text: `spans` ([start, end], in reading order) and `votes`, the type
    evidence from the text for the name its first mention spells (read-only: shared by its mentions)."""

    __slots__ = ("votes", "spans")

    def __init__(self, votes: Counter, spans: list[list[int]]):
        self.votes, self.spans = votes, spans


def _without_possessive(word: str) -> str:
    """A raw token's text, as its Token has it."""
    return word[:-2] if len(word) > 2 and word[-1] in "sS" and word[-2] in "'’" else word


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def headline_lines(text: str, tokens: Tokens) -> list[tuple[int, int]]:
    """Spans of title-case lines ("Wagner Chief Doesn't Believe ..."): capitals there say nothing.

    A headline's words of four letters or more are three or more, and at least 80% capitalised.
    The capitalised ones are counted from the text's capitalised tokens (no token crosses a line
    break); the line's tokens are read only until the others are too many, which a sentence shows
    within its first words.
    """
    spans, pos = [], 0
    cap_starts = None  # starts of the capitalised tokens, listed when a line needs them
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        # Most lines are sentences ending in "." or blank: test that before tokenising the line.
        # Under 12 characters a line cannot hold three words of four letters or more.
        # (Blank lines, half of all, fail the length test before rstrip copies them.)
        if len(line) >= 12 and len(stripped := line.rstrip()) >= 12 and stripped[-1] not in ".,;":
            if cap_starts is None:
                cap_starts = tokens.cap_starts()
            # Only the line's own capitalised tokens are read (few lines get here).
            on_line = tokens.caps[bisect_left(cap_starts, pos):bisect_left(cap_starts, end)]
            caps = len([tok for tok in on_line if tok.raw_end - tok.start > 3])
            others = 0
            if caps >= 3:
                for match in TOKEN.finditer(text, pos, end):
                    word = match.group()
                    if len(word) > 3 and not word[0].isupper():
                        others += 1
                        if caps < 0.8 * (caps + others):
                            break
                else:
                    spans.append((pos, end))
        pos = end
    return spans


def _caps_in_spans(tokens: Tokens, spans: list[tuple[int, int]]) -> set[int]:
    """The starts of the capitalised tokens inside `spans`: `_in_spans(tok.start, spans)` for every capitalised
    token at once (a slice of the sorted starts per span instead of a test of every span per token)."""
    starts = tokens.cap_starts()
    return {start for a, b in spans for start in starts[bisect_left(starts, a):bisect_left(starts, b)]}


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def capitalised_runs(text: str, tokens: Tokens, words: Words, lone_names_only: bool = False) -> list[list[Token]]:
    """The tokens forming candidate names, joined across connectors where allowed.

    With `lone_names_only`, the one-word runs found before a plain lowercase word (the commonest runs)
    are left out unless their word may be a name on its own (`_LONE_WORDS`), as find_candidates would.
    """
    runs: list[list[Token]] = []
    connector_forms = _connector_forms(words.connectors)
    lone_words = _LONE_WORDS
    read_up_to = -1  # tokens starting up to here are read: a run goes on from the next capitalised token only
    # Outside a run only a capitalised token can start one, so jump from one to the next.
    for tok in tokens.caps:
        if tok.start <= read_up_to or tok.digit:
            continue
        plain = tok.plain_after
        if plain is not None and plain not in connector_forms:
            # most runs: one word before a plain lowercase one ("The", "He", "Moscow said"); only non-word
            # characters come before that word, so no capitalised token starts before it ends: read_up_to stays
            if not lone_names_only or lone_words[tok.text]:
                runs.append([tok])
            continue
        following = tok.following  # read here, not through a call, when already known ("Joe Biden")
        if following is NOT_READ:
            following = tokens.after_unless_plain(tok, connector_forms)
        if following is None:
            runs.append([tok])
            read_up_to = len(text)
        elif following.__class__ is int:  # the start of a lowercase word that is no connector
            runs.append([tok])  # the same, with more than non-word characters before the lowercase word
            read_up_to = following
        elif not following.cap and following.raw.lower() not in connector_forms:
            runs.append([tok])
            read_up_to = following.start
        else:
            read_up_to = _extend_run(tok, tokens, words, runs, connector_forms)
    return runs


def _extend_run(tok: Token, tokens: Tokens, words: Words, runs: list[list[Token]], connector_forms: Mapping[str, str]) -> int:
    """Read on, token by token, from the capitalised token `tok`; add the runs found to `runs`.

    Returns the start of the token that ended the last run (the text's length at its end).
    """
    current, pending = [tok], []
    previous, text = tok, tokens.text  # inside a run every token is visited in order
    while True:
        tok = previous.following
        if tok is NOT_READ:
            plain = previous.plain_after
            if plain is not None and plain not in connector_forms:
                # The next token is the plain lowercase word the capitalised-token scan read after `previous`
                # (most runs end so): what after_unless_plain would return, its start, without a regex search.
                runs.append(current)
                return text.find(plain, previous.raw_end)
            tok = tokens.after_unless_plain(previous, connector_forms)
        if tok is None:
            runs.append(current)
            return len(text)
        if tok.__class__ is int:  # most runs end at a lowercase word that is no connector: its start
            runs.append(current)
            return tok
        gap = text[previous.raw_end:tok.start]  # after the token before, its possessive "'s" included
        if tok.cap:
            if not tok.digit:
                # Inside a name: one space (nearly every gap), or what _adjacent_gap allows, which starts with a space,
                # tab, no-break space or "." (tested first, without the call: ", " and line breaks are common here).
                if (gap != " " or previous.possessive) and (previous.possessive or gap[:1] not in _GAP_STARTS
                                                             or not _adjacent_gap(previous, gap)):
                    runs.append(current)
                    current = []
                if pending:  # the run goes on across connectors
                    current.extend(pending)
                    pending = []
                current.append(tok)
                previous = tok
                continue
            low = tok.text.lower()
        else:
            # Most runs end at a lowercase word: look its raw form up.
            low = connector_forms.get(tok.raw.lower())
        if low in words.connectors and len(pending) < 2 and not current[-1].possessive \
                and _adjacent_gap(previous, gap):
            # "and" only inside an institution that the words after it complete ("Food and Drug Administration"),
            # so "France and Germany" stay two names.
            left_has_keyword = _has_keyword(current, words)
            if low == "and":
                following = tokens.after(tok)
                joins = (not left_has_keyword and not pending and following is not None and following.cap
                         and _keyword_ahead(tokens, tok, words))
            else:
                joins = low in words.name_particles or left_has_keyword or _keyword_ahead(tokens, tok, words)
            if joins:
                pending.append(tok)
                previous = tok
                continue
        runs.append(current)
        return tok.start


def _keyword_ahead(tokens: Tokens, connector: Token, words: Words) -> bool:
    """Does the capitalised run after `connector` end an institution ("Freedom of Russia Legion")?"""
    last, tok = None, connector
    for _ in range(6):
        tok = tokens.after(tok)
        if tok is None:
            break
        if tok.cap:
            last = tok
            if tok.possessive:
                break
        elif tok.text.lower() not in words.connectors or last is not None:
            break
    return last is not None and _keyword(last.text, words)


def _keyword(word: str, words: Words) -> bool:
    low = word.lower()
    return low in words.org or low in words.group or low in words.event


@lru_cache(maxsize=4)
def _connector_forms(connectors: frozenset) -> dict[str, str]:
    """{lowercased raw word: connector} for the connectors and their possessives ("of", "the's" -> "the")."""
    forms = {c + s: c for c in connectors for s in ("'s", "’s")}
    forms.update((c, c) for c in connectors)
    return forms


def _adjacent_gap(left: Token, gap: str) -> bool:
    """May `gap`, the text after token `left`, sit inside one name?"""
    if left.possessive:
        return False
    if gap == " " or SAME_NAME_GAP.fullmatch(gap):  # one space: nearly every gap inside a name
        return True
    # "Sec. of State", "Gen. Smith", "U.S. Congress": an abbreviation's dot does not end a name.
    return gap.startswith(".") and SAME_NAME_GAP.fullmatch(gap[1:]) is not None \
        and (len(left.text) == 1 or left.text.lower() in load_words().titles)


def _has_keyword(run: list[Token], words: Words) -> bool:
    return any(_keyword(tok.text, words) for tok in run)


NO_VOTES = MappingProxyType({})  # evidence of a run that has none (read-only: it is shared)


def trim_run(run: list[Token], words: Words, mid_sentence_caps: set[str] = frozenset()) -> tuple[list[Token], tuple[str, ...], Mapping[str, int]]:
    """Strip stopwords, titles and leading demonyms from a run; return what is left, its words and the evidence."""
    first = run[0]
    if len(run) == 1:
        # What the steps below do to one word: drop it if it is a stopword, connector, title or demonym.
        if first.text.lower().replace("’", "'") in words.single_word_drops:
            return [], (), NO_VOTES
        return run, (first.text,), NO_VOTES
    texts = tuple([tok.text for tok in run])
    keep_from, keep_to, votes = _trim_words(texts, first.sentence_start, run[1].cap, first.text in mid_sentence_caps)
    return run[keep_from:keep_to], texts[keep_from:keep_to], votes


def _trim_words(texts: tuple[str, ...], starts_sentence: bool, second_cap: bool, first_seen_mid_sentence: bool) -> tuple[int, int, Mapping[str, int]]:
    """trim_run for a run of several words: the kept slice [keep_from, keep_to) and the evidence.

    Not cached, on purpose: half the runs are new to any cache, and every cache entry is a few more
    objects for Python's cyclic garbage collector to walk (measured: more time than the cache saves).
    Callers must not modify the returned votes (NO_VOTES is shared).
    """
    words = load_words()
    lows = [t.lower().replace("’", "'") for t in texts]
    if words.single_word_drops.isdisjoint(lows):
        # No stopword, connector, title or demonym ("Joe Biden"), the commonest run: no step below applies
        # (without a connector the second word is capitalised too).
        return 0, len(texts), NO_VOTES
    a, b = 0, len(texts)  # the run is texts[a:b]
    has_keyword = lambda lo, hi: any(_keyword(t, words) for t in texts[lo:hi])  # noqa: E731
    # "Fighters of the X Front" at a sentence start: the first word is capitalised only by position.
    if len(texts) > 2 and starts_sentence and not second_cap and not first_seen_mid_sentence:
        a += 1
    while a < b and (lows[a] in words.stopwords or (lows[a] in words.connectors and lows[a] not in words.name_particles)):
        a += 1
    while a < b and (lows[b - 1] in words.connectors or lows[b - 1] in words.stopwords):
        b -= 1
    # Demonym or country before a title ("Ukrainian President X", "US Sec. of State X").
    while b - a > 2 and lows[a] not in words.titles and lows[a + 1] in words.titles \
            and lows[a + 2] not in words.institutions:
        a += 1
    stripped_title = False
    while a < b and (lows[a] in words.titles or (stripped_title and lows[a] in words.connectors)):
        nxt = lows[a + 1] if b - a > 1 else ""
        if nxt and lows[a] in words.titles and (nxt in words.org or nxt in words.group):
            break  # "State Department", "Defense Ministry": the title word is part of an institution
        a += 1
        stripped_title = True
    while a < b and lows[a] in words.stopwords:
        a += 1
    votes = NO_VOTES  # most runs bring no evidence: no Counter to build
    if stripped_title and a < b and not has_keyword(a, b):
        votes = Counter(PERSON=3)
    # A demonym before a plain name is an adjective ("Russian Wagner"), before an institution it is part of it.
    if b - a > 1 and lows[a] in words.demonyms and not has_keyword(a + 1, b):
        a += 1
    while a < b and (lows[b - 1] in words.titles and b - a > 1 and not has_keyword(a, b)):
        b -= 1  # "Wagner Chief": a trailing role word is not part of the name
    if b - a == 1 and (lows[a] in words.demonyms or lows[a] in words.titles):
        return 0, 0, votes
    return a, b, votes


def _bare_word(raw: str) -> tuple[str, bool]:
    """A raw token's word without a possessive "'s", lowercased, and whether that word is capitalised."""
    word = _without_possessive(raw)
    return word.lower(), word[0].isupper()


# `_bare_word` by raw token: the words around names recur (a dict lookup done in C instead of stripping and
# lowercasing per mention); and the same keyed by the raw token reversed (as a match on the reversed text reads it).
_BARE_WORDS = BoundedMemo(_bare_word)
_REVERSED_BARE_WORDS = BoundedMemo(lambda reversed_raw: _BARE_WORDS[reversed_raw[::-1]])


def _writable(votes: Mapping[str, int]) -> Counter:
    """`votes`, or a new Counter in place of the shared, read-only NO_VOTES."""
    return Counter() if votes is NO_VOTES else votes


def context_votes(text: str, tokens: Tokens, run: list[Token], words: Words, votes: Mapping[str, int] = NO_VOTES) -> Mapping[str, int]:
    """Evidence for the type of one mention from the words around it, added to `votes` (a Counter, or
    NO_VOTES: then a new Counter holds the evidence if there is any, so most mentions build none)."""
    # Of the neighbours only their text, case and offset matter: read through the shared table of raw words,
    # except for a plain lowercase next word ([a-z]+), which is its own lowercased form and not capitalised.
    first, last = run[0], run[-1]
    n = last.plain_after  # the next word (None: none), whether it is capitalised and where it starts (-1: not read)
    n_cap, n_start = False, -1
    if n is None:
        next_word = tokens.next_word(last)
        if next_word is not None:
            n_start = next_word[0]
            n, n_cap = _BARE_WORDS[next_word[1]]
    # The previous word: mostly previous_word's first step, done here without the call (looked up as matched, reversed).
    reversed_text = tokens.reversed_text
    if reversed_text is None:
        reversed_text = tokens.reversed_text = text[::-1]
    word_before = WORD_BEFORE.match(reversed_text, len(text) - first.start)
    if word_before is not None:
        p, p_cap = _REVERSED_BARE_WORDS[word_before[1]]
        p_start = -1  # worked out below for "of" only
    else:
        previous = tokens.previous_word(first.start)
        if previous is None:
            p, p_cap, p_start = None, False, -1
        else:
            p_start = previous[0]
            p, p_cap = _BARE_WORDS[previous[1]]
    if p is not None:
        if p in words.titles and not p_cap:
            votes = _writable(votes)
            votes["PERSON"] += 2  # "minister X", "chief X"
        if p in words.place_prepositions:
            votes = _writable(votes)
            votes["PLACE"] += 1
        if p == "the" and not p_cap and (n is None or n_cap or n in words.person_verbs):
            # "the Holy See", but not "the Biden administration" (a name used as a modifier)
            votes = _writable(votes)
            votes["PERSON"] -= 2  # people are not "the X"
            votes["ORG"] += 1
        if p == "of":
            if p_start < 0:
                p_start = len(text) - word_before.end(1)
            two_before = tokens.previous_word(p_start)
            if two_before is not None and _BARE_WORDS[two_before[1]][0] in words.place_nouns:
                votes = _writable(votes)
                votes["PLACE"] += 3  # "the city of X"
    if n is not None and (n in words.person_verbs or n in words.place_nouns):
        if n_start < 0:  # the plain word's first letter is the first one after the token
            n_start = text.find(n, last.raw_end)
        gap = text[last.end:n_start]
        if n in words.person_verbs and "\n" not in gap:
            votes = _writable(votes)
            votes["PERSON"] += 1
        if n in words.place_nouns and not n_cap and gap.strip() == "":
            votes = _writable(votes)
            votes["PLACE"] += 2  # "the X region", "X city"
    if text[last.end:last.end + 1] == "," and _place_apposition(words).match(text[last.end:last.end + 60]):
        votes = _writable(votes)
        votes["PLACE"] += 3
    return votes


@lru_cache(maxsize=1)
def _place_apposition_for(place_nouns: frozenset) -> re.Pattern:
    return re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:" + "|".join(sorted(place_nouns)) + r")\b")


def _place_apposition(words: Words) -> re.Pattern:
    """", a small town in ...", ", the capital of ...": the name before is a place."""
    return _place_apposition_for(words.place_nouns)


def find_candidates(text: str, sentence_starts: set[int]) -> dict[str, Mentions]:
    """Every name mention, before alias merging: {surface text: its mentions}, in order of first mention."""
    words = load_words()
    tokens = Tokens(text, sentence_starts)
    headlines = headline_lines(text, tokens)
    if headlines:
        in_headlines = _caps_in_spans(tokens, headlines)
        mid_sentence_caps = {t.text for t in tokens.caps if not t.sentence_start and t.start not in in_headlines}
    else:
        mid_sentence_caps = {t.text for t in tokens.caps if not t.sentence_start}
    accepted: dict[tuple[str, ...], Mapping[str, int]] = {}  # name words: type evidence from the text
    deferred: list[tuple[tuple[str, ...], Counter]] = []
    single_word_drops = words.single_word_drops
    for run in capitalised_runs(text, tokens, words, lone_names_only=True):
        if len(run) == 1:  # most runs: one capitalised word, usually a stopword at a sentence start
            start_tok = run[0]
            word = start_tok.text
            if not _LONE_WORDS[word]:
                continue  # (so the word is no stopword: the stopword check below is not needed here)
            if headlines and (start_tok.start in in_headlines if start_tok.cap else _in_spans(start_tok.start, headlines)):
                continue  # only names confirmed elsewhere count in headlines (added by the consistency pass)
            if start_tok.sentence_start and not _single_word_ok(word, mid_sentence_caps, words):
                deferred.append(((word,), NO_VOTES))
                continue
            names, votes = (word,), NO_VOTES
        else:
            names = tuple([tok.text for tok in run])
            if single_word_drops.isdisjoint([name.lower().replace("’", "'") for name in names]):
                # No word to trim (trim_run's first test, without its calls): the run is the name, of two words or more.
                if not _plausible_name(names):
                    continue
                votes = NO_VOTES
            else:
                run, names, votes = trim_run(run, words, mid_sentence_caps)
                if not run:
                    continue
                if len(names) == 1:
                    if len(names[0]) < 2 or "-" in names[0] and not _plausible_name(names):
                        continue
                elif not _plausible_name(names):
                    continue
            start_tok = run[0]
            if headlines and (start_tok.start in in_headlines if start_tok.cap else _in_spans(start_tok.start, headlines)):
                continue
            if len(names) == 1:
                if start_tok.sentence_start and not _single_word_ok(start_tok.text, mid_sentence_caps, words):
                    deferred.append((names, votes))
                    continue
                if start_tok.text.lower() in words.stopwords and not is_acronym(start_tok.text):
                    continue
        total = accepted.get(names, NO_VOTES)  # a Counter once a mention of the name brings evidence
        if votes:  # most runs bring no evidence of their own (NO_VOTES)
            total = _writable(total)
            total.update(votes)
        accepted[names] = context_votes(text, tokens, run, words, total)
    # A sentence-initial word that is part of an accepted longer name ("Abbott" after "Greg Abbott",
    # "Southwest" after "Southwest Airlines") is that name, shortened.
    name_parts = {part for names in accepted if len(names) > 1 for part in (names[0], names[-1])}
    for names, votes in deferred:
        if names[0] in name_parts and names[0].lower() not in words.stopwords:
            total = accepted.get(names, NO_VOTES)
            if votes:
                total = _writable(total)
                total.update(votes)
            accepted[names] = total
    # Consistency: every occurrence of an accepted name is a mention, wherever it is.
    return _all_occurrences(text, tokens, accepted)


def _plausible_name(names: tuple[str, ...]) -> bool:
    words = load_words()  # once per several-word run: cheaper than a cache's garbage-collected entries
    if len(names) > 4 and not any(_keyword(n, words) for n in names):
        return False  # a run of capitalised words this long is a headline fragment, not a name
    if len(names) > 1 and names[0].isupper() and all(n.isupper() for n in names):
        return False  # shouting ("READ MORE")
    # "Soviet-era", "Russian-backed": an adjective, not a name. (Most names have no hyphen: one test in C.)
    return "-" not in "".join(names) or not any("-" in n and n.rsplit("-", 1)[1].islower() and n.lower() not in words.titles for n in names)


def _may_stand_alone(word: str) -> bool:
    """May `word` be a name on its own: what trim_run and the plausibility checks decide for a run of one word,
    which depends on the word alone."""
    return word.lower().replace("’", "'") not in load_words().single_word_drops \
        and len(word) >= 2 and ("-" not in word or _plausible_name((word,)))


_LONE_WORDS = BoundedMemo(_may_stand_alone)


def _single_word_ok(word: str, mid_sentence_caps: set[str], words: Words) -> bool:
    return word in mid_sentence_caps or word in words.places or (is_acronym(word) and word.lower() not in words.stopwords)


def _all_occurrences(text: str, tokens: Tokens, accepted: dict) -> dict[str, Mentions]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for names in sorted(accepted, key=len, reverse=True):
        by_first.setdefault(names[0], []).append(names)
    # Only tokens whose word (without a possessive "'s") is a first word can start a match. When every
    # first word is capitalised (nearly always), those are capitalised tokens: no possessive forms to build.
    if all(first[:1].isupper() for first in by_first):
        starts = [tok for tok in tokens.caps if tok.text in by_first]
    else:
        starts = tokens.starting_with(set(by_first) | {f + s for f in by_first for s in POSSESSIVE_ENDINGS})
    found: dict[str, Mentions] = {}
    next_free = 0  # tokens starting before here are inside the last mention found
    for tok in starts:
        if tok.start < next_free:
            continue
        for names in by_first.get(tok.text, ()):
            # A one-word name matches its first word (by_first is keyed by it), the commonest case.
            if len(names) == 1:
                last = tok
                surface, start, end = tok.text, tok.start, tok.end
            else:
                last = _name_at(tokens, tok, names)
                if last is None:
                    continue
                start, end = tok.start, last.end
                surface = text[start:end]
            mentions = found.get(surface)
            if mentions is None:
                # One votes Counter per name, shared by its mentions: nothing changes it after this point.
                found[surface] = Mentions(accepted[names], [[start, end]])
            else:
                mentions.spans.append([start, end])
            next_free = last.raw_end
            break
    return found


def _name_at(tokens: Tokens, first: Token, names: tuple[str, ...]) -> Token | None:
    """The last token of `names` if the tokens from `first` on spell its words, loosely adjacent
    (the first word already matches); None otherwise."""
    previous, text = first, tokens.text
    for k in range(1, len(names)):
        tok = previous.following  # read here, not through a call, when already known ("Joe Biden")
        if tok is NOT_READ:
            tok = tokens.after(previous)
        if tok is None or tok.text != names[k]:
            return None
        gap = text[previous.raw_end:tok.start]  # what follows the token before, its possessive "'s" included
        if previous.possessive or not (gap == " " or len(gap) <= 3 and "\n" not in gap and gap.strip() in ("", ".")):
            return None
        previous = tok
    return previous
