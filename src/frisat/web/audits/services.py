"""Services that change a friktionseftersyn and the register (HackSoft style: views and CLI call these).

Every function validates first and raises :class:`~frisat.web.common.validation.InputErrors` (a
Danish :class:`~frisat.core.errors.FrisatError` carrying one message per field) before anything is
written; writes happen in one transaction. Validation has two parts, each rule in one place: the
services read the input (text stripped of control characters and named in the message, ``7,5`` as
a number, a spor or type by its name); the models hold the rules (choices, ranges, the rules across
fields in ``clean()``, uniqueness and the constraints), run once through :func:`~frisat.web.common.validation.validate`.

The decision log has no update or delete path: a changed decision is recorded with
:func:`revise_decision`, which adds a row superseding the old one.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, ProtectedError
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.audits.models import (
    EXTERNAL_CHOICES,
    SPOR_CHOICES,
    SPOR_IDS,
    Activity,
    Decision,
    Idea,
    Iteration,
    Marking,
    MarkingLink,
    Participant,
    Process,
    Requirement,
)
from frisat.web.common.tokens import hash_token, new_token
from frisat.web.common.validation import InputErrors, validate
from frisat.web.organisations.models import Area, Municipality

# --- validation helpers ---------------------------------------------------------------------------


def clean_text(value: Any, *, label: str, max_length: int | None = None, required: bool = False) -> str:
    """Stripped text without control characters (newlines and tabs allowed); Danish error otherwise."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise FrisatError(f"{label} skal udfyldes.")
    if max_length is not None and len(text) > max_length:
        raise FrisatError(f"{label} er for lang ({len(text)} tegn; højst {max_length}).")
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise FrisatError(f"{label} indeholder ugyldige tegn.")
    return text


def clean_figure(value: Any, *, label: str, max_digits: int = 9) -> Decimal | None:
    """A number with at most two decimals (``"7,5"`` is read as 7.5); blank → ``None``. (That it is
    not negative is the model's rule.)"""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FrisatError(f"{label} skal være et tal.")
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", ".")) if isinstance(value, str) \
            else Decimal(str(value))
    except InvalidOperation:
        raise FrisatError(f"{label} skal være et tal (fx 7,5), ikke «{value}».") from None
    if not number.is_finite():
        raise FrisatError(f"{label} skal være et tal.")
    number = number.quantize(Decimal("0.01"))
    if len(number.as_tuple().digits) > max_digits:
        raise FrisatError(f"{label} er for stor.")
    return number


