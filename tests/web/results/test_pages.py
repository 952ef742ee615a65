"""The results pages: access, rendering, and filters that change the numbers — always compared with
frisat.core's own analysis of the same subset."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from frisat.reporting.codes import QUADRANT_LABELS
from frisat.reporting.labels import spor_labels, value_label
from tests.web.helpers import PASSWORD, make_round, make_user

from .helpers import INSTRUMENT, SPOR, expected, fill_round, fmt, tables, unit_named

pytestmark = pytest.mark.django_db
SPOR_TITLES = spor_labels(INSTRUMENT)


def url(round):
    return reverse("results:detail", args=[round.pk])


def summary_row(html: str, spor: str, group: str) -> list[str]:
    rows = tables(html)[SPOR_TITLES[spor]]
    found = [r for r in rows if r and r[0] == group]
    assert len(found) == 1, (group, rows)
    return found[0]


def assert_matches(html: str, result, group_column: str | None, label) -> None:
    """Every shown summary row on the page has the numbers of ``result`` (the core analysis)."""
    for record in result.summary.to_dict("records"):
        group = label(record[group_column]) if group_column else "Alle"
        row = summary_row(html, record["spor"], group)
        if record["suppressed"]:
            assert row[1].startswith("for få besvarelser")
            continue
        assert row[1] == str(int(record["n"]))
        assert row[2] == fmt(record["impl_mean"]) and row[6] == fmt(record["vigt_mean"])
        assert row[3] == fmt(record["impl_sd"]) and row[10] == fmt(record["gap"])
        assert row[11] == QUADRANT_LABELS[record["quadrant_absolute"]]


# -- access -------------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client, round_a):
    for target in (reverse("results:list"), url(round_a),
                   reverse("results:download", args=[round_a.pk, "summary.csv"])):
        response = client.get(target)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_other_kommunes_round_is_404(analyst_client, round_a, round_b):
    assert analyst_client.get(url(round_b)).status_code == 404
    for kind in ("summary.csv", "resultater.xlsx", "rapport.pdf", "besvarelser.sav"):
        assert analyst_client.get(reverse("results:download", args=[round_b.pk, kind])).status_code == 404
    overview = analyst_client.get(reverse("results:list")).content.decode()
    assert round_a.name in overview and round_b.name not in overview


def test_filter_values_of_another_municipality_are_rejected(analyst_client, round_a, round_b):
    foreign = unit_named(round_b.municipality, "skole", "Skørping Skole")
    response = analyst_client.get(url(round_a), {"enhed": foreign.pk, "boelge": round_a.pk})
    assert response.status_code == 200
    assert "Der er fejl i formularen" in response.content.decode()
    assert "result" not in response.context or response.context.get("result") is None


def test_superuser_sees_every_municipality(client, round_a, round_b):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="r@x.dk")
    client.login(username="root", password=PASSWORD)
    assert client.get(url(round_b)).status_code == 200


# -- rendering ----------------------------------------------------------------------------------


def test_page_renders_key_figures_counts_figures_tables_and_comments(analyst_client, round_a):
    response = analyst_client.get(url(round_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Content-Security-Policy" in response.headers and "no-store" in response["Cache-Control"]
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html
    # figures: each its own image URL (drawn outside the page's request), with an alt text, size and caption
    figures = response.context["figures"]
    assert figures.means and len(figures.scatters) == len(SPOR)
    for figure in [figures.guide, *figures.means, *figures.scatters]:
        assert "/figur/" in figure.src and figure.src.replace("&", "&amp;") in html
        assert figure.width > 0 and f'width="{figure.width}" height="{figure.height}"' in html
        assert figure.alt and f'alt="{figure.alt}"' in html.replace("&#x27;", "'")
    assert "data:image/png" not in html
    # default grouping: område; the numbers are frisat.core's
    result = expected([round_a], 5, ["omraade"])
    assert_matches(html, result, "omraade", value_label)
    counts = tables(html)["Antal besvarelser pr. gruppe"]
    assert counts[0][:2] == ["Område", "Besvarelser"]
    assert {r[0]: r[1] for r in counts[1:]} == {"Dagtilbud": "18", "Skole": "26"}
    assert "Nøgletal" in html and "Besvarelser i udvalget" in html
    assert "Målingen er stadig åben" in html              # the round is open: a caution
    # every table header cell has a scope; comments are listed
    assert html.count("<th scope=") >= html.count("<th") - html.count("<thead")
    assert "kommentar-0-medarbejder om regler" in html


def test_comments_are_escaped(analyst_client, round_a):
    import numpy as np

    from frisat.web.rounds.models import Response

    from .helpers import add_responses

    add_responses(round_a, unit_named(round_a.municipality, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 1,
                  np.random.default_rng(9), comment="<script>alert(1)</script>")
    assert Response.objects.filter(round=round_a).count() == 45
    html = analyst_client.get(url(round_a)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("params", "by", "filters"), [
    ({"gruppe": "medarbejder", "grupper": ""}, None, {"gruppe": "medarbejder"}),
    ({"omraade": "dagtilbud", "grupper": ""}, None, {"omraade": "dagtilbud"}),
    ({"grupper": "gruppe"}, "gruppe", {}),
])
def test_filters_change_the_numbers_as_the_core_analysis_does(analyst_client, round_a, params, by, filters):
    html = analyst_client.get(url(round_a), {"boelge": round_a.pk, **params}).content.decode()
    result = expected([round_a], 5, [by] if by else [], **filters)
    assert_matches(html, result, by, value_label)
    everybody = expected([round_a], 5, [])
    assert set(result.summary["impl_mean"].round(6)) != set(everybody.summary["impl_mean"].round(6))


def test_unit_filter_shows_that_unit(analyst_client, round_a):
    unit = unit_named(round_a.municipality, "dagtilbud", "Børnehuset Mælkebøtten")
    html = analyst_client.get(url(round_a), {"enhed": unit.pk, "boelge": round_a.pk, "grupper": ""}).content.decode()
    result = expected([round_a], 5, [], omraade="dagtilbud", enhed="Børnehuset Mælkebøtten")
    assert result.n_respondents == 12
    assert_matches(html, result, None, str)
    assert "enhed: Børnehuset Mælkebøtten" in html


def test_unit_outside_the_chosen_area_is_an_error(analyst_client, round_a):
    unit = unit_named(round_a.municipality, "dagtilbud", "Børnehuset Mælkebøtten")
    params = {"omraade": "skole", "enhed": unit.pk, "boelge": round_a.pk}
    html = analyst_client.get(url(round_a), params).content.decode()
    assert "Enheden ligger ikke i det valgte område." in html


def test_waves_can_be_combined_and_grouped(analyst_client, round_a, rebild):
    from frisat.web.rounds import services

    second = services.next_wave(round_a, name=round_a.name, opens_at=round_a.opens_at, closes_at=round_a.closes_at,
                                wave="2")
    fill_round(second, seed=7, shift=2)
    # the later wave is offered on the first wave's page and vice versa
    form = analyst_client.get(url(round_a)).context["form"]
    assert [c[0] for c in form.fields["boelge"].choices] == [round_a.pk, second.pk]
    html = analyst_client.get(url(second), {"boelge": [round_a.pk, second.pk], "grupper": "maaling"}).content.decode()
    result = expected([round_a, second], 5, ["maaling"])
    assert_matches(html, result, "maaling", str)
    assert "Bølge 1, 2" in html


def test_named_round_of_same_municipality_is_visible_for_analyst(client, rebild):
    round = make_round(rebild, anonymous=False, name="Navngiven")
    fill_round(round)
    user = make_user("ida", rebild, role="analytiker")
    client.login(username=user.username, password=PASSWORD)
    html = client.get(url(round)).content.decode()
    assert "Besvarelser (SPSS, .sav med labels)" in html


def test_overview_lists_visible_rounds_with_links(analyst_client, round_a, rebild):
    empty = make_round(rebild, name="Endnu uden svar")
    response = analyst_client.get(reverse("results:list"))
    html = response.content.decode()
    assert url(round_a) in html and url(empty) in html
    counts = {m.pk: m.n_responses for m in response.context["rounds"]}
    assert counts == {round_a.pk: 44, empty.pk: 0}
    assert "for få til resultater" in html


def test_round_detail_links_to_results(analyst_client, round_a):
    html = analyst_client.get(reverse("rounds:detail", args=[round_a.pk])).content.decode()
    assert url(round_a) in html


def test_overview_says_how_many_answers_wait_in_the_pool(analyst_client, round_a, rebild):
    from frisat.web.rounds import services
    from frisat.web.rounds.models import PendingResponse

    assert "svar venter" not in analyst_client.get(reverse("results:list")).content.decode()
    for number in range(3):
        link = services.add_respondent(round_a, unit=unit_named(rebild, "skole", "Skørping Skole"), group="leder",
                                       email=f"p{number}@x.dk")
        services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
        services.submit(link.respondent, token=link.token)
    response = analyst_client.get(reverse("results:list"))
    html = response.content.decode()
    assert "3 svar venter og kommer med i resultaterne, når der er mindst 9 ventende svar" in html
    assert {m.pk: m.n_responses for m in response.context["rounds"]}[round_a.pk] == 44  # not moved by the list
    assert PendingResponse.objects.count() == 3
