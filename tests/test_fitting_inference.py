"""Standard errors, covariance, log-likelihood and odds ratios of FitResult (issue 11).

References: statsmodels' Logit and MNLogit (``cov_params()``, ``bse``,
``llf``, ``conf_int()``) on real data (spector, fair, anes96) and simulated
data, and a Hessian built here by finite differences of a gradient written
with scipy.special, independent of logitlab.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, special

import logitlab.fitting as fitting
from logitlab.fitting import ConvergenceWarning, fit_logistic, fit_softmax, results

RTOL = 1e-6


def _quiet_sm(model, **kw):
    """statsmodels fit without its own convergence chatter."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(disp=0, **kw)


@pytest.fixture(scope="module")
def spector():
    data = sm.datasets.spector.load_pandas()
    return data.exog[["GPA", "TUCE", "PSI"]].to_numpy(), data.endog.to_numpy()


@pytest.fixture(scope="module")
def fair_binary():
    """fair (6366 marriages): any affair, on four features."""
    data = sm.datasets.fair.load_pandas().data
    X = data[["rate_marriage", "age", "yrs_married", "religious"]].to_numpy()
    return X, (data["affairs"] > 0).to_numpy().astype(int)


@pytest.fixture(scope="module")
def anes96():
    data = sm.datasets.anes96.load_pandas().data
    X = data[["logpopul", "TVnews", "age", "educ", "income"]].to_numpy()
    return X, data["PID"].to_numpy()


@pytest.fixture(scope="module")
def fair_religious():
    """fair: religiousness (4 classes, 1..4) on three features."""
    data = sm.datasets.fair.load_pandas().data
    X = data[["age", "educ", "children"]].to_numpy()
    return X, data["religious"].to_numpy()


@pytest.fixture(scope="module")
def simulated_labels():
    """Four string classes whose sorted order is not the order of appearance."""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(300, 2)) * [1.0, 2.0]
    B = np.array([[0.0, 0.0, 0.0], [0.5, 1.0, -0.3], [-0.2, -0.8, 0.4], [0.3, 0.6, 0.5]])
    scores = B[:, 0] + X @ B[:, 1:].T
    P = special.softmax(scores, axis=1)
    idx = np.array([rng.choice(4, p=row) for row in P])
    names = np.array(["west", "east", "south", "north"])  # sorted: east, north, south, west
    return X, names[idx]


def _design(X, fit_intercept):
    return sm.add_constant(X, has_constant="add") if fit_intercept else X


# --------------------------------------------------------------------------
# fit_logistic against statsmodels Logit


