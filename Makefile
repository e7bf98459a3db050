# Everything a fresh clone needs: `make repl` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
INDEX_DIR ?= data/index

.PHONY: install repl test index clean encoder

install: $(STAMP)

# torch first, pinned: here 2.13.0 resolves to a CPU wheel; unpinned it pulls CUDA packages.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $(STAMP)

$(INDEX_DIR)/manifest.json: | $(STAMP)
	$(VENV)/bin/isnad index --index-dir $(INDEX_DIR)

index: $(STAMP)
	$(VENV)/bin/isnad index --index-dir $(INDEX_DIR)

repl: $(STAMP) $(INDEX_DIR)/manifest.json
	$(VENV)/bin/isnad repl --index-dir $(INDEX_DIR)

test: $(STAMP)
	$(PY) -m pytest -q

# Retrain the built-in offline encoder from the ANT corpus in ../shared (not needed to run).
encoder: $(STAMP)
	$(PY) -m index.offline_encoder --corpus ../shared/corpora/ant/ant.jsonl --corpus seeds --out index/offline_model

clean:
	rm -rf $(VENV) data .pytest_cache
