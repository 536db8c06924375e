"""The package's own error type for bad data and bad input."""

from __future__ import annotations

__all__ = ["DataError"]


class DataError(ValueError):
    """A table, data package or input file is not what the package expects.

    The message always names the file and, where there is one, the line (and
    the data row), the column or the byte offset, so a user who edited a CSV
    can go straight to the cell.

    Attributes are kept for programs: ``file`` (a file name), ``line``
    (1-based physical line, the header being line 1), ``row`` (1-based data
    row, i.e. ``line - 1``), ``column`` and ``offset`` (a byte offset).

    >>> err = DataError("not a valid date", file="members.csv", line=3, column="accession_date")
    >>> str(err)
    "members.csv, line 3 (data row 2), column 'accession_date': not a valid date"
    >>> err.row
    2
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        offset: int | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.row = line - 1 if line is not None and line > 1 else None
        self.column = column
        self.offset = offset
        super().__init__(self._format())

    def _format(self) -> str:
        where: list[str] = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            if self.row is not None:
                where.append(f"line {self.line} (data row {self.row})")
            else:
                where.append(f"line {self.line}")
        if self.offset is not None:
            where.append(f"byte offset {self.offset}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.problem}" if prefix else self.problem
