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
from itertools import accumulate, compress
from operator import itemgetter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"

# Acronyms with dots ("U.S."), then words with inner hyphens/apostrophes ("O'Neill", "Commander-in-Chief"),
# never starting inside a word. Written to begin with a character class, not a lookbehind: `re` then skips
# to the next letter in C instead of trying the whole pattern at every position (the same tokens as
# `(?<!\w)(?:(?:[A-Z]\.){2,}|[^\W\d_]\w*(?:[-'’]\w+)*)`, found faster).
TOKEN = re.compile(r"[^\W\d_](?<!\w.)(?:(?<=[A-Z])\.(?:[A-Z]\.)+|\w*(?:[-'’]\w+)*)")
# What may sit between two tokens of one name: spaces, or "." after an abbreviation ("Sec. ").
SAME_NAME_GAP = re.compile(r"[ \t\u00a0]+")
SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;…•\n\r\u2022]|[-*]\s)[\s\"'“”‘’(\[\-*•]*$")


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


@dataclass(slots=True)
class Token:
    start: int
    end: int  # end of the word itself, without a possessive "'s"
    text: str
    cap: bool
    sentence_start: bool
    possessive: bool


@dataclass(slots=True)
class Candidate:
    """One name occurrence with the typing evidence seen around it."""

    name: str
    start: int
    end: int
    votes: Counter = field(default_factory=Counter)
    confident: bool = True  # False: only kept if the name is also seen elsewhere


# The same tokens, as `re.split` parts: [gap, token, gap, token, ..., gap], found in C.
_TOKEN_PARTS = re.compile("(" + TOKEN.pattern + ")")


class Tokens(dict):
    """The tokens of a text, built lazily: `Token` objects only for the words someone looks at.

    Splitting and offsets are done in C (`re.split`, `accumulate`); a typical article has
    hundreds of lowercase words that no check ever reads, so building an object per word
    (as a plain list would) was most of this stage's time. `tokens[i]` gives exactly the
    i-th token `TOKEN.finditer` would; it is a dict lookup done in C once the token is
    built (`__missing__` builds it), since the hot loops index the same tokens many times.
    `n` is the number of tokens (`len` of a dict counts only the built ones).
    """

    __slots__ = ("text", "words", "gaps", "n", "cap_indices", "cap_flags", "digit_caps", "mid_sentence_caps",
                 "_offsets", "_sentence_starts")

    def __init__(self, text: str, sentence_starts: set[int]):
        super().__init__()
        parts = _TOKEN_PARTS.split(text)
        self.text = text
        self.words = parts[1::2]  # raw token strings, possessive "'s" included
        self.gaps = parts[0::2]  # gaps[k]: the text between token k - 1 (its "'s" included) and token k
        self.n = len(self.words)
        self._offsets = list(accumulate(map(len, parts)))  # token k spans [_offsets[2k], _offsets[2k + 1])
        self._sentence_starts = sentence_starts
        # A possessive keeps its first letter, so the raw word says whether the token is capitalised.
        self.cap_flags = list(map(str.isupper, map(itemgetter(0), self.words)))
        self.cap_indices = list(compress(range(self.n), self.cap_flags))
        self.digit_caps: set[int] = set()  # capitalised tokens with a digit ("F16"): never part of a name run
        self.mid_sentence_caps: list[Token] = []  # capitalised tokens that do not start a sentence
        self._build_capitalised()

    def _build_capitalised(self) -> None:
        """Every check reads all capitalised tokens: build them in one loop (what `_make` does, inlined)."""
        text, offsets, sentence_starts, caps = self.text, self._offsets, self._sentence_starts, self.cap_indices
        # Each capitalised token's raw word, start and end, gathered in C.
        starts, ends = offsets[0::2], offsets[1::2]
        for i, word, start, end in zip(caps, map(self.words.__getitem__, caps), map(starts.__getitem__, caps), map(ends.__getitem__, caps)):
            possessive = word.endswith(_POSSESSIVE_ENDINGS) and len(word) > 2
            if possessive:
                word, end = word[:-2], end - 2
            if not word.isalpha() and any(c.isdigit() for c in word):  # letters are never digits: most words skip the scan
                self.digit_caps.add(i)
            if start in sentence_starts or start == 0:
                starts_sentence = True
            elif start >= 2 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] == ","):
                starts_sentence = False  # "word Name", "word, Name": the common case, no regex needed
            else:
                starts_sentence = SENTENCE_BREAK.search(text, max(0, start - 6), start) is not None
            tok = self[i] = Token(start, end, word, True, starts_sentence, possessive)
            if not starts_sentence:
                self.mid_sentence_caps.append(tok)

    def __missing__(self, i: int) -> Token:
        if not 0 <= i < self.n:
            raise IndexError(i)
        tok = self[i] = self._make(i)
        return tok

    def start_of(self, i: int) -> int:
        return self._offsets[2 * i]

    def _make(self, i: int) -> Token:
        word, start, end = self.words[i], self._offsets[2 * i], self._offsets[2 * i + 1]
        possessive = _is_possessive(word)
        if possessive:
            word, end = word[:-2], end - 2
        cap = word[:1].isupper()
        # Only capitalised words need to know whether they start a sentence.
        starts = cap and (start in self._sentence_starts or start == 0 or _after_sentence_break(self.text, start))
        return Token(start, end, word, cap, starts, possessive)


