from django.urls import include, path

from frisat.web.rounds import admin_views, views

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
    path("<int:pk>/rediger/", admin_views.round_edit, name="edit"),
    path("<int:pk>/slet/", admin_views.round_delete, name="delete"),
    path("<int:pk>/arkiv/", admin_views.round_archive, name="archive"),
    path("<int:pk>/respondentliste/", admin_views.respondents_page, name="respondents"),
    path("<int:pk>/respondentliste/ny/", admin_views.respondent_add, name="respondent_add"),
    path("<int:pk>/respondentliste/<int:rpk>/", admin_views.respondent_edit, name="respondent_edit"),
    path("<int:pk>/respondentliste/<int:rpk>/fjern/", admin_views.respondent_remove, name="respondent_remove"),
    path("<int:pk>/forhaandsvisning/", include("frisat.web.survey.preview_urls")),
]
