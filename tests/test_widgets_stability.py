"""StabilityExplorer driven through its sliders, checked against independent references."""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from explorer_sweep import sweep_sliders
from scipy.special import expit, log_expit

from logitlab.widgets import StabilityExplorer
from logitlab.widgets._sliders import frontend_value
from logitlab.widgets.stability import EXP_OVERFLOW, EXP_UNDERFLOW


@pytest.fixture
def ex():
    return StabilityExplorer()


def set_(ex, scale, shift):
    with ex.hold():
        ex.sliders["scale"].value = scale
        ex.sliders["shift"].value = shift


def _band_ranges(band):
    """(x_lo, x_hi) of each rectangle of a band, in data units, spanning the whole height."""
    out = []
    for path in band.get_paths():
        v = path.vertices
        assert v[:, 1].min() == 0.0 and v[:, 1].max() == 1.0  # axes fraction: full height
        out.append((float(v[:, 0].min()), float(v[:, 0].max())))
    return out


def test_two_nan_runs_give_two_rectangles():
    """s = 3162, c = -1000: both exps underflow for x < 0.081, exp(z1) overflows for x > 0.55."""
    ex = StabilityExplorer(scale=10**3.5, shift=-1000.0)
    x, half = ex.x, (ex.x[1] - ex.x[0]) / 2
    z1 = 10**3.5 * x - 1000.0
    with np.errstate(all="ignore"):
        nan = np.isnan(np.exp(z1) / (np.exp(z1) + np.exp(-1000.0)))
    np.testing.assert_array_equal(ex.masks["nan"], nan)
    low, high = x[nan & (x < 0.3)], x[nan & (x > 0.3)]
    np.testing.assert_allclose(
        _band_ranges(ex.bands["nan"]),
        [(low.min() - half, low.max() + half), (high.min() - half, high.max() + half)])
    # And the naive curve stops at both ends of the finite stretch between them.
    ends = ex.lines["naive"].get_markevery()
    assert [x[i] for i in ends] == pytest.approx([low.max() + 2 * half, high.min() - 2 * half])
    ex.close()


def test_thresholds():
    assert EXP_OVERFLOW == pytest.approx(709.782712893384, abs=1e-12)
    with np.errstate(over="ignore", under="ignore"):
        assert np.isfinite(np.exp(EXP_OVERFLOW)) and np.isinf(np.exp(EXP_OVERFLOW + 1e-12))
        assert np.exp(EXP_UNDERFLOW + 1e-9) > 0 and np.exp(EXP_UNDERFLOW - 1e-9) == 0


def test_defaults_and_dom(ex):
    assert list(ex.sliders) == ["scale", "shift"]
    assert ex.sliders["scale"].value == 10 and ex.sliders["shift"].value == 0
    assert ex.sliders["scale"].min == 0 and 10 ** ex.sliders["scale"].max > 3000
    assert {"logitlab-explorer", "logitlab-stability"} <= set(ex.widget._dom_classes)
    assert "logitlab-status" in ex.status._dom_classes
    assert ex.broken == {
        "naive_nan": 0,
        "naive_sigmoid_overflow": 0,
        "naive_sigmoid_lost": 0,
        "log_of_softmax_inf": 0,
        "log_of_naive_bad": 0,
        "stable_bad": 0,
    }
    assert "still fine" in ex.status.value


def test_small_scale_everything_agrees(ex):
    x = ex.x
    ref = expit(10 * x)
    for name in ("stable", "naive", "naive_sigmoid"):
        np.testing.assert_allclose(ex.lines[name].get_ydata(), ref, rtol=1e-13, atol=1e-16)
    # The right panel plots the loss, -log P(class 2), positive everywhere.
    np.testing.assert_allclose(ex.lines["log_softmax"].get_ydata(), -log_expit(-10 * x),
                               rtol=1e-13, atol=1e-300)
    assert not ex.masks["nan"].any() and not ex.masks["neg_inf"].any()
    for name in ("nan", "nan_log", "neg_inf"):
        assert _band_ranges(ex.bands[name]) == []  # nothing shaded
    for name in ("naive", "log_of_softmax", "log_of_naive"):
        assert ex.lines[name].get_markevery() == []  # no curve stops
        assert ex.lines[name].get_marker() == "None"


