"""PathExplorer driven through its sliders, checked against independent computations."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from explorer_sweep import sweep_sliders
from scipy.optimize import minimize
from scipy.special import expit, log_expit

from logitlab.widgets import PathExplorer
from logitlab.widgets.path import demo_data


@pytest.fixture(scope="module")
def spector():
    d = sm.datasets.spector.load_pandas()
    gpa = d.exog["GPA"].to_numpy()
    return (gpa - gpa.mean()) / gpa.std(), d.endog.to_numpy()


@pytest.fixture
def ex():
    return PathExplorer()


def logit_no_intercept(x, y, lam=0.0):
    """Independent fit: scipy minimises mean NLL + (lam/2) b^2 for sigmoid(b x)."""

    def f(b):
        eta = b[0] * x
        return -np.mean(y * log_expit(eta) + (1 - y) * log_expit(-eta)) + 0.5 * lam * b[0] ** 2

    return float(minimize(f, [0.0], method="BFGS", options={"gtol": 1e-12}).x[0])


def manual_gd(x, y, start, lr, n_steps, lam):
    """Gradient descent on the two-class softmax written out by hand.

    The series' convention: class 1 is label 0 (beta1), class 2 is label 1 (beta2).
    """
    b1, b2 = start
    out = [(b1, b2)]
    for _ in range(n_steps):
        p2 = expit(x * (b2 - b1))  # P(class 2) = P(y = 1)
        g1 = np.mean(((1 - p2) - (1 - y)) * x) + lam * b1
        g2 = np.mean((p2 - y) * x) + lam * b2
        b1, b2 = b1 - lr * g1, b2 - lr * g2
        out.append((b1, b2))
    return np.array(out)


def test_defaults_and_dom(ex):
    assert list(ex.sliders) == ["beta1", "beta2", "lr", "steps", "l2"]
    assert (ex.sliders["beta1"].value, ex.sliders["beta2"].value) == (4.0, -1.0)
    assert ex.sliders["steps"].value == 150 and ex.sliders["lr"].value == 0.3
    assert ex.sliders["l2"].value == 0.0
    assert ex.sliders["steps"].max <= 300  # keeps the per-move recomputation cheap
    assert {"logitlab-explorer", "logitlab-path"} <= set(ex.widget._dom_classes)
    assert "logitlab-plot" in ex.widget.children[1]._dom_classes
    assert "logitlab-status" in ex.status._dom_classes
    assert ex.png()[:8] == b"\x89PNG\r\n\x1a\n"


def test_beta_hat_matches_statsmodels_and_scipy(ex):
    x, y = demo_data()
    sm_gamma = float(sm.Logit(y, x[:, None]).fit(disp=0).params[0])
    # statsmodels models P(label 1) = P(class 2): it reports gamma = beta2 - beta1 = -beta.
    assert ex.gamma_hat == pytest.approx(sm_gamma, abs=1e-8)
    assert ex.beta_hat == pytest.approx(-sm_gamma, abs=1e-8)
    assert ex.beta_hat == pytest.approx(-logit_no_intercept(x, y), abs=1e-6)


def test_path_equals_hand_written_descent(ex):
    x, y = demo_data()
    with ex.hold():
        ex.sliders["steps"].value = 40
        ex.sliders["lr"].value = 0.7
    ref = manual_gd(x, y, (4.0, -1.0), 0.7, 40, 0.0)
    np.testing.assert_allclose(ex.path, ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ex.lines["path"].get_xdata(), ex.path[:, 0])
    np.testing.assert_array_equal(ex.lines["path"].get_ydata(), ex.path[:, 1])
    assert list(ex.lines["start"].get_xdata()) == [4.0]
    assert list(ex.lines["end"].get_ydata()) == [ex.path[-1, 1]]
    np.testing.assert_array_equal(ex.lines["sum"].get_ydata(), ex.path.sum(axis=1))
    np.testing.assert_array_equal(ex.lines["sum"].get_xdata(), np.arange(41))
    np.testing.assert_array_equal(
        ex.lines["difference"].get_ydata(), ex.path[:, 0] - ex.path[:, 1]
    )


@pytest.mark.parametrize(("lr", "lam"), [(1.0, 0.0), (0.35, 0.2), (2.0, 0.5)])
def test_path_equals_the_package_optimiser(spector, lr, lam):
    from logitlab.fitting import gradient_descent_path

    x, y = spector
    ex = PathExplorer(x, y, start=(-3.3, 2.7), lr=lr, n_steps=120, l2=lam)
    res = gradient_descent_path(x[:, None], y, model="softmax", lr=lr, n_steps=120, l2=lam,
                                fit_intercept=False, init=([[-3.3], [2.7]], None))
    np.testing.assert_allclose(ex.path, res.coef[:, :, 0], rtol=1e-12, atol=1e-12)
    ex.close()


def test_straight_across_the_valley_each_to_its_own_place(ex):
    with ex.hold():
        ex.sliders["steps"].value = 300
        ex.sliders["lr"].value = 1.0
    starts = [(2.5, 3.0), (-3.0, 1.5), (-2.0, -3.5), (4.0, 4.0)]
    ends = []
    for b1, b2 in starts:
        with ex.hold():
            ex.sliders["beta1"].value = b1
            ex.sliders["beta2"].value = b2
        # Straight: every iterate keeps the start's sum (moves along (1, -1) only).
        np.testing.assert_allclose(ex.path.sum(axis=1), b1 + b2, atol=1e-13)
        end = ex.path[-1]
        assert end[0] - end[1] == pytest.approx(ex.beta_hat, abs=1e-8)
        ends.append(tuple(end))
    assert len({round(e[0], 6) for e in ends}) == len(starts)  # four different places
    for gp, (g1, g2) in zip(ex.ghost_paths, [(-3.0, 1.5), (3.5, -2.0), (-2.0, -3.5), (1.0, 3.5)],
                            strict=True):
        assert gp[0].tolist() == [g1, g2]
        assert gp[-1, 0] - gp[-1, 1] == pytest.approx(ex.beta_hat, abs=1e-8)
        assert gp[-1].sum() == pytest.approx(g1 + g2, abs=1e-13)
    assert "conserved" in ex.status.value


def test_l2_every_path_ends_at_the_symmetric_point(ex):
    x, y = demo_data()
    lam = 0.2
    with ex.hold():
        ex.sliders["l2"].value = lam
        ex.sliders["steps"].value = 300
        ex.sliders["lr"].value = 1.0
    b_half = logit_no_intercept(x, y, lam / 2)  # symmetric rows carry penalty lam/2
    # b is the coefficient of P(y = 1) = P(class 2), -beta: beta2 = +b/2.
    np.testing.assert_allclose(ex.optimum, [-b_half / 2, b_half / 2], atol=1e-7)
    np.testing.assert_allclose(ex.path[-1], ex.optimum, atol=1e-7)
    for gp in ex.ghost_paths:
        np.testing.assert_allclose(gp[-1], ex.optimum, atol=1e-7)
    # The sum shrinks by exactly (1 - lr*lam) per step.
    lr = ex.sliders["lr"].value
    sums = ex.path.sum(axis=1)
    np.testing.assert_allclose(sums[1:], sums[:-1] * (1 - lr * lam), rtol=1e-12, atol=1e-15)
    assert list(ex.lines["optimum"].get_xdata()) == [ex.optimum[0]]
    assert "shrinks" in ex.status.value and "0.800" in ex.status.value


def test_loss_surface(ex):
    x, y = demo_data()
    b1, b2 = 0.7, -1.3
    # P(y = 1) = P(class 2) = sigmoid(x (beta2 - beta1)).
    nll = -np.mean(y * log_expit(x * (b2 - b1)) + (1 - y) * log_expit(-x * (b2 - b1)))
    assert float(ex.loss(b1, b2)) == pytest.approx(nll, rel=1e-13)
    assert float(ex.loss(b1, b2, 0.3)) == pytest.approx(nll + 0.15 * (b1**2 + b2**2), rel=1e-13)
    # Flat along (1, 1) without the penalty.
    assert float(ex.loss(b1 + 2, b2 + 2)) == pytest.approx(nll, rel=1e-13)


def test_status_reports_end_point(ex):
    end = ex.path[-1]
    text = ex.status.value
    assert f"{end[0]:+.4f}" in text and f"{end[1]:+.4f}" in text
    assert "β₁ − β₂</b> = " + f"{end[0] - end[1]:+.4f}" in text and "+3.0000" in text
    assert f"β̂ = {ex.beta_hat:+.4f}" in text and f"γ̂ = −β̂ = {ex.gamma_hat:+.4f}" in text


def test_sweep_every_slider_no_nan_no_warning_same_figure(ex):
    def check(name, value):
        assert np.isfinite(ex.path).all(), (name, value)
        assert all(np.isfinite(g).all() for g in ex.ghost_paths)

    sweep_sliders(ex, check, values=lambda s: (s.min, s.max, s.min, (s.min + s.max) / 2))
    # The extreme corner: biggest step with the biggest penalty stays finite.
    with ex.hold():
        for s in ex.sliders.values():
            s.value = s.max
    assert np.isfinite(ex.path).all()


def test_hold_renders_once(ex):
    before = ex.n_renders
    with ex.hold():
        ex.sliders["beta1"].value = 1.0
        ex.sliders["beta2"].value = -1.0
        ex.sliders["lr"].value = 0.5
    assert ex.n_renders == before + 1


def test_spector_column(spector):
    x, y = spector
    ex = PathExplorer(x, y, start=(1.0, 3.0), lr=1.0, n_steps=300)
    sm_gamma = float(sm.Logit(y, x[:, None]).fit(disp=0).params[0])
    assert ex.beta_hat == pytest.approx(-sm_gamma, abs=1e-8)
    # statsmodels' Logit on the 0/1 labels reports beta2 - beta1 (class 2 = label 1).
    assert ex.path[-1, 1] - ex.path[-1, 0] == pytest.approx(sm_gamma, abs=1e-8)
    assert ex.path[-1].sum() == pytest.approx(4.0, abs=1e-13)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": [1.0, 2.0]}, "both x and y"),
        ({"x": [1.0, 2.0], "y": [0, 1, 1]}, "same length"),
        ({"x": [1.0, 2.0], "y": [0, 2]}, "0/1 labels"),
        ({"x": [1.0, 2.0], "y": [1, 1]}, "0/1 labels"),
        ({"x": "abc", "y": [0, 1]}, "PathExplorer"),
        ({"start": (5.0, 0.0)}, r"start\[0\] must be in \[-4, 4\]"),
        ({"lr": 3.0}, "lr must be in"),
        ({"n_steps": 1000}, "n_steps must be in"),
        ({"l2": -0.1}, "l2 must be in"),
        ({"l2": "none"}, "l2 must be a number"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        PathExplorer(**kwargs)


def _contour_peak(n):
    """tracemalloc peak (bytes) of redrawing the loss contours for n data points."""
    import tracemalloc

    x, y = demo_data(n, seed=3)
    ex = PathExplorer(x, y, n_steps=5)
    ex._nll_grid = None  # computed once per explorer: measure the full computation
    tracemalloc.start()
    try:
        ex._repaint_loss_map(0.1)  # what a move of the penalty slider does
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    ex.close()
    return peak


def test_contour_memory_does_not_grow_with_the_data():
    # Before: a 121 x 121 x n array (about 117 kB per data point, 0.6 GB here).
    small, large = _contour_peak(250), _contour_peak(5000)
    assert large < 1.5 * small, (small, large)
    # The map's resampled pixels, the 2 MB background copy and a few 241-row blocks.
    assert large < 8e6


def test_contour_values_equal_the_direct_computation():
    x, y = demo_data(30, seed=7)
    ex = PathExplorer(x, y, n_steps=5)
    for lam in (0.0, 0.27):
        B1, B2, L = ex.loss_grid(lam)
        assert L.shape == B1.shape == B2.shape == (121, 121)
        g = np.linspace(-4.5, 4.5, 121)
        np.testing.assert_array_equal(B1[0], g)
        np.testing.assert_array_equal(B2[:, 0], g)
        # Straight from the definition, with scipy: every grid point on its own.
        eta = (B2 - B1)[..., None] * x
        direct = -np.mean(y * log_expit(eta) + (1 - y) * log_expit(-eta), axis=-1)
        direct += 0.5 * lam * (B1**2 + B2**2)
        np.testing.assert_allclose(L, direct, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(L, ex.loss(B1, B2, lam), rtol=1e-13)
    # What is drawn is that grid: the penalty slider redraws it.
    ex.sliders["l2"].value = 0.27
    np.testing.assert_allclose(ex.contour_values, ex.loss_grid(0.27)[2], rtol=0, atol=0)
    image = ex._loss_image
    L = ex.contour_values
    np.testing.assert_array_equal(image.get_array(), np.maximum(L - L.min(), image.norm.vmin))
    # Nothing above the colour scale: no region saturates at its cap.
    assert image.get_array().max() <= image.norm.vmax
    ex.close()


def test_loss_in_chunks_equals_one_pass():
    # More data than one chunk: the chunked sum must still be the plain mean.
    x, y = demo_data(3000, seed=11)
    ex = PathExplorer(x, y, n_steps=5)
    b1 = np.array([[0.3, -1.2], [2.0, 0.0]])
    b2 = np.array([[-0.4, 0.5], [1.0, 0.0]])
    eta = (b2 - b1)[..., None] * x
    direct = -np.mean(y * log_expit(eta) + (1 - y) * log_expit(-eta), axis=-1)
    np.testing.assert_allclose(ex.loss(b1, b2), direct, rtol=1e-13)
    ex.close()


def test_softmax_rows_follow_the_convention(spector):
    """beta1 is row 0 = class 1 = label 0; statsmodels' MNLogit agrees on the rows."""
    x, y = spector
    ex = PathExplorer(x, y, start=(0.0, 0.0), lr=1.0, n_steps=300)
    b1, b2 = ex.path[-1]
    # From a zero sum the rows are symmetric: (beta_hat/2, -beta_hat/2).
    assert (b1, b2) == pytest.approx((ex.beta_hat / 2, -ex.beta_hat / 2), abs=1e-8)
    # MNLogit fixes the lowest label (class 1) at 0 and reports class 2's row.
    mn = sm.MNLogit(y, x[:, None]).fit(disp=0)
    assert float(np.asarray(mn.params)[0, 0]) == pytest.approx(b2 - b1, abs=1e-6)
    # P(y = 1) from the softmax's entry [1] at the end point equals the Logit fit.
    p = sm.Logit(y, x[:, None]).fit(disp=0).predict(x[:, None])
    np.testing.assert_allclose(expit(x * (b2 - b1)), p, atol=1e-8)
    assert "β₁ − β₂" in ex.status.value
    ex.close()


