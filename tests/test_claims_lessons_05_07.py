"""Claims lessons 05-07 make in words (issue 16), each recomputed independently.

Numbers are checked against mpmath, scipy, NumPy's own arithmetic written out,
or statsmodels; a claim about a package the lessons do not run is checked by
quoting that package's documentation (URL and sentence) next to the lesson's
sentence, so a reader can verify both.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest
import statsmodels.api as sm

from logitlab import log_sigmoid, sigmoid

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _markdown(name: str) -> str:
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _code(name: str) -> str:
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


LESSON05 = "05_what_the_optimiser_finds.ipynb"
LESSON06 = "06_numerical_stability.ipynb"
LESSON07 = "07_more_than_two_classes.ipynb"


# -- lesson 05 ---------------------------------------------------------------

def test_lesson05_floor_is_beta_hat_minus_1_183_and_gamma_hat_1_183():
    """05: statsmodels reports gamma_hat = 1.183 for GRADE = 1; beta_hat = -gamma_hat."""
    d = sm.datasets.spector.load_pandas()
    gpa = d.exog["GPA"].to_numpy()
    x = (gpa - gpa.mean()) / gpa.std()
    gamma_hat = float(sm.Logit(d.endog.to_numpy(), x[:, None]).fit(disp=0).params[0])
    assert round(gamma_hat, 3) == 1.183
    # The question's beta_hat fits P(class 1) = P(GRADE = 0): the labels swapped.
    beta_hat = float(sm.Logit(1 - d.endog.to_numpy(), x[:, None]).fit(disp=0).params[0])
    assert beta_hat == pytest.approx(-gamma_hat, abs=1e-8)
    text = _markdown(LESSON05)
    assert r"\hat\gamma = 1.183" in text and r"\hat\beta = -\hat\gamma = -1.183" in text


def test_lesson05_penalised_slopes_symmetric_intercepts_not():
    """05's summary: with L2 on the slopes, the slopes are symmetric and the unpenalised
    intercepts keep their start's sum (plain gradient descent written out in numpy)."""
    d = sm.datasets.spector.load_pandas()
    X = d.exog.to_numpy()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = d.endog.to_numpy()
    Y = np.column_stack([1 - y, y])
    B = np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 0.5]])     # slopes, one row per class
    a = np.array([5.0, 1.0])                               # intercepts, sum 6
    lam, lr = 0.1, 0.5
    for _ in range(3000):
        z = a + X @ B.T
        P = np.exp(z - z.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        R = (P - Y) / len(y)
        B = B - lr * (R.T @ X + lam * B)
        a = a - lr * R.sum(axis=0)
    assert np.abs(B.sum(axis=0)).max() < 1e-10               # slopes symmetric
    assert a.sum() == pytest.approx(6.0, abs=1e-10)          # intercepts: start's sum kept
    assert abs(a[0] + a[1]) > 1.0                            # so not symmetric
    text = _markdown(LESSON05)
    assert "AdamW" in text and "08" in text                  # the link to lesson 08


# -- lesson 06 ---------------------------------------------------------------

def test_lesson06_sigmoid_is_the_textbook_formula_from_minus_20():
    """06 describes the code that runs: 1/(1 + exp(-z)) bit for bit for z >= -20."""
    rng = np.random.default_rng(6)
    z = np.concatenate([rng.uniform(-20.0, 40.0, 200_000), [-20.0, 0.0, 36.0, 40.0]])
    assert np.array_equal(sigmoid(z), 1.0 / (1.0 + np.exp(-z)))


def test_lesson06_sigmoid_below_minus_20_is_e_minus_e_squared():
    rng = np.random.default_rng(7)
    z = np.concatenate([rng.uniform(-745.2, -20.0, 200_000), [np.nextafter(-20.0, -21.0)]])
    e = np.exp(z)
    with np.errstate(under="ignore"):
        assert np.array_equal(sigmoid(z), e - e * e)
    # ... and that is within a subnormal step of the truth (mpmath) in the subnormal band.
    mpmath.mp.dps = 40
    for v in (-709.0, -720.5, -740.0, -745.0):
        truth = 1 / (1 + mpmath.exp(-mpmath.mpf(v)))
        assert abs(mpmath.mpf(float(sigmoid(v))) - truth) <= mpmath.mpf(2) ** -1075


def test_lesson06_log_sigmoid_is_described_as_computed():
    z = np.linspace(-40.0, 40.0, 100_001)
    assert np.array_equal(log_sigmoid(z), -np.log1p(np.exp(-z)))
    below = np.linspace(-1000.0, -40.0, 10_001)[:-1]
    assert np.array_equal(log_sigmoid(below), below)


def _accuracy_points():
    """The 130,000 scores of lesson 06's accuracy measurement (its seed and design)."""
    rng = np.random.default_rng(2026)
    ranges = [(-708.4, -40.0), (-40.0, -20.0), (-20.0, -5.0), (-5.0, 0.0), (0.0, 5.0),
              (5.0, 40.0)]
    spread = np.concatenate([rng.uniform(lo, hi, 10_000) for lo, hi in ranges])
    p = np.concatenate([rng.uniform(2.0**-k * (1 - 2**-6), 2.0**-k, 10_000)
                        for k in range(1, 8)])
    return np.concatenate([spread, np.log(p / (1 - p))])


def test_lesson06_the_one_accuracy_number_2_07_ulp():
    """06 states 'within 2.07 ulp' at its 130,000 points: recomputed with mpmath here.

    The exact value is mpmath's at 30 digits (the lesson uses 40); the ulp is the gap
    above the correctly rounded truth, as in the lesson.
    """
    z = _accuracy_points()
    assert len(z) == 130_000
    got = sigmoid(z)
    with mpmath.workdps(30):
        one = mpmath.mpf(1)
        exact = [one / (one + mpmath.exp(-mpmath.mpf(v))) for v in z.tolist()]
        err = np.array([float(abs(mpmath.mpf(g) - t)) for g, t in zip(got.tolist(), exact,
                                                                        strict=True)])
        truth = np.array([float(t) for t in exact])
    err /= np.spacing(truth)
    assert f"{err.max():.2f}" == "2.07"
    assert err[:60_000].max() < 2.0     # the spread points alone stay below 2 ulp
    assert np.all(truth >= np.finfo(np.float64).tiny)      # all normal results
    text = _markdown(LESSON06)
    assert "within **2.07 ulp**" in text and "130 000" in text
    # The old, conflicting figures are gone from the lesson.
    assert "2.04 ulp" not in text and "2.5 ulp" not in text


def test_lesson06_nan_gradient_comes_from_the_chain_rule():
    """06: the loss is inf, the analytic gradient p - y finite, the chain rule's 0 * inf NaN."""
    p = sigmoid(-800.0)
    assert p == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.isnan((-1 / p) * (p * (1 - p)))
        assert -np.log(p) == np.inf
    mpmath.mp.dps = 40
    true_grad = 1 / (1 + mpmath.exp(mpmath.mpf(800))) - 1      # sigma(-800) - 1
    assert float(sigmoid(-800.0) - 1) == float(true_grad) == -1.0
    assert "automatic differentiation" in _markdown(LESSON06)


def test_lesson06_two_gaps_next_to_one():
    """06 uses the gap below 1 (2**-53); the gap above (2**-52 = eps) is lesson 08's."""
    assert 1.0 - np.nextafter(1.0, 0.0) == 2.0**-53
    assert np.nextafter(1.0, 2.0) - 1.0 == 2.0**-52 == np.finfo(np.float64).eps
    text = _markdown(LESSON06)
    assert "gap below 1" in text and "gap above 1" in text


def test_lesson06_ulp_panel_labels_the_grey_band_as_a_bound():
    """Issue 18: the grey band is the largest error of a correctly rounded result."""
    code = _code(LESSON06)
    assert "best possible" not in code and "best possible" not in _markdown(LESSON06)
    assert "bound for a correctly rounded result" in code
    # The bound itself: rounding to the nearest subnormal is off by at most 2**-1075.
    mpmath.mp.dps = 40
    truth = 1 / (1 + mpmath.exp(mpmath.mpf(730)))
    assert abs(mpmath.mpf(float(truth)) - truth) <= mpmath.mpf(2) ** -1075


def test_lesson06_subnormal_defined_before_first_use():
    text = _markdown(LESSON06)
    first = text.lower().index("subnormal")
    assert text[first - 1: first + len("subnormal") + 1] == "*subnormal*"


def test_lesson06_explorer_opens_where_nothing_breaks():
    """The static picture under the prediction shows the start state, not the answer."""
    from logitlab.widgets import StabilityExplorer

    assert "StabilityExplorer(scale=10.0, shift=0.0)" in _code(LESSON06)
    with StabilityExplorer(scale=10.0, shift=0.0) as start:
        assert start.broken["naive_nan"] == 0
    # The answer the picture would have given away: numpy's own NaN edge at s=1000, c=300.
    x = np.linspace(-1.0, 1.0, 401)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e1, e2 = np.exp(1000.0 * x + 300.0), np.exp(np.full_like(x, 300.0))
        nan = np.isnan(e1 / (e1 + e2))
    assert round(float(x[nan].min()), 3) == 0.41


# -- lesson 07 ---------------------------------------------------------------

@pytest.fixture(scope="module")
def anes():
    data = sm.datasets.anes96.load_pandas().data
    party = np.select([data["PID"] <= 2, data["PID"] == 3], [0, 1], 2)
    X = sm.add_constant(data[["logpopul", "selfLR", "age", "educ", "income"]])
    return party, X


def test_lesson07_statsmodels_logit_refuses_labels_other_than_0_and_1(anes):
    """07 runs it: statsmodels' Logit does not model 'the larger label' of 1 and 2."""
    party, X = anes
    with pytest.raises(ValueError):
        sm.Logit(np.where(party == 2, 2, 1), X).fit(disp=0)
    # With labels 0/1 it models P(label 1): its fitted mean equals the share of 1s
    # (the intercept's score equation), which a model of P(label 0) would not give.
    y = (party == 2).astype(int)
    fit = sm.Logit(y, X).fit(disp=0)
    assert fit.predict(X).mean() == pytest.approx(y.mean(), abs=1e-8)
    assert "refuses labels 1 and 2: ValueError" in _outputs(LESSON07)


def _outputs(name: str) -> str:
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code"
                     for o in c.get("outputs", []))


