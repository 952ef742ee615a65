"""Small write operations the pages need that combine the audit services
(:mod:`frisat.web.audits.services`) into one all-or-nothing step. No rule lives here: each step is
the service's own, and the surrounding transaction makes the whole page save or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from frisat.web.audits import services
from frisat.web.audits.models import Activity, Decision, Marking, MarkingLink, Participant


def save_participant_markings(link: MarkingLink, participant: Participant | None,
                              wanted: Mapping[int, Mapping[str, Any]], activities: Mapping[int, Activity], *,
                              name: str = "") -> services.JoinedParticipant | None:
    """Make the participant's markings equal ``wanted`` (per activity id: ``kinds`` in the order
    belastende, tung, unødvendig, meningsløs, and one ``category``, ``category_other`` and
    ``comment``): ticked kinds are recorded or updated, unticked ones removed. The category and
    comment are stored on the first ticked kind only.

    A browser without a participant joins first (only if it marks anything), so opening the link
    leaves no trace. Returns the new participant's key when one was made. All or nothing: any
    refusal (:class:`~frisat.core.errors.FrisatError`) leaves every marking as it was.
    """
    joined = None
    with transaction.atomic():
        if participant is None:
            if not any(entry["kinds"] for entry in wanted.values()):
                return None
            joined = services.join_marking(link, name=name)
            participant = joined.participant
        existing: dict[tuple[int, str], Marking] = {
            (m.activity_id, m.kind): m for m in Marking.objects.filter(participant=participant)}
        for activity_id, entry in wanted.items():
            activity = activities[activity_id]
            for position, kind in enumerate(entry["kinds"]):
                # The page asks for one category and comment per activity: they go on the first kind
                # ticked, so they are counted once per employee and activity, not once per kind.
                first = position == 0
                services.mark_activity(participant, activity, kind=kind,
                                       category=entry["category"] if first else "",
                                       category_other=entry["category_other"] if first else "",
                                       comment=entry["comment"] if first else "")
            for (marked_activity, kind) in list(existing):
                if marked_activity == activity_id and kind not in entry["kinds"]:
                    services.unmark_activity(participant, activity, kind)
    return joined


def decide_with_figures(activity: Activity, *, figures: Mapping[str, Any] | None, **decision: Any) -> Decision:
    """Update the activity's before figures (when given and changed) and record the decision, in one
    transaction: a refused decision leaves the figures as they were."""
    with transaction.atomic():
        if figures is not None:
            services.update_activity(activity, **figures)
        return services.decide(activity=activity, **decision)
