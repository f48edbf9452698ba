"""The numeric claims of lessons 05-07, checked against independent references.

Lesson 05: statsmodels' Logit/MNLogit on ``spector`` (and Stata's estimates, as
kept in statsmodels' test data), the conserved sum of the softmax rows under gradient descent, the
lam/2 equivalence, scikit-learn's ``C = 2/(n*lam)`` (its objective written out
and minimised with scipy), and the intercept effects. Lesson 06: the
overflow/NaN/cancellation thresholds (each edge with the function it belongs to),
the sigma(30) error bound and the ulp errors against mpmath.
Lesson 07: a change of reference class in MNLogit on ``anes96`` and the conserved row
sum of a real three-class gradient-descent run. The exercise
keys of lessons 05-07 are checked here too.
"""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
import statsmodels.api as sm
from scipy.special import expit, logsumexp
from scipy.special import softmax as sp_softmax
from sklearn_objective import sklearn_binary_fit

from logitlab import log_sigmoid, log_softmax, naive_sigmoid, naive_softmax, sigmoid, softmax
from logitlab.fitting import fit_logistic, fit_softmax, gradient_descent_path

# statsmodels' Logit on spector (TEACHING-POINTS); Stata 11's estimates, as kept in
# statsmodels/discrete/tests/results/results_discrete.py (class Spector), agree to ~1e-6.
SPECTOR = {"const": -13.0213468581, "GPA": 2.8261125949, "TUCE": 0.0951576613,
           "PSI": 2.3786876551}
SPECTOR_LLF = -12.889634
STATA = {"const": -13.0213483201, "GPA": 2.82611297201, "TUCE": 0.0951576702557,
         "PSI": 2.37868772835}


@pytest.fixture(scope="module")
def spector():
    d = sm.datasets.spector.load_pandas()
    return d.exog.to_numpy(), d.endog.to_numpy(), d


@pytest.fixture(scope="module")
def reference(spector):
    _, _, d = spector
    return sm.Logit(d.endog, sm.add_constant(d.exog)).fit(disp=0).params.to_numpy()


# -- lesson 05 ---------------------------------------------------------------

def test_statsmodels_logit_and_mnlogit_on_spector(spector, reference):
    _, _, d = spector
    Xc = sm.add_constant(d.exog)
    logit = sm.Logit(d.endog, Xc).fit(disp=0)
    np.testing.assert_allclose(reference, list(SPECTOR.values()), atol=5e-10)
    np.testing.assert_allclose(reference, list(STATA.values()), atol=2e-6)
    assert logit.llf == pytest.approx(SPECTOR_LLF, abs=1e-6)
    mn = sm.MNLogit(d.endog, Xc).fit(disp=0)
    assert np.max(np.abs(mn.params.to_numpy()[:, 0] - reference)) < 1e-12


def test_logitlab_fits_match_statsmodels(spector, reference):
    X, y, _ = spector
    logi = fit_logistic(X, y)
    np.testing.assert_allclose(np.r_[logi.intercept, logi.coef], reference, atol=1e-9)
    assert logi.loglik == pytest.approx(SPECTOR_LLF, abs=1e-6)
    soft = fit_softmax(X, y)
    diff = np.r_[soft.intercept[1] - soft.intercept[0], soft.coef[1] - soft.coef[0]]
    np.testing.assert_allclose(diff, reference, atol=1e-9)
    # From zero: the symmetric rows, half of beta each (the factor-of-2 trap).
    np.testing.assert_allclose(soft.coef[1], reference[1:] / 2, atol=1e-9)
    np.testing.assert_allclose(soft.coef[0], -reference[1:] / 2, atol=1e-9)


