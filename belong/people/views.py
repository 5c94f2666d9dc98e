from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from belong.common.decorators import allowed_if
from belong.groups.access import visible_badges
from belong.people import access, queries, services
from belong.people.forms import DirectorySearchForm, ImportUploadForm, ProfileForm
from belong.people.models import ImportJob, OrgUnit
from belong.people.tasks import import_job_run


@allowed_if(access.can_browse_directory)
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    filters = form.filters() if form.is_bound else queries.DirectoryFilters()
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    people = queries.directory_search(access.directory_people_for(request.user), filters)
    page = queries.directory_page(
        people, page=page_number, size=settings.BELONG_DIRECTORY_PAGE_SIZE, filters=filters
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        # Campaign badges people chose to show, one query for the page.
        "badges": visible_badges(request.user, [p.pk for p in page.people]),
    }
    if not (request.htmx and request.htmx.target == "results"):
        context["choices"] = choices = queries.filter_choices()
        if filters.org and filters.org not in {pk for pk, _ in choices["org"]}:
            # A deep unit reached from a profile link: show it as the chosen option.
            context["extra_org"] = OrgUnit.objects.filter(pk=filters.org).first()
    if request.htmx and request.htmx.target == "results":
        return render(request, "people/directory.html#results", context)
    return render(request, "people/directory.html", context)


@allowed_if(access.can_browse_directory)
def profile(request: HttpRequest, employee_id: str) -> HttpResponse:
    person = access.get_person_for(request.user, employee_id)
    context = {
        "person": person,
        "can_edit": access.can_edit_profile(request.user, person),
        **queries.profile_details(person),
    }
    if not access.can_see_job_history(request.user, person):
        context["history"] = []
    return render(request, "people/profile.html", context)


@allowed_if(access.can_browse_directory)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, employee_id: str) -> HttpResponse:
    person = access.get_person_for(request.user, employee_id)
    if not access.can_edit_profile(request.user, person):
        raise PermissionDenied
    form = ProfileForm(
        request.POST or None, initial={"bio": person.bio, "pronouns": person.pronouns}
    )
    if request.method == "POST" and form.is_valid():
        services.person_update_profile(
            person=person, bio=form.cleaned_data["bio"], pronouns=form.cleaned_data["pronouns"]
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("people:profile", employee_id=person.employee_id)
    return render(request, "people/profile_edit.html", {"person": person, "form": form})


@allowed_if(access.can_import_people)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            file=upload,
            original_name=upload.name[:255],
            started_by=request.user,
            full_export=form.cleaned_data["full_export"],
            skip_bad=form.cleaned_data["skip_bad"],
        )
        import_job_run.enqueue(job.pk)
        return redirect("people:import_job", pk=job.pk)
    jobs = ImportJob.objects.select_related("started_by")[:10]
    return render(request, "people/import.html", {"form": form, "jobs": jobs})


@allowed_if(access.can_import_people)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    template = "people/import_job.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"job": job})
