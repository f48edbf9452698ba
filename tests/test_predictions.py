"""Predictions asked before an explorer (issue 10): keys against independent references.

Each prediction exercise is asked before an explorer shows the answer; its
key must be where the explorer (and an outside reference) really lands, and
the named mistakes must be recognised.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from logitlab.exercises import lesson05


@pytest.fixture(scope="module")
def spector_gpa():
    d = sm.datasets.spector.load_pandas()
    gpa = d.exog["GPA"].to_numpy()
    return (gpa - gpa.mean()) / gpa.std(), d.endog.to_numpy()


def gd_by_hand(x, y, start, lr=1.0, n_steps=400):
    """Two-class softmax, no intercept, gradient descent written out in numpy."""
    b1, b2 = start
    for _ in range(n_steps):
        p2 = 1.0 / (1.0 + np.exp(-(b2 - b1) * x))   # P(class 2 = label 1)
        g2 = np.mean((p2 - y) * x)                    # d loss / d beta2; d / d beta1 = -g2
        b1, b2 = b1 + lr * g2, b2 - lr * g2
    return b1, b2


def test_lesson05_prediction_key_is_where_the_explorers_run_ends(spector_gpa):
    x, y = spector_gpa
    gamma_hat = float(sm.Logit(y, x[:, None]).fit(disp=0).params[0])  # P(label 1): b2 - b1
    q = lesson05.predict_path
    # Run to convergence, the descent keeps the start's sum 4 - 1 = 3 and ends on
    # b2 - b1 = gamma_hat (statsmodels reports class 2).
    end = gd_by_hand(x, y, (4.0, -1.0))
    assert end[1] - end[0] == pytest.approx(gamma_hat, abs=1e-8)
    assert end[0] + end[1] == pytest.approx(3.0, abs=1e-12)
    np.testing.assert_allclose(q.expected, [0.9085, 2.0915], atol=1e-12)
    np.testing.assert_allclose(q.expected, end, atol=q.atol)
    assert q.evaluate(list(end)).correct
    # The lesson's run stops after 50 steps, already within the key's tolerance.
    lesson_run = gd_by_hand(x, y, (4.0, -1.0), n_steps=50)
    assert q.evaluate(list(lesson_run)).correct
    from logitlab.widgets import PathExplorer

    with PathExplorer(x, y, start=(4.0, -1.0), lr=1.0, n_steps=50, predict=True) as explorer:
        assert not explorer.revealed
        np.testing.assert_allclose(explorer.path[-1], lesson_run, atol=1e-9)
        explorer.predict(*q.expected)
        assert "right: it ends there" in explorer.status.value


@pytest.mark.parametrize(("answer", "words"), [
    ([2.0915, 0.9085], "the sign is not"),
    ([-0.5915, 0.5915], "symmetric pair"),
    ([0.0, 1.183], "reference-class pair"),
    ([4.0, -1.0], "the start itself"),
])
def test_lesson05_prediction_names_the_mistake(answer, words):
    feedback = lesson05.predict_path.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


def test_lesson05_prediction_is_asked_before_the_explorer():
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parent.parent / "notebooks" / "05_what_the_optimiser_finds.ipynb"
    sources = ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"]]
    asked = next(i for i, s in enumerate(sources) if "ex.predict_path.check" in s)
    shown = next(i for i, s in enumerate(sources) if "PathExplorer(" in s)
    assert asked < shown
    assert "predict=True" in sources[shown]


# -- lesson 03: the loss at the point statsmodels reports ---------------------

def test_lesson03_prediction_key_is_the_least_loss_by_statsmodels():
    from scipy.special import log_softmax

    from logitlab.datasets import ten_points
    from logitlab.exercises import lesson03
    from logitlab.widgets import ValleyExplorer

    x, y = ten_points()
    logit = sm.Logit(y, x[:, None]).fit(disp=0)
    gamma_hat = float(logit.params[0])
    q = lesson03.predict_floor
    assert q.expected == pytest.approx(-logit.llf / len(y), rel=1e-12)
    scores = np.column_stack([0.0 * x, gamma_hat * x])   # statsmodels' point (0, gamma_hat)
    assert -np.mean(log_softmax(scores, axis=1)[np.arange(len(y)), y.astype(int)]) == \
        pytest.approx(q.expected, rel=1e-12)
    assert q.evaluate(0.539).correct and q.evaluate(round(q.expected, 4)).correct
    with ValleyExplorer() as explorer:     # the learner drags the point there
        explorer.sliders["beta1"].value = 0.0
        explorer.sliders["beta2"].value = round(gamma_hat, 2)
        assert explorer.loss == pytest.approx(q.expected, abs=2e-3)


@pytest.mark.parametrize(("answer", "words"), [
    (0.7615, "loss at the start"), (0.0, "certainty"), (1.2509, "sign of b2 is flipped"),
])
def test_lesson03_prediction_names_the_mistake(answer, words):
    from logitlab.exercises import lesson03

    feedback = lesson03.predict_floor.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


# -- lesson 07: one class's intercept moves the regions ------------------------

def _order(name):
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parent.parent / "notebooks" / name
    return ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"]]


def test_lesson07_prediction_key_is_where_three_scores_tie():
    from scipy.special import softmax as sp_softmax

    from logitlab.exercises import lesson07
    from logitlab.widgets import RegionsExplorer
    from logitlab.widgets.regions import DEFAULT_COEF, DEFAULT_INTERCEPT

    q = lesson07.predict_regions
    x = np.array(q.expected)
    raised = DEFAULT_INTERCEPT + np.array([0.0, 0.0, 1.0])
    np.testing.assert_allclose(sp_softmax(raised + DEFAULT_COEF @ x), [1 / 3] * 3, atol=1e-12)
    # The explorer, driven as the learner would: class 3 grows, and its
    # probabilities at the pixel nearest the key are (nearly) a three-way tie.
    ex = RegionsExplorer(n_grid=301)
    before = ex.areas["softmax"][2]
    ex.sliders["a"].value = 0.0
    assert ex.areas["softmax"][2] > before + 0.03
    g = np.linspace(-3, 3, 301)
    p = ex.proba[np.abs(g - x[1]).argmin(), np.abs(g - x[0]).argmin()]
    np.testing.assert_allclose(p, [1 / 3] * 3, atol=0.02)
    ex.close()


@pytest.mark.parametrize(("answer", "words"), [
    ([0.0, 0.0], "shift invariance"),
    ([-1 / 6, -5 / 17], "the wrong way"),
    ([1 / 3, 0.0], "x1 axis"),
])
def test_lesson07_prediction_names_the_mistake(answer, words):
    from logitlab.exercises import lesson07

    feedback = lesson07.predict_regions.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


def test_lesson07_prediction_then_explorer_then_check():
    sources = _order("07_more_than_two_classes.ipynb")
    asked = next(i for i, s in enumerate(sources) if "ex.predict_regions.check" in s)
    shown = next(i for i, s in enumerate(sources) if "RegionsExplorer()" in s)
    found = next(i for i, s in enumerate(sources) if "Check what you found" in s)
    driven = next(i for i, s in enumerate(sources) if 'task.sliders["a"].value' in s)
    assert asked < shown < found < driven


# -- lesson 06: where the naive softmax starts returning NaN -------------------

def test_lesson06_prediction_key_is_the_explorers_nan_edge():
    from logitlab.exercises import lesson06
    from logitlab.widgets import StabilityExplorer

    q = lesson06.predict_edge
    x = np.linspace(-1.0, 1.0, 100_001)
    with np.errstate(over="ignore", invalid="ignore"):
        e1, e2 = np.exp(1000.0 * x + 300.0), np.exp(np.full_like(x, 300.0))
        naive = e1 / (e1 + e2)
    edge = x[np.isnan(naive)].min()
    assert q.expected == pytest.approx(edge, abs=2e-5)
    assert q.evaluate(round(edge, 3)).correct
    ex = StabilityExplorer(scale=1000.0, shift=300.0)
    xs = np.linspace(-1.0, 1.0, 401)
    # The explorer's 401 points: NaN at exactly those above the key.
    assert ex.broken["naive_nan"] == int(np.sum(xs > q.expected))
    ex.close()


@pytest.mark.parametrize(("answer", "words"), [
    (0.70978, "edge at c = 0"),
    (1.00978, "sign is flipped"),
    (0.44513, "underflow edge"),
])
def test_lesson06_prediction_names_the_mistake(answer, words):
    from logitlab.exercises import lesson06

    feedback = lesson06.predict_edge.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


def test_lesson06_prediction_before_the_explorer_and_its_answer():
    from logitlab.exercises import lesson06

    sources = _order("06_numerical_stability.ipynb")
    told_words = f"$x > {lesson06.predict_edge.expected:.2f}$"  # the key, 0.40978, as told
    asked = next(i for i, s in enumerate(sources) if "ex.predict_edge.check" in s)
    shown = next(i for i, s in enumerate(sources) if "StabilityExplorer(" in s)
    told = next(i for i, s in enumerate(sources) if told_words in s)
    setting = next(i for i, s in enumerate(sources) if "StabilityExplorer(scale=1000.0" in s)
    # The explorer opens where nothing breaks; the prediction's setting is drawn after it.
    assert "StabilityExplorer(scale=10.0, shift=0.0)" in sources[shown]
    assert asked < shown < told and asked < shown < setting


# -- lessons 01 and 02: the CurveExplorer's predictions ------------------------

def test_lesson01_prediction_key_by_scipy():
    """b2 = 0 is the one b2 that makes the asker's sigmoid(x*b1) right for every x."""
    from scipy.special import expit
    from scipy.special import softmax as sp_softmax

    from logitlab.exercises import lesson01

    xs = np.linspace(-6, 6, 121)
    b1 = 1.0

    def worst_gap(b2):
        scores = np.column_stack([xs * b1, xs * b2])
        return np.max(np.abs(expit(xs * b1) - sp_softmax(scores, axis=1)[:, 0]))

    key = lesson01.predict_b2.expected
    assert worst_gap(key) < 1e-15
    for other in (-1.0, -0.5, 0.5, 1.0, 2.0):
        assert worst_gap(other) > 1e-3
    assert lesson01.predict_b2.evaluate(key).correct


@pytest.mark.parametrize(("answer", "words"), [
    (-1.0, "question's own b2"),
    (1.0, "tie"),
    (-0.5, "factor-of-2"),
])
def test_lesson01_prediction_names_the_mistake(answer, words):
    from logitlab.exercises import lesson01

    feedback = lesson01.predict_b2.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


def test_lesson02_prediction_key_is_where_the_explorer_matches():
    from scipy.special import expit
    from scipy.special import softmax as sp_softmax

    from logitlab.exercises import lesson02
    from logitlab.widgets import CurveExplorer

    xs = np.linspace(-6, 6, 121)
    key = lesson02.predict_beta.expected
    p1 = sp_softmax(np.column_stack([xs * 3.0, xs * 1.0]), axis=1)[:, 0]
    assert np.max(np.abs(expit(xs * key) - p1)) < 1e-15
    with CurveExplorer(beta1=3.0, beta2=1.0) as explorer:
        explorer.sliders["beta"].value = key
        assert explorer.matches
        explorer.sliders["beta"].value = 3.0
        assert not explorer.matches


@pytest.mark.parametrize(("answer", "words"), [
    (3.0, "b1 alone"),
    (4.0, "b1 + b2"),
    (-2.0, "wrong sign"),
    (1.0, "b2 alone"),
])
def test_lesson02_prediction_names_the_mistake(answer, words):
    from logitlab.exercises import lesson02

    feedback = lesson02.predict_beta.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