def test_several_starts_rows_differ_difference_does_not(spector, reference):
    X, y, _ = spector
    rng = np.random.default_rng(2019)
    rows = []
    for _ in range(3):
        init = (rng.normal(scale=3, size=(2, 3)), rng.normal(scale=3, size=2))
        fit = fit_softmax(X, y, init=init)
        diff = np.r_[fit.intercept[1] - fit.intercept[0], fit.coef[1] - fit.coef[0]]
        np.testing.assert_allclose(diff, reference, atol=1e-9)
        np.testing.assert_allclose(fit.coef.sum(axis=0), init[0].sum(axis=0), atol=1e-12)
        assert fit.intercept.sum() == pytest.approx(init[1].sum(), abs=1e-12)
        rows.append(fit.coef[0])
    assert np.min(np.abs(rows[0] - rows[1])) > 0.1  # the rows themselves differ


def test_gradient_descent_two_starts_conserved_sum(spector, reference):
    X, y, _ = spector
    mu, sd = X.mean(axis=0), X.std(axis=0)
    Xs = (X - mu) / sd
    ends = []
    for init in [(np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 0.5]]), np.array([3.0, -7.0])),
                 (np.array([[-2.0, 0.0, 1.0], [0.0, -3.0, 2.0]]), np.array([0.0, 1.0]))]:
        path = gradient_descent_path(Xs, y, lr=4.0, n_steps=5_000, init=init)
        b, a = path.coef[-1], path.intercept[-1]
        slope = (b[1] - b[0]) / sd
        intercept = (a[1] - a[0]) - mu @ slope
        np.testing.assert_allclose(np.r_[intercept, slope], reference, atol=1e-12)
        assert np.abs(path.coef.sum(axis=1) - init[0].sum(axis=0)).max() < 1e-14
        assert np.abs(path.intercept.sum(axis=1) - init[1].sum()).max() < 1e-14
        ends.append(b)
    assert np.abs(ends[0] - ends[1]).max() > 1.0


def test_difference_is_binary_descent_with_twice_the_step(spector):
    X, y, _ = spector
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    init = (np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 0.5]]), np.array([3.0, -7.0]))
    soft = gradient_descent_path(Xs, y, lr=0.5, n_steps=200, init=init)
    # Independent binary descent written out with scipy's expit.
    theta = np.r_[init[1][1] - init[1][0], init[0][1] - init[0][0]]
    Z = np.column_stack([np.ones(len(y)), Xs])
    for step in range(201):
        got = np.r_[soft.intercept[step, 1] - soft.intercept[step, 0],
                    soft.coef[step, 1] - soft.coef[step, 0]]
        np.testing.assert_allclose(got, theta, atol=1e-12)
        theta = theta - 1.0 * Z.T @ (expit(Z @ theta) - y) / len(y)


def test_free_softmax_hessian_is_singular_and_pinv_keeps_the_sum(spector):
    X, y, _ = spector
    n = len(y)
    Z = np.column_stack([np.ones(n), (X - X.mean(axis=0)) / X.std(axis=0)])
    B = np.array([[1.0, 0.5, 0.1, -0.2], [-2.0, 0.3, 0.0, 0.4]])
    P = sp_softmax(Z @ B.T, axis=1)
    G = (P - np.column_stack([1 - y, y])).T @ Z / n
    A = (Z.T * (P[:, 0] * P[:, 1])) @ Z / n
    H = np.block([[A, -A], [-A, A]])
    assert np.linalg.matrix_rank(H) == 4
    step = -(np.linalg.pinv(H) @ G.reshape(-1)).reshape(2, -1)
    assert np.abs(step.sum(axis=0)).max() < 1e-12 * np.abs(step).max()


def test_l2_symmetric_lam_half_and_sklearn_c(spector):
    X, y, _ = spector
    n, lam = len(y), 0.1
    soft = fit_softmax(X, y, l2=lam)
    np.testing.assert_allclose(soft.coef.sum(axis=0), 0, atol=1e-12)
    diff = soft.coef[1] - soft.coef[0]
    np.testing.assert_allclose(diff, fit_logistic(X, y, l2=lam / 2).coef, atol=1e-9)
    assert np.abs(diff - fit_logistic(X, y, l2=lam).coef).max() > 0.1
    # The C = 2/(n*lam) equivalence, with scikit-learn's objective written out.
    np.testing.assert_allclose(sklearn_binary_fit(X, y, 2 / (n * lam))[1:], diff, atol=1e-6)
    assert np.abs(sklearn_binary_fit(X, y, 1 / (n * lam))[1:] - diff).max() > 0.1
    # The slope sum decays by (1 - lr*lam) per gradient-descent step.
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    init = (np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]), np.array([0.0, 0.0]))
    path = gradient_descent_path(Xs, y, lr=0.5, n_steps=50, l2=lam, init=init)
    sums = path.coef.sum(axis=1)
    np.testing.assert_allclose(sums[1:], sums[:-1] * (1 - 0.5 * lam), rtol=1e-12)


