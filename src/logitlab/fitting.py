"""Fitting logistic and softmax regressions, and gradient-descent paths.

Three entry points:

* :func:`fit_logistic`: binary logistic regression by Newton's method
  (iteratively reweighted least squares) with a backtracking line search.
* :func:`fit_softmax`: K-class softmax (multinomial) regression with the
  free parameterisation, one coefficient row per class. Its loss is flat
  along "add the same vector to every row"; the fit keeps the starting
  point's component along that flat direction, exactly as gradient descent
  does, so two-class fits can be compared with :func:`fit_logistic`.
* :func:`gradient_descent_path`: the iterates of fixed-step gradient descent
  (plain, with momentum, Adam or AdamW) on the same losses, for the
  notebooks that draw optimisation paths.

The loss is the mean negative log-likelihood plus ``(l2/2) * ||coef||^2``;
intercepts are never penalised. Unpenalised fits also give the standard
errors of the identified parameters (:attr:`FitResult.bse`, with class 1 as
the reference for the softmax, as statsmodels) and odds ratios with
confidence intervals (:meth:`FitResult.odds_ratios`). Losses are computed with
:func:`~logitlab.functions.log_sigmoid` and
:func:`~logitlab.functions.log_softmax`, so no input overflows.
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from statistics import NormalDist

import numpy as np

from ._validation import as_real_array
from .functions import log_sigmoid, log_softmax, sigmoid

__all__ = [
    "ConvergenceWarning",
    "FitResult",
    "GradientDescentPath",
    "fit_logistic",
    "fit_softmax",
    "gradient_descent_path",
]

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


class ConvergenceWarning(UserWarning):
    """A fit stopped without reaching its convergence criterion.

    Raised (as a warning) when the data are perfectly separated, so that no
    finite maximum-likelihood estimate exists, when ``max_iter`` runs out or
    the line search stalls, and by :func:`gradient_descent_path` when its
    step cannot converge (``lr * l2 >= 2``) or its iterates overflow.
    """


@dataclass(frozen=True, eq=False)
class FitResult:
    """Result of :func:`fit_logistic` or :func:`fit_softmax`.

    Attributes
    ----------
    coef : numpy.ndarray
        ``(p,)`` for :func:`fit_logistic`; ``(K, p)`` for :func:`fit_softmax`,
        one row per class in the order of `classes`.
    intercept : float or numpy.ndarray
        A float for :func:`fit_logistic`, ``(K,)`` for :func:`fit_softmax`;
        zero when the model has no intercept.
    n_iter : int
        Newton steps taken.
    converged : bool
        True when `grad_max` is at most `tol`.
    loss : float
        Mean negative log-likelihood plus ``(l2/2) * sum(coef**2)`` at the
        returned coefficients.
    loglik : float
        Total log-likelihood (no penalty), comparable with statsmodels'
        ``llf``.
    classes : numpy.ndarray
        The sorted class labels. :func:`fit_logistic` models the probability
        of ``classes[1]``.
    method : str
        How the optimum was found.
    separated : bool
        True when the fit stopped because the data are perfectly separated.
    grad_max : float
        Largest absolute entry of the loss gradient at the returned point,
        each entry (with respect to a coefficient in the caller's units)
        divided by the root-mean-square of its feature (the intercept's
        "feature" is 1; a column of zeros counts as 1). It does not change
        when a feature is multiplied by a constant. For :func:`fit_softmax`
        every row counts, the reference class's included.
    params : numpy.ndarray
        The identified parameters, in the layout of `cov` and `bse`, the
        intercept first when the model has one (statsmodels' ``params``
        with ``add_constant``). :func:`fit_logistic`: ``(d,)`` =
        ``[intercept, *coef]`` (``d = p + 1``), or ``coef`` without
        intercept (``d = p``). :func:`fit_softmax`: ``(K - 1, d)``, row
        ``k - 2`` = class ``k`` minus class 1 (``classes[k-1]`` against
        ``classes[0]``), i.e. the reference parameterisation with class 1,
        the lowest label, fixed at 0: statsmodels' ``MNLogit`` params,
        transposed. For two classes ``params[0]`` equals the logistic
        `params`.
    llf : float
        The same number as `loglik`, under statsmodels' name: the total
        log-likelihood of the data (a sum over rows, not a mean) at the
        returned coefficients; for a penalised fit too, without the penalty.
    cov : numpy.ndarray or None
        Covariance of `params`: the inverse of the observed Fisher
        information (the Hessian of the total negative log-likelihood at
        the returned point; for the logit and softmax links it equals the
        expected information), in the caller's units. Shape ``(d, d)`` for
        :func:`fit_logistic`; ``((K-1) d, (K-1) d)`` for :func:`fit_softmax`,
        ordered like ``params.ravel()`` (class 2's ``d`` entries, then class
        3's...), which is the order of statsmodels' ``MNLogit.cov_params()``.
        Computed on first access. None when it does not exist:

        * ``l2 > 0``: the penalised estimate is biased towards 0 and its
          sampling covariance is not the inverse Hessian (a sandwich
          estimator or a Bayesian reading of the penalty as a prior would be
          needed; out of scope here);
        * the fit did not converge (``converged`` is False): for separated
          data no estimate exists, and elsewhere the Hessian is not taken at
          an optimum;
        * the Fisher information is singular (to working precision):
          collinear features or a column of zeros leave some parameter
          unidentified, so it has no standard error.

        A converged fit on quasi-separated data (the warning about
        probabilities above ``1 - 1e-8``) gets one, but its huge entries
        only reflect where the iteration stopped. Entries
        beyond float64's range (features of RMS below about ``1e-154``) are
        ``inf``.
    bse : numpy.ndarray or None
        Standard errors of `params`, same shape: ``sqrt(diag(cov))``
        reshaped; None exactly when `cov` is None. A feature multiplied by
        ``s`` has its coefficient and its standard error divided by ``s``.

    Examples
    --------
    >>> from logitlab.fitting import fit_logistic, fit_softmax
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> logi = fit_logistic(X, [0, 0, 1, 0, 1, 1])
    >>> logi.params.round(4), logi.bse.round(4)  # intercept, slope
    (array([-3.0351,  1.214 ]), array([2.5457, 0.9126]))
    >>> round(logi.llf, 4)  # the total log-likelihood
    -2.478
    >>> soft = fit_softmax(X, ["a", "b", "a", "c", "b", "c"])
    >>> soft.classes.tolist()
    ['a', 'b', 'c']
    >>> soft.bse.round(4)  # rows: b against a, c against a; intercept, slope
    array([[1.9452, 0.9816],
           [3.7745, 1.33  ]])
    >>> fit_logistic(X, [0, 0, 1, 0, 1, 1], l2=0.1).cov is None  # penalised: none
    True
    """

    coef: np.ndarray
    intercept: float | np.ndarray
    n_iter: int
    converged: bool
    loss: float
    loglik: float
    classes: np.ndarray
    method: str
    separated: bool = False
    grad_max: float = float("nan")
    params: np.ndarray | None = None
    # What the covariance needs, kept so that fits never asked for it do
    # not pay for it; None when there is none (see _no_cov_reason).
    _information: _Information | None = field(default=None, repr=False)
    _no_cov_reason: str = field(default="no information was recorded", repr=False)

    @property
    def llf(self) -> float:
        return self.loglik

    @cached_property
    def _cov_bse(self):
        return _covariance(self._information)

    @property
    def cov(self):
        return self._cov_bse[0]

    @property
    def bse(self):
        return self._cov_bse[1]

    def odds_ratios(self, alpha=0.05):
        """Odds ratios ``exp(params)`` with Wald confidence intervals.

        Parameters
        ----------
        alpha : float, optional
            1 minus the confidence level (0.05: 95% intervals).

        Returns
        -------
        numpy.ndarray
            Shape ``params.shape + (3,)``: the last axis holds
            ``exp(params)``, ``exp(params - z bse)`` and ``exp(params + z
            bse)`` with ``z`` the normal ``1 - alpha/2`` quantile, as
            ``np.exp(res.conf_int(alpha))`` next to ``np.exp(res.params)``
            in statsmodels. For a slope it is the factor by which the odds
            of the modelled class (``classes[1]``; for a softmax fit, of
            class ``k`` against class 1) are multiplied per unit of the
            feature, which is not a ratio of probabilities. For the
            intercept it is the odds at ``x = 0``.

        Raises
        ------
        ValueError
            When `cov` is None (the message says why), or `alpha` is not
            strictly between 0 and 1.
        TypeError
            A non-numeric `alpha`.

        Examples
        --------
        >>> from logitlab.fitting import fit_logistic
        >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
        >>> res = fit_logistic(X, [0, 0, 1, 0, 1, 1])
        >>> res.odds_ratios()[1].round(3)  # per unit of x: ratio, low, high
        array([ 3.367,  0.563, 20.139])
        """
        func = "FitResult.odds_ratios"
        if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
            raise TypeError(f"{func}(): alpha must be a real number, got {type(alpha).__name__}")
        alpha = float(alpha)
        if not 0.0 < alpha < 1.0:
            raise ValueError(f"{func}(): alpha must be strictly between 0 and 1, got {alpha}")
        bse = self.bse
        if bse is None:
            reason = self._no_cov_reason
            if self._information is not None:
                reason = _SINGULAR
            raise ValueError(f"{func}(): there are no standard errors: {reason}")
        # The lower tail, not inv_cdf(1 - alpha/2): 1 - 5e-18 rounds to 1.
        if alpha / 2.0 == 0.0:
            raise ValueError(
                f"{func}(): alpha = {alpha!r} is too small: alpha / 2 rounds to 0 in float64, "
                "so the interval would be infinite"
            )
        z = -NormalDist().inv_cdf(alpha / 2.0)
        params = self.params
        with np.errstate(over="ignore"):
            return np.exp(np.stack([params, params - z * bse, params + z * bse], axis=-1))

    def predict_proba(self, X):
        """Class probabilities for the rows of `X`, shape ``(n, K)``.

        Columns follow `classes` (for a logistic fit: ``[P(classes[0]),
        P(classes[1])]``).

        Examples
        --------
        >>> from logitlab.fitting import fit_logistic
        >>> res = fit_logistic([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1])
        >>> res.predict_proba([[1.5]]).round(6)
        array([[0.5, 0.5]])
        """
        Xa = _check_X(X, "predict_proba")
        coef = np.asarray(self.coef)
        if Xa.shape[1] != coef.shape[-1]:
            raise ValueError(
                f"predict_proba(): X has {Xa.shape[1]} features, the fit used {coef.shape[-1]}"
            )
        if coef.ndim == 1:
            eta = Xa @ coef + self.intercept
            return np.column_stack([sigmoid(-eta), sigmoid(eta)])
        # One row of scores per sample: log_softmax's default last axis.
        return np.exp(log_softmax(Xa @ coef.T + self.intercept))


_SINGULAR = (
    "the Fisher information is singular (collinear features or a column of zeros leave "
    "a parameter unidentified)"
)


@dataclass(frozen=True, eq=False)
class _Information:
    """What the covariance of an unpenalised, converged fit is computed from."""

    Z: np.ndarray  # design of the Newton steps (see _centring), intercept column first
    P: np.ndarray  # fitted P(classes[1]), (n,), or every class's probability, (n, K)
    scale: np.ndarray  # (d,) RMS of each column of the design divided by it
    # Z's parameters in those units are A @ (Z's own); None: the identity.
    A: np.ndarray | None = None


def _covariance(info):
    """(cov, bse) of the identified parameters in the caller's units, or (None, None)."""
    if info is None:
        return None, None
    Z, P = info.Z, info.P
    d = Z.shape[1]
    A = np.eye(d) if info.A is None else info.A
    if P.ndim == 1:
        H = (Z.T * (P * (1.0 - P))) @ Z
    else:
        # The reference parameterisation fixes class 1's row at 0: its
        # information is the full one without class 1's rows and columns,
        # and block (j, k) of that needs only p_j and p_k.
        H = _softmax_hessian(Z, P[:, 1:]) * Z.shape[0]
    # Inverted in the scaled coordinates, where it is well conditioned
    # whatever the units; matrix_rank's tolerance decides "singular".
    w, V = np.linalg.eigh(H)
    # (H is square: shape[1] for shape[0] is an equivalent mutant.)
    if not w[0] > w[-1] * H.shape[0] * _EPS:  # pragma: no mutate
        return None, None
    inv = (V / w) @ V.T
    blocks = np.kron(np.eye(H.shape[0] // d), A)  # pragma: no mutate (square H)
    inv = blocks @ inv @ blocks.T
    scale = np.tile(info.scale, H.shape[0] // d)  # pragma: no mutate (square H)
    # Divided one factor at a time: scale[i] * scale[j] may overflow where
    # the result does not.
    with np.errstate(over="ignore"):
        cov = inv / scale[:, None] / scale[None, :]
        bse = np.sqrt(np.diag(inv)) / scale
    return cov, (bse if P.ndim == 1 else bse.reshape(P.shape[1] - 1, d))


def _no_cov_reason(l2, separated, converged):
    if l2 > 0:
        return (
            "the fit is penalised (l2 > 0), and the sampling covariance of a penalised "
            "estimate is not the inverse Hessian"
        )
    if separated:
        return "the data are perfectly separated, so no maximum-likelihood estimate exists"
    if not converged:
        return "the fit did not converge, so the Hessian is not taken at the optimum"
    return ""


@dataclass(frozen=True, eq=False)
class GradientDescentPath:
    """Iterates of :func:`gradient_descent_path`, step 0 being the start.

    Attributes
    ----------
    coef : numpy.ndarray
        ``(n_steps + 1, p)`` for ``model="logistic"``, ``(n_steps + 1, K, p)``
        for ``model="softmax"``.
    intercept : numpy.ndarray
        ``(n_steps + 1,)`` or ``(n_steps + 1, K)``; zeros without intercept.
    loss : numpy.ndarray
        ``(n_steps + 1,)``: the loss at each iterate.
    classes : numpy.ndarray
        Sorted class labels.
    model : str
        ``"logistic"`` or ``"softmax"``.
    lr, l2 : float
        The step size and penalty used.
    optimizer : str
        ``"gd"``, ``"momentum"``, ``"adam"`` or ``"adamw"``.
    momentum : float or None
        The momentum factor (``"momentum"`` only, else None).
    betas : tuple of float or None
        Adam's two averaging factors (``"adam"`` and ``"adamw"``, else None).
    eps : float or None
        Adam's denominator guard (``"adam"`` and ``"adamw"``, else None).
    weight_decay : float or None
        The decoupled weight decay (``"adamw"`` only, else None).
    """

    coef: np.ndarray
    intercept: np.ndarray
    loss: np.ndarray
    classes: np.ndarray
    model: str
    lr: float
    l2: float
    optimizer: str = "gd"
    momentum: float | None = None
    betas: tuple[float, float] | None = None
    eps: float | None = None
    weight_decay: float | None = None


# --------------------------------------------------------------------------
# Input checks


def _check_X(X, func):
    _refuse_bool_columns(X, func)
    arr = as_real_array(X, func, "X")
    if arr.ndim == 1:
        raise ValueError(
            f"{func}(): X must be 2-D (n_samples, n_features); use X.reshape(-1, 1) for one feature"
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{func}(): X must be 2-D (n_samples, n_features), got {arr.ndim} dimension(s)"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{func}(): X has no rows")
    if not np.isfinite(arr).all():
        raise ValueError(f"{func}(): X contains NaN or infinite values")
    return arr


def _refuse_bool_columns(X, func):
    """A DataFrame mixing bool and number columns would reach NumPy as dtype object."""
    dtypes = getattr(X, "dtypes", None)
    if dtypes is None or not hasattr(dtypes, "items"):
        return
    # Every pandas dtype has .kind; the default only guards odd objects.
    kinds = {str(n): getattr(dt, "kind", None) for n, dt in dtypes.items()}  # pragma: no mutate
    bools = [name for name, kind in kinds.items() if kind == "b"]
    if bools:
        raise TypeError(
            f"{func}() expects real numbers for 'X', but column(s) {', '.join(bools)} hold "
            "booleans (bool dtype); convert them with .astype(float) if you mean 0 and 1"
        )


def _check_y(y, n, func):
    """Labels -> (sorted classes, class index per row)."""
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"{func}() expects a sequence of class labels for 'y', got {type(y)}")
    if isinstance(y, np.ma.MaskedArray):
        raise TypeError(
            f"{func}() does not accept a masked array for 'y': its mask would be ignored; "
            "pass y.compressed() (with the matching rows of X) instead"
        )
    try:
        arr = np.asarray(y)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(f"{func}(): y must be a flat sequence of class labels: {exc}") from None
    if isinstance(y, np.matrix) and 1 in arr.shape:
        arr = arr.ravel()  # a row or column matrix is one label per row
    # The labels as given: NumPy turns [1, "a"] into ["1", "a"] and
    # ["a", np.nan] into ["a", "nan"]. Equivalent mutants here: `or` only
    # adds a look at number lists, and "XXUSXX" still contains "U" and "S".
    given = None
    if arr.dtype.kind in "US" and not isinstance(y, np.ndarray):  # pragma: no mutate
        given = np.array(y, dtype=object)
    elif arr.dtype.kind == "O":
        given = arr
    if given is not None:
        if any(map(_is_missing, given.ravel())):
            raise ValueError(f"{func}(): y contains missing labels (NaN or None)")
        _refuse_mixed_labels(given, func)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{func}(): y must be 1-D (one label per row), got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(
            f"{func}(): X and y have different lengths ({n} rows in X, {arr.shape[0]} labels in y)"
        )
    if arr.dtype.kind == "c":
        raise TypeError(f"{func}(): complex class labels are not supported")
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{func}(): y contains missing labels (NaN or None)")
    try:
        classes, idx = np.unique(arr, return_inverse=True)
    except TypeError as exc:
        raise TypeError(f"{func}(): class labels in y must be sortable: {exc}") from None
    if classes.size < 2:
        raise ValueError(
            f"{func}(): y needs at least two classes, got {classes.size} ({classes.tolist()!r})"
        )
    return classes, idx.ravel()


def _is_missing(label):
    """None, a float NaN of any width, or pandas' missing markers (pd.NA, pd.NaT)."""
    if label is None or type(label).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(label, (float, np.floating)) and math.isnan(label)


def _refuse_mixed_labels(arr, func):
    flat = arr.ravel()
    text = [v for v in flat if isinstance(v, (str, bytes))]
    other = [v for v in flat if not isinstance(v, (str, bytes))]
    if text and other:
        other = other[0]
        raise TypeError(
            f"{func}(): class labels in y mix strings and other values (e.g. {text[0]!r} "
            f"and {other!r}); use one type, e.g. all strings"
        )


def _check_l2(l2, func):
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real):
        raise TypeError(f"{func}(): l2 must be a real number, got {type(l2).__name__}")
    l2 = float(l2)
    if not math.isfinite(l2) or l2 < 0:
        raise ValueError(f"{func}(): l2 must be a finite number >= 0, got {l2}")
    return l2


def _check_int(value, func, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}(): {name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{func}(): {name} must be >= {minimum}, got {value}")
    return int(value)


def _check_bool(value, func, name):
    # Not bool(value): bool("False") is True. np.bool_ is accepted, as the
    # value of a comparison or of a boolean array.
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{func}(): {name} must be True or False, got {type(value).__name__} {value!r}"
        )
    return bool(value)


def _check_tol(tol, func):
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not tol > 0:
        raise ValueError(f"{func}(): tol must be a positive number, got {tol!r}")
    return float(tol)


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


def _split(theta_cols, fit_intercept):
    """Parameters with the intercept column first -> (coef, intercept)."""
    if fit_intercept:
        return theta_cols[..., 1:], theta_cols[..., 0]
    return theta_cols, np.zeros(theta_cols.shape[:-1])


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


def _warn_separated(func):
    warnings.warn(
        f"{func}(): the data are perfectly separated (every point lies on the correct side "
        "of the current decision boundary), so no finite maximum-likelihood estimate exists: "
        "the coefficients would grow without bound. Returning the current iterate with "
        "converged=False; use l2 > 0 for a finite solution.",
        ConvergenceWarning,
        stacklevel=3,  # pragma: no mutate (see tests/test_fitting_robustness.py)
    )


def _warn_if_extreme(func, log_p_other, margins):
    """Warn of quasi-separation after a converged fit without penalty.

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
    if drifting and np.min(log_p_other) < _LOG_EXTREME:
        warnings.warn(
            f"{func}(): some points are predicted with probability above 1 - 1e-8; the data "
            "may be quasi-separated, in which case some coefficients are not finite and the "
            "returned values only reflect when the iteration stopped. Consider l2 > 0.",
            ConvergenceWarning,
            stacklevel=3,  # pragma: no mutate (see tests/test_fitting_robustness.py)
        )


def _warn_gd_unstable(func, lr, l2):
    warnings.warn(
        f"{func}(): lr * l2 = {lr * l2:.4g} >= 2, so gradient descent cannot converge: "
        "the penalty alone multiplies the coefficients by 1 - lr * l2 <= -1 at every step "
        "and they oscillate with growing amplitude. Stability needs lr * l2 < 2 (and "
        "lr * (l2 + largest curvature of the log-loss) < 2 to converge).",
        ConvergenceWarning,
        stacklevel=3,  # pragma: no mutate (see tests/test_fitting_robustness.py)
    )


def _warn_momentum_unstable(func, lr, l2, mu):
    # Heavy ball on the penalty alone: theta_{t+1} = (1 + mu - lr l2) theta_t
    # - mu theta_{t-1}, whose roots lie inside the unit circle exactly when
    # 0 < lr * l2 < 2 (1 + mu).
    warnings.warn(
        f"{func}(): lr * l2 = {lr * l2:.4g} >= 2 * (1 + momentum) = {2 * (1 + mu):.4g}, so "
        "momentum cannot converge: the penalty alone makes the heavy-ball iterates "
        "oscillate with growing amplitude. Stability needs lr * l2 < 2 * (1 + momentum) "
        "(and lr * (l2 + largest curvature of the log-loss) < 2 * (1 + momentum) to "
        "converge).",
        ConvergenceWarning,
        stacklevel=3,  # pragma: no mutate (see tests/test_fitting_robustness.py)
    )


def _warn_adamw_unstable(func, lr_decay):
    warnings.warn(
        f"{func}(): lr * weight_decay = {lr_decay:.4g} >= 2, so AdamW cannot converge: the "
        "decay alone multiplies the slopes by 1 - lr * weight_decay <= -1 at every step, "
        "and Adam's steps (about lr each) cannot hold them back. Stability needs "
        "lr * weight_decay < 2.",
        ConvergenceWarning,
        stacklevel=3,  # pragma: no mutate (see tests/test_fitting_robustness.py)
    )


def _warn_not_converged(func, reason, grad_max, tol):
    warnings.warn(
        f"{func}(): {reason}; the largest scaled gradient entry is {grad_max:.3g} "
        f"(tol={tol:.3g}). If the coefficients are large the data may be quasi-separated "
        "(no finite estimate); try l2 > 0.",
        ConvergenceWarning,
        stacklevel=3,  # pragma: no mutate (see tests/test_fitting_robustness.py)
    )


# --------------------------------------------------------------------------
# Binary logistic regression


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
    Xa = _check_X(X, func)
    classes, idx = _check_y(y, Xa.shape[0], func)
    if classes.size != 2:
        raise ValueError(
            f"{func}(): y must have exactly two classes, got {classes.size} "
            f"({classes.tolist()!r}); use fit_softmax for more"
        )
    l2 = _check_l2(l2, func)
    max_iter = _check_int(max_iter, func, "max_iter", 0)
    tol = _check_tol(tol, func)
    fit_intercept = _check_bool(fit_intercept, func, "fit_intercept")

    Z, scale = _design(Xa, fit_intercept, func)
    Z, pen = _scaled_problem(Z, scale, l2, fit_intercept, func)
    Zc, A, pen_c = _centring(Z, pen, fit_intercept)
    n, d = Z.shape
    t = idx.astype(np.float64)  # pragma: no mutate (astype(None) is float64 too)
    sign = 2.0 * t - 1.0

    # Newton runs on the centred columns Zc (parameters theta, those of Z
    # being A @ theta): scores there are sums of numbers of moderate size,
    # where on Z they can be -5620 + 5620.3 and lose the digits the last
    # steps need. The stopping rule is on Z's gradient, as documented.
    def loss_at(theta):
        eta = Zc @ theta
        return -np.mean(log_sigmoid(sign * eta)) + 0.5 * float(pen_c @ (theta * theta)), eta

    theta = last_step = np.zeros(d)
    L, eta = loss_at(theta)
    converged = separated = False
    reason = f"no convergence in max_iter={max_iter} Newton steps"
    n_iter = 0
    while True:
        p = sigmoid(eta)
        g = Zc.T @ (p - t) / n + pen_c * theta
        grad_max = float(np.max(np.abs(Z.T @ (p - t) / n + pen * (A @ theta))))
        if grad_max <= tol:
            converged = True
            break
        # With a penalty the minimum is finite even for separable data.
        if l2 == 0.0 and np.all(sign * eta > 0):
            separated = True
            break
        if n_iter >= max_iter:
            break
        H = (Zc.T * (p * (1.0 - p))) @ Zc / n
        H[np.diag_indices(d)] += pen_c
        found = _line_search(loss_at, theta, L, g, _solve(H, g))
        if found is None:
            reason = "the line search could not decrease the loss (numerical limit reached)"
            break
        last_step = found[0] - theta
        theta, L, eta = found
        n_iter += 1

    if separated:
        _warn_separated(func)
    elif not converged:
        _warn_not_converged(func, reason, grad_max, tol)
    elif l2 == 0.0:
        _warn_if_extreme(func, log_sigmoid(-sign * eta), sign * (Zc @ last_step))
    penalty = 0.5 * float(pen_c @ (theta * theta))
    params = _unscale(A @ theta, scale, func)
    coef, intercept = _split(params, fit_intercept)
    reason = _no_cov_reason(l2, separated, converged)
    return FitResult(
        coef=coef.copy(),
        intercept=float(intercept),
        n_iter=n_iter,
        converged=converged,
        loss=float(L),
        loglik=float(-(L - penalty) * n),
        classes=classes,
        method="newton (IRLS) with backtracking line search",
        separated=separated,
        grad_max=grad_max,
        params=params,
        _information=None if reason else _Information(Zc, p, scale, A),
        _no_cov_reason=reason,
    )


# --------------------------------------------------------------------------
# Softmax regression


def _check_init_softmax(init, K, p, fit_intercept, func):
    """`init` -> (coef0 (K, p), intercept0 (K,)) as float arrays."""
    if init is None:
        return np.zeros((K, p)), np.zeros(K)
    if not isinstance(init, (tuple, list)) or len(init) != 2:
        raise ValueError(
            f"{func}(): init must be a pair (coef0, intercept0) with coef0 of shape "
            f"({K}, {p}) and intercept0 of shape ({K},)"
        )
    coef0 = as_real_array(init[0], func, "init coef0")
    if coef0.shape != (K, p):
        raise ValueError(
            f"{func}(): init coef0 must have shape ({K}, {p}) (classes x features), "
            f"got {coef0.shape}"
        )
    if init[1] is None:
        intercept0 = np.zeros(K)
    else:
        intercept0 = as_real_array(init[1], func, "init intercept0")
        if intercept0.shape != (K,):
            raise ValueError(
                f"{func}(): init intercept0 must have shape ({K},), got {intercept0.shape}"
            )
    if not (np.isfinite(coef0).all() and np.isfinite(intercept0).all()):
        raise ValueError(f"{func}(): init contains NaN or infinite values")
    if not fit_intercept and np.any(intercept0 != 0):
        raise ValueError(
            f"{func}(): init gives non-zero intercepts but fit_intercept=False; "
            "pass None (or zeros) as intercept0"
        )
    return coef0, intercept0


def _softmax_hessian(Z, P):
    """Full Hessian of the mean softmax NLL, shape (K*d, K*d), row-major in (class, column)."""
    n, d = Z.shape
    K = P.shape[1]
    # Block (j, k) is Z^T diag(p_j (delta_jk - p_k)) Z / n. Both terms as
    # plain matrix products (BLAS) rather than einsum: several times faster.
    A = (P[:, :, None] * Z[:, None, :]).reshape(n, K * d)  # columns p_ij z_ia
    H = -(A.T @ A)
    diag = (A.T @ Z).reshape(K, d, d)  # Z^T diag(p_j) Z for each class j
    for j in range(K):
        H[j * d : (j + 1) * d, j * d : (j + 1) * d] += diag[j]
    H /= n
    return H


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
    Xa = _check_X(X, func)
    classes, idx = _check_y(y, Xa.shape[0], func)
    l2 = _check_l2(l2, func)
    max_iter = _check_int(max_iter, func, "max_iter", 0)
    tol = _check_tol(tol, func)
    fit_intercept = _check_bool(fit_intercept, func, "fit_intercept")
    K = classes.size
    n, p = Xa.shape
    coef0, intercept0 = _check_init_softmax(init, K, p, fit_intercept, func)

    Z, scale = _design(Xa, fit_intercept, func)
    Z, pen = _scaled_problem(Z, scale, l2, fit_intercept, func)
    Zc, A, pen_c = _centring(Z, pen, fit_intercept)
    d = Z.shape[1]
    Y = np.zeros((n, K))
    Y[np.arange(n), idx] = 1.0
    # Entries Newton may move. Without a penalty, class 1 (row 0) is the reference
    # (row fixed at zero). With one, every coefficient row is identified;
    # only the intercepts keep class 1 as reference. Which class is fixed
    # (or whether one is: _solve takes the least-squares step on a singular
    # Hessian) does not change the result once re-centred on init, so the
    # fixing lines are equivalent under mutation.
    free = np.ones((K, d), dtype=bool)
    if l2 == 0.0:
        free[0, :] = False  # pragma: no mutate
    elif fit_intercept:
        free[0, 0] = False  # pragma: no mutate
    free_flat = free.ravel()
    pen_full = np.broadcast_to(pen, (K, d))
    pen_c_full = np.broadcast_to(pen_c, (K, d))
    rows = np.arange(n)

    # Newton runs on the centred columns Zc (rows B, those of Z being
    # B @ A.T), as in fit_logistic; the stopping rule is on Z's gradient.
    def loss_at(B):
        S = Zc @ B.T
        LS = log_softmax(S)  # over the classes: the default last axis
        return -np.mean(LS[rows, idx]) + 0.5 * float(np.sum(pen_c_full * B * B)), (S, LS)

    B = last_step = np.zeros((K, d))
    L, (S, LS) = loss_at(B)
    converged = separated = False
    reason = f"no convergence in max_iter={max_iter} Newton steps"
    n_iter = 0
    while True:
        P = np.exp(LS)
        G = (P - Y).T @ Zc / n + pen_c_full * B
        # Over every entry, the fixed ones included: the reference row's
        # gradient is minus the sum of the others', and it is an entry of the
        # returned point's gradient as much as theirs.
        grad_max = float(np.max(np.abs((P - Y).T @ Z / n + pen_full * (B @ A.T))))
        if grad_max <= tol:
            converged = True
            break
        if l2 == 0.0:
            true_score = S[rows, idx]
            others = S.copy()
            others[rows, idx] = -np.inf
            if np.all(true_score > others.max(axis=1)):
                separated = True
                break
        if n_iter >= max_iter:
            break
        H = _softmax_hessian(Zc, P)[np.ix_(free_flat, free_flat)]
        H[np.diag_indices_from(H)] += pen_c_full.ravel()[free_flat]
        g = G.ravel()[free_flat]
        step = _solve(H, g)

        def loss_free(theta):
            Bc = np.zeros(K * d)
            Bc[free_flat] = theta
            return loss_at(Bc.reshape(K, d))

        found = _line_search(loss_free, B.ravel()[free_flat], L, g, step)
        if found is None:
            reason = "the line search could not decrease the loss (numerical limit reached)"
            break
        theta, L, (S, LS) = found
        B_new = np.zeros(K * d)
        B_new[free_flat] = theta
        last_step, B = B_new.reshape(K, d) - B, B_new.reshape(K, d)
        n_iter += 1

    if separated:
        _warn_separated(func)
    elif not converged:
        _warn_not_converged(func, reason, grad_max, tol)
    elif l2 == 0.0:
        # log P(any other class) = log(1 - P(observed)), exact through expm1
        # even when P(observed) is 1 - 1e-12; log(0) = -inf where it rounds to 1.
        # log(0) needs P(other) below ~1e-320 at convergence: kept for safety.
        step_scores = Zc @ last_step.T
        with np.errstate(divide="ignore"):  # pragma: no mutate
            _warn_if_extreme(
                func,
                np.log(-np.expm1(LS[rows, idx])),
                step_scores[rows, idx][:, None] - step_scores,
            )

    penalty = 0.5 * float(np.sum(pen_c_full * B * B))
    B = _unscale(B @ A.T, scale, func)
    coef, intercept = _split(B, fit_intercept)
    reason = _no_cov_reason(l2, separated, converged)
    # Put back the start's component along the flat directions, as gradient
    # descent would: the loss (and so L) does not change.
    if l2 == 0.0:
        coef = coef - coef.mean(axis=0) + coef0.mean(axis=0)
    intercept = intercept - intercept.mean() + intercept0.mean()
    return FitResult(
        coef=coef,
        intercept=intercept,
        n_iter=n_iter,
        converged=converged,
        loss=float(L),
        loglik=float(-(L - penalty) * n),
        classes=classes,
        method="newton on the identified problem, re-centred on init's flat component",
        separated=separated,
        grad_max=grad_max,
        params=B[1:] - B[0],
        _information=None if reason else _Information(Zc, P, scale, A),
        _no_cov_reason=reason,
    )


# --------------------------------------------------------------------------
# Gradient-descent paths

_OPTIMIZERS = ("gd", "momentum", "adam", "adamw")
# Defaults of torch.optim.SGD(momentum=0.9) as commonly used, and of
# torch.optim.Adam / AdamW (betas, eps, and AdamW's weight_decay=1e-2).
_DEFAULT_MOMENTUM = 0.9
_DEFAULT_BETAS = (0.9, 0.999)
_DEFAULT_EPS = 1e-8
_DEFAULT_WEIGHT_DECAY = 1e-2
# Which optimiser reads which hyperparameter: passing one to an optimiser
# that ignores it is refused, so that no setting is silently dropped.
_USED_BY = {
    "momentum": ("momentum",),
    "betas": ("adam", "adamw"),
    "eps": ("adam", "adamw"),
    "weight_decay": ("adamw",),
}


@dataclass(frozen=True)
class _OptimizerSettings:
    name: str
    momentum: float | None = None
    betas: tuple[float, float] | None = None
    eps: float | None = None
    weight_decay: float | None = None


def _check_real(value, func, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}(): {name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{func}(): {name} must be a finite number, got {value}")
    return value


def _check_unit_interval(value, func, name):
    """A factor in [0, 1): an average that forgets, as torch.optim requires of betas."""
    value = _check_real(value, func, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{func}(): {name} must be in [0, 1), got {value}")
    return value


def _check_optimizer(optimizer, func, momentum, betas, eps, weight_decay):
    """Optimiser name and hyperparameters -> _OptimizerSettings, defaults filled in."""
    # isinstance first: `array not in (...)` compares element-wise.
    if not isinstance(optimizer, str) or optimizer not in _OPTIMIZERS:
        hint = ""
        if isinstance(optimizer, str) and optimizer.lower() in _OPTIMIZERS:
            hint = f" (names are lower case: {optimizer.lower()!r})"
        elif isinstance(optimizer, str) and optimizer.lower() == "sgd":
            hint = " (full-batch steps without momentum are 'gd'; with momentum, 'momentum')"
        raise ValueError(
            f"{func}(): optimizer must be 'gd', 'momentum', 'adam' or 'adamw', "
            f"got {optimizer!r}{hint}"
        )
    given = {"momentum": momentum, "betas": betas, "eps": eps, "weight_decay": weight_decay}
    for name, value in given.items():
        if value is not None and optimizer not in _USED_BY[name]:
            users = " or ".join(f"'{o}'" for o in _USED_BY[name])
            extra = ""
            if name == "weight_decay":
                extra = (
                    "; for an L2 penalty added to the gradient (what torch.optim.SGD and "
                    "torch.optim.Adam call weight_decay) use l2"
                )
            raise ValueError(
                f"{func}(): {name} is used only by optimizer={users}, not by "
                f"optimizer={optimizer!r}{extra}"
            )
    if optimizer == "momentum":
        mu = _DEFAULT_MOMENTUM if momentum is None else momentum
        return _OptimizerSettings(optimizer, momentum=_check_momentum(mu, func))
    if optimizer in ("adam", "adamw"):
        pair = _check_betas(_DEFAULT_BETAS if betas is None else betas, func)
        eps = _DEFAULT_EPS if eps is None else _check_real(eps, func, "eps")
        if not eps > 0:
            raise ValueError(
                f"{func}(): eps must be > 0 (it keeps m / (sqrt(v) + eps) finite where a "
                f"gradient entry is exactly 0), got {eps}"
            )
        decay = None
        if optimizer == "adamw":
            decay = _DEFAULT_WEIGHT_DECAY if weight_decay is None else weight_decay
            decay = _check_real(decay, func, "weight_decay")
            if decay < 0:
                raise ValueError(f"{func}(): weight_decay must be >= 0, got {decay}")
        return _OptimizerSettings(optimizer, betas=pair, eps=eps, weight_decay=decay)
    return _OptimizerSettings(optimizer)


def _check_momentum(mu, func):
    mu = _check_real(mu, func, "momentum")
    # mu >= 1 never forgets old gradients: the velocity cannot settle.
    if not 0.0 <= mu < 1.0:
        raise ValueError(f"{func}(): momentum must be in [0, 1), got {mu}")
    return mu


def _check_betas(betas, func):
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise ValueError(
            f"{func}(): betas must be a pair (beta1, beta2) such as (0.9, 0.999), got {betas!r}"
        )
    return (
        _check_unit_interval(betas[0], func, "betas[0]"),
        _check_unit_interval(betas[1], func, "betas[1]"),
    )


class _Stepper:
    """One optimiser's state; ``step(theta, g)`` returns the next iterate.

    `g` is the gradient of the loss (L2 term included) at `theta`; `decay`
    is AdamW's decoupled weight decay per column (0 on the intercept).
    """

    def __init__(self, settings, lr, decay):
        self.settings = settings
        self.lr = lr
        self.decay = decay
        self.t = 0
        # Scalars broadcast to the parameters' shape at the first step;
        # torch's first momentum buffer b_1 = g_1 is 0.9 * 0 + g_1 exactly.
        self.buf = 0.0
        self.m = 0.0
        self.v = 0.0

    def step(self, theta, g):
        s, lr = self.settings, self.lr
        if s.name == "gd":
            return theta - lr * g
        if s.name == "momentum":
            self.buf = s.momentum * self.buf + g
            return theta - lr * self.buf
        self.t += 1
        beta1, beta2 = s.betas
        if s.name == "adamw":
            theta = theta - lr * self.decay * theta
        self.m = beta1 * self.m + (1.0 - beta1) * g
        self.v = beta2 * self.v + (1.0 - beta2) * (g * g)
        m_hat = self.m / (1.0 - beta1**self.t)
        v_hat = self.v / (1.0 - beta2**self.t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + s.eps)


def gradient_descent_path(
    X,
    y,
    *,
    model="softmax",
    lr,
    n_steps,
    l2=0.0,
    fit_intercept=True,
    init=None,
    optimizer="gd",
    momentum=None,
    betas=None,
    eps=None,
    weight_decay=None,
):
    r"""Iterates of fixed-step gradient descent (plain, momentum, Adam, AdamW) on the loss.

    The loss is that of :func:`fit_logistic` (``model="logistic"``) or
    :func:`fit_softmax` (``model="softmax"``, one free row per class, any
    number of classes), and the run starts from `init`.

    Parameters
    ----------
    X : array_like, shape (n, p)
        Features (2-D).
    y : array_like, shape (n,)
        Class labels: exactly two for ``"logistic"``, two or more for
        ``"softmax"``. Class k is the k-th label in sorted order and owns
        coefficient row k - 1.
    model : {"softmax", "logistic"}
        Which loss to descend.
    lr : float
        Step size, > 0.
    n_steps : int
        Number of steps, >= 0.
    l2 : float, optional
        Ridge penalty on the slopes (intercepts unpenalised), part of the
        loss, so its gradient ``l2 * coef`` enters every optimiser's `g`
        (as ``weight_decay`` does in ``torch.optim.SGD`` and
        ``torch.optim.Adam``).
    fit_intercept : bool, optional
        Whether the model has intercepts.
    init : tuple (coef0, intercept0), optional
        Start: shapes ``(K, p)`` and ``(K,)`` for softmax, ``(p,)`` and a
        float for logistic. Default zeros.
    optimizer : {"gd", "momentum", "adam", "adamw"}, optional
        The update rule (below). Default ``"gd"``.
    momentum : float, optional
        ``"momentum"`` only: the factor mu in [0, 1). Default 0.9.
    betas : tuple (beta1, beta2), optional
        ``"adam"`` and ``"adamw"`` only: averaging factors of the gradient
        and of its square, each in [0, 1). Default ``(0.9, 0.999)``.
    eps : float, optional
        ``"adam"`` and ``"adamw"`` only: added to the denominator, > 0.
        Default ``1e-8``.
    weight_decay : float, optional
        ``"adamw"`` only: decoupled weight decay, >= 0. Default ``1e-2``
        (torch's). It shrinks the slopes, never the intercepts, as `l2`
        does (in torch: the intercepts in a parameter group with
        ``weight_decay=0``). It is not part of the reported loss.

    Returns
    -------
    GradientDescentPath
        ``coef`` of shape ``(n_steps + 1, K, p)`` (softmax) or
        ``(n_steps + 1, p)`` (logistic), ``intercept`` and ``loss`` likewise,
        row 0 being the start, all float64; the optimiser and its
        hyperparameters.

    Warns
    -----
    ConvergenceWarning
        Up front when the settings cannot converge: ``"gd"`` with
        ``lr * l2 >= 2``, ``"momentum"`` with ``lr * l2 >= 2 * (1 +
        momentum)``, ``"adamw"`` with ``lr * weight_decay >= 2``; for every
        optimiser when the iterates overflow (the path is then cut short).

    Raises
    ------
    ValueError
        Besides bad settings and data (as for the fits), a start whose loss
        is not finite (scores beyond float64's range).

    Notes
    -----
    With ``theta`` the parameters, ``g_t`` the gradient of the loss at
    ``theta_{t-1}`` and t = 1, 2, ... the step number, the updates are those
    documented for ``torch.optim.SGD`` (dampening 0, no Nesterov),
    ``torch.optim.Adam`` (Kingma & Ba 2015, with bias correction) and
    ``torch.optim.AdamW`` (Loshchilov & Hutter 2019), applied to every
    parameter entry separately where they involve squares or roots:

    * ``"gd"``: ``theta_t = theta_{t-1} - lr * g_t``.
    * ``"momentum"`` (heavy ball, PyTorch's form):
      ``b_t = mu * b_{t-1} + g_t`` with ``b_0 = 0`` (so ``b_1 = g_1``), then
      ``theta_t = theta_{t-1} - lr * b_t``. Other texts write
      ``v_t = mu * v_{t-1} + lr * g_t``; for a fixed lr that is the same
      path (``v_t = lr * b_t``).
    * ``"adam"``: ``m_t = beta1 * m_{t-1} + (1 - beta1) * g_t``,
      ``v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2`` (``m_0 = v_0 = 0``),
      ``m_hat = m_t / (1 - beta1**t)``, ``v_hat = v_t / (1 - beta2**t)``,
      ``theta_t = theta_{t-1} - lr * m_hat / (sqrt(v_hat) + eps)``.
    * ``"adamw"``: first ``theta' = theta_{t-1} - lr * weight_decay *
      theta_{t-1}`` (slopes only), then Adam's step from ``theta'`` with
      the same ``g_t`` (taken at ``theta_{t-1}``).

    What each does along the softmax's flat valley (adding the same vector
    to every class row): each sample's gradient rows sum to zero over the
    classes, so ``"gd"`` and ``"momentum"`` (and minibatch SGD) never change
    the sum of the rows without a penalty; with ``l2 > 0``, ``"gd"`` shrinks
    the slopes' row sum by ``1 - lr * l2`` per step. ``"adam"`` divides each
    entry by its own root-mean-square: for two classes the two rows'
    gradients are equal and opposite, so their steps are too and the sum
    stays put; for three or more classes the rows' steps no longer cancel
    and the sum drifts. ``"adamw"``'s decay shrinks every slope by the
    factor ``1 - lr * weight_decay``: for two classes, where Adam's steps
    cancel in the sum, the slopes' row sum therefore shrinks by exactly that
    factor per step, as with ``"gd"`` and ``l2 = weight_decay``, and goes to
    zero. For three or more classes Adam's own drift of the sum works
    against the decay and the two balance at an equilibrium that does not
    depend on the start: it depends on the data and the settings, and can
    lie on either side of zero (the sum may be pushed away from zero, and
    the way there can take many thousands of steps). For two classes, ``"gd"`` on
    the rows' difference is logistic gradient descent with step ``2 * lr``
    (and penalty ``l2 / 2``).

    With ``"gd"`` and ``lr * l2 >= 2`` the penalty alone multiplies the
    slopes by ``1 - lr * l2 <= -1`` at every step, so the iterates cannot
    converge (they oscillate with growing amplitude): a
    :class:`ConvergenceWarning` says so at the start. Momentum's limit is
    ``lr * l2 < 2 * (1 + momentum)`` (heavy ball on the penalty alone), and
    AdamW's ``lr * weight_decay < 2``: its decay acts outside Adam's
    bounded steps. If the iterates of any
    optimiser overflow float64, another warning says so and the path stops
    at its last finite iterate, so it then has fewer than ``n_steps + 1``
    rows; it never holds NaN or infinity.

    Examples
    --------
    >>> from logitlab.fitting import gradient_descent_path
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> y = [0, 1, 0, 1]
    >>> path = gradient_descent_path(X, y, lr=0.5, n_steps=3, fit_intercept=False,
    ...                              init=([[1.0], [-1.0]], None))
    >>> path.coef.shape, path.intercept.shape, path.loss.shape
    ((4, 2, 1), (4, 2), (4,))
    >>> bool(abs(path.coef[:, :, 0].sum(axis=1) - 0.0).max() < 1e-15)  # b1 + b2 conserved
    True
    >>> bool(path.loss[-1] < path.loss[0])
    True

    Three classes, starting from rows that sum to 3: momentum keeps the sum
    of the rows, Adam does not.

    >>> X3 = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> y3 = [1, 1, 2, 3, 2, 3]
    >>> start = ([[1.0], [1.0], [1.0]], None)
    >>> heavy = gradient_descent_path(X3, y3, lr=0.1, n_steps=200, init=start,
    ...                               optimizer="momentum")
    >>> round(float(heavy.coef[-1].sum()), 10)
    3.0
    >>> adam = gradient_descent_path(X3, y3, lr=0.1, n_steps=200, init=start,
    ...                              optimizer="adam")
    >>> round(float(adam.coef[-1].sum()), 1)
    5.2
    >>> adam.optimizer, adam.betas, adam.eps
    ('adam', (0.9, 0.999), 1e-08)
    """
    func = "gradient_descent_path"
    # isinstance first: `array not in (...)` compares element-wise.
    if not isinstance(model, str) or model not in ("softmax", "logistic"):
        raise ValueError(f"{func}(): model must be 'softmax' or 'logistic', got {model!r}")
    settings = _check_optimizer(optimizer, func, momentum, betas, eps, weight_decay)
    Xa = _check_X(X, func)
    classes, idx = _check_y(y, Xa.shape[0], func)
    if model == "logistic" and classes.size != 2:
        raise ValueError(
            f"{func}(): model='logistic' needs exactly two classes, got {classes.size}"
        )
    l2 = _check_l2(l2, func)
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"{func}(): lr must be a real number, got {type(lr).__name__}")
    lr = float(lr)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"{func}(): lr must be a finite number > 0, got {lr}")
    n_steps = _check_int(n_steps, func, "n_steps", 0)
    fit_intercept = _check_bool(fit_intercept, func, "fit_intercept")
    n, p = Xa.shape
    Z, _ = _design(Xa, fit_intercept, func)
    d = Z.shape[1]
    pen = np.full(d, l2)
    if fit_intercept:
        pen[0] = 0.0
    decay = np.full(d, settings.weight_decay or 0.0)
    if fit_intercept:
        decay[0] = 0.0
    # Adam's steps are bounded by about lr whatever the penalty: only
    # AdamW's decay, applied outside them, can make it diverge.
    if settings.name == "gd" and lr * l2 >= 2:
        _warn_gd_unstable(func, lr, l2)
    elif settings.name == "momentum" and lr * l2 >= 2 * (1 + settings.momentum):
        _warn_momentum_unstable(func, lr, l2, settings.momentum)
    elif settings.name == "adamw" and lr * settings.weight_decay >= 2:
        _warn_adamw_unstable(func, lr * settings.weight_decay)
    stepper = _Stepper(settings, lr, decay)
    losses = np.empty(n_steps + 1)
    # Rows filled so far: a diverging path stops at its last finite iterate.
    last = n_steps

    if model == "logistic":
        coef0, intercept0 = _check_init_logistic(init, p, fit_intercept, func)
        theta = np.concatenate([[intercept0], coef0]) if fit_intercept else coef0.copy()
        t = idx.astype(np.float64)  # pragma: no mutate (astype(None) is float64 too)
        sign = 2.0 * t - 1.0
        path = np.empty((n_steps + 1, d))
        for step in range(n_steps + 1):
            with np.errstate(over="ignore", invalid="ignore"):
                eta = Z @ theta
                loss = -np.mean(log_sigmoid(sign * eta)) + 0.5 * float(pen @ (theta * theta))
            if not (np.isfinite(theta).all() and math.isfinite(loss)):
                last = step - 1
                break
            path[step] = theta
            losses[step] = loss
            if step < n_steps:  # pragma: no mutate (an update after the last row is never used)
                with np.errstate(over="ignore", invalid="ignore"):
                    theta = stepper.step(theta, Z.T @ (sigmoid(eta) - t) / n + pen * theta)
    else:
        K = classes.size
        coef0, intercept0 = _check_init_softmax(init, K, p, fit_intercept, func)
        B = np.column_stack([intercept0, coef0]) if fit_intercept else coef0.copy()
        Y = np.zeros((n, K))
        Y[np.arange(n), idx] = 1.0
        rows = np.arange(n)
        path = np.empty((n_steps + 1, K, d))
        for step in range(n_steps + 1):
            with np.errstate(over="ignore", invalid="ignore"):
                LS = log_softmax(Z @ B.T)
                loss = -np.mean(LS[rows, idx]) + 0.5 * float(np.sum(pen * B * B))
            if not (np.isfinite(B).all() and math.isfinite(loss)):
                last = step - 1
                break
            path[step] = B
            losses[step] = loss
            if step < n_steps:  # pragma: no mutate (an update after the last row is never used)
                with np.errstate(over="ignore", invalid="ignore"):
                    B = stepper.step(B, (np.exp(LS) - Y).T @ Z / n + pen * B)

    if last < 0:
        raise ValueError(
            f"{func}(): the loss at init is not finite (the scores overflow float64); "
            "start from smaller coefficients or rescale X"
        )
    if last < n_steps:
        warnings.warn(
            f"{func}(): the iterates overflowed float64 after step {last}; the path stops "
            f"there ({last + 1} of {n_steps + 1} rows). Use a smaller lr.",
            ConvergenceWarning,
            stacklevel=2,  # pragma: no mutate (see tests/test_fitting_robustness.py)
        )
        path, losses = path[: last + 1], losses[: last + 1]
    coef, intercept = _split(path, fit_intercept)
    return GradientDescentPath(
        coef=np.ascontiguousarray(coef),
        intercept=np.ascontiguousarray(intercept),
        loss=losses,
        classes=classes,
        model=model,
        lr=lr,
        l2=l2,
        optimizer=settings.name,
        momentum=settings.momentum,
        betas=settings.betas,
        eps=settings.eps,
        weight_decay=settings.weight_decay,
    )


def _check_init_logistic(init, p, fit_intercept, func):
    if init is None:
        return np.zeros(p), 0.0
    if not isinstance(init, (tuple, list)) or len(init) != 2:
        raise ValueError(
            f"{func}(): init must be a pair (coef0, intercept0) with coef0 of shape ({p},) "
            "and intercept0 a number (or None)"
        )
    coef0 = as_real_array(init[0], func, "init coef0")
    if coef0.shape != (p,):
        raise ValueError(f"{func}(): init coef0 must have shape ({p},), got {coef0.shape}")
    intercept0 = 0.0 if init[1] is None else as_real_array(init[1], func, "init intercept0")
    if np.ndim(intercept0) != 0:
        raise ValueError(f"{func}(): init intercept0 must be a single number for 'logistic'")
    intercept0 = float(intercept0)
    if not (np.isfinite(coef0).all() and math.isfinite(intercept0)):
        raise ValueError(f"{func}(): init contains NaN or infinite values")
    if not fit_intercept and intercept0 != 0:
        raise ValueError(f"{func}(): init gives a non-zero intercept but fit_intercept=False")
    return coef0, intercept0
