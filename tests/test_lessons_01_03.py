"""The numeric claims of lessons 01-03 (issue 9), against independent references.

Lesson 01: the factor of 2 of scikit-learn issue 13705 is exact only against
the unpenalised fit or the binary fit at twice the C; the "asker right?"
table is decided with a tolerance against scipy, not with float ==.
Lesson 02: the identity softmax([a, b])[0] = sigmoid(a - b), each side
measured in ulp against mpmath (logitlab's two functions share a kernel, so
comparing them with each other proves nothing). Lesson 03: the labels follow
the convention (label 0 = class 1), statsmodels' MNLogit fixes class 1 and
reports beta2 - beta1, and the loss is the mean negative log-likelihood.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import statsmodels.api as sm
from scipy.optimize import minimize
from scipy.special import expit
from scipy.special import softmax as sp_softmax
from sklearn_objective import sklearn_binary_fit

from logitlab import sigmoid, softmax
from logitlab.fitting import fit_softmax

mpmath.mp.dps = 40


# -- lesson 01 ---------------------------------------------------------------

def _multinomial_sklearn(X, y, C):
    """The removed multi_class='multinomial' on binary data: one C on both rows, by scipy."""
    n, p = X.shape
    Y = np.column_stack([1 - y, y])

    def f(theta):
        B = theta.reshape(2, p + 1)  # rows (intercept, slopes), sorted labels
        Z = B[:, 0] + X @ B[:, 1:].T
        logp = Z - np.logaddexp(Z[:, :1], Z[:, 1:])
        value = -C * np.sum(Y * logp) + 0.5 * np.sum(B[:, 1:] ** 2)
        G = C * (sp_softmax(Z, axis=1) - Y)
        grad = np.column_stack([G.sum(axis=0), G.T @ X + B[:, 1:]])
        return value, grad.ravel()

    res = minimize(f, np.zeros(2 * (p + 1)), jac=True, method="BFGS", options={"gtol": 1e-11})
    return res.x.reshape(2, p + 1)


def test_factor_of_two_only_unpenalised_or_at_twice_c():
    d = sm.datasets.spector.load_pandas()
    X, y = d.exog.to_numpy(), d.endog.to_numpy()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    C = 0.05
    row1 = _multinomial_sklearn(X, y, C)[1, 1:]  # what coef_ kept: row 1 = class 2 = label 1
    at_2c = sklearn_binary_fit(X, y, 2 * C)[1:]
    at_c = sklearn_binary_fit(X, y, C)[1:]
    np.testing.assert_allclose(at_2c / row1, 2.0, rtol=1e-5)
    assert np.abs(at_c / row1 - 2.0).min() > 0.1  # same C: not a factor of 2
    # Without a penalty the symmetric rows are exactly half the logistic fit.
    logit = sm.Logit(d.endog, sm.add_constant(d.exog)).fit(disp=0).params.to_numpy()
    soft = fit_softmax(d.exog.to_numpy(), y)
    np.testing.assert_allclose(logit[1:] / soft.coef[1], 2.0, rtol=1e-8)


def test_asker_right_only_with_class_2_as_reference():
    x, b1 = 0.5, 1.0
    verdicts = [math.isclose(float(sigmoid(x * b1)), float(sp_softmax([x * b1, x * b2])[0]),
                             rel_tol=1e-12) for b2 in (-1.0, 0.0, 1.0)]
    assert verdicts == [False, True, False]


# -- lesson 02 ---------------------------------------------------------------

def test_identity_each_side_within_2_ulp_of_mpmath():
    grid = np.linspace(-30, 30, 41)
    a, b = (m.ravel() for m in np.meshgrid(grid, grid))
    truth_mp = [1 / (1 + mpmath.exp(mpmath.mpf(bv) - mpmath.mpf(av)))
                for av, bv in zip(a, b, strict=True)]
    ulp = np.spacing(np.array([float(t) for t in truth_mp]))

    def worst(values):
        return max(float(abs(mpmath.mpf(float(v)) - t)) / u
                   for v, t, u in zip(values, truth_mp, ulp, strict=True))

    scores = np.column_stack([a, b])
    assert worst(softmax(scores)[:, 0]) <= 2
    assert worst(sigmoid(a - b)) <= 2
    assert worst(sp_softmax(scores, axis=1)[:, 0]) <= 2
    assert worst(expit(a - b)) <= 2


# -- lesson 03 ---------------------------------------------------------------

X03 = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0])
Y03 = np.array([1, 1, 0, 1, 1, 0, 0, 1, 0, 0])  # label 0 = class 1, label 1 = class 2


def test_lesson03_statsmodels_reports_beta2_minus_beta1():
    logit = sm.Logit(Y03, X03[:, None]).fit(disp=0)
    mn = sm.MNLogit(Y03, X03[:, None]).fit(disp=0)
    software = float(logit.params[0])            # P(label 1) = P(class 2)
    assert software == pytest.approx(-0.64715145, abs=1e-8)
    # MNLogit fixes the lowest label (class 1) at 0 and reports class 2's row.
    assert float(np.asarray(mn.params).ravel()[0]) == pytest.approx(software, abs=1e-6)
    # The question's beta_hat = b1 - b2 is its negative, and gives P(class 1).
    beta_hat = -software
    p_class1 = sp_softmax(np.column_stack([X03 * beta_hat, X03 * 0.0]), axis=1)[:, 0]
    np.testing.assert_allclose(p_class1, 1 - logit.predict(X03[:, None]), rtol=1e-12)


def test_lesson03_loss_is_the_mean_nll_and_flat_along_the_floor():
    logit = sm.Logit(Y03, X03[:, None]).fit(disp=0)
    beta_hat = -float(logit.params[0])
    n = len(Y03)

    def mean_nll(b1, b2):
        logp = np.log(sp_softmax(np.column_stack([X03 * b1, X03 * b2]), axis=1))
        return -np.where(Y03 == 0, logp[:, 0], logp[:, 1]).mean()

    for t in (0.0, -beta_hat / 2, 7.0 - beta_hat, -3.0):
        assert mean_nll(beta_hat + t, t) == pytest.approx(-logit.llf / n, rel=1e-10)
    assert mean_nll(beta_hat, 0.0) == pytest.approx(0.539052680939, abs=1e-12)


# -- animations: the first frame is not the static picture above it (issue 18) ----

ANIMATED = [
    ("01_the_question.ipynb", "01_asker_right_at_b2_0.png", ("−1.5", "0.5")),
    ("02_sigmoid_is_two_class_softmax.ipynb", "02_beta_meets_difference.png", ("0", "3")),
    ("03_one_beta_many_softmaxes.ipynb", "03_shift_along_the_valley.png", ("−2", "4")),
]


@pytest.mark.parametrize(("name", "png", "ends"), ANIMATED)
def test_animation_does_not_start_at_the_static_picture(name, png, ends):
    """The sweep's first value is not the static picture's; the caption names both ends."""
    import ast
    import json
    import re
    from pathlib import Path

    import logitlab.widgets as widgets

    nb = Path(__file__).resolve().parent.parent / "notebooks" / name
    sources = ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"]]
    picture = next(s for s in sources if ".snapshot()" in s and "Explorer(" in s)
    call = next(n for n in ast.walk(ast.parse(picture)) if isinstance(n, ast.Call)
                and getattr(n.func, "id", "").endswith("Explorer"))
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    sweep = next(s for s in sources if f'"figures/{png}"' in s and ".animate(" in s)
    slider, first = re.search(r'animate\([^,]+, "(\w+)", np\.linspace\(([-\d.]+),', sweep).groups()
    with getattr(widgets, call.func.id)(**kwargs) as explorer:
        assert explorer.sliders[slider].value != pytest.approx(float(first)), (name, slider)
    caption = next(s for s in sources if f"(figures/{png})" in s)
    assert all(f" {end} " in caption or f" {end}:" in caption for end in ends), caption