@pytest.mark.parametrize("data", ["spector", "fair_binary"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_logistic_cov_bse_llf_match_statsmodels_logit(request, data, fit_intercept):
    X, y = request.getfixturevalue(data)
    ref = _quiet_sm(sm.Logit(y, _design(X, fit_intercept)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_logistic(X, y, fit_intercept=fit_intercept)
    np.testing.assert_allclose(res.params, ref.params, rtol=RTOL)
    np.testing.assert_allclose(res.cov, ref.cov_params(), rtol=RTOL)
    np.testing.assert_allclose(res.bse, ref.bse, rtol=RTOL)
    assert res.llf == pytest.approx(ref.llf, rel=1e-10)
    assert res.cov.shape == (X.shape[1] + fit_intercept,) * 2
    # params is the fit's own intercept and coef, intercept first.
    expected = np.r_[res.intercept, res.coef] if fit_intercept else res.coef
    np.testing.assert_array_equal(res.params, expected)


def test_logistic_cov_on_simulated_data_matches_statsmodels():
    rng = np.random.default_rng(2024)
    X = rng.normal(size=(200, 3)) * [1.0, 0.1, 10.0]
    y = (rng.random(200) < special.expit(0.4 + X @ [1.0, 5.0, -0.05])).astype(int)
    ref = _quiet_sm(sm.Logit(y, sm.add_constant(X)))
    res = fit_logistic(X, y)
    np.testing.assert_allclose(res.cov, ref.cov_params(), rtol=RTOL)


def test_spector_psi_odds_ratio(spector):
    # The published PSI coefficient 2.379: odds of an improved grade about
    # 10.8 times higher with the new teaching method.
    X, y = spector
    res = fit_logistic(X, y)
    ratio, low, high = res.odds_ratios()[3]
    assert ratio == pytest.approx(np.exp(2.3786876551), rel=1e-8)
    assert round(ratio, 1) == 10.8
    ref = _quiet_sm(sm.Logit(y, sm.add_constant(X)))
    np.testing.assert_allclose([low, high], np.exp(ref.conf_int()[3]), rtol=RTOL)


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.01, 0.5])
def test_odds_ratios_match_statsmodels_conf_int(spector, alpha):
    X, y = spector
    ref = _quiet_sm(sm.Logit(y, sm.add_constant(X)))
    got = fit_logistic(X, y).odds_ratios(alpha=alpha)
    assert got.shape == (4, 3)
    np.testing.assert_allclose(got[:, 0], np.exp(ref.params), rtol=RTOL)
    np.testing.assert_allclose(got[:, 1:], np.exp(ref.conf_int(alpha=alpha)), rtol=RTOL)


def test_odds_ratios_default_alpha_is_five_percent(spector):
    X, y = spector
    res = fit_logistic(X, y)
    np.testing.assert_array_equal(res.odds_ratios(), res.odds_ratios(0.05))


def test_softmax_odds_ratios_match_mnlogit_conf_int(anes96):
    X, y = anes96
    ref = _quiet_sm(sm.MNLogit(y, sm.add_constant(X)), method="newton", maxiter=100)
    got = fit_softmax(X, y).odds_ratios(alpha=0.1)
    assert got.shape == (6, 6, 3)
    # conf_int(): (K - 1, d, 2), rows per class like our params, lower then upper.
    ci = np.exp(np.asarray(ref.conf_int(alpha=0.1)))
    np.testing.assert_allclose(got[..., 1:], ci, rtol=RTOL)
    np.testing.assert_allclose(got[..., 0], np.exp(ref.params.T), rtol=RTOL)


# --------------------------------------------------------------------------
# fit_softmax against statsmodels MNLogit


@pytest.mark.parametrize("data", ["anes96", "fair_religious", "simulated_labels"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_softmax_cov_bse_llf_match_statsmodels_mnlogit(request, data, fit_intercept):
    X, y = request.getfixturevalue(data)
    classes, idx = np.unique(y, return_inverse=True)
    ref = _quiet_sm(sm.MNLogit(idx, _design(X, fit_intercept)), method="newton", maxiter=100)
    res = fit_softmax(X, y, fit_intercept=fit_intercept)
    K, d = classes.size, X.shape[1] + fit_intercept
    # statsmodels: class 1 (the lowest label) fixed at 0, params (d, K - 1).
    assert res.params.shape == res.bse.shape == (K - 1, d)
    assert res.cov.shape == ((K - 1) * d,) * 2
    np.testing.assert_allclose(res.params, np.asarray(ref.params).T, rtol=RTOL)
    np.testing.assert_allclose(res.bse, np.asarray(ref.bse).T, rtol=RTOL)
    np.testing.assert_allclose(res.cov, np.asarray(ref.cov_params()), rtol=RTOL)
    assert res.llf == pytest.approx(ref.llf, rel=1e-10)


def test_softmax_params_rows_are_classes_against_the_lowest_label(simulated_labels):
    X, y = simulated_labels
    res = fit_softmax(X, y)
    assert res.classes.tolist() == ["east", "north", "south", "west"]
    B = np.column_stack([res.intercept, res.coef])
    np.testing.assert_allclose(res.params, B[1:] - B[0], rtol=1e-12, atol=1e-12)
    # Relabelling so that "west" sorts first makes it the reference: the
    # "west" row of the old fit, negated, is the "east" row of the new one.
    renamed = np.where(y == "west", "a_west", y)
    moved = fit_softmax(X, renamed)
    assert moved.classes[0] == "a_west"
    np.testing.assert_allclose(moved.params[0], -res.params[2], rtol=1e-7)
    np.testing.assert_allclose(moved.bse[0], res.bse[2], rtol=1e-7)


def test_two_class_softmax_has_the_logistic_standard_errors(spector):
    X, y = spector
    logi, soft = fit_logistic(X, y), fit_softmax(X, y)
    np.testing.assert_allclose(soft.params[0], logi.params, rtol=1e-8)
    np.testing.assert_allclose(soft.bse[0], logi.bse, rtol=1e-8)
    np.testing.assert_allclose(soft.cov, logi.cov, rtol=1e-8)
    assert soft.llf == pytest.approx(logi.llf, rel=1e-12)


def test_softmax_cov_does_not_depend_on_init(anes96):
    X, y = anes96
    K, p = np.unique(y).size, X.shape[1]
    base = fit_softmax(X, y)
    rng = np.random.default_rng(3)
    moved = fit_softmax(X, y, init=(rng.normal(size=(K, p)), rng.normal(size=K)))
    np.testing.assert_allclose(moved.params, base.params, rtol=1e-7)
    np.testing.assert_allclose(moved.cov, base.cov, rtol=1e-7)


# --------------------------------------------------------------------------
# Units: features of very different sizes


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_logistic_bse_scale_with_the_features(spector, fit_intercept):
    X, y = spector
    s = np.array([1e-6, 1e6, 1.0])
    ref = _quiet_sm(sm.Logit(y, _design(X, fit_intercept)))
    res = fit_logistic(X * s, y, fit_intercept=fit_intercept)
    factor = np.r_[1.0, s] if fit_intercept else s
    np.testing.assert_allclose(res.bse, ref.bse / factor, rtol=RTOL)
    np.testing.assert_allclose(res.cov, ref.cov_params() / np.outer(factor, factor), rtol=RTOL)


@pytest.mark.parametrize("s", [1e-150, 1e150])
def test_logistic_bse_at_extreme_scales(spector, s):
    X, y = spector
    base = fit_logistic(X, y)
    res = fit_logistic(X * s, y)
    np.testing.assert_allclose(res.bse[1:] * s, base.bse[1:], rtol=1e-8)
    assert res.bse[0] == pytest.approx(base.bse[0], rel=1e-8)
    assert res.cov[1, 2] * s * s == pytest.approx(base.cov[1, 2], rel=1e-8)


def test_cov_beyond_float64_is_inf_while_bse_stays_finite(spector):
    # Features of size 1e-170: coefficients ~1e170, variances ~1e340.
    X, y = spector
    base = fit_logistic(X, y)
    res = fit_logistic(X * 1e-170, y)
    assert np.isinf(res.cov[1, 1])
    np.testing.assert_allclose(res.bse[1:] * 1e-170, base.bse[1:], rtol=1e-8)
    assert res.cov[0, 0] == pytest.approx(base.cov[0, 0], rel=1e-8)


def test_softmax_bse_scale_with_the_features(anes96):
    X, y = anes96
    s = np.array([1e-6, 1e6, 1.0, 1e3, 1e-3])
    ref = _quiet_sm(sm.MNLogit(y, sm.add_constant(X)), method="newton", maxiter=100)
    res = fit_softmax(X * s, y)
    np.testing.assert_allclose(res.bse, np.asarray(ref.bse).T / np.r_[1.0, s], rtol=RTOL)


# --------------------------------------------------------------------------
# The inverse Hessian, by finite differences


def _grad_total_nll_logistic(theta, Z, t):
    return Z.T @ (special.expit(Z @ theta) - t)


def _grad_total_nll_reference(theta, Z, idx, K):
    """Gradient of the softmax NLL with class 1's row fixed at 0."""
    d = Z.shape[1]
    B = np.vstack([np.zeros(d), theta.reshape(K - 1, d)])
    P = special.softmax(Z @ B.T, axis=1)
    Y = np.eye(K)[idx]
    return ((P - Y).T @ Z)[1:].ravel()


def _fd_hessian(grad, theta, h=1e-6):
    return np.array(
        [(grad(theta + h * e) - grad(theta - h * e)) / (2 * h) for e in np.eye(theta.size)]
    )


def test_logistic_cov_is_the_inverse_of_a_finite_difference_hessian():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 2)) * [1.0, 4.0]
    y = (rng.random(40) < special.expit(0.5 + X @ [1.0, -0.3])).astype(int)
    res = fit_logistic(X, y)
    Z = np.column_stack([np.ones(40), X])
    H = _fd_hessian(lambda th: _grad_total_nll_logistic(th, Z, y), res.params)
    np.testing.assert_allclose(res.cov, np.linalg.inv(H), rtol=1e-6)
    # approx_fprime on the gradient (one-sided) as a second, cruder check.
    H2 = np.array(
        [
            optimize.approx_fprime(
                res.params, lambda th, i=i: _grad_total_nll_logistic(th, Z, y)[i]
            )
            for i in range(3)
        ]
    )
    np.testing.assert_allclose(res.cov, np.linalg.inv((H2 + H2.T) / 2), rtol=1e-3)


def test_softmax_cov_is_the_inverse_of_a_finite_difference_hessian():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(60, 2))
    idx = rng.integers(0, 3, size=60)
    y = np.array([10, 20, 30])[idx]
    res = fit_softmax(X, y)
    Z = np.column_stack([np.ones(60), X])
    H = _fd_hessian(lambda th: _grad_total_nll_reference(th, Z, idx, 3), res.params.ravel())
    np.testing.assert_allclose(res.cov, np.linalg.inv(H), rtol=1e-6)
    np.testing.assert_allclose(res.bse, np.sqrt(np.diag(np.linalg.inv(H))).reshape(2, 3), rtol=1e-6)


# --------------------------------------------------------------------------
# When there is no covariance


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
def test_penalised_fits_have_no_cov_but_their_llf(spector, fit):
    X, y = spector
    res = fit(X, y, l2=0.1)
    assert res.cov is None and res.bse is None
    # llf: the data's log-likelihood at the penalised estimate, no penalty.
    ref_model = sm.Logit(y, sm.add_constant(X))
    params = res.params if res.params.ndim == 1 else res.params[0]
    assert res.llf == pytest.approx(ref_model.loglike(params), rel=1e-12)
    with pytest.raises(ValueError) as err:
        res.odds_ratios()
    assert str(err.value) == (
        "FitResult.odds_ratios(): there are no standard errors: the fit is penalised "
        "(l2 > 0), and the sampling covariance of a penalised estimate is not the inverse "
        "Hessian"
    )


def test_penalised_softmax_params_are_differences_of_rows(anes96):
    X, y = anes96
    res = fit_softmax(X, y, l2=0.5)
    B = np.column_stack([res.intercept, res.coef])
    np.testing.assert_allclose(res.params, B[1:] - B[0], rtol=1e-12, atol=1e-14)
    assert res.llf == pytest.approx(
        sm.MNLogit(y, sm.add_constant(X)).loglike(res.params.ravel()), rel=1e-12
    )


SEPARATED_X = [[0.0], [1.0], [2.0], [3.0]]
SEPARATED_Y = [0, 0, 1, 1]


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
def test_separated_fits_have_no_cov(fit):
    with pytest.warns(ConvergenceWarning, match="separated"):
        res = fit(SEPARATED_X, SEPARATED_Y)
    assert res.separated
    assert res.cov is None and res.bse is None
    assert np.isfinite(res.llf)
    with pytest.raises(ValueError) as err:
        res.odds_ratios()
    assert str(err.value) == (
        "FitResult.odds_ratios(): there are no standard errors: the data are perfectly "
        "separated, so no maximum-likelihood estimate exists"
    )


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
def test_unconverged_fits_have_no_cov(spector, fit):
    X, y = spector
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        res = fit(X, y, max_iter=1)
    assert not res.converged and not res.separated
    assert res.cov is None and res.bse is None
    with pytest.raises(ValueError) as err:
        res.odds_ratios()
    assert str(err.value) == (
        "FitResult.odds_ratios(): there are no standard errors: the fit did not converge, "
        "so the Hessian is not taken at the optimum"
    )


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
@pytest.mark.parametrize("extra", ["zeros", "collinear"])
def test_singular_information_gives_no_cov(spector, fit, extra):
    X, y = spector
    column = np.zeros(len(y)) if extra == "zeros" else 2.0 * X[:, 0] - X[:, 2]
    res = fit(np.column_stack([X, column]), y)
    assert res.converged
    assert res.cov is None and res.bse is None
    with pytest.raises(ValueError) as err:
        res.odds_ratios()
    assert str(err.value) == (
        "FitResult.odds_ratios(): there are no standard errors: the Fisher information is "
        "singular (collinear features or a column of zeros leave a parameter unidentified)"
    )


def test_nearly_collinear_features_still_have_cov(spector):
    # Not singular, only ill conditioned: statsmodels gives numbers, so do we.
    X, y = spector
    rng = np.random.default_rng(0)
    near = X[:, 0] + 1e-4 * rng.normal(size=len(y))
    Xn = np.column_stack([X, near])
    res = fit_logistic(Xn, y)
    ref = _quiet_sm(sm.Logit(y, sm.add_constant(Xn)))
    np.testing.assert_allclose(res.bse, ref.bse, rtol=1e-5)


# --------------------------------------------------------------------------
# Laziness, llf, odds_ratios' checks


def test_cov_is_computed_once_and_only_when_asked(spector, monkeypatch):
    X, y = spector
    calls = []
    real = results._covariance

    def counting(info):
        calls.append(info)
        return real(info)

    monkeypatch.setattr(results, "_covariance", counting)
    res = fit_logistic(X, y)
    soft = fit_softmax(X, y)
    assert calls == []
    assert res.bse is not None and res.cov is not None and res.cov is res.cov
    assert soft.bse is soft.bse
    assert len(calls) == 2


def test_llf_is_loglik(spector):
    X, y = spector
    res = fit_logistic(X, y)
    assert res.llf == res.loglik == pytest.approx(-12.889634, abs=1e-6)


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.1, 1.5, float("nan"), float("inf")])
def test_odds_ratios_refuses_alpha_outside_0_1(spector, alpha):
    X, y = spector
    res = fit_logistic(X, y)
    with pytest.raises(ValueError, match=r"FitResult\.odds_ratios\(\): alpha must be strictly"):
        res.odds_ratios(alpha)


