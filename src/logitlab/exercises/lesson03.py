"""Exercises for lesson 03, *one beta, many softmaxes*.

Examples
--------
>>> from logitlab.exercises import lesson03 as ex
>>> print(ex.q2.evaluate([1.2, -1.2]))
Correct: The symmetric point is (beta/2, -beta/2): its sum is 0 and its difference is beta.
>>> print(ex.q2.evaluate([3.2, 0.8]))  # doctest: +ELLIPSIS
Not quite: you gave [3.2, 0.8]. That pair is on the right line (b1 - b2 = 2.4) ...
"""

from ._core import Exercise

__all__ = ["q1", "q2", "q3"]

q1 = Exercise(
    "Question 1",
    "Start from the question's b1 = 1, b2 = -1 and add c = 10 to both coefficients. "
    "What is P(class 1) = `softmax([x*(b1 + c), x*(b2 + c)])[0]` at x = 0.5, as a float?",
    0.7310585786300049,
    variable="answer_1",
    why="Adding c to both coefficients adds x*c to both scores, and softmax ignores a "
    "common shift: still sigmoid(0.5 * 2) = 0.7310585786300049.",
    hint="What happens to b1 - b2 when you add the same c to both?",
    solution="from logitlab import softmax\n\nx, b1, b2, c = 0.5, 1, -1, 10\n"
    "answer_1 = float(softmax([x * (b1 + c), x * (b2 + c)])[0])",
    traps=[
        (0.995929862284104, "That is sigmoid(x*(b1 + c)): only one class was shifted."),
        (0.2689414213699951, "That is P(class 2)."),
    ],
)


q2 = Exercise(
    "Question 2",
    "A binary logistic regression has beta = 2.4. Give the symmetric two-class softmax "
    "coefficients [b1, b2] (the pair an L2 penalty picks).",
    [1.2, -1.2],
    variable="answer_2",
    why="The symmetric point is (beta/2, -beta/2): its sum is 0 and its difference is beta.",
    hint="You need b1 - b2 = 2.4 and b1 + b2 = 0; or call "
    "`logitlab.logistic_to_softmax(2.4, 'symmetric')`.",
    solution="from logitlab import logistic_to_softmax\n\n"
    "answer_2 = [float(b) for b in logistic_to_softmax(2.4, 'symmetric')]",
    traps=[
        ([2.4, 0.0], "That is the reference-class point (beta, 0), class 2 fixed at 0; the "
         "symmetric one has b1 + b2 = 0."),
        ([-1.2, 1.2], "Sum zero, but b1 - b2 = -2.4: the classes are swapped."),
        ([2.4, -2.4], "Sum zero, but the difference is 4.8: each coefficient is beta/2."),
        # On the valley but not at the symmetric point: say so rather than just "wrong".
        ([3.2, 0.8], "That pair is on the right line (b1 - b2 = 2.4) and gives the same "
         "probabilities, but it is not the symmetric one: b1 + b2 must be 0."),
    ],
    nudge="Expected two numbers [b1, b2].",
)
q3 = Exercise(
    "Question 3",
    "A free softmax ended at (b1, b2) = (3.7, 1.7). Which shift c, added to both, moves "
    "it along the valley to the reference-class point (beta, 0), with class 2 as the reference?",
    -1.7,
    variable="answer_3",
    why="c = -b2 = -1.7 gives (2.0, 0.0); the difference, beta = 2, never changes.",
    hint="After the shift the second coefficient must be 0.",
    solution="b1, b2 = 3.7, 1.7\nanswer_3 = -b2",
    traps=[
        (1.7, "Right size, wrong direction: b2 + c must be 0."),
        (-3.7, "That moves b1 to 0, making class 1 the reference; here class 2 is."),
        (2.0, "That is beta, the point's difference, not the shift."),
    ],
)
