"""float32 and float16 in sigmoid, log_sigmoid, softmax, log_softmax (issue 12).

The rule: float16/float32 arrays and NumPy scalars give results of their own
dtype, within 1 ulp of the correctly rounded value, with no warning and no
floating-point flag; everything else (ints, Python floats, lists, float64,
longdouble) gives float64 as before. Each test here failed before the change,
when every result was float64, except the two that pin what did not change
(test_everything_else_still_gives_float64, test_complex64_and_bool_still_refused)
and test_monotone_check_can_fail, which shows the monotonicity check can fail.

References: scipy.special (expit, log_expit, softmax, log_softmax) in float64
rounded once to the narrow dtype for the bulk, and mpmath (correct rounding
found among three neighbours) for a subsample and for every float16.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import mpmath
import numpy as np
import pytest
import scipy.special as sc

from logitlab import log_sigmoid, log_softmax, sigmoid, softmax

NARROW = [np.float16, np.float32]
ELEMENTWISE = [sigmoid, log_sigmoid]
SOFTMAXES = [softmax, log_softmax]
ALL = ELEMENTWISE + SOFTMAXES

# float64 references, independent of logitlab's kernels (softmaxes: _softmax_ref).
SCIPY = {sigmoid: sc.expit, log_sigmoid: sc.log_expit}
_BITS = {np.dtype(np.float16): np.uint16, np.dtype(np.float32): np.uint32}


@contextmanager
def strict():
    """Any warning is an error and any floating-point flag raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield


def _round(ref64: np.ndarray, dtype) -> np.ndarray:
    # Rounding to the narrow type may underflow or (log_softmax) overflow:
    # that is the reference's rounding, not the code under test.
    with np.errstate(under="ignore", over="ignore"):
        return np.asarray(ref64).astype(dtype)


def _key(v: np.ndarray) -> np.ndarray:
    """Integers in the order of the floats, one apart for adjacent floats; +-0 -> 0."""
    bits = np.asarray(v).view(_BITS[v.dtype]).astype(np.int64)
    sign = 1 << (8 * v.dtype.itemsize - 1)
    return np.where(bits & sign, -(bits & (sign - 1)), bits)


