# Every target works on a fresh machine with only python3 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter refuses to run as root without this; containers and CI run as root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test bench bench-browser notebooks app lint mutation clean

# Re-installs only when pyproject.toml changes (or the venv is missing).
# JupyterLab's settings overrides go into the venv, not the user's home:
# no "get Jupyter news?" toast over a slider on a fresh install.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(STAMP): pyproject.toml config/jupyterlab-overrides.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	mkdir -p $(dir $(LAB_OVERRIDES))
	cp config/jupyterlab-overrides.json $(LAB_OVERRIDES)
	touch $(STAMP)

setup: $(STAMP)

# JupyterLab on the notebooks, loopback only, token authentication kept on
# (Jupyter's default; never pass an empty token).
lab: $(STAMP)
	$(BIN)/python -m jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1 $(AS_ROOT)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks tools

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

# Mutation testing of the core modules and the exercise checker (mutmut;
# the modules and the fast tests it runs are in pyproject.toml's
# [tool.mutmut]). Not part of `make test`: it takes minutes. It works on a
# copy of src/ and tests/ in MUTATION_DIR, so the working tree is never
# mutated, and prints the score per module (goal: 95%) and the survivors
# (`cd build/mutation && ../../.venv/bin/mutmut show NAME` shows one).
# An equivalent mutant (no test can tell it from the original) is kept out
# with `# pragma: no mutate` on its line plus a comment saying why.
#   make mutation                                   every module
#   make mutation MUTANTS='logitlab.fitting.*'      one module (fnmatch pattern)
#   make mutation MUTATION_DIR=build/mutation-b     a second run beside the first
MUTANTS      ?=
MUTATION_DIR ?= build/mutation
$(VENV)/.mutation-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	touch $@

mutation: $(VENV)/.mutation-installed
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	cp -r src tests notebooks pyproject.toml $(MUTATION_DIR)/
	cd $(MUTATION_DIR) && $(CURDIR)/$(BIN)/mutmut run $(if $(MUTANTS),'$(MUTANTS)') > mutmut-run.log 2>&1 \
		|| { tail -n 30 mutmut-run.log; exit 1; }
	$(BIN)/python tools/mutation_score.py $(MUTATION_DIR) $(if $(MUTANTS),'$(MUTANTS)')

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info mutants
