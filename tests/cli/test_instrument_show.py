"""`frisat instrument show` prints the points question of an instrument that has one."""

from typer.testing import CliRunner

from frisat.cli.main import app

runner = CliRunner()


def _show(instrument: str) -> str:
    result = runner.invoke(app, ["instrument", "show", instrument], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_show_prints_the_allocation_question_and_its_columns():
    text = _show("vive-frisaettelse-point")
    assert "Fordel 100 point" in text
    for column in ("regler_point", "maal_point", "dok_point", "tillid_point", "innov_point"):
        assert f"({column})" in text
    assert "i alt præcis 100 point" in text


def test_show_without_allocation_has_no_points_section():
    text = _show("vive-frisaettelse")
    assert "_point" not in text and "Fordel 100 point" not in text


def test_show_says_that_ved_ikke_is_frisats_addition_to_bilag_1():
    for instrument in ("vive-frisaettelse", "vive-frisaettelse-point"):
        text = " ".join(_show(instrument).split())
        assert "Bemærk: Svarmuligheden «Ved ikke» på de to skalaer er Frisats tilføjelse; den står ikke i " \
               "Bilag 1's spørgeskema." in text, instrument
        assert "Kilde: Ulf Hjelmar og Lars Bo Pedersen, VIVE: notat" in text
