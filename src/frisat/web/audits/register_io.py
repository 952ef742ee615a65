"""The register as a spreadsheet: export to XLSX/CSV and all-or-nothing import (upsert by id).

Columns (Danish headers; the import matches them case-insensitively, æ/ø/å or ae/oe/aa alike):

=================  ==============================================================================
Id                 Stable id (e.g. R-0007). Rows with a known id update that item; rows with an
                   unknown id create it with that id; an empty id creates a new item (R-nnnn).
Titel              Required.
Type               regel, politik, dokumentationskrav, procedure, andet.
Oprindelse         EU, lov, bekendtgørelse, vejledning, statsligt/KL-koncept, kommunalbestyrelsens
                   beslutning, forvaltningens instruks, lokal praksis, ukendt.
Hjemmel/reference  E.g. «serviceloven § 50».
Hegnspæl           ja / nej.
Tilbageløb         Nogen bruger det / Ingen bruger det / Ikke undersøgt.
Hvem bruger det    Free text.
Spor               Comma-separated: regler, maal, dok, tillid, innov (or the spor's titles).
Område             An area of the kommune (empty: the whole kommune).
Ansvarlig          Free text.
Beskrivelse        Free text.
=================  ==============================================================================

The export adds read-only columns (Status, Aktiviteter, Processer, Timer pr. år før/efter, Timer
frigjort) that the import accepts and ignores, so an exported file can be edited and imported
again. An empty cell means the field's default (empty text, type regel, oprindelse ukendt,
hegnspæl nej, tilbageløb ikke undersøgt, no spor, no area). The import never deletes: items not in
the file stay as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction

from frisat.cells import neutralise
from frisat.core.errors import FrisatError, Problem
from frisat.web.audits import selectors
from frisat.web.audits.models import SPOR_CHOICES, Requirement
from frisat.web.audits.services import next_requirement_code, requirement_values
from frisat.web.organisations.models import Municipality
from frisat.web.organisations.tabular import Table, fail, normalise_column

# (header, field name or None for read-only columns, width in Excel, explanation for the Kodebog sheet)
COLUMNS: list[tuple[str, str | None, int, str]] = [
    ("Id", "code", 10, "Fast id. Kendt id: rækken opdaterer kravet. Tomt: et nyt krav får næste ledige id (R-nnnn)."),
    ("Titel", "title", 40, "Kravets navn (skal udfyldes)."),
    ("Type", "kind", 18, "Tilladte værdier: " + ", ".join(str(v) for _, v in Requirement.Kind.choices) + "."),
    ("Oprindelse", "source_type", 28,
     "Hvor kravet kommer fra: " + ", ".join(str(v) for _, v in Requirement.SourceType.choices) + "."),
    ("Hjemmel/reference", "reference", 28, "Lov og paragraf, bekendtgørelse, beslutning o.l., fx «serviceloven § 50»."),
    ("Hegnspæl", "hegnspael", 10, "ja: kravet skal blive, fordi loven kræver det. nej: kan fjernes eller ændres."),
    ("Tilbageløb", "tilbageloeb_status", 18,
     "Bruger nogen det, kravet producerer? " + ", ".join(str(v) for _, v in Requirement.Use.choices) + "."),
    ("Hvem bruger det", "tilbageloeb", 30, "Hvem bruger det, kravet producerer, og til hvad."),
    ("Spor", "spor", 18, "Barometrets spor, kravet vedrører, adskilt med komma: "
     + ", ".join(f"{key} ({label})" for key, label in SPOR_CHOICES) + "."),
    ("Område", "area", 18, "Et område i kommunen; tomt: hele kommunen."),
    ("Ansvarlig", "owner", 18, "Hvem der ejer kravet."),
    ("Beskrivelse", "description", 40, "Fri tekst."),
    ("Status", None, 16, "Kun til orientering: beslutningen i kraft (fjernes, forandres, forankres) "
     "eller «ingen beslutning endnu». Ignoreres ved import."),
    ("Aktiviteter", None, 11, "Kun til orientering: antal aktiviteter i eftersyn, der bygger på kravet."),
    ("Processer", None, 30, "Kun til orientering: processerne med de aktiviteter."),
    ("Timer pr. år før", None, 14, "Kun til orientering: timer pr. år for aktiviteterne bag kravet (Standard "
     "Cost Model: minutter pr. gang ÷ 60 × antal gange pr. år × antal personer). En aktivitet med flere krav "
     "tæller med under hvert krav."),
    ("Timer pr. år efter", None, 14, "Kun til orientering: timer pr. år efter aktiviteternes beslutninger."),
    ("Timer frigjort", None, 14, "Kun til orientering: før minus efter."),
]
HEADERS = [header for header, *_ in COLUMNS]
FIELD_BY_KEY = {normalise_column(header): name for header, name, *_ in COLUMNS if name}
READ_ONLY_KEYS = {normalise_column(header) for header, name, *_ in COLUMNS if not name}
SHEET = "Register"
CODEBOOK_SHEET = "Kodebog"
COUNTS_SHEET = "Optælling"
_STATUS_LABELS = dict(selectors.STATUS_CHOICES)
_TRUE = {"ja", "j", "x", "1", "sand", "true", "yes"}
_FALSE = {"", "nej", "n", "0", "falsk", "false", "no"}


# --- export ---------------------------------------------------------------------------------------


def register_rows(municipality: Municipality) -> list[dict[str, Any]]:
    """The kommune's register as rows keyed by :data:`HEADERS` (numbers as numbers, hours rounded to 0.1)."""
    items = list(selectors.register(municipality).prefetch_related("activities__process"))
    hours = selectors.requirement_burden(items)
    kinds, origins, uses = (dict(c.choices) for c in (Requirement.Kind, Requirement.SourceType, Requirement.Use))
    rows = []
    for item in items:
        figures = hours.get(item.pk)
        processes = sorted({a.process.name for a in item.activities.all()})
        rows.append({
            "Id": item.code, "Titel": item.title, "Type": str(kinds[item.kind]),
            "Oprindelse": str(origins[item.source_type]), "Hjemmel/reference": item.reference,
            "Hegnspæl": "ja" if item.hegnspael else "nej", "Tilbageløb": str(uses[item.tilbageloeb_status]),
            "Hvem bruger det": item.tilbageloeb, "Spor": ", ".join(item.spor),
            "Område": item.area.name if item.area else "", "Ansvarlig": item.owner,
            "Beskrivelse": item.description, "Status": str(_STATUS_LABELS[item.status]),
            "Aktiviteter": item.n_activities, "Processer": ", ".join(processes),
            "Timer pr. år før": round(figures.hours_before, 1) if figures else None,
            "Timer pr. år efter": round(figures.hours_after, 1) if figures else None,
            "Timer frigjort": round(figures.hours_freed, 1) if figures else None,
        })
    return rows


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return neutralise(str(value))