def test_scale_1000_naive_breaks_where_exp_overflows(ex):
    set_(ex, 1000.0, 0.0)
    x = ex.x
    z = 1000.0 * x
    expected_nan = z > EXP_OVERFLOW
    assert ex.broken["naive_nan"] == expected_nan.sum() > 0
    np.testing.assert_array_equal(np.isnan(ex.values["naive"]), expected_nan)
    np.testing.assert_array_equal(np.isnan(ex.lines["naive"].get_ydata()), expected_nan)
    # The band shades exactly the NaN points: one pixel column per grid point.
    np.testing.assert_array_equal(ex.masks["nan"], expected_nan)
    # The stable curve is expit everywhere (except that expit flushes the
    # subnormal tail to 0 where softmax keeps it), NaN nowhere.
    np.testing.assert_allclose(ex.values["stable"], expit(z), rtol=1e-13, atol=1e-300)
    # The question's sigmoid overflows exp for z < -709.78 but returns 0, the right limit.
    assert ex.broken["naive_sigmoid_overflow"] == int(np.sum(-z > EXP_OVERFLOW))
    # ...except where the truth is a positive subnormal: there 0 is 100% off.
    truth = np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(v)))) for v in z])
    lost = (ex.values["naive_sigmoid"] == 0) & (truth > 0)
    assert ex.broken["naive_sigmoid_lost"] == int(lost.sum()) == 8
    assert "except at 8 where the truth is a positive subnormal" in ex.status.value
    np.testing.assert_allclose(ex.values["naive_sigmoid"], expit(z), rtol=1e-13, atol=0)
    # log(softmax) is -inf where P(class 2) underflows; log_softmax is -log(1 + e^z).
    inf_mask = np.isneginf(ex.values["log_of_softmax"])
    assert inf_mask.sum() == ex.broken["log_of_softmax_inf"] > 0
    np.testing.assert_array_equal(inf_mask, -z < EXP_UNDERFLOW)  # exp(-z) rounds to 0
    np.testing.assert_allclose(ex.values["log_softmax"], log_expit(-z), rtol=1e-13, atol=1e-15)
    assert np.all(np.isfinite(ex.lines["log_softmax"].get_ydata()))
    # The -inf range is hatched, from the first to the last -inf grid point (each
    # point's cell reaches halfway to its neighbours).
    half = (x[1] - x[0]) / 2
    assert ex.bands["neg_inf"].get_hatch() == "//"
    np.testing.assert_allclose(_band_ranges(ex.bands["neg_inf"]),
                               [(x[inf_mask].min() - half, x[inf_mask].max() + half)])
    # The naive NaN band is shaded in both panels.
    for name in ("nan", "nan_log"):
        np.testing.assert_allclose(_band_ranges(ex.bands[name]),
                                   [(x[expected_nan].min() - half, x[expected_nan].max() + half)])
    assert ex.broken["stable_bad"] == 0
    text = ex.status.value
    assert "naive softmax breaks" in text and "log(softmax) breaks" in text
    assert f"NaN at {expected_nan.sum()} of 401" in text and "709.78" in text


def test_shift_breaks_only_the_naive_version(ex):
    set_(ex, 10.0, -1000.0)
    # Both scores far below -745: both exps underflow to 0 and 0/0 is NaN everywhere.
    assert ex.broken["naive_nan"] == 401
    np.testing.assert_allclose(ex.values["stable"], expit(10 * ex.x), rtol=1e-12)
    set_(ex, 10.0, 1000.0)
    assert ex.broken["naive_nan"] == 401  # inf / inf
    np.testing.assert_allclose(ex.values["stable"], expit(10 * ex.x), rtol=1e-12)
    set_(ex, 10.0, 700.0)
    assert ex.broken["naive_nan"] == int(np.sum(10 * ex.x + 700 > EXP_OVERFLOW)) > 0
    assert ex.broken["stable_bad"] == 0


def test_sweep_no_warning_same_figure(ex):
    def check(name, value):
        assert ex.broken["stable_bad"] == 0
        assert np.isfinite(ex.values["stable"]).all()
        assert np.isfinite(ex.values["log_softmax"]).all()
        # The only NaNs plotted are the naive ones, and they are counted.
        assert np.isnan(ex.values["naive"]).sum() == ex.broken["naive_nan"]

    sweep_sliders(ex, check)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        set_(ex, 10**3.5, 1000.0)
    z1 = 10**3.5 * ex.x + 1000.0
    # exp(z2) = exp(1000) is inf: NaN (inf/inf) exactly where exp(z1) overflows too.
    assert ex.broken["naive_nan"] == int(np.sum(z1 > EXP_OVERFLOW)) > 0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"scale": 0.5}, ValueError, r"scale must be in \[1"),
        ({"scale": 1e5}, ValueError, "scale must be in"),
        ({"shift": 2000.0}, ValueError, "shift must be in"),
        ({"scale": "big"}, TypeError, "scale must be a number"),
        ({"shift": None}, TypeError, "shift must be a number"),
        ({"scale": True}, TypeError, "scale must be a number, got bool"),
        ({"shift": "5"}, TypeError, "shift must be a number, got str"),
        ({"shift": [1.0, 2.0]}, TypeError, r"shift must be a single number, got shape \(2,\)"),
        ({"shift": np.array([5.0])}, TypeError, "shift must be a single number"),
        ({"scale": float("nan")}, ValueError, r"scale must be in \[1, 3162\].*got nan"),
        ({"scale": float("inf")}, ValueError, "scale must be in"),
        ({"shift": -1000.1}, ValueError, r"shift must be in \[-1000, 1000\]"),
        ({"scale": 0.999999}, ValueError, "scale must be in"),
    ],
)
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match=f"StabilityExplorer\\(\\): {message}"):
        StabilityExplorer(**kwargs)


