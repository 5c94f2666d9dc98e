# Belong: the two commands a newcomer needs are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: run test check lint test-engine test-app test-pg bench browser venv migrate messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

venv: $(STAMP)

## Create the venv, migrate, load the demo company, start the server and the task worker.
run: venv
	@scripts/run.sh

## The whole suite: engine (no Django), app, browser journeys.
test: venv browser test-engine test-app

test-engine: venv
	$(BIN)/pytest belong/matching -p no:django -W ignore::pytest.PytestConfigWarning -q $(PYTEST_ARGS)

test-app: venv
	$(BIN)/pytest --ignore=belong/matching -q -n 2 $(PYTEST_ARGS)

## The app suite again on a throwaway PostgreSQL 15 that the script starts and removes.
test-pg: venv browser
	scripts/with-postgres.sh $(BIN)/pytest --ignore=belong/matching -q -n 2 $(PYTEST_ARGS)

## Everything CI checks: lint, format, types, import rules, migrations, then the tests.
check: lint test

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy belong/matching belong/*/services.py
	$(BIN)/lint-imports
	SECRET_KEY=check $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$(python3 -c 'import secrets;print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=belong.example.com \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

## Benchmarks against named peers; results in benchmarks/results/, summary in docs/benchmarks.md.
bench: venv
	scripts/bench.sh

## Debian's Chromium for the browser journeys (never a downloaded browser).
browser:
	@scripts/ensure-chromium.sh

## Refresh the Spanish catalogue after changing user-facing strings (then translate locale/es).
messages: venv
	SECRET_KEY=messages $(BIN)/python manage.py makemessages -l es --ignore '.venv/*' \
		--ignore 'belong/matching/*' --ignore 'e2e/*' --ignore 'benchmarks/*'
	SECRET_KEY=messages $(BIN)/python manage.py compilemessages -l es --ignore '.venv/*'

clean:
	rm -rf $(VENV) *.egg-info var belong.sqlite3*
