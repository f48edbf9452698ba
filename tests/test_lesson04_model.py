"""Lesson 04, *the model underneath* (issue 11): every number it prints, from outside.

Each test recomputes one of the lesson's claims with an independent tool
(statsmodels, scipy, mpmath, finite differences or gradient descent written
out here) and, where the lesson prints the number, checks that the stored
output shows exactly that value. nbval proves the stored outputs are what
the lesson's code prints; these tests prove the code prints the right facts.
The exercises' keys (and the practice variants' keys) are recomputed the
same way, and each named trap must give its own message.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest
import statsmodels.api as sm
from scipy.optimize import brentq, minimize
from scipy.special import expit, log_expit, log_softmax, logit, softmax
from scipy.stats import norm

from logitlab.exercises import lesson04 as ex
from logitlab.fitting import ConvergenceWarning, fit_logistic, fit_softmax

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_the_model_underneath.ipynb"
# `make mutation` copies only src/ and tests/: the notebook tests skip there.
needs_notebook = pytest.mark.skipif(not NOTEBOOK.is_file(), reason="no lesson 04 notebook")

NAMES = ["const", "GPA", "TUCE", "PSI"]
X_SEP = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
Y_SEP = np.array([0, 0, 0, 1, 1, 1])
X_MIXED = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, -1.5])


# -- the outside references ----------------------------------------------------

@pytest.fixture(scope="module")
def spector():
    data = sm.datasets.spector.load_pandas().data
    X = data[["GPA", "TUCE", "PSI"]].to_numpy()
    y = data["GRADE"].to_numpy()
    Z = sm.add_constant(X)
    return X, y, Z, sm.Logit(y, Z).fit(disp=0)


def _output_text() -> str:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]))
            parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def printed():
    if not NOTEBOOK.is_file():
        pytest.skip("no lesson 04 notebook")
    return _output_text()


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _gradient_descent(x, y, lr=1.0, n_steps=10_000):
    """Plain gradient descent on the mean log-loss, intercept and slope, written out."""
    a, b = 0.0, 0.0
    slopes = [b]
    for _ in range(n_steps):
        r = expit(a + b * x) - y
        a, b = a - lr * r.mean(), b - lr * (r * x).mean()
        slopes.append(b)
    return np.array(slopes)


# -- the model and the data ----------------------------------------------------

def test_fit_logistic_is_statsmodels_logit_and_the_table_shows_it(spector, printed):
    X, y, _, ref = spector
    fit = fit_logistic(X, y)
    assert fit.classes[1] == 1  # it models P(GRADE = 1) = P(class 2)
    np.testing.assert_allclose(fit.params, ref.params, rtol=0, atol=1e-8)
    for name, value in zip(NAMES, ref.params, strict=True):
        assert f"{name:6}{value:15.6f}{value:15.6f}" in printed
    assert "fit_logistic models P(GRADE = 1), class 2" in printed
    assert "agree to 1e-8: True" in printed


def test_the_decision_boundary_is_where_p_is_one_half(spector, printed):
    X, y, Z, ref = spector
    tuce = X[:, 1].mean()
    for psi in (0, 1):
        # Found by a root finder on statsmodels' own predictions, not by the formula.
        gpa = brentq(lambda g, psi=psi: ref.predict([[1.0, g, tuce, psi]])[0] - 0.5, 1.0, 6.0,
                     xtol=1e-12)
        # The two softmax scores tie there: statsmodels' MNLogit gives 0.5 to each class.
        mn = sm.MNLogit(y, Z).fit(disp=0)
        assert mn.predict([[1.0, gpa, tuce, psi]])[0] == pytest.approx([0.5, 0.5], abs=1e-8)
        assert f"PSI = {psi}: boundary at GPA = {gpa:.4f}, where P(class 2) = 0.500000" in printed


def test_psi_moves_the_boundary_by_the_ratio_of_coefficients(spector):
    *_, ref = spector
    a, b_gpa, b_tuce, b_psi = ref.params
    shift = b_psi / b_gpa
    assert 3.8689 - 3.0272 == pytest.approx(shift, abs=2e-4)


# -- likelihood ----------------------------------------------------------------

def test_binary_cross_entropy_is_the_two_class_softmax_one(spector, printed):
    X, y, Z, ref = spector
    z = Z @ ref.params
    # -log P(observed class), 50 digits: log(1 + e^-z) for class 2, log(1 + e^z) for class 1.
    with mpmath.workdps(50):
        exact = [float(mpmath.log1p(mpmath.exp(-mpmath.mpf(float(t)) if yi else
                                               mpmath.mpf(float(t)))))
                 for t, yi in zip(z, y, strict=True)]
    binary = -(y * log_expit(z) + (1 - y) * log_expit(-z))
    two = -log_softmax(np.column_stack([np.zeros_like(z), z]), axis=1)[np.arange(y.size),
                                                                        y.astype(int)]
    np.testing.assert_allclose(binary, exact, rtol=1e-14)
    assert np.max(np.abs(binary - two)) < 1e-15
    shifted = -log_softmax(np.column_stack([np.zeros_like(z), z]) + 3.7, axis=1)
    assert np.max(np.abs(shifted[np.arange(y.size), y.astype(int)] - binary)) < 1e-14
    assert -binary.sum() == pytest.approx(ref.llf, rel=1e-9)
    assert fit_logistic(X, y).llf == pytest.approx(ref.llf, rel=1e-9)
    llf = f"{ref.llf:.6f}"
    assert (f"log-likelihood -sum(loss) = {llf}; fit_logistic llf = {llf}; "
            f"statsmodels llf = {llf}") in printed
    assert "over 32 students: below 1e-15: True" in printed
    assert "same loss to 1e-14: True" in printed


# -- the gradient --------------------------------------------------------------

def test_softmax_jacobian_by_finite_differences(printed):
    zs = np.array([0.4, -1.3])
    h = 1e-6
    numeric = np.column_stack([(softmax(zs + h * e) - softmax(zs - h * e)) / (2 * h)
                               for e in np.eye(2)])
    p = softmax(zs)
    np.testing.assert_allclose(np.diag(p) - np.outer(p, p), numeric, atol=1e-9)
    v = f"{p[0] * p[1]:.6f}"
    assert f"[[ {v} -{v}]\n [-{v}  {v}]]" in printed
    assert "matches finite differences to 1e-9: True" in printed
    assert "each column sums to 0 (the probabilities always sum to 1): True" in printed


def test_sigmoid_gradient_is_p_minus_y_by_finite_differences():
    for z in (-3.0, -0.2, 0.0, 1.7):
        for y in (0, 1):
            def loss(t, y=y):
                return -(y * log_expit(t) + (1 - y) * log_expit(-t))
            numeric = (loss(z + 1e-6) - loss(z - 1e-6)) / 2e-6
            assert numeric == pytest.approx(expit(z) - y, abs=1e-8)


def test_coefficient_gradient_against_statsmodels_score(spector, printed):
    _, y, Z, _ = spector
    theta = np.array([-10.0, 2.0, 0.05, 1.5])

    def total_loss(t):
        z = Z @ t
        return -np.sum(y * log_expit(z) + (1 - y) * log_expit(-z))

    numeric = np.array([(total_loss(theta + 1e-6 * e) - total_loss(theta - 1e-6 * e)) / 2e-6
                        for e in np.eye(4)])
    gradient = -sm.Logit(y, Z).score(theta)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6)
    np.testing.assert_allclose(gradient, Z.T @ (expit(Z @ theta) - y), rtol=1e-12)
    assert f"Z^T (p - y) = {np.round(gradient, 4)}" in printed
    assert "finite differences agree to 1e-6 relative: True" in printed
    assert "statsmodels' score is its negative to 1e-12: True" in printed


def test_softmax_rows_gradients_are_equal_and_opposite(spector, printed):
    _, y, Z, _ = spector
    rows = np.array([[4.0, -1.0, 0.0, -0.5], [-6.0, 1.0, 0.05, 1.0]])

    def loss(flat):
        B = flat.reshape(2, 4)
        return -np.sum(log_softmax(Z @ B.T, axis=1)[np.arange(y.size), y.astype(int)])

    flat = rows.ravel()
    numeric = np.array([(loss(flat + 1e-6 * e) - loss(flat - 1e-6 * e)) / 2e-6
                        for e in np.eye(8)]).reshape(2, 4)
    np.testing.assert_allclose(numeric[0], -numeric[1], rtol=1e-5)
    # MNLogit fixes class 1 at 0: its score at beta2 - beta1 is minus class 2's row gradient.
    mn_score = sm.MNLogit(y, Z).score(rows[1] - rows[0])
    np.testing.assert_allclose(-mn_score, numeric[1], rtol=1e-5)
    for line in ("row gradients sum to 0: True",
                 "class 2's row = binary gradient at gamma = beta2 - beta1: True",
                 "MNLogit score = -(class 2's row): True"):
        assert line in printed


# -- odds ratios and risk ratios ----------------------------------------------

def test_odds_ratio_table_is_statsmodels_exponentiated(spector, printed):
    X, y, _, ref = spector
    ci = np.exp(ref.conf_int(alpha=0.05))
    ratios = np.exp(ref.params)
    for i, name in enumerate(NAMES[1:], start=1):
        line = (f"{name:6}{ref.params[i]:9.3f}{ref.bse[i]:8.3f}{ratios[i]:12.3f}       "
                f"[{ci[i, 0]:6.3f}, {ci[i, 1]:7.3f}]")
        assert line in printed
    np.testing.assert_allclose(fit_logistic(X, y).odds_ratios(),
                               np.column_stack([ratios, ci]), rtol=1e-6)
    assert "all equal exp(statsmodels' params and conf_int) to 1e-6 relative: True" in printed
    # The prose: PSI exp(2.379) ~ 10.8, its interval above 1; a GPA point ~ 16.9.
    assert f"{ref.params[3]:.3f}" == "2.379" and f"{ratios[3]:.1f}" == "10.8"
    assert ci[3, 0] > 1
    assert f"{ratios[1]:.1f}" == "16.9"


def _p_class2(ref, gpa, tuce, psi):
    return float(ref.predict([[1.0, gpa, tuce, psi]])[0])


def test_risk_ratio_differs_from_the_odds_ratio(spector, printed):
    X, _, _, ref = spector
    gpa, tuce = X[:, 0].mean(), X[:, 1].mean()
    p0, p1 = _p_class2(ref, gpa, tuce, 0), _p_class2(ref, gpa, tuce, 1)
    risk, odds = p1 / p0, (p1 / (1 - p1)) / (p0 / (1 - p0))
    assert odds == pytest.approx(math.exp(ref.params[3]), rel=1e-9)
    assert (f"at the means: P(class 2 | PSI = 0) = {p0:.4f}, "
            f"P(class 2 | PSI = 1) = {p1:.4f}") in printed
    assert f"risk ratio {risk:.3f}; odds ratio {odds:.3f} (= exp(gamma_PSI) to 1e-9: True)" \
        in printed
    # The prose: "about half the odds ratio"; near 10.8 at a low GPA, towards 1 at a high one.
    assert 0.4 < risk / odds < 0.6
    assert _p_class2(ref, 2.0, tuce, 1) / _p_class2(ref, 2.0, tuce, 0) > 9.5
    assert _p_class2(ref, 4.0, tuce, 1) / _p_class2(ref, 4.0, tuce, 0) < 2.0
    # The prediction's key: smaller (answer 1).
    assert risk < odds and ex.predict_risk.expected == "smaller"


# -- separation ----------------------------------------------------------------

def test_gradient_descent_runs_off_on_separated_data(printed):
    sep = _gradient_descent(X_SEP, Y_SEP)
    mixed = _gradient_descent(X_MIXED, Y_SEP)
    steps = (10, 100, 1_000, 10_000)
    assert ("separated    : gamma after 10, 100, 1 000, 10 000 steps: "
            + ", ".join(f"{sep[k]:.3f}" for k in steps)) in printed
    assert ("not separated: gamma after 10, 100, 1 000, 10 000 steps: "
            + ", ".join(f"{mixed[k]:.3f}" for k in steps)) in printed
    # Growing at every step, "by about 4.0, then 4.5 more for every tenfold number of
    # steps", tending to ln(10) / 0.5 = 4.61 (0.5: the margin of the closest points).
    assert np.all(np.diff(sep) > 0)
    decades = [sep[10 * k] - sep[k] for k in (10, 100, 1_000)]
    assert [round(d, 1) for d in decades[1:]] == [4.0, 4.5]
    assert decades[0] < decades[1] < decades[2] < math.log(10) / 0.5
    assert ("separated, growth per tenfold number of steps: "
            + ", ".join(f"{d:.2f}" for d in decades)
            + f"; the limit ln(10) / 0.5 = {math.log(10) / 0.5:.2f}") in printed
    assert f"{math.log(10) / 0.5:.2f}" == "4.61"
    # Far out the growth per decade is the limit: 10^6 steps of the same recursion,
    # in closed form for the asymptote (the two closest points dominate the loss).
    far = _gradient_descent(X_SEP, Y_SEP, n_steps=1_000_000)
    assert abs((far[1_000_000] - far[100_000]) - math.log(10) / 0.5) < 0.05
    # The other run "settles within about a hundred steps", at statsmodels' estimate.
    ref = sm.Logit(Y_SEP, sm.add_constant(X_MIXED)).fit(disp=0).params[1]
    assert abs(mixed[100] - ref) < 5e-4 and abs(mixed[-1] - ref) < 1e-9
    assert ex.predict_growth.expected == "keeps growing"


def test_fit_logistic_warns_and_statsmodels_detects_separation(printed):
    with pytest.warns(ConvergenceWarning, match="perfectly separated") as record:
        res = fit_logistic(X_SEP[:, None], Y_SEP)
    assert res.separated and not res.converged and res.bse is None
    message = str(record[0].message)
    assert f"ConvergenceWarning: {message}" in printed
    assert "converged: False, separated: True, standard errors: None" in printed
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            sm.Logit(Y_SEP, sm.add_constant(X_SEP)).fit(disp=0)
        except Exception as exc:  # statsmodels before 0.14 raised
            assert "PerfectSeparation" in type(exc).__name__
        else:
            assert any("PerfectSeparation" in w.category.__name__ for w in caught)
    assert "statsmodels reports perfect separation: True" in printed


@pytest.mark.parametrize("l2", [1.0, 0.1, 0.01])
def test_l2_estimate_exists_and_matches_scipy(l2, printed):
    def objective(theta):
        z = theta[0] + theta[1] * X_SEP
        loss = -np.mean(Y_SEP * log_expit(z) + (1 - Y_SEP) * log_expit(-z))
        return loss + 0.5 * l2 * theta[1] ** 2

    ref = minimize(objective, np.zeros(2), method="BFGS", options={"gtol": 1e-12}).x
    res = fit_logistic(X_SEP[:, None], Y_SEP, l2=l2)
    assert res.converged and np.isfinite(res.coef).all()
    assert res.coef[0] == pytest.approx(ref[1], abs=1e-6)
    assert abs(ref[0]) < 1e-6
    assert (f"l2 = {l2:<5}: beta = {ref[1]:7.4f}, intercept = +0.0000, converged: True"
            in printed)


# -- standard errors and the reference class ------------------------------------

def test_free_softmax_information_is_singular(spector, printed):
    _, y, Z, ref = spector
    # The free softmax's Hessian of the total loss, by finite differences of its gradient.
    B = np.array([np.zeros(4), ref.params])

    def grad(flat):
        P = softmax(Z @ flat.reshape(2, 4).T, axis=1)
        return ((P - np.column_stack([1 - y, y])).T @ Z).ravel()

    H = np.column_stack([(grad(B.ravel() + 1e-5 * e) - grad(B.ravel() - 1e-5 * e)) / 2e-5
                         for e in np.eye(8)])
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    assert np.sum(np.abs(eig) < 1e-6 * eig.max()) == 4
    assert ("free softmax information: 8 x 8, rank 4; smallest eigenvalue / largest below "
            "1e-12: True") in printed


def test_reference_and_symmetric_standard_errors(spector, printed):
    X, y, Z, ref = spector
    mn = sm.MNLogit(y, Z).fit(disp=0)
    np.testing.assert_allclose(np.asarray(mn.bse)[:, 0], ref.bse, rtol=1e-6)
    np.testing.assert_allclose(fit_softmax(X, y).bse[0], ref.bse, rtol=1e-6)
    halved = sm.Logit(y, sm.add_constant(2 * X)).fit(disp=0)
    np.testing.assert_allclose(halved.bse[1:], ref.bse[1:] / 2, rtol=1e-6)
    assert f"SE, Logit:              {np.round(ref.bse, 4)}" in printed
    assert f"SE, fit_softmax (ref.): {np.round(ref.bse, 4)}  equal to 1e-6: True" in printed
    assert f"SE, MNLogit:            {np.round(ref.bse, 4)}  equal to 1e-6: True" in printed
    assert (f"symmetric, SE / 2:      {np.round(ref.bse[1:] / 2, 4)}  Logit on 2x agrees to "
            "1e-6: True") in printed


# -- the lesson's shape ----------------------------------------------------------

@needs_notebook
def test_each_prediction_is_asked_before_its_answer_is_shown():
    sources = ["".join(c["source"]) for c in _cells()]

    def first(pattern):
        return next(i for i, s in enumerate(sources) if re.search(pattern, s))

    assert first(r"ex\.predict_risk\.check") < first(r"risk ratio \{")
    assert first(r"ex\.predict_growth\.check") < first(r"gradient_descent_path\(x_sep")
    assert "Check what you found" in sources[first(r"ex\.predict_risk\.check") + 1]
    assert "Check what you found" in sources[first(r"ex\.predict_growth\.check") + 1]


@needs_notebook
def test_each_plot_has_a_static_figure():
    cells = [c for c in _cells() if c["cell_type"] == "code"]
    plotting = [c for c in cells if "plt.subplots" in "".join(c["source"])]
    assert len(plotting) == 2
    for cell in plotting:
        assert any("image/png" in o.get("data", {}) for o in cell["outputs"])


@needs_notebook
def test_no_printed_check_says_false(printed):
    assert ": False" not in printed.replace("converged: False, separated: True", "")


# -- the exercises' keys, independently ---------------------------------------------

def _q1_reference(beta, se):
    z = norm.ppf(0.975)
    return np.exp([beta, beta - z * se, beta + z * se])


@pytest.mark.parametrize("seed", [None, 0, 1, 2, 7, 42, 2024])
def test_q1_key_is_the_exponentiated_wald_interval(seed):
    q = ex.q1 if seed is None else ex.q1.practice(seed=seed)
    beta, se = q.params["gamma"], q.params["se"]
    assert f"coefficient {beta:g} with standard error {se:g}" in q.question
    np.testing.assert_allclose(q.expected, _q1_reference(beta, se), rtol=1e-12)
    # 1.96 typed by hand is accepted; the 1-SE interval is a named trap.
    assert q.evaluate(list(np.exp([beta, beta - 1.96 * se, beta + 1.96 * se]))).correct
    assert "1.96 standard errors" in q.evaluate(
        list(np.exp([beta, beta - se, beta + se]))).message
    assert "log-odds scale" in q.evaluate(
        [beta, beta - norm.ppf(0.975) * se, beta + norm.ppf(0.975) * se]).message


def test_q1_against_statsmodels_on_spector(spector):
    # The same rule statsmodels uses: conf_int exponentiated.
    *_, ref = spector
    q = ex._q1(float(ref.params[3]), float(ref.bse[3]))
    expected = np.r_[np.exp(ref.params[3]), np.exp(ref.conf_int()[3])]
    np.testing.assert_allclose(q.expected, expected, rtol=1e-9)


def test_q2_key_is_the_finite_difference_gradient():
    a, beta, x, y = -0.5, 1.2, 1.5, 0  # class 1 is label 0

    def loss(t):
        z = t[0] + t[1] * x
        return -(y * log_expit(z) + (1 - y) * log_expit(-z))

    t = np.array([a, beta])
    numeric = [(loss(t + 1e-6 * e) - loss(t - 1e-6 * e)) / 2e-6 for e in np.eye(2)]
    np.testing.assert_allclose(ex.q2.expected, numeric, atol=1e-8)
    p = ex.q2.expected[0]
    assert "That uses y = 1" in ex.q2.evaluate([p - 1, (p - 1) * 1.5]).message
    assert "sign is flipped" in ex.q2.evaluate([-v for v in ex.q2.expected]).message


def test_q3_key_is_where_p_is_one_half():
    root = brentq(lambda x: expit(-7.1 + 2.6 * x) - 0.5, -10, 10, xtol=1e-14)
    assert ex.q3.expected == pytest.approx(root, abs=1e-12)
    assert "minus sign" in ex.q3.evaluate(-root).message


def test_q4_key_is_the_odds_ratio_not_the_risk_ratio():
    assert ex.q4.expected == pytest.approx(math.exp(logit(0.62) - logit(0.35)), rel=1e-12)
    assert "risk ratio" in ex.q4.evaluate(0.62 / 0.35).message


def test_q5_key_is_minus_log_p_of_the_observed_class():
    assert ex.q5.expected == pytest.approx(float(-mpmath.log(mpmath.mpf("0.15"))), rel=1e-14)
    assert "P(class 1)" in ex.q5.evaluate(-math.log(0.85)).message


@pytest.mark.parametrize("name", ex.__all__)
def test_every_trap_gives_its_own_message(name):
    q = getattr(ex, name)
    for value, message in q.traps:
        feedback = q.evaluate(value)
        assert feedback.kind == "incorrect" and message in feedback.message, (name, value)


# -- the intervals: Wald and profile likelihood (issue 16) ------------------------

def _profile_interval(y, Z, j, level=0.95):
    """Profile-likelihood interval of coefficient j, by scipy alone (no statsmodels)."""
    from scipy.stats import chi2

    def nll(theta):
        z = Z @ theta
        return -np.sum(y * log_expit(z) + (1 - y) * log_expit(-z))

    best = minimize(nll, np.zeros(Z.shape[1]), method="BFGS", options={"gtol": 1e-10})
    cut = chi2.ppf(level, 1) / 2

    def excess(value):
        fixed = lambda t: nll(np.insert(t, j, value))  # noqa: E731 (one line)
        inner = minimize(fixed, np.delete(best.x, j), method="BFGS", options={"gtol": 1e-10})
        return inner.fun - best.fun - cut

    g = best.x[j]
    return brentq(excess, g - 10, g), brentq(excess, g, g + 15)


def test_profile_intervals_against_scipy_and_the_issue(spector, printed):
    """PSI [1.61, 122.7] and GPA [1.90, 316] (R's confint), Wald [1.34, 86.9] and [1.42, 201]."""
    _, y, Z, ref = spector
    wald = np.exp(ref.conf_int(alpha=0.05))
    expected = {1: (1.90, 316, 1.42, 201), 3: (1.61, 122.7, 1.34, 86.9)}
    for j, (low, high, wald_low, wald_high) in expected.items():
        lo, hi = np.exp(_profile_interval(y, Z, j))
        assert lo == pytest.approx(low, abs=0.006) and hi == pytest.approx(high, rel=2e-3)
        assert wald[j, 0] == pytest.approx(wald_low, abs=0.006)
        assert wald[j, 1] == pytest.approx(wald_high, rel=3e-3)
        assert lo > wald[j, 0] and hi > wald[j, 1]       # "to the right and further up"
        line = (f"{NAMES[j]:6}{np.exp(ref.params[j]):11.2f}       [{wald[j, 0]:5.2f}, "
                f"{wald[j, 1]:6.1f}]        [{lo:5.2f}, {hi:6.1f}]")
        assert line in printed, line


# -- quasi-complete separation and Firth (issue 16) ------------------------------

GROUP = np.array([0.0, 0, 0, 0, 0, 1, 1, 1])
Y_QUASI = np.array([0, 0, 1, 0, 1, 1, 1, 1])


def test_quasi_separation_slope_runs_off_intercept_settles(printed):
    a, b = 0.0, 0.0
    for _ in range(10_000):
        r = expit(a + b * GROUP) - Y_QUASI
        a, b = a - r.mean(), b - (r * GROUP).mean()
    assert b > 8 and abs(a - math.log(2 / 3)) < 0.01
    assert f"log(2/3) = {math.log(2 / 3):.3f}" in printed
    assert "quasi-separated: gamma after 10, 100, 1 000, 10 000 steps: " in printed
    assert f"{b:.3f}" in printed
    # statsmodels returns a slope with a standard error in the hundred thousands.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.Logit(Y_QUASI, sm.add_constant(GROUP)).fit(disp=0)
    assert res.bse[1] > 1e4
    assert f"statsmodels: gamma = {res.params[1]:.1f} with SE {res.bse[1]:.3g}" in printed


def test_firth_is_the_half_cell_estimate_by_statsmodels(printed):
    """Firth on a 2x2 table = the MLE on the table with 1/2 added to each cell."""
    counts = np.array([[3.5, 2.5], [0.5, 3.5]])    # rows: group 0, 1; columns: y = 0, 1
    endog = counts[:, 1] / counts.sum(axis=1)
    glm = sm.GLM(endog, sm.add_constant(np.array([0.0, 1.0])),
                 family=sm.families.Binomial(), var_weights=counts.sum(axis=1)).fit()
    line = (f"Firth: gamma0 = {glm.params[0]:.4f}, gamma = {glm.params[1]:.4f}; the half-cell "
            f"estimates {glm.params[0]:.4f}, {glm.params[1]:.4f} agree to 1e-5: True")
    assert line in printed, line
    assert np.isfinite(glm.params).all() and glm.params[1] == pytest.approx(2.2824, abs=1e-4)


@needs_notebook
def test_students_are_drawn_at_their_label():
    """Issue 17: every scatter of labels draws label 1 (class 2) at height 1, label 0 at 0."""
    import ast

    sources = ["".join(c["source"]) for c in _cells() if c["cell_type"] == "code"]
    plotting = [s for s in sources if ".scatter(" in s]
    assert plotting, "lesson 04 no longer draws its students"
    for source in plotting:
        for call in ast.walk(ast.parse(source)):
            if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "scatter":
                height = ast.unparse(call.args[1])
                # the label itself (0 or 1), plus at most a small jitter
                assert re.fullmatch(r"y(\[\w+\])?( \+ jitter(\[\w+\])?)?", height), height
    assert 'rng.uniform(-0.04, 0.04' in "".join(plotting)