_POSSESSIVE_ENDINGS = ("'s", "'S", "’s", "’S")


def _is_possessive(word: str) -> bool:
    return len(word) > 2 and word[-1] in "sS" and word[-2] in "'’"


def _without_possessive(word: str) -> str:
    """A raw token's text, as its Token has it."""
    return word[:-2] if _is_possessive(word) else word


def _after_sentence_break(text: str, start: int) -> bool:
    # The common case, "word Name" or "word, Name", cannot match SENTENCE_BREAK: skip the regex.
    if start >= 2 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] == ","):
        return False
    return bool(SENTENCE_BREAK.search(text, max(0, start - 6), start))


def tokenize(text: str, sentence_starts: set[int]) -> Tokens:
    return Tokens(text, sentence_starts)


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def headline_lines(text: str, tokens: Tokens | None = None) -> list[tuple[int, int]]:
    """Spans of title-case lines ("Wagner Chief Doesn't Believe ..."): capitals there say nothing.

    `tokens`, the text's tokens if already made, saves tokenising the lines again (no token
    crosses a line break, so a line's tokens are the text's tokens inside it).
    """
    spans, pos, starts = [], 0, None
    for line in text.splitlines(keepends=True):
        # Most lines are sentences ending in "." or blank: test that before tokenising the line.
        # Under 12 characters a line cannot hold three words of four letters or more.
        stripped = line.rstrip()
        if len(stripped) < 12 or stripped.endswith((".", ",", ";")):
            pos += len(line)
            continue
        if tokens is None:
            words = [w for w in TOKEN.findall(line) if len(w) > 3]
        else:
            if starts is None:
                starts = tokens._offsets[0:2 * tokens.n:2]
            line_words = tokens.words[bisect_left(starts, pos):bisect_left(starts, pos + len(line))]
            words = [w for w in line_words if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def capitalised_runs(text: str, tokens: Tokens, words: Words) -> list[list[int]]:
    """Indices of tokens forming candidate names, joined across connectors where allowed."""
    runs: list[list[int]] = []
    n, raw_words, cap_flags, digit_caps = tokens.n, tokens.words, tokens.cap_flags, tokens.digit_caps
    connector_forms = _connector_forms(words.connectors)
    read_up_to = -1  # tokens up to here are read: a run goes on from the next capitalised token only
    # Outside a run only a capitalised token can start one, so jump from one to the next.
    for i in tokens.cap_indices:
        if i <= read_up_to or i in digit_caps:
            continue
        following = i + 1
        if following >= n or not cap_flags[following] and raw_words[following].lower() not in connector_forms:
            runs.append([i])  # most runs: one word before a plain lowercase one ("The", "He", "Moscow said")
            read_up_to = following
        else:
            read_up_to = _extend_run(i, tokens, words, runs)
    return runs


def _extend_run(i: int, tokens: Tokens, words: Words, runs: list[list[int]]) -> int:
    """Read on, token by token, from the capitalised token i; add the runs found to `runs`.

    Returns the index of the token that ended the last run (n at the end of the text).
    """
    current, pending = [i], []
    n, raw_words, gaps, cap_flags, digit_caps = tokens.n, tokens.words, tokens.gaps, tokens.cap_flags, tokens.digit_caps
    connector_forms = _connector_forms(words.connectors)
    # Inside a run every token is visited in order, so the run's last token (pending or not) is i - 1
    # and the gap before token i is gaps[i].
    while True:
        i += 1
        if i >= n:
            runs.append(current)
            return n
        if cap_flags[i]:  # a capitalised token (built with the Tokens)
            if i not in digit_caps:
                if not (gaps[i] == " " and not tokens[i - 1].possessive) and not _adjacent_gap(tokens[i - 1], gaps[i]):
                    runs.append(current)
                    current = []
                if pending:  # the run goes on across connectors
                    current.extend(pending)
                    pending = []
                current.append(i)
                continue
            low = tokens[i].text.lower()
        else:
            # Most runs end at a lowercase word: look its raw form up, without building its Token.
            low = connector_forms.get(raw_words[i].lower())
        if low in words.connectors and len(pending) < 2 and not tokens[current[-1]].possessive \
                and _adjacent_gap(tokens[i - 1], gaps[i]):
            # "and" only inside an institution that the words after it complete ("Food and Drug Administration"),
            # so "France and Germany" stay two names.
            left_has_keyword = _has_keyword(tokens, current, words)
            if low == "and":
                joins = (not left_has_keyword and not pending and i + 1 < tokens.n and tokens[i + 1].cap
                         and _keyword_ahead(tokens.text, tokens, i, words))
            else:
                joins = low in words.name_particles or left_has_keyword or _keyword_ahead(tokens.text, tokens, i, words)
            if joins:
                pending.append(i)
                continue
        runs.append(current)
        return i


def _keyword_ahead(text: str, tokens: Tokens, i: int, words: Words) -> bool:
    """Does the capitalised run after connector i end an institution ("Freedom of Russia Legion")?"""
    last = None
    for j in range(i + 1, min(i + 7, tokens.n)):
        tok = tokens[j]
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


def _has_keyword(tokens: Tokens, idx: list[int], words: Words) -> bool:
    return any(_keyword(tokens[i].text, words) for i in idx)


NO_VOTES = MappingProxyType({})  # evidence of a run that has none (read-only: it is shared)


def trim_run(run: list[int], tokens: Tokens, words: Words, mid_sentence_caps: set[str] = frozenset()) -> tuple[list[int], tuple[str, ...], Mapping[str, int]]:
    """Strip stopwords, titles and leading demonyms from a run; return what is left, its words and the evidence."""
    first = tokens[run[0]]
    if len(run) == 1:
        # What the steps below do to one word: drop it if it is a stopword, connector, title or demonym.
        if first.text.lower().replace("’", "'") in words.single_word_drops:
            return [], (), NO_VOTES
        return run, (first.text,), NO_VOTES
    texts = tuple([tokens[i].text for i in run])
    keep_from, keep_to, votes = _trim_words(texts, first.sentence_start, tokens[run[1]].cap, first.text in mid_sentence_caps)
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
    votes = Counter()
    if stripped_title and a < b and not has_keyword(a, b):
        votes["PERSON"] += 3
    # A demonym before a plain name is an adjective ("Russian Wagner"), before an institution it is part of it.
    if b - a > 1 and lows[a] in words.demonyms and not has_keyword(a + 1, b):
        a += 1
    while a < b and (lows[b - 1] in words.titles and b - a > 1 and not has_keyword(a, b)):
        b -= 1  # "Wagner Chief": a trailing role word is not part of the name
    if b - a == 1 and (lows[a] in words.demonyms or lows[a] in words.titles):
        return 0, 0, votes
    return a, b, votes


class _BareWords(dict):
    """{raw token: (its word without a possessive "'s", lowercased; whether that word is capitalised)}.

    Filled on demand and shared by all texts: the words around names recur (a dict lookup done in C
    instead of stripping and lowercasing per mention). Cleared when large, so memory stays bounded.
    """

    def __missing__(self, raw: str) -> tuple[str, bool]:
        if len(self) > 200_000:
            self.clear()
        word = _without_possessive(raw)
        value = self[raw] = (word.lower(), word[0].isupper())
        return value


_BARE_WORDS = _BareWords()


def context_votes(text: str, tokens: Tokens, run: list[int], words: Words, votes: Counter | None = None) -> Counter:
    """Evidence for the type of one mention from the words around it, added to `votes` (a new Counter by default)."""
    if votes is None:
        votes = Counter()
    # The neighbours are read from the raw words (no Token built): only their text, case and offset matter.
    raw_words, first_i, last_i = tokens.words, run[0], run[-1]
    last = tokens[last_i]
    following = _BARE_WORDS[raw_words[last_i + 1]] if last_i + 1 < tokens.n else None
    if first_i > 0:
        p, p_cap = _BARE_WORDS[raw_words[first_i - 1]]
        if p in words.titles and not p_cap:
            votes["PERSON"] += 2  # "minister X", "chief X"
        if p in words.place_prepositions:
            votes["PLACE"] += 1
        if p == "the" and not p_cap and (following is None or following[1] or following[0] in words.person_verbs):
            # "the Holy See", but not "the Biden administration" (a name used as a modifier)
            votes["PERSON"] -= 2  # people are not "the X"
            votes["ORG"] += 1
        if p == "of" and first_i > 1 and _BARE_WORDS[raw_words[first_i - 2]][0] in words.place_nouns:
            votes["PLACE"] += 3  # "the city of X"
    if following is not None:
        n, n_cap = following
        if n in words.person_verbs or n in words.place_nouns:
            gap = text[last.end:tokens.start_of(last_i + 1)]
            if n in words.person_verbs and "\n" not in gap:
                votes["PERSON"] += 1
            if n in words.place_nouns and not n_cap and gap.strip() == "":
                votes["PLACE"] += 2  # "the X region", "X city"
    if text.startswith(",", last.end) and _place_apposition(words).match(text[last.end:last.end + 60]):
        votes["PLACE"] += 3
    return votes


@lru_cache(maxsize=1)
def _place_apposition_for(place_nouns: frozenset) -> re.Pattern:
    return re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:" + "|".join(sorted(place_nouns)) + r")\b")


