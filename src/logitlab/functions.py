"""The logistic sigmoid and the softmax, stable and naive.

The stable functions are the ones to use. The ``naive_*`` functions are the
formulas from the Cross Validated question exactly as written there (with
``float`` in place of the removed ``np.float``); they are kept so the lessons
can show how and where they fail.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_real_array_and_dtype, scalar_or_array

__all__ = [
    "sigmoid",
    "log_sigmoid",
    "softmax",
    "log_softmax",
    "naive_sigmoid",
    "naive_softmax",
]


# Below this the sigmoid is e - e*e with e = exp(z): e/(1 + e) = e - e^2 + e^3
# - ..., and e^3 is below 1e-17 of e here, so only two roundings remain
# (exp's and the subtraction's), where 1/(1 + exp(-z)) has three and loses
# up to 2.45 ulps of the result near z = -36.8. Each step of z here moves
# e by at least 16 ulps, which no rounding can undo: still monotone. For
# z < -37.4, e*e is below half an ulp of e (and underflows quietly): the
# result is exp(z), subnormal results included.
_TAIL = -20.0

# Above this 1 + exp(-z) is 1 in float64 (it is from z = 36.7 on).
_HEAD = 40.0

# Elements per block in sigmoid: 64 KiB of float64, well inside L2.
_BLOCK = 8192


def sigmoid(z):
    r"""Logistic sigmoid :math:`1 / (1 + e^{-z})`, stable and monotone for every float64.

    Parameters
    ----------
    z : array_like of int or float
        Scores (log-odds). Scalars, lists and arrays are accepted.

    Returns
    -------
    numpy.floating or numpy.ndarray
        Probabilities in [0, 1], same shape as `z`; a NumPy scalar for
        scalar input. float32 for float32 input, float16 for float16, and
        float64 for everything else (see Notes).

    Raises
    ------
    TypeError
        For strings, ``None``, booleans, object or complex input, masked
        arrays.
    ValueError
        For a number beyond float64's range (``10**400``).

    Notes
    -----
    The textbook formula ``1 / (1 + exp(-z))`` overflows ``exp`` for
    ``z < -709.78`` (with a RuntimeWarning), and ``scipy.special.expit``,
    which uses it quietly, returns 0 for ``z`` in (-745.13, -709.78] where
    the true results are subnormal (they are for every ``z`` below -708.4).

    Here the textbook formula is used for ``z >= -20``, and below it
    ``e - e*e`` with ``e = exp(z)`` (the series of ``e / (1 + e)``, whose
    next term is below 1e-17 of ``e`` there): ``exp(-z)`` never overflows,
    and subnormal results are kept (to within one subnormal step, 2**-1074).

    That choice makes the sigmoid **monotone**: ``z1 <= z2`` implies
    ``sigmoid(z1) <= sigmoid(z2)`` for all floats, adjacent ones included.
    ``exp`` is monotone, and ``1 + e`` and ``1 / d`` are correctly rounded,
    so monotone too; below -20 one step of ``z`` moves ``e`` by at least 16
    ulps, more than the two roundings of ``e - e*e`` can take back, and at
    ``z = -20`` the two pieces give the same float. Forms that correct the
    rounding of ``1 + e`` (or use ``e / (1 + e)`` for all negative ``z``)
    are more accurate but decrease between some adjacent floats, around
    ``z = 2.22`` for one: rounding errors that do not move together.
    Accuracy: within 2.07 ulps of the exact value wherever the result is a
    normal float, as lesson 06 (``06_numerical_stability``) measures it
    against mpmath at 130,000 points; the largest errors are where the
    result lies just below a power of two, for ``z`` in (-5, 0) (scipy's
    ``expit``, the textbook formula everywhere, reaches 2.37 ulps near
    ``z = -37``).

    No warning and no floating-point flag escapes, whatever ``np.errstate``
    says: ``+inf -> 1``, ``-inf -> 0``, ``nan -> nan``.

    **dtypes.** float16 and float32 input (arrays and NumPy scalars) gives
    results of its own dtype; lists (whatever they hold), Python numbers,
    ints and float64 give float64, and so does ``longdouble`` (computed in
    float64: its extra digits would be digits never computed).
    float16 and float32 are computed in float64, which holds their values
    exactly, and rounded once: within 1 ulp of the correctly rounded
    float32 (float16) value over the whole range, subnormal results
    included, and monotone too (rounding is). In float32, sigmoid rounds to
    1 from ``z = 17.33`` (float64: 36.7), and float32 ``exp(-z)`` overflows
    below -88.72, where ``scipy.special.expit`` on float32 returns 0 though
    the true results are subnormal floats down to ``z = -103.28``.

    Examples
    --------
    >>> import numpy as np
    >>> from logitlab import sigmoid
    >>> float(sigmoid(0.5 * 2))
    0.7310585786300049
    >>> sigmoid([-800.0, 0.0, 800.0])
    array([0. , 0.5, 1. ])
    >>> float(sigmoid(-740.0)) > 0  # subnormal, not flushed to zero
    True
    >>> sigmoid(np.array([16.0, 17.0, 18.0], dtype=np.float32))
    array([0.9999999 , 0.99999994, 1.        ], dtype=float32)
    >>> sigmoid(np.float32(-100.0))  # a float32 subnormal; float32 expit gives 0
    np.float32(3.8e-44)
    """
    x, dtype = as_real_array_and_dtype(z, "sigmoid")
    out = np.empty(x.shape, dtype=dtype)
    _logistic_into(x.ravel(), out.ravel())  # out.ravel() is a view: out is fresh
    return scalar_or_array(out)


def _sigmoid_float64(x):
    """sigmoid of a 1-d float64 array, unchecked: for loops that made `x` themselves.

    The fitting loops call the sigmoid a few times per Newton step on scores
    they computed; the checks of :func:`sigmoid` were a sixth of a fit on
    small data (make bench's fit_logistic row against statsmodels). Same
    kernel, same bits.
    """
    out = np.empty_like(x)
    _logistic_into(x, out)
    return out


def _widen(x, out=None):
    """float16/float32 `x` as float64 (exactly), into `out` if given.

    A signaling NaN (bit patterns NumPy never makes, but input may hold)
    raises the invalid flag in the cast; float64 input carries it through
    these functions quietly, so the cast does too.
    """
    with np.errstate(invalid="ignore"):
        if out is None:
            # Equivalent mutants: astype(None) is float64 too; copy= only costs time.
            return x.astype(np.float64, copy=False)  # pragma: no mutate
        np.copyto(out, x)
        return out


# Equivalent mutant log=True: +0.0 also leaves probabilities (never -0.0) as they are.
def _rounded(out, dtype, log=False):  # pragma: no mutate
    """The float64 result `out` rounded once to the result dtype.

    float16 and float32 inputs are exact in float64, and every result here
    is within a few float64 ulps of the truth, 2**29 times finer than
    float32's: one rounding lands on the correctly rounded value or, when
    the truth lies that close to a midpoint between two of them, on its
    neighbour (within 1 ulp). Computing in float32 itself would lose
    several ulps (and float16's exp overflows above 11.1).
    """
    if dtype == out.dtype:
        return out
    # Underflow to a subnormal or to 0, and log_softmax's overflow to -inf
    # for a log-probability below -3.4e38, are the correct roundings of
    # values the narrow type cannot hold: no warning is due.
    with np.errstate(under="ignore", over="ignore"):
        narrow = out.astype(dtype)
    if log:
        # A log-probability in (-tiny/2, 0) rounds to -0.0; adding 0.0 makes
        # it 0.0, the zero float64's log_sigmoid(800) gives, so that
        # log_sigmoid(np.float32([200, 800])) does not print -0. and 0.
        narrow += 0.0
    return narrow


def _logistic_into(x, out):
    """Write sigmoid(x) into `out`; both 1-d, of the same float dtype.

    The one kernel behind :func:`sigmoid` and the two-class :func:`softmax`,
    so that ``softmax([a, b])[0] == sigmoid(a - b)`` holds bit for bit.
    float16 and float32 are computed in float64 block by block and rounded
    once into `out` (see :func:`_rounded` for why that is accurate).
    """
    # Every step is monotone (exp, then the correctly rounded 1 + e and
    # 1 / d), which is why there is no correction of the rounding of 1 + e
    # here: the corrections tried broke monotonicity (see sigmoid's Notes).
    n = x.size
    size = min(n, _BLOCK)
    # mutmut equivalent: a float `tail` (dtype dropped) holds 1.0/0.0 and
    # selects the same way below.
    e, tail = np.empty(size), np.empty(size, dtype=bool)  # pragma: no mutate
    # float16/float32 are widened and rounded back block by block, in cache:
    # widening the whole input first made float32 sigmoid 2.2x as slow as
    # scipy's float32 expit (this way 0.85x on a quiet machine; make bench).
    narrow = out.dtype != np.float64
    if narrow:
        x_wide, out_wide = np.empty(size), np.empty(size)
    # Blocks that fit in cache: the passes below then cost little more than
    # the exps, instead of a trip through main memory each.
    with np.errstate(under="ignore"):  # exp and e*e underflow quietly to the right 0
        for start in range(0, n, _BLOCK):
            xb = x[start : start + _BLOCK]
            k = xb.size
            ob = out[start : start + _BLOCK]
            if narrow:
                # Equivalent mutant: without the buffer _widen allocates; same values.
                xb = _widen(xb, x_wide[:k])  # pragma: no mutate
                ob = out_wide[:k]
            eb, tb = e[:k], tail[:k]
            # max(x, _TAIL) keeps exp(-x) finite; NaN passes through np.clip.
            # min(x, _HEAD) keeps exp away from results below 1e-308, where
            # it takes a hundred times as long (and 1 + exp(-x) is 1 from
            # x = 36.7 on either way: the same bits).
            np.clip(xb, _TAIL, _HEAD, out=ob)
            np.negative(ob, out=ob)
            np.exp(ob, out=ob)
            ob += 1.0
            np.divide(1.0, ob, out=ob)
            # mutmut equivalent: `<=` is the same, both pieces give the same
            # float at z = -20 exactly (tests check it).
            np.less(xb, _TAIL, out=tb)  # pragma: no mutate
            if tb.any():
                np.minimum(xb, _TAIL, out=eb)
                np.exp(eb, out=eb)
                np.subtract(eb, eb * eb, out=eb)
                # Pick the tail where x < _TAIL by arithmetic, which is exact
                # (both pieces are finite, and v*1 + w*0 == v): a random mask
                # read by np.where or fancy indexing costs more than both exps.
                eb *= tb
                np.logical_not(tb, out=tb)
                ob *= tb
                ob += eb
            if narrow:
                # The one rounding to float16/float32; underflow to their
                # subnormals or 0 is that rounding, quiet like exp's above.
                out[start : start + k] = ob


def log_sigmoid(z):
    r"""Logarithm of the sigmoid, :math:`-\log(1 + e^{-z})`, without overflow.

    Parameters
    ----------
    z : array_like of int or float
        Scores (log-odds).

    Returns
    -------
    numpy.floating or numpy.ndarray
        ``log(sigmoid(z))``, never ``-inf`` for finite `z`; float32 for
        float32 input, float16 for float16, float64 for everything else.

    Notes
    -----
    Computed as ``-log1p(exp(-z))`` for ``z >= -40`` and as ``z`` below,
    where ``log1p(exp(z)) < 4.3e-18`` is less than half an ulp of ``z``.
    ``log(sigmoid(z))`` would return ``-inf`` for ``z < -745`` where the
    true value is simply ``z``; losses should always use this form.

    Like :func:`sigmoid` it is monotone between adjacent floats (``exp``
    and ``log1p`` are, and the two pieces meet where the first is already
    ``z`` to the last bit); the common ``min(z, 0) - log1p(exp(-|z|))``
    is not, for negative ``z`` near 0, and is no more accurate. No warning
    and no floating-point flag escapes: ``+inf -> 0``, ``-inf -> -inf``,
    ``nan -> nan``.

    **dtypes.** float16 and float32 input (arrays and NumPy scalars) gives
    results of its own dtype; lists (whatever they hold), Python numbers,
    ints and float64 give float64, and so does ``longdouble`` (computed in
    float64: its extra digits would be digits never computed).
    They are computed in float64 and rounded once, as in :func:`sigmoid`:
    within 1 ulp of the correctly rounded value, tiny results near 0
    included (``log_sigmoid(np.float32(20))`` is -2.06e-9, not 0), and
    monotone. A result too small for the dtype is ``0.0``, never ``-0.0``.
    In float32 the loss ``-log(1 - sigmoid(z))`` is ``inf`` from
    ``z = 17.33``; ``-log_sigmoid(-z)`` is the same loss and stays finite.

    Examples
    --------
    >>> import numpy as np
    >>> from logitlab import log_sigmoid
    >>> float(log_sigmoid(-800))
    -800.0
    >>> float(log_sigmoid(0))
    -0.6931471805599453
    >>> -log_sigmoid(np.array([-17.5, -100.0, 20.0], dtype=np.float32))
    array([1.7500000e+01, 1.0000000e+02, 2.0611537e-09], dtype=float32)
    """
    x, dtype = as_real_array_and_dtype(z, "log_sigmoid")
    return scalar_or_array(_rounded(_log_logistic(_widen(x)), dtype, log=True))


# Below this log_sigmoid(z) is z: log1p(exp(z)) < 4.3e-18 there, less than
# half an ulp of z; and exp(-_LOG_TAIL) cannot overflow.
_LOG_TAIL = -40.0


def _log_logistic(x):
    """log_sigmoid(x) for a float64 array: the kernel of :func:`log_sigmoid`
    and of the two-class :func:`log_softmax`."""
    # max(x, _LOG_TAIL) keeps exp(-x) finite; NaN passes through np.maximum.
    out = np.maximum(x, _LOG_TAIL, out=np.empty(np.shape(x)))
    np.negative(out, out=out)
    # exp(-x) underflows to 0 for x > 745, where log1p of it is the exact 0
    # anyway: keep the flag quiet even under np.errstate(all="raise").
    with np.errstate(under="ignore"):
        np.exp(out, out=out)
    np.log1p(out, out=out)
    # 0 - y, not -y: log_sigmoid(800) is 0.0, not -0.0, as from min(z, 0) - y.
    np.subtract(0.0, out, out=out)
    # mutmut equivalent: `<=` is the same, -log1p(exp(40)) rounds to 40 exactly.
    return np.where(x < _LOG_TAIL, x, out)  # pragma: no mutate


def _softmax_input(z, axis, func):
    """The scores as float64, and the result dtype; or a clear error."""
    x, dtype = as_real_array_and_dtype(z, func)
    x = _widen(x)
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
    return x, dtype


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
    # mutmut equivalent: slice(None, 1) and slice(1) are this slice.
    index[axis] = slice(0, 1)  # pragma: no mutate
    out = x[tuple(index)].copy()
    for j in range(1, k):
        index[axis] = slice(j, j + 1)
        ufunc(out, x[tuple(index)], out=out)
    return out


def _shifted(x, axis):
    """Scores minus their maximum along ``axis``: every exponent is <= 0.

    A row whose maximum is +inf: a single +inf becomes 0 and everything
    else -inf (the limit, probability 1 there); with several +inf the row
    stays NaN at them, as does any row holding a NaN or only -inf.
    """
    top = _along(np.maximum, x, axis)
    # inf - inf is NaN quietly: the NaN rows above are the answer, not the
    # user's mistake. Finite scores more than 1.8e308 below the maximum
    # overflow to -inf, which is harmless: exp(-inf) is the 0 they round to.
    with np.errstate(invalid="ignore", over="ignore"):
        shifted = x - top
    if np.isposinf(top).any():
        at_inf = np.isposinf(x)
        single = np.count_nonzero(at_inf, axis=axis, keepdims=True) == 1
        # The other entries of these rows are already -inf (finite - inf).
        # mutmut equivalent: any finite value here gives the same softmax
        # (exp(c) / exp(c)) and log_softmax (c - log1p(exp(c) - 1)); 0 is
        # the shifted maximum, as in every other row.
        shifted[at_inf & single] = 0.0  # pragma: no mutate
    return shifted


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
        Probabilities that sum to 1 along `axis`; float32 for float32
        input, float16 for float16, float64 for everything else.

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

    Infinite scores are limits: a single ``+inf`` in a row gets probability
    1 and the others 0, ``-inf`` gets 0; a row with several ``+inf``, only
    ``-inf`` or a NaN is NaN (no limit decides it). So
    ``softmax([a, b])[0] == sigmoid(a - b)`` holds for every pair of
    float64 scores, infinite ones included, bit for bit: two classes share
    the sigmoid's kernel. No warning and no floating-point flag escapes.

    **dtypes.** float16 and float32 input (arrays and NumPy scalars) gives
    results of its own dtype; lists (whatever they hold), Python numbers,
    ints and float64 give float64, and so does ``longdouble`` (computed in
    float64: its extra digits would be digits never computed).
    They are computed in float64 and rounded once: each probability within
    1 ulp of its correctly rounded value, the infinite scores as above. For
    two float32 classes the result is the float64 ``sigmoid(a - b)``
    rounded once, with ``a - b`` taken in float64: it can differ from
    ``sigmoid(a - b)`` on float32 ``a``, ``b``, whose difference is rounded
    to float32 first.

    Examples
    --------
    >>> import numpy as np
    >>> from logitlab import softmax
    >>> softmax([0.5 * 1, 0.5 * -1])
    array([0.73105858, 0.26894142])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    >>> softmax([-1000.0, -1000.0])
    array([0.5, 0.5])
    >>> softmax([float("inf"), 0.0, 5.0])
    array([1., 0., 0.])
    >>> softmax(np.array([[1.0, 2.0, 3.0], [100.0, 0.0, 0.0]], dtype=np.float32))
    array([[9.0030573e-02, 2.4472848e-01, 6.6524094e-01],
           [1.0000000e+00, 3.7835059e-44, 3.7835059e-44]], dtype=float32)
    """
    x, dtype = _softmax_input(z, axis, "softmax")
    if x.shape[axis] == 2:
        return _rounded(_softmax_two(x, axis), dtype)
    e = _shifted(x, axis)
    # Underflow to subnormals or 0 is the right rounding of tiny
    # probabilities; the sum is at least 1 (the maximum's exp(0)) or NaN,
    # so there is no 0/0.
    with np.errstate(under="ignore"):
        np.exp(e, out=e)
        e /= _along(np.add, e, axis)
    return _rounded(e, dtype)


def _softmax_two(x, axis):
    """Two classes: [sigmoid(a - b), sigmoid(b - a)], from the sigmoid kernel.

    Subtracting the larger score leaves [0, -|a - b|], so max-subtraction
    softmax and the sigmoid of the difference are the same function; sharing
    the kernel makes them agree to the last bit (and monotone), and it is
    faster than the general path. Infinite scores need no special case:
    inf - b = inf has sigmoid 1, inf - inf = NaN.
    """
    a = np.take(x, 0, axis=axis)
    b = np.take(x, 1, axis=axis)
    # Finite scores 1.8e308 apart overflow to an infinite difference, whose
    # sigmoid is the exact 0 or 1: nothing to warn about.
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.subtract(a, b).ravel()
    p0, p1 = np.empty(d.size), np.empty(d.size)
    _logistic_into(d, p0)
    # b - a is exactly -(a - b) in IEEE arithmetic.
    _logistic_into(np.negative(d), p1)
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
        float32 for float32 input, float16 for float16, float64 for
        everything else.

    Notes
    -----
    With ``m`` the largest score, the result is
    ``z_k - m - log1p(s)``, where ``s`` is the sum of ``exp(z_j - m)`` over
    every entry but one maximum (ties of the maximum count 1 each). Taking
    ``log`` of the whole sum instead would round ``1 + s`` to 1 and return
    0 for log-probabilities as small as ``log_softmax([0, -40])[0]``
    = -4.25e-18. Two classes share :func:`log_sigmoid`'s kernel, so the
    result equals ``log_sigmoid`` of the difference bit for bit (and is
    monotone in it).

    Infinite scores as in :func:`softmax`: a single ``+inf`` gives 0 there
    and ``-inf`` elsewhere; several ``+inf``, only ``-inf`` or a NaN give a
    NaN row. No warning and no floating-point flag escapes.

    **dtypes.** float16 and float32 input (arrays and NumPy scalars) gives
    results of its own dtype; lists (whatever they hold), Python numbers,
    ints and float64 give float64, and so does ``longdouble`` (computed in
    float64: its extra digits would be digits never computed).
    They are computed in float64 and rounded once: within 1 ulp of the
    correctly rounded value, and ``-inf`` (quietly) where the true value is
    beyond the dtype's range (float32: a score 3.4e38 below the top).
    Tiny log-probabilities are kept (``log_softmax`` of float32
    ``[0, -20]`` starts with -2.06e-9); one too small for the dtype is
    ``0.0``.

    Examples
    --------
    >>> import numpy as np
    >>> from logitlab import log_softmax
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    >>> float(log_softmax([0.0, -40.0])[0])
    -4.248354255291589e-18
    >>> log_softmax(np.array([0.0, -20.0, -30.0], dtype=np.float32))
    array([-2.0612472e-09, -2.0000000e+01, -3.0000000e+01], dtype=float32)
    """
    x, dtype = _softmax_input(z, axis, "log_softmax")
    if x.shape[axis] == 2:
        a = np.take(x, 0, axis=axis)
        b = np.take(x, 1, axis=axis)
        with np.errstate(over="ignore", invalid="ignore"):
            d = np.subtract(a, b)
        out = np.stack([_log_logistic(d), _log_logistic(np.negative(d))], axis=axis)
        return _rounded(out, dtype, log=True)
    shifted = _shifted(x, axis)
    at_max = shifted == 0
    with np.errstate(under="ignore"):
        rest = np.exp(shifted)
        # Drop the maxima's exact 1s from the sum, then add back all but
        # one: no rounding of 1 + (something tiny) anywhere.
        rest[at_max] = 0.0
        s = _along(np.add, rest, axis) + (np.count_nonzero(at_max, axis=axis, keepdims=True) - 1)
        shifted -= np.log1p(s)
    return _rounded(shifted, dtype, log=True)


def naive_sigmoid(x):
    """The question's sigmoid, ``1 / (1 + exp(-x))``, as posted. Unsafe.

    Kept only to show how the textbook formula fails: ``exp(-x)`` overflows
    for ``x < -709.78`` with a RuntimeWarning and the result is 0, though
    the true value is a positive subnormal down to ``x = -745.13`` (and
    rounds to 0 only below). Elsewhere the formula is accurate (about 1.3
    eps) and monotone: :func:`sigmoid` uses it for ``x >= -20``. It checks
    nothing: ``dtype=float`` reads the string ``"0.5"`` as 0.5 and ``True``
    as 1.0. Use :func:`sigmoid`.

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
    ``naive_softmax([-1000, -1000])`` is ``[nan, nan]`` (0/0, with an
    invalid-value warning). It also sums over the whole array, not per row,
    and checks nothing about its input. Use :func:`softmax`.

    Examples
    --------
    >>> from logitlab import naive_softmax
    >>> naive_softmax([0.5 * (1 - -1), 0.5 * (-1 - -1)])
    array([0.73105858, 0.26894142])
    """
    x = np.asarray(x)
    x = np.exp(x) / np.sum(np.exp(x))
    return x
