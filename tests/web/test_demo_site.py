"""The demo municipality behind ``frisat serve --demo``."""

from __future__ import annotations

import datetime as dt
import stat
import time

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.urls import reverse
from django.utils import timezone

from frisat.core.design import detect_design
from frisat.core.instrument import get_instrument
from frisat.web.audits.models import Decision, Process
from frisat.web.demo_site import DEMO_MUNICIPALITY, SMALL_UNIT, build_demo_site
from frisat.web.evaluations.demo import DEMO_AREA
from frisat.web.organisations.models import Membership, Municipality, Unit
from frisat.web.rounds.models import Draft, Respondent, Response, Round
from frisat.web.rounds.selectors import DONT_KNOW_ANSWER, responses_frame

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_build_demo_site_creates_rounds_and_a_private_login(data_dir):
    login = build_demo_site()
    assert login.created and login.username == "demo" and login.municipality == DEMO_MUNICIPALITY

    # The password: random, kept in a file only the owner can read, and it logs in.
    assert login.password_file == data_dir / "demo-password.txt"
    assert stat.S_IMODE(login.password_file.stat().st_mode) == 0o600
    assert login.password_file.read_text().strip() == login.password and len(login.password) >= 12
    user = authenticate(username="demo", password=login.password)
    assert user is not None and not user.is_superuser and not user.is_staff
    assert Membership.objects.filter(user=user, municipality__name=DEMO_MUNICIPALITY, role="admin").exists()

    municipality = Municipality.objects.get(name=DEMO_MUNICIPALITY)
    areas = municipality.areas.exclude(name=DEMO_AREA)  # the demo evaluation's own area
    assert sorted(areas.values_list("name", flat=True)) == ["Dagtilbud", "Skole", "Ældre"]  # names, not codes
    for area in municipality.areas.all():
        assert area.units.count() >= 2

    old, new = Round.objects.filter(municipality=municipality, design="begge", evaluations=None).order_by("opens_at")
    assert Response.objects.filter(round=old).count() == 42  # 35 % of 120
    assert Respondent.objects.filter(round=old).count() == 120
    assert old.status == "closed" and new.status == "open" and new.previous == old
    assert old.anonymous and new.anonymous and old.min_n == 5
    assert set(old.groups) == {"leder", "medarbejder"}
    for round in (old, new):
        invited = Respondent.objects.filter(round=round)
        answered = invited.filter(answered_at__isnull=False)
        responses = Response.objects.filter(round=round)
        assert 100 <= invited.count() <= 140
        assert responses.count() == answered.count()
        assert 0.3 <= responses.count() / invited.count() <= 0.45
        assert not responses.filter(respondent__isnull=False).exists()  # anonymous
        assert set(responses.values_list("group", flat=True)) == {"leder", "medarbejder"}
        # answered within the round's period (an anonymous round keeps only the day: local midnight)
        first, last = timezone.localdate(round.opens_at), timezone.localdate(round.closes_at)
        assert all(first <= timezone.localdate(r.answered_at) <= last for r in answered)
        assert all(timezone.localtime(r.answered_at).time() == dt.time.min for r in answered)
        assert min(responses.values_list("submitted_on", flat=True)) >= round.opens_at.date()
        # the same units in both waves
        assert set(invited.values_list("unit__name", flat=True)) == set(
            Unit.objects.filter(area__in=areas).values_list("name", flat=True))
        # a group below the anonymity threshold
        assert 0 < responses.filter(unit__name=SMALL_UNIT).count() < round.min_n
    assert not Draft.objects.exists()

    # The stored answers are in the canonical names and read back as the canonical frame.
    frame = responses_frame([old, new])
    assert len(frame) == Response.objects.filter(round__in=[old, new]).count()
    assert set(frame["maaling"].unique()) == {old.wave, new.wave}
    assert frame["regler_impl_a"].between(1, 10).mean() > 0.9
    answers = [a for a in Response.objects.values_list("answers", flat=True)]
    assert any(DONT_KNOW_ANSWER in a.values() for a in answers)
    comments = [v for a in answers for k, v in a.items() if k.endswith("_kommentar")]
    assert comments and all(c.startswith("[Demo]") for c in comments)


