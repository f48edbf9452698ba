"""RandomUtilityExplorer: Gumbel noise on each score, the largest wins; checked against scipy.

The references are independent of the explorer: scipy.special.softmax and
expit for the probabilities, scipy.stats.logistic and gumbel_r for the noise,
and the draws recomputed here from numpy.random.default_rng(seed).gumbel.
"""

from __future__ import annotations

import gc
import math
import warnings
import weakref

import numpy as np
import pytest
from explorer_sweep import sweep_sliders
from figure_checks import explorer_problems, explorer_states
from ipywidgets.widgets.widget import _instances
from scipy import stats
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from logitlab.widgets import RandomUtilityExplorer
from logitlab.widgets._sliders import frontend_value
from logitlab.widgets.utilities import HIST_EDGES, N_CHOICES


def _reference_counts(scores, n, seed):
    """Winning counts of the Gumbel-max simulation, computed here from the same generator."""
    z = np.asarray(scores, dtype=float)
    noise = np.random.default_rng(seed).gumbel(size=(n, len(z)))
    return np.bincount(np.argmax(noise + z, axis=1), minlength=len(z)), noise


def _bar_heights(ex):
    return np.array([bar.get_height() for bar in ex.bars])


def _segments(line):
    """(x, y) pairs of each NaN-separated piece of `line`, as two columns per piece."""
    x, y = (np.asarray(a, dtype=float) for a in line.get_data())
    return x.reshape(-1, 3)[:, :2], y.reshape(-1, 3)[:, :2]


# -- defaults and the DOM contract -------------------------------------------
def test_defaults_and_dom():
    with RandomUtilityExplorer() as ex:
        assert list(ex.sliders) == ["z1", "z2"]
        assert [s.description for s in ex.sliders.values()] == ["z₁", "z₂"]
        assert [(s.min, s.max) for s in ex.sliders.values()] == [(-4.0, 4.0)] * 2
        np.testing.assert_array_equal(ex.scores, [0.5, -0.5])
        assert ex.n == 5_000 and ex.seed == 0 and ex.n_classes == 2
        assert [v for _, v in ex.n_dropdown.options] == list(N_CHOICES)
        assert N_CHOICES[0] == 100 and N_CHOICES[-1] == 100_000
        assert {"logitlab-explorer", "logitlab-utilities"} <= set(ex.widget._dom_classes)
        assert "logitlab-status" in ex.status._dom_classes
        controls = ex.widget.children[0].children
        assert ex.n_dropdown in controls[-1].children and ex.draw_button in controls[-1].children
        assert ex.draw_button.description == "draw again"
        assert ex.noise.shape == (5_000, 2)
        ticks = [t.get_text() for t in ex.ax_wins.get_xticklabels()]
        assert ticks == ["class 1", "class 2"]
    with RandomUtilityExplorer(scores=[0.0, 1.0, -2.0]) as ex3:
        assert list(ex3.sliders) == ["z1", "z2", "z3"] and ex3.n_classes == 3
        assert [t.get_text() for t in ex3.ax_wins.get_xticklabels()] == [
            "class 1", "class 2", "class 3"]
        assert ex3.noise.shape == (5_000, 3) and len(ex3.bars) == 3


# -- the simulation is the documented one --------------------------------------
@pytest.mark.parametrize(("scores", "n", "seed"), [
    ((0.5, -0.5), 5_000, 0),
    ((-1.3, 2.2), 1_000, 7),
    ((1.0, 0.0, -1.0), 10_000, 3),
])
def test_counts_are_the_gumbel_max_of_default_rng_draws(scores, n, seed):
    counts, noise = _reference_counts(scores, n, seed)
    with RandomUtilityExplorer(scores=scores, n=n, seed=seed) as ex:
        np.testing.assert_array_equal(ex.noise, noise)
        np.testing.assert_array_equal(ex.counts, counts)
        np.testing.assert_array_equal(ex.frequencies, counts / n)
        np.testing.assert_array_equal(ex.noise_difference, noise[:, 1] - noise[:, 0])
        assert ex.winners.shape == (n,) and set(np.unique(ex.winners)) <= set(range(len(scores)))


