from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "frisat.web.mailings"
    verbose_name = "Udsendelser"
