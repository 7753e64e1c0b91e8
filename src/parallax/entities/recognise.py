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

# Acronyms with dots ("U.S."), then words with inner hyphens/apostrophes ("O'Neill", "Commander-in-Chief").
TOKEN = re.compile(r"(?<!\w)(?:(?:[A-Z]\.){2,}|[^\W\d_][\w]*(?:[-'’][\w]+)*)")
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


@dataclass
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

    __slots__ = ("text", "words", "n", "cap_indices", "_offsets", "_sentence_starts")

    def __init__(self, text: str, sentence_starts: set[int]):
        super().__init__()
        parts = _TOKEN_PARTS.split(text)
        self.text = text
        self.words = parts[1::2]  # raw token strings, possessive "'s" included
        self.n = len(self.words)
        self._offsets = list(accumulate(map(len, parts)))  # token k spans [_offsets[2k], _offsets[2k + 1])
        self._sentence_starts = sentence_starts
        # A possessive keeps its first letter, so the raw word says whether the token is capitalised.
        self.cap_indices = list(compress(range(self.n), map(str.isupper, map(itemgetter(0), self.words))))
        self._build_capitalised()

    def _build_capitalised(self) -> None:
        """Every check reads all capitalised tokens: build them in one loop (what `_make` does, inlined)."""
        text, words, offsets, sentence_starts = self.text, self.words, self._offsets, self._sentence_starts
        for i in self.cap_indices:
            word, start, end = words[i], offsets[2 * i], offsets[2 * i + 1]
            possessive = len(word) > 2 and word[-1] in "sS" and word[-2] in "'’"
            if possessive:
                word, end = word[:-2], end - 2
            if start in sentence_starts or start == 0:
                starts = True
            elif start >= 2 and text[start - 1] == " " and (text[start - 2].isalnum() or text[start - 2] == ","):
                starts = False  # "word Name", "word, Name": the common case, no regex needed
            else:
                starts = SENTENCE_BREAK.search(text, max(0, start - 6), start) is not None
            self[i] = Token(start, end, word, True, starts, possessive)

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


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of title-case lines ("Wagner Chief Doesn't Believe ..."): capitals there say nothing."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        # Most lines are sentences ending in "." or blank: test that before tokenising the line.
        # Under 12 characters a line cannot hold three words of four letters or more.
        stripped = line.rstrip()
        if len(stripped) < 12 or stripped.endswith((".", ",", ";")):
            pos += len(line)
            continue
        words = [w for w in TOKEN.findall(line) if len(w) > 3]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def capitalised_runs(text: str, tokens: Tokens, words: Words) -> list[list[int]]:
    """Indices of tokens forming candidate names, joined across connectors where allowed."""
    runs, current, pending = [], [], []
    # Outside a run only a capitalised token can start one, so jump from one to the next and
    # walk token by token only while a run is open.
    caps, next_cap, i, n = tokens.cap_indices, 0, -1, tokens.n
    raw_words = tokens.words
    while True:
        if current:
            i += 1
            if i >= n:
                break
        else:
            while next_cap < len(caps) and caps[next_cap] <= i:
                next_cap += 1
            if next_cap == len(caps):
                break
            i = caps[next_cap]
        if raw_words[i][0].isupper():  # a capitalised token (built with the Tokens)
            tok = tokens[i]
            if not _has_digit(tok.text):
                if current and not _adjacent(text, tokens[(pending or current)[-1]], tok):
                    runs.append(current)
                    current = []
                current.extend(pending)  # empty unless the run goes on across connectors
                pending = []
                current.append(i)
                continue
            low = tok.text.lower()
        else:
            # Most runs end at a lowercase word: read it from the raw word, without building its Token.
            low = _without_possessive(raw_words[i]).lower()
        if current and low in words.connectors and len(pending) < 2 and not tokens[current[-1]].possessive \
                and _adjacent(text, tokens[(pending or current)[-1]], tokens[i]):
            # "and" only inside an institution that the words after it complete ("Food and Drug Administration"),
            # so "France and Germany" stay two names.
            left_has_keyword = _has_keyword(tokens, current, words)
            if low == "and":
                joins = (not left_has_keyword and not pending and i + 1 < tokens.n and tokens[i + 1].cap
                         and _keyword_ahead(text, tokens, i, words))
            else:
                joins = low in words.name_particles or left_has_keyword or _keyword_ahead(text, tokens, i, words)
            if joins:
                pending.append(i)
                continue
        if current:
            runs.append(current)
        current, pending = [], []
    if current:
        runs.append(current)
    return runs


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


