"""Every Django form on the staff pages in the markup of Det Fælles Designsystem, from one place.

``FORM_RENDERER`` points here: :class:`FdsBoundField` gives each widget its FDS class (``form-input``,
``form-select``, ``form-radio``, ``form-checkbox``) and ``{{ field.as_field_group }}`` renders the
template ``forms/fds_field.html`` (form-group, label, hint, error message; radios and checkboxes in a
fieldset). Templates include ``staff/_field.html``, which is just that.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),  # also SelectMultiple
    (forms.FileInput, "form-file"),
    (forms.Textarea, "form-input"),
    (Input, "form-input"),
)
"""The first class whose widget type matches (subclasses before their bases)."""


def fds_class(widget: forms.Widget) -> str:
    """The FDS class for ``widget`` ('' for a hidden input)."""
    if widget.is_hidden:
        return ""
    return next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "")


class FdsBoundField(BoundField):
    """A bound field whose widget carries its FDS class besides any class of its own."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        css = fds_class(widget or self.field.widget)
        if css:
            own = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{css} {own}".strip() if css not in own.split() else own
        return attrs


class FdsFormRenderer(TemplatesSetting):
    """The project's templates (``forms/fds_field.html``) with Django's widget templates."""

    field_template_name = "forms/fds_field.html"
    bound_field_class = FdsBoundField
