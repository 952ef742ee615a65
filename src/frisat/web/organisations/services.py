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
from frisat.web.organisations.models import Enhed, Kommune, Omraade
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
    kommuner_created: int
    omraader_created: int
    enheder_created: int
    enheder_existing: int

    def __str__(self) -> str:
        return (f"{self.kommuner_created} nye kommuner, {self.omraader_created} nye områder og "
                f"{self.enheder_created} nye enheder ({self.enheder_existing} fandtes i forvejen).")


def import_organisation(table: Table, *, kommuner: Iterable[Kommune] | None = None,
                        may_create_kommuner: bool = True) -> OrgImportSummary:
    """Import the rows (columns kommune, omraade, enhed) of ``table``.

    ``kommuner`` limits the import to those kommuner (a staff user's own); ``None`` allows all.
    ``may_create_kommuner`` allows new kommuner (superusers and the CLI).
    """
    table.require_columns(ORG_COLUMNS)
    existing = {_key(k.name): k for k in Kommune.objects.all()}
    allowed = None if kommuner is None else {k.pk for k in kommuner}
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
        kommune = existing.get(_key(names["kommune"]))
        if kommune is None and not may_create_kommuner:
            problems.append(Problem(f"Kommunen «{names['kommune']}» findes ikke, og du kan ikke oprette kommuner.",
                                    row=number, column="kommune"))
            continue
        if kommune is not None and allowed is not None and kommune.pk not in allowed:
            problems.append(Problem(f"Du har ikke adgang til at ændre {kommune.name}.", row=number, column="kommune"))
            continue
        _, omraader = wanted.setdefault(_key(names["kommune"]), (names["kommune"], {}))
        _, enheder = omraader.setdefault(_key(names["omraade"]), (names["omraade"], {}))
        enheder.setdefault(_key(names["enhed"]), names["enhed"])
    if problems:
        raise fail(table.source, problems)
    if not wanted:
        raise fail(table.source, [Problem("Filen indeholder ingen rækker med enheder.")])
    created = {"kommune": 0, "omraade": 0, "enhed": 0}
    existing_units = 0
    try:
        with transaction.atomic():
            for kommune_key, (kommune_name, omraader) in wanted.items():
                kommune = existing.get(kommune_key)
                if kommune is None:
                    kommune = Kommune.objects.create(name=kommune_name)
                    created["kommune"] += 1
                known_omraader = {_key(o.name): o for o in kommune.omraader.all()}
                for omraade_key, (omraade_name, enheder) in omraader.items():
                    omraade = known_omraader.get(omraade_key)
                    if omraade is None:
                        omraade = Omraade.objects.create(kommune=kommune, name=omraade_name)
                        created["omraade"] += 1
                    known_enheder = {_key(e.name) for e in omraade.enheder.all()}
                    new = [Enhed(omraade=omraade, name=name) for key, name in enheder.items()
                           if key not in known_enheder]
                    Enhed.objects.bulk_create(new)
                    created["enhed"] += len(new)
                    existing_units += len(enheder) - len(new)
    except IntegrityError as exc:  # a concurrent import of the same names
        raise FrisatError("Organisationen blev ændret samtidig af en anden. Prøv igen.") from exc
    return OrgImportSummary(created["kommune"], created["omraade"], created["enhed"], existing_units)


def add_kommune(name: str) -> Kommune:
    name = clean_name(name, "kommune")
    if any(_key(k.name) == _key(name) for k in Kommune.objects.all()):
        raise FrisatError(f"Kommunen «{name}» findes allerede.")
    return Kommune.objects.create(name=name)


def _check_unique(names: Iterable[str], name: str, message: str) -> None:
    if any(_key(other) == _key(name) for other in names):
        raise FrisatError(message)


def add_omraade(kommune: Kommune, name: str) -> Omraade:
    name = clean_name(name, "omraade")
    _check_unique(kommune.omraader.values_list("name", flat=True), name,
                  f"Der findes allerede et område med navnet «{name}» i {kommune.name}.")
    return Omraade.objects.create(kommune=kommune, name=name)


def add_enhed(omraade: Omraade, name: str) -> Enhed:
    name = clean_name(name, "enhed")
    _check_unique(omraade.enheder.values_list("name", flat=True), name,
                  f"Der findes allerede en enhed med navnet «{name}» i området {omraade.name}.")
    return Enhed.objects.create(omraade=omraade, name=name)


def rename_omraade(omraade: Omraade, name: str) -> Omraade:
    name = clean_name(name, "omraade")
    _check_unique(omraade.kommune.omraader.exclude(pk=omraade.pk).values_list("name", flat=True), name,
                  f"Der findes allerede et område med navnet «{name}» i {omraade.kommune.name}.")
    omraade.name = name
    omraade.save(update_fields=["name"])
    return omraade


def rename_enhed(enhed: Enhed, name: str) -> Enhed:
    name = clean_name(name, "enhed")
    _check_unique(enhed.omraade.enheder.exclude(pk=enhed.pk).values_list("name", flat=True), name,
                  f"Der findes allerede en enhed med navnet «{name}» i området {enhed.omraade.name}.")
    enhed.name = name
    enhed.save(update_fields=["name"])
    return enhed
