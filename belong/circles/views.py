"""Participant pages: programs, enrollment, my circles, and a circle's own space.
Program managers' pages are in `views_manage.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.circles import access, queries, services
from belong.circles.forms import DisplayNameForm, EnrollForm, FeedbackForm, MessageForm, PostForm
from belong.circles.ics import session_ics
from belong.circles.models import Circle, CircleMember
from belong.circles.services import CircleError
from belong.common.decorators import allowed_if

uses = allowed_if(access.can_use_circles)


def _person(request: HttpRequest) -> Any:
    person = access.viewer(request.user)
    if person is None:
        raise PermissionDenied
    return person


def _seat(request: HttpRequest, circle: Circle) -> CircleMember:
    seat = access.membership(request.user, circle)
    if seat is None:
        raise PermissionDenied
    return seat


@uses
def program_list(request: HttpRequest) -> HttpResponse:
    context = {"programs": queries.programs_list(), "circles": queries.my_circles(request.user)}
    return render(request, "circles/program_list.html", context)


@uses
@require_http_methods(["GET", "POST"])
def program_page(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id)
    enrollment = access.own_enrollment(request.user, program)
    form = EnrollForm(request.POST or None, program=program)
    if request.method == "POST" and enrollment is None and form.is_valid():
        try:
            services.enrollment_create(
                program=program,
                person=_person(request),
                role=form.cleaned_data["role"],
                themes=form.cleaned_data["themes"],
                availability=form.cleaned_data["availability"],
                conduct_acknowledged=form.cleaned_data.get("conduct", False),
            )
        except CircleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("You are enrolled."))
            return redirect("circles:program", program_id=program.pk)
    person = access.viewer(request.user)
    context = {
        "program": program,
        "series": list(program.series.all()),
        "enrollment": enrollment,
        "form": form,
        "problem": services.enrollment_problem(program, person) if person else "",
        "can_manage": access.can_manage_program(request.user, program),
    }
    return render(request, "circles/program.html", context)


@uses
@require_POST
def enrollment_withdraw(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access.get_enrollment_for(request.user, enrollment_id)
    services.enrollment_withdraw(enrollment=enrollment)
    messages.success(request, _("You have left the program."))
    return redirect("circles:program", program_id=enrollment.program_id)


def _circle_context(request: HttpRequest, circle: Circle) -> dict[str, Any]:
    seat = access.membership(request.user, circle)
    context: dict[str, Any] = {
        "circle": circle,
        "program": circle.program,
        "seat": seat,
        "is_lead": access.is_lead(request.user, circle),
        "can_read": access.can_read_content(request.user, circle),
        "sessions": queries.sessions_for(
            circle, with_feedback=access.is_lead(request.user, circle)
        ),
    }
    last = context["sessions"][-1] if context["sessions"] else None
    context["series_over"] = last is not None and last.starts_at <= timezone.now()
    if access.can_see_roster(request.user, circle):
        context["roster"] = queries.numbered(circle)
        services.roster_read_record(actor=request.user, circle=circle)
    if context["can_read"]:
        context["posts"] = queries.posts_for(circle)
        context["post_form"] = PostForm()
        context["feedback_form"] = FeedbackForm()
        context["message_form"] = MessageForm()
        context["name_form"] = DisplayNameForm(initial={"display_name": seat and seat.display_name})
    return context


@uses
def circle_page(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = access.get_circle_for(request.user, circle_id)
    return render(request, "circles/circle.html", _circle_context(request, circle))


@uses
@require_http_methods(["GET", "POST"])
def circle_posts(request: HttpRequest, circle_id: int) -> HttpResponse:
    """The discussion: members only, page or htmx fragment."""
    circle = access.get_circle_for(request.user, circle_id, content=True)
    error = ""
    if request.method == "POST":
        form = PostForm(request.POST)
        try:
            if not form.is_valid():
                raise CircleError(_("Write something first."))
            services.post_create(
                circle=circle, author=_seat(request, circle), body=form.cleaned_data["body"]
            )
        except CircleError as exc:
            error = exc.message
        if not request.htmx:
            if error:
                messages.error(request, error)
            return redirect("circles:circle", circle_id=circle.pk)
    context = {"circle": circle, "posts": queries.posts_for(circle), "post_form": PostForm()}
    context["error"] = error
    if request.htmx:
        return render(request, "circles/circle.html#discussion", context)
    return render(request, "circles/circle.html", _circle_context(request, circle))


@uses
def circle_roster(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = access.get_circle_for(request.user, circle_id)
    if not access.can_see_roster(request.user, circle):
        raise PermissionDenied
    context = {"circle": circle, "roster": queries.numbered(circle)}
    services.roster_read_record(actor=request.user, circle=circle)
    return render(request, "circles/circle.html#roster", context)


@uses
@require_POST
def circle_action(request: HttpRequest, circle_id: int, action: str) -> HttpResponse:
    """Series feedback, help requests (lead), concerns (care) and the shown name."""
    circle = access.get_circle_for(request.user, circle_id, content=True)
    seat = _seat(request, circle)
    try:
        if action == "feedback":
            rated = FeedbackForm(request.POST)
            if not rated.is_valid():
                raise CircleError(_("Rate the series from 1 to 5."))
            services.series_feedback_give(circle=circle, member=seat, **rated.cleaned_data)
            messages.success(request, _("Thank you for your feedback."))
        elif action == "help":
            form = MessageForm(request.POST)
            if not form.is_valid():
                raise CircleError(_("Say what you need help with."))
            services.help_request_create(
                circle=circle, lead=seat, message=form.cleaned_data["message"]
            )
            messages.success(request, _("Your program manager has been asked for help."))
        elif action == "concern" and circle.program.is_care:
            form = MessageForm(request.POST)
            if not form.is_valid():
                raise CircleError(_("Describe your concern."))
            services.concern_report(circle=circle, member=seat, **form.cleaned_data)
            messages.success(request, _("Your concern was sent to the program manager only."))
        elif action == "name" and circle.program.is_care:
            name = request.POST.get("display_name", "")
            services.display_name_set(member=seat, display_name=name)
            messages.success(request, _("Your name in this circle was saved."))
        else:
            raise PermissionDenied
    except CircleError as exc:
        messages.error(request, exc.message)
    return redirect("circles:circle", circle_id=circle.pk)


@uses
@require_POST
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for(request.user, session_id, lead=True)
    present = [int(i) for i in request.POST.getlist("present") if i.isdigit()]
    n = services.attendance_record(
        session=session, present_ids=present, notes=request.POST.get("notes")
    )
    messages.success(request, _("Attendance saved: %(n)d present.") % {"n": n})
    return redirect("circles:circle", circle_id=session.circle_id)


@uses
@require_POST
def session_feedback(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for(request.user, session_id)
    form = FeedbackForm(request.POST)
    try:
        if not form.is_valid():
            raise CircleError(_("Rate the session from 1 to 5."))
        seat = _seat(request, session.circle)
        services.session_feedback_give(session=session, member=seat, **form.cleaned_data)
        messages.success(request, _("Thank you for your feedback."))
    except CircleError as exc:
        messages.error(request, exc.message)
    return redirect("circles:circle", circle_id=session.circle_id)


@uses
def session_invite(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for(request.user, session_id)
    response = HttpResponse(
        session_ics(session, _person(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="circle-session-{session.pk}.ics"'
    return response
