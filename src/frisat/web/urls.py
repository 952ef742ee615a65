"""URL map of the web app. Each app owns its own urls module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

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
    # A (module, app_name, namespace) triple, not include(): imported on first use, not at start
    # (the results views import pandas, SciPy and matplotlib; see frisat.cli.gunicorn_server).
    path("resultater/", ("frisat.web.results.urls", "results", "results")),
    path("organisation/", include("frisat.web.organisations.urls")),
    path("eftersyn/", include("frisat.web.audits.urls")),
]
