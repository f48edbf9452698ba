"""Regression tests for issue 8 in logitlab.fitting (items 1, 7 and 9) and the
test gaps found by mutation testing.

References are independent of the code under test: statsmodels' Logit and
MNLogit for optima, gradients written here with scipy.special.
"""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import special

import logitlab.fitting as fitting
from logitlab.fitting import (
    ConvergenceWarning,
    fit_logistic,
    fit_softmax,
    gradient_descent_path,
    newton,
)

FITS = [fit_logistic, fit_softmax]

# mutmut runs every function through a trampoline, one more stack frame
# between the caller and the code: no stacklevel is right both with and
# without it. So the `stacklevel=` lines carry `# pragma: no mutate` in
# logitlab/fitting/ and are checked here, outside mutmut, where a warning must
# point at the test that called the function.
_UNDER_MUTMUT = "mutants" in Path(fitting.__file__).parts


def _at_caller(warning):
    return _UNDER_MUTMUT or warning.filename == __file__


@pytest.fixture(scope="module")
def issue_data():
    """The reproducer of issue 8, item 1 (true slope 1.5, MLE 1.5944)."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    y = (rng.random(300) < 1 / (1 + np.exp(-1.5 * x))).astype(int)
    return x, y


@pytest.fixture(scope="module")
def three_class():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(90, 2))
    S = np.column_stack([np.zeros(90), 0.5 + X @ [1.0, -0.5], -0.3 + X @ [-0.8, 1.2]])
    P = special.softmax(S, axis=1)
    y = np.array([rng.choice(3, p=p) for p in P])
    return X, y


def _rms(X):
    return np.sqrt(np.mean(np.asarray(X, dtype=float) ** 2, axis=0))


def _logistic_grad(X, y, coef, intercept, l2, fit_intercept):
    """Gradient of the mean NLL + (l2/2)|coef|^2 in the caller's units, via scipy."""
    X = np.asarray(X, dtype=float)
    r = special.expit(X @ coef + intercept) - y
    g = np.r_[np.mean(r), X.T @ r / len(y) + l2 * coef]
    return g if fit_intercept else g[1:]


def _softmax_grad(X, y, coef, intercept, l2, fit_intercept):
    X = np.asarray(X, dtype=float)
    K = coef.shape[0]
    R = special.softmax(X @ coef.T + intercept, axis=1) - np.eye(K)[y]
    G = np.column_stack([R.mean(axis=0), R.T @ X / len(y) + l2 * coef])
    return G if fit_intercept else G[:, 1:]


# --------------------------------------------------------------------------
# Item 1: the fit does not depend on the scale of a feature


SCALES = [1e-150, 1e-10, 1e-9, 1e-6, 1.0, 1e6, 1e150, 1e154, 1e200, 1e300]


