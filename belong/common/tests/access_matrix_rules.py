"""The access matrix: every route and API operation, the personas allowed, the refusal others get.

A web route is declared under its URL name (`groups:roster`); an API operation as
`"METHOD /api/path"` exactly as the OpenAPI document spells it. `test_access_matrix` fails
when a route exists that is not declared here, so a new page or endpoint needs an access rule
before it can ship. See docs/security.md, "The access matrix".

Conventions the rules follow (and the matrix checks):
- pages: anonymous visitors are sent to sign in (302); signed-in people who are refused get
  403, or 404 where the object's existence is itself private (relationships, a circle's
  content, someone else's enrollment or token);
- API: no credentials → 401; refused → 403 or 404 likewise;
- care circles: 404 for every signed-in product user who is not a member — the same answer
  as for a circle that does not exist (outsiders get 403 before any lookup, for any id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from belong.common.tests.access_matrix_data import Matrix

P = frozenset
# Everyone who may use the product: the dataset's personas who have an employee record or a
# company role. Outsiders (signed in, neither) and anonymous visitors are never in it.
PRODUCT = P(
    {
        "employee",
        "mentor",
        "group_leader",
        "program_manager",
        "hr_analyst",
        "administrator",
        "private_member",
        "care_lead",
        "care_member",
    }
)
SIGNED_IN = PRODUCT | {"outsider"}
EVERYONE = SIGNED_IN | {"anonymous"}
NOBODY: frozenset[str] = P()
ADMIN = P({"administrator"})
PRIDE_LEADERS = P({"group_leader", "administrator"})
PRIDE_MEMBERS = P({"mentor", "private_member"})
PRIDE_ROSTER = PRIDE_MEMBERS | PRIDE_LEADERS
QUIET_MEMBERS = P({"private_member"})
MANAGERS = P({"program_manager", "administrator"})
PAIR = P({"employee", "mentor"})
CIRCLE = P({"mentor", "employee"})  # the mentoring circle: mentor leads, employee takes part
CARE = P({"care_lead", "care_member"})
INSIGHTS = P({"group_leader", "program_manager", "hr_analyst", "administrator"})
COMPANY = P({"hr_analyst", "administrator"})

Url = Callable[[Matrix], str]


@dataclass(frozen=True)
class Rule:
    """Who may use one route: `allowed` get `ok`; other signed-in product users `refused`."""

    key: str  # URL name, or "METHOD /api/path"
    url: Url
    allowed: frozenset[str]
    methods: tuple[str, ...] = ("GET",)
    refused: int = 403
    ok: int = 200
    outsider: int | None = None  # None: the refusal for outsiders is 403
    anonymous: int | None = None  # None: 302 to sign-in on pages, 401 on the API
    special: dict[str, int] = field(default_factory=dict)  # persona → status, with a reason
    variant: str = ""  # a second rule for the same route (e.g. the private group's page)
    body: dict[str, Any] | None = None  # API: a JSON body that passes validation
    multipart: bool = False  # API: send a small CSV file instead of JSON
    scim: bool = False  # SCIM: also try every persona's API bearer tokens
    only: tuple[str, ...] = ()  # check just these personas (for routes that show no data)

    @property
    def label(self) -> str:
        return f"{self.key}[{self.variant}]" if self.variant else self.key

    @property
    def is_api(self) -> bool:
        return self.key.split(" ", 1)[0].isupper() and " /api/" in self.key


def r(name: str, *args: Callable[[Matrix], Any]) -> Url:
    return lambda m: reverse(name, args=[a(m) for a in args])


def web(name: str, allowed: frozenset[str], *args: Callable[[Matrix], Any], **kw: Any) -> Rule:
    return Rule(name, r(name, *args), allowed, **kw)


pride = lambda m: m.pride.slug  # noqa: E731 - short argument builders read best inline
quiet = lambda m: "quiet"  # noqa: E731
madrid = lambda m: "madrid"  # noqa: E731
program = lambda m: m.program.pk  # noqa: E731
event = lambda m: m.event.pk  # noqa: E731
circle = lambda m: m.circle.pk  # noqa: E731
care = lambda m: m.care_circle.pk  # noqa: E731
POST = ("POST",)
GET_POST = ("GET", "POST")

WEB_RULES: list[Rule] = [
    # --- common
    web("home", SIGNED_IN),
    web("healthz", EVERYONE),
    # --- accounts
    web("accounts:roles", ADMIN, methods=GET_POST),
    web("accounts:role_revoke", ADMIN, lambda m: m.hr_grant.pk, methods=POST),
    web("accounts:tokens", SIGNED_IN, methods=GET_POST),
    # A token is its owner's alone; anyone else is told it does not exist.
    web(
        "accounts:token_revoke",
        ADMIN,
        lambda m: m.admin_token.pk,
        methods=POST,
        refused=404,
        outsider=404,
    ),
    # --- people
    web("people:directory", PRODUCT),
    web("people:import", ADMIN, methods=GET_POST),
    web("people:import_job", ADMIN, lambda m: m.import_job.pk),
    web("people:profile", PRODUCT, lambda m: m.users["employee"].person.employee_id),
    # The private member's own profile: it names them, never their private memberships.
    web(
        "people:profile",
        PRODUCT,
        lambda m: m.users["private_member"].person.employee_id,
        variant="private",
    ),
    web(
        "people:profile_edit",
        P({"employee"}),
        lambda m: m.users["employee"].person.employee_id,
        methods=GET_POST,
    ),
    # --- groups
    web("groups:list", PRODUCT),
    web("groups:unsubscribe", EVERYONE, lambda m: m.unsubscribe_token, anonymous=200),
    web("groups:group", PRODUCT, pride),
    # An unlisted group opens by direct link, as the group pages promise (to join it).
    web("groups:group", PRODUCT, quiet, variant="quiet"),
    web(
        "groups:join",
        PRODUCT,
        pride,
        methods=GET_POST,
        special={"mentor": 302, "private_member": 302},
    ),  # fmt: skip  members go to settings
    # Someone with no membership to change or end is sent to the group's join page.
    web("groups:membership", PRIDE_MEMBERS, pride, methods=GET_POST, refused=302),
    web("groups:leave", PRIDE_MEMBERS, pride, methods=POST, refused=302),
    web("groups:roster", PRIDE_ROSTER, pride),
    web("groups:roster", QUIET_MEMBERS | ADMIN, quiet, variant="quiet"),
    web("groups:roster_export", PRIDE_LEADERS, pride),
    web("groups:roster_export", ADMIN, quiet, variant="quiet"),
    # Wearing a badge needs a membership: others are sent to the group's page to join.
    web("groups:badge", PRIDE_MEMBERS, pride, lambda m: m.campaign.pk, methods=POST, refused=302),
    web("groups:volunteering", PRODUCT, pride, methods=GET_POST),
    web("groups:drive", PRODUCT, pride, lambda m: m.drive.pk, methods=GET_POST),
    web("groups:chapter", PRODUCT, pride, madrid),
    web("groups:chapter_roster", PRIDE_ROSTER, pride, madrid),
    web("groups:chapter_roster_export", PRIDE_LEADERS, pride, madrid),
    web("groups:lead", PRIDE_LEADERS, pride),
    web("groups:lead", ADMIN, quiet, variant="quiet"),
    web("groups:lead_campaigns", ADMIN, quiet, variant="quiet"),
    web("groups:lead_settings", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_leaders", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_leader_end", PRIDE_LEADERS, pride, lambda m: m.leader_role.pk, methods=POST),
    web("groups:lead_announcements", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_campaigns", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_volunteering", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_hours_decide", PRIDE_LEADERS, pride, lambda m: m.hours.pk, methods=POST),
    web("groups:lead_drives", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_partners", PRIDE_LEADERS, pride, methods=GET_POST),
    web("groups:lead_initiatives", PRIDE_LEADERS, pride, methods=GET_POST),
    # --- mentoring
    web("mentoring:programs", PRODUCT),
    web("mentoring:mine", PRODUCT),
    web("mentoring:program", PRODUCT, program),
    web("mentoring:enroll", PRODUCT, program, methods=GET_POST),
    # Suggested mentors are for the program's mentees: nobody else has a shortlist.
    web("mentoring:shortlist", P({"employee"}), program, refused=404),
    # Asking needs a mentee enrollment (404 without one); the mentor is sent back with a
    # message: they cannot ask themselves.
    web(
        "mentoring:request",
        P({"employee"}),
        program,
        lambda m: m.mentor_enrollment.pk,
        methods=POST,
        refused=404,
        special={"mentor": 302},
    ),
    web(
        "mentoring:enrollment_edit",
        P({"employee"}),
        lambda m: m.mentee_enrollment.pk,
        methods=GET_POST,
        refused=404,
    ),
    web(
        "mentoring:enrollment_withdraw",
        P({"employee"}),
        lambda m: m.mentee_enrollment.pk,
        methods=POST,
        refused=404,
    ),
    # The program's managers may read a request but not answer it for the mentor.
    web(
        "mentoring:request_action",
        P({"mentor"}),
        lambda m: m.mentor_request.pk,
        lambda m: "decline",
        methods=POST,
        refused=404,
        special={"program_manager": 403, "administrator": 403},
    ),
    web("mentoring:relationship", PAIR | MANAGERS, lambda m: m.relationship.pk, refused=404),
    web(
        "mentoring:relationship_action",
        PAIR,
        lambda m: m.relationship.pk,
        lambda m: "goal",
        methods=POST,
        refused=404,
    ),
    web(
        "mentoring:goal_action",
        PAIR,
        lambda m: m.goal.pk,
        lambda m: "status",
        methods=POST,
        refused=404,
    ),
    web("mentoring:milestone_toggle", PAIR, lambda m: m.milestone.pk, methods=POST, refused=404),
    web("mentoring:session_log", PAIR, lambda m: m.session.pk, methods=GET_POST, refused=404),
    web("mentoring:session_cancel", PAIR, lambda m: m.session.pk, methods=POST, refused=404),
    web("mentoring:session_invite", PAIR, lambda m: m.session.pk, refused=404),
    web("mentoring:survey", PAIR, lambda m: m.survey.pk, methods=GET_POST, refused=404),
    web("mentoring:dashboard", MANAGERS, program),
    web("mentoring:dashboard_csv", MANAGERS, program),
    web("mentoring:run_start", MANAGERS, program, methods=POST),
    web("mentoring:run", MANAGERS, lambda m: m.run.pk),
    web("mentoring:run_action", MANAGERS, lambda m: m.run.pk, lambda m: "rerun", methods=POST),
    web("mentoring:pair_action", MANAGERS, lambda m: m.pair.pk, lambda m: "remove", methods=POST),
    # --- events
    web("events:list", PRODUCT),
    # Filtering by the unlisted group shows its events only to those who may find it.
    Rule(
        "events:list",
        lambda m: f"{reverse('events:list')}?group={m.quiet.pk}",
        PRODUCT,
        variant="filter",
    ),
    web("events:calendar", PRODUCT, methods=GET_POST),
    web("events:feed_mine", EVERYONE, lambda m: m.calendar_token, anonymous=200),
    web("events:feed_group", EVERYONE, lambda m: m.calendar_token, pride, anonymous=200),
    web("events:feed_chapter", EVERYONE, lambda m: m.calendar_token, pride, madrid, anonymous=200),
    web("events:initiative", PRODUCT, lambda m: m.initiative.pk),
    web("events:event", PRODUCT, event),
    web("events:event", PRODUCT, lambda m: m.quiet_event.pk, variant="quiet"),
    web("events:rsvp", PRODUCT, event, methods=POST),
    web("events:rsvp_cancel", PRODUCT, event, methods=POST),
    web("events:checkin", PRODUCT, event, methods=POST),
    web("events:invite", PRODUCT, event),
    web("events:edit", PRIDE_LEADERS, event, methods=GET_POST),
    web("events:cancel", PRIDE_LEADERS, event, methods=GET_POST),
    web("events:roster", PRIDE_LEADERS, event),
    web("events:roster_export", PRIDE_LEADERS, event),
    web("events:roster_tick", PRIDE_LEADERS, event, lambda m: m.registration.pk, methods=POST),
    web("events:code_reset", PRIDE_LEADERS, event, methods=POST),
    web("events:create", PRIDE_LEADERS, pride, methods=GET_POST),
    web("events:report", PRIDE_LEADERS, pride),
    web("events:initiative_create", PRIDE_LEADERS, pride, methods=GET_POST),
    # --- insights
    # Those who see the company are taken straight to its dashboard.
    web("insights:home", INSIGHTS, special={"hr_analyst": 302, "administrator": 302}),
    web("insights:company", COMPANY),
    web("insights:company_csv", COMPANY, lambda m: "members_over_time"),
    web("insights:group", PRIDE_LEADERS | COMPANY, pride),
    web("insights:group", COMPANY, quiet, variant="quiet"),
    web("insights:group_csv", PRIDE_LEADERS | COMPANY, pride, lambda m: "members_over_time"),
    web("insights:chapter", PRIDE_LEADERS | COMPANY, pride, madrid),
    web(
        "insights:chapter_csv",
        PRIDE_LEADERS | COMPANY,
        pride,
        madrid,
        lambda m: "members_over_time",
    ),
    web("insights:program", MANAGERS | COMPANY, program),
    web("insights:program_csv", MANAGERS | COMPANY, program, lambda m: "mentoring_participation"),
    # --- circles
    web("circles:programs", PRODUCT),
    web("circles:program", PRODUCT, lambda m: m.circle_program.pk, methods=GET_POST),
    web("circles:program", PRODUCT, lambda m: m.care_program.pk, methods=GET_POST, variant="care"),
    web(
        "circles:enrollment_withdraw",
        P({"mentor"}),
        lambda m: m.circle_enrollment.pk,
        methods=POST,
        refused=404,
    ),
    web("circles:circle", CIRCLE | MANAGERS, circle, refused=404),
    web("circles:circle", CARE, care, refused=404, variant="care"),
    web("circles:posts", CIRCLE, circle, methods=GET_POST, refused=404),
    web("circles:posts", CARE, care, methods=GET_POST, refused=404, variant="care"),
    web("circles:roster", CIRCLE | MANAGERS, circle, refused=404),
    # Real names in a care circle are for its facilitator; a member is refused, others 404.
    web(
        "circles:roster",
        P({"care_lead"}),
        care,
        refused=404,
        special={"care_member": 403},
        variant="care",
    ),
    web("circles:circle_action", CIRCLE, circle, lambda m: "help", methods=POST, refused=404),
    web(
        "circles:circle_action",
        CARE,
        care,
        lambda m: "concern",
        methods=POST,
        refused=404,
        variant="care",
    ),
    web(
        "circles:attendance",
        P({"mentor"}),
        lambda m: m.circle_session.pk,
        methods=POST,
        refused=404,
        special={"employee": 403},
    ),
    web(
        "circles:attendance",
        P({"care_lead"}),
        lambda m: m.care_session.pk,
        methods=POST,
        refused=404,
        special={"care_member": 403},
        variant="care",
    ),
    web(
        "circles:session_feedback", CIRCLE, lambda m: m.circle_session.pk, methods=POST, refused=404
    ),
    web(
        "circles:session_feedback",
        CARE,
        lambda m: m.care_session.pk,
        methods=POST,
        refused=404,
        variant="care",
    ),
    web("circles:session_invite", CIRCLE, lambda m: m.circle_session.pk, refused=404),
    web("circles:session_invite", CARE, lambda m: m.care_session.pk, refused=404, variant="care"),
    web("circles:manage", MANAGERS, lambda m: m.circle_program.pk),
    web("circles:manage", MANAGERS, lambda m: m.care_program.pk, variant="care"),
    web("circles:export", MANAGERS, lambda m: m.care_program.pk),
    web("circles:formation_start", MANAGERS, lambda m: m.circle_program.pk, methods=POST),
    web("circles:run", MANAGERS, lambda m: m.draft_run.pk),
    web("circles:run_action", MANAGERS, lambda m: m.draft_run.pk, lambda m: "rerun", methods=POST),
    web("circles:circle_lock", MANAGERS, lambda m: m.draft_circle.pk, methods=POST),
    web("circles:member_move", MANAGERS, lambda m: m.draft_member.pk, methods=POST),
    web("circles:resolve", MANAGERS, lambda m: "help", lambda m: m.help_request.pk, methods=POST),
    # --- audit log: administrators only (it names who saw whose private data)
    web("audit:list", ADMIN),
    web("audit:export", ADMIN),
    web("audit:detail", ADMIN, lambda m: m.audit_event.pk),
    # --- personal data: each person their own (no URL names anyone else); erasure is
    # carried out by administrators
    web("privacy:overview", PRODUCT),
    web("privacy:self_identification", PRODUCT, methods=GET_POST),
    web("privacy:self_identification_delete", PRODUCT, methods=POST),
    web("privacy:analytics_consent", PRODUCT, methods=POST),
    web("privacy:download", PRODUCT, methods=POST),
    web("privacy:erasure", PRODUCT, methods=GET_POST),
    web("privacy:erasure_cancel", PRODUCT, methods=POST),
    web("privacy:erasure_requests", ADMIN),
    web("privacy:erasure_carry_out", ADMIN, lambda m: m.erasure.pk, methods=GET_POST),
    web("privacy:self_id_totals", COMPANY),
    # --- SCIM provisioning page: administrators
    web("provisioning:home", ADMIN, methods=GET_POST),
    web("provisioning:token_revoke", ADMIN, lambda m: m.scim_token.pk, methods=POST),
    web("provisioning:group_map", ADMIN, lambda m: m.provisioned_group.pk, methods=POST),
    # --- outgoing webhooks: administrators (endpoints receive company-wide events)
    web("webhooks:list", ADMIN),
    web("webhooks:create", ADMIN, methods=GET_POST),
    web("webhooks:endpoint", ADMIN, lambda m: m.webhook_endpoint.pk),
    web("webhooks:edit", ADMIN, lambda m: m.webhook_endpoint.pk, methods=GET_POST),
    web("webhooks:rotate", ADMIN, lambda m: m.webhook_endpoint.pk, methods=POST),
    web("webhooks:ping", ADMIN, lambda m: m.webhook_endpoint.pk, methods=POST),
    web("webhooks:delete", ADMIN, lambda m: m.webhook_endpoint.pk, methods=POST),
    web("webhooks:delivery", ADMIN, lambda m: m.webhook_delivery.pk),
    web("webhooks:redeliver", ADMIN, lambda m: m.webhook_delivery.pk, methods=POST),
    # --- SCIM 2.0: identity providers with a SCIM token only. No persona's session or API
    # token is accepted (the matrix also sends each persona's bearer tokens here).
    *[
        Rule(
            name,
            r(name, *args),
            NOBODY,
            methods=methods,
            refused=401,
            outsider=401,
            anonymous=401,
            scim=True,
        )
        for name, args, methods in [
            ("scim:service_provider_config", (), ("GET",)),
            ("scim:schemas", (), ("GET",)),
            ("scim:schema", (lambda m: "urn:ietf:params:scim:schemas:core:2.0:User",), ("GET",)),
            ("scim:resource_types", (), ("GET",)),
            ("scim:resource_type", (lambda m: "User",), ("GET",)),
            ("scim:users", (), GET_POST),
            ("scim:users_search", (), POST),
            (
                "scim:user",
                (lambda m: m.users["employee"].person.pk,),
                ("GET", "PUT", "PATCH", "DELETE"),
            ),
            ("scim:groups", (), GET_POST),
            ("scim:groups_search", (), POST),
            ("scim:group", (lambda m: m.provisioned_group.pk,), ("GET", "PUT", "PATCH", "DELETE")),
            ("scim:search", (), POST),
            ("scim:not_found", (lambda m: "Nothing",), ("GET",)),
        ]
    ],
    # --- the API's own pages: the schema and docs describe operations, not data
    # (they hold no data, so three personas stand for all: generating the schema is slow)
    web("api:openapi-json", EVERYONE, anonymous=200, only=("anonymous", "outsider", "employee")),
    web("api:openapi-view", EVERYONE, anonymous=200, only=("anonymous", "outsider", "employee")),
    # --- Django's admin: nobody in the product is staff; everyone is sent to its sign-in
    Rule("admin:index", lambda m: reverse("admin:index"), P(), refused=302, outsider=302),
]
