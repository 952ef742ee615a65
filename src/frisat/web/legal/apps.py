from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "frisat.web.legal"
    label = "legal"
    verbose_name = "Retssikkerhed (omgørelsesprocent)"
    default_auto_field = "django.db.models.BigAutoField"
