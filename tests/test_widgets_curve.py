"""CurveExplorer driven through its controls, checked against independent references."""

from __future__ import annotations

import html
import itertools
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
from figure_checks import explorer_problems
from matplotlib.colors import to_hex
from matplotlib.text import Text
from scipy.special import expit, logit
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
    # The mapping is the learner's to find: stated only once revealed.
    assert "β₁ − β₂" not in text and "2.00" not in text
    ex.reveal()
    text = ex.status.value
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
    assert "β = β₂ − β₁ = -1.00 − 1.00 = -2.00" in ex.status.value
    # The button never states the formula, for either entry.
    assert ex.snap_button.description == "Show me the β that matches"


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


@pytest.mark.parametrize("value", ["False", "True", "", np.nan, 0, 1, None, [False]])
def test_show_asker_takes_only_a_real_bool(value):
    """bool('False') is True (issue 19 L8): a string, NaN, a number or None is refused."""
    with CurveExplorer() as ex:
        n = ex.n_renders
        with pytest.raises(TypeError, match=r"CurveExplorer\.show_asker must be True or False, "
                                            r"got .* \("):
            ex.show_asker = value
        assert ex.show_asker is True and ex.n_renders == n


def test_show_asker_takes_numpy_bools():
    with CurveExplorer() as ex:
        ex.show_asker = np.False_
        assert ex.show_asker is False and not ex.lines["asker"].get_visible()
        ex.show_asker = np.bool_(True)
        assert ex.show_asker is True


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1e308, 2, "1e+308"),  # not 309 digits (issue 19 L13)
    (-1e308, 2, "\N{MINUS SIGN}1e+308"),
    (123456789.0, 2, "1.23e+08"),
    (999999.0, 2, "999999.00"),
    (-1.5, 2, "\N{MINUS SIGN}1.50"),
    (0.6224593312018546, 4, "0.6225"),
    (0.0, 2, "0.00"),
    (1e-300, 2, "1e-300"),  # not 0.00: a tiny non-zero value keeps its size
    (float("nan"), 2, "nan"),
    (float("inf"), 2, "inf"),
])
def test_format_number_is_short_for_huge_and_tiny_values(value, decimals, expected):
    from logitlab.widgets._base import format_number

    assert format_number(value, decimals) == expected
    assert len(format_number(value, decimals)) <= 12


def test_title_numbers_use_the_shared_format():
    """The title's columns go through format_number: a true minus, two decimals."""
    with CurveExplorer(beta=-9.0, beta1=-5.0, beta2=5.0) as ex:
        assert ex.coef_title == "β = \N{MINUS SIGN}9.00   β₁ = \N{MINUS SIGN}5.00   β₂ = 5.00"


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
    title = ex.coef_title
    assert title == "β = 1.00   β₁ = 1.00   β₂ = −1.00"  # no β₁ − β₂ = 2.00 before reveal
    assert ex._verdict.get_text() == "✗ curves differ"
    ex.snap()
    assert ex.coef_title == "β = 2.00   β₁ = 1.00   β₂ = −1.00   (β₁ − β₂ = 2.00)"
    texts = figure_texts(ex)
    assert "σ(xβ) = P(class 1) = 0.7311" in texts and "σ(xβ₁) = 0.6225" in texts
    assert "β = 2.00" in ex.coef_title
    assert ex._verdict.get_text() == "✓ curves match"


def test_labels_use_the_convention(ex):
    assert shown_legend(ex)[1] == r"P(class 1) = softmax$([x\beta_1, x\beta_2])$[0]"
    ex.positive = 1
    assert shown_legend(ex)[1] == r"P(class 2) = softmax$([x\beta_1, x\beta_2])$[1]"
    assert "P(class 2) = 0.2689" in figure_texts(ex)
    assert "β₂ − β₁" not in ex.coef_title
    ex.reveal()
    assert "(β₂ − β₁ = −2.00)" in ex.coef_title
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


# -- the answer stays hidden until the learner finds it (issue 10) ---------
_NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")


def status_text(ex):
    """The status line as the learner reads it (tags dropped: their styles hold px sizes)."""
    return html.unescape(re.sub(r"<[^>]*>", " ", ex.status.value))


def shown_texts(ex):
    """Every text the figure shows the learner except tick labels (which are a fixed grid)."""
    texts = [*ex.coef_texts, ex._verdict, *ex.value_labels, *ex.legend.get_texts()]
    return [t.get_text() for t in texts if t.get_visible()]


