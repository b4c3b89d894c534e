# One entry point for the dev loop; .ci/run mirrors `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_LIBRARY ?= .cache/demo-library

.PHONY: install demo test test-fast lint bench clean

$(BIN)/ponder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/ponder

install: $(BIN)/ponder

demo: install
	$(BIN)/ponder --library $(DEMO_LIBRARY) add samples
	$(BIN)/ponder --library $(DEMO_LIBRARY) sources
	$(BIN)/ponder --library $(DEMO_LIBRARY) search "how did the co-op pay for its solar panels" --limit 3
	$(BIN)/ponder --library $(DEMO_LIBRARY) search "open source software workshop" --limit 3
	$(BIN)/ponder --library $(DEMO_LIBRARY) search "共享单车" --limit 2

test: install lint
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
