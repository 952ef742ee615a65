"""Friktionseftersyn and the register, mounted at ``eftersyn/``. ``m/<token>/`` is the employees'
marking link (no login)."""

from django.urls import path

from frisat.web.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("ny/", views.process_create, name="create"),
    path("<int:pk>/", views.journey, name="journey"),
    path("<int:pk>/rediger/", views.process_edit, name="edit"),
    path("<int:pk>/aktiviteter/ny/", views.activity_add, name="activity_add"),
    path("<int:pk>/links/", views.links, name="links"),
    path("<int:pk>/workshop/", views.workshop, name="workshop"),
    path("<int:pk>/workshop/data/", views.workshop_data, name="workshop_data"),
    path("<int:pk>/beslutninger/", views.decision_log, name="decision_log"),
    path("<int:pk>/ideer/", views.ideas, name="ideas"),
    path("<int:pk>/resume/", views.process_summary, name="summary"),
    path("<int:pk>/resume.<str:fmt>", views.process_summary, name="summary_file"),
    path("aktivitet/<int:pk>/", views.activity_edit, name="activity"),
    path("aktivitet/<int:pk>/flyt/", views.activity_move, name="activity_move"),
    path("aktivitet/<int:pk>/slet/", views.activity_delete, name="activity_delete"),
    path("aktivitet/<int:pk>/oprindelse/", views.activity_origin, name="activity_origin"),
    path("aktivitet/<int:pk>/beslutning/", views.activity_decide, name="activity_decide"),
    path("link/<int:pk>/luk/", views.link_close, name="link_close"),
    path("ide/<int:pk>/", views.idea_detail, name="idea"),
    path("register/", views.register, name="register"),
    path("register/eksport.<str:fmt>", views.register_export, name="register_export"),
    path("register/import/", views.register_import, name="register_import"),
    path("register/beslutninger/", views.kommune_decision_log, name="kommune_decision_log"),
    path("krav/ny/", views.requirement_create, name="requirement_create"),
    path("krav/<int:pk>/", views.requirement_detail, name="requirement"),
    path("krav/<int:pk>/beslutning/", views.requirement_decide, name="requirement_decide"),
    path("overblik/", views.overview, name="overview"),
    path("kommune/<int:pk>/resume/", views.kommune_summary, name="kommune_summary"),
    path("kommune/<int:pk>/resume.<str:fmt>", views.kommune_summary, name="kommune_summary_file"),
    path("m/<str:token>/", views.mark, name="mark"),
]