def _legend_labels(ex):
    return [t.get_text() for t in ex.figure.legends[0].get_texts()]


def test_floor_line_is_beta1_minus_beta2(ex):
    floor = ex.lines["floor"]
    b1 = np.asarray(floor.get_xdata())
    np.testing.assert_allclose(b1 - np.asarray(floor.get_ydata()), ex.beta_hat, atol=1e-12)
    assert any(r"\beta_1-\beta_2=\hat\beta" in label for label in _legend_labels(ex))
    assert not any(r"\beta_2-\beta_1" in label for label in _legend_labels(ex))


def test_axes_fixed_for_the_whole_run(spector):
    # Issue 18: the step axis ran 0-5 at frame 0 and 0-150 at the end of the sweep.
    ex = PathExplorer(*spector, n_steps=50)
    limits = (ex.ax_trace.get_xlim(), ex.ax_trace.get_ylim(), ex.ax_plane.get_xlim(),
              ex.ax_plane.get_ylim())
    assert limits[0] == (0.0, pytest.approx(50.0 * 1.03))
    for name, values in [("steps", range(0, 51, 5)), ("beta1", (-4.0, 0.0, 4.0)),
                         ("beta2", (-4.0, 4.0)), ("lr", (0.05, 2.0)), ("l2", (0.0, 0.3, 0.5))]:
        for v in values:
            ex.sliders[name].value = v
            now = (ex.ax_trace.get_xlim(), ex.ax_trace.get_ylim(), ex.ax_plane.get_xlim(),
                   ex.ax_plane.get_ylim())
            assert now == limits, (name, v)
    with ex.hold():
        for name in ("beta1", "beta2"):
            ex.sliders[name].value = -4.0
    drawn = np.concatenate([ex.lines["sum"].get_ydata(), ex.lines["difference"].get_ydata(),
                            [ex.beta_hat]])
    lo, hi = ex.ax_trace.get_ylim()
    assert lo <= drawn.min() and drawn.max() <= hi
    # More steps than the run had: the axis switches once to the slider's maximum.
    for n in (60, 150, 300):
        ex.sliders["steps"].value = n
        assert ex.ax_trace.get_xlim() == (0.0, pytest.approx(300.0 * 1.03))
    ex.sliders["steps"].value = 10
    assert ex.ax_trace.get_xlim() == limits[0]
    ex.close()