@pytest.mark.parametrize("alpha", [True, "0.05", None, [0.05]])
def test_odds_ratios_refuses_non_numbers(spector, alpha):
    X, y = spector
    res = fit_logistic(X, y)
    with pytest.raises(TypeError) as err:
        res.odds_ratios(alpha)
    assert str(err.value) == (
        f"FitResult.odds_ratios(): alpha must be a real number, got {type(alpha).__name__}"
    )


def test_odds_ratios_accepts_numpy_floats(spector):
    X, y = spector
    res = fit_logistic(X, y)
    np.testing.assert_array_equal(res.odds_ratios(np.float32(0.25)), res.odds_ratios(0.25))


# --------------------------------------------------------------------------
# The singularity threshold: matrix_rank's, smallest eigenvalue against
# largest * size * eps, on an information matrix built exactly


def _diagonal_information(smallest_in_eps):
    """_Information whose Fisher information is exactly diag(1, 0.5, k * eps).

    With P = 0.5 every row contributes z z^T / 4: one row (2, 0, 0) gives 1,
    two rows (0, 1, 0) give 0.5, k rows (0, 0, 2**-25) give k * 2**-52.
    """
    rows = [[2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
    rows += [[0.0, 0.0, 2.0**-25]] * smallest_in_eps
    Z = np.array(rows)
    return results._Information(Z, np.full(len(rows), 0.5), np.ones(3))


def test_information_above_the_rank_tolerance_is_inverted():
    cov, bse = results._covariance(_diagonal_information(4))  # 4 eps > 3 * eps
    np.testing.assert_allclose(cov, np.diag([1.0, 2.0, 2.0**52 / 4]), rtol=1e-12, atol=1e-3)
    np.testing.assert_allclose(bse, np.sqrt([1.0, 2.0, 2.0**52 / 4]), rtol=1e-12)


@pytest.mark.parametrize("k", [3, 2])
def test_information_at_or_below_the_rank_tolerance_is_singular(k):
    # The tolerance is largest (1) * size (3) * eps: exactly 3 eps is singular.
    assert results._covariance(_diagonal_information(k)) == (None, None)


def test_cov_overflow_is_quiet(spector):
    X, y = spector
    res = fit_logistic(X * 1e-170, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cov = res.cov
        ratios = res.odds_ratios()
    assert np.isinf(cov[1, 1])
    assert np.isinf(ratios[1, 0])  # exp(2.8e170)


def test_hand_built_result_has_no_cov():
    res = fitting.FitResult(
        coef=np.array([1.0]),
        intercept=0.0,
        n_iter=0,
        converged=True,
        loss=0.5,
        loglik=-1.0,
        classes=np.array([0, 1]),
        method="by hand",
    )
    assert res.cov is None and res.bse is None and res.params is None
    assert res.llf == -1.0
    with pytest.raises(ValueError, match="no information was recorded"):
        res.odds_ratios()


def test_quasi_separated_fit_has_huge_standard_errors():
    # x = 3 holds one point of each class; every other point is separated.
    X = np.array([[0.0], [1.0], [2.0], [3.0], [3.0], [4.0], [5.0], [6.0]])
    y = [0, 0, 0, 0, 1, 1, 1, 1]
    with pytest.warns(ConvergenceWarning, match="quasi-separated"):
        res = fit_logistic(X, y)
    assert res.converged
    assert np.all(res.bse > 100 * np.abs(res.params))
