"""The :class:`Exercise` class behind every lesson's exercises.

Modelled on Kaggle Learn's ``learntools``: a lesson module exposes ``q1``,
``q2``, ... and the notebook calls ``ex.q1.check(answer_1)``,
``ex.q1.hint()`` and ``ex.q1.solution()``. Each call displays a
:class:`Feedback` (coloured Markdown in Jupyter, plain text elsewhere) and
never raises on a student's answer: a wrong type or shape is feedback too.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence, Sized
from decimal import Decimal
from fractions import Fraction

import numpy as np

from ..palette import PALETTE

__all__ = ["Choice", "Exercise", "Feedback", "distinct"]

_COLOURS = {
    "correct": PALETTE["green"],
    "incorrect": PALETTE["vermillion"],
    "unanswered": PALETTE["blue"],
    "hint": PALETTE["blue"],
    "solution": PALETTE["blue"],
}

_LABELS = {
    "correct": "Correct",
    "incorrect": "Not quite",
    "unanswered": "Not answered yet",
    "hint": "Hint",
    "solution": "Solution",
}


class Feedback:
    """The result of a check, a hint or a solution request.

    Parameters
    ----------
    kind : {"correct", "incorrect", "unanswered", "hint", "solution"}
        What sort of message this is; sets the label and its colour.
    message : str
        The text after the label (Markdown allowed, kept readable as plain text).
    code : str, optional
        Code shown in a fenced block after the message (used by solutions).

    Attributes
    ----------
    correct : bool
        True only for ``kind == "correct"``.

    Examples
    --------
    >>> print(Feedback("hint", "Subtract the two coefficients."))
    Hint: Subtract the two coefficients.
    >>> Feedback("correct", "beta = b1 - b2.").correct
    True
    """

    def __init__(self, kind: str, message: str, code: str | None = None):
        if kind not in _LABELS:
            raise ValueError(
                f"Feedback(): kind must be one of {', '.join(_LABELS)}, got {kind!r}"
            )
        self.kind = kind
        self.message = message
        self.code = code

    @property
    def correct(self) -> bool:
        return self.kind == "correct"

    @property
    def label(self) -> str:
        return _LABELS[self.kind]

    def __str__(self) -> str:
        text = f"{self.label}: {self.message}"
        if self.code:
            text += "\n\n" + self.code.strip("\n")
        return text

    # The plain-text form is what nbval compares and what a terminal shows.
    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        colour = _COLOURS[self.kind]
        text = f'<span style="color:{colour}; font-weight:bold">{self.label}:</span> {self.message}'
        if self.code:
            text += "\n\n```python\n" + self.code.strip("\n") + "\n```"
        return text


# What a float64 can hold; an exact number beyond it (10**400) is out of range.
_FLOAT_MAX = float(np.finfo(np.float64).max)
# Longer answers are judged by their length alone (no exercise wants that many).
_MAX_ITEMS = 10_000


class _NotNumbers(Exception):
    """Why an answer cannot be read as numbers: its one argument completes "got ..."."""


def _type_name(value) -> str:
    # type() cannot be faked, but a metaclass can still make __name__ raise.
    try:
        name = type(value).__name__
    except Exception:
        return "object"
    return name if isinstance(name, str) else "object"


def _a(word: str) -> str:
    # Mutating "aeiou" to "XXaeiouXX" only adds a capital X, which lower() never gives.
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word  # pragma: no mutate


def _clip(text: str, limit: int = 40) -> str:
    # A pasted essay or a 400-digit integer must not flood the feedback.
    return text if len(text) <= limit else text[: limit - 14] + "…" + text[-13:]


def _is_number(value) -> bool:
    # bool is an int subclass, but True is a statement, not a number; a
    # timedelta64 is a NumPy integer, but a duration is not a number either.
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(
        value, (bool, np.bool_, np.timedelta64)
    )


def _describe(value) -> str:
    """A short, student-readable description of what was passed; never raises."""
    try:
        # `_a(None)` would raise and land in the except clause, which says the
        # same: an equivalent mutant.
        return _describe_unsafe(value) or _a(_type_name(value))  # pragma: no mutate
    except Exception:  # an answer whose own methods raise
        return _a(_type_name(value))


def _describe_unsafe(value) -> str | None:
    """The description for the kinds of answer that have one of their own."""
    if value is None:
        return "None"
    if isinstance(value, str):
        # str.__repr__, not repr(): a str subclass may override __repr__.
        return f"the string {_clip(str.__repr__(value))}"
    if isinstance(value, (bytes, bytearray)):
        return f"the bytes {_clip(repr(bytes(value)))}"
    if isinstance(value, (bool, np.bool_)):
        return f"the boolean {bool(value)}"
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return f"the {type(value).__name__} {_clip(str(value))}"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return f"the complex number {_clip(repr(complex(value)))}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "US":  # "dtype <U32" means nothing to a learner
            return f"an array of strings of shape {value.shape}"
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Sized):  # list, tuple, range, dict, a pandas Series...
        return f"{_a(type(value).__name__)} of length {len(value)}"
    if isinstance(value, numbers.Integral):
        # An int is shown as itself ("the number -1.0" would misquote it),
        # and a long one by its ends and its length.
        whole = int(value)
        sign = "-" if whole < 0 else ""
        try:
            digits = str(abs(whole))
        except ValueError:  # past Python's int-to-str digit limit
            return f"the integer {sign}10**{int(whole.bit_length() * 0.30103)} or so"
        if len(digits) <= 20:
            return f"the integer {whole}"
        return f"the integer {sign}{_clip(digits)} ({len(digits)} digits)"
    if isinstance(value, Fraction):
        return f"the fraction {_clip(str(value))}"
    if isinstance(value, Decimal):
        return f"the decimal {_clip(str(value))}"
    if _is_number(value):
        number = float(value)
        if abs(number) == math.inf and _exactly_finite(value):
            return f"the number {_clip(str(value))}"  # a long double past float64
        return f"the number {number!r}"
    return None


def _named(value) -> str:
    """`_describe(value)`, plus the type's name when a subclass hides behind it."""
    what, name = _describe(value), _type_name(value)
    return what if name.lower() in what.lower() else f"{what}, of type {name}"


