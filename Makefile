# `make` sets everything up and builds the example book into build/;
# `make test` sets up the same way and runs the linter, the type checker and the test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
ACE := node_modules/.bin/ace-cli
# Debian packages, installed with apt-get when missing. `command=package` is checked by the
# command being on PATH (it may come from elsewhere); a bare name by dpkg.
#   java (EPUBCheck), chromium (Ace), fonts (cover and print), node and npm (Ace),
#   Pango (WeasyPrint), poppler-utils and qpdf (the print checks), strace (the tests that
#   watch what a build opens).
DEBIAN_PACKAGES := java=default-jre-headless chromium=chromium fc-match=fontconfig \
	fonts-linuxlibertine node=nodejs npm=npm libpango-1.0-0 libpangoft2-1.0-0 \
	pdftotext=poppler-utils qpdf=qpdf strace=strace
# Build dates come from the last commit, so the example book's editions are reproducible.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)

.PHONY: all book test lint setup system clean

all: book

book: $(READY)
	$(PY) build.py

test: $(READY) $(ACE)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

lint: $(READY)
	$(PY) -m ruff check .
	$(PY) -m mypy

setup: $(READY) $(ACE)

$(READY): pyproject.toml
	@$(MAKE) --no-print-directory system
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(ACE): package.json package-lock.json | $(READY)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

system:
	@missing=""; for entry in $(DEBIAN_PACKAGES); do \
	  probe=$${entry%%=*}; package=$${entry#*=}; \
	  if [ "$$probe" != "$$entry" ]; then command -v $$probe >/dev/null 2>&1 && continue; \
	  else dpkg -s $$package >/dev/null 2>&1 && continue; fi; \
	  missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf build .pytest_cache .ruff_cache
