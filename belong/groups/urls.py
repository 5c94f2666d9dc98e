from django.urls import path

from belong.groups import views, views_community, views_lead

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.group_page, name="group"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/membership/", views.membership, name="membership"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/", views.roster, name="roster"),
    path("<slug:slug>/members.csv", views.roster_export, name="roster_export"),
    path("<slug:slug>/badges/<int:campaign_id>/", views.badge, name="badge"),
    path("<slug:slug>/volunteering/", views_community.volunteering, name="volunteering"),
    path("<slug:slug>/drives/<int:drive_id>/", views_community.drive, name="drive"),
    path("<slug:slug>/chapters/<slug:chapter>/", views.chapter_page, name="chapter"),
    path("<slug:slug>/chapters/<slug:chapter>/members/", views.roster, name="chapter_roster"),
    path(
        "<slug:slug>/chapters/<slug:chapter>/members.csv",
        views.roster_export,
        name="chapter_roster_export",
    ),
    path("<slug:slug>/lead/", views_lead.dashboard, name="lead"),
    path("<slug:slug>/lead/settings/", views_lead.settings_page, name="lead_settings"),
    path("<slug:slug>/lead/leaders/", views_lead.leaders, name="lead_leaders"),
    path(
        "<slug:slug>/lead/leaders/<int:role_id>/end/",
        views_lead.leader_end,
        name="lead_leader_end",
    ),
    path("<slug:slug>/lead/announcements/", views_lead.announcements, name="lead_announcements"),
    path("<slug:slug>/lead/campaigns/", views_lead.campaigns, name="lead_campaigns"),
    path(
        "<slug:slug>/lead/volunteering/",
        views_community.lead_volunteering,
        name="lead_volunteering",
    ),
    path(
        "<slug:slug>/lead/volunteering/hours/<int:hours_id>/",
        views_community.lead_hours_decide,
        name="lead_hours_decide",
    ),
    path("<slug:slug>/lead/drives/", views_community.lead_drives, name="lead_drives"),
    path("<slug:slug>/lead/partners/", views_community.lead_partners, name="lead_partners"),
    path(
        "<slug:slug>/lead/initiatives/", views_community.lead_initiatives, name="lead_initiatives"
    ),
]