def test_lesson07_exp_coefficient_is_a_relative_risk_ratio(anes):
    """07: e^(beta_k - beta_r) multiplies P(k)/P(r) for everyone; the odds of k vary."""
    party, X = anes
    fit = sm.MNLogit(party, X).fit(disp=0, method="newton", tol=1e-12)
    coef = fit.params.loc["selfLR"].to_numpy()[1]        # Republican vs Democrat
    shifted = X.copy()
    shifted["selfLR"] += 1
    # Probabilities written out from the coefficients with scipy's softmax, not predict().
    from scipy.special import softmax as sp_softmax

    B = np.column_stack([np.zeros(X.shape[1]), fit.params.to_numpy()])
    before, after = sp_softmax(X.to_numpy() @ B, axis=1), sp_softmax(shifted.to_numpy() @ B,
                                                                      axis=1)
    ratio = (after[:, 2] / after[:, 0]) / (before[:, 2] / before[:, 0])
    np.testing.assert_allclose(ratio, np.exp(coef), rtol=1e-10)
    assert f"{np.exp(coef):.4f}" == "3.6746"
    odds = (after[:, 2] / (1 - after[:, 2])) / (before[:, 2] / (1 - before[:, 2]))
    assert odds.max() - odds.min() > 0.4                  # no single odds ratio
    assert (f"{odds.min():.2f}", f"{odds.max():.2f}") == ("3.20", "3.65")
    assert "relative-risk ratio" in _markdown(LESSON07)


