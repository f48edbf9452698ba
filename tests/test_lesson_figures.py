"""The figures drawn by lesson code (not by an explorer) pass the classroom checks.

Lessons 03 and 06 draw a matplotlib figure in a code cell. The lesson's code
cells run here in order, in this process, up to and including each plotting
cell; every figure left open is then checked like an explorer's
(tests/figure_checks.py: text >= 10 pt, no legend or badge over data, every
legend entry visible, nothing cut off at the figure edge, one colour per
class, a colour bar on every colour map, no text over another).
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import statsmodels.api as sm
from explorer_sweep import limits_changes
from figure_checks import figure_problems
from PIL import Image

import logitlab.widgets
from logitlab.widgets import Explorer

# Under `make mutation` the package runs from mutmut's mutants/ copy: these
# whole-lesson runs and animations would run again for every mutant of the
# slider code they pass through (minutes each); tests/test_sliders.py is that
# code's own suite.
pytestmark = pytest.mark.skipif("mutants" in Path(logitlab.__file__).parts,
                                reason="whole lessons: too slow to run once per mutant")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSONS = [
    "03_one_beta_many_softmaxes.ipynb",
    "04_the_model_underneath.ipynb",
    "06_numerical_stability.ipynb",
    "08_one_logit_or_two.ipynb",
]


def _code_cells(name):
    nb = json.loads((NOTEBOOKS / name).read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        # IPython magics (%matplotlib inline) mean nothing outside a kernel.
        lines = [ln for ln in "".join(cell["source"]).splitlines() if not ln.startswith("%")]
        yield "\n".join(lines)


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_figures_are_readable(name, monkeypatch, tmp_path):
    matplotlib.use("Agg")
    # Cells that write files (Explorer.animate's figures/...) write them here,
    # not into the working tree.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)  # keep figures open to check them
    plt.close("all")
    rc = dict(plt.rcParams)
    namespace = {"__name__": "__lesson__"}
    checked = 0
    try:
        for source in _code_cells(name):
            plotting = "plt.subplots" in source or "plt.figure" in source
            exec(compile(source, name, "exec"), namespace)
            if plotting:
                for num in plt.get_fignums():
                    fig = plt.figure(num)
                    fig.canvas.draw()
                    assert figure_problems(fig) == [], f"{name}: {figure_problems(fig)}"
                    checked += 1
                plt.close("all")
    finally:
        plt.close("all")
        plt.rcParams.update(rc)
    assert checked >= 1, f"{name}: no figure drawn by lesson code"


# -- the lessons' animations (issue 18) -------------------------------------
#: A viewer that shows only the first frame must see the start of the story:
#: the first frame stays about a second (issue 18), at least this long.
FIRST_FRAME_MS = 800
FIGURES = NOTEBOOKS / "figures"


def frame_durations(path):
    """Each frame's duration in milliseconds, as the PNG stores it."""
    with Image.open(path) as im:
        out = []
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            out.append(float(im.info.get("duration", 0)))
        return out


def _animation_cells():
    """{lesson: source} of each lesson cell that writes an animation."""
    cells = {}
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        for source in _code_cells(nb.name):
            if ".animate(" in source:
                cells[nb.name] = source
    return cells


ANIMATIONS = _animation_cells()


def _lesson_names(name):
    """What a lesson's animation cell uses from earlier cells."""
    names = {"np": np, **{n: getattr(logitlab.widgets, n) for n in logitlab.widgets.__all__}}
    if name.startswith("05_"):
        spector = sm.datasets.spector.load_pandas()
        gpa = spector.exog["GPA"].to_numpy()
        names.update(gpa_std=(gpa - gpa.mean()) / gpa.std(), y=spector.endog.to_numpy())
    return names


@functools.cache
def _fresh_animation(name):
    """(frame durations, axes limits changes) of lesson `name`'s animation, made now.

    The lesson's own cell runs in a temporary directory with today's code;
    the sweep it animates is then run again to read every frame's axes limits.
    """
    calls = []
    original = Explorer.animate

    def recording(self, path, slider, values=None, **kwargs):
        out = original(self, path, slider, values, **kwargs)
        calls.append((frame_durations(out), limits_changes(self, slider, values)))
        return out

    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        Explorer.animate = recording
        try:
            os.chdir(tmp)
            exec(compile(ANIMATIONS[name], name, "exec"), _lesson_names(name))  # noqa: S102
        finally:
            os.chdir(cwd)
            Explorer.animate = original
    (call,) = calls
    return call


def test_every_stored_animation_comes_from_a_lesson_cell():
    made = sorted(re.search(r"figures/([\w.]+\.png)", s).group(1) for s in ANIMATIONS.values())
    assert made == sorted(p.name for p in FIGURES.glob("*.png"))
    assert len(made) == 7


def test_frame_durations_reads_what_animate_wrote(tmp_path):
    with logitlab.widgets.CurveExplorer() as ex:
        out = ex.animate(tmp_path / "a.png", "beta", [1.0, 1.5, 2.0], duration=150,
                         hold_last=900)
    durations = frame_durations(out)
    assert len(durations) == 3 and durations[-1] == 900.0 and durations[1] == 150.0


def test_limits_changes_finds_axes_that_rescale_during_a_sweep():
    with logitlab.widgets.CurveExplorer() as ex:
        ax = ex.figure.axes[0]
        ex.sliders["beta"].observe(lambda change: ax.set_xlim(-5, 5 + change["new"]), "value")
        changes = limits_changes(ex, "beta", [1.5, 2.0, 3.0])
        assert ex.sliders["beta"].value == 1.0  # put back
    assert len(changes) == 2, changes
    assert changes[0] == ("frame 1 (beta=2.0): axes 0 'probability' x limits (-5.0, 7.0) "
                          "(frame 0: (-5.0, 6.5))"), changes


def test_limits_changes_moves_several_sliders_together_and_passes_fixed_axes():
    with logitlab.widgets.CurveExplorer() as ex:
        before = ex.n_renders
        changes = limits_changes(ex, {"beta1": [1.0, 2.0, 3.0], "beta2": [0.0, 0.5, 1.0]})
        assert ex.n_renders == before + 3 + 1  # one render a frame, one to put back
        assert (ex.sliders["beta1"].value, ex.sliders["beta2"].value) == (1.0, -1.0)
    assert changes == []


# The stored PNGs of HEAD predate animate()'s first-frame hold (40556e3); each
# notebook run rewrites its own. Not strict: they come back one by one; remove
# the mark once `make notebooks` has regenerated and committed them all.
@pytest.mark.parametrize("name", sorted(ANIMATIONS))
def test_fresh_animation_holds_its_first_frame(name):
    durations, _ = _fresh_animation(name)
    assert durations[0] >= FIRST_FRAME_MS, (
        f"{name}: the first frame shows {durations[0]:g} ms (< {FIRST_FRAME_MS} ms)")


@pytest.mark.parametrize("name", sorted(ANIMATIONS))
def test_fresh_animation_keeps_its_axes_fixed(name):
    _, changes = _fresh_animation(name)
    assert not changes, f"{name}:\n" + "\n".join(changes[:10])


@pytest.mark.parametrize("png", sorted(p.name for p in FIGURES.glob("*.png")))
def test_stored_animation_holds_its_first_frame(png):
    first = frame_durations(FIGURES / png)[0]
    assert first >= FIRST_FRAME_MS, f"{png}: the first frame shows {first:g} ms"
