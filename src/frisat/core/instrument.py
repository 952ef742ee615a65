"""Survey instruments defined as data (YAML files), validated on load.

The file format is documented in ``docs/instrument-format.md``. An instrument has *scales*,
optional paired *dimensions* (e.g. ``impl``/``vigt``) and *sections*; a section holds questions
of type ``matrix`` (several items on one scale, optionally one dimension), ``single`` (one item)
or ``text`` (a free-text answer). Every answerable item becomes one column of the canonical
data format:

- matrix with a dimension: ``{section}_{dimension}_{item}`` (e.g. ``regler_impl_a``);
- matrix without a dimension: ``{section}_{item}``;
- single and text questions: ``{section}_{id}`` (e.g. ``regler_kommentar``).

A section is an *index section* (a spor) when it has a matrix for each of two paired dimensions
with the same items; its ``overall_item`` is the "alt i alt" item.

An optional top-level ``allocation`` asks the respondent to distribute a fixed number of points
(e.g. 100) over the spor, a forced relative judgement of importance. It adds one integer column
per spor, ``{spor}_point`` (e.g. ``regler_point``), 0–total; a respondent answers none or all of
them, and then they sum to exactly the total.

An instrument file may start from another one with ``extends: <id or path>``: its top-level
fields replace the parent's (e.g. ``vive-frisaettelse-point.yaml`` is ``vive-frisaettelse`` plus
an ``allocation``), so shared texts are written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NoReturn

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frisat.core.errors import InstrumentError

ID_PATTERN = r"^[a-z][a-z0-9]*$"
QUESTION_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
BUILTIN_PACKAGE = "frisat.core.instruments"
DEFAULT_INSTRUMENT = "vive-frisaettelse"
ALLOCATION_SECTION = "point"
"""``ColumnSpec.section`` of the allocation's columns (a reserved section id)."""
POINT_SUFFIX = "point"
"""Allocation columns are named ``{spor}_point``."""
MAX_EXTENDS_DEPTH = 5
MAX_ALLOCATION_TOTAL = 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    code: int
    label: str = Field(min_length=1)


class Scale(_Strict):
    """How an item is answered. ``dont_know`` is the label of the "ved ikke" answer, if offered."""

    type: Literal["numeric", "likert", "yesno", "choice", "text"]
    min: int | None = None
    max: int | None = None
    low_label: str | None = None
    high_label: str | None = None
    options: tuple[Option, ...] | None = None
    dont_know: str | None = None
    top_box: tuple[int, ...] | None = None
    """Codes of a labelled scale counted together as its «top box» (e.g. «i høj grad» + «i meget høj
    grad»); the item tables (:mod:`frisat.core.items`) add their joint share."""
    diverging: bool = False
    """An agreement scale whose options run from one pole to the other: figures draw it diverging."""

    @property
    def codes(self) -> tuple[int, ...]:
        """The valid answer codes (empty for text)."""
        if self.type == "numeric":
            return tuple(range(self.min or 0, (self.max or 0) + 1))
        if self.type == "yesno":
            return (1, 0)
        return tuple(o.code for o in self.options or ())

    @property
    def value_labels(self) -> dict[int, str]:
        """Code → label, as SPSS/Stata value labels and codebooks show them."""
        if self.type == "numeric":
            labels = {}
            if self.low_label:
                labels[self.min] = f"{self.min} = {self.low_label}"
            if self.high_label:
                labels[self.max] = f"{self.max} = {self.high_label}"
            return labels
        if self.type == "yesno":
            return {1: "Ja", 0: "Nej"}
        return {o.code: o.label for o in self.options or ()}

    def describe(self) -> str:
        """A one-line Danish description of the scale."""
        if self.type == "numeric":
            text = f"{self.min}–{self.max}"
            if self.low_label or self.high_label:
                text += f" ({self.min} = {self.low_label or '…'}, {self.max} = {self.high_label or '…'})"
        elif self.type == "yesno":
            text = "Ja/Nej"
        elif self.type == "text":
            return "Fritekst"
        else:
            text = ", ".join(f"{o.code} = {o.label}" for o in self.options or ())
        if self.dont_know:
            text += f"; «{self.dont_know}» mulig"
        return text


class Dimension(_Strict):
    label: str = Field(min_length=1)
    question: str = Field(min_length=1)
    scale: str


class Question(_Strict):
    number: str = Field(min_length=1)
    type: Literal["matrix", "single", "text"]
    text: str = Field(min_length=1)
    intro: str | None = None
    id: str | None = Field(default=None, pattern=QUESTION_ID_PATTERN)
    dimension: str | None = None
    scale: str | None = None
    items: dict[str, str] | None = None


