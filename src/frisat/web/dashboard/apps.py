from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "frisat.web.dashboard"
    label = "dashboard"
    verbose_name = "Overblik"
