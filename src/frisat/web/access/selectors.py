"""Who has access to a kommune, open invitations, the access log and the read-only role.

The rule for the read-only role «læser» (politicians, the follow group) lives here:
:func:`respondent_data_kommuner` are the kommuner whose respondent-level data (respondent lists,
comments, raw data) the user may see — those where the user is administrator or analyst, never
where the user is only a reader.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from frisat.web.access.models import AccessEvent, Invitation
from frisat.web.common.tokens import hash_token
from frisat.web.organisations.models import Kommune, Membership
from frisat.web.organisations.selectors import managed_kommuner, visible_kommuner

User = AbstractBaseUser | AnonymousUser
DATA_ROLES = (Membership.Role.ADMIN, Membership.Role.ANALYST)


def respondent_data_kommuner(user: User) -> QuerySet[Kommune]:
    """Kommuner whose respondent-level data the user may see (not as reader only)."""
    if not user.is_authenticated or not user.is_active:
        return Kommune.objects.none()
    if user.is_superuser:
        return Kommune.objects.all()
    return Kommune.objects.filter(memberships__user=user, memberships__role__in=DATA_ROLES).distinct()


def is_reader_only(user: User, kommune: Kommune) -> bool:
    """True if the user sees the kommune but not its respondent-level data."""
    return (visible_kommuner(user).filter(pk=kommune.pk).exists()
            and not respondent_data_kommuner(user).filter(pk=kommune.pk).exists())


def administered_kommuner(user: User) -> QuerySet[Kommune]:
    """Kommuner whose access the user manages (role administrator, or superuser)."""
    return managed_kommuner(user)


def managed_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(kommune__in=managed_kommuner(user)).select_related("user", "kommune")


def managed_invitations(user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(kommune__in=managed_kommuner(user)).select_related("kommune")


def members(kommune: Kommune) -> list[Membership]:
    """The kommune's users with their role, by name."""
    rows = list(Membership.objects.filter(kommune=kommune).select_related("user"))
    return sorted(rows, key=lambda m: (display_name(m.user).casefold(), m.user.pk))


def open_invitations(kommune: Kommune) -> QuerySet[Invitation]:
    return Invitation.objects.filter(kommune=kommune, used_at__isnull=True, revoked_at__isnull=True,
                                     expires_at__gt=timezone.now()).order_by("-created_at")


def recent_events(kommune: Kommune, limit: int = 30) -> QuerySet[AccessEvent]:
    return AccessEvent.objects.filter(kommune=kommune).order_by("-at", "-id")[:limit]


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link's token, whether usable or not (the page says why not)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("kommune").filter(token_hash=hash_token(token)).first()


def admin_count(kommune: Kommune) -> int:
    return Membership.objects.filter(kommune=kommune, role=Membership.Role.ADMIN).count()


def display_name(user: AbstractBaseUser) -> str:
    """The user's full name, else the username (never an id)."""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
