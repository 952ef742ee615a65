"""Services that change the organisation: import kommune → område → enhed, add and rename.

The import is all-or-nothing and idempotent: every row is checked first; with a single problem
nothing is stored. Units that exist already (same names, ignoring case) are left as they are, so
importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from frisat.core.errors import FrisatError, Problem
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.organisations.tabular import Table, fail

ORG_COLUMNS = {"kommune", "omraade", "enhed"}
_LIMITS = {"kommune": 100, "omraade": 100, "enhed": 200}
_LABELS = {"kommune": "Kommunen", "omraade": "Området", "enhed": "Enheden"}


def clean_name(value: str, kind: str) -> str:
    """A stripped name with single spaces; FrisatError (Danish) when it is empty, too long or odd."""
    name = " ".join(value.split())
    label = _LABELS[kind]
    if not name:
        raise FrisatError(f"{label} skal have et navn.")
    if len(name) > _LIMITS[kind]:
        raise FrisatError(f"{label}s navn er for langt ({len(name)} tegn; højst {_LIMITS[kind]}).")
    if any(ord(ch) < 32 or ch in "<>" for ch in name):
        raise FrisatError(f"{label}s navn indeholder ugyldige tegn.")
    return name


def _key(name: str) -> str:
    return name.casefold()


@dataclass(frozen=True)
class OrgImportSummary:
    municipalities_created: int
    areas_created: int
    units_created: int
    units_existing: int

    def __str__(self) -> str:
        return (f"{self.municipalities_created} nye kommuner, {self.areas_created} nye områder og "
                f"{self.units_created} nye enheder ({self.units_existing} fandtes i forvejen).")


def import_organisation(table: Table, *, municipalities: Iterable[Municipality] | None = None,
                        may_create_municipalities: bool = True) -> OrgImportSummary:
    """Import the rows (columns kommune, omraade, enhed) of ``table``.

    ``kommuner`` limits the import to those kommuner (a staff user's own); ``None`` allows all.
    ``may_create_kommuner`` allows new kommuner (superusers and the CLI).
    """
    table.require_columns(ORG_COLUMNS)
    existing = {_key(k.name): k for k in Municipality.objects.all()}
    allowed = None if municipalities is None else {k.pk for k in municipalities}
    problems: list[Problem] = []
    wanted: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {}
    for number, row in table:
        names = {}
        for column in ("kommune", "omraade", "enhed"):
            try:
                names[column] = clean_name(row[column], column)
            except FrisatError as exc:
                problems.append(Problem(str(exc), row=number, column=column))
        if len(names) < 3:
            continue
        municipality = existing.get(_key(names["kommune"]))
        if municipality is None and not may_create_municipalities:
            problems.append(Problem(f"Kommunen «{names['kommune']}» findes ikke, og du kan ikke oprette kommuner.",
                                    row=number, column="kommune"))
            continue
        if municipality is not None and allowed is not None and municipality.pk not in allowed:
            problems.append(Problem(f"Du har ikke adgang til at ændre {municipality.name}.", row=number,
                                    column="kommune"))
            continue
        _, areas = wanted.setdefault(_key(names["kommune"]), (names["kommune"], {}))
        _, units = areas.setdefault(_key(names["omraade"]), (names["omraade"], {}))
        units.setdefault(_key(names["enhed"]), names["enhed"])
    if problems:
        raise fail(table.source, problems)
    if not wanted:
        raise fail(table.source, [Problem("Filen indeholder ingen rækker med enheder.")])
    created = {"kommune": 0, "omraade": 0, "enhed": 0}
    existing_units = 0
    try:
        with transaction.atomic():
            for municipality_key, (municipality_name, areas) in wanted.items():
                municipality = existing.get(municipality_key)
                if municipality is None:
                    municipality = Municipality.objects.create(name=municipality_name)
                    created["kommune"] += 1
                known_areas = {_key(o.name): o for o in municipality.areas.all()}
                for area_key, (area_name, units) in areas.items():
                    area = known_areas.get(area_key)
                    if area is None:
                        area = Area.objects.create(municipality=municipality, name=area_name)
                        created["omraade"] += 1
                    known_units = {_key(e.name) for e in area.units.all()}
                    new = [Unit(area=area, name=name) for key, name in units.items()
                           if key not in known_units]
                    Unit.objects.bulk_create(new)
                    created["enhed"] += len(new)
                    existing_units += len(units) - len(new)
    except IntegrityError as exc:  # a concurrent import of the same names
        raise FrisatError("Organisationen blev ændret samtidig af en anden. Prøv igen.") from exc
    return OrgImportSummary(created["kommune"], created["omraade"], created["enhed"], existing_units)


def add_municipality(name: str) -> Municipality:
    name = clean_name(name, "kommune")
    if any(_key(k.name) == _key(name) for k in Municipality.objects.all()):
        raise FrisatError(f"Kommunen «{name}» findes allerede.")
    return Municipality.objects.create(name=name)


def _check_unique(names: Iterable[str], name: str, message: str) -> None:
    if any(_key(other) == _key(name) for other in names):
        raise FrisatError(message)


def add_area(municipality: Municipality, name: str) -> Area:
    name = clean_name(name, "omraade")
    _check_unique(municipality.areas.values_list("name", flat=True), name,
                  f"Der findes allerede et område med navnet «{name}» i {municipality.name}.")
    return Area.objects.create(municipality=municipality, name=name)


def add_unit(area: Area, name: str) -> Unit:
    name = clean_name(name, "enhed")
    _check_unique(area.units.values_list("name", flat=True), name,
                  f"Der findes allerede en enhed med navnet «{name}» i området {area.name}.")
    return Unit.objects.create(area=area, name=name)


def rename_area(area: Area, name: str) -> Area:
    name = clean_name(name, "omraade")
    _check_unique(area.municipality.areas.exclude(pk=area.pk).values_list("name", flat=True), name,
                  f"Der findes allerede et område med navnet «{name}» i {area.municipality.name}.")
    area.name = name
    area.save(update_fields=["name"])
    return area


def rename_unit(unit: Unit, name: str) -> Unit:
    name = clean_name(name, "enhed")
    _check_unique(unit.area.units.exclude(pk=unit.pk).values_list("name", flat=True), name,
                  f"Der findes allerede en enhed med navnet «{name}» i området {unit.area.name}.")
    unit.name = name
    unit.save(update_fields=["name"])
    return unit
