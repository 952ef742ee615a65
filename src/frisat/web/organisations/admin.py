"""Django admin for the organisation (configuration). Superusers see everything; other staff users
see and change only the kommuner where they have the role «admin»; access (Membership) is managed
by superusers only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from frisat.web.organisations.selectors import managed_municipalities

admin.site.site_header = "Frisat – administration"
admin.site.site_title = "Frisat"
admin.site.index_title = "Opsætning"

_SCOPE = {"Municipality": "pk", "Area": "municipality", "Unit": "area__municipality", "Round": "municipality"}


class OwnMunicipalityFilter(admin.RelatedFieldListFilter):
    """The sidebar filter on a kommune: lists only the user's own kommuner (all for a superuser),
    so the admin does not show every municipality's name to every staff user."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        choices = super().field_choices(field, request, model_admin)
        if request.user.is_superuser:
            return choices
        own = set(managed_municipalities(request.user).values_list("pk", flat=True))
        return [(pk, name) for pk, name in choices if pk in own]


def _targets_municipality(model: type[Model], entry: Any) -> bool:
    if not isinstance(entry, str):
        return False
    try:
        return get_fields_from_path(model, entry)[-1].related_model is Municipality
    except FieldDoesNotExist:
        return False


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """Limits rows, foreign-key choices and the sidebar's kommune filters to the user's kommuner
    (unless superuser)."""

    municipality_lookup = "municipality"
    labels: dict[str, str] = {}

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        return [(entry, OwnMunicipalityFilter) if _targets_municipality(self.model, entry) else entry
                for entry in super().get_list_filter(request)]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.municipality_lookup}__in": managed_municipalities(request.user)})

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.labels:
            field.label = self.labels[db_field.name]
        return field

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        model: type[Model] = db_field.related_model
        lookup = _SCOPE.get(model.__name__)
        if lookup and not request.user.is_superuser:
            managed = managed_municipalities(request.user)
            kwargs["queryset"] = model._default_manager.filter(**{f"{lookup}__in": managed})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "pk"
    list_display = ["name"]
    search_fields = ["name"]
    inlines = [AreaInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name"]


@admin.register(Area)
class AreaAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "municipality__name"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "area__municipality"
    labels = {"area": "Område"}
    list_display = ["name", "area_name", "municipality_name"]
    list_filter = ["area__municipality"]
    search_fields = ["name", "area__name", "area__municipality__name"]
    list_select_related = ["area__municipality"]

    @admin.display(description="område", ordering="area__name")
    def area_name(self, obj: Unit) -> str:
        return obj.area.name

    @admin.display(description="kommune", ordering="area__municipality__name")
    def municipality_name(self, obj: Unit) -> str:
        return obj.area.municipality.name


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user_name", "municipality", "role"]
    list_filter = ["municipality", "role"]
    search_fields = ["user__username", "user__email", "municipality__name"]
    autocomplete_fields = ["municipality"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "user":
            field.label = "Bruger"
        return field

    @admin.display(description="bruger", ordering="user__username")
    def user_name(self, obj: Membership) -> str:
        return obj.user.get_username()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser
