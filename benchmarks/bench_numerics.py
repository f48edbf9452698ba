"""Speed and accuracy of logitlab's sigmoid and softmax against scipy.special.

Rows:

* ``sigmoid`` / ``scipy.special.expit`` time on 10**6 float64 values drawn
  from U(-20, 20) and U(-800, 800) (goal: ratio <= 1.5);
* ``softmax`` / ``scipy.special.softmax`` time on (10**5, 2) and (10**4, 10)
  arrays (goal: ratio <= 1.2);
* accuracy against mpmath on a dense grid over [-745, 710]: the largest
  relative error in the normal range (goal: <= 2 eps), the same in ulps of
  the result, and the error in the subnormal tail where expit returns 0;
* ``sigmoid monotone``: decreasing pairs among 2.4 million adjacent floats
  (np.nextafter) over the whole range plus dense sweeps at known trouble
  spots (goal: none; expit and the naive formula as baselines);
* float32: ``sigmoid``, ``log_sigmoid``, ``softmax`` and ``log_softmax`` on
  float32 arrays against scipy.special's ``expit``, ``log_expit``,
  ``softmax`` and ``log_softmax`` on the same arrays (goal: ratio <= 2.0:
  ours compute in float64 and round once, scipy in float32), and the
  largest error in ulps of the correctly rounded float32 result (mpmath),
  goal <= 1 ulp, with scipy's float32 expit as the baseline.
"""

from __future__ import annotations

import warnings

import mpmath
import numpy as np

from . import best_of_pair, make_row

N = 10**6
EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).tiny
DENORM = np.nextafter(0.0, 1.0)


def _speed_rows() -> list[dict]:
    from scipy import special

    from logitlab import sigmoid, softmax

    rng = np.random.default_rng(0)
    rows = []
    for lo, hi in ((-20, 20), (-800, 800)):
        z = rng.uniform(lo, hi, N)
        sigmoid(z), special.expit(z)  # warm-up: page in both code paths
        ours, base = best_of_pair(lambda z=z: sigmoid(z), lambda z=z: special.expit(z), 7, 10)
        rows.append(
            make_row(
                f"sigmoid vs scipy expit, 1e6 x U({lo}, {hi})",
                ours * 1e3,
                base * 1e3,
                max_ratio=1.5,
                unit="ms",
                note="best of 7x10 calls, alternating",
            )
        )
    for shape in ((10**5, 2), (10**4, 10)):
        z = rng.normal(scale=5.0, size=shape)
        softmax(z), special.softmax(z, axis=-1)
        ours, base = best_of_pair(
            lambda z=z: softmax(z), lambda z=z: special.softmax(z, axis=-1), 7, 10
        )
        rows.append(
            make_row(
                f"softmax vs scipy softmax, {shape[0]}x{shape[1]}",
                ours * 1e3,
                base * 1e3,
                max_ratio=1.2,
                unit="ms",
                note="axis=-1; best of 7x10 calls, alternating",
            )
        )
    return rows


def _truth(z: np.ndarray) -> list:
    with mpmath.workprec(160):
        return [1 / (1 + mpmath.exp(-mpmath.mpf(x))) for x in z.tolist()]


def _errors(got: np.ndarray, truth: list) -> tuple[np.ndarray, np.ndarray]:
    """(relative error in eps, error in ulps of the true result), per point."""
    rel, ulp = [], []
    with mpmath.workprec(160):
        for g, t in zip(got.tolist(), truth, strict=True):
            err = abs(mpmath.mpf(g) - t)
            rel.append(float(err / t) / EPS)
            ulp.append(float(err / mpmath.mpf(float(np.spacing(float(t))))))
    return np.array(rel), np.array(ulp)


def _accuracy_rows() -> list[dict]:
    from scipy import special

    from logitlab import naive_sigmoid, sigmoid

    rng = np.random.default_rng(1)
    # The grid, plus random points where the results are neither 0 nor 1
    # (the largest errors sit there, at z of a few units).
    z = np.concatenate(
        [
            np.linspace(-745.0, 710.0, 4001),
            rng.uniform(-745.0, 710.0, 1000),
            rng.uniform(-40.0, 40.0, 3000),
        ]
    )
    truth = _truth(z)
    truth_f = np.array([float(t) for t in truth])
    normal = truth_f >= TINY
    sub = ~normal  # true result subnormal: z below -708.4
    t_normal = [t for t, n in zip(truth, normal, strict=True) if n]
    t_sub = [t for t, s in zip(truth, sub, strict=True) if s]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        naive = naive_sigmoid(z)
    n_warn = sum(issubclass(w.category, RuntimeWarning) for w in caught)
    results = {"sigmoid": sigmoid(z), "expit": special.expit(z), "naive": naive}
    rel = {k: _errors(v[normal], t_normal) for k, v in results.items()}

    rows = [
        make_row(
            "sigmoid max rel. error vs mpmath, normal results on [-745, 710]",
            rel["sigmoid"][0].max(),
            rel["expit"][0].max(),
            max_value=2.0,
            unit="eps",
            note=f"baseline expit; naive 1/(1+exp(-z)) {rel['naive'][0].max():.3g} eps; "
            f"{normal.sum()} points, eps = 2**-52",
        ),
        make_row(
            "sigmoid max error in ulps of the result, same points",
            rel["sigmoid"][1].max(),
            rel["expit"][1].max(),
            unit="ulp",
            note=f"baseline expit; naive {rel['naive'][1].max():.3g} ulp; up to 2x the eps "
            "figure just below a power of 2",
        ),
    ]

    rows.append(_subnormal_row(results, sub, t_sub, n_warn))
    return rows


