"""SCIM 2.0 endpoints, mounted at /scim/v2/ by config/urls.py."""

from django.urls import path, re_path

from belong.scim import endpoints

app_name = "scim"
urlpatterns = [
    path(
        "ServiceProviderConfig",
        endpoints.service_provider_config_view,
        name="service_provider_config",
    ),
    path("Schemas", endpoints.schemas_view, name="schemas"),
    path("Schemas/<str:schema_id>", endpoints.schemas_view, name="schema"),
    path("ResourceTypes", endpoints.resource_types_view, name="resource_types"),
    path("ResourceTypes/<str:type_id>", endpoints.resource_types_view, name="resource_type"),
    path("Users", endpoints.users_view, name="users"),
    path("Users/.search", endpoints.users_search_view, name="users_search"),
    path("Users/<str:scim_id>", endpoints.user_view, name="user"),
    path("Groups", endpoints.groups_view, name="groups"),
    path("Groups/.search", endpoints.groups_search_view, name="groups_search"),
    path("Groups/<str:scim_id>", endpoints.group_view, name="group"),
    path(".search", endpoints.root_search_view, name="search"),
    re_path(r"^(?P<rest>.*)$", endpoints.not_found_view, name="not_found"),
]
