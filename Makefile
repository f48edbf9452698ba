# Every target works on a fresh machine with only python3 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root without this; containers and CI run as root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test bench bench-browser notebooks app lint clean

# Re-installs only when pyproject.toml changes (or the venv is missing).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# JupyterLab on the notebooks, loopback only, token authentication kept on
# (Jupyter's default; never pass an empty token).
lab: $(STAMP)
	$(BIN)/python -m jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1 $(AS_ROOT)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

bench-browser: $(STAMP)
	$(BIN)/python -m benchmarks browser

# Fresh kernel per notebook, in order; widget state is not stored (the
# static figure beside each widget is what a static viewer shows).
notebooks: $(STAMP)
	$(BIN)/python -m jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=120 --ExecutePreprocessor.store_widget_state=False \
		--ExecutePreprocessor.record_timing=False \
		$(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# Code-free classroom view: Voila serves the notebooks folder (tree view,
# code hidden, widgets live), loopback only, with a generated token: open
# the URL it prints (it carries the token). VOILA_PORT=8867 make app to move it.
VOILA_PORT ?= 8866
app: $(STAMP)
	$(BIN)/python -m voila notebooks --Voila.ip=127.0.0.1 --port=$(VOILA_PORT) \
		--token --no-browser

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
