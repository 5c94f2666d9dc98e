"""The audit log refuses changes in Python and in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from belong.audit.models import Action, AuditEvent, AuditLogIsAppendOnly, Category
from belong.audit.services import audit_record


@pytest.fixture
def event(db: None) -> AuditEvent:
    return audit_record(
        actor=None,
        category=Category.ROLE_GRANT,
        action=Action.CREATE,
        target_type="accounts.rolegrant",
        target_id=7,
        detail={"role": "administrator"},
    )


def _raw(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_refuses_a_raw_sql_update(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", ["mallory", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == ""


def test_it_refuses_a_raw_sql_delete(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent", [])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_to_save_an_existing_row(event: AuditEvent) -> None:
    event.actor_label = "mallory"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()


def test_it_refuses_to_delete_a_row(event: AuditEvent) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()


def test_it_refuses_bulk_update_and_delete(event: AuditEvent) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="mallory")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(actor_label="mallory")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["actor_label"])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == ""


def test_it_still_appends_and_reads(event: AuditEvent) -> None:
    audit_record(actor=None, category=Category.EXPORT, action=Action.EXPORT)
    assert AuditEvent.objects.count() == 2
    assert AuditEvent.objects.first().category == Category.EXPORT


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_flush_empty_the_table() -> None:
    audit_record(actor=None, category=Category.EXPORT, action=Action.EXPORT)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent", [])
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    # The exit closes again afterwards.
    audit_record(actor=None, category=Category.EXPORT, action=Action.EXPORT)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM audit_auditevent", [])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("TRUNCATE audit_auditevent", [])
