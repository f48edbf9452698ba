"""ValleyExplorer driven through its sliders, checked against independent references."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from explorer_sweep import sweep_sliders
from figure_checks import figure_problems
from scipy.special import expit, log_softmax
from scipy.special import softmax as sp_softmax

from logitlab.widgets import ValleyExplorer
from logitlab.widgets._sliders import frontend_value

# Lesson 03's ten points, written out here rather than read from logitlab.
X = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0])
Y = np.array([1, 1, 0, 1, 1, 0, 0, 1, 0, 0])


@pytest.fixture(scope="module")
def ex():
    # One figure for the module: each test sets every slider it relies on.
    return ValleyExplorer()


def set_all(ex, b1, b2, c):
    with ex.hold():
        ex.sliders["beta1"].value = b1
        ex.sliders["beta2"].value = b2
        ex.sliders["c"].value = c


def scipy_loss(b1, b2):
    """Mean negative log-likelihood of lesson 03's data, from scipy (label 0 = class 1)."""
    logp = log_softmax(np.stack([X * b1, X * b2], -1), axis=-1)
    return float(-np.mean(np.where(Y == 0, logp[:, 0], logp[:, 1])))


def point(ex, name):
    artist = ex.points[name]
    return (float(artist.get_xdata()[0]), float(artist.get_ydata()[0]))


def test_defaults_and_sliders():
    ex = ValleyExplorer()
    assert list(ex.sliders) == ["beta1", "beta2", "c"]
    assert [s.description for s in ex.sliders.values()] == ["β₁", "β₂", "c"]
    assert [s.value for s in ex.sliders.values()] == [1.0, -1.0, 0.0]
    for s in ex.sliders.values():
        assert s.min <= -5 and s.max >= 5
        assert frontend_value(s, s.value) == s.value  # the question's values are on the grid
    assert ex.beta == 2.0 and ex.shifted == (1.0, -1.0)
    # The question's (1, -1) is exactly the symmetric solution: trap two.
    assert point(ex, "symmetric") == point(ex, "point") == (1.0, -1.0)
    assert point(ex, "reference") == (2.0, 0.0)
    text = ex.status.value
    assert "β₁ − β₂ = 2.00 for every point on the line" in text
    # Lesson 03 asks about the loss first: nothing about it until a slider moves.
    assert "unchanged" not in text and "loss of the ten points:" not in text
    assert {"logitlab-explorer", "logitlab-valley"} <= set(ex.widget._dom_classes)
    assert "logitlab-status" in ex.status._dom_classes


@pytest.mark.parametrize(("b1", "b2", "c"), [(1.0, -1.0, 2.5), (-3.2, 4.15, -4.0), (5.0, 5.0, 5.0)])
def test_plotted_data(ex, b1, b2, c):
    set_all(ex, b1, b2, c)
    beta = b1 - b2
    assert ex.beta == beta and ex.shifted == (b1 + c, b2 + c)
    assert point(ex, "point") == (b1, b2)
    assert point(ex, "shifted") == (b1 + c, b2 + c)
    assert point(ex, "reference") == (beta, 0.0)
    assert point(ex, "symmetric") == (beta / 2, -beta / 2)
    # Every marked point lies on the drawn line beta1 - beta2 = beta.
    lx, ly = (np.asarray(v, dtype=float) for v in ex.lines["line"].get_data())
    np.testing.assert_allclose(lx - ly, beta, atol=1e-12)
    for name in ex.points:
        p1, p2 = point(ex, name)
        assert p1 - p2 == pytest.approx(beta, abs=1e-12), name
    assert point(ex, "reference1") == (0.0, -beta)
    x = ex.lines["softmax"].get_xdata()
    # P(class 2 | x) = P(label 1): the data are drawn at their labels.
    shifted = sp_softmax(np.stack([x * (b1 + c), x * (b2 + c)], -1), axis=-1)[:, 1]
    np.testing.assert_allclose(ex.lines["softmax"].get_ydata(), shifted, rtol=1e-12, atol=1e-300)
    # The one curve drawn is 1 - sigma(x beta), whichever point of the line it comes from.
    np.testing.assert_allclose(ex.lines["softmax"].get_ydata(), expit(-x * beta), rtol=1e-12,
                               atol=1e-300)
    # The loss at the shifted point, from scipy's softmax of both scores.
    assert ex.loss == pytest.approx(scipy_loss(b1 + c, b2 + c), rel=1e-12)
    assert ex.spread < 1e-14
    assert f"β₁ − β₂ = {beta:.2f} for every point on the line" in ex.status.value


