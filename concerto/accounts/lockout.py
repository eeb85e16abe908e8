"""django-axes integration with allauth's e-mail login, and the lock status shown to the coordinator."""

from django.conf import settings
from django.utils import timezone


def username_from_request(request, credentials) -> str | None:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login")
    return value.strip().lower() if value else None


def locked_until(emails: list[str]) -> dict[str, object]:
    """Maps each locked e-mail to the time its lock ends (one query for the whole list)."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        username__in=emails, failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )
    return {a.username: a.attempt_time + settings.AXES_COOLOFF_TIME for a in attempts}


def unlock(email: str) -> None:
    from axes.utils import reset

    reset(username=email)
