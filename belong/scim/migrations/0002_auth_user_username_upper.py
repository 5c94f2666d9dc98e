"""An index on UPPER(username) for SCIM's `userName eq` (a case-insensitive lookup).

auth_user belongs to Django's auth app, so the index is made here with SQL that both
PostgreSQL and SQLite accept.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scim", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS auth_user_username_upper ON auth_user (UPPER(username))",
            "DROP INDEX IF EXISTS auth_user_username_upper",
        )
    ]