def test_shift_leaves_the_probabilities_still(ex):
    set_all(ex, 0.75, -1.5, 0.0)
    still = ex.lines["softmax"].get_ydata().copy()
    line = [np.asarray(v, dtype=float).copy() for v in ex.lines["line"].get_data()]
    for c in np.linspace(-5, 5, 21):
        ex.sliders["c"].value = float(c)
        np.testing.assert_allclose(ex.lines["softmax"].get_ydata(), still, atol=2e-16)
        for a, b in zip(line, ex.lines["line"].get_data(), strict=True):
            np.testing.assert_array_equal(a, np.asarray(b, dtype=float))
        assert point(ex, "shifted") == (0.75 + c, -1.5 + c)


def test_one_render_per_change_and_one_figure(ex):
    fig = ex.figure
    set_all(ex, 0.0, 0.0, 0.0)
    for name in ex.sliders:
        before = ex.n_renders
        ex.sliders[name].value = ex.sliders[name].value + 0.5
        assert ex.n_renders == before + 1
    before = ex.n_renders
    set_all(ex, 1.0, 2.0, 3.0)
    assert ex.n_renders == before + 1
    assert ex.figure is fig and len(fig.axes) == 3  # plane, colour bar, curves


def test_sweep_every_slider_to_both_ends(ex):
    def check(name, value):
        for line in ex.lines.values():
            for data in line.get_data():
                assert np.all(np.isfinite(np.asarray(data, dtype=float)))
        lo, hi = ex.plane_axes.get_xlim()
        for point_name in ex.points:
            assert all(lo <= v <= hi for v in point(ex, point_name)), point_name
        assert ex.spread < 1e-14 and "nan" not in ex.status.value

    sweep_sliders(ex, check, values=lambda s: (s.min, s.max, 0.0))


def test_coinciding_points_all_visible():
    """At the defaults the chosen, shifted and symmetric points are one: nested markers."""
    ex = ValleyExplorer()
    same = ["symmetric", "shifted", "point"]
    assert len({point(ex, n) for n in same}) == 1
    sizes = [ex.points[n].get_markersize() for n in same]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 3
    # The larger ones are open, so the smaller ones show through; the chosen
    # point is a filled dot (issue 18: it was a 5.5 pt dot lost inside a ring).
    for n in ("symmetric", "shifted", "reference", "reference1"):
        assert ex.points[n].get_markerfacecolor() == "none", n
    assert ex.points["point"].get_markerfacecolor() != "none"
    assert ex.points["point"].get_markersize() >= 8
    # The chosen point is drawn last, above every marker that may enclose it.
    order = [a for a in ex.plane_axes.get_children() if a in ex.points.values()]
    assert order[-1] is ex.points["point"]
    assert order.index(ex.points["shifted"]) > order.index(ex.points["symmetric"])
    # At beta = 0 all five coincide: the larger drawn first.
    set_all(ex, 0.0, 0.0, 0.0)
    assert len({point(ex, n) for n in ex.points}) == 1
    by_order = sorted(ex.points.values(), key=order.index)
    sizes = [a.get_markersize() for a in by_order]
    assert sizes == sorted(sizes, reverse=True)
    ex.close()


