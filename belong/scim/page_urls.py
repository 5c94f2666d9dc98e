"""The administrators' provisioning page, mounted at /account/provisioning/."""

from django.urls import path

from belong.scim import views

app_name = "provisioning"
urlpatterns = [
    path("", views.provisioning, name="home"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("groups/<int:pk>/role/", views.group_map, name="group_map"),
]