def test_default_run_is_long_and_visible(spector):
    """The default run crosses a good part of the plane, far more than its markers cover."""
    ex = PathExplorer(*spector)
    ex.figure.canvas.draw()
    to_px = ex.ax_plane.transData.transform
    start_px, end_px = to_px(ex.path[0]), to_px(ex.path[-1])
    length_px = float(np.hypot(*(end_px - start_px)))
    marker_px = max(ex.lines[n].get_markersize() for n in ("start", "end")) * ex.figure.dpi / 72
    assert length_px > 10 * marker_px
    assert np.hypot(*(ex.path[-1] - ex.path[0])) > 0.3 * 9.0  # of the 9-unit plane
    ex.close()


def test_loss_map_has_a_labelled_colour_bar_and_full_colours(spector):
    ex = PathExplorer(*spector)
    bar = ex.colorbar
    assert bar.mappable is ex._loss_image and "loss" in bar.ax.get_ylabel()
    # Opaque: not washed out (it was drawn with alpha 0.75 before).
    assert ex._loss_image.get_alpha() in (None, 1.0)
    for lam in (0.0, 0.5):
        ex.sliders["l2"].value = lam
        values = ex._loss_image.get_array()
        # The scale spans the map: no large area at the cap.
        assert np.mean(values >= 0.99 * bar.norm.vmax) < 0.02
    ex.close()


