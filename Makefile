# Sanjian: two commands.
#   make run   set up, migrate the embedded SQLite database, load the demo, serve at 127.0.0.1:8000
#   make test  set up the same way and run the whole test suite
# Both are idempotent: a second run reuses the virtual environment and node_modules.

# Python 3.11 with its venv module (Debian: python3.11-venv), Node.js and npm are all it needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
PYTEST_ARGS ?=

UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

VENDOR_FILES := htmx.org/dist/htmx.min.js \
	echarts/dist/echarts.min.js \
	bootstrap/dist/css/bootstrap.min.css bootstrap/dist/css/bootstrap.min.css.map \
	bootstrap/dist/js/bootstrap.bundle.min.js bootstrap/dist/js/bootstrap.bundle.min.js.map

.PHONY: run test setup lint messages makemessages clean serve

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v 0
	@$(MAKE) --no-print-directory serve

# granian serves the app (WSGI, one request at a time per worker, as gunicorn's sync workers;
# whitenoise the static files; docs/performance.md says why granian); the task consumer runs beside it.
serve:
	@echo ""
	@echo "Sanjian is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@$(PY) manage.py demo_logins
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py run_huey --workers 1 --quiet & \
	.venv/bin/granian --interface wsgi --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--blocking-threads 1 --no-ws --access-log --log-level warning sanjian.wsgi:application

test: setup
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

setup: .venv/.synced build/vendor/.copied messages

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/vendor/.copied: node_modules/.installed Makefile
	rm -rf build/vendor && mkdir -p build/vendor
	cd node_modules && cp --parents $(VENDOR_FILES) ../build/vendor/
	@touch $@

# Compiles every app's zh_Hans catalogue (pure Python, no GNU gettext needed at set-up).
messages: .venv/.synced
	@$(PY) manage.py compile_catalogs

# For developers (needs GNU gettext): refresh every app's catalogue from the source.
makemessages: .venv/.synced
	@for app in sanjian/*/locale; do (cd $$(dirname $$app) && ../../$(PY) ../../manage.py makemessages -l zh_Hans --no-obsolete -v 0) ; done

lint: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

clean:
	rm -rf .venv .tools node_modules build staticfiles
