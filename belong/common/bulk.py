"""Fast bulk inserts: PostgreSQL's COPY where available, batched INSERTs elsewhere.

Used by the HR import and the demo seed, where millions of rows make the ORM's
per-object work the bottleneck. Callers pass plain tuples in `columns` order.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5000


def _batches(rows: Iterable[Sequence[Any]], size: int) -> Iterable[list[Sequence[Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _adapt(value: Any) -> Any:
    """Store dates and times the way Django's own SQLite backend does."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


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
            cursor.executemany(sql, [[_adapt(v) for v in row] for row in batch])
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


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` primary keys so related rows can be written before their parents exist.

    PostgreSQL hands them out from the table's sequence (safe under concurrency); SQLite
    runs one writer at a time, so the next ids after the current maximum are free.
    Call inside the transaction that inserts the rows.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column if model._meta.pk is not None else None
    if pk is None:
        raise ValueError(f"{model.__name__} has no primary key column")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)}")
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


@contextmanager
def bulk_load(
    models: Iterable[type[models.Model]],
    *,
    enabled: bool,
    log: Callable[[str], None] = lambda message: None,
) -> Iterator[None]:
    """On PostgreSQL, load many rows the way bulk loaders do, inside the caller's transaction.

    Drops the tables' foreign keys and secondary indexes, and puts them back at the end:
    one sort per index instead of millions of inserts into it (the trigram index above
    all), and one validating join per foreign key instead of a lookup per row. Primary
    keys and unique indexes stay, so duplicates still fail; every foreign key is still
    checked, only in bulk. The dropped objects lock the tables until commit, so use it for
    initial loads (a big seed, a first HR import), not for small deltas. Elsewhere, a no-op.
    """
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    qn = connection.ops.quote_name
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        # Run checks still deferred from earlier writes in this transaction now: a table
        # with pending trigger events cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(
            "SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid)"
            " FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid = ANY(%s::regclass[])"
            " ORDER BY 1, 2",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY(%s::regclass[])"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
            " ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        log(f"  rebuilt {len(indexes)} indexes in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        log(f"  checked {len(foreign_keys)} foreign keys in {time.perf_counter() - started:.1f}s")
        for table in tables:
            cursor.execute(f"ANALYZE {qn(table)}")
        # Back to Django's default, so later deletes may cascade in any order.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
