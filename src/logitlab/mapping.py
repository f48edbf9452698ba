"""Coefficients of a two-class softmax and of a logistic regression.

``softmax([x*b1, x*b2])[0] == sigmoid(x*(b1 - b2))``: only the difference of
the two softmax coefficients is identified, and it is the logistic
coefficient. These functions move between the two descriptions; an
intercept is just one more entry of a coefficient vector.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_real_array, scalar_or_array

__all__ = ["softmax_to_logistic", "logistic_to_softmax", "PARAMETERIZATIONS"]

#: Names accepted by :func:`logistic_to_softmax`.
PARAMETERIZATIONS = ("reference", "symmetric")


def softmax_to_logistic(beta1, beta2, positive=0):
    """Logistic coefficient equivalent to a two-class softmax.

    Parameters
    ----------
    beta1, beta2 : array_like of float
        Coefficients (or coefficient vectors, intercept included) of class 1
        and class 2 (softmax entries ``[0]`` and ``[1]``, coefficient rows 0
        and 1), scores ``x*beta1`` and ``x*beta2``.
    positive : {0, 1}, optional
        The softmax entry the sigmoid should reproduce. ``0`` (default,
        class 1, the question's sigmoid) gives ``beta1 - beta2``; ``1``
        (class 2) gives ``beta2 - beta1``: what a logistic regression fitted
        on labels 0/1 reports (label 1 is class 2), and the accepted
        answer's ``-(b1 - b2)``.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``beta`` such that ``sigmoid(x*beta) == softmax([x*beta1,
        x*beta2])[positive]`` for every ``x``.

    Raises
    ------
    ValueError
        If `positive` is not the integer 0 or 1 (booleans, floats and
        complex numbers are refused, even ``1.0``), the shapes do not
        broadcast, or a difference of finite coefficients is beyond
        float64's range (``1e308 - (-1e308)``). Infinite coefficients pass
        through quietly (``inf - inf`` is NaN).

    Examples
    --------
    >>> from logitlab import softmax_to_logistic
    >>> float(softmax_to_logistic(1, -1))
    2.0
    >>> float(softmax_to_logistic(1, -1, positive=1))
    -2.0
    >>> softmax_to_logistic([-13.0, 2.8], [0.0, 0.0])
    array([-13. ,   2.8])
    """
    # An explicit type check, not `positive in (0, 1)`: membership compares
    # with ==, which lets np.True_, 1.0 and 1+0j through while True is refused.
    is_int = isinstance(positive, (int, np.integer)) and not isinstance(positive, (bool, np.bool_))
    if not is_int or positive not in (0, 1):
        raise ValueError(
            f"softmax_to_logistic(): positive must be 0 or 1 (the softmax entry "
            f"the sigmoid reports), got {positive!r}"
        )
    b1 = as_real_array(beta1, "softmax_to_logistic", "beta1")
    b2 = as_real_array(beta2, "softmax_to_logistic", "beta2")
    try:
        # Quiet: inf - inf is NaN (no difference exists), and a finite
        # difference beyond float64 is refused below.
        with np.errstate(over="ignore", invalid="ignore"):
            diff = np.subtract(b1, b2) if positive == 0 else np.subtract(b2, b1)
    except ValueError:
        raise ValueError(
            f"softmax_to_logistic(): beta1 has shape {b1.shape} and beta2 has shape "
            f"{b2.shape}; they must match"
        ) from None
    if np.any(np.isinf(diff) & np.isfinite(b1) & np.isfinite(b2)):
        raise ValueError(
            "softmax_to_logistic(): the difference of beta1 and beta2 is beyond float64's "
            f"range (largest about {np.finfo(np.float64).max:.4g})"
        )
    return scalar_or_array(diff)


def logistic_to_softmax(beta, parameterization="reference", reference=1):
    """One of the many two-class softmax coefficient pairs for a logistic ``beta``.

    Every pair ``(beta1, beta2)`` with ``beta1 - beta2 == beta`` gives the
    same probabilities; this picks one by a named convention.

    Parameters
    ----------
    beta : array_like of float
        Logistic coefficient(s) of class 1 against class 2, ``beta1 -
        beta2`` (the log-odds of class 1). A logistic regression fitted on
        labels 0/1 reports class 2 against class 1: pass its negative.
    parameterization : {"reference", "symmetric"}, optional
        ``"reference"`` (default): one class's coefficients are fixed at 0
        (see `reference`). ``"symmetric"``: ``(beta/2, -beta/2)``, the
        sum-to-zero solution an L2 penalty picks.
    reference : {1, 2}, optional
        The class fixed at 0 by ``"reference"``. ``1`` (default, the lowest
        label): ``(0, -beta)``, as statsmodels' ``MNLogit`` and R's
        ``nnet::multinom`` (their first level) do, and the layout of
        :attr:`FitResult.params <logitlab.fitting.FitResult>`. ``2``:
        ``(beta, 0)``, as R's VGAM does (its last level). Stata's ``mlogit``
        fixes its most frequent outcome.

    Returns
    -------
    tuple of (numpy.float64 or numpy.ndarray)
        ``(beta1, beta2)``, whose difference is exactly `beta` (subnormal
        betas included: the symmetric halves are then ``beta/2`` rounded and
        ``beta/2 - beta``).

    Raises
    ------
    ValueError
        For an unknown parameterization name (or anything but a str), a
        `reference` other than 1 or 2, or ``reference=2`` with
        ``"symmetric"``.
    TypeError
        A `reference` that is not an integer (``True``, ``2.0``, ``"2"``).

    Examples
    --------
    >>> from logitlab import logistic_to_softmax
    >>> [float(b) for b in logistic_to_softmax(2.0)]  # class 1 fixed at 0
    [0.0, -2.0]
    >>> [float(b) for b in logistic_to_softmax(2.0, reference=2)]
    [2.0, 0.0]
    >>> [float(b) for b in logistic_to_softmax(2.0, "symmetric")]
    [1.0, -1.0]
    """
    func = "logistic_to_softmax"
    # isinstance first: `array in tuple` compares element-wise and would let
    # np.array(["reference"]) through.
    if not isinstance(parameterization, str) or parameterization not in PARAMETERIZATIONS:
        raise ValueError(
            f"{func}(): unknown parameterization {parameterization!r}; "
            f"valid ones are {', '.join(map(repr, PARAMETERIZATIONS))}"
        )
    reference = _check_reference(reference, parameterization, func)
    b = as_real_array(beta, func, "beta")
    if parameterization == "symmetric":
        # half - b, not -half: for an odd multiple of the smallest subnormal
        # b / 2 rounds, and the pair must still differ by exactly b.
        half = b / 2
        pair = (half, half - b)
    elif reference == 1:
        pair = (np.zeros_like(b), 0.0 - b)  # not -b: no -0.0 for beta = 0
    else:
        pair = (b.copy(), np.zeros_like(b))
    return tuple(scalar_or_array(p) for p in pair)


def _check_reference(reference, parameterization, func):
    """`reference` as the int 1 or 2, or an error naming `func`."""
    # An explicit type check, as for softmax_to_logistic's `positive`: True
    # and 2.0 compare equal to 1 and 2.
    if not isinstance(reference, (int, np.integer)) or isinstance(reference, (bool, np.bool_)):
        raise TypeError(
            f"{func}(): reference must be the integer 1 or 2, got "
            f"{type(reference).__name__} {reference!r}"
        )
    if reference not in (1, 2):
        raise ValueError(
            f"{func}(): reference must be 1 or 2 (the class whose coefficients are fixed "
            f"at 0), got {reference!r}"
        )
    if parameterization != "reference" and reference != 1:
        raise ValueError(
            f"{func}(): reference applies only to parameterization='reference', "
            f"not {parameterization!r}"
        )
    return int(reference)
