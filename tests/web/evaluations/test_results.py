"""The evaluation's results page: the comparison choices of ``frisat cases analyze`` (--limit, --by) as
a GET form with the CLI's numbers, and the computed results kept per data version."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.demo.cases import generate_cases
from frisat.web.evaluations import selectors, services
from frisat.web.evaluations.models import Interview

from .conftest import case_data

CHOICES = {"limit_measure": "dage_beslutning_indsats", "limit": "30", "by": "kommune"}


def _reg(evaluation, code="foer"):
    return evaluation.periods.get(code=code).registration


@pytest.fixture
def demo_cases(evaluation, admin_user, tmp_path):
    path = tmp_path / "sager.csv"
    generate_cases().to_csv(path, sep=";", index=False)
    services.import_cases(evaluation, path, admin_user)
    return path


def test_choices_give_the_clis_numbers(client, evaluation, admin_user, demo_cases, tmp_path):
    out = tmp_path / "cli"
    result = CliRunner().invoke(app, ["cases", "analyze", str(demo_cases), "--out", str(out), "--by", "kommune",
                                      "--limit", "dage_beslutning_indsats=30", "--no-pdf"])
    assert result.exit_code == 0, result.output
    client.force_login(admin_user)
    for name in ("periods.csv", "period_changes.csv"):
        response = client.get(reverse("evaluations:download", args=[evaluation.pk, name]), CHOICES)
        assert response.status_code == 200
        assert response.content == (out / name).read_bytes(), name
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk]), CHOICES).content.decode()
    assert 'name="limit"' in page and 'value="30"' in page and "Andel højst 30" in page
    assert "Demo Kommune Nord" in page and "Demo Kommune Syd" in page
    periods = (out / "periods.csv").read_text(encoding="utf-8").splitlines()
    header = periods[0].split(",")
    first = dict(zip(header, periods[1].split(","), strict=True))
    share = f"{round(100 * float(first['share_within']))} %"
    assert share in page
    link = reverse("evaluations:download", args=[evaluation.pk, "periods.csv"])
    assert f"{link}?limit_measure=dage_beslutning_indsats&amp;limit=30&amp;by=kommune" in page


def test_without_choices_no_share_and_bad_choices_are_errors(client, evaluation, admin_user, demo_cases):
    client.force_login(admin_user)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "Andel højst" not in page and "Demo Kommune Nord" not in page
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk]),
                      {"limit_measure": "dage_beslutning_indsats"}).content.decode()
    assert "Skriv grænsen for målet." in page and "Andel højst" not in page
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk]), {"by": "periode"}).content.decode()
    assert "Marker en gyldig valgmulighed. periode er ikke en af" in page  # the period is never a --by column


def test_results_are_kept_until_the_data_change(client, evaluation, admin_user, registrar, monkeypatch):
    calls = []
    compare = selectors.compare_periods
    monkeypatch.setattr(selectors, "compare_periods", lambda *a, **k: calls.append(1) or compare(*a, **k))
    case = services.save_case(_reg(evaluation), case_data("S-001"), admin_user)
    client.force_login(admin_user)
    url = reverse("evaluations:detail", args=[evaluation.pk])

    def page():
        return client.get(url).content.decode()

    assert "Registrering af 1 sager" in page() and len(calls) == 1
    page()
    client.get(reverse("evaluations:download", args=[evaluation.pk, "evaluering.html"]))
    assert len(calls) == 1  # the page again and the report: no new computation
    services.save_case(_reg(evaluation), case_data("S-002"), admin_user)
    assert "Registrering af 2 sager" in page() and len(calls) == 2
    services.save_case(_reg(evaluation), case_data("S-001", antal_aendringer="7"), admin_user, case)
    page()
    assert len(calls) == 3  # a changed case
    services.delete_case(case, registrar)
    assert "Registrering af 1 sager" in page() and len(calls) == 4
    Interview.objects.create(evaluation=evaluation, informant_group="Ledere", year=2019, count=3)
    assert "3 interviewpersoner" in page() and len(calls) == 5
    client.get(url, CHOICES)
    assert len(calls) == 6  # other choices, other results
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert len(calls) == 7  # another language


def test_import_through_the_page_is_a_new_version(client, evaluation, admin_user):
    client.force_login(admin_user)
    url = reverse("evaluations:detail", args=[evaluation.pk])
    assert "Der er endnu ikke registreret sager." in client.get(url).content.decode()
    text = generate_cases().head(6).to_csv(sep=";", index=False).encode("utf-8")
    response = client.post(reverse("evaluations:import", args=[evaluation.pk]),
                           {"file": SimpleUploadedFile("sager.csv", text, content_type="text/csv")})
    assert response.status_code == 302
    assert "Registrering af 6 sager" in client.get(url).content.decode()


def test_page_and_report_in_english(client, evaluation, admin_user, demo_cases):
    client.force_login(admin_user)
    url = reverse("evaluations:detail", args=[evaluation.pk])
    page = client.get(url, CHOICES, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Before the trial", "Days from decision to intervention started", "The mean fell from",
                 "Share at most 30", "Compare the periods", "Measure with a limit", "Delete the evaluation"):
        assert text in page, text
    for text in ("Før forsøget", "Gennemsnittet", "Andel højst"):
        assert text not in page, text
    report = client.get(reverse("evaluations:download", args=[evaluation.pk, "evaluering.html"]),
                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in report and "Registered cases by period" in report


def test_rounds_of_two_questionnaires_are_two_sections(client, evaluation, admin_user):
    import datetime as dt

    from tests.web.helpers import make_round

    older = make_round(evaluation.municipality, name="Barometer 2019", instrument_id="vive-frisaettelse",
                       opens_at=dt.datetime(2019, 3, 1, tzinfo=dt.UTC),
                       closes_at=dt.datetime(2019, 4, 1, tzinfo=dt.UTC))
    newer = make_round(evaluation.municipality, name="Medarbejdere 2020", instrument_id="evaluering-medarbejdere",
                       wave="2020")
    evaluation.rounds.add(older, newer)
    bundles = selectors.survey_bundles(evaluation)
    assert len(bundles) == 2  # one per questionnaire (no answers yet: nothing to show in either)
    data = selectors.evaluation_input(evaluation)
    assert len(data.survey_sections) == 2 and data.survey is data.survey_sections[-1]
    client.force_login(admin_user)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert page.count('<h2 id="spoergeskema') == 2
    assert 'id="spoergeskema-2"' in page
