"""Charts: one function per chart, tables in, :class:`matplotlib.figure.Figure` out.

Every chart shares one style (:func:`style`): the Okabe–Ito colour-blind-safe
palette, a title that states the chart's takeaway (computed from the data)
over a subtitle naming the measure and unit, labelled axes and a caption line
naming the sources of the rows it draws. Each chart also attaches
``fig.chart_info``: its name, takeaway, alt text (built from the same numbers
as the title) and source line, which the figure gallery shows. Figures are
built with the object-oriented API (no pyplot state), so they are safe in
scripts, notebooks and the report alike. Each topic has its own module;
everything is re-exported here.

>>> import natoanalysis as na
>>> fig = membership_over_time(na.load_members())
>>> fig.get_suptitle()
'NATO grew from 12 founders to 32 allies'
"""

from ._style import (
    NEUTRAL,
    OKABE_ITO,
    add_caption,
    allies_phrase,
    attach_info,
    compact_png,
    new_figure,
    palette_png,
    set_titles,
    source_caption,
    style,
)
from .claims import VERDICT_COLOURS, VERDICT_SYMBOLS, highlight_article, verdicts_by_type
from .corpus import SYNTHETIC_SOURCE, corpus_mentions_over_time, corpus_quotes_by_speaker
from .leadership import (
    race_timeline,
    secretaries_general_by_country,
    secretaries_general_tenures,
)
from .maps import alliance_map, spending_map
from .members import allies_per_wave, membership_over_time
from .mentions import mentions_by_country, mentions_by_person
from .outcomes import (
    DIRECTION_STYLES,
    DIRECTIONS,
    direction_counts,
    outcomes_by_direction,
    outcomes_timeline,
    spending_against_commitments,
)
from .spending import (
    ARTICLE_COUNTRIES,
    ARTICLE_NAMED,
    allies_meeting,
    guideline_pct,
    spending_by_ally,
    spending_change,
    spending_series,
)

__all__ = [
    "ARTICLE_COUNTRIES",
    "ARTICLE_NAMED",
    "DIRECTIONS",
    "DIRECTION_STYLES",
    "NEUTRAL",
    "OKABE_ITO",
    "SYNTHETIC_SOURCE",
    "VERDICT_COLOURS",
    "VERDICT_SYMBOLS",
    "add_caption",
    "alliance_map",
    "allies_meeting",
    "allies_per_wave",
    "allies_phrase",
    "attach_info",
    "compact_png",
    "corpus_mentions_over_time",
    "corpus_quotes_by_speaker",
    "direction_counts",
    "guideline_pct",
    "highlight_article",
    "membership_over_time",
    "mentions_by_country",
    "mentions_by_person",
    "new_figure",
    "outcomes_by_direction",
    "outcomes_timeline",
    "palette_png",
    "race_timeline",
    "secretaries_general_by_country",
    "secretaries_general_tenures",
    "set_titles",
    "source_caption",
    "spending_against_commitments",
    "spending_by_ally",
    "spending_change",
    "spending_map",
    "spending_series",
    "style",
    "verdicts_by_type",
]
