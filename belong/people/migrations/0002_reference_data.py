from django.db import migrations


def load_reference(apps, schema_editor):
    from django.conf import settings

    from belong.people.reference import ensure_reference_data

    ensure_reference_data(
        apps.get_model("people", "Level"),
        apps.get_model("people", "Language"),
        settings.BELONG_LEVELS,
    )


def add_trigram_index(apps, schema_editor):
    # Name search at 1.5M people needs a trigram index; SQLite has no equivalent and
    # scans instead, which is fine at laptop sizes.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_trgm ON people_person "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunPython(load_reference, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
