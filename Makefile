# Two commands matter: `make run` (start the app) and `make test` (everything CI runs).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test suites screenshots lint bench load install install-dev system-deps assets db clean

# Byte code is written by the first process that imports a module (pip's --no-compile: not the 12,500 files it
# installs, of which the app imports about 2,600). An environment that sets PYTHONDONTWRITEBYTECODE
# (CI does) would make every process compile every module it imports: make's recipes run without it.
unexport PYTHONDONTWRITEBYTECODE

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile -e .
	# japanmap: coarse prefecture outlines for when boundary files are absent; --no-deps avoids opencv
	$(PY) -m pip install --quiet --no-compile --no-deps "japanmap>=0.6"
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --no-compile -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Map scripts and stylesheets served by the app itself (no CDN at run time), from the npm registry.
assets:
	@if [ -x scripts/fetch_map_assets.sh ]; then scripts/fetch_map_assets.sh; fi

db: install
	$(PY) -m data_access ensure-demo

run: install assets db
	$(VENV)/bin/streamlit run app/streamlit_app.py --server.port $(PORT)

# Debian packages the tests need: PostgreSQL server, Chromium and a CJK font (root only; CI runs as root).
system-deps:
	@scripts/install_system_deps.sh

# Lint, format, layer contracts (import-linter) and types (mypy: strict for core, data_access and analytics; see
# pyproject.toml): they run before the suite.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Lint beside the suites (mypy keeps one core busy for about half a minute, while the suites' workers start), each
# command's output printed whole when it ends; any failure fails `make test`.
test: install-dev assets system-deps
	$(MAKE) --no-print-directory -j 2 --output-sync=line lint suites

# Every test in one session on the machine's two cores (pytest-xdist): each worker collects the suite once, and
# neither core waits for the other's last test before the browser tests start. A module whose tests share servers or
# a costly module fixture is marked with an xdist_group and runs on one worker; each worker starts its own servers
# and Chromium.
suites: install-dev assets system-deps
	$(PY) -m pytest -n 2 --dist loadgroup --durations=15

# The browser tests with their whole-page screenshots kept in build/screenshots/, for a person to look at.
screenshots: install-dev assets system-deps
	DASHBOARD_SCREENSHOTS=1 $(PY) -m pytest -m browser -n 2

# Interaction benchmark at national scale (Chromium, paired against an empty app), SQLite and PostgreSQL, and a
# short load run: build/bench/results.{json,md}, build/load/quick.{json,md}
bench: install-dev assets system-deps
	$(PY) scripts/benchmark.py
	$(PY) scripts/loadtest.py --quick

# Capacity under load (Locust through HAProxy, PostgreSQL primary + read replica): ramp with 1 and 2 replicas,
# 10-minute soak at 80 % of one replica's capacity: build/load/results.{json,md}
load: install-dev system-deps
	$(PY) scripts/loadtest.py

clean:
	rm -rf $(VENV) build data
