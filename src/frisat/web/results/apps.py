from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "frisat.web.results"
    label = "results"
