"""The words of a text, read by character position: objects only for the words a check looks at.

A text's tokens are what `TOKEN.finditer(text)` yields. Splitting a whole article into tokens
costs one regex match and two strings per word, and most words (lowercase, far from any name)
are never read. `Tokens` finds the capitalised tokens with one regex scan (which also reads the plain
word after each) and reads the others on demand, around them: the token after a token (`after`,
`next_word`) and the word before one (`previous_word`).

Why reading from any position gives the same tokens as the whole-text scan: a token is made of
word characters, ".", "-" and apostrophes only, so a character outside that set ends every token,
and the scan after it restarts as it would from the text's beginning. `TOKEN` reads the character
before its first letter itself (a lookbehind sees the text before `pos`).
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Mapping

# Acronyms with dots ("U.S."), then words with inner hyphens/apostrophes ("O'Neill", "Commander-in-Chief"),
# never starting inside a word. Written to begin with a character class, not a lookbehind: `re` then skips
# to the next letter in C instead of trying the whole pattern at every position (the same tokens as
# `(?<!\w)(?:(?:[A-Z]\.){2,}|[^\W\d_]\w*(?:[-'’]\w+)*)`, found faster).
TOKEN = re.compile(r"[^\W\d_](?<!\w.)(?:(?<=[A-Z])\.(?:[A-Z]\.)+|\w*(?:[-'’]\w+)*)")
SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;…•\n\r\u2022]|[-*]\s)[\s\"'“”‘’(\[\-*•]*$")
# A token starting with a capital, where no token can go on from before it (the character before is not one
# a token may contain): ASCII capitals, and every non-ASCII character outside the punctuation block (quotes
# and dashes are common there) that is a letter, then the rest of TOKEN; `str.isupper` decides for the
# non-ASCII ones (a lowercase one starts a lowercase token, which holds no capitalised one).
# Character ranges first, so `re` skips to the next candidate in C.
_CAPITAL = "[A-Z\u00c0-\u1fff\u2070-\U0010ffff]"
# The plain lowercase word after it, when nothing but non-word characters comes between, is read in the
# same match, as group 2: the next token (a letter after a non-word character starts one, and nothing a
# token may go on with follows the word).
# Group 1 is None where the token follows "word " or "word, " (an alphanumeric character or a comma, then
# one space): the common case, which starts a sentence only where the sentence splitter says so; elsewhere
# it is the capital itself.
# A letter of that class after a character that may join it to the token before ("U.S.", "O'Neill") may start
# a capitalised token or not: the scan matches it alone, with group 3 set, and it is decided one by one. (Every
# other match is a token, and no token starts inside one: the scan passes over no such letter that starts one.)
_CAPITALISED_TOKEN = re.compile(_CAPITAL + r"(?<=[^\W\d_])(?:(?<![\w.\-'’].)(?:(?<=[^\W_] .)|(?<=, .)|(?<=(.)))"
                                + TOKEN.pattern[len(r"[^\W\d_](?<!\w.)"):]
                                + r"(?=\W*([a-z]+)(?![\w]|[-'’]\w)|)|(?<=[.\-'’].)())")
# Read on the reversed text from just before a position: the non-token characters there, then the run
# of characters a token may contain (its start is a safe place to restart the scan).
_RUN_BEFORE = re.compile(r"[^\w.\-'’]*[\w.\-'’]*")
# After a token: one space and a plain lowercase word, which is the next token (nothing a token may
# go on with follows it). The commonest next token, read without building a Token.
_PLAIN_WORD_AFTER = re.compile(r" ([a-z]+)(?![\w]|[-'’]\w)")
# Before a token, on the reversed text: non-word characters, then a whole ASCII word of letters (with a
# possessive "'s"), the character before which (in reading order) cannot join it to a token: nothing a
# token may contain ("U.S.", "well-known", "O'Neill" go the general way). Most previous words ("word Name",
# "Joe Name", "said. Name", "he said, Name") are read so, with one match on the reversed text.
WORD_BEFORE = re.compile(r"\W*((?:[sS]['’])?[A-Za-z]+)(?![\w.\-'’])")
# Characters that may join a capital to the token before it ("U.S.", "Commander-in-Chief", "O'Neill").
_JOINERS = frozenset(".-'’")
POSSESSIVE_ENDINGS = ("'s", "'S", "’s", "’S")
NOT_READ = object()  # Token.following before the token after it is read


class Token:
    __slots__ = ("start", "end", "raw_end", "raw", "text", "cap", "sentence_start", "possessive", "digit", "plain_after", "plain_at", "following")

    def __init__(self, start: int, raw: str, cap: bool, sentence_start: bool, plain_after: str | None = None, plain_at: int = -1):
        self.start, self.raw, self.raw_end = start, raw, start + len(raw)
        self.possessive = possessive = raw.endswith(POSSESSIVE_ENDINGS) and len(raw) > 2
        # end: the end of the word itself, without a possessive "'s"; text: that word
        self.text = raw[:-2] if possessive else raw
        self.end = self.raw_end - 2 if possessive else self.raw_end
        self.cap, self.sentence_start = cap, sentence_start
        # the plain lowercase word after it, when known, and its start (-1: not worked out)
        self.plain_after, self.plain_at = plain_after, plain_at
        self.following = NOT_READ  # the token after it, once read (Tokens.after)
        # A capitalised token with a digit ("F16") is never part of a name run. Letters are never digits:
        # most words skip the scan.
        self.digit = cap and not self.text.isalpha() and any(c.isdigit() for c in self.text)


class Tokens:
    """The capitalised tokens of a text (`caps`, in order), and the others on demand."""

    __slots__ = ("text", "caps", "_caps_at", "reversed_text")

    def __init__(self, text: str, sentence_starts: set[int]):
        self.text = text
        self.reversed_text: str | None = None  # text[::-1], once a word before a position is read
        caps, after_joiners = _scanned_capitals(text, sentence_starts)
        joined = _joined_capitals(text, after_joiners) if after_joiners else after_joiners
        if joined:
            # after a joiner: never "word Name", so the sentence break is looked for
            joined = [Token(start, raw, True, start in sentence_starts or start == 0
                            or SENTENCE_BREAK.search(text, max(0, start - 6), start) is not None) for start, raw in joined]
            caps += joined
            caps.sort(key=attrgetter("start"))  # starts are distinct
        caps_at = dict(zip(map(attrgetter("start"), caps), caps))
        self.caps: list[Token] = caps
        self._caps_at: dict[int, Token] = caps_at
        # The scanned tokens are linked already; a token after a joiner may be followed by " Name" too (no
        # token after a space is one after a joiner, so no scanned token is followed by a joined one).
        for tok in joined:
            following = caps_at.get(tok.raw_end + 1)
            if following is not None and text[tok.raw_end] == " ":
                tok.following = following

    @property
    def mid_sentence_caps(self) -> list[Token]:
        """The capitalised tokens that do not start a sentence."""
        return [tok for tok in self.caps if not tok.sentence_start]

    def cap_starts(self) -> list[int]:
        """The starts of `caps`, in order."""
        return list(self._caps_at)  # the index is filled in the order of `caps`: a copy made in C

    def after(self, tok: Token) -> Token | None:
        """The token after `tok` (None at the end of the text)."""
        found = tok.following
        if found is not NOT_READ:
            return found
        at, text = tok.raw_end, self.text
        if text[at:at + 1] == " " and at + 1 in self._caps_at:  # "Joe Biden": the next capitalised token (a slice is cheaper than startswith)
            found = self._caps_at[at + 1]
        else:
            match = TOKEN.search(text, at)  # the whole-text scan goes on from a token's end
            if match is None:
                found = None
            else:
                # Every capitalised token is in _caps_at: one not there is lowercase (or caseless).
                found = self._caps_at.get(match.start()) or Token(match.start(), match.group(), False, False)
        tok.following = found
        return found

    def after_unless_plain(self, tok: Token, kept: Mapping[str, object]) -> Token | int | None:
        """What `after` returns, except that a lowercase token whose lowercased raw word is not in `kept`
        comes back as its start alone (an int), without building a Token: most runs of capitalised words
        end at such a word, which is then never read again."""
        found = tok.following
        if found is not NOT_READ:
            return found
        at, text, caps_at = tok.raw_end, self.text, self._caps_at
        if text[at:at + 1] == " " and at + 1 in caps_at:
            found = caps_at[at + 1]
        else:
            match = TOKEN.search(text, at)
            if match is None:
                found = None
            else:
                found = caps_at.get(match.start())
                if found is None:
                    raw = match.group()
                    if raw.lower() not in kept:
                        return match.start()
                    found = Token(match.start(), raw, False, False)
        tok.following = found
        return found

    def next_word(self, tok: Token) -> tuple[int, str] | None:
        """(start, raw word) of the token after `tok`, without building a Token for a plain word."""
        if tok.plain_after is not None:
            if tok.plain_at < 0:
                # the word's first letter is the first one after the token (only non-word characters between)
                tok.plain_at = self.text.find(tok.plain_after, tok.raw_end)
            return tok.plain_at, tok.plain_after
        plain = _PLAIN_WORD_AFTER.match(self.text, tok.raw_end)
        if plain:
            return plain.start(1), plain.group(1)
        following = tok.following
        if following is NOT_READ:  # read the word as `after` would, without building (or keeping) a Token
            match = TOKEN.search(self.text, tok.raw_end)
            return None if match is None else (match.start(), match.group())
        return None if following is None else (following.start, following.raw)

    def previous_word(self, start: int) -> tuple[int, str] | None:
        """(start, raw word) of the token before the one starting at `start` (None at the text's start)."""
        if self.reversed_text is None:
            self.reversed_text = self.text[::-1]
        text, reversed_text, length = self.text, self.reversed_text, len(self.text)
        # Why the word is the whole token before: only non-word characters come between it and `start`, and
        # a token starts at `start`, so the word's token ends with the word (or its "'s"); the character
        # before the word can neither be in a token nor join one to it, so the token starts with the word.
        word = WORD_BEFORE.match(reversed_text, length - start)
        if word is not None:
            return length - word.end(1), text[length - word.end(1):length - word.start(1)]
        pos, found = start, None
        while pos > 0 and found is None:
            at = length - pos  # text[pos - 1] in the reversed text
            run_start = pos - (_RUN_BEFORE.match(reversed_text, at).end() - at)
            # No token crosses `pos` (a token's start, or a safe place): the last one before it is the one.
            for match in TOKEN.finditer(text, run_start, pos):
                found = match
            pos = run_start
        return (found.start(), found.group()) if found else None

    def starting_with(self, raw_words: set[str]):
        """The tokens whose raw word (possessive included) is in `raw_words`, in order."""
        if all(word[:1].isupper() for word in raw_words):  # a capitalised word is a capitalised token
            return [tok for tok in self.caps if tok.raw in raw_words]
        caps_at = self._caps_at
        return [caps_at.get(match.start()) or Token(match.start(), match.group(), False, False)
                for match in TOKEN.finditer(self.text) if match.group() in raw_words]


def _scanned_capitals(text: str, sentence_starts: set[int]) -> tuple[list[Token], list[int]]:
    """A Token per token match of the capitalised-token scan (a lowercase non-ASCII letter starts none), each
    linked to the next when that starts one space after it ("Joe Biden": what `after` would find); and the
    starts of the letters after a joiner the scan found.

    Built here field by field rather than through `Token(...)`: a class call costs a Python call per
    word, and this is most of the words ever built (the fields are those `Token.__init__` sets).
    """
    caps: list[Token] = []
    after_joiners: list[int] = []
    append, new = caps.append, object.__new__
    check_case = not text.isascii()
    previous, link_at = None, -1  # the last token, and where the next one starts if it follows as "Joe Biden"
    for match in _CAPITALISED_TOKEN.finditer(text):
        capital, plain, joined = match.groups()  # one call instead of three
        if joined is not None:
            after_joiners.append(match.start())
            continue
        raw = match[0]
        if check_case and raw[0] >= "\u00c0" and not raw[0].isupper():
            continue
        tok = new(Token)
        start, raw_end = match.span()
        tok.start, tok.raw, tok.raw_end = start, raw, raw_end
        # raw.endswith(POSSESSIVE_ENDINGS), tested without a method call (a token starts with a letter: never "'s" alone)
        if raw[-1] in "sS" and raw[-2:-1] in ("'", "’"):
            tok.possessive, tok.text, tok.end = True, (word := raw[:-2]), raw_end - 2
        else:
            tok.possessive, tok.text, tok.end = False, (word := raw), raw_end
        tok.cap = True
        # Sentence starts: "word Name", "word, Name" (group 1 None) is the common case, where no regex is needed.
        tok.sentence_start = start in sentence_starts or capital is not None and (
            start == 0 or SENTENCE_BREAK.search(text, max(0, start - 6), start) is not None)
        tok.plain_after, tok.plain_at, tok.following = plain, -1, NOT_READ
        tok.digit = not word.isalpha() and any(c.isdigit() for c in word)
        if start == link_at and text[start - 1] == " ":
            previous.following = tok
        previous, link_at = tok, raw_end + 1
        append(tok)
    return caps, after_joiners


def _joined_capitals(text: str, candidates: list[int]) -> list[tuple[int, str]]:
    """(start, raw word) of the capitalised tokens among the letters at `candidates`, each after a character
    that may join it to the token before ("U.S.", "O'Neill"): decided one by one."""
    joined = []
    for start in candidates:
        if text[start] < "\u00c0" or text[start].isupper():
            match = _token_starting_at(text, start)
            if match:
                joined.append((start, match.group()))
    return joined


def _token_starting_at(text: str, pos: int) -> re.Match | None:
    """The token of the whole-text scan that starts at `pos`, if one does."""
    run_start = pos
    while run_start and (text[run_start - 1] in _JOINERS or text[run_start - 1].isalnum() or text[run_start - 1] == "_"):
        run_start -= 1
    for match in TOKEN.finditer(text, run_start):
        if match.start() >= pos:
            return match if match.start() == pos else None
    return None
