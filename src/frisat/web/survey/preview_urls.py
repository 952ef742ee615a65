"""The administrator's preview of the questionnaire, mounted by :mod:`frisat.web.rounds.urls` under a
round (``maalinger/<pk>/forhaandsvisning/``) by name, so the names stay in the ``rounds`` namespace and
rounds does not import survey (survey is downstream of rounds)."""

from django.urls import path

from frisat.web.survey import preview

urlpatterns = [
    path("", preview.intro, name="preview"),
    path("side/<int:number>/", preview.page, name="preview_page"),
    path("gennemse/", preview.review, name="preview_review"),
]
