"""Every explorer's figure, projected in class: readable text, nothing hidden under a legend.

Each explorer is rendered at its defaults, with each slider at its min and
at its max, and with its toggles in each state (see ``figure_checks``). The
checker itself is tested first, on figures built to break each rule.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from figure_checks import explorer_problems, explorer_states, figure_problems
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from logitlab.widgets import (
    CurveExplorer,
    PathExplorer,
    RandomUtilityExplorer,
    RegionsExplorer,
    StabilityExplorer,
    ValleyExplorer,
)


def _figure():
    fig = Figure(figsize=(6, 4), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.tick_params(labelsize=11)
    ax.xaxis.label.set_fontsize(11)
    return fig, ax


# -- the checker on figures built to fail ---------------------------------
def test_clean_figure_passes():
    fig, ax = _figure()
    ax.plot([0, 10], [0, 3], label="low line")
    ax.legend(loc="upper left", fontsize=10)
    ax.text(9.5, 9.5, "badge", ha="right", va="top", fontsize=11, bbox={"fc": "white"})
    assert figure_problems(fig) == []


def test_small_text_is_found():
    fig, ax = _figure()
    ax.set_title("tiny", fontsize=7)
    problems = figure_problems(fig)
    assert any("'tiny' is 7 pt" in p for p in problems), problems


def test_small_tick_labels_are_found():
    fig, ax = _figure()
    ax.tick_params(labelsize=8)
    assert any("8 pt" in p for p in figure_problems(fig))


def test_legend_over_a_line_is_found():
    fig, ax = _figure()
    ax.plot([0, 10], [9.6, 9.6], label="high line")
    ax.legend(loc="upper left", fontsize=10)
    problems = figure_problems(fig)
    assert any(p.startswith("legend ['high line'] covers Line2D 'high line'") for p in problems)


def test_legend_over_a_marker_only_line_is_found():
    fig, ax = _figure()
    ax.plot([0, 10], [0, 0], label="floor")
    ax.plot([0.6], [9.6], "o", ls="none", label="point")
    ax.legend(loc="upper left", fontsize=10)
    assert any("covers Line2D 'point'" in p for p in figure_problems(fig))


def test_segment_between_far_vertices_is_densified():
    # Two vertices outside the legend, the segment between them through it.
    fig, ax = _figure()
    ax.plot([0, 10], [9.3, 9.3], label="two vertices")
    ax.legend(loc="upper center", fontsize=10)
    assert any("covers Line2D 'two vertices'" in p for p in figure_problems(fig))


def test_badge_over_scatter_and_image_is_found():
    fig, ax = _figure()
    ax.scatter([1.0], [9.0], label="dots")
    ax.text(0.5, 9.5, "badge", va="top", fontsize=11, bbox={"fc": "white"})
    problems = figure_problems(fig)
    assert any(p.startswith("text box 'badge' covers PathCollection") for p in problems)

    fig, ax = _figure()
    ax.imshow(np.zeros((4, 4)), extent=(0, 10, 0, 10))
    ax.text(0.5, 9.5, "badge", va="top", fontsize=11, bbox={"fc": "white"})
    assert any("covers AxesImage" in p for p in figure_problems(fig))


def test_legend_over_contours_is_found():
    fig, ax = _figure()
    g = np.linspace(0, 10, 50)
    X, Y = np.meshgrid(g, g)
    ax.contour(X, Y, X + Y, levels=[14, 16, 18])
    ax.plot([], [], label="entry")
    ax.legend(loc="upper right", fontsize=10)
    assert any("covers QuadContourSet" in p or "covers ContourSet" in p
               for p in figure_problems(fig))


def test_legend_entry_without_counterpart_is_found():
    fig, ax = _figure()
    (hidden,) = ax.plot([0, 10], [0, 1], label="hidden curve")
    (empty,) = ax.plot([0, 10], [np.nan, np.nan], label="all NaN")
    (away,) = ax.plot([20, 30], [0, 1], label="off the axes")
    ax.plot([0, 10], [0, 2], label="shown")
    fig.legend(handles=[hidden, empty, away, ax.lines[-1],
                        Patch(facecolor="#123456", label="a colour nowhere")],
               loc="outside lower center", fontsize=10)
    hidden.set_visible(False)
    problems = figure_problems(fig)
    for label in ("hidden curve", "all NaN", "off the axes", "a colour nowhere"):
        assert any(f"legend entry {label!r}" in p for p in problems), (label, problems)
    assert not any("'shown'" in p for p in problems)


def test_patch_entry_matched_by_image_colour():
    fig, ax = _figure()
    rgba = np.zeros((2, 2, 4))
    rgba[0, 0] = (0.2, 0.4, 0.6, 1.0)
    ax.imshow(rgba, extent=(0, 1, 0, 1))
    fig.legend(handles=[Patch(facecolor=(0.2, 0.4, 0.6), label="region")],
               loc="outside lower center", fontsize=10)
    assert not any("legend entry" in p for p in figure_problems(fig))


def test_tick_marks_are_not_data():
    # A legend just under the axes, over the outward tick marks, hides no data.
    fig, ax = _figure()
    ax.tick_params(direction="out", length=12)
    ax.plot([0, 10], [5, 6], label="line")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.005), fontsize=10)
    ax.set_xticklabels([])
    assert not any("covers" in p for p in figure_problems(fig))


def test_badge_frame_cut_off_is_found():
    fig, ax = _figure()
    # The text itself fits; its frame, 11 pt of padding around it, does not.
    fig.text(0.995, 0.5, "badge", ha="right", fontsize=11, bbox={"boxstyle": "round,pad=1"})
    assert any("'badge' sticks out" in p for p in figure_problems(fig))


def test_text_outside_the_figure_is_found():
    fig, ax = _figure()
    fig.text(0.98, 0.5, "cut off at the edge", fontsize=11)
    assert any("sticks out" in p for p in figure_problems(fig))


def test_explorer_states_cover_ends_and_toggles():
    with CurveExplorer() as ex:
        states = list(explorer_states(ex))
        assert ex.positive == 0 and ex.show_asker and ex.sliders["beta"].value == 1.0
    assert len(states) == 4 * (1 + 2 * 4)
    assert "[positive_toggle=0, asker_toggle=True] beta=-10.0" in states
    assert "[positive_toggle=1, asker_toggle=False] x=5.0" in states


# -- every explorer -------------------------------------------------------
def _spector_path():
    d = sm.datasets.spector.load_pandas()
    gpa = d.exog["GPA"].to_numpy()
    # As lesson 05 builds it: GPA standardised, GRADE as the 0/1 label.
    return PathExplorer((gpa - gpa.mean()) / gpa.std(), d.endog.to_numpy())


EXPLORERS = {
    "curve": CurveExplorer,
    "valley": ValleyExplorer,
    "path": _spector_path,
    "stability": StabilityExplorer,
    "regions": RegionsExplorer,
    "utilities": RandomUtilityExplorer,
    "utilities K=3": lambda: RandomUtilityExplorer(scores=(1.0, 0.0, -1.0)),
}


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_explorer_figure(name):
    with EXPLORERS[name]() as ex:
        problems = explorer_problems(ex)
    assert not problems, "\n".join(problems)


# -- the lessons' static pictures -------------------------------------------
def _picture(notebook, marker):
    """PNG bytes of the picture the code cell containing `marker` makes, run afresh."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "notebooks" / notebook
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    (source,) = ["".join(c["source"]) for c in cells
                 if c["cell_type"] == "code" and marker in "".join(c["source"])]
    *body, last = source.rstrip().splitlines()
    namespace = {}
    exec("\n".join(body), namespace)  # noqa: S102 (the lesson's own cell)
    image = eval(last, namespace)  # noqa: S307 (the cell's displayed expression)
    for value in namespace.values():
        if hasattr(value, "close") and hasattr(value, "sliders"):
            value.close()
    return image.data


def test_lesson_02_first_picture_is_not_lesson_01s():
    """02 starts from its own pair, b1 = 3, b2 = 1 (issue 9: it was a copy of 01's)."""
    first_01 = _picture("01_the_question.ipynb", "explorer.snapshot()")
    first_02 = _picture("02_sigmoid_is_two_class_softmax.ipynb", "from logitlab.widgets import")
    assert first_01 != first_02