@pytest.mark.parametrize("shift", [12.0, -997.5, 0.1, 302.0])
def test_shift_from_code_stays_exact_through_the_browser_echo(shift):
    """Issue 19 M4: StabilityExplorer(shift=12.0) became 10.0 once displayed (step 5)."""
    ex = StabilityExplorer(scale=1000.0, shift=shift)
    slider = ex.sliders["shift"]
    echo = frontend_value(slider, shift)
    assert echo != shift  # off the slider's grid: the browser sends back another value
    renders = ex.n_renders
    slider.set_state({"value": echo})  # what the browser does once displayed
    assert ex.n_renders == renders + 1 and slider.value == echo
    assert ex.shift == shift
    # The plot is computed with the exact shift: the scores run from -1000 + c to
    # 1000 + c, and the naive softmax is e^z1 / (e^z1 + e^z2) for the exact c.
    assert f"scores from {-1000.0 + shift:.4g} to {1000.0 + shift:.4g}" in ex.status.value
    with np.errstate(all="ignore"):
        e1, e2 = np.exp(1000.0 * ex.x + shift), np.exp(shift)
        np.testing.assert_array_equal(ex.masks["nan"], np.isnan(e1 / (e1 + e2)))
    assert f"c = {shift:.4g}" in ex.status.value
    slider.value = 20.0  # a real move replaces the exact value
    assert ex.shift == 20.0
    ex.close()


@pytest.mark.parametrize("scale", [12.0, 700.0, 1.5])
def test_scale_from_code_stays_exact_through_the_browser_echo(scale):
    ex = StabilityExplorer(scale=scale, shift=0.0)
    slider = ex.sliders["scale"]
    # The browser's log slider rounds the exponent to its 0.01 step: 12 -> 10**1.08.
    echo = 10 ** (round(math.log10(scale) / 0.01) * 0.01)
    assert frontend_value(slider, scale) == pytest.approx(echo, rel=1e-12) and echo != scale
    slider.set_state({"value": frontend_value(slider, scale)})
    assert ex.scale == scale
    assert f"s = {scale:.4g}, c = 0:" in ex.status.value
    slider.value = 20.0  # a real move replaces the exact value
    assert ex.scale == 20.0
    ex.close()


def _visible_legend_labels(ex):
    (legend,) = ex.figure.legends
    return [t.get_text() for t in legend.get_texts() if t.get_visible()]


def test_failure_is_visible_at_the_lessons_state():
    """Issue 9: at s = 1000, c = 0 the NaN points were 59 crosses merged into a bar.

    Each failure is now a shaded x range, wide enough to see; the lesson
    stores s = 1000, c = 300, where the shift alone moves the breakage in.
    """
    ex = StabilityExplorer(scale=1000.0, shift=300.0)
    x = ex.x
    nan = ex.masks["nan"]
    np.testing.assert_array_equal(nan, 1000.0 * x + 300.0 > EXP_OVERFLOW)
    assert nan.mean() > 0.25  # more than a quarter of the panel is shaded
    # One contiguous range: x > (709.78 - 300) / 1000.
    assert x[nan].min() == pytest.approx((EXP_OVERFLOW - 300.0) / 1000.0, abs=x[1] - x[0])
    assert np.all(np.diff(np.flatnonzero(nan)) == 1)
    assert ex.masks["neg_inf"].any()
    assert "shaded: naive softmax is NaN" in _visible_legend_labels(ex)
    ex.close()


def test_loss_panel_is_minus_log_p_on_a_log_axis(ex):
    """Issue 18: symlog's kink at log P = -1 read as a feature; -log P > 0 needs none."""
    assert ex.ax_log.get_yscale() == "log"
    lo, hi = ex.ax_log.get_ylim()
    set_(ex, 10**3.5, 0.0)
    loss = ex.lines["log_softmax"].get_ydata()
    z = 10**3.5 * ex.x
    np.testing.assert_allclose(loss, -log_expit(-z), rtol=1e-13, atol=1e-300)
    assert np.all(loss >= 0) and np.nanmax(loss) <= hi  # the largest loss the sliders reach
    assert np.nanmax(loss) == pytest.approx(10**3.5, rel=1e-12)
    assert lo > 0
    # Every finite value on the right is a loss, never negative.
    for name in ("log_softmax", "log_of_softmax", "log_of_naive"):
        y = ex.lines[name].get_ydata()
        assert np.all(y[np.isfinite(y)] >= 0), name
        assert not np.any(np.isinf(y))  # infinite losses are gaps, not clipped values