def test_star_legend_says_what_the_star_is(ex):
    star = [t for t in _legend_labels(ex) if "symmetric point" in t or "minimiser" in t]
    assert star == [r"symmetric point of the floor ($\lambda=0$)"]
    ex.sliders["l2"].value = 0.2
    assert r"the minimiser with $\lambda>0$ (symmetric)" in _legend_labels(ex)
    ex.sliders["l2"].value = 0.0
    assert r"the minimiser with $\lambda>0$ (symmetric)" not in _legend_labels(ex)


def test_legend_entries_distinct_and_readable(ex):
    legend = ex.figure.legends[0]
    styles = []
    for h in legend.legend_handles:
        styles.append((h.get_color(), h.get_linestyle(), h.get_marker()))
    assert len(styles) == len(set(styles)), styles
    assert len(styles) <= 7
    assert min(t.get_fontsize() for t in legend.get_texts()) >= 10
    # The legend sits under the axes, not over data.
    ex.figure.canvas.draw()
    box = legend.get_window_extent()
    for ax in (ex.ax_plane, ex.ax_trace):
        assert not box.overlaps(ax.get_window_extent())


def test_zero_steps_still_draws_every_listed_curve(ex):
    ex.sliders["steps"].value = 0
    for name in ("difference", "sum"):
        line = ex.lines[name]
        assert len(line.get_xdata()) == 1
        assert line.get_marker() not in ("None", "", None, " ")  # a lone point needs a marker


