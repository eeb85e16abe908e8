"""Small helpers shared by several apps."""

import calendar
import hashlib
from datetime import date

from django.conf import settings


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the end of shorter months (31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def token_hash(token: str) -> str:
    """What is stored of a secret link token (invitations, secure links, poll links): its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def site_url(path: str) -> str:
    """The public address of a path, from CONCERTO_SITE_URL: links handed to people (e-mails, a secure link shown once
    to copy) must not depend on the host name the request happened to use."""
    return settings.CONCERTO_SITE_URL.rstrip("/") + path
