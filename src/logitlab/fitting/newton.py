"""Newton's method for the logistic and softmax fits, and what the two share.

:func:`fit_logistic` and :func:`fit_softmax` check their input (through
:mod:`logitlab._validation`), build the design (:func:`_problem`: intercept
column first, columns divided by their RMS, then centred for the steps),
hand a model of their loss (:class:`_Logistic`, :class:`_Softmax`: loss,
gradient, Hessian, separation) to the one Newton loop (:func:`_newton`:
solve, backtracking line search, stopping rule), warn about how it ended
(:func:`_warn_outcome`) and pack a :class:`~logitlab.fitting.results.FitResult`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import (
    check_bool,
    check_init_softmax,
    check_int,
    check_l2,
    check_tol,
    check_X,
    check_y,
)
from ..functions import _log_logistic, _sigmoid_float64, log_sigmoid, log_softmax
from .results import FitResult, _Information, _no_cov_reason, _softmax_hessian, _split, _warn

__all__ = ["fit_logistic", "fit_softmax"]

_EPS = np.finfo(np.float64).eps
# Armijo sufficient-decrease constant: the usual small value, so that the
# full Newton step is accepted whenever it helps at all.
_ARMIJO = 1e-4

# Step halvings before the line search gives up (2**-60 ~ 1e-18).
_MAX_HALVINGS = 60

# log(1e-8): fitted probabilities of the unobserved class below this trigger
# the quasi-separation warning.
_LOG_EXTREME = math.log(1e-8)

# How far below zero (relative to the largest) a point's margin change over
# the last Newton step may be and still count as "on the boundary": rounding
# of the finite part of a quasi-separated fit, orders of magnitude above
# 1e-16 and below the overlap of any data with an MLE.
_RECESSION_TOL = 1e-6


def _check_settings(l2, max_iter, tol, fit_intercept, func):
    """The fits' settings, checked in the order of their messages' tests."""
    l2 = check_l2(l2, func)
    max_iter = check_int(max_iter, func, "max_iter", 0)
    tol = check_tol(tol, func)
    return l2, max_iter, tol, check_bool(fit_intercept, func, "fit_intercept")


# --------------------------------------------------------------------------
# The design: intercept column, scaling, centring


@dataclass(frozen=True, eq=False)
class _Problem:
    """The design in the fits' units, and Newton's coordinates for it.

    ``Z`` is the design (intercept column first) divided by ``scale``, its
    columns' RMS: the stopping rule reads the gradient there. ``Zc = Z @ A``
    is the same design with the feature columns centred and rescaled (see
    :func:`_centring`), where Newton steps: a parameter vector ``theta`` of
    ``Zc`` is ``A @ theta`` for ``Z``. ``pen`` and ``pen_c`` are the L2
    weights per column in the two.
    """

    Z: np.ndarray
    scale: np.ndarray
    pen: np.ndarray
    Zc: np.ndarray
    A: np.ndarray
    pen_c: np.ndarray

    def information(self, curvature):
        """What the covariance is computed from, at fitted probabilities `curvature`."""
        return _Information(self.Zc, curvature, self.scale, self.A)


def _problem(Xa, l2, fit_intercept, func):
    Z, scale = _design(Xa, fit_intercept, func)
    Z, pen = _scaled_problem(Z, scale, l2, fit_intercept, func)
    Zc, A, pen_c = _centring(Z, pen, fit_intercept)
    return _Problem(Z, scale, pen, Zc, A, pen_c)


def _design(X, fit_intercept, func):
    """Design matrix with the intercept column first, and the per-column RMS."""
    if X.shape[1] == 0 and not fit_intercept:
        raise ValueError(
            f"{func}(): X has no feature columns and fit_intercept=False, so the model "
            "has no parameter to fit"
        )
    Z = np.column_stack([np.ones(X.shape[0]), X]) if fit_intercept else X
    return Z, _column_rms(Z)


def _column_rms(Z):
    """Root-mean-square of each column, 1 for a column of zeros.

    Computed on the column divided by its largest entry, so that features
    near 1e300 do not overflow and features near 1e-300 do not underflow.
    """
    big = np.max(np.abs(Z), axis=0)
    zero = big == 0
    # Any non-zero divisor will do for a column of zeros (its RMS is set to 1
    # below), and NumPy ignores underflow by default: equivalent mutants.
    big[zero] = 1.0  # pragma: no mutate
    with np.errstate(under="ignore"):  # pragma: no mutate
        rms = big * np.sqrt(np.mean(np.square(Z / big), axis=0))
    # Any positive scale: a column of zeros gets coefficient 0 and gradient 0.
    rms[zero] = 1.0  # pragma: no mutate
    return rms


def _scaled_problem(Z, scale, l2, fit_intercept, func):
    """Columns divided by their RMS, and the penalty in those units.

    The fits run on ``Z / scale``: Newton's method does not care (it is
    affine invariant) but the stopping rule does. A gradient entry is the
    mean of residual * feature, so on the raw scale a feature of size 1e-10
    has a gradient below any `tol` at any point, and the fit would stop at
    once and call that converged. In the scaled coordinates every gradient
    entry is the raw one divided by its column's RMS, which is what
    ``grad_max`` reports. The penalty ``l2/2 * coef**2`` becomes
    ``l2/(2 scale**2) * coef_scaled**2``.
    """
    Zs = Z / scale
    with np.errstate(over="ignore"):
        pen = l2 / scale / scale
    if fit_intercept:
        pen[0] = 0.0
    if not np.isfinite(pen).all():
        j = int(np.argmax(~np.isfinite(pen))) - int(fit_intercept)
        raise ValueError(
            f"{func}(): feature column {j} has RMS {scale[j + int(fit_intercept)]:.3g}, too "
            f"small for the penalty l2={l2:g} to be represented in float64; rescale it "
            "(e.g. divide X by its standard deviation)"
        )
    return Zs, pen


def _centring(Z, pen, fit_intercept):
    """Newton's coordinates: feature columns centred and rescaled.

    Returns ``(Zc, A, pen_c)`` with ``Zc = Z @ A``: parameters ``theta_c`` of
    ``Zc`` are ``theta = A @ theta_c`` of `Z`, and ``pen_c`` is the penalty
    in those units. A feature that barely varies (``45 + 0.01 z``) is nearly
    the intercept's column once divided by its RMS: its information matrix
    is then too ill-conditioned for Newton's steps to reach `tol`. Centred,
    the columns are nearly orthogonal to the intercept; the slopes are the
    same and only the intercept moves, which the penalty never touches.
    """
    d = Z.shape[1]
    if not fit_intercept or d == 1:
        return Z, np.eye(d), pen
    mean = Z[:, 1:].mean(axis=0)
    Zc = Z.copy()
    Zc[:, 1:] -= mean
    s = _column_rms(Zc)
    s[0] = 1.0
    Zc /= s
    A = np.diag(1.0 / s)
    A[0, 1:] = -mean / s[1:]
    return Zc, A, pen / s / s


def _unscale(theta_s, scale, func):
    """Coefficients in the caller's units; an error if they overflow float64."""
    with np.errstate(over="ignore"):
        theta = theta_s / scale
    if not np.isfinite(theta).all():
        raise ValueError(
            f"{func}(): a coefficient is beyond float64's range (a feature column has RMS "
            f"{float(np.min(scale)):.3g}); rescale X (e.g. divide it by its standard deviation)"
        )
    return theta