def _scalar(value) -> float:
    """One real number as a float; raises _NotNumbers for anything else."""
    if not _is_number(value):
        raise _NotNumbers(_describe(value))
    try:
        number = float(value)
    except OverflowError:  # an exact int or Fraction beyond float64
        number = math.inf
    except Exception as exc:
        raise _NotNumbers(
            f"{_named(value)} (turning it into a float raised {_type_name(exc)})"
        ) from None
    if abs(number) == math.inf and _exactly_finite(value):
        raise _NotNumbers(
            f"{_describe(value)}, beyond the range of a float (about ±1.8e308)"
        )
    return number


def _exactly_finite(value) -> bool:
    if isinstance(value, (numbers.Rational, np.integer)):
        return True
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, np.floating):  # long double holds 1e400
        return bool(np.isfinite(value))
    return False


def _as_array(value) -> np.ndarray:
    """The answer as an array of any dtype (shape only); raises _NotNumbers."""
    if value is None or isinstance(value, (str, bytes, bytearray)):
        raise _NotNumbers(_describe(value))
    if _is_number(value):
        return np.array(value, dtype=object)
    if _too_long(value):
        raise _NotNumbers(_describe(value))
    if np.ma.is_masked(value):
        # np.asarray would drop the mask and judge the hidden numbers.
        raise _NotNumbers(f"{_describe(value)} with masked entries")
    try:
        if isinstance(value, (list, tuple)):
            # dtype=object keeps each item as given, so a bool or a Fraction
            # in a list is judged as itself, not cast by NumPy.
            return np.asarray(value, dtype=object)
        return np.asarray(value)
    except Exception as exc:  # ragged, or an answer whose __array__/__len__ raises
        raise _NotNumbers(
            f"{_named(value)} (turning it into an array raised {_type_name(exc)})"
        ) from None


