# One entry point for the dev loop; .ci/run mirrors `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_LIBRARY ?= .cache/demo-library

.PHONY: install install-dev demo test test-fast test-full lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Core only: enough for add/search/ask with the extractive backend.
$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# Dev tools plus the `local` extra (llama-cpp-python builds from source: ~6 minutes, once).
$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,local]'
	touch $@

install: $(VENV)/.core
install-dev: $(VENV)/.dev

demo: install
	$(BIN)/ponder --library $(DEMO_LIBRARY) add samples
	$(BIN)/ponder --library $(DEMO_LIBRARY) sources
	$(BIN)/ponder --library $(DEMO_LIBRARY) search "how did the co-op pay for its solar panels" --limit 3
	$(BIN)/ponder --library $(DEMO_LIBRARY) search "open source software workshop" --limit 3
	$(BIN)/ponder --library $(DEMO_LIBRARY) search "共享单车" --limit 2
	$(BIN)/ponder --library $(DEMO_LIBRARY) ask "How did the co-op pay for its first panels?"
	$(BIN)/ponder --library $(DEMO_LIBRARY) ask "图书馆什么时候开始夜间开放？"

# Tests run on a small real fixture library (embedded once, cached under .cache/).
test: install-dev lint
	$(BIN)/python -m pytest -q --durations=15

# Without the tests marked slow (embeddings, real model inference, big inputs).
test-fast: install-dev
	$(BIN)/python -m pytest -q -m "not slow"

# Also the whole-corpus checks: embeds both shared corpora once (10-20 minutes on 2 cores).
test-full: install-dev
	PONDER_TEST_FULL_CORPUS=1 $(BIN)/python -m pytest -q --durations=15

lint: install-dev
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

# The labelled question set (eval/README.md): lays out the three corpora, builds and embeds
# the eval library once (20-30 minutes on 2 cores), then scores both halves.
eval: install-dev
	$(BIN)/python tools/eval_corpora.py
	$(BIN)/python tools/eval_library.py
	$(BIN)/ponder --library .cache/eval-library eval eval/tuning.jsonl --corpus-root .cache/eval-corpora
	$(BIN)/ponder --library .cache/eval-library eval eval/heldout.jsonl --corpus-root .cache/eval-corpora

bench: install-dev
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
