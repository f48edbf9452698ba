"""Gradient-descent paths: plain steps, momentum, Adam and AdamW on the fits' losses.

:func:`gradient_descent_path` checks its input (through
:mod:`logitlab._validation`; the optimiser's settings in
:func:`_check_optimizer`), warns up front when the settings cannot converge
(:func:`_warn_if_unstable`), and runs one loop (:func:`_descend`) over an
objective (:func:`_logistic_objective`, :func:`_softmax_objective`: loss, and
its gradient on demand) with one stepper per update rule (:class:`_GD`,
:class:`_Momentum`, :class:`_Adam`, :class:`_AdamW`), recording every
iterate in a :class:`~logitlab.fitting.results.GradientDescentPath`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import (
    check_bool,
    check_init_logistic,
    check_init_softmax,
    check_int,
    check_l2,
    check_lr,
    check_real,
    check_unit_interval,
    check_X,
    check_y,
)
from ..functions import log_sigmoid, log_softmax, sigmoid
from .newton import _design
from .results import GradientDescentPath, _split, _warn

__all__ = ["gradient_descent_path"]

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


def _slopes_only(weight, d, fit_intercept):
    """A per-column weight, 0 on the intercept column: it is never penalised or decayed."""
    out = np.full(d, weight)
    if fit_intercept:
        out[0] = 0.0
    return out


# --------------------------------------------------------------------------
# The optimiser's settings


@dataclass(frozen=True)
class _OptimizerSettings:
    name: str
    momentum: float | None = None
    betas: tuple[float, float] | None = None
    eps: float | None = None
    weight_decay: float | None = None


def _check_optimizer(optimizer, func, momentum, betas, eps, weight_decay):
    """Optimiser name and hyperparameters -> _OptimizerSettings, defaults filled in."""
    _check_optimizer_name(optimizer, func)
    given = {"momentum": momentum, "betas": betas, "eps": eps, "weight_decay": weight_decay}
    _refuse_unused_settings(optimizer, given, func)
    if optimizer == "momentum":
        mu = _DEFAULT_MOMENTUM if momentum is None else momentum
        return _OptimizerSettings(optimizer, momentum=_check_momentum(mu, func))
    if optimizer in ("adam", "adamw"):
        pair = _check_betas(_DEFAULT_BETAS if betas is None else betas, func)
        eps = _DEFAULT_EPS if eps is None else check_real(eps, func, "eps")
        if not eps > 0:
            raise ValueError(
                f"{func}(): eps must be > 0 (it keeps m / (sqrt(v) + eps) finite where a "
                f"gradient entry is exactly 0), got {eps}"
            )
        decay = None
        if optimizer == "adamw":
            decay = _DEFAULT_WEIGHT_DECAY if weight_decay is None else weight_decay
            decay = check_real(decay, func, "weight_decay")
            if decay < 0:
                raise ValueError(f"{func}(): weight_decay must be >= 0, got {decay}")
        return _OptimizerSettings(optimizer, betas=pair, eps=eps, weight_decay=decay)
    return _OptimizerSettings(optimizer)


def _check_optimizer_name(optimizer, func):
    # isinstance first: `array not in (...)` compares element-wise.
    if isinstance(optimizer, str) and optimizer in _OPTIMIZERS:
        return
    hint = ""
    if isinstance(optimizer, str) and optimizer.lower() in _OPTIMIZERS:
        hint = f" (names are lower case: {optimizer.lower()!r})"
    elif isinstance(optimizer, str) and optimizer.lower() == "sgd":
        hint = " (full-batch steps without momentum are 'gd'; with momentum, 'momentum')"
    raise ValueError(
        f"{func}(): optimizer must be 'gd', 'momentum', 'adam' or 'adamw', "
        f"got {optimizer!r}{hint}"
    )


def _refuse_unused_settings(optimizer, given, func):
    """A hyperparameter the optimiser would ignore is an error, never dropped silently."""
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


def _check_momentum(mu, func):
    mu = check_real(mu, func, "momentum")
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
        check_unit_interval(betas[0], func, "betas[0]"),
        check_unit_interval(betas[1], func, "betas[1]"),
    )


# --------------------------------------------------------------------------
# One stepper per update rule (the formulas: gradient_descent_path's Notes)


class _GD:
    """Plain steps; ``step(theta, g)`` returns the next iterate.

    `g` is the gradient of the loss (L2 term included) at `theta`. Built by
    :func:`_stepper` from the run's settings.
    """

    def __init__(self, lr):
        self.lr = lr

    def step(self, theta, g):
        return theta - self.lr * g


class _Momentum(_GD):
    """Heavy ball, PyTorch's form: the buffer b_t = mu b_{t-1} + g_t."""

    def __init__(self, lr, mu):
        super().__init__(lr)
        self.mu = mu
        # A scalar broadcasts to the parameters' shape at the first step;
        # torch's first buffer b_1 = g_1 is 0.9 * 0 + g_1 exactly.
        self.buf = 0.0

    def step(self, theta, g):
        self.buf = self.mu * self.buf + g
        return theta - self.lr * self.buf


