from django.urls import path

from belong.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.home, name="home"),
    path("company/", views.company, name="company"),
    path("company/<slug:export>.csv", views.company, name="company_csv"),
    path("groups/<slug:slug>/", views.group, name="group"),
    path("groups/<slug:slug>/<slug:export>.csv", views.group, name="group_csv"),
    path("groups/<slug:slug>/chapters/<slug:chapter>/", views.chapter, name="chapter"),
    path(
        "groups/<slug:slug>/chapters/<slug:chapter>/<slug:export>.csv",
        views.chapter,
        name="chapter_csv",
    ),
    path("programs/<int:program_id>/", views.program, name="program"),
    path("programs/<int:program_id>/<slug:export>.csv", views.program, name="program_csv"),
]
