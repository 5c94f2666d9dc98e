"""Every write to people data. HR imports arrive here already validated (see hr_import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from belong.common.bulk import allocate_ids, bulk_load, insert_rows
from belong.people.hr_import import HrRecord, Known
from belong.people.models import (
    JobEvent,
    JobFamily,
    Language,
    Level,
    OrgUnit,
    Person,
    PersonSkill,
    Site,
    Skill,
    build_search_text,
)
from belong.people.queries import forget_filter_choices

Progress = Callable[[int, int], None]
CHUNK = 2000
BULK_LOAD_FROM = 50_000

# The columns an import owns; anything else on Person (bio edits, photo, user) is left alone.
_SYNCED = [
    "legal_name",
    "preferred_name",
    "email",
    "title",
    "level_id",
    "job_family_id",
    "org_unit_id",
    "site_id",
    "hire_date",
    "exit_date",
    "pronouns",
    "search_text",
]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    exited: int = 0
    job_events: int = 0
    managers_left_empty: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "exited": self.exited,
            "job_events": self.job_events,
            "managers_left_empty": self.managers_left_empty[:100],
        }


def people_known() -> Known:
    """What an HR file is validated against: the ladder, languages, stored managers and emails."""
    managers: dict[str, str] = {}
    emails: dict[str, str] = {}
    rows = Person.objects.values_list("employee_id", "manager__employee_id", "email")
    for employee_id, manager_id, email in rows.iterator(chunk_size=20000):
        managers[employee_id] = manager_id or ""
        emails[email.lower()] = employee_id
    return Known(
        levels=frozenset(Level.objects.values_list("code", flat=True)),
        languages=frozenset(Language.objects.values_list("code", flat=True)),
        managers=managers,
        emails=emails,
    )


def _ensure_org_units(paths: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """Ids of every unit on the given paths, creating the missing ones in one bulk insert."""
    known = {
        tuple(name.split(" / ")): (uid, path)
        for uid, name, path in OrgUnit.objects.values_list("id", "full_name", "path")
    }
    wanted = {path[:depth] for path in set(paths) for depth in range(1, len(path) + 1)}
    missing = sorted(wanted - known.keys(), key=lambda p: (len(p), p))
    rows = []
    for prefix, uid in zip(missing, allocate_ids(OrgUnit, len(missing)), strict=True):
        parent = known.get(prefix[:-1]) if len(prefix) > 1 else None
        path = f"{parent[1]}/{uid}" if parent else str(uid)
        known[prefix] = (uid, path)
        rows.append(
            (
                uid,
                prefix[-1],
                parent[0] if parent else None,
                path,
                " / ".join(prefix),
                len(prefix) - 1,
            )
        )
    insert_rows(OrgUnit, ["id", "name", "parent_id", "path", "full_name", "depth"], rows)
    return {prefix: uid for prefix, (uid, _) in known.items()}


def _ensure_sites(records: Sequence[HrRecord]) -> dict[tuple[str, str], int]:
    sites = {(s.city, s.country_code): s for s in Site.objects.all()}
    for r in records:
        key = (r.city, r.country_code)
        site = sites.get(key)
        if site is None:
            sites[key] = Site.objects.create(
                city=r.city, country=r.country, country_code=r.country_code, timezone=r.time_zone
            )
        elif site.timezone != r.time_zone:
            site.timezone = r.time_zone
            site.save(update_fields=["timezone"])
    return {key: site.id for key, site in sites.items()}


def _ensure_named(model: type[JobFamily] | type[Skill], names: Iterable[str]) -> dict[str, int]:
    """Look names up case-insensitively (and skills by synonym); create what is missing."""
    found: dict[str, int] = {}
    for obj in model.objects.all():
        found[obj.name.lower()] = obj.id
        for synonym in getattr(obj, "synonyms", None) or []:
            found.setdefault(str(synonym).lower(), obj.id)
    for name in sorted(set(names)):
        if name and name.lower() not in found:
            found[name.lower()] = model.objects.create(name=name).id
    return found


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def people_import(
    *,
    records: Sequence[HrRecord],
    full_export: bool = False,
    today: dt.date | None = None,
    on_progress: Progress | None = None,
) -> ImportSummary:
    """Upsert people by employee id, in one transaction.

    Level and org changes become job-history rows; with `full_export`, anyone stored but
    absent from the file is marked as exited (never deleted).
    """
    day = today or timezone.localdate()
    summary = ImportSummary()
    total = len(records)
    levels = dict(Level.objects.values_list("code", "id"))
    level_rank = dict(Level.objects.values_list("id", "rank"))
    org_ids = _ensure_org_units(r.org_path for r in records)
    site_ids = _ensure_sites(records)
    family_ids = _ensure_named(JobFamily, (r.job_family for r in records))
    skill_ids = _ensure_named(Skill, (s for r in records for s in r.skills_teach + r.skills_learn))
    language_ids = dict(Language.objects.values_list("code", "id"))

    ids = [r.employee_id for r in records]
    stored: dict[str, dict[str, object]] = {}
    for chunk in _chunks(ids):
        rows = Person.objects.filter(employee_id__in=chunk).values(
            "id", "employee_id", "manager_id", *_SYNCED
        )
        for row in rows:
            stored[str(row["employee_id"])] = row
    fresh = [r for r in records if r.employee_id not in stored]
    person_ids = {eid: int(str(row["id"])) for eid, row in stored.items()}
    person_ids.update(
        zip((r.employee_id for r in fresh), allocate_ids(Person, len(fresh)), strict=True)
    )
    wanted_managers = sorted({r.manager_id for r in records if r.manager_id} - person_ids.keys())
    manager_ids = person_ids | _id_map(wanted_managers)

    now = timezone.now()
    new_rows: list[tuple[object, ...]] = []
    changed: list[Person] = []
    events: list[tuple[object, ...]] = []
    for done, r in enumerate(records, start=1):
        values = _synced_values(r, levels, org_ids, site_ids, family_ids)
        pid = person_ids[r.employee_id]
        manager = manager_ids.get(r.manager_id) if r.manager_id else None
        if r.manager_id and manager is None:
            summary.managers_left_empty.append(r.employee_id)
        old = stored.get(r.employee_id)
        if old is None:
            new_rows.append((pid, r.employee_id, r.bio, manager, now, now, "", *values.values()))
            events.append(
                (
                    pid,
                    JobEvent.Kind.HIRE,
                    r.hire_date,
                    values["level_id"],
                    values["org_unit_id"],
                    r.title,
                )
            )
            if r.exit_date:
                events.append((pid, JobEvent.Kind.EXIT, r.exit_date, None, None, ""))
        else:
            values["manager_id"] = manager
            diff = [k for k, v in values.items() if old[k] != v]
            if not diff:
                summary.unchanged += 1
            else:
                person = Person(id=pid, employee_id=r.employee_id, updated_at=now, **values)
                changed.append(person)
                events.extend(_events_for_change(person, old, diff, day, level_rank))
        if on_progress is not None and done % CHUNK == 0:
            on_progress(done, total)

    # An initial load (most rows new) is written the way bulk loaders do; a delta is not,
    # so the directory keeps its indexes while a daily import runs.
    initial_load = len(new_rows) >= BULK_LOAD_FROM and len(new_rows) >= Person.objects.count()
    link_tables: list[type[models.Model]] = [
        Person,
        PersonSkill,
        Person.languages.through,
        JobEvent,
    ]
    with bulk_load(link_tables, enabled=initial_load):
        insert_rows(
            Person,
            [
                "id",
                "employee_id",
                "bio",
                "manager_id",
                "created_at",
                "updated_at",
                "photo",
                *_SYNCED,
            ],
            new_rows,
        )
        Person.objects.bulk_update(changed, [*_SYNCED, "manager_id", "updated_at"], batch_size=500)
        summary.created, summary.updated = len(new_rows), len(changed)

        fresh_ids = {person_ids[r.employee_id] for r in fresh}
        stored_ids = sorted(int(str(row["id"])) for row in stored.values())
        _sync_languages(records, person_ids, language_ids, fresh_ids, stored_ids)
        _sync_skills(records, person_ids, skill_ids, fresh_ids, stored_ids)
        if full_export:
            events.extend(_exit_missing(set(ids), day, summary))
        insert_rows(
            JobEvent,
            ["person_id", "kind", "effective_date", "level_id", "org_unit_id", "title"],
            events,
        )
    summary.job_events = len(events)
    transaction.on_commit(forget_filter_choices)
    if on_progress is not None:
        on_progress(total, total)
    return summary


def _synced_values(
    r: HrRecord,
    levels: dict[str, int],
    org_ids: dict[tuple[str, ...], int],
    site_ids: dict[tuple[str, str], int],
    family_ids: dict[str, int],
) -> dict[str, object]:
    """The columns an import owns, in `_SYNCED` order."""
    preferred = r.preferred_name or r.legal_name
    return {
        "legal_name": r.legal_name,
        "preferred_name": preferred,
        "email": r.email,
        "title": r.title,
        "level_id": levels[r.level],
        "job_family_id": family_ids.get(r.job_family.lower()) if r.job_family else None,
        "org_unit_id": org_ids[r.org_path],
        "site_id": site_ids[(r.city, r.country_code)],
        "hire_date": r.hire_date,
        "exit_date": r.exit_date,
        "pronouns": r.pronouns,
        "search_text": build_search_text(r.legal_name, preferred, r.email, r.employee_id),
    }


Event = tuple[object, ...]  # person_id, kind, effective_date, level_id, org_unit_id, title


def _events_for_change(
    person: Person,
    old: dict[str, object],
    diff: list[str],
    day: dt.date,
    level_rank: dict[int, int],
) -> list[Event]:
    events: list[Event] = []
    if "level_id" in diff:
        up = level_rank[int(person.level_id)] > level_rank[int(str(old["level_id"]))]
        kind = JobEvent.Kind.PROMOTION if up else JobEvent.Kind.LEVEL_CHANGE
        events.append((person.id, kind, day, person.level_id, None, person.title))
    if "org_unit_id" in diff:
        events.append(
            (person.id, JobEvent.Kind.TRANSFER, day, None, person.org_unit_id, person.title)
        )
    if "exit_date" in diff and person.exit_date and not old["exit_date"]:
        events.append((person.id, JobEvent.Kind.EXIT, person.exit_date, None, None, ""))
    return events


def _id_map(employee_ids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(employee_ids):
        found.update(Person.objects.filter(employee_id__in=chunk).values_list("employee_id", "id"))
    return found


def _sync_languages(
    records: Sequence[HrRecord],
    person_ids: dict[str, int],
    language_ids: dict[str, int],
    fresh_ids: set[int],
    stored_ids: list[int],
) -> None:
    rows = (
        (person_ids[r.employee_id], language_ids[code]) for r in records for code in r.languages
    )
    through = Person.languages.through
    _sync_links(through, ("person_id", "language_id"), rows, fresh_ids, stored_ids)


def _sync_skills(
    records: Sequence[HrRecord],
    person_ids: dict[str, int],
    skill_ids: dict[str, int],
    fresh_ids: set[int],
    stored_ids: list[int],
) -> None:
    teach, learn = PersonSkill.Kind.TEACH, PersonSkill.Kind.LEARN
    rows = (
        (pid, skill_ids[name.lower()], kind)
        for r in records
        for pid in (person_ids[r.employee_id],)
        for names, kind in ((r.skills_teach, teach), (r.skills_learn, learn))
        for name in names
    )
    _sync_links(PersonSkill, ("person_id", "skill_id", "kind"), rows, fresh_ids, stored_ids)


def _sync_links(
    model: type[models.Model],
    columns: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
    fresh_ids: set[int],
    stored_ids: list[int],
) -> None:
    """Make the link rows of the imported people equal the file's.

    New people have no rows yet, so theirs are simply written; for people already stored
    the difference is computed and applied.
    """
    fresh: list[tuple[Any, ...]] = []
    wanted: set[tuple[Any, ...]] = set()
    for row in rows:
        if row[0] in fresh_ids:
            fresh.append(row)
        else:
            wanted.add(row)
    insert_rows(model, columns, dict.fromkeys(fresh))  # dict: drops repeats, keeps order
    have: set[tuple[Any, ...]] = set()
    manager = model._default_manager
    for start in range(0, len(stored_ids), CHUNK):
        chunk = stored_ids[start : start + CHUNK]
        have.update(manager.filter(person_id__in=chunk).values_list(*columns))
    # Removals are rare (someone dropped a skill), so one small delete each is fine.
    for row in have - wanted:
        manager.filter(**dict(zip(columns, row, strict=True))).delete()
    insert_rows(model, columns, sorted(wanted - have))  # attribute names equal column names


def _exit_missing(present: set[str], day: dt.date, summary: ImportSummary) -> list[Event]:
    """A full export is the truth: whoever it leaves out has left the company."""
    gone = [
        pid
        for pid, eid in Person.objects.active(day).values_list("id", "employee_id").iterator(20000)
        if eid not in present
    ]
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        Person.objects.filter(id__in=chunk).update(exit_date=day, updated_at=timezone.now())
    summary.exited = len(gone)
    return [(pid, JobEvent.Kind.EXIT, day, None, None, "") for pid in gone]


def person_update_profile(*, person: Person, bio: str, pronouns: str) -> Person:
    """What a person may change about themselves; HR owns the rest."""
    person.bio = bio
    person.pronouns = pronouns
    person.save(update_fields=["bio", "pronouns", "updated_at"])
    return person


def person_link_user(*, person: Person, user_id: int) -> None:
    Person.objects.filter(pk=person.pk).update(user_id=user_id)
    person.user_id = user_id
