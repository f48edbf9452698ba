"""The exercise checker never raises, whatever a student passes (issue 8, item 6).

The reproducers from the issue come first, with the exact feedback each one
must give; then a property test throws arbitrary objects (numbers of every
size and kind, strings, containers, NumPy arrays of every dtype, objects whose
dunder methods raise) at every exercise of every lesson and checks that the
answer is judged, and that the feedback names what was wrong.
"""

from __future__ import annotations

import importlib
import numbers
import pkgutil
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import logitlab.exercises as exercises_pkg
from logitlab.exercises import Choice, Exercise, Feedback, lesson01, lesson02

LESSONS = sorted(
    m.name for m in pkgutil.iter_modules(exercises_pkg.__path__) if m.name.startswith("lesson")
)
QUESTIONS = [
    pytest.param(getattr(module, name), id=f"{lesson}.{name}")
    for lesson in LESSONS
    for module in [importlib.import_module(f"logitlab.exercises.{lesson}")]
    for name in module.__all__
]
# The questions answered by picking an option (lesson 04's and 08's predictions),
# and the others, answered by a number or a list of numbers.
CHOICES = [q for q in QUESTIONS if isinstance(q.values[0], Choice)]
NUMERIC = [q for q in QUESTIONS if not isinstance(q.values[0], Choice)]
LETTERS = "ABCDEFGHIJ"


def _choice_expects(q: Choice) -> str:
    """What a Choice asks for, in the words its refusals must use."""
    n = len(q.options)
    return (f"expected one of {', '.join(LETTERS[:n])} (a letter, a number from 1 to {n} "
            "or an option's name)")


def _wrong_option_messages(q: Choice) -> dict[str, int]:
    """Each wrong option's whole message (letter, name, its own feedback) -> its index."""
    return {
        f"you chose {LETTERS[i]} ({name}). {feedback}": i
        for i, (name, _, feedback) in enumerate(q.options) if name != q.expected
    }


# -- hostile answers: every dunder a reader may touch raises ---------------

class Boom(Exception):
    """What a hostile answer raises, so no test mistakes it for a real error."""


def _raise(*args, **kwargs):
    raise Boom("hostile")


HOSTILE_DUNDERS = [
    "__float__", "__int__", "__index__", "__complex__", "__array__", "__len__",
    "__getitem__", "__iter__", "__eq__", "__bool__", "__repr__", "__str__",
    "__abs__", "__lt__", "__gt__", "__neg__", "__format__",
]
# Raising properties: NumPy looks these up before calling anything.
HOSTILE_PROPERTIES = ["__class__", "__array_interface__", "__array_struct__", "shape", "dtype"]


def hostile(base=object, dunders=("__float__",), properties=(), value=()):
    namespace = {d: _raise for d in dunders}
    namespace.update({p: property(_raise) for p in properties})
    cls = type(f"Hostile{base.__name__.title()}", (base,), namespace)
    return cls(*value) if value else cls()


@st.composite
def hostile_answers(draw):
    base, value = draw(st.sampled_from([
        (object, ()), (float, (2.0,)), (int, (2,)), (list, ([2.0, 0.0],)),
        (tuple, ((2.0,),)), (str, ("2",)), (Fraction, (2,)), (Decimal, ("2",)),
        (complex, (2,)),
    ]))
    dunders = draw(st.lists(st.sampled_from(HOSTILE_DUNDERS), min_size=1, unique=True))
    properties = draw(st.lists(st.sampled_from(HOSTILE_PROPERTIES), unique=True))
    return hostile(base, dunders, properties, value)


# -- every other kind of answer ---------------------------------------------

