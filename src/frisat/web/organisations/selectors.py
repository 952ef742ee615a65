"""Who may see and change which kommune: the one place per-municipality access is decided.

A staff user works only with the kommuner where they have a :class:`Membership`; a superuser with
all. Role ``admin`` may change things (create rounds, import, invite); ``analytiker`` may look.
Every staff view builds its querysets from these functions, so an object of another kommune is
simply not found (404) — its existence is not revealed.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from frisat.web.organisations.models import Enhed, Kommune, Membership, Omraade

User = AbstractBaseUser | AnonymousUser


def visible_kommuner(user: User) -> QuerySet[Kommune]:
    """Kommuner the user may look at."""
    if not user.is_authenticated or not user.is_active:
        return Kommune.objects.none()
    if user.is_superuser:
        return Kommune.objects.all()
    return Kommune.objects.filter(memberships__user=user).distinct()


def managed_kommuner(user: User) -> QuerySet[Kommune]:
    """Kommuner the user may change (role ``admin``)."""
    if not user.is_authenticated or not user.is_active:
        return Kommune.objects.none()
    if user.is_superuser:
        return Kommune.objects.all()
    return Kommune.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).distinct()


def can_manage(user: User, kommune: Kommune) -> bool:
    return managed_kommuner(user).filter(pk=kommune.pk).exists()


def visible_omraader(user: User) -> QuerySet[Omraade]:
    return Omraade.objects.filter(kommune__in=visible_kommuner(user))


def managed_omraader(user: User) -> QuerySet[Omraade]:
    return Omraade.objects.filter(kommune__in=managed_kommuner(user)).select_related("kommune")


def managed_enheder(user: User) -> QuerySet[Enhed]:
    return Enhed.objects.filter(omraade__kommune__in=managed_kommuner(user)).select_related("omraade__kommune")


def kommune_tree(kommune: Kommune) -> list[Omraade]:
    """The kommune's områder with their enheder prefetched, in name order."""
    return list(
        kommune.omraader.order_by("name").prefetch_related(Prefetch("enheder", Enhed.objects.order_by("name")))
    )
