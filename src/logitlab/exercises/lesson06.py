"""Exercises for lesson 06, *numerical stability*.

Questions 1, 3 and 4 are transfer questions (their answers are printed
nowhere in the lesson); question 3 has practice variants: ``ex.q3.practice(seed=1)``.
``predict_edge`` is asked before the lesson's StabilityExplorer.

Examples
--------
>>> from logitlab.exercises import lesson06 as ex
>>> print(ex.q1.evaluate(750.3132616875182))  # doctest: +ELLIPSIS
Correct: -log p1 = -(z1 - logsumexp(z)) = logsumexp(z) - z1, ...
>>> print(ex.q2.evaluate(0.0))  # doctest: +ELLIPSIS
Not quite: you gave 0.0. That is 1 - sigmoid(40)...
"""

import numpy as np

from ..functions import softmax
from ._core import Exercise, distinct

__all__ = ["predict_edge", "q1", "q2", "q3", "q4"]

# Asked before the lesson's StabilityExplorer, which opens at s = 1000,
# c = 300: exp(z1) overflows (inf / inf = NaN) once z1 = 1000*x + 300 passes
# log(float64 max) = 709.78271..., z2 = 300 never does. atol lets the
# learner round the edge to 3 decimals.
_OVERFLOW = float(np.log(np.finfo(np.float64).max))

predict_edge = Exercise(
    "Prediction",
    "Two classes with scores z1 = s*x + c and z2 = c, x from -1 to 1, s = 1000, c = 300. "
    "`numpy.exp` overflows to inf above 709.78271. From which x on does the naive softmax "
    "exp(z) / sum(exp(z)) return NaN? (a number)",
    (_OVERFLOW - 300.0) / 1000.0,
    variable="prediction",
    why="NaN comes from inf / inf: exp(z1) overflows once 1000*x + 300 > 709.78271, i.e. "
    "x > (709.78271 - 300)/1000 = 0.40978. exp(z2) = exp(300) stays finite. The shift c "
    "changes no probability, but it moves z1 itself, and with it the edge.",
    hint="Which exponential overflows first, and for which x does its argument pass 709.78?",
    solution="import numpy as np\n\n"
    "s, c = 1000.0, 300.0\n"
    "prediction = (np.log(np.finfo(np.float64).max) - c) / s   # where s*x + c overflows",
    traps=[
        (_OVERFLOW / 1000.0, "That is the edge at c = 0. The shift changes no probability, "
         "but the naive formula exponentiates z1 = s*x + c itself, so c moves the edge."),
        ((_OVERFLOW + 300.0) / 1000.0, "The shift's sign is flipped: z1 = s*x + c passes "
         "709.78 sooner when c > 0, not later."),
        ((745.13321910194 - 300.0) / 1000.0, "That uses the underflow edge, -745.13: an "
         "underflow gives 0, and the naive softmax only returns NaN when every exp "
         "underflows (0 / 0) or one overflows (inf / inf)."),
    ],
    nudge="Expected one number x: where s*x + c passes the overflow edge of exp.",
    atol=2e-3,
)

q1 = Exercise(
    "Question 1",
    "A three-class model gives one data point the scores z = [-300, 450, 449], and its true "
    "class is class 1. What is its loss -log p1, computed as a loss should be (a float)?",
    750.3132616875182,
    variable="answer_1",
    why="-log p1 = -(z1 - logsumexp(z)) = logsumexp(z) - z1, and logsumexp([-300, 450, 449]) "
    "= 450 + log(1 + e^-1 + e^-750) = 450.3133: the loss is 750.3133. The probability p1 = "
    "e^-750.31 underflows to 0, so log(softmax(z)) would give an infinite loss.",
    hint="Write -log p1 as logsumexp(z) - z1 and compute logsumexp the stable way: take out "
    "the largest score, m = 450, first.",
    solution="from logitlab import log_softmax\n\n"
    "answer_1 = float(-log_softmax([-300.0, 450.0, 449.0])[0])",
    traps=[
        (750.0, "That leaves out class 3: its score 449 is only 1 below the largest, so it "
         "adds log(1 + e^-1) = 0.3133 to logsumexp."),
        (-750.3132616875182, "That is log p1 itself; the loss is minus the log-probability, "
         "a positive number."),
        (0.31326168751822286, "That is the loss of class 2, -log p2; the true class is "
         "class 1."),
    ],
    nudge="Expected one positive number: the loss logsumexp(z) - z1. If you got inf, the "
    "probability e^-750.3 underflowed to 0 before the log: use log_softmax.",
    rtol=1e-12,
    transfer=True,
)

