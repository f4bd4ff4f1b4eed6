# Two commands matter on a fresh machine (see README.md):
#   make book   installs what the book needs into .venv, builds it, and says where to open it
#   make test   installs the same, then runs every test (the same command CI runs)
#   make pdf    the print edition: the whole book and an answer key as PDFs in _build/pdf/
#               (make pdf LANG=ru or LANG=kk: that edition's, in _build/editions/<code>/pdf/)
#   make check  the fast tests (no book build, no browser; under a minute): the loop while you write
#   make lint   ruff over the package, the tests and the chapters' code cells (make test runs it too);
#               make format rewrites what it can
# Everything else here is a convenience for authors and instructors.

PYTHON ?= python3

# `make book LANG=kk` builds one edition (en, ru or kk; see baikonur/book/editions.py). On the
# command line LANG names the edition, not the system locale, so the commands get a UTF-8 locale.
ifeq ($(origin LANG),command line)
EDITION := $(LANG)
override LANG := C.UTF-8
export LANG
endif
EDITION ?= en
# `make editions` builds these and assembles _build/site/ (English at the root, ru/ and kk/ beside
# it); the Pages workflow passes the published ones (`python -m baikonur.book.catalogs published`).
EDITIONS ?= en ru kk
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book editions catalogs test check lint format pdf lms lab assignments benchmark clean

# Reinstall only when the pins change. pip is told to use exactly the pinned versions. These are
# the README's by-hand commands; nothing else is installed here (the JupyterLab setting that opens
# chapters as notebooks comes with requirements.txt).
$(INSTALLED): requirements.txt pyproject.toml jupyterlab-settings/pyproject.toml jupyterlab-settings/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements.txt
	touch $@

# axe-core, pa11y, the Nu Html Checker (vnu-jar, run on Java) and Lighthouse for the accessibility
# and validity tests and the benchmark, at the versions in package-lock.json. Without npm the
# browser tests say so and skip (CI installs npm, so there they run). pa11y's Puppeteer and
# Lighthouse use Debian's Chromium; nothing downloads a browser.
export PUPPETEER_SKIP_DOWNLOAD := 1
export PUPPETEER_EXECUTABLE_PATH ?= /usr/bin/chromium
export CHROME_PATH ?= /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped (install npm to run them)"; fi

book: $(INSTALLED)
ifeq ($(EDITION),en)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo
	@echo "Built. Open $(CURDIR)/_build/html/index.html in a browser."
else
	$(BIN)/python -m baikonur.book.editions build $(EDITION)
endif

# Every edition in EDITIONS, each executing its own notebooks, assembled into _build/site/.
editions: $(INSTALLED)
	$(BIN)/python -m baikonur.book.editions site $(EDITIONS)

# The translation catalogs: templates from the English book (pages, figure alt text, chart text)
# merged into locales/<language>/LC_MESSAGES/, then how much is left to translate per catalog.
catalogs: $(INSTALLED)
	$(BIN)/python -m baikonur.book.catalogs update

test: $(INSTALLED) $(AXE) lint
	$(BIN)/python -m pytest

# The fast tier: every test that needs neither the built book, nor a browser, nor a slow tool.
check: $(INSTALLED)
	$(BIN)/python -m pytest -m "not build and not browser and not slow"

# ruff's settings are in pyproject.toml. The chapters' code cells are checked as a notebook, at the
# narrower width a page shows without scrolling (baikonur/book/chapter_code.py says why 74).
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m baikonur.book.chapter_code check chapters/*.md

# Rewrite the package, the tests and the chapters' code cells as ruff format writes them (the
# cells' options and metadata stay as written).
format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/python -m baikonur.book.chapter_code format chapters/*.md

# The book and its answer key as PDFs in _build/pdf/ (needs Debian's chromium), built offline from
# the single-page HTML build; also copied into _build/html/pdf/ when the HTML book is there.
# `make pdf LANG=kk` prints the Kazakh edition (every cell executed for it, the text from its
# catalogs; needs Debian's fonts-liberation2 as well) into _build/editions/kk/pdf/, and copies it
# into that edition's HTML build (make book LANG=kk) when it is there; `make editions` puts each
# edition's PDFs in its folder of the site.
pdf: $(INSTALLED)
ifeq ($(EDITION),en)
	$(BIN)/python -m baikonur.book.pdf --html _build/html
else
	$(BIN)/python -m baikonur.book.pdf --language $(EDITION) --html \
	  "$$($(BIN)/python -c 'import pathlib, baikonur.book.editions as e; print(e.edition_output("$(EDITION)", pathlib.Path("_build")))')"
endif

# The quiz banks for a school's learning platform (Moodle XML, GIFT, Canvas QTI) in _build/lms/;
# also copied into _build/html/lms/ when the HTML book is there (the book build writes them too).
# `make lms LANG=kk`: the Kazakh quizzes, in _build/editions/kk/lms/ (and that edition's lms/).
lms: $(INSTALLED)
ifeq ($(EDITION),en)
	$(BIN)/python -m baikonur.quiz.export --html _build/html
else
	BAIKONUR_LANGUAGE=$(EDITION) $(BIN)/python -m baikonur.quiz.export \
		--output _build/editions/$(EDITION)/lms --html _build/editions/$(EDITION)/_build/html
endif

lab: $(INSTALLED)
	BAIKONUR_LANGUAGE=$(EDITION) $(BIN)/jupyter lab chapters/

assignments: $(INSTALLED)
	$(BIN)/python -m baikonur.book.assignments build

benchmark: $(INSTALLED) $(AXE)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build assignments/dist
