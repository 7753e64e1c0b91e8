"""`POST /api/ingest`: the web app's only write, off unless the app was made with `allow_ingest` and a token.

Body: `{"urls": [...]}` (fetched with the guarded client of `parallax.ingest.fetch`, so
loopback, private and link-local addresses are refused and size and time limits apply;
feeds have their items fetched) and/or `{"articles": [{text, title, url, publisher,
published, author, format}]}`. Answer: the ingest summary and one line per failed input.

Without `allow_ingest` the route answers 403; with it, a request without
`Authorization: Bearer <token>` (compared in constant time) answers 401.
"""

from __future__ import annotations

import hmac
import threading
from typing import Literal

from fastapi import FastAPI, Header
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ..errors import ParallaxError
from ..model import Hints, RawInput

MAX_URLS = 50
MAX_ARTICLES = 200
MAX_TEXT = 2_000_000  # characters of one posted article


class PostedArticle(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    publisher: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=100)
    author: str | None = Field(None, max_length=500)
    format: Literal["text", "html", "markdown"] = "text"


class IngestRequest(BaseModel):
    urls: list[str] = Field(default_factory=list, max_length=MAX_URLS)
    articles: list[PostedArticle] = Field(default_factory=list, max_length=MAX_ARTICLES)


class IngestFailure(BaseModel):
    input: str
    error: str


class IngestResult(BaseModel):
    new: int
    updated: int
    duplicate: int
    failed: int
    stories_new: int
    stories_grown: int
    briefs: int
    errors: list[IngestFailure]


def raw_input(article: PostedArticle, index: int) -> RawInput:
    hints = Hints(title=article.title, url=article.url, publisher=article.publisher, published=article.published, author=article.author)
    return RawInput(origin=article.url or f"posted article {index + 1}", text=article.text, format=article.format,
                    url=article.url, hints=hints, group=article.publisher)


def check_token(authorization: str | None, token: str) -> None:
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "ingest needs `Authorization: Bearer <token>`", headers={"WWW-Authenticate": "Bearer"})


def add_ingest_route(app: FastAPI, store, *, allow_ingest: bool, token: str | None) -> None:
    lock = threading.Lock()  # one ingest at a time: the desk's in-memory indexes are not shared between writers
    desks: list = []

    def desk():
        from ..desk.desk import Desk

        if not desks:
            desks.append(Desk(store))
        return desks[0]

    @app.post("/api/ingest", tags=["ingest"], response_model=IngestResult,
              responses={401: {"description": "missing or wrong token"}, 403: {"description": "the app is read-only"}})
    def api_ingest(body: IngestRequest, authorization: str | None = Header(None)) -> IngestResult:
        if not allow_ingest or not token:
            raise HTTPException(403, "this server is read-only (start it with --allow-ingest --token T to accept articles)")
        check_token(authorization, token)
        if not body.urls and not body.articles:
            raise HTTPException(400, "give `urls` or `articles`")
        from ..desk.desk import Summary
        from ..desk.sources import expand
        from ..options import ReadOptions

        options = ReadOptions()
        errors: list[IngestFailure] = []
        raws = [raw_input(a, i) for i, a in enumerate(body.articles)]
        with lock:
            for item in expand(list(body.urls), options, skip_url=store.has_url):
                if isinstance(item, ParallaxError):
                    errors.append(IngestFailure(input=item.where or "", error=item.message))
                else:
                    raws.append(item)
            summary = desk().ingest(raws, options, summary=Summary(failed=len(errors)))
        return IngestResult(**{k: getattr(summary, k) for k in ("new", "updated", "duplicate", "failed", "stories_new",
                                                                   "stories_grown", "briefs")}, errors=errors)
