# Every target installs first, so a fresh clone with only Python 3.11 works.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

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

.PHONY: install test train evaluate evaluate-afrisenti eval-quotes serve score bench bench-train bench-score clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

test: install
	$(PY) -m pytest -q

train: install
	$(PY) -m training.fit --data $(DATA) --out $(MODEL_PATH)

evaluate: install
	$(PY) -m training.evaluate --data $(DATA)

evaluate-afrisenti: install
	$(PY) -m training.afrisenti

eval-quotes: install
	$(PY) -m training.evalquotes

$(MODEL_PATH):
	$(MAKE) train

serve: install $(MODEL_PATH)
	$(PY) -m api

score: install $(MODEL_PATH)
	$(PY) -m training.score $(IN) $(OUT) --text-column $(TEXT_COLUMN) --mode $(MODE) \
	  --jobs $(JOBS) --engine $(ENGINE) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) --model $(MODEL_PATH)

bench: install $(MODEL_PATH)
	$(PY) bench/bench_api.py

bench-train: install
	$(PY) bench/bench_train.py

bench-score: install $(MODEL_PATH)
	$(PY) bench/bench_score.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
