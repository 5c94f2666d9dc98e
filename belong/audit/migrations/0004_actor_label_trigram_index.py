from django.db import migrations

from belong.audit.database import add_actor_index, remove_actor_index


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]

    operations = [migrations.RunPython(add_actor_index, remove_actor_index, elidable=False)]
