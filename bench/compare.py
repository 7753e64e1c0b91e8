"""Paired reading speed: this checkout against a reference, on a machine whose speed drifts.

CPU time on this shared virtual machine swings by 10-30% from hour to hour (docs/BENCHMARKS.md),
so two `bench/read.py` figures taken an hour apart say little about two versions of the code.
This runs `bench/read.py --only text --cpu` for this checkout's `src/` and for a reference in
turn, in fresh processes, alternating which goes first in each round, and reports every round's
pair and the ratio of their CPU time per article (this checkout / reference). The two runs of a
round are minutes apart and meet the same phase of the machine: the median of the ratios is the
figure to quote, beside the rates themselves.

    python bench/compare.py e6bd229                       # 6 rounds of 1,000 articles a side, ~8 minutes
    python bench/compare.py /other/checkout/src --rounds 4 --n 500
    python bench/compare.py . --reference-python /usr/bin/python3.11   # this code, two interpreters

The reference is a git revision of this repository (its `src/` is exported to a temporary folder)
or a folder holding the `parallax` package. Both sides are measured by this checkout's
`bench/read.py`, on the same inputs, with this interpreter unless `--reference-python` names another
for the reference (it needs parallax's dependencies: the python of another venv). Each run's
figures name the interpreter build that ran it. Exit code 2 when the revision, the folder or the
data is missing, or a run fails.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import read as bench_read  # noqa: E402  (its inputs, its data folder and its error)

ROOT = Path(__file__).resolve().parent.parent
READ_SCRIPT = Path(__file__).resolve().parent / "read.py"


def reference_source(reference: str, into: Path) -> Path:
    """The folder to put on PYTHONPATH for `reference`: a folder holding `parallax`, or a git revision
    whose `src/` is exported into `into`."""
    folder = Path(reference)
    if (folder / "parallax" / "__init__.py").is_file():
        return folder.resolve()
    if (folder / "src" / "parallax" / "__init__.py").is_file():
        return (folder / "src").resolve()
    exported = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", f"{reference}^{{commit}}", "src"],
                              capture_output=True)
    if exported.returncode != 0:
        raise bench_read.BenchError(f"{reference!r} is neither a folder holding the parallax package nor a git "
                                    f"revision of {ROOT} with a src/ folder")
    with tarfile.open(fileobj=io.BytesIO(exported.stdout)) as archive:
        # The "data" filter (refuse links and paths out of `into`) exists from Python 3.11.4; git's own
        # archive of this repository is trusted on older 3.11 releases, such as Debian 12's 3.11.2.
        options = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(into, **options)
    return into / "src"


def measure(source: Path, n: int, data: Path, python: str = sys.executable) -> dict:
    """One `bench/read.py --only text --cpu` run by `python` reading with the package in `source`: its
    text figures, and which interpreter build ran them."""
    env = dict(os.environ, PYTHONPATH=str(source))
    command = [python, str(READ_SCRIPT), "--only", "text", "--cpu", "--json", "--n", str(n), "--data", str(data)]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except OSError as error:
        raise bench_read.BenchError(f"cannot run {python}: {error.strerror}") from None
    if done.returncode != 0:
        raise bench_read.BenchError(f"the run of {python} with {source} failed (exit {done.returncode}): "
                                    f"{done.stderr.strip().splitlines()[-1:] or ''}")
    figures = json.loads(done.stdout)
    return dict(figures["text"], interpreter=figures["machine"]["interpreter"])


def compare(reference: Path, rounds: int, n: int, data: Path, report=print,
            reference_python: str = sys.executable) -> dict:
    """`rounds` interleaved pairs of runs; `report` gets a line per round."""
    here = ROOT / "src"
    pairs = []
    for number in range(1, rounds + 1):
        order = ("this", "reference") if number % 2 else ("reference", "this")  # neither side always goes first
        runs = {side: measure(here, n, data) if side == "this" else measure(reference, n, data, reference_python)
                for side in order}
        ratio = runs["this"]["ms_per_article"] / runs["reference"]["ms_per_article"]
        pairs.append({"order": list(order), "this": runs["this"], "reference": runs["reference"], "ratio": ratio})
        report(f"round {number} ({order[0]} first): this {runs['this']['per_second']:.1f}/s, "
               f"reference {runs['reference']['per_second']:.1f}/s, CPU ratio {ratio:.3f}")
    ratios = [pair["ratio"] for pair in pairs]
    return {
        "rounds": pairs,
        "median_ratio": statistics.median(ratios),
        "stage_ratios": stage_ratios(pairs),
        "this_faster": sum(ratio < 1 for ratio in ratios),
        "this_rates": [pair["this"]["per_second"] for pair in pairs],
        "reference_rates": [pair["reference"]["per_second"] for pair in pairs],
    }


def stage_ratios(pairs: list[dict]) -> dict[str, float]:
    """Each stage's median CPU ratio over the rounds. The machine's drift moves every stage of a pair
    alike, so a change confined to one stage shows as that stage's ratio against the others'."""
    stages = [name for name, figures in pairs[0]["this"]["stages"].items() if figures["ms_per_article"]]
    return {name: statistics.median(pair["this"]["stages"][name]["ms_per_article"]
                                    / pair["reference"]["stages"][name]["ms_per_article"] for pair in pairs)
            for name in stages
            if all(pair["reference"]["stages"].get(name, {}).get("ms_per_article") for pair in pairs)}


def summary(result: dict, reference: str) -> str:
    rounds = len(result["rounds"])
    lines = [
        f"CPU time per article, this checkout / {reference}: median ratio {result['median_ratio']:.3f} "
        f"over {rounds} rounds (this checkout faster in {result['this_faster']} of {rounds})",
        f"this checkout: {min(result['this_rates']):.1f}-{max(result['this_rates']):.1f} articles/s; "
        f"reference: {min(result['reference_rates']):.1f}-{max(result['reference_rates']):.1f} articles/s",
        "stages, median ratio: " + ", ".join(f"{name} {ratio:.3f}" for name, ratio in result["stage_ratios"].items()),
        f"interpreters: this checkout {result['rounds'][0]['this']['interpreter']}; "
        f"reference {result['rounds'][0]['reference']['interpreter']}",
    ]
    failed = {side: pair[side]["failed"] for pair in result["rounds"] for side in ("this", "reference") if pair[side]["failed"]}
    if failed:
        lines.append(f"failed articles: {failed}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Reading speed of this checkout against a reference, interleaved.")
    parser.add_argument("reference", help="a git revision of this repository, or a folder holding the parallax package")
    parser.add_argument("--rounds", type=int, default=6, help="pairs of runs (default 6)")
    parser.add_argument("--n", type=int, default=1000, help="plain-text articles per run (default 1000)")
    parser.add_argument("--data", type=Path, default=bench_read.DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--reference-python", default=sys.executable,
                        help="the interpreter that runs the reference (default: this one)")
    parser.add_argument("--json", action="store_true", help="print every run's figures as JSON at the end")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.n < 1:
        parser.error("--rounds and --n must be at least 1")
    try:
        bench_read.load_text_inputs(args.data, 1)  # a missing data folder fails here, before any run
        with tempfile.TemporaryDirectory(prefix="parallax-compare-") as scratch:
            source = reference_source(args.reference, Path(scratch))
            result = compare(source, args.rounds, args.n, args.data, reference_python=args.reference_python)
    except bench_read.BenchError as error:
        print(f"bench/compare.py: {error}", file=sys.stderr)
        return 2
    print(summary(result, args.reference))
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
