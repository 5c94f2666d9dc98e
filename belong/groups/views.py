"""Pages everyone uses: the list, a group, a chapter, joining, one's own settings, rosters."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.accounts import access as accounts_access
from belong.common.decorators import allowed_if
from belong.common.privacy import min_group_size
from belong.groups import access, queries, services
from belong.groups.forms import JoinForm, MembershipForm
from belong.groups.models import (
    Campaign,
    Chapter,
    FundraisingDrive,
    Group,
    Initiative,
    Membership,
    Visibility,
)
from belong.groups.sections import render_sections


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@allowed_if(access.can_browse_groups)
def group_list(request: HttpRequest) -> HttpResponse:
    mine = access.my_group_ids(request.user)
    cards = queries.group_cards(access.groups_for(request.user), mine)
    return render(
        request,
        "groups/list.html",
        {
            "mine": [c for c in cards if c.mine],
            "others": [c for c in cards if not c.mine],
            "k": min_group_size(),
        },
    )


def _group_context(request: HttpRequest, group: Group) -> dict[str, object]:
    membership = access.membership_of(request.user, group)
    roles = list(queries.current_leader_roles(group))
    return {
        "group": group,
        "membership": membership,
        "can_join": access.can_join(request.user) and membership is None,
        "can_manage": access.can_manage_group(request.user, group),
        "leads": access.leads_in_group(request.user, group),
        "can_see_roster": access.can_see_roster(request.user, group),
        "k": min_group_size(),
        "board": [r for r in roles if r.chapter_id is None],
        "chapter_leaders": [r for r in roles if r.chapter_id is not None],
    }


@allowed_if(access.can_browse_groups)
def group_page(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    context = _group_context(request, group)
    today = timezone.localdate()
    context.update(
        {
            "chapters": queries.chapter_tree(group),
            "member_count": access.member_count(group),
            "campaigns": list(
                Campaign.objects.filter(group=group, starts_on__lte=today)
                .exclude(ends_on__lt=today)
                .order_by("-starts_on")[:5]
            ),
            "my_badges_shown": _shown_badges(context["membership"]),
            "volunteering": queries.volunteer_totals(group),
            "drives": queries.drive_progress(
                FundraisingDrive.objects.filter(group=group).exclude(ends_on__lt=today)
            )[:5],
            "initiatives": list(
                Initiative.objects.filter(group=group)
                .exclude(status=Initiative.Status.PROPOSED)
                .order_by("-created_at")[:10]
            ),
        }
    )
    context["sections"] = render_sections(request, group)
    return render(request, "groups/group.html", context)


def _shown_badges(membership: object) -> set[int]:
    if not isinstance(membership, Membership):
        return set()
    return {cid for cid, a in queries.my_badges(membership.person_id).items() if a.shown}


@allowed_if(access.can_browse_groups)
def chapter_page(request: HttpRequest, slug: str, chapter: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    ch = access.get_chapter_for(request.user, group, chapter)
    context = _group_context(request, group)
    context.update(
        {
            "chapter": ch,
            "children": list(Chapter.objects.filter(parent=ch).order_by("name")),
            "leaders": [r for r in context["chapter_leaders"] if r.chapter_id == ch.pk],  # type: ignore[attr-defined]
            "member_count": access.member_count(group, ch),
            "can_manage_chapter": access.can_manage_chapter(request.user, ch),
            "volunteering": queries.volunteer_totals(group, access.subtree_ids(group, [ch.pk])),
        }
    )
    context["sections"] = render_sections(request, group, ch)
    return render(request, "groups/chapter.html", context)


@allowed_if(access.can_join)
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    if access.membership_of(request.user, group) is not None:
        return redirect("groups:membership", slug=group.slug)
    form = JoinForm(request.POST or None, group=group, initial=_chapter_initial(request, group))
    if request.method == "POST" and form.is_valid():
        person = accounts_access.person_of(request.user)
        assert person is not None
        try:
            services.membership_join(
                group=group,
                person=person,
                kind=form.cleaned_data["kind"],
                chapter=form.cleaned_data["chapter"],
                show_on_roster=form.cleaned_data["show_on_roster"],
                show_badges=form.cleaned_data["show_badges"],
                consent=form.cleaned_data["consent"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
            return redirect("groups:group", slug=group.slug)
    return render(request, "groups/join.html", {"group": group, "form": form})


def _chapter_initial(request: HttpRequest, group: Group) -> dict[str, object]:
    """Suggest the chapter at the person's own site."""
    person = accounts_access.person_of(request.user)
    if person is None:
        return {}
    local = Chapter.objects.filter(group=group, site_id=person.site_id).first()
    return {"chapter": local.pk} if local else {}


