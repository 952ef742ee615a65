"""Validation once: the models hold the rules (field validators and choices, ``clean()``, uniqueness,
constraints); a service reads its input, runs the model's validation once through
:func:`validate` and gets one Danish message per field, which a page puts on its form with
:func:`add_input_errors` (the CLI prints the whole message)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from frisat.core.errors import FrisatError


class InputErrors(FrisatError):
    """Input refused; ``errors`` maps each field name to a Danish message (``"__all__"``: the whole)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


def validate(instance: models.Model, errors: Mapping[str, str] | None = None, *, exclude: Iterable[str] = ()) -> None:
    """The model's own validation, merged with the input ``errors`` found so far; :class:`InputErrors`
    if there is any.

    Fields that already have an input error are left out, so each field gets one message; so are the
    ``exclude`` fields (set by the code, not typed by anyone: no query to check a foreign key).
    """
    found = dict(errors or {})
    try:
        instance.full_clean(exclude=[*exclude, *found])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            found.setdefault("__all__" if name == NON_FIELD_ERRORS else name, " ".join(messages))
    if found:
        raise InputErrors(found)


def add_input_errors(form: forms.Form, errors: Mapping[str, str], *, fields: Mapping[str, str] | None = None) -> None:
    """Put a service's ``{field: message}`` errors on the form. ``fields`` maps a model field to the form's
    field where the names differ; a field the form does not have becomes a form error."""
    for name, message in errors.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, message)
