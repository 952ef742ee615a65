from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "frisat.web.access"
    label = "access"
    verbose_name = "Adgang"
