"""Text basics: language detection and sentence splitting.

Public API for other modules:
    detect_language(text) -> (iso_639_1_code, probability)
    split_sentences(text) -> list[Sentence]
"""

from ..pipeline import Context, Doc, register
from .language import detect_language, load_identifiers, unavailable_warning
from .sentences import split_sentences

__all__ = ["detect_language", "split_sentences"]


@register("language", needs=("text",), adds=("language",))
def language_stage(doc: Doc, ctx: Context) -> None:
    identifiers = ctx.resource("text.language-identifiers", load_identifiers)
    language, probability = detect_language(doc.article.text, identifiers)
    doc.article.language = language
    doc.article.provenance["language"] = f"detected by py3langid (p={probability:.2f})"
    if language != "en":
        warning = unavailable_warning(language)
        if warning not in doc.article.warnings:
            doc.article.warnings.append(warning)


@register("sentences", needs=("text",), adds=("sentences",))
def sentences_stage(doc: Doc, ctx: Context) -> None:
    doc.article.sentences = split_sentences(doc.article.text)
