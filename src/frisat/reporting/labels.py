"""Danish labels, column descriptions and number formatting shared by every output.

The labels and numbers follow :mod:`frisat.reporting.language` (Danish unless a caller, the web
app's results page, asks for another language for a block of work)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from frisat.core.analysis import AnalysisConfig, AnalysisResult
from frisat.core.instrument import Instrument
from frisat.core.schema import BACKGROUND_LABELS
from frisat.reporting.codes import QUADRANT_LABELS
from frisat.reporting.language import current, source_name, tr

SMALL_N = 10
"""Groups with fewer respondents than this (but at least k) get a caution."""

SMALL_N_CAUTION = "Få besvarelser — fortolk med stor forsigtighed"
UNCERTAIN_TEXT = "Placeringen er usikker: intervallet krydser skillelinjen"
"""Said of every group × spor whose quadrant placement is uncertain (``quadrant_certain`` false)."""
SOURCE_NOTE = "Kilde: Frisat."
NO_QUADRANT = "Uden placering"
PLACEMENT_LABELS = {"respondent": "Respondentens egne svar", "gruppe": "Gruppens placering"}
"""What a comment's quadrant is taken from (``placement_basis`` of frisat.core.followup.shown_comments)."""
ALL = "Alle"
"""The name of the group of everybody (no grouping, or one panel for all)."""

AREA_VALUE_LABELS: dict[str, str] = {
    "dagtilbud": "Dagtilbud",
    "skole": "Skole",
    "folkeskole": "Folkeskole",
    "aeldre": "Ældre",
}
"""Display names of the usual values of ``omraade`` (other values are shown as they are)."""

AREA_ORDER = ("dagtilbud", "skole", "folkeskole", "aeldre")
"""The order of the usual areas in figures (as in VIVE's note); other values follow alphabetically."""

DIMENSION_FALLBACK = {"impl": "Implementering", "vigt": "Vigtighed"}


def suppressed_text(min_n: int) -> str:
    """What a suppressed group shows instead of values."""
    return tr("for få besvarelser (færre end %(k)d)") % {"k": min_n}


def small_n_caution() -> str:
    """:data:`SMALL_N_CAUTION` in the current language."""
    return tr(SMALL_N_CAUTION)


def no_quadrant() -> str:
    """:data:`NO_QUADRANT` in the current language."""
    return tr(NO_QUADRANT)


def value_label(value: object) -> str:
    """Display name of a group value (e.g. ``aeldre`` → ``Ældre``)."""
    text = "" if value is None else str(value)
    named = current().values.get(text)
    if named is not None:
        return named
    if text == ALL:
        return tr(ALL)
    label = AREA_VALUE_LABELS.get(text)
    return tr(label) if label is not None else text


def group_name(values: Sequence[object]) -> str:
    """Display name of a group from its key values; ``Alle`` when there are none."""
    if not values:
        return tr(ALL)
    return " / ".join(value_label(v) for v in values)


def area_sort_key(value: str) -> tuple[int, str]:
    return (AREA_ORDER.index(value) if value in AREA_ORDER else len(AREA_ORDER), value)


def column_label(column: str) -> str:
    """Danish header of a background column."""
    return BACKGROUND_LABELS.get(column, column.capitalize())


def quadrant_label(quadrant: object) -> str:
    """VIVE's name of a quadrant (with a translation beside it in another language)."""
    if quadrant is None or (isinstance(quadrant, float) and math.isnan(quadrant)):
        return ""
    label = QUADRANT_LABELS.get(str(quadrant))
    return source_name(label) if label is not None else str(quadrant)


def dimension_label(instrument: Instrument, dim: str) -> str:
    found = instrument.dimensions.get(dim)
    label = found.label if found else DIMENSION_FALLBACK.get(dim)
    return tr(label) if label is not None else dim


def spor_labels(instrument: Instrument) -> dict[str, str]:
    """Spor id → short Danish title (e.g. ``regler`` → ``Færre regler``; in another language with
    its translation beside it, see :func:`~frisat.reporting.language.source_name`)."""
    return {s.id: source_name(s.label) for s in instrument.spor}


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pd.NA → True / raises for NA
    except TypeError:
        return True


def fmt_num(value: object, decimals: int = 2) -> str:
    """A number in Danish notation (decimal comma); empty when missing."""
    if is_missing(value):
        return ""
    return f"{float(value):.{decimals}f}".replace(".", current().decimal).replace("-", "−")


