"""Slider explorers for the logitlab lessons (imports ipywidgets and matplotlib).

Each explorer is an object that displays itself in Jupyter and whose state
can be driven and read without a browser: set ``explorer.sliders[name].value``
and read ``explorer.lines`` (or the explorer's other plotted data).
ipywidgets keeps an explorer alive until it is closed: ``explorer.close()``
(or ``with CurveExplorer() as check: ...``) frees it and its figure.
"""

from ._base import PALETTE, Explorer
from .curve import CurveExplorer
from .path import PathExplorer
from .regions import RegionsExplorer
from .stability import StabilityExplorer
from .utilities import RandomUtilityExplorer
from .valley import ValleyExplorer

__all__ = ["PALETTE", "Explorer", "CurveExplorer", "ValleyExplorer"]
__all__ += ["PathExplorer", "RegionsExplorer", "StabilityExplorer"]
__all__ += ["RandomUtilityExplorer"]
