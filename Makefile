# Every target installs first, so a fresh clone with only Python 3.11 works. Each one is a
# `msimamo` subcommand (see `.venv/bin/msimamo --help`).
PYTHON ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
MSIMAMO := $(VENV)/bin/msimamo
STAMP   := $(VENV)/.installed-stamp

DATA        ?= seeds/statements.csv
MODEL_PATH  ?= models/msimamo.joblib
HOST        ?= 127.0.0.1
PORT        ?= 8000
WORKERS     ?= 1
TEXT_COLUMN ?= text
MODE        ?= statement
JOBS        ?=
ENGINE      ?= local
SCHEDULER   ?=

export MODEL_PATH HOST PORT WORKERS

.PHONY: install model test train evaluate evaluate-afrisenti eval-quotes eval-real serve score report bench bench-train bench-score bench-hostile clean

install: $(STAMP) browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The browser tests (tests/api/*_browser.py) drive Debian's chromium through Playwright; the
# Playwright download is never used. As root, a missing chromium is installed with apt once:
# a failed attempt leaves $(BROWSER_TRIED) so the next run does not repeat it (delete the file to
# retry). Without chromium, `make install` still succeeds and those tests are skipped.
CHROMIUM      ?= $(or $(shell command -v chromium 2>/dev/null),/usr/bin/chromium)
BROWSER_TRIED := $(VENV)/.chromium-install-failed
export CHROMIUM

.PHONY: browser
browser: $(STAMP)
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" != 0 ]; then \
	  echo "make install: no chromium at $(CHROMIUM), so the browser tests will be skipped; install it with 'sudo apt-get install chromium' (or run 'make install' as root)"; \
	elif [ -e "$(BROWSER_TRIED)" ]; then \
	  echo "make install: no chromium at $(CHROMIUM) and installing it failed before, so the browser tests will be skipped; delete $(BROWSER_TRIED) to try apt again"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make install: no chromium at $(CHROMIUM) and no apt-get, so the browser tests will be skipped; install Chromium and pass CHROMIUM=/path/to/chromium"; \
	else \
	  log=$$(mktemp); \
	  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >"$$log" 2>&1; then \
	    tail -n 15 "$$log"; touch "$(BROWSER_TRIED)"; \
	    echo "make install: installing chromium with apt failed (above), so the browser tests will be skipped"; \
	  elif [ ! -x "$(CHROMIUM)" ]; then \
	    touch "$(BROWSER_TRIED)"; \
	    echo "make install: apt installed chromium but there is none at $(CHROMIUM), so the browser tests will be skipped; pass CHROMIUM=/path/to/chromium"; \
	  fi; \
	  rm -f "$$log"; \
	fi

# Trains only when MODEL_PATH is missing or was written by an older Msimamo.
model: install
	$(MSIMAMO) train --if-stale --data $(DATA) --out $(MODEL_PATH)

test: install
	$(PY) -m pytest -q

train: install
	$(MSIMAMO) train --data $(DATA) --out $(MODEL_PATH)

evaluate: install
	$(MSIMAMO) evaluate model --data $(DATA)

evaluate-afrisenti: install
	$(MSIMAMO) evaluate afrisenti

eval-quotes: install
	$(MSIMAMO) evaluate quotes

eval-real: install
	$(MSIMAMO) evaluate real

serve: model
	$(MSIMAMO) serve

# IN and OUT are checked before `model`, which may train for minutes; MSIMAMO_MAKE_VARS=1 makes the
# command's messages name these variables (TEXT_COLUMN=, ENGINE=, …) instead of the flags passed for them.
.PHONY: score-needs
score: score-needs model
	MSIMAMO_MAKE_VARS=1 $(MSIMAMO) score $(IN) $(OUT) --text-column $(TEXT_COLUMN) --mode $(MODE) \
	  $(if $(JOBS),--jobs $(JOBS)) --engine $(ENGINE) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) --model $(MODEL_PATH)

score-needs:
	@if [ -z "$(strip $(IN))" ] || [ -z "$(strip $(OUT))" ]; then \
	  echo "make score needs IN=input.csv OUT=scored.csv" >&2; exit 2; fi

# One self-contained HTML page for a scored file (see docs/scoring.md); the card described is MODEL_PATH's.
report: install
	$(MSIMAMO) report $(IN) -o $(OUT) --model $(MODEL_PATH)

bench: model
	$(PY) bench/bench_api.py

bench-train: install
	$(PY) bench/bench_train.py

bench-score: model
	$(PY) bench/bench_score.py

# The extractor and the model on crafted 20,000-character texts, beside an ordinary one (#13).
bench-hostile: model
	$(PY) bench/bench_hostile.py --model $(MODEL_PATH)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
