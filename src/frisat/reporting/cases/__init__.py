"""Outputs of `frisat cases analyze`: tables, figures, the report (HTML/PDF) and the workbook."""
