"""Benchmarks for logitlab.fitting: speed and agreement with statsmodels.

Rows:

* ``fit_logistic`` time / statsmodels ``Logit(...).fit(disp=0)`` time on the
  spector data (32 rows, GRADE on GPA, TUCE, PSI with a constant), both on
  plain NumPy arrays, best of several repeats each, in the same run.
* Largest relative difference of the coefficients from statsmodels'.
* The same with every feature multiplied by s, s from 1e-150 to 1e300
  (issue 8, item 1: the fit must not depend on the units).
* ``fit_softmax`` time / statsmodels ``MNLogit`` (Newton) time on anes96
  (944 rows, 7 party-identification classes, 5 features).
* One ``gradient_descent_path`` of 200 steps on one feature without
  intercept: what notebook 04's PathExplorer recomputes on each slider move.
* Standard errors (issue 11): largest relative difference of ``cov`` from
  statsmodels' ``cov_params()`` (Logit on spector, MNLogit on anes96), and
  the time of a fit plus its ``bse`` against statsmodels' fit plus ``bse``.
  A fit alone does not compute them (first access does), so the rows above
  are unchanged.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from logitlab.fitting import fit_logistic, fit_softmax, gradient_descent_path

__all__ = ["run"]


def _best(func, repeats, number):
    """Best mean time per call over `repeats` batches of `number` calls, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def _row(benchmark, ours, baseline, goal_ratio, unit, note):
    ratio = ours / baseline if baseline else None
    return {
        "benchmark": benchmark,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "goal": f"ratio <= {goal_ratio:g}" if goal_ratio is not None else "",
        "ok": (ratio <= goal_ratio) if goal_ratio is not None and ratio is not None else None,
        "unit": unit,
        "note": note,
    }


