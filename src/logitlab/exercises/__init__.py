"""Exercises for the logitlab lessons, checked in the style of Kaggle Learn.

Each lesson has a module ``lessonNN`` with questions ``q1``, ``q2``, ...::

    from logitlab.exercises import lesson01 as ex
    answer_1 = None  # your answer
    ex.q1.check(answer_1)
    ex.q1.hint()
    ex.q1.solution()

``check`` says "Correct" with a one-line reason, or what was expected and a
nudge; ``None`` means "not answered yet". Nothing here raises on a
student's answer. Lesson modules are imported on demand.
"""

from ._core import Choice, Exercise, Feedback

__all__ = ["Choice", "Exercise", "Feedback"]
