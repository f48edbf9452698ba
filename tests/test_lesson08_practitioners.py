"""Lesson 08, *one logit or two*: every number it prints, and its exercises' keys.

Each printed number is recomputed here independently: scipy.special and
scipy.stats, mpmath, statsmodels, or the optimiser updates written out in
NumPy from PyTorch's documented rules. The prediction exercises are checked
to be asked before what they predict.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import mpmath
import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from scipy.special import expit, log_softmax, softmax

from logitlab.exercises import lesson08 as ex

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "08_one_logit_or_two.ipynb"
needs_notebook = pytest.mark.skipif(not NOTEBOOK.is_file(), reason="lesson 08 not there")
SEEDS = [0, 1, 2, 7, 42, 123, 2024, 99999]


@pytest.fixture(scope="module")
def nb():
    if not NOTEBOOK.is_file():
        pytest.skip("lesson 08 not there")
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


def _text(cell) -> str:
    out = []
    for o in cell.get("outputs", []):
        if "text" in o:
            out.append("".join(o["text"]))
        out.append("".join(o.get("data", {}).get("text/plain", "")))
    return "".join(out)


@pytest.fixture(scope="module")
def printed(nb) -> str:
    return "\n".join(_text(c) for c in nb["cells"] if c["cell_type"] == "code")


def _sources(nb):
    return ["".join(c["source"]) for c in nb["cells"]]


def _floats(pattern, text):
    match = re.search(pattern, text, flags=re.M)
    assert match, f"the lesson no longer prints {pattern!r}"
    return [float(g) for g in match.groups()]


# -- one logit or two ------------------------------------------------------------

def test_one_logit_and_two_logits_agree_as_printed(printed):
    z1, z2 = 0.8, -0.6
    ce = -log_softmax([z1, z2])                          # scipy: class 1, class 2
    z = z2 - z1
    bce = [np.logaddexp(0.0, z), np.logaddexp(0.0, -z)]  # label 0, label 1, written out
    for label in (0, 1):
        two, one = _floats(
            rf"^class {label + 1} \(label {label}\): softmax cross-entropy (\S+), "
            r"BCE with logits (\S+)$", printed)
        assert two == pytest.approx(ce[label], rel=1e-14)
        assert one == pytest.approx(bce[label], rel=1e-14)
    (grad,) = _floats(r"^one output,  d loss / dz       : (\S+)$", printed)
    assert grad == pytest.approx(expit(z) - 1.0, abs=1e-12)  # p - y for label 1
    (slope,) = _floats(r"^two outputs, along d = z2 - z1 : (\S+) \(central", printed)
    assert slope == pytest.approx(expit(z) - 1.0, abs=1e-8)
    assert "entries sum to zero: True" in printed
    assert "one output = two outputs to 1e-15: True" in printed
    assert "both rows shifted, nothing changes: True" in printed
    p2 = softmax([z1, z2])
    assert f"softmax([z1, z2])     : [{p2[0]:.8f} {p2[1]:.8f}]" in printed


# -- float32 ---------------------------------------------------------------------

def _first_one(dtype):
    """The smallest positive float of `dtype` where 1/(1 + exp(-z)) is 1: bisection on bits."""
    itype = {np.float32: np.int32, np.float64: np.int64, np.float16: np.int16}[dtype]
    one = dtype(1)
    lo, hi = int(dtype(1).view(itype)), int(dtype(60 if dtype is not np.float16 else 20)
                                              .view(itype))
    with np.errstate(over="ignore"):
        while hi - lo > 1:
            mid = (lo + hi) // 2
            z = np.array(mid, dtype=itype).view(dtype)
            if one / (one + np.exp(-z)) == 1:
                hi = mid
            else:
                lo = mid
    return float(np.array(hi, dtype=itype).view(dtype))


@pytest.mark.parametrize(("dtype", "bits", "overflow"), [
    (np.float32, 24, "88.72"), (np.float64, 53, "709.78"),
])
def test_float_edges_as_printed(printed, dtype, bits, overflow):
    name = dtype.__name__
    edge = mpmath.mpf(bits) * mpmath.log(2)
    assert (f"{name}: exp overflows above {overflow}: True; 1/(1 + exp(-z)) is 1 from "
            f"z = {bits} log 2 = {float(edge):.4f}: True") in printed
    # The overflow edge is log of the largest float, by mpmath.
    assert f"{float(mpmath.log(mpmath.mpf(float(np.finfo(dtype).max)))):.2f}" == overflow
    # The first float where the formula gives exactly 1, found by bisection, sits at
    # bits*log(2) to within the rounding of exp near there.
    assert _first_one(dtype) == pytest.approx(float(edge), abs=4 * float(np.spacing(dtype(edge))))


def _sigmoid32(z):
    """The textbook formula with every operation in float32, written out."""
    one = np.float32(1)
    with np.errstate(over="ignore"):
        return one / (one + np.exp(-np.float32(z)))


def test_the_edge_is_where_the_loss_from_the_probability_becomes_inf(printed):
    rows = re.findall(r"^\s*(\d+\.\d) \|\s+(\S+)\s+(\S+) \|\s+(\S+) \|\s+(\S+) \|\s+(\S+)\s+(\S+)$",
                      printed, flags=re.M)
    assert [float(r[0]) for r in rows] == [5.0, 10.0, 16.0, 17.0, 20.0, 40.0, 100.0]
    for z, p32, p64, bce, keras, l32, l64 in rows:
        z = float(z)
        exact = mpmath.log1p(mpmath.exp(mpmath.mpf(z)))      # -log(1 - sigma(z)) exactly
        # From the logit: the exact loss, rounded to the column's dtype.
        assert float(l64) == pytest.approx(float(exact), rel=1e-14)
        assert float(l32) == pytest.approx(float(exact), rel=1e-6)  # 7 digits printed
        # A pure-float32 form prints the same 7 digits (the lesson says so).
        z32 = np.float32(z)
        assert f"{z32 + np.log1p(np.exp(-z32)):.7g}" == l32
        # From the probability: inf exactly from bits*log(2) on, else a finite number.
        assert (p32 == "inf") == (z >= 24 * math.log(2))
        assert (p64 == "inf") == (z >= 53 * math.log(2))
        if p64 != "inf":
            one = 1.0 / (1.0 + np.exp(-z))                  # the formula, written out
            assert float(p64) == pytest.approx(-np.log(1.0 - one), rel=1e-14)
        # PyTorch's BCELoss, by its documentation: log outputs clamped at >= -100.
        q = _sigmoid32(z)
        with np.errstate(divide="ignore"):
            torch_rule = -max(float(np.log(np.float32(1) - q)), -100.0)
        assert float(bce) == pytest.approx(torch_rule, rel=1e-6)
        assert (float(bce) == 100.0) == (p32 == "inf")
        # Keras: p clipped to [eps, 1 - eps], eps = 1e-7, in float32.
        clipped = min(max(q, np.float32(1e-7)), np.float32(1 - 1e-7))
        assert float(keras) == pytest.approx(-float(np.log(np.float32(1) - clipped)), rel=1e-6)
    # The float64 loss from the probability is off at z = 16 (it keeps few bits of 1 - sigma).
    p64_16 = float(rows[2][2])
    assert abs(p64_16 / float(mpmath.log1p(mpmath.exp(16))) - 1) > 1e-12  # 1e4 x float64's unit
    assert "dtypes kept: float32 float32" in printed


def test_keras_cap_is_23_log_2_in_float32(nb):
    # 1 - 1e-7 rounds to 1 - 2**-23 in float32; the other end of the clip is 1e-7 itself.
    assert np.float32(1 - 1e-7) == np.float32(1 - 2.0**-23)
    assert float(23 * mpmath.log(2)) == pytest.approx(15.942385, abs=1e-6)
    assert float(-mpmath.log(mpmath.mpf("1e-7"))) == pytest.approx(16.118096, abs=1e-6)
    prose = "\n".join(_sources(nb))
    assert "$23 \\log 2 = 15.94$" in prose and "$-\\log 10^{-7} = 16.12$" in prose


def test_gradients_as_printed(printed):
    rows = re.findall(r"^\s*(\d+\.\d) \|\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", printed, flags=re.M)
    assert [float(r[0]) for r in rows] == [5.0, 10.0, 16.0, 17.0, 20.0, 40.0, 100.0]
    hi = np.float32(1 - 1e-7)
    for z, textbook, bce, keras, logit in rows:
        z = float(z)
        q = _sigmoid32(z)
        truth = float(expit(z))                          # d/dz of log(1 + e^z) = sigma(z)
        assert float(logit) == pytest.approx(truth, rel=1e-6)
        if q == 1:                                        # from 24 log 2 on
            assert z >= 24 * math.log(2)
            assert textbook == "nan"                      # 1/(1 - p) = inf, times p(1 - p) = 0
            assert float(bce) == 0.0 and float(keras) == 0.0
        else:
            for value in (textbook, bce):
                assert float(value) == pytest.approx(truth, rel=1e-6)
            assert float(keras) == (0.0 if q > hi else pytest.approx(truth, rel=1e-6))


def _bfloat16(x):
    """Round to 8 significant bits, ties to even, by frexp (not the lesson's bit trick)."""
    m, e = math.frexp(float(x))                          # x = m 2**e, 0.5 <= |m| < 1
    return math.ldexp(round(m * 2**8), e - 8)            # Python's round: ties to even


def _lesson_cell(nb, marker):
    """Run the lesson's code cell containing `marker` and return its names."""
    source = next(s for s in _sources(nb) if marker in s)
    names = {"np": np, "print": lambda *a, **k: None}
    exec(compile(source, "lesson08", "exec"), names)      # noqa: S102 - the lesson's own code
    return names


def test_bfloat16_rounding_and_edge(nb, printed):
    cell = _lesson_cell(nb, "def to_bfloat16")
    rng = np.random.default_rng(16)
    values = np.concatenate([rng.uniform(-10, 10, 2000), rng.lognormal(0, 8, 2000)]).astype(
        np.float32)
    ties = [1 + 2.0**-8, 1 + 3 * 2.0**-8, 1 + 2.0**-8 + 2.0**-20, 5.5452, 0.0038]
    for v in [*values, *np.float32(ties)]:
        assert float(cell["to_bfloat16"](v)) == _bfloat16(float(np.float32(v))), v
    assert _bfloat16(np.float32(1 + 2.0**-8)) == 1.0                 # a tie goes to the even 1
    assert _bfloat16(np.float32(1 + 3 * 2.0**-8)) == 1 + 2.0**-6     # and here up to even
    # The textbook sigmoid with every result rounded to bfloat16, written out with frexp.
    def sigma(z):
        e = _bfloat16(np.exp(-np.float32(_bfloat16(z))))
        return _bfloat16(np.float32(1) / np.float32(_bfloat16(1 + e)))
    edge = float(8 * mpmath.log(2))
    assert edge == pytest.approx(5.545177, abs=1e-6)
    assert sigma(5.53125) < 1 and sigma(5.5625) == 1
    assert 5.53125 < edge < 5.5625 and _bfloat16(5.5625) == 5.5625
    assert _bfloat16(5.5625 - 2**-5) == 5.5625 - 2**-5             # the value just below
    assert (f"bfloat16: 1/(1 + exp(-z)) is 1 from z = 8 log 2 = {edge:.4f}; the first bfloat16 "
            f"value there is 5.5625: sigmoid(5.53125) = {sigma(5.53125):.5f} < 1, "
            "sigmoid(5.5625) = 1.0") in printed


def test_relative_errors_grow_as_the_lesson_says():
    # 1 - sigma(z) by the float64 formula: relative error ~ e^z u; the loss's ~ e^z u / z.
    u = 2.0**-53
    z = np.linspace(8.0, 34.0, 400)
    with mpmath.workdps(40):
        tail = np.array([float(1 / (1 + mpmath.exp(mpmath.mpf(v)))) for v in z])   # 1 - sigma
    formula = 1.0 - 1.0 / (1.0 + np.exp(-z))
    err = np.abs(formula - tail) / tail
    loss_err = np.abs(-np.log(formula) + np.log(tail)) / -np.log(tail)
    bound = np.exp(z) * u
    assert np.all(err <= 2 * bound) and np.max(err / bound) > 0.2
    assert np.all(loss_err <= 2 * bound / z) and np.max(loss_err * z / bound) > 0.2
    # ... so dividing by z is not a detail: at z = 30 the two differ thirtyfold.
    assert np.median(err / loss_err) == pytest.approx(np.median(-np.log(tail)), rel=0.3)


def test_float32_sigmoid_is_correctly_rounded_on_17_to_17_6():
    from logitlab import sigmoid
    lo, hi = np.float32(17).view(np.uint32), np.float32(17.6).view(np.uint32)
    z = np.arange(lo, hi, dtype=np.uint32).view(np.float32)
    assert z.size == 314_573                          # every float32 in [17, 17.6)
    got = sigmoid(z)
    assert got.dtype == np.float32
    ref = expit(z.astype(np.float64))                 # within 2 float64 ulps of the truth
    want = ref.astype(np.float32)
    # Where the float64 value lies too close to a float32 midpoint, ask mpmath.
    half = 2.0**-25                                   # half the float32 gap below 1
    unsure = np.abs((1.0 - ref) - half) < 1e-15
    for i in np.flatnonzero(unsure):
        exact = 1 / (1 + mpmath.exp(-mpmath.mpf(float(z[i]))))
        want[i] = np.float32(float(exact)) if abs(1 - exact - half) > 1e-30 else want[i]
    assert np.array_equal(got, want)
    assert 0 < np.count_nonzero(got == 1) < z.size    # the edge 17.33 lies inside


def test_correctly_rounded_float32_sigmoid_edge(printed):
    edge = mpmath.log(mpmath.mpf(2) ** 25 - 1)
    assert f"= log(2**25 - 1) = {float(edge):.4f}" in printed
    # float32 rounds to nearest: sigma(z) becomes 1 once 1 - sigma(z) <= 2**-25.
    below, above = np.float32(float(edge) - 1e-3), np.float32(float(edge) + 1e-3)
    for z, is_one in ((below, False), (above, True)):
        exact = 1 / (1 + mpmath.exp(-mpmath.mpf(float(z))))
        assert (np.float32(float(exact)) == 1) == is_one
    assert "< 1: True" in printed and "== 1: True" in printed


# -- optimisers, written out from PyTorch's documented updates ----------------------

X = np.array([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, -0.2, 0.8])
Y = {3: np.array([1, 1, 2, 1, 2, 1, 3, 2, 3, 3, 2, 3]),
     2: np.array([1, 1, 1, 2, 1, 2, 2, 1, 2, 2, 1, 2])}
START = {3: np.array([1.0, 0.0, 0.5]), 2: np.array([1.0, 0.5])}


def _gradient(b, K):
    p = softmax(np.outer(X, b), axis=1)
    onehot = (Y[K][:, None] == np.arange(1, K + 1)).astype(float)
    return ((p - onehot) * X[:, None]).mean(axis=0)


def _run(K, optimizer, lr=0.1, steps=200, weight_decay=0.0, start=None, sums=None):
    """The rows after `steps` steps; each step's row sum is appended to `sums` if given."""
    b = START[K].copy() if start is None else np.array(start, dtype=float)
    buf = m = v = np.zeros(K)
    for t in range(1, steps + 1):
        g = _gradient(b, K)
        if optimizer == "gd":
            b = b - lr * g
        elif optimizer == "momentum":
            buf = 0.9 * buf + g
            b = b - lr * buf
        else:
            b = b - lr * weight_decay * b            # AdamW's decoupled decay (0 for Adam)
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            b = b - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        if sums is not None:
            sums.append(b.sum())
    return b


@pytest.mark.parametrize(("optimizer", "K"), [("gd", 3), ("momentum", 3), ("adam", 3), ("adam", 2)])
def test_optimiser_runs_as_printed(printed, optimizer, K):
    end = _run(K, optimizer)
    line = re.search(rf"^{optimizer}\s+K = {K}: rows \[([^\]]+)\], sum (\S+) \(start 1\.5\)$",
                     printed, flags=re.M)
    assert line, (optimizer, K)
    np.testing.assert_allclose([float(v) for v in line.group(1).split()], end, atol=6e-5)
    assert float(line.group(2)) == pytest.approx(end.sum(), abs=1e-9)


def test_adam_drifts_for_three_classes_only():
    assert abs(_run(3, "adam").sum() - 1.5) > 0.5
    assert _run(2, "adam").sum() == pytest.approx(1.5, abs=1e-12)
    for optimizer in ("gd", "momentum"):
        assert _run(3, optimizer).sum() == pytest.approx(1.5, abs=1e-12)


@pytest.mark.parametrize("K", [2, 3])
def test_adamw_as_printed(printed, K):
    end = _run(K, "adamw", weight_decay=0.5)
    line = re.search(rf"^adamw\s+K = {K}: rows \[([^\]]+)\], sum (\S+) \(start 1\.5\)$",
                     printed, flags=re.M)
    np.testing.assert_allclose([float(v) for v in line.group(1).split()], end, atol=6e-5)
    assert float(line.group(2)) == pytest.approx(end.sum(), abs=1e-6)


def test_adamw_shrinks_the_difference_k2_against_statsmodels(printed):
    # AdamW's decay is not bookkeeping: it moves b2 - b1 away from the maximum-likelihood fit.
    adam, adamw, mle = _floats(r"^K = 2, b2 - b1 after 200 steps: adam (\S+), adamw (\S+); "
                               r"maximum likelihood (\S+)$", printed)
    gamma_hat = sm.Logit((Y[2] == 2).astype(int), X[:, None]).fit(disp=0, tol=1e-12).params[0]
    assert mle == pytest.approx(gamma_hat, abs=5e-5)
    assert round(gamma_hat, 3) == 1.202                     # the lesson's prose
    b = _run(2, "adamw", weight_decay=0.5)
    assert adamw == pytest.approx(b[1] - b[0], abs=5e-5)
    assert round(b[1] - b[0], 3) == 1.092
    b = _run(2, "adam")
    assert adam == pytest.approx(b[1] - b[0], abs=5e-5)
    assert abs((b[1] - b[0]) - gamma_hat) < 1e-3           # Adam: the fit, to 3 decimals
    assert gamma_hat - adamw > 0.1                          # AdamW: visibly shrunk


LONG_STARTS = {1.5: [1.0, 0.0, 0.5], 0.0: [0.0, 0.0, 0.0], -1.5: [-0.5, -1.5, 0.5]}


@pytest.fixture(scope="module")
def adamw_long_runs():
    """AdamW, three classes, 20,000 steps from each start: every step's row sum (step 0 first)."""
    runs = {}
    for total, start in LONG_STARTS.items():
        sums = [float(np.sum(start))]
        _run(3, "adamw", steps=20_000, weight_decay=0.5, start=start, sums=sums)
        runs[total] = np.array(sums)
    return runs


def test_adamw_three_classes_has_a_start_independent_equilibrium(adamw_long_runs):
    # Issue 16: two (here three) starts, the same end sum; its sign is not assumed.
    tails = {total: sums[-5000:] for total, sums in adamw_long_runs.items()}
    means = [tail.mean() for tail in tails.values()]
    assert max(means) - min(means) < 0.005
    for tail in tails.values():
        assert tail.max() - tail.min() < 0.06              # it wobbles, it does not wander
    # The start whose rows sum to zero (the symmetric point) is pushed away from zero.
    assert abs(tails[0.0].mean()) > 0.1
    # 200 steps is a snapshot: the first start's sum is still far from its end then.
    assert abs(adamw_long_runs[1.5][200] - means[0]) > 0.3


def test_adamw_long_run_as_printed(printed, adamw_long_runs):
    for total, sums in adamw_long_runs.items():
        at200, at2000, at20000, mean, lo, hi = _floats(
            rf"^start sum {re.escape(f'{total:+.1f}')}: step 200 (\S+), 2,000 (\S+), "
            r"20,000 (\S+); last 5,000 steps: mean (\S+), between (\S+) and (\S+)$", printed)
        assert at200 == pytest.approx(sums[200], abs=6e-5)
        assert at2000 == pytest.approx(sums[2000], abs=6e-5)
        tail = sums[-5000:]
        # Past the equilibrium the steps depend on every rounding (the wobble is chaotic):
        # the last step is compared with the band, the band and its mean with tolerance.
        assert tail.min() - 0.005 <= at20000 <= tail.max() + 0.005
        assert mean == pytest.approx(tail.mean(), abs=0.003)
        assert lo == pytest.approx(tail.min(), abs=0.005)
        assert hi == pytest.approx(tail.max(), abs=0.005)


def test_l2_comparison_as_printed(printed):
    # Plain gradient descent with (l2/2)*||b||^2 in the loss: the penalty's gradient l2*b
    # sums to l2*sum(b), so the sum shrinks by 1 - lr*l2 = 0.95 at every step, exactly.
    (total,) = _floats(r"^gd, L2 = 0\.5, K = 3: sum (\S+) \(start 1\.5", printed)
    assert total == pytest.approx(1.5 * 0.95**200, abs=5e-7)
    b = START[3].copy()
    for _ in range(200):
        b = b - 0.1 * (_gradient(b, 3) + 0.5 * b)
    assert b.sum() == pytest.approx(1.5 * 0.95**200, rel=1e-9)


def test_predictions_of_the_runs_are_right():
    # Momentum: the sum stays (A); Adam: it drifts (B); both are choices now (issue 17).
    assert _run(3, "momentum").sum() == pytest.approx(1.5, abs=1e-12)
    assert ex.predict_momentum.evaluate("A").correct
    assert ex.predict_momentum.evaluate("stays").correct
    assert not ex.predict_momentum.evaluate("B").correct
    assert abs(_run(3, "adam").sum() - 1.5) > 0.5
    assert ex.predict_adam.evaluate("B").correct and ex.predict_adam.evaluate("drifts").correct
    assert f"{_run(3, 'adam').sum():.3f}" in ex.predict_adam.why
    assert not ex.predict_adam.evaluate("A").correct
    assert ex.predict_adamw.evaluate(float(_run(2, "adamw", weight_decay=0.5).sum())).correct
    assert not ex.predict_adamw.evaluate(float(_run(2, "adam").sum())).correct


@pytest.mark.parametrize(("q", "answer", "words"), [
    (ex.predict_momentum, "B", "L2 penalty"),
    (ex.predict_momentum, "C", "sum to zero"),
    (ex.predict_adam, "A", "two classes only"),
    (ex.predict_adam, "C", "weight decay"),
    (ex.predict_adamw, 1.5, "Adam without the decay"),
    (ex.predict_winner, float(expit(-1.0)), "share with two classes"),
    (ex.predict_winner, 1 / 3, "no fair lottery"),
    (ex.predict_winner, float(softmax([0.5, -0.5, 0.0])[0]), "class 1's share"),
    (ex.predict_winner, float(expit(-0.5)), "score alone"),
])
def test_predictions_name_the_mistake(q, answer, words):
    feedback = q.evaluate(answer)
    assert not feedback.correct and words in feedback.message


# -- one head or two: they train differently ------------------------------------------

def _heads(optimizer, steps=60, lr=0.05, decay=0.0, seed=8, factor=2):
    """A last layer on fixed hidden features: two rows (softmax) and one row (sigmoid),
    the one-output layer run with `factor` times the step and half the decay, written out."""
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(40, 3))
    y = (h @ [1.0, -2.0, 0.5] + rng.normal(size=40) > 0).astype(float)   # label 1 = class 2
    W = rng.normal(size=(2, 3))
    w = W[1] - W[0]
    mW = vW = np.zeros_like(W)
    mw = vw = np.zeros_like(w)
    for t in range(1, steps + 1):
        p2 = softmax(h @ W.T, axis=1)[:, 1]
        gW = np.stack([-(p2 - y) @ h, (p2 - y) @ h]) / len(y)       # rows: class 1, class 2
        gw = (expit(h @ w) - y) @ h / len(y)
        if optimizer == "gd":
            W = W * (1 - lr * decay) - lr * gW
            w = w * (1 - factor * lr * decay / 2) - factor * lr * gw
        else:                                                       # Adam, torch's rule
            mW, vW = 0.9 * mW + 0.1 * gW, 0.999 * vW + 0.001 * gW**2
            mw, vw = 0.9 * mw + 0.1 * gw, 0.999 * vw + 0.001 * gw**2
            c1, c2 = 1 - 0.9**t, 1 - 0.999**t
            W = W - lr * (mW / c1) / (np.sqrt(vW / c2) + 1e-8)
            w = w - factor * lr * (mw / c1) / (np.sqrt(vw / c2) + 1e-8)
    return W, w, h


