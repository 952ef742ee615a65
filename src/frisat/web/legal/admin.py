"""Django admin for the legal-quality data (oversight only; the work happens on the app's pages).

Everything is read-only here: a snapshot is never changed (revised figures are a new snapshot), the
council's decisions are an append-only history, and a kommune's settings are validated by the settings
page (names checked against the 98 kommuner, «Mente du …?»), which the admin's raw fields would bypass.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frisat.web.legal.models import AppealSnapshot, CouncilDecision, LegalSettings
from frisat.web.organisations.admin import MunicipalityScopedAdmin


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AppealSnapshot)
class AppealSnapshotAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["file_name", "source", "imported_at", "row_count", "synthetic", "imported_by", "short_sha256"]
    list_filter = ["synthetic"]
    search_fields = ["file_name", "source", "sha256"]
    date_hierarchy = "imported_at"
    fields = ["file_name", "source", "sha256", "imported_at", "imported_by", "row_count", "synthetic", "columns"]
    readonly_fields = fields  # the rows themselves (thousands) are not listed

    @admin.display(description="SHA-256", ordering="sha256")
    def short_sha256(self, obj: AppealSnapshot) -> str:
        return f"{obj.sha256[:16]}…"


@admin.register(LegalSettings)
class LegalSettingsAdmin(_ReadOnly, MunicipalityScopedAdmin):
    list_display = ["municipality", "talportal_name", "group", "updated_at"]
    search_fields = ["municipality__name", "talportal_name"]
    fields = ["municipality", "talportal_name", "comparison_group", "updated_at"]
    readonly_fields = fields

    @admin.display(description="sammenligningsgruppe")
    def group(self, obj: LegalSettings) -> str:
        return ", ".join(obj.comparison_group) or "–"


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(_ReadOnly, MunicipalityScopedAdmin):
    list_display = ["municipality", "meeting_date", "outcome", "owner", "due_date", "snapshot", "recorded_by",
                    "recorded_at"]
    list_filter = ["municipality", "outcome"]
    search_fields = ["municipality__name", "decision", "action_plan", "owner"]
    date_hierarchy = "meeting_date"
    list_select_related = ["municipality", "snapshot", "recorded_by"]
    fields = ["municipality", "meeting_date", "outcome", "decision", "action_plan", "owner", "due_date", "snapshot",
              "recorded_by", "recorded_at"]
    readonly_fields = fields
