from django.urls import path

from frisat.web.organisations import views
from frisat.web.organisations.logo import logo_view

app_name = "organisations"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("ny/", views.municipality_add, name="add_municipality"),
    path("import/", views.org_import, name="import"),
    path("<int:pk>/", views.municipality_detail, name="detail"),
    path("<int:pk>/omraade/ny/", views.area_add, name="add_area"),
    path("<int:pk>/enhed/ny/", views.unit_add, name="add_unit"),
    path("omraade/<int:pk>/omdoeb/", views.area_rename, name="rename_area"),
    path("enhed/<int:pk>/omdoeb/", views.unit_rename, name="rename_unit"),
    path("<int:pk>/logo/", views.logo_upload, name="logo_upload"),
    path("<int:pk>/logo/<str:name>", logo_view, name="logo"),
]
