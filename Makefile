# Longer recipes; README's two commands (`make demo`, `make test`) work alone on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# e.g. DEMO_ARGS=--fresh to start the demo database over.
DEMO_ARGS ?=

.PHONY: demo test lint bench dev-setup worker screenshots clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

dev-setup: $(VENV)/.installed

demo: dev-setup
	$(VENV)/bin/maillage demo --port $(PORT) $(DEMO_ARGS)

# The worker of the demo's data folder; with MAILLAGE_SECRET_KEY set (production), a real one.
worker: dev-setup
	MAILLAGE_DEMO=$$([ -n "$$MAILLAGE_SECRET_KEY$$MAILLAGE_SECRET_KEY_FILE" ] || echo 1) \
	  $(VENV)/bin/maillage worker

test: dev-setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: dev-setup
	$(VENV)/bin/ruff check src benchmarks
	$(VENV)/bin/ruff format --check src benchmarks
	$(VENV)/bin/mypy

# The main pages as each demo role, desktop and phone, in var/screenshots/ (index.html).
screenshots: dev-setup
	scripts/screenshot-tour $(PORT)

bench: dev-setup
	$(PY) benchmarks/scheduling.py ../shared/b2b-benchmark
	$(PY) benchmarks/matching_quality.py
	$(PY) benchmarks/web_directory.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