def test_demo_site_has_a_split_design_round_and_a_completed_audit(data_dir):
    build_demo_site()
    municipality = Municipality.objects.get(name=DEMO_MUNICIPALITY)
    split = Round.objects.get(municipality=municipality, design="gruppe")
    assert split.group_dimensions == {"leder": "vigt", "medarbejder": "impl"}
    assert split.status == "closed" and split.previous is None
    frame = responses_frame([split])
    report = detect_design(frame, get_instrument(split.instrument_id))
    assert report.design == "gruppe" and report.both == 0 and report.impl_only > 0 and report.vigt_only > 0
    leaders = frame[frame["gruppe"] == "leder"]
    employees = frame[frame["gruppe"] == "medarbejder"]
    assert leaders["regler_impl_a"].isna().all() and employees["regler_vigt_a"].isna().all()
    # enough of each group in every område to show the merged quadrants (k = 5)
    assert (leaders.groupby("omraade").size() >= split.min_n).all()
    assert (employees.groupby("omraade").size() >= split.min_n).all()
    points = leaders[[f"{s}_point" for s in ("regler", "maal", "dok", "tillid", "innov")]].dropna()
    assert len(points) > 0 and (points.sum(axis=1) == 100).all()

    process = Process.objects.get(municipality=municipality)
    assert process.activities.count() >= 10
    assert Decision.objects.filter(activity__process=process).exists()

    # A reset removes the audit too (its decision log is append-only elsewhere) and builds it again.
    build_demo_site(reset=True)
    assert Process.objects.filter(municipality__name=DEMO_MUNICIPALITY).count() == 1


def test_build_demo_site_is_idempotent_and_reset_rebuilds(data_dir):
    first = build_demo_site()
    counts = (Round.objects.count(), Respondent.objects.count(), Response.objects.count())
    second = build_demo_site()
    assert not second.created and second.password == first.password
    assert (Round.objects.count(), Respondent.objects.count(), Response.objects.count()) == counts
    assert get_user_model().objects.filter(username="demo").count() == 1
    assert Membership.objects.filter(user__username="demo").count() == 1  # issue 15 adds the politician

    # A changed password is put back to the one in the file.
    user = get_user_model().objects.get(username="demo")
    user.set_password("something else entirely")
    user.save()
    assert build_demo_site().password == first.password
    assert authenticate(username="demo", password=first.password) is not None

    rebuilt = build_demo_site(reset=True)
    assert rebuilt.created and rebuilt.password == first.password
    assert (Round.objects.count(), Respondent.objects.count(), Response.objects.count()) == counts
    assert Municipality.objects.filter(name=DEMO_MUNICIPALITY).count() == 1


