"""URL map of the web app. Each app owns its own urls module."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from frisat.web.deferred_urls import deferred_include
from frisat.web.login_throttle import AdminLoginView, ThrottledLoginView

# The admin's own login has no lockout: it is replaced by the staff login's page and throttle.
admin.site.login = AdminLoginView.as_view()

# issue 13: error pages in the site's layout (frisat.web.dashboard.errors; 403/404 use 403.html, 404.html)
handler400 = "frisat.web.dashboard.errors.bad_request"
handler500 = "frisat.web.dashboard.errors.server_error"

urlpatterns = [
    path("", include("frisat.web.dashboard.urls")),  # issue 13: the overview; the round list is at maalinger/
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("adgangskode/", include("frisat.web.access.password_urls")),  # issue 13: password reset
    path("adgang/", include("frisat.web.access.urls")),  # issue 13: access for the kommune
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("s/", include("frisat.web.survey.urls")),
    path("maalinger/", include("frisat.web.rounds.urls")),
    path("mails/", include("frisat.web.mailings.urls")),
    deferred_include("resultater/", "frisat.web.results.urls", "results"),
    path("organisation/", include("frisat.web.organisations.urls")),
    deferred_include("eftersyn/", "frisat.web.audits.urls", "audits"),
    deferred_include("evalueringer/", "frisat.web.evaluations.urls", "evaluations"),
    deferred_include("retssikkerhed/", "frisat.web.legal.urls", "legal"),
]