# Package behaviour the lesson states but does not run: each row of 07's table next to
# the sentence of the package's own documentation that supports it (checked December 2026).
DOCUMENTED = [
    ("SAS PROC LOGISTIC",
     "https://support.sas.com/documentation/cdl/en/statug/67523/HTML/default/"
     "statug_logistic_details02.htm",
     "by default, PROC LOGISTIC models the probability of response levels with lower "
     "Ordered Value",
     "$P(Y = 0)$ for 0/1 data"),
    ("SAS PROC LOGISTIC, generalized logit",
     "https://support.sas.com/documentation/cdl/en/statug/67523/HTML/default/"
     "statug_logistic_details02.htm",
     "where the highest Ordered Value $Y=k+1$ is the reference level",
     "generalized logit: the highest ordered value is the reference"),
    ("Stata mlogit",
     "https://www.stata.com/help.cgi?mlogit",
     "rrr report relative-risk ratios",
     "option `rrr` reports $e^{\\beta}$ as relative-risk ratios"),
    ("Stata mlogit, base outcome",
     "https://www.stata.com/help.cgi?mlogit",
     "baseoutcome(#) value of depvar that will be the base outcome",
     "`baseoutcome()`"),
    ("PyTorch CrossEntropyLoss",
     "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
     "Class indices in the range [0, C) where C is the number of classes",
     "its targets are class indices in $[0, C)$"),
    ("R factor levels (base R, as the forcats documentation describes it)",
     "https://search.r-project.org/CRAN/refmans/forcats/html/as_factor.html",
     "Base R sorts in the current locale which can vary from place to place.",
     'a character response\'s as strings (`"10"` before `"9"`)'),
]