def fmt_interval(low: object, high: object, decimals: int = 2) -> str:
    """A confidence interval in Danish notation, e.g. ``5,20–6,10``; empty when missing."""
    if is_missing(low) or is_missing(high):
        return ""
    return f"{fmt_num(low, decimals)}–{fmt_num(high, decimals)}"


def confidence_text(confidence: float) -> str:
    """The confidence level as Danish text, e.g. ``95 %`` or ``97,5 %``."""
    language = current()
    return f"{round(confidence * 100, 4):g}".replace(".", language.decimal) + language.percent


def ci_method_text(config: AnalysisConfig) -> str:
    """How the intervals were computed, in plain Danish."""
    if config.ci_method == "bootstrap":
        return tr("percentil-bootstrap med %(samples)s genudtrækninger (frø %(seed)s)") % {
            "samples": fmt_int(config.bootstrap_samples), "seed": config.seed}
    return tr("t-fordelingen (gennemsnit ± t-fraktil · standardafvigelse / √N)")


def crossed_dimensions(record: dict, midpoint: float) -> str:
    """Which interval(s) of a summary record cross the dividing line: ``implementering``,
    ``vigtighed`` or ``både implementering og vigtighed`` (empty when none)."""
    crossed = []
    for dim in ("impl", "vigt"):
        mean, low, high = record.get(f"{dim}_mean"), record.get(f"{dim}_ci_low"), record.get(f"{dim}_ci_high")
        if not any(is_missing(v) for v in (mean, low, high)):
            side = mean >= midpoint
            if (low >= midpoint) != side or (high >= midpoint) != side:
                crossed.append(dim)
    if len(crossed) == 2:
        return tr("både implementering og vigtighed")
    if crossed:
        return tr("implementering") if crossed[0] == "impl" else tr("vigtighed")
    return ""


def uncertain_text(record: dict, midpoint: float) -> str:
    """``Placeringen er usikker: intervallet krydser skillelinjen for …`` for an uncertain record."""
    which = crossed_dimensions(record, midpoint)
    if not which:
        return tr(UNCERTAIN_TEXT)
    return tr("Placeringen er usikker: intervallet krydser skillelinjen for %(which)s") % {"which": which}


def is_uncertain(value: object) -> bool:
    """True only for an explicit ``quadrant_certain`` false (missing is not uncertain)."""
    return not is_missing(value) and not bool(value)


def fmt_int(value: object) -> str:
    """An integer with Danish thousands separators; empty when missing."""
    if is_missing(value):
        return ""
    return f"{int(value):,}".replace(",", current().thousands)


@dataclass(frozen=True)
class ColumnInfo:
    """A column of an output table: its Danish header, meaning and unit/values."""

    name: str
    label: str
    meaning: str
    values: str


def _stat_columns(result: AnalysisResult) -> list[ColumnInfo]:
    out = []
    inst = result.instrument
    for dim in ("impl", "vigt"):
        label = dimension_label(inst, dim)
        scale = inst.scales[inst.dimensions[dim].scale] if dim in inst.dimensions else None
        unit = f"indeks {scale.min}–{scale.max}" if scale and scale.min is not None else "indeks"
        lower = label.lower()
        out += [
            ColumnInfo(f"{dim}_n", f"{label}: antal", f"Antal respondenter med et {lower}sindeks",
                       "antal"),
            ColumnInfo(f"{dim}_mean", f"{label}: gennemsnit", f"Gennemsnit af {lower}sindekset", unit),
            ColumnInfo(f"{dim}_sd", f"{label}: standardafvigelse",
                       f"Standardafvigelse af {lower}sindekset (n − 1 i nævneren)", "indekspoint"),
            ColumnInfo(f"{dim}_median", f"{label}: median", f"Median af {lower}sindekset", unit),
            ColumnInfo(f"{dim}_q1", f"{label}: 1. kvartil", f"Nedre kvartil af {lower}sindekset", unit),
            ColumnInfo(f"{dim}_q3", f"{label}: 3. kvartil", f"Øvre kvartil af {lower}sindekset", unit),
            ColumnInfo(f"{dim}_min", f"{label}: mindste", f"Mindste {lower}sindeks", unit),
            ColumnInfo(f"{dim}_max", f"{label}: største", f"Største {lower}sindeks", unit),
            ColumnInfo(f"{dim}_alpha", f"{label}: Cronbachs alfa",
                       f"Cronbachs alfa for de fire indikatorer ({lower}), komplette besvarelser",
                       "0–1 (højere = mere sammenhængende)"),
        ]
    return out


