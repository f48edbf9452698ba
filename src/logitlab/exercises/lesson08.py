"""Exercises for lesson 08, *one logit or two*.

Questions 1 to 4 are transfer questions (their answers are printed nowhere
in the lesson); questions 1 and 3 have practice variants:
``ex.q1.practice(seed=1)``. The predictions are asked before what they
predict: ``predict_momentum``, ``predict_adam`` and ``predict_adamw`` before
the optimiser runs, ``predict_winner`` before the RandomUtilityExplorer.

Examples
--------
>>> from logitlab.exercises import lesson08 as ex
>>> print(ex.q1.evaluate(0.1678))  # doctest: +ELLIPSIS
Not quite: you gave 0.1678. That is the loss of a class 1 example...
>>> print(ex.predict_adam.evaluate("B"))  # doctest: +ELLIPSIS
Correct: It drifts (here to 2.417). Adam divides each entry...
>>> print(ex.q4.evaluate(0.7))  # doctest: +ELLIPSIS
Not quite: you gave 0.7. That is the one-vs-rest probability before renormalising...
"""

import math

import numpy as np

from ..functions import log_softmax, sigmoid, softmax
from ._core import Choice, Exercise, distinct

__all__ = [
    "predict_adam",
    "predict_adamw",
    "predict_momentum",
    "predict_winner",
    "q1",
    "q2",
    "q3",
    "q4",
]

# -- predictions ----------------------------------------------------------------
# The lesson's optimiser runs: three classes, one feature, no intercept, rows
# starting at [1.0, 0.0, 0.5], 200 steps of lr 0.1.
_START = (1.0, 0.0, 0.5)
_START_SUM = sum(_START)

predict_momentum = Choice(
    "Prediction 1",
    "Three classes, one feature, no intercept. The class rows start at b1 = 1.0, b2 = 0.0, "
    "b3 = 0.5. After 200 steps of gradient descent with heavy-ball momentum (lr = 0.1, "
    "mu = 0.9), what has happened to the sum b1 + b2 + b3?",
    [
        ("stays", "It is exactly where it started.", ""),
        ("zero", "It has shrunk towards 0, the symmetric point of the valley.",
         "Zero is where an L2 penalty (or weight decay) would pull the sum; this run has no "
         "penalty, and momentum only adds up gradients whose rows sum to zero."),
        ("drifts", "It has drifted somewhere new, carried by the momentum.",
         "Momentum adds up past gradients, but each of them has rows that sum to zero, so "
         "their running sum does too: nothing pushes along the valley."),
    ],
    "stays",
    variable="prediction",
    why="Every example's gradient rows sum to zero over the classes (p - onehot sums to "
    "1 - 1 = 0), so each step, and momentum's running sum of steps, moves the rows by "
    "amounts that add up to zero: the sum stays at its start.",
    hint="Add up the K entries of one example's gradient, p - onehot. What does that do to "
    "the sum of the rows, step after step?",
    explanation="The softmax gradient rows sum to zero, and momentum only adds gradients "
    "up: the row sum is conserved for any number of classes.",
    solution="prediction = 'A'   # the sum stays: each gradient's rows sum to zero",
)

# Where the lesson's Adam run (three classes) ends: the sum drifts from 1.5 to
# this (tested against Adam written out in NumPy).
_ADAM_SUM = 2.417282080632

predict_adam = Choice(
    "Prediction 2",
    "The same three classes and the same start, now 200 steps of Adam (lr = 0.1, "
    "betas = (0.9, 0.999)). What happens to the sum b1 + b2 + b3?",
    [
        ("stays", "It stays where it started, as under gradient descent and momentum.",
         "That holds for plain gradient descent and momentum, and for Adam with two classes "
         "only: with three, each row's step is divided by that row's own running size, and "
         "the steps no longer cancel."),
        ("drifts", "It drifts to a new value.", ""),
        ("zero", "It shrinks towards 0.",
         "Nothing in Adam pulls towards 0: that is what weight decay or an L2 penalty does "
         "(the next prediction). Adam moves the sum, but in no fixed direction."),
    ],
    "drifts",
    variable="prediction",
    why=f"It drifts (here to {_ADAM_SUM:.3f}). Adam divides each entry of the gradient by "
    "its own running size (the root of v), so the three rows' steps no longer add up to "
    "zero. With two classes the two entries are equal and opposite, their sizes equal, and "
    "the sum stays put.",
    hint="The gradients still sum to zero over the classes. Does each row's step, "
    "m_hat / (sqrt(v_hat) + eps), still do so when the rows' gradients differ in size?",
    solution="prediction = 'B'   # the sum drifts: each row's step is scaled by its own size",
)