big_ints = st.builds(
    lambda sign, exponent, digit: sign * digit * 10**exponent,
    st.sampled_from([1, -1]), st.integers(300, 6000), st.integers(1, 9),
)
numbers_ = st.one_of(
    st.integers(), big_ints, st.floats(), st.complex_numbers(),
    st.fractions(), st.decimals(), st.sampled_from([Decimal("sNaN"), Decimal("-Infinity")]),
    st.booleans(),
)
dtypes = st.one_of(
    hnp.scalar_dtypes(), hnp.byte_string_dtypes(), hnp.unicode_string_dtypes(),
    st.just(np.dtype(np.longdouble)), st.just(np.dtype(np.float16)),
)
arrays = hnp.arrays(dtypes, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
object_arrays = st.lists(numbers_ | st.text(max_size=3) | st.none(), max_size=4).map(
    lambda items: np.array(items + [None], dtype=object)[:-1]
)
numpy_scalars = hnp.arrays(dtypes, ()).map(lambda a: a[()])
leaves = st.one_of(
    numbers_, st.text(max_size=8), st.binary(max_size=8), st.none(), numpy_scalars,
    st.sampled_from([print, object(), {"a": 1}, {1, 2}, Ellipsis, np.ma.masked]),
)
containers = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple),
    max_leaves=10,
)
answers = st.one_of(containers, arrays, object_arrays, hostile_answers())


def _names_what_was_wrong(q: Exercise, feedback: Feedback) -> bool:
    message = feedback.message
    if isinstance(q, Choice):
        # A wrong option gets exactly its own feedback; anything else is refused with
        # what a Choice takes and a description of what came.
        if message in _wrong_option_messages(q):
            return True
        head, sep, what = message.partition(", got ")
        return head == _choice_expects(q) and bool(sep) and len(what.strip(" .")) > 2
    if message.startswith("you gave "):
        return len(message) > len("you gave ") + 2
    head, sep, what = message.partition(", got ")
    return head.startswith("expected ") and bool(sep) and len(what.strip(" .")) > 2


@pytest.mark.parametrize("q", QUESTIONS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=answers)
def test_any_answer_gets_feedback_that_names_the_problem(q, answer):
    feedback = q.evaluate(answer)
    assert isinstance(feedback, Feedback)
    assert isinstance(feedback.message, str) and feedback.message
    str(feedback), feedback._repr_markdown_()  # what check() displays
    if answer is None:
        assert feedback.kind == "unanswered"
    elif not feedback.correct:
        assert feedback.kind == "incorrect"
        assert _names_what_was_wrong(q, feedback), feedback.message


@settings(max_examples=200, deadline=None)
@given(answer=st.one_of(containers, arrays, object_arrays))
def test_ordinary_answers_never_reach_the_last_resort(answer):
    # The catch-all in evaluate() is for hostile answers; anything NumPy or
    # the standard library makes is read by the ordinary path.
    for q in (lesson01.q1, lesson02.q3):
        assert "could not be read" not in q.evaluate(answer).message


@settings(max_examples=100, deadline=None)
@given(answer=hostile_answers())
def test_hostile_answers_are_named(answer):
    feedback = lesson01.q1.evaluate(answer)
    # A float subclass whose __repr__ raises is still the number 2.0, and right.
    assert feedback.correct or _names_what_was_wrong(lesson01.q1, feedback), feedback.message
    if "raised" in feedback.message:
        assert "raised Boom" in feedback.message and "Hostile" in feedback.message
    if type(answer).__name__ == "HostileFloat" and not feedback.correct:
        assert "HostileFloat" in feedback.message


@pytest.mark.parametrize("q", CHOICES)
@settings(max_examples=60, deadline=None)
@given(answer=hostile_answers())
def test_hostile_answers_to_a_choice_are_named(q, answer):
    feedback = q.evaluate(answer)
    # A str or int subclass may still read as an option (a HostileStr "2" is option B).
    assert feedback.correct or _names_what_was_wrong(q, feedback), feedback.message
    if "raised" in feedback.message:
        assert "raised Boom" in feedback.message and "Hostile" in feedback.message


# -- the reproducers from the issue, with their exact feedback --------------

q1 = lesson01.q1  # expects 2.0


