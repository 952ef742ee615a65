"""The results pages in English: no Danish left but the quoted source texts and the data, while the
Danish pages read exactly as before (the files' sentences, Danish numbers).

- the demo site's results pages in both languages (:func:`test_demo_results_pages_in_english_and_danish`);
- the sentences the page writes itself from the core tables' fields: in Danish word for word the
  core's own sentences, in English with the same numbers in English notation;
- frisat.reporting's language: Danish unless asked, and per thread (its catalogue is checked in
  ``tests/reporting/test_catalogue.py``).
"""

from __future__ import annotations

import html
import re
import threading

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.disclosure_policy import WAVES_REFUSED
from frisat.core.extended import ExtendedConfig, extended_analysis
from frisat.core.instrument import get_instrument
from frisat.demo import generate_responses
from frisat.reporting import codes, labels
from frisat.reporting.language import DANISH, Language, current, source_name, use
from frisat.reporting.outputs import draw_figures
from frisat.reporting.panels import panel_set
from frisat.reporting.views import sentences
from frisat.web.demo_site import DEMO_MUNICIPALITY, build_demo_site
from frisat.web.organisations.models import Area, Unit
from frisat.web.results import texts
from frisat.web.results.pipeline import Choices, prepare
from frisat.web.results.sections import indicator_texts
from frisat.web.rounds import services
from frisat.web.rounds.models import Response, Round
from tests.web.helpers import PASSWORD, make_round, make_user
from tests.web.results.helpers import INSTRUMENT, LAYOUT, fill_round, make_municipality, unit_named

DANISH_MARKERS = [
    "ligger i", "afviger", "gab", "sporet", "ikke angivet", "Gennemsnit", "Punktdiagram", "Anm.", "Læsevejledning",
    "konfidensinterval", "Placeringen er usikker", "usikker placering", "Respondenterne siger", "t-fordelingen",
    "Uden placering", "for få besvarelser", "Sådan læses", "måling", "vigtighed", "implementering", "Kvadrant",
    "Forskelle mellem", "Relativ vigtighed", "Angivet og afledt", "Udvikling", "Øvrige", "Dagtilbud", "Ældre", "og",
    "er", "af", "til", "med", "på", "ikke", "det", "der", "mod", "pr.", "Alle",
]
"""Danish words and phrases that used to show on the English results pages."""
QUOTED_NAMES = [*codes.QUADRANT_LABELS.values()] + [s.label for s in get_instrument().spor]


@pytest.fixture(autouse=True)
def _danish():
    """Danish unless a test asks for English (a request in English leaves its language active)."""
    with translation.override("da"):
        yield


def english_text(page: str, data: list[str]) -> str:
    """The English page's text (attributes with text included) without what may stay Danish: text
    marked ``lang="da"`` (the questionnaire's wording), the respondents' comments and the register's
    items (data), the names of units and rounds (``data``) and VIVE's names — each of those must
    have its translation beside it, which the caller checks."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'<(span|dd) lang="da">.*?</\1>', " ", page, flags=re.S)
    page = re.sub(r'<ul class="(comment-list|audit-items)">.*?</ul>', " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', " ", page)
    attributes = re.findall(r'(?:alt|aria-label|title)="([^"]*)"', page)
    text = html.unescape(" ".join([*attributes, re.sub(r"<[^>]+>", " ", page)]))
    for name in sorted([*data, *QUOTED_NAMES], key=len, reverse=True):
        text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text)


def danish_left(text: str) -> list[str]:
    found = [m for m in DANISH_MARKERS if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text)]
    found += re.findall(r"\w*[æøåÆØÅ]\w*", text)
    found += re.findall(r"\d,\d", text)  # a decimal comma
    return found


def glossed(page: str) -> list[str]:
    """VIVE's names on an English page that lack their translation beside them."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", page)))
    text += " " + " ".join(html.unescape(a) for a in re.findall(r'alt="([^"]*)"', page))
    missing = []
    for name in QUOTED_NAMES:
        for match in re.finditer(re.escape(name), text):
            if not re.match(r"\s*\(\w", text[match.end():]):
                missing.append(name)
    return missing


