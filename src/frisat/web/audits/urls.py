"""Friktionseftersyn and the register, mounted at ``eftersyn/``. ``m/<token>/`` is the employees'
marking link (no login)."""

from django.urls import path

from frisat.web.audits.views import decisions, marking, process_journey, register, summary, workshop

app_name = "audits"
urlpatterns = [
    path("", process_journey.process_list, name="list"),
    path("ny/", process_journey.process_create, name="create"),
    path("<int:pk>/", process_journey.journey, name="journey"),
    path("<int:pk>/rediger/", process_journey.process_edit, name="edit"),
    path("<int:pk>/aktiviteter/ny/", process_journey.activity_add, name="activity_add"),
    path("<int:pk>/links/", marking.links, name="links"),
    path("<int:pk>/workshop/", workshop.workshop, name="workshop"),
    path("<int:pk>/workshop/data/", workshop.workshop_data, name="workshop_data"),
    path("<int:pk>/beslutninger/", decisions.decision_log, name="decision_log"),
    path("<int:pk>/ideer/", decisions.ideas, name="ideas"),
    path("<int:pk>/resume/", summary.process_summary, name="summary"),
    path("<int:pk>/resume.<str:fmt>", summary.process_summary, name="summary_file"),
    path("aktivitet/<int:pk>/", process_journey.activity_edit, name="activity"),
    path("aktivitet/<int:pk>/flyt/", process_journey.activity_move, name="activity_move"),
    path("aktivitet/<int:pk>/slet/", process_journey.activity_delete, name="activity_delete"),
    path("aktivitet/<int:pk>/oprindelse/", process_journey.activity_origin, name="activity_origin"),
    path("aktivitet/<int:pk>/beslutning/", decisions.activity_decide, name="activity_decide"),
    path("link/<int:pk>/luk/", marking.link_close, name="link_close"),
    path("ide/<int:pk>/", decisions.idea_detail, name="idea"),
    path("register/", register.register, name="register"),
    path("register/eksport.<str:fmt>", register.register_export, name="register_export"),
    path("register/import/", register.register_import, name="register_import"),
    path("register/beslutninger/", decisions.municipality_decision_log, name="municipality_decision_log"),
    path("krav/ny/", register.requirement_create, name="requirement_create"),
    path("krav/<int:pk>/", register.requirement_detail, name="requirement"),
    path("krav/<int:pk>/beslutning/", decisions.requirement_decide, name="requirement_decide"),
    path("overblik/", summary.overview, name="overview"),
    path("kommune/<int:pk>/resume/", summary.municipality_summary, name="municipality_summary"),
    path("kommune/<int:pk>/resume.<str:fmt>", summary.municipality_summary, name="municipality_summary_file"),
    path("m/<str:token>/", marking.mark, name="mark"),
]
