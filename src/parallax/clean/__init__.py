"""Cleaning: turn a raw input into the article body, its metadata and a list of removals.

STUB: replaced by the clean module owner.
"""

from ..pipeline import Context, Doc, register


@register("clean", needs=("raw",), adds=("text", "removed", "title", "author", "published", "publisher"))
def clean(doc: Doc, ctx: Context) -> None:
    doc.article.text = doc.raw.text.strip()
    doc.article.path = doc.raw.path
    doc.article.url = doc.raw.url
    for name, value in doc.raw.hints.items():
        setattr(doc.article, name, value)
