from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from belong.accounts.api_auth import require, require_scope
from belong.people import access, queries, services
from belong.people.models import ImportJob, Language, Person, Site, Skill
from belong.people.tasks import import_job_run

router = Router(tags=["people"])


class PersonOut(Schema):
    employee_id: str
    name: str
    pronouns: str
    title: str
    level: str
    org_unit: str
    site: str
    time_zone: str
    email: str
    teaches: list[str]

    @staticmethod
    def from_person(p: Person) -> dict[str, Any]:
        return {
            "employee_id": p.employee_id,
            "name": p.display_name,
            "pronouns": p.pronouns,
            "title": p.title,
            "level": p.level.code,
            "org_unit": p.org_unit.full_name,
            "site": str(p.site),
            "time_zone": p.site.timezone,
            "email": p.email,
            "teaches": [ps.skill.name for ps in getattr(p, "teach_skills", [])],
        }


class PersonDetailOut(PersonOut):
    manager_id: str | None
    languages: list[str]
    learns: list[str]
    hire_date: dt.date
    bio: str


class PeoplePage(Schema):
    page: int
    has_next: bool
    results: list[PersonOut]


class DirectoryQuery(Schema):
    q: str = ""
    skill: int | None = None
    org: int | None = None
    site: int | None = None
    language: int | None = None
    level: int | None = None
    page: int = 1


class NamedOut(Schema):
    id: int
    name: str


class ImportJobOut(Schema):
    id: int
    status: str
    rows_total: int
    rows_done: int
    summary: dict[str, Any]
    errors: list[dict[str, Any]]


@router.get("/people", response=PeoplePage, summary="Search the directory")
def list_people(request: HttpRequest, filters: Query[DirectoryQuery]) -> dict[str, Any]:
    require_scope(request, "read")
    require(access.can_browse_directory(request.user))
    f = queries.DirectoryFilters(
        q=filters.q[:100],
        skill=filters.skill,
        org=filters.org,
        site=filters.site,
        language=filters.language,
        level=filters.level,
    )
    people = queries.directory_search(access.directory_people_for(request.user), f)
    page = queries.directory_page(
        people,
        page=min(max(filters.page, 1), 10_000),
        size=settings.BELONG_DIRECTORY_PAGE_SIZE,
        filters=f,
    )
    return {
        "page": page.number,
        "has_next": page.has_next,
        "results": [PersonOut.from_person(p) for p in page.people],
    }


@router.get("/people/{employee_id}", response=PersonDetailOut, summary="One person's profile")
def get_person(request: HttpRequest, employee_id: str) -> dict[str, Any]:
    require_scope(request, "read")
    require(access.can_browse_directory(request.user))
    person = access.get_person_for(request.user, employee_id)
    details = queries.profile_details(person)
    return {
        **PersonOut.from_person(person),
        "teaches": [s.name for s in details["teach"]],
        "learns": [s.name for s in details["learn"]],
        "languages": [lang.code for lang in details["languages"]],
        "manager_id": person.manager.employee_id if person.manager else None,
        "hire_date": person.hire_date,
        "bio": person.bio,
    }


class ProfileIn(Schema):
    pronouns: Annotated[str, Field(max_length=40)] = ""
    bio: Annotated[str, Field(max_length=20_000)] = ""


@router.patch(
    "/people/{employee_id}/profile",
    response=PersonDetailOut,
    summary="Change your own pronouns and bio (HR owns the rest)",
)
def update_profile(request: HttpRequest, employee_id: str, data: ProfileIn) -> dict[str, Any]:
    require_scope(request, "write")
    require(access.can_browse_directory(request.user))
    person = access.get_person_for(request.user, employee_id)
    require(access.can_edit_profile(request.user, person))
    services.person_update_profile(person=person, bio=data.bio, pronouns=data.pronouns)
    return get_person(request, employee_id)


@router.get("/skills", response=list[NamedOut], summary="The skill taxonomy")
def list_skills(request: HttpRequest) -> Any:
    require_scope(request, "read")
    require(access.can_browse_directory(request.user))
    return list(Skill.objects.values("id", "name"))


@router.get("/sites", response=list[NamedOut], summary="Company sites")
def list_sites(request: HttpRequest) -> Any:
    require_scope(request, "read")
    require(access.can_browse_directory(request.user))
    return [{"id": s.id, "name": str(s)} for s in Site.objects.all()]


@router.get("/languages", response=list[NamedOut], summary="Languages")
def list_languages(request: HttpRequest) -> Any:
    require_scope(request, "read")
    require(access.can_browse_directory(request.user))
    return list(Language.objects.values("id", "name"))


@router.post("/imports", response={202: ImportJobOut}, summary="Upload an HR CSV to import")
def start_import(
    request: HttpRequest,
    file: File[UploadedFile],
    full_export: bool = False,
    skip_bad: bool = False,
) -> Status:
    require_scope(request, "admin")
    require(access.can_import_people(request.user))
    job = ImportJob.objects.create(
        file=file,
        original_name=(file.name or "upload.csv")[:255],
        started_by=request.user,
        full_export=full_export,
        skip_bad=skip_bad,
    )
    import_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{job_id}", response=ImportJobOut, summary="An import's progress and report")
def get_import(request: HttpRequest, job_id: int) -> ImportJob:
    require_scope(request, "admin")
    require(access.can_import_people(request.user))
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        from ninja.errors import HttpError

        raise HttpError(404, "No such import.")
    return job
