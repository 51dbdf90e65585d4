# The two commands: `make book` builds the HTML book, `make test` runs every check.
# Both create .venv from requirements.txt when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements-installed
CFFBIN := .venv-cff/bin
BUILD  := _build
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.nbval_hint
# Every pytest run lists skips (-rs); under CI=true a skip fails it (tests/ci_strict.py).
PYTEST := $(BIN)/python -m pytest -rs -p tests.ci_strict

.PHONY: screenshots mutation book test lab clean execute figures bench lint unit nbval build-strict site browser guards citation epub pdf publish

# "Last updated" on every page is the date of the last commit, not of the build (Sphinx
# reads SOURCE_DATE_EPOCH), so two builds of one commit are byte-identical on any day.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

# Debian's Chromium prints the PDF and runs the browser checks (CHROMIUM_PATH overrides).
CHROMIUM ?= $(or $(CHROMIUM_PATH),$(shell command -v chromium 2>/dev/null))

$(STAMP): requirements.txt requirements-runtime.txt pyproject.toml
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

# Stops first, with one message, if _toc.yml names a missing page or the notebooks' stored
# outputs predate data/ or companion/ (ALLOW_STALE=1 builds with the old outputs anyway).
book: $(STAMP)
	@ALLOW_STALE="$(ALLOW_STALE)" $(BIN)/python scripts/preflight.py
	@echo "==> building the book into $(BUILD)/html"
	$(BIN)/jupyter-book build . --path-output .
	@$(MAKE) --no-print-directory epub
	@if [ -n "$(CHROMIUM)" ]; then $(MAKE) --no-print-directory pdf; else \
	  echo "==> PDF not built: Chromium was not found (Debian/Ubuntu: sudo apt-get install chromium; then make pdf)"; fi
	@echo "==> open $(BUILD)/html/index.html"

# The whole book as one EPUB, published in the site beside the PDF.
# The redirecting index.html that Jupyter Book writes after each build would be taken for
# content by the next EPUB build (an unknown mimetype, so a warning, so a failure).
epub: $(STAMP)
	@echo "==> building the EPUB"
	rm -f $(BUILD)/epub-src/_build/epub/index.html
	$(BIN)/jupyter-book build . --path-output $(BUILD)/epub-src --builder custom --custom-builder epub -n -W --keep-going
	mkdir -p $(BUILD)/html/downloads
	cp $(BUILD)/epub-src/_build/epub/lukyanov-2011-companion.epub $(BUILD)/html/downloads/

# The whole book as one PDF, printed from the built HTML by Chromium (see scripts/make_pdf.py).
pdf: $(STAMP)
	@echo "==> printing the PDF"
	CHROMIUM_PATH="$(CHROMIUM)" $(BIN)/python scripts/make_pdf.py $(BUILD)/html

# JupyterLab at the repository root (data/ is in its file browser), opening the first
# notebook, with the project's environment registered as a named kernel. Extra arguments
# go in LAB_ARGS, for example: make lab LAB_ARGS=--allow-root (containers, Codespaces).
KERNEL := lukyanov-2011-companion
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (Lukyanov 2011 companion)"
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(LAB_ARGS) book/what-was-at-stake.ipynb

# Re-run every notebook after changing data or companion/; book/ is replaced only when all
# of them succeed. TRACEBACK=1 adds the traceback to a failure's message.
execute: $(STAMP)
	TRACEBACK="$(TRACEBACK)" $(BIN)/python scripts/execute_notebooks.py book

# Every figure of the book as PNG and SVG in one folder, for slides (byte-reproducible).
figures: $(STAMP)
	$(BIN)/python scripts/make_figures.py $(BUILD)/figures

# Mutation testing of companion/ against the unit tests alone (slow: hours on two cores
# for all of it; not part of make test). MUTANTS narrows it, e.g. MUTANTS='companion.checks*';
# SAMPLE=N runs a seeded random sample of N of them (SEED=...), e.g.
# make mutation SAMPLE=300 MUTANTS='companion.evidence.*' (about 10 minutes).
MUTANTS ?=
SAMPLE ?=
SEED ?= 20110527
mutation: $(STAMP)
	@echo "==> mutmut over companion/ (progress below); report in _build/reports/mutation.json"
	rm -rf mutants
	mkdir -p $(BUILD)/reports
	@if [ -n "$(SAMPLE)" ]; then \
	  $(BIN)/python scripts/mutation_sample.py $(SAMPLE) $(SEED) '$(or $(MUTANTS),*)' \
	    > $(BUILD)/reports/mutation-sample.txt && \
	  { $(BIN)/mutmut run --max-children 2 $$(cat $(BUILD)/reports/mutation-sample.txt) || true; }; \
	else $(BIN)/mutmut run --max-children 2 $(MUTANTS) || true; fi
	$(BIN)/python scripts/mutation_report.py