REPRODUCERS = [
    (10**400, "the integer 10000000000000000000000000…0000000000000 (401 digits), "
     "beyond the range of a float (about ±1.8e308)"),
    (-(10**400), "the integer -10000000000000000000000000…0000000000000 (401 digits), "
     "beyond the range of a float (about ±1.8e308)"),
    (10**5000, "the integer 10**5000 or so, beyond the range of a float (about ±1.8e308)"),
    (Fraction(10**400, 3), "the fraction 10000000000000000000000000…00000000000/3, "
     "beyond the range of a float (about ±1.8e308)"),
    (Decimal("1e400"), "the decimal 1E+400, beyond the range of a float (about ±1.8e308)"),
    (np.timedelta64(2, "s"), "the timedelta64 2 seconds"),
    (np.datetime64("2020-01-01"), "the datetime64 2020-01-01"),
    (2 + 0j, "the complex number (2+0j)"),
    (Decimal("sNaN"), "the decimal sNaN (turning it into a float raised ValueError)"),
    (hostile(float, ["__float__"], value=(2.0,)),
     "a HostileFloat (turning it into a float raised Boom)"),
    (hostile(object, ["__array__"]), "a HostileObject (turning it into an array raised Boom)"),
    (hostile(list, ["__len__", "__getitem__"], value=([2.0],)), "a HostileList"),
    (hostile(object, [], ["__class__"]),
     "a HostileObject that could not be read (reading it raised Boom)"),
    (np.ma.array([2.0], mask=[True]),
     "an array of shape (1,) and dtype float64 with masked entries"),
    ([True], "a list of length 1 whose item [0] is the boolean True"),
]


@pytest.mark.parametrize(
    ("answer", "got"), REPRODUCERS,
    ids=[f"{i}-{type(answer).__name__}" for i, (answer, _) in enumerate(REPRODUCERS)],
)
def test_issue_reproducers_give_exact_feedback(answer, got):
    feedback = q1.evaluate(answer)
    assert str(feedback) == f"Not quite: expected a number, got {got}."


def test_check_prints_instead_of_raising(capsys):
    q1.check(10**400)
    q1.check(np.timedelta64(2, "s"))
    out = capsys.readouterr().out
    assert out.count("Not quite: expected a number, got ") == 2


# -- right answers in any exact or NumPy form are right ----------------------

NUMERIC_DTYPES = [
    np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64, np.longdouble,
]


@pytest.mark.parametrize("dtype", NUMERIC_DTYPES, ids=lambda d: np.dtype(d).name)
def test_numpy_numbers_of_every_real_dtype_are_accepted(dtype):
    # 2 is exact in every one of these dtypes.
    for answer in (dtype(2), np.array(2, dtype=dtype), np.array([2], dtype=dtype)):
        assert str(q1.evaluate(answer)) == str(q1.evaluate(2.0)), answer


@pytest.mark.parametrize(
    "answer",
    [Fraction(2), Decimal(2), Decimal("2.000"), [Fraction(2)], (Decimal(2),),
     np.array(Fraction(2), dtype=object), np.array([Decimal(2)], dtype=object)],
    ids=repr,
)
def test_exact_rationals_and_decimals_are_accepted(answer):
    feedback = q1.evaluate(answer)
    assert feedback.correct, str(feedback)


@pytest.mark.parametrize("q", NUMERIC)
def test_the_key_is_accepted_as_a_fraction_or_a_decimal(q):
    if q._kind == "number":
        forms = [Fraction(q.expected), Decimal(q.expected), np.longdouble(q.expected)]
    else:
        forms = [[Fraction(v) for v in q.expected], tuple(Decimal(v) for v in q.expected),
                 np.array([Fraction(v) for v in q.expected], dtype=object)]
    for answer in forms:
        assert q.evaluate(answer).correct, (answer, str(q.evaluate(answer)))


# -- the choices: every option in every form, and whatever is no option ------

