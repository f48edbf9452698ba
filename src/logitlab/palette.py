"""The series' colours: Okabe-Ito, distinguishable with every common colour-vision deficiency.

Kept apart from :mod:`logitlab.widgets` so that code which only needs a
colour (the exercise feedback) does not load ipywidgets and matplotlib.

Examples
--------
>>> from logitlab.palette import PALETTE
>>> PALETTE["blue"]
'#0072B2'
>>> from logitlab.palette import class_colour
>>> class_colour(3)
'#009E73'
"""

import numpy as np

__all__ = ["CLASS_COLOURS", "PALETTE", "class_colour"]

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}

#: The colour name of class k is ``CLASS_COLOURS[k - 1]`` in every lesson and
#: explorer (class 1 blue, class 2 orange, class 3 green, ...): a learner who
#: met class 3 as green in one figure must not meet it as vermillion in the next.
CLASS_COLOURS = ("blue", "orange", "green", "purple", "sky", "vermillion")


def class_colour(k):
    """Hex colour of class ``k`` (1-based, the series' convention).

    Parameters
    ----------
    k : int
        Class number, 1 to ``len(CLASS_COLOURS)``.

    Returns
    -------
    str
        The class's colour as ``'#RRGGBB'``.

    Raises
    ------
    ValueError
        If `k` is not an integer from 1 to ``len(CLASS_COLOURS)``.

    Examples
    --------
    >>> class_colour(1)
    '#0072B2'
    """
    is_int = isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_))
    if not is_int or not 1 <= k <= len(CLASS_COLOURS):
        raise ValueError(
            f"class_colour(): k must be a class number from 1 to {len(CLASS_COLOURS)}, got {k!r}"
        )
    return PALETTE[CLASS_COLOURS[k - 1]]
