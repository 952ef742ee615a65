from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "frisat.web.organisations"
    label = "organisations"
    verbose_name = "Organisationer"
