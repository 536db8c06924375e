"""Portable date formatting for commentary and chart labels.

``strftime("%-d")`` (a day without its leading zero) works with glibc and
macOS but not on Windows. :func:`fmt_day` accepts the same ``%-X`` form
everywhere.
"""

import re
from datetime import date

__all__ = ["fmt_day"]

_UNPADDED = re.compile(r"%-([dmHIMSjy])")


def fmt_day(day: date, fmt: str = "%-d %B %Y") -> str:
    """Format ``day`` (a date, datetime or pandas Timestamp) with ``strftime`` codes.

    ``%-d``, ``%-m`` (and ``%-H``, ``%-I``, ``%-M``, ``%-S``, ``%-j``,
    ``%-y``) give the number without its leading zero on every platform.

    >>> from datetime import date
    >>> fmt_day(date(2024, 10, 1))
    '1 October 2024'
    >>> fmt_day(date(2024, 6, 5), "%-d %b")
    '5 Jun'
    >>> fmt_day(date(2024, 6, 5), "%-d/%-m/%Y, day %-j")
    '5/6/2024, day 157'
    """

    def unpadded(m: "re.Match[str]") -> str:
        return day.strftime(f"%{m.group(1)}").lstrip("0") or "0"

    return day.strftime(_UNPADDED.sub(unpadded, fmt))
