"""Claims: checkable units with speaker, hedges, quantities, dates and kind.

STUB: replaced by the claims module owner.
"""

from ..pipeline import Context, Doc, register


@register("claims", needs=("text", "sentences", "entities", "published"), adds=("claims",), languages=("en",))
def find_claims(doc: Doc, ctx: Context) -> None:
    doc.article.claims = []
