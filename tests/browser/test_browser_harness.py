"""The harness itself can fail: a broken notebook must be reported as broken.

Without this, a harness that silently saw no errors would make every lesson
test pass. A generated notebook has a failing cell, a cell after it that
never runs, and a slider whose callback raises; each must be caught.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import _browser as harness

pytestmark = pytest.mark.browser

_CELLS = [
    (
        "import ipywidgets as widgets\n"
        "slider = widgets.IntSlider(value=1, min=0, max=10)\n"
        "slider.observe(lambda change: 1 / 0, names='value')\n"
        "slider"
    ),
    "raise ValueError('deliberate failure for the harness test')",
    "print('never reached')",
]


def _notebook(cells):
    return {
        "cells": [
            {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
             "source": src}
            for src in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_broken_notebook_is_reported(browser, lab, notebook_copy):
    name = "zz_harness_broken.ipynb"
    (notebook_copy / name).write_text(json.dumps(_notebook(_CELLS)))
    context = browser.new_context()
    try:
        page = context.new_page()
        harness.open_notebook(page, lab, name)
        harness.watch_kernel_errors(page)
        assert harness.run_all_cells(page) is False  # JupyterLab's own verdict
        problems = harness.notebook_problems(page)
        assert any("ValueError" in p and "cell 1" in p for p in problems), problems
        assert any("cell 2: not executed" in p for p in problems), problems
        assert not any(p.startswith("cell 0") for p in problems), problems

        seen = len(harness.kernel_errors(page))  # the ValueError of Run All
        slider = page.locator(".widget-slider").first
        harness.press_slider_key(slider)
        page.wait_for_function(f"() => window.__logitlabKernelErrors.length > {seen}")
        callback_errors = harness.kernel_errors(page)[seen:]
        assert any("ZeroDivisionError" in e for e in callback_errors), callback_errors
    finally:
        context.close()
        lab.shutdown_kernels()
