from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "frisat.web.evaluations"
    label = "evaluations"
    verbose_name = "Evalueringer"