@allowed_if(access.can_join)
@require_http_methods(["GET", "POST"])
def membership(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    mine = access.membership_of(request.user, group)
    if mine is None:
        return redirect("groups:join", slug=group.slug)
    mine.group = group
    form = MembershipForm(request.POST or None, membership=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=mine, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your settings were saved."))
            return redirect("groups:membership", slug=group.slug)
    needs_renewal = mine.show_on_roster and Visibility.rank(mine.roster_consent) < Visibility.rank(
        group.roster_visibility
    )
    return render(
        request,
        "groups/membership.html",
        {
            "group": group,
            "membership": mine,
            "form": form,
            "needs_renewal": needs_renewal,
            "consents": list(mine.consents.order_by("given_at", "id")),
        },
    )


@allowed_if(access.can_join)
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    mine = access.membership_of(request.user, group)
    if mine is not None:
        services.membership_leave(membership=mine, actor=request.user)
        messages.success(request, _("You left %(group)s.") % {"group": group.name})
    return redirect("groups:group", slug=group.slug)


@allowed_if(access.can_browse_groups)
def roster(request: HttpRequest, slug: str, chapter: str | None = None) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    ch = access.get_chapter_for(request.user, group, chapter) if chapter else None
    if not access.can_see_roster(request.user, group):
        raise PermissionDenied
    members = access.roster_for(request.user, group, ch)
    services.roster_read_record(actor=request.user, group=group, chapter=ch, request=request)
    context = {
        "group": group,
        "chapter": ch,
        "can_export": access.can_export_roster(request.user, group, ch),
        **queries.roster_page(members, page=_page_number(request)),
    }
    template = "groups/roster.html#rows" if request.htmx else "groups/roster.html"
    return render(request, template, context)


@allowed_if(access.can_browse_groups)
def roster_export(request: HttpRequest, slug: str, chapter: str | None = None) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    ch = access.get_chapter_for(request.user, group, chapter) if chapter else None
    if not access.can_export_roster(request.user, group, ch):
        raise PermissionDenied
    body = queries.roster_csv(access.roster_for(request.user, group, ch))
    services.roster_read_record(
        actor=request.user,
        group=group,
        chapter=ch,
        request=request,
        exported_rows=body.count("\r\n") - 1,
    )
    name = f"{group.slug}{'-' + ch.slug if ch else ''}-members.csv"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """From an announcement email; works signed out (the signed token is the key)."""
    done = False
    if request.method == "POST":
        if services.membership_unsubscribe(token=token) is None:
            raise Http404
        done = True
    return render(request, "groups/unsubscribe.html", {"done": done})


@allowed_if(access.can_join)
@require_POST
def badge(request: HttpRequest, slug: str, campaign_id: int) -> HttpResponse:
    group = access.get_group_for(request.user, slug)
    campaign = Campaign.objects.filter(group=group, pk=campaign_id).first()
    if campaign is None:
        raise Http404
    person = accounts_access.person_of(request.user)
    assert person is not None
    if request.POST.get("show") == "1":
        try:
            services.badge_adopt(campaign=campaign, person=person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        services.badge_withdraw(campaign=campaign, person=person)
    return redirect("groups:group", slug=group.slug)
