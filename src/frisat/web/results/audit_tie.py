"""The friktionseftersyn beside the barometer (issue 5, item 7): per spor, the decisions about the
register items tagged with it and the hours freed, for the round's kommune.

Read-only. Counts and hours come from :mod:`frisat.web.audits.selectors` (hours through
:mod:`frisat.core.burden`); this module only picks the round's kommune, checks that the user may
see it and lists the decided items per spor with links to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from frisat.core.instrument import Instrument
from frisat.reporting import labels
from frisat.web.audits.models import Decision
from frisat.web.audits.selectors import register, spor_overview
from frisat.web.organisations.selectors import visible_municipalities
from frisat.web.rounds.models import Round

ITEMS_PER_SPOR = 15
"""Decided register items listed per spor; the rest are one click away in the register."""

OUTCOMES = tuple(Decision.Outcome.values)
"""fjernes, forandres, forankres — in that order everywhere on the page."""


@dataclass(frozen=True)
class ItemLink:
    """A register item with a decision in force."""

    code: str
    title: str
    outcome: str
    url: str | None

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome)


@dataclass(frozen=True)
class SporDecisions:
    spor: str
    title: str
    requirements: int
    """Register items tagged with the spor."""
    removed: int
    changed: int
    anchored: int
    hours_before: float
    hours_freed: float
    items: list[ItemLink] = field(default_factory=list)
    more: int = 0
    """Decided items not listed (beyond :data:`ITEMS_PER_SPOR`)."""
    more_url: str | None = None

    @property
    def decided(self) -> int:
        return self.removed + self.changed + self.anchored

    @property
    def hours_before_text(self) -> str:
        return labels.fmt_int(round(self.hours_before))

    @property
    def hours_freed_text(self) -> str:
        return labels.fmt_int(round(self.hours_freed))


@dataclass(frozen=True)
class AuditTie:
    municipality: str
    rows: list[SporDecisions]
    register_url: str | None

    @property
    def requirements(self) -> int:
        """Register items tagged with at least one of the shown spor (an item may count in several)."""
        return sum(r.requirements for r in self.rows)

    @property
    def empty(self) -> bool:
        return not any(r.requirements or r.hours_before for r in self.rows)


def _url(name: str, *args: object, query: str = "") -> str | None:
    """The URL of an audits page, or None while the audits pages are not installed."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def item_url(pk: int) -> str | None:
    return _url("audits:requirement", pk)


def register_url(municipality_pk: int, spor: str = "") -> str | None:
    """The register page of the kommune (filtered to a spor)."""
    query = urlencode({"municipality": municipality_pk, **({"spor": spor} if spor else {})})
    return _url("audits:register", query=query)


def outcome_label(outcome: str) -> str:
    return {"fjernes": _("fjernes"), "forandres": _("forandres"), "forankres": _("forankres")}.get(outcome, outcome)


def audit_tie(user: object, round: Round, instrument: Instrument) -> AuditTie | None:
    """Per spor of the round's instrument: register items, decisions in force and hours freed.

    None when the user may not see the kommune's register (never the case for a user who may see
    the round, but the check keeps this selector safe on its own).
    """
    municipality = round.municipality
    if not visible_municipalities(user).filter(pk=municipality.pk).exists():
        return None
    overview = {row.spor: row for row in spor_overview(municipality)}
    decided = (register(municipality).filter(status__in=OUTCOMES)
               .values_list("pk", "code", "title", "spor", "status"))
    items: dict[str, list[ItemLink]] = {}
    for pk, code, title, spor, status in decided:
        for key in spor or []:
            items.setdefault(key, []).append(ItemLink(code, title, status, item_url(pk)))
    rows = []
    for spor, title in labels.spor_labels(instrument).items():
        row = overview.get(spor)
        listed = sorted(items.get(spor, []), key=lambda i: (OUTCOMES.index(i.outcome), i.code))
        rows.append(SporDecisions(
            spor=spor, title=title,
            requirements=row.requirements if row else 0, removed=row.removed if row else 0,
            changed=row.changed if row else 0, anchored=row.anchored if row else 0,
            hours_before=row.hours_before if row else 0.0, hours_freed=row.hours_freed if row else 0.0,
            items=listed[:ITEMS_PER_SPOR], more=max(0, len(listed) - ITEMS_PER_SPOR),
            more_url=register_url(municipality.pk, spor)))
    return AuditTie(municipality=municipality.name, rows=rows, register_url=register_url(municipality.pk))
