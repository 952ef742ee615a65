"""Case registration schemes: which fields a registration has, the rules between them and the
measures derived from them. Loaded from YAML like the instruments (:mod:`frisat.core.instrument`);
a broken file raises :class:`SchemeError` naming the file, the line and the problem.

A scheme has a case-number field (``case_field``, short text) and a period field (``period_field``,
a choice whose options are the periods in time order). Field types: ``date``, ``integer``,
``decimal``, ``choice``, ``yesno`` and ``text`` (short text, at most ``max_length`` characters).
Rules compare two fields (``left op right``, checked when both are filled in). Measures:

- ``calendar_days`` (from, to): days from ``from`` to ``to`` (to − from);
- ``working_days`` (from, to): Monday–Friday dates after ``from`` up to and including ``to`` that are
  not Danish public holidays (the ``holidays`` package, DK);
- ``sum`` (fields): the sum of integer/decimal fields (e.g. contacts of all types; blank counts as
  missing, so the sum is missing when any part is);
- ``value`` (field): an integer/decimal field as it is.

No field of a scheme may be called like a name or a CPR number (registrations are not personal data).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NoReturn

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frisat.core.errors import FrisatError
from frisat.core.instrument import _describe_type_error, _format_path, _Located

BUILTIN_PACKAGE = "frisat.core.cases.schemes"
DEFAULT_SCHEME = "boernesager-frikommune"
FIELD_ID = r"^[a-z][a-z0-9_]*$"
FieldType = Literal["date", "integer", "decimal", "choice", "yesno", "text"]
MeasureKind = Literal["calendar_days", "working_days", "sum", "value"]
Operator = Literal["<=", "<", ">=", ">", "==", "!="]
FORBIDDEN_FIELD = re.compile(r"(^|_)(cpr|navn|name|personnummer|fornavn|efternavn|adresse)($|_)")
"""Field ids that would make registrations personal data."""


class SchemeError(FrisatError):
    """A scheme file is broken. The message names the file, the place and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    code: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1)


class SchemeField(_Strict):
    id: str = Field(pattern=FIELD_ID, max_length=40)
    label: str = Field(min_length=1)
    type: FieldType
    required: bool = True
    help: str = ""
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    max_length: int = Field(default=60, ge=1, le=200)


class Rule(_Strict):
    left: str
    op: Operator
    right: str
    message: str = ""
    """The Danish sentence shown when the rule is broken (default: built from the labels)."""


class Measure(_Strict):
    id: str = Field(pattern=FIELD_ID, max_length=40)
    label: str = Field(min_length=1)
    kind: MeasureKind
    unit: str = ""
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    fields: tuple[str, ...] = ()
    field: str | None = None


