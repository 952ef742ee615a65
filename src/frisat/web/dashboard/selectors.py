"""What the overview at ``/`` shows: the user's rounds with response rate and answers per day,
audits in progress and recent decisions — all read through the apps' access-filtered selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from frisat.web.audits.models import Decision, Process
from frisat.web.audits.selectors import visible_processes
from frisat.web.dashboard.chart import Bar, bars
from frisat.web.dashboard.daily import Period, merge_small_days, per_day
from frisat.web.organisations.selectors import visible_municipalities
from frisat.web.rounds.models import Respondent, Round
from frisat.web.rounds.selectors import visible_rounds, with_counts

CLOSING_SOON_DAYS = 7
RECENT_DECISIONS = 5


@dataclass
class RoundCard:
    round: Round
    answered: int
    invited: int
    closing_soon: bool
    periods: list[Period] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    merged: bool = False
    too_few: bool = False

    @property
    def percent(self) -> float | None:
        return 100 * self.answered / self.invited if self.invited else None


def daily_counts(round_: Round) -> list[tuple[dt.date, int]]:
    """Respondents who answered, per local day of ``answered_at`` (a date only, in anonymous rounds)."""
    rows = (Respondent.objects.filter(round=round_, answered_at__isnull=False).order_by()
            .annotate(day=TruncDate("answered_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
            .values("day").annotate(n=Count("id")).values_list("day", "n"))
    return list(rows)


def round_card(round_: Round) -> RoundCard:
    """One round's card; in an anonymous round, days with fewer than k answers are merged."""
    now = timezone.now()
    card = RoundCard(round=round_, answered=round_.n_answered, invited=round_.n_respondents,
                     closing_soon=round_.closes_at - now <= dt.timedelta(days=CLOSING_SOON_DAYS))
    counts = daily_counts(round_)
    if round_.anonymous:
        card.periods = merge_small_days(counts, round_.min_n)
        card.merged = any(p.first != p.last for p in card.periods)
        card.too_few = bool(counts) and not card.periods
    else:
        card.periods = per_day(counts)
    card.bars = bars(card.periods)
    return card


def open_rounds(user: object) -> list[RoundCard]:
    """The user's open rounds, closing soonest first."""
    now = timezone.now()
    rounds = (with_counts(visible_rounds(user))
              .filter(closed_manually=False, archived=False, opens_at__lte=now, closes_at__gt=now)
              .order_by("closes_at", "name"))
    return [round_card(m) for m in rounds]


def round_totals(user: object) -> dict[str, int]:
    now = timezone.now()
    return visible_rounds(user).filter(archived=False).aggregate(
        upcoming=Count("id", filter=Q(closed_manually=False, opens_at__gt=now)),
        closed=Count("id", filter=Q(closed_manually=True) | Q(closes_at__lte=now)),
    )


def audits_in_progress(user: object, limit: int = 10) -> QuerySet[Process]:
    return visible_processes(user).exclude(status=Process.Status.DONE).order_by("-updated_at")[:limit]


def recent_decisions(user: object, limit: int = RECENT_DECISIONS) -> list[Decision]:
    municipalities = visible_municipalities(user)
    return list(
        Decision.objects.filter(Q(activity__process__municipality__in=municipalities)
        | Q(requirement__municipality__in=municipalities))
        .select_related("activity__process", "requirement")
        .order_by("-created_at", "-id")[:limit]
    )