predict_adamw = Exercise(
    "Prediction 3",
    "Two classes, one feature, no intercept, rows starting at b1 = 1.0, b2 = 0.5 (sum 1.5). "
    "200 steps of AdamW (lr = 0.1, weight_decay = 0.5). Near which value does b1 + b2 end?",
    0.0,
    variable="prediction",
    why="For two classes Adam's own steps keep the sum; the decoupled decay multiplies "
    "every weight by 1 - lr*weight_decay = 0.95 at each step, so the sum shrinks by that "
    "factor 200 times: to about 0, the symmetric point that L2 picks. (With three or more "
    "classes Adam's own steps push the sum too, and AdamW settles where the two balance: "
    "the lesson runs it.)",
    hint="Adam alone keeps the sum for two classes. What does multiplying every weight by "
    "(1 - lr*weight_decay) at each step do to the sum?",
    solution="start_sum, lr, decay = 1.5, 0.1, 0.5\n"
    "prediction = start_sum * (1 - lr * decay) ** 200   # about 5e-5: zero",
    traps=[
        (_START_SUM, "That is Adam without the decay. AdamW's decay shrinks every weight, "
         "and with it the sum of the rows."),
        (0.75, "Half the start: the decay is applied at every one of the 200 steps, not once."),
    ],
    nudge="Expected one number: where the sum of the two rows heads.",
    atol=0.01,
)

# Asked before the RandomUtilityExplorer, which opens at the question's two
# scores (0.5, -0.5): a third class with score 0 joins. Not recall: the lesson
# prints no three-class share of these scores before the check.
_THREE = (0.5, -0.5, 0.0)
_THREE_P = softmax(list(_THREE))

predict_winner = Exercise(
    "Prediction 4",
    "Two classes with the scores z1 = 0.5 and z2 = -0.5 (the question's x*b1 and x*b2). "
    "A third class joins with the score z3 = 0. Each draw adds independent standard Gumbel "
    "noise to each score and the largest utility wins. In the long run, what share of the "
    "draws does class 2 win?",
    float(_THREE_P[1]),
    variable="prediction",
    why=f"The Gumbel-max trick holds for any number of classes: class k wins with "
    f"probability softmax(z)[k-1], here softmax([0.5, -0.5, 0])[1] = {_THREE_P[1]:.4f}. "
    "Class 1 still wins e^1 = 2.718 times as often as class 2, as with two classes: the "
    "third class takes draws from both in proportion (independence of irrelevant "
    "alternatives).",
    hint="Which function of all three scores gives the winning shares? Class 2 is entry [1].",
    solution="from logitlab import softmax\n\n"
    "prediction = float(softmax([0.5, -0.5, 0.0])[1])",
    traps=[
        (float(sigmoid(-1.0)), "That is class 2's share with two classes; the third class "
         "wins some draws, and takes them from class 2 as well."),
        (1.0 / 3.0, "The noise is the same kind for every class, but the scores differ: it "
         "is no fair lottery."),
        (float(_THREE_P[0]), "That is class 1's share (entry [0]); class 2 is entry [1]."),
        (float(_THREE_P[2]), "That is class 3's share (entry [2]); class 2 is entry [1]."),
        (float(sigmoid(-0.5)), "That is sigma(z2), class 2's score alone: the winner "
         "depends on all three scores."),
    ],
    nudge="Expected a share between 0 and 1.",
    atol=0.005,
)


# -- questions -----------------------------------------------------------------
def _apart(q: Exercise, gap: float) -> bool:
    """A drawn variant's key and traps differ by more than `gap` (beyond its atol)."""
    values = [q.expected, *(value for value, _ in q.traps)]
    return distinct(*values) and all(
        abs(a - b) > gap for i, a in enumerate(values) for b in values[i + 1:]
    )