def numbers_equal_to(text, target):
    """The numbers written in `text` (true minus signs too) that equal `target` to 2 decimals."""
    # A mathtext subscript (the legend's x\beta_2) is a name, not a number.
    text = re.sub(r"_\{?\d+\}?", "", text)
    found = (float(m.replace("−", "-")) for m in _NUMBER.findall(text))
    return [v for v in found if abs(v - target) < 0.005]


def independent_target(b1, b2, positive):
    """The beta where the curves meet, from scipy: logit of the plotted entry at x = 1."""
    return float(logit(sp_softmax([b1, b2])[positive]))


# (beta1, beta2, positive) with targets 2, -2, 1.75, -2.3, -2.75, 5; none of
# them equals another number the status shows (beta = 1, beta1, beta2, the values).
HIDDEN_CASES = [(1.0, -1.0, 0), (1.0, -1.0, 1), (2.5, 0.75, 0), (-1.5, 0.8, 0),
                (0.3, -2.45, 1), (-3.0, 2.0, 1)]

# The words that gave the answer away before: the formula and "they match when".
ANSWER_WORDS = ("β₁ − β₂", "β₂ − β₁", "β1 - β2", "match when", "because")


@pytest.mark.parametrize(("b1", "b2", "positive"), HIDDEN_CASES)
def test_fresh_explorer_hides_the_matching_beta(b1, b2, positive):
    with CurveExplorer(beta1=b1, beta2=b2, positive=positive) as ex:
        target = independent_target(b1, b2, positive)
        assert ex.target == pytest.approx(target, abs=1e-12)
        assert not ex.revealed and not ex.matches
        status = status_text(ex)
        assert numbers_equal_to(status, target) == [], status
        for text in shown_texts(ex):
            assert numbers_equal_to(text, target) == [], text
        for words in ANSWER_WORDS:
            assert words not in status
            assert all(words not in t for t in shown_texts(ex))
        # The button says what it does, not the formula.
        assert "β₁" not in ex.snap_button.description
        assert "β₂" not in ex.snap_button.description
        assert "show me" in ex.snap_button.description.lower()
        # What the status does show: the gap and the values, beta, beta1, beta2.
        assert f"{ex.gap:.3g}" in status and "curves differ" in status
        for value in ex.values.values():
            assert f"{value:.16f}" in status
        for name in ("β = ", "β₁ = ", "β₂ = "):
            assert name in status
        assert f"β₁ = {b1:.2f}" in status and f"β₂ = {b2:.2f}" in status


@pytest.mark.parametrize(("b1", "b2", "positive"), HIDDEN_CASES)
def test_snap_reveals_the_matching_beta(b1, b2, positive):
    with CurveExplorer(beta1=b1, beta2=b2, positive=positive) as ex:
        target = independent_target(b1, b2, positive)
        ex.snap()
        assert ex.revealed and ex.matches
        assert ex.beta == pytest.approx(target, abs=1e-12)
        status = status_text(ex)
        assert numbers_equal_to(status, target), status
        assert "they match when β = " in status
        assert ("β₁ − β₂" if positive == 0 else "β₂ − β₁") in status
        assert numbers_equal_to(ex.coef_title, target)


def test_reveal_shows_the_answer_without_moving_beta(ex):
    n = ex.n_renders
    ex.reveal()
    assert ex.revealed and ex.beta == 1.0 and not ex.matches
    assert ex.n_renders == n + 1
    status = status_text(ex)
    assert "curves differ" in status
    assert "they match when β = β₁ − β₂ = 1.00 − (-1.00) = 2.00" in status
    assert "softmax([xβ₁, xβ₂])[0] = σ(x(β₁ − β₂))" in status
    assert ex.coef_title.endswith("(β₁ − β₂ = 2.00)")
    ex.reveal()  # a second call changes nothing
    assert ex.revealed and status_text(ex) == status


def test_revealed_is_read_only(ex):
    with pytest.raises(AttributeError):
        ex.revealed = True
    assert not ex.revealed


def test_dragging_beta_to_the_match_reveals(ex):
    for value in (1.5, 2.5, 1.95, 2.05):
        ex.sliders["beta"].value = value
        assert not ex.revealed and not numbers_equal_to(status_text(ex), 2.0)
    ex.sliders["beta"].value = 2.0
    assert ex.matches and ex.revealed
    # Moved on: the curves differ again, the answer stays told.
    ex.sliders["beta"].value = 0.5
    assert not ex.matches and ex.revealed
    assert "they match when β = β₁ − β₂ = 1.00 − (-1.00) = 2.00" in status_text(ex)


def test_typing_the_match_into_the_readout_reveals(ex):
    # Typing into the readout reaches the kernel as a browser message.
    ex.sliders["beta"].set_state({"value": 1.0000001})
    assert not ex.revealed
    ex.sliders["beta"].set_state({"value": 2.0})
    assert ex.beta == 2.0 and ex.matches and ex.revealed