def ulps(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Distance in ulps between same-dtype arrays; NaN must match NaN."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    nan = np.isnan(want)
    np.testing.assert_array_equal(np.isnan(got), nan)
    return np.abs(_key(got[~nan]) - _key(want[~nan]))


def assert_within_1ulp(got, ref64, dtype, where=None):
    """`got` has `dtype` and lies within 1 ulp of float64 `ref64` rounded to it."""
    got = np.asarray(got)
    assert got.dtype == dtype, f"result dtype {got.dtype}, expected {np.dtype(dtype)}"
    d = ulps(got, _round(ref64, dtype))
    if d.size:
        bad = d > 1
        where = np.asarray(where if where is not None else ref64)[~np.isnan(ref64)]
        assert not bad.any(), f"{bad.sum()} values > 1 ulp off, at {where[bad][:4].tolist()}"


def _patterns(dtype, start: int, stop: int, step: int = 1) -> np.ndarray:
    """The floats whose bit patterns are start, start + step, ... < stop."""
    return np.arange(start, stop, step, dtype=np.int64).astype(_BITS[np.dtype(dtype)]).view(dtype)


def _around(value, n: int, dtype=np.float32) -> np.ndarray:
    """2n consecutive floats of `dtype` around `value`, increasing."""
    v = np.asarray(value, dtype=dtype)
    k = int(_key(v.reshape(1))[0])
    keys = np.arange(k - n, k + n)
    sign = 1 << (8 * v.dtype.itemsize - 1)
    bits = np.where(keys < 0, (-keys) | sign, keys).astype(_BITS[v.dtype])
    return bits.view(dtype)


# Where float32 results change character: sigmoid rounds to 1 (z = 17.33)
# and to the smallest subnormal (-103.28), exp's overflow (88.72) and the
# normal/subnormal edge of the results (-87.34), log_sigmoid's -tiny (87.3),
# and 0.
F32_SPOTS = [
    0.0,
    17.32868,
    -17.32868,
    88.72284,
    -88.72284,
    -87.33655,
    87.33655,
    -103.27893,
    103.27893,
    -16.0,
    2.219994657080264,
    1.0,
    -1.0,
]
F32_MAX = float(np.finfo(np.float32).max)


@pytest.fixture(scope="module")
def f32_sample() -> np.ndarray:
    """Every 4099th float32 bit pattern (1.05 million, NaNs included), the
    dense sweeps around the trouble spots, +-inf, +-max and the subnormal ends."""
    extra = [np.inf, -np.inf, np.nan, F32_MAX, -F32_MAX, 0.0, -0.0]
    parts = [_patterns(np.float32, 0, 2**32, 4099), np.array(extra, dtype=np.float32)]
    parts += [_around(c, 20_000) for c in F32_SPOTS]
    parts.append(_patterns(np.float32, 0, 40_000))  # positive subnormal tail
    parts.append(-_patterns(np.float32, 0, 40_000))
    return np.concatenate(parts)


# --- the dtype rule --------------------------------------------------------------


@pytest.mark.parametrize("func", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", NARROW, ids=lambda t: t.__name__)
def test_narrow_arrays_and_scalars_keep_their_dtype(func, dtype):
    with strict():
        arr = func(np.array([[0.5, -3.0], [2.0, 8.0]], dtype=dtype))
        assert isinstance(arr, np.ndarray) and arr.dtype == dtype and arr.shape == (2, 2)
        strided = func(np.arange(12, dtype=dtype).reshape(3, 4)[:, ::2])
        assert strided.dtype == dtype and strided.shape == (3, 2)
        empty = func(np.empty((0, 3), dtype=dtype))
        assert empty.dtype == dtype and empty.shape == (0, 3)
        if func in ELEMENTWISE:
            for scalar in (dtype(0.5), np.array(0.5, dtype=dtype)):
                out = func(scalar)
                assert type(out) is dtype, type(out)
                assert out == dtype(func(0.5))


@pytest.mark.parametrize("func", ALL, ids=lambda f: f.__name__)
def test_everything_else_still_gives_float64(func):
    f32 = np.float32(0.5)
    inputs = [
        [0.5, 1.0],
        [f32, f32],  # a list is read as Python numbers, whatever it holds
        (f32, 2.0),
        np.array([1, 2], dtype=np.int32),
        np.array([1, 2], dtype=np.uint8),
        np.array([0.5, 1.0]),
        np.array([0.5, 1.0], dtype=np.longdouble),
    ]
    for value in inputs:
        out = func(value)
        assert out.dtype == np.float64, (value, out.dtype)
        np.testing.assert_array_equal(out, func(np.asarray(value, dtype=np.float64)))
    if func in ELEMENTWISE:
        assert type(func(0.5)) is np.float64
        assert type(func(np.longdouble(0.5))) is np.float64


@pytest.mark.parametrize("func", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "value",
    [np.complex64(1.0), np.array([1.0, 2.0], dtype=np.complex64), np.array([True, False])],
    ids=["c64", "c64 array", "bool"],
)
def test_complex64_and_bool_still_refused(func, value):
    with pytest.raises(TypeError, match=rf"^{func.__name__}\(\)"):
        func(value)


# --- float16: every bit pattern --------------------------------------------------


ALL_F16 = _patterns(np.float16, 0, 2**16)


@pytest.mark.parametrize("func", ELEMENTWISE, ids=lambda f: f.__name__)
def test_float16_every_value_within_1ulp_of_scipy_float64(func):
    with strict():
        got = func(ALL_F16)
    assert_within_1ulp(got, SCIPY[func](ALL_F16.astype(np.float64)), np.float16, ALL_F16)


def _truth(func, x: float):
    # log1p keeps the tiny log-probabilities of large x (down to -1e-45).
    if func is sigmoid:
        return 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
    return -mpmath.log1p(mpmath.exp(-mpmath.mpf(x)))


def correctly_rounded(func, x: np.ndarray) -> np.ndarray:
    """func(x) rounded once to x's dtype, by mpmath: the nearest of three
    candidates around the float64 value (rounding that value again to the
    narrow type could round twice)."""
    out = np.empty_like(x)
    with mpmath.workprec(200), np.errstate(under="ignore", over="ignore"):
        for i, v in enumerate(x.tolist()):
            t = _truth(func, v)
            c = np.array(float(t)).astype(x.dtype)
            cands = [
                c,
                np.nextafter(c, x.dtype.type(-np.inf)),
                np.nextafter(c, x.dtype.type(np.inf)),
            ]
            out[i] = min(cands, key=lambda w: abs(mpmath.mpf(float(w)) - t))
    return out


@pytest.mark.parametrize("func", ELEMENTWISE, ids=lambda f: f.__name__)
def test_float16_against_mpmath(func):
    # Every 7th finite float16 (9,000 values: the whole range, mpmath is slow)
    # plus sweeps where sigmoid's results round to 0 (-17.33) and turn
    # subnormal (-9.7), around 0, and the largest magnitudes.
    finite = ALL_F16[np.isfinite(ALL_F16)]
    edges = [_around(c, 40, np.float16) for c in (-17.33, -9.7, 9.7, 0.0)]
    big = np.array([65504, -65504], dtype=np.float16)
    x = np.concatenate([finite[::7], *edges, big])
    with strict():
        got = func(x)
    want = correctly_rounded(func, x)
    d = ulps(got, want)
    assert d.max() <= 1, x[d > 1][:4]
    # Not a loose bound met by luck: almost every value is the correctly rounded one.
    assert np.mean(d == 0) > 0.999


def test_float16_sigmoid_monotone_over_every_value():
    x = np.sort(ALL_F16[~np.isnan(ALL_F16)])
    with strict():
        for func in (sigmoid, log_sigmoid):
            out = func(x)
            assert out.dtype == np.float16
            assert np.all(np.diff(out.astype(np.float64)) >= 0), func.__name__


# --- float32: a stride through every bit pattern, dense sweeps, mpmath ---------------


@pytest.mark.parametrize("func", ELEMENTWISE, ids=lambda f: f.__name__)
def test_float32_within_1ulp_of_scipy_float64(func, f32_sample):
    with strict():
        got = func(f32_sample)
    assert got.dtype == np.float32 and got.shape == f32_sample.shape
    with np.errstate(invalid="ignore"):  # signaling NaN patterns in the cast
        x64 = f32_sample.astype(np.float64)
    assert_within_1ulp(got, SCIPY[func](x64), np.float32, f32_sample)


@pytest.mark.parametrize("func", ELEMENTWISE, ids=lambda f: f.__name__)
def test_float32_against_mpmath(func, f32_sample):
    rng = np.random.default_rng(12)
    finite = f32_sample[np.isfinite(f32_sample)]
    # Uniform over bit patterns puts most points far out, where the result
    # is 0, 1 or z; add points where the result has all its digits.
    x = np.concatenate(
        [
            rng.choice(finite, 1500, replace=False),
            rng.uniform(-110, 110, 1500).astype(np.float32),
            np.array(F32_SPOTS, dtype=np.float32),
            np.array([F32_MAX, -F32_MAX], dtype=np.float32),
        ]
    )
    with strict():
        got = func(x)
    want = correctly_rounded(func, x)
    d = ulps(got, want)
    assert d.max() <= 1, x[d > 1][:4]
    assert np.mean(d == 0) > 0.999


@pytest.mark.parametrize("center", F32_SPOTS)
def test_float32_sigmoid_monotone_in_dense_sweeps(center):
    z = _around(center, 100_000)
    assert np.all(np.diff(z.astype(np.float64)) > 0)  # the sweep is increasing
    with strict():
        for func in (sigmoid, log_sigmoid):
            out = func(z)
            assert out.dtype == np.float32
            assert np.all(np.diff(out.astype(np.float64)) >= 0), func.__name__
    # Dense enough to matter: many neighbours share a result near 17.33.
    if center == 17.32868:
        assert np.sum(np.diff(sigmoid(z).astype(np.float64)) == 0) > 1000


def test_float32_monotone_over_the_strided_sample(f32_sample):
    z = np.sort(f32_sample[~np.isnan(f32_sample)])
    with strict():
        for func in (sigmoid, log_sigmoid):
            out = func(z)
            assert out.dtype == np.float32
            assert np.all(np.diff(out.astype(np.float64)) >= 0), func.__name__


def test_monotone_check_can_fail():
    # The same sweep rejects e/(1 + e) computed in float32, which is why the
    # float32 results are float64 ones rounded once (rounding is monotone).
    z = _around(-1.625, 100_000)
    e = np.exp(z)
    assert np.sum(np.diff((e / (1 + e)).astype(np.float64)) < 0) > 100


def test_float32_landmarks():
    with strict():
        s = sigmoid(np.array([17.0, 17.4, 88.8, -88.8, -100.0, -104.0], dtype=np.float32))
        specials = sigmoid(np.array([np.inf, -np.inf, np.nan], dtype=np.float32))
        ls = log_sigmoid(np.array([-F32_MAX, -np.inf, np.inf, 200.0, 1e30], dtype=np.float32))
        lsm = log_softmax(np.array([200, 0], dtype=np.float32))
        lsm3 = log_softmax(np.array([[200, 0, 0]], dtype=np.float16).T, axis=0)[:, 0]
        at_17 = log_sigmoid(np.float32(-17.4))
    # 1 - sigmoid(17) = 4.1e-8 is above half an ulp below 1 (3.0e-8): not yet 1.
    assert s[0] == np.nextafter(np.float32(1), np.float32(0)) and s[1] == 1 and s[2] == 1
    # Beyond exp's float32 overflow (88.72) the results are still right, and
    # subnormal results are kept down to the smallest (1.4e-45).
    assert 0 < s[3] < np.finfo(np.float32).tiny and s[5] == 0
    assert s[4] == _round(np.exp(-100.0), np.float32) > 0
    np.testing.assert_array_equal(specials, [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(ls, [-F32_MAX, -np.inf, 0.0, 0.0, 0.0])
    # A log-probability too small for float32 (-1.4e-87) is +0, not -0, as
    # float64's log_sigmoid(800) is.
    assert not np.signbit(ls[3:]).any() and lsm[0] == 0 and not np.signbit(lsm[0])
    np.testing.assert_array_equal(lsm3, [0.0, -200.0, -200.0])
    assert not np.signbit(lsm3[0]) and lsm3.dtype == np.float16
    # What the float32 lesson shows: -log(1 - sigmoid(z)) is inf at z = 17.4,
    # while -log_sigmoid(-z), the same loss, stays finite.
    with np.errstate(divide="ignore"):
        assert -np.log(np.float32(1) - s[1]) == np.inf
    assert -at_17 == np.float32(17.4)


# --- softmax and log_softmax ---------------------------------------------------------


def _scores(dtype, shape, rng):
    scale = 30.0 if dtype is np.float32 else 6.0
    x = rng.normal(scale=scale, size=shape)
    # A few rows far apart and near the type's limits.
    big = float(np.finfo(dtype).max) / 2
    x.flat[::17] *= 1e3 if dtype is np.float32 else 10.0
    x.flat[5::23] = big
    x.flat[7::29] = -big
    return x.astype(dtype)


def _softmax_ref(func, x, axis):
    """float64 references: scipy's softmax; for log_softmax not scipy's,
    which returns 0 where the largest score's log-probability is -1e-20
    (log of a sum that rounded to 1), a value float32 holds: logaddexp
    over the shifted scores keeps it (log1p inside)."""
    if func is softmax:
        return sc.softmax(x, axis=axis)
    t = x - x.max(axis=axis, keepdims=True)
    return t - np.logaddexp.reduce(t, axis=axis, keepdims=True)


@pytest.mark.parametrize("func", SOFTMAXES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", NARROW, ids=lambda t: t.__name__)
@pytest.mark.parametrize(
    "shape, axis",
    [((400, 2), -1), ((2, 400), 0), ((300, 3), 1), ((5, 300), 0), ((120, 20), -1), ((20, 120), 0)],
)
def test_softmaxes_along_any_axis_within_1ulp(func, dtype, shape, axis):
    rng = np.random.default_rng(sum(shape) + axis)
    x = _scores(dtype, shape, rng)
    with strict():
        got = func(x, axis=axis)
    ref = _softmax_ref(func, x.astype(np.float64), axis)
    assert got.shape == x.shape
    assert_within_1ulp(got, ref, dtype)


@pytest.mark.parametrize("dtype", NARROW, ids=lambda t: t.__name__)
def test_two_class_softmax_is_the_float64_sigmoid_rounded(dtype):
    # softmax([a, b])[0] == sigmoid(a - b) bit for bit in float64; float16 and
    # float32 scores give that float64 result rounded once (the difference is
    # taken in float64, so it is not sigmoid(a - b) with a float32 subtraction).
    rng = np.random.default_rng(5)
    x = _scores(dtype, (2000, 2), rng)
    d = x[:, 0].astype(np.float64) - x[:, 1].astype(np.float64)
    with strict():
        p = softmax(x)
        lp = log_softmax(x)
    np.testing.assert_array_equal(p[:, 0], _round(sigmoid(d), dtype))
    np.testing.assert_array_equal(p[:, 1], _round(sigmoid(-d), dtype))
    np.testing.assert_array_equal(lp[:, 0], _round(log_sigmoid(d), dtype) + dtype(0))


INF_ROWS = [
    ([np.inf, 0.0, 5.0], [1.0, 0.0, 0.0]),
    ([1.0, np.inf, -np.inf], [0.0, 1.0, 0.0]),
    ([np.inf, np.inf, 0.0], [np.nan, np.nan, np.nan]),
    ([-np.inf, -np.inf, -np.inf], [np.nan, np.nan, np.nan]),
    ([np.nan, 0.0, 1.0], [np.nan, np.nan, np.nan]),
    ([np.inf, 2.0], [1.0, 0.0]),
    ([np.inf, np.inf], [np.nan, np.nan]),
]


@pytest.mark.parametrize("dtype", NARROW, ids=lambda t: t.__name__)
@pytest.mark.parametrize("row, want", INF_ROWS, ids=[str(r) for r, _ in INF_ROWS])
def test_infinite_scores_follow_the_float64_rule(dtype, row, want):
    x = np.array([row, row[::-1]], dtype=dtype)  # the rule in either position
    with strict():
        p = softmax(x)
        lp = log_softmax(x)
        p0 = softmax(x.T, axis=0)
    assert p.dtype == lp.dtype == p0.dtype == dtype
    np.testing.assert_array_equal(p, [want, want[::-1]])
    np.testing.assert_array_equal(p0, p.T)
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(lp, np.log(np.array([want, want[::-1]], dtype=dtype)))
    # The same as float64 scores give, rounded.
    np.testing.assert_array_equal(p, _round(softmax(x.astype(np.float64)), dtype))


@pytest.mark.parametrize("dtype", NARROW, ids=lambda t: t.__name__)
def test_log_softmax_beyond_the_dtype_is_quietly_minus_inf(dtype):
    # The log-probability -2 * big is below the type's range: -inf is its
    # correct rounding, and the cast's overflow flag is not the user's doing.
    big = float(np.finfo(dtype).max) * 0.9
    x = np.array([[big, -big], [big, -big]], dtype=dtype)
    x3 = np.array([[big, -big, 0.0]], dtype=dtype)
    with strict():
        out = log_softmax(x)
        out3 = log_softmax(x3)
    assert out.dtype == out3.dtype == dtype
    np.testing.assert_array_equal(out, [[0.0, -np.inf]] * 2)
    np.testing.assert_array_equal(out3, [[0.0, -np.inf, -x3[0, 0]]])
    assert not np.signbit(out[:, 0]).any()


# --- issue 19, M1: byte order is not part of the dtype rule ------------------------


@pytest.mark.parametrize("func", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("code", [">f4", ">f2", "<f4", "<f2"])
def test_either_byte_order_keeps_the_narrow_dtype(func, code):
    # What np.frombuffer(..., '>f4') gives for FITS files or network data:
    # float32 in, float32 out (native order), values those of native input.
    swapped = np.array([[1.0, -2.0], [20.0, -17.5]], dtype=code)
    native = swapped.astype(swapped.dtype.newbyteorder("="))
    with strict():
        out = func(swapped)
    assert out.dtype == np.dtype(code[1:]).newbyteorder("=")
    assert out.dtype.isnative
    np.testing.assert_array_equal(out, func(native))
    # SciPy's float64 answer rounded once, as for native input.
    if func in ELEMENTWISE:
        want = SCIPY[func](swapped.astype(np.float64)).astype(native.dtype)
        np.testing.assert_array_equal(out, want)
