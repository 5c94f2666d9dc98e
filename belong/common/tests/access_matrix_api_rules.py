"""The access matrix's REST API rules: one per operation of the OpenAPI document.

Declared as `"METHOD /api/path"`, exactly as the document spells the path; path parameters
come from the dataset (`PARAMS`) unless a rule gives its own. See `access_matrix_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from belong.common.tests.access_matrix_data import Matrix
from belong.common.tests.access_matrix_rules import (
    ADMIN,
    CARE,
    CIRCLE,
    COMPANY,
    MANAGERS,
    PAIR,
    PRIDE_LEADERS,
    PRIDE_MEMBERS,
    PRIDE_ROSTER,
    PRODUCT,
    QUIET_MEMBERS,
    SIGNED_IN,
    P,
    Rule,
)

# --- the REST API: path parameters come from the dataset unless a rule says otherwise
PARAMS: dict[str, Callable[[Matrix], Any]] = {
    "employee_id": lambda m: m.users["employee"].person.employee_id,
    "job_id": lambda m: m.import_job.pk,
    "group_id": lambda m: m.pride.pk,
    "chapter_id": lambda m: m.madrid.pk,
    "role_id": lambda m: m.leader_role.pk,
    "campaign_id": lambda m: m.campaign.pk,
    "hours_id": lambda m: m.hours.pk,
    "drive_id": lambda m: m.drive.pk,
    "partner_id": lambda m: m.partner.pk,
    "initiative_id": lambda m: m.group_initiative.pk,
    "program_id": lambda m: m.program.pk,
    "enrollment_id": lambda m: m.mentee_enrollment.pk,
    "request_id": lambda m: m.mentor_request.pk,
    "relationship_id": lambda m: m.relationship.pk,
    "goal_id": lambda m: m.goal.pk,
    "milestone_id": lambda m: m.milestone.pk,
    "session_id": lambda m: m.session.pk,
    "survey_id": lambda m: m.survey.pk,
    "run_id": lambda m: m.run.pk,
    "pair_id": lambda m: m.pair.pk,
    "event_id": lambda m: m.event.pk,
    "registration_id": lambda m: m.registration.pk,
    "circle_id": lambda m: m.circle.pk,
    "endpoint_id": lambda m: m.webhook_endpoint.pk,
    "delivery_id": lambda m: m.webhook_delivery.pk,
    "slug": lambda m: m.pride.slug,
    "grant_id": lambda m: m.hr_grant.pk,
    "token_id": lambda m: m.admin_token.pk,
    "member_id": lambda m: m.draft_member.pk,
    "item_id": lambda m: m.help_request.pk,
    "chapter": lambda m: "madrid",
}


def api(
    key: str,
    allowed: frozenset[str],
    params: dict[str, Any] | None = None,
    query: Callable[[Matrix], str] | None = None,
    **kw: Any,
) -> Rule:
    """A rule for one operation; `query` adds a query string (filters that must not widen)."""
    method, path = key.split(" ", 1)
    overrides = params or {}

    def url(m: Matrix) -> str:
        values = {}
        for name in _path_names(path):
            given = overrides.get(name, PARAMS.get(name))
            assert given is not None, f"{key}: no value for {{{name}}}"
            values[name] = given(m) if callable(given) else given
        return path.format(**values) + (f"?{query(m)}" if query else "")

    return Rule(key, url, allowed, methods=(method,), **kw)


def _path_names(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


HIDDEN = lambda m: m.users["private_member"].person.employee_id  # noqa: E731
G = "/api/groups/{group_id}"
M = "/api/mentoring"
E = "/api/events/{event_id}"
C = "/api/circles"
CIRCLE_PROGRAM = {"program_id": lambda m: m.circle_program.pk}
CIRCLE_SESSION = {"session_id": lambda m: m.circle_session.pk}
CARE_CIRCLE = {"circle_id": lambda m: m.care_circle.pk}
DRAFT_RUN = {"run_id": lambda m: m.draft_run.pk}
API_RULES: list[Rule] = [
    api("GET /api/me", SIGNED_IN),
    # --- accounts: role grants for administrators; tokens are each person's own
    api("GET /api/roles", ADMIN),
    api("POST /api/roles", ADMIN, body={"email": "employee@example.test", "role": "hr_analyst"}),
    api("DELETE /api/roles/{grant_id}", ADMIN),
    api("GET /api/tokens", SIGNED_IN),
    api("POST /api/tokens", SIGNED_IN),
    api("DELETE /api/tokens/{token_id}", ADMIN, refused=404, outsider=404),
    # --- people
    api("GET /api/people", PRODUCT),
    api("GET /api/people/{employee_id}", PRODUCT),
    api("PATCH /api/people/{employee_id}/profile", P({"employee"})),
    api(
        "GET /api/people/{employee_id}", PRODUCT, variant="private", params={"employee_id": HIDDEN}
    ),
    api("GET /api/skills", PRODUCT),
    api("GET /api/sites", PRODUCT),
    api("GET /api/languages", PRODUCT),
    api("POST /api/imports", ADMIN, multipart=True),
    api("GET /api/imports/{job_id}", ADMIN),
    # --- groups
    api("GET /api/groups", PRODUCT),
    # Searching for the unlisted group by name finds it only for those who may list it.
    api("GET /api/groups", PRODUCT, variant="search", query=lambda m: "q=Quiet"),
    api("POST /api/groups", ADMIN),
    api(f"GET {G}", PRODUCT),
    api(f"PATCH {G}", PRIDE_LEADERS),
    api(f"POST {G}/chapters", PRIDE_LEADERS),
    api(f"GET {G}/chapters/{{chapter_id}}", PRODUCT),
    api(f"GET {G}/members", PRIDE_ROSTER),
    api(
        f"GET {G}/members",
        QUIET_MEMBERS | ADMIN,
        variant="quiet",
        params={"group_id": lambda m: m.quiet.pk},
    ),
    api(f"GET {G}/chapters/{{chapter_id}}/members", PRIDE_ROSTER),
    api(f"GET {G}/membership", PRIDE_MEMBERS, refused=404),
    api(f"POST {G}/membership", PRODUCT, body={"kind": "member", "consent": True}),
    api(
        f"PATCH {G}/membership",
        PRIDE_MEMBERS,
        refused=404,
        body={"kind": "member", "show_on_roster": True, "show_badges": True},
    ),
    api(f"DELETE {G}/membership", PRIDE_MEMBERS, refused=204),  # leaving twice: no-op
    api(f"GET {G}/leaders", PRODUCT),
    api(f"POST {G}/leaders", PRIDE_LEADERS),
    api(f"DELETE {G}/leaders/{{role_id}}", PRIDE_LEADERS),
    api(f"GET {G}/announcements", PRIDE_LEADERS),
    api(f"POST {G}/announcements", PRIDE_LEADERS),
    api(f"GET {G}/campaigns", PRODUCT),
    api(f"POST {G}/campaigns", PRIDE_LEADERS),
    # Wearing a badge needs a membership: others are told to join first (400); taking one
    # off that you do not wear changes nothing (204).
    api(f"POST {G}/campaigns/{{campaign_id}}/badge", PRIDE_MEMBERS, refused=400),
    api(f"DELETE {G}/campaigns/{{campaign_id}}/badge", PRIDE_MEMBERS, refused=204),
    api("GET /api/groups/badges/{employee_id}", PRODUCT),
    api(
        "GET /api/groups/badges/{employee_id}",
        PRODUCT,
        variant="private",
        params={"employee_id": HIDDEN},
    ),
    api(f"GET {G}/volunteering", PRODUCT),
    api(f"POST {G}/opportunities", PRIDE_LEADERS),
    api(f"POST {G}/hours", PRODUCT),
    api(f"GET {G}/hours/pending", PRIDE_LEADERS),
    api(f"POST {G}/hours/{{hours_id}}/decision", PRIDE_LEADERS),
    api(f"GET {G}/drives", PRODUCT),
    api(f"POST {G}/drives", PRIDE_LEADERS),
    api(f"POST {G}/drives/{{drive_id}}/donations", PRODUCT),
    api(f"GET {G}/partners", PRIDE_LEADERS),
    api(f"POST {G}/partners", PRIDE_LEADERS),
    api(f"POST {G}/partners/{{partner_id}}/contacts", PRIDE_LEADERS),
    api(f"POST {G}/partners/{{partner_id}}/referrals", PRIDE_LEADERS),
    api(f"GET {G}/initiatives", PRODUCT),
    api(f"POST {G}/initiatives", PRIDE_LEADERS),
    api(f"PATCH {G}/initiatives/{{initiative_id}}", PRIDE_LEADERS),
    # --- mentoring
    api(f"GET {M}/programs", PRODUCT),
    api(f"GET {M}/programs/{{program_id}}", PRODUCT),
    api(f"POST {M}/programs/{{program_id}}/enrollments", PRODUCT),
    api(f"GET {M}/enrollments", PRODUCT),
    api(f"GET {M}/enrollments/{{enrollment_id}}", P({"employee"}) | MANAGERS, refused=404),
    api(f"PATCH {M}/enrollments/{{enrollment_id}}", P({"employee"}), refused=404),
    api(f"POST {M}/enrollments/{{enrollment_id}}/withdraw", P({"employee"}), refused=404),
    api(f"GET {M}/programs/{{program_id}}/shortlist", P({"employee"}), refused=409),
    api(f"POST {M}/programs/{{program_id}}/requests", PRODUCT),
    api(f"GET {M}/requests", PRODUCT),
    api(
        f"POST {M}/requests/{{request_id}}/actions/{{action}}",
        P({"mentor"}),
        refused=404,
        params={"action": "decline"},
        special={"program_manager": 403, "administrator": 403},
    ),
    api(f"GET {M}/relationships", PRODUCT),
    api(f"GET {M}/relationships/{{relationship_id}}", PAIR | MANAGERS, refused=404),
    api(
        f"POST {M}/relationships/{{relationship_id}}/actions/{{action}}",
        PAIR,
        refused=404,
        params={"action": "complete"},
    ),
    api(f"POST {M}/relationships/{{relationship_id}}/goals", PAIR, refused=404),
    api(f"POST {M}/goals/{{goal_id}}/status", PAIR, refused=404),
    api(f"POST {M}/goals/{{goal_id}}/milestones", PAIR, refused=404),
    api(f"POST {M}/milestones/{{milestone_id}}/toggle", PAIR, refused=404),
    # Sessions carry the pair's shared notes: managers see the relationship, not these.
    api(f"GET {M}/relationships/{{relationship_id}}/sessions", PAIR, refused=404),
    api(f"POST {M}/relationships/{{relationship_id}}/sessions", PAIR, refused=404),
    api(f"POST {M}/sessions/{{session_id}}/log", PAIR, refused=404),
    api(f"GET {M}/sessions/{{session_id}}/private-note", PAIR, refused=404),
    api(f"POST {M}/sessions/{{session_id}}/cancel", PAIR, refused=404),
    api(f"GET {M}/sessions/{{session_id}}/invite.ics", PAIR, refused=404),
    api(f"GET {M}/surveys/{{survey_id}}", PAIR, refused=404),
    api(f"POST {M}/surveys/{{survey_id}}/answers", PAIR, refused=404),
    api(f"POST {M}/programs/{{program_id}}/runs", MANAGERS),
    api(f"GET {M}/runs/{{run_id}}", MANAGERS),
    api(f"GET {M}/runs/{{run_id}}/pairs", MANAGERS),
    api(f"POST {M}/runs/{{run_id}}/actions/{{action}}", MANAGERS, params={"action": "rerun"}),
    api(f"POST {M}/pairs/{{pair_id}}/actions/{{action}}", MANAGERS, params={"action": "remove"}),
    api(f"GET {M}/programs/{{program_id}}/dashboard", MANAGERS),
    # --- events
    api("GET /api/events", PRODUCT),
    api("GET /api/events", PRODUCT, variant="filter", query=lambda m: f"group={m.quiet.pk}"),
    api(f"GET {E}", PRODUCT),
    api(f"PATCH {E}", PRIDE_LEADERS),
    api(f"POST {G}/events", PRIDE_LEADERS),
    api(f"POST {E}/cancel", PRIDE_LEADERS),
    api(f"GET {E}/invite.ics", PRODUCT),
    api(
        "GET /api/events/initiatives/{initiative_id}",
        PRODUCT,
        params={"initiative_id": lambda m: m.initiative.pk},
    ),
    api(f"GET {E}/checkin-code", PRIDE_LEADERS),
    api(f"POST {E}/checkin-code", PRIDE_LEADERS),
    api(f"GET {E}/registration", P({"mentor", "private_member"}), refused=404),
    api(f"POST {E}/registration", PRODUCT),
    api(f"DELETE {E}/registration", P({"mentor", "private_member"}), refused=404),
    api(f"POST {E}/checkin", PRODUCT),
    api(f"GET {E}/attendees", PRIDE_LEADERS),
    api(f"POST {E}/attendees/{{registration_id}}/checkin", PRIDE_LEADERS),
    api(f"GET {G}/events/report", PRIDE_LEADERS),
    api(f"GET {G}/global-initiatives", PRODUCT),
    api(f"POST {G}/global-initiatives", PRIDE_LEADERS),
    # --- circles
    api(f"GET {C}/programs", PRODUCT),
    api(
        f"POST {C}/programs/{{program_id}}/enrollments",
        PRODUCT,
        params={"program_id": lambda m: m.circle_program.pk},
    ),
    api(f"GET {C}/mine", PRODUCT),
    api(f"GET {C}/programs/{{program_id}}", PRODUCT, params=CIRCLE_PROGRAM),
    api(f"GET {C}/programs/{{program_id}}/enrollment", CIRCLE, refused=404, params=CIRCLE_PROGRAM),
    api(
        f"POST {C}/enrollments/{{enrollment_id}}/withdraw",
        P({"mentor"}),
        refused=404,
        params={"enrollment_id": lambda m: m.circle_enrollment.pk},
    ),
    api(f"GET {C}/sessions/{{session_id}}/invite.ics", CIRCLE, refused=404, params=CIRCLE_SESSION),
    api(
        f"POST {C}/sessions/{{session_id}}/attendance",
        P({"mentor"}),
        refused=404,
        special={"employee": 403},
        params=CIRCLE_SESSION,
    ),
    api(f"POST {C}/sessions/{{session_id}}/feedback", CIRCLE, refused=404, params=CIRCLE_SESSION),
    api(f"POST {C}/{{circle_id}}/feedback", CIRCLE, refused=404),
    # A member who is not the lead is told only the lead asks for help (409).
    api(f"POST {C}/{{circle_id}}/help", P({"mentor"}), refused=404, special={"employee": 409}),
    api(f"POST {C}/{{circle_id}}/concerns", CARE, refused=404, params=CARE_CIRCLE),
    api(f"PUT {C}/{{circle_id}}/display-name", CARE, refused=404, params=CARE_CIRCLE),
    # managing circle programs: the mentoring program's managers and administrators
    api(f"GET {C}/programs/{{program_id}}/overview", MANAGERS, params=CIRCLE_PROGRAM),
    api(f"POST {C}/programs/{{program_id}}/runs", MANAGERS, params=CIRCLE_PROGRAM),
    api(f"GET {C}/runs/{{run_id}}", MANAGERS, params=DRAFT_RUN),
    api(
        f"POST {C}/runs/{{run_id}}/actions/{{action}}",
        MANAGERS,
        params={**DRAFT_RUN, "action": "rerun"},
    ),
    api(
        f"PUT {C}/drafts/{{circle_id}}/lock",
        MANAGERS,
        params={"circle_id": lambda m: m.draft_circle.pk},
    ),
    api(f"POST {C}/drafts/members/{{member_id}}/move", MANAGERS),
    api(f"POST {C}/manage/{{kind}}/{{item_id}}/resolve", MANAGERS, params={"kind": "help"}),
    api(f"GET {C}/{{circle_id}}", CIRCLE | MANAGERS, refused=404),
    api(
        f"GET {C}/{{circle_id}}",
        CARE,
        refused=404,
        variant="care",
        params={"circle_id": lambda m: m.care_circle.pk},
    ),
    api(f"GET {C}/{{circle_id}}/roster", CIRCLE | MANAGERS, refused=404),
    api(
        f"GET {C}/{{circle_id}}/roster",
        P({"care_lead"}),
        refused=404,
        variant="care",
        special={"care_member": 403},
        params={"circle_id": lambda m: m.care_circle.pk},
    ),
    api(f"GET {C}/{{circle_id}}/posts", CIRCLE, refused=404),
    api(
        f"GET {C}/{{circle_id}}/posts",
        CARE,
        refused=404,
        variant="care",
        params={"circle_id": lambda m: m.care_circle.pk},
    ),
    api(f"POST {C}/{{circle_id}}/posts", CIRCLE, refused=404),
    api(
        f"POST {C}/{{circle_id}}/posts",
        CARE,
        refused=404,
        variant="care",
        params={"circle_id": lambda m: m.care_circle.pk},
    ),
    api(
        f"GET {C}/programs/{{program_id}}/report",
        MANAGERS,
        params={"program_id": lambda m: m.care_program.pk},
    ),
    # --- audit and personal data
    api("GET /api/audit", ADMIN),
    # --- outgoing webhooks: administrators with the admin scope
    api("GET /api/webhooks/endpoints", ADMIN),
    api("POST /api/webhooks/endpoints", ADMIN, ok=201),
    api("GET /api/webhooks/endpoints/{endpoint_id}", ADMIN),
    api("PATCH /api/webhooks/endpoints/{endpoint_id}", ADMIN),
    api("DELETE /api/webhooks/endpoints/{endpoint_id}", ADMIN, ok=204),
    api("POST /api/webhooks/endpoints/{endpoint_id}/rotate", ADMIN),
    api("POST /api/webhooks/endpoints/{endpoint_id}/ping", ADMIN, ok=202),
    api("GET /api/webhooks/endpoints/{endpoint_id}/deliveries", ADMIN),
    api("GET /api/webhooks/deliveries/{delivery_id}", ADMIN),
    api("POST /api/webhooks/deliveries/{delivery_id}/redeliver", ADMIN, ok=202),
    api("GET /api/me/export", PRODUCT),
    # --- insights
    api("GET /api/insights/company", COMPANY),
    api("GET /api/insights/groups/{slug}", PRIDE_LEADERS | COMPANY),
    api("GET /api/insights/groups/{slug}/chapters/{chapter}", PRIDE_LEADERS | COMPANY),
    api("GET /api/insights/programs/{program_id}", MANAGERS | COMPANY),
]
