"""Input checks shared by the public functions.

Every public function funnels its numeric input through :func:`as_real_array`
so that a student who passes a string, ``None`` or a complex number gets a
``TypeError`` that names the function they called, not a NumPy traceback or,
worse, a silently wrong number.
"""

from __future__ import annotations

import numpy as np

# bool is deliberately absent: True/False are labels, not scores.
_REAL_KINDS = frozenset("iuf")


def as_real_array(value, func: str, name: str = "z") -> np.ndarray:
    """Return ``value`` as a float64 array or raise a ``TypeError`` naming ``func``."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(
            f"{func}() expects real numbers for {name!r}, got {type(value).__name__}"
        )
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except ValueError as exc:  # ragged nested lists
            raise TypeError(
                f"{func}() expects a rectangular array of real numbers for {name!r}: {exc}"
            ) from None
    if arr.dtype.kind not in _REAL_KINDS:
        raise TypeError(
            f"{func}() expects real numbers (int or float) for {name!r}, "
            f"got {type(value).__name__} of dtype {arr.dtype}"
        )
    return arr.astype(np.float64, copy=False)


def scalar_or_array(arr: np.ndarray):
    """Return a NumPy scalar for 0-d results, the array otherwise."""
    return arr[()] if arr.ndim == 0 else arr
