"""CurveExplorer driven through its controls, checked against independent references."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from explorer_sweep import sweep_sliders
from matplotlib.colors import to_hex
from matplotlib.text import Text
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from logitlab.widgets import CurveExplorer
from logitlab.widgets._sliders import frontend_value
from logitlab.widgets.curve import MATCH_TOL

# The question's printed numbers (seed/question-and-answer.txt).
ASKER = 0.6224593312018546  # sigmoid(0.5 * 1)
TRUE = 0.7310585786300049  # sigmoid(0.5 * 2) == softmax([0.5, -0.5])[0]


@pytest.fixture
def ex():
    return CurveExplorer()


def grid(ex):
    return ex.lines["sigmoid"].get_xdata()


def reference_softmax(ex, b1, b2, k):
    x = grid(ex)
    return sp_softmax(np.stack([x * b1, x * b2], axis=-1), axis=-1)[:, k]


def test_defaults_are_the_question(ex):
    assert list(ex.sliders) == ["beta", "beta1", "beta2", "x"]
    assert [s.description for s in ex.sliders.values()] == ["β", "β₁", "β₂", "x"]
    assert [s.value for s in ex.sliders.values()] == [1.0, 1.0, -1.0, 0.5]
    for s in ex.sliders.values():
        assert s.min <= -5 and s.max >= 5
    # beta must be able to reach beta1 - beta2 from every slider position.
    assert ex.sliders["beta"].min <= -10 and ex.sliders["beta"].max >= 10
    assert ex.positive == 0 and ex.show_asker


def test_lines_follow_references(ex):
    x = grid(ex)
    assert x.min() == -5 and x.max() == 5 and len(x) > 100
    np.testing.assert_allclose(ex.lines["sigmoid"].get_ydata(), expit(x * 1.0), rtol=1e-14)
    np.testing.assert_allclose(ex.lines["asker"].get_ydata(), expit(x * 1.0), rtol=1e-14)
    np.testing.assert_allclose(
        ex.lines["softmax"].get_ydata(), reference_softmax(ex, 1.0, -1.0, 0), rtol=1e-13
    )
    assert ex.lines["sigmoid"].get_linestyle() == "-"
    assert ex.lines["softmax"].get_linestyle() == "--"


def test_question_numbers_in_status_and_markers(ex):
    assert ex.values["asker"] == ex.values["sigmoid"] == ASKER
    assert ex.values["softmax"] == pytest.approx(TRUE, abs=1e-16)
    text = ex.status.value
    assert "0.6224593312018546" in text and "0.7310585786300049" in text
    assert "curves differ" in text and "curves match" not in text
    assert "β₁ − β₂" in text and "2.00" in text
    assert list(ex.markers["x"].get_xdata()) == [0.5, 0.5]
    assert ex.markers["asker"].get_ydata()[0] == ASKER


def test_gap_matches_and_snap(ex):
    x = grid(ex)
    assert ex.gap == pytest.approx(np.max(np.abs(expit(x) - expit(2 * x))), rel=1e-12)
    assert not ex.matches
    ex.snap()
    assert ex.sliders["beta"].value == 2.0 and ex.beta == 2.0
    assert ex.matches and ex.gap <= MATCH_TOL
    assert ex.values["sigmoid"] == TRUE
    assert "curves match" in ex.status.value and "curves differ" not in ex.status.value
    assert "#DFF3EA" in ex.status.value  # the visual change


def test_button_does_what_snap_does():
    a, b = CurveExplorer(beta1=2.5, beta2=0.75), CurveExplorer(beta1=2.5, beta2=0.75)
    a.snap()
    b.snap_button.click()
    assert a.beta == b.beta == 1.75 and b.matches
    assert "logitlab-snap" in b.snap_button._dom_classes


def test_positive_class_gives_the_answers_minus_sign(ex):
    ex.sliders["beta"].value = 2.0
    assert ex.matches
    ex.positive = 1
    np.testing.assert_allclose(
        ex.lines["softmax"].get_ydata(), reference_softmax(ex, 1.0, -1.0, 1), rtol=1e-13
    )
    assert not ex.matches and "curves differ" in ex.status.value
    ex.snap()
    assert ex.beta == -2.0 and ex.matches  # the answer's b = -2
    # The answer's sigmoid0(x*b) = exp(-xb)/(1+exp(-xb)) is 1 - sigmoid(xb).
    assert 1 - ex.values["sigmoid"] == pytest.approx(TRUE, abs=1e-15)
    assert "β₂ − β₁" in ex.snap_button.description


def test_assigning_positive_equals_the_toggle():
    a, b = CurveExplorer(), CurveExplorer()
    n_a, n_b = a.n_renders, b.n_renders
    a.positive = 1
    b.positive_toggle.value = 1
    for name in a.lines:
        np.testing.assert_array_equal(a.lines[name].get_ydata(), b.lines[name].get_ydata())
    assert a.status.value == b.status.value and a.png() == b.png()
    assert a.n_renders - n_a == b.n_renders - n_b == 1
    with pytest.raises(ValueError, match="positive"):
        a.positive = 2
    with pytest.raises(ValueError, match="positive"):
        a.positive = True


def shown_legend(ex):
    return [t.get_text() for t in ex.legend.get_texts() if t.get_visible()]


def test_asker_switch(ex):
    assert len(shown_legend(ex)) == 3
    ex.asker_toggle.value = False
    assert not ex.show_asker
    assert not ex.lines["asker"].get_visible() and not ex.markers["asker"].get_visible()
    assert len(shown_legend(ex)) == 2
    ex.show_asker = True
    assert ex.lines["asker"].get_visible() and len(shown_legend(ex)) == 3


def test_asker_curve_visible_on_the_sigmoid(ex):
    """At the defaults (beta = beta1) the asker's curve is the sigmoid: drawn on top, and said."""
    lines = ex.lines
    assert lines["asker"].get_zorder() > lines["softmax"].get_zorder() > \
        lines["sigmoid"].get_zorder()
    # Thinner than the solid curve under it, so the solid one shows around it.
    assert lines["asker"].get_linewidth() < lines["sigmoid"].get_linewidth()
    assert lines["asker"].get_linestyle() == ":"
    asker_entry = shown_legend(ex)[2]
    assert "asker" in asker_entry and r"on $\sigma(x\beta)$ now" in asker_entry
    ex.sliders["beta"].value = 2.0
    assert "now" not in shown_legend(ex)[2]


