"""Who has access to a municipality, open invitations, the access log and the read-only role.

The rule for the read-only role «læser» (politicians, the follow group) lives here:
:func:`respondent_data_municipalities` are the municipalities whose respondent-level data (respondent lists,
comments, raw data) the user may see — those where the user is administrator or analyst, never
where the user is only a reader.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from frisat.web.access.models import AccessEvent, Invitation
from frisat.web.common.tokens import hash_token
from frisat.web.organisations.models import Membership, Municipality
from frisat.web.organisations.selectors import managed_municipalities, visible_municipalities

User = AbstractBaseUser | AnonymousUser
DATA_ROLES = (Membership.Role.ADMIN, Membership.Role.ANALYST)


def respondent_data_municipalities(user: User) -> QuerySet[Municipality]:
    """Kommuner whose respondent-level data the user may see (not as reader only)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user, memberships__role__in=DATA_ROLES).distinct()


def is_reader_only(user: User, municipality: Municipality) -> bool:
    """True if the user sees the kommune but not its respondent-level data."""
    return (visible_municipalities(user).filter(pk=municipality.pk).exists()
            and not respondent_data_municipalities(user).filter(pk=municipality.pk).exists())


def administered_municipalities(user: User) -> QuerySet[Municipality]:
    """Kommuner whose access the user manages (role administrator, or superuser)."""
    return managed_municipalities(user)


def managed_memberships(user: User) -> QuerySet[Membership]:
    return (Membership.objects.filter(municipality__in=managed_municipalities(user))
            .select_related("user", "municipality"))


def managed_invitations(user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(municipality__in=managed_municipalities(user)).select_related("municipality")


def members(municipality: Municipality) -> list[Membership]:
    """The kommune's users with their role, by name."""
    rows = list(Membership.objects.filter(municipality=municipality).select_related("user"))
    return sorted(rows, key=lambda m: (display_name(m.user).casefold(), m.user.pk))


def open_invitations(municipality: Municipality) -> QuerySet[Invitation]:
    return Invitation.objects.filter(municipality=municipality, used_at__isnull=True, revoked_at__isnull=True,
                                     expires_at__gt=timezone.now()).order_by("-created_at")


def recent_events(municipality: Municipality, limit: int = 30) -> QuerySet[AccessEvent]:
    return AccessEvent.objects.filter(municipality=municipality).order_by("-at", "-id")[:limit]


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link's token, whether usable or not (the page says why not)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("municipality").filter(token_hash=hash_token(token)).first()


def admin_count(municipality: Municipality) -> int:
    return Membership.objects.filter(municipality=municipality, role=Membership.Role.ADMIN).count()


def display_name(user: AbstractBaseUser) -> str:
    """The user's full name, else the username (never an id)."""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
