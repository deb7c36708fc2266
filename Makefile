# Two commands for a fresh machine with only Python 3 and make:
#   make demo   -- install poolcheck into .venv and run it on the bundled example project
#   make test   -- install poolcheck with its test extras into .venv and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_DEMO := $(VENV)/.installed-demo
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_DEMO): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_DEMO)

demo: $(STAMP_DEMO)
	cd examples && ../$(BIN)/poolcheck --statistics . ; status=$$?; \
	  echo "(poolcheck exited $$status: 1 means findings, as expected for this demo)"; \
	  test $$status -eq 1

test: $(STAMP_TEST)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# make bench                                   calibrated 4,000-file synthetic monorepo
# make bench BENCH_ARGS="--tree PATH"          any checkout (see bench/run.py --help)
bench: $(STAMP_TEST)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache
