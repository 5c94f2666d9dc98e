from django.urls import path

from belong.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("self-identification/", views.self_identification, name="self_identification"),
    path(
        "self-identification/delete/",
        views.self_identification_delete,
        name="self_identification_delete",
    ),
    path("self-identification/consent/", views.analytics_consent, name="analytics_consent"),
    path("self-identification/totals/", views.self_id_totals, name="self_id_totals"),
    path("download/", views.download, name="download"),
    path("erasure/", views.erasure, name="erasure"),
    path("erasure/cancel/", views.erasure_cancel, name="erasure_cancel"),
    path("erasure/requests/", views.erasure_requests, name="erasure_requests"),
    path("erasure/requests/<int:pk>/carry-out/", views.erasure_carry_out, name="erasure_carry_out"),
]
