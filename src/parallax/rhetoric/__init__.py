"""Rhetoric: loaded, name-calling, sarcastic and dehumanising language.

STUB: replaced by the rhetoric module owner.
"""

from ..pipeline import Context, Doc, register


@register("loaded", needs=("text", "sentences"), adds=("loaded",), languages=("en",))
def find_loaded(doc: Doc, ctx: Context) -> None:
    doc.article.loaded = []
