"""Danish names, column descriptions and value labels of the extended tables (issue 4).

One description per column serves the XLSX headers, the codebook sheet and (by hand) the table in
``docs/analysis.md``. A column the core adds later without a description here still gets written,
with its own name as header.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from frisat.core.analysis import AnalysisResult
from frisat.reporting import codes, labels
from frisat.reporting.codes import QUADRANT_LABELS
from frisat.reporting.labels import ColumnInfo, confidence_text
from frisat.reporting.language import tr

SHEET_TITLES: dict[str, str] = {
    "derived_importance": "Afledt vigtighed",
    "relative_importance": "Relativ vigtighed",
    "points": "Pointfordeling",
    "group_differences": "Gruppeforskelle",
    "changes": "Ændringer",
    "trend": "Udvikling",
    "followup": "Opfølgning",
}
"""Sheet title in resultater.xlsx of each extended table (the CSV file is ``{name}.csv``)."""

DIMENSION_LABELS = {"impl": "Implementering", "vigt": "Vigtighed"}
LEVEL_LABELS = {"spor": "Spor", "indikator": "Indikator"}
AGREEMENT_LABELS = {
    "enige": "Enige",
    "underkendt": "Underkendt (siges vigtigst, hænger svagt sammen)",
    "overset": "Overset (siges mindst vigtig, hænger stærkest sammen)",
}
"""Danish reading of the agreement values of the written files (:data:`frisat.reporting.codes.AGREEMENT_VALUES`)."""
REASON_LABELS = {codes.REASON_VALUES[code]: label for code, label in codes.REASON_LABELS.items()}
"""Danish reading of the follow-up reasons as the files write them (prioritet, afvigelse …; the core's
codes are in :data:`frisat.reporting.codes.REASON_LABELS`)."""


# The codes of the core's tables in words, in the current language (the report's and the results
# page's view models, :mod:`frisat.reporting.views`), from :mod:`frisat.reporting.codes`.


def reason_label(reason: str) -> str:
    """A follow-up reason (the core's code) in words, as the results page's table shows it."""
    return codes.reason_label(reason)


def agreement_label(value: object) -> str:
    """Stated and derived importance agree, or which way they disagree (short; the core's code)."""
    if labels.is_missing(value):
        return ""
    return {"agree": tr("enige"), "underrated": tr("underkendt"), "overlooked": tr("overset")}.get(str(value),
                                                                                               str(value))


def dimension_label(dim: object) -> str:
    return {"impl": tr("Implementering"), "vigt": tr("Vigtighed")}.get(str(dim), str(dim))


def design_label(design: str) -> str:
    """A design of the answers (``Design`` value) in words."""
    return codes.design_label(design)

Kind = str  # "text" | "number" | "integer" | "bool"


@dataclass(frozen=True)
class Column:
    """One column of an extended table: its description, cell kind and value labels for Excel."""

    info: ColumnInfo
    kind: Kind
    mapping: dict[str, str] | None = None


def _kind(series: pd.Series) -> Kind:
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "integer"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "number"
    return "text"


def _descriptions(result: AnalysisResult, unit_column: str) -> dict[str, tuple[str, str, str, Kind]]:
    """Column name → (header, meaning, values, kind) for every known extended column."""
    config = result.config
    k = config.min_n
    level = confidence_text(config.confidence)
    ci = f"{level}-konfidensinterval"
    spor = labels.spor_values(result.instrument)
    dims = "impl = implementering; vigt = vigtighed"
    hidden = f"Sand når en gruppe i rækken har færre end {k} besvarelser; så vises ingen værdier"
    return {
        "level": ("Niveau", "Om rækken gælder et spor eller en indikator", "spor; indikator", "text"),
        "spor": ("Spor", "Sporet (kerneelementet)", spor, "text"),
        "indicator": ("Indikator", "Indikatoren i sporet (a–c; d er den samlede vurdering)", "a, b, c, d", "text"),
        "dimension": ("Dimension", "Implementering eller vigtighed", dims, "text"),
        "n": ("Antal (N)", "Respondenter i gruppen med mindst ét indeks i sporet (som i summary)", "antal",
              "integer"),
        "suppressed": ("For få besvarelser", hidden, "true/false", "bool"),
        # derived importance
        "stated_n": ("Angivet vigtighed: antal", "Respondenter, der har svaret på indikatorens vigtighed", "antal",
                     "integer"),
        "stated_mean": ("Angivet vigtighed: gennemsnit", "Gennemsnit af svarene på indikatorens vigtighed",
                        "1–10", "number"),
        "stated_rank": ("Angivet vigtighed: rang", "Indikatorens plads i sporet efter angivet vigtighed",
                        "1 = vigtigst af a–c", "integer"),
        "n_complete": ("Komplette besvarelser", "Respondenter, der har svaret på alle fire "
                       "implementeringsindikatorer a–d (grundlaget for korrelation og vægt)", "antal", "integer"),
        "correlation": ("Korrelation med d", "Pearsons korrelation mellem indikatorens implementering og den "
                        "samlede vurdering (d)", "−1 til 1", "number"),
        "beta": ("Afledt vigtighed (β)", "Standardiseret regressionsvægt i regressionen af d på a, b og c "
                 "(Van Ryzin og Immerwahr 2007)", "standardiseret vægt; højere = stærkere sammenhæng", "number"),
        "r_squared": ("Forklaret varians (R²)", "Andel af variationen i d, som a, b og c tilsammen forklarer",
                      "0–1", "number"),
        "derived_rank": ("Afledt vigtighed: rang", "Indikatorens plads i sporet efter β", "1 = stærkest af a–c",
                         "integer"),
        "agreement": ("Enighed", "Om angivet og afledt vigtighed peger samme vej (regel i docs/analysis.md)",
                      "enige; underkendt; overset", "text"),
        # relative importance
        "raw_mean": ("Vigtighed: gennemsnit", "Gennemsnit af de rå vigtighedssvar", "1–10", "number"),
        "centred_mean": ("Relativ vigtighed", "Gennemsnit af svaret minus respondentens eget gennemsnit over alle "
                         "vigtighedsspørgsmål", "point over (+) eller under (−) egen middelværdi", "number"),
        "centred_ci_low": ("Relativ vigtighed: KI, nedre", f"Nedre grænse af {ci} (t)", "point", "number"),
        "centred_ci_high": ("Relativ vigtighed: KI, øvre", f"Øvre grænse af {ci} (t)", "point", "number"),
        "rank": ("Rang", "Plads efter relativ vigtighed (hhv. point) i gruppen", "1 = vigtigst", "integer"),
        # points
        "mean_points": ("Point: gennemsnit", "Gennemsnitligt antal point til sporet (fordeling af 100 point)",
                        "0–100", "number"),
        "ci_low": ("KI, nedre", f"Nedre grænse af {ci}", "som værdien", "number"),
        "ci_high": ("KI, øvre", f"Øvre grænse af {ci}", "som værdien", "number"),
        # group differences
        "group": ("Gruppe", "Respondentgruppen, der sammenlignes", "tekst", "text"),
        "reference": ("Referencegruppe", "Gruppen, der sammenlignes med", "tekst", "text"),
        "n_group": ("Gruppe: antal", "Respondenter i gruppen med indekset", "antal", "integer"),
        "mean_group": ("Gruppe: gennemsnit", "Gruppens gennemsnitlige indeks", "1–10", "number"),
        "n_reference": ("Reference: antal", "Respondenter i referencegruppen med indekset", "antal", "integer"),
        "mean_reference": ("Reference: gennemsnit", "Referencegruppens gennemsnitlige indeks", "1–10", "number"),
        "difference": ("Forskel", "Gruppens gennemsnit minus referencegruppens", "indekspoint", "number"),
        "p_value": ("p-værdi", "Welchs t-test af ingen forskel (ikke justeret for mange sammenligninger)", "0–1",
                    "number"),
        "significant": ("Tydelig forskel", f"Sand når {ci} ikke indeholder 0", "true/false", "bool"),
        "df": ("Frihedsgrader", "Welch–Satterthwaites frihedsgrader", "tal", "number"),
        # waves
        "wave_from": ("Fra måling", "Den tidligere måling", "tekst", "text"),
        "wave_to": ("Til måling", "Den senere måling", "tekst", "text"),
        "n_from": ("Fra: antal", "Respondenter med indekset i den tidligere måling", "antal", "integer"),
        "mean_from": ("Fra: gennemsnit", "Gennemsnitligt indeks i den tidligere måling", "1–10", "number"),
        "n_to": ("Til: antal", "Respondenter med indekset i den senere måling", "antal", "integer"),
        "mean_to": ("Til: gennemsnit", "Gennemsnitligt indeks i den senere måling", "1–10", "number"),
        "change": ("Ændring", "Til-gennemsnit minus fra-gennemsnit (alle respondenter, uparret)", "indekspoint",
                   "number"),
        "paired_units": ("Parrede enheder", f"Enheder ({unit_column}) med mindst {k} besvarelser i begge målinger",
                         "antal", "integer"),
        "paired_change": ("Parret ændring", "Gennemsnit over de parrede enheder af enhedens ændring",
                          "indekspoint", "number"),
        "paired_ci_low": ("Parret: KI, nedre", f"Nedre grænse af {ci} for den parrede ændring (t over enheder)",
                          "indekspoint", "number"),
        "paired_ci_high": ("Parret: KI, øvre", f"Øvre grænse af {ci} for den parrede ændring", "indekspoint",
                           "number"),
        "paired_significant": ("Parret: tydelig ændring", f"Sand når det parrede {ci} ikke indeholder 0",
                               "true/false", "bool"),
        "wave": ("Måling", "Målingen", "tekst", "text"),
        "wave_order": ("Målingens nummer", "Målingens plads i rækkefølgen", "1 = første", "integer"),
        "mean": ("Gennemsnit", "Gennemsnitligt indeks i målingen", "1–10", "number"),
        # follow-up
        "reason": ("Begrundelse", "Hvorfor enheden skiller sig ud",
                   "; ".join(f"{k} = {v}" for k, v in REASON_LABELS.items()), "text"),
        "value": ("Værdi", "Tallet bag begrundelsen (gab, afstand eller ændring)", "indekspoint", "number"),
        "detail": ("Forklaring", "Begrundelsen i en sætning", "tekst", "text"),
    }


MAPPINGS: dict[str, dict[str, str]] = {
    "dimension": DIMENSION_LABELS,
    "level": LEVEL_LABELS,
    "agreement": AGREEMENT_LABELS,
    "reason": REASON_LABELS,
    "quadrant_absolute": QUADRANT_LABELS,
}


def table_columns(name: str, table: pd.DataFrame, result: AnalysisResult, unit_column: str = "enhed") -> list[Column]:
    """The columns of one extended table with Danish headers, meanings, kinds and value labels."""
    known = _descriptions(result, unit_column)
    spor_names = labels.spor_labels(result.instrument)
    out = []
    for column in table.columns:
        if column in known:
            header, meaning, values, kind = known[column]
        elif column in labels.BACKGROUND_LABELS or column in (*result.by, unit_column, "omraade"):
            header, meaning, values, kind = (labels.column_label(column), f"Grupperingsvariabel: {column}", "tekst",
                                             "text")
        else:
            header, meaning, values, kind = column, "", "", _kind(table[column])
        if name == "trend" and column == "n":
            meaning = "Respondenter med indekset i målingen"
        mapping = spor_names if column == "spor" else MAPPINGS.get(column)
        out.append(Column(ColumnInfo(column, header, meaning, values), kind, mapping))
    return out
