"""The data model: every stage reads and writes these objects.

`Article` is what `parallax read --json` prints, one per input. All offsets are
character offsets into `Article.text` (the cleaned body), end exclusive, so
`text[start:end]` is always the quoted span. The JSON schema in docs/SCHEMA.md is
generated from these classes (`parallax schema`), so this file is the one place the
format is defined.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

READ_SCHEMA = "parallax.article/1"


@dataclass
class Removal:
    """A piece of the input that the cleaner dropped, and why."""

    text: str
    reason: str  # e.g. "navigation", "call-to-action", "link-list", "image-credit", "repeated", "metadata:published"
    line: int | None = None  # 1-based line number in the decoded input, when the input had lines


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Entity:
    name: str  # canonical name (the most informative spelling seen)
    type: str  # PERSON, PLACE, ORG, GROUP (armed or political group), OTHER
    aliases: list[str] = field(default_factory=list)  # other spellings/names that were merged into this one
    mentions: list[list[int]] = field(default_factory=list)  # [[start, end], ...]


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | None  # normalised number ("ten of thousands" -> 10000, "10%" -> 10)
    unit: str | None = None  # "people", "soldiers", "%", "USD", ...
    bound: str | None = None  # "at least", "at most", "about", "more than", "less than", "up to"; None = as stated


@dataclass
class DateRef:
    text: str
    start: int
    end: int
    date: str | None  # ISO 8601 date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all it says); None when unresolvable


@dataclass
class Claim:
    """A unit of checkable content: usually one sentence, or one clause of it."""

    text: str
    start: int
    end: int
    kind: str  # "reported", "opinion", "forecast" or "quote"
    speaker: str | None = None  # who it is attributed to, as written ("Kyrylenko", "the Institute for the Study of War")
    speaker_span: list[int] | None = None  # [start, end] of the speaker mention in the text
    cue: str | None = None  # the attribution cue ("said", "according to", "estimates")
    hedged: bool = False
    hedges: list[str] = field(default_factory=list)  # the hedging words found ("reportedly", "strongly implies")
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    sentence: int | None = None  # index into Article.sentences


@dataclass
class LoadedSpan:
    """A loaded, name-calling, sarcastic or dehumanising term."""

    start: int
    end: int
    text: str
    kind: str  # "name-calling", "loaded", "sarcasm", "dehumanising", "scare-quotes", "biased"
    neutral: str | None = None  # a neutral alternative, when one exists
    source: str | None = None  # what flagged it: "lexicon:...", "model:babe", "pattern:..."


@dataclass
class Unavailable:
    """An analysis that was not run on this article, and why (e.g. language not supported)."""

    analysis: str
    reason: str


@dataclass
class Article:
    id: str = ""  # stable hash of the cleaned text
    path: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date from the input; never guessed
    language: str | None = None  # ISO 639-1 code
    text: str = ""
    removed: list[Removal] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    loaded: list[LoadedSpan] = field(default_factory=list)
    # Where each metadata value came from, e.g. {"published": "text: 'Last updated' line", "publisher": "manifest"}.
    provenance: dict[str, str] = field(default_factory=dict)
    unavailable: list[Unavailable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


@dataclass
class Hints:
    """Metadata supplied with an input (JSON fields, a manifest row): it overrides what is found in the text."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    author: str | None = None

    def items(self):
        return ((f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name))


@dataclass
class RawInput:
    """One input as ingest found it, before cleaning. Not part of the JSON output."""

    origin: str  # what the user named: a path, a URL, "<stdin>", or "file.jsonl:3" for a line of a JSON-lines file
    text: str  # decoded text (HTML stays HTML here)
    format: str  # "text", "markdown" or "html"
    path: str | None = None
    url: str | None = None
    encoding: str | None = None  # the encoding the bytes were decoded from
    hints: Hints = field(default_factory=Hints)
    group: str | None = None  # key for cross-document statistics (publisher, host or directory)


# ---------------------------------------------------------------------------
# The story brief: `parallax brief` writes brief.json with these (schema parallax.brief/1).
# Sources are numbered from 1 (`n`); every `source` field below is such a number.

