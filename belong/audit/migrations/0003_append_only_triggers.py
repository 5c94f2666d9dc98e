from django.db import migrations

from belong.audit.database import install_triggers, remove_triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_category_at_index")]

    operations = [migrations.RunPython(install_triggers, remove_triggers, elidable=False)]