@pytest.mark.parametrize(("optimizer", "decay"), [("gd", 0.0), ("gd", 0.3), ("adam", 0.0)])
def test_two_output_difference_trains_with_twice_the_step(optimizer, decay):
    W, w, _ = _heads(optimizer, decay=decay)
    np.testing.assert_allclose(W[1] - W[0], w, rtol=1e-10, atol=1e-12)
    # ... and not with the same step: the factor 2 is real.
    _, w_same, _ = _heads(optimizer, decay=decay, factor=1)
    assert np.abs(W[1] - W[0] - w_same).max() > 1e-2


def test_decay_on_both_rows_is_half_on_the_difference():
    # Decay lam on both rows at step lr, per step: d <- d (1 - lr lam) - 2 lr g
    # = d - 2 lr (g + (lam / 2) d): binary gradient descent, step 2 lr, decay lam / 2.
    W, w, _ = _heads("gd", decay=0.3)
    np.testing.assert_allclose(W[1] - W[0], w, rtol=1e-10)
    W0, w0, _ = _heads("gd", decay=0.0)
    assert np.abs(w - w0).max() > 1e-3                  # the decay did something


def test_same_gradient_for_the_hidden_features():
    W, w, h = _heads("gd", steps=5)
    y = np.zeros(len(h))
    p = softmax(h @ W.T, axis=1)
    onehot = np.column_stack([1 - y, y])
    two = (p - onehot) @ W                               # d loss / d h, two outputs
    one = np.outer(expit(h @ (W[1] - W[0])) - y, W[1] - W[0])   # one output w = w2 - w1
    np.testing.assert_allclose(two, one, rtol=1e-12, atol=1e-14)


