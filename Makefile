# Quick start: `make run` serves the demo; `make test` runs the suite. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_PASSWORD ?= demo-forums-2026
# Demo only: the TOTP secret enrolled for demo staff (oathtool --totp -b $(DEMO_TOTP_SECRET)), 160 bits.
DEMO_TOTP_SECRET ?= MFT5NLN3V7MFVHAKGLF3J46HCIPZQHWO
# Where `make run` serves, e.g. `make run HOST=0.0.0.0:8080`; links in e-mails and feeds follow it.
HOST ?= 127.0.0.1:8000
SITE_URL ?= http://$(HOST)

.PHONY: install run test lint test-full messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py seed_demo --password "$(DEMO_PASSWORD)" --totp-secret "$(DEMO_TOTP_SECRET)"
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py runserver $(HOST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# In parallel: one worker per core, each module on one worker (a module builds its costly rows once,
# see tests/shared_rows.py). `.venv/bin/pytest -q tests/...` runs a single test or file in one process.
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -q -n auto --dist loadfile

# Everything: lint, the suite on PostgreSQL, real Redis and Celery workers, browser tests.
test-full: install lint
	bash .ci/test-full

# Timings, query counts and throughput of the main pages on a generated data set (see bench/run.py).
# National scale: make bench BENCH_ARGS="--forums 40 --meetings 250 --concerns 10"; PostgreSQL when
# DATABASE_URL names one.
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

messages: install
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py translit_sr
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
