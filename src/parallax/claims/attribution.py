"""Who says so: the speaker of a claim and the cue that attributes it.

Patterns, tried in this order on one clause:
1. a source phrase: "according to X", "as reported by X", "cited by X";
2. an inverted report after a quotation: "..." said X / "...", added the ministry;
3. subject + reporting verb: "X said", "X also said on Thursday", "X, a think tank, said",
   "X (ISW) estimates", "the ministry, which said"; the first verb that has a subject wins;
4. "X issued a statement", then a possessive statement noun: "X's statement", "X's remarks";
5. "in a statement, X".
The reporting verbs come from `data/claims/report_verbs.txt`. A speaker is a run of capitalised words
(with "of", "for", "the", "and" inside it), a common-noun phrase ending in a noun ("French officials",
"the UK's defense ministry", "most analysts") or a pronoun. Pronouns are returned as such
(`pronoun=True`) and resolved by the caller, which knows the earlier claims and entities.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import Entity
from .flags import IN_A_NOUN, ISSUED, SOURCE_PHRASE, STATEMENT_NOUN
from .lexicons import report_verb_forms, report_verb_pattern


@dataclass(slots=True)
class Attribution:
    speaker: str
    start: int  # speaker span in the text
    end: int
    cue: str
    cue_start: int
    pronoun: bool = False


_LEFT_CONTEXT = 200  # characters before a verb searched for its subject (an appositive included)
PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
# Words that may stand between a subject and its verb without changing who speaks.
_BETWEEN = (r"(?:also|again|later|earlier|previously|then|now|has|have|had|reportedly|"
            r"repeatedly|publicly|officially|separately|further|first|once|recently|just|already|similarly|likewise|"
            r"subsequently|never|not|did|does|do|has\s+also|had\s+also|openly|explicitly|flatly|privately|initially|"
            r"nevertheless|however|meanwhile|still|too|though|there|[a-z]+ly|had\s+previously|"
            # a time between subject and verb: "X on Thursday said", "X earlier this week said"
            r"(?:(?:early|late|earlier|later)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
            r"(?:earlier\s+)?(?:this|last)\s+(?:week|month)|yesterday|today)")
# Case-sensitive: fillers are lower case mid-sentence, and "[a-z]+ly" must not eat names such as "Italy".
_TRAILING_FILLER = re.compile(rf"(?:\s+{_BETWEEN})+\s*$")
# The last word of every filler above ("-ly" words aside): a text ending in none of them has no trailing filler.
_FILLER_LAST_WORDS = frozenset(
    "also again later earlier previously then now has have had reportedly repeatedly publicly officially separately "
    "further first once recently just already similarly likewise subsequently never not did does do openly explicitly "
    "flatly privately initially nevertheless however meanwhile still too though there yesterday today week month "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_RELATIVE_LAST_LETTERS = ("h", "H", "o", "O", "t", "T")  # of "which", "who", "that" (no other letter folds to them)
# The last character of a text that a relative pronoun, an appositive or a parenthesis can be cut from.
_TRAILER_LAST_CHARS = frozenset(_RELATIVE_LAST_LETTERS) | {",", ")"}
_RELATIVE = re.compile(r",?\s+(?:which|who|that)\s*$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\([^()]{1,60}\)\s*$")
# "X, a think tank, said" / "X, second in command of the party, said" / "X, for instance, said".
_APPOSITIVE = re.compile(r",\s+[^,;:\"“”()]{1,80},\s*$")
_TITLE_WORDS = frozenset(
    "president vice prime minister secretary sec. sec gen. general commander chief governor gov. mayor senator sen. "
    "rep. representative commissioner administrator attorney secretary-general spokesman spokeswoman spokesperson "
    "ambassador adviser advisor director head leader speaker whip "
    "chairman chairwoman chair ceo founder judge justice colonel col. lieutenant lt. major maj. captain capt. "
    "sergeant sgt. admiral adm. mr. mr mrs. mrs ms. ms dr. dr prof. professor king queen prince pope deputy".split()
)
# Words that belong to a title only next to one of the above ("Sec. of State", "Foreign Minister"); alone they
# name organisations ("the Foreign Office").
_TITLE_PARTS = frozenset("of state defense defence foreign interior army armed forces affairs security national".split())
_FUNCTION_WORDS = frozenset(
    "a an the some many most several few all both each every any no but and or nor so yet not only just also this that "
    "these those there here it its which who whom whose what when where why how than then as if".split()
)
_OPENERS = frozenset(
    "as but and however when if while after before meanwhile then so yet still also in on at since because although "
    "though with for of instead now here there thus hence indeed moreover furthermore finally later earlier".split()
)
_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "on", "al", "von", "van", "der", "&"})
_DETERMINERS = frozenset(
    "the a an some many most several few other two three four both all these those its his her their our "
    "senior top western local foreign".split()
)
_WORD = re.compile(r"[A-Za-z][\w.'’&-]*|[()]")
_SOURCE_PHRASE = re.compile(r"\b(?P<cue>according\s+to|as\s+reported\s+by|reported\s+by|cited\s+by|quoted\s+by|citing)\s+", re.IGNORECASE)
_ISSUED_STATEMENT = re.compile(r"\s+(?P<cue>(?:issued|released|published|put\s+out|posted)\s+(?:a|an)\s+(?:\w+\s+)?(?:statement|video|message|report|assessment|communique))\b")
_STATEMENT_NOUN = re.compile(
    r"['’]s?\s+(?P<cue>statement|statements|remarks|comments|words|claims?|assessment|estimates?|report|announcement|"
    r"account|post|tweet|message|testimony|letter|speech|interview|briefing)\b"
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|of|at|from|on|to|for|with|by|about|into|over|against|under|near|across|through|between|among|than|like)\s+$",
    re.IGNORECASE,
)
_NOUN_USE = re.compile(r"\b(?:the|a|an|its|his|her|their|our|my|this|that|whose)\s+$", re.IGNORECASE)
_ISSUED_NOUNS = ("statement", "video", "message", "report", "assessment", "communique")


def _has_issued_noun(clause: str) -> bool:
    """Whether any of `_ISSUED_NOUNS` is a substring: spelled out, as substring tests are three times faster
    than one regex scan for all six (whose first letters are too common for the engine's fast scan)."""
    return ("statement" in clause or "video" in clause or "message" in clause or "report" in clause
            or "assessment" in clause or "communique" in clause)


_POSSESSED_STATEMENT = re.compile(_STATEMENT_NOUN.pattern + r"$")
# One word of every match of each pattern above, as a whole letter run of the lower-cased clause (each stands
# between spaces, a word boundary or a comma there), for `prechecks.ClauseWords`' shortcuts: "according", "reported",
# "cited", "quoted" or "citing" (the pattern ignores case, hence the fold test there); the verb of an issued
# statement; the noun after a possessive; the noun after "in a".
SOURCE_PHRASE_WORDS = frozenset({"according", "reported", "cited", "quoted", "citing"})
ISSUED_VERBS = frozenset({"issued", "released", "published", "put", "posted"})
STATEMENT_NOUNS = frozenset(
    "statement statements remarks comments words claim claims assessment estimate estimates report announcement "
    "account post tweet message testimony letter speech interview briefing".split()
)
IN_A_NOUNS = frozenset({"statement", "post", "message", "tweet", "video", "briefing", "interview"})
_IN_A_STATEMENT = re.compile(r"\b(?P<cue>[Ii]n\s+a\s+(?:statement|post|message|tweet|video|briefing|interview)(?:\s+on\s+\w+)?),\s+")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


def _has_quote(clause: str) -> bool:
    """Whether `clause` holds an opening mark of `_QUOTED`: three substring tests cost less than a regex scan."""
    return "“" in clause or '"' in clause or "«" in clause


_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_NOUN_FOLLOWERS = frozenset(
    "have has had are were is was will would can could may might of for from against and or "
    "represents represent rose fell increased decreased dropped climbed jumped remain remained".split()
)
_NP_AFTER_STOP = frozenset(
    "that who which on in at after before when while as to said says is was are were has have had will would could".split()
)
_UP_TO_LAST_STOP = re.compile(r'.*[,;:"“”]', re.DOTALL)  # greedy: up to the last of them (see `_np_before`)
_VERB_PART = re.compile(r"[\w'’-]")  # what the verb pattern's lookarounds refuse on either side of a form
_INFINITIVE_TO = re.compile(r"\bto\s*$")  # run on the four characters before a verb
_QUOTE_END = re.compile(r"[”\"’'],?\s*$|,\s*$")


def _strip_trailers(left: str) -> tuple[str, bool]:
    """`left` without the fillers, relative pronoun, appositive and parenthesis that may stand between a subject
    and its verb (right-trimmed), and whether a relative pronoun was removed.

    Each pattern is anchored at the end but searched from the start, so it is only run when the last word or
    character allows a match: fillers end in one of `_FILLER_LAST_WORDS` or "-ly", a relative in "which"/"who"/
    "that" after a comma, an appositive in a comma, a parenthesis in ")"."""
    tail = left.rstrip()
    if not tail:
        return tail, False
    # The usual case, decided from the last word and character: no pattern below can match, and the loop would
    # leave `left` as it is.
    last = tail.rsplit(None, 1)[-1]
    if tail[-1] not in _TRAILER_LAST_CHARS and last not in _FILLER_LAST_WORDS and not last.endswith("ly"):
        return tail, False
    return _cut_trailers(left)


def _cut_trailers(left: str) -> tuple[str, bool]:
    """`_strip_trailers` by the patterns (see there)."""
    relative = False
    for _ in range(3):
        before = left
        tail = left.rstrip()
        last = tail.rsplit(None, 1)[-1] if tail else ""
        if last in _FILLER_LAST_WORDS or last.endswith("ly"):
            left = _TRAILING_FILLER.sub("", left)
            tail = left.rstrip()
        if "," in left[-12:] and tail[-1:] in _RELATIVE_LAST_LETTERS and _RELATIVE.search(left):
            left, relative = _RELATIVE.sub("", left), True
            tail = left.rstrip()
        if tail.endswith(","):
            left = _APPOSITIVE.sub("", left)
            tail = left.rstrip()
        if tail.endswith(")"):
            left = _PARENTHESIS.sub("", left)
        if left == before:
            break
    return left.rstrip(), relative


def _np_before(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The noun phrase ending at `pos` (after skipping fillers, a relative pronoun, an appositive, a parenthesis)."""
    if pos - start > _LEFT_CONTEXT:  # a subject is near its verb; do not tokenise a whole long sentence
        cut = text.find(" ", pos - _LEFT_CONTEXT, pos)
        start = cut if cut >= 0 else pos - _LEFT_CONTEXT
    left, relative = _strip_trailers(text[start:pos])
    end = start + len(left)
    # _WORD has no look-around, so scanning the text between the bounds finds the words of `left` at text offsets.
    # The words that can matter begin after the last comma, semicolon, colon or double quotation mark: no word
    # holds one, so the words after it are the same as in a scan from `start`; and the two words around it are
    # not contiguous (more than spaces between), which stops every walk back (names, noun phrases, the head
    # before a preposition) there, so the words before it are never reached.
    stop = _UP_TO_LAST_STOP.match(text, start, end)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, stop.end() if stop else start, end)]
    if not words:
        return None  # none, or a stop after the last word, which the test below refuses
    # The words must run up to the end with only spaces between them.
    if text[words[-1][1]:end].strip():
        return None
    last = words[-1][2]
    if last.lower() in PRONOUNS:
        return words[-1][0], words[-1][1]
    if last.lower() in _FUNCTION_WORDS:
        return None  # "all but guaranteed", "Some states": no noun to speak
    if last.islower() and last.endswith(("ed", "ing")):
        return None  # "has fueled claims", "people being admitted": a verb, not a subject, before the cue
    # A capitalised last word ends a name (from `_run_start`), a lower-case one a common-noun phrase.
    span = (words[_run_start(text, words)][0], words[-1][1]) if last[0].isupper() else _common_noun_phrase(text, words)
    if span and not relative:
        prep = _PREPOSITION_BEFORE.search(text, max(start, span[0] - 12), span[0])
        if prep:
            return _head_of(text, words, prep, span)
    return span


def _head_of(text: str, words: list, prep: re.Match[str], span: tuple[int, int]) -> tuple[int, int] | None:
    """"A memo from the Justice Department said": the subject is "A memo from ..."; "an audit in Arizona" is not
    a speaker. Only "of", "from", "at" and "for" join a head noun to a name; the head must begin with a determiner."""
    if prep.group().split()[0].lower() not in ("of", "from", "at", "for"):
        return None
    before = [w for w in words if w[1] <= prep.start()]
    if not before or before[-1][2][0].isupper():
        return None
    head = _common_noun_phrase(text, before, allow_singular=True)
    if not head or words[[w[0] for w in words].index(head[0])][2].lower() not in _DETERMINERS:
        return None
    if _PREPOSITION_BEFORE.search(text, max(0, head[0] - 12), head[0]):
        return None
    return head[0], span[1]


def _run_start(text: str, words: list) -> int:
    """Index of the first word of the capitalised name that ends with the last of `words`."""
    i = len(words) - 1
    first = i
    while i > 0 and not text[words[i - 1][1]:words[i][0]].strip():  # contiguous: spaces only between
        word = words[i - 1][2]
        if word[0].isupper():
            first = i - 1
        elif word.lower() in _CONNECTORS and i - 2 >= 0 and not text[words[i - 2][1]:words[i - 1][0]].strip() and (
            words[i - 2][2][0].isupper() or words[i - 2][2].lower() in _CONNECTORS - {"the"}
        ):
            pass  # "Institute for the Study": keep going through the connector
        elif word.lower() == "the":
            first = i - 1
            break
        else:
            break
        i -= 1
    # A connector may not start the phrase ("the" may), nor a capitalised sentence opener ("As X notes").
    while first < len(words) - 1 and (words[first][2].lower() in _CONNECTORS - {"the"} or words[first][2].lower() in _OPENERS):
        first += 1
    return first


def _common_noun_phrase(text: str, words: list, *, allow_singular: bool = False) -> tuple[int, int] | None:
    """"French officials", "the UK's defense ministry", "most analysts": at most five words, starting with a
    determiner, a capitalised word or a possessive, and ending in a plural or a noun after a determiner."""
    last = words[-1][2]
    if not last.isalpha() or len(last) < 3:
        return None
    first = len(words) - 1
    for i in range(len(words) - 2, max(-1, len(words) - 6), -1):
        if text[words[i][1]:words[i + 1][0]].strip():  # not contiguous: more than spaces between
            break
        word = words[i][2]
        if word.lower() in _DETERMINERS or word[0].isupper() or word.endswith(("'s", "’s", "s'", "s’")) or (
            word.isalpha() and word.islower() and word not in ("and", "or", "that", "but", "as", "because", "while", "when", "if")
            and not word.endswith(("ed", "ly"))
        ):
            first = i
            if word[0].isupper():  # "the Supreme Court's conservative majority": take the whole name before the nouns
                first = _run_start(text, words[: i + 1])
            if word.lower() in ("the", "a", "an", "some", "many", "most", "several", "both", "all") or word[0].isupper():
                break
        else:
            break
    head_word = words[first][2]
    starts_well = head_word.lower() in _DETERMINERS or head_word[0].isupper() or head_word.endswith(("'s", "’s"))
    if not starts_well and not (first == len(words) - 1 and last.endswith("s") and not last.endswith("ss")):
        return None
    if first == len(words) - 1 and not last.endswith("s") and not allow_singular:
        return None  # a lone singular common noun ("report said" in a fragment) is too vague
    return words[first][0], words[-1][1]


def _np_after(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The speaker after an inverted cue or "according to": up to a comma, a period or a clause word."""
    # Walked as found: the walk stops at the first gap or stop word, usually long before `end`. (`_WORD` has no
    # look-around, so scanning `text` between the bounds finds the words of `text[pos:end]` at text offsets.)
    taken = []
    previous_end = None
    for m in _WORD.finditer(text, pos, end):
        w = (m.start(), m.end(), m.group())
        if previous_end is not None and text[previous_end:w[0]].strip():
            break  # not contiguous with the word before (more than spaces between)
        previous_end = w[1]
        lower = w[2].lower()
        if lower in _NP_AFTER_STOP:
            break
        if lower in ("(", ")"):
            break
        taken.append(w)
        if len(taken) >= 9:
            break
    while taken and (taken[-1][2].lower() in _CONNECTORS):
        taken.pop()
    if not taken:
        return None
    stop = taken[-1][1]
    if text[stop - 1] == ".":  # a sentence-final period is not part of the name
        stop -= 1
    return taken[0][0], stop


def _may_hold_title(words: list[str]) -> bool:
    """Whether a word is a title as `strip_titles` tests it (lower-cased, with or without its trailing periods);
    asked of all the words at once, since most phrases hold none. (No character lowers to a space, so the joined
    words split back into the lower-cased words.)"""
    joined = " ".join(words).lower()
    tokens = joined.split()
    if not _TITLE_WORDS.isdisjoint(tokens):
        return True
    return "." in joined and any(t.endswith(".") and t.rstrip(".") in _TITLE_WORDS for t in tokens)


def strip_titles(text: str, start: int, end: int) -> tuple[int, int]:
    """'Donetsk Governor Pavlo Kyrylenko' -> 'Pavlo Kyrylenko': keep the name after the last title word."""
    if not _may_hold_title(_WORD.findall(text, start, end)[:-1]):
        return start, end  # no title before the last word: nothing to cut (most speakers), no word positions needed
    words = [(m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(text[start:end])]

    def is_title(word: str) -> bool:
        return word.lower() in _TITLE_WORDS or word.lower().rstrip(".") in _TITLE_WORDS

    cut = None
    for i, (_, _, word) in enumerate(words[:-1]):
        if is_title(word) or (cut == i - 1 and word.lower() in _TITLE_PARTS):
            cut = i  # a title, and the words that continue it ("Sec." "of" "State")
    if cut is None:
        return start, end
    name = []
    for w in words[cut + 1:]:
        if not w[2][0].isupper():
            break  # "Michael McCaul of Texas": the name ends before "of"
        name.append(w)
    rest = words[cut + 1 + len(name):]
    # A person's name ends the phrase, or is followed by "of <Place>"; a possessive means an organisation
    # ("Justice Department's Office of Legal Counsel" is not a justice called "Department's Office").
    ends_well = not rest or (rest[0][2] == "of" and all(w[2][0].isupper() for w in rest[1:]) and len(rest) > 1)
    if name and ends_well and not any(w[2].endswith(("'s", "’s")) for w in name):
        return name[0][0], name[-1][1]
    return start, end


class PersonMentions:
    """The PERSON mentions of an article sorted by start, built once per article: each speaker then looks at the
    few mentions that start inside its phrase instead of walking every mention of every entity."""

    __slots__ = ("starts", "mentions")

    def __init__(self, entities: list[Entity] | None):
        found = []
        for entity in entities or ():
            if entity.type == "PERSON":
                for a, b in entity.mentions:
                    found.append((a, b, len(found)))
        found.sort()
        self.mentions = found  # (start, end, place in entity order)
        self.starts = [m[0] for m in found]

    def longest_inside(self, start: int, end: int) -> tuple[int, int] | None:
        """The mention within [start, end), other than that span itself, that ends last; on a tie the first in
        entity order (what a walk over the entities finds)."""
        best = None
        mentions = self.mentions
        for i in range(bisect_left(self.starts, start), bisect_right(self.starts, end)):
            a, b, order = mentions[i]
            if b > end or (a, b) == (start, end):
                continue
            if best is None or b > best[1] or (b == best[1] and order < best[2]):
                best = mentions[i]
        return (best[0], best[1]) if best else None


def _prefer_entity(start: int, end: int, entities: list[Entity] | PersonMentions | None) -> tuple[int, int]:
    """If the phrase holds a PERSON mention, the speaker is that person; a mention equal to the phrase stays."""
    if isinstance(entities, PersonMentions):
        return entities.longest_inside(start, end) or (start, end)
    if not entities:
        return start, end
    best = None
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for a, b in entity.mentions:
            if start <= a and b <= end and (a, b) != (start, end):
                if best is None or b > best[1]:
                    best = (a, b)
    return best or (start, end)


def _make(text: str, span: tuple[int, int], cue: re.Match[str] | tuple[str, int], entities) -> Attribution:
    start, end = span
    speaker = text[start:end]
    pronoun = speaker.lower() in PRONOUNS
    if not pronoun:
        # A phrase of letters alone is one word: no title stands before it (`strip_titles` would keep it whole).
        if not speaker.isalpha():
            start, end = strip_titles(text, start, end)
        start, end = _prefer_entity(start, end, entities)
        if start != span[0] or end != span[1]:
            speaker = text[start:end]
            pronoun = speaker.lower() in PRONOUNS
    cue_text, cue_start = cue if cue.__class__ is tuple else (cue.group("cue"), cue.start("cue"))
    return Attribution(speaker, start, end, " ".join(cue_text.split()), cue_start, pronoun)


def _may_hold_source_phrase(clause: str) -> bool:
    """A cheap substring test before the source-phrase regex (which would otherwise scan every clause).
    " by " is common, so it only counts with "ted" somewhere, which "reported/cited/quoted by" all hold
    (in any case: no letter of "ted" matches anything else when case is ignored)."""
    if "ccording" in clause or "iting " in clause:
        return True
    return " by " in clause and "ted" in clause.lower()


def _subject_disagrees_with_base_verb(text: str, span: tuple[int, int], verb: str) -> bool:
    """Whether the phrase `span` cannot be the subject of `verb`, a base form ("say", "claim": the caller tests
    that first, as most verbs are not)."""
    phrase = text[span[0]:span[1]]
    last = phrase.split()[-1]
    if last.lower() in PRONOUNS:
        return False
    if last[0].isupper():  # "Applications for U.S. state": one name takes "states"; two ("X and Y say") do not
        return " and " not in phrase and not last.endswith("s")
    return not last.endswith("s")


def _noun_followed(text: str, verb: str, v_end: int, end: int) -> bool:
    """A present-tense form ("claims", "reports") followed by a verb or a preposition is a plural noun (asked by
    the caller of forms ending in "s" but "says" only)."""
    m = _NEXT_WORD.match(text, v_end, end)
    return bool(m and m.group(1) in _NOUN_FOLLOWERS)


def _inverted_speaker(text: str, start: int, end: int, v_start: int, v_end: int) -> tuple[int, int] | None:
    """The speaker after the verb in '..." said X' or '..., said X' (tried only when no subject precedes)."""
    if v_start <= start or not _QUOTE_END.search(text, max(start, v_start - 3), v_start):
        return None
    span = _np_after(text, v_end, end)
    if span and (text[span[0]].isupper() or text[span[0]:span[1]].lower().startswith("the ")):
        return span
    return None


def verb_cues(text: str, start: int, end: int, forms: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, form) of every reporting verb in `text[start:end]`.

    `forms`: when the caller knows which verb forms the clause holds as lower-cased letter runs (every match
    of the pattern is one), they are found with `str.find`, which is much cheaper than the pattern's scan."""
    if forms is None:
        return [(m.start(), m.end(), m.group()) for m in report_verb_pattern().finditer(text, start, end)]
    return find_verb_forms(text, start, end, forms) if forms else []


def find_verb_forms(text: str, start: int, end: int, forms: frozenset[str]) -> list[tuple[int, int, str]]:
    """The matches of `report_verb_pattern()` in `text[start:end]` among `forms`: a match is a whole run of
    `_VERB_PART` characters, so an occurrence counts when neither neighbour is one. As with `finditer(text,
    start, end)`, the character before `start` is looked at, the one at `end` is not."""
    found = []
    for form in forms:
        i = text.find(form, start, end)
        while i >= 0:
            j = i + len(form)
            if not (i > 0 and _VERB_PART.match(text, i - 1)) and not (j < end and _VERB_PART.match(text, j)):
                found.append((i, j, form))
            i = text.find(form, i + 1, end)
    found.sort()  # whole runs never overlap: sorted by start, as the pattern finds them
    return found


def find_attribution(text: str, start: int = 0, end: int | None = None, *,
                     entities: list[Entity] | PersonMentions | None = None,
                     verbs: list[tuple[int, int, str]] | None = None, clause: str | None = None,
                     clue=None) -> Attribution | None:
    """The speaker of the clause `text[start:end]`, or None when it is not attributed.

    `entities`: the article's entities, or a `PersonMentions` of them (the same answer, found faster).
    `verbs`: `verb_cues(text, start, end)` when the caller has already computed it (saves a second scan).
    `clause`: `text[start:end]` when the caller has it.
    `clue`: `prechecks.ClauseWords(clause)` when the caller has it: its word tests, asked before the substring
    tests below, say "no" to most clauses at once (they may say "maybe" when a pattern finds nothing, never "no"
    when it would find something)."""
    end = len(text) if end is None else end
    clause = text[start:end] if clause is None else clause  # one slice for every substring pre-check below
    # (The substring test stays in any case: it is case-sensitive, and what it refuses stays refused.)
    # The clue's bits (`ClauseWords.flags`, tested as its `may_have_...` methods do, without their calls); every
    # bit set without a clue.
    flags = -1 if clue is None else clue.flags
    may_source = flags & SOURCE_PHRASE and _may_hold_source_phrase(clause)
    m = _SOURCE_PHRASE.search(text, start, end) if may_source else None
    if m:
        span = _np_after(text, m.end(), end)
        if span:
            return _make(text, span, m, entities)
    verbs = verb_cues(text, start, end) if verbs is None else verbs
    # Quotations matter only to a verb, so they are only looked up when there is one.
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)] if verbs and _has_quote(clause) else []
    lemmas = report_verb_forms() if verbs else None
    for v_start, v_end, verb in verbs:
        if verb.endswith("ing"):
            continue  # a participle opens a clause without a subject ("Writing on social media, X said")
        if quoted and any(a < v_start < b for a, b in quoted):
            continue  # a verb inside a quotation belongs to the quoted speech, not to the attribution
        if _NOUN_USE.search(text, max(start, v_start - 8), v_start) or (
                verb[-1] == "s" and verb != "says" and _noun_followed(text, verb, v_end, end)):
            continue  # "the report said", "jobless claims have risen": the verb form is a noun here
        if _INFINITIVE_TO.search(text[max(start, v_start - 4):v_start]):
            continue  # an infinitive ("refused to comment") has no subject here
        span = _np_before(text, start, v_start)
        if span and lemmas.get(verb.lower()) == verb.lower() and _subject_disagrees_with_base_verb(text, span, verb):
            span = None  # "a command post": a singular common noun takes "says", so a bare "post" is a noun here
        if not span:
            inverted = _inverted_speaker(text, start, end, v_start, v_end)  # only wanted when no subject precedes
            if inverted:
                return _make(text, inverted, (verb, v_start), entities)
        if span and span[1] > span[0]:
            owner = _POSSESSED_STATEMENT.search(text, span[0], span[1])
            if owner:  # "the Kremlin's statement did not mention": the Kremlin speaks
                return _make(text, (span[0], owner.start()), owner, entities)
            return _make(text, span, (verb, v_start), entities)
    m = _ISSUED_STATEMENT.search(text, start, end) if flags & ISSUED and _has_issued_noun(clause) else None
    if m:
        span = _np_before(text, start, m.start())
        if span and span[1] > span[0]:
            return _make(text, span, m, entities)
    # The pattern opens with an apostrophe: two substring tests cost a quarter of its scan.
    m = _STATEMENT_NOUN.search(text, start, end) if flags & STATEMENT_NOUN and ("'" in clause or "’" in clause) else None
    if m:
        span = _np_before(text, start, m.start())
        if span:
            return _make(text, span, m, entities)
    m = _IN_A_STATEMENT.search(text, start, end) if flags & IN_A_NOUN and "n a " in clause else None
    if m:
        span = _np_after(text, m.end(), end)
        if span:
            return _make(text, span, m, entities)
    return None
