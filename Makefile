# Concerto — every target bootstraps .venv from uv.lock; only python3 (>= 3.11) and make are assumed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
STAMP := $(VENV)/.synced
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install demo demo-data demo-code run worker test lint format backup restore clean bench-report

help:
	@echo "make demo   - installe, migre une base SQLite, charge le conseil de démonstration et sert http://$(HOST):$(PORT)"
	@echo "make test   - lance toute la suite de tests"
	@echo "make run    - sert l'application avec gunicorn (production)"
	@echo "make lint   - ruff, djlint, makemigrations --check"

$(STAMP): uv.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) sync --frozen --inexact --quiet
	@touch $(STAMP)

install: $(STAMP)

demo-data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo

# The annual activity report of the demo council, timed on a throw-away SQLite copy (issue 14: under 10 s).
bench-report: install
	@tmp=$$(mktemp -d); export CONCERTO_DATA_DIR=$$tmp DATABASE_URL=sqlite:///$$tmp/bench.sqlite3; \
	$(PY) manage.py migrate --noinput >/dev/null && $(PY) manage.py createcachetable && \
	$(PY) manage.py load_demo >$$tmp/load.log 2>&1 && $(PY) manage.py bench_annual_report $(BENCH_ARGS); \
	status=$$?; rm -rf $$tmp; exit $$status

demo: demo-data
	@echo "Courriels de démonstration : var/mail/ (liens vers $${CONCERTO_SITE_URL:-http://$(HOST):$(PORT)}) — serveur : http://$(HOST):$(PORT) (Ctrl+C pour arrêter)"
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) scripts/demo_serve.sh

demo-code: install
	@$(PY) manage.py demo_code $(EMAIL)

# Production mode for every step (docs/deployment.md): the deploy checks must pass, warnings included, before anything
# else; weak settings then refuse to load; gunicorn's access log is redacted by config/gunicorn.conf.py.
run: export CONCERTO_PRODUCTION = true
run: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	STATIC_MANIFEST=true $(PY) manage.py collectstatic --noinput --verbosity 0
	STATIC_MANIFEST=true $(VENV)/bin/gunicorn config.wsgi --config config/gunicorn.conf.py --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3}

worker: install
	$(PY) manage.py db_worker

test: install
	$(PY) -m pytest -n $${PYTEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint concerto/templates --check
	$(VENV)/bin/djlint concerto/templates --lint
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djlint concerto/templates --reformat --quiet || true

backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FROM)" || (echo "Usage : make restore FROM=var/backups/<date>" && exit 2)
	$(PY) manage.py restore $(FROM)

clean:
	rm -rf $(VENV) staticfiles