# -- predict, then observe (issue 10) ------------------------------------------


def expected_end(beta_hat, start):
    """The end without penalty from the conservation law, worked out by hand.

    beta1 + beta2 = s is kept and beta1 - beta2 = beta_hat is the floor.
    """
    s = start[0] + start[1]
    return (s + beta_hat) / 2, (s - beta_hat) / 2


def test_predict_mode_hides_the_run_and_asks(spector):
    ex = PathExplorer(*spector, start=(2.0, 3.0), predict=True)
    assert ex.revealed is False
    for name in ["path", "end", "optimum", "difference", "sum", "ghosts", "ghost_starts"]:
        assert len(ex.lines[name].get_xdata()) == 0, name
    assert list(ex.lines["start"].get_xdata()) == [2.0]
    status = ex.status.value
    assert "predict first" in status
    # Neither the end point nor the conserved sum is given away.
    b1, b2 = expected_end(ex.beta_hat, (2.0, 3.0))
    for v in (b1, b2, 5.0):
        assert f"{v:+.4f}" not in status and f"{v:+.2f}" not in status
    # Moving the start keeps it hidden and asks again about the new start.
    ex.sliders["beta1"].value = -1.0
    assert not ex.revealed and len(ex.lines["path"].get_xdata()) == 0
    assert "β₁ = -1.0" in ex.status.value


