from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "frisat.web.audits"
    label = "audits"
    verbose_name = "Friktionseftersyn og regelregister"
