#!/bin/sh
# Print the Python that `make` builds .venv with: the first candidate that is Python 3.11 (the
# version requirements.lock is pinned for) and can make a venv (venv and ensurepip importable).
# With no candidate given, the distribution's own python3.11 comes first: Debian builds it with
# profile-guided and link-time optimisation into one static binary, while a version manager's source
# build (pyenv's default: no optimisation flags, a shared libpython) needs about 15% more CPU time to
# read the same articles (docs/BENCHMARKS.md). When no candidate qualifies it prints python3, so that
# the venv step fails with Python's own message.
# Usage: scripts/venv_python.sh [CANDIDATE...]; `make PYTHON=...` bypasses it.
[ $# -gt 0 ] || set -- /usr/bin/python3.11 python3.11 python3
for candidate in "$@"; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; then
        echo "$path"
        exit 0
    fi
done
echo python3