@pytest.mark.parametrize("eta_lam, decays", [(0.5, True), (1.5, True), (1.9, True), (2.5, False)])
def test_slope_sum_decays_to_zero_only_for_eta_lambda_below_2(spector, eta_lam, decays):
    """Lesson 05: the factor 1 - eta*lambda; decay to zero needs 0 < eta*lambda < 2."""
    X, y, _ = spector
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    lam = 0.5
    init = (np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]), np.array([0.0, 0.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the divergent run may overflow
        path = gradient_descent_path(Xs, y, lr=eta_lam / lam, n_steps=200, l2=lam, init=init)
    sums = np.abs(path.coef.sum(axis=1)).max(axis=1)
    expected = np.abs(1 - eta_lam) ** 200 * sums[0]
    assert sums[-1] == pytest.approx(expected, rel=1e-6)
    assert (sums[-1] < 1e-3 * sums[0]) == decays


def test_gradient_descent_keeps_unpenalised_intercept_sum(spector):
    """Lesson 05: a real run, not fit_softmax's bookkeeping."""
    X, y, _ = spector
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    init = (np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 0.5]]), np.array([5.0, 1.0]))
    gd = gradient_descent_path(Xs, y, lr=0.5, n_steps=2000, l2=0.1, init=init)
    assert np.abs(gd.intercept.sum(axis=1) - 6.0).max() < 1e-12
    assert np.abs(gd.coef[-1].sum(axis=0)).max() < 1e-12
    assert np.abs(gd.intercept[-1] - init[1]).max() > 1.0  # the intercepts did move


def test_intercepts_unpenalised_keep_their_sum_penalised_change_the_model(spector):
    X, y, _ = spector
    lam = 0.1
    a = fit_softmax(X, y, l2=lam, init=(np.zeros((2, 3)), np.array([0.0, 0.0])))
    b = fit_softmax(X, y, l2=lam, init=(np.zeros((2, 3)), np.array([5.0, 1.0])))
    assert b.intercept.sum() == pytest.approx(6.0, abs=1e-10)
    assert a.intercept.sum() == pytest.approx(0.0, abs=1e-10)
    assert (b.intercept[1] - b.intercept[0]) == pytest.approx(a.intercept[1] - a.intercept[0])
    free = fit_logistic(X, y, l2=lam / 2)
    pen = fit_logistic(np.hstack([np.ones((len(y), 1)), X]), y, l2=lam / 2, fit_intercept=False)
    assert abs(free.intercept - pen.coef[0]) > 1.0
    # Unpenalised intercept: mean fitted probability = share of ones (score equation).
    assert sigmoid(free.intercept + X @ free.coef).mean() == pytest.approx(y.mean(), abs=1e-10)
    assert abs(sigmoid(pen.coef[0] + X @ pen.coef[1:]).mean() - y.mean()) > 0.01


# -- lesson 06 ---------------------------------------------------------------

mpmath.mp.dps = 40


def _true_sigmoid(x):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(float(x))))


