"""``Respondent.link_sent_at``: when the respondent's current link was handed out.

A reminder to a respondent who has a draft keeps their link (the draft is encrypted with it) and
tells them the date of the mail that carried it. Until now every reminder gave a new link, so the
current link of an existing respondent came with the last reminder, or else with the invitation.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Respondent = apps.get_model("rounds", "Respondent")
    Respondent.objects.filter(invited_at__isnull=False).update(link_sent_at=Coalesce("reminded_at", "invited_at"))


class Migration(migrations.Migration):
    dependencies = [("rounds", "0005_unlink_anonymous_answers")]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="link_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="link udleveret",
                help_text="Hvornår det gældende link blev udleveret (invitation, påmindelse med nyt link eller "
                          "linkeksport). En påmindelse til en, der er gået i gang, henviser til det."),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
