"""The one-page summary (per process and per kommune), HTML and PDF: what was found, decided and
freed, checked against plain counts and hand-computed hours; the PDF is one A4 page even with
many long entries (counted with poppler's ``pdfinfo``); the HTML is served with a CSP that allows
exactly its own stylesheet."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import shutil
import subprocess
from collections import Counter

import pandas as pd
import pytest
from django.urls import reverse

from frisat.reporting import audit_summary
from frisat.web.audits import services
from frisat.web.audits.models import Marking
from tests.web.audits.helpers import page

pytestmark = pytest.mark.django_db


def pdf_pages(data: bytes, tmp_path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    target = tmp_path / "resume.pdf"
    target.write_bytes(data)
    output = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", output, re.M).group(1))


@pytest.fixture
def audited(process, activities, rebild):
    """Three employees mark; the first activity is removed, the second changed (12 → 4 minutes), a
    requirement is anchored."""
    link = services.create_marking_link(process).link
    plan = [("belastende", 0, "systemarbejde"), ("tung", 0, "systemarbejde"), ("belastende", 1, "koordination"),
            ("meningsloes", 0, "faglighed"), ("unoedvendig", 2, ""), ("tung", 1, "systemarbejde")]
    participants = [services.join_marking(link).participant for _ in range(3)]
    # participant index % 3: no one marks the same kind on the same activity twice
    for index, (kind, activity, category) in enumerate(plan):
        services.mark_activity(participants[index % 3], activities[activity], kind=kind, category=category)
    services.decide(activity=activities[0], outcome="fjernes", rationale="Levn fra en lovændring",
                    owner="Funktionsleder", decided_on=dt.date(2026, 3, 2))
    services.decide(activity=activities[1], outcome="forandres", rationale="Én registrering",
                    after_minutes_per_occurrence=4, decided_on=dt.date(2026, 3, 2))
    requirement = services.create_requirement(rebild, title="Opfølgningssamtaler", source_type="lov",
                                              hegnspael=True)
    activities[2].requirements.add(requirement)
    services.decide(requirement=requirement, outcome="forankres", rationale="Loven kræver det",
                    purpose_explained="Borgerens ret til opfølgning")
    return {"plan": plan, "activities": activities}


def test_process_summary_shows_found_decided_and_freed(staff, process, audited):
    response = staff.get(reverse("audits:summary", args=[process.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="da">' in html
    plan = audited["plan"]
    kinds = Counter(kind for kind, _a, _c in plan)
    assert f"<strong>{len(plan)}</strong> <span>markeringer</span>" in html
    assert "<strong>3</strong> <span>medarbejdere har markeret</span>" in html
    assert "<strong>3 af 3</strong>" in html
    for kind, word in (("belastende", "belastende"), ("tung", "tung"), ("unoedvendig", "unødvendig"),
                       ("meningsloes", "meningsløs")):
        assert f"{word}: <strong>{kinds[kind]}</strong>" in html
    # The most marked activity first: activity 1 has 3 markings, activity 2 has 2, activity 3 has 1.
    top = html[html.index("De mest markerede"):html.index("Kategorier:")]
    names = [a.description for a in audited["activities"]]
    assert top.index("1. Registreringer") < top.index("2. " + names[1]) < top.index("3. " + names[2])
    categories = Counter(c for _k, _a, c in plan if c)
    assert f"systemtilfredsstillelse/systemarbejde ({categories['systemarbejde']})" in html
    # Decisions: 1 fjernes, 1 forandres (activities), 1 forankres (requirement).
    for word in ("Fjernes: 1", "Forandres: 1", "Forankres: 1"):
        assert word in html
    assert "Levn fra en lovændring" in html and "Opfølgningssamtaler (krav)" in html
    # Hours: before 30/60×200×4 = 400 and 12/60×1000×5 = 1000 (the third has no estimate) = 1400;
    # after 0 + 4/60×1000×5 = 333.3; freed 1066.7 = 76 %.
    before = 30 / 60 * 200 * 4 + 12 / 60 * 1000 * 5
    after = 4 / 60 * 1000 * 5
    assert f"<strong>{before:,.0f}".replace(",", ".") + "</strong> <span>timer om året før" in html
    assert f"<strong>{after:.0f}</strong> <span>timer om året efter" in html
    freed = before - after
    assert f"<strong>{freed:,.0f}".replace(",", ".") + "</strong> <span>timer frigjort om året (" + \
        f"{round(freed / before * 100)} %)" in html
    assert "2 af 3 aktiviteter har et tidsestimat" in html


def test_summary_html_has_a_csp_allowing_only_its_stylesheet(staff, process, audited):
    response = staff.get(reverse("audits:summary", args=[process.pk]))
    html = response.content.decode()
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"style-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "<script" not in html
    assert 'href="' + reverse("audits:summary_file", args=[process.pk, "pdf"]) + '"' in html
    download = staff.get(reverse("audits:summary_file", args=[process.pk, "html"]))
    assert "attachment" in download["Content-Disposition"] and "Hent som PDF" not in download.content.decode()
    assert staff.get(reverse("audits:summary_file", args=[process.pk, "docx"])).status_code == 404


def test_process_summary_pdf_is_one_page(staff, process, audited, tmp_path):
    response = staff.get(reverse("audits:summary_file", args=[process.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="resume-sygedagpengeopfoelgning.pdf"' in response["Content-Disposition"]
    assert pdf_pages(response.content, tmp_path) == 1


def test_municipality_summary_lists_processes(staff, process, audited, rebild):
    other = services.create_process(municipality=rebild, name="Visitation")
    services.add_activity(other, description="Skema", minutes_per_occurrence=60, occurrences_per_year=10, people=3)
    html = staff.get(reverse("audits:municipality_summary", args=[rebild.pk])).content.decode()
    assert "Friktionseftersyn i Rebild" in html and "Pr. proces" in html
    assert html.index("Sygedagpengeopfølgning</td>") < html.index("Visitation</td>")  # most hours freed first


def worst_case(n_activities: int, n_processes: int, scope: str) -> audit_summary.AuditSummaryInput:
    long_text = "Registrering af delvis raskmelding i fagsystemet, dobbeltregistrering i min plan og notat " * 3
    activities = pd.DataFrame({
        "activity_id": range(n_activities), "process": [f"Proces {i % n_processes} med et langt navn"
                                                        for i in range(n_activities)],
        "order": [i + 1 for i in range(n_activities)], "description": [long_text] * n_activities,
        "outcome": (["fjernes", "forandres", "forankres", None] * n_activities)[:n_activities],
        "hours_before": [1234.5] * n_activities, "hours_after": [234.5] * n_activities,
        "hours_freed": [1000.0] * n_activities})
    markings = pd.DataFrame({"activity_id": [i % n_activities for i in range(900)],
                             "kind": [list(audit_summary.KINDS)[i % 4] for i in range(900)],
                             "category": [f"Egen kategori nummer {i % 40} med lang tekst" for i in range(900)]})
    decisions = pd.DataFrame({"target": [long_text] * 60, "target_type": ["aktivitet", "krav"] * 30,
                              "process": ["Proces 1 med et langt navn"] * 60,
                              "outcome": (["fjernes", "forandres", "forankres"] * 20),
                              "rationale": [long_text * 2] * 60, "owner": ["Funktionsleder for SDP og afklaring"] * 60,
                              "decided_on": [dt.date(2026, 3, 2)] * 60})
    return audit_summary.AuditSummaryInput(
        title="Sygedagpengeopfølgning og afklaring af borgere i jobcentret " * 2, kommune="Rebild", scope=scope,
        activities=activities, markings=markings, decisions=decisions, participants=120, purpose=long_text * 3,
        omraade="Beskæftigelse", owner="Funktionsleder", note="Demodata: tallene er opdigtede.")


@pytest.mark.parametrize("scope", ["proces", "kommune"])
def test_summary_fits_one_a4_page_with_many_long_entries(scope, tmp_path):
    context = audit_summary.build_context(worst_case(60, 12, scope))
    shown = audit_summary.MAX_DECISIONS if scope == "proces" else audit_summary.MAX_DECISIONS_KOMMUNE
    assert len(context["decisions"]) == shown and context["more_decisions"] == 60 - shown
    data = audit_summary.pdf_bytes(audit_summary.render_html(context))
    assert data.startswith(b"%PDF") and pdf_pages(data, tmp_path) == 1
    if scope == "kommune":
        assert context["more_processes"] == 12 - audit_summary.MAX_PROCESSES


def test_summary_counts_match_a_plain_loop():
    data = worst_case(10, 2, "proces")
    marks = data.markings.sample(frac=0.37, random_state=3)  # uneven counts
    data.markings = marks
    context = audit_summary.build_context(data)
    per_activity: dict[int, int] = {}
    for activity_id in marks["activity_id"]:
        per_activity[activity_id] = per_activity.get(activity_id, 0) + 1
    info = data.activities.set_index("activity_id")
    # Most markings first; ties by process name, then position.
    expected = sorted(per_activity.items(), key=lambda kv: (-kv[1], info.loc[kv[0], "process"],
                                                            info.loc[kv[0], "order"]))[:audit_summary.TOP_FRICTIONS]
    assert [(row["activity_id"], row["total"]) for row in context["top"]] == expected
    for row in context["top"]:
        own = marks[marks["activity_id"] == row["activity_id"]]
        assert sum(k["count"] for k in row["kinds"]) == len(own)
    by_kind = {k["kind"]: k["count"] for k in context["kinds"]}
    assert by_kind == {kind: int((marks["kind"] == kind).sum()) for kind in audit_summary.KINDS}
    totals = context["burden"]
    assert totals["estimated"] == 10 and totals["before"] == "12.345" and totals["freed"] == "10.000"


def test_summary_without_markings_or_decisions():
    empty = audit_summary.AuditSummaryInput(
        title="Ny proces", kommune="Rebild", scope="proces",
        activities=pd.DataFrame(columns=list(audit_summary.ACTIVITY_COLUMNS)),
        markings=pd.DataFrame(columns=list(audit_summary.MARKING_COLUMNS)),
        decisions=pd.DataFrame(columns=list(audit_summary.DECISION_COLUMNS)))
    html = audit_summary.render_html(audit_summary.build_context(empty))
    assert "Ingen aktiviteter er markeret endnu" in html and "Der er ikke truffet beslutninger endnu" in html
    with pytest.raises(ValueError, match="mangler kolonnerne"):
        audit_summary.build_context(audit_summary.AuditSummaryInput(
            title="x", kommune="y", scope="proces", activities=pd.DataFrame({"activity_id": []}),
            markings=empty.markings, decisions=empty.decisions))


def test_summary_escapes_text():
    data = worst_case(3, 1, "proces")
    data.title = "<script>alert(1)</script>"
    html = audit_summary.render_html(audit_summary.build_context(data))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_marking_model_kinds_match_the_summary():
    assert set(Marking.Kind.values) == set(audit_summary.KINDS)


def test_demo_audit_pages_and_one_page_summary(staff, rebild, leader, tmp_path):
    """The demo municipality's completed audit (15 activities from seed 003) through every page."""
    from frisat.web.audits.demo import build_demo_audit

    process = build_demo_audit(rebild, decided_by=leader, area=rebild.areas.get(name="Beskæftigelse"))
    for url in (reverse("audits:journey", args=[process.pk]), reverse("audits:workshop", args=[process.pk]),
                reverse("audits:decision_log", args=[process.pk]), reverse("audits:ideas", args=[process.pk]),
                reverse("audits:register"), reverse("audits:overview"), reverse("audits:summary", args=[process.pk]),
                reverse("audits:municipality_summary", args=[rebild.pk])):
        assert staff.get(url).status_code == 200, url
    journey = staff.get(reverse("audits:journey", args=[process.pk])).content.decode()
    assert journey.count('<li class="card') == process.activities.count() == 15
    for name in ("summary_file", "municipality_summary_file"):
        target = process.pk if name == "summary_file" else rebild.pk
        response = staff.get(reverse(f"audits:{name}", args=[target, "pdf"]))
        assert pdf_pages(response.content, tmp_path) == 1, name


def test_overview_per_process_and_area(staff, process, activities, rebild):
    services.decide(activity=activities[0], outcome="fjernes", rationale="x")
    other = services.create_process(municipality=rebild, name="Uden område")
    services.add_activity(other, description="Skema", minutes_per_occurrence=60, occurrences_per_year=10, people=3)
    html = page(staff.get(reverse("audits:overview")))
    # Kommune: 400 + 1000 + 30 = 1430 before, 400 freed.
    assert '<span class="figure">1.430</span>' in html and '<span class="figure">400</span>' in html
    assert "Sygedagpengeopfølgning" in html and "Beskæftigelse" in html and "Uden område" in html
    assert "nan" not in html
