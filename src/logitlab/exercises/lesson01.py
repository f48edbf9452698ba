"""Exercises for lesson 01, *the question*.

The setting is the Cross Validated question's: ``x = 0.5``, ``b1 = 1``,
``b2 = -1``, softmax scores ``[x*b1, x*b2]``.

Examples
--------
>>> from logitlab.exercises import lesson01 as ex
>>> print(ex.q1.evaluate(2.0))
Correct: softmax([x*b1, x*b2])[0] = sigmoid(x*(b1 - b2)), so beta = b1 - b2 = 2.
>>> print(ex.q1.evaluate(1.0))  # doctest: +ELLIPSIS
Not quite: you gave 1.0. That is b1 alone, the question's mistake: ...
"""

from ._core import Exercise

__all__ = ["q1", "q2", "q3"]

q1 = Exercise(
    "Question 1",
    "With x = 0.5, b1 = 1 and b2 = -1, which logistic coefficient beta makes "
    "`sigmoid(x*beta)` equal to `softmax([x*b1, x*b2])[0]`?",
    2.0,
    variable="answer_1",
    why="softmax([x*b1, x*b2])[0] = sigmoid(x*(b1 - b2)), so beta = b1 - b2 = 2.",
    hint="Divide the numerator and the denominator of the first softmax entry by "
    "exp(x*b1): what is left in the exponent?",
    explanation="The first softmax entry is 1 / (1 + exp(-x*(b1 - b2))), the sigmoid of "
    "x*(b1 - b2).",
    solution="b1, b2 = 1, -1\nanswer_1 = b1 - b2",
    traps=[
        (1.0, "That is b1 alone, the question's mistake: the sigmoid needs the "
         "difference of the two class coefficients."),
        (-2.0, "That is the accepted answer's sign: it holds when the sigmoid reports "
         "class 2 (label 1, as software does). Here it reports class 1, entry [0]."),
        (0.5, "That is x, not a coefficient."),
    ],
    nudge="Expected a single coefficient; compare the two scores x*b1 and x*b2.",
)

q2 = Exercise(
    "Question 2",
    "Compute P(class 1) = `softmax([x*b1, x*b2])[0]` for the question's values, as a "
    "Python float (use `logitlab.softmax`).",
    0.7310585786300049,
    variable="answer_2",
    why="softmax([0.5, -0.5])[0] = sigmoid(1) = 0.7310585786300049, the number the "
    "question's softmax side printed.",
    hint="`float(softmax([x*b1, x*b2])[0])`.",
    solution="from logitlab import softmax\n\nx, b1, b2 = 0.5, 1, -1\n"
    "answer_2 = float(softmax([x * b1, x * b2])[0])",
    traps=[
        (0.6224593312018546, "That is sigmoid(x*b1), the question's left-hand number: the "
         "sigmoid of one class's score is not a softmax probability."),
        (0.2689414213699951, "That is the second entry, P(class 2)."),
        (0.3775406687981454, "That is sigmoid(x*b2), the question's second number."),
    ],
)

q3 = Exercise(
    "Question 3",
    "A colleague fitted a two-class softmax with the symmetric (sum-to-zero) solution "
    "and reports b1 = 0.7 and b2 = -0.7 for a feature. What is the logistic "
    "coefficient for class 1?",
    1.4,
    variable="answer_3",
    why="beta = b1 - b2 = 0.7 - (-0.7) = 1.4: with b2 = -b1 each class coefficient is "
    "half the logistic one.",
    hint="Under b2 = -b1, how does b1 - b2 compare with b1?",
    solution="b1, b2 = 0.7, -0.7\nanswer_3 = b1 - b2",
    traps=[
        (0.7, "That is b1 itself: with b2 = -b1 it is exactly half the logistic "
         "coefficient (the factor-of-2 trap)."),
        (-1.4, "Right size, wrong sign: the sigmoid reports class 1 here."),
        (0.35, "You halved it; the logistic coefficient is the larger number."),
    ],
)