def _place_apposition(words: Words) -> re.Pattern:
    """", a small town in ...", ", the capital of ...": the name before is a place."""
    return _place_apposition_for(words.place_nouns)


def find_candidates(text: str, sentence_starts: set[int]) -> list[Candidate]:
    """Every name mention, before alias merging."""
    words = load_words()
    tokens = tokenize(text, sentence_starts)
    headlines = headline_lines(text, tokens)
    mid_sentence_caps = {t.text for t in tokens.mid_sentence_caps if not _in_spans(t.start, headlines)} if headlines \
        else {t.text for t in tokens.mid_sentence_caps}
    accepted: dict[tuple[str, ...], Counter] = {}
    found: list[Candidate] = []
    deferred: list[tuple[tuple[str, ...], Counter]] = []
    for run in capitalised_runs(text, tokens, words):
        if len(run) == 1:  # most runs: one capitalised word, usually a stopword at a sentence start
            start_tok = tokens[run[0]]
            if not _LONE_WORDS[start_tok.text]:
                continue
            names, votes = (start_tok.text,), NO_VOTES
        else:
            run, names, votes = trim_run(run, tokens, words, mid_sentence_caps)
            if not run:
                continue
            if len(names) == 1:
                if len(names[0]) < 2 or "-" in names[0] and not _plausible_name(names):
                    continue
            elif not _plausible_name(names):
                continue
            start_tok = tokens[run[0]]
        if headlines and _in_spans(start_tok.start, headlines):
            continue  # only names confirmed elsewhere count in headlines (added by the consistency pass)
        if len(run) == 1 and start_tok.sentence_start and not _single_word_ok(start_tok.text, mid_sentence_caps, words):
            deferred.append((names, votes))
            continue
        if len(run) == 1 and start_tok.text.lower() in words.stopwords and not is_acronym(start_tok.text):
            continue
        total = accepted.get(names)
        if total is None:
            total = accepted[names] = Counter()
        if votes:  # most runs bring no evidence of their own (NO_VOTES)
            total.update(votes)
        context_votes(text, tokens, run, words, total)
    # A sentence-initial word that is part of an accepted longer name ("Abbott" after "Greg Abbott",
    # "Southwest" after "Southwest Airlines") is that name, shortened.
    name_parts = {part for names in accepted if len(names) > 1 for part in (names[0], names[-1])}
    for names, votes in deferred:
        if names[0] in name_parts and names[0].lower() not in words.stopwords:
            accepted.setdefault(names, Counter()).update(votes)
    # Consistency: every occurrence of an accepted name is a mention, wherever it is.
    return _all_occurrences(text, tokens, accepted, found)


