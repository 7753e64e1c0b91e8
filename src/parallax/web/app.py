"""The desk's web app: server-rendered pages (no JavaScript) and a JSON API over the store.

    from parallax.web import create_app
    app = create_app("parallax.db")                      # read-only
    app = create_app(db, allow_ingest=True, token="T")   # POST /api/ingest with `Authorization: Bearer T`

Pages: `/`, `/stories/{id}`, `/publishers/{name}`, `/articles/{id}`, `/search?q=`.
API: `/api/stories`, `/api/stories/{id}`, `/api/articles/{id}`, `/api/publishers`,
`/api/publishers/{name}`, `/api/search?q=`, `POST /api/ingest`; `/openapi.json`, `/health`.

Security: every template autoescapes, and the HTML built in Python goes through
`render.html.esc`; only http(s) URLs become links; a Content-Security-Policy header forbids
any script; no route reads a file (templates and CSS are loaded once, by package name);
the app writes only through `POST /api/ingest`, which exists only with `allow_ingest`
and a token.

Speed: a story page serves the stored brief JSON (never rebuilt inside a request: a stale
brief is served and marked as such), and the rendered page is cached per (story, brief
build time, story update time), so a repeated request costs one small query.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException

from ..desk.queries import fts_query
from ..desk.records import brief_from_dict
from ..desk.store import Store, resolve_db_path
from ..errors import UsageError
from ..render.html import stylesheet
from . import views
from .ingest import add_ingest_route

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
PAGE_SIZE = 50
MAX_QUERY = 200  # characters of a search query
TEMPLATES = ("front.html", "story.html", "article.html", "publisher.html", "search.html", "error.html")


class LRU:
    """A small thread-safe cache of rendered pages and computed techniques."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key, make: Callable):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def peek(self, key):
        with self._lock:
            return self._items.get(key)


@lru_cache(maxsize=1)
def page_css() -> str:
    return stylesheet() + (resources.files("parallax.web") / "templates" / "web.css").read_text(encoding="utf-8")


def template_environment() -> Environment:
    env = Environment(loader=PackageLoader("parallax.web", "templates"), autoescape=True, auto_reload=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["link_url"] = views.link_url
    env.filters["pct"] = lambda share: f"{100 * float(share or 0):.1f}%"
    env.filters["score"] = lambda value: "-" if value is None else f"{float(value):.2f}"
    env.globals["css"] = page_css()
    for name in TEMPLATES:  # compile every template once, at start-up, not in the first request
        env.get_template(name)
    return env


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): the same safety headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/api", "/health", "/openapi.json")


