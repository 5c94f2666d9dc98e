"""Demo seed step: the company-wide mentoring program (id 1) with six years of history.

Participation grows about eightfold over the six yearly cycles (the real program this is
modelled on went from 18,800 to 159,000 participants), scaled so the last full year has
about a tenth of the company taking part. Finished relationships have sessions with topics
and both sides' surveys; this year's cycle is open with enrollments waiting for a run, so a
program manager has something to do. Rows are written in bulk (`insert_rows`: COPY on
PostgreSQL), so 3,000 people seed in well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from django.utils import timezone

from belong.common.bulk import allocate_ids, insert_rows, reset_sequence
from belong.mentoring.models import (
    DEFAULT_TOPICS,
    Cycle,
    Enrollment,
    Program,
    Relationship,
    Session,
    SessionTopic,
    Survey,
    SurveyResponse,
    Topic,
)
from belong.people.demo.data import DEMO_DOMAIN
from belong.people.demo.loader import SeedContext, register_step
from belong.people.models import Person

YEARS = 6
GROWTH = 8.5  # last full year / first year
LAST_YEAR_SHARE = 0.10  # of current employees taking part in the last full year
OPEN_CYCLE_SHARE = 0.08
MENTOR_MIN_RANK = 5
GUIDES = {
    "Product design": "Walk through a product decision you made. Who was it for, and how did "
    "you know it worked?",
    "Project management": "Pick a project that slipped. What would you plan differently?",
    "Task prioritisation": "Sort this week's work into must, should and could. What did you drop?",
    "Data-driven decision making": "Bring one decision and the data behind it. What data was "
    "missing?",
    "Career growth": "Where do you want to be in two years? What is the next concrete step?",
    "Leadership principles": "Which principle is hardest for you to live by, and when did it "
    "matter most?",
}


def _people(ctx: SeedContext) -> list[tuple[int, int, dt.date, dt.date | None, str]]:
    return list(
        Person.objects.order_by("id").values_list(
            "id", "level__rank", "hire_date", "exit_date", "site__timezone"
        )
    )


def step_mentoring(ctx: SeedContext) -> None:
    rng = ctx.rng("mentoring")
    now = timezone.now()
    today = ctx.today
    # The seed runs only on a database without people, so a program 1 left here has lost
    # everyone in it; it is replaced rather than merged.
    Program.objects.filter(pk=1).delete()
    program = Program.objects.create(
        id=1,
        name="Company mentoring program",
        description="Open to every employee: a mentor from another part of the company, about "
        "ten conversations over four months, and a network that lasts.",
        schedule=Program.Schedule.CYCLES,
        style=Program.Style.MANAGED,
        relationship_weeks=16,
        target_sessions=10,
        rules={"max_tz_gap_hours": 6, "level_gap_min": 1},
    )
    reset_sequence(Program)
    Topic.objects.bulk_create(
        Topic(
            program=program,
            name=name,
            position=k,
            guide=GUIDES.get(name, ""),
            resources=[{"title": f"{name}: reading list", "url": "https://example.org/"}],
        )
        for k, name in enumerate(DEFAULT_TOPICS)
    )
    topic_ids = list(program.topics.values_list("id", flat=True))
    people = _people(ctx)
    personas = dict(
        Person.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", user__isnull=False).values_list(
            "email", "id"
        )
    )
    staff = set(personas.values())
    writer = _Writer(program, topic_ids, rng, now)
    active_now = [p for p in people if p[3] is None or p[3] > today]
    last_year = max(8, int(len(active_now) * LAST_YEAR_SHARE))
    for k in range(YEARS):
        year = today.year - YEARS + k
        opens = dt.date(year, 1, 10)
        cycle = Cycle.objects.create(
            program=program,
            name=str(year),
            enrollment_opens=opens,
            enrollment_closes=opens + dt.timedelta(days=28),
            matching_date=opens + dt.timedelta(days=35),
            ends=opens + dt.timedelta(days=35 + 7 * 16),
        )
        size = max(4, round(last_year / GROWTH ** ((YEARS - 1 - k) / (YEARS - 1))))
        pool = [p for p in people if p[2] < opens and (p[3] is None or p[3] > cycle.ends)]
        pool = [p for p in pool if p[0] not in staff]
        writer.history(cycle, pool, size)
    opens = today - dt.timedelta(days=10)
    cycle = Cycle.objects.create(
        program=program,
        name=f"{today.year} (open)",
        enrollment_opens=opens,
        enrollment_closes=today + dt.timedelta(days=20),
        matching_date=today + dt.timedelta(days=25),
        ends=today + dt.timedelta(days=25 + 7 * 16),
    )
    waiting = [p for p in active_now if p[0] not in staff]
    size = max(6, int(len(active_now) * OPEN_CYCLE_SHARE))
    demo = [personas.get(f"employee@{DEMO_DOMAIN}"), personas.get(f"mentor@{DEMO_DOMAIN}")]
    writer.open_cycle(cycle, waiting, size, demo)
    writer.flush()
    ctx.summary["mentoring relationships"] = writer.counts["relationships"]
    ctx.summary["mentoring sessions"] = writer.counts["sessions"]
    ctx.summary["mentoring enrollments waiting"] = writer.counts["waiting"]


class _Writer:
    """Builds the rows of every table in memory, then writes each table in one go."""

    def __init__(
        self, program: Program, topic_ids: list[int], rng: random.Random, now: dt.datetime
    ) -> None:
        self.program, self.topic_ids, self.rng, self.now = program, topic_ids, rng, now
        self.rows: dict[type[Any], list[tuple[Any, ...]]] = {
            m: [] for m in (Enrollment, Relationship, Session, SessionTopic, Survey, SurveyResponse)
        }
        self.counts = {"relationships": 0, "sessions": 0, "waiting": 0}
        # Ids are handed out here and written at the end, so related rows can point at
        # parents not inserted yet; the sequences are moved past them after the inserts.
        self.next_id = {
            m: allocate_ids(m, 1)[0] for m in (Enrollment, Relationship, Session, Survey)
        }

    def ids(self, model: type[Any], count: int) -> list[int]:
        start = self.next_id[model]
        self.next_id[model] = start + count
        return list(range(start, start + count))

    def _enrollment(
        self, eid: int, cycle: Cycle, person: int, role: str, status: str, when: dt.datetime
    ) -> None:
        picks = self.rng.sample(self.topic_ids, 2)
        mentor = role == "mentor"
        # Enrolled during the window, matched (`when`) on the matching date. The offset comes
        # from the id, not the random stream, so the people drawn (and insights) stay put.
        created = min(when, _at(cycle.enrollment_opens) + dt.timedelta(days=eid % 28))
        self.rows[Enrollment].append(
            (
                eid, created, when, self.program.pk, cycle.pk, person, role, status, "",
                "" if mentor else "Grow my career and learn to prioritise",
                "Happy to share what I have learnt" if mentor else "",
                json.dumps([] if mentor else picks), json.dumps(picks if mentor else []),
                "", json.dumps([]), json.dumps([]),
                2 if mentor else 0, 0, False, when if status == "completed" else None,
            )
        )  # fmt: skip

    def history(self, cycle: Cycle, pool: list[tuple[Any, ...]], size: int) -> None:
        juniors = [p for p in pool if p[1] < MENTOR_MIN_RANK]
        seniors = [p for p in pool if p[1] >= MENTOR_MIN_RANK]
        n_pairs = min(size // 2, len(juniors), 2 * len(seniors))
        if n_pairs <= 0:
            return
        mentees = self.rng.sample(juniors, n_pairs)
        mentors = self.rng.sample(seniors, (n_pairs + 1) // 2)
        ids = self.ids(Enrollment, n_pairs + len(mentors))
        rel_ids = self.ids(Relationship, n_pairs)
        start = _at(cycle.matching_date)
        for k, m in enumerate(mentors):
            self._enrollment(ids[n_pairs + k], cycle, m[0], "mentor", "completed", start)
        for k, e in enumerate(mentees):
            self._enrollment(ids[k], cycle, e[0], "mentee", "completed", start)
            mentor_k = k % len(mentors)
            self._relationship(rel_ids[k], ids[k], ids[n_pairs + mentor_k], e[0],
                               mentors[mentor_k][0], start)  # fmt: skip

    def _relationship(
        self, rid: int, mentee: int, mentor: int, mentee_p: int, mentor_p: int, start: dt.datetime
    ) -> None:
        rng = self.rng
        closed = rng.random() < 0.12
        held = rng.randint(1, 4) if closed else rng.randint(6, 12)
        ended = start + dt.timedelta(weeks=4 if closed else 16)
        last = start + dt.timedelta(days=10 * held)
        self.rows[Relationship].append(
            (
                rid, start, ended, self.program.pk, mentee, mentor, mentee_p, mentor_p, None,
                "closed" if closed else "completed", "Every two weeks", 16,
                "What we discuss stays between us.", "Come prepared; cancel a day ahead.",
                start, start, start, ended, "Schedules did not work out" if closed else "",
                None, last, held,
            )
        )  # fmt: skip
        self.counts["relationships"] += 1
        for s in range(held):
            when = start + dt.timedelta(days=10 * s + 3, hours=rng.randint(0, 6))
            sid = self.ids(Session, 1)[0]
            self.rows[Session].append(
                (sid, when, when, rid, when, 45, "", "held", "", when)
            )  # fmt: skip
            for t in rng.sample(self.topic_ids, rng.randint(1, 2)):
                self.rows[SessionTopic].append((sid, t))
            self.counts["sessions"] += 1
        for number, kind, day in ((1, "checkin", 30), (1, "closeout", 112)):
            due = (start + dt.timedelta(days=min(day, (ended - start).days))).date()
            survey_id = self.ids(Survey, 1)[0]
            self.rows[Survey].append((survey_id, rid, kind, number, due))
            good = 0.0 if closed else 0.35
            for side, person in (("mentee", mentee_p), ("mentor", mentor_p)):
                if rng.random() < 0.8:
                    rating = max(1, min(5, round(rng.gauss(3.6 + good, 0.9))))
                    nps = max(0, min(10, round(rng.gauss(7.6 + 2 * good, 1.8))))
                    when = _at(due)
                    self.rows[SurveyResponse].append(
                        (
                            when,
                            when,
                            survey_id,
                            self.program.pk,
                            kind,
                            person,
                            side,
                            rating,
                            nps,
                            "",
                        )
                    )

    def open_cycle(
        self, cycle: Cycle, pool: list[tuple[Any, ...]], size: int, demo: list[int | None]
    ) -> None:
        juniors = [p for p in pool if p[1] < MENTOR_MIN_RANK]
        seniors = [p for p in pool if p[1] >= MENTOR_MIN_RANK]
        n_mentees = min(len(juniors), size * 2 // 3)
        mentees = [p[0] for p in self.rng.sample(juniors, n_mentees)]
        mentors = [p[0] for p in self.rng.sample(seniors, min(len(seniors), size - n_mentees))]
        if demo[0] is not None:
            mentees.append(demo[0])
        if demo[1] is not None:
            mentors.append(demo[1])
        ids = self.ids(Enrollment, len(mentees) + len(mentors))
        when = _at(cycle.enrollment_opens)
        for eid, person, role in zip(
            ids,
            [*mentees, *mentors],
            ["mentee"] * len(mentees) + ["mentor"] * len(mentors),
            strict=True,
        ):
            self._enrollment(eid, cycle, person, role, "active", when)
        self.counts["waiting"] = len(ids)

    def flush(self) -> None:
        columns = {
            Enrollment: (
                "id", "created_at", "updated_at", "program_id", "cycle_id", "person_id", "role",
                "status", "waitlist_reason", "goals", "expertise", "topics_sought",
                "topics_offered", "preferred_traits", "availability", "languages", "capacity",
                "load", "rematch_priority", "matched_at",
            ),
            Relationship: (
                "id", "created_at", "updated_at", "program_id", "mentee_id", "mentor_id",
                "mentee_person_id", "mentor_person_id", "run_id", "state", "cadence",
                "duration_weeks", "confidentiality", "expectations", "mentee_confirmed_at",
                "mentor_confirmed_at", "started_at", "ended_at", "close_reason", "at_risk_since",
                "last_session_at", "sessions_logged",
            ),
            Session: (
                "id", "created_at", "updated_at", "relationship_id", "starts_at", "minutes",
                "video_link", "status", "shared_notes", "logged_at",
            ),
            SessionTopic: ("session_id", "topic_id"),
            Survey: ("id", "relationship_id", "kind", "number", "due_on"),
            SurveyResponse: (
                "created_at", "updated_at", "survey_id", "program_id", "kind", "respondent_id",
                "side", "rating", "nps", "comment",
            ),
        }  # fmt: skip
        for model in (Enrollment, Relationship, Session, SessionTopic, Survey, SurveyResponse):
            insert_rows(model, columns[model], self.rows[model])
            reset_sequence(model)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


register_step("mentoring", step_mentoring)
