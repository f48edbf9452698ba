"""logitlab.datasets: the lessons' data, checked against statsmodels and scipy."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.special import expit, log_softmax

from logitlab.datasets import ten_points

# Lesson 03, cell "the flat valley", as first written there.
LESSON_X = [-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0]
LESSON_Y = [1, 1, 0, 1, 1, 0, 0, 1, 0, 0]


def test_ten_points_is_lesson_03s_data():
    x, y = ten_points()
    assert x.dtype == np.float64 and x.shape == (10,)
    assert np.issubdtype(y.dtype, np.integer) and y.shape == (10,)
    assert x.tolist() == LESSON_X and y.tolist() == LESSON_Y
    # Five of each class; the labels overlap, so the fit is finite.
    assert np.bincount(y).tolist() == [5, 5]
    assert x[y == 0].max() > x[y == 1].min() and x[y == 1].max() > x[y == 0].min()


def test_each_call_returns_new_arrays():
    x, y = ten_points()
    x[:] = 0.0
    y[:] = 7
    x2, y2 = ten_points()
    assert x2.tolist() == LESSON_X and y2.tolist() == LESSON_Y


def test_valley_floor_against_statsmodels():
    """beta_hat = b1 - b2 is minus statsmodels' coefficient of P(label 1) = P(class 2)."""
    x, y = ten_points()
    logit = sm.Logit(y, x[:, None]).fit(disp=0, tol=1e-12)
    software = float(np.asarray(logit.params)[0])
    beta_hat = -software
    assert beta_hat == pytest.approx(0.64715145, abs=1e-8)  # lesson 03's printed value

    def mean_nll(b1, b2):
        # The softmax loss, class 1 = label 0 = entry [0].
        logp = log_softmax(np.stack([x * b1, x * b2], -1), axis=-1)
        return -np.mean(np.where(y == 0, logp[:, 0], logp[:, 1]))

    # The softmax loss on the floor equals statsmodels' log-likelihood per point,
    # and P(class 1) there is sigmoid(x * beta_hat).
    assert mean_nll(beta_hat + 3.0, 3.0) == pytest.approx(-logit.llf / 10, rel=1e-12)
    np.testing.assert_allclose(1.0 - logit.predict(x[:, None]), expit(x * beta_hat), rtol=1e-12)
    # Lower than anywhere off the floor.
    for d in (-0.5, 0.0, 0.6, 0.7, 2.0):
        assert mean_nll(d, 0.0) > mean_nll(beta_hat, 0.0)
