"""The loss surface two explorers draw: one feature, no intercept, two classes.

The mean negative log-likelihood of a two-class softmax with scores
``[x*beta1, x*beta2]`` depends on the coefficients only through
``beta2 - beta1`` (shift invariance). On a square grid of step ``h`` that
difference takes only ``2n - 1`` values, so the loss is computed once per
difference (a *profile*) and read off for every node: time and memory grow
with ``n`` times the data, not ``n**2`` times the data.
"""

from __future__ import annotations

import numpy as np

from ..functions import log_sigmoid

# Data rows handled at once: memory stays bounded however many points there are.
_CHUNK = 256


def nll_of_difference(x, y, d):
    """Mean NLL at each difference ``beta2 - beta1`` in the 1-D array `d`.

    Label 0 is class 1 (``beta1``), label 1 is class 2 (``beta2``), so
    ``P(label 1 | x) = sigmoid(x * (beta2 - beta1))`` and each point's loss
    is ``-log_sigmoid(sign * x * d)`` with ``sign = +1`` for label 1 and
    ``-1`` for label 0.
    """
    u = (2.0 * np.asarray(y, dtype=float) - 1.0) * np.asarray(x, dtype=float)
    total = np.zeros(d.shape)
    for i in range(0, u.size, _CHUNK):
        total -= log_sigmoid(d[:, None] * u[i : i + _CHUNK]).sum(axis=1)
    return total / u.size


def square_loss_grid(x, y, n, h):
    """The mean NLL on the ``n x n`` grid of step `h` centred on 0, via the profile.

    ``grid[i, j]`` is the loss at ``(beta1, beta2) = (g[j], g[i])`` with
    ``g = h * (arange(n) - (n - 1) / 2)``: rows are ``beta2``, columns
    ``beta1``, as ``numpy.meshgrid(g, g)`` lays them out. There the
    difference ``beta2 - beta1`` is ``(i - j) * h``.
    """
    profile = nll_of_difference(x, y, np.arange(-(n - 1), n) * h)
    i = np.arange(n)
    return profile[i[:, None] - i[None, :] + (n - 1)]