class _Adam(_GD):
    """Adam with bias correction, every entry divided by its own RMS."""

    def __init__(self, lr, betas, eps):
        super().__init__(lr)
        self.betas, self.eps = betas, eps
        self.t = 0
        self.m = 0.0
        self.v = 0.0

    def step(self, theta, g):
        beta1, beta2 = self.betas
        self.t += 1
        self.m = beta1 * self.m + (1.0 - beta1) * g
        self.v = beta2 * self.v + (1.0 - beta2) * (g * g)
        m_hat = self.m / (1.0 - beta1**self.t)
        v_hat = self.v / (1.0 - beta2**self.t)
        return theta - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class _AdamW(_Adam):
    """Adam's step from the decayed iterate; `decay` per column (0 on the intercept)."""

    def __init__(self, lr, betas, eps, decay):
        super().__init__(lr, betas, eps)
        self.decay = decay

    def step(self, theta, g):
        return super().step(theta - self.lr * self.decay * theta, g)


def _stepper(settings, lr, decay):
    """The stepper of `settings`' rule; `decay` per column (AdamW's, 0 on the intercept)."""
    if settings.name == "momentum":
        return _Momentum(lr, settings.momentum)
    if settings.name == "adam":
        return _Adam(lr, settings.betas, settings.eps)
    if settings.name == "adamw":
        return _AdamW(lr, settings.betas, settings.eps, decay)
    return _GD(lr)


# --------------------------------------------------------------------------
# The loop and its two objectives


def _logistic_objective(Z, idx, pen):
    """theta -> (loss, gradient on demand) for the logistic loss on labels `idx`."""
    t = idx.astype(np.float64)  # pragma: no mutate (astype(None) is float64 too)
    sign = 2.0 * t - 1.0
    n = Z.shape[0]

    def objective(theta):
        eta = Z @ theta
        loss = -np.mean(log_sigmoid(sign * eta)) + 0.5 * float(pen @ (theta * theta))
        return loss, lambda: Z.T @ (sigmoid(eta) - t) / n + pen * theta

    return objective


def _softmax_objective(Z, idx, K, pen):
    """B -> (loss, gradient on demand) for the softmax loss, rows B of shape (K, d)."""
    n = Z.shape[0]
    Y = np.zeros((n, K))
    Y[np.arange(n), idx] = 1.0
    rows = np.arange(n)

    def objective(B):
        LS = log_softmax(Z @ B.T)
        loss = -np.mean(LS[rows, idx]) + 0.5 * float(np.sum(pen * B * B))
        return loss, lambda: (np.exp(LS) - Y).T @ Z / n + pen * B

    return objective


def _start_and_objective(model, init, Z, idx, K, pen, fit_intercept, func):
    """The first iterate (intercept column first) and the loss `model` descends."""
    p = Z.shape[1] - int(fit_intercept)
    if model == "logistic":
        coef0, intercept0 = check_init_logistic(init, p, fit_intercept, func)
        start = np.concatenate([[intercept0], coef0]) if fit_intercept else coef0.copy()
        return start, _logistic_objective(Z, idx, pen)
    coef0, intercept0 = check_init_softmax(init, K, p, fit_intercept, func)
    start = np.column_stack([intercept0, coef0]) if fit_intercept else coef0.copy()
    return start, _softmax_objective(Z, idx, K, pen)


