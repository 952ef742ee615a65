"""The kommune's logo on the survey pages: an optional PNG or JPEG of at most 200 KB and
1200 × 1200 pixels, checked by its content (not its name), stored under ``DATA_DIR/logoer`` with a
name Frisat chooses, and served by :func:`logo_view` with its checked type, ``nosniff`` and a
strict CSP (an uploaded file never runs as a page or a script). SVG is refused: it can hold script.
"""

from __future__ import annotations

import io
import time
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MAX_BYTES = 200 * 1024
MAX_PIXELS = 1200
TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}


@deconstructible
class LogoStorage(FileSystemStorage):
    """Files under DATA_DIR/logoer (read from the settings when used, so tests can move it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self):  # type: ignore[override]
        return settings.DATA_DIR / "logoer"

    @property
    def location(self):  # type: ignore[override]
        return str(self.base_location)


def logo_name(instance: object, filename: str) -> str:
    """A fresh name (the uploaded name is never used: no path tricks, no cache of an old logo)."""
    kind = getattr(instance, "_logo_extension", "png")
    return f"{uuid.uuid4().hex}.{kind}"


def check_logo(upload) -> str:
    """The logo's content type; a Danish ValidationError when it is too big, not a PNG/JPEG or too large."""
    from PIL import Image

    if upload.size > MAX_BYTES:
        raise ValidationError(_("Logoet fylder %(size)d KB; det må højst fylde %(limit)d KB.")
                              % {"size": -(-upload.size // 1024), "limit": MAX_BYTES // 1024})
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in TYPES:
                raise ValidationError(_("Logoet skal være en PNG- eller JPEG-fil."))
            if width > MAX_PIXELS or height > MAX_PIXELS:
                raise ValidationError(_("Logoet er %(w)d × %(h)d pixel; det må højst være %(max)d × %(max)d.")
                                      % {"w": width, "h": height, "max": MAX_PIXELS})
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow's errors for a broken or unknown file
        raise ValidationError(_("Logoet skal være en PNG- eller JPEG-fil.")) from exc
    return TYPES[kind][0]


@dataclass(frozen=True)
class Header:
    name: str
    logo_url: str | None


_HEADERS: dict[int, tuple[float, Header]] = {}
HEADER_SECONDS = 60.0
"""The survey pages look the header up at most once a minute per process (the survey's query budget)."""


def survey_header(municipality_id: int) -> Header:
    """The kommune's name and logo URL for the survey pages, cached for :data:`HEADER_SECONDS`."""
    from django.urls import reverse

    Municipality = apps.get_model("organisations", "Municipality")
    now = time.monotonic()
    cached = _HEADERS.get(municipality_id)
    if cached is not None and now - cached[0] < HEADER_SECONDS:
        return cached[1]
    row = Municipality.objects.filter(pk=municipality_id).values("name", "logo").first() or {"name": "", "logo": ""}
    logo = reverse("organisations:logo", args=[municipality_id, row["logo"]]) if row["logo"] else None
    header = Header(row["name"], logo)
    _HEADERS[municipality_id] = (now, header)
    return header


def forget_header(municipality_id: int) -> None:
    _HEADERS.pop(municipality_id, None)


def logo_view(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """The logo (public: it is shown to respondents without a login); 404 unless ``name`` is current."""
    Municipality = apps.get_model("organisations", "Municipality")
    municipality = Municipality.objects.filter(pk=pk).only("logo").first()
    if municipality is None or not municipality.logo or municipality.logo.name != name:
        raise Http404
    extension = name.rsplit(".", 1)[-1]
    content_type = {"png": "image/png", "jpg": "image/jpeg"}.get(extension)
    if content_type is None:
        raise Http404
    try:
        handle = municipality.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400, immutable"  # a new logo gets a new name
    return response
