# Équipage — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test dev format install install-dev migrate demo bench clean backup restore

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis (PYTHON=$(PYTHON) introuvable)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A local secret key, created once under var/ (ignored by git) and passed explicitly: without
# DJANGO_DEBUG the application refuses to start without DJANGO_SECRET_KEY.
var/secret_key: | $(BIN)/python
	mkdir -p var
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# `make run` serves plain HTTP on 127.0.0.1: the HTTPS-only protections are switched off for it alone.
LOCAL_ENV = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" DJANGO_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0

migrate: install var/secret_key
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(LOCAL_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(LOCAL_ENV) $(BIN)/python manage.py load_demo --if-empty

## Set everything up and serve the demo portfolio on http://127.0.0.1:$(PORT)
run: demo
	@echo "Équipage : http://127.0.0.1:$(PORT)/"
	$(LOCAL_ENV) $(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

## Development server with auto-reload and Django's debug pages
dev: demo
	$(LOCAL_ENV) DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## A dated archive of the database and the evidence files in var/backups/ (DATABASE_URL, SQLite by default)
backup: install var/secret_key
	$(LOCAL_ENV) $(BIN)/python manage.py backup

## Restore FILE=var/backups/equipage-….tar.gz into an empty database
restore: install var/secret_key
	@test -n "$(FILE)" || { echo "Indiquez l’archive : make restore FILE=var/backups/equipage-….tar.gz"; exit 1; }
	$(LOCAL_ENV) $(BIN)/python manage.py restore "$(FILE)"

## Lint, then the whole test suite (browser tests included) on DATABASE_URL, SQLite by default
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## Build a 2,000-product portfolio and report page times and query counts
bench: install var/secret_key
	$(LOCAL_ENV) $(BIN)/python bench/portfolio_pages.py