# Build, test and page-weight measurements beside a `jupyter-book create` baseline (not a test).
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# ---- make test: each step stops the run at its first failure -----------------

# When this make started, so `make test` can say how long the whole run took.
STARTED := $(shell date +%s)

# After lint and the citation file, every stage runs in one pool (make -j), each starting
# as soon as what it reads exists and printing its output in one piece when it ends. On
# two cores the run is bound by CPU, so the longest chain sets the pace: the strict build,
# then the browser visiting every page at two widths (about two minutes on one core). Those
# two run at normal priority; every other stage runs under nice and fills the other core
# without slowing them down.
NICE := nice -n 10
POOL := $(MAKE) --no-print-directory -j 8 --output-sync=target

test: $(STAMP) $(CFFBIN)/cffconvert
	@$(MAKE) --no-print-directory lint citation
	@echo "==> [3-9/9] unit tests, nbval, the strict build, EPUB and PDF, site, browser and"
	@echo "    guards, side by side (about ten minutes); each stage prints when it ends"
	@$(POOL) pool-unit pool-nbval pool-browser pool-site pool-guards
	@echo "==> all checks passed in $$(( $$(date +%s) - $(STARTED) )) s"

# The pool's stages: each calls the public target of the same name.
.PHONY: pool-unit pool-nbval pool-build pool-epub pool-pdf pool-site pool-browser pool-guards
pool-unit:
	@$(NICE) $(MAKE) --no-print-directory unit
pool-nbval:
	@$(NICE) $(MAKE) --no-print-directory nbval
pool-build:
	@$(MAKE) --no-print-directory build-strict
pool-epub: pool-build
	@$(NICE) $(MAKE) --no-print-directory epub
pool-pdf: pool-build
	@$(NICE) $(MAKE) --no-print-directory pdf
pool-site: pool-epub pool-pdf
	@$(NICE) $(MAKE) --no-print-directory site
pool-browser: pool-build
	@$(MAKE) --no-print-directory browser
# The guards compare a second build with the strict one, so they wait for it.
pool-guards: pool-build
	@$(NICE) $(MAKE) --no-print-directory guards

lint: $(STAMP)
	@echo "==> [1/9] ruff (code and notebooks)"
	$(BIN)/ruff check .

citation: $(CFFBIN)/cffconvert
	@echo "==> [2/9] CITATION.cff"
	$(CFFBIN)/cffconvert --validate -i CITATION.cff

unit: $(STAMP)
	@echo "==> [3/9] unit and data tests"
	$(PYTEST) -x -q -n 2 tests/unit

nbval: $(STAMP)
	@echo "==> [4/9] nbval (strict) over every notebook in book/"
	$(PYTEST) -x -q -n 2 --dist loadfile $(NBVAL) book

build-strict: $(STAMP)
	@echo "==> [5/9] book build from an empty $(BUILD), warnings are errors"
	@# Everything built goes; the reports of other stages (the fuzz table) and the cache of
	@# validated data (keyed on the files and the loader's code) stay, since the unit tests
	@# and nbval may be writing them at this moment.
	find $(BUILD) -mindepth 1 -maxdepth 1 ! -name reports ! -name cache -exec rm -rf {} + 2>/dev/null || true
	$(BIN)/jupyter-book build . --path-output . -n -W --keep-going

publish: $(STAMP)
	@echo "==> [6/9] the EPUB and the PDF of the strict build"
	@$(MAKE) --no-print-directory -j 2 epub pdf

site: $(STAMP)
	@echo "==> [7/9] checks on the built HTML, PDF and EPUB"
	$(PYTEST) -x -q tests/site

browser: $(STAMP)
	@echo "==> [8/9] real-browser checks (headless Chromium)"
	rm -f $(BUILD)/reports/figure-text-px.json
	$(PYTEST) -x -q tests/browser

# Full-page screenshots of every page at 1280 and 390 px into _build/screenshots, to look
# at (no check reads them); needs a built book.
screenshots: $(STAMP)
	@test -f $(BUILD)/html/book/intro.html || { echo "make screenshots: no built book in $(BUILD)/html; run 'make book' first." >&2; exit 1; }
	COMPANION_SCREENSHOTS=1 $(PYTEST) -q tests/browser -k test_no_sideways_scroll
	@echo "==> screenshots in $(BUILD)/screenshots"

guards: $(STAMP)
	@echo "==> [9/9] the checks themselves catch broken books (fixture books)"
	$(PYTEST) -x -q -n 2 tests/guards

clean:
	rm -rf $(BUILD) .pytest_cache .ruff_cache
