"""Database-level guarantees for the audit log: triggers that refuse UPDATE and DELETE.

The model and its queryset refuse changes in Python; these triggers refuse them for any
SQL sent through any connection (a raw cursor, `dbshell`, a bug in another app).

One deliberate exit: `manage.py flush` empties the whole database, the log included. It
runs inside `audit_maintenance()`, which is local to one connection: on SQLite a function
this process registers on its own connections (a connection from any other client lacks
it, so its DELETE fails), on PostgreSQL a session setting checked by the TRUNCATE trigger.
Row-level DELETE stays refused on PostgreSQL even then; flush uses TRUNCATE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

TABLE = "audit_auditevent"
MESSAGE = "audit_auditevent is append-only"
SQLITE_FUNCTION = "belong_audit_maintenance"
PG_SETTING = "belong.audit_maintenance"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
    WHEN {SQLITE_FUNCTION}() = 0
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_refuse_update",
    "DROP TRIGGER IF EXISTS audit_refuse_delete",
]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' AND current_setting('{PG_SETTING}', true) = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$""",
    f"""CREATE TRIGGER audit_refuse_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"""CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_refuse_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_refuse_update_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]


# "Actor contains" is a LIKE '%…%' on UPPER(actor_label), which no b-tree serves; on
# PostgreSQL a trigram index does (pg_trgm is a trusted extension since PostgreSQL 13).
# SQLite has no such index; its logs are small enough for a scan.
POSTGRES_ACTOR_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""CREATE INDEX IF NOT EXISTS audit_actor_label_trgm ON {TABLE}
    USING gin (UPPER(actor_label::text) gin_trgm_ops)""",
]


def add_actor_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_ACTOR_INDEX:
            schema_editor.execute(sql)


def remove_actor_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS audit_actor_label_trgm")


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_REMOVE
    raise NotImplementedError(f"No append-only triggers for {vendor}; add them before using it.")


def install_triggers(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql)


def remove_triggers(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql)


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On every new SQLite connection: the function the DELETE trigger asks."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        SQLITE_FUNCTION,
        0,
        lambda: 1 if getattr(connection, "belong_audit_maintenance", False) else 0,
    )


@contextmanager
def audit_maintenance(using: str = "default") -> Iterator[None]:
    """Let this connection empty the audit table (only `flush` uses this)."""
    connection = connections[using]
    connection.ensure_connection()
    connection.belong_audit_maintenance = True  # type: ignore[attr-defined]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [PG_SETTING])
    try:
        yield
    finally:
        connection.belong_audit_maintenance = False  # type: ignore[attr-defined]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [PG_SETTING])