# --- the demo site -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_results_pages_in_english_and_danish(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    login = build_demo_site()
    client.login(username=login.username, password=login.password)
    old, new = Round.objects.filter(municipality__name=DEMO_MUNICIPALITY, design="begge",
                                     instrument_id="vive-frisaettelse").order_by("opens_at")
    split = Round.objects.get(municipality__name=DEMO_MUNICIPALITY, design="gruppe")
    data = [m.name for m in Round.objects.filter(municipality__name=DEMO_MUNICIPALITY)]
    data += list(Unit.objects.filter(area__municipality__name=DEMO_MUNICIPALITY).values_list("name", flat=True))
    # the kommune's names of its områder are data, shown as they are in both languages (like units);
    # only the codes of the canonical demo data (``aeldre``) have English labels
    areas = list(Area.objects.filter(municipality__name=DEMO_MUNICIPALITY).values_list("name", flat=True))
    assert {"Dagtilbud", "Skole", "Ældre"} <= set(areas)
    data += [*areas, "leder", "medarbejder", "Demo Kommune", "Frisættelsesbarometeret"]
    views = [(new, {}), (new, {"boelge": [old.pk, new.pk], "grupper": "omraade"}),
             (new, {"boelge": new.pk, "grupper": "enhed"}), (split, {}),
             (split, {"boelge": split.pk, "grupper": "gruppe"})]
    for round, query in views:
        url = reverse("results:detail", args=[round.pk])
        page = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<html lang="en">' in page and "Averages for the five tracks" in page
        assert danish_left(english_text(page, data)) == [], (round.name, query)
        assert "aeldre" not in re.sub(r"<[^>]+>", " ", page)  # never the code of an område (ids may be slugs)
        assert glossed(page) == [], (round.name, query)

        danish = client.get(url, query, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        assert '<html lang="da">' in danish and "Gennemsnit for de fem spor" in danish
        assert "fewer rules" not in danish and "Averages" not in danish and not re.search(r"ved 5\.5", danish)

    # the sentences of the sections, in English, and in Danish as the core writes them
    url = reverse("results:detail", args=[new.pk])
    query = {"boelge": [old.pk, new.pk], "grupper": "omraade"}
    page = html.unescape(client.get(url, query, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    for text in ("lies in «Vigtigste fokusområde (most important focus area)» in the track «",
                 "has one of the 10 largest gaps in the track «", "has risen from", "Respondents say that «",
                 "The placement is uncertain: the interval crosses the dividing line for",
                 "the t distribution (average ± t quantile", "dividing lines at 5.5", "95% confidence interval"):
        assert text in page, text
    danish = html.unescape(client.get(url, query, HTTP_ACCEPT_LANGUAGE="da").content.decode())
    for text in ("ligger i «Vigtigste fokusområde» i sporet «", "har et af de 10 største gab i sporet «",
                 "er steget fra", "Respondenterne siger, at jeres arbejde",
                 "Placeringen er usikker: intervallet krydser skillelinjen for",
                 "skillelinjer ved 5,5", "95 %-konfidensinterval"):
        assert text in danish, text


# --- the sentences the page writes from the core tables -----------------------------------------


def _answers(rng: np.random.Generator, impl: int, vigt: int) -> dict[str, int]:
    """Answers on 1–10 around ``impl`` and ``vigt`` (± 2)."""
    out = {}
    for spec in INSTRUMENT.columns():
        if not spec.is_text:
            centre = impl if "_impl_" in spec.name else vigt
            out[spec.name] = int(np.clip(centre + rng.integers(-2, 3), 1, 10))
    return out


@pytest.fixture
def two_waves(db):
    """Two waves in which one unit's implementation falls far below its area's in the second wave
    while the others' rises: the list of units that stand out has all four reasons."""
    municipality = make_municipality("Rebild")
    first = make_round(municipality, anonymous=True, min_n=5)
    second = services.next_wave(first, name=first.name, opens_at=first.opens_at, closes_at=first.closes_at,
                                wave="2")
    rng = np.random.default_rng(3)
    for round, wave in ((first, 1), (second, 2)):
        for area, unit, group, n in LAYOUT:
            falls = wave == 2 and unit == "Støvring Skole"
            impl = 2 if falls else 5 + wave
            Response.objects.bulk_create([
                Response(round=round, unit=unit_named(municipality, area, unit), group=group,
                         answers=_answers(rng, impl, 8)) for _ in range(n)])
    return first, second


def _prepared(rounds, group_by="omraade"):
    prepared = prepare(Choices(rounds=list(rounds), group_by=group_by))
    return prepared, prepared.bundle.analysis, prepared.bundle.extended


def _numbers(text: str) -> list[str]:
    return re.findall(r"[−+]?\d+(?:[.,]\d+)?", text)


def test_unit_sentences_say_what_the_core_says(two_waves):
    prepared, _result, extended = _prepared(two_waves)
    followup = extended.followup
    assert set(followup["reason"]) == {"priority", "deviation", "largest_gap", "largest_change"}
    top = extended.config.followup_top
    unit_by = list(extended.unit_by)
    names = {s.id: s.label for s in prepared.instrument.spor}
    details = list(codes.written_table("followup", followup, prepared.instrument, top)["detail"])
    for record, detail in zip(followup.to_dict("records"), details, strict=True):
        danish = sentences.followup_sentence(record, unit_by, names[record["spor"]], top)
        assert danish == detail
        with translation.override("en"), texts.page_language():
            english = sentences.followup_sentence(record, unit_by,
                                                  labels.spor_labels(prepared.instrument)[record["spor"]], top)
        assert english != detail and "sporet" not in english and "i gennemsnit" not in english
        # the same numbers, in English notation
        assert _numbers(english) == [n.replace(",", ".") for n in _numbers(detail)], (english, record)
    directions = " ".join(details)
    assert "point under" in directions and "er faldet fra" in directions


def test_unit_sentence_needs_no_means(two_waves):
    """The follow-up table carries every number its sentence quotes (no second analysis for the means)."""
    prepared, _result, extended = _prepared(two_waves)
    record = extended.followup.to_dict("records")[0]
    name = {s.id: s.label for s in prepared.instrument.spor}[record["spor"]]
    detail = codes.written_table("followup", extended.followup.iloc[:1], prepared.instrument)["detail"].iloc[0]
    assert sentences.followup_sentence(record, list(extended.unit_by), name, 10) == detail
    with translation.override("en"), texts.page_language():
        english = sentences.followup_sentence(record, list(extended.unit_by), name, 10)
    assert english != detail and "sporet" not in english


def test_disagreement_sentences_say_what_the_core_says(two_waves):
    prepared, _result, extended = _prepared(two_waves, group_by="")
    instrument = prepared.instrument
    rows = [r for r in extended.derived_importance.to_dict("records") if r["agreement"] in codes.DISAGREEMENTS]
    assert rows
    for record in rows:
        text = indicator_texts(instrument, record["spor"])[str(record["indicator"])]
        name = {s.id: s.label for s in instrument.spor}[record["spor"]]
        danish = texts.html_sentence(sentences.disagreement_sentence(record, name, text))
        assert html.unescape(str(danish)) == codes.disagreement_sentence(record, name, text)
        with translation.override("en"), texts.page_language():
            english = str(texts.html_sentence(
                sentences.disagreement_sentence(record, labels.spor_labels(instrument)[record["spor"]], text)))
        quoted = re.search(r'«<span lang="da">(.*?)</span>»', english)
        assert quoted and html.unescape(quoted.group(1)).lower() == " ".join(text.split()).rstrip(".").lower()
        assert english.startswith("Respondents say that") and f"«{name} (" in html.unescape(english)


def test_reasons_and_notes_in_english_only_when_the_page_knows_them():
    instrument = get_instrument()
    frame = generate_responses(instrument, respondents=80, seed=2)
    frame["enhed"] = None
    result = analyze(frame, instrument, config=AnalysisConfig(min_n=3))
    extended = extended_analysis(frame, instrument, result, ExtendedConfig(), only=("changes", "followup"))
    changes, followup = extended.not_applicable["changes"], extended.not_applicable["followup"]
    wave = str(frame["maaling"].iloc[0])
    # Danish: the files' text; English: the same facts
    assert texts.reason_text(changes) == codes.note_text(changes) == (
        f"Ingen udvikling over tid: data har kun én måling («{wave}») i kolonnen «maaling».")
    assert texts.reason_text(followup) == codes.note_text(followup)
    with texts.page_language():
        assert sentences.analysis_notes(result) == [codes.note_text(n) for n in result.notes]
        assert "3" in sentences.analysis_notes(result)[0]
    with translation.override("en"):
        assert texts.reason_text(changes) == (
            f"No trend over time: the data have only one survey («{wave}») in the column «maaling».")
        assert texts.reason_text(followup) == (
            "No list of units that stand out: the column «enhed» names no units.")
        with texts.page_language():
            assert sentences.analysis_notes(result) == [
                "The anonymity threshold is set to 3 (the default is 5): small groups can be recognised."]
        assert texts.reason_text(WAVES_REFUSED).startswith("In one of the selected waves")


@pytest.mark.django_db
def test_small_threshold_note_and_figures_follow_the_language(client):
    municipality = make_municipality("Rebild")
    round = make_round(municipality, anonymous=True, min_n=3)
    fill_round(round)
    make_user("olav", municipality)
    client.login(username="olav", password=PASSWORD)
    url = reverse("results:detail", args=[round.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    danish = client.get(url, HTTP_ACCEPT_LANGUAGE="da")
    assert "The anonymity threshold is set to 3 (the default is 5)" in english.content.decode()
    assert "Anonymitetsgrænsen er sat til 3 (standard er 5)" in danish.content.decode()
    # the figures are drawn in each language (not one cached image for both)
    en_figures = [f.src for f in english.context["figures"].scatters]
    da_figures = [f.src for f in danish.context["figures"].scatters]
    assert en_figures and all(e != d for e, d in zip(en_figures, da_figures, strict=True))
    assert english.context["figures"].scatters[0].title.startswith("Implementation and importance – ")
    assert danish.context["figures"].scatters[0].title.startswith("Implementering og vigtighed – ")


# --- frisat.reporting's language ----------------------------------------------------------------

ENGLISH = Language(translate=str.upper, decimal=".", thousands=",", percent="%")


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3))
def test_numbers_follow_the_language(value, decimals):
    plain = f"{value:.{decimals}f}".replace("-", "−")
    assert labels.fmt_num(value, decimals) == plain.replace(".", ",")
    with use(ENGLISH):
        assert labels.fmt_num(value, decimals) == plain
        assert labels.fmt_int(round(value)) == f"{round(value):,}"
    assert labels.fmt_int(round(value)) == f"{round(value):,}".replace(",", ".")


def test_the_language_is_danish_unless_asked_and_per_thread():
    seen = []
    inside = threading.Event()
    done = threading.Event()

    def other_thread():
        inside.wait()
        seen.append((current() is DANISH, labels.confidence_text(0.95), labels.group_name([])))
        done.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with use(ENGLISH):
        assert labels.confidence_text(0.975) == "97.5%" and labels.group_name([]) == "ALLE"
        assert labels.quadrant_label("fokus") == "Vigtigste fokusområde (vIGTIGSTE FOKUSOMRÅDE)"
        assert source_name("Færre regler") == "Færre regler (fÆRRE REGLER)"
        inside.set()
        done.wait(10)
    thread.join()
    assert seen == [(True, "95 %", "Alle")]
    assert current() is DANISH and labels.confidence_text(0.975) == "97,5 %"
    assert labels.quadrant_label("fokus") == "Vigtigste fokusområde"


def test_figures_without_a_language_are_danish_and_in_english_have_no_danish_words():
    instrument = get_instrument()
    frame = generate_responses(instrument, respondents=150, seed=4)
    result = analyze(frame, instrument, by=["omraade"])
    danish = draw_figures(result, panel_set(result, frame))
    with translation.override("en"), texts.page_language():
        english = draw_figures(result, panel_set(result, frame))
    for da, en in zip(danish.all(), english.all(), strict=True):
        assert da.png != en.png
        assert re.search(r"[æøå]", da.alt) and ("vigtighed" in da.alt or "Læsevejledning" in da.alt)
        for text in (en.title, en.alt, *en.notes, *en.cautions):
            for name in QUOTED_NAMES:
                text = text.replace(name, "")
            text = text.replace("Slet ikke vigtigt", "").replace("Særdeles vigtigt", "")
            assert danish_left(text) == [], text
