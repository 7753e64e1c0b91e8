"""Stages, and the document they all read and write.

A stage is a function `run(doc, ctx)` registered by name with what it needs and
what it adds (attribute names of `Doc`/`Article`). `Pipeline` checks the order
once, before any document is touched, so a missing dependency is a clear error
instead of an AttributeError three stages later. A stage may also have a
corpus-level `prepare(docs, ctx)` pass (the cleaner counts lines repeated across
documents of one publisher there). A stage that only works for some languages
declares them; for other languages it is skipped and the article says why.

Registration is explicit (`register` is called in each stage module and
`load_stages` imports those modules): no entry points, no magic.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import multiprocessing
import os
import pickle
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .errors import InputError
from .model import Article, RawInput, Unavailable
from .options import ReadOptions


@dataclass
class Doc:
    """The spine: the raw input and the article being built from it."""

    raw: RawInput
    article: Article = field(default_factory=Article)
    done: set[str] = field(default_factory=set)  # attributes added so far


@dataclass
class Context:
    """What stages share across documents: options and lazily loaded resources."""

    options: ReadOptions = field(default_factory=ReadOptions)
    resources: dict = field(default_factory=dict)

    def resource(self, key: str, load: Callable[[], object]):
        """Load a resource once per context (alias tables, lexicons, models)."""
        if key not in self.resources:
            self.resources[key] = load()
        return self.resources[key]


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Doc, Context], None]
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    prepare: Callable[[list[Doc], Context], None] | None = None
    languages: tuple[str, ...] | None = None  # None: any language


REGISTRY: dict[str, Stage] = {}

# Modules that register reading stages, in the order they are imported.
STAGE_MODULES = (
    "parallax.clean",
    "parallax.text",
    "parallax.entities",
    "parallax.claims",
    "parallax.rhetoric",
)

READ_STAGES = ("clean", "identify", "language", "sentences", "entities", "claims", "loaded")


def register(name: str, *, needs: Iterable[str], adds: Iterable[str], prepare=None, languages=None):
    """Decorator: register `run(doc, ctx)` as stage `name`."""

    def wrap(run):
        REGISTRY[name] = Stage(name, run, tuple(needs), tuple(adds), prepare, tuple(languages) if languages else None)
        return run

    return wrap


def load_stages() -> None:
    for module in STAGE_MODULES:
        importlib.import_module(module)


def content_id(text: str) -> str:
    """Stable id of an article: a hash of its cleaned text, whitespace-normalised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@register("verbatim", needs=("raw",), adds=("text", "removed", "title", "author", "published", "publisher"))
def verbatim(doc: Doc, ctx: Context) -> None:
    """Take the input text as the article body, unchanged, so offsets point into the caller's own text.

    For inputs that are already clean article text (`parallax annotate`); `clean` is for pages.
    """
    doc.article.text = doc.raw.text
    doc.article.url = doc.raw.url
    for name, value in doc.raw.hints.items():
        setattr(doc.article, name, value)


@register("identify", needs=("text",), adds=("id",))
def identify(doc: Doc, ctx: Context) -> None:
    doc.article.id = content_id(doc.article.text)


@dataclass
class StageFailure:
    """An unexpected error while reading one input (a bug, not a user mistake)."""

    origin: str
    error: Exception


class PipelineError(Exception):
    """A stage order that cannot work: a programming error, caught at construction."""


class Pipeline:
    def __init__(self, names: Iterable[str] = READ_STAGES):
        load_stages()
        missing = [n for n in names if n not in REGISTRY]
        if missing:
            raise PipelineError(f"unknown stage(s): {', '.join(missing)}")
        self.stages = [REGISTRY[n] for n in names]
        self.check()

    def check(self) -> None:
        available = {"raw"}
        for stage in self.stages:
            lacking = [need for need in stage.needs if need not in available]
            if lacking:
                raise PipelineError(f"stage {stage.name!r} needs {', '.join(lacking)}, which no earlier stage adds")
            available.update(stage.adds)

    def prepare(self, docs: list[Doc], ctx: Context) -> None:
        for stage in self.stages:
            if stage.prepare is not None:
                stage.prepare(docs, ctx)

    def run(self, doc: Doc, ctx: Context) -> Article:
        for stage in self.stages:
            _run_stage(stage, doc, ctx)
        return doc.article

    def run_batch(self, docs: list[Doc], ctx: Context) -> list[Article | InputError | StageFailure]:
        """For each document, its Article, or what `run` would raise for it: the InputError, or a
        StageFailure holding the bug (raised instead under PARALLAX_DEBUG). The documents are read stage
        by stage: every stage reads the whole batch before the next starts. A document that fails is left
        out of the later stages; the others go on."""
        results: list[Article | InputError | StageFailure | None] = [None] * len(docs)
        for stage in self.stages:
            for i, doc in enumerate(docs):
                if results[i] is not None:
                    continue
                try:
                    _run_stage(stage, doc, ctx)
                except InputError as error:
                    results[i] = error
                except Exception as error:  # a bug on one input must not lose the others
                    if os.environ.get("PARALLAX_DEBUG"):
                        raise
                    results[i] = StageFailure(doc.raw.origin, error)
        return [doc.article if result is None else result for doc, result in zip(docs, results)]


def _run_stage(stage: Stage, doc: Doc, ctx: Context) -> None:
    """One stage on one document, or the reason it is not run (language), recorded in the article."""
    if stage.languages and doc.article.language and doc.article.language not in stage.languages:
        doc.article.unavailable.append(
            Unavailable(stage.name, f"not available for language '{doc.article.language}' (supported: {', '.join(stage.languages)})")
        )
        return
    stage.run(doc, ctx)
    doc.done.update(stage.adds)
    if stage.name == "clean" and not doc.article.text.strip():
        raise InputError("no article text left after cleaning", where=doc.raw.origin)


