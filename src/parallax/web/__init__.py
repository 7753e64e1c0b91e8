"""The desk's web app (FastAPI, server-rendered Jinja2 pages, JSON API): see `app.py`.

    create_app(db, *, allow_ingest=False, token=None) -> FastAPI
    serve(db, host="127.0.0.1", port=8000, *, allow_ingest=False, token=None) -> None   # runs uvicorn
"""

from __future__ import annotations

from pathlib import Path


def create_app(db: str | Path | None, *, allow_ingest: bool = False, token: str | None = None):
    from .app import create_app as make

    return make(db, allow_ingest=allow_ingest, token=token)


def serve(db: str | Path | None, host: str = "127.0.0.1", port: int = 8000, *, allow_ingest: bool = False,
          token: str | None = None, log_level: str = "warning") -> None:
    """Serve the app with uvicorn until interrupted (one process; sync routes run in its thread pool)."""
    import uvicorn

    app = create_app(db, allow_ingest=allow_ingest, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False, server_header=False)


__all__ = ["create_app", "serve"]
