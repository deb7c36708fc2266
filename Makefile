# Two commands for a fresh machine with only Python 3 and make:
#   make demo   -- install poolcheck into .venv and run it on the bundled example project
#   make test   -- install poolcheck with its test extras into .venv and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_DEMO := $(VENV)/.installed-demo
STAMP_TEST := $(VENV)/.installed-test
# The real readers the conformance suites run (Prisma's schema parser and .env loader,
# dotenv), pinned by tests/conformance/node/package-lock.json into a git-ignored folder.
ORACLES    := tests/conformance/node
STAMP_NODE := $(ORACLES)/node_modules/.package-lock.json

.PHONY: demo test bench clean oracles

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

# Without Node.js the Node conformance suites skip (and say why); everything else runs.
$(STAMP_NODE): $(ORACLES)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(ORACLES) --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the Node conformance suites will be skipped"; fi

oracles: $(STAMP_NODE)

test: $(STAMP_TEST) $(STAMP_NODE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# make bench                                   calibrated 4,000-file synthetic monorepo
# make bench BENCH_ARGS="--tree PATH"          any checkout (see bench/run.py --help)
bench: $(STAMP_TEST)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache $(ORACLES)/node_modules