class Scheme(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    source: str = ""
    case_field: str
    period_field: str
    fields: tuple[SchemeField, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()
    measures: tuple[Measure, ...] = ()

    def field_map(self) -> dict[str, SchemeField]:
        return {f.id: f for f in self.fields}

    def get(self, field_id: str) -> SchemeField:
        return self.field_map()[field_id]

    def periods(self) -> list[Option]:
        """The periods in time order (the options of the period field)."""
        return list(self.get(self.period_field).options)

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)


_NUMERIC = ("integer", "decimal")
_COMPARABLE = ("date", "integer", "decimal")


def _cross_check(scheme: Scheme) -> list[tuple[tuple[Any, ...], str]]:
    problems: list[tuple[tuple[Any, ...], str]] = []
    fields = scheme.field_map()
    seen: set[str] = set()
    for i, f in enumerate(scheme.fields):
        at = ("fields", i)
        if f.id in seen:
            problems.append(((*at, "id"), f"feltet «{f.id}» findes to gange"))
        seen.add(f.id)
        if FORBIDDEN_FIELD.search(f.id):
            problems.append(((*at, "id"), f"«{f.id}» ligner et navn eller et CPR-nummer; registreringer må "
                                          "ikke indeholde personoplysninger"))
        if f.type == "choice" and not f.options:
            problems.append(((*at, "options"), "et valgfelt skal have mindst én mulighed (options)"))
        if f.type != "choice" and f.options:
            problems.append(((*at, "options"), "kun valgfelter (type: choice) har muligheder"))
        if len({o.code for o in f.options}) != len(f.options):
            problems.append(((*at, "options"), "to muligheder har samme kode"))
        if (f.min is not None or f.max is not None) and f.type not in _NUMERIC:
            problems.append(((*at, "min"), "min/max gælder kun tal (integer, decimal)"))
        if f.min is not None and f.max is not None and f.min > f.max:
            problems.append(((*at, "min"), "min er større end max"))
    case = fields.get(scheme.case_field)
    if case is None or case.type != "text" or not case.required:
        problems.append((("case_field",), "skal være id'et på et påkrævet tekstfelt (sagsnummeret)"))
    period = fields.get(scheme.period_field)
    if period is None or period.type != "choice" or not period.required:
        problems.append((("period_field",), "skal være id'et på et påkrævet valgfelt (perioderne i tidsorden)"))
    for i, rule in enumerate(scheme.rules):
        for side in ("left", "right"):
            ref = getattr(rule, side)
            if ref not in fields:
                problems.append((("rules", i, side), f"feltet «{ref}» findes ikke"))
            elif fields[ref].type not in _COMPARABLE:
                problems.append((("rules", i, side), f"feltet «{ref}» er hverken en dato eller et tal"))
        if rule.left in fields and rule.right in fields and \
                (fields[rule.left].type == "date") != (fields[rule.right].type == "date"):
            problems.append((("rules", i), "en dato kan kun sammenlignes med en dato"))
    measure_ids: set[str] = set()
    for i, m in enumerate(scheme.measures):
        at = ("measures", i)
        if m.id in measure_ids or m.id in fields:
            problems.append(((*at, "id"), f"«{m.id}» er allerede brugt som felt eller mål"))
        measure_ids.add(m.id)
        if m.kind in ("calendar_days", "working_days"):
            for side, ref in (("from", m.from_), ("to", m.to)):
                if ref is None or fields.get(ref) is None or fields[ref].type != "date":
                    problems.append(((*at, side), f"skal være id'et på et datofelt (fik «{ref}»)"))
        elif m.kind == "sum":
            if not m.fields:
                problems.append(((*at, "fields"), "en sum skal have mindst ét felt"))
            for ref in m.fields:
                if fields.get(ref) is None or fields[ref].type not in _NUMERIC:
                    problems.append(((*at, "fields"), f"«{ref}» er ikke et talfelt"))
        elif fields.get(m.field or "") is None or fields[m.field or ""].type not in _NUMERIC:
            problems.append(((*at, "field"), f"skal være id'et på et talfelt (fik «{m.field}»)"))
    return problems


def _fail(source: str, located: _Located, problems: list[tuple[tuple[Any, ...], str]]) -> NoReturn:
    lines = []
    for path, message in problems:
        line = located.line(path)
        at = f"linje {line}, " if line else ""
        lines.append(f"  • {at}{_format_path(path)}: {message}")
    raise SchemeError(f"Skemafilen {source} kan ikke bruges ({len(problems)} fejl):\n" + "\n".join(lines))


def parse_scheme(text: str, source: str = "<tekst>") -> Scheme:
    """Parse and validate a scheme from YAML text; raise SchemeError naming file, line and problem."""
    located = _Located(text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"linje {mark.line + 1}, kolonne {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SchemeError(f"Skemafilen {source} er ikke gyldig YAML:\n  • {where}{problem}") from exc
    if not isinstance(data, dict):
        _fail(source, located, [((), "filen skal indeholde en gruppe af felter (id, title, fields …)")])
    data = {k: v for k, v in data.items() if not str(k).startswith("_")}
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as exc:
        _fail(source, located, [(tuple(e["loc"]), _describe_type_error(e)) for e in exc.errors()])
    problems = _cross_check(scheme)
    if problems:
        _fail(source, located, problems)
    return scheme


def load_scheme_file(path: str | Path) -> Scheme:
    """Load a scheme from a YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SchemeError(f"Skemafilen {path} findes ikke.") from exc
    except UnicodeDecodeError as exc:
        raise SchemeError(f"Skemafilen {path} er ikke gemt som UTF-8.") from exc
    return parse_scheme(text, str(path))


def builtin_scheme_ids() -> list[str]:
    """Ids of the schemes shipped with Frisat."""
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def _load_builtin(scheme_id: str) -> Scheme:
    resource = resources.files(BUILTIN_PACKAGE) / f"{scheme_id}.yaml"
    return parse_scheme(resource.read_text(encoding="utf-8"), f"{scheme_id}.yaml")


def get_scheme(id_or_path: str | Path = DEFAULT_SCHEME) -> Scheme:
    """A built-in scheme by id, or a scheme file by path."""
    name = str(id_or_path)
    if name in builtin_scheme_ids():
        return _load_builtin(name)
    if name.endswith((".yaml", ".yml")) or Path(name).exists():
        return load_scheme_file(name)
    raise SchemeError(f"Ukendt skema «{name}». Indbyggede skemaer: {', '.join(builtin_scheme_ids())}.")