def _q1(z1: float = 1.3, z2: float = -0.4, k: int = 2) -> Exercise:
    z1, z2 = float(z1) + 0.0, float(z2) + 0.0  # + 0.0 turns a drawn -0.0 into 0.0
    logp = log_softmax([z1, z2])
    key = float(-logp[k - 1])
    other = 3 - k
    label = k - 1
    own = z1 if k == 1 else z2
    # The one logit models P(label 1) = P(class 2) = sigma(z2 - z1).
    d = z2 - z1
    return Exercise(
        "Question 1",
        f"A two-output last layer gives the logits [z1, z2] = [{z1:g}, {z2:g}] for one "
        f"example of class {k} (label {label}). What is its softmax cross-entropy loss "
        "(natural log)? The same number is what BCEWithLogits gives for the one logit "
        "z = z2 - z1.",
        key,
        variable="answer_1",
        why=f"The loss is -log softmax([z1, z2])[{k - 1}]; with one logit z = z2 - z1 = "
        f"{d:g} for P(label 1) = P(class 2), it is -log sigma({'z' if k == 2 else '-z'}) "
        f"= {key:.6g}.",
        hint="Take -log of the softmax entry of the example's own class (entry [k-1]), or "
        "build the one logit z = z2 - z1 and use -log sigma(z) for label 1, "
        "-log sigma(-z) for label 0. `logitlab.log_softmax` does it stably.",
        solution="from logitlab import log_softmax\n\n"
        f"answer_1 = float(-log_softmax([{z1!r}, {z2!r}])[{k - 1}])   # class {k} = entry "
        f"[{k - 1}]",
        traps=[
            (float(-logp[other - 1]), f"That is the loss of a class {other} example "
             f"(entry [{other - 1}]); this one is class {k}, label {label}."),
            (float(-np.log(sigmoid(own))), f"That is -log sigma(z{k}), the sigmoid of its "
             "own score alone: the one logit is the difference of the two scores."),
            (key / math.log(2), "That is the loss in bits (log base 2); the frameworks use "
             "the natural log."),
        ],
        nudge=f"Expected one number: -log of the class {k} probability.",
        atol=5e-4,
        transfer=True,
        variant=_q1_variant,
        params={"z1": z1, "z2": z2, "k": k},
    )


def _q1_variant(rng: np.random.Generator) -> Exercise:
    while True:
        z1, z2 = (round(float(v), 1) for v in rng.uniform(-3, 3, size=2))
        k = int(rng.integers(1, 3))
        q = _q1(z1, z2, k)
        if z1 != z2 and _apart(q, 0.01):
            return q


q1 = _q1()

# float16 keeps 11 significant bits: 1 + e rounds to 1 once e <= 2**-11, so
# 1 / (1 + exp(-z)) is exactly 1 from z = 11*log(2) = 7.6246 (float16's own
# grid puts the first such z at 7.625; atol accepts both).
q2 = Exercise(
    "Question 2",
    "float16 keeps 10 stored significant bits (`np.finfo(np.float16).nmant`; float32 keeps "
    "23 and float64 52, each with one more implicit leading bit). From which z on is "
    "1 / (1 + exp(-z)), computed in float16, exactly 1? (a number, 2 decimals suffice)",
    11 * math.log(2),
    variable="answer_2",
    why="float16 has 10 + 1 = 11 significant bits, so the spacing of floats just above 1 is "
    "2**-10 and 1 + e rounds to 1 once e = exp(-z) <= 2**-11: z >= 11*log(2) = 7.62.",
    hint="As in the lesson: 1 + e is 1 once e is at most half the gap above 1. Count the "
    "significant bits with the implicit one, then z = bits * log(2).",
    solution="import math\n\n"
    "bits = 10 + 1                      # stored bits + the implicit leading 1\n"
    "answer_2 = bits * math.log(2)      # exp(-z) <= 2**-bits",
    traps=[
        (10 * math.log(2), "That counts only the 10 stored bits; the implicit leading 1 "
         "makes 11 significant bits."),
        (24 * math.log(2), "That is float32's edge (24 significant bits)."),
        (53 * math.log(2), "That is float64's edge (53 significant bits)."),
        (math.log(65504.0), "That is where float16's exp overflows (log of its largest "
         "value, 65504): a different edge."),
        (math.log(2.0**12 - 1.0), "That is where the exact sigma(z) rounds to 1 in float16; "
         "the formula's 1 + e rounds to 1 earlier."),
    ],
    nudge="Expected one number z: where exp(-z) falls to half the gap above 1.",
    atol=0.01,
    transfer=True,
)