def _forms_of_option(q: Choice, i: int) -> list:
    """Every way a learner may name option i (0-based): letter, number, name, text."""
    letter, number = LETTERS[i], i + 1
    name, text, _ = q.options[i]
    return [letter, letter.lower(), f" {letter.lower()}) ", f"{letter}.", number,
            np.int64(number), np.uint8(number), float(number), np.float32(number),
            Fraction(number), Decimal(number), str(number), name, name.upper(), f" {name} ",
            text, text.rstrip(".").lower()]


def test_the_lessons_have_choices():
    assert {q.id for q in CHOICES} >= {
        "lesson04.predict_growth", "lesson04.predict_risk",
        "lesson08.predict_momentum", "lesson08.predict_adam",
    }


@pytest.mark.parametrize("q", CHOICES)
def test_every_option_is_read_in_every_form(q):
    wrong = {i: message for message, i in _wrong_option_messages(q).items()}
    assert len(wrong) == len(q.options) - 1  # exactly one option is the key
    for i in range(len(q.options)):
        for answer in _forms_of_option(q, i):
            feedback = q.evaluate(answer)
            if i in wrong:
                assert feedback.kind == "incorrect", (answer, str(feedback))
                assert feedback.message == wrong[i], (answer, feedback.message)
            else:
                assert feedback.correct and feedback.message == q.why, (answer, str(feedback))


@pytest.mark.parametrize("q", CHOICES)
def test_each_wrong_option_names_its_own_mistake(q):
    feedbacks = [f.strip() for name, _, f in q.options if name != q.expected]
    assert len(set(feedbacks)) == len(feedbacks), "two wrong options share their feedback"
    for feedback in feedbacks:
        # A sentence or two about this option, not the generic nudge nor the key's reason.
        assert len(feedback.split()) >= 8 and feedback.endswith((".", "!", ")")), feedback
        assert feedback != q.why.strip() and "hint()" not in feedback, feedback
        assert not feedback.lower().startswith(("wrong", "no.", "not quite", "incorrect")), \
            feedback


def _odd_answers(n: int) -> list[tuple[object, str]]:
    """Answers that name no option of an n-option Choice, and how each must be described."""
    return [
        (0, "the integer 0"), (n + 1, f"the integer {n + 1}"), (-1, "the integer -1"),
        (2.5, "the number 2.5"), (float(n + 1), f"the number {float(n + 1)!r}"),
        (float("nan"), "the number nan"), (float("inf"), "the number inf"),
        (Fraction(3, 2), "the fraction 3/2"), (Decimal("sNaN"), "the decimal sNaN"),
        (10**400, "the integer 10000000000000000000000000…0000000000000 (401 digits)"),
        (True, "the boolean True"), (np.bool_(False), "the boolean False"),
        ("", "the string ''"), (LETTERS[n], f"the string '{LETTERS[n]}'"),
        (str(n + 1), f"the string '{n + 1}'"), ("AB", "the string 'AB'"),
        (b"A", "the bytes b'A'"), (1 + 0j, "the complex number (1+0j)"),
        (["A"], "a list of length 1"), ((1,), "a tuple of length 1"),
        (np.array(1), "an array of shape () and dtype int64"),
        (np.array(["A"]), "an array of strings of shape (1,)"),
        ({"A": 1}, "a dict of length 1"),
    ]


@pytest.mark.parametrize("q", CHOICES)
def test_odd_answers_to_a_choice_get_a_clear_message(q):
    expects = _choice_expects(q)
    for answer, got in _odd_answers(len(q.options)):
        feedback = q.evaluate(answer)
        assert feedback.kind == "incorrect", (answer, str(feedback))
        assert feedback.message == f"{expects}, got {got}.", (answer, feedback.message)
    unanswered = q.evaluate(None)
    assert unanswered.kind == "unanswered"
    assert unanswered.message == (
        f"set `{q.variable}` to your choice ({expects.removeprefix('expected ')}), "
        "then run this cell again."
    )


def test_a_wrong_exact_number_is_shown_as_its_value():
    assert str(q1.evaluate(Fraction(1, 2))) == (
        "Not quite: you gave 0.5. That is x, not a coefficient."
    )
    assert q1.evaluate(Decimal("1")).message.startswith("you gave 1.0. That is b1 alone")