@pytest.mark.parametrize(("name", "asked", "explorer"), [
    ("01_the_question.ipynb", "ex.predict_b2.check", "CurveExplorer("),
    ("02_sigmoid_is_two_class_softmax.ipynb", "ex.predict_beta.check", "CurveExplorer("),
    ("03_one_beta_many_softmaxes.ipynb", "ex.predict_floor.check", "ValleyExplorer("),
])
def test_early_lessons_ask_before_the_explorer(name, asked, explorer):
    """The prediction comes first; the explorer after it; the code check after the explorer."""
    sources = _order(name)
    at = next(i for i, s in enumerate(sources) if asked in s)
    shown = next(i for i, s in enumerate(sources) if explorer in s)
    assert at < shown
    checked = [i for i, s in enumerate(sources) if "Check what you found" in s]
    assert checked and checked[0] > shown


# -- the whole series: no prediction's answer before it (issue 17) -------------
#
# For every prediction (an exercise named predict_* in a lesson module), no cell
# source and no stored text output before its check cell, in its notebook, may
# contain its answer: a numeric key to 4 significant digits (keys that are small
# integers, such as 0 or 2, occur everywhere and are covered by their sentences
# instead), or one of the sentences listed here that state it. And the static
# picture that precedes the explorer after it shows the explorer's start state.