def parse_story_id(value: str) -> int:
    """Story ids are positive integers; anything else is simply not found (never a 422 or a file)."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise HTTPException(404, "no such story")
    return int(value)


def check_query(q: str | None, *, required: bool) -> str | None:
    if q is None or not q.strip():
        if required:
            raise HTTPException(400, "give a search query: ?q=words")
        return None
    if len(q) > MAX_QUERY:
        raise HTTPException(400, f"the search query is too long (at most {MAX_QUERY} characters)")
    if fts_query(q) is None:
        raise HTTPException(400, "the search query has no words to look for")
    return q


def create_app(db: str | Path | None, *, allow_ingest: bool = False, token: str | None = None) -> FastAPI:
    """The web app over the store at `db` (None: $PARALLAX_DB or ./parallax.db). Read-only unless `allow_ingest` and `token`."""
    if allow_ingest and not token:
        raise UsageError("--allow-ingest needs --token (ingest requests must carry `Authorization: Bearer <token>`)",
                         where="--allow-ingest")
    store = Store(resolve_db_path(db))
    env = template_environment()
    story_pages = LRU(256)
    techniques = LRU(512)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        store.close()

    app = FastAPI(title="Parallax news desk", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Stories, briefs, articles and publishers of a Parallax desk. Read-only unless started with --allow-ingest.")
    app.add_middleware(SecurityHeaders)
    app.state.store = store

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        headers = getattr(error, "headers", None)
        if wants_json(request):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=headers)
        titles = {400: "Bad request", 401: "Not authorised", 403: "Forbidden", 404: "Not found", 405: "Method not allowed"}
        response = page("error.html", error.status_code, title=titles.get(error.status_code, "Error"), message=str(error.detail))
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}" for e in error.errors())
        return await http_error(request, HTTPException(400, f"bad request: {problems}"))

    # -- pages ----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front_page(page_number: int = Query(1, alias="page", ge=1, le=100_000)):
        stories = store.list_stories(limit=PAGE_SIZE + 1, offset=(page_number - 1) * PAGE_SIZE)
        rows = [{"story": s, "sides": views.side_bars(s["coverage"]), "lean": views.lean_bars(s["coverage"]),
                 "blindspot": views.blindspot_text(s)} for s in stories[:PAGE_SIZE]]
        return page("front.html", title="Stories", rows=rows, page=page_number, more=len(stories) > PAGE_SIZE, counts=store.counts())

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str):
        summary = store.reader().execute(
            "SELECT s.updated, b.built FROM stories s LEFT JOIN briefs b ON b.story_id = s.id WHERE s.id = ? AND s.n_articles > 0",
            (parse_story_id(story_id),)).fetchone()
        if summary is None:
            raise HTTPException(404, f"no story {story_id}")
        key = (int(story_id), summary["built"], summary["updated"])
        return HTMLResponse(story_pages.get_or_make(key, lambda: render_story(int(story_id))))

    def render_story(story_id: int) -> str:
        story = store.get_story(story_id)
        body = None
        if story["brief"] is not None:
            brief = brief_from_dict(story["brief"])
            articles = views.ordered_sources(brief, store.load_articles([s.id for s in brief.sources if s.id]))
            body = views.story_body(brief, articles)
        return env.get_template("story.html").render(title=story["title"] or f"Story {story_id}", story=story, body=body,
                                                     sides=views.side_bars(story["coverage"]), lean=views.lean_bars(story["coverage"]),
                                                     blindspot=views.blindspot_text(story))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, with_techniques: bool = Query(False, alias="techniques")):
        article = find_article(article_id)
        found = article_techniques(article, compute=with_techniques)
        text = views.highlighted_article(article["text"], article.get("loaded") or [], found)
        return page("article.html", title=article.get("title") or "Article", article=article, text=text, techniques=found)

    @app.get("/publishers/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def publisher_page(name: str):
        publisher = find_publisher(name)
        articles = store.publisher_articles(name, limit=200)
        return page("publisher.html", title=name, publisher=publisher, articles=articles,
                    lean_chart=views.score_chart(publisher["history"], "lean"),
                    establishment_chart=views.score_chart(publisher["history"], "establishment"))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str | None = None):
        query = check_query(q, required=False)
        results = store.search(query, limit=50) if query else []
        return page("search.html", title=f"Search: {query}" if query else "Search", q=query or "", results=results)

    # -- JSON API -------------------------------------------------------------------------

    @app.get("/health", tags=["meta"])
    def health() -> dict:
        counts = store.counts()
        return {"status": "ok", "articles": counts["articles"], "stories": counts["stories"]}

    @app.get("/api/stories", tags=["stories"])
    def api_stories(limit: int = Query(PAGE_SIZE, ge=1, le=1000), offset: int = Query(0, ge=0)) -> list[dict]:
        return store.list_stories(limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str) -> dict:
        story = store.get_story(parse_story_id(story_id))
        if story is None or not story["n_articles"]:
            raise HTTPException(404, f"no story {story_id}")
        return story

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str, with_techniques: bool = Query(False, alias="techniques")) -> dict:
        article = find_article(article_id)
        found = article_techniques(article, compute=with_techniques)
        return {**article, "techniques": found}

    @app.get("/api/publishers", tags=["publishers"])
    def api_publishers() -> list[dict]:
        return store.list_publishers()

    @app.get("/api/publishers/{name:path}", tags=["publishers"])
    def api_publisher(name: str, limit: int = Query(PAGE_SIZE, ge=1, le=1000), offset: int = Query(0, ge=0)) -> dict:
        return {**find_publisher(name), "articles": store.publisher_articles(name, limit=limit, offset=offset)}

    @app.get("/api/search", tags=["search"])
    def api_search(q: str | None = None, limit: int = Query(20, ge=1, le=200)) -> dict:
        query = check_query(q, required=True)
        return {"query": query, "results": store.search(query, limit=limit)}

    add_ingest_route(app, store, allow_ingest=allow_ingest, token=token)

    # -- shared lookups ---------------------------------------------------------------------

    def find_article(article_id: str) -> dict:
        article = store.get_article(article_id) if len(article_id) <= 64 else None
        if article is None:
            raise HTTPException(404, "no such article")
        return article

    def find_publisher(name: str) -> dict:
        publisher = store.get_publisher(name) if len(name) <= 300 else None
        if publisher is None:
            raise HTTPException(404, "no such publisher")
        return publisher

    def article_techniques(article: dict, compute: bool) -> list[dict] | None:
        """Persuasion techniques: computed on request only (the model embeds every paragraph: ~0.5-2 s), then cached."""
        key = article["id"]
        if not compute:
            return techniques.peek(key)

        def predict() -> list[dict]:
            from ..models.persuasion import predict_techniques

            return views.technique_spans(article["text"], predict_techniques([p for _, p in views.paragraphs(article["text"])]))

        return techniques.get_or_make(key, predict)

    return app
