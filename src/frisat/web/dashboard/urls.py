"""The overview, mounted at the site's root."""

from django.urls import path

from frisat.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
]