def run() -> list[dict]:
    """Measure the fits; one dict per table row (see the module docstring)."""
    import statsmodels.api as sm

    rows = []

    spector = sm.datasets.spector.load_pandas()
    X = spector.exog[["GPA", "TUCE", "PSI"]].to_numpy()
    y = spector.endog.to_numpy()
    Xc = sm.add_constant(X)

    def ours():
        return fit_logistic(X, y)

    def theirs():
        return sm.Logit(y, Xc).fit(disp=0)

    # Warm both up (imports, caches), then interleave the timing so that a
    # burst of load from another process hits both sides alike.
    ours(), theirs()
    t_ours, t_sm = float("inf"), float("inf")
    for _ in range(7):
        t_ours = min(t_ours, _best(ours, 1, 50))
        t_sm = min(t_sm, _best(theirs, 1, 50))
    res, ref = ours(), theirs()
    rows.append(
        _row(
            "fit_logistic vs statsmodels Logit.fit, spector (32x3)",
            t_ours * 1e3,
            t_sm * 1e3,
            1.0,
            "ms",
            f"{res.n_iter} Newton steps; statsmodels {ref.mle_retvals['iterations']} "
            "(best of 7x50 calls each)",
        )
    )
    rel = np.max(np.abs(np.r_[res.intercept, res.coef] / ref.params - 1))
    rows.append(
        {
            "benchmark": "fit_logistic coefficients vs statsmodels Logit, spector",
            "ours": float(rel),
            "baseline": None,
            "ratio": None,
            "goal": "<= 1e-6",
            "ok": bool(rel <= 1e-6),
            "unit": "rel. diff",
            "note": "largest relative difference over const, GPA, TUCE, PSI",
        }
    )

    worst = 0.0
    for s in (1e-150, 1e-10, 1e10, 1e150, 1e300):
        scaled = fit_logistic(X * s, y)
        got = np.r_[scaled.intercept, scaled.coef * s]
        worst = max(worst, float(np.max(np.abs(got / ref.params - 1))))
    rows.append(
        {
            "benchmark": "fit_logistic on spector features times s, s = 1e-150 ... 1e300",
            "ours": worst,
            "baseline": None,
            "ratio": None,
            "goal": "<= 1e-6",
            "ok": bool(worst <= 1e-6),
            "unit": "rel. diff",
            "note": "largest relative difference of intercept and coef * s from statsmodels",
        }
    )

    anes = sm.datasets.anes96.load_pandas().data
    Xa = anes[["logpopul", "TVnews", "age", "educ", "income"]].to_numpy()
    ya = anes["PID"].to_numpy()
    Xac = sm.add_constant(Xa)

    def ours_mn():
        return fit_softmax(Xa, ya)

    def theirs_mn():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return sm.MNLogit(ya, Xac).fit(disp=0, method="newton", maxiter=100)

    ours_mn(), theirs_mn()
    t_ours_mn, t_sm_mn = float("inf"), float("inf")
    for _ in range(5):
        t_ours_mn = min(t_ours_mn, _best(ours_mn, 1, 5))
        t_sm_mn = min(t_sm_mn, _best(theirs_mn, 1, 5))
    res_mn, ref_mn = ours_mn(), theirs_mn()
    B = np.column_stack([res_mn.intercept, res_mn.coef])
    rel_mn = np.max(np.abs((B[1:] - B[0]).T / ref_mn.params - 1))
    rows.append(
        _row(
            "fit_softmax vs statsmodels MNLogit (newton), anes96 (944x5, 7 classes)",
            t_ours_mn * 1e3,
            t_sm_mn * 1e3,
            1.0,
            "ms",
            f"{res_mn.n_iter} Newton steps; max rel. diff of reference-class "
            f"coefficients {rel_mn:.1e}",
        )
    )

    cov_rel = max(
        float(np.max(np.abs(res.cov / np.asarray(ref.cov_params()) - 1))),
        float(np.max(np.abs(res_mn.cov / np.asarray(ref_mn.cov_params()) - 1))),
    )
    rows.append(
        {
            "benchmark": "cov vs statsmodels cov_params(): Logit spector, MNLogit anes96",
            "ours": cov_rel,
            "baseline": None,
            "ratio": None,
            "goal": "<= 1e-6",
            "ok": bool(cov_rel <= 1e-6),
            "unit": "rel. diff",
            "note": "largest relative difference over every entry of both matrices",
        }
    )

    def ours_bse():
        return fit_softmax(Xa, ya).bse

    def theirs_bse():
        return theirs_mn().bse

    ours_bse(), theirs_bse()
    t_ours_bse, t_sm_bse = float("inf"), float("inf")
    for _ in range(5):
        t_ours_bse = min(t_ours_bse, _best(ours_bse, 1, 5))
        t_sm_bse = min(t_sm_bse, _best(theirs_bse, 1, 5))
    rows.append(
        _row(
            "fit_softmax + bse vs MNLogit (newton) + bse, anes96",
            t_ours_bse * 1e3,
            t_sm_bse * 1e3,
            1.0,
            "ms",
            f"bse costs {100 * (t_ours_bse / t_ours_mn - 1):.0f}% of a fit (computed on "
            "first access only)",
        )
    )

    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 1))
    yx = (x[:, 0] + rng.normal(scale=0.8, size=50) > 0).astype(int)
    init = (np.array([[1.5], [-0.5]]), None)

    def path():
        return gradient_descent_path(
            x, yx, model="softmax", lr=0.5, n_steps=200, fit_intercept=False, init=init
        )

    path()
    t_path = _best(path, 5, 5)
    rows.append(
        {
            "benchmark": "gradient_descent_path softmax, 200 steps, 50x1, no intercept",
            "ours": t_path * 1e3,
            "baseline": None,
            "ratio": None,
            "goal": "<= 20 ms",
            "ok": bool(t_path * 1e3 <= 20),
            "unit": "ms",
            "note": "one PathExplorer slider update (notebook 04)",
        }
    )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
