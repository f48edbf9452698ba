"""Exercises for lesson 07, *more than two classes*.

Questions 3 and 4 are transfer questions (their answers are printed nowhere
in the lesson); question 2 asks about intercepts the lesson never reports and
has practice variants: ``ex.q2.practice(seed=1)``.
``predict_regions`` is asked before the lesson's RegionsExplorer.

Examples
--------
>>> from logitlab.exercises import lesson07 as ex
>>> print(ex.q2.evaluate([-1.6, -3.1, 0.0]))  # doctest: +ELLIPSIS
Correct: Changing the reference subtracts the new reference's intercept...
>>> print(ex.q3.evaluate(1.0))  # doctest: +ELLIPSIS
Not quite: you gave 1.0. That is what a softmax would give...
>>> print(ex.q4.evaluate(-1.05))  # doctest: +ELLIPSIS
Not quite: you gave -1.05. You took the rows in the order the labels first appear...
"""

import numpy as np

from ._core import Exercise, distinct

__all__ = ["predict_regions", "q1", "q2", "q3", "q4"]

# Asked before the lesson's RegionsExplorer: its default model, class 3's
# intercept raised from -1 to 0. Scores tie where 2*x1 = -x1 + 1.7*x2 (classes
# 1 and 2: 3*x1 = 1.7*x2) and 2*x1 - 1 = -x1 - 1.7*x2 (classes 1 and 3), so
# 6*x1 = 1: x1 = 1/6, x2 = 3*x1/1.7 = 5/17. atol lets a 3-decimal answer pass.
_MEET = [1 / 6, 5 / 17]

predict_regions = Exercise(
    "Prediction",
    "The explorer's model has the scores class 1: -1 + 2*x1, class 2: -1 - x1 + 1.7*x2, "
    "class 3: -1 - x1 - 1.7*x2; its three decision boundaries meet at the origin. Raise "
    "class 3's intercept from -1 to 0. Which region grows, and where do the three "
    "boundaries meet now? Give the meeting point [x1, x2].",
    _MEET,
    variable="prediction",
    why="Class 3's score rises by 1 everywhere, so its region grows and pushes the meeting "
    "point away from it. The boundary between classes 1 and 2 does not involve class 3: it "
    "stays on the line 3*x1 = 1.7*x2, only its end moves. On that line class 1 ties with "
    "class 3 where 2*x1 - 1 = -x1 - 1.7*x2, i.e. 6*x1 = 1: [1/6, 5/17] = [0.167, 0.294].",
    hint="The meeting point is where all three scores are equal: write score 1 = score 2 "
    "and score 1 = score 3 with class 3's new intercept, and solve the two linear equations.",
    explanation="Only differences of scores decide the regions: changing one class's "
    "intercept moves the two boundaries of that class, parallel to themselves.",
    solution="import numpy as np\n\n"
    "coef = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])\n"
    "intercept = np.array([-1.0, -1.0, 0.0])   # class 3's raised to 0\n"
    "# score 1 - score 2 = 0 and score 1 - score 3 = 0\n"
    "A = np.array([coef[0] - coef[1], coef[0] - coef[2]])\n"
    "b = -np.array([intercept[0] - intercept[1], intercept[0] - intercept[2]])\n"
    "prediction = np.linalg.solve(A, b).tolist()",
    traps=[
        ([0.0, 0.0], "Nothing moves only when every intercept rises by the same amount "
         "(shift invariance). One intercept alone changes the score differences with that "
         "class, so its two boundaries move."),
        ([-1 / 6, -5 / 17], "The right distance, the wrong way: a larger class 3 score "
         "makes class 3's region grow, so the meeting point moves away from class 3 (whose "
         "weights point to -x1, -x2)."),
        ([1 / 3, 0.0], "That is where classes 1 and 3 tie on the x1 axis. The meeting "
         "point must also lie on the boundary between classes 1 and 2, 3*x1 = 1.7*x2, which "
         "class 3's intercept does not move."),
    ],
    nudge="Expected [x1, x2]: the point where all three scores are equal after the change.",
    atol=5e-3,
)

q1 = Exercise(
    "Question 1",
    "A softmax regression with K = 4 classes is reported with a reference class. How "
    "many coefficient vectors (sets of log-odds) does the report contain?",
    3,
    variable="answer_1",
    why="One per non-reference class: K - 1 = 3 log-odds against the reference, which "
    "has its row fixed at zero.",
    hint="Which row is fixed at zero, and what do the others measure?",
    solution="K = 4\nanswer_1 = K - 1",
    traps=[
        (4, "That is the free parameterisation: adding the same vector to all four rows "
         "changes nothing, so one row is redundant."),
        (6, "That is the number of class pairs; every pair's log-odds follows from the "
         "K - 1 reported ones by subtraction."),
    ],
)

