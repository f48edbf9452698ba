"""ValleyExplorer driven through its sliders, checked against independent references."""

from __future__ import annotations

import numpy as np
import pytest
from explorer_sweep import sweep_sliders
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from logitlab.widgets import ValleyExplorer
from logitlab.widgets._sliders import frontend_value


@pytest.fixture(scope="module")
def ex():
    # One figure for the module: each test sets every slider it relies on.
    return ValleyExplorer()


def set_all(ex, b1, b2, c):
    with ex.hold():
        ex.sliders["beta1"].value = b1
        ex.sliders["beta2"].value = b2
        ex.sliders["c"].value = c


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
    assert "probabilities unchanged by c" in text
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
    shifted = sp_softmax(np.stack([x * (b1 + c), x * (b2 + c)], -1), axis=-1)[:, 0]
    np.testing.assert_allclose(ex.lines["softmax"].get_ydata(), shifted, rtol=1e-12, atol=1e-300)
    # The one curve drawn is sigma(x beta), whichever point of the line it comes from.
    np.testing.assert_allclose(ex.lines["softmax"].get_ydata(), expit(x * beta), rtol=1e-12,
                               atol=1e-300)
    assert ex.at_background.get_ydata()[0] == pytest.approx(expit(0.5 * beta), rel=1e-14)
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
    # The larger ones are open, so the smaller ones show through.
    for n in same[:2]:
        assert ex.points[n].get_markerfacecolor() == "none", n
    # Each point above the ones that enclose it.
    order = [a for a in ex.plane_axes.get_children() if a in ex.points.values()]
    assert order.index(ex.points["point"]) > order.index(ex.points["shifted"]) > \
        order.index(ex.points["symmetric"])
    # At beta = 0 all five coincide: five sizes, the larger drawn first.
    set_all(ex, 0.0, 0.0, 0.0)
    assert len({point(ex, n) for n in ex.points}) == 1
    by_order = sorted(ex.points.values(), key=order.index)
    sizes = [a.get_markersize() for a in by_order]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 5
    ex.close()


def test_plane_fits_the_marked_points():
    ex = ValleyExplorer()
    assert ex.plane_axes.get_xlim() == ex.plane_axes.get_ylim() == (-3.0, 3.0)
    ex.sliders["c"].value = 1.5  # shifted point (2.5, 0.5)
    assert ex.plane_axes.get_xlim() == (-5.0, 5.0)
    set_all(ex, 5.0, -5.0, 5.0)  # reference (10, 0), statsmodels' (0, -10)
    assert ex.plane_axes.get_xlim() == (-10.5, 10.5)
    set_all(ex, 0.5, 0.0, 0.0)
    assert ex.plane_axes.get_xlim() == (-3.0, 3.0)
    ex.close()


def test_legend_contours_and_names():
    ex = ValleyExplorer()
    labels = [t.get_text() for t in ex.legend.get_texts()]
    assert r"$(\beta, 0)$: class 2 fixed at 0" in labels
    assert r"$(0, -\beta)$: class 1 fixed at 0 (statsmodels)" in labels
    assert all(t.get_fontsize() >= 10 for t in ex.legend.get_texts())
    # The legend sits under the panels, off the plane's background.
    renderer = ex.figure.canvas.get_renderer()
    assert ex.legend.get_window_extent(renderer).y1 < ex.plane_axes.get_window_extent().y0
    contour_labels = ex._contours.labelTexts
    assert len(contour_labels) >= 3 and all(t.get_fontsize() >= 10 for t in contour_labels)
    # The stripes are level sets of a probability; "valley" is kept for the loss floor.
    assert "level sets" in ex.plane_axes.get_title()
    assert "valley" not in ex.plane_axes.get_title() + ex.curve_axes.get_title()
    # One probability curve on the right (plus the x = 0.5 marker line and its point).
    drawn = [ln for ln in ex.curve_axes.get_lines() if len(ln.get_xdata()) > 2]
    assert drawn == [ex.lines["softmax"]]
    assert "reference (β, 0)" not in ex.status.value
    assert "class 2 fixed at 0 (β, 0) = (2.00, 0.00)" in ex.status.value
    assert "class 1 fixed at 0, statsmodels (0, −β) = (0.00, -2.00)" in ex.status.value
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
