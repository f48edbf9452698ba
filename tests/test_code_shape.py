"""The shape of the package's code: one-screen functions, a stable public API.

Issue 21: no function or method in ``src/logitlab`` is longer than 60 lines,
its docstring excluded (counted from the ``def`` line, decorators excluded,
to the last line of its body, through ``ast``); and ``logitlab.fitting``
keeps exporting every name it exported when it became a package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import logitlab.fitting

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "logitlab"
MAX_LINES = 60

# What `logitlab.fitting` exported (its __all__) when fitting.py became a
# package (issue 21): lessons, tests, docs and the README import these.
FITTING_EXPORTS = ["ConvergenceWarning", "FitResult", "GradientDescentPath"]
FITTING_EXPORTS += ["fit_logistic", "fit_softmax", "gradient_descent_path"]


def _docstring_lines(node) -> int:
    body = node.body
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.end_lineno - first.lineno + 1
    return 0


def function_lengths(source: str, filename: str = "<source>"):
    """(qualified name, first line, length without docstring) of every def in `source`."""
    tree = ast.parse(source, filename)
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = child.end_lineno - child.lineno + 1 - _docstring_lines(child)
                out.append((f"{prefix}{child.name}", child.lineno, length))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def _long_functions(files):
    long = []
    for path in files:
        for name, line, length in function_lengths(path.read_text(), str(path)):
            if length > MAX_LINES:
                long.append(f"{path.relative_to(PACKAGE)}:{line} {name}: {length} lines")
    return long


def test_the_counter_counts_as_documented():
    source = '''
def short():
    """A docstring
    of three
    lines."""
    return 1


class A:
    @property
    def method(self):
        x = 1
        return x
'''
    assert function_lengths(source) == [("short", 2, 2), ("A.method", 11, 3)]
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    assert function_lengths(f"def f():\n{body}\n") == [("f", 1, MAX_LINES + 1)]


def test_the_walk_finds_the_package():
    names = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    assert {"fitting/newton.py", "fitting/descent.py", "fitting/results.py"} <= names


@pytest.mark.parametrize(
    "part",
    [
        pytest.param(["*.py", "fitting/*.py"], id="core_and_fitting"),
        pytest.param(["widgets/*.py"], id="widgets"),
        pytest.param(["exercises/*.py"], id="exercises"),
    ],
)
def test_no_function_longer_than_60_lines(part):
    files = sorted({p for pattern in part for p in PACKAGE.glob(pattern)})
    assert files
    long = _long_functions(files)
    assert not long, "longer than 60 lines (docstring excluded):\n" + "\n".join(long)


def test_fitting_keeps_its_public_names():
    assert sorted(logitlab.fitting.__all__) == sorted(FITTING_EXPORTS)
    for name in FITTING_EXPORTS:
        assert getattr(logitlab.fitting, name) is getattr(logitlab, name)
