from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "frisat.web.mailings"
    verbose_name = "Udsendelser"

    def ready(self) -> None:
        from frisat.web.mailings.compose import send_invitation
        from frisat.web.rounds import respondents

        respondents.invitation_mailer = send_invitation
