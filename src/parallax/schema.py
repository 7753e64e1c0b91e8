"""JSON schemas of the output formats, generated from the data model (model.py)."""

from __future__ import annotations

from pydantic import TypeAdapter

from .model import BRIEF_SCHEMA, READ_SCHEMA, Article, Brief


def article_schema() -> dict:
    schema = TypeAdapter(list[Article]).json_schema()
    schema["$id"] = READ_SCHEMA
    schema["title"] = "parallax read --json"
    schema["description"] = "A JSON array, one object per article. Offsets are character offsets into `text`."
    return schema


def brief_schema() -> dict:
    schema = TypeAdapter(Brief).json_schema()
    schema["$id"] = BRIEF_SCHEMA
    schema["title"] = "brief.json written by parallax brief"
    return schema