def test_new_password_file_when_missing(data_dir):
    first = build_demo_site()
    first.password_file.unlink()
    second = build_demo_site()
    assert second.password != first.password
    assert stat.S_IMODE(second.password_file.stat().st_mode) == 0o600
    assert authenticate(username="demo", password=second.password) is not None
    assert authenticate(username="demo", password=first.password) is None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_frisat_serve_demo_serves_the_app_with_the_printed_login(tmp_path):
    """`frisat setup --demo` then `frisat serve --demo` end to end: migrate, static files, demo login,
    gunicorn on loopback."""
    import http.cookiejar
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.parse
    import urllib.request
    from pathlib import Path

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRISAT_", "DJANGO_", "DATABASE_URL"))}
    env.update(FRISAT_DATA_DIR=str(tmp_path / "data"), COLUMNS="100")
    frisat = Path(sys.executable).with_name("frisat")
    setup = subprocess.run([str(frisat), "setup", "--demo"], env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=600)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    proc = subprocess.Popen([str(frisat), "serve", "--demo", "--port", str(port)], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        lines = []
        for line in proc.stdout:  # the box comes before gunicorn starts
            lines.append(line)
            if "Stop med Ctrl+C" in line:
                break
        box = "".join(lines)
        assert f"{base}/" in box, box
        password = re.search(r"Adgangskode:\s+(\S+)", box).group(1)
        assert password == (tmp_path / "data" / "demo-password.txt").read_text().strip()

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        deadline = time.monotonic() + 30
        while True:
            try:
                page = opener.open(f"{base}/login/", timeout=5).read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        css = re.search(r'href="(/static/[^"]+\.css)"', page)
        if css:
            with opener.open(base + css.group(1), timeout=5) as static:
                assert static.status == 200 and "text/css" in static.headers["Content-Type"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"username": "demo", "password": password, "csrfmiddlewaretoken": token})
        with opener.open(f"{base}/login/", data=form.encode(), timeout=10) as after:
            assert after.status == 200 and "/login/" not in after.url  # redirected into the app
        assert any(c.name == "sessionid" for c in jar)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_real_user_called_demo_is_never_taken_over(data_dir):
    from frisat.core.errors import FrisatError

    real = get_user_model().objects.create_superuser("demo", "it@kommune.dk", "a real password 123")
    with pytest.raises(FrisatError, match="rigtig bruger"):
        build_demo_site()
    real.refresh_from_db()
    assert real.is_superuser and real.check_password("a real password 123")
    assert not Municipality.objects.filter(name=DEMO_MUNICIPALITY).exists()


def test_an_existing_demo_site_gets_the_corrected_min_plan_classification(data_dir):
    """Demo data made before the «Min plan» correction (seed 003: a statutory requirement) is updated
    by the next start, once, without rebuilding anything else."""
    from frisat.web.audits.models import Requirement

    build_demo_site()
    plan = Requirement.objects.filter(municipality__name=DEMO_MUNICIPALITY, title="Opdatering af borgerens plan")
    plan.update(source_type="statsligt_kl", reference="Min plan", hegnspael=False,
                description="[Demo] Planen skrives både i fagsystemet og i Min plan.")
    counts = (Round.objects.count(), Response.objects.count(), Decision.objects.count())
    again = build_demo_site()
    assert not again.created
    assert (plan.get().source_type, plan.get().hegnspael) == ("lov", True)
    assert (Round.objects.count(), Response.objects.count(), Decision.objects.count()) == counts


def test_the_demo_shows_its_areas_by_name_also_when_built_by_an_older_version(data_dir, client):
    """issue 13: «Ældre», never the code «aeldre», on the pages; an older demo's codes are renamed."""
    from frisat.web.organisations.models import Area

    login = build_demo_site()
    areas = Area.objects.filter(municipality__name=DEMO_MUNICIPALITY, name__in=["Dagtilbud", "Skole", "Ældre"])
    for area, code in zip(areas.order_by("name"), ["dagtilbud", "skole", "aeldre"], strict=True):
        area.name = code
        area.save()
    assert not build_demo_site().created
    assert sorted(areas.values_list("name", flat=True)) == ["Dagtilbud", "Skole", "Ældre"]
    client.login(username=login.username, password=login.password)
    new = Round.objects.filter(municipality__name=DEMO_MUNICIPALITY, design="begge",
                               evaluations=None).order_by("opens_at").last()
    for url in (reverse("rounds:detail", args=[new.pk]), reverse("results:detail", args=[new.pk])):
        page = client.get(url, {"grupper": "omraade"}).content.decode()
        assert "Ældre" in page and "aeldre" not in page, url
    frame = responses_frame([new])
    assert set(frame["omraade"]) == {"Dagtilbud", "Skole", "Ældre"}
