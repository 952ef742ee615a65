"""Read-only queries over audits and the register: access, the journey with its friction, the
decision log, the register with filters and before/after counts, and burden via :mod:`frisat.core.burden`.

Access follows :mod:`frisat.web.organisations.selectors`: build querysets from
:func:`visible_processes` / :func:`managed_processes` (and the requirement equivalents), so an
object of another kommune is simply not found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from frisat.core import burden
from frisat.web.audits.models import (
    SPOR_CHOICES,
    Activity,
    Decision,
    Marking,
    MarkingLink,
    Participant,
    Process,
    Requirement,
)
from frisat.web.common.tokens import hash_token
from frisat.web.organisations.models import Area, Municipality
from frisat.web.organisations.selectors import User, managed_municipalities, visible_municipalities

UNDECIDED = "uafklaret"
STATUS_CHOICES: list[tuple[str, str]] = [(UNDECIDED, "Ingen beslutning endnu"),
                                         *[(value, label) for value, label in Decision.Outcome.choices]]
"""A register item's status: the outcome of its decision in force, or «uafklaret»."""


# --- access ---------------------------------------------------------------------------------------


def visible_processes(user: User) -> QuerySet[Process]:
    return Process.objects.filter(municipality__in=visible_municipalities(user)).select_related("municipality", "area")


def managed_processes(user: User) -> QuerySet[Process]:
    return Process.objects.filter(municipality__in=managed_municipalities(user)).select_related("municipality", "area")


def visible_requirements(user: User) -> QuerySet[Requirement]:
    return Requirement.objects.filter(municipality__in=visible_municipalities(user)).select_related("municipality",
                                                                                                    "area")


def managed_requirements(user: User) -> QuerySet[Requirement]:
    return Requirement.objects.filter(municipality__in=managed_municipalities(user)).select_related("municipality",
                                                                                                    "area")


def marking_link_for_token(token: str) -> MarkingLink | None:
    """The marking link a token opens (open or closed), or None for an unknown token."""
    if not token or len(token) > 200:
        return None
    return MarkingLink.objects.select_related("process__municipality").filter(token_hash=hash_token(token)).first()


def participant_for_key(link: MarkingLink, key: str | None) -> Participant | None:
    """The participant whose browser holds ``key`` on this link's process, or None."""
    if not key or len(key) > 200:
        return None
    return Participant.objects.filter(process_id=link.process_id, key_hash=hash_token(key)).first()


# --- decisions ------------------------------------------------------------------------------------


def decisions_in_force() -> QuerySet[Decision]:
    """The current decision of every activity and requirement (entries not superseded)."""
    return Decision.objects.filter(superseded_by__isnull=True)


def _outcome_in_force(target: str) -> Subquery:
    return Subquery(decisions_in_force().filter(**{target: OuterRef("pk")})
                    .order_by("-created_at", "-pk").values("outcome")[:1])


def decision_log(*, process: Process | None = None, requirement: Requirement | None = None,
                 municipality: Municipality | None = None) -> QuerySet[Decision]:
    """Every log entry (also superseded ones), oldest first, for a process's activities, one
    requirement, or a whole kommune (activities and requirements)."""
    decisions = Decision.objects.select_related("activity__process", "requirement", "supersedes", "decided_by")
    if process is not None:
        decisions = decisions.filter(activity__process=process)
    if requirement is not None:
        decisions = decisions.filter(requirement=requirement)
    if municipality is not None:
        decisions = decisions.filter(Q(activity__process__municipality=municipality)
                                     | Q(requirement__municipality=municipality))
    return decisions.order_by("created_at", "pk")


# --- the journey ----------------------------------------------------------------------------------


@dataclass
class JourneyStep:
    """One activity in the journey with its markings summarised (no participant is named)."""

    activity: Activity
    kinds: dict[str, int]
    """Markings per kind (all four kinds, 0 when none)."""
    categories: list[tuple[str, int]]
    """Category labels (own categories by their text) with counts, most frequent first."""
    comments: list[str]
    participants: int
    """How many participants marked the activity at all."""
    friction: float
    """Share of the process's participants who marked the activity (0–1)."""
    outcome: str | None
    """The decision in force (fjernes/forandres/forankres) or None."""
    hours_before: float | None
    hours_after: float | None
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def markings(self) -> int:
        return sum(self.kinds.values())