def _too_long(value) -> bool:
    # np.asarray(range(10**9)) would fill gigabytes only to say "wrong size".
    try:
        return len(value) > _MAX_ITEMS
    except Exception:  # unsized, or a __len__ that raises: np.asarray decides
        return False


def _floats(value, arr: np.ndarray) -> np.ndarray:
    """`arr` (from `_as_array(value)`) as float64; raises _NotNumbers."""
    kind = arr.dtype.kind
    if kind in ("i", "u", "f"):
        with np.errstate(all="ignore"):  # a long double past float64 becomes inf
            return np.array(arr, dtype=np.float64)
    if kind != "O":
        raise _NotNumbers(_describe(value))
    out = np.full(arr.shape, np.nan)
    for index, item in np.ndenumerate(arr):
        if isinstance(item, np.ndarray) and not item.ndim:
            item = item[()]  # [np.array(2.0)] is a list of one number
        if arr.ndim and isinstance(item, (list, tuple, np.ndarray)):
            raise _NotNumbers(f"{_describe(value)} whose items have different lengths")
        try:
            out[index] = _scalar(item)
        except _NotNumbers as problem:
            if not arr.ndim:
                raise
            where = ", ".join(map(str, index))
            raise _NotNumbers(
                f"{_describe(value)} whose item [{where}] is {problem.args[0]}"
            ) from None
    return out


def _as_numbers(value):
    """A float64 array of the answer, or None if it is not numbers; never raises."""
    try:
        # `value` only words the reason, which is dropped here: passing None
        # instead would change nothing (an equivalent mutant).
        return _floats(value, _as_array(value))  # pragma: no mutate
    except Exception:  # _NotNumbers, or an answer whose own methods raise
        return None