def test_view_fixed_during_every_sweep():
    """Issue 18: the plane zoomed 3 -> 5 -> 7.5 while c moved; now one view holds all."""
    ex = ValleyExplorer()
    limits = (ex.plane_axes.get_xlim(), ex.plane_axes.get_ylim(), ex.curve_axes.get_xlim(),
              ex.curve_axes.get_ylim())
    assert limits[0] == limits[1] == (-10.5, 10.5)
    filled = ex._filled
    for name in ("c", "beta1", "beta2"):
        for v in np.linspace(-5.0, 5.0, 11):
            ex.sliders[name].value = float(v)
            assert (ex.plane_axes.get_xlim(), ex.plane_axes.get_ylim(),
                    ex.curve_axes.get_xlim(), ex.curve_axes.get_ylim()) == limits
            assert ex._filled is filled  # never redrawn
            for n in ex.points:
                assert all(-10.5 <= v <= 10.5 for v in point(ex, n)), n
    ex.close()


def test_legend_colorbar_and_names():
    ex = ValleyExplorer()
    labels = [t.get_text() for t in ex.legend.get_texts()]
    # Issue 18: at most six entries (there were ten).
    assert len(labels) <= 6
    assert r"$(0, -\beta)$ (statsmodels), $(\beta, 0)$: a class fixed at 0" in labels
    assert any(label.startswith("valley floor") for label in labels)
    assert all(t.get_fontsize() >= 10 for t in ex.legend.get_texts())
    # Both reference points in one style, so one entry names both.
    a, b = ex.points["reference"], ex.points["reference1"]
    assert (a.get_marker(), a.get_markeredgecolor(), a.get_markersize()) == (
        b.get_marker(), b.get_markeredgecolor(), b.get_markersize())
    # The legend sits under the panels, off the plane's background.
    renderer = ex.figure.canvas.get_renderer()
    assert ex.legend.get_window_extent(renderer).y1 < ex.plane_axes.get_window_extent().y0
    # The background is the loss: its colour bar says so, in readable ticks.
    assert ex.colorbar.ax.get_ylabel() == "mean negative log-likelihood (log scale)"
    ticks = [t for t in ex.colorbar.ax.get_yticklabels() if t.get_text()]
    assert len(ticks) >= 5 and all(t.get_fontsize() >= 10 for t in ticks)
    # "Valley" means the loss's floor, as in lesson 03: the title names the loss.
    assert "loss" in ex.plane_axes.get_title()
    # One probability curve on the right; the data are markers only, in their class colours.
    drawn = [ln for ln in ex.curve_axes.get_lines() if ln.get_linestyle() not in ("None", "")]
    assert drawn == [ex.lines["softmax"]]
    from logitlab.palette import class_colour

    for k in (1, 2):
        assert ex.lines[f"class{k}"].get_markerfacecolor() == class_colour(k)
    assert "reference (β, 0)" not in ex.status.value
    assert "class 2 fixed at 0 (β, 0) = (2.00, 0.00)" in ex.status.value
    assert "class 1 fixed at 0, statsmodels (0, −β) = (0.00, -2.00)" in ex.status.value
    ex.close()


def test_data_drawn_at_their_labels():
    """Issue 17: label 1 (class 2) at height 1, label 0 (class 1) at 0, in every lesson."""
    ex = ValleyExplorer()
    for k, label in ((1, 0), (2, 1)):
        line = ex.lines[f"class{k}"]
        np.testing.assert_array_equal(line.get_xdata(), X[Y == label])
        assert set(np.asarray(line.get_ydata()).tolist()) == {float(label)}
    assert "P(class 2" in ex.curve_axes.get_ylabel()
    ex.close()


def test_bad_input():
    with pytest.raises(TypeError, match=r"ValleyExplorer\(\): beta1 must be a number"):
        ValleyExplorer(beta1="1")
    with pytest.raises(ValueError, match=r"ValleyExplorer\(\): c must be in .*got 6.0"):
        ValleyExplorer(c=6)