def test_naive_sigmoid_overflow_warning_right_limit():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert float(naive_sigmoid(-710.0)) == 0.0
    assert [str(w.message) for w in caught] == ["overflow encountered in exp"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert np.isnan(np.exp(710.0) / (1 + np.exp(710.0)))
        assert np.isfinite(np.exp(709.78) / (1 + np.exp(709.78)))
    assert any("invalid value" in str(w.message) for w in caught)
    assert float(np.log(np.finfo(np.float64).max)) == pytest.approx(709.782712893384)


def test_one_minus_sigmoid_tail():
    # The textbook sigmoid (about 1 ulp): the brief's 1e-3 at x = -30.
    rel30 = float(abs(mpmath.mpf(1 - float(naive_sigmoid(30.0))) - _true_sigmoid(-30.0))
                  / _true_sigmoid(-30.0))
    assert 0.9e-3 < rel30 < 1.1e-3
    # Even a correctly rounded sigmoid (mpmath, rounded once) cannot help: half a
    # float gap near 1 is still 5.9e-4 of the true value at x = -30.
    best = float(np.spacing(1.0) / 4 / _true_sigmoid(-30.0))
    rel30_rounded = float(abs(mpmath.mpf(1 - float(_true_sigmoid(30.0))) - _true_sigmoid(-30.0))
                          / _true_sigmoid(-30.0))
    assert 1e-5 < rel30_rounded <= best
    assert float(_true_sigmoid(-37.0)) == pytest.approx(8.5e-17, rel=0.01)
    grid = np.arange(-745.0, -37.0 + 0.5, 0.5)
    assert np.all(1 - naive_sigmoid(-grid) == 0)
    assert float(sigmoid(-37.0)) == pytest.approx(float(_true_sigmoid(-37.0)), rel=1e-15)


def _zero_edge(one_minus):
    """The largest float x in [-50, -30] with one_minus(x) == 0 (bisection over floats)."""
    lo, hi = -50.0, -30.0
    while True:
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            return lo
        lo, hi = (mid, hi) if one_minus(mid) == 0 else (lo, mid)


def test_one_minus_sigmoid_edges_per_function():
    """Lesson 06: -36.74 belongs to naive_sigmoid, -37.43 to a correctly rounded sigmoid."""
    naive = _zero_edge(lambda x: 1 - float(naive_sigmoid(-x)))
    rounded = _zero_edge(lambda x: 1 - float(_true_sigmoid(-x)))  # mpmath, rounded once
    ours = _zero_edge(lambda x: 1 - float(sigmoid(-x)))
    assert round(naive, 6) == -36.736801 and naive == pytest.approx(np.log(2.0**-53), abs=1e-12)
    assert round(rounded, 6) == -37.429948 and rounded == pytest.approx(np.log(2.0**-54), abs=1e-12)
    # The lesson says logitlab.sigmoid shares the naive edge (not correctly rounded there).
    assert ours == naive
    # Between the two edges a correctly rounded sigmoid still leaves 2**-53.
    assert 1 - float(_true_sigmoid(37.0)) == 2.0**-53
    assert 1 - float(naive_sigmoid(37.0)) == 0.0


def test_sigma_30_error_bound():
    truth = _true_sigmoid(30.0)
    other = 1 - truth
    naive_err = float(abs(mpmath.mpf(float(naive_sigmoid(30.0))) - truth))
    assert naive_err == pytest.approx(9.5e-17, rel=0.01)
    rel_naive = float(abs(mpmath.mpf(1 - float(naive_sigmoid(30.0))) - other) / other)
    assert f"{rel_naive:.2e}" == "1.02e-03"
    bound = 2.0**-54 / float(other)       # half the float gap just below 1, relative
    assert round(bound, 5) == 5.9e-4
    rounded = float(truth)
    rel_rounded = float(abs(mpmath.mpf(1 - rounded) - other) / other)
    assert rel_rounded <= bound
    assert float(np.spacing(1.0) / 2) == 2.0**-53  # the gap just below 1


def test_overflow_edge_is_709_78271():
    edge = float(np.log(np.finfo(np.float64).max))
    assert f"{edge:.5f}" == "709.78271"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(naive_sigmoid(-709.7827)) > 0       # no overflow yet
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert float(naive_sigmoid(-709.7828)) == 0.0
    assert caught and "overflow" in str(caught[0].message)
    assert float(_true_sigmoid(-709.7828)) > 0  # the truth is a positive subnormal


def test_ulp_errors_against_mpmath():
    x = np.unique(np.concatenate([np.linspace(-746.0, 40.0, 1500), np.linspace(-40, 40, 1000)]))
    truth_mp = [_true_sigmoid(v) for v in x]
    truth = np.array([float(t) for t in truth_mp])
    ulp = np.spacing(truth)

    def err(values):
        return np.array([float(abs(mpmath.mpf(float(v)) - t))
                         for v, t in zip(values, truth_mp, strict=True)]) / ulp

    normal = truth >= np.finfo(np.float64).tiny
    with np.errstate(over="ignore"):
        naive = naive_sigmoid(x)
    for values in (naive, expit(x)):
        e = err(values)
        assert e[normal].max() < 2.5
        assert e.max() > 1e10  # the flushed subnormal tail
    e = err(sigmoid(x))
    assert e.max() < 2.5
    assert np.all(sigmoid(x)[truth > 0] > 0)


def test_expit_flush_range_here():
    fine = np.linspace(-746.0, -700.0, 46_001)
    with np.errstate(over="ignore"):
        flushed = fine[(expit(fine) == 0) & (np.exp(fine) > 0)]
    assert round(float(flushed.min()), 2) == -745.13
    assert round(float(flushed.max()), 2) == -709.78
    assert round(float(fine[sigmoid(fine) > 0].min()), 2) == -745.13
    assert round(float(np.log(np.finfo(np.float64).tiny)), 2) == -708.40


def test_naive_softmax_and_log_softmax():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = naive_softmax([1000.0, 0.0])
        b = naive_softmax([-1000.0, -1000.0])
        c = np.log(softmax([1000.0, 0.0]))
        d = -np.log(sigmoid(-800.0))
    assert np.isnan(a[0]) and a[1] == 0
    assert np.isnan(b).all()
    assert softmax([1000.0, 0.0]).tolist() == [1.0, 0.0]
    assert softmax([-1000.0, -1000.0]).tolist() == [0.5, 0.5]
    assert c[1] == -np.inf and log_softmax([1000.0, 0.0]).tolist() == [0.0, -1000.0]
    assert d == np.inf and float(-log_sigmoid(-800.0)) == 800.0


# -- lesson 07 ---------------------------------------------------------------

def test_reference_change_with_mnlogit_on_anes96():
    anes = sm.datasets.anes96.load_pandas().data
    party = np.select([anes["PID"] <= 2, anes["PID"] == 3], [0, 1], 2)
    assert np.bincount(party).tolist() == [488, 37, 419]
    regressors = ["logpopul", "selfLR", "age", "educ", "income"]
    X = sm.add_constant(anes[regressors])
    fit_dem = sm.MNLogit(party, X).fit(disp=0, method="newton", tol=1e-12)
    rotate = np.array([1, 2, 0])
    fit_rep = sm.MNLogit(rotate[party], X).fit(disp=0, method="newton", tol=1e-12)
    full_dem = np.column_stack([np.zeros(6), fit_dem.params.to_numpy()])
    full_rep = np.column_stack([fit_rep.params.to_numpy(), np.zeros(6)])
    np.testing.assert_allclose(full_rep, full_dem - full_dem[:, [2]], atol=1e-8)
    assert np.abs(full_rep - full_dem).max() > 1.0  # the coefficients do change
    p_dem = fit_dem.predict(X).to_numpy()
    p_rep = fit_rep.predict(X).to_numpy()[:, rotate]
    assert np.abs(p_dem - p_rep).max() < 1e-12
    soft = fit_softmax(anes[regressors].to_numpy(), party)
    rows = np.column_stack([soft.intercept, soft.coef]).T
    np.testing.assert_allclose(rows - rows[:, [0]], full_dem, atol=1e-8)
    # The question's mistake in general form: sigmoids of the scores do not sum to 1.
    sums = expit(X.to_numpy() @ rows).sum(axis=1)
    assert sums.min() > 1.2 and sums.max() < 1.7


def test_gradient_descent_conserves_row_sum_for_three_classes():
    """Lesson 07: the K row gradients sum to zero, so plain descent keeps the row sum."""
    anes = sm.datasets.anes96.load_pandas().data
    party = np.select([anes["PID"] <= 2, anes["PID"] == 3], [0, 1], 2)
    X = anes[["logpopul", "selfLR", "age", "educ", "income"]].to_numpy()
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    rng = np.random.default_rng(1996)
    init = (rng.normal(scale=2, size=(3, 5)), rng.normal(scale=2, size=3))
    gd = gradient_descent_path(Xs, party, lr=1.0, n_steps=500, init=init)
    assert np.abs(gd.coef.sum(axis=1) - init[0].sum(axis=0)).max() < 1e-13
    assert np.abs(gd.intercept.sum(axis=1) - init[1].sum()).max() < 1e-13
    assert np.abs(gd.coef[-1] - init[0]).max() > 1.0


def test_log_odds_against_a_reference():
    a = np.array([1.0, 0.5, -0.5])
    B = np.array([[2.0, -1.0], [0.0, 1.0], [-1.0, 0.5]])
    x = np.array([0.3, -1.2])
    p = sp_softmax(a + B @ x)
    assert np.log(p[0] / p[2]) == pytest.approx((a[0] - a[2]) + x @ (B[0] - B[2]), rel=1e-14)
    for r in range(3):
        np.testing.assert_allclose(softmax((a - a[r]) + (B - B[r]) @ x), p, atol=1e-15)


# -- exercise keys -----------------------------------------------------------

def test_lesson05_keys():
    from logitlab.exercises import lesson05 as ex

    x, y = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 1.5]), np.array([0, 0, 1, 0, 1, 1, 1, 0])
    beta = fit_logistic(x[:, None], y, fit_intercept=False).coef[0]
    # Rows in sorted label order: row 0 is class 1 (label 0, b1 = 3 at the start),
    # row 1 is class 2 (label 1, b2 = 1); the logistic fit reports label 1.
    path = gradient_descent_path(x[:, None], y, lr=1.0, n_steps=3000, fit_intercept=False,
                                 init=([[3.0], [1.0]], None))
    b1, b2 = path.coef[-1, 0, 0], path.coef[-1, 1, 0]
    # Same rule as the key: sum kept, b2 - b1 -> beta.
    assert (b1 + b2, b2 - b1) == pytest.approx((4.0, beta), abs=1e-8)
    e1, e2 = ex.q1.expected
    assert (e1 + e2, e2 - e1) == pytest.approx((4.0, 1.5))
    assert ex.q2.expected == pytest.approx(0.1 / 2)
    # Question 3 (a transfer: C = 0.5, n = 200): the softmax lam whose b2 - b1 is the
    # colleague's coef_, checked on data of that size with scikit-learn's objective
    # written out and minimised by scipy (tests/sklearn_objective.py).
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 2))
    y = (rng.random(200) < expit(0.3 + X @ np.array([1.0, -0.7]))).astype(int)
    soft = fit_softmax(X, y, l2=ex.q3.expected)
    np.testing.assert_allclose(sklearn_binary_fit(X, y, 0.5)[1:], soft.coef[1] - soft.coef[0],
                               atol=1e-6)
    wrong = fit_softmax(X, y, l2=1 / (200 * 0.5))  # the trap, 1/(nC)
    assert np.abs(sklearn_binary_fit(X, y, 0.5)[1:] - (wrong.coef[1] - wrong.coef[0])).max() > 1e-3


