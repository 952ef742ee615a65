"""The item tables as files: items.csv, item_changes.csv and their sheets in resultater.xlsx.

The tables are :attr:`~frisat.core.results.ResultBundle.items` / ``.item_changes`` as the core made
them; here the answers without a label of their own (top box, answered, «ved ikke», blank) get their
words, and the sheets show each item by its question number and text (never only its column id).
The CSV files follow ``frisat analyze``'s other CSV files (:func:`frisat.reporting.tables.write_csv`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from frisat.core.instrument import ColumnSpec, Instrument
from frisat.core.items import ANSWERED, BLANK, DONT_KNOW_ANSWER, TOP_BOX
from frisat.reporting import labels
from frisat.reporting.excel import XColumn, XSheet, column, mapped
from frisat.reporting.labels import ColumnInfo
from frisat.reporting.language import tr
from frisat.reporting.tables import write_csv

ITEMS_FILE = "items.csv"
CHANGES_FILE = "item_changes.csv"
ITEM_CSV_COLUMNS = ("maaling", "item", "answer", "answer_label", "n", "count", "share", "share_ci_low",
                    "share_ci_high", "mean", "median", "suppressed")
CHANGE_CSV_COLUMNS = ("item", "answer", "from_wave", "to_wave", "diff", "diff_ci_low", "diff_ci_high", "suppressed")
TOP_BOX_WORD = "Topboks"
ANSWERED_WORD = "Besvaret"
DONT_KNOW_WORD = "Ved ikke"
BLANK_WORD = "Ikke besvaret"
NO_WAVE = "(ingen måling)"


def answer_word(answer: str) -> str:
    """The words of an answer code without a label of its own, in the current language."""
    if answer == TOP_BOX:
        return tr(TOP_BOX_WORD)
    if answer == ANSWERED:
        return tr(ANSWERED_WORD)
    if answer == DONT_KNOW_ANSWER:
        return tr(DONT_KNOW_WORD)
    if answer == BLANK:
        return tr(BLANK_WORD)
    return answer


def group_columns(table: pd.DataFrame) -> list[str]:
    """The grouping columns of an item table (those before the wave column / the item column)."""
    columns = list(table.columns)
    end = columns.index("maaling") if "maaling" in columns else columns.index("item")
    return columns[:end]


def item_number(spec: ColumnSpec) -> str:
    """The item's number as the questionnaire shows it: «3a» for letter items, «3» for named ones."""
    if spec.item and len(spec.item) > 1 and spec.question.endswith(spec.item):
        return spec.question[: -len(spec.item)]
    return spec.question


def item_labels(instrument: Instrument) -> dict[str, str]:
    """Column id → «number text» of every item (e.g. ``tid_dokumentation`` → «1 Hvor meget tid …»)."""
    out = {}
    for spec in instrument.columns():
        text = " ".join(spec.text.split())
        out[spec.name] = f"{item_number(spec)} {text}".strip()
    return out


def items_csv_table(items: pd.DataFrame) -> pd.DataFrame:
    """items.csv: the grouping columns, then :data:`ITEM_CSV_COLUMNS`; counts as integers."""
    by = group_columns(items)
    out = items[[*by, *ITEM_CSV_COLUMNS]].copy()
    labels_ = out["answer_label"].astype("string").fillna("")
    words = out["answer"].map(answer_word)
    out["answer_label"] = labels_.where(labels_ != "", words)
    for name in ("n", "count"):
        out[name] = out[name].astype("Int64")
    out["suppressed"] = out["suppressed"].astype(bool)
    return out


def changes_csv_table(changes: pd.DataFrame) -> pd.DataFrame:
    """item_changes.csv: the grouping columns, then :data:`CHANGE_CSV_COLUMNS`."""
    by = group_columns(changes)
    out = changes[[*by, *CHANGE_CSV_COLUMNS]].copy()
    out["suppressed"] = out["suppressed"].astype(bool)
    return out


def write_item_files(items: pd.DataFrame | None, changes: pd.DataFrame | None, out_dir: Path) -> list[Path]:
    """items.csv and item_changes.csv (a stale file of a table that does not apply is removed)."""
    written = []
    for name, table, build in ((ITEMS_FILE, items, items_csv_table), (CHANGES_FILE, changes, changes_csv_table)):
        target = Path(out_dir) / name
        if table is None:
            target.unlink(missing_ok=True)
        else:
            written.append(write_csv(build(table), target))
    return written


# -- the sheets ----------------------------------------------------------------------------------------


def _text(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("string").to_numpy(dtype=object, na_value=None), pa.large_string())


def _remark(suppressed: np.ndarray, min_n: int) -> XColumn:
    text = np.where(suppressed, labels.suppressed_text(min_n), None)
    info = ColumnInfo("bemaerkning", "Bemærkning", "Om cellen er for lille til at blive vist",
                      f"«{labels.suppressed_text(min_n)}» / tom")
    return column(info, "text", pa.array(text, pa.large_string()), width=40)


def _group_cols(table: pd.DataFrame, by: Sequence[str]) -> list[XColumn]:
    return [column(ColumnInfo(c, labels.column_label(c), f"Grupperingsvariabel: {c}", "tekst"), "text",
                   _text(table[c])) for c in by]


