"""frisat.reporting's own text catalogue (``reporting/locale/en/LC_MESSAGES/frisat.po``): every
Danish text reporting writes has an English translation, the compiled ``frisat.mo`` matches the
``.po``, and reporting imports no Django.

To add a text: write it with ``tr("…")`` in frisat.reporting, add its ``msgid``/``msgstr`` to
``frisat.po`` and run ``msgfmt -o frisat.mo frisat.po`` in that folder.
"""

from __future__ import annotations

import ast
import gettext
import re
import subprocess
import sys
from pathlib import Path

from frisat.core.cases.scheme import builtin_scheme_ids, get_scheme
from frisat.core.instrument import builtin_instrument_ids, get_instrument
from frisat.core.schema import BACKGROUND_LABELS
from frisat.reporting import codes, labels
from frisat.reporting.language import DANISH, catalogue, for_code, use
from frisat.reporting.views.sentences import SMALL_THRESHOLD_NOTE

REPORTING = Path(__file__).resolve().parents[2] / "src" / "frisat" / "reporting"
PO = REPORTING / "locale" / "en" / "LC_MESSAGES" / "frisat.po"
MO = PO.with_suffix(".mo")
NAME_ARGUMENTS = {"name", "label", "quadrant.advice", "QUADRANT_ADVICE[quadrant.id]", "panel_label", "group_label",
                  "msgid",
                  "labels.column_label(c)", "labels.column_label(unit_by[-1])", "labels.column_label(column)",
                  "labels.ALL", "group_label.lower() + ('' if group_label.lower().endswith('r') else 'r')"}
"""Arguments of ``tr`` that are not literals: names from core and the instruments (checked below)."""
TEMPLATE_TR = re.compile(r'\btr\("((?:[^"\\]|\\.)*)"\)')
"""``{{ tr("…") }}`` in reporting's Jinja templates (the case and evaluation reports)."""
PLACEHOLDER = re.compile(r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[sdifr]|%%")


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file without plural forms (the header left out)."""
    entries = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        parts: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if match := re.match(r"^(msgid|msgstr)\s+(\".*\")$", line):
                key = match.group(1)
                parts[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                parts[key] += ast.literal_eval(line)
        if parts.get("msgid"):
            entries[parts["msgid"]] = parts.get("msgstr", "")
    return entries


def tr_literals() -> set[str]:
    """Every ``tr("…")`` (and ``known(text, "…")``) of frisat.reporting, module constants resolved;
    fails on any other argument but the names in :data:`NAME_ARGUMENTS`."""
    found = set()
    for path in REPORTING.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {node.targets[0].id: node.value.value for node in tree.body
                     if isinstance(node, ast.Assign) and len(node.targets) == 1
                     and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "known"):
                argument = node.args[0] if node.func.id == "tr" else node.args[1]
                if isinstance(argument, ast.Constant):
                    found.add(argument.value)
                elif isinstance(argument, ast.Name) and argument.id in constants:
                    found.add(constants[argument.id])
                else:
                    assert ast.unparse(argument) in NAME_ARGUMENTS, (path.name, ast.unparse(argument))
    for path in REPORTING.rglob("*.j2"):
        found |= set(TEMPLATE_TR.findall(path.read_text(encoding="utf-8")))
    return found


def names() -> set[str]:
    """The names from core and the instruments that ``tr`` gets as values."""
    found = set(codes.QUADRANT_LABELS.values()) | set(codes.QUADRANT_ADVICE.values())
    found |= set(labels.AREA_VALUE_LABELS.values())
    found |= {t for c, t in codes.NOTE_TEMPLATES.items() if c != "error"} | set(codes.REASON_LABELS.values())
    found |= set(codes.DESIGN_LABELS.values())
    for instrument_id in builtin_instrument_ids():
        instrument = get_instrument(instrument_id)
        found |= {s.label for s in instrument.spor} | {d.label for d in instrument.dimensions.values()}
    found |= {BACKGROUND_LABELS[c] for c in ("kommune", "omraade", "enhed", "gruppe", "maaling")}
    for scheme_id in builtin_scheme_ids():
        scheme = get_scheme(scheme_id)
        found |= {scheme.title} | {p.label for p in scheme.periods()}
        found |= {m.label for m in scheme.measures} | {m.unit for m in scheme.measures if m.unit}
    group = BACKGROUND_LABELS["gruppe"].lower()  # the groups compared side by side
    found.add(group + ("" if group.endswith("r") else "r"))
    return found | {labels.ALL, "(ikke angivet)", "Øvrige (samlet)"}


def test_every_text_reporting_writes_has_an_english_translation():
    entries = read_po(PO)
    wanted = tr_literals() | names()
    assert SMALL_THRESHOLD_NOTE in wanted and "Uden placering" in wanted
    assert "Læs med forsigtighed" in wanted and "Før forsøget" in wanted  # templates and schemes
    assert sorted(m for m in wanted if not entries.get(m, "").strip()) == []
    copies = {"median", "Median", "Status", "Interview"}
    assert sorted(m for m in wanted if entries[m] == m and m not in copies and not re.fullmatch(r"[\W\d]*", m)) == []
    danish = [(m, s) for m, s in entries.items() if re.search(r"[æøåÆØÅ]", s)
              and not any(name in s for name in names() if re.search(r"[æøåÆØÅ]", name))]
    assert danish == []


def test_translations_keep_the_placeholders():
    for msgid, msgstr in read_po(PO).items():
        assert sorted(set(PLACEHOLDER.findall(msgstr))) == sorted(set(PLACEHOLDER.findall(msgid))), msgid


def test_mo_matches_po():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    assert {k: v for k, v in compiled.items() if k != ""} == read_po(PO), "run msgfmt -o frisat.mo frisat.po"


def test_for_code_reads_the_catalogue():
    assert for_code("da") is DANISH and for_code(None) is DANISH and for_code("de") is DANISH
    english = for_code("en-gb", values=("Øvrige (samlet)",))
    assert english.translate == catalogue("en").gettext
    with use(english):
        assert labels.no_quadrant() == "No placement" != "Uden placering"
        assert labels.fmt_int(12345) == "12,345" and labels.fmt_num(2.5) == "2.50"
        assert labels.value_label("(ikke angivet)") != "(ikke angivet)"
        assert labels.value_label("Øvrige (samlet)") == english.values["Øvrige (samlet)"] != "Øvrige (samlet)"
    assert labels.no_quadrant() == "Uden placering"


def test_reporting_imports_no_django():
    code = ("import sys, frisat.reporting.report, frisat.reporting.views.extended, frisat.reporting.views.summary; "
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
