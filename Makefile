# The two set-up commands of README.md: `make demo` and `make test`.
# Both create .venv and install the project with everything it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test check clean chromium editor mutation

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/suengine demo

# The browser tests drive Debian's chromium (never a downloaded browser), and the privacy scan
# reads PDF text fastest with poppler's pdftotext: install them when missing and we are root;
# otherwise the browser tests skip and say why, and the scan falls back to pypdf.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if { [ ! -x $(CHROMIUM) ] || ! command -v pdftotext >/dev/null; } && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installerar chromium och poppler-utils (apt-get) ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils; \
	fi

# The editor test drives the real yaml-language-server (npm, pinned in tests/editor/package-lock.json);
# without node/npm it skips and says why.
editor:
	@if command -v npm >/dev/null && [ ! -d tests/editor/node_modules/yaml-language-server ]; then \
		npm ci --prefix tests/editor --no-audit --no-fund --silent \
			|| echo "Varning: npm ci misslyckades; redigerartestet hoppas över."; \
	fi

# One pytest-xdist worker per core (TEST_WORKERS=0 runs in one process); a test module, or all of
# tests/report/ or tests/site/, is one unit of work, the slowest handed out first (tests/scheduling.py).
TEST_WORKERS ?= auto
test: $(BIN)/.installed chromium editor
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

# Mutation testing (issue 20): not part of `make test`, too slow. Mutates the modules listed under
# [tool.mutmut] in pyproject.toml and runs their tests against each mutant; survivors: tests/MUTATION.md.
# MUTANTEN="suengine.engine.change.*" runs one module's mutants only (tests/MUTATION.md).
mutation: $(BIN)/.installed
	$(BIN)/pip install --quiet 'mutmut>=3.8,<4'
	$(BIN)/mutmut run --max-children 2 $(MUTANTEN)
	$(BIN)/mutmut results
	$(BIN)/python tests/mutation_report.py mutants

clean:
	rm -rf $(VENV) build mutants