def _plausible_name(names: tuple[str, ...]) -> bool:
    words = load_words()  # once per several-word run: cheaper than a cache's garbage-collected entries
    if len(names) > 4 and not any(_keyword(n, words) for n in names):
        return False  # a run of capitalised words this long is a headline fragment, not a name
    if len(names) > 1 and all(n.isupper() for n in names):
        return False  # shouting ("READ MORE")
    # "Soviet-era", "Russian-backed": an adjective, not a name.
    return not any("-" in n and n.rsplit("-", 1)[1].islower() and n.lower() not in words.titles for n in names)


class _LoneWords(dict):
    """{word: may it be a name on its own}: what trim_run and the plausibility checks decide for a run
    of one word, which depends on the word alone. Filled on demand, shared by all texts, bounded."""

    def __missing__(self, word: str) -> bool:
        if len(self) > 200_000:
            self.clear()
        ok = self[word] = word.lower().replace("’", "'") not in load_words().single_word_drops \
            and len(word) >= 2 and ("-" not in word or _plausible_name((word,)))
        return ok


_LONE_WORDS = _LoneWords()


def _single_word_ok(word: str, mid_sentence_caps: set[str], words: Words) -> bool:
    return word in mid_sentence_caps or word in words.places or (is_acronym(word) and word.lower() not in words.stopwords)