def test_per_row_initialisation_gives_the_difference_sqrt2_the_scale():
    # Rows drawn independently at one scale (torch.nn.Linear's uniform bound 1/sqrt(fan_in)).
    rng = np.random.default_rng(2)
    bound = 1 / math.sqrt(64)
    rows = rng.uniform(-bound, bound, size=(2, 200_000))
    ratio = np.std(rows[1] - rows[0]) / np.std(rows[0])
    assert ratio == pytest.approx(math.sqrt(2), rel=0.01)


# -- random utilities -------------------------------------------------------------

def test_gumbel_simulation_as_printed(printed):
    scores = np.array([1.0, 0.0, -1.0])
    p = softmax(scores)
    shares = _floats(r"^share of wins: \[(\S+) (\S+) (\S+)\]$", printed)
    se = np.sqrt(p * (1 - p) / 200_000)
    assert np.all(np.abs(np.array(shares) - p) < 4 * se + 5e-5)   # 4 decimals printed
    assert _floats(r"^softmax\(z\)   : \[(\S+) (\S+) (\S+)\s*\]$", printed) == pytest.approx(
        np.round(p, 4))
    for t in (-2.0, 0.0, 1.0):
        sim, sig = _floats(rf"^P\(eps1 - eps2 < {t:4.1f}\): simulated (\S+), "
                           rf"sigmoid\({t:4.1f}\) = (\S+)$", printed)
        cdf = stats.logistic.cdf(t)
        assert sig == pytest.approx(cdf, abs=5e-5)
        assert abs(sim - cdf) < 4 * math.sqrt(cdf * (1 - cdf) / 200_000) + 5e-5


