r"""Small data sets of the lessons, built in so that a lesson and an explorer share one copy.

In the series' convention class k is the k-th label in sorted order: on
labels 0/1, label 0 is class 1 (softmax entry ``[0]``, coefficient
:math:`\beta_1`) and label 1 is class 2 (entry ``[1]``, :math:`\beta_2`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["ten_points"]


def ten_points():
    r"""The ten-point data set of lesson 03's loss valley: one feature, labels 0/1.

    The two-class softmax on it has no intercept: class 1 scores
    :math:`x\beta_1`, class 2 scores :math:`x\beta_2`, and
    :math:`P(\text{class 1} \mid x) = \sigma(x(\beta_1 - \beta_2))`. Its mean
    negative log-likelihood over :math:`(\beta_1, \beta_2)` is the valley of
    lesson 03 and of :class:`logitlab.widgets.ValleyExplorer`: constant along
    every line :math:`\beta_1 - \beta_2 = \text{const}`, lowest on the line
    :math:`\beta_1 - \beta_2 = \hat\beta \approx 0.647`. A logistic regression
    on ``y`` models :math:`P(\text{label 1}) = P(\text{class 2})`, so it
    reports :math:`\beta_2 - \beta_1 = -\hat\beta`. The labels overlap (no
    threshold on ``x`` separates them), so the fit is finite.

    Returns
    -------
    x : numpy.ndarray of float, shape (10,)
        The feature, from -3 to 4.
    y : numpy.ndarray of int, shape (10,)
        The labels: 0 for class 1, 1 for class 2 (five of each).

    Notes
    -----
    Each call returns new arrays: changing them changes no later call.

    Examples
    --------
    >>> from logitlab.datasets import ten_points
    >>> x, y = ten_points()
    >>> x
    array([-3. , -2. , -1. , -0.5,  0. ,  0.5,  1. ,  2. ,  3. ,  4. ])
    >>> y  # label 0 = class 1, label 1 = class 2
    array([1, 1, 0, 1, 1, 0, 0, 1, 0, 0])

    The logistic fit of ``y`` reports the coefficient of P(class 2), the
    negative of the valley's :math:`\hat\beta = \beta_1 - \beta_2`:

    >>> from logitlab import fit_logistic
    >>> software = float(fit_logistic(x[:, None], y, fit_intercept=False).coef[0])
    >>> print(f"{software:.6f}, beta_hat = b1 - b2 = {-software:.6f}")
    -0.647151, beta_hat = b1 - b2 = 0.647151
    """
    x = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0])
    y = np.array([1, 1, 0, 1, 1, 0, 0, 1, 0, 0])
    return x, y
