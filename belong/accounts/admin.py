from django.contrib import admin

from belong.accounts.models import ApiToken, RoleGrant


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "scope_kind", "scope_id", "granted_at"]
    list_filter = ["role", "scope_kind"]
    raw_id_fields = ["user", "granted_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash"]
