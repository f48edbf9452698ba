"""logitlab: why the logistic sigmoid is a two-class softmax.

The helper package of the logitlab notebook series. Importing it loads only
NumPy; the slider explorers live in :mod:`logitlab.widgets`, loaded on demand.
"""

from .fitting import (
    ConvergenceWarning,
    FitResult,
    GradientDescentPath,
    fit_logistic,
    fit_softmax,
    gradient_descent_path,
)
from .functions import (
    log_sigmoid,
    log_softmax,
    naive_sigmoid,
    naive_softmax,
    sigmoid,
    softmax,
)
from .mapping import PARAMETERIZATIONS, logistic_to_softmax, softmax_to_logistic

__version__ = "0.1.0"

__all__ = [
    "PARAMETERIZATIONS",
    "ConvergenceWarning",
    "FitResult",
    "GradientDescentPath",
    "fit_logistic",
    "fit_softmax",
    "gradient_descent_path",
    "log_sigmoid",
    "log_softmax",
    "logistic_to_softmax",
    "naive_sigmoid",
    "naive_softmax",
    "sigmoid",
    "softmax",
    "softmax_to_logistic",
]
