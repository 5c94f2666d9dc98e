from django.contrib import admin

from belong.groups import models


@admin.register(models.Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "official", "listed", "private", "roster_visibility"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["sponsor"]


@admin.register(models.Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "kind", "site"]
    list_filter = ["group", "kind"]
    list_select_related = ["group", "site"]
    raw_id_fields = ["parent"]


@admin.register(models.LeaderRole)
class LeaderRoleAdmin(admin.ModelAdmin):
    """Read-only here: add and end roles on the leader pages, so grants follow."""

    list_display = ["title", "group", "chapter", "starts_on", "ends_on", "ended_at"]
    list_select_related = ["group", "chapter"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Nonprofit)
class NonprofitAdmin(admin.ModelAdmin):
    search_fields = ["name"]
