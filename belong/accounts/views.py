from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts import access, services
from belong.accounts.forms import ApiTokenForm, RoleGrantForm
from belong.accounts.models import ApiToken, RoleGrant
from belong.common.decorators import allowed_if


@allowed_if(access.can_manage_roles)
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant_create(
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                scope_kind=form.cleaned_data["scope_kind"],
                scope_id=form.cleaned_data["scope_id"],
                granted_by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errs in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:roles")
    grants = RoleGrant.objects.select_related("user", "user__person", "granted_by").order_by(
        "role", "user__email"
    )
    return render(request, "accounts/roles.html", {"form": form, "grants": grants})


@allowed_if(access.can_manage_roles)
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant, pk=pk)
    services.role_grant_revoke(grant=grant, revoked_by=request.user)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:roles")


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
        )
        form = ApiTokenForm()
    mine = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": mine, "secret": secret})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