def test_values_from_code_stay_exact_through_the_browser_echo():
    ex = ValleyExplorer(beta1=1.23, beta2=-0.01, c=0.3)
    slider = ex.sliders["beta1"]
    # What the browser sends back on display (noUiSlider rounds to its grid).
    slider.set_state({"value": frontend_value(slider, 1.23)})
    assert slider.value == 1.25
    assert ex.beta1 == 1.23 and ex.beta == 1.23 - -0.01
    assert point(ex, "point") == (1.23, -0.01) and ex.shifted == (1.23 + 0.3, -0.01 + 0.3)
    slider.value = 2.0  # a real move replaces the exact value
    assert ex.beta1 == 2.0 and ex.beta == 2.0 - -0.01


# -- the loss of lesson 03's data (issue 10) ---------------------------------
@pytest.fixture(scope="module")
def logit():
    # statsmodels models P(label 1) = P(class 2) = sigmoid(x * (b2 - b1)).
    return sm.Logit(Y, X[:, None]).fit(disp=0, tol=1e-12)


def test_the_data_are_lesson_03s():
    ex = ValleyExplorer()
    np.testing.assert_array_equal(ex.x, X)
    np.testing.assert_array_equal(ex.y, Y)
    assert not ex.x.flags.writeable and not ex.y.flags.writeable
    ex.close()


def test_beta_hat_and_floor_against_statsmodels(logit):
    ex = ValleyExplorer()
    software = float(np.asarray(logit.params)[0])
    # The convention: beta_hat = b1 - b2, the coefficient of P(class 1) (label 0).
    assert ex.beta_hat == pytest.approx(-software, rel=1e-8)
    assert ex.beta_hat > 0 > software
    np.testing.assert_allclose(expit(X * ex.beta_hat), 1.0 - logit.predict(X[:, None]),
                               rtol=1e-10)
    assert ex.loss_min == pytest.approx(-logit.llf / X.size, rel=1e-12)
    # The least loss over the whole plotted plane: nowhere lower than the floor.
    assert ex.loss_values.min() >= ex.loss_min - 1e-15
    assert ex.loss_values.min() == pytest.approx(ex.loss_min, abs=1e-5)
    # The floor is drawn where the loss is least: the line b1 - b2 = beta_hat.
    fx, fy = (np.asarray(v, dtype=float) for v in ex.lines["floor"].get_data())
    np.testing.assert_allclose(fx - fy, ex.beta_hat, rtol=1e-12)
    assert ex.lines["floor"].get_visible() and ex.lines["floor"].get_label().startswith(
        "valley floor")
    ex.close()


def test_loss_grid_against_scipy_and_statsmodels(logit):
    ex = ValleyExplorer()
    axis, grid = ex.plane_axis, ex.loss_values
    assert axis[0] == -10.5 and axis[-1] == 10.5 and grid.shape == (axis.size, axis.size)
    np.testing.assert_allclose(np.diff(axis), 0.05, rtol=1e-9)
    rng = np.random.default_rng(3)
    rows, cols = rng.integers(0, axis.size, 40), rng.integers(0, axis.size, 40)
    for i, j in [(0, 0), (0, axis.size - 1), (axis.size - 1, 0), *zip(rows, cols, strict=True)]:
        b1, b2 = axis[j], axis[i]  # rows are beta2, columns beta1
        assert grid[i, j] == pytest.approx(scipy_loss(b1, b2), rel=1e-12), (b1, b2)
        # statsmodels' log-likelihood of P(label 1) at coefficient b2 - b1, per point.
        assert grid[i, j] == pytest.approx(-logit.model.loglike(np.array([b2 - b1])) / X.size,
                                           rel=1e-10), (b1, b2)
    # mean_loss computes the same loss at any point, not only on the grid.
    assert ex.mean_loss(0.123, -4.56) == pytest.approx(scipy_loss(0.123, -4.56), rel=1e-12)
    ex.close()