def journey(process: Process) -> list[JourneyStep]:
    """The process's activities in order, each with its friction (markings, categories, comments)."""
    activities = list(process.activities.order_by("order").prefetch_related("requirements"))
    markings = list(Marking.objects.filter(activity__process=process).order_by("created_at", "pk"))
    outcomes = dict(decisions_in_force().filter(activity__process=process).values_list("activity_id", "outcome"))
    hours = burden.burden_table(activities_frame(process.activities.all())).set_index("activity_id")
    total_participants = Participant.objects.filter(process=process).count()
    steps = []
    for activity in activities:
        own = [m for m in markings if m.activity_id == activity.pk]
        kinds = {kind: 0 for kind in Marking.Kind.values}
        kinds.update(Counter(m.kind for m in own))
        categories = Counter(m.category_label for m in own if m.category_label)
        who = {m.participant_id for m in own}
        before = hours.loc[activity.pk, "hours_before"] if activity.pk in hours.index else np.nan
        after = hours.loc[activity.pk, "hours_after"] if activity.pk in hours.index else np.nan
        step = JourneyStep(
            activity=activity, kinds=kinds, categories=categories.most_common(),
            comments=[m.comment for m in own if m.comment], participants=len(who),
            friction=len(who) / total_participants if total_participants else 0.0,
            outcome=outcomes.get(activity.pk), hours_before=None if pd.isna(before) else float(before),
            hours_after=None if pd.isna(after) else float(after), requirements=list(activity.requirements.all()),
        )
        steps.append(step)
    return steps


def participant_markings(participant: Participant) -> dict[int, list[Marking]]:
    """The participant's own markings by activity id (to show and edit them in their session)."""
    result: dict[int, list[Marking]] = {}
    for marking in participant.markings.order_by("activity__order", "kind"):
        result.setdefault(marking.activity_id, []).append(marking)
    return result


# --- burden ---------------------------------------------------------------------------------------

_FRAME_FIELDS = ["pk", "process_id", "process__name", "process__area__name", "process__municipality__name",
                 *burden.FIGURES, *burden.AFTER_FIGURES]


def activities_frame(activities: QuerySet[Activity]) -> pd.DataFrame:
    """The activities as the tidy frame of :mod:`frisat.core.burden` (:data:`~frisat.core.burden.ACTIVITY_COLUMNS`),
    plus ``process_id`` and ``requirement_ids``. ``outcome`` is the activity's decision in force;
    ``spor`` is the union of its requirements' spor."""
    rows = list(activities.annotate(outcome=_outcome_in_force("activity")).order_by("process_id", "order")
                .values_list(*_FRAME_FIELDS, "outcome"))
    links = (Activity.requirements.through.objects.filter(activity__in=[r[0] for r in rows])
             .values_list("activity_id", "requirement_id", "requirement__spor"))
    spor: dict[int, set[str]] = {}
    requirement_ids: dict[int, list[int]] = {}
    for activity_id, requirement_id, tags in links:
        spor.setdefault(activity_id, set()).update(tags or [])
        requirement_ids.setdefault(activity_id, []).append(requirement_id)
    columns = ["activity_id", "process_id", "process", "omraade", "kommune", *burden.FIGURES, *burden.AFTER_FIGURES,
               "outcome"]
    frame = pd.DataFrame(rows, columns=columns)
    for name in (*burden.FIGURES, *burden.AFTER_FIGURES):
        frame[name] = pd.to_numeric(frame[name], errors="raise").astype("float64")
    frame["spor"] = [sorted(spor.get(pk, ())) for pk in frame["activity_id"]]
    frame["requirement_ids"] = [sorted(requirement_ids.get(pk, [])) for pk in frame["activity_id"]]
    return frame


@dataclass(frozen=True)
class BurdenFigures:
    """Hours per year of a set of activities (sums over those with a time estimate)."""

    activities: int
    estimated: int
    hours_before: float
    hours_after: float
    hours_freed: float
    removed: int
    changed: int
    anchored: int
    undecided: int

    @property
    def freed_share(self) -> float | None:
        return self.hours_freed / self.hours_before if self.hours_before > 0 else None


