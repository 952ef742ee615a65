"""Django admin for audits and the register (oversight; the work itself happens in the app).

Activities are read-only here (their order is kept contiguous by the services), marking links show
no token, participants and markings are not listed (pseudonymity), and the decision log is
read-only: no add, change or delete.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frisat.web.audits.models import Activity, Decision, Idea, Iteration, MarkingLink, Process, Requirement
from frisat.web.organisations.admin import MunicipalityScopedAdmin
from frisat.web.organisations.selectors import managed_municipalities


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ActivityInline(_ReadOnly, admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["order", "description", "channel", "performed_by", "minutes_per_occurrence", "occurrences_per_year",
              "people"]
    readonly_fields = fields
    ordering = ["order"]


@admin.register(Process)
class ProcessAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "area", "status", "owner", "updated_at"]
    list_filter = ["municipality", "status"]
    search_fields = ["name", "owner", "municipality__name"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ActivityInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "municipality"] if obj is not None else fields


@admin.register(Requirement)
class RequirementAdmin(MunicipalityScopedAdmin):
    list_display = ["code", "title", "municipality", "kind", "source_type", "reference", "hegnspael",
                    "tilbageloeb_status"]
    list_filter = ["municipality", "kind", "source_type", "hegnspael", "tilbageloeb_status"]
    search_fields = ["code", "title", "reference"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Decision)
class DecisionAdmin(_ReadOnly, MunicipalityScopedAdmin):
    """The log: read-only for everyone (a changed decision is a new entry made in the app)."""

    municipality_lookup = "activity__process__municipality"
    list_display = ["created_at", "outcome", "activity", "requirement", "decided_on", "decided_by_name", "supersedes"]
    list_filter = ["outcome"]
    list_select_related = ["activity__process__municipality", "requirement__municipality", "supersedes"]

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        municipalities = managed_municipalities(request.user)
        return (queryset.filter(activity__process__municipality__in=municipalities)
                | queryset.filter(requirement__municipality__in=municipalities))


@admin.register(MarkingLink)
class MarkingLinkAdmin(_ReadOnly, MunicipalityScopedAdmin):
    municipality_lookup = "process__municipality"
    list_display = ["__str__", "process", "anonymous", "created_at", "closed_at"]
    exclude = ["token_hash"]


class IterationInline(admin.TabularInline):
    model = Iteration
    extra = 0
    fields = ["date", "tried", "result"]


@admin.register(Idea)
class IdeaAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "process__municipality"
    list_display = ["title", "process", "status", "owner"]
    list_filter = ["status"]
    search_fields = ["title", "process__name"]
    readonly_fields = ["process", "activities", "created_at", "updated_at"]
    inlines = [IterationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