# --------------------------------------------------------------------------
# The two losses, as the Newton loop sees them


class _Logistic:
    """The mean logistic NLL (plus penalty) on Newton's coordinates.

    What :func:`_newton` asks of a model: ``start``, ``loss_at(theta) ->
    (loss, state)``, ``gradient(theta, state) -> (g, grad_max, curvature)``
    (``grad_max`` on the problem's ``Z``, the stopping rule's units),
    ``separated(state)``, ``hessian(curvature)``; and of a converged fit,
    ``drift(run)`` for the quasi-separation check. The state is the scores.
    """

    def __init__(self, problem, idx):
        self.problem, self.n = problem, idx.size
        self.t = idx.astype(np.float64)  # pragma: no mutate (astype(None) is float64 too)
        self.sign = 2.0 * self.t - 1.0
        self.start = np.zeros(problem.Zc.shape[1])

    def penalty(self, theta):
        return 0.5 * float(self.problem.pen_c @ (theta * theta))

    def loss_at(self, theta):
        eta = self.problem.Zc @ theta
        # The kernels, not the checked public functions: eta is ours, 1-d float64.
        return -np.mean(_log_logistic(self.sign * eta)) + self.penalty(theta), eta

    def gradient(self, theta, eta):
        pb, n = self.problem, self.t.size
        p = _sigmoid_float64(eta)
        g = pb.Zc.T @ (p - self.t) / n + pb.pen_c * theta
        g_z = pb.Z.T @ (p - self.t) / n + pb.pen * (pb.A @ theta)
        return g, float(np.max(np.abs(g_z))), p

    def separated(self, eta):
        return bool(np.all(self.sign * eta > 0))

    def hessian(self, p):
        Zc = self.problem.Zc
        H = (Zc.T * (p * (1.0 - p))) @ Zc / Zc.shape[0]
        H[np.diag_indices(H.shape[0])] += self.problem.pen_c
        return H

    def drift(self, run):
        """(log P(other class) per point, each point's margin change over the last step)."""
        step_scores = self.problem.Zc @ run.last_step
        return log_sigmoid(-self.sign * run.state), self.sign * step_scores


