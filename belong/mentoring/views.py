"""Participant pages: programs, enrollment, requests, relationships, sessions, surveys.
Program managers' pages are in `views_manage.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from belong.common.decorators import allowed_if
from belong.mentoring import access, queries, services
from belong.mentoring import services_relationships as rel_services
from belong.mentoring import services_requests as req_services
from belong.mentoring.forms import (
    AgreementForm,
    AnswerForm,
    CloseForm,
    EnrollmentForm,
    GoalForm,
    GoalStatusForm,
    LogForm,
    MilestoneForm,
    RequestForm,
    ScheduleForm,
    SurveyForm,
)
from belong.mentoring.ics import session_ics
from belong.mentoring.models import Enrollment, Goal, Milestone, Program
from belong.mentoring.services import MentoringError

uses = allowed_if(access.can_use_mentoring)


def _person(request: HttpRequest) -> Any:
    person = access.viewer(request.user)
    if person is None:
        raise PermissionDenied
    return person


@uses
def program_list(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/program_list.html", {"programs": queries.programs_list()})


@uses
def program_page(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id)
    enrollment = access.own_enrollment(request.user, program)
    person = access.viewer(request.user)
    context = {
        "program": program,
        "topics": list(program.topics.all()),
        "enrollment": enrollment,
        "can_manage": access.can_manage_program(request.user, program),
        "eligibility": services.eligibility_problem(program, person) if person else "",
    }
    return render(request, "mentoring/program.html", context)


def _enrollment_values(form: EnrollmentForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "goals": data["goals"],
        "expertise": data["expertise"],
        "topics_sought": data["topics_sought"],
        "topics_offered": data["topics_offered"],
        "preferred_traits": data["preferred_traits"],
        "availability": data["availability"],
        "languages": data["languages"],
        "capacity": data["capacity"],
    }


@uses
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id)
    person = _person(request)
    form = EnrollmentForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_create(
                program=program,
                person=person,
                role=form.cleaned_data["role"],
                **_enrollment_values(form),
            )
        except MentoringError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("You are enrolled."))
            return redirect("mentoring:program", program_id=program.pk)
    return render(request, "mentoring/enroll.html", {"program": program, "form": form})


@uses
@require_http_methods(["GET", "POST"])
def enrollment_edit(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access.get_enrollment_for(request.user, enrollment_id, write=True)
    program = enrollment.program
    initial = {
        "goals": enrollment.goals,
        "expertise": enrollment.expertise,
        "topics_sought": enrollment.topics_sought,
        "topics_offered": enrollment.topics_offered,
        "preferred_traits": enrollment.preferred_traits,
        "availability": enrollment.availability,
        "languages": ", ".join(enrollment.languages),
        "capacity": enrollment.capacity or None,
    }
    form = EnrollmentForm(request.POST or None, initial=initial, program=program, editing=True)
    if request.method == "POST" and form.is_valid():
        values = _enrollment_values(form)
        if not enrollment.is_mentor:
            values["capacity"] = None
        try:
            services.enrollment_update(enrollment=enrollment, **values)
        except MentoringError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your enrollment was saved."))
            return redirect("mentoring:program", program_id=program.pk)
    context = {"program": program, "form": form, "enrollment": enrollment}
    return render(request, "mentoring/enroll.html", context)


@uses
@require_POST
def enrollment_withdraw(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access.get_enrollment_for(request.user, enrollment_id, write=True)
    try:
        services.enrollment_withdraw(enrollment=enrollment)
        messages.success(request, _("You have left the program."))
    except MentoringError as exc:
        messages.error(request, exc.message)
    return redirect("mentoring:program", program_id=enrollment.program_id)


@uses
def shortlist(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id)
    enrollment = access.own_enrollment(request.user, program)
    if enrollment is None or not enrollment.is_mentee or program.style != Program.Style.CHOICE:
        raise Http404
    context = {
        "program": program,
        "enrollment": enrollment,
        "suggestions": req_services.shortlist_for(enrollment=enrollment),
        "form": RequestForm(),
    }
    return render(request, "mentoring/shortlist.html", context)


@uses
@require_POST
def request_create(request: HttpRequest, program_id: int, mentor_id: int) -> HttpResponse:
    program = access.get_program_for(request.user, program_id)
    mentee = access.own_enrollment(request.user, program)
    mentor = Enrollment.objects.filter(pk=mentor_id, program=program).first()
    if mentee is None or mentor is None:
        raise Http404
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Add a short message for the mentor."))
        return redirect("mentoring:shortlist", program_id=program.pk)
    try:
        req_services.request_create(
            mentee=mentee, mentor=mentor, message=form.cleaned_data["message"]
        )
    except MentoringError as exc:
        messages.error(request, exc.message)
        return redirect("mentoring:shortlist", program_id=program.pk)
    messages.success(request, _("Your request was sent."))
    return redirect("mentoring:mine")


@uses
def mine(request: HttpRequest) -> HttpResponse:
    data = queries.my_mentoring(access.viewer(request.user))
    return render(request, "mentoring/mine.html", {**data, "answer_form": AnswerForm()})


@uses
@require_POST
def request_action(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    req = access.get_request_for(request.user, request_id)
    text = request.POST.get("reply", "")
    mentor_actions = {
        "accept": lambda: req_services.request_accept(request=req, reply=text),
        "decline": lambda: req_services.request_decline(request=req, reply=text),
        "ask": lambda: req_services.request_ask_info(request=req, reply=text),
    }
    mentee_actions = {
        "cancel": lambda: req_services.request_cancel(request=req),
        "answer": lambda: req_services.request_add_info(request=req, message=text),
    }
    if action in mentor_actions and access.can_answer_request(request.user, req):
        run = mentor_actions[action]
    elif action in mentee_actions and access.can_withdraw_request(request.user, req):
        run = mentee_actions[action]
    else:
        raise PermissionDenied
    try:
        run()
        messages.success(request, _("Done."))
    except MentoringError as exc:
        messages.error(request, exc.message)
    return redirect("mentoring:mine")


@uses
def relationship(request: HttpRequest, relationship_id: int) -> HttpResponse:
    rel = access.get_relationship_for(request.user, relationship_id)
    participant = access.is_participant(request.user, rel)
    detail = queries.relationship_detail(rel)
    person = access.viewer(request.user)
    surveys = [
        (s, access.visible_responses(request.user, s), rel.side_of(person.pk if person else None))
        for s in detail["surveys"]
    ]
    context = {
        "rel": rel,
        **detail,
        "surveys": surveys,
        "participant": participant,
        "side": rel.side_of(person.pk if person else None),
        "agreement_form": AgreementForm(
            initial={
                "cadence": rel.cadence,
                "duration_weeks": rel.duration_weeks,
                "confidentiality": rel.confidentiality,
                "expectations": rel.expectations,
            }
        ),
        "goal_form": GoalForm(),
        "milestone_form": MilestoneForm(),
        "status_choices": Goal.Status.choices,
        "schedule_form": ScheduleForm(),
        "close_form": CloseForm(),
    }
    return render(request, "mentoring/relationship.html", context)


def _act(request: HttpRequest, rel_id: int, action: Any) -> HttpResponse:
    try:
        action()
        messages.success(request, _("Saved."))
    except MentoringError as exc:
        messages.error(request, exc.message)
    return redirect("mentoring:relationship", relationship_id=rel_id)


@uses
@require_POST
def relationship_action(request: HttpRequest, relationship_id: int, action: str) -> HttpResponse:
    rel = access.get_relationship_for(request.user, relationship_id, act=True)
    person = _person(request)
    post = request.POST
    if action == "agreement":
        form = AgreementForm(post)
        if not form.is_valid():
            messages.error(request, _("Fill in every part of the agreement."))
            return redirect("mentoring:relationship", relationship_id=rel.pk)
        return _act(
            request,
            rel.pk,
            lambda: rel_services.relationship_agreement_edit(relationship=rel, **form.cleaned_data),
        )
    if action == "confirm":
        return _act(
            request,
            rel.pk,
            lambda: rel_services.relationship_confirm(relationship=rel, person=person),
        )
    if action == "complete":
        return _act(
            request,
            rel.pk,
            lambda: rel_services.relationship_complete(relationship=rel, person=person),
        )
    if action == "close":
        reason = post.get("reason", "")
        return _act(
            request,
            rel.pk,
            lambda: rel_services.relationship_close(relationship=rel, reason=reason, person=person),
        )
    if action == "goal":
        goal_form = GoalForm(post)
        if goal_form.is_valid():
            return _act(
                request,
                rel.pk,
                lambda: rel_services.goal_create(relationship=rel, **goal_form.cleaned_data),
            )
    if action == "schedule":
        schedule = ScheduleForm(post)
        if schedule.is_valid():
            return _act(
                request,
                rel.pk,
                lambda: rel_services.session_schedule(relationship=rel, **schedule.cleaned_data),
            )
        messages.error(request, _("Choose a date and time for the session."))
        return redirect("mentoring:relationship", relationship_id=rel.pk)
    raise Http404


@uses
@require_POST
def goal_action(request: HttpRequest, goal_id: int, action: str) -> HttpResponse:
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    access.get_relationship_for(request.user, goal.relationship_id, act=True)
    if action == "status":
        form = GoalStatusForm(request.POST)
        if form.is_valid():
            return _act(
                request,
                goal.relationship_id,
                lambda: rel_services.goal_set_status(goal=goal, status=form.cleaned_data["status"]),
            )
    if action == "milestone":
        mform = MilestoneForm(request.POST)
        if mform.is_valid():
            return _act(
                request,
                goal.relationship_id,
                lambda: rel_services.milestone_create(goal=goal, **mform.cleaned_data),
            )
    raise Http404


@uses
@require_POST
def milestone_toggle(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = Milestone.objects.select_related("goal").filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    rel_id = milestone.goal.relationship_id
    access.get_relationship_for(request.user, rel_id, act=True)
    return _act(request, rel_id, lambda: rel_services.milestone_toggle(milestone=milestone))


@uses
@require_http_methods(["GET", "POST"])
def session_log(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for(request.user, session_id, act=True)
    rel = session.relationship
    note = access.private_note_for(request.user, session)
    initial = {
        "topics": list(session.topics.values_list("id", flat=True)),
        "shared_notes": session.shared_notes,
        "private_note": note.text if note else "",
    }
    form = LogForm(request.POST or None, initial=initial, program=rel.program)
    if request.method == "POST" and form.is_valid():
        try:
            rel_services.session_log(
                session=session,
                person=_person(request),
                topic_ids=form.cleaned_data["topics"],
                shared_notes=form.cleaned_data["shared_notes"],
                private_note=form.cleaned_data["private_note"],
            )
        except MentoringError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The session was logged."))
            return redirect("mentoring:relationship", relationship_id=rel.pk)
    return render(request, "mentoring/session_log.html", {"session": session, "form": form})


@uses
@require_POST
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for(request.user, session_id, act=True)
    return _act(
        request, session.relationship_id, lambda: rel_services.session_cancel(session=session)
    )


@uses
def session_invite(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for(request.user, session_id, act=True)
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-session-{session.pk}.ics"'
    return response


@uses
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    item = access.get_survey_for(request.user, survey_id)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rel_services.survey_answer(survey=item, person=_person(request), **form.cleaned_data)
        except MentoringError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("mentoring:relationship", relationship_id=item.relationship_id)
    context = {
        "survey": item,
        "form": form,
        "responses": access.visible_responses(request.user, item),
    }
    return render(request, "mentoring/survey.html", context)
