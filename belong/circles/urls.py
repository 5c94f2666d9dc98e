from django.urls import path

from belong.circles import views, views_manage

app_name = "circles"
urlpatterns = [
    path("", views.program_list, name="programs"),
    path("<int:program_id>/", views.program_page, name="program"),
    path(
        "enrollments/<int:enrollment_id>/withdraw/",
        views.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path("c/<int:circle_id>/", views.circle_page, name="circle"),
    path("c/<int:circle_id>/posts/", views.circle_posts, name="posts"),
    path("c/<int:circle_id>/roster/", views.circle_roster, name="roster"),
    path("c/<int:circle_id>/<slug:action>/", views.circle_action, name="circle_action"),
    path("sessions/<int:session_id>/attendance/", views.session_attendance, name="attendance"),
    path("sessions/<int:session_id>/feedback/", views.session_feedback, name="session_feedback"),
    path("sessions/<int:session_id>/invite.ics", views.session_invite, name="session_invite"),
    path("<int:program_id>/manage/", views_manage.manage, name="manage"),
    path("<int:program_id>/manage/export.csv", views_manage.export_csv, name="export"),
    path("<int:program_id>/manage/form/", views_manage.formation_start, name="formation_start"),
    path("runs/<int:run_id>/", views_manage.run_page, name="run"),
    path("runs/<int:run_id>/<slug:action>/", views_manage.run_action, name="run_action"),
    path("draft/<int:circle_id>/lock/", views_manage.circle_lock, name="circle_lock"),
    path("draft/members/<int:member_id>/move/", views_manage.member_move, name="member_move"),
    path("manage/<slug:kind>/<int:item_id>/resolve/", views_manage.resolve, name="resolve"),
]