def test_marker_colours_are_their_curves_colours(ex):
    for name in ("sigmoid", "softmax", "asker"):
        line, marker = ex.lines[name], ex.markers[name]
        assert to_hex(marker.get_markeredgecolor()) == to_hex(line.get_color()), name
    # The points of coinciding curves stay distinguishable by size.
    sizes = [ex.markers[n].get_markersize() for n in ("softmax", "sigmoid", "asker")]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 3


def figure_texts(ex):
    return [t.get_text() for t in ex.figure.findobj(Text) if t.get_visible()]


def test_question_numbers_and_coefficients_on_the_figure(ex):
    texts = figure_texts(ex)
    assert "σ(xβ) = σ(xβ₁) = 0.6225" in texts  # the asker's number, and beta = beta1
    assert "P(class 1) = 0.7311" in texts  # the softmax's
    title = ex.coef_text.get_text()
    for part in ("β = 1.00", "β₁ = 1.00", "β₂ = −1.00", "(β₁ − β₂ = 2.00)"):
        assert part in title
    assert ex._verdict.get_text() == "✗ curves differ"
    ex.snap()
    texts = figure_texts(ex)
    assert "σ(xβ) = P(class 1) = 0.7311" in texts and "σ(xβ₁) = 0.6225" in texts
    assert "β = 2.00" in ex.coef_text.get_text()
    assert ex._verdict.get_text() == "✓ curves match"


def test_labels_use_the_convention(ex):
    assert shown_legend(ex)[1] == r"P(class 1) = softmax$([x\beta_1, x\beta_2])$[0]"
    ex.positive = 1
    assert shown_legend(ex)[1] == r"P(class 2) = softmax$([x\beta_1, x\beta_2])$[1]"
    assert "P(class 2) = 0.2689" in figure_texts(ex)
    assert "(β₂ − β₁ = −2.00)" in ex.coef_text.get_text()
    assert "softmax([xβ₁, xβ₂])[1]" in ex.status.value and "P(class 2)" in ex.status.value