def test_lesson06_keys():
    from logitlab.exercises import lesson06 as ex

    # Question 1 (a transfer): -log p1 for z = [-300, 450, 449], by mpmath and by scipy.
    z = [mpmath.mpf(v) for v in (-300, 450, 449)]
    loss = mpmath.log(sum(mpmath.exp(v) for v in z)) - z[0]
    assert ex.q1.expected == pytest.approx(float(loss), rel=1e-15)
    assert ex.q1.expected == pytest.approx(float(logsumexp([-300.0, 450.0, 449.0]) + 300.0),
                                           rel=1e-15)
    with np.errstate(divide="ignore"):
        assert -np.log(sp_softmax([-300.0, 450.0, 449.0])[0]) == np.inf  # the trap it avoids
    assert ex.q2.expected == pytest.approx(float(_true_sigmoid(-40.0)), rel=1e-15)
    assert 1 - float(sigmoid(40.0)) == 0.0
    np.testing.assert_allclose(ex.q3.expected, sp_softmax([-1000.0, -1000.0, -999.0]),
                               rtol=1e-14)


def test_lesson07_keys():
    from logitlab.exercises import lesson07 as ex

    assert ex.q1.expected == 4 - 1
    # Question 2: a class-1 report [0, -1.5, 1.6] moved to class 3 as the reference; the
    # same probabilities (scipy) and class 3's intercept 0.
    a = np.array([0.0, -1.5, 1.6])
    key = np.array(ex.q2.expected)
    assert key[2] == 0.0
    np.testing.assert_allclose(sp_softmax(key), sp_softmax(a), rtol=1e-12)
    np.testing.assert_allclose(key, [-1.6, -3.1, 0.0], atol=1e-12)
    assert ex.q3.expected == pytest.approx(float(expit([2.0, 1.0, -1.0]).sum()), rel=1e-15)


