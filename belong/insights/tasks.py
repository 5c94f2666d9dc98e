"""Background work for insights: refresh the rollups the dashboards read."""

from __future__ import annotations

from django_tasks import task

from belong.groups.models import Group
from belong.insights import services
from belong.insights.access import Scope
from belong.mentoring.models import Program


@task()
def rollups_refresh() -> int:
    """Recompute the company's, every group's and every program's default dashboard."""
    scopes = [Scope("company")]
    scopes += [Scope("group", pk, name) for pk, name in Group.objects.values_list("pk", "name")]
    scopes += [Scope("program", pk, name) for pk, name in Program.objects.values_list("pk", "name")]
    for scope in scopes:
        services.rollup_refresh(scope)
    return len(scopes)
