"""Who may see and change which kommune: the one place per-municipality access is decided.

A staff user works only with the kommuner where they have a :class:`Membership`; a superuser with
all. Role ``admin`` may change things (create rounds, import, invite); ``analytiker`` may look.
Every staff view builds its querysets from these functions, so an object of another kommune is
simply not found (404) — its existence is not revealed.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from frisat.web.organisations.models import Area, Membership, Municipality, Unit

User = AbstractBaseUser | AnonymousUser


def visible_municipalities(user: User) -> QuerySet[Municipality]:
    """Kommuner the user may look at."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user).distinct()


def managed_municipalities(user: User) -> QuerySet[Municipality]:
    """Kommuner the user may change (role ``admin``)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).distinct()


def can_manage(user: User, municipality: Municipality) -> bool:
    return managed_municipalities(user).filter(pk=municipality.pk).exists()


def visible_areas(user: User) -> QuerySet[Area]:
    return Area.objects.filter(municipality__in=visible_municipalities(user))


def managed_areas(user: User) -> QuerySet[Area]:
    return Area.objects.filter(municipality__in=managed_municipalities(user)).select_related("municipality")


def managed_units(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(area__municipality__in=managed_municipalities(user)).select_related("area__municipality")


def municipality_tree(municipality: Municipality) -> list[Area]:
    """The kommune's områder with their enheder prefetched, in name order."""
    return list(
        municipality.areas.order_by("name").prefetch_related(Prefetch("units", Unit.objects.order_by("name")))
    )
