"""The results of the fits: FitResult, GradientDescentPath, and their inference.

:class:`FitResult` carries a Newton fit's coefficients and, for an
unpenalised converged fit, what its covariance is computed from (on first
access): the inverse Fisher information in the caller's units, standard
errors and Wald odds-ratio intervals. :class:`GradientDescentPath` carries
an optimiser's iterates. :class:`ConvergenceWarning` is the warning every
fit and path gives when it stops short. The fits themselves live in
:mod:`logitlab.fitting.newton` and :mod:`logitlab.fitting.descent`.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from statistics import NormalDist

import numpy as np

from .._validation import check_X
from ..functions import log_softmax, sigmoid

__all__ = ["ConvergenceWarning", "FitResult", "GradientDescentPath"]

_EPS = np.finfo(np.float64).eps


class ConvergenceWarning(UserWarning):
    """A fit stopped without reaching its convergence criterion.

    Raised (as a warning) when the data are perfectly separated, so that no
    finite maximum-likelihood estimate exists, when ``max_iter`` runs out or
    the line search stalls, and by :func:`gradient_descent_path` when its
    step cannot converge (``lr * l2 >= 2``) or its iterates overflow.
    """


def _warn(message):
    """A ConvergenceWarning pointing at the line that called the public function.

    Called from a helper of that function: the warning's frame is then 4
    up (this function, the helper, the public function, its caller).
    """
    warnings.warn(
        message,
        ConvergenceWarning,
        stacklevel=4,  # pragma: no mutate (see tests/test_fitting_robustness.py)
    )


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
        # (alpha / 3 underflows to 0 for the same alpha, 5e-324, alone: equivalent.)
        if alpha / 2.0 == 0.0:  # pragma: no mutate
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
        Xa = check_X(X, "predict_proba")
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


def _split(theta_cols, fit_intercept):
    """Parameters with the intercept column first -> (coef, intercept)."""
    if fit_intercept:
        return theta_cols[..., 1:], theta_cols[..., 0]
    return theta_cols, np.zeros(theta_cols.shape[:-1])