def _adjacent(text: str, left: Token, right: Token) -> bool:
    if left.possessive:
        return False
    gap = text[left.end:right.start]
    if gap == " " or SAME_NAME_GAP.fullmatch(gap):  # one space: nearly every gap inside a name
        return True
    # "Sec. of State", "Gen. Smith", "U.S. Congress": an abbreviation's dot does not end a name.
    return gap.startswith(".") and SAME_NAME_GAP.fullmatch(gap[1:]) is not None \
        and (len(left.text) == 1 or left.text.lower() in load_words().titles)


def _has_digit(word: str) -> bool:
    # Letters are never digits: most words are all letters and need no scan.
    return not word.isalpha() and any(c.isdigit() for c in word)


def _has_keyword(tokens: Tokens, idx: list[int], words: Words) -> bool:
    return any(_keyword(tokens[i].text, words) for i in idx)


NO_VOTES = MappingProxyType({})  # evidence of a run that has none (read-only: it is shared)


def trim_run(run: list[int], tokens: Tokens, words: Words, mid_sentence_caps: set[str] = frozenset()) -> tuple[list[int], Mapping[str, int]]:
    """Strip stopwords, titles and leading demonyms from a run; return what is left and the evidence."""
    if len(run) == 1:
        # What the steps below do to one word: drop it if it is a stopword, connector, title or demonym.
        return ([] if tokens[run[0]].text.lower().replace("’", "'") in words.single_word_drops else run), NO_VOTES
    votes: Counter = Counter()
    lows = {i: tokens[i].text.lower().replace("’", "'") for i in run}
    low = lows.__getitem__
    # "Fighters of the X Front" at a sentence start: the first word is capitalised only by position.
    if len(run) > 2 and tokens[run[0]].sentence_start and not tokens[run[1]].cap and tokens[run[0]].text not in mid_sentence_caps:
        run = run[1:]
    while run and (low(run[0]) in words.stopwords or (low(run[0]) in words.connectors and low(run[0]) not in words.name_particles)):
        run = run[1:]
    while run and (low(run[-1]) in words.connectors or low(run[-1]) in words.stopwords):
        run = run[:-1]
    # Demonym or country before a title ("Ukrainian President X", "US Sec. of State X").
    while len(run) > 2 and low(run[0]) not in words.titles and low(run[1]) in words.titles \
            and low(run[2]) not in words.institutions:
        run = run[1:]
    stripped_title = False
    while run and (low(run[0]) in words.titles or (stripped_title and low(run[0]) in words.connectors)):
        nxt = low(run[1]) if len(run) > 1 else ""
        if nxt and low(run[0]) in words.titles and (nxt in words.org or nxt in words.group):
            break  # "State Department", "Defense Ministry": the title word is part of an institution
        run = run[1:]
        stripped_title = True
    while run and low(run[0]) in words.stopwords:
        run = run[1:]
    if stripped_title and run and not _has_keyword(tokens, run, words):
        votes["PERSON"] += 3
    # A demonym before a plain name is an adjective ("Russian Wagner"), before an institution it is part of it.
    if len(run) > 1 and low(run[0]) in words.demonyms and not _has_keyword(tokens, run[1:], words):
        run = run[1:]
    while run and (low(run[-1]) in words.titles and len(run) > 1 and not _has_keyword(tokens, run, words)):
        run = run[:-1]  # "Wagner Chief": a trailing role word is not part of the name
    if len(run) == 1 and (low(run[0]) in words.demonyms or low(run[0]) in words.titles):
        return [], votes
    return run, votes


