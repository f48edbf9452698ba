"""Exercises for lesson 02, *the sigmoid is a two-class softmax*.

Questions 1, 2 and 3 are transfer questions (their answers are printed
nowhere in the lesson); question 4 has practice variants:
``ex.q4.practice(seed=1)``.

``predict_beta`` is asked before the lesson's CurveExplorer.

Examples
--------
>>> from logitlab.exercises import lesson02 as ex
>>> print(ex.q1.evaluate(-2.35))
Correct: softmax([z1, z2])[0] = sigmoid(z1 - z2) and 1.75 - 4.1 = -2.35.
>>> print(ex.q4.evaluate([-0.8, -1.2]))  # doctest: +ELLIPSIS
Not quite: you gave [-0.8, -1.2]. Right rows, wrong sign: ...
"""

import numpy as np

from ._core import Exercise, distinct

__all__ = ["predict_beta", "q1", "q2", "q3", "q4"]

# Asked before the lesson's CurveExplorer: a pair with the same difference as
# the question's (3 - 1 = 1 - (-1) = 2), so the curves meet at the same beta.
predict_beta = Exercise(
    "Prediction",
    "The explorer starts at b1 = 3 and b2 = 1 (the question had 1 and -1). Which beta "
    "will make the solid `sigmoid(x*beta)` meet the dashed P(class 1) = "
    "`softmax([x*b1, x*b2])[0]`?",
    2.0,
    variable="prediction",
    why="softmax([x*b1, x*b2])[0] = sigmoid(x*(b1 - b2)) = sigmoid(2x): only the difference "
    "b1 - b2 = 3 - 1 = 2 reaches the probability, the same as the question's 1 - (-1). Adding "
    "2 to both coefficients moved nothing.",
    hint="Lesson 01 found the beta for the question's pair (1, -1). Both coefficients are "
    "now 2 larger: does P(class 1) see that?",
    explanation="The curves depend on b1 and b2 only through b1 - b2.",
    solution="b1, b2 = 3.0, 1.0\nprediction = b1 - b2",
    traps=[
        (3.0, "That is b1 alone, the question's mistake: the sigmoid needs the difference of "
         "the two scores."),
        (4.0, "That is b1 + b2, which the probabilities never see (lesson 03 is about it)."),
        (-2.0, "Right size, wrong sign: b2 - b1 is the coefficient of P(class 2), entry [1]; "
         "the dashed curve here is P(class 1)."),
        (1.0, "That is b2 alone; the sigmoid needs b1 - b2."),
    ],
    nudge="Expected one number, the beta of the solid curve.",
)

q1 = Exercise(
    "Question 1",
    "For the scores z1 = 1.75 and z2 = 4.1, which number t gives "
    "`sigmoid(t) == softmax([z1, z2])[0]`?",
    -2.35,
    variable="answer_1",
    why="softmax([z1, z2])[0] = sigmoid(z1 - z2) and 1.75 - 4.1 = -2.35.",
    hint="The identity is softmax([z1, z2])[0] = 1 / (1 + exp(-(z1 - z2))).",
    solution="z1, z2 = 1.75, 4.1\nanswer_1 = z1 - z2",
    traps=[
        (2.35, "That is z2 - z1: it gives softmax([z1, z2])[1], the probability of class 2."),
        (1.75, "That is z1 alone; the sigmoid needs the difference of the scores."),
    ],
    transfer=True,
)

q2 = Exercise(
    "Question 2",
    "A two-class softmax has b1 = 0.35 and b2 = 1.6. Let the sigmoid report class 2 "
    "(entry [1], what statsmodels reports on labels 0/1): which gamma gives "
    "`sigmoid(x*gamma) == softmax([x*b1, x*b2])[1]` for every x?",
    1.25,
    variable="answer_2",
    why="softmax(...)[1] = sigmoid(x*(b2 - b1)), so gamma = b2 - b1 = 1.6 - 0.35 = 1.25, "
    "the opposite of beta = b1 - b2: software's sign.",
    hint="Swap the roles of the two classes in the identity, or use "
    "`logitlab.softmax_to_logistic(b1, b2, positive=1)`.",
    solution="from logitlab import softmax_to_logistic\n\n"
    "answer_2 = float(softmax_to_logistic(0.35, 1.6, positive=1))",
    traps=[
        (-1.25, "That is beta = b1 - b2, the coefficient of class 1; the probability of "
         "class 2 needs b2 - b1, the opposite sign."),
        (1.6, "That is b2 alone; the sigmoid needs the difference of the two coefficients."),
        (1.95, "That is b1 + b2, which no probability sees."),
    ],
    nudge="Expected one number: the coefficient of the sigmoid that reports class 2.",
    transfer=True,
)

