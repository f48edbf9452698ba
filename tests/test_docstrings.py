"""Run the Examples sections of every public module of logitlab as doctests.

Modules are found by walking the package, so new ones (fitting, widgets,
exercises, ...) are covered without editing this file.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

# No MPLBACKEND here: the explorers draw on their own Agg canvas (no
# pyplot), and setting it in os.environ would leak into the nbval kernels
# that pytest starts later, where it silently hides every inline figure.
import logitlab

# Messages an import gives when it needs a display the machine lacks.
_NO_DISPLAY = ("$DISPLAY", "no display", "cannot connect to x server", "tclerror")


def _public_modules() -> list[str]:
    names = ["logitlab"]
    for info in pkgutil.walk_packages(
        logitlab.__path__, prefix="logitlab.", onerror=lambda _: None
    ):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


MODULES = _public_modules()


def _import(name: str):
    try:
        return importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - decide below whether to skip
        text = f"{type(exc).__name__}: {exc}".lower()
        if name.startswith("logitlab.widgets") and any(s in text for s in _NO_DISPLAY):
            pytest.skip(f"{name} needs a display: {exc}")
        raise


def test_walk_finds_the_core_modules():
    for name in ("logitlab.functions", "logitlab.mapping"):
        assert name in MODULES
    assert "logitlab._validation" not in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_run(name):
    module = _import(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    # As doctest.testmod does: each docstring sees the module's globals.
    # The finder only returns objects defined in this module, so re-exports
    # are tested once, at home.
    tests = [t for t in finder.find(module, name) if t.examples]
    failures = []
    for test in tests:
        result = runner.run(test, out=failures.append)
        assert result.attempted == len(test.examples)
    assert runner.failures == 0, "".join(failures)


def _public_functions(module):
    names = getattr(module, "__all__", None)
    if names is None:
        return []
    out = []
    for attr in names:
        obj = getattr(module, attr)
        home = getattr(obj, "__module__", None)
        # Functions, not classes: result containers and warning classes
        # are documented by the functions that return or raise them.
        if inspect.isfunction(obj) and home == module.__name__:
            out.append((attr, obj))
    return out


@pytest.mark.parametrize("name", MODULES)
def test_public_functions_have_examples(name):
    module = _import(name)
    missing = [
        attr
        for attr, obj in _public_functions(module)
        if "Examples\n" not in inspect.cleandoc(obj.__doc__ or "")
        or not doctest.DocTestParser().get_examples(obj.__doc__ or "")
    ]
    assert not missing, f"{name}: no runnable Examples section in {missing}"


def test_core_examples_are_actually_collected():
    # Guard against a finder that silently finds nothing.
    module = importlib.import_module("logitlab.functions")
    tests = doctest.DocTestFinder().find(module, "logitlab.functions")
    names = {t.name.rsplit(".", 1)[-1] for t in tests if t.examples}
    assert {"sigmoid", "log_sigmoid", "softmax", "log_softmax"} <= names