SCORES = [
    (0.5, -0.5),  # the question's x*beta1, x*beta2: P(class 1) = 0.7311
    (0.0, 0.0),
    (-2.0, 1.5),
    (4.0, -4.0),  # class 2 wins about 3 draws in 10,000
    (1.0, 0.0, -1.0),
    (0.3, 0.3, 0.3),
    (-1.0, 2.5, 0.5),
    (4.0, -4.0, 0.0),
]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("scores", SCORES)
def test_frequencies_within_4_standard_errors_of_scipy_softmax(scores, seed):
    n = 10_000
    p = sp_softmax(np.asarray(scores, dtype=float))
    se = np.sqrt(p * (1 - p) / n)
    with RandomUtilityExplorer(scores=scores, n=n, seed=seed) as ex:
        np.testing.assert_allclose(ex.probabilities, p, rtol=1e-14)
        np.testing.assert_allclose(ex.standard_errors, se, rtol=1e-14)
        assert np.all(np.abs(ex.frequencies - p) <= 4 * se), (ex.frequencies, p, se)
        np.testing.assert_allclose(ex.gaps, (ex.frequencies - p) / se, rtol=1e-12)
        assert ex.frequencies.sum() == pytest.approx(1.0, abs=1e-12)


def test_the_4_se_check_can_fail():
    """The same draws judged against a wrong reference (sigmoid of z1 alone) fail it."""
    scores = (0.5, -0.5)
    with RandomUtilityExplorer(scores=scores, n=10_000) as ex:
        wrong = expit(scores[0])  # the asker's sigmoid(x*beta1): 0.6225
        assert abs(ex.frequencies[0] - wrong) > 4 * ex.standard_errors[0]


@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize(("z1", "z2"), [(0.5, -0.5), (-3.0, -1.2), (2.4, 3.9), (0.0, 0.0)])
def test_two_classes_p_class_1_is_expit_of_the_difference(z1, z2, seed):
    n = 10_000
    with RandomUtilityExplorer(scores=(z1, z2), n=n, seed=seed) as ex:
        p1 = expit(z1 - z2)
        assert ex.probabilities[0] == pytest.approx(p1, rel=1e-14)
        assert abs(ex.frequencies[0] - p1) <= 4 * math.sqrt(p1 * (1 - p1) / n)


def test_only_the_difference_of_the_scores_matters_for_the_same_draws():
    with RandomUtilityExplorer(scores=(0.5, -0.5)) as a, \
            RandomUtilityExplorer(scores=(3.0, 2.0)) as b:
        np.testing.assert_array_equal(a.winners, b.winners)
        np.testing.assert_allclose(a.probabilities, b.probabilities, rtol=1e-14)
    # A different difference (2 instead of 1) does change the winners.
    with RandomUtilityExplorer(scores=(2.0, 0.0)) as c:
        assert not np.array_equal(a.counts, c.counts)


# -- the noise difference is logistic -------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_difference_is_logistic_ks(seed):
    with RandomUtilityExplorer(n=100_000, seed=seed) as ex:
        assert stats.kstest(ex.noise_difference, stats.logistic.cdf).pvalue > 1e-3
        # Each column is standard Gumbel (for the maximum: scipy's gumbel_r).
        for k in range(2):
            assert stats.kstest(ex.noise[:, k], stats.gumbel_r.cdf).pvalue > 1e-3
        # The test can fail: one Gumbel column alone is not logistic.
        assert stats.kstest(ex.noise[:, 0], stats.logistic.cdf).pvalue < 1e-10


@pytest.mark.parametrize(("n", "seed"), [(100_000, 0), (10_000, 4), (1_000, 9)])
def test_histogram_bars_match_the_integrated_logistic_density_within_4_se(n, seed):
    with RandomUtilityExplorer(scores=(1.0, 0.0, -1.0), n=n, seed=seed) as ex:
        density, edges = ex.histogram.get_data()[:2]
        np.testing.assert_array_equal(edges, HIST_EDGES)
        width = np.diff(edges)
        # The plotted bars are the draws' density, recomputed here.
        counts, _ = np.histogram(ex.noise[:, 1] - ex.noise[:, 0], bins=edges)
        np.testing.assert_allclose(density, counts / (n * width), rtol=1e-14)
        q = np.diff(stats.logistic.cdf(edges))
        se = np.sqrt(q * (1 - q) / n)
        assert np.all(np.abs(density * width - q) <= 4 * se)
        # The black curve is the logistic density.
        t, y = ex.density_line.get_data()
        np.testing.assert_allclose(y, stats.logistic.pdf(t), rtol=1e-12, atol=1e-300)
        # Axes fit the histogram: the top bar is inside.
        assert ex.ax_noise.get_ylim()[1] > density.max()