def test_sliders_drive_the_curves(ex):
    ex.sliders["beta1"].value = -2.35
    ex.sliders["beta2"].value = 1.4
    ex.sliders["beta"].value = 0.8
    ex.sliders["x"].value = -1.5
    x = grid(ex)
    np.testing.assert_allclose(ex.lines["sigmoid"].get_ydata(), expit(0.8 * x), rtol=1e-14)
    np.testing.assert_allclose(ex.lines["asker"].get_ydata(), expit(-2.35 * x), rtol=1e-14)
    np.testing.assert_allclose(
        ex.lines["softmax"].get_ydata(), reference_softmax(ex, -2.35, 1.4, 0), rtol=1e-13
    )
    assert ex.values["softmax"] == pytest.approx(float(expit(-1.5 * (-2.35 - 1.4))), rel=1e-15)
    ex.snap()
    assert ex.beta == -2.35 - 1.4 and ex.matches


def test_one_render_per_change_and_one_figure(ex):
    fig, image = ex.figure, ex.image
    for name, value in [("beta", 3.0), ("beta1", -1.0), ("beta2", 2.0), ("x", 1.0)]:
        before = ex.n_renders
        ex.sliders[name].value = value
        assert ex.n_renders == before + 1
    before = ex.n_renders
    ex.snap_button.click()
    ex.asker_toggle.value = False
    ex.positive_toggle.value = 1
    assert ex.n_renders == before + 3
    before = ex.n_renders
    with ex.hold():
        ex.sliders["beta1"].value = 0.5
        ex.sliders["beta2"].value = 0.25
    assert ex.n_renders == before + 1
    assert ex.figure is fig and ex.image is image and len(fig.axes) == 1


def test_sweep_every_slider_to_both_ends():
    ex = CurveExplorer()
    fig = ex.figure

    def check(name, value):
        for line in ex.lines.values():
            assert np.all(np.isfinite(line.get_ydata())), (name, value)
        assert np.isfinite(ex.gap) and "nan" not in ex.status.value

    sweep_sliders(ex, check, values=lambda s: (s.min, s.max, s.min, 0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with ex.hold():
            ex.sliders["beta1"].value, ex.sliders["beta2"].value = 5.0, -5.0
        for k in (0, 1):
            ex.positive = k
            ex.snap()
            assert ex.beta == (10.0 if k == 0 else -10.0) and ex.matches
    assert ex.figure is fig


def test_dom_contract(ex):
    assert {"logitlab-explorer", "logitlab-curve"} <= set(ex.widget._dom_classes)
    assert "logitlab-status" in ex.status._dom_classes
    assert any("logitlab-plot" in c._dom_classes for c in ex.widget.children)


def test_snapshot_is_the_current_png(ex):
    # png() hands back the Image widget's value (a memoryview): compare contents.
    assert ex.snapshot().data == bytes(ex.png()) and bytes(ex.png()).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"beta1": "1"}, TypeError, r"CurveExplorer\(\).*beta1"),
        ({"x": None}, TypeError, r"CurveExplorer\(\): x must be a number, got NoneType"),
        ({"beta2": [1, 2]}, TypeError, r"CurveExplorer\(\).*single number"),
        ({"beta1": 7.0}, ValueError, r"CurveExplorer\(\): beta1 must be in \[-5, 5\].*got 7.0"),
        ({"beta": -11}, ValueError, r"beta must be in \[-10, 10\].*got -11.0"),
        ({"x": math.nan}, ValueError, r"x must be in .*got nan"),
        ({"positive": 2}, ValueError, r"CurveExplorer\(\): positive must be 0"),
    ],
)
def test_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        CurveExplorer(**kwargs)


# -- exact values against the browser's rounding --------------------------
def test_question_values_survive_the_browser(ex):
    for name, value in [("beta", 1.0), ("beta", 2.0), ("beta", -2.0), ("beta1", 1.0),
                        ("beta2", -1.0), ("x", 0.5)]:
        assert frontend_value(ex.sliders[name], value) == value
    # Whatever the browser sends is a fixed point: no endless rounding.
    slider = ex.sliders["beta1"]
    for v in np.linspace(-5.2, 5.2, 523):
        once = frontend_value(slider, float(v))
        assert frontend_value(slider, once) == once and -5 <= once <= 5


def test_snap_stays_exact_off_the_grid():
    ex = CurveExplorer(beta1=1.23, beta2=-0.01)
    exact = 1.23 - -0.01
    ex.snap()
    slider = ex.sliders["beta"]
    assert ex.beta == slider.value == exact and ex.matches
    # The browser rounds to its grid and reports back; the explorer keeps exact.
    echo = frontend_value(slider, exact)
    assert echo == 1.25
    slider.set_state({"value": echo})  # how ipywidgets applies a browser message
    assert ex.beta == exact and ex.matches and "curves match" in ex.status.value
    # A real move drops the pin.
    slider.value = 1.5
    assert ex.beta == 1.5 and not ex.matches
    slider.value = 1.25
    assert ex.beta == 1.25


