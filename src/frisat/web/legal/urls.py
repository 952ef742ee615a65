"""URLs of the legal-quality pages (mounted at ``retssikkerhed/``)."""

from django.urls import path

from frisat.web.legal import overview, views

app_name = "legal"
urlpatterns = [
    path("", views.index, name="index"),
    path("indlaes/", views.import_view, name="import"),
    path("<int:pk>/", views.rates, name="rates"),
    path("<int:pk>/indstillinger/", views.settings_view, name="settings"),
    path("<int:pk>/hent/<str:kind>/", views.download, name="download"),
    path("<int:pk>/dagsorden/", views.agenda, name="agenda"),
    path("<int:pk>/overblik/", overview.overview, name="overview"),
]