def _polygon_area(xy):
    """Shoelace area of a closed polygon given by its vertices."""
    x, y = np.asarray(xy, dtype=float).T
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


@pytest.mark.parametrize("scores", [(0.5, -0.5), (-3.0, 2.0), (4.0, -4.0), (-4.0, 4.0),
                                    (1.0, 0.0, -1.0), (0.0, 2.5, 3.0)])
def test_threshold_and_shaded_area_show_sigma_of_the_score_difference(scores):
    """Class 1 beats class 2 exactly when eps2 - eps1 < z1 - z2: the CDF there is expit."""
    t = scores[0] - scores[1]
    with RandomUtilityExplorer(scores=scores, n=100_000) as ex:
        ex.reveal()
        np.testing.assert_array_equal(ex.threshold_line.get_xdata(), [t, t])
        xy = ex.win_area.get_xy()
        assert xy[:, 0].max() == pytest.approx(t, abs=1e-12)
        # The shaded area, measured on the drawn polygon, is the logistic CDF at t
        # (less the tail beyond the axis at -8: 3.4e-4).
        area = stats.logistic.cdf(t) - stats.logistic.cdf(-8.0)
        assert _polygon_area(xy) == pytest.approx(area, abs=5e-5)  # trapezoids of 0.04
        assert _polygon_area(xy) == pytest.approx(expit(t), abs=4e-4)
        # The polygon's top edge is the logistic density.
        inside = (xy[:, 1] > 0) & (xy[:, 0] < t)
        np.testing.assert_allclose(xy[inside, 1], stats.logistic.pdf(xy[inside, 0]), rtol=1e-12)
        # The histogram is of eps2 - eps1, the side the threshold is on: the share
        # of the draws left of t is how often class 1's noise lets it beat class 2.
        beats = np.mean(ex.noise[:, 1] - ex.noise[:, 0] < t)
        assert abs(beats - expit(t)) <= 4 * math.sqrt(expit(t) * (1 - expit(t)) / 100_000)
        if len(scores) == 2:
            assert beats == ex.frequencies[0]
        label = ex.threshold_label.get_text()
        assert f"t = {t:.2f}".replace("-", "\N{MINUS SIGN}") in label
        shown = {8.0: "1 − 3.4e−04", -8.0: "3.4e−04"}.get(t, f"{expit(t):.3f}")
        assert f"σ(t) = {shown}" in label
        assert ex.ax_noise.get_xlabel() == "noise difference ε₂ − ε₁"
        assert "ε₂ − ε₁ < z₁ − z₂" in ex.ax_noise.get_title()


def test_dragging_a_score_moves_the_threshold_area_and_bars_together():
    with RandomUtilityExplorer() as ex:
        first = ex.png()
        area, bar = _polygon_area(ex.win_area.get_xy()), ex.bars[0].get_height()
        ex.sliders["z1"].value = 2.0
        assert ex.threshold_line.get_xdata()[0] == pytest.approx(2.5)
        assert _polygon_area(ex.win_area.get_xy()) > area + 0.1
        assert ex.bars[0].get_height() > bar + 0.1
        assert ex.png() != first
        # The right panel itself changed: its pixels differ between the two states.
        from io import BytesIO

        from PIL import Image
        box = ex.ax_noise.get_window_extent()
        h = ex.figure.bbox.height
        crop = (int(box.x0), int(h - box.y1), int(box.x1), int(h - box.y0))
        a = np.asarray(Image.open(BytesIO(first)).convert("RGB").crop(crop))
        b = np.asarray(Image.open(BytesIO(ex.png())).convert("RGB").crop(crop))
        assert np.mean(np.any(a != b, axis=-1)) > 0.01


