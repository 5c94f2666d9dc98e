"""Pages for administrators: endpoints, their secrets, test pings and the delivery log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.common.decorators import allowed_if
from belong.webhooks import access, queries, services
from belong.webhooks.forms import EndpointForm
from belong.webhooks.models import EventType, WebhookDelivery, WebhookEndpoint

manage = allowed_if(access.can_manage_webhooks)


def _errors_onto(form: EndpointForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _show_secret(
    request: HttpRequest, endpoint: WebhookEndpoint, secret: str, new: bool
) -> HttpResponse:
    """The one time a secret is shown: in the response to the POST that made it, which no
    browser or proxy may keep."""
    response = render(
        request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret, "new": new}
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


@manage
def endpoint_list(request: HttpRequest) -> HttpResponse:
    return render(request, "webhooks/list.html", {"endpoints": list(queries.endpoints())})


@manage
@require_http_methods(["GET", "POST"])
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint, secret = services.endpoint_create(
                url=data["url"],
                description=data["description"],
                event_types=data["event_types"],
                active=data["active"],
                created_by=request.user,
                request=request,
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            return _show_secret(request, endpoint, secret, new=True)
    return render(request, "webhooks/form.html", {"form": form, "endpoint": None})


@manage
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
        "active": endpoint.active,
    }
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.endpoint_update(
                endpoint=endpoint,
                url=data["url"],
                description=data["description"],
                event_types=data["event_types"],
                active=data["active"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Endpoint saved."))
            return redirect(endpoint)
    return render(request, "webhooks/form.html", {"form": form, "endpoint": endpoint})


@manage
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The endpoint and its delivery log; htmx asks for the log alone when filtering."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    f = queries.filters_from(request.GET)
    context: dict[str, Any] = {
        "endpoint": endpoint,
        "f": f,
        "statuses": WebhookDelivery.Status.choices,
        "events": EventType.choices,
        **queries.delivery_page(queries.deliveries(endpoint.pk, f), request.GET.get("page")),
    }
    htmx = getattr(request, "htmx", False)  # set by django-htmx middleware
    template = "webhooks/endpoint.html#log" if htmx else "webhooks/endpoint.html"
    return render(request, template, context)


@manage
@require_POST
def endpoint_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    secret = services.endpoint_secret_rotate(endpoint=endpoint, by=request.user, request=request)
    return _show_secret(request, endpoint, secret, new=False)


@manage
@require_POST
def endpoint_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    services.endpoint_ping(endpoint=endpoint, by=request.user)
    messages.success(request, _("Test ping queued; its result appears in the log below."))
    return redirect(endpoint)


@manage
@require_POST
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    services.endpoint_delete(endpoint=endpoint, by=request.user, request=request)
    messages.success(request, _("Endpoint deleted with its delivery log."))
    return redirect("webhooks:list")


@manage
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    payload_json = json.dumps(delivery.payload, indent=2, sort_keys=True)
    return render(
        request, "webhooks/delivery.html", {"delivery": delivery, "payload_json": payload_json}
    )


@manage
@require_POST
def delivery_redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    try:
        services.delivery_redeliver(delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Delivery queued again."))
    return redirect(delivery.endpoint)