def _figures(row: pd.Series) -> BurdenFigures:
    return BurdenFigures(int(row["activities"]), int(row["estimated"]), float(row["hours_before"]),
                         float(row["hours_after"]), float(row["hours_freed"]), int(row["fjernes"]),
                         int(row["forandres"]), int(row["forankres"]), int(row["undecided"]))


def burden_total(activities: QuerySet[Activity]) -> BurdenFigures:
    """Burden of the activities together (e.g. one process, or ``Activity.objects.filter(process__kommune=k)``)."""
    return _figures(burden.summarise(activities_frame(activities)).iloc[0])


def process_burden(process: Process) -> BurdenFigures:
    return burden_total(process.activities.all())


def municipality_burden(municipality: Municipality, by: str = "process") -> pd.DataFrame:
    """The kommune's burden per ``process`` (id and name), ``omraade`` or ``spor`` (one row each,
    columns :data:`~frisat.core.burden.SUMMARY_COLUMNS`), or ``kommune`` (one row)."""
    frame = activities_frame(Activity.objects.filter(process__municipality=municipality))
    if by == "process":
        return burden.summarise(frame, ["process_id", "process"])
    if by == "omraade":
        return burden.summarise(frame, "omraade")
    if by == "spor":
        return burden.by_spor(frame)
    if by == "kommune":
        return burden.by_kommune(frame) if len(frame) else burden.summarise(frame).assign(kommune=municipality.name)
    raise ValueError(f"unknown grouping {by!r}")


def requirement_burden(requirements: Iterable[Requirement]) -> dict[int, BurdenFigures]:
    """Burden of the activities behind each requirement (an activity with several requirements
    counts fully for each, so these do not add up)."""
    requirements = list(requirements)
    if not requirements:
        return {}
    frame = activities_frame(Activity.objects.filter(requirements__in=requirements).distinct())
    exploded = frame.explode("requirement_ids").rename(columns={"requirement_ids": "requirement_id"})
    wanted = {r.pk for r in requirements}
    exploded = exploded[exploded["requirement_id"].isin(wanted)]
    if exploded.empty:
        return {}
    summary = burden.summarise(exploded, "requirement_id")
    return {int(row["requirement_id"]): _figures(row) for _, row in summary.iterrows()}


# --- the register ---------------------------------------------------------------------------------


