"""The tense of the clause a date expression sits in: past, future or unknown.

The verb nearest before the expression decides (within its sentence, at most
80 characters back):

- **future**: *will*, *would*, *shall*, *'ll*, *going/expected/set/due/
  scheduled/planned/plans to* and, for events on a timetable, a present
  tense such as *opens*, *ends*, *begins*, *meets*, *takes place*;
- **past**: *had*, *was*, *were*, *did*, a regular past form (*returned*,
  *agreed*) or a common irregular one (*took*, *met*, *said*, *began*).

*had argued in March* is the last March; *will take over in October* and
*the summit opens on Wednesday* the next ones.
"""

from __future__ import annotations

import re

_FUTURE_WORDS = (
    r"will|would|shall|'ll|’ll|(?:going|expected|set|due|scheduled|planned|plans|plan|poised)\s+to"
)
_TIMETABLE = (
    r"(?:open|end|begin|start|close|meet|resume|convene|arrive|leave|expire)s?"
    r"|takes?\s+(?:place|over)|steps?\s+down|hands?\s+over"
)
_IRREGULAR = (  # noqa: SIM905 - one readable string
    "took met said told made went came began gave saw left held won lost became flew sent "
    "wrote spoke chose struck rose fell bought sold brought thought ran paid stood led set "
    "put kept felt heard met sought sat shook swore withdrew drew grew knew threw broke"
).split()
_NOT_PAST = frozenset(
    [
        "need",
        "speed",
        "indeed",
        "proceed",
        "exceed",
        "succeed",
        "feed",
        "seed",
        "bleed",
        "breed",
        "greed",
        "creed",
        "deed",
        "shed",
        "bed",
        "red",
        "united",
        "based",
        "detailed",
        "armed",
        "advanced",
        "limited",
        "expected",
        "scheduled",
        "planned",
    ]
)
_MARKER = re.compile(
    rf"(?i)(?<![\w'’])(?:(?P<future>{_FUTURE_WORDS})|(?P<timetable>{_TIMETABLE})"
    rf"|(?P<aux>had|was|were|did)|(?P<irregular>{'|'.join(_IRREGULAR)})|(?P<ed>[a-z]{{3,}}ed))(?![\w'’])"
)


def tense(text: str, lo: int, pos: int) -> str | None:
    """ "past", "future" or None for the words ``text[lo:pos]`` before an expression at ``pos``."""
    last = None
    for m in _MARKER.finditer(text, max(lo, pos - 80), pos):
        if m.lastgroup == "ed" and m.group(0).lower() in _NOT_PAST:
            continue
        last = m
    if last is None:
        return None
    kind = last.lastgroup
    if kind in ("future", "timetable"):
        return "future"
    if kind == "ed":
        # "is expected to", "was scheduled to" are caught above; a participle after
        # "is"/"are"/"will be" is no past
        before = text[max(lo, last.start() - 12) : last.start()].lower().split()
        if before and before[-1] in ("is", "are", "be", "being", "been"):
            return "future" if before[-1] == "be" else None
    return "past"
