"""RegionsExplorer driven through its sliders and toggle, checked against scipy."""

from __future__ import annotations

import re

import numpy as np
import pytest
from explorer_sweep import sweep_sliders
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from logitlab.widgets import RegionsExplorer
from logitlab.widgets._sliders import frontend_value
from logitlab.widgets.regions import DEFAULT_COEF, DEFAULT_INTERCEPT


@pytest.fixture
def ex():
    return RegionsExplorer()


def grid_scores(ex, coef, intercept):
    x0, x1, y0, y1 = ex.extent
    n = ex.proba.shape[0]
    X1, X2 = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return np.einsum("ijd,kd->ijk", np.stack([X1, X2], axis=-1), coef) + intercept


def test_defaults_and_dom(ex):
    assert list(ex.sliders) == ["a", "w1", "w2"]
    assert ex.sliders["a"].value == DEFAULT_INTERCEPT[2]
    assert [ex.sliders["w1"].value, ex.sliders["w2"].value] == DEFAULT_COEF[2].tolist()
    assert ex.mode == "softmax"
    assert {"logitlab-explorer", "logitlab-regions"} <= set(ex.widget._dom_classes)
    assert "logitlab-status" in ex.status._dom_classes
    assert ex.mode_toggle in ex.widget.children[0].children