def _uncertainty_columns(result: AnalysisResult) -> list[ColumnInfo]:
    config = result.config
    level = confidence_text(config.confidence)
    out = []
    for dim in ("impl", "vigt"):
        label = dimension_label(result.instrument, dim)
        lower = label.lower()
        for end, word in (("low", "nedre"), ("high", "øvre")):
            out.append(ColumnInfo(f"{dim}_ci_{end}", f"{label}: {level}-KI, {word}",
                                  f"{word.capitalize()} grænse af {level}-konfidensintervallet for gennemsnittet "
                                  f"af {lower}sindekset; {ci_method_text(config)}. Tom når N < 2",
                                  "indeks"))
    out.append(ColumnInfo("quadrant_certain", "Sikker placering",
                          "Sand når ingen af de to konfidensintervaller krydser sin skillelinje ved "
                          f"{fmt_num(config.midpoint, 1)}, så kvadranten er den samme i alle hjørner af "
                          "intervallernes rektangel; falsk: placeringen er usikker",
                          "true/false; tom når et interval mangler"))
    return out


def quadrant_values() -> str:
    return "; ".join(f"{qid} = {label}" for qid, label in QUADRANT_LABELS.items())


def spor_values(instrument: Instrument) -> str:
    return "; ".join(f"{sid} = {label}" for sid, label in spor_labels(instrument).items())


def group_columns(result: AnalysisResult) -> list[ColumnInfo]:
    return [ColumnInfo(c, column_label(c), f"Grupperingsvariabel: {column_label(c).lower()}", "tekst")
            for c in result.by]


def summary_columns(result: AnalysisResult) -> list[ColumnInfo]:
    """Every column of result.summary, in order, with Danish header and meaning."""
    k = result.config.min_n
    return [
        *group_columns(result),
        ColumnInfo("spor", "Spor", "Sporet (kerneelementet)", spor_values(result.instrument)),
        ColumnInfo("n", "Antal (N)", "Antal respondenter med mindst ét indeks i sporet", "antal"),
        *_stat_columns(result),
        ColumnInfo("gap", "Forskel (vigtighed − implementering)",
                   "Gennemsnitlig vigtighed minus gennemsnitlig implementering", "indekspoint"),
        ColumnInfo("quadrant_absolute", "Kvadrant",
                   f"Kvadrant for gruppens gennemsnit med skillelinjer ved {fmt_num(result.config.midpoint, 1)}",
                   quadrant_values()),
        ColumnInfo("outliers", "Afvigere (antal)",
                   f"Antal respondenter med et indeks mere end {fmt_num(result.config.outlier_iqr, 1)} "
                   "gange kvartilafstanden uden for kvartilerne", "antal"),
        ColumnInfo("suppressed", "For få besvarelser",
                   f"Sand når gruppen har færre end {k} besvarelser; så vises ingen værdier",
                   "true/false"),
        *_uncertainty_columns(result),
    ]


def respondent_columns(result: AnalysisResult) -> list[ColumnInfo]:
    k = result.config.min_n
    inst = result.instrument
    n_items = len(inst.item_columns(inst.spor[0].id, "impl")) if inst.spor else 4
    index_meaning = (f"gennemsnit af indikatorerne, når mindst {result.config.min_answered} af {n_items} "
                     "er besvaret («ved ikke» tæller som ubesvaret)")
    return [
        ColumnInfo("respondent_id", "Respondent-id", "Respondentens id fra datafilen", "tekst"),
        *group_columns(result),
        ColumnInfo("spor", "Spor", "Sporet (kerneelementet)", spor_values(inst)),
        ColumnInfo("impl_index", "Implementeringsindeks", f"Implementering: {index_meaning}",
                   "indeks 1–10; tom = mangler eller for få besvarelser"),
        ColumnInfo("vigt_index", "Vigtighedsindeks", f"Vigtighed: {index_meaning}",
                   "indeks 1–10; tom = mangler eller for få besvarelser"),
        ColumnInfo("quadrant_absolute", "Kvadrant (absolut)",
                   f"Respondentens kvadrant med skillelinjer ved {fmt_num(result.config.midpoint, 1)}",
                   quadrant_values()),
        ColumnInfo("quadrant_relative", "Kvadrant (relativ)",
                   "Respondentens kvadrant med skillelinjer ved gruppens gennemsnit (gennemsnitslinjer)",
                   quadrant_values()),
        ColumnInfo("outlier", "Afviger", "Sand når et af respondentens indeks er en afviger i gruppen",
                   "true/false"),
        ColumnInfo("suppressed", "For få besvarelser",
                   f"Sand når respondentens gruppe har færre end {k} besvarelser; så vises ingen indeks",
                   "true/false"),
    ]