@pytest.mark.parametrize("seed", [3, 11, 1974])
def test_gumbel_max_and_logistic_difference_by_simulation(seed):
    rng = np.random.default_rng(seed)
    scores = np.array([0.2, 1.1, -0.6])
    noise = rng.gumbel(size=(100_000, 3))
    shares = np.bincount(np.argmax(scores + noise, axis=1), minlength=3) / 100_000
    p = softmax(scores)
    assert np.all(np.abs(shares - p) < 4 * np.sqrt(p * (1 - p) / 100_000))
    d = noise[:, 0] - noise[:, 1]
    assert stats.kstest(d, stats.logistic.cdf).pvalue > 1e-4
    # The density the explorer draws, sigma(t)(1 - sigma(t)), is scipy's logistic pdf.
    t = np.linspace(-8, 8, 41)
    np.testing.assert_allclose(expit(t) * expit(-t), stats.logistic.pdf(t), rtol=1e-12)


def test_explorer_check_as_printed(printed):
    f, p, s, gap = _floats(r"^class 1 won (\S+) of 100,000 draws; softmax (\S+), "
                           r"sigmoid\(z1 - z2\) = (\S+); gap (\S+) standard errors$", printed)
    assert p == pytest.approx(expit(1.0), abs=5e-5) and s == p
    se = math.sqrt(expit(1.0) * expit(-1.0) / 100_000)
    assert abs(f - expit(1.0)) < 4 * se
    assert gap == pytest.approx((f - expit(1.0)) / se, abs=0.06)
    f2, p2 = _floats(r"^both scores \+ 1: class 1 won (\S+), softmax (\S+)$", printed)
    assert (f2, p2) == (f, p)


