# `make` sets everything up and builds the example book into build/;
# `make test` sets up the same way and runs the test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
# Debian packages the project needs, installed with apt-get when missing.
DEBIAN_PACKAGES :=

.PHONY: all book test lint setup system clean

all: book

book: $(READY)
	$(PY) build.py

test: $(READY)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(READY)
	$(PY) -m ruff check .

setup: $(READY)

$(READY): pyproject.toml
	@$(MAKE) --no-print-directory system
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

system:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf build .pytest_cache .ruff_cache
