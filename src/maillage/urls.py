from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from maillage.core import views as core_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("maillage.api.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
]

# Pages are served without a language prefix: the language comes from the switcher (a cookie)
# or the browser, French by default, so shared links stay the same in both languages.
urlpatterns += [
    path("", core_views.home, name="home"),
    path("design/", core_views.design_system, name="design_system"),
    path("admin/", admin.site.urls),
    path("accounts/", include("maillage.accounts.urls")),
    path("accounts/me/", include("maillage.privacy.urls")),
    path("events/", include("maillage.events.urls")),
    path("maturity/", include("maillage.maturity.urls")),
    path("catalogue/", include("maillage.catalogue.urls")),
    path("marketplace/", include("maillage.marketplace.urls")),
    path("impact/", include("maillage.impact.urls")),
    path("calls/", include("maillage.calls.urls")),
    path("", include("maillage.ecosystem.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", core_views.media, name="media"),
    ]
