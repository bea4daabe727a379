"""Rows for PostgreSQL's ``COPY … FROM STDIN WITH (FORMAT csv, NULL '\\N')``, for the bulk writer
(``core.bulk``: the demo data set and the rebuild of derived tables)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any


def csv_value(value: Any) -> Any:
    """One value as COPY reads it: NULL spelled \\N (so empty strings stay empty strings), booleans t/f."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return value


def csv_buffer(rows: Iterable[Iterable[Any]]) -> io.StringIO:
    """``rows`` (iterables of values) as an in-memory CSV file, ready for ``copy_expert``."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([csv_value(value) for value in row] for row in rows)
    buffer.seek(0)
    return buffer