class Exercise:
    """One question: checks an answer, gives a hint, shows the solution.

    Parameters
    ----------
    name : str
        Label such as ``"Question 1"``.
    question : str
        The question in one or two sentences (shown when the exercise is displayed).
    expected : float, sequence of float, bool or str
        The right answer. Numbers and sequences are compared with
        ``numpy.isclose(answer, expected, rtol=rtol, atol=atol)``; strings
        case-insensitively after stripping; booleans exactly. A numeric
        answer may be an int of any size, a float, a ``Fraction``, a
        ``Decimal``, a NumPy number of any real dtype, an array, or a
        (nested) list or tuple of these with as many items as `expected`;
        booleans, complex numbers, dates, strings and NaN or infinities are
        refused with a message that says what was given.
    why : str
        One line saying why the right answer is right (shown with "Correct").
    hint : str
        A nudge that does not give the answer away.
    solution : str
        Code that assigns the answer to `variable`; it is executed by the
        tests, so a wrong solution fails CI.
    variable : str, optional
        Name of the answer variable in the notebook (default ``"answer"``).
    explanation : str, optional
        Text shown before the solution code.
    traps : sequence of (value, message), optional
        Known wrong answers and what each one means (for example the
        question's ``sigmoid(x*b1)``). Compared with the same tolerance.
    nudge : str, optional
        Said for any other wrong answer.
    accept : callable, optional
        ``accept(answer) -> bool`` replaces the comparison with `expected`
        when many answers are right (for example any ``(b1, b2)`` with
        ``b1 - b2 == 2``); `expected` is then one right answer, used for
        the type check and as a reference. It is only called on answers of
        the right kind and size, and an exception inside it counts as wrong.
    rtol, atol : float, optional
        Tolerances for numeric answers.
    transfer : bool, optional
        True when the answer is a value the lesson never prints, so that it
        cannot be copied from an output (a test holds the lesson to that).
    variant : callable, optional
        ``variant(rng) -> Exercise``: the same question with numbers drawn
        from the ``numpy.random.Generator`` `rng`, its key, traps, hint and
        solution built from them. It makes :meth:`practice` available.
    params : dict, optional
        The numbers this exercise was built from (a variant's draw), kept so
        that a test can recompute the key independently.

    Examples
    --------
    >>> q = Exercise(
    ...     "Question 1", "What is b1 - b2 for b1 = 1, b2 = -1?", 2.0,
    ...     why="The logistic coefficient is the difference.",
    ...     hint="Subtract.", solution="answer = 1 - (-1)",
    ...     traps=[(1.0, "That is b1 alone.")],
    ... )
    >>> print(q.evaluate(2))
    Correct: The logistic coefficient is the difference.
    >>> print(q.evaluate(1))
    Not quite: you gave 1.0. That is b1 alone.
    >>> from fractions import Fraction
    >>> print(q.evaluate(Fraction(4, 2)))
    Correct: The logistic coefficient is the difference.
    >>> print(q.evaluate(10**400))  # doctest: +ELLIPSIS
    Not quite: expected a number, got the integer 1000...000 (401 digits), beyond the range ...
    >>> print(q.evaluate(None))
    Not answered yet: set `answer` to your answer (a number), then run this cell again.
    >>> print(q.evaluate("two"))
    Not quite: expected a number, got the string 'two'.

    A question with a `variant` gives fresh numbers to practise on:

    >>> def pair(rng):
    ...     b1, b2 = (float(v) for v in rng.integers(-9, 10, size=2))
    ...     return Exercise(
    ...         "Question 1", f"What is b1 - b2 for b1 = {b1}, b2 = {b2}?", b1 - b2,
    ...         why="The logistic coefficient is the difference.", hint="Subtract.",
    ...         solution=f"answer = {b1} - ({b2})", variant=pair,
    ...     )
    >>> q = pair(np.random.default_rng(0))
    >>> again = q.practice(seed=3)
    >>> again.name
    'Question 1 (practice, seed 3)'
    >>> again.question == q.practice(seed=3).question
    True
    """

    def __init__(
        self,
        name: str,
        question: str,
        expected,
        *,
        why: str,
        hint: str,
        solution: str,
        variable: str = "answer",
        explanation: str = "",
        traps: Sequence[tuple[object, str]] = (),
        nudge: str = "Try the hint: `hint()`.",
        accept: Callable[[object], bool] | None = None,
        rtol: float = 1e-9,
        atol: float = 1e-12,
        transfer: bool = False,
        variant: Callable[[np.random.Generator], Exercise] | None = None,
        params: dict | None = None,
    ):
        if not (why and hint and solution):
            raise ValueError(f"Exercise({name!r}): why, hint and solution must all be non-empty")
        self.name = name
        self.question = question
        self.expected = expected
        self.why = why
        self.hint_text = hint
        self.solution_code = solution
        self.variable = variable
        self.explanation = explanation
        self.traps = list(traps)
        self.nudge = nudge
        self.accept = accept
        self.rtol = rtol
        self.atol = atol
        self.transfer = transfer
        self.variant = variant
        self.params = params

    # -- what kind of answer --------------------------------------------
    @property
    def _kind(self) -> str:
        e = self.expected
        if isinstance(e, (bool, np.bool_)):
            return "boolean"
        if isinstance(e, str):
            return "text"
        if _is_number(e):
            return "number"
        return "sequence"

    def _kind_words(self) -> str:
        if self._kind == "sequence":
            return f"a list of {np.size(self.expected)} numbers"
        return {"boolean": "True or False", "text": "a short text", "number": "a number"}[
            self._kind
        ]

    def _matches(self, answer, target) -> bool:
        """True when `answer` equals `target` in the exercise's sense.

        A target of another kind or size is simply no match; an answer whose
        own methods raise is left to the catch-all in :meth:`evaluate`.
        """
        if isinstance(target, (bool, np.bool_)):
            return isinstance(answer, (bool, np.bool_)) and bool(answer) == bool(target)
        if isinstance(target, str):
            return isinstance(answer, str) and answer.strip().lower() == target.strip().lower()
        a, t = _as_numbers(answer), _as_numbers(target)
        # A trap may have another size than the answer: that is simply no match.
        if a is None or t is None or a.size != t.size:
            return False
        return bool(np.all(np.isclose(a.ravel(), t.ravel(), rtol=self.rtol, atol=self.atol)))

    def _is_right(self, answer) -> bool:
        if self.accept is None:
            return self._matches(answer, self.expected)
        try:
            return bool(self.accept(answer))
        except Exception:  # a student's odd answer must never raise
            return False

    def _type_problem(self, answer) -> str | None:
        """Why `answer` cannot be the right kind of thing, or None if it could be."""
        kind = self._kind
        if kind == "boolean":
            ok = isinstance(answer, (bool, np.bool_))
        elif kind == "text":
            ok = isinstance(answer, str)
        else:
            try:
                arr = _as_array(answer)
                # The size first: a list of a million items is wrong whatever it holds.
                if arr.size != np.size(self.expected):
                    what = _describe(answer)
                    if arr.ndim > 1 and not isinstance(answer, np.ndarray):
                        what += f" ({arr.size} items in all)"  # [[]] or [[1, 2], [3, 4]]
                    return f"expected {self._kind_words()}, got {what}."
                numbers_ = _floats(answer, arr)
            except _NotNumbers as problem:
                return f"expected {self._kind_words()}, got {problem.args[0]}."
            if not np.all(np.isfinite(numbers_)):
                return f"expected finite numbers, got {_shown(answer)}."
            return None
        if not ok:
            return f"expected {self._kind_words()}, got {_describe(answer)}."
        return None

    # -- the three calls --------------------------------------------------
    def evaluate(self, answer) -> Feedback:
        """Judge `answer` and return the :class:`Feedback` (displays nothing).

        Never raises for any answer (only KeyboardInterrupt and the like
        pass through): an answer that cannot be read is feedback too.
        """
        try:
            return self._evaluate(answer)
        except Exception as exc:  # a hostile answer got past every guard
            return Feedback(
                "incorrect",
                f"expected {self._kind_words()}, got {_named(answer)} that could not "
                f"be read (reading it raised {_type_name(exc)}).",
            )

    def _evaluate(self, answer) -> Feedback:
        if answer is None:
            return Feedback(
                "unanswered",
                f"set `{self.variable}` to your answer ({self._kind_words()}), "
                "then run this cell again.",
            )
        problem = self._type_problem(answer)
        if problem is not None:
            return Feedback("incorrect", problem)
        if self._is_right(answer):
            return Feedback("correct", self.why)
        for value, message in self.traps:
            if self._matches(answer, value):
                return Feedback("incorrect", f"you gave {_shown(answer)}. {message}")
        return Feedback("incorrect", f"you gave {_shown(answer)}. {self.nudge}")

    def check(self, answer) -> None:
        """Display whether `answer` is right, with a reason or a nudge."""
        _display(self.evaluate(answer))

    def hint(self) -> None:
        """Display a hint."""
        _display(Feedback("hint", self.hint_text))

    def solution(self) -> None:
        """Display the solution code (and a short explanation)."""
        _display(Feedback("solution", self.explanation or self.why, code=self.solution_code))

    def practice(self, seed: int | None = None) -> Exercise:
        """The same question with new numbers, to retry it.

        Parameters
        ----------
        seed : int, optional
            Picks the numbers: the same seed gives the same question again.
            Without one a seed is drawn, and shown in the new exercise's name
            so that the question can be had again.

        Returns
        -------
        Exercise
            A fresh exercise with its own check, hint, solution and traps.
            Displaying it (the last line of a cell) shows the question.

        Raises
        ------
        ValueError
            If this question has no practice variant, or `seed` is not a
            non-negative integer.
        """
        if self.variant is None:
            raise ValueError(
                f"practice(): {self.name} has no practice variant; every lesson's "
                "module docstring lists the ones that do"
            )
        if seed is None:
            # Six digits are easy to retype; any other size would do as well.
            seed = int(np.random.SeedSequence().entropy % 10**6)  # pragma: no mutate
        elif not isinstance(seed, numbers.Integral) or isinstance(seed, (bool, np.bool_)) \
                or seed < 0:
            raise ValueError(
                f"practice(): seed must be a non-negative integer or None, got {_describe(seed)}"
            )
        # The variant builds the question under its lesson name ("Question 1"), so a
        # practice of a practice is named after the lesson's question, not nested.
        fresh = self.variant(np.random.default_rng(int(seed)))
        fresh.name = f"{fresh.name} (practice, seed {int(seed)})"
        return fresh

    def _repr_markdown_(self) -> str:
        return f"**{self.name}.** {self.question}"

    def __repr__(self) -> str:
        return f"{self.name}. {self.question}"


