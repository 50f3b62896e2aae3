# The two set-up commands of README.md: `make demo` and `make test`.
# Both create .venv and install the project with everything it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test check clean chromium

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/suengine demo

# The browser tests drive Debian's chromium (never a downloaded browser): install it when it is
# missing and we are root; otherwise those tests skip and say why.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installerar chromium (apt-get) för webbläsartesterna ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	fi

test: $(BIN)/.installed chromium
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build
