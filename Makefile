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
JOBS        ?= 1
ENGINE      ?= local
SCHEDULER   ?=

export MODEL_PATH HOST PORT WORKERS

.PHONY: install model test train evaluate evaluate-afrisenti eval-quotes eval-real serve score bench bench-train bench-score bench-hostile clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

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

score: model
	$(MSIMAMO) score $(IN) $(OUT) --text-column $(TEXT_COLUMN) --mode $(MODE) \
	  --jobs $(JOBS) --engine $(ENGINE) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) --model $(MODEL_PATH)

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