# -- what lessons 06 and 07 say about their explorers ---------------------------
# Each sentence of the lessons' explorer descriptions, checked on the explorer
# against a reference computed here (scipy, the float64 limits, the palette).

def _png_pixel(explorer, ax, point):
    """RGB of the explorer's PNG at data coordinates `point` of `ax`."""
    import io

    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(explorer.png())).convert("RGB")).astype(float)
    fig = ax.figure
    x, y = ax.transData.transform(point)
    scale = img.shape[0] / fig.bbox.height
    return img[int((fig.bbox.height - y) * scale), int(x * scale)] / 255


def test_lesson06_explorer_opens_where_nothing_breaks():
    from logitlab.widgets import StabilityExplorer

    with StabilityExplorer() as ex:
        assert (ex.scale, ex.shift) == (10.0, 0.0)
        assert all(v == 0 for v in ex.broken.values())
        # The right panel: -log P(class 2) on a log axis from 1e-4 to 1e4.
        assert ex.ax_log.get_yscale() == "log"
        assert ex.ax_log.get_ylim() == pytest.approx((1e-4, 1e4))
        # -log P(class 2) = log(1 + e^(10x)), by mpmath (scipy's log_softmax is off by
        # up to 2e-12 relative where the loss is near 1e-4).
        exact = [float(mpmath.log1p(mpmath.exp(10 * mpmath.mpf(float(v))))) for v in ex.x]
        np.testing.assert_allclose(ex.lines["log_softmax"].get_ydata(), exact, rtol=1e-14)