import ast  # noqa: E402
import importlib  # noqa: E402
import re  # noqa: E402

# Sentences (regular expressions, case-insensitive) that would give each answer away.
TELLS = {
    "predict_b2": [r"\\beta_2 = 0(?![.\d])", r"\bb2 = 0(?![.\d])", r"β₂ = 0(?![.\d])",
                   r"only with"],
    "predict_beta": [r"\\beta_1 - \\beta_2 = 2\b", r"b1 - b2 = 2\b", r"only the difference",
                     r"through \$?\\beta_1 - \\beta_2"],
    "predict_floor": [r"the floor'?s? (least )?(value|loss)", r"statsmodels' point .* loss"],
    "predict_risk": [r"smaller than the odds ratio", r"risk ratio is (about|smaller|less)",
                     r"closer to 1", r"only move together when"],
    "predict_growth": [r"no minimum", r"does not exist", r"forever", r"keeps? growing",
                       r"runs? off", r"without bound"],
}
# The explorer state each prediction is asked about; its static picture must show it.
START = {
    "predict_b2": ("CurveExplorer", {"beta": 1.0, "beta1": 1.0, "beta2": -1.0, "x": 0.5}),
    "predict_beta": ("CurveExplorer", {"beta": 1.0, "beta1": 3.0, "beta2": 1.0}),
    "predict_floor": ("ValleyExplorer", {"beta1": 1.0, "beta2": -1.0, "c": 0.0}),
}
NOTEBOOK_DIR = __import__("pathlib").Path(__file__).resolve().parent.parent / "notebooks"


def _all_predictions():
    found = []
    for lesson in range(1, 9):
        try:
            module = importlib.import_module(f"logitlab.exercises.lesson{lesson:02d}")
        except ImportError:
            continue
        found += [(lesson, name) for name in sorted(vars(module)) if name.startswith("predict_")]
    return found


def _cells_of(lesson):
    import json

    (path,) = NOTEBOOK_DIR.glob(f"{lesson:02d}_*.ipynb")
    return json.loads(path.read_text())["cells"]