@pytest.mark.parametrize("scores", [(0.5, -0.5), (1.0, 0.0, -1.0)])
def test_each_class_in_its_palette_colour(scores):
    from matplotlib.colors import to_hex

    from logitlab.palette import CLASS_COLOURS, PALETTE, class_colour
    with RandomUtilityExplorer(scores=scores) as ex:
        for k, bar in enumerate(ex.bars, start=1):
            assert to_hex(bar.get_edgecolor()) == class_colour(k).lower()
            assert to_hex(bar.get_edgecolor()) == PALETTE[CLASS_COLOURS[k - 1]].lower()
        assert to_hex(ex.win_area.get_facecolor()) == class_colour(1).lower()


# -- the controls ---------------------------------------------------------------
def test_moving_a_score_slider_updates_the_bars_and_reuses_the_noise():
    ex = RandomUtilityExplorer(scores=(0.5, -0.5), n=5_000, seed=0)
    ex.reveal()  # the one redraw of the background: the legend and prompt change
    noise, drawn, hist = ex.noise, ex.n_noise_draws, ex.histogram.get_data()[0].copy()
    before, renders, background = _bar_heights(ex), ex.n_renders, ex._background
    np.testing.assert_array_equal(before, ex.frequencies)
    ex.sliders["z1"].value = -2.0
    assert ex.n_renders == renders + 1
    assert ex.noise is noise and ex.n_noise_draws == drawn  # only the argmax is new
    # The histogram is part of the cached background: a score step only blits.
    assert ex._background is background
    np.testing.assert_array_equal(ex.histogram.get_data()[0], hist)
    counts, _ = _reference_counts((-2.0, -0.5), 5_000, 0)
    heights = _bar_heights(ex)
    np.testing.assert_array_equal(heights, counts / 5_000)
    assert heights[0] < before[0] - 0.3  # the bar really moved
    p = sp_softmax([-2.0, -0.5])
    # The softmax level across each bar and the whiskers around the bar's top.
    lx, ly = _segments(ex.softmax_levels)
    np.testing.assert_allclose(ly, np.column_stack([p, p]), rtol=1e-14)
    np.testing.assert_allclose(lx.mean(axis=1), [1.0, 2.0])
    wx, wy = _segments(ex.whiskers)
    se = np.sqrt(p * (1 - p) / 5_000)
    np.testing.assert_allclose(wy, np.column_stack([heights - 2 * se, heights + 2 * se]))
    np.testing.assert_array_equal(wx, [[1.0, 1.0], [2.0, 2.0]])
    assert [t.get_text() for t in ex.score_texts] == ["z₁ = −2.00", "z₂ = −0.50"]
    ex.close()


def test_n_and_seed_draw_new_noise_and_the_cache_keeps_recent_draws():
    ex = RandomUtilityExplorer(n=1_000)
    assert ex.n_noise_draws == 1
    ex.n_dropdown.value = 100
    assert ex.noise.shape == (100, 2) and ex.n_noise_draws == 2
    np.testing.assert_array_equal(ex.counts, _reference_counts((0.5, -0.5), 100, 0)[0])
    ex.n = 1_000  # back: from the cache
    assert ex.noise.shape == (1_000, 2) and ex.n_noise_draws == 2
    # Histogram shows the current draws after every change of noise.
    counts, _ = np.histogram(ex.noise_difference, bins=HIST_EDGES)
    np.testing.assert_allclose(ex.histogram.get_data()[0] * 0.5 * 1_000, counts)
    old, background = ex.noise, ex._background
    ex.draw_again()
    assert ex.seed == 1 and ex.n_noise_draws == 3 and ex.noise is not old
    assert ex._background is not background  # the new histogram is drawn
    np.testing.assert_array_equal(ex.noise, np.random.default_rng(1).gumbel(size=(1_000, 2)))
    ex.draw_button.click()
    assert ex.seed == 2 and ex.n_noise_draws == 4
    np.testing.assert_array_equal(ex.counts, _reference_counts((0.5, -0.5), 1_000, 2)[0])
    ex.seed = 0
    assert ex.noise is old and ex.n_noise_draws == 4
    with pytest.raises(ValueError, match=r"^RandomUtilityExplorer.n: n must be one of 100, "):
        ex.n = 2_000
    with pytest.raises(ValueError, match=r"^RandomUtilityExplorer.seed: seed must be a whole "
                                         r"number >= 0, got -1"):
        ex.seed = -1
    with pytest.raises(TypeError, match=r"^RandomUtilityExplorer.seed: seed must be"):
        ex.seed = 1.5
    assert ex.n == 1_000 and ex.seed == 0
    ex.close()