def register_csv(rows: list[dict[str, Any]]) -> bytes:
    """CSV for Danish Excel: UTF-8 with BOM, ``;`` between fields, decimal comma, CRLF line ends.
    A text starting with = + - @ gets a leading ' so it is never read as a formula (:mod:`frisat.cells`;
    the import removes it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_value(row[header]) for header in HEADERS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_register_xlsx(rows: list[dict[str, Any]], target: BinaryIO | Path | str,
                        counts: list[selectors.RegisterCount] | None = None) -> None:
    """An Excel workbook: sheet «Register» (bold frozen header, filters, column widths), «Kodebog»
    (each column explained) and, with ``counts``, «Optælling» (before/after per type)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([neutralise(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v for v in
                      (row[header] for header in HEADERS)])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("'"):
                cell.data_type = "s"  # text, never a formula
    for index, (_header, _name, width, _text) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = bold
    for cells in sheet.iter_rows(min_row=2, min_col=HEADERS.index("Timer pr. år før") + 1):
        for cell in cells:
            cell.number_format = "0.0"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(len(rows) + 1, 1)}"

    book = workbook.create_sheet(CODEBOOK_SHEET)
    book.append(["Kolonne", "Forklaring", "Indlæses"])
    for header, name, _width, text in COLUMNS:
        book.append([header, text, "ja" if name else "nej (kun eksport)"])
    book.append([])
    book.append(["Import", "Alt-eller-intet: filen kontrolleres først, og ved én fejl indlæses intet. Rækker med "
                 "kendt id opdaterer kravet; nye id'er og tomme id'er opretter krav. Krav, der ikke er med i "
                 "filen, slettes ikke. En tom celle betyder standardværdien.", ""])
    for index, width in enumerate((20, 100, 18), start=1):
        book.column_dimensions[get_column_letter(index)].width = width
        book.cell(row=1, column=index).font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in book.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = wrap
    book.freeze_panes = "A2"

    if counts is not None:
        summary = workbook.create_sheet(COUNTS_SHEET)
        summary.append(["Type", "Før", "Efter", "Fjernes", "Forandres", "Forankres", "Ingen beslutning"])
        for count in counts:
            summary.append([count.label, count.before, count.after, count.removed, count.changed, count.anchored,
                            count.undecided])
        for index, width in enumerate((22, 8, 8, 10, 11, 11, 17), start=1):
            summary.column_dimensions[get_column_letter(index)].width = width
            summary.cell(row=1, column=index).font = bold
        summary.freeze_panes = "A2"
    workbook.save(target)


