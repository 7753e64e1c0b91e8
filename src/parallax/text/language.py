"""Language detection with py3langid (naive Bayes over byte n-grams; ships its own model).

The model's normalised probabilities decide when they are clear. Short texts (a
headline, a label) often are not: then the choice is made among the languages news
is usually written in, English is chosen only when the words themselves say so
(English function words, or English ranks first there), and Cyrillic text is told
apart by the letters only one language uses (Ukrainian і ї є ґ, Russian ы э ъ ё,
Belarusian ў). Only the start of a long text is read: py3langid walks the text byte
by byte in Python, and a few hundred characters are plenty for an article.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


@lru_cache(maxsize=1)
def load_identifiers() -> tuple[LanguageIdentifier, LanguageIdentifier]:
    """(all languages, news languages) identifiers; loading takes about a second, so once per process."""
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    news = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
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