class _Softmax:
    """The mean softmax NLL (plus penalty) over the free entries of the rows.

    The same interface as :class:`_Logistic`; ``theta`` holds the free
    entries of the ``(K, d)`` rows (:meth:`rows` puts them in place), and
    the state is the log-probabilities (ordered as the scores are).
    """

    def __init__(self, problem, idx, K, l2, fit_intercept):
        n, d = problem.Zc.shape
        self.problem, self.idx, self.shape, self.n = problem, idx, (K, d), n
        self.Y = np.zeros((n, K))
        self.Y[np.arange(n), idx] = 1.0
        # (Equivalent mutants: which entries are fixed does not change the
        # fit, see _free_entries.)
        self.free = _free_entries(K, d, l2, fit_intercept)  # pragma: no mutate
        self.pen = np.broadcast_to(problem.pen, (K, d))
        self.pen_c = np.broadcast_to(problem.pen_c, (K, d))
        self.start = np.zeros(int(self.free.sum()))

    def rows(self, theta):
        B = np.zeros(self.free.size)
        B[self.free] = theta
        return B.reshape(self.shape)

    def penalty(self, theta):
        B = self.rows(theta)
        return 0.5 * float(np.sum(self.pen_c * B * B))

    def loss_at(self, theta):
        S = self.problem.Zc @ self.rows(theta).T
        LS = log_softmax(S)  # over the classes: the default last axis
        nll = -np.mean(LS[np.arange(S.shape[0]), self.idx])
        return nll + self.penalty(theta), LS

    def gradient(self, theta, state):
        pb, B, n = self.problem, self.rows(theta), self.Y.shape[0]
        P = np.exp(state)
        G = (P - self.Y).T @ pb.Zc / n + self.pen_c * B
        # Over every entry, the fixed ones included: the reference row's
        # gradient is minus the sum of the others', and it is an entry of the
        # returned point's gradient as much as theirs.
        G_z = (P - self.Y).T @ pb.Z / n + self.pen * (B @ pb.A.T)
        return G.ravel()[self.free], float(np.max(np.abs(G_z))), P

    def separated(self, state):
        # On log-probabilities: each row is the scores minus one constant.
        S, rows = state, np.arange(self.Y.shape[0])
        true_score = S[rows, self.idx]
        others = S.copy()
        others[rows, self.idx] = -np.inf
        return bool(np.all(true_score > others.max(axis=1)))

    def hessian(self, P):
        H = _softmax_hessian(self.problem.Zc, P)[np.ix_(self.free, self.free)]
        H[np.diag_indices_from(H)] += self.pen_c.ravel()[self.free]
        return H

    def drift(self, run):
        """(log of a point's rarest outcome, margin changes over the last step).

        The rarest outcome: "any other class" (``1 - P(observed)``), or a
        single unobserved class, whichever is less likely. A zero cell with
        three classes (no class-1 point in a group that has classes 2 and
        3) drives P(class 1) there to 0 with neither observed class near 1.
        """
        rows = np.arange(self.Y.shape[0])
        LS = run.state
        # log(1 - P(observed)), exact through expm1 even when P(observed) is
        # 1 - 1e-12; log(0) = -inf where it rounds to 1 (P(other) below
        # ~1e-320 at convergence: kept for safety).
        with np.errstate(divide="ignore"):  # pragma: no mutate
            log_other = np.log(-np.expm1(LS[rows, self.idx]))
        step = self.problem.Zc @ self.rows(run.last_step).T
        return np.append(log_other, LS), step[rows, self.idx][:, None] - step