q2 = Exercise(
    "Question 2",
    "The probability of class 1 at score z = -40 is sigmoid(-40). A colleague computes "
    "it as `1 - sigmoid(40)`. Give the correct value as a float (use a stable function).",
    4.248354255291589e-18,
    variable="answer_2",
    why="sigmoid(-40) = 4.248354255291589e-18. 1 - sigmoid(40) is exactly 0 in float64: "
    "sigmoid(40) rounds to 1, and the subtraction cancels every digit.",
    hint="Do not subtract from 1: call `sigmoid` (or `exp(log_sigmoid(...))`) on -40 "
    "directly.",
    solution="from logitlab import sigmoid\n\nanswer_2 = float(sigmoid(-40.0))",
    traps=[
        (0.0, "That is 1 - sigmoid(40): sigmoid(40) rounds to exactly 1.0, so the "
         "difference loses all precision."),
    ],
    rtol=1e-12,
    atol=0.0,
)

def _q3(scores=(-1000.0, -1000.0, -999.0), transfer: bool = False) -> Exercise:
    z = [float(v) for v in scores]
    key = softmax(z).tolist()
    shifted = ", ".join(f"{v - max(z):g}" for v in z)
    rounded = ", ".join(f"{p:.4f}" for p in key)
    top = [float(v == max(z)) for v in z]
    return Exercise(
        "Question 3",
        f"Give the three probabilities `softmax({z!r})` as a list (the naive formula "
        "returns NaNs here).",
        key,
        variable="answer_3",
        why=f"Subtract the maximum: softmax([{shifted}]) = [{rounded}]. A common shift "
        "changes no probability.",
        hint="Shift every score by the same constant so that the largest is 0; the "
        "probabilities do not change.",
        solution=f"from logitlab import softmax\n\nanswer_3 = softmax({z!r}).tolist()",
        traps=[
            ([1 / 3] * 3, "The scores are not all equal: shift them so that the largest is "
             "0 and look again."),
            ([t / sum(top) for t in top], "A difference of a few units in the scores is not "
             f"decisive: shift them to [{shifted}] and compute."),
        ],
        rtol=1e-12,
        transfer=transfer,
        variant=_q3_variant,
        params={"scores": z},
    )


def _q3_variant(rng: np.random.Generator) -> Exercise:
    while True:
        base = float(rng.choice([-1200.0, -1000.0, -800.0, 800.0, 1000.0, 1200.0]))
        offsets = rng.integers(-3, 4, size=3)
        q = _q3(base + offsets.astype(float))
        if distinct(q.expected, *(value for value, _ in q.traps)):
            return q


q3 = _q3(transfer=True)

q4 = Exercise(
    "Question 4",
    "What does `log_softmax([900.0, 0.0, 900.0])[1]` return (as a float)?",
    -900.6931471805599,
    variable="answer_4",
    why="log_softmax([900, 0, 900])[1] = 0 - logsumexp([900, 0, 900]) = -(900 + log 2) = "
    "-900.6931: two classes share the winning score.",
    hint="logsumexp subtracts the maximum first: logsumexp(z) = max(z) + "
    "log(sum(exp(z - max(z)))). How many terms of that sum are 1?",
    solution="from logitlab import log_softmax\n\n"
    "answer_4 = float(log_softmax([900.0, 0.0, 900.0])[1])",
    traps=[
        (-900.0, "That counts only one of the two classes with score 900: logsumexp([900, "
         "0, 900]) is 900 + log 2."),
        (-0.6931471805599453, "That is entry [0] (or [2]), log(1/2): the question asks for "
         "entry [1]."),
    ],
    nudge="If you computed log(softmax(...)) you got -inf: e^-900 underflows to 0 before "
    "the log. Try `log_softmax`.",
    transfer=True,
)
