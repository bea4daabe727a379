# The two commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve lint bench load backup restore install install-dev migrate demo clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

## make run: set up, load the demo data when the database is empty, print the demo accounts, serve.
run: migrate
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

## make test: the whole suite (DATABASE_URL / REDIS_URL select PostgreSQL and Redis; SQLite by default).
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make serve: production mode: gunicorn, Celery workers and beat (needs DATABASE_URL, REDIS_URL, SECRET_KEY).
serve: install migrate
	DJANGO_SETTINGS_MODULE=wuhan_fulian.settings_production $(BIN)/python manage.py collectstatic --no-input -v0
	DJANGO_SETTINGS_MODULE=wuhan_fulian.settings_production $(BIN)/honcho start -f Procfile

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## make bench (BIG=1: the province scale too): loads the city data set into PostgreSQL on 127.0.0.1 once
## (database wuhan_fulian_bench, reused while the seed is the same), measures, prints the tables and writes
## var/bench/bench-*.json. Not part of make test. BENCH_ARGS="--repeat 50" for more calls per figure.
bench: install-dev
	$(BIN)/python -m bench.run $(if $(BIG),--big) $(BENCH_ARGS)

## make load: 50 clients for 60 s against gunicorn on the bench database (127.0.0.1 only); throughput, p95, errors.
load: install-dev
	$(BIN)/python -m bench.load $(LOAD_ARGS)

## make messages: refresh the English catalogue from the code (needs gettext's xgettext/msgmerge), drop the
## guesses msgmerge marks fuzzy, and compile locale/en/LC_MESSAGES/django.mo with polib (no msgfmt needed).
## Commit both files: the .mo is what runs, and CI has no gettext.
messages: install-dev
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python -c "import polib; po = polib.pofile('locale/en/LC_MESSAGES/django.po'); \
	[(e.flags.remove('fuzzy'), setattr(e, 'msgstr', '')) for e in po if 'fuzzy' in e.flags]; \
	po.save(); po.save_as_mofile('locale/en/LC_MESSAGES/django.mo'); \
	print(len(po.translated_entries()), 'of', len(po), 'translated')"

clean:
	rm -rf $(VENV) var

## make backup / make restore FILE=var/backups/…: the database under DATABASE_URL (PostgreSQL or SQLite).
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<file>"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"