def export_register(municipality: Municipality, path: Path) -> int:
    """Write the register to ``path`` (.xlsx or .csv); returns the number of items."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise FrisatError("Registret kan eksporteres som .xlsx eller .csv.")
    rows = register_rows(municipality)
    if suffix == ".csv":
        path.write_bytes(register_csv(rows))
    else:
        write_register_xlsx(rows, path, counts=selectors.register_counts(municipality, by="kind"))
    return len(rows)


# --- import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterImportSummary:
    created: int
    updated: int
    unchanged: int
    not_in_file: int
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "ville blive" if self.dry_run else "er"
        text = (f"{self.created} nye krav {verb} oprettet, {self.updated} {verb} opdateret, "
                f"{self.unchanged} var uændrede.")
        if self.not_in_file:
            text += f" {self.not_in_file} krav i registret var ikke med i filen og er ikke ændret."
        return text


def _parse_row(municipality: Municipality, row: Mapping[str, str], areas: Mapping[str, Any]
               ) -> tuple[dict[str, Any], dict[str, str]]:
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, name in FIELD_BY_KEY.items():
        if key not in row:
            continue
        value = row[key]  # a leading ' before a formula character is gone already (tabular.read_table)
        if name == "hegnspael":
            flag = value.strip().casefold()
            if flag in _TRUE:
                raw[name] = True
            elif flag in _FALSE:
                raw[name] = False
            else:
                errors[key] = f"Hegnspæl skal være ja eller nej, ikke «{value}»."
        elif name == "area":
            if not value:
                raw[name] = None
            elif value.casefold() in areas:
                raw[name] = areas[value.casefold()]
            else:
                known = ", ".join(o.name for o in areas.values()) or "ingen"
                errors[key] = f"Området «{value}» findes ikke i {municipality.name} (kendte områder: {known})."
        elif name == "kind":
            raw[name] = value or Requirement.Kind.RULE
        elif name == "source_type":
            raw[name] = value or Requirement.SourceType.UNKNOWN
        elif name == "tilbageloeb_status":
            raw[name] = value or Requirement.Use.UNKNOWN
        else:
            raw[name] = value
    clean, field_errors = requirement_values(municipality, raw)
    header_of = {name: key for key, name in FIELD_BY_KEY.items()}
    errors.update({header_of[name]: message for name, message in field_errors.items()})
    return clean, errors


def import_register(municipality: Municipality, table: Table, *, dry_run: bool = False) -> RegisterImportSummary:
    """Upsert the register items in ``table`` by id. All-or-nothing: every row is checked first
    (every problem listed with row and column); with one problem nothing is stored. Nothing is deleted."""
    table.require_columns({"titel"}, set(FIELD_BY_KEY) | READ_ONLY_KEYS)
    if not len(table):
        raise fail(table.source, [Problem("Filen indeholder ingen krav.")])
    requirements = Requirement.objects.filter(municipality=municipality).select_related("area")
    existing = {r.code.casefold(): r for r in requirements}
    areas = {o.name.casefold(): o for o in municipality.areas.all()}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    planned: list[tuple[Requirement | None, dict[str, Any]]] = []
    for number, row in table:
        values, errors = _parse_row(municipality, row, areas)
        problems += [Problem(message, row=number, column=column) for column, message in errors.items()]
        code = values.get("code") or ""
        if code:
            if code.casefold() in seen:
                problems.append(Problem(f"Id'et «{code}» står også i række {seen[code.casefold()]}.",
                                        row=number, column="id"))
            seen.setdefault(code.casefold(), number)
        if not errors:
            planned.append((existing.get(code.casefold()) if code else None, values))
    if problems:
        raise fail(table.source, problems)
    created = updated = unchanged = 0
    to_save: list[tuple[Requirement | None, dict[str, Any]]] = []
    for item, values in planned:
        if item is None:
            created += 1
            to_save.append((None, values))
        elif any(getattr(item, name) != value for name, value in values.items() if name != "code"):
            updated += 1
            to_save.append((item, values))
        else:
            unchanged += 1
    touched = {item.pk for item, _ in planned if item is not None}
    summary = RegisterImportSummary(created, updated, unchanged, len(existing) - len(touched), dry_run)
    if dry_run:
        return summary
    try:
        with transaction.atomic():
            Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
            taken = [values["code"] for item, values in to_save if item is None and values.get("code")]
            for item, values in to_save:
                if item is None:
                    if not values.get("code"):
                        values["code"] = next_requirement_code(municipality, taken)
                        taken.append(values["code"])
                    Requirement.objects.create(municipality=municipality, **values)
                else:
                    fields = [name for name in values if name != "code"]
                    for name in fields:
                        setattr(item, name, values[name])
                    item.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as exc:
        raise FrisatError("Registret blev ændret samtidig af en anden. Intet er indlæst; prøv igen.") from exc
    return summary