def item_sheets(items: pd.DataFrame | None, changes: pd.DataFrame | None, instrument: Instrument,
                min_n: int) -> list[XSheet]:
    """The sheets «Spørgsmål» (items.csv) and «Spørgsmål – ændring» (item_changes.csv)."""
    sheets = []
    names = item_labels(instrument)
    if items is not None:
        table = items_csv_table(items)
        by = group_columns(table)
        cols = _group_cols(table, by)
        cols += [
            column(ColumnInfo("maaling", labels.column_label("maaling"), "Målingen (bølgen)", "tekst"), "text",
                   _text(table["maaling"].replace("", NO_WAVE))),
            column(ColumnInfo("item", "Spørgsmål", "Spørgsmålets nummer og tekst (kolonnen i data: item)",
                              "tekst"), "text", mapped(_text(table["item"]), names), width=60),
            column(ColumnInfo("answer_label", "Svar", "Svarmuligheden; Topboks = de øverste svar samlet, "
                              "Besvaret/Ved ikke/Ikke besvaret af cellens respondenter", "tekst"), "text",
                   _text(table["answer_label"]), width=30),
            column(ColumnInfo("n", "N", "Nævneren: de indholdsmæssige svar (svarmuligheder, topboks) eller "
                              "cellens respondenter (Besvaret, Ved ikke, Ikke besvaret)", "antal"), "integer",
                   table["n"]),
            column(ColumnInfo("count", "Antal", "Antal med dette svar", "antal"), "integer", table["count"]),
            column(ColumnInfo("share", "Andel", "Antal ÷ N", "0–1"), "number", table["share"].astype(float)),
            column(ColumnInfo("share_ci_low", "Andel, nedre grænse", "95 %-konfidensinterval (Wilson)", "0–1"),
                   "number", table["share_ci_low"].astype(float)),
            column(ColumnInfo("share_ci_high", "Andel, øvre grænse", "95 %-konfidensinterval (Wilson)", "0–1"),
                   "number", table["share_ci_high"].astype(float)),
            column(ColumnInfo("mean", "Gennemsnit", "Gennemsnit af de indholdsmæssige svar (talspørgsmål)", "tal"),
                   "number", table["mean"].astype(float)),
            column(ColumnInfo("median", "Median", "Median af de indholdsmæssige svar (talspørgsmål)", "tal"),
                   "number", table["median"].astype(float)),
            _remark(table["suppressed"].to_numpy(dtype=bool), min_n),
        ]
        sheets.append(XSheet("Spørgsmål", cols))
    if changes is not None:
        table = changes_csv_table(changes)
        by = group_columns(table)
        answer_names = _answer_names(items, instrument) if items is not None else {}
        keys = table["item"].astype(str) + "\x1f" + table["answer"].astype(str)
        cols = _group_cols(table, by)
        cols += [
            column(ColumnInfo("item", "Spørgsmål", "Spørgsmålets nummer og tekst", "tekst"), "text",
                   mapped(_text(table["item"]), names), width=60),
            column(ColumnInfo("answer", "Svar", "Svarmuligheden (Topboks = de øverste svar samlet)", "tekst"),
                   "text", _text(keys.map(answer_names).fillna(table["answer"])), width=30),
            column(ColumnInfo("from_wave", "Fra måling", "Den tidligere måling", "tekst"), "text",
                   _text(table["from_wave"])),
            column(ColumnInfo("to_wave", "Til måling", "Den senere måling", "tekst"), "text",
                   _text(table["to_wave"])),
            column(ColumnInfo("diff", "Ændring i andel", "Andel i den senere måling − andel i den tidligere",
                              "−1 til 1"), "number", table["diff"].astype(float)),
            column(ColumnInfo("diff_ci_low", "Ændring, nedre grænse", "95 %-konfidensinterval (Newcombe)",
                              "−1 til 1"), "number", table["diff_ci_low"].astype(float)),
            column(ColumnInfo("diff_ci_high", "Ændring, øvre grænse", "95 %-konfidensinterval (Newcombe)",
                              "−1 til 1"), "number", table["diff_ci_high"].astype(float)),
            _remark(table["suppressed"].to_numpy(dtype=bool), min_n),
        ]
        sheets.append(XSheet("Spørgsmål – ændring", cols))
    return sheets


def _answer_names(items: pd.DataFrame, instrument: Instrument) -> dict[str, str]:
    table = items_csv_table(items)[["item", "answer", "answer_label"]].drop_duplicates(["item", "answer"])
    return {f"{i}\x1f{a}": str(label) for i, a, label in table.itertuples(index=False)}


def codebook_notes(min_n: int) -> list[str]:
    """The codebook's notes on the item sheets."""
    return [
        f"Anonymitetsgrænse: celler (gruppe × måling) med færre end {min_n} besvarelser vises ikke, og et "
        f"spørgsmål med færre end {min_n} indholdsmæssige svar i en celle viser ingen andele.",
        "«Ved ikke» og ubesvaret tælles for sig og indgår ikke i nævneren for svarandelene.",
    ]