_LETTERS = "ABCDEFGHIJ"


class Choice(Exercise):
    """A question whose answer is one of a few named options.

    The learner may answer with the option's letter (``"B"``), its number
    (``2``, also as ``2.0`` or ``"2"``), its name (``"keeps growing"``) or its
    whole text, in any case;
    a wrong option gets the feedback written for it, which names its
    mistake. Hints, solutions and practice variants work as for
    :class:`Exercise`.

    Parameters
    ----------
    name, question : str
        As for :class:`Exercise`.
    options : sequence of (name, text, feedback)
        The options in the order shown (lettered A, B, ...): a short name,
        the text shown, and the feedback for choosing it when it is wrong
        (ignored for the right option). At most 10, names and texts distinct.
    answer : str
        The name of the right option.
    why, hint, solution, variable, explanation, variant, params
        As for :class:`Exercise`; `solution` assigns the right letter or name.

    Raises
    ------
    ValueError
        If there are fewer than two options or more than ten, two share a
        name or a text, a wrong option has no feedback, or `answer` names
        no option.

    Examples
    --------
    >>> q = Choice(
    ...     "Prediction", "What does beta do on separated data?",
    ...     [("settles", "It settles.", "That happens only when an estimate exists."),
    ...      ("grows", "It keeps growing.", ""),
    ...      ("swings", "It swings.", "Gradient descent with a small step does not swing.")],
    ...     "grows", why="The loss has no minimum.", hint="Does the loss have a minimum?",
    ...     solution="prediction = 'B'", variable="prediction",
    ... )
    >>> print(q.evaluate("b"))
    Correct: The loss has no minimum.
    >>> print(q.evaluate(1))
    Not quite: you chose A (settles). That happens only when an estimate exists.
    >>> print(q.evaluate("3"))
    Not quite: you chose C (swings). Gradient descent with a small step does not swing.
    >>> print(q.evaluate("D"))  # doctest: +ELLIPSIS
    Not quite: expected one of A, B, C (a letter, a number from 1 to 3 or ...), got the string 'D'.
    >>> print(q.evaluate(2.5))  # doctest: +ELLIPSIS
    Not quite: expected one of A, B, C (...), got the number 2.5.
    >>> print(q)  # doctest: +NORMALIZE_WHITESPACE
    Prediction. What does beta do on separated data?
    A: It settles. B: It keeps growing. C: It swings.
    """

    def __init__(self, name: str, question: str, options, answer: str, *, why: str, hint: str,
                 solution: str, variable: str = "answer", explanation: str = "",
                 variant=None, params: dict | None = None):
        self.options = tuple((str(n), str(t), str(f)) for n, t, f in options)
        names = [n.strip().lower() for n, _, _ in self.options]
        texts = [t.strip().lower() for _, t, _ in self.options]
        problem = None
        if not 2 <= len(self.options) <= len(_LETTERS):
            problem = f"needs 2 to {len(_LETTERS)} options, got {len(self.options)}"
        elif len(set(names)) < len(names) or len(set(texts)) < len(texts):
            problem = "two options share a name or a text"
        elif str(answer).strip().lower() not in names:
            problem = f"the answer {answer!r} names no option ({', '.join(names)})"
        elif any(not f.strip() for n, _, f in self.options if n.strip().lower()
                 != str(answer).strip().lower()):
            problem = "every wrong option needs its own feedback"
        if problem:
            raise ValueError(f"Choice({name!r}): {problem}")
        super().__init__(name, question, str(answer), why=why, hint=hint, solution=solution,
                         variable=variable, explanation=explanation, variant=variant,
                         params=params)

    @property
    def _kind(self) -> str:
        return "choice"

    def _index(self, answer) -> int | None:
        """The 0-based option `answer` picks (letter, number, name or text), or None."""
        if _is_number(answer):
            try:
                number = _scalar(answer)
            except _NotNumbers:  # a decimal sNaN, or an integer past float64
                return None
            # 2.0, Fraction(2) and np.float32(2) say option 2 as clearly as 2 does;
            # refusing them would answer "a number from 1 to 3" with "got 2.0".
            whole = number.is_integer() and 1 <= number <= len(self.options)
            return int(number) - 1 if whole else None
        if not isinstance(answer, str):
            return None
        def norm(words: str) -> str:  # "B", "b)", "B." and " b " are the same choice
            return words.strip().rstrip(".)").strip().lower()

        said = norm(answer)
        for i, (name, text, _) in enumerate(self.options):
            if said in (_LETTERS[i].lower(), norm(name), norm(text)):
                return i
        # The number typed as text ("2", from input() or a habit), after the names.
        numbers_said = [str(i + 1) for i in range(len(self.options))]
        return numbers_said.index(said) if said in numbers_said else None

    def _kind_words(self) -> str:
        letters = ", ".join(_LETTERS[: len(self.options)])
        return (f"one of {letters} (a letter, a number from 1 to {len(self.options)} or an "
                "option's name)")

    def _evaluate(self, answer) -> Feedback:
        if answer is None:
            return Feedback("unanswered", f"set `{self.variable}` to your choice "
                            f"({self._kind_words()}), then run this cell again.")
        index = self._index(answer)
        if index is None:
            return Feedback("incorrect", f"expected {self._kind_words()}, got "
                            f"{_describe(answer)}.")
        name, _, feedback = self.options[index]
        if name.strip().lower() == self.expected.strip().lower():
            return Feedback("correct", self.why)
        return Feedback("incorrect", f"you chose {_LETTERS[index]} ({name}). {feedback}")

    def _listing(self, sep: str) -> str:
        return sep.join(f"{_LETTERS[i]}: {text}" for i, (_, text, _) in enumerate(self.options))

    def _repr_markdown_(self) -> str:
        return f"**{self.name}.** {self.question}\n\n" + self._listing("\n\n")

    def __repr__(self) -> str:
        return f"{self.name}. {self.question} " + self._listing(" ")