def _q2(a=(0.0, -1.5, 1.6)) -> Exercise:
    # The intercepts as reported with class 1 as the reference (a[0] is 0).
    a = [float(v) + 0.0 for v in a]  # + 0.0 turns a drawn -0.0 into 0.0
    key = [round(v - a[2], 10) + 0.0 for v in a]
    shown = ", ".join(repr(v) for v in a)
    return Exercise(
        "Question 2",
        f"A three-class softmax is reported with class 1 as the reference class: its "
        f"intercepts are a = [{shown}]. Report the same model with class 3 as the reference: "
        "give the three intercepts as a list.",
        key,
        variable="answer_2",
        why=f"Changing the reference subtracts the new reference's intercept from every "
        f"class's: [{shown}] - ({a[2]:g}) = [{', '.join(repr(v) for v in key)}]. Any "
        "parameterisation works as the start, since only differences of intercepts matter; "
        "the probabilities are unchanged.",
        hint="Subtract class 3's intercept from every class's intercept.",
        solution=f"a = {a!r}   # class 1 is the reference: a[0] = 0\n"
        "answer_2 = [ak - a[2] for ak in a]",
        traps=[
            ([round(a[2] - v, 10) + 0.0 for v in a], "The sign is flipped: against class 3, "
             "class k's intercept is a_k - a_3, not a_3 - a_k."),
            ([a[0], a[1], 0.0], "Only the reference was set to 0: the others must move by "
             "the same amount, or the probabilities change."),
            (list(a), "That is the report with class 1 as the reference, unchanged; the "
             "question asks for class 3."),
        ],
        # Not marked transfer: the reference's own 0 is printed everywhere. The question is
        # still not answerable by copying: the lesson prints no report of these intercepts.
        variant=_q2_variant,
        params={"a": a},
    )


def _q2_variant(rng: np.random.Generator) -> Exercise:
    while True:
        q = _q2([0.0, *np.round(rng.uniform(-2, 2, size=2), 1).tolist()])
        if distinct(q.expected, *(value for value, _ in q.traps)):
            return q


q2 = _q2()

q3 = Exercise(
    "Question 3",
    "A multi-label model applies an independent sigmoid to each of the three scores "
    "[2.0, 1.0, -1.0]. What is the sum of the three probabilities (a float)?",
    1.880797077977882,
    variable="answer_3",
    why="sigmoid(2) + sigmoid(1) + sigmoid(-1) = 0.8808 + 0.7311 + 0.2689 = 1.8808: "
    "independent sigmoids do not compete, so nothing makes them sum to 1.",
    hint="Compute `sigmoid([2.0, 1.0, -1.0])` and add the entries.",
    solution="from logitlab import sigmoid\n\n"
    "answer_3 = float(sigmoid([2.0, 1.0, -1.0]).sum())",
    traps=[
        (1.0, "That is what a softmax would give: the sigmoids are independent and need "
         "not sum to 1."),
    ],
    transfer=True,
)

q4 = Exercise(
    "Question 4",
    "A scikit-learn `LogisticRegression` is trained on three labels that appear in the "
    "data in the order 'dog', 'fox', 'cat'. For one feature its `coef_` column is "
    "[0.85, -0.2, -0.65] (one row per class). What is that feature's coefficient in the "
    "log-odds log(P(fox) / P(dog))?",
    -0.45,
    variable="answer_4",
    why="Software sorts the labels: 'cat', 'dog', 'fox' are classes 1, 2, 3, rows 0, 1, 2. "
    "log(P(fox)/P(dog)) has the coefficient row 2 - row 1 = -0.65 - (-0.2) = -0.45.",
    hint="First put the labels in the order software uses for the rows; then the "
    "log-odds of two classes is the difference of their two rows (fox minus dog).",
    solution="classes = sorted(['dog', 'fox', 'cat'])  # the order of coef_'s rows\n"
    "coef = dict(zip(classes, [0.85, -0.2, -0.65]))\n"
    "answer_4 = coef['fox'] - coef['dog']",
    traps=[
        (0.45, "Right rows, wrong sign: that is log(P(dog) / P(fox)), dog minus fox."),
        (-1.05, "You took the rows in the order the labels first appear in the data; "
         "software sorts the labels, so the rows are cat, dog, fox."),
        (1.05, "You took the rows in the order the labels first appear, and the sign is "
         "flipped too; software sorts the labels (cat, dog, fox)."),
        (-0.65, "That is the fox row alone: a log-odds between two classes is the "
         "difference of their rows (here the rows sum to zero, so one row measures fox "
         "against the geometric mean of all three probabilities, not against dog)."),
        (-1.5, "That is fox minus cat (row 2 - row 0): the question asks about dog, row 1."),
    ],
    rtol=1e-9,
    atol=1e-9,
    transfer=True,
)
