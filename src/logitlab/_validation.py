"""Input checks shared by the public functions.

Every public function funnels its numeric input through :func:`as_real_array`
so that a student who passes a string, ``None`` or a complex number gets a
``TypeError`` that names the function they called, not a NumPy traceback or,
worse, a silently wrong number.

The second half holds the checks of the fits' arguments
(:mod:`logitlab.fitting`): the data (:func:`check_X`), the labels
(:func:`check_y`: missing labels in any container, mixed types, shapes),
the settings (:func:`check_l2`, :func:`check_int`, :func:`check_bool`,
:func:`check_tol`, :func:`check_real`, :func:`check_unit_interval`,
:func:`check_lr`) and the starting points (:func:`check_init_logistic`,
:func:`check_init_softmax`). Each takes the public function's name for its
messages.
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np

# bool is deliberately absent: True/False are labels, not scores.
_REAL_KINDS = frozenset("iuf")

# Why a dtype is refused, said in the student's terms (default: its name).
_REFUSED_KINDS = {
    "b": "booleans are labels, not scores (use .astype(float) if you mean 0 and 1)",
    "c": "complex numbers have no order, so no probability (pass the real part "
    "if the imaginary part is zero)",
    "U": "text is not a number (convert with float() if it spells one)",
    "S": "text is not a number (convert with float() if it spells one)",
}

# What a text dtype holds, in Python's words.
_TEXT_KINDS = {"U": "str", "S": "bytes"}

_FLOAT64_MAX = float(np.finfo(np.float64).max)


def as_real_array(value, func: str, name: str = "z") -> np.ndarray:
    """Return ``value`` as a float64 ndarray or raise an error naming ``func``.

    Refused with a ``TypeError``: ``None``, strings, booleans (Python's and
    NumPy's), complex numbers, object arrays, ragged lists and masked arrays
    (their mask would be silently dropped). Python ints too large for NumPy's
    int64 and ``Fraction`` values are converted as ``float()`` converts
    them; a number beyond
    float64's range (``10**400``, a ``longdouble`` above 1.8e308) is a
    ``ValueError``. Subclasses such as ``np.matrix`` become plain ndarrays,
    so that they keep the shape the caller sees.
    """
    return _to_float64(_checked_real(value, func, name), func, name)


# Float dtypes that results keep (see as_real_array_and_dtype): both are
# narrower than float64, which holds every value of theirs exactly.
_NARROW_FLOATS = frozenset({np.dtype(np.float16), np.dtype(np.float32)})


def as_real_array_and_dtype(value, func: str, name: str = "z") -> tuple[np.ndarray, np.dtype]:
    """Like :func:`as_real_array`, with the dtype the function's result should have.

    Returns ``(arr, dtype)``: ``arr`` is float64 when ``dtype`` is, and
    otherwise the float16 or float32 input itself (every value of it is
    exact in float64: the caller converts where it pays, block by block).

    float16 and float32 input that carries its dtype (an ndarray, a NumPy
    scalar, anything NumPy reads as such an array) keeps it: the result
    dtype is the input's, in native byte order (``'>f4'`` gives float32).
    Everything else gives float64: ints, Python
    floats, float64, and lists and tuples, which are read as Python numbers
    whatever they hold (``[np.float32(1)]`` gives float64, as ``[1.0]``
    does). ``longdouble`` gives float64, as before: the functions compute in
    float64, so its extra digits would be digits they never computed.
    """
    arr = _checked_real(value, func, name)
    # Byte order is how the bytes are stored, not what they hold: '>f4'
    # (np.frombuffer on FITS or network data) is float32 too, and its result
    # is float32 in the machine's order.
    native = arr.dtype.newbyteorder("=")
    if native in _NARROW_FLOATS and not isinstance(value, (list, tuple)):
        return arr.astype(native, copy=False), native
    # (np.dtype(None) is float64 too: an equivalent mutant.)
    return _to_float64(arr, func, name), np.dtype(np.float64)  # pragma: no mutate


def _checked_real(value, func: str, name: str) -> np.ndarray:
    """``value`` as an ndarray of ints or floats (any width), or a clear error."""
    # Bytes of any kind are text or raw memory, not scores (NumPy would read
    # memoryview(b"ab") and bytearray(b"ab") as the numbers 97, 98).
    if value is None or isinstance(value, (str, bytes, bytearray, memoryview)):
        raise TypeError(
            f"{func}() expects real numbers for {name!r}, got {type(value).__name__}"
        )
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{func}() does not accept a masked array for {name!r}: its mask would be "
            f"ignored; pass value.filled(np.nan) or value.compressed() instead"
        )
    try:
        # asarray, not asanyarray: an np.matrix would stay 2-d under every
        # reshape and indexing, and break shapes deep inside NumPy.
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists, odd objects
        raise TypeError(
            f"{func}() expects a rectangular array of real numbers for {name!r}: {exc}"
        ) from None
    except Exception as exc:  # an __array__ or __len__ that raises: not a NumPy traceback
        raise TypeError(
            f"{func}() could not read {name!r} as an array of numbers: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if arr.dtype.kind == "O" and not isinstance(value, np.ndarray):
        arr = _python_reals_to_float(arr, func, name)
    elif arr.dtype.kind in _REAL_KINDS and isinstance(value, (list, tuple)) and _holds_bool(value):
        # NumPy turns [0.5, True] into [0.5, 1.0] without a word.
        raise TypeError(
            f"{func}() expects real numbers (int or float) for {name!r}, got "
            f"{type(value).__name__} holding bool: {_REFUSED_KINDS['b']}"
        )
    kind = arr.dtype.kind
    if kind not in _REAL_KINDS:
        reason = f"got {type(value).__name__} of dtype {arr.dtype}"
        if kind in _TEXT_KINDS:  # "<U3" is NumPy's word, not the student's
            reason = f"got {type(value).__name__} holding {_TEXT_KINDS[kind]}"
        if kind == "O":
            reason += _object_contents(arr)
        elif kind in _REFUSED_KINDS:
            reason += f": {_REFUSED_KINDS[kind]}"
        raise TypeError(f"{func}() expects real numbers (int or float) for {name!r}, {reason}")
    return arr


def _to_float64(arr: np.ndarray, func: str, name: str) -> np.ndarray:
    """A checked real array as float64 (a copy only where the dtype changes)."""
    # Equivalent mutants: no float dtype is 9 bytes wide (longdouble is 10,
    # 12 or 16), and astype(None) is float64 too.
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 8:  # pragma: no mutate
        # longdouble: a finite value above float64's range would become inf
        # with an overflow warning from the cast.
        with np.errstate(over="ignore"):
            out = arr.astype(np.float64)  # pragma: no mutate
        if np.any(np.isinf(out) & np.isfinite(arr)):
            raise ValueError(
                f"{func}(): {name!r} holds a value beyond float64's range "
                f"(largest about {_FLOAT64_MAX:.4g})"
            )
        return out
    # copy=None is NumPy 2's "only if needed", as False; astype(None) is float64.
    return arr.astype(np.float64, copy=False)  # pragma: no mutate (tests check: no copy)


def _holds_bool(value) -> bool:
    """Whether nested lists/tuples hold a bool anywhere (one pass, no recursion)."""
    # Types per level through set(map(type, ...)): about 20 ns an element,
    # so a list of 10**6 floats costs far less than NumPy's own conversion.
    stack = [value]
    while stack:
        items = stack.pop()
        kinds = set(map(type, items))
        if bool in kinds or np.bool_ in kinds:
            return True
        nested = [k for k in kinds if issubclass(k, (list, tuple))]
        # Rows only: one flat level, one set. (`!=` is an equivalent mutant:
        # the other branch finds the same bools, a row at a time.)
        if nested and len(nested) == len(kinds):  # pragma: no mutate
            stack.append(list(itertools.chain.from_iterable(items)))
        elif nested:
            stack.extend(v for v in items if isinstance(v, (list, tuple)))
    return False


def _is_real_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _object_contents(arr) -> str:
    """What an object array holds that is not a real number, for the message."""
    others = [v for v in arr.ravel().tolist() if not _is_real_number(v)]
    if not others:
        return " (real numbers stored as objects: convert with .astype(float))"
    names = sorted({type(v).__name__ for v in others})
    held = f" holding {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"
    # By type, not by name: NumPy 1 calls np.True_'s type "bool_", NumPy 2 "bool".
    if any(isinstance(v, (bool, np.bool_)) for v in others):
        held += f": {_REFUSED_KINDS['b']}"
    return held


def _python_reals_to_float(arr, func, name):
    """Numbers NumPy stored as objects: convert them as ``float()`` does.

    Python ints beyond int64 (``10**30``) and ``fractions.Fraction`` make
    ``np.asarray`` fall back to an object array; each is a real number with
    a nearest float64. Only lists and scalars get here (an object ndarray
    passed in is refused as such), and anything but real numbers (a string,
    a bool, ``Decimal``) is returned as is, to be refused by the dtype check.
    """
    items = arr.ravel().tolist()
    if not all(_is_real_number(v) for v in items):
        return arr
    try:
        # (A list of Python floats is float64 with or without dtype=.)
        floats = np.array([float(v) for v in items], dtype=np.float64)  # pragma: no mutate
        return floats.reshape(arr.shape)
    except OverflowError:
        what = "an integer" if all(isinstance(v, int) for v in items) else "a number"
        raise ValueError(
            f"{func}(): {name!r} holds {what} too large for float64 "
            f"(largest about {_FLOAT64_MAX:.4g})"
        ) from None


def scalar_or_array(arr: np.ndarray):
    """Return a NumPy scalar for 0-d results, the array otherwise."""
    return arr[()] if arr.ndim == 0 else arr


# --------------------------------------------------------------------------
# The arguments of the fits (logitlab.fitting): data, labels, settings, starts


def check_X(X, func):
    """`X` as a finite 2-D float64 array with at least one row, or a clear error."""
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


def check_y(y, n, func):
    """Labels -> (sorted classes, class index per row), or a clear error."""
    arr = _label_array(y, func)
    _refuse_missing_or_mixed(arr, y, func)
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


def _label_array(y, func):
    """The labels' container as an ndarray (a row or column matrix flattened)."""
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
    return arr


def _refuse_missing_or_mixed(arr, y, func):
    """Missing labels, or strings mixed with other labels, looked at as given."""
    # NumPy turns [1, "a"] into ["1", "a"] and ["a", np.nan] into ["a", "nan"].
    # Equivalent mutants here: `or` only adds a look at number lists, and
    # "XXUSXX" still contains "U" and "S".
    given = None
    if arr.dtype.kind in "US" and not isinstance(y, np.ndarray):  # pragma: no mutate
        given = np.array(y, dtype=object)
    elif arr.dtype.kind == "O":
        given = arr
    if given is None:
        return
    if any(map(_is_missing, given.ravel())):
        raise ValueError(f"{func}(): y contains missing labels (NaN or None)")
    _refuse_mixed_labels(given, func)


def _is_missing(label):
    """None, a float NaN of any width, or pandas' missing markers (pd.NA, pd.NaT)."""
    if label is None or type(label).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(label, (float, np.floating)) and math.isnan(label)


def _refuse_mixed_labels(arr, func):
    """Strings beside other labels (numbers, objects) are refused: one type, please."""
    flat = arr.ravel()
    text = [v for v in flat if isinstance(v, (str, bytes))]
    other = [v for v in flat if not isinstance(v, (str, bytes))]
    if text and other:
        other = other[0]
        raise TypeError(
            f"{func}(): class labels in y mix strings and other values (e.g. {text[0]!r} "
            f"and {other!r}); use one type, e.g. all strings"
        )


def check_l2(l2, func):
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real):
        raise TypeError(f"{func}(): l2 must be a real number, got {type(l2).__name__}")
    l2 = float(l2)
    if not math.isfinite(l2) or l2 < 0:
        raise ValueError(f"{func}(): l2 must be a finite number >= 0, got {l2}")
    return l2


def check_int(value, func, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}(): {name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{func}(): {name} must be >= {minimum}, got {value}")
    return int(value)


def check_bool(value, func, name):
    # Not bool(value): bool("False") is True. np.bool_ is accepted, as the
    # value of a comparison or of a boolean array.
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{func}(): {name} must be True or False, got {type(value).__name__} {value!r}"
        )
    return bool(value)


def check_tol(tol, func):
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not tol > 0:
        raise ValueError(f"{func}(): tol must be a positive number, got {tol!r}")
    return float(tol)


def check_real(value, func, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}(): {name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{func}(): {name} must be a finite number, got {value}")
    return value


def check_unit_interval(value, func, name):
    """A factor in [0, 1): an average that forgets, as torch.optim requires of betas."""
    value = check_real(value, func, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{func}(): {name} must be in [0, 1), got {value}")
    return value


def check_init_logistic(init, p, fit_intercept, func):
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


def check_init_softmax(init, K, p, fit_intercept, func):
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


def check_lr(lr, func):
    """A step size: a finite real number > 0."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f"{func}(): lr must be a real number, got {type(lr).__name__}")
    lr = float(lr)
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"{func}(): lr must be a finite number > 0, got {lr}")
    return lr
