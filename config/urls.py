from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from belong.common import views as common_views
from config.api import api

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("account/provisioning/", include("belong.scim.page_urls")),
    path("account/", include("belong.accounts.urls")),
    path("people/", include("belong.people.urls")),
    path("groups/", include("belong.groups.urls")),
    path("mentoring/", include("belong.mentoring.urls")),
    path("events/", include("belong.events.urls")),
    path("insights/", include("belong.insights.urls")),
    path("circles/", include("belong.circles.urls")),
    path("audit/", include("belong.audit.urls")),
    path("scim/v2/", include("belong.scim.urls")),
    path("webhooks/", include("belong.webhooks.urls")),
    path("account/data/", include("belong.privacy.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