class Section(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    short_title: str | None = None
    intro: str | None = None
    overall_item: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)

    @property
    def label(self) -> str:
        return self.short_title or self.title


class Allocation(_Strict):
    """Distribute ``total`` points over the spor: one ``{spor}_point`` column per spor.

    ``items`` maps spor id → the label shown beside its input (default: the spor's title) and gives
    their order; without it every index section takes part, in questionnaire order.
    """

    total: int = 100
    number: str | None = None
    title: str = Field(default="Fordeling af point", min_length=1)
    intro: str | None = None
    question: str = Field(min_length=1)
    items: dict[str, str] | None = None


class Instrument(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: int = 1
    title: str = Field(min_length=1)
    language: str = "da"
    source: str | None = None
    additions: tuple[str, ...] = ()
    """What Frisat added to the source's questionnaire, one Danish sentence each (shown by
    ``frisat instrument show`` and in the report's method section), so nobody takes it for the source's."""
    extends: str | None = None
    """The instrument this one was built on (informative; the fields are already merged)."""
    intro: str | None = None
    scales: dict[str, Scale]
    dimensions: dict[str, Dimension] = Field(default_factory=dict)
    background: tuple[str, ...] = ("respondent_id",)
    sections: tuple[Section, ...] = Field(min_length=1)
    allocation: Allocation | None = None

    # -- derived views ------------------------------------------------------------------------
    def columns(self) -> list[ColumnSpec]:
        """Every answer column of the canonical format, in questionnaire order."""
        return list(_iter_columns(self))

    def column(self, name: str) -> ColumnSpec:
        return self._column_map()[name]

    def _column_map(self) -> dict[str, ColumnSpec]:
        return {c.name: c for c in self.columns()}

    @property
    def spor(self) -> list[Section]:
        """Index sections: sections with a matrix for each paired dimension."""
        dims = set(self.dimensions)
        return [
            s
            for s in self.sections
            if len(dims) == 2
            and {q.dimension for q in s.questions if q.type == "matrix" and q.dimension} == dims
        ]

    def item_columns(self, spor: str, dimension: str) -> list[str]:
        """Columns of one spor × dimension, in item order (a, b, c, d)."""
        return [
            c.name
            for c in self.columns()
            if c.section == spor and c.dimension == dimension and c.scale.type != "text"
        ]

    def comment_column(self, spor: str) -> str | None:
        """The free-text column of a section (the first one), if it has one."""
        for c in self.columns():
            if c.section == spor and c.scale.type == "text":
                return c.name
        return None

    @property
    def dimension_ids(self) -> list[str]:
        return list(self.dimensions)

    def allocation_spor(self) -> list[str]:
        """The spor ids the allocation's points are distributed over, in page order (empty without one)."""
        if self.allocation is None:
            return []
        if self.allocation.items:
            return list(self.allocation.items)
        return [s.id for s in self.spor]

    def allocation_columns(self) -> list[str]:
        """The ``{spor}_point`` columns, in page order (empty when the instrument has no allocation)."""
        return [point_column(spor) for spor in self.allocation_spor()]


def point_column(spor: str) -> str:
    """The allocation column of a spor, e.g. ``regler_point``."""
    return f"{spor}_{POINT_SUFFIX}"


@dataclass(frozen=True)
class ColumnSpec:
    """One answer column: where it sits in the questionnaire and how it is answered."""

    name: str
    section: str
    question: str
    text: str
    scale: Scale
    dimension: str | None = None
    item: str | None = None
    stem: str | None = None

    @property
    def is_text(self) -> bool:
        return self.scale.type == "text"

    @property
    def is_allocation(self) -> bool:
        """A ``{spor}_point`` column of the allocation question (``item`` is the spor id)."""
        return self.section == ALLOCATION_SECTION


def _iter_columns(inst: Instrument) -> Iterator[ColumnSpec]:
    for section in inst.sections:
        for q in section.questions:
            if q.type == "matrix":
                scale_id = inst.dimensions[q.dimension].scale if q.dimension else q.scale
                for item, text in (q.items or {}).items():
                    parts = [section.id, q.dimension, item] if q.dimension else [section.id, item]
                    yield ColumnSpec(
                        name="_".join(parts),
                        section=section.id,
                        question=f"{q.number}{item}",
                        text=text,
                        scale=inst.scales[scale_id],
                        dimension=q.dimension,
                        item=item,
                        stem=q.text,
                    )
            else:
                scale = inst.scales[q.scale] if q.scale else Scale(type="text")
                yield ColumnSpec(
                    name=f"{section.id}_{q.id}",
                    section=section.id,
                    question=q.number,
                    text=q.text,
                    scale=scale,
                )
    if inst.allocation is not None:
        yield from _allocation_columns(inst, inst.allocation)


def _allocation_columns(inst: Instrument, allocation: Allocation) -> Iterator[ColumnSpec]:
    titles = {s.id: s.title for s in inst.sections}
    scale = Scale(type="numeric", min=0, max=allocation.total)
    for position, spor in enumerate(inst.allocation_spor()):
        label = (allocation.items or {}).get(spor) or titles.get(spor, spor)
        letter = chr(ord("a") + position) if position < 26 else str(position + 1)
        yield ColumnSpec(
            name=point_column(spor),
            section=ALLOCATION_SECTION,
            question=f"{allocation.number or ''}{letter}",
            text=label,
            scale=scale,
            item=spor,
            stem=allocation.question,
        )


# -- loading and validation -------------------------------------------------------------------

_DANISH_MESSAGES = {
    "missing": "feltet mangler",
    "extra_forbidden": "ukendt felt",
    "string_type": "skal være en tekst",
    "int_type": "skal være et heltal",
    "int_parsing": "skal være et heltal",
    "dict_type": "skal være en liste af navn: værdi",
    "tuple_type": "skal være en liste",
    "model_type": "skal være en gruppe af felter",
    "too_short": "må ikke være tom",
    "string_too_short": "må ikke være tom",
    "string_pattern_mismatch": "må kun indeholde små bogstaver a–z og cifre og skal starte med et bogstav",
    "literal_error": "er ikke en tilladt værdi",
    "bool_type": "skal være ja/nej (true/false)",
}


def _describe_type_error(err: dict[str, Any]) -> str:
    message = _DANISH_MESSAGES.get(err["type"], err["msg"])
    if err["type"] == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        message += f" (tilladt: {expected})"
    return message


def _format_path(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(roden)"


class _Located:
    """Maps a path inside a YAML document to its line number."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        self.inherited: set[str] = set()
        """Top-level keys taken from the ``extends:`` parent (they have no line in this file)."""
        try:
            node = yaml.compose(text)
        except yaml.YAMLError:
            return
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple[Any, ...]) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                self.lines.setdefault((*path, key_node.value), key_node.start_mark.line + 1)
                self._walk(value_node, (*path, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                self._walk(child, (*path, i))

    def line(self, path: tuple[Any, ...]) -> int | None:
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return None


def _fail(source: str, located: _Located, problems: list[tuple[tuple[Any, ...], str]],
          inherited: str = "") -> NoReturn:
    lines = []
    for path, message in problems:
        if path and path[0] in located.inherited:
            lines.append(f"  • {_format_path(path)}{inherited}: {message}")
            continue
        line = located.line(path)
        at = f"linje {line}, " if line else ""
        lines.append(f"  • {at}{_format_path(path)}: {message}")
    raise InstrumentError(
        f"Instrumentfilen {source} kan ikke bruges ({len(problems)} fejl):\n" + "\n".join(lines)
    )


def _cross_check(inst: Instrument) -> list[tuple[tuple[Any, ...], str]]:
    """Checks that need the whole instrument: references, unique ids, paired items."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    for sid, scale in inst.scales.items():
        at = ("scales", sid)
        if scale.type == "numeric":
            if scale.min is None or scale.max is None:
                problems.append((at, "en numerisk skala skal have både min og max"))
            elif scale.min >= scale.max:
                problems.append((at, f"min ({scale.min}) skal være mindre end max ({scale.max})"))
            if scale.options:
                problems.append(((*at, "options"), "en numerisk skala har ikke options"))
        elif scale.type in ("likert", "choice"):
            codes = [o.code for o in scale.options or ()]
            if len(codes) < 2:
                problems.append((at, f"en {scale.type}-skala skal have mindst to options"))
            elif len(set(codes)) != len(codes):
                problems.append(((*at, "options"), "to svarmuligheder har samme kode"))
        if scale.top_box is not None:
            if scale.type not in ("likert", "choice", "yesno"):
                problems.append(((*at, "top_box"), f"top_box bruges kun ved likert-, choice- og yesno-skalaer, "
                                                   f"ikke {scale.type}"))
            elif not scale.top_box or set(scale.top_box) - set(scale.codes):
                problems.append(((*at, "top_box"), "top_box skal nævne en eller flere af skalaens koder"))
        if scale.diverging and scale.type != "likert":
            problems.append(((*at, "diverging"), "diverging bruges kun ved likert-skalaer"))
        if scale.type in ("likert", "choice", "yesno", "text") and (
            scale.min is not None or scale.max is not None
        ):
            problems.append((at, f"min/max bruges kun ved numeriske skalaer, ikke {scale.type}"))
    for did, dim in inst.dimensions.items():
        if not re.match(ID_PATTERN, did):
            problems.append((("dimensions", did), _DANISH_MESSAGES["string_pattern_mismatch"]))
        if dim.scale not in inst.scales:
            problems.append((("dimensions", did, "scale"), f"skalaen «{dim.scale}» findes ikke"))
    if inst.dimensions and len(inst.dimensions) != 2:
        problems.append((("dimensions",), "der skal være præcis to parrede dimensioner (eller ingen)"))
    seen_sections: set[str] = set()
    for si, section in enumerate(inst.sections):
        sat = ("sections", si)
        if section.id in seen_sections:
            problems.append(((*sat, "id"), f"sektionen «{section.id}» findes to gange"))
        seen_sections.add(section.id)
        matrix_items: dict[str, list[str]] = {}
        for qi, q in enumerate(section.questions):
            qat = (*sat, "questions", qi)
            if q.type == "matrix":
                if not q.items:
                    problems.append(((*qat, "items"), "et matrix-spørgsmål skal have items"))
                for item in q.items or {}:
                    if not re.match(ID_PATTERN, item):
                        problems.append(((*qat, "items", item), _DANISH_MESSAGES["string_pattern_mismatch"]))
                if q.dimension:
                    if q.dimension not in inst.dimensions:
                        problems.append(((*qat, "dimension"), f"dimensionen «{q.dimension}» findes ikke"))
                    elif q.dimension in matrix_items:
                        problems.append(((*qat, "dimension"), f"dimensionen «{q.dimension}» spørges to gange"))
                    matrix_items[q.dimension] = list(q.items or {})
                elif not q.scale:
                    problems.append((qat, "et matrix-spørgsmål skal have en dimension eller en scale"))
                if q.scale and q.scale not in inst.scales:
                    problems.append(((*qat, "scale"), f"skalaen «{q.scale}» findes ikke"))
            else:
                if not q.id:
                    problems.append(((*qat, "id"), f"et {q.type}-spørgsmål skal have et id"))
                if q.items or q.dimension:
                    problems.append((qat, f"et {q.type}-spørgsmål har ikke items eller dimension"))
                if q.type == "single":
                    if not q.scale:
                        problems.append(((*qat, "scale"), "et single-spørgsmål skal have en scale"))
                    elif q.scale not in inst.scales:
                        problems.append(((*qat, "scale"), f"skalaen «{q.scale}» findes ikke"))
        item_sets = {tuple(v) for v in matrix_items.values()}
        if len(item_sets) > 1:
            problems.append((sat, "de parrede dimensioner skal have de samme items i samme rækkefølge"))
        if section.overall_item is not None:
            all_items = {i for items in matrix_items.values() for i in items}
            if section.overall_item not in all_items:
                problems.append(((*sat, "overall_item"), f"«{section.overall_item}» er ikke et item i sektionen"))
    problems += _check_allocation(inst)
    if not problems:
        names = [c.name for c in inst.columns()]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            problems.append((("sections",), f"flere spørgsmål giver samme kolonne: {', '.join(dupes)}"))
        clash = sorted(set(names) & set(inst.background))
        if clash:
            problems.append((("background",), f"baggrundskolonner må ikke hedde som svarkolonner: {', '.join(clash)}"))
    if "respondent_id" not in inst.background:
        problems.append((("background",), "respondent_id skal være en baggrundskolonne"))
    return problems


def _check_allocation(inst: Instrument) -> list[tuple[tuple[Any, ...], str]]:
    allocation = inst.allocation
    if allocation is None:
        return []
    problems: list[tuple[tuple[Any, ...], str]] = []
    at = ("allocation",)
    if not 1 <= allocation.total <= MAX_ALLOCATION_TOTAL:
        problems.append(((*at, "total"), f"skal være et heltal fra 1 til {MAX_ALLOCATION_TOTAL}, "
                                         f"ikke {allocation.total}"))
    spor_ids = [s.id for s in inst.spor]
    if allocation.items is not None:
        for spor in allocation.items:
            if spor not in spor_ids:
                known = ", ".join(spor_ids) or "ingen"
                problems.append(((*at, "items", spor), f"«{spor}» er ikke et spor i instrumentet (spor: {known})"))
    chosen = list(allocation.items) if allocation.items is not None else spor_ids
    if len(chosen) < 2:
        problems.append((at, "point fordeles på mindst to spor (sektioner med begge dimensioner)"))
    if ALLOCATION_SECTION in {s.id for s in inst.sections}:
        problems.append((("sections",), f"sektions-id'et «{ALLOCATION_SECTION}» er reserveret til pointfordelingen"))
    return problems


def parse_instrument(text: str, source: str = "<tekst>", *, base: Path | None = None) -> Instrument:
    """Parse and validate an instrument from YAML text; raise InstrumentError naming the place.

    ``base`` is the folder a relative ``extends:`` path is resolved against (default: the current one).
    """
    return _parse(text, source, base, ())


def _parse(text: str, source: str, base: Path | None, chain: tuple[str, ...]) -> Instrument:
    located = _Located(text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"linje {mark.line + 1}, kolonne {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError(
            f"Instrumentfilen {source} er ikke gyldig YAML:\n  • {where}{problem}"
        ) from exc
    if not isinstance(data, dict):
        _fail(source, located, [((), "filen skal indeholde en gruppe af felter (id, title, scales, sections …)")])
    # Keys starting with "_" hold YAML anchors for reuse (e.g. shared question stems).
    data = {k: v for k, v in data.items() if not str(k).startswith("_")}
    inherited = ""
    if "extends" in data:
        parent = _parent(data["extends"], source, located, base, chain)
        own = set(data)
        data = {**parent.model_dump(), **data}
        inherited = f" (arvet fra «{data['extends']}»)"
        located.inherited = {k for k in data if k not in own}
    try:
        inst = Instrument.model_validate(data)
    except ValidationError as exc:
        _fail(source, located, [(tuple(e["loc"]), _describe_type_error(e)) for e in exc.errors()], inherited)
    problems = _cross_check(inst)
    if problems:
        _fail(source, located, problems, inherited)
    return inst


def _parent(ref: object, source: str, located: _Located, base: Path | None, chain: tuple[str, ...]) -> Instrument:
    """The instrument named by ``extends:`` (a built-in id or a path relative to ``base``)."""
    at = ("extends",)
    if not isinstance(ref, str) or not ref.strip():
        _fail(source, located, [(at, "skal være id'et på et indbygget instrument eller en sti til en YAML-fil")])
    ref = ref.strip()
    builtin = ref in builtin_instrument_ids()
    path = None if builtin else ((base or Path.cwd()) / ref).resolve()
    key = f"builtin:{ref}" if builtin else str(path)
    if key in chain or len(chain) >= MAX_EXTENDS_DEPTH:
        _fail(source, located, [(at, f"«{ref}» bygger (direkte eller indirekte) på sig selv")])
    if builtin:
        resource = resources.files(BUILTIN_PACKAGE) / f"{ref}.yaml"
        return _parse(resource.read_text(encoding="utf-8"), f"{ref}.yaml", None, (*chain, key))
    if path is None or not path.is_file():
        known = ", ".join(builtin_instrument_ids())
        _fail(source, located, [(at, f"«{ref}» er hverken et indbygget instrument ({known}) eller en fil")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(source, located, [(at, f"«{ref}» kan ikke læses ({exc})")])
    return _parse(text, str(path), path.parent, (*chain, key))


def load_instrument_file(path: str | Path) -> Instrument:
    """Load an instrument from a YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InstrumentError(f"Instrumentfilen {path} findes ikke.") from exc
    except UnicodeDecodeError as exc:
        raise InstrumentError(f"Instrumentfilen {path} er ikke gemt som UTF-8.") from exc
    return _parse(text, str(path), path.parent, (str(path.resolve()),))


def builtin_instrument_ids() -> list[str]:
    """Ids of the instruments shipped with Frisat."""
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def _load_builtin(instrument_id: str) -> Instrument:
    resource = resources.files(BUILTIN_PACKAGE) / f"{instrument_id}.yaml"
    return _parse(resource.read_text(encoding="utf-8"), f"{instrument_id}.yaml", None, (f"builtin:{instrument_id}",))


def get_instrument(id_or_path: str | Path = DEFAULT_INSTRUMENT) -> Instrument:
    """A built-in instrument by id, or an instrument file by path."""
    name = str(id_or_path)
    if name in builtin_instrument_ids():
        return _load_builtin(name)
    if name.endswith((".yaml", ".yml")) or Path(name).exists():
        return load_instrument_file(name)
    known = ", ".join(builtin_instrument_ids())
    raise InstrumentError(f"Ukendt instrument «{name}». Indbyggede instrumenter: {known}.")
