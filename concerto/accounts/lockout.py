"""django-axes integration with allauth's e-mail login, and the lock status shown to the coordinator.

Wrong passwords reach axes through Django's `user_login_failed` signal (sent by `authenticate`). Wrong second-factor
codes do not go through `authenticate`: allauth.mfa sends its own `authentication_failed` signal, which
`record_second_factor_failure` forwards to axes as a failed login of the pending account — the same counter, the
same limit (AXES_FAILURE_LIMIT) and the same lock as passwords, shown and lifted on the Membres page. A locked
account cannot finish a pending login either: the code forms (`forms.MfaAuthenticateForm`, set in MFA_FORMS) ask
`second_factor_locked` first.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone


def username_from_request(request, credentials) -> str | None:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login")
    return value.strip().lower() if value else None


def _credentials(user) -> dict:
    return {"username": user.email}


def record_second_factor_failure(sender, request=None, user=None, **kwargs) -> None:
    """Receiver of allauth.mfa's `authentication_failed` (a wrong TOTP or recovery code, at login or at
    reauthentication): one more failed login for the account, as a wrong password would count."""
    if request is None or user is None:
        return
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def second_factor_locked(request, user) -> bool:
    """Whether the account is locked; if so, the request is flagged so that AxesMiddleware answers with the
    lockout page (429), as it does for a password typed on a locked account."""
    if not getattr(settings, "AXES_ENABLED", True) or request is None:
        return False
    from axes.handlers.proxy import AxesProxyHandler

    credentials = _credentials(user)
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return True


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