@pytest.mark.parametrize(("scale", "shift", "edge"), [(1000.0, 300.0, 0.41), (1000.0, 0.0, 0.71)])
def test_lesson06_nan_edge_band_and_end_cross(scale, shift, edge):
    from logitlab.widgets import StabilityExplorer

    overflow = np.log(np.finfo(np.float64).max)        # 709.78..., the lesson's threshold
    with StabilityExplorer(scale=scale, shift=shift) as ex:
        x = ex.x
        nan = scale * x + shift > overflow
        assert x[nan].min() == pytest.approx(edge, abs=0.0026)   # the lesson's 2-decimal edge
        # Shaded in both panels over exactly those points.
        np.testing.assert_array_equal(ex.masks["nan"], nan)
        np.testing.assert_array_equal(ex.masks["nan_log"], nan)
        assert len(ex.bands["nan"].get_paths()) == len(ex.bands["nan_log"].get_paths()) == 1
        # The naive curve's ✖ on its last finite value, in both panels.
        last = int(np.flatnonzero(~nan).max())
        assert ex.lines["naive"].get_markevery() == [last]
        assert ex.lines["log_of_naive"].get_markevery() == [last]
        # Hatched where log(softmax) is -inf: where scipy's P(class 2) underflows to 0.
        p2 = sp_softmax(np.column_stack([scale * x + shift, np.full_like(x, shift)]), axis=1)[:, 1]
        np.testing.assert_array_equal(ex.masks["neg_inf"], p2 == 0)
        assert ex.bands["neg_inf"].get_hatch() == "//"
        finite = np.flatnonzero(p2 > 0)
        assert ex.lines["log_of_softmax"].get_markevery() == [int(finite.max())]
        texts = {t.get_text() for t in ex.figure.legends[0].get_texts() if t.get_visible()}
        assert {"stable: softmax, −log_softmax", "hatched: log(softmax) is −inf",
                "shaded: naive softmax is NaN"} <= texts


