# Two commands matter: `make run` (start the app) and `make test` (everything CI runs).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
export PYTHONPATH := $(CURDIR)

.PHONY: run test bench install install-dev system-deps assets db clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	# japanmap: coarse prefecture outlines for when boundary files are absent; --no-deps avoids opencv
	$(PY) -m pip install --quiet --no-deps "japanmap>=0.6"
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Map scripts and stylesheets served by the app itself (no CDN at run time), from the npm registry.
assets:
	@if [ -x scripts/fetch_map_assets.sh ]; then scripts/fetch_map_assets.sh; fi

db: install
	$(PY) -m data_access ensure-demo

run: install assets db
	$(VENV)/bin/streamlit run dashboard/app.py --server.port $(PORT)

# Debian packages the tests need: PostgreSQL server, Chromium and a CJK font (root only; CI runs as root).
system-deps:
	@scripts/install_system_deps.sh

test: install-dev assets system-deps
	$(PY) -m pytest

# Page-speed benchmark at national scale, SQLite and PostgreSQL: build/bench/results.{json,md}
bench: install-dev assets system-deps
	$(PY) scripts/benchmark.py

clean:
	rm -rf $(VENV) build data
