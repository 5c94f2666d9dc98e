from django.urls import path

from belong.events import views, views_host

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar/", views.calendar, name="calendar"),
    path("feeds/<str:token>/mine.ics", views.feed_mine, name="feed_mine"),
    path("feeds/<str:token>/groups/<slug:slug>.ics", views.feed_group, name="feed_group"),
    path(
        "feeds/<str:token>/groups/<slug:slug>/<slug:chapter>.ics",
        views.feed_group,
        name="feed_chapter",
    ),
    path("initiatives/<int:initiative_id>/", views.initiative, name="initiative"),
    path("<int:event_id>/", views.event_page, name="event"),
    path("<int:event_id>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:event_id>/rsvp/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("<int:event_id>/checkin/", views.checkin, name="checkin"),
    path("<int:event_id>/invite.ics", views.invite, name="invite"),
    path("<int:event_id>/edit/", views_host.event_edit, name="edit"),
    path("<int:event_id>/cancel/", views_host.event_cancel, name="cancel"),
    path("<int:event_id>/roster/", views_host.roster, name="roster"),
    path("<int:event_id>/roster.csv", views_host.roster_export, name="roster_export"),
    path(
        "<int:event_id>/roster/<int:registration_id>/",
        views_host.roster_tick,
        name="roster_tick",
    ),
    path("<int:event_id>/code/", views_host.checkin_code_reset, name="code_reset"),
    path("host/<slug:slug>/new/", views_host.event_create, name="create"),
    path("host/<slug:slug>/report/", views_host.report, name="report"),
    path(
        "host/<slug:slug>/initiatives/new/", views_host.initiative_create, name="initiative_create"
    ),
]
