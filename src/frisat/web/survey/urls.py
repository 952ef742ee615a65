"""The respondent's survey, mounted at ``s/``: every URL carries the personal link token."""

from django.urls import path

from frisat.web.survey import views

app_name = "survey"
urlpatterns = [
    path("<str:token>/", views.entry, name="entry"),
    path("<str:token>/velkommen/", views.intro, name="intro"),
    path("<str:token>/side/<int:number>/", views.page, name="page"),
    path("<str:token>/gennemse/", views.review, name="review"),
    path("<str:token>/tak/", views.thanks, name="thanks"),
    path("<str:token>/besvaret/", views.answered, name="answered"),
]
