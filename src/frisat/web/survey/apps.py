from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "frisat.web.survey"
    label = "survey"
