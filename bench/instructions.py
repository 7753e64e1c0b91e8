"""Instructions per article: a reading-speed measure that other load on the machine does not move.

CPU time on a shared virtual machine varies by 10-30% from hour to hour (docs/BENCHMARKS.md),
so an A/B test of two commits by time alone cannot see a 5% change. Valgrind's callgrind counts
the instructions the process executes, which is the same from run to run to about 1%. It does
not see cache misses, so it tells whether a change does less work, not the final articles/s:
report both.

The count is taken twice, over one and over two passes of the same N articles of
`article-bias/valid.jsonl.gz` (the inputs of `bench/read.py`), in fresh processes under
callgrind; the difference is one warm pass, without imports and resource loading.

    python bench/instructions.py [--n 100] [--data DIR]     # about 3 minutes for 100 articles
    PYTHONPATH=/other/checkout/src python bench/instructions.py   # the same for another commit

Needs valgrind (`apt-get install valgrind`). Exit code 2 when valgrind or the data is missing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import read as bench_read  # noqa: E402  (the same inputs as the reading benchmark)


def read_passes(data: Path, n: int, passes: int) -> None:
    """The child's work: read the first `n` bench articles `passes` times in one context."""
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, read_raw

    raws = bench_read.load_text_inputs(data, n)
    ctx = Context(options=ReadOptions())
    for _ in range(passes):
        for _result in read_raw(raws, ctx):
            pass


def count_instructions(data: Path, n: int, passes: int) -> int:
    """Instructions callgrind counts for a fresh process reading `n` articles `passes` times."""
    env = dict(os.environ, PYTHONHASHSEED="0")  # set hashing (and so set order) fixed: the same work each run
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, __file__, "--child", str(passes), "--n", str(n), "--data", str(data)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise bench_read.BenchError(f"callgrind run failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    return int(found.group(1))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Instructions per article read (callgrind), steady state.")
    parser.add_argument("--n", type=int, default=100, help="articles per pass (default 100)")
    parser.add_argument("--data", type=Path, default=bench_read.DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)  # passes, in the measured process
    args = parser.parse_args(argv)
    if args.child:
        read_passes(args.data, args.n, args.child)
        return 0
    try:
        if shutil.which("valgrind") is None:
            raise bench_read.BenchError("valgrind is not installed (apt-get install valgrind)")
        bench_read.load_text_inputs(args.data, 1)  # a missing data folder fails here, before minutes of valgrind
        one, two = (count_instructions(args.data, args.n, passes) for passes in (1, 2))
    except bench_read.BenchError as error:
        print(f"bench/instructions.py: {error}", file=sys.stderr)
        return 2
    import parallax

    print(f"{(two - one) / args.n / 1e6:.2f} M instructions per article (warm pass over {args.n} articles; "
          f"parallax from {Path(parallax.__file__).parent})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
