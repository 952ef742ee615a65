"""Placeholders in the editable mail texts: which there are, checking a text, filling one in.

A placeholder is a name in braces, e.g. ``{link}``. Filling in is a single pass, so a value that
itself contains braces (a unit called «{link}») is never filled in again. A line whose only
placeholder is ``{kontakt}`` is left out when no contact person is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS: dict[str, str] = {
    "kommune": _("Kommunens navn, fx «Rebild Kommune» (også afsenderen)."),
    "maaling": _("Målingens navn."),
    "enhed": _("Modtagerens enhed, fx «Skørping Skole»."),
    "gruppe": _("Modtagerens respondentgruppe, fx «medarbejder»."),
    "frist": _("Svarfristen, fx «til og med 28. december 2026»."),
    "link": _("Modtagerens personlige link (skal stå i teksten; aldrig i emnet). I en påmindelse til en, "
              "der er gået i gang, står her i stedet, at de skal fortsætte med linket fra den tidligere mail."),
    "kontakt": _("Kontaktpersonen, som du skriver ved udsendelsen (linjen udelades, hvis feltet er tomt)."),
}
"""Name → what it becomes (shown on the edit page, in the page's language)."""

REQUIRED_IN_BODY = "link"
NOT_IN_SUBJECT = frozenset({"link"})
_PATTERN = re.compile(r"\{([^{}\n]{0,40})\}")
_ANY_BRACES = re.compile(r"\{([^{}\n]*)\}")
"""Any text in braces, however long: refused unless it is a known placeholder (``{kommune.__class__.…}``
or ``{link!r}`` is never a format field; filling in is plain substitution, never ``str.format``)."""


def names_in(text: str) -> list[str]:
    """The placeholder names used in ``text`` (in order, repeated as often as they occur)."""
    return [match.group(1).strip() for match in _PATTERN.finditer(text)]


def _unknown(text: str) -> list[str]:
    found = {match.group(1).strip() for match in _ANY_BRACES.finditer(text)}
    return sorted(name if len(name) <= 40 else name[:40] + "…" for name in found if name not in PLACEHOLDERS)


def _quoted(names: list[str]) -> str:
    return ", ".join("{" + name + "}" for name in names)


def subject_problems(subject: str) -> list[str]:
    """Error messages for a subject line, in the active language (empty list: fine)."""
    problems = []
    if "\n" in subject or "\r" in subject:
        problems.append(gettext("Emnet skal stå på én linje."))
    if unknown := _unknown(subject):
        problems.append(gettext("Ukendt pladsholder i emnet: %(unknown)s. Brug kun %(known)s.") % {
            "unknown": _quoted(unknown), "known": _quoted(list(PLACEHOLDERS))})
    if used := sorted(NOT_IN_SUBJECT & set(names_in(subject))):
        problems.append(gettext("%(used)s må ikke stå i emnet: linket er personligt og hører kun til i teksten.")
                        % {"used": _quoted(used)})
    return problems


def body_problems(body: str) -> list[str]:
    """Error messages for a mail body, in the active language (empty list: fine)."""
    problems = []
    if unknown := _unknown(body):
        problems.append(gettext("Ukendt pladsholder i teksten: %(unknown)s. Brug kun %(known)s.") % {
            "unknown": _quoted(unknown), "known": _quoted(list(PLACEHOLDERS))})
    if REQUIRED_IN_BODY not in names_in(body):
        problems.append(gettext("Teksten skal indeholde {link}: uden det kan modtageren ikke åbne spørgeskemaet."))
    return problems


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value (one pass; unknown ones kept)."""
    if not values.get("kontakt"):
        text = "\n".join(line for line in text.split("\n")
                         if not (names_in(line) and set(names_in(line)) == {"kontakt"}))
        text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + ("\n" if text.endswith("\n") else "")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return str(values[name]) if name in values else match.group(0)

    return _PATTERN.sub(replace, text)