def test_drawn_background_is_the_loss():
    """The filled contours show the loss on a log scale the colour bar spaces evenly."""
    ex = ValleyExplorer()
    filled = ex._filled
    levels = np.asarray(filled.levels)
    # Issue 18: the bar spaced unequal levels 0.5 ... 8 equally. Now each level is
    # the one below times sqrt(2), and the bar is a log axis: equal ratios, equal room.
    np.testing.assert_allclose(levels[1:] / levels[:-1], np.sqrt(2.0), rtol=1e-12)
    assert ex.colorbar.ax.get_yscale() == "log"
    # No saturated region: the whole plane lies within the levels, none above the top.
    assert filled.extend == "neither"
    assert levels[0] < ex.loss_min and ex.loss_values.max() < levels[-1]
    lowest = filled.get_paths()[0]  # the band 0.5 <= loss < 0.707, in data coordinates
    h = ex.beta_hat
    assert lowest.contains_point((h / 2, -h / 2)) and lowest.contains_point((h + 1, 1.0))
    assert scipy_loss(-1.0, 1.0) > levels[1]
    assert not lowest.contains_point((-1.0, 1.0))
    # The colour map is cividis (colour-blind safe), lightened towards white.
    from matplotlib import colormaps

    np.testing.assert_allclose(filled.cmap(0.0), 0.65 * np.array(colormaps["cividis"](0.0))
                               + 0.35, atol=1e-12)
    # Filling the view exactly.
    lo, hi = ex.plane_axes.get_xlim()
    vertices = np.concatenate([p.vertices for p in filled.get_paths() if len(p.vertices)])
    assert vertices.min() == pytest.approx(lo) and vertices.max() == pytest.approx(hi)
    ex.close()


def test_loss_constant_along_the_shift():
    ex = ValleyExplorer(beta1=1.3, beta2=0.45)
    start = ex.loss
    assert start == pytest.approx(scipy_loss(1.3, 0.45), rel=1e-12)
    for c in np.linspace(-5, 5, 41):
        ex.sliders["c"].value = float(c)
        assert abs(ex.loss - start) <= 1e-12 * start, c
        assert abs(ex.loss_point - start) <= 1e-12 * start
        text = ex.status.value
        # The same number twice: moving along the line changes nothing.
        assert f"{start:.4f} at (β₁, β₂), {start:.4f} at the shifted point" in text
        assert "moving along the line changes nothing" in text
    ex.close()


def test_loss_rises_across_the_floor():
    ex = ValleyExplorer(beta1=0.65, beta2=0.0)  # beta = 0.65: the floor to 0.003
    ex.reveal()
    assert ex.rise < 5e-5
    assert "on the floor β₁ − β₂ = β̂ = 0.647: the least loss, 0.5391" in ex.status.value
    assert "rises" not in ex.status.value
    previous = ex.loss
    for b1 in (1.0, 1.5, 2.5, 4.0, 5.0):  # beta1 alone: straight across the lines
        ex.sliders["beta1"].value = b1
        assert ex.loss > previous and ex.rise > 0
        assert ex.rise == pytest.approx(scipy_loss(b1, 0.0) - scipy_loss(ex.beta_hat, 0.0),
                                        rel=1e-9)
        assert (f"{ex.rise:.4f} above the floor's 0.5391 (β₁ − β₂ = β̂ = 0.647): "
                "across the lines the loss rises") in ex.status.value
        previous = ex.loss
    # And on the other side of the floor too.
    previous = scipy_loss(0.65, 0.0)
    for b1 in (0.3, -0.5, -2.0, -5.0):
        ex.sliders["beta1"].value = b1
        assert ex.loss > previous
        previous = ex.loss
    ex.close()


def _texts(ex):
    """The status line and every visible text of the figure."""
    ex.figure.canvas.draw()
    from matplotlib.text import Text

    drawn = [t.get_text() for t in ex.figure.findobj(Text) if t.get_visible() and t.get_text()]
    return [ex.status.value, *drawn, ex.loss_label.get_text() if ex.loss_label.get_visible()
            else ""]


TELLS = ("changes nothing", "unchanged", "same loss", "does not change", "constant", "rises",
         "least loss", "the same for")


