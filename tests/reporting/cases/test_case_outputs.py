"""The case outputs: sentences for every caution code, formulas neutralised, names instead of ids."""

import openpyxl
import pandas as pd

from frisat.core.cases.periods import CASE_NOTE_CODES, compare_periods
from frisat.core.cases.registrations import derive_measures, validate_registrations
from frisat.core.cases.scheme import get_scheme
from frisat.core.notes import NOTE_CODES, Note
from frisat.demo.cases import generate_cases
from frisat.reporting.cases.outputs import CaseReportInput, write_case_outputs
from frisat.reporting.cases.texts import note_sentence
from frisat.reporting.language import for_code, use

SCHEME = get_scheme("boernesager-frikommune")


def test_every_caution_code_has_a_danish_sentence():
    params = {"measure": "aendringer", "period": "aar1", "group": ["Nord"], "n": 3, "small_n": 20, "min_n": 5,
              "periods": ["foer"]}
    assert set(CASE_NOTE_CODES) <= set(NOTE_CODES)  # one Note type for every module's cautions
    sentences = {code: note_sentence(Note(code, params), SCHEME) for code in CASE_NOTE_CODES}
    assert sentences["small_n"] == ("«Antal ændringer af indsatsen», 1 år inde i forsøget (Nord): kun 3 sager "
                                    "(under 20). Tallene er usikre; læs dem med forsigtighed, og se intervallerne.")
    assert "kun antallet" in sentences["suppressed"]
    assert all(sentences.values())
    with use(for_code("en")):
        english = {code: note_sentence(Note(code, params), SCHEME) for code in CASE_NOTE_CODES}
    assert english["small_n"] == ("“Number of changes to the intervention”, 1 year into the trial (Nord): only 3 "
                                  "cases (fewer than 20). The numbers are uncertain; read them with caution and look "
                                  "at the intervals.")
    assert english["no_values"] == "No case has a value for “Number of changes to the intervention”."


def test_outputs_neutralise_formulas_and_show_names(tmp_path):
    raw = generate_cases().astype(object)
    raw.loc[raw.index % 2 == 0, "kommune"] = "=HYPERLINK(\"http://x\")"
    frame = validate_registrations(raw.where(raw != "", None), SCHEME, "demo.csv")
    comparison = compare_periods(frame, derive_measures(frame, SCHEME), SCHEME, by=["kommune"], n_boot=100)
    write_case_outputs(CaseReportInput(comparison, SCHEME, frame, "demo.csv"), tmp_path, pdf=False)
    periods = pd.read_csv(tmp_path / "periods.csv", dtype=str)
    assert set(periods["kommune"]) == {"'=HYPERLINK(\"http://x\")", "Demo Kommune Nord", "Demo Kommune Syd"}
    assert not any(str(v).startswith("=") for v in periods["kommune"])
    wb = openpyxl.load_workbook(tmp_path / "sager.xlsx")
    sheet = wb["Perioder"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert "Før forsøget" in values and "Dage fra beslutning til iværksat indsats" in values
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;" in html or "=HYPERLINK(&quot;" in html  # escaped, shown as text
    assert html.count("<img ") == len(SCHEME.measures) * 3  # three kommune values
    assert {p.name for p in (tmp_path / "figurer").iterdir()} >= {"aendringer-Demo-Kommune-Nord.png"}
