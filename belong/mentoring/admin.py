"""Program settings (weights, hard rules, eligibility, topics and their guides) are edited here
until the program settings page exists. Participants' data is read-only here: private notes
and survey answers are deliberately not registered."""

from django.contrib import admin

from belong.mentoring import models


class TopicInline(admin.TabularInline):
    model = models.Topic
    extra = 0


class CycleInline(admin.TabularInline):
    model = models.Cycle
    extra = 0


@admin.register(models.Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "style", "schedule", "is_open", "owner_group"]
    list_filter = ["style", "schedule", "is_open"]
    raw_id_fields = ["owner_group"]
    inlines = [TopicInline, CycleInline]


@admin.register(models.MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["id", "program", "status", "mode", "progress", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["quality", "fairness", "unmatched", "adjustments", "error"]
