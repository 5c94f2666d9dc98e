"""The administrators' page: SCIM tokens (created, listed, revoked) and group-to-role mapping."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.common.decorators import allowed_if
from belong.scim import access, services
from belong.scim.forms import GroupMappingForm, ScimTokenForm
from belong.scim.models import ProvisionedGroup, ScimToken


def _page(
    request: HttpRequest,
    form: ScimTokenForm,
    secret: str | None = None,
    failed: tuple[int, GroupMappingForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    groups = list(ProvisionedGroup.objects.annotate(member_count=Count("memberships")))
    for group in groups:
        if failed is not None and failed[0] == group.pk:
            group.form = failed[1]  # type: ignore[attr-defined]
        else:
            group.form = GroupMappingForm(  # type: ignore[attr-defined]
                initial={
                    "role": group.role,
                    "scope_kind": group.scope_kind,
                    "scope_id": group.scope_id,
                },
                prefix=f"g{group.pk}",
            )
    context = {
        "form": form,
        "secret": secret,
        "tokens": ScimToken.objects.select_related("created_by"),
        "groups": groups,
        "scim_base": request.build_absolute_uri(reverse("scim:service_provider_config")).rsplit(
            "/", 1
        )[0],
    }
    return render(request, "scim/provisioning.html", context, status=status)


@allowed_if(access.can_manage_provisioning)
@require_http_methods(["GET", "POST"])
def provisioning(request: HttpRequest) -> HttpResponse:
    form = ScimTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, secret = services.scim_token_create(
            name=form.cleaned_data["name"], created_by=request.user
        )
        # The secret is rendered once, in this response, and never stored.
        return _page(request, ScimTokenForm(), secret=secret)
    return _page(request, form)


@allowed_if(access.can_manage_provisioning)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ScimToken, pk=pk)
    services.scim_token_revoke(token=token, revoked_by=request.user)
    messages.success(request, _("Token revoked: the identity provider can no longer use it."))
    return redirect("provisioning:home")


@allowed_if(access.can_manage_provisioning)
@require_POST
def group_map(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(ProvisionedGroup, pk=pk)
    form = GroupMappingForm(request.POST, prefix=f"g{group.pk}")
    if form.is_valid():
        try:
            services.provisioned_group_map(
                group=group,
                role=form.cleaned_data["role"],
                scope_kind=form.cleaned_data["scope_kind"],
                scope_id=form.cleaned_data["scope_id"],
                mapped_by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Group “%(name)s” updated.") % {"name": group.display_name})
            return redirect("provisioning:home")
    return _page(request, ScimTokenForm(), failed=(group.pk, form), status=400)
