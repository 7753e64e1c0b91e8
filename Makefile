# The two commands that matter: `make demo` and `make test`. Both set up .venv when missing.
# The Python that builds .venv: the distribution's optimised python3.11 when it is there (see
# scripts/venv_python.sh and docs/BENCHMARKS.md); `make PYTHON=/path/to/python3.11` chooses another.
PYTHON ?= $(shell scripts/venv_python.sh)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: demo test eval train bench lock system-deps clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/parallax brief examples/ --manifest examples/manifest.csv --out out/demo

# System packages the tests need: Debian's chromium for tests/test_web_browser.py (Playwright drives it; no `playwright install`).
system-deps:
	@if [ -x /usr/bin/chromium ]; then true; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	else echo "make system-deps: /usr/bin/chromium is missing; run as root: apt-get update && apt-get install -y chromium" >&2; exit 1; fi

test: $(STAMP) system-deps
	$(PY) -m pytest -q -p no:cacheprovider

eval: $(STAMP)
	$(VENV)/bin/parallax eval --data $(SHARED)/data

# Retrain every shipped model from ../shared/data (minutes each on 2 cores; see each MODEL_CARD.md).
train: $(STAMP)
	for script in scripts/train_*.py; do $(PY) $$script --data $(SHARED)/data || exit 1; done

bench: $(STAMP)
	$(PY) bench/read.py --markdown
	$(PY) bench/brief.py --markdown

# Regenerate requirements.lock from a fresh resolve of pyproject.toml.
lock:
	rm -rf /tmp/parallax-lock && $(PYTHON) -m venv /tmp/parallax-lock
	/tmp/parallax-lock/bin/pip install --quiet torch==2.13.0 -e '.[test]'
	(echo '# Pinned dependencies: regenerate with `make lock` after changing pyproject.toml.'; \
	 echo 'torch==2.13.0'; /tmp/parallax-lock/bin/pip freeze --exclude-editable | grep -v '^torch==') > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build