def _shown(cell) -> str:
    """A cell's source and its stored text outputs."""
    parts = ["".join(cell["source"])]
    for out in cell.get("outputs", []):
        text = out.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
        for mime in ("text/plain", "text/markdown", "text/html"):
            value = out.get("data", {}).get(mime, "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def _four_digits(value: float) -> float:
    return float(f"{value:.4g}")


_NUM = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def answer_shown(question, name, text) -> list[str]:
    """Where `text` gives away the answer of `question`: its key, or a telling sentence."""
    found = [m.group(0) for p in TELLS.get(name, ()) for m in re.finditer(p, text, re.I)]
    expected = question.expected
    if isinstance(expected, str) or isinstance(expected, bool):
        return found
    keys = [float(v) for v in np.ravel(expected)]
    keys = [k for k in keys if not (k == int(k) and abs(k) < 100)]  # 0, 2: everywhere
    if keys:
        printed = {_four_digits(float(m.replace("−", "-"))) for m in _NUM.findall(text)}
        found += [f"{k:.4g}" for k in keys if _four_digits(k) in printed]
    return found


PREDICTIONS = [
    pytest.param(lesson, name, id=f"{lesson:02d}-{name}") for lesson, name in _all_predictions()
]


def _check_cell(cells, name):
    at = [i for i, c in enumerate(cells) if f"ex.{name}.check(" in "".join(c["source"])]
    assert at, f"{name} is never checked in its lesson"
    return at[0]


@pytest.mark.parametrize(("lesson", "name"), PREDICTIONS)
def test_no_answer_before_the_prediction(lesson, name):
    module = importlib.import_module(f"logitlab.exercises.lesson{lesson:02d}")
    question = getattr(module, name)
    cells = _cells_of(lesson)
    asked = _check_cell(cells, name)
    leaks = {i: answer_shown(question, name, _shown(c)) for i, c in enumerate(cells[:asked])}
    leaks = {i: found for i, found in leaks.items() if found}
    assert not leaks, f"lesson {lesson:02d}: {name}'s answer is shown before it, in cells {leaks}"


_MUTATES = re.compile(r"\.value\s*=|\.snap\(|\.predict\(|\.reveal|\.positive\s*=")


@pytest.mark.parametrize(("lesson", "name"), PREDICTIONS)
def test_static_picture_after_the_prediction_is_the_start_state(lesson, name):
    cells = _cells_of(lesson)
    asked = _check_cell(cells, name)
    after = ["".join(c["source"]) for c in cells[asked + 1:]]
    pictures = [s for s in after if ".snapshot()" in s and "Explorer(" in s]
    if not pictures:
        pytest.skip(f"{name}: no explorer picture follows it")
    source = pictures[0]
    assert not _MUTATES.search(source), f"{name}: the static picture is moved before it is drawn"
    if name not in START:
        return
    kind, start = START[name]
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)
                and getattr(n.func, "id", "") == kind)
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    import logitlab.widgets as widgets

    with getattr(widgets, kind)(**kwargs) as explorer:
        state = {k: explorer.sliders[k].value for k in start}
    assert state == pytest.approx(start), f"{name}: the static picture shows {state}, not {start}"


def test_the_leak_check_catches_a_printed_key():
    from logitlab.exercises import lesson01

    q = lesson01.q2  # key 0.9525741268224334
    assert answer_shown(q, "q2", "P = 0.9525741268224334") == ["0.9526"]
    assert answer_shown(q, "q2", "P = 0.95") == []
    assert answer_shown(lesson01.predict_b2, "predict_b2", "right only with $\\beta_2 = 0$")


def test_valley_explorers_first_status_does_not_answer_the_prediction():
    """Issue 17: the ValleyExplorer's first status holds no answer to lesson 03's prediction."""
    import html

    from logitlab.exercises import lesson03
    from logitlab.widgets import ValleyExplorer

    q = lesson03.predict_floor
    with ValleyExplorer(beta1=1.0, beta2=-1.0) as explorer:
        first = re.sub(r"<[^>]+>", " ", html.unescape(explorer.status.value))
        assert not answer_shown(q, "predict_floor", first), first
        explorer.sliders["beta1"].value = 0.0          # the learner moves: now it may tell
        explorer.sliders["beta2"].value = -0.65
        moved = re.sub(r"<[^>]+>", " ", html.unescape(explorer.status.value))
    assert "loss" in moved
