"""Derive src/parallax/data/valence.tsv (word -> valence -1..1) from the NRC-VAD lexicon.

    .venv/bin/python scripts/derive_valence.py ../shared/data/lexicons/NRC-VAD-Lexicon-Aug2018Release/NRC-VAD-Lexicon.txt

Only single words with a clearly positive or negative valence are kept (|2v - 1| >= 0.4),
so the file stays compact and neutral words do not add noise to targeted sentiment.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "parallax" / "data" / "valence.tsv"
MIN_STRENGTH = 0.4

HEADER = """# Word valence for targeted sentiment (parallax.stance): word <TAB> valence from -1 (negative) to 1 (positive).
# Derived by scripts/derive_valence.py from the NRC Valence, Arousal, and Dominance Lexicon v1
# (Saif M. Mohammad, 2018, http://saifmohammad.com/WebPages/nrc-vad.html): valence v in 0..1 mapped to 2v-1,
# single words with |2v-1| >= 0.4 only. Licence of the source lexicon: free for research and non-commercial
# use; commercial use needs a licence from the National Research Council Canada. Replace this file to use another lexicon.
"""


def derive(source: Path) -> list[tuple[str, float]]:
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or " " in parts[0]:
            continue
        try:
            valence = 2 * float(parts[1]) - 1
        except ValueError:  # the header line
            continue
        if abs(valence) >= MIN_STRENGTH:
            rows.append((parts[0].lower(), round(valence, 2)))
    return sorted(set(rows))


def main(argv: list[str]) -> None:
    rows = derive(Path(argv[1]))
    OUT.write_text(HEADER + "".join(f"{w}\t{v}\n" for w, v in rows), encoding="utf-8")
    print(f"{len(rows)} words -> {OUT}")


if __name__ == "__main__":
    main(sys.argv)
