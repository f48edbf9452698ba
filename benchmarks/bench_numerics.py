"""Speed and accuracy of logitlab's sigmoid and softmax against scipy.special.

Rows:

* ``sigmoid`` / ``scipy.special.expit`` time on 10**6 float64 values drawn
  from U(-20, 20) and U(-800, 800) (goal: ratio <= 1.5);
* ``softmax`` / ``scipy.special.softmax`` time on (10**5, 2) and (10**4, 10)
  arrays (goal: ratio <= 1.2);
* accuracy against mpmath on a dense grid over [-745, 710]: the largest
  relative error in the normal range (goal: <= 2 eps), the same in ulps of
  the result, and the error in the subnormal tail where expit returns 0.
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
    rows.append(tail)
    return rows


def run() -> list[dict]:
    """Speed ratios against scipy.special, then accuracy against mpmath."""
    return _speed_rows() + _accuracy_rows()