def _free_entries(K, d, l2, fit_intercept):
    """The entries of the (K, d) rows Newton may move, flattened."""
    # Without a penalty, class 1 (row 0) is the reference (row fixed at
    # zero). With one, every coefficient row is identified; only the
    # intercepts keep class 1 as reference. Which class is fixed (or whether
    # one is: _solve takes the least-squares step on a singular Hessian)
    # does not change the result once re-centred on init, so the fixing
    # lines are equivalent under mutation.
    free = np.ones((K, d), dtype=bool)
    if l2 == 0.0:
        free[0, :] = False  # pragma: no mutate
    elif fit_intercept:
        free[0, 0] = False  # pragma: no mutate
    return free.ravel()


# --------------------------------------------------------------------------
# The Newton loop


@dataclass(frozen=True, eq=False)
class _NewtonRun:
    """Where the loop stopped and why; `curvature` and `state` are at `theta`."""

    theta: np.ndarray
    loss: float
    state: object
    curvature: np.ndarray
    grad_max: float
    n_iter: int
    converged: bool
    separated: bool
    reason: str
    last_step: np.ndarray


def _newton(model, max_iter, tol, l2):
    """Newton steps with a line search until ``grad_max <= tol`` or a stop."""
    theta = last_step = model.start
    L, state = model.loss_at(theta)
    converged = separated = False
    reason = f"no convergence in max_iter={max_iter} Newton steps"
    n_iter = 0
    while True:
        g, grad_max, curvature = model.gradient(theta, state)
        if grad_max <= tol:
            converged = True
            break
        # With a penalty the minimum is finite even for separable data.
        if l2 == 0.0 and model.separated(state):
            separated = True
            break
        if n_iter >= max_iter:
            break
        found = _line_search(model.loss_at, theta, L, g, _solve(model.hessian(curvature), g))
        if found is None:
            reason = "the line search could not decrease the loss (numerical limit reached)"
            break
        last_step = found[0] - theta
        theta, L, state = found
        n_iter += 1
    return _NewtonRun(
        theta, L, state, curvature, grad_max, n_iter, converged, separated, reason, last_step
    )


def _solve(H, g):
    """Newton direction -H^-1 g; least squares when H is singular; None for NaN/inf input."""
    # LAPACK prints "illegal value" errors for NaN or inf entries: never pass them.
    if not (np.isfinite(H).all() and np.isfinite(g).all()):
        return None
    try:
        step = np.linalg.solve(H, -g)
    except np.linalg.LinAlgError:
        step = None
    if step is None or not np.isfinite(step).all():
        # rcond=None is NumPy 2's default too (machine precision): equivalent.
        step = np.linalg.lstsq(H, -g, rcond=None)[0]  # pragma: no mutate
    return step


def _line_search(loss_at, theta, L, g, step):
    """Backtracking (Armijo) search along `step`; returns (theta, L, eta) or None."""
    if step is None:
        return None
    slope = float(g @ step)
    if not slope < 0:  # not a descent direction (H numerically indefinite)
        step = -g
        slope = -float(g @ g)
    # Near the optimum the predicted decrease is below the rounding of the
    # loss; the slack lets the (then exact) Newton step through.
    # A tolerance, not a value: 9 eps or max(|L|, 2) would do as well.
    slack = 8 * _EPS * max(abs(L), 1.0)  # pragma: no mutate
    alpha = 1.0
    for _ in range(_MAX_HALVINGS):
        cand = theta + alpha * step
        L_new, extra = loss_at(cand)
        if L_new <= L + _ARMIJO * alpha * slope + slack:
            return cand, L_new, extra
        alpha *= 0.5
    return None