# -- one-vs-rest versus softmax, by statsmodels -------------------------------------

def test_one_vs_rest_against_statsmodels(printed):
    anes = sm.datasets.anes96.load_pandas().data
    party = np.select([anes["PID"] <= 2, anes["PID"] == 3], [0, 1], 2)
    X = sm.add_constant(anes[["logpopul", "selfLR", "age", "educ", "income"]].to_numpy())
    p_soft = sm.MNLogit(party, X).fit(disp=0, method="newton", tol=1e-12).predict(X)
    ovr = np.column_stack([
        sm.Logit((party == k).astype(int), X).fit(disp=0, method="newton", tol=1e-12).predict(X)
        for k in range(3)
    ])
    sums = ovr.sum(axis=1)
    gap = ovr / sums[:, None] - p_soft
    lo, hi = _floats(r"sum to between (\S+) and (\S+) before", printed)
    assert (lo, hi) == (round(sums.min(), 3), round(sums.max(), 3))
    (largest,) = _floats(r"largest difference after renormalising: (\S+);", printed)
    assert largest == pytest.approx(np.abs(gap).max(), abs=5e-5)
    means = _floats(r"mean per class: \[(\S+)\s+(\S+)\s+(\S+)\]$", printed)
    np.testing.assert_allclose(means, np.abs(gap).mean(axis=0), atol=5e-5)
    (differs,) = _floats(r"most probable class differs: (\d+) of 944$", printed)
    assert differs == np.sum((ovr / sums[:, None]).argmax(1) != p_soft.argmax(1))
    # The largest differences: Independents (class 2), then Democrats, as the lesson says.
    assert list(np.argsort(-np.abs(gap).max(axis=0))) == [1, 0, 2]