def with_status(requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """Annotate ``status`` (outcome in force or «uafklaret») and ``n_activities``."""
    return requirements.annotate(
        status=Coalesce(_outcome_in_force("requirement"), Value(UNDECIDED)),
        n_activities=Count("activities", distinct=True),
    )


def register(municipality: Municipality, *, source_type: str | None = None, kind: str | None = None,
             area: Area | None = None, spor: str | None = None, status: str | None = None,
             process: Process | None = None, hegnspael: bool | None = None, search: str = "",
             external: str | None = None) -> QuerySet[Requirement]:
    """The kommune's register with ``status`` annotated, filtered by origin (``source_type``),
    type, area, spor, status, process (through its activities), hegnspæl and a text search."""
    items = with_status(Requirement.objects.filter(municipality=municipality).select_related("area"))
    if source_type:
        items = items.filter(source_type=source_type)
    if kind:
        items = items.filter(kind=kind)
    if area is not None:
        items = items.filter(area=area)
    if spor:
        # JSON text contains the quoted id: works on SQLite and PostgreSQL alike.
        items = items.filter(spor__icontains=f'"{spor}"')
    if status:
        items = items.filter(status=status)
    if process is not None:
        items = items.filter(pk__in=Requirement.objects.filter(activities__process=process).values("pk"))
    if hegnspael is not None:
        items = items.filter(hegnspael=hegnspael)
    if external:  # issue 15 item 5: "alle" = any decision outside the municipality
        items = items.exclude(external="") if external == "alle" else items.filter(external=external)
    if search.strip():
        text = search.strip()
        items = items.filter(Q(title__icontains=text) | Q(reference__icontains=text) | Q(code__iexact=text)
                             | Q(description__icontains=text))
    return items.order_by("code")


@dataclass(frozen=True)
class RegisterCount:
    key: str
    label: str
    before: int
    """Items in the register."""
    after: int
    """Items left when those decided *fjernes* are gone."""
    removed: int
    changed: int
    anchored: int
    undecided: int


_GROUP_LABELS = {"kind": dict(Requirement.Kind.choices), "source_type": dict(Requirement.SourceType.choices),
                 "spor": dict(SPOR_CHOICES)}


def register_counts(municipality: Municipality, by: str = "kind", requirements: QuerySet[Requirement] | None = None
                    ) -> list[RegisterCount]:
    """Counts before and after decisions per ``kind``, ``source_type``, ``spor`` or ``omraade``
    (e.g. politik: before 40, after 5), plus a last row «i alt». ``requirements`` may be a filtered
    :func:`register` (default: the whole register)."""
    items = requirements if requirements is not None else register(municipality)
    rows = list(items.values_list("pk", "kind", "source_type", "spor", "area__name", "status"))
    groups: dict[str, Counter[str]] = {}
    for _pk, kind, source_type, spor, area, status in rows:
        if by == "kind":
            keys = [kind]
        elif by == "source_type":
            keys = [source_type]
        elif by == "spor":
            keys = list(spor) or [burden.NO_SPOR]
        elif by == "omraade":
            keys = [area or ""]
        else:
            raise ValueError(f"unknown grouping {by!r}")
        for key in keys:
            groups.setdefault(key, Counter())[status] += 1
    labels = _GROUP_LABELS.get(by, {}) | {burden.NO_SPOR: "Uden spor", "": "Uden område"}
    order = list(labels) if by in _GROUP_LABELS else sorted(groups)

    def count(key: str, counter: Counter[str]) -> RegisterCount:
        total = sum(counter.values())
        return RegisterCount(key, labels.get(key, key), total, total - counter["fjernes"], counter["fjernes"],
                             counter["forandres"], counter["forankres"], counter[UNDECIDED])

    result = [count(key, groups[key]) for key in [*order, *sorted(set(groups) - set(order))] if key in groups]
    everything: Counter[str] = Counter(status for *_rest, status in rows)
    result.append(replace(count("i_alt", everything), label="I alt"))
    return result


@dataclass(frozen=True)
class SporRow:
    """Per barometer spor: register items, decisions in force and hours freed (for the results pages)."""

    spor: str
    label: str
    requirements: int
    removed: int
    changed: int
    anchored: int
    hours_before: float
    hours_freed: float


def spor_overview(municipality: Municipality) -> list[SporRow]:
    """For each spor of the instrument: the register items tagged with it, the decisions in force
    about those items and the hours freed by the activities behind them."""
    counts = {row.key: row for row in register_counts(municipality, by="spor")}
    hours = municipality_burden(municipality, by="spor").set_index("spor")
    rows = []
    for key, label in SPOR_CHOICES:
        count = counts.get(key)
        rows.append(SporRow(
            spor=key, label=label, requirements=count.before if count else 0, removed=count.removed if count else 0,
            changed=count.changed if count else 0, anchored=count.anchored if count else 0,
            hours_before=float(hours.loc[key, "hours_before"]) if key in hours.index else 0.0,
            hours_freed=float(hours.loc[key, "hours_freed"]) if key in hours.index else 0.0,
        ))
    return rows


@dataclass(frozen=True)
class ProcessSummary:
    process: Process
    activities: int
    participants: int
    markings: int
    marked_activities: int
    burden: BurdenFigures
    ideas: int


def process_summary(process: Process) -> ProcessSummary:
    """Counts for the process overview and the one-page summary."""
    markings = Marking.objects.filter(activity__process=process)
    return ProcessSummary(
        process=process,
        activities=process.activities.count(),
        participants=Participant.objects.filter(process=process, markings__isnull=False).distinct().count(),
        markings=markings.count(),
        marked_activities=markings.values("activity_id").distinct().count(),
        burden=process_burden(process),
        ideas=process.ideas.count(),
    )