# --------------------------------------------------------------------------
# How the fit ended, in words


def _warn_outcome(func, run, model, tol, l2):
    """One ConvergenceWarning when the fit stopped short or has no estimate."""
    if run.separated:
        message = _SEPARATED.format(func=func)
    elif not run.converged:
        message = (
            f"{func}(): {run.reason}; the largest scaled gradient entry is "
            f"{run.grad_max:.3g} (tol={tol:.3g}). If the coefficients are large the data "
            "may be quasi-separated (no finite estimate); try l2 > 0."
        )
    elif l2 == 0.0 and _quasi_separated(*model.drift(run)):
        message = _QUASI.format(func=func)
    else:
        return
    _warn(message)


_SEPARATED = (
    "{func}(): the data are perfectly separated (every point lies on the correct side "
    "of the current decision boundary), so no finite maximum-likelihood estimate exists: "
    "the coefficients would grow without bound. Returning the current iterate with "
    "converged=False; use l2 > 0 for a finite solution."
)
_QUASI = (
    "{func}(): some points are predicted with probability above 1 - 1e-8; the data "
    "may be quasi-separated, in which case some coefficients are not finite and the "
    "returned values only reflect when the iteration stopped. Consider l2 > 0."
)


def _quasi_separated(log_p_other, margins):
    """Whether a converged fit without penalty was drifting off to infinity.

    A point whose observed class gets probability 1 - 1e-8 or more sits far
    out on the right side of the boundary. That alone is no fault: a strong
    predictor at large n puts points there around a finite MLE. With
    quasi-separated data (some points exactly on the boundary) there is no
    MLE: the coefficients drift off towards infinity until the gradient is
    below tol, and each Newton step keeps moving them along a direction
    that puts every point on its side or on the boundary. `margins` are
    the points' (observed class minus other class) score changes over the
    last step: none clearly negative, with extreme points, is that drift.
    Near a finite MLE the last step is tiny and, the classes overlapping,
    moves some points each way.
    """
    size = float(np.max(np.abs(margins)))
    drifting = size > 0 and np.min(margins) >= -_RECESSION_TOL * size
    return bool(drifting and np.min(log_p_other) < _LOG_EXTREME)


def _result(run, model, classes, l2, **fit_fields):
    """The FitResult of `run`; `fit_fields` are the fit's coef, intercept, params, method."""
    reason = _no_cov_reason(l2, run.separated, run.converged)
    return FitResult(
        n_iter=run.n_iter,
        converged=run.converged,
        loss=float(run.loss),
        loglik=float(-(run.loss - model.penalty(run.theta)) * model.n),
        classes=classes,
        separated=run.separated,
        grad_max=run.grad_max,
        _information=None if reason else model.problem.information(run.curvature),
        _no_cov_reason=reason,
        **fit_fields,
    )


# --------------------------------------------------------------------------
# The fits


