"""A readable plain-text report of one article, for `parallax read` without --json."""

from __future__ import annotations

import textwrap

from ..model import Article

WIDTH = 100


def _line(label: str, value) -> str:
    return f"  {label:<10} {value if value not in (None, '') else '-'}\n"


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) + "\n"


def article_report(article: Article, max_items: int = 8) -> str:
    out = []
    where = article.url or article.path or "(input)"
    out.append(f"== {article.title or '(no title found)'}\n")
    out.append(_line("source", where))
    out.append(_line("publisher", article.publisher))
    out.append(_line("author", article.author))
    out.append(_line("published", article.published))
    out.append(_line("language", article.language))
    out.append(_line("id", article.id))
    words = len(article.text.split())
    out.append(_line("body", f"{words} words, {len(article.sentences)} sentences; {len(article.removed)} pieces of page noise removed"))

    if article.removed:
        out.append("  removed:\n")
        for removal in article.removed[:max_items]:
            snippet = " ".join(removal.text.split())
            snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
            out.append(f"    - [{removal.reason}] {snippet}\n")
        if len(article.removed) > max_items:
            out.append(f"    ... and {len(article.removed) - max_items} more\n")

    if article.entities:
        ranked = sorted(article.entities, key=lambda e: (-len(e.mentions), e.name))
        shown = []
        for entity in ranked[:max_items * 2]:
            alias = f" (also {', '.join(entity.aliases)})" if entity.aliases else ""
            shown.append(f"{entity.name} [{entity.type}, {len(entity.mentions)}x]{alias}")
        out.append("  entities:\n")
        out.append(_wrap("; ".join(shown)))

    if article.claims:
        out.append(f"  claims ({len(article.claims)}):\n")
        attributed = [c for c in article.claims if c.speaker] or article.claims
        for claim in attributed[:max_items]:
            tags = [claim.kind]
            if claim.speaker:
                tags.append(f"speaker: {claim.speaker}")
            if claim.hedged:
                tags.append("hedged")
            for q in claim.quantities:
                tags.append(f"{q.bound + ' ' if q.bound else ''}{q.value:g}{' ' + q.unit if q.unit else ''}" if q.value is not None else q.text)
            for d in claim.dates:
                tags.append(f"{d.text} = {d.date or 'unresolved'}")
            out.append(_wrap(f"- {claim.text}"))
            out.append(_wrap(f"[{'; '.join(tags)}]", indent="      "))

    if article.loaded:
        out.append(f"  loaded language ({len(article.loaded)}):\n")
        terms = []
        for span in article.loaded[:max_items * 2]:
            terms.append(f"'{span.text}' ({span.kind}{' -> ' + span.neutral if span.neutral else ''})")
        out.append(_wrap(", ".join(terms)))

    for missing in article.unavailable:
        out.append(f"  not analysed: {missing.analysis}: {missing.reason}\n")
    for warning in article.warnings:
        out.append(f"  warning: {warning}\n")
    return "".join(out)