BRIEF_SCHEMA = "parallax.brief/1"


@dataclass
class Evidence:
    """A receipt: `quote` equals the cleaned text of source `source` at [start:end]."""

    source: int
    start: int
    end: int
    quote: str


@dataclass
class ScoreEvidence:
    """Why a score is what it is: the terms and sentences that drove it."""

    summary: str
    terms: list[str] = field(default_factory=list)
    sentences: list[Evidence] = field(default_factory=list)


@dataclass
class BriefSource:
    n: int
    id: str
    path: str | None
    url: str | None
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    language: str | None
    side: str | None = None  # key of the side it is on, or None when it takes none
    side_score: float = 0.0  # -1..1: towards sides[1] (negative) or sides[0] (positive)
    side_evidence: ScoreEvidence | None = None
    establishment: float = 3.0  # 1 critical of the establishment .. 5 pro-establishment
    establishment_evidence: ScoreEvidence | None = None
    lean: float = 3.0  # 1 left .. 5 right
    lean_label: str | None = None  # left, center, right
    lean_evidence: ScoreEvidence | None = None
    copies: list[str] = field(default_factory=list)  # paths/urls of duplicates merged into this source


@dataclass
class Side:
    key: str  # "pro-russia"
    label: str  # "Pro-Russia"
    actor: str | None  # the actor the axis is about ("Russia"); None for a left/right axis
    sources: list[int] = field(default_factory=list)
    basis: str = ""  # how the axis was found


@dataclass
class Fact:
    text: str
    citations: list[int]
    evidence: list[Evidence]
    sides: list[str] = field(default_factory=list)  # keys of the sides whose sources report it
    speaker: str | None = None  # kept when the fact is an attributed claim
    rewrites: list[str] = field(default_factory=list)  # loaded terms replaced by neutral ones ("'Kiev regime' -> 'Ukrainian government'")


@dataclass
class Narrative:
    side: str
    label: str  # "Pro-Russia narrative"
    text: str  # at most 120 words, made of the sentences below
    citations: list[int]
    evidence: list[Evidence]  # one per sentence of `text`, in order
    labels: list[str] = field(default_factory=list)  # taxonomy narrative labels, when the story is in a known domain


@dataclass
class DisputeVersion:
    source: int
    speaker: str | None
    text: str  # the figure or claim as written
    value: float | None
    unit: str | None
    bound: str | None
    date: str | None  # publication date of the source, when known
    evidence: Evidence


@dataclass
class Dispute:
    question: str
    kind: str  # "quantity" or "claim"
    versions: list[DisputeVersion]


@dataclass
class Forecast:
    text: str
    probability: float  # 0..1
    forecaster: str | None
    resolution_date: str | None
    citations: list[int]
    evidence: list[Evidence]
    origin: str = "article"  # "article" or "file" (from --forecasts)
    question: str | None = None
    url: str | None = None
    similarity: float | None = None  # for file forecasts: how close the question is to the story


@dataclass
class TimelineEvent:
    date: str
    text: str
    citations: list[int]
    evidence: list[Evidence]


@dataclass
class Splits:
    establishment: dict[str, list[int]]  # critical, neutral, pro
    political: dict[str, list[int]]  # left, center, right


@dataclass
class BriefEntity:
    name: str
    type: str
    aliases: list[str]
    sources: list[int]
    mentions: int


@dataclass
class SideCoverage:
    side: str
    sources: list[int]
    share: float  # share of the brief's sources
    missing_facts: list[int]  # indices into `facts` that no source of this side reports


@dataclass
class Excluded:
    origin: str
    reason: str  # "off-topic", "language 'ru'", "duplicate of source 2", ...


@dataclass
class Brief:
    schema: str = BRIEF_SCHEMA
    title: str = ""
    sources: list[BriefSource] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    narratives: list[Narrative] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    splits: Splits | None = None
    timeline: list[TimelineEvent] = field(default_factory=list)
    entities: list[BriefEntity] = field(default_factory=list)
    coverage: list[SideCoverage] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "single source: nothing could be cross-checked"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
