"""Structural checks on every committed notebook (nbval checks the outputs' values).

For each ``notebooks/*.ipynb``: valid nbformat, executed in one fresh run
(execution counts 1..n), no error outputs, no ``metadata.widgets`` without
widget state (GitHub refuses to render those), ``# NBVAL_IGNORE_OUTPUT``
on exactly the cells that display a widget, a ``python3`` kernel. Each
lesson 01-06 ends with exercises that import its own
``logitlab.exercises.lessonNN`` module, committed unanswered. Lessons that
land later are covered automatically.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(
    p for p in NOTEBOOK_DIR.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
LESSON = re.compile(r"^(0[1-6])_")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
IGNORE = "# NBVAL_IGNORE_OUTPUT"
LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


def _ids(paths):
    return [p.name for p in paths]


def _read(path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _displays_widget(cell) -> bool:
    return any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))


def _text(out) -> str:
    if out.output_type == "stream":
        return out.text
    return out.get("data", {}).get("text/plain", "")


@pytest.fixture(params=NOTEBOOKS, ids=_ids(NOTEBOOKS))
def notebook(request):
    return request.param, _read(request.param)


def test_valid_nbformat_v4(notebook):
    path, nb = notebook
    assert nb.nbformat == 4, path.name
    nbformat.validate(nb)


def test_kernel_is_python3(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


def test_executed_once_in_order(notebook):
    path, nb = notebook
    counts = [c.execution_count for c in _code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; re-run it in a fresh kernel "
        "(make notebooks)"
    )


def test_no_error_outputs(notebook):
    path, nb = notebook
    for i, cell in enumerate(_code_cells(nb), 1):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name} code cell {i}: {out.get('ename')}"
            assert "Traceback (most recent call last)" not in _text(out), (
                f"{path.name} code cell {i} prints a traceback"
            )


def test_no_widget_metadata_without_state(notebook):
    path, nb = notebook
    widgets = nb.metadata.get("widgets")
    if widgets is None:
        return
    state = widgets.get(WIDGET_STATE, {}).get("state")
    assert state, f"{path.name}: metadata.widgets has no state; GitHub cannot render it"


def test_ignore_marker_exactly_on_widget_cells(notebook):
    path, nb = notebook
    for i, cell in enumerate(_code_cells(nb), 1):
        marked = cell.source.lstrip().startswith(IGNORE)
        assert IGNORE not in cell.source or marked, (
            f"{path.name} code cell {i}: {IGNORE} must be the first line"
        )
        if _displays_widget(cell):
            assert marked, f"{path.name} code cell {i} displays a widget without {IGNORE}"
        else:
            assert not marked, (
                f"{path.name} code cell {i} carries {IGNORE} but displays no widget: "
                "its output would go unchecked"
            )


def test_widget_cells_have_a_static_figure_before_them(notebook):
    path, nb = notebook
    cells = _code_cells(nb)
    for i, cell in enumerate(cells):
        if not _displays_widget(cell):
            continue
        assert i > 0, f"{path.name}: a widget is the first code cell"
        before = cells[i - 1]
        assert any(
            "image/png" in out.get("data", {}) for out in before.get("outputs", [])
        ), f"{path.name} code cell {i + 1}: the cell before a widget must show a static figure"


LESSONS = [p for p in NOTEBOOKS if LESSON.match(p.name)]


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_has_exercises_from_its_own_module(path):
    nb = _read(path)
    number = LESSON.match(path.name).group(1)
    headings = [
        line for c in nb.cells if c.cell_type == "markdown"
        for line in c.source.splitlines() if line.startswith("#")
    ]
    assert any("exercise" in h.lower() for h in headings), f"{path.name}: no Exercises heading"
    module = f"logitlab.exercises.lesson{number}"
    pattern = re.compile(
        rf"from\s+logitlab\.exercises\s+import\s+lesson{number}\b|import\s+{re.escape(module)}\b"
    )
    assert any(pattern.search(c.source) for c in _code_cells(nb)), (
        f"{path.name} does not import {module}"
    )


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_exercises_committed_unanswered(path):
    nb = _read(path)
    checks = [c for c in _code_cells(nb) if re.search(r"\.check\(", c.source)]
    assert checks, f"{path.name}: no exercise is checked"
    for cell in checks:
        text = "".join(_text(o) for o in cell.get("outputs", []))
        assert "Not answered yet" in text, (
            f"{path.name}: a check cell is committed answered or silent:\n{cell.source}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_question_quoted_with_attribution(path):
    """Lesson 01 quotes the question; any notebook naming its author attributes it fully."""
    text = "\n".join(c.source for c in _read(path).cells)
    if not (path.name.startswith("01_") or "RV1994" in text):
        return
    for needle in ("RV1994", "Anant Gupta", LICENCE, "233658"):
        assert needle in text, f"{path.name}: attribution lacks {needle}"
