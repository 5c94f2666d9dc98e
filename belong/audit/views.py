from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from belong.audit import access, queries
from belong.audit.forms import AuditFilterForm
from belong.audit.models import AuditEvent
from belong.audit.services import export_record
from belong.common.decorators import allowed_if

PAGE_SIZE = 50


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


@allowed_if(access.can_read_audit_log)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    page = queries.audit_page(
        queries.audit_search(filters), page=_page_number(request), size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    if request.htmx and request.htmx.target == "results":
        return render(request, "audit/list.html#results", context)
    return render(request, "audit/list.html", context)


@allowed_if(access.can_read_audit_log)
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, pk=pk)
    return render(request, "audit/detail.html", {"event": event})


class _Echo:
    """A file-like object whose `write` hands the line back, for streaming csv rows."""

    def write(self, value: str) -> str:
        return value


@allowed_if(access.can_read_audit_log)
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    # Recorded before the first row is sent: reading the log in bulk is itself audited.
    export_record(request=request, export="audit_log", filters=filters.described())
    writer = csv.writer(_Echo())
    rows = queries.export_rows(queries.audit_search(filters), timezone.get_current_timezone())

    def lines() -> Iterator[str]:
        for row in rows:
            yield writer.writerow(row)

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
