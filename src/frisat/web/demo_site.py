"""A demo municipality in the web app: organisation, login, three rounds and an audit.

:func:`build_demo_site` creates "Demo Kommune" (clearly marked as demo) with the områder
Dagtilbud, Skole and Ældre (stored and shown by these names) and three enheder each, a login
``demo`` with access to it, three anonymous measurement rounds of the Frisættelsesbarometer with
two respondent groups (leder, medarbejder):

- last year's round, closed, 120 invited respondents of whom 42 (35 %) answered;
- this year's round (the next wave), open now, the same units and respondents, 50 (42 %) answered
  so far;
- a closed round with a split design (issue 4): leaders rate importance and distribute 100 points
  over the five spor (instrument ``vive-frisaettelse-point``), employees rate implementation;

and one completed friktionseftersyn of sygedagpengeopfølgning (:mod:`frisat.web.audits.demo`).

Respondents are added and their answers stored through :mod:`frisat.web.rounds.services`
(``add_respondent`` → ``save_draft`` page by page → ``submit``), exactly as the survey form does,
so the rounds look like real ones: anonymous responses, "har svaret" on the respondent, no drafts
left. The answers come from :func:`frisat.demo.generate_responses` (synthetic, every comment
starts with "[Demo]"). Some units (and every område × leder group) stay below the anonymity
threshold (k = 5), so the results pages show suppression.

The password of ``demo`` is random, made once and kept in ``FRISAT_DATA_DIR/demo-password.txt``
(mode 0600). The function is idempotent: a second call only checks the login; ``reset=True``
deletes the demo municipality and builds it again.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import secrets
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.core.instrument import DEFAULT_INSTRUMENT, Instrument, get_instrument
from frisat.core.schema import DONT_KNOW
from frisat.demo import DEMO_NOTE, generate_responses
from frisat.reporting.labels import AREA_VALUE_LABELS
from frisat.web.audits.demo import build_demo_audit, correct_demo_audit, delete_demo_audits
from frisat.web.audits.models import Process
from frisat.web.evaluations.demo import delete_demo_evaluations, ensure_demo_evaluation
from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent, Response, Round
from frisat.web.rounds.pool import flush_pool
from frisat.web.rounds.selectors import DONT_KNOW_ANSWER

DEMO_MUNICIPALITY = "Demo Kommune"
DEMO_USERNAME = "demo"
PASSWORD_FILE = "demo-password.txt"
GROUPS = ("leder", "medarbejder")
SEED = 2024

# område → [(enhed, invited respondents, of whom leaders, answered last year, answered so far this year)]
# 120 respondents in all; 42 answered last year (35 %), 50 so far this year (42 %).
UNITS: dict[str, list[tuple[str, int, int, int, int]]] = {
    "dagtilbud": [("Børnehuset Solsikken", 16, 2, 6, 7), ("Vuggestuen Mælkebøtten", 14, 1, 5, 6),
                  ("Dagplejen Vest", 6, 1, 3, 3)],
    "skole": [("Nordskolen", 18, 2, 6, 7), ("Søndermarkskolen", 16, 2, 5, 7), ("Byskolen", 14, 1, 5, 6)],
    "aeldre": [("Plejecentret Egebakken", 14, 1, 4, 5), ("Hjemmeplejen Øst", 14, 1, 5, 6),
               ("Plejecentret Lindely", 8, 1, 3, 3)],
}
AREA_NAMES = {code: AREA_VALUE_LABELS[code] for code in UNITS}
"""The områder are stored by name («Ældre»), as a kommune names them; the synthetic answers are
drawn by the codes of the canonical demo data (``aeldre``)."""
SMALL_UNIT = "Dagplejen Vest"
"""Stays below the anonymity threshold in both rounds (suppressed on the results pages)."""

SPLIT_INSTRUMENT = "vive-frisaettelse-point"
SPLIT_GROUP_DIMENSIONS = {"leder": "vigt", "medarbejder": "impl"}
SPLIT_LEADERS = 5
"""In the split-design round the first five invited of a unit are its leadership team ("leder")."""
SPLIT_ANSWER_SHARE = 0.6
ROUNDS = 3


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    password_file: Path
    municipality: str
    created: bool
    """True when this call built the demo data (False: it was there already)."""
    politician: str = ""
    """issue 15: the demo politician (read-only role «læser»), same password."""


def build_demo_site(reset: bool = False) -> DemoLogin:
    """Create (or with ``reset`` recreate) the demo municipality and return the login."""
    with transaction.atomic():
        municipality = Municipality.objects.filter(name=DEMO_MUNICIPALITY).first()
        complete = (municipality is not None and Round.objects.filter(municipality=municipality)
                    .exclude(evaluations__is_demo=True).count() == ROUNDS  # evaluations: own rounds
                    and Process.objects.filter(municipality=municipality).exists())
        if municipality is not None and (reset or not complete):
            _delete(municipality)
            municipality = None
        created = municipality is None
        if created:
            municipality = _build(get_instrument(DEFAULT_INSTRUMENT))
        password_file, password = _password()
        user = _ensure_user(municipality, password)
        if created:
            build_demo_audit(municipality, decided_by=user)
        else:
            correct_demo_audit(municipality)  # demo data of an older version: corrections, idempotent
            _name_areas(municipality)
        ensure_demo_evaluation(municipality, user)  # the evaluation (idempotent)
        from frisat.web.legal.demo import build_legal_demo

        politician = build_legal_demo(municipality, password)  # talportal snapshot + politician
    return DemoLogin(DEMO_USERNAME, password, password_file, DEMO_MUNICIPALITY, created, politician)


# -- login --------------------------------------------------------------------------------------
def _password() -> tuple[Path, str]:
    """The demo password from DATA_DIR/demo-password.txt, made once (random, mode 0600)."""
    path = Path(settings.DATA_DIR) / PASSWORD_FILE
    try:
        password = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        password = ""
    if len(password) >= 12:
        os.chmod(path, 0o600)
        return path, password
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    os.replace(tmp, path)
    return path, password


def _ensure_user(municipality: Municipality, password: str):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"first_name": "Demo", "last_name": "Bruger", "email": "demo@demo-kommune.invalid"},
    )
    if user.is_superuser or user.is_staff or user.memberships.exclude(municipality=municipality).exists():
        # Never take over a real account that happens to be called "demo".
        raise FrisatError(f"Der findes allerede en rigtig bruger «{DEMO_USERNAME}»; demokommunen oprettes ikke her.")
    changed = []
    if not user.is_active:
        user.is_active = True
        changed.append("is_active")
    if not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    Membership.objects.get_or_create(user=user, municipality=municipality, defaults={"role": Membership.Role.ADMIN})
    return user


# -- data -----------------------------------------------------------------------------------------
def _delete(municipality: Municipality) -> None:
    delete_demo_evaluations(municipality)  # before its rounds and the municipality
    delete_demo_audits(municipality)  # the decision log is append-only; only the demo kommune's may go
    Response.objects.filter(round__municipality=municipality).delete()
    Round.objects.filter(municipality=municipality).delete()  # respondents and drafts cascade
    municipality.delete()  # områder, enheder and memberships cascade


def _name_areas(municipality: Municipality) -> None:
    """Demo data of an older version stored the områder by their codes: give them their names."""
    for code, name in AREA_NAMES.items():
        Area.objects.filter(municipality=municipality, name=code).update(name=name)


def _build(instrument: Instrument) -> Municipality:
    rng = np.random.default_rng(SEED)
    municipality = Municipality.objects.create(name=DEMO_MUNICIPALITY)
    units: list[_Unit] = []
    for area_name, unit_rows in UNITS.items():
        area = Area.objects.create(municipality=municipality, name=AREA_NAMES[area_name])
        for name, invited, leaders, *answered in unit_rows:
            unit = Unit.objects.create(area=area, name=name)
            units.append(_Unit(area_name, unit, invited, leaders, tuple(answered)))

    now = timezone.now()
    this_year = timezone.localdate().year
    old = services.create_round(
        municipality=municipality, name=f"Frisættelsesbarometeret {this_year - 1} (demo)",
        opens_at=now - dt.timedelta(days=400), closes_at=now - dt.timedelta(days=365),
        groups=list(GROUPS), wave=str(this_year - 1),
    )
    new = services.next_wave(
        old, name=f"Frisættelsesbarometeret {this_year} (demo)",
        opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=18), wave=str(this_year),
    )
    pool = _AnswerPool(instrument)
    for number, (wave, round) in enumerate((("1", old), ("2", new))):
        _fill_round(round, wave, number, units, pool, rng, answered_until=min(now, round.closes_at))
    _split_round(municipality, units, rng, now)
    return municipality


def _split_round(municipality: Municipality, units: list[_Unit], rng: np.random.Generator, now: dt.datetime) -> None:
    """A closed round_ with the ``gruppe`` split design and the 100-point question (a separate round_, not
    a wave of the barometer: its answers are not comparable with the rounds asking both dimensions)."""
    round_ = services.create_round(
        municipality=municipality, name="Frisættelsesbarometeret med delt design (demo)",
        opens_at=now - dt.timedelta(days=120), closes_at=now - dt.timedelta(days=90),
        groups=list(GROUPS), wave="delt-1", instrument_id=SPLIT_INSTRUMENT,
        design="gruppe", group_dimensions=SPLIT_GROUP_DIMENSIONS,
    )
    pool = _AnswerPool(get_instrument(SPLIT_INSTRUMENT), design="gruppe", respondents=1500)
    layout = [_Unit(u.area, u.unit, u.invited, min(SPLIT_LEADERS, u.invited - 1),
                    (max(2, round(u.invited * SPLIT_ANSWER_SHARE)),)) for u in units]
    _fill_round(round_, "1", 0, layout, pool, rng, answered_until=round_.closes_at)


@dataclass(frozen=True)
class _Unit:
    area: str
    unit: Unit
    invited: int
    leaders: int
    answered: tuple[int, ...]  # per round


def _fill_round(round: Round, wave: str, round_no: int, units: list[_Unit], pool: _AnswerPool,
                rng: np.random.Generator, answered_until: dt.datetime) -> None:
    answered: list[tuple[Respondent, dt.datetime]] = []
    for unit_no, unit in enumerate(units):
        # One leader answers in every unit; the rest of the answers are drawn among the others.
        others = rng.choice(np.arange(1, unit.invited), size=unit.answered[round_no] - 1, replace=False)
        chosen = {0, *others.tolist()}
        for i in range(unit.invited):
            group = "leder" if i < unit.leaders else "medarbejder"
            email = f"demo-{round.wave}-{unit_no + 1:02d}-{i + 1:02d}@demo-kommune.invalid"
            link = services.add_respondent(round, unit=unit.unit, group=group, email=email)
            if i not in chosen:
                continue
            for page in pool.pages(wave, unit.area, unit_no, group):
                services.save_draft(link.respondent, page, token=link.token)
            services.submit(link.respondent, token=link.token)
            span = max(1.0, (answered_until - round.opens_at).total_seconds())
            answered.append((link.respondent, round.opens_at + dt.timedelta(seconds=float(rng.uniform(0, span)))))
    # The answers were stored now; move the dates into the round's period as a real round would have
    # them. Anonymous responses carry only a date, drawn independently of the respondents' times.
    flush_pool(round, final=True)  # an anonymous round's mixing pool: every answer into Response
    Respondent.objects.filter(round=round).update(invited_at=round.opens_at)
    for respondent, when in answered:
        Respondent.objects.filter(pk=respondent.pk).update(
            answered_at=services.answered_stamp(round.anonymous, when))
    dates = sorted(timezone.localdate(when) for _, when in answered)
    responses = list(Response.objects.filter(round=round).order_by("?").values_list("pk", flat=True))
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for pk, day in zip(responses, dates, strict=True):
        by_date[day].append(pk)
    for day, pks in by_date.items():
        Response.objects.filter(pk__in=pks).update(submitted_on=day)


class _AnswerPool:
    """Synthetic answer sets, drawn without replacement per wave, område, unit and group."""

    def __init__(self, instrument: Instrument, design: str = "begge", respondents: int = 600) -> None:
        frame = generate_responses(instrument, respondents=respondents, kommuner=1, seed=SEED, waves=2,
                                   design=design)
        self.columns = instrument.columns()
        self.sections = [s.id for s in instrument.sections]
        self.rows: dict[tuple[str, str, str], list[pd.Series]] = defaultdict(list)
        self.units: dict[tuple[str, str], list[str]] = defaultdict(list)
        for _, row in frame.iterrows():
            key = (str(row["maaling"]), str(row["omraade"]), str(row["enhed"]))
            self.rows[(*key, str(row["gruppe"]))].append(row)
            if key[2] not in self.units[key[:2]]:
                self.units[key[:2]].append(key[2])

    def pages(self, wave: str, area: str, unit_no: int, group: str) -> list[dict[str, object]]:
        """One answer set split into the questionnaire's pages (one per section)."""
        units = self.units[(wave, area)]
        candidates = [units[(unit_no + k) % len(units)] for k in range(len(units))]
        for unit in candidates:  # the same synthetic unit for a demo unit in both waves, if it has rows left
            rows = self.rows[(wave, area, unit, group)]
            if rows:
                row = rows.pop()
                break
        else:
            raise RuntimeError(f"ran out of synthetic answers for {area}/{group}")
        pages: dict[str, dict[str, object]] = {s: {} for s in self.sections}  # + the points page, if any
        for spec in self.columns:
            value = row.get(spec.name)
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                continue
            page = pages.setdefault(spec.section, {})
            if spec.is_text:
                page[spec.name] = str(value)
            elif float(value) == DONT_KNOW:
                page[spec.name] = DONT_KNOW_ANSWER
            else:
                page[spec.name] = int(value)
        return [page for page in pages.values() if page]


__all__ = ["DEMO_MUNICIPALITY", "DEMO_NOTE", "DEMO_USERNAME", "DemoLogin", "build_demo_site"]