def _subnormal_row(results, sub, t_sub, n_warn):
    """Largest error where the true result is subnormal, in units of 2**-1074."""
    steps = {}
    with mpmath.workprec(160):
        for k, v in results.items():
            steps[k] = max(
                float(abs(mpmath.mpf(g) - t) / mpmath.mpf(DENORM))
                for g, t in zip(v[sub].tolist(), t_sub, strict=True)
            )
    flushed = int(np.sum(results["expit"][sub] == 0))
    tail = make_row(
        "sigmoid max error, subnormal results (z in (-745, -708.4])",
        steps["sigmoid"],
        steps["expit"],
        max_value=1.0,
        unit="x 2**-1074",
        note=f"expit returns 0 at {flushed} of {sub.sum()} points (z < -709.78), "
        f"the naive formula too, with {n_warn} overflow warning(s); truth is never 0",
    )
    # A ratio against a baseline that returns 0 says nothing useful.
    tail["ratio"] = None
    return tail


def _dense_ulp_row() -> list[dict]:
    """Largest error in ulps of the result on 2e6 random points, x87 reference.

    The mpmath grid above is too sparse to meet the worst cases, which sit
    where the result lies just below a power of two (z near -36.76: the
    rounding of 1 + exp(-z) next to 2**53). x87 extended precision (64-bit
    significand) is 2**11 times finer than float64: a good enough reference
    for the maximum, where it exists.
    """
    from scipy import special

    from logitlab import sigmoid

    if np.finfo(np.longdouble).nmant < 63:
        return []
    rng = np.random.default_rng(3)
    z = np.concatenate([rng.uniform(-40.0, 40.0, 10**6), rng.uniform(-708.0, 40.0, 10**6)])
    truth = 1 / (1 + np.exp(-z.astype(np.longdouble)))
    ulp = np.spacing(truth.astype(np.float64)).astype(np.longdouble)

    def worst(got):
        err = np.asarray(np.abs(got - truth) / ulp, dtype=np.float64)
        rel = np.asarray(np.abs(got - truth) / truth, dtype=np.float64) / EPS
        return err.max(), rel.max(), z[err.argmax()]

    ours, ours_rel, at = worst(sigmoid(z))
    base, base_rel, _ = worst(special.expit(z))
    return [
        make_row(
            "sigmoid max error in ulps of the result, 2e6 random points",
            ours,
            base,
            unit="ulp",
            note=f"baseline expit; worst at z = {at:.6g}; relative: {ours_rel:.3g} eps "
            f"(expit {base_rel:.3g}); x87 long double reference",
        )
    ]


def _monotone_row() -> dict:
    from scipy import special

    from logitlab import naive_sigmoid, sigmoid

    rng = np.random.default_rng(2)
    n = 400_000
    a = np.concatenate(
        [
            rng.uniform(-40.0, 40.0, n),
            rng.uniform(-4.0, 4.0, n),
            rng.uniform(-800.0, 800.0, n),
            rng.uniform(-746.0, -700.0, n),
            np.exp(rng.uniform(-745.0, 709.0, n)) * rng.choice([-1.0, 1.0], n),
            rng.uniform(-1.0, 1.0, n),
        ]
    )
    # Dense runs of consecutive floats where a rounding slip shows: the
    # issue's a = 2.219994657080264, 0, the 1 + e = 2**53 edge, the switch
    # to exp(z) at -708 and the ends of the subnormal range.
    for center in (
        2.219994657080264,
        -2.219994657080264,
        0.5,
        -0.5,
        36.7368,
        -36.7368,
        -708.0,
        -708.3964,
        -709.7827,
        -745.1332,
    ):
        a = np.concatenate([a, center + np.arange(-50_000, 50_000) * abs(np.spacing(center))])
    b = np.nextafter(a, np.inf)

    def decreasing(f) -> int:
        with np.errstate(over="ignore"):
            return int(np.sum(f(b) < f(a)))

    row = make_row(
        "sigmoid monotone: decreasing adjacent pairs",
        decreasing(sigmoid),
        decreasing(special.expit),
        max_value=0,
        unit="pairs",
        note=f"of {a.size:,} pairs (z, nextafter(z, inf)) on the whole range; baseline "
        f"expit; naive 1/(1+exp(-z)) {decreasing(naive_sigmoid)}",
    )
    row["ratio"] = None  # a ratio to 0 says nothing
    return row


