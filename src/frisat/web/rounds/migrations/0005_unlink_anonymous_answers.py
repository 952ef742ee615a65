"""Existing anonymous rounds: answer times cut to the date, responses renumbered in random order.

Before 0004 an anonymous round's responses were written in the respondent's own transaction, so
their ids followed the submit order (and ``answered_at``). This migration keeps every row and
every value but:

- ``Respondent.answered_at`` of anonymous rounds becomes local midnight of the same day (the
  date is kept: «har svaret» and reminders need only that);
- the responses of each anonymous round are written anew in random order (new ids, new
  transaction id on PostgreSQL), each with its answers, unit, group and date unchanged.

Drafts saved before the migration stay as they are (plain); they are read once and rewritten
encrypted by the next page save (the key comes from the link, which the server does not have).
Not reversible in substance (the times are gone); reversing leaves the data as it is.
"""

import datetime as dt
import secrets

from django.db import migrations
from django.utils import timezone


def _midnight(value: dt.datetime) -> dt.datetime:
    day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    midnight = dt.datetime.combine(day, dt.time.min)
    return timezone.make_aware(midnight) if timezone.is_aware(value) else midnight


def unlink(apps, schema_editor):
    Maaling = apps.get_model("rounds", "Maaling")
    Respondent = apps.get_model("rounds", "Respondent")
    Response = apps.get_model("rounds", "Response")
    rng = secrets.SystemRandom()
    for maaling in Maaling.objects.filter(anonymous=True).order_by("pk"):
        answered = Respondent.objects.filter(maaling=maaling, answered_at__isnull=False)
        for respondent in answered.only("pk", "answered_at").iterator():
            stamp = _midnight(respondent.answered_at)
            if stamp != respondent.answered_at:
                Respondent.objects.filter(pk=respondent.pk).update(answered_at=stamp)
        rows = list(Response.objects.filter(maaling=maaling, respondent__isnull=True))
        if not rows:
            continue
        rng.shuffle(rows)
        fresh = [Response(maaling_id=r.maaling_id, respondent_id=None, enhed_id=r.enhed_id, gruppe=r.gruppe,
                          answers=r.answers, submitted_on=r.submitted_on) for r in rows]
        Response.objects.filter(pk__in=[r.pk for r in rows]).delete()
        Response.objects.bulk_create(fresh, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("rounds", "0004_anonymity_pool"),
    ]

    operations = [
        migrations.RunPython(unlink, migrations.RunPython.noop),
    ]
