"""Input checks shared by the public functions.

Every public function funnels its numeric input through :func:`as_real_array`
so that a student who passes a string, ``None`` or a complex number gets a
``TypeError`` that names the function they called, not a NumPy traceback or,
worse, a silently wrong number.
"""

from __future__ import annotations

import itertools
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
    return _to_float64(arr, func, name), np.dtype(np.float64)


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
    elif arr.dtype.kind in "iuf" and isinstance(value, (list, tuple)) and _holds_bool(value):
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
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 8:
        # longdouble: a finite value above float64's range would become inf
        # with an overflow warning from the cast.
        with np.errstate(over="ignore"):
            out = arr.astype(np.float64)
        if np.any(np.isinf(out) & np.isfinite(arr)):
            raise ValueError(
                f"{func}(): {name!r} holds a value beyond float64's range "
                f"(largest about {_FLOAT64_MAX:.4g})"
            )
        return out
    return arr.astype(np.float64, copy=False)


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
        if nested and len(nested) == len(kinds):  # rows only: one flat level, one set
            stack.append(list(itertools.chain.from_iterable(items)))
        elif nested:
            stack.extend(v for v in items if isinstance(v, (list, tuple)))
    return False


def _is_real_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _object_contents(arr) -> str:
    """What an object array holds that is not a real number, for the message."""
    names = sorted({type(v).__name__ for v in arr.reshape(-1).tolist() if not _is_real_number(v)})
    if not names:
        return " (real numbers stored as objects: convert with .astype(float))"
    held = f" holding {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"
    if any(n in ("bool", "bool_") for n in names):
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
    items = arr.reshape(-1).tolist()
    if not all(_is_real_number(v) for v in items):
        return arr
    try:
        return np.array([float(v) for v in items], dtype=np.float64).reshape(arr.shape)
    except OverflowError:
        what = "an integer" if all(isinstance(v, int) for v in items) else "a number"
        raise ValueError(
            f"{func}(): {name!r} holds {what} too large for float64 "
            f"(largest about {_FLOAT64_MAX:.4g})"
        ) from None


def scalar_or_array(arr: np.ndarray):
    """Return a NumPy scalar for 0-d results, the array otherwise."""
    return arr[()] if arr.ndim == 0 else arr
