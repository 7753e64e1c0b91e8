"""Language detection with py3langid (naive Bayes over byte n-grams; ships its own model).

The model's normalised probabilities decide when they are clear. Short texts (a
headline, a label) often are not: then the choice is made among the languages news
is usually written in, English is chosen only when the words themselves say so
(English function words, or English ranks first there), and Cyrillic text is told
apart by the letters only one language uses (Ukrainian і ї є ґ, Russian ы э ъ ё,
Belarusian ў). Only the start of a long text is read: a few hundred characters are plenty
for an article. py3langid's scores are computed as py3langid computes them, but its byte-by-byte
walk in Python is done with numpy (`_NumpyWalkIdentifier`), which gives the same numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

CONFIDENT = 0.5  # below this probability the text is treated as too short to judge alone
QUICK_SAMPLE = 300  # characters read first (py3langid costs about 1 µs per byte in pure Python)
FULL_SAMPLE = 2500  # characters read when the quick sample is not conclusive
QUICK_ENOUGH = 0.9  # probability on the quick sample that makes reading more unnecessary

# Languages news is commonly published in (and all py3langid knows of them): the
# candidates when the evidence is thin, so a two-word headline is not called Breton.
NEWS_LANGUAGES = (
    "en", "ru", "uk", "be", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv", "da", "no", "fi",
    "et", "lv", "lt", "ro", "hu", "bg", "sr", "hr", "sl", "mk", "el", "tr", "ar", "he", "fa", "ur", "hi",
    "bn", "zh", "ja", "ko", "vi", "id", "ms", "th", "ka", "hy", "az", "kk", "uz", "sq", "ca", "tl", "sw",
)

LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "de": "German", "fr": "French",
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "bg": "Bulgarian",
    "sr": "Serbian", "kk": "Kazakh", "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "tr": "Turkish",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ro": "Romanian", "cs": "Czech", "el": "Greek",
}

# The most frequent English function words: enough of them in a short text is clear evidence of English.
_ENGLISH_WORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been has have had "
    "it its this that these those he she they we you i his her their our not no will would can could "
    "said says after before over into about than which who what when where why how there here".split()
)
_ENGLISH_SHARE = 0.25

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ONLY_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_ONLY_RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")
_ONLY_BELARUSIAN = re.compile(r"[ўЎ]")


# py3langid's byte automaton (0.4) remembers at most the last 6 bytes: the state after any byte is
# the state reached from the start state by the 6 bytes ending there, and 5 are enough for almost
# every text. Fewer steps are tried first; the walk is checked, so a wrong guess only costs time.
_AUTOMATON_MEMORY = (5, 6)  # at least 2 (see _after_two)


class _NumpyWalkIdentifier(LanguageIdentifier):
    """py3langid's identifier with its byte walk (`_raw_score`, a Python loop costing about 1 µs per
    byte) done by numpy: every byte's state is found at once from the bytes just before it, and the
    whole sequence is then checked against the automaton, one step per byte. Feature counts are
    passed on in the order py3langid's walk first meets them, so every score is the same number
    (not just the same language); when the check fails, py3langid's own walk is used.

    The model's float16 weights are widened to float32 once (about 57 MB for all languages):
    numpy widens float16 slowly, and widening the rows of every text again cost more than the walk.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._next_state = np.asarray(self.tk_nextmove)
        self._row_start = np.asarray(self._rowbase, dtype=np.int64)
        self._feature_of_state = np.asarray(self.tk_output, dtype=np.int64)
        # The state after any two bytes read from the start state, indexed by first byte * 256 + second:
        # the first two steps of every window in one lookup in a small table.
        after_one = self._next_state[self._row_start[0] + np.arange(256)]
        after_two = self._next_state[self._row_start[after_one][:, None] + np.arange(256)]
        self._after_two = after_two.astype(np.int64).ravel()
        self._wide_weights: tuple[np.ndarray, np.ndarray] | None = None  # (nb_ptc it was made from, float32 copy)

    def _raw_score(self, text: bytes):
        found = self._feature_counts(text)
        if found is None:
            return super()._raw_score(text)
        features, counts = found
        # The float32 product numpy computes for py3langid's float32 counts @ float16 rows.
        return np.log1p(counts) @ np.take(self._weights_float32(), features, axis=0) + self.nb_pc

    def _weights_float32(self) -> np.ndarray:
        if self._wide_weights is None or self._wide_weights[0] is not self.nb_ptc:  # set_languages replaces nb_ptc
            # C order: `set_languages` keeps its columns by fancy indexing, which leaves them in Fortran order,
            # and `np.take` of rows from that copies the whole table (about 17 ms) on every call.
            self._wide_weights = (self.nb_ptc, np.ascontiguousarray(self.nb_ptc, dtype=np.float32))
        return self._wide_weights[1]

    def _feature_counts(self, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(features in order of first occurrence, their counts as float32), as py3langid's walk finds
        them; None when there are none or the walk cannot be checked (then py3langid walks)."""
        for memory in _AUTOMATON_MEMORY:
            states = self._walk(text, memory)
            if states is not None:
                break
        else:
            return None
        features = self._feature_of_state[states]
        features = features[features >= 0]
        return _counts_by_first_occurrence(features) if features.size else None

    def _walk(self, text: bytes, memory: int) -> np.ndarray | None:
        """The automaton's state after each byte of `text`, each found from the `memory` bytes ending
        there; None unless that is provably the walk (each state one step from the one before)."""
        if len(text) <= memory:
            return None
        data = np.frombuffer(text, dtype=np.uint8)
        states = np.empty(data.size, dtype=np.int64)
        state, next_state, row_start = 0, self.tk_nextmove, self._rowbase
        for i in range(memory - 1):  # the first states, walked from the start of the text (Python ints: quicker)
            state = states[i] = next_state[row_start[state] + text[i]]
        windows = data.size - memory + 1  # every later state, from the start state over the bytes ending there
        pairs = np.left_shift(data[:windows], 8, dtype=np.intp)
        pairs |= data[1 : windows + 1]
        state_after = self._after_two[pairs]
        for k in range(2, memory):
            state_after = self._next_state[self._row_start[state_after] + data[k : windows + k]]
        states[memory - 1 :] = state_after
        if (self._next_state[self._row_start[states[:-1]] + data[1:]] == states[1:]).all():
            return states
        return None


def _counts_by_first_occurrence(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct features, how often each occurs as float32), in order of first occurrence: what
    `collections.Counter(features)` holds, as py3langid counts them, with a dozen numpy calls."""
    order = features.argsort(kind="stable")  # stable: the first of equal features comes first
    ordered = features[order]
    starts_group = np.empty(ordered.size, dtype=bool)
    starts_group[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_group[1:])
    starts = starts_group.nonzero()[0]
    counts = np.empty(starts.size, dtype=np.float32)
    counts[:-1] = starts[1:] - starts[:-1]
    counts[-1] = ordered.size - starts[-1]
    by_first_occurrence = order[starts].argsort()
    return ordered[starts[by_first_occurrence]], counts[by_first_occurrence]


def _identifier_class() -> type[LanguageIdentifier]:
    """The numpy walk where this py3langid has the internals it relies on, else py3langid's own."""
    needed = ("_raw_score", "_decide", "from_model_file")
    return _NumpyWalkIdentifier if all(hasattr(LanguageIdentifier, name) for name in needed) else LanguageIdentifier


@lru_cache(maxsize=1)
def load_identifiers() -> tuple[LanguageIdentifier, LanguageIdentifier]:
    """(all languages, news languages) identifiers; loading takes about a second, so once per process."""
    try:
        full = _identifier_class().from_model_file(MODEL_FILE, norm_probs=True)
    except AttributeError:  # a py3langid without the attributes the numpy walk reads
        full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    news = type(full).from_model_file(MODEL_FILE, norm_probs=True)
    news.set_languages(NEWS_LANGUAGES)
    return full, news


def detect_language(text: str, identifiers=None) -> tuple[str, float]:
    """ISO 639-1 code of `text` and the probability behind it.

    Text without a single letter (numbers, punctuation) has no language: it is
    reported as ("en", 0.0), the language every analysis supports.
    """
    sample = text[:QUICK_SAMPLE]
    if not _LETTER.search(sample) and not _LETTER.search(text[:FULL_SAMPLE]):
        return "en", 0.0
    full, news = identifiers or load_identifiers()
    language, probability = full.classify(sample)
    if probability < QUICK_ENOUGH and len(text) > QUICK_SAMPLE:
        sample = text[:FULL_SAMPLE]
        language, probability = full.classify(sample)
    if probability >= CONFIDENT:
        return language, round(probability, 4)
    return _judge_thin_evidence(sample, news)


def _judge_thin_evidence(sample: str, news: LanguageIdentifier) -> tuple[str, float]:
    scores = dict(news.rank(sample))
    best, best_score = max(scores.items(), key=lambda item: item[1])
    letters = len(_LETTER.findall(sample))
    if len(_CYRILLIC.findall(sample)) * 2 > letters:
        cyrillic = _cyrillic_by_letters(sample)
        if cyrillic:
            return cyrillic, round(scores[cyrillic], 4)
        return best, round(best_score, 4)
    if best == "en" or _english_share(sample) >= _ENGLISH_SHARE:
        return "en", round(scores["en"], 4)
    return best, round(best_score, 4)


def _cyrillic_by_letters(sample: str) -> str | None:
    """The one Cyrillic language whose own letters appear, if exactly one does."""
    found = [
        code
        for code, pattern in (("uk", _ONLY_UKRAINIAN), ("ru", _ONLY_RUSSIAN), ("be", _ONLY_BELARUSIAN))
        if pattern.search(sample)
    ]
    if found == ["uk"] or found == ["ru"]:
        return found[0]
    if "be" in found:
        return "be"  # ў is Belarusian only; Belarusian also writes і and ы
    return None


def _english_share(sample: str) -> float:
    words = _WORD.findall(sample.lower())
    if not words:
        return 0.0
    return sum(1 for word in words if word in _ENGLISH_WORDS) / len(words)


def unavailable_warning(language: str) -> str:
    name = LANGUAGE_NAMES.get(language)
    label = f"language '{language}' ({name})" if name else f"language '{language}'"
    return f"{label}: entities, claims and loaded-language analyses are not available for this language"
