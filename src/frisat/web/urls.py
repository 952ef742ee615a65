"""URL map of the web app. Each app owns its own urls module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from frisat.web.deferred_urls import deferred_include
from frisat.web.login_throttle import AdminLoginView, ThrottledLoginView

# The admin's own login has no lockout: it is replaced by the staff login's page and throttle.
admin.site.login = AdminLoginView.as_view()

handler400 = "frisat.web.request_checks.bad_request"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="rounds:list", permanent=False)),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("s/", include("frisat.web.survey.urls")),
    path("maalinger/", include("frisat.web.rounds.urls")),
    deferred_include("resultater/", "frisat.web.results.urls", "results"),
    path("organisation/", include("frisat.web.organisations.urls")),
    deferred_include("eftersyn/", "frisat.web.audits.urls", "audits"),
    deferred_include("evalueringer/", "frisat.web.evaluations.urls", "evaluations"),
]
