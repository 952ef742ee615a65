"""Small registrations for the case tests (cells as a user would type them)."""

import pandas as pd

HEADER = ["sagsnummer", "periode", "henvendelse_dato", "beslutning_dato", "indsats_dato", "antal_aendringer",
          "kontakter_moede", "kontakter_hjemmebesoeg", "kontakter_telefon", "kontakter_skriftlig"]


def row(case="S-1", period="foer", inquiry="01-02-2020", decision="03-02-2020", start="10-02-2020", changes="1",
        contacts=("1", "0", "2", "1")):
    return [case, period, inquiry, decision, start, changes, *contacts]


def raw(*rows) -> pd.DataFrame:
    return pd.DataFrame([list(r) for r in rows], columns=HEADER, dtype=object)