def test_right_prediction_is_judged_right(spector):
    ex = PathExplorer(*spector, start=(2.0, 3.0), n_steps=300, predict=True)
    b1, b2 = expected_end(-logit_no_intercept(*spector), (2.0, 3.0))
    ex.predict(b1, b2)
    assert ex.revealed and ex.prediction == (b1, b2)
    assert len(ex.lines["path"].get_xdata()) == 301
    assert ex.prediction_error == pytest.approx(0.0, abs=1e-4)
    assert "right: it ends there" in ex.status.value


@pytest.mark.parametrize(
    ("guess", "mistake"),
    [
        (lambda b, s: ((s - b) / 2, (s + b) / 2), "sign is flipped"),
        (lambda b, s: (b / 2, -b / 2), "symmetric point"),
        (lambda b, s: (0.0, -b), "not conserved"),
        (lambda b, s: ((s + b + 1) / 2, (s - b - 1) / 2), "lies on the floor"),
        (lambda b, s: (2.0, 3.0), "that is the start"),
        (lambda b, s: (9.0, -9.0), "both the sum"),
    ],
)
def test_wrong_prediction_names_the_mistake(spector, guess, mistake):
    ex = PathExplorer(*spector, start=(2.0, 3.0), n_steps=300, predict=True)
    b = -logit_no_intercept(*spector)  # beta_hat, the fitted beta1 - beta2
    g = guess(b, 5.0)
    ex.predict(*g)
    end = expected_end(b, (2.0, 3.0))
    assert ex.prediction_error == pytest.approx(np.hypot(g[0] - end[0], g[1] - end[1]), abs=1e-4)
    assert mistake in ex.status.value
    assert f"{ex.prediction_error:.3f} from the end" in ex.status.value


def test_penalised_prediction_of_the_conserved_sum(spector):
    ex = PathExplorer(*spector, start=(2.0, 3.0), n_steps=300, l2=0.2, predict=True)
    ex.predict(*expected_end(ex.beta_hat, (2.0, 3.0)))
    assert "shrinks β₁ + β₂ to 0" in ex.status.value
    b = logit_no_intercept(*spector, lam=0.1)
    ex.predict(-b / 2, b / 2)
    assert "right" in ex.status.value


def test_verdict_only_for_the_run_it_was_made_for(spector):
    ex = PathExplorer(*spector, start=(2.0, 3.0), predict=True)
    ex.predict(0.0, 0.0)
    assert "your prediction" in ex.status.value
    ex.sliders["beta2"].value = 1.0
    assert ex.revealed and "your prediction" not in ex.status.value
    assert len(ex.lines["path"].get_xdata()) == 151


def test_reveal_and_button(spector):
    ex = PathExplorer(*spector, predict=True)
    ex.reveal()
    assert ex.revealed and ex.prediction is None and "end</b>" in ex.status.value
    ex = PathExplorer(*spector, start=(2.0, 3.0), n_steps=300, predict=True)
    b1, b2 = expected_end(ex.beta_hat, (2.0, 3.0))
    ex.predict_boxes[0].value, ex.predict_boxes[1].value = b1, b2
    ex.draw_button.click()
    assert ex.revealed and "right" in ex.status.value


def test_default_is_revealed_without_prediction_controls(ex):
    assert ex.revealed and ex.prediction is None
    assert len(ex.lines["path"].get_xdata()) == 151
    assert not hasattr(ex, "draw_button")