def test_a_lesson_of_pairs_reads_each_item():
    q = lesson02.q3  # expects [0.95, 0.85]
    assert q.evaluate([Fraction(19, 20), Decimal("0.85")]).correct
    assert str(q.evaluate([0.95, "0.85"])) == (
        "Not quite: expected a list of 2 numbers, got a list of length 2 whose item [1] "
        "is the string '0.85'."
    )
    assert str(q.evaluate([[0.8], [0.8, 0.8]])) == (
        "Not quite: expected a list of 2 numbers, got a list of length 2 whose items have "
        "different lengths."
    )
    assert str(q.evaluate([10**400, 0.8])).startswith(
        "Not quite: expected a list of 2 numbers, got a list of length 2 whose item [0] is "
        "the integer 1000"
    )
    # A million items are refused by their number alone, without reading each one.
    assert str(q.evaluate([object()] * 10**6)) == (
        "Not quite: expected a list of 2 numbers, got a list of length 1000000."
    )


def test_exercise_built_on_an_integer_key():
    q = Exercise("Q", "How many?", 3, why="w", hint="h", solution="answer = 3")
    assert q.evaluate(np.uint8(3)).correct and q.evaluate(Fraction(6, 2)).correct
    assert str(q.evaluate(np.timedelta64(3))) == (
        "Not quite: expected a number, got the timedelta64 3 generic time units."
    )


def _word_for(answer) -> str | None:
    """The words the feedback must use for `answer`, when it is of a kind that is refused."""
    if isinstance(answer, (bool, np.bool_)):
        return "the boolean"
    if isinstance(answer, str):
        return "the string"
    if isinstance(answer, bytes):
        return "the bytes"
    if isinstance(answer, (np.datetime64, np.timedelta64)):
        return f"the {type(answer).__name__}"
    if isinstance(answer, (complex, np.complexfloating)):
        return "the complex number"
    if isinstance(answer, np.ndarray) and answer.dtype.kind in "US":
        return f"an array of strings of shape {answer.shape}"
    if isinstance(answer, np.ndarray) and answer.dtype.kind not in "iufO":
        return f"an array of shape {answer.shape} and dtype {answer.dtype}"
    if isinstance(answer, int) and abs(answer) > 1.8e308:
        return "the integer"
    if isinstance(answer, (list, tuple)):
        return f"a {type(answer).__name__} of length {len(answer)}"
    return None


def _may_name_an_option(answer) -> bool:
    """Whether `answer` is of a kind a Choice reads as an option (a text or a number)."""
    return isinstance(answer, (str, numbers.Real, Decimal)) and not isinstance(
        answer, (bool, np.bool_, np.timedelta64)
    )


@pytest.mark.parametrize("q", QUESTIONS)
@settings(max_examples=60, deadline=None)
@given(answer=st.one_of(leaves, arrays, st.lists(leaves, max_size=4)))
def test_refused_kinds_are_named_in_the_feedback(q, answer):
    feedback = q.evaluate(answer)
    word = _word_for(answer)
    if feedback.correct or answer is None:
        return
    if isinstance(q, Choice):
        if feedback.message in _wrong_option_messages(q):
            assert _may_name_an_option(answer), (answer, feedback.message)
            return
        assert feedback.message.startswith(_choice_expects(q) + ", got "), feedback.message
        if word is not None:
            assert word in feedback.message, (word, feedback.message)
        return
    assert not feedback.message.startswith("you chose "), feedback.message
    if word is None or feedback.message.startswith("expected finite numbers"):
        # Numbers of the right size: the value is shown, or its non-finiteness.
        assert feedback.message.startswith(("you gave ", "expected ")), feedback.message
        return
    if isinstance(answer, (list, tuple)) and feedback.message.startswith("you gave "):
        return  # a list of numbers of the right size, judged on its values
    assert word in feedback.message, (word, feedback.message)