@pytest.mark.parametrize("kwargs", [{}, {"beta1": 1.0, "beta2": -1.0, "c": 1.5},
                                    {"beta1": 0.65, "beta2": 0.0}, {"beta1": 1.23, "c": 0.3}])
def test_fresh_explorer_does_not_give_the_loss_away(kwargs):
    """Issue 17: lesson 03 asks for the loss (at statsmodels' point, along c) first."""
    ex = ValleyExplorer(**kwargs)
    assert not ex.revealed and not ex.loss_label.get_visible()
    numbers = {f"{v:.4f}" for v in (ex.loss, ex.loss_point, ex.loss_min, ex.rise,
                                     ex.mean_loss(*ex.reference_first))}
    numbers |= {f"{v:.3f}" for v in (ex.loss, ex.loss_min)}
    for text in _texts(ex):
        low = text.lower()
        assert not any(t in low for t in TELLS), text
        assert not any(n in text for n in numbers), text
    # The browser's rounded echo of an off-grid start is not a move.
    slider = ex.sliders["beta1"]
    slider.set_state({"value": frontend_value(slider, ex.beta1)})
    assert not ex.revealed
    # An animation for static readers does not reveal it to the live learner.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        ex.animate(Path(tmp) / "c.png", "c", [0.0, 2.0])
    assert not ex.revealed and not ex.loss_label.get_visible()
    ex.close()


def test_a_slider_move_shows_the_loss():
    ex = ValleyExplorer()
    expected = scipy_loss(1.0, -1.0)
    ex.sliders["c"].value = 1.5
    assert ex.revealed and ex.loss == pytest.approx(expected, rel=1e-12)
    status = ex.status.value
    assert f"mean loss of the ten points: {expected:.4f} at (β₁, β₂), {expected:.4f} at the "\
        "shifted point: moving along the line changes nothing" in status
    assert f"{expected - ex.loss_min:.4f} above the floor's" in status
    # On the figure: beside the shifted point.
    label = ex.loss_label
    assert label.get_visible() and label.get_text() == f"loss {expected:.4f}"
    assert tuple(label.xy) == (2.5, 0.5)
    # Back at the start: stays shown (never false again).
    ex.sliders["c"].value = 0.0
    assert ex.revealed and "changes nothing" in ex.status.value
    ex.close()


def test_reveal_without_moving():
    ex = ValleyExplorer()
    ex.reveal()
    assert ex.revealed and ex.shifted == (1.0, -1.0) and ex.loss_label.get_visible()
    assert f"{scipy_loss(1.0, -1.0):.4f} at the shifted point" in ex.status.value
    ex.close()


def test_mean_loss_bad_input():
    ex = ValleyExplorer()
    with pytest.raises(TypeError, match=r"ValleyExplorer.mean_loss\(\).*beta1.*str"):
        ex.mean_loss("1", 0.0)
    with pytest.raises(ValueError, match=r"ValleyExplorer.mean_loss\(\): beta1 and beta2 "
                       r"must have shapes that broadcast, got \(2,\) and \(3,\)"):
        ex.mean_loss([1.0, 2.0], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(ex.mean_loss([[0.0], [1.0]], [0.0, -1.0]),
                               [[scipy_loss(0, 0), scipy_loss(0, -1)],
                                [scipy_loss(1, 0), scipy_loss(1, -1)]], rtol=1e-12)
    ex.close()


@pytest.mark.parametrize(("b1", "b2", "c"), [(1.0, -1.0, 1.5), (0.65, 0.0, 0.0)])
def test_figure_in_lesson_states(b1, b2, c):
    """The lesson's snapshot state and a point on the floor, projected in class."""
    with ValleyExplorer(beta1=b1, beta2=b2, c=c) as ex:
        problems = figure_problems(ex.figure)
        assert not problems, "\n".join(problems)
        # The data markers fit the right panel.
        lo, hi = ex.curve_axes.get_ylim()
        assert lo < 0.0 and hi > 1.0
        lo, hi = ex.curve_axes.get_xlim()
        assert lo <= X.min() and X.max() <= hi