def fit_logistic(X, y, *, l2=0.0, fit_intercept=True, max_iter=100, tol=1e-10):
    r"""Binary logistic regression by Newton's method with a line search.

    Models :math:`P(y = \text{classes}[1] \mid x) = \sigma(a + x \cdot \beta)`,
    where ``classes[1]`` is the larger of the two labels, by minimising

    .. math:: \frac{1}{n}\sum_i -\log P(y_i \mid x_i) + \frac{l_2}{2}\|\beta\|^2 .

    Parameters
    ----------
    X : array_like, shape (n, p)
        Features; a list of rows, an array or a pandas DataFrame. One
        feature must still be 2-D: ``x.reshape(-1, 1)``.
    y : array_like, shape (n,)
        Class labels, exactly two distinct sortable values (ints, strings...).
    l2 : float, optional
        Ridge penalty on the slopes; the intercept is never penalised.
    fit_intercept : bool, optional
        Whether to fit an intercept (default True).
    max_iter : int, optional
        Maximum number of Newton steps.
    tol : float, optional
        Stop when every gradient entry, divided by the RMS of its feature, is
        at most `tol` in absolute value (``grad_max <= tol``).

    Returns
    -------
    FitResult
        ``coef`` of shape ``(p,)``, ``intercept`` a float; ``params``,
        ``bse`` of shape ``(d,)`` and ``cov`` ``(d, d)``, intercept first
        (``d = p + 1``, or ``p`` without intercept).

    Raises
    ------
    ValueError
        Mismatched lengths, NaN or inf in `X`, 1-D `X`, no feature column
        with ``fit_intercept=False``, missing labels, not exactly two
        classes, a negative or non-finite `l2`, or a feature so small (RMS
        below about 1e-300) that its coefficient overflows float64.
    TypeError
        Non-numeric or boolean `X` (a DataFrame's bool columns are named),
        labels mixing strings and numbers, masked arrays, a `fit_intercept`
        that is not a bool (``np.bool_`` is fine; the string ``"False"`` is
        not), a non-numeric `l2`.

    Warns
    -----
    ConvergenceWarning
        When the data are perfectly separated (with ``l2 == 0`` no finite
        estimate exists; the fit stops at once), `max_iter` runs out, or
        (``l2 == 0``) the data are quasi-separated: the fit met `tol` while
        drifting off, some point predicted with probability above
        ``1 - 1e-8`` and the last Newton step moving no point towards the
        wrong side. Far-out points around a finite estimate (a strong
        predictor at large n) give no warning.

    Notes
    -----
    The iteration runs on the features divided by their root-mean-square,
    so that the stopping rule means the same for a feature of size 1e-10 as
    for one of size 1e10 (the answer does not depend on it: Newton's method
    is affine invariant). Each step solves :math:`H d = -g` with the Hessian
    :math:`H = Z^T W Z / n + l_2 I` (no penalty on the intercept entry,
    :math:`W = \mathrm{diag}(p_i(1-p_i))`), i.e. iteratively reweighted least
    squares, then halves the step until the loss decreases enough. On
    unscaled data this converges in a handful of steps where fixed-step
    gradient descent would need many thousands.

    Examples
    --------
    >>> from logitlab.fitting import fit_logistic
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> y = ["no", "no", "yes", "no", "yes", "yes"]
    >>> res = fit_logistic(X, y)
    >>> res.classes.tolist(), res.converged
    (['no', 'yes'], True)
    >>> round(float(res.coef[0]), 6), round(res.intercept, 6)
    (1.214028, -3.035069)
    >>> res.predict_proba([[2.5]]).round(4)  # P("no"), P("yes") at the middle
    array([[0.5, 0.5]])
    """
    func = "fit_logistic"
    Xa = check_X(X, func)
    classes, idx = check_y(y, Xa.shape[0], func)
    if classes.size != 2:
        raise ValueError(
            f"{func}(): y must have exactly two classes, got {classes.size} "
            f"({classes.tolist()!r}); use fit_softmax for more"
        )
    l2, max_iter, tol, fit_intercept = _check_settings(l2, max_iter, tol, fit_intercept, func)
    problem = _problem(Xa, l2, fit_intercept, func)
    model = _Logistic(problem, idx)
    run = _newton(model, max_iter, tol, l2)
    _warn_outcome(func, run, model, tol, l2)
    params = _unscale(problem.A @ run.theta, problem.scale, func)
    coef, intercept = _split(params, fit_intercept)
    return _result(
        run,
        model,
        classes,
        l2,
        coef=coef.copy(),
        intercept=float(intercept),
        params=params,
        method="newton (IRLS) with backtracking line search",
    )


