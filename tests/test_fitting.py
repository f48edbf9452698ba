"""Tests for logitlab.fitting against statsmodels, scipy and the series' facts.

References are independent of the code under test: statsmodels' Logit and
MNLogit (and the published spector estimates quoted in TEACHING-POINTS.md),
losses written here with scipy.special, and scipy.optimize for penalised fits.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, special

import logitlab.fitting as fitting
from logitlab.fitting import (
    ConvergenceWarning,
    FitResult,
    fit_logistic,
    fit_softmax,
    gradient_descent_path,
)

# statsmodels Logit on spector (Stata agrees to ~1e-6): const, GPA, TUCE, PSI.
SPECTOR_PARAMS = np.array([-13.0213468581, 2.8261125949, 0.0951576613, 2.3786876551])
SPECTOR_LLF = -12.889634


@pytest.fixture(scope="module")
def spector():
    data = sm.datasets.spector.load_pandas()
    X = data.exog[["GPA", "TUCE", "PSI"]]
    return X, data.endog


@pytest.fixture(scope="module")
def anes96():
    data = sm.datasets.anes96.load_pandas().data
    X = data[["logpopul", "TVnews", "age", "educ", "income"]]
    return X, data["PID"]


@pytest.fixture(scope="module")
def small_binary():
    """Overlapping two-class data with two features (finite MLE)."""
    rng = np.random.default_rng(20240601)
    X = rng.normal(size=(60, 2)) * [1.0, 3.0] + [0.5, -1.0]
    logit = 0.3 + 1.2 * X[:, 0] - 0.4 * X[:, 1]
    y = (rng.random(60) < special.expit(logit)).astype(int)
    return X, y


def _nll_logistic(theta, Z, t):
    """Mean negative log-likelihood written with scipy, independent of logitlab."""
    eta = Z @ theta
    return -np.mean(t * special.log_expit(eta) + (1 - t) * special.log_expit(-eta))


# --------------------------------------------------------------------------
# Property 1: fit_logistic matches statsmodels Logit


def test_fit_logistic_matches_published_spector_estimates(spector):
    X, y = spector
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_logistic(X, y)
    ours = np.r_[res.intercept, res.coef]
    np.testing.assert_allclose(ours, SPECTOR_PARAMS, rtol=1e-6)
    assert res.loglik == pytest.approx(SPECTOR_LLF, abs=1e-6)
    assert res.converged and not res.separated
    # Newton: a handful of steps, not thousands.
    assert res.n_iter <= 10
    assert res.classes.tolist() == [0.0, 1.0]


def test_fit_logistic_matches_statsmodels_logit_live(spector):
    X, y = spector
    sm_res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    res = fit_logistic(X.to_numpy(), y.to_numpy())
    np.testing.assert_allclose(np.r_[res.intercept, res.coef], sm_res.params.to_numpy(), rtol=1e-6)
    assert res.loglik == pytest.approx(sm_res.llf, rel=1e-10)
    assert res.loss == pytest.approx(-sm_res.llf / len(y), rel=1e-10)
    np.testing.assert_allclose(
        res.predict_proba(X)[:, 1], sm_res.predict(sm.add_constant(X)), rtol=1e-6, atol=1e-12
    )


def test_fit_logistic_without_intercept_matches_statsmodels(spector):
    X, y = spector
    sm_res = sm.Logit(y, X).fit(disp=0)
    res = fit_logistic(X, y, fit_intercept=False)
    np.testing.assert_allclose(res.coef, sm_res.params.to_numpy(), rtol=1e-6)
    assert res.intercept == 0.0
    assert res.loglik == pytest.approx(sm_res.llf, rel=1e-10)


def test_plain_gradient_descent_is_not_enough_on_unscaled_data(spector):
    # Why the default is Newton: 2000 fixed steps at a stable step size are
    # still far from the optimum that Newton reaches in a handful of steps.
    X, y = spector
    best = fit_logistic(X, y)
    path = gradient_descent_path(X, y, model="logistic", lr=1e-3, n_steps=2000)
    assert np.all(np.diff(path.loss) <= 1e-15)  # it does descend...
    assert path.loss[-1] - best.loss > 1e-2  # ...but slowly
    assert abs(path.intercept[-1] - best.intercept) > 5


def test_fit_logistic_l2_matches_scipy_minimize(small_binary):
    X, y = small_binary
    lam = 0.3
    Z = np.column_stack([np.ones(len(y)), X])

    def objective(theta):
        return _nll_logistic(theta, Z, y) + 0.5 * lam * theta[1:] @ theta[1:]

    ref = optimize.minimize(objective, np.zeros(3), method="BFGS", options={"gtol": 1e-12})
    res = fit_logistic(X, y, l2=lam)
    np.testing.assert_allclose(np.r_[res.intercept, res.coef], ref.x, rtol=1e-6, atol=1e-8)
    assert res.loss == pytest.approx(objective(ref.x), rel=1e-12)
    # The penalty shrinks the slopes, never the intercept's freedom.
    assert np.linalg.norm(res.coef) < np.linalg.norm(fit_logistic(X, y).coef)


def test_fit_logistic_label_convention():
    X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    labels = np.array(["cat", "cat", "dog", "cat", "dog", "dog"])
    res = fit_logistic(X, labels)
    assert res.classes.tolist() == ["cat", "dog"]
    assert res.coef[0] > 0  # models P(y == "dog"), the larger label
    # Renaming the classes so the order flips negates every coefficient.
    flipped = fit_logistic(X, np.where(labels == "cat", "zebra", "dog"))
    np.testing.assert_allclose(flipped.coef, -res.coef, rtol=1e-12)
    assert flipped.intercept == pytest.approx(-res.intercept, rel=1e-12)
    # Numeric 0/1 labels give the same model.
    num = fit_logistic(X, (labels == "dog").astype(int))
    np.testing.assert_allclose(num.coef, res.coef, rtol=1e-12)


def test_fit_result_is_frozen(small_binary):
    X, y = small_binary
    res = fit_logistic(X, y)
    assert isinstance(res, FitResult)
    with pytest.raises(AttributeError):
        res.n_iter = 3


# --------------------------------------------------------------------------
# Properties 2-4: fit_softmax and the flat valley


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_class_softmax_difference_is_logistic_from_any_init(spector, seed):
    X, y = spector
    rng = np.random.default_rng(seed)
    init = (rng.normal(scale=5, size=(2, 3)), rng.normal(scale=5, size=2))
    logi = fit_logistic(X, y)
    soft = fit_softmax(X, y, init=init)
    assert soft.converged
    np.testing.assert_allclose(soft.coef[1] - soft.coef[0], logi.coef, rtol=1e-6)
    assert soft.intercept[1] - soft.intercept[0] == pytest.approx(logi.intercept, rel=1e-6)
    assert soft.loss == pytest.approx(logi.loss, rel=1e-12)
    # Property 3: the flat component is the init's.
    np.testing.assert_allclose(soft.coef.sum(axis=0), init[0].sum(axis=0), atol=1e-12)
    assert soft.intercept.sum() == pytest.approx(init[1].sum(), abs=1e-12)


def test_softmax_rows_depend_on_init_without_penalty(small_binary):
    X, y = small_binary
    a = fit_softmax(X, y, init=(np.array([[1.0, 2.0], [3.0, -4.0]]), np.array([5.0, 1.0])))
    b = fit_softmax(X, y)  # zeros
    assert np.abs(a.coef - b.coef).min() > 0.5
    np.testing.assert_allclose(a.coef[1] - a.coef[0], b.coef[1] - b.coef[0], rtol=1e-9)
    np.testing.assert_allclose(b.coef.sum(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(a.coef.sum(axis=0), [4.0, -2.0], atol=1e-12)
    assert a.intercept.sum() == pytest.approx(6.0, abs=1e-12)


def test_softmax_with_l2_is_symmetric_and_matches_half_penalty_logistic(small_binary):
    X, y = small_binary
    lam = 0.2
    init = (np.array([[1.0, 2.0], [3.0, -4.0]]), np.array([5.0, 1.0]))
    soft = fit_softmax(X, y, l2=lam, init=init)
    assert soft.converged
    np.testing.assert_allclose(soft.coef.sum(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(soft.coef[0], -soft.coef[1], atol=1e-12)
    logi = fit_logistic(X, y, l2=lam / 2)
    np.testing.assert_allclose(soft.coef[1] - soft.coef[0], logi.coef, rtol=1e-6)
    assert soft.intercept[1] - soft.intercept[0] == pytest.approx(logi.intercept, rel=1e-6)
    # Unpenalised intercepts stay unidentified: their sum is the init's.
    assert soft.intercept.sum() == pytest.approx(6.0, abs=1e-12)
    # And not the full-l2 logistic fit: the factor of 2 is real.
    assert not np.allclose(soft.coef[1] - soft.coef[0], fit_logistic(X, y, l2=lam).coef, rtol=1e-3)


def test_softmax_l2_matches_scipy_minimize_three_classes():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(90, 2))
    y = rng.integers(0, 3, size=90)
    lam = 0.5
    Z = np.column_stack([np.ones(90), X])

    def objective(flat):
        B = flat.reshape(3, 3)
        ls = special.log_softmax(Z @ B.T, axis=1)
        return -np.mean(ls[np.arange(90), y]) + 0.5 * lam * np.sum(B[:, 1:] ** 2)

    ref = optimize.minimize(objective, np.zeros(9), method="BFGS", options={"gtol": 1e-12})
    res = fit_softmax(X, y, l2=lam)
    ref_B = ref.x.reshape(3, 3)
    np.testing.assert_allclose(res.coef, ref_B[:, 1:], atol=1e-6)
    # BFGS from zeros also keeps the intercept sum (zero): same point.
    np.testing.assert_allclose(
        res.intercept - res.intercept.mean(), ref_B[:, 0] - ref_B[:, 0].mean(), atol=1e-6
    )
    assert res.loss == pytest.approx(ref.fun, rel=1e-10)


def test_fit_softmax_matches_statsmodels_mnlogit_on_anes96(anes96):
    X, y = anes96
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_softmax(X, y)
    sm_res = sm.MNLogit(y, sm.add_constant(X)).fit(disp=0, method="newton", maxiter=100)
    assert res.classes.tolist() == sorted(y.unique().tolist())
    assert res.coef.shape == (7, 5) and res.intercept.shape == (7,)
    # MNLogit uses the first class as reference: its params are row - row 0.
    ours = np.column_stack([res.intercept, res.coef])
    np.testing.assert_allclose((ours[1:] - ours[0]).T, sm_res.params.to_numpy(), rtol=1e-6)
    assert res.loglik == pytest.approx(sm_res.llf, rel=1e-10)
    assert res.converged and res.n_iter <= 15
    np.testing.assert_allclose(res.predict_proba(X), sm_res.predict(sm.add_constant(X)), atol=1e-9)


def test_two_class_mnlogit_equals_logit_and_fit_softmax(spector):
    X, y = spector
    mn = sm.MNLogit(y, sm.add_constant(X)).fit(disp=0)
    soft = fit_softmax(X, y)
    np.testing.assert_allclose(
        np.r_[soft.intercept[1] - soft.intercept[0], soft.coef[1] - soft.coef[0]],
        mn.params.to_numpy()[:, 0],
        rtol=1e-6,
    )


def test_fit_softmax_without_intercept(small_binary):
    X, y = small_binary
    res = fit_softmax(X, y, fit_intercept=False, init=(np.ones((2, 2)), None))
    np.testing.assert_array_equal(res.intercept, [0.0, 0.0])
    np.testing.assert_allclose(
        res.coef[1] - res.coef[0], fit_logistic(X, y, fit_intercept=False).coef, rtol=1e-8
    )
    np.testing.assert_allclose(res.coef.sum(axis=0), [2.0, 2.0], atol=1e-12)


# --------------------------------------------------------------------------
# Gradient-descent paths


def test_gd_path_conserves_row_sum_and_tracks_binary_gd_with_double_step():
    X = np.array([[0.0], [1.0], [2.0], [3.0], [1.5], [-0.5]])
    y = [0, 1, 0, 1, 1, 0]
    init = (np.array([[1.3], [-0.4]]), np.array([0.25, 0.5]))
    soft = gradient_descent_path(X, y, lr=0.4, n_steps=400, init=init)
    assert soft.coef.shape == (401, 2, 1) and soft.intercept.shape == (401, 2)
    np.testing.assert_allclose(soft.coef.sum(axis=1)[:, 0], 0.9, rtol=0, atol=1e-14)
    np.testing.assert_allclose(soft.intercept.sum(axis=1), 0.75, rtol=0, atol=1e-14)
    # The row difference follows logistic GD with twice the step size.
    logi = gradient_descent_path(
        X, y, model="logistic", lr=0.8, n_steps=400, init=(np.array([-1.7]), 0.25)
    )
    np.testing.assert_allclose(soft.coef[:, 1, 0] - soft.coef[:, 0, 0], logi.coef[:, 0], atol=1e-12)
    np.testing.assert_allclose(
        soft.intercept[:, 1] - soft.intercept[:, 0], logi.intercept, atol=1e-12
    )
    np.testing.assert_allclose(soft.loss, logi.loss, rtol=1e-12)
    # And it heads for the same optimum fit_softmax reports for this start.
    best = fit_softmax(X, y, init=init)
    np.testing.assert_allclose(soft.coef[-1], best.coef, atol=1e-3)


def test_gd_path_slope_sum_decays_geometrically_with_l2():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = [0, 1, 0, 1]
    lr, lam = 0.5, 0.3
    init = (np.array([[2.0], [1.0]]), np.array([1.0, -3.0]))
    path = gradient_descent_path(X, y, lr=lr, l2=lam, n_steps=50, init=init)
    expected = 3.0 * (1 - lr * lam) ** np.arange(51)
    np.testing.assert_allclose(path.coef.sum(axis=1)[:, 0], expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(path.intercept.sum(axis=1), -2.0, atol=1e-14)
    # With a penalty the difference tracks logistic GD at step 2*lr and l2/2.
    logi = gradient_descent_path(
        X, y, model="logistic", lr=2 * lr, l2=lam / 2, n_steps=50, init=(np.array([-1.0]), -4.0)
    )
    np.testing.assert_allclose(path.coef[:, 1, 0] - path.coef[:, 0, 0], logi.coef[:, 0], atol=1e-12)


def test_gd_path_loss_matches_scipy_and_decreases():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2))
    y = rng.integers(0, 3, size=40)
    lam = 0.1
    path = gradient_descent_path(X, y, lr=0.3, l2=lam, n_steps=30)
    for B, a, loss in zip(path.coef, path.intercept, path.loss, strict=True):
        ls = special.log_softmax(X @ B.T + a, axis=1)
        ref = -np.mean(ls[np.arange(40), y]) + 0.5 * lam * np.sum(B**2)
        assert loss == pytest.approx(ref, rel=1e-12)
    assert np.all(np.diff(path.loss) < 0)
    np.testing.assert_array_equal(path.coef[0], 0.0)


def test_gd_path_single_feature_no_intercept_shapes():
    x = np.linspace(-2, 2, 9).reshape(-1, 1)
    y = (x[:, 0] > 0.3).astype(int) ^ np.array([0, 0, 1, 0, 0, 0, 1, 0, 0])
    path = gradient_descent_path(x, y, model="logistic", lr=1.0, n_steps=25, fit_intercept=False)
    assert path.coef.shape == (26, 1) and path.intercept.shape == (26,)
    np.testing.assert_array_equal(path.intercept, 0.0)
    assert path.model == "logistic" and path.lr == 1.0 and path.l2 == 0.0


# --------------------------------------------------------------------------
# Property 5: separation


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
def test_perfect_separation_stops_with_warning(fit):
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = [0, 0, 1, 1]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fit(X, y)
    assert [w.category for w in caught] == [ConvergenceWarning]
    assert "perfectly separated" in str(caught[0].message)
    assert "without bound" in str(caught[0].message)
    assert not res.converged and res.separated
    assert np.isfinite(res.coef).all() and np.isfinite(res.intercept).all()
    assert np.isfinite(res.loss)
    assert res.n_iter <= 5


def test_perfect_separation_three_classes_no_runtime_warning():
    rng = np.random.default_rng(0)
    X = np.r_[
        rng.normal(size=(10, 2)),
        rng.normal(size=(10, 2)) + [10, 0],
        rng.normal(size=(10, 2)) + [0, 10],
    ]
    y = np.repeat(["a", "b", "c"], 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.warns(ConvergenceWarning, match="perfectly separated"):
            res = fit_softmax(X, y)
    assert res.separated and not res.converged and np.isfinite(res.coef).all()


def test_separable_data_converge_with_l2():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = [0, 0, 1, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logi = fit_logistic(X, y, l2=0.1)
        soft = fit_softmax(X, y, l2=0.2)
    assert logi.converged and soft.converged
    np.testing.assert_allclose(soft.coef[1] - soft.coef[0], logi.coef, rtol=1e-6)


def test_quasi_separation_warns():
    # The two middle points share x = 1 with different labels; the rest are
    # separated, so the slope has no finite maximum.
    X = np.array([[0.0], [1.0], [1.0], [2.0]])
    y = [0, 0, 1, 1]
    with pytest.warns(ConvergenceWarning, match="quasi-separated"):
        res = fit_logistic(X, y)
    assert np.isfinite(res.coef).all() and abs(res.coef[0]) > 10


def test_max_iter_exhausted_warns(spector):
    X, y = spector
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        res = fit_logistic(X, y, max_iter=1)
    assert not res.converged and res.n_iter == 1
    with pytest.warns(ConvergenceWarning, match="max_iter=0"):
        assert not fit_softmax(X, y, max_iter=0).converged


# --------------------------------------------------------------------------
# Property 6: validation


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
@pytest.mark.parametrize(
    ("X", "y", "kwargs", "match"),
    [
        ([[0.0], [1.0], [2.0]], [0, 1], {}, r"different lengths \(3 rows in X, 2 labels"),
        ([[0.0], [np.nan], [2.0]], [0, 1, 0], {}, "NaN or infinite"),
        ([[0.0], [np.inf], [2.0]], [0, 1, 0], {}, "NaN or infinite"),
        ([[0.0], [1.0], [2.0]], [1, 1, 1], {}, "at least two classes"),
        ([0.0, 1.0, 2.0], [0, 1, 0], {}, r"2-D .*X.reshape\(-1, 1\)"),
        ([[0.0], [1.0], [2.0]], [0.0, np.nan, 1.0], {}, "missing labels"),
        ([[0.0], [1.0], [2.0]], ["a", None, "b"], {}, "missing labels"),
        ([[0.0], [1.0], [2.0]], [0, 1, 0], {"l2": -1.0}, "l2 must be"),
        ([[0.0], [1.0], [2.0]], [0, 1, 0], {"l2": np.inf}, "l2 must be"),
        ([[0.0], [1.0], [2.0]], [0, 1, 0], {"l2": np.nan}, "l2 must be"),
    ],
)
def test_bad_input_is_a_clear_value_error(fit, X, y, kwargs, match):
    with pytest.raises(ValueError, match=rf"{fit.__name__}\(\).*{match}"):
        fit(X, y, **kwargs)


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
def test_non_numeric_X_is_a_type_error(fit):
    with pytest.raises(TypeError, match=fit.__name__):
        fit([["a"], ["b"]], [0, 1])
    with pytest.raises(TypeError, match=fit.__name__):
        fit(None, [0, 1])


def test_fit_logistic_rejects_three_classes():
    with pytest.raises(ValueError, match=r"fit_logistic\(\).*exactly two classes.*fit_softmax"):
        fit_logistic([[0.0], [1.0], [2.0]], [0, 1, 2])


@pytest.mark.parametrize(
    ("init", "match"),
    [
        ((np.zeros((3, 1)), np.zeros(2)), r"coef0 must have shape \(2, 1\)"),
        ((np.zeros((2, 1)), np.zeros(3)), r"intercept0 must have shape \(2,\)"),
        (np.zeros((2, 1)), "pair"),
        ((np.full((2, 1), np.nan), np.zeros(2)), "NaN"),
    ],
)
def test_fit_softmax_validates_init(init, match):
    with pytest.raises(ValueError, match=rf"fit_softmax\(\).*{match}"):
        fit_softmax([[0.0], [1.0], [2.0]], [0, 1, 0], init=init)


def test_fit_softmax_init_intercept_without_intercept_model():
    with pytest.raises(ValueError, match="fit_intercept=False"):
        fit_softmax(
            [[0.0], [1.0], [2.0]],
            [0, 1, 0],
            fit_intercept=False,
            init=(np.zeros((2, 1)), np.ones(2)),
        )


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"lr": 0.0, "n_steps": 3}, ValueError, "lr must be"),
        ({"lr": np.nan, "n_steps": 3}, ValueError, "lr must be"),
        ({"lr": 0.1, "n_steps": -1}, ValueError, "n_steps must be >= 0"),
        ({"lr": 0.1, "n_steps": 2.5}, TypeError, "n_steps must be an integer"),
        ({"lr": 0.1, "n_steps": 3, "model": "probit"}, ValueError, "'softmax' or 'logistic'"),
        (
            {"lr": 0.1, "n_steps": 3, "model": "logistic", "init": (np.zeros(2), 0.0)},
            ValueError,
            r"coef0 must have shape \(1,\)",
        ),
    ],
)
def test_gradient_descent_path_validation(kwargs, exc, match):
    with pytest.raises(exc, match=rf"gradient_descent_path\(\).*{match}"):
        gradient_descent_path([[0.0], [1.0], [2.0]], [0, 1, 0], **kwargs)


def test_pandas_and_list_input_agree(spector):
    X, y = spector
    a = fit_logistic(X, y)
    b = fit_logistic(X.to_numpy().tolist(), y.to_numpy().tolist())
    # Same numbers up to rounding (a DataFrame gives a column-major array).
    np.testing.assert_allclose(a.coef, b.coef, rtol=1e-12)
    assert a.intercept == pytest.approx(b.intercept, rel=1e-12)


# --------------------------------------------------------------------------
# Docs and import weight


def test_docstring_examples_run():
    result = doctest.testmod(fitting, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10
    assert result.failed == 0


def test_fitting_module_imports_no_heavy_dependency():
    code = (
        "import sys, logitlab.fitting; "
        "print(sorted(m for m in ('scipy', 'statsmodels', 'matplotlib', 'pandas') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
