"""Django admin for rounds. Respondents are added through the import (it issues link tokens) and
are read-only here. A round's anonymity and design cannot be changed once created (the
respondents' links were given their dimension by it).

No answer is shown to anyone here, superusers included (docs/anonymity.md): responses, drafts and
the anonymous rounds' pool are not registered at all (results are read through the results pages,
which apply the anonymity limit), and a respondent shows only *whether* they have answered, not
when."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frisat.web.organisations.admin import MunicipalityScopedAdmin
from frisat.web.rounds.models import Respondent, Round


@admin.register(Round)
class RoundAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "wave", "opens_at", "closes_at", "closed_manually", "anonymous", "min_n",
                    "design"]
    list_filter = ["municipality", "anonymous", "closed_manually", "design"]
    search_fields = ["name", "wave", "municipality__name"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["previous"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "anonymous", "municipality", "instrument_id", "design",
                "group_dimensions"] if obj is not None \
            else fields


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Respondent)
class RespondentAdmin(ReadOnlyMixin, MunicipalityScopedAdmin):
    municipality_lookup = "round__municipality"
    list_display = ["__str__", "round", "unit", "group", "dimension", "invited_at", "reminded_at",
                    "has_answered"]
    list_filter = ["round__municipality", "group", "dimension"]
    search_fields = ["email", "round__name", "unit__name"]
    list_select_related = ["round__municipality", "unit__area__municipality"]
    fields = ["round", "email", "unit", "group", "dimension", "invited_at", "reminded_at", "has_answered"]
    readonly_fields = ["has_answered"]

    @admin.display(boolean=True, description="har svaret")
    def has_answered(self, obj: Respondent) -> bool:
        """Only *that* the person has answered: never when (nor, of course, what)."""
        return obj.answered_at is not None
