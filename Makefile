# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app schoonschip
PYBABEL ?= $(VENV)/bin/pybabel
POT := schoonschip/translations/messages.pot
STAMP := $(VENV)/.installed-stamp
PORT ?= 5000

# axe-core (accessibility rules engine) for tests/browser/test_accessibility.py: a pinned
# npm package in a git-ignored cache; Playwright injects it into each page.
AXE_VERSION := 4.10.3
AXE_DIR := .cache/axe/$(AXE_VERSION)
AXE_JS := $(AXE_DIR)/node_modules/axe-core/axe.min.js

.PHONY: run test test-pg setup instance translations translations-update lint bench load crash clean-instance axe axe-core

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,server,postgres]'
	touch $(STAMP)

setup: $(STAMP) translations

# Compiled only when the catalogue changed, so two test passes started side by side (.ci/run)
# never rewrite the .mo file under each other's feet.
MO := schoonschip/translations/en/LC_MESSAGES/messages.mo
translations: $(MO)

$(MO): schoonschip/translations/en/LC_MESSAGES/messages.po | $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -d schoonschip/translations -f --statistics

# New or changed Dutch texts -> messages.pot -> the English .po (then translate the empty
# msgstr entries; tests/integration/web/test_translations.py names the missing ones).
translations-update: $(STAMP)
	$(PYBABEL) extract -F babel.cfg -k _ -k gettext -k lazy_gettext -k N_ -k ngettext:1,2 \
		--no-wrap --sort-by-file -o $(POT) .
	$(PYBABEL) update -i $(POT) -d schoonschip/translations -l en --no-fuzzy-matching \
		--ignore-obsolete

instance: setup
	$(PY) -m schoonschip.ops.setup_instance --laptop
	$(FLASK) db-upgrade
	$(FLASK) demo

# Every target that needs Debian packages checks them first (scripts/system-deps.sh: installs
# what is missing when root, otherwise prints the apt-get line and stops; SYSTEM_DEPS=skip
# skips the check), then makes the rest with a second make, so nothing runs before it.
SUBMAKE := $(MAKE) --no-print-directory

# gunicorn, as on a server (docs/operations.md), on loopback. The access log has no query
# strings, referrers, user agents or client addresses: method, path (ids only), status, size,
# time. --no-control-socket (gunicorn 25.1+) so nothing is left in ~/.gunicorn.
GUNICORN_LOG_FORMAT := %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms
run:
	@scripts/system-deps.sh run
	@$(SUBMAKE) instance
	@echo "Schoon Schip serves on http://127.0.0.1:$(PORT) (gunicorn, 2 workers; Ctrl+C stops it)"
	$(VENV)/bin/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
		--access-logformat '$(GUNICORN_LOG_FORMAT)' \
		$$($(VENV)/bin/gunicorn --help | grep -o -m1 -e '--no-control-socket') 'schoonschip:create_app()'

test:
	@scripts/system-deps.sh test
	@$(SUBMAKE) setup axe-core
	$(PY) -m pytest $(PYTEST_ARGS)

# The whole suite on a throwaway PostgreSQL cluster on loopback (needs Debian's
# postgresql package; scripts/pg_ephemeral.sh starts it and removes it afterwards).
test-pg:
	@scripts/system-deps.sh test
	@$(SUBMAKE) setup axe-core
	scripts/pg_ephemeral.sh $(PY) -m pytest $(PYTEST_ARGS)

$(AXE_JS):
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for axe-core (Debian: apt-get install nodejs npm)"; exit 1; }
	mkdir -p $(AXE_DIR)
	npm install --prefix $(AXE_DIR) --no-save --no-audit --no-fund --no-package-lock --loglevel=error axe-core@$(AXE_VERSION)
	test -f $(AXE_JS)

axe-core: $(AXE_JS)

# Just the accessibility checks (axe-core in Chromium, the main pages of every role).
axe:
	@scripts/system-deps.sh test
	@$(SUBMAKE) setup axe-core
	$(PY) -m pytest -q -p no:cacheprovider tests/browser/test_accessibility.py $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Benchmarks on synthetic data (1.000, 5.000 and 20.000 cases; `make bench SIZES=1000`), main
# ("before") and this tree ("after") side by side in one run (`make bench BASELINE=` for this tree only).
SIZES ?= 1000,5000,20000
BASELINE ?= main
bench: setup
	$(PY) benchmarks/run.py --sizes $(SIZES) --baseline "$(BASELINE)" $(BENCH_ARGS)

# 20 synthetic coaches for 60 s against gunicorn on SQLite (`make load LOAD_SECONDS=30`).
LOAD_SECONDS ?= 60
load: setup
	$(PY) scripts/load_test.py --seconds $(LOAD_SECONDS) $(LOAD_ARGS)

# kill -9 the server in the middle of a write burst, restart, check (`make crash ROUNDS=5`).
ROUNDS ?= 3
crash: setup
	$(PY) scripts/crash_test.py --rounds $(ROUNDS) $(CRASH_ARGS)

clean-instance:
	@echo "This deletes the local database and keys in instance/. Type 'ja' to continue:"; \
	read answer; [ "$$answer" = "ja" ] && rm -rf instance/* && touch instance/.gitkeep || echo "Nothing deleted."
