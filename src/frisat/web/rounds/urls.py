from django.urls import path

from frisat.web.rounds import views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("ny/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/ny-boelge/", views.round_next_wave, name="next_wave"),
    path("<int:pk>/luk/", views.round_close, name="close"),
    path("<int:pk>/respondenter/", views.respondents_import, name="import"),
    path("<int:pk>/invitationer/", views.round_invite, name="invite"),
    path("<int:pk>/links/", views.links_export, name="links"),
]
