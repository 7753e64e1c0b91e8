"""Regenerate src/parallax/data/loaded_derived.tsv from ../shared/data.

    .venv/bin/python scripts/build_loaded_lexicon.py [--shared ../shared/data]

Deterministic: the same data gives the same file (sorted, no timestamps). The
method is in parallax.rhetoric.derive; the file is committed so that reading
never needs ../shared.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from parallax.rhetoric.derive import (
    CONTRADICT_PRECISION,
    CONTRADICT_SEEN,
    MIN_MARKED,
    MIN_PRECISION,
    ORDINARY_RATE,
    ORDINARY_RATIO,
    background_rates,
    derive,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parallax" / "data" / "loaded_derived.tsv"

HEADER = f"""\
# Derived loaded-language words for the `loaded` stage (parallax.rhetoric). GENERATED: do not edit by hand;
# regenerate with scripts/build_loaded_lexicon.py, and override entries in loaded_terms.tsv ("never" rows).
#
# Sources and licences:
#   babe                 BABE SG2 (Spinde et al., Findings of EMNLP 2021), AGPL-3.0: words experts marked as biased,
#                        kept when marked in >= {MIN_MARKED} sentences and in >= {MIN_PRECISION:.0%} of the sentences containing them,
#                        and not mostly capitalised (names).
#   mpqa+second-opinion  MPQA subjectivity clues (Wilson et al. 2005, research use): strongly subjective negative
#                        adjectives/adverbs that the Recasens et al. 2013 bias lexicon (research use) or the BABE bias
#                        word lexicon also lists, unless BABE saw them >= {CONTRADICT_SEEN} times and marked < {CONTRADICT_PRECISION:.0%}.
#   Both: words that centre-rated outlets in article-bias train (Baly et al. 2020, Apache-2.0) use in >= {ORDINARY_RATE:.1%}
#   of articles, and partisan outlets < {ORDINARY_RATIO}x as often, are dropped as ordinary news language.
#
# Columns: term, kind, marked (BABE sentences marking it), seen (BABE sentences containing it), precision, origin
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    background = background_rates(args.shared / "article-bias" / "train.jsonl.gz")
    entries = derive(args.shared, background=background)
    lines = [f"{e.term}\t{e.kind}\t{e.marked}\t{e.seen}\t{e.precision:.2f}\t{e.origin}" for e in entries]
    args.out.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} entries to {args.out}")


if __name__ == "__main__":
    main()
