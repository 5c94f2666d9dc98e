from django.contrib import admin

from belong.people import models


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = [
        "employee_id",
        "display_name",
        "email",
        "level",
        "org_unit",
        "site",
        "exit_date",
    ]
    search_fields = ["employee_id", "legal_name", "preferred_name", "email"]
    list_filter = ["level", "exit_date"]
    raw_id_fields = ["manager", "org_unit", "user"]
    list_select_related = ["level", "org_unit", "site"]
    show_full_result_count = False  # counting 1.5M rows on every page view is wasted work


@admin.register(models.OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["full_name", "depth"]
    search_fields = ["full_name"]
    raw_id_fields = ["parent"]


admin.site.register(models.Site, list_display=["city", "country", "timezone"])
admin.site.register(models.Level, list_display=["code", "name", "rank"])
admin.site.register(models.JobFamily)
admin.site.register(models.Language, list_display=["code", "name"])
admin.site.register(models.Skill, list_display=["name", "category"], search_fields=["name"])
admin.site.register(models.ImportJob, list_display=["original_name", "status", "created_at"])