def test_cache_is_bounded():
    ex = RandomUtilityExplorer(n=100)
    for _ in range(10):
        ex.draw_again()
    assert len(ex._cache) <= 4 and ex.n_noise_draws == 11
    ex.close()


def test_hold_renders_once():
    ex = RandomUtilityExplorer(scores=(0.0, 0.0, 0.0), n=100)
    n = ex.n_renders
    with ex.hold():
        ex.sliders["z1"].value = 1.0
        ex.sliders["z3"].value = -1.0
        ex.n = 1_000
    assert ex.n_renders == n + 1
    np.testing.assert_array_equal(ex.counts, _reference_counts((1.0, 0.0, -1.0), 1_000, 0)[0])
    ex.close()


def test_sweep_no_warning_bars_follow_the_sliders():
    ex = RandomUtilityExplorer(scores=(0.0, 0.5, -0.5))

    def check(name, value):
        z = ex.scores
        assert z[int(name[1:]) - 1] == value
        np.testing.assert_array_equal(_bar_heights(ex), ex.frequencies)
        np.testing.assert_allclose(ex.probabilities, sp_softmax(z), rtol=1e-14)
        assert np.all(np.abs(ex.gaps) <= 4)

    sweep_sliders(ex, check)
    ex.close()


def test_values_from_code_stay_exact_through_the_browser_echo():
    ex = RandomUtilityExplorer(scores=(0.23, -1.77))
    for name, exact in (("z1", 0.23), ("z2", -1.77)):
        slider = ex.sliders[name]
        echo = frontend_value(slider, exact)
        assert echo != exact  # off the slider's 0.1 grid
        slider.set_state({"value": echo})
    np.testing.assert_array_equal(ex.scores, [0.23, -1.77])
    np.testing.assert_allclose(ex.probabilities, sp_softmax([0.23, -1.77]), rtol=1e-14)
    ex.sliders["z1"].value = 1.0  # a real move replaces the exact value
    assert ex.scores[0] == 1.0
    ex.close()


def test_setting_scores_moves_every_slider_in_one_frame_and_checks_them():
    ex = RandomUtilityExplorer(scores=(0.0, 0.0, 0.0), n=1_000)
    n = ex.n_renders
    ex.scores = (1.23, -0.5, 4)
    assert ex.n_renders == n + 1
    np.testing.assert_array_equal(ex.scores, [1.23, -0.5, 4.0])  # exact, off the 0.1 grid
    assert [s.value for s in ex.sliders.values()] == [1.23, -0.5, 4.0]
    np.testing.assert_allclose(ex.probabilities, sp_softmax([1.23, -0.5, 4.0]), rtol=1e-14)
    np.testing.assert_array_equal(ex.counts,
                                  _reference_counts((1.23, -0.5, 4.0), 1_000, 0)[0])
    for bad, error, pattern in [
        ((1.0, 0.0), ValueError, r"scores needs one score per class, 3, as the sliders, of "
                                 r"them, got 2"),
        ((1.0, 0.0, 4.5), ValueError, r"scores\[2\] must be in \[-4, 4\]"),
        ((1.0, math.nan, 0.0), ValueError, r"scores must hold finite numbers"),
        ("abc", TypeError, r"scores"),
    ]:
        with pytest.raises(error, match=pattern) as info:
            ex.scores = bad
        assert str(info.value).startswith("RandomUtilityExplorer.scores"), str(info.value)
        assert "RandomUtilityExplorer()" not in str(info.value)
    assert ex.n_renders == n + 1 and ex.scores[0] == 1.23  # refused values change nothing
    ex.close()


def test_status_line_reports_shares_softmax_and_gaps():
    with RandomUtilityExplorer(scores=(1.0, 0.0, -1.0), n=10_000, seed=3) as ex:
        ex.reveal()
        status = ex.status.value
        for k in range(3):
            f, p, g = ex.frequencies[k], ex.probabilities[k], ex.gaps[k]
            sign = "+" if g >= 0 else "\N{MINUS SIGN}"
            assert (f"<b>class {k + 1}</b> won {100 * f:.2f}%, softmax {100 * p:.2f}% "
                    f"({sign}{abs(g):.1f} SE)") in status
        assert "10,000 draws, seed 3." in status
        d = ex.noise_difference
        assert f"standard deviation {d.std():.2f}" in status
        # An observation, not the explanation the lesson asks the learner for.
        for word in ("because", "why", "Gumbel-max", "McFadden", "therefore"):
            assert word not in status
        assert status.startswith('<div style="white-space:normal')