def _descend(objective, theta, stepper, n_steps):
    """The iterates and their losses, stopping at the last finite one."""
    path = np.empty((n_steps + 1,) + theta.shape)
    losses = np.empty(n_steps + 1)
    for step in range(n_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            loss, gradient = objective(theta)
        if not (np.isfinite(theta).all() and math.isfinite(loss)):
            return path[:step], losses[:step]
        path[step] = theta
        losses[step] = loss
        if step < n_steps:  # pragma: no mutate (an update after the last row is never used)
            # No test input found where a step from finite iterates gives
            # inf - inf (they overflow to inf, a flag `over` covers); kept so
            # that it would stay as quiet as the loss: equivalent mutants.
            with np.errstate(over="ignore", invalid="ignore"):  # pragma: no mutate
                theta = stepper.step(theta, gradient())
    return path, losses


# --------------------------------------------------------------------------
# Warnings and errors about the run


def _warn_if_unstable(func, settings, lr, l2):
    """Warn up front when the penalty or decay alone makes the iterates diverge."""
    # Adam's steps are bounded by about lr whatever the penalty: only
    # AdamW's decay, applied outside them, can make it diverge.
    if settings.name == "gd" and lr * l2 >= 2:
        message = (
            f"{func}(): lr * l2 = {lr * l2:.4g} >= 2, so gradient descent cannot converge: "
            "the penalty alone multiplies the coefficients by 1 - lr * l2 <= -1 at every step "
            "and they oscillate with growing amplitude. Stability needs lr * l2 < 2 (and "
            "lr * (l2 + largest curvature of the log-loss) < 2 to converge)."
        )
    elif settings.name == "momentum" and lr * l2 >= 2 * (1 + settings.momentum):
        message = _momentum_unstable(func, lr, l2, settings.momentum)
    elif settings.name == "adamw" and lr * settings.weight_decay >= 2:
        message = (
            f"{func}(): lr * weight_decay = {lr * settings.weight_decay:.4g} >= 2, so AdamW "
            "cannot converge: the decay alone multiplies the slopes by 1 - lr * weight_decay "
            "<= -1 at every step, and Adam's steps (about lr each) cannot hold them back. "
            "Stability needs lr * weight_decay < 2."
        )
    else:
        return
    _warn(message)


def _momentum_unstable(func, lr, l2, mu):
    # Heavy ball on the penalty alone: theta_{t+1} = (1 + mu - lr l2) theta_t
    # - mu theta_{t-1}, whose roots lie inside the unit circle exactly when
    # 0 < lr * l2 < 2 (1 + mu).
    return (
        f"{func}(): lr * l2 = {lr * l2:.4g} >= 2 * (1 + momentum) = {2 * (1 + mu):.4g}, so "
        "momentum cannot converge: the penalty alone makes the heavy-ball iterates "
        "oscillate with growing amplitude. Stability needs lr * l2 < 2 * (1 + momentum) "
        "(and lr * (l2 + largest curvature of the log-loss) < 2 * (1 + momentum) to "
        "converge)."
    )


def _refuse_or_warn_if_cut_short(func, rows, n_steps):
    """A start that overflows is an error; a path that overflows later, a warning."""
    if rows == 0:
        raise ValueError(
            f"{func}(): the loss at init is not finite (the scores overflow float64); "
            "start from smaller coefficients or rescale X"
        )
    if rows < n_steps + 1:
        _warn(
            f"{func}(): the iterates overflowed float64 after step {rows - 1}; the path stops "
            f"there ({rows} of {n_steps + 1} rows). Use a smaller lr."
        )


# --------------------------------------------------------------------------
# The public function


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
    Xa = check_X(X, func)
    classes, idx = check_y(y, Xa.shape[0], func)
    if model == "logistic" and classes.size != 2:
        raise ValueError(
            f"{func}(): model='logistic' needs exactly two classes, got {classes.size}"
        )
    l2 = check_l2(l2, func)
    lr = check_lr(lr, func)
    n_steps = check_int(n_steps, func, "n_steps", 0)
    fit_intercept = check_bool(fit_intercept, func, "fit_intercept")
    Z, _ = _design(Xa, fit_intercept, func)
    pen = _slopes_only(l2, Z.shape[1], fit_intercept)
    _warn_if_unstable(func, settings, lr, l2)
    start, objective = _start_and_objective(
        model, init, Z, idx, classes.size, pen, fit_intercept, func
    )
    decay = _slopes_only(settings.weight_decay or 0.0, Z.shape[1], fit_intercept)
    stepper = _stepper(settings, lr, decay)
    path, losses = _descend(objective, start, stepper, n_steps)
    _refuse_or_warn_if_cut_short(func, losses.size, n_steps)
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
