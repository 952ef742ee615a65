from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "frisat.web.rounds"
    label = "rounds"
    verbose_name = "Målinger"
