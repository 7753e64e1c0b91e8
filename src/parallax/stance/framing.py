"""Entity framing: whom an article casts as protagonist, antagonist or victim.

A transparent heuristic, not a trained model (no labelled framing data is available; see
the report in docs/EVALUATION.md). For each main actor, every mention is looked at in a
small window of words, with no parser:

- the actor before a harm word ("X shelled", "X's invasion", "X saboteurs") -> antagonist,
  unless the verb is passive ("X was shelled") -> victim;
- the actor after a harm word or its preposition ("shelled X", "the attack on X",
  "the occupation of X") -> victim; after "by" ("was shelled by X") -> antagonist;
- the actor before a help word ("X rescued", "X's defenders") -> protagonist; a
  scare-quoted help word ('X "saved"') is sarcasm -> antagonist; "protect ... from X" ->
  antagonist;
- the actor before a suffering word ("X suffered", "X's victims") -> victim;
- a loaded term (article.loaded) on or next to the actor ("the X regime") -> antagonist.

Negated cues ("X's failed offensive") are not counted, and a scan stops at punctuation,
another actor, or a reporting verb or conjunction ("X said troops attacked" does not make
X the attacker). The word lists are in data/framing.yaml. The role is the one with the
most cues; each cue is kept as evidence (the sentence, its offsets, and what matched).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Article
from .actors import Actor, find_actors

DATA = Path(__file__).resolve().parents[1] / "data"
ROLES = ("protagonist", "antagonist", "victim")
FORWARD_WINDOW = 5  # words after the actor searched for the verb or noun it is the agent of
BACKWARD_WINDOW = 5  # words before the actor searched for the verb or preposition it is the object of
NOUN_GAP = 1  # "X saboteurs", "X's brave defenders": at most one word between actor and agent noun
LOADED_REACH = 4  # characters between a loaded term and an actor mention ("'s ", " in ") for the term to count as aimed at it
NEGATION_REACH = 3  # words before the actor or the cue searched for a negator ("the failure of X's victory")
# Prepositions that put the actor in a place or a purpose, not under an act: "assaults in X" does not make X the target.
_OTHER_PREPOSITIONS = frozenset({"in", "for", "to", "with", "near", "around", "about", "over", "across", "through",
                                 "within", "inside", "outside", "beyond", "toward", "towards", "like", "as"})
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been"})
DEFAULT_MAX_ACTORS = 6
MIN_ENTITY_MENTIONS = 2

# Words with inner hyphens or apostrophes stay one token ("so-called", "Ardesia's"); any
# other non-space character is a token of its own (punctuation and quotes).
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_QUOTES = frozenset("\"'“”‘’«»")
_POSSESSIVE = re.compile(r"['’]s?$")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"})


class _Words:
    """A word list with trailing-* prefixes, matched against one lowercased token."""

    def __init__(self, words: list[str]):
        self.exact = frozenset(w for w in words if not w.endswith("*"))
        self.prefixes = tuple(w[:-1] for w in words if w.endswith("*"))

    def __contains__(self, word: str) -> bool:
        return word in self.exact or (bool(self.prefixes) and word.startswith(self.prefixes))


@lru_cache(maxsize=1)
def framing_words() -> dict[str, _Words]:
    raw = yaml.safe_load((DATA / "framing.yaml").read_text(encoding="utf-8"))
    return {key: _Words([str(w).lower() for w in words]) for key, words in raw.items()}


class _Token:
    __slots__ = ("start", "end", "text", "word", "actor")

    def __init__(self, match: re.Match):
        self.start, self.end, self.text = match.start(), match.end(), match.group()
        self.word = _POSSESSIVE.sub("", self.text.lower()) if self.text[0].isalnum() or self.text[0] == "_" else ""
        self.actor: str | None = None  # name of the actor this token belongs to, if any

    @property
    def is_quote(self) -> bool:
        return self.text in _QUOTES

    @property
    def is_punctuation(self) -> bool:
        return not self.word and not self.is_quote


# --------------------------------------------------------------------------- actors

def _entity_actor(entity) -> Actor:
    actor = Actor(name=entity.name, terms={entity.name, *entity.aliases})
    actor.compile()
    return actor


def _default_actors(article: Article, max_actors: int) -> list[Actor]:
    """Countries and groups (find_actors, with demonyms and capitals), then the most-mentioned other entities."""
    chosen = [a for a in find_actors([article]) if a.mentions >= MIN_ENTITY_MENTIONS]
    covered = {t for a in chosen for t in a.terms}
    entities = sorted((e for e in article.entities if e.type in ("PLACE", "ORG", "GROUP", "PERSON")
                       and len(e.mentions) >= MIN_ENTITY_MENTIONS and e.name not in covered
                       and not covered.intersection(e.aliases)),
                      key=lambda e: (-len(e.mentions), e.name))
    ranked = [(a.mentions, a) for a in chosen] + [(len(e.mentions), _entity_actor(e)) for e in entities]
    ranked.sort(key=lambda pair: -pair[0])  # stable: countries first among equals
    return [actor for _, actor in ranked[:max_actors]]


def _named_actors(article: Article, names: list[str]) -> list[Actor]:
    """Actors the caller named: a known or derived country (with its demonyms), an entity (with aliases), or the bare name."""
    found = find_actors([article])
    out = []
    for name in names:
        actor = next((a for a in found if a.name == name or name in a.terms), None)
        if actor is None:
            entity = next((e for e in article.entities if e.name == name or name in e.aliases), None)
            actor = _entity_actor(entity) if entity else Actor(name=name, terms={name})
            actor.compile()
        out.append(actor)
    return out


# --------------------------------------------------------------------------- cues

def _tokens_with_actors(article: Article, actors: list[Actor]) -> tuple[list[_Token], list[tuple[int, int, str]]]:
    """All tokens of the text, each marked with the actor it belongs to; and each mention as (first, last+1, actor)."""
    tokens = [_Token(m) for m in _TOKEN.finditer(article.text)]
    starts = [t.start for t in tokens]
    mentions = []
    taken: set[int] = set()
    for actor in actors:
        for match in actor.pattern.finditer(article.text):
            first = bisect.bisect_right(starts, match.start()) - 1
            last = bisect.bisect_left(starts, match.end())
            if first < 0 or taken.intersection(range(first, last)):
                continue  # overlaps a mention of an actor listed earlier
            taken.update(range(first, last))
            for token in tokens[first:last]:
                token.actor = actor.name
            mentions.append((first, last, actor.name))
    mentions.sort()
    return tokens, mentions


def _negated(tokens: list[_Token], low: int, high: int, words) -> bool:
    return any(t.word in words["negators"] for t in tokens[max(0, low):high])


def _is_passive(tokens: list[_Token], index: int, words) -> bool:
    """An auxiliary of the passive one or two words before (an adverb may sit between: "was reportedly shelled")."""
    return any(t.word in words["passive_aux"] for t in tokens[max(0, index - 2):index])


def _forward_cue(tokens: list[_Token], first: int, last: int, name: str, words) -> tuple[str, int, str] | None:
    """The role the words after the mention give the actor: (role, token index of the cue, description)."""
    gap, copula = 0, False
    for k in range(last, min(len(tokens), last + FORWARD_WINDOW + 2)):
        token = tokens[k]
        if token.is_quote:
            continue
        if token.is_punctuation or (token.actor and token.actor != name) or token.word in words["clause_breaks"]:
            return None
        word = token.word
        if _inside_name(tokens, k):
            continue  # "X Volunteer Corps", "X Defence Ministry": part of a name, not a cue
        quoted = _scare_quoted(tokens, k)
        if word in words["harm_agents"] and gap <= NOUN_GAP:
            return "antagonist", k, f"agent noun '{token.text}'"
        if word in words["help_agents"] and gap <= NOUN_GAP:
            return ("antagonist", k, f"scare-quoted '{token.text}'") if quoted else ("protagonist", k, f"agent noun '{token.text}'")
        if gap and tokens[k - 1].word in _DETERMINERS and (word in words["harm"] or word in words["help"]) \
                and not any(t.word in words["launch"] for t in tokens[last:k]):
            return None  # "X counted the damage": a noun object of another verb, unless "X launched an attack"
        if copula and not _is_passive(tokens, k, words) and (word in words["harm"] or word in words["help"]):
            return None  # "X is a big victory for Y": X is not the one who wins
        if word in words["harm"]:
            if quoted:
                return None  # scare-quoted harm ('so-called "floods"') denies the harm: no role either way
            if _is_passive(tokens, k, words):
                return "victim", k, f"subject of passive '{token.text}'"
            return "antagonist", k, f"agent of '{token.text}'"
        if word in words["help"]:
            if quoted:
                return "antagonist", k, f"scare-quoted '{token.text}'"
            if _is_passive(tokens, k, words):
                return None  # "X was rescued": a beneficiary, not a role this heuristic names
            return "protagonist", k, f"agent of '{token.text}'"
        if word in words["suffer"]:
            return "victim", k, f"'{token.text}'"
        # "X is a victory", not "X is preparing a counteroffensive"
        copula = copula or (word in _COPULAS and k + 1 < len(tokens) and not tokens[k + 1].word.endswith("ing"))
        if word and word not in _DETERMINERS:
            gap += 1
        if gap > FORWARD_WINDOW:
            return None
    return None


def _inside_name(tokens: list[_Token], k: int) -> bool:
    """A capitalised word right after another capitalised word: part of a proper name."""
    return tokens[k].text[0].isupper() and k > 0 and tokens[k - 1].text[:1].isupper()


def _scare_quoted(tokens: list[_Token], k: int) -> bool:
    """One word alone in quotes ('X "saved" the town'), not the first or last word of a longer quotation."""
    return 0 < k < len(tokens) - 1 and tokens[k - 1].is_quote and tokens[k + 1].is_quote


def _look_back(tokens: list[_Token], start: int, reach: int, vocabulary) -> int | None:
    for k in range(start, max(-1, start - reach), -1):
        if tokens[k].is_punctuation:
            return None
        if tokens[k].word in vocabulary:
            return k
    return None


def _backward_cue(tokens: list[_Token], first: int, name: str, words) -> tuple[str, int, str] | None:
    """The role the words before the mention give the actor: object of harm, agent after "by", threat after "from"."""
    for k in range(first - 1, max(-1, first - BACKWARD_WINDOW - 1), -1):
        token = tokens[k]
        if token.is_quote or token.word in _DETERMINERS:
            continue
        if (token.is_punctuation or (token.actor and token.actor != name) or token.word in words["clause_breaks"]
                or token.word in _OTHER_PREPOSITIONS):
            return None
        word = token.word
        if word == "by":
            verb = _look_back(tokens, k - 1, 2, words["harm"])
            if verb is not None:
                return "antagonist", verb, f"agent after 'by' of '{tokens[verb].text}'"
            verb = _look_back(tokens, k - 1, 2, words["help"])
            if verb is not None:
                return "protagonist", verb, f"agent after 'by' of '{tokens[verb].text}'"
            return None
        if word in ("on", "against", "of", "into", "upon", "at"):
            noun = _look_back(tokens, k - 1, 1, words["harm"])
            return ("victim", noun, f"target of '{tokens[noun].text} {word}'") if noun is not None else None
        if word == "from":
            verb = _look_back(tokens, k - 1, 5, words["shield"])
            if verb is None or _scare_quoted(tokens, verb):
                return None  # 'X "saved" the town from Y' mocks the claim that Y was a threat
            return "antagonist", verb, f"threat in '{tokens[verb].text} ... from'"
        if word in words["harm"]:
            if _is_passive(tokens, k, words) or _scare_quoted(tokens, k) or _inside_name(tokens, k):
                return None
            return "victim", k, f"object of '{token.text}'"
        if word in words["help"] or word in words["harm_agents"] or word in words["help_agents"]:
            return None
    return None


def _sentence_span(article: Article, starts: list[int], offset: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0 or offset >= article.sentences[index].end:
        return _line_around(article.text, offset)
    sentence = article.sentences[index]
    return sentence.start, sentence.end


def _line_around(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _loaded_cues(article: Article, tokens: list[_Token], mentions, words) -> list[tuple[str, int, int, str]]:
    """(actor, start, end, description) for each loaded term on or right next to an actor mention."""
    out = []
    for span in article.loaded:
        if span.kind not in words["loaded_kinds"]:
            continue
        for first, last, name in mentions:
            start, end = tokens[first].start, tokens[last - 1].end
            if start - LOADED_REACH <= span.end and span.start <= end + LOADED_REACH:
                between = article.text[min(end, span.end):max(start, span.start)]
                if not any(ch in between for ch in ".;:,!?\n"):
                    out.append((name, span.start, span.end, f"loaded ({span.kind}) '{span.text}'"))
                    break
    return out


# --------------------------------------------------------------------------- public API

def frame_actors(article: Article, actors: list[str] | None = None, max_actors: int = DEFAULT_MAX_ACTORS) -> list[dict]:
    """Who the article casts as protagonist, antagonist or victim.

    `actors`: names to frame (a country name or demonym, or an entity name); default the
    article's main actors (find_actors plus its most-mentioned entities). Returns, per
    actor, {actor, role, score, cues, evidence}: `role` is the role with the most cues (None
    when there are none or two roles tie), `score` its share of the cues (0..1), `cues`
    the count per role, and `evidence` one item per cue {start, end, quote, cue, role},
    where quote == article.text[start:end] is the sentence holding the cue.
    """
    chosen = _named_actors(article, actors) if actors is not None else _default_actors(article, max_actors)
    if not chosen:
        return []
    words = framing_words()
    tokens, mentions = _tokens_with_actors(article, chosen)
    found: dict[str, list[tuple[str, int, int, str]]] = {a.name: [] for a in chosen}  # role, cue start, cue end, description
    for first, last, name in mentions:
        for cue in (_forward_cue(tokens, first, last, name, words), _backward_cue(tokens, first, name, words)):
            if cue is None:
                continue
            role, k, description = cue
            low, high = (first, k) if k >= last else (k, first)
            if role != "victim" and _negated(tokens, low - NEGATION_REACH, high, words):
                continue
            found[name].append((role, tokens[k].start, tokens[k].end, description))
    for name, start, end, description in _loaded_cues(article, tokens, mentions, words):
        if not any(role == "antagonist" and s < end and start < e for role, s, e, _ in found[name]):
            found[name].append(("antagonist", start, end, description))
    starts = [s.start for s in article.sentences]
    return [_verdict(article, actor.name, sorted(found[actor.name], key=lambda c: c[1]), starts) for actor in chosen]


def _verdict(article: Article, name: str, cues, sentence_starts: list[int]) -> dict:
    counts = {role: sum(1 for c in cues if c[0] == role) for role in ROLES}
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    role = ranked[0][0] if total and ranked[0][1] > ranked[1][1] else None
    evidence = []
    for cue_role, start, _end, description in cues:
        s, e = _sentence_span(article, sentence_starts, start)
        evidence.append({"start": s, "end": e, "quote": article.text[s:e], "cue": description, "role": cue_role})
    return {"actor": name, "role": role, "score": round(counts[role] / total, 3) if role else 0.0,
            "cues": counts, "evidence": evidence}
