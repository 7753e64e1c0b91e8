"""Entities: people, places, organisations and armed groups, with merged aliases.

Public API:
- stage `entities` (fills `Article.entities`);
- `extract_entities(text, sentence_starts=(), aliases=None) -> list[Entity]`;
- `merge_entities(lists) -> list[tuple[Entity, list[int]]]`: one entity per real-world
  thing across documents, with the indices of the documents that mention it;
- `skeleton(name)`, `alias_table(path)` from `.aliases`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from typing import Mapping

from ..model import Entity
from ..pipeline import Context, Doc, register
from .aliases import acronym_of_initials, alias_table, compatible, may_be_similar_words, pick_canonical, similar_names, similar_words, skeleton, stated_renamings
from .recognise import Mentions, find_candidates, is_acronym, load_words

TYPES = ("PERSON", "PLACE", "GROUP", "ORG", "OTHER")

__all__ = ["extract_entities", "merge_entities", "skeleton", "alias_table", "find_entities"]


def _context_aliases(ctx: Context) -> dict[str, str]:
    user_file = ctx.options.aliases
    return ctx.resource(("entities.aliases", str(user_file)), lambda: alias_table(user_file))


def load_aliases(docs: list[Doc], ctx: Context) -> None:
    """Corpus pass: load the alias file before any document, so a malformed file stops the run
    with one clear ResourceError instead of failing once per input."""
    _context_aliases(ctx)


@register("entities", needs=("text", "sentences"), adds=("entities",), prepare=load_aliases, languages=("en",))
def find_entities(doc: Doc, ctx: Context) -> None:
    table = _context_aliases(ctx)
    starts = {s.start for s in doc.article.sentences}
    doc.article.entities = extract_entities(doc.article.text, starts, table)


def name_votes(name: str) -> Counter:
    """Type evidence from the name itself: keywords, gazetteers, shape (cached per name by `own_evidence`)."""
    words = load_words()
    votes: Counter = Counter()
    get = votes.get  # `votes[kind] += n` would call Counter.__missing__, a Python function, for a new kind
    tokens = name.split()
    count = len(tokens)
    # The first and last words, lowercased, and the head: the word before the first connector after
    # the first word ("Armed Forces of Ukraine" -> "forces"), else the last word.
    if count == 1:  # most names: one word, no connector
        first = last = head = tokens[0].lower().rstrip(".")
    else:
        low = [t.lower().rstrip(".") for t in tokens]
        first, last, head = low[0], low[-1], low[-1]
        for i in range(1, count):
            if low[i] in words.connectors:
                head = low[i - 1]
                break
    kind = words.acronyms.get(name.replace(".", "") if "." in name else name)
    if kind is not None:
        votes[kind] = get(kind, 0) + 6
    if name in words.places:
        votes["PLACE"] = get("PLACE", 0) + 5
    if last in words.group or head in words.group:
        votes["GROUP"] = get("GROUP", 0) + 4
    elif last in words.org or first in words.org or head in words.org:
        votes["ORG"] = get("ORG", 0) + 4
    if count > 1 and last in words.place:
        votes["PLACE"] = get("PLACE", 0) + 4
    if first in words.event or last in words.event:
        votes["OTHER"] = get("OTHER", 0) + 3
    if count > 1 and not votes and first in words.demonyms:
        votes["GROUP"] = get("GROUP", 0) + 1
    if 2 <= count <= 4 and not votes and all(t[:1].isupper() and not t.isupper() for t in tokens):
        votes["PERSON"] = get("PERSON", 0) + 2  # "Given Surname" is the commonest shape of a multi-word name in news
    if count == 1 and not votes and is_acronym(name):
        votes["ORG"] = get("ORG", 0) + 1
    return votes


@lru_cache(maxsize=65536)
def own_evidence(name: str) -> tuple[Counter, str]:
    """`name_votes(name)` and the type they choose, worked out once per name (callers must not modify the Counter)."""
    own = name_votes(name)
    return own, choose_type(own)


def _with_context(own: Counter, context) -> Mapping[str, int]:
    """A name's own votes (all positive) plus the positive context votes: `own + +context`, in one pass.

    Without positive context votes this is `own` itself, not a copy: the result is only read.
    """
    if not context:  # most names: no context evidence at all
        return own
    extra = [(kind, count) for kind, count in context.items() if count > 0]
    if not extra:
        return own
    total = dict(own)  # a plain dict, copied in C: only read from here on (by choose_type and _build)
    for kind, count in extra:
        total[kind] = total.get(kind, 0) + count
    return total


def choose_type(votes: Mapping[str, int]) -> str:
    """The type with the most votes (ties: the earlier in TYPES); OTHER when no type has a positive vote."""
    best, top = "OTHER", 0
    for kind in TYPES:
        count = votes.get(kind, 0)
        if count > top:
            best, top = kind, count
    return best


class _Union:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # deterministic root: the smaller key


def extract_entities(text: str, sentence_starts=(), aliases: dict[str, str] | None = None) -> list[Entity]:
    """Entities of one English text, aliases merged, in order of first mention."""
    table = alias_table() if aliases is None else aliases
    starts = sentence_starts if isinstance(sentence_starts, (set, frozenset)) else set(sentence_starts)
    surfaces = find_candidates(text, starts)
    if not surfaces:
        return []
    votes, types = {}, {}
    for name, mentions in surfaces.items():
        own, own_type = own_evidence(name)
        total = votes[name] = _with_context(own, mentions.votes)
        types[name] = own_type if total is own else choose_type(total)  # most names: no context evidence
    union = _Union(surfaces)
    _merge_by_rules(list(surfaces), types, table, union)
    _merge_renamings(text, surfaces, types, union)
    return _build(surfaces, votes, types, union, table)


def _merge_by_rules(names: list[str], types: dict[str, str], table: dict[str, str], union: _Union) -> None:
    skeletons = {n: skeleton(n) for n in names}
    split = {n: n.split() for n in names}
    by_canonical: dict[str, str] = {}
    for name in names:
        canonical = table.get(skeletons[name])
        if canonical:
            if canonical in by_canonical:
                union.join(name, by_canonical[canonical])
            else:
                by_canonical[canonical] = name
    multi = [n for n in names if len(split[n]) > 1]
    by_shape: dict[tuple, list[str]] = defaultdict(list)  # only names that could be variants are compared
    for name in names:
        key = skeletons[name]
        by_shape[(key[:1], key.count(" "))].append(name)
    for group in by_shape.values():
        if len(group) < 2:
            continue
        # Variants' first skeleton words are variants too: test that first, without a call (most pairs fail it).
        firsts = [skeletons[n].split(" ", 1)[0] for n in group]
        for i, a in enumerate(group):
            first_a = firsts[i]
            for j in range(i + 1, len(group)):
                b = group[j]
                if (first_a == firsts[j] or may_be_similar_words(first_a, firsts[j])) \
                        and compatible(types[a], types[b]) and similar_names(a, b):
                    union.join(a, b)
    words = load_words()
    # What the loop below asks of every long name, worked out once instead of once per short name.
    # Grouped by the surname skeleton's first letter: spelling variants share it (see similar_words).
    persons: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in multi:
        if types[n] == "PERSON":
            last = skeleton(split[n][-1])
            persons[last[:1]].append((n, last))
    # Two-word institutions and groups by their name part ("Wagner" of "Wagner Group").
    institutions: dict[str, list[str]] = defaultdict(list)
    for n in multi:
        if types[n] in ("ORG", "GROUP") and len(split[n]) == 2 and split[n][1].lower() in words.institutions:
            institutions[split[n][0]].append(n)
    initials: dict[str, str] | None = None  # only worked out if the text has an acronym
    for short in names:
        if len(split[short]) != 1:
            continue
        if is_acronym(short):
            letters = short.replace(".", "")
            if initials is None:
                initials = {n: acronym_of_initials(n) for n in multi}
            long_forms = [n for n in multi if initials[n] == letters] if letters.upper() == letters else []
        else:
            key = skeletons[short]
            # A bare surname's own type votes are weak ("Sarkovic's mercenaries" looks like a place):
            # the exact surname of a person named in full in the same document wins over them.
            long_forms = [n for n, last in persons.get(key[:1], ()) if similar_words(last, key)
                          and (compatible(types[short], "PERSON") or last == key)]
            # "Wagner" for "Wagner Group": the name part of an institution or group.
            long_forms += institutions.get(short, ())
        if len({union.find(n) for n in long_forms}) == 1:  # only an unambiguous full form
            union.join(short, long_forms[0])


def _merge_renamings(text: str, surfaces: dict[str, Mentions], types: dict[str, str], union: _Union) -> None:
    countries = load_words().countries

    def place_before(offset: int) -> str | None:
        # "the town's old name": the last place before it that is not a country (mentions never overlap,
        # so the last by start is the last by end).
        places = [(start, end, name) for name, mentions in surfaces.items() for start, end in mentions.spans
                  if end <= offset and types.get(name) in ("PLACE", "OTHER") and name not in countries]
        return max(places)[2] if places else None

    for a, b in stated_renamings(text, place_before):
        a, b = _known(a, union), _known(b, union)
        if a and b and a != b:
            union.join(a, b)


def _known(name: str, union: _Union) -> str | None:
    """The surface a matched phrase refers to ('the Kremlin' -> 'Kremlin')."""
    words = name.split()
    while words:
        candidate = " ".join(words)
        if candidate in union.parent:
            return candidate
        words = words[1:]
    return None


def _build(surfaces, votes, types, union: _Union, table) -> list[Entity]:
    clusters: dict[str, list[str]] = defaultdict(list)
    for name in surfaces:
        clusters[union.find(name)].append(name)
    entities = []
    for members in clusters.values():
        if len(members) == 1:  # most names have no alias: what the general case below gives, directly
            name = members[0]
            canonical = table.get(skeleton(name)) or name
            # Mentions are found in reading order, so one name's are already sorted.
            entities.append(Entity(canonical, types[name], [] if canonical == name else [name], surfaces[name].spans))
            continue
        counts = {n: len(surfaces[n].spans) for n in members}
        # The members' votes added up (what `sum(..., Counter())` gives but for kinds with no positive total,
        # which choose_type never picks), without a Counter per addition.
        total: dict[str, int] = {}
        for n in members:
            for kind, count in votes[n].items():
                total[kind] = total.get(kind, 0) + count
        canonical = pick_canonical(counts, table)
        mentions = sorted([start, end] for n in members for start, end in surfaces[n].spans)
        aliases = sorted({n for n in members if n != canonical})
        entities.append(Entity(canonical, choose_type(total), aliases, mentions))
    entities.sort(key=lambda e: (e.mentions[0][0], e.name))
    return entities


def merge_entities(lists: list[list[Entity]], aliases: dict[str, str] | None = None) -> list[tuple[Entity, list[int]]]:
    """Merge per-document entity lists: (entity, indices of the documents it appears in).

    The merged entity has the canonical name, the majority type, every other
    name as an alias, and no mentions (offsets belong to single documents).
    Sorted by number of documents, then name.
    """
    table = alias_table() if aliases is None else aliases
    items = [(doc, e) for doc, entities in enumerate(lists) for e in entities]
    union = _Union(range(len(items)))
    names = lambda e: [e.name, *e.aliases]  # noqa: E731
    by_key: dict[str, int] = {}
    by_letter: dict[str, list[int]] = defaultdict(list)
    for i, (_, e) in enumerate(items):
        for name in names(e):
            key = table.get(skeleton(name)) or skeleton(name)
            if key in by_key and compatible(items[by_key[key]][1].type, e.type):
                union.join(i, by_key[key])
            by_key.setdefault(key, i)
        head = skeleton(e.name)[:1]
        for j in by_letter[head]:
            other = items[j][1]
            if compatible(other.type, e.type) and (similar_names(e.name, other.name) or _surname_of(e, other) or _surname_of(other, e)):
                union.join(i, j)
        by_letter[head].append(i)
        if len(e.name.split()) > 1:
            by_letter[skeleton(e.name.split()[-1])[:1]].append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[union.find(i)].append(i)
    merged = []
    for members in groups.values():
        counts: Counter = Counter()
        type_votes: Counter = Counter()
        for i in members:
            e = items[i][1]
            counts[e.name] += max(1, len(e.mentions))
            for alias in e.aliases:
                counts[alias] += 0
            # A typed mention outweighs any number of untyped ones ("Zelensky" seen without context).
            type_votes[e.type] += max(1, len(e.mentions)) * (0.01 if e.type == "OTHER" else 1)
        canonical = pick_canonical(counts, table)
        entity = Entity(canonical, choose_type(type_votes), sorted(set(counts) - {canonical}), [])
        merged.append((entity, sorted({items[i][0] for i in members})))
    merged.sort(key=lambda m: (-len(m[1]), m[0].name))
    return merged


def _surname_of(short: Entity, full: Entity) -> bool:
    """A one-word person name that is the surname of a full person name ('Zelensky' / 'Volodymyr Zelenskyy')."""
    if len(short.name.split()) != 1 or len(full.name.split()) < 2 or full.type != "PERSON" or short.type not in ("PERSON", "OTHER"):
        return False
    return similar_words(skeleton(short.name), skeleton(full.name.split()[-1]))