# -- the prediction comes first (issue 17) ------------------------------------------
def _visible_texts(artist, parent_visible=True):
    """Every text drawn under `artist`: visible itself and all its parents."""
    from matplotlib.text import Text

    visible = parent_visible and artist.get_visible()
    if visible and isinstance(artist, Text) and artist.get_text().strip():
        yield artist.get_text()
    for child in artist.get_children():
        yield from _visible_texts(child, visible)


def _shown_texts(ex):
    import re

    ex.figure.canvas.draw()  # lays out tick labels as drawn
    status = re.sub(r"<[^>]+>", "", ex.status.value)
    return [status, *_visible_texts(ex.figure)]


def _answers(ex):
    """Each share and softmax probability as a learner would read it: 4 digits and rounded."""
    out = set()
    for p in (*ex.probabilities, *ex.frequencies):
        out |= {f"{p:.4g}", f"{p:.4f}", f"{p:.3f}", f"{100 * p:.2f}", f"{100 * p:.1f}%",
                f"{100 * p:.0f}%"}
    return out


@pytest.mark.parametrize("scores", [(0.5, -0.5), (1.0, 0.0, -1.0), (0.5, -0.5, 0.0)])
def test_a_fresh_explorer_shows_no_share_or_probability(scores):
    with RandomUtilityExplorer(scores=scores) as ex:
        assert not ex.revealed
        texts, answers = _shown_texts(ex), _answers(ex)
        if scores == (0.5, -0.5):
            assert {"0.7311", "73.11", "0.2689", "26.89"} <= answers
        for text in texts:
            assert not [a for a in answers if a in text], text
        # Nothing drawn shows a share either: bars, levels, whiskers, the shaded area.
        for artist in (*ex.bars, ex.softmax_levels, ex.whiskers, ex.win_area):
            assert not artist.get_visible()
        assert not ex.legends["wins"].get_visible()
        assert ex.prompt.get_visible() and "Predict" in ex.prompt.get_text()
        assert "Predict, then move a score" in ex.status.value
        # The check can fail: after a move (and back) the shares are shown and stay.
        z1 = ex.sliders["z1"].value
        ex.sliders["z1"].value = z1 + 1.0
        ex.sliders["z1"].value = z1
        assert ex.revealed and not ex.prompt.get_visible()
        texts = _shown_texts(ex)
        status = texts[0]
        assert f"softmax {100 * ex.probabilities[0]:.2f}%" in status
        assert f"σ(t) = {ex.probabilities[0] if len(scores) == 2 else expit(1.0):.3f}" in "".join(
            texts)
        assert all(a.get_visible() for a in (*ex.bars, ex.softmax_levels, ex.win_area))
        assert ex.legends["wins"].get_visible()


def test_the_browser_echo_of_the_start_does_not_reveal():
    with RandomUtilityExplorer(scores=(0.23, -1.77)) as ex:
        for name in ("z1", "z2"):
            slider = ex.sliders[name]
            slider.set_state({"value": frontend_value(slider, slider.value)})
        assert not ex.revealed and "won" not in ex.status.value


@pytest.mark.parametrize("action", ["n", "seed", "draw_again", "button", "scores", "reveal"])
def test_every_change_of_the_set_up_reveals(action):
    with RandomUtilityExplorer(n=100) as ex:
        n = ex.n_renders
        {
            "n": lambda: setattr(ex, "n", 1_000),
            "seed": lambda: setattr(ex, "seed", 4),
            "draw_again": ex.draw_again,
            "button": ex.draw_button.click,
            "scores": lambda: setattr(ex, "scores", (1.0, 0.0)),
            "reveal": ex.reveal,
        }[action]()
        assert ex.revealed and ex.n_renders == n + 1
        assert f"softmax {100 * ex.probabilities[0]:.2f}%" in ex.status.value
        ex.reveal()  # once revealed, nothing more to do
        assert ex.n_renders == n + 1
    with pytest.raises(AttributeError):
        ex.revealed = False