q3 = Exercise(
    "Question 3",
    "The class scores are `a1 + x*b1` and `a2 + x*b2` with a1 = 0.6, b1 = 1.3, "
    "a2 = -0.35, b2 = 0.45. Give the logistic [intercept, slope] for class 1 as a list.",
    [0.95, 0.85],
    variable="answer_3",
    why="An intercept is one more coefficient (on a column of ones): "
    "[a1 - a2, b1 - b2] = [0.95, 0.85].",
    hint="Treat the intercept as the coefficient of a feature that is always 1, and map "
    "it exactly like the slope.",
    solution="import numpy as np\n\n"
    "class1 = np.array([0.6, 1.3])  # [intercept, slope]\n"
    "class2 = np.array([-0.35, 0.45])\n"
    "answer_3 = (class1 - class2).tolist()",
    traps=[
        ([0.6, 1.3], "That is class 1's coefficients alone; subtract class 2's."),
        ([0.6, 0.85], "The slope is right; the intercept maps the same way (a1 - a2)."),
        ([-0.95, -0.85], "That is class 2's logistic coefficients: the sign is flipped."),
    ],
    nudge="Expected two numbers, [intercept, slope].",
    transfer=True,
)

def _fmt(row) -> str:
    return "[" + ", ".join(f"{v:g}" for v in row) + "]"


def _q4(row0=(0.3, -0.5), row1=(1.1, 0.7)) -> Exercise:
    r0, r1 = np.asarray(row0, dtype=float), np.asarray(row1, dtype=float)
    # Rounded so that a solution printed to 10 digits reads as the key.
    beta = np.round(r1 - r0, 10).tolist()
    return Exercise(
        "Question 4",
        "A two-class softmax output layer (no bias, two features) was trained on labels 0 "
        "and 1, fed as the class indices: row 0 holds label 0's weights and row 1 label 1's, "
        f"row 0 = {_fmt(r0)} and row 1 = {_fmt(r1)}. Give the coefficient vector gamma "
        "with `sigmoid(x @ gamma)` = P(label 1) for every x, as a list.",
        beta,
        variable="answer_4",
        why="Label 1 is the second sorted label, so class 2, row 1. P(class 2) = "
        f"sigmoid(x @ (beta2 - beta1)), so gamma = row 1 - row 0 = {_fmt(beta)}: the "
        "accepted answer's sign, the usual one in software.",
        hint="Which class (and which row) is label 1? Then use the identity for the second "
        "softmax entry: softmax([a, b])[1] = sigmoid(b - a).",
        solution="import numpy as np\n\n"
        f"row0 = np.array({r0.tolist()!r})  # class 1 = label 0 (beta1)\n"
        f"row1 = np.array({r1.tolist()!r})  # class 2 = label 1 (beta2)\n"
        "answer_4 = (row1 - row0).tolist()  # gamma = beta2 - beta1",
        traps=[
            ((r0 - r1).tolist(), "Right rows, wrong sign: row 0 - row 1 = beta1 - beta2 gives "
             "P(class 1) = P(label 0). Label 1 is class 2, which needs beta2 - beta1."),
            (r1.tolist(), "That is row 1 alone, the question's mistake: a sigmoid needs the "
             "difference of the two rows."),
            (r0.tolist(), "That is row 0 alone, the row of class 1 = label 0; the sigmoid "
             "needs the difference of the rows, row 1 - row 0."),
            ((r0 + r1).tolist(), "That is the sum of the rows: adding the same vector to both "
             "rows changes no probability, so the sum says nothing about P(label 1)."),
        ],
        nudge="Expected two numbers: one coefficient per feature, from the two rows.",
        variant=_q4_variant,
        params={"row0": r0.tolist(), "row1": r1.tolist()},
    )


def _q4_variant(rng: np.random.Generator) -> Exercise:
    while True:
        r0, r1 = np.round(rng.uniform(-2, 2, size=(2, 2)), 1)
        # No zero entry: a zero weight or a zero difference reads like a typo.
        if np.all(r0) and np.all(r1) and np.all(r1 - r0) and distinct(
            r1 - r0, r0 - r1, r1, r0, r0 + r1
        ):
            return _q4(r0.tolist(), r1.tolist())


q4 = _q4()