def _all_occurrences(text: str, tokens: Tokens, accepted: dict, found: list[Candidate]) -> list[Candidate]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for names in sorted(accepted, key=len, reverse=True):
        by_first.setdefault(names[0], []).append(names)
    # Only tokens whose raw word is a first word, or its possessive, can start a match.
    firsts = set(by_first) | {f + s for f in by_first for s in _POSSESSIVE_ENDINGS}
    next_free, n = 0, tokens.n
    for i in compress(range(n), map(firsts.__contains__, tokens.words)):
        if i < next_free:
            continue
        tok = tokens[i]
        for names in by_first.get(tok.text, ()):
            j = i + len(names)
            # A one-word name matches its first word (by_first is keyed by it), the commonest case.
            if j == i + 1:
                found.append(Candidate(tok.text, tok.start, tok.end, accepted[names]))
            elif j <= n and _name_at(tokens, i, names):
                start, end = tok.start, tokens[j - 1].end
                found.append(Candidate(text[start:end], start, end, accepted[names]))
            else:
                continue
            # One votes Counter per name, shared by its mentions: nothing changes it after this point.
            next_free = j
            break
    return found


def _name_at(tokens: Tokens, i: int, names: tuple[str, ...]) -> bool:
    """Do the tokens from i on spell the words of `names`, loosely adjacent (the first word already matches)?"""
    for k in range(1, len(names)):
        if tokens[i + k].text != names[k]:
            return False
    gaps = tokens.gaps
    for k in range(i + 1, i + len(names)):
        gap = gaps[k]  # what follows token k - 1, its possessive "'s" included
        if tokens[k - 1].possessive or not (gap == " " or len(gap) <= 3 and "\n" not in gap and gap.strip() in ("", ".")):
            return False
    return True
