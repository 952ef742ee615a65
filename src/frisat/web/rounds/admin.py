"""Django admin for rounds. Respondents are added through the import (it issues link tokens);
submitted responses and drafts are read-only. A round's anonymity and design cannot be changed once
created (the respondents' links were given their dimension by it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frisat.web.organisations.admin import KommuneScopedAdmin
from frisat.web.rounds.models import Draft, Maaling, Respondent, Response


@admin.register(Maaling)
class MaalingAdmin(KommuneScopedAdmin):
    list_display = ["name", "kommune", "wave", "opens_at", "closes_at", "closed_manually", "anonymous", "min_n",
                    "design"]
    list_filter = ["kommune", "anonymous", "closed_manually", "design"]
    search_fields = ["name", "wave", "kommune__name"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["previous"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "anonymous", "kommune", "instrument_id", "design", "group_dimensions"] if obj is not None \
            else fields


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Respondent)
class RespondentAdmin(ReadOnlyMixin, KommuneScopedAdmin):
    kommune_lookup = "maaling__kommune"
    list_display = ["__str__", "maaling", "enhed", "gruppe", "dimension", "invited_at", "reminded_at", "answered_at"]
    list_filter = ["maaling__kommune", "gruppe", "dimension"]
    search_fields = ["email", "maaling__name", "enhed__name"]
    list_select_related = ["maaling__kommune", "enhed__omraade__kommune"]
    exclude = ["token_hash"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyMixin, KommuneScopedAdmin):
    kommune_lookup = "maaling__kommune"
    list_display = ["id", "maaling", "enhed", "gruppe", "submitted_on"]
    list_filter = ["maaling__kommune", "gruppe"]
    list_select_related = ["maaling__kommune", "enhed__omraade__kommune"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyMixin, KommuneScopedAdmin):
    """Only that a draft exists and when it was saved: in-progress answers are not shown to staff."""

    kommune_lookup = "respondent__maaling__kommune"
    list_display = ["id", "updated_at"]
    fields = ["updated_at"]
