"""scripts/venv_python.sh: which Python `make` builds .venv with."""
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "venv_python.sh"


def pick(*candidates: str) -> str:
    done = subprocess.run(["sh", str(SCRIPT), *candidates], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def fake_python(folder: Path, name: str, exit_code: int) -> Path:
    """An executable that answers every check with `exit_code`, as a Python without venv would."""
    path = folder / name
    path.write_text(f"#!/bin/sh\nexit {exit_code}\n")
    path.chmod(0o755)
    return path


def test_the_default_choice_can_build_the_venv():
    chosen = pick()
    check = subprocess.run([chosen, "-c", "import sys, venv, ensurepip; print(sys.version_info[:2])"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "(3, 11)"


def test_missing_and_unfit_candidates_are_passed_over(tmp_path):
    unfit = fake_python(tmp_path, "python-without-venv", 1)
    assert pick(str(tmp_path / "absent"), str(unfit), sys.executable) == sys.executable


def test_the_first_fit_candidate_wins(tmp_path):
    fit = fake_python(tmp_path, "python-fit", 0)
    assert pick(str(fit), sys.executable) == str(fit)


def test_with_no_fit_candidate_python3_is_left_to_fail_with_its_own_message(tmp_path):
    unfit = fake_python(tmp_path, "python-without-venv", 1)
    assert pick(str(tmp_path / "absent"), str(unfit)) == "python3"


def test_a_candidate_is_looked_up_on_path(tmp_path):
    fake_python(tmp_path, "python-on-path", 0)
    done = subprocess.run(["sh", str(SCRIPT), "python-on-path"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PATH=f"{tmp_path}{os.pathsep}{os.environ['PATH']}"))
    assert done.stdout.strip() == str(tmp_path / "python-on-path")


def test_make_builds_the_venv_with_the_chosen_python():
    """`make -n` prints the set-up recipe without running it: the venv line names the chosen Python."""
    root = SCRIPT.parent.parent
    planned = subprocess.run(["make", "-n", "-B", "-C", str(root), ".venv/.installed"], capture_output=True,
                             text=True, timeout=60)
    assert planned.returncode == 0, planned.stderr
    assert f"{pick()} -m venv .venv" in planned.stdout
