"""Body extraction quality on the Zyte article-extraction benchmark (`data/extraction-aeb`).

Metric as in the benchmark: bag-of-tokens precision, recall and F1 of the extracted body
against the human-marked body, computed per page and averaged over pages. Systems:

- `trafilatura`: trafilatura alone on the HTML (default settings);
- `parallax-html`: our HTML path (trafilatura with metadata, fallbacks, then the plain cleaner);
- `parallax-plain`: our plain-text cleaner on the page rendered to text by inscriptis,
  with all its navigation, footers and link lists;
- `rendered-text`: that inscriptis text uncleaned (the baseline the cleaner starts from).

Run `python -m parallax.evaluation.extraction [DATA_DIR]` to print the table.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

_TOKEN = re.compile(r"\w+", re.UNICODE)

SYSTEMS = ("trafilatura", "parallax-html", "parallax-plain", "rendered-text")


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def token_prf(truth: str, predicted: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall, F1; an empty prediction of an empty truth is perfect."""
    true_bag, pred_bag = Counter(tokens(truth)), Counter(tokens(predicted))
    if not true_bag and not pred_bag:
        return 1.0, 1.0, 1.0
    overlap = sum((true_bag & pred_bag).values())
    precision = overlap / sum(pred_bag.values()) if pred_bag else 0.0
    recall = overlap / sum(true_bag.values()) if true_bag else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(data_dir: Path, limit: int | None = None):
    """Yield (page id, html, url, true body) from extraction-aeb, sorted by id for determinism."""
    root = Path(data_dir)
    if (root / "extraction-aeb").is_dir():
        root = root / "extraction-aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for index, page_id in enumerate(sorted(truth)):
        if limit is not None and index >= limit:
            return
        raw = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        html = raw.decode("utf-8", errors="replace")
        yield page_id, html, truth[page_id].get("url"), truth[page_id].get("articleBody") or ""


def _systems() -> dict[str, Callable[[str, str | None], str]]:
    import trafilatura
    from inscriptis import get_text

    from ..clean.html import clean_html
    from ..clean.patterns import load_patterns
    from ..clean.plain import clean_plain

    patterns = load_patterns()
    return {
        "trafilatura": lambda html, url: trafilatura.extract(html, url=url) or "",
        "parallax-html": lambda html, url: clean_html(html, patterns, url=url).text,
        "parallax-plain": lambda html, url: clean_plain(get_text(html), patterns).text,
        "rendered-text": lambda html, url: get_text(html),
    }


def evaluate_extraction(data_dir, limit: int | None = None) -> dict:
    """Mean precision/recall/F1 and seconds per page for each system: {system: {...}, "pages": n}."""
    systems = _systems()
    sums = {name: [0.0, 0.0, 0.0, 0.0] for name in systems}
    pages = 0
    for _, html, url, truth in load_pages(Path(data_dir), limit):
        pages += 1
        for name, extract in systems.items():
            started = time.perf_counter()
            predicted = extract(html, url)
            elapsed = time.perf_counter() - started
            precision, recall, f1 = token_prf(truth, predicted)
            total = sums[name]
            total[0] += precision
            total[1] += recall
            total[2] += f1
            total[3] += elapsed
    result: dict = {"pages": pages}
    for name, (precision, recall, f1, seconds) in sums.items():
        n = max(pages, 1)
        result[name] = {"precision": precision / n, "recall": recall / n, "f1": f1 / n, "seconds_per_page": seconds / n}
    return result


def format_table(result: dict) -> str:
    lines = [f"extraction-aeb, {result['pages']} pages (bag-of-tokens, mean over pages)", "",
             f"{'system':<16} {'precision':>9} {'recall':>7} {'F1':>6} {'ms/page':>8}"]
    for name in SYSTEMS:
        row = result[name]
        lines.append(f"{name:<16} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {row['seconds_per_page'] * 1000:>8.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    default = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "extraction-aeb"
    data_dir = Path(argv[0]) if argv else default
    if not (data_dir / "ground-truth.json").exists() and not (data_dir / "extraction-aeb").is_dir():
        print(f"parallax: {data_dir}: no extraction-aeb data here (expected ground-truth.json and html/)", file=sys.stderr)
        return 2
    print(format_table(evaluate_extraction(data_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
