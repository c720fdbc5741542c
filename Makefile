# griddash — the two commands of the quick start are `make run` and `make test`.
#
#   make setup      install what the project needs (Debian packages, uv, the locked venv)
#   make run        setup, demo data if there is none, validate, serve on http://127.0.0.1:8501/
#   make test       setup, ruff (lint + format check), pytest
#   make lint       ruff only
#   make demo-data  generate demo exports if there are none, and validate them
#
# Variables: DEMO_SCALE (demo data volume, 1 ≈ two years of the city), EXPORTS (the exports
# folder, default $GRIDDASH_DATA or data/exports), HOST and PORT for `make run`.

DEMO_SCALE ?= 1
EXPORTS ?= $(if $(GRIDDASH_DATA),$(GRIDDASH_DATA),data/exports)
HOST ?= 127.0.0.1
PORT ?= 8501

VENV := .venv/bin

.PHONY: setup run test lint demo-data

setup:
	@bash scripts/setup.sh

lint: setup
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

test: lint
	$(VENV)/pytest

demo-data: setup
	@bash scripts/demo-data.sh "$(EXPORTS)" "$(DEMO_SCALE)"

run: demo-data
	GRIDDASH_DATA="$(EXPORTS)" $(VENV)/griddash serve --host $(HOST) --port $(PORT)
