"""scikit-learn's binary logistic objective, written out and minimised with scipy.

An independent reference for the lessons' C = 2 / (n * lambda) claims:
``C * sum of log-losses + ||w||^2 / 2``, intercept unpenalised (scikit-learn's
documented objective), without importing scikit-learn.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit


def sklearn_binary_fit(X, y, C):
    """``[intercept, *coef]`` minimising scikit-learn's binary objective at ``C``."""
    sign = 2 * y - 1

    def f(theta):
        eta = theta[0] + X @ theta[1:]
        resid = -sign * expit(-sign * eta)
        value = -C * np.sum(log_expit(sign * eta)) + 0.5 * theta[1:] @ theta[1:]
        return value, C * np.r_[resid.sum(), X.T @ resid] + np.r_[0.0, theta[1:]]

    return minimize(f, np.zeros(X.shape[1] + 1), jac=True, method="BFGS",
                    options={"gtol": 1e-11}).x