@pytest.mark.parametrize("bad", [(np.nan, 1.0), (1.0, np.inf)])
def test_predict_refuses_non_finite(bad):
    ex = PathExplorer(predict=True)
    with pytest.raises(ValueError, match=r"^PathExplorer.predict\(\): .*finite"):
        ex.predict(*bad)
    assert not ex.revealed


def test_predict_flag_must_be_bool():
    with pytest.raises(TypeError, match=r"^PathExplorer\(\): predict must be True or False"):
        PathExplorer(predict="yes")


def test_hidden_run_leaves_no_legend_entry_without_its_line(spector):
    from figure_checks import explorer_problems

    ex = PathExplorer(*spector, predict=True)
    assert explorer_problems(ex) == []
    # Issue 18: only what is drawn is listed, no empty rows for hidden entries.
    (legend,) = ex.figure.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert all(t.get_visible() for t in legend.get_texts())
    assert len(texts) == 3 and "floor" in texts[0] and texts[2] == "start"
    ex.reveal()
    assert explorer_problems(ex) == []
    (legend,) = ex.figure.legends
    assert len(legend.get_texts()) == 7 and all(t.get_visible() for t in legend.get_texts())


# -- issue 19: exact values, separated data, input checks, huge numbers ------------


def test_constructor_values_survive_the_browser_echo(spector):
    """M4: the browser echoes each value rounded to the slider's grid; the run must not move."""
    from logitlab.widgets._sliders import frontend_value

    x, y = spector
    ex = PathExplorer(x, y, start=(2.25, 3.0), lr=0.123, l2=0.123, n_steps=80)
    exact_end = ex.path[-1].copy()
    for name in ("beta1", "beta2", "lr", "l2"):
        slider = ex.sliders[name]
        echo = frontend_value(slider, slider.value)
        slider.set_state({"value": echo})  # how ipywidgets applies a browser message
    # A slider step elsewhere, then the echoes again: still the exact run.
    ex.sliders["steps"].value = 79
    ex.sliders["steps"].value = 80
    ref = manual_gd(x, y, (2.25, 3.0), 0.123, 80, 0.123)
    np.testing.assert_allclose(ex.path, ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ex.path[-1], exact_end)
    assert "β₁ = +2.2" in ex.status.value or f"{ref[-1, 0]:+.4f}" in ex.status.value
    # A real drag (not an echo) moves the run.
    ex.sliders["lr"].value = 0.5
    assert ex.sliders["lr"].value == 0.5
    np.testing.assert_allclose(ex.path, manual_gd(x, y, (2.25, 3.0), 0.5, 80, 0.123),
                               rtol=1e-12, atol=1e-12)
    ex.close()


def test_prediction_judged_against_the_exact_run(spector):
    from logitlab.widgets._sliders import frontend_value

    x, y = spector
    ex = PathExplorer(x, y, start=(2.25, 3.0), n_steps=300, predict=True)
    slider = ex.sliders["beta1"]
    slider.set_state({"value": frontend_value(slider, 2.25)})
    ex.predict(*expected_end(ex.beta_hat, (2.25, 3.0)))
    assert "right: it ends there" in ex.status.value
    ex.close()


@pytest.mark.parametrize("flip", [False, True])
def test_separated_data_are_refused(flip):
    """M5: no finite floor, so no floor line and no beta_hat to draw."""
    x = np.linspace(-2, 2, 20)
    y = (x > 0).astype(int)
    if flip:
        y = 1 - y
    with pytest.raises(ValueError, match=r"^PathExplorer\(\): no finite floor: the data are "
                                         r"separated"):
        PathExplorer(x, y)


