# Two commands: `make edition` installs what is missing and builds the default corpus into
# output/; `make test` installs the same (plus the test tools) and runs the whole suite
# (`make test-fast`: its quick tier).
# Both are idempotent: each step checks first and does nothing when its work is done.

PYTHON      ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
APT_EDITION := fonts-noto-cjk fonts-noto-core libharfbuzz-subset0 default-jre-headless jing poppler-utils
APT_TEST    := chromium

.PHONY: edition test test-fast system system-test venv

edition: system venv
	$(PY) -m pipeline build

test: system system-test venv
	$(PY) -m pytest

# The quick tier (under two minutes on two cores): every test not marked slow, so no browser.
test-fast: system venv
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
