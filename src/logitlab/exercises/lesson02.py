"""Exercises for lesson 02, *the sigmoid is a two-class softmax*.

Examples
--------
>>> from logitlab.exercises import lesson02 as ex
>>> print(ex.q1.evaluate(-1.5))
Correct: softmax([a, b])[0] = sigmoid(a - b) and 2.5 - 4.0 = -1.5.
"""

from ._core import Exercise

__all__ = ["q1", "q2", "q3"]

q1 = Exercise(
    "Question 1",
    "For the scores a = 2.5 and b = 4.0, which z gives `sigmoid(z) == softmax([a, b])[0]`?",
    -1.5,
    variable="answer_1",
    why="softmax([a, b])[0] = sigmoid(a - b) and 2.5 - 4.0 = -1.5.",
    hint="The identity is softmax([a, b])[0] = 1 / (1 + exp(-(a - b))).",
    solution="a, b = 2.5, 4.0\nanswer_1 = a - b",
    traps=[
        (1.5, "That is b - a: it gives softmax([a, b])[1], the other class."),
        (2.5, "That is a alone; the sigmoid needs the difference of the scores."),
    ],
)

q2 = Exercise(
    "Question 2",
    "Take b1 = 1 and b2 = -1, but let the sigmoid report the *second* class, "
    "`sigmoid(x*beta) == softmax([x*b1, x*b2])[1]` for every x. What is beta?",
    -2.0,
    variable="answer_2",
    why="softmax(...)[1] = sigmoid(x*(b2 - b1)), so beta = -(b1 - b2) = -2: the accepted "
    "answer's sign.",
    hint="Swap the roles of the two classes in the identity, or use "
    "`logitlab.softmax_to_logistic(b1, b2, positive=1)`.",
    solution="from logitlab import softmax_to_logistic\n\n"
    "answer_2 = float(softmax_to_logistic(1, -1, positive=1))",
    traps=[
        (2.0, "That is the coefficient for the first class; the second class's "
         "probability needs the opposite sign."),
    ],
)

q3 = Exercise(
    "Question 3",
    "The class scores are `a1 + x*b1` and `a2 + x*b2` with a1 = 0.5, b1 = 1.2, "
    "a2 = -0.3, b2 = 0.4. Give the logistic [intercept, slope] for class 1 as a list.",
    [0.8, 0.8],
    variable="answer_3",
    why="An intercept is one more coefficient (on a column of ones): "
    "[a1 - a2, b1 - b2] = [0.8, 0.8].",
    hint="Treat the intercept as the coefficient of a feature that is always 1, and map "
    "it exactly like the slope.",
    solution="import numpy as np\n\n"
    "class1 = np.array([0.5, 1.2])  # [intercept, slope]\n"
    "class2 = np.array([-0.3, 0.4])\n"
    "answer_3 = list(class1 - class2)",
    traps=[
        ([0.5, 1.2], "That is class 1's coefficients alone; subtract class 2's."),
        ([0.5, 0.8], "The slope is right; the intercept maps the same way (a1 - a2)."),
        ([-0.8, -0.8], "That is class 2's logistic coefficients: the sign is flipped."),
    ],
    nudge="Expected two numbers, [intercept, slope].",
)
