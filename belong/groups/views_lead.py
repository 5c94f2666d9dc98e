"""Leader pages: the dashboard, group settings, leader roles, announcements, campaigns.

The board (and administrators) manage the whole group; a chapter leader manages their
chapter and the chapters below it. Each page asks `access` which chapters that is.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts import access as accounts_access
from belong.common.decorators import allowed_if
from belong.common.privacy import min_group_size, suppress_small
from belong.groups import access, queries, services
from belong.groups.forms import AnnouncementForm, CampaignForm, GroupSettingsForm, LeaderRoleForm
from belong.groups.models import Announcement, Campaign, Group, LeaderRole, Membership


def lead_scope(request: HttpRequest, slug: str) -> tuple[Group, set[int] | None]:
    """The group and the chapters the viewer leads in it (None: all); 403 for non-leaders."""
    group = access.get_group_for(request.user, slug)
    led = access.led_chapter_ids(request.user, group)
    if led is not None and not led:
        raise PermissionDenied
    return group, led


def lead_context(group: Group, led: set[int] | None, **extra: Any) -> dict[str, Any]:
    return {"group": group, "led": led, "is_board": led is None, "k": min_group_size(), **extra}


@allowed_if(access.can_browse_groups)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    chapters = [(c, d) for c, d in queries.chapter_tree(group) if led is None or c.pk in led]
    everyone = queries.counts_by_chapter(Membership.objects.active().filter(group=group))
    listed = queries.counts_by_chapter(access.roster_for(request.user, group))
    rows = []
    for c, d in chapters:
        below = access.subtree_ids(group, [c.pk])
        rows.append(
            {
                "chapter": c,
                "depth": d,
                "members": suppress_small(sum(everyone.get(i, 0) for i in below)),
                "listed": sum(listed.get(i, 0) for i in below),
            }
        )
    context = lead_context(
        group,
        led,
        chapters=rows,
        member_count=access.member_count(group),
        growth=queries.membership_growth(group),
        volunteering=queries.volunteer_totals(group, led),
    )
    return render(request, "groups/lead/dashboard.html", context)


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug, write=True)
    initial = {
        "mission": group.mission,
        "pillars": group.pillars,
        "listed": group.listed,
        "roster_visibility": group.roster_visibility,
        "private": group.private,
        "sponsor": group.sponsor.employee_id if group.sponsor else "",
    }
    form = GroupSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.group_update(group=group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The group's settings were saved."))
        return redirect("groups:lead_settings", slug=group.slug)
    return render(request, "groups/lead/settings.html", lead_context(group, None, form=form))


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def leaders(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    form = LeaderRoleForm(request.POST or None, group=group, allowed=led)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_manage_scope(request.user, group, data["chapter"]):
            raise PermissionDenied
        try:
            services.leader_role_assign(group=group, assigned_by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The leader role was added."))
            return redirect("groups:lead_leaders", slug=group.slug)
    roles = [
        r
        for r in queries.current_leader_roles(group)
        if led is None or (r.chapter_id is not None and r.chapter_id in led)
    ]
    return render(
        request, "groups/lead/leaders.html", lead_context(group, led, form=form, roles=roles)
    )


@allowed_if(access.can_browse_groups)
@require_POST
def leader_end(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    group, _led = lead_scope(request, slug)
    role = LeaderRole.objects.select_related("person", "chapter").filter(group=group, pk=role_id)
    found = role.first()
    if found is None:
        raise Http404
    if not access.can_manage_scope(request.user, group, found.chapter):
        raise PermissionDenied
    services.leader_role_end(role=found, ended_by=request.user)
    messages.success(request, _("The leader role was ended."))
    return redirect("groups:lead_leaders", slug=group.slug)


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def announcements(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    form = AnnouncementForm(request.POST or None, group=group, allowed=led)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_manage_scope(request.user, group, data["chapter"]):
            raise PermissionDenied
        services.announcement_create(
            group=group,
            chapter=data["chapter"],
            author=accounts_access.person_of(request.user),
            subject=data["subject"],
            body=data["body"],
        )
        messages.success(request, _("The announcement is on its way to the members."))
        return redirect("groups:lead_announcements", slug=group.slug)
    sent = Announcement.objects.filter(group=group).select_related("chapter", "author")
    if led is not None:
        sent = sent.filter(chapter_id__in=led)
    return render(
        request,
        "groups/lead/announcements.html",
        lead_context(group, led, form=form, sent=list(sent[:50])),
    )


@allowed_if(access.can_browse_groups)
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest, slug: str) -> HttpResponse:
    group, led = lead_scope(request, slug)
    form = CampaignForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if led is not None:
            raise PermissionDenied  # campaigns are group-wide: the board runs them
        if form.is_valid():
            try:
                services.campaign_create(
                    group=group,
                    created_by=accounts_access.person_of(request.user),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The campaign was created."))
                return redirect("groups:lead_campaigns", slug=group.slug)
    adoption = queries.campaign_adoption(Campaign.objects.filter(group=group))
    return render(
        request,
        "groups/lead/campaigns.html",
        lead_context(group, led, form=form, adoption=adoption),
    )
