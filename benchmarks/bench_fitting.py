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


def _agreement_row(benchmark, worst, note):
    """A row for a largest relative difference from statsmodels, goal 1e-6."""
    return {
        "benchmark": benchmark,
        "ours": float(worst),
        "baseline": None,
        "ratio": None,
        "goal": "<= 1e-6",
        "ok": bool(worst <= 1e-6),
        "unit": "rel. diff",
        "note": note,
    }


def _interleaved(ours, theirs, rounds, number):
    """Best times of `ours` and `theirs` after a warm-up, rounds interleaved.

    A burst of load from another process then hits both sides alike.
    """
    ours(), theirs()
    t_ours, t_theirs = float("inf"), float("inf")
    for _ in range(rounds):
        t_ours = min(t_ours, _best(ours, 1, number))
        t_theirs = min(t_theirs, _best(theirs, 1, number))
    return t_ours, t_theirs


def _spector(sm):
    spector = sm.datasets.spector.load_pandas()
    return spector.exog[["GPA", "TUCE", "PSI"]].to_numpy(), spector.endog.to_numpy()


def _anes(sm):
    anes = sm.datasets.anes96.load_pandas().data
    return anes[["logpopul", "TVnews", "age", "educ", "income"]].to_numpy(), anes["PID"].to_numpy()


def _mnlogit(sm, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.MNLogit(y, sm.add_constant(X)).fit(disp=0, method="newton", maxiter=100)


def _logistic_rows(sm, X, y):
    """fit_logistic against Logit on spector: time, coefficients, and unit changes."""
    def theirs():
        return sm.Logit(y, sm.add_constant(X)).fit(disp=0)

    t_ours, t_sm = _interleaved(lambda: fit_logistic(X, y), theirs, 7, 50)
    res, ref = fit_logistic(X, y), theirs()
    worst = 0.0
    for s in (1e-150, 1e-10, 1e10, 1e150, 1e300):
        scaled = fit_logistic(X * s, y)
        got = np.r_[scaled.intercept, scaled.coef * s]
        worst = max(worst, float(np.max(np.abs(got / ref.params - 1))))
    return [
        _row("fit_logistic vs statsmodels Logit.fit, spector (32x3)", t_ours * 1e3, t_sm * 1e3,
             1.0, "ms", f"{res.n_iter} Newton steps; statsmodels "
             f"{ref.mle_retvals['iterations']} (best of 7x50 calls each)"),
        _agreement_row("fit_logistic coefficients vs statsmodels Logit, spector",
                       np.max(np.abs(np.r_[res.intercept, res.coef] / ref.params - 1)),
                       "largest relative difference over const, GPA, TUCE, PSI"),
        _agreement_row("fit_logistic on spector features times s, s = 1e-150 ... 1e300", worst,
                       "largest relative difference of intercept and coef * s from statsmodels"),
    ]


def _softmax_rows(sm, Xa, ya):
    """fit_softmax against MNLogit (Newton) on anes96: time, and time with bse."""
    t_ours, t_sm = _interleaved(lambda: fit_softmax(Xa, ya), lambda: _mnlogit(sm, Xa, ya), 5, 5)
    res, ref = fit_softmax(Xa, ya), _mnlogit(sm, Xa, ya)
    B = np.column_stack([res.intercept, res.coef])
    rel = np.max(np.abs((B[1:] - B[0]).T / ref.params - 1))
    t_ours_bse, t_sm_bse = _interleaved(lambda: fit_softmax(Xa, ya).bse,
                                        lambda: _mnlogit(sm, Xa, ya).bse, 5, 5)
    return [
        _row("fit_softmax vs statsmodels MNLogit (newton), anes96 (944x5, 7 classes)",
             t_ours * 1e3, t_sm * 1e3, 1.0, "ms",
             f"{res.n_iter} Newton steps; max rel. diff of reference-class coefficients "
             f"{rel:.1e}"),
        _row("fit_softmax + bse vs MNLogit (newton) + bse, anes96", t_ours_bse * 1e3,
             t_sm_bse * 1e3, 1.0, "ms",
             f"bse costs {100 * (t_ours_bse / t_ours - 1):.0f}% of a fit (computed on "
             "first access only)"),
    ]


def _cov_row(sm, X, y, Xa, ya):
    """Covariances against statsmodels' cov_params() for both fits."""
    ref = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    cov_rel = max(
        float(np.max(np.abs(fit_logistic(X, y).cov / np.asarray(ref.cov_params()) - 1))),
        float(np.max(np.abs(fit_softmax(Xa, ya).cov
                            / np.asarray(_mnlogit(sm, Xa, ya).cov_params()) - 1))),
    )
    return _agreement_row("cov vs statsmodels cov_params(): Logit spector, MNLogit anes96",
                          cov_rel, "largest relative difference over every entry of both matrices")


def _path_row():
    """One gradient_descent_path of 200 steps: a PathExplorer slider update."""
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
    return {
        "benchmark": "gradient_descent_path softmax, 200 steps, 50x1, no intercept",
        "ours": t_path * 1e3,
        "baseline": None,
        "ratio": None,
        "goal": "<= 20 ms",
        "ok": bool(t_path * 1e3 <= 20),
        "unit": "ms",
        "note": "one PathExplorer slider update (notebook 04)",
    }


def run() -> list[dict]:
    """Measure the fits; one dict per table row (see the module docstring)."""
    import statsmodels.api as sm

    (X, y), (Xa, ya) = _spector(sm), _anes(sm)
    rows = _logistic_rows(sm, X, y)
    softmax_rows = _softmax_rows(sm, Xa, ya)
    return rows + softmax_rows[:1] + [_cov_row(sm, X, y, Xa, ya)] + softmax_rows[1:] + [
        _path_row()]


if __name__ == "__main__":
    for row in run():
        print(row)
