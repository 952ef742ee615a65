"""Danish wording of the legal-quality analysis: note codes, labels, the snapshot line, the regression reading."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from frisat.core.legal.schema import ALL_AREAS, LegalNote
from frisat.reporting.language import current, tr

if TYPE_CHECKING:
    from frisat.core.legal.regression import RegressionResult

SEED_003 = ("Bischoff, C. S. og Lund-Sørensen, B. (2025): «Sammenhæng mellem budgetoverholdelse og fejl i "
            "kommunernes sagsbehandling?», Økonomi & Politik #1/2025, temanummer «Ret og rimelighed i kommunal "
            "sagsbehandling», Djøf Forlag")
"""Seed 003, the article the definitions, the shifted year and the few-cases rule come from."""

APPEALS_ONLY_QUOTE = ("Procentandelene dækker nemlig kun over de sager, som borgerne klager over. Da man kan antage, "
                      "at folk ikke klager over positive afgørelser, er det altså kun en indikator på fejl i negative "
                      "afgørelser (f.eks. afslag på støtte).")
"""Seed 003, quoted word for word (the article's account of KL, 2022)."""

DEFINITION_QUOTE = ("Ankestyrelsens omgørelsesprocent er andelen af de kommunale afgørelser på social- og "
                    "beskæftigelsesområdet, som enten bliver hjemsendt til fornyet behandling eller ændret af "
                    "Ankestyrelsen efter klage fra en borger.")
SHIFTED_QUOTE = ("bruger vi det års omgørelsesprocent for 2.-4. kvartal + 1. kvartal i det efterfølgende år")
FEW_CASES_QUOTE = ("Vi ekskluderer kommuner for de år, hvor andelen af omgjorte sager er baseret på 20 eller færre "
                   "sager.")

FUNNEL_POSITIONS = ("under", "inden", "over", "")
"""``funnel_position`` values (core's codes; "" = no decided cases)."""


def funnel_label(position: str) -> str:
    """Where the municipality lies in the funnel plot, as words in the current language."""
    return {"under": tr("under tragten"), "inden": tr("inden for tragten"), "over": tr("over tragten"),
            "": "–"}[position]


def funnel_meaning(position: str) -> str:
    """What a funnel position means, in the current language."""
    return {"under": tr("lavere end landsniveauet, mere end tilfældigheder kan forklare (95 %-grænsen)"),
            "inden": tr("ikke til at skelne fra landsniveauet"),
            "over": tr("højere end landsniveauet, mere end tilfældigheder kan forklare (95 %-grænsen)"),
            "": tr("ingen realitetsbehandlede sager")}[position]


def gloss(quote: str) -> str:
    """A Danish seed quote's English gloss in another language ("" in Danish): the quote itself stays Danish."""
    if current().danish:
        return ""
    return {APPEALS_ONLY_QUOTE: tr(APPEALS_ONLY_QUOTE), DEFINITION_QUOTE: tr(DEFINITION_QUOTE),
            SHIFTED_QUOTE: tr(SHIFTED_QUOTE), FEW_CASES_QUOTE: tr(FEW_CASES_QUOTE)}.get(quote, "")


def glossed(quote: str) -> str:
    """«quote», followed by its English gloss in another language."""
    english = gloss(quote)
    return f"«{quote}»" + (" (" + tr("på engelsk: %(gloss)s") % {"gloss": english} + ")" if english else "")


def area_name(area: str) -> str:
    """The law area as shown ("*" is every law area together)."""
    return tr("Alle lovområder") if area == ALL_AREAS else area


def percent(value: float | None, decimals: int = 1) -> str:
    """A share (0–1) as a percentage in the current language: «30,5 %» in Danish, «30.5%» in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    language = current()
    return f"{value * 100:.{decimals}f}".replace(".", language.decimal) + language.percent


def number(value: float, decimals: int = 2) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.{decimals}f}".replace(".", current().decimal).replace("-", "−")


def note_text(note: LegalNote) -> str:
    """The sentence of one note."""
    p: dict[str, Any] = dict(note.params)
    if note.code == "appeals_only":
        return (tr("Kun påklagede afgørelser tælles med, så en lav omgørelsesprocent er ikke bevis for gode "
                   "afgørelser. Seed 003: %(quote)s") % {"quote": glossed(APPEALS_ONLY_QUOTE)})
    if note.code == "few_cases":
        return tr("Kommune-år med %(limit)s eller færre realitetsbehandlede sager er markeret «få sager» "
                  "(%(count)s for alle lovområder samlet); deres procent svinger meget af tilfældige grunde.") % p
    if note.code == "few_cases_excluded":
        return tr("Kommune-år med %(limit)s eller færre realitetsbehandlede sager er udeladt (%(count)s rækker), "
                  "som i seed 003: %(quote)s") % {**p, "quote": glossed(FEW_CASES_QUOTE)}
    if note.code == "shifted_year":
        return tr("Året er forskudt som i seed 003: 2.–4. kvartal plus 1. kvartal året efter (%(quote)s).") % {
            "quote": glossed(SHIFTED_QUOTE)}
    if note.code == "incomplete_years":
        years = ", ".join(str(y) for y in p["years"])
        return tr("Udeladt, fordi udtrækket ikke har alle fire kvartaler: %(years)s.") % {"years": years}
    if note.code == "no_rows":
        return tr("Udvalget giver ingen rækker.")
    raise ValueError(f"no text for {note.code!r}")


def note_texts(notes: Iterable[LegalNote]) -> list[str]:
    return [note_text(n) for n in notes]


def snapshot_line(meta: dict[str, str]) -> str:
    """The line every output carries: which snapshot (file, SHA-256, import time, source) it used."""
    return (tr("Datagrundlag: %(file)s (SHA-256 %(sha)s…, indlæst %(at)s, kilde: %(source)s, %(rows)s rækker).")
            % {"file": meta.get("file_name", ""), "sha": meta.get("sha256", "")[:16], "at": meta.get("imported_at", ""),
               "source": meta.get("source", ""), "rows": meta.get("rows", "")})


def funnel_sentence(kommune: str, position: str, year: int, area: str) -> str:
    return (tr("%(kommune)s ligger %(label)s i %(year)s (%(area)s): %(meaning)s.")
            % {"kommune": kommune, "label": funnel_label(position), "year": year, "area": area_name(area).lower()
               if area == ALL_AREAS else area, "meaning": funnel_meaning(position)})


def regression_reading(result: RegressionResult, labels: dict[str, str] | None = None) -> list[str]:
    """Plain-language reading of each coefficient (within a municipality over time)."""
    labels = labels or {}
    lines = []
    for row in result.table.itertuples(index=False):
        name = labels.get(row.variabel, row.variabel)
        direction = tr("højere") if row.koefficient > 0 else tr("lavere")
        sure = (tr("Sammenhængen er statistisk sikker (p < 0,05).") if row.p_vaerdi < 0.05
                else tr("Sammenhængen kan skyldes tilfældigheder (p ≥ 0,05)."))
        lines.append(tr("Når «%(name)s» stiger med 1 i en kommune fra et år til et andet, er kommunens "
                        "omgørelsesprocent i gennemsnit %(size)s procentpoint %(direction)s (95 %%-interval "
                        "%(low)s til %(high)s). %(sure)s") % {
            "name": name, "size": number(abs(row.koefficient)), "direction": direction,
            "low": number(row.ci_low), "high": number(row.ci_high), "sure": sure})
    lines.append(tr("Modellen sammenligner hver kommune med sig selv over tid (faste effekter for kommunerne), "
                    "vægtet med antal realitetsbehandlede sager, med standardfejl klynget på kommune. Den viser "
                    "sammenhænge, ikke årsager. n = %(n)s kommune-år i %(k)s kommuner.") % {
        "n": result.n, "k": result.n_kommuner})
    return lines
