# The two commands: `make book` builds the HTML book, `make test` runs every check.
# Both create .venv from requirements.txt when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements-installed
CFFBIN := .venv-cff/bin
BUILD  := _build
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test lab clean execute figures bench lint unit nbval build-strict site browser guards citation

$(STAMP): requirements.txt pyproject.toml
	@echo "==> creating $(VENV) from requirements.txt (first run takes a few minutes)"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --progress-bar off -r requirements.txt
	@touch $(STAMP)

$(CFFBIN)/cffconvert: requirements-cff.txt
	$(PYTHON) -m venv .venv-cff
	$(CFFBIN)/python -m pip install --quiet -r requirements-cff.txt
	@touch $@

book: $(STAMP)
	@echo "==> building the book into $(BUILD)/html"
	$(BIN)/jupyter-book build . --path-output .
	@echo "==> open $(BUILD)/html/index.html"

lab: $(STAMP)
	$(BIN)/jupyter lab book/

# Re-run every notebook in place after changing data or companion/; nbval then checks them.
execute: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py book

# Every figure of the book as PNG and SVG in one folder, for slides (byte-reproducible).
figures: $(STAMP)
	$(BIN)/python scripts/make_figures.py $(BUILD)/figures

# Build, test and page-weight measurements beside a `jupyter-book create` baseline (not a test).
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# ---- make test: each step stops the run at its first failure -----------------

test: lint citation unit nbval build-strict site browser guards
	@echo "==> all checks passed"

lint: $(STAMP)
	@echo "==> [1/8] ruff (code and notebooks)"
	$(BIN)/ruff check .

citation: $(CFFBIN)/cffconvert
	@echo "==> [2/8] CITATION.cff"
	$(CFFBIN)/cffconvert --validate -i CITATION.cff

unit: $(STAMP)
	@echo "==> [3/8] unit and data tests"
	$(BIN)/python -m pytest -x -q tests/unit

nbval: $(STAMP)
	@echo "==> [4/8] nbval (strict) over every notebook in book/"
	$(BIN)/python -m pytest -x -q $(NBVAL) book

build-strict: $(STAMP)
	@echo "==> [5/8] book build from an empty $(BUILD), warnings are errors"
	rm -rf $(BUILD)
	$(BIN)/jupyter-book build . --path-output . -n -W --keep-going

site: $(STAMP)
	@echo "==> [6/8] checks on the built HTML"
	$(BIN)/python -m pytest -x -q tests/site

browser: $(STAMP)
	@echo "==> [7/8] real-browser checks (headless Chromium)"
	$(BIN)/python -m pytest -x -q tests/browser

guards: $(STAMP)
	@echo "==> [8/8] the checks themselves catch broken books (fixture books)"
	$(BIN)/python -m pytest -x -q tests/guards

clean:
	rm -rf $(BUILD) .pytest_cache .ruff_cache
