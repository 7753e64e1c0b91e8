"""The characters that make lower-case pre-checks unsafe, in one place.

Several stages test `text.lower()` for a word before running a case-insensitive regex, which is
only sound when lower-casing and `re.IGNORECASE` agree. They do for every character except four:
re.IGNORECASE matches dotted capital I (İ), dotless i (ı), long s (ſ) and the Kelvin sign (K) to
the ASCII letters i, i, s and k, while `str.lower()` leaves them non-ASCII (İ even becomes two
characters). A text holding one of them gets no shortcut: the full scan decides.
"""

from __future__ import annotations

CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")
# What re.IGNORECASE takes each of them for: apply before lower() to look a match up by its ASCII key.
TWINS_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


# The only characters outside A-Z and a-z whose `str.lower()` holds a letter a-z (checked over all of Unicode in
# the tests): with them, the letter runs of a lower-cased text are no longer those of its words.
LOWERS_TO_ASCII = ("\u0130", "\u212a")  # "İ" -> "i̇", Kelvin sign -> "k"


def has_lowers_to_ascii(text: str) -> bool:
    return "\u0130" in text or "\u212a" in text  # substring tests, as in `has_case_twin`


def has_case_twin(text: str) -> bool:
    """Whether `text` holds one of `CASE_TWINS` (substring tests: far faster than a regex class over an article)."""
    return not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)
