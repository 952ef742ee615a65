from django.urls import path

from frisat.web.results import views

app_name = "results"
urlpatterns = [
    path("", views.results_list, name="list"),
    path("<int:pk>/", views.results_detail, name="detail"),
    path("<int:pk>/hent/<str:kind>", views.results_download, name="download"),
    path("<int:pk>/figur/<str:slug>.png", views.results_figure, name="figure"),
]