@pytest.mark.parametrize("s", SCALES)
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_fit_logistic_reaches_statsmodels_optimum_at_any_feature_scale(
    issue_data, s, fit_intercept
):
    x, y = issue_data
    exog = np.column_stack([np.ones_like(x), x]) if fit_intercept else x[:, None]
    ref = sm.Logit(y, exog).fit(disp=0, tol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_logistic(x[:, None] * s, y, fit_intercept=fit_intercept)
    assert res.converged and res.grad_max <= 1e-10
    np.testing.assert_allclose(res.coef * s, ref.params[-1:], rtol=1e-8)
    if fit_intercept:
        assert res.intercept == pytest.approx(ref.params[0], rel=1e-8)
    assert res.loglik == pytest.approx(ref.llf, rel=1e-12)
    # Newton is affine invariant: the same steps at every scale.
    assert res.n_iter == fit_logistic(x[:, None], y, fit_intercept=fit_intercept).n_iter


@pytest.mark.parametrize("s", [1e-150, 1e-9, 1e154, 1e300])
def test_fit_softmax_reaches_mnlogit_optimum_at_any_feature_scale(three_class, s):
    X, y = three_class
    ref = sm.MNLogit(y, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_softmax(X * s, y)
    assert res.converged and res.grad_max <= 1e-10
    # MNLogit: class 0 is the reference; columns of params are classes 1, 2.
    diff_coef = (res.coef[1:] - res.coef[0]) * s
    diff_int = res.intercept[1:] - res.intercept[0]
    np.testing.assert_allclose(diff_coef, ref.params[1:].T, rtol=1e-7)
    np.testing.assert_allclose(diff_int, ref.params[0], rtol=1e-7)
    assert res.loglik == pytest.approx(ref.llf, rel=1e-12)


@pytest.mark.parametrize("fit", FITS)
def test_mixed_huge_and_tiny_features_no_lapack_noise(capfd, issue_data, fit):
    x, y = issue_data
    rng = np.random.default_rng(3)
    X = np.column_stack([x * 1e300, rng.normal(size=x.size) * 1e-300])
    ref = sm.Logit(y, np.column_stack([np.ones_like(x), x, X[:, 1] * 1e300])).fit(disp=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit(X, y)
    assert res.converged
    coef = res.coef if fit is fit_logistic else res.coef[1] - res.coef[0]
    np.testing.assert_allclose(coef * [1e300, 1e-300], ref.params[1:], rtol=1e-7)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.mark.parametrize("fit", FITS)
def test_coefficient_beyond_float64_is_a_clear_error(issue_data, fit):
    x, y = issue_data
    # RMS ~ 1e-310: the slope would be ~1.6e310.
    with pytest.raises(ValueError, match=rf"{fit.__name__}\(\).*beyond float64.*rescale"):
        fit(x[:, None] * 1e-310, y)


@pytest.mark.parametrize("fit", FITS)
def test_tiny_feature_with_penalty_is_a_clear_error(issue_data, fit):
    x, y = issue_data
    with pytest.raises(ValueError, match=rf"{fit.__name__}\(\).*column 0 has RMS.*l2=0.5"):
        fit(x[:, None] * 1e-200, y, l2=0.5)


def test_penalised_fit_is_scale_aware(issue_data):
    # The penalty is on the coefficient in the caller's units: multiplying
    # the feature by s is the same as dividing l2 by s**2.
    x, y = issue_data
    a = fit_logistic(x[:, None] * 1e-3, y, l2=0.02)
    b = fit_logistic(x[:, None], y, l2=0.02 * 1e6)
    np.testing.assert_allclose(a.coef * 1e-3, b.coef, rtol=1e-9)
    assert a.loss == pytest.approx(b.loss, rel=1e-12)


# --------------------------------------------------------------------------
# grad_max and the stopping rule against their definition


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("max_iter", [0, 1, 2])
def test_logistic_grad_max_is_the_rms_scaled_gradient(fit_intercept, max_iter):
    rng = np.random.default_rng(11)
    # Scales 1e4 and 1e-4: dividing or multiplying by the RMS, or clamping
    # it at 1, all give a different number.
    X = rng.normal(size=(40, 2)) * [1e4, 1e-4]
    y = (rng.random(40) < 0.4).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        res = fit_logistic(X, y, fit_intercept=fit_intercept, max_iter=max_iter, l2=1e-9)
    g = _logistic_grad(X, y, res.coef, res.intercept, 1e-9, fit_intercept)
    scale = np.r_[1.0, _rms(X)] if fit_intercept else _rms(X)
    assert res.grad_max == pytest.approx(np.max(np.abs(g) / scale), rel=1e-9)
    assert res.n_iter == max_iter and not res.converged


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("max_iter", [0, 1])
def test_softmax_grad_max_counts_every_row(three_class, l2, max_iter):
    X, y = three_class
    X = X * [1e3, 1e-3]
    with pytest.warns(ConvergenceWarning, match=f"max_iter={max_iter}"):
        res = fit_softmax(X, y, l2=l2, max_iter=max_iter)
    G = _softmax_grad(X, y, res.coef, res.intercept, l2, True)
    expected = np.max(np.abs(G) / np.r_[1.0, _rms(X)])
    assert res.grad_max == pytest.approx(expected, rel=1e-9)
    assert res.n_iter == max_iter


@pytest.mark.parametrize("fit", FITS)
def test_stopping_rule_is_grad_max_at_most_tol(fit):
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]) * 1e-5
    y = [0, 0, 1, 0, 1, 1]
    with pytest.warns(ConvergenceWarning, match="max_iter=0"):
        g0 = fit(X, y, max_iter=0).grad_max
    # Exactly at tol: converged before the first step ("<=", not "<").
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit(X, y, max_iter=0, tol=g0)
    assert res.converged and res.n_iter == 0 and res.grad_max == g0
    with pytest.warns(ConvergenceWarning, match=r"no convergence in max_iter=0.*tol=") as rec:
        res = fit(X, y, max_iter=0, tol=g0 * (1 - 1e-9))
    assert not res.converged
    assert f"{g0:.3g}" in str(rec[0].message)


@pytest.mark.parametrize("fit", FITS)
def test_fit_that_converges_before_its_first_step(fit):
    # Balanced labels, symmetric feature: zero is the optimum.
    X = [[1.0], [-1.0], [1.0], [-1.0]]
    y = ["a", "a", "b", "b"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit(X, y)
    assert res.converged and res.n_iter == 0 and res.grad_max == 0.0
    assert np.all(res.coef == 0) and np.all(np.asarray(res.intercept) == 0)
    assert res.loglik == pytest.approx(4 * np.log(0.5), rel=1e-15)
    np.testing.assert_array_equal(res.predict_proba([[3.0]]), [[0.5, 0.5]])


# --------------------------------------------------------------------------
# fit_softmax: iteration count, quasi-separation of a non-reference class


def test_softmax_counts_newton_steps_like_logistic(issue_data):
    x, y = issue_data
    logi = fit_logistic(x[:, None], y)
    soft = fit_softmax(x[:, None], y)
    assert soft.n_iter == logi.n_iter >= 3
    with pytest.warns(ConvergenceWarning, match="max_iter=1 Newton steps") as rec:
        one = fit_softmax(x[:, None], y, max_iter=1)
    assert _at_caller(rec[0])
    assert one.n_iter == 1 and not one.converged
    assert soft.loss < one.loss < fit_softmax(x[:, None], y, max_iter=0, tol=1.0).loss


def test_softmax_quasi_separation_of_a_non_reference_class():
    # Class 2 owns x >= 2 except for one class-1 point at x = 2: its row
    # drifts off to infinity; classes 0 and 1 overlap.
    X = np.array([[0.0], [0.0], [1.0], [1.0], [2.0], [2.0], [3.0], [3.0]])
    y = [0, 1, 1, 0, 1, 2, 2, 2]
    with pytest.warns(ConvergenceWarning, match="quasi-separated") as rec:
        res = fit_softmax(X, y)
    assert _at_caller(rec[0])
    assert res.converged
    assert res.coef[2, 0] - res.coef[0, 0] > 10


# --------------------------------------------------------------------------
# Degenerate design matrices: all-zero and duplicated columns


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_zero_column_changes_nothing(issue_data, fit_intercept):
    x, y = issue_data
    base = fit_logistic(x[:, None], y, fit_intercept=fit_intercept)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_logistic(np.column_stack([x, np.zeros_like(x)]), y, fit_intercept=fit_intercept)
        soft = fit_softmax(np.column_stack([np.zeros_like(x), x]), y, fit_intercept=fit_intercept)
    assert res.converged and soft.converged
    np.testing.assert_allclose(res.coef, [base.coef[0], 0.0], rtol=1e-10, atol=0)
    assert res.intercept == pytest.approx(base.intercept, rel=1e-10, abs=0)
    assert res.loglik == pytest.approx(base.loglik, rel=1e-12)
    np.testing.assert_array_equal(soft.coef[:, 0], [0.0, 0.0])
    assert soft.coef[1, 1] - soft.coef[0, 1] == pytest.approx(base.coef[0], rel=1e-10)
    assert soft.loglik == pytest.approx(base.loglik, rel=1e-12)


@pytest.mark.parametrize("fit", FITS)
def test_duplicated_column_splits_the_coefficient(issue_data, fit):
    x, y = issue_data
    base = fit(x[:, None], y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit(np.column_stack([x, x]), y)
    assert res.converged
    both = res.coef.sum(axis=-1)
    np.testing.assert_allclose(both, base.coef[..., 0], rtol=1e-8)
    assert res.loglik == pytest.approx(base.loglik, rel=1e-12)
    np.testing.assert_allclose(res.predict_proba(np.c_[x, x]), base.predict_proba(x[:, None]))


def test_singular_hessian_takes_the_least_squares_step(monkeypatch, issue_data):
    x, y = issue_data
    calls = []
    real_lstsq = np.linalg.lstsq

    def spy(*args, **kwargs):
        calls.append(1)
        return real_lstsq(*args, **kwargs)

    monkeypatch.setattr(np.linalg, "lstsq", spy)
    res = fit_logistic(np.column_stack([x, np.zeros_like(x)]), y)
    assert calls and res.converged
    # A regular design never needs it.
    calls.clear()
    fit_logistic(x[:, None], y)
    assert not calls


def test_solve_refuses_non_finite_systems():
    H = np.eye(2)
    assert newton._solve(np.array([[np.nan, 0.0], [0.0, 1.0]]), np.ones(2)) is None
    assert newton._solve(H, np.array([np.inf, 1.0])) is None
    np.testing.assert_array_equal(newton._solve(2 * H, np.array([2.0, 4.0])), [-1.0, -2.0])
    # Singular: the minimum-norm least-squares step.
    np.testing.assert_allclose(
        newton._solve(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([2.0, 2.0])), [-1.0, -1.0]
    )


@pytest.mark.parametrize("fit", FITS)
def test_line_search_failure_is_reported(monkeypatch, issue_data, fit):
    x, y = issue_data
    monkeypatch.setattr(newton, "_MAX_HALVINGS", 0)
    with pytest.warns(ConvergenceWarning, match="line search could not decrease") as rec:
        res = fit(x[:, None], y)
    assert _at_caller(rec[0])
    assert not res.converged and res.n_iter == 0 and not res.separated


# --------------------------------------------------------------------------
# loglik with a penalty, predict_proba


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_loglik_with_l2_is_the_unpenalised_log_likelihood(three_class, fit_intercept):
    X, y = three_class
    yb = (y == 2).astype(int)
    logi = fit_logistic(X, yb, l2=0.3, fit_intercept=fit_intercept)
    eta = X @ logi.coef + logi.intercept
    llf = np.sum(yb * special.log_expit(eta) + (1 - yb) * special.log_expit(-eta))
    assert logi.loglik == pytest.approx(llf, rel=1e-12)
    assert logi.loss == pytest.approx(-llf / len(y) + 0.15 * logi.coef @ logi.coef, rel=1e-12)
    soft = fit_softmax(X, y, l2=0.3, fit_intercept=fit_intercept)
    logp = special.log_softmax(X @ soft.coef.T + soft.intercept, axis=1)
    llf = np.sum(logp[np.arange(len(y)), y])
    assert soft.loglik == pytest.approx(llf, rel=1e-12)
    assert soft.loss == pytest.approx(-llf / len(y) + 0.15 * np.sum(soft.coef**2), rel=1e-12)


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_predict_proba_checks_its_input(issue_data):
    x, y = issue_data
    res = fit_logistic(x[:, None], y)
    with pytest.raises(ValueError, match=r"predict_proba\(\): X has no rows"):
        res.predict_proba(np.zeros((0, 1)))
    with pytest.raises(ValueError, match=r"predict_proba\(\): X has 2 features, the fit used 1"):
        res.predict_proba([[1.0, 2.0]])
    p = res.predict_proba(np.matrix([[0.5], [-1.0]]))
    assert type(p) is np.ndarray
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)


# --------------------------------------------------------------------------
# Item 7: inputs that slipped through validation


@pytest.mark.parametrize("func", ["fit_logistic", "fit_softmax", "gradient_descent_path"])
@pytest.mark.parametrize("value", ["False", "True", 0, 1, None, 1.0, np.array([False])])
def test_fit_intercept_must_be_a_bool(func, value):
    kwargs = {"lr": 0.1, "n_steps": 1} if func == "gradient_descent_path" else {}
    with pytest.raises(TypeError, match=rf"{func}\(\): fit_intercept must be True or False"):
        getattr(fitting, func)([[0.0], [1.0], [2.0]], [0, 1, 0], fit_intercept=value, **kwargs)


@pytest.mark.parametrize("fit", FITS)
def test_numpy_bool_fit_intercept_is_a_bool(issue_data, fit):
    x, y = issue_data
    a = fit(x[:, None], y, fit_intercept=np.False_)
    b = fit(x[:, None], y, fit_intercept=False)
    np.testing.assert_array_equal(a.coef, b.coef)
    np.testing.assert_array_equal(a.intercept, b.intercept)


@pytest.mark.parametrize("fit", FITS)
@pytest.mark.parametrize(
    "y", [[1, "a", 1, "a"], ["a", 2.0, "a", "b"], pd.Series([1, "a", 1, "a"]), ("x", 0, "x", 0)]
)
def test_labels_mixing_strings_and_numbers_are_refused(fit, y):
    # np.asarray([1, "a"]) silently makes them all strings.
    with pytest.raises(TypeError, match=rf"{fit.__name__}\(\): class labels in y mix strings"):
        fit([[0.0], [1.0], [2.0], [3.0]], y)


def test_string_labels_still_work():
    res = fit_logistic([[0.0], [1.0], [2.0], [3.0]], np.array(["b", "a", "a", "b"], dtype=object))
    assert res.classes.tolist() == ["a", "b"]


@pytest.mark.parametrize("fit", FITS)
def test_bool_dataframe_column_says_bool(fit):
    X = pd.DataFrame({"gpa": [2.0, 3.0, 3.5, 4.0], "psi": [True, False, True, False]})
    with pytest.raises(TypeError, match=rf"{fit.__name__}\(\).*column\(s\) psi.*bool"):
        fit(X, [0, 1, 0, 1])
    with pytest.raises(TypeError, match=rf"{fit.__name__}\(\).*bool"):
        fit(np.array([[True], [False], [True]]), [0, 1, 0])
    # Converted as the message says, it fits.
    fit(X.astype(float), [0, 1, 0, 1], l2=0.1)


@pytest.mark.parametrize("func", ["fit_logistic", "fit_softmax", "gradient_descent_path"])
def test_no_feature_and_no_intercept_is_a_clear_error(func):
    kwargs = {"lr": 0.1, "n_steps": 1} if func == "gradient_descent_path" else {}
    with pytest.raises(ValueError, match=rf"{func}\(\): X has no feature columns"):
        getattr(fitting, func)(np.zeros((4, 0)), [0, 1, 1, 0], fit_intercept=False, **kwargs)


def test_intercept_only_models_are_the_log_odds():
    y = [0, 1, 1, 1, 0, 1]
    logi = fit_logistic(np.zeros((6, 0)), y)
    assert logi.coef.shape == (0,) and logi.intercept == pytest.approx(np.log(2), rel=1e-12)
    soft = fit_softmax(np.zeros((6, 0)), [0, 1, 1, 2, 2, 2])
    np.testing.assert_allclose(soft.intercept - soft.intercept[0], np.log([1, 2, 3]), atol=1e-12)


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
@pytest.mark.parametrize("fit", FITS)
def test_matrix_inputs_act_as_arrays(issue_data, fit):
    x, y = issue_data
    base = fit(x[:, None], y)
    for X, yy in [(np.matrix(x).T, y), (x[:, None], np.matrix(y)), (x[:, None], np.matrix(y).T)]:
        res = fit(X, yy)
        np.testing.assert_array_equal(res.coef, base.coef)


@pytest.mark.parametrize("fit", FITS)
def test_masked_arrays_are_refused(fit):
    X = np.ma.array([[0.0], [1.0], [2.0]], mask=[[False], [True], [False]])
    with pytest.raises(TypeError, match=rf"{fit.__name__}\(\).*masked array for 'X'"):
        fit(X, [0, 1, 0])
    y = np.ma.array([0, 1, 0], mask=[False, True, False])
    with pytest.raises(TypeError, match=rf"{fit.__name__}\(\).*masked array for 'y'"):
        fit([[0.0], [1.0], [2.0]], y)


@pytest.mark.parametrize("func", ["fit_logistic", "fit_softmax", "gradient_descent_path"])
@pytest.mark.parametrize("l2", ["0.1", True, np.True_, None, 1j])
def test_l2_must_be_a_real_number(func, l2):
    kwargs = {"lr": 0.1, "n_steps": 1} if func == "gradient_descent_path" else {}
    with pytest.raises(TypeError, match=rf"{func}\(\): l2 must be a real number"):
        getattr(fitting, func)([[0.0], [1.0], [2.0]], [0, 1, 0], l2=l2, **kwargs)


@pytest.mark.parametrize("model", [np.array(["softmax"]), np.array("logistic"), ["softmax"], None])
def test_gradient_descent_path_model_must_be_a_string(model):
    with pytest.raises(ValueError, match=r"gradient_descent_path\(\): model must be 'softmax' or"):
        gradient_descent_path([[0.0], [1.0], [2.0]], [0, 1, 0], model=model, lr=0.1, n_steps=1)


@pytest.mark.parametrize("l2", [-0.1, np.inf, np.nan])
def test_gradient_descent_path_checks_l2_value(l2):
    with pytest.raises(ValueError, match=r"gradient_descent_path\(\): l2 must be a finite"):
        gradient_descent_path([[0.0], [1.0], [2.0]], [0, 1, 0], lr=0.1, n_steps=1, l2=l2)


@pytest.mark.parametrize(
    ("init", "kwargs", "match"),
    [
        ((np.array([np.nan]), 0.0), {}, "NaN or infinite"),
        ((np.array([0.0]), np.nan), {}, "NaN or infinite"),
        ((np.array([0.0]), np.inf), {}, "NaN or infinite"),
        ((np.array([0.0]), 0.5), {"fit_intercept": False}, "non-zero intercept"),
        ((np.array([0.0]), [0.5, 1.0]), {}, "single number"),
        ((np.array([0.0]),), {}, "pair"),
    ],
)
def test_gradient_descent_path_logistic_init(init, kwargs, match):
    with pytest.raises(ValueError, match=rf"gradient_descent_path\(\).*{match}"):
        gradient_descent_path(
            [[0.0], [1.0], [2.0]],
            [0, 1, 0],
            model="logistic",
            lr=0.1,
            n_steps=1,
            init=init,
            **kwargs,
        )


def test_gradient_descent_path_logistic_init_zero_intercept_without_intercept_model():
    path = gradient_descent_path(
        [[0.0], [1.0], [2.0]],
        [0, 1, 0],
        model="logistic",
        lr=0.1,
        n_steps=1,
        fit_intercept=False,
        init=(np.array([0.5]), 0.0),
    )
    assert path.coef[0, 0] == 0.5 and np.all(path.intercept == 0)


# --------------------------------------------------------------------------
# Item 9: gradient descent with lr * l2 >= 2


@pytest.mark.parametrize("model", ["softmax", "logistic"])
def test_unstable_step_warns_and_stops_before_overflow(issue_data, model):
    x, y = issue_data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = gradient_descent_path(x[:, None], y, model=model, lr=5.0, l2=1.0, n_steps=2000)
    messages = [str(w.message) for w in caught]
    assert [w.category for w in caught] == [ConvergenceWarning, ConvergenceWarning], messages
    assert all(_at_caller(w) for w in caught)
    assert "gradient_descent_path(): lr * l2 = 5 >= 2" in messages[0]
    assert "lr * l2 < 2" in messages[0]
    assert "overflowed" in messages[1]
    rows = path.loss.shape[0]
    assert 2 < rows < 2001
    assert f"({rows} of 2001 rows)" in messages[1]
    assert path.coef.shape[0] == path.intercept.shape[0] == rows
    assert np.isfinite(path.loss).all() and np.isfinite(path.coef).all()
    # It does diverge: |coef| grows by about |1 - lr*l2| = 4 per step.
    assert np.abs(path.coef[-1]).max() > 1e150


@pytest.mark.parametrize("lr", [2.0, 4.0])
def test_step_at_the_stability_limit_warns(lr):
    with pytest.warns(ConvergenceWarning, match=r"lr \* l2 = 2 >= 2") as rec:
        path = gradient_descent_path(
            [[0.0], [1.0], [2.0]], [0, 1, 0], lr=lr, l2=2.0 / lr, n_steps=5
        )
    assert _at_caller(rec[0])
    assert path.loss.shape == (6,)


def test_stable_step_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gradient_descent_path([[0.0], [1.0], [2.0]], [0, 1, 0], lr=1.99, l2=1.0, n_steps=200)
    assert path.loss.shape == (201,) and np.isfinite(path.loss).all()


# --------------------------------------------------------------------------
# Warnings point at the caller


@pytest.mark.parametrize("fit", FITS)
def test_fit_warnings_point_at_the_caller(fit):
    cases = [
        ([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1], {}, "perfectly separated"),
        ([[0.0], [1.0], [1.0], [2.0]], [0, 0, 1, 1], {}, "quasi-separated"),
        ([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1], {"max_iter": 0}, "max_iter=0"),
    ]
    for X, y, kwargs, match in cases:
        with pytest.warns(ConvergenceWarning, match=match) as rec:
            fit(X, y, **kwargs)
        assert len(rec) == 1 and _at_caller(rec[0]), match


# --------------------------------------------------------------------------
# Found by mutation testing


def test_documented_defaults():
    for fit in FITS:
        params = inspect.signature(fit).parameters
        assert params["max_iter"].default == 100
        assert params["tol"].default == 1e-10
        assert params["l2"].default == 0.0
        assert params["fit_intercept"].default is True


@pytest.mark.parametrize("fit", FITS)
def test_separation_is_detected_as_soon_as_every_point_is_on_its_side(fit):
    # One Newton step from zero gives eta = -2.4, -0.8, 0.8, 2.4: every point
    # on its side, some by less than 1.
    with pytest.warns(ConvergenceWarning, match="perfectly separated"):
        res = fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    assert res.n_iter == 1
    assert res.separated is True and res.converged is False
    coef = res.coef if fit is fit_logistic else res.coef[1] - res.coef[0]
    intercept = res.intercept if fit is fit_logistic else res.intercept[1] - res.intercept[0]
    assert coef[0] == pytest.approx(1.6, rel=1e-12)
    assert intercept == pytest.approx(-2.4, rel=1e-12)


def test_result_flags_are_bools_and_methods_are_named(issue_data):
    x, y = issue_data
    logi = fit_logistic(x[:, None], y)
    soft = fit_softmax(x[:, None], y)
    for res in (logi, soft):
        assert res.converged is True and res.separated is False
    assert logi.method == "newton (IRLS) with backtracking line search"
    assert soft.method == "newton on the identified problem, re-centred on init's flat component"
    with pytest.warns(ConvergenceWarning):
        stopped = fit_logistic(x[:, None], y, max_iter=1)
    assert stopped.converged is False and stopped.separated is False


def test_softmax_with_l2_of_exactly_one_is_symmetric(issue_data):
    # l2 == 1.0 must not be taken for "no penalty" (reference row fixed).
    x, y = issue_data
    soft = fit_softmax(x[:, None], y, l2=1.0)
    logi = fit_logistic(x[:, None], y, l2=0.5)
    np.testing.assert_allclose(soft.coef[:, 0], [-logi.coef[0] / 2, logi.coef[0] / 2], rtol=1e-9)
    assert soft.intercept[1] - soft.intercept[0] == pytest.approx(logi.intercept, rel=1e-9)


@pytest.mark.parametrize("init", [None, (np.array([0.0]), None)])
def test_logistic_path_default_init_is_zero(init):
    path = gradient_descent_path(
        [[0.0], [1.0], [2.0]], [0, 1, 0], model="logistic", lr=0.1, n_steps=1, init=init
    )
    assert path.coef[0, 0] == 0.0 and path.intercept[0] == 0.0
    assert path.loss[0] == pytest.approx(np.log(2), rel=1e-15)


def test_logistic_path_init_values_are_used():
    path = gradient_descent_path(
        [[0.0], [1.0], [2.0]],
        [0, 1, 0],
        model="logistic",
        lr=0.1,
        n_steps=0,
        init=([0.25], np.float64(-0.5)),
    )
    assert path.coef.tolist() == [[0.25]] and path.intercept.tolist() == [-0.5]


@pytest.mark.parametrize("step", [[0.0, 1.0], [0.25, 0.0], [1.0, 0.0]])
def test_line_search_turns_a_non_descent_step_into_steepest_descent(step):
    # loss = |theta|^2 from (1, 0): g = (2, 0). An orthogonal (slope 0) or
    # uphill step is replaced by -g, whose half step lands on the minimum.
    def loss_at(theta):
        return float(theta @ theta), "extra"

    theta = np.array([1.0, 0.0])
    found = newton._line_search(loss_at, theta, 1.0, np.array([2.0, 0.0]), np.array(step))
    assert found is not None
    np.testing.assert_array_equal(found[0], [0.0, 0.0])
    assert found[1:] == (0.0, "extra")


def test_line_search_keeps_a_descent_step_and_gives_up_on_none():
    def loss_at(theta):
        return float(theta @ theta), None

    theta = np.array([1.0, 0.0])
    g = np.array([2.0, 0.0])
    # The exact Newton step is taken whole.
    np.testing.assert_array_equal(newton._line_search(loss_at, theta, 1.0, g, -theta)[0], [0, 0])
    assert newton._line_search(loss_at, theta, 1.0, g, None) is None


@pytest.mark.parametrize("model", ["logistic", "softmax"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gd_path_loss_with_l2_against_scipy(model, fit_intercept):
    X = np.array([[0.0, 1.0], [1.0, -1.0], [2.0, 0.5], [3.0, 2.0]])
    y = np.array([0, 1, 0, 1])
    path = gradient_descent_path(
        X, y, model=model, lr=0.3, n_steps=4, l2=0.7, fit_intercept=fit_intercept
    )
    assert path.classes.tolist() == [0, 1] and path.model == model
    assert (path.lr, path.l2) == (0.3, 0.7)
    for k in range(5):
        if model == "logistic":
            eta = X @ path.coef[k] + path.intercept[k]
            nll = -np.mean(np.where(y == 1, special.log_expit(eta), special.log_expit(-eta)))
        else:
            S = X @ path.coef[k].T + path.intercept[k]
            nll = -np.mean(special.log_softmax(S, axis=1)[np.arange(4), y])
        assert path.loss[k] == pytest.approx(nll + 0.35 * np.sum(path.coef[k] ** 2), rel=1e-12)
    assert path.loss[-1] < path.loss[0]


@pytest.mark.parametrize("model", ["logistic", "softmax"])
def test_gd_path_huge_step_overflows_quietly(model):
    # lr = 1e300: the update itself overflows to inf on the second step,
    # and inf * 0 in the scores would be NaN; neither may leak a RuntimeWarning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = gradient_descent_path(
            [[0.0], [1.0], [2.0]], [0, 1, 0], model=model, lr=1e300, l2=1.0, n_steps=5
        )
    assert [w.category for w in caught] == [ConvergenceWarning, ConvergenceWarning]
    assert np.isfinite(path.loss).all() and 1 <= path.loss.shape[0] < 6


@pytest.mark.parametrize("fit", FITS)
def test_column_of_labels_is_one_label_per_row(fit):
    X = [[0.0], [1.0], [2.0], [3.0], [1.5]]
    flat = fit(X, ["a", "b", "a", "b", "b"])
    column = fit(X, [["a"], ["b"], ["a"], ["b"], ["b"]])
    np.testing.assert_array_equal(column.coef, flat.coef)
    assert column.classes.tolist() == ["a", "b"]


def test_line_search_halves_as_often_as_needed():
    # loss = theta^2 from 1 with a step of -1e4: the Armijo condition
    # L_new <= 1 - 2 * alpha first holds at alpha = 2**-13.
    def loss_at(theta):
        return float(theta @ theta), None

    found = newton._line_search(loss_at, np.array([1.0]), 1.0, np.array([2.0]), np.array([-1e4]))
    assert found is not None
    np.testing.assert_array_equal(found[0], [1.0 - 1e4 * 2.0**-13])


@pytest.mark.parametrize("model", ["logistic", "softmax"])
def test_gd_path_update_overflow_stays_quiet(model):
    # lr * gradient overflows in the very first update (no penalty, so no
    # stability warning): only the overflow warning, no RuntimeWarning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = gradient_descent_path(
            [[0.0], [1e10], [2e10]], [0, 1, 0], model=model, lr=1e308, n_steps=3
        )
    assert [w.category for w in caught] == [ConvergenceWarning]
    assert "after step 0" in str(caught[0].message)
    assert path.loss.shape == (1,) and path.loss[0] == pytest.approx(np.log(2), rel=1e-15)


# mutmut equivalent mutants left in fitting/newton.py (no test can tell them apart):
# - `_line_search`: `L_new <= ...` -> `<` (a tie with the Armijo bound has
#   measure zero);
# - `_quasi_separated`: `< _LOG_EXTREME` -> `<=` (likewise a tie).
# The others are kept out with `# pragma: no mutate` and a reason on their line.


@pytest.mark.parametrize("fit", FITS)
def test_default_max_iter_is_100_newton_steps(issue_data, fit):
    # tol far below rounding: the fit keeps taking (exact) steps until the
    # default max_iter runs out. (The signature check above does not see
    # a changed default through mutmut's trampoline; this does.)
    x, y = issue_data
    with pytest.warns(ConvergenceWarning, match="no convergence in max_iter=100 Newton steps"):
        res = fit(x[:, None], y, tol=1e-300)
    assert res.n_iter == 100 and res.converged is False


# --------------------------------------------------------------------------
# Issue 19: M2, M3, L1, L2, L6


def _strong_predictor(seed, beta=8.0, n=2000):
    """A strong predictor at large n: classes overlap only near x = 0."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = (rng.random(n) < special.expit(beta * x)).astype(int)
    return x[:, None], y


@pytest.mark.parametrize("beta", [5.0, 8.0])
@pytest.mark.parametrize("seed", range(8))
def test_converged_fit_with_an_mle_does_not_blame_separation(seed, beta):
    # Some points sit far out (P(observed) > 1 - 1e-8 at x = 3.5, beta = 8),
    # yet the classes overlap, so the MLE exists: statsmodels converges
    # silently to the same point, and so must we (it warned 40 of 40 times).
    X, y = _strong_predictor(seed, beta)
    assert X[y == 1].min() < X[y == 0].max()  # overlap: an MLE exists
    ref = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logi = fit_logistic(X, y)
        soft = fit_softmax(X, y)
    assert logi.converged and soft.converged
    np.testing.assert_allclose(logi.params, ref.params, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(logi.bse, ref.bse, rtol=1e-6)
    np.testing.assert_allclose(soft.params[0], ref.params, rtol=1e-8, atol=1e-9)


QUASI_CASES = {
    # Two points on the boundary x = 0, one of each class; the rest separated.
    "one_feature": (np.r_[-3:0:0.5, 0.0, 0.0, 0.5:3:0.5][:, None], None),
    # Separated along x2 only, with a tie on x2 = 0 (the same x1 for both
    # points, else x1 would separate them too); x1 is noise.
    "second_feature": (
        np.column_stack(
            [np.r_[2.0, -2.6, 0.4, -0.6, -0.5, -0.2, 0.7, 0.7, -0.9, 3.3, 0.2],
             np.r_[-3:0:0.5, 0, 0, 1:4]]
        ),
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(QUASI_CASES))
@pytest.mark.parametrize("fit", FITS)
def test_quasi_separated_data_still_warn(fit, case):
    X, _ = QUASI_CASES[case]
    x = X[:, -1]
    y = (x > 0).astype(int)
    y[np.flatnonzero(x == 0)[1]] = 1  # the tie on the boundary: one of each class
    with pytest.warns(ConvergenceWarning, match="quasi-separated"):
        fit(X, y)


def _statsmodels_via_standardised(x, y):
    """statsmodels' Logit params and bse for (1, x), fitted on (x - m) / s.

    statsmodels itself stops short on x = 45 + 1e-3 z (35 Newton steps);
    on the standardised feature it converges at once, and the map back is
    exact: slope b / s, intercept a - b m / s, covariance by the same map.
    """
    m, s = x.mean(), x.std()
    fit = sm.Logit(y, sm.add_constant((x - m) / s)).fit(disp=0)
    T = np.array([[1.0, -m / s], [0.0, 1.0 / s]])
    return T @ fit.params, np.sqrt(np.diag(T @ fit.cov_params() @ T.T))


def test_three_class_zero_cell_warns_like_statsmodels_huge_bse():
    # Group 1 has classes 2 and 3 but no class 1: P(class 1 | group 1) has
    # no finite MLE (it drifts to 0), although no observed class nears 1.
    # It converged silently before; statsmodels' MNLogit reports a
    # standard error above 1e3 for that coefficient (no finite estimate).
    group = np.array([[0.0]] * 6 + [[1.0]] * 4)
    y = np.array([0, 1, 2, 0, 1, 2, 1, 1, 2, 2])
    with pytest.warns(ConvergenceWarning, match="quasi-separated"):
        res = fit_softmax(group, y)
    with warnings.catch_warnings():  # statsmodels: "failed to converge", as it should
        warnings.simplefilter("ignore")
        ref = sm.MNLogit(y, sm.add_constant(group)).fit(method="newton", disp=0, maxiter=100)
    assert np.all(np.asarray(ref.bse)[1] > 1e3)
    assert np.all(res.params[:, 1] > 15)  # class 2 and 3 against class 1: drifting up
    # The same data with one class-1 point in group 1 have an MLE: silent.
    y_ok = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ok = fit_softmax(group, y_ok)
    ref_ok = sm.MNLogit(y_ok, sm.add_constant(group)).fit(method="newton", disp=0)
    np.testing.assert_allclose(ok.params, np.asarray(ref_ok.params).T, rtol=1e-6, atol=1e-8)


def _nearly_constant(seed, spread, n=50):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n)
    y = (rng.random(n) < special.expit(z)).astype(int)
    return (45.0 + spread * z)[:, None], y


@pytest.mark.parametrize("spread", [1e-2, 1e-3])
def test_nearly_constant_feature_converges_with_standard_errors(spread):
    # x = 45 + spread * z: the feature is nearly the intercept's column. It
    # stopped after 100 Newton steps with converged=False and a warning
    # blaming separation in 1/60 (spread 1e-2) and 8/60 (1e-3) of the seeds.
    for seed in range(60):
        X, y = _nearly_constant(seed, spread)
        ref_params, ref_bse = _statsmodels_via_standardised(X[:, 0], y)
        if spread == 1e-2:  # statsmodels on the raw feature, as the issue did
            raw = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
            np.testing.assert_allclose(raw.params, ref_params, rtol=1e-6)
            np.testing.assert_allclose(raw.bse, ref_bse, rtol=1e-6)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            res = fit_logistic(X, y)
            soft = fit_softmax(X, y)
        assert res.converged and soft.converged, seed
        assert res.n_iter < 20, seed
        # The slope is well determined relative to its standard error; the
        # intercept is -45 times it (statsmodels agrees to about 1e-8).
        np.testing.assert_allclose(res.params, ref_params, rtol=1e-6, err_msg=str(seed))
        np.testing.assert_allclose(res.bse, ref_bse, rtol=1e-6, err_msg=str(seed))
        np.testing.assert_allclose(soft.params[0], ref_params, rtol=1e-6, err_msg=str(seed))
        np.testing.assert_allclose(soft.bse[0], ref_bse, rtol=1e-6, err_msg=str(seed))


@pytest.mark.parametrize("model", ["logistic", "softmax"])
def test_start_whose_loss_overflows_is_refused(model):
    # It returned a path of 0 rows with a warning "after step -1".
    init = ([1e308], 0.0) if model == "logistic" else ([[1e308], [-1e308]], None)
    with pytest.raises(ValueError) as info:
        gradient_descent_path([[0.0], [1.0], [2.0]], [0, 1, 0], model=model, lr=0.1,
                              n_steps=3, init=init)
    assert str(info.value) == (
        "gradient_descent_path(): the loss at init is not finite (the scores overflow "
        "float64); start from smaller coefficients or rescale X"
    )


@pytest.mark.parametrize("alpha", [1e-17, 1e-100, 1e-300, 4e-323])
def test_odds_ratios_for_tiny_alpha(issue_data, alpha):
    from scipy import stats

    x, y = issue_data
    res = fit_logistic(x[:, None], y)
    z = stats.norm.isf(alpha / 2)
    with np.errstate(over="ignore"):
        want = np.exp(np.stack([res.params, res.params - z * res.bse,
                                res.params + z * res.bse], axis=-1))
    np.testing.assert_allclose(res.odds_ratios(alpha), want, rtol=1e-12)


def test_odds_ratios_alpha_below_the_smallest_half_is_a_clear_error(issue_data):
    # alpha / 2 rounds to 0: its quantile would be infinite.
    x, y = issue_data
    with pytest.raises(ValueError) as info:
        fit_logistic(x[:, None], y).odds_ratios(5e-324)
    assert str(info.value) == (
        "FitResult.odds_ratios(): alpha = 5e-324 is too small: alpha / 2 rounds to 0 in "
        "float64, so the interval would be infinite"
    )


UNSTABLE_MOMENTUM = (
    "gradient_descent_path(): lr * l2 = {} >= 2 * (1 + momentum) = {}, so momentum cannot "
    "converge: the penalty alone makes the heavy-ball iterates oscillate with growing "
    "amplitude. Stability needs lr * l2 < 2 * (1 + momentum) (and lr * (l2 + largest "
    "curvature of the log-loss) < 2 * (1 + momentum) to converge)."
)
UNSTABLE_ADAMW = (
    "gradient_descent_path(): lr * weight_decay = {} >= 2, so AdamW cannot converge: the "
    "decay alone multiplies the slopes by 1 - lr * weight_decay <= -1 at every step, and "
    "Adam's steps (about lr each) cannot hold them back. Stability needs "
    "lr * weight_decay < 2."
)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"optimizer": "adamw", "lr": 1.0, "weight_decay": 3.0}, UNSTABLE_ADAMW.format(3)),
        ({"optimizer": "adamw", "lr": 0.5, "weight_decay": 4.0}, UNSTABLE_ADAMW.format(2)),
        ({"optimizer": "momentum", "lr": 4.0, "l2": 1.0}, UNSTABLE_MOMENTUM.format(4, 3.8)),
        ({"optimizer": "momentum", "lr": 2.0, "l2": 2.0}, UNSTABLE_MOMENTUM.format(4, 3.8)),
        (
            {"optimizer": "momentum", "lr": 2.0, "l2": 1.0, "momentum": 0.0},
            UNSTABLE_MOMENTUM.format(2, 2),
        ),
    ],
)
@pytest.mark.parametrize("model", ["logistic", "softmax"])
def test_unstable_momentum_and_adamw_warn_up_front(issue_data, model, kwargs, message):
    x, y = issue_data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = gradient_descent_path(x[:, None], y, model=model, n_steps=400, **kwargs)
    assert str(caught[0].message) == message
    assert caught[0].category is ConvergenceWarning and _at_caller(caught[0])
    # The warning is true: the slopes do not settle (at the limit itself
    # they swing from one sign to the other; beyond it they grow).
    slopes = path.coef.reshape(path.coef.shape[0], -1)
    assert np.abs(slopes[-1] - slopes[-2]).max() > 1.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"optimizer": "adamw", "lr": 0.1, "weight_decay": 19.0},
        {"optimizer": "momentum", "lr": 0.1, "l2": 1.0},
        # lr * l2 = 3 < 2 (1 + 0.9) = 3.8, but above 2 / (1 + mu) and 2 (1 - mu).
        {"optimizer": "momentum", "lr": 3.0, "l2": 1.0},
        {"optimizer": "momentum", "lr": 1.0, "l2": 1.9, "momentum": 0.0},
    ],
)
def test_stable_momentum_and_adamw_do_not_warn(issue_data, kwargs):
    x, y = issue_data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gradient_descent_path(x[:, None], y, n_steps=400, **kwargs)
    assert np.isfinite(path.loss).all() and np.abs(path.coef[-1]).max() < 10


def test_three_class_separation_is_judged_point_by_point():
    # After two Newton steps every point's own class leads its row, though
    # one point's own class (P = 0.477) is less likely than another point's
    # runner-up (P = 0.496): "on its side" is per point, not against the
    # largest wrong probability anywhere.
    X = np.array([[0.7], [1.9], [2.8], [2.9], [3.6], [4.0], [7.7], [8.2]])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 2])
    with pytest.warns(ConvergenceWarning, match="perfectly separated"):
        res = fit_softmax(X, y)
    assert res.separated is True and res.n_iter == 2
    P = special.softmax(X @ res.coef.T + res.intercept, axis=1)
    assert np.array_equal(P.argmax(axis=1), y)
    own = P[np.arange(8), y]
    runner_up = np.where(np.eye(3, dtype=bool)[y], 0.0, P).max(axis=1)
    assert own.min() < runner_up.max()
