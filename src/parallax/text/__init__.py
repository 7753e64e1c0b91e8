"""Text basics: language detection and sentence splitting.

STUB: replaced by the text module owner.
"""

from ..model import Sentence
from ..pipeline import Context, Doc, register


@register("language", needs=("text",), adds=("language",))
def detect_language(doc: Doc, ctx: Context) -> None:
    doc.article.language = "en"


@register("sentences", needs=("text",), adds=("sentences",))
def split_sentences(doc: Doc, ctx: Context) -> None:
    doc.article.sentences = [Sentence(0, len(doc.article.text))] if doc.article.text else []