def test_moving_beta1_beta2_to_the_match_reveals():
    ex = CurveExplorer(beta=1.5)  # target 2 at the question's beta1, beta2
    ex.sliders["beta1"].value = 0.75  # target 1.75
    assert not ex.revealed
    ex.sliders["beta1"].value = 0.5  # target 1.5 = beta: matched from the other side
    assert ex.matches and ex.revealed
    assert "they match when β = β₁ − β₂ = 0.50 − (-1.00) = 1.50" in status_text(ex)
    ex.close()
    ex = CurveExplorer(beta=-2.0)
    with ex.hold():  # both at once, as a reader would set them from code
        ex.sliders["beta1"].value = -0.5
        ex.sliders["beta2"].value = 1.5
    assert ex.matches and ex.revealed
    ex.close()


def test_the_button_reveals_and_snaps():
    ex = CurveExplorer(beta1=2.5, beta2=0.75)
    assert "logitlab-snap" in ex.snap_button._dom_classes
    ex.snap_button.click()
    assert ex.revealed and ex.matches and ex.beta == 1.75
    assert numbers_equal_to(status_text(ex), 1.75)
    ex.close()


def test_revealed_stays_revealed(ex):
    ex.reveal()
    ex.positive = 1
    assert ex.revealed and not ex.matches
    status = status_text(ex)
    assert "they match when β = β₂ − β₁ = -1.00 − 1.00 = -2.00" in status
    assert "softmax([xβ₁, xβ₂])[1] = σ(x(β₂ − β₁))" in status
    assert ex.coef_title.endswith("(β₂ − β₁ = −2.00)")
    with ex.hold():
        ex.sliders["beta1"].value = 3.0
        ex.sliders["beta2"].value = 0.5
    assert ex.revealed and numbers_equal_to(status_text(ex), -2.5)
    ex.show_asker = False
    assert ex.revealed


def test_an_explorer_built_matched_is_revealed():
    with CurveExplorer(beta=2.0) as ex:
        assert ex.matches and ex.revealed
        assert numbers_equal_to(status_text(ex), 2.0)


def test_revealed_figure_passes_the_classroom_checks():
    """The revealed title is the longest text above the plot: it must still fit."""
    with CurveExplorer() as ex:
        ex.reveal()
        problems = explorer_problems(ex)
    assert not problems, "\n".join(problems)


def test_every_grid_target_can_be_found_by_dragging():
    """In a browser every value is an echo off the 0.05 grid's float arithmetic; still a match.

    β₁, β₂ and β as the browser sends them (see frontend_value), β dragged to
    the grid point at β₁ − β₂ (or β₂ − β₁): the curves must match and reveal,
    or the learner could never find the answer without the button.
    """
    rng = np.random.default_rng(10)
    grid_values = np.round(np.arange(-5.0, 5.0001, 0.05), 2)
    # The slider's ends (targets ±10), an echo that is not the decimal (0.35), then random.
    cases = [(5.0, -5.0, 0), (5.0, -5.0, 1), (0.35, -1.0, 0), (-4.95, 0.05, 1)]
    cases += [(*rng.choice(grid_values, 2), int(rng.integers(2))) for _ in range(12)]
    for c1, c2, positive in cases:
        with CurveExplorer(beta=-1.0 if positive else 1.0, positive=positive) as ex:
            s = ex.sliders
            b1, b2 = frontend_value(s["beta1"], float(c1)), frontend_value(s["beta2"], float(c2))
            with ex.hold():
                s["beta1"].set_state({"value": b1})
                s["beta2"].set_state({"value": b2})
            target = independent_target(b1, b2, positive)
            if abs(target - ex.beta) < 0.01:  # matched from the start: nothing to find
                continue
            assert not ex.revealed, (b1, b2, positive)
            dragged = frontend_value(s["beta"], round(target / 0.05) * 0.05)
            s["beta"].set_state({"value": dragged})
            assert ex.matches and ex.revealed, (b1, b2, positive, dragged, ex.gap)


def test_reveal_after_close_renders_nothing():
    ex = CurveExplorer()
    ex.close()
    n = ex.n_renders
    ex.reveal()
    ex.snap_button.click()
    assert ex.n_renders == n