# -- the exercises' keys ------------------------------------------------------------

def _q1_key(z1, z2, k):
    z = z2 - z1                                    # the one logit: P(label 1) = P(class 2)
    bce = np.logaddexp(0.0, -z) if k == 2 else np.logaddexp(0.0, z)
    assert bce == pytest.approx(-log_softmax([z1, z2])[k - 1], rel=1e-12)
    return bce


def test_q1_key_by_scipy():
    assert ex.q1.expected == pytest.approx(_q1_key(1.3, -0.4, 2), rel=1e-12)
    assert ex.q1.transfer


@pytest.mark.parametrize("seed", SEEDS)
def test_q1_variants_keys_by_scipy(seed):
    v = ex.q1.practice(seed=seed)
    z1, z2, k = v.params["z1"], v.params["z2"], v.params["k"]
    assert f"[z1, z2] = [{z1:g}, {z2:g}]" in v.question
    assert f"class {k} (label {k - 1})" in v.question
    assert v.expected == pytest.approx(_q1_key(z1, z2, k), rel=1e-12)


@pytest.mark.parametrize(("answer", "words"), [
    (0.1678, "the loss of a class 1 example"),
    (float(-np.log(expit(-0.4))), "own score alone"),
    (1.867786029386266 / math.log(2), "in bits"),
])
def test_q1_names_the_mistake(answer, words):
    feedback = ex.q1.evaluate(answer)
    assert not feedback.correct and words in feedback.message


