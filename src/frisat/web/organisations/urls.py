from django.urls import path

from frisat.web.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.kommune_list, name="list"),
    path("ny/", views.kommune_add, name="add_kommune"),
    path("import/", views.org_import, name="import"),
    path("<int:pk>/", views.kommune_detail, name="detail"),
    path("<int:pk>/omraade/ny/", views.omraade_add, name="add_omraade"),
    path("<int:pk>/enhed/ny/", views.enhed_add, name="add_enhed"),
    path("omraade/<int:pk>/omdoeb/", views.omraade_rename, name="rename_omraade"),
    path("enhed/<int:pk>/omdoeb/", views.enhed_rename, name="rename_enhed"),
]