def context_votes(text: str, tokens: Tokens, run: list[int], words: Words, votes: Counter | None = None) -> Counter:
    """Evidence for the type of one mention from the words around it, added to `votes` (a new Counter by default)."""
    if votes is None:
        votes = Counter()
    # The neighbours are read from the raw words (no Token built): only their text, case and offset matter.
    raw_words, first_i, last_i = tokens.words, run[0], run[-1]
    last = tokens[last_i]
    n_text = _without_possessive(raw_words[last_i + 1]) if last_i + 1 < tokens.n else None
    if first_i > 0:
        p_text = _without_possessive(raw_words[first_i - 1])
        p, p_cap = p_text.lower(), p_text[0].isupper()
        if p in words.titles and not p_cap:
            votes["PERSON"] += 2  # "minister X", "chief X"
        if p in words.place_prepositions:
            votes["PLACE"] += 1
        if p == "the" and not p_cap and (n_text is None or n_text[0].isupper() or n_text.lower() in words.person_verbs):
            # "the Holy See", but not "the Biden administration" (a name used as a modifier)
            votes["PERSON"] -= 2  # people are not "the X"
            votes["ORG"] += 1
        if p == "of" and first_i > 1 and _without_possessive(raw_words[first_i - 2]).lower() in words.place_nouns:
            votes["PLACE"] += 3  # "the city of X"
    if n_text is not None:
        n = n_text.lower()
        if n in words.person_verbs or n in words.place_nouns:
            gap = text[last.end:tokens.start_of(last_i + 1)]
            if n in words.person_verbs and "\n" not in gap:
                votes["PERSON"] += 1
            if n in words.place_nouns and not n_text[0].isupper() and gap.strip() == "":
                votes["PLACE"] += 2  # "the X region", "X city"
    after = text[last.end:last.end + 60]
    if after.startswith(",") and _place_apposition(words).match(after):
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
    headlines = headline_lines(text)
    mid_sentence_caps = {t.text for t in map(tokens.__getitem__, tokens.cap_indices)
                         if not t.sentence_start and not (headlines and _in_spans(t.start, headlines))}
    accepted: dict[tuple[str, ...], Counter] = {}
    found: list[Candidate] = []
    deferred: list[tuple[tuple[str, ...], Counter]] = []
    for run in capitalised_runs(text, tokens, words):
        run, votes = trim_run(run, tokens, words, mid_sentence_caps)
        if not run:
            continue
        names = tuple(tokens[i].text for i in run)
        if len(names) == 1 and len(names[0]) < 2 or not _plausible_name(names, words):
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


def _plausible_name(names: tuple[str, ...], words: Words) -> bool:
    if len(names) > 4 and not any(_keyword(n, words) for n in names):
        return False  # a run of capitalised words this long is a headline fragment, not a name
    if len(names) > 1 and all(n.isupper() for n in names):
        return False  # shouting ("READ MORE")
    # "Soviet-era", "Russian-backed": an adjective, not a name.
    return not any("-" in n and n.rsplit("-", 1)[1].islower() and n.lower() not in words.titles for n in names)


def _single_word_ok(word: str, mid_sentence_caps: set[str], words: Words) -> bool:
    return word in mid_sentence_caps or word in words.places or (is_acronym(word) and word.lower() not in words.stopwords)


def _all_occurrences(text: str, tokens: Tokens, accepted: dict, found: list[Candidate]) -> list[Candidate]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for names in sorted(accepted, key=len, reverse=True):
        by_first.setdefault(names[0], []).append(names)
    # Only tokens whose raw word is a first word, or its possessive, can start a match.
    firsts = set(by_first) | {f + s for f in by_first for s in ("'s", "'S", "’s", "’S")}
    next_free = 0
    for i in compress(range(tokens.n), map(firsts.__contains__, tokens.words)):
        if i < next_free:
            continue
        tok = tokens[i]
        for names in by_first.get(tok.text, ()):
            j = i + len(names)
            # A one-word name matches its first word (by_first is keyed by it), the commonest case.
            if j == i + 1 or j <= tokens.n and all(tokens[i + k].text == names[k] for k in range(len(names))) \
                    and all(_loosely_adjacent(text, tokens[i + k], tokens[i + k + 1]) for k in range(len(names) - 1)):
                start, end = tok.start, tokens[j - 1].end
                # One votes Counter per name, shared by its mentions: nothing changes it after this point.
                found.append(Candidate(text[start:end], start, end, accepted[names]))
                next_free = j
                break
    return found


def _loosely_adjacent(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end:right.start]
    return len(gap) <= 3 and "\n" not in gap and gap.strip() in ("", ".")