def test_q2_key_is_float16s_own_edge():
    first = _first_one(np.float16)                  # 7.625 on float16's grid
    assert ex.q2.evaluate(first).correct
    assert ex.q2.expected == pytest.approx(float(11 * mpmath.log(2)), rel=1e-15)
    assert not ex.q2.evaluate(float(mpmath.log(65504))).correct
    assert "exp overflows" in ex.q2.evaluate(float(mpmath.log(65504))).message
    assert "10 stored bits" in ex.q2.evaluate(10 * math.log(2)).message


@pytest.mark.parametrize("seed", [None, *SEEDS])
def test_q3_key_by_scipy_and_by_simulation(seed):
    v = ex.q3 if seed is None else ex.q3.practice(seed=seed)
    z, k = np.array(v.params["scores"]), v.params["k"]
    assert v.expected == pytest.approx(softmax(z)[k - 1], rel=1e-12)
    wins = np.argmax(z + np.random.default_rng(seed or 5).gumbel(size=(50_000, 3)), axis=1)
    share = np.mean(wins == k - 1)
    assert abs(share - v.expected) < 4 * math.sqrt(v.expected * (1 - v.expected) / 50_000)


def test_q3_names_the_mistake():
    assert "class 1's probability" in ex.q3.evaluate(float(softmax([0.2, 1.1, -0.6])[0])).message
    assert "score alone" in ex.q3.evaluate(float(expit(1.1))).message


def test_q4_key_and_traps():
    assert ex.q4.expected == pytest.approx(0.7 / 1.2, rel=1e-15)
    assert "before renormalising" in ex.q4.evaluate(0.7).message
    assert "leaves out class 3" in ex.q4.evaluate(0.7 / 1.1).message


def test_prediction_winner_key():
    # Three classes: scipy's softmax, and a Gumbel simulation of its own.
    p = softmax([0.5, -0.5, 0.0])
    assert ex.predict_winner.expected == pytest.approx(p[1], rel=1e-15)
    assert round(p[1], 4) == 0.1863
    wins = np.argmax([0.5, -0.5, 0.0] + np.random.default_rng(21).gumbel(size=(100_000, 3)), 1)
    share = np.mean(wins == 1)
    assert abs(share - p[1]) < 4 * math.sqrt(p[1] * (1 - p[1]) / 100_000)
    assert ex.predict_winner.evaluate(0.186).correct
    assert not ex.predict_winner.evaluate(0.2689).correct     # the two-class share


def test_third_class_check_as_printed(printed):
    p = softmax([0.5, -0.5, 0.0])
    f2, p2, gap = _floats(r"^a third class with z3 = 0: class 2 won (\S+), softmax (\S+); gap "
                          r"(\S+) standard errors$", printed)
    se = math.sqrt(p[1] * (1 - p[1]) / 100_000)
    assert p2 == pytest.approx(p[1], abs=5e-5) and abs(f2 - p[1]) < 4 * se
    assert gap == pytest.approx((f2 - p[1]) / se, abs=0.06)
    times, ratio, e = _floats(r"^class 1 against class 2: (\S+) times as many wins; softmax "
                              r"ratio (\S+) = e\^\(z1 - z2\) = (\S+), as with two classes$",
                              printed)
    assert ratio == pytest.approx(p[0] / p[1], abs=5e-5) and e == pytest.approx(math.e, abs=5e-5)
    assert ratio == pytest.approx(expit(1.0) / expit(-1.0), abs=5e-5)   # the two-class ratio
    assert abs(times - math.e) < 0.15                                    # a noisy ratio of shares