def _q3(scores=(0.2, 1.1, -0.6), k: int = 2) -> Exercise:
    z = [float(v) + 0.0 for v in scores]
    p = softmax(z)
    key = float(p[k - 1])
    shown = ", ".join(f"{v:g}" for v in z)
    others = [j for j in range(1, 4) if j != k]
    traps = [
        (float(sigmoid(z[k - 1])), f"That is sigma(z{k}), class {k}'s score alone; the "
         "winner depends on the differences of all the scores."),
        (float(sigmoid(z[k - 1] - z[others[0] - 1])), f"That is class {k} against class "
         f"{others[0]} only; class {others[1]} competes too: use all three scores."),
        (1.0 / 3.0, "The noise is the same kind for every class, but the scores differ: "
         "it is no fair lottery."),
    ]
    for j in others:
        traps.append((float(p[j - 1]), f"That is class {j}'s probability, entry "
                      f"[{j - 1}]; class {k} is entry [{k - 1}]."))
    return Exercise(
        "Question 3",
        f"Three classes with the scores z = [{shown}]. Each gets independent standard "
        f"Gumbel noise and the largest score-plus-noise wins. What is the probability "
        f"that class {k} wins?",
        key,
        variable="answer_3",
        why=f"The Gumbel-max trick: P(class {k} wins) = softmax(z)[{k - 1}] = {key:.6g}.",
        hint="Which function of the scores gives the winning probabilities of "
        "score-plus-Gumbel-noise? Mind which entry is class k.",
        solution="from logitlab import softmax\n\n"
        f"answer_3 = float(softmax([{', '.join(repr(v) for v in z)}])[{k - 1}])",
        traps=traps,
        nudge=f"Expected one probability: class {k}'s share of the wins.",
        atol=1e-6,
        transfer=True,
        variant=_q3_variant,
        params={"scores": z, "k": k},
    )


def _q3_variant(rng: np.random.Generator) -> Exercise:
    while True:
        scores = [round(float(v), 1) for v in rng.uniform(-2, 2, size=3)]
        q = _q3(scores, int(rng.integers(1, 4)))
        if len(set(scores)) == 3 and _apart(q, 0.001):
            return q


q3 = _q3()

_OVR = (0.7, 0.4, 0.1)
q4 = Exercise(
    "Question 4",
    "Three one-vs-rest logistic fits give one respondent P(class 1 vs rest) = 0.7, "
    "P(class 2 vs rest) = 0.4 and P(class 3 vs rest) = 0.1. Renormalised so that the "
    "three sum to 1, what is P(class 1)?",
    _OVR[0] / sum(_OVR),
    variable="answer_4",
    why="Divide each by the total 0.7 + 0.4 + 0.1 = 1.2: P(class 1) = 0.7 / 1.2 = 0.5833. "
    "That is one-vs-rest's answer; a multinomial fit would give another.",
    hint="The three one-vs-rest probabilities need not sum to 1; renormalising divides "
    "each by their sum.",
    solution="p = [0.7, 0.4, 0.1]      # P(class k vs rest), k = 1, 2, 3\n"
    "answer_4 = p[0] / sum(p)",
    traps=[
        (_OVR[0], "That is the one-vs-rest probability before renormalising: the three sum "
         "to 1.2, not 1."),
        (float(softmax(list(_OVR))[0]), "That is the softmax of the three probabilities, "
         "which treats them as scores; renormalising divides by their sum."),
        (_OVR[0] / (_OVR[0] + _OVR[1]), "That leaves out class 3: divide by the sum of "
         "all three."),
    ],
    nudge="Expected one probability: class 1's share of the three.",
    rtol=1e-6,
    atol=1e-6,
    transfer=True,
)