def distinct(*answers) -> bool:
    """True when no two of `answers` (numbers or lists of numbers) are equal.

    A practice variant draws its numbers again until its key and its traps
    are all distinct: a trap equal to the key, or to an earlier trap, could
    never be recognised with its own message. Values within ``1e-9`` count
    as equal (the exercises' tolerance); answers of other sizes never do.

    Examples
    --------
    >>> distinct(2.0, 1.0, [1.0, 2.0])
    True
    >>> distinct(2.0, 1.0, 2.0 + 1e-12)
    False
    """
    arrays = [np.ravel(a) for a in answers]
    for i, first in enumerate(arrays):
        for second in arrays[i + 1:]:
            if first.size == second.size and np.allclose(first, second, rtol=1e-9, atol=1e-9):
                return False
    return True


def _shown(answer) -> str:
    arr = _as_numbers(answer)
    if arr is None:
        return _describe(answer)
    values = [repr(float(v)) for v in arr.ravel()]
    return values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"


def _display(feedback: Feedback) -> None:
    # IPython's display falls back to print(repr(...)) outside a kernel, so
    # the same call works in a notebook, a console and a doctest.
    try:
        from IPython.display import display
    except ImportError:  # IPython ships with Jupyter, but not with every install
        print(feedback)
    else:
        display(feedback)

