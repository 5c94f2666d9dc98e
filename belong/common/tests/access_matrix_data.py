"""One dataset holding an object of every kind, for the access matrix.

Built through the apps' own services (and their test builders), with the personas of
`belong.common.testing` placed as they would be in a real company, plus three who prove the
positive side of private things: a private member (off the roster of the public group,
member of the private group), and the facilitator and a member of a care circle.

Sensitive values carry CANARY markers so the matrix can search every response for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from belong.accounts.models import Role, ScopeKind
from belong.accounts.services import api_token_create
from belong.circles import services as circle_services
from belong.circles.models import CircleMember, CircleProgram, ConcernReport, HelpRequest
from belong.circles.tests import factories as circle_factories
from belong.common.testing import (
    PersonFactory,
    UserFactory,
    employee_user,
    give_skills,
    grant,
    restore_reference_data,
)
from belong.events import services as event_services
from belong.events.models import CalendarToken, Event, Registration
from belong.groups import services as group_services
from belong.groups import services_community as community
from belong.groups.models import Membership, Visibility
from belong.mentoring import services_matching as matching
from belong.mentoring import services_relationships as rs
from belong.mentoring import services_requests as requests
from belong.mentoring.models import Survey
from belong.mentoring.tests import factories as mentoring_factories
from belong.people.models import ImportJob, JobEvent, Level

# The personas of testing.py, then the ones this dataset adds to prove the positive side.
MATRIX_PERSONAS = [
    "employee",
    "mentor",
    "group_leader",
    "program_manager",
    "hr_analyst",
    "administrator",
    "private_member",
    "care_lead",
    "care_member",
    "outsider",
    "anonymous",
]

# Markers planted in sensitive fields. Each must reach only the personas named in
# `test_access_matrix.CANARIES`.
HIDDEN_MEMBER_NAME = "Hiddenally Canarysson"
CARE_POST = "CANARY-CARE-POST care circle words"
CARE_CHOSEN_NAME = "Canary Moonbeam"
CARE_HELP = "CANARY-CARE-HELP lead asks for help"
CARE_CONCERN = "CANARY-CARE-CONCERN a member worries"
CIRCLE_POST = "CANARY-CIRCLE-POST mentoring circle words"
SHARED_NOTE = "CANARY-SHARED-NOTE between mentor and mentee"
PRIVATE_NOTE = "CANARY-PRIVATE-NOTE only the mentee reads this"
SURVEY_COMMENT = "CANARY-SURVEY-COMMENT blind feedback"
PRIVATE_GROUP_NAME = "Quiet Canary Circle"
QUIET_BADGE = "CANARY-QUIET-BADGE"
QUIET_EVENT = "CANARY-QUIET-EVENT coffee"
CARE_MEMBER_NAME = "Carole Canarycare"  # the care member's real name
ERASURE_REASON = "CANARY-ERASURE-REASON please forget me"
# The private member's self-identification; the raw value is the canary (pages show labels,
# and every form lists every label, so a label cannot be one).
SELF_ID = {"ethnicity": "pacific_islander", "veteran": "yes"}
SELF_ID_CANARY = "pacific_islander"
INSIGHTS_K = 12  # above the default privacy threshold (10)


@dataclass
class Matrix:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # persona → raw API token (admin scope)
    read_tokens: dict[str, str] = field(default_factory=dict)  # persona → read-only token

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _personas() -> dict[str, Any]:
    if not Level.objects.filter(code="L4").exists():
        # An earlier transactional test in the same run flushed the reference data the
        # migrations load (as testing.personas does, put it back).
        restore_reference_data()
    users: dict[str, Any] = {}
    users["employee"] = employee_user("employee")
    users["mentor"] = employee_user("mentor", level=Level.objects.get(code="L8"))
    give_skills(users["mentor"].person, teach=("SQL", "Leadership"))
    users["group_leader"] = employee_user("group-leader")
    users["program_manager"] = employee_user("program-manager")
    users["hr_analyst"] = employee_user("hr-analyst")
    grant(users["hr_analyst"], Role.HR_ANALYST)
    users["administrator"] = employee_user("administrator")
    grant(users["administrator"], Role.ADMINISTRATOR)
    users["private_member"] = employee_user("hiddenally-canarysson")
    users["care_lead"] = employee_user("care-lead")
    users["care_member"] = employee_user("carole-canarycare")
    users["outsider"] = UserFactory(username="outsider@example.test")
    users["anonymous"] = None
    return users


def _groups(m: Matrix) -> None:
    u = m.users
    pride = group_services.group_create(
        name="Pride",
        slug="pride",
        mission="Belonging for LGBTQ+ people and allies.",
        pillars=["engage", "advocate"],
        roster_visibility=Visibility.MEMBERS,
    )
    top = pride.chapters.get(kind="global")
    europe = group_services.chapter_create(
        group=pride, name="Europe", slug="europe", kind="region", parent=top
    )
    madrid = group_services.chapter_create(
        group=pride, name="Madrid", slug="madrid", parent=europe, site=u["mentor"].person.site
    )
    leader_role = group_services.leader_role_assign(
        group=pride,
        person=u["group_leader"].person,
        title="Co-president",
        starts_on=dt.date(2025, 1, 1),
    )
    visible = group_services.membership_join(
        group=pride,
        person=u["mentor"].person,
        kind="member",
        chapter=madrid,
        consent=True,
        show_on_roster=True,
    )
    hidden = group_services.membership_join(
        group=pride,
        person=u["private_member"].person,
        kind="ally",
        chapter=madrid,
        consent=True,
        show_on_roster=False,
        show_badges=False,
    )
    quiet = group_services.group_create(
        name=PRIVATE_GROUP_NAME,
        slug="quiet",
        mission="A private group.",
        pillars=["engage"],
        roster_visibility=Visibility.MEMBERS,
        private=True,
        listed=False,
    )
    quiet_chapter = group_services.chapter_create(group=quiet, name="Remote", slug="remote")
    quiet_membership = group_services.membership_join(
        group=quiet, person=u["private_member"].person, kind="member", consent=True
    )
    quiet_campaign = group_services.campaign_create(
        group=quiet, name="Quiet month", badge_name=QUIET_BADGE, starts_on=dt.date(2026, 1, 1)
    )
    group_services.badge_adopt(campaign=quiet_campaign, person=u["private_member"].person)
    # Then badges turned off again in the membership settings: the badge must not show.
    Membership.objects.filter(pk=quiet_membership.pk).update(show_badges=False)
    drive = community.drive_create(
        group=pride,
        chapter=None,
        title="Shelter drive",
        goal=Decimal(1000),
        starts_on=dt.date(2026, 6, 1),
        match_ratio=Decimal(1),
    )
    campaign = group_services.campaign_create(
        group=pride, name="Pride month", badge_name="Proud ally", starts_on=dt.date(2026, 1, 1)
    )
    nonprofit = community.nonprofit_get_or_create(name="Shelter Now")
    opportunity = community.opportunity_create(
        group=pride,
        chapter=madrid,
        nonprofit=nonprofit,
        title="Food bank shift",
        starts_on=dt.date(2026, 1, 1),
    )
    hours = community.hours_log(
        opportunity=opportunity,
        person=u["mentor"].person,
        hours=Decimal(3),
        worked_on=timezone.localdate() - dt.timedelta(days=2),
    )
    partner = community.partner_create(
        group=pride, chapter=None, name="Code Bridge", kind="recruiting"
    )
    group_initiative = community.initiative_create(
        group=pride, chapter=None, title="Inclusive hiring", kind="program"
    )
    announcement = group_services.announcement_create(
        group=pride,
        author=u["group_leader"].person,
        subject="Welcome",
        body="Hello everyone",
        chapter=None,
    )
    m.objects.update(
        pride=pride,
        europe=europe,
        madrid=madrid,
        leader_role=leader_role,
        visible=visible,
        hidden=hidden,
        quiet=quiet,
        quiet_chapter=quiet_chapter,
        quiet_membership=quiet_membership,
        drive=drive,
        campaign=campaign,
        opportunity=opportunity,
        hours=hours,
        partner=partner,
        group_initiative=group_initiative,
        announcement=announcement,
        unsubscribe_token=group_services.unsubscribe_token(visible),
    )


def _population(m: Matrix) -> None:
    """Enough quiet members that Madrid and the rest of Pride each pass the privacy
    threshold, so the insights pages can show the positive side (allowed → 200)."""
    level = Level.objects.get(code="L4")
    joined = timezone.now() - dt.timedelta(days=400)
    for n in range(2 * INSIGHTS_K):
        person = PersonFactory(site=m.users["mentor"].person.site, hire_date=dt.date(2019, 1, 1))
        JobEvent.objects.create(
            person=person, kind="hire", effective_date=person.hire_date, level=level
        )
        Membership.objects.create(
            group=m.pride,
            person=person,
            chapter=m.madrid if n % 2 else None,
            kind="member",
            joined_at=joined,
        )


def _events(m: Matrix) -> None:
    u = m.users
    today = timezone.localdate()
    starts = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(18), tzinfo=dt.UTC)
    initiative = event_services.initiative_create(
        group=m.pride,
        name="Heritage month",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=27),
    )
    common = {
        "kind": Event.Kind.ROUNDTABLE,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "zone": "Europe/Madrid",
        "mode": Event.Mode.VIRTUAL,
        "link": "https://meet.example.test/heritage",
        "capacity": 20,
    }
    event = event_services.event_create(
        group=m.pride,
        chapter=m.madrid,
        title="Heritage roundtable",
        initiative=initiative,
        **common,
    )
    quiet_event = event_services.event_create(
        group=m.quiet, chapter=None, title=QUIET_EVENT, **common
    )
    mine = event_services.registration_create(event=event, person=u["mentor"].person)
    hidden = event_services.registration_create(event=event, person=u["private_member"].person)
    event_services.registration_create(event=quiet_event, person=u["private_member"].person)
    assert hidden.status == Registration.Status.GOING
    m.objects.update(
        initiative=initiative,
        event=event,
        quiet_event=quiet_event,
        registration=mine,
        calendar_token=event_services.calendar_token_get(user=u["mentor"]).token,
    )
    assert CalendarToken.objects.filter(user=u["mentor"]).exists()


def _mentoring(m: Matrix) -> None:
    u = m.users
    program = mentoring_factories.make_program(style="choice", request_cap=2)
    grant(u["program_manager"], Role.PROGRAM_MANAGER, ScopeKind.PROGRAM, program.pk)
    mentee = mentoring_factories.enroll(program, u["employee"].person)
    mentor = mentoring_factories.enroll(program, u["mentor"].person, "mentor")
    rel = mentoring_factories.agreed(mentoring_factories.relationship(program, mentee, mentor))
    past = timezone.now() - dt.timedelta(days=2)
    held = rs.session_schedule(relationship=rel, starts_at=past)
    rs.session_log(
        session=held,
        person=u["employee"].person,
        shared_notes=SHARED_NOTE,
        private_note=PRIVATE_NOTE,
    )
    upcoming = rs.session_schedule(relationship=rel, starts_at=mentoring_factories.soon())
    goal = rs.goal_create(relationship=rel, title="Lead a design review")
    milestone = rs.milestone_create(goal=goal, title="Pick the review")
    survey = Survey.objects.filter(relationship=rel).first() or Survey.objects.create(
        relationship=rel, kind=Survey.Kind.CHECKIN, due_on=timezone.localdate()
    )
    Survey.objects.filter(pk=survey.pk).update(due_on=timezone.localdate())
    survey.refresh_from_db()
    rs.survey_answer(
        survey=survey, person=u["employee"].person, rating=4, nps=9, comment=SURVEY_COMMENT
    )
    spare = mentoring_factories.enroll(program, mentoring_factories.person("spare-mentee"))
    req = requests.request_create(mentee=spare, mentor=mentor, message="Could you mentor me?")
    mentoring_factories.enroll(program, mentoring_factories.person("spare-mentor", "L8"), "mentor")
    run = matching.match_run_execute(run_id=matching.match_run_start(program=program).pk)
    pair = run.pairs.first()
    assert pair is not None, run.error
    m.objects.update(
        program=program,
        mentee_enrollment=mentee,
        mentor_enrollment=mentor,
        relationship=rel,
        session=upcoming,
        held_session=held,
        goal=goal,
        milestone=milestone,
        survey=survey,
        mentor_request=req,
        run=run,
        pair=pair,
    )


def _circles(m: Matrix) -> None:
    u = m.users
    program = circle_factories.make_program(name="Leadership circles", mentoring_program=m.program)
    circle = circle_factories.published_circle(program, u["mentor"].person, u["employee"].person)
    lead_seat = CircleMember.objects.get(circle=circle, person=u["mentor"].person)
    circle_services.post_create(circle=circle, author=lead_seat, body=CIRCLE_POST)
    care = circle_factories.make_program(
        name="Caregivers", kind=CircleProgram.Kind.CARE, mentoring_program=m.program
    )
    care_circle = circle_factories.published_circle(
        care, u["care_lead"].person, u["care_member"].person
    )
    care_lead = CircleMember.objects.get(circle=care_circle, person=u["care_lead"].person)
    care_seat = CircleMember.objects.get(circle=care_circle, person=u["care_member"].person)
    circle_services.display_name_set(member=care_seat, display_name=CARE_CHOSEN_NAME)
    circle_services.post_create(circle=care_circle, author=care_seat, body=CARE_POST)
    help_request = HelpRequest.objects.create(
        circle=care_circle, asked_by=care_lead, message=CARE_HELP
    )
    concern = ConcernReport.objects.create(
        program=care, circle=care_circle, reporter_id=care_seat.person_id, message=CARE_CONCERN
    )
    drafts = circle_factories.make_program(name="Draft circles", mentoring_program=m.program)
    circle_factories.pool(drafts)
    draft_run = circle_factories.formed(drafts)
    draft_circle = draft_run.circles.first()
    assert draft_circle is not None and not draft_circle.published, draft_run.error
    m.objects.update(
        circle_program=program,
        circle=circle,
        circle_session=circle.sessions.order_by("position").first(),
        circle_enrollment=lead_seat.enrollment,
        circle_run=circle.run,
        care_program=care,
        care_circle=care_circle,
        care_session=care_circle.sessions.order_by("position").first(),
        care_enrollment=care_seat.enrollment,
        help_request=help_request,
        concern=concern,
        draft_run=draft_run,
        draft_circle=draft_circle,
        draft_member=draft_circle.members.first(),
    )


def _accounts(m: Matrix) -> None:
    u = m.users
    for persona, user in u.items():
        if user is None:
            continue
        m.tokens[persona] = api_token_create(user=user, name="matrix", scopes=["admin"])[1]
        m.read_tokens[persona] = api_token_create(user=user, name="matrix-read", scopes=["read"])[1]
    admin_token = u["administrator"].api_tokens.first()
    m.objects.update(
        admin_token=admin_token,
        employee_token=u["employee"].api_tokens.first(),
        hr_grant=u["hr_analyst"].role_grants.first(),
        import_job=ImportJob.objects.create(
            file="imports/matrix.csv", original_name="matrix.csv", started_by=u["administrator"]
        ),
    )


def _records(m: Matrix) -> None:
    """Audit entries, an erasure request and SCIM provisioning rows."""
    from belong.audit.models import Action, Category
    from belong.audit.services import audit_record
    from belong.privacy.services import erasure_request_create, self_identification_save
    from belong.scim.models import ProvisionedGroup
    from belong.scim.services import scim_token_create

    u = m.users
    audit_record(
        actor=u["administrator"],
        category=Category.ROLE_GRANT,
        action=Action.CREATE,
        target=m.hr_grant,
    )
    self_identification_save(
        person=u["private_member"].person, answers=SELF_ID, actor=u["private_member"]
    )
    erasure = erasure_request_create(
        person=u["employee"].person, reason=ERASURE_REASON, actor=u["employee"]
    )
    scim_token, scim_secret = scim_token_create(name="IdP", created_by=u["administrator"])
    m.objects.update(
        audit_event=_latest_audit_event(),
        erasure=erasure,
        scim_token=scim_token,
        scim_secret=scim_secret,
        provisioned_group=ProvisionedGroup.objects.create(display_name="Engineering leads"),
    )


def _webhooks(m: Matrix) -> None:
    """An endpoint subscribed to every event (its secret is a canary nobody may read) and a
    delivery that gave up."""
    from belong.webhooks.models import SUBSCRIBABLE, WebhookDelivery
    from belong.webhooks.services import endpoint_create

    endpoint, secret = endpoint_create(
        url="https://93.184.215.14/matrix",
        event_types=[value for value, _label in SUBSCRIBABLE],
        created_by=m.users["administrator"],
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type="event.created",
        event_id="evt_matrix",
        payload={"id": "evt_matrix", "type": "event.created", "data": {}},
        status=WebhookDelivery.Status.GAVE_UP,
        attempt_count=6,
    )
    m.objects.update(webhook_endpoint=endpoint, webhook_delivery=delivery, webhook_secret=secret)


def _latest_audit_event() -> Any:
    from belong.audit.models import AuditEvent

    return AuditEvent.objects.order_by("-pk").first()


def build_matrix() -> Matrix:
    m = Matrix(users=_personas())
    _webhooks(m)  # first: building the rest records what a real receiver would be sent
    _groups(m)
    _population(m)
    _events(m)
    _mentoring(m)
    _circles(m)
    _accounts(m)
    _records(m)
    for user in m.users.values():  # drop anything cached on the user objects while building
        if user is not None:
            for key in ("_belong_memberships", "_belong_grants", "_belong_person"):
                user.__dict__.pop(key, None)
    return m
