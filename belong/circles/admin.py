"""Only a program's settings are in the admin. Circles, members, sessions, posts, feedback,
help requests and concerns are deliberately absent: care circles' content is for their
members only, and the admin must not become a way around `access.py`."""

from django.contrib import admin

from belong.circles.models import CircleProgram, SeriesSession


class SeriesInline(admin.TabularInline):
    model = SeriesSession
    extra = 0


@admin.register(CircleProgram)
class CircleProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner_group", "is_open", "starts_on"]
    list_filter = ["kind", "is_open"]
    search_fields = ["name"]
    inlines = [SeriesInline]