def _field_max(model: type, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _collect(errors: dict[str, str], name: str, func: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except FrisatError as exc:
        errors[name] = str(exc)
        return None


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise InputErrors(errors)


def _changed(instance: models.Model, values: Mapping[str, Any], errors: dict[str, str] | None = None, *,
             exclude: Iterable[str] = ()) -> None:
    """Validate ``instance`` with ``values`` applied (on a copy, so a refusal leaves it as it was), then
    apply them."""
    candidate = copy.copy(instance)
    for name, value in values.items():
        setattr(candidate, name, value)
    validate(candidate, errors, exclude=exclude)
    for name, value in values.items():
        setattr(instance, name, value)


# --- processes ------------------------------------------------------------------------------------

_PROCESS_TEXT = {"name": "Navnet", "purpose": "Formålet", "start": "Start", "end": "Slut", "owner": "Ejeren"}


def _process_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name in _PROCESS_TEXT:
            clean[name] = _collect(errors, name, clean_text, value, label=_PROCESS_TEXT[name],
                                   max_length=_field_max(Process, name), required=name == "name")
        elif name in ("area", "status"):
            clean[name] = value
        else:
            raise TypeError(f"unknown process field {name!r}")
    return clean, errors


def create_process(*, municipality: Municipality, name: str, purpose: str = "", start: str = "", end: str = "",
                   owner: str = "", area: Area | None = None,
                   created_by: AbstractBaseUser | None = None) -> Process:
    """Start a friktionseftersyn of one process (status kortlægning)."""
    values, errors = _process_values({"name": name, "purpose": purpose, "start": start, "end": end,
                                      "owner": owner, "area": area})
    process = Process(municipality=municipality, created_by=created_by, **values)
    validate(process, errors, exclude=("municipality", "created_by"))
    process.save()
    return process


def update_process(process: Process, **changes: Any) -> Process:
    """Change any of name, purpose, start, end, owner, omraade, status."""
    values, errors = _process_values(changes)
    _changed(process, values, errors, exclude=("municipality", "created_by"))
    process.save(update_fields=[*values, "updated_at"])
    return process


def set_process_status(process: Process, status: str) -> Process:
    return update_process(process, status=status)


# --- activities -----------------------------------------------------------------------------------

_ACTIVITY_TEXT = {"description": "Aktiviteten", "channel": "Kanalen", "performed_by": "Udføres af"}
_FIGURE_LABELS = {
    "minutes_per_occurrence": "Minutter pr. gang",
    "occurrences_per_year": "Antal gange pr. år",
    "people": "Antal personer",
    "after_minutes_per_occurrence": "Minutter pr. gang efter",
    "after_occurrences_per_year": "Antal gange pr. år efter",
    "after_people": "Antal personer efter",
}


def _figure_value(errors: dict[str, str], name: str, value: Any) -> Decimal | None:
    digits = Activity._meta.get_field(name).max_digits
    return _collect(errors, name, clean_figure, value, label=_FIGURE_LABELS[name], max_digits=digits)


def _activity_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name in _ACTIVITY_TEXT:
            clean[name] = _collect(errors, name, clean_text, value, label=_ACTIVITY_TEXT[name],
                                   max_length=_field_max(Activity, name), required=name == "description")
        elif name in ("minutes_per_occurrence", "occurrences_per_year", "people"):
            clean[name] = _figure_value(errors, name, value)
        else:
            raise TypeError(f"unknown activity field {name!r} (after figures are set by a decision)")
    return clean, errors


_SHIFT = 1_000_000
"""Orders are moved out of the way by this much before renumbering (order is unique per process)."""


def _renumber(process: Process, ids: list[int]) -> None:
    """Give the process's activities ``ids`` the orders 1..n in that sequence."""
    Activity.objects.filter(process=process).update(order=F("order") + _SHIFT)
    for position, pk in enumerate(ids, start=1):
        Activity.objects.filter(pk=pk).update(order=position)


def _lock(process: Process) -> list[int]:
    """Lock the process row (serialises reordering) and return its activity ids in order."""
    Process.objects.select_for_update().filter(pk=process.pk).first()
    return list(Activity.objects.filter(process=process).order_by("order").values_list("pk", flat=True))


def _check_position(position: int, count: int) -> int:
    if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= count:
        raise FrisatError(f"Placeringen skal være et tal fra 1 til {count}.")
    return position


def add_activity(process: Process, *, description: str, channel: str = "", performed_by: str = "",
                 minutes_per_occurrence: Any = None, occurrences_per_year: Any = None, people: Any = None,
                 position: int | None = None, requirements: Iterable[Requirement] = ()) -> Activity:
    """Add an activity at the end of the journey, or at ``position`` (1 = first; later ones move down)."""
    values, errors = _activity_values({"description": description, "channel": channel, "performed_by": performed_by,
                                       "minutes_per_occurrence": minutes_per_occurrence,
                                       "occurrences_per_year": occurrences_per_year, "people": people})
    validate(Activity(process=process, order=1, **values), errors, exclude=("process", "order"))
    requirements = list(requirements)
    _check_requirements(process, requirements)
    with transaction.atomic():
        ids = _lock(process)
        if position is not None:
            _check_position(position, len(ids) + 1)
        activity = Activity.objects.create(process=process, order=len(ids) + _SHIFT + 1, **values)
        if position is None:
            position = len(ids) + 1
        ids.insert(position - 1, activity.pk)
        _renumber(process, ids)
        if requirements:
            activity.requirements.set(requirements)
    activity.refresh_from_db()
    return activity


def update_activity(activity: Activity, **changes: Any) -> Activity:
    """Change description, channel, performed_by or the three before figures (the after figures
    are set by a *forandres* decision)."""
    values, errors = _activity_values(changes)
    _changed(activity, values, errors, exclude=("process", "order"))
    activity.save(update_fields=[*values, "updated_at"])
    return activity


def move_activity(activity: Activity, position: int) -> Activity:
    """Move the activity to ``position`` (1 = first); the others close up, so orders stay 1..n."""
    with transaction.atomic():
        ids = _lock(activity.process)
        _check_position(position, len(ids))
        ids.remove(activity.pk)
        ids.insert(position - 1, activity.pk)
        _renumber(activity.process, ids)
    activity.refresh_from_db()
    return activity


def delete_activity(activity: Activity) -> None:
    """Delete an activity and its markings; refused once a decision about it is in the log."""
    process, pk = activity.process, activity.pk
    try:
        with transaction.atomic():
            ids = _lock(process)
            activity.delete()
            _renumber(process, [other for other in ids if other != pk])
    except ProtectedError:
        raise FrisatError("Aktiviteten kan ikke slettes, fordi der er truffet en beslutning om den; "
                          "beslutningsloggen bevares.") from None


def _check_requirements(process: Process, requirements: Iterable[Requirement]) -> None:
    for requirement in requirements:
        if requirement.municipality_id != process.municipality_id:
            raise FrisatError(f"Kravet «{requirement.title}» hører til en anden kommune.")


def set_activity_requirements(activity: Activity, requirements: Iterable[Requirement]) -> Activity:
    """Link the activity to the register items behind it (its origin); replaces the earlier links."""
    requirements = list(requirements)
    _check_requirements(activity.process, requirements)
    activity.requirements.set(requirements)
    return activity


# --- the register ---------------------------------------------------------------------------------

_REQUIREMENT_TEXT = {"title": "Titlen", "description": "Beskrivelsen", "reference": "Hjemmel/reference",
                     "tilbageloeb": "Hvem bruger det", "owner": "Ansvarlig", "code": "Id'et"}
_CODE_RE = re.compile(r"^[\w.\-/]+$")


def clean_spor(value: Any) -> list[str]:
    """A list of spor ids from ids or short titles (a list, or text separated by comma/semicolon)."""
    if value is None:
        return []
    items = re.split(r"[,;]", value) if isinstance(value, str) else list(value)
    by_name = {label.casefold(): key for key, label in SPOR_CHOICES} | {key: key for key in SPOR_IDS}
    found: list[str] = []
    unknown: list[str] = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        key = by_name.get(text.casefold())
        if key is None:
            unknown.append(text)
        elif key not in found:
            found.append(key)
    if unknown:
        raise FrisatError(f"Ukendt spor «{', '.join(unknown)}»; brug {', '.join(SPOR_IDS)}.")
    return [key for key in SPOR_IDS if key in found]


def clean_code(value: Any) -> str:
    code = clean_text(value, label="Id'et", max_length=_field_max(Requirement, "code"))
    if code and not _CODE_RE.match(code):
        raise FrisatError(f"Id'et «{code}» må kun indeholde bogstaver, tal og - _ . /")
    return code


def _choice(value: Any, choices: type, label: str) -> str:
    text = str(value).strip() if value is not None else ""
    for key, name in choices.choices:
        if text.casefold() in (key.casefold(), str(name).casefold()):
            return key
    allowed = ", ".join(str(name) for _, name in choices.choices)
    raise FrisatError(f"{label} «{text}» er ukendt; brug {allowed}.")


def requirement_values(municipality: Municipality, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check register fields; returns (clean values, {field: Danish message}) — used by services and import."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name == "code":
            clean[name] = _collect(errors, name, clean_code, value)
        elif name in _REQUIREMENT_TEXT:
            clean[name] = _collect(errors, name, clean_text, value, label=_REQUIREMENT_TEXT[name],
                                   max_length=_field_max(Requirement, name), required=name == "title")
        elif name == "kind":
            clean[name] = _collect(errors, name, _choice, value, Requirement.Kind, "Typen")
        elif name == "source_type":
            clean[name] = _collect(errors, name, _choice, value, Requirement.SourceType, "Oprindelsen")
        elif name == "tilbageloeb_status":
            clean[name] = _collect(errors, name, _choice, value, Requirement.Use, "Tilbageløbet")
        elif name == "hegnspael":
            if not isinstance(value, bool):
                errors[name] = "Hegnspæl skal være ja eller nej."
            clean[name] = value
        elif name == "spor":
            clean[name] = _collect(errors, name, clean_spor, value)
        elif name == "area":
            clean[name] = value  # belongs to the kommune: the model's rule (Requirement.clean)
        elif name == "external":  # issue 15 item 5
            if value not in ("", *dict(EXTERNAL_CHOICES)):
                errors[name] = "Ukendt tilstand for beslutning uden for kommunen."
            clean[name] = value
        elif name == "external_expires_on":  # issue 15 item 5
            clean[name] = value or None
        else:
            raise TypeError(f"unknown requirement field {name!r}")
    return clean, errors


def next_requirement_code(municipality: Municipality, taken: Iterable[str] = ()) -> str:
    """The next free id of the form ``R-0001`` in the kommune's register."""
    numbers = [int(m.group(1)) for code in [*Requirement.objects.filter(municipality=municipality)
                                            .values_list("code", flat=True), *taken]
               if (m := re.fullmatch(r"R-(\d+)", code))]
    return f"R-{max(numbers, default=0) + 1:04d}"


def create_requirement(municipality: Municipality, *, title: str, kind: str = Requirement.Kind.RULE,
                       source_type: str = Requirement.SourceType.UNKNOWN, reference: str = "",
                       hegnspael: bool = False, tilbageloeb_status: str = Requirement.Use.UNKNOWN,
                       tilbageloeb: str = "", spor: Iterable[str] | str = (), area: Area | None = None,
                       owner: str = "", description: str = "", code: str = "", external: str = "",
                       external_expires_on: Any = None) -> Requirement:
    """Add an item to the kommune's register; ``code`` defaults to the next ``R-nnnn``."""
    values, errors = requirement_values(municipality, {
        "code": code, "title": title, "kind": kind, "source_type": source_type, "reference": reference,
        "hegnspael": hegnspael, "tilbageloeb_status": tilbageloeb_status, "tilbageloeb": tilbageloeb,
        "spor": spor, "area": area, "owner": owner, "description": description,
        "external": external, "external_expires_on": external_expires_on})
    # A blank id gets the next free one below, under the lock.
    blank_code = () if values.get("code") else ("code",)
    validate(Requirement(municipality=municipality, **values), errors, exclude=("municipality", *blank_code))
    try:
        with transaction.atomic():
            Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
            values["code"] = values["code"] or next_requirement_code(municipality)
            return Requirement.objects.create(municipality=municipality, **values)
    except IntegrityError as exc:
        raise FrisatError("Registret blev ændret samtidig af en anden. Prøv igen.") from exc


def update_requirement(requirement: Requirement, **changes: Any) -> Requirement:
    """Change any register field (code, title, kind, source_type, reference, hegnspael, …)."""
    values, errors = requirement_values(requirement.municipality, changes)
    if "code" in values and not values["code"]:
        errors["code"] = "Id'et skal udfyldes."
    _changed(requirement, values, errors, exclude=("municipality",))
    requirement.save(update_fields=[*values, "updated_at"])
    return requirement


# --- employee marking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedMarkingLink:
    link: MarkingLink
    token: str
    """Shown once (put it in the URL); only its hash is stored."""


@dataclass(frozen=True)
class JoinedParticipant:
    participant: Participant
    key: str
    """Kept by the employee's browser (e.g. in the session); only its hash is stored."""


def create_marking_link(process: Process, *, label: str = "", anonymous: bool = True,
                        created_by: AbstractBaseUser | None = None) -> IssuedMarkingLink:
    """A link for employees to mark the process's activities (one link shared by a whole workshop)."""
    label = clean_text(label, label="Betegnelsen", max_length=_field_max(MarkingLink, "label"))
    if process.status == Process.Status.DONE:
        raise FrisatError("Eftersynet er afsluttet; der kan ikke oprettes nye links.")
    link = MarkingLink(process=process, label=label, anonymous=anonymous, created_by=created_by)
    token = link.set_new_token()
    link.save()
    return IssuedMarkingLink(link, token)


def close_marking_link(link: MarkingLink) -> MarkingLink:
    """Stop the link from accepting markings (existing markings stay)."""
    if link.closed_at is None:
        link.closed_at = timezone.now()
        link.save(update_fields=["closed_at"])
    return link


def _check_open(link: MarkingLink) -> None:
    if link.closed_at is not None:
        raise FrisatError("Linket er lukket; der kan ikke markeres flere aktiviteter.")
    if link.process.status == Process.Status.DONE:
        raise FrisatError("Eftersynet er afsluttet; der kan ikke markeres flere aktiviteter.")


def join_marking(link: MarkingLink, *, name: str = "") -> JoinedParticipant:
    """Make a new participant (pseudonym «Deltager n») for one employee's browser.

    On an anonymous link no name is stored, whatever is passed.
    """
    _check_open(link)
    name = "" if link.anonymous else clean_text(name, label="Navnet", max_length=_field_max(Participant, "name"))
    key = new_token()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Process.objects.select_for_update().filter(pk=link.process_id).first()
                number = (Participant.objects.filter(process_id=link.process_id)
                          .aggregate(n=Max("number"))["n"] or 0) + 1
                participant = Participant.objects.create(link=link, process_id=link.process_id, number=number,
                                                         key_hash=hash_token(key), name=name)
            return JoinedParticipant(participant, key)
        except IntegrityError:  # a concurrent join took the number (no row lock on SQLite)
            continue
    raise FrisatError("Mange deltagere kom ind på samme tid. Prøv igen.")


_MARKING_TEXT = {"category_other": "Den egne kategori", "comment": "Kommentaren"}


def mark_activity(participant: Participant, activity: Activity, *, kind: str, category: str = "",
                  category_other: str = "", comment: str = "") -> Marking:
    """Record (or change) the participant's marking of ``kind`` on the activity."""
    _check_open(participant.link)
    if activity.process_id != participant.process_id:
        raise FrisatError("Aktiviteten hører ikke til dette eftersyn.")
    errors: dict[str, str] = {}
    texts = {name: _collect(errors, name, clean_text, value, label=_MARKING_TEXT[name],
                            max_length=_field_max(Marking, name))
             for name, value in (("category_other", category_other), ("comment", comment))}
    if category != Marking.Category.OWN:
        texts["category_other"] = ""
    # The participant's earlier marking of this kind is replaced (below), so no uniqueness check here.
    validate(Marking(activity=activity, participant=participant, kind=kind, category=category, **texts), errors,
             exclude=("activity", "participant"))
    with transaction.atomic():
        marking, _created = Marking.objects.update_or_create(
            activity=activity, participant=participant, kind=kind,
            defaults={"category": category, **texts})
    return marking


def unmark_activity(participant: Participant, activity: Activity, kind: str) -> bool:
    """Remove the participant's own marking; True if there was one."""
    _check_open(participant.link)
    deleted, _ = Marking.objects.filter(participant=participant, activity=activity, kind=kind).delete()
    return bool(deleted)


# --- decisions (append-only log) ------------------------------------------------------------------

_DECISION_LABELS = {
    "outcome": "beslutning", "rationale": "begrundelse", "purpose_explained": "formål forklaret",
    "owner": "ansvarlig", "decided_on": "dato", "after_minutes_per_occurrence": "minutter pr. gang efter",
    "after_occurrences_per_year": "antal gange pr. år efter", "after_people": "antal personer efter",
}
_AFTER = ("after_minutes_per_occurrence", "after_occurrences_per_year", "after_people")


def _user_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:200]


def _change_note(old: Decision, new: Mapping[str, Any]) -> str:
    changes = []
    for name, label in _DECISION_LABELS.items():
        before, after = getattr(old, name), new[name]
        if before != after:
            if name in ("rationale", "purpose_explained"):
                changes.append(f"{label} ændret")
            else:
                changes.append(f"{label}: {before if before not in (None, '') else '–'} → "
                               f"{after if after not in (None, '') else '–'}")
    return "; ".join(changes) or "registreret igen uden ændringer"


def current_decision_for(*, activity: Activity | None = None,
                         requirement: Requirement | None = None) -> Decision | None:
    """The decision in force for the activity or requirement (the newest not superseded)."""
    target = {"activity": activity} if activity is not None else {"requirement": requirement}
    return Decision.objects.filter(superseded_by__isnull=True, **target).order_by("-created_at", "-pk").first()


def decide(*, activity: Activity | None = None, requirement: Requirement | None = None, outcome: str,
           rationale: str, decided_on: dt.date | None = None, decided_by: AbstractBaseUser | None = None,
           purpose_explained: str = "", owner: str = "", after_minutes_per_occurrence: Any = None,
           after_occurrences_per_year: Any = None, after_people: Any = None) -> Decision:
    """Record a decision about one activity or one requirement.

    If the target already has a decision in force, the new one supersedes it and the log entry
    says what changed. For an activity, *forandres* sets its after figures (a blank after figure
    means that factor is unchanged); *fjernes* and *forankres* clear them. A *hegnspæl* cannot be
    removed, and *forankres* needs the purpose explained to the employees.
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        "outcome": outcome,
        "rationale": _collect(errors, "rationale", clean_text, rationale, label="Begrundelsen", required=True),
        "purpose_explained": _collect(errors, "purpose_explained", clean_text, purpose_explained,
                                      label="Formålet forklaret for medarbejderne"),
        "owner": _collect(errors, "owner", clean_text, owner, label="Ansvarlig",
                          max_length=_field_max(Decision, "owner")),
        "decided_on": decided_on or timezone.localdate(),
    }
    if not isinstance(values["decided_on"], dt.date):
        errors["decided_on"] = "Datoen er ugyldig."
    for name, value in zip(_AFTER, (after_minutes_per_occurrence, after_occurrences_per_year, after_people),
                           strict=True):
        values[name] = _figure_value(errors, name, value)
    # One target, hegnspæl, purpose, after figures: Decision.clean and its constraints.
    validate(Decision(activity=activity, requirement=requirement, **values), errors,
             exclude=("activity", "requirement", "decided_by", "supersedes"))
    with transaction.atomic():
        target_model = Activity if activity is not None else Requirement
        target = activity if activity is not None else requirement
        target_model.objects.select_for_update().filter(pk=target.pk).first()
        previous = current_decision_for(activity=activity, requirement=requirement)
        note = _change_note(previous, values) if previous else "første beslutning"
        try:
            with transaction.atomic():
                decision = Decision.objects.create(activity=activity, requirement=requirement, supersedes=previous,
                                                   decided_by=decided_by, decided_by_name=_user_name(decided_by),
                                                   change_note=note, **values)
        except IntegrityError as exc:  # the previous decision was superseded concurrently
            raise FrisatError("Beslutningen blev ændret samtidig af en anden. Genindlæs siden og prøv igen.") from exc
        if activity is not None:
            for name in _AFTER:
                setattr(activity, name, values[name] if outcome == Decision.Outcome.CHANGE else None)
            activity.save(update_fields=[*_AFTER, "updated_at"])
    return decision


def revise_decision(decision: Decision, *, decided_by: AbstractBaseUser | None = None, **changes: Any) -> Decision:
    """Change a decision by adding a new log entry that supersedes it (the old entry is kept as it was)."""
    if Decision.objects.filter(supersedes=decision).exists():
        raise FrisatError("Beslutningen er allerede erstattet af en nyere; ret den nyeste.")
    unknown = set(changes) - set(_DECISION_LABELS)
    if unknown:
        raise TypeError(f"unknown decision field(s) {sorted(unknown)}")
    values = {name: getattr(decision, name) for name in _DECISION_LABELS}
    values["decided_on"] = None  # today, unless given
    values.update(changes)
    if values["outcome"] != Decision.Outcome.CHANGE and not any(name in changes for name in _AFTER):
        values.update(dict.fromkeys(_AFTER))
    return decide(activity=decision.activity, requirement=decision.requirement, decided_by=decided_by, **values)


# --- ideas and prototypes -------------------------------------------------------------------------

_IDEA_TEXT = {"title": "Titlen", "description": "Beskrivelsen", "owner": "Ansvarlig"}


def _idea_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name in _IDEA_TEXT:
            clean[name] = _collect(errors, name, clean_text, value, label=_IDEA_TEXT[name],
                                   max_length=_field_max(Idea, name), required=name == "title")
        elif name == "status":
            clean[name] = value
        else:
            raise TypeError(f"unknown idea field {name!r}")
    return clean, errors


def _check_activities(process: Process, activities: Iterable[Activity]) -> list[Activity]:
    activities = list(activities)
    if any(a.process_id != process.pk for a in activities):
        raise FrisatError("Idéen kan kun knyttes til aktiviteter i samme proces.")
    return activities


def add_idea(process: Process, *, title: str, description: str = "", owner: str = "",
             status: str = Idea.Status.IDEA, activities: Iterable[Activity] = ()) -> Idea:
    """An idea or prototype for the process, optionally tied to the activities it concerns."""
    values, errors = _idea_values({"title": title, "description": description, "owner": owner, "status": status})
    idea = Idea(process=process, **values)
    validate(idea, errors, exclude=("process",))
    activities = _check_activities(process, activities)
    with transaction.atomic():
        idea.save()
        idea.activities.set(activities)
    return idea


def update_idea(idea: Idea, *, activities: Iterable[Activity] | None = None, **changes: Any) -> Idea:
    values, errors = _idea_values(changes)
    _changed(idea, values, errors, exclude=("process",))
    checked = None if activities is None else _check_activities(idea.process, activities)
    with transaction.atomic():
        idea.save(update_fields=[*values, "updated_at"])
        if checked is not None:
            idea.activities.set(checked)
    return idea


def add_iteration(idea: Idea, *, date: dt.date, tried: str, result: str = "") -> Iteration:
    """One round of trying the idea out: when, what was tried, and what came of it."""
    errors: dict[str, str] = {}
    tried = _collect(errors, "tried", clean_text, tried, label="Hvad blev afprøvet", required=True)
    result = _collect(errors, "result", clean_text, result, label="Resultatet")
    if not isinstance(date, dt.date):
        errors["date"] = "Datoen er ugyldig."
    iteration = Iteration(idea=idea, date=date, tried=tried, result=result)
    validate(iteration, errors, exclude=("idea",))
    iteration.save()
    return iteration