def read_raw(raws: Iterable[RawInput], ctx: Context | None = None, stages: Iterable[str] = READ_STAGES):
    """Run the reading stages over already-ingested inputs.

    Yields, per input and in input order, an `Article`, an `InputError` (the
    input is unusable) or a `StageFailure` (a bug met on that input), so one bad
    input never stops the others. With `ctx.options.jobs` above 1 the documents
    are read by that many forked processes; the results and their order are the
    same as with one.

    Documents are read `READ_BATCH` at a time, so the first result comes after its
    whole batch is read, and under PARALLAX_DEBUG a bug is raised before the earlier
    documents of its batch are yielded. The cyclic garbage collector is paused while a
    batch is read and while its results are handed out (reference counting still frees
    what the caller drops); it resumes when the batch's last result is taken or the
    generator is closed, so a caller that stops partway should close it (or let it go).
    """
    ctx = ctx or Context()
    pipeline = Pipeline(stages)
    docs = [Doc(raw) for raw in raws]
    if ctx.options.corpus_stats:
        pipeline.prepare(docs, ctx)
    jobs = worker_count(ctx.options.jobs, len(docs))
    if jobs <= 1:
        for start in range(0, len(docs), READ_BATCH):
            batch = docs[start:start + READ_BATCH]
            # A document read is let go: what the caller keeps of it is the caller's. Kept here until the end,
            # every article read would stay in memory, and the collector's passes would walk them all.
            docs[start:start + READ_BATCH] = [None] * len(batch)
            yield from _read_batch(pipeline, batch, ctx)
        return
    # The first document is read here, so the children inherit loaded resources instead of each loading them.
    yield from _read_batch(pipeline, docs[:1], ctx)
    yield from _read_forked(pipeline, docs, ctx, jobs)


# Documents are read in batches of this many, stage by stage (`Pipeline.run_batch`). Read one at a time,
# each document's stages evict one another's code and data (the language model's tables alone touch
# hundreds of kilobytes per document) from the processor's caches; a stage that reads a batch in a row
# finds them still there. The results, and the order they come in, are the same.
READ_BATCH = 16


def _read_batch(pipeline: Pipeline, docs: list[Doc], ctx: Context) -> Iterator[Article | InputError | StageFailure]:
    """Read `docs` as one batch (`Pipeline.run_batch`) and yield each result, in order. A result handed
    out is let go here (its slot in `docs` too): the caller's to keep or drop."""
    # Reading one document allocates tens of thousands of short-lived objects; with the cyclic
    # garbage collector on, each 700 allocations trigger a pass that also walks the long-lived
    # resources (lexicons, models). Reference counting frees what a batch leaves behind, so the
    # collector is paused while a batch is read, and stays paused while its results are handed out:
    # resumed before, its first pass would walk every article of the batch, which most callers drop one
    # by one as they go (151 -> 24 ms of collection per 1,000 bench articles, about 2.5% of reading time).
    # It resumes once the batch's last result is taken, or the generator is closed.
    collecting = gc.isenabled()
    gc.disable()
    try:
        results = pipeline.run_batch(docs, ctx)
        for i, result in enumerate(results):
            results[i] = docs[i] = None
            yield result
    finally:
        if collecting:
            gc.enable()


# Fewer documents than this per process are not worth a fork.
MIN_DOCS_PER_JOB = 4


def worker_count(jobs: int, n_docs: int) -> int:
    """How many processes to read `n_docs` documents with: `jobs`, 0 meaning one per usable core."""
    if jobs == 0:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # the children must inherit the prepared context; without fork, read in this process
    return max(1, min(jobs, n_docs // MIN_DOCS_PER_JOB))


# What forked readers inherit: set just before the pool forks, cleared after.
_FORKED: tuple | None = None


def _read_forked(pipeline: Pipeline, docs: list[Doc], ctx: Context, jobs: int):
    global _FORKED
    _FORKED = (pipeline, docs, ctx)  # kept until the pool is gone: a replaced worker forks again
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # Batches of up to READ_BATCH documents, as in one process; smaller when there are few per reader.
            size = max(1, min(READ_BATCH, len(docs) // (jobs * 8)))
            batches = [(start, min(start + size, len(docs))) for start in range(1, len(docs), size)]
            for results in pool.imap(_read_forked_batch, batches):
                yield from results
    finally:
        _FORKED = None


def _read_forked_batch(span: tuple[int, int]) -> list:
    pipeline, docs, ctx = _FORKED
    return [_travelling(result) for result in _read_batch(pipeline, docs[span[0]:span[1]], ctx)]


def _travelling(result):
    """`result`, with a StageFailure's error replaced when it cannot be pickled back to the parent."""
    if isinstance(result, StageFailure):
        try:
            pickle.dumps(result.error)
        except Exception:  # the parent must still learn what failed, even if the exception cannot travel
            result = StageFailure(result.origin, RuntimeError(f"{type(result.error).__name__}: {result.error}"))
    return result


def read_text(text: str, *, fmt: str = "text", origin: str = "<text>", published: str | None = None, ctx: Context | None = None) -> Article:
    """Convenience for library users and tests: read one string."""
    from .model import Hints

    raw = RawInput(origin=origin, text=text, format=fmt, hints=Hints(published=published))
    (result,) = list(read_raw([raw], ctx))
    if isinstance(result, StageFailure):
        raise result.error
    if isinstance(result, InputError):
        raise result
    return result
