"""What the PDF documents sent out of Concerto share (record of decisions, subject-access export): French dates and
times in the council's local time, and the letterhead of the council that sends them.

Core imports no domain app: the council is passed in and only its `name`, `legal_form`, `contact_email` and `logo`
are read."""

import base64
import datetime
import mimetypes

from django.utils import formats, timezone, translation


def local(value):
    """An aware datetime in the local time zone (Europe/Paris); dates and naive values are returned as they are."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def french_time(value) -> str:
    """ "9 h 30", "12 h" (French typographic usage), in local time."""
    value = local(value)
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def french_date(value, *, weekday: bool = True) -> str:
    """ "mardi 12 janvier 2027" ("1er" for the first of the month), in local time."""
    value = local(value)
    with translation.override("fr"):
        text = formats.date_format(value, "l j F Y" if weekday else "j F Y")
    if value.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def french_datetime(value, *, weekday: bool = True) -> str:
    """ "mardi 12 janvier 2027 à 9 h 30"."""
    return f"{french_date(value, weekday=weekday)} à {french_time(value)}"


def french_span(starts_at, ends_at) -> str:
    """ "mardi 12 janvier 2027, 9 h 30 – 12 h" (or both days when the session runs past midnight)."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        return f"{french_date(start)}, {french_time(start)} – {french_time(end)}"
    return f"{french_datetime(start)} – {french_datetime(end)}"


def logo_data_uri(council) -> str:
    """The council's logo embedded in the document (a `data:` URI, whatever the storage), or "" when it has none or
    it cannot be read: the letterhead then shows the council's name only."""
    if not council.logo:
        return ""
    try:
        with council.logo.open("rb") as stored:
            content = stored.read()
    except (OSError, ValueError):
        return ""
    kind = mimetypes.guess_type(council.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def letterhead(council) -> dict:
    """The sender of a document: the council's name, its legal structure, its contact address and its logo."""
    return {
        "name": council.name,
        "legal_form": council.legal_form,
        "contact_email": council.contact_email,
        "logo": logo_data_uri(council),
    }