def test_widest_revealed_title_clears_the_badge():
    """The revealed title is the long one: at the widest numbers it must end before the badge."""
    with CurveExplorer(beta=-10.0, beta1=5.0, beta2=-5.0, positive=1) as ex:
        ex.reveal()
        assert ex.coef_title == "β = −10.00   β₁ = 5.00   β₂ = −5.00   (β₂ − β₁ = −10.00)"
        renderer = ex.figure.canvas.get_renderer()
        badge = ex._verdict.get_bbox_patch().get_window_extent(renderer)
        last = [t for t in ex.coef_texts if t.get_text()][-1]
        assert last.get_window_extent(renderer).x1 < badge.x0
        # The columns do not run into each other.
        extents = [t.get_window_extent(renderer) for t in ex.coef_texts]
        assert all(a.x1 < b.x0 for a, b in itertools.pairwise(extents))


@pytest.mark.parametrize("x", [-5.0, -2.5, 0.0, 0.5, 1.5, 2.0, 3.0, 5.0])
@pytest.mark.parametrize(("beta", "beta1", "beta2"), [
    (1.0, 1.0, 0.0),    # all three curves equal: the longest label
    (1.0, 1.0, -1.0),   # the question's values: two labels
    (2.0, 1.0, -1.0),   # matched
])
def test_value_labels_stay_inside_the_axes(x, beta, beta1, beta2):
    """A value label never runs off the plot (it did at x = 0.5 with three equal curves)."""
    with CurveExplorer(beta=beta, beta1=beta1, beta2=beta2, x=x) as ex:
        renderer = ex.figure.canvas.get_renderer()
        box = ex.axes.get_window_extent(renderer)
        shown = [t for t in ex.value_labels if t.get_visible()]
        assert shown
        for text in shown:
            extent = text.get_window_extent(renderer)
            assert box.x0 - 0.5 <= extent.x0 and extent.x1 <= box.x1 + 0.5, (
                f"{text.get_text()!r} spans {extent.x0:.0f}-{extent.x1:.0f}, "
                f"axes {box.x0:.0f}-{box.x1:.0f}"
            )


@pytest.mark.parametrize(("kwargs", "slider", "values"), [
    (dict(beta1=3.0, beta2=1.0), "beta", np.linspace(0.0, 3.0, 31)),  # lesson 02's sweep
    (dict(), "beta2", np.linspace(-1.5, 0.5, 21)),  # lesson 01's
    (dict(), "x", np.linspace(-5.0, 5.0, 21)),
])
def test_value_labels_clear_each_other_and_the_points(kwargs, slider, values):
    """No label over another or over a point (02's crowded around the diamond, issue 18)."""
    with CurveExplorer(**kwargs) as ex:
        renderer = ex.figure.canvas.get_renderer()
        px_per_pt = ex.figure.dpi / 72
        for value in values:
            ex.sliders[slider].value = float(value)
            boxes = [t.get_window_extent(renderer) for t in ex.value_labels if t.get_visible()]
            for a, b in itertools.combinations(boxes, 2):
                assert not a.overlaps(b), (slider, value)
            for name in ("sigmoid", "softmax", "asker"):
                marker = ex.markers[name]
                if not marker.get_visible():
                    continue
                cx, cy = ex.axes.transData.transform((marker.get_xdata()[0],
                                                      marker.get_ydata()[0]))
                # The diamond's half diagonal is 0.71 of its size; plus half the edge.
                half = (0.71 * marker.get_markersize() + marker.get_markeredgewidth()) * px_per_pt
                for box in boxes:
                    assert not (box.x0 < cx + half and cx - half < box.x1
                                and box.y0 < cy + half and cy - half < box.y1), (
                        f"{slider} = {value}: a label is over the {name} point")


def _pixels(png):
    from io import BytesIO

    from PIL import Image

    return np.asarray(Image.open(BytesIO(png)).convert("RGBA"))


def test_stepping_beta_across_beta1_draws_each_legend_once():
    # β = β₁ changes the asker's legend entry (static): stepping across it,
    # as arrow keys from the default β = β₁ = 1 do, used to redraw the whole
    # figure on every step (40 ms in JupyterLab, issue 20).
    ex = CurveExplorer()
    draws = []
    draw = ex.figure.canvas.draw
    ex.figure.canvas.draw = lambda: (draws.append(1), draw())
    for value in (1.05, 1.0, 1.05, 1.0, 1.05, 1.0):
        ex.sliders["beta"].value = value
        legend = ex._legend_texts["asker"].get_text()
        assert (r"$\beta = \beta_1$" in legend) == (value == 1.0), (value, legend)
    assert len(draws) == 1  # the β = 1.05 legend; the β = β₁ one is the start's
    # A kept background shows what a fresh explorer in that state draws.
    for value in (1.05, 1.0):
        ex.sliders["beta"].value = value
        fresh = CurveExplorer(beta=value)
        assert np.array_equal(_pixels(ex.png()), _pixels(fresh.png())), value
        fresh.close()
    ex.close()
    assert ex._backgrounds == {}