def test_quasi_separated_and_flat_data():
    # x = 0 at a mixed pair does not save separated data; all-zero x has no floor at all.
    with pytest.raises(ValueError, match="no finite floor"):
        PathExplorer([-1.0, 0.0, 0.0, 1.0], [0, 0, 1, 1])
    with pytest.raises(ValueError, match=r"^PathExplorer\(\): x is 0 at every point"):
        PathExplorer([0.0, 0.0, 0.0], [0, 1, 1])
    # One point on the wrong side: a floor exists.
    ex = PathExplorer([-1.0, -0.5, 0.5, 1.0], [0, 1, 0, 1], n_steps=5)
    assert np.isfinite(ex.beta_hat)
    ex.close()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda ex: ex.loss(1.0, None), TypeError, r"^PathExplorer.loss\(\) .*beta2"),
        (lambda ex: ex.loss("a", 1.0), TypeError, r"^PathExplorer.loss\(\) .*beta1"),
        (lambda ex: ex.loss([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError,
         r"^PathExplorer.loss\(\): beta1 and beta2 must have shapes that broadcast"),
        (lambda ex: ex.loss(1.0, 2.0, -0.1), ValueError, r"^PathExplorer.loss\(\): l2 must be"),
        (lambda ex: ex.loss(1.0, 2.0, np.nan), ValueError, r"^PathExplorer.loss\(\): l2 must be"),
        (lambda ex: ex.loss_grid(-1.0), ValueError, r"^PathExplorer.loss_grid\(\): l2 must be"),
        (lambda ex: ex.loss_grid(np.inf), ValueError, r"^PathExplorer.loss_grid\(\): l2 must"),
        (lambda ex: ex.loss_grid(None), TypeError, r"^PathExplorer.loss_grid\(\) .*l2"),
        (lambda ex: ex.loss_grid([0.1, 0.2]), ValueError, r"^PathExplorer.loss_grid\(\): l2"),
    ],
)
def test_public_methods_check_their_input(call, error, message):
    """L12: loss(1.0, None) was nan, loss_grid(-1.0) a negative loss."""
    ex = PathExplorer(n_steps=0)
    with pytest.raises(error, match=message):
        call(ex)
    ex.close()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"beta": np.nan}, r"^demo_data\(\): beta must be one finite number"),
        ({"beta": np.inf}, r"^demo_data\(\): beta must be one finite number"),
        ({"beta": [1.0, 2.0]}, r"^demo_data\(\): beta must be one finite number"),
        ({"n": 1}, r"^demo_data\(\): n must be a whole number >= 2"),
        ({"n": 2.5}, r"^demo_data\(\): n must be a whole number >= 2"),
        ({"n": True}, r"^demo_data\(\): n must be a whole number >= 2"),
        ({"seed": -1}, r"^demo_data\(\): seed must be a whole number >= 0 or None"),
        ({"seed": 1.5}, r"^demo_data\(\): seed must be a whole number >= 0 or None"),
    ],
)
def test_demo_data_checks_its_input(kwargs, message):
    """L12: demo_data(beta=nan) returned all-0 labels."""
    with pytest.raises(ValueError, match=message):
        demo_data(**kwargs)


def test_demo_data_follows_beta():
    # beta is the coefficient of class 1 = label 0: a positive beta puts label 0 at large x.
    x, y = demo_data(2000, beta=3.0, seed=5)
    assert y[x > 1].mean() < 0.1 and y[x < -1].mean() > 0.9
    assert sm.Logit(y, x[:, None]).fit(disp=0).params[0] == pytest.approx(-3.0, abs=0.4)


def test_huge_numbers_in_the_status_use_the_general_format(spector):
    """L13: a prediction of 1e308 printed 309 digits."""
    ex = PathExplorer(*spector, predict=True)
    ex.predict(1e308, -1e308)
    status = ex.status.value
    assert "+1e+308" in status and "-1e+308" in status
    import re

    assert max(len(run) for run in re.findall(r"\d+", status)) < 20
    ex.close()


def test_penalty_step_paints_the_same_map_as_a_full_redraw(spector):
    """Issue 20: a penalty step paints the map's pixels itself; they must match matplotlib's."""
    import io

    from PIL import Image

    moved = PathExplorer(*spector, l2=0.1)
    moved.sliders["l2"].value = 0.3
    fresh = PathExplorer(*spector, l2=0.3)
    a, b = (np.asarray(Image.open(io.BytesIO(e.png())).convert("RGB")).astype(int)
            for e in (moved, fresh))
    far = np.abs(a - b).max(axis=2) > 40
    assert far.mean() < 1e-3  # band edges and the axes' frame, a pixel here and there
    np.testing.assert_array_equal(moved.contour_values, fresh.contour_values)
    moved.close()
    fresh.close()
