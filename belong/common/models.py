from django.db import models


class TimeStamped(models.Model):
    """Created/updated stamps (always UTC, time-zone aware)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
