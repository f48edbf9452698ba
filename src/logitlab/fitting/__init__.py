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

Layout, one job per module:

* :mod:`logitlab.fitting.results`: :class:`FitResult` (coefficients,
  covariance, standard errors, odds ratios, predictions),
  :class:`GradientDescentPath` and :class:`ConvergenceWarning`;
* :mod:`logitlab.fitting.newton`: the two Newton fits and what they share
  (design matrix, scaling and centring, solve, line search, the separation
  and quasi-separation checks);
* :mod:`logitlab.fitting.descent`: :func:`gradient_descent_path`, the
  optimisers' settings and one stepper per update rule;
* their input checks live in :mod:`logitlab._validation`, beside the ones
  the rest of the package uses.

This module re-exports the public names only; import them from here.
"""

from . import descent, newton, results

# "X as X": the re-export idiom, so that linters know these are the API.
from .descent import gradient_descent_path as gradient_descent_path
from .newton import fit_logistic as fit_logistic
from .newton import fit_softmax as fit_softmax
from .results import ConvergenceWarning as ConvergenceWarning
from .results import FitResult as FitResult
from .results import GradientDescentPath as GradientDescentPath

# Each module's public names, and only those.
__all__ = [*results.__all__, *newton.__all__, *descent.__all__]

# doctest.testmod(logitlab.fitting) runs the public names' examples, which
# live in the submodules (doctest looks only at objects defined here).
__test__ = {name: globals()[name] for name in __all__}