def test_an_animation_does_not_reveal_the_live_explorer(tmp_path):
    with RandomUtilityExplorer() as ex:
        status, png = ex.status.value, ex.png()
        ex.animate(tmp_path / "sweep.png", "z1", [-2.0, 0.5, 3.0])
        assert not ex.revealed and ex.status.value == status and ex.png() == png
        # The frames themselves show the shares: the sweep moved the score.
        from PIL import Image
        with Image.open(tmp_path / "sweep.png") as im:
            assert im.n_frames == 3


# -- bad input ------------------------------------------------------------------
BAD_ARGUMENTS = [
    ({"scores": (1.0,)}, ValueError, r"scores needs one score per class, 2 or 3 of them, got 1"),
    ({"scores": (1.0, 0.0, 0.0, 0.0)}, ValueError, r"2 or 3 of them, got 4"),
    ({"scores": ()}, ValueError, r"2 or 3 of them, got 0"),
    ({"scores": 1.0}, ValueError, r"scores must be 1-D, got shape \(\)"),
    ({"scores": [[1.0, 0.0]]}, ValueError, r"scores must be 1-D, got shape \(1, 2\)"),
    ({"scores": (0.0, math.nan)}, ValueError, r"scores must hold finite numbers, got nan at "
                                              r"index 1"),
    ({"scores": (math.inf, 0.0)}, ValueError, r"scores must hold finite numbers"),
    ({"scores": (0.0, 5.0)}, ValueError, r"scores\[1\] must be in \[-4, 4\] \(the slider's "
                                         r"range\), got 5.0"),
    ({"scores": (0.0, 0.0, -4.5)}, ValueError, r"scores\[2\] must be in \[-4, 4\]"),
    ({"scores": "ab"}, TypeError, r"scores"),
    ({"scores": None}, TypeError, r"scores"),
    ({"scores": (True, False)}, TypeError, r"scores"),
    ({"n": 2_000}, ValueError, r"n must be one of 100, 1000, 5000, 10000, 100000, got 2000"),
    ({"n": 5_000.0}, ValueError, r"n must be one of .*, got 5000.0 \(float\)"),
    ({"n": True}, ValueError, r"n must be one of"),
    ({"n": "5000"}, ValueError, r"n must be one of"),
    ({"n": None}, ValueError, r"n must be one of"),
    ({"seed": -1}, ValueError, r"seed must be a whole number >= 0, got -1"),
    ({"seed": 1.5}, TypeError, r"seed must be a whole number >= 0, got 1.5 \(float\)"),
    ({"seed": math.nan}, TypeError, r"seed must be a whole number"),
    ({"seed": True}, TypeError, r"seed must be a whole number"),
    ({"seed": "0"}, TypeError, r"seed must be a whole number"),
    ({"seed": None}, TypeError, r"seed must be a whole number"),
]


@pytest.mark.parametrize(("kwargs", "error", "pattern"), BAD_ARGUMENTS,
                         ids=[f"{'-'.join(k)}-{i}" for i, (k, _, _) in enumerate(BAD_ARGUMENTS)])
def test_bad_constructor_arguments_name_the_explorer(kwargs, error, pattern):
    before = set(_instances)
    with pytest.raises(error, match=pattern) as info:
        RandomUtilityExplorer(**kwargs)
    assert str(info.value).startswith("RandomUtilityExplorer()"), str(info.value)
    assert set(_instances) == before  # refused before any widget is made


def test_numpy_integers_are_accepted():
    with RandomUtilityExplorer(n=np.int64(100), seed=np.int32(3)) as ex:
        assert ex.n == 100 and type(ex.n) is int and ex.seed == 3 and type(ex.seed) is int


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_every_slider_refuses_a_non_finite_value(bad):
    ex = RandomUtilityExplorer(scores=(0.0, 1.0, -1.0), n=100)
    for name, slider in ex.sliders.items():
        value, n, status = slider.value, ex.n_renders, ex.status.value
        with pytest.raises(ValueError, match=rf"^RandomUtilityExplorer: the {name} slider needs "
                                             r"a finite number, got -?(nan|inf)"):
            slider.value = bad
        assert slider.value == value and ex.n_renders == n and ex.status.value == status
        slider.value = 2.0
        assert ex.n_renders == n + 1
    ex.close()