def test_probabilities_match_scipy(ex):
    with ex.hold():
        ex.sliders["a"].value = 0.7
        ex.sliders["w1"].value = -2.3
        ex.sliders["w2"].value = 0.4
    coef = DEFAULT_COEF.copy()
    coef[2] = [-2.3, 0.4]
    intercept = DEFAULT_INTERCEPT.copy()
    intercept[2] = 0.7
    np.testing.assert_allclose(ex.coef, coef)
    np.testing.assert_allclose(ex.intercept, intercept)
    s = grid_scores(ex, coef, intercept)
    np.testing.assert_allclose(ex.proba, sp_softmax(s, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(ex.sigmoids, expit(s), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(ex.proba.sum(axis=-1), 1.0, rtol=1e-14)
    winner = np.argmax(sp_softmax(s, axis=-1), axis=-1)
    assert ex.areas["softmax"] == pytest.approx([np.mean(winner == k) for k in range(3)])
    claims = (expit(s) > 0.5).sum(axis=-1)
    assert ex.areas["none"] == pytest.approx(np.mean(claims == 0))
    assert ex.areas["many"] == pytest.approx(np.mean(claims >= 2))
    # The image artist shows exactly the rgb array.
    np.testing.assert_array_equal(ex.region_image.get_array(), ex.rgb)


def test_equal_intercepts_change_no_softmax_probability():
    a = RegionsExplorer(intercept=[-1.0, -1.0, -1.0])
    b = RegionsExplorer(intercept=[2.0, 2.0, 2.0])
    np.testing.assert_allclose(a.proba, b.proba, rtol=1e-12, atol=1e-15)
    # ...but every sigmoid changes: the question's mistake in general form.
    assert np.max(np.abs(a.sigmoids - b.sigmoids)) > 0.5
    assert a.areas["none"] > 0 and b.areas["none"] == 0


def test_sigmoid_mode_claims_none_or_several(ex):
    before = ex.n_renders
    ex.mode = "sigmoids"
    assert ex.n_renders == before + 1 and ex.mode_toggle.value == "sigmoids"
    claims = ex.sigmoids > 0.5
    n = claims.sum(axis=-1)
    assert ex.areas["none"] > 0 and ex.areas["many"] > 0
    np.testing.assert_array_equal(ex.rgb[n == 0], 1.0)  # white: no class
    grey = ex.rgb[n >= 2]
    np.testing.assert_allclose(grey, 0.45)
    # Sums of independent sigmoids are not 1.
    sums = ex.sigmoids.sum(axis=-1)
    assert sums.min() < 0.9 and sums.max() > 1.5
    assert "no class at" in ex.status.value
    ex.mode_toggle.value = "softmax"
    assert ex.mode == "softmax"
    with pytest.raises(ValueError, match="mode"):
        ex.mode = "sigmoid"


def test_softmax_image_colours(ex):
    # Far out along class 1's weight, class 1 is certain: its washed colour.
    i, j = ex.proba.shape[0] // 2, ex.proba.shape[1] - 1  # x1 = 3, x2 = 0
    assert ex.proba[i, j, 0] > 0.999
    np.testing.assert_allclose(ex.rgb[i, j], ex._washed[0], atol=2e-3)
    # The region colours are the probability-weighted class colours.
    np.testing.assert_allclose(ex.rgb, ex.proba @ ex._washed, atol=1e-12)


def _scores(ex, xy):
    return ex.intercept + xy @ ex.coef.T


def test_softmax_boundaries_are_exact_ties_of_the_top_two(ex):
    ex.sliders["w2"].value = -0.7  # move a boundary: the line must follow
    x, y = ex.boundary.get_data()
    xy = np.column_stack([x, y])[~np.isnan(x)]
    assert len(xy) > 100
    top2 = np.sort(_scores(ex, xy), axis=1)[:, 1:]
    # Every point is a tie between the two best classes (a decision boundary)...
    np.testing.assert_allclose(top2[:, 0], top2[:, 1], atol=1e-9)
    # ...inside the square, and there is one piece per boundary (NaN-separated).
    x0, x1, y0, y1 = ex.extent
    assert xy[:, 0].min() >= x0 and xy[:, 0].max() <= x1
    assert xy[:, 1].min() >= y0 and xy[:, 1].max() <= y1
    # Every pixel pair that changes winner straddles one of those lines:
    # each such pixel lies within one grid step of a boundary point.
    winner = ex.proba.argmax(axis=-1)
    change = np.zeros(winner.shape, bool)
    change[:, 1:] |= winner[:, 1:] != winner[:, :-1]
    pix = np.column_stack([ex._X1[change], ex._X2[change]])
    step = (x1 - x0) / (winner.shape[1] - 1)
    nearest = np.min(np.hypot(pix[:, None, 0] - xy[None, :, 0],
                              pix[:, None, 1] - xy[None, :, 1]), axis=1)
    assert nearest.max() < 2 * step


def test_sigmoid_mode_draws_each_sigmoids_half_line(ex):
    ex.mode = "sigmoids"
    x, y = ex.boundary.get_data()
    xy = np.column_stack([x, y])[~np.isnan(x)]
    scores = _scores(ex, xy)
    # Each point is on some class's sigma = 0.5 line, score_k = 0.
    assert np.all(np.min(np.abs(scores), axis=1) < 1e-9)


def test_status_log_odds_against_last_class(ex):
    ex.sliders["w1"].value = 0.5
    # class 1 vs class 3: w1 difference 2 - 0.5 = 1.5; intercepts equal.
    assert "class 1 vs class 3: +0.00 +1.50·x₁ +1.70·x₂" in ex.status.value


def test_sweep_no_nan_no_warning_same_figure(ex):
    def check(name, value):
        assert np.isfinite(ex.proba).all() and np.isfinite(ex.rgb).all()
        assert ex.rgb.min() >= 0 and ex.rgb.max() <= 1

    for mode in ("softmax", "sigmoids"):
        ex.mode = mode
        sweep_sliders(ex, check)


def test_points_and_bad_input():
    pts = np.array([[0.0, 1.0], [1.0, -1.0], [-2.0, 0.5]])
    ex = RegionsExplorer(points=pts, labels=[0, 1, 2], edit=0)
    assert ex.sliders["a"].description == "a1"
    with pytest.raises(ValueError, match="shape"):
        RegionsExplorer(coef=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="edit"):
        RegionsExplorer(edit=3)
    with pytest.raises(ValueError, match="points"):
        RegionsExplorer(points=pts, labels=[0, 1])
    with pytest.raises(TypeError, match="RegionsExplorer"):
        RegionsExplorer(coef="abc")


BAD_ARGUMENTS = [
    # Issue 19 L7: a raw mathtext parse error from deep inside matplotlib's draw.
    ({"class_names": ("$x^$", "b", "c")}, ValueError,
     r"class_names\[0\] = '\$x\^\$' is not valid mathtext .* as \\\$"),
    ({"class_names": ("a", "b", r"$\frac{1}$")}, ValueError, r"class_names\[2\] .* mathtext"),
    # Issue 19 L7: overflow warnings and a ticker error.
    ({"extent": (-1e308, 1e308, -1, 1)}, ValueError,
     r"extent is too wide: a width x_max - x_min overflows float64"),
    ({"extent": (-1, 1, -1.5e308, 1.5e308)}, ValueError, r"extent is too wide"),
    ({"coef": [[1e308, 0.0], [-1.0, 1.7], [-1.0, -1.7]]}, ValueError,
     r"the scores a_k \+ w_k1 x1 \+ w_k2 x2 overflow float64 on the square"),
    ({"intercept": [1e308, -1e308, 0.0]}, ValueError, r"overflow float64"),
    ({"extent": (-1e308, 0.0, 0.0, 1.0)}, ValueError, r"overflow float64"),  # 5 * 1e308
    ({"class_names": ("a", "b")}, TypeError, r"class_names must be a sequence of three str"),
    ({"extent": (0.0, 1.0, 1.0, 1.0)}, ValueError, r"minimum below its maximum"),
]


@pytest.mark.parametrize(("kwargs", "error", "pattern"), BAD_ARGUMENTS,
                         ids=[f"{'-'.join(k)}-{i}" for i, (k, _, _) in enumerate(BAD_ARGUMENTS)])
def test_bad_arguments_are_refused_naming_the_explorer(kwargs, error, pattern):
    with pytest.raises(error, match=r"^RegionsExplorer\(\): .*" + pattern):
        RegionsExplorer(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"class_names": ("$x^2$", "<b>b</b>", "100$")},  # valid mathtext, HTML, one dollar
    {"coef": [[1e150, 0.0], [-1.0, 1.7], [-1.0, -1.7]]},
    {"coef": [[2.0, 0.0], [2.0, 1e-300], [-1.0, -1.7]]},  # nearly parallel pair
    {"extent": (-1e200, 1e200, -1e200, 1e200)},
    {"intercept": [1e300, -1e300, 0.0], "n_grid": 20},
])
def test_extreme_but_finite_models_draw_without_warnings(kwargs):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = RegionsExplorer(**kwargs)
        for mode in ("softmax", "sigmoids"):
            ex.mode = mode
            ex.figure.canvas.draw()
            for name in ex.sliders:
                ex.sliders[name].value = 5.0
        assert np.isfinite(ex.rgb).all()
        ex.close()


def test_status_writes_huge_numbers_in_a_general_format():
    """Issue 19 L13: a 1e300 intercept was printed with 301 digits."""
    ex = RegionsExplorer(coef=[[1e150, 0.0], [-1.0, 1.7], [-1.0, -1.7]],
                         intercept=[1e300, -1.0, -1.0])
    status = ex.status.value
    assert "class 1 vs class 3: +1e+300 +1e+150·x₁ +1.70·x₂" in status
    assert not re.search(r"\d{20}", status)
    ex.close()
    # Class names are text, not HTML, in the status line.
    ex = RegionsExplorer(class_names=("<b>a</b>", "b & c", "$x^2$"))
    assert "&lt;b&gt;a&lt;/b&gt; vs $x^2$" in ex.status.value and "b &amp; c" in ex.status.value
    ex.figure.canvas.draw()  # the mathtext name draws
    ex.close()


def test_out_of_range_coefficients_are_refused_not_clamped():
    # Before: the slider clamped 7.0 to 5.0 and the plot showed another model.
    with pytest.raises(ValueError, match=r"RegionsExplorer\(\): intercept\[2\] must be in "
                                         r"\[-5, 5\] \(the slider's range\), got 7.0"):
        RegionsExplorer(intercept=[-1.0, -1.0, 7.0])
    with pytest.raises(ValueError, match=r"RegionsExplorer\(\): coef\[1, 0\] must be in"):
        RegionsExplorer(coef=[[2.0, 0.0], [-5.5, 1.7], [-1.0, -1.7]], edit=1)
    # Rows the sliders do not control may lie anywhere (finite).
    ex = RegionsExplorer(coef=[[20.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]], edit=2)
    assert ex.coef[0, 0] == 20.0
    ex.close()


def test_values_from_code_stay_exact_through_the_browser_echo():
    coef = DEFAULT_COEF.copy()
    coef[2] = [-1.23, 0.77]
    intercept = [-1.0, -1.0, 0.35]
    ex = RegionsExplorer(coef=coef, intercept=intercept)
    for name, exact in (("a", 0.35), ("w1", -1.23), ("w2", 0.77)):
        slider = ex.sliders[name]
        echo = frontend_value(slider, exact)
        assert echo != exact  # off the slider's 0.1 grid
        slider.set_state({"value": echo})  # what the browser sends back on display
    np.testing.assert_array_equal(ex.coef[2], [-1.23, 0.77])
    assert ex.intercept[2] == 0.35
    s = grid_scores(ex, coef, np.array(intercept))
    np.testing.assert_allclose(ex.proba, sp_softmax(s, axis=-1), rtol=1e-12, atol=1e-300)
    assert "-1.00 +3.23·x₁ -0.77·x₂" not in ex.status.value  # rounded would read +3.2...
    assert "class 1 vs class 3: -1.35 +3.23·x₁ -0.77·x₂" in ex.status.value
    # A real move (a value from code, or a drag) replaces the exact value.
    ex.sliders["w1"].value = 0.5
    assert ex.coef[2, 0] == 0.5
    ex.close()


def _shown_legend(ex):
    return [t.get_text() for t in ex.figure.legends[0].get_texts() if t.get_visible()]


def test_legend_lists_only_what_the_view_draws():
    """Issue 9: the legend listed the sigmoid-only regions in softmax mode."""
    ex = RegionsExplorer()
    shown = _shown_legend(ex)
    assert shown == ex.legend_labels
    assert shown == ["class 1", "class 2", "class 3", "decision boundary: two scores tie"]
    ex.mode = "sigmoids"
    shown = _shown_legend(ex)
    assert shown == ex.legend_labels
    # The default model has all five kinds of region (26% claimed twice, a 3.6% hole).
    assert ex.areas["many"] == pytest.approx(0.26, abs=0.005)
    assert ex.areas["none"] == pytest.approx(0.036, abs=0.001)
    assert shown[:5] == ["class 1 alone", "class 2 alone", "class 3 alone", "no class",
                         "two or more classes"]
    # A model whose sigmoids leave no hole: "no class" is not listed.
    with ex.hold():
        ex.sliders["a"].value = 5.0
    assert ex.areas["none"] == 0.0
    assert "no class" not in _shown_legend(ex)
    ex.close()
    # Class 3 scores highest everywhere and no two scores can tie: one entry, no line.
    flat = RegionsExplorer(coef=np.zeros((3, 2)), intercept=[-1.0, -1.0, 1.0])
    assert flat.areas["softmax"][2] == 1.0
    assert _shown_legend(flat) == flat.legend_labels == ["class 3"]
    flat.close()


def test_legend_readable_and_under_the_plot():
    ex = RegionsExplorer()
    legend = ex.figure.legends[0]
    assert min(t.get_fontsize() for t in legend.get_texts()) >= 10
    ex.figure.canvas.draw()
    assert not legend.get_window_extent().overlaps(ex.ax.get_window_extent())
    ex.close()


def test_both_modes_side_by_side():
    from io import BytesIO

    from PIL import Image

    ex = RegionsExplorer()
    before = ex.png()
    both = Image.open(BytesIO(ex.both_modes_png()))
    single = Image.open(BytesIO(before))
    assert both.height == single.height and both.width > 2 * single.width
    # The left half is the softmax view as shown, the right the sigmoid view.
    left = np.asarray(both.convert("RGB"))[:, : single.width]
    np.testing.assert_array_equal(left, np.asarray(single.convert("RGB")))
    ex.mode = "sigmoids"
    right = np.asarray(both.convert("RGB"))[:, -single.width:]
    np.testing.assert_array_equal(right, np.asarray(Image.open(BytesIO(ex.png())).convert("RGB")))
    ex.mode = "softmax"
    assert ex.png() == before  # left as it was
    assert ex.snapshot_modes().data == ex.both_modes_png()
    ex.close()
    # Issue 19 L10: after close() it returned a stale picture (both halves softmax).
    for method in (ex.both_modes_png, ex.snapshot_modes):
        with pytest.raises(ValueError, match=r"^RegionsExplorer.both_modes_png\(\): the "
                                             r"explorer is closed"):
            method()


def test_a_legend_state_seen_before_reuses_its_background_and_draws_the_same():
    """Issue 20: making and unmaking a region redrew the whole figure each time."""
    ex = RegionsExplorer()
    draws = []
    original = ex.figure.canvas.draw
    ex.figure.canvas.draw = lambda *a, **k: (draws.append(1), original(*a, **k))[1]
    pictures = {}
    for mode, a in [("sigmoids", -1.0), ("sigmoids", 5.0), ("softmax", 5.0),
                    ("sigmoids", -1.0), ("sigmoids", 5.0), ("softmax", 5.0)]:
        with ex.hold():
            ex.mode = mode
            ex.sliders["a"].value = a
        pictures.setdefault((mode, a), []).append(ex.png())
    # New legends: sigmoids with a hole, sigmoids without (softmax at a = 5 lists the
    # same three classes as at the start); none on the way back.
    assert len(draws) == 2
    for (mode, a), seen in pictures.items():
        assert all(p == seen[0] for p in seen)
        intercept = DEFAULT_INTERCEPT.copy()
        intercept[2] = a
        with RegionsExplorer(intercept=intercept) as fresh:
            fresh.mode = mode
            assert fresh.png() == seen[0]
    ex.close()
    assert ex._backgrounds == {}


@pytest.mark.parametrize("point", [(-2.0, 2.0), (-2.0, -2.0), (2.0, 0.0), (0.5, 2.5)])
def test_the_picture_shows_each_class_where_scipy_says_it_wins(ex, point):
    # The region image is drawn by its own pixel lookup (issue 20): the
    # pixel at a data point must be the colour of the class scipy's softmax
    # makes most probable there. A vertical flip once drew class 2 where
    # class 3 wins (the default model's boundaries hid it).
    import io

    from PIL import Image

    from logitlab.palette import class_colour

    ex.sliders["a"].value = 0.0  # class 3's region grows: asymmetric picture
    img = np.asarray(Image.open(io.BytesIO(ex.png())).convert("RGB")).astype(float)
    ax = ex.region_image.axes
    scale = img.shape[0] / ax.figure.bbox.height
    px, py = ax.transData.transform(point)
    pixel = img[int((ax.figure.bbox.height - py) * scale), int(px * scale)]
    scores = np.asarray(point) @ ex.coef.T + ex.intercept
    winner = int(np.argmax(sp_softmax(scores))) + 1
    hues = {}
    for k in (1, 2, 3):
        rgb = np.array([int(class_colour(k)[i : i + 2], 16) for i in (1, 3, 5)], float)
        # The regions are the class colours washed towards white: compare
        # the direction away from white.
        a, b = 255 - rgb, 255 - pixel
        hues[k] = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    assert max(hues, key=hues.get) == winner