def _float32_speed_rows() -> list[dict]:
    from scipy import special

    from logitlab import log_sigmoid, log_softmax, sigmoid, softmax

    rng = np.random.default_rng(4)
    cases = []
    for lo, hi in ((-20, 20), (-800, 800)):
        z = rng.uniform(lo, hi, N).astype(np.float32)
        cases.append(
            (f"sigmoid vs scipy expit, 1e6 float32 x U({lo}, {hi})", sigmoid, special.expit, z)
        )
    z = rng.uniform(-20, 20, N).astype(np.float32)
    cases.append(
        (
            "log_sigmoid vs scipy log_expit, 1e6 float32 x U(-20, 20)",
            log_sigmoid,
            special.log_expit,
            z,
        )
    )
    for shape in ((10**5, 2), (10**4, 10)):
        z = rng.normal(scale=5.0, size=shape).astype(np.float32)
        name = f"{shape[0]}x{shape[1]} float32"
        cases.append((f"softmax vs scipy softmax, {name}", softmax, special.softmax, z))
        cases.append(
            (f"log_softmax vs scipy log_softmax, {name}", log_softmax, special.log_softmax, z)
        )
    rows = []
    for label, ours_f, base_f, z in cases:
        # scipy's softmaxes take axis=None (the whole array) by default.
        base_kw = {} if z.ndim == 1 else {"axis": -1}
        got, want = ours_f(z), base_f(z, **base_kw)
        assert got.dtype == want.dtype == np.float32, (label, got.dtype, want.dtype)
        ours, base = best_of_pair(
            lambda f=ours_f, z=z: f(z), lambda f=base_f, z=z, kw=base_kw: f(z, **kw), 7, 10
        )
        rows.append(
            make_row(
                label,
                ours * 1e3,
                base * 1e3,
                max_ratio=2.0,
                unit="ms",
                note="both return float32; best of 7x10 calls, alternating",
            )
        )
    return rows


def _correctly_rounded_f32(truth: list) -> np.ndarray:
    """mpmath values rounded once to float32: the nearest of the float32
    neighbours of float(t) (float32(float(t)) could round twice)."""
    out = np.empty(len(truth), dtype=np.float32)
    with mpmath.workprec(160), np.errstate(under="ignore"):
        for i, t in enumerate(truth):
            c = np.float32(float(t))
            cands = (c, np.nextafter(c, np.float32(-1)), np.nextafter(c, np.float32(2)))
            out[i] = min(cands, key=lambda w: abs(mpmath.mpf(float(w)) - t))
    return out


def _f32_ulps(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Distance in float32 steps (results here are >= 0 or <= 0 throughout)."""

    def bits(v):
        return np.abs(v).view(np.int32).astype(np.int64)

    return np.abs(bits(got) - bits(want))


def _float32_accuracy_row() -> list[dict]:
    from scipy import special

    from logitlab import log_sigmoid, sigmoid

    rng = np.random.default_rng(5)
    # Where results have all their digits, the subnormal results (below
    # -87.3) and the tail where float32 exp overflows (below -88.72).
    z = np.concatenate(
        [rng.uniform(-20, 20, 3000), rng.uniform(-110, 110, 3000), rng.uniform(-104, -87, 1000)]
    ).astype(np.float32)
    zs = z.tolist()
    with mpmath.workprec(160):
        t_sig = [1 / (1 + mpmath.exp(-mpmath.mpf(x))) for x in zs]
        t_log = [-mpmath.log1p(mpmath.exp(-mpmath.mpf(x))) for x in zs]
    want_sig, want_log = _correctly_rounded_f32(t_sig), _correctly_rounded_f32(t_log)
    with np.errstate(all="ignore"):
        base_sig, base_log = special.expit(z), special.log_expit(z)
    ours_sig, ours_log = _f32_ulps(sigmoid(z), want_sig), _f32_ulps(log_sigmoid(z), want_log)
    row = make_row(
        "sigmoid, log_sigmoid on float32: max error in ulps of the correctly rounded result",
        max(ours_sig.max(), ours_log.max()),
        _f32_ulps(base_sig, want_sig).max(),
        max_value=1.0,
        unit="ulp",
        note=f"{z.size} points in (-110, 110), mpmath; baseline float32 expit (0 for "
        f"z < -88.72, subnormal truth); float32 log_expit "
        f"{_f32_ulps(base_log, want_log).max()} ulp; ours correctly rounded at "
        f"{np.mean(ours_sig == 0):.2%} / {np.mean(ours_log == 0):.2%} of points",
    )
    row["ratio"] = None  # a ratio of ulp counts says nothing
    return [row]


def run() -> list[dict]:
    """Speed ratios against scipy.special, then accuracy against mpmath, then monotonicity."""
    return (
        _speed_rows()
        + _accuracy_rows()
        + _dense_ulp_row()
        + [_monotone_row()]
        + _float32_speed_rows()
        + _float32_accuracy_row()
    )