# -- closing ----------------------------------------------------------------------
# Freed by close(): tests/test_widgets_lifecycle.py, whose tables include this explorer.
def test_controls_kept_after_close_do_not_keep_the_explorer():
    ex = RandomUtilityExplorer(n=100)
    sliders, dropdown, button = list(ex.sliders.values()), ex.n_dropdown, ex.draw_button
    gone = weakref.ref(ex)
    ex.close()
    del ex
    gc.collect()
    assert gone() is None
    for slider in sliders:
        slider.value = 1.0  # harmless: drives nothing
    dropdown.value = 1_000
    button.click()


def test_close_closes_every_widget_it_made_and_controls_then_do_nothing():
    before = set(_instances)
    ex = RandomUtilityExplorer(n=100)
    made = set(_instances) - before
    assert len(made) > 3 * len(ex.sliders)
    ex.close()
    assert not made & set(_instances)
    assert ex.closed and ex.widget.comm is None and ex.n_dropdown.comm is None
    assert ex.draw_button.comm is None
    n, status, seed = ex.n_renders, ex.status.value, ex.seed
    for slider in ex.sliders.values():
        slider.value = 3.0
    ex.n_dropdown.value = 1_000
    ex.draw_button.click()
    ex.draw_again()
    with ex.hold():
        pass
    ex.update()
    assert ex.n_renders == n and ex.status.value == status and ex.seed == seed
    assert ex.figure.axes == [] and not ex._cache
    ex.close()
    assert "closed" in ex._repr_mimebundle_()["text/plain"]


def test_with_block_closes_even_on_error():
    with RandomUtilityExplorer(n=100) as ex:
        assert not ex.closed and ex.n_renders >= 1
    assert ex.closed
    with pytest.raises(ZeroDivisionError), RandomUtilityExplorer(n=100) as ex2:
        1 / 0  # noqa: B018 - an error inside the block still closes
    assert ex2.closed


# -- the figure, projected in class --------------------------------------------
@pytest.mark.parametrize("scores", [(0.5, -0.5), (1.0, 0.0, -1.0)])
def test_explorer_figure(scores):
    with RandomUtilityExplorer(scores=scores) as ex:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            problems = explorer_problems(ex)
    assert not problems, "\n".join(problems)


def test_legends_under_the_panels_and_axes_fit_what_is_drawn():
    """What figure_checks cannot see: bars and the histogram are patches, not lines."""
    ex = RandomUtilityExplorer(scores=(0.0, 1.0, -1.0))
    seen = 0
    for _state in explorer_states(ex):
        ex.figure.canvas.draw()
        boxes = [a.get_window_extent() for a in (ex.ax_wins, ex.ax_noise)]
        for legend in ex.legends.values():
            assert min(t.get_fontsize() for t in legend.get_texts()) >= 10
            assert not any(legend.get_window_extent().overlaps(b) for b in boxes)
        lo, hi = ex.ax_wins.get_ylim()
        wy = _segments(ex.whiskers)[1]
        assert lo < 0 <= wy.min() and wy.max() <= 1 < hi
        assert all(lo < b.get_height() < hi for b in ex.bars)
        x0, x1 = ex.ax_wins.get_xlim()
        assert all(x0 < b.get_x() and b.get_x() + b.get_width() < x1 for b in ex.bars)
        top = ex.ax_noise.get_ylim()[1]
        assert ex.histogram.get_data()[0].max() < top
        assert top < 2 * max(0.3, ex.histogram.get_data()[0].max())  # not far too tall
        seen += 1
    assert seen == len(N_CHOICES) * (1 + 2 * 3)
    ex.close()


def test_a_class_that_never_wins_still_gets_a_whisker_and_a_gap():
    # p(class 2) = expit(-8) = 3.4e-4: with 100 draws it wins none.
    with RandomUtilityExplorer(scores=(4.0, -4.0), n=100) as ex:
        assert ex.counts[1] == 0
        assert ex.standard_errors[1] > 0 and np.all(np.isfinite(ex.gaps))
        wy = _segments(ex.whiskers)[1]
        assert wy[1, 0] == 0.0 and wy[1, 1] > 0.0
