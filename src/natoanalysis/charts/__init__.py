"""Charts: one function per chart, tables in, :class:`matplotlib.figure.Figure` out.

Every chart shares one style (:func:`style`): the Okabe–Ito colour-blind-safe
palette, a title, labelled axes and a caption line naming the sources of the
rows it draws. Figures are built with the object-oriented API (no pyplot
state), so they are safe in scripts, notebooks and the report alike. Each
topic has its own module; everything is re-exported here.

>>> import natoanalysis as na
>>> fig = membership_over_time(na.load_members())
>>> fig.axes[0].get_title(loc="left")
'NATO grew from 12 founders to 32 allies'
"""

from ._style import NEUTRAL, OKABE_ITO, add_caption, new_figure, source_caption, style
from .leadership import (
    race_timeline,
    secretaries_general_by_country,
    secretaries_general_tenures,
)
from .members import allies_per_wave, membership_over_time

__all__ = [
    "NEUTRAL",
    "OKABE_ITO",
    "add_caption",
    "allies_per_wave",
    "membership_over_time",
    "new_figure",
    "race_timeline",
    "secretaries_general_by_country",
    "secretaries_general_tenures",
    "source_caption",
    "style",
]
