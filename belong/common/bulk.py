"""Fast bulk inserts: PostgreSQL's COPY where available, batched INSERTs elsewhere.

Used by the HR import and the demo seed, where millions of rows make the ORM's
per-object work the bottleneck. Callers pass plain tuples in `columns` order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5000


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterable[list[Sequence[Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` into `model`'s table; `columns` are database column names."""
    table = model._meta.db_table
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg 3 cursor underneath Django's wrapper
            with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"
        for batch in _batches(rows, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def reset_sequence(model: type[models.Model]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequence past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
