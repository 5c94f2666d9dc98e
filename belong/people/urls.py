from django.urls import path

from belong.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("<str:employee_id>/", views.profile, name="profile"),
    path("<str:employee_id>/edit/", views.profile_edit, name="profile_edit"),
]