def test_random_utility_assumptions_as_printed(printed, nb):
    from scipy.special import ndtr
    assert "[0.3333 0.3333 0.3333]" in printed                           # red bus, blue bus
    for gap in (0.5, 1.0, 2.0):
        wins, probit, logit = _floats(
            rf"^z1 - z2 = {gap}: normal noise, class 1 won (\S+); probit (\S+); logit "
            r"\(Gumbel noise\) (\S+)$", printed)
        truth = float(ndtr(gap / math.sqrt(2)))      # N(0, 2) difference: Phi(gap / sqrt 2)
        assert probit == pytest.approx(truth, abs=5e-5)
        assert logit == pytest.approx(expit(gap), abs=5e-5)
        assert abs(wins - truth) < 4 * math.sqrt(truth * (1 - truth) / 200_000) + 5e-5
    # Two Gaussian classes with a shared sd: the log-odds from the two log-densities, by mpmath,
    # is a line; its slope and intercept are the printed ones.
    def log_odds(x):
        x = mpmath.mpf(x)
        dens = [mpmath.log(w) - (x - m) ** 2 / (2 * mpmath.mpf(1.2) ** 2)
                for m, w in ((1.0, 0.4), (-0.5, 0.6))]
        return dens[0] - dens[1]
    slope = float(log_odds(1) - log_odds(0))
    intercept = float(log_odds(0))
    assert float(log_odds(3.7)) == pytest.approx(intercept + 3.7 * slope, rel=1e-12)
    a, b = _floats(r"^P\(class 1 \| x\) by Bayes' rule = sigmoid\((\S+) \+ (\S+) x\) on the "
                   r"grid: True$", printed)
    assert (a, b) == (round(intercept, 4), round(slope, 4))
    prose = "\n".join(_sources(nb))
    assert f"$\\pi/\\sqrt{{3}} = {math.pi / math.sqrt(3):.2f}$" in prose
    assert f"$\\sqrt{{2}} = {math.sqrt(2):.2f}$" in prose


def test_transfer_and_practice_counts():
    transfer = [n for n in ex.__all__ if getattr(ex, n).transfer]
    assert len(transfer) >= 2
    assert {n for n in ex.__all__ if getattr(ex, n).variant is not None} == {"q1", "q3"}


# -- predict, observe, explain: the order in the notebook ----------------------------

@needs_notebook
@pytest.mark.parametrize(("asked", "shown"), [
    ("ex.predict_momentum.check", 'run(3, optimizer)'),
    ("ex.predict_adam.check", 'run(K, "adam")'),
    ("ex.predict_adamw.check", 'run(K, "adamw"'),
    ("ex.predict_winner.check", "RandomUtilityExplorer("),
])
def test_each_prediction_is_asked_before_what_it_predicts(nb, asked, shown):
    sources = _sources(nb)
    i = next(i for i, s in enumerate(sources) if asked in s)
    j = next(i for i, s in enumerate(sources) if shown in s)
    assert i < j


@needs_notebook
def test_no_deep_learning_framework_is_imported(nb):
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert not re.search(r"^\s*(import|from)\s+(torch|tensorflow|jax|keras)\b", code, flags=re.M)


# -- what the lesson says about the random-utility explorer -----------------------

def test_fresh_utility_explorer_shows_the_set_up_not_the_shares():
    from logitlab.palette import PALETTE
    from logitlab.widgets import RandomUtilityExplorer

    with RandomUtilityExplorer() as ex:
        assert (list(ex.scores), ex.n, ex.seed, ex.revealed) == ([0.5, -0.5], 5_000, 0, False)
        assert ex.prompt.get_visible()
        assert not any(a.get_visible() for a in (*ex.bars, ex.softmax_levels, ex.win_area))
        status = re.sub(r"<[^>]*>", "", ex.status.value)         # the text, not the style
        assert "%" not in status and "0.73" not in status and "won" not in status
        assert ex.ax_noise.get_title() == "class 1 wins when ε₂ − ε₁ < z₁ − z₂"
        # The grey histogram is of eps2 - eps1 of the seed-0 draws, recomputed here.
        noise = np.random.default_rng(0).gumbel(size=(5_000, 2))
        counts, edges = np.histogram(noise[:, 1] - noise[:, 0], bins=np.linspace(-8, 8, 33))
        np.testing.assert_allclose(ex.histogram.get_data()[0], counts / (5_000 * 0.5))
        assert ex.histogram.get_facecolor()[:3] == pytest.approx(
            [int(PALETTE["grey"][i:i + 2], 16) / 255 for i in (1, 3, 5)])
        assert ex.threshold_line.get_xdata()[0] == pytest.approx(1.0)


def _polygon_area(xy):
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


@pytest.mark.parametrize("move", ["reveal", "score", "n", "draw again"])
def test_utility_explorer_reveals_on_any_move_and_shades_sigma(move):
    from matplotlib.colors import to_rgb

    from logitlab.palette import class_colour
    from logitlab.widgets import RandomUtilityExplorer

    with RandomUtilityExplorer() as ex:
        {"reveal": ex.reveal, "score": lambda: setattr(ex, "scores", (0.5, -1.5)),
         "n": lambda: setattr(ex, "n", 1_000), "draw again": ex.draw_again}[move]()
        assert ex.revealed and not ex.prompt.get_visible()
        assert all(a.get_visible() for a in (*ex.bars, ex.softmax_levels, ex.win_area))
        t = ex.scores[0] - ex.scores[1]
        assert ex.threshold_line.get_xdata()[0] == pytest.approx(t)
        # The area left of the line under the logistic density is sigma(t) (scipy), less the
        # tail below -8 the panel leaves out; shaded in class 1's colour, as the line.
        area = _polygon_area(ex.win_area.get_xy())
        assert area == pytest.approx(stats.logistic.cdf(t) - stats.logistic.cdf(-8), abs=1e-3)
        assert to_rgb(ex.win_area.get_facecolor()) == pytest.approx(to_rgb(class_colour(1)))
        assert to_rgb(ex.threshold_line.get_color()) == pytest.approx(to_rgb(class_colour(1)))
        assert f"softmax {100 * expit(t):.2f}%" in ex.status.value
