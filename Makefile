# Two commands do all the set-up: `make run` and `make test`. Each creates or refreshes .venv
# from python3 alone, and only when pyproject.toml changed since the last install.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck check bench try-telegram chromium clean

$(PY):
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip >&2

$(RUN_STAMP): pyproject.toml | $(PY)
	@echo "Installing the bot into $(VENV)..." >&2
	@$(PY) -m pip install -q -e . >&2
	@touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	@echo "Installing the bot and its test tools into $(VENV)..." >&2
	@$(PY) -m pip install -q -e '.[dev]' >&2
	@touch $(RUN_STAMP) $@

run: $(RUN_STAMP)
	@$(PY) -m bot

test: $(DEV_STAMP)
	$(PY) -m ruff check bot devtools tests
	$(PY) -m ruff format --check bot devtools tests
	$(PY) -m mypy
	$(PY) -m bot check
	$(PY) -m pytest

check: $(RUN_STAMP)
	@$(PY) -m bot check

bench: $(DEV_STAMP)
	@$(PY) -m bot bench

# The bot against the local Bot API server (devtools/fakebotapi.py), with a console client:
# see buttons and replies as in Telegram, without a token or a network.
try-telegram: $(DEV_STAMP)
	@$(PY) -m devtools.try_telegram

# Headless Chromium for tests/test_report.py (skipped without it): Debian's package.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >&2; }

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
