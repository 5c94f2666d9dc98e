from django.urls import path

from belong.mentoring import views, views_manage

app_name = "mentoring"
urlpatterns = [
    path("", views.program_list, name="programs"),
    path("mine/", views.mine, name="mine"),
    path("<int:program_id>/", views.program_page, name="program"),
    path("<int:program_id>/enroll/", views.enroll, name="enroll"),
    path("<int:program_id>/mentors/", views.shortlist, name="shortlist"),
    path("<int:program_id>/mentors/<int:mentor_id>/request/", views.request_create, name="request"),
    path("enrollments/<int:enrollment_id>/edit/", views.enrollment_edit, name="enrollment_edit"),
    path(
        "enrollments/<int:enrollment_id>/withdraw/",
        views.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path("requests/<int:request_id>/<slug:action>/", views.request_action, name="request_action"),
    path("relationships/<int:relationship_id>/", views.relationship, name="relationship"),
    path(
        "relationships/<int:relationship_id>/<slug:action>/",
        views.relationship_action,
        name="relationship_action",
    ),
    path("goals/<int:goal_id>/<slug:action>/", views.goal_action, name="goal_action"),
    path("milestones/<int:milestone_id>/toggle/", views.milestone_toggle, name="milestone_toggle"),
    path("sessions/<int:session_id>/log/", views.session_log, name="session_log"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/invite.ics", views.session_invite, name="session_invite"),
    path("surveys/<int:survey_id>/", views.survey, name="survey"),
    path("<int:program_id>/manage/", views_manage.dashboard, name="dashboard"),
    path("<int:program_id>/manage/export.csv", views_manage.dashboard_csv, name="dashboard_csv"),
    path("<int:program_id>/manage/runs/", views_manage.run_start, name="run_start"),
    path("runs/<int:run_id>/", views_manage.run_page, name="run"),
    path("runs/<int:run_id>/<slug:action>/", views_manage.run_action, name="run_action"),
    path("pairs/<int:pair_id>/<slug:action>/", views_manage.pair_action, name="pair_action"),
]
