"""The series' colours: Okabe-Ito, distinguishable with every common colour-vision deficiency.

Kept apart from :mod:`logitlab.widgets` so that code which only needs a
colour (the exercise feedback) does not load ipywidgets and matplotlib.

Examples
--------
>>> from logitlab.palette import PALETTE
>>> PALETTE["blue"]
'#0072B2'
"""

__all__ = ["PALETTE"]

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
