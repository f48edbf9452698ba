"""The logistic sigmoid and the softmax, stable and naive.

The stable functions are the ones to use. The ``naive_*`` functions are the
formulas from the Cross Validated question exactly as written there (with
``float`` in place of the removed ``np.float``); they are kept so the lessons
can show how and where they fail.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_real_array, scalar_or_array

__all__ = [
    "sigmoid",
    "log_sigmoid",
    "softmax",
    "log_softmax",
    "naive_sigmoid",
    "naive_softmax",
]


# Elements per block in sigmoid: 128 KiB of float64, about an L2 cache.
_BLOCK = 16384


def sigmoid(z):
    r"""Logistic sigmoid :math:`1 / (1 + e^{-z})`, stable for every float64.

    Parameters
    ----------
    z : array_like of int or float
        Scores (log-odds). Scalars, lists and arrays are accepted.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Probabilities in [0, 1], float64, same shape as `z`; a NumPy scalar
        for scalar input.

    Raises
    ------
    TypeError
        For strings, ``None``, booleans, object or complex input.

    Notes
    -----
    The textbook formula ``1 / (1 + exp(-z))`` overflows ``exp`` for
    ``z < -709.78`` (with a RuntimeWarning), and ``scipy.special.expit``,
    which uses it quietly, returns 0 for ``z`` in (-745, -709.78] where the
    true results are subnormal (they are for every ``z`` below -708.4).
    Here the result is ``exp(min(z, 0)) / (1 + exp(-|z|))``: ``exp`` never
    sees a positive argument, so it cannot overflow, and for negative ``z``
    this is ``e / (1 + e)`` with ``e = exp(z)``, which keeps subnormal
    results. The rounding error of ``1 + e`` is carried along exactly and
    corrected for, which keeps the error within about 1.7 ulp of the result
    (the rest is ``exp``'s own error). No branch and no warning:
    ``+inf -> 1``, ``-inf -> 0``, ``nan -> nan``.

    Examples
    --------
    >>> from logitlab import sigmoid
    >>> float(sigmoid(0.5 * 2))
    0.7310585786300049
    >>> sigmoid([-800.0, 0.0, 800.0])
    array([0. , 0.5, 1. ])
    >>> float(sigmoid(-740.0)) > 0  # subnormal, not flushed to zero
    True
    """
    x = as_real_array(z, "sigmoid")
    out = np.empty(x.shape)
    _logistic_into(x.reshape(-1), out.reshape(-1))
    return scalar_or_array(out)


def _logistic_into(x, out, out_neg=None):
    """Write sigmoid(x) into `out` (and sigmoid(-x) into `out_neg`); 1-d arrays.

    The one kernel behind :func:`sigmoid` and the two-class :func:`softmax`,
    so that ``softmax([a, b])[0] == sigmoid(a - b)`` holds bit for bit.
    """
    n = x.size
    size = min(n, _BLOCK)
    hi, lo, tmp = np.empty(size), np.empty(size), np.empty(size)
    # Blocks that fit in cache: the passes below then cost little more than
    # the exps, instead of a trip through main memory each.
    for start in range(0, n, _BLOCK):
        xb = x[start : start + _BLOCK]
        k = xb.size
        h, c, t = hi[:k], lo[:k], tmp[:k]
        # The denominator 1 + exp(-|x|), kept as an unevaluated sum h + c:
        # exp(-|x|) never overflows, and since it is <= 1, Fast2Sum gives
        # the rounding error of 1 + e exactly. Without that correction the
        # rounding of the denominator alone costs up to 1 ulp of the result.
        np.abs(xb, out=c)
        np.negative(c, out=c)
        np.exp(c, out=c)
        np.add(c, 1.0, out=h)
        np.subtract(1.0, h, out=t)
        c += t
        c /= h  # relative correction: 1/(h + c) = (1/h) * (1 - c/h + ...)
        for sign, target in ((1.0, out), (-1.0, out_neg)):
            if target is None:
                continue
            num = target[start : start + _BLOCK]
            # exp(min(s*x, 0)) is exp(s*x) when s*x < 0 and 1 otherwise: the
            # numerator without a data-dependent select (a mask costs more
            # than an exp here) and without overflow.
            np.multiply(xb, sign, out=num)
            np.minimum(num, 0.0, out=num)
            np.exp(num, out=num)
            num /= h
            np.multiply(num, c, out=t)
            num -= t


def log_sigmoid(z):
    r"""Logarithm of the sigmoid, :math:`-\log(1 + e^{-z})`, without overflow.

    Parameters
    ----------
    z : array_like of int or float
        Scores (log-odds).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``log(sigmoid(z))`` in float64, never ``-inf`` for finite `z`.

    Notes
    -----
    Computed as ``min(z, 0) - log1p(exp(-|z|))``. ``log(sigmoid(z))`` would
    return ``-inf`` for ``z < -745`` where the true value is simply ``z``;
    losses should always use this form.

    Examples
    --------
    >>> from logitlab import log_sigmoid
    >>> float(log_sigmoid(-800))
    -800.0
    >>> float(log_sigmoid(0))
    -0.6931471805599453
    """
    x = as_real_array(z, "log_sigmoid")
    out = np.minimum(x, 0.0)
    out = out - np.log1p(np.exp(-np.abs(x)))
    return scalar_or_array(out)


def _softmax_input(z, axis, func):
    x = as_real_array(z, func)
    if x.ndim == 0:
        raise ValueError(f"{func}() needs at least one axis of scores, got a scalar")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(
            f"{func}(): axis must be an integer (the axis holding the classes), "
            f"got {type(axis).__name__}"
        )
    try:
        length = x.shape[axis]
    except IndexError:
        raise ValueError(
            f"{func}(): axis {axis} is out of range for an array with {x.ndim} dimension(s)"
        ) from None
    if length == 0:
        raise ValueError(f"{func}(): axis {axis} is empty; softmax of no scores is undefined")
    return x


# Up to this many classes, reductions along the class axis run as k - 1
# elementwise ufunc calls (see _along).
_FEW_CLASSES = 16


def _along(ufunc, x, axis):
    """``ufunc.reduce(x, axis, keepdims=True)``, fast for a short axis.

    NumPy reduces a short axis (2 to 10 classes) one tiny row at a time,
    which made max and sum cost more than exp itself. For few classes, k - 1
    whole-array ufunc calls over the class slices do the same work vectorised
    over rows: softmax on (10**5, 2) runs about twice as fast as scipy's.
    Sums are then sequential, which for k <= 16 terms is as accurate as
    NumPy's pairwise sum.
    """
    k = x.shape[axis]
    if k > _FEW_CLASSES:
        return ufunc.reduce(x, axis=axis, keepdims=True)
    index = [slice(None)] * x.ndim
    index[axis] = slice(0, 1)
    out = x[tuple(index)].copy()
    for j in range(1, k):
        index[axis] = slice(j, j + 1)
        ufunc(out, x[tuple(index)], out=out)
    return out


def _shifted(x, axis):
    """Scores minus their maximum along ``axis``: every exponent is <= 0."""
    top = _along(np.maximum, x, axis)
    # An all -inf or a +inf row has no finite maximum; its result is NaN
    # (as in scipy), but quietly: inf - inf is not the user's mistake.
    # Finite scores more than 1.8e308 below the maximum overflow to -inf
    # here, which is harmless: exp(-inf) is the 0 they would round to anyway.
    with np.errstate(invalid="ignore", over="ignore"):
        return x - top


def softmax(z, axis=-1):
    r"""Softmax :math:`e^{z_k} / \sum_j e^{z_j}` along `axis`, stable.

    Parameters
    ----------
    z : array_like of int or float
        Class scores. At least one-dimensional.
    axis : int, optional
        The axis holding the classes. Default: the last.

    Returns
    -------
    numpy.ndarray
        Probabilities that sum to 1 along `axis`.

    Raises
    ------
    ValueError
        If `z` is a scalar or the axis is empty.
    TypeError
        For non-numeric input.

    Notes
    -----
    Subtracts the largest score first (softmax is unchanged by adding the
    same constant to every score), so ``exp`` never overflows.

    Examples
    --------
    >>> from logitlab import softmax
    >>> softmax([0.5 * 1, 0.5 * -1])
    array([0.73105858, 0.26894142])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    >>> softmax([-1000.0, -1000.0])
    array([0.5, 0.5])
    """
    x = _softmax_input(z, axis, "softmax")
    if x.shape[axis] == 2 and np.isfinite(x).all():
        return _softmax_two(x, axis)
    e = _shifted(x, axis)
    np.exp(e, out=e)
    e /= _along(np.add, e, axis)
    return e


def _softmax_two(x, axis):
    """Two classes: [sigmoid(a - b), sigmoid(b - a)], from the sigmoid kernel.

    Subtracting the larger score leaves [0, -|a - b|], so max-subtraction
    softmax and the sigmoid of the difference are one computation; sharing
    the kernel makes them agree to the last bit, and it is faster and
    (with its corrected denominator) more accurate than the general path.
    """
    a = np.take(x, 0, axis=axis)
    b = np.take(x, 1, axis=axis)
    # Finite scores 1.8e308 apart overflow to an infinite difference, whose
    # sigmoid is the exact 0 or 1: nothing to warn about.
    with np.errstate(over="ignore"):
        d = np.subtract(a, b).reshape(-1)
    p0, p1 = np.empty(d.size), np.empty(d.size)
    _logistic_into(d, p0, p1)
    return np.stack([p0.reshape(a.shape), p1.reshape(a.shape)], axis=axis)


def log_softmax(z, axis=-1):
    r"""Logarithm of the softmax, :math:`z_k - \log \sum_j e^{z_j}`, stable.

    Parameters
    ----------
    z : array_like of int or float
        Class scores. At least one-dimensional.
    axis : int, optional
        The axis holding the classes. Default: the last.

    Returns
    -------
    numpy.ndarray
        Log-probabilities; finite wherever `z` is finite, except where the
        true value itself is beyond float64 (a score 1.8e308 below the top).

    Examples
    --------
    >>> from logitlab import log_softmax
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    """
    x = _softmax_input(z, axis, "log_softmax")
    shifted = _shifted(x, axis)
    shifted -= np.log(_along(np.add, np.exp(shifted), axis))
    return shifted


def naive_sigmoid(x):
    """The question's sigmoid, ``1 / (1 + exp(-x))``, as posted. Unsafe.

    Kept only to show how the textbook formula fails: ``exp(-x)`` overflows
    for ``x < -709.78`` with a RuntimeWarning (the result, 0, happens to be
    right), and ``1 - naive_sigmoid(-x)`` loses all precision in the tail.
    Use :func:`sigmoid`.

    Examples
    --------
    >>> from logitlab import naive_sigmoid
    >>> float(naive_sigmoid(0.5 * 1))
    0.6224593312018546
    """
    x = np.asarray(x, dtype=float)  # the question had dtype=np.float
    x = 1 / (1 + np.exp(-x))
    return x


def naive_softmax(x):
    """The question's softmax, ``exp(x) / sum(exp(x))``, as posted. Unsafe.

    Kept only to show how it fails: ``naive_softmax([1000, 0])`` is
    ``[nan, 0]`` with overflow and invalid-value warnings, and
    ``naive_softmax([-1000, -1000])`` is ``[nan, nan]``. It also sums over
    the whole array, not per row. Use :func:`softmax`.

    Examples
    --------
    >>> from logitlab import naive_softmax
    >>> naive_softmax([0.5 * (1 - -1), 0.5 * (-1 - -1)])
    array([0.73105858, 0.26894142])
    """
    x = np.asarray(x)
    x = np.exp(x) / np.sum(np.exp(x))
    return x