@pytest.mark.parametrize("shift", [1000.0, -1000.0])
def test_lesson06_shift_breaks_every_point_and_not_the_stable_curve(shift):
    from logitlab.widgets import StabilityExplorer

    with StabilityExplorer(scale=10.0, shift=shift) as ex:
        assert ex.masks["nan"].all() and ex.broken["naive_nan"] == len(ex.x)
        assert not np.isfinite(ex.lines["naive"].get_ydata()).any()   # the curve is gone
        np.testing.assert_allclose(ex.lines["stable"].get_ydata(), expit(10 * ex.x), rtol=1e-12)
        # Its legend entry goes with it.
        handle, text, _ = ex.legend_entries["naive"]
        assert not text.get_visible()


def _washed_towards_white(rgb, colour):
    """Whether `rgb` lies strictly between white and the hex `colour`, on the line joining them."""
    c = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    t = (1 - rgb) / (1 - c)
    return bool(np.ptp(t) < 0.02 and 0.1 < t.mean() < 1.0)


def test_lesson07_softmax_pixels_mix_the_class_colours():
    from logitlab.palette import class_colour
    from logitlab.widgets import RegionsExplorer

    with RegionsExplorer() as ex:
        X1, X2 = np.meshgrid(np.linspace(-3, 3, 160), np.linspace(-3, 3, 160))
        scores = np.stack([-1 + 2 * X1, -1 - X1 + 1.7 * X2, -1 - X1 - 1.7 * X2], axis=-1)
        p = sp_softmax(scores, axis=-1)
        np.testing.assert_allclose(ex.proba, p, atol=1e-12)
        for k in range(3):
            i, j = np.unravel_index(np.argmax(p[..., k]), p.shape[:2])
            assert p[i, j, k] > 0.99
            assert _washed_towards_white(ex.rgb[i, j], class_colour(k + 1))


def test_lesson07_sigmoid_view_white_hole_and_dark_grey_quarter():
    from logitlab.widgets import RegionsExplorer

    with RegionsExplorer() as ex:
        ex.mode = "sigmoids"
        X1, X2 = np.meshgrid(np.linspace(-3, 3, 160), np.linspace(-3, 3, 160))
        scores = np.stack([-1 + 2 * X1, -1 - X1 + 1.7 * X2, -1 - X1 - 1.7 * X2], axis=-1)
        claims = (expit(scores) > 0.5).sum(axis=-1)
        assert 0.2 < np.mean(claims >= 2) < 0.3          # "about a quarter"
        assert ex.areas["many"] == pytest.approx(np.mean(claims >= 2))
        centre = np.unravel_index(np.argmin(X1**2 + X2**2), X1.shape)
        assert claims[centre] == 0 and np.allclose(ex.rgb[centre], 1.0)       # white
        grey = ex.rgb[claims >= 2]
        assert np.allclose(grey, grey[0]) and np.ptp(grey[0]) == 0 and grey[0][0] < 0.5
        assert "two or more classes" in ex.legend_labels and "no class" in ex.legend_labels


def test_lesson07_picture_shows_each_class_where_it_wins():
    from logitlab.palette import class_colour
    from logitlab.widgets import RegionsExplorer

    with RegionsExplorer() as ex:
        # Default model: class 2 wins at (-2, 2) (score 4.4), class 3 at (-2, -2),
        # class 1 at (2, 0).
        for point, k in (((-2.0, 2.0), 2), ((-2.0, -2.0), 3), ((2.0, 0.0), 1)):
            assert _washed_towards_white(_png_pixel(ex, ex.ax, point), class_colour(k)), point