def _nouislider_source():
    """noUiSlider's Spectrum code from the installed JupyterLab widgets bundle."""
    root = Path(sys.prefix) / "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager"
    head = "function h(t,e,r){return 100*e/(t[r+1]-t[r])}"
    for path in sorted(root.glob("static/*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        start = text.find(head)
        end = text.find(',x={to:function(t){return void 0===t?"":t.toFixed(2)}', start)
        if start >= 0 and end > start:
            return text[start:end]
    return None


def test_frontend_value_is_what_nouislider_computes(ex):
    """Cross-check :func:`frontend_value` against the browser's own code, run in node."""
    node = shutil.which("node")
    source = _nouislider_source()
    if node is None or source is None:
        pytest.skip("needs node and the installed jupyterlab-manager bundle")
    source = re.sub(r"^(.*?)var d,m,g=", r"\1var g=", source, count=1, flags=re.S)
    rng = np.random.default_rng(5)
    cases = []
    for name in ("beta", "beta1", "x"):
        s = ex.sliders[name]
        values = np.concatenate([rng.uniform(s.min - 1, s.max + 1, 300),
                                 np.round(rng.uniform(s.min, s.max, 300) / s.step) * s.step])
        cases += [(s.min, s.max, s.step, float(v)) for v in values]
    script = (
        "function s(t){return Array.isArray(t)?t:[t]}"
        "function n(t){return'number'==typeof t&&!isNaN(t)&&isFinite(t)}"
        "function o(t){return Math.max(Math.min(t,100),0)}" + source + ";"
        "const cases=JSON.parse(require('fs').readFileSync(0,'utf8'));"
        "console.log(JSON.stringify(cases.map(([lo,hi,st,v])=>{"
        "const S=new g({min:lo,max:hi},false,st);"
        "return S.fromStepping(o(S.getStep(S.toStepping(v))));})));"
    )
    out = subprocess.run([node, "-e", script], input=json.dumps(cases), capture_output=True,
                         text=True, timeout=60, check=True)
    expected = json.loads(out.stdout)
    sliders = {name: ex.sliders[name] for name in ("beta", "beta1", "x")}
    got = []
    for lo, hi, _step, v in cases:
        slider = next(s for s in sliders.values() if (s.min, s.max) == (lo, hi))
        got.append(frontend_value(slider, v))
    assert got == expected


def test_legend_and_badge_outside_the_curves():
    """Under the axes and above them, nothing a curve can run under, whichever way it falls."""
    ex = CurveExplorer()
    ax_box = ex.axes.get_window_extent()
    renderer = ex.figure.canvas.get_renderer()
    for positive in (0, 1):
        ex.positive = positive
        ex.snap()
        assert ex.legend.get_window_extent(renderer).y1 < ax_box.y0
        assert ex._verdict.get_bbox_patch().get_window_extent(renderer).y0 > ax_box.y1
    ex.close()


def test_a_value_from_code_equal_to_the_echo_drops_the_pin():
    """Only the browser's echo keeps an exact value; the same number from code is a move."""
    ex = CurveExplorer(beta1=1.23)
    slider = ex.sliders["beta1"]
    echo = frontend_value(slider, 1.23)
    assert echo == 1.25 and ex.beta1 == 1.23
    slider.value = echo  # set from code: the reader means 1.25
    assert ex.beta1 == 1.25 and ex.values["asker"] == float(expit(0.5 * 1.25))
    assert "asker's σ(xβ₁) = " + f"{float(expit(0.5 * 1.25)):.16f}" in ex.status.value
    # The echo itself (through ipywidgets' set_state) still keeps the exact value.
    ex2 = CurveExplorer(beta1=1.23)
    ex2.sliders["beta1"].set_state({"value": echo})
    assert ex2.beta1 == 1.23 and ex2.sliders["beta1"].value == 1.25
    # The slider already shows 1.25: setting it from code changes no trait and
    # fires no event, but the reader still means 1.25, so the plot follows.
    n = ex2.n_renders
    ex2.sliders["beta1"].value = 1.25
    assert ex2.beta1 == 1.25 and ex2.n_renders == n + 1
    assert ex2.values["asker"] == float(expit(0.5 * 1.25))
    ex2.sliders["beta1"].set_state({"value": 1.25})
    assert ex2.beta1 == 1.25
    ex.close()
    ex2.close()
