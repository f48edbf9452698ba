"""Predictions asked before an explorer (issue 10): keys against independent references.

Each prediction exercise is asked before an explorer shows the answer; its
key must be where the explorer (and an outside reference) really lands, and
the named mistakes must be recognised.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from logitlab.exercises import lesson04


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


def test_lesson04_prediction_key_is_where_the_explorers_run_ends(spector_gpa):
    x, y = spector_gpa
    beta_hat = float(sm.Logit(y, x[:, None]).fit(disp=0).params[0])
    end = gd_by_hand(x, y, (2.5, 3.0))
    assert end[1] - end[0] == pytest.approx(beta_hat, abs=1e-8)
    q = lesson04.predict_path
    assert q.evaluate(list(end)).correct
    np.testing.assert_allclose(q.expected, end, atol=q.atol)
    from logitlab.widgets import PathExplorer

    explorer = PathExplorer(x, y, start=(2.5, 3.0), n_steps=150, predict=True)
    assert not explorer.revealed
    explorer.predict(*q.expected)
    assert "right: it ends there" in explorer.status.value


@pytest.mark.parametrize(("answer", "words"), [
    ([3.3415, 2.1585], "the sign is not"),
    ([-0.5915, 0.5915], "symmetric pair"),
    ([0.0, 1.183], "reference-class pair"),
    ([2.5, 3.0], "the start itself"),
])
def test_lesson04_prediction_names_the_mistake(answer, words):
    feedback = lesson04.predict_path.evaluate(answer)
    assert not feedback.correct and words in str(feedback)


def test_lesson04_prediction_is_asked_before_the_explorer():
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parent.parent / "notebooks" / "04_what_the_optimiser_finds.ipynb"
    sources = ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"]]
    asked = next(i for i, s in enumerate(sources) if "ex.predict_path.check" in s)
    shown = next(i for i, s in enumerate(sources) if "PathExplorer(" in s)
    assert asked < shown
    assert "predict=True" in sources[shown]