def fit_softmax(X, y, *, l2=0.0, fit_intercept=True, init=None, max_iter=100, tol=1e-10):
    r"""Softmax (multinomial logistic) regression with one row per class.

    Class ``k`` gets the score :math:`a_k + x \cdot \beta_k` and probability
    ``softmax(scores)[k]``; the loss is the mean negative log-likelihood plus
    :math:`\frac{l_2}{2}\sum_k \|\beta_k\|^2` (intercepts unpenalised).

    Parameters
    ----------
    X : array_like, shape (n, p)
        Features (2-D; ``x.reshape(-1, 1)`` for one feature).
    y : array_like, shape (n,)
        Class labels, two or more distinct sortable values.
    l2 : float, optional
        Ridge penalty on the coefficient rows.
    fit_intercept : bool, optional
        Whether each class gets an intercept (default True).
    init : tuple (coef0, intercept0), optional
        Starting point, shapes ``(K, p)`` and ``(K,)`` (``intercept0`` may be
        None). Default: zeros. It matters only along the flat directions of
        the loss (see Notes).
    max_iter : int, optional
        Maximum number of Newton steps.
    tol : float, optional
        Convergence threshold on the scaled gradient, as in
        :func:`fit_logistic`.

    Returns
    -------
    FitResult
        ``coef`` of shape ``(K, p)`` and ``intercept`` of shape ``(K,)``, rows
        in the order of ``classes``; ``params`` and ``bse`` of shape
        ``(K - 1, d)`` for classes 2..K against class 1 (the lowest label),
        intercept column first, and ``cov`` in the order of
        ``params.ravel()``: statsmodels' ``MNLogit`` layout, transposed.

    Raises
    ------
    ValueError
        As for :func:`fit_logistic` (but any K >= 2), or an `init` of the
        wrong shape.
    TypeError
        As for :func:`fit_logistic`.

    Warns
    -----
    ConvergenceWarning
        Perfectly separated data with ``l2 == 0``, or `max_iter` reached,
        or quasi-separated data.

    Notes
    -----
    Adding the same vector to every coefficient row (or the same number to
    every intercept) changes no probability, so the loss has a flat valley
    and only differences between rows are identified. Gradient descent never
    moves along the valley: the gradients of the rows sum to zero, so the
    sum of the rows stays where it started. This function returns the point
    gradient descent converges to:

    * ``l2 == 0``: the rows are solved for with class 1 (row 0) as reference
      (Newton's method on the identified problem), then shifted so that
      their mean equals the mean of the `init` rows; likewise the intercepts.
    * ``l2 > 0``: the penalty identifies the coefficient rows (they sum to
      zero, the symmetric solution) but not the intercepts, whose sum stays
      that of `init`.

    For two classes ``coef[1] - coef[0]`` is the :func:`fit_logistic`
    coefficient (with ``l2/2`` when ``l2 > 0``: the symmetric rows are
    :math:`\pm\beta/2` and carry a penalty of :math:`\frac{l_2}{2}\cdot\frac{\beta^2}{2}`).

    Examples
    --------
    >>> from logitlab.fitting import fit_logistic, fit_softmax
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> y = [0, 0, 1, 0, 1, 1]
    >>> soft = fit_softmax(X, y)
    >>> soft.coef.round(6)  # starts at zero, so the rows sum to zero
    array([[-0.607014],
           [ 0.607014]])
    >>> logi = fit_logistic(X, y)
    >>> round(float(soft.coef[1, 0] - soft.coef[0, 0]), 6) == round(float(logi.coef[0]), 6)
    True
    >>> moved = fit_softmax(X, y, init=([[3.0], [1.0]], [0.0, 0.0]))
    >>> moved.coef.round(6)  # same difference, sum kept at 3 + 1
    array([[1.392986],
           [2.607014]])
    """
    func = "fit_softmax"
    Xa = check_X(X, func)
    classes, idx = check_y(y, Xa.shape[0], func)
    l2, max_iter, tol, fit_intercept = _check_settings(l2, max_iter, tol, fit_intercept, func)
    K = classes.size
    coef0, intercept0 = check_init_softmax(init, K, Xa.shape[1], fit_intercept, func)
    problem = _problem(Xa, l2, fit_intercept, func)
    model = _Softmax(problem, idx, K, l2, fit_intercept)  # pragma: no mutate (_free_entries)
    run = _newton(model, max_iter, tol, l2)
    _warn_outcome(func, run, model, tol, l2)
    B = _unscale(model.rows(run.theta) @ problem.A.T, problem.scale, func)
    coef, intercept = _split(B, fit_intercept)
    # Put back the start's component along the flat directions, as gradient
    # descent would: the loss (and so L) does not change.
    if l2 == 0.0:
        coef = coef - coef.mean(axis=0) + coef0.mean(axis=0)
    intercept = intercept - intercept.mean() + intercept0.mean()
    return _result(
        run,
        model,
        classes,
        l2,
        coef=coef,
        intercept=intercept,
        params=B[1:] - B[0],
        method="newton on the identified problem, re-centred on init's flat component",
    )