@pytest.mark.parametrize(("package", "url", "quote", "lesson_says"), DOCUMENTED,
                         ids=[d[0] for d in DOCUMENTED])
def test_lesson07_package_rows_cite_their_documentation(package, url, quote, lesson_says):
    assert url.startswith("https://") and quote
    assert lesson_says in _markdown(LESSON07), f"07's table no longer says: {lesson_says}"


def test_lesson07_r_sorts_text_labels_as_strings():
    """'10' sorts before '9' as a string (any locale sorts '1' before '9'), not as a number."""
    assert sorted(["9", "10"]) == ["10", "9"]
    assert sorted([9, 10]) == [9, 10]


def test_lesson07_symmetric_rows_under_l2_sum_to_zero():
    """07's scikit-learn row: with the L2 penalty the multinomial minimiser's rows sum to
    zero (the penalised loss, minimised with scipy here). The unpenalised case is
    scikit-learn's own choice of one point of the valley: the next test runs it."""
    from scipy.optimize import minimize
    from scipy.special import log_softmax as sp_log_softmax

    rng = np.random.default_rng(11)
    X = rng.normal(size=(120, 2))
    y = rng.integers(0, 3, size=120)
    Y = np.eye(3)[y]
    lam = 0.3

    def loss(theta):
        B = theta[:6].reshape(3, 2)
        a = theta[6:]
        return -np.mean(np.sum(Y * sp_log_softmax(a + X @ B.T, axis=1), axis=1)) \
            + lam / 2 * np.sum(B**2)

    res = minimize(loss, rng.normal(size=9), method="BFGS", options={"gtol": 1e-10})
    B = res.x[:6].reshape(3, 2)
    assert np.abs(B.sum(axis=0)).max() < 1e-6
    assert "also with no penalty (`C=np.inf`" in _markdown(LESSON07)


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg", "newton-cholesky", "saga"])
def test_lesson07_scikit_learn_rows_sum_to_zero_without_a_penalty(solver):
    """07's scikit-learn row, run: with no penalty (C=np.inf, scikit-learn >= 1.8's
    spelling of penalty=None) every solver returns coef_ rows and intercept_ that sum to
    zero for three classes, and two classes give one binary row of shape (1, p)."""
    import warnings

    sklearn = pytest.importorskip("sklearn", minversion="1.8")
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(11)
    X = rng.normal(size=(300, 2))
    scores = X @ np.array([[1.0, -0.5], [-0.3, 0.8], [0.2, 0.1]]).T + [0.3, -0.2, 0.5]
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=p) for p in probs])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecation, no convergence warning
        three = LogisticRegression(C=np.inf, solver=solver, max_iter=100_000, tol=1e-10).fit(X, y)
        two = LogisticRegression(C=np.inf, solver=solver, max_iter=100_000, tol=1e-10).fit(
            X, (y == 1).astype(int))
    assert sklearn.__version__ and three.coef_.shape == (3, 2)
    assert np.abs(three.coef_.sum(axis=0)).max() < 1e-8
    assert abs(three.intercept_.sum()) < 1e-8
    assert two.coef_.shape == (1, 2)
