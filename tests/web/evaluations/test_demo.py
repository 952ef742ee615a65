"""The demo evaluation: two survey waves with the seed's response rates, 75/75/87 cases with the
mean days from decision to intervention going from about 34 to about 22, Tabel 1's interview log;
idempotent; its page shows every part."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from frisat.web.evaluations import selectors
from frisat.web.evaluations.demo import DEMO_EVALUATION, ensure_demo_evaluation
from frisat.web.evaluations.models import Case, Evaluation, Interview
from frisat.web.rounds.models import Round


def _mean_days(evaluation, code: str) -> float:
    """Plain Python: the mean of (intervention − decision) over the period's cases that have both."""
    days = []
    for values in Case.objects.filter(registration__period__evaluation=evaluation,
                                      registration__period__code=code).values_list("values", flat=True):
        if values["indsats_dato"]:
            start = dt.datetime.strptime(values["beslutning_dato"], "%d-%m-%Y")
            end = dt.datetime.strptime(values["indsats_dato"], "%d-%m-%Y")
            days.append((end - start).days)
    return sum(days) / len(days)


def test_demo_evaluation(client, municipality, admin_user):
    evaluation = ensure_demo_evaluation(municipality, admin_user)
    assert evaluation.is_demo and evaluation.name == DEMO_EVALUATION
    basis = selectors.survey_basis(evaluation)
    assert [(s.wave, s.invited, s.answered) for s in basis] == [("2019", 56, 42), ("2020", 59, 45)]
    counts = [evaluation.periods.get(code=c).registration.cases.count() for c in ("foer", "aar1", "aar2")]
    assert counts == [75, 75, 87]
    assert abs(_mean_days(evaluation, "foer") - 34) < 1.5 and abs(_mean_days(evaluation, "aar2") - 22) < 1.5
    assert sum(Interview.objects.filter(evaluation=evaluation).values_list("count", flat=True)) == 57

    comparison = selectors.case_input(evaluation).comparison
    row = comparison.periods.query("measure == 'dage_beslutning_indsats' and period == 'foer'").iloc[0]
    assert abs(row["mean"] - _mean_days(evaluation, "foer")) < 1e-9

    again = ensure_demo_evaluation(municipality, admin_user)  # idempotent: nothing new
    assert again.pk == evaluation.pk and Evaluation.objects.count() == 1
    assert Round.objects.filter(municipality=municipality).count() == 2 and Case.objects.count() == 237

    client.force_login(admin_user)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    for text in ("Demodata:", "svarprocent 75 %", "svarprocent 76 %", "Registrering af 237 sager",
                 "Hvor meget tid bruger du på dokumentation", "Dage fra beslutning til iværksat indsats",
                 "Socialrådgivere",
                 "Ændring mellem målingerne", "data:image/png;base64,"):
        assert text in page, text