def test_where_a_naive_curve_stops_is_marked():
    """At the lesson's s = 1000, c = 300 the naive curve stopped unseen under the stable one."""
    ex = StabilityExplorer(scale=1000.0, shift=300.0)
    x = ex.x
    # exp(1000 x + 300) overflows for x > (709.78 - 300) / 1000: the last finite point before.
    last_naive = int(np.flatnonzero(1000.0 * x + 300.0 <= EXP_OVERFLOW).max())
    assert ex.lines["naive"].get_markevery() == [last_naive]
    assert ex.lines["log_of_naive"].get_markevery() == [last_naive]
    assert x[last_naive] == pytest.approx((EXP_OVERFLOW - 300.0) / 1000.0, abs=x[1] - x[0])
    # log(softmax) stops where P(class 2) = expit(-1000 x) underflows: exp(-1000 x) = 0.
    last_log = int(np.flatnonzero(-1000.0 * x >= EXP_UNDERFLOW).max())
    assert ex.lines["log_of_softmax"].get_markevery() == [last_log]
    assert last_log > last_naive
    # Both crosses are inside the right panel, on the true loss (mpmath reference);
    # log(softmax)'s last value is the log of a subnormal, a few digits only.
    lo, hi = ex.ax_log.get_ylim()
    for name, i, rel in (("log_of_naive", last_naive, 1e-12), ("log_of_softmax", last_log, 1e-2)):
        y = ex.lines[name].get_ydata()[i]
        truth = float(-mpmath.log(1 / (1 + mpmath.exp(mpmath.mpf(1000.0 * x[i])))))
        assert y == pytest.approx(truth, rel=rel) and lo < y < hi
    assert ex.lines["naive"].get_marker() == "X"
    ex.close()


NAIVE = r"naive $e^{z_1}/\sum e^{z_j}$, ✖ where it stops"


def test_legend_lists_only_what_is_drawn(ex):
    labels = _visible_legend_labels(ex)
    assert not any(label.startswith(("shaded", "hatched")) for label in labels)
    assert NAIVE in labels
    set_(ex, 10.0, -1000.0)
    labels = _visible_legend_labels(ex)
    # Both exps underflow: the naive softmax (and its log) is NaN at every point,
    # not listed; its band is. P(class 2) = expit(-10 x) never underflows: no hatch.
    assert np.isnan(ex.values["naive"]).all() and np.isnan(ex.values["log_of_naive"]).all()
    assert NAIVE not in labels and "shaded: naive softmax is NaN" in labels
    assert "hatched: log(softmax) is −inf" not in labels
    set_(ex, 10**3.5, -1000.0)
    labels = _visible_legend_labels(ex)
    # exp(z1) is finite for x > 0.08: the naive P(class 1) = 1 is drawn there.
    assert NAIVE in labels
    assert "shaded: naive softmax is NaN" in labels and "hatched: log(softmax) is −inf" in labels
    set_(ex, 10.0, 0.0)
    assert NAIVE in _visible_legend_labels(ex)


def test_text_readable_and_legends_off_the_data(ex):
    ex.figure.canvas.draw()
    (legend,) = ex.figure.legends
    assert min(t.get_fontsize() for t in legend.get_texts()) >= 10
    for ax in (ex.ax_prob, ex.ax_log):
        assert not legend.get_window_extent().overlaps(ax.get_window_extent())
    assert "entry [0]" in ex.ax_prob.get_ylabel() and "entry [1]" in ex.ax_log.get_ylabel()


def test_a_legend_state_seen_before_reuses_its_background_and_draws_the_same():
    """Issue 20: a sweep crossing the overflow thresholds redrew the whole figure each time."""
    ex = StabilityExplorer(scale=10.0)
    pictures, draws = {}, []
    original = ex.figure.canvas.draw
    ex.figure.canvas.draw = lambda *a, **k: (draws.append(1), original(*a, **k))[1]
    # 720: the naive NaN band only (x > 709.78 / 720); 3000: the -inf hatch too.
    for scale in (10.0, 720.0, 3000.0, 10.0, 720.0, 3000.0, 10.0):
        ex.sliders["scale"].value = scale
        pictures.setdefault(scale, []).append(ex.png())
        assert ex.masks["nan"].any() == (scale > 10) and ex.masks["neg_inf"].any() == (
            scale == 3000.0)
    assert len(draws) == 2  # 720 and 3000 are new legends; 10 was drawn at the start
    for scale, seen in pictures.items():
        assert all(p == seen[0] for p in seen)
        with StabilityExplorer(scale=scale) as fresh:  # drawn from scratch
            assert fresh.png() == seen[0]
    ex.close()
    assert ex._backgrounds == {}
